"""Calibration: the room's noise floor and the player's soft-exhale level, per input device, and the
classifier fitted to the player's guided breaths when that is earned (:func:`fit_microphone`).

Calibration is optional: the detector learns the floor by itself within a second or two. A profile only gives
it a head start and scales ``flow`` so that a soft exhale reads near the top of the range.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from breath_input.adaptation import (
    LEVEL_COLUMN,
    Adaptation,
    guarded_adaptation,
    guided_classes,
    layer_to_dict,
)
from breath_input.calibration_profile import CalibrationProfile
from breath_input.detector import BreathDetector
from breath_input.frame_model import MEASURES, FrameModel, context_features, default_model

__all__ = ["CalibrationProfile", "calibrate", "fit_microphone", "guided_measurements"]

ADAPT_EPOCHS = 100  # as measured in docs/performance.md (Per-microphone adaptation)


def calibrate(
    quiet: np.ndarray, exhales: np.ndarray, sample_rate: int, *, device: str = ""
) -> CalibrationProfile:
    """Measure a profile from a few seconds of quiet and a few seconds of soft exhales.

    Args:
        quiet: mono samples of the quiet room, shape ``(n,)``, >= 0.5 s.
        exhales: mono samples of the player breathing out softly toward the mic, shape ``(m,)``, >= 0.5 s.
        sample_rate: Hz.
        device: input device name stored in the profile.

    Returns:
        The floor is the median quiet level; the exhale level is the median of the exhale recording's
        loudest third (the exhales themselves, not the gaps between them), and never below floor + 6 dB.

    Raises:
        ValueError: a recording shorter than 0.5 s.
    """
    q = np.asarray(quiet, dtype=np.float64).reshape(-1)
    e = np.asarray(exhales, dtype=np.float64).reshape(-1)
    for name, x in (("quiet", q), ("exhales", e)):
        if x.size < 0.5 * sample_rate:
            raise ValueError(f"{name}: need >= 0.5 s of audio, got {x.size / sample_rate:.2f} s")
    floor = float(np.median(BreathDetector(sample_rate).analysis_levels_db(q)))
    levels = np.sort(BreathDetector(sample_rate).analysis_levels_db(e))
    loud = levels[int(len(levels) * 2 / 3) :]
    level = max(float(np.median(loud)), floor + 6.0)
    return CalibrationProfile(round(floor, 2), round(level, 2), device)


def guided_measurements(
    samples: np.ndarray, sample_rate: int, profile: CalibrationProfile | None, *, block_s: float = 0.1
) -> np.ndarray:
    """The classifier's per-hop measurements of ``samples``, heard as a play with ``profile`` hears them
    (None: no profile, the floor learnt as the stream goes)."""
    det = BreathDetector(sample_rate, profile=profile)
    det.measurement_log = []
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    step = max(1, int(block_s * sample_rate))
    for i in range(0, x.size, step):
        det.process(x[i : i + step])
    if not det.measurement_log:
        return np.zeros((0, len(MEASURES)))
    return np.concatenate(det.measurement_log)


def fit_microphone(
    quiet: np.ndarray,
    guided: np.ndarray,
    sample_rate: int,
    phases: Sequence[tuple[float, float, str]],
    *,
    device: str = "",
    base: FrameModel | None = None,
) -> tuple[CalibrationProfile, Adaptation]:
    """The microphone check's result: the levels, and the classifier fitted to the guided breaths if earned.

    Args:
        quiet: the quiet room; guided: the guided breaths, both mono.
        phases: the guide's ``(start_s, end_s, "in" | "out")`` over ``guided``; the last cycle (from its
            last "in") is held back to judge the fit.
        base: the model to adapt (default: the shipped one).

    Returns:
        ``(profile, adaptation)``: the profile carries the fitted layer only when the guard kept it.
    """
    profile = calibrate(quiet, guided, sample_rate, device=device)
    base = default_model() if base is None else base
    meas = guided_measurements(guided, sample_rate, profile)
    hop_s = BreathDetector(sample_rate).hop_s
    levels = meas[:, LEVEL_COLUMN]
    classes, weights = guided_classes(levels, phases, hop_s=hop_s)
    last_in = max((start for start, _, phase in phases if phase == "in"), default=0.0)
    decision = guarded_adaptation(
        base,
        context_features(meas),
        classes,
        weights,
        levels,
        hold_from=int(last_in / hop_s),
        epochs=ADAPT_EPOCHS,
    )
    if decision.model is not None:
        profile.adaptation = layer_to_dict(decision.model, base)
    return profile, decision


class CalibrationRefiner:
    """Refines a profile during play, with the pacer's schedule as weak labels.

    The room's level comes from moments the guide says "breathe in" and nothing is heard; the soft-exhale
    level from moments the guide says "breathe out" and the detector agrees. A few minutes of play nudge
    the saved profile; a short or silent session changes nothing.
    """

    MIN_SECONDS = 20.0
    BLEND = 0.3  # how far one session moves the saved profile

    def __init__(self, *, step_s: float) -> None:
        self.step_s = step_s
        self.quiet: list[float] = []
        self.exhale: list[float] = []

    def observe(self, *, level_db: float | None, pacer_exhaling: bool, detected_exhale: bool) -> None:
        """Main thread, once per game step."""
        if level_db is None:
            return
        if pacer_exhaling and detected_exhale:
            self.exhale.append(level_db)
        elif not pacer_exhaling and not detected_exhale:
            self.quiet.append(level_db)

    def refined(self, old: CalibrationProfile | None, *, device: str) -> CalibrationProfile | None:
        """The profile to save after this session, or None when it saw too little to say."""
        need = int(self.MIN_SECONDS / self.step_s)
        if len(self.quiet) < need or len(self.exhale) < need:
            return None
        floor = float(np.median(self.quiet))
        loud = np.sort(self.exhale)
        level = max(float(np.median(loud[len(loud) // 3 :])), floor + 6.0)
        if old is not None:
            floor = old.noise_floor_db + self.BLEND * (floor - old.noise_floor_db)
            level = old.exhale_level_db + self.BLEND * (level - old.exhale_level_db)
        keep = None if old is None else old.adaptation  # the fitted ear stays until the next check
        return CalibrationProfile(round(floor, 2), round(max(level, floor + 6.0), 2), device, keep)
