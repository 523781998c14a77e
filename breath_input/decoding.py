"""Phase decoding: the breath's grammar turns the classifier's per-hop odds into a decided phase.

Exhale and inhale alternate, each following the other directly or after a pause. A forward filter over four
states (quiet after an exhale, exhale, inhale, quiet after an inhale) weighs each hop's odds with what the
grammar allows, so a softer, higher hiss right after an exhale is read as the inhale it most likely is. A
change of phase must then hold for a moment before it is believed: a short onset confirmation (clicks never
last that long), a longer hangover before a breath is over (its level wavers within one), and a short one
when the filter is all but certain the other phase has begun (an exhale straight into its inhale).
"""

from __future__ import annotations

__all__ = ["EXHALE", "INHALE", "QUIET_AFTER_EXHALE", "QUIET_AFTER_INHALE", "BreathGrammar", "confidence"]

QUIET_AFTER_EXHALE, EXHALE, INHALE, QUIET_AFTER_INHALE = 0, 1, 2, 3

CONFIRM_S = 0.03
INHALE_CONFIRM_S = 0.06
HANGOVER_S = 0.3  # an exhale wavers (its soft tail can sound like an inhale): a dip this short is not its end
# A switch straight between the heard phases need not wait out the hangover when the filter is sure of it:
# an exhale ends for an inhale held EXHALE_TO_INHALE_S at a posterior of EXHALE_TO_INHALE_P (below that, the
# exhale goes on: a softer inhale-like dip is its tail wavering), an inhale for an exhale likewise. Chosen
# out of fold from a small grid (tools/tune_decoder.py); the old rule waited 0.3 s, always.
EXHALE_TO_INHALE_S = 0.05
EXHALE_TO_INHALE_P = 0.995
INHALE_HANGOVER_S = 0.3
INHALE_TO_EXHALE_S = 0.1
INHALE_TO_EXHALE_P = 0.99
# A heard phase is fully trusted from CLEAR_AT_DB above the floor, barely at CLEAR_FROM_DB (see confidence).
CLEAR_FROM_DB = 3.0
CLEAR_AT_DB = 12.0

# Per-10 ms chances of leaving each state for each other one (rows: from; columns: to). An exhale straight
# after a pause that followed an exhale (an inhale the microphone did not hear) is allowed but needs clear
# evidence.
_LEAVE = (
    (0.0, 0.006, 0.024, 0.0),
    (0.012, 0.0, 0.008, 0.0),
    (0.0, 0.012, 0.0, 0.018),
    (0.0, 0.025, 0.005, 0.0),
)


def transitions(hop_s: float) -> tuple[tuple[float, ...], ...]:
    """Per-hop transition probabilities of the grammar (the 10 ms rates scaled to the hop)."""
    scale = hop_s / 0.01
    rows = []
    for i, row in enumerate(_LEAVE):
        out = [min(0.5, p * scale) for p in row]
        out[i] = 1.0 - sum(out)
        rows.append(tuple(out))
    return tuple(rows)


def confidence(posterior: float, snr_db: float) -> float:
    """How sure a heard phase is: the grammar's belief, scaled down where the sound is barely above the
    room (a far microphone), so scoring neither rewards nor punishes what could not be heard clearly."""
    clarity = (snr_db - CLEAR_FROM_DB) / (CLEAR_AT_DB - CLEAR_FROM_DB)
    return posterior * (0.25 + 0.75 * (1.0 if clarity > 1.0 else clarity if clarity > 0.0 else 0.0))


class BreathGrammar:
    """The forward filter and the decided state, one hop at a time."""

    def __init__(self, hop_s: float):
        self._trans = transitions(hop_s)
        hops_per_s = 1.0 / hop_s
        confirm = max(1, round(CONFIRM_S * hops_per_s))
        # Hops a change must hold before it is believed, by the state entered / left.
        self._enter = (0, confirm, max(1, round(INHALE_CONFIRM_S * hops_per_s)), 0)
        hang, hang_in = max(1, round(HANGOVER_S * hops_per_s)), max(1, round(INHALE_HANGOVER_S * hops_per_s))
        # Hops a state must be left for another (rows: from, columns: to) before the change is believed: the
        # hangover, or the quick switch between the heard phases.
        ex_in = max(1, round(EXHALE_TO_INHALE_S * hops_per_s))
        self._ex_in_p = EXHALE_TO_INHALE_P
        self._in_ex = max(1, round(INHALE_TO_EXHALE_S * hops_per_s))
        self._in_ex_p = INHALE_TO_EXHALE_P
        self._leave = ((0, 0, 0, 0), (hang, 0, ex_in, hang), (hang_in, hang_in, 0, hang_in), (0, 0, 0, 0))
        self.reset()

    def reset(self) -> None:
        self.alpha = (1.0, 0.0, 0.0, 0.0)  # state probabilities
        self.state = QUIET_AFTER_EXHALE  # the decided state
        self._pend = 0  # hops the filter has preferred _pend_state over the decided one
        self._pend_state = QUIET_AFTER_EXHALE

    def step(self, e_other: float, e_exhale: float, e_inhale: float) -> int:
        """One hop's evidence (likelihood ratios of quiet/other, exhale, inhale) in; the decided state out."""
        a0, a1, a2, a3 = self.alpha
        (t00, t01, t02, t03), (t10, t11, t12, t13), (t20, t21, t22, t23), (t30, t31, t32, t33) = self._trans
        b0 = (a0 * t00 + a1 * t10 + a2 * t20 + a3 * t30) * e_other
        b1 = (a0 * t01 + a1 * t11 + a2 * t21 + a3 * t31) * e_exhale
        b2 = (a0 * t02 + a1 * t12 + a2 * t22 + a3 * t32) * e_inhale
        b3 = (a0 * t03 + a1 * t13 + a2 * t23 + a3 * t33) * e_other
        total = b0 + b1 + b2 + b3
        if total <= 0.0:
            b0, b1, b2, b3, total = 1.0, 0.0, 0.0, 0.0, 1.0
        a1, a2 = b1 / total, b2 / total
        self.alpha = (b0 / total, a1, a2, b3 / total)
        state = self.state
        quiet = state if state in (0, 3) else (0 if state == 1 else 3)
        cand = 1 if a1 >= 0.5 else 2 if a2 >= 0.5 else quiet
        if cand == 2 and state == 1 and a2 < self._ex_in_p:
            cand = 1  # not sure enough that the inhale has begun: the exhale's tail wavering
        if cand == state:
            self._pend = 0
            return state
        self._pend = self._pend + 1 if cand == self._pend_state else 1
        self._pend_state = cand
        need = self._enter[cand]
        leave = self._leave[state][cand]
        if state == 2 and cand == 1 and a1 >= self._in_ex_p:
            leave = self._in_ex
        if leave > need:
            need = leave
        if self._pend >= need:
            self.state = cand
        return self.state

    def to_quiet(self) -> None:
        """Forget the current breath: certain quiet after an exhale (a "breath" that never ended)."""
        self.alpha = (1.0, 0.0, 0.0, 0.0)
        self.state = QUIET_AFTER_EXHALE
        self._pend = 0
