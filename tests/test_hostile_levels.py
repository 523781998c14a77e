"""Hostile level files (issue 15): each is refused by `validate` with a located message, or it plays headless
for a few seconds within bounded time and memory.

The refused ones are the files of the issue: a person could post any of them on a forum. The accepted ones sit
at the edges of the hard limits (the longest, the most cycles, the fastest), where per-cycle or per-sample
work would show if anything grew with an unbounded number.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.cli import main
from game.content.limits import MAX_CYCLES, MAX_LEVEL_S, MAX_PHASE_S, MIN_PHASE_S
from game.content.loader import load_level_text
from game.content.model import BrokenLevel, Level
from game.content.packs import validate_paths
from game.sim import adaptive
from game.sim.pacer import Pacer

ROOT = Path(__file__).resolve().parent.parent
HEAD = "id: hostile\ntitle: Hostile\n"
MEMORY_CAP_MB = 300
PLAY_S = 5

REFUSED = {
    # name: (file text, line, col, start of the message)
    "cycles-1e9": (HEAD + "cycles: 1000000000\n", 3, 9, "cycles: expected a whole number from 1 to 2000"),
    "huge-integer": (HEAD + "cycles: 1" + "0" * 400 + "\n", 3, 9, "cycles: expected a whole number from 1"),
    "cycles-near-float-max": (
        HEAD + "cycles: 1.7976931348623157e+308\n",
        3,
        9,
        "cycles: expected a whole number from 1 to 2000, got 1.7976931348623157e+308",
    ),
    "adaptive-huge-cycles": (
        HEAD + "cycles: 1000000000\nadaptive: {enabled: true}\n",
        3,
        9,
        "cycles: expected a whole number from 1 to 2000",
    ),
    "phases-1e-15-s": (
        HEAD + "pattern: {inhale: 1.0e-15, exhale: 1.0e-15}\nduration: 60\ncalm: false\n"
        "safety: {caution: Fast.}\n",
        3,
        19,
        "pattern.inhale: expected seconds from 0.5 to 60, got 1.0e-15",
    ),
    "duration-over-two-hours": (
        HEAD + "duration: 1.0e+9\n",
        3,
        11,
        "duration: expected seconds from 1 to 7200",
    ),
    "cycles-over-two-hours": (
        HEAD + "cycles: 2000\n",
        3,
        1,
        "this level lasts 333 minutes (2000 cycles); a level may last at most 2 hours",
    ),
    "adaptive-over-two-hours": (
        # 600 cycles of 10 s are 100 minutes, but at 4 breaths a minute each may take 15 s.
        HEAD + "cycles: 600\nadaptive: {enabled: true}\nsafety: {max_breaths_per_minute: 4}\n",
        3,
        1,
        "with adaptive pacing this level can last up to 150 minutes (600 cycles)",
    ),
    "huge-ramp": (
        HEAD + "pattern:\n  ramp:\n    - {field: exhale, to: 9, over_cycles: 1000000000000}\n",
        5,
        43,
        "pattern.ramp[1].over_cycles: expected a whole number from 1 to 2000",
    ),
    "ramp-to-a-day": (
        HEAD + "pattern:\n  ramp:\n    - {field: hold_out, to: 86400, over_cycles: 2}\n",
        5,
        29,
        "pattern.ramp[1].to: expected seconds from 0 to 60 (0 for none)",
    ),
    "huge-goal-count": (
        HEAD + "goals:\n  - {kind: full_exhales, count: 99999999999999999999}\n",
        4,
        33,
        "goals[1].count: expected a whole number from 1 to 2000",
    ),
    "huge-scene-setting": (
        HEAD + "scene: lanterns\nscene_params: {max_lanterns: 1" + "0" * 400 + "}\n",
        4,
        30,
        "scene_params.max_lanterns: expected a whole number from 1 to 200",
    ),
    "adaptive-measures-forever": (
        HEAD + "adaptive: {enabled: true, measure_cycles: 100000}\n",
        3,
        43,
        "adaptive.measure_cycles: expected a whole number from 1 to 50",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_with_a_located_message(name: str, tmp_path: Path) -> None:
    text, line, col, message = REFUSED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    problems, code = validate_paths([str(path)])
    assert time.perf_counter() - started < 2.0
    assert code == 1
    errors = [p for p in problems if p.severity == "error"]
    assert errors, problems
    assert (errors[0].file, errors[0].line, errors[0].col) == (str(path), line, col), errors
    assert errors[0].message.startswith(message), errors[0].message
    for p in errors:  # any others (the file's second bad phase) are located too, never an internal error
        assert p.line >= 2 and "please report" not in p.message, p


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_play_refuses_it_too(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(REFUSED[name][0], encoding="utf-8")
    argv = ["--data-dir", str(tmp_path / "data"), "play", str(path), "--headless", "--input", "keyboard"]
    assert main(argv) == 2
    assert f"{path}:{REFUSED[name][1]}:{REFUSED[name][2]}: " in capsys.readouterr().err


def test_the_adaptive_bound_uses_the_adaptive_pacers_floor() -> None:
    from game.content import loader

    assert loader.ADAPTIVE_SLACK_S == adaptive.INHALE_FLOOR_S


# At the edges of the limits: accepted, and cheap to play.
EDGES = {
    "two-hours-of-one-second-breaths": HEAD
    + f"duration: {MAX_LEVEL_S}\npattern: {{inhale: {MIN_PHASE_S}, exhale: {MIN_PHASE_S}}}\ncalm: false\n"
    "safety: {caution: Very fast breathing. Stop if you feel dizzy.}\n",
    # Up to 2000 x (2 s + the adaptive slack of 1.5 s) = 117 minutes.
    "most-cycles-adaptive": HEAD + f"cycles: {MAX_CYCLES}\npattern: {{inhale: 1, exhale: 1}}\n"
    "adaptive: {enabled: true, measure_cycles: 50, step_s: 10}\nsafety: {max_breaths_per_minute: 30}\n",
    "most-cycles-ramped": HEAD + f"cycles: {MAX_CYCLES}\npattern:\n  inhale: 1\n  exhale: 2\n"
    f"  ramp:\n    - {{field: exhale, to: 1.5, over_cycles: {MAX_CYCLES}}}\ncalm: false\n",
    "longest-phases": HEAD
    + f"pattern: {{inhale: {MAX_PHASE_S}, hold_in: {MAX_PHASE_S}, exhale: {MAX_PHASE_S}, "
    f"hold_out: {MAX_PHASE_S}}}\ncycles: 30\nsafety: {{caution: Long holds.}}\n",
}


@pytest.mark.parametrize("name", sorted(EDGES))
def test_levels_at_the_limits_load(name: str) -> None:
    level, _ = load_level_text(EDGES[name], "edge.yaml")
    assert isinstance(level, Level), level.problems if isinstance(level, BrokenLevel) else ()
    pacer = Pacer(level)
    assert pacer.total_s <= MAX_LEVEL_S + 1e-6
    assert len(pacer.cycles) <= MAX_LEVEL_S  # at most one cycle a second, whatever the file says


_PLAY = textwrap.dedent(
    """
    import json, resource, sys, time
    from game.cli import main
    started = time.perf_counter()
    code = main(sys.argv[1:])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"code": code, "peak_mb": peak_mb, "seconds": time.perf_counter() - started}))
    """
)


def play_in_child(path: Path, data: Path, seconds: float | None = PLAY_S, *extra: str) -> dict[str, float]:
    """Play `path` headless in a fresh Python (a clean memory peak), following the pacer, for `seconds` of
    game time (None: to the results screen); returns the child's exit code, peak memory and wall time.

    At the smallest window, 640x400: what grows with the level's numbers is tested, not the picture, whose
    cost is the same whatever the file says (and at 640x400 the long texts have the least room)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    argv = ["--data-dir", str(data), "play", str(path), "--headless", "--input", "synthetic:calm"]
    argv += ["--size", "640x400"]
    argv += [*(["--seconds", str(seconds)] if seconds is not None else []), *extra]
    argv += ["--report", str(data / "report.json")]
    done = subprocess.run(
        [sys.executable, "-c", _PLAY, *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["code"] == 0, done.stderr[-2000:]
    return out


@pytest.mark.parametrize("name", sorted(EDGES))
def test_levels_at_the_limits_play_in_bounded_time_and_memory(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(EDGES[name], encoding="utf-8")
    out = play_in_child(path, tmp_path / "data")
    assert out["peak_mb"] < MEMORY_CAP_MB, out
    assert out["seconds"] < 15, out
    report = json.loads((tmp_path / "data" / "report.json").read_text(encoding="utf-8"))
    assert report["seconds"] == pytest.approx(PLAY_S, abs=0.1)
    if name != "longest-phases":  # a 60 s inhale: no breath can end within 5 s
        assert report["breaths"], "the calm breather followed the pacer for 5 s and breathed"


# Text (item 2): valid Unicode only, no control characters, a length limit per field.
TEXT_REFUSED = {
    # name: (file text, line, col, message)
    "lone-surrogate-title": (
        'id: hostile\ntitle: "a\\udfff"\n',
        2,
        8,
        "title: character 2 is a lone UTF-16 surrogate (U+DFFF), which isn't a character; remove it",
    ),
    "very-long-title": (
        "id: hostile\ntitle: " + "W" * 200_000 + "\n",
        2,
        8,
        "title: 200000 characters is too long; at most 60",
    ),
    "bell-in-the-intro": (
        HEAD + 'intro: "Breathe\\x07 in"\n',
        3,
        8,
        "intro: character 8 is a control character (U+0007); remove it",
    ),
    "direction-override-in-the-tip": (
        HEAD + 'tip: "safe\\u202eevil"\n',
        3,
        6,
        "tip: character 5 is an invisible text-direction control (U+202E); remove it",
    ),
    "line-break-in-the-title": (
        'id: hostile\ntitle: "two\\nlines"\n',
        2,
        8,
        "title: character 4 is a line break (U+000A); this text is one line; remove it",
    ),
    "intro-of-many-lines": (HEAD + 'intro: "' + "a\\n" * 30 + '"\n', 3, 8, "intro: 30 lines is too many"),
    "long-label": (
        HEAD + "goals:\n  - {kind: steady, at_least: 0.5, label: " + "x" * 500 + "}\n",
        4,
        42,
        "goals[1].label: 500 characters is too long; at most 80",
    ),
    "long-caution": (
        HEAD + "safety: {caution: " + "Careful. " * 100 + "}\n",
        3,
        19,
        "safety.caution: 899 characters is too long; at most 300",
    ),
    "surrogate-in-a-scene-setting": (
        HEAD + 'scene_params: {wind: 0.2, note: "x\\udc80"}\n',
        3,
        33,
        "scene_params.note: character 2 is a lone UTF-16 surrogate (U+DC80)",
    ),
    "long-id": ("id: " + "a" * 100 + "\ntitle: T\n", 1, 5, "id: 100 characters is too long; at most 64"),
}


@pytest.mark.parametrize("name", sorted(TEXT_REFUSED))
def test_text_that_is_not_fit_to_show_is_refused_where_it_is(name: str, tmp_path: Path) -> None:
    text, line, col, message = TEXT_REFUSED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    problems, code = validate_paths([str(path)])
    assert code == 1
    assert [(p.line, p.col) for p in problems] == [(line, col)], problems
    assert problems[0].message.startswith(message), problems[0].message


def test_messages_quoting_bad_text_print_on_a_strict_terminal(tmp_path: Path) -> None:
    """A key holding a lone surrogate is quoted in its message as an escape, so `validate` can print it."""
    from game.content.schema import validate_command

    path = tmp_path / "x.yaml"
    path.write_text(HEAD + '"k\\udfff\\u0007": 1\n', encoding="utf-8")
    out, err = io.BytesIO(), io.BytesIO()
    strict_out = io.TextIOWrapper(out, encoding="utf-8", errors="strict")
    strict_err = io.TextIOWrapper(err, encoding="utf-8", errors="strict")
    assert validate_command([str(path)], strict=False, out=strict_out, err=strict_err) == 1
    strict_out.flush()
    assert "unknown key 'k\\udfff\\x07'" in out.getvalue().decode("utf-8")


TEXT_AT_THE_LIMITS = (
    "id: "
    + "a" * 64
    + "\ntitle: "
    + "W" * 60
    + "\nintro: "
    + json.dumps("\n".join(["M" * 59] * 10))
    + "\ntip: "
    + "W" * 600
    + "\nsafety: {caution: "
    + "C" * 300
    + "}\ngoals:\n"
    + "".join(f"  - {{kind: steady, at_least: 0.{i}, label: {'L' * 80}}}\n" for i in range(1, 4))
    + "cycles: 3\n"
)


def test_the_longest_texts_load() -> None:
    level, _ = load_level_text(TEXT_AT_THE_LIMITS, "x.yaml")
    assert isinstance(level, Level), level.problems if isinstance(level, BrokenLevel) else ()
    assert (len(level.title), len(level.intro), len(level.tip), len(level.safety.caution)) == (
        60,
        599,
        600,
        300,
    )
    assert [len(g.label) for g in level.goals] == [80, 80, 80]


def test_the_longest_texts_play_in_bounded_time_and_memory(tmp_path: Path) -> None:
    """Played to the end and drawn: the title over the play, the tip and the goals' labels on the results."""
    path = tmp_path / "long-texts.yaml"
    path.write_text(TEXT_AT_THE_LIMITS, encoding="utf-8")
    shots = tmp_path / "shots"
    out = play_in_child(path, tmp_path / "data", None, "--screenshots", str(shots))
    assert out["peak_mb"] < MEMORY_CAP_MB, out
    assert out["seconds"] < 20, out
    assert (shots / "results.png").is_file() and list(shots.glob("play-*.png"))
    report = json.loads((tmp_path / "data" / "report.json").read_text(encoding="utf-8"))
    assert report["complete"] and report["title"] == "W" * 60
