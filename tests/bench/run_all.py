"""Every benchmark in one go: frames, render, start-up, detector, soak. Prints their tables.

Run: ``python tests/bench/run_all.py [--soak-minutes 10] [--out results.md]``; ``--soak-minutes 60`` for the
full one-hour soak (about 8-10 minutes on a 2-core machine). Not part of the default pytest run.

Each benchmark runs in its own process (a clean interpreter: the soak's RSS is the game's alone), one after
another, so they do not compete with each other for the cores. Other work on the machine still does: the
load average is printed before and after.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import REPO, headless_env, loadavg, machine, print_machine  # noqa: E402


def run(title: str, args: list[str], log: list[str]) -> int:
    print(f"# {title}\n$ python {' '.join(args)}", flush=True)
    log.append(f"# {title}\n\n```\n$ python {' '.join(args)}")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args], cwd=str(REPO), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ALSA lib"):  # SDL's dummy audio still probes ALSA; noise, not results
            continue
        print(line, end="", flush=True)
        log.append(line.rstrip("\n"))
    rc = proc.wait()
    took = time.perf_counter() - t0
    print(f"({title}: {took:.0f} s, exit {rc}, load average now {loadavg()})\n", flush=True)
    log.append(f"```\n({title}: {took:.0f} s, exit {rc}, load average now {loadavg()})\n")
    return rc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--soak-minutes", type=float, default=10.0, help="simulated soak minutes (60: full hour)")
    ap.add_argument("--soak-scene", default="lake", choices=["lake", "lanterns"])
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--quick", action="store_true", help="bench_detector --quick, fewer frames, 5 min soak")
    ap.add_argument("--no-profile", action="store_true", help="skip the pyinstrument profile")
    ap.add_argument("--out", type=Path, help="also write everything printed to this file (markdown)")
    args = ap.parse_args(argv)
    headless_env()
    info = machine()
    print_machine(info)
    log = ["## Machine", *[f"- {k}: {v}" for k, v in info.items()], ""]
    b = str(HERE.relative_to(REPO))
    frames = 300 if args.quick else args.frames
    soak_min = min(args.soak_minutes, 5.0) if args.quick else args.soak_minutes
    profile = not args.no_profile and importlib.util.find_spec("pyinstrument") is not None
    steps = [
        (
            "frame cost (real App and scenes)",
            [
                f"{b}/bench_frames.py",
                "--frames",
                str(frames),
                "--no-machine",
                *(["--profile"] if profile else []),
            ],
        ),
        ("render widgets (bench_render.py)", [f"{b}/bench_render.py", "--frames", str(frames)]),
        ("start-up", [f"{b}/bench_startup.py"]),
        ("detector", [f"{b}/bench_detector.py", *(["--quick"] if args.quick else [])]),
        (
            f"soak ({soak_min:g} simulated min)",
            [f"{b}/soak.py", "--minutes", f"{soak_min:g}", "--scene", args.soak_scene],
        ),
    ]
    if not profile and not args.no_profile:
        print("(pyinstrument not installed: no profile. `pip install pyinstrument` - for profiling only)\n")
    failed = 0
    t0 = time.perf_counter()
    for title, cmd in steps:
        failed += run(title, cmd, log) != 0
    total = time.perf_counter() - t0
    print(f"all benchmarks: {total / 60:.1f} min, {failed} failed; load average at the end {loadavg()}")
    log.append(f"all benchmarks: {total / 60:.1f} min, {failed} failed; load average at the end {loadavg()}")
    if args.out:
        args.out.write_text("\n".join(log) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
