"""Replays and the ghost: a session recorded tick by tick plays out again exactly, and becomes the ghost."""

from __future__ import annotations

import json
import shutil

import pytest

from breath_input.types import BreathReading, Phase
from game.cli import main
from game.records.replay import Recording, ReplayError, best_run_path

LEVEL = """id: replay-test
title: Replay test
pattern: {inhale: 3, exhale: 4}
cycles: 3
goals:
  - {kind: long_exhales, seconds: 3, count: 2}
"""


def play(tmp_path, level, spec, name):
    """`exhale play --headless`, not drawn: the report and the kept run are tested, not the picture (the
    same report either way, tests/test_no_draw.py), and drawing was most of a play's time."""
    report = tmp_path / f"{name}.json"
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path / "data"),
                "play",
                str(level),
                "--headless",
                "--input",
                spec,
                "--report",
                str(report),
                "--no-draw",
            ]
        )
        == 0
    )
    return json.loads(report.read_text())


@pytest.fixture(scope="module")
def _good_run(tmp_path_factory):
    """One good first run of the level, played once for the module: (its folder, its report). Tests only
    read it: each starts from its own copy (good_run)."""
    folder = tmp_path_factory.mktemp("good-run")
    level = folder / "replay-test.yaml"
    level.write_text(LEVEL, encoding="utf-8")
    keys = folder / "keys.txt"
    keys.write_text("3.2 6.9\n10.3 13.8\n17.1 20.9\n", encoding="utf-8")
    return folder, play(folder, level, f"keys:{keys}", "first")


@pytest.fixture
def good_run(_good_run, tmp_path):
    """tmp_path holding a copy of the module's good first run (the level, its data folder): its report."""
    folder, report = _good_run
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    return report


def test_best_run_is_kept_and_replays_to_the_same_breaths(tmp_path, good_run):
    level = tmp_path / "replay-test.yaml"
    first = good_run
    best = best_run_path(tmp_path / "data", "replay-test")
    assert best.is_file(), "a first finished run is the best so far"
    again = play(tmp_path, level, f"replay:{best}", "again")
    assert again["source"].startswith("replay:")
    assert [b["start_s"] for b in again["breaths"]] == [b["start_s"] for b in first["breaths"]]
    assert [b["exhale_s"] for b in again["breaths"]] == [b["exhale_s"] for b in first["breaths"]]
    assert again["stars"] == first["stars"] and again["score"] == first["score"]
    text = best.read_text()
    assert "audio" not in text.lower() and len(text.splitlines()) >= 60 * 21  # a header and one line per step


def test_a_worse_run_does_not_replace_the_best(tmp_path, good_run):
    level = tmp_path / "replay-test.yaml"
    poor = tmp_path / "poor.txt"
    poor.write_text("3.2 4.0\n", encoding="utf-8")
    best = best_run_path(tmp_path / "data", "replay-test")
    kept = best.read_text()
    play(tmp_path, level, f"keys:{poor}", "poor")
    assert best.read_text() == kept


def test_the_ghost_is_drawn_from_the_best_run(tmp_path):
    from game.app import App
    from game.content.loader import load_level
    from game.records.catalog import Catalog
    from game.records.storage import Store
    from game.scenes.base import Push
    from game.scenes.play import PlayScene
    from game.sim.loop import STEP_S

    level_path = tmp_path / "replay-test.yaml"
    level_path.write_text(LEVEL, encoding="utf-8")
    level, _ = load_level(str(level_path))
    rec = Recording("replay-test")
    for i in range(60 * 22):
        t = i * STEP_S
        exhaling = 3.0 <= t % 7 < 7.0
        rec.add(BreathReading(t, Phase.EXHALE if exhaling else Phase.INHALE, 0.7 if exhaling else 0.0, 1.0))
    rec.save(best_run_path(tmp_path, "replay-test"))
    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    try:
        play_scene = PlayScene(app, level, show_intro=False)
        assert play_scene.ghost is not None
        app.running = True
        app.apply(Push(play_scene))
        for _ in range(60 * 9):
            app.apply(play_scene.update(STEP_S))
        flows = [f for _, f in play_scene.ghost.trace]
        assert max(flows) > 0.5 and min(flows) < 0.05, "the ghost breathes out and in"
        app.settings.ghost = False
        assert PlayScene(app, level, show_intro=False).ghost is None, "the setting turns it off"
    finally:
        app.close()


def test_damaged_recordings_name_the_file_and_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"format": "exhale-replay", "version": 1}\n0.0 e 0.5 1.0\n0.016 x 0.5\n', encoding="utf-8"
    )
    with pytest.raises(ReplayError, match=r"r.jsonl:3"):
        Recording.load(path)
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(ReplayError, match="not an Exhale recording"):
        Recording.load(path)
    assert (
        main(
            ["--data-dir", str(tmp_path), "play", "first-breaths", "--headless", "--input", f"replay:{path}"]
        )
        == 2
    )
