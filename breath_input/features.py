"""Acoustic features of analysis frames, pure numpy.

Every function takes one frame, shape ``(n,)``, or a batch, shape ``(frames, n)``, and works on the last axis,
so a streaming detector can compute the features of all complete hops of a block in one call. Levels are in
dB relative to full scale (a full-scale sine is about -3 dB), frequencies in Hz.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = [
    "DEFAULT_BAND_EDGES_HZ",
    "FrameAnalyser",
    "FrameFeatures",
    "band_energies_db",
    "band_ratio_db",
    "crest_factor",
    "lag_correlation",
    "power_spectrum",
    "rms_db",
    "spectral_centroid",
    "spectral_flatness",
    "zero_crossing_rate",
]

#: Fine analysis bands. Groups: < 500 Hz (the rumble of exhaled air hitting the capsule, also hum),
#: 500-2000 Hz (voice formants, inhale hiss), 2000-6000 Hz (turbulence, fricatives, clicks).
DEFAULT_BAND_EDGES_HZ: tuple[float, ...] = (50, 150, 300, 500, 800, 1250, 2000, 3000, 4500, 6000)

_EPS = 1e-12  # power floor: -120 dB, below any 24-bit converter's noise


def _check_frames(frames: np.ndarray, name: str = "frames") -> np.ndarray:
    arr = np.asarray(frames, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[-1] < 2:
        raise ValueError(f"{name}: expected shape (n,) or (frames, n) with n >= 2, got {arr.shape}")
    return arr


def _check_rate(sample_rate: float) -> None:
    if not sample_rate > 0:
        raise ValueError(f"sample_rate must be > 0 Hz, got {sample_rate!r}")


def rms_db(frames: np.ndarray) -> np.ndarray:
    """RMS level of each frame.

    Args:
        frames: samples in -1..1, shape ``(n,)`` or ``(frames, n)``.

    Returns:
        dBFS, shape ``()`` or ``(frames,)``; silence gives -120 dB rather than -inf.
    """
    arr = _check_frames(frames)
    levels: np.ndarray = 10.0 * np.log10(np.mean(arr * arr, axis=-1) + _EPS)
    return levels


def power_spectrum(frames: np.ndarray, *, sample_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """Hann-windowed power spectrum, scaled so that summing the bins gives the frame's mean-square power.

    Args:
        frames: shape ``(n,)`` or ``(frames, n)``.
        sample_rate: Hz.

    Returns:
        ``(power, freqs)``: power shape ``(..., n // 2 + 1)`` (linear, full-scale = 1), bin centres in Hz.
    """
    arr = _check_frames(frames)
    _check_rate(sample_rate)
    n = arr.shape[-1]
    window = np.hanning(n + 2)[1:-1]  # no zero end-points: every sample counts
    spec = np.fft.rfft(arr * window, axis=-1)
    power = (spec.real**2 + spec.imag**2) * (2.0 / (n * np.sum(window**2)))
    return power, np.fft.rfftfreq(n, 1.0 / sample_rate)


def _band_masks(freqs: np.ndarray, edges_hz: tuple[float, ...] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.asarray(edges_hz, dtype=np.float64)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"edges_hz must be >= 2 increasing frequencies, got {edges_hz!r}")
    nyquist = freqs[-1]
    masks = []
    kept = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        # A band above Nyquist simply does not exist at this rate (a 4.5 kHz stethoscope has no 2-6 kHz band).
        mask = (freqs >= lo) & (freqs < min(hi, nyquist + 1e-9))
        if lo < nyquist and mask.any():
            masks.append(mask)
            kept.append((lo, min(hi, nyquist)))
    if not masks:
        return np.zeros((freqs.size, 0)), np.zeros((0, 2))
    return np.stack(masks, axis=1).astype(np.float64), np.asarray(kept)


def band_energies_db(
    power: np.ndarray, freqs: np.ndarray, *, edges_hz: tuple[float, ...] = DEFAULT_BAND_EDGES_HZ
) -> tuple[np.ndarray, np.ndarray]:
    """Energy in each frequency band.

    Args:
        power: from :func:`power_spectrum`, shape ``(..., bins)``.
        freqs: bin centres in Hz, shape ``(bins,)``.
        edges_hz: increasing band edges; bands wholly above Nyquist are dropped.

    Returns:
        ``(energy_db, bands)``: dBFS shape ``(..., kept_bands)`` and the kept ``(lo, hi)`` pairs in Hz.
    """
    masks, bands = _band_masks(np.asarray(freqs), edges_hz)
    return 10.0 * np.log10(np.asarray(power) @ masks + _EPS), bands


def band_ratio_db(
    power: np.ndarray, freqs: np.ndarray, *, num_hz: tuple[float, float], den_hz: tuple[float, float]
) -> np.ndarray:
    """Energy in band ``num_hz`` over energy in band ``den_hz``, in dB (e.g. rumble over hiss)."""
    freqs = np.asarray(freqs)
    for name, (lo, hi) in (("num_hz", num_hz), ("den_hz", den_hz)):
        if not 0 <= lo < hi:
            raise ValueError(f"{name} must be (lo, hi) with 0 <= lo < hi, got {(lo, hi)!r}")
    num = np.sum(np.where((freqs >= num_hz[0]) & (freqs < num_hz[1]), power, 0.0), axis=-1)
    den = np.sum(np.where((freqs >= den_hz[0]) & (freqs < den_hz[1]), power, 0.0), axis=-1)
    ratio_db: np.ndarray = 10.0 * np.log10((num + _EPS) / (den + _EPS))
    return ratio_db


def spectral_flatness(power: np.ndarray) -> np.ndarray:
    """Geometric over arithmetic mean of the power bins: ~0.5 for noise, near 0 for tones and voiced speech.

    Args:
        power: shape ``(..., bins)``, linear.

    Returns:
        0..1, shape ``(...)``.
    """
    p = np.asarray(power, dtype=np.float64) + _EPS
    flatness: np.ndarray = np.exp(np.mean(np.log(p), axis=-1)) / np.mean(p, axis=-1)
    return flatness


def spectral_centroid(power: np.ndarray, freqs: np.ndarray) -> np.ndarray:
    """Power-weighted mean frequency in Hz, shape ``(...)``; 0 for silence."""
    p = np.asarray(power, dtype=np.float64)
    total = np.sum(p, axis=-1)
    return np.where(total > _EPS, (p @ np.asarray(freqs, dtype=np.float64)) / np.maximum(total, _EPS), 0.0)


def zero_crossing_rate(frames: np.ndarray) -> np.ndarray:
    """Fraction of adjacent sample pairs that change sign, 0..1, shape ``()`` or ``(frames,)``."""
    arr = _check_frames(frames)
    signs = np.signbit(arr)
    crossings: np.ndarray = np.mean(signs[..., 1:] != signs[..., :-1], axis=-1)
    return crossings


def crest_factor(frames: np.ndarray, *, n_sub: int = 6) -> np.ndarray:
    """Peak over mean energy of ``n_sub`` equal sub-blocks: ~1.5 for steady noise, ``n_sub`` for a click.

    Args:
        frames: shape ``(n,)`` or ``(frames, n)`` with ``n >= n_sub``; trailing samples that do not fill a
            sub-block are ignored.
        n_sub: number of sub-blocks, >= 2.

    Returns:
        1..n_sub, shape ``()`` or ``(frames,)``.
    """
    arr = _check_frames(frames)
    if n_sub < 2 or arr.shape[-1] < n_sub:
        raise ValueError(
            f"n_sub must be in 2..{arr.shape[-1]} for frames of {arr.shape[-1]} samples, got {n_sub}"
        )
    size = arr.shape[-1] // n_sub
    sub = arr[..., : size * n_sub].reshape(*arr.shape[:-1], n_sub, size)
    energy = np.sum(sub * sub, axis=-1) + _EPS
    crest: np.ndarray = np.max(energy, axis=-1) / np.mean(energy, axis=-1)
    return crest


def lag_correlation(frames: np.ndarray, *, frame_len: int, lags: tuple[int, ...]) -> np.ndarray:
    """Highest normalised correlation between each frame and itself ``lag`` samples earlier.

    Mains hum repeats exactly every 20 ms (50 Hz) or 16.7 ms (60 Hz), a period too long for a 32 ms frame's
    pitch search; this looks straight at those lags. Noise gives ~0, hum near 1.

    Args:
        frames: shape ``(frames, frame_len + max(lags))``: each row holds ``max(lags)`` samples of history
            before the frame proper, which is the last ``frame_len`` samples.
        frame_len: samples in the frame proper.
        lags: positive lags in samples, each <= the history length.

    Returns:
        -1..1, shape ``(frames,)``.
    """
    arr = np.asarray(frames, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    hist = arr.shape[1] - frame_len
    if not lags or min(lags) < 1 or max(lags) > hist:
        raise ValueError(f"lags must be in 1..{hist} (history before the frame), got {lags!r}")
    now = arr[:, hist:]
    e_now = np.einsum("ij,ij->i", now, now)
    best = np.full(arr.shape[0], -1.0)
    for lag in lags:
        past = arr[:, hist - lag : hist - lag + frame_len]
        c = np.einsum("ij,ij->i", now, past) / np.sqrt(e_now * np.einsum("ij,ij->i", past, past) + _EPS)
        best = np.maximum(best, c)
    return best


class FrameFeatures(NamedTuple):
    """Features of a batch of frames; every field has a leading ``(frames,)`` axis."""

    energy_db: np.ndarray  # (frames,) RMS level, dBFS
    band_power: np.ndarray  # (frames, bands) linear mean-square power per band
    band_flatness: np.ndarray  # (frames, bands) spectral flatness inside each band, 0..1
    centroid_hz: np.ndarray  # (frames,) spectral centroid of the analysed range
    zcr: np.ndarray  # (frames,) zero-crossing rate, 0..1
    crest: np.ndarray  # (frames,) sub-block energy crest factor, 1..n_sub
    periodicity: (
        np.ndarray
    )  # (frames,) peak normalised autocorrelation at pitch lags, ~0.2 noise, >0.5 voiced


class FrameAnalyser:
    """All frame features in one vectorised pass, with the window and band matrices computed once.

    The periodicity is the highest autocorrelation of the band-whitened spectrum (bins up to 4 kHz) at lags
    of 2.5-15 ms (pitches of 67-400 Hz), corrected for the window: whitening makes coloured noise (exhale
    rumble, fans) look white, so only harmonic sounds (voice, hum harmonics) reach high values.

    Args:
        sample_rate: Hz.
        frame_len: samples per frame, >= 16.
        edges_hz: band edges (see :data:`DEFAULT_BAND_EDGES_HZ`).
        n_sub: sub-blocks for the crest factor.
    """

    def __init__(
        self,
        *,
        sample_rate: float,
        frame_len: int,
        edges_hz: tuple[float, ...] = DEFAULT_BAND_EDGES_HZ,
        n_sub: int = 6,
        ac_max_hz: float = 4000.0,
        extras: bool = True,
    ) -> None:
        _check_rate(sample_rate)
        if frame_len < 16:
            raise ValueError(f"frame_len must be >= 16 samples, got {frame_len!r}")
        self.sample_rate = float(sample_rate)
        self.frame_len = int(frame_len)
        self.n_sub = int(n_sub)
        self.extras = bool(extras)
        window = np.hanning(frame_len + 2)[1:-1]
        self._window = window
        self._scale = 2.0 / (frame_len * np.sum(window**2))
        freqs = np.fft.rfftfreq(frame_len, 1.0 / sample_rate)
        masks, self.bands = _band_masks(freqs, edges_hz)
        used = np.asarray(masks.any(axis=1) if masks.size else np.zeros(freqs.size, dtype=bool))
        if not used.any():
            raise ValueError(f"no analysis band below Nyquist ({sample_rate / 2} Hz) for edges {edges_hz!r}")
        # Only the bins inside some band are kept: DC, sub-50 Hz handling noise and the anti-alias slope
        # would only add cost and bias.
        self._lo_bin = int(np.argmax(used))
        self._hi_bin = int(used.size - np.argmax(used[::-1]))
        self.freqs = freqs[self._lo_bin : self._hi_bin]
        self._masks = masks[self._lo_bin : self._hi_bin]
        self._counts = np.maximum(self._masks.sum(axis=0), 1.0)
        self._mean_masks = self._masks / self._counts
        self._spread = self._masks.T.copy()  # band -> bins, to whiten the spectrum
        self.band_centres = np.sqrt(np.maximum(self.bands[:, 0], 1.0) * self.bands[:, 1])
        # Periodicity from the bins below 4 kHz: voice harmonics live there, and a short inverse FFT is cheap.
        self._ac_bins = max(self._lo_bin + 2, min(freqs.size, int(ac_max_hz * frame_len / sample_rate) + 1))
        self._spec_bins = max(self._hi_bin, self._ac_bins)
        self._n_ac = 2 * (self._ac_bins - 1)
        lag_rate = self._n_ac * sample_rate / frame_len  # ac samples per second
        self._lag_lo = max(1, int(round(0.0025 * lag_rate)))
        self._lag_hi = max(self._lag_lo + 1, min(int(round(0.015 * lag_rate)), self._n_ac // 2))
        w_pow = np.abs(np.fft.rfft(window)[: self._ac_bins]) ** 2
        acw = np.fft.irfft(w_pow, n=self._n_ac)
        self._acw = acw[self._lag_lo : self._lag_hi] / acw[0]
        # Precomputed for the hot path (:meth:`core`): the power scale folded into the window, the band mean
        # folded into the whitening matrix, the window correction as a product.
        self._window_scaled = window * np.sqrt(self._scale)
        self._white_hi = min(self._hi_bin, self._ac_bins)
        self._spread_mean = (self._spread / self._counts[:, None])[:, : self._white_hi - self._lo_bin].copy()
        self._inv_acw = 1.0 / self._acw
        self._sub_size = self.frame_len // self.n_sub
        # Each band's bins are one run (the masks are adjacent intervals), so band sums are np.add.reduceat:
        # unlike a BLAS product, it sums a frame's bins alike whatever the batch (block-size invariance).
        self._band_starts = np.argmax(self._masks, axis=0)
        runs = np.add.reduceat(np.eye(self._masks.shape[0]), self._band_starts, axis=0).T
        self._bands_are_runs = bool(np.array_equal(runs, self._masks))
        self._bin_band = np.argmax(self._masks[: self._white_hi - self._lo_bin], axis=1)

    @property
    def n_bands(self) -> int:
        return int(self._masks.shape[1])

    def core(self, arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The features a streaming detector needs, with no input checks and as few numpy calls as possible.

        Args:
            arr: float64, shape ``(frames, frame_len)``.

        Returns:
            ``(power, band_power, periodicity, crest)``; power is the in-band spectrum (+ a tiny floor).
        """
        n = arr.shape[0]
        spec = np.fft.rfft(arr * self._window_scaled, axis=-1)[:, self._lo_bin : self._hi_bin]
        power = np.abs(spec)
        power *= power
        power += _EPS
        # No BLAS products here: their rounding depends on the batch's shape (see __init__).
        if self._bands_are_runs:
            band_power = np.add.reduceat(power, self._band_starts, axis=1)
        else:
            band_power = np.einsum("ij,jk->ik", power, self._masks)
        # Periodicity: autocorrelation of the band-whitened spectrum below ac_max_hz.
        white = np.zeros((n, self._ac_bins))
        k = self._white_hi - self._lo_bin
        band_mean = band_power / self._counts
        np.divide(power[:, :k], band_mean[:, self._bin_band], out=white[:, self._lo_bin : self._white_hi])
        ac = np.fft.irfft(white, n=self._n_ac, axis=-1)
        periodicity = np.maximum.reduce(ac[:, self._lag_lo : self._lag_hi] * self._inv_acw, axis=1)
        periodicity /= ac[:, 0]  # > 0: every whitened bin is
        # Crest: peak over mean of the sub-block energies.
        sub = arr[:, : self._sub_size * self.n_sub].reshape(n, self.n_sub, self._sub_size)
        sub_e = np.einsum("ijk,ijk->ij", sub, sub)
        sub_e += _EPS
        crest = np.maximum.reduce(sub_e, axis=1) / (sub_e.sum(axis=1) / self.n_sub)
        return power, band_power, periodicity, crest

    def pitch(
        self, power: np.ndarray, floor: np.ndarray | None = None, max_hz: float = 1500.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pitch of each frame from :meth:`core`'s ``power`` (the hum tracker's; the air detector never pays
        for it).

        The autocorrelation of the power spectrum below ``max_hz``, not whitened: a hum's harmonics are strong
        only there, and breath noise, broadband, would swamp a whitened measure. The peak lag is refined by a
        parabola through its neighbours; a peak at half the lag nearly as high wins (the usual octave-down
        slip of an autocorrelation). With a per-band noise ``floor`` (band powers), the floor is taken off
        each bin first, so a steady fan or room tone does not dilute the measure.

        Returns:
            ``(pitch_hz, strength)``, shape ``(frames,)`` each; strength (about the share of the power below
            ``max_hz`` that is harmonic) is the correlation at that lag.
        """
        n = power.shape[0]
        spec = np.zeros((n, self._ac_bins))
        top = min(self._ac_bins, int(max_hz * self.frame_len / self.sample_rate) + 1)
        k = top - self._lo_bin
        if floor is None:
            spec[:, self._lo_bin : top] = power[:, :k]
        else:
            np.maximum(power[:, :k] - floor @ self._spread_mean[:, :k], 0.0, out=spec[:, self._lo_bin : top])
            spec[:, self._lo_bin] += _EPS  # never all zero
        ac = np.fft.irfft(spec, n=self._n_ac, axis=-1)
        lo, hi = self._lag_lo, self._lag_hi
        seg = ac[:, lo - 1 : hi + 1] / ac[:, :1]  # lag_lo >= 1: a neighbour on each side for the parabola
        corr = seg[:, 1:-1] * self._inv_acw
        idx = np.arange(n)
        best = np.argmax(corr, axis=1)
        strength = corr[idx, best]
        for div in (2, 3):  # the lag an octave (or a twelfth) up, when it is in range and nearly as strong
            up = np.rint((best + lo) / div).astype(np.intp) - lo
            ok = up >= 0
            val = np.where(ok, corr[idx, np.maximum(up, 0)], -1.0)
            best = np.where(ok & (val >= 0.75 * strength), up, best)
        strength = corr[idx, best]
        y0, y1, y2 = seg[idx, best], seg[idx, best + 1], seg[idx, best + 2]
        den = y0 - 2.0 * y1 + y2
        safe = np.where(np.abs(den) > _EPS, den, 1.0)
        shift = np.where(np.abs(den) > _EPS, 0.5 * (y0 - y2) / safe, 0.0)
        lag = best + lo + np.minimum(np.maximum(shift, -0.5), 0.5)  # np.clip costs more per call
        pitch_hz: np.ndarray = self._n_ac * self.sample_rate / self.frame_len / lag
        return pitch_hz, strength

    def __call__(self, frames: np.ndarray) -> FrameFeatures:
        """Features of ``frames``, shape ``(frames, frame_len)``; ``(frame_len,)`` is one frame."""
        arr = np.asarray(frames, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.frame_len:
            raise ValueError(f"frames: expected shape (frames, {self.frame_len}), got {np.shape(frames)}")
        power, band_power, periodicity, crest = self.core(arr)
        band_mean = band_power / self._counts
        centroid = (power @ self.freqs) / power.sum(axis=1)
        if self.extras:
            energy_db = 10.0 * np.log10(np.einsum("ij,ij->i", arr, arr) / self.frame_len + _EPS)
            band_flatness = np.exp(np.log(power) @ self._mean_masks) / band_mean
            signs = np.signbit(arr)
            zcr = np.count_nonzero(signs[:, 1:] != signs[:, :-1], axis=1) / (self.frame_len - 1)
        else:
            energy_db = zcr = np.zeros(0)
            band_flatness = np.zeros((0, self.n_bands))
        return FrameFeatures(energy_db, band_power, band_flatness, centroid, zcr, crest, periodicity)
