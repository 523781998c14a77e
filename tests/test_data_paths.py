"""The game finds its shipped levels and assets, installed or run from a source checkout."""

from __future__ import annotations

from pathlib import Path

from game.content import data_paths

ROOT = Path(__file__).resolve().parents[1]


def test_a_source_checkout_falls_back_to_the_folders_beside_the_game_package():
    # Not installed (or the checkout shadows the installed package, as under pytest): the folders at the top.
    assert data_paths._package_dir("game.no_such_package", "levels") == ROOT / "levels"
    assert data_paths._package_dir("game.no_such_package", "assets") == ROOT / "assets"


def test_the_shipped_levels_and_assets_are_found():
    assert any(data_paths.shipped_levels_dir().glob("*.yaml"))
    assert data_paths.assets_dir().is_dir() and any(data_paths.assets_dir().iterdir())
