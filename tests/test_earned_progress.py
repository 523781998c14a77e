"""Progress is earned by breathing: a level run with (almost) no breath in it completes nothing, and the
history counts only sessions with breaths toward minutes, streaks and trends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from breath_input.sources import KeyboardSource, KeyScriptSource
from game.app import App
from game.records.catalog import Catalog
from game.records.history import SessionRecord, daily_trends, streak, summary_text, totals
from game.records.play_records import MIN_BREATHS_TO_COMPLETE, breathed_through, record_progress
from game.records.storage import Store
from game.scenes.base import Pop, Replace
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene
from game.sim.loop import STEP_S
from game.sim.session import PlaySession
from game.window.headless import play_headless
from game.window.input import Command

TODAY = date(2025, 3, 20)


@pytest.fixture
def app(tmp_path):
    a = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True)
    yield a
    a.close()


def played(level, source) -> PlaySession:
    s = PlaySession(level, lead_in_s=0.0)
    while not s.finished:
        s.step(STEP_S, source)
    return s


def test_a_run_with_no_breath_opens_nothing(app):
    first, second = app.catalog.campaign.levels[:2]
    session = played(first, KeyboardSource())  # the key never pressed: the level ran by itself
    assert session.breaths == [] and not breathed_through(session)
    assert record_progress(app.store, first.id, session) is False
    mine = app.store.progress.of(first.id)
    assert (mine.completed, mine.plays, mine.best_stars) == (False, 1, 0)
    assert app.catalog.unlocked(first, app.store.progress), "the level itself stays open"
    assert not app.catalog.unlocked(second, app.store.progress), "but it opens nothing"
    assert app.catalog.next_unfinished(app.store.progress) is first
    results = ResultsScene(app, first, session)
    assert results.next_level is None and not results.completed
    assert isinstance(results.handle(Command.CONFIRM), Pop), "Enter goes back, not on to a locked level"
    results.draw(app.screen)


def test_two_breaths_are_not_enough_three_are(app):
    first, second = app.catalog.campaign.levels[:2]
    probe = PlaySession(first, lead_in_s=0.0)
    spans = probe.pacer.exhale_spans()
    assert len(spans) > MIN_BREATHS_TO_COMPLETE
    two = played(first, KeyScriptSource(spans[:2]))
    assert len(two.breaths) == 2 and not breathed_through(two)
    record_progress(app.store, first.id, two)
    assert not app.store.progress.of(first.id).completed

    three = played(first, KeyScriptSource(spans[:3]))
    assert len(three.breaths) == 3 and breathed_through(three)
    assert record_progress(app.store, first.id, three) is True
    assert app.store.progress.of(first.id).completed and app.store.progress.of(first.id).plays == 2
    assert app.catalog.unlocked(second, app.store.progress)
    results = ResultsScene(app, first, three)
    assert results.next_level is second
    nxt = results.handle(Command.CONFIRM)
    assert isinstance(nxt, Replace) and isinstance(nxt.scene, PlayScene) and nxt.scene.level is second
    nxt.scene.leave()


def test_the_play_scene_records_an_idle_run_as_not_completed(tmp_path):
    """The whole path a player takes (scene, history, progress file), headless, nobody breathing."""
    store, catalog = Store(tmp_path), Catalog.load()
    first, second = catalog.campaign.levels[:2]
    report = play_headless(
        first,
        store=store,
        catalog=catalog,
        factory=lambda app, session: KeyboardSource(),
        input_spec="keyboard",
        draw=False,  # the records are tested, not the picture
    )
    assert report["complete"] and report["breaths"] == []
    saved = Store(tmp_path)  # read back from disk
    assert saved.progress.of(first.id).plays == 1 and not saved.progress.of(first.id).completed
    assert not catalog.unlocked(second, saved.progress)
    assert not (tmp_path / "replays").exists() or not any((tmp_path / "replays").iterdir()), "no ghost"


def rec(day: date, *, minutes: float, breaths: int, hour: int = 9) -> SessionRecord:
    return SessionRecord(
        level_id="lengthen",
        title="Lengthen the exhale",
        started_at=f"{day.isoformat()}T{hour:02d}:00:00+01:00",
        seconds_played=minutes * 60,
        complete=True,
        breaths=[{"start_s": 10.0 * i, "exhale_s": 5.0} for i in range(breaths)],
        average_exhale_s=5.0 if breaths else None,
    )


def test_sessions_without_breaths_add_no_minutes_and_keep_no_streak():
    records = [
        rec(TODAY, minutes=5, breaths=4),
        rec(TODAY, minutes=30, breaths=0, hour=12),  # left running, nobody there
        rec(TODAY - timedelta(days=1), minutes=10, breaths=0),  # the only session of yesterday: idle
        rec(TODAY - timedelta(days=2), minutes=6, breaths=1),
    ]
    t = totals(records, TODAY)
    assert (t.sessions, round(t.minutes), round(t.minutes_last_7_days)) == (2, 11, 11)
    assert t.streak_days == 1, "an idle day breaks the streak"
    assert streak(records, TODAY) == 1
    days = daily_trends(records)
    assert [(d.day, d.sessions, round(d.minutes)) for d in days] == [
        (TODAY - timedelta(days=2), 1, 6),
        (TODAY, 1, 5),
    ]
    text = summary_text(records, TODAY)
    assert "2 sessions (2 finished), 11 min practised in total" in text
    idle_only = summary_text([rec(TODAY, minutes=3, breaths=0)], TODAY)
    assert "No breaths recorded yet" in idle_only
