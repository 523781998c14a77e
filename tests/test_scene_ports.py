"""Scenes run on the ports they name, not on the App, and ask for the next screen by name (issue 11, item 2).

The title and pause screens are built here on a small stand-in with only what their ports list (no App, no
window); the play scene, on a real app whose navigator is swapped for one that writes down what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame
import pytest

from game.records.catalog import Catalog
from game.records.history import History
from game.records.storage import Settings, Store
from game.render.palette import Palette, get_palette
from game.render.text import Fonts
from game.scenes.base import Pop, Push, Replace, Scene, Transition
from game.scenes.pause import OPTIONS, PauseScene
from game.scenes.play import PlayScene
from game.scenes.title import TitleScene
from game.window.input import Command


class Blank(Scene):
    """The screen a recording navigator hands back: it only says what was asked for."""

    def __init__(self, asked: tuple[object, ...]) -> None:
        self.asked = asked

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((0, 0, 0))


class Recorder:
    """Stands in for the navigator: every screen asked for is written down and answered with a Blank."""

    def __init__(self) -> None:
        self.asked: list[tuple[object, ...]] = []

    def _ask(self, *what: object) -> Scene:
        self.asked.append(what)
        return Blank(what)

    def play(self, level, *, show_intro=True, watch=None, focus=False, warnings=()):
        return self._ask("play", level.id, show_intro, focus)

    def pause(self, play):
        return self._ask("pause", play)

    def results(self, level, session, *, watch=None, focus=False):
        return self._ask("results", level.id, session)

    def settings(self):
        return self._ask("settings")

    def guide_settings(self):
        return self._ask("guide_settings")

    def calibration(self, *, then=None, first_time=False):
        return self._ask("calibration", first_time)

    def level_select(self):
        return self._ask("level_select")

    def history(self):
        return self._ask("history")

    def breathe_now(self):
        return self._ask("breathe_now")

    def checkin(self):
        return self._ask("checkin")


@dataclass
class Needs:
    """Only what the title and pause screens' ports list: the look, saved things, notices, levels, screens."""

    store: Store
    catalog: Catalog
    screens: Recorder = field(default_factory=Recorder)
    screen: pygame.Surface = field(default_factory=lambda: pygame.Surface((800, 500)))
    palette: Palette = field(default_factory=lambda: get_palette("calm"))
    fonts: Fonts = field(default_factory=Fonts)
    notices: list[str] = field(default_factory=list)
    applied: list[Transition | None] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return self.store.settings

    @property
    def history(self) -> History:
        return History(self.store.folder)

    def apply_settings(self) -> None:
        pass

    def all_notices(self) -> list[str]:
        return list(self.notices)

    def take_notice(self) -> str | None:
        return self.notices[-1] if self.notices else None

    def breath_may_confirm(self) -> bool:
        return True

    def apply(self, transition: Transition | None) -> None:
        self.applied.append(transition)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture
def needs(tmp_path, catalog) -> Needs:
    return Needs(store=Store(tmp_path), catalog=catalog)


def test_the_title_asks_for_each_screen_by_name(needs):
    title = TitleScene(needs)
    first = needs.catalog.next_unfinished(needs.store.progress)
    assert first is not None
    pushed = title.handle(Command.CONFIRM)
    assert isinstance(pushed, Push) and isinstance(pushed.scene, Blank)
    assert pushed.scene.asked == ("play", first.id, True, False)
    for command, name in (
        (Command.LEVELS, "level_select"),
        (Command.SETTINGS, "settings"),
        (Command.HISTORY, "history"),
        (Command.BREATHE_NOW, "breathe_now"),
        (Command.CHECKIN, "checkin"),
    ):
        pushed = title.handle(command)
        assert isinstance(pushed, Push) and pushed.scene.asked == (name,), command
    # The breath key confirms as Enter does, through the one question the base scene asks.
    confirmed = title.breath_key(True)
    assert isinstance(confirmed, Push) and confirmed.scene.asked == ("play", first.id, True, False)


def test_the_title_draws_on_its_ports_alone(needs):
    needs.notices.append("A notice for the corner.")
    title = TitleScene(needs)
    title.update(1 / 60)
    title.draw(needs.screen)
    # Drawn: the window is not the plain black it started as.
    colours = {needs.screen.get_at((x, y))[:3] for x in range(0, 800, 40) for y in range(0, 500, 40)}
    assert len(colours) > 3


class Play:
    """A play the pause menu can restart: all the pause screen knows of it."""

    def __init__(self) -> None:
        self.restarts = 0

    def restart(self) -> Transition:
        self.restarts += 1
        return Replace(Blank(("restarted",)))


def test_pause_asks_for_settings_and_restarts_the_play_it_was_given(needs):
    play = Play()
    pause = PauseScene(needs, play)
    pause.choice = OPTIONS.index("Settings")
    pushed = pause.handle(Command.CONFIRM)
    assert isinstance(pushed, Push) and pushed.scene.asked == ("settings",)
    swapped = pause.handle(Command.RESTART)
    assert needs.applied == [Pop()]  # the overlay goes first, then the play is swapped
    assert isinstance(swapped, Replace) and swapped.scene.asked == ("restarted",)
    assert play.restarts == 1


def test_the_play_asks_the_app_for_its_pause_screen(app):
    app.screens = recorder = Recorder()
    level = app.catalog.campaign.levels[0]
    play = PlayScene(app, level, show_intro=False)
    app.apply(Push(play))
    pushed = play.handle(Command.PAUSE)
    assert isinstance(pushed, Push) and recorder.asked == [("pause", play)]
