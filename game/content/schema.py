"""The JSON Schemas of level files and pack.yaml (for editors' autocompletion) and the `validate` / `schema`
commands.

The schemas are written from `level_schema()` and `pack_schema()` into `levels/level.schema.json` and
`levels/pack.schema.json`; a test keeps them identical. Defaults are the loader's (loader.DEFAULTS).
It can't say everything the loader checks (safety limits, duplicate ids); `exhale validate` does.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, TextIO

from .fields import GOAL_TEXT
from .limits import (
    MAX_BPM_HIGH,
    MAX_BPM_LOW,
    MAX_CAUTION_CHARS,
    MAX_CYCLES,
    MAX_GOAL_BPM,
    MAX_GOAL_RATIO,
    MAX_ID_CHARS,
    MAX_INTRO_CHARS,
    MAX_LABEL_CHARS,
    MAX_LEVEL_S,
    MAX_MEASURE_CYCLES,
    MAX_NAME_CHARS,
    MAX_PHASE_S,
    MAX_SETTING_CHARS,
    MAX_STEP_S,
    MAX_TIP_CHARS,
    MAX_TITLE_CHARS,
    MIN_DURATION_S,
    MIN_PHASE_S,
    MIN_STEP_S,
)
from .loader import DEFAULTS, GOAL_FIELDS
from .model import EXHALE_STYLES, GOAL_KINDS, PHASE_FIELDS, SCENE_EARNS, SCENE_PARAMS, SCENES, Problem
from .packs import MAX_AUTHOR_CHARS, MAX_DESCRIPTION_CHARS, check_paths
from .reading import MAX_TEXT_LINES
from .stages import cues_schema, stages_schema

# Text without control characters or text-direction controls (the loader's `_bad_character`; it also refuses
# lone surrogates, which a JSON Schema regex can't tell from a pair). Multi-line texts may break lines.
_CONTROLS = r"\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069"
ONE_LINE = rf"^[^{_CONTROLS}\u000a]*$"
LINES = rf"^[^{_CONTROLS}]*$"


def plain(markdown: str) -> str:
    """The field table's Markdown for an editor's tooltip: links keep their words, not their targets."""
    return re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)


def _text(description: str, *, limit: int, multiline: bool = False, **extra: Any) -> dict[str, Any]:
    """A text field's schema: at most `limit` characters, no control characters."""
    more = f" At most {limit} characters" + (f" and {MAX_TEXT_LINES} lines." if multiline else ", one line.")
    return {
        "type": "string",
        **extra,
        "maxLength": limit,
        "pattern": LINES if multiline else ONE_LINE,
        "description": description + more,
    }


_GOAL_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "seconds": {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": MAX_PHASE_S,
        "description": f"Seconds (at most {MAX_PHASE_S:g}).",
    },
    "count": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_CYCLES,
        "description": f"How many exhales (1 to {MAX_CYCLES}).",
    },
    "at_most": {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": MAX_GOAL_BPM,
        "description": f"Highest breaths per minute that earns it (at most {MAX_GOAL_BPM:g}).",
    },
}
_GOAL_TEXT = {kind: plain(text) for kind, text in GOAL_TEXT.items()}  # the field table's (fields.py)


def _phase(description: str, *, hold: bool) -> dict[str, Any]:
    """A phase's seconds, as the loader reads them (`_Doc.phase`): holds from 0, breaths from MIN_PHASE_S."""
    low = 0 if hold else MIN_PHASE_S
    return {"type": "number", "minimum": low, "maximum": MAX_PHASE_S, "description": description}


def _scene_param_props(scene: str) -> dict[str, Any]:
    """The settings `scene`'s painter reads (SCENE_PARAMS), each with its range and default."""
    props: dict[str, Any] = {}
    for name, spec in SCENE_PARAMS[scene].items():
        text = f"{scene.capitalize()}: {plain(str(spec['doc']))} Default {spec['default']}."
        if spec["type"] == "choice":
            props[name] = {"enum": list(spec["choices"]), "description": text}  # type: ignore[call-overload]
        else:
            kind = "integer" if spec["type"] == "whole" else "number"
            props[name] = {"type": kind, "minimum": spec["low"], "maximum": spec["high"], "description": text}
        props[name]["default"] = spec["default"]
    return props


def _scene_params_schema() -> dict[str, Any]:
    """Any scalar settings; which names a scene reads is said per scene (`_scene_rules`), so an editor
    offers the lake's settings on a lake level and the candle's on a candle level. Other names are allowed
    but ignored, as the loader warns."""
    return {
        "type": "object",
        "description": "Settings for the scene painter, e.g. {wind: 0.3}; file names stay inside the "
        "level's folder or assets/. Names the level's scene doesn't read are warned about.",
        "default": {},
        "additionalProperties": {"type": ["string", "number", "boolean"], "maxLength": MAX_SETTING_CHARS},
    }


def _scene_rules() -> list[dict[str, Any]]:
    """One if/then per scene: with `scene: candle`, `scene_params` has the candle's settings. The lake is
    the default scene, so its rule also holds when `scene` is left out."""
    rules = []
    for scene in SCENES:
        cond: dict[str, Any] = {"properties": {"scene": {"const": scene}}}
        if scene != DEFAULTS["scene"]:
            cond["required"] = ["scene"]
        then: dict[str, Any] = {"properties": {"scene_params": {"properties": _scene_param_props(scene)}}}
        if scene not in SCENE_EARNS:  # it keeps no count, so no scene goal
            then["properties"]["goals"] = {
                "items": {"not": {"properties": {"kind": {"const": "scene"}}, "required": ["kind"]}}
            }
        rules.append({"if": cond, "then": then})
    return rules


# Editor snippets (yaml-language-server's `defaultSnippets`): one goal of each kind that a player following
# the default pattern earns (a test loads each into a level and checks it against the schema). A `scene`
# goal has none: the default scene, the lake, keeps no count.
GOAL_SNIPPETS: dict[str, dict[str, Any]] = {
    "long_exhales": {"seconds": 6, "count": 5},
    "average_exhale": {"seconds": 6},
    "breaths_per_minute": {"at_most": 8},
    "steady": {"at_least": 0.6},
    "in_sync": {"at_least": 0.6},
    "exhale_ratio": {"at_least": 1.2},
    "full_exhales": {"count": 5},
}


def _default(path: str) -> dict[str, Any]:
    """{"default": the loader's value} for a key, from loader.DEFAULTS."""
    return {"default": DEFAULTS[path]}


def _goal_schema(kind: str) -> dict[str, Any]:
    props: dict[str, Any] = {"kind": {"const": kind, "description": _GOAL_TEXT[kind]}}
    for name in GOAL_FIELDS[kind]:
        if name == "at_least" and kind == "exhale_ratio":
            props[name] = {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": MAX_GOAL_RATIO,
                "description": f"Lowest ratio, e.g. 1.5 (at most {MAX_GOAL_RATIO:g}).",
            }
        elif name == "at_least":
            props[name] = {"type": "number", "minimum": 0, "maximum": 1, "description": "Lowest score, 0..1."}
        elif kind == "scene":
            props[name] = {
                **_GOAL_FIELD_SCHEMAS[name],
                "description": f"How many steps the scene earns (1 to {MAX_CYCLES}; the tree's at most its "
                "max_growth).",
            }
        else:
            props[name] = _GOAL_FIELD_SCHEMAS[name]
    props["label"] = _text("Text shown for the goal; generated when left out.", limit=MAX_LABEL_CHARS)
    return {
        "type": "object",
        "description": _GOAL_TEXT[kind],
        "properties": props,
        "required": ["kind", *GOAL_FIELDS[kind]],
        "additionalProperties": False,
    }


def level_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a level file."""
    breath, hold = f"{MIN_PHASE_S:g} to {MAX_PHASE_S:g}", f"0 for none, up to {MAX_PHASE_S:g}"
    phase_text = {
        "inhale": f"Seconds breathing in ({breath}). Default 4.",
        "hold_in": f"Seconds holding after breathing in ({hold}). Default 0.",
        "exhale": f"Seconds breathing out ({breath}). Default 6.",
        "hold_out": f"Seconds resting after breathing out ({hold}). Default 0.",
    }
    pattern_props: dict[str, Any] = {
        name: {**_phase(phase_text[name], hold=name.startswith("hold")), **_default(f"pattern.{name}")}
        for name in PHASE_FIELDS
    }
    pattern_props["double_inhale"] = {
        "type": "boolean",
        **_default("pattern.double_inhale"),
        "description": "Cyclic sighing: a long breath in, then a short top-up sip (both inside `inhale`).",
    }
    pattern_props["ramp"] = {
        "type": "array",
        "description": "Phases that change gradually across cycles.",
        "items": {
            "defaultSnippets": [
                {
                    "label": "ramp the exhale",
                    "description": "The exhale grows to 8 s over 10 breaths.",
                    "body": {"field": "exhale", "to": 8, "over_cycles": 10},
                }
            ],
            "type": "object",
            "description": "One phase moving linearly to `to` seconds over `over_cycles` cycles.",
            "properties": {
                "field": {"enum": list(PHASE_FIELDS), "description": "Which phase changes."},
                "to": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": MAX_PHASE_S,
                    "description": f"Seconds it ends at, in the phase's own range ({breath}; holds {hold}).",
                },
                "over_cycles": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_CYCLES,
                    "description": "How many cycles it takes.",
                },
                "start_cycle": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": MAX_CYCLES,
                    "description": "Cycle it starts at (from 0). Default 0.",
                    **_default("pattern.ramp[].start_cycle"),
                },
            },
            "required": ["field", "to", "over_cycles"],
            "additionalProperties": False,
        },
    }
    pattern_props["cues"] = cues_schema(_text)
    pattern = {
        "type": "object",
        "description": "The breath the pacer shows. Default 4 s in, 6 s out.",
        "default": {"inhale": DEFAULTS["pattern.inhale"], "exhale": DEFAULTS["pattern.exhale"]},
        "properties": pattern_props,
        "additionalProperties": False,
    }
    adaptive = {
        "type": "object",
        "description": "Start at the player's own rate and ease toward the pattern, only while they keep up.",
        "properties": {
            "enabled": {
                "type": "boolean",
                "description": "Turn adaptive pacing on. Default false.",
                **_default("adaptive.enabled"),
            },
            "measure_cycles": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_MEASURE_CYCLES,
                "description": "Breaths measured first to find the player's rate. Default 3.",
                **_default("adaptive.measure_cycles"),
            },
            "step_s": {
                "type": "number",
                "minimum": MIN_STEP_S,
                "maximum": MAX_STEP_S,
                "description": "Largest change per cycle, seconds. Default 0.5.",
                **_default("adaptive.step_s"),
            },
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Exhale level",
        "description": "One level of Exhale. Check a file with `exhale validate FILE`.",
        "type": "object",
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^[a-z0-9-]+$",
                "maxLength": MAX_ID_CHARS,
                "description": f"Unique name: lowercase letters, digits and '-' (at most {MAX_ID_CHARS}).",
            },
            "title": _text("Shown in level select.", limit=MAX_TITLE_CHARS, minLength=1),
            "intro": _text("Shown before the level starts.", limit=MAX_INTRO_CHARS, multiline=True),
            "tip": _text("Shown after the level.", limit=MAX_TIP_CHARS, multiline=True),
            "scene": {
                "enum": list(SCENES),
                "description": "What the level looks like. Default lake.",
                **_default("scene"),
            },
            "scene_params": _scene_params_schema(),
            "pattern": pattern,
            "cycles": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_CYCLES,
                "description": f"Length in breaths (default {DEFAULTS['cycles']}; at most {MAX_CYCLES}, and "
                f"at most {MAX_LEVEL_S // 3600} hours in all). Give cycles or duration, not both.",
                **_default("cycles"),
            },
            "duration": {
                "type": "number",
                "minimum": MIN_DURATION_S,
                "maximum": MAX_LEVEL_S,
                "description": f"Length in seconds ({MIN_DURATION_S:g} to {MAX_LEVEL_S}). "
                "Give cycles or duration, not both.",
            },
            "show_pacer": {
                "type": "boolean",
                "description": "Show the pacer; false for free breathing. Default true.",
                **_default("show_pacer"),
            },
            "calm": {
                "type": "boolean",
                "description": "A calm level: exhales shorter than inhales are warned about. Default true.",
                **_default("calm"),
            },
            "audio_guide": {
                "type": "boolean",
                "description": "Eyes-closed practice: sound carries the whole guide (rising and falling "
                "tones, hold notes, a chime per goal, the end announced), whatever the player's setting. "
                "Default false.",
                **_default("audio_guide"),
            },
            "exhale_style": {
                "enum": list(EXHALE_STYLES),
                "description": "How the microphone hears the exhale: air (airflow, the default) or hum (a "
                "steady hum, 'mmm' or 'voo', counts as the exhale too; speech never does). The breath key "
                "works either way.",
                **_default("exhale_style"),
            },
            "goals": {
                "type": "array",
                "maxItems": 3,
                "description": "Up to 3 goals, easiest first; each goal met earns a star.",
                "items": {
                    "oneOf": [_goal_schema(kind) for kind in GOAL_KINDS],
                    "defaultSnippets": [
                        {"label": kind, "description": _GOAL_TEXT[kind], "body": {"kind": kind, **body}}
                        for kind, body in GOAL_SNIPPETS.items()
                    ],
                },
            },
            "adaptive": adaptive,
            "safety": {
                "type": "object",
                "description": "A caution (needed when a hold is over 20 s or the pace over 30 breaths per "
                "minute) and the adaptive pacer's speed limit.",
                "properties": {
                    "caution": _text(
                        "Warning shown to the player.", limit=MAX_CAUTION_CHARS, multiline=True, minLength=1
                    ),
                    "max_breaths_per_minute": {
                        "type": "number",
                        "minimum": MAX_BPM_LOW,
                        "maximum": MAX_BPM_HIGH,
                        "description": "Adaptive pacing: the fastest pace the pacer may ask for "
                        f"({MAX_BPM_LOW:g} to {MAX_BPM_HIGH:g}). Default 20.",
                        **_default("safety.max_breaths_per_minute"),
                    },
                },
                "additionalProperties": False,
            },
            "stages": stages_schema(pattern, _text),
        },
        "required": ["id", "title"],
        "not": {"required": ["cycles", "duration"]},
        # The stages set the level's length.
        "dependentSchemas": {
            "stages": {"not": {"anyOf": [{"required": ["cycles"]}, {"required": ["duration"]}]}}
        },
        "allOf": _scene_rules(),
        "additionalProperties": False,
    }


def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a `pack.yaml`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Exhale pack",
        "description": "pack.yaml: the name, play order and credits of the folder of levels it sits in. "
        "Check it with `exhale validate FOLDER`.",
        "type": "object",
        "properties": {
            "name": _text(
                "The pack's heading in level select. Default: the folder's name.",
                limit=MAX_NAME_CHARS,
                minLength=1,
            ),
            "order": {
                "type": "array",
                "uniqueItems": True,
                "description": "Level ids (the id: inside each file) in play order; levels not listed "
                "follow by file name.",
                "items": {
                    "type": "string",
                    "pattern": "^[a-z0-9-]+$",
                    "maxLength": MAX_ID_CHARS,
                    "description": "The id of a level in this folder.",
                },
            },
            "author": _text("Who made the pack.", limit=MAX_AUTHOR_CHARS),
            "description": _text("What the pack is about.", limit=MAX_DESCRIPTION_CHARS, multiline=True),
        },
        "additionalProperties": False,
    }


def schema_text(*, pack: bool = False) -> str:
    """The JSON shipped in `levels/level.schema.json` (`pack`: `levels/pack.schema.json`)."""
    return json.dumps(pack_schema() if pack else level_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str, *, pack: bool = False) -> None:
    """Write a schema file (run when the format changes: `python -m game.content.schema`)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(schema_text(pack=pack))


def schema_command(out: TextIO | None = None, *, pack: bool = False) -> int:
    """`exhale schema [--pack]`: print a JSON Schema (`exhale schema > level.schema.json`)."""
    (out or sys.stdout).write(schema_text(pack=pack))
    return 0


def validate_command(
    paths: list[str],
    *,
    strict: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
    campaign: str | os.PathLike[str] | None = None,
) -> int:
    """`exhale validate FILE_OR_DIR...`: print every problem with its source line, then how many files were
    checked and what was found; return the exit code. `campaign`: the folder whose ids are taken."""
    # Looked up at call time, so redirected or captured streams are honoured.
    out = out or sys.stdout
    err = err or sys.stderr
    if not paths:
        err.write("exhale validate: name at least one level file or folder\n")
        return 2
    report = check_paths(paths, strict=strict, campaign=campaign)
    write_problems(report.problems, out)
    err.write(f"checked {_plural(report.files, 'file')}: {tally(report.problems)}\n")
    return report.code


def write_problems(problems: list[Problem], out: TextIO) -> None:
    """Each problem as `file:line:col: message`, then its line with a caret under the column."""
    sources: dict[str, list[str]] = {}
    for problem in problems:
        out.write(f"{problem}\n")
        out.write(_snippet(problem, sources))


def tally(problems: list[Problem]) -> str:
    """'2 errors, 1 warning', or 'no problems found'."""
    if not problems:
        return "no problems found"
    errors = sum(p.severity == "error" for p in problems)
    return f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _snippet(problem: Problem, sources: dict[str, list[str]]) -> str:
    """The offending line and a caret under the column; empty when the file can't be read."""
    if problem.file not in sources:
        try:
            if os.path.getsize(problem.file) > 1024 * 1024:
                raise OSError("too large to quote")
            with open(problem.file, encoding="utf-8-sig", errors="replace") as f:
                sources[problem.file] = f.read().splitlines()
        except OSError:
            sources[problem.file] = []
    lines = sources[problem.file]
    if not 1 <= problem.line <= len(lines):
        return ""
    text = lines[problem.line - 1].replace("\t", " ")
    gutter = f"{problem.line:>5} | "
    return f"{gutter}{text}\n{' ' * (len(gutter) - 2)}| {' ' * (problem.col - 1)}^\n"


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "levels"
    write_schema(os.path.join(folder, "level.schema.json"))
    write_schema(os.path.join(folder, "pack.schema.json"), pack=True)
