"""Composition root: pygame, the screen, the scene stack, the breath source and real (or virtual) time.

The only place that wires real devices and real time. Everything it drives is replayable.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pygame

from breath_input.gamepad import TriggerState
from breath_input.sources import KeyboardSource
from game.inputs.native_noise import quiet_native_stderr
from game.inputs.source_provider import CaptureOpener, SourceBuilder, SourceProvider, keyboard_builder
from game.records.catalog import Catalog
from game.records.history import History
from game.records.storage import Store
from game.render.hud import draw_mute_sign
from game.render.palette import Palette, get_palette
from game.render.text import Fonts
from game.scenes.base import BREATH_CONFIRM_GRACE_S, Pop, Push, Quit, Replace, Scene, Transition
from game.scenes.navigator import Navigator
from game.sim.loop import STEP_S, FixedStep
from game.sim.timing import ManualTime, RealTime, TimeSource
from game.window.audio import Cues
from game.window.gamepad import open_pads
from game.window.input import Command, FrameInput, InputReader

if TYPE_CHECKING:
    from breath_input.calibration_profile import CalibrationProfile
    from game.content.breathe_now import Practice

WINDOW_SIZE = (1280, 720)


BIN_MS = 0.01  # p99 to a hundredth of a millisecond


@dataclass
class FrameStats:
    """Time spent on update + draw for each frame (sleep and flip excluded), in ms.

    A running sum and a histogram rather than a list: an hour-long session keeps memory flat.
    """

    count: int = 0
    total_ms: float = 0.0
    bins: Counter[int] = field(default_factory=Counter)
    samples: list[float] | None = None  # benchmarks set a list to keep every frame's time
    last_ms: float = 0.0

    def add(self, ms: float) -> None:
        if self.samples is not None:
            self.samples.append(ms)
        self.last_ms = ms
        self.count += 1
        self.total_ms += ms
        self.bins[int(ms / BIN_MS)] += 1

    def summary(self) -> dict[str, float]:
        if not self.count:
            return {"mean": 0.0, "p99": 0.0}
        rank, seen = min(self.count - 1, int(0.99 * self.count)), 0
        p99 = 0.0
        for b in sorted(self.bins):
            seen += self.bins[b]
            if seen > rank:
                p99 = (b + 1) * BIN_MS
                break
        return {"mean": round(self.total_ms / self.count, 3), "p99": round(p99, 3)}


class App:
    """Owns the window and the scene stack, and is what every scene is handed: each scene sees it only
    through the ports it names (`game/scenes/ports.py`), and asks for the next screen through `screens`."""

    def __init__(
        self,
        *,
        store: Store,
        catalog: Catalog,
        source_builder: SourceBuilder | None = None,
        device: str | None = None,
        open_capture: CaptureOpener | None = None,
        headless: bool = False,
        size: tuple[int, int] = WINDOW_SIZE,
        time_source: TimeSource | None = None,
    ) -> None:
        if headless:
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            os.environ["SDL_AUDIODRIVER"] = "dummy"
        with quiet_native_stderr():  # SDL, ALSA and JACK probing for devices print to fd 2
            pygame.init()
        self.headless = headless
        self.draws = True  # a headless report-only play (play --headless --no-draw) skips drawing frames
        self.store = store
        self.history = History(store.folder)
        self.wall_clock: Callable[[], datetime] = lambda: (
            datetime.now().astimezone()
        )  # real time lives here only
        self.catalog = catalog
        self.settings = store.settings
        self.time: TimeSource = time_source or (ManualTime() if headless else RealTime())
        self.notices: list[str] = list(store.notices)
        self.gamepad = TriggerState()  # a pad's axes, written from its events each frame
        self._named_key = self.settings.breath_key.upper()  # the key today's notices name
        self._pads = open_pads(self.gamepad)  # kept: SDL stops a pad's events when it is let go
        # The run's breath input: each play's source, and the one microphone shared by plays and checks.
        self.inputs = SourceProvider(
            source_builder or keyboard_builder,
            settings=self.settings,
            notices=self.notices,
            calibration_for=self.calibration_for,
            device=device,
            open_capture=open_capture,
            gamepad=self.gamepad,
        )
        self.flags = pygame.RESIZABLE
        pygame.display.set_caption("Exhale")
        self.screen = pygame.display.set_mode(size, self.flags)
        if self.settings.fullscreen and not headless:
            self.toggle_fullscreen(save=False)
        self.fonts = Fonts(1.25 if self.settings.large_text else 1.0)
        self.palette: Palette = get_palette(self.settings.palette)
        self.cues = Cues(volume=self.settings.volume, muted=self.settings.muted)
        self.input = InputReader(self.settings.breath_key)
        self.stack: list[Scene] = []
        self.practice: Practice | None = None  # the last "breathe now" choices, kept for the run
        self.screens = Navigator(self)  # builds the next screen a scene asks for
        # The breath key as a confirm key: only a fresh press, a moment after a screen appears (see
        # breath_may_confirm). A breath held or repeated through a transition never advances a screen.
        self.breath_held = False
        self.breath_soft = False  # the breath is held with the soft key alone (a gentle breath)
        self.top_age_s = 0.0  # game seconds since the top scene became the top
        self._armed_at: float | None = 0.0  # top_age_s when the breath key was first up on the top scene
        self._top: Scene | None = None
        self.stats = FrameStats()
        # 0..1 into the next fixed step when a frame is drawn: painters interpolate motion by it, so the
        # scene moves smoothly whatever the display's refresh rate (a 144 Hz screen draws between steps).
        self.draw_alpha = 0.0
        self.frames = 0
        self.running = False
        self.stop_signal: int | None = (
            None  # SIGTERM or SIGINT received during `run`: quit as the window would
        )

    # -- services for scenes ---------------------------------------------------------------------------
    def apply_settings(self) -> None:
        """Re-read settings after the settings screen changed them, and save them."""
        self.fonts = Fonts(1.25 if self.settings.large_text else 1.0)
        self.palette = get_palette(self.settings.palette)
        self.cues.muted = self.settings.muted
        self.cues.volume = self.settings.volume
        self.input = InputReader(self.settings.breath_key)
        self.store.save_settings()
        self.notices.extend(self.store.notices[len(self.notices) :])
        self._forget_key_notices()

    def _forget_key_notices(self) -> None:
        """The breath key changed: notices naming the old one ("playing with B.") are out of date, so they
        go; the next play says again what it plays with, naming the key in use now."""
        key = self.settings.breath_key.upper()
        old, self._named_key = self._named_key, key
        if old == key:
            return
        stale = [n for n in self.notices if f" {old} " in f" {n.rstrip('.')} "]
        for notice in stale:
            self.notices.remove(notice)
        if stale:
            self.inputs.told_no_microphone = False

    def toggle_mute(self) -> None:
        self.settings.muted = not self.settings.muted
        self.cues.muted = self.settings.muted
        if self.settings.muted:
            self.cues.ambient(False)
        self.store.save_settings()

    def toggle_fullscreen(self, *, save: bool = True) -> None:
        if self.headless:
            return
        pygame.display.toggle_fullscreen()
        if save:
            self.settings.fullscreen = not self.settings.fullscreen
            self.store.save_settings()

    def all_notices(self) -> list[str]:
        """Everything the player has been told: the app's own notices and the save's."""
        return self.notices + [n for n in self.store.notices if n not in self.notices]

    def take_notice(self) -> str | None:
        """The newest notice, for the corner of the screen."""
        notices = self.all_notices()
        return notices[-1] if notices else None

    def calibration_for(self, device: str) -> CalibrationProfile | None:
        """The saved calibration profile for an input device, or None (calibration is never required)."""
        raw = self.store.calibration.get(device)
        if not isinstance(raw, dict):
            return None
        from breath_input.calibration_profile import (
            CalibrationProfile,  # the detector loads only when a mic is used
        )

        try:
            return CalibrationProfile.from_dict(raw)
        except (KeyError, TypeError, ValueError):
            return None

    def keyboard_source(self) -> KeyboardSource:
        return self.inputs.keyboard()

    def breath_may_confirm(self) -> bool:
        """May a breath-key press confirm on the top screen now?

        Only BREATH_CONFIRM_GRACE_S after the screen appeared with the key up, or after the key held
        into the screen was released: a breath carried over from the level, or a quick press right after
        the change, never skips a screen. Enter always confirms.
        """
        return self._armed_at is not None and self.top_age_s - self._armed_at >= BREATH_CONFIRM_GRACE_S - 1e-9

    def _note_top(self) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not self._top:
            self._top = top
            self.top_age_s = 0.0
            self._armed_at = None if self.breath_held else 0.0

    # -- the stack ---------------------------------------------------------------------------------------
    def apply(self, transition: Transition | None) -> None:
        if transition is None:
            return
        try:
            self._apply(transition)
        finally:
            self._note_top()

    def _apply(self, transition: Transition) -> None:
        if isinstance(transition, Quit):
            self.running = False
        elif isinstance(transition, Push):
            self.stack.append(transition.scene)
            transition.scene.enter()
        elif isinstance(transition, Replace):
            if self.stack:
                self.stack.pop().leave()
            self.stack.append(transition.scene)
            transition.scene.enter()
        elif isinstance(transition, Pop):
            for _ in range(transition.count):
                if self.stack:
                    self.stack.pop().leave()
            if self.stack:
                self.stack[-1].enter()
            else:
                self.running = False

    def _global(self, command: Command) -> bool:
        """Commands every screen shares. True when handled here."""
        if command is Command.FULLSCREEN:
            self.toggle_fullscreen()
            return True
        if command is Command.MUTE:
            self.toggle_mute()
            return True
        return False

    def draw(self) -> None:
        # Draw from the last opaque scene up, so overlays (pause) sit on what they cover.
        start = len(self.stack) - 1
        while start > 0 and self.stack[start].overlay:
            start -= 1
        for scene in self.stack[start:]:
            scene.draw(self.screen)
        if self.settings.muted and self.stack and not self.stack[-1].draws_mute_sign:
            margin = max(6, round(24 * self.fonts.scale))
            draw_mute_sign(self.screen, (self.screen.get_width() - margin, margin), self.palette, self.fonts)

    def frame(self, elapsed_s: float, stepper: FixedStep, scripted: FrameInput | None = None) -> None:
        """One frame: input, fixed steps, draw.

        Args:
            scripted: this frame's input, given instead of reading pygame's events (tests and replays
                drive the real loop with it).
        """
        began = time.perf_counter()  # for the frame-time figures only; game time comes from self.time
        frame_input = scripted if scripted is not None else self.input.poll()
        if frame_input.resized:
            self.screen = pygame.display.get_surface() or self.screen
        top = self.stack[-1] if self.stack else None
        if top is not None and top.capturing_key and frame_input.key_names:
            # A screen waiting for "press the key you want" takes the next key, whatever it is.
            self.apply(top.capture_key(frame_input.key_names[0]))
            frame_input.commands = [c for c in frame_input.commands if c is Command.QUIT]
            frame_input.breath_changes = []
        if self.stop_signal is not None:
            frame_input.commands = [Command.QUIT]  # a stop signal ends the run as closing the window does
        for command in frame_input.commands:
            if command is Command.QUIT:
                for scene in reversed(self.stack):
                    scene.leave()
                self.stack.clear()
                self.running = False
                return
            if not self._global(command) and self.stack:
                self.apply(self.stack[-1].handle(command))
        for axis, value in frame_input.axes:
            self.gamepad.motion(axis, value)
        if frame_input.pads_changed:
            self._pads = open_pads(self.gamepad)
        for i, pressed in enumerate(frame_input.breath_changes):
            soft = i < len(frame_input.breath_soft) and frame_input.breath_soft[i]
            self.breath_soft = pressed and soft
            if pressed and self.breath_held:  # the soft key with the breath key: only the strength changed
                if self.stack and self.stack[-1].hears_breath_strength:
                    self.stack[-1].breath_key(True)
                continue
            self.breath_held = pressed
            if self.stack:
                transition = self.stack[-1].breath_key(pressed)
                if not pressed and self._armed_at is None:
                    self._armed_at = self.top_age_s  # held into this screen, now let go: the grace starts
                self.apply(transition)
        for _ in range(stepper.advance(elapsed_s)):
            if not self.stack or not self.running:
                break
            self.top_age_s += STEP_S
            self.apply(self.stack[-1].update(STEP_S))
        if self.stack and self.running:
            if self.draws:
                self.draw_alpha = stepper.alpha  # how far into the next step this frame is drawn
                self.draw()
            self.stats.add((time.perf_counter() - began) * 1000.0)
            self.frames += 1

    def run(
        self, first: Scene, *, max_frames: int | None = None, on_frame: Callable[[App], None] | None = None
    ) -> None:
        """Run until the stack empties or Quit. Headless runs take one fixed step per frame, flat out."""
        self.running = True
        with _stop_signals(self):
            self._run(first, max_frames=max_frames, on_frame=on_frame)

    def _run(self, first: Scene, *, max_frames: int | None, on_frame: Callable[[App], None] | None) -> None:
        self.apply(Push(first))
        stepper = FixedStep()
        clock = pygame.time.Clock()
        last = self.time.now()
        while self.running and (max_frames is None or self.frames < max_frames):
            if isinstance(self.time, ManualTime):
                self.time.advance(STEP_S)
            now = self.time.now()
            self.frame(now - last, stepper)
            last = now
            if on_frame is not None:
                on_frame(self)
            if not self.headless:
                pygame.display.flip()
            if not isinstance(self.time, ManualTime):
                clock.tick(60)  # a live source (microphone) runs headless at real time too

    def close(self) -> None:
        """Leave every scene still open (an unfinished level is kept as abandoned), close the microphone,
        then shut pygame down."""
        while self.stack:
            self.stack.pop().leave()
        self.inputs.close()
        pygame.quit()


class _stop_signals:
    """While `App.run` runs: SIGTERM and SIGINT set `app.stop_signal`, and the next frame quits as closing the
    window does (every scene left, so an unfinished level is saved as abandoned; headless runs then write
    their report). A second signal before that frame falls back to the signal's old handler.

    Runs on the main thread only (Python delivers signals there); elsewhere it changes nothing.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, app: App) -> None:
        self.app = app
        self.old: dict[int, Any] = {}

    def _handle(self, signum: int, frame: Any) -> None:
        if self.app.stop_signal is None:
            self.app.stop_signal = signum
            return
        old = self.old.get(signum)
        if callable(old):
            old(signum, frame)
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    def __enter__(self) -> _stop_signals:
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.old[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, old in self.old.items():
            signal.signal(signum, old if old is not None else signal.SIG_DFL)
