"""`exhale calibrate`: a few seconds of quiet, then a few breaths paced by the guide; a profile per device.

The guide's phases label the breaths, so the check can fit the detector's ear to this microphone; a guard
keeps that fit only when it was earned (breath_input/adaptation.py), else the game keeps its usual ear and
says why. Audio stays in memory and is dropped once the profile is measured.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

import numpy as np

from breath_input.adaptation import FAINT, Adaptation
from breath_input.calibration import fit_microphone
from breath_input.calibration_profile import CalibrationProfile
from breath_input.mic import AudioFeed, MicUnavailable
from game.inputs.source_provider import CaptureOpener, SourceProvider, keyboard_builder
from game.records.storage import Store

QUIET_S = 4.0
IN_S, OUT_S, CYCLES = 2.5, 3.5, 3  # the guided breaths: in, then out, three times (the last one judges)
BREATHS_S = CYCLES * (IN_S + OUT_S)
CLEAR_MARGIN_DB = 10.0  # exhales this far above the room: the detector will hear them easily
CLEAR_WORDS = "Heard you clearly."


def guide_phases() -> list[tuple[float, float, str]]:
    """The guided breaths' ``(start_s, end_s, "in" | "out")``, from the start of the breaths step."""
    out: list[tuple[float, float, str]] = []
    for k in range(CYCLES):
        t = k * (IN_S + OUT_S)
        out += [(t, t + IN_S, "in"), (t + IN_S, t + IN_S + OUT_S, "out")]
    return out


def guide_at(seconds: float) -> tuple[str, float]:
    """The guide's phase ("in" or "out") ``seconds`` into the breaths step, and the seconds left of it."""
    for start, end, phase in guide_phases():
        if seconds < end:
            return phase, end - max(seconds, start)
    return "out", 0.0


def record(capture: AudioFeed, seconds: float, *, sleep: Callable[[float], None] = time.sleep) -> np.ndarray:
    """Collect `seconds` of audio by sample count (not wall time); stop early if the capture fails."""
    want = int(seconds * capture.sample_rate)
    blocks: list[np.ndarray] = []
    have = 0
    while have < want:
        sleep(0.02)
        for block in capture.drain():
            blocks.append(block)
            have += len(block)
        if capture.problem():
            raise MicUnavailable(capture.problem() or "the microphone stopped")
    return np.concatenate(blocks)[:want] if blocks else np.zeros(0, dtype=np.float32)


def record_guided(
    capture: AudioFeed, out: TextIO, *, sleep: Callable[[float], None] = time.sleep
) -> np.ndarray:
    """The guided breaths in one stretch (the guide's clock is the audio's), each phase said as it starts."""
    rate = capture.sample_rate
    want = int(BREATHS_S * rate)
    starts = [(int(start * rate), phase) for start, _, phase in guide_phases()]
    blocks: list[np.ndarray] = []
    have = 0
    while have < want:
        while starts and have >= starts[0][0]:
            out.write("  breathe in...\n" if starts.pop(0)[1] == "in" else "  breathe out...\n")
            out.flush()
        sleep(0.02)
        for block in capture.drain():
            blocks.append(block)
            have += len(block)
        if capture.problem():
            raise MicUnavailable(capture.problem() or "the microphone stopped")
    return np.concatenate(blocks)[:want] if blocks else np.zeros(0, dtype=np.float32)


def advice(profile: CalibrationProfile) -> str:
    margin = profile.exhale_level_db - profile.noise_floor_db
    if margin < 6.5:
        return "Your exhales were hard to tell from the room. Move a little closer, or find a quieter spot."
    if margin < CLEAR_MARGIN_DB:
        return "Heard you, though only just above the room's sound. Closer to the microphone will help."
    return CLEAR_WORDS


def check_result(
    quiet: np.ndarray, breaths: np.ndarray, sample_rate: int, device: str
) -> tuple[CalibrationProfile, Adaptation]:
    """The check's profile from its two recordings (the scene and the command share it)."""
    return fit_microphone(quiet, breaths, sample_rate, guide_phases(), device=device)


def result_words(profile: CalibrationProfile, adaptation: Adaptation) -> str:
    """What the player reads: how well they were heard, and whether the game tuned its ear."""
    heard = advice(profile)
    if adaptation.reason == FAINT and heard == CLEAR_WORDS:  # loud enough for the levels, not to tune to
        heard = "Heard you."
    return f"{heard} {adaptation.reason}"


def calibrate_command(
    store: Store,
    *,
    device: str | None = None,
    sample_rate: int = 16000,
    out: TextIO | None = None,
    capture_factory: CaptureOpener | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    out = out or sys.stdout
    notices: list[str] = []
    inputs = SourceProvider(
        keyboard_builder,
        settings=store.settings,
        notices=notices,
        device=device,
        open_capture=capture_factory,
    )
    try:
        capture = inputs.capture(sample_rate=sample_rate)
    except MicUnavailable as e:
        out.write(f"{e}\nCalibration is never required: the game plays fine with the keyboard.\n")
        return 1
    try:
        for note in notices:
            out.write(f"note: {note}\n")
        out.write(f"Calibrating {capture.device_name or 'the microphone'}.\n")
        out.write(f"Stay quiet for {QUIET_S:g} seconds...\n")
        out.flush()
        quiet = record(capture, QUIET_S, sleep=sleep)
        out.write(
            f"Now breathe with the guide, toward the screen: in for {IN_S:g} seconds, out for {OUT_S:g}, "
            f"{CYCLES} times...\n"
        )
        out.flush()
        breaths = record_guided(capture, out, sleep=sleep)
    except MicUnavailable as e:
        out.write(f"{e}\nNothing was saved.\n")
        return 1
    finally:
        capture.close()
        inputs.close()
    profile, adaptation = check_result(quiet, breaths, capture.sample_rate, capture.device_name)
    del quiet, breaths  # raw audio never outlives the measurement
    saved = store.save_calibration(profile.device, profile.to_dict())
    out.write(
        f"Room {profile.noise_floor_db:.0f} dB, soft exhale {profile.exhale_level_db:.0f} dB. "
        f"{result_words(profile, adaptation)}\n"
    )
    out.write("Saved for this microphone.\n" if saved else f"Could not save: {store.notices[-1]}\n")
    return 0
