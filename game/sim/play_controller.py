"""One play of a level, as a pure controller: the session, the breath source, the play's policies.

No pygame, no files, no clock. The scene feeds it keys, confirms and fixed steps; it answers with effects
(save the history, keep the best run, record progress, play a cue, show a notice, save a refined
calibration, offer the microphone check, go to the results) that the scene carries out. So a test can play
and score a whole level in milliseconds, and every policy is read here, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from breath_input.calibration_profile import CalibrationProfile
from breath_input.sources import BreathSource, PacerGuide
from breath_input.types import Phase
from game.content.model import Level
from game.inputs.mic_play import MicPlay
from game.records.ghost import Ghost
from game.records.play_records import breathed_through
from game.render.view import FrameView
from game.sim.cues import cue_text
from game.sim.goal_watch import GoalWatch
from game.sim.session import PlaySession
from game.sim.sound_plan import ECHO_FREE_CAP_S, GuideMix, GuideSound, SoundPlan

# After the last cycle the scene stays for a few calm breaths (the grown tree, the lit sill) before the
# results; the guide fades away over the first seconds. Enter goes to the results at once.
ENDING_S = 9.0
NOTICE_S = 10.0  # a notice shows for a while, then leaves the scene alone
GOAL_NOTE_S = 6.0  # "goal met" shows this long: the chime's visual twin


# -- effects: what the controller asks the scene to do -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class SaveHistory:
    complete: bool  # False: left before the end (an abandoned session)


@dataclass(frozen=True, slots=True)
class KeepBestRun:
    score: int


@dataclass(frozen=True, slots=True)
class RecordProgress:
    pass


@dataclass(frozen=True, slots=True)
class PlayCue:
    name: str  # "inhale" or "exhale"


@dataclass(frozen=True, slots=True)
class PlaySound:
    """One sound of the eyes-closed guide (see game/sim/sound_plan.py)."""

    sound: GuideSound


@dataclass(frozen=True, slots=True)
class PrepareSound:
    """A sound the next pacer phase will ask for: make it now, so playing it then costs no frame time."""

    sound: GuideSound


@dataclass(frozen=True, slots=True)
class EchoLevel:
    """The echo of the player's exhale: its loudness from now on (0: silent)."""

    level: float


@dataclass(frozen=True, slots=True)
class GoalMet:
    label: str


@dataclass(frozen=True, slots=True)
class ShowNotice:
    text: str


@dataclass(frozen=True, slots=True)
class SaveCalibration:
    device: str
    profile: CalibrationProfile


@dataclass(frozen=True, slots=True)
class OfferMicCheck:
    """The first play with a microphone: the optional check, then this level from its intro card."""


@dataclass(frozen=True, slots=True)
class GoToResults:
    pass


Effect = (
    SaveHistory
    | KeepBestRun
    | RecordProgress
    | PlayCue
    | PlaySound
    | PrepareSound
    | EchoLevel
    | GoalMet
    | ShowNotice
    | SaveCalibration
    | OfferMicCheck
    | GoToResults
)


@dataclass(frozen=True, slots=True)
class PlayPorts:
    """What the controller needs from outside, narrowly.

    Attributes:
        open_source: a fresh breath source for this play, given the play's pacer.
        keyboard: the breath key as a source, for when the source stops working.
        key_name: the breath key's name for the screen ("SPACE").
        calibration_for: a device's saved calibration profile, or None.
        mic_check_due: True when the first-time microphone check has never been offered.
    """

    open_source: Callable[[PacerGuide], BreathSource]
    keyboard: Callable[[], BreathSource]
    key_name: Callable[[], str]
    calibration_for: Callable[[str], CalibrationProfile | None]
    mic_check_due: Callable[[], bool]


class PlayController:
    """Feed `key`, `confirm` and `step`; read `view()`; carry out the effects each returns.

    Args:
        level: the level played.
        ports: see PlayPorts.
        show_intro: start on the intro card (False: restarts and headless runs start at once).
        watched: a designer's `--watch` run: no first-time microphone check, no best run.
        ghost: the level's best run, breathing beside the player, or None.
        audio_guide: the player's eyes-closed guide setting (a level's `audio_guide: true` turns it on too).
        sound_mix: the guide's volume and parts.
    """

    def __init__(
        self,
        level: Level,
        ports: PlayPorts,
        *,
        show_intro: bool = True,
        watched: bool = False,
        ghost: Ghost | None = None,
        audio_guide: bool = False,
        sound_mix: GuideMix | None = None,
    ) -> None:
        self.level = level
        self.ports = ports
        self.session = PlaySession(level)
        self.ready = not show_intro  # False: the intro card waits for Enter/Space
        self.watched = watched
        self.ghost = ghost
        self.mic_play = MicPlay()  # hints and calibration refinement, with a microphone
        self.ending_s: float | None = None  # seconds into the calm ending once the last cycle is over
        self.ending_flow = 0.0
        self.history_saved = False
        self._source: BreathSource | None = None
        self._show_intro = show_intro
        self._mic_check: bool | None = None  # decided at the first step, once the source is open
        self._last_pacer_phase = ""
        self._notice_until = NOTICE_S
        self.sound: SoundPlan | None = None
        self.set_sound(audio_guide, sound_mix or GuideMix())
        self.goals = GoalWatch()
        self._breaths_seen = 0
        self._goal_note = ("", -1.0)

    # -- the source ----------------------------------------------------------------------------------------
    @property
    def source(self) -> BreathSource:
        """The play's breath source, opened the first time it is needed (the scene opens it on entering)."""
        if self._source is None:
            self._source = self.ports.open_source(self.session.pacer)
        return self._source

    def open_source(self) -> None:
        """Open the source now (entering the scene: the scene it replaced has let go of its own)."""
        _ = self.source

    @property
    def source_name(self) -> str:
        return self._source.name if self._source is not None else ""

    def close_source(self) -> None:
        if self._source is not None:
            self._source.close()

    @property
    def clock_s(self) -> float:
        """Session time, running on through the ending (the session itself stops at the last cycle)."""
        return self.session.t + (self.ending_s or 0.0)

    # -- input ---------------------------------------------------------------------------------------------
    def key(self, pressed: bool, *, may_start: bool = False, soft: bool = False) -> None:
        """The breath key (`soft`: the soft key); on the intro card a fresh press starts the play when
        `may_start`."""
        if not self.ready:
            if pressed and may_start:
                self.ready = True
            return
        self.source.key(
            pressed, self.clock_s, soft=soft
        )  # in the ending too: the breath still moves the scene

    def release_key(self) -> None:
        """Back from pause: a key let go during the pause must not stay "held"."""
        if self.ready:
            self.source.key(False, self.clock_s)

    def confirm(self) -> list[Effect]:
        """Enter: starts from the intro card; in the ending, goes to the results at once."""
        if not self.ready:
            self.ready = True
            return []
        if self.ending_s is not None:
            return [GoToResults()]
        return []

    def notice_fresh(self) -> None:
        """Something new to say: show it for a while from now."""
        self._notice_until = self.session.t + NOTICE_S

    @property
    def notice_showing(self) -> bool:
        return self.session.t < self._notice_until

    # -- time ----------------------------------------------------------------------------------------------
    def step(self, dt: float) -> list[Effect]:
        """One fixed step of play (nothing moves on the intro card but the scene's painter)."""
        if self._mic_check is None:
            self._mic_check = self._show_intro and not self.watched and self._mic_check_needed()
        if self._mic_check:
            self._mic_check = False
            self.close_source()  # the check takes the microphone; the level takes it back after
            return [OfferMicCheck()]
        if not self.ready:
            return []
        if self.ending_s is not None:
            return self._step_ending(dt)
        effects: list[Effect] = []
        session = self.session
        session.step(dt, self.source)
        status = self.source.status()  # once a step: the microphone's asks its stream and the detector
        if status.problem:
            effects.append(self._fall_back(status.problem))
            status = self.source.status()
        if session.hums is not None and session.t >= 0:  # a hum level: each hum's figures, as they end
            session.hums.hear(status.hum)
        self.mic_play.step(status, session, show_pacer=self.level.show_pacer, key=self.ports.key_name())
        effects += self._cue() if self.sound is None else self._guide(dt)
        if self.ghost is not None:
            self.ghost.step(session.t)
        if session.finished:
            effects += self._finish()
            self.ending_s = 0.0
            self.ending_flow = session.flow
            if self.sound is not None:
                effects += [PlaySound(s) for s in self.sound.end(session.t, session.summary().stars)]
        return effects

    def _step_ending(self, dt: float) -> list[Effect]:
        """A few calm breaths with the scene: the player's breath still moves it; then the results."""
        assert self.ending_s is not None
        self.ending_s += dt
        if self.ending_s >= ENDING_S:
            return [GoToResults()]
        reading = self.source.read(self.clock_s)
        self.ending_flow += (reading.flow - self.ending_flow) * 0.25
        if self.sound is not None:  # the echo lets go as the ending begins: the end sound speaks now
            level = self.sound.echo(0.0, None, 0.0, dt)
            return [EchoLevel(level)] if level is not None else []
        return []

    def _finish(self) -> list[Effect]:
        """The last cycle is over: the session is kept now, so closing during the ending loses nothing."""
        effects: list[Effect] = [*self._save_history(complete=True)]
        if breathed_through(self.session):  # an idle run is no best run
            effects.append(KeepBestRun(self.session.summary().score))
        effects.append(RecordProgress())
        return effects

    def leave(self) -> list[Effect]:
        """Menu, restart, window closed: an unfinished play is kept as abandoned; the source is let go."""
        effects: list[Effect] = [*self._save_history(complete=False)]
        refined = self.mic_play.refined_profile(self.ports.calibration_for)
        if refined is not None:
            effects.append(SaveCalibration(*refined))
        self.close_source()
        return effects

    def _save_history(self, *, complete: bool) -> list[Effect]:
        if self.history_saved:
            return []
        self.history_saved = True
        return [SaveHistory(complete)]

    def _fall_back(self, reason: str) -> Effect:
        """The source stopped working: the breath key takes over, and the player is told why."""
        self.source.close()
        self._source = self.ports.keyboard()
        return ShowNotice(f"{reason} Using {self.ports.key_name()} instead.")

    def _mic_check_needed(self) -> bool:
        """A microphone is in use for the first time: no saved profile for it, and never offered before."""
        status = self.source.status()
        if not status.microphone or not self.ports.mic_check_due():
            return False
        return self.ports.calibration_for(status.device) is None

    def _cue(self) -> list[Effect]:
        if self.session.t < 0 or not self.level.show_pacer:
            return []  # the lead-in is silent, so the first cycle's inhale still gets its cue
        phase = self.session.pacer_state.phase
        changed, self._last_pacer_phase = phase != self._last_pacer_phase, phase
        return [PlayCue(phase)] if changed and phase in ("inhale", "exhale") else []

    # -- the eyes-closed guide -----------------------------------------------------------------------------
    def set_sound(self, audio_guide: bool, mix: GuideMix) -> None:
        """Turn the guide on or off and set its levels (back from the settings, mid-play, too)."""
        if not (audio_guide or self.level.audio_guide):
            self.sound = None
        elif self.sound is None:
            self.sound = SoundPlan(mix, pacer_guide=self.level.show_pacer)
        else:
            self.sound.mix = mix

    @property
    def guide_on(self) -> bool:
        return self.sound is not None

    def resume(self) -> None:
        """Back from pause: the guide's sounds were hushed; the phase under way sounds again."""
        if self.sound is not None:
            self.sound.resume()

    @property
    def goal_note(self) -> str:
        """'Goal met: ...' for a few seconds after a goal is met (the chime's visual twin), else ''."""
        text, until = self._goal_note
        return text if self.session.t < until else ""

    def _guide(self, dt: float) -> list[Effect]:
        """This step's guide sounds: a new pacer phase, a goal newly met, the echo's level."""
        assert self.sound is not None
        s = self.session
        cycle = s.pacer.cycle_at(s.t) if s.t >= 0 and s.pacer.planned else None
        now = self.sound.pacer(s.t, s.pacer_state, cycle, s.pacer.total_s)
        effects: list[Effect] = [PlaySound(x) for x in now]
        if now and cycle is not None and s.pacer_state.phase != "done":
            planned = s.pacer.cycles
            following = planned[cycle.index + 1] if cycle.index + 1 < len(planned) else None
            ahead = self.sound.upcoming(s.pacer_state.phase, cycle, following, s.pacer.total_s)
            effects += [PrepareSound(x) for x in ahead]
        elif now and s.t < 0 and s.pacer.planned:  # the 3-2-1 (the edge makes a shape once)
            effects += [PrepareSound(x) for x in self.sound.first(s.pacer.cycles[0], s.pacer.total_s)]
        if len(s.breaths) != self._breaths_seen and not s.finished:
            self._breaths_seen = len(s.breaths)
            for result in self.goals.update(s.summary()):
                effects.append(GoalMet(result.label))
                effects += [PlaySound(x) for x in self.sound.goal_met(s.t)]
                self._goal_note = (f"Goal met: {result.label}", s.t + GOAL_NOTE_S)
        since = s.tracker.exhaling_since
        cap = ECHO_FREE_CAP_S
        if cycle is not None and self.level.show_pacer:
            cap = 1.5 * cycle.exhale_s + 1.0  # well past the guide's exhale: a mic may be hearing the echo
        level = self.sound.echo(s.flow, None if since is None else s.t - since, cap, dt)
        if level is not None:
            effects.append(EchoLevel(level))
        return effects

    # -- what the painters are shown -----------------------------------------------------------------------
    def _hum_now(self) -> float:
        """0..1: the exhale's flow while the source hears a hum (hum levels only), else 0."""
        if self._source is None or self.level.exhale_style != "hum" or not self.ready:
            return 0.0
        hum = self._source.status().hum
        return self.session.flow if hum is not None and hum.humming else 0.0

    def view(self, *, reduced_motion: bool = False) -> FrameView:
        s = self.session
        p = s.pacer_state
        r = s.reading
        since = s.tracker.exhaling_since
        last = s.breaths[-1].exhale_s if s.breaths else 0.0
        ending = self.ending_s is not None
        return FrameView(
            t=self.clock_s,
            lead_in_left=max(0.0, -s.t) if self.ready else s.lead_in_s,
            pacer_phase=p.phase,
            pacer_progress=p.progress,
            pacer_size=p.size,
            pacer_phase_left_s=p.phase_left_s,
            show_pacer=self.level.show_pacer,
            breath_phase=r.phase if self.ready else Phase.PAUSE,
            flow=self.ending_flow if ending else s.flow,
            confidence=r.confidence,
            hum=self._hum_now(),
            exhale_s=(s.t - since) if since is not None else 0.0,
            last_exhale_s=last,
            breaths=len(s.breaths),
            calm=s.calm(),
            scene_earned=s.scene.earned,
            trace=tuple(s.trace),
            reduced_motion=reduced_motion,
            cue=cue_text(self.level, s.pacer, s.t, p.phase),
        )
