"""Hostile level files from a seed: for the property test (tests/test_level_property.py) and the benchmark
(tests/bench/fuzz_levels.py), which share it so a failing seed of one replays in the other.

Each file is either built from the schema's keys with values drawn near, at and far past every limit (huge
integers, floats near the maximum, tiny phases, surrogates, control characters, very long texts), or a
shipped level with some of its values swapped for such values. Written as JSON, which YAML reads, so any
string (a lone surrogate too, as an escape) and any number survive the trip.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

LEVELS = Path(__file__).resolve().parent.parent / "levels"
SHIPPED: list[dict[str, Any]] = [
    yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted(LEVELS.glob("*.yaml"))
    if p.name != "pack.yaml"
]
PHASES = ("inhale", "hold_in", "exhale", "hold_out")
GOALS = (
    "long_exhales",
    "average_exhale",
    "breaths_per_minute",
    "steady",
    "in_sync",
    "exhale_ratio",
    "full_exhales",
)


def number(rng: random.Random) -> object:
    """A number from a mix that hits ranges' insides, edges and far outsides."""
    pick = rng.randrange(12)
    if pick == 0:
        return rng.choice([0, -1, 1, 2, 2000, 2001, 7200, 7201, 60, 61, 0.5, 0.49, 1e-15, 5e-324])
    if pick == 1:
        return 10 ** rng.randrange(9, 400)  # huge integers, past float range too
    if pick == 2:
        return rng.choice([1.7976931348623157e308, -1.7976931348623157e308, 1e308, 1e-300])
    if pick == 3:
        return rng.randrange(-5, 3000)
    if pick == 4:
        return round(rng.uniform(0, 0.1), 6)
    if pick == 5:
        return rng.choice([True, False, None, "6", "many", [], {}])
    return round(rng.uniform(0.3, 12), rng.randrange(0, 4))


def text(rng: random.Random) -> object:
    pick = rng.randrange(10)
    if pick == 0:
        return "a\udfff" if rng.random() < 0.5 else "\ud800b"
    if pick == 1:
        return "x" * rng.choice([59, 60, 61, 80, 81, 300, 600, 601, 5000, 100_000])
    if pick == 2:
        return rng.choice(["a\x07b", "tab\there", "two\nlines", "\u202eevil", "nul\x00", "\n" * 40, "é中🙂"])
    if pick == 3:
        return number(rng)
    return rng.choice(["Calm", "A title", "Breathe out slowly.", "", "  "])


def phases(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {p: number(rng) for p in PHASES if rng.random() < 0.6}
    if rng.random() < 0.3:
        out["ramp"] = [
            {
                "field": rng.choice(PHASES),
                "to": number(rng),
                "over_cycles": number(rng),
                **({"start_cycle": number(rng)} if rng.random() < 0.5 else {}),
            }
            for _ in range(rng.randrange(1, 3))
        ]
    if rng.random() < 0.2:
        out["double_inhale"] = True
    return out


def goal(rng: random.Random) -> dict[str, Any]:
    g: dict[str, Any] = {"kind": rng.choice(GOALS)}
    for key in rng.sample(["seconds", "count", "at_least", "at_most"], rng.randrange(1, 3)):
        g[key] = number(rng)
    if rng.random() < 0.3:
        g["label"] = text(rng)
    return g


def from_schema(rng: random.Random) -> dict[str, Any]:
    level: dict[str, Any] = {"id": "fuzz-level", "title": text(rng) if rng.random() < 0.3 else "Fuzz"}
    if rng.random() < 0.3:
        level["intro"] = text(rng)
    if rng.random() < 0.3:
        level["tip"] = text(rng)
    level["scene"] = rng.choice(["lake", "lanterns", "candle", "tree"])
    if rng.random() < 0.3:
        name = rng.choice(["wind", "max_lanterns", "max_growth", "min_exhale_s", "soft_max", "note"])
        level["scene_params"] = {name: number(rng) if rng.random() < 0.7 else text(rng)}
    if rng.random() < 0.8:
        level["pattern"] = phases(rng)
    if rng.random() < 0.5:
        level["cycles"] = number(rng)
    elif rng.random() < 0.6:
        level["duration"] = number(rng)
    if rng.random() < 0.3:
        level["adaptive"] = {"enabled": True, "measure_cycles": number(rng), "step_s": number(rng)}
    if rng.random() < 0.3:
        level["safety"] = {"caution": text(rng), "max_breaths_per_minute": number(rng)}
    if rng.random() < 0.5:
        level["goals"] = [goal(rng) for _ in range(rng.randrange(1, 4))]
    if rng.random() < 0.3:
        level["calm"] = False
    return level


def mutated_shipped(rng: random.Random) -> dict[str, Any]:
    level = json.loads(json.dumps(rng.choice(SHIPPED)))

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: visit(v) for k, v in node.items()}
        if isinstance(node, list):
            return [visit(v) for v in node]
        if rng.random() < 0.25:
            return number(rng) if isinstance(node, (int, float)) and not isinstance(node, bool) else text(rng)
        return node

    level = visit(level)
    level["id"] = "fuzz-level"
    return level


def hostile_level(seed: int) -> str:
    """The level file text for `seed`."""
    rng = random.Random(seed)
    level = from_schema(rng) if rng.random() < 0.5 else mutated_shipped(rng)
    return json.dumps(level, ensure_ascii=True) + "\n"
