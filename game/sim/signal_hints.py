"""Plain hints about the microphone signal ("move closer", "too noisy"), from what the session saw. Pure."""

from __future__ import annotations

from dataclasses import dataclass

NOISY_FLOOR_DB = -35.0  # a room this loud hides soft exhales
MISSED_EXHALES = 3  # guide exhales in a row with no exhale heard


@dataclass
class SignalHints:
    """Feed it once per step; `hint` is the sentence to show, or None."""

    missed: int = 0
    heard_this_exhale: bool = False
    in_exhale: bool = False
    hint: str | None = None

    def step(
        self, *, pacer_exhaling: bool, player_exhaling: bool, noise_floor_db: float | None
    ) -> str | None:
        if pacer_exhaling:
            self.in_exhale = True
            self.heard_this_exhale |= player_exhaling
        elif self.in_exhale:  # a guide exhale just ended
            self.missed = 0 if self.heard_this_exhale else self.missed + 1
            self.in_exhale = self.heard_this_exhale = False
        if player_exhaling:
            self.missed = 0
        if noise_floor_db is not None and noise_floor_db > NOISY_FLOOR_DB:
            self.hint = "It's noisy here: a quieter spot, or SPACE, will help."
        elif self.missed >= MISSED_EXHALES:
            self.hint = "Can't hear your breath: move a little closer to the microphone (or hold SPACE)."
        else:
            self.hint = None
        return self.hint
