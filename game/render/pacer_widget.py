"""The pacer: a soft circle that grows on inhale and shrinks on exhale, beside the player's own breath."""

from __future__ import annotations

import math

import pygame

from game.render.palette import Palette, mix
from game.render.play_overlays import draw_cue
from game.render.scene_base import clamp01, glow_sprite, smoothstep
from game.render.text import BODY, HUGE, SMALL, Fonts, draw_text
from game.render.view import FrameView

PHASE_LABELS = {
    "inhale": "breathe in",
    "inhale2": "top up",
    "hold_in": "hold",
    "exhale": "breathe out",
    "hold_out": "hold",
    "done": "well done",
}

_LOW_CONFIDENCE = 0.35
# The soft backdrop behind the guide: scene art (a white sail, a lantern's glow) passes behind it, never
# between the player and the circle or its words.
_DISC_ALPHA = 122
_LABEL_ALPHA = 165
_backdrops: dict[tuple[object, ...], pygame.Surface] = {}


def phase_colour(phase: str, palette: Palette):
    """The colour that names a pacer phase (inhale, hold or exhale)."""
    if phase in ("inhale", "inhale2"):
        return palette.inhale
    if phase in ("hold_in", "hold_out"):
        return palette.hold
    if phase == "exhale":
        return palette.exhale
    return palette.pacer


def pacer_geometry(rect: pygame.Rect, fonts: Fonts) -> tuple[tuple[int, int], int, int, pygame.Rect]:
    """Where the pacer draws inside ``rect``: circle centre, its largest and smallest radius, the breath bar.

    Exposed so tests and layouts agree with the drawing.
    """
    label_h = fonts.get(BODY).get_linesize() + fonts.get(SMALL).get_linesize()
    bar_w = max(6, round(rect.width * 0.06))
    gap = max(4, round(rect.width * 0.05))
    avail_w = rect.width - bar_w - gap
    avail_h = rect.height - label_h - gap
    r_max = max(4, min(avail_w, avail_h) // 2)
    r_min = max(2, round(r_max * 0.32))
    cx = rect.left + avail_w // 2
    cy = rect.top + max(r_max, avail_h // 2)
    bar = pygame.Rect(rect.right - bar_w, cy - r_max, bar_w, 2 * r_max)
    return (cx, cy), r_max, r_min, bar


def draw_pacer(
    surface: pygame.Surface, rect: pygame.Rect, view: FrameView, palette: Palette, fonts: Fonts
) -> None:
    """Draw the pacer circle, its phase label and countdown, and the player's live breath in ``rect``."""
    rect = pygame.Rect(rect)
    if rect.width < 8 or rect.height < 8:
        return
    (cx, cy), r_max, r_min, bar = pacer_geometry(rect, fonts)
    lead_in = view.lead_in_left > 0
    # Free-breathing levels and the lead-in show the guide faintly: there is nothing to follow yet.
    strength = 1.0 if view.show_pacer else 0.3
    if lead_in:
        strength *= 0.5

    label = _phase_label(view, lead_in)
    label_y = cy + r_max + max(4, r_max // 10)
    size = clamp01(view.pacer_size)
    r = r_min + (r_max - r_min) * size
    _draw_backdrop(surface, (cx, cy), r, label, label_y, palette, fonts)

    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    lx, ly = cx - rect.left, cy - rect.top
    colour = palette.pacer
    ring_colour = phase_colour(view.pacer_phase, palette)

    # The guide ring shows the full size so the player can see how far there is to go.
    pygame.draw.circle(layer, (*palette.text_dim, round(70 * strength)), (lx, ly), r_max, max(1, r_max // 40))
    # Soft edge: a few wider, fainter discs under the core. Filled circles write RGBA straight into the
    # layer, so each smaller disc replaces the one below it and the result is a stepped radial fade.
    halo = max(2, round(r_max * 0.08))
    for i, a in ((3, 30), (2, 55), (1, 90)):
        pygame.draw.circle(layer, (*colour, round(a * strength)), (lx, ly), round(r + halo * i / 3))
    for i, a in ((0, 175), (1, 195), (2, 215)):
        pygame.draw.circle(
            layer,
            (*mix(colour, palette.text, 0.12 * i), round(a * strength)),
            (lx, ly),
            round(r * (1 - 0.2 * i)),
        )
    pygame.draw.circle(layer, (*ring_colour, round(230 * strength)), (lx, ly), round(r), max(2, r_max // 24))

    # The player's breath: a bar filled by flow, faded when the detector is unsure.
    conf = clamp01(view.confidence)
    fade = 0.3 + 0.7 * conf
    bx, by = bar.left - rect.left, bar.top - rect.top
    radius = bar.width // 2
    pygame.draw.rect(
        layer, (*palette.panel, round(150 * fade)), (bx, by, bar.width, bar.height), border_radius=radius
    )
    fill_h = round(bar.height * clamp01(view.flow))
    if fill_h > 0:
        pygame.draw.rect(
            layer,
            (*palette.player, round(235 * fade)),
            (bx, by + bar.height - fill_h, bar.width, fill_h),
            border_radius=radius,
        )
    pygame.draw.rect(
        layer, (*palette.text_dim, round(120 * fade)), (bx, by, bar.width, bar.height), 1, radius
    )
    surface.blit(layer, rect.topleft)

    # Labels under the circle.
    text_alpha = round(255 * (1.0 if view.show_pacer else 0.6))
    draw_text(
        surface, label, (cx, label_y), BODY, palette.text, anchor="midtop", fonts=fonts, alpha=text_alpha
    )
    sub_y = label_y + fonts.get(BODY).get_linesize()
    if conf < _LOW_CONFIDENCE:
        draw_text(surface, "signal faint", (cx, sub_y), SMALL, palette.text_dim, anchor="midtop", fonts=fonts)
    # A stage's cue or the phase's words, under the label: with the guide, wherever it is drawn, and fading
    # with it as the level ends.
    draw_cue(
        surface, view.cue, (cx, sub_y + fonts.get(SMALL).get_linesize()), rect.width + 140, palette, fonts
    )
    draw_text(
        # Above the bar: below it, the phase label under the circle would run into it.
        surface,
        "you",
        (bar.centerx, bar.top - 4),
        SMALL,
        palette.text_dim,
        anchor="midbottom",
        fonts=fonts,
    )

    if lead_in:
        _draw_count_in(surface, (cx, cy), view.lead_in_left, palette, fonts)


def _phase_label(view: FrameView, lead_in: bool) -> str:
    if lead_in:
        return "get ready"
    if not view.show_pacer:
        return "breathe freely"
    label = PHASE_LABELS.get(view.pacer_phase, view.pacer_phase.replace("_", " "))
    if view.pacer_phase != "done" and view.pacer_phase_left_s > 0:
        label = f"{label}  {math.ceil(view.pacer_phase_left_s - 1e-6)}"
    return label


def label_box(centre_x: int, label_y: int, fonts: Fonts) -> pygame.Rect:
    """The box the phase label and the "signal faint" line under it may take (widest label, both lines)."""
    w = fonts.get(BODY).size("breathe freely  00")[0]
    h = fonts.get(BODY).get_linesize() + fonts.get(SMALL).get_linesize()
    return pygame.Rect(centre_x - w // 2, label_y, w, h)


def _draw_backdrop(
    surface: pygame.Surface,
    centre: tuple[int, int],
    r: float,
    label: str,
    label_y: int,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """A soft dusk under the circle as it is now (``r``) and a soft pill behind the label, both feathered
    to nothing."""
    radius = 4 * max(2, round(r * 1.45 / 4))  # a few sizes only: each new one costs a numpy build
    disc = _cached(("disc", radius, palette.panel), lambda: _disc(radius, palette.panel))
    surface.blit(disc, disc.get_rect(center=centre))
    font = fonts.get(BODY)
    # The pill's width steps with the label's words, not its countdown, so it never twitches.
    words = label.rstrip("0123456789 ")
    tw, th = font.size(f"{words}  0" if words != label else label)
    pill = _cached(("pill", tw, th, palette.panel), lambda: _pill(tw, th, palette.panel))
    surface.blit(pill, pill.get_rect(midtop=(centre[0], label_y - (pill.get_height() - th) // 2)))


def _cached(key: tuple[object, ...], build) -> pygame.Surface:
    sprite = _backdrops.get(key)
    if sprite is None:
        if len(_backdrops) > 48:
            _backdrops.clear()
        sprite = _backdrops[key] = build()
    return sprite


def _disc(radius: int, colour: tuple[int, int, int]) -> pygame.Surface:
    disc = glow_sprite(radius, colour, falloff=1.6, core=0.5)
    disc.set_alpha(_DISC_ALPHA)
    return disc


def _pill(text_w: int, text_h: int, colour: tuple[int, int, int]) -> pygame.Surface:
    # A rounded box blurred: the edge fades over a few pixels with no ring to see.
    blur = max(3, text_h // 4)
    pad_x, pad_y = text_h // 2 + 2 * blur, text_h // 6 + 2 * blur
    pill = pygame.Surface((text_w + 2 * pad_x, text_h + 2 * pad_y), pygame.SRCALPHA)
    body = pill.get_rect().inflate(-2 * blur, -2 * blur)
    pygame.draw.rect(pill, (*colour, _LABEL_ALPHA), body, border_radius=body.height // 2)
    return pygame.transform.gaussian_blur(pill, blur)


def _draw_count_in(
    surface: pygame.Surface, centre: tuple[int, int], left: float, palette: Palette, fonts: Fonts
) -> None:
    # 3-2-1: each number eases in and out within its second so nothing ever snaps on.
    n = math.ceil(left - 1e-6)
    if n <= 0:
        return
    frac = n - left  # 0 at the start of this number's second, ->1 at its end
    alpha = 255 * smoothstep(frac / 0.3) * smoothstep((1.0 - frac) / 0.3)
    draw_text(surface, str(n), centre, HUGE, palette.text, anchor="center", fonts=fonts, alpha=round(alpha))
