"""Every scene's painter by its name in level files: the one place that knows them all."""

from __future__ import annotations

from collections.abc import Mapping

from game.render.candle import CandlePainter
from game.render.lake import LakePainter
from game.render.lanterns import LanternsPainter
from game.render.palette import Palette
from game.render.scene_base import ScenePainter
from game.render.tree import TreePainter

PAINTERS: Mapping[str, type[ScenePainter]] = {
    "lake": LakePainter,
    "lanterns": LanternsPainter,
    "candle": CandlePainter,
    "tree": TreePainter,
}


def painter_names() -> tuple[str, ...]:
    """Names accepted by :func:`make_painter`."""
    return tuple(PAINTERS)


def make_painter(
    name: str,
    size: tuple[int, int],
    *,
    params: Mapping[str, object] | None = None,
    palette: Palette,
    seed: int = 0,
    with_guide: bool = True,
) -> ScenePainter:
    """Build the painter for scene ``name``.

    Raises:
        ValueError: ``name`` is not a known scene (the message lists the known ones).
    """
    cls = PAINTERS.get(name)
    if cls is None:
        raise ValueError(f"unknown scene {name!r}; known scenes: {', '.join(sorted(PAINTERS))}")
    return cls(size, params=params, palette=palette, seed=seed, with_guide=with_guide)
