"""The game as pip installs it: the `exhale` script run outside the source tree, so it imports the installed
package (in CI, `pip install '.[test]'` is a real, non-editable install)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_module_is_hidden_by_a_mapped_package_folder():
    # pyproject maps folders to packages (levels/ -> game.levels, assets/ -> game.assets); once installed, a
    # module of the same name (game/assets.py) is shadowed by that package and its imports fail.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapped = config["tool"]["setuptools"]["package-dir"]
    for package in mapped:
        parent, _, name = package.rpartition(".")
        module = ROOT.joinpath(*parent.split("."), f"{name}.py")
        assert not module.exists(), f"{module.relative_to(ROOT)} would be hidden by the package {package}"


def _exhale() -> Path:
    script = Path(sys.executable).parent / ("exhale.exe" if os.name == "nt" else "exhale")
    if not script.exists():
        pytest.skip(f"the console script is not installed beside {sys.executable} (pip install . first)")
    return script


def test_installed_exhale_lists_levels_and_plays_one(tmp_path):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONPATH": ""}
    run = {"cwd": tmp_path, "env": env, "capture_output": True, "text": True, "timeout": 120}
    data = ["--data-dir", str(tmp_path / "data")]
    listed = subprocess.run([str(_exhale()), *data, "levels", "--json"], **run)  # type: ignore[call-overload]
    assert listed.returncode == 0, listed.stderr
    assert "first-breaths" in listed.stdout
    report = tmp_path / "r.json"
    play = [str(_exhale()), *data, "play", "first-breaths", "--headless", "--input", "synthetic:calm"]
    played = subprocess.run([*play, "--seconds", "20", "--report", str(report)], **run)  # type: ignore[call-overload]
    assert played.returncode == 0, played.stderr
    assert json.loads(report.read_text())["level"] == "first-breaths"
