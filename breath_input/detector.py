"""The streaming breath detector: audio blocks in, one reading per hop out.

The same object runs live (10-20 ms blocks from the microphone) and offline (a file cut into blocks); time is
the sample count over the rate, never a clock, so both give the same readings.

How it decides, per 10 ms hop, from a 32 ms frame ending at that hop:

- The signal is first decimated to ~16 kHz (nothing above 6 kHz matters and the FFTs get 3x cheaper).
- Nine band energies (50 Hz-6 kHz; bands above Nyquist are simply absent) are compared with a per-band
  noise floor, the 10th percentile of the last 20 s. Stationary sound - fans, hum, room tone - sits in the
  floor and is ignored; what stands above it is an *event*.
- An event is an exhale when it is broadband noise (low periodicity of the whitened spectrum, so not voice
  or hum), not a click (energy spread over the frame, not in one spike), and dominated by the
  low-frequency rumble of air hitting the capsule (or, without rumble, about as loud as the previous
  exhales). Quieter hiss with a high centroid is an inhale.
- Hysteresis (on at +6 dB, off at +3 dB), a 30 ms onset confirmation (clicks never get that far), a 150 ms
  hangover that merges gaps, and a 300 ms minimum exhale.
- When nothing is audible, the phase is inferred from the gap since the last exhale (hold, then inhale),
  with low confidence.
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from breath_input.features import FrameAnalyser
from breath_input.types import BreathReading, Phase

if TYPE_CHECKING:
    from breath_input.calibration import CalibrationProfile

__all__ = ["BreathDetector", "analysis_levels_db"]

_EPS = 1e-12
_FRAME_S = 0.032  # long enough to resolve a 100 Hz voice's harmonics, short enough for ~20 ms delay
_TARGET_RATE = 14000.0  # decimate down to no less than this
_FLOOR_WINDOW_S = 20.0  # longer than the longest exhale we expect, so the floor never climbs onto it
_FLOOR_PERCENTILE = 10.0
_FLOOR_STORE_EVERY = 5  # hops between samples of the floor history
_FLOOR_UPDATE_EVERY = 50  # hops between floor re-estimates
_BPM_WINDOW_S = 60.0
_ENV_RATE_HOPS = 10  # hops per envelope sample for the rate estimate (10 Hz at 10 ms hops)

# Decision thresholds, in dB above the noise floor and in hops of 10 ms.
ON_DB = 6.0
OFF_DB = 3.0
INHALE_ON_DB = 4.5
CONFIRM_S = 0.03
INHALE_CONFIRM_S = 0.06
HANGOVER_S = 0.15
MIN_EXHALE_S = 0.3
MAX_EXHALE_S = 15.0  # a "breath" that never ends is a new noise source: absorb it into the floor
VOICED = 0.45  # periodicity above this is voice or a tone, never airflow
CREST_CLICK = 3.8  # a 32 ms frame with most energy in one ~5 ms sub-block is a click
RUMBLE_SHARE = 0.45  # share of the excess energy below 500 Hz that marks air hitting the mic
SPEECH_HOLD_S = 1.0  # voice keeps its unvoiced consonants from looking like breath for this long
POST_EXHALE_HOLD_S = 0.4  # silence right after an exhale: a pause before the inhale
MAX_GAP_INHALE_S = 8.0  # past this, a silent gap is "unknown", not an inhale


def _decimation_factor(sample_rate: int, hop: int) -> int:
    """Largest integer factor keeping >= 14 kHz that divides the hop (so hops stay whole samples)."""
    for factor in range(max(1, int(sample_rate // _TARGET_RATE)), 0, -1):
        if hop % factor == 0:
            return factor
    return 1


def _lowpass(factor: int) -> np.ndarray:
    """Windowed-sinc anti-alias filter for decimating by ``factor``."""
    taps = 16 * factor + 1
    n = np.arange(taps) - (taps - 1) / 2
    cutoff = 0.9 / factor  # fraction of the input Nyquist
    h = cutoff * np.sinc(cutoff * n) * np.blackman(taps)
    return h / h.sum()


class BreathDetector:
    """Streaming breath-phase detector.

    Args:
        sample_rate: input rate in Hz (any; 2 kHz stethoscopes to 96 kHz interfaces).
        hop_s: seconds between readings, 0.002..0.1.
        profile: optional calibration (initial noise floor and flow scaling); without one the detector
            adapts on its own within a second or two.

    NB: not thread-safe; call :meth:`process` from one thread (the game loop drains the audio queue into it).
    """

    def __init__(self, sample_rate: int, *, hop_s: float = 0.01, profile: CalibrationProfile | None = None):
        if not isinstance(sample_rate, (int, np.integer)) or sample_rate < 1000:
            raise ValueError(f"sample_rate must be an integer >= 1000 Hz, got {sample_rate!r}")
        if not 0.002 <= hop_s <= 0.1:
            raise ValueError(f"hop_s must be in 0.002..0.1 s, got {hop_s!r}")
        self.sample_rate = int(sample_rate)
        self.hop = max(1, int(round(hop_s * self.sample_rate)))
        self.hop_s = self.hop / self.sample_rate
        self.profile = profile
        self._factor = _decimation_factor(self.sample_rate, self.hop)
        self._fir = _lowpass(self._factor) if self._factor > 1 else None
        rate = self.sample_rate / self._factor
        self._hop_d = self.hop // self._factor
        self._frame_d = max(self._hop_d, 16, int(round(_FRAME_S * rate)))
        self._analyser = FrameAnalyser(sample_rate=rate, frame_len=self._frame_d)
        # The floor is a low percentile of band levels, which sits below the mean noise level by an amount set
        # only by how much a band's level fluctuates, i.e. by its number of bins. Measure that offset once on
        # white noise (any stationary Gaussian noise has the same in-band statistics) and add it back, so the
        # floor is the noise's typical level and a fan does not look like a +4 dB event.
        probe = self._analyser(np.random.default_rng(0).standard_normal((400, self._frame_d))).band_power
        self._floor_bias = np.mean(probe, axis=0) / np.percentile(probe, _FLOOR_PERCENTILE, axis=0)
        self._env_bands = np.flatnonzero(self._analyser.bands[:, 0] >= 150.0)
        if self._env_bands.size == 0:
            self._env_bands = np.arange(self._analyser.n_bands)
        self._low_bands = np.flatnonzero(self._analyser.bands[:, 1] <= 500.0)
        self._centres = self._analyser.band_centres
        hops_per_s = 1.0 / self.hop_s
        self._confirm = max(1, round(CONFIRM_S * hops_per_s))
        self._inhale_confirm = max(1, round(INHALE_CONFIRM_S * hops_per_s))
        self._hangover = max(1, round(HANGOVER_S * hops_per_s))
        self._min_exhale = max(1, round(MIN_EXHALE_S * hops_per_s))
        self._max_exhale = max(1, round(MAX_EXHALE_S * hops_per_s))
        self._speech_hold = max(1, round(SPEECH_HOLD_S * hops_per_s))
        self._post_hold = max(1, round(POST_EXHALE_HOLD_S * hops_per_s))
        self._floor_rows = int(_FLOOR_WINDOW_S * hops_per_s / _FLOOR_STORE_EVERY)
        self._env_len = int(_BPM_WINDOW_S * hops_per_s / _ENV_RATE_HOPS)
        # The first frames are partly the zero padding before the stream: keep them out of the floor.
        self._first_full_hop = -(-self._frame_d // self._hop_d) - 1
        self._trace: list[np.ndarray] | None = None  # debugging hook: per-hop decision inputs
        self.reset()

    # ------------------------------------------------------------------ public API

    def reset(self) -> None:
        """Forget everything: time restarts at 0, the noise floor is re-learnt."""
        n_bands = self._analyser.n_bands
        self._n_in = 0  # input samples consumed
        self._hop_index = 0  # hops emitted
        self._fir_tail = np.zeros(0 if self._fir is None else self._fir.size - 1)
        self._buf = np.zeros(self._frame_d - self._hop_d)
        self._floor_hist = np.zeros((self._floor_rows, n_bands))
        self._floor_count = 0
        self._floor_pos = 0
        self._floor = None if self.profile is None else self._profile_floor()
        self._profile_until = 0 if self.profile is None else int(1.0 / self.hop_s)
        self._env: deque[float] = deque(maxlen=self._env_len)
        self._env_acc = 0.0
        self._ref_snr = 25.0
        if self.profile is not None:
            self._ref_snr = float(
                np.clip(self.profile.exhale_level_db - self.profile.noise_floor_db, 10.0, 60.0)
            )
        # State machine.
        self._phase = Phase.PAUSE
        self._run = 0  # hops of the current candidate onset
        self._quiet = 0  # hops below the off threshold inside an exhale/inhale
        self._dur = 0  # hops in the current exhale/inhale
        self._peak = 0.0  # highest SNR of the current exhale
        self._since_exhale = -1  # hops since the last exhale ended (-1: none yet)
        self._since_inhale = -1
        self._voice_left = 0
        self._voice_snr = -100.0
        self._voiced_run = 0
        self._inhale_run = 0
        self._flow = 0.0
        self._exhale_count = 0

    @property
    def time_s(self) -> float:
        """Seconds of audio consumed so far (sample count / rate)."""
        return self._n_in / self.sample_rate

    @property
    def noise_floor_db(self) -> float | None:
        """Current total noise floor in dBFS (None until learnt)."""
        if self._floor is None:
            return None
        return float(10.0 * np.log10(self._floor.sum() + _EPS))

    def process(self, block: np.ndarray) -> list[BreathReading]:
        """Feed samples; get one reading per completed hop.

        Args:
            block: float samples in -1..1, shape ``(n,)`` or ``(n, channels)`` (channels are averaged); any
                length, including 0.

        Returns:
            Readings in time order; ``t`` is the end of each hop in seconds since the stream started.
        """
        x = np.asarray(block, dtype=np.float64)
        if x.ndim == 2:
            x = x.mean(axis=1) if x.shape[1] > 1 else x[:, 0]
        if x.ndim != 1:
            raise ValueError(f"block: expected shape (n,) or (n, channels), got {np.shape(block)}")
        if x.size == 0:
            return []
        if not np.all(np.isfinite(x)):
            x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
        d = self._decimate(x)
        self._n_in += x.size
        buf = np.concatenate((self._buf, d)) if d.size else self._buf
        n_hops = (buf.size - (self._frame_d - self._hop_d)) // self._hop_d
        if n_hops <= 0:
            self._buf = buf
            return []
        frames = sliding_window_view(buf, self._frame_d)[:: self._hop_d][:n_hops]
        feats = self._analyser(frames)
        self._buf = buf[n_hops * self._hop_d :].copy()
        out: list[BreathReading] = []
        # Split at floor-update hops so results do not depend on how the stream was cut into blocks.
        start = 0
        while start < n_hops:
            h = self._hop_index
            until_update = _FLOOR_UPDATE_EVERY - (h % _FLOOR_UPDATE_EVERY)
            if self._floor_count < 20:
                until_update = _FLOOR_STORE_EVERY - (h % _FLOOR_STORE_EVERY)  # learn fast at first
            stop = min(n_hops, start + until_update)
            self._run_hops(feats, start, stop, out)
            start = stop
        return out

    def breaths_per_minute(self) -> float | None:
        """Breathing rate from the periodicity of the breath envelope over the last minute.

        Returns:
            Breaths per minute (4..40), or None with less than ~15 s of audio or no clear rhythm.
        """
        env = np.asarray(self._env, dtype=np.float64)
        rate = 1.0 / (self.hop_s * _ENV_RATE_HOPS)  # envelope samples per second
        return estimate_bpm(env, rate=rate)

    # ------------------------------------------------------------------ internals

    def _profile_floor(self) -> np.ndarray:
        # A profile has only a total level; spread it over the bands like the pink-ish room noise it was.
        assert self.profile is not None
        w = 1.0 / np.maximum(self._centres, 50.0)
        w *= (self._analyser.bands[:, 1] - self._analyser.bands[:, 0]) / w.sum()
        w /= w.sum()
        return w * 10.0 ** (self.profile.noise_floor_db / 10.0)

    def _decimate(self, x: np.ndarray) -> np.ndarray:
        if self._fir is None:
            return x
        taps = self._fir.size
        xx = np.concatenate((self._fir_tail, x))
        self._fir_tail = xx[-(taps - 1) :]
        # Output sample g (global input index) is kept when (g + 1) % factor == 0, so each hop of input
        # maps to exactly hop / factor outputs, and block boundaries never matter.
        first = (self._factor - 1 - self._n_in) % self._factor
        if first >= x.size:
            return np.zeros(0)
        win = sliding_window_view(xx, taps)[first :: self._factor]
        return win @ self._fir[::-1]

    def _update_floor(self, band_db_row: np.ndarray) -> None:
        self._floor_hist[self._floor_pos] = band_db_row
        self._floor_pos = (self._floor_pos + 1) % self._floor_rows
        self._floor_count = min(self._floor_count + 1, self._floor_rows)

    def _recompute_floor(self) -> None:
        if self._floor_count == 0:
            return
        hist = self._floor_hist[: self._floor_count]
        k = int(_FLOOR_PERCENTILE / 100.0 * (self._floor_count - 1))
        self._floor = 10.0 ** (np.partition(hist, k, axis=0)[k] / 10.0) * self._floor_bias

    def _absorb(self, band_power: np.ndarray) -> None:
        """A sound that has lasted too long to be a breath becomes the new floor."""
        db = 10.0 * np.log10(band_power + _EPS)
        self._floor_hist[: self._floor_count] = np.maximum(self._floor_hist[: self._floor_count], db - 1.0)
        self._floor = band_power.copy()

    def _run_hops(self, f, start: int, stop: int, out: list[BreathReading]) -> None:
        bp = f.band_power[start:stop]
        n = stop - start
        floor = self._floor
        if floor is None:
            snr = np.full(n, -100.0)
            rumble = np.zeros(n)
        else:
            tot = bp.sum(axis=1)
            snr = 10.0 * np.log10(tot / floor.sum() + _EPS)
            excess = np.maximum(bp - 2.0 * floor, 0.0)  # what stands > 3 dB above the floor, per band
            ex_tot = excess.sum(axis=1) + _EPS
            rumble = excess[:, self._low_bands].sum(axis=1) / ex_tot
        snr_l = snr.tolist()
        rumble_l = rumble.tolist()
        per_l = f.periodicity[start:stop].tolist()
        crest_l = f.crest[start:stop].tolist()
        # Breath envelope for the rate estimate: the level above the floor, clipped at 0 dB, leaving out the
        # band below 150 Hz where heart sounds (chest microphones), handling thumps and hum live.
        if floor is None:
            env_vals = [0.0] * n
        else:
            hi = bp[:, self._env_bands].sum(axis=1) / floor[self._env_bands].sum()
            env_vals = np.clip(10.0 * np.log10(hi + _EPS), -15.0, 40.0).tolist()
        if self._trace is not None:
            self._trace.append(
                np.stack([snr, rumble, f.periodicity[start:stop], f.crest[start:stop]], axis=1)
            )

        hop_s = self.hop_s
        voice_decay = 6.0 * hop_s  # dB per hop: the remembered voice level fades by 6 dB/s
        for i in range(n):
            h = self._hop_index
            s = snr_l[i]
            voiced = per_l[i] >= VOICED and s >= OFF_DB
            impulsive = crest_l[i] >= CREST_CLICK
            if voiced:
                self._voice_left = self._speech_hold
                self._voice_snr = max(s, self._voice_snr)
                self._voiced_run += 1
            else:
                self._voiced_run = 0
                if self._voice_left:
                    self._voice_left -= 1
                    self._voice_snr -= voice_decay
            # For a while after voice, only something clearly louder than the voice may start a breath:
            # unvoiced consonants and vowels masked by other noise must not pass for airflow.
            speech_blocked = self._voice_left > 0 and s < self._voice_snr + 6.0
            phase = self._phase
            if phase is Phase.EXHALE:
                self._dur += 1
                inhale_like = rumble_l[i] < 0.25 and s < self._peak - 12.0
                if s < OFF_DB or inhale_like or self._voiced_run >= 4:
                    self._quiet += 1
                else:
                    self._quiet = 0
                    self._peak = max(self._peak, s)
                ended = self._quiet >= self._hangover and self._dur >= self._min_exhale
                if self._voiced_run >= 4:
                    ended = True
                if self._dur >= self._max_exhale:
                    self._absorb(bp[i])
                    ended = True
                if ended:
                    peak = min(self._peak, 60.0)
                    # The first exhale sets the scale; later ones refine it.
                    self._ref_snr = (
                        peak
                        if self._exhale_count == 1 and self.profile is None
                        else (0.7 * self._ref_snr + 0.3 * peak)
                    )
                    self._phase = Phase.PAUSE
                    self._since_exhale = 0
                    self._since_inhale = -1
                    self._run = 0
            elif phase is Phase.INHALE and self._since_inhale < 0:
                # An audible inhale in progress (since_inhale < 0 while it lasts).
                self._dur += 1
                if s < OFF_DB:
                    self._quiet += 1
                else:
                    self._quiet = 0
                if self._quiet >= self._hangover:
                    self._phase = Phase.PAUSE
                    self._since_inhale = 0
            # Onsets (also out of an audible inhale: an exhale may follow it without a gap).
            if self._phase is not Phase.EXHALE:
                candidate = s >= ON_DB and not voiced and not impulsive and not speech_blocked
                # Without rumble (a mic the air does not reach), an event as loud as the exhales so far
                # with at least some low-frequency share is still an exhale; pure hiss never is.
                loud = self._exhale_count > 0 and s >= self._ref_snr - 4.0 and rumble_l[i] >= 0.12
                if candidate and (rumble_l[i] >= RUMBLE_SHARE or loud):
                    self._run += 1
                elif candidate and self._run > 0 and s >= ON_DB + 3.0:
                    self._run += 1  # the rumble share fluctuates; a strong event keeps its count
                else:
                    self._run = 0
                if self._run >= self._confirm:
                    self._phase = Phase.EXHALE
                    self._exhale_count += 1
                    self._dur = self._run
                    self._quiet = 0
                    self._peak = s
                    self._run = 0
                    self._since_exhale = -1
                elif (self._phase is not Phase.INHALE or self._since_inhale >= 0) and self._since_exhale != 0:
                    hiss = s >= INHALE_ON_DB and not voiced and not impulsive and not speech_blocked
                    if hiss:
                        self._inhale_run += 1
                    else:
                        self._inhale_run = 0
                    if self._inhale_run >= self._inhale_confirm:
                        self._phase = Phase.INHALE
                        self._since_inhale = -1
                        self._dur = 0
                        self._quiet = 0
                        self._inhale_run = 0
            # Readings.
            phase = self._phase
            if phase is Phase.EXHALE:
                span = max(self._ref_snr - OFF_DB, 6.0)
                raw = min(1.0, max(0.0, (s - OFF_DB) / span))
                self._flow += 0.5 * (raw - self._flow)
                margin = min(1.0, max(0.0, (s - ON_DB) / 15.0))
                conf = 0.55 + 0.4 * margin
                reading = BreathReading(
                    t=(h + 1) * hop_s, phase=Phase.EXHALE, flow=self._flow, confidence=conf
                )
            else:
                self._flow = 0.0
                reading = self._quiet_reading(h, s, phase)
            out.append(reading)

            # Floor history, outside the decision path. Voiced and exhale hops are kept too: the percentile
            # takes care of them, and leaving them out would let a TV in the background never reach the floor.
            if h >= self._first_full_hop and h % _FLOOR_STORE_EVERY == 0:
                self._update_floor(10.0 * np.log10(bp[i] + _EPS))
            self._env_acc += env_vals[i]
            if h % _ENV_RATE_HOPS == _ENV_RATE_HOPS - 1:
                self._env.append(self._env_acc / _ENV_RATE_HOPS)
                self._env_acc = 0.0
            self._hop_index += 1
            if self._since_exhale >= 0:
                self._since_exhale += 1
            if self._since_inhale >= 0 and phase is not Phase.INHALE:
                self._since_inhale += 1

        h = self._hop_index
        if self._floor_count and (h % _FLOOR_UPDATE_EVERY == 0 or self._floor_count <= 20):
            if h >= self._profile_until:
                self._recompute_floor()

    def _quiet_reading(self, h: int, s: float, phase: Phase) -> BreathReading:
        t = (h + 1) * self.hop_s
        if phase is Phase.INHALE and self._since_inhale < 0:
            margin = min(1.0, max(0.0, (s - INHALE_ON_DB) / 10.0))
            return BreathReading(t=t, phase=Phase.INHALE, flow=0.0, confidence=0.5 + 0.2 * margin)
        if self._since_inhale >= 0 and (self._since_exhale < 0 or self._since_inhale < self._since_exhale):
            # Quiet after an audible inhale: holding in, until the next exhale (or too long to say).
            if self._since_inhale * self.hop_s < MAX_GAP_INHALE_S / 2:
                return BreathReading(t=t, phase=Phase.HOLD, flow=0.0, confidence=0.3)
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.1)
        if self._since_exhale >= 0:
            if self._since_exhale < self._post_hold:
                return BreathReading(t=t, phase=Phase.HOLD, flow=0.0, confidence=0.3)
            if self._since_exhale * self.hop_s < MAX_GAP_INHALE_S:
                return BreathReading(t=t, phase=Phase.INHALE, flow=0.0, confidence=0.4)
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.1)
        return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)


def estimate_bpm(
    env: np.ndarray, *, rate: float, min_s: float = 15.0, min_strength: float = 0.2, min_depth_db: float = 1.0
) -> float | None:
    """Breathing rate from an envelope's autocorrelation.

    The envelope is lightly smoothed and its autocorrelation computed by FFT; the highest peak at a lag of
    1.5-20 s (40-3 breaths/min) gives the period. The plain (biased) autocorrelation is used on purpose: its
    gentle penalty on long lags settles most "two cycles instead of one" confusions, and on the dev
    recordings it beat the unbiased one with harmonic checks.

    Args:
        env: breath envelope sampled at ``rate`` Hz, shape ``(n,)``, oldest first.
        rate: envelope samples per second.
        min_s: seconds of envelope needed before answering.
        min_strength: lowest normalised autocorrelation accepted as a rhythm.
        min_depth_db: lowest standard deviation of the envelope (dB) that can carry a rhythm.

    Returns:
        Breaths per minute in 3..40, or None when too short, silent or without a clear period.
    """
    env = np.asarray(env, dtype=np.float64)
    n = env.size
    if n < min_s * rate or n < 8:
        return None
    env = np.convolve(env, np.ones(3) / 3.0, mode="same")
    x = env - env.mean()
    if float(np.sqrt(np.dot(x, x) / n)) < min_depth_db:
        return None  # a flat envelope (silence, a fan) has no rhythm, whatever its autocorrelation says
    nfft = 1 << int(math.ceil(math.log2(2 * n)))
    spec = np.fft.rfft(x, nfft)
    ac = np.fft.irfft(spec.real**2 + spec.imag**2, nfft)[:n]
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


def analysis_levels_db(samples: np.ndarray, sample_rate: int, *, hop_s: float = 0.01) -> np.ndarray:
    """Per-hop level in the detector's analysis band (50 Hz-6 kHz), dBFS, shape ``(hops,)``.

    This is the level the detector compares with its noise floor, so calibration measures the same thing.
    """
    det = BreathDetector(sample_rate, hop_s=hop_s)
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    d = det._decimate(x)
    buf = np.concatenate((det._buf, d))
    n_hops = (buf.size - (det._frame_d - det._hop_d)) // det._hop_d
    if n_hops <= det._first_full_hop:
        return np.zeros(0)
    frames = sliding_window_view(buf, det._frame_d)[:: det._hop_d][:n_hops]
    feats = det._analyser(frames)
    return 10.0 * np.log10(feats.band_power.sum(axis=1) + _EPS)[det._first_full_hop :]
