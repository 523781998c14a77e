"""What a painter is shown each tick: a plain snapshot of the session, no game objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from breath_input.types import Phase


@dataclass(frozen=True, slots=True)
class FrameView:
    """A snapshot of the play session for drawing.

    Attributes:
        t: session seconds; negative during the lead-in, 0 when the first pacer cycle begins.
        lead_in_left: seconds of the 3-2-1 lead-in left (0 once playing).
        pacer_phase: "inhale", "inhale2" (the top-up sip of a double inhale), "hold_in", "exhale",
            "hold_out", or "done" after the last cycle.
        pacer_progress: 0..1 through the current pacer phase.
        pacer_size: 0..1 target lung fullness: grows on inhale, stays on holds, shrinks on exhale.
        pacer_phase_left_s: seconds left in the current pacer phase.
        show_pacer: False on free-breathing levels (draw the pacer faintly or not at all).
        breath_phase: what the player's breath is doing now.
        flow: the player's exhale flow, 0..1, smoothed.
        confidence: 0..1 signal confidence (low: draw the player's breath faded).
        hum: 0..1 how strongly the player is humming the exhale now (a level with `exhale_style: hum`, heard
            through the microphone or a recording); 0 otherwise.
        exhale_s: seconds into the player's current exhale (0 when not exhaling).
        last_exhale_s: length of the player's last finished exhale.
        breaths: finished breaths so far.
        calm: 0..1 how settled the session is (rhythm steadiness); drives ambience.
        scene_earned: what the scene has earned so far (tree growth steps, sill lights, lanterns released),
            decided by the simulation (game/sim/scene_rules.py); painters ease toward it. It never goes
            down: a painter serves one play.
        trace: recent (t, guide_flow, flow) samples, oldest first, ~20 s (see PacerState.guide_flow).
        reduced_motion: draw with little or no movement (accessibility setting).
        cue: words to show with the guide: a stage's cue as it begins, else the phase's (the level's
            `cues`), or "" (game/sim/cues.py).
    """

    t: float = 0.0
    lead_in_left: float = 0.0
    pacer_phase: str = "inhale"
    pacer_progress: float = 0.0
    pacer_size: float = 0.0
    pacer_phase_left_s: float = 0.0
    show_pacer: bool = True
    breath_phase: Phase = Phase.PAUSE
    flow: float = 0.0
    confidence: float = 1.0
    hum: float = 0.0
    exhale_s: float = 0.0
    last_exhale_s: float = 0.0
    breaths: int = 0
    calm: float = 0.5
    scene_earned: int = 0
    trace: Sequence[tuple[float, float, float]] = field(default_factory=tuple)
    reduced_motion: bool = False
    cue: str = ""
