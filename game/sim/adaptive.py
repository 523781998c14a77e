"""Adaptive pacing: start at the player's own rhythm and ease toward the level's pattern, never past it.

The plan decides each pacer cycle as it starts (see `Pacer`), from the breaths it has been shown:

1. For the first `measure_cycles` cycles the pacer runs the pattern's first cycle while the plan measures
   the player's natural exhale and in-breath (the median of their breaths so far).
2. Then the pacer starts from that rhythm, with no holds: the player didn't do any.
3. Each later cycle the exhale moves `step_s` toward the pattern while the player keeps up, stays put when
   the evidence is unclear, and eases back `step_s` when they struggle. The in-breath follows gently
   toward the pattern's; holds ease in only once the exhale has reached its target, and ease out first.

Every cycle is clamped to the level's limits: never faster than `Safety.max_breaths_per_minute` (a longer
in-breath slows it), never a hold past `Safety.max_hold_s` or the pattern's own, never an exhale past the
pattern's (ramps included), never below a comfortable floor.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from game.content.model import Level
from game.sim.breaths import Breath
from game.sim.pacer import level_phases

KEEP_UP = 0.85  # an exhale reaching this share of the pacer's counts as keeping up
SYNC_OK = 0.5  # ...when it also overlaps the pacer's exhale this well
EXHALE_FLOOR_S = 2.0  # the pacer never asks for a shorter exhale (unless the pattern itself does)
INHALE_FLOOR_S = 1.5
INHALE_SHARE = 0.5  # the in-breath moves at half the exhale's step: it follows, it doesn't lead
SAME_S = 0.05  # two pacer lengths this close are the same length
SHORT_RUN = 2  # this many short exhales in a row mean the pace is too much for now


@dataclass(frozen=True, slots=True)
class Rhythm:
    """A breath rhythm in seconds per phase."""

    inhale_s: float
    exhale_s: float
    hold_in_s: float = 0.0
    hold_out_s: float = 0.0

    @property
    def cycle_s(self) -> float:
        return self.inhale_s + self.hold_in_s + self.exhale_s + self.hold_out_s

    def phases(self) -> dict[str, float]:
        return {
            "inhale": self.inhale_s,
            "hold_in": self.hold_in_s,
            "exhale": self.exhale_s,
            "hold_out": self.hold_out_s,
        }


def _toward(value: float, target: float, step: float) -> float:
    """`value` moved by at most `step` toward `target`, never past it."""
    if value < target:
        return min(target, value + step)
    return max(target, value - step)


def clamp_to_level(r: Rhythm, level: Level, cycle: int) -> Rhythm:
    """`r` within the level's limits for cycle `cycle` (0-based).

    The exhale and holds stay at or below the pattern's (ramps applied) and the exhale above its floor; the
    time between exhales (in-breath plus holds) stays at or below the pattern's, so a player who pauses
    between breaths starts with a longer in-breath that then eases toward the pattern's. Last, a cycle
    faster than the level's safe breaths per minute is slowed by a longer in-breath. Safety wins over
    every target.
    """
    target = level_phases(level, cycle)
    max_hold = level.safety.max_hold_s
    exhale = min(target["exhale"], max(min(EXHALE_FLOOR_S, target["exhale"]), r.exhale_s))
    hold_in = max(0.0, min(r.hold_in_s, target["hold_in"], max_hold))
    hold_out = max(0.0, min(r.hold_out_s, target["hold_out"], max_hold))
    gap = target["inhale"] + target["hold_in"] + target["hold_out"] - hold_in - hold_out
    inhale = min(max(gap, INHALE_FLOOR_S), max(min(INHALE_FLOOR_S, target["inhale"]), r.inhale_s))
    bpm = level.safety.max_breaths_per_minute
    short = (60.0 / bpm if bpm > 0 else 0.0) - (inhale + exhale + hold_in + hold_out)
    if short > 1e-9:
        # Slower is the safe side, and the in-breath is where it costs nothing: a longer exhale than the
        # player showed would be pushing, and a hold would be one they didn't do.
        inhale += short
    return Rhythm(inhale_s=inhale, exhale_s=exhale, hold_in_s=hold_in, hold_out_s=hold_out)


class AdaptivePlan:
    """Decides each adaptive pacer cycle from the breaths seen so far. Pure: no clock, no randomness.

    The session shows it every finished breath (`observe`) and every gasp (`note_gasp`); the pacer asks
    `next_cycle` as each cycle starts.

    Attributes:
        natural: the player's measured rhythm, once the measuring cycles are over (else None).
        decisions: one word per cycle decided: "measure", "start", "longer", "same" or "shorter".
    """

    def __init__(self, level: Level) -> None:
        self.level = level
        self.measure_cycles = max(0, level.adaptive.measure_cycles)
        self.step_s = max(0.0, level.adaptive.step_s)
        self.natural: Rhythm | None = None
        self.decisions: list[str] = []
        self._current: Rhythm | None = None
        self._breaths: list[Breath] = []
        self._fresh: list[Breath] = []  # sure breaths since the last decision
        self._short_run = 0
        self._gasped = False

    @property
    def measuring(self) -> bool:
        """True while the plan is still finding the player's own rhythm."""
        return self._current is None

    @property
    def current(self) -> Rhythm | None:
        """The rhythm of the last cycle decided after measuring, or None while measuring."""
        return self._current

    def observe(self, breath: Breath) -> None:
        """A breath the player finished. Unsure breaths are left out: they neither speed nor slow it."""
        if not breath.sure:
            return
        if self.measuring:
            self._breaths.append(breath)  # only the measuring needs history: memory stays flat in long plays
        self._fresh.append(breath)
        self._short_run = self._short_run + 1 if self._short(breath) else 0

    def note_gasp(self) -> None:
        """A sharp short in-breath: the next cycle eases back one step."""
        self._gasped = True

    def next_cycle(self, index: int, start_s: float) -> dict[str, float]:
        """Phase seconds for cycle `index` (see `CyclePlan`)."""
        if index < self.measure_cycles:
            self.decisions.append("measure")
            first = level_phases(self.level, 0)
            r = Rhythm(first["inhale"], first["exhale"], first["hold_in"], first["hold_out"])
            self._fresh.clear()
            self._gasped = False
            return clamp_to_level(r, self.level, 0).phases()
        if self._current is None:
            self.natural = self._measure()
            self._current = clamp_to_level(self.natural, self.level, index)
            self._short_run = 0  # short against the pattern is not short against their own rhythm
            self.decisions.append("start")
        else:
            self._current = self._decide(index, self._current)
        self._fresh.clear()
        self._gasped = False
        return self._current.phases()

    def _short(self, b: Breath) -> bool:
        return b.exhale_s < KEEP_UP * b.target_exhale_s

    def _kept_up(self, b: Breath) -> bool:
        return not self._short(b) and b.sync >= SYNC_OK

    def _measure(self) -> Rhythm:
        """The player's own rhythm; the pattern's first cycle stands in for what wasn't seen."""
        first = level_phases(self.level, 0)
        exhales = [b.exhale_s for b in self._breaths]
        inhales = [b.inhale_s for b in self._breaths if b.inhale_s is not None]
        return Rhythm(
            inhale_s=statistics.median(inhales) if inhales else first["inhale"],
            exhale_s=statistics.median(exhales) if exhales else first["exhale"],
        )

    def _decide(self, index: int, cur: Rhythm) -> Rhythm:
        target = level_phases(self.level, index)
        step = self.step_s
        latest = self._fresh[-1] if self._fresh else None
        # Evidence only counts about the length the pacer is at now: a breath from before the last change
        # says nothing about whether the new length suits (and would make the pacer run ahead, or pile on).
        struggled = self._gasped or (
            latest is not None
            and self._short_run >= SHORT_RUN
            and latest.target_exhale_s <= cur.exhale_s + SAME_S
        )
        kept_up = (
            latest is not None and self._kept_up(latest) and latest.target_exhale_s >= cur.exhale_s - SAME_S
        )
        if struggled:
            if cur.hold_in_s > 0 or cur.hold_out_s > 0:
                nxt = Rhythm(
                    cur.inhale_s,
                    cur.exhale_s,
                    max(0.0, cur.hold_in_s - step),
                    max(0.0, cur.hold_out_s - step),
                )
            else:
                # The in-breath drifts back toward the player's own too, or the pace would stay slowed.
                home = self.natural.inhale_s if self.natural is not None else cur.inhale_s
                nxt = Rhythm(_toward(cur.inhale_s, home, step * INHALE_SHARE), cur.exhale_s - step)
            word = "shorter"
        elif kept_up:
            inhale = _toward(cur.inhale_s, target["inhale"], step * INHALE_SHARE)
            if cur.exhale_s < target["exhale"]:
                nxt = Rhythm(
                    inhale, _toward(cur.exhale_s, target["exhale"], step), cur.hold_in_s, cur.hold_out_s
                )
            else:
                hold_in = _toward(cur.hold_in_s, target["hold_in"], step)
                hold_out = _toward(cur.hold_out_s, target["hold_out"], step)
                nxt = Rhythm(inhale, cur.exhale_s, hold_in, hold_out)
            word = "longer"
        else:
            nxt = cur
            word = "same"
        clamped = clamp_to_level(nxt, self.level, index)
        if word == "longer" and clamped == cur:
            word = "same"
        self.decisions.append(word)
        return clamped
