"""The words shown with the guide (issue 12, item 5): a stage's cue as the stage begins, else the current
phase's cue ("in through the nose"). Pure: the controller puts the text in FrameView.cue, a painter draws it.
"""

from __future__ import annotations

from game.content.model import Level
from game.sim.pacer import Pacer, pattern_at, stage_starts

STAGE_CUE_S = 6.0  # a stage's cue (or, without one, its name) shows this long from the stage's first breath


def cue_text(level: Level, pacer: Pacer, t: float, phase: str) -> str:
    """What to show at session time `t`, the pacer in `phase`; "" for nothing."""
    if t < 0 or phase == "done":
        return ""
    cycle = pacer.cycle_at(t)
    if cycle.stage >= 0:
        stage = level.stages[cycle.stage]
        first = pacer.cycles[stage_starts(level)[cycle.stage]]
        if t - first.start_s < STAGE_CUE_S:
            return stage.cue or stage.name
    if not level.show_pacer:
        return ""  # no guide shown: the phases' words would name a guide the player can't see
    return pattern_at(level, cycle.index)[0].cue(phase)
