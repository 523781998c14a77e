from game.sim.signal_hints import SignalHints


def run(h, pattern, floor=-60.0):
    out = None
    for pacer, player in pattern:
        out = h.step(pacer_exhaling=pacer, player_exhaling=player, noise_floor_db=floor)
    return out


def guide_cycles(n, heard):
    return ([(False, False)] * 5 + [(True, heard)] * 5) * n + [(False, False)]


def test_three_silent_guide_exhales_ask_to_move_closer_and_one_heard_clears_it():
    h = SignalHints()
    assert run(h, guide_cycles(2, heard=False)) is None
    assert "move a little closer" in run(h, guide_cycles(1, heard=False))
    assert run(h, guide_cycles(1, heard=True)) is None


def test_a_loud_room_is_named():
    assert "noisy" in run(SignalHints(), guide_cycles(1, heard=True), floor=-20.0)


def test_breath_heard_but_mostly_unsure_is_called_faint_and_sure_breath_clears_it():
    h = SignalHints(step_s=0.1)
    unsure = ([(False, False, 0.0)] * 30 + [(True, True, 0.3)] * 30) * 3
    out = None
    for pacer, player, conf in unsure:
        out = h.step(pacer_exhaling=pacer, player_exhaling=player, noise_floor_db=-60.0, confidence=conf)
    assert out is not None and "faint" in out
    for pacer, player, conf in ([(False, False, 0.0)] * 30 + [(True, True, 0.9)] * 30) * 4:
        out = h.step(pacer_exhaling=pacer, player_exhaling=player, noise_floor_db=-60.0, confidence=conf)
    assert out is None


def test_a_few_unsure_moments_in_clear_breathing_say_nothing():
    h = SignalHints(step_s=0.1)
    out = None
    for k in range(600):
        exhaling = (k // 30) % 2 == 1
        conf = 0.3 if k % 10 == 0 else 0.9
        out = h.step(pacer_exhaling=exhaling, player_exhaling=exhaling, noise_floor_db=-60.0, confidence=conf)
        assert out is None
