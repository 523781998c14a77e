"""Playing a level: intro card, 3-2-1 lead-in, the scene reacting to the breath, then the results."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import pygame

from breath_input.sources import BreathSource
from breath_input.types import Phase
from game.content.model import Level
from game.ghost import Ghost
from game.input import Command
from game.mic_play import MicPlay
from game.play_records import breathed_through, keep_best_run, record_progress, save_history
from game.render.hud import draw_hud
from game.render.pacer_widget import draw_pacer
from game.render.scene_base import ScenePainter, make_painter
from game.render.text import draw_text, draw_wrapped
from game.render.trace import TraceLayer
from game.render.view import FrameView
from game.scenes.base import Pop, Push, Replace, Scene, Transition
from game.sim.session import PlaySession
from game.watch import FileWatch

if TYPE_CHECKING:
    from game.app import App

# After the last cycle the scene stays for a few calm breaths (the grown tree, the lit sill) before the
# results; the guide fades away over the first seconds. Enter goes to the results at once.
ENDING_S = 9.0
GUIDE_FADE_S = 2.5


def how_to_breathe(app: App) -> str:
    key = app.settings.breath_key.upper()
    if app.settings.invert_breath_key:
        return f"Hold {key} while you breathe in; let go while you breathe out."
    return f"Hold {key} while you breathe out; let go while you breathe in."


class PlayScene(Scene):
    draws_mute_sign = True  # in the HUD, under the breath count

    def __init__(
        self, app: App, level: Level, *, show_intro: bool = True, watch: FileWatch | None = None
    ) -> None:
        super().__init__(app)
        self.level = level
        self.watch = watch  # --watch: reload the level file when it is saved
        self.watch_problems: list[str] = []
        self._watch_countdown = 0.0
        self.session = PlaySession(level)
        self._source: BreathSource | None = None  # opened on entering, once the scene it replaces let go
        self._show_intro = show_intro
        self.ready = not show_intro  # False: the intro card waits for Enter/Space
        self.painter: ScenePainter = make_painter(
            level.scene,
            app.screen.get_size(),
            params=level.scene_params,
            palette=app.palette,
            seed=zlib.crc32(level.id.encode()),
        )
        self._last_pacer_phase = ""
        self.started_at = app.wall_clock().isoformat(timespec="seconds")
        self.history_saved = False
        self.mic_play = MicPlay()  # hints and calibration refinement, with a microphone
        self.trace_layer = TraceLayer()
        use_ghost = app.settings.ghost and watch is None  # a designer testing a file has no best run
        self.ghost = Ghost.load(app.store.folder, level.id) if use_ghost else None
        self._notices_seen = len(app.all_notices())
        self._first_mic_check: bool | None = None  # decided once the source is open
        self._notice_until = 10.0  # session seconds: a notice shows for a while, then leaves the scene alone
        self.ending_s: float | None = None  # seconds into the calm ending once the last cycle is over
        self._ending_flow = 0.0
        self._ending_layer: pygame.Surface | None = None

    # -- input ---------------------------------------------------------------------------------------------
    def handle(self, command: Command) -> Transition | None:
        from game.scenes.pause import PauseScene

        if command is Command.BACK and not self.ready:
            return Pop()  # Esc on the intro card: not started yet, so simply back where the player came from
        if command in (Command.BACK, Command.PAUSE):
            return Push(PauseScene(self.app, self))
        if command is Command.CONFIRM and not self.ready:
            self.ready = True
        if command is Command.CONFIRM and self.ending_s is not None:
            return self._to_results()
        if command is Command.RESTART:
            return self.restart()
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        if not self.ready:
            if pressed and self.app.breath_may_confirm():  # never a breath carried over from the last screen
                self.ready = True
            return None
        self.source.key(pressed, self.clock_s)
        return None  # during the ending too: the breath still moves the scene, it never skips ahead

    @property
    def clock_s(self) -> float:
        """Session time, running on through the ending (the session itself stops at the last cycle)."""
        return self.session.t + (self.ending_s or 0.0)

    @property
    def source(self) -> BreathSource:
        """The play's breath source, opened the first time it is needed (normally on entering)."""
        if self._source is None:
            self._source = self.app.inputs.open(self.session.pacer)
        return self._source

    def restart(self, level: Level | None = None) -> Transition:
        return Replace(PlayScene(self.app, level or self.level, show_intro=False, watch=self.watch))

    def enter(self) -> None:
        self.app.cues.ambient(self.app.settings.ambient)
        # Back from pause: a key let go during the pause must not stay "held", so start released.
        if self.ready:
            self.source.key(False, self.clock_s)

    def leave(self) -> None:
        self._save_history(complete=False)  # menu, restart, window closed: an abandoned session
        self._refine_calibration()
        if self._source is not None:
            self._source.close()
        self.app.cues.ambient(False)

    # -- simulation ------------------------------------------------------------------------------------
    def update(self, dt: float) -> Transition | None:
        if self._first_mic_check is None:  # the first update: the source is open now
            self._first_mic_check = self._show_intro and self.watch is None and self._needs_first_mic_check()
        if self._first_mic_check:
            return self._run_first_mic_check()
        if self.painter.size != self.app.screen.get_size():
            self.painter.resize(self.app.screen.get_size())
        reloaded = self._check_watch(dt)
        if reloaded is not None:
            return reloaded
        if not self.ready:
            self.painter.update(self.view(), dt)
            return None
        if self.ending_s is not None:
            return self._update_ending(dt)
        self.session.step(dt, self.source)
        self._check_source()
        self.mic_play.step(self.source.status(), self.session, show_pacer=self.level.show_pacer)
        if len(self.app.all_notices()) > self._notices_seen:  # something new to say: show it for ten seconds
            self._notices_seen = len(self.app.all_notices())
            self._notice_until = self.session.t + 10.0
        self._cue()
        self.painter.update(self.view(), dt)
        if self.ghost is not None:
            self.ghost.step(self.session.t)
        if self.session.finished:
            self._record_finish()
            self.ending_s = 0.0
            self._ending_flow = self.session.flow
        return None

    def _record_finish(self) -> None:
        """The last cycle is over: the session is kept now, so closing during the ending loses nothing."""
        self._save_history(complete=True)
        if breathed_through(self.session):  # an idle run is no best run
            keep_best_run(
                self.app,
                self.level.id,
                self.session,
                score=self.session.summary().score,
                source_name=self.source.name,
                watched=self.watch is not None,
            )
        record_progress(self.app, self.level.id, self.session)

    def _update_ending(self, dt: float) -> Transition | None:
        """A few calm breaths with the scene: the player's breath still moves it; then the results."""
        assert self.ending_s is not None
        self.ending_s += dt
        if self.ending_s >= ENDING_S:
            return self._to_results()
        reading = self.source.read(self.clock_s)
        self._ending_flow += (reading.flow - self._ending_flow) * 0.25
        self.painter.update(self.view(), dt)
        return None

    def _to_results(self) -> Transition:
        from game.scenes.results import ResultsScene

        return Replace(ResultsScene(self.app, self.level, self.session, watch=self.watch))

    @property
    def guide_fade(self) -> float:
        """1 while playing; falls to 0 over the first seconds of the ending."""
        if self.ending_s is None:
            return 1.0
        if self.app.settings.reduced_motion:
            return 0.0
        return max(0.0, 1.0 - self.ending_s / GUIDE_FADE_S)

    def _needs_first_mic_check(self) -> bool:
        """A microphone is in use for the first time: no saved profile for it, and never offered before."""
        status = self.source.status()
        if not status.microphone or self.app.settings.mic_check_offered:
            return False
        return self.app.calibration_for(status.device) is None

    def _run_first_mic_check(self) -> Transition:
        """Once ever: the optional microphone check, then this level from its intro card."""
        from game.scenes.calibrate import CalibrationScene

        self._first_mic_check = False
        self.app.settings.mic_check_offered = True
        self.app.store.save_settings()
        self.source.close()  # the check takes the microphone; the level takes it back after
        level, app = self.level, self.app
        return Replace(CalibrationScene(app, first_time=True, then=lambda: PlayScene(app, level)))

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
            return None
        self.watch_problems = []
        return self.restart(level)

    def _save_history(self, *, complete: bool) -> None:
        """Once per play, finished or left."""
        if self.history_saved:
            return
        self.history_saved = True
        save_history(
            self.app,
            self.session,
            source_name=self._source.name if self._source is not None else "",
            started_at=self.started_at,
            complete=complete,
            watched=self.watch is not None,
        )

    def _refine_calibration(self) -> None:
        """After a microphone session, nudge this device's saved profile toward what play showed."""
        refined = self.mic_play.refined_profile(self.app.calibration_for)
        if refined is not None:
            device, profile = refined
            self.app.store.save_calibration(device, profile.to_dict())

    def _check_source(self) -> None:
        reason = self.source.status().problem
        if reason:
            self.source.close()
            self._source = self.app.keyboard_source()
            self.app.notices.append(f"{reason} Using {self.app.settings.breath_key.upper()} instead.")

    def _cue(self) -> None:
        phase = self.session.pacer_state.phase
        if phase != self._last_pacer_phase and self.session.t >= 0 and self.level.show_pacer:
            if phase == "inhale":
                self.app.cues.play("inhale")
            elif phase == "exhale":
                self.app.cues.play("exhale")
        self._last_pacer_phase = phase

    def view(self) -> FrameView:
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
            flow=self._ending_flow if ending else s.flow,
            confidence=r.confidence,
            exhale_s=(s.t - since) if since is not None else 0.0,
            last_exhale_s=last,
            breaths=len(s.breaths),
            calm=s.calm(),
            trace=tuple(s.trace),
            reduced_motion=self.app.settings.reduced_motion,
        )

    # -- drawing ---------------------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        view = self.view()
        self.painter.draw(surface, view)
        pal, fonts = self.app.palette, self.app.fonts
        if not self.ready:
            draw_hud(
                surface, view, pal, fonts, title=self.level.title, notice=None, muted=self.app.settings.muted
            )
            self._draw_intro(surface)
            return
        fade = self.guide_fade
        if fade > 0:
            self._draw_guide(surface, view, fade)
        if self.ending_s is not None:
            draw_hud(
                surface, view, pal, fonts, title=self.level.title, notice=None, muted=self.app.settings.muted
            )
            self._draw_ending(surface)
            return
        draw_hud(
            surface,
            view,
            pal,
            fonts,
            title=self.level.title,
            notice=self.mic_play.hint or self._notice(),
            muted=self.app.settings.muted,
        )
        self._draw_invitation(surface)
        if self.watch_problems:
            self._draw_watch_problems(surface)

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
        side = max(120, min(w, h) // 3)
        # Room on the right for the pacer's "you" bar and its label.
        draw_pacer(target, pygame.Rect(w - side - 80, (h - side) // 2 - 20, side, side), view, pal, fonts)
        self.trace_layer.draw(
            target,
            pygame.Rect(24, h - 110, w - 48, 86),
            view.trace,
            pal,
            fonts=fonts,
            ghost=self.ghost.trace if self.ghost is not None else (),
            show_guide=self.level.show_pacer,
        )
        if target is not surface:
            target.set_alpha(round(255 * fade))
            surface.blit(target, (0, 0))

    def _draw_ending(self, surface: pygame.Surface) -> None:
        """A few words, fading in: the session is over, stay a moment; Enter for the results."""
        assert self.ending_s is not None
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        fade = 1.0 if self.app.settings.reduced_motion else min(1.0, max(0.0, (self.ending_s - 1.5) / 1.5))
        if fade <= 0:
            return
        alpha = round(255 * fade)
        draw_text(
            surface,
            "That was the last breath of the level. Stay with it a moment.",
            (w // 2, h - 100),
            34,
            pal.text,
            anchor="midbottom",
            fonts=fonts,
            alpha=alpha,
        )
        draw_text(
            surface,
            "Enter: see how it went",
            (w // 2, h - 60),
            28,
            pal.text_dim,
            anchor="midbottom",
            fonts=fonts,
            alpha=alpha,
        )

    def _draw_invitation(self, surface: pygame.Surface) -> None:
        """A gasp or an unasked hold gets a soft invitation, fading in: never a sound, never red."""
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        invitation = self.session.invitation
        plan = self.session.plan
        if invitation is not None:
            fade = min(1.0, max(0.0, (self.session.t - invitation.since_s) / 0.8))
            text = invitation.text
        elif plan is not None and plan.measuring and self.session.t >= 0:
            fade, text = 0.8, "Finding your pace: breathe the way you do, the guide will follow."
        else:
            return
        if self.app.settings.reduced_motion:
            fade = 1.0  # no fading animation, and the words stay readable
        draw_text(
            surface,
            text,
            (w // 2, h - 150),
            34,
            pal.text,
            anchor="midbottom",
            fonts=fonts,
            alpha=round(255 * fade),
        )

    def _how_to_breathe(self) -> str:
        if self.source.status().microphone:
            key = self.app.settings.breath_key.upper()
            return f"Breathe out toward the screen; the microphone hears you. {key} works too."
        return how_to_breathe(self.app)

    def _notice(self) -> str | None:
        return self.app.take_notice() if self.session.t < self._notice_until else None

    def _draw_watch_problems(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        box = pygame.Rect(20, 70, w - 40, min(h - 140, 60 + 34 * len(self.watch_problems[:6])))
        shade = pygame.Surface(box.size, pygame.SRCALPHA)
        shade.fill((*pal.panel, 235))
        surface.blit(shade, box)
        draw_text(
            surface,
            "The saved level has problems; still playing the last good version:",
            (box.left + 16, box.top + 10),
            30,
            pal.warn,
            fonts=fonts,
        )
        y = box.top + 46
        for line in self.watch_problems[:6]:
            y += draw_wrapped(
                surface, line, pygame.Rect(box.left + 16, y, box.width - 32, 60), 26, pal.text, fonts
            )

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
