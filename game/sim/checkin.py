"""The check-in: a minute of unguided breathing, and what it says about today's breathing, in plain words.

Pure: readings in (from any breath source), figures and words out. Breaths are segmented by the same
BreathTracker a play uses; rate and steadiness are the same measures the results screen reports.

Two ways to the rate, because one is not enough on real microphones:
- counted: sure exhales, one by one (the breath key, a synthetic breather, a clear near microphone);
- heard: the detector's own rhythm estimate (the periodicity of the breath sound over the last minute),
  which holds up where single breaths cannot be told apart (a stethoscope-like or far microphone, quiet
  in-breaths). When a source hears a rhythm and the counted breaths disagree with it, the rhythm wins and the
  figures that need single breaths (ratio, steadiness) are left unsaid rather than guessed.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from breath_input.sources import BreathSource
from breath_input.types import QUIET, BreathReading
from game.content.model import Level
from game.sim.breaths import Breath, BreathTracker
from game.sim.pacer import Pacer
from game.sim.scoring import breaths_per_minute, steadiness

DEFAULT_SECONDS = 60.0
RESTING_LOW_BPM = 8.0  # the resting range most adults breathe in, about 8-16 a minute
RESTING_HIGH_BPM = 16.0
QUICK_BPM = 20.0  # above this: "quicker than the usual range", not merely "a little quicker"
MIN_BREATHS = 4  # three whole cycles; fewer sure breaths than this and no rhythm heard: we cannot tell
FULL_COUNT = 5  # this many sure breaths make a counted rate fully trusted
RATE_AGREE_BPM = 2.0  # counted and heard rates this close are the same rhythm
MIN_CONFIDENCE = 0.5  # below this the check-in says it could not hear enough
STABLE_S = 10.0  # the rhythm heard must hold over the last ten seconds
OCTAVE_WEIGHT = 0.5  # an estimate at half or double the rate: the same rhythm, its speed in doubt
HEARD_EVERY_S = 1.0  # how often the source's own rate is asked (cheap, but not every step)
FLOW_SMOOTH = 0.25  # as in a play: calm motion without visible lag


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """What one check-in measured.

    Attributes:
        seconds: length of the check-in.
        breaths_per_minute: the natural rate, or None when it could not be told.
        exhale_inhale_ratio: mean out-breath length over mean in-breath length (the in-breath includes any
            pause before the next out-breath); None without single breaths to measure.
        steadiness: 0..1, 1 when every breath cycle (start to start) is the same length, falling to 0 as
            the spread of cycle lengths (standard deviation over mean) reaches 0.4; None under 4 breaths.
        breaths: breaths in the check-in (counted, or from the rhythm heard when they could not be counted).
        confidence: 0..1 how sure the figures are.
        rate_from: "breaths" (counted one by one), "rhythm" (the detector's rhythm) or "none".
    """

    seconds: float
    breaths_per_minute: float | None
    exhale_inhale_ratio: float | None
    steadiness: float | None
    breaths: int
    confidence: float
    rate_from: str

    @property
    def heard_enough(self) -> bool:
        return self.breaths_per_minute is not None and self.confidence >= MIN_CONFIDENCE

    @property
    def range(self) -> str:
        """Where the rate sits: "slower", "within", "a little quicker", "quicker", or "unknown"."""
        rate = self.breaths_per_minute
        if rate is None or not self.heard_enough:
            return "unknown"
        rate = shown_rate(rate)  # judged as the headline says it: "About 8" is never "slower than 8-16"
        if rate < RESTING_LOW_BPM:
            return "slower"
        if rate <= RESTING_HIGH_BPM:
            return "within"
        return "a little quicker" if rate <= QUICK_BPM else "quicker"

    def to_dict(self) -> dict[str, object]:
        def r(x: float | None, nd: int = 2) -> float | None:
            return None if x is None else round(x, nd)

        return {
            "seconds": round(self.seconds, 2),
            "breaths_per_minute": r(self.breaths_per_minute, 1),
            "exhale_inhale_ratio": r(self.exhale_inhale_ratio),
            "steadiness": r(self.steadiness),
            "breaths": self.breaths,
            "confidence": r(self.confidence),
            "heard_enough": self.heard_enough,
            "rate_from": self.rate_from,
            "range": self.range,
        }


def _heard_stability(heard: Sequence[tuple[float, float | None]], rate: float, seconds: float) -> float:
    """Share of the rhythm estimates over the last seconds that name the same rhythm as the final one.

    An estimate at half or double the final rate counts half: the same rhythm, heard with its in- and
    out-breath alike, so its speed is in doubt (the detector's usual slip). The window and the weight were
    chosen on half of the rrujo-dev subjects (tests/bench/bench_checkin.py scores the other half apart).
    """
    late = [bpm for t, bpm in heard if t >= seconds - min(STABLE_S, seconds / 2)]
    if not late:
        return 0.0
    score = 0.0
    for bpm in late:
        if bpm is None:
            continue
        if abs(bpm - rate) <= RATE_AGREE_BPM:
            score += 1.0
        elif abs(bpm - 2 * rate) <= 2 * RATE_AGREE_BPM or abs(bpm - rate / 2) <= RATE_AGREE_BPM / 2:
            score += OCTAVE_WEIGHT
    return score / len(late)


def analyse(
    breaths: Sequence[Breath], seconds: float, heard: Sequence[tuple[float, float | None]] = ()
) -> CheckinResult:
    """The check-in's figures from its breaths and the source's own rate estimates.

    Args:
        breaths: the breaths the tracker closed (only sure ones are used).
        seconds: the check-in's length.
        heard: (time, breaths/min or None) from the source's own rate estimate, oldest first; empty for
            sources that do not listen (keys, synthetic).
    """
    sure = [b for b in breaths if b.sure]
    counted = breaths_per_minute(sure, seconds) if len(sure) >= MIN_BREATHS else None
    heard_rate = heard[-1][1] if heard else None
    if heard_rate is not None and (counted is None or abs(counted - heard_rate) > RATE_AGREE_BPM):
        return CheckinResult(
            seconds=seconds,
            breaths_per_minute=heard_rate,
            exhale_inhale_ratio=None,
            steadiness=None,
            breaths=round(heard_rate * seconds / 60.0),
            confidence=_heard_stability(heard, heard_rate, seconds),
            rate_from="rhythm",
        )
    if counted is None:
        return CheckinResult(seconds, None, None, None, len(sure), 0.0, "none")
    paired = [b for b in sure if b.inhale_s]
    inhale = sum(b.inhale_s or 0.0 for b in paired)
    ratio = sum(b.exhale_s for b in paired) / inhale if inhale > 0 else None
    confidence = statistics.fmean(b.confidence for b in sure) * min(1.0, len(sure) / FULL_COUNT)
    if heard_rate is not None:  # the rhythm heard agrees with the breaths counted: two witnesses
        confidence = max(confidence, _heard_stability(heard, heard_rate, seconds))
    return CheckinResult(
        seconds=seconds,
        breaths_per_minute=counted,
        exhale_inhale_ratio=ratio,
        steadiness=steadiness(sure),
        breaths=len(sure),
        confidence=min(1.0, confidence),
        rate_from="breaths",
    )


def _free_breathing(seconds: float) -> Pacer:
    # BreathTracker measures sync against a pacer; a check-in has no guide, so it gets a silent one whose
    # sync and fullness figures nobody reads.
    return Pacer(Level(id="checkin", title="Check-in", duration_s=seconds, show_pacer=False))


class CheckinSession:
    """One check-in, step by step: `step(dt, source)` once per fixed step until `finished`."""

    def __init__(self, seconds: float = DEFAULT_SECONDS) -> None:
        if not seconds > 0:
            raise ValueError(f"a check-in needs a length above 0 s, got {seconds!r}")
        self.seconds = float(seconds)
        self.tracker = BreathTracker(_free_breathing(self.seconds))
        self.t = 0.0
        self.reading: BreathReading = QUIET
        self.flow = 0.0
        self.heard: list[tuple[float, float | None]] = []
        self._next_heard = HEARD_EVERY_S
        self._listens: bool | None = None
        self.result: CheckinResult | None = None

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def left_s(self) -> float:
        return max(0.0, self.seconds - self.t)

    @property
    def breaths(self) -> list[Breath]:
        return self.tracker.breaths

    def step(self, dt: float, source: BreathSource) -> None:
        if self.result is not None:
            return
        if self._listens is None:
            self._listens = source.status().listens  # only sources that hear sound have a rhythm of their own
        done = self.t + dt >= self.seconds - 1e-6  # steps of 1/60 s land on the end within rounding
        self.t = self.seconds if done else self.t + dt
        reading = source.read(self.t)
        self.reading = reading
        self.flow += (reading.flow - self.flow) * FLOW_SMOOTH
        if done:
            self.tracker.finish(self.seconds)
        else:
            self.tracker.feed(reading, self.t)
        if self._listens and (done or self.t >= self._next_heard):
            self.heard.append((self.t, source.breaths_per_minute()))
            self._next_heard += HEARD_EVERY_S
        if done:
            self.result = analyse(self.breaths, self.seconds, self.heard)


def analyse_readings(readings: Sequence[BreathReading], seconds: float | None = None) -> CheckinResult:
    """A check-in over readings already taken (at their own `t`), with no rhythm estimate: tests, tools."""
    length = seconds if seconds is not None else (readings[-1].t if readings else 0.0)
    tracker = BreathTracker(_free_breathing(max(length, 1e-3)))
    for r in readings:
        if r.t < length:
            tracker.feed(r, r.t)
    tracker.finish(length)
    return analyse(tracker.breaths, length)


# -- words ---------------------------------------------------------------------------------------------------

_RANGE_WORDS = {
    "slower": "Slower than the usual resting range (about 8-16 a minute): an unhurried rhythm today.",
    "within": "Within the resting range most adults breathe in (about 8-16 a minute).",
    "a little quicker": "A little quicker than the usual resting range (about 8-16 a minute) today.",
    "quicker": "Quicker than the usual resting range (about 8-16 a minute) today. Talking, moving or a busy "
    "moment can do that; a few slow out-breaths may help, if you like.",
}


@dataclass(frozen=True, slots=True)
class CheckinWords:
    headline: str
    lines: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"headline": self.headline, "lines": list(self.lines)}


def describe(result: CheckinResult, *, key: str = "SPACE") -> CheckinWords:
    """The result card in plain, non-medical words: what was measured and where it sits, never a verdict."""
    if not result.heard_enough:
        return CheckinWords(
            "Could not hear enough to tell this time",
            (
                "That happens: quiet breaths, a far microphone or a noisy room.",
                f"Try again closer to the microphone, or hold {key} while you breathe out.",
            ),
        )
    assert result.breaths_per_minute is not None
    lines = [_RANGE_WORDS[result.range]]
    ratio = result.exhale_inhale_ratio
    if ratio is not None:
        if ratio >= 1.2:
            lines.append(
                f"Your out-breaths were longer than your in-breaths ({ratio:.1f}:1), a settling pattern."
            )
        elif ratio >= 0.8:
            lines.append(f"Your in- and out-breaths were about the same length ({ratio:.1f}:1).")
        else:
            lines.append(f"Your out-breaths were shorter than your in-breaths ({ratio:.1f}:1).")
    s = result.steadiness
    if s is not None:
        if s >= 0.75:
            lines.append("A steady rhythm from breath to breath.")
        elif s >= 0.5:
            lines.append("A fairly steady rhythm.")
        else:
            lines.append("A rhythm that changed from breath to breath.")
    if result.rate_from == "rhythm":
        lines.append("Counted from the rhythm heard; single breaths were too quiet to measure one by one.")
    lines.append("A picture of today's breathing, not a medical measurement.")
    return CheckinWords(f"About {shown_rate(result.breaths_per_minute)} breaths a minute", tuple(lines))


def shown_rate(breaths_per_minute: float) -> int:
    """The whole number the card shows. Halves round up, so it agrees with the history's one-decimal figure
    (8.5 is "about 9", where Python's round-half-even would say 8)."""
    return int(breaths_per_minute + 0.5)
