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
