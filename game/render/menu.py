"""The frame every menu screen shares: the dark sky, the title at the top, the keys along the bottom."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.render.palette import Palette
from game.render.text import TITLE, Fonts, draw_text, fit_size, screen_scale


@dataclass(frozen=True, slots=True)
class MenuFrame:
    """What a menu lays its rows out in: the window's scale, the side margin, the title and footer boxes."""

    scale: float
    margin: int
    title: pygame.Rect
    footer: pygame.Rect


def draw_menu_frame(
    surface: pygame.Surface,
    title: str,
    keys: str,
    palette: Palette,
    fonts: Fonts,
    *,
    title_size: int = TITLE,
    keys_size: int = 28,
    footer_gap: int = 12,
) -> MenuFrame:
    """Fill the screen, draw the title and the keys line; sizes follow the window (screen_scale)."""
    w, h = surface.get_size()
    k = screen_scale((w, h))
    m = max(12, round(40 * k))
    surface.fill(palette.sky_top)  # menus sit on the dark sky colour: text reads on it
    top = draw_text(
        surface,
        title,
        (w // 2, round(18 * k)),
        round(title_size * k),
        palette.text,
        anchor="midtop",
        fonts=fonts,
    )
    size = fit_size(keys, w - 2 * m, round(keys_size * k), fonts)
    foot = draw_text(
        surface,
        keys,
        (w // 2, h - round(footer_gap * k)),
        size,
        palette.text_dim,
        anchor="midbottom",
        fonts=fonts,
    )
    return MenuFrame(k, m, top, foot)
