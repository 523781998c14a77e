"""The history screen: minutes practised, the streak, how the breath has changed across days, the check-ins'
resting rate (with the usual 8-16 a minute drawn softly behind it), and how sessions shifted the feeling and
the rate, in a plain line or two."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pygame

from game.records.history import DayTrend, History, format_minutes
from game.records.history_trends import CheckinDay
from game.render.palette import RGB, Palette, mix
from game.render.text import BODY, TITLE, Fonts, draw_text, draw_wrapped, fit_size, wrap_lines
from game.scenes.base import Pop, Scene, Transition
from game.sim.checkin import RESTING_HIGH_BPM, RESTING_LOW_BPM
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import HistoryNeeds

DAYS_SHOWN = 30  # practice days on the charts: about a month of daily practice, still one dot per day
EMPTY_TEXT = "Your sessions will show here."
EMPTY_MORE = "Play a level, then come back to see your minutes, your streak and how your breath changes."


class HistoryScene(Scene):
    """Headline figures, three small trend charts and, once there are check-ins, their resting rate; under
    them, how sessions shifted the feeling and the rate. Esc, Enter or Space goes back.

    Args:
        app: uses ``app.history``, ``app.store.checkins()`` and the app's injected clock (``app.wall_clock``).
        today: the day the streak and "last 7 days" count to; the app clock's date when None.
    """

    app: HistoryNeeds

    def __init__(self, app: HistoryNeeds, *, today: date | None = None) -> None:
        super().__init__(app)
        self.history: History = app.history
        self.today = today or app.wall_clock().date()
        self.reload()

    def reload(self) -> None:
        """Read the file once here, not per frame: drawing must stay cheap. One pass keeping a few figures
        per day, not the sessions (a long history costs its days, not its breaths)."""
        stats = self.history.summarise(self.today, self.app.store.checkins())  # sessions with breaths only
        self.totals = stats.totals()
        self.days: list[DayTrend] = stats.daily_trends()[-DAYS_SHOWN:]
        self.checkin_days: list[CheckinDay] = stats.checkins[-DAYS_SHOWN:]
        self.checkins_taken = stats.checkins_taken
        self.shift_lines = stats.shift_lines()
        self.notice = self.history.notices[-1] if self.history.notices else None

    def handle(self, command: Command) -> Transition | None:
        if command in (Command.BACK, Command.CONFIRM):
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        surface.fill(pal.sky_top)  # menus sit on the dark sky colour: text reads on it
        draw_text(surface, "Your practice", (w // 2, 18), TITLE, pal.text, anchor="midtop", fonts=fonts)
        footer_y = h - 14
        draw_text(
            surface,
            "Esc or Enter: back",
            (w // 2, footer_y),
            34,
            pal.text_dim,
            anchor="midbottom",
            fonts=fonts,
        )
        bottom = footer_y - fonts.get(34).get_height() - 10
        if self.notice:
            bottom -= _notice(surface, self.notice, pygame.Rect(40, 0, w - 80, bottom), pal, fonts) + 8
        if not self.totals.sessions and not self.checkins_taken:
            self._draw_empty(surface, pygame.Rect(60, 0, w - 120, bottom))
            return
        if self.shift_lines:
            bottom -= self._draw_shifts(surface, pygame.Rect(30, 0, w - 60, bottom)) + 10
        top = 18 + fonts.get(TITLE).get_height() + 18
        tiles_h = self._draw_tiles(surface, pygame.Rect(20, top, w - 40, 0))
        charts = pygame.Rect(20, top + tiles_h + 18, w - 40, bottom - (top + tiles_h + 18))
        self._draw_charts(surface, charts)

    def _draw_shifts(self, surface: pygame.Surface, above: pygame.Rect) -> int:
        """The before/after lines, ending at ``above.bottom``, each shrunk to one line; the height used."""
        pal, fonts = self.app.palette, self.app.fonts
        y = above.bottom
        for line in reversed(self.shift_lines):
            size = fit_size(line, above.width, 30, fonts)
            y = (
                draw_text(
                    surface, line, (above.centerx, y), size, pal.text, anchor="midbottom", fonts=fonts
                ).top
                - 4
            )
        return above.bottom - y

    def _draw_empty(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        pal, fonts = self.app.palette, self.app.fonts
        cy = area.bottom // 2 + 20
        draw_text(
            surface, EMPTY_TEXT, (area.centerx, cy - 20), BODY, pal.text, anchor="midbottom", fonts=fonts
        )
        y = cy + 10
        for line in wrap_lines(EMPTY_MORE, min(area.width, 900), 34, fonts):
            y = (
                draw_text(
                    surface, line, (area.centerx, y), 34, pal.text_dim, anchor="midtop", fonts=fonts
                ).bottom
                + 6
            )

    def _draw_tiles(self, surface: pygame.Surface, row: pygame.Rect) -> int:
        """The four headline figures; returns the height used."""
        pal, fonts = self.app.palette, self.app.fonts
        t = self.totals
        figures = (
            ("practised in total", format_minutes(t.minutes)),
            ("in the last 7 days", format_minutes(t.minutes_last_7_days)),
            ("streak", f"{t.streak_days} {'day' if t.streak_days == 1 else 'days'}"),
            ("sessions", str(t.sessions)),
        )
        gap = 20
        tile_w = (row.width - gap * (len(figures) - 1)) // len(figures)
        value_h = fonts.get(48).get_height()
        label_h = fonts.get(30).get_height()
        tile_h = 14 + value_h + 4 + label_h + 14
        for i, (label, value) in enumerate(figures):
            tile = pygame.Rect(row.left + i * (tile_w + gap), row.top, tile_w, tile_h)
            pygame.draw.rect(surface, pal.panel, tile, border_radius=12)
            # Each figure fits its tile: at 640 px a quarter of the row is narrower than the words.
            size = fit_size(value, tile_w - 8, 48, fonts)
            draw_text(
                surface, value, (tile.centerx, tile.top + 14), size, pal.accent, anchor="midtop", fonts=fonts
            )
            draw_text(
                surface,
                label,
                (tile.centerx, tile.top + 18 + value_h),
                fit_size(label, tile_w - 8, 30, fonts),
                pal.text_dim,
                anchor="midtop",
                fonts=fonts,
            )
        return tile_h

    def _draw_charts(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        pal, fonts = self.app.palette, self.app.fonts
        days = [d.day for d in self.days]
        specs: list[tuple[str, list[date], list[float | None], str, RGB]] = [
            ("Average exhale", days, [d.average_exhale_s for d in self.days], "s", pal.exhale),
            ("Breaths a minute", days, [d.breaths_per_minute for d in self.days], "", pal.inhale),
            ("Steadiness", days, [d.steadiness for d in self.days], "%", pal.hold),
        ]
        if self.checkins_taken:  # the check-ins' own days: a morning check-in needs no session that day
            rest = self.checkin_days
            specs.append(
                (
                    "Check-in rate",
                    [c.day for c in rest],
                    [c.breaths_per_minute for c in rest],
                    "",
                    pal.text,
                )
            )
        gap = 20
        chart_w = (area.width - (len(specs) - 1) * gap) // len(specs)
        title_size = min(fit_size(spec[0], chart_w - 32, 32, fonts) for spec in specs)  # one size for all
        for i, (title, when, values, unit, colour) in enumerate(specs):
            rect = pygame.Rect(area.left + i * (chart_w + gap), area.top, chart_w, area.height)
            resting = title == "Check-in rate"
            band = (RESTING_LOW_BPM, RESTING_HIGH_BPM) if resting else None
            empty = "none heard enough yet" if resting else "not enough breaths yet"
            trend_chart(
                surface,
                rect,
                when,
                values,
                title=title,
                unit=unit,
                colour=colour,
                pal=pal,
                fonts=fonts,
                band=band,
                empty=empty,
                title_size=title_size,
            )


def format_value(value: float, unit: str, *, axis: bool = False) -> str:
    """``6.2 s``, ``5.8``, ``72%``; axis labels drop needless decimals (``10 s``)."""
    if unit == "%":
        return f"{value:.0%}"
    text = f"{value:g}" if axis else f"{value:.1f}"
    return f"{text} {unit}" if unit else text


def _notice(surface: pygame.Surface, text: str, above: pygame.Rect, pal: Palette, fonts: Fonts) -> int:
    """A problem with the history file, in words, just above ``above.bottom``; returns the height used."""
    size = 30
    line_h = fonts.get(size).get_linesize()
    box = pygame.Rect(above.left, above.bottom - 2 * line_h, above.width, 2 * line_h)
    return draw_wrapped(surface, text, box, size, pal.warn, fonts, line_spacing=1.0)


def _nice_top(value: float) -> float:
    """A round ceiling for an axis (1, 2, 2.5, 5 x 10^n) so the scale label reads plainly."""
    if value <= 0:
        return 1.0
    base = 10.0 ** math.floor(math.log10(value))
    for mult in (1.0, 2.0, 2.5, 5.0):
        if base * mult >= value:
            return base * mult
    return base * 10


def _short_day(d: date) -> str:
    return f"{d.day} {d.strftime('%b')}"


def trend_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    days: Sequence[date],
    values: Sequence[float | None],
    *,
    title: str,
    unit: str,
    colour: RGB,
    pal: Palette,
    fonts: Fonts,
    band: tuple[float, float] | None = None,
    empty: str = "not enough breaths yet",
    title_size: int | None = None,
) -> None:
    """One figure across days: a line from zero, dots per practice day, the latest value in large type.

    Days are placed by date, so a week off shows as a gap; a day without the figure breaks the line. The
    axis starts at zero so a small wobble does not look like a big change.

    Args:
        days, values: one value (or None) per practice day, oldest first.
        unit: ``"s"``, ``""`` (a plain number) or ``"%"`` (a 0..1 share, drawn on a 0-100 % axis).
        band: (low, high) drawn softly behind the line (the usual resting range), always in view.
        empty: the words when no day has the figure.
        title_size: the title's size, the same for charts side by side; fitted to this chart when None.
    """
    pygame.draw.rect(surface, pal.panel, rect, border_radius=12)
    pad = 16
    if title_size is None:
        title_size = fit_size(title, rect.width - 2 * pad, 32, fonts)  # four charts on a narrow window
    title_rect = draw_text(
        surface, title, (rect.left + pad, rect.top + 12), title_size, pal.text_dim, fonts=fonts
    )
    known = [(d, v) for d, v in zip(days, values, strict=True) if v is not None]
    value_y = title_rect.bottom + 4
    if known:
        # The newest day in large type, labelled so it is not mistaken for an all-time average.
        value = draw_text(
            surface,
            format_value(known[-1][1], unit),
            (rect.right - pad, value_y),
            44,
            colour,
            anchor="topright",
            fonts=fonts,
        )
        room = value.left - 8 - (rect.left + pad)  # a narrow chart: the label shrinks, or gives way
        size = fit_size("latest day", room, 30, fonts)
        if fonts.get(size).size("latest day")[0] <= room:
            draw_text(
                surface,
                "latest day",
                (rect.left + pad, value.bottom - 4),
                size,
                pal.text_dim,
                anchor="bottomleft",
                fonts=fonts,
            )
    label_h = fonts.get(30).get_height()
    area = pygame.Rect(
        rect.left + pad,
        # Room above the top grid line for the axis label, so the line never runs through it.
        value_y + fonts.get(44).get_height() + 8 + label_h + 4,
        rect.width - 2 * pad,
        0,
    )
    area.height = rect.bottom - pad - label_h - 8 - area.top
    if area.height < 20 or area.width < 20:
        return
    if not known:
        size = fit_size(empty, area.width, 30, fonts)
        draw_text(surface, empty, area.center, size, pal.text_dim, anchor="center", fonts=fonts)
        return
    highest = max(max(v for _, v in known), band[1] if band else 0.0)
    axis_top = 1.0 if unit == "%" else _nice_top(highest * 1.1)
    if band is not None:  # soft, behind everything: where most adults' resting rate sits, not a target
        y_hi = round(area.bottom - band[1] / axis_top * area.height)
        y_lo = round(area.bottom - band[0] / axis_top * area.height)
        pygame.draw.rect(surface, mix(pal.panel, colour, 0.14), (area.left, y_hi, area.width, y_lo - y_hi))
        # Named on the axis label's row, clear of the line: the line mostly runs inside the band.
        words = f"shaded: usual {band[0]:g}-{band[1]:g}"
        room = area.width - fonts.get(30).size(format_value(axis_top, unit, axis=True))[0] - 12
        size = fit_size(words, room, 26, fonts)
        if fonts.get(size).size(words)[0] <= room:
            draw_text(
                surface,
                words,
                (area.right, area.top - 2),
                size,
                pal.text_dim,
                anchor="bottomright",
                fonts=fonts,
            )
    grid = mix(pal.panel, pal.text_dim, 0.25)
    for frac in (0.0, 0.5, 1.0):
        y = round(area.bottom - frac * area.height)
        pygame.draw.line(surface, grid, (area.left, y), (area.right, y), 1)
    draw_text(
        surface,
        format_value(axis_top, unit, axis=True),
        (area.left, area.top - 2),
        30,
        pal.text_dim,
        anchor="bottomleft",
        fonts=fonts,
    )

    first, last = days[0], days[-1]
    span = max(1, (last - first).days)

    def x_of(d: date) -> float:
        if first == last:
            return area.centerx
        return area.left + (d - first).days / span * area.width

    def y_of(v: float) -> float:
        return area.bottom - min(1.0, max(0.0, v / axis_top)) * area.height

    run: list[tuple[float, float]] = []
    for d, v in zip(days, values, strict=True):
        if v is None:
            if len(run) >= 2:
                pygame.draw.lines(surface, colour, False, run, 3)
            run = []
            continue
        run.append((x_of(d), y_of(v)))
    if len(run) >= 2:
        pygame.draw.lines(surface, colour, False, run, 3)
    radius = 5 if len(days) <= 14 else 4
    for d, v in known:
        pygame.draw.circle(surface, colour, (round(x_of(d)), round(y_of(v))), radius)
    # Dates under the ends: enough to read "when" without crowding the chart.
    draw_text(surface, _short_day(first), (area.left, area.bottom + 8), 30, pal.text_dim, fonts=fonts)
    if last != first:
        draw_text(
            surface,
            _short_day(last),
            (area.right, area.bottom + 8),
            30,
            pal.text_dim,
            anchor="topright",
            fonts=fonts,
        )
