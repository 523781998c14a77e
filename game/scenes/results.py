"""The end of a level: stars, what went well in plain words, pictures of the session, what's next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.content.breathe_now import is_practice
from game.content.model import Level
from game.content.watch import FileWatch
from game.records.play_records import MIN_BREATHS_TO_COMPLETE, breathed_through
from game.render.charts import breath_vs_pacer, exhale_bars, pace_chart
from game.render.palette import RGB
from game.render.stars import draw_star, draw_stars
from game.render.text import TITLE, draw_text, draw_wrapped, fit_size, screen_scale, wrapped_height
from game.scenes.base import Pop, Replace, Scene, Transition
from game.sim.feedback import (
    BreathKey,
    gentle_moments,
    gentle_suggestion,
    guide_bpm,
    rate_per_breath,
    what_went_well,
)
from game.sim.hum_figures import hum_words
from game.sim.scene_rules import scene_words
from game.sim.scoring import GoalResult, Summary
from game.sim.session import PlaySession
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import ResultsNeeds

SHORT_LEVEL_S = 180.0  # under three minutes the pace is drawn breath by breath: minutes would be a dot or two


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the results text: ``rank`` orders what stays when the window is short (0 first)."""

    rank: int
    text: str
    size: int
    colour: RGB
    goal: GoalResult | None = None


class ResultsScene(Scene):
    app: ResultsNeeds

    def __init__(
        self,
        app: ResultsNeeds,
        level: Level,
        session: PlaySession,
        *,
        watch: FileWatch | None = None,
        focus: bool = False,
    ) -> None:
        super().__init__(app)
        self.level = level
        self.focus = focus  # a focus practice plays again in focus
        self.practice = is_practice(level)  # breathe now: no goals, no stars, no "finished"
        self.session = session
        self.summary = session.summary()
        self.watch = watch
        self.completed = breathed_through(session)
        nxt = None if watch else app.catalog.next_level(level)
        # Enter goes on only to a level that is open: a run with no breaths in it opens nothing.
        self.next_level = nxt if nxt is not None and app.catalog.unlocked(nxt, app.store.progress) else None
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[object, ...] | None = None

    def breath_key(self, pressed: bool) -> Transition | None:
        # The breath never confirms here, however it is pressed: a player breathing on past the end (as the
        # ending invites) releases and presses again every few seconds, and each press used to start the
        # next level (seen in a real window, breathing on with SPACE). Enter goes on, as the footer says.
        return None

    def handle(self, command: Command) -> Transition | None:
        if self.watch is not None and command in (Command.CONFIRM, Command.RESTART):
            level, _problems = self.watch.reload()  # a designer replays the file as saved now
            return Replace(self.app.screens.play(level or self.level, show_intro=False, watch=self.watch))
        if command is Command.CONFIRM:
            from game.scenes.feeling import ask_after  # "how tense do you feel" on the way on (a setting)

            then = Replace(self.app.screens.play(self.next_level)) if self.next_level is not None else Pop()
            return ask_after(self.app, self.app.history.line_of(self.session), then, backdrop=self)
        if command is Command.RESTART:
            return Replace(self.app.screens.play(self.level, focus=self.focus))
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

    # -- layout --------------------------------------------------------------------------------------------
    def _draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        k = screen_scale((w, h))
        m = max(12, round(40 * k))
        surface.fill(pal.sky_top)  # menus sit on the dark sky colour: text reads on it
        title_size = fit_size(self.level.title, w - 2 * m, round(TITLE * k), fonts)
        at = (w // 2, round(14 * k))
        title = draw_text(surface, self.level.title, at, title_size, pal.text, anchor="midtop", fonts=fonts)
        star_r = max(9, round(24 * k))
        if self.level.goals:  # a practice has no goals: nothing to earn, so no row of empty stars
            self._draw_stars(
                surface, (w // 2, title.bottom + star_r + round(6 * k)), star_r, self.summary.stars
            )
            top = title.bottom + 2 * star_r + round(16 * k)
        else:
            top = title.bottom + round(12 * k)
        bottom = self._draw_footer(surface, k, m)
        room, gap = bottom - top, round(12 * k)
        # The words first (the most telling ones, if the window is short), the charts take what is left.
        least = max(round(110 * k), round(room * 0.32))
        used = self._draw_text(surface, pygame.Rect(m, top, w - 2 * m, room - least - gap), k)
        chart_h = max(least, min(room - used - gap, round(room * 0.5)))
        self._draw_charts(surface, pygame.Rect(m // 2, bottom - chart_h, w - m, chart_h), k)

    def _draw_footer(self, surface: pygame.Surface, k: float, m: int) -> int:
        """The keys line along the bottom (and the could-not-save note); returns the y above them."""
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        if self.watch is not None:
            nxt = "Enter: play the saved file again"
        else:
            nxt = f"Enter: next, {self.next_level.title}" if self.next_level else "Enter: back to the menu"
        words = f"{nxt}     R: again     Esc: menu"
        size = fit_size(words, w - 2 * m, round(32 * k), fonts)
        rect = draw_text(
            surface, words, (w // 2, h - round(10 * k)), size, pal.text_dim, anchor="midbottom", fonts=fonts
        )
        y = rect.top - round(8 * k)
        if not self.app.store.can_save:
            note = "This result could not be saved (see the note on the title screen)."
            size = fit_size(note, w - 2 * m, round(28 * k), fonts)
            rect = draw_text(surface, note, (w // 2, y), size, pal.warn, anchor="midbottom", fonts=fonts)
            y = rect.top - round(8 * k)
        return y

    def _blocks(self, k: float) -> list[Block]:
        """Every paragraph in reading order; ranks say which stay first when room runs out."""
        pal, s = self.app.palette, self.summary
        body, small = round(32 * k), round(27 * k)
        well = what_went_well(self.level, s)
        blocks = [Block(0 if i == 0 else 2 + i, line, body, pal.text) for i, line in enumerate(well)]
        if self.practice:
            blocks.insert(0, Block(0, practice_words(self.level, s), body, pal.text))
        blocks.append(Block(1, gentle_suggestion(self.level, s, self._breath_key()), body, pal.accent))
        if not self.completed and self.watch is None and not self.practice:
            blocks.append(
                Block(
                    1,
                    f"The level counts as finished once the game has seen at least {MIN_BREATHS_TO_COMPLETE} "
                    "breaths: R plays it again.",
                    small,
                    pal.text_dim,
                )
            )
        moments = gentle_moments(s)
        if moments:
            blocks.append(Block(5, moments, small, pal.text_dim))
        earned = scene_words(self.session.scene.state)  # what the breaths grew, lit or sent up
        if earned:
            blocks.append(Block(4, earned, small, pal.text_dim))
        if self.level.exhale_style == "hum":  # the hums: how many, how long, how steady
            blocks.append(Block(3, hum_words(s.hum), small, pal.text_dim))
        for result in s.goals:
            mark = "done" if result.met else f"not yet ({reached(result)})"
            colour = pal.text if result.met else pal.text_dim
            blocks.append(Block(2, f"{result.label}: {mark}", body, colour, goal=result))
        if self.level.tip:  # the level's words for after it: breath, the diaphragm, letting go
            blocks.append(Block(6, self.level.tip, small, pal.text_dim))
        return blocks

    def _draw_text(self, surface: pygame.Surface, box: pygame.Rect, k: float) -> int:
        """The paragraphs that fit in ``box`` (most telling first) in reading order; returns the height."""
        fonts = self.app.fonts
        gap = max(2, round(6 * k))
        indent = round(fonts.get(round(32 * k)).get_height() * 1.25)  # goals start with their star

        def height(b: Block) -> int:
            width = box.width - (indent if b.goal else 0)
            return wrapped_height(b.text, width, b.size, fonts) + gap

        blocks = self._blocks(k)
        kept: set[int] = set()
        used = 0
        for i in sorted(range(len(blocks)), key=lambda i: (blocks[i].rank, i)):
            need = height(blocks[i])
            if used + need <= box.height:
                kept.add(i)
                used += need
        y = box.top
        for i, b in enumerate(blocks):
            if i not in kept:
                continue
            left = box.left + (indent if b.goal else 0)
            rect = pygame.Rect(left, y, box.right - left, box.bottom - y)
            drawn = draw_wrapped(surface, b.text, rect, b.size, b.colour, fonts)
            if b.goal is not None:
                line_h = fonts.get(b.size).get_height()
                self._draw_star(surface, (box.left + indent // 2, y + line_h // 2), line_h * 0.4, b.goal.met)
            y += drawn + gap
        return y - box.top

    def _draw_charts(self, surface: pygame.Surface, area: pygame.Rect, k: float) -> None:
        pal, fonts, s = self.app.palette, self.app.fonts, self.summary
        gap = max(6, round(16 * k))
        third = (area.width - 2 * gap) // 3
        boxes = [pygame.Rect(area.left + i * (third + gap), area.top, third, area.height) for i in range(3)]
        breath_vs_pacer(
            surface,
            boxes[0],
            self.session.flow_samples,
            self.session.pacer_samples,
            pal,
            fonts,
            show_pacer=self.level.show_pacer,
            k=k,
        )
        sure = [b for b in s.breaths if b.sure]
        exhale_bars(
            surface, boxes[1], [b.exhale_s for b in sure], [b.target_exhale_s for b in sure], pal, fonts, k=k
        )
        per_breath = short_level(s)
        pace_chart(
            surface,
            boxes[2],
            rate_per_breath(s) if per_breath else s.bpm_by_minute,
            pal,
            fonts,
            per_breath=per_breath,
            guide_bpm=guide_bpm(self.level, s),
            k=k,
        )

    # -- pieces --------------------------------------------------------------------------------------------
    def _breath_key(self) -> BreathKey:
        settings = self.app.settings
        return BreathKey(settings.breath_key.upper(), settings.invert_breath_key)

    def _draw_star(self, surface: pygame.Surface, centre: tuple[int, int], size: float, filled: bool) -> None:
        draw_star(surface, centre, size, filled, self.app.palette)

    def _draw_stars(self, surface: pygame.Surface, centre: tuple[int, int], size: int, stars: int) -> None:
        draw_stars(surface, centre, size, stars, self.app.palette)


def practice_words(level: Level, s: Summary) -> str:
    """What a "breathe now" session was, in place of stars: how long, how many breaths, which breath."""
    from game.render.intro_card import breath_words  # noqa: PLC0415 - intro_card draws; only its words here

    minutes = max(1, round(s.seconds / 60))
    n = len([b for b in s.breaths if b.sure])
    breaths = f"{n} breath{'s' if n != 1 else ''}"
    return f"You breathed for {minutes} min with the guide ({breath_words(level)}): {breaths}."


def short_level(s: Summary) -> bool:
    """A session too short for minute-by-minute pace: show it breath by breath instead."""
    return s.seconds < SHORT_LEVEL_S or len(s.bpm_by_minute) < 3


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
