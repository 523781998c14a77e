"""One session of the history as it is stored: SessionRecord, read from and written to a JSON line.

Its own module so the trends (game/records/history_trends.py) and the history file (game/records/history.py)
both use it without importing each other. Pure: no pygame, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from game.sim.feeling import valid_feeling

if TYPE_CHECKING:
    from game.sim.hum_figures import HumFigures
    from game.sim.session import PlaySession

FORMAT_VERSION = 1
FEELING_AFTER = "feeling_after"  # the ``kind`` of a line that adds the after-feeling to the session before it


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
        feeling_before, feeling_after: how tense the player said they felt, 1 (at ease) to 5 (very tense),
            before the level and after its results; None when not asked or skipped. The after-feeling comes
            once the line is written, so it is stored as a line of its own (`FeelingAfter`) that reading
            joins to its session.
        hum: a hum level heard through the detector: ``hums``, ``median_length_s``, ``longest_s``,
            ``pitch_hz``, ``pitch_steadiness``, ``loudness_spread_db`` (game/sim/hum_figures.py); None (and
            left out of the line) for air levels and for the breath key.
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
    feeling_before: int | None = None
    feeling_after: int | None = None
    hum: dict[str, float | None] | None = None

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
        if out["hum"] is None:  # most levels: the line stays as it was
            del out["hum"]
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
            # Lenient, unlike the figures above: a bad feeling loses itself, never the session around it.
            feeling_before=valid_feeling(raw.get("feeling_before")),
            feeling_after=valid_feeling(raw.get("feeling_after")),
            hum=_hum(raw),
        )
        record.day  # noqa: B018 - raises ValueError now for a bad date, not later while drawing a chart
        return record


@dataclass(frozen=True, slots=True)
class SessionKey:
    """Which history line a later line joins: the session's start and level."""

    started_at: str
    level_id: str


@dataclass(frozen=True, slots=True)
class FeelingAfter:
    """How the player felt after a session, asked once the results were read: a line of its own after the
    session's line (the history file is only ever appended to), naming the session by start and level."""

    started_at: str
    level_id: str
    feeling_after: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": FORMAT_VERSION,
            "kind": FEELING_AFTER,
            "started_at": self.started_at,
            "level_id": self.level_id,
            "feeling_after": self.feeling_after,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> FeelingAfter:
        """Raises ValueError when a field is missing or wrong (the line counts as damaged)."""
        value = valid_feeling(raw.get("feeling_after"))
        if value is None:
            raise ValueError(f"feeling_after: expected 1 to 5, got {raw.get('feeling_after')!r}")
        return cls(_str(raw, "started_at"), _str(raw, "level_id"), value)

    def belongs_to(self, record: SessionRecord) -> bool:
        return record.started_at == self.started_at and record.level_id == self.level_id


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


def _hum(raw: dict[str, Any]) -> dict[str, float | None] | None:
    """A hum level's figures; lenient like the feelings: damaged figures lose themselves, not the session."""
    value = raw.get("hum")
    if not isinstance(value, dict):
        return None
    try:
        # Counts stay whole numbers; true/false is damage (_opt_num says so), not 1/0.
        return {
            str(k): v if type(v) is int else _opt_num(value, k)  # noqa: E721 - bool is an int subclass
            for k, v in value.items()
        }
    except ValueError:
        return None


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
    session: PlaySession,
    *,
    started_at: str,
    complete: bool,
    source: str,
    feeling_before: int | None = None,
) -> SessionRecord:
    """The history record of a play, finished (``complete``) or left early.

    Args:
        session: the play; its breaths and summary are read, never its audio (it has none).
        started_at: ISO 8601 local time the play began, e.g. ``datetime.now().astimezone().isoformat()``.
        complete: whether the level ran to its end.
        source: the breath input's name.
        feeling_before: the answer to "how tense do you feel" before the level, or None.
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
        feeling_before=valid_feeling(feeling_before),
        hum=_hum_figures(s.hum),
    )


def _hum_figures(figures: HumFigures | None) -> dict[str, float | None] | None:
    """The hums' summary without each hum's figures: the history keeps a session's line short."""
    if figures is None:
        return None
    return {k: v for k, v in figures.to_dict().items() if isinstance(v, (int, float)) or v is None}


def _clean(d: dict[str, object]) -> dict[str, Any]:
    return {k: (_finite(v) if isinstance(v, float) else v) for k, v in d.items()}
