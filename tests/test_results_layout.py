"""The results read at a glance (issue 14, item 6): every chart colour has a legend, the pace is drawn
breath by breath on short levels, and no text leaves the window or runs over other text, at 800x500 and
1280x720, for calm, frantic and breathless plays."""

from __future__ import annotations

import pygame
import pytest

from breath_input.types import BreathReading, Phase
from game.app import App
from game.content.model import Level
from game.records.catalog import Catalog
from game.records.storage import Store
from game.render import charts
from game.render.palette import get_palette
from game.render.text import Fonts, recording_text
from game.scenes import results as results_mod
from game.scenes.results import ResultsScene
from game.sim.loop import STEP_S
from game.sim.session import PlaySession

SIZES = [(640, 400), (800, 500), (1280, 720), (1920, 1080)]
PLAYS = ["follow", "frantic", "none"]


class Player:
    """A breath that follows the session's guide ("follow"), hurries ("frantic": 0.8 s out every 2 s)
    or never comes ("none")."""

    name = "test player"

    def __init__(self, session: PlaySession, how: str) -> None:
        self.session, self.how = session, how

    def read(self, t: float) -> BreathReading:
        if self.how == "follow":
            out = self.session.pacer_state.phase == "exhale"
        elif self.how == "frantic":
            out = t % 2.0 < 0.8
        else:
            return BreathReading(t=t, phase=Phase.PAUSE, flow=0.0, confidence=1.0)
        return BreathReading(
            t=t, phase=Phase.EXHALE if out else Phase.INHALE, flow=0.7 if out else 0.0, confidence=1.0
        )


def played(level: Level, how: str) -> PlaySession:
    session = PlaySession(level)
    player = Player(session, how)
    while not session.finished:
        session.step(STEP_S, player)  # type: ignore[arg-type]  # read() is all a session asks of a source
    return session


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """One headless App; each test draws on its own surface of the size it asks for (the App's window is
    one display, resized by every App made, so sizes are tested on plain surfaces)."""
    app = App(store=Store(tmp_path_factory.mktemp("store")), catalog=Catalog.load(), headless=True)

    def get(size: tuple[int, int]) -> App:
        app.screen = pygame.Surface(size)
        return app

    yield get
    app.close()


@pytest.fixture(scope="module")
def sessions():
    cache: dict[tuple[str, str], tuple[Level, PlaySession]] = {}

    def get(level_id: str, how: str) -> tuple[Level, PlaySession]:
        if (level_id, how) not in cache:
            level = next(lv for lv in Catalog.load().campaign.levels if lv.id == level_id)
            cache[(level_id, how)] = (level, played(level, how))
        return cache[(level_id, how)]

    return get


def overlaps(rects: list[tuple[str, pygame.Rect]]) -> list[str]:
    found = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if ra.colliderect(rb):
                found.append(f"{a!r} {ra} overlaps {b!r} {rb}")
    return found


@pytest.mark.parametrize("how", PLAYS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("level_id", ["first-breaths", "resonance"])
def test_results_text_fits_the_window_and_never_overlaps(apps, sessions, level_id, size, how):
    app = apps(size)
    level, session = sessions(level_id, how)
    scene = ResultsScene(app, level, session)
    with recording_text() as drawn:
        scene.draw(app.screen)
    window = app.screen.get_rect()
    assert drawn
    outside = [f"{t!r} {r}" for t, r in drawn if not window.contains(r)]
    assert not outside, outside
    assert not overlaps(drawn)
    texts = [t for t, _ in drawn]
    assert any(t.startswith("Enter:") for t in texts)  # the keys line always shows
    assert level.title in texts


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("palette", ["calm", "high_contrast"])
def test_large_text_and_high_contrast_fit_too(apps, sessions, size, palette):
    app = apps(size)
    level, session = sessions("four-seven-eight", "follow")
    try:
        app.fonts, app.palette = Fonts(1.25), get_palette(palette)  # the Large text setting
        with recording_text() as drawn:
            ResultsScene(app, level, session).draw(app.screen)
    finally:
        app.fonts, app.palette = Fonts(1.0), get_palette("calm")
    window = app.screen.get_rect()
    assert not [t for t, r in drawn if not window.contains(r)]
    assert not overlaps(drawn)


def test_the_guide_stays_apart_from_the_breath_in_every_palette():
    for name in ("calm", "high_contrast", "colour_blind"):
        pal = get_palette(name)
        assert charts.guide_colour(pal) not in (pal.exhale, pal.accent), name


def test_every_chart_colour_is_named_in_a_legend(apps, sessions):
    app = apps((1280, 720))
    level, session = sessions("steady-rhythm", "follow")
    with recording_text() as drawn:
        ResultsScene(app, level, session).draw(app.screen)
    texts = {t for t, _ in drawn}
    for words in (
        "guide's out-breath",
        "your out-breath",
        "as long as the guide",
        "shorter",
        "guide's length",
        "each breath",
        "guide's pace",
    ):
        assert words in texts


def test_short_levels_show_the_pace_breath_by_breath(apps, sessions, monkeypatch):
    app = apps((1280, 720))
    level, session = sessions("first-breaths", "follow")
    seen: list[tuple[tuple[float, ...], bool]] = []
    real = charts.pace_chart

    def spy(surface, rect, rates, *args, per_breath, **kwargs):
        seen.append((tuple(rates), per_breath))
        return real(surface, rect, rates, *args, per_breath=per_breath, **kwargs)

    monkeypatch.setattr(results_mod, "pace_chart", spy)
    ResultsScene(app, level, session).draw(app.screen)
    ((rates, per_breath),) = seen
    assert per_breath
    sure = [b for b in session.summary().breaths if b.sure]
    assert len(rates) == len(sure) - 1 >= 5  # one point per breath, not one per minute


def test_frantic_play_never_reads_as_a_settling_rhythm(apps, sessions):
    app = apps((1280, 720))
    level, session = sessions("first-breaths", "frantic")
    with recording_text() as drawn:
        ResultsScene(app, level, session).draw(app.screen)
    words = " ".join(t for t, _ in drawn)
    assert "settling" not in words
    assert "quickly" in words
