"""What each scene earns from the breath: the tree's growth, the candle's sill lights, the lanterns released.

Decided here, from each finished breath, so a play, its replay and its results agree exactly; the painters
only ease toward the state they are shown (FrameView.scene_earned). Pure: no pygame.

The scene settings (`scene_params`), their defaults and ranges are read from the one table of them,
`game/content/model.py` SCENE_PARAMS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.content.model import CANDLE_LIGHTS as CANDLE_LIGHTS  # the candle's painter and goal words read it
from game.content.model import CANDLE_LONG_EXHALE_S as CANDLE_LONG_EXHALE_S  # the level checks read it too
from game.content.model import SCENE_EARNS, Level, scene_param_range
from game.sim.breaths import Breath

# The rhythm settled at least this much (0..1) for a full breath to grow the tree. 0.5 is what the session
# reports until it has enough breaths to judge, so the first calm breaths of a level grow the tree too.
TREE_CALM_ENOUGH = 0.5
CANDLE_SOFT_GRACE = 0.05  # flow this little over soft_max barely stirs the flame, so it still counts as soft
# A breath still counts as soft when no more than this share of it was harder: a microphone's flow is
# scaled to the player's own exhales, so the peak of an ordinary one touches the top.
CANDLE_HARD_SHARE = 0.2


def scene_setting(level: Level, name: str) -> float:
    """A numeric scene setting of the level's scene: its value (clamped to its range) or its default."""
    default, low, high = scene_param_range(level.scene, name)
    value = level.scene_params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return min(high, max(low, float(value)))


@dataclass(frozen=True, slots=True)
class SceneState:
    """What the scene has earned so far.

    Attributes:
        scene: the level's scene.
        earned: tree: growth steps; candle: long soft exhales (sill lights); lanterns: lanterns released.
            Never goes down.
        capacity: the most the scene can show (the tree fully grown, the sill full, the sky's lanterns);
            `earned` may pass it (lanterns keep rising as the oldest fade), 0 for a scene that earns nothing.
        label: what one earned step is, in plain words, for results and history.
    """

    scene: str
    earned: int = 0
    capacity: int = 0
    label: str = ""

    @property
    def shown(self) -> int:
        """How much of it is on screen."""
        return min(self.earned, self.capacity)

    def to_dict(self) -> dict[str, object]:
        return {"scene": self.scene, "earned": self.earned, "capacity": self.capacity, "label": self.label}


def scene_words(state: SceneState) -> str | None:
    """What the scene earned, in a line for the results ("The tree grew 7 of its 24 steps."), or None."""
    n, cap = state.earned, state.capacity
    if state.scene == "tree" and n:
        return "The tree grew into full bloom." if n >= cap else f"The tree grew {n} of its {cap} steps."
    if state.scene == "candle" and n:
        lit = min(n, cap)
        return f"{lit} small light{'s' if lit != 1 else ''} lit on the sill, one for each long, soft exhale."
    if state.scene == "lanterns" and n:
        return f"{n} lantern{'s' if n != 1 else ''} rose into the sky."
    return None


class SceneRule:
    """A scene that earns nothing (the lake answers the breath but keeps no count)."""

    label = ""

    def __init__(self, level: Level) -> None:
        self.scene = level.scene
        self.earned = 0
        self.capacity = 0

    def flow(self, flow: float, dt: float) -> None:
        """Once per step of play with the player's smoothed flow (0..1)."""

    def breath(self, breath: Breath, calm: float) -> bool:
        """A breath finished; `calm` is the session's calm with it counted. True when it earned a step."""
        return False

    @property
    def state(self) -> SceneState:
        return SceneState(self.scene, self.earned, self.capacity, self.label)


class TreeRule(SceneRule):
    """The tree grows one step with each exhale of at least min_exhale_s in a settled rhythm."""

    label = SCENE_EARNS["tree"]

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.min_exhale_s = scene_setting(level, "min_exhale_s")
        self.capacity = int(scene_setting(level, "max_growth"))

    def breath(self, breath: Breath, calm: float) -> bool:
        if self.earned >= self.capacity or breath.exhale_s < self.min_exhale_s or calm < TREE_CALM_ENOUGH:
            return False
        self.earned += 1
        return True


class CandleRule(SceneRule):
    """Each long exhale that stayed soft (under soft_max for most of it) lights a small light on the sill."""

    label = SCENE_EARNS["candle"]

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.soft_max = scene_setting(level, "soft_max")
        self.capacity = CANDLE_LIGHTS
        self._hard_s = 0.0  # seconds of the current breath blown harder than soft_max

    def flow(self, flow: float, dt: float) -> None:
        if flow > self.soft_max + CANDLE_SOFT_GRACE:
            self._hard_s += dt

    def breath(self, breath: Breath, calm: float) -> bool:
        hard_s, self._hard_s = self._hard_s, 0.0
        if breath.exhale_s < CANDLE_LONG_EXHALE_S or hard_s > CANDLE_HARD_SHARE * breath.exhale_s:
            return False
        self.earned += 1  # keeps counting past a full sill
        return True


class LanternRule(SceneRule):
    """Each exhale of at least min_exhale_s releases a lantern; the sky holds max_lanterns at once."""

    label = SCENE_EARNS["lanterns"]

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.min_exhale_s = scene_setting(level, "min_exhale_s")
        self.capacity = int(scene_setting(level, "max_lanterns"))

    def breath(self, breath: Breath, calm: float) -> bool:
        if breath.exhale_s < self.min_exhale_s:
            return False
        self.earned += 1
        return True


RULES: Mapping[str, type[SceneRule]] = {"tree": TreeRule, "candle": CandleRule, "lanterns": LanternRule}


def rule_for(level: Level) -> SceneRule:
    """The rule of the level's scene (a rule that earns nothing for scenes without one)."""
    return RULES.get(level.scene, SceneRule)(level)
