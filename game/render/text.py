"""Fonts and text drawing with the bundled DejaVu Sans, so every machine renders the same pixels."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

from game.data_paths import assets_dir

RGB = tuple[int, int, int]

# Nominal pygame sizes at 720p. The default font's line height is about 0.69 x size, so BODY gives
# ~29 px lines: large enough to read from a relaxed sitting distance.
SMALL = 36
BODY = 42
TITLE = 56
HUGE = 180

_ANCHORS = frozenset(
    {
        "topleft",
        "midtop",
        "topright",
        "midleft",
        "center",
        "midright",
        "bottomleft",
        "midbottom",
        "bottomright",
    }
)


DEJAVU_SCALE = 0.72


def bundled_font() -> Path | None:
    """The font shipped in assets/ (DejaVu Sans, see assets/LICENSES.md): stable, well-kerned text."""
    path = assets_dir() / "fonts" / "DejaVuSans.ttf"
    return path if path.is_file() else None


class Fonts:
    """Caches fonts by size and rendered lines by (text, size, colour).

    Args:
        scale: multiplies every requested size; the app passes ``window_height / 720``.
    """

    def __init__(self, scale: float = 1.0, *, max_cached_lines: int = 256) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.scale = scale
        self._fonts: dict[int, pygame.font.Font] = {}
        # Rendering text is the costliest thing a HUD does; most lines repeat frame after frame.
        self._lines: OrderedDict[tuple[str, int, RGB], pygame.Surface] = OrderedDict()
        self._max_lines = max_cached_lines

    def px(self, size: int) -> int:
        """The actual font size for nominal ``size`` (never below 8)."""
        return max(8, round(size * self.scale))

    def get(self, size: int) -> pygame.font.Font:
        """The default font at nominal ``size`` (scaled)."""
        px = self.px(size)
        font = self._fonts.get(px)
        if font is None:
            path = bundled_font()
            # DejaVu runs larger than pygame's default font at the same size; match the default's metrics.
            if path is not None:
                font = pygame.font.Font(str(path), round(px * DEJAVU_SCALE))
            else:
                font = pygame.font.Font(None, px)
            self._fonts[px] = font
        return font

    def render(self, text: str, size: int, colour: RGB) -> pygame.Surface:
        """One antialiased line with per-pixel alpha, cached (treat the result as read-only)."""
        key = (text, self.px(size), (colour[0], colour[1], colour[2]))
        surf = self._lines.get(key)
        if surf is None:
            surf = self.get(size).render(text, True, key[2])
            self._lines[key] = surf
            if len(self._lines) > self._max_lines:
                self._lines.popitem(last=False)
        else:
            self._lines.move_to_end(key)
        return surf


def draw_text(
    surface: pygame.Surface,
    text: str,
    pos: tuple[float, float],
    size: int,
    colour: RGB,
    *,
    anchor: str = "topleft",
    fonts: Fonts,
    alpha: int = 255,
) -> pygame.Rect:
    """Draw one line of text with ``anchor`` (a pygame Rect point name) at ``pos``.

    Returns:
        The rectangle drawn into.
    """
    if anchor not in _ANCHORS:
        raise ValueError(f"anchor must be one of {sorted(_ANCHORS)}, got {anchor!r}")
    surf = fonts.render(text, size, colour)
    rect = surf.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    if alpha >= 255:
        surface.blit(surf, rect)
    elif alpha > 0:
        # The cached line is shared: set its alpha just for this blit and restore it. Restore to 255, not
        # None: None switches off per-pixel alpha and the next blit draws a solid box.
        surf.set_alpha(alpha)
        surface.blit(surf, rect)
        surf.set_alpha(255)
    return rect


def wrap_lines(text: str, width: int, size: int, fonts: Fonts) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` px (a single over-long word stays whole)."""
    font = fonts.get(size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line = words[0]
        for word in words[1:]:
            candidate = f"{line} {word}"
            if font.size(candidate)[0] <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def draw_wrapped(
    surface: pygame.Surface,
    text: str,
    rect: pygame.Rect | tuple[int, int, int, int],
    size: int,
    colour: RGB,
    fonts: Fonts,
    *,
    alpha: int = 255,
    line_spacing: float = 1.15,
) -> int:
    """Draw word-wrapped text inside ``rect`` from its top-left; lines that do not fit are dropped.

    Returns:
        The height in pixels actually used.
    """
    rect = pygame.Rect(rect)
    font = fonts.get(size)
    step = round(font.get_linesize() * line_spacing)
    height = font.get_height()
    y = rect.top
    used = 0
    for line in wrap_lines(text, rect.width, size, fonts):
        if y + height > rect.bottom:
            break
        if line:
            draw_text(surface, line, (rect.left, y), size, colour, fonts=fonts, alpha=alpha)
        used = y + height - rect.top
        y += step
    return used
