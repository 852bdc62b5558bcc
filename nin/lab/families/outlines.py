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

MARGIN = BORDER + 1       # px kept free of ink: one spare for rounding
SAMPLES = 10              # curve points per control-point segment


# --------------------------------------------------------------------------- small helpers


def c(x: float, y: float) -> tuple[float, float, float]:
    """A corner control point: the curve turns sharply here."""
    return (x, y, 1.0)


def s(x: float, y: float) -> tuple[float, float, float]:
    """A smooth control point: the curve passes through it without a kink."""
    return (x, y, 0.0)


def u(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high))


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
    return [s(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in a]


def star(cx: float, cy: float, r: float, points: int = 5) -> list:
    a = -np.pi / 2 + np.arange(2 * points) * np.pi / points
    radius = np.where(np.arange(2 * points) % 2 == 0, r, r * 0.45)
    return [c(cx + q * math.cos(t), cy + q * math.sin(t)) for q, t in zip(radius, a)]


def box(x0: float, y0: float, x1: float, y1: float) -> list:
    return [c(x0, y0), c(x1, y0), c(x1, y1), c(x0, y1)]


def arc(p0, p1, bulge: float) -> list:
    """Three control points from p0 to p1, the middle pushed sideways by `bulge` (left of p0->p1 for > 0)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    n = np.array([d[1], -d[0]]) / max(np.hypot(*d), 1e-9)
    m = (p0 + p1) / 2 + n * bulge
    return [c(*p0), s(*m), c(*p1)]


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
            p = np.array([u(rng, x0, x1), u(rng, y0, y1)])
            a = (math.pi / 2 if vertical else 0.0) + u(rng, -0.5, 0.5)
            q = p + length * u(rng, 0.6, 1.3) * np.array([math.cos(a), math.sin(a)])
            self.line(arc(p, q, length * u(rng, -0.25, 0.25)), weight=0.7)


# --------------------------------------------------------------------------- tops (classes 0, 2, 4, 6)


@dataclass
class Top:
    """Key points of a front-view top (right side), for placing details."""
    w: float
    length: float
    flare: float
    nw: float
    nd: float
    shoulder: np.ndarray
    armpit: np.ndarray
    outer: np.ndarray | None   # sleeve end, outer corner
    inner: np.ndarray | None   # sleeve end, inner corner
    along: np.ndarray | None   # unit vector down the sleeve

    def side_x(self, y: float) -> float:
        """x of the body's right side at height y (between armpit and hem)."""
        t = np.clip((y - self.armpit[1]) / max(self.length - self.armpit[1], 1e-6), 0, 1)
        return float(self.w + self.flare * t)


def _unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / max(float(np.hypot(*v)), 1e-9)


def _top(sk: Sketch, rng, *, w, length, flare, nw, nd, drop, sleeve, v_neck=False, separate=False,
         hem_curve=0.0, hem_lift=0.0, hem_notch=0.0, sleeve_top=None, shoulder_x=None) -> Top:
    """Body and sleeves of a front-view top: one outline, or a body with sleeves as separate shapes.

    sleeve: None, ("short", angle_deg, length, opening) or ("long", gap, cuff_y, cuff_width).
    """
    shoulder = np.array([shoulder_x or w + u(rng, 0.0, 0.06), drop])
    outer = inner = along = None
    if sleeve is None:
        armpit = np.array([w, drop + u(rng, 0.32, 0.45)])
    elif sleeve[0] == "short":
        _, angle, sl, opening = sleeve
        a = math.radians(angle)
        along = np.array([math.cos(a), math.sin(a)])
        inward = np.array([-math.sin(a), math.cos(a)])
        # long enough that the sleeve end clears the body side
        sl = max(sl, (0.06 + opening * math.sin(a) - (shoulder[0] - w)) / max(math.cos(a), 0.2))
        outer = shoulder + along * sl
        inner = outer + inward * opening
        armpit = np.array([w, drop + (sleeve_top or opening * u(rng, 1.0, 1.2))])
    else:
        _, gap, cuff_y, cw = sleeve
        armpit = np.array([w, drop + (sleeve_top or cw * u(rng, 1.4, 1.8))])
        centre = np.array([w + flare + gap + cw / 2, cuff_y])
        for _ in range(3):  # move the cuff out until its inner corner clears the body side by `gap`
            along = _unit(centre - shoulder)
            out = np.array([along[1], -along[0]])
            inner = centre - out * cw / 2
            t = np.clip((inner[1] - armpit[1]) / max(length - armpit[1], 1e-6), 0, 1)
            centre[0] += max(0.0, w + flare * t + gap - inner[0])
        along = _unit(centre - shoulder)
        out = np.array([along[1], -along[0]])
        outer, inner = centre + out * cw / 2, centre - out * cw / 2

    neck = c(0, nd) if v_neck else s(0, nd)
    side_mid = s(w + flare * 0.45 - u(rng, 0.0, 0.04), (armpit[1] + length) / 2)
    if hem_notch > 0:  # an open coat: the fronts part at the hem
        hem = [c(w + flare, length), c(0, length - hem_notch)]
    elif hem_lift > 0:  # a shirt tail: the sides ride up, the middle hangs down
        hem = [c(w + flare, length - hem_lift), s(w * 0.55, length - hem_lift * 0.15), s(0, length + hem_curve)]
    else:
        hem = [c(w + flare, length), s(0, length + hem_curve)]

    if sleeve is None:  # armhole curves straight from shoulder to armpit
        # the armhole curves in from the strap before it sweeps out to the armpit
        hole = s(shoulder[0] + (w - shoulder[0]) * 0.25, armpit[1] * 0.75)
        half = [neck, c(nw, 0), c(*shoulder), hole, c(*armpit), side_mid] + hem
        sk.body(mirror(half))
    else:
        mid = shoulder + (outer - shoulder) * 0.5 + np.array([along[1], -along[0]]) * u(rng, 0.0, 0.025)
        if separate:  # body with armholes, and each sleeve its own closed shape overlapping it
            half = [neck, c(nw, 0), c(*shoulder), s(w + 0.01, (drop + armpit[1]) / 2), c(*armpit), side_mid] + hem
            sk.body(mirror(half))
            cap = shoulder + np.array([-0.07, 0.0])
            sk.body([c(*cap), s(*mid), c(*outer), c(*inner), c(*(armpit + np.array([-0.05, 0.0])))], mirrored=True)
        else:
            half = [neck, c(nw, 0), c(*shoulder), s(*mid), c(*outer), c(*inner), c(*armpit), side_mid] + hem
            sk.body(mirror(half))
    return Top(w, length, flare, nw, nd, shoulder, armpit, outer, inner, along)


def _sleeve_band(sk: Sketch, top: Top, depth: float, ribs: int = 0) -> None:
    """A cuff or sleeve hem: a line across the sleeve `depth` back from its end, ribbed sometimes."""
    if top.outer is None:
        return
    a, b = top.outer - top.along * depth, top.inner - top.along * depth
    sk.line([c(*a), c(*b)], mirrored=True)
    for t in np.linspace(0, 1, ribs + 2)[1:-1]:
        p = top.outer + (top.inner - top.outer) * t
        sk.line([c(*p), c(*(p - top.along * depth))], weight=0.6, mirrored=True)


def _hem_band(sk: Sketch, top: Top, depth: float, ribs: int = 0) -> None:
    """A band across the bottom (a hem line, ribbed for knits): clipped to the body."""
    y = top.length - depth
    sk.line([c(-top.w - 0.3, y), c(top.w + 0.3, y)], clip=True)
    xs = np.linspace(-top.side_x(top.length), top.side_x(top.length), ribs + 2)[1:-1]
    for x in xs:
        sk.line([c(x, y), c(x, top.length + 0.05)], weight=0.6, clip=True)


def _neck_rib(sk: Sketch, top: Top, depth: float, v_neck: bool) -> None:
    """A second line under the neckline: the neck band."""
    mid = c(0, top.nd + depth * 1.3) if v_neck else s(0, top.nd + depth)
    x = top.nw + depth * 0.8
    y = top.shoulder[1] * (x - top.nw) / max(top.shoulder[0] - top.nw, 1e-6)
    sk.line([c(-x, y), mid, c(x, y)])


def _stripes(sk: Sketch, top: Top, y0: float, y1: float, n: int, weight=1.0) -> None:
    for y in np.linspace(y0, y1, n):
        sk.line([c(-3, y), c(3, y)], weight=weight, clip=True)


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
        sk.loop([c(x, y + r), s(x - r, y - r * 0.1), s(x - r * 0.55, y - r * 0.8), c(x, y - r * 0.35),
                 s(x + r * 0.55, y - r * 0.8), s(x + r, y - r * 0.1)])
    else:
        for i in range(int(rng.integers(2, 4))):
            half = r * u(rng, 0.7, 1.4)
            sk.line([c(x - half, y + (i - 1) * r * 0.6), c(x + half, y + (i - 1) * r * 0.6)], weight=0.9)


def draw_tshirt(sk: Sketch, rng) -> None:
    """T-shirt/top: short sleeves out to the sides (or a tank top), a round or V neck, no opening."""
    w = u(rng, 0.52, 0.72)
    length = 2 * w * u(rng, 0.9, 1.3)
    v_neck = chance(rng, 0.25)
    nw, nd = u(rng, 0.16, 0.26), u(rng, 0.07, 0.16) * (1.8 if v_neck else 1.0)
    tank = chance(rng, 0.18)
    if tank:  # narrow straps and deep armholes, no sleeves
        nw, nd = u(rng, 0.2, 0.28), u(rng, 0.15, 0.3)
        top = _top(sk, rng, w=w * 0.92, length=length * 1.1, flare=u(rng, 0.0, 0.08), nw=nw, nd=nd, drop=0.02,
                   shoulder_x=nw + u(rng, 0.06, 0.12), sleeve=None, v_neck=v_neck, hem_curve=u(rng, -0.02, 0.05))
    else:
        sleeve = ("short", u(rng, 12, 45), u(rng, 0.2, 0.42), u(rng, 0.2, 0.3))
        top = _top(sk, rng, w=w, length=length, flare=u(rng, -0.03, 0.08), nw=nw, nd=nd, drop=u(rng, 0.05, 0.14),
                   sleeve=sleeve, v_neck=v_neck, separate=chance(rng, 0.3), hem_curve=u(rng, -0.03, 0.05))
        if chance(rng, 0.6):
            _sleeve_band(sk, top, u(rng, 0.04, 0.07))
    if chance(rng, 0.65):
        _neck_rib(sk, top, u(rng, 0.03, 0.06), v_neck)
    if chance(rng, 0.5):
        _hem_band(sk, top, u(rng, 0.04, 0.08))
    decor = pick(rng, ["print", "pocket", "stripes", "none"], [0.35, 0.15, 0.15, 0.35])
    if decor == "print":
        _print(sk, rng, u(rng, -0.05, 0.05), length * u(rng, 0.33, 0.45), w * u(rng, 0.15, 0.3))
    elif decor == "pocket":
        x, y, r = -w * 0.45, length * 0.28, u(rng, 0.08, 0.12)
        sk.loop(box(x - r, y - r, x + r, y + r * 1.1))
    elif decor == "stripes":
        _stripes(sk, top, length * u(rng, 0.2, 0.35), length * 0.9, int(rng.integers(3, 7)))
    if chance(rng, 0.4):
        sk.folds(rng, -w * 0.8, w * 0.8, length * 0.55, length * 0.9, int(rng.integers(1, 4)), length=0.12)


def draw_pullover(sk: Sketch, rng) -> None:
    """Pullover: long sleeves with ribbed cuffs, a ribbed hem, no front opening; crew/turtle/V neck or a hood."""
    w = u(rng, 0.5, 0.68)
    length = 2 * w * u(rng, 0.88, 1.22)
    neck = pick(rng, ["crew", "turtle", "v", "hood"], [0.45, 0.2, 0.15, 0.2])
    v_neck = neck == "v"
    nw, nd = u(rng, 0.16, 0.24), u(rng, 0.06, 0.14) * (2.2 if v_neck else 1.0)
    sleeve = ("long", u(rng, 0.02, 0.22), length * u(rng, 0.82, 1.02), u(rng, 0.15, 0.25))
    top = _top(sk, rng, w=w, length=length, flare=u(rng, -0.06, 0.04), nw=nw, nd=nd, drop=u(rng, 0.05, 0.16),
               sleeve=sleeve, v_neck=v_neck, separate=chance(rng, 0.25), hem_curve=u(rng, -0.02, 0.03))
    if neck == "turtle":  # a rolled collar standing on the neckline
        h = u(rng, 0.1, 0.2)
        sk.body([c(-nw * 1.05, 0.03), s(-nw * 0.95, -h * 0.5), c(-nw * 0.95, -h), s(0, -h - 0.02), c(nw * 0.95, -h),
                 s(nw * 0.95, -h * 0.5), c(nw * 1.05, 0.03), s(0, nd)])
        sk.line([c(-nw, -h * 0.45), s(0, -h * 0.4), c(nw, -h * 0.45)], weight=0.8)
    elif neck == "hood":  # the hood lies behind the neck, its opening a rounded slot
        h = u(rng, 0.25, 0.4)
        sk.body([c(-nw - 0.05, 0.04), s(-nw - 0.13, -h * 0.55), s(0, -h), s(nw + 0.13, -h * 0.55),
                 c(nw + 0.05, 0.04), s(0, nd + 0.04)])
        sk.loop([c(-nw * 0.6, nd), s(-nw * 0.7, -h * 0.45), s(0, -h * 0.8), s(nw * 0.7, -h * 0.45), c(nw * 0.6, nd)])
        if chance(rng, 0.7):  # drawstrings
            for x in (-0.07, 0.07):
                sk.line([c(x, nd + 0.02), s(x + u(rng, -0.02, 0.02), nd + 0.15), c(x, nd + u(rng, 0.22, 0.3))])
        if chance(rng, 0.7):  # the kangaroo pocket
            y0, y1 = length * u(rng, 0.55, 0.62), length * u(rng, 0.83, 0.88)
            sk.loop([c(-w * 0.5, y0), c(w * 0.5, y0), s(w * 0.62, (y0 + y1) / 2), c(w * 0.68, y1), c(-w * 0.68, y1),
                     s(-w * 0.62, (y0 + y1) / 2)])
    else:
        _neck_rib(sk, top, u(rng, 0.03, 0.06), v_neck)
    ribs = int(rng.integers(0, 7)) if chance(rng, 0.5) else 0
    _sleeve_band(sk, top, u(rng, 0.06, 0.13), ribs=min(ribs, 4))
    _hem_band(sk, top, u(rng, 0.06, 0.13), ribs=ribs * 2)
    pattern = pick(rng, ["none", "stripes", "cable", "band", "raglan"], [0.4, 0.15, 0.15, 0.15, 0.15])
    if pattern == "stripes":
        _stripes(sk, top, length * 0.3, length * 0.8, int(rng.integers(3, 6)))
    elif pattern == "cable":  # knitted cables: vertical zigzags
        for x in np.linspace(-w * 0.55, w * 0.55, int(rng.integers(2, 5))):
            ys = np.linspace(length * 0.18, length * 0.85, 9)
            sk.line([c(x + (0.04 if i % 2 else -0.04), y) for i, y in enumerate(ys)], weight=0.6, clip=True)
    elif pattern == "band":  # a Nordic band: a zigzag between two lines across the chest
        y = length * u(rng, 0.25, 0.4)
        _stripes(sk, top, y, y + 0.16, 2)
        xs = np.linspace(-w - 0.5, w + 0.5, 14)
        sk.line([c(x, y + (0.14 if i % 2 else 0.02)) for i, x in enumerate(xs)], weight=0.7, clip=True)
    elif pattern == "raglan":  # raglan seams from the neck to the armpits
        sk.line([c(nw * 0.9, nd * 0.3), s(w * 0.75, top.armpit[1] * 0.6), c(*top.armpit)], mirrored=True)
    if chance(rng, 0.35):
        sk.folds(rng, -w * 0.7, w * 0.7, length * 0.45, length * 0.8, int(rng.integers(1, 3)))


def draw_coat(sk: Sketch, rng) -> None:
    """Coat: long (hip to knee), long sleeves, a front opening with lapels, buttons or a zip; belt, pockets."""
    w = u(rng, 0.5, 0.66)
    length = 2 * w * u(rng, 1.15, 1.75)
    nw, nd = u(rng, 0.17, 0.24), u(rng, 0.04, 0.1)
    open_coat = chance(rng, 0.22)
    notch = u(rng, 0.1, 0.25) if open_coat else 0.0
    sleeve = ("long", u(rng, 0.02, 0.16), length * u(rng, 0.55, 0.8), u(rng, 0.18, 0.28))
    top = _top(sk, rng, w=w, length=length, flare=u(rng, 0.0, 0.12), nw=nw, nd=nd, drop=u(rng, 0.06, 0.14),
               sleeve=sleeve, separate=chance(rng, 0.25), hem_notch=notch, hem_curve=u(rng, 0.0, 0.03),
               sleeve_top=u(rng, 0.32, 0.45))
    collar = pick(rng, ["notch", "shawl", "stand", "hood"], [0.45, 0.2, 0.2, 0.15])
    vb = length * u(rng, 0.22, 0.35) if collar in ("notch", "shawl") else nd + 0.02
    off = 0.0 if open_coat else u(rng, 0.0, 0.04)
    if collar == "notch":  # lapels with the notch
        sk.line([c(nw, 0.0), c(nw + u(rng, 0.06, 0.13), vb * 0.4), c(nw + 0.02, vb * 0.5), c(off, vb)], mirrored=True)
    elif collar == "shawl":
        sk.line([c(nw, 0.0), s(nw + u(rng, 0.04, 0.1), vb * 0.55), c(off, vb)], mirrored=True)
    elif collar == "stand":  # a stand-up collar above the neckline
        h = u(rng, 0.07, 0.14)
        sk.body([c(-nw - 0.03, 0.03), c(-nw - 0.06, -h), s(0, -h * 0.7), c(nw + 0.06, -h), c(nw + 0.03, 0.03), s(0, nd)])
    else:
        h = u(rng, 0.25, 0.38)
        sk.body([c(-nw - 0.05, 0.04), s(-nw - 0.14, -h * 0.55), s(0, -h), s(nw + 0.14, -h * 0.55),
                 c(nw + 0.05, 0.04), s(0, nd + 0.03)])
        sk.loop([c(-nw * 0.6, nd), s(-nw * 0.7, -h * 0.45), s(0, -h * 0.8), s(nw * 0.7, -h * 0.45), c(nw * 0.6, nd)])
    if open_coat:  # the fronts hang apart, showing the shirt between them
        g = u(rng, 0.05, 0.12)
        sk.line([c(0.0, vb), s(g * 0.7, (vb + length) / 2), c(g, length - notch * 0.6)], mirrored=True)
        sk.line([c(0, vb + 0.04), c(0, length - notch - 0.02)], weight=0.7)
        for y in np.linspace(vb + 0.1, length - notch - 0.1, 3):
            sk.dot(0.0, y, 0.018)
    else:
        sk.line([c(off, vb), c(off, length + top.flare * 0.1)])
        fasten = pick(rng, ["single", "double", "zip", "toggles"], [0.45, 0.25, 0.2, 0.1])
        y_end = length * u(rng, 0.6, 0.8)
        rows = np.linspace(vb + 0.07, y_end, int(rng.integers(3, 6)))
        r = u(rng, 0.025, 0.045)
        if fasten == "single":
            for y in rows:
                sk.dot(off - r * 1.8, y, r)
        elif fasten == "double":
            for y in rows[: max(2, len(rows) - 1)]:
                sk.dot(0.15, y, r, mirrored=True)
        elif fasten == "zip":
            for y in np.linspace(vb + 0.03, length - 0.03, 16):
                sk.line([c(off - 0.025, y), c(off + 0.025, y)], weight=0.5)
        else:
            for y in rows:
                sk.line([c(off - 0.08, y), c(off + 0.06, y)], weight=1.4)
    if chance(rng, 0.35):  # a belt round the waist, with a buckle
        y = length * u(rng, 0.38, 0.5)
        h = u(rng, 0.05, 0.09)
        x = top.side_x(y) - 0.01
        sk.line([c(-x, y), c(x, y)])
        sk.line([c(-x, y + h), c(x, y + h)])
        sk.loop(box(-0.07, y - 0.02, 0.07, y + h + 0.02), weight=0.9)
    pockets = pick(rng, ["flap", "welt", "patch", "none"], [0.35, 0.25, 0.2, 0.2])
    py = length * u(rng, 0.58, 0.72)
    px = w * u(rng, 0.4, 0.6)
    if pockets == "flap":
        sk.line([c(px - 0.14, py), c(px + 0.14, py)], mirrored=True)
        sk.line([c(px - 0.14, py), c(px - 0.13, py + 0.07), c(px + 0.13, py + 0.07), c(px + 0.14, py)], mirrored=True)
    elif pockets == "welt":
        sk.line([c(px - 0.1, py + 0.06), c(px + 0.1, py - 0.04)], weight=1.2, mirrored=True)
    elif pockets == "patch":
        sk.loop(box(px - 0.13, py - 0.05, px + 0.13, py + 0.2), mirrored=True)
    if chance(rng, 0.4):  # turned-back cuffs
        _sleeve_band(sk, top, u(rng, 0.07, 0.14))
    if chance(rng, 0.3):
        sk.folds(rng, -w * 0.8, w * 0.8, length * 0.7, length * 0.95, int(rng.integers(1, 4)), length=0.15)


def draw_shirt(sk: Sketch, rng) -> None:
    """Shirt: a pointed collar, a button placket down the front, long sleeves with cuffs (or short), chest pocket."""
    w = u(rng, 0.5, 0.66)
    length = 2 * w * u(rng, 1.0, 1.32)
    nw, nd = u(rng, 0.14, 0.2), u(rng, 0.05, 0.1)
    if chance(rng, 0.72):
        sleeve = ("long", u(rng, 0.02, 0.2), length * u(rng, 0.78, 1.0), u(rng, 0.14, 0.22))
    else:
        sleeve = ("short", u(rng, 20, 50), u(rng, 0.22, 0.38), u(rng, 0.2, 0.28))
    tail = chance(rng, 0.55)
    top = _top(sk, rng, w=w, length=length, flare=u(rng, -0.03, 0.06), nw=nw, nd=nd, drop=u(rng, 0.06, 0.15),
               sleeve=sleeve, separate=chance(rng, 0.25), hem_lift=u(rng, 0.06, 0.14) if tail else 0.0,
               hem_curve=u(rng, 0.0, 0.06) if tail else u(rng, -0.02, 0.02))
    collar = pick(rng, ["pointed", "pointed", "button-down", "mandarin"])
    if collar == "mandarin":  # a band standing round the neck
        h = u(rng, 0.05, 0.09)
        sk.body([c(-nw - 0.02, 0.02), c(-nw - 0.03, -h), s(0, -h * 0.6), c(nw + 0.03, -h), c(nw + 0.02, 0.02),
                 s(0, nd)])
    else:  # collar points lying on the chest either side of the top button
        tip = np.array([nw * u(rng, 0.5, 1.05), nd + u(rng, 0.1, 0.2)])
        sk.loop([c(0.0, nd), c(nw + 0.03, -0.03), c(nw + 0.05, 0.04), c(*tip)], mirrored=True)
        if collar == "button-down":
            sk.dot(tip[0] - 0.01, tip[1] - 0.03, 0.012, mirrored=True)
    placket = u(rng, 0.025, 0.045)
    y1 = length - 0.02
    if chance(rng, 0.6):
        sk.line([c(-placket, nd + 0.02), c(-placket, y1)], weight=0.8)
        sk.line([c(placket, nd + 0.02), c(placket, y1)], weight=0.8)
    else:
        sk.line([c(0, nd + 0.02), c(0, y1)], weight=0.9)
    for y in np.linspace(nd + 0.1, length * 0.88, int(rng.integers(4, 8))):
        sk.dot(0.0, y, u(rng, 0.014, 0.024))
    pockets = pick(rng, ["one", "two", "none"], [0.5, 0.25, 0.25])
    if pockets != "none":
        px, py, r = w * u(rng, 0.35, 0.55), length * u(rng, 0.22, 0.3), u(rng, 0.08, 0.12)
        for sign in ((-1, 1) if pockets == "two" else (-1,)):
            x = sign * px
            sk.loop([c(x - r, py), c(x + r, py), c(x + r, py + r * 1.3), c(x, py + r * 1.6), c(x - r, py + r * 1.3)])
            if chance(rng, 0.5):
                sk.line([c(x - r, py + r * 0.45), c(x + r, py + r * 0.45)], weight=0.7)
    if sleeve[0] == "long":
        _sleeve_band(sk, top, u(rng, 0.06, 0.11))
        if chance(rng, 0.5):
            p = top.outer + (top.inner - top.outer) * 0.3 - top.along * 0.05
            sk.dot(p[0], p[1], 0.015, mirrored=True)
    elif chance(rng, 0.6):
        _sleeve_band(sk, top, u(rng, 0.04, 0.07))
    pattern = pick(rng, ["none", "check", "stripes", "yoke"], [0.5, 0.15, 0.15, 0.2])
    if pattern == "check":  # plaid: a grid of lines clipped to the shirt
        step = u(rng, 0.12, 0.2)
        for x in np.arange(-3.0, 3.0, step):
            sk.line([c(x, -1), c(x, length + 1)], weight=0.5, clip=True)
        for y in np.arange(0.05, length + 0.2, step):
            sk.line([c(-3, y), c(3, y)], weight=0.5, clip=True)
    elif pattern == "stripes":
        for x in np.arange(-3.0, 3.0, u(rng, 0.1, 0.16)):
            sk.line([c(x, -1), c(x, length + 1)], weight=0.5, clip=True)
    elif pattern == "yoke":  # the shoulder seam across the chest
        y = u(rng, 0.12, 0.2)
        sk.line([c(-3, y), s(0, y + 0.02), c(3, y)], clip=True)


# --------------------------------------------------------------------------- trousers and dresses (classes 1, 3)


def draw_trousers(sk: Sketch, rng) -> None:
    """Trouser: a waistband and two legs parted below the crotch; skinny, straight, wide, flared or cropped."""
    cut = pick(rng, ["straight", "skinny", "wide", "flared", "cropped"], [0.3, 0.2, 0.2, 0.15, 0.15])
    ww = u(rng, 0.42, 0.55)
    height = {"straight": u(rng, 2.0, 2.8), "skinny": u(rng, 2.3, 3.2), "wide": u(rng, 1.8, 2.6),
              "flared": u(rng, 2.2, 3.0), "cropped": u(rng, 1.3, 1.7)}[cut] * ww * 2  # height / waist width
    hip_y, hw = height * u(rng, 0.08, 0.15), ww * u(rng, 1.0, 1.12)
    crotch = height * (u(rng, 0.28, 0.38) if cut == "cropped" else u(rng, 0.2, 0.34))
    gap = u(rng, 0.05, 0.12)
    if cut == "skinny":
        outer, inner = hw * u(rng, 0.68, 0.82), u(rng, 0.04, 0.1)
    elif cut == "wide" or cut == "cropped":
        outer, inner = hw * u(rng, 1.05, 1.3), gap
    else:
        outer, inner = hw * u(rng, 0.88, 1.02), u(rng, 0.06, 0.14)
    inner = min(inner, outer - 0.15)
    half = [c(0, 0), c(ww, 0), s(hw, hip_y)]
    if cut == "flared":  # narrow at the knee, wide at the hem
        knee = height * u(rng, 0.55, 0.65)
        half += [s(hw * 0.8, knee), c(outer + 0.1, height), c(inner - 0.03 if inner > 0.08 else inner, height),
                 s(hw * 0.3, knee)]
    else:
        half += [s((hw + outer) / 2 + 0.005, (hip_y + height) / 2), c(outer, height), c(inner, height),
                 s((inner + 0.02) * 0.7, (crotch + height) / 2)]
    half += [c(0, crotch)]
    sk.body(mirror(half))
    band = u(rng, 0.05, 0.1)
    sk.line([c(-2, band), c(2, band)], clip=True)
    if chance(rng, 0.6):  # belt loops
        for x in (-ww * 0.75, -ww * 0.25, ww * 0.25, ww * 0.75):
            sk.line([c(x, -0.005), c(x, band + 0.02)], weight=0.6)
    if chance(rng, 0.7):  # fly: a J-curve down the front, a button at the top
        sk.line([c(0.06, band), s(0.06, crotch * 0.65), c(0.0, crotch * 0.85)], weight=0.8)
        sk.dot(0.0, band / 2, 0.02)
    pocket = pick(rng, ["slant", "curve", "none", "cargo"], [0.35, 0.3, 0.2, 0.15])
    if pocket == "slant":
        sk.line([c(ww * 0.6, band), c(hw * 0.98, hip_y * 1.6)], weight=0.8, mirrored=True)
    elif pocket == "curve":
        sk.line([c(ww * 0.5, band), s(ww * 0.72, hip_y * 1.1), c(hw * 0.99, hip_y * 1.2)], weight=0.8, mirrored=True)
    elif pocket == "cargo":
        x, y = (outer + inner) / 2 + 0.04, height * 0.5
        sk.loop(box(x - 0.11, y, x + 0.11, y + 0.22), mirrored=True)
        sk.line([c(x - 0.11, y + 0.06), c(x + 0.11, y + 0.06)], weight=0.7, mirrored=True)
    if chance(rng, 0.45):  # pressed creases down each leg
        sk.line([c((hw + 0.1) / 2, crotch * 0.8), c((outer + inner) / 2, height - 0.04)], weight=0.6, mirrored=True)
    if chance(rng, 0.4):  # turn-ups at the hem
        y = height - u(rng, 0.05, 0.1)
        sk.line([c(-3, y), c(3, y)], clip=True)
    if chance(rng, 0.3):
        sk.folds(rng, -outer, outer, height * 0.55, height * 0.85, int(rng.integers(1, 4)), length=0.1, vertical=False)


def draw_dress(sk: Sketch, rng) -> None:
    """Dress: a fitted bodice (straps, sleeveless, short or long sleeves) over a long skirt: A-line, sheath, flared."""
    bw = u(rng, 0.27, 0.37)
    ww = bw * u(rng, 0.72, 0.92)
    wy = u(rng, 0.32, 0.55)
    cut = pick(rng, ["a-line", "sheath", "flared", "mini"], [0.35, 0.2, 0.3, 0.15])
    length = {"a-line": u(rng, 1.5, 2.3), "sheath": u(rng, 1.4, 2.1), "flared": u(rng, 1.4, 2.4),
              "mini": u(rng, 1.05, 1.35)}[cut]
    hem_w = {"a-line": u(rng, 0.5, 0.75), "sheath": bw * u(rng, 0.95, 1.15), "flared": u(rng, 0.65, 0.95),
             "mini": u(rng, 0.45, 0.65)}[cut]
    hip = (ww + 0.04 + (hem_w - ww) * 0.25, wy + (length - wy) * 0.3)
    bodice = pick(rng, ["straps", "sleeveless", "short", "long"], [0.35, 0.3, 0.22, 0.13])
    nw, nd = u(rng, 0.1, 0.18), u(rng, 0.06, 0.2)
    armpit_y = u(rng, 0.22, 0.3)
    if bodice == "straps":  # a straight or sweetheart top edge, thin straps rising from it
        half = [s(0, u(rng, 0.0, 0.08)), s(bw * 0.55, u(rng, -0.05, 0.0)), c(bw + 0.01, 0.03)]
        sx = bw * u(rng, 0.45, 0.7)
        sk.line([c(sx, 0.0), c(sx * u(rng, 0.7, 1.0), -u(rng, 0.2, 0.35))], weight=1.0, mirrored=True)
        armpit_y = 0.03
    elif bodice == "sleeveless":
        half = [s(0, nd), c(nw, -0.12), c(nw + u(rng, 0.05, 0.1), -0.11), s(bw - 0.03, armpit_y * 0.4 - 0.05),
                c(bw, armpit_y)]
    elif bodice == "short":
        sh = np.array([bw + 0.04, -0.08])
        out = sh + np.array([u(rng, 0.1, 0.18), u(rng, 0.1, 0.18)])
        half = [s(0, nd), c(nw, -0.12), c(*sh), c(*out), c(out[0] - 0.08, out[1] + 0.08), c(bw, armpit_y)]
    else:  # long narrow sleeves down the sides
        sh = np.array([bw + 0.04, -0.08])
        cuff = np.array([bw + u(rng, 0.2, 0.32), wy + u(rng, 0.3, 0.5)])
        half = [s(0, nd), c(nw, -0.12), c(*sh), c(*cuff), c(cuff[0] - 0.1, cuff[1] + 0.03), c(bw, armpit_y + 0.05)]
    half += [s(ww, wy), s(*hip)]
    if cut == "flared" and chance(rng, 0.5):  # a wavy, flounced hem
        xs = np.linspace(hem_w, 0, 6)
        half += [c(hem_w, length)] + [s(x, length + (0.04 if i % 2 else -0.01)) for i, x in enumerate(xs[1:-1], 1)]
        half += [s(0, length)]
    else:
        half += [c(hem_w, length), s(0, length + u(rng, 0.0, 0.05))]
    sk.body(mirror(half))
    waist = pick(rng, ["seam", "belt", "bow", "none"], [0.35, 0.2, 0.15, 0.3])
    if waist in ("seam", "belt", "bow"):
        sk.line([c(-ww - 0.1, wy), c(ww + 0.1, wy)], clip=True)
    if waist in ("belt", "bow"):
        sk.line([c(-ww - 0.1, wy + 0.06), c(ww + 0.1, wy + 0.06)], clip=True)
        if waist == "belt":
            sk.loop(box(-0.05, wy - 0.015, 0.05, wy + 0.075), weight=0.9)
        else:
            sk.loop([c(0, wy + 0.03), s(-0.1, wy - 0.04), s(-0.12, wy + 0.08)], weight=0.9)
            sk.loop([c(0, wy + 0.03), s(0.1, wy - 0.04), s(0.12, wy + 0.08)], weight=0.9)
    skirt = pick(rng, ["folds", "tiers", "dots", "buttons", "none"], [0.35, 0.15, 0.1, 0.1, 0.3])
    if skirt == "folds":  # pleats fanning out from the waist
        n = int(rng.integers(2, 5))
        for t in np.linspace(-0.7, 0.7, n):
            sk.line([c(t * ww, wy + 0.08), s(t * (ww + hem_w) / 2, (wy + length) / 2), c(t * hem_w * 0.95, length - 0.03)],
                    weight=0.6)
    elif skirt == "tiers":
        for y in np.linspace(wy + (length - wy) * 0.35, length - 0.08, int(rng.integers(2, 4))):
            sk.line([c(-3, y), s(0, y + 0.03), c(3, y)], clip=True)
    elif skirt == "dots":
        for _ in range(int(rng.integers(8, 18))):
            y = u(rng, 0.05, length - 0.05)
            sk.dot(u(rng, -1, 1) * (bw if y < wy else hem_w * 0.8), y, 0.025)
    elif skirt == "buttons":
        for y in np.linspace(max(nd, 0.02) + 0.05, wy + (length - wy) * 0.5, int(rng.integers(4, 8))):
            sk.dot(0.0, y, 0.018)
    if chance(rng, 0.35):
        y = length - u(rng, 0.04, 0.08)
        sk.line([c(-3, y), c(3, y)], weight=0.8, clip=True)


# --------------------------------------------------------------------------- footwear (classes 5, 7, 9), toe at the left


def _sole_y(x: float, heel: float) -> float:
    """Height of the sole's underside: on the ground under the toes, up to `heel` under the heel."""
    t = np.clip((x - 0.3) / 0.42, 0, 1)
    return -heel * float(t * t * (3 - 2 * t))


def _sole(sk: Sketch, rng, heel: float, thick: float, kind: str) -> None:
    """The sole as a band following the foot's arch, and a heel under it (none, block or stiletto)."""
    xs = np.array([0.04, 0.2, 0.35, 0.5, 0.62, 0.74, 0.98])
    bottom = [s(-0.005, -thick * 0.5)] + [c(x, _sole_y(x, heel)) if x in (0.04, 0.98) else s(x, _sole_y(x, heel))
                                           for x in xs]
    top = [c(x, _sole_y(x, heel) - thick) if x in (0.04, 0.98) else s(x, _sole_y(x, heel) - thick) for x in xs[::-1]]
    sk.body(bottom + [s(1.005, _sole_y(1.0, heel) - thick * 0.5)] + top)
    if heel > 0.06:
        if kind == "stiletto":
            sk.body([c(0.8, -heel), c(0.98, -heel), c(0.955, 0), c(0.925, 0), s(0.88, -heel * 0.55)])
        else:  # a block heel, slightly tapered
            front = u(rng, 0.72, 0.82)
            sk.body([c(front, -heel), c(0.98, -heel), c(0.96, 0), c(front + 0.05, 0)])
            if chance(rng, 0.4):  # stacked-leather layers
                for y in np.linspace(-heel * 0.75, -heel * 0.25, 2):
                    sk.line([c(0.74, y), c(0.97, y)], weight=0.5)


def draw_sneaker(sk: Sketch, rng) -> None:
    """Sneaker: a low, closed shoe on a thick sole with tread, laces across the instep; high-tops sometimes."""
    sk.fine = 0.04
    sole = u(rng, 0.07, 0.14)
    toe = u(rng, 0.13, 0.2)
    collar = u(rng, 0.32, 0.45)
    high = chance(rng, 0.12)
    throat = np.array([u(rng, 0.45, 0.55), -collar * u(rng, 0.8, 0.92)])
    vamp = np.array([u(rng, 0.22, 0.3), -toe - u(rng, 0.05, 0.09)])
    if high:  # up over the ankle, laced to the top
        collar = u(rng, 0.6, 0.8)
        upper = [c(0.03, -sole), s(0.0, -sole - (toe - sole) * 0.5), s(0.07, -toe), s(*vamp),
                 s(0.45, -collar * 0.6), c(0.52, -collar), c(0.86, -collar - 0.02), s(0.96, -collar * 0.55),
                 c(0.98, -sole)]
        throat = np.array([0.52, -collar])
    else:
        upper = [c(0.03, -sole), s(0.0, -sole - (toe - sole) * 0.5), s(0.07, -toe), s(*vamp), c(*throat)]
        if chance(rng, 0.5):  # the tongue sticking out of the opening
            upper += [c(throat[0] + 0.03, throat[1] - u(rng, 0.05, 0.1)), c(throat[0] + 0.1, throat[1] - 0.03)]
        upper += [s(0.72, -collar * u(rng, 0.78, 0.9)), c(0.9, -collar), s(0.995, -collar * 0.55), c(0.98, -sole)]
    sk.body(upper)
    sk.body([c(0.03, -sole), c(0.985, -sole), s(1.01, -sole * 0.5), c(0.97, 0.0), s(0.5, 0.005), c(0.07, 0.0),
             s(-0.015, -sole * 0.45)])
    tread = pick(rng, ["ticks", "line", "zigzag", "none"], [0.35, 0.3, 0.2, 0.15])
    if tread == "ticks":
        for x in np.linspace(0.1, 0.9, int(rng.integers(6, 12))):
            sk.line([c(x, -sole * 0.15), c(x + 0.01, -sole * 0.55)], weight=0.6)
    elif tread == "line":
        sk.line([c(0.0, -sole * 0.45), c(1.0, -sole * 0.45)], weight=0.7, clip=True)
    elif tread == "zigzag":
        xs = np.linspace(0.06, 0.94, 14)
        sk.line([c(x, -sole * (0.25 if i % 2 else 0.7)) for i, x in enumerate(xs)], weight=0.6)
    if high or chance(rng, 0.7):  # laces: crossing ticks from the vamp up to the throat, with eyelets
        n = int(rng.integers(3, 7))
        for t in np.linspace(0.1, 0.95, n):
            p = vamp + (throat - vamp) * t
            sk.line([c(p[0] - 0.035, p[1] - 0.01), c(p[0] + 0.05, p[1] + 0.035)], weight=0.8)
            if chance(rng, 0.5):
                sk.dot(p[0] + 0.05, p[1] + 0.05, 0.012)
    if chance(rng, 0.6):  # the toe cap
        sk.line([c(0.2, -sole), s(0.14, -toe * 0.8), c(0.09, -toe * 0.98)], weight=0.8)
    side = pick(rng, ["swoosh", "stripes", "panel", "none"], [0.3, 0.25, 0.2, 0.25])
    if side == "swoosh":
        sk.line([c(0.3, -sole - 0.03), s(0.6, -sole - 0.04), c(0.85, -collar * 0.75)], weight=1.1)
    elif side == "stripes":
        for k in range(3):
            x = 0.45 + k * 0.07
            sk.line([c(x, -sole - 0.02), c(x + 0.1, -collar * 0.75)], weight=0.9)
    elif side == "panel":  # the heel counter
        sk.line([c(0.72, -sole), s(0.74, -collar * 0.5), c(0.85, -collar * 0.85)], weight=0.8)
    if high and chance(rng, 0.6):  # an ankle patch
        sk.loop(ellipse(0.78, -collar * 0.65, 0.06, 0.06))
    if chance(rng, 0.4):  # the heel tab
        sk.loop(box(0.9, -collar - 0.06, 0.96, -collar * 0.75), weight=0.8)


def draw_sandal(sk: Sketch, rng) -> None:
    """Sandal: a sole (flat or heeled) and open straps over the foot: strappy, slide, thong or with an ankle strap."""
    sk.fine = 0.03  # thin soles and straps
    heel = pick(rng, [u(rng, 0.0, 0.04), u(rng, 0.12, 0.25), u(rng, 0.25, 0.42)], [0.45, 0.3, 0.25])
    thick = u(rng, 0.035, 0.08)
    heel_kind = pick(rng, ["block", "stiletto"]) if heel > 0.2 else "block"
    _sole(sk, rng, heel, thick, heel_kind)
    style = pick(rng, ["strappy", "slide", "thong", "ankle"], [0.3, 0.2, 0.2, 0.3])
    instep = u(rng, 0.22, 0.32)  # height of the (unseen) foot at the instep

    def sole_top(x):
        return _sole_y(x, heel) - thick

    def foot_top(x):
        """The top of the unseen foot: low at the toes, rising to the instep and the ankle."""
        t = np.clip((x - 0.02) / 0.6, 0, 1)
        return sole_top(x) - 0.06 - (instep - 0.06) * float(t * t * (3 - 2 * t))

    def strap(x0, x1, width, band=True, lift=1.0):
        """A strap over the foot from one point of the sole to another, as high as the foot there."""
        a, b = np.array([x0, sole_top(x0)]), np.array([x1, sole_top(x1)])
        xm = (x0 + x1) / 2
        peak = np.array([xm + (x1 - x0) * 0.1, foot_top(xm) * lift + sole_top(xm) * (1 - lift)])
        outer = [c(*a), s(a[0] + (peak[0] - a[0]) * 0.35, (a[1] + peak[1]) / 2 - 0.01), s(*peak),
                 s(b[0] - (b[0] - peak[0]) * 0.35, (b[1] + peak[1]) / 2 - 0.01), c(*b)]
        if band:
            inner = [c(b[0] - width, b[1]), s(peak[0], peak[1] + width), c(a[0] + width, a[1])]
            sk.body(outer + inner)
        else:
            sk.line(outer, weight=1.6)

    band = chance(rng, 0.65)
    if style == "slide":  # one wide band over the front of the foot
        strap(u(rng, 0.06, 0.14), u(rng, 0.45, 0.6), u(rng, 0.07, 0.12), lift=u(rng, 0.85, 1.05))
    elif style == "thong":  # a post between the toes, straps back to the sides
        post = np.array([u(rng, 0.18, 0.25), sole_top(0.2)])
        ax = post[0] + u(rng, 0.08, 0.15)
        apex = np.array([ax, sole_top(ax) + (foot_top(ax) - sole_top(ax)) * u(rng, 0.8, 1.0)])
        back = np.array([u(rng, 0.5, 0.62), sole_top(0.56)])
        sk.line([c(*post), c(*apex), s(*((apex + back) / 2 - np.array([0, 0.03]))), c(*back)], weight=1.6)
        sk.dot(apex[0], apex[1], 0.02)
    else:  # thin straps, some crossing
        n = int(rng.integers(2, 5))
        x0 = u(rng, 0.04, 0.1)
        for i in range(n):
            span = u(rng, 0.16, 0.3)
            strap(x0, min(x0 + span, 0.75), u(rng, 0.03, 0.05), band, lift=u(rng, 0.8, 1.0))
            x0 += u(rng, 0.08, 0.16)
    if style == "ankle" or (style == "strappy" and chance(rng, 0.6)):
        # a loop round the ankle, joined to the heel by a back strap, with a buckle
        ax, ay = u(rng, 0.7, 0.8), foot_top(0.8) - u(rng, 0.05, 0.15)
        rx, ry = u(rng, 0.1, 0.15), u(rng, 0.03, 0.05)
        sk.loop(ellipse(ax, ay, rx, ry, turn=0.2), weight=1.3)
        sk.line([c(0.97, sole_top(0.97)), s(0.955, (ay + sole_top(0.96)) / 2), c(ax + rx * 0.85, ay + ry * 0.5)],
                weight=1.5)
        sk.loop(box(ax - rx - 0.02, ay - 0.03, ax - rx + 0.03, ay + 0.03), weight=0.8)
        if style == "ankle" and chance(rng, 0.5):  # a strap from the instep up to the ankle loop
            sk.line([c(0.5, foot_top(0.5) + 0.02), c(ax - rx * 0.5, ay + ry)], weight=1.3)
    if chance(rng, 0.35):  # the footbed line along the sole
        sk.line([c(0.03, sole_top(0.03) + thick * 0.5), s(0.5, sole_top(0.5) + thick * 0.5),
                 c(0.98, sole_top(0.98) + thick * 0.5)], weight=0.5, clip=True)


def draw_ankle_boot(sk: Sketch, rng) -> None:
    """Ankle boot: a closed shoe with a shaft up past the ankle; flat, block or high heel; zip, laces or gusset."""
    heel = pick(rng, [u(rng, 0.0, 0.04), u(rng, 0.08, 0.2), u(rng, 0.22, 0.38)], [0.35, 0.4, 0.25])
    thick = u(rng, 0.04, 0.09)
    shaft = u(rng, 0.65, 1.05) + heel * 0.6
    _sole(sk, rng, heel, thick, pick(rng, ["block", "stiletto"]) if heel > 0.2 else "block")
    top_front = u(rng, 0.44, 0.58)
    back = u(rng, 0.88, 0.95)
    sole_top = [_sole_y(x, heel) - thick for x in (0.04, 0.35, 0.6, 0.98)]
    toe_h = u(rng, 0.17, 0.24)
    boot = [c(0.04, sole_top[0]), s(0.0, sole_top[0] - 0.05), s(0.07, -toe_h - heel * 0.15),
            s(0.3, -toe_h - 0.06 - heel * 0.6), s(top_front - 0.05, -shaft * 0.45 - heel * 0.5),
            c(top_front, -shaft), c(back, -shaft - u(rng, 0.0, 0.04)), s(back + 0.02, -shaft * 0.5),
            s(0.995, sole_top[3] - 0.1), c(0.98, sole_top[3]), s(0.6, sole_top[2]), s(0.35, sole_top[1])]
    sk.body(boot)
    fasten = pick(rng, ["zip", "laces", "gusset", "buckle", "none"], [0.2, 0.25, 0.2, 0.15, 0.2])
    if fasten == "zip":
        sk.line([c(top_front + 0.07, -shaft), c(top_front + 0.05, -shaft * 0.35)], weight=0.8)
        sk.loop(box(top_front + 0.05, -shaft, top_front + 0.1, -shaft + 0.08), weight=0.6)
    elif fasten == "laces":
        # crossing ticks just inside the front edge, from the instep to the top
        p0 = np.array([0.42, -toe_h - 0.01 - heel * 0.6])
        p1 = np.array([top_front + 0.07, -shaft + 0.08])
        for t in np.linspace(0.0, 1.0, int(rng.integers(4, 8))):
            p = p0 + (p1 - p0) * t
            sk.line([c(p[0] - 0.03, p[1] - 0.015), c(p[0] + 0.04, p[1] + 0.025)], weight=0.8)
    elif fasten == "gusset":  # the elastic side panel of a Chelsea boot
        gx = (top_front + back) / 2
        sk.loop([c(gx - 0.1, -shaft), s(gx - 0.05, -shaft * 0.55), s(gx, -shaft * 0.45), s(gx + 0.05, -shaft * 0.55),
                 c(gx + 0.1, -shaft)], weight=0.9)
    elif fasten == "buckle":
        y = -shaft * u(rng, 0.6, 0.8)
        sk.line([c(top_front - 0.02, y), c(back + 0.03, y + 0.02)], clip=True)
        sk.line([c(top_front - 0.02, y + 0.06), c(back + 0.03, y + 0.08)], clip=True)
        sk.loop(box(top_front + 0.1, y - 0.02, top_front + 0.16, y + 0.09), weight=0.8)
    if chance(rng, 0.5):  # the toe cap / vamp seam
        sk.line([c(0.25, sole_top[0] + 0.005), s(0.2, -toe_h * 0.8), c(0.15, -toe_h - 0.02)], weight=0.7)
    if chance(rng, 0.35):  # a pull tab at the back
        sk.loop(box(back - 0.02, -shaft - 0.08, back + 0.04, -shaft + 0.04), weight=0.8)
    if chance(rng, 0.3):  # a welt line along the sole
        sk.line([c(0.02, sole_top[0] - 0.03), s(0.35, sole_top[1] - 0.03), c(0.98, sole_top[3] - 0.03)],
                weight=0.5, clip=True)


# --------------------------------------------------------------------------- bag (class 8), from the front


def draw_bag(sk: Sketch, rng) -> None:
    """Bag: a body (tote, handbag, clutch or backpack) with one or two handles or a shoulder strap, flap, clasp."""
    kind = pick(rng, ["tote", "handbag", "clutch", "backpack"], [0.3, 0.35, 0.15, 0.2])
    bw = 0.5
    if kind == "tote":  # wide at the top, straight sides
        h, tw = u(rng, 0.6, 0.95), bw * u(rng, 0.95, 1.15)
        body = [c(-tw, 0), c(tw, 0), c(bw, h), c(-bw, h)]
        if chance(rng, 0.5):
            body = [c(-tw, 0), c(tw, 0), s(bw, h - 0.08), c(bw - 0.06, h), c(-bw + 0.06, h), s(-bw, h - 0.08)]
    elif kind == "handbag":  # a trapezoid, narrow top, rounded base corners
        h, tw = u(rng, 0.5, 0.75), bw * u(rng, 0.65, 0.9)
        body = [c(-tw, 0), c(tw, 0), s(bw * 0.97, h * 0.75), c(bw * 0.9, h), c(-bw * 0.9, h), s(-bw * 0.97, h * 0.75)]
    elif kind == "clutch":
        h, tw = u(rng, 0.35, 0.5), bw
        body = [c(-bw, 0), c(bw, 0), s(bw + 0.01, h * 0.8), c(bw - 0.04, h), c(-bw + 0.04, h), s(-bw - 0.01, h * 0.8)]
    else:  # backpack: tall, with a rounded top
        h, tw = u(rng, 0.85, 1.2), bw * 0.8
        body = [c(-bw * 0.9, h * 0.2), s(-bw * 0.7, 0.02), s(0, -0.02), s(bw * 0.7, 0.02), c(bw * 0.9, h * 0.2),
                c(bw, h), c(-bw, h)]
    sk.body(body)

    handle = {"tote": pick(rng, ["two", "one", "strap"], [0.5, 0.3, 0.2]),
              "handbag": pick(rng, ["one", "two", "strap", "rigid"], [0.35, 0.25, 0.2, 0.2]),
              "clutch": pick(rng, ["none", "strap", "wrist"], [0.45, 0.35, 0.2]),
              "backpack": "loop"}[kind]
    thick = chance(rng, 0.5)

    def handle_arc(x, rise, width, bulge_w=0.0):
        """An arc over the top from -x to x: a band, or a single heavy line."""
        pts = [c(-x, 0.01), s(-x - bulge_w, -rise * 0.65), s(0, -rise), s(x + bulge_w, -rise * 0.65), c(x, 0.01)]
        if thick:
            inner = [c(x - width, 0.01), s(x - width + bulge_w, -rise * 0.6 + width), s(0, -rise + width),
                     s(-x + width - bulge_w, -rise * 0.6 + width), c(-x + width, 0.01)]
            sk.body(pts + inner)
        else:
            sk.line(pts, weight=1.6)

    if handle == "one":
        handle_arc(tw * u(rng, 0.4, 0.75), u(rng, 0.25, 0.5), u(rng, 0.04, 0.07), u(rng, 0.0, 0.08))
    elif handle == "two":  # front and back handles, one a little higher
        x, rise = tw * u(rng, 0.35, 0.6), u(rng, 0.25, 0.45)
        handle_arc(x, rise, 0.05)
        handle_arc(x * u(rng, 0.85, 1.15), rise * u(rng, 0.8, 0.95), 0.05)
    elif handle == "strap":  # a thin shoulder strap, long: a tall arch narrowing to the top
        x, rise = tw * u(rng, 0.8, 1.0), u(rng, 0.7, 1.05)
        sk.line([c(-x, 0.02), s(-x * 0.8, -rise * 0.6), s(0, -rise), s(x * 0.8, -rise * 0.6), c(x, 0.02)], weight=0.9)
    elif handle == "rigid":  # a short stiff handle, squared off
        x, rise = tw * u(rng, 0.3, 0.5), u(rng, 0.15, 0.25)
        sk.body([c(-x, 0.01), s(-x, -rise * 0.8), s(0, -rise), s(x, -rise * 0.8), c(x, 0.01), c(x - 0.06, 0.01),
                 s(x - 0.06, -rise * 0.6), s(0, -rise + 0.06), s(-x + 0.06, -rise * 0.6), c(-x + 0.06, 0.01)])
    elif handle == "wrist":
        sk.line([c(tw * 0.8, 0.02), s(tw * 1.05, -0.15), s(tw * 1.25, -0.05), c(tw, 0.05)], weight=0.9)
    elif handle == "loop":
        sk.line([c(-0.1, 0.0), s(-0.09, -0.12), s(0, -0.15), s(0.09, -0.12), c(0.1, 0.0)], weight=1.4)
    if handle in ("one", "two", "strap") and chance(rng, 0.4):  # rings where the handles attach
        sk.loop(ellipse(tw * 0.6, 0.02, 0.035, 0.035), weight=0.7, mirrored=True)

    front = pick(rng, ["flap", "zip", "pocket", "plain"], [0.35, 0.25, 0.2, 0.2])
    if front == "flap":  # a flap over the top, with a clasp at its point
        fy = h * u(rng, 0.35, 0.55)
        pointed = chance(rng, 0.5)
        sk.line([c(-3, h * 0.05), s(-tw * 0.8, fy * 0.8), c(0, fy) if pointed else s(0, fy), s(tw * 0.8, fy * 0.8),
                 c(3, h * 0.05)], clip=True)
        clasp = pick(rng, ["dot", "box", "ring"])
        if clasp == "dot":
            sk.dot(0, fy, 0.035)
        elif clasp == "box":
            sk.loop(box(-0.06, fy - 0.03, 0.06, fy + 0.05), weight=0.8)
        else:
            sk.loop(ellipse(0, fy, 0.05, 0.05), weight=0.8)
    elif front == "zip":
        sk.line([c(-tw * 0.9, 0.06), c(tw * 0.9, 0.06)], weight=0.8)
        sk.loop(box(tw * 0.5, 0.06, tw * 0.56, 0.16), weight=0.6)
    elif front == "pocket":
        sk.loop(box(-bw * 0.6, h * 0.45, bw * 0.6, h * 0.88), weight=0.9)
        if chance(rng, 0.5):
            sk.line([c(-bw * 0.6, h * 0.55), c(bw * 0.6, h * 0.55)], weight=0.7)
    if chance(rng, 0.35):  # stitching just inside the edge
        sk.line([c(-3, h - 0.05), c(3, h - 0.05)], weight=0.5, clip=True)
    if kind == "backpack" and chance(rng, 0.7):  # the shoulder straps peeking out at the sides
        sk.line([c(bw * 0.7, h * 0.15), s(bw * 1.08, h * 0.5), c(bw * 0.95, h * 0.95)], weight=1.5, mirrored=True)


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
    detail = min(10.0, max(1.5, width * u(rng, 0.35, 0.95)))
    angle = u(rng, -15, 15) if chance(rng, 0.6) else u(rng, -3, 3)
    off = (u(rng, -1, 1), u(rng, -1, 1)) if chance(rng, 0.35) else (u(rng, -0.15, 0.15), u(rng, -0.15, 0.15))
    return Style(pen=pen, width=width, detail=detail, outline=outline, pressure=chance(rng, 0.25), fill=fill,
                 fill_gray=fill_gray, gap=u(rng, 0.03, 0.1) if chance(rng, 0.15) else 0.0,
                 wobble=u(rng, 0.002, 0.014), angle=angle, flip=chance(rng, 0.5),
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


def _arclength(pts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])


def _stroke(draw, pts: np.ndarray, width: float, style: Style, rng, ink: int = 255, dashes: bool = True) -> None:
    """One pen stroke along a polyline, in the style's manner (dashed, dotted, with pressure)."""
    if len(pts) < 2:
        return
    if dashes and style.outline in ("dashed", "dotted"):
        s_ = _arclength(pts)
        if style.outline == "dotted":
            step = max(width * u(rng, 1.8, 3.0), 3.0)
            at = np.arange(u(rng, 0, step), s_[-1], step)
            xs, ys = np.interp(at, s_, pts[:, 0]), np.interp(at, s_, pts[:, 1])
            r = max(width * 0.6, 1.0)
            for x, y in zip(xs, ys):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
            return
        on = width * u(rng, 2.5, 5) + 6
        period = on + width * u(rng, 1.8, 3.0) + 4  # the round caps eat one width of the gap
        phase = (s_ + u(rng, 0, period)) % period < on
        edges = np.flatnonzero(np.diff(np.concatenate([[0], phase.astype(np.int8), [0]])))
        for i0, i1 in zip(edges[::2], edges[1::2]):
            _line(draw, pts[i0:i1 + 1], width, ink)
        return
    if style.pressure and len(pts) > 8:  # pieces of changing width, joined by round dabs
        s_ = _arclength(pts)
        total = max(s_[-1], 1e-6)
        f, ph = u(rng, 0.7, 2.5), u(rng, 0, 2 * np.pi)
        cuts = np.unique(np.searchsorted(s_, np.linspace(0, total, max(2, int(total / 25)) + 1)))
        cuts[-1] = len(pts) - 1
        for i0, i1 in zip(cuts[:-1], cuts[1:]):
            t = s_[(i0 + i1) // 2] / total
            w = width * (0.45 + 0.75 * (0.5 + 0.5 * math.sin(2 * np.pi * f * t + ph)))
            _line(draw, pts[i0:i1 + 1], w, ink)
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
        step = max(3.0, u(rng, 5, 14) * k)
        lw = max(1.0, u(rng, 1, 2.5) * k)
        a = math.radians(pick(rng, [45, -45]) + u(rng, -15, 15))
        hatch = (xx * math.cos(a) + yy * math.sin(a)) % step < lw
        if chance(rng, 0.35):
            hatch |= (xx * math.cos(a + np.pi / 2) + yy * math.sin(a + np.pi / 2)) % step < lw
        canvas[mask & hatch] = style.pen
    elif style.fill == "stipple":  # dots scattered over the silhouette
        where = np.flatnonzero(mask)
        spacing = max(3.0, u(rng, 5, 12) * k)
        n = int(len(where) / spacing**2)
        dots = np.zeros(size * size, bool)
        if n and len(where):
            dots[where[rng.integers(0, len(where), n)]] = True
        dots = _dilate(dots.reshape(size, size), max(0, int(round(u(rng, 0.6, 2.4) * k))))
        canvas[dots & mask] = style.pen

    outline_im = Image.new("L", (size, size), 0)  # the silhouette's outlines
    ink_im = Image.new("L", (size, size), 0)  # details
    clip_im = Image.new("L", (size, size), 0)  # details seen only inside the silhouette
    outline, ink, clipped = ImageDraw.Draw(outline_im), ImageDraw.Draw(ink_im), ImageDraw.Draw(clip_im)
    main = max(range(len(bodies)), key=lambda i: np.ptp(bodies[i][1], 0).prod()) if bodies else -1
    for i, (_, d) in enumerate(bodies):
        d = np.concatenate([d, d[:1]])
        if i == main and style.gap > 0:  # leave the main outline open somewhere
            s_ = _arclength(d)
            start = u(rng, 0, s_[-1])
            d = np.concatenate([d[s_ >= start], d[1:][s_[1:] < start]])  # the same loop, starting at `start`
            d = d[_arclength(d) >= style.gap * s_[-1]]
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
