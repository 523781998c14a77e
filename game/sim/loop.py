"""Fixed-timestep accumulator: game logic advances in exact 1/60 s steps whatever the frame rate."""

from __future__ import annotations

from dataclasses import dataclass

STEP_S = 1.0 / 60.0


@dataclass
class FixedStep:
    """Turns elapsed real time into a whole number of fixed steps.

    A huge gap (a debugger pause, a dragged window) is clamped to `max_steps` so the game never
    fast-forwards through a player's breath.
    """

    step_s: float = STEP_S
    max_steps: int = 5
    _acc: float = 0.0

    def advance(self, elapsed_s: float) -> int:
        """Add real elapsed seconds; return how many steps to run now."""
        self._acc += max(0.0, elapsed_s)
        # The epsilon keeps a virtual clock advancing exactly one step from rounding to zero steps.
        steps = int(self._acc / self.step_s + 1e-6)
        if steps > self.max_steps:
            steps = self.max_steps
            self._acc = 0.0
        else:
            self._acc = max(0.0, self._acc - steps * self.step_s)
        return steps

    @property
    def alpha(self) -> float:
        """How far (0..1) real time is into the next step: for interpolated drawing."""
        return min(1.0, self._acc / self.step_s)
