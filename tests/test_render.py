"""Headless tests of the scene painters and widgets: they draw, deterministically, calmly."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import math  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from breath_input.types import Phase  # noqa: E402
from game.render.guide_layout import guide_rect, trace_rect  # noqa: E402
from game.render.hud import draw_hud  # noqa: E402
from game.render.lake import LakePainter, boat_draw_xs  # noqa: E402
from game.render.lanterns import LanternsPainter  # noqa: E402
from game.render.pacer_widget import draw_pacer, pacer_geometry  # noqa: E402
from game.render.painters import make_painter, painter_names  # noqa: E402
from game.render.palette import PALETTES, get_palette  # noqa: E402
from game.render.scene_base import ScenePainter  # noqa: E402
from game.render.text import BODY, Fonts, draw_text, draw_wrapped  # noqa: E402
from game.render.trace import draw_trace  # noqa: E402
from game.render.view import FrameView  # noqa: E402

DT = 1 / 60
SIZE = (1280, 720)
CALM = get_palette("calm")


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield
    pygame.quit()


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    return Fonts(1.0)


def breathing(
    seconds: float,
    *,
    inhale: float = 4.0,
    exhale: float = 6.0,
    peak: float = 0.8,
    lead_in: float = 0.0,
    reduced_motion: bool = False,
) -> Iterator[FrameView]:
    """Views of a plausible session: lead-in, then inhale/exhale cycles with a tapering exhale flow."""
    cycle = inhale + exhale
    trace: list[tuple[float, float, float]] = []
    breaths, last = 0, 0.0
    for i in range(round(seconds / DT)):
        t = i * DT - lead_in
        if t < 0:
            yield FrameView(t=t, lead_in_left=-t, pacer_phase="inhale", reduced_motion=reduced_motion)
            continue
        c = t % cycle
        if i > 0 and c < DT * 0.999 and t > DT:
            breaths += 1
            last = exhale
        if c < inhale:
            phase, flow, size, name, left, ex = Phase.INHALE, 0.0, c / inhale, "inhale", inhale - c, 0.0
        else:
            e = c - inhale
            flow = peak * min(1.0, e / 0.6) * (1.0 - 0.5 * e / exhale)
            phase, size, name, left, ex = Phase.EXHALE, 1.0 - e / exhale, "exhale", exhale - e, e
        trace.append((t, size, flow))
        del trace[:-1200]
        yield FrameView(
            t=t,
            pacer_phase=name,
            pacer_progress=0.0,
            pacer_size=size,
            pacer_phase_left_s=left,
            breath_phase=phase,
            flow=flow,
            exhale_s=ex,
            last_exhale_s=last,
            breaths=breaths,
            scene_earned=breaths,  # each full exhale earns what the scene gives (game/sim/scene_rules.py)
            calm=min(1.0, 0.3 + t / 60.0),
            trace=tuple(trace),
            reduced_motion=reduced_motion,
        )


def rgb24(surface: pygame.Surface) -> np.ndarray:
    """Each pixel's colour as one number 0xRRGGBB, indexed [x, y] as surfarray is: a copy, 4 bytes a pixel."""
    assert surface.get_masks()[:3] == (0xFF0000, 0x00FF00, 0x0000FF), surface.get_masks()
    return pygame.surfarray.pixels2d(surface) & 0xFFFFFF


def run(painter: ScenePainter, views, surface: pygame.Surface | None = None) -> pygame.Surface:
    surface = surface or pygame.Surface(painter.size)
    view = FrameView()
    for view in views:
        painter.update(view, DT)
    painter.draw(surface, view)
    return surface


# -- registry, palettes, text ----------------------------------------------------------------------


def test_registry_knows_both_scenes_and_rejects_others():
    assert set(painter_names()) == {"lake", "lanterns", "candle", "tree"}
    assert isinstance(make_painter("lake", SIZE, palette=CALM), LakePainter)
    assert isinstance(make_painter("lanterns", SIZE, palette=CALM), LanternsPainter)
    with pytest.raises(ValueError, match="lake.*lanterns"):
        make_painter("candle-ish", SIZE, palette=CALM)


def test_palettes():
    assert set(PALETTES) == {"calm", "high_contrast", "colour_blind"}
    assert get_palette("nope") is get_palette("calm")
    assert get_palette(None) is get_palette("calm")
    for p in PALETTES.values():
        assert p.pacer != p.player  # the guide and the player's breath must be told apart


def test_bad_params_fall_back_to_defaults():
    lake = LakePainter(SIZE, params={"wind": "yes", "time_of_day": "noonish"}, palette=CALM)
    assert lake.wind == 0.35 and lake.time_of_day == "dusk"
    assert len(lake.param_warnings) == 2
    assert LakePainter(SIZE, params={"wind": True}, palette=CALM).wind == 0.35  # bool is not a number
    lan = LanternsPainter(SIZE, params={"min_exhale_s": 6}, palette=CALM)
    assert lan.min_exhale_s == 6.0


def test_text_helpers(fonts):
    surf = pygame.Surface((400, 300))
    rect = draw_text(surf, "breathe out", (200, 150), BODY, (255, 255, 255), anchor="center", fonts=fonts)
    assert rect.center == (200, 150)
    assert fonts.get(BODY).get_linesize() >= 28  # body text is large
    one = draw_wrapped(surf, "short", (0, 0, 400, 300), BODY, (255, 255, 255), fonts)
    many = draw_wrapped(surf, "a much longer notice " * 6, (0, 0, 400, 300), BODY, (255, 255, 255), fonts)
    assert 0 < one < many <= 300
    with pytest.raises(ValueError):
        draw_text(surf, "x", (0, 0), BODY, (0, 0, 0), anchor="middle", fonts=fonts)


# -- painters draw everywhere ----------------------------------------------------------------------

PHASE_VIEWS = [
    FrameView(t=-2.5, lead_in_left=2.5),
    FrameView(pacer_phase="inhale", pacer_size=0.4, breath_phase=Phase.INHALE),
    FrameView(pacer_phase="inhale2", pacer_size=0.9, breath_phase=Phase.INHALE, confidence=0.2),
    FrameView(pacer_phase="hold_in", pacer_size=1.0, breath_phase=Phase.HOLD),
    FrameView(pacer_phase="exhale", pacer_size=0.5, breath_phase=Phase.EXHALE, flow=1.0, exhale_s=5.0),
    FrameView(pacer_phase="hold_out", pacer_size=0.0, breath_phase=Phase.PAUSE, breaths=3, last_exhale_s=7.5),
    FrameView(pacer_phase="done", calm=1.0, show_pacer=False, reduced_motion=True),
    FrameView(flow=3.0, calm=-1.0, pacer_size=2.0, confidence=-1.0),  # out-of-range values are clamped
]


@pytest.mark.parametrize("name", ["lake", "lanterns", "candle", "tree"])
@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_painter_draws_every_phase_and_size(name, palette, fonts):
    pal = get_palette(palette)
    params = {"time_of_day": "night"} if palette == "colour_blind" else None
    painter = make_painter(name, (320, 180), params=params, palette=pal, seed=3)
    for size in [(320, 180), (1280, 720), (1000, 1000), (1, 1)]:
        painter.resize(size)
        surface = pygame.Surface(size)
        frames = []
        for view in PHASE_VIEWS:
            painter.update(view, DT)
            painter.draw(surface, view)
            rect = surface.get_rect()
            draw_pacer(
                surface, pygame.Rect(rect.w * 3 // 4, rect.h // 2, rect.w // 4, rect.h // 2), view, pal, fonts
            )
            draw_trace(
                surface,
                pygame.Rect(0, rect.h * 3 // 4, rect.w // 2, rect.h // 4),
                view.trace,
                pal,
                fonts=fonts,
            )
            # Each pixel's colour as one 24-bit number (rgb24): the same pixels as pixels3d, copied as one
            # int each and compared in one pass instead of three channels of a strided view.
            frames.append(scene_only := rgb24(surface))
            draw_hud(
                surface, view, pal, fonts, title="First breaths", notice="Microphone not found.", muted=True
            )
            if size != (1, 1):
                assert not np.array_equal(rgb24(surface), scene_only), "the HUD drew"
        if size == (1, 1):
            continue  # a 1x1 window only has to survive
        for frame in frames:
            colours = np.unique(frame[::8, ::8])  # distinct colours, as 24-bit numbers
            assert len(colours) > 20, f"{name} {size}: a scene, not a fill"
        assert not np.array_equal(frames[4], frames[1]), f"{name} {size}: the guide answers the phase"


@pytest.mark.parametrize("name", ["lake", "lanterns", "candle", "tree"])
def test_time_of_day_variants_draw(name):
    def drawn(params: dict[str, object]) -> pygame.Surface:
        return run(make_painter(name, (640, 360), params=params, palette=CALM), breathing(3))

    light = {tod: _luminance(drawn({"time_of_day": tod})) for tod in ("dusk", "day", "night")}
    if name == "lake":
        assert light["day"] > light["dusk"] > light["night"], light
    else:  # a lake setting: other scenes ignore it and draw as they always do
        plain = pygame.image.tobytes(drawn({}), "RGB")
        assert all(pygame.image.tobytes(drawn({"time_of_day": t}), "RGB") == plain for t in light)


def test_set_palette_rebuilds():
    painter = make_painter("lake", (640, 360), palette=CALM)
    a = pygame.image.tobytes(run(painter, breathing(0.1)), "RGB")
    painter.set_palette(get_palette("high_contrast"))
    b = pygame.image.tobytes(run(painter, breathing(0.1)), "RGB")
    assert a != b


# -- determinism -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["lake", "lanterns", "candle", "tree"])
def test_same_views_same_pixels(name):
    frames = []
    for _ in range(2):
        painter = make_painter(name, (640, 360), palette=CALM, seed=7)
        frames.append(pygame.image.tobytes(run(painter, breathing(25)), "RGB"))
    assert frames[0] == frames[1]
    other = make_painter(name, (640, 360), palette=CALM, seed=8)
    assert pygame.image.tobytes(run(other, breathing(25)), "RGB") != frames[0]


def test_draw_does_not_change_state():
    painter = make_painter("lanterns", (640, 360), palette=CALM)
    surface = run(painter, breathing(25))
    view = FrameView(flow=0.5, breath_phase=Phase.EXHALE)
    painter.draw(surface, view)
    a = pygame.image.tobytes(surface, "RGB")
    painter.draw(surface, view)
    assert pygame.image.tobytes(surface, "RGB") == a


# -- the lake's sail ---------------------------------------------------------------------------------


def _sail_pixels(flow: float) -> int:
    painter = LakePainter(SIZE, palette=CALM)
    phase = Phase.EXHALE if flow > 0 else Phase.INHALE
    # Reduced motion keeps the boat in place, so only the sail can differ.
    views = [FrameView(flow=flow, breath_phase=phase, reduced_motion=True) for _ in range(120)]
    surface = run(painter, views)
    x0, y0 = painter.boat_pos(views[-1])
    L = painter.hull
    box = pygame.Rect(round(x0 - 1.2 * L), round(y0 - 1.3 * L), round(2.4 * L), round(1.15 * L))
    px = pygame.surfarray.array3d(surface.subsurface(box)).astype(int)
    sail = np.array(CALM.sail)
    # Pixels close to the sail's lit or shaded tones (anything much brighter than the dusk behind it).
    return int((np.abs(px - sail).sum(axis=2) < 150).sum())


def test_sail_fills_with_flow():
    slack, full = _sail_pixels(0.0), _sail_pixels(1.0)
    assert slack > 500  # there is a sail
    assert full > slack * 1.25, (slack, full)


def test_boat_glides_only_while_exhaling():
    painter = LakePainter(SIZE, palette=CALM)
    start = painter.boat_u
    run(painter, [FrameView(breath_phase=Phase.INHALE) for _ in range(240)])
    assert painter.boat_u == pytest.approx(start)
    run(painter, [FrameView(breath_phase=Phase.EXHALE, flow=0.9) for _ in range(240)])
    assert painter.boat_u > start


# -- the lake's boat at the screen edges -----------------------------------------------------------


def _visible(x: float, width: float, back: float, front: float) -> float:
    """Pixels of [x - back, x + front] inside [0, width]."""
    return max(0.0, min(width, x + front) - max(0.0, x - back))


def test_boat_is_drawn_once_away_from_the_edges():
    assert boat_draw_xs(640.0, width=1280, back=60, front=50) == (640.0,)
    assert boat_draw_xs(640.0 + 3 * 1280, width=1280, back=60, front=50) == (640.0,)  # wrapped


def test_boat_straddling_an_edge_is_drawn_again_at_the_other_edge():
    # Bow past the right edge: the bow shows at the left edge.
    assert boat_draw_xs(1260.0, width=1280, back=60, front=50) == (1260.0, -20.0)
    # Stern past the left edge: the stern shows at the right edge.
    assert boat_draw_xs(30.0, width=1280, back=60, front=50) == (30.0, 1310.0)
    assert boat_draw_xs(-20.0, width=1280, back=60, front=50) == (1260.0, -20.0)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_whole_boat_is_always_on_screen_somewhere(width):
    # Across every position, edges included, the copies together show the boat's full length exactly once.
    back, front = 60.0, 50.0
    for i in range(4 * width):
        x = i / 4
        xs = boat_draw_xs(x, width=width, back=back, front=front)
        assert all(-front <= c < width + back for c in xs), (x, xs)
        assert sum(_visible(c, width, back, front) for c in xs) == pytest.approx(back + front), (x, xs)


def test_lake_boat_at_the_right_edge_shows_its_bow_at_the_left_edge():
    painter = LakePainter((640, 360), palette=CALM)
    L = painter.hull
    exhale = FrameView(breath_phase=Phase.EXHALE, flow=0.9)
    for _ in range(60 * 120):  # glide until the bow is past the right edge (about 10 s at full sail)
        painter.update(exhale, DT)
        x, y0 = painter.boat_pos(exhale)
        if painter.width - 0.4 * L < x < painter.width - 0.2 * L:
            break
    else:
        pytest.fail("the boat never reached the right edge")
    surface = pygame.Surface(painter.size)
    painter.draw(surface, exhale)
    sail = np.array(CALM.sail)

    def sail_pixels(left: int, right: int) -> int:
        strip = pygame.Rect(left, round(y0 - 1.2 * L), right - left, round(L))
        px = pygame.surfarray.array3d(surface.subsurface(strip)).astype(int)
        return int((np.abs(px - sail).sum(axis=2) < 150).sum())

    assert sail_pixels(painter.width - round(0.2 * L), painter.width) > 20  # the sail at the right edge
    assert sail_pixels(0, round(0.2 * L)) > 20  # and the jib past it, at the left edge


# -- lanterns --------------------------------------------------------------------------------------


def _exhale_then_count(painter: LanternsPainter, exhale_s: float, breaths: int, *, earned: int) -> None:
    """An exhale, then the breath counted with the lanterns the simulation has released by then."""
    before = painter.released
    for i in range(round(exhale_s / DT)):
        view = FrameView(
            breath_phase=Phase.EXHALE, flow=0.7, exhale_s=i * DT, breaths=breaths - 1, scene_earned=before
        )
        painter.update(view, DT)
    counted = FrameView(
        breath_phase=Phase.INHALE, breaths=breaths, last_exhale_s=exhale_s, scene_earned=earned
    )
    painter.update(counted, DT)


def test_each_release_sends_a_lantern_up_and_longer_exhales_fly_higher():
    painter = LanternsPainter(SIZE, palette=CALM)
    painter.update(FrameView(breaths=0), DT)
    _exhale_then_count(painter, 2.0, 1, earned=0)  # the rule released none for it
    assert painter.lanterns == [] and painter.released == 0
    _exhale_then_count(painter, 5.0, 2, earned=1)
    assert len(painter.lanterns) == 1 and painter.released == 1
    _exhale_then_count(painter, 9.0, 3, earned=2)
    short, long = painter.lanterns
    assert long.brightness > short.brightness
    assert long.target_y < short.target_y  # higher in the sky
    y0 = long.y
    run(painter, [FrameView(breaths=3) for _ in range(300)])
    assert long.y < y0  # rising


def test_the_sky_holds_max_lanterns_however_many_are_released():
    painter = LanternsPainter(SIZE, params={"min_exhale_s": 2, "max_lanterns": 5}, palette=CALM)
    painter.update(FrameView(breaths=0), DT)
    for b in range(1, 31):
        painter.update(FrameView(breaths=b, last_exhale_s=2.5, scene_earned=b), DT)
    assert painter.released == 30
    assert len(painter.lanterns) <= 5 + 8
    run(painter, [FrameView(breaths=30) for _ in range(round(5 / DT))])
    assert len([lan for lan in painter.lanterns if not lan.retired]) <= 5
    assert len(painter.lanterns) <= 5


def test_held_lantern_glows_with_exhale():
    painter = LanternsPainter(SIZE, palette=CALM)
    dim = painter.glow
    run(painter, [FrameView(breath_phase=Phase.EXHALE, flow=0.9, exhale_s=i * DT) for i in range(180)])
    assert painter.glow > dim + 0.4


# -- pacer ------------------------------------------------------------------------------------------


def _pacer_pixels(size: float, fonts: Fonts) -> int:
    surface = pygame.Surface((400, 400))
    rect = pygame.Rect(0, 0, 400, 400)
    draw_pacer(surface, rect, FrameView(pacer_phase="hold_in", pacer_size=size), CALM, fonts)
    (cx, cy), r_max, _, _ = pacer_geometry(rect, fonts)
    px = pygame.surfarray.array3d(surface).astype(int)
    px = px[max(0, cx - r_max) : cx + r_max, max(0, cy - r_max) : cy + r_max]
    pacer = np.array(CALM.pacer)
    # Over black, the translucent disc is the pacer colour scaled down: compare directions and brightness.
    norm = np.linalg.norm(px, axis=2) + 1e-6
    cos = (px @ pacer) / (norm * np.linalg.norm(pacer))
    return int(((cos > 0.98) & (norm > 0.5 * np.linalg.norm(pacer))).sum())


def test_pacer_grows_with_size(fonts):
    small, big = _pacer_pixels(0.0, fonts), _pacer_pixels(1.0, fonts)
    assert small > 100
    assert big > 4 * small, (small, big)


def test_pacer_lead_in_and_faint_mode(fonts):
    surface = pygame.Surface((400, 400))
    for left in (3.0, 2.5, 1.01, 0.2):
        draw_pacer(surface, surface.get_rect(), FrameView(lead_in_left=left), CALM, fonts)
    bright = pygame.Surface((400, 400))
    faint = pygame.Surface((400, 400))
    draw_pacer(bright, bright.get_rect(), FrameView(pacer_size=1.0), CALM, fonts)
    draw_pacer(faint, faint.get_rect(), FrameView(pacer_size=1.0, show_pacer=False), CALM, fonts)
    assert pygame.surfarray.array3d(faint).sum() < 0.6 * pygame.surfarray.array3d(bright).sum()


def test_trace_handles_empty_and_long_traces():
    def drawn(trace) -> np.ndarray:
        surface = pygame.Surface((600, 200))
        draw_trace(surface, surface.get_rect(), trace, CALM, window_s=20)
        return pygame.surfarray.array3d(surface)

    empty = drawn(())
    long = tuple((i / 60, 0.5 + 0.5 * math.sin(i / 60), max(0.0, math.cos(i / 60))) for i in range(3600))
    full = drawn(long)
    assert (np.abs(full - empty).sum(axis=2) > 30).sum() > 500, "a long trace draws its lines"
    last = tuple(s for s in long if s[0] >= long[-1][0] - 25.0)
    assert np.array_equal(full, drawn(last)), "only the last 20 s are drawn: older samples change nothing"


# -- calm on screen ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["lake", "lanterns", "candle"])
def test_reduced_motion_keeps_the_water_still(name):
    painter = make_painter(name, SIZE, palette=CALM, seed=2)
    # Short exhales only: no lantern is released to cross the water.
    views = list(breathing(12, exhale=3.0, reduced_motion=True))
    surface = pygame.Surface(SIZE)
    frames = []
    for i, view in enumerate(views):
        painter.update(view, DT)
        if i in (60, 400, 700):
            painter.draw(surface, view)
            frames.append(pygame.surfarray.array3d(surface).astype(int))
    w, h = SIZE
    top = round(h * 0.72) if name == "lanterns" else round(h * 0.58)
    # The boat (lake) or the held lantern (lanterns) sits in the middle and may change with the breath.
    left, right = w // 2 - 260, w // 2 + 260
    for frame in frames[1:]:
        for cols in (slice(0, left), slice(right, w)):
            diff = np.abs(frame[cols, top:] - frames[0][cols, top:])
            assert diff.max() <= 2 or (diff > 8).mean() < 0.001


def _luminance(surface: pygame.Surface, step: int = 4) -> float:
    """Mean luminance of every `step`-th pixel, from the channels' integer sums (the mean is linear)."""
    px = rgb24(surface)[::step, ::step]
    r, g, b = (int(((px >> s) & 255).sum(dtype=np.int64)) for s in (16, 8, 0))
    return (r * 0.2126 + g * 0.7152 + b * 0.0722) / px.size


@pytest.mark.parametrize("name", ["lake", "lanterns", "candle", "tree"])
def test_no_flashing(name, fonts):
    """PRODUCT.md section 5: never more than 3 flashes per second (here: a 10% full-scale jump in
    mean luminance from one frame to the next)."""
    # The smallest window, 640x400, with the guide and the trace where the play screen puts them at that
    # size: a flash is a jump in mean luminance, not about the picture's size. Every frame is drawn and
    # compared with the one before; every 2nd pixel is as dense, for the size, as every 4th at 1280x720.
    size = (640, 400)
    painter = make_painter(name, size, params={"min_exhale_s": 3}, palette=CALM, seed=5)
    surface = pygame.Surface(size)
    lums = []
    for view in breathing(10, inhale=2.0, exhale=3.5, peak=1.0, lead_in=3.0):
        painter.update(view, DT)
        painter.draw(surface, view)
        draw_pacer(surface, guide_rect(size), view, CALM, fonts)
        draw_trace(surface, trace_rect(size), view.trace, CALM, fonts=fonts)
        draw_hud(surface, view, CALM, fonts, title="Test", notice=None, muted=False)
        lums.append(_luminance(surface, 2))
    if name == "lanterns":
        assert painter.released >= 1
    jumps = np.abs(np.diff(lums)) > 0.10 * 255
    per_second = np.convolve(jumps.astype(int), np.ones(60, dtype=int), mode="valid")
    assert per_second.max() <= 3
    # Stronger than required: nothing should come close to a flash at all.
    assert np.abs(np.diff(lums)).max() < 0.03 * 255


def test_faded_text_leaves_no_box_on_later_full_blits():
    """A cached line drawn faded once (the 3-2-1 does this) must still blend when drawn opaque later."""
    from game.render.text import Fonts, draw_text

    fonts = Fonts()
    dark = (10, 10, 30)
    surface = pygame.Surface((400, 300))
    surface.fill(dark)
    draw_text(surface, "3", (200, 150), 180, (255, 255, 255), anchor="center", fonts=fonts, alpha=120)
    surface.fill(dark)
    rect = draw_text(surface, "3", (200, 150), 180, (255, 255, 255), anchor="center", fonts=fonts)
    assert surface.get_at((rect.left + 1, rect.top + 1))[:3] == dark, (
        "the corner of the glyph box stays clear"
    )


def test_trace_lines_pass_under_the_legend_never_across_its_words(fonts):
    rect = pygame.Rect(20, 60, 660, 120)
    top = [(i / 60, 1.0, 1.0) for i in range(1200)]  # both lines along the top edge, through the legend
    bottom = [(i / 60, 0.0, 0.0) for i in range(1200)]  # both along the bottom, far from it
    shots = []
    for trace in (top, bottom):
        surface = pygame.Surface((700, 200))
        surface.fill((40, 50, 90))
        draw_trace(surface, rect, trace, CALM, fonts=fonts)
        shots.append(pygame.surfarray.array3d(surface))
    legend = (slice(rect.left + 22, rect.left + 110), slice(rect.top + 10, rect.top + 30))  # "guide  you"
    assert np.array_equal(shots[0][legend], shots[1][legend])
    assert not np.array_equal(shots[0], shots[1])  # the lines did move


def test_a_level_with_its_pacer_hidden_draws_no_guide_line(fonts):
    from game.render.trace import TraceLayer

    rect = pygame.Rect(20, 60, 660, 120)
    guide_only = [(i / 20, 0.8 if (i // 60) % 2 else 0.0, 0.0) for i in range(400)]  # the guide, no breath
    shots = []
    for show in (True, False):
        surface = pygame.Surface((700, 200))
        TraceLayer().draw(surface, rect, guide_only, CALM, fonts=fonts, show_guide=show)
        px = pygame.surfarray.array3d(surface)[rect.left + 200 : rect.right - 10, rect.top + 30 : rect.bottom]
        shots.append(int((np.abs(px.astype(int) - np.array(CALM.pacer)).sum(axis=2) < 60).sum()))
    assert shots[0] > 50 and shots[1] == 0, shots  # the guide's colour shows only when the guide is shown
