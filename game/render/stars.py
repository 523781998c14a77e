"""Stars as shapes: earned ones filled with the accent colour, the ones still to earn as outlines."""

from __future__ import annotations

import math

import pygame

from game.render.palette import Palette


def star_points(centre: tuple[float, float], outer: float, inner: float) -> list[tuple[float, float]]:
    cx, cy = centre
    pts = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def draw_star(
    surface: pygame.Surface, centre: tuple[float, float], size: float, filled: bool, pal: Palette
) -> pygame.Rect:
    """One star of outer radius ``size``; returns its bounding box."""
    pts = star_points(centre, size, size * 0.42)
    pygame.draw.polygon(surface, pal.accent if filled else pal.panel, pts)
    return pygame.draw.polygon(surface, pal.text_dim, pts, max(1, round(size / 12)))


def draw_stars(
    surface: pygame.Surface,
    centre: tuple[float, float],
    size: float,
    earned: int,
    pal: Palette,
    *,
    of: int = 3,
) -> pygame.Rect:
    """``of`` stars in a row centred on ``centre``, the first ``earned`` filled; returns the row's box."""
    step = size * 2.5
    box = pygame.Rect(round(centre[0]), round(centre[1]), 0, 0)
    for i in range(of):
        x = centre[0] + (i - (of - 1) / 2) * step
        box = box.union(draw_star(surface, (x, centre[1]), size, i < earned, pal))
    return box
