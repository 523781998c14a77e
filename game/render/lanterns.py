"""Night sky over water: a lantern glows while the player exhales and rises after a long exhale."""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from dataclasses import dataclass

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

_TWINKLERS = 24
_FADE_S = 4.0  # a retired lantern fades out over this long: nothing ever pops
_FG_X = 0.5  # the held lantern, as fractions of the surface
_FG_Y = 0.83


@dataclass(slots=True)
class Lantern:
    """A released lantern. Positions are fractions of the surface so a resize keeps the sky."""

    x: float
    y: float
    target_x: float
    target_y: float
    brightness: float  # 0..1 at release; longer exhales burn brighter
    exhale_s: float
    phase: float
    vy: float = 0.0  # fractions of height per second, upward
    age: float = 0.0
    fade: float = 1.0  # 1 while alive; falls to 0 once retired
    retired: bool = False


class LanternsPainter(ScenePainter):
    """The lanterns scene.

    Params (level ``scene_params``):
        min_exhale_s: an exhale at least this long releases the lantern (default 4).
        max_lanterns: how many stay in the sky; the oldest fade away beyond this (default 40).
    """

    SCENE = "lanterns"

    def _configure(self) -> None:
        self.min_exhale_s = self._param_float("min_exhale_s")  # sizes and lifts a released lantern
        self.max_lanterns = int(self._param_float("max_lanterns"))
        self.lanterns: list[Lantern] = []
        #: Lanterns released so far this session.
        self.released = 0
        self.glow = 0.15  # the held lantern's glow, 0..1
        self.presence = 1.0  # the held lantern fades in after one is released
        self._rng_release = random.Random(f"{self.seed}:release")
        self._glows: OrderedDict[tuple[int, RGB], pygame.Surface] = OrderedDict()
        self._bg: pygame.Surface | None = None

    def _layout(self) -> None:
        w, h = self.size
        self.u = h / 720.0
        self.horizon = round(h * 0.70)
        self._bg = None
        self._glows.clear()
        rng = random.Random(f"{self.seed}:layout")
        self._shore = hill_profile(rng, w, base=self.horizon + 1, amp=h * 0.045, step=max(4, w // 160))
        self._stars = [(rng.random(), rng.random() ** 1.4, rng.uniform(0.25, 1.0)) for _ in range(170)]
        self._twinkle = [
            (rng.random(), rng.random() ** 1.3, rng.uniform(0, math.tau)) for _ in range(_TWINKLERS)
        ]
        # Released lanterns settle left of the guide (as fractions of the width, with a lantern's glow of
        # room), so none ever drifts in front of the circle or its words.
        clear = self.guide_clear()
        # Left of the breath count and of the guide, below the title line: no art under the words at the top
        # (at 800x500 a moon at two thirds of the width sat under "last exhale").
        mr = max(2, round(h * 0.028))
        x = round(w * 0.66) if clear is None else min(round(w * 0.66), clear.left - 3 * mr)
        self._moon = (max(3 * mr, x), max(round(h * 0.2), 84 + mr))
        self._clear_left = (clear.left - 70 * self.u) / w if clear is not None else 2.0

    # -- colours and the cached background ------------------------------------------------------

    def _sky_stops(self) -> list[tuple[float, RGB]]:
        p = self.palette
        if p.high_contrast:
            return [(0.0, p.sky_top), (0.6, p.sky_mid), (1.0, p.sky_bottom)]
        night = (5, 7, 20)
        return [
            (0.0, mix(p.sky_top, night, 0.55)),
            (0.6, mix(mix(p.sky_top, p.sky_mid, 0.35), night, 0.35)),
            (1.0, mix(mix(p.sky_mid, p.sky_bottom, 0.3), night, 0.45)),
        ]

    def _water_stops(self) -> list[tuple[float, RGB]]:
        p = self.palette
        sky = self._sky_stops()
        if p.high_contrast:
            return [(0.0, p.water), (1.0, p.water_deep)]
        return [(0.0, mix(sky[-1][1], p.water_deep, 0.45)), (1.0, mix(p.water_deep, (2, 3, 10), 0.4))]

    def _background(self, target: pygame.Surface) -> pygame.Surface:
        if self._bg is not None and self._bg.get_masks() == target.get_masks():
            return self._bg
        w, h = self.size
        hz = self.horizon
        p = self.palette
        sky = self._sky_stops()
        water = self._water_stops()
        surf = pygame.Surface(self.size)
        surf.blit(gradient_surface((w, hz), sky), (0, 0))
        surf.blit(gradient_surface((w, h - hz), water), (0, hz))
        for sx, sy, b in self._stars:
            y = round(sy * hz * 0.95)
            colour = mix(gradient_colour(sky, y / max(1, hz)), p.star, b * (1.0 - 0.55 * sy))
            pygame.draw.circle(surf, colour, (round(sx * w), y), max(1, round(self.u * (0.5 + 0.9 * b))))
        # A thin crescent moon with a faint halo.
        halo = glow_sprite(max(4, round(h * 0.12)), p.star, falloff=2.8)
        halo.set_alpha(40)
        surf.blit(halo, halo.get_rect(center=self._moon))
        mr = max(2, round(h * 0.028))
        pygame.draw.circle(surf, mix(p.star, p.sun, 0.3), self._moon, mr)
        moon_sky = gradient_colour(sky, self._moon[1] / max(1, hz))
        pygame.draw.circle(
            surf, moon_sky, (self._moon[0] + round(mr * 0.45), self._moon[1] - round(mr * 0.2)), mr
        )
        # Far shore and its reflection.
        step = max(4, w // 160)
        shore_col = mix(p.hills_near, sky[0][1], 0.45) if not p.high_contrast else p.hills_near
        pts = [(i * step, round(y)) for i, y in enumerate(self._shore)]
        pygame.draw.polygon(surf, shore_col, [*pts, (pts[-1][0], hz + 1), (0, hz + 1)])
        refl = [(x, hz + round((hz - y) * 0.5)) for x, y in pts]
        pygame.draw.polygon(surf, mix(shore_col, water[0][1], 0.6), [(0, hz), *refl, (pts[-1][0], hz)])
        # Still water lines, fixed: the motion in this scene belongs to the lanterns.
        line_rng = random.Random(f"{self.seed}:water")
        water_h = h - hz
        for _ in range(40):
            d = line_rng.random() ** 1.3
            y = hz + 3 + d * (water_h - 6)
            x = line_rng.random() * w
            length = (10 + 70 * d) * self.u
            base = gradient_colour(water, (y - hz) / max(1, water_h))
            pygame.draw.line(
                surf, mix(base, p.star, 0.08 + 0.06 * d), (x, y), (x + length, y), max(1, round(self.u))
            )
        self._bg = matching(surf, target)
        return self._bg

    def _glow(self, radius: int) -> pygame.Surface:
        key = (max(2, radius), self.palette.lantern_glow)
        sprite = self._glows.get(key)
        if sprite is None:
            sprite = glow_sprite(key[0], key[1], falloff=2.4)
            self._glows[key] = sprite
            while len(self._glows) > 64:
                self._glows.popitem(last=False)
        return sprite

    # -- animation -------------------------------------------------------------------------------

    def update(self, view: FrameView, dt: float) -> None:
        super().update(view, dt)
        while self.released < view.scene_earned:  # the simulation released one (game/sim/scene_rules.py)
            self._release(view.last_exhale_s)

        exhaling = view.breath_phase is Phase.EXHALE or view.flow > 0
        if exhaling:
            # Brighter with flow, and brighter still as the exhale lengthens toward the release length.
            reach = clamp01(view.exhale_s / self.min_exhale_s)
            target = 0.2 + 0.8 * clamp01(view.flow) * (0.45 + 0.55 * reach)
        else:
            target = 0.15
        self.glow = approach(self.glow, target, dt, 0.35 if target > self.glow else 1.2)
        self.presence = approach(self.presence, 1.0, dt, 0.7)

        still = view.reduced_motion
        for lan in self.lanterns:
            lan.age += dt
            # Lift off gently, slow down near its height, then keep drifting up very slowly.
            gap = lan.y - lan.target_y
            v_target = min(0.05, 0.22 * gap) if gap > 0 else 0.0015
            lan.vy = approach(lan.vy, v_target, dt, 1.8)
            lan.y -= lan.vy * dt
            lan.x += (lan.target_x - lan.x) * min(1.0, 0.1 * dt)
            if not still:
                lan.x -= 0.0012 * dt  # a faint breeze, blowing away from the guide
            if lan.y < 0.05 and not lan.retired:
                lan.retired = True
            if lan.retired:
                lan.fade = max(0.0, lan.fade - dt / _FADE_S)
        self.lanterns = [lan for lan in self.lanterns if lan.fade > 0.0]

    def _clear_of_guide(self, x: float) -> float:
        """A target x that keeps a lantern's path out of the guide's column: mirrored to the open side."""
        if x + 0.01 < self._clear_left:
            return x
        mirrored = 2 * _FG_X - x
        if mirrored < self._clear_left:
            return mirrored
        return max(0.03, self._clear_left - 0.02)

    def _release(self, exhale_s: float) -> None:
        rng = self._rng_release
        extra = clamp01((exhale_s - self.min_exhale_s) / 6.0)
        height = clamp01(0.25 + 0.62 * extra + rng.uniform(-0.05, 0.05))  # fraction of the sky
        self.lanterns.append(
            Lantern(
                x=_FG_X,
                y=_FG_Y - 0.04,
                target_x=self._clear_of_guide(_FG_X + rng.uniform(-0.42, 0.42)),
                target_y=(self.horizon / self.height) * (1.0 - height) + 0.02,
                brightness=0.6 + 0.4 * clamp01((exhale_s - self.min_exhale_s) / max(1.0, self.min_exhale_s)),
                exhale_s=exhale_s,
                phase=rng.uniform(0, math.tau),
            )
        )
        self.released += 1
        self.presence = 0.0
        self.glow = 0.15
        alive = [lan for lan in self.lanterns if not lan.retired]
        for lan in alive[: max(0, len(alive) - self.max_lanterns)]:
            lan.retired = True
        # Hard bound even if lanterns are released faster than they fade.
        if len(self.lanterns) > self.max_lanterns + 8:
            del self.lanterns[: len(self.lanterns) - self.max_lanterns - 8]

    # -- drawing ---------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, view: FrameView) -> None:
        w, h = self.size
        surface.blit(self._background(surface), (0, 0))
        still = view.reduced_motion
        p = self.palette
        if not still:
            sky = self._sky_stops()
            for sx, sy, ph in self._twinkle:
                y = round(sy * self.horizon * 0.9)
                k = 0.5 + 0.5 * math.sin(ph + self.time * 0.7)  # slow: a twinkle, not a blink
                colour = mix(gradient_colour(sky, y / max(1, self.horizon)), p.star, 0.35 + 0.5 * k)
                pygame.draw.circle(surface, colour, (round(sx * w), y), max(1, round(self.u * 1.2)))

        for lan in self.lanterns:
            self._draw_sky_lantern(surface, lan, still)
        # The held lantern, resting on the water.
        fx, fy = _FG_X * w, _FG_Y * h
        bob = 0.0 if still else math.sin(self.time * 0.9) * 2.0 * self.u
        self._draw_reflection(surface, fx, fy + 30 * self.u, self.glow * self.presence, 1.0)
        self._draw_lantern(surface, fx, fy + bob, 1.0, self.glow, self.presence)

    def _perspective(self, y: float) -> float:
        """Size multiplier for a lantern at height fraction ``y``: higher means farther and smaller."""
        return 0.3 + 0.7 * smoothstep(y / _FG_Y) ** 0.8

    def _draw_sky_lantern(self, surface: pygame.Surface, lan: Lantern, still: bool) -> None:
        w, h = self.size
        sway = 0.0 if still else math.sin(lan.phase + lan.age * 0.35) * 0.006
        x, y = (lan.x + sway) * w, lan.y * h
        flicker = 1.0 if still else 1.0 + 0.05 * math.sin(lan.phase * 3 + lan.age * 1.9)
        # Older lanterns dim a little so the newest stays the one you notice.
        bright = lan.brightness * (0.65 + 0.35 * math.exp(-lan.age / 90.0)) * flicker
        scale = self._perspective(lan.y)
        self._draw_lantern(surface, x, y, scale, bright, lan.fade)

    def _draw_reflection(
        self, surface: pygame.Surface, x: float, y: float, bright: float, scale: float
    ) -> None:
        # A soft column of broken light on the water below the held lantern.
        p = self.palette
        base = gradient_colour(
            self._water_stops(), clamp01((y - self.horizon) / max(1, self.height - self.horizon))
        )
        colour = mix(base, p.lantern_glow, 0.25 + 0.5 * clamp01(bright))
        lw = max(1, round(2 * self.u))
        for i in range(5):
            yy = y + i * 9 * self.u
            half = (16 - 2.5 * i) * self.u * scale * (0.5 + 0.5 * bright)
            pygame.draw.line(surface, colour, (x - half, yy), (x + half, yy), lw)

    def _draw_lantern(
        self, surface: pygame.Surface, x: float, y: float, scale: float, bright: float, alpha: float
    ):
        p = self.palette
        bright = clamp01(bright)
        s = scale * self.u
        glow_r = round((48 + 70 * bright) * s)
        if glow_r >= 3 and alpha > 0:
            sprite = self._glow(4 * round(glow_r / 4))  # few sizes: each new one costs a numpy build
            sprite.set_alpha(round(255 * alpha * (0.12 + 0.5 * bright)))
            surface.blit(sprite, sprite.get_rect(center=(round(x), round(y))))
        dark = mix(p.lantern, (40, 20, 20), 0.55)
        body = mix(dark, p.lantern, 0.35 + 0.65 * bright)
        if alpha < 1.0:
            # Fade toward whatever sky is behind it (approximated by the sky colour at that height).
            behind = gradient_colour(self._sky_stops(), clamp01(y / max(1, self.horizon)))
            body = mix(behind, body, alpha)
        if s < 0.35:
            pygame.draw.circle(surface, body, (round(x), round(y)), max(1, round(9 * s)))
            return
        hw_top, hw_bot, hgt = 15 * s, 11 * s, 38 * s
        shape = [
            (x - hw_top, y - hgt / 2),
            (x + hw_top, y - hgt / 2),
            (x + hw_bot, y + hgt / 2),
            (x - hw_bot, y + hgt / 2),
        ]
        pygame.draw.polygon(surface, body, shape)
        core = mix(body, p.lantern_glow, 0.3 + 0.7 * bright)
        if alpha < 1.0:
            core = mix(body, core, alpha)
        inner = pygame.Rect(0, 0, max(1, round(14 * s)), max(1, round(20 * s)))
        inner.center = (round(x), round(y + 4 * s))
        pygame.draw.ellipse(surface, core, inner)
        rim = mix(body, (30, 16, 16), 0.4)
        pygame.draw.line(surface, rim, shape[0], shape[1], max(1, round(2 * s)))
        pygame.draw.line(surface, rim, shape[3], shape[2], max(1, round(2 * s)))
