"""Settings: breath key mapping, palette, motion, text size, sound. Saved as soon as they change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.input import Command
from game.render.text import draw_text
from game.scenes.base import Pop, Scene, Transition
from game.storage import Settings

if TYPE_CHECKING:
    from game.app import App

PALETTE_NAMES = ("calm", "high_contrast", "colour_blind")


@dataclass(frozen=True)
class Option:
    label: Callable[[Settings], str]
    change: Callable[[Settings, int], None]  # direction -1 / +1


def _cycle(values: tuple[str, ...], current: str, step: int) -> str:
    i = values.index(current) if current in values else 0
    return values[(i + step) % len(values)]


def _set_palette(s: Settings, d: int) -> None:
    s.palette = _cycle(PALETTE_NAMES, s.palette, d)


def _set_volume(s: Settings, d: int) -> None:
    s.volume = round(min(1.0, max(0.0, s.volume + 0.1 * d)), 1)


def _toggle(name: str) -> Callable[[Settings, int], None]:
    def change(s: Settings, d: int) -> None:
        setattr(s, name, not getattr(s, name))

    return change


OPTIONS = (
    Option(lambda s: "Breath key: hold while breathing " + ("in" if s.invert_breath_key else "out"),
           _toggle("invert_breath_key")),
    Option(lambda s: f"Colours: {s.palette.replace('_', ' ')}", _set_palette),
    Option(lambda s: f"Reduced motion: {'on' if s.reduced_motion else 'off'}", _toggle("reduced_motion")),
    Option(lambda s: f"Larger text: {'on' if s.large_text else 'off'}", _toggle("large_text")),
    Option(lambda s: f"Sound: {'off' if s.muted else 'on'}", _toggle("muted")),
    Option(lambda s: f"Volume: {round(s.volume * 100)}%", _set_volume),
)


class SettingsScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.choice = 0

    def handle(self, command: Command) -> Transition | None:
        if command is Command.BACK:
            return Pop()
        if command is Command.UP:
            self.choice = (self.choice - 1) % len(OPTIONS)
        elif command is Command.DOWN:
            self.choice = (self.choice + 1) % len(OPTIONS)
        elif command in (Command.LEFT, Command.RIGHT, Command.CONFIRM):
            OPTIONS[self.choice].change(self.app.settings, -1 if command is Command.LEFT else 1)
            self.app.apply_settings()
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        return None  # Space is a breath key, not a toggle: a held breath must not flip settings

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        surface.fill(pal.sky_top)  # menus sit on the dark sky colour: text reads on it
        draw_text(surface, "Settings", (w // 2, 40), 52, pal.text, anchor="midtop", fonts=fonts)
        for i, option in enumerate(OPTIONS):
            selected = i == self.choice
            text = ("> " if selected else "  ") + option.label(self.app.settings)
            draw_text(surface, text, (w // 2 - 300, 150 + 56 * i), 34, pal.accent if selected else pal.text,
                      fonts=fonts)
        if not self.app.store.can_save:
            draw_text(surface, "Settings cannot be saved here; they last until you close the game.",
                      (w // 2, h - 90), 24, pal.warn, anchor="center", fonts=fonts)
        draw_text(surface, "Up/Down to choose, Left/Right or Enter to change, Esc to go back", (w // 2, h - 40), 26,
                  pal.text_dim, anchor="center", fonts=fonts)
