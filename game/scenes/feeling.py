"""The before/after feeling: "How tense do you feel? 1 (at ease) - 5 (very tense)", one keypress, skippable.

Asked (when the setting is on) as a level opens, over its intro card, and after its results, on the way to
what Enter leads to. A digit 1-5 answers; Enter, Esc, the breath key or a pad's A/B skips; nothing else
does anything, and nothing waits on it. What the keys mean and the words are game/sim/feeling.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.records.history_record import SessionKey
from game.render.text import draw_text, fit_size, screen_scale
from game.scenes.base import Pop, Push, Replace, Scene, Transition
from game.scenes.ports import TakesFeeling
from game.sim.feeling import HIGH, LABELS, LOW, QUESTION, SKIP_WORDS, Moment, answer_for_key, heading
from game.window.input import Command, soft_key_for

if TYPE_CHECKING:
    from game.scenes.ports import FeelingNeeds


class FeelingScene(Scene):
    """The prompt. Over the scene below it (``backdrop=None``), or over ``backdrop`` drawn beneath.

    Args:
        moment: "before" or "after" (only the heading differs).
        on_answer: called once with 1-5, or None when skipped.
        then: where the prompt goes once answered or skipped.
        backdrop: a scene no longer on the stack to draw under the prompt (the results it followed).
    """

    capturing_key = True  # the digits are no commands: the prompt reads keys by name
    draws_mute_sign = False

    app: FeelingNeeds

    def __init__(
        self,
        app: FeelingNeeds,
        moment: Moment,
        *,
        on_answer: Callable[[int | None], None],
        then: Transition,
        backdrop: Scene | None = None,
    ) -> None:
        super().__init__(app)
        self.moment: Moment = moment
        self.on_answer = on_answer
        self.then = then
        self.backdrop = backdrop
        self.overlay = backdrop is None
        self.answer: int | None = None
        self.done = False

    def _finish(self, value: int | None) -> Transition | None:
        if self.done:
            return None
        self.done, self.answer = True, value
        self.on_answer(value)
        return self.then

    def capture_key(self, name: str) -> Transition | None:
        # The app hands every key here while the prompt waits, so the shared keys are kept working.
        if name == "m":
            self.app.toggle_mute()
            return None
        if name == "f11":
            self.app.toggle_fullscreen()
            return None
        breath = self.app.settings.breath_key
        got = answer_for_key(name, breath_keys=(breath, soft_key_for(breath)))
        if got.ignored:
            return None
        if got.skipped and name in (breath, soft_key_for(breath)) and not self.app.breath_may_confirm():
            return None  # the breath the player was taking as the prompt appeared never skips it
        return self._finish(got.value)

    def handle(self, command: Command) -> Transition | None:
        if command in (Command.CONFIRM, Command.BACK):  # a pad's A or B (keys come through capture_key)
            return self._finish(None)
        return None

    def breath_key(self, pressed: bool) -> Transition | None:
        return None  # presses are read by name in capture_key; a release changes nothing here

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        pal, fonts = self.app.palette, self.app.fonts
        if self.backdrop is not None:
            self.backdrop.draw(surface)
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((*pal.sky_top, 185))  # the screen beneath stays in view, quietly
        surface.blit(shade, (0, 0))
        k = screen_scale((w, h))
        m = max(12, round(40 * k))
        card = pygame.Rect(0, 0, min(w - 2 * m, round(860 * k)), 0)
        inner = card.width - 2 * round(28 * k)
        head_size = fit_size(heading(self.moment), inner, round(30 * k), fonts)
        ask_size = fit_size(QUESTION, inner, round(52 * k), fonts)
        label_size = round(26 * k)
        hint = f"Press {LOW}-{HIGH}        {SKIP_WORDS}"
        hint_size = fit_size(hint, inner, round(26 * k), fonts)
        n = HIGH - LOW + 1
        gap = round(18 * k)
        box = min(round(88 * k), (inner - gap * (n - 1)) // n)
        pad = round(20 * k)
        card.height = (
            pad
            + fonts.get(head_size).get_height()
            + round(8 * k)
            + fonts.get(ask_size).get_height()
            + round(22 * k)
            + box
            + round(8 * k)
            + fonts.get(label_size).get_height()
            + round(20 * k)
            + fonts.get(hint_size).get_height()
            + pad
        )
        card.center = (w // 2, h // 2)
        panel = pygame.Surface(card.size, pygame.SRCALPHA)
        pygame.draw.rect(panel, (*pal.panel, 252), panel.get_rect(), border_radius=max(8, round(16 * k)))
        surface.blit(panel, card)
        y = card.top + pad
        r = draw_text(
            surface,
            heading(self.moment),
            (card.centerx, y),
            head_size,
            pal.text_dim,
            anchor="midtop",
            fonts=fonts,
        )
        r = draw_text(
            surface,
            QUESTION,
            (card.centerx, r.bottom + round(8 * k)),
            ask_size,
            pal.text,
            anchor="midtop",
            fonts=fonts,
        )
        row_w = n * box + (n - 1) * gap
        left = card.centerx - row_w // 2
        top = r.bottom + round(22 * k)
        digit = round(box * 0.55)
        for i, value in enumerate(range(LOW, HIGH + 1)):
            cell = pygame.Rect(left + i * (box + gap), top, box, box)
            pygame.draw.rect(
                surface, pal.text_dim, cell, width=max(1, round(2 * k)), border_radius=round(10 * k)
            )
            draw_text(surface, str(value), cell.center, digit, pal.accent, anchor="center", fonts=fonts)
        label_y = top + box + round(8 * k)
        first, last = LABELS[LOW], LABELS[HIGH]
        draw_text(surface, first, (left, label_y), label_size, pal.text_dim, fonts=fonts)
        draw_text(
            surface, last, (left + row_w, label_y), label_size, pal.text_dim, anchor="topright", fonts=fonts
        )
        hint_y = label_y + fonts.get(label_size).get_height() + round(20 * k)
        draw_text(
            surface, hint, (card.centerx, hint_y), hint_size, pal.text_dim, anchor="midtop", fonts=fonts
        )


# -- the hooks the play and results scenes call --------------------------------------------------------------


def ask_before(app: FeelingNeeds, play: TakesFeeling) -> Transition:
    """The prompt over a level's opening; the answer goes into the play's history line."""
    return Push(FeelingScene(app, "before", on_answer=play.take_feeling_before, then=Pop()))


def ask_after(
    app: FeelingNeeds, saved: SessionKey | None, then: Transition, *, backdrop: Scene
) -> Transition:
    """``then``, or first the prompt when the setting is on and the session has a history line to join.

    Going straight on into another level, the answer also stands as that level's before-feeling (the same
    moment; asking twice in a row would only be a second question).
    """
    if saved is None or not app.settings.ask_feeling:
        return then

    def answered(value: int | None) -> None:
        if value is not None:
            app.history.add_feeling_after(saved.started_at, saved.level_id, value)
            app.notices.extend(n for n in app.history.notices if n not in app.notices)
        if isinstance(then, Replace) and isinstance(then.scene, TakesFeeling):
            then.scene.take_feeling_before(value)

    return Replace(FeelingScene(app, "after", on_answer=answered, then=then, backdrop=backdrop))
