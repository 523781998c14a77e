"""Frame cost of each scene painter with the pacer, trace and HUD on top, beside a bare pygame loop.

Run: ``python tests/bench/bench_render.py [--frames 600] [--size 1280x720]``. Not collected by pytest
(the file is not named ``test_*``). Software rendering on SDL's dummy video driver.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pygame  # noqa: E402

from breath_input.types import Phase  # noqa: E402
from game.render.hud import draw_hud  # noqa: E402
from game.render.pacer_widget import draw_pacer  # noqa: E402
from game.render.painters import make_painter, painter_names  # noqa: E402
from game.render.palette import get_palette  # noqa: E402
from game.render.text import Fonts  # noqa: E402
from game.render.trace import draw_trace  # noqa: E402
from game.render.view import FrameView  # noqa: E402

BUDGET_MS = 1000 / 60
DT = 1 / 60


def views(n: int, *, inhale: float = 4.0, exhale: float = 6.0) -> list[FrameView]:
    """A plausible session: tapering exhales, a growing trace, breaths counted, calm rising."""
    out, trace, breaths = [], [], 0
    cycle = inhale + exhale
    for i in range(n):
        t = i * DT
        c = t % cycle
        if i and c < DT * 0.999:
            breaths += 1
        if c < inhale:
            phase, flow, size, name, left = Phase.INHALE, 0.0, c / inhale, "inhale", inhale - c
        else:
            e = c - inhale
            phase, flow, size, name, left = (
                Phase.EXHALE,
                0.8 * min(1, e / 0.6) * (1 - 0.5 * e / exhale),
                1 - e / exhale,
                "exhale",
                exhale - e,
            )
        trace.append((t, size, flow))
        del trace[:-1200]
        out.append(
            FrameView(
                t=t,
                pacer_phase=name,
                pacer_size=size,
                pacer_phase_left_s=left,
                breath_phase=phase,
                flow=flow,
                exhale_s=max(0.0, c - inhale),
                last_exhale_s=exhale if breaths else 0.0,
                breaths=breaths,
                calm=min(1.0, 0.3 + t / 60),
                trace=tuple(trace),
            )
        )
    return out


def summarise(label: str, samples: list[float], bare_mean: float | None = None) -> None:
    ordered = sorted(samples)
    mean = statistics.fmean(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    line = f"{label:<28} mean {mean:6.3f} ms   p99 {p99:6.3f} ms   budget {mean / BUDGET_MS:5.3f}"
    if bare_mean:
        line += f"   x bare {mean / bare_mean:5.1f}"
    print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=600)
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--palette", default="calm")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    pygame.init()
    screen = pygame.display.set_mode((w, h))
    palette = get_palette(args.palette)
    fonts = Fonts(h / 720)
    seq = views(args.frames + 60)
    driver = pygame.display.get_driver()
    print(f"{w}x{h}, {args.frames} frames, budget {BUDGET_MS:.1f} ms/frame, video driver {driver}")

    bare = []
    for _ in range(args.frames):
        t0 = time.perf_counter()
        screen.fill((20, 24, 40))
        pygame.display.flip()
        bare.append((time.perf_counter() - t0) * 1000)
    summarise("bare loop (fill + flip)", bare)
    bare_mean = statistics.fmean(bare)

    pacer_rect = pygame.Rect(
        w - round(330 * h / 720), h - round(380 * h / 720), round(300 * h / 720), round(340 * h / 720)
    )
    trace_rect = pygame.Rect(
        round(30 * h / 720), h - round(170 * h / 720), round(520 * h / 720), round(140 * h / 720)
    )
    notice = "Microphone not found — using SPACE. Install libportaudio2 to use a microphone."
    for name in painter_names():
        painter = make_painter(name, (w, h), params={"min_exhale_s": 4}, palette=palette, seed=1)
        t0 = time.perf_counter()
        painter.update(seq[0], DT)
        painter.draw(screen, seq[0])
        cold = (time.perf_counter() - t0) * 1000
        for view in seq[1:60]:  # warm the caches
            painter.update(view, DT)
            painter.draw(screen, view)
        scene, full = [], []
        for view in seq[60:]:
            t0 = time.perf_counter()
            painter.update(view, DT)
            painter.draw(screen, view)
            t1 = time.perf_counter()
            draw_pacer(screen, pacer_rect, view, palette, fonts)
            draw_trace(screen, trace_rect, view.trace, palette, fonts=fonts)
            draw_hud(screen, view, palette, fonts, title="Lengthen the exhale", notice=notice, muted=True)
            t2 = time.perf_counter()
            pygame.display.flip()
            scene.append((t1 - t0) * 1000)
            full.append((t2 - t0) * 1000)
        summarise(f"{name}: scene only", scene, bare_mean)
        summarise(f"{name}: full frame", full, bare_mean)
        print(f"{'':<28} first frame (cold caches) {cold:.1f} ms")


if __name__ == "__main__":
    main()
