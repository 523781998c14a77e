"""Frame cost of the real game screens (title, play with pacer + trace + HUD, pause, results) at 1280x720.

Run: ``python tests/bench/bench_frames.py [--frames 600] [--profile]``. Not collected by pytest.

Everything goes through the real ``App``: its run loop on a virtual clock (one fixed step per frame, as
``exhale play --headless`` runs), its ``FrameStats`` (input poll + fixed-step updates + draw, no flip, no
sleep), the real scenes, a shipped level per scene painter and a synthetic breather. Software rendering on
SDL's dummy video driver. Beside it, in the same process and on the same display surface, a bare pygame
loop timed the same way: event poll, fill, one full-screen blit, three rects.

The update/draw split comes from timing wrappers this bench puts around the scene instances' own methods
(the game is not changed).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BUDGET_MS, TARGET_FRACTION, headless_env, print_machine, stats_ms  # noqa: E402

headless_env()

import pygame  # noqa: E402

from game.app import App  # noqa: E402
from game.content.model import Level  # noqa: E402
from game.inputs.play_inputs import source_builder  # noqa: E402
from game.records.catalog import Catalog  # noqa: E402
from game.records.storage import Store  # noqa: E402
from game.render.lanterns import LanternsPainter  # noqa: E402
from game.scenes.base import Scene  # noqa: E402
from game.scenes.pause import PauseScene  # noqa: E402
from game.scenes.play import PlayScene  # noqa: E402
from game.scenes.results import ResultsScene  # noqa: E402
from game.scenes.title import TitleScene  # noqa: E402
from game.sim.session import PlaySession  # noqa: E402

SIZE = (1280, 720)
#: One shipped level per scene painter.
SCENE_LEVELS = {
    "lake": "lengthen-exhale",
    "lanterns": "cyclic-sighing",
    "tree": "steady-rhythm",
    "candle": "long-soft-exhale",
}
BREATHER = "synthetic:calm"
STEP = 1.0 / 60.0


class Timed:
    """Wraps one scene instance's update and draw to split the frame (the class is left alone)."""

    def __init__(self, scene: Scene) -> None:
        self.update_ms: dict[int, float] = defaultdict(float)
        self.draw_ms: dict[int, float] = defaultdict(float)
        self.scene = scene
        self.app = scene.app
        orig_update, orig_draw = scene.update, scene.draw

        def update(dt: float):
            t0 = time.perf_counter()
            try:
                return orig_update(dt)
            finally:
                self.update_ms[self.app.frames] += (time.perf_counter() - t0) * 1000

        def draw(surface: pygame.Surface) -> None:
            t0 = time.perf_counter()
            try:
                orig_draw(surface)
            finally:
                self.draw_ms[self.app.frames] += (time.perf_counter() - t0) * 1000

        scene.update = update  # type: ignore[method-assign]
        scene.draw = draw  # type: ignore[method-assign]

    def reset(self) -> None:
        self.update_ms.clear()
        self.draw_ms.clear()


def new_app(data: Path) -> App:
    store = Store(data)
    return App(
        store=store,
        catalog=Catalog.load([]),
        source_builder=source_builder(BREATHER),
        headless=True,
        size=SIZE,
    )


#: CPU time of each frame from the last run_frames call (thread CPU clock: time the OS gave to other
#: processes on a busy machine is not in it, unlike the wall-clock FrameStats).
LAST_CPU_MS: list[float] = []


def run_frames(app: App, first: Scene, warm: int, frames: int, *, under: Sequence[Scene] = ()) -> list[float]:
    """Run ``warm + frames`` frames of the real loop with ``first`` on top (``under`` below it);
    return the game's own FrameStats (wall ms) for the last ``frames``; their CPU ms go to LAST_CPU_MS."""
    app.stack = list(under)
    app.frames = 0
    app.stats.samples = []  # keep every frame's time for this measurement
    stop = [False]
    marks = [time.thread_time()]

    def watch(a: App) -> None:
        marks.append(time.thread_time())
        if not a.stack or a.stack[-1] is not first:  # the scene moved on (a level ended): stop here
            stop[0] = True
            a.running = False

    app.run(first, max_frames=warm + frames, on_frame=watch)
    app.stack = []
    if stop[0]:
        print(f"  note: {type(first).__name__} ended after {app.frames} frames", file=sys.stderr)
    cpu = [(b - a) * 1000 for a, b in zip(marks, marks[1:], strict=False)]
    LAST_CPU_MS[:] = cpu[warm:]
    return (app.stats.samples or [])[warm:]


def bare_loop(screen: pygame.Surface, frames: int) -> list[float]:
    """The least a pygame game does per frame, timed like FrameStats: poll, fill, blit, three rects."""
    bg = pygame.Surface(screen.get_size()).convert(screen)
    bg.fill((30, 36, 70))
    pygame.draw.circle(bg, (200, 180, 120), (900, 200), 60)
    out = []
    LAST_CPU_MS.clear()
    for i in range(frames):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        pygame.event.get()
        screen.fill((20, 24, 40))
        screen.blit(bg, (0, 0))
        x = i % 400
        pygame.draw.rect(screen, (200, 120, 80), (x, 500, 120, 60))
        pygame.draw.rect(screen, (80, 200, 120), (900 - x, 300, 60, 120))
        pygame.draw.rect(screen, (240, 240, 240), (20, 20, 300, 40), 2)
        out.append((time.perf_counter() - t0) * 1000)
        LAST_CPU_MS.append((time.thread_time() - c0) * 1000)
    return out


def shipped(app: App, level_id: str) -> Level:
    """The shipped level ``level_id`` (the benches name ones that exist)."""
    level = app.catalog.find(level_id)
    assert level is not None, level_id
    return level


def finished_session(app: App, level_id: str) -> PlaySession:
    """A whole play of ``level_id`` by the synthetic breather, stepped as the game steps it (no drawing)."""
    level = shipped(app, level_id)
    session = PlaySession(level)
    source = app.inputs.open(session.pacer)
    while not session.finished:
        session.step(STEP, source)
    return session


def measure(frames: int, warm_s: float = 23.0, *, hour: bool = True) -> tuple[list[dict], dict]:
    """All screens, one table. ``warm_s`` seconds of play (3 s lead-in + a full 20 s trace) before timing."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="exhale-bench-") as tmp:
        app = new_app(Path(tmp))
        try:
            screen = app.screen
            bare_a = bare_loop(screen, frames)
            cpu_a = list(LAST_CPU_MS)

            title = TitleScene(app)
            timed = Timed(title)
            ms = run_frames(app, title, 60, frames)
            rows.append(row("title", "title (lake backdrop + text)", ms, timed))

            for painter, level_id in SCENE_LEVELS.items():
                level = shipped(app, level_id)
                play = PlayScene(app, level, show_intro=False)
                timed = Timed(play)
                warm = round(warm_s * 60)
                ms = run_frames(app, play, warm, frames)
                rows.append(row(painter, f"play {level_id} (pacer+trace+HUD)", ms, timed))
                pause = PauseScene(app, play)
                timed_p = Timed(pause)
                timed.reset()
                ms = run_frames(app, pause, 10, frames // 2, under=[play])
                rows.append(row(painter, "pause over play", ms, timed_p, extra=timed))
                session = finished_session(app, level_id)
                results = ResultsScene(app, level, session)
                timed = Timed(results)
                ms = run_frames(app, results, 10, frames // 2)
                rows.append(row(painter, f"results ({session.seconds_played:.0f} s session)", ms, timed))
                play.leave()

            # A longer session fills the results charts with more bars and points.
            long_id = "free-session"
            session = finished_session(app, long_id)
            results = ResultsScene(app, shipped(app, long_id), session)
            timed = Timed(results)
            ms = run_frames(app, results, 10, frames // 2)
            rows.append(row("lake", f"results {long_id} ({session.seconds_played:.0f} s)", ms, timed))
            if hour:
                from soak import LEVEL

                from game.cli.common import resolve_level as _resolve_level

                # Late in a long lanterns session the sky holds max_lanterns (40) lanterns: the costliest sky.
                f = Path(tmp) / "lanterns-hour.yaml"
                f.write_text(LEVEL.format(scene="lanterns", minutes=60, seconds=3600))
                play = PlayScene(app, _resolve_level(app.catalog, str(f)), show_intro=False)
                for _ in range(8 * 60 * 60):  # 8 minutes of fixed steps, undrawn (update only)
                    play.update(STEP)
                assert isinstance(play.painter, LanternsPainter)
                aloft = len(play.painter.lanterns)
                timed = Timed(play)
                ms = run_frames(app, play, 60, frames)
                rows.append(row("lanterns", f"play after 8 min ({aloft} lanterns aloft)", ms, timed))
                play.leave()

                f = Path(tmp) / "hour.yaml"
                f.write_text(LEVEL.format(scene="lake", minutes=60, seconds=3600))
                level = _resolve_level(app.catalog, str(f))
                session = PlaySession(level)
                source = app.inputs.open(session.pacer)
                while not session.finished:
                    session.step(STEP, source)
                results = ResultsScene(app, level, session)
                timed = Timed(results)
                ms = run_frames(app, results, 10, frames // 2)
                rows.append(row("lake", "results after a 60 min session", ms, timed))

            bare_b = bare_loop(screen, frames)
            cpu_b = list(LAST_CPU_MS)
        finally:
            app.close()
    bare = {
        "before": stats_ms(bare_a),
        "after": stats_ms(bare_b),
        "all": stats_ms(bare_a + bare_b),
        "cpu": stats_ms(cpu_a + cpu_b),
    }
    return rows, bare


def row(scene: str, screen: str, ms: list[float], timed: Timed, extra: Timed | None = None) -> dict:
    upd = list(timed.update_ms.values())
    drw = list(timed.draw_ms.values())
    if extra is not None:  # the play scene drawn under the pause overlay
        drw = [d + extra.draw_ms.get(f, 0.0) for f, d in timed.draw_ms.items()]
    n = len(ms)
    cpu = stats_ms(LAST_CPU_MS)
    return {
        "scene": scene,
        "screen": screen,
        **stats_ms(ms),
        "cpu_mean": cpu["mean"],
        "cpu_p99": cpu["p99"],
        "update_mean": statistics.fmean(upd[-n:]) if upd else 0.0,
        "draw_mean": statistics.fmean(drw[-n:]) if drw else 0.0,
    }


def print_table(rows: list[dict], bare: dict) -> None:
    b = bare["all"]["mean"]
    bc = bare["cpu"]["mean"]
    print(
        f"## Frame cost at {SIZE[0]}x{SIZE[1]}, software (SDL dummy), budget {BUDGET_MS:.1f} ms, "
        f"target < {TARGET_FRACTION} of budget"
    )
    print(
        f"bare pygame loop (poll + fill + full-screen blit + 3 rects): wall mean {b:.3f} ms "
        f"(before {bare['before']['mean']:.3f}, after {bare['after']['mean']:.3f}), "
        f"p99 {bare['all']['p99']:.3f}; "
        f"CPU mean {bc:.3f} ms; {b / BUDGET_MS:.3f} of budget"
    )
    print(
        "wall = the game's FrameStats (update + draw, perf_counter); "
        "CPU = this thread's CPU time per frame (unaffected by other processes taking the cores)"
    )
    print()
    cols = (
        "scene",
        "screen",
        "frames",
        "wall mean",
        "wall p99",
        "CPU mean",
        "CPU p99",
        "update",
        "draw",
        "mean/budget",
        "p99/budget",
        "CPU/budget",
        "x bare",
        "< 0.25",
    )
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for r in rows:
        frac = r["mean"] / BUDGET_MS
        ok = "yes" if frac < TARGET_FRACTION else "NO"
        cells = (
            r["scene"],
            r["screen"],
            str(r["n"]),
            f"{r['mean']:.3f}",
            f"{r['p99']:.3f}",
            f"{r['cpu_mean']:.3f}",
            f"{r['cpu_p99']:.3f}",
            f"{r['update_mean']:.3f}",
            f"{r['draw_mean']:.3f}",
            f"{frac:.3f}",
            f"{r['p99'] / BUDGET_MS:.3f}",
            f"{r['cpu_mean'] / BUDGET_MS:.3f}",
            f"{r['mean'] / b:.1f}",
            ok,
        )
        print("| " + " | ".join(cells) + " |")
    print("(ms per frame; 'x bare' = wall mean / bare-loop wall mean)")
    print()


# -- where a frame goes: timing wrappers on the game's own functions (exact; no sampling skew) ------------


class Probe:
    """Times named callables by replacing them for the duration of a ``with`` block (restored after)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.order: list[str] = []
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, attr: str, label: str | None = None) -> None:
        label = label or attr
        orig = getattr(owner, attr)
        total, calls = self.total, self.calls
        self.order.append(label)

        def timed(*a, **k):
            t0 = time.perf_counter()
            try:
                return orig(*a, **k)
            finally:
                total[label] += time.perf_counter() - t0
                calls[label] += 1

        self._undo.append((owner, attr, orig))
        setattr(owner, attr, timed)

    def __enter__(self) -> Probe:
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, attr, orig in reversed(self._undo):
            if isinstance(owner, type) or not hasattr(type(owner), attr) or attr in vars(owner):
                setattr(owner, attr, orig)
        for owner, attr, _orig in self._undo:
            if not isinstance(owner, type) and attr in vars(owner) and hasattr(type(owner), attr):
                delattr(owner, attr)  # an instance override of a method: drop it, the class one shows again


def breakdown(frames: int, warm_s: float = 23.0) -> None:
    """ms per frame spent in each part of the play and results screens (nested parts are indented);
    ``warm_s`` seconds of play first, as in ``measure``."""
    import game.scenes.play as play_mod
    import game.scenes.results as results_mod

    print("## Where the frame goes (timing wrappers around the game's functions; ms per frame, % of frame)")
    with tempfile.TemporaryDirectory(prefix="exhale-parts-") as tmp:
        app = new_app(Path(tmp))
        try:
            for painter, level_id in SCENE_LEVELS.items():
                play = PlayScene(app, shipped(app, level_id), show_intro=False)
                run_frames(app, play, round(warm_s * 60), 1)
                with Probe() as pr:
                    pr.wrap(play, "update", "PlayScene.update")
                    pr.wrap(play.session, "step", "  PlaySession.step")
                    pr.wrap(play.painter, "update", "  painter.update")
                    pr.wrap(play, "draw", "PlayScene.draw")
                    pr.wrap(play.painter, "draw", "  painter.draw (scene)")
                    if painter == "lake":
                        for name in ("_layer", "_draw_water", "_draw_boat", "_draw_wake"):
                            pr.wrap(play.painter, name, f"    lake.{name}")
                        pr.wrap(type(play.painter), "_build_layer", "      lake._build_layer (cache miss)")
                    elif painter == "lanterns":
                        for name in ("_background", "_draw_sky_lantern", "_draw_reflection", "_draw_lantern"):
                            pr.wrap(play.painter, name, f"    lanterns.{name} (incl. nested)")
                        pr.wrap(
                            sys.modules["game.render.lanterns"],
                            "gradient_colour",
                            "    lanterns: gradient_colour (in the above)",
                        )
                        pr.wrap(play.painter, "_glow", "    lanterns._glow (sprite cache)")
                    pr.wrap(play_mod, "draw_pacer", "  draw_pacer")
                    pr.wrap(play.trace_layer, "draw", "  trace_layer.draw")  # the play trace, cached
                    pr.wrap(play_mod, "draw_hud", "  draw_hud")
                    pr.wrap(play, "view", "  PlayScene.view (update + draw)")
                    with GcWatch() as gcw:
                        ms = run_frames(app, play, 0, frames)
                print_parts(f"play {level_id} ({painter})", pr, ms)
                spikes_line(ms, gcw)
                play.leave()
            title = TitleScene(app)
            lake_cls = sys.modules["game.render.lake"].LakePainter
            with Probe() as pr:  # the title makes a new painter when entered: wrap the class
                pr.wrap(title, "draw", "TitleScene.draw")
                pr.wrap(lake_cls, "draw", "  painter.draw (lake)")
                pr.wrap(lake_cls, "_build_layer", "    lake._build_layer (cache miss)")
                pr.wrap(app.catalog, "next_unfinished", "  catalog.next_unfinished")
                with GcWatch() as gcw:
                    ms = run_frames(app, title, 0, frames)
            print_parts("title (from its first frame)", pr, ms)
            spikes_line(ms, gcw)
            level_id = SCENE_LEVELS["lake"]
            level = shipped(app, level_id)
            results = ResultsScene(app, level, finished_session(app, level_id))
            with Probe() as pr:
                pr.wrap(results, "draw", "ResultsScene.draw")
                for name in (
                    "what_went_well",
                    "gentle_suggestion",
                    "draw_wrapped",
                    "breath_vs_pacer",
                    "exhale_bars",
                    "pace_chart",
                ):
                    pr.wrap(results_mod, name, f"  {name}")
                with GcWatch() as gcw:
                    ms = run_frames(app, results, 0, frames // 2)
            print_parts(f"results {level_id}", pr, ms)
            spikes_line(ms, gcw)
        finally:
            app.close()


class GcWatch:
    """Counts the garbage collector's passes and their time while active (gen 2 passes are the long ones)."""

    def __init__(self) -> None:
        self.passes: dict[int, list[float]] = defaultdict(list)
        self._t0 = 0.0

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.passes[info["generation"]].append((time.perf_counter() - self._t0) * 1000)

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._cb)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._cb)

    def summary(self) -> str:
        parts = [f"gen{g}: {len(v)} passes, max {max(v):.2f} ms" for g, v in sorted(self.passes.items()) if v]
        return "; ".join(parts) or "no passes"


def spikes_line(ms: list[float], gcw: GcWatch) -> None:
    spikes = [m for m in ms if m > TARGET_FRACTION * BUDGET_MS]
    print(
        f"  frames over {TARGET_FRACTION} of the budget: {len(spikes)} of {len(ms)}"
        + (f" (worst {max(spikes):.1f} ms)" if spikes else "")
        + f"; garbage collector: {gcw.summary()}"
    )
    print()


def print_parts(label: str, pr: Probe, ms: list[float]) -> None:
    n = max(1, len(ms))
    frame = statistics.fmean(ms) if ms else 0.0
    print(f"{label}: frame mean {frame:.3f} ms over {len(ms)} frames")
    for name in pr.order:
        per = pr.total[name] * 1000 / n
        calls = pr.calls[name]
        each = ""
        if calls and calls < n / 2:
            each = f"  {calls} calls, {pr.total[name] * 1000 / calls:.2f} ms each"
        print(f"  {name:<58} {per:7.3f} ms  {100 * per / frame if frame else 0:5.1f}%{each}")


# -- profiling ---------------------------------------------------------------------------------------


def _walk(frame, stack=()):
    yield frame, stack
    for child in frame.children:
        yield from _walk(child, (*stack, frame))


def _key(frame) -> str:
    path = frame.file_path or ""
    for marker in ("/game/", "/breath_input/", "/pygame/", "/numpy/"):
        if marker in path:
            path = marker.strip("/") + "/" + path.split(marker, 1)[1]
            break
    else:
        path = Path(path).name if path else "?"
    return f"{path}:{frame.function}"


def profile(frames: int, top: int = 5, warm_s: float = 23.0) -> None:
    """pyinstrument over the play screen of each scene and the results screen; the hottest functions
    (after ``warm_s`` seconds of unprofiled play)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("## Profile: skipped (pip install pyinstrument; a profiling aid, not a dependency)\n")
        return
    with tempfile.TemporaryDirectory(prefix="exhale-prof-") as tmp:
        app = new_app(Path(tmp))
        try:
            for painter, level_id in SCENE_LEVELS.items():
                play = PlayScene(app, shipped(app, level_id), show_intro=False)
                run_frames(app, play, round(warm_s * 60), 1)  # lead-in + a full trace, unprofiled
                app.stack = [play]
                prof = Profiler(interval=0.0002)
                prof.start()
                run_frames(app, play, 0, frames, under=[])
                session = prof.stop()
                report(f"play {level_id} ({painter})", session.root_frame(), top)
                play.leave()
            level_id = SCENE_LEVELS["lake"]
            results = ResultsScene(app, shipped(app, level_id), finished_session(app, level_id))
            prof = Profiler(interval=0.0002)
            prof.start()
            run_frames(app, results, 0, frames // 2)
            report(f"results {level_id}", prof.stop().root_frame(), top)
        finally:
            app.close()


def report(label: str, root, top: int) -> None:
    if root is None:
        print(f"## Profile {label}: no samples\n")
        return

    # Frame work = time inside App.frame (the FrameStats span).
    def is_frame(f) -> bool:
        return f.function == "frame" and (f.file_path or "").endswith("game/app.py")

    frame_total = sum(f.time for f, st in _walk(root) if is_frame(f) and not any(is_frame(s) for s in st))
    frame_total = frame_total or root.time
    self_t: dict[str, float] = defaultdict(float)
    incl: dict[str, float] = defaultdict(float)
    for f, st in _walk(root):
        if f.is_synthetic:
            continue
        k = _key(f)
        self_t[k] += f.total_self_time
        if not any(_key(s) == k for s in st):
            incl[k] += f.time
    print(f"## Profile: {label} (pyinstrument; % of time in App.frame, {frame_total * 1000:.0f} ms sampled)")
    print("top by own time (excluding callees):")
    for k, v in sorted(self_t.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {100 * v / frame_total:5.1f}%  {k}")
    print("top game functions by inclusive time:")
    skip = {"game/app.py:frame", "game/app.py:run", "game/app.py:draw"}
    game = [(k, v) for k, v in incl.items() if k.startswith("game/") and k not in skip]
    for k, v in sorted(game, key=lambda kv: -kv[1])[: top + 3]:
        print(f"  {100 * v / frame_total:5.1f}%  {k}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=600, help="timed frames per screen (pause, results: half)")
    ap.add_argument("--profile", action="store_true", help="also profile with pyinstrument and list hotspots")
    ap.add_argument("--no-machine", action="store_true", help="do not print the machine block")
    ap.add_argument("--no-hour", action="store_true", help="skip the 60-minute-session rows (~20 s)")
    args = ap.parse_args(argv)
    if not args.no_machine:
        print_machine()
    rows, bare = measure(args.frames, hour=not args.no_hour)
    print_table(rows, bare)
    if args.profile:
        breakdown(args.frames)
        profile(args.frames)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
