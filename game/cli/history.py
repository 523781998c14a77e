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
        help="write to FILE: .csv (one row per breath) or .json (one entry per session)",
    )


def run(args: argparse.Namespace) -> int:
    from game.history_cli import history_command
    from game.storage import data_dir

    return history_command(data_dir(args.data_dir), export=args.export)
