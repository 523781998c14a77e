"""Frozen dataclasses a level file loads into. The loader (loader.py) fills them; the game only reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

PHASE_FIELDS = ("inhale", "hold_in", "exhale", "hold_out")
SCENES = ("lake", "lanterns", "candle", "tree")
EXHALE_STYLES = ("air", "hum")  # how the microphone hears the exhale: airflow, or a steady hum as well
# The `scene_params` of each scene: the one table of them. The loader checks levels against it, the schema is
# written from it, the scene rules (game/sim/scene_rules.py) and the painters (game/render/) read their
# defaults and ranges from it, and docs/levels.md's table of them is generated from it (field_docs.py). Per
# name: "type" is "choice" (one of "choices"), "number" or "whole" (from "low" to "high"); "unit" is shown in
# messages; "doc" says what it does, in Markdown.
SCENE_PARAMS: Mapping[str, Mapping[str, Mapping[str, object]]] = {
    "lake": {
        "time_of_day": {
            "type": "choice",
            "choices": ("dusk", "day", "night"),
            "default": "dusk",
            "doc": "The light of the sky over the lake.",
        },
        "wind": {
            "type": "number",
            "low": 0.0,
            "high": 1.0,
            "default": 0.35,
            "doc": "How much the water ripples, from 0 (still water) to 1; the shipped levels use 0.1 to "
            "0.3.",
        },
    },
    "lanterns": {
        "min_exhale_s": {
            "type": "number",
            "low": 0.5,
            "high": 30.0,
            "unit": "seconds",
            "default": 4.0,
            "doc": "Seconds an exhale needs to release a lantern.",
        },
        "max_lanterns": {
            "type": "whole",
            "low": 1,
            "high": 200,
            "default": 40,
            "doc": "The most lanterns in the sky at once; more keep rising as the oldest fade.",
        },
    },
    "candle": {
        "soft_max": {
            "type": "number",
            "low": 0.3,
            "high": 1.0,
            "default": 0.9,
            "doc": (
                "How strong a breath may be and still count as soft (flow runs from 0, no breath, to 1, a "
                "strong one; holding the breath key reads as 0.8). Below it the flame leans away and "
                "dances, more with more breath; above it the flame gutters: smaller, dimmer, leaning hard, "
                "flickering fast; it never goes out and steadies again as the breath softens. Lower it to "
                "ask for a gentler breath; below 0.8 is a warning, because a held key would then always "
                "gutter the flame and keyboard players could never keep it soft. A microphone's flow is "
                "scaled to the player's own exhales, so the peak of an ordinary exhale reaches about 1."
            ),
        },
        "room": {
            "type": "choice",
            "choices": ("window", "table"),
            "default": "window",
            "doc": "Where the candle stands: `window`, a sill under a night window, or `table`, a table in a "
            "dim room.",
        },
    },
    "tree": {
        "min_exhale_s": {
            "type": "number",
            "low": 0.5,
            "high": 30.0,
            "unit": "seconds",
            "default": 4.0,
            "doc": "Seconds an exhale needs, in a settled rhythm, to grow the tree one step.",
        },
        "max_growth": {
            "type": "whole",
            "low": 1,
            "high": 100,
            "default": 24,
            "doc": (
                "How many calm breaths grow the tree fully; match it to the level's breaths so a calm "
                "session ends in bloom. A `scene` goal asks for this many steps at most."
            ),
        },
    },
}


# What each scene with rules earns, one step at a time (game/sim/scene_rules.py decides when; a test keeps the
# two in step): the words of a `scene` goal and of the results. The lake earns nothing to count.
SCENE_EARNS: Mapping[str, str] = {
    "tree": "growth steps",
    "candle": "soft long exhales",
    "lanterns": "lanterns released",
}
# On the candle, an exhale this long that stayed soft lights one small light on the sill (the rule reads it;
# the level checks compare a scene goal with the pacer's exhales by it).
CANDLE_LONG_EXHALE_S = 4.0
CANDLE_LIGHTS = (
    12  # sill lights the candle scene has room for (it keeps counting long soft exhales past them)
)


def scene_param_range(scene: str, name: str) -> tuple[float, float, float]:
    """(default, low, high) of a numeric scene setting, from SCENE_PARAMS."""
    spec = SCENE_PARAMS[scene][name]
    default, low, high = spec["default"], spec["low"], spec["high"]
    assert isinstance(default, int | float) and isinstance(low, int | float) and isinstance(high, int | float)
    return float(default), float(low), float(high)


def scene_param_choices(scene: str, name: str) -> tuple[str, tuple[str, ...]]:
    """(default, choices) of a choice scene setting, from SCENE_PARAMS."""
    spec = SCENE_PARAMS[scene][name]
    choices = spec["choices"]
    assert isinstance(choices, tuple)
    return str(spec["default"]), tuple(str(c) for c in choices)


GOAL_KINDS = (
    "long_exhales",  # `count` exhales of at least `seconds`
    "average_exhale",  # mean exhale length >= `seconds`
    "breaths_per_minute",  # session average breaths/min <= `at_most`
    "steady",  # rhythm steadiness (0..1) >= `at_least`
    "in_sync",  # mean sync with the pacer (0..1) >= `at_least`
    "exhale_ratio",  # mean exhale:inhale ratio >= `at_least`
    "full_exhales",  # `count` exhales with fullness >= 0.7
    "scene",  # the scene earned `count` steps: tree growth, sill lights, lanterns (SCENE_EARNS)
)


@dataclass(frozen=True, slots=True)
class Ramp:
    """One phase length changing linearly across cycles: `field` goes from the pattern's value to `to`
    between cycle `start_cycle` and cycle `start_cycle + over_cycles` (cycles count from 0)."""

    field: str
    to: float
    over_cycles: int
    start_cycle: int = 0


@dataclass(frozen=True, slots=True)
class Pattern:
    """Seconds of each phase in the first cycle. Holds may be 0. `double_inhale` splits the inhale into a
    long breath in and a short top-up sip (cyclic sighing)."""

    inhale_s: float = 4.0
    hold_in_s: float = 0.0
    exhale_s: float = 6.0
    hold_out_s: float = 0.0
    double_inhale: bool = False
    ramps: tuple[Ramp, ...] = ()
    cues: tuple[tuple[str, str], ...] = ()  # (phase, words shown during it): ("inhale", "through the nose")

    @property
    def cycle_s(self) -> float:
        return self.inhale_s + self.hold_in_s + self.exhale_s + self.hold_out_s

    def seconds_at(self, cycle: int) -> dict[str, float]:
        """Seconds of each phase in cycle `cycle` (from 0), ramps applied: each ramp moves its phase linearly
        from the pattern's value to `to` over its cycles. The one ramp evaluator: the pacer and the level
        checks both ask here."""
        base = {
            "inhale": self.inhale_s,
            "hold_in": self.hold_in_s,
            "exhale": self.exhale_s,
            "hold_out": self.hold_out_s,
        }
        values = dict(base)
        for ramp in self.ramps:  # at most one ramp per phase (the reader enforces it)
            x = min(1.0, max(0.0, (cycle - ramp.start_cycle) / max(1, ramp.over_cycles)))
            values[ramp.field] = base[ramp.field] + (ramp.to - base[ramp.field]) * x
        return values

    def cue(self, phase: str) -> str:
        """The words shown during `phase` ("inhale2", a double inhale's sip, shows the inhale's)."""
        phase = "inhale" if phase == "inhale2" else phase
        return next((text for name, text in self.cues if name == phase), "")


@dataclass(frozen=True, slots=True)
class Stage:
    """A named part of a level: `cycles` breaths of its own `pattern` (ramps count from the stage's first
    breath), with `cue` shown as it begins ("now add a short rest")."""

    name: str
    cycles: int
    pattern: Pattern
    cue: str = ""


@dataclass(frozen=True, slots=True)
class Goal:
    """A star goal. Which of `seconds`, `count`, `at_least`, `at_most` matter depends on `kind`; `scene`
    is the level's scene for a `scene` goal (the loader fills it), so its words name what that scene earns."""

    kind: str
    seconds: float = 0.0
    count: int = 0
    at_least: float = 0.0
    at_most: float = 0.0
    label: str = ""
    scene: str = ""


@dataclass(frozen=True, slots=True)
class Adaptive:
    """Opt-in adaptive pacing: start at the player's natural rate and ease toward the pattern."""

    enabled: bool = False
    measure_cycles: int = 3
    step_s: float = 0.5


@dataclass(frozen=True, slots=True)
class Safety:
    """Limits and an explicit caution; a level past the hard limits must carry `caution` text.

    `caution` and `max_breaths_per_minute` (the adaptive pacer's speed limit) come from the file's
    `safety:` section; `max_hold_s` isn't in the file format and keeps its default."""

    caution: str = ""
    max_hold_s: float = 20.0
    max_breaths_per_minute: float = 20.0


@dataclass(frozen=True, slots=True)
class Level:
    """A playable level. Exactly one of `cycles` / `duration_s` was given in the file (cycles win when the
    loader fills both)."""

    id: str
    title: str
    intro: str = ""
    tip: str = ""
    scene: str = "lake"
    scene_params: Mapping[str, object] = field(default_factory=dict)
    pattern: Pattern = field(default_factory=Pattern)
    cycles: int | None = None
    duration_s: float | None = None
    show_pacer: bool = True
    calm: bool = True
    audio_guide: bool = False  # the eyes-closed guide: sound carries the whole guide (game/sim/sound_plan.py)
    exhale_style: str = "air"  # "hum": a steady hum is an exhale too (the microphone listens for it)
    goals: tuple[Goal, ...] = ()
    adaptive: Adaptive = field(default_factory=Adaptive)
    safety: Safety = field(default_factory=Safety)
    # With stages, `cycles` is their sum and `pattern` the first stage's; the pacer plays them in order.
    stages: tuple[Stage, ...] = ()
    source: str = ""  # the file it came from, for messages
    order: int = 0  # position in its pack


def printable(text: str) -> str:
    """`text` with lone surrogates and control characters written as escapes (\\udfff, \\x07), so it can be
    encoded and printed anywhere."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch.isprintable() or ch == " "
        else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in a level file; line and column are 1-based."""

    file: str
    line: int
    col: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __post_init__(self) -> None:
        # A message quotes the file, and a file can hold anything: keep it printable on any terminal.
        clean = printable(self.message)
        if clean != self.message:
            object.__setattr__(self, "message", clean)

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{printable(self.file)}:{self.line}:{self.col}: {tag}{self.message}"


@dataclass(frozen=True, slots=True)
class BrokenLevel:
    """A level file that failed to load: shown as broken in level select, never played."""

    file: str
    problems: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        return str(self.problems[0]) if self.problems else f"{self.file}: could not be read"


def _num(x: float) -> str:
    return f"{x:g}"  # as a designer writes it: 6, 6.5, 0.25


def goal_label(goal: Goal) -> str:
    """The label shown for a goal that has none, e.g. "5 exhales of 6 s or longer". The one wording of a
    goal: the loader gives it to goals read from files, scoring to goals built in code."""
    s, n = _num(goal.seconds), goal.count
    if goal.kind == "long_exhales":
        return f"{n} exhale{'s' if n != 1 else ''} of {s} s or longer"
    if goal.kind == "average_exhale":
        return f"Exhales averaging {s} s or longer"
    if goal.kind == "breaths_per_minute":
        return f"{_num(goal.at_most)} breaths per minute or fewer"
    if goal.kind == "steady":
        return f"A steady rhythm ({goal.at_least:.0%} or more)"
    if goal.kind == "in_sync":
        return f"In time with the pacer ({goal.at_least:.0%} or more)"
    if goal.kind == "exhale_ratio":
        times = {1.0: "", 2.0: "twice "}.get(goal.at_least, f"{_num(goal.at_least)} times ")
        return f"Exhales at least {times}as long as inhales"
    if goal.kind == "full_exhales":
        return f"{n} full, unbroken exhale{'s' if n != 1 else ''}"
    if goal.kind == "scene":
        return scene_goal_words(goal.scene, n)
    return goal.kind


def scene_goal_words(scene: str, n: int) -> str:
    """A scene goal in the player's words: "The tree grows 8 steps", "6 small lights on the sill"."""
    many = "s" if n != 1 else ""
    if scene == "tree":
        return f"The tree grows {n} step{many}"
    if scene == "candle" and n <= CANDLE_LIGHTS:
        return f"{n} small light{many} lit on the sill"
    if scene == "candle":  # more than the sill holds: say what is counted
        return f"{n} long, soft exhales (the sill holds {CANDLE_LIGHTS} lights)"
    if scene == "lanterns":
        return f"{n} lantern{'s rise' if n != 1 else ' rises'} into the sky"
    return f"The scene earns {n} step{many}"
