"""Whatever the text, loading returns a level or a broken level with located problems; it never raises."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_level_text
from game.content.model import BrokenLevel, Level

LEVELS = Path(__file__).resolve().parent.parent / "levels"
SHIPPED = [p.read_text(encoding="utf-8") for p in sorted(LEVELS.glob("*.yaml")) if p.name != "pack.yaml"]
YAMLISH = st.sampled_from(
    list(":-[]{},&*!|>'\"#%@` \n\t0123456789.e+~")
    + ["on", "yes", "1:30", "1e3", "---", "<<", "&a", "*a", "!!str"]
)
FAST = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_sane(text: str) -> None:
    level, warnings = load_level_text(text, "fuzz.yaml")
    assert isinstance(level, (Level, BrokenLevel))
    problems = list(warnings) + (list(level.problems) if isinstance(level, BrokenLevel) else [])
    if isinstance(level, BrokenLevel):
        assert level.problems and level.summary
    for p in problems:
        assert p.file == "fuzz.yaml" and p.line >= 1 and p.col >= 1 and p.message
        assert p.severity in ("error", "warning")
        assert "please report" not in p.message, p  # an internal error caught by the safety net
        str(p)


@FAST
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    assert_sane(text)


@FAST
@given(st.lists(YAMLISH, max_size=60).map("".join))
def test_yaml_like_noise_never_raises(text: str) -> None:
    assert_sane(text)


@FAST
@given(
    st.sampled_from(SHIPPED),
    st.lists(
        st.tuples(st.integers(0, 2000), st.integers(0, 20), st.lists(YAMLISH, max_size=4).map("".join)),
        max_size=4,
    ),
)
def test_mutated_shipped_levels_never_raise(text: str, edits: list[tuple[int, int, str]]) -> None:
    for at, cut, insert in edits:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
    assert_sane(text)


@FAST
@given(st.sampled_from(SHIPPED), st.data())
def test_shuffled_lines_of_shipped_levels_never_raise(text: str, data: st.DataObject) -> None:
    lines = text.splitlines(keepends=True)
    assert_sane("".join(data.draw(st.permutations(lines))))
