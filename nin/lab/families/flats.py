"""Drawing family H: garments drawn as fashion *flats*, the technical line drawings designers draw.

A flat is a front view (shoes and bags: a side view, as in Fashion-MNIST) built from smooth Bezier
contours, with seam lines, dashed topstitching, darts, collars and lapels, pockets, buttons, cuffs,
ribbing, laces, straps and soles. On top of the technical style comes the variety of a person at
the demo's canvas: the pen's width relative to the garment's size, sleeves drawn joined, as separate
pieces, with an armhole seam or as a single stroke, outlines that do not quite close, solid or
hatched silhouettes, inner details present or absent, wobbly lines, a slight rotation, small or
off-centre drawings, and shoes pointing left or right.

This family was written apart from families A-G, without reading them, as an independent idea of
what a drawing of each class looks like. It is used for training (:func:`training_drawings`).

Look at it::

    python -m nin.lab.families sheet H --out flats.png [--garments]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from . import curves
from .canvas import MAX_DARKEST, MIN_PAPER, SIZE, SPAN, check_label, round_stroke
from .curves import both_sides

Point = tuple[float, float]


# --------------------------------------------------------------------------- geometry


class Path:
    """A pen path of straight and cubic-Bezier pieces, in garment units (y points down)."""

    def __init__(self, start: Point):
        self.points: list[np.ndarray] = [np.asarray([start], dtype=float)]

    @property
    def end(self) -> np.ndarray:
        return self.points[-1][-1]

    def line(self, *targets: Point) -> Path:
        self.points.append(np.asarray(targets, dtype=float))
        return self

    def curve(self, c1: Point, c2: Point, target: Point, n: int = 14) -> Path:
        self.points.append(curves.bezier(self.end, c1, c2, target, n=n)[1:])
        return self

    def bend(self, target: Point, bulge: float, n: int = 12) -> Path:
        """A gentle curve to ``target`` bowed sideways by ``bulge`` (in units; + is to the left of travel)."""
        p0, p3 = self.end, np.asarray(target, dtype=float)
        d = p3 - p0
        normal = np.array([d[1], -d[0]])
        return self.curve(tuple(p0 + d / 3 + bulge * normal), tuple(p0 + 2 * d / 3 + bulge * normal), target, n)

    def array(self) -> np.ndarray:
        return np.concatenate(self.points)


def spline(points, closed: bool = False, n: int = 10) -> np.ndarray:
    """A smooth hand contour through ``points`` (``n`` samples per span); a closed one ends where it starts."""
    out = curves.catmull_rom(points, n, closed)
    return np.concatenate([out, out[:1]]) if closed else out


def mirrored(half: np.ndarray) -> np.ndarray:
    """A symmetric closed outline from its right half (traced from the top centre to the bottom centre)."""
    return np.concatenate([half, curves.mirror(half[::-1])[1:]])


def seg(*points: Point) -> np.ndarray:
    return np.asarray(points, dtype=float)


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 28) -> np.ndarray:
    return curves.arc(cx, cy, rx, ry, 0, 360, n)


def rect(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return seg((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))


def offset_between(a: np.ndarray, b: np.ndarray, f: float) -> np.ndarray:
    return np.asarray(a) + f * (np.asarray(b) - np.asarray(a))


# --------------------------------------------------------------------------- a flat


@dataclass
class Flat:
    """One technical drawing in garment units: what the pen draws, before any style is applied."""

    shapes: list[np.ndarray] = field(default_factory=list)   # closed silhouette pieces (filled in solid styles)
    lines: list[np.ndarray] = field(default_factory=list)    # open strokes the garment needs (straps, handles)
    partings: list[np.ndarray] = field(default_factory=list)  # leg gap, coat front: drawn in paper on a solid fill
    details: list[np.ndarray] = field(default_factory=list)  # seams, collars, pockets: optional
    dashes: list[np.ndarray] = field(default_factory=list)   # topstitching: optional, drawn dashed
    dots: list[tuple[float, float, float]] = field(default_factory=list)  # buttons, eyelets (x, y, r)
    side_view: bool = False                                   # shoes and bags: may point either way

    def all_points(self) -> np.ndarray:
        parts = self.shapes + self.lines + self.partings + self.details + self.dashes
        parts += [seg((x - r, y - r), (x + r, y + r)) for x, y, r in self.dots]
        return np.concatenate(parts)


# --------------------------------------------------------------------------- tops


@dataclass
class Top:
    """The key points of a front-view top's right half (x >= 0), y from the shoulder line down."""

    neck_w: float
    neck_d: float
    shoulder: np.ndarray
    underarm: np.ndarray
    cuff_out: np.ndarray
    cuff_in: np.ndarray
    hem: np.ndarray
    hem_d: float  # the hem's centre, below the side (shirt tails) or level

    @property
    def sleeve_dir(self) -> np.ndarray:
        d = self.cuff_in - self.underarm
        return d / (np.linalg.norm(d) + 1e-9)


def make_top(rng, *, sleeve: float, angle: float, length: float, body: float = 0.55, cuff: float = 0.3,
             neck_w: float = 0.24, neck_d: float = 0.18, flare: float = 0.0, hem_d: float = 0.0) -> Top:
    """A top's right half: ``sleeve`` length along the inner seam, hanging ``angle`` degrees below horizontal."""
    shoulder = np.array([body + rng.uniform(0.0, 0.1), rng.uniform(0.06, 0.12)])
    underarm = np.array([body, rng.uniform(0.38, 0.48)])
    a = math.radians(angle)
    d, n = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
    if sleeve <= 0:  # sleeveless: the armhole runs from the shoulder to the underarm
        cuff_in = cuff_out = underarm
    else:
        cuff_in = underarm + sleeve * d
        cuff_out = cuff_in - cuff * n
    hem = np.array([body + flare, length])
    return Top(neck_w, neck_d, shoulder, underarm, cuff_out, cuff_in, hem, hem_d)


def neckline(top: Top, kind: str) -> Path:
    """From the neck's centre front up to the neck point on the shoulder."""
    p = Path((0.0, top.neck_d))
    if kind == "v":
        return p.line((top.neck_w, 0.0))
    return p.curve((top.neck_w * 0.6, top.neck_d), (top.neck_w, top.neck_d * 0.5), (top.neck_w, 0.0))


def armhole(top: Top) -> Path:
    """The armhole seam, shoulder to underarm."""
    s, u = top.shoulder, top.underarm
    return Path(tuple(s)).curve((s[0] - 0.02, s[1] + 0.15), (u[0] + 0.02, u[1] - 0.1), tuple(u))


def body_side(top: Top, rng) -> Path:
    """Underarm down the side seam and along the hem to the centre."""
    u, h = top.underarm, top.hem
    p = Path(tuple(u)).bend(tuple(h), rng.uniform(-0.06, 0.04))
    if top.hem_d > 0:
        return p.curve((h[0] * 0.8, h[1] + top.hem_d), (h[0] * 0.3, h[1] + top.hem_d), (0.0, h[1] + top.hem_d))
    return p.line((0.0, h[1]))


def top_flat(top: Top, rng, neck: str, sleeves: str) -> Flat:
    """The outline of a top, its sleeves joined to the body, as separate pieces, seamed, or single strokes."""
    flat = Flat()
    has_sleeve = np.linalg.norm(top.cuff_in - top.underarm) > 1e-6
    start = neckline(top, neck).line(tuple(top.shoulder))
    if not has_sleeve or sleeves in ("separate", "stroke"):
        half = Path(tuple(start.array()[0]))
        half.points = start.points + armhole(top).points[1:] + body_side(top, rng).points[1:]
        flat.shapes.append(mirrored(half.array()))
        if has_sleeve and sleeves == "separate":
            piece = Path(tuple(top.shoulder)).bend(tuple(top.cuff_out), rng.uniform(-0.05, 0.05))
            piece.line(tuple(top.cuff_in)).line(tuple(top.underarm))
            flat.shapes += both_sides(np.concatenate([piece.array(), armhole(top).array()[::-1][1:]]))
        elif has_sleeve:  # the sleeve as one stroke from the shoulder to the cuff
            mid = offset_between(top.cuff_in, top.cuff_out, 0.5)
            flat.lines += both_sides(seg(tuple(offset_between(top.shoulder, top.underarm, 0.4)), tuple(mid)))
        return flat
    half = Path(tuple(start.array()[0]))
    half.points = start.points[:]
    half.bend(tuple(top.cuff_out), rng.uniform(-0.04, 0.04)).line(tuple(top.cuff_in))
    half.bend(tuple(top.underarm), rng.uniform(-0.03, 0.03))
    half.points += body_side(top, rng).points[1:]
    flat.shapes.append(mirrored(half.array()))
    if sleeves == "seamed":
        flat.details += both_sides(armhole(top).array())
    return flat


def cuff_band(top: Top, depth: float, ribs: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """A cuff's seam across the sleeve ``depth`` from its end, and ``ribs`` rib lines (right side only)."""
    d = top.sleeve_dir
    a, b = top.cuff_out - depth * d, top.cuff_in - depth * d
    ribs_ = [seg(tuple(offset_between(a, b, k)), tuple(offset_between(top.cuff_out, top.cuff_in, k)))
             for k in np.linspace(0.15, 0.85, ribs)] if ribs else []
    return [seg(tuple(a), tuple(b))], ribs_


def hem_band(top: Top, depth: float, ribs: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """A waistband/hem seam across the body and its rib lines."""
    y = top.hem[1] - depth
    x = top.hem[0] - 0.02
    ribs_ = [seg((rib_x, y), (rib_x, top.hem[1])) for rib_x in np.linspace(-x * 0.9, x * 0.9, ribs)] if ribs else []
    return [seg((-x, y), (x, y))], ribs_


def draw_tshirt(rng) -> Flat:
    tank = rng.random() < 0.15
    top = make_top(rng, sleeve=0.0 if tank else rng.uniform(0.15, 0.32), angle=rng.uniform(15, 55),
                   length=rng.uniform(1.05, 1.5), body=rng.uniform(0.48, 0.62), cuff=rng.uniform(0.26, 0.38),
                   neck_w=rng.uniform(0.18, 0.3), neck_d=rng.uniform(0.1, 0.32), flare=rng.uniform(-0.03, 0.06))
    flat = top_flat(top, rng, "v" if rng.random() < 0.25 else "round", sleeve_style(rng))
    rib = neckline(top, "round").array() + [0, 0.05]  # the neck rib, a second line below the neckline
    flat.details.append(np.concatenate([curves.mirror(rib)[::-1], rib]))
    if not tank:
        seam, _ = cuff_band(top, 0.06, 0)
        flat.dashes += sum((both_sides(s) for s in seam), [])
    flat.dashes.append(seg((-top.hem[0] + 0.03, top.hem[1] - 0.06), (top.hem[0] - 0.03, top.hem[1] - 0.06)))
    if rng.random() < 0.3:  # a chest pocket or a print
        flat.details.append(rect(0.12, 0.35, 0.32, 0.58) if rng.random() < 0.5 else ellipse(0, 0.6, 0.22, 0.18))
    return flat


def sleeve_style(rng) -> str:
    return str(rng.choice(["joined", "separate", "seamed", "stroke"], p=[0.45, 0.26, 0.23, 0.06]))


def long_sleeves(rng, hanging_p: float) -> tuple[float, float]:
    """A long sleeve's angle: hanging alongside the body, or spread."""
    if rng.random() < hanging_p:
        return rng.uniform(76, 86), rng.uniform(0.85, 1.05)
    return rng.uniform(28, 62), rng.uniform(0.7, 0.95)


def draw_pullover(rng) -> Flat:
    angle, sleeve = long_sleeves(rng, 0.4)
    length = rng.uniform(1.05, 1.4)
    top = make_top(rng, sleeve=sleeve * length, angle=angle, length=length, body=rng.uniform(0.52, 0.65),
                   cuff=rng.uniform(0.2, 0.3), neck_w=rng.uniform(0.2, 0.28), neck_d=rng.uniform(0.1, 0.28))
    neck = str(rng.choice(["round", "v", "turtle"], p=[0.5, 0.25, 0.25]))
    flat = top_flat(top, rng, "v" if neck == "v" else "round", sleeve_style(rng))
    ribs = int(rng.integers(0, 8))
    seam, rib = cuff_band(top, rng.uniform(0.08, 0.14), ribs // 2)
    for s in seam + rib:
        flat.details += both_sides(s)
    seam, rib = hem_band(top, rng.uniform(0.08, 0.15), ribs * 2)
    flat.details += seam + rib
    if neck == "turtle":  # a rolled collar standing above the neckline
        h = rng.uniform(0.15, 0.3)
        w = top.neck_w + 0.03
        flat.shapes.append(spline([(-w, 0.05), (-w, -h), (0, -h - 0.03), (w, -h), (w, 0.05)], n=6))
        flat.details.append(seg((-w, -h * 0.45), (w, -h * 0.45)))
    else:
        rib_line = neckline(top, neck).array() + [0, 0.06]
        flat.details.append(np.concatenate([curves.mirror(rib_line)[::-1], rib_line]))
    if rng.random() < 0.3:  # cable knit down the front
        for x in (-0.2, 0.2):
            y = np.linspace(0.45, top.hem[1] - 0.2, 24)
            flat.details.append(np.stack([x + 0.05 * np.sin(y * 18), y], axis=1))
    return flat


def draw_shirt(rng) -> Flat:
    short = rng.random() < 0.3
    rolled = not short and rng.random() < 0.25
    angle, sleeve = long_sleeves(rng, 0.35)
    length = rng.uniform(1.15, 1.55)
    if short:
        angle, sleeve = rng.uniform(20, 50), rng.uniform(0.18, 0.32)
    else:
        sleeve *= length * (0.65 if rolled else 1.0)
    top = make_top(rng, sleeve=sleeve, angle=angle, length=length, body=rng.uniform(0.5, 0.6),
                   cuff=rng.uniform(0.22, 0.3), neck_w=rng.uniform(0.16, 0.22), neck_d=rng.uniform(0.06, 0.12),
                   hem_d=rng.uniform(0.0, 0.15))
    flat = top_flat(top, rng, "round", sleeve_style(rng))
    # the collar: a band round the neck and two points falling over the chest
    cw, pt = top.neck_w + rng.uniform(0.04, 0.1), rng.uniform(0.22, 0.36)
    collar = Path((top.neck_w, -0.03)).line((cw, 0.02)).line((rng.uniform(0.1, 0.2), pt)).line((0.0, top.neck_d + 0.04))
    flat.lines += both_sides(collar.array())
    flat.details.append(seg((-top.neck_w, -0.03), (top.neck_w, -0.03)))
    # the button placket and its buttons
    w = rng.uniform(0.04, 0.07)
    flat.details += both_sides(seg((w, top.neck_d + 0.04), (w, top.hem[1] + top.hem_d * 0.9)))
    for y in np.linspace(top.neck_d + 0.15, top.hem[1] - 0.1, int(rng.integers(4, 8))):
        flat.dots.append((0.0, float(y), 0.028))
    if not short:
        seam, _ = cuff_band(top, rng.uniform(0.1, 0.2) if rolled else rng.uniform(0.08, 0.14), 0)
        for s in seam:
            flat.details += both_sides(s)
    if rng.random() < 0.6:  # a chest pocket with a pointed bottom
        x0, y0, x1 = rng.uniform(0.15, 0.22), rng.uniform(0.32, 0.42), rng.uniform(0.36, 0.44)
        pocket = seg((x0, y0), (x1, y0), (x1, y0 + 0.2), ((x0 + x1) / 2, y0 + 0.25), (x0, y0 + 0.2), (x0, y0))
        flat.details.append(curves.mirror(pocket) if rng.random() < 0.5 else pocket)
    if rng.random() < 0.4:  # a back yoke seen over the shoulders
        flat.dashes += both_sides(seg((top.neck_w + 0.02, 0.12), (top.shoulder[0] - 0.02, top.shoulder[1] + 0.08)))
    return flat


def draw_coat(rng) -> Flat:
    angle, sleeve = long_sleeves(rng, 0.6)
    angle = max(angle, rng.uniform(48, 70))  # a coat's sleeves fall more steeply: it stays long, not wide
    length = rng.uniform(2.0, 2.8)
    top = make_top(rng, sleeve=sleeve * rng.uniform(1.0, 1.2), angle=angle, length=length,
                   body=rng.uniform(0.55, 0.68), cuff=rng.uniform(0.26, 0.36), neck_w=rng.uniform(0.2, 0.27),
                   neck_d=rng.uniform(0.35, 0.8), flare=rng.uniform(0.0, 0.2))
    flat = top_flat(top, rng, "v", sleeve_style(rng))
    lap = float(rng.uniform(0.3, 0.45))
    # the front opening, the lapels folding back from the neck to the break point
    brk = top.neck_d
    flat.partings.append(seg((0.0, brk), (0.0, top.hem[1])))
    for side in (1.0, -1.0):
        lapel = Path((top.neck_w, 0.0)).line((top.neck_w + 0.1, 0.18)).line((top.neck_w + 0.04, 0.24))
        lapel.line((lap, 0.3)).bend((0.0, brk), 0.05)
        flat.partings.append(lapel.array() * [side, 1.0])
    hood = rng.random() < 0.2
    if hood:  # a hood standing behind the neck
        w = top.neck_w + 0.12
        flat.shapes.append(spline([(-w, 0.1), (-w - 0.05, -0.35), (0.0, -0.62), (w + 0.05, -0.35), (w, 0.1)], n=8))
        flat.details.append(spline([(-top.neck_w, 0.02), (-0.15, -0.38), (0.15, -0.38), (top.neck_w, 0.02)], n=8))
    double = rng.random() < 0.4
    for y in np.linspace(brk + 0.08, min(brk + 0.9, top.hem[1] * 0.62), int(rng.integers(2, 5))):
        for x in ((-0.14, 0.14) if double else (0.07,)):
            flat.dots.append((x, float(y), 0.035))
    if rng.random() < 0.45:  # a belt at the waist with its buckle
        y = rng.uniform(0.8, 1.0)
        belt_half = top.underarm[0] + 0.02
        flat.details += [seg((-belt_half, y), (belt_half, y)), seg((-belt_half, y + 0.1), (belt_half, y + 0.1)),
                         rect(-0.09, y - 0.03, 0.09, y + 0.13)]
    if rng.random() < 0.6:  # flap pockets on the hips
        y = top.hem[1] * rng.uniform(0.55, 0.7)
        flat.details += both_sides(rect(0.22, y, 0.48, y + 0.1))
    flat.dashes.append(seg((-top.hem[0] + 0.04, top.hem[1] - 0.07), (top.hem[0] - 0.04, top.hem[1] - 0.07)))
    seam, _ = cuff_band(top, rng.uniform(0.1, 0.18), 0)
    for s in seam:
        flat.details += both_sides(s)
    return flat


def draw_dress(rng) -> Flat:
    flat = Flat()
    sleeves = str(rng.choice(["straps", "sleeveless", "short"], p=[0.3, 0.4, 0.3]))
    neck_half, neck_depth = rng.uniform(0.15, 0.25), rng.uniform(0.15, 0.45)
    shoulder_x = neck_half + (rng.uniform(0.05, 0.08) if sleeves == "straps" else rng.uniform(0.12, 0.25))
    bust, waist_w, waist_y = rng.uniform(0.36, 0.46), rng.uniform(0.28, 0.36), rng.uniform(0.65, 0.85)
    length = rng.uniform(1.9, 2.6)
    skirt = str(rng.choice(["a-line", "sheath", "flare"], p=[0.45, 0.25, 0.3]))
    hem_w = {"a-line": rng.uniform(0.6, 0.85), "sheath": rng.uniform(0.36, 0.46),
             "flare": rng.uniform(0.8, 1.05)}[skirt]
    armpit_y = rng.uniform(0.3, 0.4)
    half = Path((0.0, neck_depth)).curve((neck_half * 0.6, neck_depth), (neck_half, neck_depth * 0.4), (neck_half, 0.0))
    half.line((shoulder_x, 0.02))
    if sleeves == "short":  # a short cap sleeve before the armhole
        half.line((shoulder_x + 0.18, 0.22)).line((bust + 0.05, armpit_y + 0.06)).line((bust, armpit_y))
    else:
        half.curve((shoulder_x, 0.15), (bust - 0.05, armpit_y), (bust, armpit_y))
    half.bend((waist_w, waist_y), -0.05)
    if skirt == "flare":
        half.curve((waist_w + 0.1, waist_y + 0.3), (hem_w - 0.1, length - 0.3), (hem_w, length))
    else:
        half.bend((hem_w, length), rng.uniform(-0.05, 0.03))
    half.curve((hem_w * 0.6, length + 0.05), (hem_w * 0.3, length + 0.06), (0.0, length + 0.06))
    flat.shapes.append(mirrored(half.array()))
    flat.details.append(seg((-waist_w, waist_y), (waist_w, waist_y)))
    if rng.random() < 0.6:  # darts from the waist up the bodice
        flat.details += both_sides(seg((0.16, waist_y), (0.18, waist_y - 0.25)))
    if skirt != "sheath" and rng.random() < 0.6:  # pleats or gathers falling from the waist
        for k in np.linspace(-0.7, 0.7, int(rng.integers(2, 6))):
            flat.details.append(seg((k * waist_w, waist_y + 0.02), (k * hem_w, length - 0.1)))
    flat.dashes.append(seg((-hem_w + 0.05, length - 0.05), (hem_w - 0.05, length - 0.05)))
    if rng.random() < 0.25:  # a sash bow at the waist
        flat.details += both_sides(seg((0.0, waist_y), (0.15, waist_y - 0.08), (0.15, waist_y + 0.08), (0.0, waist_y)))
    return flat


def draw_trouser(rng) -> Flat:
    flat = Flat()
    kind = str(rng.choice(["straight", "wide", "flared", "culottes", "jeans", "skinny"],
                          p=[0.22, 0.17, 0.14, 0.13, 0.22, 0.12]))
    top_w = rng.uniform(0.42, 0.55)
    hip = top_w + rng.uniform(0.0, 0.06)
    length = {"culottes": rng.uniform(1.1, 1.5)}.get(kind, rng.uniform(2.1, 2.8))
    crotch = rng.uniform(0.55, 0.75) if kind != "culottes" else rng.uniform(0.5, 0.6)
    leg_w = {"straight": 0.42, "wide": 0.55, "flared": 0.6, "culottes": 0.62, "jeans": 0.4, "skinny": 0.3}[kind]
    leg_w *= hip * rng.uniform(1.8, 2.1) / 2
    spread = rng.uniform(0.0, 0.3) if rng.random() < 0.45 else 0.0  # legs parallel or apart
    out_x = hip + spread + (0.12 if kind in ("flared", "wide", "culottes") else 0.0) - (0.05 if kind == "skinny" else 0)
    in_x = max(out_x - 2 * leg_w * 0.5 - 0.12 * (kind in ("flared",)), 0.02) if spread == 0 else out_x - leg_w
    in_x = min(in_x, out_x - 0.18)
    gap_only = spread == 0 and rng.random() < 0.3  # legs touching: only the line between them
    if gap_only:
        in_x = 0.0
    knee = crotch + (length - crotch) * 0.5
    half = Path((0.0, 0.0)).line((top_w, 0.0)).bend((hip, crotch * 0.6), -0.04)
    if kind == "flared":
        half.line((hip - 0.08 + spread * 0.5, knee)).line((out_x, length))
    else:
        half.bend((out_x, length), rng.uniform(-0.03, 0.02))
    half.line((in_x, length))
    if gap_only:
        half.line((0.0, length - 0.06))
    else:
        if kind == "flared":  # the inner seam narrows to the knee before flaring out
            half.line(((in_x + 0.08) * 0.9 + 0.02, knee))
        half.curve((in_x * 0.5 + 0.02, crotch + 0.15), (0.05, crotch + 0.02), (0.0, crotch))
    flat.shapes.append(mirrored(half.array()))
    if gap_only:
        flat.partings.append(seg((0.0, crotch), (0.0, length - 0.06)))
    band = rng.uniform(0.08, 0.14)
    flat.details.append(seg((-top_w, band), (top_w, band)))
    if kind == "jeans" or rng.random() < 0.4:  # the fly's J-stitch
        fly = Path((0.0, band)).line((0.0, crotch - 0.08)).curve((0.05, crotch), (0.1, crotch - 0.05), (0.1, band))
        (flat.dashes if kind == "jeans" else flat.details).append(fly.array()[:-1])
    if kind == "jeans" or rng.random() < 0.5:  # front pockets curving from the waist to the side seam
        pocket = Path((top_w * 0.45, band)).curve((top_w * 0.5, band + 0.12), (hip - 0.1, 0.28), (hip - 0.01, 0.3))
        flat.details += both_sides(pocket.array())
    if kind == "jeans":
        flat.details.append(rect(top_w * 0.52, band + 0.04, top_w * 0.78, band + 0.12))  # coin pocket
        flat.dashes += both_sides(seg((out_x - 0.04, length - 0.08), (in_x + 0.04, length - 0.08)))
        for x in (-top_w * 0.7, -0.1, 0.1, top_w * 0.7):  # belt loops
            flat.details.append(seg((x, 0.0), (x, band + 0.03)))
    elif rng.random() < 0.5:  # pressed creases down the legs
        mid = (out_x + in_x) / 2
        flat.details += both_sides(seg((hip * 0.55, crotch * 0.6), (mid, length - 0.05)))
    if kind in ("straight", "wide") and rng.random() < 0.3:  # turn-ups
        flat.details += both_sides(seg((in_x, length - 0.12), (out_x, length - 0.12)))
    return flat


# --------------------------------------------------------------------------- shoes (side views, toe to the left)


def sole(rng, length: float, heel: float, thick: float, wedge: bool = False) -> tuple[Path, np.ndarray, float]:
    """The sole's top edge from the heel's back to the toe, the heel (or wedge) piece, and the toe's ground line.

    Returns (the sole's outline piece, the heel's closed shape or an empty array, the ground y)."""
    ground = 1.0
    seat = ground - thick - heel  # where the heel of the foot rests
    sole_top = Path((length, seat)).curve((length * 0.6, seat), (length * 0.45, ground - thick), (0.35, ground - thick))
    sole_top.curve((0.1, ground - thick), (0.0, ground - thick - 0.02), (0.0, ground - thick * 0.5))
    if heel <= 0.05:
        return sole_top, np.zeros((0, 2)), ground
    x0 = length - rng.uniform(0.35, 0.55)
    if wedge:
        shape = seg((length, seat), (length - 0.02, ground), (length * 0.4, ground), (length * 0.35, ground - thick),
                    (length, seat))
    else:
        narrow = rng.uniform(0.0, 0.16)
        shape = seg((x0, seat), (length, seat), (length - 0.04, ground), (x0 + 0.05 + narrow, ground), (x0, seat))
    return sole_top, shape, ground


def draw_sandal(rng) -> Flat:
    flat = Flat(side_view=True)
    length = 2.0
    kind = str(rng.choice(["strappy", "thong", "slide", "gladiator", "heeled"], p=[0.3, 0.15, 0.15, 0.12, 0.28]))
    heel = rng.uniform(0.4, 0.9) if kind == "heeled" else (rng.uniform(0.0, 0.15) if rng.random() < 0.6 else 0.35)
    thick = rng.uniform(0.06, 0.15)
    top, heel_shape, ground = sole(rng, length, heel, thick, wedge=heel > 0.2 and rng.random() < 0.3)
    # the sole: its top edge, the toe and the ground
    outline = top.array()
    if heel <= 0.05:
        outline = np.concatenate([outline, seg((0.05, ground), (length, ground), (length, outline[0][1]))])
        flat.shapes.append(outline)
    else:
        toe_line = seg((0.05, ground - thick * 0.2), (length * 0.4, ground - thick * 0.3))  # the sole under the toes
        flat.lines.append(np.concatenate([outline, toe_line]))
        flat.shapes.append(heel_shape)
    # where the straps rise from, along the sole's top edge
    def on_sole(x: float) -> tuple[float, float]:
        i = int(np.argmin(np.abs(outline[:, 0] - x)))
        return float(outline[i, 0]), float(outline[i, 1])
    ankle = (length - 0.2, on_sole(length - 0.2)[1] - rng.uniform(0.6, 0.9))
    if kind == "slide":  # one broad band over the forefoot
        a, b = on_sole(0.35), on_sole(1.1)
        h = rng.uniform(0.4, 0.6)
        band = Path(a).curve((a[0], a[1] - h), (b[0], b[1] - h * 0.8), b).curve((b[0] - 0.25, b[1] - h * 0.4),
                                                                                (a[0] + 0.2, a[1] - h * 0.4), a)
        flat.shapes.append(band.array())
        return flat
    if kind == "thong":  # a post between the toes forking to both sides
        post, instep = on_sole(0.45), (1.0, on_sole(1.0)[1] - rng.uniform(0.35, 0.5))
        flat.lines += [seg(post, instep), Path(instep).bend(on_sole(1.25), 0.2).array()]
    else:
        for x in np.linspace(0.35, 1.1, int(rng.integers(1, 4))):  # straps over the toes and the instep
            a, b = on_sole(x), on_sole(x + rng.uniform(0.25, 0.4))
            h = rng.uniform(0.3, 0.55) * (1 + x * 0.5)
            flat.lines.append(Path(a).curve((a[0], a[1] - h), (b[0], b[1] - h), b).array())
    if kind in ("gladiator",):  # a shaft of straps up the ankle
        top_y = ankle[1] - rng.uniform(0.3, 0.6)
        flat.lines.append(seg((length - 0.02, on_sole(length - 0.05)[1]), (length - 0.05, top_y)))
        for y in np.linspace(ankle[1] + 0.2, top_y, int(rng.integers(3, 6))):
            flat.lines.append(seg((length - 0.05, y), (length - 0.5, y + 0.05)))
        flat.lines.append(seg((length - 0.5, top_y + 0.05), (1.2, on_sole(1.2)[1] - 0.35), on_sole(1.1)))
    elif kind != "slide" and rng.random() < 0.8:  # an ankle strap and the back strap down to the heel
        flat.lines.append(ellipse(ankle[0] - 0.1, ankle[1], rng.uniform(0.22, 0.32), 0.06))
        flat.lines.append(seg((length - 0.05, ankle[1]), on_sole(length - 0.05)))
        flat.dots.append((ankle[0] - 0.35, ankle[1], 0.04))  # the buckle
    return flat


def draw_sneaker(rng) -> Flat:
    flat = Flat(side_view=True)
    length, thick = 2.0, rng.uniform(0.14, 0.26)
    ground, sole_top = 1.0, 1.0 - thick
    collar = rng.uniform(0.08, 0.32)  # the top of the collar at the heel
    heel_x = length - rng.uniform(0.0, 0.05)
    upper = Path((0.05, sole_top)).curve((0.0, sole_top - 0.3), (0.3, sole_top - 0.4), (0.6, sole_top - 0.42))
    upper.line((1.15, collar + rng.uniform(0.0, 0.1)))  # up the laced vamp to the tongue
    upper.line((1.2, collar - rng.uniform(0.08, 0.18))).line((1.3, collar + 0.05))  # the tongue
    upper.curve((1.5, collar + 0.12), (1.75, collar + 0.05), (1.88, collar - 0.05))  # the collar's dip
    upper.curve((heel_x + 0.02, collar + 0.15), (heel_x, sole_top - 0.2), (heel_x, sole_top))
    sole_path = Path((heel_x, sole_top)).line((heel_x + 0.02, ground - 0.03)).curve(
        (heel_x, ground), (heel_x - 0.1, ground), (length - 0.2, ground))
    sole_path.line((0.25, ground)).curve((0.05, ground), (-0.05, ground - thick * 0.5), (0.05, sole_top))
    flat.shapes.append(np.concatenate([upper.array(), sole_path.array()[1:]]))
    flat.details.append(seg((0.08, sole_top), (heel_x, sole_top)))  # where the upper meets the sole
    if rng.random() < 0.7:  # laces across the vamp and their eyelets
        n = int(rng.integers(3, 7))
        for k in np.linspace(0.1, 0.9, n):
            p = offset_between((0.62, sole_top - 0.38), (1.12, collar + 0.06), k)
            flat.details.append(seg((p[0] - 0.06, p[1] - 0.02), (p[0] + 0.1, p[1] + 0.12)))
            flat.dots.append((p[0] + 0.1, p[1] + 0.12, 0.02))
    if rng.random() < 0.6:  # a toe cap
        flat.details.append(Path((0.45, sole_top - 0.38)).bend((0.4, sole_top), 0.35).array())
    if rng.random() < 0.5:  # a side stripe
        flat.details.append(Path((0.8, sole_top - 0.05)).curve((1.1, sole_top - 0.25), (1.4, sole_top - 0.25),
                                                               (1.55, collar + 0.2)).array())
    if rng.random() < 0.5:  # a heel tab
        flat.details.append(seg((heel_x - 0.12, collar + 0.05), (heel_x - 0.1, sole_top - 0.1)))
    flat.dashes.append(seg((0.12, sole_top - 0.05), (heel_x - 0.05, sole_top - 0.05)))
    if rng.random() < 0.4:  # tread on the sole's side
        flat.dashes.append(seg((0.2, ground - thick * 0.45), (length - 0.2, ground - thick * 0.45)))
    return flat


def draw_boot(rng) -> Flat:
    flat = Flat(side_view=True)
    length = 2.0
    heel = rng.uniform(0.15, 0.45) if rng.random() < 0.55 else 0.03
    thick = rng.uniform(0.07, 0.16)
    top, heel_shape, ground = sole(rng, length, heel, thick)
    shaft_top = top.array()[0][1] - rng.uniform(0.9, 1.6)  # high or low ankle
    front_x = rng.uniform(0.95, 1.15)
    back_x = length + rng.uniform(-0.08, 0.02)
    upper = Path((0.0, ground - thick * 0.5)).curve((-0.02, ground - 0.45), (0.4, ground - 0.55), (0.8, ground - 0.62))
    upper.bend((front_x, shaft_top), rng.uniform(-0.06, 0.02)).line((back_x - 0.05, shaft_top - rng.uniform(0, 0.08)))
    upper.bend((back_x, top.array()[0][1]), rng.uniform(-0.04, 0.06))
    outline = np.concatenate([upper.array(), top.array()[1:]])
    if heel <= 0.05:
        back = tuple(outline[len(upper.array())])
        outline = np.concatenate([outline[:-1], seg((0.05, ground), (length, ground), back)])
    else:
        outline = np.concatenate([outline, seg((0.05, ground - thick * 0.2), (length * 0.6, ground - thick * 0.2))])
        flat.shapes.append(heel_shape)
    flat.shapes.append(outline)
    fasten = str(rng.choice(["zip", "laces", "chelsea", "plain"], p=[0.3, 0.3, 0.25, 0.15]))
    if fasten == "zip":  # a zip up the inner side
        x = rng.uniform(1.3, 1.7)
        flat.details.append(seg((x, shaft_top + 0.03), (x, ground - thick - 0.25)))
        flat.dots.append((x, shaft_top + 0.1, 0.035))
    elif fasten == "laces":
        for k in np.linspace(0.1, 0.9, int(rng.integers(3, 7))):
            p = offset_between((0.85, ground - 0.62), (front_x, shaft_top), k)
            flat.details.append(seg((p[0] - 0.05, p[1]), (p[0] + 0.2, p[1] + 0.06)))
    elif fasten == "chelsea":  # the elastic gusset
        mid = rng.uniform(1.35, 1.55)
        flat.details.append(Path((mid - 0.2, shaft_top)).curve((mid - 0.15, shaft_top + 0.6),
                                                               (mid + 0.15, shaft_top + 0.6),
                                                               (mid + 0.2, shaft_top)).array())
    if rng.random() < 0.6:  # a pull tab at the back of the shaft
        flat.lines.append(seg((back_x - 0.16, shaft_top + 0.02), (back_x - 0.15, shaft_top - 0.14),
                              (back_x - 0.05, shaft_top - 0.14), (back_x - 0.04, shaft_top + 0.02)))
    if rng.random() < 0.5:
        flat.dashes.append(Path((0.15, ground - thick - 0.05)).line((length - 0.1, top.array()[0][1] - 0.05)).array())
    if rng.random() < 0.4:  # a toe cap
        flat.details.append(Path((0.55, ground - 0.58)).bend((0.45, ground - thick), 0.3).array())
    return flat


# --------------------------------------------------------------------------- bags


def draw_bag(rng) -> Flat:
    flat = Flat(side_view=True)
    kind = str(rng.choice(["tote", "handbag", "backpack", "clutch", "shoulder"], p=[0.22, 0.26, 0.18, 0.14, 0.2]))
    width = {"clutch": rng.uniform(1.0, 1.2)}.get(kind, rng.uniform(0.7, 1.0))  # half widths, like top and bottom
    height = {"clutch": rng.uniform(0.45, 0.65), "backpack": rng.uniform(1.1, 1.4)}.get(kind, rng.uniform(0.7, 1.05))
    taper = rng.uniform(-0.12, 0.15)  # wider at the top (-) or the bottom (+)
    radius = rng.uniform(0.02, 0.25) if kind != "backpack" else rng.uniform(0.3, 0.5)
    top, bottom = width - taper, width
    if kind == "backpack":  # a rounded top
        body = Path((-top + radius, 0.0)).curve((-top + radius * 0.2, 0.0), (-top, radius * 0.4), (-top, radius))
        body.line((-bottom, height - 0.12)).curve((-bottom, height), (-bottom + 0.05, height), (-bottom + 0.15, height))
        body.line((bottom - 0.15, height))
        body.curve((bottom - 0.05, height), (bottom, height), (bottom, height - 0.12)).line((top, radius))
        body.curve((top, radius * 0.4), (top - radius * 0.2, 0), (top - radius, 0))
        body.line((-top + radius, 0.0))
    else:
        body = Path((-top, 0.0)).line((top, 0.0)).line((bottom, height - radius))
        body.curve((bottom, height), (bottom, height), (bottom - radius, height))
        body.line((-bottom + radius, height))
        body.curve((-bottom, height), (-bottom, height), (-bottom, height - radius)).line((-top, 0.0))
    flat.shapes.append(body.array())
    if kind in ("tote", "handbag"):  # handles: two straps for a tote, one arch for a handbag
        handle_height = rng.uniform(0.35, 0.7)
        spots = ((-top * 0.6, -top * 0.15), (top * 0.15, top * 0.6)) if kind == "tote" and rng.random() < 0.5 else \
            ((-top * 0.55, top * 0.55),)
        for a, b in spots:
            arch = Path((a, 0.0)).curve((a, -handle_height * 1.3), (b, -handle_height * 1.3), (b, 0.0)).array()
            flat.lines.append(arch)
            if rng.random() < 0.4:  # the handle's inner edge: a strap of width
                inner = -handle_height * 1.05
                flat.details.append(Path((a + 0.08, 0.0)).curve((a + 0.08, inner), (b - 0.08, inner),
                                                                (b - 0.08, 0.0)).array())
    elif kind == "backpack":
        flat.lines.append(Path((-0.2, 0.02)).curve((-0.2, -0.25), (0.2, -0.25), (0.2, 0.02)).array())  # the grab loop
        flat.details.append(rect(-bottom * 0.65, height * 0.55, bottom * 0.65, height * 0.92))  # the front pocket
        for side in (-1, 1):
            flat.lines.append(seg((side * (top - 0.05), radius), (side * (bottom + 0.12), height * 0.55),
                                  (side * (bottom - 0.02), height * 0.85)))
    elif kind == "shoulder":  # a long strap to the shoulder
        peak = -rng.uniform(0.6, 1.2)
        strap = Path((-top + 0.05, 0.0)).curve((-top * 0.5, peak), (top * 0.5, peak), (top - 0.05, 0.0))
        flat.lines.append(strap.array())
    if kind in ("handbag", "shoulder", "clutch") and rng.random() < 0.7:  # a flap with its clasp
        depth = height * rng.uniform(0.35, 0.6)
        if rng.random() < 0.5:
            flat.details.append(seg((-top, 0.0), (0.0, depth), (top, 0.0)))
        else:
            flap = Path((-top, 0.02)).line((-top, depth - 0.1)).bend((top, depth - 0.1), 0.1).line((top, 0.02))
            flat.details.append(flap.array())
        flat.details.append(rect(-0.07, depth - 0.08, 0.07, depth + 0.05))
    elif rng.random() < 0.6:  # a zip along the top
        flat.dashes.append(seg((-top + 0.1, 0.1), (top - 0.1, 0.1)))
        flat.dots.append((top - 0.15, 0.18, 0.035))
    if kind == "tote" and rng.random() < 0.5:  # buckles where the handles meet the bag
        for x in (-top * 0.55, top * 0.55):
            flat.details.append(rect(x - 0.06, 0.02, x + 0.06, 0.15))
    return flat


DRAWERS = (draw_tshirt, draw_trouser, draw_pullover, draw_dress, draw_coat,
           draw_sandal, draw_shirt, draw_sneaker, draw_bag, draw_boot)


# --------------------------------------------------------------------------- the person's hand


@dataclass
class Hand:
    """How one drawing is drawn: pen, ink, fill, detail, wobble and where it sits on the canvas."""

    pen_frac: float      # the pen's width as a fraction of the drawing's extent
    ink: int             # the pen's grey (0 black ... 110)
    fill: str            # "outline", "solid" or "hatch"
    detail: float        # the chance each optional detail is drawn
    dash_p: float        # the chance topstitching is drawn
    gaps: int            # outline gaps left open
    wobble: float        # the wobble's size in garment units
    angle: float         # rotation, degrees
    extent: float        # the drawing's larger side / canvas side
    detail_pen: float    # the detail pen relative to the outline pen

    @classmethod
    def pick(cls, rng) -> Hand:
        fill = str(rng.choice(["outline", "solid", "hatch"], p=[0.72, 0.14, 0.14]))
        return cls(pen_frac=float(math.exp(rng.uniform(math.log(0.007), math.log(0.07)))),
                   ink=int(rng.integers(0, 111)), fill=fill,
                   detail=float(rng.choice([0.0, 0.5, 1.0], p=[0.2, 0.35, 0.45])),
                   dash_p=float(rng.uniform(0.0, 1.0)), gaps=int(rng.choice([0, 1, 2], p=[0.65, 0.25, 0.1])),
                   wobble=float(rng.choice([0.0, rng.uniform(0.005, 0.03)], p=[0.5, 0.5])),
                   angle=float(rng.uniform(-15, 15) if rng.random() < 0.6 else rng.uniform(-4, 4)),
                   extent=float(rng.uniform(0.36, 0.9)), detail_pen=float(rng.uniform(0.45, 1.0)))


def wobbled(parts: list[np.ndarray], amount: float, rng) -> list[np.ndarray]:
    """A smooth hand tremor: one random displacement field for the whole drawing, so pieces still meet."""
    if amount <= 0:
        return parts
    k = rng.uniform(2.0, 6.0, size=(3, 2, 2))
    phase = rng.uniform(0, 2 * math.pi, size=(3, 2))

    def shift(p: np.ndarray) -> np.ndarray:
        out = p.copy()
        for i in range(3):
            for axis in (0, 1):
                out[:, axis] += amount / (i + 1) * np.sin(p @ k[i, axis] + phase[i, axis])
        return out
    return [shift(p) for p in parts]


def dashed(p: np.ndarray, dash: float, gap: float) -> list[np.ndarray]:
    """Pieces of a polyline: ``dash`` long, ``gap`` apart (in the polyline's units)."""
    d = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(p, axis=0), axis=1))]
    out = []
    s = 0.0
    while s < d[-1]:
        t = np.linspace(s, min(s + dash, d[-1]), 4)
        out.append(np.stack([np.interp(t, d, p[:, 0]), np.interp(t, d, p[:, 1])], axis=1))
        s += dash + gap
    return out


def with_gap(p: np.ndarray, rng, size: float) -> list[np.ndarray]:
    """A closed outline left open at one place: the pen lifted a little early."""
    d = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(p, axis=0), axis=1))]
    if d[-1] <= 3 * size:
        return [p]
    # resampled evenly, so a long straight edge loses only the gap and not the whole edge
    start = rng.uniform(0, d[-1])
    t = start + size + np.linspace(0.0, d[-1] - size, max(8, int((d[-1] - size) / 3)))
    t %= d[-1]
    return [np.stack([np.interp(t, d, p[:, 0]), np.interp(t, d, p[:, 1])], axis=1)]


# --------------------------------------------------------------------------- drawing


def place(flat: Flat, hand: Hand, rng, size: int, mirror: bool):
    """The transform from garment units to canvas pixels: rotate, scale to the extent, put somewhere on the canvas.

    Returns (a function mapping points, the outline pen's width in pixels)."""
    pts = flat.all_points()
    if mirror:
        pts = pts * [-1.0, 1.0]
    a = math.radians(hand.angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    turned = pts @ rot.T
    lo, hi = turned.min(axis=0), turned.max(axis=0)
    span = float(max(hi - lo))
    drawn = hand.extent * size
    pen = float(np.clip(hand.pen_frac * drawn, 2.0 * size / SIZE, 28.0 * size / SIZE))
    scale = (drawn - pen) / span
    room = size - (hi - lo) * scale - pen - 8  # the free space left for an off-centre placement
    corner = np.array([rng.uniform(0, max(room[0], 0)), rng.uniform(0, max(room[1], 0))]) + 4 + pen / 2
    centre = rng.random() < 0.5  # half the people draw in the middle of the canvas
    if centre:
        corner = (size - (hi - lo) * scale) / 2 + rng.normal(0, size * 0.01, 2)

    def to_px(p: np.ndarray) -> np.ndarray:
        q = p * [-1.0, 1.0] if mirror else p
        return (q @ rot.T - lo) * scale + corner
    return to_px, pen


def hatch(size: int, spacing: float, angle: float, width: int) -> Image.Image:
    """A canvas of parallel ink lines (255 = ink) to be cut to a silhouette."""
    layer = Image.new("L", (size, size), 0)
    pen = ImageDraw.Draw(layer)
    a = math.radians(angle)
    d, n = np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])
    c = np.array([size / 2, size / 2])
    for k in np.arange(-size, size, spacing):
        p, q = c + k * n - size * d, c + k * n + size * d
        pen.line([tuple(p), tuple(q)], fill=255, width=width)
    return layer


def render(flat: Flat, hand: Hand, rng, size: int) -> Image.Image:
    """The flat drawn on white paper in the hand's style."""
    mirror = flat.side_view and rng.random() < 0.5
    to_px, pen_w = place(flat, hand, rng, size, mirror)
    parts = wobbled(flat.shapes + flat.lines + flat.partings + flat.details + flat.dashes, hand.wobble, rng)
    cuts = [0, *np.cumsum([len(flat.shapes), len(flat.lines), len(flat.partings), len(flat.details)]), len(parts)]
    shapes, lines, partings, details, dashes = (parts[a:b] for a, b in zip(cuts, cuts[1:]))
    shapes_px = [to_px(s) for s in shapes]

    ink = Image.new("L", (size, size), 0)  # 255 = full ink, turned into grey at the end
    pen = ImageDraw.Draw(ink)
    if hand.fill != "outline":
        mask = Image.new("L", (size, size), 0)
        mask_pen = ImageDraw.Draw(mask)
        for s in shapes_px:
            mask_pen.polygon([tuple(q) for q in s.tolist()], fill=255)
        if hand.fill == "hatch":  # hatching or a scribble, cut to the silhouette
            spacing = max(pen_w * rng.uniform(2.0, 4.0), 5.0 * size / SIZE)
            mask = Image.fromarray(np.minimum(np.asarray(mask), np.asarray(
                hatch(size, spacing, rng.uniform(20, 160), max(1, int(pen_w * rng.uniform(0.5, 1.0)))))))
        ink.paste(255, mask=mask)

    for s in shapes_px:
        if hand.fill == "outline" and hand.gaps and rng.random() < 0.7:
            gap = hand.extent * size * rng.uniform(0.015, 0.05)
            for piece in with_gap(s, rng, gap):
                round_stroke(pen, piece, pen_w, 255, min_cap_radius=1.5)
        else:
            round_stroke(pen, s, pen_w, 255, min_cap_radius=1.5)
    for s in lines:
        round_stroke(pen, to_px(s), pen_w, 255, min_cap_radius=1.5)
    # details over a solid silhouette are drawn in white (paper), as a designer's reverse lines
    detail_value = 0 if hand.fill == "solid" else 255
    detail_w = max(pen_w * hand.detail_pen, 2.0 * size / SIZE)
    for s in partings:
        round_stroke(pen, to_px(s), max(detail_w, pen_w * 0.8), detail_value, min_cap_radius=1.5)
    if hand.fill == "solid" and rng.random() < 0.5:
        details, dashes, dots = [], [], []
    else:
        dots = flat.dots
    for s in details:
        if rng.random() < hand.detail:
            round_stroke(pen, to_px(s), detail_w, detail_value, min_cap_radius=1.5)
    if rng.random() < hand.dash_p * hand.detail:
        scale = np.linalg.norm(to_px(seg((0, 0), (1, 0)))[1] - to_px(seg((0, 0), (1, 0)))[0])
        dash = max(detail_w * 2.5, scale * 0.05)
        for s in dashes:
            for piece in dashed(to_px(s), dash, dash * 0.7):
                round_stroke(pen, piece, max(detail_w * 0.7, 2.0 * size / SIZE), detail_value, min_cap_radius=1.5)
    if hand.detail > 0:
        one = to_px(seg((0, 0), (1, 0)))
        unit = float(np.linalg.norm(one[1] - one[0]))
        for x, y, r in dots:
            cx, cy = to_px(seg((x, y)))[0]
            radius = max(r * unit, detail_w * 0.8)
            pen.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=detail_value)

    value = np.asarray(ink, dtype=np.float32) / 255.0
    gray = np.round(255.0 - value * (255.0 - hand.ink)).astype(np.uint8)
    gray[:2, :] = gray[-2:, :] = 255
    gray[:, :2] = gray[:, -2:] = 255
    return Image.fromarray(gray).convert("RGB")


def fits(image: Image.Image) -> bool:
    """The canvas contract: enough white paper and a drawing of a sensible size."""
    grey = np.asarray(image)[..., 0]
    inked = grey < 255
    if not inked.any() or (~inked).mean() < MIN_PAPER + 0.02:  # a margin above the rule
        return False
    ys, xs = np.nonzero(inked)
    extent = max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) / grey.shape[0]
    return SPAN[0] <= extent <= 0.95 and grey.min() <= MAX_DARKEST


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One fashion-flat drawing of class ``label``: grey ink on a white ``size`` x ``size`` RGB canvas."""
    flat = DRAWERS[check_label(label)](rng)
    hand = Hand.pick(rng)
    for _ in range(4):  # a drawing too big for the contract is redrawn smaller (and outline-only at last)
        image = render(flat, hand, rng, size)
        if fits(image):
            return image
        hand.extent = max(0.36, hand.extent * 0.85)
        hand.fill = "outline" if hand.fill == "solid" else hand.fill
    return image
