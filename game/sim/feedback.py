"""What the results screen says: a few plain sentences on what went well and one gentle suggestion."""

from __future__ import annotations

from game.content.model import Level
from game.sim.scoring import Summary


def what_went_well(level: Level, s: Summary) -> list[str]:
    sure = [b for b in s.breaths if b.sure]
    if not sure:
        return ["This one was just for arriving. No breaths were measured, and that's fine."]
    lines = []
    if s.average_exhale_s is not None and s.longest_exhale_s is not None:
        lines.append(f"Your exhales averaged {s.average_exhale_s:.1f} s, longest {s.longest_exhale_s:.1f} s.")
    if s.breaths_per_minute is not None:
        steady = s.steadiness is not None and s.steadiness >= 0.7
        word = "steady" if steady else "settling"
        lines.append(
            f"Rhythm {word} at {s.breaths_per_minute:.1f} breaths a minute over {len(sure)} breaths."
        )
    if s.average_ratio is not None and s.average_ratio >= 1.2:
        lines.append(f"Your out-breaths were {s.average_ratio:.1f} times as long as your in-breaths.")
    elif s.average_fullness is not None and s.average_fullness >= 0.8:
        lines.append("Your exhales were full and unbroken.")
    return lines[:3]


def gentle_moments(s: Summary) -> str | None:
    """The quick breaths in and long pauses noticed, said plainly: information, never a judgement."""
    parts = []
    if s.gasps:
        parts.append(f"{s.gasps} quick breath{'s' if s.gasps != 1 else ''} in")
    if s.freezes:
        parts.append(f"{s.freezes} long pause{'s' if s.freezes != 1 else ''}")
    if not parts:
        return None
    return " and ".join(parts) + ". That happens; a soft sigh out is always a good way back."


def gentle_suggestion(level: Level, s: Summary) -> str:
    sure = [b for b in s.breaths if b.sure]
    if not sure:
        return "Next time, try holding SPACE (or breathing toward the microphone) as you breathe out."
    target = level.pattern.exhale_s
    if s.average_exhale_s is not None and s.average_exhale_s < 0.8 * target:
        return (
            "Let each out-breath drift a little longer, as if fogging a window slowly. No need to force it."
        )
    if s.steadiness is not None and s.steadiness < 0.6:
        return (
            "Try letting each breath take about the same time; the guide circle can carry the rhythm for you."
        )
    if level.show_pacer and s.average_sync is not None and s.average_sync < 0.5:
        return "Start breathing out as the circle begins to shrink, and let it lead you."
    if s.average_fullness is not None and s.average_fullness < 0.7:
        return "Let the exhale run all the way out in one soft stream before the next breath in."
    return "Lovely. Carry this pace with you for a few breaths after you stop."
