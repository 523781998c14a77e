from __future__ import annotations

import dataclasses

import pytest

from breath_input.sources import KeyScriptSource, SyntheticBreather
from breath_input.types import BreathReading, Phase
from game.content.model import Goal, Level, Pattern
from game.sim.gentle import FREE_FREEZE_S, TEXTS, Invitation
from game.sim.loop import STEP_S
from game.sim.pacer import Pacer
from game.sim.scoring import summarise
from game.sim.session import PlaySession

PATTERN = Pattern(inhale_s=4, exhale_s=6)  # cycles of 10 s; exhales at 4-10, 14-20, ...
GOALS = (
    Goal(kind="long_exhales", seconds=5, count=3),
    Goal(kind="steady", at_least=0.5),
    Goal(kind="in_sync", at_least=0.5),
)


def make_level(**kw) -> Level:
    return Level(id="g", title="G", pattern=kw.pop("pattern", PATTERN), goals=GOALS, **kw)


def calm_spans(level: Level, *, lag: float = 0.1) -> list[tuple[float, float]]:
    return [(a + lag, b - 0.1) for a, b in Pacer(level).exhale_spans()]


def play(
    level: Level, source, *, until: float | None = None
) -> tuple[PlaySession, list[tuple[float, Invitation]]]:
    """Play to the end (or to `until`), noting each step's invitation."""
    s = PlaySession(level)
    shown: list[tuple[float, Invitation]] = []
    while not s.finished and (until is None or s.t < until):
        s.step(STEP_S, source)
        if s.invitation is not None:
            shown.append((s.t, s.invitation))
    return s, shown


def with_gasp(level: Level, at_cycle: int) -> list[tuple[float, float]]:
    """Calm key spans where exhale `at_cycle` is broken by a sharp 0.4 s breath in after 2 s."""
    spans = calm_spans(level)
    a, b = spans[at_cycle]
    return [*spans[:at_cycle], (a, a + 2.0), (a + 2.4, b), *spans[at_cycle + 1 :]]


def test_calm_breathing_gets_no_invitations():
    lv = make_level(cycles=8)
    s, shown = play(lv, KeyScriptSource(calm_spans(lv)))
    assert (s.gasps, s.freezes, shown) == (0, 0, [])


def test_a_gasp_is_noticed_and_clears_on_the_next_exhale():
    lv = make_level(cycles=8)
    s, shown = play(lv, KeyScriptSource(with_gasp(lv, 4)))
    assert s.gasps == 1 and s.freezes == 0
    kinds = {inv.kind for _, inv in shown}
    assert kinds == {"gasp"}
    inv = shown[0][1]
    assert inv.text == TEXTS["gasp"]
    assert inv.since_s == pytest.approx(44.1 + 2.4, abs=2 * STEP_S)  # the exhale after the sharp breath in
    # Shown through that exhale and the breath in after it; gone as the next exhale starts (54.1 s).
    last_shown = shown[-1][0]
    assert 54.0 < last_shown < 54.1 + 2 * STEP_S
    assert s.summary().gasps == 1


def test_a_slow_short_gap_is_not_a_gasp_when_the_pacer_asks_for_short_breaths_in():
    # With a 1.5 s pacer inhale, 0.7 s is not much shorter than asked: no gasp.
    lv = make_level(pattern=Pattern(inhale_s=1.5, exhale_s=3.0), cycles=10)
    spans = calm_spans(lv)
    spans = [(a - 0.7 if i == 5 else a, b) for i, (a, b) in enumerate(spans)]
    s, _ = play(lv, KeyScriptSource(spans))
    assert s.gasps == 0


def test_a_freeze_is_noticed_once_and_clears_on_the_next_exhale():
    lv = make_level(cycles=8)
    spans = calm_spans(lv)
    held = [*spans[:3], *spans[5:]]  # no exhale from 29.9 s until 54.1 s
    s, shown = play(lv, KeyScriptSource(held))
    assert s.freezes == 1 and s.gasps == 0
    inv = shown[0][1]
    assert inv.kind == "freeze" and inv.text == TEXTS["freeze"]
    # The pacer allows 4 s of breathing in between exhales; 4 s more and it is a freeze.
    assert inv.since_s == pytest.approx(29.9 + 8.0, abs=2 * STEP_S)
    assert shown[-1][0] == pytest.approx(54.1, abs=2 * STEP_S)
    assert s.summary().freezes == 1


def test_no_freeze_while_the_pacer_itself_holds():
    lv = make_level(pattern=Pattern(inhale_s=4, hold_in_s=7, exhale_s=8), cycles=5)
    s, shown = play(lv, KeyScriptSource(calm_spans(lv)))
    assert (s.freezes, shown) == (0, [])


def test_free_breathing_allows_longer_pauses():
    lv = make_level(show_pacer=False, cycles=8)
    short_pause = KeyScriptSource([(1 + 14 * k, 6 + 14 * k) for k in range(6)])  # 9 s pauses throughout
    assert play(lv, short_pause)[0].freezes == 0
    long_pause = KeyScriptSource([(1, 6), (6 + FREE_FREEZE_S + 2, 25)])
    s, shown = play(lv, long_pause, until=30.0)
    assert s.freezes == 1 and shown[0][0] == pytest.approx(6 + FREE_FREEZE_S, abs=2 * STEP_S)


class UnsureExhale:
    """Says "exhale" with low confidence the whole time: the detector can't tell."""

    name = "unsure"
    failed = None

    def read(self, t: float) -> BreathReading:
        return BreathReading(t, Phase.EXHALE, 0.3, 0.2)

    def close(self) -> None:
        pass


def test_an_unsure_signal_is_never_called_a_freeze():
    s, shown = play(make_level(cycles=4), UnsureExhale())
    assert (s.freezes, s.gasps, shown) == (0, 0, [])


def test_counting_gasps_and_freezes_costs_nothing():
    lv = make_level(cycles=10)
    spans = with_gasp(lv, 3)
    spans = [*spans[:6], *spans[8:]]  # and a freeze
    s, _ = play(lv, KeyScriptSource(spans))
    assert s.gasps == 1 and s.freezes == 1
    counted = s.summary()
    uncounted = summarise(lv, s.breaths, s.seconds_played, s.flow_samples)
    assert (counted.gasps, counted.freezes, uncounted.gasps, uncounted.freezes) == (1, 1, 0, 0)
    assert counted.stars == uncounted.stars and counted.score == uncounted.score
    assert counted.goals == uncounted.goals
    assert dataclasses.replace(counted, gasps=0, freezes=0) == uncounted


def test_synthetic_breathers_on_a_plain_level():
    lv = make_level(cycles=12)
    found = {}
    for kind in ("calm", "shallow", "anxious"):
        s = PlaySession(lv)
        src = SyntheticBreather(kind, pacer=s.pacer, seed=3)
        while not s.finished:
            s.step(STEP_S, src)
        found[kind] = (s.gasps, s.freezes)
    assert found == {"calm": (0, 0), "shallow": (0, 0), "anxious": (0, 0)}  # fast, but not sharp or frozen
