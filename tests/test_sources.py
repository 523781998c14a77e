from __future__ import annotations

import pytest

from breath_input.sources import KeyboardSource, KeyScriptSource, SyntheticBreather
from breath_input.types import Phase


def test_keyboard_hold_means_exhale_and_flow_eases_in():
    k = KeyboardSource()
    assert k.read(0.0).phase is Phase.INHALE
    k.key(True, 1.0)
    assert k.read(1.0).phase is Phase.EXHALE
    assert k.read(1.05).flow < k.read(1.2).flow <= k.read(2.0).flow
    k.key(False, 3.0)
    assert k.read(3.0).phase is Phase.INHALE and k.read(3.5).flow == pytest.approx(0.0)


def test_keyboard_inverted_mapping():
    k = KeyboardSource(invert=True)
    assert k.read(0.0).phase is Phase.EXHALE
    k.key(True, 1.0)
    assert k.read(1.5).phase is Phase.INHALE


def test_key_script_file(tmp_path):
    f = tmp_path / "keys.txt"
    f.write_text("# calm\n0.5 6.0\n\n10.2 16.0  # second\n", encoding="utf-8")
    src = KeyScriptSource.from_file(f)
    assert src.read(0.2).phase is Phase.INHALE
    assert src.read(0.6).phase is Phase.EXHALE
    assert src.read(6.1).phase is Phase.INHALE
    assert src.read(12.0).phase is Phase.EXHALE


@pytest.mark.parametrize("text", ["1.0\n", "a b\n", "5 2\n"])
def test_key_script_errors_name_the_line(tmp_path, text):
    f = tmp_path / "keys.txt"
    f.write_text("0 1\n" + text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"keys.txt:2"):
        KeyScriptSource.from_file(f)


def test_synthetic_breathers_are_deterministic_and_distinct():
    guide = [(4.0 + 10 * k, 10.0 + 10 * k) for k in range(10)]
    one, two, other = (SyntheticBreather("erratic", seed=s) for s in (2, 2, 3))
    a = [one.read(t / 10).flow for t in range(600)]
    assert a == [two.read(t / 10).flow for t in range(600)]
    assert a != [other.read(t / 10).flow for t in range(600)]
    calm = SyntheticBreather("calm", guide=guide)
    assert calm.read(7.0).phase is Phase.EXHALE and calm.read(2.0).phase is Phase.INHALE
    with pytest.raises(ValueError, match="unknown breather"):
        SyntheticBreather("sleepy")
