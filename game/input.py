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


class InputReader:
    """Maps pygame events to commands. The breath key also confirms in menus (Space starts a level)."""

    def __init__(self, breath_key: str = "space") -> None:
        self.breath_key = key_code(breath_key)

    def poll(self) -> FrameInput:
        out = FrameInput()
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                out.commands.append(Command.QUIT)
            elif event.type in (pygame.WINDOWRESIZED, pygame.WINDOWSIZECHANGED):
                out.resized = (event.x, event.y)
            elif event.type == pygame.KEYDOWN:
                out.key_names.append(pygame.key.name(event.key))
                if event.key == self.breath_key:
                    if not getattr(event, "repeat", False):
                        out.breath_changes.append(True)
                elif event.key in KEYMAP:
                    out.commands.append(KEYMAP[event.key])
            elif event.type == pygame.KEYUP and event.key == self.breath_key:
                out.breath_changes.append(False)
        return out


RESERVED_KEYS = frozenset(pygame.key.name(k) for k in KEYMAP)


def key_code(name: str) -> int:
    """pygame key code for a name like "space" or "b"; unknown names fall back to space."""
    try:
        return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return pygame.K_SPACE
