"""Warnings reach the designer while playing (issue 12, item 6): `play FILE` and `--watch` show the level's
warnings in a box, Enter hides it, "+N more" when they do not fit; the --watch error box says it too."""

from __future__ import annotations

import os

import pygame
import pytest

from game.app import App
from game.cli import main
from game.content.watch import FileWatch
from game.records.catalog import Catalog
from game.records.storage import Store
from game.render.play_overlays import ERRORS_HEADING, WARNINGS_HEADING, draw_problem_box
from game.render.text import Fonts, recording_text
from game.scenes.base import Push
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S
from game.window.input import Command

WARNED = """id: warned
title: Warned
pattern: {inhale: 4, exhale: 6, hold_out: 12}
cycles: 3
goals:
  - {kind: average_exhale, seconds: 6, label: Exhales of 7 s}
"""


@pytest.fixture
def app(tmp_path):
    a = App(store=Store(tmp_path / "data"), catalog=Catalog.load(), headless=True, size=(1280, 720))
    yield a
    a.close()


def bump(path, text):
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def drawn_texts(app) -> list[str]:
    with recording_text(on=app.screen) as drawn:
        app.draw()
    return [text for text, _ in drawn]


def start(app, tmp_path, text=WARNED, *, watched=True) -> tuple[PlayScene, object]:
    path = tmp_path / "warned.yaml"
    path.write_text(text, encoding="utf-8")
    watch = FileWatch(path)
    level, warnings = watch.reload()
    assert level is not None
    scene = PlayScene(
        app, level, show_intro=False, watch=watch if watched else None, warnings=[str(w) for w in warnings]
    )
    app.running = True
    app.apply(Push(scene))
    return scene, path


def steps(app, n):
    for _ in range(n):
        app.apply(app.stack[-1].update(STEP_S))


def test_play_file_shows_the_warnings_until_enter(app, tmp_path) -> None:
    scene, _ = start(app, tmp_path, watched=False)
    steps(app, 5)
    texts = drawn_texts(app)
    assert WARNINGS_HEADING in texts and "Enter: hide" in texts
    assert any("warned.yaml:3:" in t and "hold_out" in t for t in texts)  # wrapped: the first line of it
    assert any("the label says 7" in t for t in texts) or len(scene.warnings) == 2
    assert app.stack[-1].handle(Command.CONFIRM) is None
    t = scene.session.t
    steps(app, 5)
    assert WARNINGS_HEADING not in drawn_texts(app)
    assert scene.session.t > t, "Enter hid the box; the play went on"
    # R restarts with the box still hidden.
    app.apply(scene.handle(Command.RESTART))
    steps(app, 2)
    assert app.stack[-1] is not scene and WARNINGS_HEADING not in drawn_texts(app)


def test_watch_shows_a_good_saves_warnings_and_a_broken_saves_errors(app, tmp_path) -> None:
    scene, path = start(
        app, tmp_path, text=WARNED.replace("hold_out: 12", "hold_out: 0").replace("of 7 s", "of 6 s")
    )
    steps(app, 5)
    assert scene.warnings == [] and WARNINGS_HEADING not in drawn_texts(app)
    bump(path, WARNED)
    steps(app, 40)
    top = app.stack[-1]
    assert isinstance(top, PlayScene) and top is not scene and len(top.warnings) == 2
    assert WARNINGS_HEADING in drawn_texts(app)
    top.handle(Command.CONFIRM)
    bump(path, WARNED.replace("cycles: 3", "cycles: lots"))
    steps(app, 40)
    assert app.stack[-1] is top and top.watch_problems
    texts = drawn_texts(app)
    assert ERRORS_HEADING in texts and WARNINGS_HEADING in texts, "a broken save shows both boxes again"


def test_more_problems_than_fit_say_how_many_more() -> None:
    pygame.init()
    fonts = Fonts()
    surface = pygame.Surface((800, 500))
    from game.render.palette import PALETTES

    pal = next(iter(PALETTES.values()))
    problems = [f"x.yaml:{i}:1: warning: problem number {i} in a long line of words" for i in range(1, 31)]
    with recording_text(on=surface) as drawn:
        box = draw_problem_box(
            surface, problems, pal, fonts, heading="Problems:", colour=pal.text, hint="Enter: hide"
        )
    texts = [t for t, _ in drawn]
    shown = [t for t in texts if t.startswith("x.yaml:")]
    assert 1 <= len(shown) < 30
    assert f"+{30 - len(shown)} more (exhale validate shows them all)" in texts
    assert surface.get_rect().contains(box) and box.bottom <= 500 - 110, "the box keeps above the trace"
    for _, rect in drawn:
        assert box.contains(rect)
    # A few problems: all of them, no "+N more".
    with recording_text(on=surface) as drawn:
        draw_problem_box(surface, problems[:2], pal, fonts, heading="Problems:", colour=pal.text)
    assert not any("more" in t for t, _ in drawn)


def test_play_file_hands_the_files_warnings_to_the_window(tmp_path, monkeypatch) -> None:
    import game.cli.play as play_cli

    path = tmp_path / "warned.yaml"
    path.write_text(WARNED, encoding="utf-8")
    seen = {}

    def fake_window(*args, **kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(play_cli, "run_window", fake_window)
    assert main(["--data-dir", str(tmp_path), "play", str(path), "--input", "keyboard"]) == 0
    assert len(seen["warnings"]) == 2 and all("warned.yaml" in w for w in seen["warnings"])


def test_the_headless_report_carries_the_warnings(tmp_path) -> None:
    import json

    path = tmp_path / "warned.yaml"
    path.write_text(WARNED, encoding="utf-8")
    report = tmp_path / "r.json"
    args = ["--data-dir", str(tmp_path), "play", str(path), "--headless", "--input", "synthetic:calm"]
    # Five seconds at the smallest window: the file's warnings are in the report from the start, however
    # long the play, and the picture is not what is tested.
    assert main([*args, "--seconds", "5", "--size", "640x400", "--report", str(report)]) == 0
    assert len(json.loads(report.read_text())["warnings"]) == 2
