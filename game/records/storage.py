"""Progress and settings on disk: atomic writes, corrupt files kept aside, never a lost save."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TextIO

import platformdirs

APP_NAME = "exhale"
ENV_DATA_DIR = "EXHALE_DATA_DIR"


def data_dir(override: str | None = None) -> Path:
    """--data-dir wins, then $EXHALE_DATA_DIR, then the platform's user data folder."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    return (
        Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file beside `path`, fsync, then rename over it: a crash leaves the old file whole."""
    with atomic_writer(path) as f:
        f.write(text)


@contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text file to write `path` through, piece by piece: a temp file beside it, fsynced and renamed over
    `path` when the block ends; if the block raises, the temp file is removed and `path` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@dataclass
class Settings:
    invert_breath_key: bool = False  # True: hold while breathing in
    breath_key: str = "space"
    palette: str = "calm"
    reduced_motion: bool = False
    large_text: bool = False
    muted: bool = False
    ambient: bool = False  # a soft ambient bed under the breath cues
    ghost: bool = True  # breathe beside the faint line of your best run of a level
    volume: float = 0.6
    # The eyes-closed guide: sound carries the whole guide (a level's `audio_guide: true` turns it on too).
    audio_guide: bool = False
    guide_volume: float = 0.8  # of the master volume
    guide_tones: float = 1.0  # each part 0..1, 0 is off: the breath swells, hold notes, goal chime, the end,
    guide_markers: float = 1.0  # and the echo of your own out-breath (off unless asked for)
    guide_chime: float = 1.0
    guide_end: float = 1.0
    guide_echo: float = 0.0
    fullscreen: bool = False
    input: str = "auto"  # auto | mic | keyboard
    device: str = ""
    mic_check_offered: bool = False  # the first play with a microphone offers the check once, never again
    # "How tense do you feel, 1-5?" before a level and after its results. Off unless asked for: a question
    # before every level is one more step between the player and the breath.
    ask_feeling: bool = False

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Settings:
        out = cls()
        for f in fields(cls):
            value = raw.get(f.name)
            default = getattr(out, f.name)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)  # a settings file edited by hand: 1 for 1.0
            if f.name in raw and isinstance(value, type(default)):
                setattr(out, f.name, value)
        return out


@dataclass
class LevelProgress:
    completed: bool = False
    best_stars: int = 0
    best_score: int = 0
    plays: int = 0


@dataclass
class Progress:
    levels: dict[str, LevelProgress] = field(default_factory=dict)

    def of(self, level_id: str) -> LevelProgress:
        return self.levels.get(level_id, LevelProgress())

    def record(self, level_id: str, *, stars: int, score: int, completed: bool = True) -> LevelProgress:
        old = self.of(level_id)
        new = LevelProgress(
            completed=old.completed or completed,
            best_stars=max(old.best_stars, stars),
            best_score=max(old.best_score, score),
            plays=old.plays + 1,
        )
        self.levels[level_id] = new
        return new

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Progress:
        levels = {}
        for key, value in dict(raw.get("levels", {})).items():
            if isinstance(value, dict):
                levels[str(key)] = LevelProgress(
                    completed=bool(value.get("completed", False)),
                    best_stars=int(value.get("best_stars", 0)),
                    best_score=int(value.get("best_score", 0)),
                    plays=int(value.get("plays", 0)),
                )
        return cls(levels)


class Store:
    """The player's save: `settings.json` and `progress.json` in the data folder.

    Problems never stop play: they become `notices` (plain words for the screen).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.notices: list[str] = []
        self.can_save = True
        self._sweep_temp_files()
        self.settings = Settings.from_dict(self._read("settings.json"))
        self.progress = Progress.from_dict(self._read("progress.json"))
        self.calibration: dict[str, Any] = self._read("calibration.json")  # device name -> profile dict
        self._checkins: list[dict[str, Any]] | None = None  # read the first time they are asked for

    def _sweep_temp_files(self, older_than_s: float = 60.0) -> None:
        """Remove half-written temp files a killed process left behind (never the saves themselves)."""
        try:
            for tmp in self.folder.glob(".*.json.*.tmp"):
                if time.time() - tmp.stat().st_mtime > older_than_s:
                    tmp.unlink()
        except OSError:
            pass

    def _read(self, name: str) -> dict[str, Any]:
        path = self.folder / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as e:
            self.notices.append(f"Could not read {path}: {e.strerror}. Using defaults.")
            return {}
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return data
        except ValueError:
            kept = self._keep_aside(path)
            self.notices.append(
                f"Your {name} was damaged and has been kept as {kept.name}; starting from defaults."
            )
            return {}

    def _keep_aside(self, path: Path) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(path, target)
        except OSError:
            pass  # read-only folder: we won't overwrite it either, since saving will fail too
        return target

    def _write(self, name: str, data: dict[str, Any]) -> bool:
        try:
            atomic_write_text(self.folder / name, json.dumps(data, indent=2, sort_keys=True) + "\n")
            return True
        except OSError as e:
            if self.can_save:
                self.notices.append(
                    f"Progress cannot be saved to {self.folder} ({e.strerror}). Play goes on; "
                    "start with --data-dir to pick another folder."
                )
            self.can_save = False
            return False

    def save_settings(self) -> bool:
        return self._write("settings.json", asdict(self.settings))

    def save_calibration(self, device: str, profile: dict[str, Any]) -> bool:
        self.calibration[device] = profile
        return self._write("calibration.json", self.calibration)

    # -- check-ins: their own file, so the progress and settings formats stay as they are ------------------
    CHECKINS = "checkins.json"
    MAX_CHECKINS = 5000  # years of daily check-ins; the oldest go first so the file stays small

    def checkins(self) -> list[dict[str, Any]]:
        """Every saved check-in, oldest first (a damaged file is kept aside, as for the other saves)."""
        if self._checkins is None:
            raw = self._read(self.CHECKINS).get("checkins", [])
            self._checkins = [c for c in raw if isinstance(c, dict)] if isinstance(raw, list) else []
        return self._checkins

    def add_checkin(self, entry: dict[str, Any]) -> bool:
        """Append one check-in (date, rate, ratio, steadiness, breaths, input...) and save, atomically."""
        kept = [*self.checkins(), dict(entry)][-self.MAX_CHECKINS :]
        self._checkins = kept
        return self._write(self.CHECKINS, {"version": 1, "checkins": kept})

    def save_progress(self) -> bool:
        return self._write(
            "progress.json", {"levels": {k: asdict(v) for k, v in self.progress.levels.items()}}
        )
