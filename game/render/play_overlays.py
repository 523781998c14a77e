"""Words drawn over a playing scene: the calm ending's, a soft invitation, a stage's or a phase's cue, and a
designer's boxes: the watched file's errors and the level's warnings."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.render.palette import Palette
from game.render.text import BODY, Fonts, draw_text, draw_wrapped, fit_size, wrapped_height

ENDING_WORDS = "That was the last breath of the level. Stay with it a moment."
PRACTICE_ENDING_WORDS = "That was the last breath. Stay with it a moment."  # breathe now is no level
PROBLEM_SIZE = 26
ERRORS_HEADING = "The saved level has problems; still playing the last good version:"
WARNINGS_HEADING = "Warnings about this level (as exhale validate prints them):"
HIDE_HINT = "Enter: hide"


def draw_ending_words(
    surface: pygame.Surface, fade: float, pal: Palette, fonts: Fonts, text: str = ENDING_WORDS
) -> None:
    """A few words, fading in: the session is over, stay a moment; Enter for the results."""
    if fade <= 0:
        return
    w, h = surface.get_size()
    alpha = round(255 * min(1.0, fade))
    words = fit_size(text, w - 48, 34, fonts)
    keys = fit_size("Enter: see how it went", w - 48, 28, fonts)
    soft_backdrop(surface, text, (w // 2, h - 100), words, pal, fonts, alpha)
    draw_text(
        surface,
        text,
        (w // 2, h - 100),
        words,
        pal.text,
        anchor="midbottom",
        fonts=fonts,
        alpha=alpha,
    )
    soft_backdrop(surface, "Enter: see how it went", (w // 2, h - 60), keys, pal, fonts, alpha)
    draw_text(
        surface,
        "Enter: see how it went",
        (w // 2, h - 60),
        keys,
        pal.text_dim,
        anchor="midbottom",
        fonts=fonts,
        alpha=alpha,
    )


def draw_invitation(surface: pygame.Surface, text: str, fade: float, pal: Palette, fonts: Fonts) -> None:
    """A gasp or an unasked hold gets a soft invitation, fading in: never a sound, never red."""
    w, h = surface.get_size()
    alpha = round(255 * min(1.0, max(0.0, fade)))
    size = fit_size(text, w - 48, 34, fonts)
    soft_backdrop(surface, text, (w // 2, h - 150), size, pal, fonts, alpha)
    draw_text(surface, text, (w // 2, h - 150), size, pal.text, anchor="midbottom", fonts=fonts, alpha=alpha)


_backdrops: dict[tuple[object, ...], pygame.Surface] = {}


def soft_backdrop(
    surface: pygame.Surface,
    text: str,
    midbottom: tuple[int, int],
    size: int,
    pal: Palette,
    fonts: Fonts,
    alpha: int = 255,
) -> None:
    """The guide label's soft pill behind a line of words drawn at `midbottom`: the white sail or the candle's
    glow passes behind them, never through them."""
    if alpha <= 0:
        return
    tw, th = fonts.get(size).size(text)
    key = (tw, th, pal.panel)
    pill = _backdrops.get(key)
    if pill is None:
        if len(_backdrops) > 32:
            _backdrops.clear()
        blur = max(3, th // 4)
        pad_x, pad_y = th // 2 + 2 * blur, th // 6 + 2 * blur
        pill = pygame.Surface((tw + 2 * pad_x, th + 2 * pad_y), pygame.SRCALPHA)
        body = pill.get_rect().inflate(-2 * blur, -2 * blur)
        pygame.draw.rect(pill, (*pal.panel, 165), body, border_radius=body.height // 2)
        pill = _backdrops[key] = pygame.transform.gaussian_blur(pill, blur)
    pill.set_alpha(alpha)
    surface.blit(pill, pill.get_rect(center=(midbottom[0], midbottom[1] - th // 2)))


def draw_cue(
    surface: pygame.Surface, text: str, centre: tuple[int, int], width: int, pal: Palette, fonts: Fonts
) -> None:
    """A stage's cue as it begins, or the phase's words ("in through the nose"), centred under the guide's
    phase label on a soft panel; shrunk to fit `width` (the loader keeps a cue to one short line)."""
    if not text:
        return
    size = fit_size(text, width, BODY, fonts)
    font = fonts.get(size)
    tw, th = font.size(text)
    panel = pygame.Surface((tw + 24, th + 8), pygame.SRCALPHA)
    pygame.draw.rect(panel, (*pal.panel, 170), panel.get_rect(), border_radius=(th + 8) // 2)
    surface.blit(panel, panel.get_rect(midtop=(centre[0], centre[1] - 4)))
    draw_text(surface, text, centre, size, pal.text, anchor="midtop", fonts=fonts)


def draw_problem_box(
    surface: pygame.Surface,
    problems: Sequence[str],
    pal: Palette,
    fonts: Fonts,
    *,
    heading: str,
    colour: tuple[int, int, int],
    hint: str = "",
    top: int = 70,
) -> pygame.Rect:
    """A box of problems, one wrapped line each, as many as fit above the breath trace; "+N more" for the
    rest (all of them: `exhale validate FILE`). Returns the box, so another can go under it."""
    w, h = surface.get_size()
    inner = w - 72
    line_h = wrapped_height("X", inner, PROBLEM_SIZE, fonts)
    room = max(line_h, h - 140 - top - 56 - line_h)  # under the heading, above the trace, with "+N more"
    shown: list[tuple[str, int]] = []
    used = 0
    for line in problems:
        need = wrapped_height(line, inner, PROBLEM_SIZE, fonts) + 6
        if used + need > room and shown:
            break
        shown.append((line, need))
        used += need
    more = len(problems) - len(shown)
    foot = (line_h + 6) if (more or hint) else 0  # "+N more" on the left, the hint on the right
    box = pygame.Rect(20, top, w - 40, 56 + used + foot)
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill((*pal.panel, 235))
    surface.blit(shade, box)
    size = fit_size(heading, inner, 30, fonts)
    draw_text(surface, heading, (box.left + 16, box.top + 10), size, colour, fonts=fonts)
    y = box.top + 46
    for line, need in shown:
        draw_wrapped(surface, line, pygame.Rect(box.left + 16, y, inner, need), PROBLEM_SIZE, pal.text, fonts)
        y += need
    if more:
        words = f"+{more} more (exhale validate shows them all)"
        draw_text(surface, words, (box.left + 16, y), PROBLEM_SIZE, pal.text_dim, fonts=fonts)
    if hint:
        draw_text(
            surface, hint, (box.right - 16, y), PROBLEM_SIZE, pal.text_dim, anchor="topright", fonts=fonts
        )
    return box


def draw_watch_problems(
    surface: pygame.Surface, problems: Sequence[str], pal: Palette, fonts: Fonts
) -> pygame.Rect:
    """`--watch`: the saved file's problems over the level still playing its last good version."""
    return draw_problem_box(
        surface, problems, pal, fonts, heading=ERRORS_HEADING, colour=pal.warn, hint=HIDE_HINT
    )


def draw_level_warnings(
    surface: pygame.Surface, warnings: Sequence[str], pal: Palette, fonts: Fonts, *, top: int = 70
) -> pygame.Rect:
    """`play FILE` and `--watch`: the level's warnings, until Enter hides them."""
    return draw_problem_box(
        surface, warnings, pal, fonts, heading=WARNINGS_HEADING, colour=pal.text, hint=HIDE_HINT, top=top
    )
