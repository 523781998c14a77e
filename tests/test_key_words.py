"""Words that follow the player's key, and words that read over the art (issue 14, leftovers of items 4, 5):
the microphone's hints name the breath key in use; a notice naming a key goes when the key changes; the
invitation and the ending's words sit on the guide label's soft backdrop, so a white sail cannot hide them."""

from __future__ import annotations

import pygame

from breath_input.types import SourceStatus
from game.render.palette import get_palette
from game.render.play_overlays import draw_ending_words, draw_invitation
from game.render.text import Fonts, recording_text
from tests.test_mic_play import session_at

NOISY = SourceStatus(backend="PortAudio", microphone=True, listens=True, noise_floor_db=-20.0)


def test_the_microphone_hints_name_the_breath_key(app):
    from game.inputs.mic_play import MicPlay

    play = MicPlay()
    play.step(NOISY, session_at(5.0, pacer_phase="exhale", exhaling=False), show_pacer=True, key="B")
    assert play.hint is not None and "or B, will help" in play.hint
    # Through a play: the controller passes the key as the settings name it.
    app.settings.breath_key = "b"
    assert app.inputs.key_name == "B"  # what the play's ports name


def test_a_notice_naming_the_old_key_goes_when_the_key_changes(app):
    app.settings.breath_key = "b"
    app.apply_settings()
    app.notices.append("No microphone in use: playing with B.")
    app.inputs.told_no_microphone = True
    app.notices.append("Settings saved.")
    app.settings.breath_key = "space"
    app.apply_settings()
    assert "No microphone in use: playing with B." not in app.all_notices()
    assert "Settings saved." in app.notices  # a notice about something else stays
    assert not app.inputs.told_no_microphone  # the next play says it again, naming SPACE


def _behind(surface: pygame.Surface, rect: pygame.Rect) -> float:
    """Mean brightness of the pixels just around a line of words (its backdrop, not its letters)."""
    ring = rect.inflate(16, 10).clip(surface.get_rect())
    px = pygame.surfarray.array3d(surface.subsurface(ring)).astype(float)
    return float(px.mean())


def test_the_invitation_and_ending_words_sit_on_a_soft_backdrop():
    pal, fonts = get_palette("calm"), Fonts(1.0)
    for size in ((640, 400), (1280, 720)):
        for draw in (
            lambda s: draw_invitation(s, "No rush. A soft sigh out is enough.", 1.0, pal, fonts),
            lambda s: draw_ending_words(s, 1.0, pal, fonts),
        ):
            white = pygame.Surface(size)
            white.fill((255, 255, 255))  # the boat's sail, at its worst
            with recording_text(on=white) as drawn:
                draw(white)
            for text, rect in drawn:
                assert white.get_rect().contains(rect), (text, rect, size)
                assert _behind(white, rect) < 200, f"{text!r} at {size} has no backdrop"
