"""One session of the history as it is stored: SessionRecord, read from and written to a JSON line.

Its own module so the trends (game/history_trends.py) and the history file (game/history.py) both use it
without importing each other. Pure: no pygame, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.sim.session import PlaySession

FORMAT_VERSION = 1


@dataclass(frozen=True)
class SessionRecord:
    """One play of one level, as kept in the history.

    Attributes:
        level_id, title: the level played.
        started_at: ISO 8601 local time the play began (with its UTC offset when known); its date is the
            practice day.
        seconds_played: session seconds actually played (lead-in excluded).
        complete: True when the level ran to its end, False when the player left early.
        stars, score: what the session earned (an abandoned session earns no stars).
        breaths_per_minute, average_exhale_s, steadiness: the session figures, None when too few breaths.
        source: the breath input used (``keyboard``, ``mic``, ``synthetic:calm``...).
        breaths: one dict per breath, from ``Breath.to_dict()``.
        scene, scene_earned: the level's scene and what it earned (tree growth steps, sill lights, lanterns
            released: game/sim/scene_rules.py); "" and 0 in lines written before scenes kept a count.
    """

    level_id: str
    title: str
    started_at: str
    seconds_played: float
    complete: bool
    stars: int = 0
    score: int = 0
    breaths_per_minute: float | None = None
    average_exhale_s: float | None = None
    steadiness: float | None = None
    source: str = ""
    breaths: list[dict[str, Any]] = field(default_factory=list)
    scene: str = ""
    scene_earned: int = 0

    @property
    def day(self) -> date:
        """The practice day: the date part of ``started_at`` as recorded (the player's local day)."""
        return datetime.fromisoformat(self.started_at).date()

    @property
    def minutes(self) -> float:
        return self.seconds_played / 60.0

    @property
    def practised(self) -> bool:
        """At least one breath was detected: only such sessions count toward minutes, streaks and trends."""
        return bool(self.breaths)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"v": FORMAT_VERSION}
        for f in fields(self):
            out[f.name] = getattr(self, f.name)
        return out

    @classmethod
    def from_dict(cls, raw: Any) -> SessionRecord:
        """Check and build a record from one parsed line.

        Raises:
            ValueError: when a field is missing or has the wrong type (the line counts as damaged).
        """
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        breaths = raw.get("breaths", [])
        if not isinstance(breaths, list) or not all(isinstance(b, dict) for b in breaths):
            raise ValueError("breaths: expected a list of objects")
        record = cls(
            level_id=_str(raw, "level_id"),
            title=_str(raw, "title"),
            started_at=_str(raw, "started_at"),
            seconds_played=_num(raw, "seconds_played"),
            complete=_bool(raw, "complete"),
            stars=int(_num(raw, "stars", 0)),
            score=int(_num(raw, "score", 0)),
            breaths_per_minute=_opt_num(raw, "breaths_per_minute"),
            average_exhale_s=_opt_num(raw, "average_exhale_s"),
            steadiness=_opt_num(raw, "steadiness"),
            source=_str(raw, "source", ""),
            breaths=breaths,
            scene=_str(raw, "scene", ""),
            scene_earned=int(_num(raw, "scene_earned", 0)),
        )
        record.day  # noqa: B018 - raises ValueError now for a bad date, not later while drawing a chart
        return record


def _str(raw: dict[str, Any], key: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected text, got {value!r}")
    return value


def _num(raw: dict[str, Any], key: str, default: float | None = None) -> float:
    value = raw.get(key, default)
    # bool is an int subclass: true/false in a number field is damage, not 1/0.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{key}: expected a number, got {value!r}")
    return float(value)


def _opt_num(raw: dict[str, Any], key: str) -> float | None:
    return None if raw.get(key) is None else _num(raw, key)


def _bool(raw: dict[str, Any], key: str) -> bool:
    value = raw.get(key)
    if not isinstance(value, bool):
        raise ValueError(f"{key}: expected true or false, got {value!r}")
    return value


def _finite(value: float | None, digits: int = 3) -> float | None:
    """Round for storage; NaN or infinity becomes None (JSON has no such numbers)."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def record_from_session(
    session: PlaySession, *, started_at: str, complete: bool, source: str
) -> SessionRecord:
    """The history record of a play, finished (``complete``) or left early.

    Args:
        session: the play; its breaths and summary are read, never its audio (it has none).
        started_at: ISO 8601 local time the play began, e.g. ``datetime.now().astimezone().isoformat()``.
        complete: whether the level ran to its end.
        source: the breath input's name.
    """
    s = session.summary()
    return SessionRecord(
        level_id=session.level.id,
        title=session.level.title,
        started_at=started_at,
        seconds_played=round(session.seconds_played, 3),
        complete=complete,
        stars=s.stars if complete else 0,  # stars are earned by finishing, as in the progress file
        score=s.score,
        breaths_per_minute=_finite(s.breaths_per_minute),
        average_exhale_s=_finite(s.average_exhale_s),
        steadiness=_finite(s.steadiness),
        source=source,
        breaths=[_clean(b.to_dict()) for b in session.breaths],
        scene=session.level.scene,
        scene_earned=session.scene.earned,
    )


def _clean(d: dict[str, object]) -> dict[str, Any]:
    return {k: (_finite(v) if isinstance(v, float) else v) for k, v in d.items()}
