"""Notice when a level file is saved, for `exhale play FILE --watch`."""

from __future__ import annotations

import os
from pathlib import Path

from game.content.loader import load_level
from game.content.model import BrokenLevel, Level, Problem


class FileWatch:
    """Compares a file's modification time and size; `changed()` is true once per save."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def changed(self) -> bool:
        stamp = self._stamp()
        if stamp != self._seen:
            self._seen = stamp
            return True
        return False

    def reload(self) -> tuple[Level | None, list[Problem]]:
        """The level as saved now, or None with the problems that stop it loading."""
        loaded, warnings = load_level(str(self.path))
        if isinstance(loaded, BrokenLevel):
            return None, list(loaded.problems) or [Problem(str(self.path), 1, 1, "could not be read")]
        return loaded, warnings
