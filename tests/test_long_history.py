"""A long history shows and exports in bounded memory (issue 15, item 5).

The history file is read line by line and the summary keeps a few figures per practice day, so memory is
measured with tracemalloc against the file's size; the streamed exports are checked to be the very text
the whole-list exports wrote.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest

from game.cli.history import history_command
from game.records import history as history_module
from game.records.history import (
    BREATH_COLUMNS,
    HISTORY_FILE,
    SESSION_COLUMNS,
    History,
    SessionRecord,
    export,
    summary_text,
)

TODAY = date(2025, 3, 20)


def session(rng: random.Random, day: date, *, breaths: int | None = None) -> SessionRecord:
    n = rng.randint(10, 40) if breaths is None else breaths
    return SessionRecord(
        level_id="lengthen",
        title="Lengthen the exhale – «calme»",  # not ASCII: the JSON export keeps it as it is
        started_at=f"{day.isoformat()}T{rng.randint(6, 22):02d}:00:00+01:00",
        seconds_played=round(n * 10.0 + rng.random(), 3),
        complete=rng.random() < 0.8,
        stars=2,
        score=rng.randint(0, 900),
        breaths_per_minute=rng.choice([None, round(rng.uniform(5, 9), 3)]),
        average_exhale_s=round(rng.uniform(3, 7), 3),
        steadiness=round(rng.random(), 3),
        source="mic",
        breaths=[
            {name: round(rng.uniform(0, 10), 3) for name in BREATH_COLUMNS if name != "breaks"}
            | {"breaks": 0}
            for _ in range(n)
        ],
    )


def write_history(folder: Path, n: int, *, days: int, seed: int = 0) -> tuple[Path, list[SessionRecord]]:
    """`n` sessions over the `days` days up to TODAY, written as History.append writes them (faster)."""
    rng = random.Random(seed)
    records = [
        session(rng, TODAY - timedelta(days=days - 1 - i * days // n), breaths=0 if i % 17 == 0 else None)
        for i in range(n)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HISTORY_FILE
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    return path, records


def reference_csv(records: list[SessionRecord]) -> str:
    """The CSV export as it was written before streaming: every row into one string."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*SESSION_COLUMNS, "breath", *BREATH_COLUMNS])
    for r in records:
        figures = [r.breaths_per_minute, r.average_exhale_s, r.steadiness]
        head = [r.started_at, r.level_id, r.title, r.complete, r.seconds_played, r.stars, r.score, r.source]
        head += ["" if v is None else v for v in figures] + [r.scene, r.scene_earned]
        head += ["" if v is None else v for v in (r.feeling_before, r.feeling_after)]
        for i, b in enumerate(r.breaths, start=1):
            writer.writerow([*head, i, *("" if b.get(k) is None else b.get(k) for k in BREATH_COLUMNS)])
    return buf.getvalue()


@pytest.fixture(scope="module")
def history800(tmp_path_factory) -> tuple[Path, Path, list[SessionRecord]]:
    """800 sessions over 5 days (some 2.6 MB), written once for the tests that only read them: (the data
    folder, the history file, the records)."""
    data = tmp_path_factory.mktemp("history800") / "data"
    path, records = write_history(data, 800, days=5)
    return data, path, records


def traced_peak(fn, *args, **kwargs) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = fn(*args, **kwargs)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streamed_exports_are_the_whole_list_exports(tmp_path: Path) -> None:
    _, records = write_history(tmp_path / "data", 60, days=9)
    records[3] = SessionRecord(**{**records[3].__dict__, "breaths": []})  # nothing to export in CSV
    for name, expected in [
        ("x.json", json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False) + "\n"),
        ("x.csv", reference_csv(records)),
    ]:
        counts = export(iter(records), tmp_path / name)  # a one-pass iterator is enough
        assert (tmp_path / name).read_text(encoding="utf-8") == expected
        assert counts.sessions == 60 and counts.breaths == sum(len(r.breaths) for r in records)
    export([], tmp_path / "empty.json")
    assert json.loads((tmp_path / "empty.json").read_text(encoding="utf-8")) == []


def test_the_summary_is_one_pass_and_keeps_no_session(history800, monkeypatch) -> None:
    data, path, records = history800
    size = path.stat().st_size
    assert size > 2_500_000
    history = History(data)
    monkeypatch.setattr(History, "load", lambda self: pytest.fail("the whole history was loaded"))
    stats, peak = traced_peak(history.summarise, TODAY)
    assert stats.summary_text() == summary_text(records, TODAY)
    assert stats.recorded == 800 and stats.sessions == 800 - len(range(0, 800, 17))
    assert peak < size / 20  # the largest line and five days of figures, not 800 sessions


@pytest.mark.parametrize("name", ["all.csv", "all.json"])
def test_export_memory_is_one_session_not_the_file(history800, tmp_path: Path, name: str) -> None:
    data, path, records = history800
    before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in data.iterdir())
    out = io.StringIO()
    code, peak = traced_peak(
        history_command,
        data,
        export=str(tmp_path / name),
        today=TODAY,
        out=out,
        err=io.StringIO(),
    )
    assert code == 0
    assert out.getvalue().startswith(summary_text(records, TODAY))
    written = (tmp_path / name).stat().st_size
    assert written > 2_500_000
    assert peak < min(path.stat().st_size, written) / 8  # about one session at a time
    assert sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in data.iterdir()) == before


def test_a_failed_export_still_summarises_every_session(tmp_path: Path, monkeypatch) -> None:
    _, records = write_history(tmp_path / "data", 40, days=3)

    def disk_full(records, f):
        next(iter(records))
        f.write("half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(history_module, "_write_csv", disk_full)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.csv"
    out, err = io.StringIO(), io.StringIO()
    assert history_command(tmp_path / "data", export=str(target), today=TODAY, out=out, err=err) == 1
    assert out.getvalue().strip() == summary_text(records, TODAY)  # all 40, not the one read before
    assert err.getvalue().strip() == f"exhale: cannot write {target}: No space left on device"
    assert list((tmp_path / "out").iterdir()) == []  # no half file, no temp file left


def test_an_overlong_line_is_skipped_without_being_held(tmp_path: Path, monkeypatch) -> None:
    path, records = write_history(tmp_path / "data", 3, days=1)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    monkeypatch.setattr(history_module, "MAX_LINE_BYTES", 100_000)
    junk = "x" * 350_001 + "\n"  # three and a half limits: skipped in pieces
    path.write_text(lines[0] + junk + lines[1] + lines[2], encoding="utf-8")
    history = History(tmp_path / "data")
    assert history.load() == records
    assert history.damaged_lines == [2]
    assert "line 2 of" in history.notices[0]
