"""`exhale calibrate`: a few seconds of quiet, then soft exhales; a profile saved per input device.

Audio stays in memory and is dropped once the two levels are measured.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

import numpy as np

from breath_input.calibration import calibrate
from breath_input.calibration_profile import CalibrationProfile
from breath_input.mic import AudioFeed, MicUnavailable
from game.source_provider import CaptureOpener, SourceProvider, keyboard_builder
from game.storage import Store

QUIET_S = 4.0
EXHALES_S = 8.0
CLEAR_MARGIN_DB = 10.0  # exhales this far above the room: the detector will hear them easily


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


def advice(profile: CalibrationProfile) -> str:
    margin = profile.exhale_level_db - profile.noise_floor_db
    if margin < 6.5:
        return "Your exhales were hard to tell from the room. Move a little closer, or find a quieter spot."
    if margin < CLEAR_MARGIN_DB:
        return "Heard you, though only just above the room's sound. Closer to the microphone will help."
    return "Heard you clearly."


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
        out.write(f"Now breathe out softly toward the screen, a few times, for {EXHALES_S:g} seconds...\n")
        out.flush()
        exhales = record(capture, EXHALES_S, sleep=sleep)
    except MicUnavailable as e:
        out.write(f"{e}\nNothing was saved.\n")
        return 1
    finally:
        capture.close()
        inputs.close()
    profile = calibrate(quiet, exhales, capture.sample_rate, device=capture.device_name)
    del quiet, exhales  # raw audio never outlives the measurement
    saved = store.save_calibration(profile.device, profile.to_dict())
    out.write(
        f"Room {profile.noise_floor_db:.0f} dB, soft exhale {profile.exhale_level_db:.0f} dB. "
        f"{advice(profile)}\n"
    )
    out.write("Saved for this microphone.\n" if saved else f"Could not save: {store.notices[-1]}\n")
    return 0
