"""The pacer: where in the breath pattern the level is at any moment."""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from game.content.model import Level, Pattern

DOUBLE_INHALE_SPLIT = 0.72  # share of a double inhale spent on the first, long breath in
DOUBLE_INHALE_TOP = 0.8  # fullness reached by the first breath in; the sip tops it up to 1
GUIDE_FLOW = 0.8  # the guide's out-breath in flow units: a gentle one, as a held key reads
GUIDE_EDGE_S = 0.35  # the guide's out-breath starts and ends over this long


@dataclass(frozen=True, slots=True)
class Cycle:
    """One breath cycle of the pacer, in session seconds."""

    index: int
    start_s: float
    inhale_s: float
    hold_in_s: float
    exhale_s: float
    hold_out_s: float
    double_inhale: bool
    stage: int = -1  # index into Level.stages, -1 on a level without stages

    @property
    def duration_s(self) -> float:
        return self.inhale_s + self.hold_in_s + self.exhale_s + self.hold_out_s

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    @property
    def exhale_start_s(self) -> float:
        return self.start_s + self.inhale_s + self.hold_in_s

    @property
    def exhale_end_s(self) -> float:
        return self.exhale_start_s + self.exhale_s


@dataclass(frozen=True, slots=True)
class PacerState:
    """The pacer at one moment. `size` is target lung fullness 0..1."""

    phase: str  # inhale | inhale2 | hold_in | exhale | hold_out | done
    progress: float
    size: float
    phase_left_s: float
    cycle: int

    @property
    def exhaling(self) -> bool:
        return self.phase == "exhale"

    @property
    def guide_flow(self) -> float:
        """What the guide asks the breath to do, in the units of a reading's flow (0..1): a steady, gentle
        out-breath while it says "breathe out", nothing otherwise, with soft edges.

        Charts draw this against the player's flow, so following the guide well makes the two lines agree
        (drawing `size`, the lungs' fullness, they would run opposite: it falls as the air flows out).
        """
        if self.phase != "exhale":
            return 0.0
        elapsed = self.progress * self.phase_left_s / (1.0 - self.progress) if self.progress < 1.0 else 1.0
        edge = min(1.0, elapsed / GUIDE_EDGE_S, self.phase_left_s / GUIDE_EDGE_S)
        return GUIDE_FLOW * _ease(max(0.0, edge))


def _ease(x: float) -> float:
    """Sine ease in-out: breath speeds up and slows down gently at each turn."""
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, x)))


def phase_seconds(pattern: Pattern, cycle: int) -> dict[str, float]:
    """Seconds of each phase in cycle `cycle` (0-based), ramps applied (Pattern.seconds_at)."""
    return pattern.seconds_at(cycle)


def pattern_at(level: Level, cycle: int) -> tuple[Pattern, int, int]:
    """(the pattern cycle `cycle` of the level follows, the cycle counted within its stage, the stage's
    index or -1). Past the last stage the last one goes on (a duration cut, an adaptive plan's look ahead)."""
    start = 0
    for i, stage in enumerate(level.stages):
        if cycle < start + stage.cycles or i == len(level.stages) - 1:
            return stage.pattern, cycle - start, i
        start += stage.cycles
    return level.pattern, cycle, -1


def level_phases(level: Level, cycle: int) -> dict[str, float]:
    """Seconds of each phase in cycle `cycle` (0-based) of the level: its stage's pattern, ramps applied."""
    pattern, local, _ = pattern_at(level, cycle)
    return phase_seconds(pattern, local)


def stage_starts(level: Level) -> list[int]:
    """The first cycle of each stage."""
    starts, at = [], 0
    for stage in level.stages:
        starts.append(at)
        at += stage.cycles
    return starts


class CyclePlan(Protocol):
    """Decides each cycle's phase lengths as it starts (adaptive pacing is one)."""

    def next_cycle(self, index: int, start_s: float) -> Mapping[str, float]:
        """Seconds of `inhale`, `hold_in`, `exhale`, `hold_out` for cycle `index`, starting at `start_s`."""
        ...


class Pacer:
    """The level's breath pattern laid out in time, cycle by cycle.

    The session lasts `level.cycles` whole cycles, or `level.duration_s` seconds (the last cycle may be cut).
    Without a `plan` every cycle is known up front. With one, cycles are planned one at a time: a cycle is
    decided when the time reaches its start (the first time `state` or `cycle_at` is asked about it), so
    the plan can answer the breaths it has seen so far. Ask in time order.

    Args:
        level: the level whose pattern and length the pacer follows.
        plan: decides each cycle as it starts; None lays out the pattern (ramps included).
    """

    def __init__(self, level: Level, *, plan: CyclePlan | None = None) -> None:
        self.level = level
        self.pattern = level.pattern
        self.plan = plan
        self.cycles: list[Cycle] = []
        self._starts: list[float] = []
        self._limit_cycles = level.cycles
        self._limit_s = level.duration_s if level.cycles is None else None
        if self._limit_cycles is None and self._limit_s is None:
            self._limit_cycles = 10
        # A fixed pattern owes nothing to the breath, so lay it all out now; a plan waits for each start.
        self._total_s = 0.0
        self._plan_until(math.inf if plan is None else 0.0)

    @property
    def adaptive(self) -> bool:
        return self.plan is not None

    @property
    def complete(self) -> bool:
        """True once every cycle of the level is planned."""
        start = self.cycles[-1].end_s if self.cycles else 0.0
        if self._limit_cycles is not None:
            return len(self.cycles) >= self._limit_cycles
        assert self._limit_s is not None
        return start >= self._limit_s

    @property
    def total_s(self) -> float:
        """Session length. For a cycle-count level still being planned, the cycles left are counted at the
        pattern's own lengths (exact once the last cycle is planned)."""
        return self._total_s

    def _projected_total(self) -> float:
        if self._limit_s is not None:
            return self._limit_s
        end = self.cycles[-1].end_s if self.cycles else 0.0
        assert self._limit_cycles is not None
        left = range(len(self.cycles), self._limit_cycles)
        if not self.pattern.ramps and not self.level.stages:  # every cycle alike: no loop, however many
            return end + len(left) * self.pattern.cycle_s
        for k in left:  # the loader caps cycles (MAX_CYCLES), so this stays short
            end += sum(level_phases(self.level, k).values())
        return end

    def _plan_until(self, t: float) -> None:
        """Plan cycles until one covers time `t` or the level has all its cycles."""
        if self.cycles and t < self.cycles[-1].end_s:
            return  # the common case, every step: nothing new to plan
        while not self.complete and (not self.cycles or t >= self.cycles[-1].end_s):
            k = len(self.cycles)
            start = self.cycles[-1].end_s if self.cycles else 0.0
            p = level_phases(self.level, k) if self.plan is None else self.plan.next_cycle(k, start)
            pattern, _, stage = pattern_at(self.level, k)
            cycle = Cycle(
                k, start, p["inhale"], p["hold_in"], p["exhale"], p["hold_out"], pattern.double_inhale, stage
            )
            self.cycles.append(cycle)
            self._starts.append(start)
        self._total_s = self._projected_total()

    @property
    def planned(self) -> int:
        """Cycles planned so far (with an adaptive plan, only those that have started)."""
        return len(self.cycles)

    def exhale_spans(self, start: int = 0) -> list[tuple[float, float]]:
        """(start_s, end_s) of each pacer exhale planned so far from cycle `start` on: the guide a calm
        breather follows. With a plan this is only the cycles that have started; more come as play goes."""
        total = self.total_s
        return [(c.exhale_start_s, min(c.exhale_end_s, total)) for c in self.cycles[start:]]

    def cycle_at(self, t: float) -> Cycle:
        self._plan_until(t)
        i = max(0, bisect.bisect_right(self._starts, t) - 1)
        return self.cycles[i]

    def state(self, t: float) -> PacerState:
        """Where the pacer is at session time `t`. Before 0 it waits, empty, ready to breathe in."""
        if t < 0:
            return PacerState("inhale", 0.0, 0.0, -t, 0)
        self._plan_until(t)
        if t >= self.total_s or not self.cycles:
            return PacerState("done", 1.0, 0.0, 0.0, len(self.cycles))
        c = self.cycle_at(t)
        x = t - c.start_s
        if x < c.inhale_s:
            if c.double_inhale:
                first = c.inhale_s * DOUBLE_INHALE_SPLIT
                if x < first:
                    return PacerState(
                        "inhale", x / first, DOUBLE_INHALE_TOP * _ease(x / first), first - x, c.index
                    )
                sip = c.inhale_s - first
                y = (x - first) / sip
                size = DOUBLE_INHALE_TOP + (1 - DOUBLE_INHALE_TOP) * _ease(y)
                return PacerState("inhale2", y, size, c.inhale_s - x, c.index)
            return PacerState("inhale", x / c.inhale_s, _ease(x / c.inhale_s), c.inhale_s - x, c.index)
        x -= c.inhale_s
        if x < c.hold_in_s:
            return PacerState("hold_in", x / c.hold_in_s, 1.0, c.hold_in_s - x, c.index)
        x -= c.hold_in_s
        if x < c.exhale_s:
            return PacerState("exhale", x / c.exhale_s, 1.0 - _ease(x / c.exhale_s), c.exhale_s - x, c.index)
        x -= c.exhale_s
        hold = max(c.hold_out_s, 1e-9)
        return PacerState("hold_out", min(1.0, x / hold), 0.0, max(0.0, c.hold_out_s - x), c.index)


def first_cycle_pattern(level: Level) -> dict[str, float]:
    """The first cycle's phase seconds, as `exhale levels --json` reports them."""
    p = level_phases(level, 0)
    return {
        "inhale_s": p["inhale"],
        "hold_in_s": p["hold_in"],
        "exhale_s": p["exhale"],
        "hold_out_s": p["hold_out"],
    }
