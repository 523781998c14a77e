"""Words drawn over a playing scene: the calm ending's, a soft invitation, a watched file's problems."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.render.palette import Palette
from game.render.text import Fonts, draw_text, draw_wrapped

ENDING_WORDS = "That was the last breath of the level. Stay with it a moment."
MAX_PROBLEMS = 6


def draw_ending_words(surface: pygame.Surface, fade: float, pal: Palette, fonts: Fonts) -> None:
    """A few words, fading in: the session is over, stay a moment; Enter for the results."""
    if fade <= 0:
        return
    w, h = surface.get_size()
    alpha = round(255 * min(1.0, fade))
    draw_text(
        surface, ENDING_WORDS, (w // 2, h - 100), 34, pal.text, anchor="midbottom", fonts=fonts, alpha=alpha
    )
    draw_text(
        surface,
        "Enter: see how it went",
        (w // 2, h - 60),
        28,
        pal.text_dim,
        anchor="midbottom",
        fonts=fonts,
        alpha=alpha,
    )


def draw_invitation(surface: pygame.Surface, text: str, fade: float, pal: Palette, fonts: Fonts) -> None:
    """A gasp or an unasked hold gets a soft invitation, fading in: never a sound, never red."""
    w, h = surface.get_size()
    draw_text(
        surface,
        text,
        (w // 2, h - 150),
        34,
        pal.text,
        anchor="midbottom",
        fonts=fonts,
        alpha=round(255 * min(1.0, max(0.0, fade))),
    )


def draw_watch_problems(surface: pygame.Surface, problems: Sequence[str], pal: Palette, fonts: Fonts) -> None:
    """`--watch`: the saved file's problems over the level still playing its last good version."""
    w, h = surface.get_size()
    shown = list(problems[:MAX_PROBLEMS])
    box = pygame.Rect(20, 70, w - 40, min(h - 140, 60 + 34 * len(shown)))
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill((*pal.panel, 235))
    surface.blit(shade, box)
    draw_text(
        surface,
        "The saved level has problems; still playing the last good version:",
        (box.left + 16, box.top + 10),
        30,
        pal.warn,
        fonts=fonts,
    )
    y = box.top + 46
    for line in shown:
        y += draw_wrapped(
            surface, line, pygame.Rect(box.left + 16, y, box.width - 32, 60), 26, pal.text, fonts
        )
