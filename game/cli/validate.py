"""`exhale validate` and `exhale schema [--pack]`: the level designer's checks."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser(
        "validate", help="check level files and folders (and the packs in them); exit 1 if any has an error"
    )
    validate.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")


def register_schema(sub: argparse._SubParsersAction) -> None:
    schema = sub.add_parser(
        "schema", help="print the JSON Schema of level files (or, with --pack, of pack.yaml)"
    )
    schema.add_argument("--pack", action="store_true", help="the schema of pack.yaml instead")


def run(args: argparse.Namespace) -> int:
    from game.content.data_paths import shipped_levels_dir
    from game.content.schema import validate_command

    # The campaign's ids are taken: the game refuses a level of another pack that uses one.
    return validate_command(args.paths, strict=args.strict, campaign=shipped_levels_dir())


def run_schema(args: argparse.Namespace) -> int:
    from game.content.schema import schema_command

    return schema_command(pack=args.pack)
