"""What `validate` passes, `play` survives (issue 15, item 3), on hostile files from tests/level_gen.py.

Every file is refused with located problems (never an internal error), or it loads and plays headless for
5 s of game time within 2 s and without the process's peak memory growing by 300 MB. A local run checks
FUZZ_LEVEL_EXAMPLES files (default 300, a dozen or so of them played); CI sets 2,000 (.ci/run);
tests/bench/fuzz_levels.py runs 10,000+ with each play in a fresh process and its own memory peak.

The plays are nearly all the time, so each one is the headless play `exhale play FILE --headless` runs
(`play_headless`, the level as `validate` loaded it) at 640x400, one of the window sizes the game lays out
for, with the shipped catalog loaded once: about half the time of a 1280x720 play through the command line.
"""

from __future__ import annotations

import json
import os
import resource
import time
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from level_gen import hostile_level

from game.content.loader import load_level_text
from game.content.model import BrokenLevel
from game.inputs.play_inputs import source_builder
from game.records.catalog import Catalog
from game.records.storage import Store
from game.window.headless import play_headless

PLAY_S = 5.0
# CPU seconds, not wall: another process loading the machine must not fail a level that plays fine.
MAX_PLAY_CPU_S = 2.0
MAX_GROWTH_MB = 300
EXAMPLES = int(os.environ.get("FUZZ_LEVEL_EXAMPLES", "300"))
PLAY_SIZE = (640, 400)
INPUT = "synthetic:calm"


@cache
def _catalog(empty_dir: Path) -> Catalog:
    return Catalog.load([], user_dir=empty_dir)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 2**32 - 1))
def test_validate_refuses_with_a_place_or_play_survives(seed: int, tmp_path_factory) -> None:
    text = hostile_level(seed)
    level, warnings = load_level_text(text, "fuzz.json")
    if isinstance(level, BrokenLevel):
        assert level.problems
        for p in (*level.problems, *warnings):
            assert p.line >= 1 and p.col >= 1 and p.message, p
            assert "please report" not in p.message, (seed, str(p))
            str(p).encode("utf-8")  # printable anywhere
        return
    folder = tmp_path_factory.mktemp("fuzz")
    report = folder / "report.json"
    catalog = _catalog(tmp_path_factory.getbasetemp() / "no-user-levels")
    before, started = _peak_mb(), time.process_time()
    play_headless(
        level,
        store=Store(folder / "data"),
        catalog=catalog,
        factory=source_builder(INPUT),
        input_spec=INPUT,
        seconds=PLAY_S,
        report=report,
        size=PLAY_SIZE,
    )
    took = time.process_time() - started
    assert took < MAX_PLAY_CPU_S, (seed, took)
    assert _peak_mb() - before < MAX_GROWTH_MB, seed
    out = json.loads(report.read_text(encoding="utf-8"))
    assert out["seconds"] <= PLAY_S + 0.1
