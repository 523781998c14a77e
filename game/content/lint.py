"""The safety lint and goal checks of a readable level (round two of validation, PRODUCT.md section 4):
holds, pace, calm exhales, ramps that don't finish, the whole length, goals the pacer can't reach. It runs
only on a file with no errors, so every value it sees was written by the designer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .limits import (
    ADAPTIVE_SLACK_S,
    HOLD_LIMIT_S,
    HOLD_WARN_S,
    LENGTH_GRACE,
    LONG_SESSION_S,
    MAX_CYCLES,
    MAX_LEVEL_S,
    PACE_LIMIT_BPM,
    PACE_WARN_BPM,
)
from .model import CANDLE_LONG_EXHALE_S, SCENE_EARNS, Goal, Pattern, scene_param_range
from .reading import Doc, num
from .yaml_nodes import Entry, Map, Node

_PLAN_CAP = MAX_CYCLES  # cycles examined by the lint: all of a cycles level, 2000 of a duration level


@dataclass
class Where:
    """Where each part of the pattern was written, for lint messages."""

    pattern: Node | Entry
    phases: dict[str, Node | Entry]
    ramps: list[Node]
    length: Node | Entry  # the cycles / duration key
    max_bpm: Node | None = None  # safety.max_breaths_per_minute, when given


class Lint:
    """Safety and goal checks on a readable pattern (PRODUCT.md section 4)."""

    def __init__(
        self,
        doc: Doc,
        pattern: Pattern,
        where: Where,
        cycles: int | None | bool,
        duration: float | None,
        calm: bool,
        caution: str,
        *,
        plan: list[dict[str, float]] | None = None,
        prefix: str = "",
        scene: Mapping[str, object] | None = None,
    ) -> None:
        """`plan` gives every cycle's phases (a staged level's, laid out by the caller); `prefix` starts
        each field's path in messages ('stages[2].' for a stage's own pattern); `scene` holds the level's
        scene settings, for its scene goals."""
        self.doc, self.pattern, self.where = doc, pattern, where
        self.scene_params: Mapping[str, object] = scene or {}
        self.cycles = cycles if isinstance(cycles, int) and not isinstance(cycles, bool) else None
        self.duration, self.calm, self.caution = duration, calm, caution
        self.at = prefix
        self.plan = plan if plan is not None else self._plan()

    def _plan(self) -> list[dict[str, float]]:
        """The phase lengths of every cycle a player following the pacer will breathe (capped)."""
        plan: list[dict[str, float]] = []
        elapsed = 0.0
        while len(plan) < _PLAN_CAP:
            if self.cycles is not None and len(plan) >= self.cycles:
                break
            phases = self.pattern.seconds_at(len(plan))
            elapsed += sum(phases.values())
            if self.duration is not None and elapsed > self.duration + 1e-9 and plan:
                break
            plan.append(phases)
        return plan

    def _source(self, phase: str, cycle: int) -> Node | Entry:
        """The node to point at for `phase` in `cycle`: the ramp that shaped it, else the phase's value."""
        for ramp, node in zip(self.pattern.ramps, self.where.ramps, strict=False):
            if ramp.field == phase and cycle > ramp.start_cycle:
                return node
        return self.where.phases.get(phase, self.where.pattern)

    def run(
        self, goals: list[tuple[Goal, Map, str]], *, adaptive: bool, max_bpm: float, reach: bool = True
    ) -> None:
        """All the checks; `goals` as (goal, its node, its name in messages). With `adaptive` the pacer
        follows the player, never past the pattern, so goals are only checked against that ceiling;
        without `reach` (no pacer shown) only their labels are."""
        self.run_pattern()
        self.run_level(goals, adaptive=adaptive, max_bpm=max_bpm, reach=reach)

    def run_pattern(self) -> None:
        """The checks of one pattern's breaths (each stage's on its own)."""
        self._holds()
        self._pace()
        self._calm()
        self._ramps_fit()

    def run_level(
        self, goals: list[tuple[Goal, Map, str]], *, adaptive: bool, max_bpm: float, reach: bool = True
    ) -> None:
        """The checks of the whole level: its length, and its goals against the pacer and their labels."""
        self._session_length(adaptive=adaptive, max_bpm=max_bpm)
        for goal, node, name in goals:
            label_numbers(self.doc, goal, node, name)
            if not reach:
                continue
            if adaptive:
                self._goal_ceiling(goal, node, name)
            else:
                self._goal(goal, node, name)

    def _holds(self) -> None:
        for phase in ("hold_in", "hold_out"):
            cycle, value = max(enumerate(p[phase] for p in self.plan), key=lambda cv: cv[1])
            at, path = self._source(phase, cycle), f"{self.at}pattern.{phase}"
            if value > HOLD_LIMIT_S and not self.caution:
                self.doc.error(
                    at,
                    f"{path}: a {num(value)} s hold is over the {num(HOLD_LIMIT_S)} s limit; "
                    "shorten it or add 'safety: {caution: ...}' with a warning players will see",
                )
            elif value > HOLD_LIMIT_S:
                self.doc.warn(
                    at,
                    f"{path}: a {num(value)} s hold is over the {num(HOLD_LIMIT_S)} s limit "
                    "(allowed because of the caution)",
                )
            elif value > HOLD_WARN_S:
                self.doc.warn(
                    at,
                    f"{path}: a {num(value)} s hold is longer than {num(HOLD_WARN_S)} s; long holds can "
                    "make people light-headed, so keep holds at 10 s or less unless this level needs them",
                )

    def _pace(self) -> None:
        cycle, shortest = min(enumerate(sum(p.values()) for p in self.plan), key=lambda cv: cv[1])
        bpm = 60.0 / shortest
        at = self.where.pattern
        if cycle > 0 and self.where.ramps:
            at = self.where.ramps[0]
        when = f" (cycle {cycle}, counting from 0)" if cycle else ""
        pace = f"{self.at}pattern: {bpm:.1f} breaths per minute{when}"
        if bpm > PACE_LIMIT_BPM and not self.caution:
            self.doc.error(
                at,
                f"{pace} is over the limit of {num(PACE_LIMIT_BPM)}; slow the pattern down, or add "
                "'safety: {caution: ...}' with a warning players will see",
            )
        elif bpm > PACE_LIMIT_BPM:
            self.doc.warn(at, f"{pace} is over the limit of {num(PACE_LIMIT_BPM)} (allowed by the caution)")
        elif bpm > PACE_WARN_BPM:
            self.doc.warn(
                at,
                f"{pace} is faster than {num(PACE_WARN_BPM)}; fast breathing can make people light-headed, "
                "so slow the pattern down",
            )

    def max_pace(self, max_bpm: float, *, adaptive: bool) -> None:
        """Check `safety.max_breaths_per_minute` (`max_bpm`) against the pacing it limits."""
        at = self.where.max_bpm if self.where.max_bpm is not None else self.where.pattern
        path = "safety.max_breaths_per_minute"
        fastest = max(60.0 / sum(p.values()) for p in self.plan)
        if not adaptive:
            self.doc.warn(
                at,
                f"{path}: only adaptive pacing reads it ('adaptive: {{enabled: true}}'); "
                "this level's pacer follows the pattern",
            )
        elif max_bpm > PACE_WARN_BPM:
            self.doc.warn(
                at,
                f"{path}: {num(max_bpm)} lets the pacer go faster than {num(PACE_WARN_BPM)} breaths per "
                "minute; fast breathing can make people light-headed",
            )
        elif fastest > max_bpm + 1e-9:
            self.doc.warn(
                at,
                f"{path}: the pattern reaches {fastest:.1f} breaths per minute, faster than this limit of "
                f"{num(max_bpm)}, so the pacer never reaches it (it lengthens the breath in instead)",
            )

    def _calm(self) -> None:
        if not self.calm:
            return
        for cycle, p in enumerate(self.plan):
            if p["exhale"] < p["inhale"] - 1e-9:
                when = f" in cycle {cycle} (counting from 0)" if cycle else ""
                self.doc.warn(
                    self._source("exhale", cycle),
                    f"{self.at}pattern.exhale: the exhale ({num(p['exhale'])} s) is shorter than the inhale "
                    f"({num(p['inhale'])} s){when} in a calm level; "
                    "lengthen the exhale or set 'calm: false'",
                )
                return

    def _ramps_fit(self) -> None:
        if self.cycles is not None:
            n = self.cycles
            who = "the stage" if self.at else "the level"  # a stage's own ramp must finish inside it
            has, only = f"{who} has {n}", f"{who} has only {n} cycles"
        elif self.duration is not None and len(self.plan) < _PLAN_CAP:
            # The pacer cuts the last cycle at the duration; count only the cycles that fit whole.
            n = len(self.plan)
            has = only = (
                f"the level's {num(self.duration)} s hold only {n} whole cycle{'s' if n != 1 else ''}"
            )
        else:
            return
        for i, (ramp, node) in enumerate(zip(self.pattern.ramps, self.where.ramps, strict=False), 1):
            if ramp.start_cycle >= n:
                self.doc.warn(
                    node,
                    f"{self.at}pattern.ramp[{i}]: starts at cycle {ramp.start_cycle} (counting from 0) "
                    f"but {only}, so it never happens",
                )
            elif ramp.start_cycle + ramp.over_cycles >= n:
                reached = self.pattern.seconds_at(n - 1)[ramp.field]
                self.doc.warn(
                    node,
                    f"{self.at}pattern.ramp[{i}]: needs {ramp.start_cycle + ramp.over_cycles + 1} cycles "
                    f"to reach {num(ramp.to)} s but {has}; {ramp.field} stops at {reached:.1f} s",
                )

    def _session_length(self, *, adaptive: bool, max_bpm: float) -> None:
        """The total length: an error past MAX_LEVEL_S, a warning past LONG_SESSION_S. A cycles level's
        plan holds every cycle (MAX_CYCLES is the plan's cap); an adaptive pacer may make each one longer
        than the pattern's, up to the slack of its in-breath floor or one cycle at the speed limit."""
        at = self.where.length
        if self.duration is not None:
            total = self.duration  # its own range already keeps it within MAX_LEVEL_S
        else:
            lengths = [sum(p.values()) for p in self.plan]
            if adaptive:
                slowest = 60.0 / max_bpm if max_bpm > 0 else 0.0
                lengths = [max(c + ADAPTIVE_SLACK_S, slowest) for c in lengths]
            total = sum(lengths)
        if total > MAX_LEVEL_S:
            n = len(self.plan)
            lasts = "with adaptive pacing this level can last up to" if adaptive else "this level lasts"
            self.doc.error(
                at,
                f"{lasts} {total / 60:.0f} minutes ({n} cycles); a level may last at most "
                f"{MAX_LEVEL_S // 3600} hours: use fewer cycles or shorter phases",
            )
        elif total > LONG_SESSION_S:
            self.doc.warn(
                at, f"this level lasts over {LONG_SESSION_S // 60} minutes; consider a shorter session"
            )

    def _earning_exhale_s(self, scene: str) -> float:
        """How long an exhale must be to earn `scene` a step (game/sim/scene_rules.py)."""
        if scene == "candle":
            return CANDLE_LONG_EXHALE_S
        default, _, _ = scene_param_range(scene, "min_exhale_s")
        value = self.scene_params.get("min_exhale_s", default)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default

    def _scene_goal(self, goal: Goal, node: Map, name: str, *, adaptive: bool) -> None:
        """A scene goal against the pacer's exhales: the scene earns a step only for an exhale of at least
        min_exhale_s (the candle's: 4 s), with no grace, so a pacer giving fewer of those can't meet it (an
        error), and one whose exhales only just reach it is tight (a warning)."""
        if goal.scene not in SCENE_EARNS:
            return
        need = self._earning_exhale_s(goal.scene)
        exhales = [p["exhale"] for p in self.plan]
        step = "a light needs a soft exhale" if goal.scene == "candle" else "a step needs an exhale"
        where = f"{step} of at least {num(need)} s" + (
            ", scene_params.min_exhale_s" if goal.scene != "candle" else ""
        )
        if adaptive:
            if max(exhales) < need - 1e-9:
                self.doc.error(
                    node,
                    f"{name}: {where}, but the pacer's longest is {num(round(max(exhales), 2))} s "
                    "(adaptive pacing never goes past the pattern); lengthen the exhale"
                    + (", or lower min_exhale_s" if goal.scene != "candle" else ""),
                )
            return
        earning = sum(1 for e in exhales if e >= need - 1e-9)
        comfortable = sum(1 for e in exhales if e * LENGTH_GRACE >= need - 1e-9)
        unit = SCENE_EARNS[goal.scene]
        if earning < goal.count:
            fix = f"ask for {earning} or fewer" if earning else "lengthen the exhale"
            if goal.scene != "candle" and earning < len(exhales):  # some exhales fall short of it
                fix += ", or lower min_exhale_s"
            self.doc.error(
                node,
                f"{name}: following the pacer earns at most {earning} {unit} ({where}), fewer than the "
                f"{goal.count} asked; {fix}",
            )
        elif comfortable < goal.count:
            self.doc.warn(
                node,
                f"{name}: only {comfortable} of the pacer's exhales are comfortably longer than they need "
                f"to be ({where}), fewer than the {goal.count} asked; a real exhale comes out a little "
                "short of the pacer's, so players may earn less",
            )

    def _goal_ceiling(self, goal: Goal, node: Map, name: str) -> None:
        """For adaptive pacing: a goal's seconds past the longest exhale the pacer can reach (the pattern's,
        with the game's 5 % of grace) can't be met: an error."""
        if goal.kind == "scene":
            self._scene_goal(goal, node, name, adaptive=True)
        elif goal.kind in ("long_exhales", "average_exhale"):
            longest = max(p["exhale"] for p in self.plan)
            if goal.seconds * LENGTH_GRACE > longest + 1e-9:
                self.doc.error(
                    node,
                    f"{name}: asks for {num(goal.seconds)} s exhales but the pacer's longest is "
                    f"{num(round(longest, 2))} s (adaptive pacing never goes past the pattern); "
                    f"{_fix(goal, longest)}",
                )

    def _goal(self, goal: Goal, node: Map, name: str) -> None:
        """A goal that someone following the pacer exactly could not meet is an error. The game counts an
        exhale within 5 % of a goal's seconds, so a goal at the pacer's own length is fair, and one past it
        but within the grace only warned about (a real exhale comes out a little short)."""
        n = len(self.plan)
        exhales = [p["exhale"] for p in self.plan]
        total = sum(sum(p.values()) for p in self.plan)
        problem: str | None = None
        tight: str | None = None
        if goal.kind == "long_exhales":
            k = sum(1 for e in exhales if e >= goal.seconds * LENGTH_GRACE - 1e-9)
            full = sum(1 for e in exhales if e >= goal.seconds - 1e-9)
            if k < goal.count:
                problem = (
                    f"following the pacer gives only {k} exhales of {num(goal.seconds)} s or more, "
                    f"fewer than the {goal.count} asked; {_fix(goal, max(exhales), k)}"
                )
            elif full < goal.count:
                tight = (
                    f"following the pacer gives only {full} exhales of {num(goal.seconds)} s or more, "
                    f"fewer than the {goal.count} asked; only the game's 5 % of grace lets it count"
                )
        elif goal.kind == "full_exhales" and goal.count > n:
            problem = f"asks for {goal.count} exhales but the level has only {n} breaths"
        elif goal.kind == "scene":
            self._scene_goal(goal, node, name, adaptive=False)
        elif goal.kind == "average_exhale":
            mean = sum(exhales) / n
            if mean < goal.seconds * LENGTH_GRACE - 1e-9:
                problem = (
                    f"the pacer's exhales average {mean:.1f} s, less than the {num(goal.seconds)} s asked; "
                    f"{_fix(goal, mean)}"
                )
            elif mean < goal.seconds - 1e-9:
                tight = (
                    f"the pacer's exhales average {mean:.1f} s, less than the {num(goal.seconds)} s asked; "
                    "only the game's 5 % of grace lets it count"
                )
        elif goal.kind == "breaths_per_minute" and 60.0 * n / total > goal.at_most + 1e-9:
            problem = (
                f"following the pacer gives {60.0 * n / total:.1f} breaths per minute, "
                f"more than the {num(goal.at_most)} asked"
            )
        elif goal.kind == "exhale_ratio":
            # The game's "inhale" is all the time between two exhales, holds included.
            ratios = [p["exhale"] / (p["inhale"] + p["hold_in"] + p["hold_out"]) for p in self.plan]
            ratio = sum(ratios) / n
            if ratio < goal.at_least - 1e-9:
                holds = any(p["hold_in"] or p["hold_out"] for p in self.plan)
                why = (
                    " (the game counts holds as breathing in: exhale / (inhale + hold_in + hold_out))"
                    if holds
                    else ""
                )
                asked = num(goal.at_least)
                problem = f"the pacer's exhale:inhale ratio is {ratio:.2f}{why}, below the {asked} asked"
        if problem:
            self.doc.error(node, f"{name}: {problem}")
        elif tight:
            self.doc.warn(node, f"{name}: {tight}")


def _fix(goal: Goal, reach: float, count: int | None = None) -> str:
    """What to write instead: the seconds the pacer reaches, or the count it gives."""
    if count:
        return f"ask for {count} or fewer, or {num(round(reach, 1))} s or less"
    return f"ask for {num(round(reach, 1))} s or less"


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%?)")


def label_numbers(doc: Doc, goal: Goal, node: Map, name: str) -> None:
    """Warn when a goal's own label names a number the goal doesn't ask for ("5 long exhales" on a goal of
    count 6): the player is promised one thing and judged on another."""
    entry = node.entries.get("label")
    if entry is None or not goal.label:
        return
    values = {goal.seconds, float(goal.count), goal.at_least, goal.at_most, round(goal.at_least * 100, 6)}
    asked = _asked(goal)
    for match in _NUMBER.finditer(goal.label):
        number = float(match.group(1))
        if match.group(2):
            number = number / 100 if goal.kind != "exhale_ratio" else number
            ok = any(abs(number - v) < 1e-6 for v in (goal.at_least, goal.at_least * 100))
        else:
            ok = any(abs(number - v) < 1e-6 for v in values if v)
        if not ok:
            doc.warn(
                entry.value,
                f"{name}: the label says {match.group(0).strip()} but the goal asks for {asked}; "
                "make the label match, or leave it out for one made from the numbers",
            )
            return


def _asked(goal: Goal) -> str:
    if goal.kind == "long_exhales":
        return f"{goal.count} exhales of {num(goal.seconds)} s"
    if goal.kind == "average_exhale":
        return f"{num(goal.seconds)} s"
    if goal.kind == "breaths_per_minute":
        return f"at most {num(goal.at_most)} breaths a minute"
    if goal.kind == "full_exhales":
        return f"{goal.count} exhales"
    if goal.kind == "scene":
        return f"{goal.count} {SCENE_EARNS.get(goal.scene, 'steps')}"
    return f"at least {num(goal.at_least)}"
