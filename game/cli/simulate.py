"""`exhale simulate`: preview a level's difficulty with synthetic breathers."""

from __future__ import annotations

import argparse

from game.cli.common import open_catalog, resolve_level


def register(sub: argparse._SubParsersAction) -> None:
    simulate = sub.add_parser("simulate", help="preview a level's difficulty with synthetic breathers")
    simulate.add_argument("level", nargs="?", help="level id or file (default: every level)")
    simulate.add_argument(
        "--breather", default="all", choices=["all", "calm", "shallow", "anxious", "erratic"]
    )
    simulate.add_argument("--json", action="store_true", help="one JSON object per level and breather")


def run(args: argparse.Namespace) -> int:
    from game.simulate import simulate_command

    catalog = open_catalog(args)
    levels = [resolve_level(catalog, args.level)] if args.level else catalog.all_levels()
    return simulate_command(levels, args.breather, as_json=args.json)
