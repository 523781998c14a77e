"""A young tree on a hill at dusk that grows a little with each calm, full breath, then blossoms."""

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
from game.render.tree_shape import NODES, Tuft, grow_tree
from game.render.view import FrameView

_GROW_S = 1.8  # one step of growth unfolds over this long: nothing pops
_WOOD_END = 0.72  # share of the growth by which every branch is out; leaves fill in and blossom after
_SAPLING = 0.13  # share of the tree's reach standing from the start, so there is a sapling to grow
_QUANTA = 40  # while growing, the cached branches are redrawn at most this many times over the whole growth
_SCALES = 12  # sizes of a leaf cluster per unit of size; growing clusters step through them
_FADES = 16  # alpha levels of an unfolding cluster
_STILL_PX = 0.3  # a breeze moving leaves less than this is drawn as no breeze (from the cached layer)
_PETALS = 6
# Branch width (tree units, 1 = the tree's scale) at a tip, and per square root of the wood beyond it.
_TIP_W = 0.0035
_PIPE_K = 0.0165
_CLUSTER_R = 30  # design pixels (at 720p) of a size-1 leaf cluster's radius


@dataclass(frozen=True, slots=True)
class _Colours:
    sky: list[tuple[float, RGB]]
    far: RGB
    mid: RGB
    ground_top: RGB
    ground_bottom: RGB
    rim: RGB
    grass: RGB
    shadow: RGB
    bark: RGB
    bark_lit: RGB
    leaves: tuple[RGB, RGB, RGB]  # dark, middle, lit
    blossom: RGB
    blossom_centre: RGB
    sun: RGB


# A leaf cluster ready to blit: sprite, top-left at rest, breeze amplitude share, sway phase.
_Placed = tuple[pygame.Surface, int, int, float, float]


class TreePainter(ScenePainter):
    """The tree scene.

    Params (level ``scene_params``):
        min_exhale_s: an exhale at least this long, in a settled rhythm, grows the tree (default 4; the
            rule is game/sim/scene_rules.py TreeRule, the painter shows the growth it decides).
        max_growth: how many calm breaths grow it fully, a whole number (default 24). Branches come
            first, then leaves fill in and blossoms open; then it stays in bloom, swaying in the breeze.
    """

    SCENE = "tree"

    def _configure(self) -> None:
        self.max_growth = int(self._param_float("max_growth"))
        #: Steps earned so far (one per calm, full breath: game/sim/scene_rules.py), 0..max_growth.
        self.growth = 0
        #: The growth on screen, easing toward ``growth``.
        self.shown = 0.0
        self.breeze = 0.0  # smoothed exhale flow, 0..1
        self._from = 0.0
        self._anim_s = 0.0
        self.segments, self._axes = grow_tree(random.Random(f"{self.seed}:tree"))
        self._reach = max(s.d1 for s in self.segments)
        self.tufts = self._place_tufts(random.Random(f"{self.seed}:leaves"))
        # Back leaves first, then middle, then front, so nearer clusters overlap farther ones.
        self.tufts.sort(key=lambda t: t.shade)

    def _place_tufts(self, rng: random.Random) -> list[Tuft]:
        tufts = []
        tips = {ax[-1]: ax for ax in self._axes}
        place = {i: k for ax in self._axes for k, i in enumerate(ax)}
        for i, s in enumerate(self.segments):
            axis = tips.get(i)
            if axis is None:
                # Along the way: the top of the trunk, and most branch nodes past a branch's first.
                k, n = place[i], NODES[s.depth]
                chance = (0.5 if k >= n - 3 else 0.0, 0.6 if k >= 1 else 0.0, 0.65, 0.6)[s.depth]
                if rng.random() >= chance:
                    continue
                size = rng.uniform(0.8, 1.15)
                # Leaves unfold once the wood beneath them has grown.
                f0 = self.front_f(s.d1) + 0.01
                f1 = f0 + 0.06
            else:
                size = 1.15 if s.depth == 0 else rng.uniform(1.0, 1.25)
                # A tip cluster comes with its shoot (the trunk's is there from the start).
                f0 = self.front_f(self.segments[axis[0]].d0) - (0.05 if s.depth == 0 else 0.0)
                f1 = f0 + 0.05
            bloom = rng.uniform(0.62, 0.95) if rng.random() < 0.8 else 2.0
            tufts.append(
                Tuft(
                    segment=i,
                    axis=axis,
                    dx=rng.uniform(-0.018, 0.018),
                    dy=rng.uniform(-0.02, 0.008),
                    f0=f0,
                    f1=f1,
                    bloom=max(bloom, f1 + 0.02),
                    variant=rng.randrange(6),
                    # A shoot's tip is fresh growth in the light: never one of the shaded back clusters.
                    shade=rng.choices((0, 1, 2), (0 if axis else 3, 4, 3))[0],
                    size=size,
                    phase=rng.uniform(0, math.tau),
                    reach=clamp01(s.d1 / self._reach),
                )
            )
        return tufts

    def _layout(self) -> None:
        w, h = self.size
        self.u = h / 720.0
        self.scale = max(1.0, min(0.74 * h, 0.6 * w))  # pixels per tree unit
        self.horizon = round(h * 0.66)
        # The grown crown keeps left of the guide (leaf clusters reach ~1.25 x their radius past a tip):
        # in a narrow window the tree stands a little left of centre first, and only then grows smaller.
        clear = self.guide_clear()
        edge = (clear.left if clear is not None else 2 * w) - 1.25 * 1.25 * _CLUSTER_R * self.u
        reach = max(max(sg.x1 for sg in self.segments), 1e-3)
        root_x = max(0.36 * w, min(0.47 * w, edge - reach * self.scale))
        self.scale = max(1.0, min(self.scale, (edge - root_x) / reach))
        self.root = (round(root_x), round(h * 0.80))
        self._land: pygame.Surface | None = None
        # Two layers, each redrawn in place (a fresh surface would cost an allocation, and a first blit of
        # every sprite onto it): "wood" (land, branches, back leaves) and "rest" (wood plus every leaf).
        self._layers: dict[str, pygame.Surface] = {}
        self._layer_keys: dict[str, tuple[object, ...]] = {}
        self._settled: dict[tuple[int, bool], list[_Placed]] = {}
        self._scaled: OrderedDict[tuple[int, ...], pygame.Surface] = OrderedDict()
        self._plans: dict[tuple[float, float], list[_Placed]] = {}
        self._width_cache: dict[float, list[tuple[float, float]]] = {}
        rng = random.Random(f"{self.seed}:land")
        step = max(4, w // 160)
        self._step = step
        self._far = hill_profile(rng, w, base=self.horizon + 2, amp=h * 0.07, step=step)
        self._mid = hill_profile(rng, w, base=self.horizon + 0.035 * h, amp=h * 0.04, step=step)
        rx, ry = self.root
        waves = [(rng.uniform(0, math.tau), rng.uniform(1.5, 2.5)) for _ in range(2)]

        def wave(x: float) -> float:
            return sum(math.sin(x / max(1, w) * math.tau * f + p) for p, f in waves)

        # A broad, gentle hill whose crest is where the tree stands.
        self._near = [
            ry + h * 0.16 * ((x - rx) / max(1.0, 0.75 * w)) ** 2 + h * 0.006 * (wave(x) - wave(rx))
            for x in range(0, w + step, step)
        ]
        self._stars = [(rng.random(), rng.random() ** 1.6 * 0.42, rng.uniform(0.2, 0.8)) for _ in range(60)]
        self._grass = [(rng.random(), rng.uniform(0.5, 1.0), rng.uniform(-0.5, 0.5)) for _ in range(220)]
        sun_x = round(w * 0.22)
        self._sun = (sun_x, round(self._far[min(len(self._far) - 1, sun_x // step)] + 0.006 * h))
        self._petals = [
            (rng.uniform(8.0, 13.0), rng.uniform(0.0, 20.0), rng.uniform(0.6, 1.4)) for _ in range(_PETALS)
        ]
        self.colours = self._colours()
        self._sprites = self._make_sprites()
        self._shadow = glow_sprite(32, self.colours.shadow, falloff=1.4, core=0.2)

    # -- growth ----------------------------------------------------------------------------------

    def front(self, f: float) -> float:
        """Path length from the root grown at growth fraction ``f``: quick at first, as young trees are."""
        x = clamp01(f / _WOOD_END)
        return self._reach * (_SAPLING + (1.0 - _SAPLING) * (1.0 - (1.0 - x) ** 1.6))

    def front_f(self, d: float) -> float:
        """The growth fraction at which the front reaches path length ``d`` (0 for the sapling)."""
        share = clamp01((d / self._reach - _SAPLING) / (1.0 - _SAPLING))
        return (1.0 - (1.0 - share) ** (1 / 1.6)) * _WOOD_END

    @property
    def fraction(self) -> float:
        """How grown the tree on screen is, 0..1."""
        return self.shown / self.max_growth

    def update(self, view: FrameView, dt: float) -> None:
        super().update(view, dt)
        earned = min(view.scene_earned, self.max_growth)  # a painter serves one play: it only grows
        if earned > self.growth:
            self._grow_to(earned)
        if self.shown < self.growth:
            self._anim_s += dt
            k = smoothstep(self._anim_s / _GROW_S)
            self.shown = float(self.growth) if k >= 1.0 else self._from + (self.growth - self._from) * k
        exhaling = view.breath_phase is Phase.EXHALE or view.flow > 0
        target = clamp01(view.flow) if exhaling and not view.reduced_motion else 0.0
        self.breeze = approach(self.breeze, target, dt, 0.6 if target > self.breeze else 1.6)

    def _grow_to(self, growth: int) -> None:
        self.growth = growth
        self._from = self.shown
        self._anim_s = 0.0

    # -- colours and sprites ---------------------------------------------------------------------

    def _colours(self) -> _Colours:
        p = self.palette
        if p.high_contrast:
            return _Colours(
                sky=[(0.0, p.sky_top), (0.6, p.sky_mid), (1.0, p.sky_bottom)],
                far=p.hills_far,
                mid=mix(p.hills_far, p.hills_near, 0.5),
                ground_top=p.hills_near,
                ground_bottom=p.water_deep,
                rim=p.ripple,
                grass=(120, 120, 130),
                shadow=p.water_deep,
                bark=(225, 225, 225),
                bark_lit=(255, 255, 255),
                leaves=((0, 120, 50), (0, 185, 80), (110, 235, 130)),
                blossom=p.accent,
                blossom_centre=(255, 255, 255),
                sun=p.sun,
            )
        sky = [
            (0.0, mix(p.sky_top, p.sky_mid, 0.12)),
            (0.55, mix(p.sky_mid, p.sky_bottom, 0.15)),
            (1.0, mix(p.sky_bottom, p.sun, 0.2)),
        ]
        sage = (82, 112, 92)
        ground = mix(p.hills_near, (58, 84, 68), 0.6)
        bark = mix(p.boat, (96, 70, 66), 0.55)
        return _Colours(
            sky=sky,
            far=mix(p.hills_far, sky[-1][1], 0.35),
            mid=mix(mix(p.hills_far, p.hills_near, 0.55), sage, 0.15),
            ground_top=ground,
            ground_bottom=mix(ground, p.water_deep, 0.65),
            rim=mix(ground, p.sun, 0.35),
            grass=mix(ground, (20, 24, 30), 0.35),
            shadow=mix(ground, (10, 12, 24), 0.5),
            bark=bark,
            bark_lit=mix(bark, p.sun, 0.4),
            leaves=(
                mix(sage, p.hills_near, 0.45),
                mix(sage, (120, 156, 104), 0.4),
                mix((150, 172, 108), p.sun, 0.3),
            ),
            blossom=mix(p.sail, (236, 150, 182), 0.5),
            blossom_centre=mix(p.accent, p.sun, 0.5),
            sun=p.sun,
        )

    def _make_sprites(self) -> dict[tuple[int, int, int], pygame.Surface]:
        """Per (variant, shade, kind): kind 0 leaves, 1 their blossoms alone, 2 both; at size 1.5."""
        c = self.colours
        r = max(2, round(_CLUSTER_R * 1.5 * self.u))
        sprites = {}
        haze_to = c.sky[1][1]
        for v in range(6):
            rng = random.Random(f"{self.seed}:cluster{v}")
            leaves = [
                (
                    rng.uniform(0, math.tau),
                    rng.uniform(0.1, 0.62) ** 0.8,
                    rng.uniform(0, math.tau),
                    rng.uniform(0.8, 1.1),
                )
                for _ in range(13)
            ]
            flowers = [
                (rng.uniform(0, math.tau), rng.uniform(0.25, 0.6), rng.uniform(0.85, 1.15))
                for _ in range(rng.choice((2, 3, 4, 4)))
            ]
            for shade in range(3):
                haze = (0.35, 0.12, 0.0)[shade]
                tones = [mix(t, haze_to, haze) for t in c.leaves]
                if shade == 0:
                    tones = [tones[0], tones[0], tones[1]]  # the far side of the crown gets less light
                leaf = _leaf_cluster(r, leaves, tones)
                bloom = _blossoms(r, flowers, mix(c.blossom, haze_to, haze * 0.6), c.blossom_centre)
                both = leaf.copy()
                both.blit(bloom, (0, 0))
                sprites[(v, shade, 0)], sprites[(v, shade, 1)], sprites[(v, shade, 2)] = leaf, bloom, both
        return sprites

    def _sprite(self, key: tuple[int, int, int], size: float, alpha: float) -> pygame.Surface:
        """A cluster sprite at ``size`` (1 = the design radius) and ``alpha`` 0..1, both quantised."""
        steps = max(1, round(size * _SCALES))
        fade = max(1, round(alpha * _FADES))
        skey = (*key, steps, fade)
        sprite = self._scaled.get(skey)
        if sprite is None:
            base = self._sprites[key]
            side = max(1, round(base.get_width() * steps / (_SCALES * 1.5)))
            sprite = pygame.transform.smoothscale(base, (side, side))
            if fade < _FADES:
                sprite.set_alpha(round(255 * fade / _FADES))
            self._scaled[skey] = sprite
            while len(self._scaled) > 300:
                self._scaled.popitem(last=False)
        else:
            self._scaled.move_to_end(skey)
        return sprite

    # -- cached layers ---------------------------------------------------------------------------

    def _layer_for(self, f: float, crown: bool, target: pygame.Surface) -> pygame.Surface:
        """Sky, land, the wood grown by ``f`` and the back leaves; with ``crown``, every leaf at rest."""
        name = "rest" if crown else "wood"
        key = (f, target.get_bitsize(), tuple(target.get_masks()))
        layer = self._layers.get(name)
        if layer is not None and self._layer_keys[name] == key:
            return layer
        if layer is None or layer.get_size() != self.size or layer.get_masks() != target.get_masks():
            layer = pygame.Surface(self.size, 0, target)
            self._layers[name] = layer
        if crown:
            layer.blit(self._layer_for(f, False, target), (0, 0))
            layer.blits([(s, (x, y)) for s, x, y, _, _ in self._plan(f, f)], doreturn=False)
        else:
            layer.blit(self._land_for(target), (0, 0))
            self._draw_shadow(layer, f)
            widths = self._widths(f)
            front = self.front(f)
            for i, s in enumerate(self.segments):
                if s.d0 < front:
                    self._draw_segment(layer, i, clamp01((front - s.d0) / (s.d1 - s.d0)), widths)
            layer.blits([(s, (x, y)) for s, x, y, _, _ in self._plan(f, f, static=True)], doreturn=False)
        self._layer_keys[name] = key
        return layer

    def _land_for(self, target: pygame.Surface) -> pygame.Surface:
        if self._land is not None and self._land.get_masks() == target.get_masks():
            return self._land
        w, h = self.size
        c = self.colours
        p = self.palette
        surf = gradient_surface(self.size, [(y * self.horizon / h, col) for y, col in c.sky])
        if not p.high_contrast:
            for sx, sy, b in self._stars:
                y = round(sy * h)
                colour = mix(gradient_colour(c.sky, y / max(1, self.horizon)), p.star, b * (1 - sy * 1.8))
                pygame.draw.circle(surf, colour, (round(sx * w), y), max(1, round(self.u * 0.9)))
        halo = glow_sprite(max(2, round(h * 0.34)), c.sun, falloff=2.6)
        halo.set_alpha(80 if not p.high_contrast else 40)
        surf.blit(halo, halo.get_rect(center=self._sun))
        pygame.draw.circle(surf, mix(c.sun, (255, 255, 255), 0.2), self._sun, max(1, round(h * 0.032)))
        step = self._step
        for profile, colour in ((self._far, c.far), (self._mid, c.mid)):
            pts = [(i * step, round(y)) for i, y in enumerate(profile)]
            pygame.draw.polygon(surf, colour, [*pts, (pts[-1][0], h), (0, h)])
        # The near hill: a soft gradient cut to its outline, a sunlit rim, and grass along the crest.
        near = [(i * step, round(y)) for i, y in enumerate(self._near)]
        top = max(0, min(y for _, y in near) - 1)
        ground = _with_alpha(
            gradient_surface((w, max(1, h - top)), [(0.0, c.ground_top), (1.0, c.ground_bottom)])
        )
        mask = pygame.Surface((w, max(1, h - top)), pygame.SRCALPHA)
        pygame.draw.polygon(mask, (255, 255, 255, 255), [(x, y - top) for x, y in near] + [(w, h), (0, h)])
        ground.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        surf.blit(ground, (0, top))
        if len(near) > 1:
            pygame.draw.aalines(surf, c.rim, False, near)
        lw = max(1, round(1.2 * self.u))
        for gx, gh, lean in self._grass:
            x = gx * w
            y = self._near_y(x)
            # Taller near the tree, where the eye rests.
            near_tree = math.exp(-(((x - self.root[0]) / (0.22 * w + 1)) ** 2))
            length = (3 + 9 * gh * (0.4 + 0.6 * near_tree)) * self.u
            pygame.draw.line(surf, c.grass, (x, y + 1), (x + lean * length, y - length), lw)
        self._land = matching(surf, target)
        return self._land

    def _near_y(self, x: float) -> float:
        i = clamp01(x / max(1, self.width)) * (self.width / self._step)
        i0 = min(len(self._near) - 1, int(i))
        i1 = min(len(self._near) - 1, i0 + 1)
        return self._near[i0] + (self._near[i1] - self._near[i0]) * (i - i0)

    def _draw_shadow(self, surface: pygame.Surface, f: float) -> None:
        # A soft pool of shade under the crown, as wide as the crown has grown.
        front = self.front(f)
        xs = [s.x1 for s in self.segments if s.d1 <= front] or [0.0]
        spread = (max(xs) - min(xs) + 0.12) * self.scale
        size = (max(2, round(spread * 1.2)), max(2, round(spread * 0.1)))
        shade = pygame.transform.smoothscale(self._shadow, size)
        shade.set_alpha(110)
        centre = (
            round(self.root[0] + (max(xs) + min(xs)) / 2 * self.scale),
            self.root[1] + round(3 * self.u),
        )
        surface.blit(shade, shade.get_rect(center=centre))

    def _widths(self, f: float) -> list[tuple[float, float]]:
        """Each segment's width at its base and its tip, in pixels: thicker with more wood beyond it."""
        cached = self._width_cache.get(f)
        if cached is not None:
            return cached
        front = self.front(f)
        grown = [(s.d1 - s.d0) * clamp01((front - s.d0) / (s.d1 - s.d0)) for s in self.segments]
        mass = list(grown)
        for i in range(len(self.segments) - 1, 0, -1):
            mass[self.segments[i].parent] += mass[i]
        k = self.scale
        widths = [
            ((_TIP_W + _PIPE_K * math.sqrt(m)) * k, (_TIP_W + _PIPE_K * math.sqrt(max(0.0, m - g))) * k)
            for m, g in zip(mass, grown, strict=True)
        ]
        self._width_cache = {f: widths}
        return widths

    def _px(self, x: float, y: float) -> tuple[float, float]:
        return self.root[0] + x * self.scale, self.root[1] + y * self.scale

    def _draw_segment(
        self, surface: pygame.Surface, i: int, k: float, widths: list[tuple[float, float]]
    ) -> None:
        """Draw segment ``i`` from its base to ``k`` (0..1) of its length."""
        s = self.segments[i]
        x0, y0 = self._px(s.x0, s.y0)
        x1, y1 = self._px(s.x0 + (s.x1 - s.x0) * k, s.y0 + (s.y1 - s.y0) * k)
        w0, w1 = widths[i]
        w1 = w0 + (w1 - w0) * k
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n
        if nx > 0:  # the sun is to the left: (nx, ny) points to the lit side
            nx, ny = -nx, -ny
        c = self.colours
        quad = [
            (x0 + nx * w0 / 2, y0 + ny * w0 / 2),
            (x1 + nx * w1 / 2, y1 + ny * w1 / 2),
            (x1 - nx * w1 / 2, y1 - ny * w1 / 2),
            (x0 - nx * w0 / 2, y0 - ny * w0 / 2),
        ]
        pygame.draw.polygon(surface, c.bark, quad)
        if w1 >= 2.5:
            pygame.draw.circle(surface, c.bark, (x1, y1), w1 / 2)  # a rounded joint
        if w0 >= 4.0:
            lit = max(1, round(w0 * 0.22))
            a = (x0 + nx * w0 * 0.3, y0 + ny * w0 * 0.3)
            b = (x1 + nx * w1 * 0.3, y1 + ny * w1 * 0.3)
            pygame.draw.line(surface, c.bark_lit, a, b, lit)

    # -- leaves ----------------------------------------------------------------------------------

    def _plan(self, f: float, cached_f: float, *, static: bool = False) -> list[_Placed]:
        """The leaf clusters to draw at growth ``f``, at rest: those the layer at ``cached_f`` holds
        (``static``), or all the others."""
        key = (f, cached_f) if not static else (f, -1.0)
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        front = self.front(f)
        plan = []
        for i, t in enumerate(self.tufts):
            if f <= t.f0:
                continue
            in_layer = t.shade == 0 and self._final(t, cached_f)
            # A cached cluster whose blossoms began to open after its layer was drawn: only those, live.
            opening_only = in_layer and not static and cached_f < t.bloom <= f
            if in_layer != static and not opening_only:
                continue
            if opening_only or not self._final(t, f):
                plan.extend(self._place(t, f, front, opening_only))
                continue
            # Most clusters have stopped changing: keep what they drew.
            skey = (i, f >= t.bloom)
            placed = self._settled.get(skey)
            if placed is None:
                placed = self._settled[skey] = self._place(t, f, front, False)
            plan.extend(placed)
        if len(self._plans) > 4:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def _place(self, t: Tuft, f: float, front: float, opening_only: bool) -> list[_Placed]:
        """Cluster ``t`` at growth ``f``: its leaves (unless ``opening_only``) and opening blossoms."""
        grown = smoothstep((f - t.f0) / (t.f1 - t.f0))
        x, y = self._anchor(t, front)
        size = t.size * (0.35 + 0.65 * grown)
        if t.axis is not None:
            # A shoot's tip cluster fills out as the shoot lengthens.
            first, last = self.segments[t.axis[0]], self.segments[t.axis[-1]]
            size *= 0.7 + 0.3 * clamp01((front - first.d0) / (last.d1 - first.d0))
        opened = smoothstep((f - t.bloom) / 0.05)
        amp = 0.0 if t.shade == 0 else 0.3 + 0.7 * t.reach
        sprites = []
        if not opening_only:
            sprites.append(self._sprite((t.variant, t.shade, 2 if opened >= 1.0 else 0), size, grown))
        if 0.0 < opened < 1.0 or opening_only:
            sprites.append(self._sprite((t.variant, t.shade, 1), size * (0.5 + 0.5 * opened), opened))
        placed = []
        for sprite in sprites:
            half = sprite.get_width() / 2
            placed.append((sprite, round(x - half), round(y - half), amp, t.phase))
        return placed

    def _final(self, t: Tuft, f: float) -> bool:
        """Whether cluster ``t`` looks the same at growth ``f`` as it always will (so it may be cached)."""
        if f < t.f1 or t.bloom <= f < t.bloom + 0.05:
            return False
        return t.axis is None or self.front(f) >= self.segments[t.axis[-1]].d1

    def _anchor(self, tuft: Tuft, front: float) -> tuple[float, float]:
        s = self.segments[tuft.segment]
        x, y = s.x1, s.y1
        if tuft.axis is not None and front < s.d1:
            for j in tuft.axis:  # riding the growing tip of its axis
                seg = self.segments[j]
                if seg.d1 >= front:
                    k = clamp01((front - seg.d0) / (seg.d1 - seg.d0))
                    x, y = seg.x0 + (seg.x1 - seg.x0) * k, seg.y0 + (seg.y1 - seg.y0) * k
                    break
        return self._px(x + tuft.dx, y + tuft.dy)

    # -- drawing ---------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, view: FrameView) -> None:
        f = self.fraction
        settled = self.shown >= self.growth
        # While growing, the layer keeps the tree as it stood when this step began, then catches up in
        # quanta: redrawing it every frame would cost too much, and never would leave too much live.
        if settled:
            cached_f = f
        else:
            cached_f = max(self._from / self.max_growth, math.floor(f * _QUANTA) / _QUANTA)
        amp = 0.0 if view.reduced_motion else self.breeze * 5.0 * self.u
        if amp < _STILL_PX:
            amp = 0.0
        at_rest = settled and amp == 0.0
        surface.blit(self._layer_for(cached_f, at_rest, surface), (0, 0))
        if not settled:
            widths = self._widths(cached_f)
            done, front = self.front(cached_f), self.front(f)
            for i, s in enumerate(self.segments):
                if s.d1 > done and s.d0 < front:
                    self._draw_segment(surface, i, clamp01((front - s.d0) / (s.d1 - s.d0)), widths)
        if not at_rest:
            plan = self._plan(f, cached_f)
            if amp == 0.0:
                surface.blits([(s, (x, y)) for s, x, y, _, _ in plan], doreturn=False)
            else:
                # A breeze from the player: outer leaves move most and lean a little downwind, and a slow
                # wave runs through the crown instead of every cluster moving alike.
                t = self.time * 2.1
                sin = math.sin
                surface.blits(
                    [
                        (
                            s,
                            (
                                round(x + amp * a * (0.5 + sin(t + ph + x * 0.01))),
                                round(y + 0.35 * amp * a * sin(1.3 * (t + ph) + 1.0)),
                            ),
                        )
                        for s, x, y, a, ph in plan
                    ],
                    doreturn=False,
                )
        if not view.reduced_motion and f > 0.6:
            self._draw_petals(surface, f)

    def _draw_petals(self, surface: pygame.Surface, f: float) -> None:
        # A few petals drift down from open blossoms: slow, faint, each on its own long loop.
        blooming = [t for t in self.tufts if t.bloom <= 1.0]
        if not blooming:
            return
        colour = self.colours.blossom
        r = max(1, round(2.8 * self.u))
        for n, (period, offset, drift) in enumerate(self._petals):
            loop, tau = divmod((self.time + offset) / period, 1.0)
            tuft = blooming[(int(loop) * 7 + n * 13) % len(blooming)]
            alpha = (
                smoothstep((f - tuft.bloom) / 0.05) * smoothstep(tau / 0.12) * smoothstep((1 - tau) / 0.25)
            )
            if alpha < 0.02:
                continue
            x0, y0 = self._anchor(tuft, self._reach)
            ground = self._near_y(x0) + 6 * self.u
            x = x0 + drift * tau * 70 * self.u + math.sin(tau * 9.0 + n) * 7 * self.u
            y = y0 + (ground - y0) * tau
            if not (0 <= x < self.width and 0 <= y < self.height):
                continue
            behind = surface.get_at((int(x), int(y)))
            rect = pygame.Rect(0, 0, 2 * r, r + 1)
            rect.center = (round(x), round(y))
            pygame.draw.ellipse(surface, mix((behind[0], behind[1], behind[2]), colour, alpha * 0.85), rect)


def _with_alpha(surface: pygame.Surface) -> pygame.Surface:
    """A per-pixel-alpha copy that works without a display (``convert_alpha`` needs one)."""
    out = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    out.blit(surface, (0, 0))
    return out


def _leaf_cluster(
    r: int, leaves: list[tuple[float, float, float, float]], tones: list[RGB]
) -> pygame.Surface:
    """A cluster of almond leaves, drawn at twice the size and scaled down for smooth edges."""
    big = pygame.Surface((4 * r, 4 * r), pygame.SRCALPHA)
    c = 2 * r
    # Lower leaves first, so the upper ones (lit by the low sun) overlap them.
    for pos_angle, dist, turn, size in sorted(leaves, key=lambda leaf: -math.sin(leaf[0]) * leaf[1]):
        px = c + math.cos(pos_angle) * dist * 2 * r
        py = c + math.sin(pos_angle) * dist * 2 * r * 0.85
        lit = clamp01(0.5 - 0.55 * math.sin(pos_angle) * dist - 0.35 * math.cos(pos_angle) * dist)
        tone = tones[0] if lit < 0.3 else tones[1] if lit < 0.62 else tones[2]
        length, width = 0.52 * r * size, 0.22 * r * size
        ca, sa = math.cos(turn), math.sin(turn)
        half = [((j / 8 - 0.5) * 2 * length, math.sin(math.pi * j / 8) * width) for j in range(9)]
        outline = half + [(a, -b) for a, b in reversed(half[1:-1])]
        pts = [(px + a * ca - b * sa, py + a * sa + b * ca) for a, b in outline]
        pygame.draw.polygon(big, (*tone, 255), pts)
        pygame.draw.line(big, (*mix(tone, tones[0], 0.5), 200), pts[0], pts[8], max(1, r // 20))
    return pygame.transform.smoothscale(big, (2 * r, 2 * r))


def _blossoms(r: int, flowers: list[tuple[float, float, float]], petal: RGB, centre: RGB) -> pygame.Surface:
    """Two to four five-petalled blossoms on a clear ground, placed to sit among a cluster's leaves."""
    big = pygame.Surface((4 * r, 4 * r), pygame.SRCALPHA)
    c = 2 * r
    for angle, dist, size in flowers:
        fx = c + math.cos(angle) * dist * 2 * r
        fy = c + math.sin(angle) * dist * 2 * r * 0.8
        pr = max(1.0, 0.18 * r * size)
        turn = angle * 3.0
        for k in range(5):
            a = turn + k * math.tau / 5
            pygame.draw.circle(
                big, (*petal, 255), (fx + math.cos(a) * pr * 1.1, fy + math.sin(a) * pr * 1.1), pr
            )
        pygame.draw.circle(big, (*centre, 255), (fx, fy), max(1.0, pr * 0.7))
    return pygame.transform.smoothscale(big, (2 * r, 2 * r))
