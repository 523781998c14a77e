"""`exhale calibrate`: measure the room and a soft exhale, and tune to a few guided breaths (optional)."""

from __future__ import annotations

import argparse

from game.cli.common import open_store


def register(sub: argparse._SubParsersAction) -> None:
    calibrate = sub.add_parser(
        "calibrate", help="measure your room and tune to a few guided breaths (optional, ~22 s)"
    )
    calibrate.add_argument(  # suppressed: `exhale --device N calibrate` keeps N
        "--device", default=argparse.SUPPRESS, help="microphone (a number or name from `exhale devices`)"
    )


def run(args: argparse.Namespace) -> int:
    from game.inputs.calibration_run import calibrate_command

    store = open_store(args)
    return calibrate_command(store, device=args.device or store.settings.device or None)
