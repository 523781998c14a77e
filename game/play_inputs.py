"""`--input` specs -> breath source factories: auto, keyboard, mic, wav:FILE, keys:FILE, synthetic:NAME."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from breath_input.sources import BREATHERS, BreathSource, KeyScriptSource, SyntheticBreather

if TYPE_CHECKING:
    from game.app import App, SourceFactory
    from game.sim.session import PlaySession


class InputSpecError(ValueError):
    """A --input value we can't use; the message says what would work."""


def source_factory(spec: str, *, mic_rate: int = 16000) -> SourceFactory:
    """Check `spec` now (so a typo fails before a window opens) and return a factory for each play."""
    kind, _, arg = spec.partition(":")
    if kind == "keyboard":

        def keyboard(app: App, session: object) -> BreathSource:
            return app.keyboard_source()

        return keyboard
    if kind in ("auto", "mic"):

        def microphone(app: App, session: object) -> BreathSource:
            return open_microphone(app, sample_rate=mic_rate, asked=kind == "mic")

        return microphone
    if kind == "wav":
        if not arg:
            raise InputSpecError("--input wav:FILE needs a WAV file")
        try:
            from breath_input.wavfile import read_wav

            read_wav(arg)
        except (OSError, ValueError) as e:
            raise InputSpecError(f"cannot use {arg} as a recording: {e}") from None

        def recording(app: App, session: object) -> BreathSource:
            from breath_input.detector import BreathDetector
            from breath_input.recorded import RecordedSource

            return RecordedSource(arg, lambda rate: BreathDetector(rate))

        return recording
    if kind == "replay":
        from game.replay import Recording, ReplayError, ReplaySource

        try:
            recorded = Recording.load(arg)
        except ReplayError as e:
            raise InputSpecError(str(e)) from None

        def replay(app: App, session: object) -> BreathSource:
            return ReplaySource(recorded, name=f"replay:{Path(arg).name}")

        return replay
    if kind == "keys":
        if not arg:
            raise InputSpecError("--input keys:FILE needs a file of 'down_s up_s' lines")
        try:
            script = KeyScriptSource.from_file(arg)
        except OSError as e:
            raise InputSpecError(f"cannot read key script {arg}: {e.strerror}") from None
        except ValueError as e:
            raise InputSpecError(str(e)) from None

        def keys(app: App, session: object) -> BreathSource:
            return script

        return keys
    if kind == "synthetic":
        if arg not in BREATHERS:
            raise InputSpecError(f"--input synthetic:NAME takes one of {', '.join(BREATHERS)}; got {arg!r}")

        def synthetic(app: App, session: object) -> BreathSource:
            played = _is_session(session)
            spans = played.pacer.exhale_spans() if played else []
            return SyntheticBreather(arg, guide=spans, seed=1)

        return synthetic
    raise InputSpecError(
        f"unknown --input {spec!r}; use auto, keyboard, mic, wav:FILE, keys:FILE, replay:FILE "
        f"or synthetic:{'|'.join(BREATHERS)}"
    )


def open_microphone(app: App, *, sample_rate: int = 16000, asked: bool = True) -> BreathSource:
    """The microphone with the keyboard as a safety net; the keyboard alone (and a notice) if none opens.

    Args:
        asked: the player chose the microphone. With the automatic choice (False), a missing microphone is
            no error: most keyboard players have none, so they hear it once per run, in plain words.
    """
    from breath_input.detector import BreathDetector
    from breath_input.mic import MicSource, MicUnavailable, open_capture
    from breath_input.recorded import WithKeyboard

    try:
        capture, note = open_capture(device=app.settings.device or None, sample_rate=sample_rate)
    except MicUnavailable as e:
        key = app.settings.breath_key.upper()
        if asked:
            app.notices.append(f"{e} Playing with {key} for now.")
        elif not app.told_no_microphone:
            app.told_no_microphone = True
            app.notices.append(f"No microphone in use: playing with {key}.")
        return app.keyboard_source()
    if note:
        app.notices.append(f"Using SDL's audio capture: PortAudio could not open a microphone ({note})")
    profile = app.calibration_for(capture.device_name)
    mic = MicSource(capture, lambda rate: BreathDetector(rate, profile=profile))
    return WithKeyboard(mic, app.keyboard_source())


def _is_session(obj: object) -> PlaySession | None:
    from game.sim.session import PlaySession

    return obj if isinstance(obj, PlaySession) else None
