"""Garment drawings made by the project itself, the way a person sketches on the app's pad.

Black strokes on a white canvas: mostly a closed outline of the garment, sometimes a few
inner lines (collar, buttons, zip, pocket, laces, straps, handle, crease). Every drawing is
built from a random parametric shape of its class (sleeve length, shoulder width, leg
width, dress flare, heel height, boot shaft, bag handle...), placed at a random scale,
position and slight rotation, and drawn with wobbly strokes of a sketchpad brush width.
Nothing here is taken from Fashion-MNIST; shoes point their toe to the left as the
dataset's photos do.

Family A. Uses: the app's example row (:func:`write_examples`, ``examples/``:
``python -m nin.lab.families examples``), training (:func:`draw_for_training`, the varied drawings)
and measuring how well the model reads drawings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ...preprocess import CLASSES
from . import curves
from .canvas import SIZE, check_label
from .curves import chain, mirror

STROKE_RANGE = (6, 16)      # brush width in pixels on a 448 canvas (inclusive)
SPAN_RANGE = (0.55, 0.90)   # the garment's longest side, as a share of the canvas
MAX_ROTATION = 8.0          # degrees
SUPERSAMPLE = 2             # drawn at 2x and reduced, for the soft edge of a web brush
EXAMPLES_SEED = 12          # seed of the committed examples/ (see write_examples)
EXAMPLES_STREAM = 1000      # example_drawing's candidates come from default_rng([seed, EXAMPLES_STREAM + label, k])
arc = partial(curves.arc, n=24)        # how finely this family samples its arcs
bezier = partial(curves.bezier, n=16)  # and its Bezier curves


def slug(name: str) -> str:
    """'T-shirt/top' -> 't-shirt-top', 'Ankle boot' -> 'ankle-boot'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


SLUGS = tuple(slug(c) for c in CLASSES)


def example_name(label: int) -> str:
    """File name of a class's example drawing, e.g. '0_t-shirt-top.png'."""
    return f"{label}_{SLUGS[label]}.png"


# ----------------------------------------------------------------------------------------
# Geometry helpers (garment units: x to the right, y downwards, size about 1)

def _symmetric(right) -> np.ndarray:
    """A closed outline from its right half, drawn from the top centre to the bottom centre."""
    right = chain(right)
    full = chain(right, mirror(right)[::-1])
    if np.linalg.norm(full[0] - full[-1]) < 1e-9:
        full = full[:-1]
    return full


def _lerp(a, b, t: float) -> np.ndarray:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a + (b - a) * t


class _Sketch:
    """The strokes of one drawing, in garment units, before placement, and the random source
    that chooses the garment's proportions and details."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.strokes: list[tuple[np.ndarray, bool]] = []  # (points, closed)

    def uniform(self, lo: float, hi: float) -> float:
        """A random proportion between lo and hi."""
        return float(self.rng.uniform(lo, hi))

    def chance(self, prob: float) -> bool:
        """True with probability prob: whether to draw an optional detail."""
        return bool(self.rng.random() < prob)

    def line(self, points, closed: bool = False) -> None:
        self.strokes.append((chain(points), closed))

    def both_sides(self, points, closed: bool = False) -> None:
        """A stroke and its mirror image (about x = 0): a left and right pair of details."""
        self.line(points, closed)
        self.line(mirror(chain(points)), closed)

    def dot(self, x: float, y: float) -> None:
        self.strokes.append((np.array([[x, y]], dtype=float), False))


# ----------------------------------------------------------------------------------------
# Tops: T-shirt/top, Pullover, Coat, Shirt

@dataclass(frozen=True)
class _TopShape:
    """Key points and proportions of a top's outline, where its details (cuffs, hem band,
    collar, pockets, belt) attach. Points are on the right half (the left one is its mirror
    image); the neck points are at y = 0."""

    neck_width: float          # x of the neck point, where the shoulder seam starts
    neck_depth: float          # how far the front neckline dips at the centre
    shoulder: np.ndarray       # end of the shoulder seam, where the sleeve starts
    cuff_top: np.ndarray       # cuff end of the sleeve's top edge
    cuff_under: np.ndarray     # cuff end of the sleeve's under edge
    armpit: np.ndarray
    along_sleeve: np.ndarray   # unit vector from the shoulder down the sleeve
    across_sleeve: np.ndarray  # unit vector from the sleeve's top edge to its under edge
    chest: float               # half width of the body at the armpit
    hem_x: float               # half width of the hem
    length: float              # y of the hem at the sides


def _neckline(width: float, depth: float, kind: str, n: int = 14) -> np.ndarray:
    """Right half of a front neckline, from the centre (0, depth) to the neck point (width, 0)."""
    if kind == "v":
        return chain((0.0, depth), (width, 0.0))
    if kind == "square":
        return chain((0.0, depth), (width * 0.9, depth), (width, 0.0))
    return bezier((0.0, depth), (width * 0.85, depth), (width, 0.0), n=n)


def _top(sk: _Sketch, sleeves: str, neck: str, neck_width: float, neck_depth: float, length: float,
         shirttail: bool = False, hem_flare: tuple[float, float] = (0.98, 1.08)) -> _TopShape:
    """The outline of a top (right half mirrored); returns its key points for the details."""
    shoulder_x, shoulder_y = sk.uniform(0.23, 0.30), sk.uniform(0.02, 0.07)
    chest = shoulder_x * sk.uniform(0.86, 0.98)
    if sleeves == "short":
        angle = math.radians(sk.uniform(22, 48))  # of the sleeve, below the horizontal
        sleeve_length = sk.uniform(0.16, 0.27)
        cuff_width = sk.uniform(0.13, 0.19)
        armpit_y = shoulder_y + sk.uniform(0.16, 0.23)
    else:  # long
        angle = math.radians(sk.uniform(62, 80))
        sleeve_length = length * sk.uniform(0.78, 0.95)
        cuff_width = sk.uniform(0.09, 0.14)
        armpit_y = shoulder_y + sk.uniform(0.19, 0.27)
    along = np.array([math.cos(angle), math.sin(angle)])
    across = np.array([-math.sin(angle), math.cos(angle)])  # from the sleeve's top edge to its under edge
    shoulder = np.array([shoulder_x, shoulder_y])
    cuff_top = shoulder + sleeve_length * along
    cuff_under = cuff_top + cuff_width * across
    armpit = np.array([chest, armpit_y])
    hem_x = chest * sk.uniform(*hem_flare)
    waist = sk.uniform(0.93, 1.0)  # how far the side seam draws in at the waist
    side = bezier(armpit, (chest * waist, (armpit_y + length) / 2), (hem_x, length), n=12)
    if shirttail:  # a hem that dips to the centre
        dip = sk.uniform(0.03, 0.07)
        hem = bezier((hem_x, length), (hem_x * 0.5, length + dip * 0.2), (0.0, length + dip), n=10)
    else:
        hem = chain((hem_x, length), (0.0, length))
    right = chain(_neckline(neck_width, neck_depth, neck), shoulder, cuff_top, cuff_under, armpit, side, hem)
    sk.line(_symmetric(right), closed=True)  # the outline: neckline, shoulders, sleeves, sides, hem
    return _TopShape(neck_width=neck_width, neck_depth=neck_depth, shoulder=shoulder, cuff_top=cuff_top,
                     cuff_under=cuff_under, armpit=armpit, along_sleeve=along, across_sleeve=across,
                     chest=chest, hem_x=hem_x, length=length)


def _side_x(top: _TopShape, y: float) -> float:
    """x of the top's side seam at height y (between armpit and hem)."""
    t = np.clip((y - top.armpit[1]) / (top.length - top.armpit[1]), 0.0, 1.0)
    return float(top.chest + (top.hem_x - top.chest) * t)


def _cuffs(sk: _Sketch, top: _TopShape, depth: float) -> None:
    """A seam across each sleeve, depth in from its end: the cuffs."""
    under = top.armpit - top.cuff_under  # the sleeve's under edge, from the cuff to the armpit
    on_top = top.cuff_top - depth * top.along_sleeve
    on_under = top.cuff_under + depth * under / np.linalg.norm(under)
    sk.both_sides([on_top, on_under])


def _hem_band(sk: _Sketch, top: _TopShape, depth: float) -> None:
    """A seam across the body, depth above the hem: a ribbed or turned hem."""
    y = top.length - depth
    x = _side_x(top, y) * 0.99
    sk.line([(-x, y), (x, y)])


def _collar_band(sk: _Sketch, top: _TopShape, kind: str) -> None:
    """A second neckline just below the first: the band of a collar."""
    offset = sk.uniform(0.025, 0.045)
    right = _neckline(top.neck_width + offset * 0.5, top.neck_depth + offset, kind)
    right[-1, 1] = offset * 0.3
    sk.line(chain(mirror(right)[::-1], right))


def _draw_tshirt(sk: _Sketch) -> None:
    neck = "v" if sk.chance(0.25) else "round"
    neck_width = sk.uniform(0.09, 0.14)
    neck_depth = sk.uniform(0.12, 0.2) if neck == "v" else sk.uniform(0.05, 0.12)
    top = _top(sk, "short", neck, neck_width, neck_depth, sk.uniform(0.8, 1.0))
    if sk.chance(0.5):
        _collar_band(sk, top, neck)
    if sk.chance(0.35):  # back of the neck
        sk.line(bezier((-neck_width, 0.0), (0.0, neck_depth * 0.3), (neck_width, 0.0), n=10))
    if sk.chance(0.35):
        _cuffs(sk, top, sk.uniform(0.03, 0.05))
    if sk.chance(0.25):
        _hem_band(sk, top, sk.uniform(0.04, 0.07))
    if sk.chance(0.15):  # chest pocket, open at the top
        x0, y0, side = sk.uniform(0.07, 0.12), sk.uniform(0.2, 0.28), sk.uniform(0.07, 0.1)
        sk.line([(x0, y0), (x0, y0 + side), (x0 + side, y0 + side), (x0 + side, y0)])


def _draw_pullover(sk: _Sketch) -> None:
    neck_width = sk.uniform(0.09, 0.13)
    neck_depth = sk.uniform(0.04, 0.1)
    top = _top(sk, "long", "round", neck_width, neck_depth, sk.uniform(0.85, 1.05))
    if sk.chance(0.15):  # turtleneck
        height = sk.uniform(0.07, 0.12)
        sk.line([(-neck_width, 0.0), (-neck_width * 0.92, -height), (neck_width * 0.92, -height), (neck_width, 0.0)])
    elif sk.chance(0.6):
        _collar_band(sk, top, "round")
    if sk.chance(0.6):
        _cuffs(sk, top, sk.uniform(0.05, 0.09))
    if sk.chance(0.6):
        _hem_band(sk, top, sk.uniform(0.05, 0.09))
    if sk.chance(0.15):  # a knit pattern stripe
        y = sk.uniform(0.35, 0.5)
        x = _side_x(top, y) * 0.98
        sk.line([(-x, y), (x, y)])


def _buttons(sk: _Sketch, x: float, y0: float, y1: float, n: int) -> None:
    for y in np.linspace(y0, y1, n):
        sk.dot(x, float(y))


def _draw_coat(sk: _Sketch) -> None:
    style = sk.rng.choice(["lapel", "zip", "collar"], p=[0.4, 0.35, 0.25])
    neck_width = sk.uniform(0.1, 0.14)
    length = sk.uniform(0.95, 1.25)
    if style == "lapel":
        neck_depth = sk.uniform(0.2, 0.34)
        top = _top(sk, "long", "v", neck_width, neck_depth, length, hem_flare=(1.0, 1.15))
        lapel_out, lapel_down = sk.uniform(0.05, 0.1), sk.uniform(0.08, 0.16)  # the lapel's point
        sk.both_sides([(neck_width, 0.0), (neck_width + lapel_out, lapel_down), (0.01, neck_depth)])  # lapels
        sk.line([(0.0, neck_depth), (0.0, length)])  # front opening
        if sk.chance(0.7):
            _buttons(sk, -0.035, neck_depth + 0.06, neck_depth + 0.06 + sk.uniform(0.2, 0.4),
                     int(sk.rng.integers(2, 5)))
    else:
        neck_depth = sk.uniform(0.05, 0.1)
        top = _top(sk, "long", "round", neck_width, neck_depth, length, hem_flare=(1.0, 1.15))
        if style == "zip" or sk.chance(0.5):  # stand-up collar, one stroke per side
            height = sk.uniform(0.05, 0.1)
            sk.line([(-neck_width, 0.0), (-neck_width * 1.05, -height), (-0.0, -height * 0.6 + neck_depth * 0.3)])
            sk.line([(neck_width, 0.0), (neck_width * 1.05, -height), (0.0, -height * 0.6 + neck_depth * 0.3)])
        sk.line([(0.0, neck_depth), (0.0, length)])  # front opening
        if style == "zip":
            if sk.chance(0.5):  # zip pull
                y = neck_depth + sk.uniform(0.02, 0.08)
                sk.line([(0.0, y), (0.03, y + 0.02), (0.03, y + 0.07), (0.0, y + 0.07)])
        else:
            if sk.chance(0.3):  # second line of a zip/placket
                sk.line([(-0.03, neck_depth), (-0.03, length)])
            _buttons(sk, 0.035, neck_depth + 0.06, length - sk.uniform(0.1, 0.25), int(sk.rng.integers(3, 7)))
    if sk.chance(0.45):  # pockets
        y = top.length * sk.uniform(0.55, 0.72)
        x = _side_x(top, y)
        if sk.chance(0.5):  # slanted welt pockets
            sk.both_sides([(x * 0.45, y), (x * 0.72, y + 0.1)])
        else:  # patch pockets, open at the top
            width, height = x * sk.uniform(0.3, 0.4), sk.uniform(0.1, 0.16)
            sk.both_sides([(x * 0.35, y), (x * 0.35, y + height), (x * 0.35 + width, y + height),
                           (x * 0.35 + width, y)])
    if sk.chance(0.2):  # belt, its upper and lower edge
        y = top.length * sk.uniform(0.42, 0.55)
        x = _side_x(top, y) * 0.99
        sk.line([(-x, y), (x, y)])
        sk.line([(-x, y + 0.05), (x, y + 0.05)])
    if sk.chance(0.4):
        _cuffs(sk, top, sk.uniform(0.05, 0.09))


def _draw_shirt(sk: _Sketch) -> None:
    sleeves = "long" if sk.chance(0.6) else "short"
    neck_width = sk.uniform(0.08, 0.12)
    neck_depth = sk.uniform(0.06, 0.12)
    top = _top(sk, sleeves, "round", neck_width, neck_depth, sk.uniform(0.85, 1.05), shirttail=sk.chance(0.5))
    if sk.chance(0.85):  # pointed collar: its two points
        tip_x, tip_y = neck_width + sk.uniform(0.0, 0.05), neck_depth + sk.uniform(0.06, 0.12)
        sk.both_sides([(neck_width, 0.0), (tip_x, tip_y), (0.015, neck_depth)])
        if sk.chance(0.4):  # back of the collar, above the neck
            sk.line(bezier((-neck_width, 0.0), (0.0, -0.03), (neck_width, 0.0), n=10))
    if sk.chance(0.8):  # front opening
        sk.line([(0.0, neck_depth), (0.0, top.length)])
    if sk.chance(0.75):
        _buttons(sk, sk.uniform(0.025, 0.04), neck_depth + 0.07, top.length - 0.1, int(sk.rng.integers(4, 7)))
    if sk.chance(0.35):  # chest pocket, open at the top
        x0, y0, side = sk.uniform(0.07, 0.11), sk.uniform(0.22, 0.3), sk.uniform(0.07, 0.1)
        sk.line([(x0, y0), (x0, y0 + side), (x0 + side, y0 + side), (x0 + side, y0)])
    if sleeves == "long" and sk.chance(0.5):
        _cuffs(sk, top, sk.uniform(0.05, 0.08))


# ----------------------------------------------------------------------------------------
# Dress, Trouser

def _draw_dress(sk: _Sketch) -> None:
    sleeves = sk.rng.choice(["none", "short", "long"], p=[0.5, 0.35, 0.15])
    neck_width = sk.uniform(0.06, 0.1)
    neck_depth = sk.uniform(0.05, 0.16)
    neck = "v" if sk.chance(0.25) else ("square" if sk.chance(0.15) else "round")
    chest = sk.uniform(0.14, 0.2)  # half width at the armpit
    armpit_y = sk.uniform(0.15, 0.24)
    waist_x = chest * sk.uniform(0.7, 0.92)
    waist_y = sk.uniform(0.3, 0.45)
    length = 1.0
    hem_x = sk.uniform(0.2, 0.46)
    if sleeves == "none":  # a strap from the neck, then the armhole down to the armpit
        shoulder_x = neck_width + sk.uniform(0.03, 0.07)
        shoulder_y = sk.uniform(0.0, 0.03)
        upper = chain((shoulder_x, shoulder_y),
                      bezier((shoulder_x, shoulder_y), (shoulder_x * 0.95, armpit_y * 0.85), (chest, armpit_y), n=10))
    else:  # a sleeve, as the tops have
        shoulder_x = max(chest, neck_width + 0.05) * sk.uniform(1.0, 1.15)
        shoulder_y = sk.uniform(0.02, 0.05)
        if sleeves == "short":
            angle, sleeve_length, cuff_width = (math.radians(sk.uniform(35, 65)), sk.uniform(0.08, 0.16),
                                                sk.uniform(0.08, 0.12))
        else:
            angle, sleeve_length, cuff_width = (math.radians(sk.uniform(70, 82)), sk.uniform(0.4, 0.55),
                                                sk.uniform(0.06, 0.09))
        shoulder = np.array([shoulder_x, shoulder_y])
        cuff_top = shoulder + sleeve_length * np.array([math.cos(angle), math.sin(angle)])
        cuff_under = cuff_top + cuff_width * np.array([-math.sin(angle), math.cos(angle)])
        armpit_y = max(armpit_y, shoulder_y + 0.12)
        upper = chain(shoulder, cuff_top, cuff_under, (chest, armpit_y))
    skirt = bezier((waist_x, waist_y), (waist_x + (hem_x - waist_x) * sk.uniform(0.0, 0.3),
                                        waist_y + (length - waist_y) * 0.45), (hem_x, length), n=14)
    dip = sk.uniform(-0.01, 0.05)
    hem = bezier((hem_x, length), (hem_x * 0.5, length + dip), (0.0, length + dip), n=10)
    bodice = bezier((chest, armpit_y), (chest * 0.98, (armpit_y + waist_y) / 2), (waist_x, waist_y), n=8)
    right = chain(_neckline(neck_width, neck_depth, neck), upper, bodice, skirt, hem)
    sk.line(_symmetric(right), closed=True)  # the outline: neckline, shoulders, bodice, skirt, hem
    if sk.chance(0.45):  # waist seam
        sk.line(bezier((-waist_x, waist_y), (0.0, waist_y + sk.uniform(-0.01, 0.03)), (waist_x, waist_y), n=8))
        if sk.chance(0.3):  # belt: its lower edge
            sk.line(bezier((-waist_x * 1.01, waist_y + 0.04), (0.0, waist_y + 0.05),
                           (waist_x * 1.01, waist_y + 0.04), n=8))
    if sk.chance(0.3):  # folds of the skirt, fanning out from the waist to the hem
        n_folds = int(sk.rng.integers(2, 4))
        for across in np.linspace(-0.6, 0.6, n_folds) + sk.rng.uniform(-0.1, 0.1, size=n_folds):
            x0 = waist_x * across * 0.8
            sk.line([(x0, waist_y + sk.uniform(0.05, 0.2)), (hem_x * across, length - sk.uniform(0.0, 0.1))])
    if sk.chance(0.15):  # back of the neck
        sk.line(bezier((-neck_width, 0.0), (0.0, neck_depth * 0.3), (neck_width, 0.0), n=8))


def _draw_trouser(sk: _Sketch) -> None:
    waist = sk.uniform(0.19, 0.26)              # half width at the waist
    length = 1.0
    crotch_y = sk.uniform(0.26, 0.4)
    leg_width = waist * sk.uniform(0.55, 0.8)   # at the hem
    hem_out = waist + sk.uniform(-0.03, 0.08)   # x of the outer seam at the hem
    hem_in = max(hem_out - leg_width, 0.05)     # x of the inner seam at the hem
    gap = sk.uniform(0.005, 0.025)              # between the legs at the crotch, half of it
    hip = (waist + sk.uniform(0.0, 0.025), sk.uniform(0.15, 0.28))  # bulge of the outer seam
    right = chain((0.0, 0.0), (waist, 0.0), bezier((waist, 0.0), hip, (hem_out, length), n=12), (hem_in, length),
                  bezier((hem_in, length), (hem_in * 0.6 + gap, (length + crotch_y) / 2), (gap, crotch_y), n=10),
                  (0.0, crotch_y - 0.01))
    sk.line(_symmetric(right), closed=True)  # the outline: waist, outer seams, hems, inner seams
    waistband = sk.uniform(0.05, 0.09)  # y of the waistband's lower edge
    if sk.chance(0.6):  # waistband
        sk.line([(-waist, waistband), (waist, waistband)])
    if sk.chance(0.45):  # fly
        sk.line(bezier((0.0, waistband), (0.04, crotch_y * 0.6), (0.0, crotch_y * 0.85), n=8))
    if sk.chance(0.35):  # slanted pockets
        sk.both_sides([(waist * sk.uniform(0.45, 0.65), waistband), (waist * 1.02, waistband + sk.uniform(0.1, 0.16))])
    if sk.chance(0.3):  # creases down the middle of the legs
        crease_top = sk.uniform(0.15, 0.3)
        sk.both_sides([((waist + hem_in) / 2, crease_top), ((hem_out + hem_in) / 2, length - sk.uniform(0.02, 0.1))])
    if sk.chance(0.25):  # turn-ups
        height = sk.uniform(0.04, 0.07)
        sk.both_sides([(hem_in, length - height), (hem_out, length - height)])


# ----------------------------------------------------------------------------------------
# Shoes (side view, toe to the left, ground at y = 0, up is negative y) and Bag

def _draw_sandal(sk: _Sketch) -> None:
    heeled = sk.chance(0.55)
    heel = sk.uniform(0.18, 0.42) if heeled else sk.uniform(0.0, 0.04)  # heel height
    sole = sk.uniform(0.035, 0.07)                                        # sole thickness
    ball = sk.uniform(0.3, 0.42)                                          # end of the flat forefoot
    seat = sk.uniform(0.72, 0.8)                                          # start of the heel seat
    # Top of the footbed, toe to heel.
    bed = chain(bezier((0.02, -sole), (ball * 0.5, -sole * 1.1), (ball, -sole), n=8),
                bezier((ball, -sole), ((ball + seat) / 2, -sole), (seat, -heel - sole), n=10),
                chain((seat, -heel - sole), (1.0, -heel - sole * 1.1)))
    under = bed.copy()  # underside of the sole, cut off at the ground
    under[:, 1] += sole
    under[under[:, 1] > 0, 1] = 0.0
    outline = chain(bed, bezier((1.0, -heel - sole * 1.1), (1.02, -heel - sole * 0.4), (0.99, -heel), n=5),
                    under[::-1], bezier((0.02, 0.0), (-0.02, -sole * 0.5), (0.02, -sole), n=5))
    sk.line(outline, closed=True)  # the sole, footbed on top
    if heeled:  # heel under the seat: a block or a stiletto
        heel_front, heel_back = sk.uniform(0.8, 0.9), sk.uniform(0.96, 0.99)
        ground_x = heel_front + sk.uniform(0.0, 0.06) if sk.chance(0.5) else heel_back - sk.uniform(0.03, 0.05)
        sk.line([(heel_front, -heel), (ground_x, 0.0), (heel_back - 0.01, 0.0), (heel_back, -heel)])

    def bed_y(x: float) -> float:
        return float(np.interp(x, bed[:, 0], bed[:, 1]))

    def foot_height(x: float) -> float:  # height of the foot above the footbed
        return 0.1 + 0.28 * np.clip(x / 0.8, 0.0, 1.0) ** 1.2

    n_straps = int(sk.rng.integers(2, 5))
    style = sk.rng.choice(["arches", "cross", "slide"], p=[0.55, 0.25, 0.2])
    if style == "slide":  # one wide band over the toes and an ankle strap
        x0, x1 = sk.uniform(0.06, 0.12), sk.uniform(0.38, 0.5)
        height = foot_height(x1) * sk.uniform(0.9, 1.1)
        sk.line(bezier((x0, bed_y(x0)), (x0, bed_y(x0) - height * 1.1), (x1, bed_y(x1) - height), (x1, bed_y(x1)),
                       n=14))
        n_straps = 1
    elif style == "cross":  # two straps crossing over the forefoot
        x0, x1 = sk.uniform(0.12, 0.2), sk.uniform(0.5, 0.62)
        top0, top1 = bed_y(x0) - foot_height(x0), bed_y(x1) - foot_height(x1)
        sk.line([(x0, bed_y(x0)), (x1 - 0.05, top1)])
        sk.line([(x1, bed_y(x1)), (x0 + 0.05, top0 - 0.02)])
        n_straps = 1
    if style == "arches" or sk.chance(0.5):  # straps over the foot, from the toes back
        start = sk.uniform(0.03, 0.1)
        for _ in range(min(n_straps, 3)):
            end = start + sk.uniform(0.14, 0.26)
            if end > 0.75:
                break
            x = (start + end) / 2
            height = foot_height(x) * sk.uniform(0.8, 1.1)
            top = bed_y(x) - height * 1.3
            lean = sk.uniform(-0.02, 0.08)
            sk.line(bezier((start, bed_y(start)), (start - 0.01 + lean, top), (end + 0.01 + lean, top),
                           (end, bed_y(end)), n=16))
            if sk.chance(0.3):  # a wide strap: its lower edge too
                sk.line(bezier((start + 0.03, bed_y(start + 0.03)), (start + 0.03, top + 0.08),
                               (end - 0.03, top + 0.08), (end - 0.03, bed_y(end - 0.03)), n=12))
            start = end + sk.uniform(0.02, 0.1)
    if sk.chance(0.75):  # back strap up from the heel, and the ankle strap around the ankle
        back_x = sk.uniform(0.9, 0.97)
        ankle_y = bed_y(back_x) - sk.uniform(0.2, 0.32)
        rx, ry = sk.uniform(0.09, 0.17), sk.uniform(0.025, 0.05)
        sk.line([(back_x, bed_y(back_x)), (back_x + 0.01, ankle_y)])
        sk.line(arc(back_x + 0.01 - rx, ankle_y, rx, ry, 0, 360, n=28), closed=True)
        if sk.chance(0.3):  # strap from the instep to the ankle strap
            x = sk.uniform(0.5, 0.65)
            sk.line([(x, bed_y(x)), (back_x + 0.01 - 2 * rx, ankle_y + 0.01)])


def _draw_sneaker(sk: _Sketch) -> None:
    collar = sk.uniform(0.3, 0.42)          # height of the collar at the heel
    tongue = collar + sk.uniform(0.02, 0.1)  # height of the tongue's top
    tongue_x = sk.uniform(0.55, 0.66)
    toe_height = sk.uniform(0.12, 0.2)
    laces_x = sk.uniform(0.28, 0.4)         # where the laces start
    sole = sk.uniform(0.05, 0.09)           # sole thickness
    toe = bezier((laces_x, -toe_height - 0.06), (0.12, -toe_height), (0.0, -toe_height * 0.5), (0.04, 0.0), n=24)
    outline = chain(
        (0.04, 0.0), (0.96, 0.0),
        bezier((0.96, 0.0), (1.02, -0.04), (1.0, -collar * 0.4), (0.98, -collar), n=10),  # heel
        bezier((0.98, -collar), (0.9, -collar * 0.75), (0.78, -collar * sk.uniform(0.75, 0.95)),
               (tongue_x + 0.04, -tongue), n=12),  # collar
        (tongue_x, -tongue),
        bezier((tongue_x, -tongue), (tongue_x - 0.1, -collar * 0.7), (laces_x, -toe_height - 0.06), n=8),  # laces line
        toe,
    )
    sk.line(outline, closed=True)  # the whole shoe's outline, from the ground round the heel to the toe
    if sk.chance(0.8):  # sole line
        sk.line(bezier((0.03, -sole), (0.5, -sole * sk.uniform(0.8, 1.2)), (0.985, -sole), n=10))
    if sk.chance(0.75):  # laces, across the line from the toe to the tongue
        n = int(sk.rng.integers(3, 6))
        start = np.array([laces_x + 0.03, -toe_height - 0.07])
        end = np.array([tongue_x - 0.03, -tongue + 0.05])
        along = (end - start) / np.linalg.norm(end - start)
        perp = np.array([along[1], -along[0]])
        if perp[1] > 0:
            perp = -perp
        for t in np.linspace(0.0, 1.0, n):
            centre = start + (end - start) * t
            half = sk.uniform(0.035, 0.06)
            sk.line([centre - perp * half, centre + perp * half])
    if sk.chance(0.35):  # toe cap, from the sole up to the top of the toe
        x = sk.uniform(0.15, 0.25)
        toe_top = toe[: len(toe) * 2 // 3]
        end = toe_top[np.argmin(np.abs(toe_top[:, 0] - (x - 0.03)))]
        sk.line(bezier((x, -sole), (x + 0.02, (end[1] - sole) / 2), end, n=8))
    if sk.chance(0.2):  # side stripe, curving up to the heel
        x0 = sk.uniform(0.35, 0.45)
        sk.line(bezier((x0, -sole - 0.05), (0.65, -sole - 0.02), (0.85, -collar * 0.6), n=10))
    if sk.chance(0.25):  # heel tab
        sk.line([(0.97, -collar), (0.92, -collar - 0.05), (0.88, -collar * 0.9)])


def _draw_ankle_boot(sk: _Sketch) -> None:
    shaft = sk.uniform(0.65, 0.95)         # shaft height
    heel = sk.uniform(0.08, 0.25) if sk.chance(0.6) else 0.0  # heel height
    front = sk.uniform(0.42, 0.58)         # x of the front of the shaft
    back = sk.uniform(0.9, 0.98)           # x of the back of the shaft at the top
    toe_height = sk.uniform(0.14, 0.22)
    instep = sk.uniform(0.3, 0.45)         # instep height at the shaft front
    heel_x = sk.uniform(0.7, 0.78)         # front of the heel
    bottom = [(0.05, 0.0), (0.4, 0.0)]
    if heel > 0:  # the sole rises from the forefoot to the heel's front
        bottom += list(bezier((0.4, 0.0), (0.55, -heel * 0.2), (heel_x, -heel), n=8))
        bottom += [(heel_x + 0.02, 0.0), (0.99, 0.0)]
    else:
        bottom += [(0.99, 0.0)]
    outline = chain(
        bottom,
        bezier((0.99, 0.0), (1.02, -0.15), (0.97, -shaft * 0.45), (back, -shaft), n=12),       # heel and back
        (front + sk.uniform(-0.03, 0.03), -shaft),                                            # top of the shaft
        bezier((front, -shaft), (front + 0.02, -instep * 1.2), (front - 0.02, -instep), n=8),  # front of the shaft
        bezier((front - 0.02, -instep), (0.32, -toe_height * 1.15 - 0.02), (0.16, -toe_height), n=10),  # vamp
        bezier((0.16, -toe_height), (0.0, -toe_height * 1.02), (-0.02, -0.02), (0.05, 0.0), n=10),     # toe
    )
    sk.line(outline, closed=True)  # the whole boot's outline
    if sk.chance(0.7):  # sole line
        y = -sk.uniform(0.06, 0.1)
        sk.line([(0.015, y), (0.42, y)] + ([] if heel > 0 else [(0.995, y)]))
    detail = sk.rng.choice(["none", "laces", "zip", "chelsea", "band"], p=[0.2, 0.25, 0.2, 0.2, 0.15])
    if detail == "laces":  # one stroke per lace, up the shaft's front
        for t in np.linspace(0.1, 0.9, int(sk.rng.integers(3, 6))):
            y = -instep - (shaft - instep) * t
            sk.line([(front - 0.02, y + 0.03), (front + sk.uniform(0.08, 0.14), y - 0.02)])
    elif detail == "zip":  # down the side of the shaft
        x = sk.uniform(0.72, 0.85)
        sk.line([(x, -shaft), (x, -sk.uniform(0.2, 0.35))])
    elif detail == "chelsea":  # the elastic side panel
        x = sk.uniform(0.62, 0.75)
        half = sk.uniform(0.07, 0.12)
        sk.line(bezier((x - half, -shaft), (x - half * 0.6, -instep * 0.8), (x + half * 0.6, -instep * 0.8),
                       (x + half, -shaft), n=12))
    elif detail == "band":  # a band round the top of the shaft
        y = -shaft + sk.uniform(0.07, 0.13)
        sk.line([(front + 0.01, y), (back - 0.01, y)])
    if sk.chance(0.3):  # pull tab
        sk.line([(back - 0.06, -shaft), (back - 0.04, -shaft - 0.08), (back, -shaft - 0.07), (back, -shaft)])


def _draw_bag(sk: _Sketch) -> None:
    width = 1.0
    height = sk.uniform(0.5, 0.85)
    taper = sk.uniform(0.0, 0.15)
    if sk.chance(0.75):   # narrower at the top (handbag, tote)
        top_left, top_right, bottom_left, bottom_right = taper, width - taper, 0.0, width
    else:                 # narrower at the bottom
        top_left, top_right, bottom_left, bottom_right = 0.0, width, taper, width - taper
    corner = sk.uniform(0.0, 0.08)  # radius of the rounded bottom corners
    left, right = bottom_left, bottom_right
    body = chain((top_left, 0.0), (top_right, 0.0), (right, height - corner),
                 bezier((right, height - corner), (right, height), (right - corner, height), n=5),
                 (left + corner, height),
                 bezier((left + corner, height), (left, height), (left, height - corner), n=5))
    sk.line(body, closed=True)  # the body's outline
    handle = sk.rng.choice(["arch", "double", "strap", "square", "none"], p=[0.35, 0.2, 0.2, 0.15, 0.1])
    cx = width / 2
    if handle == "arch":
        half = sk.uniform(0.15, 0.3)
        rise = sk.uniform(0.2, 0.45)
        sk.line(arc(cx, 0.0, half, rise, 180, 360))
        if sk.chance(0.35):  # a thick handle: its inner edge
            sk.line(arc(cx, 0.0, half * 0.75, rise * 0.72, 180, 360))
    elif handle == "double":  # two handles, one behind the other
        half = sk.uniform(0.15, 0.25)
        rise = sk.uniform(0.2, 0.4)
        sk.line(arc(cx, 0.0, half, rise, 180, 360))
        sk.line(arc(cx + sk.uniform(-0.04, 0.04), 0.0, half * 1.25, rise * 1.05, 180, 360))
    elif handle == "strap":  # a shoulder strap from corner to corner
        rise = sk.uniform(0.4, 0.75)
        sk.line(arc(cx, 0.0, (top_right - top_left) / 2 * sk.uniform(0.85, 0.98), rise, 180, 360))
    elif handle == "square":  # a short handle with straight sides
        half = sk.uniform(0.12, 0.25)
        rise = sk.uniform(0.15, 0.3)
        sk.line(chain((cx - half, 0.0), bezier((cx - half, -rise), (cx - half, -rise * 1.3), (cx + half, -rise * 1.3),
                                               (cx + half, -rise), n=12), (cx + half, 0.0)))
    flap = handle == "none" or sk.chance(0.4)
    if flap:
        y = height * sk.uniform(0.3, 0.55)  # the flap's lower edge
        if sk.chance(0.5):  # pointed flap
            sk.line([(top_left + 0.01, 0.0), (cx, y), (top_right - 0.01, 0.0)])
        else:  # straight flap, from side to side
            left_x = _lerp((top_left, 0), (bottom_left, height), y / height)[0]
            right_x = _lerp((top_right, 0), (bottom_right, height), y / height)[0]
            sk.line([(left_x, y), (right_x, y)])
        if sk.chance(0.5):  # the flap's clasp
            sk.dot(cx, y + 0.05)
    elif sk.chance(0.3):  # zip along the top
        sk.line([(top_left + 0.08, 0.07), (top_right - 0.08, 0.07)])
    if sk.chance(0.25):  # front pocket
        pocket_w, pocket_h = sk.uniform(0.25, 0.45), height * sk.uniform(0.2, 0.35)
        y0 = height * sk.uniform(0.5, 0.6)
        sk.line([(cx - pocket_w / 2, y0), (cx - pocket_w / 2, y0 + pocket_h), (cx + pocket_w / 2, y0 + pocket_h),
                 (cx + pocket_w / 2, y0)], closed=True)
    elif not flap and sk.chance(0.35):  # clasp
        sk.line([(cx - 0.04, 0.06), (cx + 0.04, 0.06), (cx + 0.04, 0.13), (cx - 0.04, 0.13)], closed=True)


_DRAWERS = (_draw_tshirt, _draw_trouser, _draw_pullover, _draw_dress, _draw_coat,
            _draw_sandal, _draw_shirt, _draw_sneaker, _draw_bag, _draw_ankle_boot)


# ----------------------------------------------------------------------------------------
# Placement, wobble and rendering

def _smooth_noise(rng: np.random.Generator, n: int, sigma: float, closed: bool) -> np.ndarray:
    """n values of Gaussian-smoothed noise with unit standard deviation (periodic if closed)."""
    radius = max(1, int(3 * sigma))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    white = rng.normal(size=n if closed else n + 2 * radius)
    padded = np.take(white, np.arange(-radius, n + radius), mode="wrap") if closed else white
    return np.convolve(padded, kernel, mode="valid")[:n] / math.sqrt(float((kernel ** 2).sum()))


def _wobble(pts: np.ndarray, closed: bool, rng: np.random.Generator, amp: float, step: float) -> np.ndarray:
    """Resample a stroke and push it sideways by smooth noise, as an unsteady hand does."""
    pts = curves.resample(pts, step, closed)
    if len(pts) < 3 or amp <= 0:
        return pts
    sigma = rng.uniform(8.0, 18.0)
    return curves.wobble(pts, _smooth_noise(rng, len(pts), sigma, closed) * amp, closed)


def _render(sk: _Sketch, size: int, stroke: float, span=SPAN_RANGE, max_rotation=MAX_ROTATION) -> Image.Image:
    """Place the sketch on the canvas (random scale, rotation, warp and position) and draw its
    strokes with a round brush of width ``stroke`` and an unsteady hand."""
    rng = sk.rng
    strokes = sk.strokes
    all_points = np.concatenate([s for s, _ in strokes])
    lo, hi = all_points.min(0), all_points.max(0)
    extent = float((hi - lo).max())
    scale = rng.uniform(*span) * size / extent
    angle = math.radians(rng.uniform(-max_rotation, max_rotation))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    centre = (lo + hi) / 2
    # A gentle warp of the whole drawing (hand imprecision over large distances).
    warp_amp = rng.uniform(0.003, 0.01) * size
    freqs = rng.uniform(-1.2, 1.2, size=(3, 2)) * 2 * math.pi / size
    phases = rng.uniform(0, 2 * math.pi, size=3)
    dirs = rng.normal(size=(3, 2))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    wobble_amp = rng.uniform(0.001, 0.004) * size

    def place(points: np.ndarray) -> np.ndarray:
        turned = (points - centre) * scale @ rot.T
        return turned + (np.sin(turned @ freqs.T + phases) @ dirs) * warp_amp / math.sqrt(3)

    placed = [place(s) for s, _ in strokes]
    all_placed = np.concatenate(placed)
    placed_lo, placed_hi = all_placed.min(0), all_placed.max(0)
    margin = stroke / 2 + 3 * wobble_amp + 2
    room = size - 2 * margin - (placed_hi - placed_lo)
    if (room < 0).any():  # rotation made it too large: shrink about its centre
        shrink = float(((size - 2 * margin) / (placed_hi - placed_lo)).min())
        mid = (placed_lo + placed_hi) / 2
        placed = [(q - mid) * shrink + mid for q in placed]
        placed_lo, placed_hi = (placed_lo - mid) * shrink + mid, (placed_hi - mid) * shrink + mid
        room = np.maximum(size - 2 * margin - (placed_hi - placed_lo), 0)
    shift = margin - placed_lo + rng.uniform(0, 1, size=2) * room

    width = max(1, int(round(stroke * SUPERSAMPLE)))
    canvas = Image.new("L", (size * SUPERSAMPLE, size * SUPERSAMPLE), 255)
    draw = ImageDraw.Draw(canvas)
    for points, (_, closed) in zip(placed, strokes):
        points = (points + shift) * SUPERSAMPLE
        if len(points) == 1:  # a dot (button, clasp): one dab of the brush
            x, y = points[0]
            r = width * 0.55
            draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
            continue
        points = _wobble(points, closed, rng, wobble_amp * SUPERSAMPLE, step=3.0 * SUPERSAMPLE)
        pts = [tuple(p) for p in points]
        if closed:
            pts = pts + pts[:1]
        draw.line(pts, fill=0, width=width)
        r = (width - 1) / 2
        for x, y in pts:  # a round brush: round joints and ends
            draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
    canvas = canvas.resize((size, size), Image.Resampling.BOX)
    return canvas.convert("RGB")


# Training variety (draw(..., varied=True)): what people do that the plain drawings do not.
VARIED_STROKE_RANGE = (6, 44)   # brush width at 448: about 1-4 px once the garment is 28 px tall
VARIED_SPAN_RANGE = (0.3, 0.95)  # small and large drawings
VARIED_MAX_ROTATION = 15.0
STYLE_WEIGHTS = {"outline": 0.55, "filled": 0.15, "scribbled": 0.15, "open": 0.15}


def _fill_inside(canvas: Image.Image) -> np.ndarray:
    """The pixels enclosed by the strokes (not reachable from the border) of a white-on-black-ink canvas."""
    flooded = canvas.copy()
    ImageDraw.floodfill(flooded, (0, 0), 128, thresh=60)  # through the brush's soft edge too
    return (np.asarray(flooded) != 128) & (np.asarray(canvas) > 128)


def _restyle(canvas: Image.Image, rng: np.random.Generator, style: str, stroke: float) -> Image.Image:
    """Turn an outline drawing (L, ink 0 on 255) into a filled, scribbled or open one."""
    if style == "open":  # a few gaps in the outline, as a hurried hand leaves them
        ink = np.argwhere(np.asarray(canvas) < 128)
        draw = ImageDraw.Draw(canvas)
        for y, x in ink[rng.integers(0, len(ink), size=int(rng.integers(1, 4)))]:
            r = stroke * rng.uniform(1.0, 2.5)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=255)
        return canvas
    inside = _fill_inside(canvas)
    if style == "filled":  # a solid silhouette
        return Image.fromarray(np.where(inside, 0, np.asarray(canvas)).astype(np.uint8))
    # "scribbled": a zig-zag hatch over the inside, drawn with a thinner brush
    size = canvas.width
    hatch = Image.new("L", canvas.size, 255)
    draw = ImageDraw.Draw(hatch)
    gap = rng.uniform(2.0, 4.0) * stroke
    angle = rng.uniform(0, math.pi)
    along = np.array([math.cos(angle), math.sin(angle)])
    across = np.array([-along[1], along[0]])
    centre = np.array([size / 2, size / 2])
    points = []  # one zig or zag per hatch line, each across the whole canvas
    for k, t in enumerate(np.arange(-size, size, gap)):
        end = (1 if k % 2 else -1) * size
        points.append(tuple(centre + across * t + along * end))
    draw.line(points, fill=0, width=max(1, int(stroke * rng.uniform(0.4, 0.9))))
    scribble = np.asarray(hatch) < 128
    return Image.fromarray(np.where(inside & scribble, 0, np.asarray(canvas)).astype(np.uint8))


def draw(label: int, rng: np.random.Generator, size: int = SIZE, stroke: int | None = None,
         varied: bool = False) -> Image.Image:
    """A hand-drawn-looking line drawing of class ``label`` (see :data:`nin.preprocess.CLASSES`):
    an RGB ``size`` x ``size`` image, black strokes on white.

    Everything random comes from ``rng``: the garment's proportions and optional details, its
    scale (longest side 55-90% of the canvas), position, rotation (up to 8 degrees), the wobble
    of the lines and, unless ``stroke`` is given, the brush width (6-16 px at size 448, scaled
    with ``size``).
    """
    label = check_label(label)
    if stroke is None:
        stroke = int(rng.integers(STROKE_RANGE[0], STROKE_RANGE[1] + 1))
        width = stroke * size / SIZE
    else:
        width = float(stroke)
    if varied:  # training drawings: wider brushes, smaller or larger, more tilted, restyled
        width = float(rng.uniform(*VARIED_STROKE_RANGE)) * size / SIZE
    sk = _Sketch(rng)
    _DRAWERS[label](sk)
    if not varied:
        return _render(sk, size, width)
    style = rng.choice(list(STYLE_WEIGHTS), p=list(STYLE_WEIGHTS.values()))
    canvas = _render(sk, size, width, span=VARIED_SPAN_RANGE, max_rotation=VARIED_MAX_ROTATION)
    if style != "outline":
        canvas = _restyle(canvas.convert("L"), rng, style, width).convert("RGB")
    return canvas


def draw_for_training(label: int, rng: np.random.Generator) -> Image.Image:
    """What training sees of this family: the varied drawings."""
    return draw(label, rng, varied=True)


def _ink_box(image: Image.Image) -> tuple[float, float]:
    """(longest side of the ink's bounding box, distance of its centre from the canvas centre),
    both as shares of the canvas."""
    ink = np.asarray(image.convert("L")) < 128
    ys, xs = np.nonzero(ink)
    h, w = ink.shape
    longest = max((ys.max() - ys.min()) / h, (xs.max() - xs.min()) / w)
    off = math.hypot((ys.max() + ys.min()) / 2 / h - 0.5, (xs.max() + xs.min()) / 2 / w - 0.5)
    return float(longest), float(off)


def example_drawing(label: int, seed: int = EXAMPLES_SEED) -> Image.Image:
    """The example drawing of a class: a clear one, with a medium brush (10 px), large
    (ink over 72-92% of the canvas) and near the centre: the first such of its seeded candidates."""
    best = None
    for k in range(100):
        image = draw(label, np.random.default_rng([seed, EXAMPLES_STREAM + label, k]), stroke=10)
        longest, off = _ink_box(image)
        score = abs(longest - 0.82) + 2 * off
        if 0.72 <= longest <= 0.92 and off <= 0.04:
            return image
        if best is None or score < best[0]:
            best = (score, image)
    return best[1]


def write_examples(folder: str | Path = "examples", seed: int = EXAMPLES_SEED) -> list[Path]:
    """Write one drawing per class as ``folder/<label>_<slug>.png`` (448x448); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for label in range(len(CLASSES)):
        path = folder / example_name(label)
        example_drawing(label, seed).save(path, optimize=True)
        paths.append(path)
    return paths
