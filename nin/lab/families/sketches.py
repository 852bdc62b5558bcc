"""Family G of synthetic garment drawings: a student's rough pencil or pen sketch.

Every edge is drawn by hand: one to three overlapping, slightly different passes, strokes that
overshoot or stop short of the corners (leaving small gaps), a tremor along each stroke (a slow
wobble plus fine noise) and a pressure that changes the width along it. Some drawings are shaded
by hatching, cross-hatching or a back-and-forth scribble, some are fully scribbled-in dark
silhouettes, some are loose gesture drawings with few strokes; construction details (seams,
folds, dashed stitching, buttons, laces) come and go. Shoes are seen from the side, sometimes
a little from above (the sole shows as a band). Size, position, rotation (±15°), mirroring,
proportions and pen (2-28 px wide at 448 px) all vary.

Family G was written apart from the other drawing families (A drawings, C freehand, D doodles,
E outlines, F pictograms), without reading them, as an independent idea of how people draw.

Contact sheet: ``python -m nin.lab.families sheet G --out sketches.png [--garments]``
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from PIL import Image, ImageDraw

from . import curves
from .canvas import MIN_PAPER, SIZE, check_label
from .curves import arclength, both_sides, symmetric

REFERENCE = 448          # pen widths and tremor are given for a canvas of this size
MAX_SPAN = 0.95          # the largest share of the canvas a garment may span
EDGE = 3                 # px kept free of ink along the border (the contract says 2)


# --------------------------------------------------------------------------- geometry helpers

def _curve(points, n: int = 8, closed: bool = False) -> np.ndarray:
    """A smooth hand-drawn curve through the points, n samples per span."""
    return curves.catmull_rom(points, n, closed, ends="reflect")


def _arc(cx, cy, rx, ry, start, end, n: int = 12) -> np.ndarray:
    return curves.arc(cx, cy, rx, ry, start, end, n)


def _sleeve(shoulder, armpit_x, angle_deg, length, cuff):
    """Outer and inner ends of a sleeve leaving the shoulder at angle_deg below horizontal; the inner
    end is pushed outwards if needed so the sleeve never folds back over the body."""
    a = math.radians(angle_deg)
    along, across = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
    outer = np.asarray(shoulder, dtype=float) + length * along
    inner = outer + cuff * across
    push = armpit_x + 0.04 + 0.08 * length - inner[0]   # a visible gap between a hanging sleeve and the body
    if push > 0:
        outer, inner = outer + [push, 0.0], inner + [push, 0.0]
    return outer, inner


@dataclass
class Sketch:
    """What a garment is made of, in its own units (y down): outlines, details, buttons, shading areas."""

    outlines: list = field(default_factory=list)   # (points, closed): the edges of the garment
    details: list = field(default_factory=list)    # (points, dashed): seams, folds, stitching, laces
    dots: list = field(default_factory=list)       # (x, y, r): buttons, eyelets
    regions: list = field(default_factory=list)    # closed polygons that may be hatched or scribbled

    def outline(self, points, closed: bool = False, region: bool = False):
        p = np.asarray(points, dtype=float)
        self.outlines.append((p, closed))
        if region:
            self.regions.append(p)

    def detail(self, points, dashed: bool = False):
        self.details.append((np.asarray(points, dtype=float), dashed))

    def dot(self, x, y, r):
        self.dots.append((float(x), float(y), float(r)))

    def all_points(self) -> np.ndarray:
        parts = [p for p, _ in self.outlines] + [p for p, _ in self.details]
        return np.vstack(parts)

    def mapped(self, f) -> Sketch:
        out = Sketch()
        out.outlines = [(f(p), c) for p, c in self.outlines]
        out.details = [(f(p), d) for p, d in self.details]
        out.regions = [f(p) for p in self.regions]
        out.dots = [(*f(np.array([[x, y]]))[0], r) for x, y, r in self.dots]
        return out


# --------------------------------------------------------------------------- the classes

def _tshirt(rng, sk: Sketch):
    half_width = rng.uniform(0.30, 0.42)                     # half body width
    length = 2 * half_width * rng.uniform(0.9, 1.2)          # about as wide as long
    neck = rng.uniform(0.08, 0.13)
    drop = rng.uniform(0.03, 0.07)
    kind = rng.choice(["tee", "tee", "tee", "vneck", "tank"])
    depth = rng.uniform(0.16, 0.26) if kind == "vneck" else rng.uniform(0.04, 0.1)
    hem = (half_width * rng.uniform(0.95, 1.08), length)
    if kind == "vneck":
        neckline = [(0.0, depth), (neck, 0.0)]
    else:
        neckline = [(0.0, depth), (neck * 0.7, depth * 0.75), (neck, 0.0)]
    if kind == "tank":
        strap = neck + rng.uniform(0.05, 0.09)
        armhole = _curve([(strap, 0.0), (strap + 0.02, 0.12), (half_width * 0.8, 0.24),
                           (half_width, rng.uniform(0.3, 0.38))], 5)
        half = [*neckline, *armhole, hem, (0.0, length)]
    else:
        shoulder = (half_width * rng.uniform(1.0, 1.15), drop)
        outer, inner = _sleeve(shoulder, half_width, rng.uniform(15, 45),
                               rng.uniform(0.17, 0.3), rng.uniform(0.13, 0.19))
        armpit = (half_width, drop + rng.uniform(0.17, 0.24))
        half = [*neckline, shoulder, tuple(outer), tuple(inner), armpit, hem, (0.0, length)]
        for side in both_sides([outer + (np.array(shoulder) - outer) * 0.15,
                                inner + (np.array(armpit) - inner) * 0.15]):
            sk.detail(side, dashed=bool(rng.random() < 0.6))
    sk.outline(symmetric(half), closed=True, region=True)
    sk.detail(_curve([(-neck, 0.0), (0.0, depth * 0.3 + 0.02), (neck, 0.0)], 6))  # back of the neck
    sk.detail([(-hem[0] * 0.97, length - 0.05), (hem[0] * 0.97, length - 0.05)], dashed=True)
    if rng.random() < 0.4:  # a print on the chest
        r = rng.uniform(0.06, 0.12)
        sk.detail(_arc(rng.uniform(-0.08, 0.08), length * 0.45, r, r * rng.uniform(0.7, 1.1), 0, 360, 14))
    if rng.random() < 0.5:  # drape folds under the arms
        for side in both_sides(_curve([(half_width * 0.8, length * 0.35), (half_width * 0.65, length * 0.5),
                                       (half_width * 0.7, length * 0.62)], 4)):
            sk.detail(side)


def _trouser(rng, sk: Sketch):
    waist = rng.uniform(0.2, 0.27)                  # half waist width
    kind = rng.choice(["straight", "straight", "wide", "flared", "skinny", "cropped"])
    length = rng.uniform(0.72, 0.82) if kind == "cropped" else 1.0
    crotch = rng.uniform(0.26, 0.36)
    hip = waist * rng.uniform(1.02, 1.12)
    leg = {"straight": 0.19, "wide": 0.27, "flared": 0.24, "skinny": 0.12, "cropped": 0.18}[kind]
    leg *= rng.uniform(0.85, 1.1) * 2 * waist / 0.48
    gap = rng.uniform(0.015, 0.05)                  # half the gap between the feet
    outer_hem = max(hip * 0.9, gap + leg)
    knee_y = crotch + (length - crotch) * 0.5
    knee_out = outer_hem - 0.05 if kind == "flared" else outer_hem   # flares narrow at the knee
    half = [(0.0, 0.0), (waist, 0.0), (hip, crotch * 0.6), (knee_out, knee_y), (outer_hem, length),
            (outer_hem - leg, length), (gap + 0.02 if kind != "wide" else gap, knee_y), (0.0, crotch)]
    sk.outline(symmetric(half), closed=True, region=True)
    band = rng.uniform(0.04, 0.07)
    sk.detail([(-waist, band), (waist, band)])
    sk.detail(_curve([(0.0, band), (0.02, crotch * 0.55), (0.0, crotch * 0.8)], 4))   # fly
    for side in both_sides(_curve([(waist * 0.55, band), (waist * 0.85, band + 0.08), (hip * 0.97, band + 0.12)], 4)):
        sk.detail(side)                                                             # pockets
    if rng.random() < 0.6:  # front creases
        x_top, x_hem = hip * 0.5, outer_hem - leg / 2
        for side in both_sides([(x_top, crotch * 0.8), (x_hem, length - 0.03)]):
            sk.detail(side)
    if rng.random() < 0.5:
        for x in (-waist * 0.6, waist * 0.6):
            sk.detail([(x, 0.0), (x, band)])                                        # belt loops
    if rng.random() < 0.4:  # turned-up cuffs
        for side in both_sides([(outer_hem - leg, length - 0.06), (outer_hem, length - 0.06)]):
            sk.detail(side)


def _pullover(rng, sk: Sketch):
    half_width = rng.uniform(0.28, 0.38)
    length = 2 * half_width * rng.uniform(0.95, 1.25)
    neck = rng.uniform(0.08, 0.12)
    drop = rng.uniform(0.03, 0.08)
    high = rng.random() < 0.35
    shoulder = (half_width * rng.uniform(1.0, 1.12), drop)
    outer, inner = _sleeve(shoulder, half_width, rng.uniform(52, 75), length * rng.uniform(0.85, 1.02),
                           rng.uniform(0.11, 0.16))
    armpit = (half_width, drop + rng.uniform(0.16, 0.24))
    hem = (half_width * rng.uniform(0.92, 1.02), length)
    if high:  # a turtle neck standing above the shoulders
        collar = rng.uniform(0.06, 0.11)
        half = [(0.0, -collar), (neck, -collar), (neck * 1.05, 0.0), shoulder, tuple(outer), tuple(inner), armpit, hem,
                (0.0, length)]
        sk.detail(_curve([(-neck, 0.0), (0.0, 0.03), (neck, 0.0)], 5))
    else:
        depth = rng.uniform(0.04, 0.08)
        half = [(0.0, depth), (neck * 0.7, depth * 0.8), (neck, 0.0), shoulder, tuple(outer), tuple(inner), armpit,
                hem, (0.0, length)]
        sk.detail(_curve([(-neck * 1.2, -0.005), (0.0, depth + 0.04), (neck * 1.2, -0.005)], 6))  # rib collar
    sk.outline(symmetric(half), closed=True, region=True)
    rib = rng.uniform(0.05, 0.09)
    sk.detail([(-hem[0], length - rib), (hem[0], length - rib)])                 # ribbed hem band
    for x in np.linspace(-hem[0], hem[0], 9)[1:-1]:
        sk.detail([(x, length - rib * 0.85), (x, length - rib * 0.1)])
    for side in both_sides(_cuff_line(outer, inner, shoulder, 0.15)):         # ribbed cuffs
        sk.detail(side)
    pattern = rng.choice(["none", "stripes", "zigzag", "diamond"])
    if pattern == "stripes":
        for y in np.linspace(length * 0.35, length * 0.75, rng.integers(2, 5)):
            sk.detail([(-half_width * 0.95, y), (half_width * 0.95, y)])
    elif pattern == "zigzag":
        xs = np.linspace(-half_width * 0.9, half_width * 0.9, 9)
        y0 = length * rng.uniform(0.3, 0.45)
        sk.detail(np.column_stack([xs, y0 + 0.05 * (np.arange(9) % 2)]))
    elif pattern == "diamond":
        y0, r = length * 0.5, rng.uniform(0.07, 0.12)
        sk.detail([(0, y0 - r), (r, y0), (0, y0 + r), (-r, y0), (0, y0 - r)])


def _cuff_line(outer, inner, shoulder, depth):
    """A line across the sleeve a little up from its end: the top of a cuff."""
    back = (np.asarray(shoulder) - np.asarray(outer)) * depth
    return [np.asarray(outer) + back, np.asarray(inner) + back * 1.1]


def _dress(rng, sk: Sketch):
    bodice = rng.uniform(0.12, 0.17)
    waist_y = rng.uniform(0.27, 0.4)
    waist = bodice * rng.uniform(0.78, 0.92)
    kind = rng.choice(["aline", "aline", "fitted", "flared"])
    hem_w = {"aline": rng.uniform(0.27, 0.38), "fitted": rng.uniform(0.17, 0.23),
             "flared": rng.uniform(0.36, 0.45)}[kind]
    length = rng.uniform(0.95, 1.2)
    top = rng.choice(["straps", "sleeveless", "short"])
    neck = rng.uniform(0.05, 0.09)
    hem = _curve([(hem_w, length - 0.03), (hem_w * 0.5, length), (0.0, length + 0.01)], 4)
    if kind != "fitted":
        skirt = _curve([(waist, waist_y), (waist + (hem_w - waist) * 0.45, waist_y + (length - waist_y) * 0.5),
                        (hem_w, length - 0.03)], 5)
    else:
        skirt = [(waist * 1.15, waist_y + 0.12), (hem_w, length - 0.03)]
    if top == "straps":
        cup = rng.uniform(0.08, 0.12)
        half = [(0.0, cup + 0.05), (bodice * 0.5, cup), (bodice, cup * 0.8), (bodice * 0.95, cup + 0.12),
                (waist, waist_y), *skirt, *hem[1:]]
        for side in both_sides([(bodice * 0.55, cup * 0.95), (neck + 0.03, -0.08)]):
            sk.outline(side)                                                     # thin straps
    else:
        shoulder = (bodice * rng.uniform(1.0, 1.2), 0.02)
        if top == "short":
            outer, inner = _sleeve(shoulder, bodice, rng.uniform(20, 40), rng.uniform(0.08, 0.13),
                                   rng.uniform(0.09, 0.12))
            arm = [shoulder, tuple(outer), tuple(inner), (bodice, 0.18)]
        else:
            arm = [(neck + 0.04, -0.01), *_curve([(neck + 0.05, 0.0), (bodice * 0.8, 0.1), (bodice, 0.18)], 4)]
        depth = rng.uniform(0.05, 0.14)
        half = [(0.0, depth), (neck, -0.01), *arm, (waist, waist_y), *skirt, *hem[1:]]
    sk.outline(symmetric(half), closed=True, region=True)
    sk.detail(_curve([(-waist, waist_y), (0.0, waist_y + 0.015), (waist, waist_y)], 4))          # waist seam
    if kind != "fitted" and rng.random() < 0.8:  # folds falling from the waist
        for k in range(int(rng.integers(2, 5))):
            x0 = rng.uniform(-waist * 0.8, waist * 0.8)
            x1 = x0 * hem_w / waist * rng.uniform(0.8, 1.0)
            sk.detail(_curve([(x0, waist_y + 0.06), (x0 * 0.5 + x1 * 0.5 + rng.normal(0, 0.02), (waist_y + length) / 2),
                              (x1, length - rng.uniform(0.03, 0.2))], 4))
    if rng.random() < 0.3:  # a bow at the waist
        sk.detail([(0, waist_y), (-0.05, waist_y - 0.03), (-0.05, waist_y + 0.03), (0, waist_y), (0.05, waist_y - 0.03),
                   (0.05, waist_y + 0.03), (0, waist_y)])


def _coat(rng, sk: Sketch):
    half_width = rng.uniform(0.25, 0.33)
    length = 2 * half_width * rng.uniform(1.3, 1.8)           # to the hips or the knees
    neck = rng.uniform(0.07, 0.1)
    drop = rng.uniform(0.03, 0.07)
    shoulder = (half_width * rng.uniform(1.02, 1.15), drop)
    outer, inner = _sleeve(shoulder, half_width, rng.uniform(62, 80),
                           length * rng.uniform(0.62, 0.78), rng.uniform(0.11, 0.15))
    armpit = (half_width, drop + rng.uniform(0.17, 0.24))
    hem = (half_width * rng.uniform(1.0, 1.22), length)
    hood = rng.random() < 0.3
    if hood:
        crown = rng.uniform(0.2, 0.28)
        top = [(0.0, -crown), *_curve([(neck * 0.6, -crown), (neck * 1.5, -crown * 0.7), (neck * 1.7, -0.02)], 4)[1:]]
        sk.detail(_curve([(-neck * 1.1, 0.0), (-neck * 0.8, -crown * 0.75), (0.0, -crown * 0.85),
                          (neck * 0.8, -crown * 0.75), (neck * 1.1, 0.0)], 4))       # face opening
    else:
        top = [(0.0, 0.04), (neck, -0.02)]
    half = [*top, shoulder, tuple(outer), tuple(inner), armpit, hem, (0.0, length)]
    sk.outline(symmetric(half), closed=True, region=True)
    opening = [(0.0, 0.04), (0.0, length)]
    sk.detail(opening)
    if not hood:  # lapels folding down to the first button
        lap = length * rng.uniform(0.22, 0.32)
        for side in both_sides([(neck, -0.02), (neck + 0.07, lap * 0.4), (neck + 0.02, lap * 0.5), (0.0, lap)]):
            sk.detail(side)
    fastening = rng.choice(["buttons", "buttons", "double", "zip"])
    if fastening == "zip":
        ys = np.linspace(0.08, length - 0.03, 24)
        sk.detail(np.column_stack([np.where(np.arange(24) % 2, 0.012, -0.012), ys]))
    else:
        xs = (-0.06, 0.06) if fastening == "double" else (0.035,)
        for y in np.linspace(length * 0.3, length * rng.uniform(0.6, 0.8), int(rng.integers(3, 6))):
            for x in xs:
                sk.dot(x, y, 0.018)
    if rng.random() < 0.6:  # pocket flaps
        y = length * rng.uniform(0.55, 0.7)
        for side in both_sides([(half_width * 0.3, y), (half_width * 0.8, y - 0.01), (half_width * 0.8, y + 0.05),
                                (half_width * 0.3, y + 0.06), (half_width * 0.3, y)]):
            sk.detail(side)
    if rng.random() < 0.4:  # a belt with its buckle
        y = length * rng.uniform(0.38, 0.48)
        sk.detail([(-half_width, y), (half_width, y)])
        sk.detail([(-half_width * 1.02, y + 0.05), (half_width * 1.02, y + 0.05)])
        sk.detail([(-0.04, y - 0.01), (0.04, y - 0.01), (0.04, y + 0.06), (-0.04, y + 0.06), (-0.04, y - 0.01)])
    for side in both_sides(_cuff_line(outer, inner, shoulder, 0.12)):
        sk.detail(side)


def _shirt(rng, sk: Sketch):
    half_width = rng.uniform(0.28, 0.37)
    length = 2 * half_width * rng.uniform(1.05, 1.35)
    neck = rng.uniform(0.07, 0.1)
    drop = rng.uniform(0.03, 0.07)
    shoulder = (half_width * rng.uniform(1.0, 1.12), drop)
    long_sleeves = rng.random() < 0.6
    if long_sleeves:
        outer, inner = _sleeve(shoulder, half_width, rng.uniform(58, 80), length * rng.uniform(0.8, 0.95),
                               rng.uniform(0.11, 0.15))
    else:
        outer, inner = _sleeve(shoulder, half_width, rng.uniform(20, 45),
                               rng.uniform(0.17, 0.27), rng.uniform(0.13, 0.18))
    armpit = (half_width, drop + rng.uniform(0.17, 0.24))
    tail = rng.uniform(0.0, 0.08)                      # the hem curves down in the middle
    half = [(0.0, 0.02), (neck, -0.02), shoulder, tuple(outer), tuple(inner), armpit,
            (half_width * rng.uniform(0.95, 1.03), length - tail),
            *_curve([(half_width * 0.7, length - tail * 0.6), (0.0, length)], 3)[1:]]
    sk.outline(symmetric(half), closed=True, region=True)
    tip = rng.uniform(0.1, 0.16)
    for side in both_sides([(0.01, 0.04), (neck + 0.02, -0.03), (neck * rng.uniform(0.5, 0.9), tip), (0.01, 0.04)]):
        sk.detail(side)                                                         # pointed collar wings
    for x in (-0.025, 0.025):
        sk.detail([(x, 0.05), (x, length - tail * 0.5)])                       # button placket
    for y in np.linspace(tip + 0.04, length - 0.08, int(rng.integers(4, 7))):
        sk.dot(0.0, y, 0.012)
    if long_sleeves:
        cuff = _cuff_line(outer, inner, shoulder, 0.13)
        for side in both_sides(cuff):
            sk.detail(side)
    if rng.random() < 0.6:  # a chest pocket
        x0, y0, s = -half_width * 0.75, length * 0.2, rng.uniform(0.09, 0.13)
        sk.detail([(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0 + s / 2, y0 + s * 1.2), (x0, y0 + s), (x0, y0)])


def _shoe_sole_band(sk: Sketch, x0, x1, ground, depth):
    """A slight 3/4 view: the underside of the sole shows as a band below the side view."""
    xs = np.linspace(x0, x1, 6)
    lower = np.column_stack([xs + depth * 0.4, np.full(6, ground + depth)])
    sk.outline([(x0, ground), (x0 + depth * 0.2, ground + depth * 0.8), *lower[1:-1],
                (x1 + depth * 0.3, ground + depth * 0.6),
                (x1, ground)])


def _sandal(rng, sk: Sketch):
    kind = rng.choice(["flat", "flipflop", "wedge", "heel", "heel"])
    sole = rng.uniform(0.035, 0.065)
    if kind in ("flat", "flipflop"):
        heel_h = 0.0
        bed = _curve([(0.02, 1.0 - sole), (0.5, 1.0 - sole * 1.1), (0.98, 1.0 - sole)], 6)
        body = [*bed, (1.0, 1.0 - sole / 2), (0.97, 1.0), (0.03, 1.0), (0.0, 1.0 - sole / 2)]
        bed_at = lambda x: 1.0 - sole  # noqa: E731 - the top of the sole at x
    else:
        heel_h = rng.uniform(0.2, 0.34)
        bed = _curve([(0.02, 1.0 - sole), (0.3, 1.0 - sole * 1.1), (0.65, 1.0 - heel_h * 0.7), (0.98, 1.0 - heel_h)], 6)
        bed_at = lambda x: float(np.interp(x, bed[:, 0], bed[:, 1]))  # noqa: E731
        if kind == "wedge":
            body = [*bed, (1.0, 1.0 - heel_h * 0.9), (0.97, 1.0), (0.03, 1.0), (0.0, 1.0 - sole / 2)]
        else:  # a thin slanted sole and a separate heel
            under = _curve([(0.96, 1.0 - heel_h + sole), (0.6, 1.0 - heel_h * 0.7 + sole), (0.32, 1.0)], 5)
            body = [*bed, (1.0, 1.0 - heel_h + sole / 2), *under, (0.03, 1.0), (0.0, 1.0 - sole / 2)]
    sk.outline(body, closed=True, region=True)
    if kind == "heel":  # a separate heel under the raised back
        thin = rng.uniform(0.015, 0.05)
        sk.outline([(0.8, 1.0 - heel_h + sole * 1.2), (0.87 - thin, 1.0), (0.87 + thin, 1.0),
                    (0.97, 1.0 - heel_h + sole)],
                   region=True)
    if kind == "flipflop":  # the thong: from between the toes over to both sides
        peak = (rng.uniform(0.35, 0.45), 1.0 - sole - rng.uniform(0.18, 0.28))
        sk.outline(_curve([(0.2, 1.0 - sole), peak, (0.62, 1.0 - sole)], 6))
        return
    straps = int(rng.integers(2, 5))
    xs = np.linspace(0.1, 0.55, straps + 1)
    band = rng.uniform(0.0, 0.03)                      # strap width: 0 draws a single line
    for a, b in zip(xs[:-1], xs[1:]):
        a, b = a + 0.02, b + 0.03
        height = rng.uniform(0.15, 0.26) + (bed_at(a) - bed_at(0.02)) * 0.3
        top = (0.5 * (a + b) + 0.02, min(bed_at(a), bed_at(b)) - height)
        sk.outline(_curve([(a, bed_at(a)), top, (b, bed_at(b))], 6))
        if band > 0.005:
            sk.outline(_curve([(a + band, bed_at(a + band)), (top[0], top[1] + band * 1.5),
                               (b - band, bed_at(b - band))], 6))
    ankle_y = bed_at(0.9) - rng.uniform(0.22, 0.35)
    if rng.random() < 0.8:  # an ankle strap around the back, tied to the sole by a heel strap
        sk.outline(_curve([(0.66, ankle_y + 0.02), (0.8, ankle_y - 0.03), (0.95, ankle_y), (0.8, ankle_y + 0.05),
                           (0.66, ankle_y + 0.02)], 5))
        sk.outline(_curve([(0.93, ankle_y + 0.02), (0.95, (ankle_y + bed_at(0.95)) / 2), (0.96, bed_at(0.96))], 4))
    if rng.random() < 0.3:
        _shoe_sole_band(sk, 0.02, 0.97, 1.0, rng.uniform(0.03, 0.05))


def _sneaker(rng, sk: Sketch):
    sole = rng.uniform(0.1, 0.16)
    h = rng.uniform(0.34, 0.46)                        # height of the collar above the ground
    ground = 1.0
    top = ground - h
    upper = _curve([(0.99, ground - sole), (1.0, top + h * 0.25), (0.94, top), (0.82, top + h * rng.uniform(0.08, 0.2)),
                    (0.66, top + 0.03), (0.58, top - 0.03), (0.52, top + h * 0.2), (0.3, top + h * 0.5),
                    (0.1, top + h * 0.62), (0.0, ground - sole * 0.9)], 5)
    body = [(0.04, ground), (0.97, ground), *upper, (0.02, ground - sole * 0.3)]
    sk.outline(body, closed=True, region=True)
    sk.detail(_curve([(0.01, ground - sole * 1.05), (0.5, ground - sole), (0.99, ground - sole)],
                     6))   # top of the sole
    if rng.random() < 0.5:  # tread marks on the thick sole
        for x in np.linspace(0.1, 0.9, 9):
            sk.detail([(x, ground - sole * 0.35), (x + 0.03, ground - sole * 0.35)])
    lace_a, lace_b = np.array([0.32, top + h * 0.48]), np.array([0.56, top + h * 0.08])
    eyelet_row_gap = np.array([0.08, 0.06])
    n = int(rng.integers(3, 6))
    ts = np.linspace(0.05, 0.95, n)
    front = lace_a + (lace_b - lace_a) * ts[:, None]
    back = front + eyelet_row_gap
    for i in range(n - 1):  # criss-cross laces
        sk.detail([front[i], back[i + 1]])
        sk.detail([back[i], front[i + 1]])
    if rng.random() < 0.5:
        for p in back:
            sk.dot(p[0], p[1], 0.01)
    stripe = rng.choice(["swoosh", "stripes", "none"])
    if stripe == "swoosh":
        sk.detail(_curve([(0.3, ground - sole - 0.04), (0.6, ground - sole - 0.06), (0.85, top + h * 0.35),
                          (0.62, ground - sole - 0.12), (0.35, ground - sole - 0.02)], 4))
    elif stripe == "stripes":
        for k in range(3):
            x = 0.55 + 0.06 * k
            sk.detail([(x, ground - sole - 0.01), (x + 0.1, top + h * 0.35)])
    sk.detail(_curve([(0.12, ground - sole), (0.18, top + h * 0.62), (0.28, top + h * 0.56)], 4))     # toe cap
    if rng.random() < 0.3:
        _shoe_sole_band(sk, 0.04, 0.97, ground, rng.uniform(0.04, 0.07))


def _bag(rng, sk: Sketch):
    kind = rng.choice(["tote", "tote", "clutch", "shoulder", "backpack"])
    if kind == "backpack":
        half_width, h = rng.uniform(0.28, 0.36), rng.uniform(0.8, 1.0)
        body = [*_arc(0.0, half_width, half_width, half_width * 0.9, 180, 360, 10), (half_width, h), (-half_width, h)]
        sk.outline(body, closed=True, region=True)
        loop_foot = 0.02 + half_width * 0.1
        sk.outline(_curve([(-0.08, loop_foot), (0.0, -0.1), (0.08, loop_foot)], 5))  # the top loop
        pocket = [(-half_width * 0.7, h * 0.55), (half_width * 0.7, h * 0.55),
                  (half_width * 0.7, h * 0.92), (-half_width * 0.7, h * 0.92)]
        sk.detail([*pocket, pocket[0]])
        sk.detail([(-half_width * 0.7, h * 0.65), (half_width * 0.7, h * 0.65)], dashed=True)
        for side in both_sides(_curve([(half_width * 0.8, half_width * 0.4),
                                       (half_width * 1.15, h * 0.5), (half_width * 0.95, h * 0.95)], 5)):
            sk.outline(side)                                                         # shoulder straps
        return
    if kind == "clutch":
        half_width, h = rng.uniform(0.45, 0.5), rng.uniform(0.2, 0.3)
        sk.outline([(-half_width, 0.0), (half_width, 0.0), (half_width, h), (-half_width, h)], closed=True, region=True)
        flap = rng.uniform(0.5, 0.8) * h
        sk.detail([(-half_width, 0.0), (0.0, flap), (half_width, 0.0)])
        sk.dot(0.0, flap, 0.025)
        return
    top_w = rng.uniform(0.25, 0.42)
    bottom_w = top_w * rng.uniform(1.0, 1.3)
    h = rng.uniform(0.5, 0.75) * (bottom_w / 0.4)
    sk.outline([(-top_w, 0.0), (top_w, 0.0), (bottom_w, h), (-bottom_w, h)], closed=True, region=True)
    if kind == "shoulder":  # one long strap
        rise = rng.uniform(0.5, 0.9)
        sk.outline(_curve([(-top_w * 0.9, 0.0), (-top_w * 0.5, -rise * 0.85), (0.0, -rise), (top_w * 0.5, -rise * 0.85),
                           (top_w * 0.9, 0.0)], 6))
    else:
        rise, spread = rng.uniform(0.18, 0.38), rng.uniform(0.3, 0.7)
        for k in range(int(rng.integers(1, 3))):
            wobble = 0.03 * k
            sk.outline(_curve([(-top_w * spread - wobble, 0.0), (0.0, -rise - wobble), (top_w * spread + wobble, 0.0)],
                              8))
    if rng.random() < 0.6:
        sk.detail([(-top_w, 0.08), (top_w * 1.02, 0.08)], dashed=bool(rng.random() < 0.5))  # top seam or zip
    if rng.random() < 0.5:
        sk.detail([(-0.05, h * 0.25), (0.05, h * 0.25), (0.05, h * 0.38), (-0.05, h * 0.38),
                   (-0.05, h * 0.25)])  # clasp


def _ankle_boot(rng, sk: Sketch):
    kind = rng.choice(["flat", "block", "block", "stiletto"])
    heel = {"flat": rng.uniform(0.04, 0.07), "block": rng.uniform(0.1, 0.2), "stiletto": rng.uniform(0.2, 0.3)}[kind]
    h = rng.uniform(0.8, 1.05)                         # shaft top above the ground (longer than a sneaker)
    shaft_front = rng.uniform(0.42, 0.55)
    top = 1.0 - h
    back_x = 0.97
    vamp = _curve([(shaft_front, top), (shaft_front - 0.02, top + h * 0.35), (shaft_front - 0.12, top + h * 0.6),
                   (0.2, 1.0 - 0.25), (0.04, 1.0 - 0.17), (0.0, 1.0 - 0.08)], 5)
    if kind == "flat":
        bottom = [(0.03, 1.0), (back_x - 0.02, 1.0)]
    else:
        front = 0.72 if kind == "block" else 0.86
        bottom = [(0.03, 1.0), (0.3, 1.0),
                  *_curve([(0.34, 1.0 - 0.01), (0.55, 1.0 - heel * 0.6), (front, 1.0 - heel)], 4)[1:],
                  (front + (0.02 if kind == "block" else 0.05), 1.0), (back_x - 0.01, 1.0)]
    body = [*vamp, *bottom, (back_x + 0.02, 1.0 - heel), (back_x - 0.03, top + h * 0.45), (back_x, top)]
    sk.outline(body, closed=True, region=True)
    sk.detail([(0.02, 1.0 - 0.05), (0.32, 1.0 - 0.05)])                       # sole edge
    sk.detail([(front if kind != "flat" else 0.75, 1.0 - heel), (back_x + 0.01, 1.0 - heel)] if kind != "flat"
              else [(0.35, 1.0 - heel), (back_x, 1.0 - heel)])
    feature = rng.choice(["elastic", "zip", "laces", "plain"])
    mid = (shaft_front + back_x) / 2
    if feature == "elastic":  # a chelsea boot's side gusset
        gusset = _curve([(mid - 0.1, top), (mid - 0.07, top + h * 0.35), (mid, top + h * 0.45),
                         (mid + 0.07, top + h * 0.35),
                         (mid + 0.1, top)], 4)
        sk.detail(gusset)
        for x in np.linspace(mid - 0.06, mid + 0.06, 4):
            sk.detail([(x, top + 0.02), (x, top + h * 0.3)])
    elif feature == "zip":
        sk.detail([(mid + 0.1, top + 0.01), (mid + 0.08, top + h * 0.7)], dashed=True)
    elif feature == "laces":
        ys = np.linspace(top + 0.06, top + h * 0.5, int(rng.integers(3, 6)))
        for y0, y1 in zip(ys[:-1], ys[1:]):
            sk.detail([(shaft_front, y0), (shaft_front + 0.1, y1)])
            sk.detail([(shaft_front + 0.1, y0), (shaft_front, y1)])
    if rng.random() < 0.4:  # a pull tab at the back
        sk.detail(_curve([(back_x - 0.02, top + 0.05), (back_x + 0.05, top - 0.02), (back_x - 0.01, top - 0.05)], 4))
    if rng.random() < 0.25:
        _shoe_sole_band(sk, 0.03, back_x, 1.0, rng.uniform(0.03, 0.05))


CLASS_DRAWINGS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)


# --------------------------------------------------------------------------- the hand and the pen

@dataclass
class Pen:
    """How this student draws this time (widths and distances in canvas pixels)."""

    width: float      # the pen's width at full pressure
    ink: int          # gray of the darkest strokes, 0 (black marker) to 120 (soft pencil)
    passes: int       # how many times each edge is stroked over
    wobble: float     # slow tremor along a stroke, a fraction of the garment's span
    jitter: float     # fine tremor, px
    reach: float      # mean overshoot (+) or shortfall (-) at stroke ends, a fraction of the span
    taper: bool       # pressure fades at both ends of a stroke (pencil, stylus)
    fill: str         # "none", "hatch", "cross", "scribble" or "silhouette"
    gesture: bool     # a loose drawing with few strokes
    details: float    # the chance each construction detail is drawn


def _choose_pen(rng, scale: float) -> Pen:
    gesture = rng.random() < 0.12
    fill = rng.choice(["none", "hatch", "cross", "scribble", "silhouette"], p=[0.4, 0.17, 0.11, 0.17, 0.15])
    width = math.exp(rng.uniform(math.log(2.0), math.log(28.0)))
    if fill == "silhouette":
        width = max(width, rng.uniform(6, 16))
    if gesture:
        width = max(width, rng.uniform(5, 14))
    passes = 1 if (width > 14 or gesture) else int(rng.choice([1, 2, 2, 3]))
    return Pen(width=width * scale, ink=int(rng.choice([rng.integers(0, 45), rng.integers(40, 121)])), passes=passes,
               wobble=rng.uniform(0.002, 0.012) * (2.0 if gesture else 1.0), jitter=rng.uniform(0.2, 1.2) * scale,
               reach=rng.uniform(-0.012, 0.025) * (2.0 if gesture else 1.0), taper=bool(rng.random() < 0.6),
               fill=str(fill),
               gesture=bool(gesture), details=0.15 if gesture else rng.uniform(0.55, 1.0))


@dataclass
class Stroke:
    points: np.ndarray   # [n, 2] px
    widths: np.ndarray   # [n] px
    ink: int


def _along(path: np.ndarray, distance: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Points at arc lengths `at` along polyline p, extended straight beyond its ends (overshoot)."""
    out = np.column_stack([np.interp(at, distance, path[:, 0]), np.interp(at, distance, path[:, 1])])
    first_direction = path[1] - path[0]
    last_direction = path[-1] - path[-2]
    first_direction /= max(np.hypot(*first_direction), 1e-9)
    last_direction /= max(np.hypot(*last_direction), 1e-9)
    before, after = at < 0, at > distance[-1]
    out[before] = path[0] + at[before, None] * first_direction
    out[after] = path[-1] + (at[after, None] - distance[-1]) * last_direction
    return out


def _corners(path: np.ndarray, threshold_deg: float = 40.0) -> np.ndarray:
    """Indices of the vertices where the path turns sharply: where a hand lifts the pen."""
    steps = np.diff(path, axis=0)
    heading = np.arctan2(steps[:, 1], steps[:, 0])
    turn = np.abs((np.diff(heading) + np.pi) % (2 * np.pi) - np.pi)
    return np.flatnonzero(np.degrees(turn) > threshold_deg) + 1


def _split_into_strokes(path: np.ndarray, closed: bool, pen: Pen, rng, span: float) -> list[np.ndarray]:
    """Cut an edge where a person would lift the pen: at most corners, and along long curves."""
    p = path
    if closed:  # start and end at a corner, so the loop closes where a stroke would
        corners = _corners(np.vstack([path[-1:], path, path[:1]])) - 1
        start = int(corners[0]) if len(corners) else 0
        p = np.vstack([path[start:], path[:start + 1]])
    p = p[np.concatenate([[True], np.hypot(*np.diff(p, axis=0).T) > 1e-6])]
    if len(p) < 2:
        return []
    keep = 0.45 if pen.gesture else 0.8
    cuts = [int(i) for i in _corners(p) if rng.random() < keep]
    distance = arclength(p)
    longest = span * (0.9 if pen.gesture else rng.uniform(0.3, 0.7))
    pieces, begin = [], 0
    for end in [*cuts, len(p) - 1]:
        while distance[end] - distance[begin] > longest * 1.3:  # a long curve is drawn in several strokes
            mid = int(np.searchsorted(distance, distance[begin] + longest))
            if mid <= begin or mid >= end:
                break
            pieces.append(p[begin:mid + 1])
            begin = mid
        if end > begin:
            pieces.append(p[begin:end + 1])
            begin = end
    return pieces


def _hand(piece: np.ndarray, pen: Pen, rng, span: float, width: float, ink: int, step: float) -> Stroke | None:
    """One pass of the hand along a piece of edge: overshoot or shortfall, tremor and pressure."""
    distance = arclength(piece)
    length = distance[-1]
    if length < 1e-6:
        return None
    overshoot_start, overshoot_end = rng.normal(pen.reach, abs(pen.reach) * 0.6 + 0.004, 2) * span
    overshoot_start, overshoot_end = max(overshoot_start, -0.3 * length), max(overshoot_end, -0.3 * length)
    n = max(4, int((length + overshoot_start + overshoot_end) / step))
    at = np.linspace(-overshoot_start, length + overshoot_end, n)
    points = _along(piece, distance, at)
    tangent = np.gradient(points, axis=0)
    tangent /= np.maximum(np.hypot(*tangent.T), 1e-9)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    progress = np.linspace(0.0, 1.0, n)
    amp = pen.wobble * span * rng.uniform(0.4, 1.0)
    slow = amp * np.sin(2 * np.pi * rng.uniform(0.3, 1.5) * progress + rng.uniform(0, 2 * np.pi))
    slow += 0.5 * amp * np.sin(2 * np.pi * rng.uniform(1.5, 3.5) * progress + rng.uniform(0, 2 * np.pi))
    fine = np.convolve(rng.normal(0.0, pen.jitter, n + 2), [0.25, 0.5, 0.25], mode="valid")
    points = points + normal * (slow + fine)[:, None]
    pressure = 0.8 + 0.2 * np.sin(2 * np.pi * rng.uniform(0.5, 2.0) * progress + rng.uniform(0, 2 * np.pi))
    if pen.taper:
        pressure *= 0.45 + 0.55 * np.sqrt(np.clip(np.minimum(progress, 1 - progress) / 0.15, 0.0, 1.0))
    return Stroke(points, np.maximum(1.0, width * pressure), ink)


def _edge_strokes(path, closed, pen, rng, span, step) -> list[Stroke]:
    strokes = []
    for piece in _split_into_strokes(path, closed, pen, rng, span):
        for k in range(pen.passes):
            shift = rng.normal(0.0, 0.006 * span, 2) if k else 0.0   # a re-stroke lands a little off the first
            stroke = _hand(piece + shift, pen, rng, span, pen.width, pen.ink, step)
            if stroke is not None:
                strokes.append(stroke)
    return strokes


def _detail_strokes(path, dashed, pen, rng, span, step) -> list[Stroke]:
    width = max(1.0, pen.width * rng.uniform(0.4, 0.7))
    ink = min(150, pen.ink + int(rng.integers(0, 30)))
    if not dashed:
        light = replace(pen, passes=1, reach=pen.reach * 0.5)
        return [stroke for piece in _split_into_strokes(path, False, light, rng, span)
                if (stroke := _hand(piece, light, rng, span, width, ink, step)) is not None]
    s = arclength(path)
    dash, gap = span * rng.uniform(0.015, 0.03), span * rng.uniform(0.01, 0.02) + width
    strokes, a = [], rng.uniform(0, gap)
    while a < s[-1]:
        b = min(a + dash, s[-1])
        piece = _along(path, s, np.linspace(a, b, 3))
        strokes.append(Stroke(piece, np.full(3, width), ink))
        a = b + gap
    return strokes


def _scanlines(poly: np.ndarray, angle: float, spacing: float):
    """The inside of a polygon cut by parallel lines at `angle`: per line, its (start, end) x-intervals
    in a frame where the lines are horizontal; and the rotation back to the canvas."""
    c, s = math.cos(angle), math.sin(angle)
    rot = np.array([[c, s], [-s, c]])
    q = poly @ rot.T
    x0, y0 = q[:, 0], q[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    ys = np.arange(y0.min() + spacing * 0.5, y0.max(), spacing)
    big_y = ys[:, None]
    crosses = (y0 <= big_y) != (y1 <= big_y)
    with np.errstate(divide="ignore", invalid="ignore"):
        big_x = x0 + (big_y - y0) * (x1 - x0) / (y1 - y0)
    rows = []
    for i, y in enumerate(ys):
        xs = np.sort(big_x[i][crosses[i]])
        rows.append((y, [(xs[k], xs[k + 1]) for k in range(0, len(xs) - 1, 2)]))
    return rows, rot


def _hatch_strokes(poly, pen, rng, span, cross: bool) -> list[Stroke]:
    """Straight, loose hatching (and a second layer across it): shading the inside of a part."""
    width = max(1.0, min(pen.width * 0.6, span * 0.01))
    spacing = max(width * 2.2, span * rng.uniform(0.025, 0.05))
    ink = min(170, pen.ink + int(rng.integers(10, 60)))
    reach = rng.uniform(0.5, 1.0)                        # shade all across, or only along one side
    angles = [rng.uniform(0.3, 1.2) * rng.choice([-1, 1])]
    if cross:
        angles.append(angles[0] + rng.uniform(1.1, 1.9))
    strokes = []
    for angle in angles:
        rows, rot = _scanlines(poly, angle, spacing)
        for y, segments in rows:
            for a, b in segments:
                b = a + (b - a) * reach
                a, b = a + rng.normal(0, spacing * 0.3), b + rng.normal(0, spacing * 0.3)
                if b - a < width * 2:
                    continue
                pts = np.array([[a, y + rng.normal(0, 0.5)], [b, y + rng.normal(0, spacing * 0.15)]]) @ rot
                strokes.append(Stroke(pts, np.full(2, width), ink))
    return strokes


def _scribble_strokes(poly, pen, rng, span, solid: bool) -> list[Stroke]:
    """A back-and-forth zig-zag fill; dense and dark for a scribbled-in silhouette."""
    width = max(pen.width, span * 0.012) if solid else max(1.0, pen.width * rng.uniform(0.5, 0.9))
    spacing = width * rng.uniform(0.6, 0.9) if solid else max(width * 1.5, span * rng.uniform(0.02, 0.04))
    ink = pen.ink if solid else min(160, pen.ink + int(rng.integers(0, 50)))
    rows, rot = _scanlines(poly, rng.uniform(-0.8, 0.8), spacing)
    chains: list[list] = []          # each: [last row index, last interval, points]
    for i, (y, segments) in enumerate(rows):
        for a, b in segments:
            a, b = a + rng.normal(0, spacing * 0.3), b - rng.normal(0, spacing * 0.3)
            chain = next((c for c in chains if c[0] == i - 1 and c[1][0] < b and a < c[1][1]), None)
            if chain is None:
                chain = [i, (a, b), []]
                chains.append(chain)
            ends = [(a, y), (b, y)] if len(chain[2]) % 4 == 0 else [(b, y), (a, y)]
            chain[2].extend(ends)
            chain[0], chain[1] = i, (a, b)
    return [Stroke(np.asarray(c[2]) @ rot, np.full(len(c[2]), width), ink) for c in chains if len(c[2]) >= 2]


def _dot_strokes(x, y, r, pen, rng) -> list[Stroke]:
    ring = _arc(x, y, r, r, 0, 360 + rng.uniform(10, 60), 10)
    ring += rng.normal(0, r * 0.1, ring.shape)
    return [Stroke(ring, np.full(len(ring), max(1.0, pen.width * 0.5)), pen.ink)]


# --------------------------------------------------------------------------- composing a drawing

def _place(sk: Sketch, rng, size: int) -> tuple[Sketch, float]:
    """Mirror, tilt and scale the garment onto the canvas; returns it in pixels and its span (px)."""
    pts = sk.all_points()
    centre = (pts.min(0) + pts.max(0)) / 2
    tilt = math.radians(float(np.clip(rng.normal(0, 6), -15, 15)))
    flip = -1.0 if rng.random() < 0.5 else 1.0
    c, s = math.cos(tilt), math.sin(tilt)
    m = np.array([[c, -s], [s, c]]) @ np.diag([flip, 1.0])
    turned = (pts - centre) @ m.T
    extent = float((turned.max(0) - turned.min(0)).max())
    span = size * rng.uniform(0.4, 0.9)
    k = span / extent
    placed = sk.mapped(lambda p: (np.asarray(p) - centre) @ m.T * k + size / 2)
    placed.dots = [(x, y, r * k) for x, y, r in placed.dots]
    return placed, span


def _fit(strokes: list[Stroke], rng, size: int) -> None:
    """Shrink the drawing if ink would reach the border, then slide it somewhere off-centre."""
    pts = np.vstack([stroke.points for stroke in strokes])
    pad = max(float(stroke.widths.max()) for stroke in strokes) / 2 + 1
    lo, hi = pts.min(0), pts.max(0)
    room = min(size - 2 * EDGE, MAX_SPAN * size) - 2 * pad
    k = min(1.0, room / float((hi - lo).max()))
    centre = (lo + hi) / 2
    half = (hi - lo) * k / 2
    free = np.maximum(0.0, size / 2 - EDGE - pad - half - 0.5)
    target = size / 2 + free * (2 * rng.beta(2.0, 2.0, 2) - 1)
    for stroke in strokes:
        stroke.points = (stroke.points - centre) * k + target


def _render(strokes: list[Stroke], size: int) -> Image.Image:
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        path, width_at = stroke.points, stroke.widths
        count = len(path)
        chunk = 6
        for i in range(0, count - 1, chunk):
            part = path[i:i + chunk + 1]
            width = int(round(float(width_at[i:i + chunk + 1].mean())))
            draw.line([tuple(q) for q in part.tolist()], fill=stroke.ink, width=width,
                      joint="curve" if width > 2 else None)
            if width >= 4:  # round caps hide the notches between chunks of different width
                r = width / 2 - 0.5
                x, y = part[0]
                draw.ellipse([x - r, y - r, x + r, y + r], fill=stroke.ink)
        if count and width_at[-1] >= 4:
            r = int(round(float(width_at[-1]))) / 2 - 0.5
            x, y = path[-1]
            draw.ellipse([x - r, y - r, x + r, y + r], fill=stroke.ink)
    return image


def _strokes(sk: Sketch, pen: Pen, rng, span: float, size: int) -> list[Stroke]:
    step = max(2.0, 3.0 * size / REFERENCE)
    shading: list[Stroke] = []
    regions = sk.regions
    if pen.fill == "silhouette":
        for poly in regions:
            shading += _scribble_strokes(poly, pen, rng, span, solid=True)
    elif pen.fill != "none" and regions:
        chosen = [regions[0]] if rng.random() < 0.6 else [regions[i] for i in rng.permutation(len(regions))[:2]]
        for poly in chosen:
            if pen.fill == "scribble":
                shading += _scribble_strokes(poly, pen, rng, span, solid=False)
            else:
                shading += _hatch_strokes(poly, pen, rng, span, cross=pen.fill == "cross")
    lines: list[Stroke] = []
    for path, closed in sk.outlines:
        lines += _edge_strokes(path, closed, pen, rng, span, step)
    for path, dashed in sk.details:
        if rng.random() < pen.details:
            lines += _detail_strokes(path, dashed, pen, rng, span, step)
    for x, y, r in sk.dots:
        if rng.random() < pen.details:
            lines += _dot_strokes(x, y, max(r, 1.5), pen, rng)
    return shading + lines   # shading first: the outlines are drawn over it


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """A rough hand sketch of a garment of class `label`: gray ink on white, RGB, size x size."""
    sketch = Sketch()
    CLASS_DRAWINGS[check_label(label)](rng, sketch)
    pen = _choose_pen(rng, size / REFERENCE)
    placed, span = _place(sketch, rng, size)
    strokes = _strokes(placed, pen, rng, span, size)
    _fit(strokes, rng, size)
    image = _render(strokes, size)
    while (np.asarray(image) == 255).mean() < MIN_PAPER:  # a dense scribble on a big garment: draw it smaller
        centre = np.array([size / 2, size / 2])
        for stroke in strokes:
            stroke.points = (stroke.points - centre) * 0.85 + centre
        image = _render(strokes, size)
    return image.convert("RGB")
