"""Real recordings played into a level, as a player's microphone would be: what the game counts.

`exhale play free-session --input wav:FILE --headless --seconds D --report R` runs the recording through the
same source, detector and breath tracking as live play. Compared with the file's labels: the exhales the
game counted against the labelled ones, and the median exhale length against the labelled median.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from breath_input.wavfile import read_wav
from tools.corpus import Recording

LEVEL = "free-session"  # free breathing: no guide to follow, nothing but the breath counted


@dataclass(frozen=True)
class InGame:
    name: str
    counted: int
    labelled: int
    median_exhale_s: float | None
    labelled_median_exhale_s: float

    @property
    def count_ok(self) -> bool:
        return abs(self.counted - self.labelled) <= 1

    @property
    def length_error_s(self) -> float | None:
        if self.median_exhale_s is None:
            return None
        return abs(self.median_exhale_s - self.labelled_median_exhale_s)


def play_recording(rec: Recording) -> InGame:
    """One headless play of the recording (in this process, so a caller may swap the detector's model)."""
    from game.cli import main  # noqa: PLC0415 - pygame loads only when a play is asked for

    x, rate = read_wav(rec.wav)
    seconds = x.size / rate
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        args = ["--data-dir", str(Path(tmp) / "data"), "play", LEVEL, "--headless"]
        args += ["--input", f"wav:{rec.wav}", "--mic-rate", str(rate), "--seconds", f"{seconds:.2f}"]
        args += ["--no-draw", "--report", str(report)]  # what the game heard, not the picture
        code = main(args)
        if code != 0:
            raise RuntimeError(f"exhale {' '.join(args)} exited {code}")
        data = json.loads(report.read_text(encoding="utf-8"))
    lengths = [b["exhale_s"] for b in data["breaths"]]
    labelled = [s.end_s - s.start_s for s in rec.labels if s.phase == "exhale"]
    return InGame(
        name=rec.wav.stem,
        counted=len(lengths),
        labelled=len(labelled),
        median_exhale_s=statistics.median(lengths) if lengths else None,
        labelled_median_exhale_s=statistics.median(labelled),
    )
