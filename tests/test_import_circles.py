"""No import circles in game/ or breath_input/ (issue 11, item 5).

The graph is read from the source, not from a running interpreter: every module is parsed and every import
counts, at the top, inside a function (a lazy import) or under TYPE_CHECKING, because each of them is a place
where two modules name each other. `from a import b` counts as importing `a.b` when `b` is a module, else `a`.
Importing a submodule is not counted as importing its package's `__init__`: packages here hold no code the
submodules rely on.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("game", "breath_input")


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _absolute(name: str, node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The module an ImportFrom names, with relative imports resolved against the importer."""
    if not node.level:
        return node.module or ""
    parts = importer.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that `name` imports anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:  # `import a.b.c`, or its parent
                    target = target.rpartition(".")[0]
                if target:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(name, node, name, path.name == "__init__.py")
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in known:
                    found.add(sub)
                elif source in known:
                    found.add(source)
    found.discard(name)
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that reach each other (Tarjan's strongly connected groups of two or more), each
    as one path round a circle in it: ``[a, b, ..., a]``."""
    return [_loop(graph, set(g)) for g in tangles(graph)]


def tangles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:  # recursion depth is bounded by the module count (under 200)
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def _loop(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One circle through the group's first module, found breadth-first: a -> b -> ... -> a."""
    start = min(group)
    paths: dict[str, list[str]] = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & group):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return sorted(group)  # unreachable for a strongly connected group


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """The graph of the tree as it is (read once per test run: parsing every module takes a moment)."""
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def test_the_graph_is_read():
    graph = import_graph()
    assert len(graph) > 100, len(graph)
    # Known edges, one of each kind: top-level, lazy (inside a function), under TYPE_CHECKING.
    assert "game.scenes.base" in graph["game.app"]
    assert "breath_input.mic" in graph["game.inputs.source_provider"]  # opened lazily
    assert "breath_input.calibration_profile" in graph["game.inputs.source_provider"]  # TYPE_CHECKING


def test_circles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("from . import sibling\nfrom .other import thing\nfrom .. import top\n")
    known = {"pkg.sub.m", "pkg.sub.sibling", "pkg.sub.other", "pkg.top"}
    assert imports_of("pkg.sub.m", path, known) == {"pkg.sub.sibling", "pkg.sub.other", "pkg.top"}


def test_no_import_circles():
    graph = import_graph()
    found = [
        f"{' -> '.join(_loop(graph, set(group)))} (modules that reach each other: {', '.join(group)})"
        for group in tangles(graph)
    ]
    assert not found, "import circles: " + "; ".join(found)


def test_scenes_import_neither_the_app_nor_the_navigator():
    """The arrows run down: the app builds the navigator, it builds each scene, a scene sees its ports."""
    graph = import_graph()
    up = {"game.app", "game.scenes.navigator"}
    scenes = [m for m in graph if m.startswith("game.scenes.") and m != "game.scenes.navigator"]
    wrong = {m: sorted(graph[m] & up) for m in scenes if graph[m] & up}
    assert not wrong, f"scenes importing the app or the navigator: {wrong}"
    assert {m for m in graph["game.scenes.ports"] if m.startswith("game.scenes.")} == {"game.scenes.base"}
