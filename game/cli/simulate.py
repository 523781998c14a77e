"""`exhale simulate`: preview a level's difficulty with synthetic breathers, or its pacer's timeline."""

from __future__ import annotations

import argparse

from game.cli.common import UsageError, open_catalog, resolve_level


def register(sub: argparse._SubParsersAction) -> None:
    from breath_input.responsive import ALL_BREATHERS

    simulate = sub.add_parser("simulate", help="preview a level's difficulty with synthetic breathers")
    simulate.add_argument("level", nargs="?", help="level id or file (default: every level)")
    simulate.add_argument("--breather", default="all", choices=["all", *ALL_BREATHERS])
    simulate.add_argument("--json", action="store_true", help="one JSON object per level and breather")
    simulate.add_argument(
        "--timeline", action="store_true", help="show the pacer's breaths over the level (ramps, stages)"
    )


def run(args: argparse.Namespace) -> int:
    from game.sim.simulate import simulate_command

    catalog = open_catalog(args)
    levels = [resolve_level(catalog, args.level)] if args.level else catalog.all_levels()
    if args.timeline and args.json:
        raise UsageError("--timeline is text; leave out --json")
    return simulate_command(levels, args.breather, as_json=args.json, timeline=args.timeline)
