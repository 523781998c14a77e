"""Every shipped level loads cleanly, in campaign order, and matches the shipped JSON Schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from schema_check import check

from game.content.loader import (
    ADAPTIVE_KEYS,
    GOAL_KEYS,
    PATTERN_KEYS,
    RAMP_KEYS,
    SAFETY_KEYS,
    TOP_KEYS,
    load_level_text,
)
from game.content.model import GOAL_KINDS, SCENES, Level
from game.content.packs import load_pack
from game.content.schema import level_schema, schema_command, validate_command

LEVELS = Path(__file__).resolve().parent.parent / "levels"
LEVEL_FILES = sorted(p for p in LEVELS.glob("*.yaml") if p.name != "pack.yaml")
CAMPAIGN = [
    "first-breaths",
    "lengthen-exhale",
    "steady-rhythm",
    "resonance",
    "cyclic-sighing",
    "four-seven-eight",
    "long-soft-exhale",
    "free-session",
    "humming-exhale",
]


def test_campaign_loads_with_no_problems_in_order() -> None:
    pack = load_pack(LEVELS)
    assert pack.problems() == []
    assert pack.name == "Campaign"
    assert [lv.id for lv in pack.levels] == CAMPAIGN
    assert [lv.order for lv in pack.levels] == list(range(len(CAMPAIGN)))
    assert len({lv.id for lv in pack.levels}) == len(pack.levels) == len(LEVEL_FILES)


def test_campaign_alternates_scenes_and_reads_well() -> None:
    levels = load_pack(LEVELS).levels
    scenes = [lv.scene for lv in levels]
    assert all(a != b for a, b in zip(scenes, scenes[1:], strict=False)), scenes
    for lv in levels:
        assert lv.intro and lv.tip and 1 <= len(lv.goals) <= 3, lv.id
        assert not re.search(r"\b(cure|treat|therapy|anxiety|disorder)", lv.intro + lv.tip, re.I), lv.id
    first = levels[0]
    assert first.show_pacer is False and first.cycles == 6
    # The intro card names the player's own key under the level's words (issue 14, item 4): a level's
    # text naming SPACE would contradict a player who chose another key.
    assert not any("SPACE" in lv.intro for lv in levels)


def test_campaign_patterns() -> None:
    by_id = {lv.id: lv for lv in load_pack(LEVELS).levels}
    p = by_id["four-seven-eight"].pattern
    assert (p.inhale_s, p.hold_in_s, p.exhale_s) == (4, 7, 8)
    assert by_id["cyclic-sighing"].pattern.double_inhale
    assert 5.0 <= 60 / by_id["resonance"].pattern.cycle_s <= 6.0
    ramp = by_id["long-soft-exhale"].pattern.ramps[0]
    assert (by_id["long-soft-exhale"].pattern.exhale_s, ramp.field, ramp.to) == (5, "exhale", 9)
    assert by_id["free-session"].duration_s == 300


@pytest.mark.parametrize("path", LEVEL_FILES, ids=lambda p: p.name)
def test_level_file_starts_with_the_schema_comment(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=level.schema.json\n")


def test_shipped_schema_is_level_schema() -> None:
    shipped = (LEVELS / "level.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == level_schema()
    out: list[str] = []

    class Sink:
        def write(self, s: str) -> None:
            out.append(s)

    assert schema_command(Sink()) == 0  # type: ignore[arg-type]
    assert "".join(out) == shipped


def test_schema_covers_the_loader_keys() -> None:
    schema = level_schema()
    props = schema["properties"]
    assert set(props) == set(TOP_KEYS)
    assert set(props["pattern"]["properties"]) == set(PATTERN_KEYS)
    assert set(props["pattern"]["properties"]["ramp"]["items"]["properties"]) == set(RAMP_KEYS)
    assert set(props["adaptive"]["properties"]) == set(ADAPTIVE_KEYS)
    assert set(props["safety"]["properties"]) == set(SAFETY_KEYS)
    assert props["scene"]["enum"] == list(SCENES)
    goal_schemas = props["goals"]["items"]["oneOf"]
    assert [g["properties"]["kind"]["const"] for g in goal_schemas] == list(GOAL_KINDS)
    assert all(set(g["properties"]) <= set(GOAL_KEYS) for g in goal_schemas)

    def descriptions_everywhere(node: dict[str, Any]) -> None:
        for name, sub in node.get("properties", {}).items():
            assert "description" in sub, name
            descriptions_everywhere(sub)
        if isinstance(node.get("items"), dict):
            descriptions_everywhere(node["items"])

    descriptions_everywhere(schema)


@pytest.mark.parametrize("path", LEVEL_FILES, ids=lambda p: p.name)
def test_shipped_level_matches_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert check(data, level_schema(), level_schema()) == []


def test_schema_checker_rejects_bad_levels() -> None:
    schema = level_schema()
    assert check({"id": "x", "title": "T", "exhail": 6}, schema, schema) == ["$: unexpected exhail"]
    assert check({"id": "x", "title": "T", "cycles": 3, "duration": 60}, schema, schema)
    assert check({"id": "x", "title": "T", "goals": [{"kind": "steady", "count": 3}]}, schema, schema)
    assert check({"id": "x", "title": "T", "pattern": {"exhale": True}}, schema, schema)
    assert check({"id": "x", "title": "T", "cycles": 1_000_000_000}, schema, schema)
    assert check({"id": "x", "title": "T", "pattern": {"inhale": 1e-15}}, schema, schema)
    assert check({"id": "x", "title": "T" * 61}, schema, schema) == ["$.title: too long"]
    assert check({"id": "x", "title": "a\u0007b"}, schema, schema)
    assert check({"id": "x", "title": "T", "intro": "two\nlines"}, schema, schema) == []


def test_validate_command_on_the_campaign() -> None:
    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> None:
            self.text += s

    out, err = Sink(), Sink()
    assert validate_command([str(LEVELS)], strict=True, out=out, err=err) == 0  # type: ignore[arg-type]
    files = len(LEVEL_FILES) + 1  # and pack.yaml
    assert out.text == "" and err.text == f"checked {files} files: no problems found\n"


def test_validate_command_prints_the_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\ntitle: T\npattern:\n  exhale: on\n")

    class Sink:
        def __init__(self) -> None:
            self.text = ""

        def write(self, s: str) -> None:
            self.text += s

    out, err = Sink(), Sink()
    assert validate_command([str(path)], strict=False, out=out, err=err) == 1  # type: ignore[arg-type]
    assert out.text.splitlines()[1:] == ["    4 |   exhale: on", "      |           ^"]
    assert err.text == "checked 1 file: 1 error, 0 warnings\n"


def test_levels_package_is_importable() -> None:
    assert isinstance(load_pack(LEVELS).levels[0], Level)


def test_examples_in_the_docs_load_cleanly() -> None:
    doc = (LEVELS.parent / "docs" / "levels.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    examples = [b for b in blocks if b.startswith("# yaml-language") and "id:" in b]
    assert len(examples) == 4  # the first, a ramped, an adaptive and a staged level
    for text in examples:
        level, warnings = load_level_text(text, "example.yaml")
        assert isinstance(level, Level) and warnings == [], (level, warnings)
