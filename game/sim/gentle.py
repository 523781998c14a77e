"""Gentle responses: notice a gasp or an unasked breath-hold and invite the breath out, softly.

Nothing here scores or fails anything. A gasp (a sharp, short in-breath between two exhales) or a freeze
(no exhale for much longer than the pacer allows, while it isn't asking for a hold) shows an `Invitation`:
a few soft words the play scene draws. It clears itself when the next exhale starts. The session counts
both, and the results say how many as plain numbers.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from breath_input.types import BreathReading
from game.sim.breaths import Breath
from game.sim.pacer import Cycle, PacerState

GASP_MAX_S = 0.8  # an in-breath this short between exhales is sharp...
GASP_SHARE = 0.4  # ...when it is also under this share of the pacer's in-breath and of the player's own
RECENT_BREATHS = 5  # the player's "own recent in-breaths": the median of this many
FREEZE_GRACE_S = 4.0  # seconds past the pacer's whole gap between exhales before a pause is a freeze
FREE_FREEZE_S = 12.0  # in free breathing (no pacer shown) a pause this long is a freeze
HOLD_PHASES = ("hold_in", "hold_out")

TEXTS = {
    "gasp": "No rush. A soft sigh out is enough.",
    "freeze": "Let the breath go, slowly, whenever you're ready.",
}


@dataclass(frozen=True, slots=True)
class Invitation:
    """A soft prompt to let the breath out.

    Attributes:
        kind: "gasp" or "freeze".
        text: the words to show.
        since_s: session time it began.
    """

    kind: str
    text: str
    since_s: float


class GentleWatch:
    """Watches the breath step by step for gasps and freezes. Pure: fed by `PlaySession.step`.

    Args:
        show_pacer: False in free breathing: the pacer's lengths then don't count, only the player's own.
    """

    def __init__(self, *, show_pacer: bool = True) -> None:
        self.show_pacer = show_pacer
        self.invitation: Invitation | None = None
        self.gasps = 0
        self.freezes = 0
        self._onset: float | None = None  # start of the exhale in progress (as the tracker saw it)
        self._last_out = 0.0  # last moment any reading said "exhale", sure or not
        self._froze = False  # this pause has already been noticed

    def update(
        self,
        t: float,
        reading: BreathReading,
        *,
        exhaling_since: float | None,
        breaths: Sequence[Breath],
        cycle: Cycle,
        pacer: PacerState,
    ) -> str | None:
        """Look at the newest step; return "gasp" or "freeze" when one is first noticed, else None.

        Args:
            t: session seconds (>= 0).
            reading: the breath reading at `t`.
            exhaling_since: start of the exhale in progress (`BreathTracker.exhaling_since`), or None.
            breaths: the finished breaths so far.
            cycle: the pacer cycle at `t`.
            pacer: the pacer state at `t`.
        """
        noticed = None
        if reading.exhaling:
            # An unsure exhale still means the breath may be moving: never call that a freeze.
            self._last_out = t
            self._froze = False
        if exhaling_since is not None and exhaling_since != self._onset:
            self._onset = exhaling_since
            if self.invitation is not None and self.invitation.since_s < exhaling_since:
                self.invitation = None
            if self._gasp_before(exhaling_since, breaths, cycle):
                self.gasps += 1
                self.invitation = Invitation("gasp", TEXTS["gasp"], exhaling_since)
                noticed = "gasp"
        elif exhaling_since is None:
            self._onset = None
        if exhaling_since is None and not self._froze and pacer.phase not in HOLD_PHASES:
            allowed = cycle.hold_out_s + cycle.inhale_s + cycle.hold_in_s + FREEZE_GRACE_S
            if t - self._last_out > (allowed if self.show_pacer else FREE_FREEZE_S):
                self._froze = True
                self.freezes += 1
                self.invitation = Invitation("freeze", TEXTS["freeze"], t)
                noticed = "freeze"
        return noticed

    def _gasp_before(self, onset: float, breaths: Sequence[Breath], cycle: Cycle) -> bool:
        """Whether the in-breath that ended at `onset` was sharp and short."""
        if not breaths:
            return False
        gap = onset - breaths[-1].end_s
        if not 0.0 < gap < GASP_MAX_S:
            return False
        if self.show_pacer and gap >= GASP_SHARE * cycle.inhale_s:
            return False
        own = [b.inhale_s for b in breaths[-RECENT_BREATHS:] if b.inhale_s is not None]
        # Too little history to know the player's own pace: the pacer's (or the absolute limit) decides.
        return len(own) < 2 or gap < GASP_SHARE * statistics.median(own)
