"""Playing a level: intro card, 3-2-1 lead-in, the scene reacting to the breath, then the results.

A thin scene: the play itself (session, source, policies) is `game/sim/play_controller.py`; this scene feeds
it keys and steps, carries out the effects it returns, and draws.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import pygame

from breath_input.sources import BreathSource
from game.content.breathe_now import is_practice
from game.content.model import Level
from game.content.watch import FileWatch
from game.records.ghost import Ghost
from game.records.play_records import keep_best_run, record_progress, save_history
from game.records.storage import Settings
from game.render.guide_layout import focus_rect, guide_rect, trace_rect
from game.render.hud import draw_hud, draw_mute_sign
from game.render.pacer_widget import draw_pacer
from game.render.painters import make_painter
from game.render.play_overlays import (
    ENDING_WORDS,
    PRACTICE_ENDING_WORDS,
    draw_ending_words,
    draw_invitation,
    draw_level_warnings,
    draw_watch_problems,
)
from game.render.scene_base import ScenePainter
from game.render.trace import TraceLayer
from game.render.view import FrameView
from game.scenes.base import Pop, Push, Replace, Scene, Transition
from game.scenes.guide_settings import guide_mix
from game.sim.loop import STEP_S
from game.sim.play_controller import (
    ENDING_S,
    EchoLevel,
    Effect,
    GoToResults,
    KeepBestRun,
    OfferMicCheck,
    PlayController,
    PlayCue,
    PlayPorts,
    PlaySound,
    PrepareSound,
    RecordProgress,
    SaveCalibration,
    SaveHistory,
    ShowNotice,
)
from game.sim.session import PlaySession
from game.window.input import Command, soft_key_for

if TYPE_CHECKING:
    from game.scenes.ports import PlayNeeds

__all__ = ["ENDING_S", "GUIDE_FADE_S", "PlayScene", "how_to_breathe"]

GUIDE_FADE_S = 2.5  # the guide fades away over the first seconds of the calm ending


def how_to_breathe(settings: Settings) -> str:
    key = settings.breath_key.upper()
    if settings.invert_breath_key:
        return f"Hold {key} while you breathe in; let go while you breathe out."
    soft = soft_key_for(settings.breath_key).upper()
    return f"Hold {key} while you breathe out; let go while you breathe in. Hold {soft} for a soft breath."


def play_ports(app: PlayNeeds, level: Level) -> PlayPorts:
    """What a play needs from the app, and no more (the level's exhale style reaches the source builder)."""
    return PlayPorts(
        open_source=lambda pacer: app.inputs.open(pacer, exhale_style=level.exhale_style),
        keyboard=app.inputs.keyboard,
        key_name=lambda: app.inputs.key_name,
        calibration_for=app.calibration_for,
        mic_check_due=lambda: not app.settings.mic_check_offered,
    )


class PlayScene(Scene):
    app: PlayNeeds

    @property
    def draws_mute_sign(self) -> bool:  # type: ignore[override]
        """The HUD shows "muted" under the breath count while playing; on the intro card (no HUD) the app
        draws the sign in the corner."""
        return self.ready

    hears_breath_strength = True  # the soft key's gentle breath reaches the source

    def __init__(
        self,
        app: PlayNeeds,
        level: Level,
        *,
        show_intro: bool = True,
        watch: FileWatch | None = None,
        focus: bool = False,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(app)
        self.level = level
        # `play FILE` and --watch: the level's warnings in a box until Enter hides it (issue 12, item 6).
        self.warnings = list(warnings)
        self.boxes_hidden = False
        self.focus = focus  # a large guide in the centre, the counters hidden (breathe now)
        self.watch = watch  # --watch: reload the level file when it is saved
        self.watch_problems: list[str] = []
        self._watch_countdown = 0.0
        # A designer testing a file has no best run; a practice's best run may be of another breath.
        use_ghost = app.settings.ghost and watch is None and not is_practice(level)
        self.play = PlayController(
            level,
            play_ports(app, level),
            show_intro=show_intro,
            watched=watch is not None,
            ghost=Ghost.load(app.store.folder, level.id) if use_ghost else None,
            audio_guide=app.settings.audio_guide,
            sound_mix=guide_mix(app.settings),
        )
        self.painter: ScenePainter = make_painter(
            level.scene,
            app.screen.get_size(),
            params=level.scene_params,
            palette=app.palette,
            seed=zlib.crc32(level.id.encode()),
        )
        self.started_at = app.wall_clock().isoformat(timespec="seconds")
        # "How tense do you feel?" as the level opens (a setting; never for a designer's watched file).
        self.ask_feeling = app.settings.ask_feeling and watch is None
        self.feeling_before: int | None = None
        self.trace_layer = TraceLayer()
        self._notices_seen = len(app.all_notices())
        self._ending_layer: pygame.Surface | None = None

    # -- the play, as the rest of the game sees it -----------------------------------------------------------
    @property
    def session(self) -> PlaySession:
        return self.play.session

    @property
    def source(self) -> BreathSource:
        return self.play.source

    @property
    def ready(self) -> bool:
        return self.play.ready

    @property
    def ending_s(self) -> float | None:
        return self.play.ending_s

    @property
    def ghost(self) -> Ghost | None:
        return self.play.ghost

    # -- input ---------------------------------------------------------------------------------------------
    def handle(self, command: Command) -> Transition | None:
        if command is Command.BACK and not self.ready:
            return Pop()  # Esc on the intro card: not started yet, so simply back where the player came from
        if command in (Command.BACK, Command.PAUSE):
            self.app.cues.hush(at=self.play.clock_s)  # the pacer stands still: so does its sound
            return Push(self.app.screens.pause(self))
        if command is Command.CONFIRM:
            if self.ready and self.ending_s is None and self._boxes_showing:
                self.boxes_hidden = True  # Enter hides the designer's boxes; nothing else during play
                return None
            return self._apply(self.play.confirm())
        if command is Command.RESTART:
            return self.restart()
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        # Never a breath carried over from the last screen starts the play; in the ending it never skips.
        may_start = pressed and self.app.breath_may_confirm()
        self.play.key(pressed, may_start=may_start, soft=self.app.breath_soft)
        return None

    def take_feeling_before(self, value: int | None) -> None:
        """The answer to "how tense do you feel" before this play (None: skipped); asked no more."""
        self.feeling_before, self.ask_feeling = value, False

    def restart(self, level: Level | None = None, warnings: Sequence[str] | None = None) -> Transition:
        scene = PlayScene(
            self.app,
            level or self.level,
            show_intro=False,
            watch=self.watch,
            focus=self.focus,
            warnings=self.warnings if warnings is None else warnings,
        )
        scene.boxes_hidden = self.boxes_hidden and level is None  # a new save's warnings show again
        scene.take_feeling_before(self.feeling_before)  # a restart is the same sitting: not asked again
        return Replace(scene)

    def enter(self) -> None:
        self.app.cues.ambient(self.app.settings.ambient, at=self.play.clock_s)
        self.play.set_sound(
            self.app.settings.audio_guide, guide_mix(self.app.settings)
        )  # maybe changed in pause
        self.play.resume()
        self.play.open_source()
        self.play.release_key()

    def leave(self) -> None:
        self._apply(self.play.leave())  # menu, restart, window closed: an abandoned session
        self.app.cues.hush(at=self.play.clock_s)
        self.app.cues.ambient(False, at=self.play.clock_s)

    # -- simulation ------------------------------------------------------------------------------------
    def update(self, dt: float) -> Transition | None:
        if self.ask_feeling:  # before anything starts (over the intro card)
            from game.scenes.feeling import ask_before

            return ask_before(self.app, self)
        if self.painter.size != self.app.screen.get_size():
            self.painter.resize(self.app.screen.get_size())
        reloaded = self._check_watch(dt)
        if reloaded is not None:
            return reloaded
        transition = self._apply(self.play.step(dt))
        if transition is not None:
            return transition
        if self.ready and self.ending_s is None and len(self.app.all_notices()) > self._notices_seen:
            self._notices_seen = len(self.app.all_notices())  # something new to say: show it for a while
            self.play.notice_fresh()
        self.painter.update(self.view(), dt)
        return None

    def _apply(self, effects: list[Effect]) -> Transition | None:
        """Carry out what the play asked for; the transition, if one was asked for."""
        app, play = self.app, self.play
        transition: Transition | None = None
        for effect in effects:
            if isinstance(effect, SaveHistory):
                save_history(
                    app.history,
                    app.notices,
                    play.session,
                    source_name=play.source_name,
                    started_at=self.started_at,
                    complete=effect.complete,
                    watched=self.watch is not None,
                    feeling_before=self.feeling_before,
                )
            elif isinstance(effect, KeepBestRun):
                keep_best_run(
                    app.store,
                    self.level.id,
                    play.session,
                    score=effect.score,
                    source_name=play.source_name,
                    watched=self.watch is not None,
                )
            elif isinstance(effect, RecordProgress):
                record_progress(app.store, self.level.id, play.session)
            elif isinstance(effect, PlayCue):
                app.cues.play(effect.name, at=play.clock_s)
            elif isinstance(effect, PlaySound):
                app.cues.guide(effect.sound, at=effect.sound.at_s)
            elif isinstance(effect, PrepareSound):
                app.cues.prepare(effect.sound)
            elif isinstance(effect, EchoLevel):
                app.cues.echo(effect.level, at=play.clock_s)
            elif isinstance(effect, ShowNotice):
                app.notices.append(effect.text)
            elif isinstance(effect, SaveCalibration):
                app.store.save_calibration(effect.device, effect.profile.to_dict())
            elif isinstance(effect, OfferMicCheck):
                transition = self._offer_mic_check()
            elif isinstance(effect, GoToResults):
                transition = self._to_results()
        return transition

    def _to_results(self) -> Transition:
        return Replace(self.app.screens.results(self.level, self.session, watch=self.watch, focus=self.focus))

    def _offer_mic_check(self) -> Transition:
        """Once ever: the optional microphone check, then this level from its intro card."""
        self.app.settings.mic_check_offered = True
        self.app.store.save_settings()
        level, app, feeling = self.level, self.app, self.feeling_before

        def again() -> PlayScene:
            scene = PlayScene(app, level)
            if not self.ask_feeling:  # answered (or skipped) before the check: not asked twice
                scene.take_feeling_before(feeling)
            return scene

        return Replace(app.screens.calibration(first_time=True, then=again))

    @property
    def guide_fade(self) -> float:
        """1 while playing; falls to 0 over the first seconds of the ending."""
        if self.ending_s is None:
            return 1.0
        if self.app.settings.reduced_motion:
            return 0.0
        return max(0.0, 1.0 - self.ending_s / GUIDE_FADE_S)

    def _check_watch(self, dt: float) -> Transition | None:
        """Every half second of game time, look at the watched file; a good save restarts with it."""
        if self.watch is None:
            return None
        self._watch_countdown -= dt
        if self._watch_countdown > 0:
            return None
        self._watch_countdown = 0.5
        if not self.watch.changed():
            return None
        level, problems = self.watch.reload()
        if level is None:
            # Keep playing the last good version; show what is wrong with the saved one.
            self.watch_problems = [str(p) for p in problems]
            self.boxes_hidden = False
            return None
        self.watch_problems = []
        return self.restart(level, warnings=[str(p) for p in problems])  # a good save's problems: warnings

    def view(self) -> FrameView:
        return self.play.view(reduced_motion=self.app.settings.reduced_motion)

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        view = self.view()
        on_top = not self.app.stack or self.app.stack[-1] is self  # under the pause menu, time stands still
        if self.ready and on_top:  # time runs: draw it where this frame falls between two steps
            view = replace(view, t=view.t + self.app.draw_alpha * STEP_S)
        self.painter.draw(surface, view)
        pal, fonts = self.app.palette, self.app.fonts
        if not self.ready:  # the card names the level itself: no HUD under it to collide with
            self._draw_intro(surface)
            return
        fade = self.guide_fade
        if fade > 0:
            self._draw_guide(surface, view, fade)
        if self.ending_s is not None:
            self._hud(surface, view)
            words = 1.0 if self.app.settings.reduced_motion else (self.ending_s - 1.5) / 1.5
            ending = PRACTICE_ENDING_WORDS if is_practice(self.level) else ENDING_WORDS
            draw_ending_words(surface, words, pal, fonts, ending)
            return
        if self.focus:  # the guide and the scene; the counts and notices wait for the results
            self._hud(surface, view)
            self._draw_invitation(surface)
            return
        notice = self.app.take_notice() if self.play.notice_showing else None
        draw_hud(
            surface,
            view,
            pal,
            fonts,
            title=self.level.title,
            notice=self.play.mic_play.hint or self.play.goal_note or notice,
            muted=self.app.settings.muted,
        )
        self._draw_invitation(surface)
        if self._boxes_showing:
            self._draw_designer_boxes(surface)

    @property
    def _boxes_showing(self) -> bool:
        return bool(self.watch_problems or self.warnings) and not self.boxes_hidden

    def _draw_designer_boxes(self, surface: pygame.Surface) -> None:
        """The watched file's errors, then the level's warnings under them (each "+N more" past its room)."""
        pal, fonts = self.app.palette, self.app.fonts
        top = 70
        if self.watch_problems:
            top = draw_watch_problems(surface, self.watch_problems, pal, fonts).bottom + 8
        if self.warnings and top < surface.get_height() - 200:
            draw_level_warnings(surface, self.warnings, pal, fonts, top=top)

    def _hud(self, surface: pygame.Surface, view: FrameView) -> None:
        """The title and counts along the top; in focus, only the mute sign (the counts are hidden)."""
        pal, fonts, muted = self.app.palette, self.app.fonts, self.app.settings.muted
        if not self.focus:
            draw_hud(surface, view, pal, fonts, title=self.level.title, notice=None, muted=muted)
        elif muted:
            margin = max(6, round(24 * fonts.scale))
            draw_mute_sign(surface, (surface.get_width() - margin, margin), pal, fonts)

    def _draw_guide(self, surface: pygame.Surface, view: FrameView, fade: float) -> None:
        """The guide circle and the breath trace; faded (drawn on a layer) as the ending begins."""
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        target = surface
        if fade < 1.0:
            if self._ending_layer is None or self._ending_layer.get_size() != (w, h):
                self._ending_layer = pygame.Surface((w, h), pygame.SRCALPHA)
            target = self._ending_layer
            target.fill((0, 0, 0, 0))
        if self.focus:  # the guide alone, large, in the centre: the player's breath is its "you" bar
            draw_pacer(target, focus_rect((w, h), fonts.scale), view, pal, fonts)
        else:
            draw_pacer(target, guide_rect((w, h), fonts.scale), view, pal, fonts)
            self.trace_layer.draw(
                target,
                trace_rect((w, h)),
                view.trace,
                pal,
                fonts=fonts,
                ghost=self.ghost.trace if self.ghost is not None else (),
                show_guide=self.level.show_pacer,
            )
        if target is not surface:
            target.set_alpha(round(255 * fade))
            surface.blit(target, (0, 0))

    def _draw_invitation(self, surface: pygame.Surface) -> None:
        invitation = self.session.invitation
        plan = self.session.plan
        if invitation is not None:
            fade = (self.session.t - invitation.since_s) / 0.8
            text = invitation.text
        elif plan is not None and plan.measuring and self.session.t >= 0:
            fade, text = 0.8, "Finding your pace: breathe the way you do, the guide will follow."
        else:
            return
        if self.app.settings.reduced_motion:
            fade = 1.0  # no fading animation, and the words stay readable
        draw_invitation(surface, text, fade, self.app.palette, self.app.fonts)

    def _how_to_breathe(self) -> str:
        if self.source.status().backend == "gamepad":
            key = self.app.settings.breath_key.upper()
            return (
                "Squeeze the trigger as you breathe out, gently for a soft breath; let go to breathe in. "
                f"{key} works too."
            )
        if self.source.status().microphone:
            key = self.app.settings.breath_key.upper()
            return f"Breathe out toward the screen; the microphone hears you. {key} works too."
        return how_to_breathe(self.app.settings)

    def _draw_intro(self, surface: pygame.Surface) -> None:
        from game.render.intro_card import draw_intro_card  # noqa: PLC0415 - the card's painter (issue 14)

        draw_intro_card(
            surface,
            self.level,
            how_to_breathe=self._how_to_breathe(),
            confirm_key=self.app.settings.breath_key.upper(),
            palette=self.app.palette,
            fonts=self.app.fonts,
        )
