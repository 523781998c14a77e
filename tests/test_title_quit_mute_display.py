"""Small kindnesses: Esc on the title asks before quitting, a mute sign on every screen, one clear line when
there is no display, and no ALSA/SDL chatter in the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

import pygame
import pytest

from game.app import App
from game.cli import main
from game.inputs.native_noise import filter_noise, no_display_reason, quiet_native_stderr
from game.scenes.base import Push
from game.scenes.results import ResultsScene
from game.scenes.title import TitleScene
from game.sim.loop import STEP_S, FixedStep
from game.sim.session import PlaySession
from game.window.input import Command

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def key(k: int, kind: int = pygame.KEYDOWN) -> None:
    pygame.event.post(pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0))


def on_title(app: App) -> tuple[TitleScene, FixedStep]:
    title = TitleScene(app)
    app.apply(Push(title))
    return title, FixedStep()


def test_esc_on_the_title_asks_and_a_second_esc_leaves(app):
    title, stepper = on_title(app)
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    assert app.running and title.asking_to_quit
    title.draw(app.screen)  # the question is drawn
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    assert not app.running


def test_y_leaves_too(app):
    title, stepper = on_title(app)
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    key(pygame.K_y)
    app.frame(STEP_S, stepper)
    assert not app.running


@pytest.mark.parametrize("other", [pygame.K_n, pygame.K_RETURN, pygame.K_SPACE, pygame.K_l, pygame.K_m])
def test_any_other_key_stays_and_does_nothing_else(app, other):
    title, stepper = on_title(app)
    muted = app.settings.muted
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    key(other)
    app.frame(STEP_S, stepper)
    assert app.running and app.stack == [title] and not title.asking_to_quit
    assert app.settings.muted == muted, "the answering key is only an answer"
    key(pygame.K_ESCAPE)  # asks again
    app.frame(STEP_S, stepper)
    assert app.running and title.asking_to_quit


def test_the_window_close_button_still_quits_at_once(app):
    title, stepper = on_title(app)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.frame(STEP_S, stepper)
    assert not app.running


def corner(app: App) -> bytes:
    w, _h = app.screen.get_size()
    return pygame.image.tobytes(app.screen.subsurface(pygame.Rect(w - 260, 0, 260, 80)), "RGB")


def test_a_mute_sign_shows_on_the_title_and_the_results_while_muted(app):
    title, stepper = on_title(app)
    app.draw()
    unmuted = corner(app)
    key(pygame.K_m)
    app.frame(0.0, stepper)  # no time passes: only the sign can differ
    assert app.settings.muted
    muted = corner(app)
    assert muted != unmuted, "a sign appears in the corner"
    key(pygame.K_m)
    app.frame(0.0, stepper)
    assert not app.settings.muted and corner(app) == unmuted, "and goes with the sound back on"

    level = app.catalog.campaign.levels[0]
    app.apply(Push(ResultsScene(app, level, PlaySession(level))))
    app.draw()
    plain = corner(app)
    app.toggle_mute()
    app.draw()
    assert corner(app) != plain


def test_the_mute_sign_shows_on_a_level_s_intro_card_too(app):
    from game.scenes.play import PlayScene

    level = app.catalog.campaign.levels[1]
    play = PlayScene(app, level)  # on its intro card: no HUD, so the app draws the sign
    app.apply(Push(play))
    app.draw()
    plain = corner(app)
    app.toggle_mute()
    app.draw()
    assert not play.ready and corner(app) != plain, "muted shows on the intro card"
    play.handle(Command.CONFIRM)
    assert play.ready and play.draws_mute_sign, "while playing the HUD says it, under the breath count"


def test_no_display_reason():
    linux = "linux"
    assert no_display_reason({}, linux) is not None
    assert "DISPLAY" in (no_display_reason({"DISPLAY": ""}, linux) or "")
    assert no_display_reason({"DISPLAY": ":0"}, linux) is None
    assert no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, linux) is None
    assert no_display_reason({"SDL_VIDEODRIVER": "kmsdrm"}, linux) is None, "the user's choice of driver"
    assert no_display_reason({}, "darwin") is None and no_display_reason({}, "win32") is None


def test_exhale_without_a_display_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["--data-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "no display" in err
    assert main(["--data-dir", str(tmp_path), "play", "first-breaths"]) == 1


def run_exhale(env_changes: dict[str, str | None], tmp_path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run(
        [sys.executable, "-m", "game", "--data-dir", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays are a Linux matter")
def test_the_real_command_with_no_display(tmp_path):
    done = run_exhale({"DISPLAY": None, "WAYLAND_DISPLAY": None, "SDL_VIDEODRIVER": None}, tmp_path)
    assert done.returncode == 1
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays are a Linux matter")
def test_a_display_that_is_not_there_is_not_drawn_to_in_silence(tmp_path):
    """SDL falls back to its offscreen driver when the X server is missing; the game says so instead,
    and the sound libraries' probing (ALSA lines on a machine with no sound card) stays out of the way."""
    done = run_exhale(
        {"DISPLAY": ":231", "WAYLAND_DISPLAY": None, "SDL_VIDEODRIVER": None, "SDL_AUDIODRIVER": None},
        tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "could not open a window" in done.stderr
    assert "ALSA lib" not in done.stderr and "XDG_RUNTIME_DIR" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_library_noise_is_dropped_and_anything_else_kept(capfd):
    with quiet_native_stderr():
        os.write(2, b"ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n")
        os.write(2, b"ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n")
        os.write(2, b"something a person should read\n")
    _out, err = capfd.readouterr()
    assert err == "something a person should read\n"
    assert filter_noise("Cannot connect to server socket err = No such file\nkept\n") == "kept\n"
