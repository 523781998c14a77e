"""The guide is never covered (issue 14, item 5): scene art keeps out of the guide's box or passes behind
its soft backdrop, so the circle and its words keep their contrast on every frame of a level.

Rendered headless on a fixed step: the same views always draw the same pixels.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache

import numpy as np
import pygame
import pytest

from breath_input.types import Phase
from game.render import pacer_widget
from game.render.guide_layout import guide_rect, keep_clear, trace_rect
from game.render.hud import draw_hud
from game.render.lanterns import LanternsPainter
from game.render.pacer_widget import draw_pacer, pacer_geometry
from game.render.painters import make_painter
from game.render.palette import Palette, get_palette
from game.render.scene_base import ScenePainter
from game.render.text import BODY, Fonts, recording_text
from game.render.trace import draw_trace
from game.render.view import FrameView

DT = 1 / 30
SIZES = [(800, 500), (1280, 720)]
SCENES = ["lake", "lanterns", "tree", "candle"]
LABEL_CONTRAST = 3.0  # WCAG's ratio for large text: the phase label is ~29 px


@pytest.fixture(autouse=True)
def _pygame():
    pygame.init()  # each test: the App fixture's test quits pygame when it closes
    yield


@pytest.fixture
def fonts() -> Fonts:
    return Fonts(1.0)


def breathing(seconds: float, *, inhale: float = 3.0, exhale: float = 7.0) -> Iterator[FrameView]:
    """A player following a guide: full exhales, breaths counted, a trace of the last 20 s."""
    cycle = inhale + exhale
    trace: list[tuple[float, float, float]] = []
    breaths, last = 0, 0.0
    for i in range(round(seconds / DT)):
        t = i * DT
        c = t % cycle
        if i > 0 and c < DT * 0.999:
            breaths, last = breaths + 1, exhale
        if c < inhale:
            phase, flow, size, name, left, ex = Phase.INHALE, 0.0, c / inhale, "inhale", inhale - c, 0.0
        else:
            e = c - inhale
            flow = 0.8 * min(1.0, e / 0.6) * (1.0 - 0.5 * e / exhale)
            phase, size, name, left, ex = Phase.EXHALE, 1.0 - e / exhale, "exhale", exhale - e, e
        trace.append((t, size, flow))
        del trace[:-600]
        yield FrameView(
            t=t,
            pacer_phase=name,
            pacer_size=size,
            pacer_phase_left_s=left,
            breath_phase=phase,
            flow=flow,
            exhale_s=ex,
            last_exhale_s=last,
            breaths=breaths,
            scene_earned=breaths,  # full exhales: each one earns what the scene gives
            calm=min(1.0, 0.3 + t / 60.0),
            trace=tuple(trace),
        )


def compose(surface: pygame.Surface, painter: ScenePainter, view: FrameView, pal: Palette, fonts: Fonts):
    """A play frame as the play scene draws it: the scene, the guide, the trace, the HUD."""
    size = surface.get_size()
    painter.draw(surface, view)
    draw_pacer(surface, guide_rect(size), view, pal, fonts)
    draw_trace(surface, trace_rect(size), view.trace, pal, fonts=fonts)
    draw_hud(surface, view, pal, fonts, title="A level")


def _linear(c: np.ndarray) -> np.ndarray:
    """sRGB channel values 0..1 made linear (WCAG)."""
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


# Every channel byte's linear value, worked out once: a table look-up per pixel instead of a power, the same
# numbers (each byte goes through the same formula), and most of these tests' time before.
_LINEAR = _linear(np.arange(256).astype(float) / 255.0)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB pixels (..., 3) of whole numbers 0..255."""
    rgb = np.asarray(rgb)
    assert rgb.dtype.kind in "iu", rgb.dtype
    return _LINEAR[rgb] @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def pixels(surface: pygame.Surface, rect: pygame.Rect) -> np.ndarray:
    rect = rect.clip(surface.get_rect())
    # Only the box is copied: copying the whole window each frame was most of these tests' time.
    return pygame.surfarray.array3d(surface.subsurface(rect))


@cache
def disc_mask(d: int) -> np.ndarray:
    """The pixels of a disc of diameter d (kept per diameter: the circle's few sizes recur every frame)."""
    yy, xx = np.mgrid[0:d, 0:d]
    mask = np.hypot(xx - d / 2 + 0.5, yy - d / 2 + 0.5) <= d / 2
    mask.flags.writeable = False  # shared: nobody may change it
    return mask


def behind_the_guide(surface: pygame.Surface, painter: ScenePainter, view: FrameView, pal, fonts):
    """The scene with the guide's backdrop on it: what the circle and its label are read against.

    Returns the label's text box and the box of the circle as drawn now.
    """
    rect = guide_rect(surface.get_size())
    (cx, cy), r_max, r_min, _bar = pacer_geometry(rect, fonts)
    r = r_min + (r_max - r_min) * view.pacer_size
    painter.draw(surface, view)
    label = pacer_widget._phase_label(view, lead_in=False)
    label_y = cy + r_max + max(4, r_max // 10)
    pacer_widget._draw_backdrop(surface, (cx, cy), r, label, label_y, pal, fonts)
    text = pygame.Rect((0, 0), fonts.get(BODY).size(label))
    text.midtop = (cx, label_y)
    circle = pygame.Rect(0, 0, 2 * round(r), 2 * round(r))
    circle.center = (cx, cy)
    return text, circle


@pytest.mark.parametrize(
    ("name", "size", "palette"),
    [
        *((n, s, "calm") for n in SCENES for s in SIZES),
        # The sail is the palette's brightest colour in every palette: the boat is the case to check.
        ("lake", (1280, 720), "high_contrast"),
        ("lake", (800, 500), "colour_blind"),
    ],
    ids=lambda v: f"{v[0]}x{v[1]}" if isinstance(v, tuple) else str(v),
)
def test_the_guide_and_its_label_keep_contrast_across_a_level(name, size, palette, fonts):
    pal = get_palette(palette)
    painter = make_painter(name, size, palette=pal, seed=3)
    surface = pygame.Surface(size)
    text_l = float(luminance(np.array(pal.text)))
    guide_l = float(luminance(np.array(pal.pacer)))
    worst_label, worst_circle = math.inf, math.inf
    for i, view in enumerate(breathing(150.0)):
        painter.update(view, DT)
        if i % 20:
            continue  # every 2/3 s: the boat crosses the label's box in about 20 s
        text, circle = behind_the_guide(surface, painter, view, pal, fonts)
        # The brightest 5 % of what is behind the words (a sail's edge, a lantern's core) still reads.
        bg = float(np.percentile(luminance(pixels(surface, text)), 95))
        worst_label = min(worst_label, contrast(text_l, bg))
        inside = disc_mask(circle.width)
        bg = float(np.percentile(luminance(pixels(surface, circle))[inside], 95))
        worst_circle = min(worst_circle, contrast(guide_l, bg))
    assert worst_label >= LABEL_CONTRAST, f"{name} {size}: the label fell to {worst_label:.2f}:1"
    assert worst_circle >= 2.0, f"{name} {size}: the circle fell to {worst_circle:.2f}:1"


@pytest.mark.parametrize("size", [(640, 400), *SIZES], ids=lambda s: f"{s[0]}x{s[1]}")
def test_released_lanterns_never_fly_in_front_of_the_guide(size):
    pal = get_palette("calm")
    painter = LanternsPainter(size, palette=pal, seed=11, params={"min_exhale_s": 3.0})
    box = guide_rect(size)
    w, h = size
    released_max = 0
    for i, view in enumerate(breathing(400.0, inhale=2.0, exhale=6.0)):
        painter.update(view, DT)
        if i % 15:
            continue
        released_max = max(released_max, painter.released)
        for lan in painter.lanterns:
            x, y = lan.x * w, lan.y * h
            # The body and most of the glow: within a lantern's glow radius of the guide's box is too close.
            reach = (48 + 70 * lan.brightness) * painter._perspective(lan.y) * painter.u * 0.6
            near = pygame.Rect(round(x - reach), round(y - reach), round(2 * reach), round(2 * reach))
            assert not near.colliderect(box), f"a lantern at ({x:.0f}, {y:.0f}) is over the guide {box}"
    assert released_max >= 30  # the sky filled: many lanterns, in every part of it the guide leaves


def test_lantern_sky_art_stays_out_of_the_guides_box(fonts):
    """Pixel check: inside the guide's box the lantern scene draws only its sky (and a twinkle or two)."""
    size = (1280, 720)
    pal = get_palette("calm")
    painter = LanternsPainter(size, palette=pal, seed=5, params={"min_exhale_s": 3.0})
    box = keep_clear(size)
    surface = pygame.Surface(size)
    for view in breathing(240.0, inhale=2.0, exhale=6.0):
        painter.update(view, DT)
    painter.draw(surface, view)
    sky = pixels(painter._background(surface), box).astype(int)
    drawn = pixels(surface, box).astype(int)
    changed = np.abs(drawn - sky).max(axis=2) > 24
    assert painter.released >= 20
    assert changed.mean() < 0.005, f"{changed.mean():.1%} of the guide's box is lantern art"


def test_the_play_scene_draws_the_guide_where_the_layout_says(app, monkeypatch):
    """Painters keep clear of guide_layout's box: the play scene must draw the guide there."""
    from game.scenes import play as play_mod  # noqa: PLC0415 - needs the App fixture's pygame

    drawn: list[pygame.Rect] = []
    real = play_mod.draw_pacer

    def spy(surface, rect, *args, **kwargs):
        drawn.append(pygame.Rect(rect))
        return real(surface, rect, *args, **kwargs)

    monkeypatch.setattr(play_mod, "draw_pacer", spy)
    level = app.catalog.campaign.levels[0]
    scene = play_mod.PlayScene(app, level, show_intro=False)
    scene.draw(app.screen)
    assert drawn == [guide_rect(app.screen.get_size())]


@pytest.mark.parametrize("size", [(640, 400), *SIZES], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("seed", [1, 7])
def test_the_grown_tree_keeps_left_of_the_guide(size, seed):
    """Pixel check: a grown, blossoming tree draws nothing in the guide's box that a sapling does not."""
    from game.render.tree import TreePainter  # noqa: PLC0415

    def drawn(steps: int) -> np.ndarray:
        painter = TreePainter(size, palette=get_palette("calm"), seed=seed)
        painter.update(FrameView(), DT)
        for b in range(1, steps + 1):
            painter.update(FrameView(breaths=b, last_exhale_s=6.0, calm=0.8), DT)
            for _ in range(round(2.0 / DT)):
                painter.update(FrameView(breaths=b, calm=0.8, reduced_motion=True), DT)
        surface = pygame.Surface(size)
        painter.draw(surface, FrameView(breaths=steps, calm=0.8, reduced_motion=True))
        return pixels(surface, keep_clear(size)).astype(int)

    changed = np.abs(drawn(24) - drawn(0)).max(axis=2) > 24
    assert changed.mean() < 0.002, f"{changed.mean():.1%} of the guide's box is tree"


@pytest.mark.parametrize("size", [*SIZES, (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_play_screens_words_fit_and_never_overlap(size, fonts):
    """The guide's labels and the HUD, frame after frame: inside the window, apart. (At 640x400 the guide's
    "you" still meets the HUD's "last exhale": the play layout for small windows is issue 14, item 3.)"""
    pal = get_palette("calm")
    painter = make_painter("lake", size, palette=pal, seed=3)
    surface = pygame.Surface(size)
    window = surface.get_rect()
    for i, view in enumerate(breathing(30.0)):
        painter.update(view, DT)
        if i % 45:
            continue
        with recording_text(on=surface) as drawn:  # the trace's legend lives in its own layer
            compose(surface, painter, view, pal, fonts)
        assert not [f"{t!r} {r}" for t, r in drawn if not window.contains(r)]
        # The HUD draws each word twice (a soft shadow, then the word): one box per distinct text.
        boxes = {t: r for t, r in drawn}
        items = list(boxes.items())
        clashes = [
            f"{a!r} {ra} / {b!r} {rb}"
            for j, (a, ra) in enumerate(items)
            for b, rb in items[j + 1 :]
            if ra.colliderect(rb)
        ]
        assert not clashes, clashes
