"""One test per validation message, with the exact line and column asserted."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.content.loader import load_level, load_level_text
from game.content.model import BrokenLevel, Level, Problem
from game.content.packs import load_pack, validate_paths
from game.content.yaml_nodes import MAX_FILE_BYTES

HEAD = "id: test-level\ntitle: Test\n"


def problems(text: str) -> list[str]:
    """Every problem of a level text (errors and warnings) as 'file:line:col: message'."""
    level, warnings = load_level_text(text, "x.yaml")
    errors = list(level.problems) if isinstance(level, BrokenLevel) else []
    return [str(p) for p in errors + warnings]


def only(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_minimal_level_loads_with_defaults() -> None:
    level, warnings = load_level_text(HEAD, "x.yaml")
    assert isinstance(level, Level) and warnings == []
    assert (level.cycles, level.duration_s, level.scene, level.pattern.exhale_s) == (10, None, "lake", 6.0)
    assert level.source == "x.yaml"


def test_unknown_key_suggests_the_right_one() -> None:
    text = HEAD + "pattern:\n  inhale: 4\n  exhail: 6\n"
    assert only(text) == "x.yaml:5:3: pattern: unknown key 'exhail' (did you mean 'exhale'?)"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    assert only(HEAD + "zzz: 1\n").startswith("x.yaml:3:1: unknown key 'zzz'; allowed here: id, title, intro")


def test_wrong_type() -> None:
    assert (
        only(HEAD + "cycles: many\n")
        == "x.yaml:3:9: cycles: expected a whole number from 1 to 2000, got 'many'"
    )
    assert only(HEAD + "title: [a, b]\n".replace("title", "intro")) == (
        "x.yaml:3:8: intro: expected text, got a list"
    )


def test_bool_as_number_trap() -> None:
    text = HEAD + "pattern:\n  inhale: 4\n  exhale: on\n"
    assert only(text) == (
        "x.yaml:5:11: pattern.exhale: expected seconds from 0.5 to 60, got 'on' "
        "(YAML reads on/off/yes/no as true/false)"
    )


def test_bool_in_a_text_field_says_to_quote_it() -> None:
    assert only("id: test-level\ntitle: yes\n") == (
        "x.yaml:2:8: title: expected text, got 'yes' (YAML reads on/off/yes/no as true/false); "
        "put it in quotes"
    )


def test_sexagesimal_trap() -> None:
    assert only(HEAD + "duration: 1:30\n") == (
        "x.yaml:3:11: duration: YAML reads '1:30' as 90 (base 60, like a clock: 1:30 is 90); "
        "write 90 if that is what you mean"
    )


def test_exponent_without_dot_is_text_in_pyyaml() -> None:
    assert only(HEAD + "duration: 1e3\n") == (
        "x.yaml:3:11: duration: expected seconds from 1 to 7200, got '1e3', "
        "which PyYAML reads as text, not a number "
        "(it needs a dot and a signed exponent, like 1.0e+3); write 1000"
    )


def test_leading_zero_is_octal() -> None:
    assert only(HEAD + "cycles: 010\n").startswith("x.yaml:3:9: cycles: YAML reads '010' as 8 (a leading 0")


def test_quoted_number_says_remove_the_quotes() -> None:
    assert only(HEAD + 'cycles: "12"\n') == (
        "x.yaml:3:9: cycles: expected a whole number from 1 to 2000, got the text '12' "
        "(remove the quotes to make it a number)"
    )


def test_duplicate_key_names_both_positions() -> None:
    text = HEAD + "pattern:\n  exhale: 6\n  exhale: 7\n"
    assert only(text) == (
        "x.yaml:5:3: duplicate key 'exhale': already set at line 4, column 3; remove one of them"
    )


def test_missing_id_and_title() -> None:
    assert problems("intro: hello\n") == [
        "x.yaml:1:1: missing 'id': every level needs an id, such as 'lengthen-exhale'",
        "x.yaml:1:1: missing 'title': every level needs a title, shown in level select",
    ]


def test_bad_id() -> None:
    assert only("id: Lengthen Exhale\ntitle: T\n") == (
        "x.yaml:1:5: id: use only lowercase letters, digits and '-', e.g. 'lengthen-exhale'; "
        "got 'Lengthen Exhale'"
    )


def test_bad_goal_kind() -> None:
    text = HEAD + "goals:\n  - {kind: long_exhale, seconds: 6, count: 5}\n"
    assert only(text) == (
        "x.yaml:4:12: goals[1].kind: unknown goal kind 'long_exhale' (did you mean 'long_exhales'?); "
        "choose one of long_exhales, average_exhale, breaths_per_minute, steady, in_sync, "
        "exhale_ratio, full_exhales, scene"
    )


def test_goal_missing_field() -> None:
    text = HEAD + "goals:\n  - kind: long_exhales\n    seconds: 5\n"
    assert only(text) == "x.yaml:4:5: goals[1] (long_exhales): needs 'count' (how many exhales)"


def test_goal_field_the_kind_does_not_use() -> None:
    text = HEAD + "goals:\n  - {kind: steady, at_least: 0.7, count: 3}\n"
    assert only(text) == ("x.yaml:4:35: goals[1] (steady): doesn't use 'count' (a steady goal uses at_least)")


def test_goal_score_out_of_range() -> None:
    text = HEAD + "goals:\n  - {kind: in_sync, at_least: 70}\n"
    assert only(text) == "x.yaml:4:31: goals[1].at_least: expected a number from 0 to 1, got 70"


def test_more_than_three_goals() -> None:
    goal = "  - {kind: full_exhales, count: 1}\n"
    assert only(HEAD + "goals:\n" + goal * 4) == "x.yaml:7:5: goals: at most 3 goals (one star each), got 4"


def test_ramp_field_unknown() -> None:
    text = HEAD + "pattern:\n  ramp:\n    - {field: exale, to: 8, over_cycles: 10}\n"
    assert only(text) == (
        "x.yaml:5:15: pattern.ramp[1].field: unknown phase 'exale' (did you mean 'exhale'?); "
        "choose one of inhale, hold_in, exhale, hold_out"
    )


def test_two_ramps_on_one_phase() -> None:
    text = HEAD + "pattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 4}\n"
    text += "    - {field: exhale, to: 9, over_cycles: 2, start_cycle: 5}\n"
    assert only(text) == (
        "x.yaml:6:7: pattern.ramp[2]: exhale already has a ramp (pattern.ramp[1]); use one ramp per phase"
    )


def test_ramp_that_does_not_finish_is_a_warning() -> None:
    text = HEAD + "cycles: 5\npattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 10}\n"
    assert only(text) == (
        "x.yaml:6:7: warning: pattern.ramp[1]: needs 11 cycles to reach 8 s but the level has 5; "
        "exhale stops at 6.8 s"
    )


def test_very_long_level_is_a_warning() -> None:
    # 200 cycles of the default 10 s: 33 minutes, over the 30 of the warning, under the 2 hours of the limit.
    assert only(HEAD + "cycles: 200\n") == (
        "x.yaml:3:1: warning: this level lasts over 30 minutes; consider a shorter session"
    )


def test_level_over_two_hours_is_an_error() -> None:
    assert only(HEAD + "cycles: 1000\n") == (
        "x.yaml:3:1: this level lasts 167 minutes (1000 cycles); a level may last at most 2 hours: "
        "use fewer cycles or shorter phases"
    )


def test_cycles_and_duration_together() -> None:
    assert (
        only(HEAD + "cycles: 5\nduration: 60\n") == "x.yaml:4:1: give either 'cycles' or 'duration', not both"
    )


def test_hold_over_20_s_without_caution_is_an_error() -> None:
    text = HEAD + "pattern:\n  inhale: 4\n  hold_in: 25\n"
    assert only(text) == (
        "x.yaml:5:12: pattern.hold_in: a 25 s hold is over the 20 s limit; "
        "shorten it or add 'safety: {caution: ...}' with a warning players will see"
    )


def test_hold_over_20_s_with_caution_is_a_warning() -> None:
    text = HEAD + "pattern:\n  hold_in: 25\nsafety: {caution: Stop if you feel dizzy.}\n"
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level) and level.safety.caution == "Stop if you feel dizzy."
    assert [str(w) for w in warnings] == [
        "x.yaml:4:12: warning: pattern.hold_in: a 25 s hold is over the 20 s limit "
        "(allowed because of the caution)"
    ]


ADAPTIVE = "adaptive: {enabled: true}\n"


def test_max_breaths_per_minute_is_read_from_the_safety_section() -> None:
    text = HEAD + ADAPTIVE + "safety:\n  max_breaths_per_minute: 8\n  caution: Go gently.\n"
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level) and warnings == []
    assert (level.safety.max_breaths_per_minute, level.safety.caution) == (8.0, "Go gently.")


def test_max_breaths_per_minute_defaults_to_20() -> None:
    for text in (
        HEAD,
        HEAD + "safety: {caution: Go gently.}\n",
    ):
        level, _ = load_level_text(text, "x.yaml")
        assert isinstance(level, Level) and level.safety.max_breaths_per_minute == 20.0, text
    assert only(HEAD + "safety:\n  max_breaths_per_minute:\n") == (
        "x.yaml:4:3: safety.max_breaths_per_minute: is empty; write a value, or delete the line to use the "
        "default (20)"
    )


@pytest.mark.parametrize(
    ("value", "got"), [("3", "3"), ("31", "31"), ("0", "0"), ("-5", "-5"), ("fast", "'fast'"), ("on", "'on'")]
)
def test_max_breaths_per_minute_out_of_range_or_not_a_number(value: str, got: str) -> None:
    message = only(HEAD + ADAPTIVE + f"safety: {{max_breaths_per_minute: {value}}}\n")
    assert message.startswith(
        f"x.yaml:4:34: safety.max_breaths_per_minute: expected breaths per minute from 4 to 30, got {got}"
    )


def test_max_breaths_per_minute_in_range_and_at_the_bounds() -> None:
    for value in ("4", "12.5", "20", "30"):
        level, _ = load_level_text(
            HEAD + ADAPTIVE + f"safety: {{max_breaths_per_minute: {value}}}\n", "x.yaml"
        )
        assert isinstance(level, Level) and level.safety.max_breaths_per_minute == float(value)


def test_max_breaths_per_minute_is_an_error_beside_a_bad_caution_too() -> None:
    text = HEAD + ADAPTIVE + "safety:\n  max_breaths_per_minute: 1:30\n  caution: ''\n"
    assert problems(text) == [
        "x.yaml:5:27: safety.max_breaths_per_minute: YAML reads '1:30' as 90 (base 60, like a clock: 1:30 is "
        "90); write 90 if that is what you mean",
        "x.yaml:6:12: safety.caution: must not be empty",
    ]


def test_max_breaths_per_minute_without_adaptive_pacing_is_a_warning() -> None:
    assert only(HEAD + "safety: {max_breaths_per_minute: 8}\n") == (
        "x.yaml:3:34: warning: safety.max_breaths_per_minute: only adaptive pacing reads it "
        "('adaptive: {enabled: true}'); this level's pacer follows the pattern"
    )


def test_max_breaths_per_minute_above_20_is_a_warning() -> None:
    assert only(HEAD + ADAPTIVE + "safety: {max_breaths_per_minute: 25}\n") == (
        "x.yaml:4:34: warning: safety.max_breaths_per_minute: 25 lets the pacer go faster than 20 breaths "
        "per minute; fast breathing can make people light-headed"
    )


def test_max_breaths_per_minute_below_the_pattern_is_a_warning() -> None:
    # The default pattern is 4 s in, 6 s out: 6 breaths per minute.
    assert only(HEAD + ADAPTIVE + "safety: {max_breaths_per_minute: 5}\n") == (
        "x.yaml:4:34: warning: safety.max_breaths_per_minute: the pattern reaches 6.0 breaths per minute, "
        "faster than this limit of 5, so the pacer never reaches it (it lengthens the breath in instead)"
    )


def test_hold_over_10_s_is_a_warning() -> None:
    assert only(HEAD + "pattern: {hold_out: 12}\n").startswith(
        "x.yaml:3:21: warning: pattern.hold_out: a 12 s hold is longer than 10 s"
    )


def test_ramped_hold_points_at_the_ramp() -> None:
    text = HEAD + "pattern:\n  ramp:\n    - {field: hold_in, to: 30, over_cycles: 4}\ncycles: 6\n"
    assert only(text).startswith("x.yaml:5:7: pattern.hold_in: a 30 s hold is over the 20 s limit")


def test_fast_pace_is_a_warning_and_very_fast_an_error() -> None:
    assert only(HEAD + "pattern: {inhale: 1, exhale: 1.5}\ncalm: false\n").startswith(
        "x.yaml:3:1: warning: pattern: 24.0 breaths per minute is faster than 20"
    )
    assert only(HEAD + "pattern: {inhale: 0.5, exhale: 1}\n").startswith(
        "x.yaml:3:1: pattern: 40.0 breaths per minute is over the limit of 30"
    )


def test_short_exhale_in_a_calm_level_is_a_warning() -> None:
    assert only(HEAD + "pattern: {inhale: 6, exhale: 4}\n") == (
        "x.yaml:3:30: warning: pattern.exhale: the exhale (4 s) is shorter than the inhale (6 s) "
        "in a calm level; lengthen the exhale or set 'calm: false'"
    )
    assert problems(HEAD + "pattern: {inhale: 6, exhale: 4}\ncalm: false\n") == []


def test_goal_the_pacer_cannot_reach_is_an_error() -> None:
    # Issue 12, item 2: a goal that following the pacer cannot meet is an error, not a warning.
    text = HEAD + "goals:\n  - {kind: long_exhales, seconds: 8, count: 5}\n"
    assert only(text) == (
        "x.yaml:4:5: goals[1] (long_exhales): following the pacer gives only 0 exhales of 8 s or "
        "more, fewer than the 5 asked; ask for 6 s or less"
    )


def test_too_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "# " + "x" * MAX_FILE_BYTES + "\n")
    level, _ = load_level(path)
    assert isinstance(level, BrokenLevel)
    assert [str(p) for p in level.problems] == [
        f"{path}:1:1: the file is 256 KiB; level files are limited to 256 KiB"
    ]
    assert only(HEAD + "#" * (MAX_FILE_BYTES + 1)).endswith("level files are limited to 256 KiB")


def test_deep_nesting_is_refused() -> None:
    assert only(HEAD + "scene_params: " + "[" * 30 + "]" * 30 + "\n") == (
        "x.yaml:3:34: nesting is too deep (more than 20 levels); a level file needs only three or four"
    )


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    found = problems("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 0.5
    assert found == [
        "x.yaml:5:23: too many aliases (*name): more than 32; "
        "write the values out instead of repeating them with aliases"
    ]


def test_alias_expansion_budget() -> None:
    text = "a: &a [" + ",".join(["x"] * 2000) + "]\nb: [" + ",".join(["*a"] * 10) + "]\n"
    assert only(text).endswith("the file expands to too many values (aliases repeated too often)")


def test_multiple_documents_are_refused() -> None:
    assert only(HEAD + "---\n" + HEAD) == (
        "x.yaml:3:1: only one level per file: a second YAML document starts here ('---' begins a new one)"
    )


def test_unsafe_tag_is_refused() -> None:
    assert only(HEAD + "intro: !!python/object/apply:os.system [ls]\n") == (
        "x.yaml:3:8: the tag '!!python/object/apply:os.system' isn't allowed in level files"
    )


def test_path_escape_is_refused() -> None:
    assert only(HEAD + "scene_params: {sky: ../../secret.png}\n") == (
        "x.yaml:3:21: scene_params.sky: '../../secret.png' must not use '..' to leave the level's folder; "
        "put the file beside the level or in assets/"
    )
    assert only(HEAD + "scene_params: {sky: /etc/sky.png}\n") == (
        "x.yaml:3:21: scene_params.sky: '/etc/sky.png' must be a path relative to the level's folder "
        "(or starting with assets/), not an absolute path"
    )
    assert problems(HEAD + "scene_params: {sky: assets/sky.png, wind: 0.3}\n") == [
        "x.yaml:3:16: warning: scene_params: unknown name 'sky'; the lake scene ignores it "
        "(it reads time_of_day, wind)"
    ]


def test_yaml_syntax_error_has_a_position() -> None:
    assert only(HEAD + "intro: a: b\n") == (
        "x.yaml:3:9: YAML syntax: mapping values are not allowed here; "
        "if a value contains ': ', put the whole value in quotes"
    )


def test_an_over_indented_line_is_named_as_such_not_as_a_quoting_problem() -> None:
    assert only(HEAD + "pattern:\n  inhale: 4\n    exhale: 6\n") == (
        "x.yaml:5:5: this line is indented deeper than the one above it ('inhale: 4'); line it up with "
        "that line (or, if a value contains ': ', put the whole value in quotes)"
    )


def test_an_unclosed_bracket_is_reported_where_it_opens() -> None:
    assert only(HEAD + "pattern: {inhale: 4, exhale: 6\ncycles: 5\n") == (
        "x.yaml:3:10: this '{' is never closed: end it with '}' on the same line"
    )
    assert only(HEAD + "goals: [{kind: steady, at_least: 0.5}\ncycles: 4\n") == (
        "x.yaml:3:8: this '[' is never closed: end it with ']' on the same line"
    )


def test_empty_and_non_mapping_files() -> None:
    assert only("") == "x.yaml:1:1: the file is empty; a level needs at least 'id:' and 'title:'"
    assert only("- a\n").startswith("x.yaml:1:1: a level file holds 'key: value' lines")


def test_all_problems_are_collected_at_once() -> None:
    text = "id: Bad Id\ntitle: T\npattern:\n  exhale: on\n  exhail: 6\ncycles: 0\nscene: lakes\n"
    assert [p.split(": ")[0] for p in problems(text)] == [
        "x.yaml:1:5",
        "x.yaml:4:11",
        "x.yaml:5:3",
        "x.yaml:6:9",
        "x.yaml:7:8",
    ]
    assert "did you mean 'lake'?" in problems(text)[-1]


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_duplicate_id_in_a_pack_breaks_the_later_file(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "id: same\ntitle: A\n")
    _write(tmp_path, "b.yaml", "title: B\nid: same\n")
    pack = load_pack(tmp_path)
    assert [lv.id for lv in pack.levels] == ["same"]
    assert [str(p) for b in pack.broken for p in b.problems] == [
        f"{tmp_path / 'b.yaml'}:2:5: id: 'same' is already used by {tmp_path / 'a.yaml'}; "
        "each level in a folder needs its own id"
    ]


def test_pack_yaml_orders_levels_and_unlisted_follow_by_file_name(tmp_path: Path) -> None:
    for name, level_id in (("a.yaml", "one"), ("b.yml", "two"), ("c.yaml", "three"), ("d.yaml", "four")):
        _write(tmp_path, name, f"id: {level_id}\ntitle: {level_id}\n")
    _write(tmp_path, "pack.yaml", "name: Mine\norder: [three, one, tow]\n")
    pack = load_pack(tmp_path)
    assert pack.name == "Mine"
    assert [(lv.order, lv.id) for lv in pack.levels] == [(0, "three"), (1, "one"), (2, "two"), (3, "four")]
    assert pack.levels[0].source == str(tmp_path / "c.yaml")
    assert [str(p) for p in pack.errors] == [
        f"{tmp_path / 'pack.yaml'}:2:21: order: no level in this folder has the id 'tow' "
        "(did you mean 'two'?)"
    ]
    assert load_pack(tmp_path, name="Other").name == "Other"


def test_pack_without_pack_yaml_uses_file_names(tmp_path: Path) -> None:
    _write(tmp_path, "b.yaml", "id: bee\ntitle: B\n")
    _write(tmp_path, "a.yaml", "id: ay\ntitle: A\n")
    _write(tmp_path, "notes.txt", "not a level")
    pack = load_pack(tmp_path)
    assert [lv.id for lv in pack.levels] == ["ay", "bee"] and pack.name == tmp_path.name


def test_validate_paths_exit_codes(tmp_path: Path) -> None:
    _write(tmp_path, "ok.yaml", HEAD)
    _write(tmp_path, "warn.yaml", HEAD + "pattern: {hold_in: 12}\n")
    _write(tmp_path, "bad.yaml", HEAD + "cycles: -1\n")
    ok, warn, bad = (str(tmp_path / n) for n in ("ok.yaml", "warn.yaml", "bad.yaml"))
    assert validate_paths([ok]) == ([], 0)
    assert validate_paths([warn])[1] == 0 and validate_paths([warn], strict=True)[1] == 1
    found, code = validate_paths([bad, str(tmp_path / "missing.yaml")])
    assert code == 1
    assert [str(p) for p in found] == [
        f"{bad}:3:9: cycles: expected a whole number from 1 to 2000, got -1",
        f"{tmp_path / 'missing.yaml'}:1:1: no such file or folder",
    ]
    found, code = validate_paths([str(tmp_path)])
    assert code == 1 and all(isinstance(p, Problem) for p in found)
    assert sum("is already used by" in p.message for p in found) == 2  # all three share one id


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    level, _ = load_level(path)
    assert [str(p) for p in level.problems] == [f"{path}:2:11: this isn't UTF-8 text; save the file as UTF-8"]  # type: ignore[union-attr]


# ------------------------------------------------------------------------------ scene_params names


def test_every_scene_setting_is_read_by_its_painter_or_its_scene_rule() -> None:
    """The one table (SCENE_PARAMS) is what the painters and the scene rules read: each setting it lists is
    read by one of them, so none is a name the loader accepts and nothing uses."""
    from dataclasses import replace

    from game.content.model import SCENE_PARAMS
    from game.render.painters import make_painter
    from game.render.palette import get_palette
    from game.sim.scene_rules import rule_for

    base, _ = load_level_text(HEAD, "x.yaml")
    assert isinstance(base, Level)
    read_by_rule = {("tree", "min_exhale_s"): "min_exhale_s", ("lanterns", "min_exhale_s"): "min_exhale_s"}
    for scene, params in SCENE_PARAMS.items():
        for name, spec in params.items():
            painter = make_painter(scene, (320, 180), params={name: "?"}, palette=get_palette("calm"))
            warned = any(w.startswith(f"{name}:") for w in painter.param_warnings)
            attr = read_by_rule.get((scene, name))
            if attr is not None:
                high = spec["high"]
                rule = rule_for(replace(base, scene=scene, scene_params={name: high}))
                assert getattr(rule, attr) == high, (scene, name)
            else:
                assert warned, f"{scene}.{name} is read by nothing"


def test_unknown_scene_param_is_a_warning_with_a_suggestion() -> None:
    level, warnings = load_level_text(HEAD + "scene_params: {wnd: 0.3, lantern_count: 3}\n", "x.yaml")
    assert isinstance(level, Level) and level.scene_params == {"wnd": 0.3, "lantern_count": 3}
    assert [str(w) for w in warnings] == [
        "x.yaml:3:16: warning: scene_params: unknown name 'wnd' (did you mean 'wind'?); "
        "the lake scene ignores it (it reads time_of_day, wind)",
        "x.yaml:3:26: warning: scene_params: unknown name 'lantern_count'; "
        "the lake scene ignores it (it reads time_of_day, wind)",
    ]


def test_scene_param_of_the_other_scene_is_a_warning() -> None:
    text = HEAD + "scene: lanterns\nscene_params:\n  wind: 0.3\n  max_lanterns: 12\n"
    assert only(text) == (
        "x.yaml:5:3: warning: scene_params.wind: 'wind' is a setting of the lake scene; "
        "the lanterns scene ignores it (it reads min_exhale_s, max_lanterns)"
    )


def test_scene_param_of_the_wrong_type_or_range_is_an_error() -> None:
    assert problems(HEAD + "scene_params: {wind: 1.5, time_of_day: nite}\n") == [
        "x.yaml:3:22: scene_params.wind: expected a number from 0 to 1, got 1.5",
        "x.yaml:3:40: scene_params.time_of_day: expected one of dusk, day, night, got 'nite' "
        "(did you mean 'night'?)",
    ]
    text = HEAD + "scene: lanterns\nscene_params: {max_lanterns: 2.5, min_exhale_s: 0}\n"
    assert problems(text) == [
        "x.yaml:4:30: scene_params.max_lanterns: expected a whole number from 1 to 200, got 2.5",
        "x.yaml:4:49: scene_params.min_exhale_s: expected a number from 0.5 to 30 seconds, got 0",
    ]
    assert only(HEAD + "scene_params: {wind: yes}\n") == (
        "x.yaml:3:22: scene_params.wind: expected a number from 0 to 1, got 'yes' "
        "(YAML reads on/off/yes/no as true/false)"
    )
    text = HEAD + "scene: lanterns\nscene_params: {max_lanterns: 200, min_exhale_s: 0.5}\n"
    assert problems(text) == []
    assert problems(HEAD + "scene_params: {wind: 0, time_of_day: night}\n") == []


# ------------------------------------------------------------------------------ pacer-aware goal checks


def test_ramp_that_does_not_finish_within_the_duration_is_a_warning() -> None:
    # 10, 10.2, 10.4, 10.6 s cycles fit in 50 s; the fifth (10.8 s) would end at 52 s.
    text = HEAD + "duration: 50\npattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 10}\n"
    assert only(text) == (
        "x.yaml:6:7: warning: pattern.ramp[1]: needs 11 cycles to reach 8 s but the level's 50 s hold "
        "only 4 whole cycles; exhale stops at 6.6 s"
    )
    text = (
        HEAD
        + "duration: 50\npattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 2, start_cycle: 6}\n"
    )
    assert only(text) == (
        "x.yaml:6:7: warning: pattern.ramp[1]: starts at cycle 6 (counting from 0) but the level's 50 s "
        "hold only 5 whole cycles, so it never happens"
    )
    text = HEAD + "duration: 120\npattern:\n  ramp:\n    - {field: exhale, to: 8, over_cycles: 4}\n"
    assert problems(text) == []


def test_in_sync_without_a_pacer_is_a_warning() -> None:
    text = HEAD + "show_pacer: false\ngoals:\n  - {kind: full_exhales, count: 2}\n"
    text += "  - {kind: in_sync, at_least: 0.5}\n"
    assert only(text) == (
        "x.yaml:6:12: warning: goals[2] (in_sync): in_sync measures breathing with the guide, "
        "but show_pacer is false; choose another goal or show the pacer"
    )


def test_exhale_ratio_counts_holds_as_breathing_in() -> None:
    text = HEAD + "pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 2}\n"
    text += "goals:\n  - {kind: exhale_ratio, at_least: 1.2}\n"
    assert only(text) == (
        "x.yaml:5:5: goals[1] (exhale_ratio): the pacer's exhale:inhale ratio is 0.75 "
        "(the game counts holds as breathing in: exhale / (inhale + hold_in + hold_out)), "
        "below the 1.2 asked"
    )
    fair = HEAD + "pattern: {inhale: 4, hold_in: 2, exhale: 6, hold_out: 2}\n"
    assert problems(fair + "goals:\n  - {kind: exhale_ratio, at_least: 0.75}\n") == []
    assert problems(HEAD + "goals:\n  - {kind: exhale_ratio, at_least: 1.5}\n") == []


def test_goals_at_exactly_the_pacer_value_are_fair() -> None:
    # The game counts an exhale within 5 % of a goal's seconds (scoring.LENGTH_GRACE), so no warning...
    for goal in ("{kind: average_exhale, seconds: 6}", "{kind: long_exhales, seconds: 6, count: 10}"):
        assert problems(HEAD + f"goals:\n  - {goal}\n") == [], goal
    # ... a goal past the pacer's exhale but within that grace is warned about (only the grace lets it
    # count) ...
    assert problems(HEAD + "goals:\n  - {kind: average_exhale, seconds: 6.2}\n") == [
        "x.yaml:4:5: warning: goals[1] (average_exhale): the pacer's exhales average 6.0 s, "
        "less than the 6.2 s asked; only the game's 5 % of grace lets it count"
    ]
    # ... and one past the grace can't be met by following the pacer: an error.
    assert problems(HEAD + "goals:\n  - {kind: average_exhale, seconds: 6.5}\n") == [
        "x.yaml:4:5: goals[1] (average_exhale): the pacer's exhales average 6.0 s, "
        "less than the 6.5 s asked; ask for 6 s or less"
    ]
    assert problems(HEAD + "goals:\n  - {kind: long_exhales, seconds: 6.5, count: 1}\n") == [
        "x.yaml:4:5: goals[1] (long_exhales): following the pacer gives only 0 exhales of 6.5 s "
        "or more, fewer than the 1 asked; ask for 6 s or less"
    ]


def test_adaptive_goal_past_the_pattern_is_an_error() -> None:
    text = HEAD + "adaptive: {enabled: true}\ngoals:\n  - {kind: steady, at_least: 0.5}\n"
    text += "  - {kind: long_exhales, seconds: 7, count: 3}\n"
    assert only(text) == (
        "x.yaml:6:5: goals[2] (long_exhales): asks for 7 s exhales but the pacer's longest is 6 s "
        "(adaptive pacing never goes past the pattern); ask for 6 s or less"
    )
    assert (
        problems(HEAD + "adaptive: {enabled: true}\ngoals:\n  - {kind: average_exhale, seconds: 6}\n") == []
    )


# ------------------------------------------------------------------------------ wording


def test_misspelt_title_points_at_the_misspelling() -> None:
    assert only("id: test-level\ntitel: Test\n") == (
        "x.yaml:2:1: title is missing — did you mean to write 'title' instead of 'titel'? "
        "(every level needs a title, shown in level select)"
    )
    assert only("idd: test-level\ntitle: Test\n").startswith(
        "x.yaml:1:1: id is missing — did you mean to write 'id' instead of 'idd'?"
    )


def test_goals_are_named_the_same_way_in_errors_and_warnings() -> None:
    text = HEAD + "goals:\n  - {kind: long_exhales, seconds: 8, count: 5}\n  - {kind: steady, second: 1}\n"
    assert problems(text) == [
        "x.yaml:5:5: goals[2] (steady): needs 'at_least' (the lowest score that earns the star)",
        "x.yaml:5:20: goals[2] (steady): unknown key 'second' (did you mean 'seconds'?)",
    ], "the goals are checked against the pacer only once the file has no errors (round two)"
    fixed = text.replace("second: 1", "at_least: 0.5")
    assert problems(fixed) == [
        "x.yaml:4:5: goals[1] (long_exhales): following the pacer gives only 0 exhales of 8 s or "
        "more, fewer than the 5 asked; ask for 6 s or less",
    ]


def test_generated_labels_read_naturally() -> None:
    from game.content.model import Goal, goal_label

    ratio = Goal(kind="exhale_ratio", at_least=1.0)
    assert goal_label(ratio) == "Exhales at least as long as inhales"
    assert goal_label(Goal(kind="exhale_ratio", at_least=2)) == "Exhales at least twice as long as inhales"
    assert (
        goal_label(Goal(kind="exhale_ratio", at_least=1.5)) == "Exhales at least 1.5 times as long as inhales"
    )
    assert goal_label(Goal(kind="long_exhales", seconds=6, count=1)) == "1 exhale of 6 s or longer"
