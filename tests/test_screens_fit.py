"""Every screen fits every window from 640x400 up (issue 14, item 3): each screen is drawn at 640x400,
800x500, 1280x720 and 1920x1080 and no line of text leaves the window or overlaps another
(text.recording_text).
Golden images of key frames (tests/golden/, small PNGs: menu screens, and each play scene early and grown)
catch a picture that moves without a test noticing; EXHALE_UPDATE_GOLDEN=1 rewrites them, and a failure
writes a side-by-side diff to a temp folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pygame
import pytest

from breath_input.sources import KeyScriptSource
from game.app import App
from game.content.breathe_now import Practice
from game.content.model import SCENES
from game.records.catalog import Catalog
from game.records.history import record_from_session
from game.records.storage import Store
from game.render.text import recording_text
from game.scenes.base import Pop
from game.scenes.breathe_now import BreatheNowScene
from game.scenes.calibrate import CalibrationScene
from game.scenes.checkin import CheckinResultScene, CheckinScene
from game.scenes.feeling import FeelingScene
from game.scenes.history import HistoryScene
from game.scenes.level_select import LevelSelectScene
from game.scenes.pause import PauseScene
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene
from game.scenes.settings import SettingsScene
from game.scenes.title import TitleScene
from game.sim.checkin import CheckinResult
from game.sim.loop import STEP_S
from game.sim.session import PlaySession

SIZES = [(640, 400), (800, 500), (1280, 720), (1920, 1080)]
GOLDEN = Path(__file__).parent / "golden"
GOLDEN_SCALE = 4  # images kept at a quarter of the window: small files, and a pixel's jitter averages out
TOLERANCE = 6.0  # mean absolute difference per channel (0..255) allowed against the golden image


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    a = App(store=Store(tmp_path_factory.mktemp("store")), catalog=Catalog.load(), headless=True)
    a.running = True
    a.inputs.build = lambda inputs, pacer: KeyScriptSource([(3.3 + 10 * i, 9.0 + 10 * i) for i in range(40)])
    level = a.catalog.campaign.levels[2]
    session = PlaySession(level)
    src = KeyScriptSource([(3.3 + 10 * i, 9.0 + 10 * i) for i in range(40)])
    while not session.finished:
        session.step(STEP_S, src)
    a.played = (level, session)  # type: ignore[attr-defined]
    for _ in range(3):
        a.history.append(
            record_from_session(
                session, started_at="2026-12-01T20:00:00+00:00", complete=True, source="keyboard"
            )
        )
    yield a
    a.close()


def sized(app: App, size: tuple[int, int]) -> App:
    app.screen = pygame.Surface(size)
    return app


def overlaps(rects: list[tuple[str, pygame.Rect]]) -> list[str]:
    found = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            shadow = a == b and abs(ra.x - rb.x) <= 3 and abs(ra.y - rb.y) <= 3  # a line and its shadow
            if ra.colliderect(rb) and not shadow:
                found.append(f"{a!r} {ra} overlaps {b!r} {rb}")
    return found


def check(app: App, draw) -> list[tuple[str, pygame.Rect]]:
    with recording_text(on=app.screen) as drawn:
        draw(app.screen)
    window = app.screen.get_rect()
    outside = [f"{t!r} {r}" for t, r in drawn if not window.contains(r)]
    assert not outside, outside
    assert not overlaps(drawn), overlaps(drawn)
    return drawn


def play_scene(app: App, level, *, steps: float, intro: bool = False, focus: bool = False) -> PlayScene:
    play = PlayScene(app, level, show_intro=intro, focus=focus)
    play.play._mic_check = False
    play.enter()
    for _ in range(round(steps / STEP_S)):
        play.update(STEP_S)
    return play


SCREENS = [
    "title",
    "levels",
    "intro",
    "pause",
    "settings",
    "results",
    "history",
    "checkin",
    "checkin-card",
    "calibration",
    "breathe-now",
    "focus",
    "history-checkins",
    "feeling-before",
    "feeling-after",
]

# Check-ins a few minutes either side of the fixture's sessions: the resting-rate chart and the rate line.
CHECKINS = [
    {"date": "2026-11-30T08:00:00+00:00", "seconds": 60, "breaths_per_minute": 13.0, "heard_enough": True},
    {"date": "2026-12-01T19:55:00+00:00", "seconds": 60, "breaths_per_minute": 15.5, "heard_enough": True},
    {"date": "2026-12-01T20:20:00+00:00", "seconds": 60, "breaths_per_minute": 10.5, "heard_enough": True},
]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_fits(app, size, screen, monkeypatch):
    app = sized(app, size)
    level, session = app.played  # type: ignore[attr-defined]
    if screen == "title":
        app.notices.append("No microphone in use: playing with SPACE.")
        try:
            words = check(app, TitleScene(app).draw)
        finally:
            app.notices.pop()
        assert any(t.startswith("N  breathe now") for t, _ in words)
    elif screen == "levels":
        check(app, LevelSelectScene(app).draw)
    elif screen == "intro":
        for lv in app.catalog.campaign.levels:
            words = check(app, play_scene(app, lv, steps=0.5, intro=True).draw)
            titles = [r for t, r in words if t == lv.title]
            assert titles, f"{lv.id}: the title is covered or missing"
    elif screen == "pause":
        play = play_scene(app, level, steps=8)
        pause = PauseScene(app, play)
        app.stack[:] = [play, pause]
        try:
            play.draw(app.screen)  # under the pause's shade; the menu's own words must fit and keep apart
            check(app, pause.draw)
        finally:
            app.stack.clear()
    elif screen == "settings":
        check(app, SettingsScene(app).draw)
    elif screen == "results":
        check(app, ResultsScene(app, level, session).draw)
        check(app, ResultsScene(app, Practice(minutes=1).level(), session).draw)
    elif screen == "history":
        check(app, HistoryScene(app).draw)
    elif screen == "checkin":
        scene = CheckinScene(app)
        for _ in range(round(5 / STEP_S)):
            scene.update(STEP_S)
        check(app, scene.draw)
    elif screen == "checkin-card":
        result = CheckinResult(60.0, 11.5, 1.4, 0.8, 11, 0.9, "breaths")
        check(app, CheckinResultScene(app, result, input_name="keyboard").draw)
    elif screen == "calibration":
        check(app, CalibrationScene(app, first_time=True).draw)
    elif screen == "breathe-now":
        scene = BreatheNowScene(app)
        check(app, scene.draw)
        scene.practice = Practice(pattern=scene.patterns[0])
        while scene.practice.pattern.name != "Your own":  # its four extra rows: the longest list
            scene.practice = scene._pattern_row(scene.practice, 1)
        check(app, scene.draw)
    elif screen == "focus":
        check(app, play_scene(app, Practice(minutes=1, focus=True).level(), steps=8, focus=True).draw)
    elif screen == "history-checkins":
        monkeypatch.setattr(app.store, "checkins", lambda: CHECKINS)
        scene = HistoryScene(app)
        assert scene.shift_lines and len(scene.checkin_days) == 2  # the line and the chart are drawn
        check(app, scene.draw)
    elif screen == "feeling-before":
        play = play_scene(app, level, steps=0.5, intro=True)
        play.draw(app.screen)  # under the prompt's shade
        check(app, FeelingScene(app, "before", on_answer=lambda v: None, then=Pop()).draw)
    elif screen == "feeling-after":
        results = ResultsScene(app, level, session)
        check(app, FeelingScene(app, "after", on_answer=lambda v: None, then=Pop(), backdrop=results).draw)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", SCENES)
def test_play_with_each_scene_fits(app, size, scene):
    app = sized(app, size)
    level = Practice(minutes=1, scene=scene).level()
    play = play_scene(app, level, steps=16)  # mid-exhale, a breath counted: every HUD line shows
    words = check(app, play.draw)
    texts = [t for t, _ in words]
    assert any(t.startswith("last exhale") for t in texts) and "you" in texts


# -- golden images -------------------------------------------------------------------------------------------


def golden_frames(app: App):
    """Each screen's key frame, and each play scene early in a play and once it has earned something."""
    level, session = app.played  # type: ignore[attr-defined]
    yield "title-800x500", (800, 500), TitleScene(app).draw
    yield "levels-800x500", (800, 500), LevelSelectScene(app).draw
    yield "settings-800x500", (800, 500), SettingsScene(app).draw
    yield "history-800x500", (800, 500), HistoryScene(app).draw
    yield "play-640x400", (640, 400), play_scene(app, level, steps=12).draw
    for scene in SCENES:
        practice = Practice(minutes=1, scene=scene).level()
        yield f"play-{scene}-early-640x400", (640, 400), play_scene(app, practice, steps=6).draw
        yield f"play-{scene}-grown-640x400", (640, 400), play_scene(app, practice, steps=45).draw
    yield "results-1280x720", (1280, 720), ResultsScene(app, level, session).draw


def _small(surface: pygame.Surface) -> pygame.Surface:
    w, h = surface.get_size()
    return pygame.transform.smoothscale(surface, (w // GOLDEN_SCALE, h // GOLDEN_SCALE))


def test_key_frames_match_their_golden_images(app):
    update = os.environ.get("EXHALE_UPDATE_GOLDEN") == "1"
    failures = []
    for name, size, draw in golden_frames(sized(app, (800, 500))):
        sized(app, size)
        draw(app.screen)
        got = _small(app.screen)
        path = GOLDEN / f"{name}.png"
        if update:
            GOLDEN.mkdir(exist_ok=True)
            pygame.image.save(got, str(path))
            continue
        if not path.exists():
            failures.append(f"{name}: no golden image (EXHALE_UPDATE_GOLDEN=1 writes it: look, then commit)")
            continue
        want = pygame.image.load(str(path))
        a = pygame.surfarray.array3d(got).astype(int)
        b = pygame.surfarray.array3d(want).astype(int)
        diff = float(np.abs(a - b).mean()) if a.shape == b.shape else 255.0
        if diff > TOLERANCE:
            out = Path(tempfile.mkdtemp(prefix="exhale-golden-")) / f"{name}-diff.png"
            side = pygame.Surface((got.get_width() * 3, got.get_height()))
            side.blit(want, (0, 0))
            side.blit(got, (got.get_width(), 0))
            if a.shape == b.shape:
                side.blit(
                    pygame.surfarray.make_surface(np.abs(a - b).astype(np.uint8) * 4),
                    (2 * got.get_width(), 0),
                )
            pygame.image.save(side, str(out))
            failures.append(f"{name}: mean difference {diff:.1f} > {TOLERANCE}; golden | now | diff in {out}")
    assert not failures, failures
