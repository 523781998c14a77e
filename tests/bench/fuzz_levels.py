"""Hostile level files in bulk (issue 15, item 3): what `validate` passes, `play` survives.

    .venv/bin/python tests/bench/fuzz_levels.py --count 10000 [--start SEED] [--jobs N] [--json]

Each seed makes one file (tests/level_gen.py, shared with tests/test_level_property.py). A refused file
must carry located problems and no internal error; an accepted one is played headless for 5 s of game
time in a fresh Python, which must exit 0 within 2 s of play (10 s counts as a hang) with its peak memory
under 300 MB. Prints the counts and every failing seed; exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from level_gen import hostile_level  # noqa: E402

from game.content.loader import load_level_text  # noqa: E402
from game.content.model import BrokenLevel  # noqa: E402

PLAY_S = 5.0
MAX_PLAY_S = 2.0
HANG_S = 10.0
MEMORY_CAP_MB = 300.0
_CHILD = """
import json, resource, sys, time
from game.cli import main
started, cpu = time.perf_counter(), time.process_time()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - started, "cpu_s": time.process_time() - cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def check_refused(seed: int, level: BrokenLevel, warnings: list) -> str | None:
    for p in (*level.problems, *warnings):
        if p.line < 1 or p.col < 1 or not p.message or "please report" in p.message:
            return f"seed {seed}: unlocated or internal problem: {p}"
        try:
            str(p).encode("utf-8")
        except UnicodeEncodeError:
            return f"seed {seed}: unprintable problem {p!r}"
    return None


def play(seed: int, text: str) -> tuple[str, dict[str, float]]:
    """('ok' | 'crash' | 'hang' | 'memory' | 'slow', figures) for one accepted file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz-level.json"
        path.write_text(text, encoding="utf-8")
        argv = ["--data-dir", str(Path(folder) / "data"), "play", str(path), "--headless"]
        argv += ["--input", "synthetic:calm", "--seconds", str(PLAY_S)]
        env = dict(
            os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1"
        )
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, *argv],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=HANG_S + 5,  # the child's start-up (imports, pygame) comes on top of play
                check=False,
            )
        except subprocess.TimeoutExpired:
            return "hang", {}
        try:
            out = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return "crash", {"stderr": done.stderr[-400:]}  # type: ignore[dict-item]
        if done.returncode or out["code"]:
            return "crash", {**out, "stderr": done.stderr[-400:]}
        if out["peak_mb"] > MEMORY_CAP_MB:
            return "memory", out
        if out["cpu_s"] > MAX_PLAY_S:  # CPU seconds: a loaded machine must not make a quick play "slow"
            return "slow", out
        return "ok", out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    counts = {"files": 0, "refused": 0, "played": 0, "crash": 0, "hang": 0, "memory": 0, "slow": 0}
    failures: list[str] = []
    to_play: list[tuple[int, str]] = []
    for seed in range(args.start, args.start + args.count):
        text = hostile_level(seed)
        counts["files"] += 1
        try:
            level, warnings = load_level_text(text, "fuzz.json")
        except Exception as e:  # noqa: BLE001 - the loader promises never to raise; count it
            counts["crash"] += 1
            failures.append(f"seed {seed}: the loader raised {type(e).__name__}: {e}")
            continue
        if isinstance(level, BrokenLevel):
            counts["refused"] += 1
            why = check_refused(seed, level, warnings)
            if why:
                counts["crash"] += 1
                failures.append(why)
        else:
            to_play.append((seed, text))
    peak, slowest, slowest_cpu = 0.0, 0.0, 0.0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for (seed, _), (verdict, out) in zip(to_play, pool.map(lambda st: play(*st), to_play), strict=True):
            counts["played"] += 1
            peak = max(peak, float(out.get("peak_mb", 0.0)))
            slowest = max(slowest, float(out.get("seconds", 0.0)))
            slowest_cpu = max(slowest_cpu, float(out.get("cpu_s", 0.0)))
            if verdict != "ok":
                counts[verdict] += 1
                failures.append(f"seed {seed}: {verdict} {out}")
    summary = {
        **counts,
        "peak_mb": round(peak, 1),
        "slowest_play_s": round(slowest, 3),
        "slowest_play_cpu_s": round(slowest_cpu, 3),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "wall_s": round(time.perf_counter() - started, 1),
        "failures": failures,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{counts['files']} files: {counts['refused']} refused, {counts['played']} played; "
            f"{counts['crash']} crashes, {counts['hang']} hangs, "
            f"{counts['memory']} over {MEMORY_CAP_MB:.0f} MB, "
            f"{counts['slow']} over {MAX_PLAY_S:g} CPU s; peak {peak:.0f} MB, slowest play {slowest:.2f} s "
            f"({slowest_cpu:.2f} CPU s), {summary['wall_s']} s in all, load {summary['load_average']}"
        )
        for line in failures:
            print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
