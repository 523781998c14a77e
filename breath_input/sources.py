"""Breath sources: everything that can tell the game what the breath is doing.

Every source answers `read(t)` with the reading at session time `t` (seconds; 0 is the start of the
first pacer cycle). The game calls it once per fixed step, on the main thread, with `t` never going
backwards. Keyboard, key scripts, synthetic breathers, recordings and the microphone all look the same
to the game, so every game path can be replayed in a test. The breath key reaches every source through
`key`; what a source knows about itself (device, levels, a problem) comes back from `status`.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from breath_input.types import BreathReading, Phase, SourceStatus

KEY_FLOW = 0.8  # a held key reads as a steady, full exhale
SOFT_KEY_FLOW = 0.35  # the soft key: a gentle one (the flame sways, the sail barely fills)
KEY_RISE_S = 0.25  # flow eases in and out so the scene breathes rather than snaps


class BreathSource(Protocol):
    """What the game needs from any breath input."""

    name: str

    def read(self, t: float) -> BreathReading:
        """The breath at session time `t` (called once per step, `t` non-decreasing).

        The reading's own `t` is the source's clock: for the microphone, the detector's sample clock, so the
        lag between hearing and showing can be measured in play.
        """
        ...

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        """The breath key went down or up at session time `t` (sources deaf to keys ignore it); `soft`: the
        soft key, for a gentle breath (a press of it while the breath key is held changes only the strength).
        """
        ...

    def status(self) -> SourceStatus:
        """Backend, device, levels, and a plain-words problem when the source stopped working."""
        ...

    def breaths_per_minute(self) -> float | None:
        """The source's own estimate of the breathing rate (audio sources), or None."""
        ...

    def close(self) -> None: ...


class PacerGuide(Protocol):
    """The pacer as a breather that follows it sees it: its exhales, planned so far (an adaptive pacer plans
    each cycle as it starts, so more appear as the play goes on)."""

    @property
    def planned(self) -> int:
        """How many cycles are planned so far."""
        ...

    def exhale_spans(self, start: int = 0) -> list[tuple[float, float]]:
        """(start_s, end_s) of each planned exhale from cycle `start` on."""
        ...


class SilentAboutItself:
    """The defaults for sources with nothing to report and no key to hear: no device, no problem."""

    backend = "none"

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        pass

    def status(self) -> SourceStatus:
        return SourceStatus(backend=self.backend)

    def breaths_per_minute(self) -> float | None:
        return None

    def close(self) -> None:
        pass


def _eased(since_s: float) -> float:
    """0 -> 1 over KEY_RISE_S: a soft ramp, not a step."""
    ramp = min(1.0, max(0.0, since_s) / KEY_RISE_S)
    return 0.5 - 0.5 * math.cos(math.pi * ramp)


def _eased_key_flow(held: bool, since_s: float) -> float:
    """Flow of a key held (or released) for `since_s` seconds."""
    eased = _eased(since_s)
    return KEY_FLOW * (eased if held else 1.0 - eased)


class KeyboardSource(SilentAboutItself):
    """Hold the breath key while breathing out, release while breathing in (or the reverse).

    Args:
        invert: True means "hold while breathing in" (a setting for players who prefer it).
    """

    name = "keyboard"
    backend = "keyboard"

    def __init__(self, *, invert: bool = False) -> None:
        self.invert = invert
        self._pressed = False
        self._changed_at = -1e9
        self._strength = KEY_FLOW  # the flow a held key reaches: full, or soft with the soft key
        self._from = 0.0 if not invert else KEY_FLOW  # the flow when the key last changed: ramps start there

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        """The breath key (or the soft key, `soft`) went down or up at session time `t`."""
        strength = SOFT_KEY_FLOW if soft else KEY_FLOW
        if pressed != self._pressed or (pressed and strength != self._strength):
            self._from = self._flow(t)
            self._pressed = pressed
            if pressed:
                self._strength = strength
            self._changed_at = t

    def _flow(self, t: float) -> float:
        target = self._strength if self._pressed != self.invert else 0.0
        return self._from + (target - self._from) * _eased(t - self._changed_at)

    def read(self, t: float) -> BreathReading:
        exhaling = self._pressed != self.invert
        flow = self._flow(t)
        # The key can't tell a hold from an inhale; a player who isn't exhaling is breathing in.
        phase = Phase.EXHALE if exhaling else Phase.INHALE
        return BreathReading(t=t, phase=phase, flow=flow, confidence=1.0)


class KeyScriptSource(SilentAboutItself):
    """A recorded or hand-written key script: SPACE held over each (down_s, up_s) span."""

    name = "keys"
    backend = "keys"

    def __init__(self, spans: Sequence[tuple[float, float]]) -> None:
        cleaned = sorted((float(a), float(b)) for a, b in spans if b > a)
        self._downs = [a for a, _ in cleaned]
        self._spans = cleaned

    @classmethod
    def from_file(cls, path: str | Path) -> KeyScriptSource:
        """Read `down_s up_s` pairs, one per line; blank lines and `#` comments are skipped."""
        spans: list[tuple[float, float]] = []
        for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.replace(",", " ").split()
            try:
                down, up = float(parts[0]), float(parts[1])
            except (IndexError, ValueError):
                raise ValueError(f"{path}:{number}: expected 'down_s up_s', got {raw.strip()!r}") from None
            if up <= down:
                raise ValueError(f"{path}:{number}: key released ({up}) before pressed ({down})")
            spans.append((down, up))
        return cls(spans)

    def _state_at(self, t: float) -> tuple[bool, float]:
        """(held, seconds since the last change) at time t."""
        i = bisect.bisect_right(self._downs, t) - 1
        if i < 0:
            first = self._downs[0] if self._downs else math.inf
            return False, t - min(first, 0.0) + 1e9
        down, up = self._spans[i]
        if t < up:
            return True, t - down
        return False, t - up

    def read(self, t: float) -> BreathReading:
        held, since = self._state_at(t)
        phase = Phase.EXHALE if held else Phase.INHALE
        return BreathReading(t=t, phase=phase, flow=_eased_key_flow(held, since), confidence=1.0)


BREATHERS = ("calm", "shallow", "anxious", "erratic")


@dataclass(frozen=True, slots=True)
class _Exhale:
    start: float
    end: float
    peak: float


class SyntheticBreather(SilentAboutItself):
    """A simulated player, for previews and tests. Deterministic for a given seed.

    Kinds:
        calm: follows the pacer's exhales closely, soft and tapering. An adaptive pacer plans its cycles as
            it goes: a breather given the `pacer` itself picks up each new one as it is planned.
        shallow: short, weak exhales at a quick pace, ignoring the pacer.
        anxious: fast breathing (about 18/min), exhales shorter than inhales, forceful.
        erratic: random exhale and gap lengths.

    Args:
        kind: one of BREATHERS.
        guide: fixed exhale spans (start_s, end_s) in session time for calm to follow.
        pacer: the play's pacer; calm follows its exhales, planned so far and to come.
        seed: seed for the breather's own random.Random.
    """

    name = "synthetic"
    backend = "synthetic"

    def __init__(
        self,
        kind: str,
        *,
        guide: Sequence[tuple[float, float]] = (),
        pacer: PacerGuide | None = None,
        seed: int = 1,
    ) -> None:
        if kind not in BREATHERS:
            raise ValueError(f"unknown breather {kind!r}; choose one of {', '.join(BREATHERS)}")
        self.kind = kind
        self.name = f"synthetic:{kind}"
        self._rng = random.Random(seed)
        self._pacer = pacer
        self._known = pacer.planned if pacer is not None else 0  # pacer cycles already planned for
        spans = list(guide) if pacer is None else pacer.exhale_spans()
        self._guided = self.kind == "calm" and bool(spans)
        self._exhales = self._plan(spans)
        self._starts = [e.start for e in self._exhales]
        self._guide_end = max((start for start, _ in spans), default=-math.inf)

    def _follow_pacer(self) -> None:
        """Plan along the pacer's cycles planned since the last look (only a calm, guided breather)."""
        if self._pacer is None or self._pacer.planned <= self._known:
            return
        spans = self._pacer.exhale_spans(self._known)
        self._known = self._pacer.planned
        if not self._guided:
            return
        new = [(a, b) for a, b in spans if a > self._guide_end]
        if not new:
            return
        self._guide_end = max(a for a, _ in new)
        more = self._plan(new)
        self._exhales.extend(more)
        self._starts.extend(e.start for e in more)

    def _plan(self, guide: list[tuple[float, float]], horizon_s: float = 4 * 3600.0) -> list[_Exhale]:
        rng = self._rng
        plan: list[_Exhale] = []
        if self.kind == "calm" and guide:
            for start, end in guide:
                lag = 0.15 + rng.uniform(0.0, 0.2)
                length = (end - start) * rng.uniform(0.92, 1.0)
                plan.append(_Exhale(start + lag, start + lag + length, rng.uniform(0.45, 0.6)))
            return plan
        t = 0.5
        while t < horizon_s:
            if self.kind == "calm":
                exhale, gap, peak = rng.uniform(5.5, 6.5), rng.uniform(3.8, 4.2), rng.uniform(0.45, 0.6)
            elif self.kind == "shallow":
                exhale, gap, peak = rng.uniform(1.6, 2.2), rng.uniform(1.3, 1.7), rng.uniform(0.2, 0.3)
            elif self.kind == "anxious":
                exhale, gap, peak = rng.uniform(1.1, 1.4), rng.uniform(1.9, 2.2), rng.uniform(0.85, 1.0)
            else:
                exhale, gap, peak = rng.uniform(0.4, 5.0), rng.uniform(0.3, 4.5), rng.uniform(0.2, 1.0)
            plan.append(_Exhale(t, t + exhale, peak))
            t += exhale + gap
        return plan

    def read(self, t: float) -> BreathReading:
        self._follow_pacer()
        i = bisect.bisect_right(self._starts, t) - 1
        if i >= 0 and t < self._exhales[i].end:
            e = self._exhales[i]
            x = (t - e.start) / (e.end - e.start)
            # A soft rise then a long taper: the shape of an unforced out-breath.
            shape = min(1.0, x / 0.12) * (1.0 - 0.7 * x) if self.kind != "anxious" else 1.0 - 0.5 * x
            return BreathReading(t=t, phase=Phase.EXHALE, flow=e.peak * max(0.05, shape), confidence=0.95)
        return BreathReading(t=t, phase=Phase.INHALE, flow=0.0, confidence=0.95)


class WithKeyboard:
    """Another source (the microphone) with the breath key as a safety net: while the key is held, the key
    speaks; otherwise the source does."""

    def __init__(self, primary: BreathSource, keyboard: KeyboardSource) -> None:
        self.primary = primary
        self.keyboard = keyboard
        self.name = primary.name
        self._held = False

    def key(self, pressed: bool, t: float, *, soft: bool = False) -> None:
        self._held = pressed
        self.keyboard.key(pressed, t, soft=soft)

    def read(self, t: float) -> BreathReading:
        heard = self.primary.read(t)  # always read, so the microphone's queue never backs up
        return self.keyboard.read(t) if self._held else heard

    def status(self) -> SourceStatus:
        return self.primary.status()

    def breaths_per_minute(self) -> float | None:
        return self.primary.breaths_per_minute()

    def close(self) -> None:
        self.primary.close()
