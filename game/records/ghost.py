"""The ghost: the player's best run of a level, breathing beside them as a faint line. Pure."""

from __future__ import annotations

from collections import deque
from pathlib import Path

from game.records.replay import Recording, ReplayError, best_run_path
from game.sim.session import FLOW_SMOOTH, TRACE_HZ, TRACE_S


class Ghost:
    """Steps a recorded best run in time with the session and keeps its recent flow for the trace."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.trace: deque[tuple[float, float]] = deque(maxlen=int(TRACE_S * TRACE_HZ))
        self._flow = 0.0

    @classmethod
    def load(cls, folder: Path, level_id: str) -> Ghost | None:
        """The best run saved for `level_id`, or None when there is none (a damaged file is just no ghost)."""
        path = best_run_path(folder, level_id)
        if not path.is_file():
            return None
        try:
            return cls(Recording.load(path))
        except ReplayError:
            return None

    def step(self, t: float) -> None:
        """Once per fixed step, at session time `t` (smoothed like the player's own flow)."""
        if t < 0:
            return
        r = self.recording.at(t)
        self._flow += ((r.flow if r.exhaling else 0.0) - self._flow) * FLOW_SMOOTH
        if not self.trace or t - self.trace[-1][0] >= 1.0 / TRACE_HZ - 1e-9:
            self.trace.append((t, self._flow))
