"""Breathe now: a free practice session built from a few choices, no level file, no goals, no stars.

Pure: the choices (minutes, a pattern, a scene, focus) make an ordinary `Level` with a stable id, so the
session is played, kept in the history and replayed like any level. Numbers typed by the player are checked
against the same limits as level files (game/content/limits.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from game.content.limits import HOLD_LIMIT_S, HOLD_WARN_S, MAX_PHASE_S, MIN_PHASE_S, PACE_LIMIT_BPM
from game.content.model import SCENES, Level, Pattern


def num(x: float) -> str:
    return f"{x:g}"


PRACTICE_ID = "breathe-now"  # one id for every practice: its history, best run and replays are found by it
MINUTES = (1, 3, 5, 10)
DEFAULT_PATTERN = Pattern(inhale_s=4.0, exhale_s=6.0)
STEP_S = 0.5  # the picker changes your own numbers by half a second


class PatternError(ValueError):
    """Numbers that make no breath the game will guide; the message says which and why."""


@dataclass(frozen=True, slots=True)
class NamedPattern:
    name: str  # "Lengthen the exhale" or "Your own"
    pattern: Pattern


def pattern_text(p: Pattern) -> str:
    """IN-HOLD-OUT-HOLD, as `--pattern` takes it: "4-0-6-0"."""
    return "-".join(num(x) for x in (p.inhale_s, p.hold_in_s, p.exhale_s, p.hold_out_s))


def check_pattern(p: Pattern) -> list[str]:
    """Errors (empty: fine) with the limits a level file has: phase lengths, holds and pace."""
    errors = []
    for name, value in (("in", p.inhale_s), ("out", p.exhale_s)):
        if not MIN_PHASE_S <= value <= MAX_PHASE_S:
            errors.append(
                f"breathing {name} takes {num(MIN_PHASE_S)} to {num(MAX_PHASE_S)} s, not {num(value)}"
            )
    for value in (p.hold_in_s, p.hold_out_s):
        if not 0 <= value <= HOLD_LIMIT_S:
            errors.append(f"a hold lasts 0 to {num(HOLD_LIMIT_S)} s, not {num(value)}")
    if not errors and 60.0 / p.cycle_s > PACE_LIMIT_BPM:
        errors.append(f"that is {60.0 / p.cycle_s:.0f} breaths a minute; at most {num(PACE_LIMIT_BPM)}")
    return errors


def pattern_warnings(p: Pattern) -> list[str]:
    """What a level file's lint would warn about: long holds, exhales shorter than inhales."""
    out = []
    if max(p.hold_in_s, p.hold_out_s) > HOLD_WARN_S:
        out.append(f"holds over {num(HOLD_WARN_S)} s are not for everyone: stop if you feel dizzy")
    if p.exhale_s < p.inhale_s:
        out.append("a breath out shorter than the breath in is less calming")
    return out


def parse_pattern(text: str) -> Pattern:
    """ "4-7-8-0" (in, hold, out, hold, in seconds; "4-6" means no holds) -> a checked Pattern."""
    parts = text.replace(",", ".").split("-")
    if len(parts) not in (2, 4):
        raise PatternError(
            f"--pattern takes IN-HOLD-OUT-HOLD seconds (or IN-OUT), e.g. 4-0-6-0; got {text!r}"
        )
    try:
        values = [float(x) for x in parts]
    except ValueError:
        raise PatternError(f"--pattern takes numbers of seconds, e.g. 4-0-6-0; got {text!r}") from None
    if len(values) == 2:
        values = [values[0], 0.0, values[1], 0.0]
    if any(v != v for v in values):
        raise PatternError(f"--pattern takes numbers of seconds, e.g. 4-0-6-0; got {text!r}")
    pattern = Pattern(inhale_s=values[0], hold_in_s=values[1], exhale_s=values[2], hold_out_s=values[3])
    errors = check_pattern(pattern)
    if errors:
        raise PatternError(f"--pattern {text}: " + "; ".join(errors))
    return pattern


def campaign_patterns(levels: Iterable[Level]) -> list[NamedPattern]:
    """The guided patterns of the campaign, each once, named by the first level that breathes it."""
    seen: set[tuple[object, ...]] = set()
    out: list[NamedPattern] = []
    for level in levels:
        if not level.show_pacer:
            continue
        p = replace(level.pattern, cues=())
        key = (p.inhale_s, p.hold_in_s, p.exhale_s, p.hold_out_s, p.double_inhale, p.ramps)
        if key in seen:
            continue
        seen.add(key)
        out.append(NamedPattern(level.title, p))
    return out or [NamedPattern("Calm", DEFAULT_PATTERN)]


def nudge(p: Pattern, field: str, step: int) -> Pattern:
    """`field` ("inhale_s", ...) moved by `step` half-seconds, kept within the limits."""
    low = 0.0 if field.startswith("hold") else MIN_PHASE_S
    high = HOLD_LIMIT_S if field.startswith("hold") else MAX_PHASE_S
    value = min(high, max(low, getattr(p, field) + step * STEP_S))
    moved = replace(p, **{field: value})
    return moved if not check_pattern(moved) else p


@dataclass(frozen=True, slots=True)
class Practice:
    """The player's choices for one "breathe now" session."""

    minutes: int = 3
    pattern: NamedPattern = NamedPattern("Calm", DEFAULT_PATTERN)
    scene: str = "lake"
    focus: bool = False  # a large guide in the centre, the counters hidden

    def _breath_name(self) -> str:
        name = self.pattern.name
        return "your own breath" if name == "Your own" else f"the breath of {name}"

    def level(self) -> Level:
        """The session as a level: no goals (no stars), the chosen breath and scene, `minutes` long."""
        errors = check_pattern(self.pattern.pattern)
        if errors:
            raise PatternError("; ".join(errors))
        if self.scene not in SCENES:
            raise PatternError(f"unknown scene {self.scene!r}; choose one of {', '.join(SCENES)}")
        minutes = max(1, min(60, int(self.minutes)))
        return Level(
            id=PRACTICE_ID,
            title="Breathe now",
            intro=f"{minutes} min with {self._breath_name()}: no goals, no stars, just the breath.",
            scene=self.scene,
            pattern=self.pattern.pattern,
            duration_s=60.0 * minutes,
            goals=(),
        )


def is_practice(level: Level) -> bool:
    return level.id == PRACTICE_ID
