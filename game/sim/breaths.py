"""Turn a stream of readings into breaths: one record per exhale, with the inhale before it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from breath_input.types import BreathReading, Phase
from game.sim.pacer import Pacer

MIN_CONFIDENCE = 0.5  # below this a stretch is "unsure": neither rewarded nor penalised
MIN_EXHALE_S = 0.3  # shorter blips are clicks or a brushed key, not breaths
GAP_MERGE_S = 0.15  # a dropout this short inside an exhale is one breath that wavered


@dataclass(frozen=True, slots=True)
class Breath:
    """One finished breath, measured from the player's exhale.

    Attributes:
        start_s, end_s: the exhale, in session seconds.
        exhale_s: exhale length.
        inhale_s: time since the previous exhale ended (inhale plus any hold); None for the first breath.
        ratio: exhale_s / inhale_s, or None.
        cycle_s: start to start with the previous breath, or None.
        fullness: 0..1, one continuous exhale that reaches the pacer's length (1) versus a broken or cut one.
        peak_flow, mean_flow: 0..1 airflow; gentle beats forceful.
        sync: 0..1, overlap of this exhale with the pacer's exhale (intersection over union).
        target_exhale_s: the pacer's exhale length for the cycle this breath fell in.
        confidence: mean confidence of the readings in the exhale.
        breaks: dropouts inside the exhale.
        cycle: the pacer cycle (from 0) this breath fell in.
        guide_cycles: start to start with the previous breath in the guide's own cycles (1.0: one of the
            guide's breaths, however long the guide's breath is then), or None. Steadiness is measured on
            these, so a player who follows a ramping guide breathes steadily.
    """

    start_s: float
    end_s: float
    exhale_s: float
    inhale_s: float | None
    ratio: float | None
    cycle_s: float | None
    fullness: float
    peak_flow: float
    mean_flow: float
    sync: float
    target_exhale_s: float
    confidence: float
    breaks: int
    cycle: int = 0
    guide_cycles: float | None = None

    @property
    def sure(self) -> bool:
        return self.confidence >= MIN_CONFIDENCE

    def to_dict(self) -> dict[str, object]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


class BreathTracker:
    """Feeds on one reading per step; emits a Breath when an exhale ends."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer
        self.breaths: list[Breath] = []
        self._start: float | None = None
        self._last_exhale_t = 0.0
        self._gap_since: float | None = None
        self._flows: list[float] = []
        self._confs: list[float] = []
        self._breaks = 0
        self._prev_end: float | None = None
        self._prev_start: float | None = None
        self._prev_guide: float | None = None

    @property
    def exhaling_since(self) -> float | None:
        return self._start

    def feed(self, r: BreathReading, t: float) -> Breath | None:
        exhaling = r.phase is Phase.EXHALE and r.confidence >= MIN_CONFIDENCE
        if exhaling:
            if self._start is None:
                self._start = t
                self._flows, self._confs, self._breaks = [], [], 0
            elif self._gap_since is not None:
                self._breaks += 1
            self._gap_since = None
            self._last_exhale_t = t
            self._flows.append(r.flow)
            self._confs.append(r.confidence)
            return None
        if self._start is None:
            return None
        if self._gap_since is None:
            self._gap_since = t
        if t - self._gap_since >= GAP_MERGE_S:
            return self._close(self._gap_since)
        return None

    def finish(self, t: float) -> Breath | None:
        """Close an exhale still going when the session ends."""
        if self._start is None:
            return None
        return self._close(self._gap_since if self._gap_since is not None else t)

    def _guide_position(self, t: float) -> float:
        """Time `t` counted in the pacer's cycles: 2.5 is halfway through the third cycle."""
        c = self.pacer.cycle_at(t)
        return c.index + (t - c.start_s) / c.duration_s if c.duration_s > 0 else float(c.index)

    def _close(self, end: float) -> Breath | None:
        start = self._start
        assert start is not None
        self._start, self._gap_since = None, None
        length = end - start
        if length < MIN_EXHALE_S or not self._flows:
            return None
        cycle = self.pacer.cycle_at(start + length / 2)
        pacer_a, pacer_b = cycle.exhale_start_s, cycle.exhale_end_s
        overlap = max(0.0, min(end, pacer_b) - max(start, pacer_a))
        union = max(end, pacer_b) - min(start, pacer_a)
        sync = overlap / union if union > 0 else 0.0
        target = cycle.exhale_s
        completeness = min(1.0, length / target) if target > 0 else 1.0
        continuity = max(0.0, 1.0 - 0.34 * self._breaks)
        fullness = 0.7 * completeness + 0.3 * continuity
        inhale = start - self._prev_end if self._prev_end is not None else None
        cycle_s = start - self._prev_start if self._prev_start is not None else None
        guide = self._guide_position(start)
        guide_cycles = guide - self._prev_guide if self._prev_guide is not None else None
        breath = Breath(
            start_s=start,
            end_s=end,
            exhale_s=length,
            inhale_s=inhale,
            ratio=(length / inhale) if inhale else None,
            cycle_s=cycle_s,
            fullness=fullness,
            peak_flow=max(self._flows),
            mean_flow=sum(self._flows) / len(self._flows),
            sync=sync,
            target_exhale_s=target,
            confidence=sum(self._confs) / len(self._confs),
            breaks=self._breaks,
            cycle=cycle.index,
            guide_cycles=guide_cycles,
        )
        self._prev_end, self._prev_start, self._prev_guide = end, start, guide
        self.breaths.append(breath)
        return breath
