"""Folders of levels -> `Pack`s: `pack.yaml`, play order, ids unique within a folder and across packs, the
folders under a levels folder, and what `exhale validate` checks for files and folders.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .limits import MAX_NAME_CHARS
from .loader import _load_path, _os_problem, _where
from .model import BrokenLevel, Level, Problem
from .reading import Doc, got, suggest
from .yaml_nodes import MAX_FILE_BYTES, Entry, Map, Node, Seq, parse_yaml, too_large

LEVEL_SUFFIXES = (".yaml", ".yml")
PACK_FILES = ("pack.yaml", "pack.yml")


# Limits of pack.yaml's texts (a pack's name is MAX_NAME_CHARS, from loader.py, as it always was).
MAX_AUTHOR_CHARS = 60
MAX_DESCRIPTION_CHARS = 600
PACK_KEYS = ("name", "order", "author", "description")
# How deep `load_packs` looks under a levels folder, and how many folders it reads at most: a pack is a
# folder or two down (`levels/evening/`), and a levels folder is untrusted like the files in it.
MAX_PACK_DEPTH = 4
MAX_PACK_FOLDERS = 200


@dataclass
class Pack:
    """The levels of one folder, in play order.

    Attributes:
        name: shown in level select (from `pack.yaml`, else the folder name).
        folder: the folder as given.
        levels: the good levels, `order` set to their position.
        broken: files that failed to load (shown as broken, never played).
        warnings: warnings of all the files (a broken file's too, so `validate` shows them).
        errors: problems in `pack.yaml` itself; the pack still loads (in file-name order if need be).
        author, description: from `pack.yaml` ("" when not given).
        ids: every readable id -> (file, line, column) of its first use, broken files' too.
    """

    name: str
    folder: str
    levels: list[Level]
    broken: list[BrokenLevel]
    warnings: list[Problem]
    errors: list[Problem] = field(default_factory=list)
    author: str = ""
    description: str = ""
    ids: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def problems(self) -> list[Problem]:
        """Every problem of the pack: pack.yaml, broken files, warnings."""
        return [*self.errors, *(p for b in self.broken for p in b.problems), *self.warnings]


@dataclass
class _PackInfo:
    name: str | None = None
    order: list[str] = field(default_factory=list)
    author: str = ""
    description: str = ""


def level_files(folder: str) -> list[str]:
    """The level files directly in `folder` (not pack.yaml), by name; [] when it can't be read."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        n
        for n in names
        if n.lower().endswith(LEVEL_SUFFIXES)
        and n.lower() not in PACK_FILES
        and os.path.isfile(os.path.join(folder, n))
    ]


def load_pack(folder: str | os.PathLike[str], *, name: str | None = None) -> Pack:
    """Load every `*.yaml` / `*.yml` level in `folder` (not `pack.yaml`), in play order.

    The order comes from `pack.yaml` (`name:`, `order: [level-id, ...]`; unlisted levels follow by file
    name), else from file names. A second file using an id already taken is broken. Never raises.
    """
    folder = os.fspath(folder)
    try:
        os.listdir(folder)
    except OSError as e:
        return Pack(name or os.path.basename(folder), folder, [], [], [], [_os_problem(folder, e)])
    files = level_files(folder)
    results = [_load_path(os.path.join(folder, n)) for n in files]
    levels: list[Level] = []
    broken: list[BrokenLevel] = []
    warnings: list[Problem] = []
    ids: dict[str, tuple[str, int, int]] = {}
    for res in results:
        warnings.extend(res.warnings)
        if res.id is not None and res.id in ids:
            line, col = res.id_pos
            clash = Problem(
                res.file,
                line,
                col,
                f"id: '{res.id}' is already used by {ids[res.id][0]}; "
                "each level in a folder needs its own id",
            )
            old = res.level.problems if isinstance(res.level, BrokenLevel) else ()
            broken.append(BrokenLevel(res.file, tuple(sorted((*old, clash), key=_where))))
            continue
        if res.id is not None:
            ids[res.id] = (res.file, *res.id_pos)
        if isinstance(res.level, BrokenLevel):
            broken.append(res.level)
        else:
            levels.append(res.level)
    info, errors = _read_pack_file(folder, set(ids))
    rank = {level_id: i for i, level_id in enumerate(info.order)}
    levels.sort(key=lambda lv: rank.get(lv.id, len(rank)))  # stable: unlisted keep file-name order
    levels = [dataclasses.replace(lv, order=i) for i, lv in enumerate(levels)]
    return Pack(
        name or info.name or os.path.basename(os.path.normpath(folder)),
        folder,
        levels,
        broken,
        warnings,
        errors,
        author=info.author,
        description=info.description,
        ids=ids,
    )


def pack_folders(root: str | os.PathLike[str]) -> list[str]:
    """`root` and every folder under it that holds level files, `root` first, then by path.

    Hidden folders (`.git`) are skipped; a folder reached twice (through a link) is read once; at most
    MAX_PACK_DEPTH folders down and MAX_PACK_FOLDERS folders in all.
    """
    root = os.fspath(root)
    found: list[str] = []
    seen: set[str] = set()

    def visit(folder: str, depth: int) -> None:
        real = os.path.realpath(folder)
        if real in seen or len(seen) >= MAX_PACK_FOLDERS:
            return
        seen.add(real)
        if folder == root or level_files(folder) or _has_pack_file(folder):
            found.append(folder)
        if depth >= MAX_PACK_DEPTH:
            return
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for n in names:
            sub = os.path.join(folder, n)
            if not n.startswith((".", "__")) and os.path.isdir(sub):
                visit(sub, depth + 1)

    visit(root, 0)
    return found


def load_packs(root: str | os.PathLike[str], *, name: str | None = None) -> list[Pack]:
    """Every pack in a levels folder: its loose files (named `name` unless its pack.yaml names it), then
    each folder under it that holds level files, as a pack of its own. Folders with nothing to load are
    left out, `root` too."""
    root = os.fspath(root)
    packs = []
    for folder in pack_folders(root):
        named = folder != root or _has_pack_file(folder)
        pack = load_pack(folder, name=None if named else name)
        if pack.levels or pack.broken or pack.errors:
            packs.append(pack)
    return packs


def _has_pack_file(folder: str) -> bool:
    return any(_has_file(folder, n) for n in PACK_FILES)


def _has_file(folder: str, name: str) -> bool:
    return os.path.isfile(os.path.join(folder, name))


def id_taken(level_id: str, file: str, line: int, col: int, owner: tuple[str, str]) -> Problem:
    """The error for a level whose id a pack loaded earlier already uses (`owner`: its file and pack name);
    the game shows it as broken, since the two would share their saved progress."""
    other, pack = owner
    return Problem(
        file,
        line,
        col,
        f"id: '{level_id}' is already used by {other} (pack '{pack}'); give this level its own id",
    )


@dataclass
class Report:
    """What `exhale validate` found: every problem sorted by place, the exit code, the files read."""

    problems: list[Problem]
    code: int
    files: int


def check_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    strict: bool = False,
    campaign: str | os.PathLike[str] | None = None,
) -> Report:
    """Check level files and folders, as `exhale validate` does.

    A folder is checked with every pack under it (as the game loads it); ids must be unique across all
    that is checked, and, given the `campaign` folder, must not be one of the campaign's (the game refuses
    those), except in the campaign's own files. Exit code 1 on any error, or on any warning when strict.
    """
    found: list[Problem] = []
    read: set[str] = set()  # realpaths of the files read, so a file given twice is counted once
    owners: dict[str, tuple[str, str]] = {}  # id -> (file, pack name), the first to use it
    own_files: set[str] = set()  # realpaths of the files that own an id (the campaign's own files)
    if campaign is not None and os.path.isdir(campaign):
        shipped = load_pack(campaign, name="Campaign")
        for level_id, (file, _, _) in shipped.ids.items():
            owners[level_id] = (file, shipped.name)
            own_files.add(os.path.realpath(file))
    checked: set[str] = set()

    def claim(level_id: str, place: tuple[str, int, int], pack: str) -> None:
        file, line, col = place
        real = os.path.realpath(file)
        if real in checked:
            return
        checked.add(real)
        owner = owners.get(level_id)
        if owner is None:
            owners[level_id] = (file, pack)
        elif real not in own_files and os.path.realpath(owner[0]) != real:
            found.append(id_taken(level_id, file, line, col, owner))

    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            packs = load_packs(path)
            for pack in packs:
                found.extend(pack.problems())
                names = [*level_files(pack.folder), *(n for n in PACK_FILES if _has_file(pack.folder, n))]
                read.update(os.path.realpath(os.path.join(pack.folder, n)) for n in names)
                for level_id, place in pack.ids.items():
                    claim(level_id, place, pack.name)
            if not any(pack.levels or pack.broken for pack in packs):
                found.append(
                    Problem(path, 1, 1, "no level files (*.yaml) in this folder or the ones in it", "warning")
                )
        elif os.path.basename(path).lower() in PACK_FILES and os.path.isfile(path):
            found.extend(load_pack(os.path.dirname(path) or ".").errors)
            read.add(os.path.realpath(path))
        elif os.path.exists(path):
            result = _load_path(path)
            found.extend(result.level.problems if isinstance(result.level, BrokenLevel) else ())
            found.extend(result.warnings)
            read.add(os.path.realpath(path))
            if result.id is not None:
                claim(result.id, (path, *result.id_pos), os.path.basename(os.path.dirname(path)) or ".")
        else:
            found.append(Problem(path, 1, 1, "no such file or folder"))
    problems = sorted(dict.fromkeys(found), key=lambda p: (p.file, p.line, p.col))
    failed = any(p.severity == "error" for p in problems) or (strict and bool(problems))
    return Report(problems, 1 if failed else 0, len(read))


def validate_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    strict: bool = False,
    campaign: str | os.PathLike[str] | None = None,
) -> tuple[list[Problem], int]:
    """`check_paths` as (problems, exit code)."""
    report = check_paths(paths, strict=strict, campaign=campaign)
    return report.problems, report.code


def _read_pack_file(folder: str, known_ids: set[str]) -> tuple[_PackInfo, list[Problem]]:
    """Read `pack.yaml` (or `pack.yml`) in `folder`: what it says, and its problems."""
    path = next(
        (os.path.join(folder, n) for n in PACK_FILES if os.path.isfile(os.path.join(folder, n))), None
    )
    if path is None:
        return _PackInfo(), []
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return _PackInfo(), [too_large(path, size)]
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return _PackInfo(), [Problem(path, 1, 1, f"can't read this file: {e}")]
    try:
        root, problems = parse_yaml(text, path)
        doc = Doc(path, problems)
        info = _pack_fields(doc, root, known_ids)
        return info, doc.problems
    except Exception as e:  # noqa: BLE001
        return _PackInfo(), [Problem(path, 1, 1, f"could not read pack.yaml ({type(e).__name__}: {e})")]


def _pack_fields(doc: Doc, root: Node | None, known_ids: set[str]) -> _PackInfo:
    info = _PackInfo()
    if root is None:
        return info
    if not isinstance(root, Map):
        doc.error(root, f"pack.yaml holds 'key: value' lines ({', '.join(PACK_KEYS)}), got {got(root)}")
        return info
    entries = doc.known_keys(root, "", PACK_KEYS)
    if "name" in entries:
        info.name = doc.text(entries["name"], "name", required=True, limit=MAX_NAME_CHARS)
    if "author" in entries:
        info.author = doc.text(entries["author"], "author", limit=MAX_AUTHOR_CHARS) or ""
    if "description" in entries:
        text = doc.text(entries["description"], "description", limit=MAX_DESCRIPTION_CHARS, multiline=True)
        info.description = text or ""
    if "order" in entries:
        info.order = _order(doc, entries["order"].value, known_ids)
    return info


def _order(doc: Doc, node: Node, known_ids: set[str]) -> list[str]:
    order: list[str] = []
    if not isinstance(node, Seq):
        doc.error(node, f"order: expected a list of level ids, got {got(node)}")
        return order
    for item in node.items:
        level_id = doc.text(Entry("order", item.line, item.col, item), "order")
        if level_id is None:
            continue
        if level_id in order:
            doc.error(item, f"order: '{level_id}' is listed twice")
        elif level_id not in known_ids:
            doc.error(
                item,
                f"order: no level in this folder has the id '{level_id}'{suggest(level_id, known_ids)}",
            )
        else:
            order.append(level_id)
    return order
