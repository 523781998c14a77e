"""The first play with a microphone runs the optional microphone check once; Esc skips it; never again."""

from __future__ import annotations

import pytest

from game.app import App
from game.inputs.play_inputs import source_builder
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import Replace
from game.scenes.calibrate import CalibrationScene
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S
from game.window.input import Command
from tests.test_calibration_run import ScriptedCapture, scripted_signal


class ClosableCapture(ScriptedCapture):
    closed = False

    def close(self) -> None:
        self.closed = True


def mic_app_for(store: Store, captures: list[ClosableCapture]) -> App:
    """An app whose input is the microphone (inside its keyboard safety net), on scripted captures."""

    def open_capture(**_):
        cap = ClosableCapture(scripted_signal())
        captures.append(cap)
        return cap, None

    return App(
        store=store,
        catalog=Catalog.load(),
        source_builder=source_builder("mic"),
        open_capture=open_capture,
        headless=True,
    )


@pytest.fixture
def mic_app(tmp_path):
    captures: list[ClosableCapture] = []
    app = mic_app_for(Store(tmp_path), captures)
    yield app, captures
    app.close()


def first_level(app):
    return app.catalog.campaign.levels[0]


def test_first_play_with_a_microphone_runs_the_check_then_the_level(mic_app, tmp_path):
    app, captures = mic_app
    play = PlayScene(app, first_level(app))
    step = play.update(STEP_S)
    assert isinstance(step, Replace) and isinstance(step.scene, CalibrationScene)
    check = step.scene
    assert check.first_time
    assert len(captures) == 1 and not captures[0].closed, "the check hears through the run's one microphone"
    assert Store(tmp_path).settings.mic_check_offered, "offered once, remembered at once"
    check.draw(app.screen)  # says why, and that it is optional
    for _ in range(2400):  # 10 ms of audio a tick: the check hears 22 s
        captures[0].tick(STEP_S)
        check.update(STEP_S)
        if check.step == "done":
            break
    assert check.step == "done" and "Scripted Mic" in Store(tmp_path).calibration
    back = check.handle(Command.CONFIRM)
    assert isinstance(back, Replace) and isinstance(back.scene, PlayScene)
    again = back.scene
    assert not again.ready, "the level starts from its intro card"
    assert again.update(STEP_S) is None, "no second check"
    assert again.source.status().microphone and len(captures) == 1, "the level takes the same stream back"
    app.close()
    assert captures[0].closed, "the stream closes with the run"


def test_esc_skips_the_check_and_plays(mic_app, tmp_path):
    app, _captures = mic_app
    check = PlayScene(app, first_level(app)).update(STEP_S).scene
    back = check.handle(Command.BACK)
    assert isinstance(back, Replace) and isinstance(back.scene, PlayScene)
    assert not Store(tmp_path).calibration, "skipped: nothing saved"
    assert back.scene.update(STEP_S) is None
    # And a later start of the game does not ask again.
    later = mic_app_for(Store(tmp_path), [])
    try:
        assert PlayScene(later, first_level(later)).update(STEP_S) is None
    finally:
        later.close()


def test_no_check_with_the_keyboard_headless_or_a_saved_profile(tmp_path, mic_app):
    app, _captures = mic_app
    assert PlayScene(app, first_level(app), show_intro=False).update(STEP_S) is None, "headless and restarts"
    keys = App(store=Store(tmp_path / "keys"), catalog=Catalog.load(), headless=True)
    try:
        assert PlayScene(keys, first_level(keys)).update(STEP_S) is None, "the keyboard needs no check"
    finally:
        keys.close()
    store = Store(tmp_path / "calibrated")
    store.save_calibration(
        "Scripted Mic", {"noise_floor_db": -60.0, "exhale_level_db": -30.0, "device": "Scripted Mic"}
    )
    calibrated = mic_app_for(store, [])
    try:
        assert PlayScene(calibrated, first_level(calibrated)).update(STEP_S) is None, "already calibrated"
    finally:
        calibrated.close()


def test_esc_on_the_intro_card_goes_back_and_a_mic_intro_speaks_of_the_microphone(mic_app, tmp_path):
    from game.scenes.base import Pop

    app, _captures = mic_app
    app.settings.mic_check_offered = True  # past the first-time check
    play = PlayScene(app, first_level(app))
    assert "microphone hears you" in play._how_to_breathe()
    assert isinstance(play.handle(Command.BACK), Pop), "not started yet: back, not the pause menu"
    keys = App(store=Store(tmp_path / "keys"), catalog=Catalog.load(), headless=True)
    try:
        assert "Hold SPACE while you breathe out" in PlayScene(keys, first_level(keys))._how_to_breathe()
    finally:
        keys.close()
