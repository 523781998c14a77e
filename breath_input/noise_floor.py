"""The per-band noise floor: what the room sounds like when nobody breathes.

A low percentile of each band's level over the last 20 s, corrected to the noise's typical level. Stationary
sound - fans, hum, room tone - sits in the floor, so the classifier sees each band's level above it, which
does not change with microphone gain or a device's EQ (both scale the noise too).
"""

from __future__ import annotations

import functools

import numpy as np

from breath_input.features import FrameAnalyser

__all__ = ["NoiseFloor", "floor_biases"]

_EPS = 1e-12
PERCENTILE = 10.0
MIN_SAMPLES = 20  # floor samples before the low percentile is trusted


@functools.lru_cache(maxsize=16)
def floor_biases(rate: float, frame_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Per band: mean noise level / its 10th percentile, and mean / median.

    The floor is a low percentile of band levels, which sits below the mean noise level by an amount set only
    by how much a band's level fluctuates, i.e. by its number of bins. It is measured once (per rate and frame
    length, for every detector of the process) on white noise - any stationary Gaussian noise has the same
    in-band statistics - and added back, so the floor is the noise's typical level and a fan does not look
    like a +4 dB event. The same from the median: the smaller of the two estimates wins, so a steady tone
    (hum, whose level never fluctuates) is not pushed up by a correction meant for noise.
    """
    analyser = FrameAnalyser(sample_rate=rate, frame_len=frame_len, extras=False)
    probe = analyser(np.random.default_rng(0).standard_normal((400, frame_len))).band_power
    mean = np.mean(probe, axis=0)
    low = mean / np.percentile(probe, PERCENTILE, axis=0)
    mid = mean / np.percentile(probe, 50.0, axis=0)
    low.flags.writeable = mid.flags.writeable = False  # shared by every detector: never changed in place
    return low, mid


class NoiseFloor:
    """A ring of per-band level samples (dB) and the floor estimated from them.

    Args:
        rate: analysis sample rate; frame_len: analysis frame length (they set the bias corrections).
        n_bands: analyser bands; rows: samples remembered (the window over the sampling interval).
    """

    def __init__(self, rate: float, frame_len: int, n_bands: int, rows: int):
        self._low_bias, self._mid_bias = floor_biases(rate, frame_len)
        self._hist = np.zeros((n_bands, rows))  # band-major: the percentile runs along rows
        self.count = 0  # samples held (up to rows)
        self._pos = 0

    def add(self, band_db: np.ndarray) -> None:
        """Remember one sample: each band's level in dB, shape ``(n_bands,)``."""
        self._hist[:, self._pos] = band_db
        self._pos = (self._pos + 1) % self._hist.shape[1]
        self.count = min(self.count + 1, self._hist.shape[1])

    def estimate(self) -> np.ndarray | None:
        """Band powers of the floor, or None before any sample."""
        if self.count == 0:
            return None
        hist = self._hist[:, : self.count]
        k = int(PERCENTILE / 100.0 * (self.count - 1))
        m = (self.count - 1) // 2
        part = np.partition(hist, (k, m), axis=1)
        low = 10.0 ** (part[:, k] / 10.0) * self._low_bias
        mid = 10.0 ** (part[:, m] / 10.0) * self._mid_bias
        # From a handful of samples the low percentile is their minimum, far below the noise's typical
        # level (a fan would read as a breath for the first half second): trust the median until then.
        floor: np.ndarray = mid if self.count < MIN_SAMPLES else np.minimum(low, mid)
        return floor

    def absorb(self, band_power: np.ndarray) -> None:
        """A sound that has lasted too long to be a breath is the room now: raise the history to it."""
        db = 10.0 * np.log10(band_power + _EPS)
        hist = self._hist[:, : self.count]
        np.maximum(hist, (db - 1.0)[:, None], out=hist)
