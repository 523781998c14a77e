from __future__ import annotations

import pytest

from game.content.model import Level, Pattern, Ramp
from game.sim.pacer import Pacer, phase_seconds


def level(**kw) -> Level:
    pattern = kw.pop("pattern", Pattern(inhale_s=4, hold_in_s=1, exhale_s=6, hold_out_s=2))
    return Level(id="t", title="T", pattern=pattern, **kw)


def test_phases_follow_pattern_in_order():
    p = Pacer(level(cycles=2))
    assert p.total_s == pytest.approx(26.0)
    assert p.state(0.0).phase == "inhale"
    assert p.state(3.99).phase == "inhale"
    assert p.state(4.5).phase == "hold_in"
    assert p.state(5.01).phase == "exhale"
    assert p.state(10.99).phase == "exhale"
    assert p.state(11.5).phase == "hold_out"
    assert p.state(13.01).phase == "inhale" and p.state(13.01).cycle == 1
    assert p.state(26.0).phase == "done"


def test_size_grows_on_inhale_and_shrinks_on_exhale():
    p = Pacer(level(cycles=1))
    sizes_in = [p.state(t).size for t in (0.0, 1.0, 2.0, 3.0, 3.99)]
    assert sizes_in == sorted(sizes_in) and sizes_in[0] == pytest.approx(0.0) and sizes_in[-1] > 0.99
    assert p.state(4.5).size == 1.0
    sizes_out = [p.state(t).size for t in (5.0, 7.0, 9.0, 10.99)]
    assert sizes_out == sorted(sizes_out, reverse=True) and sizes_out[-1] < 0.01
    assert p.state(12.0).size == 0.0


def test_phase_left_counts_down():
    p = Pacer(level(cycles=1))
    assert p.state(1.0).phase_left_s == pytest.approx(3.0)
    assert p.state(8.0).phase_left_s == pytest.approx(3.0)


def test_lead_in_waits_empty():
    s = Pacer(level(cycles=1)).state(-2.0)
    assert s.phase == "inhale" and s.size == 0.0 and s.phase_left_s == pytest.approx(2.0)


def test_ramp_lengthens_exhale_linearly_then_holds():
    pat = Pattern(inhale_s=4, exhale_s=4, ramps=(Ramp(field="exhale", to=8, over_cycles=4),))
    assert [phase_seconds(pat, k)["exhale"] for k in range(6)] == [4, 5, 6, 7, 8, 8]
    p = Pacer(level(pattern=pat, cycles=6))
    assert [c.exhale_s for c in p.cycles] == [4, 5, 6, 7, 8, 8]
    assert p.cycles[1].start_s == pytest.approx(8.0)
    assert p.total_s == pytest.approx(6 * 4 + 4 + 5 + 6 + 7 + 8 + 8)


def test_ramp_with_start_cycle_waits():
    pat = Pattern(exhale_s=6, ramps=(Ramp(field="exhale", to=8, over_cycles=2, start_cycle=3),))
    assert [phase_seconds(pat, k)["exhale"] for k in range(6)] == [6, 6, 6, 6, 7, 8]


def test_double_inhale_has_a_top_up_sip():
    pat = Pattern(inhale_s=3, exhale_s=6, double_inhale=True)
    p = Pacer(level(pattern=pat, cycles=1))
    first, sip = p.state(1.0), p.state(2.8)
    assert first.phase == "inhale" and sip.phase == "inhale2"
    assert first.size < 0.8 < sip.size <= 1.0
    assert p.state(3.1).phase == "exhale"


def test_duration_level_ends_at_duration_even_mid_cycle():
    p = Pacer(level(duration_s=30.0))
    assert p.total_s == 30.0
    assert p.cycles[-1].start_s < 30.0
    assert p.state(29.9).phase != "done" and p.state(30.0).phase == "done"
    assert p.exhale_spans()[-1][1] <= 30.0


def test_defaults_to_ten_cycles():
    assert len(Pacer(level()).cycles) == 10


def test_guide_flow_asks_for_a_gentle_out_breath_only_while_the_guide_says_breathe_out():
    from game.sim.pacer import GUIDE_FLOW

    pacer = Pacer(level(pattern=Pattern(inhale_s=4, exhale_s=6)))
    samples = [(t / 20, pacer.state(t / 20)) for t in range(20 * 10)]  # one 10 s cycle
    for t, st in samples:
        if not st.exhaling:
            assert st.guide_flow == 0.0, t
    middle = [st.guide_flow for t, st in samples if 5.0 <= t <= 9.0]
    assert min(middle) == pytest.approx(GUIDE_FLOW)
    edges = [st.guide_flow for t, st in samples if st.exhaling and (t < 4.3 or t > 9.7)]
    assert edges and all(0.0 <= g < GUIDE_FLOW for g in edges), "soft edges, no jump"
    # Unlike the lungs' fullness (size), it rises as the air flows out: it agrees with an exhale's flow.
    out = [st for t, st in samples if 5.0 <= t <= 9.0]
    assert out[0].size > out[-1].size and out[0].guide_flow == out[-1].guide_flow
