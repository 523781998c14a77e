"""docs/levels.md's field tables are written from the one field table (issue 11, item 4): the keys, the
pattern, the scene settings and the goal kinds, with the loader's defaults. Fails when the docs drift."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from game.content.field_docs import BLOCKS, COMMAND, DOC, filled, main, stale_blocks
from game.content.fields import GOAL_TEXT, PATTERN_FIELDS, STAGE_FIELDS, TOP_FIELDS
from game.content.loader import DEFAULTS, TOP_KEYS
from game.content.model import GOAL_KINDS, SCENE_PARAMS
from game.content.pattern_reader import PATTERN_KEYS
from game.content.schema import level_schema
from game.content.stages import STAGE_KEYS


def test_the_docs_field_tables_are_what_the_table_gives():
    stale = stale_blocks(DOC.read_text(encoding="utf-8"))
    assert not stale, (
        f"docs/levels.md: the generated {', '.join(stale)} table(s) differ from the field table; edit the "
        f"table (game/content/fields.py, SCENE_PARAMS in model.py), not the docs, then run `{COMMAND}`"
    )


def test_every_field_the_loader_reads_has_words():
    assert tuple(TOP_FIELDS) == TOP_KEYS, "the loader's keys are the table's"
    assert set(PATTERN_FIELDS) == set(PATTERN_KEYS)
    assert set(STAGE_FIELDS) == set(STAGE_KEYS)
    assert set(GOAL_TEXT) == set(GOAL_KINDS)
    for scene, params in SCENE_PARAMS.items():
        for name, spec in params.items():
            assert str(spec.get("doc", "")).strip(), f"{scene}.{name} has no words in SCENE_PARAMS"


def test_a_hand_edit_or_a_new_default_is_caught():
    text = DOC.read_text(encoding="utf-8")
    edited = text.replace("| `cycles` | How long the level is", "| `cycles` | How long a level is", 1)
    assert edited != text and stale_blocks(edited) == ["keys"]
    assert filled(edited) == filled(text) == text, "writing it again gives the table's rows back"
    (default_row,) = [line for line in text.splitlines() if line.startswith("| `exhale` |")]
    assert default_row.endswith(f"| {DEFAULTS['pattern.exhale']:g} |"), "the default is the loader's"


def test_the_schema_says_the_same_words_without_the_links():
    goals = level_schema()["properties"]["goals"]["items"]["oneOf"]
    steady = next(g for g in goals if g["properties"]["kind"]["const"] == "steady")
    assert "see Ramps and steadiness)" in steady["description"] and "](#" not in steady["description"]
    rules = level_schema()["allOf"]
    tree = next(r for r in rules if r["if"]["properties"]["scene"]["const"] == "tree")
    growth = tree["then"]["properties"]["scene_params"]["properties"]["max_growth"]["description"]
    assert growth.startswith("Tree: " + str(SCENE_PARAMS["tree"]["max_growth"]["doc"])[:30])


def test_the_command_prints_every_table_and_rewrites_a_file(tmp_path: Path):
    out = io.StringIO()
    with redirect_stdout(out):
        assert main([]) == 0
    for name in BLOCKS:
        assert f"<!-- end generated: {name} -->" in out.getvalue()
    copy = tmp_path / "levels.md"
    text = DOC.read_text(encoding="utf-8")
    copy.write_text(text.replace("| `tip` | Text shown after", "| `tip` | Old words", 1), encoding="utf-8")
    assert main(["--write", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["levels.md"], "no temporary file left behind"


def test_a_doc_without_the_markers_says_what_to_add():
    with pytest.raises(ValueError, match="no generated block 'keys'.*begin generated: keys"):
        filled("# Writing levels\n")
