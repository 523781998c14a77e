"""The eyes-closed guide's schedule, pure: what the controller asks to play, and when (no pygame, no WAV)."""

from __future__ import annotations

from dataclasses import replace

from breath_input.sources import KeyboardSource, KeyScriptSource
from game.content.loader import load_level_text
from game.content.model import Level
from game.sim.loop import STEP_S
from game.sim.pacer import Pacer
from game.sim.play_controller import (
    EchoLevel,
    GoalMet,
    GoToResults,
    PlayController,
    PlayCue,
    PlayPorts,
    PlaySound,
)
from game.sim.sound_plan import ECHO_ATTACK_S, GuideMix, SoundPlan, sample

BOX = """id: box
title: Box
pattern: {inhale: 3, hold_in: 2, exhale: 4, hold_out: 2}
cycles: 3
audio_guide: true
goals:
  - {kind: long_exhales, seconds: 3, count: 2}
  - {kind: average_exhale, seconds: 3}
"""


def box():
    level, problems = load_level_text(BOX, "box.yaml")
    assert level is not None, problems
    return level


def controller(level, source, **kw) -> PlayController:
    ports = PlayPorts(
        open_source=lambda pacer: source,
        keyboard=KeyboardSource,
        key_name=lambda: "SPACE",
        calibration_for=lambda device: None,
        mic_check_due=lambda: False,
    )
    return PlayController(level, ports, show_intro=False, **kw)


def play_out(play: PlayController) -> list[tuple[float, object]]:
    out = []
    for _ in range(int(600 / STEP_S)):
        effects = play.step(STEP_S)
        out += [(play.clock_s, e) for e in effects]
        if any(isinstance(e, GoToResults) for e in effects):
            break
    return out


def calm_keys(level) -> KeyScriptSource:
    return KeyScriptSource([(a + 0.1, b - 0.05) for a, b in Pacer(level).exhale_spans()])


def test_the_box_is_counted_in_then_each_phase_sounds_once_for_the_time_it_lasts():
    level = box()
    sounds = [e.sound for _, e in play_out(controller(level, KeyboardSource())) if isinstance(e, PlaySound)]
    kinds = [s.kind for s in sounds]
    assert kinds == ["count"] * 3 + ["inhale", "hold_in", "exhale", "hold_out"] * 3 + ["end"]
    pacer = Pacer(level)
    for s in sounds:
        assert 0 <= s.at_s - s.boundary_s <= STEP_S + 1e-9
        if s.kind in ("inhale", "exhale"):  # the swell lasts the whole phase, from its boundary
            assert s.boundary_s + s.seconds == pytest_approx(
                s.boundary_s + (3.0 if s.kind == "inhale" else 4.0)
            )
    assert sounds[-1].at_s == pytest_approx(pacer.total_s, STEP_S)
    assert sounds[-1].count == 0, "no breath, no stars: the end says so with no star chimes"


def pytest_approx(x, tol=1e-6):
    import pytest

    return pytest.approx(x, abs=tol)


def test_plain_cues_when_the_guide_is_off_and_the_setting_turns_it_on():
    level = replace(box(), audio_guide=False)
    plain = play_out(controller(level, KeyboardSource()))
    assert not any(isinstance(e, PlaySound | EchoLevel | GoalMet) for _, e in plain)
    assert [e.name for _, e in plain if isinstance(e, PlayCue)] == ["inhale", "exhale"] * 3
    guided = play_out(controller(level, KeyboardSource(), audio_guide=True))
    assert not any(isinstance(e, PlayCue) for _, e in guided)
    assert any(isinstance(e, PlaySound) for _, e in guided)


def test_a_goal_is_told_once_when_met_and_an_average_goal_waits_for_enough_breaths():
    level = box()
    events = play_out(controller(level, calm_keys(level)))
    met = [(t, e.label) for t, e in events if isinstance(e, GoalMet)]
    chimes = [t for t, e in events if isinstance(e, PlaySound) and e.sound.kind == "goal"]
    assert [label for _, label in met] == ["2 exhales of 3 s or longer"], "the average goal: only 3 breaths"
    assert chimes == [t for t, _ in met]
    second_exhale_end = Pacer(level).exhale_spans()[1][1]
    assert second_exhale_end - 0.1 <= met[0][0] <= second_exhale_end + 2.5
    end = [e.sound for _, e in events if isinstance(e, PlaySound) and e.sound.kind == "end"]
    assert end[0].count == 2, "the end's star chimes count the stars of the whole session"


def test_the_echo_follows_the_held_key_gently_and_lets_go_of_an_endless_exhale():
    level = box()
    plan = SoundPlan(GuideMix(echo=1.0))
    levels = []
    for k in range(int(30 / STEP_S)):  # one "exhale" held for 30 s: the cap (1.5 x 4 s + 1) lets go
        level_now = plan.echo(0.8, k * STEP_S, 1.5 * 4 + 1, STEP_S)
        levels.append(plan.echo_level if level_now is None else level_now)
    steps = [abs(b - a) for a, b in zip(levels, levels[1:], strict=False)]
    assert max(levels) > 0.1 and max(steps) <= 0.2 * STEP_S / ECHO_ATTACK_S + 1e-9
    assert levels[-1] == 0.0 and levels[int(6 / STEP_S)] > 0
    # In a play: the echo rises during each held exhale and is silent again after it.
    events = play_out(controller(level, calm_keys(level), sound_mix=GuideMix(echo=1.0)))
    echo = [(t, e.level) for t, e in events if isinstance(e, EchoLevel)]
    for a, b in Pacer(level).exhale_spans():
        assert max(v for t, v in echo if a < t < b) > 0.05
    assert echo[-1][1] == 0.0


def test_a_resumed_phase_sounds_again_from_now_with_a_fresh_swell():
    level = box()
    play = controller(level, KeyboardSource())
    for _ in range(int(4.0 / STEP_S)):  # 1 s into the first inhale (after the 3-2-1)
        play.step(STEP_S)
    play.resume()
    again = [e.sound for e in play.step(STEP_S) if isinstance(e, PlaySound)]
    assert [s.kind for s in again] == ["inhale"]
    assert again[0].boundary_s == again[0].at_s, "shaped from now: it fades in, never starts mid-swell"
    assert again[0].at_s + again[0].seconds == pytest_approx(3.0)


def test_a_part_turned_off_is_silent_and_has_no_example():
    assert sample("chime", GuideMix(chime=0.0)) is None
    assert sample("tones", GuideMix(volume=0.0)) is None
    assert sample("markers", GuideMix()) is not None
    level = box()
    quiet = GuideMix(tones=0.0, markers=0.0, chime=0.0, end=0.0)
    events = play_out(controller(level, calm_keys(level), sound_mix=quiet))
    assert not any(isinstance(e, PlaySound) for _, e in events)
    assert any(isinstance(e, GoalMet) for _, e in events), "the goal is still met (its words still show)"


def test_the_level_option_reads_true_or_false_and_nothing_else():
    assert box().audio_guide is True
    plain, _ = load_level_text(BOX.replace("audio_guide: true\n", ""), "x.yaml")
    assert plain is not None and plain.audio_guide is False
    bad, _ = load_level_text(BOX.replace("audio_guide: true", "audio_guide: loud"), "x.yaml")
    assert not isinstance(bad, Level)
    assert [(p.line, p.message) for p in bad.problems] == [
        (5, "audio_guide: expected true or false, got 'loud'")
    ]


def test_every_phase_sound_is_asked_for_ahead_with_the_very_shape_played():
    from game.sim.play_controller import PrepareSound
    from game.sim.sound_plan import shape_key

    for text in (
        BOX,
        BOX.replace(
            "{inhale: 3, hold_in: 2, exhale: 4, hold_out: 2}", "{inhale: 3, exhale: 5, double_inhale: true}"
        ),
    ):
        level, _ = load_level_text(text, "x.yaml")
        events = play_out(controller(level, KeyboardSource()))
        ahead, missed = set(), []
        for _, e in events:
            if isinstance(e, PrepareSound):
                ahead.add(shape_key(e.sound))
            elif isinstance(e, PlaySound) and e.sound.kind not in ("count", "goal", "end"):
                if shape_key(e.sound) not in ahead:
                    missed.append((e.sound.kind, e.sound.at_s))
        assert missed == [], "the first inhale too is asked for ahead, during the 3-2-1"


def test_after_a_pause_the_echo_rises_again_from_silence():
    plan = SoundPlan(GuideMix(echo=1.0))
    for k in range(60):
        plan.echo(0.8, k * STEP_S, 10.0, STEP_S)
    assert plan.echo_level > 0.1
    plan.resume()  # the pause faded the echo out
    first = plan.echo(0.8, 1.0, 10.0, STEP_S)
    assert first is not None and 0 < first <= 0.2 * STEP_S / ECHO_ATTACK_S + 1e-9
