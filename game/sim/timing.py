"""Time sources. The pure core never reads a clock: the app passes one of these in."""

from __future__ import annotations

import time
from typing import Protocol


class TimeSource(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic clock."""
        ...


class RealTime:
    """Wall-clock time for windowed play."""

    def now(self) -> float:
        return time.perf_counter()


class ManualTime:
    """Time that moves only when told: for tests and headless runs on a virtual clock."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = start

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"time cannot go backwards: advance({seconds!r})")
        self._t += seconds
