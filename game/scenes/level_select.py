"""Level select: every pack, what is open, stars earned, and broken files shown with their problem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.content.model import BrokenLevel, Level
from game.input import Command
from game.render.text import draw_text
from game.scenes.base import Pop, Push, Scene, Transition

if TYPE_CHECKING:
    from game.app import App


@dataclass(frozen=True)
class Row:
    pack: str
    level: Level | None = None
    broken: BrokenLevel | None = None


class LevelSelectScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.rows: list[Row] = []
        for pack in app.catalog.packs:
            self.rows += [Row(pack.name, level=lv) for lv in pack.levels]
            self.rows += [Row(pack.name, broken=b) for b in pack.broken]
        self.choice = 0
        self.message = ""

    def handle(self, command: Command) -> Transition | None:
        from game.scenes.play import PlayScene

        if not self.rows:
            return Pop() if command in (Command.BACK, Command.CONFIRM) else None
        if command is Command.UP:
            self.choice = (self.choice - 1) % len(self.rows)
            self.message = ""
        elif command is Command.DOWN:
            self.choice = (self.choice + 1) % len(self.rows)
            self.message = ""
        elif command is Command.BACK:
            return Pop()
        elif command is Command.CONFIRM:
            row = self.rows[self.choice]
            if row.broken is not None:
                self.message = row.broken.summary
            elif row.level is not None:
                if self.app.catalog.unlocked(row.level, self.app.store.progress):
                    return Push(PlayScene(self.app, row.level))
                self.message = "Finish the level before this one to open it."
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        surface.fill(pal.sky_top)  # menus sit on the dark sky colour: text reads on it
        draw_text(surface, "Choose a level", (w // 2, 30), 48, pal.text, anchor="midtop", fonts=fonts)
        line_h = 44
        visible = max(1, (h - 200) // line_h)
        first = min(max(0, self.choice - visible // 2), max(0, len(self.rows) - visible))
        y = 110
        pack = None
        for i in range(first, min(len(self.rows), first + visible)):
            row = self.rows[i]
            if row.pack != pack:
                pack = row.pack
                draw_text(surface, pack, (60, y), 26, pal.text_dim, fonts=fonts)
                y += 34
            selected = i == self.choice
            colour = pal.accent if selected else pal.text
            prefix = "> " if selected else "  "
            if row.broken is not None:
                name = row.broken.file.rsplit("/", 1)[-1]
                draw_text(
                    surface, f"{prefix}{name}  (broken - Enter shows why)", (80, y), 30, pal.warn, fonts=fonts
                )
            elif row.level is not None:
                open_ = self.app.catalog.unlocked(row.level, self.app.store.progress)
                stars = self.app.store.progress.of(row.level.id).best_stars
                mark = ("*" * stars + "." * (3 - stars)) if open_ else "locked"
                draw_text(
                    surface,
                    f"{prefix}{row.level.title}",
                    (80, y),
                    32,
                    colour if open_ else pal.text_dim,
                    fonts=fonts,
                )
                draw_text(
                    surface,
                    mark,
                    (w - 80, y),
                    32,
                    pal.accent if open_ else pal.text_dim,
                    anchor="topright",
                    fonts=fonts,
                )
            y += line_h
        if self.message:
            draw_text(surface, self.message, (w // 2, h - 80), 24, pal.warn, anchor="center", fonts=fonts)
        draw_text(
            surface,
            "Up/Down to choose, Enter to play, Esc to go back",
            (w // 2, h - 36),
            26,
            pal.text_dim,
            anchor="center",
            fonts=fonts,
        )
