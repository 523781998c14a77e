"""The frame benchmark's --profile parts still find the game functions they time (they name them)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "bench" / "bench_frames.py"


@pytest.fixture(scope="module")
def bench():
    """tests/bench/bench_frames.py as a module (it puts its folder on sys.path; undone after)."""
    path = list(sys.path)
    spec = importlib.util.spec_from_file_location("bench_frames", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.path[:] = path
    sys.modules.pop("_common", None)


def test_breakdown_times_every_part_of_the_play_screen(bench, capsys) -> None:
    bench.breakdown(2, warm_s=0.5)
    out = capsys.readouterr().out
    for part in ("painter.draw (scene)", "lake._draw_boat", "draw_pacer", "trace_layer.draw", "draw_hud"):
        assert part in out, part


def test_profile_runs(bench, capsys) -> None:
    pytest.importorskip("pyinstrument")
    bench.profile(2, warm_s=0.5)
    out = capsys.readouterr().out
    assert "## Profile: play lengthen-exhale (lake)" in out and "## Profile: results" in out
