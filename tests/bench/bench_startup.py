"""Start-up: process start to the first drawn title frame, beside ``python -c "import pygame"``.

Run: ``python tests/bench/bench_startup.py [--runs 5]``. Not collected by pytest.

The game has no "exit after the first frame" hook, and none is added for this. The child process runs the
real ``exhale`` entry point (``game.cli.main`` with no command: store, catalog, App, TitleScene, the run
loop) and this bench wraps ``App.frame`` *in the child* so that the process exits (``os._exit``) as soon
as the first title frame has been drawn and flipped. The parent times ``subprocess.run`` of it with
``perf_counter``: interpreter start-up, imports, level loading, ``pygame.init``, the first draw. The
baselines are timed the same way and also end with ``os._exit``: ``python -c pass`` and
``python -c "import pygame"``.

SDL's dummy video and audio drivers stand in for a window and sound card (a real window and audio device
add their own, driver-dependent, start-up). A fresh temporary data folder: a first start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

FIRST_FRAME = r"""
import os, sys, time
t_main = time.perf_counter()
sys.path.insert(0, {repo!r})
import game.app as _app
_orig_frame = _app.App.frame
_marks = {{}}
def _frame(self, elapsed_s, stepper):
    _orig_frame(self, elapsed_s, stepper)
    if self.frames >= 1:
        import pygame
        pygame.display.flip()
        if {phases}:
            top = type(self.stack[-1]).__name__ if self.stack else "?"
            print("PHASES", top, " ".join(f"{{k}}={{(v - t_main) * 1000:.1f}}" for k, v in _marks.items()),
                  f"first_frame={{(time.perf_counter() - t_main) * 1000:.1f}}", flush=True)
        os._exit(0)
_app.App.frame = _frame
if {phases}:
    _orig_init = _app.App.__init__
    def _init(self, *a, **k):
        _marks["app_init_start"] = time.perf_counter()
        _orig_init(self, *a, **k)
        _marks["app_init_end"] = time.perf_counter()
    _app.App.__init__ = _init
    import game.records.catalog as _cat
    _orig_load = _cat.Catalog.load.__func__
    def _load(cls, *a, **k):
        _marks["catalog_start"] = time.perf_counter()
        try:
            return _orig_load(cls, *a, **k)
        finally:
            _marks["catalog_end"] = time.perf_counter()
    _cat.Catalog.load = classmethod(_load)
_marks["game_app_imported"] = time.perf_counter()
from game.cli import main
_marks["game_cli_imported"] = time.perf_counter()
main(["--data-dir", {data!r}])
print("no frame drawn", file=sys.stderr)
os._exit(1)
"""

IMPORT_PYGAME = "import os, pygame; os._exit(0)"
BARE = "import os; os._exit(0)"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    env.pop("EXHALE_DATA_DIR", None)
    return env


def time_child(code: str, env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    cmd = [sys.executable, "-c", code]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=str(REPO))
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed * 1000, done.stdout


def measure(runs: int = 5) -> dict:
    env = child_env()
    out: dict[str, list[float]] = {"python -c pass": [], "import pygame": [], "exhale title frame": []}
    phases = ""
    with tempfile.TemporaryDirectory(prefix="exhale-start-") as tmp:
        # One warm-up of each (disk cache, .pyc files), not counted.
        time_child(BARE, env)
        time_child(IMPORT_PYGAME, env)
        time_child(FIRST_FRAME.format(repo=str(REPO), data=str(Path(tmp) / "warm"), phases=False), env)
        for i in range(runs):  # interleaved, so a busy spell on a shared machine hits all three alike
            out["python -c pass"].append(time_child(BARE, env)[0])
            out["import pygame"].append(time_child(IMPORT_PYGAME, env)[0])
            data = str(Path(tmp) / f"run{i}")  # a fresh data folder each run: a first start
            out["exhale title frame"].append(
                time_child(FIRST_FRAME.format(repo=str(REPO), data=data, phases=False), env)[0]
            )
        code = FIRST_FRAME.format(repo=str(REPO), data=str(Path(tmp) / "phases"), phases=True)
        _, text = time_child(code, env)
        phases = next((ln for ln in text.splitlines() if ln.startswith("PHASES")), "")
    return {"runs": out, "phases": phases}


def print_table(res: dict) -> None:
    runs = res["runs"]
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"## Start-up (median of {len(runs['import pygame'])}, process start to exit, SDL dummy drivers)")
    print("| what | median ms | min ms | max ms | x import pygame |")
    print("|---|---|---|---|---|")
    for k, v in runs.items():
        print(f"| {k} | {med[k]:.0f} | {min(v):.0f} | {max(v):.0f} | {med[k] / med['import pygame']:.2f} |")
    game = med["exhale title frame"]
    print(
        f"title frame beyond `import pygame`: {game - med['import pygame']:.0f} ms; target about 1000 ms "
        f"-> {game / 1000:.2f} of it"
    )
    if res["phases"]:
        parts = res["phases"].split()[2:]
        print(
            "one run, ms after the child's first line of Python (interpreter start not included): "
            + ", ".join(p.replace("=", " ") for p in parts)
        )
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    print_table(measure(args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
