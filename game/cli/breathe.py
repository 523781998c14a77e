"""`exhale breathe`: a free "breathe now" session (no goals, no stars), in a window or headless with a report.

The choices become a level in pure code (game/content/breathe_now.py); the window opens on its intro card over
the title, and `--headless` plays it with the same App and play scene as `exhale play --headless`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.cli.common import (
    UsageError,
    add_input_options,
    add_no_draw_option,
    add_size_option,
    drawn,
    open_catalog,
    open_store,
    source_builder_for,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("breathe", help="breathe now: a few minutes with the guide, no goals, no stars")
    p.add_argument("--minutes", type=int, default=3, help="how long: 1 to 60 minutes (default 3)")
    p.add_argument(
        "--pattern",
        metavar="IN-HOLD-OUT-HOLD",
        help="your own breath in seconds, e.g. 4-0-6-0 or 4-7-8-0 (default: the campaign's first, "
        "in 4, out 6; or name a campaign level to breathe its pattern, e.g. resonance)",
    )
    p.add_argument("--scene", default="lake", help="lake, lanterns, candle or tree (default lake)")
    p.add_argument("--focus", action="store_true", help="a large guide in the centre, the counts hidden")
    add_input_options(p, defaults=False)
    add_size_option(p, defaults=False)
    p.add_argument("--headless", action="store_true", help="no window; a virtual clock, as fast as possible")
    p.add_argument("--report", type=Path, help="write a JSON report of the session here (headless)")
    p.add_argument("--screenshots", type=Path, help="save PNGs of the session and its results here")
    add_no_draw_option(p)


def practice_from(args: argparse.Namespace, catalog):  # -> Practice
    from game.content.breathe_now import (
        NamedPattern,
        PatternError,
        Practice,
        campaign_patterns,
        parse_pattern,
    )
    from game.content.model import SCENES

    if not 1 <= args.minutes <= 60:
        raise UsageError(f"--minutes {args.minutes}: a session lasts 1 to 60 minutes")
    if args.scene not in SCENES:
        raise UsageError(f"--scene {args.scene}: choose one of {', '.join(SCENES)}")
    named = campaign_patterns(catalog.campaign.levels)[0]  # the campaign's first guided breath
    if args.pattern:
        level = catalog.find(args.pattern)
        if level is not None and level.show_pacer:
            named = next((p for p in campaign_patterns([level])), NamedPattern(level.title, level.pattern))
        else:
            try:
                named = NamedPattern("Your own", parse_pattern(args.pattern))
            except PatternError as e:
                raise UsageError(str(e)) from None
    return Practice(minutes=args.minutes, pattern=named, scene=args.scene, focus=args.focus)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    catalog = open_catalog(args)
    practice = practice_from(args, catalog)
    builder = source_builder_for(args, store)
    draw = drawn(args)
    if not args.headless:
        from game.cli.play import run_window

        return run_window(store, catalog, builder, device=args.device, size=args.size, practice=practice)
    from game.window.headless import play_headless

    report = play_headless(
        practice.level(),
        store=store,
        catalog=catalog,
        factory=builder,
        input_spec=args.input,
        device=args.device,
        screenshots=args.screenshots,
        report=args.report,
        size=args.size,
        realtime=args.input.partition(":")[0] in ("mic", "auto"),
        focus=practice.focus,
        draw=draw,
    )
    report["practice"] = {
        "minutes": practice.minutes,
        "pattern": practice.pattern.name,
        "seconds": {
            "inhale": practice.pattern.pattern.inhale_s,
            "hold_in": practice.pattern.pattern.hold_in_s,
            "exhale": practice.pattern.pattern.exhale_s,
            "hold_out": practice.pattern.pattern.hold_out_s,
        },
        "scene": practice.scene,
        "focus": practice.focus,
    }
    if args.report is not None:
        from game.records.storage import atomic_write_text

        atomic_write_text(args.report, json.dumps(report, indent=2) + "\n")
    else:
        keys = ("level", "seconds", "breaths_per_minute", "average_exhale_s", "frames")
        print(json.dumps({k: report[k] for k in keys} | {"breaths": len(report["breaths"])}))
    return 0
