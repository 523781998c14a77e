"""Real labelled recordings played into a level headless: the game counts the breaths the labels hold.

This checks the whole path a player's microphone takes (source, detector, breath tracking, report) on real
breathing. The shipped model has seen these files in training, so these are not accuracy figures: the
out-of-fold ones come from tests/bench/bench_real_recordings.py (docs/performance.md).
"""

from __future__ import annotations

import pytest

from tools.corpus import fakku
from tools.in_game import play_recording

NEAR = {r.wav.stem: r for r in fakku(("near",))}
FILES = ["main_audio_no_delay,05", "main_audio_with_small_noise", "main_fast_breathing4"]

pytestmark = pytest.mark.skipif(
    not NEAR,
    reason="needs the labelled recordings in ../shared/breath-data/fakku-dev (not in a user's clone)",
)


@pytest.mark.parametrize("name", FILES)
def test_a_real_recording_played_into_a_level_counts_its_exhales(name):
    result = play_recording(NEAR[name])
    assert result.labelled >= 5
    assert result.count_ok, result
    assert result.length_error_s is not None and result.length_error_s <= 0.3, result
