"""`exhale` (the title screen) and `exhale play`: a level in a window, or headless with a report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from game.cli.common import (
    UsageError,
    add_input_options,
    add_no_draw_option,
    add_size_option,
    drawn,
    open_catalog,
    open_store,
    resolve_level,
    source_builder_for,
)


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="play a level (by id or file)")
    play.add_argument("level", nargs="?", help="level id or path to a level file")
    add_input_options(play, defaults=False)
    add_size_option(play, defaults=False)
    play.add_argument(
        "--headless", action="store_true", help="no window; a virtual clock, as fast as possible"
    )
    add_no_draw_option(play)
    play.add_argument("--seconds", type=float, help="stop after this many seconds of game time")
    play.add_argument("--report", type=Path, help="write a JSON report of the session here")
    play.add_argument("--screenshots", type=Path, help="save PNGs of the play and results screens here")
    play.add_argument("--watch", action="store_true", help="reload the level file whenever it is saved")
    play.add_argument(
        "--audio-out", type=Path, help="with --headless: write what the game would play to this WAV file"
    )
    play.add_argument(
        "--audio-rate", type=int, choices=(22050, 44100), default=22050, help="--audio-out's sample rate"
    )
    for when in ("before", "after"):
        play.add_argument(
            f"--feeling-{when}",
            metavar="N",
            help=f"with --headless: how tense you felt {when} the level, 1 (at ease) to 5 (very tense)",
        )


def run_title(args: argparse.Namespace) -> int:
    """`exhale` with no command: the window, on the title screen."""
    store = open_store(args)
    builder = source_builder_for(args, store)
    return run_window(store, open_catalog(args), builder, device=args.device, size=args.size)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    builder = source_builder_for(args, store)
    catalog = open_catalog(args)
    level = resolve_level(catalog, args.level) if args.level else None
    watch = None
    if args.watch:
        from game.content.watch import FileWatch

        if not args.level or not Path(args.level).is_file():
            raise UsageError("--watch needs a level file to watch, e.g. exhale play my-level.yaml --watch")
        watch = FileWatch(args.level)
    if args.audio_out is not None and not args.headless:
        raise UsageError("--audio-out needs --headless (a window plays its sound through the speakers)")
    feelings = _feelings(args)
    draw = drawn(args)
    if args.headless:
        from game.window.headless import play_headless

        if level is None:
            level = catalog.next_unfinished(store.progress)
            if level is None:
                raise UsageError("no levels to play")
        report = play_headless(
            level,
            store=store,
            catalog=catalog,
            factory=builder,
            input_spec=args.input,
            device=args.device,
            seconds=args.seconds,
            screenshots=args.screenshots,
            report=args.report,
            size=args.size,
            realtime=args.input.partition(":")[0] in ("mic", "auto"),
            audio_out=args.audio_out,
            audio_rate=args.audio_rate,
            feeling_before=feelings[0],
            feeling_after=feelings[1],
            draw=draw,
        )
        if args.report is None:
            print(
                json.dumps(
                    {k: report[k] for k in ("level", "stars", "score", "breaths_per_minute", "frames")}
                )
            )
        return 0
    from game.sim.simulate import level_warnings  # play FILE shows the file's warnings (issue 12, item 6)

    warnings = level_warnings(level) if level is not None else []
    return run_window(
        store, catalog, builder, level, watch=watch, device=args.device, size=args.size, warnings=warnings
    )


def _feelings(args: argparse.Namespace) -> tuple[int | None, int | None]:
    """--feeling-before and --feeling-after, checked: 1-5, headless only (a window asks, if set to)."""
    from game.sim.feeling import parse_feeling

    given = (args.feeling_before, args.feeling_after)
    try:
        before = None if given[0] is None else parse_feeling(given[0], "--feeling-before")
        after = None if given[1] is None else parse_feeling(given[1], "--feeling-after")
    except ValueError as e:
        raise UsageError(str(e)) from None
    if any(v is not None for v in given) and not args.headless:
        raise UsageError(
            "--feeling-before and --feeling-after need --headless (a window asks, when the setting is on)"
        )
    return before, after


def run_window(
    store,
    catalog,
    builder,
    level=None,
    *,
    watch=None,
    device=None,
    size=(1280, 720),
    practice=None,
    warnings=(),
) -> int:
    """The game in a window; 1 with one plain line when there is no display to open it on."""
    from game.inputs.native_noise import no_display_reason

    reason = no_display_reason(os.environ, sys.platform)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    chosen_driver = os.environ.get("SDL_VIDEODRIVER")

    from game.app import App
    from game.scenes.play import PlayScene
    from game.scenes.title import TitleScene

    app = App(store=store, catalog=catalog, source_builder=builder, device=device, size=size)
    import pygame

    if not chosen_driver and pygame.display.get_driver() in ("offscreen", "dummy"):
        # SDL found no display it could use and fell back to drawing nowhere: say so rather than sit there.
        app.close()
        where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "?"
        print(f"exhale: could not open a window on the display {where!r}; is it running?", file=sys.stderr)
        return 1
    try:
        title = TitleScene(app)
        if practice is not None:  # exhale breathe: the practice's intro card, over the title
            app.practice = practice
            app.stack.append(title)
            app.run(PlayScene(app, practice.level(), focus=practice.focus))
        elif level is not None:
            app.stack.append(title)  # Esc from the level returns to the title
            app.run(PlayScene(app, level, watch=watch, warnings=warnings))
        else:
            app.run(title)
    finally:
        app.close()
    return 0
