"""The edge of the gamepad: pygame's joysticks opened, their resting axes handed to the pure TriggerState.

The axes then move through pygame's events (game/window/input.py reads them, App writes them into the state),
so the breath source (breath_input/gamepad.py) never touches pygame.
"""

from __future__ import annotations

import pygame

from breath_input.gamepad import TriggerState


def open_pads(state: TriggerState) -> list[pygame.joystick.JoystickType]:
    """Open every connected pad (SDL sends no axis events for a pad nobody opened); keep what this returns."""
    pads: list[pygame.joystick.JoystickType] = []
    try:
        if not pygame.joystick.get_init():
            pygame.joystick.init()
        count = pygame.joystick.get_count()
    except pygame.error:
        return pads
    for i in range(count):
        try:
            pad = pygame.joystick.Joystick(i)
            resting = {a: pad.get_axis(a) for a in range(pad.get_numaxes())}
            state.opened(pad.get_name(), resting)
            pads.append(pad)
        except pygame.error:
            continue  # unplugged while we looked
    return pads
