"""Soak: a long headless session on the virtual clock; does memory stay flat?

Run: ``python tests/bench/soak.py [--minutes 60] [--scene lake|lanterns] [--trace]``. Not collected by pytest.

Plays a temporary level file (``duration: MINUTES*60``) exactly as ``exhale play FILE --headless --input
synthetic:calm --report R`` does: the real ``game.window.headless.play_headless`` (App, PlayScene, pacer,
scoring, a draw every frame, one fixed step per frame as fast as it goes). The only addition is a thin wrapper
around the breath source that reads this process's RSS (VmRSS) whenever session time crosses a sample mark; it
does nothing else. ``--trace`` also runs ``tracemalloc`` from the end of the first sample period to the end
and lists where the retained memory was allocated (it slows the run about 2-3x).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import headless_env, rss_mb  # noqa: E402

headless_env()

import game.window.headless  # noqa: E402
from game.app import App  # noqa: E402
from game.cli.common import resolve_level as _resolve_level  # noqa: E402
from game.inputs.play_inputs import source_builder  # noqa: E402
from game.records.catalog import Catalog  # noqa: E402
from game.records.storage import Store  # noqa: E402
from game.window.headless import play_headless  # noqa: E402

TARGET_GROWTH_MB = 20.0

LEVEL = """\
id: soak-{scene}
title: Soak, {minutes:g} minutes
intro: A long session for the memory soak.
scene: {scene}
pattern: {{inhale: 4, exhale: 6}}
duration: {seconds:g}
goals:
  - {{kind: long_exhales, seconds: 5, count: 5}}
"""


def hwm_mb() -> float:
    """Peak RSS of this process so far (VmHWM), MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


class Sampling:
    """A breath source that passes everything through and samples RSS at session-time marks."""

    def __init__(self, inner, marks: list[float], samples: list[dict], on_mark, apps: list[App]) -> None:
        self._inner = inner
        self._apps = apps
        self._marks = marks
        self._samples = samples
        self._on_mark = on_mark
        self._t0 = time.perf_counter()

    def read(self, t: float):
        while self._marks and t >= self._marks[0]:
            mark = self._marks.pop(0)
            app = self._apps[-1]
            session = next(scene.session for scene in app.stack if hasattr(scene, "session"))
            self._samples.append(
                {
                    "t_min": mark / 60.0,
                    "rss_mb": rss_mb(),
                    "wall_s": time.perf_counter() - self._t0,
                    # Everything that grows with session length, by count (what the RSS growth is made of).
                    "frame_stats": app.stats.count,
                    "flow_samples": len(session.flow_samples),
                    "pacer_samples": len(session.pacer_samples),
                    "breaths": len(session.breaths),
                    "notices": len(app.notices),
                    "text_cache": len(app.fonts._lines),
                    "gc_objects": len(gc.get_objects()),
                }
            )
            self._on_mark(mark)
        return self._inner.read(t)

    def __getattr__(self, name: str):  # name, key, status, close, ... : the real source's
        return getattr(self._inner, name)


def soak(minutes: float, scene: str = "lake", *, every_min: float | None = None, trace: bool = False) -> dict:
    seconds = minutes * 60.0
    if every_min is None:
        every_min = 5.0 if minutes >= 30 else max(0.5, minutes / 10.0)
    marks = [k * every_min * 60.0 for k in range(int(minutes / every_min) + 1)]
    if marks[-1] < seconds - 1.0:
        marks.append(seconds - 1.0)  # last sample just before the end (the session stops at `seconds`)
    samples: list[dict] = []
    traced: dict = {}

    def on_mark(mark: float) -> None:
        if not trace:
            return
        import tracemalloc

        if mark >= every_min * 60.0 and not tracemalloc.is_tracing():
            tracemalloc.start(1)
            traced["start"] = tracemalloc.take_snapshot()
            traced["from_min"] = mark / 60.0
        elif tracemalloc.is_tracing() and not marks:  # the last mark
            traced["end"] = tracemalloc.take_snapshot()
            traced["to_min"] = mark / 60.0
            tracemalloc.stop()

    with tempfile.TemporaryDirectory(prefix="exhale-soak-") as tmp:
        level_file = Path(tmp) / f"soak-{scene}.yaml"
        level_file.write_text(LEVEL.format(scene=scene, minutes=minutes, seconds=seconds))
        catalog = Catalog.load([])
        store = Store(Path(tmp) / "data")
        level = _resolve_level(catalog, str(level_file))
        spec = "synthetic:calm"
        inner = source_builder(spec)
        apps: list[App] = []

        class RecordedApp(App):  # the soak samples the app play_headless makes
            def __init__(self, **kw) -> None:
                super().__init__(**kw)
                apps.append(self)

        game.window.headless.App = RecordedApp  # type: ignore[misc]

        def factory(inputs, pacer):
            return Sampling(inner(inputs, pacer), marks, samples, on_mark, apps)

        rss_before = rss_mb()
        t0 = time.perf_counter()
        report = play_headless(
            level,
            store=store,
            catalog=catalog,
            factory=factory,
            input_spec=spec,
            report=Path(tmp) / "report.json",
        )
        wall = time.perf_counter() - t0
        saved = json.loads((Path(tmp) / "report.json").read_text())
    out = {
        "minutes": minutes,
        "scene": scene,
        "wall_s": wall,
        "x_real_time": seconds / wall if wall else 0.0,
        "frames": report["frames"],
        "frame_ms": report["frame_ms"],
        "complete": saved["complete"],
        "breaths": len(saved["breaths"]),
        "rss_before_mb": rss_before,
        # The frame that ends the session: summary, ResultsScene and its first draw.
        "last_frame_ms": apps[0].stats.last_ms if apps else float("nan"),
        "samples": samples,
        "peak_mb": hwm_mb(),
    }
    if traced.get("start") is not None and traced.get("end") is not None:
        stats = traced["end"].compare_to(traced["start"], "lineno")
        out["trace"] = {
            "from_min": traced["from_min"],
            "to_min": traced["to_min"],
            "top": [(str(s.traceback[0]), s.size_diff / 2**20, s.count_diff) for s in stats[:12]],
            "total_mb": sum(s.size_diff for s in stats) / 2**20,
        }
    return out


def print_report(r: dict) -> None:
    s = r["samples"]
    start, end = s[0]["rss_mb"], s[-1]["rss_mb"]
    peak = max(x["rss_mb"] for x in s)
    growth = end - start
    after_first = next((x for x in s if x["t_min"] > 0), s[0])
    print(
        f"## Soak: {r['minutes']:g} min of virtual-clock play headless ({r['scene']}, synthetic:calm), "
        f"sampling RSS every {s[1]['t_min'] - s[0]['t_min'] if len(s) > 1 else 0:g} simulated min"
    )
    print(
        f"wall {r['wall_s']:.0f} s ({r['x_real_time']:.1f}x real time), {r['frames']} frames, "
        f"frame mean {r['frame_ms']['mean']:.3f} ms p99 {r['frame_ms']['p99']:.3f} ms, "
        f"complete {r['complete']}, {r['breaths']} breaths; the frame that ends the session (summary + "
        f"results screen + its first draw) {r['last_frame_ms']:.1f} ms"
    )
    print(
        "| session min | RSS MB | wall s | FrameStats.ms | flow+pacer samples | breaths | text cache "
        "| gc objects |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for x in s:
        print(
            f"| {x['t_min']:.1f} | {x['rss_mb']:.1f} | {x['wall_s']:.0f} | {x['frame_stats']} | "
            f"{x['flow_samples'] + x['pacer_samples']} | {x['breaths']} | {x['text_cache']} | "
            f"{x['gc_objects']} |"
        )
    slope = (end - after_first["rss_mb"]) / max(1e-9, s[-1]["t_min"] - after_first["t_min"]) * 60
    verdict = "yes" if growth < TARGET_GROWTH_MB else "NO"
    print(
        f"RSS at session start {start:.1f} MB (process before play {r['rss_before_mb']:.1f} MB), "
        f"peak {peak:.1f} MB (VmHWM {r['peak_mb']:.1f}), end {end:.1f} MB; growth {growth:+.1f} MB "
        f"(target < {TARGET_GROWTH_MB:g} MB: {verdict}); after the first sample {slope:+.1f} MB per hour"
    )
    if "trace" in r:
        t = r["trace"]
        print(
            f"tracemalloc, retained between session minute {t['from_min']:g} and {t['to_min']:g}: "
            f"{t['total_mb']:+.2f} MB; top sites:"
        )
        for where, mb, count in t["top"]:
            print(f"  {mb:+8.3f} MB  {count:+8d} blocks  {where}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=60.0, help="simulated session length (default 60)")
    ap.add_argument("--scene", default="lake", choices=["lake", "lanterns"])
    ap.add_argument("--every", type=float, help="simulated minutes per RSS sample (default 5; less if short)")
    ap.add_argument("--trace", action="store_true", help="tracemalloc: where retained memory was allocated")
    ap.add_argument("--json", action="store_true", help="print the result as JSON too")
    args = ap.parse_args(argv)
    r = soak(args.minutes, args.scene, every_min=args.every, trace=args.trace)
    print_report(r)
    if args.json:
        print(json.dumps(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
