"""Level select and the intro card (issue 14, items 6 and 4): each level's scene as a small picture, its
length, goals and stars drawn as stars; intro cards give length and goals and name the player's key; no
text leaves the window or overlaps other text from 640x400 to 1920x1080."""

from __future__ import annotations

import pygame
import pytest

from game.app import App
from game.records.catalog import Catalog
from game.records.storage import Store
from game.render import intro_card
from game.render.intro_card import breath_words, draw_intro_card, goal_words, length_words
from game.render.text import Fonts, recording_text
from game.scenes import level_select as select_mod
from game.scenes.level_select import LevelSelectScene

SIZES = [(640, 400), (800, 500), (1280, 720), (1920, 1080)]


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


def overlaps(rects: list[tuple[str, pygame.Rect]]) -> list[str]:
    return [
        f"{a!r} {ra} overlaps {b!r} {rb}"
        for i, (a, ra) in enumerate(rects)
        for b, rb in rects[i + 1 :]
        if ra.colliderect(rb)
    ]


def fits(app: App, drawn: list[tuple[str, pygame.Rect]]) -> None:
    window = app.screen.get_rect()
    assert drawn
    outside = [f"{t!r} {r}" for t, r in drawn if not window.contains(r)]
    assert not outside, outside
    assert not overlaps(drawn)


@pytest.fixture(params=[1.0, 1.25], ids=["text", "large-text"])
def text_scale(request, apps):
    """Normal and the Large text setting (fonts 1.25x)."""
    app = apps((1280, 720))
    app.fonts = Fonts(request.param)
    yield request.param
    app.fonts = Fonts(1.0)


@pytest.mark.parametrize("choice", [0, 4])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_level_select_fits_and_shows_each_level_with_picture_length_and_stars(
    apps, size, choice, monkeypatch, text_scale
):
    app = apps(size)
    levels = app.catalog.campaign.levels
    app.store.progress.record(levels[0].id, stars=2, score=500)
    pictures: list[str] = []
    real = select_mod.scene_picture

    def spy(level, picture_size, palette):
        pictures.append(level.id)
        return real(level, picture_size, palette)

    monkeypatch.setattr(select_mod, "scene_picture", spy)
    scene = LevelSelectScene(app)
    scene.choice = choice
    with recording_text() as drawn:
        scene.draw(app.screen)
    fits(app, drawn)
    texts = [t for t, _ in drawn]
    assert not any("*" in t for t in texts)  # stars are drawn as stars, never as ***
    shown = [lv for lv in levels if lv.title in texts]
    assert len(shown) >= 5
    for lv in shown:
        assert lv.id in pictures  # its scene as a small picture
        assert any(t.startswith(length_words(lv)) for t in texts)
    if size[0] >= select_mod.DETAIL_MIN_W:  # the chosen level's goals beside the list
        words = " ".join(texts)  # a long goal may wrap onto two lines
        for goal in goal_words(levels[choice]):
            assert goal in words


def test_earned_stars_are_drawn_filled(apps):
    """The second row's three stars: one earned, then three (a star is filled with the accent colour)."""
    app = apps((1280, 720))
    level = app.catalog.campaign.levels[1]
    accent = app.palette.accent

    def accent_pixels() -> int:
        scene = LevelSelectScene(app)
        scene.choice = 5  # another row is selected: its border is the accent colour too
        scene.draw(app.screen)
        stars = pygame.Rect(600, 165, 110, 60)  # the right end of the second row
        return sum(
            1
            for x in range(stars.left, stars.right)
            for y in range(stars.top, stars.bottom)
            if tuple(app.screen.get_at((x, y)))[:3] == accent
        )

    none = accent_pixels()
    app.store.progress.record(level.id, stars=1, score=500)
    one = accent_pixels()
    app.store.progress.record(level.id, stars=3, score=900)
    three = accent_pixels()
    assert none == 0 < one
    assert three > 2.5 * one


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("level_id", ["first-breaths", "four-seven-eight", "cyclic-sighing", "free-session"])
def test_intro_card_shows_length_breath_and_goals_and_fits(apps, size, level_id, text_scale):
    app = apps(size)
    level = next(lv for lv in app.catalog.campaign.levels if lv.id == level_id)
    with recording_text() as drawn:
        card = draw_intro_card(
            app.screen,
            level,
            how_to_breathe="Hold B while you breathe in; let go while you breathe out.",
            confirm_key="B",
            palette=app.palette,
            fonts=app.fonts,
        )
    fits(app, drawn)
    assert app.screen.get_rect().contains(card)
    words = " ".join(t for t, _ in drawn)
    assert f"{length_words(level)} · {breath_words(level)}" in words
    for goal in goal_words(level):
        assert goal in words
    assert "Press Enter or B when you're ready" in words and "SPACE" not in words
    if level.safety.caution:
        assert level.safety.caution.split()[0] in words


def test_length_and_breath_words():
    levels = {lv.id: lv for lv in Catalog.load().campaign.levels}
    assert length_words(levels["first-breaths"]) == "1 min"
    assert length_words(levels["free-session"]) == "about 5 min"  # the guide adapts: an estimate
    assert breath_words(levels["four-seven-eight"]) == "in 4 s, hold 7 s, out 8 s"
    assert "sip on top" in breath_words(levels["cyclic-sighing"])
    assert breath_words(levels["long-soft-exhale"]) == "in 4 s, out 5 s rising to 9 s"


def test_the_play_scenes_intro_is_the_intro_card(app, monkeypatch):
    from game.scenes.play import PlayScene  # noqa: PLC0415

    seen = []
    monkeypatch.setattr(intro_card, "draw_intro_card", lambda surface, level, **kw: seen.append((level, kw)))
    app.settings.breath_key = "b"
    level = app.catalog.campaign.levels[0]
    PlayScene(app, level).draw(app.screen)
    ((drawn_level, kw),) = seen
    assert drawn_level is level and kw["confirm_key"] == "B"
