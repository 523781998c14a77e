"""MicPlay: signal hints and calibration refinement only with a microphone, only while the pacer plays."""

from __future__ import annotations

from types import SimpleNamespace

from breath_input.calibration import CalibrationProfile
from breath_input.types import BreathReading, Phase
from game.mic_play import MicPlay, microphone_of


def fake_mic(level_db=-50.0, floor_db=-60.0, device="USB mic"):
    return SimpleNamespace(
        capture=SimpleNamespace(device_name=device),
        detector=SimpleNamespace(noise_floor_db=floor_db),
        level_db=level_db,
        name="mic",
    )


def session_at(t: float, *, pacer_phase: str, exhaling: bool):
    phase = Phase.EXHALE if exhaling else Phase.PAUSE
    return SimpleNamespace(
        t=t,
        pacer_state=SimpleNamespace(exhaling=pacer_phase == "exhale"),
        reading=BreathReading(t, phase, 0.5 if exhaling else 0.0, 0.9),
    )


def test_microphone_is_found_inside_its_keyboard_safety_net_and_nowhere_else():
    mic = fake_mic()
    assert microphone_of(mic) is mic
    assert microphone_of(SimpleNamespace(primary=mic, name="mic+keys")) is mic
    assert microphone_of(SimpleNamespace(name="keyboard")) is None


def test_unheard_guide_exhales_bring_the_move_closer_hint():
    play, mic = MicPlay(), fake_mic()
    for cycle in range(3):  # three guide exhales, nothing heard in any of them
        for phase in ("exhale", "inhale"):
            play.step(mic, session_at(10.0 + cycle, pacer_phase=phase, exhaling=False), show_pacer=True)
    assert play.hint is not None and "closer" in play.hint


def test_no_hint_in_the_lead_in_without_a_pacer_or_without_a_detector():
    noisy = fake_mic(floor_db=-20.0)  # a loud room: the noisy hint, when hints apply
    cases = [
        (noisy, -1.0, True),  # lead-in
        (noisy, 5.0, False),  # a level with no pacer has no schedule to compare with
        (SimpleNamespace(name="keyboard"), 5.0, True),  # the keyboard has no signal to hint about
    ]
    for source, t, show_pacer in cases:
        play = MicPlay()
        play.step(source, session_at(t, pacer_phase="exhale", exhaling=False), show_pacer=show_pacer)
        assert play.hint is None, (source, t, show_pacer)
    play = MicPlay()
    play.step(noisy, session_at(5.0, pacer_phase="exhale", exhaling=False), show_pacer=True)
    assert play.hint is not None and "noisy" in play.hint


def test_a_long_enough_mic_session_refines_the_saved_profile_of_its_device():
    play = MicPlay(step_s=1.0)
    for i in range(25):  # 25 s of quiet inhales at -60 dB, 25 s of heard exhales at -30 dB
        play.step(
            fake_mic(level_db=-60.0), session_at(i, pacer_phase="inhale", exhaling=False), show_pacer=True
        )
        play.step(
            fake_mic(level_db=-30.0), session_at(i, pacer_phase="exhale", exhaling=True), show_pacer=True
        )
    saved = CalibrationProfile(noise_floor_db=-50.0, exhale_level_db=-40.0, device="USB mic")
    asked: list[str] = []

    def saved_for(device):
        asked.append(device)
        return saved

    device, profile = play.refined_profile(fake_mic(), saved_for)
    assert device == "USB mic" and asked == ["USB mic"]
    assert profile.noise_floor_db < saved.noise_floor_db  # nudged toward the quieter room heard
    assert profile.exhale_level_db > saved.exhale_level_db  # and the louder exhales
    assert play.refined_profile(SimpleNamespace(name="keyboard"), saved_for) is None


def test_a_short_session_changes_no_profile():
    play = MicPlay(step_s=1.0)
    play.step(fake_mic(), session_at(1.0, pacer_phase="exhale", exhaling=True), show_pacer=True)
    assert play.refined_profile(fake_mic(), lambda device: None) is None
