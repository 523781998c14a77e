"""Level select: every pack, each level with a small picture of its scene, its length and the stars earned
(drawn as stars); the chosen level's goals beside the list; broken files shown with their problem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.content.model import BrokenLevel, Level
from game.render.intro_card import breath_words, goal_words, length_words, scene_picture
from game.render.menu import draw_menu_frame
from game.render.stars import draw_star, draw_stars
from game.render.text import draw_text, draw_wrapped, fit_size, wrapped_height
from game.scenes.base import Pop, Push, Scene, Transition
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import LevelSelectNeeds

DETAIL_MIN_W = 720  # narrower windows show the list alone


@dataclass(frozen=True, slots=True)
class Row:
    pack: str
    level: Level | None = None
    broken: BrokenLevel | None = None


class LevelSelectScene(Scene):
    app: LevelSelectNeeds

    def __init__(self, app: LevelSelectNeeds) -> None:
        super().__init__(app)
        self.rows: list[Row] = []
        for pack in app.catalog.packs:
            self.rows += [Row(pack.name, level=lv) for lv in pack.levels]
            self.rows += [Row(pack.name, broken=b) for b in pack.broken]
        self.choice = 0
        self.message = ""

    def handle(self, command: Command) -> Transition | None:
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
                if self._open(row.level):
                    return Push(self.app.screens.play(row.level))
                self.message = "Finish the level before this one to open it."
        return None

    def _open(self, level: Level) -> bool:
        return self.app.catalog.unlocked(level, self.app.store.progress)

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        hint = "Up/Down to choose, Enter to play, Esc to go back"
        frame = draw_menu_frame(surface, "Choose a level", hint, pal, fonts, title_size=48, keys_size=26)
        k, m, title, footer = frame.scale, frame.margin, frame.title, frame.footer
        bottom = footer.top - round(8 * k)
        if self.message:
            size = fit_size(self.message, w - 2 * m, round(24 * k), fonts, smallest=11)
            note = draw_text(
                surface, self.message, (w // 2, bottom), size, pal.warn, anchor="midbottom", fonts=fonts
            )
            bottom = note.top - round(6 * k)
        top = title.bottom + round(14 * k)
        if not self.rows:
            return
        detail = w >= DETAIL_MIN_W
        list_w = round((w - 2 * m) * 0.56) if detail else w - 2 * m
        self._draw_list(surface, pygame.Rect(m, top, list_w, bottom - top), k)
        if detail:
            gap = round(24 * k)
            box = pygame.Rect(m + list_w + gap, top, w - 2 * m - list_w - gap, bottom - top)
            self._draw_detail(surface, box, k)

    def _draw_list(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> None:
        pal, fonts = self.app.palette, self.app.fonts
        # Tall enough for the title and its facts line at the player's text size (large text too).
        name_h, sub_h = fonts.get(round(30 * k)).get_height(), fonts.get(round(22 * k)).get_height()
        row_h = max(34, round(62 * k), name_h + sub_h + 12)
        pack_h = max(round(30 * k), fonts.get(round(26 * k)).get_linesize())
        visible = max(1, (area.height - pack_h) // row_h)
        first = min(max(0, self.choice - visible // 2), max(0, len(self.rows) - visible))
        y, pack = area.top, None
        for i in range(first, len(self.rows)):
            row = self.rows[i]
            needs = row_h + (pack_h if row.pack != pack else 0)
            if y + needs > area.bottom:
                break
            if row.pack != pack:
                pack = row.pack
                draw_text(surface, pack, (area.left, y), round(26 * k), pal.text_dim, fonts=fonts)
                y += pack_h
            self._draw_row(
                surface, row, pygame.Rect(area.left, y, area.width, row_h - 4), i == self.choice, k
            )
            y += row_h

    def _draw_row(
        self, surface: pygame.Surface, row: Row, box: pygame.Rect, selected: bool, k: float
    ) -> None:
        pal, fonts = self.app.palette, self.app.fonts
        if selected:
            pygame.draw.rect(surface, pal.panel, box, border_radius=8)
            pygame.draw.rect(surface, pal.accent, box, max(1, round(2 * k)), border_radius=8)
        pic_h = box.height - 8
        pic = pygame.Rect(box.left + 4, box.top + 4, round(pic_h * 16 / 9), pic_h)
        x = pic.right + round(12 * k)
        name_size, sub_size = round(30 * k), round(22 * k)
        if row.broken is not None:
            pygame.draw.rect(surface, pal.panel, pic, border_radius=4)
            name = row.broken.file.rsplit("/", 1)[-1]
            size = fit_size(name, box.right - x - 8, name_size, fonts, smallest=11)
            draw_text(surface, name, (x, box.top + 4), size, pal.warn, fonts=fonts)
            sub = "broken: Enter shows why"
            draw_text(
                surface, sub, (x, box.bottom - 4), sub_size, pal.text_dim, anchor="bottomleft", fonts=fonts
            )
            return
        level = row.level
        assert level is not None
        open_ = self._open(level)
        picture = scene_picture(level, pic.size, pal)
        if not open_:
            picture = picture.copy()
            picture.fill((90, 90, 90), special_flags=pygame.BLEND_RGB_MULT)  # dimmed: not open yet
        surface.blit(picture, pic)
        # The stars (or "locked") on the right; the title and its facts fill what is left.
        star_r = max(5, round(11 * k))
        stars_w = round(star_r * 2.5 * 3)
        right = box.right - round(10 * k)
        if open_:
            earned = self.app.store.progress.of(level.id).best_stars
            draw_stars(surface, (right - stars_w // 2, box.centery), star_r, earned, pal)
        else:
            draw_text(
                surface,
                "locked",
                (right, box.centery),
                sub_size,
                pal.text_dim,
                anchor="midright",
                fonts=fonts,
            )
        text_w = right - stars_w - round(10 * k) - x
        colour = (pal.accent if selected else pal.text) if open_ else pal.text_dim
        size = fit_size(level.title, text_w, name_size, fonts, smallest=11)
        draw_text(surface, level.title, (x, box.top + 2), size, colour, fonts=fonts)
        facts = f"{length_words(level)} · {len(level.goals[:3])} goals"
        size = fit_size(facts, text_w, sub_size, fonts, smallest=10)
        draw_text(surface, facts, (x, box.bottom - 2), size, pal.text_dim, anchor="bottomleft", fonts=fonts)

    def _draw_detail(self, surface: pygame.Surface, box: pygame.Rect, k: float) -> None:
        """The chosen level: a larger picture, its breath and length, and each goal with a star."""
        pal, fonts = self.app.palette, self.app.fonts
        row = self.rows[self.choice]
        pygame.draw.rect(surface, pal.panel, box, border_radius=10)
        pad = round(16 * k)
        inner = box.inflate(-2 * pad, -2 * pad)
        if row.level is None:
            if row.broken is not None:
                draw_wrapped(surface, row.broken.summary, inner, round(24 * k), pal.warn, fonts)
            return
        level = row.level
        body, small = round(28 * k), round(24 * k)
        gap = round(5 * k)
        star_w = round(fonts.get(small).get_height() * 1.25)  # room for a goal's star at any text size
        lines = [
            (f"{length_words(level)} · {breath_words(level)}", small, pal.text_dim, False),
            *((goal, small, pal.text, True) for goal in goal_words(level)),
        ]
        if not self._open(level):
            lines.append(("Finish the level before this one to open it.", small, pal.text_dim, False))
        title_size = fit_size(level.title, inner.width, body, fonts, smallest=11)

        def need(text: str, size: int, star: bool) -> int:
            return wrapped_height(text, inner.width - (star_w if star else 0), size, fonts)

        # The facts and goals always fit; the picture takes what is left (up to half the panel).
        words_h = fonts.get(title_size).get_height() + sum(need(t, z, st) + gap for t, z, _c, st in lines)
        pic_h = min(round(inner.width * 9 / 16), inner.height // 2, inner.height - words_h - round(16 * k))
        y = inner.top
        if pic_h >= round(40 * k):
            pic = pygame.Rect(inner.left, inner.top, round(pic_h * 16 / 9), pic_h)
            pic.centerx = inner.centerx
            surface.blit(scene_picture(level, pic.size, pal), pic)
            y = pic.bottom + round(10 * k)
        if level.intro:  # what the level is about, as far as there is room
            lines.append((level.intro, small, pal.text_dim, False))
        title = draw_text(surface, level.title, (inner.left, y), title_size, pal.text, fonts=fonts)
        y = title.bottom + round(6 * k)
        for text, size, colour, star in lines:
            left = inner.left + (star_w if star else 0)
            h = need(text, size, star)
            if y + h > inner.bottom:
                break  # a very short window: the rest is on the intro card
            draw_wrapped(surface, text, pygame.Rect(left, y, inner.right - left, h), size, colour, fonts)
            if star:
                line_h = fonts.get(size).get_height()
                draw_star(surface, (inner.left + star_w // 2, y + line_h // 2), line_h * 0.42, False, pal)
            y += h + gap
