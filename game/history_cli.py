"""`exhale history [--export FILE]`: print the practice summary; optionally write every session to a file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from game.history import History, SessionRecord, export_format, summary_text
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
    records = history.load()
    print(summary_text(records, today or date.today()), file=out)
    for notice in history.notices:
        print(f"note: {notice}", file=err)
    if export is None:
        return 0
    return _export(records, export, out=out, err=err)


def _export(records: list[SessionRecord], name: str, *, out: TextIO, err: TextIO) -> int:
    path = Path(name).expanduser()
    try:
        write_export(records, path)
    except OSError as e:
        print(f"exhale: cannot write {path}: {e.strerror or e}", file=err)
        return 1
    breaths = sum(len(r.breaths) for r in records)
    if path.suffix.lower() == ".json":
        what = f"{len(records)} {'session' if len(records) == 1 else 'sessions'}"
    else:
        what = f"{breaths} {'breath' if breaths == 1 else 'breaths'} from {len(records)} sessions"
    print(f"Wrote {what} to {path.resolve()}", file=out)
    return 0
