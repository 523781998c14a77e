"""The eyes-closed guide's settings, as a player changes them: a row in Settings, its own screen, saved."""

from __future__ import annotations

import pygame
import pytest

from game.records.storage import Settings, Store
from game.render.text import recording_text
from game.scenes.base import Push
from game.scenes.guide_settings import ROWS, GuideSettingsScene
from game.scenes.settings import OPTIONS, SettingsScene
from game.sim.loop import FixedStep


def press(app, *keys):
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        app.frame(1 / 60, FixedStep())


def test_the_settings_row_turns_the_guide_on_and_enter_opens_its_sounds(app, tmp_path):
    scene = SettingsScene(app)
    app.apply(Push(scene))
    scene.choice = next(i for i, o in enumerate(OPTIONS) if "Eyes-closed guide" in o.label(Settings()))
    press(app, pygame.K_RIGHT)
    assert app.settings.audio_guide and Store(tmp_path).settings.audio_guide, "on, and saved"
    press(app, pygame.K_RETURN)
    assert isinstance(app.stack[-1], GuideSettingsScene)
    press(app, pygame.K_ESCAPE)
    assert app.stack[-1] is scene and app.settings.audio_guide, "Enter opened the screen, it did not toggle"


def test_each_part_is_set_in_tenths_heard_as_it_changes_and_kept(app, tmp_path):
    heard: list[str] = []
    scene = GuideSettingsScene(app, preview=heard.append)
    app.apply(Push(scene))
    rows = [r.field for r in ROWS]
    scene.choice = rows.index("guide_echo")
    press(app, pygame.K_RIGHT, pygame.K_RIGHT)
    scene.choice = rows.index("guide_chime")
    press(app, pygame.K_LEFT)
    again = Store(tmp_path).settings
    assert (again.guide_echo, again.guide_chime) == (0.2, 0.9)
    assert heard == ["echo", "echo", "chime"]
    scene.choice = rows.index("guide_volume")
    for _ in range(12):
        press(app, pygame.K_LEFT)
    assert app.settings.guide_volume == 0.0, "down to silent, never below"


@pytest.mark.parametrize("size", [(640, 400), (800, 500), (1280, 720), (1920, 1080)], ids=str)
@pytest.mark.parametrize("large", [False, True], ids=["text", "larger-text"])
def test_the_guide_screen_fits_every_window_and_plays_an_example(app, size, large):
    app.settings.large_text = large
    app.apply_settings()
    scene = GuideSettingsScene(app)
    scene.play_example("chime")  # through the real mixer (the dummy driver): never raises
    surface = pygame.Surface(size)
    for choice in range(len(ROWS)):  # the rows scroll with the choice: the chosen one is always shown
        scene.choice = choice
        with recording_text(on=surface) as drawn:
            scene.draw(surface)
        window = surface.get_rect()
        assert all(window.contains(r) for _, r in drawn), [(t, r) for t, r in drawn if not window.contains(r)]
        rects = [r for _, r in drawn]
        assert not any(a.colliderect(b) for i, a in enumerate(rects) for b in rects[i + 1 :]), drawn
        assert any(t.startswith("> ") for t, _ in drawn)


def test_settings_written_by_hand_as_whole_numbers_still_load():
    s = Settings.from_dict({"guide_echo": 1, "guide_volume": 0, "audio_guide": 1})
    assert (s.guide_echo, s.guide_volume, s.audio_guide) == (1.0, 0.0, False)


def test_a_tone_made_ahead_plays_at_once(app):
    import time

    from game.sim.sound_plan import GuideMix, GuideSound, SoundPlan

    if not app.cues.available:
        import pytest

        pytest.skip("no mixer, even with the dummy driver")
    gain = SoundPlan(GuideMix()).gain(1.0, 0.28)
    tone = GuideSound("exhale", 10.0, 8.0, gain, 784.0, 523.0, 10.0)
    app.cues.prepare(tone)
    app.cues._ahead[next(reversed(app.cues._ahead))].result()  # made (off the game's thread)
    began = time.perf_counter()
    app.cues.guide(replace_at(tone, 10.01), at=10.01)
    assert time.perf_counter() - began < 0.015, "no frame held up by making an 8 s tone"


def replace_at(sound, at_s):
    from dataclasses import replace

    return replace(sound, at_s=at_s)
