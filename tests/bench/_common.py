"""Helpers shared by the benchmarks: the frame budget, percentiles, RSS, and a description of the machine.

Not a test module (pytest collects only ``test_*.py``); bench_frames, bench_startup, soak and run_all use it.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUDGET_MS = 1000.0 / 60.0  # one frame at 60 frames/s
TARGET_FRACTION = 0.25  # PRODUCT.md section 6: a frame's work well under a quarter of the budget


def headless_env() -> None:
    """SDL's dummy drivers (software rendering, no window, no sound card) before pygame is imported."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile, ``q`` in 0..100 (the same rule for every figure in these benches)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100.0 * (len(ordered) - 1)))]


def stats_ms(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "mean": statistics.fmean(samples) if samples else 0.0,
        "median": statistics.median(samples) if samples else 0.0,
        "p99": percentile(samples, 99),
        "max": max(samples) if samples else 0.0,
    }


def rss_mb() -> float:
    """Resident set size of this process in MB (VmRSS from /proc; psutil if there is no /proc)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    try:
        import psutil  # optional: only where /proc is missing; never a dependency

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        return float("nan")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cgroup_cpus() -> str:
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        return "no limit" if quota == "max" else f"{int(quota) / int(period):g} CPUs"
    except (OSError, ValueError):
        return "unknown"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def machine() -> dict[str, str]:
    """What the figures came from: cores, CPU, versions, and how busy the machine was."""
    headless_env()
    import numpy
    import pygame

    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        nproc = str(os.cpu_count())
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        mem_txt = f"{int(mem) / 2**20:.1f} GB"
    except (OSError, IndexError, ValueError):
        mem_txt = "n/a"
    return {
        "nproc": nproc,
        "cpu": _cpu_model(),
        "cgroup cpu limit": _cgroup_cpus(),
        "memory": mem_txt,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pygame-ce": pygame.version.ver,
        "SDL": ".".join(str(v) for v in pygame.get_sdl_version()),
        "numpy": numpy.__version__,
        "video driver": os.environ.get("SDL_VIDEODRIVER", ""),
        "load average (1/5/15 min)": loadavg(),
    }


def print_machine(info: dict[str, str] | None = None) -> None:
    info = info or machine()
    print("## Machine")
    for k, v in info.items():
        print(f"- {k}: {v}")
    print()
