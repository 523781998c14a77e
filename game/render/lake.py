"""A calm lake at dusk: a sailing boat whose sail fills with the player's exhale and glides on it."""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from dataclasses import dataclass

import pygame

from breath_input.types import Phase
from game.render.palette import RGB, Palette, mix
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

_WARMTH_STEPS = 16  # calm is quantised for the cached background; one step is an invisible change
_RIPPLES = 64
_GLINTS = 22
# How far the boat reaches either side of its waterline centre, in hull lengths (bow, jib and pennant
# ahead; boom and bellied sail behind), and how far its longest wake trails behind.
_BOAT_REACH = 0.6
_WAKE_REACH = 1.9


def boat_draw_xs(x: float, *, width: float, back: float, front: float) -> tuple[float, ...]:
    """Where to draw the boat so that it wraps round the screen without a piece missing.

    The boat's track is one screen wide: `x` is taken modulo `width`. While the boat straddles an edge,
    the part past it shows at the other edge, from a second copy one width away.

    Args:
        x: the boat's waterline centre in pixels (any value; it is wrapped).
        width: the screen width in pixels (> 0).
        back: pixels the boat (with its wake) reaches behind `x`; front: pixels it reaches ahead.

    Returns:
        The x of each copy to draw: the wrapped `x` first, then the copy at the other edge, if any.
    """
    x %= width
    if x + front > width:
        return (x, x - width)  # the bow is past the right edge: it shows at the left one
    if x - back < 0:
        return (x, x + width)  # the stern (or the wake) is past the left edge: it shows at the right
    return (x,)


@dataclass(slots=True)
class _Ripple:
    x: float  # fraction of width
    y: int  # pixels
    length: float  # pixels at full roughness
    phase: float
    freq: float  # rad/s of the length "breathing"
    drift: float  # fraction of width per second at wind 1
    depth: float  # 0 at the horizon .. 1 at the bottom edge


@dataclass(slots=True)
class _Layer:
    """One cached background (sky, sun, hills, water) and the colours drawn over it."""

    surface: pygame.Surface
    water_at_boat: RGB
    ripple_colours: list[RGB]
    glint: RGB
    sail: RGB
    sail_shade: RGB
    boat: RGB


class LakePainter(ScenePainter):
    """The lake scene.

    Params (level ``scene_params``):
        time_of_day: "dusk" (default), "day" or "night".
        wind: 0..1 (default 0.35), how much the water moves when the session is not yet calm.
    """

    SCENE = "lake"

    # -- setup -----------------------------------------------------------------------------------

    def _configure(self) -> None:
        self.time_of_day = self._param_choice("time_of_day")
        self.wind = self._param_float("wind")
        # Animation state: all of it advances in update() only.
        self.fill = 0.0  # sail fullness 0..1 (smoothed flow)
        self.boat_u = 0.5  # boat position as a fraction of its track (one screen width, wrapping round)
        self.speed_u = 0.0  # track fractions per second
        self.calm_s = 0.5  # smoothed view.calm
        self._ripple_offsets = [0.0] * _RIPPLES
        self._layers: OrderedDict[tuple[int, int, int], _Layer] = OrderedDict()

    def _layout(self) -> None:
        w, h = self.size
        self.u = h / 720.0  # one "design pixel" at 720p
        self.horizon = round(h * 0.56)
        self.hull = 150.0 * self.u
        self.waterline = self.horizon + round((h - self.horizon) * 0.44)
        # One screen wide: what leaves at one edge shows at the other at once (boat_draw_xs), so the boat
        # is never seen cut short by an edge with nothing beyond it.
        self.track = float(w)
        self._layers.clear()
        rng = self._rng("layout")
        self._far = hill_profile(rng, w, base=self.horizon + 2, amp=h * 0.075, step=max(4, w // 160))
        self._near = hill_profile(rng, w, base=self.horizon + 2, amp=h * 0.05, step=max(4, w // 160))
        water_h = h - self.horizon
        self._ripples = []
        for _ in range(_RIPPLES):
            depth = rng.random() ** 1.35
            y = self.horizon + 4 * self.u + depth * (water_h - 8 * self.u)
            self._ripples.append(
                _Ripple(
                    x=rng.random(),
                    y=round(y),
                    length=(14 + 90 * depth) * self.u * rng.uniform(0.6, 1.2),
                    phase=rng.uniform(0, math.tau),
                    freq=rng.uniform(0.25, 0.6),
                    drift=rng.uniform(0.004, 0.012) * (0.4 + depth),
                    depth=depth,
                )
            )
        self._glints = [
            (rng.uniform(-1, 1), rng.random() ** 1.6, rng.uniform(0, math.tau), rng.uniform(0.3, 0.7))
            for _ in range(_GLINTS)
        ]
        self._stars = [(rng.random(), rng.random() ** 1.5, rng.uniform(0.3, 1.0)) for _ in range(110)]
        self._clouds = [
            (
                rng.uniform(0.05, 0.95),
                rng.uniform(0.18, 0.62),
                rng.uniform(0.18, 0.34),
                rng.uniform(0.010, 0.02),
            )
            for _ in range(5)
        ]
        sun_r = max(2, round(0.036 * h))
        self._sun = (
            round(w * 0.70),
            self.horizon - round(h * (0.01 if self.time_of_day == "dusk" else 0.26)),
        )
        self._sun_r = sun_r
        self._halo = glow_sprite(max(4, round(h * 0.36)), (255, 255, 255), falloff=2.6)
        self._reflection = pygame.transform.smoothscale(
            glow_sprite(max(4, round(h * 0.2)), (255, 255, 255), falloff=1.8),
            (max(2, round(w * 0.10)), max(2, round((h - self.horizon) * 1.6))),
        )

    def _rng(self, purpose: str) -> random.Random:
        # A separate stream per purpose keeps the layout stable if another consumer is added later.
        return random.Random(f"{self.seed}:{purpose}")

    # -- colours ---------------------------------------------------------------------------------

    def _colours(self, warmth: float) -> dict[str, RGB]:
        p: Palette = self.palette
        c = {
            "sky_top": p.sky_top,
            "sky_mid": p.sky_mid,
            "sky_bottom": p.sky_bottom,
            "sun": p.sun,
            "hills_far": p.hills_far,
            "hills_near": p.hills_near,
            "water": p.water,
            "water_deep": p.water_deep,
            "ripple": p.ripple,
            "sail": p.sail,
            "boat": p.boat,
        }
        if p.high_contrast:
            return c
        if self.time_of_day == "day":
            day = {
                "sky_top": (92, 146, 208),
                "sky_mid": (150, 190, 226),
                "sky_bottom": (226, 226, 222),
                "sun": (255, 250, 236),
                "hills_far": (124, 150, 172),
                "hills_near": (72, 102, 112),
                "water": (84, 132, 168),
                "water_deep": (34, 70, 104),
                "ripple": (236, 242, 246),
            }
            c = {k: mix(v, day[k], 0.75) if k in day else v for k, v in c.items()}
        elif self.time_of_day == "night":
            dark = (8, 10, 26)
            c = {k: mix(v, dark, 0.6) if k not in ("sail", "boat") else v for k, v in c.items()}
            c["sun"] = (226, 230, 246)  # the moon
            c["sail"] = mix(p.sail, (150, 160, 200), 0.35)
            c["ripple"] = mix(p.ripple, (200, 210, 240), 0.5)
        # Calm warms the light; an unsettled session sits a little cooler. Kept subtle on purpose.
        k = warmth - 0.4
        if k > 0:
            c["sky_bottom"] = mix(c["sky_bottom"], c["sun"], 0.6 * k)
            c["sky_mid"] = mix(c["sky_mid"], p.accent, 0.32 * k)
            c["water"] = mix(c["water"], p.accent, 0.16 * k)
            c["ripple"] = mix(c["ripple"], c["sun"], 0.4 * k)
            c["sail"] = mix(c["sail"], p.accent, 0.2 * k)
        else:
            cool = (110, 124, 160)
            for key in ("sky_bottom", "sky_mid", "water"):
                c[key] = mix(c[key], cool, -0.35 * k)
        return c

    def _layer(self, warmth_step: int, target: pygame.Surface) -> _Layer:
        key = (warmth_step, target.get_bitsize(), hash(target.get_masks()))
        layer = self._layers.get(key)
        if layer is None:
            layer = self._build_layer(warmth_step / _WARMTH_STEPS, target)
            self._layers[key] = layer
            # A few neighbouring steps stay cached: calm drifts slowly both ways.
            while len(self._layers) > 3:
                self._layers.popitem(last=False)
        else:
            self._layers.move_to_end(key)
        return layer

    def _build_layer(self, warmth: float, target: pygame.Surface) -> _Layer:
        w, h = self.size
        hz = self.horizon
        c = self._colours(warmth)
        night = self.time_of_day == "night"
        sky_stops = [(0.0, c["sky_top"]), (0.55, c["sky_mid"]), (1.0, c["sky_bottom"])]
        horizon_water = mix(c["sky_bottom"], c["water"], 0.5)
        water_stops = [(0.0, horizon_water), (0.28, c["water"]), (1.0, c["water_deep"])]
        surf = pygame.Surface(self.size)
        surf.blit(gradient_surface((w, hz), sky_stops), (0, 0))
        surf.blit(gradient_surface((w, h - hz), water_stops), (0, hz))

        if night and not self.palette.high_contrast:
            for sx, sy, b in self._stars:
                y = round(sy * hz * 0.9)
                colour = mix(
                    gradient_colour(sky_stops, y / max(1, hz)), self.palette.star, b * (1 - sy * 0.6)
                )
                pygame.draw.circle(surf, colour, (round(sx * w), y), max(1, round(self.u * (0.6 + b))))

        # Long thin clouds lit from below.
        if not self.palette.high_contrast:
            cloud = pygame.Surface(self.size, pygame.SRCALPHA)
            tint = mix(c["sky_mid"], c["sun"], 0.45 if not night else 0.15)
            for cx, cy, cw, ch in self._clouds:
                rect = pygame.Rect(0, 0, round(cw * w), max(2, round(ch * h)))
                rect.center = (round(cx * w), round(cy * hz))
                pygame.draw.ellipse(cloud, (*tint, 70), rect)
                pygame.draw.ellipse(cloud, (*tint, 60), rect.inflate(-rect.width // 3, -rect.height // 3))
            surf.blit(cloud, (0, 0))

        # Sun (or moon) with a wide soft halo; the far hills then cover its lower part at dusk.
        halo = self._halo.copy()
        halo.fill(c["sun"], special_flags=pygame.BLEND_RGB_MULT)
        halo.set_alpha(120 if not night else 60)
        surf.blit(halo, halo.get_rect(center=self._sun), area=None)
        surf.set_clip(pygame.Rect(0, 0, w, hz))
        pygame.draw.circle(surf, c["sun"], self._sun, self._sun_r)
        surf.set_clip(None)

        # Hills: far ones lost in the haze, a near headland darker; mirrored in the water below.
        step = max(4, w // 160)
        far_col = mix(c["hills_far"], c["sky_bottom"], 0.25)
        near_col = c["hills_near"]
        for profile, colour, reach in ((self._far, far_col, 1.0), (self._near, near_col, 0.42)):
            n = max(2, int(len(profile) * min(1.0, reach)))
            # The headland slopes down into the water instead of ending in a cliff.
            taper = [1.0 if reach >= 1 else smoothstep((n - 1 - i) / (n * 0.35)) for i in range(n)]
            pts = [(i * step, round(hz + 2 - (hz + 2 - profile[i]) * taper[i])) for i in range(n)]
            pygame.draw.polygon(surf, colour, [*pts, (pts[-1][0], hz + 1), (0, hz + 1)])
            mirrored = [(x, hz + round((hz - y) * 0.55)) for x, y in pts]
            pygame.draw.polygon(surf, mix(colour, c["water"], 0.55), [(0, hz), *mirrored, (pts[-1][0], hz)])

        # The sun's path on the water: a soft vertical streak; glints are drawn live on top.
        refl = self._reflection.copy()
        refl.fill(c["sun"], special_flags=pygame.BLEND_RGB_MULT)
        refl.set_alpha(70 if not night else 45)
        rr = refl.get_rect(midtop=(self._sun[0], hz))
        surf.set_clip(pygame.Rect(0, hz, w, h - hz))
        surf.blit(refl, rr.move(0, -rr.height // 3))
        surf.set_clip(None)
        pygame.draw.line(
            surf, mix(c["sky_bottom"], horizon_water, 0.5), (0, hz), (w, hz), max(1, round(self.u))
        )

        surf = matching(surf, target)
        water_h = max(1, h - hz)
        ripple_colours = []
        for r in self._ripples:
            base = gradient_colour(water_stops, (r.y - hz) / water_h)
            ripple_colours.append(mix(base, c["ripple"], 0.22 + 0.28 * (1 - r.depth)))
        return _Layer(
            surface=surf,
            water_at_boat=gradient_colour(water_stops, (self.waterline - hz) / water_h),
            ripple_colours=ripple_colours,
            glint=mix(c["water"], c["sun"], 0.75),
            sail=c["sail"],
            sail_shade=mix(c["sail"], c["sky_mid"], 0.38),
            boat=c["boat"],
        )

    # -- animation -------------------------------------------------------------------------------

    def update(self, view: FrameView, dt: float) -> None:
        super().update(view, dt)
        target = clamp01(view.flow) if view.breath_phase is Phase.EXHALE or view.flow > 0 else 0.0
        # The sail fills quickly and slackens slowly, like cloth.
        self.fill = approach(self.fill, target, dt, 0.30 if target > self.fill else 0.9)
        self.calm_s = approach(self.calm_s, clamp01(view.calm), dt, 3.0)
        if view.reduced_motion:
            # No gliding, bobbing or drifting; the sail still shows the breath.
            self.speed_u = 0.0
            return
        # Momentum: the boat keeps gliding a little after the exhale ends.
        top_speed = 0.07 * self.width / self.track
        self.speed_u = approach(self.speed_u, top_speed * self.fill, dt, 1.6)
        self.boat_u = (self.boat_u + self.speed_u * dt) % 1.0
        wind = 0.3 + self.wind
        for i, r in enumerate(self._ripples):
            self._ripple_offsets[i] = (self._ripple_offsets[i] + r.drift * wind * dt) % 1.0

    def roughness(self, view: FrameView) -> float:
        """How much the water moves now: wind, eased by calm."""
        return (0.25 + 0.75 * self.wind) * (1.0 - 0.7 * self.calm_s)

    # -- drawing ---------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, view: FrameView) -> None:
        w, h = self.size
        step = round(clamp01(self.calm_s) * _WARMTH_STEPS)
        layer = self._layer(step, surface)
        surface.blit(layer.surface, (0, 0))
        still = view.reduced_motion
        t = 0.0 if still else self.time
        rough = self.roughness(view)

        x, y0 = self.boat_pos(view)
        xs = boat_draw_xs(x, width=w, back=_WAKE_REACH * self.hull, front=_BOAT_REACH * self.hull)
        for x0 in xs:
            self._draw_boat(surface, layer, x0, y0, reflection=True, t=t)
        self._draw_water(surface, layer, t, rough, still)
        for x0 in xs:
            self._draw_wake(surface, layer, x0, y0)
            self._draw_boat(surface, layer, x0, y0, reflection=False, t=t)

    def boat_pos(self, view: FrameView) -> tuple[float, float]:
        """The boat's waterline centre in pixels, 0 <= x < width (see boat_draw_xs for the wrap)."""
        u = 0.5 if view.reduced_motion else self.boat_u
        x = u * self.track
        bob = (
            0.0
            if view.reduced_motion
            else math.sin(self.time * 1.1) * 1.6 * self.u * (0.4 + self.roughness(view))
        )
        return x, self.waterline + bob

    def _draw_water(
        self, surface: pygame.Surface, layer: _Layer, t: float, rough: float, still: bool
    ) -> None:
        w = self.width
        lw = max(1, round(1.4 * self.u))
        for i, r in enumerate(self._ripples):
            # Each ripple's length "breathes" slowly; rough water shows longer ones.
            k = 0.55 + 0.45 * math.sin(r.phase + r.freq * t)
            length = r.length * (0.25 + 0.75 * rough) * k
            if length < 2:
                continue
            x = ((r.x + self._ripple_offsets[i]) % 1.0) * (w + 200 * self.u) - 100 * self.u
            pygame.draw.line(surface, layer.ripple_colours[i], (x, r.y), (x + length, r.y), lw)
        # Glints in the sun's path: short, slow, never blinking on and off.
        sx = self._sun[0]
        water_h = self.height - self.horizon
        for gx, gy, ph, fr in self._glints:
            y = self.horizon + 3 + gy * water_h * 0.8
            spread = (0.02 + 0.05 * gy) * w
            x = sx + gx * spread + (0 if still else math.sin(ph + t * fr) * 6 * self.u)
            length = (6 + 26 * gy) * self.u * (0.6 + 0.4 * math.sin(ph * 1.7 + t * fr * 0.8))
            pygame.draw.line(surface, layer.glint, (x - length / 2, y), (x + length / 2, y), lw)

    def _sail_points(self, x0: float, y0: float, t: float) -> tuple[list, list, list, tuple]:
        """Main sail, its shaded belly, the jib, and the masthead pennant for the current fill."""
        L = self.hull
        f = self.fill
        mast_x = x0 + 0.06 * L
        head_y = y0 - 1.18 * L
        boom_y = y0 - 0.2 * L
        # Filled: the boom eases out and the leech bellies; slack: it sags in and flutters gently.
        boom_x = mast_x - L * (0.3 + 0.28 * f)
        bulge = L * (-0.1 + 0.34 * f)
        flutter = 0.025 * L * (1 - f) ** 2
        leech = []
        n = 12
        for i in range(n + 1):
            s = i / n
            # Quadratic curve from head to clew, pushed outward (aft) at mid-length.
            px = mast_x + (boom_x - mast_x) * s - bulge * 4 * s * (1 - s)
            py = head_y + (boom_y - head_y) * s
            px += flutter * math.sin(s * 9.0 - t * 2.4)
            leech.append((px, py))
        foot_sag = 0.04 * L * f
        foot = [
            (boom_x + (mast_x - boom_x) * s, boom_y + foot_sag * 4 * s * (1 - s)) for s in (0.25, 0.5, 0.75)
        ]
        main = [(mast_x, head_y), *leech, *foot, (mast_x, boom_y)]
        # The belly: a shaded band along the luff that widens as the sail fills.
        belly_w = L * (0.03 + 0.13 * f)
        belly = [(mast_x, head_y + 0.1 * L)]
        for i in range(1, n):
            s = i / n
            belly.append(
                (mast_x - belly_w * math.sin(math.pi * s) - 0.1 * L * s * f, head_y + (boom_y - head_y) * s)
            )
        belly.append((mast_x, boom_y))
        # Jib: head on the mast, tack at the bow, clew near the mast foot; bellies forward when full.
        jh = (mast_x + 0.01 * L, head_y + 0.14 * L)
        tack = (x0 + 0.5 * L, y0 - 0.17 * L)
        clew = (mast_x + 0.12 * L + 0.06 * L * f, y0 - 0.2 * L)
        jib_bulge = L * (-0.02 + 0.16 * f)
        jib = [jh, tack]
        for i in range(1, 8):
            s = i / 8
            px = tack[0] + (clew[0] - tack[0]) * s
            py = tack[1] + (clew[1] - tack[1]) * s + jib_bulge * 0.4 * 4 * s * (1 - s)
            jib.append((px, py))
        jib.append(clew)
        for i in range(1, 8):
            s = i / 8
            px = clew[0] + (jh[0] - clew[0]) * s + jib_bulge * 4 * s * (1 - s)
            py = clew[1] + (jh[1] - clew[1]) * s
            jib.append((px, py))
        # Pennant: streams forward with the breath, droops without it.
        pen_len = L * (0.08 + 0.12 * f)
        droop = L * 0.12 * (1 - f)
        wave = 0.012 * L * math.sin(t * 1.6)
        pennant = (
            (mast_x, head_y - 0.02 * L),
            (mast_x + pen_len, head_y + droop * 0.9 + wave),
            (mast_x, head_y + 0.05 * L),
        )
        return main, belly, jib, pennant

    def _draw_boat(self, surface, layer: _Layer, x0: float, y0: float, *, reflection: bool, t: float) -> None:
        L = self.hull
        if x0 < -_BOAT_REACH * L or x0 > self.width + _BOAT_REACH * L:
            return
        main, belly, jib, pennant = self._sail_points(x0, y0, t)
        hull = [
            (x0 - 0.47 * L, y0 - 0.1 * L),
            (x0 + 0.54 * L, y0 - 0.15 * L),
            (x0 + 0.38 * L, y0 + 0.0 * L),
            (x0 + 0.16 * L, y0 + 0.04 * L),
            (x0 - 0.22 * L, y0 + 0.04 * L),
            (x0 - 0.42 * L, y0 + 0.01 * L),
        ]
        mast = ((x0 + 0.06 * L, y0 - 0.1 * L), (x0 + 0.06 * L, y0 - 1.22 * L))
        sail_col = mix(layer.sail_shade, layer.sail, 0.55 + 0.45 * self.fill)
        shade_col = mix(layer.sail_shade, sail_col, 0.35)
        mast_w = max(1, round(3 * self.u))
        if reflection:
            # Mirror about the waterline, squashed, in the water's colour: cheap and convincing.
            def m(pts):
                return [(x, y0 + (y0 - y) * 0.6 + 0.05 * L) for x, y in pts]

            water = layer.water_at_boat
            pygame.draw.polygon(surface, mix(sail_col, water, 0.72), m(main))
            pygame.draw.polygon(surface, mix(sail_col, water, 0.76), m(jib))
            mast_top, mast_foot = m(mast)
            pygame.draw.line(surface, mix(layer.boat, water, 0.6), mast_top, mast_foot, mast_w)
            pygame.draw.polygon(surface, mix(layer.boat, water, 0.55), m(hull))
            return
        pygame.draw.polygon(surface, sail_col, jib)
        pygame.draw.polygon(surface, sail_col, main)
        pygame.draw.polygon(surface, shade_col, belly)
        pygame.draw.aalines(surface, shade_col, True, main)
        pygame.draw.line(surface, layer.boat, mast[0], mast[1], mast_w)
        # Boom.
        pygame.draw.line(surface, layer.boat, main[-1], main[-1 - 4], max(1, round(2.5 * self.u)))
        pygame.draw.polygon(surface, self.palette.accent, pennant)
        pygame.draw.polygon(surface, layer.boat, hull)
        pygame.draw.line(
            surface, mix(layer.boat, layer.sail, 0.35), hull[0], hull[1], max(1, round(2 * self.u))
        )

    def _draw_wake(self, surface, layer: _Layer, x0: float, y0: float) -> None:
        # A soft V behind the stern whose length shows the speed.
        top_speed = 0.07 * self.width / self.track
        v = 0.0 if top_speed <= 0 else clamp01(self.speed_u / top_speed)
        if v < 0.04:
            return
        L = self.hull
        colour = mix(layer.water_at_boat, layer.ripple_colours[0], 0.5)
        sx, sy = x0 - 0.45 * L, y0 + 0.03 * L
        length = L * 1.4 * v
        lw = max(1, round(2 * self.u))
        for dy in (-0.5, 0.7):
            pygame.draw.line(surface, colour, (sx, sy), (sx - length, sy + dy * 0.12 * L * v + 0.06 * L), lw)
        pygame.draw.line(
            surface, colour, (sx + 0.2 * L, y0 + 0.05 * L), (sx - length * 0.6, y0 + 0.07 * L), lw
        )
