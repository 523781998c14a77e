"""Play a level with no window on a virtual clock, as fast as it can, and report on it.

Runs the same App, PlayScene, pacer and scoring as a windowed game; only the display and time differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pygame

from game.app import App
from game.content.model import Level
from game.inputs.source_provider import SourceBuilder
from game.records.catalog import Catalog
from game.records.storage import Store, atomic_write_text
from game.scenes.play import PlayScene
from game.scenes.results import ResultsScene
from game.sim.scoring import goal_report
from game.sim.session import PlaySession
from game.sim.simulate import level_warnings
from game.sim.timing import ManualTime, RealTime
from game.window.input import Command

SCREENSHOT_EVERY_S = 5.0


def session_report(
    level: Level, session: PlaySession, app: App, *, input_spec: str, source: str = ""
) -> dict[str, Any]:
    s = session.summary()

    def r(x: float | None, nd: int = 3) -> float | None:
        return None if x is None else round(x, nd)

    return {
        "level": level.id,
        "title": level.title,
        "input": input_spec,
        "source": source or input_spec,  # what was really used: after a fallback, "keyboard"
        "notices": app.all_notices(),
        "complete": session.finished and session.t >= session.pacer.total_s,
        "seconds": round(s.seconds, 3),
        "stars": s.stars,
        "score": s.score,
        "goals": [goal_report(g) for g in s.goals],  # the shape `exhale simulate --json` writes too
        "breaths": [b.to_dict() for b in s.breaths],
        "breaths_per_minute": r(s.breaths_per_minute),
        "average_exhale_s": r(s.average_exhale_s),
        "longest_exhale_s": r(s.longest_exhale_s),
        "average_inhale_s": r(s.average_inhale_s),
        "average_ratio": r(s.average_ratio),
        "average_sync": r(s.average_sync),
        "average_fullness": r(s.average_fullness),
        "steadiness": r(s.steadiness),
        "coherence": r(s.coherence),
        "bpm_by_minute": [round(v, 2) for v in s.bpm_by_minute],
        "gasps": s.gasps,
        "freezes": s.freezes,
        "scene": session.scene.state.to_dict(),  # what the scene earned: growth steps, lights, lanterns
        # A hum level heard through the detector: each hum's length, pitch and steadiness; None for air
        # levels and for the breath key (nothing listened for a hum).
        "hum": s.hum.to_dict() if s.hum is not None else None,
        "frames": app.frames,
        "frame_ms": app.stats.summary(),
        "drawn": app.draws,  # False: --no-draw, so frame_ms timed the logic without drawing
    }


def play_headless(
    level: Level,
    *,
    store: Store,
    catalog: Catalog,
    factory: SourceBuilder,
    input_spec: str,
    device: str | None = None,
    seconds: float | None = None,
    screenshots: Path | None = None,
    report: Path | None = None,
    size: tuple[int, int] = (1280, 720),
    realtime: bool = False,
    focus: bool = False,
    audio_out: Path | None = None,
    audio_rate: int = 22050,
    feeling_before: int | None = None,
    feeling_after: int | None = None,
    draw: bool = True,
) -> dict[str, Any]:
    """Play `level` to its end (or `seconds` of game time) and return the report (also written to `report`).

    A live source (the microphone) needs `realtime`: the loop then keeps pace with the wall clock.
    `audio_out`: write what the game plays to this WAV (mono 16-bit at `audio_rate`), on the game's clock.
    `feeling_before`, `feeling_after`: the answers to "how tense do you feel, 1-5" (never asked headless),
    written into the report and the session's history line.
    `draw`: False skips drawing the frames (screenshots need them, so they keep drawing); the play, its sound
    and the report are the same, and the report's frame_ms then times the game's logic alone.
    """
    clock = RealTime() if realtime else ManualTime()
    app = App(
        store=store,
        catalog=catalog,
        source_builder=factory,
        device=device,
        headless=True,
        size=size,
        time_source=clock,
    )
    app.draws = draw or screenshots is not None
    play = PlayScene(app, level, show_intro=False, focus=focus)
    play.take_feeling_before(feeling_before)  # nobody to ask: the answer, if any, came on the command line
    tape = None
    if audio_out is not None:
        from game.sound.audio_out import SoundTape

        tape = SoundTape(audio_out, rate=audio_rate, start_s=play.play.clock_s)  # from the 3-2-1 on
        app.cues.tape = tape
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    next_shot = [0.0]

    def watch(app: App) -> None:
        top = app.stack[-1] if app.stack else None
        if isinstance(top, ResultsScene):
            if screenshots is not None:
                pygame.image.save(app.screen, str(screenshots / "results.png"))
            app.running = False
            return
        if isinstance(top, PlayScene) and top.ending_s is not None and top.ending_s > 0:
            # The calm ending is pure presentation: a report needs none of it, so go on as Enter would.
            app.apply(top.handle(Command.CONFIRM))
            return
        if seconds is not None and play.session.t >= seconds and not play.session.finished:
            play.session.tracker.finish(play.session.t)
            app.running = False
        if screenshots is not None and isinstance(top, PlayScene) and top.session.t >= next_shot[0]:
            pygame.image.save(app.screen, str(screenshots / f"play-{int(next_shot[0]):04d}s.png"))
            next_shot[0] += SCREENSHOT_EVERY_S

    try:
        app.run(play, on_frame=watch)
        out = session_report(level, play.session, app, input_spec=input_spec, source=play.source.name)
        rate = play.source.breaths_per_minute()  # the detector's own, for audio sources
        out["detector_breaths_per_minute"] = None if rate is None else round(rate, 3)
        out["warnings"] = level_warnings(level)  # the file's, as exhale validate prints them
    finally:
        app.close()  # leaving the play hushes its tones: the tape hears that too
        if tape is not None:
            app.cues.tape = None
            seconds_out = tape.close(play.play.clock_s)
    out["feeling_before"], out["feeling_after"] = feeling_before, feeling_after
    saved = app.history.line_of(play.session)  # None: no history line (a synthetic breather, too short)
    if feeling_after is not None and saved is not None:
        app.history.add_feeling_after(saved.started_at, saved.level_id, feeling_after)
    out["history_saved"] = saved is not None
    if tape is not None:
        out["audio_out"] = {
            "file": str(audio_out),
            "rate": tape.rate,
            "seconds": round(seconds_out, 4),
            "starts_at_s": tape.start_s,  # session time of the file's first sample (the 3-2-1 lead-in)
            "peak": round(tape.peak, 4),
            "clipped_samples": tape.clipped,
            "sounds": tape.sounds_added,
            "guide": play.play.guide_on,
        }
    if report is not None:
        atomic_write_text(report, json.dumps(out, indent=2) + "\n")
    return out
