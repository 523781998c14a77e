"""`exhale history [--export FILE]`: minutes practised, streak and trends; optionally every session written to
a file, and the check-ins to one beside it.

One pass over the history file, session by session: the summary keeps a few figures per day and the export
writes each session as it is read, so 100,000 sessions need the memory of one. The clock is read once, in
`run` (the composition root); `history_command` is handed the day the streak counts to.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from game.records.history import History, HistoryStats, checkins_path, export_format
from game.records.history import export as write_export
from game.records.storage import Store, data_dir


def register(sub: argparse._SubParsersAction) -> None:
    hist = sub.add_parser(
        "history", help="minutes practised, streak and trends; --export writes every session"
    )
    hist.add_argument(
        "--export",
        metavar="FILE",
        help="write to FILE: .csv (one row per breath) or .json (one entry per session); check-ins go "
        "beside it, in FILE's name with .checkins before the ending",
    )


def run(args: argparse.Namespace) -> int:
    today = datetime.now().astimezone().date()  # the composition root reads the clock; nothing below does
    return history_command(data_dir(args.data_dir), export=args.export, today=today)


def history_command(
    folder: Path,
    *,
    export: str | None,
    today: date,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the summary of the history in ``folder``; with ``export``, also write it to that file.

    Args:
        folder: the data folder holding ``history.jsonl``.
        export: a file name ending in .csv (one row per breath) or .json (one entry per session), or None;
            the check-ins, when there are any, go beside it (``history.checkins.csv`` for ``history.csv``).
        today: the day the streak counts to (the caller's clock: this module reads none).
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
    store = Store(folder)  # the check-ins (a damaged file is kept aside and said, as in the game)
    checkins = store.checkins()
    stats = HistoryStats(today, checkins)
    records = stats.feed(history.iter_records())
    failed: str | None = None
    if export is None:
        for _ in records:
            pass
    else:
        path = Path(export).expanduser()
        try:
            counts = write_export(records, path, checkins)
        except OSError as e:
            failed = f"exhale: cannot write {path}: {e.strerror or e}"
            for _ in records:  # the summary still covers every session
                pass
    print(stats.summary_text(), file=out)
    for notice in [*history.notices, *store.notices]:
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
    if counts.checkins:
        n = counts.checkins
        print(
            f"Wrote {n} {'check-in' if n == 1 else 'check-ins'} to {checkins_path(path).resolve()}", file=out
        )
    return 0
