"""Keyboard nuance and the gamepad (issue 14, item 9): a pad's analog trigger is a breath source with real
flow 0..1, and the soft key (V) breathes gently, so "gentle beats forceful" means something without a
microphone."""

from __future__ import annotations

import pygame
import pytest

from breath_input.gamepad import GamepadSource, TriggerState
from breath_input.sources import KEY_FLOW, SOFT_KEY_FLOW, KeyboardSource
from breath_input.types import Phase
from game.content.loader import load_level_text
from game.content.model import Level
from game.inputs.play_inputs import InputSpecError, source_builder
from game.scenes.play import PlayScene
from game.sim.loop import STEP_S, FixedStep
from game.sim.session import PlaySession
from game.window.input import InputReader, soft_key_for

CANDLE = (
    "id: soft-candle\ntitle: Soft candle\nscene: candle\nscene_params: {soft_max: 0.5}\n"
    "pattern: {inhale: 3, exhale: 5}\ncycles: 3\n"
)


def level(text: str) -> Level:
    lv, _ = load_level_text(text, "x.yaml")
    assert isinstance(lv, Level)
    return lv


def test_a_trigger_reads_as_flow_from_its_rest_to_fully_pressed():
    pad = TriggerState()
    source = GamepadSource(pad, axis=5)
    assert source.status().problem == "No gamepad found."  # the play then swaps to the key, and says so
    pad.opened("Test pad", {5: -1.0})  # this driver rests its triggers at -1
    assert source.status().problem is None and source.status().device == "Test pad"
    assert source.read(0.0).phase is Phase.INHALE and source.read(0.0).flow == 0.0
    pad.motion(5, 0.0)
    half = source.read(0.1)
    assert half.phase is Phase.EXHALE and half.flow == pytest.approx(0.5)
    pad.motion(5, 1.0)
    assert source.read(0.2).flow == pytest.approx(1.0)
    pad.motion(5, -0.94)  # nearly let go: 0.03, under the release threshold
    assert source.read(0.3).phase is Phase.INHALE
    # A pad whose triggers rest at 0: flow is simply how far it is pressed.
    other = TriggerState()
    other.motion(2, 0.3)
    assert GamepadSource(other, axis=2).read(0.0).flow == pytest.approx(0.3)
    with pytest.raises(InputSpecError, match="axis number"):
        source_builder("gamepad:right")


def test_the_soft_key_breathes_gently_and_eases_between_strengths():
    k = KeyboardSource()
    k.key(True, 1.0, soft=True)
    assert k.read(2.0).flow == pytest.approx(SOFT_KEY_FLOW) and k.read(2.0).phase is Phase.EXHALE
    k.key(True, 3.0)  # the breath key joins: a full breath, eased, not a jump
    assert SOFT_KEY_FLOW < k.read(3.1).flow < KEY_FLOW
    assert k.read(4.0).flow == pytest.approx(KEY_FLOW)
    k.key(False, 5.0)
    assert k.read(6.0).flow == pytest.approx(0.0) and k.read(6.0).phase is Phase.INHALE
    plain = KeyboardSource()
    plain.key(True, 0.0)
    assert plain.read(0.125).flow == pytest.approx(KEY_FLOW / 2)  # the same soft ramp as ever
    assert soft_key_for("space") == "v" and soft_key_for("v") == "b"


def _post_key(k: int, down: bool) -> None:
    kind = pygame.KEYDOWN if down else pygame.KEYUP
    pygame.event.post(pygame.event.Event(kind, key=k, mod=0, unicode="", scancode=0))


def test_the_reader_tells_the_soft_key_from_the_breath_key(app):
    pygame.event.clear()
    reader = InputReader("space")
    _post_key(pygame.K_v, True)
    got = reader.poll()
    assert got.breath_changes == [True] and got.breath_soft == [True]
    _post_key(pygame.K_SPACE, True)  # both held: a full breath
    got = reader.poll()
    assert got.breath_changes == [True] and got.breath_soft == [False]
    _post_key(pygame.K_SPACE, False)  # back to the soft key alone
    got = reader.poll()
    assert got.breath_changes == [True] and got.breath_soft == [True]
    _post_key(pygame.K_v, False)
    assert reader.poll().breath_changes == [False]


def _breathe(session: PlaySession, source: KeyboardSource, *, soft: bool) -> None:
    """Follow the guide (3 s in, 5 s out) with the key, soft or full, to the end."""
    t = 0.0
    while not session.finished and session.t < 40:
        phase = session.pacer_state.phase if session.t >= 0 else "lead"
        want = phase == "exhale"
        source.key(want, session.t, soft=soft)
        session.step(STEP_S, source)
        t += STEP_S


def test_on_the_candle_the_soft_key_lights_the_sill_and_the_full_one_does_not():
    lv = level(CANDLE)
    earned = {}
    for soft in (True, False):
        session = PlaySession(lv)
        _breathe(session, KeyboardSource(), soft=soft)
        earned[soft] = session.scene.earned
        peaks = [b.peak_flow for b in session.breaths]
        assert peaks and max(peaks) == pytest.approx(SOFT_KEY_FLOW if soft else KEY_FLOW, abs=0.02)
    assert earned[True] >= 2 and earned[False] == 0


def test_a_play_hears_the_trigger_through_pygame_events(app):
    """Synthetic JOYAXISMOTION events (the dummy driver passes them) move the play's breath."""
    app.inputs.build = source_builder("gamepad")
    play = PlayScene(app, level(CANDLE), show_intro=False)
    app.stack.append(play)
    pygame.event.clear()
    stepper = FixedStep()
    # The dummy driver has no pad to open: a pad's first report, its trigger at rest, stands in for one.
    pygame.event.post(pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=5, value=0.0))
    app.frame(0.0, stepper)
    play.enter()
    for _ in range(round(3.2 / STEP_S)):  # the lead-in
        app.frame(STEP_S, stepper)
    assert "No gamepad" not in " ".join(app.all_notices())
    pygame.event.post(pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=5, value=0.4))
    for _ in range(10):
        app.frame(STEP_S, stepper)
    assert play.session.reading.phase is Phase.EXHALE
    assert play.session.reading.flow == pytest.approx(0.4)
    assert "Squeeze the trigger" in play._how_to_breathe()
    pygame.event.post(pygame.event.Event(pygame.JOYAXISMOTION, joy=0, instance_id=0, axis=5, value=0.0))
    for _ in range(10):
        app.frame(STEP_S, stepper)
    assert play.session.reading.phase is Phase.INHALE


def test_no_pad_means_the_key_and_a_notice(app):
    app.inputs.build = source_builder("gamepad")
    play = PlayScene(app, level(CANDLE), show_intro=False)
    app.stack.append(play)
    play.enter()
    stepper = FixedStep()
    pygame.event.clear()
    app.frame(STEP_S, stepper)
    app.frame(STEP_S, stepper)
    assert "No gamepad found. Using SPACE instead." in app.all_notices()
    assert play.source.name == "keyboard"
