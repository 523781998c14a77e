"""`exhale pack install FOLDER|ZIP` and `exhale pack export PACK FILE.zip`: sharing packs of levels."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.common import UsageError, open_catalog


def register(sub: argparse._SubParsersAction) -> None:
    pack = sub.add_parser("pack", help="install a pack of levels (a folder or a zip), or export one as a zip")
    actions = pack.add_subparsers(dest="pack_command", metavar="{install,export}", parser_class=type(pack))
    install = actions.add_parser(
        "install",
        help="check a pack, then copy it into your levels folder (never over an installed one unless told)",
    )
    install.add_argument("source", metavar="FOLDER|ZIP")
    install.add_argument("--replace", action="store_true", help="replace the pack if it is installed")
    export = actions.add_parser("export", help="write one pack (its name, or its folder) to a zip file")
    export.add_argument("pack", metavar="PACK")
    export.add_argument("out", metavar="FILE.zip")
    export.add_argument("--replace", action="store_true", help="overwrite FILE.zip if it exists")


def run(args: argparse.Namespace) -> int:
    from game.content.data_paths import shipped_levels_dir
    from game.content.pack_share import PackShareError, export_pack, install_pack
    from game.content.schema import tally, write_problems
    from game.records.storage import data_dir

    if args.pack_command is None:
        raise UsageError("pack: say install FOLDER|ZIP or export PACK FILE.zip")
    campaign = shipped_levels_dir()
    levels_dir = data_dir(args.data_dir) / "levels"
    try:
        if args.pack_command == "install":
            outcome = install_pack(Path(args.source), levels_dir, replace=args.replace, campaign=campaign)
        else:
            folder = _pack_folder(args, campaign)
            outcome = export_pack(folder, Path(args.out), replace=args.replace, campaign=campaign)
    except PackShareError as e:
        print(f"exhale pack {args.pack_command}: {e}", file=sys.stderr)
        return 1
    write_problems(outcome.report.problems, sys.stdout)
    for rel in outcome.skipped:
        print(f"left out {rel} (not a level or a file a level uses)", file=sys.stderr)
    if outcome.report.code:
        what = "installed" if args.pack_command == "install" else "exported"
        print(f"{tally(outcome.report.problems)}; nothing {what}: fix the errors first", file=sys.stderr)
        return 1
    count = sum(len(p.levels) for p in outcome.packs)
    names = ", ".join(f"'{p.name}'" for p in outcome.packs) or "the pack"
    levels = f"{count} level{'s' if count != 1 else ''}"
    if args.pack_command == "install":
        print(f"installed {names} ({levels}) in {outcome.folder}; it shows in level select")
    else:
        print(f"exported {names} ({levels}) to {args.out}; install it with: exhale pack install {args.out}")
    return 0


def _pack_folder(args: argparse.Namespace, campaign: Path) -> Path:
    """PACK as a folder, or the folder of a loaded pack with that name (or folder name)."""
    given = Path(args.pack)
    if given.is_dir():
        if given.resolve() == campaign.resolve():
            raise UsageError("the campaign ships with the game; export a pack of your own")
        return given
    catalog = open_catalog(args)
    wanted = args.pack.casefold()
    for i, pack in enumerate(catalog.packs):
        if wanted in (pack.name.casefold(), Path(pack.folder).name.casefold()):
            if i == 0:
                raise UsageError("the campaign ships with the game; export a pack of your own")
            return Path(pack.folder)
    known = ", ".join(f"'{p.name}'" for p in catalog.packs[1:]) or "none (your levels folder is empty)"
    raise UsageError(f"no pack named {args.pack!r}; your packs: {known}")
