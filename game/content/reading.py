"""Typed readers over YAML nodes, and the hints for YAML's traps: the shared half of reading a level file
or a `pack.yaml`. A reader returns None on a bad value and records a `Problem` at the node; nothing raises.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence

from .model import Problem
from .yaml_nodes import Entry, Map, Node, Scalar, Seq

MAX_WORD_CHARS = 80  # any text without a limit of its own: a scene, a goal kind, a phase, an id in pack.yaml
MAX_TEXT_LINES = 10  # intro, tip, caution, a pack's description
# Invisible characters that reorder or hide text (bidirectional overrides and isolates).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def suggest(word: str, choices: Sequence[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def elsewhere_hint(key: str, elsewhere: dict[str, Sequence[str]], *, close: str) -> str:
    """' (it goes under 'pattern:' ...)' when `key` is, or (with no closer match here) looks like, a key of
    another section: a dedented `exhale:` or a stray `exhail:` at the top of a level."""
    for section, keys in elsewhere.items():
        if key in keys:
            return f"; '{key}' goes under '{section}:', indented below it"
    if close:
        return ""
    for section, keys in elsewhere.items():
        match = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.75)
        if match:
            return f" (did you mean '{match[0]}'? it goes under '{section}:', indented below it)"
    return ""


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return num(float(value))
    return f"'{value}'" if value else "none"


def is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.tag == "null"


def short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def num(x: float) -> str:
    """A number as a designer would write it: 6, 6.5, 0.25."""
    return f"{x:g}"


def got(node: Node) -> str:
    """Describe a value for 'expected X, got Y', with a hint for PyYAML's traps."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a group of keys"
    text = short(node.text)
    if node.tag == "bool":
        hint = (
            " (YAML reads on/off/yes/no as true/false)"
            if node.text.lower() in ("on", "off", "yes", "no")
            else ""
        )
        return f"'{text}'{hint}"
    if node.tag == "null":
        return "nothing"
    if node.tag in ("int", "float") and ":" in node.text:
        return f"'{text}' (YAML reads it as {num(float(node.value))}: base 60, as on a clock)"  # type: ignore[arg-type]
    if node.tag == "timestamp":
        return f"'{text}' (YAML reads it as a date)"
    if node.tag == "str" and node.quoted:
        return f"the text '{text}'"
    return f"'{text}'" if node.tag == "str" else text


class Doc:
    """Collects the problems of one file while its nodes are read; readers return None on a bad value."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, at: Node | Entry, message: str) -> None:
        self.problems.append(Problem(self.file, at.line, at.col, message))

    def warn(self, at: Node | Entry, message: str) -> None:
        self.problems.append(Problem(self.file, at.line, at.col, message, "warning"))

    def known_keys(
        self,
        node: Map,
        path: str,
        allowed: Sequence[str],
        *,
        skip: set[str] | None = None,
        prefix: str | None = None,
        elsewhere: dict[str, Sequence[str]] | None = None,
    ) -> dict[str, Entry]:
        """Report unknown keys (with a suggestion; not those in `skip`, which the caller reports) and empty
        values; return the known entries whose value isn't empty.

        `prefix` starts a field's path in messages (`path` when not given); `elsewhere` maps a section to
        its keys, so a key written at the wrong level is pointed at the section it belongs under.
        """
        known: dict[str, Entry] = {}
        for key, entry in node.entries.items():
            if skip and key in skip:
                continue
            if key not in allowed:
                where = f"{path}: " if path else ""
                hint = suggest(key, allowed)
                hint = elsewhere_hint(key, elsewhere or {}, close=hint) or hint
                hint = hint or f"; allowed here: {', '.join(allowed)}"
                self.error(entry, f"{where}unknown key '{short(key)}'{hint}")
            elif isinstance(entry.value, Scalar) and entry.value.tag == "null":
                # Nothing is silently accepted: an empty value is a mistake, never "use the default".
                field_path = f"{prefix if prefix is not None else path}.{key}".lstrip(".")
                self.error(entry, self.empty_message(field_path))
            else:
                known[key] = entry
        return known

    @staticmethod
    def typo_targets(node: Map, allowed: Sequence[str]) -> set[str]:
        """The allowed keys missing from `node` that an unknown key there looks like a misspelling of: the
        caller reports no 'missing' for them, so one typo gives one message."""
        targets: set[str] = set()
        for key in node.entries:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            if close and close[0] not in node.entries:
                targets.add(close[0])
        return targets

    def empty_message(self, field_path: str) -> str:
        """The message for an empty value; a level's reader names the default a deleted line gives."""
        return f"{field_path}: is empty; write a value after the ':'"

    def mapping(self, entry: Entry, path: str, allowed: Sequence[str]) -> dict[str, Entry] | None:
        if not isinstance(entry.value, Map):
            self.error(
                entry.value, f"{path}: expected indented keys ({', '.join(allowed)}), got {got(entry.value)}"
            )
            return None
        return self.known_keys(entry.value, path, allowed)

    def number(
        self,
        entry: Entry,
        path: str,
        *,
        what: str,
        low: float,
        strict_low: bool,
        high: float | None = None,
        whole: bool = False,
    ) -> float | None:
        """Read a number in range (`> low` if strict_low, else `>= low`; `<= high`)."""
        node = entry.value
        expect = f"{path}: expected {what}"
        if not isinstance(node, Scalar):
            self.error(node, f"{expect}, got {got(node)}")
            return None
        if node.tag == "error":
            return None
        if node.tag in ("int", "float") and not isinstance(node.value, bool):
            value = as_float(node.value)
            if ":" in node.text:
                self.error(
                    node,
                    f"{path}: YAML reads '{node.text}' as {num(value)} (base 60, like a clock: 1:30 is 90); "
                    f"write {num(value)} if that is what you mean",
                )
                return None
            if node.tag == "int" and not re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", node.text.replace("_", "")):
                self.error(
                    node,
                    f"{path}: YAML reads '{node.text}' as {num(value)} (a leading 0 means octal, 0x hex); "
                    f"write {num(value)} if that is what you mean",
                )
                return None
            bad_range = value <= low if strict_low else value < low
            if not math.isfinite(value) or bad_range or (high is not None and value > high):
                self.error(node, f"{expect}, got {short(node.text)}")
                return None
            if whole and value != int(value):
                self.error(node, f"{expect}, got {short(node.text)}")
                return None
            return value
        if node.tag == "str" and not node.quoted and parses_as_float(node.text):
            self.error(
                node,
                f"{expect}, got '{short(node.text)}', which PyYAML reads as text, not a number "
                f"(it needs a dot and a signed exponent, like 1.0e+3); write {num(float(node.text))}",
            )
        elif node.tag == "str" and parses_as_float(node.text):
            self.error(node, f"{expect}, got {got(node)} (remove the quotes to make it a number)")
        else:
            self.error(node, f"{expect}, got {got(node)}")
        return None

    def seconds(
        self, entry: Entry, path: str, *, low: float, high: float, strict_low: bool = False
    ) -> float | None:
        """Seconds from `low` (above it when `strict_low`) to `high`; a low of 0 reads "0 for none"."""
        what = f"seconds {text_range(low, high, strict_low=strict_low)}"
        if low == 0 and not strict_low:
            what += " (0 for none)"
        return self.number(entry, path, what=what, low=low, strict_low=strict_low, high=high)

    def whole(self, entry: Entry, path: str, *, low: int, high: int) -> int | None:
        value = self.number(
            entry,
            path,
            what=f"a whole number {text_range(low, high, strict_low=False)}",
            low=low,
            strict_low=False,
            high=high,
            whole=True,
        )
        return None if value is None else int(value)

    def flag(self, entry: Entry, path: str) -> bool | None:
        node = entry.value
        if isinstance(node, Scalar) and node.tag == "bool":
            return bool(node.value)
        if not (isinstance(node, Scalar) and node.tag == "error"):
            self.error(node, f"{path}: expected true or false, got {got(node)}")
        return None

    def text(
        self,
        entry: Entry,
        path: str,
        *,
        required: bool = False,
        limit: int = MAX_WORD_CHARS,
        multiline: bool = False,
    ) -> str | None:
        """Read text: valid Unicode with no control characters (line breaks only when `multiline`, then at
        most MAX_TEXT_LINES lines), at most `limit` characters once stripped."""
        node = entry.value
        if isinstance(node, Scalar) and node.tag == "str":
            value = str(node.value).strip()
            if required and not value:
                self.error(node, f"{path}: must not be empty")
                return None
            return value if self.text_ok(node, path, value, limit=limit, multiline=multiline) else None
        if isinstance(node, Scalar) and node.tag == "error":
            return None
        if is_null(node):  # an empty list item; an empty key's value is reported by known_keys
            self.error(node, f"{path}: is empty; write the text")
            return None
        tail = "; put it in quotes" if isinstance(node, Scalar) else ""
        self.error(node, f"{path}: expected text, got {got(node)}{tail}")
        return None

    def text_ok(self, node: Scalar, path: str, value: str, *, limit: int, multiline: bool) -> bool:
        """Report a character that isn't text, too many characters or lines; True when `value` is fine."""
        bad = bad_character(value, multiline=multiline)
        if bad is not None:
            index, why = bad
            self.error(node, f"{path}: character {index + 1} {why}; remove it")
            return False
        if len(value) > limit:
            self.error(node, f"{path}: {len(value)} characters is too long; at most {limit}")
            return False
        lines = value.count("\n") + 1
        if multiline and lines > MAX_TEXT_LINES:
            self.error(node, f"{path}: {lines} lines is too many; at most {MAX_TEXT_LINES}")
            return False
        return True

    def choice(self, entry: Entry, path: str, choices: Sequence[str], what: str) -> str | None:
        value = self.text(entry, path)
        if value is None or value in choices:
            return value
        hint = suggest(value, choices)
        self.error(
            entry.value, f"{path}: unknown {what} '{short(value)}'{hint}; choose one of {', '.join(choices)}"
        )
        return None


def bad_character(text: str, *, multiline: bool) -> tuple[int, str] | None:
    """(index, what is wrong) of the first character that isn't text to show a player, or None.

    Refused: lone UTF-16 surrogates (a double-quoted "\\udfff" makes one; no font or file can hold it),
    control characters (a line break only in multi-line texts; a tab never: use spaces) and the invisible
    bidirectional controls that reorder text.
    """
    for i, ch in enumerate(text):
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return i, f"is a lone UTF-16 surrogate (U+{code:04X}), which isn't a character"
        if ch == "\n" and multiline:
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F:
            name = {"\n": "a line break", "\t": "a tab", "\r": "a carriage return"}.get(ch, "")
            what = f"{name} (U+{code:04X})" if name else f"a control character (U+{code:04X})"
            where = "; this text is one line" if ch == "\n" else ""
            return i, f"is {what}{where}"
        if ch in _BIDI_CONTROLS:
            return i, f"is an invisible text-direction control (U+{code:04X})"
    return None


def text_range(low: float, high: float, *, strict_low: bool) -> str:
    """'from 1 to 2000', or 'above 0, up to 60' when `low` itself is out."""
    return f"above {num(low)}, up to {num(high)}" if strict_low else f"from {num(low)} to {num(high)}"


def as_float(value: object) -> float:
    """A YAML int or float as a float; an integer too large for one is +-inf (out of every range)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]


def parses_as_float(text: str) -> bool:
    try:
        return math.isfinite(float(text.replace("_", "")))
    except ValueError:
        return False
