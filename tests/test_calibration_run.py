"""`exhale calibrate` with a scripted microphone: quiet room, then soft exhales; a profile per device."""

from __future__ import annotations

import io

import numpy as np

from breath_input.mic import Capture, MicUnavailable
from breath_input.synth_audio import breathing, silence
from game.inputs.calibration_run import calibrate_command
from game.records.storage import Store


class ScriptedCapture(Capture):
    """Hands out a prepared signal 10 ms per `sleep` call, like a live stream."""

    backend = "scripted"

    def __init__(self, signal: np.ndarray, *, fail_after: int | None = None) -> None:
        super().__init__(sample_rate=16000)
        self.device_name = "Scripted Mic"
        self.signal = signal
        self.pos = 0
        self.calls = 0
        self.fail_after = fail_after

    def tick(self, _seconds: float) -> None:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            self.error = "The microphone stream ended (the device went away)."
            return
        if self.pos >= self.signal.size:  # fail rather than wait forever for audio that never comes
            self.error = "The scripted signal ran out."
            return
        self.blocks.append(self.signal[self.pos : self.pos + self.block].astype(np.float32))
        self.pos += self.block


def scripted_signal() -> np.ndarray:
    """The quiet room, then breathing through the guided breaths (18 s), with a little to spare."""
    quiet, _ = silence(duration_s=4.0, sample_rate=16000)
    breaths, _ = breathing(duration_s=19.0, sample_rate=16000, start_s=0.2, seed=4)
    return np.concatenate([quiet, breaths])


def test_calibration_saves_a_profile_for_the_device(tmp_path):
    cap = ScriptedCapture(scripted_signal())
    store = Store(tmp_path)
    out = io.StringIO()
    code = calibrate_command(store, out=out, capture_factory=lambda **_: (cap, None), sleep=cap.tick)
    assert code == 0, out.getvalue()
    saved = Store(tmp_path).calibration["Scripted Mic"]
    assert saved["exhale_level_db"] > saved["noise_floor_db"] + 10
    assert "Heard you clearly" in out.getvalue()


def test_calibration_without_a_microphone_explains_and_saves_nothing(tmp_path):
    def no_mic(**_):
        raise MicUnavailable("No microphone found. Plug one in and restart the level.")

    out = io.StringIO()
    assert calibrate_command(Store(tmp_path), out=out, capture_factory=no_mic) == 1
    assert "never required" in out.getvalue()
    assert not (tmp_path / "calibration.json").exists()


def test_microphone_lost_during_calibration_saves_nothing(tmp_path):
    cap = ScriptedCapture(scripted_signal(), fail_after=100)
    out = io.StringIO()
    assert (
        calibrate_command(Store(tmp_path), out=out, capture_factory=lambda **_: (cap, None), sleep=cap.tick)
        == 1
    )
    assert "went away" in out.getvalue() and "Nothing was saved" in out.getvalue()
    assert not (tmp_path / "calibration.json").exists()


def test_in_game_calibration_scene_steps_through_and_saves(tmp_path, monkeypatch):
    from game.app import App
    from game.records.catalog import Catalog
    from game.scenes import calibrate as calibrate_scene
    from game.sim.loop import STEP_S

    cap = ScriptedCapture(scripted_signal())
    app = App(
        store=Store(tmp_path), catalog=Catalog.load(), headless=True, open_capture=lambda **_: (cap, None)
    )
    try:
        scene = calibrate_scene.CalibrationScene(app)
        assert scene.level_db is None and scene.seconds_left() == 4.0  # nothing heard yet
        steps = []
        lefts = []
        for _ in range(2400):  # 10 ms of audio a tick: 4 s quiet, 18 s of guided breaths
            cap.tick(STEP_S)
            scene.update(STEP_S)
            if scene.step == "breaths":
                lefts.append(scene.seconds_left())
                if len(lefts) == 60:
                    scene.draw(app.screen)  # the meter and the seconds left, mid-step
            if not steps or steps[-1] != scene.step:
                steps.append(scene.step)
            if scene.step == "done":
                break
        scene.draw(app.screen)
        assert steps == ["quiet", "breaths", "done"]
        assert scene.level_db is not None, "the meter heard the audio"
        assert lefts[0] > lefts[-1] and lefts == sorted(lefts, reverse=True), "the seconds count down"
        assert "Saved for this microphone (Scripted Mic)" in scene.message
        assert "Scripted Mic" in Store(tmp_path).calibration
    finally:
        app.close()


def test_play_refines_the_profile_with_the_pacer_as_weak_labels():
    from breath_input.calibration import CalibrationProfile, CalibrationRefiner

    refiner = CalibrationRefiner(step_s=1 / 60)
    for i in range(60 * 60):
        exhaling = (i // 300) % 2 == 1  # 5 s guide phases
        refiner.observe(
            level_db=-30.0 if exhaling else -62.0, pacer_exhaling=exhaling, detected_exhale=exhaling
        )
    fresh = refiner.refined(None, device="Mic")
    assert fresh is not None and fresh.noise_floor_db == -62.0 and fresh.exhale_level_db == -30.0
    old = CalibrationProfile(noise_floor_db=-50.0, exhale_level_db=-20.0, device="Mic")
    nudged = refiner.refined(old, device="Mic")
    assert -62.0 < nudged.noise_floor_db < -50.0 and -30.0 < nudged.exhale_level_db < -20.0
    short = CalibrationRefiner(step_s=1 / 60)
    short.observe(level_db=-30.0, pacer_exhaling=True, detected_exhale=True)
    assert short.refined(old, device="Mic") is None, "a short session changes nothing"
