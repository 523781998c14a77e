"""One play of one level: the pacer, the player's breath and the running figures, step by step."""

from __future__ import annotations

from collections import deque

from breath_input.sources import BreathSource
from breath_input.types import QUIET, BreathReading
from game.content.model import Level
from game.sim.breaths import Breath, BreathTracker
from game.sim.pacer import Pacer, PacerState
from game.sim.scoring import FLOW_RATE_HZ, Summary, steadiness, summarise

LEAD_IN_S = 3.0
TRACE_S = 20.0
TRACE_HZ = 20.0
FLOW_SMOOTH = 0.25  # per-step blend toward the new flow: calm motion without visible lag


class PlaySession:
    """The pure heart of a play. The app calls `step(dt, source)` once per fixed step while playing."""

    def __init__(self, level: Level, *, lead_in_s: float = LEAD_IN_S) -> None:
        self.level = level
        self.pacer = Pacer(level)
        self.tracker = BreathTracker(self.pacer)
        self.t = -lead_in_s
        self.lead_in_s = lead_in_s
        self.reading: BreathReading = QUIET
        self.flow = 0.0
        self.pacer_state: PacerState = self.pacer.state(self.t)
        self.trace: deque[tuple[float, float, float]] = deque(maxlen=int(TRACE_S * TRACE_HZ))
        self.flow_samples: list[float] = []  # whole session at FLOW_RATE_HZ, for coherence and the results
        self.pacer_samples: list[float] = []
        self._next_trace = self.t
        self._next_sample = 0.0
        self.finished = False
        self._summary: Summary | None = None

    @property
    def seconds_played(self) -> float:
        return max(0.0, min(self.t, self.pacer.total_s))

    @property
    def breaths(self) -> list[Breath]:
        return self.tracker.breaths

    def step(self, dt: float, source: BreathSource) -> Breath | None:
        """Advance by `dt` seconds and take the source's reading for the new time."""
        if self.finished:
            return None
        self.t += dt
        self.pacer_state = self.pacer.state(self.t)
        reading = source.read(self.t)
        self.reading = reading
        self.flow += (reading.flow - self.flow) * FLOW_SMOOTH
        breath = None
        if self.t >= 0:
            if self.t >= self.pacer.total_s:
                breath = self.tracker.finish(self.pacer.total_s)
                self.finished = True
            else:
                breath = self.tracker.feed(reading, self.t)
            while self._next_sample <= min(self.t, self.pacer.total_s):
                self.flow_samples.append(reading.flow if reading.exhaling else 0.0)
                self.pacer_samples.append(self.pacer_state.size)
                self._next_sample += 1.0 / FLOW_RATE_HZ
        if self.t >= self._next_trace:
            self.trace.append((self.t, self.pacer_state.size, self.flow))
            self._next_trace += 1.0 / TRACE_HZ
        return breath

    def calm(self) -> float:
        """0..1 how settled the rhythm has been over the last breaths (0.5 until there is enough to say)."""
        recent = self.breaths[-6:]
        s = steadiness(recent)
        return 0.5 if s is None else s

    def summary(self) -> Summary:
        if self._summary is None or not self.finished:
            self._summary = summarise(self.level, self.breaths, self.seconds_played, self.flow_samples)
        return self._summary
