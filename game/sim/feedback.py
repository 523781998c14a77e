"""What the results screen says: a few plain sentences on what went well and one gentle suggestion.

Every sentence is built from what happened (the pace against the guide's, exhale length, steadiness), so
two different sessions read differently and the same session always reads the same: no randomness. The
player's breath key and its direction come in as a `BreathKey`, so the words match their settings.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from game.content.model import Level
from game.sim.breaths import Breath
from game.sim.scoring import LENGTH_GRACE, Summary

# Pace against the guide's: beyond these ratios the rhythm is "quick" or "slow", not "settling".
QUICK = 1.5
SLOW = 0.6
FREE_QUICK_BPM = 20.0  # with no guide, quicker than this is hurried breathing for a calm game


@dataclass(frozen=True, slots=True)
class BreathKey:
    """The keyboard breath as the player set it up: the key's name and whether it is held breathing in."""

    name: str = "SPACE"
    reversed: bool = False

    def how(self) -> str:
        """'holding B as you breathe out', or the reversed way round."""
        if self.reversed:
            return f"holding {self.name} as you breathe in and letting it go as you breathe out"
        return f"holding {self.name} as you breathe out"


def sure_breaths(s: Summary) -> list[Breath]:
    return [b for b in s.breaths if b.sure]


def guide_exhale_s(level: Level, s: Summary) -> float:
    """The guide's exhale over the session (ramps and adaptive pacing move it): the mean per-breath target."""
    targets = [b.target_exhale_s for b in sure_breaths(s) if b.target_exhale_s > 0]
    return statistics.fmean(targets) if targets else level.pattern.exhale_s


def guide_bpm(level: Level, s: Summary) -> float | None:
    """The guide's breaths a minute, scaled as its exhale was scaled; None on a level without a guide."""
    p = level.pattern
    if not level.show_pacer or p.cycle_s <= 0 or p.exhale_s <= 0:
        return None
    scale = guide_exhale_s(level, s) / p.exhale_s
    return 60.0 / (p.cycle_s * scale)


def pace(level: Level, s: Summary) -> str | None:
    """'quick', 'slow' or 'near' the guide's pace (or a calm free pace); None when too few breaths."""
    bpm = s.breaths_per_minute
    if bpm is None:
        return None
    target = guide_bpm(level, s)
    if target is None:
        return "quick" if bpm > FREE_QUICK_BPM else "near"
    if bpm > QUICK * target:
        return "quick"
    if bpm < SLOW * target:
        return "slow"
    return "near"


def rate_per_breath(s: Summary) -> tuple[float, ...]:
    """Breaths a minute breath by breath (60 / its cycle): the picture for a level too short for minutes."""
    return tuple(60.0 / b.cycle_s for b in sure_breaths(s) if b.cycle_s)


def num(x: float) -> str:
    """A figure as a person says it: 5.5, 6 (not 6.0), 12."""
    return f"{x:.1f}".removesuffix(".0") if x < 10 else f"{x:.0f}"


def _minutes(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} seconds"
    return f"{seconds / 60:.0f} minutes"


def what_went_well(level: Level, s: Summary) -> list[str]:
    sure = sure_breaths(s)
    if not sure:
        return ["This one was just for arriving. No breaths were measured, and that's fine."]
    lines = []
    target = guide_exhale_s(level, s)
    reached = sum(1 for b in sure if b.exhale_s >= target * LENGTH_GRACE)
    if s.average_exhale_s is not None and s.longest_exhale_s is not None:
        if level.show_pacer and reached:
            lines.append(
                f"{reached} of {len(sure)} out-breaths reached the guide's {num(target)} s; "
                f"the longest was {s.longest_exhale_s:.1f} s."
            )
        else:
            lines.append(
                f"Your exhales averaged {s.average_exhale_s:.1f} s, longest {s.longest_exhale_s:.1f} s."
            )
    how = pace(level, s)
    bpm, target_bpm = s.breaths_per_minute, guide_bpm(level, s)
    if how == "quick" or bpm is None:
        # Hurried breathing is not a rhythm "settling": say what was done, and leave the pace to the advice.
        lines.append(f"You kept breathing all the way through: {len(sure)} breaths in {_minutes(s.seconds)}.")
    elif how == "slow" and target_bpm is not None:
        lines.append(
            f"You took your time: {bpm:.1f} breaths a minute, slower than the guide's {num(target_bpm)}."
        )
    else:
        steady = s.steadiness is not None and s.steadiness >= 0.7
        word = "steady" if steady else "settling"
        close = f", close to the guide's {num(target_bpm)}" if target_bpm is not None else ""
        lines.append(f"Rhythm {word} at {bpm:.1f} breaths a minute over {len(sure)} breaths{close}.")
    if s.average_ratio is not None and s.average_ratio >= 1.2:
        lines.append(f"Your out-breaths were {s.average_ratio:.1f} times as long as your in-breaths.")
    elif s.average_fullness is not None and s.average_fullness >= 0.8:
        lines.append("Your exhales were full and unbroken.")
    elif level.show_pacer and s.average_sync is not None and s.average_sync >= 0.6:
        lines.append(f"You breathed out with the circle {s.average_sync:.0%} of the time.")
    return lines[:3]


def gentle_moments(s: Summary) -> str | None:
    """The quick breaths in and long pauses noticed, said plainly: information, never a judgement."""
    parts = []
    if s.gasps:
        parts.append(f"{s.gasps} quick breath{'s' if s.gasps != 1 else ''} in")
    if s.freezes:
        parts.append(f"{s.freezes} long pause{'s' if s.freezes != 1 else ''}")
    if not parts:
        return None
    return " and ".join(parts) + ". That happens; a soft sigh out is always a good way back."


def gentle_suggestion(level: Level, s: Summary, key: BreathKey | None = None) -> str:
    key = key or BreathKey()
    sure = sure_breaths(s)
    if not sure:
        return f"Next time, try {key.how()} (or breathing toward the microphone)."
    target = guide_exhale_s(level, s)
    target_bpm = guide_bpm(level, s)
    if pace(level, s) == "quick" and s.breaths_per_minute is not None:
        guide = f", where the guide breathes {num(target_bpm)}" if target_bpm is not None else ""
        return (
            f"Your breaths came quickly, about {s.breaths_per_minute:.0f} a minute{guide}. Let each "
            "out-breath last until the circle is small, then wait for it to grow again."
        )
    if s.average_exhale_s is not None and s.average_exhale_s < 0.8 * target:
        return (
            f"Let each out-breath drift a little longer, toward {num(target)} s, as if fogging a window "
            "slowly. No need to force it."
        )
    if s.steadiness is not None and s.steadiness < 0.6:
        return (
            "Try letting each breath take about the same time; the guide circle can carry the rhythm for you."
        )
    if level.show_pacer and s.average_sync is not None and s.average_sync < 0.5:
        return "Start breathing out as the circle begins to shrink, and let it lead you."
    if s.average_fullness is not None and s.average_fullness < 0.7:
        return "Let the exhale run all the way out in one soft stream before the next breath in."
    return _praise(level, s, target)


def _praise(level: Level, s: Summary, target: float) -> str:
    """Praise for a good session, naming its best part with its number: it varies as the play varies."""
    sure = sure_breaths(s)
    candidates: list[tuple[float, str]] = []
    if s.average_exhale_s is not None and target > 0:
        candidates.append(
            (
                0.9 * min(1.0, s.average_exhale_s / target),  # reaching the length is expected of a good run
                f"Lovely: your out-breaths averaged {s.average_exhale_s:.1f} s against the guide's "
                f"{num(target)} s.",
            )
        )
    if s.steadiness is not None:
        candidates.append((s.steadiness, f"Lovely and even: a {s.steadiness:.0%} steady rhythm."))
    if level.show_pacer and s.average_sync is not None:
        candidates.append(
            (s.average_sync, f"Lovely: you moved with the circle {s.average_sync:.0%} of the time.")
        )
    if s.average_fullness is not None:
        full = sum(1 for b in sure if b.fullness >= 0.7)
        candidates.append(
            (s.average_fullness, f"Lovely: {full} of {len(sure)} exhales ran full and unbroken.")
        )
    best = max(candidates, key=lambda c: c[0])[1] if candidates else "Lovely."
    return f"{best} Carry this pace with you for a few breaths after you stop."
