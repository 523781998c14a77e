"""Trends across days from the session history, in one pass keeping a few figures per day, not the sessions.

Pure: no pygame, no clock (``today`` is passed in). `HistoryStats` is fed sessions one at a time (as
`History.iter_records` reads them), so a history of 100,000 sessions needs no more memory than its practice
days; the list functions (`daily_trends`, `totals`, `summary_text`) are the same pass over a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from game.records.history_record import SessionRecord
from game.sim.checkin import RESTING_HIGH_BPM, RESTING_LOW_BPM, shown_rate
from game.sim.feeling import CheckinTimeline, FeelingShift, RateShift, checkin_rate

__all__ = [
    "CheckinDay",
    "DayTrend",
    "HistoryStats",
    "Totals",
    "daily_trends",
    "format_minutes",
    "minutes_between",
    "practised",
    "streak",
    "summary_text",
    "totals",
]

DAYS_LISTED = 7  # practice days the summary lists


@dataclass(frozen=True, slots=True)
class DayTrend:
    """One practice day. Averages are weighted by seconds played and skip sessions without the figure."""

    day: date
    sessions: int
    minutes: float
    average_exhale_s: float | None
    breaths_per_minute: float | None
    steadiness: float | None


@dataclass(frozen=True, slots=True)
class CheckinDay:
    """One day with check-ins that heard enough: their mean resting rate."""

    day: date
    checkins: int
    breaths_per_minute: float


def checkin_days(checkins: Iterable[Mapping[str, object]]) -> list[CheckinDay]:
    """The resting rate by day, oldest first, from the check-ins that heard enough (the day as recorded,
    the player's local day, as for sessions). Check-ins that could not tell are left out, not counted 0."""
    days: dict[date, list[float]] = {}
    for c in checkins:
        rate, when = checkin_rate(c), c.get("date")
        if rate is None or not isinstance(when, str):
            continue
        try:
            day = datetime.fromisoformat(when).date()
        except ValueError:
            continue
        days.setdefault(day, []).append(rate)
    return [CheckinDay(d, len(v), sum(v) / len(v)) for d, v in sorted(days.items())]


@dataclass(frozen=True, slots=True)
class Totals:
    """The headline figures of the history screen and command."""

    sessions: int
    minutes: float
    minutes_last_7_days: float
    streak_days: int


class _Weighted:
    """A mean weighted by seconds played, skipping sessions without the figure."""

    __slots__ = ("total", "weight")

    def __init__(self) -> None:
        self.total = 0.0
        self.weight = 0.0

    def add(self, value: float | None, w: float) -> None:
        if value is not None and w > 0:
            self.total += value * w
            self.weight += w

    @property
    def mean(self) -> float | None:
        return self.total / self.weight if self.weight > 0 else None


class _Day:
    __slots__ = ("sessions", "minutes", "exhale", "bpm", "steadiness")

    def __init__(self) -> None:
        self.sessions = 0
        self.minutes = 0.0
        self.exhale = _Weighted()
        self.bpm = _Weighted()
        self.steadiness = _Weighted()


class HistoryStats:
    """What the summary and the history screen show, gathered one session at a time.

    Only sessions with breaths count toward minutes, streaks and trends (see `practised`); every session
    counts in ``recorded``. Sums run in the order the sessions come, as a list's would.

    Args:
        today: the day the streak and "last 7 days" count to (needed only by `totals` and `summary_text`).
        checkins: the saved check-ins (``Store.checkins()``), for the resting rate by day and the rate
            before and after sessions.
    """

    def __init__(self, today: date | None = None, checkins: Iterable[Mapping[str, object]] = ()) -> None:
        self.today = today
        checkins = list(checkins)
        self.checkins = checkin_days(checkins)
        self.checkins_taken = len(checkins)
        self._timeline = CheckinTimeline(checkins)
        self.feeling = FeelingShift()  # how tense, before vs after, over sessions with both answers
        self.rate_shift = RateShift()  # check-in rate before vs after, over sessions with both
        self.recorded = 0  # every session, with or without breaths
        self.sessions = 0  # sessions with breaths
        self.complete = 0  # of those, the finished ones
        self.minutes = 0.0
        self.minutes_last_7_days = 0.0
        self._days: dict[date, _Day] = {}

    @classmethod
    def of(
        cls,
        records: Iterable[SessionRecord],
        today: date | None = None,
        checkins: Iterable[Mapping[str, object]] = (),
    ) -> HistoryStats:
        stats = cls(today, checkins)
        for r in records:
            stats.add(r)
        return stats

    def add(self, r: SessionRecord) -> None:
        self.recorded += 1
        if not r.practised:
            return
        self.sessions += 1
        self.complete += r.complete
        minutes = r.minutes
        self.minutes += minutes
        day = r.day
        if self.today is not None and self.today - timedelta(days=6) <= day <= self.today:
            self.minutes_last_7_days += minutes
        d = self._days.get(day)
        if d is None:
            d = self._days[day] = _Day()
        d.sessions += 1
        d.minutes += minutes
        d.exhale.add(r.average_exhale_s, r.seconds_played)
        d.bpm.add(r.breaths_per_minute, r.seconds_played)
        d.steadiness.add(r.steadiness, r.seconds_played)
        self.feeling.add(r.feeling_before, r.feeling_after)
        if len(self._timeline):
            self.rate_shift.add(self._timeline.around(r.started_at, r.seconds_played))

    def feed(self, records: Iterable[SessionRecord]) -> Iterator[SessionRecord]:
        """``records`` passed through, each added on the way (to gather while exporting, in one pass)."""
        for r in records:
            self.add(r)
            yield r

    def daily_trends(self) -> list[DayTrend]:
        """One entry per day with practice, oldest first (days without practice are left out)."""
        return [
            DayTrend(
                day=day,
                sessions=d.sessions,
                minutes=d.minutes,
                average_exhale_s=d.exhale.mean,
                breaths_per_minute=d.bpm.mean,
                steadiness=d.steadiness.mean,
            )
            for day, d in sorted(self._days.items())
        ]

    def streak(self) -> int:
        return _streak(self._days.keys(), self._today())

    def totals(self) -> Totals:
        return Totals(
            sessions=self.sessions,
            minutes=self.minutes,
            minutes_last_7_days=self.minutes_last_7_days,
            streak_days=self.streak(),
        )

    def shift_lines(self) -> list[str]:
        """The plain lines on how sessions shifted the feeling and the resting rate (none without data)."""
        return [w for w in (self.feeling.words(), self.rate_shift.words()) if w]

    def checkin_line(self) -> str | None:
        """The latest check-in day's resting rate against the usual range, or None with no check-ins."""
        if not self.checkins_taken:
            return None
        n = self.checkins_taken
        taken = f"{n} {'check-in' if n == 1 else 'check-ins'}"
        if not self.checkins:
            return f"{taken}; none heard enough to tell a rate yet."
        last = self.checkins[-1]
        rate = shown_rate(last.breaths_per_minute)  # judged and said as the check-in's card says it
        where = (
            "within"
            if RESTING_LOW_BPM <= rate <= RESTING_HIGH_BPM
            else ("slower than" if rate < RESTING_LOW_BPM else "quicker than")
        )
        return (
            f"{taken}. Resting rate on {last.day.isoformat()}: about {rate} breaths a minute "
            f"({where} the usual resting range of about {RESTING_LOW_BPM:.0f}-{RESTING_HIGH_BPM:.0f})."
        )

    def summary_text(self, *, days_listed: int = DAYS_LISTED) -> str:
        """A few plain lines: totals, streak, the last practice days with their figures, the check-ins and
        how sessions shifted the feeling and the rate."""
        extra = [line for line in (self.checkin_line(), *self.shift_lines()) if line]
        tail = ("\n\n" + "\n".join(extra)) if extra else ""
        if not self.recorded:
            return "No sessions yet. Your sessions will show here after you play a level." + tail
        if not self.sessions:
            return "No breaths recorded yet. A session counts once the game has seen you breathe." + tail
        t = self.totals()
        lines = [
            f"{t.sessions} {'session' if t.sessions == 1 else 'sessions'} ({self.complete} finished), "
            f"{format_minutes(t.minutes)} practised in total.",
            f"Last 7 days: {format_minutes(t.minutes_last_7_days)}. Current streak: {_days(t.streak_days)}.",
        ]
        trends = self.daily_trends()[-days_listed:]
        lines.append("")
        lines.append(f"Last {len(trends)} practice {'day' if len(trends) == 1 else 'days'}:")
        for d in trends:
            parts = [
                f"  {d.day.isoformat()}",
                f"{d.sessions} {'session' if d.sessions == 1 else 'sessions'}".ljust(11),
                format_minutes(d.minutes).rjust(9),
            ]
            if d.average_exhale_s is not None:
                parts.append(f"exhale {d.average_exhale_s:.1f} s")
            if d.breaths_per_minute is not None:
                parts.append(f"{d.breaths_per_minute:.1f} breaths/min")
            if d.steadiness is not None:
                parts.append(f"steady {d.steadiness:.0%}")
            lines.append("  ".join(parts))
        return "\n".join(lines) + tail

    def _today(self) -> date:
        if self.today is None:
            raise ValueError("HistoryStats needs today for the streak and the last 7 days")
        return self.today


def _streak(days: Iterable[date], today: date) -> int:
    """Consecutive days of practice ending today; with nothing today, counting back from yesterday."""
    practice = set(days)
    day = today if today in practice else today - timedelta(days=1)
    count = 0
    while day in practice:
        count += 1
        day -= timedelta(days=1)
    return count


def practised(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    """The sessions with breaths in them. A level left running with no breath is kept in the file (and in
    exports) but is not practice: it adds no minutes, keeps no streak and makes no trend."""
    return [r for r in records if r.practised]


def daily_trends(records: Iterable[SessionRecord]) -> list[DayTrend]:
    """One entry per day with practice, oldest first (days without practice are left out)."""
    return HistoryStats.of(records).daily_trends()


def streak(records: Iterable[SessionRecord], today: date) -> int:
    """Consecutive days of practice ending today.

    A day not yet practised does not break the streak: with nothing today, it counts back from yesterday
    (the player still has the rest of today). Sessions dated after ``today`` are ignored.
    """
    return _streak((r.day for r in records if r.practised), today)


def minutes_between(records: Iterable[SessionRecord], first: date, last: date) -> float:
    """Minutes practised from ``first`` to ``last``, both included."""
    return sum(r.minutes for r in practised(records) if first <= r.day <= last)


def totals(records: Iterable[SessionRecord], today: date) -> Totals:
    """Sessions, minutes and the streak, counting only sessions with breaths (see `practised`)."""
    return HistoryStats.of(records, today).totals()


def summary_text(records: Iterable[SessionRecord], today: date, *, days_listed: int = DAYS_LISTED) -> str:
    """A few plain lines: totals, streak, and the last practice days with their figures."""
    return HistoryStats.of(records, today).summary_text(days_listed=days_listed)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def format_minutes(minutes: float) -> str:
    """``"42 min"``, ``"1 h 05 min"``; under a minute shows as ``"<1 min"`` so a short play is not 0."""
    if 0 < minutes < 1:
        return "<1 min"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"
