"""Play real shipped levels headless through the CLI, as the headless contract promises."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from breath_input.sources import KeyboardSource, KeyScriptSource
from game.cli import main
from game.content.data_paths import shipped_levels_dir
from game.content.packs import load_pack
from game.sim.pacer import Pacer


def first_level():
    return load_pack(str(shipped_levels_dir())).levels[0]


def second_level():
    return load_pack(str(shipped_levels_dir())).levels[1]


SHORT_LEVEL = """id: short-test
title: Short test
pattern: {inhale: 3, exhale: 4}
cycles: 3
goals:
  - {kind: long_exhales, seconds: 3, count: 2}
"""


def short_level_file(tmp_path):
    path = tmp_path / "short-test.yaml"
    path.write_text(SHORT_LEVEL, encoding="utf-8")
    return path


def write_keys(path, spans):
    path.write_text("".join(f"{a:.3f} {b:.3f}\n" for a, b in spans), encoding="utf-8")
    return path


def run_play(tmp_path, level_id, keys_or_spec, *extra):
    """`exhale play --headless`: these tests read the report and the saved files, not the picture, so the
    frames are not drawn (--no-draw: the same report, tests/test_no_draw.py); a play asked for screenshots
    draws, at the smallest window."""
    draw = ["--size", "640x400"] if "--screenshots" in extra else ["--no-draw"]
    report = tmp_path / f"report-{Path(level_id).stem}-{len(list(tmp_path.glob('report-*')))}.json"
    code = main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "play",
            level_id,
            "--headless",
            "--input",
            keys_or_spec,
            "--report",
            str(report),
            *draw,
            *extra,
        ]
    )
    assert code == 0
    return json.loads(report.read_text())


def played_through_the_controller(level, source):
    from game.sim.loop import STEP_S
    from game.sim.play_controller import GoToResults, PlayController, PlayPorts

    ports = PlayPorts(
        open_source=lambda pacer: source,
        keyboard=KeyboardSource,
        key_name=lambda: "SPACE",
        calibration_for=lambda device: None,
        mic_check_due=lambda: False,
    )
    play = PlayController(level, ports, show_intro=False)
    while not any(isinstance(e, GoToResults) for e in play.step(STEP_S)):
        pass
    return play


def test_calm_keys_beat_erratic_keys(tmp_path):
    level = second_level()
    calm = [(a + 0.2, b - 0.1) for a, b in Pacer(level).exhale_spans()]
    erratic, t, k = [], 0.3, 0
    while t < Pacer(level).total_s:
        length = (0.6, 2.5, 0.9, 4.0, 0.4)[k % 5]
        erratic.append((t, t + length))
        t += length + (0.5, 1.8, 0.7, 3.0)[k % 4]
        k += 1
    # Scored through the play controller, whole level each: the same scoring as a play, without drawing.
    calm_play = played_through_the_controller(level, KeyScriptSource(calm))
    erratic_play = played_through_the_controller(level, KeyScriptSource(erratic))
    calm_summary, erratic_summary = calm_play.session.summary(), erratic_play.session.summary()
    assert calm_summary.stars > erratic_summary.stars and calm_summary.score > erratic_summary.score
    assert len(calm_play.session.breaths) == len(calm)
    for b, (a, e) in zip(calm_play.session.breaths, calm, strict=True):
        assert b.exhale_s == pytest.approx(e - a, abs=0.05)
    # And the real command, drawn, for 25 s: its report holds the same breaths, one frame per step.
    seconds = 25.0
    report = run_play(
        tmp_path, level.id, "keys:" + str(write_keys(tmp_path / "calm.txt", calm)), "--seconds", str(seconds)
    )
    played = [b for b in calm_play.session.breaths if b.end_s < seconds]
    assert [round(b["exhale_s"], 2) for b in report["breaths"]][: len(played)] == [
        round(b.exhale_s, 2) for b in played
    ]
    assert report["frames"] >= 60 * seconds * 0.99
    assert report["frame_ms"]["mean"] > 0 and report["frame_ms"]["p99"] >= report["frame_ms"]["mean"]


def test_report_and_screenshots_and_unlock(tmp_path):
    level = first_level()
    shots = tmp_path / "shots"
    report = run_play(tmp_path, level.id, "synthetic:calm", "--screenshots", str(shots))
    for key in ("level", "stars", "score", "breaths", "breaths_per_minute", "frames", "frame_ms"):
        assert key in report
    assert report["level"] == level.id and report["complete"] is True
    assert (shots / "results.png").is_file() and len(list(shots.glob("play-*.png"))) >= 2
    progress = json.loads((tmp_path / "data" / "progress.json").read_text())
    assert progress["levels"][level.id]["completed"] is True


def test_seconds_stops_early(tmp_path):
    level = second_level()
    report = run_play(tmp_path, level.id, "synthetic:erratic", "--seconds", "20")
    assert report["complete"] is False
    lead_in_frames = 3 * 60  # --seconds counts from the end of the 3-2-1, like key scripts
    assert 20 * 60 + lead_in_frames <= report["frames"] <= 20 * 60 + lead_in_frames + 2
    assert report["seconds"] == pytest.approx(20.0, abs=0.05)
    progress = tmp_path / "data" / "progress.json"
    assert not progress.exists() or level.id not in json.loads(progress.read_text())["levels"]


def test_levels_json_contract(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "levels", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 8
    for row in rows:
        assert {"id", "title", "file", "pattern"} <= row.keys()
        assert {"inhale_s", "hold_in_s", "exhale_s", "hold_out_s", "duration_s"} <= row["pattern"].keys()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["play", "no-such-level", "--headless"], "unknown level"),
        (["play", "--headless", "--input", "synthetic:sleepy"], "synthetic"),
        (["play", "--headless", "--input", "keys:/nonexistent/keys.txt"], "cannot read"),
        (["play", "/nonexistent/level.yaml", "--headless"], "no level file"),
    ],
)
def test_bad_command_lines_say_one_clear_line(tmp_path, capsys, argv, words):
    assert main(["--data-dir", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "--bogus"],
        ["frobnicate"],
        ["play", "x", "--seconds", "abc"],
        ["simulate", "--breather", "sleepy"],
    ],
)
def test_bad_flags_are_one_line_exit_2(tmp_path, capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(["--data-dir", str(tmp_path), *argv])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("exhale: ") and "Traceback" not in err


def test_play_goes_on_when_progress_cannot_be_saved(tmp_path):
    """The 21 s short level, not a 60 s shipped one: a finished play's saves (the history line, progress)
    are tried and fail the same way, in a third of the time."""
    from game.content.loader import load_level

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    report = tmp_path / "r.json"
    path = short_level_file(tmp_path)
    level, _ = load_level(str(path))
    spans = [(a + 0.2, b - 0.1) for a, b in Pacer(level).exhale_spans()]
    code = main(
        [
            "--data-dir",
            str(blocker / "data"),
            "play",
            str(path),
            "--headless",
            "--input",
            "keys:" + str(write_keys(tmp_path / "k.txt", spans)),
            "--report",
            str(report),
            "--no-draw",  # the report is what is tested
        ]
    )
    assert code == 0
    data = json.loads(report.read_text())
    assert data["complete"] is True and data["stars"] >= 1
    assert any("cannot be saved" in n for n in data["notices"])


def test_finished_and_abandoned_sessions_reach_the_history(tmp_path, capsys):
    from game.content.loader import load_level

    path = short_level_file(tmp_path)
    level, _ = load_level(str(path))
    spans = [(a + 0.2, b - 0.1) for a, b in Pacer(level).exhale_spans()]
    keys = "keys:" + str(write_keys(tmp_path / "k.txt", spans))
    run_play(tmp_path, str(path), keys)
    run_play(tmp_path, str(path), keys, "--seconds", "8")  # stopped early: abandoned
    lines = (tmp_path / "data" / "history.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["complete"] for r in records] == [True, False]
    assert len(records[0]["breaths"]) == len(spans)
    assert "audio" not in json.dumps(records).lower(), "per-breath figures only, never raw audio"
    assert main(["--data-dir", str(tmp_path / "data"), "history", "--export", str(tmp_path / "h.csv")]) == 0
    rows = (tmp_path / "h.csv").read_text().splitlines()
    assert len(rows) == 1 + sum(len(r["breaths"]) for r in records)
