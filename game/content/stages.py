"""A level's `stages` and a pattern's `cues`: the readers and their checks (issue 12, item 5).

A stage is a named part of a level with its own pattern (keys it leaves out come from the level's `pattern`;
its ramps count from the stage's first breath), its length in breaths and a short cue shown as it begins.
The stages together are the level: the level's `cycles` is their sum, so every limit of a level's length
(MAX_CYCLES, MAX_LEVEL_S) holds for them as for any level. The loader calls these; they report through its
`Doc` like every reader, so each problem names the file, line and field (`stages[2].pattern.exhale`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .limits import MAX_CUE_CHARS, MAX_CYCLES, MAX_STAGE_NAME_CHARS, MAX_STAGES
from .lint import Lint, Where
from .model import PHASE_FIELDS, Pattern, Stage
from .reading import Doc, got
from .yaml_nodes import Entry, Map, Seq

STAGE_KEYS = ("name", "cycles", "pattern", "cue")
CUE_PHASES = PHASE_FIELDS  # a double inhale's sip shows the inhale's cue

PatternReader = Callable[[Entry, Where], Pattern | None]


@dataclass
class StagePlace:
    """Where one stage was written, for the lint's messages."""

    stage: Stage
    where: Where
    prefix: str  # 'stages[2].'


def read_cues(doc: Doc, entry: Entry, path: str) -> tuple[tuple[str, str], ...] | None:
    """`cues: {inhale: "in through the nose", exhale: ...}`: one short line per phase."""
    e = doc.mapping(entry, path, CUE_PHASES)
    if e is None:
        return None
    cues: list[tuple[str, str]] = []
    ok = True
    for phase in CUE_PHASES:
        if phase in e:
            text = doc.text(e[phase], f"{path}.{phase}", required=True, limit=MAX_CUE_CHARS)
            if text is None:
                ok = False
            else:
                cues.append((phase, text))
    return tuple(cues) if ok else None


def read_stages(
    doc: Doc, entry: Entry, base: Pattern | None, read_pattern: PatternReader
) -> list[StagePlace] | None:
    """The stages in order (None when any is unreadable: the level is broken then)."""
    node = entry.value
    if not isinstance(node, Seq) or not node.items:
        doc.error(
            node,
            "stages: expected a list of stages (each starting with '- ', with name, cycles and pattern), "
            f"got {got(node)}",
        )
        return None
    if len(node.items) > MAX_STAGES:
        doc.error(node.items[MAX_STAGES], f"stages: at most {MAX_STAGES} stages, got {len(node.items)}")
        return None
    places: list[StagePlace] = []
    ok = True
    for i, item in enumerate(node.items, 1):
        place = _stage(doc, item, i, base or Pattern(), read_pattern)
        if place is None:
            ok = False
        else:
            places.append(place)
    total = sum(p.stage.cycles for p in places)
    if ok and total > MAX_CYCLES:
        doc.error(node, f"stages: {total} breaths in all is too many; together at most {MAX_CYCLES}")
        return None
    return places if ok else None


def _stage(doc: Doc, item: object, i: int, base: Pattern, read_pattern: PatternReader) -> StagePlace | None:
    path = f"stages[{i}]"
    if not isinstance(item, Map):
        example = "{name: Warm up, cycles: 4, pattern: {exhale: 6}}"
        doc.error(item, f"{path}: expected {example}, got {got(item)}")  # type: ignore[arg-type]
        return None
    e = doc.known_keys(item, path, STAGE_KEYS)
    typos = doc.typo_targets(item, STAGE_KEYS)
    for key in ("name", "cycles"):
        if key not in item.entries and key not in typos:
            what = "a short name" if key == "name" else "how many breaths"
            doc.error(item, f"{path}: missing '{key}' ({what})")
    name = (
        doc.text(e["name"], f"{path}.name", required=True, limit=MAX_STAGE_NAME_CHARS)
        if "name" in e
        else None
    )

    cycles = doc.whole(e["cycles"], f"{path}.cycles", low=1, high=MAX_CYCLES) if "cycles" in e else None
    cue = doc.text(e["cue"], f"{path}.cue", limit=MAX_CUE_CHARS) if "cue" in e else ""
    where = Where(e.get("pattern", item), {}, [], e.get("cycles", item))
    pattern: Pattern | None = base
    if "pattern" in e:
        before = len(doc.problems)
        own = read_pattern(e["pattern"], where)
        # The pattern's reader names its fields 'pattern.exhale'; here they are this stage's.
        for j in range(before, len(doc.problems)):
            p = doc.problems[j]
            if p.message.startswith("pattern"):
                doc.problems[j] = dataclasses.replace(p, message=f"{path}.{p.message}")
        pattern = None if own is None else _inherit(own, e["pattern"], base)
    if name is None or cycles is None or cue is None or pattern is None:
        return None
    return StagePlace(Stage(name=name, cycles=cycles, pattern=pattern, cue=cue), where, f"{path}.")


def _inherit(own: Pattern, entry: Entry, base: Pattern) -> Pattern:
    """A stage's pattern: the keys it gives, the level's `pattern` for the rest (its own ramps only)."""
    given = entry.value.entries if isinstance(entry.value, Map) else {}
    value = {f"{k}_s": getattr(own if k in given else base, f"{k}_s") for k in PHASE_FIELDS}
    return Pattern(
        **value,
        double_inhale=own.double_inhale if "double_inhale" in given else base.double_inhale,
        ramps=own.ramps,
        cues=own.cues if "cues" in given else base.cues,
    )


def staged_length(doc: Doc, e: dict[str, Entry], places: list[StagePlace]) -> int:
    """With stages the level is as long as they are: a `cycles` or `duration` beside them is an error."""
    for key in ("cycles", "duration"):
        if key in e:
            doc.error(e[key], f"{key}: a level with stages is as long as its stages; remove '{key}'")
    return sum(p.stage.cycles for p in places)


def lint_stages(doc: Doc, places: list[StagePlace], *, calm: bool, caution: str) -> list[dict[str, float]]:
    """Each stage's breaths checked on their own (holds, pace, calm, ramps that don't finish), pointing at
    the stage; returns every cycle of the level, in order, for the whole level's checks (length, goals)."""
    plan: list[dict[str, float]] = []
    for place in places:
        stage = place.stage
        lint = Lint(doc, stage.pattern, place.where, stage.cycles, None, calm, caution, prefix=place.prefix)
        lint.run_pattern()
        plan += lint.plan
    return plan


# ------------------------------------------------------------------------------------------ JSON Schema

TextSchema = Callable[..., dict[str, Any]]


def cues_schema(text: TextSchema) -> dict[str, Any]:
    """`pattern.cues`: a short line of words per phase."""
    return {
        "type": "object",
        "description": "Words shown during each phase, e.g. {inhale: in through the nose}.",
        "properties": {
            phase: text(
                f"Shown while the guide says {phase.replace('_', ' ')}.", limit=MAX_CUE_CHARS, minLength=1
            )
            for phase in CUE_PHASES
        },
        "additionalProperties": False,
    }


def stages_schema(pattern: dict[str, Any], text: TextSchema) -> dict[str, Any]:
    """`stages`: named parts, each with its breaths, its own pattern (`pattern`'s schema) and a cue."""
    # No defaults in a stage's pattern: a key left out there is the level's `pattern` value, not a constant.
    own = {
        **_without_defaults(pattern),
        "description": "This stage's pattern; keys left out come from the level's pattern, ramps count from "
        "the stage's first breath.",
    }
    return {
        "type": "array",
        "minItems": 1,
        "maxItems": MAX_STAGES,
        "description": f"Named parts of the level, played in order (at most {MAX_STAGES}); the level is as "
        "long as they are, so give no cycles or duration with them.",
        "items": {
            "type": "object",
            "description": "One stage: its name, its breaths, its pattern and a cue shown as it begins.",
            "properties": {
                "name": text("The stage's name.", limit=MAX_STAGE_NAME_CHARS, minLength=1),
                "cycles": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_CYCLES,
                    "description": f"Breaths in this stage (the stages together at most {MAX_CYCLES}).",
                },
                "pattern": own,
                "cue": text("Shown as the stage begins, e.g. 'now add a short rest'.", limit=MAX_CUE_CHARS),
            },
            "required": ["name", "cycles"],
            "additionalProperties": False,
            "defaultSnippets": [
                {
                    "label": "a stage",
                    "description": "Four breaths with a rest after each exhale.",
                    "body": {
                        "name": "Add a rest",
                        "cycles": 4,
                        "cue": "now add a short rest",
                        "pattern": {"hold_out": 2},
                    },
                }
            ],
        },
    }


def _without_defaults(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _without_defaults(v) for k, v in schema.items() if k != "default"}
    if isinstance(schema, list):
        return [_without_defaults(v) for v in schema]
    return schema
