"""A gamepad's analog trigger as a breath source: squeeze as you breathe out, softly for a soft breath.

Pure: no pygame here. The edge (game/window/gamepad.py, fed by game/window/input.py's event reading) writes
each axis movement into a `TriggerState`; `GamepadSource` reads the trigger from it as real flow 0..1, so how
far the trigger is pressed is how strongly the player breathes out ("gentle beats forceful" without a
microphone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from breath_input.types import BreathReading, Phase, SourceStatus

DEFAULT_AXIS = 5  # the right trigger on SDL's usual layout (Xbox-style pads); gamepad:AXIS picks another
ON_AT = 0.08  # a trigger pressed past this reads as an out-breath...
OFF_AT = 0.04  # ...until it falls back under this (hysteresis: a resting finger does not flicker)


@dataclass
class TriggerState:
    """The pad's axes as last seen, written by the edge on the main thread (once per frame's events).

    Triggers rest at -1 on some drivers and at 0 on others: `rest` is each axis's lowest value seen (or its
    value when the pad was opened), and flow runs from there to fully pressed (+1).
    """

    axes: dict[int, float] = field(default_factory=dict)
    rest: dict[int, float] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # the pads connected, by name
    moved: bool = False  # any axis movement seen (a posted or scripted event counts as a pad)

    def motion(self, axis: int, value: float) -> None:
        value = max(-1.0, min(1.0, float(value)))
        self.axes[axis] = value
        self.rest[axis] = min(self.rest.get(axis, 0.0), value)
        self.moved = True

    def opened(self, name: str, resting: dict[int, float]) -> None:
        """A pad was found; `resting` is each axis's value as it was opened (a trigger's rest)."""
        if name not in self.names:
            self.names.append(name)
        for axis, value in resting.items():
            self.rest[axis] = min(self.rest.get(axis, 0.0), value)
            self.axes.setdefault(axis, value)

    @property
    def connected(self) -> bool:
        return bool(self.names) or self.moved

    def pressed(self, axis: int) -> float:
        """How far `axis` is pressed, 0 (at rest) to 1 (all the way)."""
        value, rest = self.axes.get(axis), self.rest.get(axis, 0.0)
        if value is None or rest >= 1.0:
            return 0.0
        return max(0.0, min(1.0, (value - rest) / (1.0 - rest)))


class GamepadSource:
    """The trigger's travel is the exhale's flow; released, the player is breathing in.

    Args:
        state: the pad's axes, kept up to date by the edge.
        axis: which axis is the trigger.
    """

    backend = "gamepad"

    def __init__(self, state: TriggerState, *, axis: int = DEFAULT_AXIS) -> None:
        self.state = state
        self.axis = axis
        self.name = "gamepad"
        self._exhaling = False

    def read(self, t: float) -> BreathReading:
        flow = self.state.pressed(self.axis)
        self._exhaling = flow > (OFF_AT if self._exhaling else ON_AT)
        phase = Phase.EXHALE if self._exhaling else Phase.INHALE
        return BreathReading(t=t, phase=phase, flow=flow if self._exhaling else 0.0, confidence=1.0)

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        pass  # the keyboard safety net around the pad (WithKeyboard) hears the key

    def status(self) -> SourceStatus:
        device = self.state.names[0] if self.state.names else ""
        problem = None if self.state.connected else "No gamepad found."
        return SourceStatus(backend="gamepad", device=device, problem=problem)

    def breaths_per_minute(self) -> float | None:
        return None

    def close(self) -> None:
        pass
