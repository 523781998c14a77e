"""A device's calibration profile: the room's noise floor and a soft exhale's level. Plain data.

Its own module so the detector (which reads a profile) and calibration (which measures one with the
detector) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


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
