"""Fonts and text drawing with the bundled DejaVu Sans, so every machine renders the same pixels."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame

from game.content.data_paths import assets_dir

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

# Open recorders (see recording_text): every line drawn is noted in each, for layout tests.
_recorders: list[tuple[pygame.Surface | None, list[tuple[str, pygame.Rect]]]] = []


@contextmanager
def recording_text(on: pygame.Surface | None = None) -> Iterator[list[tuple[str, pygame.Rect]]]:
    """Collect (text, rect) for every line :func:`draw_text` draws while open (rects in the target
    surface's coordinates), so tests can check that no text leaves the window or overlaps other text.

    Args:
        on: only lines drawn onto this surface (a cached layer's own words are in its coordinates).
    """
    drawn: list[tuple[str, pygame.Rect]] = []
    entry = (on, drawn)
    _recorders.append(entry)
    try:
        yield drawn
    finally:
        # By identity: two open recorders may hold equal (empty) lists.
        del _recorders[next(i for i, e in enumerate(_recorders) if e is entry)]


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
    for on, drawn in _recorders:
        if on is None or on is surface:
            drawn.append((text, rect.copy()))
    if alpha >= 255:
        surface.blit(surf, rect)
    elif alpha > 0:
        # The cached line is shared: set its alpha just for this blit and restore it. Restore to 255, not
        # None: None switches off per-pixel alpha and the next blit draws a solid box.
        surf.set_alpha(alpha)
        surface.blit(surf, rect)
        surf.set_alpha(255)
    return rect


def screen_scale(size: tuple[int, int]) -> float:
    """How much to shrink a menu screen's text and spacing designed at 1280x720 (0.62..1)."""
    return max(0.62, min(1.0, size[0] / 1280, size[1] / 720))


def fit_size(text: str, width: int, size: int, fonts: Fonts, *, smallest: int = 14) -> int:
    """The largest nominal size up to ``size`` at which ``text`` is at most ``width`` px wide (never below
    ``smallest``: a caller with less room than that should drop or shorten the text)."""
    while size > smallest and fonts.get(size).size(text)[0] > width:
        size -= 1
    return size


def wrapped_height(text: str, width: int, size: int, fonts: Fonts, *, line_spacing: float = 1.15) -> int:
    """The height :func:`draw_wrapped` takes for ``text`` at ``width`` with room for every line."""
    font = fonts.get(size)
    n = len(wrap_lines(text, width, size, fonts))
    return (n - 1) * round(font.get_linesize() * line_spacing) + font.get_height() if n else 0


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
