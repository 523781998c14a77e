"""Designer tools: hot reload of a watched level file, and the synthetic difficulty preview."""

from __future__ import annotations

import json
import os

import pytest

from breath_input.responsive import ALL_BREATHERS
from game.app import App
from game.cli import main
from game.content.watch import FileWatch
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import Push
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S

LEVEL = """id: my-level
title: My level
pattern: {inhale: 4, exhale: 6}
cycles: 3
"""


def bump(path, text):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a save a second later


@pytest.fixture
def app(tmp_path):
    a = App(store=Store(tmp_path / "data"), catalog=Catalog.load(), headless=True)
    yield a
    a.close()


def run_steps(app, n):
    for _ in range(n):
        app.apply(app.stack[-1].update(STEP_S))
    app.draw()


def start_watched(tmp_path, app):
    """A level file on disk, played with --watch: (path, watch, play scene)."""
    path = tmp_path / "my-level.yaml"
    path.write_text(LEVEL, encoding="utf-8")
    watch = FileWatch(path)
    level, _ = watch.reload()
    play = PlayScene(app, level, show_intro=False, watch=watch)
    app.running = True
    app.apply(Push(play))
    return path, watch, play


def test_saving_a_good_file_restarts_with_the_new_level(tmp_path, app):
    path, watch, play = start_watched(tmp_path, app)
    run_steps(app, 60)
    bump(path, LEVEL.replace("exhale: 6", "exhale: 8").replace("My level", "My longer level"))
    run_steps(app, 40)
    top = app.stack[-1]
    assert isinstance(top, PlayScene) and top is not play
    assert top.level.title == "My longer level" and top.level.pattern.exhale_s == 8
    assert top.watch is watch


def test_saving_a_broken_file_shows_the_problem_and_keeps_playing(tmp_path, app):
    path, watch, play = start_watched(tmp_path, app)
    run_steps(app, 30)
    bump(path, LEVEL.replace("exhale: 6", "exhail: 6"))
    run_steps(app, 40)
    assert app.stack[-1] is play, "a broken save must not stop the level"
    assert (
        play.watch_problems
        and "exhail" in play.watch_problems[0]
        and "my-level.yaml:3:" in play.watch_problems[0]
    )
    t_before = play.session.t
    run_steps(app, 30)
    assert play.session.t > t_before
    bump(path, LEVEL)
    run_steps(app, 40)
    assert app.stack[-1] is not play and not app.stack[-1].watch_problems


def test_watch_needs_a_file(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "play", "first-breaths", "--watch"]) == 2
    assert "--watch needs a level file" in capsys.readouterr().err


def test_simulate_calm_outscores_erratic_on_every_shipped_level(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "simulate", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_level: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_level.setdefault(row["level"], {})[row["breather"]] = row
    assert len(by_level) >= 8
    for level_id, result in by_level.items():
        assert set(result) == set(ALL_BREATHERS)  # the four fixed kinds and the three that respond
        assert result["calm"]["score"] > result["erratic"]["score"], level_id
        assert result["calm"]["stars"] > result["erratic"]["stars"], level_id
        assert result["calm"]["stars"] >= 2, f"{level_id}: a player following the guide should earn stars"


def test_simulate_one_file_readable_output(tmp_path, capsys):
    path = tmp_path / "my-level.yaml"
    path.write_text(LEVEL + "goals:\n  - {kind: average_exhale, seconds: 5}\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path), "simulate", str(path), "--breather", "calm"]) == 0
    out = capsys.readouterr().out
    assert "my-level" in out and "calm" in out and "*.." in out
