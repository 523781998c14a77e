"""The hummed exhale in the detector (issue 13, section 3): in hum mode a steady hum is an exhale, speech
never; without hum mode nothing changes. Seeds here are held out: the hum tracker was tuned on seeds 0-19."""

from __future__ import annotations

import numpy as np
import pytest

from breath_input import synth_audio as sa
from breath_input.detector import BreathDetector
from breath_input.evaluate import score
from breath_input.recorded import RecordedSource
from breath_input.types import BreathReading, Phase

RATE = 16000


def run(
    x: np.ndarray, *, hum: bool, block_s: float = 1.0, log: list[bool] | None = None
) -> tuple[list[BreathReading], BreathDetector]:
    det = BreathDetector(RATE, hum=hum)
    if det.hum_tracker is not None:
        det.hum_tracker.log = log  # each hop: humming or not
    step = int(block_s * RATE)
    readings: list[BreathReading] = []
    for i in range(0, x.size, step):
        readings += det.process(x[i : i + step])
    return readings, det


def sure_exhales(readings: list[BreathReading]) -> list[tuple[float, float, str]]:
    """Exhale spans as the game counts them: confidence >= 0.5, at least 0.3 s."""
    out, start = [], None
    for r in readings:
        on = r.phase is Phase.EXHALE and r.confidence >= 0.5
        if on and start is None:
            start = r.t
        elif not on and start is not None:
            out.append((start, r.t, "exhale"))
            start = None
    return [s for s in out if s[1] - s[0] >= 0.3]


@pytest.mark.parametrize(
    "room",
    [{"noise_db": -65.0}, {"noise_db": -62.0, "distance_db": 18.0, "reverb_s": 0.4}],
    ids=["near", "far"],
)
@pytest.mark.parametrize("seed", [5001, 5002])
def test_hums_are_exhales_in_hum_mode(room, seed):
    x, labels = sa.hummed_exhales(sample_rate=RATE, duration_s=32.0, seed=seed, **room)
    log: list[bool] = []
    readings, det = run(x, hum=True, log=log)
    hums = sure_exhales(
        [
            BreathReading(r.t, Phase.EXHALE if on else Phase.PAUSE, 0, 1)
            for r, on in zip(readings, log, strict=True)
        ]
    )
    assert score(hums, labels)["f1"] >= 0.9  # the hums heard, one for one
    # What the game counts (air exhales too: the air detector may still take a nose inhale for one).
    assert score(sure_exhales(readings), labels)["recall"] >= 0.9
    status = det.hum_status()
    assert status is not None and status.hums == len(hums)


@pytest.mark.parametrize("seed", [5001, 5002, 5003])
def test_speech_is_not_a_hum(seed):
    rng = np.random.default_rng(seed)
    voice, _ = sa.speech(
        sample_rate=RATE, duration_s=20.0, f0_hz=float(rng.uniform(90, 250)), level_db=-24.0, seed=seed
    )
    readings, det = run(sa.in_room(voice, sample_rate=RATE, seed=seed), hum=True)
    tracker = det.hum_tracker
    assert tracker is not None
    air, _ = run(sa.in_room(voice, sample_rate=RATE, seed=seed), hum=False)
    humming = sum(a.phase is Phase.EXHALE and a != b for a, b in zip(readings, air, strict=True))
    assert humming <= 0.02 * len(readings)  # what hum mode adds on speech: at most 2 % of its frames
    status = det.hum_status()
    assert status is not None and status.hums <= 1


def test_a_hum_is_still_not_an_exhale_without_hum_mode():
    # A clean hum (little breath noise in it): the air detector's voice gate holds, as it always did.
    x, labels = sa.hummed_exhales(sample_rate=RATE, duration_s=40.0, breath_db=(-40.0, -34.0), seed=5004)
    readings, det = run(x, hum=False)
    assert det.hum_status() is None and det.hum_tracker is None
    exhales = sure_exhales(readings)
    hummed = sum(b - a for a, b, p in labels if p == "exhale")
    assert sum(b - a for a, b, _ in exhales) < 0.1 * hummed
    heard, _ = run(x, hum=True)
    assert score(sure_exhales(heard), labels)["recall"] >= 0.9


def test_air_mode_readings_are_unchanged_by_the_hum_option_on_breathing():
    # Plain breathing (no voice): hum mode adds nothing and takes nothing away.
    x, _ = sa.breathing(sample_rate=RATE, duration_s=40.0, seed=5005)
    air, _ = run(x, hum=False)
    hum, _ = run(x, hum=True)
    assert air == hum


def test_hum_mode_does_not_depend_on_block_size():
    x, _ = sa.hummed_exhales(sample_rate=RATE, duration_s=20.0, seed=5006)
    logs = []
    for block_s in (1.0, 0.01, 0.0371):
        log: list[bool] = []
        run(x, hum=True, block_s=block_s, log=log)
        logs.append(log)
    assert any(logs[0]) and logs[0] == logs[1] == logs[2]  # the same hum decisions, hop for hop


def test_hum_status_reports_length_pitch_and_loudness():
    x, labels = sa.hummed_exhales(
        sample_rate=RATE, duration_s=14.0, f0_hz=(150.0, 150.0), spans=[(3.0, 9.0)], seed=5007
    )
    det = BreathDetector(RATE, hum=True)
    det.process(x[: 6 * RATE])
    now = det.hum_status()
    assert now is not None and now.humming and now.hums == 1
    det.process(x[6 * RATE :])
    last = det.hum_status()
    assert last is not None and not last.humming
    assert last.length_s == pytest.approx(6.0, abs=0.6)
    assert last.pitch_hz == pytest.approx(150.0, rel=0.05)
    assert last.steadiness > 0.3 and last.pitch_spread_cents < 60
    assert last.level_db > 10.0


def test_a_recording_in_hum_mode_reports_the_hum_in_its_status(tmp_path):
    x, _ = sa.hummed_exhales(sample_rate=RATE, duration_s=10.0, spans=[(2.0, 8.0)], seed=5008)
    path = tmp_path / "hum.wav"
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    hummed = RecordedSource(path, lambda rate: BreathDetector(rate, hum=True))
    plain = RecordedSource(path, lambda rate: BreathDetector(rate))
    assert hummed.read(6.0).phase is Phase.EXHALE
    plain.read(6.0)
    status = hummed.status().hum
    assert status is not None and status.humming
    assert plain.status().hum is None
