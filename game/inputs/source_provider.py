"""The run's breath input: one provider builds each play's source and owns the microphone.

The microphone is opened at most once per run (lazily, when something first needs it) and shared: every
play, the microphone check and `exhale calibrate` get a handle on the same capture. Closing a handle lets
go of it; only `close()` (the end of the run) or a capture that stopped working closes the stream, so a
restart never holds two streams (a device that allows one would drop the player to the keyboard).

Run options (`--input`, `--device`, `--mic-rate`) live here for this run only; saved settings are read,
never written, except when the player picks a microphone on the settings screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from breath_input.gamepad import DEFAULT_AXIS, GamepadSource, TriggerState
from breath_input.sources import BreathSource, KeyboardSource, PacerGuide, WithKeyboard
from game.inputs.native_noise import quiet_native_stderr
from game.records.storage import Settings

if TYPE_CHECKING:
    from breath_input.calibration_profile import CalibrationProfile
    from breath_input.frame_model import FrameModel
    from breath_input.mic import Capture

SourceBuilder = Callable[["SourceProvider", "PacerGuide | None"], BreathSource]
CaptureOpener = Callable[..., "tuple[Capture, str | None]"]  # (device=, sample_rate=) -> (capture, note)


class CaptureHandle:
    """One user's view of the shared capture: drain, problem and close, as a Capture has.

    Closing lets go (the stream stays open for the next user), unless the capture has a problem: then the
    provider closes it, and the next handle opens the device afresh (a microphone plugged back in).
    """

    def __init__(self, provider: SourceProvider, capture: Capture) -> None:
        self._provider = provider
        self._capture: Capture | None = capture
        self.sample_rate = capture.sample_rate
        self.device_name = capture.device_name
        self.backend = capture.backend
        capture.drain()  # audio queued while nobody listened belongs to no one

    def drain(self) -> list[np.ndarray]:
        return self._capture.drain() if self._capture is not None else []

    def problem(self) -> str | None:
        if self._capture is None:
            return "The microphone was let go."
        return self._capture.problem()

    def close(self) -> None:
        if self._capture is not None:
            self._provider._release(self._capture)
            self._capture = None


class SourceProvider:
    """Builds the breath source for each play from the run's `--input`, and shares the one microphone.

    Args:
        build: what `--input` asked for (game/inputs/play_inputs.py `source_builder`).
        settings: the saved settings (breath key, its mapping, the chosen microphone); read only.
        notices: the app's notices, for plain-words news about the microphone.
        calibration_for: a device's saved calibration profile, or None.
        device: `--device` for this run; never saved (the settings screen keeps a lasting choice).
        open_capture: opens a capture (tests pass a scripted one); default: PortAudio, then SDL.
    """

    def __init__(
        self,
        build: SourceBuilder,
        *,
        settings: Settings,
        notices: list[str],
        calibration_for: Callable[[str], CalibrationProfile | None] = lambda device: None,
        device: str | None = None,
        open_capture: CaptureOpener | None = None,
        gamepad: TriggerState | None = None,
    ) -> None:
        self.build = build
        self.pad = gamepad if gamepad is not None else TriggerState()  # the edge keeps its axes up to date
        self.settings = settings
        self.notices = notices
        self.calibration_for = calibration_for
        self.run_device = device or None
        self._open_capture = open_capture
        self._capture: Capture | None = None
        self._capture_key: tuple[str, int] | None = None  # (device, rate) the open capture was opened for
        self._users = 0
        self.told_no_microphone = False  # the automatic input found none: said once per run
        self.told_outdated_fit: set[str] = set()  # devices whose stored fit was refused: said once per run
        self.opened = 0  # capture streams opened this run (tests check a restart opens none)
        self.exhale_style = "air"  # the level being opened: "hum" builds detectors that hear hums as exhales

    # -- for plays -----------------------------------------------------------------------------------------
    def open(self, pacer: PacerGuide | None = None, *, exhale_style: str = "air") -> BreathSource:
        """A fresh source for one play; `pacer` is the play's pacer, for sources that follow it;
        `exhale_style` is the level's (a builder that hears audio reads it while building)."""
        self.exhale_style = exhale_style
        with quiet_native_stderr():  # opening a microphone probes every sound card, loudly
            return self.build(self, pacer)

    def keyboard(self) -> KeyboardSource:
        return KeyboardSource(invert=self.settings.invert_breath_key)

    def gamepad(self, axis: int = DEFAULT_AXIS) -> BreathSource:
        """The pad's trigger, with the breath key as a safety net; with no pad the play says so and swaps to
        the key (GamepadSource's status names the problem)."""
        return WithKeyboard(GamepadSource(self.pad, axis=axis), self.keyboard())

    @property
    def key_name(self) -> str:
        return self.settings.breath_key.upper()

    def microphone(self, *, sample_rate: int = 16000, asked: bool = True) -> BreathSource:
        """The microphone with the keyboard as a safety net; the keyboard alone (and a notice) if none opens.

        Args:
            asked: the player chose the microphone. With the automatic choice (False), a missing microphone
                is no error: most keyboard players have none, so they hear it once per run, in plain words.
        """
        from breath_input.detector import BreathDetector
        from breath_input.mic import MicSource, MicUnavailable

        try:
            handle = self.capture(sample_rate=sample_rate)
        except MicUnavailable as e:
            if asked:
                self.notices.append(f"{e} Playing with {self.key_name} for now.")
            elif not self.told_no_microphone:
                self.told_no_microphone = True
                self.notices.append(f"No microphone in use: playing with {self.key_name}.")
            return self.keyboard()
        profile = self.calibration_for(handle.device_name)
        hum = self.exhale_style == "hum"
        model = self.fitted_model(profile)
        mic = MicSource(
            handle, lambda rate: BreathDetector(rate, profile=profile, model=model, hum=hum), log_hops=not hum
        )
        return WithKeyboard(mic, self.keyboard())

    def fitted_model(self, profile: CalibrationProfile | None) -> FrameModel | None:
        """The classifier the microphone check fitted for this device, or None for the shipped one.

        A damaged layer, or one fitted for an older detector, is said once per run in plain words; the play
        goes on with the shipped model.
        """
        if profile is None or profile.adaptation is None:
            return None
        from breath_input.adaptation import model_from_layer
        from breath_input.frame_model import default_model

        try:
            return model_from_layer(profile.adaptation, default_model())
        except ValueError as e:
            if profile.device not in self.told_outdated_fit:
                self.told_outdated_fit.add(profile.device)
                self.notices.append(
                    f"The microphone check's fit no longer applies ({e}): the game uses its usual ear. "
                    "Run the microphone check again to fit it to your breath."
                )
            return None

    # -- the shared microphone -----------------------------------------------------------------------------
    @property
    def device(self) -> str | None:
        """The microphone to use: `--device` for this run, else the one chosen in settings (None: default)."""
        return self.run_device or self.settings.device or None

    def choose_device(self, name: str) -> None:
        """The player picked a microphone on the settings screen: it wins over `--device` from now on."""
        self.settings.device = name
        self.run_device = None

    def capture(self, *, sample_rate: int = 16000) -> CaptureHandle:
        """A handle on the run's microphone, opening it if it isn't open (raises MicUnavailable)."""
        key = (self.device or "", sample_rate)
        if self._capture is not None:
            self._capture.drain()  # audio queued while nobody listened: dropped, and proof the stream lives
        if self._capture is not None and (self._capture_key != key or self._capture.problem()):
            if self._users == 0:  # another device or rate asked for, or the old one failed: start afresh
                self._close_capture()
        if self._capture is None:
            self._capture = self._open(sample_rate)
            self._capture_key = key
        self._users += 1
        return CaptureHandle(self, self._capture)

    def _open(self, sample_rate: int) -> Capture:
        from breath_input.mic import open_capture  # sounddevice loads only when a microphone is wanted

        opener = self._open_capture or open_capture
        with quiet_native_stderr():
            capture, note = opener(device=self.device, sample_rate=sample_rate)
        self.opened += 1
        if note:
            self.notices.append(f"Using SDL's audio capture: PortAudio could not open a microphone ({note})")
        return capture

    def _release(self, capture: Capture) -> None:
        if capture is not self._capture:
            return
        self._users = max(0, self._users - 1)
        if self._users == 0 and capture.problem():
            self._close_capture()

    def _close_capture(self) -> None:
        if self._capture is not None:
            self._capture.close()
        self._capture, self._capture_key, self._users = None, None, 0

    def close(self) -> None:
        """The run is over: close the microphone stream."""
        self._close_capture()


def keyboard_builder(inputs: SourceProvider, pacer: PacerGuide | None) -> BreathSource:
    """The input when none is asked for: the breath key."""
    return inputs.keyboard()
