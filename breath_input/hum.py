"""The hummed exhale: a steady voiced hum ("mmm", "voo") heard as an exhale, in hum mode only.

The air detector rejects every voice (its periodicity gate), which is right for airflow and is left as it
is: hum mode adds this tracker beside it rather than teaching the frame classifier a second kind of exhale,
so the air figures cannot move and the hum's own rule stays readable. The tracker sees, per hop, the level
above the noise floor, the pitch and how periodic the frame is at that pitch (``FrameAnalyser.pitch``).

What tells a hum from speech, which is voiced too: a hum holds. It is confirmed only after ``CONFIRM_S`` of
unbroken voicing whose pitch stays within ``PITCH_SPAN_ST`` semitones and whose loudness stays within
``LEVEL_SPAN_DB`` dB; speech breaks that within a syllable or two (its loudness dips between syllables, its
pitch and formants move). A confirmed hum lasts while voicing goes on (gaps up to ``HANG_S`` bridged) near
the hum's own pitch.

While humming, the detector's reading is an exhale whose flow follows the hum's loudness; otherwise the air
detector's reading stands. Length, pitch steadiness and loudness are reported as a ``HumStatus``.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

import numpy as np

from breath_input.features import FrameAnalyser
from breath_input.types import BreathReading, HumStatus, Phase

__all__ = ["HumTracker"]

# Tuned on synthetic hums and speech, seeds 0-19 (tests/bench/bench_hum.py --tune); scored on others.
VOICED = 0.6  # correlation at the pitch lag from which a frame is voiced (breath noise alone: ~0.4)
MIN_DB = 2.0  # a hum stands at least this far above the noise floor (below LEVEL_TOP_HZ)
LEVEL_TOP_HZ = 1500.0  # a hum's level and pitch are read below this
PITCH_HZ = (70.0, 400.0)  # a humming voice, with room on both sides of 90-250 Hz
CONFIRM_S = 0.35  # unbroken steady voicing before a hum is believed (speech syllables are shorter)
CONFIRM_VOICED = 0.9  # share of the confirmation window's hops that must be voiced
PITCH_SPAN_ST = 1.5  # pitch range allowed over the confirmation window, semitones
LEVEL_SPAN_DB = 7.0  # loudness range allowed over the confirmation window
HANG_S = 0.15  # a voicing gap this short does not end a hum
DRIFT_ST = 3.0  # a voiced hop this far from the hum's pitch counts as a break (a voice gliding: speech)
CONFIDENCE = 0.9
_RECENT_S = 0.5  # the pitch now: the median of this long


def _fold(st: float, mid: float) -> float:
    """A pitch read an octave or a twelfth off (the autocorrelation's slip) taken back next to ``mid``."""
    for jump in (12.0, -12.0, 19.02, -19.02):
        if abs(st + jump - mid) < 1.5:
            return st + jump
    return st


class _Running:
    """Mean, spread and peak of a stream of values in constant memory (an hour-long hum costs nothing)."""

    def __init__(self, values: Iterable[float] = ()) -> None:
        self.n, self.mean, self._m2, self.peak = 0, 0.0, 0.0, -math.inf
        for v in values:
            self.add(v)

    def add(self, v: float) -> None:
        self.n += 1
        d = v - self.mean
        self.mean += d / self.n
        self._m2 += d * (v - self.mean)
        self.peak = max(self.peak, v)

    @property
    def spread(self) -> float:
        return math.sqrt(self._m2 / self.n) if self.n else 0.0


class HumTracker:
    """Per-hop hum decisions and their statistics; fed by the detector, one call per block of hops."""

    def __init__(self, hop_s: float, analyser: FrameAnalyser) -> None:
        self.hop_s = hop_s
        self._analyser = analyser
        self._low = analyser.bands[:, 0] < LEVEL_TOP_HZ
        self._confirm = max(2, round(CONFIRM_S / hop_s))
        self._hang = max(1, round(HANG_S / hop_s))
        self._recent = max(1, round(_RECENT_S / hop_s))
        self.log: list[bool] | None = None  # benchmarks: set to a list to collect each hop's decision
        self.reset()

    def reset(self) -> None:
        self._window: deque[tuple[bool, float, float]] = deque(maxlen=self._confirm)  # (voiced, st, dB)
        self.humming = False
        self._gap = 0
        # The current or last hum's voiced hops: pitch in semitones (re 1 Hz) and level in dB, and the pitch
        # of the most recent ones (the hum's pitch now).
        self._pitches = _Running()
        self._levels = _Running()
        self._recent_st: deque[float] = deque(maxlen=self._recent)
        self._hops = 0  # hops of the current or last hum, from its first voiced hop
        self._hums = 0
        self._flow = 0.0
        self._ref_db = 25.0  # loudness that reads as full flow; follows the hums heard

    def apply(
        self,
        out: list[BreathReading],
        first: int,
        power: np.ndarray,
        band_power: np.ndarray,
        floor: np.ndarray | None,
    ) -> None:
        """Make the readings ``out[first:]`` (one per hop, the air detector's) exhales while humming.

        ``power`` and ``band_power``: those hops' spectra (``FrameAnalyser.core``); ``floor``: the detector's
        per-band noise floor at those hops, None while it is not yet known (nothing is a hum then).
        """
        if floor is None:
            snr_db = [-100.0] * band_power.shape[0]
        else:
            # The level where a hum's harmonics are: the air detector's mean over all bands would dilute a
            # soft hum in a noisy room.
            low = self._low
            ratio = band_power[:, low].sum(axis=1) / (floor[low].sum() + 1e-12)
            snr_db = (10.0 * np.log10(ratio + 1e-12)).tolist()
        n = len(snr_db)
        if max(snr_db) < MIN_DB:  # nothing loud enough to be a hum: no pitch needed (a quiet room costs less)
            pitch_hz, strength = [0.0] * n, [0.0] * n
        else:
            pitch, strength_a = self._analyser.pitch(power, floor, LEVEL_TOP_HZ)
            pitch_hz, strength = pitch.tolist(), strength_a.tolist()
        lo, hi = PITCH_HZ
        for i, (s, f, v) in enumerate(zip(snr_db, pitch_hz, strength, strict=True)):
            voiced = v >= VOICED and s >= MIN_DB and lo <= f <= hi
            st = 12.0 * math.log2(f) if f > 0 else 0.0
            if self.humming:
                self._continue(voiced, st, s)
            else:
                self._window.append((voiced, st, s))
                if self._steady():
                    self._start()
            if self.log is not None:
                self.log.append(self.humming)
            if self.humming:
                span = self._ref_db - MIN_DB
                raw = (s - MIN_DB) / span if span > 1.0 else 1.0
                self._flow += 0.5 * (min(1.0, max(0.0, raw)) - self._flow)
                r = out[first + i]
                out[first + i] = BreathReading(r.t, Phase.EXHALE, self._flow, CONFIDENCE)

    def _steady(self) -> bool:
        w = self._window
        if len(w) < self._confirm:
            return False
        voiced = [(st, db) for ok, st, db in w if ok]
        if len(voiced) < CONFIRM_VOICED * len(w) or not w[-1][0]:
            return False
        sts = sorted(st for st, _ in voiced)
        mid = sts[len(sts) // 2]
        sts = [_fold(st, mid) for st in sts]
        dbs = [db for _, db in voiced]
        return max(sts) - min(sts) <= PITCH_SPAN_ST and max(dbs) - min(dbs) <= LEVEL_SPAN_DB

    def _start(self) -> None:
        self.humming = True
        self._hums += 1
        self._gap = 0
        voiced = [(st, db) for ok, st, db in self._window if ok]
        mid = sorted(st for st, _ in voiced)[len(voiced) // 2]
        folded = [_fold(st, mid) for st, _ in voiced]
        self._pitches = _Running(folded)
        self._levels = _Running([db for _, db in voiced])
        self._recent_st.clear()
        self._recent_st.extend(folded)
        self._hops = len(self._window)
        self._window.clear()

    def _continue(self, voiced: bool, st: float, db: float) -> None:
        if voiced:
            mid = self._pitch_now()
            st = _fold(st, mid)
            if abs(st - mid) > DRIFT_ST:
                voiced = False
        self._hops += 1
        if voiced:
            self._gap = 0
            self._pitches.add(st)
            self._levels.add(db)
            self._recent_st.append(st)
            return
        self._gap += 1
        if self._gap >= self._hang:  # the hum is over; its silent tail is not part of it
            self.humming = False
            self._hops -= self._gap
            self._gap = 0
            self._flow = 0.0
            if self._levels.n:
                self._ref_db = 0.7 * self._ref_db + 0.3 * self._levels.peak

    def _pitch_now(self) -> float:
        recent = sorted(self._recent_st)
        return recent[len(recent) // 2]

    def status(self) -> HumStatus:
        """The hum now, or the last one heard."""
        if not self._pitches.n:
            return HumStatus(humming=self.humming, hums=self._hums)
        cents = 100.0 * self._pitches.spread
        return HumStatus(
            humming=self.humming,
            pitch_hz=round(2.0 ** (self._pitch_now() / 12.0), 1),
            steadiness=round(math.exp(-cents / 50.0), 3),
            pitch_spread_cents=round(cents, 1),
            level_db=round(self._levels.mean, 1),
            level_spread_db=round(self._levels.spread, 2),
            length_s=round(self._hops * self.hop_s, 2),
            hums=self._hums,
        )
