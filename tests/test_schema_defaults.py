"""Issue 12, item 7: the schema's `default`s are the loader's, its snippets are valid, `scene_params` follows
the scene; and pack.yaml has a schema of its own (item 4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from schema_check import check

from game.cli import main
from game.content.loader import load_level_text
from game.content.model import SCENE_PARAMS, SCENES, Level
from game.content.schema import level_schema, pack_schema

LEVELS = Path(__file__).resolve().parent.parent / "levels"
HEAD = {"id": "test-level", "title": "Test"}
RAMP = {"field": "exhale", "to": 8, "over_cycles": 4}


def defaults(
    schema: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any, dict]]:
    """(path of keys, default, the subschema holding it) for every `default`; '[]' marks a list item and
    'scene=candle' the if/then rule a default sits under."""
    if "default" in schema:
        yield path, schema["default"], schema
    for name, sub in schema.get("properties", {}).items():
        yield from defaults(sub, (*path, name))
    if isinstance(schema.get("items"), dict):
        yield from defaults(schema["items"], (*path, "[]"))
    for rule in schema.get("allOf", []):
        scene = rule["if"]["properties"]["scene"]["const"]
        yield from defaults(rule["then"], (f"scene={scene}", *path))


def nest(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A level holding `value` at `path` (a ramp item around a ramp's key)."""
    if path[0].startswith("scene="):
        return {"scene": path[0].split("=", 1)[1], **nest(path[1:], value)}
    if len(path) == 1:
        return {path[0]: value}
    if path[1] == "[]":
        return {path[0]: [{**RAMP, **nest(path[2:], value)}]}
    return {path[0]: nest(path[1:], value)}


def load(data: dict[str, Any], *, warnings_ok: bool = False) -> Level:
    """The level; no warnings unless `warnings_ok` (safety.max_breaths_per_minute written out is warned
    about in a level without adaptive pacing, which never reads it)."""
    level, warnings = load_level_text(json.dumps({**HEAD, **data}), "x.yaml")
    assert isinstance(level, Level) and (warnings_ok or warnings == []), (level, warnings)
    return level


ALL_DEFAULTS = list(defaults(level_schema()))


def test_the_schema_states_the_defaults_that_matter() -> None:
    paths = {"/".join(p) for p, _, _ in ALL_DEFAULTS}
    for key in ("scene", "cycles", "show_pacer", "calm", "pattern", "pattern/exhale", "adaptive/step_s"):
        assert key in paths, key
    assert "scene=candle/scene_params/soft_max" in paths


@pytest.mark.parametrize(
    ("path", "value", "sub"), ALL_DEFAULTS, ids=["/".join(p) for p, _, _ in ALL_DEFAULTS]
)
def test_each_default_is_the_loaders_and_valid(path: tuple[str, ...], value: Any, sub: dict) -> None:
    schema = level_schema()
    assert check(value, sub, schema) == [], "a default must pass its own schema"
    written = nest(path, value)
    assert check({**HEAD, **written}, schema, schema) == []
    if path[0].startswith("scene="):  # the painter applies these; the loader keeps what the file says
        scene, name = path[0].split("=", 1)[1], path[-1]
        assert value == SCENE_PARAMS[scene][name]["default"]
        load(written)
        return
    left_out = {path[0]: {path[1]: [dict(RAMP)]}} if "[]" in path else {}
    same = load(written, warnings_ok=True) == load(left_out)
    assert same, "writing the default must be the same as leaving it out"


def snippets(schema: dict[str, Any]) -> Iterator[tuple[dict, Any]]:
    """(the schema a snippet is for, its body) everywhere in the schema."""
    for snippet in schema.get("defaultSnippets", []):
        yield schema, snippet["body"]
    for sub in (*schema.get("properties", {}).values(), schema.get("items"), *schema.get("allOf", [])):
        if isinstance(sub, dict):
            yield from snippets(sub)


def test_editor_snippets_are_valid_and_load_cleanly() -> None:
    schema = level_schema()
    found = list(snippets(schema))
    assert len(found) >= 8  # a goal of each kind and a ramp
    for sub, body in found:
        assert check(body, sub, schema) == [], body
    for _, body in found:
        if "kind" in body:
            data: dict[str, Any] = {"goals": [body]}
        elif "name" in body:  # a stage (issue 12, item 5)
            data = {"stages": [body]}
        else:
            data = {"pattern": {"ramp": [body]}, "cycles": 12}
        assert check({**HEAD, **data}, schema, schema) == []
        load(data)  # no errors, no warnings: a player following the default pattern earns each goal


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ({"scene_params": {"wind": 0.3}}, True),
        ({"scene_params": {"wind": 3}}, False),  # the lake's range, with scene left out
        ({"scene": "lake", "scene_params": {"time_of_day": "noon"}}, False),
        ({"scene": "candle", "scene_params": {"soft_max": 0.9, "room": "table"}}, True),
        ({"scene": "candle", "scene_params": {"soft_max": 5}}, False),
        ({"scene": "lanterns", "scene_params": {"max_lanterns": 201}}, False),
        ({"scene": "tree", "scene_params": {"max_growth": 12}}, True),
        ({"scene": "lanterns", "scene_params": {"wind": 3}}, True),  # ignored there: the loader warns
    ],
)
def test_scene_params_follow_the_scene(data: dict[str, Any], ok: bool) -> None:
    schema = level_schema()
    assert (check({**HEAD, **data}, schema, schema) == []) is ok
    level, _ = load_level_text(json.dumps({**HEAD, **data}), "x.yaml")
    assert isinstance(level, Level) is ok, "the loader agrees with the schema"


def test_each_scene_has_a_rule_with_its_own_settings() -> None:
    rules = level_schema()["allOf"]
    assert [r["if"]["properties"]["scene"]["const"] for r in rules] == list(SCENES)
    for rule in rules:
        scene = rule["if"]["properties"]["scene"]["const"]
        props = rule["then"]["properties"]["scene_params"]["properties"]
        assert set(props) == set(SCENE_PARAMS[scene]), scene
        assert all("description" in p for p in props.values())


def test_shipped_pack_schema_and_pack_yaml() -> None:
    shipped = (LEVELS / "pack.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == pack_schema()
    schema = pack_schema()
    assert check(yaml.safe_load((LEVELS / "pack.yaml").read_text(encoding="utf-8")), schema, schema) == []
    good = {"name": "Evening", "author": "Eve", "description": "Two\nlines", "order": ["a", "b"]}
    assert check(good, schema, schema) == []
    assert check({"name": "x", "autor": "Eve"}, schema, schema) == ["$: unexpected autor"]
    assert check({"order": ["a", "a"]}, schema, schema) == ["$.order: items repeat"]
    assert check({"name": "N" * 61}, schema, schema) == ["$.name: too long"]
    assert check({"author": None}, schema, schema) != []


def test_schema_command_prints_either_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--pack"]) == 0
    assert json.loads(capsys.readouterr().out) == pack_schema()
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == level_schema()


def test_a_level_with_every_default_written_out_is_the_default_level() -> None:
    written: dict[str, Any] = {}
    for path, value, _ in ALL_DEFAULTS:
        if not path[0].startswith("scene=") and "[]" not in path and not isinstance(value, dict):
            node = written
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = value
    assert load(written, warnings_ok=True) == load({})
