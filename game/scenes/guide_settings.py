"""The eyes-closed guide's own settings: on or off, its volume, and each of its sounds. Saved at once.

Changing a level plays an example of that sound at the new level, so a player can set it by ear.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.records.storage import Settings
from game.render.menu import draw_menu_frame
from game.render.text import draw_text, fit_size
from game.scenes.base import Pop, Scene, Transition
from game.sim.sound_plan import GuideMix, sample
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import GuideSettingsNeeds


@dataclass(frozen=True)
class Row:
    """One row: a 0..1 setting shown in percent (0 reads `zero`), or the on/off switch when `field` is
    "audio_guide"."""

    field: str
    words: str
    part: str  # which example plays when it changes
    zero: str = "off"


ROWS = (
    Row("audio_guide", "Eyes-closed guide", "tones"),
    Row("guide_volume", "Guide volume", "volume", zero="silent"),
    Row("guide_tones", "Breath tones (rising in, falling out)", "tones"),
    Row("guide_markers", "Notes for holds, the top-up sip and 3-2-1", "markers"),
    Row("guide_chime", "Chime when a goal is met", "chime"),
    Row("guide_end", "The end of the session", "end"),
    Row("guide_echo", "Your out-breath, echoed softly", "echo"),
)
HINTS = (
    "With the guide on, you can follow a level by ear alone: close your eyes if you like.",
    "The echo answers your out-breath; with a microphone, use headphones if it seems to hear itself.",
)


def guide_mix(s: Settings) -> GuideMix:
    """The eyes-closed guide's levels, from the settings."""
    return GuideMix(s.guide_volume, s.guide_tones, s.guide_markers, s.guide_chime, s.guide_end, s.guide_echo)


def label(row: Row, s: Settings) -> str:
    value = getattr(s, row.field)
    if isinstance(value, bool):
        return f"{row.words}: {'on' if value else 'off'}"
    return f"{row.words}: {f'{round(value * 100)}%' if value > 0 else row.zero}"


class GuideSettingsScene(Scene):
    app: GuideSettingsNeeds

    def __init__(self, app: GuideSettingsNeeds, *, preview: Callable[[str], None] | None = None) -> None:
        super().__init__(app)
        self.choice = 0
        self._preview = preview or self.play_example

    def play_example(self, part: str) -> None:
        sound = sample(part, guide_mix(self.app.settings))
        if sound is not None:
            self.app.cues.hush()
            self.app.cues.guide(sound, at=0.0)

    def handle(self, command: Command) -> Transition | None:
        if command is Command.BACK:
            return Pop()
        if command in (Command.UP, Command.DOWN):
            self.choice = (self.choice + (1 if command is Command.DOWN else -1)) % len(ROWS)
        elif command in (Command.LEFT, Command.RIGHT, Command.CONFIRM):
            row = ROWS[self.choice]
            s = self.app.settings
            value = getattr(s, row.field)
            if isinstance(value, bool):
                setattr(s, row.field, not value)
            else:
                step = -0.1 if command is Command.LEFT else 0.1
                if command is Command.CONFIRM and value >= 1.0:
                    step = -1.0  # Enter past full goes round to off
                setattr(s, row.field, round(min(1.0, max(0.0, value + step)), 1))
            self.app.apply_settings()
            self._preview(row.part)
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        return None  # a held breath must not flip settings

    def draw(self, surface: pygame.Surface) -> None:
        # Laid out from the window as the settings screen is: sizes follow it, rows scroll with the choice.
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        keys = "Up/Down to choose, Left/Right to change (you hear it), Esc to go back"
        frame = draw_menu_frame(surface, "Eyes-closed guide", keys, pal, fonts)
        k, m, title, bottom = frame.scale, frame.margin, frame.title, frame.footer.top
        for hint in reversed(HINTS):
            size = fit_size(hint, w - 2 * m, round(24 * k), fonts, smallest=10)
            at = (w // 2, bottom - round(6 * k))
            bottom = draw_text(surface, hint, at, size, pal.text_dim, anchor="midbottom", fonts=fonts).top
        body = round(32 * k)
        row_h = fonts.get(body).get_linesize() + max(2, round(14 * k))
        top, bottom = title.bottom + round(16 * k), bottom - round(10 * k)
        visible = max(1, (bottom - top) // row_h)
        first = min(max(0, self.choice - visible // 2), max(0, len(ROWS) - visible))
        left = max(m, w // 2 - round(420 * k))
        for i in range(first, min(len(ROWS), first + visible)):
            selected = i == self.choice
            text = ("> " if selected else "  ") + label(ROWS[i], self.app.settings)
            size = fit_size(text, w - left - m, body, fonts)
            colour = pal.accent if selected else pal.text
            draw_text(surface, text, (left, top + row_h * (i - first)), size, colour, fonts=fonts)
