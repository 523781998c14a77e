"""The streaming detector and its features: invariants on synthetic signals fed block by block, and
behaviour on real recordings."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from breath_input import features as ft
from breath_input import synth_audio as sa
from breath_input.calibration import CalibrationProfile, calibrate
from breath_input.detector import BreathDetector, estimate_bpm
from breath_input.evaluate import score, segments_from_readings
from breath_input.frame_model import FrameModel, default_model
from breath_input.types import Phase
from breath_input.wavfile import read_wav
from game.sim.breaths import MIN_CONFIDENCE

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RRUJO = SHARED / "breath-data" / "rrujo-dev"


def run(x: np.ndarray, rate: int, block_s: float = 1.0, **kwargs):
    """Readings and detector for `x` fed in `block_s` blocks. Readings are the same whatever the blocks
    (test_same_readings_whatever_the_block_size), so tests not about block size take 1 s ones: cheapest."""
    det = BreathDetector(rate, **kwargs)
    step = max(1, int(round(block_s * rate)))
    out = []
    for i in range(0, len(x), step):
        out.extend(det.process(x[i : i + step]))
    return out, det


def exhales(readings):
    return [s for s in segments_from_readings(readings) if s.phase == "exhale"]


def sure_exhales(readings):
    """Exhales the game acts on: below MIN_CONFIDENCE a stretch is neither rewarded nor penalised."""
    return [s for s in exhales(readings) if s.confidence >= MIN_CONFIDENCE]


@pytest.fixture(scope="module")
def breath60():
    return sa.breathing(sample_rate=16000, duration_s=60.0, bpm=10.0, seed=11)


@pytest.fixture(scope="module")
def live60(breath60):
    """Readings of the 60 s breathing fed in 10 ms blocks, as the microphone does, its labels, and the rate
    the detector gave after the first 20 s (test_same_readings_whatever_the_block_size compares with it)."""
    x, labels = breath60
    det = BreathDetector(16000)
    readings, bpm_at_20s = [], None
    for i in range(0, len(x), 160):
        readings.extend(det.process(x[i : i + 160]))
        if i + 160 == 16000 * 20:
            bpm_at_20s = det.breaths_per_minute()
    return readings, labels, bpm_at_20s


# ---------------------------------------------------------------------------------------------- features


def test_features_of_known_signals():
    rate = 16000
    t = np.arange(512) / rate
    tone = 0.5 * np.sin(2 * np.pi * 1000 * t)
    noise = np.random.default_rng(0).standard_normal(512) * 0.1
    assert ft.rms_db(tone) == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.1)
    power, freqs = ft.power_spectrum(tone, sample_rate=rate)
    assert np.sum(power) == pytest.approx(np.mean(tone**2), rel=0.05)  # scaled to mean-square power
    assert ft.spectral_centroid(power, freqs) == pytest.approx(1000, abs=30)
    npow, _ = ft.power_spectrum(noise, sample_rate=rate)
    assert ft.spectral_flatness(power) < 0.05 < 0.3 < ft.spectral_flatness(npow)
    assert ft.zero_crossing_rate(tone) == pytest.approx(2 * 1000 / rate, abs=0.005)
    click = np.zeros(512)
    click[100:110] = 1.0
    assert ft.crest_factor(click, n_sub=6) == pytest.approx(6, abs=0.01)
    assert ft.crest_factor(noise, n_sub=6) < 2.0
    rumble_over_hiss = ft.band_ratio_db(power, freqs, num_hz=(900, 1100), den_hz=(2000, 6000))
    assert rumble_over_hiss > 30


def test_features_are_vectorised_over_frames():
    frames = np.random.default_rng(1).standard_normal((7, 480))
    batch = ft.rms_db(frames)
    assert batch.shape == (7,)
    np.testing.assert_allclose(batch, [ft.rms_db(f) for f in frames])
    an = ft.FrameAnalyser(sample_rate=16000, frame_len=480)
    feats = an(frames)
    assert feats.band_power.shape == (7, an.n_bands)
    for field in (feats.energy_db, feats.centroid_hz, feats.zcr, feats.crest, feats.periodicity):
        assert field.shape == (7,)


def test_bands_above_nyquist_are_simply_absent():
    power, freqs = ft.power_spectrum(np.ones(64) * 0.1, sample_rate=2000)
    levels, bands = ft.band_energies_db(power, freqs)
    assert levels.shape[-1] == len(bands) and bands[-1][1] <= 1000
    an = ft.FrameAnalyser(sample_rate=4500, frame_len=144)
    assert an.bands[-1][1] <= 2250


def test_periodicity_separates_voice_from_breath():
    an = ft.FrameAnalyser(sample_rate=16000, frame_len=512)
    voice, _ = sa.speech(sample_rate=16000, duration_s=4, seed=3)
    breath, labels = sa.breathing(sample_rate=16000, duration_s=12, seed=3)
    vf = an(np.lib.stride_tricks.sliding_window_view(voice, 512)[::160])
    loud = vf.energy_db > np.percentile(vf.energy_db, 60)
    start, end = next((a, b) for a, b, p in labels if p == "exhale")
    bf = an(
        np.lib.stride_tricks.sliding_window_view(breath[int(start * 16000) : int(end * 16000)], 512)[::160]
    )
    assert np.median(vf.periodicity[loud]) > 0.55 > 0.35 > np.percentile(bf.periodicity, 90)


@pytest.mark.parametrize(
    "call,needle",
    [
        (lambda: ft.rms_db(np.zeros((2, 3, 4))), r"got \(2, 3, 4\)"),
        (lambda: ft.power_spectrum(np.zeros(8), sample_rate=0), "got 0"),
        (lambda: ft.band_energies_db(np.zeros(5), np.arange(5.0), edges_hz=(100, 50)), r"\(100, 50\)"),
        (lambda: ft.crest_factor(np.zeros(4), n_sub=6), "got 6"),
        (lambda: ft.FrameAnalyser(sample_rate=16000, frame_len=8), "got 8"),
    ],
)
def test_feature_errors_quote_the_bad_value(call, needle):
    with pytest.raises(ValueError, match=needle):
        call()


# ---------------------------------------------------------------------------------------------- detector


def test_time_comes_from_the_sample_count():
    det = BreathDetector(44100)
    readings = []
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 900, size=400)
    x = rng.standard_normal(int(sizes.sum())) * 1e-3
    pos = 0
    for s in sizes:
        readings.extend(det.process(x[pos : pos + s]))
        pos += s
    assert len(readings) == pos // det.hop
    ts = np.array([r.t for r in readings])
    np.testing.assert_allclose(ts, (np.arange(len(ts)) + 1) * det.hop / 44100)
    assert det.process(np.zeros(0)) == []


def test_silence_gives_no_exhale():
    x, _ = sa.silence(sample_rate=16000, duration_s=20)
    readings, det = run(x, 16000)
    assert not any(r.phase is Phase.EXHALE for r in readings)
    assert det.breaths_per_minute() is None
    x0 = np.zeros(16000 * 5)
    assert not any(r.phase is Phase.EXHALE for r in run(x0, 16000)[0])


def test_breathing_is_detected_with_small_onset_error(live60):
    readings, labels, _ = live60
    sc = score(segments_from_readings(readings), labels)
    assert sc["f1"] >= 0.9
    assert sc["onset_error_median_s"] <= 0.1
    assert sc["offset_error_median_s"] <= 0.3
    assert sc["frame_accuracy"] >= 0.8
    for r in readings:
        assert 0.0 <= r.flow <= 1.0 and 0.0 <= r.confidence <= 1.0
        if r.phase is not Phase.EXHALE:
            assert r.flow == 0.0
    assert max(r.flow for r in readings) > 0.7


def test_latency_from_onset_to_first_exhale_reading(live60):
    readings, labels, _ = live60
    ex_t = np.array([r.t for r in readings if r.phase is Phase.EXHALE])
    lat = [ex_t[ex_t >= a][0] - a for a, _, p in labels if p == "exhale" and np.any(ex_t >= a)]
    assert np.median(lat) <= 0.1


def test_same_readings_whatever_the_block_size(breath60, live60):
    """Bit for bit: every reading's phase, flow and confidence, and the rate, whatever the blocks."""
    x, _ = breath60
    x = x[: 16000 * 20]
    ref = live60[0][: len(x) // 160]  # the same 20 s in 10 ms blocks, and the rate then
    ref_bpm = live60[2]
    for block_s in (0.0031, 0.037, 0.25, 1.0, 20.0):  # odd, the live few-hops path, detect's 1 s, all at once
        got, det = run(x, 16000, block_s=block_s)
        assert got == ref, block_s
        assert det.breaths_per_minute() == ref_bpm


def test_same_readings_whatever_the_block_size_stereo_with_a_high_tone():
    """48 kHz (decimated), a 7 kHz tone in one channel: this once tipped an exhale between block sizes."""
    rate = 48000
    x, _ = sa.breathing(sample_rate=rate, duration_s=12.0, seed=3)
    t = np.arange(x.size) / rate
    stereo = np.stack([x, x + 0.05 * np.sin(2 * np.pi * 7000.0 * t)], axis=1)
    ref, _ = run(stereo, rate, block_s=1.0)
    for block_s in (0.01, 0.0777, 12.0):
        got, _ = run(stereo, rate, block_s=block_s)
        assert got == ref, block_s


def test_same_readings_whatever_the_block_size_when_a_sound_joins_the_floor():
    """A "breath" that never ends is absorbed into the floor mid-block; the hops after it use the new floor
    whichever block they are in. A model that always hears an exhale makes it happen."""
    m = default_model()
    always = FrameModel(m.mean, m.scale, m.w1, m.b1, 0.0 * m.w2, np.array([0.0, 8.0, 0.0]), m.prior)
    rate = 8000
    rng = np.random.default_rng(0)
    x = np.concatenate([0.0005 * rng.standard_normal(rate * 2), 0.02 * rng.standard_normal(rate * 20)])
    ref, _ = run(x, rate, block_s=1.0, model=always)
    assert max(s.end_s - s.start_s for s in exhales(ref)) >= 14.5  # an endless exhale, absorbed at 15 s
    for block_s in (0.01, 0.0777):
        got, _ = run(x, rate, block_s=block_s, model=always)
        assert got == ref, block_s


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_breathing_at_other_sample_rates(rate):
    x, labels = sa.breathing(sample_rate=rate, duration_s=30, seed=5)
    readings, _ = run(x, rate)
    assert score(segments_from_readings(readings), labels)["f1"] >= 0.9


@pytest.mark.parametrize(
    "make",
    [
        lambda: sa.hum(sample_rate=16000, duration_s=30, freq_hz=50),
        lambda: sa.hum(sample_rate=16000, duration_s=30, freq_hz=60, level_db=-20),
        lambda: sa.clicks(sample_rate=16000, duration_s=30),
        lambda: sa.fan(sample_rate=16000, duration_s=30),
        lambda: sa.speech(sample_rate=16000, duration_s=15),
    ],
    ids=["hum50", "hum60-loud", "clicks", "fan", "speech"],
)
def test_interference_alone_gives_few_or_no_exhales(make):
    x, _ = make()
    readings, _ = run(x, 16000)
    assert len(exhales(readings)) <= 1


def test_hum_starting_mid_stream_is_not_breath():
    quiet, _ = sa.silence(sample_rate=16000, duration_s=5)
    hum, _ = sa.hum(sample_rate=16000, duration_s=15)
    readings, _ = run(np.concatenate([quiet, hum]), 16000)
    # The hum check needs one mains period of history, so the switch-on itself may flicker: briefly, and
    # unsure (the hangover then holds it for up to 0.3 s, at a confidence the game ignores).
    ex = exhales(readings)
    assert len(ex) <= 1 and all(s.end_s - s.start_s < 0.4 and s.start_s < 5.1 for s in ex)
    assert sure_exhales(readings) == []


@pytest.mark.parametrize(
    "noise",
    [
        lambda: sa.hum(sample_rate=16000, duration_s=40, level_db=-35),
        lambda: sa.clicks(sample_rate=16000, duration_s=40),
        lambda: sa.fan(sample_rate=16000, duration_s=40, level_db=-40),
    ],
    ids=["hum", "clicks", "fan"],
)
def test_breathing_through_interference(noise):
    x, labels = sa.mix(sa.breathing(sample_rate=16000, duration_s=40, seed=8), noise())
    readings, _ = run(x, 16000)
    assert score(segments_from_readings(readings), labels)["f1"] >= 0.9


def test_talking_between_breaths_is_not_an_exhale():
    b1, l1 = sa.breathing(sample_rate=16000, duration_s=20, seed=1)
    talk, _ = sa.speech(sample_rate=16000, duration_s=8, level_db=-24, seed=2)
    b2, l2 = sa.breathing(sample_rate=16000, duration_s=20, seed=3)
    x = np.concatenate([b1, talk, b2])
    labels = l1 + [(a + 28.0, b + 28.0, p) for a, b, p in l2]
    readings, _ = run(x, 16000)
    sc = score(segments_from_readings(readings), labels)
    assert sc["recall"] >= 0.9
    # A consonant may flicker as an unsure exhale; what the game acts on is at most one more than labelled.
    assert sc["detected_exhales"] <= sc["labelled_exhales"] + 2
    assert len(sure_exhales(readings)) <= sc["labelled_exhales"] + 1


@pytest.mark.parametrize("bpm", [6.0, 10.0, 15.0])
def test_breaths_per_minute_follows_the_rate(bpm):
    x, _ = sa.breathing(sample_rate=16000, duration_s=60, bpm=bpm, seed=int(bpm))
    _, det = run(x, 16000, block_s=1.0)
    assert det.breaths_per_minute() == pytest.approx(bpm, abs=1.0)


def test_bpm_needs_enough_audio_and_a_rhythm():
    x, _ = sa.breathing(sample_rate=16000, duration_s=8)
    assert run(x, 16000)[1].breaths_per_minute() is None
    assert estimate_bpm(np.zeros(600), rate=10) is None
    t = np.arange(600) / 10
    assert estimate_bpm(10 + 10 * np.sin(2 * np.pi * t / 5.0), rate=10) == pytest.approx(12, abs=0.2)


def test_bpm_of_band_envelopes_finds_a_breath_whose_halves_sound_alike_but_differ_in_spectrum():
    # Inhale loud in one band, exhale as loud in another, half a breath apart: one broadband envelope shows
    # two alike bumps per breath (twice the rate); the bands together show the breath's own period.
    t = np.arange(600) / 10.0
    period = 7.5  # 8 breaths/min
    bump = lambda centre: 20.0 * np.exp(-0.5 * (((t - centre) % period - period / 2) / 0.6) ** 2)  # noqa: E731
    inhale_band, exhale_band = bump(0.0), bump(period / 2)
    broadband = 10.0 * np.log10(10 ** (inhale_band / 10) + 10 ** (exhale_band / 10))
    assert estimate_bpm(broadband, rate=10) == pytest.approx(16.0, abs=0.5)
    both = np.stack([inhale_band, exhale_band], axis=1)
    assert estimate_bpm(both, rate=10) == pytest.approx(8.0, abs=0.3)
    with pytest.raises(ValueError, match="env"):
        estimate_bpm(np.zeros((2, 3, 4)), rate=10)


def test_detector_rate_from_alternating_low_and_high_noise_bursts():
    # A microphone that hears inhale and exhale alike in level (a stethoscope, a quiet room): low-band noise
    # for 2.5 s, quiet, high-band noise for 2.5 s, quiet - one breath every 7.5 s.
    rate, period = 16000, 7.5
    rng = np.random.default_rng(5)
    n = int(60 * rate)
    t = np.arange(n) / rate
    spectrum = np.fft.rfftfreq(n, 1 / rate)

    def band(lo, hi):
        noise = np.fft.rfft(rng.standard_normal(n))
        noise[(spectrum < lo) | (spectrum > hi)] = 0
        x = np.fft.irfft(noise, n)
        return x / np.sqrt(np.mean(x**2))

    phase = t % period
    low_on = (phase > 0.5) & (phase < 3.0)
    high_on = (phase > 4.25) & (phase < 6.75)
    x = 0.02 * (band(200, 700) * low_on + band(1500, 4000) * high_on) + 1e-4 * rng.standard_normal(n)
    _, det = run(x, rate, block_s=1.0)
    assert det.breaths_per_minute() == pytest.approx(60 / period, abs=1.0)


def test_reset_restarts_time_and_state(breath60):
    x, _ = breath60
    x = x[: 16000 * 12]
    first, det = run(x, 16000)
    det.reset()
    again = []
    for i in range(0, len(x), 1600):
        again.extend(det.process(x[i : i + 1600]))
    assert again == first


def test_blocks_may_be_2d_and_any_dtype():
    x, _ = sa.breathing(sample_rate=16000, duration_s=10, seed=2)
    mono, _ = run(x, 16000)
    det = BreathDetector(16000)
    stereo = []
    pcm = (np.stack([x, x], axis=1) * 32767).astype(np.int16).astype(np.float32) / 32767
    for i in range(0, len(x), 1600):
        stereo.extend(det.process(pcm[i : i + 1600]))
    assert [r.phase for r in stereo] == [r.phase for r in mono]
    with pytest.raises(ValueError, match=r"\(2, 2, 2\)"):
        det.process(np.zeros((2, 2, 2)))


@pytest.mark.parametrize(
    "kwargs,needle", [({"sample_rate": 10}, "got 10"), ({"sample_rate": 16000, "hop_s": 0.5}, "got 0.5")]
)
def test_bad_arguments_quote_the_value(kwargs, needle):
    rate = kwargs.pop("sample_rate")
    with pytest.raises(ValueError, match=needle):
        BreathDetector(rate, **kwargs)


def test_calibration_profile_round_trip_and_use():
    quiet, _ = sa.silence(sample_rate=16000, duration_s=3)
    breath, labels = sa.breathing(sample_rate=16000, duration_s=30, seed=4, start_s=0.0)
    profile = calibrate(quiet, breath[: 16000 * 12], 16000)
    assert profile.exhale_level_db > profile.noise_floor_db + 20
    assert CalibrationProfile.from_dict(profile.to_dict()) == profile
    readings, det = run(breath, 16000, profile=profile)
    assert det.noise_floor_db == pytest.approx(profile.noise_floor_db, abs=6)
    assert score(segments_from_readings(readings), labels)["f1"] >= 0.9
    with pytest.raises(ValueError, match="need >= 0.5 s"):
        calibrate(quiet[:100], breath, 16000)
    with pytest.raises(ValueError, match="noise_floor_db"):
        CalibrationProfile.from_dict({"exhale_level_db": -20})


def test_far_microphone_still_finds_most_exhales():
    x, labels = sa.far_mic(sample_rate=16000, duration_s=40, seed=2)
    readings, _ = run(x, 16000)
    assert score(segments_from_readings(readings), labels)["recall"] >= 0.7


def _after_lead(x, rate, lead, *, block_s=1.0):
    """Exhale onsets (s after the lead-in) and the readings from the first hop after it.

    Readings are the same whatever the blocks (test_same_readings_whatever_the_block_size), so 1 s blocks
    stand for live 10 ms ones here at a fraction of the cost; one run below (48 kHz) feeds live blocks."""
    readings, det = run(np.concatenate([lead, x]), rate, block_s=block_s)
    shift = lead.size / rate
    return [s.start_s - shift for s in exhales(readings)], readings[lead.size // det.hop :]


def _assert_same_events(ref, got, label):
    assert len(got) == len(ref), (label, ref, got)
    for a, b in zip(ref, got, strict=True):
        assert abs(a - b) <= 0.1, (label, ref, got)


@pytest.mark.parametrize(
    ("rate", "noise", "live"), [(16000, sa.fan, False), (16000, sa.hum, False), (48000, sa.fan, True)]
)
def test_leading_digital_silence_does_not_change_the_events(rate, noise, live):
    # A virtual mic or a device warming up starts with exact zeros (or dither far below any real mic's
    # self-noise); the floor must not learn from them. (With a fan or hum in the room, a floor learnt from
    # the zeros used to lose or invent exhales for the next 20 s.)
    x = sa.mix(
        sa.breathing(sample_rate=rate, duration_s=30.0, seed=5), noise(sample_rate=rate, duration_s=30.0)
    )[0]
    ref, ref_readings = _after_lead(x, rate, np.zeros(0))
    assert len(ref) >= 4
    dither = np.random.default_rng(3).standard_normal(3 * rate) * 10 ** (-90 / 20)
    for pad in (0.5, 1.0, 2.0, 3.0, 0.123):
        for name, lead in (
            ("zeros", np.zeros(int(pad * rate))),
            ("-90 dBFS dither", dither[: int(pad * rate)]),
        ):
            got, readings = _after_lead(x, rate, lead)
            _assert_same_events(ref, got, (name, pad))
            if pad != 0.123:  # a sub-hop shift moves the hop grid, which alone changes a few % of readings
                same = np.mean([a.phase is b.phase for a, b in zip(ref_readings, readings, strict=False)])
                assert same >= 0.98, (name, pad, same)
    if live:  # once, at a device's usual rate (decimated): most of the cost, and the same logic at 16 kHz
        got, _ = _after_lead(x, rate, np.zeros(2 * rate), block_s=0.01)
        _assert_same_events(ref, got, "zeros, live 10 ms blocks")


def test_silence_then_sound_then_breathing():
    # Once sound has been heard, only digital silence is ignored: a quiet room still teaches the floor.
    rate = 16000
    x, labels = sa.breathing(sample_rate=rate, duration_s=30.0, seed=6)
    quiet = np.random.default_rng(4).standard_normal(2 * rate) * 10 ** (-70 / 20)
    readings, det = run(np.concatenate([np.zeros(rate), quiet, x]), rate)
    shifted = [(a + 3.0, b + 3.0, p) for a, b, p in labels]
    assert score(segments_from_readings(readings), shifted)["f1"] >= 0.9
    assert det.noise_floor_db is not None and det.noise_floor_db > -100


# ---------------------------------------------------------------------------------------------- real audio


def _rrujo(rel):
    path = RRUJO / rel
    if not path.is_file():
        pytest.skip(f"needs {path} (the recordings in ../shared beside the repository)")
    return read_wav(path)


def test_leading_zeros_before_a_real_recording():
    y, rate = _rrujo("12/2023021713052.wav")
    y = y[: 30 * rate]
    ref, _ = _after_lead(y, rate, np.zeros(0, np.float32))
    assert len(ref) >= 5
    for pad in (
        0.5,
        1.0,
        2.0,
        3.0,
    ):  # whole hops: the stethoscope's borderline events shift with sub-hop cuts
        _assert_same_events(ref, _after_lead(y, rate, np.zeros(int(pad * rate), np.float32))[0], pad)


def _floors_each_second(x, rate, *, block_s=0.01):
    """Readings (10 ms blocks, as live, unless told) and the noise floor (dBFS) at the end of each second."""
    det = BreathDetector(rate)
    step = max(1, int(round(block_s * rate)))
    readings, floors = [], []
    for i in range(0, len(x) - rate + 1, rate):
        for j in range(i, i + rate, step):
            readings.extend(det.process(x[j : min(j + step, i + rate)]))
        floors.append(det.noise_floor_db)
    return readings, np.array(floors, dtype=float)


def test_a_dropout_mid_stream_does_not_poison_the_floor():
    # 3 s of exact zeros (mute key, dropped buffers) used to drag the floor to -120 dB for the next 20 s.
    # After the dropout the floor is the one heard without it (within a dB while the 3 s it lacks are still
    # in its 20 s history) and the readings agree. (The stethoscope's exhale events, all unsure, are too
    # borderline to compare one by one: a hair's difference in the floor moves where they split.)
    y, rate = _rrujo("12/2023021713052.wav")
    # The reference in 1 s blocks (the same readings and floors as 10 ms ones, a twentieth of the cost); the
    # stream with the dropout in live 10 ms blocks, as a microphone delivers it.
    ref, ref_floor = _floors_each_second(y, rate, block_s=1.0)
    z = y.copy()
    z[20 * rate : 23 * rate] = 0.0
    got, got_floor = _floors_each_second(z, rate)
    assert np.max(np.abs(got_floor[25:] - ref_floor[25:])) <= 1.5
    k = int(25.0 / (ref[1].t - ref[0].t))
    assert np.mean([a.phase is b.phase for a, b in zip(ref[k:], got[k:], strict=True)]) >= 0.9


@pytest.mark.parametrize(
    ("rel", "block_s"),
    [("8/2023021713052.wav", 0.02), ("20/2023030117431.wav", 1.0), ("12/2023022217141.wav", 1.0)],
)  # small blocks once (a tenth of the speed); the readings are the same whatever the blocks
def test_real_recordings_never_crash(rel, block_s):
    x, rate = _rrujo(rel)
    readings, det = run(x, rate, block_s=block_s)
    assert len(readings) == len(x) // det.hop
    assert all(0 <= r.flow <= 1 and 0 <= r.confidence <= 1 for r in readings)
    bpm = det.breaths_per_minute()
    assert bpm is None or (math.isfinite(bpm) and 3 <= bpm <= 40)


def test_rate_on_the_rrujo_dev_recordings():
    # The spec's target is 80 % of the files within 2 breaths/min of the paced rate; the detector reaches
    # 94 % (75 of 80), so falling under 90 % is a regression, not noise.
    index = RRUJO / "index.csv"
    if not index.is_file():
        pytest.skip(f"needs {index} (the recordings in ../shared beside the repository)")
    rows = list(csv.DictReader(index.open()))
    within = 0
    for row in rows:
        x, rate = read_wav(RRUJO / row["path"])
        _, det = run(x, rate, block_s=1.0)
        bpm = det.breaths_per_minute()
        within += bpm is not None and abs(bpm - int(row["paced_bpm"])) <= 2.0
    assert len(rows) >= 80
    assert within / len(rows) >= 0.9, f"{within} of {len(rows)} within 2 breaths/min"


def test_adapting_the_frame_model_moves_it_toward_the_labelled_frames_and_no_further():
    from breath_input.frame_model import default_model

    model = default_model()
    rng = np.random.default_rng(0)
    feats = rng.normal(size=(400, model.w1.shape[0])) * model.scale + model.mean
    classes = np.full(400, 2)  # say every frame is an inhale
    assert model.adapted(feats[:0], classes[:0]) is model
    before = model.probabilities(feats)[:, 2].mean()
    adapted = model.adapted(feats, classes)
    assert adapted.probabilities(feats)[:, 2].mean() > before + 0.1
    np.testing.assert_array_equal(adapted.w1, model.w1)  # only the output layer moves
    held = model.adapted(feats, classes, pull=1e6, rate=1e-7)
    np.testing.assert_allclose(held.w2, model.w2, atol=1e-4)
