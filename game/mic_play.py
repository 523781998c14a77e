"""What a play does beside the breath when the breath comes from a microphone. Pure: no pygame.

Two things, both only with a microphone and a visible pacer: plain hints about the signal ("move closer",
"too noisy"), and the calibration refinement the pacer's schedule allows (its exhales tell when the player
is most likely breathing out, so the levels heard then refine the device's saved profile).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from breath_input.calibration import CalibrationProfile, CalibrationRefiner
from game.sim.signal_hints import SignalHints

if TYPE_CHECKING:
    from breath_input.sources import BreathSource
    from game.sim.session import PlaySession


def microphone_of(source: BreathSource) -> Any | None:
    """The microphone source (also inside its keyboard safety net), or None with any other input."""
    mic = _inner(source)
    return mic if getattr(mic, "capture", None) is not None else None


def _inner(source: BreathSource) -> Any:
    """The source inside a keyboard safety net (WithKeyboard.primary), or the source itself."""
    return getattr(source, "primary", source)


class MicPlay:
    """Feed :meth:`step` once per play step with the current source; read :attr:`hint`."""

    def __init__(self, *, step_s: float = 1 / 60) -> None:
        self.hints = SignalHints(step_s=step_s)
        self.refiner = CalibrationRefiner(step_s=step_s)

    @property
    def hint(self) -> str | None:
        return self.hints.hint

    def step(self, source: BreathSource, session: PlaySession, *, show_pacer: bool) -> None:
        mic = microphone_of(source)
        playing = session.t >= 0 and show_pacer  # the lead-in and pacer-less levels say nothing
        detector = getattr(_inner(source), "detector", None)  # a WAV recording has one too: hints apply
        if detector is None or not playing:
            self.hints.hint = None
        else:
            self.hints.step(
                pacer_exhaling=session.pacer_state.exhaling,
                player_exhaling=session.reading.exhaling,
                noise_floor_db=getattr(detector, "noise_floor_db", None),
                confidence=session.reading.confidence,
            )
        if mic is not None and playing:
            self.refiner.observe(
                level_db=getattr(mic, "level_db", None),
                pacer_exhaling=session.pacer_state.exhaling,
                detected_exhale=session.reading.exhaling,
            )

    def refined_profile(self, source: BreathSource, saved: Any) -> tuple[str, CalibrationProfile] | None:
        """After the play: (device name, its profile nudged toward what play showed), or None.

        Args:
            source: the play's source (the microphone, or whatever replaced it).
            saved: a callable giving the device's saved profile (or None) from its name.
        """
        mic = microphone_of(source)
        device = getattr(getattr(mic, "capture", None), "device_name", "")
        if mic is None or not device:
            return None
        profile = self.refiner.refined(saved(device), device=device)
        return None if profile is None else (device, profile)
