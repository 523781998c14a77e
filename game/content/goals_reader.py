"""The level reader's `goals:`: each goal's kind, its fields and label."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .limits import (
    MAX_CYCLES,
    MAX_GOAL_BPM,
    MAX_GOAL_RATIO,
    MAX_GOALS,
    MAX_LABEL_CHARS,
    MAX_PHASE_S,
)
from .model import (
    GOAL_KINDS,
    SCENE_EARNS,
    Goal,
    goal_label,
    scene_param_range,
)
from .reading import (
    Doc,
    got,
    text_range,
)
from .yaml_nodes import Entry, Map, Scalar, Seq

GOAL_FIELDS: dict[str, tuple[str, ...]] = {
    "long_exhales": ("seconds", "count"),
    "average_exhale": ("seconds",),
    "breaths_per_minute": ("at_most",),
    "steady": ("at_least",),
    "in_sync": ("at_least",),
    "exhale_ratio": ("at_least",),
    "full_exhales": ("count",),
    "scene": ("count",),
}
GOAL_KEYS = ("kind", "seconds", "count", "at_least", "at_most", "label")

_GOAL_HELP = {
    "seconds": "how long, in seconds",
    "count": "how many exhales",
    "at_least": "the lowest score that earns the star",
    "at_most": "the highest breaths per minute that earns the star",
}
_SCENE_COUNT_HELP = "how many steps the scene earns: tree growth steps, sill lights or lanterns"


class GoalsReading(Doc):
    """Reads the goals (a part of the level reader)."""

    def _goals(
        self, entry: Entry, scene: str | None = "lake", scene_params: Mapping[str, object] | None = None
    ) -> list[tuple[Goal | None, Map, str]]:
        """(goal or None when unreadable, its node, its name in messages such as 'goals[1] (steady)').
        `scene` (None when unreadable) and its settings decide what a `scene` goal can ask for."""
        node = entry.value
        if not isinstance(node, Seq):
            self.error(node, f"goals: expected a list of goals (each starting with '- '), got {got(node)}")
            return []
        if len(node.items) > MAX_GOALS:
            self.error(
                node.items[MAX_GOALS],
                f"goals: at most {MAX_GOALS} goals (one star each), got {len(node.items)}",
            )
        goals: list[tuple[Goal | None, Map, str]] = []
        for i, item in enumerate(node.items, 1):
            path = f"goals[{i}]"
            if not isinstance(item, Map):
                self.error(
                    item, f"{path}: expected {{kind: long_exhales, seconds: 6, count: 5}}, got {got(item)}"
                )
                continue
            kind = item.entries["kind"].value if "kind" in item.entries else None
            name = f"{path} ({kind.value})" if isinstance(kind, Scalar) and kind.value in GOAL_KINDS else path
            goal = self._goal(item, path, name)
            if goal is not None and goal.kind == "scene":
                goal = self._scene_goal(goal, item, name, scene, scene_params or {})
            goals.append((goal, item, name))
        return goals

    def _scene_goal(
        self, goal: Goal, item: Map, name: str, scene: str | None, params: Mapping[str, object]
    ) -> Goal | None:
        """A `scene` goal needs a scene that keeps a count, and the tree can't grow past its max_growth."""
        if scene is None:  # the scene's own error says what is wrong
            return None
        if scene not in SCENE_EARNS:
            *rest, last = SCENE_EARNS
            with_rules = f"{', '.join(rest)} or {last}"
            self.error(
                item.entries["kind"].value,
                f"{name}: the {scene} scene keeps no count for a scene goal to ask for (only the "
                f"{with_rules.replace(' or ', ' and ')} scenes do); choose another goal kind, or set "
                f"'scene:' to {with_rules}",
            )
            return None
        if scene == "tree":
            default, _, _ = scene_param_range("tree", "max_growth")
            most = params.get("max_growth", default)
            if isinstance(most, int | float) and not isinstance(most, bool) and goal.count > most:
                self.error(
                    item.entries["count"].value,
                    f"{name}: the tree grows at most {most:g} steps (scene_params.max_growth), fewer than "
                    f"the {goal.count} asked; ask for {most:g} or fewer, or raise max_growth",
                )
                return None
        label = goal.label if "label" in item.entries else ""
        goal = dataclasses.replace(goal, scene=scene)
        return dataclasses.replace(goal, label=label or goal_label(goal))

    def _goal(self, item: Map, path: str, name: str) -> Goal | None:
        """Read one goal; `path` ('goals[1]') prefixes its fields, `name` ('goals[1] (steady)') the goal."""
        e = self.known_keys(item, name, GOAL_KEYS, prefix=path)
        typos = self.typo_targets(item, GOAL_KEYS)
        if "kind" not in e:
            if "kind" not in item.entries and "kind" not in typos:
                self.error(item, f"{path}: missing 'kind' (one of {', '.join(GOAL_KINDS)})")
            return None
        kind = self.choice(e["kind"], f"{path}.kind", GOAL_KINDS, "goal kind")
        if kind is None:
            return None
        needs = GOAL_FIELDS[kind]
        ok = True
        for key in ("seconds", "count", "at_least", "at_most"):
            if key in e and key not in needs:
                self.error(e[key], f"{name}: doesn't use '{key}' (a {kind} goal uses {' and '.join(needs)})")
                ok = False
        for key in needs:
            if key not in e:
                if key not in item.entries and key not in typos:  # else already reported, once
                    help_ = _SCENE_COUNT_HELP if kind == "scene" else _GOAL_HELP[key]
                    self.error(item, f"{name}: needs '{key}' ({help_})")
                ok = False
        values: dict[str, float] = {}
        for key in needs:
            if key not in e:
                continue
            value: float | None
            if key == "count":
                value = self.whole(e[key], f"{path}.count", low=1, high=MAX_CYCLES)
            elif key == "seconds":
                value = self.seconds(e[key], f"{path}.seconds", low=0.0, high=MAX_PHASE_S, strict_low=True)
            elif key == "at_most":
                value = self.number(
                    e[key],
                    f"{path}.at_most",
                    what=f"breaths per minute {text_range(0, MAX_GOAL_BPM, strict_low=True)}",
                    low=0.0,
                    strict_low=True,
                    high=MAX_GOAL_BPM,
                )
            elif kind == "exhale_ratio":
                value = self.number(
                    e[key],
                    f"{path}.at_least",
                    what=f"a ratio {text_range(0, MAX_GOAL_RATIO, strict_low=True)}, like 1.5",
                    low=0.0,
                    strict_low=True,
                    high=MAX_GOAL_RATIO,
                )
            else:
                value = self.number(
                    e[key],
                    f"{path}.at_least",
                    what="a number from 0 to 1",
                    low=0.0,
                    strict_low=False,
                    high=1.0,
                )
            if value is None:
                ok = False
            else:
                values[key] = value
        label = self.text(e["label"], f"{path}.label", limit=MAX_LABEL_CHARS) if "label" in e else ""
        if not ok or label is None:
            return None
        goal = Goal(
            kind=kind,
            seconds=values.get("seconds", 0.0),
            count=int(values.get("count", 0)),
            at_least=values.get("at_least", 0.0),
            at_most=values.get("at_most", 0.0),
        )
        return dataclasses.replace(goal, label=label or goal_label(goal))
