"""`exhale history [--export FILE]`: print the practice summary; optionally write every session to a file.

One pass over the history file, session by session: the summary keeps a few figures per day and the
export writes each session as it is read, so 100,000 sessions need the memory of one.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from game.history import History, HistoryStats, export_format
from game.history import export as write_export


def history_command(
    folder: Path,
    *,
    export: str | None,
    today: date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the summary of the history in ``folder``; with ``export``, also write it to that file.

    Args:
        folder: the data folder holding ``history.jsonl``.
        export: a file name ending in .csv (one row per breath) or .json (one entry per session), or None.
        today: the day the streak counts to; the wall-clock date when None.
        out, err: where to write (stdout and stderr when None).

    Returns:
        0, or 1 with one clear line on ``err`` when the export name is unusable or the file cannot be written.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if export is not None:
        try:
            export_format(export)  # before reading anything: a typo should fail at once
        except ValueError as e:
            print(f"exhale: {e}", file=err)
            return 1
    history = History(folder)
    stats = HistoryStats(today or date.today())
    records = stats.feed(history.iter_records())
    failed: str | None = None
    if export is None:
        for _ in records:
            pass
    else:
        path = Path(export).expanduser()
        try:
            counts = write_export(records, path)
        except OSError as e:
            failed = f"exhale: cannot write {path}: {e.strerror or e}"
            for _ in records:  # the summary still covers every session
                pass
    print(stats.summary_text(), file=out)
    for notice in history.notices:
        print(f"note: {notice}", file=err)
    if export is None:
        return 0
    if failed is not None:
        print(failed, file=err)
        return 1
    if path.suffix.lower() == ".json":
        what = f"{counts.sessions} {'session' if counts.sessions == 1 else 'sessions'}"
    else:
        breaths = f"{counts.breaths} {'breath' if counts.breaths == 1 else 'breaths'}"
        what = f"{breaths} from {counts.sessions} sessions"
    print(f"Wrote {what} to {path.resolve()}", file=out)
    return 0
