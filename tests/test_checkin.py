"""The check-in's analysis (game/sim/checkin.py): synthetic readings at known rates and ratios, the rhythm a
listening source hears, the words (never a verdict), and the saved record (game/records/storage.py)."""

from __future__ import annotations

import json

import pytest

from breath_input.sources import KeyScriptSource
from breath_input.types import BreathReading, Phase, SourceStatus
from game.records.storage import Store
from game.sim.checkin import (
    MIN_CONFIDENCE,
    CheckinResult,
    CheckinSession,
    analyse_readings,
    describe,
)
from game.sim.loop import STEP_S


def readings_at(bpm: float, ratio: float, *, seconds: float = 60.0, hz: float = 100.0, confidence=1.0):
    """Readings of a breather at `bpm` with out-breath : in-breath = `ratio`, starting with an out-breath."""
    cycle = 60.0 / bpm
    exhale = cycle * ratio / (1.0 + ratio)
    out = []
    for i in range(int(seconds * hz)):
        t = i / hz
        exhaling = (t % cycle) < exhale
        phase = Phase.EXHALE if exhaling else Phase.INHALE
        out.append(BreathReading(t=t, phase=phase, flow=0.6 if exhaling else 0.0, confidence=confidence))
    return out


@pytest.mark.parametrize("bpm", [6.0, 10.0, 12.0, 15.0, 20.0, 24.0])
@pytest.mark.parametrize("ratio", [0.8, 1.0, 1.5, 2.0])
def test_known_rate_and_ratio_are_measured(bpm, ratio):
    r = analyse_readings(readings_at(bpm, ratio), 60.0)
    assert r.heard_enough and r.rate_from == "breaths"
    assert r.breaths_per_minute == pytest.approx(bpm, abs=0.1)
    assert r.exhale_inhale_ratio == pytest.approx(ratio, rel=0.03)
    assert r.steadiness == pytest.approx(1.0, abs=0.02)  # every cycle alike
    assert r.breaths == pytest.approx(bpm, abs=1)  # one minute
    assert r.confidence == pytest.approx(1.0)


def test_uneven_breaths_are_less_steady():
    spans, t = [], 0.5
    for i in range(12):  # cycles of 3, 6, 3, 6 ... seconds
        length = 3.0 if i % 2 else 6.0
        spans.append((t, t + length / 2))
        t += length
    r = run_session(KeyScriptSource(spans))
    assert r.heard_enough
    assert r.steadiness is not None and r.steadiness < 0.25
    assert describe(r).lines[2] == "A rhythm that changed from breath to breath."


def test_too_few_breaths_or_too_little_confidence_cannot_tell():
    nothing = analyse_readings(
        [BreathReading(t=i / 10, phase=Phase.PAUSE, flow=0, confidence=0) for i in range(600)]
    )
    assert not nothing.heard_enough and nothing.breaths_per_minute is None and nothing.range == "unknown"
    two = analyse_readings(readings_at(2.5, 1.0), 60.0)  # two or three breaths in a minute
    assert not two.heard_enough
    unsure = analyse_readings(readings_at(12.0, 1.5, confidence=0.3), 60.0)  # below the tracker's threshold
    assert not unsure.heard_enough
    words = describe(nothing, key="B")
    assert words.headline == "Could not hear enough to tell this time"
    assert "hold B" in words.lines[1]


def test_few_breaths_give_a_lower_confidence():
    r = analyse_readings(readings_at(4.0, 1.0), 60.0)  # four breaths
    assert r.breaths == 4 and r.confidence == pytest.approx(0.8)
    assert r.confidence >= MIN_CONFIDENCE


@pytest.mark.parametrize(
    "bpm,where,words",
    [
        (6.0, "slower", "Slower than the usual resting range"),
        (8.0, "within", "Within the resting range most adults breathe in"),
        (12.0, "within", "Within the resting range"),
        (16.0, "within", "Within the resting range"),
        (18.0, "a little quicker", "A little quicker than the usual resting range"),
        (26.0, "quicker", "Quicker than the usual resting range"),
    ],
)
def test_where_the_rate_sits_in_plain_words(bpm, where, words):
    r = CheckinResult(60.0, bpm, 1.2, 0.8, round(bpm), 0.9, "breaths")
    assert r.range == where
    text = describe(r)
    assert text.headline == f"About {bpm:.0f} breaths a minute"
    assert text.lines[0].startswith(words)
    joined = " ".join((text.headline, *text.lines)).lower()
    for word in ("abnormal", "normal ", "disorder", "symptom", "diagnos", "bad", "wrong", "should"):
        assert word not in joined
    assert "not a medical measurement" in joined


@pytest.mark.parametrize(
    "bpm,shown,where",
    [(7.4, 7, "slower"), (7.6, 8, "within"), (16.4, 16, "within"), (16.5, 17, "a little quicker")],
)
def test_the_range_words_agree_with_the_rate_the_card_shows(bpm, shown, where):
    # 7.6 a minute is shown as "About 8": it must not be called slower than the 8-16 range beside it.
    r = CheckinResult(60.0, bpm, 1.2, 0.8, round(bpm), 0.9, "breaths")
    assert describe(r).headline == f"About {shown} breaths a minute"
    assert r.range == where


class Listening(KeyScriptSource):
    """Key spans that sound like nothing single, with a detector rhythm of `heard` breaths/min."""

    def __init__(self, spans, heard):
        super().__init__(spans)
        self.heard = heard

    def status(self) -> SourceStatus:
        return SourceStatus(backend="recording", listens=True)

    def breaths_per_minute(self):
        return self.heard


def run_session(source, seconds=60.0) -> CheckinResult:
    s = CheckinSession(seconds)
    while not s.finished:
        s.step(STEP_S, source)
    assert s.result is not None and s.t == seconds
    return s.result


def test_a_rhythm_heard_wins_over_breaths_that_cannot_be_counted():
    blips = [(t, t + 0.4) for t in range(1, 60, 2)]  # thirty short blips: heart sounds, not breaths
    r = run_session(Listening(blips, heard=10.0))
    assert r.rate_from == "rhythm" and r.breaths_per_minute == 10.0 and r.breaths == 10
    assert r.exhale_inhale_ratio is None and r.steadiness is None  # single breaths were not measurable
    assert r.confidence == 1.0 and r.heard_enough
    assert "Counted from the rhythm heard" in " ".join(describe(r).lines)


def test_breaths_that_agree_with_the_rhythm_keep_their_ratio():
    spans = [(0.5 + 5 * k, 3.5 + 5 * k) for k in range(12)]  # 12 a minute, out 3 s : in 2 s
    r = run_session(Listening(spans, heard=12.3))
    assert r.rate_from == "breaths" and r.breaths_per_minute == pytest.approx(12.0, abs=0.1)
    assert r.exhale_inhale_ratio == pytest.approx(1.5, rel=0.03)


def test_a_rhythm_that_flips_speed_is_less_sure():
    class Flipping(Listening):
        def breaths_per_minute(self):
            return self.heard

    src = Flipping([], heard=None)
    s = CheckinSession(60.0)
    while not s.finished:
        src.heard = 16.0 if s.t < 59.5 else 8.0  # doubled until the last moment: which is it?
        s.step(STEP_S, src)
    assert s.result is not None
    assert s.result.breaths_per_minute == 8.0
    assert s.result.confidence == pytest.approx(0.5 * 9 / 10 + 1 / 10, abs=0.06)


def test_no_rhythm_and_no_breaths_cannot_tell():
    r = run_session(Listening([], heard=None))
    assert not r.heard_enough and r.rate_from == "none"


def test_seconds_must_be_positive():
    with pytest.raises(ValueError):
        CheckinSession(0)


def test_check_ins_are_saved_atomically_beside_the_progress(tmp_path):
    store = Store(tmp_path)
    assert store.checkins() == []
    assert store.add_checkin({"date": "2026-01-02T08:00:00+00:00", "breaths_per_minute": 11.2})
    assert store.add_checkin({"date": "2026-01-03T08:00:00+00:00", "breaths_per_minute": 9.8})
    saved = json.loads((tmp_path / "checkins.json").read_text())
    assert [c["breaths_per_minute"] for c in saved["checkins"]] == [11.2, 9.8]
    assert not list(tmp_path.glob(".*.tmp"))  # the temp file was renamed over, not left behind
    assert Store(tmp_path).checkins() == saved["checkins"]
    assert not (tmp_path / "progress.json").exists()  # other saves untouched


def test_a_damaged_checkins_file_is_kept_aside(tmp_path):
    (tmp_path / "checkins.json").write_text("{ not json")
    store = Store(tmp_path)
    assert store.checkins() == []
    assert any("checkins.json was damaged" in n for n in store.notices)
    kept = list(tmp_path.glob("checkins.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{ not json"
    assert store.add_checkin({"date": "d", "breaths_per_minute": 12.0})
    assert len(Store(tmp_path).checkins()) == 1


def test_the_headline_rounds_halves_up_like_the_history_figure():
    # The history shows 8.5 with one decimal; the headline must not say 8 beside it.
    for bpm, whole in ((8.5, 9), (9.5, 10), (8.49, 8), (12.0, 12)):
        assert describe(CheckinResult(60.0, bpm, 1.2, 0.8, round(bpm), 0.9, "breaths")).headline == (
            f"About {whole} breaths a minute"
        )
