"""The last minutes of a microphone play as the classifier heard them, for play's refit of the ear.

Per 10 ms hop: the classifier's measurements (band levels and the like, never audio), what the detector
read (0 other, 1 exhale, 2 inhale) and how surely, and the game time the hop reached the game. After a play,
the hops where the pacer and the detector agreed refine the microphone's fit (`adaptation.play_refit`).
Bounded: an hour's play keeps only its last :data:`KEEP_S` seconds. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from breath_input.frame_model import FrameModel

__all__ = ["KEEP_S", "HopLog", "Hops"]

KEEP_S = 180.0  # play_refit reads the last minute of agreeing hops; three minutes of hops leave room for it


@dataclass(frozen=True)
class Hops:
    """The log's hops, oldest first: ``measurements`` is ``(n, len(MEASURES))``, the rest ``(n,)``."""

    measurements: np.ndarray
    classes: np.ndarray
    confidence: np.ndarray
    at_s: np.ndarray  #: game time of each hop (when it reached the game, less how long ago it was heard)


class HopLog:
    """Fed by the microphone source once per read with the hops that read brought.

    Args:
        heard_with: the classifier the detector uses (shipped or fitted), which a refit must beat.
    """

    def __init__(self, hop_s: float, heard_with: FrameModel, *, keep_s: float = KEEP_S) -> None:
        self.hop_s = hop_s
        self.heard_with = heard_with
        self.max_hops = max(1, int(round(keep_s / hop_s)))
        self._chunks: list[Hops] = []
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(
        self,
        measurements: np.ndarray,
        classes: np.ndarray,
        confidence: np.ndarray,
        heard_s: np.ndarray,
        game_t: float,
    ) -> None:
        """Keep one read's hops.

        Args:
            heard_s: each hop's time on the audio clock; the last one is taken to arrive at ``game_t``, so
                the others are placed that far before it (the audio clock and the game's drift apart).
        """
        n = len(classes)
        if (
            n == 0 or measurements.shape[0] != n
        ):  # a read whose rows do not pair with its hops teaches nothing
            return
        at = game_t - (heard_s[-1] - heard_s)
        self._chunks.append(Hops(measurements, classes.astype(np.int8), confidence, at))
        self._count += n
        if self._count > 2 * self.max_hops:  # trim now and then, not on every read
            self._chunks = [self.hops()]
            self._count = len(self._chunks[0].classes)

    def hops(self) -> Hops:
        """The last :attr:`max_hops` hops."""
        if not self._chunks:
            return Hops(np.zeros((0, 0)), np.zeros(0, np.int8), np.zeros(0), np.zeros(0))
        keep = slice(-self.max_hops, None)
        return Hops(
            np.concatenate([c.measurements for c in self._chunks])[keep],
            np.concatenate([c.classes for c in self._chunks])[keep],
            np.concatenate([c.confidence for c in self._chunks])[keep],
            np.concatenate([c.at_s for c in self._chunks])[keep],
        )
