"""`exhale detect`: run the breath detector over WAV files (optionally scored against labels).

SIGINT and SIGTERM stop it at once with one line on stderr and the shell's exit code for the signal
(130, 143): a long file is read block by block, and the signal lands between two blocks.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType
from typing import TextIO


def register(sub: argparse._SubParsersAction) -> None:
    detect = sub.add_parser("detect", help="run the breath detector over WAV files")
    detect.add_argument("wavs", nargs="+", metavar="WAV")
    detect.add_argument("--labels", help="CSV of start_s,end_s,phase to score against")
    detect.add_argument("--json", action="store_true", help="one JSON object per file per line")


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _StopOnSignals:
    """While detecting: the first SIGINT or SIGTERM raises `_Stopped`; any later one is ignored (so the
    message is printed once and no traceback follows). Main thread only, where Python delivers signals."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.old: dict[int, object] = {}
        self.fired = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if not self.fired:
            self.fired = True
            raise _Stopped(signum)

    def __enter__(self) -> _StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, old in self.old.items():
            signal.signal(signum, old if old is not None else signal.SIG_DFL)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    try:
        with _StopOnSignals():
            return detect_command(args.wavs, labels=args.labels, as_json=args.json)
    except _Stopped as stop:
        name = signal.Signals(stop.signum).name
        sys.stdout.flush()  # the files finished before the signal keep their lines
        print(f"exhale detect: stopped by {name}; the file in progress was not finished", file=sys.stderr)
        return 128 + stop.signum


def detect_command(
    files: list[str], *, labels: str | None = None, as_json: bool = False, out: TextIO = sys.stdout
) -> int:
    """``exhale detect WAV [WAV...] [--labels CSV] [--json]``.

    Prints one JSON object per file per line (with ``scores`` when labels are given) or a short readable
    summary. The same labels file is used for every file.

    Returns:
        0, or 1 if any file (or the labels) could not be read; the other files are still processed.
    """
    from breath_input.evaluate import (  # numpy's import is stoppable too
        detect_file,
        read_labels,
        score,
        summary,
    )

    rc = 0
    label_segments = None
    if labels is not None:
        try:
            label_segments = read_labels(labels)
        except ValueError as exc:
            print(f"exhale detect: {exc}", file=sys.stderr)
            return 1
    for f in files:
        try:
            result = detect_file(f)
        except ValueError as exc:
            print(f"exhale detect: {exc}", file=sys.stderr)
            rc = 1
            continue
        if label_segments is not None:
            result["scores"] = score(result["segments"], label_segments)
        print(json.dumps(result) if as_json else summary(result), file=out)
    return rc
