"""Goals know the pattern (issue 12, item 2): `steady` is measured against the guide's own, ramped rhythm;
the score's exhale length follows ramps; a goal following the pacer can't meet is an error; a custom label
whose numbers aren't the goal's is a warning."""

from __future__ import annotations

from game.content.loader import load_level_text
from game.content.model import Level
from game.sim.breaths import Breath
from game.sim.scoring import summarise
from game.sim.simulate import simulate

BOX_RAMP = """id: box-ramp
title: Box ramp
pattern:
  inhale: 4
  hold_in: 4
  exhale: 4
  hold_out: 4
  ramp:
    - {field: inhale, to: 8, over_cycles: 8}
    - {field: hold_in, to: 8, over_cycles: 8}
    - {field: exhale, to: 8, over_cycles: 8}
    - {field: hold_out, to: 8, over_cycles: 8}
cycles: 10
goals:
  - {kind: steady, at_least: 0.6}
"""


def load(text: str) -> tuple[Level, list[str]]:
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level), level
    return level, [str(w) for w in warnings]


def test_the_reported_case_following_a_ramping_box_is_steady() -> None:
    level, warnings = load(BOX_RAMP)
    assert warnings == []
    calm = simulate(level, "calm")
    assert calm["goals"][0]["met"] and calm["steadiness"] >= 0.9
    for ignoring in ("shallow", "anxious"):  # about 18 breaths a minute, whatever the guide does
        row = simulate(level, ignoring)
        assert row["breaths_per_minute"] > 16
        assert not row["goals"][0]["met"], ignoring
        assert row["steadiness"] < 0.6


def test_an_exhale_only_ramp_is_steady_for_a_follower_too() -> None:
    level, _ = load(
        "id: up\ntitle: Up\npattern:\n  inhale: 4\n  exhale: 5\n  ramp:\n"
        "    - {field: exhale, to: 9, over_cycles: 10}\ncycles: 12\n"
        "goals:\n  - {kind: steady, at_least: 0.8}\n"
    )
    assert simulate(level, "calm")["goals"][0]["met"]
    assert not simulate(level, "anxious")["goals"][0]["met"]


def test_a_fixed_level_measures_steadiness_as_before() -> None:
    level, _ = load("id: flat\ntitle: Flat\ngoals:\n  - {kind: steady, at_least: 0.6}\n")
    # Regular fast breathing still reads as steady where the guide never changes (docs: 'a steady goal
    # alone can still give them a star').
    assert simulate(level, "shallow")["goals"][0]["met"]


def _breath(i: int, exhale_s: float) -> Breath:
    start = 12.0 * i
    return Breath(
        start_s=start,
        end_s=start + exhale_s,
        exhale_s=exhale_s,
        inhale_s=None if i == 0 else 12.0 - exhale_s,
        ratio=None,
        cycle_s=None if i == 0 else 12.0,
        fullness=1.0,
        peak_flow=0.5,
        mean_flow=0.4,
        sync=1.0,
        target_exhale_s=exhale_s,
        confidence=1.0,
        breaks=0,
        cycle=i,
    )


def test_the_score_follows_a_ramp_for_exhale_length() -> None:
    flat, _ = load("id: flat\ntitle: Flat\npattern: {inhale: 4, exhale: 4}\ncycles: 10\n")
    ramped, _ = load(
        "id: up\ntitle: Up\npattern:\n  inhale: 4\n  exhale: 4\n  ramp:\n"
        "    - {field: exhale, to: 8, over_cycles: 9}\ncycles: 10\n"
    )
    stuck = [_breath(i, 4.0) for i in range(10)]  # 4 s exhales while the guide grows to 8 s
    growing = [_breath(i, 4.0 + 4.0 * i / 9) for i in range(10)]
    assert summarise(flat, stuck, 120.0, []).score == summarise(ramped, growing, 120.0, []).score
    assert summarise(ramped, stuck, 120.0, []).score < summarise(ramped, growing, 120.0, []).score - 100


def test_a_goal_the_ramped_pacer_cannot_reach_is_an_error() -> None:
    text = BOX_RAMP.replace("{kind: steady, at_least: 0.6}", "{kind: long_exhales, seconds: 8, count: 5}")
    level, _ = load_level_text(text, "x.yaml")
    assert not isinstance(level, Level)
    assert [str(p) for p in level.problems] == [
        "x.yaml:15:5: goals[1] (long_exhales): following the pacer gives only 2 exhales of 8 s or more, "
        "fewer than the 5 asked; ask for 2 or fewer, or 8 s or less"
    ]
    # Within the pacer's reach (the game counts an exhale within 5 % of the seconds): fine.
    assert load(text.replace("count: 5", "count: 2"))[1] == []


def test_a_label_whose_numbers_differ_from_the_goal_is_a_warning() -> None:
    head = "id: x\ntitle: X\ngoals:\n"
    _, warnings = load(head + "  - {kind: long_exhales, seconds: 6, count: 5, label: Five 7 s exhales}\n")
    assert warnings == [
        "x.yaml:4:55: warning: goals[1] (long_exhales): the label says 7 but the goal asks for 5 exhales of "
        "6 s; make the label match, or leave it out for one made from the numbers"
    ]
    for fine in (
        "{kind: long_exhales, seconds: 6, count: 5, label: 5 long exhales of 6 s}",
        "{kind: steady, at_least: 0.6, label: A 60% steady rhythm}",
        "{kind: breaths_per_minute, at_most: 7.5, label: 7.5 breaths a minute}",
        "{kind: full_exhales, count: 3, label: Three whole exhales}",
    ):
        assert load(head + f"  - {fine}\n")[1] == [], fine
    # Without a pacer shown the goals aren't compared with it, but their labels still are.
    _, free = load(
        head.replace("goals", "show_pacer: false\ngoals") + "  - {kind: steady, at_least: 0.6, label: 70%}\n"
    )
    assert len(free) == 1 and "the label says 70%" in free[0]
