"""Settings: breath key and mapping, input, microphone, colours, motion, text size, sound. Saved at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.records.storage import Settings
from game.render.menu import draw_menu_frame
from game.render.text import draw_text, fit_size
from game.scenes.base import Pop, Push, Scene, Transition
from game.window.input import RESERVED_KEYS, Command

if TYPE_CHECKING:
    from game.scenes.ports import SettingsNeeds

PALETTE_NAMES = ("calm", "high_contrast", "colour_blind")
INPUTS = ("auto", "mic", "keyboard")
INPUT_WORDS = {
    "auto": "microphone if there is one, else keyboard",
    "mic": "microphone",
    "keyboard": "keyboard only",
}


@dataclass(frozen=True)
class Option:
    label: Callable[[Settings], str]
    change: Callable[[SettingsScene, int], Transition | None]  # direction -1 / +1
    confirm: Callable[[SettingsScene], Transition | None] | None = None  # Enter, when it differs from Right


def _cycle(values: tuple[str, ...], current: str, step: int) -> str:
    i = values.index(current) if current in values else 0
    return values[(i + step) % len(values)]


def _toggle(name: str) -> Callable[[SettingsScene, int], None]:
    def change(scene: SettingsScene, d: int) -> None:
        setattr(scene.app.settings, name, not getattr(scene.app.settings, name))

    return change


def _palette(scene: SettingsScene, d: int) -> None:
    scene.app.settings.palette = _cycle(PALETTE_NAMES, scene.app.settings.palette, d)


def _volume(scene: SettingsScene, d: int) -> None:
    s = scene.app.settings
    s.volume = round(min(1.0, max(0.0, s.volume + 0.1 * d)), 1)


def _input(scene: SettingsScene, d: int) -> None:
    scene.app.settings.input = _cycle(INPUTS, scene.app.settings.input, d)


def _device(scene: SettingsScene, d: int) -> None:
    names = ("",) + scene.devices()
    scene.app.inputs.choose_device(_cycle(names, scene.app.inputs.device or "", d))


def _remap(scene: SettingsScene, d: int) -> None:
    scene.capturing_key = True
    scene.message = "Press the key you want to hold for your breath."


def _guide_sounds(scene: SettingsScene) -> Transition:
    return Push(scene.app.screens.guide_settings())


def _calibrate(scene: SettingsScene, d: int) -> Transition:
    return Push(scene.app.screens.calibration())


OPTIONS = (
    Option(lambda s: f"Breath key: {s.breath_key.upper()}  (Enter, then press a new key)", _remap),
    Option(
        lambda s: "Hold the key while breathing " + ("in" if s.invert_breath_key else "out"),
        _toggle("invert_breath_key"),
    ),
    Option(lambda s: f"Breath input: {INPUT_WORDS.get(s.input, s.input)}", _input),
    Option(lambda s: f"Microphone: {s.device or 'the default one'}", _device),
    Option(lambda s: "Microphone check (optional, about 22 s)", _calibrate),
    Option(lambda s: f"Your best run beside you: {'on' if s.ghost else 'off'}", _toggle("ghost")),
    Option(
        lambda s: f"Ask how tense you feel, before and after: {'on' if s.ask_feeling else 'off'}",
        _toggle("ask_feeling"),
    ),
    Option(lambda s: f"Colours: {s.palette.replace('_', ' ')}", _palette),
    Option(lambda s: f"Reduced motion: {'on' if s.reduced_motion else 'off'}", _toggle("reduced_motion")),
    Option(lambda s: f"Larger text: {'on' if s.large_text else 'off'}", _toggle("large_text")),
    Option(lambda s: f"Sound: {'off' if s.muted else 'on'}", _toggle("muted")),
    Option(lambda s: f"Ambient sound: {'on' if s.ambient else 'off'}", _toggle("ambient")),
    Option(lambda s: f"Volume: {round(s.volume * 100)}%", _volume),
    Option(
        lambda s: f"Eyes-closed guide: {'on' if s.audio_guide else 'off'}  (Enter: its sounds)",
        _toggle("audio_guide"),
        _guide_sounds,
    ),
)


class SettingsScene(Scene):
    app: SettingsNeeds

    def __init__(self, app: SettingsNeeds) -> None:
        super().__init__(app)
        self.choice = 0
        self.message = ""
        self._devices: tuple[str, ...] | None = None

    def devices(self) -> tuple[str, ...]:
        """Microphone names, looked up once when first needed (asking PortAudio takes a moment)."""
        if self._devices is None:
            from breath_input.mic import list_devices

            found, _note = list_devices()
            self._devices = tuple(d.name for d in found)
        return self._devices

    def handle(self, command: Command) -> Transition | None:
        if command is Command.BACK:
            return Pop()
        if command is Command.UP:
            self.choice = (self.choice - 1) % len(OPTIONS)
            self.message = ""
        elif command is Command.DOWN:
            self.choice = (self.choice + 1) % len(OPTIONS)
            self.message = ""
        elif command in (Command.LEFT, Command.RIGHT, Command.CONFIRM):
            option = OPTIONS[self.choice]
            if command is Command.CONFIRM and option.confirm is not None:
                return option.confirm(self)
            transition = option.change(self, -1 if command is Command.LEFT else 1)
            self.app.apply_settings()
            return transition
        return None

    def capture_key(self, name: str) -> Transition | None:
        self.capturing_key = False
        if name in RESERVED_KEYS:
            self.message = f"{name.upper()} already does something else; the breath key stays as it was."
        elif name == "escape":
            self.message = ""
        else:
            self.app.settings.breath_key = name
            self.app.apply_settings()
            self.message = f"Your breath key is now {name.upper()}."
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        return None  # a held breath must not flip settings

    def draw(self, surface: pygame.Surface) -> None:
        # Sizes follow the window; the rows scroll with the choice when they do not all fit (640x400 holds
        # about nine), so no row is ever drawn off the screen.
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        keys = "Up/Down to choose, Left/Right or Enter to change, Esc to go back"
        frame = draw_menu_frame(surface, "Settings", keys, pal, fonts)
        k, m, title, bottom = frame.scale, frame.margin, frame.title, frame.footer.top
        note = self.message or (
            ""
            if self.app.store.can_save
            else "Settings cannot be saved here; they last until you close the game."
        )
        if note:
            size = fit_size(note, w - 2 * m, round(28 * k), fonts)
            bottom = draw_text(
                surface,
                note,
                (w // 2, bottom - round(6 * k)),
                size,
                pal.warn,
                anchor="midbottom",
                fonts=fonts,
            ).top
        body = round(32 * k)
        row_h = fonts.get(body).get_linesize() + max(2, round(8 * k))
        top, bottom = title.bottom + round(12 * k), bottom - round(8 * k)
        visible = max(1, (bottom - top) // row_h)
        first = min(max(0, self.choice - visible // 2), max(0, len(OPTIONS) - visible))
        left = max(m, w // 2 - round(420 * k))
        for i in range(first, min(len(OPTIONS), first + visible)):
            option = OPTIONS[i]
            selected = i == self.choice
            text = ("> " if selected else "  ") + option.label(self.app.settings)
            size = fit_size(text, w - left - m, body, fonts)
            colour = pal.accent if selected else pal.text
            draw_text(surface, text, (left, top + row_h * (i - first)), size, colour, fonts=fonts)
