"""Long inputs (issue 15, item 5): an hour of audio and 100,000 sessions of history, in time and memory.

Run: ``python tests/bench/bench_long_inputs.py [--hours 1] [--play-minutes 5] [--sessions 1000,10000,100000]``
(about 5 minutes on 2 cores). Not part of the default pytest run. Everything is generated in a temporary
folder and removed afterwards.

- ``exhale detect`` over a 1-hour WAV in four layouts (16 and 48 kHz, mono and stereo, 16-bit and float):
  wall time, real-time factor (audio seconds per wall second) and the child's peak RSS.
- ``exhale play free-session --headless --input wav:FILE`` over the same hour (16 kHz mono): a few minutes of
  game time (it draws every frame, so an hour of it takes several minutes; ``--play-minutes 60`` for all of
  it), and the recording source alone (`RecordedSource` read in 1/60 s steps, no drawing) over the whole hour.
- ``exhale history`` and ``--export x.csv`` / ``x.json`` for 1,000, 10,000 and 100,000 sessions of 10-50
  breaths each (about 6.4 KB a line: 644 MB for 100,000): wall time and peak RSS.

Each measurement is its own child process; its peak RSS is the child's VmHWM (Linux /proc). The audio is
the synthetic near-mic breather (breath_input/synth_audio.py), five minutes generated and repeated.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, headless_env, print_machine  # noqa: E402

headless_env()

from breath_input import synth_audio as sa  # noqa: E402
from game.records.history import BREATH_COLUMNS, HISTORY_FILE  # noqa: E402

PIECE_S = 300  # seconds of breathing generated once, then repeated to the length asked for
LAYOUTS = [(16000, 1, "pcm16"), (16000, 2, "float32"), (48000, 1, "float32"), (48000, 2, "pcm16")]


# The child's own peak: VmHWM of its process after exec. (ru_maxrss from wait4 is not: Linux starts a forked
# child's figure at the parent's RSS, so a bench that has generated audio would inflate every child after it.)
_MEASURE = """
import runpy, sys
out, mode, target, *args = sys.argv[1:]
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return line.split()[1]
    return "nan"
try:
    if mode == "-m":
        sys.argv = [target, *args]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    else:
        exec(compile(target, "<bench>", "exec"), {"__name__": "__main__"})
finally:
    with open(out, "w") as f:
        f.write(hwm())
"""


def run(args: list[str]) -> tuple[float, float, int]:
    """``python -m MODULE ...`` or ``python -c CODE`` in the repository: (wall s, peak RSS MB, exit code)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak_file = Path(scratch) / "peak"
        err_path = Path(scratch) / "stderr"
        with err_path.open("wb") as err_file:  # a file, not a pipe: a chatty child cannot block on it
            t0 = time.perf_counter()
            code = subprocess.call(
                [sys.executable, "-c", _MEASURE, str(peak_file), *args],
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=err_file,
            )
            took = time.perf_counter() - t0
        if code != 0:
            print(f"  ! exit {code}: {err_path.read_text(errors='replace').strip()[-500:]}", flush=True)
        try:
            peak_mb = int(peak_file.read_text()) / 1024.0
        except (OSError, ValueError):
            peak_mb = float("nan")
    return took, peak_mb, code


def write_wav(path: Path, seconds: float, rate: int, channels: int, kind: str) -> Path:
    """An hour (or `seconds`) of breathing, written piece by piece (this process never holds it all)."""
    x, _ = sa.breathing(sample_rate=rate, duration_s=PIECE_S, bpm=10, seed=11)
    x = np.clip(x, -1, 1)
    frames = np.stack([x, 0.8 * x], axis=1) if channels == 2 else x[:, None]
    piece = (np.round(frames * 32767).astype("<i2") if kind == "pcm16" else frames.astype("<f4")).tobytes()
    width = 2 if kind == "pcm16" else 4
    n_pieces = int(round(seconds / PIECE_S))
    data_bytes = len(piece) * n_pieces
    tag = 1 if kind == "pcm16" else 3
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * channels * width, channels * width, 8 * width)
    with path.open("wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", data_bytes))
        for _ in range(n_pieces):
            f.write(piece)
    return path


def bench_audio(tmp: Path, hours: float, play_minutes: float) -> list[str]:
    seconds = hours * 3600
    rows = ["| what | audio | file | wall | real-time factor | peak RSS |", "|---|---|---|---|---|---|"]
    for rate, channels, kind in LAYOUTS:
        wav = write_wav(tmp / f"long-{rate}-{channels}-{kind}.wav", seconds, rate, channels, kind)
        size_mb = wav.stat().st_size / 2**20
        layout = f"{rate // 1000} kHz {'mono' if channels == 1 else 'stereo'} {kind}"
        took, rss, _ = run(["-m", "game", "detect", str(wav)])
        rows.append(
            f"| `exhale detect` | {seconds / 3600:g} h {layout} | {size_mb:.0f} MB | {took:.1f} s "
            f"| {seconds / took:.0f}x | {rss:.0f} MB |"
        )
        print(rows[-1], flush=True)
        if (rate, channels, kind) == LAYOUTS[0]:
            rows += bench_play(tmp, wav, seconds, play_minutes, size_mb)
        wav.unlink()
    return rows


def bench_play(tmp: Path, wav: Path, seconds: float, play_minutes: float, size_mb: float) -> list[str]:
    rows = []
    play_s = min(seconds, play_minutes * 60)
    report = tmp / "report.json"
    args = ["-m", "game", "--data-dir", str(tmp / "play-data"), "play", "free-session", "--headless"]
    args += ["--input", f"wav:{wav}", "--seconds", f"{play_s:g}", "--report", str(report)]
    took, rss, code = run(args)
    played = json.loads(report.read_text(encoding="utf-8"))["seconds"] if code == 0 else float("nan")
    rows.append(
        f"| headless play `--input wav:` ({played / 60:.0f} min of game time) | {seconds / 3600:g} h 16 kHz "
        f"mono pcm16 | {size_mb:.0f} MB | {took:.1f} s | {played / took:.1f}x | {rss:.0f} MB |"
    )
    print(rows[-1], flush=True)
    # What --input wav: costs before play starts: game/inputs/play_inputs.py checks the file with read_wav.
    took, rss, _ = run(["-c", f"from breath_input.wavfile import read_wav; read_wav({str(wav)!r})"])
    what = "`read_wav` of the whole file (what the --input check did before 86bbdf8)"
    rows.append(f"| {what} | | {size_mb:.0f} MB | {took:.1f} s | | {rss:.0f} MB |")
    print(rows[-1], flush=True)
    source = (
        "from breath_input.detector import BreathDetector\n"
        "from breath_input.recorded import RecordedSource\n"
        f"s = RecordedSource({str(wav)!r}, BreathDetector)\n"
        f"for k in range(1, int({seconds} * 60) + 61):\n"
        "    s.read(k / 60)\n"
        "s.close()\n"
    )
    took, rss, _ = run(["-c", source])
    rows.append(
        f"| `RecordedSource` alone, 1/60 s steps | {seconds / 3600:g} h 16 kHz mono pcm16 | {size_mb:.0f} MB "
        f"| {took:.1f} s | {seconds / took:.0f}x | {rss:.0f} MB |"
    )
    print(rows[-1], flush=True)
    return rows


def write_history(folder: Path, n: int, seed: int = 0) -> Path:
    """`n` sessions, three a day, 10-50 breaths each, written as History.append writes its lines."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HISTORY_FILE
    day0 = date.today() - timedelta(days=n // 3)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            nb = rng.randint(10, 50)
            breaths = [
                {k: (0 if k == "breaks" else round(rng.uniform(0.5, 9.5), 3)) for k in BREATH_COLUMNS}
                for _ in range(nb)
            ]
            started = f"{(day0 + timedelta(days=i // 3)).isoformat()}T{8 + 4 * (i % 3):02d}:00:00+01:00"
            record = {
                "v": 1,
                "level_id": "lengthen",
                "title": "Lengthen the exhale",
                "started_at": started,
                "seconds_played": nb * 10.0,
                "complete": i % 5 != 0,
                "stars": 2,
                "score": 640,
                "breaths_per_minute": round(rng.uniform(5, 9), 3),
                "average_exhale_s": round(rng.uniform(3, 7), 3),
                "steadiness": round(rng.random(), 3),
                "source": "mic",
                "breaths": breaths,
            }
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path


def bench_history(tmp: Path, counts: list[int]) -> list[str]:
    rows = ["| sessions | file | `exhale history` | `--export x.csv` | `--export x.json` |"]
    rows.append("|---|---|---|---|---|")
    for n in counts:
        data = tmp / f"history-{n}"
        path = write_history(data, n)
        cells = [f"{n:,}", f"{path.stat().st_size / 2**20:.0f} MB"]
        for extra in ([], ["--export", str(tmp / "x.csv")], ["--export", str(tmp / "x.json")]):
            took, rss, _ = run(["-m", "game", "--data-dir", str(data), "history", *extra])
            cells.append(f"{took:.1f} s, {rss:.0f} MB")
        for out in (tmp / "x.csv", tmp / "x.json"):
            out.unlink(missing_ok=True)
        shutil.rmtree(data)
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hours", type=float, default=1.0, help="length of the WAV files (default 1)")
    parser.add_argument("--play-minutes", type=float, default=5.0, help="game time of the headless play")
    parser.add_argument("--sessions", default="1000,10000,100000", help="history sizes, comma-separated")
    parser.add_argument("--skip-audio", action="store_true")
    parser.add_argument("--skip-history", action="store_true")
    opts = parser.parse_args()
    print_machine()
    tmp = Path(tempfile.mkdtemp(prefix="exhale-long-"))
    try:
        if not opts.skip_audio:
            print("## Long recordings\n", flush=True)
            rows = bench_audio(tmp, opts.hours, opts.play_minutes)
            print("\n" + "\n".join(rows) + "\n", flush=True)
        if not opts.skip_history:
            print("## Long history (wall time, peak RSS)\n", flush=True)
            rows = bench_history(tmp, [int(v) for v in opts.sessions.split(",") if v])
            print("\n" + "\n".join(rows) + "\n", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
