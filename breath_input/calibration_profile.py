"""A device's calibration profile: the room's noise floor, a soft exhale's level and, when the microphone
check earned it, the classifier's output layer fitted to the player's breath (breath_input/adaptation.py).
Plain data.

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
        adaptation: the fitted output layer as stored (``adaptation.layer_to_dict``), or None: the
            shipped model. Checked only when used (``adaptation.model_from_layer``), so a damaged or
            outdated layer costs the fit, never the levels.
    """

    noise_floor_db: float
    exhale_level_db: float
    device: str = ""
    adaptation: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "noise_floor_db": self.noise_floor_db,
            "exhale_level_db": self.exhale_level_db,
            "device": self.device,
        }
        if self.adaptation is not None:
            out["adaptation"] = self.adaptation
        return out

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
        adaptation = data.get("adaptation")
        if adaptation is not None and not isinstance(adaptation, dict):
            adaptation = {}  # damaged: model_from_layer refuses it, in plain words, when a play asks
        return cls(floor, level, str(data.get("device", "")), adaptation)
