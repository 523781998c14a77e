"""Levels that ask for a hummed exhale (issue 13, section 3): `exhale_style: hum` loads and validates, the
recording or microphone is heard in hum mode for such a level, and a headless play of the shipped humming
level from a synthetic hum file counts the hums as breaths."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np

from breath_input import synth_audio as sa
from breath_input.detector import BreathDetector
from breath_input.recorded import RecordedSource
from breath_input.types import Phase
from game.cli import main
from game.content.loader import load_level_text
from game.content.model import Level
from game.records.catalog import Catalog
from game.render.view import FrameView
from game.sim.loop import STEP_S
from game.sim.pacer import Pacer
from game.sim.play_controller import PlayController, PlayPorts

RATE = 16000
LEVEL = """id: hum-test
title: Hum test
pattern: {inhale: 3, exhale: 5}
cycles: 3
"""


def write_wav(path: Path, x: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def hums_along(level, *, seed: int = 7001) -> np.ndarray:
    """A player humming each of the level's exhales, a little late and short, breathing in quietly."""
    spans = [(a + 0.3, b - 0.3) for a, b in Pacer(level).exhale_spans()]
    x, _ = sa.hummed_exhales(
        sample_rate=RATE, duration_s=Pacer(level).total_s + 1.0, spans=spans, breath_db=(-40, -34), seed=seed
    )
    return x


def test_exhale_style_loads_defaults_and_validates():
    level, problems = load_level_text(LEVEL + "exhale_style: hum\n", "hum-test.yaml")
    assert problems == [] and isinstance(level, Level) and level.exhale_style == "hum"
    level, problems = load_level_text(LEVEL, "hum-test.yaml")
    assert isinstance(level, Level) and level.exhale_style == "air"
    broken, _ = load_level_text(LEVEL + "exhale_style: hmm\n", "hum-test.yaml")
    assert not isinstance(broken, Level)
    (p,) = broken.problems
    assert (p.line, p.severity) == (5, "error") and "did you mean 'hum'" in p.message


def test_the_campaign_ends_with_the_humming_level():
    campaign = Catalog.load().campaign.levels
    assert campaign[-1].id == "humming-exhale" and campaign[-1].exhale_style == "hum"
    assert "hum" in campaign[-1].intro
    assert all(lv.exhale_style == "air" for lv in campaign[:-1])


def run_play(tmp_path: Path, level: str, spec: str, seconds: float) -> dict:
    report = tmp_path / f"report-{len(list(tmp_path.glob('report-*')))}.json"
    args = ["--data-dir", str(tmp_path / "data"), "play", level, "--headless", "--input", spec]
    args += ["--seconds", str(seconds), "--no-draw"]  # the first cycles, not drawn: the report is tested
    assert main([*args, "--report", str(report)]) == 0
    result: dict = json.loads(report.read_text())
    return result


def test_a_headless_play_of_the_humming_level_counts_the_hums(tmp_path):
    level = Catalog.load().find("humming-exhale")
    assert level is not None
    wav = write_wav(tmp_path / "hums.wav", hums_along(level))
    seconds = 4 * Pacer(level).cycle_at(0.0).duration_s + 1.0
    report = run_play(tmp_path, "humming-exhale", f"wav:{wav}", seconds)
    assert len(report["breaths"]) in (3, 4)  # the fourth may still be under way when the play stops
    assert all(b["exhale_s"] > 3.0 for b in report["breaths"])


def test_the_breath_key_still_works_on_the_humming_level(tmp_path):
    level = Catalog.load().find("humming-exhale")
    assert level is not None
    spans = [(a + 0.2, b - 0.2) for a, b in Pacer(level).exhale_spans()[:2]]
    keys = tmp_path / "keys.txt"
    keys.write_text("".join(f"{a:.2f} {b:.2f}\n" for a, b in spans), encoding="utf-8")
    report = run_play(tmp_path, "humming-exhale", f"keys:{keys}", 2 * Pacer(level).cycle_at(0.0).duration_s)
    assert len(report["breaths"]) == 2


def test_the_view_says_how_strongly_the_player_hums(tmp_path):
    level, _ = load_level_text(LEVEL + "exhale_style: hum\n", "hum-test.yaml")
    assert isinstance(level, Level)
    wav = write_wav(tmp_path / "hums.wav", hums_along(level, seed=7002))
    ports = PlayPorts(
        open_source=lambda pacer: RecordedSource(wav, lambda rate: BreathDetector(rate, hum=True)),
        keyboard=lambda: RecordedSource(wav, BreathDetector),
        key_name=lambda: "SPACE",
        calibration_for=lambda device: None,
        mic_check_due=lambda: False,
    )
    play = PlayController(level, ports, show_intro=False)
    seen = []
    while play.session.t < Pacer(level).total_s - 0.5:
        play.step(STEP_S)
        seen.append(play.view().hum)
    assert max(seen) > 0.2 and min(seen) == 0.0
    assert sum(v > 0 for v in seen) > 0.3 * len(seen)  # humming through most of each exhale
    assert len(play.session.breaths) >= 2


def test_an_air_level_does_not_hear_the_hums_as_breaths(tmp_path):
    # The same hums played into the level without `exhale_style: hum`: the air detector alone, which
    # rejects a voice, counts (almost) none of them.
    level, _ = load_level_text(LEVEL, "hum-test.yaml")
    assert isinstance(level, Level)
    wav = write_wav(tmp_path / "hums.wav", hums_along(level, seed=7002))
    ports = PlayPorts(
        open_source=lambda pacer: RecordedSource(wav, BreathDetector),
        keyboard=lambda: RecordedSource(wav, BreathDetector),
        key_name=lambda: "SPACE",
        calibration_for=lambda device: None,
        mic_check_due=lambda: False,
    )
    play = PlayController(level, ports, show_intro=False)
    while play.session.t < Pacer(level).total_s - 0.5:
        play.step(STEP_S)
        assert play.view().hum == 0.0
    assert len(play.session.breaths) <= 1


def test_the_candle_glows_warmer_while_the_player_hums():
    import pygame

    from game.render.candle import CandlePainter
    from game.render.palette import get_palette

    pygame.init()
    try:
        painter = CandlePainter((640, 400), palette=get_palette("calm"))
        surface = pygame.Surface(painter.size)
        quiet = FrameView(t=1.0, breath_phase=Phase.INHALE)
        painter.update(quiet, 1 / 60)
        painter.draw(surface, quiet)
        before = pygame.surfarray.array3d(surface).astype(int).sum()
        humming = FrameView(t=1.0, breath_phase=Phase.EXHALE, flow=0.5, hum=0.5)
        for _ in range(120):  # two seconds of a soft hum
            painter.update(humming, 1 / 60)
        assert painter.hum_glow > 0.9
        painter.draw(surface, humming)
        assert pygame.surfarray.array3d(surface).astype(int).sum() > before  # the room is brighter
        for _ in range(240):
            painter.update(quiet, 1 / 60)
        assert painter.hum_glow < 0.05  # and settles back when the hum ends
    finally:
        pygame.quit()
