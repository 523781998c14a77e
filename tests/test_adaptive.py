from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breath_input.sources import SyntheticBreather
from breath_input.types import BreathReading, Phase
from game.content.loader import load_level_text
from game.content.model import Adaptive, Level, Pattern, Ramp, Safety
from game.sim.adaptive import EXHALE_FLOOR_S, KEEP_UP, AdaptivePlan, Rhythm, clamp_to_level
from game.sim.breaths import Breath
from game.sim.loop import STEP_S
from game.sim.pacer import Pacer, phase_seconds
from game.sim.session import PlaySession

TARGET = Pattern(inhale_s=4.5, exhale_s=6.5)


def adaptive_level(**kw) -> Level:
    kw.setdefault("duration_s", 240.0)
    return Level(
        id="a",
        title="A",
        pattern=kw.pop("pattern", TARGET),
        adaptive=kw.pop("adaptive", Adaptive(enabled=True, measure_cycles=3, step_s=0.5)),
        **kw,
    )


class Follower:
    """A test player: breathes at its own pace at first, then follows the session's pacer as well as it can.

    Args:
        session: whose pacer to follow.
        natural: (in, out) seconds of its own rhythm until `own_until_s`.
        cap_s: the longest exhale it manages once following (None: as long as the pacer's, times `share`).
        share: share of the pacer's exhale it breathes out for.
        lag_s: how late it starts each exhale.
        jitter: random share added or taken from each exhale.
        gasp_cycle: the cycle whose exhale is broken by a sharp 0.4 s breath in after 1.5 s.
    """

    name = "follower"

    def __init__(
        self,
        session: PlaySession,
        *,
        natural: tuple[float, float] = (2.0, 3.0),
        own_until_s: float = 0.0,
        cap_s: float | None = None,
        share: float = 0.97,
        lag_s: float = 0.2,
        jitter: float = 0.0,
        gasp_cycle: int | None = None,
        seed: int = 1,
    ) -> None:
        self.pacer = session.pacer
        self.natural, self.own_until_s = natural, own_until_s
        self.cap_s, self.share, self.lag_s, self.jitter = cap_s, share, lag_s, jitter
        self.gasp_cycle = gasp_cycle
        self._rng = random.Random(seed)
        self._lengths: dict[int, float] = {}

    def _length(self, index: int, pacer_exhale_s: float) -> float:
        if index not in self._lengths:
            x = pacer_exhale_s * self.share * (1 + self._rng.uniform(-self.jitter, self.jitter))
            self._lengths[index] = min(x, self.cap_s) if self.cap_s is not None else x
        return self._lengths[index]

    def _exhaling(self, t: float) -> bool:
        if t < self.own_until_s:
            inhale, exhale = self.natural
            return (t % (inhale + exhale)) >= inhale
        c = self.pacer.cycle_at(t)
        for cycle in (c, self.pacer.cycles[c.index - 1] if c.index else None):
            if cycle is None or cycle.exhale_start_s < self.own_until_s:
                continue
            start = cycle.exhale_start_s + self.lag_s
            if start <= t < start + self._length(cycle.index, cycle.exhale_s):
                return not (cycle.index == self.gasp_cycle and 1.5 <= t - start < 1.9)
        return False

    def read(self, t: float) -> BreathReading:
        if self._exhaling(t):
            return BreathReading(t, Phase.EXHALE, 0.5, 1.0)
        return BreathReading(t, Phase.INHALE, 0.0, 1.0)

    failed = None

    def close(self) -> None:
        pass


def run(session: PlaySession, source) -> PlaySession:
    while not session.finished:
        session.step(STEP_S, source)
    return session


def following(level: Level, **kw) -> PlaySession:
    s = PlaySession(level)
    return run(s, Follower(s, **kw))


def after_measuring(s: PlaySession) -> list[float]:
    return [c.exhale_s for c in s.pacer.cycles[s.level.adaptive.measure_cycles :]]


def assert_within_limits(level: Level, pacer: Pacer) -> None:
    min_cycle = 60.0 / level.safety.max_breaths_per_minute
    for c in pacer.cycles:
        target = phase_seconds(level.pattern, c.index)
        assert c.exhale_s <= target["exhale"] + 1e-9, c
        assert c.exhale_s >= min(EXHALE_FLOOR_S, target["exhale"]) - 1e-9, c
        assert c.hold_in_s <= min(target["hold_in"], level.safety.max_hold_s) + 1e-9, c
        assert c.hold_out_s <= min(target["hold_out"], level.safety.max_hold_s) + 1e-9, c
        assert c.duration_s >= min_cycle - 1e-9, c


def breath(
    exhale_s: float, *, target: float, inhale_s: float | None = 3.0, sync: float = 0.9, at: float = 0.0
):
    return Breath(
        start_s=at,
        end_s=at + exhale_s,
        exhale_s=exhale_s,
        inhale_s=inhale_s,
        ratio=None,
        cycle_s=None,
        fullness=1.0,
        peak_flow=0.5,
        mean_flow=0.4,
        sync=sync,
        target_exhale_s=target,
        confidence=1.0,
        breaks=0,
    )


def test_fixed_levels_are_laid_out_up_front_and_adaptive_ones_cycle_by_cycle():
    lv = adaptive_level()
    fixed = Pacer(lv)  # without a plan the pattern runs as written, even on an adaptive level
    assert fixed.complete and len(fixed.cycles) == 22
    planned = Pacer(lv, plan=AdaptivePlan(lv))
    assert len(planned.cycles) == 1 and not planned.complete
    assert planned.exhale_spans() == [(4.5, 11.0)]
    planned.state(11.0)
    assert len(planned.cycles) == 2 and planned.total_s == 240.0


def test_adaptive_cycle_count_level_has_exactly_its_cycles():
    lv = adaptive_level(duration_s=None, cycles=12)
    s = following(lv, natural=(2.0, 3.0), own_until_s=30.0)
    assert len(s.pacer.cycles) == 12 and s.pacer.complete
    assert s.pacer.total_s == pytest.approx(s.pacer.cycles[-1].end_s)
    assert s.seconds_played == pytest.approx(s.pacer.total_s)


def test_adaptive_duration_level_ends_on_time():
    s = following(adaptive_level(duration_s=100.0), natural=(2.0, 3.0), own_until_s=30.0)
    assert s.seconds_played == pytest.approx(100.0)
    assert s.pacer.cycles[-1].start_s < 100.0


def test_measuring_runs_the_first_cycle_then_starts_from_the_players_rhythm():
    lv = adaptive_level(pattern=Pattern(inhale_s=4, hold_in_s=2, exhale_s=8, hold_out_s=1))
    plan = AdaptivePlan(lv)
    first = phase_seconds(lv.pattern, 0)
    for k in range(3):
        assert plan.next_cycle(k, 0.0) == first
        plan.observe(breath(3.0 + 0.1 * k, target=8, inhale_s=2.6))
    assert plan.measuring
    start = plan.next_cycle(3, 0.0)
    assert plan.natural == Rhythm(inhale_s=2.6, exhale_s=3.1)
    # No holds the player didn't do.
    assert start == {"inhale": 2.6, "hold_in": 0.0, "exhale": 3.1, "hold_out": 0.0}
    assert plan.decisions == ["measure", "measure", "measure", "start"]


def test_nothing_measured_starts_from_the_pattern():
    plan = AdaptivePlan(adaptive_level())
    for k in range(3):
        plan.next_cycle(k, 0.0)
    assert plan.next_cycle(3, 0.0) == {"inhale": 4.5, "hold_in": 0.0, "exhale": 6.5, "hold_out": 0.0}


def test_grows_only_on_evidence_about_the_current_length():
    plan = AdaptivePlan(adaptive_level(adaptive=Adaptive(enabled=True, measure_cycles=1, step_s=0.5)))
    plan.next_cycle(0, 0.0)
    plan.observe(breath(3.0, target=6.5))
    assert plan.next_cycle(1, 0.0)["exhale"] == 3.0
    plan.observe(breath(2.95, target=3.0))
    assert plan.next_cycle(2, 0.0)["exhale"] == 3.5  # kept up with 3.0: one step longer
    plan.observe(breath(3.0, target=3.0))  # a breath from before the change says nothing about 3.5
    assert plan.next_cycle(3, 0.0)["exhale"] == 3.5
    assert plan.next_cycle(4, 0.0)["exhale"] == 3.5  # no new breath: stay put
    plan.observe(breath(3.5, target=3.5, sync=0.2))  # long enough but out of time: unsure
    assert plan.next_cycle(5, 0.0)["exhale"] == 3.5
    plan.observe(breath(3.4, target=3.5))
    assert plan.next_cycle(6, 0.0)["exhale"] == 4.0
    assert plan.decisions[1:] == ["start", "longer", "same", "same", "same", "longer"]


def test_eases_back_after_two_short_exhales_or_a_gasp():
    plan = AdaptivePlan(adaptive_level(adaptive=Adaptive(enabled=True, measure_cycles=1, step_s=0.5)))
    plan.next_cycle(0, 0.0)
    plan.observe(breath(5.0, target=6.5))
    assert plan.next_cycle(1, 0.0)["exhale"] == 5.0
    plan.observe(breath(3.0, target=5.0))
    assert plan.next_cycle(2, 0.0)["exhale"] == 5.0  # one short exhale: unsure, stay
    plan.observe(breath(3.0, target=5.0))
    assert plan.next_cycle(3, 0.0)["exhale"] == 4.5  # two in a row: ease back
    plan.observe(breath(3.0, target=5.0))  # still short, but at the old length: already answered
    assert plan.next_cycle(4, 0.0)["exhale"] == 4.5
    plan.note_gasp()
    assert plan.next_cycle(5, 0.0)["exhale"] == 4.0
    assert plan.next_cycle(6, 0.0)["exhale"] == 4.0  # one gasp, one step


def test_a_player_who_relaxes_is_led_all_the_way_to_the_target():
    s = following(adaptive_level(), natural=(2.0, 3.0), own_until_s=30.0)
    assert s.plan is not None and s.plan.natural is not None
    assert s.plan.natural.exhale_s == pytest.approx(3.0, abs=0.1)
    exhales = after_measuring(s)
    assert exhales[0] == pytest.approx(3.0, abs=0.1)
    assert exhales == sorted(exhales)  # never eased back: they kept up
    assert exhales[-5:] == [6.5] * 5
    assert s.pacer.cycles[-1].inhale_s == pytest.approx(4.5)
    assert "shorter" not in s.plan.decisions
    assert_within_limits(s.level, s.pacer)


def test_a_breather_capped_at_three_seconds_eases_the_pacer_back():
    lv = adaptive_level(duration_s=300.0)
    s = following(lv, cap_s=3.0)
    exhales = after_measuring(s)
    assert s.plan is not None and "shorter" in s.plan.decisions
    # Never runs away: at most one step past what they showed they can keep up with.
    assert max(exhales) <= 3.0 / KEEP_UP + lv.adaptive.step_s + 1e-9
    assert sum(exhales[-10:]) / 10 <= 4.0
    assert_within_limits(lv, s.pacer)


def test_an_anxious_breather_never_gets_a_pace_above_the_safe_limit():
    lv = adaptive_level(duration_s=180.0, safety=Safety(max_breaths_per_minute=12.0))
    s = PlaySession(lv)
    run(s, SyntheticBreather("anxious", pacer=s.pacer, seed=2))
    assert s.plan is not None and s.plan.natural is not None
    assert 60.0 / s.plan.natural.cycle_s > 15  # they breathe fast...
    assert max(60.0 / c.duration_s for c in s.pacer.cycles) <= 12.0 + 1e-9  # ...the pacer stays at 12
    assert_within_limits(lv, s.pacer)


def test_the_safe_limit_is_read_from_the_level_file():
    text = (
        "id: a\ntitle: A\npattern: {inhale: 4.5, exhale: 6.5}\nduration: 180\n"
        "adaptive: {enabled: true}\nsafety: {max_breaths_per_minute: 12}\n"
    )
    lv, _ = load_level_text(text, "a.yaml")
    assert isinstance(lv, Level)
    fastest = {}
    for name, level in (("file", lv), ("default", dataclasses.replace(lv, safety=Safety()))):
        s = PlaySession(level)
        run(s, SyntheticBreather("anxious", pacer=s.pacer, seed=2))
        fastest[name] = max(60.0 / c.duration_s for c in s.pacer.cycles)
        assert_within_limits(level, s.pacer)
    assert fastest["file"] <= 12.0 + 1e-9 < fastest["default"]  # the file's limit, not the default's 20


def test_calm_synthetic_breather_follows_a_growing_schedule():
    lv = adaptive_level()
    s = PlaySession(lv)
    src = SyntheticBreather("calm", pacer=s.pacer, seed=1)
    run(s, src)
    assert len(s.breaths) >= len(s.pacer.cycles) - 1
    assert sum(b.sync for b in s.breaths) / len(s.breaths) > 0.85
    assert after_measuring(s)[-1] == 6.5


def test_a_gasp_eases_the_pacer_back_one_step():
    s = following(adaptive_level(), gasp_cycle=8)
    assert s.gasps == 1 and s.plan is not None
    assert s.plan.decisions.count("shorter") == 1
    eased = s.plan.decisions.index("shorter")
    assert eased == 9  # decided as the cycle after the gasp starts
    assert s.pacer.cycles[eased].exhale_s == s.pacer.cycles[eased - 1].exhale_s - 0.5


def test_ramped_target_is_never_passed():
    pat = Pattern(inhale_s=4, exhale_s=4, ramps=(Ramp(field="exhale", to=8, over_cycles=20),))
    s = following(adaptive_level(pattern=pat, duration_s=200.0), natural=(2.0, 3.0), own_until_s=25.0)
    assert_within_limits(s.level, s.pacer)
    assert after_measuring(s)[-1] > 5.0


def test_clamp_slows_a_fast_rhythm_with_the_in_breath_not_the_exhale():
    lv = adaptive_level(safety=Safety(max_breaths_per_minute=10.0))
    r = clamp_to_level(Rhythm(inhale_s=1.0, exhale_s=1.0), lv, 5)
    assert r.exhale_s == EXHALE_FLOOR_S  # the floor, not a stretch past what the player did
    assert r.cycle_s == pytest.approx(6.0) and r.inhale_s == pytest.approx(4.0)
    long = clamp_to_level(Rhythm(inhale_s=9.0, exhale_s=9.0, hold_in_s=3.0), lv, 0)
    assert long == Rhythm(inhale_s=4.5, exhale_s=6.5)  # never past the pattern; no hold it doesn't have


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    natural_in=st.floats(0.5, 8.0),
    natural_out=st.floats(0.5, 10.0),
    own_until=st.floats(0.0, 40.0),
    cap=st.one_of(st.none(), st.floats(0.5, 9.0)),
    share=st.floats(0.3, 1.2),
    lag=st.floats(0.0, 1.5),
    jitter=st.floats(0.0, 0.4),
    seed=st.integers(0, 10_000),
    max_bpm=st.floats(6.0, 20.0),
    step=st.floats(0.1, 1.5),
    hold=st.floats(0.0, 4.0),
)
def test_adaptive_never_passes_the_target_or_the_safety_limits(
    natural_in, natural_out, own_until, cap, share, lag, jitter, seed, max_bpm, step, hold
):
    lv = adaptive_level(
        pattern=Pattern(inhale_s=4.0, hold_in_s=hold, exhale_s=6.0),
        duration_s=90.0,
        adaptive=Adaptive(enabled=True, measure_cycles=2, step_s=step),
        safety=Safety(max_breaths_per_minute=max_bpm),
    )
    s = PlaySession(lv)
    src = Follower(
        s,
        natural=(natural_in, natural_out),
        own_until_s=own_until,
        cap_s=cap,
        share=share,
        lag_s=lag,
        jitter=jitter,
        seed=seed,
    )
    while not s.finished:
        s.step(0.05, src)
    assert_within_limits(lv, s.pacer)
    # Past the measuring the exhale grows only on an exhale that kept up, so it stays within one step of
    # the longest the player actually breathed out (or at the floor).
    longest = max((b.exhale_s for b in s.breaths), default=0.0)
    limit = max(longest / KEEP_UP + step, EXHALE_FLOOR_S) + 1e-6
    assert max(after_measuring(s), default=0.0) <= limit
