"""The eyes-closed guide's schedule: which sound plays when, at which pitch and level. Pure (no pygame).

The play controller asks this plan each step and hands what it returns to the scene as effects; the edge
(game/window/audio.py, or game/sound/audio_out.py for `--audio-out`) only renders them (shapes in
game/sound/tones.py). So the sound carries the whole guide: a rising swell lasting each inhale, a falling one
lasting each exhale, a quiet note where a hold begins and for the double inhale's top-up sip, soft counts in
the 3-2-1, a chime when a goal is met, the end announced (with a soft chime per star), and, if asked, the
player's own out-breath echoed as a soft "shh" that follows their flow.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.pacer import DOUBLE_INHALE_SPLIT, Cycle, PacerState

END_S = 6.0  # the end motif's length, star chimes included
CHIME_S = 2.0
MARKER_S = 1.0
# Levels at full guide volume, in mixer units (1 = full scale): the loudest moment (a breath tone, a chime
# and the echo at once) stays near 0.6, so nothing clips and nothing is loud.
TONE_LEVEL = 0.28
MARKER_LEVEL = 0.12
CHIME_LEVEL = 0.16
END_LEVEL = 0.16
ECHO_LEVEL = 0.2
ECHO_ATTACK_S = 0.15  # the echo rises and falls no faster than this (full scale), so it never jumps
ECHO_RELEASE_S = 0.4
RESUME_S = 0.05  # a phase found this long after its boundary was resumed, not reached: its tone starts afresh
ECHO_MIN_STEP = 0.002  # smaller changes of the echo's level are not sent
ECHO_FREE_CAP_S = 15.0  # free breathing: the echo of one exhale lasts at most this long

# Pitches: the inhale rises a fifth, the exhale falls back; the top-up sip goes a tone higher still. All of
# the guide sits above 500 Hz: an octave lower, the exhale tone heard by a microphone read as an exhale (the
# detector took 24 of 27 s of tones fed straight in for breath; up here about 2 s, in short low-confidence
# bits), and hums (section 3 of issue 13) live at 90-250 Hz.
LOW_HZ, HIGH_HZ, SIP_HZ = 523.0, 784.0, 880.0
HOLD_IN_HZ, HOLD_OUT_HZ, COUNT_HZ = 1175.0, 587.0, 659.0
CHIME_HZ = (1480.0, 1976.0)  # F#6 and B6: above the breath tones and clear of the notes' overtones
END_HZ = (1047.0, 523.0)  # a falling octave that settles: C6, G5, C5


@dataclass(frozen=True, slots=True)
class GuideMix:
    """How loud the guide is and each of its parts (0..1; 0 turns a part off). From the settings."""

    volume: float = 0.8
    tones: float = 1.0  # the inhale and exhale swells
    markers: float = 1.0  # holds, the top-up sip, the 3-2-1
    chime: float = 1.0  # a goal met
    end: float = 1.0  # the session's end
    echo: float = 0.0  # the player's own exhale, echoed (off unless asked for)


@dataclass(frozen=True, slots=True)
class GuideSound:
    """One sound of the guide. `at_s` is the session time it is asked for (the first step on or after the
    pacer boundary it marks, `boundary_s`). A breath tone is shaped for the whole phase, `seconds` from the
    boundary, and sounds from `at_s` on: so it ends exactly with the phase. A note lasts `seconds` from
    `at_s`."""

    kind: str  # inhale | topup | exhale | hold_in | hold_out | count | goal | end
    at_s: float
    seconds: float
    gain: float  # the part's level times the guide volume, before the master volume
    start_hz: float
    end_hz: float
    boundary_s: float
    count: int = 0  # the end: stars earned, one soft chime each


PHASES = ("inhale", "inhale2", "hold_in", "exhale", "hold_out")


def _lasts(cycle: Cycle, phase: str) -> bool:
    start, end = phase_span(cycle, phase)
    return end > start


def shape_key(sound: GuideSound) -> tuple[str, float, float, float, float, int]:
    """What a sound's shape depends on (not when it plays): sounds made ahead are found by it."""
    return (sound.kind, sound.seconds, sound.gain, sound.start_hz, sound.end_hz, sound.count)


def phase_span(cycle: Cycle, phase: str) -> tuple[float, float]:
    """Session seconds a pacer phase of `cycle` starts and ends."""
    start = cycle.start_s
    first = cycle.inhale_s * (DOUBLE_INHALE_SPLIT if cycle.double_inhale else 1.0)
    spans = {
        "inhale": (start, start + first),
        "inhale2": (start + first, start + cycle.inhale_s),
        "hold_in": (start + cycle.inhale_s, cycle.exhale_start_s),
        "exhale": (cycle.exhale_start_s, cycle.exhale_end_s),
        "hold_out": (cycle.exhale_end_s, cycle.end_s),
    }
    return spans[phase]


class SoundPlan:
    """Feed it each step's pacer state, breaths and flow; it answers with what to play.

    Args:
        mix: the levels of the parts.
        pacer_guide: False in free breathing (no pacer): no breath tones, markers or counts.
        total_s: the session's length, so the last tone never runs past the end.
    """

    def __init__(self, mix: GuideMix, *, pacer_guide: bool = True) -> None:
        self.mix = mix
        self.pacer_guide = pacer_guide
        self._phase = ""
        self._cycle = -1
        self._count = 0
        self.echo_level = 0.0
        self._echo_sent = 0.0

    def gain(self, part: float, level: float) -> float:
        return max(0.0, min(1.0, part)) * max(0.0, min(1.0, self.mix.volume)) * level

    def resume(self) -> None:
        """Back from pause: the phase under way sounds again for the time it has left, and the echo (faded
        out by the pause) rises again from silence."""
        self._phase = ""
        self.echo_level = self._echo_sent = 0.0

    def pacer(self, t: float, state: PacerState, cycle: Cycle | None, total_s: float) -> list[GuideSound]:
        """The sounds a new pacer phase (or a lead-in second) starts at session time `t`."""
        if not self.pacer_guide:
            return []
        if t < 0:  # the 3-2-1: a soft count each second, so a player with closed eyes knows it has begun
            n = int(-t) + 1
            if n == self._count or n > 3:
                return []
            self._count = n
            gain = self.gain(self.mix.markers, MARKER_LEVEL) * 0.8
            at = -float(n)
            return [GuideSound("count", t, MARKER_S, gain, COUNT_HZ, COUNT_HZ, at)] if gain > 0 else []
        phase = state.phase
        if cycle is None or phase == "done" or (phase == self._phase and state.cycle == self._cycle):
            return []
        self._phase, self._cycle = phase, state.cycle
        return self._phase_sounds(phase, cycle, t, total_s)

    def upcoming(self, phase: str, cycle: Cycle, following: Cycle | None, total_s: float) -> list[GuideSound]:
        """The sounds the phase after `phase` will start, asked for now so the edge can make them ahead (a
        long tone takes a few frames' time to make). `following` is the next cycle, if it is planned."""
        order = [p for p in PHASES if p != "inhale2" or cycle.double_inhale]
        later = [p for p in order[order.index(phase) + 1 :] if _lasts(cycle, p)] if phase in order else []
        if later:
            return self._phase_sounds(later[0], cycle, phase_span(cycle, later[0])[0], total_s)
        if following is None:
            return []
        return self._phase_sounds("inhale", following, following.start_s, total_s)

    def first(self, cycle: Cycle, total_s: float) -> list[GuideSound]:
        """The first inhale's sounds, asked for during the 3-2-1 so they too are made ahead."""
        return self._phase_sounds("inhale", cycle, cycle.start_s, total_s)

    def _phase_sounds(self, phase: str, cycle: Cycle, t: float, total_s: float) -> list[GuideSound]:
        start, end = phase_span(cycle, phase)
        end = min(end, total_s)
        if end - t <= 0.02:
            return []
        note = min(MARKER_S, end - start)  # from the boundary, so a note made ahead is the note asked for
        if phase in ("inhale", "exhale", "inhale2"):
            gain = self.gain(self.mix.tones, TONE_LEVEL)
            kind, f0, f1 = {
                "inhale": ("inhale", LOW_HZ, HIGH_HZ),
                "exhale": ("exhale", HIGH_HZ, LOW_HZ),
                "inhale2": ("topup", HIGH_HZ, SIP_HZ),
            }[phase]
            # Shaped from the boundary; resumed mid-phase (after a pause), a fresh swell from now instead.
            origin = start if t - start <= RESUME_S else t
            out = [GuideSound(kind, t, end - origin, gain, f0, f1, origin)] if gain > 0 else []
            marker = self.gain(self.mix.markers, MARKER_LEVEL)
            if phase == "inhale2" and marker > 0:  # the sip also gets its note: heard even with tones off
                out.append(GuideSound("topup_mark", t, note, marker, SIP_HZ, SIP_HZ, start))
            return out
        gain = self.gain(self.mix.markers, MARKER_LEVEL)
        hz = HOLD_IN_HZ if phase == "hold_in" else HOLD_OUT_HZ
        return [GuideSound(phase, t, note, gain, hz, hz, start)] if gain > 0 else []

    def goal_met(self, t: float) -> list[GuideSound]:
        gain = self.gain(self.mix.chime, CHIME_LEVEL)
        return [GuideSound("goal", t, CHIME_S, gain, *CHIME_HZ, t)] if gain > 0 else []

    def end(self, t: float, stars: int) -> list[GuideSound]:
        gain = self.gain(self.mix.end, END_LEVEL)
        return [GuideSound("end", t, END_S, gain, *END_HZ, t, count=stars)] if gain > 0 else []

    def echo(self, flow: float, exhaling_for_s: float | None, cap_s: float, dt: float) -> float | None:
        """The echo's new level (None: no change worth sending). It follows the player's flow, rising and
        falling gently, and lets go of an exhale that outlasts `cap_s`: a microphone hearing the echo
        itself can never keep it going."""
        target = 0.0
        if exhaling_for_s is not None and exhaling_for_s < cap_s:
            target = self.gain(self.mix.echo, ECHO_LEVEL) * max(0.0, min(1.0, flow))
        rate = dt / (ECHO_ATTACK_S if target > self.echo_level else ECHO_RELEASE_S) * ECHO_LEVEL
        step = max(-rate, min(rate, target - self.echo_level))
        self.echo_level += step
        if abs(self.echo_level - self._echo_sent) < ECHO_MIN_STEP and not (
            self.echo_level == 0.0 and self._echo_sent > 0.0
        ):
            return None
        self._echo_sent = self.echo_level
        return self.echo_level


def sample(part: str, mix: GuideMix) -> GuideSound | None:
    """A short example of one part at the mix's level, for the settings screen (None: that part is off)."""
    plan = SoundPlan(mix)
    if part in ("volume", "tones"):
        gain = plan.gain(mix.tones, TONE_LEVEL)
        sounds = [GuideSound("inhale", 0.0, 1.6, gain, LOW_HZ, HIGH_HZ, 0.0)]
    elif part == "markers":
        gain = plan.gain(mix.markers, MARKER_LEVEL)
        sounds = [GuideSound("hold_in", 0.0, MARKER_S, gain, HOLD_IN_HZ, HOLD_IN_HZ, 0.0)]
    elif part == "chime":
        sounds = plan.goal_met(0.0)
    elif part == "end":
        sounds = plan.end(0.0, 0)
    else:
        sounds = []  # the echo answers a breath: there is nothing to play without one
    return sounds[0] if sounds and sounds[0].gain > 0 else None
