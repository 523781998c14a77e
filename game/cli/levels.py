"""`exhale levels`: every level by pack, with its first cycle's pattern and length."""

from __future__ import annotations

import argparse
import json
import sys

from game.cli.common import open_catalog


def register(sub: argparse._SubParsersAction) -> None:
    levels = sub.add_parser("levels", help="list the levels")
    levels.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from game.sim.level_words import breath_words, goal_words, length_words
    from game.sim.pacer import Pacer, first_cycle_pattern

    catalog = open_catalog(args)
    rows = []
    for pack in catalog.packs:
        for lv in pack.levels:
            rows.append(
                {
                    "id": lv.id,
                    "title": lv.title,
                    "file": lv.source,
                    "pack": pack.name,
                    "pack_author": pack.author,
                    "scene": lv.scene,
                    "pattern": {**first_cycle_pattern(lv), "duration_s": round(Pacer(lv).total_s, 3)},
                    # What the intro card says: free breathing, the sip of a double inhale, ramps.
                    "breath": breath_words(lv),
                    "length": length_words(lv),
                    "goals": goal_words(lv),  # as the intro card words them, a star each
                }
            )
    broken = [
        {"file": b.file, "problems": [str(p) for p in b.problems]} for p in catalog.packs for b in p.broken
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        pack = None
        for row in rows:
            if row["pack"] != pack:
                pack = row["pack"]
                print(f"{pack}{' (by ' + row['pack_author'] + ')' if row['pack_author'] else ''}:")
            print(f"  {row['id']:<22} {row['title']:<28} {row['breath']}   {row['length']}")
    for b in broken:
        print(f"broken: {b['problems'][0] if b['problems'] else b['file']}", file=sys.stderr)
    return 0
