"""The title screen: one key starts the next unfinished level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.render.painters import make_painter
from game.render.text import draw_text, fit_size, screen_scale
from game.render.view import FrameView
from game.scenes.base import Push, Quit, Scene, Transition
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import TitleNeeds


class TitleScene(Scene):
    app: TitleNeeds

    def __init__(self, app: TitleNeeds) -> None:
        super().__init__(app)
        self.painter = make_painter("lake", app.screen.get_size(), params={}, palette=app.palette, seed=7)
        self.t = 0.0
        self.asking_to_quit = False  # Esc asks first; a second Esc (or Y) leaves, any other key stays

    def handle(self, command: Command) -> Transition | None:
        screens = self.app.screens
        if command is Command.CONFIRM:
            level = self.app.catalog.next_unfinished(self.app.store.progress)
            if level is None:
                return Push(screens.level_select())
            return Push(screens.play(level))
        if command is Command.LEVELS:
            return Push(screens.level_select())
        if command is Command.SETTINGS:
            return Push(screens.settings())
        if command is Command.HISTORY:
            return Push(screens.history())
        if command is Command.BREATHE_NOW:
            return Push(screens.breathe_now())
        if command is Command.CHECKIN:
            return Push(screens.checkin())
        if command is Command.BACK:
            self.asking_to_quit = True
            self.capturing_key = True  # the next key, whatever it is, answers the question
        return None

    def capture_key(self, name: str) -> Transition | None:
        """The answer to "Leave Exhale?": Esc again or Y leaves; any other key stays on the title."""
        self.asking_to_quit = self.capturing_key = False
        if name in ("escape", "y"):
            return Quit()
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        if self.asking_to_quit:
            return None
        return super().breath_key(pressed)

    def enter(self) -> None:
        if self.painter.palette != self.app.palette:  # back from settings with other colours
            self.painter.set_palette(self.app.palette)

    def update(self, dt: float) -> Transition | None:
        self.t += dt
        if self.painter.size != self.app.screen.get_size():
            self.painter.resize(self.app.screen.get_size())
        self.painter.update(self._view(), dt)
        return None

    def _view(self) -> FrameView:
        return FrameView(
            t=self.t, show_pacer=False, calm=0.8, reduced_motion=self.app.settings.reduced_motion
        )

    def draw(self, surface: pygame.Surface) -> None:
        # Sizes and gaps follow the window (screen_scale) and every line is fitted to its width, so the
        # title reads whole from 640x400 up; the lines stack from the bottom so the keys never meet the words.
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        k = screen_scale((w, h))
        m = max(12, round(30 * k))
        self.painter.draw(surface, self._view())

        def line(text: str, y: int, size: int, colour, anchor: str) -> pygame.Rect:
            size = fit_size(text, w - 2 * m, round(size * k), fonts)
            return draw_text(surface, text, (w // 2, y), size, colour, anchor=anchor, fonts=fonts)

        name = line("Exhale", round(h * 0.12), 110, pal.text, "midtop")
        tagline = line(
            "a long, soft out-breath settles you", name.bottom + round(6 * k), 32, pal.text_dim, "midtop"
        )
        level = self.app.catalog.next_unfinished(self.app.store.progress)
        start = f"Press Enter or Space to begin: {level.title}" if level else "Press Enter to choose a level"
        line(start, tagline.bottom + round(30 * k), 38, pal.accent, "midtop")
        gap = round(10 * k)
        keys = line(
            "L  levels    H  history    S  settings    M  sound    F11  full screen    Esc  quit",
            h - round(16 * k),
            26,
            pal.text_dim,
            "midbottom",
        )
        # Its own line above the keys: the footer has no room left at 800 px.
        more = line(
            "N  breathe now      C  check in: how am I breathing today?",
            keys.top - gap,
            26,
            pal.text,
            "midbottom",
        )
        notice = self.app.take_notice()
        if notice:
            line(notice, more.top - gap, 24, pal.warn, "midbottom")
        if self.asking_to_quit:
            self._draw_quit_question(surface)

    def _draw_quit_question(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        card = pygame.Rect(0, 0, min(620, w - 40), min(170, h - 40))
        card.center = (w // 2, h // 2 + h // 8)
        shade = pygame.Surface(card.size, pygame.SRCALPHA)
        pygame.draw.rect(shade, (*pal.panel, 235), shade.get_rect(), border_radius=14)
        surface.blit(shade, card)
        draw_text(
            surface,
            "Leave Exhale?",
            (card.centerx, card.top + 24),
            40,
            pal.text,
            anchor="midtop",
            fonts=fonts,
        )
        draw_text(
            surface,
            "Esc or Y: leave     any other key: stay",
            (card.centerx, card.bottom - 28),
            28,
            pal.accent,
            anchor="midbottom",
            fonts=fonts,
        )
