"""Settings as a player changes them: through real key events, saved at once, there after a restart."""

from __future__ import annotations

import pygame

from game.records.storage import Settings, Store
from game.scenes.base import Push
from game.scenes.settings import OPTIONS, SettingsScene
from game.sim.loop import FixedStep


def press(app, *keys):
    for key in keys:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="", scancode=0))
        app.frame(1 / 60, FixedStep())


def option_index(word):
    return next(i for i, o in enumerate(OPTIONS) if word in o.label(Settings()))


def test_remap_the_breath_key_with_a_real_key_press(app, tmp_path):
    scene = SettingsScene(app)
    app.apply(Push(scene))
    press(app, pygame.K_RETURN)  # first option: the breath key
    assert scene.capturing_key
    press(app, pygame.K_b)
    assert not scene.capturing_key and app.settings.breath_key == "b"
    assert app.input.breath_key == pygame.K_b, "the event reader listens for the new key at once"
    assert Store(tmp_path).settings.breath_key == "b", "saved"


def test_a_key_that_already_means_something_is_refused(app):
    scene = SettingsScene(app)
    app.apply(Push(scene))
    press(app, pygame.K_RETURN, pygame.K_m)
    assert app.settings.breath_key == "space" and "already does something" in scene.message


def test_toggles_persist_across_a_restart(app, tmp_path):
    scene = SettingsScene(app)
    app.apply(Push(scene))
    for word in ("Reduced motion", "Larger text", "Ambient sound", "Hold the key"):
        scene.choice = option_index(word)
        press(app, pygame.K_RIGHT)
    scene.choice = option_index("Colours")
    press(app, pygame.K_RIGHT)
    again = Store(tmp_path).settings
    assert again.reduced_motion and again.large_text and again.ambient and again.invert_breath_key
    assert again.palette == "high_contrast"
    assert app.fonts.scale > 1.0, "larger text applies straight away"


def test_space_does_not_flip_settings_while_breathing(app):
    scene = SettingsScene(app)
    app.apply(Push(scene))
    before = app.settings.invert_breath_key
    scene.choice = option_index("Hold the key")
    press(app, pygame.K_SPACE)
    assert app.settings.invert_breath_key == before


def test_settings_screen_draws_every_option(app):
    app.apply(Push(SettingsScene(app)))
    app.draw()
    assert app.screen.get_at((10, 10))[:3] == app.palette.sky_top
