"""Stages and cues (issue 12, item 5): named parts of a level with their own pattern or ramp and a cue shown
as each begins; per-phase words. Loader, limits, lint, pacer, the controller's view and the painter."""

from __future__ import annotations

import pygame
import pytest

from game.content.limits import MAX_CUE_CHARS, MAX_STAGES
from game.content.loader import load_level_text
from game.content.model import BrokenLevel, Level
from game.render.pacer_widget import draw_pacer
from game.render.palette import PALETTES
from game.render.text import Fonts, recording_text
from game.render.view import FrameView
from game.sim.adaptive import AdaptivePlan
from game.sim.cues import STAGE_CUE_S, cue_text
from game.sim.pacer import Pacer, level_phases

STAGED = """id: staged
title: Staged
pattern:
  inhale: 4
  exhale: 6
  cues: {inhale: in through the nose, exhale: out through the mouth}
stages:
  - name: Settle
    cycles: 2
    cue: just follow the circle
  - name: Rest
    cycles: 3
    cue: now add a short rest
    pattern:
      hold_out: 2
      ramp:
        - {field: exhale, to: 8, over_cycles: 2}
  - name: Plain
    cycles: 1
    pattern: {inhale: 5, cues: {inhale: slowly}}
"""


def load(text: str) -> Level:
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level), level
    assert warnings == [], [str(w) for w in warnings]
    return level


def errors(text: str) -> list[str]:
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, BrokenLevel), "expected errors"
    return [str(p) for p in level.problems]


def test_a_staged_level_loads_with_the_stages_length_and_inherited_keys() -> None:
    level = load(STAGED)
    assert level.cycles == 6 and [s.name for s in level.stages] == ["Settle", "Rest", "Plain"]
    assert level.pattern == level.stages[0].pattern  # what the intro card names: the first breath
    rest = level.stages[1].pattern
    assert (rest.inhale_s, rest.exhale_s, rest.hold_out_s) == (4, 6, 2)  # inhale, exhale from `pattern`
    assert rest.cue("inhale") == "in through the nose"  # so are the cues
    plain = level.stages[2].pattern
    assert plain.hold_out_s == 0 and plain.inhale_s == 5 and plain.cue("inhale2") == "slowly"
    assert plain.cue("exhale") == ""  # a stage's own cues replace the level's


def test_the_pacer_plays_the_stages_in_order_with_ramps_from_each_stages_first_breath() -> None:
    level = load(STAGED)
    pacer = Pacer(level)
    assert [c.stage for c in pacer.cycles] == [0, 0, 1, 1, 1, 2]
    assert [c.exhale_s for c in pacer.cycles] == [6, 6, 6, 7, 8, 6]
    assert [c.hold_out_s for c in pacer.cycles] == [0, 0, 2, 2, 2, 0]
    assert pacer.total_s == pytest.approx(10 + 10 + 12 + 13 + 14 + 11)
    # Adaptive pacing eases toward each stage's pattern, never past it.
    adaptive = load(STAGED + "adaptive: {enabled: true, measure_cycles: 1}\n")
    plan = AdaptivePlan(adaptive)
    assert plan.next_cycle(4, 50.0)["exhale"] <= level_phases(adaptive, 4)["exhale"] == 8


def test_cues_as_the_controller_shows_them() -> None:
    level = load(STAGED)
    pacer = Pacer(level)
    assert cue_text(level, pacer, -1.0, "inhale") == ""  # the 3-2-1 is quiet
    assert cue_text(level, pacer, 0.5, "inhale") == "just follow the circle"
    assert cue_text(level, pacer, STAGE_CUE_S + 1, "exhale") == "out through the mouth"
    assert cue_text(level, pacer, 1.0 + STAGE_CUE_S, "inhale") == "in through the nose"
    start_rest = pacer.cycles[2].start_s
    assert cue_text(level, pacer, start_rest + 0.1, "inhale") == "now add a short rest"
    assert cue_text(level, pacer, pacer.cycles[5].start_s + 1, "inhale") == "Plain"  # no cue: its name
    assert cue_text(level, pacer, pacer.total_s, "done") == ""
    free = load(STAGED.replace("stages:", "show_pacer: false\nstages:"))
    assert cue_text(free, Pacer(free), STAGE_CUE_S + 1, "exhale") == ""  # no guide shown, no guide words
    assert cue_text(free, Pacer(free), 0.5, "inhale") == "just follow the circle"  # stages still begin


def test_the_guide_draws_the_cue_under_its_label() -> None:
    pygame.init()
    surface = pygame.Surface((1280, 720))
    fonts = Fonts()
    view = FrameView(pacer_phase="inhale", pacer_phase_left_s=3.0, cue="in through the nose")
    with recording_text(on=surface) as drawn:
        draw_pacer(surface, pygame.Rect(900, 200, 240, 240), view, next(iter(PALETTES.values())), fonts)
    words = {text: rect for text, rect in drawn}
    assert "in through the nose" in words
    label = next(rect for text, rect in drawn if text.startswith("breathe in"))
    cue = words["in through the nose"]
    assert cue.top > label.bottom and surface.get_rect().contains(cue)


def test_stage_mistakes_name_file_line_and_field() -> None:
    head = "id: x\ntitle: X\n"
    assert errors(head + "cycles: 4\nstages:\n  - {name: A, cycles: 2}\n") == [
        "x.yaml:3:1: cycles: a level with stages is as long as its stages; remove 'cycles'"
    ]
    assert errors(head + "stages:\n  - {name: A}\n  - {name: B, cycles: 2, pattern: {exhale: 0}}\n") == [
        "x.yaml:4:5: stages[1]: missing 'cycles' (how many breaths)",
        "x.yaml:5:44: stages[2].pattern.exhale: expected seconds from 0.5 to 60, got 0",
    ]
    assert errors(head + "stages:\n  - {name: A, cycles: 2, cue: hi, pace: 3}\n") == [
        "x.yaml:4:35: stages[1]: unknown key 'pace'; allowed here: name, cycles, pattern, cue"
    ]
    assert errors(head + "stages: []\n")[0].startswith("x.yaml:3:9: stages: expected a list of stages")
    assert errors(head + "pattern: {cues: {inhale: 3}}\n") == [
        "x.yaml:3:26: pattern.cues.inhale: expected text, got 3; put it in quotes"
    ]


def test_stage_limits_hold_against_hostile_files() -> None:
    head = "id: x\ntitle: X\nstages:\n"
    many = head + "".join(f"  - {{name: s{i}, cycles: 1}}\n" for i in range(MAX_STAGES + 1))
    assert errors(many) == [
        f"x.yaml:{4 + MAX_STAGES}:5: stages: at most {MAX_STAGES} stages, got {MAX_STAGES + 1}"
    ]
    long_cue = head + f"  - {{name: a, cycles: 1, cue: {'x' * (MAX_CUE_CHARS + 1)}}}\n"
    assert errors(long_cue) == [
        f"x.yaml:4:31: stages[1].cue: {MAX_CUE_CHARS + 1} characters is too long; at most {MAX_CUE_CHARS}"
    ]
    two_lines = head + '  - {name: a, cycles: 1, cue: "one\\ntwo"}\n'
    assert (
        "stages[1].cue: character 4 is a line break (U+000A); this text is one line" in errors(two_lines)[0]
    )
    too_many_breaths = head + "  - {name: a, cycles: 1500}\n  - {name: b, cycles: 1500}\n"
    assert errors(too_many_breaths) == [
        "x.yaml:4:3: stages: 3000 breaths in all is too many; together at most 2000"
    ]
    too_long = head + "  - {name: a, cycles: 1000, pattern: {inhale: 4, exhale: 6}}\n"
    too_long += "  - {name: b, cycles: 1000, pattern: {inhale: 4, exhale: 10}}\n"
    assert errors(too_long) == [
        "x.yaml:1:1: this level lasts 400 minutes (2000 cycles); a level may last at most 2 hours: "
        "use fewer cycles or shorter phases"
    ]


def test_each_stage_is_linted_where_it_was_written() -> None:
    text = "id: x\ntitle: X\nstages:\n  - {name: a, cycles: 2}\n"
    text += "  - {name: b, cycles: 2, pattern: {hold_out: 12}}\n"
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level)
    assert [str(w) for w in warnings] == [
        "x.yaml:5:46: warning: stages[2].pattern.hold_out: a 12 s hold is longer than 10 s; long holds can "
        "make people light-headed, so keep holds at 10 s or less unless this level needs them"
    ]
    # Goals see the whole level: 4 exhales of 6 s, whatever stage they are in.
    goal = "goals:\n  - {kind: long_exhales, seconds: 6, count: 5}\n"
    assert "following the pacer gives only 4 exhales" in errors(text + goal)[0]


def test_the_schema_knows_stages_and_cues() -> None:
    import yaml
    from schema_check import check

    from game.content.schema import level_schema

    schema = level_schema()
    assert check(yaml.safe_load(STAGED), schema, schema) == []
    with_cycles = yaml.safe_load(STAGED + "cycles: 4\n")
    assert check(with_cycles, schema, schema) == ["$: matches a 'not' schema"]
    bad = yaml.safe_load(STAGED.replace("cue: just follow the circle", "cue: just follow\n    pace: 3"))
    assert check(bad, schema, schema) == ["$.stages[0]: unexpected pace"]
    stage_pattern = schema["properties"]["stages"]["items"]["properties"]["pattern"]
    # A stage's left-out keys are the level's pattern, not constants: no defaults there.
    assert "'default':" not in str(stage_pattern)


def test_a_stages_ramp_must_finish_inside_the_stage() -> None:
    text = "id: x\ntitle: X\nstages:\n  - name: a\n    cycles: 3\n    pattern:\n      ramp:\n"
    text += "        - {field: exhale, to: 8, over_cycles: 4}\n  - {name: b, cycles: 5}\n"
    level, warnings = load_level_text(text, "x.yaml")
    assert isinstance(level, Level)
    assert [str(w) for w in warnings] == [
        "x.yaml:8:11: warning: stages[1].pattern.ramp[1]: needs 5 cycles to reach 8 s but the stage has 3; "
        "exhale stops at 7.0 s"
    ]
