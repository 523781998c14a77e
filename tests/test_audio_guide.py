"""The eyes-closed guide as a player hears it: `exhale play --headless --audio-out`, read back from the WAV.

Everything runs on the virtual clock (no wall time). Onsets are found in the samples themselves: the first
sound after at least 3 ms of silence. The pacer's boundaries come from the pacer, not from the game.
"""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.content.loader import load_level
from game.sim.pacer import Pacer
from game.sim.sound_plan import CHIME_HZ, END_HZ, END_S, HOLD_IN_HZ, HOLD_OUT_HZ, SIP_HZ, phase_span

BOX = """id: box-guide
title: Box breathing, eyes closed
pattern: {inhale: 3, hold_in: 2, exhale: 4, hold_out: 2}
cycles: 2
audio_guide: true
goals:
  - {kind: long_exhales, seconds: 3, count: 2}
"""
SIGH = """id: sigh-guide
title: Cyclic sighing, eyes closed
pattern: {inhale: 2.5, exhale: 5, double_inhale: true}
cycles: 2
audio_guide: true
goals:
  - {kind: long_exhales, seconds: 3, count: 2}
"""
CYCLES = 2  # every boundary twice, the second after a whole cycle's sounds; a third adds nothing new
STEP_S = 1 / 60


def level_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / (text.split("\n", 1)[0].removeprefix("id: ") + ".yaml")
    path.write_text(text, encoding="utf-8")
    return path


def calm_keys(tmp_path: Path, level_path: Path) -> str:
    level, _ = load_level(str(level_path))
    assert level is not None
    spans = [(a + 0.1, b - 0.05) for a, b in Pacer(level).exhale_spans()]
    keys = tmp_path / "keys.txt"
    keys.write_text("".join(f"{a:.3f} {b:.3f}\n" for a, b in spans), encoding="utf-8")
    return "keys:" + str(keys)


def play(tmp_path: Path, level_path: Path, spec: str, name: str, settings: dict | None = None):
    """Play headless into `name`.wav; (samples as floats, rate, the report). Not drawn (--no-draw): the sound
    does not depend on the picture (tests/test_no_draw.py), and drawing is most of a headless play's time."""
    data = tmp_path / f"data-{name}"
    if settings is not None:
        data.mkdir(parents=True, exist_ok=True)
        (data / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    out, report = tmp_path / f"{name}.wav", tmp_path / f"{name}.json"
    argv = ["--data-dir", str(data), "play", str(level_path), "--headless", "--no-draw"]
    argv += ["--input", spec]
    assert main([*argv, "--audio-out", str(out), "--report", str(report)]) == 0
    with wave.open(str(out), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(float) / 32767
    return x, rate, json.loads(report.read_text())


@pytest.fixture(scope="module")
def heard(tmp_path_factory):
    """The same play is heard once per module: (level file, samples, rate, report) for a level's text,
    whether the player breathes with the guide (calm keys) or not at all, and the settings."""
    folder = tmp_path_factory.mktemp("heard")
    plays: dict[tuple[str, bool, str], tuple[Path, np.ndarray, int, dict]] = {}

    def get(text: str, *, breathing: bool, settings: dict | None = None):
        key = (text, breathing, json.dumps(settings, sort_keys=True))
        if key not in plays:
            run = folder / f"play-{len(plays)}"
            run.mkdir()
            path = level_file(run, text)
            spec = calm_keys(run, path) if breathing else "keyboard"
            plays[key] = (path, *play(run, path, spec, "out", settings))
        return plays[key]

    return get


def onsets(x: np.ndarray, rate: int, *, threshold: float = 1e-4, quiet_s: float = 0.003) -> list[float]:
    """Seconds into the file where sound starts after at least `quiet_s` of silence."""
    loud = np.abs(x) > threshold
    idx = np.flatnonzero(loud)
    gaps = np.diff(idx, prepend=-(10**9))
    return [i / rate for i in idx[gaps > quiet_s * rate]]


def tone_power(x: np.ndarray, rate: int, at_s: float, hz: float, span_s: float = 0.12) -> float:
    """How strongly `hz` sounds in the `span_s` after `at_s` (a windowed correlation, 0 when absent)."""
    a = int(at_s * rate)
    seg = x[a : a + int(span_s * rate)]
    t = np.arange(seg.size) / rate
    win = np.hanning(seg.size)
    return float(abs(np.sum(seg * win * np.exp(-2j * np.pi * hz * t))) / max(1.0, win.sum()))


def boundaries(level_path: Path) -> list[tuple[str, float]]:
    level, _ = load_level(str(level_path))
    assert level is not None
    pacer = Pacer(level)
    out = []
    for cycle in pacer.cycles:
        for phase in ("inhale", "inhale2", "hold_in", "exhale", "hold_out"):
            if phase == "inhale2" and not cycle.double_inhale:
                continue
            start, end = phase_span(cycle, phase)
            if end - start > 0:
                out.append((phase, start))
    return out


@pytest.mark.parametrize("text", [BOX, SIGH], ids=["box", "cyclic-sighing"])
def test_every_cue_starts_within_20_ms_of_its_pacer_boundary(heard, text):
    # No breath, so no goal chime rings over a boundary: every guide sound here starts out of silence.
    path, x, rate, report = heard(text, breathing=False)
    offset = -report["audio_out"]["starts_at_s"]  # the file starts with the 3-2-1
    found = [t - offset for t in onsets(x, rate)]
    expected = boundaries(path)
    errors = []
    for phase, b in expected:
        near = [t - b for t in found if -0.005 <= t - b <= 0.05]
        assert near, f"no sound starts near the {phase} at {b:.3f} s"
        errors.append(min(near))
    assert max(errors) <= 0.020, errors
    assert min(errors) >= 0.0, "never before its boundary"
    # The 3-2-1 counts are the only other sounds starting from silence before the first inhale.
    counts = [t for t in found if t < 0]
    assert len(counts) == 3 and all(0 < t - b <= 0.020 for t, b in zip(counts, (-3, -2, -1), strict=True))
    print("cue onset error: max", round(max(errors) * 1000, 2), "ms, mean", round(np.mean(errors) * 1000, 2))


def test_hold_and_top_up_markers_sound_at_their_pitch(heard):
    for text, phase, hz in (
        (BOX, "hold_in", HOLD_IN_HZ),
        (BOX, "hold_out", HOLD_OUT_HZ),
        (SIGH, "inhale2", SIP_HZ),
    ):
        path, x, rate, report = heard(text, breathing=False)
        offset = -report["audio_out"]["starts_at_s"]
        starts = [b for p, b in boundaries(path) if p == phase]
        assert len(starts) == CYCLES
        for b in starts:
            at = b + offset + 0.02
            power = tone_power(x, rate, at, hz)
            assert power > 5 * tone_power(x, rate, at, hz * 1.19), (phase, b)  # that note, not a neighbour
            assert power > 5 * tone_power(x, rate, at - 0.3, hz), (phase, b)  # and it starts there


LOUD = {
    "volume": 1.0,
    "ambient": True,
    "guide_volume": 1.0,
    "guide_tones": 1.0,
    "guide_markers": 1.0,
    "guide_chime": 1.0,
    "guide_end": 1.0,
    "guide_echo": 1.0,
}


def test_nothing_clips_even_with_every_part_and_the_volume_at_full(heard):
    _, x, _, report = heard(SIGH, breathing=True, settings=LOUD)
    peak = float(np.abs(x).max())
    assert report["audio_out"]["clipped_samples"] == 0
    assert peak < 0.7, f"peak {peak:.3f}: headroom kept"
    assert report["audio_out"]["peak"] == pytest.approx(peak, abs=1e-3)


def test_the_wav_lasts_the_lead_in_the_session_and_the_end_sound(heard):
    path, x, rate, report = heard(BOX, breathing=False)
    level, _ = load_level(str(path))
    assert level is not None
    expected = 3.0 + Pacer(level).total_s + END_S
    assert x.size / rate == pytest.approx(expected, abs=STEP_S + 1e-3)
    assert report["audio_out"]["seconds"] == pytest.approx(x.size / rate, abs=1e-3)
    assert np.abs(x[-int(0.01 * rate) :]).max() < 1e-3, "the file ends in silence, not mid-sound"


def test_a_goal_met_chimes_and_the_end_is_announced_with_a_chime_per_star(heard):
    path, x, rate, report = heard(BOX, breathing=True)
    _, idle, _, idle_report = heard(BOX, breathing=False)  # no breath at all: no goal
    assert report["stars"] == 1 and idle_report["stars"] == 0
    offset = -report["audio_out"]["starts_at_s"]
    total = Pacer(load_level(str(path))[0]).total_s  # type: ignore[arg-type]
    # The pacer's sounds do not depend on the breath: what the two files do not share is what breathing
    # earned, the goal's chime and the end's star chime.
    earned = x - idle
    starts = [t - offset for t in onsets(earned, rate)]
    second_exhale_end = Pacer(load_level(str(path))[0]).exhale_spans()[1][1]  # type: ignore[arg-type]
    assert len(starts) == 2, starts
    assert second_exhale_end - 0.2 <= starts[0] <= second_exhale_end + 3.0, "the chime, once the goal is met"
    assert tone_power(earned, rate, starts[0] + offset, CHIME_HZ[0]) > 0.01
    assert starts[1] == pytest.approx(total + 2.4, abs=0.02), "one star: one soft chime after the end's notes"
    # The end itself: falling notes from the session's end, with or without stars.
    for data in (x, idle):
        assert tone_power(data, rate, total + offset + 0.02, END_HZ[0]) > 0.005
    assert onsets(idle[int((total + offset - 0.5) * rate) :], rate)[0] == pytest.approx(0.5, abs=0.02)


def test_the_echo_follows_the_players_flow(heard):
    echo_on = {"guide_echo": 1.0}
    path, with_echo, rate, report = heard(BOX, breathing=True, settings=echo_on)
    _, without, _, _ = heard(BOX, breathing=True)
    _, idle_echo, _, _ = heard(BOX, breathing=False, settings=echo_on)
    _, idle_plain, _, _ = heard(BOX, breathing=False)
    echo = with_echo - without  # everything else is the same, sample for sample
    assert np.abs(idle_echo - idle_plain).max() < 1e-4, "no breath, no echo"
    offset = -report["audio_out"]["starts_at_s"]
    level, _ = load_level(str(path))
    spans = Pacer(level).exhale_spans()  # type: ignore[arg-type]

    def rms(a: float, b: float) -> float:
        seg = echo[int((a + offset) * rate) : int((b + offset) * rate)]
        return float(np.sqrt(np.mean(seg**2)))

    inside = [rms(a + 0.5, b - 0.3) for a, b in spans]
    outside = [rms(b + 0.6, b + 1.6) for _, b in spans]
    assert min(inside) > 0.01 and max(outside) < 0.1 * min(inside)
    print("echo rms while breathing out", round(min(inside), 4), "after", round(max(outside), 5))
    # It rises gently: no jump from silence to full within a few milliseconds.
    a = int((spans[0][0] + 0.1 + offset) * rate)
    env = np.abs(echo[a : a + int(0.05 * rate)])
    assert env.max() < 0.5 * min(inside) * 3


def test_the_same_play_sounds_the_same_byte_for_byte(heard, tmp_path):
    """Played again with every part at full (the clipping test's play, so one play less): the echo follows
    the breath and the ambient bed runs, and still the same samples."""
    path, first, _, _ = heard(SIGH, breathing=True, settings=LOUD)
    again, _, _ = play(tmp_path, path, calm_keys(tmp_path, path), "again", LOUD)
    assert first.size == again.size and np.array_equal(first, again)


def test_the_guide_setting_turns_it_on_for_any_level_and_off_means_plain_cues(heard):
    text = BOX.replace("audio_guide: true\n", "")
    _, on, rate, on_report = heard(text, breathing=False, settings={"audio_guide": True})
    _, off, _, off_report = heard(text, breathing=False)
    assert on_report["audio_out"]["guide"] is True and off_report["audio_out"]["guide"] is False
    # Off: only the short plain cue at each inhale and exhale (2 a cycle), none at the holds; no end sound.
    assert off_report["audio_out"]["sounds"] == 2 * CYCLES
    assert on_report["audio_out"]["sounds"] > 4 * CYCLES, on_report["audio_out"]["sounds"]
    _, muted, _, muted_report = heard(text, breathing=False, settings={"audio_guide": True, "muted": True})
    assert muted_report["audio_out"]["sounds"] == 0 and np.abs(muted).max() == 0.0


def test_a_microphone_hearing_the_guide_does_not_take_it_for_breath(heard):
    """Speakers and a microphone in one room: the guide's tones, fed straight into the game's own detector at
    full volume, are (nearly) never an exhale, so the guide cannot breathe for the player."""
    loud = {"volume": 1.0, "guide_volume": 1.0}
    path, _, _, report = heard(BOX, breathing=False, settings=loud)
    from breath_input.evaluate import detect_file  # noqa: PLC0415 - the detector, as `exhale detect` runs it

    segments = detect_file(report["audio_out"]["file"])["segments"]
    offset = -report["audio_out"]["starts_at_s"]
    level, _ = load_level(str(path))
    total = Pacer(level).total_s  # type: ignore[arg-type]
    heard = sum(
        min(s["end_s"], offset + total) - max(s["start_s"], offset)
        for s in segments
        if s["phase"] == "exhale" and s["end_s"] > offset and s["start_s"] < offset + total
    )
    print("guide tones read as exhale:", round(heard, 2), "of", total, "s")
    assert heard <= 0.1 * total, [s for s in segments if s["phase"] == "exhale"]
