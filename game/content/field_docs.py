"""docs/levels.md's field tables, written from the field table (fields.py), the defaults (loader.DEFAULTS) and
the scene settings (model.SCENE_PARAMS), so the docs can't drift from what the loader reads.

Each table sits in docs/levels.md between `<!-- begin generated: NAME ... -->` and
`<!-- end generated: NAME -->`. `python -m game.content.field_docs` prints the tables;
`python -m game.content.field_docs --write` rewrites them in docs/levels.md (a test fails when they differ).
To change a row, change the table it comes from.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .fields import GOAL_TEXT, NO_DEFAULT, PATTERN_FIELDS, STAGE_FIELDS, TOP_FIELDS
from .goals_reader import GOAL_FIELDS
from .loader import _SECTION_DEFAULTS, DEFAULTS, TOP_KEYS
from .model import GOAL_KINDS, SCENE_PARAMS
from .pattern_reader import PATTERN_KEYS
from .stages import STAGE_KEYS

DOC = Path(__file__).resolve().parents[2] / "docs" / "levels.md"
COMMAND = "python -m game.content.field_docs --write"


def _default(path: str) -> str:
    """A key's default as the docs show it: the loader's own (what deleting the line gives)."""
    if path in _SECTION_DEFAULTS:
        return _SECTION_DEFAULTS[path]
    if path not in DEFAULTS:
        return "–" if path in NO_DEFAULT else "none"
    value = DEFAULTS[path]
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"{value:g}"
    return f"`{value}`" if value else "none"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def keys_table() -> str:
    """Every top-level key of a level."""
    return _table(
        ("key", "what it is", "default"), [(f"`{k}`", TOP_FIELDS[k], _default(k)) for k in TOP_KEYS]
    )


def pattern_table() -> str:
    """The keys of `pattern`."""
    rows = [(f"`{k}`", PATTERN_FIELDS[k], _default(f"pattern.{k}")) for k in PATTERN_KEYS]
    return _table(("key", "what it is", "default"), rows)


def stage_table() -> str:
    """The keys of each of `stages`."""
    rows = [(f"`{k}`", *STAGE_FIELDS[k]) for k in STAGE_KEYS]
    return _table(("key", "what it is", "default"), rows)


def _value_words(spec: Mapping[str, object]) -> str:
    """A scene setting's values in words: "`dusk`, `day` or `night`", "seconds from 0.5 to 30"."""
    if spec["type"] == "choice":
        assert isinstance(spec["choices"], tuple)
        choices = [f"`{c}`" for c in spec["choices"]]
        return ", ".join(choices[:-1]) + f" or {choices[-1]}"
    low, high = f"{spec['low']:g}", f"{spec['high']:g}"
    if spec["type"] == "whole":
        return f"a whole number from {low} to {high}"
    return f"{spec['unit']} from {low} to {high}" if "unit" in spec else f"a number from {low} to {high}"


def scene_settings_table() -> str:
    """Each scene's settings (`scene_params`), with their values and defaults."""
    rows = []
    for scene, params in SCENE_PARAMS.items():
        for name, spec in params.items():
            default = spec["default"]
            shown = f"`{default}`" if spec["type"] == "choice" else f"{default:g}"
            rows.append((f"`{scene}`", f"`{name}`", str(spec["doc"]), _value_words(spec), shown))
    return _table(("scene", "name", "what it is", "value", "default"), rows)


def goals_table() -> str:
    """Each goal kind, the numbers it needs and what it measures."""
    rows = [
        (f"`{kind}`", ", ".join(f"`{f}`" for f in GOAL_FIELDS[kind]), GOAL_TEXT[kind]) for kind in GOAL_KINDS
    ]
    return _table(("kind", "needs", "what it measures"), rows)


# Each generated block: how to write it, and the table its rows come from (named in its marker).
BLOCKS: dict[str, tuple[Callable[[], str], str]] = {
    "keys": (keys_table, "game/content/fields.py TOP_FIELDS"),
    "pattern": (pattern_table, "game/content/fields.py PATTERN_FIELDS"),
    "scene settings": (scene_settings_table, "game/content/model.py SCENE_PARAMS"),
    "stages": (stage_table, "game/content/fields.py STAGE_FIELDS"),
    "goals": (goals_table, "game/content/fields.py GOAL_TEXT"),
}


def _block(name: str) -> re.Pattern[str]:
    """A generated block of the docs: (its begin marker)(the table)(its end marker)."""
    n = re.escape(name)
    return re.compile(rf"(<!-- begin generated: {n}\b[^>]*-->\n)(.*?)(<!-- end generated: {n} -->)", re.S)


def begin_marker(name: str) -> str:
    return f"<!-- begin generated: {name} (from {BLOCKS[name][1]}; edit it there, then run {COMMAND}) -->"


def filled(text: str) -> str:
    """`text` (docs/levels.md) with every generated block written afresh. ValueError when a block's markers
    are missing."""
    for name, (render, _) in BLOCKS.items():
        pattern = _block(name)
        found = pattern.search(text)
        if found is None:
            raise ValueError(
                f"no generated block '{name}' in the docs: put {begin_marker(name)} and "
                f"<!-- end generated: {name} --> around its table"
            )
        text = text[: found.start(1)] + begin_marker(name) + "\n" + render() + text[found.end(2) :]
    return text


def stale_blocks(text: str) -> list[str]:
    """The names of the generated blocks of `text` that differ from what the tables give."""
    fresh = filled(text)  # raises when a block is missing, so both searches below find it
    return [name for name in BLOCKS if _inside(name, text) != _inside(name, fresh)]


def _inside(name: str, text: str) -> str:
    found = _block(name).search(text)
    return found.group(2) if found else ""


def _write(path: Path, text: str) -> None:
    """Atomically: a half-written doc never replaces the whole one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: Sequence[str]) -> int:
    """Print the tables, or with `--write [FILE]` rewrite them in FILE (docs/levels.md)."""
    if argv and argv[0] == "--write":
        path = Path(argv[1]) if len(argv) > 1 else DOC
        text = path.read_text(encoding="utf-8")
        _write(path, filled(text))
        return 0
    for name, (render, _) in BLOCKS.items():
        sys.stdout.write(f"{begin_marker(name)}\n{render()}<!-- end generated: {name} -->\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
