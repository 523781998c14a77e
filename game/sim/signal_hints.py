"""Plain hints about the microphone signal ("move closer", "too noisy"), from what the session saw. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

NOISY_FLOOR_DB = -35.0  # a room this loud hides soft exhales
MISSED_EXHALES = 3  # guide exhales in a row with no exhale heard
SURE = 0.5  # the confidence scoring trusts (game.sim.breaths.MIN_CONFIDENCE)
FAINT_WINDOW_S = 20.0  # how far back "mostly unsure" looks (a decaying average)
FAINT_SHARE = 0.6  # this share of the exhale heard lately unsure: the breath is too faint to judge
FAINT_MIN_S = 2.0  # ... out of at least this much exhale heard in the window


def faint_hint(key: str = "SPACE") -> str:
    return f"Your breath is faint from here, so the game can't be sure: move a little closer (or use {key})."


FAINT = faint_hint()


@dataclass
class SignalHints:
    """Feed it once per step; `hint` is the sentence to show, or None."""

    step_s: float = 1 / 60
    key: str = "SPACE"  # the player's breath key, named in the hints
    missed: int = 0
    exhale_s: float = 0.0  # exhale heard lately (decaying seconds), and the part of it heard unsure
    unsure_s: float = 0.0
    heard_this_exhale: bool = False
    in_exhale: bool = False
    hint: str | None = None

    def step(
        self,
        *,
        pacer_exhaling: bool,
        player_exhaling: bool,
        noise_floor_db: float | None,
        confidence: float = 1.0,
    ) -> str | None:
        """One step; ``confidence`` is the current reading's (it matters while the player exhales)."""
        keep = math.exp(-self.step_s / FAINT_WINDOW_S)
        self.exhale_s *= keep
        self.unsure_s *= keep
        if player_exhaling:
            self.exhale_s += self.step_s
            if confidence < SURE:
                self.unsure_s += self.step_s
        faint = self.exhale_s >= FAINT_MIN_S and self.unsure_s >= FAINT_SHARE * self.exhale_s
        heard = player_exhaling and confidence >= SURE  # an unsure exhale is not the player clearly heard
        if pacer_exhaling:
            self.in_exhale = True
            self.heard_this_exhale |= heard
        elif self.in_exhale:  # a guide exhale just ended
            self.missed = 0 if self.heard_this_exhale else self.missed + 1
            self.in_exhale = self.heard_this_exhale = False
        if heard:
            self.missed = 0
        if noise_floor_db is not None and noise_floor_db > NOISY_FLOOR_DB:
            self.hint = f"It's noisy here: a quieter spot, or {self.key}, will help."
        elif self.missed >= MISSED_EXHALES:
            self.hint = f"Can't hear your breath: move a little closer to the microphone (or use {self.key})."
        elif faint:
            self.hint = faint_hint(self.key)
        else:
            self.hint = None
        return self.hint
