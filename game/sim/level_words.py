"""A level read back in plain words: its length, its breath, its goals (intro card, level select,
`exhale levels`). Pure: no pygame."""

from __future__ import annotations

from game.content.model import Level
from game.sim.feedback import num
from game.sim.pacer import Pacer
from game.sim.scoring import goal_label

__all__ = ["breath_words", "goal_words", "length_words"]


def length_words(level: Level) -> str:
    """How long the level takes: "2 min 30 s", "50 s"; "about 5 min" when the guide adapts to the player."""
    total = round(Pacer(level).total_s)
    minutes, seconds = divmod(total, 60)
    if level.adaptive.enabled:
        return f"about {max(1, round(total / 60))} min"
    if not minutes:
        return f"{seconds} s"
    return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"


def breath_words(level: Level) -> str:
    """The guide's breath in plain seconds ("in 4 s, out 5 s rising to 9 s"), holds and the sip named."""
    if not level.show_pacer:
        return "breathe at your own pace"
    p = level.pattern
    ramps = {r.field: r.to for r in p.ramps}

    def phase(name: str, key: str, seconds: float) -> str:
        words = f"{name} {num(seconds)} s"
        if key in ramps and ramps[key] != seconds:
            words += f" {'rising' if ramps[key] > seconds else 'easing'} to {num(ramps[key])} s"
        return words

    parts = [phase("in", "inhale", p.inhale_s) + (" with a sip on top" if p.double_inhale else "")]
    if p.hold_in_s or "hold_in" in ramps:
        parts.append(phase("hold", "hold_in", p.hold_in_s))
    parts.append(phase("out", "exhale", p.exhale_s))
    if p.hold_out_s or "hold_out" in ramps:
        parts.append(phase("hold", "hold_out", p.hold_out_s))
    words = ", ".join(parts)
    if level.adaptive.enabled:
        words = f"your own pace, easing toward {words}"
    return words


def goal_words(level: Level) -> list[str]:
    """Each goal as the results name it (a star for each, three at most)."""
    return [goal_label(g) for g in level.goals[:3]]


# -- the scene as a small picture --------------------------------------------------------------------
