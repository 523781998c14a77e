"""`--headless --no-draw` (play, breathe, checkin): the same play, sound and report, no frame drawn."""

from __future__ import annotations

import json

import pytest

from game.cli import main

SKIP = ("frame_ms", "drawn")  # the frame times are the one thing drawing changes


def test_a_play_without_drawing_reports_and_sounds_the_same(tmp_path):
    reports, sounds = [], []
    for flag in ([], ["--no-draw"]):
        run = tmp_path / ("plain" if not flag else "no-draw")
        report, wav = run / "report.json", run / "sound.wav"
        args = ["--data-dir", str(run), "play", "resonance", "--headless", "--input", "synthetic:calm"]
        args += ["--seconds", "25", "--size", "640x400", "--audio-out", str(wav), "--report", str(report)]
        assert main([*args, *flag]) == 0
        out = json.loads(report.read_text())
        assert out["audio_out"].pop("file") == str(wav)  # each run names its own file; the rest must agree
        reports.append(out)
        sounds.append(wav.read_bytes())
    drawn, not_drawn = reports
    assert drawn["drawn"] is True and not_drawn["drawn"] is False
    assert drawn["breaths"], "the play breathed"
    assert {k: v for k, v in drawn.items() if k not in SKIP} == {
        k: v for k, v in not_drawn.items() if k not in SKIP
    }
    assert sounds[0] == sounds[1], "the sound is the same byte for byte"


@pytest.mark.parametrize(
    "extra", [["--no-draw"], ["--headless", "--no-draw", "--screenshots", "shots"]], ids=["window", "shots"]
)
def test_no_draw_says_plainly_where_it_cannot_apply(tmp_path, capsys, extra):
    code = main(["--data-dir", str(tmp_path), "play", "resonance", "--input", "synthetic:calm", *extra])
    assert code != 0
    assert "--no-draw needs --headless and no --screenshots" in capsys.readouterr().err


def test_a_checkin_without_drawing_hears_and_says_the_same(tmp_path):
    reports = []
    for flag in ([], ["--no-draw"]):
        run = tmp_path / ("plain" if not flag else "no-draw")
        report = run / "report.json"
        args = ["--data-dir", str(run), "checkin", "--headless", "--input", "synthetic:calm"]
        assert main([*args, "--seconds", "20", "--size", "640x400", "--report", str(report), *flag]) == 0
        reports.append(json.loads(report.read_text()))
    drawn, not_drawn = reports
    assert (drawn["drawn"], not_drawn["drawn"]) == (True, False) and drawn["complete"]
    del drawn["drawn"], not_drawn["drawn"]
    assert drawn == not_drawn
