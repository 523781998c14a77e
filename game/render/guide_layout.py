"""Where the play screen puts the guide and the trace, so scene art can keep out of their way.

The play scene draws the guide circle (with its labels under it) in `guide_rect` and the breath trace in
`trace_rect`; painters read `keep_clear` to place their moving art (lanterns) away from the guide. One
function for both keeps the drawing and the painters in agreement (a test checks it).
"""

from __future__ import annotations

import pygame


def guide_rect(size: tuple[int, int]) -> pygame.Rect:
    """The box the guide is drawn in: circle, its "you" bar and the phase labels under it."""
    w, h = size
    side = max(120, min(w, h) // 3)
    # Room on the right for the pacer's "you" bar and its label.
    return pygame.Rect(w - side - 80, (h - side) // 2 - 20, side, side)


def trace_rect(size: tuple[int, int]) -> pygame.Rect:
    """The strip along the bottom where the live breath trace is drawn."""
    w, h = size
    return pygame.Rect(24, h - 110, w - 48, 86)


def keep_clear(size: tuple[int, int]) -> pygame.Rect:
    """The guide's box with a margin: the labels run wider than the circle ("breathe freely  4")."""
    r = guide_rect(size)
    return r.inflate(round(r.width * 0.5), round(r.height * 0.2))
