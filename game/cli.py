"""The `exhale` command line: argparse subcommands mapped to plain functions. No game logic here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

EXIT_USAGE = 2

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep command output clean (JSON on stdout)


class UsageError(Exception):
    """A bad level id, file or flag: one clear line, exit 2, no traceback."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a bad flag is one clear line (exit 2), not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"exhale: {message} (see: {self.prog} --help)\n")


def add_input_options(parser: argparse.ArgumentParser, *, defaults: bool = True) -> None:
    """The breath input options (--input, --device, --mic-rate), the same for `exhale` and `exhale play`.

    `exhale play` adds them with `defaults=False`: an option it isn't given keeps the value `exhale` itself
    parsed (argparse would otherwise overwrite it with the subcommand's default).
    """

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument(
        "--input",
        default=default(None),
        help="auto | keyboard | mic | wav:FILE | keys:FILE | replay:FILE | "
        "synthetic:calm|shallow|anxious|erratic (default: the choice in settings)",
    )
    parser.add_argument(
        "--device",
        default=default(None),
        help="microphone to use (a number or name from `exhale devices`)",
    )
    parser.add_argument(
        "--mic-rate",
        type=int,
        default=default(16000),
        metavar="HZ",
        help="microphone sample rate (default 16000; match a recording's rate to replay it faithfully)",
    )


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
    sub = parser.add_subparsers(dest="command", parser_class=OneLineParser)

    play = sub.add_parser("play", help="play a level (by id or file)")
    play.add_argument("level", nargs="?", help="level id or path to a level file")
    add_input_options(play, defaults=False)
    play.add_argument(
        "--headless", action="store_true", help="no window; a virtual clock, as fast as possible"
    )
    play.add_argument("--seconds", type=float, help="stop after this many seconds of game time")
    play.add_argument("--report", type=Path, help="write a JSON report of the session here")
    play.add_argument("--screenshots", type=Path, help="save PNGs of the play and results screens here")
    play.add_argument("--watch", action="store_true", help="reload the level file whenever it is saved")

    levels = sub.add_parser("levels", help="list the levels")
    levels.add_argument("--json", action="store_true", help="print JSON")

    validate = sub.add_parser("validate", help="check level files; exit 1 if any has an error")
    validate.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")

    sub.add_parser("schema", help="print the JSON Schema of level files")

    simulate = sub.add_parser("simulate", help="preview a level's difficulty with synthetic breathers")
    simulate.add_argument("level", nargs="?", help="level id or file (default: every level)")
    simulate.add_argument(
        "--breather", default="all", choices=["all", "calm", "shallow", "anxious", "erratic"]
    )
    simulate.add_argument("--json", action="store_true", help="one JSON object per level and breather")

    hist = sub.add_parser(
        "history", help="minutes practised, streak and trends; --export writes every session"
    )
    hist.add_argument(
        "--export",
        metavar="FILE",
        help="write to FILE: .csv (one row per breath) or .json (one entry per session)",
    )

    sub.add_parser("devices", help="list microphones and the audio backend that would be used")

    calibrate = sub.add_parser("calibrate", help="measure your room and a soft exhale (optional, ~12 s)")
    calibrate.add_argument(  # suppressed: `exhale --device N calibrate` keeps N
        "--device", default=argparse.SUPPRESS, help="microphone (a number or name from `exhale devices`)"
    )

    detect = sub.add_parser("detect", help="run the breath detector over WAV files")
    detect.add_argument("wavs", nargs="+", metavar="WAV")
    detect.add_argument("--labels", help="CSV of start_s,end_s,phase to score against")
    detect.add_argument("--json", action="store_true", help="one JSON object per file per line")
    return parser


def _store(args: argparse.Namespace):  # -> Store; imported lazily so `exhale schema` stays light
    from game.storage import Store, data_dir

    return Store(data_dir(args.data_dir))


def _catalog(args: argparse.Namespace):
    from game.catalog import Catalog
    from game.storage import data_dir

    for d in args.levels:
        if not Path(d).is_dir():
            raise UsageError(f"--levels {d}: no such folder")
    return Catalog.load([Path(d) for d in args.levels], user_dir=data_dir(args.data_dir) / "levels")


def _resolve_level(catalog, ref: str):
    from game.content.loader import load_level
    from game.content.model import BrokenLevel

    level = catalog.find(ref)
    if level is not None:
        return level
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise UsageError(f"no level file at {ref}")
        loaded, _warnings = load_level(str(path))
        if isinstance(loaded, BrokenLevel):
            raise UsageError("\n".join(str(p) for p in loaded.problems))
        return loaded
    known = ", ".join(lv.id for lv in catalog.all_levels())
    raise UsageError(f"unknown level {ref!r}; known levels: {known}")


def _input_choice(store) -> str:
    """The input the player chose in settings: auto, mic or keyboard."""
    choice = store.settings.input
    return choice if choice in ("auto", "mic", "keyboard") else "auto"


def cmd_levels(args: argparse.Namespace) -> int:
    from game.sim.pacer import Pacer, first_cycle_pattern

    catalog = _catalog(args)
    rows = []
    for pack in catalog.packs:
        for lv in pack.levels:
            rows.append(
                {
                    "id": lv.id,
                    "title": lv.title,
                    "file": lv.source,
                    "pack": pack.name,
                    "scene": lv.scene,
                    "pattern": {**first_cycle_pattern(lv), "duration_s": round(Pacer(lv).total_s, 3)},
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
                print(f"{pack}:")
            pat = row["pattern"]
            print(
                f"  {row['id']:<22} {row['title']:<28} in {pat['inhale_s']:g} / hold {pat['hold_in_s']:g} / "
                f"out {pat['exhale_s']:g} / hold {pat['hold_out_s']:g}   {pat['duration_s'] / 60:.1f} min"
            )
    for b in broken:
        print(f"broken: {b['problems'][0] if b['problems'] else b['file']}", file=sys.stderr)
    return 0


def _source_factory(args: argparse.Namespace, store):  # -> SourceFactory
    """The breath source the input options ask for; sets `args.input` to the spec used."""
    from game.play_inputs import InputSpecError, source_factory

    if args.input is None:  # the settings' choice unless the command line says
        args.input = _input_choice(store)
    try:
        factory = source_factory(args.input, mic_rate=args.mic_rate)
    except InputSpecError as e:
        raise UsageError(str(e)) from None
    if args.device:
        store.settings.device = args.device  # for this run; the settings screen keeps a lasting choice
    return factory


def cmd_title(args: argparse.Namespace) -> int:
    """`exhale` with no command: the window, on the title screen."""
    store = _store(args)
    factory = _source_factory(args, store)
    return run_window(store, _catalog(args), factory)


def cmd_play(args: argparse.Namespace) -> int:
    store = _store(args)
    factory = _source_factory(args, store)
    catalog = _catalog(args)
    level = _resolve_level(catalog, args.level) if args.level else None
    watch = None
    if args.watch:
        from game.watch import FileWatch

        if not args.level or not Path(args.level).is_file():
            raise UsageError("--watch needs a level file to watch, e.g. exhale play my-level.yaml --watch")
        watch = FileWatch(args.level)
    if args.headless:
        from game.headless import play_headless

        if level is None:
            level = catalog.next_unfinished(store.progress)
            if level is None:
                raise UsageError("no levels to play")
        report = play_headless(
            level,
            store=store,
            catalog=catalog,
            factory=factory,
            input_spec=args.input,
            seconds=args.seconds,
            screenshots=args.screenshots,
            report=args.report,
            realtime=args.input.partition(":")[0] in ("mic", "auto"),
        )
        if args.report is None:
            print(
                json.dumps(
                    {k: report[k] for k in ("level", "stars", "score", "breaths_per_minute", "frames")}
                )
            )
        return 0
    return run_window(store, catalog, factory, level, watch=watch)


def run_window(store, catalog, factory, level=None, *, watch=None) -> int:
    """The game in a window; 1 with one plain line when there is no display to open it on."""
    from game.native_noise import no_display_reason

    reason = no_display_reason(os.environ, sys.platform)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    chosen_driver = os.environ.get("SDL_VIDEODRIVER")

    from game.app import App
    from game.scenes.play import PlayScene
    from game.scenes.title import TitleScene

    app = App(store=store, catalog=catalog, source_factory=factory)
    import pygame

    if not chosen_driver and pygame.display.get_driver() in ("offscreen", "dummy"):
        # SDL found no display it could use and fell back to drawing nowhere: say so rather than sit there.
        app.close()
        where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "?"
        print(f"exhale: could not open a window on the display {where!r}; is it running?", file=sys.stderr)
        return 1
    try:
        title = TitleScene(app)
        if level is not None:
            app.stack.append(title)  # Esc from the level returns to the title
            app.run(PlayScene(app, level, watch=watch))
        else:
            app.run(title)
    finally:
        app.close()
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from game.content.schema import validate_command

    return validate_command(args.paths, strict=args.strict)


def cmd_schema(args: argparse.Namespace) -> int:
    from game.content.schema import schema_command

    return schema_command()


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.simulate import simulate_command

    catalog = _catalog(args)
    levels = [_resolve_level(catalog, args.level)] if args.level else catalog.all_levels()
    return simulate_command(levels, args.breather, as_json=args.json)


def cmd_history(args: argparse.Namespace) -> int:
    from game.history_cli import history_command
    from game.storage import data_dir

    return history_command(data_dir(args.data_dir), export=args.export)


def cmd_devices(args: argparse.Namespace) -> int:
    from breath_input.mic import list_devices

    devices, note = list_devices()
    if note:
        print(f"note: {note}")
    if not devices:
        print("No microphone found. Exhale plays with the keyboard (hold SPACE while breathing out).")
        return 0
    for d in devices:
        mark = "*" if d.is_default else " "
        print(f"{mark} {d.index!s:>3}  {d.name}  ({d.backend}, {d.channels} ch, {d.default_rate:g} Hz)")
    print("* = default. Choose one with: exhale play --input mic  (and --device N, or in settings)")
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from game.calibration_run import calibrate_command

    store = _store(args)
    return calibrate_command(store, device=args.device or store.settings.device or None)


def cmd_detect(args: argparse.Namespace) -> int:
    from breath_input.evaluate import detect_command

    return detect_command(args.wavs, labels=args.labels, as_json=args.json)


COMMANDS = {
    "levels": cmd_levels,
    "play": cmd_play,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "detect": cmd_detect,
    "devices": cmd_devices,
    "history": cmd_history,
    "calibrate": cmd_calibrate,
    "simulate": cmd_simulate,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return cmd_title(args)
        return COMMANDS[args.command](args)
    except UsageError as e:
        print(f"exhale: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
