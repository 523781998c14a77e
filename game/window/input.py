"""The one reader of the pygame event queue: events in, commands and the breath key's state out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import pygame


class Command(Enum):
    CONFIRM = "confirm"
    BACK = "back"  # Esc: pause while playing, back in menus
    PAUSE = "pause"  # P
    UP = "up"
    DOWN = "down"
    LEFT = "left"
    RIGHT = "right"
    FULLSCREEN = "fullscreen"
    MUTE = "mute"
    RESTART = "restart"
    LEVELS = "levels"
    SETTINGS = "settings"
    HISTORY = "history"
    CHECKIN = "checkin"  # C on the title: a minute of "how am I breathing today?"
    BREATHE_NOW = "breathe_now"  # N on the title: a free practice, no goals
    QUIT = "quit"  # the window's close button


KEYMAP = {
    pygame.K_RETURN: Command.CONFIRM,
    pygame.K_KP_ENTER: Command.CONFIRM,
    pygame.K_ESCAPE: Command.BACK,
    pygame.K_p: Command.PAUSE,
    pygame.K_UP: Command.UP,
    pygame.K_DOWN: Command.DOWN,
    pygame.K_LEFT: Command.LEFT,
    pygame.K_RIGHT: Command.RIGHT,
    pygame.K_F11: Command.FULLSCREEN,
    pygame.K_m: Command.MUTE,
    pygame.K_r: Command.RESTART,
    pygame.K_l: Command.LEVELS,
    pygame.K_s: Command.SETTINGS,
    pygame.K_h: Command.HISTORY,
    pygame.K_c: Command.CHECKIN,
    pygame.K_n: Command.BREATHE_NOW,
}


@dataclass
class FrameInput:
    """What the player did since the last frame."""

    commands: list[Command] = field(default_factory=list)
    breath_changes: list[bool] = field(default_factory=list)  # breath key down (True) / up (False), in order
    resized: tuple[int, int] | None = None
    key_names: list[str] = field(default_factory=list)  # every key pressed, by name: for remapping keys
    # Beside each breath change: True when it came from the soft key (a gentle breath). Missing entries are
    # False, so scripted inputs need not say.
    breath_soft: list[bool] = field(default_factory=list)
    axes: list[tuple[int, float]] = field(default_factory=list)  # gamepad (axis, value) movements, in order
    pads_changed: bool = False  # a gamepad was plugged in or out


# A gamepad's buttons, on SDL's usual layout: A confirms, B goes back, Start pauses.
PAD_BUTTONS = {0: "confirm", 1: "back", 7: "pause"}
SOFT_KEY = "v"  # held instead of the breath key: a soft breath (beside SPACE under the left hand)


def soft_key_for(breath_key: str) -> str:
    """The soft key: V, or B when the breath key itself is V."""
    return "b" if breath_key == SOFT_KEY else SOFT_KEY


class InputReader:
    """Maps pygame events to commands. The breath key also confirms in menus (Space starts a level)."""

    def __init__(self, breath_key: str = "space") -> None:
        self.breath_key = key_code(breath_key)
        self.soft_key = key_code(soft_key_for(breath_key))
        self._held: set[int] = set()  # which of the two breath keys are down

    def _breath(self, out: FrameInput, key: int, down: bool) -> None:
        """Either breath key moved: the breath is held while either is; soft while only the soft key is."""
        before = (bool(self._held), self._held == {self.soft_key})
        (self._held.add if down else self._held.discard)(key)
        after = (bool(self._held), self._held == {self.soft_key})
        if after != before:
            out.breath_changes.append(after[0])
            out.breath_soft.append(after[1] if after[0] else key == self.soft_key)

    def poll(self) -> FrameInput:
        out = FrameInput()
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                out.commands.append(Command.QUIT)
            elif event.type == pygame.JOYAXISMOTION:
                out.axes.append((event.axis, event.value))
            elif event.type in (pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
                out.pads_changed = True
            elif event.type == pygame.JOYBUTTONDOWN and event.button in PAD_BUTTONS:
                out.commands.append(Command(PAD_BUTTONS[event.button]))
            elif event.type in (pygame.WINDOWRESIZED, pygame.WINDOWSIZECHANGED):
                out.resized = (event.x, event.y)
            elif event.type == pygame.KEYDOWN:
                out.key_names.append(pygame.key.name(event.key))
                if event.key in (self.breath_key, self.soft_key):
                    if not getattr(event, "repeat", False):
                        self._breath(out, event.key, True)
                elif event.key in KEYMAP:
                    out.commands.append(KEYMAP[event.key])
            elif event.type == pygame.KEYUP and event.key in (self.breath_key, self.soft_key):
                self._breath(out, event.key, False)
        return out


RESERVED_KEYS = frozenset(pygame.key.name(k) for k in KEYMAP)  # the soft key moves aside instead


def key_code(name: str) -> int:
    """pygame key code for a name like "space" or "b"; unknown names fall back to space."""
    try:
        return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return pygame.K_SPACE
