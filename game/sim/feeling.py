"""The before/after feeling: one keypress, "how tense do you feel, 1-5", around a level, and what it shifted.

Pure: key names in, answers out; sessions' feelings and check-in rates in, plain words out. Nothing here
judges: a higher number after a session is said as plainly as a lower one, and nothing is a diagnosis.

- what is asked (`QUESTION`, `LABELS`), and which key answers or skips (`answer_for_key`);
- the shift in feeling over the sessions that have both answers (`FeelingShift`);
- the shift in resting rate when a check-in was taken shortly before *and* shortly after a session
  (`CheckinTimeline.around`, `RateShift`): within `CHECKIN_WINDOW_MIN` minutes of the session's start and of
  its end, the nearest one each side.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

LOW, HIGH = 1, 5
QUESTION = "How tense do you feel?"
SKIP_WORDS = "Enter or Esc: skip"
LABELS = {1: "at ease", 2: "mostly at ease", 3: "in between", 4: "quite tense", 5: "very tense"}
# A check-in this close to a session (before its start, after its end) counts as "before" or "after" it:
# long enough to check in while the results are read, short enough to be the same sitting.
CHECKIN_WINDOW_MIN = 30.0
SAME_SHIFT = 0.25  # mean shifts smaller than this read as "about the same"

Moment = Literal["before", "after"]
_KEYPAD = {f"[{n}]": n for n in range(LOW, HIGH + 1)}  # pygame names the keypad's digits "[1]"
_SKIP_KEYS = frozenset({"return", "enter", "escape"})


def heading(moment: Moment) -> str:
    return "Before you begin" if moment == "before" else "After this session"


@dataclass(frozen=True, slots=True)
class KeyAnswer:
    """What one key did on the prompt: an answer 1-5, a skip, or nothing (``ignored``)."""

    value: int | None = None
    skipped: bool = False

    @property
    def ignored(self) -> bool:
        return self.value is None and not self.skipped


def answer_for_key(name: str, *, breath_keys: Iterable[str] = ("space",)) -> KeyAnswer:
    """The prompt's reading of a key, by pygame name: a digit 1-5 (top row or keypad) answers; Enter, Esc and
    the breath keys skip; anything else is ignored (the prompt waits, it never scolds)."""
    if name in _KEYPAD:
        return KeyAnswer(_KEYPAD[name])
    if len(name) == 1 and name.isdigit() and LOW <= int(name) <= HIGH:
        return KeyAnswer(int(name))
    if name in _SKIP_KEYS or name in breath_keys:
        return KeyAnswer(skipped=True)
    return KeyAnswer()


def valid_feeling(value: object) -> int | None:
    """A stored feeling, or None: anything but a whole number 1-5 (a hand-edited file) reads as not given."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if LOW <= value <= HIGH else None


def parse_feeling(text: str, option: str = "--feeling") -> int:
    """A feeling given on the command line.

    Raises:
        ValueError: in plain words, for anything but a whole number 1-5.
    """
    if text.strip() in {str(n) for n in range(LOW, HIGH + 1)}:
        return int(text.strip())
    raise ValueError(f"{option} {text!r}: give a whole number from 1 (at ease) to 5 (very tense)")


# -- the shift over sessions ---------------------------------------------------------------------------------


class _Mean:
    __slots__ = ("n", "total")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None


class FeelingShift:
    """Mean feeling before and after, over the sessions with both answers (a skipped one leaves it out)."""

    __slots__ = ("before", "after")

    def __init__(self) -> None:
        self.before = _Mean()
        self.after = _Mean()

    @property
    def sessions(self) -> int:
        return self.before.n

    def add(self, before: int | None, after: int | None) -> None:
        if before is None or after is None:
            return
        self.before.add(before)
        self.after.add(after)

    def words(self) -> str | None:
        """``"How tense you felt, 1-5: 3.4 before a session, 2.1 after (5 sessions with both answers)."``;
        None without such sessions."""
        b, a = self.before.mean, self.after.mean
        if b is None or a is None:
            return None
        n = self.sessions
        said = f"({n} {'session' if n == 1 else 'sessions'} with both answers)"
        if abs(a - b) < SAME_SHIFT:
            return f"How tense you felt, 1-5: about the same before and after, {b:.1f} and {a:.1f} {said}."
        return f"How tense you felt, 1-5: {b:.1f} before a session, {a:.1f} after {said}."


class RateShift:
    """Mean check-in rate before and after, over sessions with a check-in close on both sides."""

    __slots__ = ("before", "after")

    def __init__(self) -> None:
        self.before = _Mean()
        self.after = _Mean()

    @property
    def sessions(self) -> int:
        return self.before.n

    def add(self, pair: tuple[float, float] | None) -> None:
        if pair is None:
            return
        self.before.add(pair[0])
        self.after.add(pair[1])

    def words(self) -> str | None:
        b, a = self.before.mean, self.after.mean
        if b is None or a is None:
            return None
        n = self.sessions
        return (
            f"Check-ins within {CHECKIN_WINDOW_MIN:.0f} min on both sides of {n} "
            f"{'session' if n == 1 else 'sessions'}: about {b:.0f} breaths a minute before, {a:.0f} after."
        )


# -- check-ins on a timeline ---------------------------------------------------------------------------------


def instant(text: object) -> datetime | None:
    """An ISO time as a comparable instant: aware times in UTC, naive ones as written; None if unreadable."""
    if not isinstance(text, str):
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return None
    return t.astimezone(timezone.utc).replace(tzinfo=None) if t.tzinfo is not None else t


def checkin_rate(entry: Mapping[str, object]) -> float | None:
    """A saved check-in's rate when it heard enough to tell, else None."""
    rate = entry.get("breaths_per_minute")
    if entry.get("heard_enough") is not True or isinstance(rate, bool) or not isinstance(rate, (int, float)):
        return None
    return float(rate)


class CheckinTimeline:
    """The check-ins that heard enough, in time order, to find the ones close to a session."""

    def __init__(self, checkins: Iterable[Mapping[str, object]]) -> None:
        points: list[tuple[datetime, datetime, float]] = []  # start, end, rate
        for c in checkins:
            start, rate = instant(c.get("date")), checkin_rate(c)
            if start is None or rate is None:
                continue
            seconds = c.get("seconds")
            length = float(seconds) if isinstance(seconds, (int, float)) and seconds > 0 else 60.0
            points.append((start, start + timedelta(seconds=length), rate))
        points.sort()
        self._starts = [p[0] for p in points]
        self._points = points

    def __len__(self) -> int:
        return len(self._points)

    def around(
        self, started_at: str, seconds_played: float, *, window_min: float = CHECKIN_WINDOW_MIN
    ) -> tuple[float, float] | None:
        """(rate before, rate after) when a check-in ended within ``window_min`` before the session began and
        another began within ``window_min`` after it ended (the nearest each side); else None."""
        start = instant(started_at)
        if start is None or not self._points:
            return None
        end = start + timedelta(seconds=max(0.0, seconds_played))
        window = timedelta(minutes=window_min)
        before = None
        for i in range(bisect.bisect_left(self._starts, start) - 1, -1, -1):  # newest first
            c_start, c_end, rate = self._points[i]
            if c_end <= start + timedelta(seconds=1):  # a check-in that ended as the level began
                if start - c_end <= window:
                    before = rate
                break
            if start - c_start > window:
                break
        if before is None:
            return None
        j = bisect.bisect_left(self._starts, end)
        if j < len(self._points) and self._starts[j] - end <= window:
            return before, self._points[j][2]
        return None
