"""Shared test setup: headless SDL before pygame is imported anywhere, and the ../shared folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the repo (recordings, recipes); a user's clone has none, so skip clearly."""
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared beside the repository ({SHARED}); a plain clone has none")
    return SHARED


@pytest.fixture
def app(tmp_path):
    """A headless App on a fresh data folder, marked running as inside its loop (files may override)."""
    from game.app import App  # noqa: PLC0415 - pygame loads only for the tests that ask for it
    from game.records.catalog import Catalog  # noqa: PLC0415
    from game.records.storage import Store  # noqa: PLC0415

    a = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    a.running = True
    yield a
    a.close()
