"""`exhale levels` reads each level back as its intro card does: free breathing, the sip, ramps, length."""

from __future__ import annotations

import json

from game.cli import main


def test_levels_says_each_breath_in_plain_words(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "levels"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")}
    assert "breathe at your own pace" in lines["first-breaths"], "a free level shows no hidden pattern"
    assert "with a sip on top" in lines["cyclic-sighing"], "the double inhale is named"
    assert "rising to 9 s" in lines["long-soft-exhale"], "a ramp is named"
    assert lines["four-seven-eight"].rstrip().endswith("1 min 54 s")


def test_levels_json_carries_the_words_and_the_numbers(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "levels", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    sigh = rows["cyclic-sighing"]
    assert sigh["breath"].startswith("in 2.5 s with a sip on top") and sigh["pattern"]["inhale_s"] == 2.5
