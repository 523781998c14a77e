"""Calibration: the room's noise floor and the player's soft-exhale level, per input device.

Calibration is optional: the detector learns the floor by itself within a second or two. A profile only gives
it a head start and scales ``flow`` so that a soft exhale reads near the top of the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from breath_input.detector import analysis_levels_db

__all__ = ["CalibrationProfile", "calibrate"]


@dataclass
class CalibrationProfile:
    """Levels measured in the detector's analysis band (50 Hz-6 kHz), dBFS.

    Attributes:
        noise_floor_db: the typical level of the quiet room.
        exhale_level_db: the typical level of a soft exhale toward the microphone.
        device: the input device's name, so each microphone keeps its own profile.
    """

    noise_floor_db: float
    exhale_level_db: float
    device: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "noise_floor_db": self.noise_floor_db,
            "exhale_level_db": self.exhale_level_db,
            "device": self.device,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CalibrationProfile:
        """Build a profile from :meth:`to_dict` output (e.g. loaded from JSON).

        Raises:
            ValueError: a level is missing or not a finite number.
        """
        try:
            floor = float(data["noise_floor_db"])
            level = float(data["exhale_level_db"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"calibration profile needs numeric noise_floor_db and exhale_level_db, got {data!r}"
            ) from exc
        if not (np.isfinite(floor) and np.isfinite(level)):
            raise ValueError(f"calibration levels must be finite, got {floor!r} and {level!r}")
        return cls(floor, level, str(data.get("device", "")))


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
    floor = float(np.median(analysis_levels_db(q, sample_rate)))
    levels = np.sort(analysis_levels_db(e, sample_rate))
    loud = levels[int(len(levels) * 2 / 3) :]
    level = max(float(np.median(loud)), floor + 6.0)
    return CalibrationProfile(round(floor, 2), round(level, 2), device)
