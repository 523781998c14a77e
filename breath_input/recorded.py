"""A recording played through the streaming detector as if it were the microphone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from breath_input.types import QUIET, BreathReading, Phase
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

    @property
    def failed(self) -> str | None:
        return None

    def close(self) -> None:
        self.samples = np.zeros(0, dtype=np.float32)


class WithKeyboard:
    """The microphone with the breath key as a safety net: while the key is held, the key speaks."""

    def __init__(self, primary: Any, keyboard: Any) -> None:
        self.primary = primary
        self.keyboard = keyboard
        self.name = primary.name
        self._held = False

    def set_pressed(self, pressed: bool, t: float) -> None:
        self._held = pressed
        self.keyboard.set_pressed(pressed, t)

    def read(self, t: float) -> BreathReading:
        mic = self.primary.read(t)  # always drain, so the microphone's queue never backs up
        return self.keyboard.read(t) if self._held else mic

    @property
    def failed(self) -> str | None:
        return self.primary.failed

    def close(self) -> None:
        self.primary.close()
