"""Pause: resume, restart, settings, or back to the menu. Time stops for the level underneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.render.text import draw_text
from game.scenes.base import Pop, Push, Scene, Transition
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import PauseNeeds, Restartable

OPTIONS = ("Resume", "Restart", "Settings", "Quit to menu")


class PauseScene(Scene):
    app: PauseNeeds

    @property
    def overlay(self) -> bool:  # type: ignore[override]
        """True until the shaded backdrop exists (or the window is resized); then the level is not redrawn."""
        return self._backdrop is None or self._backdrop.get_size() != self.app.screen.get_size()

    def __init__(self, app: PauseNeeds, play: Restartable) -> None:
        super().__init__(app)
        self.play = play
        self.choice = 0
        self._backdrop: pygame.Surface | None = None  # the frozen level, shaded: drawn once, not every frame

    def enter(self) -> None:
        self._backdrop = None  # back from settings: palette or text size may have changed

    def handle(self, command: Command) -> Transition | None:
        if command in (Command.BACK, Command.PAUSE):
            return Pop()
        if command is Command.UP:
            self.choice = (self.choice - 1) % len(OPTIONS)
        elif command is Command.DOWN:
            self.choice = (self.choice + 1) % len(OPTIONS)
        elif command is Command.RESTART:
            return self._restart()
        elif command is Command.CONFIRM:
            picked = OPTIONS[self.choice]
            if picked == "Resume":
                return Pop()
            if picked == "Restart":
                return self._restart()
            if picked == "Settings":
                return Push(self.app.screens.settings())
            return Pop(2)
        return None

    def _restart(self) -> Transition:
        # Drop the pause overlay first, then swap the level for a fresh one.
        self.app.apply(Pop())
        return self.play.restart()

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        if self._backdrop is None or self._backdrop.get_size() != (w, h):
            self._backdrop = surface.copy()  # the play scene was just drawn under us
            shade = pygame.Surface((w, h), pygame.SRCALPHA)
            shade.fill((*pal.panel, 200))
            self._backdrop.blit(shade, (0, 0))
        surface.blit(self._backdrop, (0, 0))
        draw_text(surface, "Paused", (w // 2, h // 2 - 150), 56, pal.text, anchor="center", fonts=fonts)
        for i, option in enumerate(OPTIONS):
            colour = pal.accent if i == self.choice else pal.text_dim
            label = f"> {option} <" if i == self.choice else option
            draw_text(
                surface, label, (w // 2, h // 2 - 60 + 52 * i), 36, colour, anchor="center", fonts=fonts
            )
        draw_text(
            surface,
            "Up/Down and Enter; Esc or P to resume",
            (w // 2, h - 48),
            26,
            pal.text_dim,
            anchor="center",
            fonts=fonts,
        )
