"""What a play does beside the breath when the breath comes from a microphone. Pure: no pygame.

Two things, both only with a microphone and a visible pacer: plain hints about the signal ("move closer",
"too noisy"), and the calibration refinement the pacer's schedule allows (its exhales tell when the player
is most likely breathing out, so the levels heard then refine the device's saved profile).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from breath_input.calibration import CalibrationRefiner
from breath_input.calibration_profile import CalibrationProfile
from breath_input.types import SourceStatus
from game.sim.signal_hints import SignalHints

if TYPE_CHECKING:
    from game.sim.session import PlaySession


class MicPlay:
    """Feed :meth:`step` once per play step with the source's status; read :attr:`hint`."""

    def __init__(self, *, step_s: float = 1 / 60) -> None:
        self.hints = SignalHints(step_s=step_s)
        self.refiner = CalibrationRefiner(step_s=step_s)
        self.device = ""  # the microphone heard during the play, for the refined profile

    @property
    def hint(self) -> str | None:
        return self.hints.hint

    def step(
        self, status: SourceStatus, session: PlaySession, *, show_pacer: bool, key: str = "SPACE"
    ) -> None:
        """`key`: the player's breath key as the screen names it, for the hints ("or use B")."""
        self.hints.key = key  # read each step: a key changed in the pause menu is named at once
        playing = session.t >= 0 and show_pacer  # the lead-in and pacer-less levels say nothing
        if not status.listens or not playing:  # a WAV recording listens too: hints apply
            self.hints.hint = None
        else:
            self.hints.step(
                pacer_exhaling=session.pacer_state.exhaling,
                player_exhaling=session.reading.exhaling,
                noise_floor_db=status.noise_floor_db,
                confidence=session.reading.confidence,
            )
        if status.microphone and playing:
            self.device = status.device
            self.refiner.observe(
                level_db=status.level_db,
                pacer_exhaling=session.pacer_state.exhaling,
                detected_exhale=session.reading.exhaling,
            )

    def refined_profile(
        self, saved: Callable[[str], CalibrationProfile | None]
    ) -> tuple[str, CalibrationProfile] | None:
        """After the play: (device name, its profile nudged toward what play showed), or None.

        Args:
            saved: the device's saved profile (or None) from its name.
        """
        if not self.device:
            return None
        profile = self.refiner.refined(saved(self.device), device=self.device)
        return None if profile is None else (self.device, profile)
