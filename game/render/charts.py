"""Small charts for the results screen: breath against the pacer, exhale length per breath, pace over time."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.render.palette import Palette
from game.render.text import Fonts, draw_text


def _frame(surface: pygame.Surface, rect: pygame.Rect, title: str, pal: Palette, fonts: Fonts) -> pygame.Rect:
    pygame.draw.rect(surface, pal.panel, rect, border_radius=10)
    draw_text(surface, title, (rect.left + 14, rect.top + 8), 32, pal.text_dim, fonts=fonts)
    return pygame.Rect(rect.left + 14, rect.top + 44, rect.width - 28, rect.height - 56)


def breath_vs_pacer(
    surface: pygame.Surface,
    rect: pygame.Rect,
    flow: Sequence[float],
    pacer: Sequence[float],
    pal: Palette,
    fonts: Fonts,
    *,
    show_pacer: bool = True,
) -> None:
    """The whole session: when the guide asked for an out-breath as a filled band, the player's exhale flow
    as a line, on the same scale (following the guide, the line runs along the top of the band)."""
    area = _frame(surface, rect, "Your breath and the guide", pal, fonts)
    n = max(len(flow), len(pacer))
    if n < 2:
        return

    def points(values: Sequence[float], scale: float) -> list[tuple[float, float]]:
        step = max(1, len(values) // area.width)
        picked = values[::step]
        dx = area.width / max(1, len(picked) - 1)
        return [
            (area.left + i * dx, area.bottom - min(1.0, v * scale) * area.height)
            for i, v in enumerate(picked)
        ]

    if show_pacer and len(pacer) >= 2:
        band = points(pacer, 1.25)
        pygame.draw.polygon(surface, pal.hold, [(area.left, area.bottom), *band, (area.right, area.bottom)])
    if len(flow) >= 2:
        pygame.draw.lines(surface, pal.exhale, False, points(flow, 1.25), 2)


def exhale_bars(
    surface: pygame.Surface,
    rect: pygame.Rect,
    exhales: Sequence[float],
    targets: Sequence[float],
    pal: Palette,
    fonts: Fonts,
) -> None:
    """One bar per breath (its exhale seconds), with the level's target exhale drawn as a line over them."""
    area = _frame(surface, rect, "Exhale length per breath", pal, fonts)
    if not exhales:
        draw_text(surface, "no breaths measured", area.center, 28, pal.text_dim, anchor="center", fonts=fonts)
        return
    top = max(max(exhales), max(targets, default=0.0), 1.0) * 1.15
    slot = area.width / len(exhales)
    bar_w = max(2, int(slot * 0.7))
    for i, (e, target) in enumerate(zip(exhales, targets, strict=False)):
        x = area.left + i * slot + (slot - bar_w) / 2
        h = e / top * area.height
        colour = pal.exhale if e >= target - 0.05 else pal.hold  # short of the guide: softer, not red
        pygame.draw.rect(surface, colour, pygame.Rect(int(x), int(area.bottom - h), bar_w, max(1, int(h))))
        ty = area.bottom - target / top * area.height
        pygame.draw.line(surface, pal.accent, (x - 2, ty), (x + bar_w + 2, ty), 2)
    draw_text(surface, f"{top / 1.15:.0f} s", (area.left, area.top - 2), 28, pal.text_dim, fonts=fonts)


def pace_over_time(
    surface: pygame.Surface, rect: pygame.Rect, bpm: Sequence[float], pal: Palette, fonts: Fonts
) -> None:
    """Breaths per minute, minute by minute."""
    area = _frame(surface, rect, "Breaths per minute", pal, fonts)
    if not bpm:
        draw_text(
            surface,
            "a minute or more shows the trend",
            area.center,
            28,
            pal.text_dim,
            anchor="center",
            fonts=fonts,
        )
        return
    top = max(20.0, max(bpm) * 1.1)
    slot = area.width / len(bpm)
    pts = [(area.left + (i + 0.5) * slot, area.bottom - v / top * area.height) for i, v in enumerate(bpm)]
    if len(pts) >= 2:
        pygame.draw.lines(surface, pal.accent, False, pts, 3)
    for (x, y), v in zip(pts, bpm, strict=True):
        pygame.draw.circle(surface, pal.accent, (int(x), int(y)), 5)
        draw_text(surface, f"{v:.0f}", (int(x), int(y) - 8), 28, pal.text, anchor="midbottom", fonts=fonts)
