"""The results' words follow what happened and the player's key (issue 14, items 4 and 6). Pure: no pygame."""

from __future__ import annotations

from game.content.loader import load_level_text
from game.content.model import Level
from game.sim.breaths import Breath
from game.sim.feedback import (
    BreathKey,
    gentle_suggestion,
    pace,
    rate_per_breath,
    what_went_well,
)
from game.sim.scoring import Summary, summarise
from game.sim.signal_hints import SignalHints

LEVEL = "id: calm\ntitle: Calm\npattern: {inhale: 4, exhale: 6}\ncycles: 6\n"


def level(text: str = LEVEL) -> Level:
    lv, _ = load_level_text(text, "calm.yaml")
    assert isinstance(lv, Level)
    return lv


def session(
    n: int,
    *,
    cycle: float,
    exhale: float,
    jitter: float = 0.0,
    fullness: float = 0.9,
    sync: float = 0.8,
    target: float = 6.0,
) -> Summary:
    """``n`` breaths ``cycle`` seconds apart (every other one ``jitter`` longer), each ``exhale`` long."""
    breaths, t = [], 0.0
    for i in range(n):
        c = cycle + (jitter if i % 2 else 0.0)
        breaths.append(
            Breath(
                start_s=t,
                end_s=t + exhale,
                exhale_s=exhale,
                inhale_s=None if i == 0 else c - exhale,
                ratio=None if i == 0 else exhale / (c - exhale),
                cycle_s=None if i == 0 else c,
                fullness=fullness,
                peak_flow=0.6,
                mean_flow=0.4,
                sync=sync,
                target_exhale_s=target,
                confidence=0.9,
                breaks=0,
            )
        )
        t += c
    return summarise(level(), breaths, t, [])


def test_frantic_play_is_not_a_rhythm_settling():
    s = session(60, cycle=2.0, exhale=0.8, sync=0.1, fullness=0.3)
    assert pace(level(), s) == "quick"
    words = " ".join(what_went_well(level(), s))
    assert "settling" not in words and "steady" not in words
    assert "60 breaths" in words
    advice = gentle_suggestion(level(), s)
    assert "quickly" in advice and "30 a minute" in advice and "guide breathes 6" in advice


def test_a_calm_session_reads_steady_near_the_guide():
    s = session(8, cycle=10.0, exhale=6.0)
    lines = what_went_well(level(), s)
    assert any("Rhythm steady at 6.0 breaths a minute" in line for line in lines)
    assert any("8 of 8 out-breaths reached the guide's 6 s" in line for line in lines)


def test_slow_play_says_so_without_judging():
    s = session(4, cycle=25.0, exhale=8.0)
    assert pace(level(), s) == "slow"
    assert any("You took your time" in line for line in what_went_well(level(), s))


def test_praise_names_the_best_part_of_each_session_and_is_deterministic():
    even = session(8, cycle=10.0, exhale=6.0, sync=0.55, fullness=0.75)
    in_step = session(8, cycle=10.0, exhale=6.0, jitter=2.0, sync=0.98, fullness=0.75)
    a, b = gentle_suggestion(level(), even), gentle_suggestion(level(), in_step)
    assert a.startswith("Lovely") and b.startswith("Lovely")
    assert a != b
    assert "98%" in b
    assert gentle_suggestion(level(), even) == a  # same play, same words: nothing random


def test_short_exhales_ask_for_the_guides_length():
    s = session(8, cycle=10.0, exhale=3.0)
    assert "toward 6 s" in gentle_suggestion(level(), s)


def test_no_breaths_names_the_players_key_and_direction():
    empty = summarise(level(), [], 60.0, [])
    assert "holding SPACE as you breathe out" in gentle_suggestion(level(), empty)
    words = gentle_suggestion(level(), empty, BreathKey("B", reversed=True))
    assert "SPACE" not in words
    assert "holding B as you breathe in and letting it go as you breathe out" in words


def test_rate_per_breath_is_one_value_per_measured_cycle():
    s = session(5, cycle=10.0, exhale=6.0, jitter=2.0)
    assert rate_per_breath(s) == (5.0, 6.0, 5.0, 6.0)


def test_signal_hints_name_the_players_key():
    h = SignalHints(key="B")
    hint = h.step(pacer_exhaling=False, player_exhaling=False, noise_floor_db=-10.0)
    assert hint is not None and "B" in hint and "SPACE" not in hint
