"""`exhale checkin`: a minute of "how am I breathing today?", in a window or headless with a JSON report.

Headless runs the same App and check-in scene as the window, on a virtual clock (a live microphone keeps
pace with the wall clock, as `exhale play --headless` does), with the breath source built from `--input`
exactly as a play's is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from game.cli.common import (
    UsageError,
    add_input_options,
    add_no_draw_option,
    add_size_option,
    drawn,
    open_catalog,
    open_store,
    source_builder_for,
)
from game.sim.checkin import DEFAULT_SECONDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("checkin", help="a one-minute check-in: your natural breathing rate today")
    add_input_options(p, defaults=False)
    add_size_option(p, defaults=False)
    p.add_argument("--headless", action="store_true", help="no window; a virtual clock, as fast as possible")
    p.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SECONDS,
        help=f"length of the check-in in seconds (default {DEFAULT_SECONDS:g})",
    )
    p.add_argument("--report", type=Path, help="write a JSON report here (headless; default: print it)")
    p.add_argument("--screenshots", type=Path, help="save PNGs of the check-in and its result card here")
    add_no_draw_option(p)


def run(args: argparse.Namespace) -> int:
    if not 5.0 <= args.seconds <= 3600.0:
        raise UsageError(f"--seconds {args.seconds:g}: a check-in lasts 5 to 3600 seconds")
    store = open_store(args)
    builder = source_builder_for(args, store)
    catalog = open_catalog(args)
    draw = drawn(args)
    if not args.headless:
        return _run_window(store, catalog, builder, seconds=args.seconds, device=args.device, size=args.size)
    report = checkin_headless(
        store=store,
        catalog=catalog,
        builder=builder,
        input_spec=args.input,
        device=args.device,
        seconds=args.seconds,
        report=args.report,
        screenshots=args.screenshots,
        size=args.size,
        realtime=args.input.partition(":")[0] in ("mic", "auto"),
        draw=draw,
    )
    if args.report is None:
        print(json.dumps(report, indent=2))
    return 0


def checkin_headless(
    *,
    store,
    catalog,
    builder,
    input_spec: str,
    device: str | None = None,
    seconds: float = DEFAULT_SECONDS,
    report: Path | None = None,
    screenshots: Path | None = None,
    size: tuple[int, int] = (1280, 720),
    realtime: bool = False,
    draw: bool = True,
) -> dict[str, Any]:
    """Run one check-in with no window and return its report (also written to `report`).

    `draw`: False skips drawing the frames (screenshots keep them); what is heard and measured is the same.
    """
    import pygame

    from game.app import App
    from game.records.storage import atomic_write_text
    from game.scenes.checkin import CheckinResultScene, CheckinScene
    from game.sim.checkin import describe
    from game.sim.timing import ManualTime, RealTime

    app = App(
        store=store,
        catalog=catalog,
        source_builder=builder,
        device=device,
        headless=True,
        size=size,
        time_source=RealTime() if realtime else ManualTime(),
    )
    app.draws = draw or screenshots is not None
    scene = CheckinScene(app, seconds=seconds)
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    shot_at = [seconds / 2]

    def watch(app: App) -> None:
        top = app.stack[-1] if app.stack else None
        if isinstance(top, CheckinResultScene):
            if screenshots is not None:
                pygame.image.save(app.screen, str(screenshots / "checkin-result.png"))
            app.running = False
        elif screenshots is not None and top is scene and scene.session.t >= shot_at[0]:
            pygame.image.save(app.screen, str(screenshots / "checkin.png"))
            shot_at[0] = float("inf")

    try:
        app.run(scene, on_frame=watch)
        source_name = scene.saved.get("input", "") if scene.saved else ""
        result = scene.session.result
        out: dict[str, Any] = {"input": input_spec, "source": source_name, "notices": app.all_notices()}
        if result is None:  # stopped before the minute was over (a signal): nothing measured, nothing saved
            out.update({"complete": False, "seconds": round(scene.session.t, 2)})
        else:
            out.update({"complete": True, **result.to_dict()})
            out["words"] = describe(result, key=store.settings.breath_key.upper()).to_dict()
        out["saved"] = scene.saved is not None
        out["drawn"] = app.draws
    finally:
        app.close()
    if report is not None:
        atomic_write_text(report, json.dumps(out, indent=2) + "\n")
    return out


def _run_window(
    store, catalog, builder, *, seconds: float, device: str | None, size: tuple[int, int] = (1280, 720)
) -> int:
    """The check-in in a window, with the title screen beneath it (Esc or Enter lands there)."""
    from game.inputs.native_noise import no_display_reason

    reason = no_display_reason(os.environ, sys.platform)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    from game.app import App
    from game.scenes.checkin import CheckinScene
    from game.scenes.title import TitleScene

    app = App(store=store, catalog=catalog, source_builder=builder, device=device, size=size)
    try:
        app.stack.append(TitleScene(app))
        app.run(CheckinScene(app, seconds=seconds))
    finally:
        app.close()
    return 0
