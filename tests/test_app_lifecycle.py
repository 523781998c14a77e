"""The whole app driven by real pygame events on a virtual clock: pause, resume, close mid-level."""

from __future__ import annotations

import json

import pygame

from game.app import App
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import Push
from game.scenes.pause import PauseScene
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S, FixedStep


def key(kind, k):
    pygame.event.post(pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0))


def frames(app, stepper, n):
    for _ in range(n):
        app.frame(STEP_S, stepper)


def test_pause_freezes_time_and_closing_mid_level_keeps_the_session(tmp_path):
    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    stepper = FixedStep()
    play = PlayScene(app, app.catalog.campaign.levels[1], show_intro=False)
    app.running = True
    app.apply(Push(play))
    frames(app, stepper, 60 * 4)  # lead-in and the first inhale
    key(pygame.KEYDOWN, pygame.K_SPACE)
    frames(app, stepper, 60 * 5)
    key(pygame.KEYUP, pygame.K_SPACE)
    frames(app, stepper, 30)
    assert len(play.session.breaths) == 1
    key(pygame.KEYDOWN, pygame.K_p)
    frames(app, stepper, 2)
    assert isinstance(app.stack[-1], PauseScene)
    t = play.session.t
    frames(app, stepper, 120)
    assert play.session.t == t, "nothing moves while paused"
    key(pygame.KEYDOWN, pygame.K_ESCAPE)
    frames(app, stepper, 2)
    assert app.stack[-1] is play and play.session.t > t
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    frames(app, stepper, 1)
    assert not app.running and app.stack == []
    records = [json.loads(line) for line in (tmp_path / "history.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["complete"] is False and len(records[0]["breaths"]) == 1
    app.close()


def test_scripted_input_drives_the_real_frame_and_drawing_falls_between_steps(tmp_path):
    from game.window.input import Command, FrameInput

    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    try:
        app.running = True
        level = app.catalog.find("lengthen-exhale")
        app.apply(Push(PlayScene(app, level)))
        stepper = FixedStep()
        app.frame(STEP_S, stepper, FrameInput(breath_changes=[True]))  # a fresh press on the intro card
        play = app.stack[-1]
        assert play.ready is False, "a press right as the card appears is no confirm (grace)"
        for _ in range(40):
            app.frame(STEP_S, stepper, FrameInput())
        app.frame(STEP_S, stepper, FrameInput(breath_changes=[False]))
        app.frame(STEP_S, stepper, FrameInput(commands=[Command.CONFIRM]))
        assert play.ready, "Enter, scripted, starts the level"
        drawn = []
        real_draw = play.painter.draw
        play.painter.draw = lambda surface, view: (drawn.append(view.t), real_draw(surface, view))
        app.frame(STEP_S * 1.5, stepper, FrameInput())  # one step and a half: the frame falls between steps
        assert 0.4 < app.draw_alpha < 0.6
        assert abs(drawn[-1] - (play.session.t + 0.5 * STEP_S)) < 1e-6, "drawn half a step on"
        app.apply(Push(PauseScene(app, play)))
        app.frame(STEP_S * 1.5, stepper, FrameInput())
        assert drawn[-1] == play.session.t, "paused: drawn where time stopped"
    finally:
        app.close()
