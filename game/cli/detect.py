"""`exhale detect`: run the breath detector over WAV files (optionally scored against labels).

SIGINT and SIGTERM stop it at once with one line on stderr and the shell's exit code for the signal
(130, 143): a long file is read block by block, and the signal lands between two blocks.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType


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
            from breath_input.evaluate import detect_command  # numpy's import is stoppable too

            return detect_command(args.wavs, labels=args.labels, as_json=args.json)
    except _Stopped as stop:
        name = signal.Signals(stop.signum).name
        sys.stdout.flush()  # the files finished before the signal keep their lines
        print(f"exhale detect: stopped by {name}; the file in progress was not finished", file=sys.stderr)
        return 128 + stop.signum
