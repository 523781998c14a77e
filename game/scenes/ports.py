"""What a scene may ask of the running game: small typed ports, one composed for each screen.

A scene names the protocol it needs (``TitleNeeds``, ``PlayNeeds``, ...) and sees nothing else; the app
satisfies every one of them (by shape, not by inheritance), and tests may hand in anything that does. The
next screen is asked for through ``Screens`` (built in `navigator.py`), so scenes never import each other.

This module imports no scene and not the app: it sits below both, which is what keeps the imports one way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from game.scenes.base import Confirms, Scene, Transition

if TYPE_CHECKING:
    from datetime import datetime

    import pygame

    from breath_input.calibration_profile import CalibrationProfile
    from breath_input.sources import KeyboardSource
    from game.content.breathe_now import Practice
    from game.content.model import Level
    from game.content.watch import FileWatch
    from game.inputs.source_provider import SourceProvider
    from game.records.catalog import Catalog
    from game.records.history import History
    from game.records.storage import Settings, Store
    from game.render.palette import Palette
    from game.render.text import Fonts
    from game.sim.session import PlaySession
    from game.window.audio import Cues

__all__ = [
    "Breath",
    "BreatheNowNeeds",
    "CalibrationNeeds",
    "CheckinNeeds",
    "Clock",
    "FeelingNeeds",
    "Confirms",
    "Frame",
    "GameNeeds",
    "GuideSettingsNeeds",
    "HistoryNeeds",
    "LevelSelectNeeds",
    "Levels",
    "Look",
    "Navigation",
    "PauseNeeds",
    "PlayNeeds",
    "Restartable",
    "ResultsNeeds",
    "Saved",
    "Screens",
    "SettingsNeeds",
    "SharedKeys",
    "Sound",
    "TakesFeeling",
    "TitleNeeds",
    "Told",
]


# -- the ports ----------------------------------------------------------------------------------------------
class Look(Protocol):
    """How every screen looks: the window and the player's colours and text size (both change in settings)."""

    @property
    def screen(self) -> pygame.Surface: ...
    @property
    def palette(self) -> Palette: ...
    @property
    def fonts(self) -> Fonts: ...


class Saved(Protocol):
    """What is kept between runs: the settings (saved by `apply_settings`), progress and the history."""

    @property
    def settings(self) -> Settings: ...
    @property
    def store(self) -> Store: ...
    @property
    def history(self) -> History: ...
    def apply_settings(self) -> None: ...


class Told(Protocol):
    """The notices the player has been given; a scene may add one."""

    @property
    def notices(self) -> list[str]: ...
    def all_notices(self) -> list[str]: ...
    def take_notice(self) -> str | None: ...


class Levels(Protocol):
    """The levels and what is open."""

    @property
    def catalog(self) -> Catalog: ...


class Clock(Protocol):
    """The injected wall clock: the only way a scene learns today's date and time."""

    @property
    def wall_clock(self) -> Callable[[], datetime]: ...


class Sound(Protocol):
    @property
    def cues(self) -> Cues: ...


class Breath(Protocol):
    """The run's breath input, and the breath key as it is now."""

    @property
    def inputs(self) -> SourceProvider: ...
    @property
    def breath_held(self) -> bool: ...
    @property
    def breath_soft(self) -> bool: ...
    def keyboard_source(self) -> KeyboardSource: ...
    def calibration_for(self, device: str) -> CalibrationProfile | None: ...


class Frame(Protocol):
    """Where this frame is drawn between two steps, and which scene is on top."""

    @property
    def draw_alpha(self) -> float: ...
    @property
    def stack(self) -> Sequence[Scene]: ...


class SharedKeys(Protocol):
    """What the keys every screen shares do (M, F11), for a screen that reads the keys by name itself."""

    def toggle_mute(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...


@runtime_checkable
class TakesFeeling(Protocol):
    """A play that can be told how the player felt before it (the before/after feeling prompt)."""

    def take_feeling_before(self, value: int | None) -> None: ...


class Restartable(Protocol):
    """A play the pause menu can start again."""

    def restart(self) -> Transition: ...


class Screens(Protocol):
    """The next screen, by name: scenes ask for it here instead of importing each other."""

    def play(
        self,
        level: Level,
        *,
        show_intro: bool = True,
        watch: FileWatch | None = None,
        focus: bool = False,
        warnings: Sequence[str] = (),
    ) -> Scene: ...
    def pause(self, play: Restartable) -> Scene: ...
    def results(
        self, level: Level, session: PlaySession, *, watch: FileWatch | None = None, focus: bool = False
    ) -> Scene: ...
    def settings(self) -> Scene: ...
    def guide_settings(self) -> Scene: ...
    def calibration(self, *, then: Callable[[], Scene] | None = None, first_time: bool = False) -> Scene: ...
    def level_select(self) -> Scene: ...
    def history(self) -> Scene: ...
    def breathe_now(self) -> Scene: ...
    def checkin(self) -> Scene: ...


class Navigation(Protocol):
    @property
    def screens(self) -> Screens: ...


# -- what each screen needs ---------------------------------------------------------------------------------
class TitleNeeds(Confirms, Look, Saved, Told, Levels, Navigation, Protocol): ...


class LevelSelectNeeds(Confirms, Look, Saved, Levels, Navigation, Protocol): ...


class BreatheNowNeeds(Confirms, Look, Levels, Navigation, Protocol):
    practice: Practice | None  # the last "breathe now" choices, kept for the run


class PauseNeeds(Confirms, Look, Navigation, Protocol):
    def apply(self, transition: Transition | None) -> None: ...


class GuideSettingsNeeds(Confirms, Look, Saved, Sound, Protocol): ...


class SettingsNeeds(Confirms, Look, Saved, Breath, Navigation, Protocol): ...


class CalibrationNeeds(Confirms, Look, Saved, Breath, Protocol): ...


class HistoryNeeds(Confirms, Look, Saved, Clock, Protocol): ...


class CheckinNeeds(Confirms, Look, Saved, Told, Clock, Breath, Protocol): ...


class FeelingNeeds(Confirms, Look, Saved, Told, SharedKeys, Protocol): ...


class ResultsNeeds(FeelingNeeds, Levels, Navigation, Protocol): ...


class PlayNeeds(FeelingNeeds, Clock, Sound, Breath, Frame, Navigation, Protocol): ...


class GameNeeds(
    TitleNeeds,
    LevelSelectNeeds,
    BreatheNowNeeds,
    PauseNeeds,
    GuideSettingsNeeds,
    SettingsNeeds,
    CalibrationNeeds,
    HistoryNeeds,
    CheckinNeeds,
    ResultsNeeds,
    PlayNeeds,
    FeelingNeeds,
    Protocol,
):
    """Everything any screen needs: what the navigator hands each scene it builds (the app is one)."""
