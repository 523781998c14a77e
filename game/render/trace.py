"""A scrolling chart of the recent pacer target against the player's exhale flow."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
import pygame

from game.render.palette import Palette
from game.render.text import SMALL, Fonts, draw_text


class TraceLayer:
    """draw_trace with its chart kept between frames: the trace only gains a sample 20 times a second."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._layer: pygame.Surface | None = None

    def draw(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        trace: Sequence[tuple[float, float, float]],
        palette: Palette,
        *,
        window_s: float = 20.0,
        fonts: Fonts | None = None,
        ghost: Sequence[tuple[float, float]] = (),
        show_guide: bool = True,
    ) -> None:
        """As draw_trace; `ghost` is (t, flow) of the player's best run, drawn as a faint line.
        `show_guide` False (a level with its pacer hidden) leaves the guide's line and label out."""
        rect = pygame.Rect(rect)
        if rect.width < 8 or rect.height < 8:
            return
        last = trace[-1] if trace else None
        key = (rect.size, palette, fonts, window_s, len(trace), last, len(ghost), show_guide)
        if key != self._key or self._layer is None:
            layer = _render_layer(rect.size, trace, palette, window_s, ghost, fonts, show_guide=show_guide)
            self._layer, self._key = layer, key
        surface.blit(self._layer, rect.topleft)


def draw_trace(
    surface: pygame.Surface,
    rect: pygame.Rect,
    trace: Sequence[tuple[float, float, float]],
    palette: Palette,
    *,
    window_s: float = 20.0,
    fonts: Fonts | None = None,
) -> None:
    """Draw the last ``window_s`` seconds of ``trace`` in ``rect``, newest at the right edge, once.

    Args:
        trace: (t seconds, guide flow 0..1, flow 0..1) samples, oldest first (``FrameView.trace``); the guide
            flow is :attr:`PacerState.guide_flow`, what the guide asks the breath to do.
        fonts: when given, a small legend ("guide", "you") is drawn in the top-left corner.
    """
    TraceLayer().draw(surface, rect, trace, palette, window_s=window_s, fonts=fonts)


def _draw_legend(layer: pygame.Surface, palette: Palette, fonts: Fonts, *, ghost: bool, guide: bool) -> None:
    """The labels ("guide", "you", "your best") in the top-left corner, on a chip the lines pass under."""
    pad = max(2, layer.get_height() // 12)
    x, y = pad * 2, pad
    labels = [("guide", palette.pacer)] if guide else []
    labels.append(("you", palette.player))
    if ghost:
        labels.append(("your best", palette.text_dim))
    font = fonts.get(SMALL)
    widths = [font.size(text)[0] for text, _ in labels]
    chip = pygame.Rect(x - pad, y - pad // 2, sum(widths) + pad * 3 * (len(labels) - 1) + 2 * pad, 0)
    chip.height = font.get_linesize() + pad
    pygame.draw.rect(layer, (*palette.panel, 255), chip, border_radius=pad)
    for (text, colour), width in zip(labels, widths, strict=True):
        draw_text(layer, text, (x, y), SMALL, colour, fonts=fonts)
        x += width + pad * 3


def _render_layer(
    size: tuple[int, int],
    trace: Sequence[tuple[float, float, float]],
    palette: Palette,
    window_s: float,
    ghost: Sequence[tuple[float, float]] = (),
    fonts: Fonts | None = None,
    *,
    show_guide: bool = True,
) -> pygame.Surface:
    layer = pygame.Surface(size, pygame.SRCALPHA)
    w, h = size
    radius = max(2, min(w, h) // 12)
    pygame.draw.rect(layer, (*palette.panel, 140), (0, 0, w, h), border_radius=radius)
    pad = max(2, h // 12)
    plot_h = h - 2 * pad
    # A faint baseline and top line: the range of both signals.
    for y in (pad, h - pad):
        pygame.draw.line(layer, (*palette.text_dim, 40), (pad, y), (w - pad, y))

    if len(trace) >= 2:
        t_end = trace[-1][0]
        t_start = t_end - window_s
        window = trace[bisect.bisect_left(trace, t_start, key=lambda s: s[0]) :]
        # At most one point per two pixels of what is shown: a 20 s trace at 60 Hz has 1200 samples.
        stride = max(1, len(window) // max(2, w // 2))
        samples = list(window[::stride])
        if samples and samples[-1] is not trace[-1]:
            samples.append(trace[-1])
        if len(samples) >= 2:
            # Point lists from one array pass: a Python call per point cost most of a rebuild.
            scale_x = (w - 2 * pad) / max(1e-6, window_s)
            base = h - pad

            def points(t: np.ndarray, v: np.ndarray) -> list[list[float]]:
                xs = pad + scale_x * (t - t_start)
                return np.column_stack((xs, base - plot_h * np.clip(v, 0.0, 1.0))).tolist()

            arr = np.asarray(samples, dtype=np.float64)  # columns: t, guide, flow
            flow_pts = points(arr[:, 0], arr[:, 2])
            pygame.draw.polygon(
                layer, (*palette.player, 90), [(flow_pts[0][0], base), *flow_pts, (flow_pts[-1][0], base)]
            )
            pygame.draw.lines(layer, (*palette.player, 230), False, flow_pts, max(2, h // 60))
            if show_guide:
                pacer_pts = points(arr[:, 0], arr[:, 1])
                pygame.draw.lines(layer, (*palette.pacer, 240), False, pacer_pts, max(2, h // 45))
            recent = [g for g in ghost if g[0] >= t_start]
            if len(recent) >= 2:
                g = np.asarray(recent, dtype=np.float64)
                pygame.draw.lines(
                    layer, (*palette.text_dim, 150), False, points(g[:, 0], g[:, 1]), max(1, h // 60)
                )
    if fonts is not None:
        _draw_legend(layer, palette, fonts, ghost=bool(ghost), guide=show_guide)
    return layer
