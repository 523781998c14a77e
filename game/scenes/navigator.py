"""The screens, built: the one module that imports every scene, so the scenes need not import each other.

The app makes one `Navigator` and hands it to the scenes as their `Screens` port (`app.screens`). Each
screen is built with the same needs object (the app), typed here as `GameNeeds`: everything any screen uses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from game.scenes.base import Scene
from game.scenes.breathe_now import BreatheNowScene
from game.scenes.calibrate import CalibrationScene
from game.scenes.checkin import CheckinScene
from game.scenes.guide_settings import GuideSettingsScene
from game.scenes.history import HistoryScene
from game.scenes.level_select import LevelSelectScene
from game.scenes.pause import PauseScene
from game.scenes.play import PlayScene
from game.scenes.ports import GameNeeds, Restartable
from game.scenes.results import ResultsScene
from game.scenes.settings import SettingsScene
from game.scenes.title import TitleScene

if TYPE_CHECKING:
    from game.content.model import Level
    from game.content.watch import FileWatch
    from game.sim.session import PlaySession


class Navigator:
    """Implements `ports.Screens`: one method per screen a scene may go on to."""

    def __init__(self, needs: GameNeeds) -> None:
        self.needs = needs

    def title(self) -> Scene:
        return TitleScene(self.needs)

    def play(
        self,
        level: Level,
        *,
        show_intro: bool = True,
        watch: FileWatch | None = None,
        focus: bool = False,
        warnings: Sequence[str] = (),
    ) -> Scene:
        return PlayScene(
            self.needs, level, show_intro=show_intro, watch=watch, focus=focus, warnings=warnings
        )

    def pause(self, play: Restartable) -> Scene:
        return PauseScene(self.needs, play)

    def results(
        self, level: Level, session: PlaySession, *, watch: FileWatch | None = None, focus: bool = False
    ) -> Scene:
        return ResultsScene(self.needs, level, session, watch=watch, focus=focus)

    def settings(self) -> Scene:
        return SettingsScene(self.needs)

    def guide_settings(self) -> Scene:
        return GuideSettingsScene(self.needs)

    def calibration(self, *, then: Callable[[], Scene] | None = None, first_time: bool = False) -> Scene:
        return CalibrationScene(self.needs, then=then, first_time=first_time)

    def level_select(self) -> Scene:
        return LevelSelectScene(self.needs)

    def history(self) -> Scene:
        return HistoryScene(self.needs)

    def breathe_now(self) -> Scene:
        return BreatheNowScene(self.needs)

    def checkin(self) -> Scene:
        return CheckinScene(self.needs)
