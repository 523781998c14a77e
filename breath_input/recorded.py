"""A recording played through the streaming detector as if it were the microphone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from breath_input.types import QUIET, BreathReading, Phase, SourceStatus
from breath_input.wavfile import read_wav

BLOCK_S = 0.01  # the same block size the live microphone delivers


class RecordedSource:
    """Feeds a WAV file to the detector in 10 ms blocks, up to the session time asked for.

    Audio time 0 is session time 0 (the first pacer cycle); after the end the breath reads as a pause.
    """

    def __init__(self, path: str | Path, detector_factory: Callable[[int], Any]) -> None:
        self.path = Path(path)
        self.samples, self.sample_rate = read_wav(self.path)
        self.detector = detector_factory(self.sample_rate)
        self.name = f"wav:{self.path.name}"
        self.block = max(1, int(round(self.sample_rate * BLOCK_S)))
        self._fed = 0
        self._last: BreathReading = QUIET
        self.duration_s = len(self.samples) / self.sample_rate

    def read(self, t: float) -> BreathReading:
        if t < 0:
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
        want = min(len(self.samples), int(t * self.sample_rate))
        whole = (want - self._fed) // self.block * self.block  # whole 10 ms blocks, as a microphone delivers
        if whole > 0:
            readings = self.detector.process(self.samples[self._fed : self._fed + whole])
            self._fed += whole
            if readings:
                self._last = readings[-1]
        if self._fed >= len(self.samples) - self.block and t > self.duration_s:
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
        r = self._last
        return BreathReading(t=t, phase=r.phase, flow=r.flow, confidence=r.confidence)

    def key(self, pressed: bool, t: float) -> None:
        pass  # a recording plays as it was made

    def status(self) -> SourceStatus:
        return SourceStatus(
            backend="recording",
            device=self.path.name,
            listens=True,
            noise_floor_db=self.detector.noise_floor_db,
        )

    def breaths_per_minute(self) -> float | None:
        return self.detector.breaths_per_minute()

    def close(self) -> None:
        self.samples = np.zeros(0, dtype=np.float32)
