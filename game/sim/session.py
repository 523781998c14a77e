"""One play of one level: the pacer, the player's breath and the running figures, step by step."""

from __future__ import annotations

from array import array
from collections import deque

from breath_input.sources import BreathSource
from breath_input.types import QUIET, BreathReading
from game.content.model import Level
from game.records.replay import Recording
from game.sim.adaptive import AdaptivePlan
from game.sim.breaths import Breath, BreathTracker
from game.sim.gentle import GentleWatch, Invitation
from game.sim.hum_figures import HumLog
from game.sim.pacer import Pacer, PacerState
from game.sim.scene_rules import SceneRule, rule_for
from game.sim.scoring import FLOW_RATE_HZ, Summary, steadiness, summarise

LEAD_IN_S = 3.0
TRACE_S = 20.0
TRACE_HZ = 20.0
FLOW_SMOOTH = 0.25  # per-step blend toward the new flow: calm motion without visible lag


class PlaySession:
    """The pure heart of a play. The app calls `step(dt, source)` once per fixed step while playing."""

    def __init__(self, level: Level, *, lead_in_s: float = LEAD_IN_S) -> None:
        self.level = level
        self.plan = AdaptivePlan(level) if level.adaptive.enabled else None
        self.pacer = Pacer(level, plan=self.plan)
        self.gentle = GentleWatch(show_pacer=level.show_pacer)
        self.tracker = BreathTracker(self.pacer)
        self.scene: SceneRule = rule_for(level)  # what the scene earns: the tree's growth, lights, lanterns
        # A hum level's hums, fed by the play from its source's status (one status a step: the controller's).
        self.hums = HumLog() if level.exhale_style == "hum" else None
        self.t = -lead_in_s
        self.lead_in_s = lead_in_s
        self.reading: BreathReading = QUIET
        self.flow = 0.0
        self.pacer_state: PacerState = self.pacer.state(self.t)
        self.trace: deque[tuple[float, float, float]] = deque(maxlen=int(TRACE_S * TRACE_HZ))
        self.recording = Recording(level.id)  # every reading from time 0: a replay, and maybe the next ghost
        # The whole session at FLOW_RATE_HZ, for coherence and the results; compact floats keep an hour small.
        self.flow_samples = array("f")
        self.pacer_samples = array("f")  # PacerState.guide_flow: what the guide asked for, in flow units
        self._next_trace = self.t
        self._next_sample = 0.0
        self.finished = False
        self._summary: Summary | None = None
        self._summary_final = False  # made once finished: a summary from mid-play misses the last breath

    @property
    def seconds_played(self) -> float:
        return max(0.0, min(self.t, self.pacer.total_s))

    @property
    def breaths(self) -> list[Breath]:
        return self.tracker.breaths

    @property
    def invitation(self) -> Invitation | None:
        """A soft prompt to let the breath out after a gasp or a freeze, or None. Never a penalty."""
        return self.gentle.invitation

    @property
    def gasps(self) -> int:
        return self.gentle.gasps

    @property
    def freezes(self) -> int:
        return self.gentle.freezes

    def step(self, dt: float, source: BreathSource) -> Breath | None:
        """Advance by `dt` seconds and take the source's reading for the new time."""
        if self.finished:
            return None
        self.t += dt
        self.pacer_state = self.pacer.state(self.t)  # an adaptive pacer decides a cycle as it starts
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
                self._watch(reading)
            if breath is not None and self.plan is not None:
                self.plan.observe(breath)
            if breath is not None:
                self.scene.breath(breath, self.calm())
            if not self.finished:
                self.recording.add(reading, at=self.t)
            while self._next_sample <= min(self.t, self.pacer.total_s):
                self.flow_samples.append(reading.flow if reading.exhaling else 0.0)
                self.pacer_samples.append(self.pacer_state.guide_flow)
                self._next_sample += 1.0 / FLOW_RATE_HZ
        self.scene.flow(min(1.0, max(0.0, self.flow)), dt)
        if self.t >= self._next_trace:
            self.trace.append((self.t, self.pacer_state.guide_flow, self.flow))
            self._next_trace += 1.0 / TRACE_HZ
        return breath

    def _watch(self, reading: BreathReading) -> None:
        noticed = self.gentle.update(
            self.t,
            reading,
            exhaling_since=self.tracker.exhaling_since,
            breaths=self.tracker.breaths,
            cycle=self.pacer.cycle_at(self.t),
            pacer=self.pacer_state,
        )
        if noticed == "gasp" and self.plan is not None:
            self.plan.note_gasp()

    def calm(self) -> float:
        """0..1 how settled the rhythm has been over the last breaths (0.5 until there is enough to say)."""
        recent = self.breaths[-6:]
        s = steadiness(recent)
        return 0.5 if s is None else s

    def summary(self) -> Summary:
        if self._summary is None or not self._summary_final:
            self._summary_final = self.finished
            self._summary = summarise(
                self.level,
                self.breaths,
                self.seconds_played,
                self.flow_samples,
                gasps=self.gasps,
                freezes=self.freezes,
                scene_earned=self.scene.earned,
                hum=self.hums.figures() if self.hums is not None else None,
            )
        return self._summary
