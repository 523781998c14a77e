"""Breathe now (issue 14, item 2): a free practice from the title (N) or `exhale breathe`: a level built in
pure code from the choices, checked with the level files' limits, kept in the history, replayable, no stars;
focus shows a large guide with the counts hidden."""

from __future__ import annotations

import json

import pygame
import pytest

from breath_input.sources import KeyScriptSource
from game.cli import main
from game.content.breathe_now import (
    PRACTICE_ID,
    NamedPattern,
    PatternError,
    Practice,
    campaign_patterns,
    nudge,
    parse_pattern,
)
from game.content.limits import HOLD_LIMIT_S, MIN_PHASE_S
from game.records.catalog import Catalog
from game.render.guide_layout import focus_rect
from game.render.text import recording_text
from game.scenes.breathe_now import BreatheNowScene
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene
from game.scenes.title import TitleScene
from game.sim.loop import STEP_S, FixedStep
from game.sim.pacer import Pacer
from game.window.input import Command


def test_patterns_are_checked_with_the_level_files_limits():
    p = parse_pattern("4-7-8-0")
    assert (p.inhale_s, p.hold_in_s, p.exhale_s, p.hold_out_s) == (4, 7, 8, 0)
    assert parse_pattern("4-6").exhale_s == 6 and parse_pattern("4-6").hold_in_s == 0
    assert parse_pattern("4,5-0-6,5-0").inhale_s == 4.5
    for bad, words in [
        ("0.2-0-6-0", f"{MIN_PHASE_S:g} to"),
        (f"4-{HOLD_LIMIT_S + 1:g}-6-0", "a hold lasts"),
        ("0.5-0-0.5-0", "breaths a minute"),
        ("four-six", "numbers"),
        ("4-0-6", "IN-HOLD-OUT-HOLD"),
        ("nan-0-6-0", "numbers"),
    ]:
        with pytest.raises(PatternError, match=words):
            parse_pattern(bad)


def test_a_practice_is_a_level_with_no_goals_and_a_stable_id():
    practice = Practice(minutes=3, pattern=NamedPattern("Your own", parse_pattern("4-2-6-0")), scene="candle")
    level = practice.level()
    assert level.id == PRACTICE_ID and level.goals == () and level.scene == "candle"
    assert Pacer(level).total_s == pytest.approx(180.0)
    assert Practice(minutes=10).level().id == PRACTICE_ID  # the same id, whatever the choices


def test_the_campaign_patterns_each_once_and_only_guided_ones():
    levels = Catalog.load().campaign.levels
    patterns = campaign_patterns(levels)
    names = [p.name for p in patterns]
    assert "First breaths" not in names  # no guide to follow there
    assert len({(p.pattern.inhale_s, p.pattern.exhale_s, p.pattern.ramps) for p in patterns}) <= len(patterns)
    assert any(p.pattern.double_inhale for p in patterns)  # cyclic sighing keeps its sip
    # Your own numbers move by half seconds and stay within the limits.
    p = parse_pattern("0.5-0-6-0")
    assert nudge(p, "inhale_s", -1).inhale_s == 0.5
    assert nudge(p, "hold_in_s", 3).hold_in_s == 1.5


def _frames(app, n: int) -> None:
    stepper = FixedStep()
    for _ in range(n):
        app.frame(STEP_S, stepper)


def test_from_the_title_one_key_then_choices_then_play(app):
    title = TitleScene(app)
    app.stack.append(title)
    app.apply(title.handle(Command.BREATHE_NOW))
    picker = app.stack[-1]
    assert isinstance(picker, BreatheNowScene)
    app.apply(picker.handle(Command.RIGHT))  # 3 -> 5 minutes
    assert picker.practice.minutes == 5
    app.apply(picker.handle(Command.DOWN))
    names = picker._names()
    while picker.practice.pattern.name != "Your own":
        app.apply(picker.handle(Command.RIGHT))
    assert len(names) >= 5 and names[-1] == "Your own"
    for _ in range(2):  # down to "out", then one second longer
        app.apply(picker.handle(Command.DOWN))
    app.apply(picker.handle(Command.DOWN))
    before = picker.practice.pattern.pattern.exhale_s
    app.apply(picker.handle(Command.RIGHT))
    app.apply(picker.handle(Command.RIGHT))
    assert picker.practice.pattern.pattern.exhale_s == before + 1.0
    while picker.rows()[picker.choice].label != "Focus":
        app.apply(picker.handle(Command.DOWN))
    app.apply(picker.handle(Command.RIGHT))
    assert picker.practice.focus
    with recording_text(on=app.screen) as drawn:
        picker.draw(app.screen)
    words = " ".join(t for t, _ in drawn)
    assert "Your own" in words and "The guide: in" in words
    app.apply(picker.handle(Command.CONFIRM))
    play = app.stack[-1]
    assert isinstance(play, PlayScene) and play.focus and play.level.id == PRACTICE_ID
    assert play.level.duration_s == 300 and app.practice is not None
    app.apply(play.handle(Command.BACK))  # the intro card: back to the picker, choices kept
    assert isinstance(app.stack[-1], BreatheNowScene)
    assert BreatheNowScene(app).practice.focus


def test_focus_draws_a_large_guide_and_no_counts(app):
    level = Practice(minutes=1, focus=True).level()
    app.inputs.build = lambda inputs, pacer: inputs.keyboard()
    play = PlayScene(app, level, show_intro=False, focus=True)
    app.stack.append(play)
    play.enter()
    for _ in range(round(6 / STEP_S)):
        play.update(STEP_S)
    with recording_text(on=app.screen) as drawn:
        play.draw(app.screen)
    words = [t for t, _ in drawn]
    assert not any(t.startswith(("breaths", "last exhale", "Breathe now")) for t in words), words
    box = focus_rect(app.screen.get_size())
    assert box.width >= app.screen.get_height() // 2  # large: over half the window's height
    label = next(r for t, r in drawn if t.startswith("breathe"))
    assert box.left <= label.centerx <= box.right


def test_a_practice_is_kept_in_the_history_and_its_results_have_no_stars(app, tmp_path):
    level = Practice(minutes=1).level()
    script = KeyScriptSource([(3.3 + 10 * i, 9.0 + 10 * i) for i in range(6)])
    app.inputs.build = lambda inputs, pacer: script
    app.stack.append(TitleScene(app))
    app.apply(app.stack[-1].handle(Command.BREATHE_NOW))
    play = PlayScene(app, level, show_intro=False)
    from game.scenes.base import Replace

    app.apply(Replace(play))
    for _ in range(round(75 / STEP_S)):
        if isinstance(app.stack[-1], ResultsScene):
            break
        app.apply(app.stack[-1].update(STEP_S))
    results = app.stack[-1]
    assert isinstance(results, ResultsScene)
    with recording_text(on=None) as drawn:
        results._draw(pygame.Surface((1280, 720)))
    words = " ".join(t for t, _ in drawn)
    assert "You breathed for 1 min with the guide" in words
    assert "counts as finished" not in words and "not yet" not in words
    records = list(app.history.iter_records())
    assert [r.level_id for r in records] == [PRACTICE_ID] and records[0].complete
    # Replayable: R plays the same practice again.
    again = results.handle(Command.RESTART)
    assert isinstance(again.scene, PlayScene) and again.scene.level == level


def test_exhale_breathe_headless_writes_a_report(tmp_path, capsys):
    out = tmp_path / "out.json"
    argv = ["--data-dir", str(tmp_path / "d"), "breathe", "--headless", "--minutes", "1"]
    # Not drawn: the report is tested, not the picture (tests/test_no_draw.py: the same report either way).
    assert main([*argv, "--input", "synthetic:calm", "--report", str(out), "--no-draw"]) == 0
    report = json.loads(out.read_text())
    assert report["drawn"] is False
    assert report["level"] == PRACTICE_ID and report["complete"] and report["seconds"] == 60.0
    assert report["goals"] == [] and report["practice"]["minutes"] == 1
    assert len(report["breaths"]) >= 5
    assert main([*argv, "--pattern", "4-30-6-0"]) == 2
    assert "a hold lasts 0 to 20 s" in capsys.readouterr().err
    assert main([*argv, "--minutes", "0"]) == 2
    assert main([*argv, "--scene", "sea"]) == 2


def test_a_campaign_level_names_its_pattern(tmp_path):
    from game.cli import build_parser
    from game.cli.breathe import practice_from

    args = build_parser().parse_args(["breathe", "--pattern", "four-seven-eight"])
    practice = practice_from(args, Catalog.load())
    assert practice.pattern.pattern.hold_in_s == 7 and practice.pattern.name != "Your own"
