"""What a level is, before it starts: its length, its breath, its goals, and a small picture of its scene.

Used by the intro card (drawn over the waiting scene) and by level select. Every size comes from the
window (``screen_scale``), and what does not fit a short window is left out, least needed first.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from dataclasses import dataclass

import pygame

from game.content.model import Level
from game.render.painters import make_painter
from game.render.palette import RGB, Palette
from game.render.stars import draw_star
from game.render.text import TITLE, Fonts, draw_text, draw_wrapped, fit_size, screen_scale, wrapped_height
from game.render.view import FrameView
from game.sim.level_words import breath_words, goal_words, length_words

_PICTURE_BREATHS = 10
_pictures: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()


def scene_picture(level: Level, size: tuple[int, int], palette: Palette) -> pygame.Surface:
    """The level's scene painted small, mid-exhale (a filled sail, a bright flame), with no guide over it."""
    key = (level.id, level.scene, size, palette.name)
    picture = _pictures.get(key)
    if picture is None:
        painter = make_painter(
            level.scene,
            size,
            params=level.scene_params,
            palette=palette,
            seed=zlib.crc32(level.id.encode()),
            with_guide=False,
        )
        # A few calm, long breaths in (the tree has grown a little, lanterns are up), then mid-exhale.
        for b in range(1, _PICTURE_BREATHS + 1):
            painter.update(FrameView(breaths=b, last_exhale_s=6.0, calm=0.8, reduced_motion=True), 0.1)
            for _ in range(20):
                painter.update(FrameView(breaths=b, calm=0.8, reduced_motion=True), 0.1)
        view = FrameView(
            pacer_phase="exhale",
            flow=0.7,
            exhale_s=2.0,
            breaths=_PICTURE_BREATHS,
            calm=0.8,
            reduced_motion=True,
        )
        for _ in range(10):  # the sail fills, the flame steadies
            painter.update(view, 0.05)
        picture = pygame.Surface(painter.size)
        painter.draw(picture, view)
        _pictures[key] = picture
        while len(_pictures) > 40:
            _pictures.popitem(last=False)
    else:
        _pictures.move_to_end(key)
    return picture


# -- the intro card -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Part:
    rank: int  # 0 always shown; higher ranks go first when the window is short
    text: str
    size: int
    colour: RGB
    star: bool = False


def draw_intro_card(
    surface: pygame.Surface,
    level: Level,
    *,
    how_to_breathe: str,
    confirm_key: str,
    palette: Palette,
    fonts: Fonts,
) -> pygame.Rect:
    """The card over the waiting scene: title, the level's words, its length and breath, its goals, how to
    breathe with the keyboard, any caution, and how to start. Returns the card's box."""
    w, h = surface.get_size()
    k = screen_scale((w, h))
    pal = palette
    m = max(10, round(20 * k))
    card_w = min(round(860 * max(k, 0.8)), w - 2 * m)
    pad = max(12, round(32 * k))
    inner_w = card_w - 2 * pad
    title_size = fit_size(level.title, inner_w, round(44 * k), fonts)
    start = f"Press Enter or {confirm_key} when you're ready    Esc: back"
    start_size = fit_size(start, inner_w, round(28 * k), fonts)
    body, small = round(30 * k), round(27 * k)
    parts = [_Part(3, level.intro, body, pal.text)] if level.intro else []
    parts.append(_Part(1, f"{length_words(level)} · {breath_words(level)}", small, pal.text_dim))
    goals = goal_words(level)
    if goals:
        parts.append(_Part(2, "Goals, a star for each:", small, pal.text_dim))
    parts += [_Part(2, goal, small, pal.text, star=True) for goal in goals]
    parts.append(_Part(1, how_to_breathe, small, pal.text_dim))
    if level.safety.caution:
        parts.append(_Part(0, level.safety.caution, small, pal.warn))
    gap = max(3, round(10 * k))
    star_w = round(fonts.get(small).get_height() * 1.25)  # room for a goal's star at any text size

    def height(p: _Part) -> int:
        return wrapped_height(p.text, inner_w - (star_w if p.star else 0), p.size, fonts) + gap

    fixed = fonts.get(title_size).get_height() + fonts.get(start_size).get_height() + 3 * gap + 2 * pad
    room = h - 2 * m - fixed
    kept, used = set(), 0
    for i in sorted(range(len(parts)), key=lambda i: (parts[i].rank, i)):
        need = height(parts[i])
        if parts[i].rank == 0 or used + need <= room:  # a caution always shows
            kept.add(i)
            used += need
    card = pygame.Rect(0, 0, card_w, min(h - 2 * m, fixed + used))
    card.center = (w // 2, h // 2)
    # Below the play HUD's title line when the window has the room (the HUD may be drawn under the card).
    hud_bottom = round(24 * fonts.scale) + fonts.get(TITLE).get_linesize() + m // 2
    if card.top < hud_bottom and hud_bottom + card.height <= h - m // 2:
        card.top = hud_bottom
    shade = pygame.Surface(card.size, pygame.SRCALPHA)
    pygame.draw.rect(shade, (*pal.panel, 225), shade.get_rect(), border_radius=max(6, round(14 * k)))
    surface.blit(shade, card)
    inner = card.inflate(-2 * pad, -2 * pad)
    at = (inner.centerx, inner.top)
    title = draw_text(surface, level.title, at, title_size, pal.text, anchor="midtop", fonts=fonts)
    y = title.bottom + 2 * gap
    bottom = inner.bottom - fonts.get(start_size).get_height() - gap
    for i, p in enumerate(parts):
        if i not in kept:
            continue
        left = inner.left + (star_w if p.star else 0)
        box = pygame.Rect(left, y, inner.right - left, bottom - y)
        used_h = draw_wrapped(surface, p.text, box, p.size, p.colour, fonts)
        if p.star and used_h:
            line_h = fonts.get(p.size).get_height()
            draw_star(surface, (inner.left + star_w // 2, y + line_h // 2), line_h * 0.42, False, pal)
        if used_h:
            y += used_h + gap
    draw_text(
        surface, start, (inner.centerx, inner.bottom), start_size, pal.accent, anchor="midbottom", fonts=fonts
    )
    return card
