"""The end of a level and the screens around it, driven by real pygame events on a virtual clock.

After the last cycle the scene stays for a few calm breaths before the results; the breath key never
confirms a screen with a breath carried over from the one before, nor a press right after it appeared, and
never the results (a player breathing on presses it every few seconds); Enter always confirms.
"""

from __future__ import annotations

import json

import pygame
import pytest

from game.app import App
from game.content.loader import load_level_text
from game.content.model import Level
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import BREATH_CONFIRM_GRACE_S, Push
from game.scenes.play import ENDING_S, PlayScene
from game.scenes.results import ResultsScene
from game.scenes.title import TitleScene
from game.sim.loop import STEP_S, FixedStep

SHORT = "id: short\ntitle: Short\npattern: {inhale: 2, exhale: 3}\ncycles: 3\n"


@pytest.fixture
def app(tmp_path):
    """A headless App at the smallest window (640x400): these tests read the screens' order and the saved
    records, not the picture, and every frame drawn at 1280x720 was most of their time."""
    a = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True, size=(640, 400))
    a.running = True
    yield a
    a.close()


def key(kind: int, k: int) -> None:
    pygame.event.post(pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0))


def space(down: bool) -> None:
    key(pygame.KEYDOWN if down else pygame.KEYUP, pygame.K_SPACE)


def frames(app: App, stepper: FixedStep, n: int) -> None:
    for _ in range(n):
        app.frame(STEP_S, stepper)


def seconds(s: float) -> int:
    return round(s / STEP_S)


def short_level() -> Level:
    level, _ = load_level_text(SHORT, "short.yaml")
    assert isinstance(level, Level)
    return level


def breathe_to_the_end(app: App, stepper: FixedStep, play: PlayScene) -> None:
    """Follow the guide (2 s in, 3 s out) with SPACE; stop on the frame the last cycle ends."""
    frames(app, stepper, seconds(3.0 + 2.0))  # lead-in, first inhale
    for i in range(3):
        space(True)
        frames(app, stepper, seconds(2.9))
        space(False)
        if i < 2:
            frames(app, stepper, seconds(2.0))
    assert play.ending_s is None
    for _ in range(seconds(1.0)):
        if play.ending_s is not None:
            return
        frames(app, stepper, 1)
    raise AssertionError("the level should be over")


def test_the_scene_stays_for_a_calm_ending_and_a_breath_never_skips_it(app, tmp_path):
    stepper = FixedStep()
    play = PlayScene(app, short_level(), show_intro=False)
    app.apply(Push(play))
    breathe_to_the_end(app, stepper, play)
    assert play.ending_s is not None and app.stack[-1] is play
    # The session is already kept: leaving during the ending loses nothing.
    records = [json.loads(line) for line in (tmp_path / "history.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["complete"] is True and len(records[0]["breaths"]) == 3
    assert app.store.progress.of("short").completed

    # The player keeps breathing: the scene still answers (the flow rises), nothing advances.
    breaths = len(play.session.breaths)
    space(True)
    frames(app, stepper, seconds(2.5))
    assert play.view().flow > 0.5, "the breath still moves the scene during the ending"
    space(False)
    frames(app, stepper, seconds(2.0))
    assert play.view().flow < 0.2
    space(True)
    frames(app, stepper, seconds(2.0))
    assert app.stack[-1] is play, "SPACE never leaves the ending"
    assert len(play.session.breaths) == breaths, "the session's figures are closed"
    assert play.guide_fade == 0.0, "the guide has faded away"
    play.draw(app.screen)  # the ending draws (guide gone, words in)

    frames(app, stepper, seconds(ENDING_S) - seconds(6.5) - 10)
    assert app.stack[-1] is play
    frames(app, stepper, 12)
    assert isinstance(app.stack[-1], ResultsScene), "then the results, by themselves"
    assert len(records) == 1


def test_the_guide_fades_rather_than_vanishing(app):
    stepper = FixedStep()
    play = PlayScene(app, short_level(), show_intro=False)
    app.apply(Push(play))
    breathe_to_the_end(app, stepper, play)
    assert play.guide_fade == pytest.approx(1.0, abs=0.05)
    frames(app, stepper, seconds(1.0))
    assert 0.3 < play.guide_fade < 0.8
    play.draw(app.screen)  # the guide drawn through its fading layer


def test_enter_goes_to_the_results_at_once(app):
    stepper = FixedStep()
    play = PlayScene(app, short_level(), show_intro=False)
    app.apply(Push(play))
    breathe_to_the_end(app, stepper, play)
    key(pygame.KEYDOWN, pygame.K_RETURN)
    frames(app, stepper, 1)
    assert isinstance(app.stack[-1], ResultsScene)


def results_with_space_held(app: App, stepper: FixedStep) -> ResultsScene:
    """Replay a finished level and hold SPACE across its ending into the results."""
    app.store.progress.record(app.catalog.campaign.levels[0].id, stars=2, score=500)  # finished before
    play = PlayScene(app, app.catalog.campaign.levels[0], show_intro=False)
    app.apply(Push(play))
    frames(app, stepper, seconds(4.0))
    play.session.t = play.session.pacer.total_s - 0.5  # skip ahead: the last half second of the level
    space(True)
    frames(app, stepper, seconds(1.0))
    assert play.ending_s is not None
    frames(app, stepper, seconds(ENDING_S) + 2)
    results = app.stack[-1]
    assert isinstance(results, ResultsScene)
    return results


def test_a_breath_held_into_the_results_never_confirms(app):
    stepper = FixedStep()
    results = results_with_space_held(app, stepper)
    frames(app, stepper, seconds(2.0))
    space(False)  # the held breath ends on the results: nothing happens
    frames(app, stepper, seconds(0.3))
    assert app.stack[-1] is results
    space(True)  # pressed again within the grace: still nothing
    frames(app, stepper, seconds(0.1))
    assert app.stack[-1] is results
    space(False)
    for _ in range(4):  # breathing on with the key, at any pace: the results stay
        frames(app, stepper, seconds(BREATH_CONFIRM_GRACE_S) + 60)
        space(True)
        frames(app, stepper, seconds(4.0))
        space(False)
    assert app.stack[-1] is results, "only Enter leaves the results"
    key(pygame.KEYDOWN, pygame.K_RETURN)
    frames(app, stepper, 1)
    nxt = app.stack[-1]
    assert isinstance(nxt, PlayScene) and nxt.level is app.catalog.campaign.levels[1]
    assert not nxt.ready, "the next level waits on its intro card"
    space(True)  # a quick press right after the card appeared does not start it
    frames(app, stepper, 2)
    assert not nxt.ready
    space(False)
    frames(app, stepper, seconds(1.0))
    space(True)
    frames(app, stepper, 2)
    assert nxt.ready, "a fresh press past the grace starts it"


def test_enter_confirms_on_the_results_at_once(app):
    stepper = FixedStep()
    results_with_space_held(app, stepper)
    key(pygame.KEYDOWN, pygame.K_RETURN)
    frames(app, stepper, 1)
    nxt = app.stack[-1]
    assert isinstance(nxt, PlayScene) and not nxt.ready
    key(pygame.KEYDOWN, pygame.K_RETURN)  # Enter on the intro card: no grace for Enter
    frames(app, stepper, 1)
    assert nxt.ready


def test_the_title_and_the_intro_card_ignore_a_press_right_after_they_appear(app):
    stepper = FixedStep()
    title = TitleScene(app)
    app.apply(Push(title))
    space(True)  # the very first frame
    frames(app, stepper, 1)
    assert app.stack[-1] is title
    space(False)
    frames(app, stepper, seconds(1.0))
    space(True)
    frames(app, stepper, 1)
    intro = app.stack[-1]
    assert isinstance(intro, PlayScene) and not intro.ready
    frames(app, stepper, seconds(2.0))  # held on into the intro card
    assert not intro.ready
    space(False)
    frames(app, stepper, seconds(BREATH_CONFIRM_GRACE_S) + 1)
    space(True)
    frames(app, stepper, 1)
    assert intro.ready
