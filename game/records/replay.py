"""Record a session's breath readings, tick by tick, and play them back: replays, bug reports, the ghost.

Pure: no pygame. One reading per fixed step in compact arrays (an hour is about 3 MB), saved as JSON lines.
"""

from __future__ import annotations

import bisect
import json
from array import array
from pathlib import Path
from typing import Any

from breath_input.sources import SilentAboutItself
from breath_input.types import BreathReading, Phase
from game.records.storage import atomic_write_text

FORMAT = "exhale-replay"
VERSION = 1
_CODES = {Phase.INHALE: "i", Phase.HOLD: "h", Phase.EXHALE: "e", Phase.PAUSE: "p"}
_PHASES = {code: phase for phase, code in _CODES.items()}


class ReplayError(ValueError):
    """A recording that can't be read; the message names the file and the line."""


class Recording:
    """The readings of one session, in order of session time."""

    def __init__(self, level_id: str = "", *, meta: dict[str, Any] | None = None) -> None:
        self.level_id = level_id
        self.meta: dict[str, Any] = dict(meta or {})
        self.t = array("f")  # float32: 0.25 ms steps at an hour in, ample for 16.7 ms ticks; half the memory
        self.flow = array("f")
        self.confidence = array("f")
        self.phases = bytearray()

    def __len__(self) -> int:
        return len(self.t)

    def add(self, r: BreathReading, *, at: float | None = None) -> None:
        """Keep a reading, at session time `at` (default: the reading's own time)."""
        self.t.append(r.t if at is None else at)
        self.flow.append(r.flow)
        self.confidence.append(r.confidence)
        self.phases.append(ord(_CODES[r.phase]))

    def at(self, t: float) -> BreathReading:
        """The reading recorded at (or just before) session time `t`; a pause outside the recording."""
        i = bisect.bisect_right(self.t, t + 0.005) - 1  # saved times are rounded; steps are 16.7 ms apart
        if i < 0 or (len(self.t) and t > self.t[-1] + 0.1):
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=0.0)
        return BreathReading(
            t=t, phase=_PHASES[chr(self.phases[i])], flow=self.flow[i], confidence=self.confidence[i]
        )

    def save(self, path: Path) -> None:
        head = {"format": FORMAT, "version": VERSION, "level": self.level_id, **self.meta}
        lines = [json.dumps(head)]
        lines += [
            f"{t:.4f} {chr(p)} {f:.3f} {c:.2f}"
            for t, p, f, c in zip(self.t, self.phases, self.flow, self.confidence, strict=True)
        ]
        atomic_write_text(path, "\n".join(lines) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> Recording:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise ReplayError(f"{path}: cannot read the recording ({e.strerror})") from None
        lines = text.splitlines()
        try:
            head = json.loads(lines[0]) if lines else {}
        except ValueError:
            head = {}
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise ReplayError(f"{path}:1: not an Exhale recording (expected a '{FORMAT}' header line)")
        rec = cls(
            str(head.get("level", "")), meta={k: v for k, v in head.items() if k not in ("format", "level")}
        )
        for number, line in enumerate(lines[1:], start=2):
            parts = line.split()
            if not parts:
                continue
            try:
                t, code, flow, conf = float(parts[0]), parts[1], float(parts[2]), float(parts[3])
                phase = _PHASES[code]
            except (IndexError, ValueError, KeyError):
                raise ReplayError(
                    f"{path}:{number}: expected 't phase flow confidence', got {line!r}"
                ) from None
            rec.add(BreathReading(t=t, phase=phase, flow=flow, confidence=conf))
        return rec


class ReplaySource(SilentAboutItself):
    """A recording as a breath source: the session plays out again, reading for reading."""

    backend = "replay"

    def __init__(self, recording: Recording, *, name: str = "replay") -> None:
        self.recording = recording
        self.name = name

    def read(self, t: float) -> BreathReading:
        return self.recording.at(t)


def best_run_path(folder: Path, level_id: str) -> Path:
    """Where the best run of a level is kept (its ghost)."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in level_id)
    return folder / "replays" / f"{safe}.best.jsonl"
