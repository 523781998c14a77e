"""When a level's goal becomes met during play (for the eyes-closed guide's chime). Pure.

A count goal ("5 exhales of 6 s", "the tree grows 8 steps") is met the moment the count is reached and
can never be lost. A goal on an average (breaths a minute, steadiness, sync, ratio, average exhale) could
be met by one lucky breath and lost again, so it counts as met only once enough sure breaths stand behind
it. Each goal is told once; the results still judge the whole session (the end sound's star chimes say how
it ended).
"""

from __future__ import annotations

from game.sim.scoring import GoalResult, Summary

COUNT_KINDS = ("long_exhales", "full_exhales", "scene")  # a scene's count never goes down either
AVERAGE_MIN_BREATHS = 5


class GoalWatch:
    def __init__(self) -> None:
        self._told: set[int] = set()

    def update(self, summary: Summary) -> list[GoalResult]:
        """The goals newly met in `summary` (a running summary of the session so far)."""
        sure = sum(1 for b in summary.breaths if b.sure)
        out = []
        for i, result in enumerate(summary.goals):
            if i in self._told or not result.met:
                continue
            if result.goal.kind not in COUNT_KINDS and sure < AVERAGE_MIN_BREATHS:
                continue
            self._told.add(i)
            out.append(result)
        return out
