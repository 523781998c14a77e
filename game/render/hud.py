"""The quiet heads-up text over a level: title, breath count, last exhale, notices, mute state."""

from __future__ import annotations

import pygame

from game.render.palette import Palette
from game.render.text import BODY, SMALL, TITLE, Fonts, draw_text, draw_wrapped, fit_size, wrap_lines
from game.render.view import FrameView


def _shadowed(
    surface, text, pos, size, colour, palette: Palette, fonts: Fonts, *, anchor="topleft"
) -> pygame.Rect:
    # A soft dark offset copy keeps light text readable over a bright sky without a heavy box.
    off = max(1, round(2 * fonts.scale))
    draw_text(
        surface,
        text,
        (pos[0] + off, pos[1] + off),
        size,
        palette.panel,
        anchor=anchor,
        fonts=fonts,
        alpha=150,
    )
    return draw_text(surface, text, pos, size, colour, anchor=anchor, fonts=fonts)


def draw_hud(
    surface: pygame.Surface,
    view: FrameView,
    palette: Palette,
    fonts: Fonts,
    *,
    title: str,
    notice: str | None = None,
    muted: bool = False,
) -> None:
    """Draw the HUD along the top edge of ``surface``.

    Title top-left with the notice (if any) in a small panel under it; breaths and the last exhale
    top-right with the mute state under them.
    """
    w, h = surface.get_size()
    margin = max(6, round(24 * fonts.scale))
    line = fonts.get(BODY).get_linesize()

    # The title gives way to the counts on the right: a long one shrinks rather than runs under them.
    stats = f"breaths {view.breaths}"
    room = w - 3 * margin - fonts.get(BODY).size("last exhale 10.0 s")[0]
    title_size = fit_size(title, room, TITLE, fonts, smallest=SMALL // 2)
    title_rect = _shadowed(surface, title, (margin, margin), title_size, palette.text, palette, fonts)

    r = _shadowed(
        surface, stats, (w - margin, margin), BODY, palette.text_dim, palette, fonts, anchor="topright"
    )
    y = r.bottom + max(2, line // 8)
    if view.last_exhale_s > 0:
        r = _shadowed(
            surface,
            f"last exhale {view.last_exhale_s:.1f} s",
            (w - margin, y),
            BODY,
            palette.text_dim,
            palette,
            fonts,
            anchor="topright",
        )
        y = r.bottom + max(2, line // 8)
    if muted:
        _draw_muted(surface, (w - margin, y), palette, fonts)

    if notice:
        width = min(w - 2 * margin, max(round(w * 0.42), round(300 * fonts.scale)))
        pad = max(4, round(12 * fonts.scale))
        lines = wrap_lines(notice, width - 2 * pad, BODY, fonts)
        height = min(h // 2, len(lines) * round(fonts.get(BODY).get_linesize() * 1.15) + 2 * pad)
        box = pygame.Rect(margin, title_rect.bottom + max(4, line // 3), width, height)
        if box.width < 2 * pad + 8 or box.height < 2 * pad + 8:
            return  # a window too small to hold the notice; the title and stats are still there
        panel = pygame.Surface(box.size, pygame.SRCALPHA)
        pygame.draw.rect(panel, (*palette.panel, 170), panel.get_rect(), border_radius=pad)
        pygame.draw.rect(panel, (*palette.warn, 120), panel.get_rect(), max(1, pad // 6), border_radius=pad)
        surface.blit(panel, box.topleft)
        draw_wrapped(surface, notice, box.inflate(-2 * pad, -2 * pad), BODY, palette.text, fonts)


def draw_mute_sign(
    surface: pygame.Surface, topright: tuple[int, int], palette: Palette, fonts: Fonts
) -> pygame.Rect:
    """The "muted" sign (a crossed speaker and the word) with its top-right corner at ``topright``."""
    return _draw_muted(surface, topright, palette, fonts)


def _draw_muted(
    surface: pygame.Surface, topright: tuple[int, int], palette: Palette, fonts: Fonts
) -> pygame.Rect:
    # A small speaker with a slash, then the word, so it reads without relying on the icon alone.
    text_rect = draw_text(surface, "muted", topright, BODY, palette.text_dim, anchor="topright", fonts=fonts)
    s = text_rect.height
    x1 = text_rect.left - round(s * 0.35)
    cy = text_rect.centery
    x0 = x1 - s
    body = [
        (x0, cy - s * 0.18),
        (x0 + s * 0.25, cy - s * 0.18),
        (x0 + s * 0.55, cy - s * 0.42),
        (x0 + s * 0.55, cy + s * 0.42),
        (x0 + s * 0.25, cy + s * 0.18),
        (x0, cy + s * 0.18),
    ]
    pygame.draw.polygon(surface, palette.text_dim, body)
    lw = max(1, round(s / 10))
    pygame.draw.line(
        surface, palette.text_dim, (x0 + s * 0.7, cy - s * 0.22), (x0 + s * 1.0, cy + s * 0.22), lw
    )
    pygame.draw.line(
        surface, palette.text_dim, (x0 + s * 0.7, cy + s * 0.22), (x0 + s * 1.0, cy - s * 0.22), lw
    )
    return text_rect.union(pygame.Rect(round(x0), text_rect.top, round(x1 - x0), text_rect.height))
