"""Family E of synthetic garment drawings: careful outline drawings, as made on a tablet, in a
colouring book or by tracing clip-art.

Every garment is built in its own frame from parts (a silhouette of one or more closed shapes,
then seams, collars, buttons, pockets, laces, soles...), the control points are joined by smooth
Hermite (Catmull-Rom-like) curves, and a pen style is drawn per drawing: line width 2-24 px
(sometimes with pressure), single, double, dashed or dotted outlines, black or gray ink, and an
outline-only, solid, hatched or stippled fill. The garment is then wobbled, rotated, mirrored,
scaled and placed on a white 448x448 pad, like a drawing on the app's sketch pad.

This family was written apart from the other drawing families, without reading them, so that it
is an independent idea of how people draw garments.

    python -m nin.lab.families sheet E --out outlines.png [--garments]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .canvas import BORDER, MIN_PAPER, SIZE, check_label
from .curves import arclength, unit

MARGIN = BORDER + 1       # px kept free of ink: one spare for rounding
SAMPLES = 10              # curve points per control-point segment


# --------------------------------------------------------------------------- small helpers


def corner(x: float, y: float) -> tuple[float, float, float]:
    """A corner control point: the curve turns sharply here."""
    return (x, y, 1.0)


def smooth(x: float, y: float) -> tuple[float, float, float]:
    """A smooth control point: the curve passes through it without a kink."""
    return (x, y, 0.0)


def chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def pick(rng: np.random.Generator, options, weights=None):
    weights = np.asarray(weights if weights is not None else [1.0] * len(options), dtype=float)
    return options[int(rng.choice(len(options), p=weights / weights.sum()))]


def mirror(half) -> list:
    """A right half, from the top of the centre line clockwise to its bottom -> the whole closed outline."""
    left = [(-x, y, f) for x, y, f in reversed(half) if x != 0]
    return list(half) + left


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 8, turn: float = 0.0) -> list:
    """Smooth control points around an ellipse (n of them; the spline rounds it)."""
    a = turn + np.arange(n) * 2 * np.pi / n
    return [smooth(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in a]


def star(cx: float, cy: float, r: float, points: int = 5) -> list:
    a = -np.pi / 2 + np.arange(2 * points) * np.pi / points
    radius = np.where(np.arange(2 * points) % 2 == 0, r, r * 0.45)
    return [corner(cx + q * math.cos(t), cy + q * math.sin(t)) for q, t in zip(radius, a)]


def box(x0: float, y0: float, x1: float, y1: float) -> list:
    return [corner(x0, y0), corner(x1, y0), corner(x1, y1), corner(x0, y1)]


def arc(p0, p1, bulge: float) -> list:
    """Three control points from p0 to p1, the middle pushed sideways by `bulge` (left of p0->p1 for > 0)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    n = np.array([d[1], -d[0]]) / max(np.hypot(*d), 1e-9)
    m = (p0 + p1) / 2 + n * bulge
    return [corner(*p0), smooth(*m), corner(*p1)]


# --------------------------------------------------------------------------- a garment as parts


@dataclass
class Part:
    ctrl: np.ndarray      # [n, 3] control points: x, y, corner flag
    closed: bool
    role: str             # "body": silhouette, filled and outlined; "detail": a line; "dot": a small disc
    clip: bool = False    # drawn only inside the silhouette (stripes, seams that run off the edge)
    weight: float = 1.0   # stroke width relative to the style's detail width


class Sketch:
    """The parts of one garment in its own frame (x to the right, y down, any unit)."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.fine = 0.05  # the thickest outline, as a share of the garment's size (thin soles want less)

    def _add(self, pts, closed, role, clip=False, weight=1.0, mirrored=False) -> None:
        ctrl = np.asarray(pts, dtype=float)
        self.parts.append(Part(ctrl, closed, role, clip, weight))
        if mirrored:  # the same part on the other side of the centre line
            flipped = ctrl.copy()
            flipped[:, 0] *= -1
            self.parts.append(Part(flipped, closed, role, clip, weight))

    def body(self, pts, mirrored=False) -> None:
        self._add(pts, True, "body", mirrored=mirrored)

    def line(self, pts, weight=1.0, clip=False, mirrored=False) -> None:
        self._add(pts, False, "detail", clip, weight, mirrored)

    def loop(self, pts, weight=1.0, clip=False, mirrored=False) -> None:
        self._add(pts, True, "detail", clip, weight, mirrored)

    def dot(self, x, y, r, mirrored=False) -> None:
        self._add(ellipse(x, y, r, r, n=6), True, "dot", mirrored=mirrored)

    def folds(self, rng, x0, x1, y0, y1, n, length=0.12, vertical=True) -> None:
        """Short curved fold lines scattered in a box (vertical-ish or horizontal-ish)."""
        for _ in range(n):
            p = np.array([rng.uniform(x0, x1), rng.uniform(y0, y1)])
            a = (math.pi / 2 if vertical else 0.0) + rng.uniform(-0.5, 0.5)
            q = p + length * rng.uniform(0.6, 1.3) * np.array([math.cos(a), math.sin(a)])
            self.line(arc(p, q, length * rng.uniform(-0.25, 0.25)), weight=0.7)


# --------------------------------------------------------------------------- tops (classes 0, 2, 4, 6)


@dataclass
class Top:
    """Key points of a front-view top (right side), for placing details."""
    half_width: float
    length: float
    flare: float
    neck_half: float
    neck_depth: float
    shoulder: np.ndarray
    armpit: np.ndarray
    outer: np.ndarray | None   # sleeve end, outer corner
    inner: np.ndarray | None   # sleeve end, inner corner
    along: np.ndarray | None   # unit vector down the sleeve

    def side_x(self, y: float) -> float:
        """x of the body's right side at height y (between armpit and hem)."""
        t = np.clip((y - self.armpit[1]) / max(self.length - self.armpit[1], 1e-6), 0, 1)
        return float(self.half_width + self.flare * t)


def _top(sk: Sketch, rng, *, half_width, length, flare, neck_half, neck_depth, drop, sleeve, v_neck=False,
         separate=False,
         hem_curve=0.0, hem_lift=0.0, hem_notch=0.0, sleeve_top=None, shoulder_x=None) -> Top:
    """Body and sleeves of a front-view top: one outline, or a body with sleeves as separate shapes.

    sleeve: None, ("short", angle_deg, length, opening) or ("long", gap, cuff_y, cuff_width).
    """
    shoulder = np.array([shoulder_x or half_width + rng.uniform(0.0, 0.06), drop])
    outer = inner = along = None
    if sleeve is None:
        armpit = np.array([half_width, drop + rng.uniform(0.32, 0.45)])
    elif sleeve[0] == "short":
        _, angle, sleeve_length, opening = sleeve
        a = math.radians(angle)
        along = np.array([math.cos(a), math.sin(a)])
        inward = np.array([-math.sin(a), math.cos(a)])
        # long enough that the sleeve end clears the body side
        sleeve_length = max(sleeve_length,
                            (0.06 + opening * math.sin(a) - (shoulder[0] - half_width)) / max(math.cos(a), 0.2))
        outer = shoulder + along * sleeve_length
        inner = outer + inward * opening
        armpit = np.array([half_width, drop + (sleeve_top or opening * rng.uniform(1.0, 1.2))])
    else:
        _, gap, cuff_y, cuff_width = sleeve
        armpit = np.array([half_width, drop + (sleeve_top or cuff_width * rng.uniform(1.4, 1.8))])
        centre = np.array([half_width + flare + gap + cuff_width / 2, cuff_y])
        for _ in range(3):  # move the cuff out until its inner corner clears the body side by `gap`
            along = unit(centre - shoulder)
            out = np.array([along[1], -along[0]])
            inner = centre - out * cuff_width / 2
            t = np.clip((inner[1] - armpit[1]) / max(length - armpit[1], 1e-6), 0, 1)
            centre[0] += max(0.0, half_width + flare * t + gap - inner[0])
        along = unit(centre - shoulder)
        out = np.array([along[1], -along[0]])
        outer, inner = centre + out * cuff_width / 2, centre - out * cuff_width / 2

    neck = corner(0, neck_depth) if v_neck else smooth(0, neck_depth)
    side_mid = smooth(half_width + flare * 0.45 - rng.uniform(0.0, 0.04), (armpit[1] + length) / 2)
    if hem_notch > 0:  # an open coat: the fronts part at the hem
        hem = [corner(half_width + flare, length), corner(0, length - hem_notch)]
    elif hem_lift > 0:  # a shirt tail: the sides ride up, the middle hangs down
        hem = [corner(half_width + flare, length - hem_lift), smooth(half_width * 0.55, length - hem_lift * 0.15),
               smooth(0, length + hem_curve)]
    else:
        hem = [corner(half_width + flare, length), smooth(0, length + hem_curve)]

    if sleeve is None:  # armhole curves straight from shoulder to armpit
        # the armhole curves in from the strap before it sweeps out to the armpit
        hole = smooth(shoulder[0] + (half_width - shoulder[0]) * 0.25, armpit[1] * 0.75)
        half = [neck, corner(neck_half, 0), corner(*shoulder), hole, corner(*armpit), side_mid] + hem
        sk.body(mirror(half))
    else:
        mid = shoulder + (outer - shoulder) * 0.5 + np.array([along[1], -along[0]]) * rng.uniform(0.0, 0.025)
        if separate:  # body with armholes, and each sleeve its own closed shape overlapping it
            half = [neck, corner(neck_half, 0), corner(*shoulder), smooth(half_width + 0.01, (drop + armpit[1]) / 2),
                    corner(*armpit), side_mid] + hem
            sk.body(mirror(half))
            cap = shoulder + np.array([-0.07, 0.0])
            sk.body([corner(*cap), smooth(*mid), corner(*outer), corner(*inner),
                     corner(*(armpit + np.array([-0.05, 0.0])))], mirrored=True)
        else:
            half = [neck, corner(neck_half, 0), corner(*shoulder), smooth(*mid), corner(*outer), corner(*inner),
                    corner(*armpit), side_mid] + hem
            sk.body(mirror(half))
    return Top(half_width, length, flare, neck_half, neck_depth, shoulder, armpit, outer, inner, along)


def _sleeve_band(sk: Sketch, top: Top, depth: float, ribs: int = 0) -> None:
    """A cuff or sleeve hem: a line across the sleeve `depth` back from its end, ribbed sometimes."""
    if top.outer is None:
        return
    a, b = top.outer - top.along * depth, top.inner - top.along * depth
    sk.line([corner(*a), corner(*b)], mirrored=True)
    for t in np.linspace(0, 1, ribs + 2)[1:-1]:
        p = top.outer + (top.inner - top.outer) * t
        sk.line([corner(*p), corner(*(p - top.along * depth))], weight=0.6, mirrored=True)


def _hem_band(sk: Sketch, top: Top, depth: float, ribs: int = 0) -> None:
    """A band across the bottom (a hem line, ribbed for knits): clipped to the body."""
    y = top.length - depth
    sk.line([corner(-top.half_width - 0.3, y), corner(top.half_width + 0.3, y)], clip=True)
    xs = np.linspace(-top.side_x(top.length), top.side_x(top.length), ribs + 2)[1:-1]
    for x in xs:
        sk.line([corner(x, y), corner(x, top.length + 0.05)], weight=0.6, clip=True)


def _neck_rib(sk: Sketch, top: Top, depth: float, v_neck: bool) -> None:
    """A second line under the neckline: the neck band."""
    mid = corner(0, top.neck_depth + depth * 1.3) if v_neck else smooth(0, top.neck_depth + depth)
    x = top.neck_half + depth * 0.8
    y = top.shoulder[1] * (x - top.neck_half) / max(top.shoulder[0] - top.neck_half, 1e-6)
    sk.line([corner(-x, y), mid, corner(x, y)])


def _stripes(sk: Sketch, top: Top, y0: float, y1: float, n: int, weight=1.0) -> None:
    for y in np.linspace(y0, y1, n):
        sk.line([corner(-3, y), corner(3, y)], weight=weight, clip=True)


def _print(sk: Sketch, rng, x: float, y: float, r: float) -> None:
    """A chest print: a circle, a star, a heart or a few lines of text."""
    kind = pick(rng, ["circle", "star", "heart", "text", "ring"])
    if kind == "circle":
        sk.loop(ellipse(x, y, r, r))
    elif kind == "ring":
        sk.loop(ellipse(x, y, r, r))
        sk.loop(ellipse(x, y, r * 0.55, r * 0.55))
    elif kind == "star":
        sk.loop(star(x, y, r * 1.2))
    elif kind == "heart":
        sk.loop([corner(x, y + r), smooth(x - r, y - r * 0.1), smooth(x - r * 0.55, y - r * 0.8),
                 corner(x, y - r * 0.35),
                 smooth(x + r * 0.55, y - r * 0.8), smooth(x + r, y - r * 0.1)])
    else:
        for i in range(int(rng.integers(2, 4))):
            half = r * rng.uniform(0.7, 1.4)
            sk.line([corner(x - half, y + (i - 1) * r * 0.6), corner(x + half, y + (i - 1) * r * 0.6)], weight=0.9)


def draw_tshirt(sk: Sketch, rng) -> None:
    """T-shirt/top: short sleeves out to the sides (or a tank top), a round or V neck, no opening."""
    half_width = rng.uniform(0.52, 0.72)
    length = 2 * half_width * rng.uniform(0.9, 1.3)
    v_neck = chance(rng, 0.25)
    neck_half, neck_depth = rng.uniform(0.16, 0.26), rng.uniform(0.07, 0.16) * (1.8 if v_neck else 1.0)
    tank = chance(rng, 0.18)
    if tank:  # narrow straps and deep armholes, no sleeves
        neck_half, neck_depth = rng.uniform(0.2, 0.28), rng.uniform(0.15, 0.3)
        top = _top(sk, rng, half_width=half_width * 0.92, length=length * 1.1, flare=rng.uniform(0.0, 0.08),
                   neck_half=neck_half, neck_depth=neck_depth, drop=0.02,
                   shoulder_x=neck_half + rng.uniform(0.06, 0.12), sleeve=None, v_neck=v_neck,
                   hem_curve=rng.uniform(-0.02, 0.05))
    else:
        sleeve = ("short", rng.uniform(12, 45), rng.uniform(0.2, 0.42), rng.uniform(0.2, 0.3))
        top = _top(sk, rng, half_width=half_width, length=length, flare=rng.uniform(-0.03, 0.08), neck_half=neck_half,
                   neck_depth=neck_depth, drop=rng.uniform(0.05, 0.14),
                   sleeve=sleeve, v_neck=v_neck, separate=chance(rng, 0.3), hem_curve=rng.uniform(-0.03, 0.05))
        if chance(rng, 0.6):
            _sleeve_band(sk, top, rng.uniform(0.04, 0.07))
    if chance(rng, 0.65):
        _neck_rib(sk, top, rng.uniform(0.03, 0.06), v_neck)
    if chance(rng, 0.5):
        _hem_band(sk, top, rng.uniform(0.04, 0.08))
    decor = pick(rng, ["print", "pocket", "stripes", "none"], [0.35, 0.15, 0.15, 0.35])
    if decor == "print":
        _print(sk, rng, rng.uniform(-0.05, 0.05), length * rng.uniform(0.33, 0.45), half_width * rng.uniform(0.15, 0.3))
    elif decor == "pocket":
        x, y, r = -half_width * 0.45, length * 0.28, rng.uniform(0.08, 0.12)
        sk.loop(box(x - r, y - r, x + r, y + r * 1.1))
    elif decor == "stripes":
        _stripes(sk, top, length * rng.uniform(0.2, 0.35), length * 0.9, int(rng.integers(3, 7)))
    if chance(rng, 0.4):
        sk.folds(rng, -half_width * 0.8, half_width * 0.8, length * 0.55, length * 0.9, int(rng.integers(1, 4)),
                 length=0.12)


def draw_pullover(sk: Sketch, rng) -> None:
    """Pullover: long sleeves with ribbed cuffs, a ribbed hem, no front opening; crew/turtle/V neck or a hood."""
    half_width = rng.uniform(0.5, 0.68)
    length = 2 * half_width * rng.uniform(0.88, 1.22)
    neck = pick(rng, ["crew", "turtle", "v", "hood"], [0.45, 0.2, 0.15, 0.2])
    v_neck = neck == "v"
    neck_half, neck_depth = rng.uniform(0.16, 0.24), rng.uniform(0.06, 0.14) * (2.2 if v_neck else 1.0)
    sleeve = ("long", rng.uniform(0.02, 0.22), length * rng.uniform(0.82, 1.02), rng.uniform(0.15, 0.25))
    top = _top(sk, rng, half_width=half_width, length=length, flare=rng.uniform(-0.06, 0.04), neck_half=neck_half,
               neck_depth=neck_depth, drop=rng.uniform(0.05, 0.16),
               sleeve=sleeve, v_neck=v_neck, separate=chance(rng, 0.25), hem_curve=rng.uniform(-0.02, 0.03))
    if neck == "turtle":  # a rolled collar standing on the neckline
        h = rng.uniform(0.1, 0.2)
        sk.body([corner(-neck_half * 1.05, 0.03), smooth(-neck_half * 0.95, -h * 0.5), corner(-neck_half * 0.95, -h),
                 smooth(0, -h - 0.02), corner(neck_half * 0.95, -h),
                 smooth(neck_half * 0.95, -h * 0.5), corner(neck_half * 1.05, 0.03), smooth(0, neck_depth)])
        sk.line([corner(-neck_half, -h * 0.45), smooth(0, -h * 0.4), corner(neck_half, -h * 0.45)], weight=0.8)
    elif neck == "hood":  # the hood lies behind the neck, its opening a rounded slot
        h = rng.uniform(0.25, 0.4)
        sk.body([corner(-neck_half - 0.05, 0.04), smooth(-neck_half - 0.13, -h * 0.55), smooth(0, -h),
                 smooth(neck_half + 0.13, -h * 0.55),
                 corner(neck_half + 0.05, 0.04), smooth(0, neck_depth + 0.04)])
        sk.loop([corner(-neck_half * 0.6, neck_depth), smooth(-neck_half * 0.7, -h * 0.45), smooth(0, -h * 0.8),
                 smooth(neck_half * 0.7, -h * 0.45), corner(neck_half * 0.6, neck_depth)])
        if chance(rng, 0.7):  # drawstrings
            for x in (-0.07, 0.07):
                sk.line([corner(x, neck_depth + 0.02), smooth(x + rng.uniform(-0.02, 0.02), neck_depth + 0.15),
                         corner(x, neck_depth + rng.uniform(0.22, 0.3))])
        if chance(rng, 0.7):  # the kangaroo pocket
            y0, y1 = length * rng.uniform(0.55, 0.62), length * rng.uniform(0.83, 0.88)
            sk.loop([corner(-half_width * 0.5, y0), corner(half_width * 0.5, y0),
                     smooth(half_width * 0.62, (y0 + y1) / 2), corner(half_width * 0.68, y1),
                     corner(-half_width * 0.68, y1),
                     smooth(-half_width * 0.62, (y0 + y1) / 2)])
    else:
        _neck_rib(sk, top, rng.uniform(0.03, 0.06), v_neck)
    ribs = int(rng.integers(0, 7)) if chance(rng, 0.5) else 0
    _sleeve_band(sk, top, rng.uniform(0.06, 0.13), ribs=min(ribs, 4))
    _hem_band(sk, top, rng.uniform(0.06, 0.13), ribs=ribs * 2)
    pattern = pick(rng, ["none", "stripes", "cable", "band", "raglan"], [0.4, 0.15, 0.15, 0.15, 0.15])
    if pattern == "stripes":
        _stripes(sk, top, length * 0.3, length * 0.8, int(rng.integers(3, 6)))
    elif pattern == "cable":  # knitted cables: vertical zigzags
        for x in np.linspace(-half_width * 0.55, half_width * 0.55, int(rng.integers(2, 5))):
            ys = np.linspace(length * 0.18, length * 0.85, 9)
            sk.line([corner(x + (0.04 if i % 2 else -0.04), y) for i, y in enumerate(ys)], weight=0.6, clip=True)
    elif pattern == "band":  # a Nordic band: a zigzag between two lines across the chest
        y = length * rng.uniform(0.25, 0.4)
        _stripes(sk, top, y, y + 0.16, 2)
        xs = np.linspace(-half_width - 0.5, half_width + 0.5, 14)
        sk.line([corner(x, y + (0.14 if i % 2 else 0.02)) for i, x in enumerate(xs)], weight=0.7, clip=True)
    elif pattern == "raglan":  # raglan seams from the neck to the armpits
        sk.line([corner(neck_half * 0.9, neck_depth * 0.3), smooth(half_width * 0.75, top.armpit[1] * 0.6),
                 corner(*top.armpit)], mirrored=True)
    if chance(rng, 0.35):
        sk.folds(rng, -half_width * 0.7, half_width * 0.7, length * 0.45, length * 0.8, int(rng.integers(1, 3)))


def draw_coat(sk: Sketch, rng) -> None:
    """Coat: long (hip to knee), long sleeves, a front opening with lapels, buttons or a zip; belt, pockets."""
    half_width = rng.uniform(0.5, 0.66)
    length = 2 * half_width * rng.uniform(1.15, 1.75)
    neck_half, neck_depth = rng.uniform(0.17, 0.24), rng.uniform(0.04, 0.1)
    open_coat = chance(rng, 0.22)
    notch = rng.uniform(0.1, 0.25) if open_coat else 0.0
    sleeve = ("long", rng.uniform(0.02, 0.16), length * rng.uniform(0.55, 0.8), rng.uniform(0.18, 0.28))
    top = _top(sk, rng, half_width=half_width, length=length, flare=rng.uniform(0.0, 0.12), neck_half=neck_half,
               neck_depth=neck_depth, drop=rng.uniform(0.06, 0.14),
               sleeve=sleeve, separate=chance(rng, 0.25), hem_notch=notch, hem_curve=rng.uniform(0.0, 0.03),
               sleeve_top=rng.uniform(0.32, 0.45))
    collar = pick(rng, ["notch", "shawl", "stand", "hood"], [0.45, 0.2, 0.2, 0.15])
    lapel_y = length * rng.uniform(0.22, 0.35) if collar in ("notch", "shawl") else neck_depth + 0.02
    off = 0.0 if open_coat else rng.uniform(0.0, 0.04)
    if collar == "notch":  # lapels with the notch
        sk.line([corner(neck_half, 0.0), corner(neck_half + rng.uniform(0.06, 0.13), lapel_y * 0.4),
                 corner(neck_half + 0.02, lapel_y * 0.5), corner(off, lapel_y)], mirrored=True)
    elif collar == "shawl":
        sk.line([corner(neck_half, 0.0), smooth(neck_half + rng.uniform(0.04, 0.1), lapel_y * 0.55),
                 corner(off, lapel_y)], mirrored=True)
    elif collar == "stand":  # a stand-up collar above the neckline
        h = rng.uniform(0.07, 0.14)
        sk.body([corner(-neck_half - 0.03, 0.03), corner(-neck_half - 0.06, -h), smooth(0, -h * 0.7),
                 corner(neck_half + 0.06, -h), corner(neck_half + 0.03, 0.03), smooth(0, neck_depth)])
    else:
        h = rng.uniform(0.25, 0.38)
        sk.body([corner(-neck_half - 0.05, 0.04), smooth(-neck_half - 0.14, -h * 0.55), smooth(0, -h),
                 smooth(neck_half + 0.14, -h * 0.55),
                 corner(neck_half + 0.05, 0.04), smooth(0, neck_depth + 0.03)])
        sk.loop([corner(-neck_half * 0.6, neck_depth), smooth(-neck_half * 0.7, -h * 0.45), smooth(0, -h * 0.8),
                 smooth(neck_half * 0.7, -h * 0.45), corner(neck_half * 0.6, neck_depth)])
    if open_coat:  # the fronts hang apart, showing the shirt between them
        gap = rng.uniform(0.05, 0.12)
        sk.line([corner(0.0, lapel_y), smooth(gap * 0.7, (lapel_y + length) / 2), corner(gap, length - notch * 0.6)],
                mirrored=True)
        sk.line([corner(0, lapel_y + 0.04), corner(0, length - notch - 0.02)], weight=0.7)
        for y in np.linspace(lapel_y + 0.1, length - notch - 0.1, 3):
            sk.dot(0.0, y, 0.018)
    else:
        sk.line([corner(off, lapel_y), corner(off, length + top.flare * 0.1)])
        fasten = pick(rng, ["single", "double", "zip", "toggles"], [0.45, 0.25, 0.2, 0.1])
        y_end = length * rng.uniform(0.6, 0.8)
        rows = np.linspace(lapel_y + 0.07, y_end, int(rng.integers(3, 6)))
        r = rng.uniform(0.025, 0.045)
        if fasten == "single":
            for y in rows:
                sk.dot(off - r * 1.8, y, r)
        elif fasten == "double":
            for y in rows[: max(2, len(rows) - 1)]:
                sk.dot(0.15, y, r, mirrored=True)
        elif fasten == "zip":
            for y in np.linspace(lapel_y + 0.03, length - 0.03, 16):
                sk.line([corner(off - 0.025, y), corner(off + 0.025, y)], weight=0.5)
        else:
            for y in rows:
                sk.line([corner(off - 0.08, y), corner(off + 0.06, y)], weight=1.4)
    if chance(rng, 0.35):  # a belt round the waist, with a buckle
        y = length * rng.uniform(0.38, 0.5)
        h = rng.uniform(0.05, 0.09)
        x = top.side_x(y) - 0.01
        sk.line([corner(-x, y), corner(x, y)])
        sk.line([corner(-x, y + h), corner(x, y + h)])
        sk.loop(box(-0.07, y - 0.02, 0.07, y + h + 0.02), weight=0.9)
    pockets = pick(rng, ["flap", "welt", "patch", "none"], [0.35, 0.25, 0.2, 0.2])
    pocket_y = length * rng.uniform(0.58, 0.72)
    pocket_x = half_width * rng.uniform(0.4, 0.6)
    if pockets == "flap":
        sk.line([corner(pocket_x - 0.14, pocket_y), corner(pocket_x + 0.14, pocket_y)], mirrored=True)
        sk.line([corner(pocket_x - 0.14, pocket_y), corner(pocket_x - 0.13, pocket_y + 0.07),
                 corner(pocket_x + 0.13, pocket_y + 0.07), corner(pocket_x + 0.14, pocket_y)], mirrored=True)
    elif pockets == "welt":
        sk.line([corner(pocket_x - 0.1, pocket_y + 0.06), corner(pocket_x + 0.1, pocket_y - 0.04)], weight=1.2,
                mirrored=True)
    elif pockets == "patch":
        sk.loop(box(pocket_x - 0.13, pocket_y - 0.05, pocket_x + 0.13, pocket_y + 0.2), mirrored=True)
    if chance(rng, 0.4):  # turned-back cuffs
        _sleeve_band(sk, top, rng.uniform(0.07, 0.14))
    if chance(rng, 0.3):
        sk.folds(rng, -half_width * 0.8, half_width * 0.8, length * 0.7, length * 0.95, int(rng.integers(1, 4)),
                 length=0.15)


def draw_shirt(sk: Sketch, rng) -> None:
    """Shirt: a pointed collar, a button placket down the front, long sleeves with cuffs (or short), chest pocket."""
    half_width = rng.uniform(0.5, 0.66)
    length = 2 * half_width * rng.uniform(1.0, 1.32)
    neck_half, neck_depth = rng.uniform(0.14, 0.2), rng.uniform(0.05, 0.1)
    if chance(rng, 0.72):
        sleeve = ("long", rng.uniform(0.02, 0.2), length * rng.uniform(0.78, 1.0), rng.uniform(0.14, 0.22))
    else:
        sleeve = ("short", rng.uniform(20, 50), rng.uniform(0.22, 0.38), rng.uniform(0.2, 0.28))
    tail = chance(rng, 0.55)
    top = _top(sk, rng, half_width=half_width, length=length, flare=rng.uniform(-0.03, 0.06), neck_half=neck_half,
               neck_depth=neck_depth, drop=rng.uniform(0.06, 0.15),
               sleeve=sleeve, separate=chance(rng, 0.25), hem_lift=rng.uniform(0.06, 0.14) if tail else 0.0,
               hem_curve=rng.uniform(0.0, 0.06) if tail else rng.uniform(-0.02, 0.02))
    collar = pick(rng, ["pointed", "pointed", "button-down", "mandarin"])
    if collar == "mandarin":  # a band standing round the neck
        h = rng.uniform(0.05, 0.09)
        sk.body([corner(-neck_half - 0.02, 0.02), corner(-neck_half - 0.03, -h), smooth(0, -h * 0.6),
                 corner(neck_half + 0.03, -h), corner(neck_half + 0.02, 0.02),
                 smooth(0, neck_depth)])
    else:  # collar points lying on the chest either side of the top button
        tip = np.array([neck_half * rng.uniform(0.5, 1.05), neck_depth + rng.uniform(0.1, 0.2)])
        sk.loop([corner(0.0, neck_depth), corner(neck_half + 0.03, -0.03), corner(neck_half + 0.05, 0.04),
                 corner(*tip)], mirrored=True)
        if collar == "button-down":
            sk.dot(tip[0] - 0.01, tip[1] - 0.03, 0.012, mirrored=True)
    placket = rng.uniform(0.025, 0.045)
    y1 = length - 0.02
    if chance(rng, 0.6):
        sk.line([corner(-placket, neck_depth + 0.02), corner(-placket, y1)], weight=0.8)
        sk.line([corner(placket, neck_depth + 0.02), corner(placket, y1)], weight=0.8)
    else:
        sk.line([corner(0, neck_depth + 0.02), corner(0, y1)], weight=0.9)
    for y in np.linspace(neck_depth + 0.1, length * 0.88, int(rng.integers(4, 8))):
        sk.dot(0.0, y, rng.uniform(0.014, 0.024))
    pockets = pick(rng, ["one", "two", "none"], [0.5, 0.25, 0.25])
    if pockets != "none":
        pocket_x, pocket_y = half_width * rng.uniform(0.35, 0.55), length * rng.uniform(0.22, 0.3)
        r = rng.uniform(0.08, 0.12)
        for sign in ((-1, 1) if pockets == "two" else (-1,)):
            x = sign * pocket_x
            sk.loop([corner(x - r, pocket_y), corner(x + r, pocket_y), corner(x + r, pocket_y + r * 1.3),
                     corner(x, pocket_y + r * 1.6), corner(x - r, pocket_y + r * 1.3)])
            if chance(rng, 0.5):
                sk.line([corner(x - r, pocket_y + r * 0.45), corner(x + r, pocket_y + r * 0.45)], weight=0.7)
    if sleeve[0] == "long":
        _sleeve_band(sk, top, rng.uniform(0.06, 0.11))
        if chance(rng, 0.5):
            p = top.outer + (top.inner - top.outer) * 0.3 - top.along * 0.05
            sk.dot(p[0], p[1], 0.015, mirrored=True)
    elif chance(rng, 0.6):
        _sleeve_band(sk, top, rng.uniform(0.04, 0.07))
    pattern = pick(rng, ["none", "check", "stripes", "yoke"], [0.5, 0.15, 0.15, 0.2])
    if pattern == "check":  # plaid: a grid of lines clipped to the shirt
        step = rng.uniform(0.12, 0.2)
        for x in np.arange(-3.0, 3.0, step):
            sk.line([corner(x, -1), corner(x, length + 1)], weight=0.5, clip=True)
        for y in np.arange(0.05, length + 0.2, step):
            sk.line([corner(-3, y), corner(3, y)], weight=0.5, clip=True)
    elif pattern == "stripes":
        for x in np.arange(-3.0, 3.0, rng.uniform(0.1, 0.16)):
            sk.line([corner(x, -1), corner(x, length + 1)], weight=0.5, clip=True)
    elif pattern == "yoke":  # the shoulder seam across the chest
        y = rng.uniform(0.12, 0.2)
        sk.line([corner(-3, y), smooth(0, y + 0.02), corner(3, y)], clip=True)


# --------------------------------------------------------------------------- trousers and dresses (classes 1, 3)


def draw_trousers(sk: Sketch, rng) -> None:
    """Trouser: a waistband and two legs parted below the crotch; skinny, straight, wide, flared or cropped."""
    cut = pick(rng, ["straight", "skinny", "wide", "flared", "cropped"], [0.3, 0.2, 0.2, 0.15, 0.15])
    waist_half = rng.uniform(0.42, 0.55)
    height = {"straight": rng.uniform(2.0, 2.8), "skinny": rng.uniform(2.3, 3.2), "wide": rng.uniform(1.8, 2.6),
              "flared": rng.uniform(2.2, 3.0), "cropped": rng.uniform(1.3, 1.7)}[cut] * waist_half * 2
    hip_y, hip_half = height * rng.uniform(0.08, 0.15), waist_half * rng.uniform(1.0, 1.12)
    crotch = height * (rng.uniform(0.28, 0.38) if cut == "cropped" else rng.uniform(0.2, 0.34))
    gap = rng.uniform(0.05, 0.12)
    if cut == "skinny":
        outer, inner = hip_half * rng.uniform(0.68, 0.82), rng.uniform(0.04, 0.1)
    elif cut == "wide" or cut == "cropped":
        outer, inner = hip_half * rng.uniform(1.05, 1.3), gap
    else:
        outer, inner = hip_half * rng.uniform(0.88, 1.02), rng.uniform(0.06, 0.14)
    inner = min(inner, outer - 0.15)
    half = [corner(0, 0), corner(waist_half, 0), smooth(hip_half, hip_y)]
    if cut == "flared":  # narrow at the knee, wide at the hem
        knee = height * rng.uniform(0.55, 0.65)
        half += [smooth(hip_half * 0.8, knee), corner(outer + 0.1, height),
                 corner(inner - 0.03 if inner > 0.08 else inner, height),
                 smooth(hip_half * 0.3, knee)]
    else:
        half += [smooth((hip_half + outer) / 2 + 0.005, (hip_y + height) / 2), corner(outer, height),
                 corner(inner, height),
                 smooth((inner + 0.02) * 0.7, (crotch + height) / 2)]
    half += [corner(0, crotch)]
    sk.body(mirror(half))
    band = rng.uniform(0.05, 0.1)
    sk.line([corner(-2, band), corner(2, band)], clip=True)
    if chance(rng, 0.6):  # belt loops
        for x in (-waist_half * 0.75, -waist_half * 0.25, waist_half * 0.25, waist_half * 0.75):
            sk.line([corner(x, -0.005), corner(x, band + 0.02)], weight=0.6)
    if chance(rng, 0.7):  # fly: a J-curve down the front, a button at the top
        sk.line([corner(0.06, band), smooth(0.06, crotch * 0.65), corner(0.0, crotch * 0.85)], weight=0.8)
        sk.dot(0.0, band / 2, 0.02)
    pocket = pick(rng, ["slant", "curve", "none", "cargo"], [0.35, 0.3, 0.2, 0.15])
    if pocket == "slant":
        sk.line([corner(waist_half * 0.6, band), corner(hip_half * 0.98, hip_y * 1.6)], weight=0.8, mirrored=True)
    elif pocket == "curve":
        sk.line([corner(waist_half * 0.5, band), smooth(waist_half * 0.72, hip_y * 1.1),
                 corner(hip_half * 0.99, hip_y * 1.2)], weight=0.8, mirrored=True)
    elif pocket == "cargo":
        x, y = (outer + inner) / 2 + 0.04, height * 0.5
        sk.loop(box(x - 0.11, y, x + 0.11, y + 0.22), mirrored=True)
        sk.line([corner(x - 0.11, y + 0.06), corner(x + 0.11, y + 0.06)], weight=0.7, mirrored=True)
    if chance(rng, 0.45):  # pressed creases down each leg
        sk.line([corner((hip_half + 0.1) / 2, crotch * 0.8), corner((outer + inner) / 2, height - 0.04)], weight=0.6,
                mirrored=True)
    if chance(rng, 0.4):  # turn-ups at the hem
        y = height - rng.uniform(0.05, 0.1)
        sk.line([corner(-3, y), corner(3, y)], clip=True)
    if chance(rng, 0.3):
        sk.folds(rng, -outer, outer, height * 0.55, height * 0.85, int(rng.integers(1, 4)), length=0.1, vertical=False)


def draw_dress(sk: Sketch, rng) -> None:
    """Dress: a fitted bodice (straps, sleeveless, short or long sleeves) over a long skirt: A-line, sheath, flared."""
    bodice_half = rng.uniform(0.27, 0.37)
    waist_half = bodice_half * rng.uniform(0.72, 0.92)
    waist_y = rng.uniform(0.32, 0.55)
    cut = pick(rng, ["a-line", "sheath", "flared", "mini"], [0.35, 0.2, 0.3, 0.15])
    length = {"a-line": rng.uniform(1.5, 2.3), "sheath": rng.uniform(1.4, 2.1), "flared": rng.uniform(1.4, 2.4),
              "mini": rng.uniform(1.05, 1.35)}[cut]
    hem_w = {"a-line": rng.uniform(0.5, 0.75), "sheath": bodice_half * rng.uniform(0.95, 1.15),
             "flared": rng.uniform(0.65, 0.95),
             "mini": rng.uniform(0.45, 0.65)}[cut]
    hip = (waist_half + 0.04 + (hem_w - waist_half) * 0.25, waist_y + (length - waist_y) * 0.3)
    bodice = pick(rng, ["straps", "sleeveless", "short", "long"], [0.35, 0.3, 0.22, 0.13])
    neck_half, neck_depth = rng.uniform(0.1, 0.18), rng.uniform(0.06, 0.2)
    armpit_y = rng.uniform(0.22, 0.3)
    if bodice == "straps":  # a straight or sweetheart top edge, thin straps rising from it
        half = [smooth(0, rng.uniform(0.0, 0.08)), smooth(bodice_half * 0.55, rng.uniform(-0.05, 0.0)),
                corner(bodice_half + 0.01, 0.03)]
        strap_x = bodice_half * rng.uniform(0.45, 0.7)
        sk.line([corner(strap_x, 0.0), corner(strap_x * rng.uniform(0.7, 1.0), -rng.uniform(0.2, 0.35))], weight=1.0,
                mirrored=True)
        armpit_y = 0.03
    elif bodice == "sleeveless":
        half = [smooth(0, neck_depth), corner(neck_half, -0.12), corner(neck_half + rng.uniform(0.05, 0.1), -0.11),
                smooth(bodice_half - 0.03, armpit_y * 0.4 - 0.05),
                corner(bodice_half, armpit_y)]
    elif bodice == "short":
        shoulder = np.array([bodice_half + 0.04, -0.08])
        out = shoulder + np.array([rng.uniform(0.1, 0.18), rng.uniform(0.1, 0.18)])
        half = [smooth(0, neck_depth), corner(neck_half, -0.12), corner(*shoulder), corner(*out),
                corner(out[0] - 0.08, out[1] + 0.08), corner(bodice_half, armpit_y)]
    else:  # long narrow sleeves down the sides
        shoulder = np.array([bodice_half + 0.04, -0.08])
        cuff = np.array([bodice_half + rng.uniform(0.2, 0.32), waist_y + rng.uniform(0.3, 0.5)])
        half = [smooth(0, neck_depth), corner(neck_half, -0.12), corner(*shoulder), corner(*cuff),
                corner(cuff[0] - 0.1, cuff[1] + 0.03), corner(bodice_half, armpit_y + 0.05)]
    half += [smooth(waist_half, waist_y), smooth(*hip)]
    if cut == "flared" and chance(rng, 0.5):  # a wavy, flounced hem
        xs = np.linspace(hem_w, 0, 6)
        half += [corner(hem_w, length)] + [smooth(x, length + (0.04 if i % 2 else -0.01)) for i,
                                           x in enumerate(xs[1:-1], 1)]
        half += [smooth(0, length)]
    else:
        half += [corner(hem_w, length), smooth(0, length + rng.uniform(0.0, 0.05))]
    sk.body(mirror(half))
    waist = pick(rng, ["seam", "belt", "bow", "none"], [0.35, 0.2, 0.15, 0.3])
    if waist in ("seam", "belt", "bow"):
        sk.line([corner(-waist_half - 0.1, waist_y), corner(waist_half + 0.1, waist_y)], clip=True)
    if waist in ("belt", "bow"):
        sk.line([corner(-waist_half - 0.1, waist_y + 0.06), corner(waist_half + 0.1, waist_y + 0.06)], clip=True)
        if waist == "belt":
            sk.loop(box(-0.05, waist_y - 0.015, 0.05, waist_y + 0.075), weight=0.9)
        else:
            sk.loop([corner(0, waist_y + 0.03), smooth(-0.1, waist_y - 0.04), smooth(-0.12, waist_y + 0.08)],
                    weight=0.9)
            sk.loop([corner(0, waist_y + 0.03), smooth(0.1, waist_y - 0.04), smooth(0.12, waist_y + 0.08)], weight=0.9)
    skirt = pick(rng, ["folds", "tiers", "dots", "buttons", "none"], [0.35, 0.15, 0.1, 0.1, 0.3])
    if skirt == "folds":  # pleats fanning out from the waist
        n = int(rng.integers(2, 5))
        for t in np.linspace(-0.7, 0.7, n):
            sk.line([corner(t * waist_half, waist_y + 0.08),
                     smooth(t * (waist_half + hem_w) / 2,
                            (waist_y + length) / 2), corner(t * hem_w * 0.95, length - 0.03)],
                    weight=0.6)
    elif skirt == "tiers":
        for y in np.linspace(waist_y + (length - waist_y) * 0.35, length - 0.08, int(rng.integers(2, 4))):
            sk.line([corner(-3, y), smooth(0, y + 0.03), corner(3, y)], clip=True)
    elif skirt == "dots":
        for _ in range(int(rng.integers(8, 18))):
            y = rng.uniform(0.05, length - 0.05)
            sk.dot(rng.uniform(-1, 1) * (bodice_half if y < waist_y else hem_w * 0.8), y, 0.025)
    elif skirt == "buttons":
        for y in np.linspace(max(neck_depth, 0.02) + 0.05, waist_y + (length - waist_y) * 0.5, int(rng.integers(4, 8))):
            sk.dot(0.0, y, 0.018)
    if chance(rng, 0.35):
        y = length - rng.uniform(0.04, 0.08)
        sk.line([corner(-3, y), corner(3, y)], weight=0.8, clip=True)


# -------------------------------------------------------------- footwear (classes 5, 7, 9), toe at the left


def _sole_y(x: float, heel: float) -> float:
    """Height of the sole's underside: on the ground under the toes, up to `heel` under the heel."""
    t = np.clip((x - 0.3) / 0.42, 0, 1)
    return -heel * float(t * t * (3 - 2 * t))


def _sole(sk: Sketch, rng, heel: float, thick: float, kind: str) -> None:
    """The sole as a band following the foot's arch, and a heel under it (none, block or stiletto)."""
    xs = np.array([0.04, 0.2, 0.35, 0.5, 0.62, 0.74, 0.98])
    bottom = [smooth(-0.005, -thick * 0.5)] + [corner(x, _sole_y(x, heel)) if x in (0.04, 0.98)
                                               else smooth(x, _sole_y(x, heel))
                                               for x in xs]
    top = [corner(x, _sole_y(x, heel) - thick) if x in (0.04, 0.98) else smooth(x, _sole_y(x, heel) - thick)
           for x in xs[::-1]]
    sk.body(bottom + [smooth(1.005, _sole_y(1.0, heel) - thick * 0.5)] + top)
    if heel > 0.06:
        if kind == "stiletto":
            sk.body([corner(0.8, -heel), corner(0.98, -heel), corner(0.955, 0), corner(0.925, 0),
                     smooth(0.88, -heel * 0.55)])
        else:  # a block heel, slightly tapered
            front = rng.uniform(0.72, 0.82)
            sk.body([corner(front, -heel), corner(0.98, -heel), corner(0.96, 0), corner(front + 0.05, 0)])
            if chance(rng, 0.4):  # stacked-leather layers
                for y in np.linspace(-heel * 0.75, -heel * 0.25, 2):
                    sk.line([corner(0.74, y), corner(0.97, y)], weight=0.5)


def draw_sneaker(sk: Sketch, rng) -> None:
    """Sneaker: a low, closed shoe on a thick sole with tread, laces across the instep; high-tops sometimes."""
    sk.fine = 0.04
    sole = rng.uniform(0.07, 0.14)
    toe = rng.uniform(0.13, 0.2)
    collar = rng.uniform(0.32, 0.45)
    high = chance(rng, 0.12)
    throat = np.array([rng.uniform(0.45, 0.55), -collar * rng.uniform(0.8, 0.92)])
    vamp = np.array([rng.uniform(0.22, 0.3), -toe - rng.uniform(0.05, 0.09)])
    if high:  # up over the ankle, laced to the top
        collar = rng.uniform(0.6, 0.8)
        upper = [corner(0.03, -sole), smooth(0.0, -sole - (toe - sole) * 0.5), smooth(0.07, -toe), smooth(*vamp),
                 smooth(0.45, -collar * 0.6), corner(0.52, -collar), corner(0.86, -collar - 0.02),
                 smooth(0.96, -collar * 0.55),
                 corner(0.98, -sole)]
        throat = np.array([0.52, -collar])
    else:
        upper = [corner(0.03, -sole), smooth(0.0, -sole - (toe - sole) * 0.5), smooth(0.07, -toe), smooth(*vamp),
                 corner(*throat)]
        if chance(rng, 0.5):  # the tongue sticking out of the opening
            upper += [corner(throat[0] + 0.03, throat[1] - rng.uniform(0.05, 0.1)),
                      corner(throat[0] + 0.1, throat[1] - 0.03)]
        upper += [smooth(0.72, -collar * rng.uniform(0.78, 0.9)), corner(0.9, -collar), smooth(0.995, -collar * 0.55),
                  corner(0.98, -sole)]
    sk.body(upper)
    sk.body([corner(0.03, -sole), corner(0.985, -sole), smooth(1.01, -sole * 0.5), corner(0.97, 0.0),
             smooth(0.5, 0.005), corner(0.07, 0.0),
             smooth(-0.015, -sole * 0.45)])
    tread = pick(rng, ["ticks", "line", "zigzag", "none"], [0.35, 0.3, 0.2, 0.15])
    if tread == "ticks":
        for x in np.linspace(0.1, 0.9, int(rng.integers(6, 12))):
            sk.line([corner(x, -sole * 0.15), corner(x + 0.01, -sole * 0.55)], weight=0.6)
    elif tread == "line":
        sk.line([corner(0.0, -sole * 0.45), corner(1.0, -sole * 0.45)], weight=0.7, clip=True)
    elif tread == "zigzag":
        xs = np.linspace(0.06, 0.94, 14)
        sk.line([corner(x, -sole * (0.25 if i % 2 else 0.7)) for i, x in enumerate(xs)], weight=0.6)
    if high or chance(rng, 0.7):  # laces: crossing ticks from the vamp up to the throat, with eyelets
        n = int(rng.integers(3, 7))
        for t in np.linspace(0.1, 0.95, n):
            p = vamp + (throat - vamp) * t
            sk.line([corner(p[0] - 0.035, p[1] - 0.01), corner(p[0] + 0.05, p[1] + 0.035)], weight=0.8)
            if chance(rng, 0.5):
                sk.dot(p[0] + 0.05, p[1] + 0.05, 0.012)
    if chance(rng, 0.6):  # the toe cap
        sk.line([corner(0.2, -sole), smooth(0.14, -toe * 0.8), corner(0.09, -toe * 0.98)], weight=0.8)
    side = pick(rng, ["swoosh", "stripes", "panel", "none"], [0.3, 0.25, 0.2, 0.25])
    if side == "swoosh":
        sk.line([corner(0.3, -sole - 0.03), smooth(0.6, -sole - 0.04), corner(0.85, -collar * 0.75)], weight=1.1)
    elif side == "stripes":
        for k in range(3):
            x = 0.45 + k * 0.07
            sk.line([corner(x, -sole - 0.02), corner(x + 0.1, -collar * 0.75)], weight=0.9)
    elif side == "panel":  # the heel counter
        sk.line([corner(0.72, -sole), smooth(0.74, -collar * 0.5), corner(0.85, -collar * 0.85)], weight=0.8)
    if high and chance(rng, 0.6):  # an ankle patch
        sk.loop(ellipse(0.78, -collar * 0.65, 0.06, 0.06))
    if chance(rng, 0.4):  # the heel tab
        sk.loop(box(0.9, -collar - 0.06, 0.96, -collar * 0.75), weight=0.8)


def draw_sandal(sk: Sketch, rng) -> None:
    """Sandal: a sole (flat or heeled) and open straps over the foot: strappy, slide, thong or with an ankle strap."""
    sk.fine = 0.03  # thin soles and straps
    heel = pick(rng, [rng.uniform(0.0, 0.04), rng.uniform(0.12, 0.25), rng.uniform(0.25, 0.42)], [0.45, 0.3, 0.25])
    thick = rng.uniform(0.035, 0.08)
    heel_kind = pick(rng, ["block", "stiletto"]) if heel > 0.2 else "block"
    _sole(sk, rng, heel, thick, heel_kind)
    style = pick(rng, ["strappy", "slide", "thong", "ankle"], [0.3, 0.2, 0.2, 0.3])
    instep = rng.uniform(0.22, 0.32)  # height of the (unseen) foot at the instep

    def sole_top(x):
        return _sole_y(x, heel) - thick

    def foot_top(x):
        """The top of the unseen foot: low at the toes, rising to the instep and the ankle."""
        t = np.clip((x - 0.02) / 0.6, 0, 1)
        return sole_top(x) - 0.06 - (instep - 0.06) * float(t * t * (3 - 2 * t))

    def strap(x0, x1, width, band=True, lift=1.0):
        """A strap over the foot from one point of the sole to another, as high as the foot there."""
        a, b = np.array([x0, sole_top(x0)]), np.array([x1, sole_top(x1)])
        middle_x = (x0 + x1) / 2
        peak = np.array([middle_x + (x1 - x0) * 0.1, foot_top(middle_x) * lift + sole_top(middle_x) * (1 - lift)])
        outer = [corner(*a), smooth(a[0] + (peak[0] - a[0]) * 0.35, (a[1] + peak[1]) / 2 - 0.01), smooth(*peak),
                 smooth(b[0] - (b[0] - peak[0]) * 0.35, (b[1] + peak[1]) / 2 - 0.01), corner(*b)]
        if band:
            inner = [corner(b[0] - width, b[1]), smooth(peak[0], peak[1] + width), corner(a[0] + width, a[1])]
            sk.body(outer + inner)
        else:
            sk.line(outer, weight=1.6)

    band = chance(rng, 0.65)
    if style == "slide":  # one wide band over the front of the foot
        strap(rng.uniform(0.06, 0.14), rng.uniform(0.45, 0.6), rng.uniform(0.07, 0.12), lift=rng.uniform(0.85, 1.05))
    elif style == "thong":  # a post between the toes, straps back to the sides
        post = np.array([rng.uniform(0.18, 0.25), sole_top(0.2)])
        apex_x = post[0] + rng.uniform(0.08, 0.15)
        apex = np.array([apex_x, sole_top(apex_x) + (foot_top(apex_x) - sole_top(apex_x)) * rng.uniform(0.8, 1.0)])
        back = np.array([rng.uniform(0.5, 0.62), sole_top(0.56)])
        sk.line([corner(*post), corner(*apex), smooth(*((apex + back) / 2 - np.array([0, 0.03]))), corner(*back)],
                weight=1.6)
        sk.dot(apex[0], apex[1], 0.02)
    else:  # thin straps, some crossing
        n = int(rng.integers(2, 5))
        x0 = rng.uniform(0.04, 0.1)
        for i in range(n):
            span = rng.uniform(0.16, 0.3)
            strap(x0, min(x0 + span, 0.75), rng.uniform(0.03, 0.05), band, lift=rng.uniform(0.8, 1.0))
            x0 += rng.uniform(0.08, 0.16)
    if style == "ankle" or (style == "strappy" and chance(rng, 0.6)):
        # a loop round the ankle, joined to the heel by a back strap, with a buckle
        ankle_x, ankle_y = rng.uniform(0.7, 0.8), foot_top(0.8) - rng.uniform(0.05, 0.15)
        rx, ry = rng.uniform(0.1, 0.15), rng.uniform(0.03, 0.05)
        sk.loop(ellipse(ankle_x, ankle_y, rx, ry, turn=0.2), weight=1.3)
        sk.line([corner(0.97, sole_top(0.97)), smooth(0.955, (ankle_y + sole_top(0.96)) / 2),
                 corner(ankle_x + rx * 0.85, ankle_y + ry * 0.5)],
                weight=1.5)
        sk.loop(box(ankle_x - rx - 0.02, ankle_y - 0.03, ankle_x - rx + 0.03, ankle_y + 0.03), weight=0.8)
        if style == "ankle" and chance(rng, 0.5):  # a strap from the instep up to the ankle loop
            sk.line([corner(0.5, foot_top(0.5) + 0.02), corner(ankle_x - rx * 0.5, ankle_y + ry)], weight=1.3)
    if chance(rng, 0.35):  # the footbed line along the sole
        sk.line([corner(0.03, sole_top(0.03) + thick * 0.5), smooth(0.5, sole_top(0.5) + thick * 0.5),
                 corner(0.98, sole_top(0.98) + thick * 0.5)], weight=0.5, clip=True)


def draw_ankle_boot(sk: Sketch, rng) -> None:
    """Ankle boot: a closed shoe with a shaft up past the ankle; flat, block or high heel; zip, laces or gusset."""
    heel = pick(rng, [rng.uniform(0.0, 0.04), rng.uniform(0.08, 0.2), rng.uniform(0.22, 0.38)], [0.35, 0.4, 0.25])
    thick = rng.uniform(0.04, 0.09)
    shaft = rng.uniform(0.65, 1.05) + heel * 0.6
    _sole(sk, rng, heel, thick, pick(rng, ["block", "stiletto"]) if heel > 0.2 else "block")
    top_front = rng.uniform(0.44, 0.58)
    back = rng.uniform(0.88, 0.95)
    sole_top = [_sole_y(x, heel) - thick for x in (0.04, 0.35, 0.6, 0.98)]
    toe_h = rng.uniform(0.17, 0.24)
    boot = [corner(0.04, sole_top[0]), smooth(0.0, sole_top[0] - 0.05), smooth(0.07, -toe_h - heel * 0.15),
            smooth(0.3, -toe_h - 0.06 - heel * 0.6), smooth(top_front - 0.05, -shaft * 0.45 - heel * 0.5),
            corner(top_front, -shaft), corner(back, -shaft - rng.uniform(0.0, 0.04)), smooth(back + 0.02, -shaft * 0.5),
            smooth(0.995, sole_top[3] - 0.1), corner(0.98, sole_top[3]), smooth(0.6, sole_top[2]),
            smooth(0.35, sole_top[1])]
    sk.body(boot)
    fasten = pick(rng, ["zip", "laces", "gusset", "buckle", "none"], [0.2, 0.25, 0.2, 0.15, 0.2])
    if fasten == "zip":
        sk.line([corner(top_front + 0.07, -shaft), corner(top_front + 0.05, -shaft * 0.35)], weight=0.8)
        sk.loop(box(top_front + 0.05, -shaft, top_front + 0.1, -shaft + 0.08), weight=0.6)
    elif fasten == "laces":
        # crossing ticks just inside the front edge, from the instep to the top
        p0 = np.array([0.42, -toe_h - 0.01 - heel * 0.6])
        p1 = np.array([top_front + 0.07, -shaft + 0.08])
        for t in np.linspace(0.0, 1.0, int(rng.integers(4, 8))):
            p = p0 + (p1 - p0) * t
            sk.line([corner(p[0] - 0.03, p[1] - 0.015), corner(p[0] + 0.04, p[1] + 0.025)], weight=0.8)
    elif fasten == "gusset":  # the elastic side panel of a Chelsea boot
        gusset_x = (top_front + back) / 2
        sk.loop([corner(gusset_x - 0.1, -shaft), smooth(gusset_x - 0.05, -shaft * 0.55),
                 smooth(gusset_x, -shaft * 0.45), smooth(gusset_x + 0.05, -shaft * 0.55),
                 corner(gusset_x + 0.1, -shaft)], weight=0.9)
    elif fasten == "buckle":
        y = -shaft * rng.uniform(0.6, 0.8)
        sk.line([corner(top_front - 0.02, y), corner(back + 0.03, y + 0.02)], clip=True)
        sk.line([corner(top_front - 0.02, y + 0.06), corner(back + 0.03, y + 0.08)], clip=True)
        sk.loop(box(top_front + 0.1, y - 0.02, top_front + 0.16, y + 0.09), weight=0.8)
    if chance(rng, 0.5):  # the toe cap / vamp seam
        sk.line([corner(0.25, sole_top[0] + 0.005), smooth(0.2, -toe_h * 0.8), corner(0.15, -toe_h - 0.02)], weight=0.7)
    if chance(rng, 0.35):  # a pull tab at the back
        sk.loop(box(back - 0.02, -shaft - 0.08, back + 0.04, -shaft + 0.04), weight=0.8)
    if chance(rng, 0.3):  # a welt line along the sole
        sk.line([corner(0.02, sole_top[0] - 0.03), smooth(0.35, sole_top[1] - 0.03), corner(0.98, sole_top[3] - 0.03)],
                weight=0.5, clip=True)


# --------------------------------------------------------------------------- bag (class 8), from the front


def draw_bag(sk: Sketch, rng) -> None:
    """Bag: a body (tote, handbag, clutch or backpack) with one or two handles or a shoulder strap, flap, clasp."""
    kind = pick(rng, ["tote", "handbag", "clutch", "backpack"], [0.3, 0.35, 0.15, 0.2])
    bottom_half = 0.5
    if kind == "tote":  # wide at the top, straight sides
        h, top_half = rng.uniform(0.6, 0.95), bottom_half * rng.uniform(0.95, 1.15)
        body = [corner(-top_half, 0), corner(top_half, 0), corner(bottom_half, h), corner(-bottom_half, h)]
        if chance(rng, 0.5):
            body = [corner(-top_half, 0), corner(top_half, 0), smooth(bottom_half, h - 0.08),
                    corner(bottom_half - 0.06, h), corner(-bottom_half + 0.06, h), smooth(-bottom_half, h - 0.08)]
    elif kind == "handbag":  # a trapezoid, narrow top, rounded base corners
        h, top_half = rng.uniform(0.5, 0.75), bottom_half * rng.uniform(0.65, 0.9)
        body = [corner(-top_half, 0), corner(top_half, 0), smooth(bottom_half * 0.97, h * 0.75),
                corner(bottom_half * 0.9, h), corner(-bottom_half * 0.9, h), smooth(-bottom_half * 0.97, h * 0.75)]
    elif kind == "clutch":
        h, top_half = rng.uniform(0.35, 0.5), bottom_half
        body = [corner(-bottom_half, 0), corner(bottom_half, 0), smooth(bottom_half + 0.01, h * 0.8),
                corner(bottom_half - 0.04, h), corner(-bottom_half + 0.04, h), smooth(-bottom_half - 0.01, h * 0.8)]
    else:  # backpack: tall, with a rounded top
        h, top_half = rng.uniform(0.85, 1.2), bottom_half * 0.8
        body = [corner(-bottom_half * 0.9, h * 0.2), smooth(-bottom_half * 0.7, 0.02), smooth(0, -0.02),
                smooth(bottom_half * 0.7, 0.02), corner(bottom_half * 0.9, h * 0.2),
                corner(bottom_half, h), corner(-bottom_half, h)]
    sk.body(body)

    handle = {"tote": pick(rng, ["two", "one", "strap"], [0.5, 0.3, 0.2]),
              "handbag": pick(rng, ["one", "two", "strap", "rigid"], [0.35, 0.25, 0.2, 0.2]),
              "clutch": pick(rng, ["none", "strap", "wrist"], [0.45, 0.35, 0.2]),
              "backpack": "loop"}[kind]
    thick = chance(rng, 0.5)

    def handle_arc(x, rise, width, bulge_w=0.0):
        """An arc over the top from -x to x: a band, or a single heavy line."""
        pts = [corner(-x, 0.01), smooth(-x - bulge_w, -rise * 0.65), smooth(0, -rise),
               smooth(x + bulge_w, -rise * 0.65), corner(x, 0.01)]
        if thick:
            inner = [corner(x - width, 0.01), smooth(x - width + bulge_w, -rise * 0.6 + width),
                     smooth(0, -rise + width),
                     smooth(-x + width - bulge_w, -rise * 0.6 + width), corner(-x + width, 0.01)]
            sk.body(pts + inner)
        else:
            sk.line(pts, weight=1.6)

    if handle == "one":
        handle_arc(top_half * rng.uniform(0.4, 0.75), rng.uniform(0.25, 0.5), rng.uniform(0.04, 0.07),
                   rng.uniform(0.0, 0.08))
    elif handle == "two":  # front and back handles, one a little higher
        x, rise = top_half * rng.uniform(0.35, 0.6), rng.uniform(0.25, 0.45)
        handle_arc(x, rise, 0.05)
        handle_arc(x * rng.uniform(0.85, 1.15), rise * rng.uniform(0.8, 0.95), 0.05)
    elif handle == "strap":  # a thin shoulder strap, long: a tall arch narrowing to the top
        x, rise = top_half * rng.uniform(0.8, 1.0), rng.uniform(0.7, 1.05)
        sk.line([corner(-x, 0.02), smooth(-x * 0.8, -rise * 0.6), smooth(0, -rise), smooth(x * 0.8, -rise * 0.6),
                 corner(x, 0.02)], weight=0.9)
    elif handle == "rigid":  # a short stiff handle, squared off
        x, rise = top_half * rng.uniform(0.3, 0.5), rng.uniform(0.15, 0.25)
        sk.body([corner(-x, 0.01), smooth(-x, -rise * 0.8), smooth(0, -rise), smooth(x, -rise * 0.8), corner(x, 0.01),
                 corner(x - 0.06, 0.01),
                 smooth(x - 0.06, -rise * 0.6), smooth(0, -rise + 0.06), smooth(-x + 0.06, -rise * 0.6),
                 corner(-x + 0.06, 0.01)])
    elif handle == "wrist":
        sk.line([corner(top_half * 0.8, 0.02), smooth(top_half * 1.05, -0.15), smooth(top_half * 1.25, -0.05),
                 corner(top_half, 0.05)], weight=0.9)
    elif handle == "loop":
        sk.line([corner(-0.1, 0.0), smooth(-0.09, -0.12), smooth(0, -0.15), smooth(0.09, -0.12), corner(0.1, 0.0)],
                weight=1.4)
    if handle in ("one", "two", "strap") and chance(rng, 0.4):  # rings where the handles attach
        sk.loop(ellipse(top_half * 0.6, 0.02, 0.035, 0.035), weight=0.7, mirrored=True)

    front = pick(rng, ["flap", "zip", "pocket", "plain"], [0.35, 0.25, 0.2, 0.2])
    if front == "flap":  # a flap over the top, with a clasp at its point
        flap_y = h * rng.uniform(0.35, 0.55)
        pointed = chance(rng, 0.5)
        sk.line([corner(-3, h * 0.05), smooth(-top_half * 0.8, flap_y * 0.8),
                 corner(0, flap_y) if pointed else smooth(0, flap_y), smooth(top_half * 0.8, flap_y * 0.8),
                 corner(3, h * 0.05)], clip=True)
        clasp = pick(rng, ["dot", "box", "ring"])
        if clasp == "dot":
            sk.dot(0, flap_y, 0.035)
        elif clasp == "box":
            sk.loop(box(-0.06, flap_y - 0.03, 0.06, flap_y + 0.05), weight=0.8)
        else:
            sk.loop(ellipse(0, flap_y, 0.05, 0.05), weight=0.8)
    elif front == "zip":
        sk.line([corner(-top_half * 0.9, 0.06), corner(top_half * 0.9, 0.06)], weight=0.8)
        sk.loop(box(top_half * 0.5, 0.06, top_half * 0.56, 0.16), weight=0.6)
    elif front == "pocket":
        sk.loop(box(-bottom_half * 0.6, h * 0.45, bottom_half * 0.6, h * 0.88), weight=0.9)
        if chance(rng, 0.5):
            sk.line([corner(-bottom_half * 0.6, h * 0.55), corner(bottom_half * 0.6, h * 0.55)], weight=0.7)
    if chance(rng, 0.35):  # stitching just inside the edge
        sk.line([corner(-3, h - 0.05), corner(3, h - 0.05)], weight=0.5, clip=True)
    if kind == "backpack" and chance(rng, 0.7):  # the shoulder straps peeking out at the sides
        sk.line([corner(bottom_half * 0.7, h * 0.15), smooth(bottom_half * 1.08, h * 0.5),
                 corner(bottom_half * 0.95, h * 0.95)], weight=1.5, mirrored=True)


DRAWERS = (draw_tshirt, draw_trousers, draw_pullover, draw_dress, draw_coat,
           draw_sandal, draw_shirt, draw_sneaker, draw_bag, draw_ankle_boot)


# --------------------------------------------------------------------------- curves


def _hermite_basis(m: int) -> np.ndarray:
    t = np.linspace(0, 1, m + 1)[:-1]
    return np.stack([2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t, -2 * t**3 + 3 * t**2, t**3 - t**2])


_BASIS = _hermite_basis(SAMPLES)


def _norm(v: np.ndarray) -> np.ndarray:
    return np.maximum(np.hypot(v[:, 0], v[:, 1]), 1e-9)[:, None]


def curve(ctrl: np.ndarray, closed: bool) -> np.ndarray:
    """Control points -> a dense polyline through them.

    A cubic Hermite curve per segment. At a smooth point the tangent runs parallel to the chord
    of its neighbours (Catmull-Rom); at a corner each side points at its own neighbour, so
    straight edges between corners stay straight. Tangent lengths follow each segment's length,
    so short segments next to long ones do not overshoot into loops.
    """
    p, corner = ctrl[:, :2], ctrl[:, 2] > 0
    n = len(p)
    if closed:
        nxt, prv = np.roll(p, -1, 0), np.roll(p, 1, 0)
    else:
        nxt, prv = np.concatenate([p[1:], p[-1:]]), np.concatenate([p[:1], p[:-1]])
    d_out, d_in = nxt - p, p - prv
    l_out, l_in = _norm(d_out), _norm(d_in)
    through = (nxt - prv) / _norm(nxt - prv)
    dir_out = np.where(corner[:, None], d_out / l_out, through)
    dir_in = np.where(corner[:, None], d_in / l_in, through)
    if not closed:  # the ends point along their only neighbour
        dir_out[0] = dir_in[0] = d_out[0] / l_out[0]
        dir_out[-1] = dir_in[-1] = d_in[-1] / l_in[-1]
    k = n if closed else n - 1
    a, b = p[:k], nxt[:k]
    ta = (dir_out * l_out)[:k]
    tb = np.roll(dir_in * l_in, -1, 0)[:k]
    h = _BASIS[:, None, :, None]
    pts = h[0] * a[:, None] + h[1] * ta[:, None] + h[2] * b[:, None] + h[3] * tb[:, None]
    pts = pts.reshape(-1, 2)
    return pts if closed else np.concatenate([pts, p[-1:]])


# --------------------------------------------------------------------------- pen and paper


@dataclass
class Style:
    pen: int            # ink gray, 0 (black) .. 120
    width: float        # outline width in px on a 448 canvas
    detail: float       # detail line width, same units
    outline: str        # "single", "double", "dashed" or "dotted"
    pressure: bool      # the width swells and thins along each stroke
    fill: str           # "none", "solid", "hatch" or "stipple"
    fill_gray: int      # for "solid"
    gap: float          # 0, or the share of the main outline left open
    wobble: float       # low-frequency noise, as a share of the garment's size
    angle: float        # degrees
    flip: bool
    span: float         # the garment's longer side, as a share of the canvas
    offset: tuple[float, float]  # where it sits in the free room, -1..1 each way


def _style(rng: np.random.Generator) -> Style:
    """One drawing's pen, fill and placement, drawn at random."""
    pen = int(rng.integers(0, 26)) if chance(rng, 0.7) else int(rng.integers(30, 121))
    width = float(np.exp(rng.uniform(math.log(2), math.log(24))))
    outline = pick(rng, ["single", "double", "dashed", "dotted"], [0.72, 0.12, 0.09, 0.07])
    fill = pick(rng, ["none", "solid", "hatch", "stipple"], [0.55, 0.2, 0.15, 0.1])
    if fill in ("hatch", "stipple") and outline in ("dashed", "dotted"):
        outline = "single"  # a broken outline would vanish into the texture
    fill_gray = int(rng.integers(0, 40)) if chance(rng, 0.55) else int(rng.integers(80, 161))
    detail = min(10.0, max(1.5, width * rng.uniform(0.35, 0.95)))
    angle = rng.uniform(-15, 15) if chance(rng, 0.6) else rng.uniform(-3, 3)
    spread = 1 if chance(rng, 0.35) else 0.15  # how far off the centre the garment may sit
    off = (rng.uniform(-spread, spread), rng.uniform(-spread, spread))
    return Style(pen=pen, width=width, detail=detail, outline=outline, pressure=chance(rng, 0.25), fill=fill,
                 fill_gray=fill_gray, gap=rng.uniform(0.03, 0.1) if chance(rng, 0.15) else 0.0,
                 wobble=rng.uniform(0.002, 0.014), angle=angle, flip=chance(rng, 0.5),
                 span=0.35 + 0.6 * math.sqrt(rng.random()), offset=off)


def _wobble(pts: np.ndarray, seen: np.ndarray, amount: float, rng) -> np.ndarray:
    """Smooth low-frequency noise: a few random sine waves over the garment, moving every point a little."""
    lo, hi = pts[seen].min(0), pts[seen].max(0)
    q = (pts - lo) / max(float((hi - lo).max()), 1e-9)
    out = pts.copy()
    extent = float((hi - lo).max())
    for axis in (0, 1):
        for _ in range(3):
            f = rng.uniform(0.5, 2.2, 2) * rng.choice([-1, 1], 2)
            out[:, axis] += amount * extent / 2 * np.sin(2 * np.pi * (q @ f) + rng.uniform(0, 2 * np.pi))
    return out


def _place(pts: np.ndarray, seen: np.ndarray, style: Style, size: int, margin: float, shrink: float) -> np.ndarray:
    """Mirror, rotate, scale and move garment points onto the canvas (pixels); `seen` marks the points
    that count for the garment's extent (clipped lines may run far outside it)."""
    if style.flip:
        pts = pts * np.array([-1.0, 1.0])
    a = math.radians(style.angle)
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    pts = pts @ rot
    lo, hi = pts[seen].min(0), pts[seen].max(0)
    extent = np.maximum(hi - lo, 1e-9)
    room = size - 2 * margin
    scale = min(style.span * shrink * size / float(extent.max()), room / float(extent.max()))
    free = room - extent * scale  # left over on each axis
    centre = size / 2 + np.array(style.offset) * free / 2
    return (pts - (lo + hi) / 2) * scale + centre


def _line(draw: ImageDraw.ImageDraw, pts: np.ndarray, width: float, ink: int, caps: bool = True) -> None:
    w = max(1, int(round(width)))
    if len(pts) < 2:
        return
    draw.line(pts.ravel().tolist(), fill=ink, width=w, joint="curve" if w > 2 else None)
    if caps and w > 3:  # round ends
        r = w / 2 - 0.5
        for x, y in (pts[0], pts[-1]):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)


def _stroke(draw, pts: np.ndarray, width: float, style: Style, rng, ink: int = 255, dashes: bool = True) -> None:
    """One pen stroke along a polyline, in the style's manner (dashed, dotted, with pressure)."""
    if len(pts) < 2:
        return
    if dashes and style.outline in ("dashed", "dotted"):
        along = arclength(pts)
        if style.outline == "dotted":
            step = max(width * rng.uniform(1.8, 3.0), 3.0)
            at = np.arange(rng.uniform(0, step), along[-1], step)
            xs, ys = np.interp(at, along, pts[:, 0]), np.interp(at, along, pts[:, 1])
            r = max(width * 0.6, 1.0)
            for x, y in zip(xs, ys):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
            return
        on = width * rng.uniform(2.5, 5) + 6
        period = on + width * rng.uniform(1.8, 3.0) + 4  # the round caps eat one width of the gap
        phase = (along + rng.uniform(0, period)) % period < on
        edges = np.flatnonzero(np.diff(np.concatenate([[0], phase.astype(np.int8), [0]])))
        for first, last in zip(edges[::2], edges[1::2]):
            _line(draw, pts[first:last + 1], width, ink)
        return
    if style.pressure and len(pts) > 8:  # pieces of changing width, joined by round dabs
        along = arclength(pts)
        total = max(along[-1], 1e-6)
        f, ph = rng.uniform(0.7, 2.5), rng.uniform(0, 2 * np.pi)
        cuts = np.unique(np.searchsorted(along, np.linspace(0, total, max(2, int(total / 25)) + 1)))
        cuts[-1] = len(pts) - 1
        for first, last in zip(cuts[:-1], cuts[1:]):
            t = along[(first + last) // 2] / total
            nib = width * (0.45 + 0.75 * (0.5 + 0.5 * math.sin(2 * np.pi * f * t + ph)))
            _line(draw, pts[first:last + 1], nib, ink)
        return
    _line(draw, pts, width, ink)


def _dilate(mask: np.ndarray, r: int) -> np.ndarray:
    """Grow True pixels into discs of radius r (r small)."""
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if (dx or dy) and dx * dx + dy * dy <= r * r + r:
                out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] |= \
                    mask[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def _render(sk: Sketch, style: Style, rng, size: int, shrink: float) -> np.ndarray:
    """The garment's parts -> a uint8 gray canvas (white paper, gray ink)."""
    k = size / SIZE
    dense = [curve(p.ctrl, p.closed) for p in sk.parts]
    sizes = np.cumsum([len(d) for d in dense])[:-1]
    seen = np.concatenate([np.full(len(d), not p.clip) for p, d in zip(sk.parts, dense)])
    allpts = _wobble(np.concatenate(dense), seen, style.wobble, rng)
    # a thick pen on a small garment would swallow it: keep the line under ~5 % of the garment's size
    long_side = style.span * shrink * size
    cap = long_side * sk.fine * (0.6 if style.outline in ("dashed", "dotted") else 1.0)
    width = max(1.0, min(style.width * k, cap))
    detail = max(1.0, min(style.detail * k, cap * 0.6))
    double_w = width * 2 + max(2.0, width * 0.8)  # two lines of `width` with a paper gap between
    widest = max(double_w if style.outline == "double" else width * 1.25, detail * 1.6)
    allpts = _place(allpts, seen, style, size, MARGIN + widest / 2 + 1, shrink)
    dense = np.split(allpts, sizes)

    bodies = [(p, d) for p, d in zip(sk.parts, dense) if p.role == "body"]
    mask_im = Image.new("L", (size, size), 0)
    mdraw = ImageDraw.Draw(mask_im)
    for _, d in bodies:
        mdraw.polygon(d.ravel().tolist(), fill=255)
    mask = np.asarray(mask_im) > 0

    canvas = np.full((size, size), 255, np.uint8)
    if style.fill == "solid":
        canvas[mask] = style.fill_gray
    elif style.fill == "hatch":  # parallel lines (one or two directions) clipped to the silhouette
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
        step = max(3.0, rng.uniform(5, 14) * k)
        lw = max(1.0, rng.uniform(1, 2.5) * k)
        a = math.radians(pick(rng, [45, -45]) + rng.uniform(-15, 15))
        hatch = (xx * math.cos(a) + yy * math.sin(a)) % step < lw
        if chance(rng, 0.35):
            hatch |= (xx * math.cos(a + np.pi / 2) + yy * math.sin(a + np.pi / 2)) % step < lw
        canvas[mask & hatch] = style.pen
    elif style.fill == "stipple":  # dots scattered over the silhouette
        where = np.flatnonzero(mask)
        spacing = max(3.0, rng.uniform(5, 12) * k)
        n = int(len(where) / spacing**2)
        dots = np.zeros(size * size, bool)
        if n and len(where):
            dots[where[rng.integers(0, len(where), n)]] = True
        dots = _dilate(dots.reshape(size, size), max(0, int(round(rng.uniform(0.6, 2.4) * k))))
        canvas[dots & mask] = style.pen

    outline_im = Image.new("L", (size, size), 0)  # the silhouette's outlines
    ink_im = Image.new("L", (size, size), 0)  # details
    clip_im = Image.new("L", (size, size), 0)  # details seen only inside the silhouette
    outline, ink, clipped = ImageDraw.Draw(outline_im), ImageDraw.Draw(ink_im), ImageDraw.Draw(clip_im)
    main = max(range(len(bodies)), key=lambda i: np.ptp(bodies[i][1], 0).prod()) if bodies else -1
    for i, (_, d) in enumerate(bodies):
        d = np.concatenate([d, d[:1]])
        if i == main and style.gap > 0:  # leave the main outline open somewhere
            along = arclength(d)
            start = rng.uniform(0, along[-1])
            d = np.concatenate([d[along >= start], d[1:][along[1:] < start]])  # the same loop, starting at `start`
            d = d[arclength(d) >= style.gap * along[-1]]
        if style.outline == "double":  # a wide line with its middle rubbed out again
            _line(outline, d, double_w, 255)
            _line(outline, d, double_w - 2 * width, 0)
        else:
            _stroke(outline, d, width, style, rng)
    for p, d in zip(sk.parts, dense):
        if p.role == "body":
            continue
        target = clipped if p.clip else ink
        if p.role == "dot":
            target.polygon(d.ravel().tolist(), fill=255)
            continue
        if p.closed:
            d = np.concatenate([d, d[:1]])
        _stroke(target, d, detail * p.weight, style, rng, dashes=False)
    details = np.asarray(ink_im) > 0
    inside = (np.asarray(clip_im) > 0) & mask
    if style.fill == "solid":  # details as white lines on the silhouette (in ink off it)
        canvas[(details & mask) | inside] = 255
        canvas[details & ~mask] = style.pen
    else:
        canvas[details | inside] = style.pen
    canvas[np.asarray(outline_im) > 0] = style.pen
    b = MARGIN - 1
    canvas[:b], canvas[-b:], canvas[:, :b], canvas[:, -b:] = 255, 255, 255, 255
    return canvas


# --------------------------------------------------------------------------- the public interface


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One outline drawing of a garment of class `label`: RGB, size x size, gray ink on white paper."""
    label = check_label(label)
    sk = Sketch()
    DRAWERS[label](sk, rng)
    style = _style(rng)
    shrink = 1.0
    for _ in range(6):  # a big solid garment may cover too much paper: draw it smaller
        canvas = _render(sk, style, rng, size, shrink)
        if (canvas == 255).mean() >= MIN_PAPER + 0.02:  # a margin above the rule
            break
        shrink *= 0.85
    return Image.fromarray(canvas).convert("RGB")
