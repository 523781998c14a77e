"""Session history: the JSON-lines file, trends and streaks across days, exports, the screen, the command."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pygame
import pytest

from breath_input.sources import SyntheticBreather
from game.cli.history import history_command
from game.content.model import Level, Pattern
from game.records.catalog import Catalog
from game.records.history import (
    BREATH_COLUMNS,
    HISTORY_FILE,
    SESSION_COLUMNS,
    History,
    SessionRecord,
    daily_trends,
    export,
    record_from_session,
    streak,
    summary_text,
    totals,
)
from game.records.storage import Store
from game.sim.loop import STEP_S
from game.sim.session import PlaySession

TODAY = date(2025, 3, 20)
LEVEL = Level(id="lengthen", title="Lengthen the exhale", pattern=Pattern(inhale_s=4, exhale_s=6), cycles=6)


def played(seconds: float | None = None) -> PlaySession:
    """A calm synthetic player through LEVEL, to its end or for `seconds` of session time."""
    s = PlaySession(LEVEL, lead_in_s=0.0)
    src = SyntheticBreather("calm", pacer=s.pacer, seed=3)
    while not s.finished and (seconds is None or s.t < seconds):
        s.step(STEP_S, src)
    return s


def rec(
    day: date,
    *,
    minutes: float = 5.0,
    exhale: float | None = 6.0,
    bpm: float | None = 6.0,
    steady: float | None = 0.8,
    complete: bool = True,
    hour: int = 9,
    breaths: int = 2,
) -> SessionRecord:
    return SessionRecord(
        level_id="lengthen",
        title="Lengthen the exhale",
        started_at=f"{day.isoformat()}T{hour:02d}:00:00+01:00",
        seconds_played=minutes * 60,
        complete=complete,
        stars=2 if complete else 0,
        score=640,
        breaths_per_minute=bpm,
        average_exhale_s=exhale,
        steadiness=steady,
        source="keyboard",
        breaths=[
            {"start_s": 10.0 * i, "exhale_s": exhale or 5.0, "inhale_s": None, "breaks": 0}
            for i in range(breaths)
        ],
    )


def fake_history(n_days: int, *, seed: int, improving: bool = True) -> list[SessionRecord]:
    """`n_days` practice days ending TODAY, with a few rest days, figures drifting (or not) over time."""
    rng = random.Random(seed)
    out = []
    day = TODAY - timedelta(days=n_days + 3)
    practised = 0
    while practised < n_days:
        day += timedelta(days=1)
        if rng.random() < 0.12 and day < TODAY - timedelta(days=3):
            continue  # a rest day
        practised += 1
        p = practised / n_days if improving else 0.0
        for k in range(rng.choice([1, 1, 2])):
            out.append(
                rec(
                    day,
                    minutes=rng.uniform(3, 10),
                    exhale=4 + 3 * p + rng.uniform(-0.3, 0.3),
                    bpm=8.5 - 3 * p + rng.uniform(-0.4, 0.4),
                    steady=0.5 + 0.35 * p,
                    hour=8 + 9 * k,
                )
            )
    return out


# -- storage ---------------------------------------------------------------------------------------------


def test_round_trip_of_a_finished_session(tmp_path: Path):
    session = played()
    assert session.finished and session.breaths
    record = record_from_session(
        session, started_at="2025-03-20T09:30:00+01:00", complete=True, source="synthetic:calm"
    )
    h = History(tmp_path)
    assert h.append(record) is True
    loaded = History(tmp_path).load()
    assert loaded == [record]
    got = loaded[0]
    assert got.complete and got.level_id == "lengthen" and got.day == date(2025, 3, 20)
    assert got.seconds_played == pytest.approx(session.seconds_played, abs=1e-3)
    assert len(got.breaths) == len(session.breaths)
    assert got.breaths[0]["exhale_s"] == session.breaths[0].to_dict()["exhale_s"]
    assert got.average_exhale_s is not None and 5.0 < got.average_exhale_s < 7.0
    # Per-breath figures only: nothing like an audio buffer or a flow trace goes to disk.
    line = (tmp_path / HISTORY_FILE).read_text(encoding="utf-8")
    assert line.count("\n") == 1 and len(line) < 250 * (
        len(session.breaths) + 2
    )  # a few hundred bytes a breath
    assert "flow_samples" not in line and "audio" not in line


def test_abandoned_session_is_kept_as_abandoned_without_stars(tmp_path: Path):
    h = History(tmp_path)
    left = played(seconds=25.0)
    assert not left.finished
    assert h.append(
        record_from_session(left, started_at="2025-03-20T10:00:00", complete=False, source="keyboard")
    )
    assert h.append(
        record_from_session(played(), started_at="2025-03-20T10:05:00", complete=True, source="keyboard")
    )
    first, second = h.load()
    assert (first.complete, second.complete) == (False, True)
    assert first.stars == 0
    assert first.seconds_played == pytest.approx(25.0, abs=0.05)
    assert 0 < len(first.breaths) < len(second.breaths)


def test_a_play_under_a_second_is_not_stored(tmp_path: Path):
    h = History(tmp_path)
    short = record_from_session(
        played(seconds=0.5), started_at="2025-03-20T10:00:00", complete=False, source="keyboard"
    )
    assert h.append(short) is False
    assert h.load() == [] and h.notices == []


def test_damaged_line_is_skipped_reported_and_kept(tmp_path: Path):
    h = History(tmp_path)
    h.append(rec(TODAY - timedelta(days=1)))
    path = tmp_path / HISTORY_FILE
    with path.open("ab") as f:
        f.write(b'{"level_id": "lengthen", "title": tru')  # a crash mid-write: no closing brace, no newline
    h.append(rec(TODAY))  # must start on a fresh line, not glue itself to the torn one
    with path.open("ab") as f:
        f.write(b'{"level_id": 3}\n\xff\xfe not text\n')
    before = path.read_bytes()
    h2 = History(tmp_path)
    loaded = h2.load()
    assert [r.day for r in loaded] == [TODAY - timedelta(days=1), TODAY]
    assert h2.damaged_lines == [2, 4, 5]
    assert len(h2.notices) == 1
    assert (
        "3 entries" in h2.notices[0] and "line 2, 4, 5" in h2.notices[0] and "left as it is" in h2.notices[0]
    )
    h2.load()
    assert len(h2.notices) == 1  # loading again says it once
    assert path.read_bytes() == before  # never rewritten away


def test_write_failure_is_a_notice_not_an_exception(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    h = History(blocker)
    assert h.append(rec(TODAY)) is False
    assert len(h.notices) == 1 and "could not be added" in h.notices[0] and "Play goes on" in h.notices[0]
    assert h.load() == []


def test_wrong_types_count_as_damage(tmp_path: Path):
    good = rec(TODAY).to_dict()
    lines = [
        json.dumps({**good, "complete": 1}),
        json.dumps({**good, "seconds_played": True}),
        json.dumps({**good, "started_at": "yesterday"}),
        json.dumps({**good, "breaths": "many"}),
        json.dumps([1, 2]),
        json.dumps(good),
    ]
    (tmp_path / HISTORY_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    h = History(tmp_path)
    assert len(h.load()) == 1
    assert h.damaged_lines == [1, 2, 3, 4, 5]


# -- trends ----------------------------------------------------------------------------------------------


def test_daily_trends_group_by_day_and_weight_by_time():
    d1, d2 = TODAY - timedelta(days=2), TODAY
    records = [
        rec(d2, minutes=10, exhale=8.0, bpm=5.0, steady=0.9),
        rec(d1, minutes=2, exhale=4.0, bpm=None, steady=None),
        rec(d1, minutes=6, exhale=6.0, bpm=9.0, steady=0.6, hour=18),
    ]
    first, second = daily_trends(records)
    assert (first.day, first.sessions, second.day, second.sessions) == (d1, 2, d2, 1)
    assert first.minutes == pytest.approx(8.0)
    assert first.average_exhale_s == pytest.approx((4.0 * 2 + 6.0 * 6) / 8)
    assert first.breaths_per_minute == pytest.approx(9.0)  # the session without a rate is left out
    assert first.steadiness == pytest.approx(0.6)
    assert second.average_exhale_s == pytest.approx(8.0)


def test_streak_counts_consecutive_days_up_to_today():
    days = [TODAY - timedelta(days=n) for n in (0, 1, 2, 4, 5)]
    records = [rec(d) for d in days] + [rec(TODAY, hour=20)]
    assert streak(records, TODAY) == 3
    # Not practised yet today: yesterday's run still stands until the day is over.
    assert streak(records, TODAY + timedelta(days=1)) == 3
    assert streak(records, TODAY + timedelta(days=2)) == 0
    assert streak(records, TODAY - timedelta(days=3)) == 2  # counts back from the day before: days 4, 5
    assert streak([], TODAY) == 0
    assert streak([rec(TODAY + timedelta(days=1))], TODAY) == 0  # a future date (clock change) is ignored


def test_totals_and_summary_text():
    records = [
        rec(TODAY, minutes=12),
        rec(TODAY - timedelta(days=1), minutes=8),
        rec(TODAY - timedelta(days=10), minutes=40, complete=False),
    ]
    t = totals(records, TODAY)
    assert (t.sessions, round(t.minutes), round(t.minutes_last_7_days), t.streak_days) == (3, 60, 20, 2)
    text = summary_text(records, TODAY)
    assert "3 sessions (2 finished)" in text and "1 h 00 min practised in total" in text
    assert "Last 7 days: 20 min" in text and "Current streak: 2 days" in text
    assert "2025-03-20" in text and "exhale 6.0 s" in text and "steady 80%" in text
    assert "No sessions yet" in summary_text([], TODAY)


# -- export ----------------------------------------------------------------------------------------------


def test_csv_export_has_one_row_per_breath_with_session_columns(tmp_path: Path):
    records = [rec(TODAY, breaths=3), rec(TODAY, breaths=0, hour=12), rec(TODAY, breaths=2, hour=18)]
    out = tmp_path / "out" / "History.CSV"
    export(records, out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    assert header == [*SESSION_COLUMNS, "breath", *BREATH_COLUMNS]
    assert len(body) == 5
    first = dict(zip(header, body[0], strict=True))
    assert first["level_id"] == "lengthen" and first["breath"] == "1" and first["exhale_s"] == "6.0"
    assert first["inhale_s"] == "" and first["start_s"] == "0.0" and first["complete"] == "True"
    assert first["session_average_exhale_s"] == "6.0"
    assert [r[header.index("breath")] for r in body] == ["1", "2", "3", "1", "2"]


def test_json_export_loads_back(tmp_path: Path):
    records = fake_history(5, seed=2)
    out = tmp_path / "history.json"
    export(records, out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(raw, list) and len(raw) == len(records)
    assert [SessionRecord.from_dict(r) for r in raw] == records


def test_export_refuses_an_unknown_extension(tmp_path: Path):
    for name in ("history.txt", "history"):
        with pytest.raises(ValueError, match=r"use \.csv \(one row per breath\) or \.json"):
            export([rec(TODAY)], tmp_path / name)
        assert not (tmp_path / name).exists()


# -- the command -----------------------------------------------------------------------------------------


def test_history_command_prints_minutes_and_streak(tmp_path: Path):
    h = History(tmp_path)
    for r in fake_history(6, seed=4):
        h.append(r)
    out, err = io.StringIO(), io.StringIO()
    assert history_command(tmp_path, export=None, today=TODAY, out=out, err=err) == 0
    text = out.getvalue()
    assert "min practised in total" in text and "Current streak: " in text and "days" in text
    assert err.getvalue() == ""


def test_history_command_exports_and_says_where(tmp_path: Path):
    History(tmp_path).append(rec(TODAY, breaths=4))
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "breaths.csv"
    assert history_command(tmp_path, export=str(target), today=TODAY, out=out, err=err) == 0
    assert f"Wrote 4 breaths from 1 sessions to {target.resolve()}" in out.getvalue()
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5


def test_history_command_fails_with_one_line(tmp_path: Path):
    History(tmp_path).append(rec(TODAY))
    out, err = io.StringIO(), io.StringIO()
    assert history_command(tmp_path, export="notes.txt", today=TODAY, out=out, err=err) == 1
    assert err.getvalue().count("\n") == 1 and ".csv" in err.getvalue() and out.getvalue() == ""
    err = io.StringIO()
    folder_as_file = tmp_path / "sub"
    folder_as_file.write_text("x")
    assert (
        history_command(
            tmp_path, export=str(folder_as_file / "h.json"), today=TODAY, out=io.StringIO(), err=err
        )
        == 1
    )
    assert err.getvalue().startswith("exhale: cannot write") and err.getvalue().count("\n") == 1


def test_history_command_with_no_history(tmp_path: Path):
    out = io.StringIO()
    assert history_command(tmp_path / "none", export=None, today=TODAY, out=out, err=io.StringIO()) == 0
    assert "No sessions yet" in out.getvalue()


# -- the screen ------------------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path):
    from game.app import App

    a = App(store=Store(tmp_path / "data"), catalog=Catalog.load(), headless=True)
    if getattr(a, "history", None) is None:
        a.history = History(a.store.folder)  # until the app wires it itself
    yield a
    a.close()


def _screen(app, records: list[SessionRecord]) -> pygame.Surface:
    from game.scenes.history import HistoryScene

    path = app.history.path
    path.unlink(missing_ok=True)
    for r in records:
        assert app.history.append(r)
    scene = HistoryScene(app, today=TODAY)
    scene.draw(app.screen)
    return app.screen.copy()


def test_history_screen_draws_empty_and_full(app):
    from game.scenes.base import Pop
    from game.scenes.history import HistoryScene
    from game.window.input import Command

    empty = _screen(app, [])
    assert empty.get_at((5, 5))[:3] == app.palette.sky_top
    full = _screen(app, fake_history(20, seed=1))
    assert full.get_at((5, 5))[:3] == app.palette.sky_top
    assert _differs(empty, full)
    scene = HistoryScene(app, today=TODAY)
    assert scene.totals.sessions >= 20 and len(scene.days) == 20
    assert isinstance(scene.handle(Command.BACK), Pop)


def test_history_screen_survives_odd_histories(app):
    # One day, figures missing, and a damaged line: it still draws, and says what was skipped.
    _screen(app, [rec(TODAY, exhale=None, bpm=None, steady=None)])
    with app.history.path.open("a", encoding="utf-8") as f:
        f.write("{oops\n")
    from game.scenes.history import HistoryScene

    scene = HistoryScene(app, today=TODAY)
    scene.draw(app.screen)
    assert scene.notice is not None and "skipped" in scene.notice


def test_history_charts_differ_between_histories(app):
    improving = _screen(app, fake_history(20, seed=1, improving=True))
    flat = _screen(app, fake_history(20, seed=1, improving=False))
    w, h = app.screen.get_size()
    charts = pygame.Rect(0, h // 3, w, h // 2)  # below the headline figures
    assert _differs(improving.subsurface(charts), flat.subsurface(charts))


def _differs(a: pygame.Surface, b: pygame.Surface) -> int:
    """How many pixels differ between two surfaces of one size."""
    import numpy as np

    pa, pb = pygame.surfarray.array3d(a), pygame.surfarray.array3d(b)
    n = int(np.count_nonzero(np.any(pa != pb, axis=2)))
    return n if n > 500 else 0


def test_what_the_scene_earned_is_kept_and_old_lines_read_without_it(tmp_path: Path):
    from dataclasses import replace

    session = PlaySession(replace(LEVEL, scene="tree", scene_params={"min_exhale_s": 3.0}), lead_in_s=0.0)
    src = SyntheticBreather("calm", pacer=session.pacer, seed=3)
    while not session.finished:
        session.step(STEP_S, src)
    record = record_from_session(
        session, started_at="2025-03-20T09:30:00+01:00", complete=True, source="keys"
    )
    assert record.scene == "tree" and record.scene_earned == session.scene.earned > 0
    h = History(tmp_path)
    assert h.append(record)
    assert History(tmp_path).load()[0].scene_earned == record.scene_earned
    old = record.to_dict()
    del old["scene"], old["scene_earned"]  # a line from before scenes kept a count
    again = SessionRecord.from_dict(old)
    assert (again.scene, again.scene_earned) == ("", 0)
