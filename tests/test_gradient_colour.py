"""gradient_colour must agree with the gradient surfaces it samples (built with np.interp)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from game.render.scene_base import gradient_colour

channel = st.integers(0, 255)
colour = st.tuples(channel, channel, channel)


@given(
    positions=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=5, unique=True),
    colours=st.lists(colour, min_size=5, max_size=5),
    y=st.floats(-0.5, 1.5),
)
def test_matches_numpy_interpolation(positions, colours, y):
    stops = list(zip(sorted(positions), colours, strict=False))
    pos = [s[0] for s in stops]
    expected = tuple(int(np.interp(y, pos, [s[1][c] for s in stops]) + 0.5) for c in range(3))
    got = gradient_colour(stops, y)
    assert all(abs(a - b) <= 1 for a, b in zip(got, expected, strict=True)), (got, expected)


def test_ends_and_middle():
    stops = [(0.0, (0, 0, 0)), (0.5, (100, 200, 50)), (1.0, (200, 0, 100))]
    assert gradient_colour(stops, -1.0) == (0, 0, 0)
    assert gradient_colour(stops, 0.25) == (50, 100, 25)
    assert gradient_colour(stops, 0.75) == (150, 100, 75)
    assert gradient_colour(stops, 2.0) == (200, 0, 100)
