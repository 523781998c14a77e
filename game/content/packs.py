"""Folders of levels -> `Pack`s: `pack.yaml`, play order, ids unique within a folder and across packs, the
folders under a levels folder, and what `exhale validate` checks for files and folders.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .loader import MAX_NAME_CHARS, _load_path, _os_problem, _where, load_level
from .model import BrokenLevel, Level, Problem
from .reading import Doc, got, suggest
from .yaml_nodes import MAX_FILE_BYTES, Entry, Map, Node, Seq, parse_yaml, too_large

LEVEL_SUFFIXES = (".yaml", ".yml")
PACK_FILES = ("pack.yaml", "pack.yml")


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
    """

    name: str
    folder: str
    levels: list[Level]
    broken: list[BrokenLevel]
    warnings: list[Problem]
    errors: list[Problem] = field(default_factory=list)

    def problems(self) -> list[Problem]:
        """Every problem of the pack: pack.yaml, broken files, warnings."""
        return [*self.errors, *(p for b in self.broken for p in b.problems), *self.warnings]


def load_pack(folder: str | os.PathLike[str], *, name: str | None = None) -> Pack:
    """Load every `*.yaml` / `*.yml` level in `folder` (not `pack.yaml`), in play order.

    The order comes from `pack.yaml` (`name:`, `order: [level-id, ...]`; unlisted levels follow by file
    name), else from file names. A second file using an id already taken is broken. Never raises.
    """
    folder = os.fspath(folder)
    try:
        names = sorted(os.listdir(folder))
    except OSError as e:
        return Pack(name or os.path.basename(folder), folder, [], [], [], [_os_problem(folder, e)])
    files = [
        n
        for n in names
        if n.lower().endswith(LEVEL_SUFFIXES)
        and n.lower() not in PACK_FILES
        and os.path.isfile(os.path.join(folder, n))
    ]
    results = [_load_path(os.path.join(folder, n)) for n in files]
    levels: list[Level] = []
    broken: list[BrokenLevel] = []
    warnings: list[Problem] = []
    owner: dict[str, str] = {}  # id -> file that has it
    for res in results:
        warnings.extend(res.warnings)
        if res.id is not None and res.id in owner:
            line, col = res.id_pos
            clash = Problem(
                res.file,
                line,
                col,
                f"id: '{res.id}' is already used by {owner[res.id]}; each level in a folder needs its own id",
            )
            old = res.level.problems if isinstance(res.level, BrokenLevel) else ()
            broken.append(BrokenLevel(res.file, tuple(sorted((*old, clash), key=_where))))
            continue
        if res.id is not None:
            owner[res.id] = res.file
        if isinstance(res.level, BrokenLevel):
            broken.append(res.level)
        else:
            levels.append(res.level)
    pack_name, order, errors = _read_pack_file(folder, set(owner))
    rank = {level_id: i for i, level_id in enumerate(order)}
    levels.sort(key=lambda lv: rank.get(lv.id, len(rank)))  # stable: unlisted keep file-name order
    levels = [dataclasses.replace(lv, order=i) for i, lv in enumerate(levels)]
    return Pack(
        name or pack_name or os.path.basename(os.path.normpath(folder)),
        folder,
        levels,
        broken,
        warnings,
        errors,
    )


def validate_paths(paths: Sequence[str], *, strict: bool = False) -> tuple[list[Problem], int]:
    """Check level files and folders, as `exhale validate` does.

    Args:
        paths: level files, folders of levels (checked as a pack) or `pack.yaml` files.
        strict: treat warnings as failures.

    Returns:
        (every problem, sorted by file and position; exit code: 1 on any error, or on any warning when
        strict, else 0).
    """
    found: list[Problem] = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            pack = load_pack(path)
            found.extend(pack.problems())
            if not pack.levels and not pack.broken:
                found.append(Problem(path, 1, 1, "no level files (*.yaml) in this folder", "warning"))
        elif os.path.basename(path).lower() in PACK_FILES and os.path.isfile(path):
            found.extend(load_pack(os.path.dirname(path) or ".").errors)
        elif os.path.exists(path):
            level, warnings = load_level(path)
            found.extend(level.problems if isinstance(level, BrokenLevel) else ())
            found.extend(warnings)
        else:
            found.append(Problem(path, 1, 1, "no such file or folder"))
    problems = sorted(dict.fromkeys(found), key=lambda p: (p.file, p.line, p.col))
    failed = any(p.severity == "error" for p in problems) or (strict and bool(problems))
    return problems, 1 if failed else 0


def _read_pack_file(folder: str, known_ids: set[str]) -> tuple[str | None, list[str], list[Problem]]:
    """Read `pack.yaml` (or `pack.yml`) in `folder`: (name, order of ids, problems)."""
    path = next(
        (os.path.join(folder, n) for n in PACK_FILES if os.path.isfile(os.path.join(folder, n))), None
    )
    if path is None:
        return None, [], []
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return None, [], [too_large(path, size)]
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        return None, [], [Problem(path, 1, 1, f"can't read this file: {e}")]
    try:
        root, problems = parse_yaml(text, path)
        doc = Doc(path, problems)
        name, order = _pack_fields(doc, root, known_ids)
        return name, order, doc.problems
    except Exception as e:  # noqa: BLE001
        return None, [], [Problem(path, 1, 1, f"could not read pack.yaml ({type(e).__name__}: {e})")]


def _pack_fields(doc: Doc, root: Node | None, known_ids: set[str]) -> tuple[str | None, list[str]]:
    if root is None:
        return None, []
    if not isinstance(root, Map):
        doc.error(root, "pack.yaml should hold 'name:' and 'order:' lines")
        return None, []
    entries = doc.known_keys(root, "", ("name", "order"))
    name = doc.text(entries["name"], "name", limit=MAX_NAME_CHARS) if "name" in entries else None
    order: list[str] = []
    if "order" in entries:
        node = entries["order"].value
        if not isinstance(node, Seq):
            doc.error(node, f"order: expected a list of level ids, got {got(node)}")
            return name, order
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
    return name, order
