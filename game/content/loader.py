"""Level files -> `Level` (or `BrokenLevel`) plus warnings: reading a file, the level reader and its goals.

Every problem of a file is collected in one pass and located as `file:line:col` with a message a level
designer can act on. Nothing here raises on bad input: an unexpected exception becomes a `Problem`. The typed
readers are in reading.py, the limits in limits.py, the round-two checks in lint.py, folders and packs
in packs.py; the reader's parts for the pattern, the goals and the scene settings in pattern_reader.py,
goals_reader.py and scene_params_reader.py.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .fields import TOP_FIELDS
from .goals_reader import GOAL_FIELDS as GOAL_FIELDS  # the schema and tests read these here
from .goals_reader import GOAL_KEYS as GOAL_KEYS
from .goals_reader import GoalsReading
from .limits import ADAPTIVE_SLACK_S as ADAPTIVE_SLACK_S  # re-exported: tests keep it in step with the pacer
from .limits import (
    MAX_BPM_HIGH,
    MAX_BPM_LOW,
    MAX_CAUTION_CHARS,
    MAX_CYCLES,
    MAX_ID_CHARS,
    MAX_INTRO_CHARS,
    MAX_LEVEL_S,
    MAX_MEASURE_CYCLES,
    MAX_STEP_S,
    MAX_TIP_CHARS,
    MAX_TITLE_CHARS,
    MIN_DURATION_S,
    MIN_STEP_S,
)
from .lint import Lint, Where
from .model import (
    EXHALE_STYLES,
    GOAL_KINDS,
    PHASE_FIELDS,
    SCENE_PARAMS,
    SCENES,
    Adaptive,
    BrokenLevel,
    Goal,
    Level,
    Pattern,
    Problem,
    Safety,
)
from .pattern_reader import PATTERN_KEYS as PATTERN_KEYS
from .pattern_reader import RAMP_KEYS as RAMP_KEYS
from .pattern_reader import PatternReading
from .reading import (
    got,
    is_null,
    num,
    short,
    shown,
)
from .scene_params_reader import SceneParamsReading
from .stages import StagePlace, lint_stages, read_stages, staged_length
from .yaml_nodes import MAX_FILE_BYTES, Entry, Map, Node, parse_yaml, too_large

TOP_KEYS = tuple(TOP_FIELDS)  # the field table names every key a level may have, in the docs' order
ADAPTIVE_KEYS = ("enabled", "measure_cycles", "step_s")
SAFETY_KEYS = ("caution", "max_breaths_per_minute")
ID_RE = re.compile(r"[a-z0-9-]+")

# What a key left out means, by path (`[]` for any list index). The reader falls back on these, the JSON
# Schema states them as `default`s (a test loads each one written out and left out, and compares), and an
# empty value's message names them.
DEFAULT_CYCLES = 10
DEFAULTS: dict[str, object] = {
    "intro": "",
    "tip": "",
    "scene": "lake",
    "cycles": DEFAULT_CYCLES,
    "show_pacer": True,
    "calm": True,
    "audio_guide": False,
    "exhale_style": "air",
    "pattern.inhale": Pattern().inhale_s,
    "pattern.hold_in": Pattern().hold_in_s,
    "pattern.exhale": Pattern().exhale_s,
    "pattern.hold_out": Pattern().hold_out_s,
    "pattern.double_inhale": Pattern().double_inhale,
    "pattern.ramp[].start_cycle": 0,
    "adaptive.enabled": Adaptive().enabled,
    "adaptive.measure_cycles": Adaptive().measure_cycles,
    "adaptive.step_s": Adaptive().step_s,
    "safety.caution": Safety().caution,
    "safety.max_breaths_per_minute": Safety().max_breaths_per_minute,
}
# Keys of sections, for pointing a key written at the top of a level back under its section.
_ELSEWHERE: dict[str, Sequence[str]] = {
    "pattern": PATTERN_KEYS,
    "adaptive": ADAPTIVE_KEYS,
    "safety": SAFETY_KEYS,
    "scene_params": sorted({name for params in SCENE_PARAMS.values() for name in params}),
}
# How the defaults of whole sections read in an empty value's message.
_SECTION_DEFAULTS = {
    "pattern": "4 s in, 6 s out",
    "scene_params": "none",
    "goals": "none",
    "adaptive": "off",
    "safety": "no caution, a limit of 20 breaths a minute",
    "pattern.ramp": "none",
}
# What to write for an empty key that has no default.
_EMPTY_WANTS = {
    "duration": f"seconds from {MIN_DURATION_S:g} to {MAX_LEVEL_S} (or delete the line for 10 breaths)",
    "pattern.ramp[].field": f"the phase that changes: {', '.join(PHASE_FIELDS)}",
    "pattern.ramp[].to": "the seconds the phase ends at",
    "pattern.ramp[].over_cycles": "how many breaths the change takes",
    "goals[].kind": f"one of {', '.join(GOAL_KINDS)}",
    "goals[].seconds": "how long, in seconds",
    "goals[].count": "how many exhales",
    "goals[].at_least": "the lowest score that earns the star",
    "goals[].at_most": "the highest breaths per minute that earns the star",
    "goals[].label": "the text to show (or delete the line for a generated one)",
}

# ---------------------------------------------------------------------------------------------- public API


def load_level(path: str | os.PathLike[str]) -> tuple[Level | BrokenLevel, list[Problem]]:
    """Load one level file.

    Returns:
        (the level, or a BrokenLevel holding its errors; the warnings). Never raises.
    """
    result = _load_path(os.fspath(path))
    return result.level, result.warnings


def load_level_text(text: str, file_label: str) -> tuple[Level | BrokenLevel, list[Problem]]:
    """Load a level from text; `file_label` names it in problems and becomes `Level.source`."""
    result = _guarded(file_label, lambda: _load_text(text, file_label))
    return result.level, result.warnings


# ------------------------------------------------------------------------------------------ file handling


@dataclass
class _Result:
    file: str
    level: Level | BrokenLevel
    warnings: list[Problem]
    id: str | None = None  # the id, when it was readable (also for broken levels: pack order, clashes)
    id_pos: tuple[int, int] = (1, 1)


def _where(p: Problem) -> tuple[int, int]:
    return (p.line, p.col)


def _broken(file: str, problems: list[Problem]) -> _Result:
    return _Result(file, BrokenLevel(file, tuple(sorted(problems, key=_where))), [])


def _os_problem(file: str, e: OSError) -> Problem:
    return Problem(file, 1, 1, f"can't read this file: {e.strerror or e}")


def _guarded(file: str, load: Callable[[], _Result]) -> _Result:
    """Run a load; an unexpected exception becomes a problem instead of a traceback."""
    try:
        return load()
    except Exception as e:  # noqa: BLE001 - the promise is "never crash on any input"
        return _broken(
            file,
            [
                Problem(
                    file, 1, 1, f"could not read this level ({type(e).__name__}: {e}); please report this bug"
                )
            ],
        )


def _load_path(path: str) -> _Result:
    def load() -> _Result:
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:  # refused before reading, let alone parsing
                return _broken(path, [too_large(path, size)])
            with open(path, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            return _broken(path, [_os_problem(path, e)])
        if len(data) > MAX_FILE_BYTES:  # it grew between stat and read
            return _broken(path, [too_large(path, len(data))])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
            return _broken(path, [Problem(path, line, col, "this isn't UTF-8 text; save the file as UTF-8")])
        return _load_text(text, path)

    return _guarded(path, load)


def _load_text(text: str, file: str) -> _Result:
    root, problems = parse_yaml(text, file)
    if root is None:
        if not problems:
            problems = [Problem(file, 1, 1, "the file is empty; a level needs at least 'id:' and 'title:'")]
        return _broken(file, problems)
    reader = _LevelReader(file, problems)
    level = reader.read(root)
    errors = [p for p in reader.problems if p.severity == "error"]
    warnings = sorted((p for p in reader.problems if p.severity != "error"), key=_where)
    if errors or level is None:
        result = _broken(file, errors)
        result.warnings = warnings
    else:
        result = _Result(file, level, warnings)
    result.id, result.id_pos = reader.id, reader.id_pos
    return result


def _empty_message(field_path: str) -> str:
    """'pattern.exhale: is empty; ...' naming the default a deleted line would give."""
    general = re.sub(r"\[\d+\]", "[]", field_path)
    if general in _SECTION_DEFAULTS:
        default = _SECTION_DEFAULTS[general]
    elif general in DEFAULTS:
        default = shown(DEFAULTS[general])
    elif general in _EMPTY_WANTS:
        return f"{field_path}: is empty; write {_EMPTY_WANTS[general]}"
    else:
        return f"{field_path}: is empty; write a value after the ':'"
    return f"{field_path}: is empty; write a value, or delete the line to use the default ({default})"


# ------------------------------------------------------------------------------------------ the level


class _LevelReader(SceneParamsReading, PatternReading, GoalsReading):
    """Reads a level's root mapping into a `Level`, collecting every problem."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(file, problems)
        self.id: str | None = None
        self.id_pos = (1, 1)
        self.staged: list[StagePlace] = []

    def empty_message(self, field_path: str) -> str:
        return _empty_message(field_path)

    def read(self, root: Node) -> Level | None:
        if not isinstance(root, Map):
            self.error(
                root,
                f"a level file holds 'key: value' lines (starting with id: and title:), got {got(root)}",
            )
            return None
        misspelt = self._misspelt_required(root)
        empty_required = {k for k in ("id", "title") if k in root.entries and is_null(root.entries[k].value)}
        e = self.known_keys(
            root, "", TOP_KEYS, skip=set(misspelt.values()) | empty_required, elsewhere=_ELSEWHERE
        )
        for key, why in (
            ("id", "an id, such as 'lengthen-exhale'"),
            ("title", "a title, shown in level select"),
        ):
            if key in empty_required:
                self.error(root.entries[key], f"{key}: is empty; every level needs {why}")
            elif key in misspelt:
                self.error(
                    root.entries[misspelt[key]],
                    f"{key} is missing — did you mean to write '{key}' instead of '{short(misspelt[key])}'? "
                    f"(every level needs {why})",
                )
            elif key not in e:
                self.error(root, f"missing '{key}': every level needs {why}")
        level_id = self._id(e["id"]) if "id" in e else None
        title = self.text(e["title"], "title", required=True, limit=MAX_TITLE_CHARS) if "title" in e else None
        intro = self.text(e["intro"], "intro", limit=MAX_INTRO_CHARS, multiline=True) if "intro" in e else ""
        tip = self.text(e["tip"], "tip", limit=MAX_TIP_CHARS, multiline=True) if "tip" in e else ""
        scene = self.choice(e["scene"], "scene", SCENES, "scene") if "scene" in e else "lake"
        scene_params = self._scene_params(e["scene_params"], scene) if "scene_params" in e else {}
        where = Where(e.get("pattern", root), {}, [], e.get("cycles", e.get("duration", root)))
        pattern = self._pattern(e["pattern"], where) if "pattern" in e else Pattern()
        self.staged = (read_stages(self, e["stages"], pattern, self._pattern) or []) if "stages" in e else []
        staged = (staged_length(self, e, self.staged), None) if self.staged else None
        cycles, duration = staged or self._length(e, root)
        show_pacer = self.flag(e["show_pacer"], "show_pacer") if "show_pacer" in e else True
        calm = self.flag(e["calm"], "calm") if "calm" in e else True
        audio_guide = self.flag(e["audio_guide"], "audio_guide") if "audio_guide" in e else False
        style = (
            self.choice(e["exhale_style"], "exhale_style", EXHALE_STYLES, "exhale style")
            if "exhale_style" in e
            else "air"
        )
        adaptive = self._adaptive(e["adaptive"]) if "adaptive" in e else Adaptive()
        safety = self._safety(e["safety"], where) if "safety" in e else Safety()
        goals = self._goals(e["goals"], scene, scene_params) if "goals" in e else []

        readable = [(g, node, name) for g, node, name in goals if g is not None]
        # Round two (the breathing itself) only on a file with no errors: a check run on a value that an
        # error replaced with its default would report a problem the designer never wrote.
        if not any(p.severity == "error" for p in self.problems):
            self._round_two(
                pattern, where, cycles, duration, show_pacer, calm, adaptive, safety, readable, scene_params
            )
        if level_id is None or title is None:
            return None
        try:
            return Level(
                id=level_id,
                title=title,
                intro=intro or "",
                tip=tip or "",
                scene=scene or "lake",
                scene_params=scene_params,
                pattern=self.staged[0].stage.pattern if self.staged else (pattern or Pattern()),
                stages=tuple(place.stage for place in self.staged),
                cycles=cycles or None,
                duration_s=duration,
                show_pacer=True if show_pacer is None else show_pacer,
                calm=True if calm is None else calm,
                audio_guide=bool(audio_guide),
                exhale_style=style or "air",
                goals=tuple(g for g, _, _ in readable),
                adaptive=adaptive or Adaptive(),
                safety=safety or Safety(),
                source=self.file,
            )
        except (TypeError, ValueError) as exc:  # a model invariant we didn't pre-check
            self.error(root, f"this level can't be built: {exc}")
            return None

    def _round_two(
        self,
        pattern: Pattern | None,
        where: Where,
        cycles: int | None | bool,
        duration: float | None,
        show_pacer: bool | None,
        calm: bool | None,
        adaptive: Adaptive | None,
        safety: Safety | None,
        readable: list[tuple[Goal, Map, str]],
        scene_params: dict[str, object],
    ) -> None:
        """Safety limits, ramps and goals against the pacer; every value here was read as written."""
        caution = safety.caution if safety else ""
        if show_pacer is False:
            for g, node, name in readable:
                if g.kind == "in_sync":
                    self.warn(
                        node.entries["kind"].value,
                        f"{name}: in_sync measures breathing with the guide, but show_pacer is false; "
                        "choose another goal or show the pacer",
                    )
        if pattern is not None and cycles is not False:
            plan = lint_stages(self, self.staged, calm=bool(calm), caution=caution) if self.staged else None
            lint = Lint(
                self,
                pattern,
                where,
                cycles,
                duration,
                bool(calm),
                caution or "",
                plan=plan,
                scene=scene_params,
            )
            # Goals are compared with the pacer only when there is one, and a readable adaptive setting.
            (lint.run_level if plan else lint.run)(
                readable,
                reach=bool(show_pacer and adaptive),
                adaptive=bool(adaptive and adaptive.enabled),
                max_bpm=(safety or Safety()).max_breaths_per_minute,
            )
            if adaptive and safety and where.max_bpm is not None:
                lint.max_pace(safety.max_breaths_per_minute, adaptive=adaptive.enabled)

    @staticmethod
    def _misspelt_required(root: Map) -> dict[str, str]:
        """{missing required key: the unknown key closest to it}, e.g. {'title': 'titel'}."""
        found: dict[str, str] = {}
        for key in root.entries:
            if key in TOP_KEYS:
                continue
            close = difflib.get_close_matches(key, sorted(TOP_KEYS), n=1, cutoff=0.6)
            if close and close[0] in ("id", "title") and close[0] not in root.entries:
                found.setdefault(close[0], key)
        return found

    def _id(self, entry: Entry) -> str | None:
        value = self.text(entry, "id", required=True, limit=MAX_ID_CHARS)
        if value is None:
            return None
        if not ID_RE.fullmatch(value):
            slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-level"
            self.error(
                entry.value,
                f"id: use only lowercase letters, digits and '-', e.g. '{short(slug)}'; got '{short(value)}'",
            )
            return None
        self.id, self.id_pos = value, (entry.value.line, entry.value.col)
        return value

    def _length(self, e: dict[str, Entry], root: Map) -> tuple[int | None | bool, float | None]:
        """(cycles, duration_s); cycles is False when the length is unreadable, so the lint is skipped."""
        if "cycles" in e and "duration" in e:
            self.error(e["duration"], "give either 'cycles' or 'duration', not both")
            return False, None
        if "duration" in e:
            duration = self.seconds(e["duration"], "duration", low=MIN_DURATION_S, high=MAX_LEVEL_S)
            return (None, duration) if duration is not None else (False, None)
        if "cycles" in e:
            cycles = self.whole(e["cycles"], "cycles", low=1, high=MAX_CYCLES)
            return (cycles, None) if cycles is not None else (False, None)
        return DEFAULT_CYCLES, None

    def _adaptive(self, entry: Entry) -> Adaptive | None:
        e = self.mapping(entry, "adaptive", ADAPTIVE_KEYS)
        if e is None:
            return None
        enabled = self.flag(e["enabled"], "adaptive.enabled") if "enabled" in e else False
        measure = (
            self.whole(e["measure_cycles"], "adaptive.measure_cycles", low=1, high=MAX_MEASURE_CYCLES)
            if "measure_cycles" in e
            else 3
        )
        step = (
            self.seconds(e["step_s"], "adaptive.step_s", low=MIN_STEP_S, high=MAX_STEP_S)
            if "step_s" in e
            else 0.5
        )
        if enabled is None or measure is None or step is None:
            return None
        return Adaptive(enabled=enabled, measure_cycles=measure, step_s=step)

    def _safety(self, entry: Entry, where: Where) -> Safety | None:
        e = self.mapping(entry, "safety", SAFETY_KEYS)
        if e is None:
            return None
        caution = (
            self.text(e["caution"], "safety.caution", required=True, limit=MAX_CAUTION_CHARS, multiline=True)
            if "caution" in e
            else ""
        )
        max_bpm: float | None = Safety().max_breaths_per_minute
        if "max_breaths_per_minute" in e:
            where.max_bpm = e["max_breaths_per_minute"].value
            max_bpm = self.number(
                e["max_breaths_per_minute"],
                "safety.max_breaths_per_minute",
                what=f"breaths per minute from {num(MAX_BPM_LOW)} to {num(MAX_BPM_HIGH)}",
                low=MAX_BPM_LOW,
                strict_low=False,
                high=MAX_BPM_HIGH,
            )
        if caution is None or max_bpm is None:
            return None
        return Safety(caution=caution, max_breaths_per_minute=max_bpm)
