"""docs/levels.md tells a designer the truth (issue 12, item 8): it covers what the issue lists, and the
staged example's simulate and timeline output shown there is what the tools print."""

from __future__ import annotations

import io
import re
from pathlib import Path

from game.content.loader import load_level_text
from game.content.model import Level
from game.sim.simulate import simulate_command
from game.sim.timeline import timeline_lines

DOC = (Path(__file__).resolve().parent.parent / "docs" / "levels.md").read_text(encoding="utf-8")


def staged_example() -> Level:
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S) if "id: growing-box" in b)
    level, warnings = load_level_text(block, "growing-box.yaml")
    assert isinstance(level, Level) and warnings == []
    return level


def shown_block(after: str) -> list[str]:
    """The lines of the first plain ``` block after `after` in the doc."""
    start = DOC.index(after)
    body = DOC[DOC.index("```\n", start) + 4 :]
    return body[: body.index("```")].rstrip("\n").splitlines()


def test_the_doc_covers_what_a_designer_asked_for() -> None:
    for words in (
        "**Double inhale timing.**",
        "**Ramps can go down.**",
        "**Ramps and steadiness.**",
        "### Free breathing (`show_pacer: false`)",
        "### `stages`",
        "### Cues",
        "These are the most a file may hold, not what reads best.",
        "**How a level ends, mid-breath.**",
        "### Playing it headless: the report and screenshots",
        "--timeline",
        "### Installing a pack",
    ):
        assert words in DOC, words


def test_the_simulate_output_in_the_doc_is_what_simulate_prints() -> None:
    out = io.StringIO()
    simulate_command([staged_example()], "all", as_json=False, out=out)
    printed = out.getvalue().splitlines()
    shown = [line for line in shown_block("For\nthe staged example above") if line.strip() != "..."]
    assert shown and all(line in printed for line in shown), [line for line in shown if line not in printed]


def test_the_timeline_in_the_doc_is_what_timeline_prints() -> None:
    assert shown_block("`--timeline` shows what the pacer will ask for") == timeline_lines(staged_example())
