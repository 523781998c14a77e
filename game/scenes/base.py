"""Scene lifecycle and the transitions a scene can ask for."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Protocol

import pygame

from game.window.input import Command


@dataclass(frozen=True)
class Push:
    scene: Scene


@dataclass(frozen=True)
class Replace:
    scene: Scene


@dataclass(frozen=True)
class Pop:
    count: int = 1


@dataclass(frozen=True)
class Quit:
    pass


Transition = Push | Replace | Pop | Quit

# A breath-key press confirms on a menu-like screen only this long after the screen appeared, and only if
# the key was released since: the breath the player was taking when the screen changed never confirms.
BREATH_CONFIRM_GRACE_S = 0.6


class Confirms(Protocol):
    """What every scene needs: may the breath key confirm now? (The rest a scene names in `ports.py`.)"""

    def breath_may_confirm(self) -> bool: ...


class Scene(ABC):
    """A screen. `handle` gets commands, `update` runs once per fixed step, `draw` once per frame.

    Overlay scenes (pause) set `overlay = True` so the scene below is drawn first. `app` is what the scene
    was handed: each scene narrows its type to the ports it uses (`game/scenes/ports.py`).
    """

    overlay = False
    capturing_key = False  # True while the scene waits for "press any key" (remapping the breath key)
    draws_mute_sign = False  # True when the scene shows "muted" itself; else the app draws it in the corner
    hears_breath_strength = False  # True: breath_key(True) again when only the soft key's strength changed

    app: Any  # each scene names its own needs; Confirms here once every scene does

    def __init__(self, app: Confirms) -> None:
        self.app = app

    def enter(self) -> None:  # noqa: B027 - optional hook, most scenes need none
        """Called when the scene becomes the top of the stack (again)."""

    def leave(self) -> None:  # noqa: B027 - optional hook, most scenes need none
        """Called when the scene is removed from the stack."""

    def handle(self, command: Command) -> Transition | None:
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        """The breath key went down/up. In menus a fresh press confirms, past a short grace (see App)."""
        if pressed and self.app.breath_may_confirm():
            return self.handle(Command.CONFIRM)
        return None

    def capture_key(self, name: str) -> Transition | None:
        """The key pressed while `capturing_key` is set, by pygame name ("space", "b", "left shift")."""
        return None

    def update(self, dt: float) -> Transition | None:
        return None

    @abstractmethod
    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole screen (or, for an overlay, what goes over the scene below)."""
