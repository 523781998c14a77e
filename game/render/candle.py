"""A candle on a sill at night: its flame dances on a soft exhale and gutters on a hard one."""

from __future__ import annotations

import math
import random

import pygame

from breath_input.types import Phase
from game.render.palette import RGB, mix
from game.render.scene_base import (
    ScenePainter,
    approach,
    clamp01,
    glow_sprite,
    gradient_colour,
    gradient_surface,
    hill_profile,
    matching,
    smoothstep,
)
from game.render.view import FrameView
from game.sim.scene_rules import CANDLE_LIGHTS

MAX_LIGHTS = CANDLE_LIGHTS  # which long soft exhales earn a light is decided in game/sim/scene_rules.py
_TRAVEL_S = 1.6  # a mote of light drifts from the flame to the small light it is about to light...
_KINDLE_S = 1.8  # ...which then brightens over this long: nothing ever pops on
# Every multiple of the phase the flame uses (1, 1.73, 1.9, 2.91) is a whole number of hundredths, so the
# phase wraps at 100 turns without a jump.
_PHASE_WRAP = math.tau * 100.0
_SUPERSAMPLE = 2  # the flame is drawn this many times larger and smoothed down: soft edges, no jaggies


def _flame_norm() -> float:
    # The widest point of the flame's profile, so that its half-width parameter is the real half-width.
    return max(math.sqrt(s) * (1.0 - s) ** 1.3 for s in (i / 400 for i in range(401)))


_PROFILE_NORM = _flame_norm()


class CandlePainter(ScenePainter):
    """The candle scene. The flame leans to the left, away from the breath; each long soft exhale lights
    one of the small lights along the sill.

    Params (level ``scene_params``):
        soft_max: flow above this (0.3..1, default 0.9) gutters the flame; below it the flame dances.
            A held breath key reads as 0.8, so below that keyboard players could never keep it soft.
        room: "window" (default: the sill of a window at night) or "table" (a table in a dim room).
    """

    SCENE = "candle"

    # -- setup -----------------------------------------------------------------------------------

    def _configure(self) -> None:
        self.soft_max = self._param_float("soft_max")
        self.room = self._param_choice("room")
        # Animation state: all of it advances in update() only.
        self.sway = 0.0  # 0..1, how much the flame dances: soft flow, smoothed
        self.gutter = 0.0  # 0..1, how hard the flame is pushed: flow over soft_max, smoothed
        self.warmth = 0.5  # smoothed view.calm: a settled session warms the room a little
        self.hum_glow = 0.0  # smoothed view.hum: the light warms and swells while the player hums
        self.phase = 0.0  # radians; runs faster the harder the flame is blown, so speed changes never jump
        #: Seconds since each small light on the sill was earned, in the order they were earned.
        self.light_ages: list[float] = []
        #: Long soft exhales so far this session (lights stop at MAX_LIGHTS; this keeps counting).
        self.soft_exhales = 0
        self._bg: pygame.Surface | None = None
        self._bg_lights = 0  # small lights, fully lit, painted into the cached background so far

    def _layout(self) -> None:
        w, h = self.size
        u = self.u = h / 720.0  # one "design pixel" at 720p
        self.cx = round(w * 0.42)  # left of centre: the pacer stands on the right
        if self.room == "window":
            self.sill_back, self.sill_front, self.sill_bottom = (round(h * f) for f in (0.70, 0.765, 0.80))
        else:
            self.sill_back, self.sill_front, self.sill_bottom = (round(h * f) for f in (0.64, 0.775, 0.81))
        self.base_y = round(h * 0.745)  # where the candle stands
        self.candle_w = max(2, round(60 * u))
        self.candle_h = max(2, round(150 * u))
        self.top_y = self.base_y - self.candle_h
        self.flame_h = 78 * u  # the still flame, bottom to tip
        self.flame_hw = 13.5 * u  # its half-width at the widest
        # The flame's drawing box, in flame coordinates (origin at the flame's bottom): room for the
        # strongest lean to the left and the dance either side.
        self._box_left = round(96 * u) + 2
        self._box_right = round(44 * u) + 2
        self._box_up = round(self.flame_h * 1.22) + 2
        self._box_down = round(10 * u) + 2
        ss = _SUPERSAMPLE
        box = (self._box_left + self._box_right, self._box_up + self._box_down)
        self._flame_big = pygame.Surface((box[0] * ss, box[1] * ss), pygame.SRCALPHA)
        self._flame_small = pygame.Surface(box, pygame.SRCALPHA)
        rng = random.Random(f"{self.seed}:layout")
        self._light_spots = self._place_lights(rng)
        self._window = self._window_rect()
        self._hills = hill_profile(
            rng, max(1, self._window.w), base=self._window.h * 0.86, amp=self._window.h * 0.09, step=4
        )
        self._stars = [(rng.random(), rng.random() ** 1.3, rng.uniform(0.25, 1.0)) for _ in range(60)]
        self._far_lights = [(rng.uniform(0.1, 0.9), rng.uniform(0.2, 0.8)) for _ in range(3)]
        self._grain = [
            (rng.random(), rng.random(), rng.uniform(0.2, 1.0), rng.uniform(0.3, 1.0)) for _ in range(26)
        ]
        self._colours = self._palette_colours()
        self._bg = None
        # The flame's light near it follows the flame each frame; the room further out keeps a steady
        # share of it in the cached background (a full-room glow blended live would cost 0.5 ms a frame).
        self._near_glow = glow_sprite(max(4, round(h * 0.25)), self._colours["light"], falloff=1.5)
        self._halo = glow_sprite(max(3, round(90 * u)), self._colours["light"], falloff=2.0)
        self._small_glow = glow_sprite(max(2, round(44 * u)), self._colours["light"], falloff=2.0)

    def _place_lights(self, rng: random.Random) -> list[tuple[int, int]]:
        """Where the small lights stand: nearest the candle first, alternately left and right."""
        w = self.width
        spots = []
        gap = max(24 * self.u, w * 0.07)
        step = max(16 * self.u, w * 0.058)
        for i in range(MAX_LIGHTS):
            side = -1 if i % 2 == 0 else 1
            k = i // 2
            x = self.cx + side * (gap + k * step) + rng.uniform(-0.2, 0.2) * step
            depth = rng.uniform(0.35, 0.75)  # how far forward on the sill
            y = self.sill_back + depth * (self.sill_front - self.sill_back)
            spots.append((round(min(w - 8 * self.u, max(8 * self.u, x))), round(y)))
        return spots

    def _window_rect(self) -> pygame.Rect:
        w, h = self.size
        half = max(2, round(min(w * 0.21, h * 0.42)))
        top = round(h * 0.13)  # below the title line
        return pygame.Rect(self.cx - half, top, 2 * half, max(2, self.sill_back - top))

    # -- colours and the cached background ------------------------------------------------------

    def _palette_colours(self) -> dict[str, RGB]:
        p = self.palette
        if p.high_contrast:
            # Near-black room, grey shapes, a white candle and a yellow flame: nothing tinted.
            return {
                "wall_top": p.sky_top,
                "wall_bottom": p.sky_mid,
                "sky_top": p.water,
                "sky_bottom": p.sky_bottom,
                "hills": p.hills_near,
                "frame": p.hills_far,
                "wood": p.hills_far,
                "wood_dark": p.hills_near,
                "edge": p.ripple,
                "wax": p.boat,
                "wax_shade": mix(p.boat, p.hills_far, 0.45),
                "brass": p.hills_far,
                "star": p.star,
                "light": p.star,  # a neutral haze: yellow at low alpha turns olive on black
                "outer": p.lantern,
                "mid": p.lantern_glow,
                "core": (255, 255, 255),
                "ember": p.lantern,
                "wick": (0, 0, 0),
                "cup": p.hills_near,
            }
        night = (6, 7, 18)
        wall = mix(mix(p.hills_near, (16, 10, 12), 0.55), p.lantern, 0.05)
        wood = mix(p.boat, p.lantern, 0.30)
        wax = mix(p.sail, p.lantern, 0.12)
        return {
            "wall_top": mix(wall, (6, 5, 8), 0.55),
            "wall_bottom": wall,
            "sky_top": mix(p.sky_top, night, 0.6),
            "sky_bottom": mix(mix(p.sky_top, p.sky_mid, 0.45), night, 0.45),
            "hills": mix(p.hills_near, night, 0.65),
            "frame": mix(wood, (10, 8, 10), 0.55),
            "wood": wood,
            "wood_dark": mix(wood, (8, 6, 8), 0.6),
            "edge": mix(wood, p.lantern_glow, 0.35),
            "wax": wax,
            "wax_shade": mix(wax, mix(p.boat, p.lantern, 0.35), 0.62),
            "brass": mix(p.lantern, p.boat, 0.55),
            "star": p.star,
            # Candle light, kept near warm white: a saturated yellow glow turns olive over the night blue.
            "light": mix(mix(p.lantern_glow, p.lantern, 0.35), (255, 232, 204), 0.3),
            "outer": p.lantern,
            "mid": p.lantern_glow,
            "core": mix(p.lantern_glow, (255, 255, 250), 0.75),
            "ember": mix(p.lantern, (255, 90, 40), 0.4),
            "wick": (28, 20, 18),
            "cup": mix(wood, (10, 8, 10), 0.5),
        }

    def _background(self, target: pygame.Surface) -> pygame.Surface:
        if self._bg is not None and self._bg.get_masks() == target.get_masks():
            return self._bg
        w, h = self.size
        c = self._colours
        surf = pygame.Surface(self.size)
        surf.blit(gradient_surface((w, h), [(0.0, c["wall_top"]), (0.7, c["wall_bottom"])]), (0, 0))
        if self.room == "window":
            self._paint_window(surf)
        else:
            self._paint_wallpaper(surf)
        self._paint_sill(surf)
        for x, y in self._light_spots:
            self._paint_cup(surf, x, y)
        self._paint_candle(surf)
        ambient = glow_sprite(max(4, round(h * 0.55)), c["light"], falloff=1.8)
        ambient.set_alpha(40 if self.palette.high_contrast else 72)
        bx, by = self.flame_base()
        surf.blit(ambient, ambient.get_rect(center=(bx, round(by - 0.5 * self.flame_h))))
        self._bg = matching(surf, target)
        self._bg_lights = 0
        return self._bg

    def _paint_window(self, surf: pygame.Surface) -> None:
        c = self._colours
        u = self.u
        win = self._window
        sky = [(0.0, c["sky_top"]), (1.0, c["sky_bottom"])]
        surf.blit(gradient_surface(win.size, sky), win.topleft)
        surf.set_clip(win)
        for sx, sy, b in self._stars:
            y = win.top + round(sy * win.h * 0.75)
            colour = mix(gradient_colour(sky, (y - win.top) / max(1, win.h)), c["star"], b * (1 - 0.5 * sy))
            pygame.draw.circle(surf, colour, (win.left + round(sx * win.w), y), max(1, round(u * b)))
        # A thin crescent moon in the upper right pane.
        moon = (win.left + round(win.w * 0.8), win.top + round(win.h * 0.17))
        mr = max(2, round(16 * u))
        halo = glow_sprite(max(4, round(mr * 4)), c["star"], falloff=2.6)
        halo.set_alpha(36)
        surf.blit(halo, halo.get_rect(center=moon))
        pygame.draw.circle(surf, mix(c["star"], self.palette.sun, 0.3), moon, mr)
        behind = gradient_colour(sky, (moon[1] - win.top) / max(1, win.h))
        pygame.draw.circle(surf, behind, (moon[0] + round(mr * 0.45), moon[1] - round(mr * 0.2)), mr)
        # Far hills with a few house lights.
        pts = [(win.left + i * 4, win.top + round(y)) for i, y in enumerate(self._hills)]
        pygame.draw.polygon(surf, c["hills"], [*pts, (pts[-1][0], win.bottom), (win.left, win.bottom)])
        for fx, fy in self._far_lights:
            i = min(len(self._hills) - 1, round(fx * (len(self._hills) - 1)))
            y = win.top + self._hills[i] + fy * (win.h - self._hills[i]) * 0.5
            glow = mix(c["hills"], self.palette.lantern_glow, 0.55)
            pygame.draw.circle(surf, glow, (win.left + round(fx * win.w), round(y)), max(1, round(1.4 * u)))
        surf.set_clip(None)
        # The frame: an outer casing, two mullions and a transom, the inner edges caught by the candle.
        frame = max(2, round(16 * u))
        bar = max(1, round(8 * u))
        pygame.draw.rect(surf, c["frame"], win.inflate(2 * frame, 2 * frame), frame)
        for k in (1, 2):
            x = win.left + round(win.w * k / 3)
            pygame.draw.rect(surf, c["frame"], (x - bar // 2, win.top, bar, win.h))
        transom = win.top + round(win.h * 0.32)
        pygame.draw.rect(surf, c["frame"], (win.left, transom - bar // 2, win.w, bar))
        lit = mix(c["frame"], c["edge"], 0.35)
        lw = max(1, round(1.5 * u))
        pygame.draw.line(surf, lit, (win.left, win.bottom - 1), (win.right - 1, win.bottom - 1), lw)
        pygame.draw.line(surf, lit, (win.left, win.top), (win.left, win.bottom - 1), lw)

    def _paint_wallpaper(self, surf: pygame.Surface) -> None:
        # Faint stripes above a plain panelled dado: texture for the candle light to fall on.
        w, h = self.size
        c = self._colours
        rail = round(h * 0.5)
        shade = pygame.Surface((w, rail), pygame.SRCALPHA)
        stripe = max(1, round(14 * self.u))
        gap = max(4, round(44 * self.u))
        for x in range(0, w, gap):
            pygame.draw.rect(shade, (0, 0, 0, 26), (x, 0, stripe, rail))
        surf.blit(shade, (0, 0))
        dado = pygame.Surface((w, max(1, self.sill_back - rail)), pygame.SRCALPHA)
        dado.fill((0, 0, 0, 40))
        surf.blit(dado, (0, rail))
        lw = max(1, round(5 * self.u))
        pygame.draw.line(surf, c["frame"], (0, rail), (w, rail), lw)
        pygame.draw.line(surf, mix(c["frame"], c["edge"], 0.3), (0, rail - lw), (w, rail - lw), 1)

    def _paint_sill(self, surf: pygame.Surface) -> None:
        w, h = self.size
        c = self._colours
        top = [(0.0, mix(c["wood"], c["wood_dark"], 0.45)), (1.0, c["wood"])]
        depth = max(1, self.sill_front - self.sill_back)
        surf.blit(gradient_surface((w, depth), top), (0, self.sill_back))
        # Grain: long faint lines along the wood.
        for gx, gy, length, shade in self._grain:
            y = self.sill_back + round(gy * depth)
            base = gradient_colour(top, gy)
            x0 = gx * w
            colour = mix(base, c["wood_dark"], 0.25 * shade)
            pygame.draw.line(surf, colour, (x0, y), (x0 + length * w * 0.5, y), 1)
        face = [(0.0, c["wood_dark"]), (1.0, mix(c["wood_dark"], (0, 0, 0), 0.5))]
        surf.blit(
            gradient_surface((w, max(1, self.sill_bottom - self.sill_front)), face), (0, self.sill_front)
        )
        # The pool of candle light on the wood (the live glow adds to it and breathes).
        pool = pygame.transform.smoothscale(
            glow_sprite(max(4, round(64 * self.u)), c["light"], falloff=1.6),
            (max(2, round(w * 0.5)), max(2, round(depth * 3.2))),
        )
        pool.set_alpha(40 if self.palette.high_contrast else 70)
        surf.set_clip(pygame.Rect(0, self.sill_back, w, depth))
        surf.blit(pool, pool.get_rect(center=(self.cx, self.base_y)))
        surf.set_clip(None)
        lw = max(1, round(2 * self.u))
        pygame.draw.line(surf, c["edge"], (0, self.sill_front), (w, self.sill_front), lw)
        below = [(0.0, mix(c["wall_bottom"], (0, 0, 0), 0.45)), (1.0, mix(c["wall_top"], (0, 0, 0), 0.3))]
        surf.blit(gradient_surface((w, max(1, h - self.sill_bottom)), below), (0, self.sill_bottom))

    def _cup_rects(self, x: int, y: int) -> tuple[pygame.Rect, pygame.Rect]:
        """A small light's glass cup standing at (x, y): its body and the ellipse of its rim."""
        u = self.u
        body = pygame.Rect(0, 0, max(2, round(20 * u)), max(2, round(13 * u)))
        body.midbottom = (x, y)
        rim = pygame.Rect(0, 0, body.w, max(2, round(6 * u)))
        rim.center = body.midtop
        return body, rim

    def _paint_cup(self, surf: pygame.Surface, x: int, y: int) -> None:
        """An unlit small light: a low glass cup, dark until a soft exhale lights it."""
        c = self._colours
        body, rim = self._cup_rects(x, y)
        pygame.draw.rect(surf, c["cup"], body)
        pygame.draw.ellipse(surf, mix(c["cup"], c["edge"], 0.25), rim)
        pygame.draw.ellipse(surf, mix(c["cup"], c["wall_top"], 0.5), rim.inflate(-max(2, rim.w // 4), -2))

    def _paint_candle(self, surf: pygame.Surface) -> None:
        c = self._colours
        u = self.u
        cx, cw = self.cx, self.candle_w
        left = cx - cw // 2
        ry = max(1, round(6 * u))  # half-height of the ellipse of the candle's round top and foot
        # A faint shadow on the sill, then the dish the candle stands in.
        shadow = pygame.Surface((round(cw * 2.2), max(2, round(16 * u))), pygame.SRCALPHA)
        pygame.draw.ellipse(shadow, (0, 0, 0, 60), shadow.get_rect())
        surf.blit(shadow, shadow.get_rect(center=(cx, self.base_y + round(5 * u))))
        dish = pygame.Rect(0, 0, round(cw * 1.75), max(2, round(14 * u)))
        dish.center = (cx, self.base_y)
        pygame.draw.ellipse(surf, mix(c["brass"], (0, 0, 0), 0.4), dish.move(0, max(1, round(3 * u))))
        pygame.draw.ellipse(surf, mix(c["brass"], (0, 0, 0), 0.15), dish)
        # The body, column by column: rounded shading, and the wax near the flame glowing through.
        top = self.top_y
        warm = 0.0 if self.palette.high_contrast else 0.22
        for i in range(cw):
            across = (i + 0.5) / cw  # 0 left edge .. 1 right edge
            round_light = math.sin(math.pi * across) ** 0.7 * (1.0 - 0.25 * across)
            column = mix(c["wax_shade"], c["wax"], round_light)
            stops = [
                (0.0, mix(column, self.palette.lantern_glow, warm)),
                (0.22, column),
                (1.0, mix(column, c["wax_shade"], 0.45)),
            ]
            foot = self.base_y - round(3 * u) + round(ry * math.sqrt(max(0.0, 1.0 - (2 * across - 1) ** 2)))
            surf.blit(gradient_surface((1, max(1, foot - top)), stops), (left + i, top))
        # The dish's front lip passes in front of the candle's foot.
        lip = max(1, round(3 * u))
        pygame.draw.arc(surf, c["brass"], dish, math.pi, math.tau, lip)
        # Two drips down the side.
        lw = max(1, round(5 * u))
        for dx, length in ((0.24, 0.2), (0.72, 0.11)):
            x = left + round(cw * dx)
            drip_col = mix(c["wax"], c["wax_shade"], 0.1 if dx < 0.5 else 0.35)
            y1 = top + round(self.candle_h * length)
            pygame.draw.line(surf, drip_col, (x, top), (x, y1), lw)
            pygame.draw.circle(surf, drip_col, (x, y1), max(1, lw // 2 + 1))
        # The top: a rim, and the pool of melted wax a little lighter.
        rim = pygame.Rect(0, 0, cw, 2 * ry)
        rim.center = (cx, top)
        pygame.draw.ellipse(surf, mix(c["wax"], c["wax_shade"], 0.2), rim)
        pool = rim.inflate(-max(2, round(10 * u)), -max(1, round(5 * u)))
        pool_col = mix(c["wax"], self.palette.lantern_glow, 0.0 if self.palette.high_contrast else 0.35)
        pygame.draw.ellipse(surf, pool_col, pool)

    # -- animation -------------------------------------------------------------------------------

    def update(self, view: FrameView, dt: float) -> None:
        super().update(view, dt)
        flow = clamp01(view.flow) if view.breath_phase is Phase.EXHALE or view.flow > 0 else 0.0
        while self.soft_exhales < view.scene_earned:  # a long soft exhale: a light travels to the sill
            self.soft_exhales += 1
            if len(self.light_ages) < MAX_LIGHTS:
                self.light_ages.append(0.0)

        soft = min(flow, self.soft_max) / self.soft_max
        hard = clamp01((flow - self.soft_max) / max(0.05, 1.0 - self.soft_max))
        # The flame answers a breath at once and settles back slowly, like a real one.
        self.sway = approach(self.sway, soft, dt, 0.35 if soft > self.sway else 0.9)
        self.gutter = approach(self.gutter, hard, dt, 0.18 if hard > self.gutter else 0.8)
        # Settled is settled: no endless sub-pixel creep, so a still flame draws the same every frame.
        if abs(self.sway - soft) < 1e-4:
            self.sway = soft
        if abs(self.gutter - hard) < 1e-4:
            self.gutter = hard
        self.warmth = approach(self.warmth, clamp01(view.calm), dt, 3.0)
        hum = clamp01(2.0 * view.hum)  # a soft hum is enough to be answered fully
        self.hum_glow = approach(self.hum_glow, hum, dt, 0.5 if hum > self.hum_glow else 1.2)
        if abs(self.hum_glow - hum) < 1e-4:
            self.hum_glow = hum
        self.light_ages = [age + dt for age in self.light_ages]
        if not view.reduced_motion:
            # A still flame flickers about once a second; dancing, a little faster; guttering, fast.
            turns_per_s = 0.9 + 0.6 * self.sway + 4.2 * self.gutter
            self.phase = (self.phase + math.tau * turns_per_s * dt) % _PHASE_WRAP

    @property
    def lit(self) -> int:
        """How many small lights are lit (or being lit) on the sill."""
        return len(self.light_ages)

    # -- the flame's shape ---------------------------------------------------------------------------

    def flame_shape(self, view: FrameView) -> tuple[float, float, float, float]:
        """The flame now: (lean in radians, positive to the left; height px; half-width px; brightness 0..1).

        Pure: the same state and view give the same flame.
        """
        still = view.reduced_motion
        g, s = self.gutter, self.sway
        p = self.phase
        w1, w2, w3 = math.sin(p), math.sin(1.73 * p + 1.1), math.sin(2.91 * p + 2.3)
        jitter = 0.0 if still else 0.5 * w1 + 0.3 * w2 + 0.2 * w3
        # Leaning away from the breath: gently on a soft one, almost flat on a hard one.
        lean = 0.34 * s + 0.58 * g + (0.0 if still else (0.07 * s + 0.16 * g) * w2)
        height = self.flame_h * (1.0 + 0.07 * s - 0.38 * g) * (1.0 + (0.025 + 0.04 * s + 0.1 * g) * jitter)
        half = self.flame_hw * (1.0 - 0.25 * g) * (1.0 + (0.02 + 0.05 * g) * (0.0 if still else w3))
        bright = (1.0 - 0.42 * g) * (1.0 + (0.0 if still else 0.015 * w1 + 0.035 * g * w3))
        return lean, height, half, clamp01(bright)

    def _outline(
        self, lean: float, height: float, half: float, wobble: float, *, lift: float = 0.0, points: int = 12
    ) -> list[tuple[float, float]]:
        """The flame's outline in flame coordinates (origin at its bottom, y up is negative)."""
        p = self.phase
        tip_x, tip_y = -height * math.sin(lean), -height * math.cos(lean)
        # The lower flame leans less: it holds on to the wick.
        ctrl_x, ctrl_y = -0.5 * height * math.sin(0.4 * lean), -0.5 * height * math.cos(0.4 * lean)
        width = half / _PROFILE_NORM
        right: list[tuple[float, float]] = []
        left: list[tuple[float, float]] = []
        for i in range(points + 1):
            s = (i / points) ** 1.25  # closer together near the round bottom
            b, c = 2 * (1 - s) * s, s * s  # quadratic Bezier weights (the start point is the origin)
            x = b * ctrl_x + c * tip_x
            y = b * ctrl_y + c * tip_y - lift
            # A wave running up the flame: the dance.
            x += wobble * height * s**1.6 * (math.sin(p - 4.0 * s) + 0.4 * math.sin(1.9 * p - 7.0 * s))
            tx = 2 * (1 - s) * ctrl_x + 2 * s * (tip_x - ctrl_x)
            ty = 2 * (1 - s) * ctrl_y + 2 * s * (tip_y - ctrl_y)
            k = width * math.sqrt(s) * (1.0 - s) ** 1.3 / (math.hypot(tx, ty) or 1.0)
            right.append((x - ty * k, y + tx * k))
            left.append((x + ty * k, y - tx * k))
        left.reverse()
        return right + left

    # -- drawing ---------------------------------------------------------------------------------

    def flame_base(self) -> tuple[int, int]:
        """Where the flame's bottom sits, in pixels (just above the wick's root)."""
        return self.cx, self.top_y - round(3 * self.u)

    def draw(self, surface: pygame.Surface, view: FrameView) -> None:
        bg = self._background(surface)
        # A small light that has finished kindling stays as it is: it joins the cached background, so a
        # sill of twelve costs nothing per frame.
        lit = sum(age >= _TRAVEL_S + _KINDLE_S for age in self.light_ages)
        while self._bg_lights < lit:
            self._draw_small_light(bg, self._light_spots[self._bg_lights], 1.0)
            self._bg_lights += 1
        surface.blit(bg, (0, 0))
        still = view.reduced_motion
        for age, spot in zip(self.light_ages[lit:], self._light_spots[lit:], strict=False):
            if still:
                self._draw_small_light(surface, spot, smoothstep(age / (_TRAVEL_S + _KINDLE_S)))
                continue
            if age < _TRAVEL_S:
                self._draw_mote(surface, spot, age / _TRAVEL_S)
            self._draw_small_light(surface, spot, smoothstep((age - _TRAVEL_S) / _KINDLE_S))
        lean, height, half, bright = self.flame_shape(view)
        bx, by = self.flame_base()
        # The light's centre rides with the flame's middle.
        mid = (round(bx - 0.5 * height * math.sin(lean)), round(by - 0.5 * height * math.cos(lean)))
        hc = self.palette.high_contrast
        near = (
            (0.3 + 0.07 * self.warmth + 0.07 * self.sway + 0.5 * self.hum_glow)
            * bright
            * (0.4 if hc else 1.0)
        )
        self._near_glow.set_alpha(round(255 * clamp01(near)))
        surface.blit(self._near_glow, self._near_glow.get_rect(center=mid))
        self._halo.set_alpha(round(255 * clamp01(0.42 * bright + 0.06 * self.sway + 0.45 * self.hum_glow)))
        surface.blit(self._halo, self._halo.get_rect(center=mid))
        self._draw_flame(surface, view, lean, height, half, bright)

    def _draw_flame(
        self, surface: pygame.Surface, view: FrameView, lean: float, height: float, half: float, bright: float
    ) -> None:
        c = self._colours
        u = self.u
        ss = _SUPERSAMPLE
        ox, oy = self._box_left, self._box_up  # the flame's bottom inside its box

        def to_box(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
            return [((ox + x) * ss, (oy + y) * ss) for x, y in pts]

        wobble = 0.0 if view.reduced_motion else 0.012 + 0.09 * self.sway + 0.14 * self.gutter
        g = self.gutter
        outer_pts = to_box(self._outline(lean, height, half, wobble))
        # The wick: dark where it leaves the wax, glowing at its tip; it bends a little with the flame.
        root, bend = (0.0, 3 * u), (-1.0 * u - 4 * u * math.sin(lean), -7 * u)
        tip = (bend[0] - 2.5 * u - 2 * u * math.sin(lean), bend[1] - 2.5 * u)
        wick = to_box([root, bend, tip])
        # Only the flame's own bounding box is cleared, drawn and smoothed: a few times less than the box.
        xs = [x for x, _ in outer_pts + wick]
        ys = [y for _, y in outer_pts + wick]
        big, small = self._flame_big, self._flame_small
        pad = 3 * ss
        x0 = max(0, (int(min(xs)) - pad) // ss * ss)
        y0 = max(0, (int(min(ys)) - pad) // ss * ss)
        x1 = min(big.get_width(), (int(max(xs)) + pad) // ss * ss + ss)
        y1 = min(big.get_height(), (int(max(ys)) + pad) // ss * ss + ss)
        if x1 <= x0 or y1 <= y0:
            return
        region = pygame.Rect(x0, y0, x1 - x0, y1 - y0)
        big.fill((0, 0, 0, 0), region)

        dim = 1.0 - bright  # 0 bright .. ~0.45 guttering
        outer = mix(c["outer"], c["ember"], 0.6 * g)
        mid_col = mix(c["mid"], c["outer"], 0.5 * g)
        core = mix(c["core"], c["mid"], 0.7 * g)
        alpha = round(255 * (1.0 - 0.6 * dim))
        pygame.draw.polygon(big, (*outer, alpha), outer_pts)
        if not self.palette.high_contrast:
            # A hint of blue at the very bottom, where the flame burns hottest and faintest.
            blue = mix(outer, mix(self.palette.inhale, self.palette.hold, 0.5), 0.55)
            base = pygame.Rect(0, 0, round(half * 1.5 * ss), round(height * 0.2 * ss))
            base.center = (round(ox * ss), round((oy - 0.07 * height) * ss))
            pygame.draw.ellipse(big, (*blue, round(alpha * 0.8)), base.clip(region))
        mid_pts = self._outline(lean, height * 0.84, half * 0.74, wobble, lift=0.03 * height, points=10)
        pygame.draw.polygon(big, (*mid_col, alpha), to_box(mid_pts))
        core_half = half * 0.44 * (1 - 0.4 * g)
        core_pts = self._outline(lean, height * 0.5, core_half, wobble, lift=0.1 * height, points=8)
        pygame.draw.polygon(big, (*core, alpha), to_box(core_pts))
        pygame.draw.lines(big, (*c["wick"], 255), False, wick, max(1, round(2.2 * u * ss)))
        pygame.draw.circle(big, (*c["ember"], 255), wick[-1], max(1, round(1.6 * u * ss)))

        dest = pygame.Rect(x0 // ss, y0 // ss, region.w // ss, region.h // ss)
        pygame.transform.smoothscale(big.subsurface(region), dest.size, small.subsurface(dest))
        bx, by = self.flame_base()
        surface.blit(small, (bx - ox + dest.x, by - oy + dest.y), area=dest)

    def _draw_small_light(self, surface: pygame.Surface, spot: tuple[int, int], kindle: float) -> None:
        """A small light on the sill, ``kindle`` 0 (dark) .. 1 (burning). It burns steadily: the
        candle is the one that answers the breath."""
        if kindle <= 0.0:
            return
        c = self._colours
        x = spot[0]
        body, rim = self._cup_rects(*spot)
        self._small_glow.set_alpha(round(255 * 0.5 * kindle))
        surface.blit(self._small_glow, self._small_glow.get_rect(center=rim.center))
        # The glass glows from inside.
        pygame.draw.rect(surface, mix(c["cup"], c["light"], 0.32 * kindle), body)
        pygame.draw.ellipse(surface, mix(c["cup"], c["mid"], 0.75 * kindle), rim)
        fh = 13 * self.u * kindle
        fw = 3.4 * self.u * (0.4 + 0.6 * kindle)
        fy = rim.centery
        pts = [
            (x, fy - fh),
            (x + fw, fy - 0.3 * fh),
            (x + 0.7 * fw, fy + 0.05 * fh),
            (x, fy + 0.15 * fh),
            (x - 0.7 * fw, fy + 0.05 * fh),
            (x - fw, fy - 0.3 * fh),
        ]
        pygame.draw.polygon(surface, mix(c["outer"], c["mid"], 0.4 + 0.6 * kindle), pts)

    def _draw_mote(self, surface: pygame.Surface, spot: tuple[int, int], k: float) -> None:
        """A small mote of light on its way from the flame to the light it will kindle (``k`` 0..1)."""
        bx, by = self.flame_base()
        x0, y0 = bx, by - 0.6 * self.flame_h
        x1, y1 = spot[0], spot[1] - 14 * self.u
        e = smoothstep(k)
        x = x0 + (x1 - x0) * e
        # A low arc: up a little first, then down to the sill.
        y = y0 + (y1 - y0) * e - 40 * self.u * math.sin(math.pi * e)
        fade = smoothstep(k / 0.25) * (1.0 - smoothstep((k - 0.75) / 0.25))  # the light takes over
        self._small_glow.set_alpha(round(255 * 0.5 * clamp01(fade)))
        surface.blit(self._small_glow, self._small_glow.get_rect(center=(round(x), round(y))))
        pygame.draw.circle(
            surface,
            mix(self._colours["mid"], self._colours["core"], 0.5),
            (round(x), round(y)),
            max(1, round(2 * self.u)),
        )
