"""The microphone: a sounddevice (PortAudio) stream, or SDL's own capture when PortAudio is missing.

The audio callback only copies samples into a bounded deque; the detector runs on the main thread when the
game drains it. sounddevice is imported here only, and only when a stream is opened: the import itself
raises OSError on a machine without the PortAudio library.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from breath_input.hop_log import HopLog
from breath_input.types import QUIET, BreathReading, Phase, SourceStatus

SAMPLE_RATE = 16000
BLOCK_S = 0.01
QUEUE_S = 5.0  # audio kept while the game is busy; older blocks are dropped, never waited for
SILENT_STREAM_S = 3.0  # no audio for this long from a stream that was delivering: the device has gone
OVERFLOW_LIMIT = 25  # overflows within OVERFLOW_WINDOW_S: the stream can't keep up, so stop trusting it
OVERFLOW_WINDOW_S = 5.0
FIRST_AUDIO_S = 6.0  # a stream just opened may take a while to start (an idle audio server wakes slowly)

HOP_CLASS = {Phase.EXHALE: 1, Phase.INHALE: 2}  # the classifier's classes; anything else is "other" (0)

PORTAUDIO_FIX = "Install the PortAudio library (on Debian/Ubuntu: sudo apt install libportaudio2)."


class MicUnavailable(Exception):
    """No microphone can be opened. The message is plain words with the fix, ready for the screen."""


@dataclass(frozen=True)
class InputDevice:
    index: int | str
    name: str
    channels: int
    default_rate: float
    is_default: bool
    backend: str


def _import_sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as e:
        raise MicUnavailable(
            f"Microphone unavailable: the PortAudio library is missing. {PORTAUDIO_FIX}"
        ) from e
    return sounddevice


def list_devices() -> tuple[list[InputDevice], str | None]:
    """Input devices by the backend that would be used, and a note when PortAudio can't be used."""
    note = None
    try:
        sd = _import_sounddevice()
        devices = []
        try:
            default_in = sd.default.device[0]
            for i, d in enumerate(sd.query_devices()):
                if d["max_input_channels"] > 0:
                    api = sd.query_hostapis(d["hostapi"])["name"]
                    devices.append(
                        InputDevice(
                            i,
                            d["name"],
                            d["max_input_channels"],
                            d["default_samplerate"],
                            i == default_in,
                            f"PortAudio/{api}",
                        )
                    )
        except Exception as e:  # PortAudioError when no audio system answers
            note = f"PortAudio found no audio system: {e}"
        if devices:
            return devices, note
    except MicUnavailable as e:
        note = str(e)
    return sdl_devices(), note


def sdl_devices() -> list[InputDevice]:
    if os.environ.get("SDL_AUDIODRIVER") == "dummy":
        return []
    try:
        import pygame
        from pygame._sdl2 import audio as sdl_audio

        pygame.init()
        names = sdl_audio.get_audio_device_names(True)
    except Exception:
        return []
    return [InputDevice(name, name, 1, SAMPLE_RATE, i == 0, "SDL") for i, name in enumerate(names)]


class Capture:
    """Audio blocks from some backend, handed over through a bounded deque.

    NB: the deque is the only state shared with the audio thread; deque appends and pops are atomic.
    """

    backend = "none"

    def __init__(self, *, sample_rate: int = SAMPLE_RATE, block_s: float = BLOCK_S) -> None:
        self.sample_rate = sample_rate
        self.block = max(16, int(sample_rate * block_s))
        self.blocks: collections.deque[np.ndarray] = collections.deque(maxlen=int(QUEUE_S / block_s))
        self.overflows = 0
        self.error: str | None = None
        self.last_audio = time.monotonic()
        self.started = False  # no audio has arrived yet
        self.device_name = ""
        self._overflow_mark = (
            time.monotonic(),
            0,
        )  # (when, overflows then): the window overflows are counted in

    def drain(self) -> list[np.ndarray]:
        """All blocks captured since the last call, oldest first. Main thread."""
        out = []
        while True:
            try:
                out.append(self.blocks.popleft())
            except IndexError:
                break
        if out:
            self.last_audio = time.monotonic()
            self.started = True
        return out

    def problem(self) -> str | None:
        """Why this capture stopped, in plain words, or None while it works."""
        if self.error:
            return self.error
        now = time.monotonic()
        since, count = self._overflow_mark
        if self.overflows - count > OVERFLOW_LIMIT:
            self.error = "The microphone is overloaded (sound arrived faster than it could be read)."
            return self.error
        if now - since > OVERFLOW_WINDOW_S:
            self._overflow_mark = (now, self.overflows)
        if now - self.last_audio > (SILENT_STREAM_S if self.started else FIRST_AUDIO_S):
            return "The microphone stopped sending sound (unplugged or the audio system stopped)."
        return None

    def close(self) -> None:
        pass


class PortAudioCapture(Capture):
    backend = "PortAudio"

    def __init__(
        self, *, device: int | str | None = None, sample_rate: int = SAMPLE_RATE, block_s: float = BLOCK_S
    ) -> None:
        super().__init__(sample_rate=sample_rate, block_s=block_s)
        sd = _import_sounddevice()
        self._sd = sd
        try:
            info = sd.query_devices(device, "input")
        except Exception as e:
            raise MicUnavailable("No microphone found. Plug one in and restart the level.") from e
        self.device_name = str(info["name"])
        # Shared state exists before the stream starts: the callback may fire at once.
        try:
            self._stream = sd.InputStream(
                device=device,
                channels=1,
                samplerate=sample_rate,
                blocksize=self.block,
                dtype="float32",
                latency="low",
                callback=self._callback,
                finished_callback=self._finished,
            )
            self._stream.start()
        except Exception as e:
            raise MicUnavailable(f"The microphone could not be opened ({e}).") from e
        self.last_audio = time.monotonic()

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        """Runs on PortAudio's thread: must not block. Copy the samples, count overflows, nothing more."""
        try:
            if status.input_overflow:
                self.overflows += 1
            self.blocks.append(indata[:, 0].copy())
        except Exception as e:  # never let an exception vanish on the audio thread
            self.error = f"The microphone stream failed ({e})."
            raise self._sd.CallbackAbort from e

    def _finished(self) -> None:
        """Runs on PortAudio's thread when the stream ends on its own."""
        if self.error is None:
            self.error = "The microphone stream ended (the device went away)."

    def problem(self) -> str | None:
        if self.error is None and not self._stream.active:
            self.error = "The microphone stream stopped."
        return super().problem()

    def close(self) -> None:
        try:
            self._stream.abort()
            self._stream.close()
        except Exception:
            pass


class SDLCapture(Capture):
    """pygame's own SDL2 capture: a microphone after a plain pip install, where SDL can see one."""

    backend = "SDL"

    def __init__(
        self, *, device: str | None = None, sample_rate: int = SAMPLE_RATE, block_s: float = BLOCK_S
    ) -> None:
        super().__init__(sample_rate=sample_rate, block_s=block_s)
        if os.environ.get("SDL_AUDIODRIVER") == "dummy":
            # The dummy driver "captures" silence: that is no microphone at all.
            raise MicUnavailable("No microphone found. Plug one in and restart the level.")
        try:
            import pygame
            from pygame._sdl2 import audio as sdl_audio

            pygame.init()
            names = sdl_audio.get_audio_device_names(True)
        except Exception as e:
            raise MicUnavailable(f"SDL audio capture is not available ({e}).") from e
        if not names:
            raise MicUnavailable("No microphone found. Plug one in and restart the level.")
        name = device if device in names else names[0]
        self.device_name = name
        self._lock = threading.Lock()
        try:
            self._dev = sdl_audio.AudioDevice(
                devicename=name,
                iscapture=True,
                frequency=sample_rate,
                audioformat=sdl_audio.AUDIO_F32,
                numchannels=1,
                chunksize=self.block,
                allowed_changes=sdl_audio.AUDIO_ALLOW_FREQUENCY_CHANGE,
                callback=self._callback,
            )
            self.sample_rate = int(self._dev.frequency)
            self._dev.pause(0)
        except Exception as e:
            raise MicUnavailable(f"The microphone could not be opened through SDL ({e}).") from e
        self.last_audio = time.monotonic()

    def _callback(self, device: Any, memory: Any) -> None:
        """Runs on SDL's audio thread: copy and return."""
        self.blocks.append(np.frombuffer(bytes(memory), dtype=np.float32).copy())

    def close(self) -> None:
        try:
            self._dev.close()
        except Exception:
            pass


def open_capture(*, device: str | None = None, sample_rate: int = SAMPLE_RATE) -> tuple[Capture, str | None]:
    """PortAudio first, then SDL. Returns the capture and a note when PortAudio was skipped."""
    dev: int | str | None = int(device) if device and device.isdigit() else (device or None)
    try:
        return PortAudioCapture(device=dev, sample_rate=sample_rate), None
    except MicUnavailable as first:
        try:
            return SDLCapture(device=device, sample_rate=sample_rate), str(first)
        except MicUnavailable:
            raise first from None


class AudioFeed(Protocol):
    """Audio blocks as a capture hands them over: a Capture, or a handle on a shared one."""

    sample_rate: int
    device_name: str
    backend: str

    def drain(self) -> list[np.ndarray]: ...

    def problem(self) -> str | None: ...

    def close(self) -> None: ...


class MicSource:
    """The microphone as a breath source: drains the capture and runs the detector, on the main thread.

    Readings keep the detector's sample-clock time (seconds of audio heard), not the game's: the gap between
    the two is how late the breath reaches the screen.
    """

    def __init__(
        self, capture: AudioFeed, detector_factory: Callable[[int], Any], *, log_hops: bool = False
    ) -> None:
        """`log_hops`: keep the last minutes of the classifier's measurements (:attr:`hops`, never audio),
        so play can refit the ear to this microphone."""
        self.capture = capture
        self.detector = detector_factory(capture.sample_rate)
        self.hops: HopLog | None = None
        if log_hops:
            self.hops = HopLog(self.detector.hop_s, self.detector.model)
            self.detector.measurement_log = []
        self.name = f"mic:{capture.backend}"
        self.last: BreathReading = QUIET
        self.readings_total = 0
        self.level_db: float | None = None  # loudness of the latest audio, for refining the calibration

    def read(self, t: float) -> BreathReading:
        blocks = self.capture.drain()
        if blocks:
            audio = blocks[0] if len(blocks) == 1 else np.concatenate(blocks)
            self.level_db = float(10.0 * np.log10(np.dot(audio, audio) / max(1, audio.size) + 1e-12))
            # One call for everything queued since the last step: the detector's cost is mostly per call.
            readings = self.detector.process(audio)
            if self.hops is not None:
                self._log(readings, t)
            if readings:
                self.last = readings[-1]
                self.readings_total += len(readings)
        return self.last

    def _log(self, readings: list[BreathReading], t: float) -> None:
        rows = self.detector.measurement_log
        if readings and rows:
            assert self.hops is not None
            self.hops.add(
                np.concatenate(rows),
                np.array([HOP_CLASS.get(r.phase, 0) for r in readings], dtype=np.int8),
                np.array([r.confidence for r in readings]),
                np.array([r.t for r in readings]),
                t,
            )
        rows.clear()

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        pass  # the keyboard safety net around the microphone (WithKeyboard) hears the key

    def status(self) -> SourceStatus:
        return SourceStatus(
            backend=self.capture.backend,
            device=self.capture.device_name,
            microphone=True,
            listens=True,
            level_db=self.level_db,
            noise_floor_db=self.detector.noise_floor_db,
            problem=self.capture.problem(),
            hum=self.detector.hum_status(),
            hops=self.hops,
        )

    def breaths_per_minute(self) -> float | None:
        rate = self.detector.breaths_per_minute()
        return None if rate is None else float(rate)

    def close(self) -> None:
        self.capture.close()
