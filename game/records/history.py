"""Session history: one JSON line per finished or abandoned session, trends across days, CSV/JSON export.

Pure: no pygame, no clock. Times are passed in (``started_at``, ``today``); the file is append-only, so a
crash mid-write can damage at most the last line, and a damaged line is skipped, reported and kept.
Per-breath figures only: raw audio is never stored.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from game.records.history_record import (
    FEELING_AFTER,
    FeelingAfter,
    SessionKey,
    SessionRecord,
    record_from_session,
)
from game.records.history_trends import (
    DayTrend,
    HistoryStats,
    Totals,
    daily_trends,
    format_minutes,
    minutes_between,
    practised,
    streak,
    summary_text,
    totals,
)
from game.records.storage import atomic_writer
from game.sim.breaths import Breath
from game.sim.feeling import valid_feeling

if TYPE_CHECKING:
    pass

__all__ = [  # the trends live in game/records/history_trends.py; they are named here too, as before
    "BREATH_COLUMNS",
    "CHECKIN_COLUMNS",
    "HISTORY_FILE",
    "SESSION_COLUMNS",
    "DayTrend",
    "ExportCounts",
    "History",
    "HistoryStats",
    "SessionRecord",
    "checkins_path",
    "Totals",
    "daily_trends",
    "export",
    "export_format",
    "format_minutes",
    "minutes_between",
    "practised",
    "record_from_session",
    "streak",
    "summary_text",
    "totals",
]

HISTORY_FILE = "history.jsonl"
MIN_SECONDS = 1.0  # shorter plays (a key pressed by mistake) are not practice and are not stored
# A longer line is damage: a 2-hour level's breaths take about 2 MB, and reading on would hold it all.
MAX_LINE_BYTES = 16 * 2**20

#: Per-breath columns in the CSV export, in Breath's own order.
BREATH_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Breath))
#: Session columns repeated on every CSV row, so each row stands alone in a spreadsheet.
SESSION_COLUMNS: tuple[str, ...] = (
    "started_at",
    "level_id",
    "title",
    "complete",
    "seconds_played",
    "stars",
    "score",
    "source",
    "session_breaths_per_minute",
    "session_average_exhale_s",
    "session_steadiness",
    "scene",
    "scene_earned",
    "feeling_before",
    "feeling_after",
)
#: Columns of the check-ins' CSV (their own file beside the sessions', see `checkins_path`).
CHECKIN_COLUMNS: tuple[str, ...] = (
    "date",
    "input",
    "seconds",
    "breaths_per_minute",
    "exhale_inhale_ratio",
    "steadiness",
    "breaths",
    "confidence",
    "heard_enough",
    "rate_from",
    "range",
)


class History:
    """The history file, ``history.jsonl`` in the data folder: one session per line, appended.

    Problems never stop play: they become ``notices`` (plain words for the screen).

    Args:
        folder: the data folder (``Store.folder``).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / HISTORY_FILE
        self.notices: list[str] = []
        self.damaged_lines: list[int] = []  # 1-based line numbers skipped by the last load()
        self._last: tuple[object, SessionKey] | None = None  # the play whose line was written last

    def append(self, record: SessionRecord, *, play: object = None) -> bool:
        """Add one session to the end of the file (flushed and fsynced).

        Args:
            play: the play this line is of (any object); `line_of(play)` then names the line, so the
                after-feeling, asked once the results are read, can be joined to it.

        Returns:
            True when written. False when the session is shorter than a second (not stored) or the file
            cannot be written; the latter also adds a notice.
        """
        if record.seconds_played < MIN_SECONDS:
            return False
        try:
            line = json.dumps(record.to_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as e:
            self._notice(f"This session could not be added to your history ({e}).")
            return False
        written = self._append_line(line, "Your session could not be added to the history")
        if written and play is not None:
            self._last = (play, SessionKey(record.started_at, record.level_id))
        return written

    def line_of(self, play: object) -> SessionKey | None:
        """The line the last `append` wrote for ``play``; None when its line was not written (too short,
        a synthetic breather, a watched file) or another play's was written since."""
        if self._last is not None and self._last[0] is play:
            return self._last[1]
        return None

    def add_feeling_after(self, started_at: str, level_id: str, feeling: int) -> bool:
        """Add how the player felt after the session that began at ``started_at`` (asked after its results,
        once its line is written): a short line of its own, joined to that session when read. False, and
        nothing written, for anything but 1-5."""
        value = valid_feeling(feeling)
        if value is None:
            return False
        entry = FeelingAfter(started_at, level_id, value)
        line = json.dumps(entry.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return self._append_line(line, "How you felt after the session could not be added to the history")

    def _append_line(self, line: str, failed: str) -> bool:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+b") as f:
                # A crash mid-line leaves no newline at the end: start on a fresh line so only the torn line
                # is damaged, not this one too.
                f.seek(0, os.SEEK_END)
                if f.tell() > 0:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        f.write(b"\n")
                f.write(line.encode("utf-8") + b"\n")
                f.flush()
                os.fsync(f.fileno())
            return True
        except OSError as e:
            self._notice(
                f"{failed} in {self.folder} ({e.strerror or e}). "
                "Play goes on; start with --data-dir to pick another folder."
            )
            return False

    def load(self) -> list[SessionRecord]:
        """Every readable session, oldest first. Damaged lines are skipped and reported, never removed."""
        return list(self.iter_records())

    def iter_records(self) -> Iterator[SessionRecord]:
        """The readable sessions one at a time, oldest first, reading the file line by line (a history of
        any length in the memory of one line). Damaged lines are skipped and, once the end is reached,
        reported in ``damaged_lines`` and ``notices``; the file is never changed."""
        self.damaged_lines = []
        try:
            f = open(self.path, "rb")  # noqa: SIM115 - the with below closes it
        except FileNotFoundError:
            return
        except OSError as e:
            self._notice(f"Could not read your history ({self.path}: {e.strerror or e}).")
            return
        with f:
            number = 0
            pending: SessionRecord | None = None  # held back one line: a feeling-after line may follow it
            try:
                for raw in _lines(f):
                    number += 1
                    if raw is None:  # longer than any session writes
                        self.damaged_lines.append(number)
                        continue
                    if not raw.strip():
                        continue
                    try:
                        parsed = json.loads(raw.decode("utf-8"))
                        if isinstance(parsed, dict) and parsed.get("kind") == FEELING_AFTER:
                            after = FeelingAfter.from_dict(parsed)
                            if pending is not None and after.belongs_to(pending):
                                pending = replace(pending, feeling_after=after.feeling_after)
                            continue  # one whose session was damaged goes with it
                        record = SessionRecord.from_dict(parsed)
                    except (UnicodeDecodeError, ValueError, TypeError, OverflowError, RecursionError):
                        self.damaged_lines.append(number)
                        continue
                    if pending is not None:
                        yield pending
                    pending = record
            except OSError as e:
                self._notice(f"Could not read all of your history ({self.path}: {e.strerror or e}).")
            if pending is not None:
                yield pending
        if self.damaged_lines:
            shown = ", ".join(str(n) for n in self.damaged_lines[:5])
            more = "..." if len(self.damaged_lines) > 5 else ""
            n = len(self.damaged_lines)
            self._notice(
                f"{n} {'entry' if n == 1 else 'entries'} of your history could not be read "
                f"(line {shown}{more} of {self.path}) and {'was' if n == 1 else 'were'} skipped; "
                "the file is left as it is."
            )

    def summarise(self, today: date, checkins: Iterable[Mapping[str, Any]] = ()) -> HistoryStats:
        """The figures of the summary and the screen, in one pass over the file (no session kept);
        ``checkins`` (``Store.checkins()``) for the resting rate and the before/after shifts."""
        return HistoryStats.of(self.iter_records(), today, checkins)

    def _notice(self, text: str) -> None:
        if text not in self.notices:  # a screen reloading the history must not pile up the same words
            self.notices.append(text)


# -- export ----------------------------------------------------------------------------------------------


def export_format(path: Path | str) -> str:
    """``"csv"`` or ``"json"`` from the file name.

    Raises:
        ValueError: for any other ending, saying which endings work.
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".csv", ".json"):
        return suffix[1:]
    got = f"'{suffix}'" if suffix else "no extension"
    raise ValueError(
        f"cannot export to {path}: the name ends in {got}; use .csv (one row per breath) "
        "or .json (one entry per session)"
    )


@dataclass(frozen=True, slots=True)
class ExportCounts:
    """What an export wrote."""

    sessions: int
    breaths: int
    checkins: int = 0


def checkins_path(path: Path | str) -> Path:
    """Where the check-ins go beside an export: ``history.csv`` -> ``history.checkins.csv``."""
    p = Path(path)
    return p.with_name(f"{p.stem}.checkins{p.suffix}")


def export(
    records: Iterable[SessionRecord], path: Path | str, checkins: Sequence[Mapping[str, Any]] = ()
) -> ExportCounts:
    """Write the history to ``path``, atomically: CSV with one row per breath, or JSON, a list of sessions
    (each with its ``feeling_before`` and ``feeling_after``). With ``checkins``, they go to a file of their
    own beside it (`checkins_path`, same format: one row or entry per check-in), since a check-in has
    none of a session's columns.

    Written session by session as ``records`` come (a file's worth of sessions is never held as one text),
    to a temporary file renamed over ``path`` at the end. Sessions without any measured breath have no CSV
    rows; the JSON export keeps every session.

    Raises:
        ValueError: the name does not end in .csv or .json.
        OSError: a file cannot be written (that file is then left as it was).
    """
    kind = export_format(path)
    with atomic_writer(Path(path)) as f:
        counts = _write_json(records, f) if kind == "json" else _write_csv(records, f)
    if not checkins:
        return counts
    with atomic_writer(checkins_path(path)) as f:
        if kind == "json":
            json.dump([dict(c) for c in checkins], f, indent=2, ensure_ascii=False)
            f.write("\n")
        else:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(CHECKIN_COLUMNS)
            writer.writerows([_cell(c.get(name)) for name in CHECKIN_COLUMNS] for c in checkins)
    return ExportCounts(counts.sessions, counts.breaths, len(checkins))


def _write_json(records: Iterable[SessionRecord], f: TextIO) -> ExportCounts:
    """The same text as ``json.dumps(list_of_sessions, indent=2)``, one session at a time."""
    sessions = breaths = 0
    for r in records:
        item = json.dumps(r.to_dict(), indent=2, ensure_ascii=False)
        # Nested one level down: every line of the session moves in by one indent (JSON strings hold no
        # raw newline, so every newline here is the layout's).
        f.write(("[\n  " if sessions == 0 else ",\n  ") + item.replace("\n", "\n  "))
        sessions += 1
        breaths += len(r.breaths)
    f.write("[]\n" if sessions == 0 else "\n]\n")
    return ExportCounts(sessions, breaths)


def _write_csv(records: Iterable[SessionRecord], f: TextIO) -> ExportCounts:
    # "\n", not "\r\n": the file is in text mode, which already turns "\n" into the platform's ending.
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow([*SESSION_COLUMNS, "breath", *BREATH_COLUMNS])
    sessions = breaths = 0
    for r in records:
        session = [
            r.started_at,
            r.level_id,
            r.title,
            r.complete,
            r.seconds_played,
            r.stars,
            r.score,
            r.source,
            _cell(r.breaths_per_minute),
            _cell(r.average_exhale_s),
            _cell(r.steadiness),
            r.scene,
            r.scene_earned,
            _cell(r.feeling_before),
            _cell(r.feeling_after),
        ]
        writer.writerows(
            [*session, i, *(_cell(b.get(name)) for name in BREATH_COLUMNS)]
            for i, b in enumerate(r.breaths, start=1)
        )
        sessions += 1
        breaths += len(r.breaths)
    return ExportCounts(sessions, breaths)


def _lines(f: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, split at newlines only (as they are written); None for a line over MAX_LINE_BYTES,
    which is skipped to its end without being held."""
    while True:
        line = f.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = f.readline(MAX_LINE_BYTES)
            yield None
            continue
        yield line


def _cell(value: object) -> object:
    return "" if value is None else value
