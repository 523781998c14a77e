"""`exhale detect`: run the breath detector over WAV files (optionally scored against labels)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    detect = sub.add_parser("detect", help="run the breath detector over WAV files")
    detect.add_argument("wavs", nargs="+", metavar="WAV")
    detect.add_argument("--labels", help="CSV of start_s,end_s,phase to score against")
    detect.add_argument("--json", action="store_true", help="one JSON object per file per line")


def run(args: argparse.Namespace) -> int:
    from breath_input.evaluate import detect_command

    return detect_command(args.wavs, labels=args.labels, as_json=args.json)
