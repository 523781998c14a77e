"""`--input` specs -> what builds each play's breath source.

The specs: auto, keyboard, mic, gamepad[:AXIS] (a trigger), wav:FILE, keys:FILE, replay:FILE, synthetic:NAME.
The provider (game/inputs/source_provider.py) calls the builder once per play, handing itself in as the
`Sources` a builder may draw on (and nothing more).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from breath_input.gamepad import DEFAULT_AXIS
from breath_input.responsive import ALL_BREATHERS, make_breather
from breath_input.sources import BreathSource, KeyScriptSource, PacerGuide


class Sources(Protocol):
    """What a builder may ask of the run's breath input: the shared inputs, and the level's exhale style."""

    @property
    def exhale_style(self) -> str: ...
    def keyboard(self) -> BreathSource: ...
    def gamepad(self, axis: int = ...) -> BreathSource: ...
    def microphone(self, *, sample_rate: int = ..., asked: bool = ...) -> BreathSource: ...


#: Builds one play's source; `pacer` is the play's, for the sources that follow it.
InputBuilder = Callable[[Sources, "PacerGuide | None"], BreathSource]


class InputSpecError(ValueError):
    """A --input value we can't use; the message says what would work."""


def source_builder(spec: str, *, mic_rate: int = 16000) -> InputBuilder:
    """Check `spec` now (so a typo fails before a window opens) and return what builds each play's source."""
    kind, _, arg = spec.partition(":")
    if kind == "keyboard":

        def keyboard(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            return inputs.keyboard()

        return keyboard
    if kind == "gamepad":
        try:
            axis = int(arg) if arg else DEFAULT_AXIS
        except ValueError:
            raise InputSpecError(
                f"--input gamepad:AXIS takes the trigger's axis number, not {arg!r}"
            ) from None

        def gamepad(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            return inputs.gamepad(axis)

        return gamepad
    if kind in ("auto", "mic"):

        def microphone(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            return inputs.microphone(sample_rate=mic_rate, asked=kind == "mic")

        return microphone
    if kind == "wav":
        if not arg:
            raise InputSpecError("--input wav:FILE needs a WAV file")
        try:
            from breath_input.wavfile import open_wav

            open_wav(arg).close()  # the header and format, checked now; the samples stream during play
        except (OSError, ValueError) as e:
            raise InputSpecError(f"cannot use {arg} as a recording: {e}") from None

        def recording(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            from breath_input.detector import BreathDetector
            from breath_input.recorded import RecordedSource

            hum = inputs.exhale_style == "hum"  # the level's: a hummed exhale is heard as one
            return RecordedSource(arg, lambda rate: BreathDetector(rate, hum=hum))

        return recording
    if kind == "replay":
        from game.records.replay import Recording, ReplayError, ReplaySource

        try:
            recorded = Recording.load(arg)
        except ReplayError as e:
            raise InputSpecError(str(e)) from None

        def replay(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
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

        def keys(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            return script

        return keys
    if kind == "synthetic":
        if arg not in ALL_BREATHERS:  # simulate's seven, those that respond to the level too
            names = ", ".join(ALL_BREATHERS)
            raise InputSpecError(f"--input synthetic:NAME takes one of {names}; got {arg!r}")

        def synthetic(inputs: Sources, pacer: PacerGuide | None) -> BreathSource:
            return make_breather(arg, pacer=pacer, seed=1)

        return synthetic
    raise InputSpecError(
        f"unknown --input {spec!r}; use auto, keyboard, mic, gamepad[:AXIS], wav:FILE, keys:FILE, "
        f"replay:FILE "
        f"or synthetic:{'|'.join(ALL_BREATHERS)}"
    )
