"""The `exhale` command line: one module per command, each with `register(sub)` and `run(args)`.

No game logic here: a command parses, finds what it needs (game/cli/common.py) and calls the core or the game.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from game.cli import (
    breathe,
    calibrate,
    checkin,
    detect,
    devices,
    history,
    levels,
    pack,
    play,
    simulate,
    validate,
)
from game.cli.common import EXIT_USAGE, OneLineParser, UsageError, add_input_options, add_size_option

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep command output clean (JSON on stdout)

Register = Callable[[argparse._SubParsersAction], None]
Run = Callable[[argparse.Namespace], int]

# name -> (add its parser, run it); the order is the order `exhale --help` lists them in
COMMANDS: dict[str, tuple[Register, Run]] = {
    "play": (play.register, play.run),
    "breathe": (breathe.register, breathe.run),
    "levels": (levels.register, levels.run),
    "validate": (validate.register, validate.run),
    "schema": (validate.register_schema, validate.run_schema),
    "simulate": (simulate.register, simulate.run),
    "pack": (pack.register, pack.run),
    "checkin": (checkin.register, checkin.run),
    "history": (history.register, history.run),
    "devices": (devices.register, devices.run),
    "calibrate": (calibrate.register, calibrate.run),
    "detect": (detect.register, detect.run),
}

__all__ = ["EXIT_USAGE", "UsageError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="exhale",
        description="Exhale: a breathing game. With no command, open the game on the title screen "
        "(the breath input options work there too).",
    )
    parser.add_argument(
        "--data-dir",
        help="folder for progress and settings (default: your user data folder; or set EXHALE_DATA_DIR)",
    )
    parser.add_argument(
        "--levels",
        action="append",
        default=[],
        metavar="DIR",
        help="also load the levels in DIR (repeatable)",
    )
    add_input_options(parser)
    add_size_option(parser)
    sub = parser.add_subparsers(dest="command", parser_class=OneLineParser)
    for register, _run in COMMANDS.values():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return play.run_title(args)
        return COMMANDS[args.command][1](args)
    except UsageError as e:
        print(f"exhale: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
