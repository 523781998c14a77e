"""MicPlay: signal hints and calibration refinement only with a microphone, only while the pacer plays."""

from __future__ import annotations

from types import SimpleNamespace

from breath_input.calibration import CalibrationProfile
from breath_input.types import BreathReading, Phase, SourceStatus
from game.inputs.mic_play import MicPlay

KEYBOARD = SourceStatus(backend="keyboard")


def fake_mic(level_db=-50.0, floor_db=-60.0, device="USB mic") -> SourceStatus:
    return SourceStatus(
        backend="PortAudio",
        device=device,
        microphone=True,
        listens=True,
        level_db=level_db,
        noise_floor_db=floor_db,
    )


def session_at(t: float, *, pacer_phase: str, exhaling: bool):
    phase = Phase.EXHALE if exhaling else Phase.PAUSE
    return SimpleNamespace(
        t=t,
        pacer_state=SimpleNamespace(exhaling=pacer_phase == "exhale"),
        reading=BreathReading(t, phase, 0.5 if exhaling else 0.0, 0.9),
    )


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
        (KEYBOARD, 5.0, True),  # the keyboard has no signal to hint about
    ]
    for status, t, show_pacer in cases:
        play = MicPlay()
        play.step(status, session_at(t, pacer_phase="exhale", exhaling=False), show_pacer=show_pacer)
        assert play.hint is None, (status, t, show_pacer)
    play = MicPlay()
    play.step(noisy, session_at(5.0, pacer_phase="exhale", exhaling=False), show_pacer=True)
    assert play.hint is not None and "noisy" in play.hint


def test_a_recording_gets_hints_but_refines_no_microphone_profile():
    recording = SourceStatus(backend="recording", device="a.wav", listens=True, noise_floor_db=-20.0)
    play = MicPlay(step_s=1.0)
    for i in range(60):
        play.step(recording, session_at(i, pacer_phase="exhale", exhaling=i % 2 == 0), show_pacer=True)
    assert play.hint is not None and "noisy" in play.hint
    assert play.refined_profile(lambda device: None) is None, "a file is no microphone to calibrate"


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

    device, profile = play.refined_profile(saved_for)
    assert device == "USB mic" and asked == ["USB mic"]
    assert profile.noise_floor_db < saved.noise_floor_db  # nudged toward the quieter room heard
    assert profile.exhale_level_db > saved.exhale_level_db  # and the louder exhales
    keys = MicPlay(step_s=1.0)
    for i in range(60):
        keys.step(KEYBOARD, session_at(i, pacer_phase="exhale", exhaling=True), show_pacer=True)
    assert keys.refined_profile(saved_for) is None, "the keyboard heard no device"


def test_a_short_session_changes_no_profile():
    play = MicPlay(step_s=1.0)
    play.step(fake_mic(), session_at(1.0, pacer_phase="exhale", exhaling=True), show_pacer=True)
    assert play.refined_profile(lambda device: None) is None
