"""What every `exhale` command shares: the one-line usage error, the parser class, the breath input options,
and how a command finds the store, the catalog, a level and a breath source."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

EXIT_USAGE = 2


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
        help="auto | keyboard | mic | gamepad[:AXIS] | wav:FILE | keys:FILE | replay:FILE | "
        "synthetic:calm|shallow|anxious|erratic|beginner|hurried|short_holds "
        "(default: the choice in settings)",
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


MIN_SIZE = (640, 400)  # every screen is laid out to fit from here up (issue 14, item 3)
DEFAULT_SIZE = (1280, 720)


def window_size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT ("800x500") -> (800, 500), at least MIN_SIZE; argparse shows the error's words."""
    w, sep, h = text.lower().partition("x")
    try:
        size = (int(w), int(h)) if sep else None
    except ValueError:
        size = None
    if size is None:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, e.g. 1280x720; got {text!r}")
    if size[0] < MIN_SIZE[0] or size[1] < MIN_SIZE[1] or max(size) > 16384:
        raise argparse.ArgumentTypeError(
            f"{text}: the window is at least {MIN_SIZE[0]}x{MIN_SIZE[1]} (and at most 16384 a side)"
        )
    return size


def add_size_option(parser: argparse.ArgumentParser, *, defaults: bool = True) -> None:
    """`--size WxH`: the window's size, or the headless screen's (`defaults=False` as add_input_options)."""
    parser.add_argument(
        "--size",
        type=window_size,
        default=DEFAULT_SIZE if defaults else argparse.SUPPRESS,
        metavar="WxH",
        help=f"window size in pixels, at least {MIN_SIZE[0]}x{MIN_SIZE[1]} (default "
        f"{DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})",
    )


def add_no_draw_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-draw",
        action="store_true",
        help="with --headless and no --screenshots: skip drawing the frames (the report only, several times "
        "faster; its frame_ms then times the game's logic alone)",
    )


def drawn(args: argparse.Namespace) -> bool:
    """Whether a headless play draws its frames: not with --no-draw, which needs --headless and no
    --screenshots."""
    if args.no_draw and (not args.headless or args.screenshots is not None):
        raise UsageError(
            "--no-draw needs --headless and no --screenshots (a window and a screenshot are drawn)"
        )
    return not args.no_draw


def open_store(args: argparse.Namespace):  # -> Store; imported lazily so `exhale schema` stays light
    from game.records.storage import Store, data_dir

    return Store(data_dir(args.data_dir))


def open_catalog(args: argparse.Namespace):
    from game.records.catalog import Catalog
    from game.records.storage import data_dir

    for d in args.levels:
        if not Path(d).is_dir():
            raise UsageError(f"--levels {d}: no such folder")
    return Catalog.load([Path(d) for d in args.levels], user_dir=data_dir(args.data_dir) / "levels")


def resolve_level(catalog, ref: str):
    """A level by id from the catalog, or by path from a file; UsageError naming the known ids otherwise."""
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


def input_choice(store) -> str:
    """The input the player chose in settings: auto, mic or keyboard."""
    choice = store.settings.input
    return choice if choice in ("auto", "mic", "keyboard") else "auto"


def source_builder_for(args: argparse.Namespace, store):  # -> SourceBuilder
    """What builds each play's breath source from the input options; sets `args.input` to the spec used.

    `--device` is not touched here: it is a run option (App's `device`), never written to the settings.
    """
    from game.inputs.play_inputs import InputSpecError, source_builder

    if args.input is None:  # the settings' choice unless the command line says
        args.input = input_choice(store)
    try:
        return source_builder(args.input, mic_rate=args.mic_rate)
    except InputSpecError as e:
        raise UsageError(str(e)) from None
