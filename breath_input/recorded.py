"""A recording played through the streaming detector as if it were the microphone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from breath_input.detector import BreathDetector
from breath_input.types import QUIET, BreathReading, Phase, SourceStatus
from breath_input.wavfile import open_wav

BLOCK_S = 0.01  # the same block size the live microphone delivers
CHUNK_S = 1.0  # the most read and fed at once, when the session jumps ahead


class RecordedSource:
    """Feeds a WAV file to the detector in 10 ms blocks, up to the session time asked for.

    Audio time 0 is session time 0 (the first pacer cycle); after the end the breath reads as a pause. The
    file is read as the session reaches it, at most `CHUNK_S` at a time, so an hour-long recording costs the
    memory of one chunk, not of the file.
    """

    def __init__(self, path: str | Path, detector_factory: Callable[[int], BreathDetector]) -> None:
        self.path = Path(path)
        self._wav = open_wav(self.path)
        self.sample_rate = self._wav.sample_rate
        self.detector = detector_factory(self.sample_rate)
        self.name = f"wav:{self.path.name}"
        self.block = max(1, int(round(self.sample_rate * BLOCK_S)))
        # A whole number of blocks, so cutting a long step into chunks still feeds whole 10 ms blocks.
        self._chunk = self.block * max(1, int(round(CHUNK_S / BLOCK_S)))
        self._frames = self._wav.frames
        self._fed = 0
        self._last: BreathReading = QUIET
        self.duration_s = self._frames / self.sample_rate

    def read(self, t: float) -> BreathReading:
        if t < 0:
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
        want = min(self._frames, int(t * self.sample_rate))
        whole = (want - self._fed) // self.block * self.block  # whole 10 ms blocks, as a microphone delivers
        while whole > 0:
            n = min(whole, self._chunk)
            try:
                samples = self._wav.read(n)
            except ValueError:  # the file went away under us: it ends here
                samples = np.zeros(0, dtype=np.float32)
            if samples.size < n:  # the file shrank since it was opened: it ends here
                self._frames = self._fed + samples.size
                whole = 0
            else:
                whole -= n
            if samples.size:
                readings = self.detector.process(samples)
                self._fed += samples.size
                if readings:
                    self._last = readings[-1]
        if self._fed >= self._frames - self.block and t > self.duration_s:
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
        r = self._last
        return BreathReading(t=t, phase=r.phase, flow=r.flow, confidence=r.confidence)

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        pass  # a recording plays as it was made

    def status(self) -> SourceStatus:
        return SourceStatus(
            backend="recording",
            device=self.path.name,
            listens=True,
            noise_floor_db=self.detector.noise_floor_db,
            hum=self.detector.hum_status(),
        )

    def breaths_per_minute(self) -> float | None:
        return self.detector.breaths_per_minute()

    def close(self) -> None:
        self._wav.close()
