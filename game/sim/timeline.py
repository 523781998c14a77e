"""`exhale simulate FILE --timeline`: the pacer's breaths over the whole level, as text (issue 12, item 3).

One line per breath where the breath changes (a ramp, a new stage), one line for a run of breaths that are
all alike; each stage's name and cue where it begins. With adaptive pacing the pacer follows the player, so
what is shown is its ceiling: the pattern the pacer eases toward and never passes. Pure: no pygame.
"""

from __future__ import annotations

from game.content.model import Level
from game.sim.pacer import Pacer, level_phases, pattern_at

_PHASES = (("inhale", "in"), ("hold_in", "hold"), ("exhale", "out"), ("hold_out", "rest"))


def clock(seconds: float) -> str:
    """12:05, or 1:02:05 past an hour."""
    s = round(seconds)
    h, m, sec = s // 3600, s % 3600 // 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def _phases_text(p: dict[str, float], before: dict[str, float] | None) -> str:
    parts = []
    for key, word in _PHASES:
        if key.startswith("hold") and p[key] == 0 and not (before and before[key]):
            continue
        mark = (
            ""
            if before is None or abs(before[key] - p[key]) < 1e-9
            else ("^" if p[key] > before[key] else "v")
        )
        parts.append(f"{word} {round(p[key], 2):g}{mark}")
    return ", ".join(parts)


def timeline_lines(level: Level) -> list[str]:
    """The level's breaths as lines of text (see the module's docstring)."""
    pacer = Pacer(level)  # without an adaptive plan: the pattern laid out in full
    cycles = pacer.cycles
    bpm = 60.0 * len(cycles) / pacer.total_s if pacer.total_s else 0.0
    lines = [
        f"{level.id} — {level.title}: {len(cycles)} breaths, {clock(pacer.total_s)} "
        f"(about {bpm:.1f} breaths a minute)"
    ]
    if level.adaptive.enabled:
        lines.append(
            "  adaptive pacing: the pacer starts at the player's own pace and eases toward this pattern, "
            "never past it; shown is the pattern"
        )
    if not level.show_pacer:
        lines.append("  show_pacer: false: the player sees no guide; the pattern only times the level")
    if level.pattern.double_inhale:
        lines.append("  double inhale: each 'in' is a long breath in (72 %) and a short top-up sip (28 %)")
    lines.append("  breaths       time          pacer (seconds; ^ longer, v shorter than the breath before)")
    stage = -2
    k = 0
    while k < len(cycles):
        c = cycles[k]
        if c.stage != stage:
            stage = c.stage
            if stage >= 0:
                st = level.stages[stage]
                cue = f': "{st.cue}"' if st.cue else ""
                lines.append(f"  stage {stage + 1}, {st.name} ({st.cycles} breaths){cue}")
        p = level_phases(level, k)
        run = k
        while run + 1 < len(cycles) and cycles[run + 1].stage == stage and level_phases(level, run + 1) == p:
            run += 1
        before = level_phases(level, k - 1) if k > 0 and cycles[k - 1].stage == stage else None
        span = f"{k + 1}" if run == k else f"{k + 1}-{run + 1}"
        end = min(cycles[run].end_s, pacer.total_s)
        cut = " (cut short: the level's duration ends)" if cycles[run].end_s > pacer.total_s + 1e-9 else ""
        lines.append(f"  {span:<12}  {clock(c.start_s):>5}-{clock(end):<6}  {_phases_text(p, before)}{cut}")
        k = run + 1
    cues = [f"{phase} '{text}'" for phase, text in pattern_at(level, 0)[0].cues]
    if cues:
        lines.append(f"  words shown with the guide: {', '.join(cues)}")
    return lines
