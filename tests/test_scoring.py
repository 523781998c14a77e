from __future__ import annotations

import math
import random

import pytest

from breath_input.sources import KeyScriptSource, SyntheticBreather
from breath_input.types import BreathReading, Phase
from game.content.model import Goal, Level, Pattern
from game.sim.breaths import BreathTracker
from game.sim.loop import STEP_S
from game.sim.pacer import Pacer
from game.sim.scoring import coherence, steadiness, summarise
from game.sim.session import PlaySession

PATTERN = Pattern(inhale_s=4, exhale_s=6)


def make_level(**kw) -> Level:
    return Level(id="t", title="T", pattern=kw.pop("pattern", PATTERN), **kw)


def play(level: Level, source) -> PlaySession:
    s = PlaySession(level)
    while not s.finished:
        s.step(STEP_S, source)
    return s


def following_script(level: Level, *, lag: float = 0.1, shorten: float = 0.0) -> KeyScriptSource:
    spans = [(a + lag, b - shorten) for a, b in Pacer(level).exhale_spans()]
    return KeyScriptSource(spans)


def test_key_script_breaths_are_measured_exactly():
    lv = make_level(cycles=5)
    s = play(lv, following_script(lv))
    assert len(s.breaths) == 5
    for b in s.breaths:
        assert b.exhale_s == pytest.approx(5.9, abs=2 * STEP_S)
        assert b.fullness > 0.9
        assert b.sync > 0.9
    for b in s.breaths[1:]:
        assert b.inhale_s == pytest.approx(4.1, abs=2 * STEP_S)
        assert b.cycle_s == pytest.approx(10.0, abs=2 * STEP_S)
        assert b.ratio == pytest.approx(5.9 / 4.1, rel=0.02)
    summary = s.summary()
    assert summary.breaths_per_minute == pytest.approx(6.0, rel=0.01)
    assert summary.steadiness == pytest.approx(1.0, abs=0.02)


def test_short_blips_are_not_breaths_and_brief_dropouts_do_not_split_one():
    tracker = BreathTracker(Pacer(make_level(cycles=3)))
    t = 0.0

    def run(phase: Phase, seconds: float) -> None:
        nonlocal t
        end = t + seconds
        while t < end:
            tracker.feed(BreathReading(t, phase, 0.5 if phase is Phase.EXHALE else 0.0, 1.0), t)
            t += STEP_S

    run(Phase.INHALE, 4.0)
    run(Phase.EXHALE, 0.15)  # a click
    run(Phase.INHALE, 1.0)
    run(Phase.EXHALE, 2.0)
    run(Phase.INHALE, 0.1)  # a waver, shorter than the merge gap
    run(Phase.EXHALE, 2.0)
    run(Phase.INHALE, 1.0)
    assert len(tracker.breaths) == 1
    b = tracker.breaths[0]
    assert b.exhale_s == pytest.approx(4.1, abs=3 * STEP_S)
    assert b.breaks == 1 and b.fullness < 1.0


def test_low_confidence_stretches_are_neither_rewarded_nor_penalised():
    tracker = BreathTracker(Pacer(make_level(cycles=3)))
    t = 0.0
    while t < 10:
        tracker.feed(BreathReading(t, Phase.EXHALE, 0.9, 0.2), t)
        t += STEP_S
    tracker.finish(t)
    assert tracker.breaths == []


def test_calm_keys_earn_more_than_rushed_keys():
    lv = make_level(
        cycles=8,
        goals=(
            Goal(kind="long_exhales", seconds=5.5, count=5),
            Goal(kind="steady", at_least=0.8),
            Goal(kind="breaths_per_minute", at_most=7),
        ),
    )
    calm = play(lv, following_script(lv)).summary()
    rushed = play(lv, KeyScriptSource([(i * 3.0, i * 3.0 + 1.2) for i in range(30)])).summary()
    assert calm.stars == 3
    assert rushed.stars < calm.stars and rushed.score < calm.score
    assert [g.met for g in rushed.goals] == [False, True, False]  # rushed but regular: steady, not slow


def test_synthetic_breathers_rank_calm_above_erratic():
    lv = make_level(
        cycles=10, goals=(Goal(kind="average_exhale", seconds=5), Goal(kind="in_sync", at_least=0.6))
    )
    results = {}
    for kind in ("calm", "shallow", "anxious", "erratic"):
        s = PlaySession(lv)
        src = SyntheticBreather(kind, pacer=s.pacer, seed=3)
        while not s.finished:
            s.step(STEP_S, src)
        results[kind] = s.summary()
    assert results["calm"].stars == 2
    for kind in ("shallow", "anxious", "erratic"):
        assert results[kind].score < results["calm"].score, kind
    assert results["anxious"].breaths_per_minute > 15


def test_steadiness_and_coherence_prefer_regular_rhythm():
    rng_free = [math.sin(2 * math.pi * 0.1 * i / 10) for i in range(1200)]
    rng = random.Random(5)
    noisy = [rng.random() for _ in range(1200)]
    assert coherence(rng_free) > 0.6 > coherence(noisy)
    assert coherence([0.1] * 10) is None


def test_summary_without_breaths_is_gentle_zero():
    lv = make_level(cycles=2, goals=(Goal(kind="average_exhale", seconds=5),))
    s = summarise(lv, [], 20.0, [0.0] * 200)
    assert s.stars == 0 and s.score == 0 and s.breaths_per_minute is None
    assert steadiness([]) is None


def test_stars_are_capped_at_three():
    goals = tuple(Goal(kind="average_exhale", seconds=1) for _ in range(3))
    lv = make_level(cycles=4, goals=goals)
    assert play(lv, following_script(lv)).summary().stars == 3


def test_pace_by_minute_reads_the_rhythm_not_the_count():
    lv = make_level(cycles=10)  # 10 s cycles: 6 a minute, 100 s in all
    s = play(lv, following_script(lv)).summary()
    assert len(s.bpm_by_minute) == 2
    assert all(v == pytest.approx(6.0, abs=0.1) for v in s.bpm_by_minute), s.bpm_by_minute
