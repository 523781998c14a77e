"""The shape of the tree scene's tree, grown once from a seed. Pure: no pygame.

The painter (game/render/tree.py) reveals it step by step; the shape itself never changes in a session.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

_UP = -math.pi / 2

# Per branch depth (0 is the trunk): internodes, a side branch's length as a share of its parent axis,
# and how strongly an axis turns back toward the light. Side branches start from the second node on.
NODES = (7, 5, 4, 3)
_SIDE_SHARE = (0.95, 0.6, 0.55)
_TROPISM = (0.30, 0.04, 0.05, 0.04)


@dataclass(slots=True)
class Segment:
    """One internode in tree units: the root at (0, 0), y grows downward, the trunk is about 0.5 tall."""

    x0: float
    y0: float
    x1: float
    y1: float
    d0: float  # path length from the root to each end
    d1: float
    depth: int
    parent: int  # index of the segment it grows from, -1 for the root


@dataclass(slots=True)
class Tuft:
    """A cluster of leaves at a segment's end, or riding the tip of its axis while that grows."""

    segment: int
    axis: list[int] | None  # the axis' segments, for a cluster on its tip
    dx: float  # offset from the anchor, tree units
    dy: float
    f0: float  # growth fraction at which it starts to unfold, and at which it is full
    f1: float
    bloom: float  # growth fraction at which its blossoms open (above 1: never)
    variant: int
    shade: int  # 0 back (never sways; cached with the branches), 1 middle, 2 front
    size: float
    phase: float
    reach: float  # 0 at the root .. 1 at the outermost tips: how much the breeze moves it


def grow_tree(rng: random.Random) -> tuple[list[Segment], list[list[int]]]:
    """A branching tree from ``rng``: its segments (each after its parent) and its axes (segment lists)."""
    segments: list[Segment] = []
    axes: list[list[int]] = []

    def axis(x: float, y: float, angle: float, length: float, depth: int, d: float, parent: int) -> None:
        n = NODES[depth]
        step = length / n
        own: list[int] = []
        axes.append(own)
        side = rng.choice((-1.0, 1.0))
        children = []
        for i in range(n):
            angle += rng.gauss(0.0, 0.09) + (_UP - angle) * _TROPISM[depth]
            nx, ny = x + math.cos(angle) * step, y + math.sin(angle) * step
            segments.append(Segment(x, y, nx, ny, d, d + step, depth, parent))
            parent = len(segments) - 1
            own.append(parent)
            x, y, d = nx, ny, d + step
            if depth + 1 < len(NODES) and 1 <= i < n - 1:
                along = (i + 1) / n
                share = _SIDE_SHARE[depth] * (1.0 - 0.55 * along) * rng.uniform(0.85, 1.1)
                spread = rng.uniform(0.75, 1.05) if depth == 0 else rng.uniform(0.5, 0.85)
                children.append((x, y, angle + side * spread, length * share, depth + 1, d, parent))
                side = -side
        for child in children:
            axis(*child)

    axis(0.0, 0.0, _UP + rng.uniform(-0.06, 0.06), 0.54, 0, 0.0, -1)
    return segments, axes
