"""The optional in-game calibration: a few quiet seconds, then a few breaths with the guide (in, out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pygame

from breath_input.mic import AudioFeed, MicUnavailable
from game.inputs.calibration_run import BREATHS_S, QUIET_S, check_result, guide_at, result_words
from game.render.text import TITLE, draw_text, draw_wrapped
from game.scenes.base import Pop, Replace, Scene, Transition
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import CalibrationNeeds


class CalibrationScene(Scene):
    """Steps: quiet -> breaths (paced by the guide) -> done (or a plain message when no microphone opens).
    Never required.

    Args:
        then: the scene to go on to when it ends (skipped or done); without it, back to the scene below.
        first_time: the check the first play with a microphone runs by itself: it says why, and Esc skips.
    """

    app: CalibrationNeeds

    def __init__(
        self, app: CalibrationNeeds, *, then: Callable[[], Scene] | None = None, first_time: bool = False
    ) -> None:
        super().__init__(app)
        self.then = then
        self.first_time = first_time
        self.step = "quiet"
        self.message = ""
        self.capture: AudioFeed | None = None
        self.blocks: list[np.ndarray] = []
        self.have = 0
        self.quiet: np.ndarray | None = None
        self.level_db: float | None = None  # loudness of the latest audio: the meter shows it is listening
        try:
            self.capture = app.inputs.capture()  # the run's microphone, shared with the plays
        except MicUnavailable as e:
            self.step, self.message = (
                "failed",
                f"{e} Calibration is never required: SPACE works just as well.",
            )

    def _collect(self, seconds: float) -> np.ndarray | None:
        """Audio by sample count; the whole stretch once `seconds` of it has arrived."""
        assert self.capture is not None
        fresh = self.capture.drain()
        for block in fresh:
            self.blocks.append(block)
            self.have += len(block)
        if fresh:  # the meter shows the latest block only
            last = fresh[-1]
            self.level_db = float(10.0 * np.log10(np.dot(last, last) / max(1, last.size) + 1e-12))
        if self.have < seconds * self.capture.sample_rate:
            return None
        audio = np.concatenate(self.blocks)
        self.blocks, self.have = [], 0
        return audio

    def update(self, dt: float) -> Transition | None:
        if self.capture is None or self.step in ("done", "failed"):
            return None
        problem = self.capture.problem()
        if problem:
            self._finish(f"{problem} Nothing was saved.")
            return None
        if self.step == "quiet":
            self.quiet = self._collect(QUIET_S)
            if self.quiet is not None:
                self.step = "breaths"
        elif self.step == "breaths":
            breaths = self._collect(BREATHS_S)
            if breaths is not None and self.quiet is not None:
                profile, adaptation = check_result(
                    self.quiet, breaths, self.capture.sample_rate, self.capture.device_name
                )
                self.quiet = None  # raw audio never outlives the measurement
                self.app.store.save_calibration(profile.device, profile.to_dict())
                named = f" ({profile.device})" if profile.device else ""
                self._finish(f"{result_words(profile, adaptation)} Saved for this microphone{named}.")
        return None

    def _finish(self, message: str) -> None:
        self.step, self.message = "done", message
        if self.capture is not None:
            self.capture.close()
            self.capture = None

    def handle(self, command: Command) -> Transition | None:
        if command in (Command.BACK, Command.CONFIRM) and self.step in ("done", "failed"):
            return self._leave_to()
        if command is Command.BACK:
            self._finish("Stopped. Nothing was saved.")
            return self._leave_to()
        return None

    def _leave_to(self) -> Transition:
        return Pop() if self.then is None else Replace(self.then())

    def breath_key(self, pressed: bool) -> Transition | None:
        return None

    def leave(self) -> None:
        if self.capture is not None:
            self.capture.close()
            self.capture = None

    def seconds_left(self) -> float:
        """Of the current step (quiet or breaths), by the audio heard so far."""
        if self.capture is None:
            return 0.0
        need = QUIET_S if self.step == "quiet" else BREATHS_S
        return max(0.0, need - self.have / self.capture.sample_rate)

    def guide(self) -> tuple[str, float]:
        """The guide's phase in the breaths step ("in" or "out") and its seconds left, by the audio heard."""
        heard = 0.0 if self.capture is None else self.have / self.capture.sample_rate
        return guide_at(heard)

    def _draw_listening(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        """A level meter (-70..-10 dBFS) and the seconds left: the player sees the check hears them."""
        pal, fonts = self.app.palette, self.app.fonts
        pygame.draw.rect(surface, pal.panel, bar, border_radius=bar.height // 2)
        if self.level_db is not None:
            share = min(1.0, max(0.0, (self.level_db + 70.0) / 60.0))
            lit = bar.copy()
            lit.width = max(bar.height, round(bar.width * share))
            pygame.draw.rect(surface, pal.player, lit, border_radius=bar.height // 2)
        left = self.seconds_left()
        waiting = "listening..." if self.level_db is None else f"{left:.0f} s left"
        draw_text(
            surface, waiting, (bar.centerx, bar.bottom + 12), 28, pal.text_dim, anchor="midtop", fonts=fonts
        )

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        surface.fill(pal.sky_top)
        draw_text(surface, "Microphone check", (w // 2, 60), TITLE, pal.text, anchor="midtop", fonts=fonts)
        lines = {
            "quiet": f"Stay quiet for {QUIET_S:g} seconds, so the game can hear the room.",
        }
        if self.step == "breaths":
            phase, left = self.guide()
            lines["breaths"] = (
                f"Breathe in... {left:.0f}"
                if phase == "in"
                else f"And breathe out, softly, toward the screen... {left:.0f}"
            )
        text = lines.get(self.step, self.message)
        if self.first_time and self.step in ("quiet", "breaths"):
            why = (
                f"The first time with a microphone: a {QUIET_S + BREATHS_S:g}-second check helps the game "
                "hear your breath in this room. It is optional."
            )
            draw_wrapped(surface, why, pygame.Rect(120, 150, w - 240, 120), 32, pal.text_dim, fonts)
        draw_wrapped(surface, text, pygame.Rect(120, h // 2 - 80, w - 240, 200), 44, pal.text, fonts)
        if self.capture is not None and self.step in ("quiet", "breaths"):
            self._draw_listening(surface, pygame.Rect(120, h // 2 + 90, w - 240, 22))
        if self.step in ("done", "failed"):
            footer = "Enter: play" if self.then is not None else "Enter or Esc: back"
        else:
            footer = "Esc: skip and play" if self.then is not None else "Esc: stop"
        draw_text(surface, footer, (w // 2, h - 40), 32, pal.text_dim, anchor="center", fonts=fonts)
