"""The microphone failing in every way a player meets: the game goes on with the keyboard and says why."""

from __future__ import annotations

import builtins
import json
import time

import numpy as np
import pytest

import breath_input.mic as mic
from breath_input.mic import Capture, MicSource, MicUnavailable, open_capture
from breath_input.types import Phase
from game.cli import main


def test_missing_portaudio_is_explained_with_the_fix(monkeypatch):
    real_import = builtins.__import__

    def no_portaudio(name, *args, **kwargs):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_portaudio)
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")  # and SDL has no real capture either
    with pytest.raises(MicUnavailable, match="libportaudio2"):
        open_capture()


def test_headless_play_without_a_microphone_uses_the_keyboard_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse")  # no audio server: no input device
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    report = tmp_path / "r.json"
    code = main(
        [
            "--data-dir",
            str(tmp_path),
            "play",
            "first-breaths",
            "--headless",
            "--input",
            "mic",
            "--seconds",
            "0.5",
            "--report",
            str(report),
        ]
    )
    assert code == 0
    data = json.loads(report.read_text())
    assert data["source"] == "keyboard"
    assert any("microphone" in n.lower() and "SPACE" in n for n in data["notices"]), data["notices"]


class FakeCapture(Capture):
    """A capture we can starve or break, as a device unplugged mid-level would."""

    backend = "fake"

    def __init__(self) -> None:
        super().__init__(sample_rate=16000)
        self.device_name = "fake"


def test_a_microphone_that_goes_silent_is_reported_as_lost(monkeypatch):
    cap = FakeCapture()
    src = MicSource(cap, lambda rate: _CountingDetector())
    cap.blocks.append(np.zeros(160, dtype=np.float32))
    assert src.read(0.0).phase is Phase.PAUSE and src.status().problem is None
    clock = [time.monotonic()]
    monkeypatch.setattr(mic.time, "monotonic", lambda: clock[0])
    clock[0] += mic.SILENT_STREAM_S + 0.1
    src.read(0.1)
    assert src.status().problem and "stopped sending sound" in src.status().problem


def test_a_stream_error_on_the_audio_thread_is_reported():
    cap = FakeCapture()
    src = MicSource(cap, lambda rate: _CountingDetector())
    cap.error = "The microphone stream ended (the device went away)."
    assert src.status().problem == cap.error


def test_the_play_scene_swaps_a_failed_source_for_the_keyboard(tmp_path):
    from breath_input.sources import KeyboardSource
    from game.app import App
    from game.records.catalog import Catalog
    from game.records.storage import Store
    from game.scenes.base import Push
    from game.scenes.play import PlayScene
    from game.sim.loop import STEP_S

    cap = FakeCapture()

    def builder(inputs, pacer):
        return MicSource(cap, lambda rate: _CountingDetector())

    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True, source_builder=builder)
    try:
        play = PlayScene(app, app.catalog.campaign.levels[0], show_intro=False)
        app.running = True
        app.apply(Push(play))
        app.apply(play.update(STEP_S))
        assert isinstance(play.source, MicSource)
        cap.error = "The microphone stream ended (the device went away)."
        app.apply(play.update(STEP_S))
        assert isinstance(play.source, KeyboardSource)
        assert any("went away" in n and "SPACE" in n for n in app.notices)
        play.breath_key(True)
        for _ in range(30):
            app.apply(play.update(STEP_S))
        assert play.session.reading.phase is Phase.EXHALE, "the keyboard works at once after the swap"
    finally:
        app.close()


class _CountingDetector:
    noise_floor_db = None

    def __init__(self) -> None:
        self.blocks = 0

    def process(self, block):
        self.blocks += 1
        return []

    def hum_status(self):
        return None  # not listening for hums


def test_a_stream_that_keeps_overflowing_is_given_up_for_the_keyboard():
    cap = FakeCapture()
    cap.blocks.append(np.zeros(160, dtype=np.float32))
    cap.drain()
    cap.overflows += 3  # a few dropped blocks now and then: keep listening
    assert cap.problem() is None
    cap.overflows += mic.OVERFLOW_LIMIT + 1
    assert cap.problem() and "overloaded" in cap.problem()


def test_automatic_input_without_a_microphone_says_so_once_and_gently(tmp_path, monkeypatch):
    # Most keyboard players have no microphone: with the automatic choice that is no error to fix.
    from game.app import App
    from game.inputs.play_inputs import source_builder
    from game.records.catalog import Catalog
    from game.records.storage import Store

    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    try:
        auto = source_builder("auto")
        for _ in range(3):  # three levels in one run
            assert auto(app.inputs, None).name == "keyboard"
        told = [n for n in app.notices if "microphone" in n.lower()]
        assert told == ["No microphone in use: playing with SPACE."]
        source_builder("mic")(app.inputs, None)  # asked for by name: the fix is spelt out
        asked = [n for n in app.notices if n.endswith("for now.")]  # the reason and its fix, then the key
        assert len(asked) == 1 and asked[0] != told[0], app.notices
    finally:
        app.close()
