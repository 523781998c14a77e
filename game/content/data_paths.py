"""Where the installed game's data lives: found from the package, never from the working directory.

Not `game/assets.py`: installed, the `assets/` folder is the package `game.assets` (see pyproject.toml), and a
module of that name would be hidden by it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_dir(package: str, fallback: str) -> Path:
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    # A source checkout run without installing: the folder beside the game package.
    return Path(__file__).resolve().parents[2] / fallback


def shipped_levels_dir() -> Path:
    return _package_dir("game.levels", "levels")


def assets_dir() -> Path:
    return _package_dir("game.assets", "assets")
