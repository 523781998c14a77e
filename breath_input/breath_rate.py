"""The breathing rate: the periodicity of a slow breath envelope over the last minute.

One envelope per band above 150 Hz (heart sounds and thumps stay out), each the band's level above its floor,
at 10 Hz. Inhale and exhale sound different, so each band repeats once per breath, where one broadband
envelope shows two alike bumps per breath on a microphone that hears both (a stethoscope, a quiet room).
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

__all__ = ["RateEnvelope", "estimate_bpm"]

WINDOW_S = 60.0
HOPS_PER_SAMPLE = 10  # hops per envelope sample (10 Hz at 10 ms hops)


class RateEnvelope:
    """The last minute of the breath envelope, fed with the per-hop band levels of heard hops."""

    def __init__(self, hop_s: float, n_bands: int):
        self._n_bands = n_bands
        self._rate = 1.0 / (hop_s * HOPS_PER_SAMPLE)  # envelope samples per second
        self._rows: deque[np.ndarray] = deque(maxlen=int(WINDOW_S * self._rate))
        self._acc = np.zeros(n_bands)
        self._n = 0  # hops in _acc

    def add(self, rows: np.ndarray) -> None:
        """Average hop rows (dB above the floor, shape ``(n, bands)``), ``HOPS_PER_SAMPLE`` at a time."""
        i, m = 0, rows.shape[0]
        while i < m:
            take = min(HOPS_PER_SAMPLE - self._n, m - i)
            self._acc += rows[i] if take == 1 else rows[i : i + take].sum(axis=0)
            self._n += take
            i += take
            if self._n == HOPS_PER_SAMPLE:
                self._rows.append(self._acc / HOPS_PER_SAMPLE)
                self._acc = np.zeros(self._n_bands)
                self._n = 0

    def bpm(self) -> float | None:
        """Breaths per minute (see :func:`estimate_bpm`), or None."""
        env = np.array(self._rows, dtype=np.float64).reshape(-1, self._n_bands)
        return estimate_bpm(env, rate=self._rate)


def estimate_bpm(
    env: np.ndarray, *, rate: float, min_s: float = 15.0, min_strength: float = 0.2, min_depth_db: float = 1.0
) -> float | None:
    """Breathing rate from an envelope's autocorrelation.

    The envelope is lightly smoothed and its autocorrelation computed by FFT; the highest peak at a lag of
    1.5-20 s (40-3 breaths/min) gives the period. The plain (biased) autocorrelation is used on purpose: its
    gentle penalty on long lags settles most "two cycles instead of one" confusions, and on the dev
    recordings it beat the unbiased one with harmonic checks.

    An envelope of several bands, shape ``(n, bands)``, is one vector-valued signal: its autocorrelation is
    the sum of the bands' (each weighted by how much it moves), so a rhythm only the spectrum tells apart -
    inhale low and exhale high, alike in level - still shows at its true period.

    Args:
        env: breath envelope sampled at ``rate`` Hz, shape ``(n,)`` or ``(n, bands)``, oldest first.
        rate: envelope samples per second.
        min_s: seconds of envelope needed before answering.
        min_strength: lowest normalised autocorrelation accepted as a rhythm.
        min_depth_db: lowest standard deviation of the envelope (dB) that can carry a rhythm.

    Returns:
        Breaths per minute in 3..40, or None when too short, silent or without a clear period.
    """
    env = np.asarray(env, dtype=np.float64)
    if env.ndim == 1:
        env = env[:, None]
    if env.ndim != 2:
        raise ValueError(f"env: expected shape (n,) or (n, bands), got {env.shape}")
    n = env.shape[0]
    if n < min_s * rate or n < 8 or env.shape[1] == 0:
        return None
    padded = np.pad(env, ((1, 1), (0, 0)))
    smooth = (padded[:-2] + padded[1:-1] + padded[2:]) / 3.0  # a 3-point mean, zero beyond the ends
    x = smooth - smooth.mean(axis=0)
    if float(np.sqrt(np.mean(x * x))) < min_depth_db:
        return None  # a flat envelope (silence, a fan) has no rhythm, whatever its autocorrelation says
    nfft = 1 << int(math.ceil(math.log2(2 * n)))
    spec = np.fft.rfft(x, nfft, axis=0)
    ac = np.fft.irfft((spec.real**2 + spec.imag**2).sum(axis=1), nfft)[:n]
    ac = ac / ac[0]
    lo = max(1, int(rate * 60.0 / 40.0))
    hi = min(n - 1, int(rate * 60.0 / 3.0) + 2)
    if hi <= lo + 2:
        return None
    lags = np.arange(lo + 1, hi - 1)
    peaks = lags[(ac[lags] > ac[lags - 1]) & (ac[lags] >= ac[lags + 1])]
    if peaks.size == 0:
        return None
    best = int(peaks[np.argmax(ac[peaks])])
    if ac[best] < min_strength:
        return None
    # Parabolic interpolation of the peak for sub-sample lag precision.
    a, b, c = ac[best - 1], ac[best], ac[best + 1]
    denom = a - 2 * b + c
    shift = 0.5 * (a - c) / denom if denom < 0 else 0.0
    return float(60.0 * rate / (best + shift))
