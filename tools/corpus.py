"""The labelled real recordings in ../shared/breath-data, as a list of files with sessions and labels.

`fakku-dev` has no licence: it is read from ../shared only and nothing of it is copied into the repository.
Near-mic and env-mic files of one session share labels, so folds are made by session (never by file), and
a session's far recording is never trained on while its near one is scored, or the other way round.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from breath_input.evaluate import Segment, read_labels

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "breath-data"
FAKKU = SHARED / "fakku-dev"
RRUJO = SHARED / "rrujo-dev"


@dataclass(frozen=True)
class Recording:
    wav: Path
    mic: str  # "near" or "env"
    session: str  # the same for a session's near and env files
    labels: tuple[Segment, ...]
    labels_inhales: bool  # gaps between labels are pauses only where inhales are labelled

    @property
    def name(self) -> str:
        return self.wav.stem


def _session(stem: str) -> str:
    for prefix in ("main_", "env_"):
        if stem.startswith(prefix):
            return stem[len(prefix) :]
    return stem


def fakku(mics: tuple[str, ...] = ("near", "env")) -> list[Recording]:
    """The labelled sessions (inhale clips left out), near and/or env mic; empty when ../shared is absent."""
    index = FAKKU / "index.csv"
    if not index.exists():
        return []
    out = []
    with index.open(newline="") as f:
        for row in csv.DictReader(f):
            folder = row["file"].split("/")[0]
            mic = {"near_mic": "near", "env_mic": "env"}.get(folder)
            if mic not in mics:
                continue
            wav = FAKKU / row["file"]
            labels = tuple(read_labels(wav.with_suffix(".csv")))
            out.append(Recording(wav, mic, _session(wav.stem), labels, int(row["n_inhale"]) > 0))
    return sorted(out, key=lambda r: (r.mic, r.name))


def fold_of(session: str, n_folds: int) -> int:
    """A stable fold per session (a hash, so adding files never reshuffles the others)."""
    return int(hashlib.sha1(session.encode()).hexdigest(), 16) % n_folds


def rrujo() -> list[tuple[Path, float]]:
    """(wav, paced breaths per minute) for every rrujo-dev file; empty when ../shared is absent."""
    index = RRUJO / "index.csv"
    if not index.exists():
        return []
    with index.open(newline="") as f:
        return [(RRUJO / row["path"], float(row["paced_bpm"])) for row in csv.DictReader(f)]
