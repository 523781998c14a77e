"""The hums of a play on a hum level (`exhale_style: hum`): each hummed exhale's length, pitch, steadiness of
pitch and loudness, gathered as the play runs, and their summary in numbers and in plain words.

The detector reports the hum now, or the last one (``SourceStatus.hum``, a ``HumStatus``); the play hands it
here once a step. A hum is taken when it ends, with the figures the detector gives at that moment (its whole
length, its pitch spread over the whole hum); a hum still going when the play ends is taken as it stands.
A hum's pitch is the middle of the pitches reported while it lasted: the detector's own is the pitch of the
last half second, which a voice sliding as the breath runs out would pull.
Pure: no pygame, no clock.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass

from breath_input.types import HumStatus

__all__ = ["HumFigures", "HumLog", "hum_words"]

# Words for the results screen. Steadiness is exp(-cents / 50) (breath_input/hum.py): 0.6 is ~25 cents of
# wander (a quarter of a semitone), 0.3 ~60 cents.
STEADY_PITCH = 0.6
WAVERING_PITCH = 0.3
# The loudness's standard deviation over a hum: a hum fading by 6 dB as the breath runs out is ~1.7 dB.
EVEN_LOUDNESS_DB = 2.0
FAIRLY_EVEN_DB = 4.0


@dataclass(frozen=True, slots=True)
class HumFigures:
    """What the hums of one play were.

    Attributes:
        each: every hum heard, in order, as the detector measured it when it ended (its pitch: the middle
            of the pitches heard while it lasted).
        hums: how many.
        median_length_s, longest_s: seconds hummed (the median hum and the longest).
        pitch_hz: the median hum's pitch.
        pitch_steadiness: the median hum's pitch steadiness, 0..1 (1: within a few cents).
        loudness_spread_db: the median hum's loudness wander (standard deviation, dB).
        All but ``hums`` are None when no hum was heard.
    """

    each: tuple[HumStatus, ...]

    @property
    def hums(self) -> int:
        return len(self.each)

    def _median(self, values: list[float]) -> float | None:
        return statistics.median(values) if values else None

    @property
    def median_length_s(self) -> float | None:
        return self._median([h.length_s for h in self.each])

    @property
    def longest_s(self) -> float | None:
        return max((h.length_s for h in self.each), default=None)

    @property
    def pitch_hz(self) -> float | None:
        return self._median([h.pitch_hz for h in self.each if h.pitch_hz is not None])

    @property
    def pitch_steadiness(self) -> float | None:
        return self._median([h.steadiness for h in self.each])

    @property
    def loudness_spread_db(self) -> float | None:
        return self._median([h.level_spread_db for h in self.each])

    def to_dict(self) -> dict[str, object]:
        """The report's and the history's shape: plain names, rounded numbers."""

        def r(x: float | None, nd: int) -> float | None:
            return None if x is None else round(x, nd)

        return {
            "hums": self.hums,
            "median_length_s": r(self.median_length_s, 2),
            "longest_s": r(self.longest_s, 2),
            "pitch_hz": r(self.pitch_hz, 1),
            "pitch_steadiness": r(self.pitch_steadiness, 3),
            "loudness_spread_db": r(self.loudness_spread_db, 2),
            "each": [
                {
                    "length_s": round(h.length_s, 2),
                    "pitch_hz": h.pitch_hz,
                    "pitch_steadiness": round(h.steadiness, 3),
                    "pitch_spread_cents": round(h.pitch_spread_cents, 1),
                    "loudness_db": round(h.level_db, 1),
                    "loudness_spread_db": round(h.level_spread_db, 2),
                }
                for h in self.each
            ],
        }


class HumLog:
    """Feed ``hear(status.hum)`` once a step while the level plays; ``figures()`` at any time.

    ``figures()`` is None while nothing listening for hums has spoken (the breath key, a synthetic breather):
    then no hum could be heard, which is not the same as none being hummed.
    """

    def __init__(self) -> None:
        self._done: list[HumStatus] = []
        self._open: HumStatus | None = None  # the hum under way, as last reported
        self._pitches: list[float] = []  # its pitch at each report
        self._heard_from = False  # a source listening for hums has reported

    @property
    def humming(self) -> bool:
        return self._open is not None

    def hear(self, status: HumStatus | None) -> None:
        if status is None:  # nothing listens for hums (now): a hum under way ends with what was last seen
            self._close(None)
            return
        self._heard_from = True
        if self._open is not None and status.hums != self._open.hums:
            self._close(None)  # a new hum began before the end of the last one was seen: keep the last seen
        if status.humming:
            self._open = status
            if status.pitch_hz is not None:
                self._pitches.append(status.pitch_hz)
        elif self._open is not None:
            self._close(status)  # the hum just ended: its figures are whole now

    def _close(self, final: HumStatus | None) -> None:
        if self._open is not None:
            self._done.append(self._with_pitch(final if final is not None else self._open))
            self._open = None
            self._pitches = []

    def _with_pitch(self, status: HumStatus) -> HumStatus:
        if not self._pitches:
            return status
        return dataclasses.replace(status, pitch_hz=round(statistics.median(self._pitches), 1))

    def figures(self) -> HumFigures | None:
        if not self._heard_from:
            return None
        under_way = (self._with_pitch(self._open),) if self._open is not None else ()
        return HumFigures(tuple(self._done) + under_way)


def hum_words(figures: HumFigures | None) -> str:
    """One line for the results of a hum level: how many hums, how long, how steady, in plain words."""
    if figures is None:
        return "Nothing listened for a hum this time: the breath key stood in for it."
    if not figures.hums:
        return 'No hum was heard this time. A soft, steady "mmm" on the out-breath is enough.'
    n, length = figures.hums, figures.median_length_s or 0.0
    head = f"One hum, {length:.1f} s" if n == 1 else f"Hums: {n}, about {length:.1f} s each"
    steady = figures.pitch_steadiness or 0.0
    if steady >= STEADY_PITCH:
        pitch = "pitch steady"
    elif steady >= WAVERING_PITCH:
        pitch = "pitch a little wavering"
    else:
        pitch = "pitch wavering"
    spread = figures.loudness_spread_db or 0.0
    if spread <= EVEN_LOUDNESS_DB:
        loud = "loudness even"
    elif spread <= FAIRLY_EVEN_DB:
        loud = "loudness fairly even"
    else:
        loud = "loudness wavering"
    return f"{head}, {pitch} ({steady:.2f}), {loud}."
