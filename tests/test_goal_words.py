"""Goal words never fail on the values a play can give: a rate goal with too few breaths reads inf."""

from __future__ import annotations

from game.content.model import Goal
from game.records.catalog import Catalog
from game.sim.scoring import GoalResult, goal_words


def test_a_rate_goal_with_too_few_breaths_is_said_in_words():
    level = Catalog.load().find("resonance")
    goal = next((g for g in level.goals if g.kind == "breaths_per_minute"), None) or Goal(
        kind="breaths_per_minute", at_most=7.0
    )
    words = goal_words(GoalResult(goal=goal, label="", met=False, value=float("inf")))
    assert "too few breaths to count" in words


def test_counts_are_singular_for_one():
    goal = Goal(kind="long_exhales", count=3, seconds=5.0)
    assert goal_words(GoalResult(goal=goal, label="", met=False, value=1.0)).startswith("1 exhale of")
    assert goal_words(GoalResult(goal=goal, label="", met=False, value=2.0)).startswith("2 exhales of")
