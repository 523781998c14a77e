"""The one vocabulary every breath source speaks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Phase(str, Enum):
    """What the breath is doing. PAUSE means "unknown or resting": never scored."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    PAUSE = "pause"


@dataclass(frozen=True, slots=True)
class BreathReading:
    """One timestamped observation of the breath.

    Attributes:
        t: seconds on the source's own clock (game time for live sources, sample count / rate for audio).
        phase: the detected phase.
        flow: exhale airflow strength, 0..1 (0 when not exhaling).
        confidence: how sure the source is, 0..1. Scoring ignores low-confidence stretches.
    """

    t: float
    phase: Phase
    flow: float
    confidence: float

    @property
    def exhaling(self) -> bool:
        return self.phase is Phase.EXHALE


QUIET = BreathReading(t=0.0, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
