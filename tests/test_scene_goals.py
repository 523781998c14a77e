"""A goal on what the scene earned (issue 11, item 3): `{kind: scene, count: N}` on the tree, the candle and
the lanterns, read and checked with the file's line, scored in play and in `simulate` (the headless report:
tests/test_scene_rules.py), said in words, known to the schema, and earned exactly again by a replay."""

from __future__ import annotations

import json

import pytest
from schema_check import check

from breath_input.responsive import make_breather
from breath_input.sources import SyntheticBreather
from game.content.loader import load_level_text
from game.content.model import SCENE_EARNS, BrokenLevel, Goal, Level
from game.content.schema import level_schema
from game.records.catalog import Catalog
from game.records.replay import ReplaySource
from game.sim.goal_watch import GoalWatch
from game.sim.level_words import goal_words
from game.sim.loop import STEP_S
from game.sim.scene_rules import RULES
from game.sim.scoring import goal_report
from game.sim.session import PlaySession
from game.sim.simulate import simulate

HEAD = "id: scene-goal\ntitle: Scene goal\npattern: {inhale: 4, exhale: 6}\ncycles: 8\n"


def text(scene: str, goal: str = "{kind: scene, count: 5}", params: str = "") -> str:
    return (
        HEAD + f"scene: {scene}\n" + (f"scene_params: {params}\n" if params else "") + f"goals:\n  - {goal}\n"
    )


def loaded(source: str) -> Level:
    level, warnings = load_level_text(source, "x.yaml")
    assert isinstance(level, Level) and warnings == [], (level, warnings)
    return level


def problems(source: str) -> list[str]:
    level, warnings = load_level_text(source, "x.yaml")
    errors = list(level.problems) if isinstance(level, BrokenLevel) else []
    return [str(p) for p in errors + warnings]


def play(level: Level, breather: str = "calm") -> PlaySession:
    session = PlaySession(level)
    source = make_breather(breather, pacer=session.pacer, seed=3)
    while not session.finished:
        session.step(STEP_S, source)
    return session


def test_every_scene_with_rules_can_be_a_goal_and_the_table_names_them_all():
    assert set(SCENE_EARNS) == set(RULES), (
        "the words of a scene goal and the scene rules name the same scenes"
    )
    words = {
        "tree": "The tree grows 5 steps",
        "candle": "5 small lights lit on the sill",
        "lanterns": "5 lanterns rise into the sky",
    }
    for scene, label in words.items():
        level = loaded(text(scene))
        assert level.goals == (Goal(kind="scene", count=5, label=label, scene=scene),)
        assert goal_words(level) == [label], "the intro card and level select say it"


@pytest.mark.parametrize("scene", sorted(SCENE_EARNS))
def test_a_calm_play_meets_it_by_what_the_scene_counted(scene: str):
    session = play(loaded(text(scene)))
    (result,) = session.summary().goals
    assert result.value == session.scene.earned >= 5 and result.met
    report = goal_report(result)
    assert (report["kind"], report["target"], report["compare"]) == ("scene", 5.0, ">=")
    assert report["why"] == f"{SCENE_EARNS[scene]} {session.scene.earned}; needs 5"
    rushed = play(loaded(text(scene)), "shallow")  # 2 s exhales earn no scene anything
    assert rushed.scene.earned == 0 and not rushed.summary().goals[0].met


def test_a_replay_earns_the_goal_exactly_again():
    level = loaded(text("candle", "{kind: scene, count: 6}"))
    played = play(level, "beginner")
    again = PlaySession(level)
    source = ReplaySource(played.recording)
    while not again.finished:
        again.step(STEP_S, source)
    assert again.scene.state == played.scene.state
    assert again.summary().goals == played.summary().goals


def test_the_goal_is_told_the_moment_the_count_is_reached():
    level = loaded(text("lanterns", "{kind: scene, count: 2}"))
    session, watch = PlaySession(level), GoalWatch()
    source = SyntheticBreather("calm", pacer=session.pacer, seed=3)
    told_at = None
    while not session.finished and told_at is None:
        if session.step(STEP_S, source) is not None and watch.update(session.summary()):
            told_at = session.scene.earned
    assert told_at == 2, "a count never goes down, so two lanterns are enough to tell it"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            text("lake"),
            "x.yaml:7:12: goals[1] (scene): the lake scene keeps no count for a scene goal to ask for (only "
            "the tree, candle and lanterns scenes do); choose another goal kind, or set 'scene:' to tree, "
            "candle or lanterns",
        ),
        (
            HEAD + "goals:\n  - {kind: scene, count: 5}\n",  # no scene: the lake
            "x.yaml:6:12: goals[1] (scene): the lake scene keeps no count",
        ),
        (
            text("tree", "{kind: scene, count: 9}", "{max_growth: 6}"),
            "x.yaml:8:26: goals[1] (scene): the tree grows at most 6 steps (scene_params.max_growth), fewer "
            "than the 9 asked; ask for 6 or fewer, or raise max_growth",
        ),
        (
            text("tree", "{kind: scene, count: 30}"),  # the tree's default max_growth is 24
            "x.yaml:7:26: goals[1] (scene): the tree grows at most 24 steps",
        ),
        (
            text("lanterns", "{kind: scene, count: 5}", "{min_exhale_s: 7}"),
            "x.yaml:8:5: goals[1] (scene): following the pacer earns at most 0 lanterns released (a step "
            "needs an exhale of at least 7 s, scene_params.min_exhale_s), fewer than the 5 asked; "
            "lengthen the exhale, or lower min_exhale_s",
        ),
        (
            text("tree", "{kind: scene, count: 9}"),  # 8 breaths
            "x.yaml:7:5: goals[1] (scene): following the pacer earns at most 8 growth steps (a step needs an "
            "exhale of at least 4 s, scene_params.min_exhale_s), fewer than the 9 asked; ask for 8 or fewer",
        ),
        (
            text("candle", "{kind: scene, count: 2}").replace(
                "inhale: 4, exhale: 6", "inhale: 3, exhale: 3.5"
            ),
            "x.yaml:7:5: goals[1] (scene): following the pacer earns at most 0 soft long exhales (a light "
            "needs a soft exhale of at least 4 s), fewer than the 2 asked; lengthen the exhale",
        ),
        (text("tree", "{kind: scene, count: 0}"), "x.yaml:7:26: goals[1].count: expected a whole number"),
        (text("tree", "{kind: scene, count: many}"), "x.yaml:7:26: goals[1].count: expected a whole number"),
        (text("tree", "{kind: scene}"), "x.yaml:7:5: goals[1] (scene): needs 'count' (how many steps"),
        (
            text("tree", "{kind: scene, count: 3, seconds: 4}"),
            "x.yaml:7:29: goals[1] (scene): doesn't use 'seconds' (a scene goal uses count)",
        ),
    ],
)
def test_a_bad_scene_goal_is_a_plain_error_at_its_line(source: str, expected: str):
    found = problems(source)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_goal_only_just_within_the_pacer_is_a_warning():
    (warning,) = problems(text("tree", "{kind: scene, count: 5}", "{min_exhale_s: 6}"))
    assert warning.startswith("x.yaml:8:5: warning: goals[1] (scene): only 0 of the pacer's exhales")


def test_the_schema_knows_which_scenes_keep_a_count():
    schema = level_schema()
    goal = {"kind": "scene", "count": 5}
    for scene in SCENE_EARNS:
        assert check({"id": "x", "title": "T", "scene": scene, "goals": [goal]}, schema, schema) == []
    assert check({"id": "x", "title": "T", "scene": "lake", "goals": [goal]}, schema, schema)
    assert check({"id": "x", "title": "T", "goals": [goal]}, schema, schema), "no scene is the lake"
    assert check({"id": "x", "title": "T", "scene": "tree", "goals": [{"kind": "scene"}]}, schema, schema)


def test_the_shipped_tree_level_asks_for_it_and_an_easy_player_earns_it():
    level = Catalog.load().find("steady-rhythm")
    goal = next(g for g in level.goals if g.kind == "scene")
    assert goal.scene == "tree" and goal.label == f"The tree grows {goal.count} steps"
    for breather in ("calm", "beginner"):
        row = simulate(level, breather)
        scene_goal = next(g for g in row["goals"] if g["kind"] == "scene")
        assert scene_goal["met"], (breather, scene_goal)


def test_one_step_is_said_in_the_singular_and_a_goal_built_in_code_still_reads():
    from game.content.model import goal_label

    assert goal_label(Goal(kind="scene", count=1, scene="lanterns")) == "1 lantern rises into the sky"
    assert goal_label(Goal(kind="scene", count=1, scene="tree")) == "The tree grows 1 step"
    assert goal_label(Goal(kind="scene", count=2)) == "The scene earns 2 steps"
    assert goal_label(Goal(kind="scene", count=12, scene="candle")) == "12 small lights lit on the sill"
    assert goal_label(Goal(kind="scene", count=13, scene="candle")) == (
        "13 long, soft exhales (the sill holds 12 lights)"
    ), "never a promise of more lights than the sill has"


def test_it_is_scored_in_play_and_told_when_met():
    from test_play_controller import play_out, ports

    from game.sim.play_controller import GoalMet, PlayController

    level = Catalog.load().find("steady-rhythm")
    controller = PlayController(
        level,
        ports(lambda pacer: SyntheticBreather("calm", pacer=pacer)),
        show_intro=False,
        audio_guide=True,  # the eyes-closed guide chimes each goal as it is met
    )
    effects = play_out(controller)
    (goal,) = [r for r in controller.session.summary().goals if r.goal.kind == "scene"]
    assert goal.met and goal.value == controller.session.scene.earned
    assert GoalMet(goal.label) in effects


def test_exhale_levels_words_the_goal_as_the_intro_card_does(tmp_path, capsys):
    from game.cli import main

    assert main(["--data-dir", str(tmp_path), "levels", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    level = Catalog.load().find("steady-rhythm")
    assert rows["steady-rhythm"]["goals"] == goal_words(level)
    assert "The tree grows 8 steps" in rows["steady-rhythm"]["goals"]
