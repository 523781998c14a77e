"""The breath-source seam: one provider per run, a restart closes before it opens, the microphone is shared,
keys and status go through the typed protocol, and `--device` is a run option that is never saved."""

from __future__ import annotations

import numpy as np

from breath_input.mic import Capture, MicSource
from breath_input.sources import KeyboardSource, SyntheticBreather, WithKeyboard
from breath_input.types import BreathReading, Phase, SourceStatus
from game.app import App
from game.inputs.play_inputs import source_builder
from game.records.catalog import Catalog
from game.records.storage import Store
from game.scenes.base import Push
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S
from game.sim.session import PlaySession
from game.window.input import Command


class LoggingSource(KeyboardSource):
    """A keyboard that writes down when it is opened and closed."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log
        log.append("open")

    def close(self) -> None:
        self.log.append("close")


class QuietCapture(Capture):
    """A capture that hands over silence when told to."""

    backend = "scripted"

    def __init__(self) -> None:
        super().__init__(sample_rate=16000)
        self.device_name = "Desk Mic"
        self.closed = False

    def feed(self, seconds: float) -> None:
        for _ in range(round(seconds / 0.01)):
            self.blocks.append(np.zeros(self.block, dtype=np.float32))

    def close(self) -> None:
        self.closed = True


def test_a_restart_closes_the_old_source_before_it_opens_the_new_one(tmp_path):
    log: list[str] = []
    app = App(
        store=Store(tmp_path),
        catalog=Catalog.load(),
        headless=True,
        source_builder=lambda inputs, pacer: LoggingSource(log),
    )
    try:
        app.running = True
        app.apply(Push(PlayScene(app, app.catalog.campaign.levels[0], show_intro=False)))
        assert log == ["open"]
        app.apply(app.stack[-1].update(STEP_S))
        app.apply(app.stack[-1].handle(Command.RESTART))
        assert log == ["open", "close", "open"], "the old stream is let go before a new one is asked for"
    finally:
        app.close()
    assert log == ["open", "close", "open", "close"]


def test_plays_and_restarts_share_the_one_microphone_the_run_opened(tmp_path):
    captures: list[QuietCapture] = []

    def open_capture(**kw):
        captures.append(QuietCapture())
        return captures[-1], None

    store = Store(tmp_path)
    store.settings.mic_check_offered = True  # past the first-time check
    app = App(
        store=store,
        catalog=Catalog.load(),
        headless=True,
        source_builder=source_builder("mic"),
        open_capture=open_capture,
    )
    try:
        app.running = True
        app.apply(Push(PlayScene(app, app.catalog.campaign.levels[0], show_intro=False)))
        for _ in range(3):  # restart twice, then a second level
            play = app.stack[-1]
            captures[0].feed(0.5)
            app.apply(play.update(STEP_S))
            status = play.source.status()
            assert status.microphone and status.device == "Desk Mic" and status.problem is None
            app.apply(play.handle(Command.RESTART))
        assert len(captures) == 1 and not captures[0].closed, "opened once for the run, never twice at once"
        assert app.inputs.opened == 1
    finally:
        app.close()
    assert captures[0].closed, "the run's end closes the stream"


def test_a_microphone_that_failed_is_opened_afresh_for_the_next_play(tmp_path):
    captures: list[QuietCapture] = []

    def open_capture(**kw):
        captures.append(QuietCapture())
        return captures[-1], None

    app = App(
        store=Store(tmp_path),
        catalog=Catalog.load(),
        headless=True,
        source_builder=source_builder("mic"),
        open_capture=open_capture,
    )
    try:
        first = app.inputs.open()
        captures[0].error = "The microphone stream ended (the device went away)."
        assert first.status().problem is not None
        first.close()
        assert captures[0].closed, "a broken stream is not kept for the next play"
        second = app.inputs.open()
        assert len(captures) == 2 and second.status().problem is None, "plugged back in: heard again"
        second.close()
    finally:
        app.close()


def test_device_from_the_command_line_is_used_but_never_saved(tmp_path):
    asked: list[str | None] = []

    def open_capture(*, device=None, sample_rate=16000):
        asked.append(device)
        return QuietCapture(), None

    app = App(
        store=Store(tmp_path),
        catalog=Catalog.load(),
        headless=True,
        source_builder=source_builder("mic"),
        device="3",
        open_capture=open_capture,
    )
    try:
        app.inputs.open().close()
        assert asked == ["3"]
        app.toggle_mute()  # anything that saves the settings (pressing M)
        app.apply_settings()
        assert Store(tmp_path).settings.device == "", "--device lasts for this run only"
        app.inputs.choose_device("USB Mic")  # the settings screen keeps a lasting choice
        app.apply_settings()
        assert Store(tmp_path).settings.device == "USB Mic" and app.inputs.device == "USB Mic"
    finally:
        app.close()


def test_keys_reach_every_source_through_the_protocol():
    keyboard = KeyboardSource()
    keyboard.key(True, 1.0)
    assert keyboard.read(2.0).phase is Phase.EXHALE
    capture = QuietCapture()
    net = WithKeyboard(MicSource(capture, lambda rate: _Silent()), KeyboardSource())
    net.key(True, 0.0)
    assert net.read(1.0).phase is Phase.EXHALE, "the held key speaks over the microphone"
    net.key(False, 1.0)
    assert net.read(1.5).phase is Phase.PAUSE
    assert net.status().device == "Desk Mic" and net.status().microphone
    breather = SyntheticBreather("shallow")
    breather.key(True, 0.0)  # a breather takes no keys, and says so by ignoring them
    assert breather.status() == SourceStatus(backend="synthetic")


def test_the_microphone_keeps_the_detectors_sample_clock():
    capture = QuietCapture()
    mic = MicSource(capture, lambda rate: _Clocked(rate))
    capture.feed(0.25)
    reading = mic.read(10.0)  # game time 10 s, but only a quarter second of audio heard
    assert abs(reading.t - 0.25) < 1e-9, "the reading's time is the audio's, so lag can be measured"


def test_a_calm_breather_follows_an_adaptive_pacer_it_was_given_when_built():
    from tests.test_adaptive import adaptive_level

    session = PlaySession(adaptive_level())
    breather = SyntheticBreather("calm", pacer=session.pacer, seed=1)
    while not session.finished:
        session.step(STEP_S, breather)
    assert session.pacer.planned > 5
    assert len(session.breaths) >= session.pacer.planned - 1, "every cycle planned later was followed too"


class _Silent:
    noise_floor_db = None

    def process(self, block):
        return []

    def breaths_per_minute(self):
        return None

    def hum_status(self):
        return None  # not listening for hums


class _Clocked(_Silent):
    """A detector that reads a pause stamped with its own sample clock."""

    def __init__(self, rate: int) -> None:
        self.rate, self.samples = rate, 0

    def process(self, block):
        self.samples += len(block)
        return [BreathReading(self.samples / self.rate, Phase.PAUSE, 0.0, 0.5)]
