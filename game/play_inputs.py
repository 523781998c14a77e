"""`--input` specs -> breath source factories: keyboard, keys:FILE, synthetic:NAME (wav: and mic come later)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from breath_input.sources import BREATHERS, BreathSource, KeyScriptSource, SyntheticBreather

if TYPE_CHECKING:
    from game.app import App, SourceFactory
    from game.sim.session import PlaySession


class InputSpecError(ValueError):
    """A --input value we can't use; the message says what would work."""


def source_factory(spec: str) -> SourceFactory:
    """Check `spec` now (so a typo fails before a window opens) and return a factory for each play."""
    kind, _, arg = spec.partition(":")
    if kind in ("auto", "keyboard", "mic"):
        # The microphone arrives with the detector; until then auto and mic play with the keyboard.
        def keyboard(app: App, session: object) -> BreathSource:
            return app.keyboard_source()

        return keyboard
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
        f"unknown --input {spec!r}; use auto, keyboard, mic, keys:FILE or synthetic:{'|'.join(BREATHERS)}"
    )


def _is_session(obj: object) -> PlaySession | None:
    from game.sim.session import PlaySession

    return obj if isinstance(obj, PlaySession) else None
