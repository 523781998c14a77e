"""Small charts for the results screen: breath against the guide, exhale length per breath, the pace.

Each chart has a title, a legend naming every colour it uses, and a plot; numbers sit in a strip reserved
at the plot's top, so they never run over the title or the legend. Text sizes come from the caller's
``k`` (the screen's scale), and every line is fitted to the chart's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.render.palette import RGB, Palette, mix
from game.render.text import Fonts, draw_text, fit_size
from game.sim.feedback import num
from game.sim.scoring import LENGTH_GRACE

TITLE_SIZE = 30
LEGEND_SIZE = 24
NUMBER_SIZE = 22


@dataclass(frozen=True, slots=True)
class Key:
    """One legend entry: a swatch drawn as ``kind`` ("band", "line", "bar", "dot", "dash") and its words."""

    kind: str
    colour: RGB
    words: str


def guide_colour(pal: Palette) -> RGB:
    """The guide's colour on the charts: the pacer's, unless the palette shares it with the breath (high
    contrast draws both yellow), then the inhale colour, so the guide and the player stay apart."""
    return pal.pacer if pal.pacer not in (pal.exhale, pal.accent) else pal.inhale


def _size(nominal: int, k: float) -> int:
    return max(12, round(nominal * k))


def _frame(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    keys: Sequence[Key],
    pal: Palette,
    fonts: Fonts,
    k: float,
) -> pygame.Rect:
    """Panel, title and legend; returns the plot area left under them."""
    pygame.draw.rect(surface, pal.panel, rect, border_radius=10)
    pad = max(6, round(12 * k))
    inner_w = rect.width - 2 * pad
    size = fit_size(title, inner_w, _size(TITLE_SIZE, k), fonts, smallest=12)
    t = draw_text(surface, title, (rect.left + pad, rect.top + pad // 2 + 2), size, pal.text_dim, fonts=fonts)
    y = t.bottom + max(2, pad // 3)
    y = _legend(surface, pygame.Rect(rect.left + pad, y, inner_w, 0), keys, pal, fonts, k)
    top = y + max(4, pad // 2)
    return pygame.Rect(rect.left + pad, top, inner_w, rect.bottom - pad - top)


def _legend(
    surface: pygame.Surface, rect: pygame.Rect, keys: Sequence[Key], pal: Palette, fonts: Fonts, k: float
) -> int:
    """Swatch-and-words entries flowing into rows across ``rect.width``; returns the y under the last row."""
    if not keys:
        return rect.top
    size = _size(LEGEND_SIZE, k)
    sw = max(10, round(fonts.get(size).get_height() * 0.9))
    # Every entry fits a row on its own; entries share a row when they can.
    widest = max((key.words for key in keys), key=lambda words: fonts.get(size).size(words)[0])
    size = fit_size(widest, rect.width - sw - 6, size, fonts, smallest=11)
    font = fonts.get(size)
    row_h = font.get_linesize()
    sw = max(10, round(font.get_height() * 0.9))
    gap = max(8, round(14 * k))
    x, y = rect.left, rect.top
    for key in keys:
        w = sw + 5 + font.size(key.words)[0]
        if x > rect.left and x + w > rect.right:
            x, y = rect.left, y + row_h
        cy = y + row_h // 2
        _swatch(surface, key, pygame.Rect(x, cy - sw // 2, sw, sw), pal)
        draw_text(surface, key.words, (x + sw + 5, cy), size, pal.text_dim, anchor="midleft", fonts=fonts)
        x += w + gap
    return y + row_h


def _swatch(surface: pygame.Surface, key: Key, r: pygame.Rect, pal: Palette) -> None:
    if key.kind == "band":
        pygame.draw.rect(surface, key.colour, r, border_radius=2)
    elif key.kind == "bar":
        pygame.draw.rect(surface, key.colour, r.inflate(-r.width // 3, 0))
    elif key.kind == "dot":
        pygame.draw.circle(surface, key.colour, r.center, max(3, r.width // 3))
    elif key.kind == "dash":
        for x in range(r.left, r.right, 6):
            pygame.draw.line(surface, key.colour, (x, r.centery), (min(r.right, x + 3), r.centery), 2)
    else:  # a line
        pygame.draw.line(surface, key.colour, r.midleft, r.midright, 3)


def _number_strip(area: pygame.Rect, fonts: Fonts, k: float) -> tuple[pygame.Rect, int]:
    """Split off a strip at the plot's top for its numbers; returns (what is left to plot in, text size)."""
    size = _size(NUMBER_SIZE, k)
    strip = fonts.get(size).get_linesize()
    return pygame.Rect(area.left, area.top + strip, area.width, area.height - strip), size


def _nothing(surface: pygame.Surface, area: pygame.Rect, words: str, pal: Palette, fonts: Fonts, k: float):
    size = fit_size(words, area.width, _size(LEGEND_SIZE, k), fonts, smallest=11)
    draw_text(surface, words, area.center, size, pal.text_dim, anchor="center", fonts=fonts)


def breath_vs_pacer(
    surface: pygame.Surface,
    rect: pygame.Rect,
    flow: Sequence[float],
    pacer: Sequence[float],
    pal: Palette,
    fonts: Fonts,
    *,
    show_pacer: bool = True,
    k: float = 1.0,
) -> None:
    """The whole session: when the guide asked for an out-breath as a filled band, the player's exhale flow
    as a line, on the same scale (following the guide, the line runs along the top of the band)."""
    band_colour = mix(guide_colour(pal), pal.panel, 0.5)  # the guide is blue on every chart, as on the trace
    keys = [Key("line", pal.exhale, "your out-breath")]
    if show_pacer:
        keys.insert(0, Key("band", band_colour, "guide's out-breath"))
    area = _frame(surface, rect, "Your breath and the guide", keys, pal, fonts, k)
    n = max(len(flow), len(pacer))
    if n < 2 or area.height < 8:
        return

    def points(values: Sequence[float], scale: float) -> list[tuple[float, float]]:
        step = max(1, len(values) // max(1, area.width))
        picked = values[::step]
        dx = area.width / max(1, len(picked) - 1)
        return [
            (area.left + i * dx, area.bottom - min(1.0, v * scale) * area.height)
            for i, v in enumerate(picked)
        ]

    if show_pacer and len(pacer) >= 2:
        band = points(pacer, 1.25)
        corners = [(area.left, area.bottom), *band, (area.right, area.bottom)]
        pygame.draw.polygon(surface, band_colour, corners)
    if len(flow) >= 2:
        pygame.draw.lines(surface, pal.exhale, False, points(flow, 1.25), 2)


def exhale_bars(
    surface: pygame.Surface,
    rect: pygame.Rect,
    exhales: Sequence[float],
    targets: Sequence[float],
    pal: Palette,
    fonts: Fonts,
    *,
    k: float = 1.0,
) -> None:
    """One bar per breath (its exhale seconds), with the guide's exhale for that breath as a line over it."""
    keys = [
        Key("bar", pal.exhale, "as long as the guide"),
        Key("bar", pal.hold, "shorter"),
        Key("line", guide_colour(pal), "guide's length"),
    ]
    area = _frame(surface, rect, "Exhale length per breath", keys, pal, fonts, k)
    if not exhales:
        _nothing(surface, area, "no breaths measured", pal, fonts, k)
        return
    plot, size = _number_strip(area, fonts, k)
    if plot.height < 8:
        return
    top = max(max(exhales), max(targets, default=0.0), 1.0)
    draw_text(surface, f"up to {num(top)} s", area.topleft, size, pal.text_dim, fonts=fonts)
    guide = guide_colour(pal)
    slot = plot.width / len(exhales)
    bar_w = max(2, int(slot * 0.7))
    for i, (e, target) in enumerate(zip(exhales, targets, strict=False)):
        x = plot.left + i * slot + (slot - bar_w) / 2
        h = e / top * plot.height
        # As the words count it (within 5 % is as long); short of the guide: softer, not red.
        colour = pal.exhale if e >= target * LENGTH_GRACE else pal.hold
        pygame.draw.rect(surface, colour, pygame.Rect(int(x), int(plot.bottom - h), bar_w, max(1, int(h))))
        ty = plot.bottom - target / top * plot.height
        pygame.draw.line(surface, guide, (x - 2, ty), (x + bar_w + 2, ty), 2)


def pace_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    rates: Sequence[float],
    pal: Palette,
    fonts: Fonts,
    *,
    per_breath: bool,
    guide_bpm: float | None = None,
    k: float = 1.0,
) -> None:
    """Breaths a minute: breath by breath on a short level (60 / each cycle), minute by minute on a long one;
    the guide's pace as a dashed line."""
    keys = [Key("dot", pal.accent, "each breath" if per_breath else "each minute")]
    if guide_bpm is not None:
        keys.append(Key("dash", guide_colour(pal), "guide's pace"))
    title = "Breaths a minute, breath by breath" if per_breath else "Breaths a minute, by minute"
    area = _frame(surface, rect, title, keys, pal, fonts, k)
    if not rates:
        words = "a few breaths show the pace" if per_breath else "a minute or more shows the trend"
        _nothing(surface, area, words, pal, fonts, k)
        return
    plot, size = _number_strip(area, fonts, k)
    if plot.height < 8:
        return
    top = max(10.0, max(rates), guide_bpm or 0.0) * 1.1
    low, high = min(rates), max(rates)
    span = num(low) if num(low) == num(high) else f"{num(low)} to {num(high)}"
    draw_text(surface, f"you: {span} a minute", area.topleft, size, pal.text_dim, fonts=fonts)
    if guide_bpm is not None:
        gy = plot.bottom - guide_bpm / top * plot.height
        for x in range(plot.left, plot.right, 10):
            pygame.draw.line(surface, guide_colour(pal), (x, gy), (min(plot.right, x + 5), gy), 2)
    slot = plot.width / len(rates)
    pts = [(plot.left + (i + 0.5) * slot, plot.bottom - v / top * plot.height) for i, v in enumerate(rates)]
    if len(pts) >= 2:
        pygame.draw.lines(surface, pal.accent, False, pts, 2)
    radius = max(2, min(5, round(slot / 3)))
    for px, py in pts:
        pygame.draw.circle(surface, pal.accent, (int(px), int(py)), radius)
