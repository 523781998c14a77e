"""The hums' figures on a hum level (issue 13, section 3): each hummed exhale's length, pitch and steadiness,
gathered as the play runs (game/sim/hum_figures.py), in the headless report, the history and on the results
screen; none for air levels, and a plain line for the breath key."""

from __future__ import annotations

import json
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from breath_input import synth_audio as sa
from breath_input.types import HumStatus
from game.app import App
from game.cli import main
from game.content.model import Level
from game.records.catalog import Catalog
from game.records.history import History, export
from game.records.history_record import SessionRecord, record_from_session
from game.records.storage import Store
from game.scenes import results as results_mod
from game.sim.hum_figures import HumFigures, HumLog, hum_words
from game.sim.pacer import Pacer
from game.sim.session import PlaySession

RATE = 16000
# Two hums into the shipped level's first two exhales (each 6 s from 4 s and 14 s): different pitches and
# lengths, so the figures must be each hum's own. Pitches clear of 110-150 Hz, where the detector reads up to
# half the hums an octave high (docs/performance.md, "The hummed exhale"): a detector matter, not this one.
HUMS = ((95.0, 0.3, 5.7), (210.0, 0.5, 4.5))  # (pitch Hz, start after the exhale begins, end), seconds


def humming_level() -> Level:
    level = Catalog.load().find("humming-exhale")
    assert level is not None
    return level


def hum(
    n: int, *, humming: bool, length_s: float, pitch_hz: float = 150.0, spread_db: float = 1.0
) -> HumStatus:
    return HumStatus(
        humming=humming,
        pitch_hz=pitch_hz,
        steadiness=0.9,
        pitch_spread_cents=5.0,
        level_db=20.0,
        level_spread_db=spread_db,
        length_s=length_s,
        hums=n,
    )


# -- the log, pure -----------------------------------------------------------------------------------------
def test_a_hum_is_taken_with_the_figures_it_ends_with():
    log = HumLog()
    log.hear(HumStatus())  # listening, nothing heard yet
    assert log.figures() == HumFigures(())
    for t, pitch in ((0.5, 150.5), (1.0, 151.0), (2.0, 152.0)):
        log.hear(hum(1, humming=True, length_s=t, pitch_hz=pitch))
    assert log.humming
    # Ended: the whole length now, and the detector's pitch of the last half second, which slid up.
    log.hear(hum(1, humming=False, length_s=2.1, pitch_hz=160.0))
    log.hear(hum(1, humming=False, length_s=2.1, pitch_hz=160.0))  # the same ended hum again: once
    figures = log.figures()
    assert figures is not None and figures.hums == 1 and not log.humming
    assert (figures.each[0].length_s, figures.each[0].pitch_hz) == (2.1, 151.0)  # the hum's middle pitch


def test_a_hum_under_way_counts_as_it_stands_and_a_missed_end_keeps_the_last_seen():
    log = HumLog()
    log.hear(hum(1, humming=True, length_s=3.0, pitch_hz=120.0))
    log.hear(hum(2, humming=True, length_s=0.4, pitch_hz=220.0))  # the first hum's end fell between steps
    figures = log.figures()
    assert figures is not None
    assert [(h.length_s, h.pitch_hz) for h in figures.each] == [(3.0, 120.0), (0.4, 220.0)]
    assert figures.median_length_s == pytest.approx(1.7) and figures.pitch_hz == pytest.approx(170.0)
    assert figures.longest_s == 3.0


def test_nothing_listening_is_no_figures_and_a_source_gone_quiet_ends_its_hum():
    log = HumLog()
    for _ in range(3):
        log.hear(None)  # the breath key: no hum can be heard
    assert log.figures() is None
    log.hear(hum(1, humming=True, length_s=2.0))
    log.hear(None)  # the microphone stopped; the breath key stands in from here
    figures = log.figures()
    assert figures is not None and figures.hums == 1 and not log.humming


def test_the_words_say_how_many_how_long_and_how_steady():
    steady = HumFigures(tuple(hum(i, humming=False, length_s=5.0 + 0.1 * i) for i in range(1, 7)))
    assert hum_words(steady) == "Hums: 6, about 5.3 s each, pitch steady (0.90), loudness even."
    one = HumFigures((replace(hum(1, humming=False, length_s=4.0, spread_db=5.0), steadiness=0.2),))
    assert hum_words(one) == "One hum, 4.0 s, pitch wavering (0.20), loudness wavering."
    middling = HumFigures((replace(hum(1, humming=False, length_s=4.0, spread_db=3.0), steadiness=0.5),))
    assert hum_words(middling) == "One hum, 4.0 s, pitch a little wavering (0.50), loudness fairly even."
    assert hum_words(HumFigures(())).startswith("No hum was heard")
    assert "breath key stood in" in hum_words(None)


def test_the_figures_read_as_the_report_writes_them():
    figures = HumFigures((hum(1, humming=False, length_s=5.0), hum(2, humming=False, length_s=3.0)))
    d = figures.to_dict()
    assert (d["hums"], d["median_length_s"], d["longest_s"], d["pitch_hz"]) == (2, 4.0, 5.0, 150.0)
    assert (d["pitch_steadiness"], d["loudness_spread_db"]) == (0.9, 1.0)
    assert [h["length_s"] for h in d["each"]] == [5.0, 3.0]


# -- the history record ------------------------------------------------------------------------------------
def played(level: Level, statuses: list[HumStatus | None]) -> PlaySession:
    """A session of `level` whose hums were heard as `statuses` (no audio: the log is fed directly)."""
    session = PlaySession(level, lead_in_s=0.0)
    for status in statuses:
        if session.hums is not None:
            session.hums.hear(status)
    return session


def test_the_history_keeps_the_hums_and_an_air_level_line_has_none(tmp_path):
    session = played(
        humming_level(), [hum(1, humming=True, length_s=1.0), hum(1, humming=False, length_s=5.2)]
    )
    record = record_from_session(session, started_at="2026-12-04T05:00:00+00:00", complete=True, source="mic")
    assert record.hum is not None and record.hum["hums"] == 1 and record.hum["median_length_s"] == 5.2
    assert "each" not in record.hum  # the line keeps the summary; breaths are there one by one already
    again = SessionRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again.hum == record.hum and isinstance(again.hum["hums"], int)
    air_level = next(lv for lv in Catalog.load().campaign.levels if lv.exhale_style == "air")
    air = record_from_session(
        played(air_level, []), started_at="2026-12-04T05:00:00+00:00", complete=True, source="mic"
    )
    assert air.hum is None and "hum" not in air.to_dict()  # the line is as it was before hums


def test_damaged_hum_figures_lose_themselves_not_the_session():
    session = played(humming_level(), [hum(1, humming=False, length_s=5.0)])
    line = record_from_session(session, started_at="2026-12-04T05:00:00+00:00", complete=True, source="mic")
    for bad in ("loud", {"hums": "six"}, {"pitch_hz": True}, [1, 2]):
        raw = {**line.to_dict(), "hum": bad}
        record = SessionRecord.from_dict(raw)
        assert record.hum is None and record.level_id == "humming-exhale"


# -- the results screen ------------------------------------------------------------------------------------
def drawn_on_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session: PlaySession) -> list[str]:
    app = App(store=Store(tmp_path), catalog=Catalog.load(), headless=True, size=(1280, 720))
    try:
        drawn: list[str] = []
        real = results_mod.draw_wrapped

        def spy(surface, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            drawn.append(text)
            return real(surface, text, *args, **kwargs)

        monkeypatch.setattr(results_mod, "draw_wrapped", spy)
        results_mod.ResultsScene(app, session.level, session).draw(app.screen)
        return drawn
    finally:
        app.close()


def test_the_results_say_how_the_hums_went(tmp_path, monkeypatch):
    statuses: list[HumStatus | None] = []
    for n, length in ((1, 5.0), (2, 5.4), (3, 5.2)):
        statuses += [hum(n, humming=True, length_s=1.0), hum(n, humming=False, length_s=length)]
    drawn = drawn_on_results(tmp_path, monkeypatch, played(humming_level(), statuses))
    assert "Hums: 3, about 5.2 s each, pitch steady (0.90), loudness even." in drawn


def test_the_results_of_the_breath_key_on_a_hum_level_say_it_stood_in(tmp_path, monkeypatch):
    drawn = drawn_on_results(tmp_path, monkeypatch, played(humming_level(), [None, None]))
    assert hum_words(None) in drawn
    assert not any(line.startswith(("Hums:", "One hum")) for line in drawn)


def test_the_results_of_an_air_level_say_nothing_of_hums(tmp_path, monkeypatch):
    level = next(lv for lv in Catalog.load().campaign.levels if lv.exhale_style == "air")
    drawn = drawn_on_results(tmp_path, monkeypatch, played(level, []))
    assert drawn and not any("hum" in line.lower() for line in drawn if line != level.tip)


# -- a headless play from a recording ----------------------------------------------------------------------
def write_wav(path: Path, x: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def hum_play(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, list[tuple[float, float]], Path]:
    """One headless play of the shipped humming level, its first two exhales hummed: (report, spans, data)."""
    folder = tmp_path_factory.mktemp("hum-play")
    exhales = Pacer(humming_level()).exhale_spans()[: len(HUMS)]
    spans = [(a + start, a + end) for (a, _), (_, start, end) in zip(exhales, HUMS, strict=True)]
    seconds = spans[-1][1] + 0.8
    x = np.zeros(int(seconds * RATE))
    for (f0, _, _), span, seed in zip(HUMS, spans, (7101, 7102), strict=True):
        y, _ = sa.hummed_exhales(
            sample_rate=RATE,
            duration_s=seconds,
            spans=[span],
            f0_hz=(f0, f0),
            breath_db=(-40, -34),
            seed=seed,
        )
        x[: y.size] += y
    wav = write_wav(folder / "hums.wav", x)
    report = folder / "report.json"
    args = ["--data-dir", str(folder / "data"), "play", "humming-exhale", "--headless"]
    args += ["--input", f"wav:{wav}", "--seconds", f"{seconds:.2f}", "--no-draw"]  # figures, not pictures
    assert main([*args, "--report", str(report)]) == 0
    return json.loads(report.read_text()), spans, folder / "data"


def test_a_headless_play_reports_each_hum_as_it_was_hummed(hum_play):
    report, spans, _ = hum_play
    figures = report["hum"]
    assert figures is not None and figures["hums"] == len(HUMS)
    for heard, (a, b), (f0, _, _) in zip(figures["each"], spans, HUMS, strict=True):
        # The hum's own length counts from its first voiced moment; the synthetic hum fades in and out.
        assert heard["length_s"] == pytest.approx(b - a, abs=0.4)
        assert heard["pitch_hz"] == pytest.approx(f0, rel=0.03)  # the synthetic voice drifts up to 3 %
        assert 0.0 < heard["pitch_steadiness"] <= 1.0 and heard["loudness_spread_db"] < 6.0
    lengths = sorted(b - a for a, b in spans)
    assert figures["median_length_s"] == pytest.approx(sum(lengths) / 2, abs=0.4)
    assert figures["pitch_hz"] == pytest.approx(sum(f for f, _, _ in HUMS) / 2, rel=0.03)
    assert figures["longest_s"] == max(h["length_s"] for h in figures["each"])


def test_the_history_line_of_that_play_keeps_its_hums(hum_play, tmp_path):
    report, _, data = hum_play
    (record,) = History(data).load()
    assert record.hum is not None
    assert {k: record.hum[k] for k in ("hums", "median_length_s", "pitch_hz")} == {
        k: report["hum"][k] for k in ("hums", "median_length_s", "pitch_hz")
    }
    export(History(data).load(), tmp_path / "history.json")  # `exhale history --export` keeps them too
    (exported,) = json.loads((tmp_path / "history.json").read_text())
    assert exported["hum"] == record.hum


def test_an_air_level_and_the_breath_key_report_no_hums(tmp_path):
    keys = tmp_path / "keys.txt"
    keys.write_text("0.2 3.5\n", encoding="utf-8")
    for level in ("first-breaths", "humming-exhale"):
        report = tmp_path / f"{level}.json"
        args = ["--data-dir", str(tmp_path / "data"), "play", level, "--headless", "--input", f"keys:{keys}"]
        assert main([*args, "--seconds", "4", "--size", "640x400", "--report", str(report)]) == 0
        got = json.loads(report.read_text())
        assert "hum" in got and got["hum"] is None and len(got["breaths"]) == 1
