"""What a play leaves behind: its line in the history, and its readings as the level's best run (the ghost).

Breath figures only, never audio. Designers testing a file (``--watch``) and synthetic breathers are not
practising, so neither is kept for them; replays are not new runs either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from game.records.history import record_from_session
from game.records.replay import best_run_path

if TYPE_CHECKING:
    from pathlib import Path

    from game.records.history_record import SessionRecord
    from game.records.storage import Progress
    from game.sim.session import PlaySession


class ProgressBook(Protocol):
    """Where the levels' progress is kept and saved (the store is one)."""

    @property
    def progress(self) -> Progress: ...
    def save_progress(self) -> bool: ...


class RunShelf(Protocol):
    """Where a level's best run is kept: beside the progress that says which run is best."""

    @property
    def progress(self) -> Progress: ...
    @property
    def folder(self) -> Path: ...


class SessionLog(Protocol):
    """The history file, as a play adds its line (`game.records.history.History` is one)."""

    @property
    def notices(self) -> list[str]: ...
    def append(self, record: SessionRecord, *, play: object = None) -> bool: ...


#: Breaths a play must hold for its level to count as completed (unlock the next, earn stars, be the ghost).
MIN_BREATHS_TO_COMPLETE = 3


def breathed_through(session: PlaySession) -> bool:
    """The player breathed through the level: at least a few breaths were detected, not an idle run."""
    return len(session.breaths) >= MIN_BREATHS_TO_COMPLETE


def record_progress(store: ProgressBook, level_id: str, session: PlaySession) -> bool:
    """A play that ran to its end goes into the progress file; True when it completed its level.

    A run with too few breaths counts as a play (the level stays open) but completes nothing: it unlocks no
    level and earns no stars.
    """
    summary = session.summary()
    done = breathed_through(session)
    store.progress.record(
        level_id, stars=summary.stars if done else 0, score=summary.score if done else 0, completed=done
    )
    store.save_progress()
    return done


def save_history(
    history: SessionLog,
    notices: list[str],
    session: PlaySession,
    *,
    source_name: str,
    started_at: str,
    complete: bool,
    watched: bool,
    feeling_before: int | None = None,
) -> bool:
    """Append the play to the history; False when it is not kept (then nothing was written).

    A history that cannot be written says so in `notices` (the app's); the play goes on.
    """
    if watched or source_name.startswith("synthetic"):
        return False
    record = record_from_session(
        session, started_at=started_at, complete=complete, source=source_name, feeling_before=feeling_before
    )
    # `play`: so the results can find this line again. False, silently, for plays under a second too.
    if not history.append(record, play=session):
        notices.extend(n for n in history.notices if n not in notices)
        return False
    return True


def keep_best_run(
    store: RunShelf, level_id: str, session: PlaySession, *, score: int, source_name: str, watched: bool
) -> bool:
    """A new best score keeps this run's readings as the level's ghost; True when it was saved.

    Call before the score is recorded in progress (the best so far is read from there).
    """
    best = store.progress.of(level_id).best_score
    if score <= best or watched or source_name.startswith(("synthetic", "replay")):
        return False
    try:
        session.recording.meta["score"] = score
        session.recording.save(best_run_path(store.folder, level_id))
    except OSError:
        return False  # the save folder's problem is already reported by the progress save
    return True
