"""The streaming breath detector: audio blocks in, one reading per hop out.

The same object runs live (10-20 ms blocks from the microphone) and offline (a file cut into blocks); time is
the sample count over the rate, never a clock, and the readings do not depend on how the stream was cut (bit
for bit: no per-hop sum goes through a BLAS product, whose rounding follows the batch's shape).

How it decides, per 10 ms hop, from a 32 ms frame ending at that hop:

- The signal is first decimated to ~16 kHz (nothing above 6 kHz is used, and the FFTs get 3x cheaper).
- Nine band energies (50 Hz-6 kHz; bands above Nyquist are simply absent) are compared with a per-band
  noise floor: a low percentile of the last 20 s, corrected to the noise's typical level. Stationary sound -
  fans, hum, room tone - sits in the floor; the event level is the mean over bands of power / floor, so a
  loud steady sound in one band cannot mask airflow in the others.
- The frame classifier (frame_model.py) turns the hop's measurements and their recent past into odds of
  other / exhale / inhale; a periodic hop (voice; the correlation one mains period back: hum) or a click
  (energy in one spike) weakens the odds of breath, and a hop barely above the floor is no breath heard.
- The breath's grammar (decoding.py) decides the phase from those odds: exhale and inhale alternate, a
  change must hold for a moment (a 30 ms onset confirmation, a 0.3 s hangover before quiet, shorter between
  exhale and inhale when the filter is sure), and an exhale of 15 s is a new noise, absorbed into the floor.
- Digital silence (below -100 dBFS: a muted or virtual mic, dropped buffers) is no evidence of anything: it
  never teaches the floor or the rate envelope, nor do the frames overlapping it; and the stream only starts
  at the first hop above -85 dBFS, so a lead-in of zeros or dither is as if the audio began after it.
- When nothing is audible, the phase is inferred from the gap since the last exhale (a short hold, then an
  inhale) with low confidence.
- Breaths per minute come from the autocorrelation of a 10 Hz breath envelope over the last minute: one
  envelope per band above 150 Hz (heart sounds and thumps stay out), each the band's level above its floor.
  Inhale and exhale sound different, so each band repeats once per breath, where one broadband envelope
  shows two alike bumps per breath on a microphone that hears both (a stethoscope, a quiet room).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from breath_input.breath_rate import RateEnvelope, estimate_bpm
from breath_input.decimate import Decimator, decimation_factor, fft_friendly
from breath_input.decoding import BreathGrammar, confidence
from breath_input.features import FrameAnalyser
from breath_input.frame_model import (
    HISTORY,
    MEASURES,
    N_BANDS,
    SETTLE_S,
    FrameModel,
    context_features,
    default_model,
    quantise,
)
from breath_input.hum import HumTracker
from breath_input.noise_floor import NoiseFloor
from breath_input.types import BreathReading, HumStatus, Phase

if TYPE_CHECKING:
    from breath_input.calibration_profile import CalibrationProfile

__all__ = ["BreathDetector", "estimate_bpm"]

_EPS = 1e-12
_FRAME_S = 0.032  # long enough to resolve a 100 Hz voice's harmonics, short enough for ~20 ms delay
_FLOOR_WINDOW_S = 20.0  # longer than the longest exhale we expect, so the floor never climbs onto it
_FLOOR_STORE_EVERY = 5  # hops between samples of the floor history
_FLOOR_UPDATE_EVERY = 50
_FLOOR_MIN_SAMPLES = (
    20  # floor samples before the low percentile is trusted  # hops between floor re-estimates
)

# Decision thresholds, in dB above the noise floor and in hops of 10 ms.
OFF_DB = 3.0  # the flow scale starts here
AUDIBLE_DB = 1.5  # a hop less than this above the floor (or before the floor is known) is not a heard breath
MAX_EXHALE_S = 15.0  # a "breath" that never ends is a new noise source: absorb it into the floor
VOICED = 0.45  # periodicity above this is voice or a tone, never airflow
GATED = 0.1  # how much a hum- or click-like hop weakens the model's odds of a breath
HUM_CORR = 0.9  # correlation with the signal one mains period (20 or 16.7 ms) earlier: hum repeats exactly
CREST_CLICK = 3.8  # a 32 ms frame with most energy in one ~5 ms sub-block is a click
POST_EXHALE_HOLD_S = 0.4  # silence right after an exhale: a pause before the inhale
MAX_GAP_INHALE_S = 8.0  # past this, a silent gap is "unknown", not an inhale
# No signal. Below -100 dBFS in the analysis band is digital silence (a muted or virtual mic, a device warming
# up, dropped buffers): far below the self-noise of any real microphone and converter at a usable gain. Such
# hops never teach the noise floor or the rate envelope, or a floor learnt from them (-120 dB) would make
# every later sound an "event" for the 20 s the floor remembers.
SILENT_DB = -100.0
# Before the stream has first carried sound, the bar is higher: a lead-in quieter than this (zeros, dither,
# a converter idling before the capsule is live) is not a room's noise either, so the stream starts at the
# first hop reaching it. A real room through a real microphone sits above it.
LEAD_IN_DB = -85.0


class BreathDetector:
    """Streaming breath-phase detector.

    Args:
        sample_rate: input rate in Hz (any; 2 kHz stethoscopes to 96 kHz interfaces).
        hop_s: seconds between readings, 0.002..0.1.
        profile: optional calibration (initial noise floor and flow scaling); without one the detector
            adapts on its own within a second or two.
        hum: hum mode: a steady voiced hum is an exhale too (breath_input/hum.py); the air readings are
            otherwise the same.

    NB: not thread-safe; call :meth:`process` from one thread (the game loop drains the audio queue into it).
    """

    def __init__(
        self,
        sample_rate: int | float,
        *,
        hop_s: float = 0.01,
        profile: CalibrationProfile | None = None,
        model: FrameModel | None = None,
        hum: bool = False,
    ):
        # Audio APIs often report the rate as a float (sounddevice: 48000.0); a whole number is fine.
        if (
            isinstance(sample_rate, bool)
            or not isinstance(sample_rate, (int, float, np.integer, np.floating))
            or not math.isfinite(sample_rate)
            or sample_rate != int(sample_rate)
            or sample_rate < 1000
        ):
            raise ValueError(f"sample_rate must be a whole number of Hz >= 1000, got {sample_rate!r}")
        if not 0.002 <= hop_s <= 0.1:
            raise ValueError(f"hop_s must be in 0.002..0.1 s, got {hop_s!r}")
        self.sample_rate = int(sample_rate)
        self.hop = max(1, int(round(hop_s * self.sample_rate)))
        self.hop_s = self.hop / self.sample_rate
        self.profile = profile
        self.model = default_model() if model is None else model
        self._grammar = BreathGrammar(self.hop_s)
        factor = decimation_factor(self.sample_rate, self.hop)
        self._decimator = Decimator(factor, self.hop)
        rate = self.sample_rate / factor
        self._hop_d = self.hop // factor
        self._frame_d = fft_friendly(max(self._hop_d, 16, int(round(_FRAME_S * rate))))
        self._analyser = FrameAnalyser(sample_rate=rate, frame_len=self._frame_d, extras=False)
        self._hum_lags = tuple(sorted({int(round(rate / f)) for f in (50.0, 60.0)}))
        self._hist_d = self._frame_d - self._hop_d + self._hum_lags[-1]  # samples kept before new ones
        self._floor_args = (rate, self._frame_d, self._analyser.n_bands)
        self._env_bands = np.flatnonzero(self._analyser.bands[:, 0] >= 150.0)
        if self._env_bands.size == 0:
            self._env_bands = np.arange(self._analyser.n_bands)
        self._low_bands = np.flatnonzero(self._analyser.bands[:, 1] <= 500.0)
        self._centres = self._analyser.band_centres
        hops_per_s = 1.0 / self.hop_s
        self._max_exhale = max(1, round(MAX_EXHALE_S * hops_per_s))
        self._settle_hops = max(1, round(SETTLE_S * hops_per_s))
        self._post_hold = max(1, round(POST_EXHALE_HOLD_S * hops_per_s))
        self._floor_rows = int(_FLOOR_WINDOW_S * hops_per_s / _FLOOR_STORE_EVERY)
        # The first frames are partly the zero padding before the stream: keep them out of the floor.
        self._first_full_hop = -(-self._frame_d // self._hop_d) - 1
        # Training hook (tools/train_detector.py): set to a list to collect the classifier's measurements.
        self.measurement_log: list[np.ndarray] | None = None
        self._hum = HumTracker(self.hop_s, self._analyser) if hum else None
        self.reset()

    # ------------------------------------------------------------------ public API

    def reset(self) -> None:
        """Forget everything: time restarts at 0, the noise floor is re-learnt."""
        self._n_in = 0  # input samples consumed
        self._hop_index = 0  # hops emitted
        self._decimator.reset()
        self._buf = np.zeros(self._hist_d)
        self._floor_est = NoiseFloor(*self._floor_args, rows=self._floor_rows)
        self._grid0 = 0  # hop where the floor's sampling grid starts (the first hop with sound)
        self._started = False  # has the stream carried sound (a hop at LEAD_IN_DB or above) yet?
        # First hop whose frame holds no samples of a silent stretch (the zero padding before the stream,
        # a lead-in, a dropout): earlier frames are partly silent and would drag the floor down.
        self._clean_from = self._first_full_hop
        self._set_floor(None if self.profile is None else self._profile_floor())
        self._profile_until = 0 if self.profile is None else int(1.0 / self.hop_s)
        self._rate_env = RateEnvelope(self.hop_s, self._env_bands.size)
        self._ref_snr = 25.0
        if self.profile is not None:
            self._ref_snr = float(
                np.clip(self.profile.exhale_level_db - self.profile.noise_floor_db, 10.0, 60.0)
            )
        self._grammar.reset()
        self._dur = 0  # hops in the current state
        self._peak = 0.0  # highest SNR of the current exhale
        self._since_exhale = -1  # hops since the last exhale ended (-1: none yet)
        self._since_inhale = -1
        self._flow = 0.0
        self._exhale_count = 0
        self._meas_hist = np.zeros((0, len(MEASURES)))
        self._level_peak = 0.0
        self._peaks: list[float] = []
        if self._hum is not None:
            self._hum.reset()

    @property
    def hum_tracker(self) -> HumTracker | None:
        """The hum tracker in hum mode (benchmarks read its per-hop log), else None."""
        return self._hum

    def hum_status(self) -> HumStatus | None:
        """In hum mode, the hum now or the last one (length, pitch steadiness, loudness); else None."""
        return None if self._hum is None else self._hum.status()

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
        if x.ndim != 1:
            if x.ndim != 2:
                raise ValueError(f"block: expected shape (n,) or (n, channels), got {np.shape(block)}")
            x = x.mean(axis=1) if x.shape[1] > 1 else x[:, 0]
        n_in = x.size
        if n_in == 0:
            return []
        if not math.isfinite(x.sum()):  # one reduction instead of a mask: any nan or inf makes the sum so
            x = np.nan_to_num(x, nan=0.0, posinf=1.0, neginf=-1.0)
        d = self._decimator.process(x)
        self._n_in += n_in
        hop_d, hist_d, max_lag = self._hop_d, self._hist_d, self._hum_lags[-1]
        buf = np.concatenate((self._buf, d))
        n_hops = (buf.size - hist_d) // hop_d
        if n_hops <= 0:
            self._buf = buf
            return []
        if n_hops == 1:  # the live case (one 10 ms block per hop): no strided frame view
            long_frame = buf[: hist_d + hop_d]
            power, bp, per, crest = self._analyser.core(long_frame[None, max_lag:])
            hum_l = [self._hum_one(long_frame)]
            self._buf = buf[hop_d:]
        else:
            # One strided view (row k: the long frame ending at hop k) instead of sliding_window_view's
            # Python-level checks; buf is a fresh contiguous array.
            long_frames = np.ndarray(
                (n_hops, hist_d + hop_d), dtype=np.float64, buffer=buf, strides=(8 * hop_d, 8)
            )
            power, bp, per, crest = self._analyser.core(long_frames[:, max_lag:])
            hum_l = self._hum_many(buf, n_hops)
            self._buf = buf[n_hops * hop_d :].copy()
        per_l, crest_l = per.tolist(), crest.tolist()
        out: list[BreathReading] = []
        # Split at floor-update hops so results do not depend on how the stream was cut into blocks.
        start = 0
        while start < n_hops:
            h = self._hop_index - self._grid0
            if self._floor_est.count <= 20:  # as in the re-estimate at the end of _run_hops
                until_update = _FLOOR_STORE_EVERY - (h % _FLOOR_STORE_EVERY)  # learn fast at first
            else:
                until_update = _FLOOR_UPDATE_EVERY - (h % _FLOOR_UPDATE_EVERY)
            stop = min(n_hops, start + until_update)
            floor = self._floor  # as it is at these hops (so block size never matters to the hum either)
            stop = start + self._run_hops(bp, per_l, crest_l, hum_l, start, stop, out)
            if self._hum is not None:
                self._hum.apply(out, len(out) - stop + start, power[start:stop], bp[start:stop], floor)
            start = stop
        return out

    def breaths_per_minute(self) -> float | None:
        """Breathing rate from the periodicity of the breath envelope over the last minute.

        Returns:
            Breaths per minute (4..40), or None with less than ~15 s of audio or no clear rhythm.
        """
        return self._rate_env.bpm()

    def analysis_levels_db(self, samples: np.ndarray) -> np.ndarray:
        """Per-hop level in the analysis band (50 Hz-6 kHz), dBFS, shape ``(hops,)``, of a whole recording.

        This is the level the detector compares with its noise floor, so calibration measures the same
        thing. It reads nothing from the stream so far and changes nothing.
        """
        x = np.asarray(samples, dtype=np.float64).reshape(-1)
        d = Decimator(self._decimator.factor, self.hop).process(x)
        lead = self._frame_d - self._hop_d
        buf = np.concatenate((np.zeros(lead), d))
        n_hops = (buf.size - lead) // self._hop_d
        if n_hops <= self._first_full_hop:
            return np.zeros(0)
        frames = sliding_window_view(buf, self._frame_d)[:: self._hop_d][:n_hops]
        feats = self._analyser(frames)
        levels: np.ndarray = 10.0 * np.log10(feats.band_power.sum(axis=1) + _EPS)[self._first_full_hop :]
        return levels

    # ------------------------------------------------------------------ internals

    def _profile_floor(self) -> np.ndarray:
        # A profile has only a total level; spread it over the bands like the pink-ish room noise it was.
        assert self.profile is not None
        w = 1.0 / np.maximum(self._centres, 50.0)
        w *= (self._analyser.bands[:, 1] - self._analyser.bands[:, 0]) / w.sum()
        w /= w.sum()
        floor: np.ndarray = w * 10.0 ** (self.profile.noise_floor_db / 10.0)
        return floor

    def _hum_one(self, long_frame: np.ndarray) -> float:
        """:meth:`_hum_many` of one long frame, in fewer numpy calls. einsum on the vectors, not np.dot: it
        sums a row exactly as the batch's einsum does, so a hop's value does not depend on its block."""
        hist = self._hum_lags[-1]
        frame = self._frame_d
        now = long_frame[hist:]
        e_now = float(np.einsum("i,i->", now, now))
        best = -1.0
        for lag in self._hum_lags:
            past = long_frame[hist - lag : hist - lag + frame]
            c = float(np.einsum("i,i->", now, past)) / math.sqrt(
                e_now * float(np.einsum("i,i->", past, past)) + _EPS
            )
            if c > best:
                best = c
        return best

    def _hum_many(self, buf: np.ndarray, n_hops: int) -> list[float]:
        """:func:`lag_correlation` of the ``n_hops`` long frames in ``buf``, from strided views (einsum sums
        each row the same way however many there are: one hop live rounds as it does in a long block)."""
        hist = self._hum_lags[-1]
        frame, hop_d = self._frame_d, self._hop_d
        base = hist  # the frame proper starts after max(lags) samples of history in each long frame
        shape, strides = (n_hops, frame), (8 * hop_d, 8)
        now = np.ndarray(shape, dtype=np.float64, buffer=buf, offset=8 * base, strides=strides)
        e_now = np.einsum("ij,ij->i", now, now)
        best = np.full(n_hops, -1.0)
        for lag in self._hum_lags:
            past = np.ndarray(shape, dtype=np.float64, buffer=buf, offset=8 * (base - lag), strides=strides)
            c = np.einsum("ij,ij->i", now, past) / np.sqrt(e_now * np.einsum("ij,ij->i", past, past) + _EPS)
            np.maximum(best, c, out=best)
        lags: list[float] = best.tolist()
        return lags

    def _set_floor(self, floor: np.ndarray | None) -> None:
        """Install a floor and the matrices derived from it that every hop uses."""
        self._floor = floor
        if floor is None:
            return
        self._inv_floor = 1.0 / floor
        self._floor2 = 2.0 * floor

    def _recompute_floor(self) -> None:
        floor = self._floor_est.estimate()
        if floor is not None:
            self._set_floor(floor)

    def _absorb(self, band_power: np.ndarray) -> None:
        """A sound that has lasted too long to be a breath becomes the new floor."""
        self._floor_est.absorb(band_power)
        self._set_floor(band_power.copy())

    def _measures(
        self,
        band_power: np.ndarray,
        snr_l: list[float],
        ex_l: list[tuple[float, float]],
        per_l: list[float],
        crest_l: list[float],
        hum_l: list[float],
        since_start: int,
    ) -> np.ndarray:
        """The classifier's per-hop measurements (:data:`~breath_input.frame_model.MEASURES`).

        ``since_start``: hops from the first hop with sound to the first row.
        """
        n, n_bands = band_power.shape
        meas = np.zeros((n, len(MEASURES)))
        if self._floor is not None:
            band_db = 10.0 * np.log10(band_power / self._floor + _EPS)
            meas[:, : min(n_bands, N_BANDS)] = np.clip(band_db[:, :N_BANDS], -10.0, 50.0)
        level = np.clip(np.array(snr_l), -10.0, 50.0)
        meas[:, N_BANDS] = level
        meas[:, N_BANDS + 1] = per_l
        meas[:, N_BANDS + 2] = np.clip(hum_l, -1.0, 1.0)
        meas[:, N_BANDS + 3] = np.log(np.maximum(crest_l, 1.0))
        ex = np.array(ex_l).reshape(n, 2)
        meas[:, N_BANDS + 4] = ex[:, 1] / (ex[:, 0] + _EPS)
        # How far below the loudest recent sound (a peak falling 3 dB/s): inhales are softer than exhales.
        decay = 3.0 * self.hop_s
        peak = self._level_peak
        below, peaks = [], []
        for v in level.tolist():
            peak = v if v > peak - decay else peak - decay
            below.append(peak - v)
            peaks.append(peak)
        self._level_peak = peak
        self._peaks = peaks  # per row, should the run stop early (see _run_hops)
        meas[:, N_BANDS + 5] = below
        meas[:, N_BANDS + 6] = np.clip(1.0 - (since_start + np.arange(n)) / self._settle_hops, 0.0, 1.0)
        return quantise(meas)

    def _run_hops(
        self,
        band_power: np.ndarray,
        per_l: list[float],
        crest_l: list[float],
        hum_l: list[float],
        start: int,
        stop: int,
        out: list[BreathReading],
    ) -> int:
        """Decide hops ``start..stop`` of the block; returns how many were run: all, or fewer when a sound
        was absorbed into the floor (the caller runs the rest afresh, against the new floor)."""
        bp = band_power[start:stop]
        n = stop - start
        floor = self._floor
        if floor is None:
            level_l = bp.sum(axis=1).tolist()
            snr_l = [-100.0] * n
            env_db = np.zeros((n, self._env_bands.size))
            ex_l = [(0.0, 0.0)] * n
        else:
            # Event level: the mean over bands of power / floor. A loud stationary sound in one band (hum,
            # a fan's rumble) then cannot mask broadband airflow in the others. The breath envelope for the
            # rate estimate: each band's level above its floor, leaving out the band below 150 Hz, where
            # heart sounds (chest microphones), handling thumps and hum live. Sums, not BLAS products, and
            # the same maths for one hop as for many: a hop then rounds alike whatever block it came in.
            ratio = bp * self._inv_floor
            env_db = np.log10(ratio[:, self._env_bands] + _EPS)
            env_db *= 10.0
            np.maximum(env_db, -15.0, out=env_db)  # np.clip's Python wrapper costs more than the maths
            np.minimum(env_db, 40.0, out=env_db)
            quantise(env_db)  # the rate envelope sums these in groups that depend on the block: now exactly
            # What stands > 3 dB above the floor, per band: its total and its share below 500 Hz (rumble).
            excess = bp - self._floor2
            np.maximum(excess, 0.0, out=excess)
            inv_n = 1.0 / bp.shape[1]
            snr_l = [10.0 * math.log10(v * inv_n + _EPS) for v in ratio.sum(axis=1).tolist()]
            level_l = bp.sum(axis=1).tolist()
            ex_low = excess[:, self._low_bands].sum(axis=1).tolist()
            ex_l = list(zip(excess.sum(axis=1).tolist(), ex_low, strict=True))
        first = 0
        if not self._started:
            # Before the stream carries sound there is no past: the classifier's context starts where the
            # sound does, so a lead-in of zeros changes nothing (those hops are "nothing heard" anyway).
            lead_lin = 10.0 ** (LEAD_IN_DB / 10.0)
            first = next((i for i, v in enumerate(level_l) if v >= lead_lin), n)
            self._meas_hist = self._meas_hist[:0]
            self._level_peak = 0.0
        meas = np.zeros((n, len(MEASURES)))
        a, b = start + first, stop
        # With a calibration profile the floor is known from the start: nothing to settle.
        since = self._hop_index - self._grid0 if self._started else 0
        if self.profile is not None:
            since += self._settle_hops
        meas[first:] = self._measures(
            bp[first:], snr_l[first:], ex_l[first:], per_l[a:b], crest_l[a:b], hum_l[a:b], since
        )
        if self.measurement_log is not None:
            self.measurement_log.append(meas)
        ctx = context_features(meas, self._meas_hist)
        hist_before = self._meas_hist
        self._meas_hist = np.concatenate((hist_before, meas[first:]))[-HISTORY:]
        odds = (self.model.probabilities(ctx) / self.model.prior).tolist()

        # The state lives in locals for the loop (attribute access dominates per-hop cost) and is stored
        # back after it.
        hop_s = self.hop_s
        EXHALE, INHALE, HOLD, PAUSE = Phase.EXHALE, Phase.INHALE, Phase.HOLD, Phase.PAUSE
        h = self._hop_index
        grammar = self._grammar
        step = grammar.step
        state, dur, peak = grammar.state, self._dur, self._peak
        since_ex, since_in = self._since_exhale, self._since_inhale
        flow, ref_snr, n_exhales = self._flow, self._ref_snr, self._exhale_count
        max_exhale, post_hold = self._max_exhale, self._post_hold
        max_gap_in = int(MAX_GAP_INHALE_S / hop_s)
        per_w, hum_w, crest_w = per_l[start:stop], hum_l[start:stop], crest_l[start:stop]
        first_ref = self.profile is None
        append = out.append
        # Which hops carry signal at all (see SILENT_DB, LEAD_IN_DB), and which feed the floor history.
        silent_lin, lead_lin = 10.0 ** (SILENT_DB / 10.0), 10.0 ** (LEAD_IN_DB / 10.0)
        started, clean_from, grid0 = self._started, self._clean_from, self._grid0
        after_silence = self._first_full_hop + 1
        store: list[int] = []
        heard: list[int] = []  # hops that feed the rate envelope
        absorbed, done = False, n
        for i in range(n):
            s = snr_l[i]
            e_other, e_ex, e_in = odds[i]
            if not started or s < AUDIBLE_DB:
                # Nothing heard is no breath heard, whatever the model says.
                e_other, e_ex, e_in = 1.0, 0.0, 0.0
            elif per_w[i] >= VOICED or hum_w[i] >= HUM_CORR or crest_w[i] >= CREST_CLICK:
                # A voice, a mains hum or a click is not airflow: strong evidence against breath, not a veto,
                # so one such hop inside a breath does not end it.
                e_ex *= GATED
                e_in *= GATED
            new = step(e_other, e_ex, e_in)
            if new == 1 and state == 1 and dur >= max_exhale:
                # A "breath" that never ends is a new noise: absorb it and call it a pause.
                self._absorb(bp[i])
                grammar.to_quiet()
                new = 0
                absorbed = True
            if new != state:
                if state == 1:  # an exhale ended
                    p = peak if peak < 60.0 else 60.0
                    # The first exhale sets the scale; later ones refine it.
                    ref_snr = p if n_exhales == 1 and first_ref else 0.7 * ref_snr + 0.3 * p
                    since_ex = 0
                    since_in = -1
                elif state == 2:
                    since_in = 0
                if new == 1:
                    n_exhales += 1
                    peak = s
                    since_ex = -1
                dur = 0
                state = new
            dur += 1
            # The reading for this hop.
            t = (h + 1) * hop_s
            if state == 1:
                if s > peak:
                    peak = s
                span = ref_snr - OFF_DB if ref_snr > OFF_DB + 6.0 else 6.0
                raw = (s - OFF_DB) / span
                flow += 0.5 * ((1.0 if raw > 1.0 else raw if raw > 0.0 else 0.0) - flow)
                append(BreathReading(t, EXHALE, flow, confidence(grammar.alpha[1], s)))
            else:
                flow = 0.0
                if state == 2:
                    append(BreathReading(t, INHALE, 0.0, confidence(grammar.alpha[2], s)))
                elif since_in >= 0 and (since_ex < 0 or since_in < since_ex):
                    # Quiet after an audible inhale: holding in, until the next exhale (or too long to say).
                    if since_in < max_gap_in // 2:
                        append(BreathReading(t, HOLD, 0.0, 0.3))
                    else:
                        append(BreathReading(t, PAUSE, 0.0, 0.1))
                elif since_ex >= 0:
                    # Quiet after an exhale: a short pause, then (most likely) an inhale we cannot hear.
                    if since_ex < post_hold:
                        append(BreathReading(t, HOLD, 0.0, 0.3))
                    elif since_ex < max_gap_in:
                        append(BreathReading(t, INHALE, 0.0, 0.4))
                    else:
                        append(BreathReading(t, PAUSE, 0.0, 0.1))
                else:
                    append(BreathReading(t, PAUSE, 0.0, 0.0))
            # Signal or not: silent hops (and, before the stream has carried sound, quiet ones) teach neither
            # the floor nor the rate envelope, nor do the frames overlapping them.
            level = level_l[i]
            if not started and level >= lead_lin:
                started = True
                # The floor's sampling grid starts with the sound, so a lead-in of any length is as if the
                # stream began there; a profile's floor holds for the first second of sound.
                grid0 = h
                if self.profile is not None:
                    self._profile_until = h + int(1.0 / hop_s)
            if started and level >= silent_lin:
                # Voiced and exhale hops are kept too: the percentile takes care of them, and leaving them
                # out would let a TV in the background never reach the floor.
                if h >= clean_from and (h - grid0) % _FLOOR_STORE_EVERY == 0:
                    store.append(i)
                heard.append(i)
            else:
                clean_from = h + after_silence
            h += 1
            if since_ex >= 0:
                since_ex += 1
            if since_in >= 0 and state != 2:
                since_in += 1
            if absorbed:
                done = i + 1
                break

        if done < n:
            # A sound was absorbed into the floor: the hops after it are measured afresh against the new
            # floor (by the caller), as they would be had the block ended here.
            if self.measurement_log is not None:
                self.measurement_log[-1] = meas[:done]
            self._meas_hist = np.concatenate((hist_before, meas[first:done]))[-HISTORY:]
            self._level_peak = self._peaks[done - first - 1]
        self._dur, self._peak = dur, peak
        self._since_exhale, self._since_inhale = since_ex, since_in
        self._flow, self._ref_snr, self._exhale_count = flow, ref_snr, n_exhales
        self._started, self._clean_from, self._grid0 = started, clean_from, grid0
        self._hop_index = h
        if store:
            for row in 10.0 * np.log10(bp[store] + _EPS):
                self._floor_est.add(row)
        if heard:
            self._rate_env.add(env_db[heard] if len(heard) < n else env_db)
        # Re-estimate on the grid only (not wherever a block happened to end), so block size never matters.
        every = _FLOOR_STORE_EVERY if self._floor_est.count <= 20 else _FLOOR_UPDATE_EVERY
        if self._floor_est.count and (h - grid0) % every == 0 and h >= self._profile_until:
            self._recompute_floor()
        return done
