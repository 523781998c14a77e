"""The end of a level: stars, what went well in plain words, pictures of the session, what's next."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from game.content.model import Level
from game.input import Command
from game.play_records import MIN_BREATHS_TO_COMPLETE, breathed_through
from game.render.charts import breath_vs_pacer, exhale_bars, pace_over_time
from game.render.text import TITLE, draw_text, draw_wrapped
from game.scenes.base import Pop, Replace, Scene, Transition
from game.sim.feedback import BreathKey, gentle_moments, gentle_suggestion, what_went_well
from game.sim.scoring import GoalResult
from game.sim.session import PlaySession
from game.watch import FileWatch

if TYPE_CHECKING:
    from game.app import App


class ResultsScene(Scene):
    def __init__(
        self, app: App, level: Level, session: PlaySession, *, watch: FileWatch | None = None
    ) -> None:
        super().__init__(app)
        self.level = level
        self.session = session
        self.summary = session.summary()
        self.watch = watch
        self.completed = breathed_through(session)
        nxt = None if watch else app.catalog.next_level(level)
        # Enter goes on only to a level that is open: a run with no breaths in it opens nothing.
        self.next_level = nxt if nxt is not None and app.catalog.unlocked(nxt, app.store.progress) else None
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[object, ...] | None = None

    def handle(self, command: Command) -> Transition | None:
        from game.scenes.play import PlayScene

        if self.watch is not None and command in (Command.CONFIRM, Command.RESTART):
            level, _problems = self.watch.reload()  # a designer replays the file as saved now
            return Replace(PlayScene(self.app, level or self.level, show_intro=False, watch=self.watch))
        if command is Command.CONFIRM:
            if self.next_level is not None:
                return Replace(PlayScene(self.app, self.next_level))
            return Pop()
        if command is Command.RESTART:
            return Replace(PlayScene(self.app, self.level))
        if command is Command.BACK:
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        # A still screen: drawn once per size/palette/text scale, then blitted.
        key = (surface.get_size(), self.app.palette, self.app.fonts.scale, self.app.store.can_save)
        if key != self._cache_key or self._cache is None:
            self._cache = pygame.Surface(surface.get_size())
            self._draw(self._cache)
            self._cache_key = key
        surface.blit(self._cache, (0, 0))

    def _draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts, s = self.app.palette, self.app.fonts, self.summary
        surface.fill(pal.sky_top)  # menus sit on the dark sky colour: text reads on it
        draw_text(surface, self.level.title, (w // 2, 18), TITLE, pal.text, anchor="midtop", fonts=fonts)
        self._draw_stars(surface, (w // 2, 96), s.stars)
        text_w = w - 120
        y = 136
        for line in what_went_well(self.level, s):
            y += draw_wrapped(surface, line, pygame.Rect(60, y, text_w, 90), 38, pal.text, fonts) + 2
        y += (
            draw_wrapped(
                surface,
                gentle_suggestion(self.level, s, self._breath_key()),
                pygame.Rect(60, y, text_w, 90),
                36,
                pal.accent,
                fonts,
            )
            + 8
        )
        if not self.completed and self.watch is None:
            y += (
                draw_wrapped(
                    surface,
                    f"The level counts as finished once the game has seen at least {MIN_BREATHS_TO_COMPLETE} "
                    "breaths: R plays it again.",
                    pygame.Rect(60, y, text_w, 60),
                    30,
                    pal.text_dim,
                    fonts,
                )
                + 6
            )
        moments = gentle_moments(s)
        if moments:
            y += draw_wrapped(surface, moments, pygame.Rect(60, y, text_w, 60), 30, pal.text_dim, fonts) + 6
        for result in s.goals:
            mark = "done" if result.met else f"not yet ({reached(result)})"
            colour = pal.text if result.met else pal.text_dim
            rect = draw_text(surface, f"{result.label}: {mark}", (96, y), 34, colour, fonts=fonts)
            self._draw_star(surface, (74, rect.centery), 11, result.met)
            y += rect.height + 4
        if self.level.tip:  # the level's words for after it: breath, the diaphragm, letting go
            y += 6 + draw_wrapped(
                surface, self.level.tip, pygame.Rect(60, y + 6, text_w, 64), 28, pal.text_dim, fonts
            )
        y += 8
        chart_h = max(140, h - y - 56)
        third = (w - 80) // 3
        breath_vs_pacer(
            surface,
            pygame.Rect(20, y, third, chart_h),
            self.session.flow_samples,
            self.session.pacer_samples,
            pal,
            fonts,
            show_pacer=self.level.show_pacer,
        )
        sure = [b for b in s.breaths if b.sure]
        exhale_bars(
            surface,
            pygame.Rect(40 + third, y, third, chart_h),
            [b.exhale_s for b in sure],
            [b.target_exhale_s for b in sure],
            pal,
            fonts,
        )
        pace_over_time(surface, pygame.Rect(60 + 2 * third, y, third, chart_h), s.bpm_by_minute, pal, fonts)
        if self.watch is not None:
            nxt = "Enter: play the saved file again"
        else:
            nxt = f"Enter: next, {self.next_level.title}" if self.next_level else "Enter: back to the menu"
        draw_text(
            surface,
            f"{nxt}     R: again     Esc: menu",
            (w // 2, h - 12),
            34,
            pal.text_dim,
            anchor="midbottom",
            fonts=fonts,
        )
        if not self.app.store.can_save:
            draw_text(
                surface,
                "This result could not be saved (see the note on the title screen).",
                (w // 2, h - 52),
                28,
                pal.warn,
                anchor="midbottom",
                fonts=fonts,
            )

    def _breath_key(self) -> BreathKey:
        settings = self.app.settings
        return BreathKey(settings.breath_key.upper(), settings.invert_breath_key)

    def _draw_star(self, surface: pygame.Surface, centre: tuple[int, int], size: float, filled: bool) -> None:
        pal = self.app.palette
        pts = _star_points(centre, size, size * 0.42)
        pygame.draw.polygon(surface, pal.accent if filled else pal.panel, pts)
        pygame.draw.polygon(surface, pal.text_dim, pts, 2)

    def _draw_stars(self, surface: pygame.Surface, centre: tuple[int, int], stars: int) -> None:
        for i in range(3):
            self._draw_star(surface, (centre[0] + (i - 1) * 64, centre[1]), 26, i < stars)


def reached(result: GoalResult) -> str:
    """What the player reached toward a goal, in its own unit, so "not yet" says how near it was."""
    kind, v = result.goal.kind, result.value
    if kind in ("long_exhales", "full_exhales"):
        return f"{v:.0f} of {result.goal.count}"
    if kind == "average_exhale":
        return f"you: {v:.1f} s"
    if kind == "breaths_per_minute":
        return "too few breaths to tell" if v == float("inf") else f"you: {v:.1f}"
    if kind in ("steady", "in_sync"):
        return f"you: {v:.0%}"
    return f"you: {v:.2f}"


def _star_points(centre: tuple[int, int], outer: float, inner: float) -> list[tuple[float, float]]:
    cx, cy = centre
    pts = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts
