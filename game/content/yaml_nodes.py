"""Safe YAML with positions: text -> a small tree of nodes that remember their line and column.

Level files are untrusted input, so this module only composes (never constructs arbitrary objects), refuses
oversized files before parsing, limits nesting and aliases (billion laughs), rejects duplicate keys and
more than one document. Every refusal is a `Problem` with a 1-based line and column; nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .model import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_ALIASES = 32
MAX_NODES = 10_000  # after expanding aliases; a real level has a few dozen

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = ("str", "int", "float", "bool", "null", "timestamp")


@dataclass(slots=True)
class Scalar:
    """A single value. `tag` is the short YAML type ("str", "int", "float", "bool", "null", "timestamp")
    or "error" when the value was refused (already reported). `text` is the value as written."""

    value: object
    text: str
    tag: str
    quoted: bool
    line: int
    col: int


@dataclass(slots=True)
class Seq:
    """A list of nodes."""

    items: list[Node]
    line: int
    col: int


@dataclass(slots=True)
class Entry:
    """One `key: value` pair; line and col are the key's."""

    key: str
    line: int
    col: int
    value: Node


@dataclass(slots=True)
class Map:
    """A mapping in file order; keys are the text written in the file."""

    entries: dict[str, Entry]
    line: int
    col: int


Node = Scalar | Seq | Map


class _Refused(Exception):
    """A limit was hit: the file is refused as a whole."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else 1
        self.col = mark.column + 1 if mark is not None else 1
        self.message = message


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader that counts aliases and nesting while composing, before anything is expanded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _Refused(
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]
                    f"too many aliases (*name): more than {MAX_ALIASES}; "
                    "write the values out instead of repeating them with aliases",
                )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark, _too_deep())  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _too_deep() -> str:
    return f"nesting is too deep (more than {MAX_DEPTH} levels); a level file needs only three or four"


def too_large(file: str, size: int) -> Problem:
    """The problem for a file refused by size (checked before parsing)."""
    return Problem(
        file,
        1,
        1,
        f"the file is {size / 1024:.0f} KiB; level files are limited to {MAX_FILE_BYTES // 1024} KiB",
    )


def parse_yaml(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into position-carrying nodes.

    Args:
        text: the file's text.
        file: the label used in problems (usually the path as the user gave it).

    Returns:
        (root node or None, problems). The root is None for an empty document or when the file was
        refused; problems are then non-empty unless the document was simply empty.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return None, [too_large(file, size)]
    try:
        root = yaml.compose(text, Loader=_GuardedLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as e:
        return None, [Problem(file, e.line, e.col, e.message)]
    except yaml.MarkedYAMLError as e:
        return None, [_syntax_problem(file, e, text)]
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        return None, [
            Problem(
                file,
                line,
                col,
                f"the file contains a character YAML doesn't allow (U+{e.character:04X}); remove it",
            )
        ]
    except yaml.YAMLError as e:  # any other PyYAML complaint, without a position
        return None, [Problem(file, 1, 1, f"YAML could not read this file: {e}")]
    if root is None:
        return None, []
    converter = _Converter(file)
    try:
        return converter.convert(root, 1), converter.problems
    except _Refused as e:
        return None, [Problem(file, e.line, e.col, e.message)]


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    line = before.count("\n") + 1
    return line, position - (before.rfind("\n") + 1) + 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _over_indented(lines: list[str], row: int) -> str | None:
    """The line above when line `row` (from 0) is indented deeper than a `key: value` line above it."""
    above = next((lines[i] for i in range(row - 1, -1, -1) if lines[i].strip()), None)
    if above is None or row >= len(lines) or _indent(lines[row]) <= _indent(above):
        return None
    key, colon, value = above.strip().partition(":")
    return above.strip() if colon and key and value.strip() and not value.strip().startswith("#") else None


def _syntax_problem(file: str, e: yaml.MarkedYAMLError, text: str = "") -> Problem:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    problem = e.problem or ""
    context = e.context or ""
    lines = text.split("\n")
    opened = e.context_mark
    brackets = {"while parsing a flow mapping": ("{", "}"), "while parsing a flow sequence": ("[", "]")}
    flow = brackets.get(context) if problem.startswith("expected ','") else None
    if flow and opened is not None and mark is not None and mark.line > opened.line:
        # The reader only notices on a later line; the mistake is the bracket left open where it began.
        return Problem(
            file,
            opened.line + 1,
            opened.column + 1,
            f"this '{flow[0]}' is never closed: end it with '{flow[1]}' on the same line",
        )
    if "mapping values are not allowed" in problem and mark is not None:
        above = _over_indented(lines, mark.line)
        if above is not None:
            return Problem(
                file,
                line,
                _indent(lines[mark.line]) + 1,
                f"this line is indented deeper than the one above it ('{above}'); line it up with that "
                "line (or, if a value contains ': ', put the whole value in quotes)",
            )
    if problem == "but found another document":
        return Problem(
            file,
            line,
            col,
            "only one level per file: a second YAML document starts here ('---' begins a new one)",
        )
    if "found undefined alias" in problem:
        return Problem(
            file, line, col, "this alias (*name) has no matching anchor (&name) earlier in the file"
        )
    message = f"YAML syntax: {problem or context}"
    if context and problem:
        message = f"YAML syntax: {problem} ({context})"
    if "'\\t'" in problem:
        message += "; YAML can't indent with tabs, use spaces"
    elif "mapping values are not allowed" in problem:
        message += "; if a value contains ': ', put the whole value in quotes"
    elif "expected <block end>" in problem or "could not find expected ':'" in problem:
        message += "; check the indentation of this line and the one before"
    return Problem(file, line, col, message)


class _Converter:
    """Turns composed PyYAML nodes into our nodes, expanding aliases within a budget."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def error(self, node: Any, message: str) -> None:
        self.problems.append(
            Problem(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message)
        )

    def convert(self, node: Any, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refused(
                node.start_mark, "the file expands to too many values (aliases repeated too often)"
            )
        if depth > MAX_DEPTH:  # also catches an alias inside its own anchor (&a [*a])
            raise _Refused(node.start_mark, _too_deep())
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, (SequenceNode, MappingNode)) and node.tag not in (_STD + "seq", _STD + "map"):
            self.error(node, f"the tag '{_short_tag(node.tag)}' isn't allowed in level files")
            return Scalar(None, "", "error", False, line, col)  # already reported: readers stay quiet
        if isinstance(node, SequenceNode):
            return Seq([self.convert(item, depth + 1) for item in node.value], line, col)
        if isinstance(node, MappingNode):
            return self._mapping(node, depth, line, col)
        return self._scalar(node, line, col)

    def _mapping(self, node: MappingNode, depth: int, line: int, col: int) -> Map:
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "a key must be a plain word, not a list or mapping")
                continue
            if key_node.tag == _STD + "merge":
                self.error(key_node, "merge keys ('<<') aren't supported in level files; write the keys out")
                continue
            key = key_node.value
            if key == "" or key == "~":
                self.error(key_node, "a key is missing before ':'")
                continue
            k_line, k_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in entries:
                first = entries[key]
                self.error(
                    key_node,
                    f"duplicate key '{key}': already set at line {first.line}, column {first.col}; "
                    "remove one of them",
                )
                continue
            entries[key] = Entry(key, k_line, k_col, self.convert(value_node, depth + 1))
        return Map(entries, line, col)

    def _scalar(self, node: ScalarNode, line: int, col: int) -> Scalar:
        quoted = node.style in ("'", '"')
        tag = node.tag[len(_STD) :] if node.tag.startswith(_STD) else node.tag
        if tag == "value":  # a bare '=' resolves to YAML's obscure "value" type; it is just text to us
            return Scalar(node.value, node.value, "str", quoted, line, col)
        if tag not in _SCALAR_TAGS:
            self.error(node, f"the tag '{_short_tag(node.tag)}' isn't allowed in level files")
            return Scalar(None, node.value, "error", quoted, line, col)
        try:
            value = self.constructor.construct_object(node)
        except Exception:  # noqa: BLE001 - e.g. an impossible date: report, never raise
            self.error(node, f"can't read the value '{node.value}'")
            return Scalar(None, node.value, "error", quoted, line, col)
        return Scalar(value, node.value, tag, quoted, line, col)
