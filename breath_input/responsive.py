"""Synthetic breathers that respond to the level, for `exhale simulate` (issue 12, item 3).

The four kinds of `SyntheticBreather` are fixed: calm follows the guide closely, the other three ignore it.
These follow the guide, each with one human limit, so a preview can tell a gentle goal from a hard one:

    beginner: follows the guide as calm does, but tops out at 5 s exhales.
    hurried: starts with the guide, then each breath comes a little sooner than the last, down to 65 % of
        the guide's breath: the player who drifts faster.
    short_holds: breathes in and out with the guide but holds only a quarter of each hold, so on a level
        with holds they run ahead of it (on a level without holds this is a follower).

Each reads the pacer's cycles as they are planned (an adaptive pacer plans one as it starts); a breather
ahead of the pacer takes the last planned cycle as its guide. Deterministic for a given seed. Pure: no
pygame, no clock.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from breath_input.sources import BREATHERS, SilentAboutItself, SyntheticBreather
from breath_input.types import BreathReading, Phase

RESPONSIVE = ("beginner", "hurried", "short_holds")
ALL_BREATHERS = (*BREATHERS, *RESPONSIVE)
BEGINNER_MAX_EXHALE_S = 5.0
HURRY_PER_BREATH = 0.035  # each breath this much shorter than the last, as a share of the guide's
HURRY_FLOOR = 0.65
HOLD_SHARE = 0.25  # short_holds keeps this share of each hold
DESCRIPTIONS = {
    "calm": "follows the guide closely",
    "shallow": "short, weak exhales at about 18 breaths a minute, ignoring the guide",
    "anxious": "fast, about 18 a minute, exhales shorter than inhales, ignoring the guide",
    "erratic": "exhales and pauses of every length, ignoring the guide",
    "beginner": f"follows the guide, but exhales top out at {BEGINNER_MAX_EXHALE_S:g} s",
    "hurried": "starts with the guide, then drifts faster, each breath a little sooner",
    "short_holds": f"follows the guide but holds only {HOLD_SHARE:.0%} of each hold",
}


class GuideCycle(Protocol):
    """One of the pacer's cycles, as a breather following it reads it (game.sim.pacer.Cycle)."""

    @property
    def start_s(self) -> float: ...
    @property
    def inhale_s(self) -> float: ...
    @property
    def hold_in_s(self) -> float: ...
    @property
    def exhale_s(self) -> float: ...
    @property
    def hold_out_s(self) -> float: ...


class PacerCycles(Protocol):
    """The pacer as these breathers see it: its cycles planned so far."""

    @property
    def cycles(self) -> Sequence[GuideCycle]: ...


@dataclass(frozen=True, slots=True)
class _Exhale:
    start: float
    end: float
    peak: float


class ResponsiveBreather(SilentAboutItself):
    """A breather of one of the RESPONSIVE kinds, following `pacer` with its own limit."""

    name = "synthetic"
    backend = "synthetic"

    def __init__(self, kind: str, *, pacer: PacerCycles | None, seed: int = 1) -> None:
        if kind not in RESPONSIVE:
            raise ValueError(f"unknown breather {kind!r}; choose one of {', '.join(RESPONSIVE)}")
        self.kind = kind
        self.name = f"synthetic:{kind}"
        self._pacer = pacer
        self._rng = random.Random(seed)
        self._exhales: list[_Exhale] = []
        self._starts: list[float] = []
        self._next_start: float | None = None  # the next exhale's start, on the breather's own clock

    def _cycles(self) -> Sequence[GuideCycle]:
        return self._pacer.cycles if self._pacer is not None else ()  # no pacer: nothing to follow, silence

    def _guide(self, k: int) -> GuideCycle | None:
        cycles = self._cycles()
        if not cycles:
            return None
        return cycles[min(k, len(cycles) - 1)]

    def _plan_until(self, t: float) -> None:
        while len(self._exhales) < 20000:
            k = len(self._exhales)
            guide = self._guide(k)
            if guide is None:
                return
            if self.kind == "beginner":
                if k >= len(self._cycles()):
                    return  # it waits for the guide's next breath, like the calm breather
                start = guide.start_s + guide.inhale_s + guide.hold_in_s + 0.2 + self._rng.uniform(0.0, 0.25)
                length = min(guide.exhale_s, BEGINNER_MAX_EXHALE_S) * self._rng.uniform(0.92, 1.0)
            else:
                if self._next_start is None:
                    hold = guide.hold_in_s * (HOLD_SHARE if self.kind == "short_holds" else 1.0)
                    self._next_start = guide.start_s + guide.inhale_s + hold + 0.2
                start = self._next_start
                if start > t + 1.0:
                    return
                scale = max(HURRY_FLOOR, 1.0 - HURRY_PER_BREATH * k) if self.kind == "hurried" else 1.0
                length = guide.exhale_s * scale * self._rng.uniform(0.92, 1.0)
                nxt = self._guide(k + 1) or guide
                if self.kind == "hurried":
                    cycle = (guide.exhale_s + guide.hold_out_s + nxt.inhale_s + nxt.hold_in_s) * scale
                else:
                    cycle = guide.exhale_s + nxt.inhale_s + HOLD_SHARE * (guide.hold_out_s + nxt.hold_in_s)
                self._next_start = start + cycle
            self._exhales.append(_Exhale(start, start + length, self._rng.uniform(0.45, 0.6)))
            self._starts.append(start)

    def read(self, t: float) -> BreathReading:
        self._plan_until(t)
        i = bisect.bisect_right(self._starts, t) - 1
        if i >= 0 and t < self._exhales[i].end:
            e = self._exhales[i]
            x = (t - e.start) / (e.end - e.start)
            shape = min(1.0, x / 0.12) * (1.0 - 0.7 * x)  # a soft rise and a long taper, as calm's
            return BreathReading(t=t, phase=Phase.EXHALE, flow=e.peak * max(0.05, shape), confidence=0.95)
        return BreathReading(t=t, phase=Phase.INHALE, flow=0.0, confidence=0.95)


def make_breather(kind: str, *, pacer: object, seed: int = 1) -> SyntheticBreather | ResponsiveBreather:
    """Any breather of ALL_BREATHERS following (or not) the play's `pacer` (game.sim.pacer.Pacer)."""
    if kind in RESPONSIVE:
        return ResponsiveBreather(kind, pacer=pacer, seed=seed)  # type: ignore[arg-type]
    return SyntheticBreather(kind, pacer=pacer, seed=seed)  # type: ignore[arg-type]
