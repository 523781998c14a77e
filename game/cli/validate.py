"""`exhale validate` and `exhale schema`: the level designer's checks."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser("validate", help="check level files; exit 1 if any has an error")
    validate.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")


def register_schema(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("schema", help="print the JSON Schema of level files")


def run(args: argparse.Namespace) -> int:
    from game.content.schema import validate_command

    return validate_command(args.paths, strict=args.strict)


def run_schema(args: argparse.Namespace) -> int:
    from game.content.schema import schema_command

    return schema_command()
