"""The play controller, without pygame: a whole level played and scored through it, and each policy it
decides (what is saved when, the keyboard fallback, cues, the first microphone check, the calm ending)."""

from __future__ import annotations

import sys

from breath_input.sources import KeyboardSource, SyntheticBreather
from breath_input.types import SourceStatus
from game.records.catalog import Catalog
from game.sim.loop import STEP_S
from game.sim.play_controller import (
    ENDING_S,
    GoToResults,
    KeepBestRun,
    OfferMicCheck,
    PlayController,
    PlayCue,
    PlayPorts,
    RecordProgress,
    SaveHistory,
    ShowNotice,
)


def ports(open_source, *, mic_check_due: bool = False, profile=None) -> PlayPorts:
    return PlayPorts(
        open_source=open_source,
        keyboard=KeyboardSource,
        key_name=lambda: "SPACE",
        calibration_for=lambda device: profile,
        mic_check_due=lambda: mic_check_due,
    )


def first_level():
    return Catalog.load().campaign.levels[0]  # free breathing: no guide shown


def guided_level():
    return Catalog.load().find("lengthen-exhale")


def play_out(play: PlayController, *, limit_s: float = 3600.0) -> list:
    """Step until the controller asks for the results; every effect, in order."""
    effects: list = []
    for _ in range(int(limit_s / STEP_S)):
        step = play.step(STEP_S)
        effects += step
        if any(isinstance(e, GoToResults) for e in step):
            break
    return effects


def test_a_whole_level_is_played_and_scored_without_pygame():
    play = PlayController(
        first_level(), ports(lambda pacer: SyntheticBreather("calm", pacer=pacer)), show_intro=False
    )
    effects = play_out(play)
    kinds = [type(e) for e in effects if not isinstance(e, PlayCue)]
    assert kinds == [SaveHistory, KeepBestRun, RecordProgress, GoToResults], kinds
    assert effects[0] == SaveHistory(complete=True), (
        "kept at the last cycle: closing in the ending loses nothing"
    )
    summary = play.session.summary()
    assert summary.stars >= 2 and len(play.session.breaths) >= play.session.pacer.planned - 1
    assert play.ending_s is not None and play.ending_s >= ENDING_S - STEP_S, "the calm ending ran first"
    assert play.leave() == [], "history already kept: leaving adds nothing"
    assert not any(isinstance(e, PlayCue) for e in effects), "no guide shown, no guide sounds"


def test_a_guided_level_cues_each_phase_as_it_begins():
    play = PlayController(
        guided_level(), ports(lambda pacer: SyntheticBreather("calm", pacer=pacer)), show_intro=False
    )
    cues = [e.name for e in play_out(play) if isinstance(e, PlayCue)]
    cycles = play.session.pacer.planned
    assert cues[:4] == ["inhale", "exhale", "inhale", "exhale"] and len(cues) == 2 * cycles


def test_the_controller_imports_no_pygame():
    import subprocess

    code = (
        "import sys, game.sim.play_controller; print('pygame' in sys.modules, 'sounddevice' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_an_idle_run_is_kept_as_history_but_is_no_best_run():
    play = PlayController(first_level(), ports(lambda pacer: KeyboardSource()), show_intro=False)
    kinds = [type(e) for e in play_out(play) if not isinstance(e, PlayCue)]
    assert kinds == [SaveHistory, RecordProgress, GoToResults]


def test_leaving_mid_level_keeps_an_abandoned_session_once():
    play = PlayController(first_level(), ports(lambda pacer: KeyboardSource()), show_intro=False)
    for _ in range(600):
        play.step(STEP_S)
    assert play.leave() == [SaveHistory(complete=False)]
    assert play.leave() == []


def test_enter_in_the_ending_goes_to_the_results_at_once_and_a_breath_never_does():
    play = PlayController(
        first_level(), ports(lambda pacer: SyntheticBreather("calm", pacer=pacer)), show_intro=False
    )
    while play.ending_s is None:
        play.step(STEP_S)
    play.key(True, may_start=True)
    assert play.step(STEP_S) == [], "the breath moves the scene; it skips nothing"
    assert play.confirm() == [GoToResults()]


def test_a_source_that_stops_working_gives_way_to_the_keyboard_with_a_notice():
    class Failing(KeyboardSource):
        problem: str | None = None

        def status(self) -> SourceStatus:
            return SourceStatus(backend="PortAudio", microphone=True, problem=self.problem)

    failing = Failing()
    play = PlayController(first_level(), ports(lambda pacer: failing), show_intro=False)
    play.step(STEP_S)
    failing.problem = "The microphone stopped sending sound."
    effects = play.step(STEP_S)
    assert ShowNotice("The microphone stopped sending sound. Using SPACE instead.") in effects
    assert isinstance(play.source, KeyboardSource) and play.source is not failing


def test_the_first_microphone_play_offers_the_check_before_anything_else():
    class Mic(KeyboardSource):
        closed = False

        def status(self) -> SourceStatus:
            return SourceStatus(backend="PortAudio", device="Desk Mic", microphone=True)

        def close(self) -> None:
            self.closed = True

    mic = Mic()
    play = PlayController(first_level(), ports(lambda pacer: mic, mic_check_due=True))
    assert play.step(STEP_S) == [OfferMicCheck()] and mic.closed, "the check takes the microphone"
    calibrated = PlayController(
        first_level(), ports(lambda pacer: Mic(), mic_check_due=True, profile=object())
    )
    assert calibrated.step(STEP_S) == [], "a saved profile: no check"
    restart = PlayController(first_level(), ports(lambda pacer: Mic(), mic_check_due=True), show_intro=False)
    assert restart.step(STEP_S) == [], "restarts and headless runs never stop for it"


def test_the_intro_card_waits_for_a_fresh_press_or_enter():
    play = PlayController(first_level(), ports(lambda pacer: KeyboardSource()))
    play.key(True, may_start=False)  # a breath held over from the last screen
    assert not play.ready and play.step(STEP_S) == [] and play.session.t < 0
    play.key(True, may_start=True)
    assert play.ready
    other = PlayController(first_level(), ports(lambda pacer: KeyboardSource()))
    assert other.confirm() == [] and other.ready
