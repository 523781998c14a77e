"""Session figures, goals and stars. Pure functions of the breaths and the flow trace."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from game.content.limits import LENGTH_GRACE as LENGTH_GRACE  # within 5 % of a goal's seconds counts
from game.content.model import SCENE_EARNS, Goal, Level
from game.content.model import goal_label as default_goal_label
from game.sim.breaths import Breath
from game.sim.hum_figures import HumFigures
from game.sim.pacer import level_phases

FULL_EXHALE = 0.7  # fullness at which an exhale counts as "full"

FLOW_RATE_HZ = 10.0  # the flow trace kept for coherence is sampled at this rate


@dataclass(frozen=True, slots=True)
class GoalResult:
    goal: Goal
    label: str
    met: bool
    value: float  # what the player reached, in the goal's own unit


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the results screen and the report say about a session."""

    breaths: tuple[Breath, ...]
    seconds: float
    breaths_per_minute: float | None
    average_exhale_s: float | None
    longest_exhale_s: float | None
    average_inhale_s: float | None
    average_ratio: float | None
    average_sync: float | None
    average_fullness: float | None
    steadiness: float | None
    coherence: float | None
    bpm_by_minute: tuple[float, ...]
    goals: tuple[GoalResult, ...] = field(default_factory=tuple)
    stars: int = 0
    score: int = 0
    gasps: int = 0  # counted for the player's own picture only: never in stars or score
    freezes: int = 0
    scene_earned: int = 0  # what the scene earned (game/sim/scene_rules.py), for a scene goal
    hum: HumFigures | None = None  # a hum level heard by a microphone or recording: its hums; else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def breaths_per_minute(breaths: Sequence[Breath], seconds: float) -> float | None:
    """Rate from breath onsets: (n-1) cycles over the time they span; falls back to n per session minute."""
    starts = [b.start_s for b in breaths]
    if len(starts) >= 3 and starts[-1] > starts[0]:
        return 60.0 * (len(starts) - 1) / (starts[-1] - starts[0])
    if seconds >= 20 and starts:
        return 60.0 * len(starts) / seconds
    return None


def steadiness(breaths: Sequence[Breath], *, against_guide: bool = True) -> float | None:
    """1 when every cycle is the same length, falling to 0 as the coefficient of variation reaches 0.4.

    `against_guide` measures each cycle in the guide's own cycles (Breath.guide_cycles), so following a
    ramping guide is steady and holding 18 breaths a minute against it is not; on a level whose guide never
    changes this is the same figure as in seconds. Free breathing (no guide shown) measures seconds.
    """
    cycles: list[float] = [b.cycle_s for b in breaths if b.cycle_s]
    if against_guide:
        guided = [b.guide_cycles for b in breaths if b.cycle_s and b.guide_cycles]
        if len(guided) == len(cycles):
            cycles = [g for g in guided if g is not None]
    if len(cycles) < 3:
        return None
    cv = statistics.pstdev(cycles) / statistics.fmean(cycles)
    return max(0.0, 1.0 - cv / 0.4)


def coherence(flow: Sequence[float], *, rate_hz: float = FLOW_RATE_HZ) -> float | None:
    """Share of the flow signal's power near its dominant breathing frequency (0.03–0.5 Hz).

    A calm, regular rhythm puts most power in one narrow peak (close to 1); an irregular one spreads it.
    """
    x = np.asarray(flow, dtype=float)
    if x.size < rate_hz * 30:
        return None
    x = x - x.mean()
    power = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    freqs = np.fft.rfftfreq(x.size, d=1.0 / rate_hz)
    band = (freqs >= 0.03) & (freqs <= 0.5)
    total = power[band].sum()
    if total <= 0:
        return None
    peak_f = freqs[band][np.argmax(power[band])]
    near = band & (np.abs(freqs - peak_f) <= 0.015)
    return float(power[near].sum() / total)


def bpm_by_minute(breaths: Sequence[Breath], seconds: float) -> tuple[float, ...]:
    """The breathing rate in each minute of the session (a last part-minute of 20 s or more counts).

    From the cycle lengths of the breaths that start in that minute, so a minute holding 5.5 cycles reads 5.5
    rather than 5 or 6; a minute with fewer than two breaths falls back to counting them.
    """
    minutes = int(seconds // 60) + (1 if seconds % 60 >= 20 else 0)
    out = []
    for m in range(minutes):
        span = min(60.0, seconds - 60 * m)
        inside = [b for b in breaths if 60 * m <= b.start_s < 60 * m + span]
        cycles = [b.cycle_s for b in inside if b.cycle_s]
        if len(cycles) >= 2:
            out.append(60.0 / statistics.fmean(cycles))
        else:
            out.append(60.0 * len(inside) / span)
    return tuple(out)


def goal_label(goal: Goal) -> str:
    """The goal's own label, or the one wording of it (game/content/model.py)."""
    return goal.label or default_goal_label(goal)


def evaluate_goal(goal: Goal, s: Summary) -> GoalResult:
    sure = [b for b in s.breaths if b.sure]
    k = goal.kind
    value: float
    if k == "long_exhales":
        value = sum(1 for b in sure if b.exhale_s >= goal.seconds * LENGTH_GRACE)
        met = value >= goal.count
    elif k == "average_exhale":
        value = s.average_exhale_s or 0.0
        met = value >= goal.seconds * LENGTH_GRACE
    elif k == "breaths_per_minute":
        value = s.breaths_per_minute if s.breaths_per_minute is not None else float("inf")
        met = len(sure) >= 3 and value <= goal.at_most
    elif k == "steady":
        value = s.steadiness or 0.0
        met = round(value, 2) >= goal.at_least  # as shown to the player: 1.297 reads 1.30 and counts
    elif k == "in_sync":
        value = s.average_sync or 0.0
        met = round(value, 2) >= goal.at_least  # as shown to the player: 1.297 reads 1.30 and counts
    elif k == "exhale_ratio":
        value = s.average_ratio or 0.0
        met = round(value, 2) >= goal.at_least  # as shown to the player: 1.297 reads 1.30 and counts
    elif k == "full_exhales":
        value = sum(1 for b in sure if b.fullness >= FULL_EXHALE)
        met = value >= goal.count
    elif k == "scene":
        value = s.scene_earned
        met = value >= goal.count
    else:
        value, met = 0.0, False
    return GoalResult(goal, goal_label(goal), bool(met), float(value))


def summarise(
    level: Level,
    breaths: Sequence[Breath],
    seconds: float,
    flow: Sequence[float],
    *,
    gasps: int = 0,
    freezes: int = 0,
    hum: HumFigures | None = None,
    scene_earned: int = 0,
) -> Summary:
    """All session figures, goals met, stars (one per goal met, at most 3) and a 0–1000 score.

    `gasps`, `freezes` and `hum` (a hum level's hums) are only reported: stars and score never look at them.
    `scene_earned` is what the scene's rule counted in the play: a scene goal's value.
    """
    sure = [b for b in breaths if b.sure]
    exhales = [b.exhale_s for b in sure]
    inhales = [b.inhale_s for b in sure if b.inhale_s is not None]
    ratios = [b.ratio for b in sure if b.ratio is not None]
    base = Summary(
        breaths=tuple(breaths),
        seconds=seconds,
        breaths_per_minute=breaths_per_minute(sure, seconds),
        average_exhale_s=_mean(exhales),
        longest_exhale_s=max(exhales) if exhales else None,
        average_inhale_s=_mean(inhales),
        average_ratio=_mean(ratios),
        average_sync=_mean([b.sync for b in sure]),
        average_fullness=_mean([b.fullness for b in sure]),
        steadiness=steadiness(sure, against_guide=level.show_pacer),
        coherence=coherence(flow),
        bpm_by_minute=bpm_by_minute(sure, seconds),
        gasps=gasps,
        freezes=freezes,
        hum=hum,
        scene_earned=scene_earned,
    )
    results = tuple(evaluate_goal(g, base) for g in level.goals[:3])
    stars = sum(1 for r in results if r.met)
    return dataclasses.replace(base, goals=results, stars=stars, score=score(level, base))


def score(level: Level, s: Summary) -> int:
    """0–1000: exhale length against the pattern, fullness, steadiness and (when a pacer shows) sync.

    Length is the average exhale against the average of what the pattern asked at each breath (ramps and
    stages followed; with adaptive pacing, the pattern's, not the easier pace the pacer settled on)."""
    if not s.breaths:
        return 0
    sure = [b for b in s.breaths if b.sure]
    asked = [level_phases(level, b.cycle)["exhale"] for b in sure]
    target = statistics.fmean(asked) if asked else level_phases(level, 0)["exhale"]
    length = min(1.0, (s.average_exhale_s or 0.0) / target) if target > 0 else 1.0
    parts = [(length, 0.35), (s.average_fullness or 0.0, 0.25), (s.steadiness or 0.0, 0.2)]
    if level.show_pacer:
        parts.append((s.average_sync or 0.0, 0.2))
    total = sum(w for _, w in parts)
    return round(1000 * sum(v * w for v, w in parts) / total)


def goal_target(goal: Goal) -> tuple[float, str]:
    """(the number a goal's value is compared with, '>=' or '<=')."""
    if goal.kind in ("long_exhales", "full_exhales", "scene"):
        return float(goal.count), ">="
    if goal.kind == "average_exhale":
        return goal.seconds, ">="
    if goal.kind == "breaths_per_minute":
        return goal.at_most, "<="
    return goal.at_least, ">="


def goal_words(r: GoalResult) -> str:
    """What the player reached against what the goal needs, in plain words: why it was met or missed."""
    g, v = r.goal, r.value
    grace = num_s(g.seconds * LENGTH_GRACE)
    n = "exhale" if v == 1 else "exhales"  # v is a count here, or inf (too few breaths for a rate)
    if g.kind == "long_exhales":
        return f"{v:.0f} {n} of {num_s(g.seconds)} s or longer ({grace} s counts); needs {g.count}"
    if g.kind == "full_exhales":
        return f"{v:.0f} full, unbroken {n}; needs {g.count}"
    if g.kind == "scene":
        return (
            f"{SCENE_EARNS.get(g.scene, 'steps earned')} {v:.0f}; needs {g.count}"  # no plural to get wrong
        )
    if g.kind == "average_exhale":
        return f"exhales averaged {v:.2f} s; needs {num_s(g.seconds)} s (an average of {grace} s counts)"
    if g.kind == "breaths_per_minute":
        shown = "too few breaths to count" if v == float("inf") else f"{v:.2f} breaths a minute"
        return f"{shown}; needs at most {num_s(g.at_most)} (and 3 breaths or more)"
    what = {"steady": "steadiness", "in_sync": "in time with the guide", "exhale_ratio": "exhale:inhale"}
    return f"{what.get(g.kind, g.kind)} {v:.2f}; needs at least {g.at_least:.2f}"


def num_s(x: float) -> str:
    """6, 6.5, 5.7: seconds as a designer writes them."""
    return f"{round(x, 2):g}"


def goal_report(r: GoalResult) -> dict[str, object]:
    """One goal's result as `play --report` and `simulate --json` write it: the same shape in both."""
    target, compare = goal_target(r.goal)
    value = r.value if r.value != float("inf") else None
    return {
        "label": r.label,
        "kind": r.goal.kind,
        "met": r.met,
        "value": None if value is None else round(value, 3),
        "target": target,
        "compare": compare,
        **({"seconds": r.goal.seconds} if r.goal.kind == "long_exhales" else {}),
        "why": goal_words(r),
    }
