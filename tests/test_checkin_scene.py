"""The check-in in the game and on the command line: C on the title, a minute of virtual time with SPACE held
on each out-breath, Esc and pause, the saved record, the headless report, and screenshots at two sizes."""

from __future__ import annotations

import json

import pygame
import pytest

from game.app import App
from game.cli import main
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import Push
from game.scenes.checkin import CheckinResultScene, CheckinScene
from game.scenes.title import TitleScene
from game.sim.loop import STEP_S, FixedStep


@pytest.fixture
def app(tmp_path):
    """A headless App whose loop draws no frame (`App.draws`, as `--no-draw`): these tests read the scenes and
    the saved records, not the picture; the few that look at a card draw it themselves, and the screenshot
    test below keeps its two sizes, drawn."""
    a = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True, size=(640, 400))
    a.draws = False
    a.running = True
    yield a
    a.close()


def key(k: int, kind: int = pygame.KEYDOWN) -> None:
    pygame.event.post(pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0))


def breathe_with_space(app: App, stepper: FixedStep, seconds: float, *, out_s=3.0, in_s=2.0, start_s=0.5):
    """Hold SPACE for each out-breath and let go for each in-breath, one frame at a time, on virtual time."""
    t, held = 0.0, False
    for _ in range(round(seconds / STEP_S) + 5):
        t += STEP_S
        phase = (t - start_s) % (out_s + in_s)
        want = t >= start_s and phase < out_s
        if want != held:
            key(pygame.K_SPACE, pygame.KEYDOWN if want else pygame.KEYUP)
            held = want
        app.frame(STEP_S, stepper)
        if not isinstance(app.stack[-1], CheckinScene):
            break


def open_from_title(app: App) -> tuple[CheckinScene, FixedStep]:
    app.apply(Push(TitleScene(app)))
    stepper = FixedStep()
    key(pygame.K_c)
    app.frame(STEP_S, stepper)
    scene = app.stack[-1]
    assert isinstance(scene, CheckinScene)
    return scene, stepper


def test_c_on_the_title_opens_a_minute_that_space_alone_completes(app):
    scene, stepper = open_from_title(app)
    breathe_with_space(app, stepper, 60.0)
    card = app.stack[-1]
    assert isinstance(card, CheckinResultScene)
    r = card.result
    assert r.heard_enough and r.rate_from == "breaths"
    assert r.breaths_per_minute == pytest.approx(12.0, abs=0.3)  # a 5 s cycle
    assert r.exhale_inhale_ratio == pytest.approx(1.5, rel=0.05)
    assert r.steadiness is not None and r.steadiness > 0.9
    assert card.words.headline == "About 12 breaths a minute"
    saved = app.store.checkins()
    assert len(saved) == 1
    rec = saved[0]
    assert rec["input"] == "keyboard" and rec["breaths"] == r.breaths and rec["breaths_per_minute"] == 12.0
    assert {"date", "exhale_inhale_ratio", "steadiness", "confidence"} <= set(rec)
    on_disk = json.loads((app.store.folder / "checkins.json").read_text())
    assert on_disk["checkins"] == saved
    card.draw(app.screen)
    key(pygame.K_RETURN)  # Enter: back to the title
    app.frame(STEP_S, stepper)
    assert isinstance(app.stack[-1], TitleScene)


def test_esc_leaves_at_any_time_without_saving(app):
    scene, stepper = open_from_title(app)
    breathe_with_space(app, stepper, 20.0)
    assert app.stack[-1] is scene and 19.0 < scene.session.t < 21.0
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    assert isinstance(app.stack[-1], TitleScene)
    assert app.store.checkins() == [] and not (app.store.folder / "checkins.json").exists()


def test_pause_stops_the_minute_and_esc_still_leaves(app):
    scene, stepper = open_from_title(app)
    breathe_with_space(app, stepper, 10.0)
    key(pygame.K_p)
    app.frame(STEP_S, stepper)
    t = scene.session.t
    for _ in range(300):  # five seconds paused: time stands
        app.frame(STEP_S, stepper)
    assert scene.paused and scene.session.t == t
    scene.draw(app.screen)  # the paused card
    key(pygame.K_p)
    app.frame(STEP_S, stepper)
    assert not scene.paused and scene.session.t > t
    key(pygame.K_p)
    app.frame(STEP_S, stepper)
    key(pygame.K_ESCAPE)
    app.frame(STEP_S, stepper)
    assert isinstance(app.stack[-1], TitleScene) and app.store.checkins() == []


def test_a_quiet_minute_says_it_could_not_tell_and_is_kept_as_such(app):
    # A quiet half minute over the title: no key is pressed, so nothing is heard however long it lasts (C on
    # the title opening the minute, and the minute's length, are tested above).
    app.apply(Push(TitleScene(app)))
    app.apply(Push(CheckinScene(app, seconds=30.0)))
    stepper = FixedStep()
    for _ in range(1805):
        app.frame(STEP_S, stepper)
    card = app.stack[-1]
    assert isinstance(card, CheckinResultScene)
    assert not card.result.heard_enough
    assert card.words.headline == "Could not hear enough to tell this time"
    assert app.store.checkins()[0]["heard_enough"] is False
    card.draw(app.screen)


def test_headless_command_with_synthetic_calm(tmp_path):
    out = tmp_path / "calm.json"
    data = tmp_path / "data"
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "checkin",
                "--headless",
                "--input",
                "synthetic:calm",
                "--no-draw",  # not drawn: the figures are what is tested (tests/test_no_draw.py)
                "--report",
                str(out),
            ]
        )
        == 0
    )
    report = json.loads(out.read_text())
    for field in ("breaths_per_minute", "exhale_inhale_ratio", "steadiness", "breaths", "confidence"):
        assert report[field] is not None, field
    assert report["complete"] and report["seconds"] == 60.0 and report["source"] == "synthetic:calm"
    # The calm breather keeps its own rhythm without a guide: about 6 a minute, out 6 s : in 4 s.
    assert report["breaths_per_minute"] == pytest.approx(6.0, abs=0.5)
    assert report["exhale_inhale_ratio"] == pytest.approx(1.5, abs=0.15)
    assert report["range"] == "slower" and report["words"]["headline"] == "About 6 breaths a minute"
    assert json.loads((data / "checkins.json").read_text())["checkins"][0]["input"] == "synthetic:calm"


def test_headless_command_with_a_key_script_and_seconds(tmp_path, capsys):
    script = tmp_path / "keys.txt"
    script.write_text("".join(f"{0.5 + 4 * k} {3.0 + 4 * k}\n" for k in range(30)))  # 15 a minute, 2.5 : 1.5
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "checkin",
                "--headless",
                "--input",
                f"keys:{script}",
                "--seconds",
                "40",
                "--no-draw",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)  # no --report: printed
    assert report["seconds"] == 40.0
    assert report["breaths_per_minute"] == pytest.approx(15.0, abs=0.2)
    assert report["exhale_inhale_ratio"] == pytest.approx(2.5 / 1.5, rel=0.05)
    assert report["breaths"] == 10 and report["confidence"] == 1.0 and report["range"] == "within"


def test_bad_seconds_is_one_clear_line(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "checkin", "--headless", "--seconds", "1"]) == 2
    assert "a check-in lasts 5 to 3600 seconds" in capsys.readouterr().err


@pytest.mark.parametrize("size", [(800, 500), (1280, 720)])
def test_screenshots_of_the_minute_and_the_card(tmp_path, size):
    app = App(store=Store(tmp_path / "data"), catalog=Catalog.load(), headless=True, size=size)
    try:
        app.running = True
        # A 30 s check-in over the title: the pictures are what is tested, and its screen and card are
        # laid out as the minute's (C on the title opening the minute is tested above).
        app.apply(Push(TitleScene(app)))
        app.apply(Push(CheckinScene(app, seconds=30.0)))
        stepper = FixedStep()
        breathe_with_space(app, stepper, 3.2)  # mid out-breath: the sail full, the glow up
        app.draw()
        during = tmp_path / f"checkin-{size[0]}x{size[1]}.png"
        pygame.image.save(app.screen, str(during))
        breathe_with_space(app, stepper, 30.0)
        assert isinstance(app.stack[-1], CheckinResultScene)
        assert app.stack[-1].result.heard_enough  # a card with figures, laid out as after a minute
        app.draw()
        card = tmp_path / f"checkin-result-{size[0]}x{size[1]}.png"
        pygame.image.save(app.screen, str(card))
        for path in (during, card):
            img = pygame.image.load(str(path))
            assert img.get_size() == size
            assert (
                len({img.get_at((x, y))[:3] for x in range(0, size[0], 40) for y in range(0, size[1], 40)})
                > 20
            )
    finally:
        app.close()


def write_wav(path, x, rate: int):
    import wave  # noqa: PLC0415

    import numpy as np  # noqa: PLC0415

    pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def checkin_report(tmp_path, wav) -> dict:
    """`exhale checkin --headless` on a recording, 30 s at the smallest window: the detector's figures are
    what is tested (a 5-breath half minute tells the rate as a minute does), and the minute's length is
    covered by the synthetic-calm test above."""
    out = tmp_path / "r.json"
    args = ["--data-dir", str(tmp_path), "checkin", "--headless", "--input", f"wav:{wav}", "--seconds", "30"]
    assert main([*args, "--no-draw", "--report", str(out)]) == 0
    return json.loads(out.read_text())


def test_a_recording_through_the_detector_and_a_silent_one(tmp_path):
    from breath_input.synth_audio import breathing, silence  # noqa: PLC0415

    x, _ = breathing(sample_rate=16000, duration_s=32.0, bpm=10.0, ratio=1.5, seed=3)
    report = checkin_report(tmp_path, write_wav(tmp_path / "breathing.wav", x, 16000))
    assert report["seconds"] == 30.0
    assert report["heard_enough"] and report["breaths_per_minute"] == pytest.approx(10.0, abs=1.0), report
    quiet = write_wav(tmp_path / "quiet.wav", silence(sample_rate=16000, duration_s=32.0)[0], 16000)
    report = checkin_report(tmp_path, quiet)
    assert not report["heard_enough"] and report["breaths_per_minute"] is None
    assert report["words"]["headline"] == "Could not hear enough to tell this time"


def test_breathing_on_past_the_minute_does_not_throw_the_card_away(app):
    # A 30 s check-in over the title: the card's grace does not depend on how long the check-in was.
    app.apply(Push(TitleScene(app)))
    app.apply(Push(CheckinScene(app, seconds=30.0)))
    stepper = FixedStep()
    breathe_with_space(app, stepper, 30.0)
    assert isinstance(app.stack[-1], CheckinResultScene)
    for _ in range(4):  # the player breathes on with SPACE for four seconds: the card stays
        key(pygame.K_SPACE)
        for _ in range(30):
            app.frame(STEP_S, stepper)
        key(pygame.K_SPACE, pygame.KEYUP)
        for _ in range(30):
            app.frame(STEP_S, stepper)
    assert isinstance(app.stack[-1], CheckinResultScene)
    for _ in range(90):
        app.frame(STEP_S, stepper)
    key(pygame.K_SPACE)  # after a few seconds, a fresh press confirms as on every other screen
    app.frame(STEP_S, stepper)
    assert isinstance(app.stack[-1], TitleScene)


def test_a_pause_changes_nothing_a_recording_hears(tmp_path):
    """P in the middle of a recording's check-in: the recording waits, so the figures are as with no pause."""
    from breath_input.synth_audio import breathing  # noqa: PLC0415
    from game.inputs.play_inputs import source_builder  # noqa: PLC0415

    x, _ = breathing(sample_rate=16000, duration_s=32.0, bpm=12.0, ratio=1.5, seed=5)
    wav = write_wav(tmp_path / "b.wav", x, 16000)
    results, paused = [], []
    for pause_at in (None, 20.0):
        app = App(
            store=Store(tmp_path / f"d{pause_at}"),
            catalog=Catalog.load(),
            source_builder=source_builder(f"wav:{wav}"),
            headless=True,
            size=(320, 200),
        )
        app.draws = False  # the figures are tested, not the picture (as `checkin --headless --no-draw`)
        try:
            app.running = True
            app.apply(Push(TitleScene(app)))
            # Half a minute (C on the title opening the minute is tested above): the pause at 20 s is
            # inside it, and the figures it must not change are told from the 6 breaths before the end.
            scene = CheckinScene(app, seconds=30.0)
            app.apply(Push(scene))
            stepper = FixedStep()
            for _ in range(4000):
                if pause_at is not None and not scene.paused and abs(scene.session.t - pause_at) < STEP_S / 2:
                    key(pygame.K_p)
                    app.frame(STEP_S, stepper)
                    for _ in range(600):
                        app.frame(STEP_S, stepper)
                    paused.append(scene.paused and abs(scene.session.t - 20.0) < STEP_S)
                    key(pygame.K_p)
                    pause_at = None
                app.frame(STEP_S, stepper)
                if isinstance(app.stack[-1], CheckinResultScene):
                    break
            results.append(app.stack[-1].result)
        finally:
            app.close()
    assert paused == [True]
    assert results[0] == results[1] and results[0].heard_enough
    assert results[0].breaths_per_minute == pytest.approx(12.0, abs=1.0)  # the recording's rate, heard
