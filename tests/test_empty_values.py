"""Issue 12, item 1: an empty value is an error at its line in the loader, `validate` and the JSON Schema
alike; no check runs on a value an error replaced; one typo gives one message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from schema_check import check

from game.cli import main
from game.content.loader import load_level_text
from game.content.model import BrokenLevel
from game.content.packs import load_pack
from game.content.schema import level_schema

HEAD = "id: test-level\ntitle: Test\n"

# (the text after HEAD, the field path in the message, its line and column); every value left empty.
EMPTY = {
    "intro": ("intro:\n", "intro", 3, 1),
    "tip": ("tip: ~\n", "tip", 3, 1),
    "scene": ("scene:\n", "scene", 3, 1),
    "scene_params": ("scene_params:\n", "scene_params", 3, 1),
    "scene_params.wind": ("scene_params:\n  wind: null\n", "scene_params.wind", 4, 3),
    "pattern": ("pattern:\n", "pattern", 3, 1),
    "pattern.inhale": ("pattern:\n  inhale: ~\n", "pattern.inhale", 4, 3),
    "pattern.exhale": ("pattern:\n  inhale: 4\n  exhale:\n", "pattern.exhale", 5, 3),
    "pattern.hold_in": ("pattern: {hold_in: }\n", "pattern.hold_in", 3, 11),
    "pattern.hold_out": ("pattern:\n  hold_out:\n", "pattern.hold_out", 4, 3),
    "pattern.double_inhale": ("pattern:\n  double_inhale:\n", "pattern.double_inhale", 4, 3),
    "pattern.ramp": ("pattern:\n  ramp:\n", "pattern.ramp", 4, 3),
    "ramp.to": (
        "pattern:\n  ramp:\n    - {field: exhale, to: , over_cycles: 4}\n",
        "pattern.ramp[1].to",
        5,
        23,
    ),
    "ramp.start_cycle": (
        "pattern:\n  ramp:\n    - field: exhale\n      to: 8\n      over_cycles: 4\n      start_cycle:\n",
        "pattern.ramp[1].start_cycle",
        8,
        7,
    ),
    "cycles": ("cycles:\n", "cycles", 3, 1),
    "duration": ("duration: ~\n", "duration", 3, 1),
    "show_pacer": ("show_pacer:\n", "show_pacer", 3, 1),
    "calm": ("calm:\n", "calm", 3, 1),
    "goals": ("goals:\n", "goals", 3, 1),
    "goal.seconds": (
        "goals:\n  - {kind: long_exhales, seconds: , count: 3}\n",
        "goals[1].seconds",
        4,
        26,
    ),
    "goal.kind": ("goals:\n  - kind:\n    at_least: 0.5\n", "goals[1].kind", 4, 5),
    "goal.label": ("goals:\n  - {kind: steady, at_least: 0.5, label: }\n", "goals[1].label", 4, 35),
    "adaptive": ("adaptive:\n", "adaptive", 3, 1),
    "adaptive.enabled": ("adaptive:\n  enabled:\n", "adaptive.enabled", 4, 3),
    "adaptive.step_s": ("adaptive: {enabled: true, step_s: ~}\n", "adaptive.step_s", 3, 27),
    "safety": ("safety:\n", "safety", 3, 1),
    "safety.caution": ("safety:\n  caution:\n", "safety.caution", 4, 3),
}


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_an_empty_value_is_one_error_at_its_line(name: str) -> None:
    text, field, line, col = EMPTY[name]
    level, warnings = load_level_text(HEAD + text, "x.yaml")
    assert isinstance(level, BrokenLevel), f"{name}: an empty value must not load"
    found = [str(p) for p in (*level.problems, *warnings)]
    assert len(found) == 1, found
    assert found[0].startswith(f"x.yaml:{line}:{col}: {field}: is empty; write "), found[0]


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_the_schema_refuses_the_same_empty_values(name: str) -> None:
    text = EMPTY[name][0]
    data = yaml.safe_load(HEAD + text)
    schema = level_schema()
    assert check(data, schema, schema) != [], f"{name}: the schema accepts an empty value"


def test_the_message_names_the_default_a_deleted_line_gives() -> None:
    level, _ = load_level_text(HEAD + "duration:\npattern:\n  exhale:\n", "x.yaml")
    assert isinstance(level, BrokenLevel)
    assert [p.message for p in level.problems] == [
        "duration: is empty; write seconds from 1 to 7200 (or delete the line for 10 breaths)",
        "pattern.exhale: is empty; write a value, or delete the line to use the default (6)",
    ]


def test_empty_id_and_title_keep_their_own_message() -> None:
    level, _ = load_level_text("id:\ntitle: ~\n", "x.yaml")
    assert isinstance(level, BrokenLevel)
    assert [str(p) for p in level.problems] == [
        "x.yaml:1:1: id: is empty; every level needs an id, such as 'lengthen-exhale'",
        "x.yaml:2:1: title: is empty; every level needs a title, shown in level select",
    ]


def test_validate_fails_on_an_empty_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(HEAD + "pattern:\n  exhale:\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "data"), "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:4:3: pattern.exhale: is empty" in out


def test_pack_yaml_empty_values_are_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\ntitle: A\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text("name:\norder:\n", encoding="utf-8")
    pack = load_pack(tmp_path)
    assert [(p.line, p.message.split(";")[0]) for p in pack.errors] == [
        (1, "name: is empty"),
        (2, "order: is empty"),
    ]
    assert [lv.id for lv in pack.levels] == ["a"], "the levels still load"


def problems(text: str) -> list[str]:
    level, warnings = load_level_text(text, "x.yaml")
    return [str(p) for p in (*(level.problems if isinstance(level, BrokenLevel) else ()), *warnings)]


# A typo and nothing else: each gives exactly this one message, and no later check runs on the default the
# mistyped value was replaced with.
ONE_TYPO = {
    "top-level exhale": (
        "exhail: 7\ngoals:\n  - {kind: long_exhales, seconds: 7, count: 5}\n",
        "x.yaml:3:1: unknown key 'exhail' (did you mean 'exhale'? it goes under 'pattern:', indented below "
        "it)",
    ),
    "dedented exhale": (
        "pattern:\n  inhale: 4\nexhale: 8\ngoals:\n  - {kind: average_exhale, seconds: 8}\n",
        "x.yaml:5:1: unknown key 'exhale'; 'exhale' goes under 'pattern:', indented below it",
    ),
    "cycles": (
        "cycels: 4\npattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 3}\n",
        "x.yaml:3:1: unknown key 'cycels' (did you mean 'cycles'?)",
    ),
    "goal field": (
        "goals:\n  - {kind: steady, at_lest: 0.5}\n",
        "x.yaml:4:20: goals[1] (steady): unknown key 'at_lest' (did you mean 'at_least'?)",
    ),
    "goal kind key": (
        "goals:\n  - {knd: steady, at_least: 0.5}\n",
        "x.yaml:4:6: goals[1]: unknown key 'knd' (did you mean 'kind'?)",
    ),
    "ramp field": (
        "pattern:\n  ramp:\n    - {field: exhale, too: 8, over_cycles: 3}\n",
        "x.yaml:5:23: pattern.ramp[1]: unknown key 'too' (did you mean 'to'?)",
    ),
    "caution beside a long hold": (
        "pattern: {hold_in: 25}\nsafety: {cauton: Go gently.}\n",
        "x.yaml:4:10: safety: unknown key 'cauton' (did you mean 'caution'?)",
    ),
    "scene beside its settings": (
        "scene: lanterm\nscene_params: {max_lanterns: 5}\n",
        "x.yaml:3:8: scene: unknown scene 'lanterm' (did you mean 'lanterns'?); "
        "choose one of lake, lanterns, candle, tree",
    ),
    "empty exhale beside a goal": (
        "pattern:\n  exhale:\ngoals:\n  - {kind: long_exhales, seconds: 7, count: 5}\n",
        "x.yaml:4:3: pattern.exhale: is empty; write a value, or delete the line to use the default (6)",
    ),
}


@pytest.mark.parametrize("name", sorted(ONE_TYPO))
def test_one_typo_gives_one_message_and_no_cascade(name: str) -> None:
    text, message = ONE_TYPO[name]
    assert problems(HEAD + text) == [message]


def test_round_two_runs_once_the_file_is_fixed() -> None:
    text, _ = ONE_TYPO["top-level exhale"]
    fixed = text.replace("exhail: 7", "pattern: {exhale: 6}")
    assert problems(HEAD + fixed) == [
        "x.yaml:5:5: goals[1] (long_exhales): following the pacer gives only 0 exhales of 7 s or "
        "more, fewer than the 5 asked; ask for 6 s or less"
    ]
