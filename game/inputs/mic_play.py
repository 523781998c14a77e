"""What a play does beside the breath when the breath comes from a microphone. Pure: no pygame.

Three things, all only with a microphone and a visible pacer: plain hints about the signal ("move closer",
"too noisy"), and the calibration refinement the pacer's schedule allows (its exhales tell when the player
is most likely breathing out, so the levels heard then refine the device's saved profile); and after the
play, a refit of the detector's ear to this microphone from the hops where the pacer and the detector
agreed surely, kept only when it hears held-back hops better than the ear in use (`adaptation.play_refit`).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from breath_input.adaptation import LEVEL_COLUMN, Adaptation, layer_to_dict, play_refit
from breath_input.calibration import ADAPT_EPOCHS, CalibrationRefiner
from breath_input.calibration_profile import CalibrationProfile
from breath_input.frame_model import context_features, default_model
from breath_input.hop_log import KEEP_S, HopLog
from breath_input.types import SourceStatus
from game.sim.signal_hints import SignalHints

if TYPE_CHECKING:
    from game.sim.session import PlaySession


PACER_CLASS = {"exhale": 1, "inhale": 2, "inhale2": 2}  # the guide's phase as the classifier's classes


class MicPlay:
    """Feed :meth:`step` once per play step with the source's status; read :attr:`hint`."""

    def __init__(self, *, step_s: float = 1 / 60) -> None:
        self.hints = SignalHints(step_s=step_s)
        self.refiner = CalibrationRefiner(step_s=step_s)
        self.device = ""  # the microphone heard during the play, for the refined profile
        self.hops: HopLog | None = None  # the microphone's hops, for the refit
        keep = int(KEEP_S / step_s) + 1  # the guide's phase at each step, as long as the hops are kept
        self.step_t: deque[float] = deque(maxlen=keep)
        self.step_class: deque[int] = deque(maxlen=keep)
        self.refit: Adaptation | None = None  # the refit's decision, once made

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
            if status.hops is not None:
                self.hops = status.hops
                self.step_t.append(session.t)
                self.step_class.append(PACER_CLASS.get(session.pacer_state.phase, 0))

    def refined_profile(
        self, saved: Callable[[str], CalibrationProfile | None]
    ) -> tuple[str, CalibrationProfile] | None:
        """After the play: (device name, its profile nudged toward what play showed), or None.

        Args:
            saved: the device's saved profile (or None) from its name.
        """
        if not self.device:
            return None
        old = saved(self.device)
        profile = self.refiner.refined(old, device=self.device)
        fitted = self._refit()
        levels = profile if profile is not None else old  # a refit needs the levels it was heard with
        if fitted is not None and levels is not None:
            profile = dataclasses.replace(levels, adaptation=fitted)
        return None if profile is None else (self.device, profile)

    def _refit(self) -> dict[str, Any] | None:
        """The ear refitted from this play's sure, agreeing hops, as stored; None to keep the one in use."""
        if self.hops is None or not self.step_t:
            return None
        hops = self.hops.hops()
        if not len(hops.classes):
            return None
        steps_t = np.array(self.step_t)
        i = np.searchsorted(steps_t, hops.at_s, side="right") - 1
        inside = (i >= 0) & (hops.at_s <= steps_t[-1])  # hops heard outside the guided play have no label
        pacer = np.where(inside, np.array(self.step_class)[np.maximum(i, 0)], -1)
        base = default_model()
        self.refit = play_refit(
            base,
            self.hops.heard_with,  # the ear in use: the refit must hear better than it
            context_features(hops.measurements),
            pacer,
            hops.classes,
            hops.confidence,
            hops.measurements[:, LEVEL_COLUMN],
            epochs=ADAPT_EPOCHS,
        )
        return None if self.refit.model is None else layer_to_dict(self.refit.model, base)
