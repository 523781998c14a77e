"""`exhale simulate`: a difficulty preview; synthetic breathers play the level through the real scoring.

For each breather and goal it says what the breather reached against what the goal needs, and whether it
was met, so a designer can read why each breather earns what it earns. The level's warnings come first.
`--timeline` shows the pacer's breaths over the level instead (game/sim/timeline.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from breath_input.responsive import ALL_BREATHERS, DESCRIPTIONS, make_breather
from game.content.loader import load_level
from game.content.model import Level
from game.sim.loop import STEP_S
from game.sim.scoring import goal_report
from game.sim.session import PlaySession
from game.sim.timeline import timeline_lines


def simulate(level: Level, breather: str, *, seed: int = 1) -> dict[str, Any]:
    """Play `level` to the end with one synthetic breather; no window, no rendering, same scoring."""
    session = PlaySession(level)
    source = make_breather(breather, pacer=session.pacer, seed=seed)
    while not session.finished:
        session.step(STEP_S, source)
    s = session.summary()

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 2)

    return {
        "level": level.id,
        "breather": breather,
        "stars": s.stars,
        "score": s.score,
        "breaths": len(s.breaths),
        "average_exhale_s": r(s.average_exhale_s),
        "breaths_per_minute": r(s.breaths_per_minute),
        "steadiness": r(s.steadiness),
        "average_sync": r(s.average_sync),
        "goals": [goal_report(g) for g in s.goals],  # the same shape as `play --report`'s goals
    }


def level_warnings(level: Level) -> list[str]:
    """The warnings of the level's file, as `exhale validate` prints them."""
    if not level.source or not Path(level.source).is_file():
        return []
    _, warnings = load_level(level.source)
    return [str(w) for w in warnings]


def simulate_command(
    levels: list[Level], breather: str, *, as_json: bool, timeline: bool = False, out: TextIO | None = None
) -> int:
    out = out or sys.stdout
    if timeline:
        for level in levels:
            out.write("\n".join(timeline_lines(level)) + "\n")
        return 0
    kinds = ALL_BREATHERS if breather == "all" else (breather,)
    for level in levels:
        warnings = level_warnings(level)
        rows = [simulate(level, kind) for kind in kinds]
        if as_json:
            for row in rows:
                out.write(json.dumps({**row, "warnings": warnings}) + "\n")
            continue
        for w in warnings:  # first: a warning often explains a star below
            out.write(f"{w}\n")
        out.write(f"{level.id} — {level.title}\n")
        for row in rows:
            stars = "*" * row["stars"] + "." * (3 - row["stars"])
            bpm = row["breaths_per_minute"]
            exhale = row["average_exhale_s"]
            out.write(
                f"  {row['breather']:<11} {stars}  score {row['score']:>4}   "
                f"exhale {exhale if exhale is not None else '-':>5} s   "
                f"{bpm if bpm is not None else '-':>5} breaths/min   ({DESCRIPTIONS[row['breather']]})\n"
            )
            for g in row["goals"]:
                out.write(f"      {'met   ' if g['met'] else 'missed'}  {g['label']}: {g['why']}\n")
    return 0
