"""The scene painter contract, the registry of scenes, and drawing helpers they share."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

import numpy as np
import pygame

from game.content.model import scene_param_choices, scene_param_range
from game.render.guide_layout import keep_clear
from game.render.palette import RGB, Palette
from game.render.view import FrameView


class ScenePainter:
    """Draws one scene behind the pacer and HUD.

    Animation state advances only in :meth:`update`, from the views and the fixed ``dt`` it is given, so
    the same view sequence always draws the same pixels. :meth:`draw` never changes state.

    Args:
        size: surface size in pixels (width, height).
        params: the level's ``scene_params``; unknown keys are ignored, bad values fall back to defaults
            (the level validator reports them; the game should still run).
        palette: the colours to use.
        seed: seeds this painter's own ``random.Random`` (scenery layout, ripple placement).
        with_guide: False for a picture with no guide over it (level select): art need not keep clear.
    """

    #: The scene's name in level files; its settings, defaults and ranges come from SCENE_PARAMS.
    SCENE = ""

    def __init__(
        self,
        size: tuple[int, int],
        *,
        params: Mapping[str, object] | None = None,
        palette: Palette,
        seed: int = 0,
        with_guide: bool = True,
    ) -> None:
        self.with_guide = with_guide
        self.params: Mapping[str, object] = dict(params or {})
        self.palette = palette
        self.seed = seed
        #: Seconds of animation time, the sum of every ``dt`` given to :meth:`update`.
        self.time = 0.0
        #: Human-readable notes about params that were ignored (for logs, never shown in play).
        self.param_warnings: list[str] = []
        self.size = (max(1, int(size[0])), max(1, int(size[1])))
        self._configure()
        self._layout()

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    def resize(self, size: tuple[int, int]) -> None:
        """Adopt a new surface size; cached layers are rebuilt, animation state is kept."""
        size = (max(1, int(size[0])), max(1, int(size[1])))
        if size != self.size:
            self.size = size
            self._layout()

    def set_palette(self, palette: Palette) -> None:
        """Switch colours (e.g. the player toggled high contrast); cached layers are rebuilt."""
        if palette != self.palette:
            self.palette = palette
            self._layout()

    def update(self, view: FrameView, dt: float) -> None:
        """Advance animation by one fixed step of ``dt`` seconds, given the session snapshot."""
        self.time += dt

    def draw(self, surface: pygame.Surface, view: FrameView) -> None:
        """Paint the whole scene onto ``surface`` (which should be ``self.size``)."""
        surface.fill(self.palette.sky_top)

    def _configure(self) -> None:
        """Read ``self.params`` and set up animation state (called once, before the first layout)."""

    def _layout(self) -> None:
        """Recompute size-dependent geometry and drop cached layers. Subclasses extend."""

    def guide_clear(self) -> pygame.Rect | None:
        """The box moving and growing art keeps out of (the guide and its labels), or None without a guide."""
        return keep_clear(self.size) if self.with_guide else None

    # -- params ----------------------------------------------------------------------------------

    def _param_float(self, name: str) -> float:
        """A numeric scene setting, from the level or the table's default; clamped to the table's range."""
        default, lo, hi = scene_param_range(self.SCENE, name)
        value = self.params.get(name, default)
        # bool is an int subclass; "wind: yes" must not become 1.0.
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.param_warnings.append(
                f"{name}: expected a number {lo}..{hi}, got {value!r}; using {default}"
            )
            return default
        if not lo <= value <= hi:
            self.param_warnings.append(f"{name}: {value!r} is outside {lo}..{hi}; clamped")
        return float(min(hi, max(lo, value)))

    def _param_choice(self, name: str) -> str:
        """A choice scene setting, from the level or the table's default."""
        default, choices = scene_param_choices(self.SCENE, name)
        value = self.params.get(name, default)
        if value not in choices:
            self.param_warnings.append(
                f"{name}: expected one of {list(choices)}, got {value!r}; using {default}"
            )
            return default
        return str(value)


# -- shared helpers ------------------------------------------------------------------------------


def approach(current: float, target: float, dt: float, tau: float) -> float:
    """Exponential smoothing toward ``target`` with time constant ``tau`` seconds (frame-rate exact)."""
    if tau <= 0.0:
        return target
    return target + (current - target) * math.exp(-dt / tau)


def clamp01(x: float) -> float:
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def smoothstep(x: float) -> float:
    x = clamp01(x)
    return x * x * (3.0 - 2.0 * x)


def gradient_surface(size: tuple[int, int], stops: Sequence[tuple[float, RGB]]) -> pygame.Surface:
    """An opaque vertical gradient through colour ``stops`` ((0..1 position, colour), sorted).

    Built as one column with numpy and stretched, so a full-screen gradient costs well under 1 ms.
    """
    w, h = size
    ys = np.linspace(0.0, 1.0, max(1, h))
    pos = [s[0] for s in stops]
    col = np.empty((1, max(1, h), 3), dtype=np.uint8)
    for c in range(3):
        col[0, :, c] = np.clip(np.interp(ys, pos, [s[1][c] for s in stops]) + 0.5, 0, 255)
    column = pygame.surfarray.make_surface(col)
    return pygame.transform.scale(column, (max(1, w), max(1, h)))


def gradient_colour(stops: Sequence[tuple[float, RGB]], y: float) -> RGB:
    """The colour of a :func:`gradient_surface` at fraction ``y`` (held flat beyond the first and last stop).

    Plain Python on purpose: it runs for every twinkling star and fading lantern each frame, where three
    ``np.interp`` calls on scalars cost several times more than the arithmetic.
    """
    first_y, first = stops[0]
    if y <= first_y:
        return (int(first[0] + 0.5), int(first[1] + 0.5), int(first[2] + 0.5))
    for (y0, c0), (y1, c1) in zip(stops, stops[1:], strict=False):
        if y <= y1:
            k = (y - y0) / (y1 - y0) if y1 > y0 else 1.0
            return (
                int(c0[0] + (c1[0] - c0[0]) * k + 0.5),
                int(c0[1] + (c1[1] - c0[1]) * k + 0.5),
                int(c0[2] + (c1[2] - c0[2]) * k + 0.5),
            )
    last = stops[-1][1]
    return (int(last[0] + 0.5), int(last[1] + 0.5), int(last[2] + 0.5))


def glow_sprite(radius: int, colour: RGB, *, falloff: float = 2.2, core: float = 0.0) -> pygame.Surface:
    """A soft radial glow of ``colour``: full alpha at the centre (or out to ``core``), 0 at ``radius``."""
    r = max(1, int(radius))
    d = 2 * r
    yy, xx = np.mgrid[0:d, 0:d]
    dist = np.hypot(xx - r + 0.5, yy - r + 0.5) / r
    t = np.clip((dist - core) / max(1e-6, 1.0 - core), 0.0, 1.0)
    alpha = ((1.0 - t) ** falloff * 255.0 + 0.5).astype(np.uint8)
    sprite = pygame.Surface((d, d), pygame.SRCALPHA)
    sprite.fill((*colour, 255))
    pixels = pygame.surfarray.pixels_alpha(sprite)
    pixels[:, :] = alpha.T
    del pixels  # releases the lock on the surface
    return sprite


def matching(cached: pygame.Surface, target: pygame.Surface) -> pygame.Surface:
    """``cached`` converted to ``target``'s pixel format when they differ (blits between equal formats
    are several times faster)."""
    if cached.get_bitsize() == target.get_bitsize() and cached.get_masks() == target.get_masks():
        return cached
    return cached.convert(target)


def hill_profile(rng: random.Random, width: int, *, base: float, amp: float, step: int = 8) -> list[float]:
    """Smooth hill heights (pixels from the top) across ``width``: a few seeded sines, no Python noise."""
    waves = [(rng.uniform(0.6, 1.4) * k, rng.uniform(0, math.tau), 1.0 / k) for k in (1.0, 2.3, 5.1, 11.0)]
    norm = sum(a for _, _, a in waves)
    out = []
    for x in range(0, width + step, step):
        u = x / max(1, width)
        v = sum(a * math.sin(u * f * math.tau + p) for f, p, a in waves) / norm
        out.append(base - amp * (0.5 + 0.5 * v))
    return out
