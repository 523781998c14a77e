"""Hums on an air level (issue 13, section 3, item 4): what the air detector alone makes of a hummed exhale.

Run: ``python tests/bench/bench_hum_in_air.py [--seeds N]`` (well under a minute). Not part of the default
pytest run. Measures only; the air detector is not changed here.

The same synthetic hums as ``bench_hum.py`` (held-out seeds 1000 on, three rooms), played to the air detector
(``BreathDetector(rate)``, as every level without ``exhale_style: hum`` hears them). Per labelled hum:

- counted: at least one exhale the game would count (sure, at least 0.3 s) overlaps it;
- pieces: how many such exhales it was cut into;
- kept: the longest piece over the hum's length (the breath's exhale length is that piece, as the game
  tracks one exhale per breath);
- and the same, split by how much breath noise the hum carries (``breath_db`` ranges, near room), since the
  air detector hears the air in a hum, not its tone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from breath_input import synth_audio as sa  # noqa: E402
from breath_input.detector import BreathDetector  # noqa: E402
from breath_input.types import BreathReading, Phase  # noqa: E402

RATE = 16000
BLOCK_S = 0.05
ROOMS = ("near", "noisy", "far")
TEST_FROM = 1000
NOISE_BINS = ((-24.0, -20.0), (-20.0, -15.0), (-15.0, -10.0))  # breath noise under the tone, dB


def room_args(room: str, rng: np.random.Generator) -> dict[str, float]:
    if room == "near":
        return {"noise_db": -65.0}
    if room == "noisy":
        return {"noise_db": -50.0}
    return {"noise_db": -62.0, "distance_db": rng.uniform(15.0, 20.0), "reverb_s": rng.uniform(0.3, 0.5)}


def hums(seed: int, room: str, breath_db: tuple[float, float] = (-24.0, -10.0)) -> tuple[np.ndarray, list]:
    """As bench_hum.py's (the same seeds give the same files with the default breath noise)."""
    rng = np.random.default_rng(seed + 77)
    x, labels = sa.hummed_exhales(
        sample_rate=RATE, duration_s=60.0, seed=seed, breath_db=breath_db, **room_args(room, rng)
    )
    if room == "noisy":
        fan, _ = sa.fan(sample_rate=RATE, duration_s=60.0, level_db=-42.0, seed=seed)
        x = np.clip(x + fan, -1, 1).astype(np.float32)
    return x, labels


def air_exhales(x: np.ndarray) -> list[tuple[float, float]]:
    """Exhales as game/sim/breaths.py counts them: sure (confidence >= 0.5) and at least 0.3 s long."""
    det = BreathDetector(RATE)
    readings: list[BreathReading] = []
    step = int(BLOCK_S * RATE)
    for i in range(0, x.size, step):
        readings += det.process(x[i : i + step])
    out, start = [], None
    for r in readings:
        on = r.phase is Phase.EXHALE and r.confidence >= 0.5
        if on and start is None:
            start = r.t
        elif not on and start is not None:
            out.append((start, r.t))
            start = None
    return [(a, b) for a, b in out if b - a >= 0.3]


def per_hum(labels: list, found: list[tuple[float, float]]) -> list[tuple[bool, int, float]]:
    """(counted, pieces, kept share) for each labelled hum."""
    rows = []
    for a, b, phase in labels:
        if phase != "exhale":
            continue
        pieces = [(max(a, s), min(b, e)) for s, e in found if min(b, e) > max(a, s)]
        kept = max((e - s for s, e in pieces), default=0.0) / (b - a)
        rows.append((bool(pieces), len(pieces), kept))
    return rows


def line(name: str, rows: list[tuple[bool, int, float]]) -> str:
    counted = [r for r in rows if r[0]]
    n = len(rows)
    if not counted:
        return f"{name:>22}: 0/{n} hums counted"
    pieces = np.array([r[1] for r in counted])
    kept = np.array([r[2] for r in counted])
    return (
        f"{name:>22}: {len(counted)}/{n} hums counted ({100 * len(counted) / n:.0f} %); of those, "
        f"{np.mean(pieces == 1) * 100:.0f} % in one piece, exhale kept median {np.median(kept) * 100:.0f} % "
        f"of the hum (quartiles {np.percentile(kept, 25) * 100:.0f}-{np.percentile(kept, 75) * 100:.0f} %), "
        f"{np.mean(kept >= 0.8) * 100:.0f} % keep 80 % or more"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=20, help="hum files per room (default 20)")
    args = ap.parse_args()
    seeds = list(range(TEST_FROM, TEST_FROM + args.seeds))
    t0 = time.perf_counter()
    print(f"## hums heard by the air detector alone (held-out seeds {seeds[0]}-{seeds[-1]})")
    everything: list[tuple[bool, int, float]] = []
    for room in ROOMS:
        rows = []
        for seed in seeds:
            x, labels = hums(seed, room)
            rows += per_hum(labels, air_exhales(x))
        everything += rows
        print(line(room, rows))
    print(line("all", everything))
    for lo, hi in NOISE_BINS:
        rows = []
        for seed in seeds:
            x, labels = hums(seed, "near", (lo, hi))
            rows += per_hum(labels, air_exhales(x))
        print(line(f"near, noise {lo:.0f}..{hi:.0f} dB", rows))
    print(f"({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
