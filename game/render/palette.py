"""Named colour sets for every painter: calm (default), high contrast, colour-blind safe."""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Palette:
    """The colours a painter may use, by role rather than by hue.

    Scene painters may tint these (time of day, calm), but widgets (pacer, trace, HUD) use them as they
    are so that the accessibility palettes keep their promise.
    """

    name: str
    # Sky and land: a three-stop gradient, top -> mid -> horizon.
    sky_top: RGB
    sky_mid: RGB
    sky_bottom: RGB
    sun: RGB
    star: RGB
    hills_far: RGB
    hills_near: RGB
    # Water: horizon colour comes from the sky; these are the body and the deep foreground.
    water: RGB
    water_deep: RGB
    ripple: RGB
    # Things in the scene.
    boat: RGB
    sail: RGB
    lantern: RGB
    lantern_glow: RGB
    # Widgets and text.
    accent: RGB
    text: RGB
    text_dim: RGB
    inhale: RGB
    exhale: RGB
    hold: RGB
    player: RGB
    pacer: RGB
    panel: RGB
    warn: RGB
    #: Scenes skip their mood tints (time of day, warm light) when True, keeping contrast maximal.
    high_contrast: bool = False


CALM = Palette(
    name="calm",
    sky_top=(28, 34, 76),
    sky_mid=(112, 88, 138),
    sky_bottom=(238, 166, 132),
    sun=(255, 222, 172),
    star=(232, 234, 255),
    hills_far=(112, 88, 128),
    hills_near=(54, 46, 84),
    water=(78, 78, 124),
    water_deep=(24, 30, 60),
    ripple=(238, 200, 178),
    boat=(40, 32, 44),
    sail=(248, 238, 222),
    lantern=(250, 170, 88),
    lantern_glow=(255, 206, 130),
    accent=(255, 198, 142),
    text=(248, 244, 238),
    text_dim=(206, 200, 216),
    inhale=(132, 198, 232),
    exhale=(246, 182, 124),
    hold=(192, 174, 232),
    player=(255, 204, 136),
    pacer=(168, 214, 238),
    panel=(16, 20, 42),
    warn=(255, 168, 124),
)

# Near-black ground, white text, yellow for the things that matter most (pacer, sail, lanterns).
HIGH_CONTRAST = Palette(
    name="high_contrast",
    sky_top=(0, 0, 0),
    sky_mid=(8, 8, 16),
    sky_bottom=(34, 34, 46),
    sun=(255, 240, 0),
    star=(255, 255, 255),
    hills_far=(70, 70, 82),
    hills_near=(40, 40, 48),
    water=(14, 14, 22),
    water_deep=(0, 0, 0),
    ripple=(210, 210, 210),
    boat=(255, 255, 255),
    sail=(255, 240, 0),
    lantern=(255, 210, 0),
    lantern_glow=(255, 240, 0),
    accent=(255, 240, 0),
    text=(255, 255, 255),
    text_dim=(235, 235, 235),
    inhale=(0, 220, 255),
    exhale=(255, 240, 0),
    hold=(255, 255, 255),
    player=(255, 255, 255),
    pacer=(255, 240, 0),
    panel=(0, 0, 0),
    warn=(255, 240, 0),
    high_contrast=True,
)

# Okabe & Ito (2008): blue / sky blue / bluish green / yellow / orange / vermillion / reddish purple.
# Roles that must be told apart (pacer vs player, inhale vs exhale) sit on the blue-orange axis, which
# survives every common colour-vision deficiency.
_OI_ORANGE = (230, 159, 0)
_OI_SKY = (86, 180, 233)
_OI_YELLOW = (240, 228, 66)
_OI_VERMILLION = (213, 94, 0)
_OI_PURPLE = (204, 121, 167)

COLOUR_BLIND = Palette(
    name="colour_blind",
    sky_top=(8, 30, 66),
    sky_mid=(20, 78, 132),
    sky_bottom=(150, 150, 170),
    sun=_OI_YELLOW,
    star=(240, 240, 240),
    hills_far=(46, 74, 110),
    hills_near=(20, 40, 68),
    water=(16, 66, 110),
    water_deep=(6, 22, 44),
    ripple=(196, 214, 232),
    boat=(24, 24, 28),
    sail=(250, 246, 236),
    lantern=_OI_ORANGE,
    lantern_glow=_OI_YELLOW,
    accent=_OI_YELLOW,
    text=(250, 250, 250),
    text_dim=(214, 220, 228),
    inhale=_OI_SKY,
    exhale=_OI_ORANGE,
    hold=_OI_PURPLE,
    player=_OI_ORANGE,
    pacer=_OI_SKY,
    panel=(4, 16, 34),
    warn=_OI_VERMILLION,
)

PALETTES: dict[str, Palette] = {p.name: p for p in (CALM, HIGH_CONTRAST, COLOUR_BLIND)}


def get_palette(name: str | None) -> Palette:
    """Return the palette called ``name``; unknown or missing names give the calm palette."""
    return PALETTES.get(name or "", CALM)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend of two colours, ``t`` = 0 gives ``a``, 1 gives ``b`` (clamped)."""
    t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )
