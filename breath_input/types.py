"""The one vocabulary every breath source speaks."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breath_input.hop_log import HopLog


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


@dataclass(frozen=True, slots=True)
class HumStatus:
    """What a detector listening for hummed exhales (hum mode) heard: the hum now, or the last one.

    Attributes:
        humming: a hum is being heard now (its readings are exhales).
        pitch_hz: the hum's pitch (the median of its last half second), None before any hum.
        steadiness: 0..1 how steady its pitch is (1: within a few cents; 0.5: wavering ~35 cents).
        pitch_spread_cents: the standard deviation of its pitch, in cents.
        level_db: its loudness above the room's noise floor, dB (mean over the hum).
        level_spread_db: how much that loudness wavered (standard deviation, dB).
        length_s: seconds hummed (from the first voiced moment), so far or in all.
        hums: hums heard since the stream started.
    """

    humming: bool = False
    pitch_hz: float | None = None
    steadiness: float = 0.0
    pitch_spread_cents: float = 0.0
    level_db: float = 0.0
    level_spread_db: float = 0.0
    length_s: float = 0.0
    hums: int = 0


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """What a breath source can say about itself, beside the breath. Cheap: asked once per step.

    Attributes:
        backend: where the breath comes from: "PortAudio" or "SDL" (a microphone), "recording", "keyboard",
            "keys", "synthetic", "replay".
        device: the microphone's or the file's name ("" when there is none).
        microphone: a live microphone (its saved calibration applies and play may refine it).
        listens: the breath is heard through the detector (microphone or recording): signal hints apply.
        level_db: loudness of the latest audio in dBFS, when audio is heard.
        noise_floor_db: the detector's current noise floor in dBFS, once learnt.
        problem: why the source stopped working, in plain words for the screen; None while it works.
        hum: what a detector in hum mode heard (the hum now, or the last one); None when not listening for
            hums.
        hops: a microphone's recent hops as its classifier heard them (measurements, never audio), for
            play's refit of the ear to this microphone; None for other sources and in hum mode.
    """

    backend: str
    device: str = ""
    microphone: bool = False
    listens: bool = False
    level_db: float | None = None
    noise_floor_db: float | None = None
    problem: str | None = None
    hum: HumStatus | None = None
    hops: HopLog | None = None
