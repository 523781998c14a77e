"""The before/after feeling (issue 13, section 1): which key answers or skips, the shift words, the check-in
rate before and after a session, the history line and its later after-feeling line, the export's
check-ins, and `exhale play --headless --feeling-before/--feeling-after`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from game.cli import main
from game.cli.history import history_command
from game.records.history import History, HistoryStats, checkins_path, export
from game.records.history_record import SessionRecord
from game.sim.feeling import (
    CHECKIN_WINDOW_MIN,
    CheckinTimeline,
    FeelingShift,
    answer_for_key,
    parse_feeling,
    valid_feeling,
)
from game.sim.loop import STEP_S

TODAY = date(2026, 12, 4)
START = datetime(2026, 12, 4, 9, 0, 0).astimezone()


def record(started: datetime, *, before=None, after=None, seconds=300.0, level="lengthen") -> SessionRecord:
    return SessionRecord(
        level_id=level,
        title="Lengthen",
        started_at=started.isoformat(timespec="seconds"),
        seconds_played=seconds,
        complete=True,
        breaths=[{"exhale_s": 5.0}],
        breaths_per_minute=6.0,
        feeling_before=before,
        feeling_after=after,
    )


def checkin(at: datetime, rate: float | None, *, heard: bool = True, seconds: float = 60.0) -> dict:
    return {
        "date": at.isoformat(timespec="seconds"),
        "input": "keyboard",
        "seconds": seconds,
        "breaths_per_minute": rate,
        "heard_enough": heard,
        "confidence": 0.9 if heard else 0.1,
        "range": "within",
    }


# -- keys and words ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "skipped"),
    [("1", 1, False), ("5", 5, False), ("[3]", 3, False), ("6", None, False), ("0", None, False),
     ("return", None, True), ("enter", None, True), ("escape", None, True), ("space", None, True),
     ("a", None, False), ("m", None, False)],
)  # fmt: skip
def test_digits_answer_and_enter_esc_breath_skip(name, value, skipped):
    got = answer_for_key(name, breath_keys=("space", "v"))
    assert (got.value, got.skipped) == (value, skipped)
    assert got.ignored == (value is None and not skipped)


def test_a_remapped_breath_key_skips_and_space_then_does_not():
    assert answer_for_key("b", breath_keys=("b", "v")).skipped
    assert answer_for_key("space", breath_keys=("b", "v")).ignored


@pytest.mark.parametrize("text", ["0", "6", "2.5", "three", "", "-1", "³"])
def test_a_feeling_on_the_command_line_is_a_whole_number_1_to_5(text):
    with pytest.raises(ValueError, match=r"--feeling-before .*1 \(at ease\) to 5 \(very tense\)"):
        parse_feeling(text, "--feeling-before")
    assert parse_feeling(" 4 ") == 4


def test_stored_feelings_outside_1_to_5_read_as_not_given():
    assert [valid_feeling(v) for v in (1, 5, 0, 6, True, "3", 2.0, None)] == [
        1,
        5,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_the_feeling_shift_counts_only_sessions_with_both_answers():
    shift = FeelingShift()
    for before, after in [(4, 2), (3, None), (None, 1), (5, 3)]:
        shift.add(before, after)
    assert shift.sessions == 2
    words = shift.words()
    assert words is not None and "4.5 before a session, 2.5 after" in words and "2 sessions" in words
    same = FeelingShift()
    same.add(3, 3)
    assert "about the same" in (same.words() or "")
    assert FeelingShift().words() is None
    worse = FeelingShift()
    worse.add(2, 4)  # said as plainly as any other shift: no "worse", no "failed"
    text = (worse.words() or "").lower()
    assert "2.0 before a session, 4.0 after" in text
    assert not any(w in text for w in ("worse", "fail", "bad", "should"))


# -- the check-in rate around a session ----------------------------------------------------------------------


def test_a_checkin_counts_on_each_side_only_within_the_window():
    session = record(START, seconds=600)
    end = START + timedelta(seconds=600)
    window = timedelta(minutes=CHECKIN_WINDOW_MIN)
    near_before = checkin(START - timedelta(minutes=5, seconds=60), 15.0)  # ended 5 min before the start
    near_after = checkin(end + timedelta(minutes=10), 10.0)
    tl = CheckinTimeline([near_after, near_before])  # any order
    assert tl.around(session.started_at, session.seconds_played) == (15.0, 10.0)
    # Only one side: no pair.
    assert CheckinTimeline([near_before]).around(session.started_at, 600) is None
    assert CheckinTimeline([near_after]).around(session.started_at, 600) is None
    # Just outside the window on either side.
    far_before = checkin(START - window - timedelta(seconds=61), 15.0)
    far_after = checkin(end + window + timedelta(seconds=1), 10.0)
    assert CheckinTimeline([far_before, near_after]).around(session.started_at, 600) is None
    assert CheckinTimeline([near_before, far_after]).around(session.started_at, 600) is None
    # The nearest each side wins; one that could not tell is left out.
    older = checkin(START - timedelta(minutes=20), 18.0)
    unheard = checkin(START - timedelta(minutes=2), None, heard=False)
    assert CheckinTimeline([older, near_before, unheard, near_after]).around(session.started_at, 600) == (
        15.0,
        10.0,
    )


def test_history_stats_show_the_rate_and_feeling_shift_and_the_resting_rate_by_day():
    s1 = record(START, before=4, after=2)
    s2 = record(START + timedelta(days=1), before=3, after=None)
    checkins = [
        checkin(START - timedelta(minutes=3), 16.0),
        checkin(START + timedelta(minutes=8), 12.0),
        checkin(START + timedelta(days=1, hours=5), 14.0),
        checkin(START + timedelta(days=1, hours=6), 10.0),
        checkin(START + timedelta(days=2), None, heard=False),
    ]
    stats = HistoryStats.of([s1, s2], TODAY + timedelta(days=2), checkins)
    assert [(d.day, d.checkins, d.breaths_per_minute) for d in stats.checkins] == [
        (START.date(), 2, 14.0),
        (START.date() + timedelta(days=1), 2, 12.0),
    ]
    assert stats.feeling.sessions == 1 and stats.rate_shift.sessions == 1
    lines = stats.shift_lines()
    assert any("4.0 before a session, 2.0 after" in line for line in lines)
    assert any("about 16 breaths a minute before, 12 after" in line for line in lines)
    text = stats.summary_text()
    assert "5 check-ins" in text and "about 12 breaths a minute (within the usual resting range" in text
    assert "diagnos" not in text.lower()


# -- the history file ----------------------------------------------------------------------------------------


def test_the_after_feeling_line_joins_its_session_and_strays_are_skipped(tmp_path: Path):
    h = History(tmp_path)
    first, second = record(START, before=4), record(START + timedelta(hours=1))
    play_one, play_two = object(), object()
    assert h.append(first, play=play_one)
    key = h.line_of(play_one)
    assert key is not None and key.started_at == first.started_at
    assert h.add_feeling_after(key.started_at, key.level_id, 2)
    assert h.add_feeling_after("2020-01-01T00:00:00", "other", 5)  # names no session: skipped, no damage
    assert h.append(second, play=play_two)
    assert h.line_of(play_one) is None  # another play's line came since
    got = h.load()
    assert [(r.feeling_before, r.feeling_after) for r in got] == [(4, 2), (None, None)]
    assert h.damaged_lines == [] and h.notices == []
    assert len((tmp_path / "history.jsonl").read_text().splitlines()) == 4  # appended only, never rewritten


def test_a_session_line_without_feelings_still_reads(tmp_path: Path):
    raw = record(START).to_dict()
    del raw["feeling_before"], raw["feeling_after"]  # a line written before the feeling existed
    raw["feeling_before"] = 9  # and a hand-edited one out of range
    (tmp_path / "history.jsonl").write_text(json.dumps(raw) + "\n", encoding="utf-8")
    (r,) = History(tmp_path).load()
    assert r.feeling_before is None and r.feeling_after is None


def test_export_writes_feelings_and_the_checkins_beside_the_sessions(tmp_path: Path):
    records = [record(START, before=4, after=2)]
    checkins = [checkin(START - timedelta(minutes=3), 16.0), checkin(START + timedelta(minutes=8), 12.0)]
    counts = export(records, tmp_path / "out.json", checkins)
    assert counts.checkins == 2
    sessions = json.loads((tmp_path / "out.json").read_text())
    assert sessions[0]["feeling_before"] == 4 and sessions[0]["feeling_after"] == 2
    assert checkins_path(tmp_path / "out.json") == tmp_path / "out.checkins.json"
    assert json.loads((tmp_path / "out.checkins.json").read_text()) == checkins
    export(records, tmp_path / "out.csv", checkins)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert (rows[0]["feeling_before"], rows[0]["feeling_after"]) == ("4", "2")
    c_rows = list(csv.DictReader(io.StringIO((tmp_path / "out.checkins.csv").read_text())))
    assert [(r["breaths_per_minute"], r["heard_enough"]) for r in c_rows] == [
        ("16.0", "True"),
        ("12.0", "True"),
    ]
    export(records, tmp_path / "none.csv")  # no check-ins: no empty file beside it
    assert not (tmp_path / "none.checkins.csv").exists()


def test_history_command_exports_the_checkins_and_says_where(tmp_path: Path):
    from game.records.storage import Store

    History(tmp_path).append(record(START, before=3))
    store = Store(tmp_path)
    store.add_checkin(checkin(START - timedelta(minutes=3), 16.0))
    out, err = io.StringIO(), io.StringIO()
    assert history_command(tmp_path, export=str(tmp_path / "h.csv"), today=TODAY, out=out, err=err) == 0
    assert f"Wrote 1 check-in to {(tmp_path / 'h.checkins.csv').resolve()}" in out.getvalue()
    assert "1 check-in. Resting rate on 2026-12-04: about 16" in out.getvalue()
    assert err.getvalue() == ""


def test_history_command_takes_its_day_from_the_caller(tmp_path: Path):
    History(tmp_path).append(record(START))
    out = io.StringIO()
    history_command(
        tmp_path, export=None, today=START.date() + timedelta(days=30), out=out, err=io.StringIO()
    )
    assert "Current streak: 0 days" in out.getvalue()
    out = io.StringIO()
    history_command(tmp_path, export=None, today=START.date(), out=out, err=io.StringIO())
    assert "Current streak: 1 day" in out.getvalue()


# -- headless ------------------------------------------------------------------------------------------------

SHORT_LEVEL = """id: feel-test
title: Feel test
pattern: {inhale: 2, exhale: 3}
cycles: 2
"""


def test_headless_feelings_reach_the_report_and_the_history(tmp_path: Path):
    level = tmp_path / "feel-test.yaml"
    level.write_text(SHORT_LEVEL, encoding="utf-8")
    keys = tmp_path / "k.txt"
    keys.write_text("".join(f"{5 * i + 0.2:.1f} {5 * i + 2.9:.1f}\n" for i in range(2)), encoding="utf-8")
    report = tmp_path / "r.json"
    data = tmp_path / "data"
    argv = ["--data-dir", str(data), "play", str(level), "--headless", "--input", f"keys:{keys}"]
    argv += ["--no-draw"]  # the same play and report, nothing to draw
    assert main([*argv, "--feeling-before", "4", "--feeling-after", "2", "--report", str(report)]) == 0
    out = json.loads(report.read_text())
    assert (out["feeling_before"], out["feeling_after"], out["history_saved"]) == (4, 2, True)
    (r,) = History(data).load()
    assert (r.feeling_before, r.feeling_after) == (4, 2)


@pytest.mark.parametrize("bad", ["0", "6", "tense"])
def test_a_headless_feeling_outside_1_to_5_is_one_plain_line(tmp_path: Path, capsys, bad):
    code = main(["--data-dir", str(tmp_path), "play", "--headless", "--feeling-after", bad])
    assert code == 2
    err = capsys.readouterr().err
    assert f"--feeling-after '{bad}': give a whole number from 1 (at ease) to 5 (very tense)" in err
    assert "Traceback" not in err


# -- the prompt in the game, keys pressed through the app's scripted frames ----------------------------------


def _frame(app, stepper, *, keys=(), commands=()):
    from game.window.input import FrameInput

    app.frame(STEP_S, stepper, FrameInput(commands=list(commands), key_names=list(keys)))


def _open_level(app, level):
    from game.scenes.base import Push
    from game.scenes.play import PlayScene
    from game.scenes.title import TitleScene
    from game.sim.loop import FixedStep

    app.apply(Push(TitleScene(app)))
    play = PlayScene(app, level)
    play.play._mic_check = False
    app.apply(Push(play))
    stepper = FixedStep()
    _frame(app, stepper)  # the play's first step asks, over its intro card
    return play, stepper


def test_the_prompt_before_a_level_takes_one_digit(app):
    from game.scenes.feeling import FeelingScene

    app.settings.ask_feeling = True
    play, stepper = _open_level(app, app.catalog.campaign.levels[0])
    prompt = app.stack[-1]
    assert isinstance(prompt, FeelingScene) and prompt.moment == "before"
    _frame(app, stepper, keys=["p"])  # not an answer: the prompt waits
    assert app.stack[-1] is prompt
    _frame(app, stepper, keys=["3"])
    assert app.stack[-1] is play and play.feeling_before == 3
    for _ in range(5):
        _frame(app, stepper)
    assert app.stack[-1] is play  # asked once
    restarted = play.restart()
    assert restarted.scene.feeling_before == 3 and not restarted.scene.ask_feeling  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ["escape", "return"])
def test_enter_or_esc_skips_the_prompt_and_the_level_goes_on(app, key):
    app.settings.ask_feeling = True
    play, stepper = _open_level(app, app.catalog.campaign.levels[0])
    _frame(app, stepper, keys=[key])
    assert app.stack[-1] is play and play.feeling_before is None
    assert not play.ask_feeling


def test_the_breath_key_skips_only_past_the_grace(app):
    from game.scenes.feeling import FeelingScene

    app.settings.ask_feeling = True
    play, stepper = _open_level(app, app.catalog.campaign.levels[0])
    _frame(app, stepper, keys=["space"])  # at once: the breath being taken as the prompt came
    assert isinstance(app.stack[-1], FeelingScene)
    for _ in range(round(0.7 / STEP_S)):
        _frame(app, stepper)
    _frame(app, stepper, keys=["space"])
    assert app.stack[-1] is play and play.feeling_before is None


def test_with_the_setting_off_nothing_is_asked(app):
    assert app.settings.ask_feeling is False  # off unless asked for
    play, stepper = _open_level(app, app.catalog.campaign.levels[0])
    assert app.stack[-1] is play


def _finished(app, level):
    from breath_input.sources import KeyScriptSource
    from game.records.history import record_from_session
    from game.sim.session import PlaySession

    session = PlaySession(level)
    src = KeyScriptSource([(3.3 + 10 * i, 9.0 + 10 * i) for i in range(40)])
    while not session.finished:
        session.step(STEP_S, src)
    started = START.isoformat(timespec="seconds")
    rec = record_from_session(session, started_at=started, complete=True, source="keyboard", feeling_before=4)
    assert app.history.append(rec, play=session)
    return session


def _results(app, level, session):
    from game.scenes.base import Push
    from game.scenes.results import ResultsScene
    from game.scenes.title import TitleScene
    from game.sim.loop import FixedStep

    app.apply(Push(TitleScene(app)))
    results = ResultsScene(app, level, session)
    app.apply(Push(results))
    return results, FixedStep()


def test_after_the_results_enter_asks_and_the_answer_joins_the_history_line(app):
    from game.scenes.feeling import FeelingScene
    from game.scenes.title import TitleScene
    from game.window.input import Command

    app.settings.ask_feeling = True
    level = app.catalog.campaign.levels[-1]  # the last: Enter goes back to the menu
    session = _finished(app, level)
    results, stepper = _results(app, level, session)
    assert results.next_level is None
    _frame(app, stepper, commands=[Command.CONFIRM])
    prompt = app.stack[-1]
    assert isinstance(prompt, FeelingScene) and prompt.moment == "after" and prompt.backdrop is results
    _frame(app, stepper, keys=["[2]"])  # the keypad's 2
    assert isinstance(app.stack[-1], TitleScene)
    (line,) = app.history.load()
    assert (line.feeling_before, line.feeling_after) == (4, 2)


def test_going_straight_on_the_after_answer_stands_as_the_next_levels_before(app):
    from game.scenes.play import PlayScene
    from game.window.input import Command

    app.settings.ask_feeling = True
    level = app.catalog.campaign.levels[0]
    app.store.progress.record(level.id, stars=3, score=100)  # the next level is open
    session = _finished(app, level)
    results, stepper = _results(app, level, session)
    assert results.next_level is not None
    _frame(app, stepper, commands=[Command.CONFIRM])
    _frame(app, stepper, keys=["5"])
    nxt = app.stack[-1]
    assert isinstance(nxt, PlayScene) and nxt.level.id == results.next_level.id
    assert nxt.feeling_before == 5 and not nxt.ask_feeling  # not asked twice in a row
    assert app.history.load()[0].feeling_after == 5


def test_no_after_prompt_without_the_setting_or_without_a_history_line(app):
    from game.scenes.title import TitleScene
    from game.window.input import Command

    level = app.catalog.campaign.levels[-1]
    session = _finished(app, level)
    results, stepper = _results(app, level, session)
    _frame(app, stepper, commands=[Command.CONFIRM])  # setting off
    assert isinstance(app.stack[-1], TitleScene)
    app.settings.ask_feeling = True
    app.history.append(record(START), play=object())  # another play's line since: this one has none now
    results, stepper = _results(app, level, session)
    _frame(app, stepper, commands=[Command.CONFIRM])
    assert isinstance(app.stack[-1], TitleScene)
    assert [r.feeling_after for r in app.history.load()] == [None, None]


def test_feelings_on_the_command_line_need_headless(tmp_path: Path, capsys):
    assert main(["--data-dir", str(tmp_path), "play", "--feeling-before", "3"]) == 2
    assert "--feeling-before and --feeling-after need --headless" in capsys.readouterr().err


def test_the_first_microphone_check_does_not_ask_the_feeling_twice(tmp_path: Path):
    from game.records.storage import Store
    from game.scenes.base import Push, Replace
    from game.scenes.calibrate import CalibrationScene
    from game.scenes.feeling import FeelingScene
    from game.scenes.play import PlayScene
    from tests.test_first_mic_check import mic_app_for

    app = mic_app_for(Store(tmp_path), [])
    try:
        app.settings.ask_feeling = True
        play = PlayScene(app, app.catalog.campaign.levels[0])
        asked = play.update(STEP_S)
        assert isinstance(asked, Push) and isinstance(asked.scene, FeelingScene)
        asked.scene.capture_key("2")  # answered as the prompt is
        step = play.update(STEP_S)  # then the once-ever microphone check
        assert isinstance(step, Replace) and isinstance(step.scene, CalibrationScene)
        after = step.scene.then()  # the level again once the check is done
        assert isinstance(after, PlayScene) and after.feeling_before == 2 and not after.ask_feeling
    finally:
        app.close()


def test_the_history_screen_shows_checkins_before_any_session(app):
    from game.render.text import recording_text
    from game.scenes.history import HistoryScene

    app.store.add_checkin(checkin(START - timedelta(days=1), 14.0))
    scene = HistoryScene(app, today=TODAY)
    with recording_text(on=app.screen) as drawn:
        scene.draw(app.screen)
    words = [t for t, _ in drawn]
    assert "Check-in rate" in words and "shaded: usual 8-16" in words and "14.0" in words
    assert "Your sessions will show here." not in words  # not the empty screen: there is something to show


def test_checkins_that_heard_too_little_say_so_on_the_chart(app):
    from game.render.text import recording_text
    from game.scenes.history import HistoryScene

    app.store.add_checkin(checkin(START, None, heard=False))
    with recording_text(on=app.screen) as drawn:
        HistoryScene(app, today=TODAY).draw(app.screen)
    assert "none heard enough yet" in [t for t, _ in drawn]


@pytest.mark.parametrize(
    ("rate", "said"),
    [
        (7.6, "about 8 breaths a minute (within"),
        (8.5, "about 9 breaths a minute (within"),
        (7.4, "about 7 breaths a minute (slower than"),
    ],
)
def test_the_history_says_a_checkin_rate_as_its_card_did(rate, said):
    stats = HistoryStats(TODAY, checkins=[checkin(START, rate)])
    assert said in stats.checkin_line()
