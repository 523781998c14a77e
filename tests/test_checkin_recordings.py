"""The check-in on a few real recordings (rrujo-dev, paced breathing through a chest microphone): through
`exhale checkin --headless --input wav:FILE`, its rate lands within 2 breaths/min of the paced rate.

The whole set is scored by tests/bench/bench_checkin.py; these few files (held-out subjects, slow to quick)
keep the path honest in the test run. Skips when ../shared is absent (a plain clone has none).
"""

from __future__ import annotations

import json

import pytest

from game.cli import main

FILES = [  # (folder = paced rate, subject): subjects from the held-out half of the bench
    ("8", "2023022018002"),
    ("12", "2023022212002"),
    ("20", "2023030717301"),
]


@pytest.mark.parametrize("paced,subject", FILES)
def test_checkin_rate_on_a_real_recording(shared_dir, tmp_path, paced, subject):
    wav = shared_dir / "breath-data" / "rrujo-dev" / paced / f"{subject}.wav"
    if not wav.is_file():
        pytest.skip(f"{wav} is not in this copy of ../shared")
    out = tmp_path / "report.json"
    argv = ["--data-dir", str(tmp_path / "data"), "checkin", "--headless", "--input", f"wav:{wav}"]
    assert main([*argv, "--no-draw", "--report", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["complete"] and report["heard_enough"], report
    assert abs(report["breaths_per_minute"] - float(paced)) <= 2.0, report
    assert 0.5 <= report["confidence"] <= 1.0
