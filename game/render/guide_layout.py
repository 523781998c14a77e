"""Where the play screen puts the guide and the trace, so scene art can keep out of their way.

The play scene draws the guide circle (with its labels under it) in `guide_rect` and the breath trace in
`trace_rect`; painters read `keep_clear` to place their moving art (lanterns) away from the guide. One
function for both keeps the drawing and the painters in agreement (a test checks it).

Every box derives from the window size and the text scale: the guide sits between the HUD's two lines at
the top right and the trace along the bottom, so in a short window it shrinks to what is between them rather
than running into either (issue 14, item 3).
"""

from __future__ import annotations

import pygame

# Line heights of the bundled font at text scale 1 (game/render/text.py BODY and SMALL): the guide's
# layout needs them without a font object, as painters ask for keep_clear before any text is drawn.
BODY_LINE = 35
SMALL_LINE = 31
GUIDE_SIDE_MIN = 190  # in a short window the guide takes the room there is up to this, not a third of it


def trace_rect(size: tuple[int, int]) -> pygame.Rect:
    """The strip along the bottom where the live breath trace is drawn (thinner in short windows)."""
    w, h = size
    height = max(56, min(86, round(h * 0.12)))
    return pygame.Rect(24, h - 24 - height, w - 48, height)


def _hud_bottom(text_scale: float) -> int:
    """The bottom of the HUD's right-hand lines ("breaths 4", "last exhale 5.2 s")."""
    margin = max(6, round(24 * text_scale))
    return margin + 2 * round(BODY_LINE * text_scale) + max(2, round(BODY_LINE * text_scale) // 8)


def guide_rect(size: tuple[int, int], text_scale: float = 1.0) -> pygame.Rect:
    """The box the guide is drawn in: circle, its "you" bar and the phase labels under it.

    Its top leaves room above for the "you" label (drawn over the bar's top) under the HUD's lines.
    """
    w, h = size
    band_top = _hud_bottom(text_scale) + round(SMALL_LINE * text_scale) + 8
    band_bottom = trace_rect(size).top - 6
    side = max(120, min(w, h) // 3, GUIDE_SIDE_MIN)
    side = max(60, min(side, band_bottom - band_top, w // 2))
    top = min(max((h - side) // 2 - 20, band_top), max(band_top, band_bottom - side))
    # Room on the right for the pacer's "you" bar and its label.
    return pygame.Rect(w - side - 80, top, side, side)


def focus_rect(size: tuple[int, int], text_scale: float = 1.0) -> pygame.Rect:
    """The large guide of a focus session, in the centre: no HUD and no trace to leave room for."""
    w, h = size
    above = round(SMALL_LINE * text_scale) + 16  # the "you" label over the bar
    side = max(60, min(h - 2 * above, round(w * 0.6), round(h * 0.75)))
    return pygame.Rect((w - side) // 2, (h - side) // 2, side, side)


def keep_clear(size: tuple[int, int]) -> pygame.Rect:
    """The guide's box with a margin: the labels run wider than the circle ("breathe freely  4")."""
    r = guide_rect(size)
    return r.inflate(round(r.width * 0.5), round(r.height * 0.2))
