"""What `validate` passes, `play` survives (issue 15, item 3), on hostile files from tests/level_gen.py.

Every file is refused with located problems (never an internal error), or it loads and plays headless for
5 s of game time within 2 s and without the process's peak memory growing by 300 MB. CI runs a small count
(FUZZ_LEVEL_EXAMPLES, default 300 files, a dozen or so of them played); tests/bench/fuzz_levels.py runs
10,000+ with each play in a fresh process and its own memory peak.
"""

from __future__ import annotations

import json
import os
import resource
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from level_gen import hostile_level

from game.cli import main
from game.content.loader import load_level_text
from game.content.model import BrokenLevel

PLAY_S = 5.0
MAX_PLAY_WALL_S = 2.0
MAX_GROWTH_MB = 300
EXAMPLES = int(os.environ.get("FUZZ_LEVEL_EXAMPLES", "300"))


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
    path = folder / "fuzz-level.json"
    path.write_text(text, encoding="utf-8")
    report = folder / "report.json"
    before, started = _peak_mb(), time.perf_counter()
    argv = ["--data-dir", str(folder / "data"), "play", str(path), "--headless", "--input", "synthetic:calm"]
    assert main([*argv, "--seconds", str(PLAY_S), "--report", str(report)]) == 0, seed
    took = time.perf_counter() - started
    assert took < MAX_PLAY_WALL_S, (seed, took)
    assert _peak_mb() - before < MAX_GROWTH_MB, seed
    out = json.loads(report.read_text(encoding="utf-8"))
    assert out["seconds"] <= PLAY_S + 0.1
