"""`exhale history`: minutes practised, streak and trends, and the export."""

from __future__ import annotations

import argparse


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
    from datetime import datetime

    from game.history_cli import history_command
    from game.storage import data_dir

    today = datetime.now().astimezone().date()  # the composition root reads the clock; nothing below does
    return history_command(data_dir(args.data_dir), export=args.export, today=today)
