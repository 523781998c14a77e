"""The check-in: a minute of "just breathe as you are" by the lake, then a card in plain words.

No guide and no score: the lake's sail and a soft glow follow the breath, nothing leads it. P pauses (time
stops), Esc leaves at any moment without saving. A finished check-in is saved (Store.add_checkin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from breath_input.sources import BreathSource
from breath_input.types import Phase
from game.render.painters import make_painter
from game.render.text import Fonts, draw_text, wrap_lines
from game.render.view import FrameView
from game.scenes.base import Pop, Replace, Scene, Transition
from game.sim.checkin import DEFAULT_SECONDS, CheckinResult, CheckinSession, describe
from game.window.input import Command

if TYPE_CHECKING:
    from game.scenes.ports import CheckinNeeds

BODY_PT = 28  # the result card's words
INVITE_S = 8.0  # the opening words stay this long, then step back to a quiet line
# The player is still breathing when the card appears: for this long their breath key never leaves it
# (Enter does at once), so the next out-breath does not throw away what they came for.
CARD_BREATH_S = 5.0


def lines_centred(
    surface: pygame.Surface,
    text: str,
    y: int,
    size: int,
    colour: tuple[int, int, int],
    fonts: Fonts,
    *,
    upward: bool = False,
) -> None:
    """`text` wrapped to the screen's width (large text on a small window), each line centred; from `y` down,
    or ending at `y` when `upward`."""
    w = surface.get_width()
    lines = wrap_lines(text, max(80, w - 40), size, fonts)
    step = round(fonts.get(size).get_linesize() * 1.1)
    top = y - step * len(lines) if upward else y
    for i, line in enumerate(lines):
        draw_text(surface, line, (w // 2, top + i * step), size, colour, anchor="midtop", fonts=fonts)


def input_words(name: str, key: str) -> str:
    """A source's name as the card says it: "SPACE", "the microphone", "the recording x.wav"."""
    kind, _, rest = name.partition(":")
    if kind in ("keyboard", "keys"):
        return key
    if kind == "mic":
        return "the microphone"
    if kind == "wav":
        return f"the recording {rest}"
    return name


def checkin_record(result: CheckinResult, *, date: str, input_name: str) -> dict[str, object]:
    """What is kept of one check-in in the user's data folder."""
    return {"date": date, "input": input_name, **result.to_dict()}


class CheckinScene(Scene):
    draws_mute_sign = False
    app: CheckinNeeds

    def __init__(self, app: CheckinNeeds, *, seconds: float = DEFAULT_SECONDS) -> None:
        super().__init__(app)
        self.session = CheckinSession(seconds)
        self.painter = make_painter("lake", app.screen.get_size(), params={}, palette=app.palette, seed=21)
        self._source: BreathSource | None = None  # opened on entering, once the screen below let go
        self.paused = False
        self.saved: dict[str, object] | None = None  # the record written when the minute was over
        self.started_at = app.wall_clock().isoformat(timespec="seconds")
        self._glow = 0.0

    # -- the breath source -----------------------------------------------------------------------------
    @property
    def source(self) -> BreathSource:
        if self._source is None:
            self._source = self.app.inputs.open(None)  # no pacer: nothing to follow
        return self._source

    def enter(self) -> None:
        self.source.key(False, self.session.t)  # a key let go elsewhere must not stay "held" here

    def leave(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None

    # -- input ---------------------------------------------------------------------------------------------
    def handle(self, command: Command) -> Transition | None:
        if command is Command.BACK:
            return Pop()  # any time, nothing saved
        if command is Command.PAUSE:
            self._set_paused(not self.paused)
        elif command is Command.CONFIRM and self.paused:
            self._set_paused(False)
        return None

    def _set_paused(self, paused: bool) -> None:
        self.paused = paused
        if not paused:
            self.source.key(self.app.breath_held, self.session.t)  # the key as it is now, not as it was

    def breath_key(self, pressed: bool) -> Transition | None:
        if not self.paused:
            self.source.key(pressed, self.session.t)  # hold while breathing out, as in every level
        return None

    # -- time ----------------------------------------------------------------------------------------------
    def update(self, dt: float) -> Transition | None:
        if self.painter.size != self.app.screen.get_size():
            self.painter.resize(self.app.screen.get_size())
        if self.paused:
            # The minute stands still; a microphone's queue is still drained (at the same session time) so
            # it neither backs up nor drops sound. A recording or a script, read at a standing time, waits.
            self.source.read(self.session.t)
            return None
        self.session.step(dt, self.source)
        self._check_source()
        target = self.session.flow if self.session.reading.phase is Phase.EXHALE else 0.0
        self._glow += (target - self._glow) * 0.08  # slower than the flow: a glow, not a meter
        self.painter.update(self._view(), dt)
        result = self.session.result
        if result is None:
            return None
        self.saved = checkin_record(result, date=self.started_at, input_name=self.source.name)
        self.app.store.add_checkin(self.saved)
        return Replace(CheckinResultScene(self.app, result, input_name=self.source.name))

    def _check_source(self) -> None:
        """A microphone that stopped: go on with the breath key, as a level does, and say so."""
        reason = self.source.status().problem
        if reason:
            self.source.close()
            self._source = self.app.keyboard_source()
            self.app.notices.append(f"{reason} Using {self.app.settings.breath_key.upper()} instead.")

    def _view(self) -> FrameView:
        r = self.session.reading
        return FrameView(
            t=self.session.t,
            show_pacer=False,
            breath_phase=r.phase,
            flow=self.session.flow,
            confidence=r.confidence,
            breaths=len(self.session.breaths),
            calm=0.8,  # the scenery stays calm whatever the breath does: a check-in judges nothing
            reduced_motion=self.app.settings.reduced_motion,
        )

    # -- drawing ---------------------------------------------------------------------------------------------
    def _hint(self) -> str:
        key = self.app.settings.breath_key.upper()
        if self.source.status().listens:
            return f"Breathe as you normally do; the microphone listens. {key} works too."
        if self.app.settings.invert_breath_key:
            return f"Hold {key} while you breathe in; let go while you breathe out."
        return f"Hold {key} while you breathe out; let go while you breathe in."

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        self.painter.draw(surface, self._view())
        self._draw_glow(surface)
        t = self.session.t
        fade = 1.0 if self.app.settings.reduced_motion else max(0.35, min(1.0, 1.0 - (t - INVITE_S) / 2.0))
        draw_text(
            surface,
            "Just breathe as you are",
            (w // 2, h // 6),
            48,
            pal.text,
            anchor="center",
            fonts=fonts,
            alpha=round(255 * fade),
        )
        if t < INVITE_S or self.paused:
            lines_centred(
                surface,
                "No guide, nothing to get right: a minute to notice your breathing today.",
                h // 6 + 34,
                26,
                pal.text_dim,
                fonts,
            )
        lines_centred(surface, self._hint(), h - 66, 26, pal.text_dim, fonts, upward=True)
        self._draw_time(surface)
        draw_text(
            surface,
            "P  pause    Esc  leave",
            (w // 2, h - 16),
            22,
            pal.text_dim,
            anchor="midbottom",
            fonts=fonts,
        )
        notice = self.app.take_notice()
        if notice and t < 10.0:
            lines_centred(surface, notice, h // 6 + 90, 24, pal.warn, fonts)
        if self.paused:
            self._draw_paused(surface)

    def _draw_glow(self, surface: pygame.Surface) -> None:
        """A soft light over the water that swells with the out-breath and settles with the in-breath."""
        w, h = surface.get_size()
        base = max(24, min(w, h) // 9)
        grow = 0.0 if self.app.settings.reduced_motion else self._glow
        radius = round(base * (1.0 + 0.9 * grow))
        layer = pygame.Surface((radius * 2 + 2, radius * 2 + 2), pygame.SRCALPHA)
        colour = self.app.palette.exhale
        for i in range(12, 0, -1):  # rings from faint outside to brighter inside
            a = round((20 + 80 * self._glow) * (1.0 - i / 13.0) + 5)
            pygame.draw.circle(layer, (*colour, a), (radius + 1, radius + 1), max(1, round(radius * i / 12)))
        surface.blit(layer, (w // 2 - radius - 1, round(h * 0.42) - radius - 1))

    def _draw_time(self, surface: pygame.Surface) -> None:
        """A thin line filling over the minute: where the check-in is, without a ticking countdown."""
        w, h = surface.get_size()
        pal = self.app.palette
        span = min(420, w - 80)
        x0, y = (w - span) // 2, h - 100
        done = 0.0 if self.session.seconds <= 0 else min(1.0, self.session.t / self.session.seconds)
        pygame.draw.line(surface, pal.text_dim, (x0, y), (x0 + span, y), 1)
        pygame.draw.line(surface, pal.accent, (x0, y), (x0 + round(span * done), y), 3)

    def _draw_paused(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((*pal.panel, 180))
        surface.blit(shade, (0, 0))
        draw_text(surface, "Paused", (w // 2, h // 2 - 40), 52, pal.text, anchor="center", fonts=fonts)
        lines_centred(
            surface,
            "P or Enter: go on      Esc: leave (nothing is saved)",
            h // 2 + 16,
            28,
            pal.accent,
            fonts,
        )


class CheckinResultScene(Scene):
    """The card: the rate and where it sits, the out:in ratio, the steadiness, in plain words."""

    app: CheckinNeeds

    def __init__(self, app: CheckinNeeds, result: CheckinResult, *, input_name: str = "") -> None:
        super().__init__(app)
        self.result = result
        self.input_name = input_name
        self.words = describe(result, key=app.settings.breath_key.upper())
        self.painter = make_painter("lake", app.screen.get_size(), params={}, palette=app.palette, seed=21)
        self.age_s = 0.0

    def breath_key(self, pressed: bool) -> Transition | None:
        if self.age_s < CARD_BREATH_S:
            return None
        return super().breath_key(pressed)

    def handle(self, command: Command) -> Transition | None:
        if command in (Command.CONFIRM, Command.BACK):
            return Pop()
        if command is Command.CHECKIN:
            return Replace(CheckinScene(self.app, seconds=self.result.seconds))
        return None

    def update(self, dt: float) -> Transition | None:
        self.age_s += dt
        if self.painter.size != self.app.screen.get_size():
            self.painter.resize(self.app.screen.get_size())
        self.painter.update(self._view(), dt)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        self.painter.draw(surface, self._view())
        # The card fits its words: measure the wrapped lines first, then draw.
        width = min(960, w - 40)
        inner_w = width - 56
        body = fonts.get(BODY_PT)
        step = round(body.get_linesize() * 1.15)
        wrapped = [wrap_lines(line, inner_w, BODY_PT, fonts) for line in self.words.lines]
        text_h = sum(len(lines) * step + 6 for lines in wrapped)
        head_h = 18 + fonts.get(28).get_height() + 12 + fonts.get(44).get_height() + 20
        foot_h = fonts.get(22).get_height() + 24 if self.result.heard_enough else 12
        card = pygame.Rect(0, 0, width, min(h - 70, head_h + text_h + foot_h))
        card.center = (w // 2, (h - 40) // 2)
        shade = pygame.Surface(card.size, pygame.SRCALPHA)
        pygame.draw.rect(shade, (*pal.panel, 225), shade.get_rect(), border_radius=16)
        surface.blit(shade, card)
        top = card.top + 18
        r = draw_text(
            surface, "Your check-in", (card.centerx, top), 28, pal.text_dim, anchor="midtop", fonts=fonts
        )
        r = draw_text(
            surface,
            self.words.headline,
            (card.centerx, r.bottom + 12),
            44,
            pal.text,
            anchor="midtop",
            fonts=fonts,
        )
        y = r.bottom + 20
        for lines in wrapped:
            for line in lines:
                if y + body.get_height() > card.bottom - foot_h:
                    break
                draw_text(surface, line, (card.left + 28, y), BODY_PT, pal.text, fonts=fonts)
                y += step
            y += 6
        if self.result.heard_enough:
            key = self.app.settings.breath_key.upper()
            how = f" with {input_words(self.input_name, key)}" if self.input_name else ""
            if self.result.rate_from == "rhythm":
                facts = f"{self.result.seconds:.0f} s{how}, from the rhythm heard"
            else:
                facts = f"{self.result.seconds:.0f} s{how}, {self.result.breaths} out-breaths counted"
            draw_text(
                surface,
                facts,
                (card.centerx, card.bottom - 14),
                22,
                pal.text_dim,
                anchor="midbottom",
                fonts=fonts,
            )
        draw_text(
            surface,
            "Enter  back to the title    C  check in again",
            (w // 2, h - 16),
            26,
            pal.accent,
            anchor="midbottom",
            fonts=fonts,
        )

    def _view(self) -> FrameView:
        return FrameView(show_pacer=False, calm=0.8, reduced_motion=self.app.settings.reduced_motion)
