"""Breathe now: pick a length, a breath (the campaign's, or your own numbers), a scene and focus; then play.

The choices become a level in pure code (game/content/breathe_now.py); this screen only shows and changes
them. Up/Down choose a row, Left/Right change it, Enter begins, Esc goes back. The last choices are kept for
the run (the app's `practice`), so "R: again" and a second visit start where the player left off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

import pygame

from game.content.breathe_now import (
    MINUTES,
    NamedPattern,
    Practice,
    campaign_patterns,
    nudge,
    pattern_warnings,
)
from game.content.model import SCENES
from game.render.intro_card import breath_words
from game.render.menu import draw_menu_frame
from game.render.text import draw_text, fit_size
from game.scenes.base import Pop, Push, Scene, Transition
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import BreatheNowNeeds

T = TypeVar("T")
OWN = "Your own"
SCENE_WORDS = {
    "lake": "the lake: a sail that fills as you breathe out",
    "lanterns": "lanterns: long out-breaths send one up",
    "candle": "the candle: a soft out-breath makes it dance",
    "tree": "the tree: it grows with each calm breath",
}
OWN_FIELDS = (("in", "inhale_s"), ("hold", "hold_in_s"), ("out", "exhale_s"), ("hold", "hold_out_s"))


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: Callable[[Practice], str]
    change: Callable[[Practice, int], Practice]


def _step(values: tuple[T, ...], current: T, d: int) -> T:
    i = values.index(current) if current in values else 0
    return values[(i + d) % len(values)]


class BreatheNowScene(Scene):
    app: BreatheNowNeeds

    def __init__(self, app: BreatheNowNeeds) -> None:
        super().__init__(app)
        self.patterns = campaign_patterns(app.catalog.campaign.levels)
        chosen = app.practice
        self.own = (
            chosen.pattern.pattern if chosen and chosen.pattern.name == OWN else self.patterns[0].pattern
        )
        self.practice = chosen or Practice(pattern=self.patterns[0])
        self.choice = 0

    # -- the rows --------------------------------------------------------------------------------------------
    def _names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.patterns) + (OWN,)

    def _pattern_row(self, p: Practice, d: int) -> Practice:
        name = str(_step(self._names(), p.pattern.name, d))
        named = next((x for x in self.patterns if x.name == name), NamedPattern(OWN, self.own))
        return replace(p, pattern=named)

    def _own_row(self, field: str) -> Callable[[Practice, int], Practice]:
        def change(p: Practice, d: int) -> Practice:
            self.own = nudge(self.own, field, d)
            return replace(p, pattern=NamedPattern(OWN, self.own))

        return change

    @staticmethod
    def _own_value(field: str) -> Callable[[Practice], str]:
        return lambda p: f"{getattr(p.pattern.pattern, field):g} s"

    def rows(self) -> list[Row]:
        rows = [
            Row(
                "Length",
                lambda p: f"{p.minutes} min",
                lambda p, d: replace(p, minutes=_step(MINUTES, p.minutes, d)),
            ),
            Row("Breath", lambda p: p.pattern.name, self._pattern_row),
        ]
        if self.practice.pattern.name == OWN:
            for label, field in OWN_FIELDS:
                rows.append(
                    Row(
                        f"  {label}",
                        self._own_value(field),
                        self._own_row(field),
                    )
                )
        rows += [
            Row(
                "Scene",
                lambda p: SCENE_WORDS.get(p.scene, p.scene),
                lambda p, d: replace(p, scene=_step(SCENES, p.scene, d)),
            ),
            Row(
                "Focus",
                lambda p: "on: a large guide, no counts" if p.focus else "off: the guide beside the scene",
                lambda p, d: replace(p, focus=not p.focus),
            ),
        ]
        return rows

    # -- input -----------------------------------------------------------------------------------------------
    def handle(self, command: Command) -> Transition | None:
        rows = self.rows()
        if command is Command.BACK:
            return Pop()
        if command is Command.UP:
            self.choice = (self.choice - 1) % len(rows)
        elif command is Command.DOWN:
            self.choice = (self.choice + 1) % len(rows)
        elif command in (Command.LEFT, Command.RIGHT):
            row = rows[min(self.choice, len(rows) - 1)]
            self.practice = row.change(self.practice, -1 if command is Command.LEFT else 1)
            self.choice = min(self.choice, len(self.rows()) - 1)
        elif command is Command.CONFIRM:
            return self.begin()
        return None

    def begin(self) -> Transition:
        self.app.practice = self.practice  # kept for the run
        return Push(self.app.screens.play(self.practice.level(), focus=self.practice.focus))

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        keys = "Up/Down: choose     Left/Right: change     Enter: begin     Esc: back"
        frame = draw_menu_frame(surface, "Breathe now", keys, pal, fonts, title_size=48, footer_gap=10)
        k, m, title, foot = frame.scale, frame.margin, frame.title, frame.footer
        sub = "No goals and no stars: a few minutes with the guide, kept in your history."
        size = fit_size(sub, w - 2 * m, round(28 * k), fonts)
        top = draw_text(
            surface,
            sub,
            (w // 2, title.bottom + round(6 * k)),
            size,
            pal.text_dim,
            anchor="midtop",
            fonts=fonts,
        ).bottom
        notes = [f"The guide: {breath_words(self.practice.level())}"] + pattern_warnings(
            self.practice.pattern.pattern
        )
        bottom = foot.top - round(8 * k)
        for note in reversed(notes):
            colour = pal.accent if note.startswith("The guide") else pal.warn
            size = fit_size(note, w - 2 * m, round(28 * k), fonts)
            bottom = draw_text(
                surface, note, (w // 2, bottom), size, colour, anchor="midbottom", fonts=fonts
            ).top - round(4 * k)
        rows = self.rows()
        area_top, area_bottom = top + round(14 * k), bottom - round(8 * k)
        step = max(1, min(round(58 * k), (area_bottom - area_top) // max(1, len(rows))))
        body = max(14, min(round(34 * k), round(step * 0.62)))
        label_w = max(fonts.get(body).size(r.label)[0] for r in rows)
        left = max(m, w // 2 - round(420 * k))
        value_x = left + label_w + round(30 * k)
        for i, row in enumerate(rows):
            y = area_top + i * step
            chosen = i == self.choice
            if chosen:
                band = pygame.Rect(
                    left - round(12 * k), y - round(4 * k), w - 2 * left + round(24 * k), step - round(4 * k)
                )
                pygame.draw.rect(surface, pal.panel, band, border_radius=max(4, round(8 * k)))
            colour = pal.accent if chosen else pal.text
            draw_text(surface, row.label, (left, y), body, colour, fonts=fonts)
            value = row.value(self.practice)
            value = f"<  {value}  >" if chosen else value
            size = fit_size(value, w - value_x - m, body, fonts)
            draw_text(surface, value, (value_x, y), size, colour, fonts=fonts)
