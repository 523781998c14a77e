"""`exhale simulate`: a difficulty preview; synthetic breathers play the level through the real scoring."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from breath_input.sources import BREATHERS, SyntheticBreather
from game.content.model import Level
from game.loop import STEP_S
from game.sim.session import PlaySession


def simulate(level: Level, breather: str, *, seed: int = 1) -> dict[str, Any]:
    """Play `level` to the end with one synthetic breather; no window, no rendering, same scoring."""
    session = PlaySession(level)
    source = SyntheticBreather(breather, pacer=session.pacer, seed=seed)
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
        "goals": [{"label": g.label, "met": g.met, "value": round(g.value, 2)} for g in s.goals],
    }


def simulate_command(levels: list[Level], breather: str, *, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    kinds = BREATHERS if breather == "all" else (breather,)
    for level in levels:
        rows = [simulate(level, kind) for kind in kinds]
        if as_json:
            for row in rows:
                out.write(json.dumps(row) + "\n")
            continue
        out.write(f"{level.id} — {level.title}\n")
        for row in rows:
            stars = "*" * row["stars"] + "." * (3 - row["stars"])
            bpm = row["breaths_per_minute"]
            exhale = row["average_exhale_s"]
            out.write(
                f"  {row['breather']:<8} {stars}  score {row['score']:>4}   "
                f"exhale {exhale if exhale is not None else '-':>5} s   "
                f"{bpm if bpm is not None else '-':>5} breaths/min   "
                f"goals met: {', '.join(g['label'] for g in row['goals'] if g['met']) or 'none'}\n"
            )
    return 0
