"""The level format's fields in words: what each key of a level, of its `pattern` and each goal kind is.

The one table of them: the loader's top-level keys are this table's (loader.TOP_KEYS), the JSON Schema's goal
descriptions come from GOAL_TEXT, and docs/levels.md's field tables are written from it, with the defaults
(loader.DEFAULTS) and the scene settings (model.SCENE_PARAMS), by `python -m game.content.field_docs --write`
(a test fails when they differ). Markdown: links point into docs/levels.md; the schema drops them. Pure data.
"""

from __future__ import annotations

from collections.abc import Mapping

from .limits import (
    MAX_CUE_CHARS,
    MAX_CYCLES,
    MAX_ID_CHARS,
    MAX_INTRO_CHARS,
    MAX_LEVEL_S,
    MAX_PHASE_S,
    MAX_STAGE_NAME_CHARS,
    MAX_TIP_CHARS,
    MAX_TITLE_CHARS,
    MIN_DURATION_S,
    MIN_PHASE_S,
)
from .reading import MAX_TEXT_LINES

_BREATH = f"{MIN_PHASE_S:g} to {MAX_PHASE_S:g}"
_HOURS = MAX_LEVEL_S // 3600

# Each top-level key of a level file, in the order the docs list them.
TOP_FIELDS: Mapping[str, str] = {
    "id": (
        "**Required.** A short unique name: lowercase letters, digits and `-` only, e.g. `lengthen-exhale` "
        f"(at most {MAX_ID_CHARS} characters). No two levels may share an id: not in one folder, and not "
        "across packs or with the shipped campaign (see [Files and folders](#files-and-folders)). Progress "
        "is saved under it, so don't change it once people play the level."
    ),
    "title": f"**Required.** The name shown in level select; one line, at most {MAX_TITLE_CHARS} characters.",
    "intro": (
        f"Text shown before the level starts: what to do. At most {MAX_INTRO_CHARS} characters and "
        f"{MAX_TEXT_LINES} lines."
    ),
    "tip": (
        f"Text shown after the level: something worth knowing. At most {MAX_TIP_CHARS} characters and "
        f"{MAX_TEXT_LINES} lines."
    ),
    "scene": (
        "What the level looks like: `lake` (a boat whose sail fills as you breathe out), `lanterns` "
        "(lanterns that rise on long exhales), `candle` (a candle flame that dances on a soft exhale and "
        "gutters on a hard one) or `tree` (a young tree that grows a little with each calm, full breath, "
        "then blossoms). What the lanterns, the candle and the tree earn can be a goal "
        "(see [Goals](#goals))."
    ),
    "scene_params": (
        "Extra settings for the scene, as `name: value` pairs, e.g. `{wind: 0.3}` (see "
        "[Scene settings](#scene-settings)). A name the scene doesn't read (`wnd`, or `wind` on the "
        "lanterns) is a warning, with a suggestion; a value of the wrong type or out of range is an error."
    ),
    "pattern": "The breath the pacer shows (see below).",
    "cycles": (
        f"How long the level is, in breaths (a whole number from 1 to {MAX_CYCLES}; the whole level at most "
        f"{_HOURS} hours)."
    ),
    "duration": (
        f"How long the level is, in seconds ({MIN_DURATION_S:g} to {MAX_LEVEL_S}, that is {_HOURS} hours). "
        "Give `cycles` **or** `duration`, not both."
    ),
    "stages": (
        "Named parts of the level, each with its own breaths, pattern or ramp and a cue shown as it begins "
        "(see [`stages`](#stages)). A level with stages is as long as its stages: give no `cycles` or "
        "`duration` with them."
    ),
    "show_pacer": (
        "`false` for free breathing: no shape to follow, the player breathes at their own pace (see "
        "[Free breathing](#free-breathing-show_pacer-false))."
    ),
    "calm": (
        "`true` marks a calm level; then an exhale shorter than the inhale is warned about. Set `false` for "
        "an energising level."
    ),
    "audio_guide": (
        "`true` makes the sound carry the whole guide in this level, whatever the player's setting (the "
        "eyes-closed guide: a tone rising through each inhale and falling through each exhale, lasting the "
        "phase; a quiet note where a hold begins and for a double inhale's top-up sip; soft counts in the "
        "3-2-1; a chime when a goal is met; the end announced, with a soft chime per star). Use it for a "
        "level meant to be breathed with closed eyes, and say so in `intro`. The player's own levels for "
        'each sound still apply, and `false` (or leaving it out) means "as the player set it", not "never". '
        "With `show_pacer: false` there is no pacer to follow, so only the chime, the end and the echo sound."
    ),
    "exhale_style": (
        "How the microphone hears the exhale: `air` (airflow, as always) or `hum`: a steady hum on the "
        'out-breath ("mmm" with closed lips, or a low "voo") counts as the exhale too, so a player may hum '
        "each breath out; the `candle` scene glows warmer while they hum. Talking is not read as a hum (a "
        "long held or sung vowel may be), and the breath key works either way. Say so in `intro` (the "
        "shipped `humming-exhale` level shows how). After the level the results say how the hums went (how "
        "many, about how long, how steady the pitch and the loudness), and the headless report's `hum` "
        "gives the figures (see [the report](#playing-it-headless-the-report-and-screenshots)). On an `air` "
        "level a hum is heard only in part (a short piece of it at best), so ask for `hum` whenever the "
        "intro invites humming."
    ),
    "goals": "Up to 3 goals, easiest first; each goal met earns one star (see [Goals](#goals)).",
    "adaptive": "Adaptive pacing (see below).",
    "safety": (
        "`caution:` text shown to the player, needed for holds over 20 s or more than 30 breaths a minute; "
        "`max_breaths_per_minute:` the adaptive pacer's speed limit (see [`safety`](#safety))."
    ),
}
NO_DEFAULT = ("id", "title", "duration")  # required, or (duration) the default is cycles'

# Each key of `pattern` (pattern_reader.PATTERN_KEYS).
PATTERN_FIELDS: Mapping[str, str] = {
    "inhale": f"Breathing in; {_BREATH}.",
    "hold_in": f"Holding after breathing in; 0 for no hold, up to {MAX_PHASE_S:g}.",
    "exhale": f"Breathing out; {_BREATH}.",
    "hold_out": f"Resting after breathing out; 0 for no rest, up to {MAX_PHASE_S:g}.",
    "double_inhale": (
        "`true` for cyclic sighing: a long breath in, then a short top-up sip. The sip is part of `inhale`."
    ),
    "ramp": "A list of gradual changes, one per phase (see below).",
    "cues": (
        "Words shown under the guide during a phase, e.g. `{inhale: in through the nose, exhale: out "
        "through the mouth}`: "
        f"one line each, at most {MAX_CUE_CHARS} characters (see [Cues](#cues))."
    ),
}

# Each key of a stage (stages.STAGE_KEYS): (what it is, its default in words; a stage's defaults are the
# level's, so they are said rather than read from loader.DEFAULTS).
STAGE_FIELDS: Mapping[str, tuple[str, str]] = {
    "name": (f"**Required.** The stage's name; one line, at most {MAX_STAGE_NAME_CHARS} characters.", "–"),
    "cycles": (f"**Required.** How many breaths the stage lasts, 1 to {MAX_CYCLES}.", "–"),
    "pattern": (
        "The stage's breath, written like the level's `pattern`. Keys it leaves out come from the level's "
        "`pattern` (above: each stage breathes in for 4 s); its `cues` replace the level's when given.",
        "the level's `pattern`",
    ),
    "cue": (
        'Shown under the guide for the stage\'s first 6 seconds, e.g. "now add a short rest"; one line, at '
        f"most {MAX_CUE_CHARS} characters. Without one, the stage's name is shown.",
        "the name",
    ),
}

# What each goal kind measures (model.GOAL_KINDS); the fields each needs are goals_reader.GOAL_FIELDS.
GOAL_TEXT: Mapping[str, str] = {
    "long_exhales": "The number of exhales at least `seconds` long; the star needs `count` of them.",
    "average_exhale": "The mean exhale length over the level; at least `seconds`.",
    "breaths_per_minute": "The session's average breaths per minute; at most `at_most`.",
    "steady": (
        "Rhythm steadiness from 0 to 1, where 1 means every breath was as long as the guide's breath at that "
        "moment (on a level whose breath never changes: every breath the same length; see "
        "[Ramps and steadiness](#pattern)); at least `at_least`."
    ),
    "in_sync": "From 0 to 1: how much of your exhaling fell inside the pacer's exhale; at least `at_least`.",
    "exhale_ratio": (
        "The mean exhale length divided by the mean inhale length, e.g. `1.5`; at least `at_least`."
    ),
    "full_exhales": (
        "Exhales that are one continuous breath that tapers off, rather than broken up or cut off; the star "
        "needs `count` of them."
    ),
    "scene": (
        "What the level's scene earned: the tree's growth steps, the candle's sill lights (long, soft "
        "exhales) or the lanterns released (see [Scene settings](#scene-settings)); the star needs `count` "
        "of them. Only on the `tree`, `candle` and `lanterns` scenes."
    ),
}
