"""Garment drawings made by the project itself, the way a person sketches on the app's pad.

Black strokes on a white canvas: mostly a closed outline of the garment, sometimes a few
inner lines (collar, buttons, zip, pocket, laces, straps, handle, crease). Every drawing is
built from a random parametric shape of its class (sleeve length, shoulder width, leg
width, dress flare, heel height, boot shaft, bag handle...), placed at a random scale,
position and slight rotation, and drawn with wobbly strokes of a sketchpad brush width.
Nothing here is taken from Fashion-MNIST; shoes point their toe to the left as the
dataset's photos do.

Uses: the app's example row (:func:`write_examples`, ``examples/``) and a fixed set for
measuring how well the model reads drawings (:func:`drawing_set`).

    python -m nin.lab.drawings --out DIR [--n-per-class N] [--seed S] [--examples FOLDER]

writes ``DIR/drawings.png``, a contact sheet of a drawing set with the class names.
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..preprocess import CLASSES

SIZE = 448                  # the app's sketchpad canvas
STROKE_RANGE = (6, 16)      # brush width in pixels on a 448 canvas (inclusive)
SPAN_RANGE = (0.55, 0.90)   # the garment's longest side, as a share of the canvas
MAX_ROTATION = 8.0          # degrees
SUPERSAMPLE = 2             # drawn at 2x and reduced, for the soft edge of a web brush
EXAMPLES_SEED = 12          # seed of the committed examples/ (see write_examples)


def slug(name: str) -> str:
    """'T-shirt/top' -> 't-shirt-top', 'Ankle boot' -> 'ankle-boot'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


SLUGS = tuple(slug(c) for c in CLASSES)


def example_name(label: int) -> str:
    """File name of a class's example drawing, e.g. '0_t-shirt-top.png'."""
    return f"{label}_{SLUGS[label]}.png"


# ----------------------------------------------------------------------------------------
# Geometry helpers (garment units: x to the right, y downwards, size about 1)

def _bez(*ctrl, n: int = 16) -> np.ndarray:
    """Points of a Bezier curve through its end points, with the given control points."""
    p = np.asarray(ctrl, dtype=float)
    k = len(p) - 1
    t = np.linspace(0.0, 1.0, n)[:, None]
    return sum(math.comb(k, i) * t ** i * (1 - t) ** (k - i) * p[i] for i in range(k + 1))


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> np.ndarray:
    """Points of an ellipse arc, angles in degrees (0 = right, 90 = down)."""
    a = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)


def _chain(*parts) -> np.ndarray:
    """Concatenate points and point arrays into one polyline, without repeated points."""
    pts = np.concatenate([np.atleast_2d(np.asarray(p, dtype=float)) for p in parts])
    keep = np.ones(len(pts), dtype=bool)
    keep[1:] = np.linalg.norm(np.diff(pts, axis=0), axis=1) > 1e-9
    return pts[keep]


def _mirror(pts) -> np.ndarray:
    pts = np.array(pts, dtype=float)
    pts[:, 0] *= -1
    return pts


def _symmetric(right) -> np.ndarray:
    """A closed outline from its right half, drawn from the top centre to the bottom centre."""
    right = _chain(right)
    full = _chain(right, _mirror(right)[::-1])
    if np.linalg.norm(full[0] - full[-1]) < 1e-9:
        full = full[:-1]
    return full


def _lerp(a, b, t: float) -> np.ndarray:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a + (b - a) * t


class _Sketch:
    """The strokes of one drawing, in garment units, before placement."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.strokes: list[tuple[np.ndarray, bool]] = []

    def u(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi))

    def p(self, prob: float) -> bool:
        return bool(self.rng.random() < prob)

    def line(self, pts, closed: bool = False) -> None:
        self.strokes.append((_chain(pts), closed))

    def both(self, pts, closed: bool = False) -> None:
        """A stroke and its mirror image (about x = 0)."""
        self.line(pts, closed)
        self.line(_mirror(_chain(pts)), closed)

    def dot(self, x: float, y: float) -> None:
        self.strokes.append((np.array([[x, y]], dtype=float), False))


# ----------------------------------------------------------------------------------------
# Tops: T-shirt/top, Pullover, Coat, Shirt

def _neckline(nw: float, nd: float, kind: str, n: int = 14) -> np.ndarray:
    """Right half of a front neckline, from the centre (0, nd) to the neck point (nw, 0)."""
    if kind == "v":
        return _chain((0.0, nd), (nw, 0.0))
    if kind == "square":
        return _chain((0.0, nd), (nw * 0.9, nd), (nw, 0.0))
    return _bez((0.0, nd), (nw * 0.85, nd), (nw, 0.0), n=n)


def _top(sk: _Sketch, sleeves: str, neck: str, nw: float, nd: float, length: float,
         shirttail: bool = False, hem_flare: tuple[float, float] = (0.98, 1.08)) -> dict:
    """The outline of a top (right half mirrored); returns its key points for details."""
    sh, sy = sk.u(0.23, 0.30), sk.u(0.02, 0.07)
    bw = sh * sk.u(0.86, 0.98)
    H = length
    if sleeves == "short":
        a = math.radians(sk.u(22, 48))
        L = sk.u(0.16, 0.27)
        wc = sk.u(0.13, 0.19)
        ay = sy + sk.u(0.16, 0.23)
    else:  # long
        a = math.radians(sk.u(62, 80))
        L = H * sk.u(0.78, 0.95)
        wc = sk.u(0.09, 0.14)
        ay = sy + sk.u(0.19, 0.27)
    d = np.array([math.cos(a), math.sin(a)])
    across = np.array([-math.sin(a), math.cos(a)])  # from the sleeve's top edge to its under edge
    S = np.array([sh, sy])
    O = S + L * d
    C = O + wc * across
    A = np.array([bw, ay])
    hw = bw * sk.u(*hem_flare)
    waist = sk.u(0.93, 1.0)
    side = _bez(A, (bw * waist, (ay + H) / 2), (hw, H), n=12)
    if shirttail:
        dip = sk.u(0.03, 0.07)
        hem = _bez((hw, H), (hw * 0.5, H + dip * 0.2), (0.0, H + dip), n=10)
    else:
        hem = _chain((hw, H), (0.0, H))
    right = _chain(_neckline(nw, nd, neck), S, O, C, A, side, hem)
    sk.line(_symmetric(right), closed=True)
    return dict(nw=nw, nd=nd, S=S, O=O, C=C, A=A, d=d, across=across, hw=hw, H=H, bw=bw)


def _side_x(g: dict, y: float) -> float:
    """x of the top's side seam at height y (between armpit and hem)."""
    t = np.clip((y - g["A"][1]) / (g["H"] - g["A"][1]), 0.0, 1.0)
    return float(g["bw"] + (g["hw"] - g["bw"]) * t)


def _cuffs(sk: _Sketch, g: dict, depth: float) -> None:
    under = g["A"] - g["C"]  # the sleeve's under edge, from the cuff to the armpit
    o, c = g["O"] - depth * g["d"], g["C"] + depth * under / np.linalg.norm(under)
    sk.both([o, c])


def _hem_band(sk: _Sketch, g: dict, depth: float) -> None:
    y = g["H"] - depth
    x = _side_x(g, y) * 0.99
    sk.line([(-x, y), (x, y)])


def _collar_band(sk: _Sketch, g: dict, kind: str) -> None:
    nw, nd = g["nw"], g["nd"]
    off = sk.u(0.025, 0.045)
    right = _neckline(nw + off * 0.5, nd + off, kind)
    right[-1, 1] = off * 0.3
    sk.line(_chain(_mirror(right)[::-1], right))


def _draw_tshirt(sk: _Sketch) -> None:
    kind = "v" if sk.p(0.25) else "round"
    nw = sk.u(0.09, 0.14)
    nd = sk.u(0.12, 0.2) if kind == "v" else sk.u(0.05, 0.12)
    g = _top(sk, "short", kind, nw, nd, sk.u(0.8, 1.0))
    if sk.p(0.5):
        _collar_band(sk, g, kind)
    if sk.p(0.35):  # back of the neck
        sk.line(_bez((-nw, 0.0), (0.0, nd * 0.3), (nw, 0.0), n=10))
    if sk.p(0.35):
        _cuffs(sk, g, sk.u(0.03, 0.05))
    if sk.p(0.25):
        _hem_band(sk, g, sk.u(0.04, 0.07))
    if sk.p(0.15):  # chest pocket
        x0, y0, s = sk.u(0.07, 0.12), sk.u(0.2, 0.28), sk.u(0.07, 0.1)
        sk.line([(x0, y0), (x0, y0 + s), (x0 + s, y0 + s), (x0 + s, y0)])


def _draw_pullover(sk: _Sketch) -> None:
    nw = sk.u(0.09, 0.13)
    nd = sk.u(0.04, 0.1)
    g = _top(sk, "long", "round", nw, nd, sk.u(0.85, 1.05))
    if sk.p(0.15):  # turtleneck
        h = sk.u(0.07, 0.12)
        sk.line([(-nw, 0.0), (-nw * 0.92, -h), (nw * 0.92, -h), (nw, 0.0)])
    elif sk.p(0.6):
        _collar_band(sk, g, "round")
    if sk.p(0.6):
        _cuffs(sk, g, sk.u(0.05, 0.09))
    if sk.p(0.6):
        _hem_band(sk, g, sk.u(0.05, 0.09))
    if sk.p(0.15):  # a knit pattern stripe
        y = sk.u(0.35, 0.5)
        x = _side_x(g, y) * 0.98
        sk.line([(-x, y), (x, y)])


def _buttons(sk: _Sketch, x: float, y0: float, y1: float, n: int) -> None:
    for y in np.linspace(y0, y1, n):
        sk.dot(x, float(y))


def _draw_coat(sk: _Sketch) -> None:
    style = sk.rng.choice(["lapel", "zip", "collar"], p=[0.4, 0.35, 0.25])
    nw = sk.u(0.1, 0.14)
    H = sk.u(0.95, 1.25)
    if style == "lapel":
        nd = sk.u(0.2, 0.34)
        g = _top(sk, "long", "v", nw, nd, H, hem_flare=(1.0, 1.15))
        lx, ly = sk.u(0.05, 0.1), sk.u(0.08, 0.16)
        sk.both([(nw, 0.0), (nw + lx, ly), (0.01, nd)])
        sk.line([(0.0, nd), (0.0, H)])
        if sk.p(0.7):
            _buttons(sk, -0.035, nd + 0.06, nd + 0.06 + sk.u(0.2, 0.4), int(sk.rng.integers(2, 5)))
    else:
        nd = sk.u(0.05, 0.1)
        g = _top(sk, "long", "round", nw, nd, H, hem_flare=(1.0, 1.15))
        if style == "zip" or sk.p(0.5):  # stand-up collar
            h = sk.u(0.05, 0.1)
            sk.line([(-nw, 0.0), (-nw * 1.05, -h), (-0.0, -h * 0.6 + nd * 0.3)])
            sk.line([(nw, 0.0), (nw * 1.05, -h), (0.0, -h * 0.6 + nd * 0.3)])
        sk.line([(0.0, nd), (0.0, H)])
        if style == "zip":
            if sk.p(0.5):  # zip pull
                y = nd + sk.u(0.02, 0.08)
                sk.line([(0.0, y), (0.03, y + 0.02), (0.03, y + 0.07), (0.0, y + 0.07)])
        else:
            if sk.p(0.3):  # second line of a zip/placket
                sk.line([(-0.03, nd), (-0.03, H)])
            _buttons(sk, 0.035, nd + 0.06, H - sk.u(0.1, 0.25), int(sk.rng.integers(3, 7)))
    if sk.p(0.45):  # pockets
        y = g["H"] * sk.u(0.55, 0.72)
        x = _side_x(g, y)
        if sk.p(0.5):  # slanted welt pockets
            sk.both([(x * 0.45, y), (x * 0.72, y + 0.1)])
        else:
            w, h = x * sk.u(0.3, 0.4), sk.u(0.1, 0.16)
            sk.both([(x * 0.35, y), (x * 0.35, y + h), (x * 0.35 + w, y + h), (x * 0.35 + w, y)])
    if sk.p(0.2):  # belt
        y = g["H"] * sk.u(0.42, 0.55)
        x = _side_x(g, y) * 0.99
        sk.line([(-x, y), (x, y)])
        sk.line([(-x, y + 0.05), (x, y + 0.05)])
    if sk.p(0.4):
        _cuffs(sk, g, sk.u(0.05, 0.09))


def _draw_shirt(sk: _Sketch) -> None:
    sleeves = "long" if sk.p(0.6) else "short"
    nw = sk.u(0.08, 0.12)
    nd = sk.u(0.06, 0.12)
    g = _top(sk, sleeves, "round", nw, nd, sk.u(0.85, 1.05), shirttail=sk.p(0.5))
    if sk.p(0.85):  # pointed collar
        tx, ty = nw + sk.u(0.0, 0.05), nd + sk.u(0.06, 0.12)
        sk.both([(nw, 0.0), (tx, ty), (0.015, nd)])
        if sk.p(0.4):
            sk.line(_bez((-nw, 0.0), (0.0, -0.03), (nw, 0.0), n=10))
    if sk.p(0.8):
        sk.line([(0.0, nd), (0.0, g["H"])])
    if sk.p(0.75):
        _buttons(sk, sk.u(0.025, 0.04), nd + 0.07, g["H"] - 0.1, int(sk.rng.integers(4, 7)))
    if sk.p(0.35):  # chest pocket
        x0, y0, s = sk.u(0.07, 0.11), sk.u(0.22, 0.3), sk.u(0.07, 0.1)
        sk.line([(x0, y0), (x0, y0 + s), (x0 + s, y0 + s), (x0 + s, y0)])
    if sleeves == "long" and sk.p(0.5):
        _cuffs(sk, g, sk.u(0.05, 0.08))


# ----------------------------------------------------------------------------------------
# Dress, Trouser

def _draw_dress(sk: _Sketch) -> None:
    sleeves = sk.rng.choice(["none", "short", "long"], p=[0.5, 0.35, 0.15])
    nw = sk.u(0.06, 0.1)
    nd = sk.u(0.05, 0.16)
    neck = "v" if sk.p(0.25) else ("square" if sk.p(0.15) else "round")
    bw = sk.u(0.14, 0.2)
    ay = sk.u(0.15, 0.24)
    ww = bw * sk.u(0.7, 0.92)
    wy = sk.u(0.3, 0.45)
    H = 1.0
    hw = sk.u(0.2, 0.46)
    if sleeves == "none":
        sh = nw + sk.u(0.03, 0.07)
        sy = sk.u(0.0, 0.03)
        upper = _chain((sh, sy), _bez((sh, sy), (sh * 0.95, ay * 0.85), (bw, ay), n=10))
    else:
        sh = max(bw, nw + 0.05) * sk.u(1.0, 1.15)
        sy = sk.u(0.02, 0.05)
        if sleeves == "short":
            a, L, wc = math.radians(sk.u(35, 65)), sk.u(0.08, 0.16), sk.u(0.08, 0.12)
        else:
            a, L, wc = math.radians(sk.u(70, 82)), sk.u(0.4, 0.55), sk.u(0.06, 0.09)
        S = np.array([sh, sy])
        O = S + L * np.array([math.cos(a), math.sin(a)])
        C = O + wc * np.array([-math.sin(a), math.cos(a)])
        ay = max(ay, sy + 0.12)
        upper = _chain(S, O, C, (bw, ay))
    skirt = _bez((ww, wy), (ww + (hw - ww) * sk.u(0.0, 0.3), wy + (H - wy) * 0.45), (hw, H), n=14)
    dip = sk.u(-0.01, 0.05)
    hem = _bez((hw, H), (hw * 0.5, H + dip), (0.0, H + dip), n=10)
    right = _chain(_neckline(nw, nd, neck), upper, _bez((bw, ay), (bw * 0.98, (ay + wy) / 2), (ww, wy), n=8),
                   skirt, hem)
    sk.line(_symmetric(right), closed=True)
    if sk.p(0.45):  # waist seam
        sk.line(_bez((-ww, wy), (0.0, wy + sk.u(-0.01, 0.03)), (ww, wy), n=8))
        if sk.p(0.3):  # belt
            sk.line(_bez((-ww * 1.01, wy + 0.04), (0.0, wy + 0.05), (ww * 1.01, wy + 0.04), n=8))
    if sk.p(0.3):  # folds of the skirt
        k = int(sk.rng.integers(2, 4))
        for f in np.linspace(-0.6, 0.6, k) + sk.rng.uniform(-0.1, 0.1, size=k):
            x0 = ww * f * 0.8
            sk.line([(x0, wy + sk.u(0.05, 0.2)), (hw * f, H - sk.u(0.0, 0.1))])
    if sk.p(0.15):
        sk.line(_bez((-nw, 0.0), (0.0, nd * 0.3), (nw, 0.0), n=8))


def _draw_trouser(sk: _Sketch) -> None:
    w = sk.u(0.19, 0.26)
    H = 1.0
    cy = sk.u(0.26, 0.4)
    lw = w * sk.u(0.55, 0.8)            # leg width at the hem
    ho = w + sk.u(-0.03, 0.08)          # outer hem x
    inner = max(ho - lw, 0.05)
    gap = sk.u(0.005, 0.025)
    hip = (w + sk.u(0.0, 0.025), sk.u(0.15, 0.28))
    right = _chain((0.0, 0.0), (w, 0.0), _bez((w, 0.0), hip, (ho, H), n=12), (inner, H),
                   _bez((inner, H), (inner * 0.6 + gap, (H + cy) / 2), (gap, cy), n=10), (0.0, cy - 0.01))
    sk.line(_symmetric(right), closed=True)
    wb = sk.u(0.05, 0.09)
    if sk.p(0.6):  # waistband
        sk.line([(-w, wb), (w, wb)])
    if sk.p(0.45):  # fly
        sk.line(_bez((0.0, wb), (0.04, cy * 0.6), (0.0, cy * 0.85), n=8))
    if sk.p(0.35):  # pockets
        sk.both([(w * sk.u(0.45, 0.65), wb), (w * 1.02, wb + sk.u(0.1, 0.16))])
    if sk.p(0.3):  # creases
        top = sk.u(0.15, 0.3)
        sk.both([((w + inner) / 2, top), ((ho + inner) / 2, H - sk.u(0.02, 0.1))])
    if sk.p(0.25):  # turn-ups
        h = sk.u(0.04, 0.07)
        sk.both([(inner, H - h), (ho, H - h)])


# ----------------------------------------------------------------------------------------
# Shoes (side view, toe to the left, ground at y = 0, up is negative y) and Bag

def _draw_sandal(sk: _Sketch) -> None:
    heeled = sk.p(0.55)
    hh = sk.u(0.18, 0.42) if heeled else sk.u(0.0, 0.04)  # heel height
    th = sk.u(0.035, 0.07)                                 # sole thickness
    ball = sk.u(0.3, 0.42)                                 # end of the flat forefoot
    seat = sk.u(0.72, 0.8)                                 # start of the heel seat
    # Top of the footbed, toe to heel.
    bed = _chain(_bez((0.02, -th), (ball * 0.5, -th * 1.1), (ball, -th), n=8),
                 _bez((ball, -th), ((ball + seat) / 2, -th), (seat, -hh - th), n=10),
                 _chain((seat, -hh - th), (1.0, -hh - th * 1.1)))
    under = bed.copy()
    under[:, 1] += th
    under[under[:, 1] > 0, 1] = 0.0
    sole = _chain(bed, _bez((1.0, -hh - th * 1.1), (1.02, -hh - th * 0.4), (0.99, -hh), n=5),
                  under[::-1], _bez((0.02, 0.0), (-0.02, -th * 0.5), (0.02, -th), n=5))
    sk.line(sole, closed=True)
    if heeled:  # heel under the seat: a block or a stiletto
        hx0, hx1 = sk.u(0.8, 0.9), sk.u(0.96, 0.99)
        bx0 = hx0 + sk.u(0.0, 0.06) if sk.p(0.5) else hx1 - sk.u(0.03, 0.05)
        sk.line([(hx0, -hh), (bx0, 0.0), (hx1 - 0.01, 0.0), (hx1, -hh)])

    def bed_y(x: float) -> float:
        return float(np.interp(x, bed[:, 0], bed[:, 1]))

    def foot_h(x: float) -> float:  # height of the foot above the footbed
        return 0.1 + 0.28 * np.clip(x / 0.8, 0.0, 1.0) ** 1.2

    straps = int(sk.rng.integers(2, 5))
    style = sk.rng.choice(["arches", "cross", "slide"], p=[0.55, 0.25, 0.2])
    if style == "slide":  # one wide band over the toes and an ankle strap
        x0, x1 = sk.u(0.06, 0.12), sk.u(0.38, 0.5)
        h = foot_h(x1) * sk.u(0.9, 1.1)
        sk.line(_bez((x0, bed_y(x0)), (x0, bed_y(x0) - h * 1.1), (x1, bed_y(x1) - h), (x1, bed_y(x1)), n=14))
        straps = 1
    elif style == "cross":
        x0, x1 = sk.u(0.12, 0.2), sk.u(0.5, 0.62)
        top0, top1 = bed_y(x0) - foot_h(x0), bed_y(x1) - foot_h(x1)
        sk.line([(x0, bed_y(x0)), (x1 - 0.05, top1)])
        sk.line([(x1, bed_y(x1)), (x0 + 0.05, top0 - 0.02)])
        straps = 1
    if style == "arches" or sk.p(0.5):  # straps over the foot, from the toes back
        xa = sk.u(0.03, 0.1)
        for _ in range(min(straps, 3)):
            xb = xa + sk.u(0.14, 0.26)
            if xb > 0.75:
                break
            x = (xa + xb) / 2
            h = foot_h(x) * sk.u(0.8, 1.1)
            top = bed_y(x) - h * 1.3
            lean = sk.u(-0.02, 0.08)
            sk.line(_bez((xa, bed_y(xa)), (xa - 0.01 + lean, top), (xb + 0.01 + lean, top), (xb, bed_y(xb)), n=16))
            if sk.p(0.3):  # a wide strap: its lower edge too
                sk.line(_bez((xa + 0.03, bed_y(xa + 0.03)), (xa + 0.03, top + 0.08), (xb - 0.03, top + 0.08),
                             (xb - 0.03, bed_y(xb - 0.03)), n=12))
            xa = xb + sk.u(0.02, 0.1)
    if sk.p(0.75):  # back strap up from the heel, and the ankle strap around the ankle
        bx = sk.u(0.9, 0.97)
        top = bed_y(bx) - sk.u(0.2, 0.32)
        rx, ry = sk.u(0.09, 0.17), sk.u(0.025, 0.05)
        sk.line([(bx, bed_y(bx)), (bx + 0.01, top)])
        sk.line(_arc(bx + 0.01 - rx, top, rx, ry, 0, 360, n=28), closed=True)
        if sk.p(0.3):  # strap from the instep to the ankle strap
            x = sk.u(0.5, 0.65)
            sk.line([(x, bed_y(x)), (bx + 0.01 - 2 * rx, top + 0.01)])


def _draw_sneaker(sk: _Sketch) -> None:
    hc = sk.u(0.3, 0.42)          # collar height at the heel
    tongue = hc + sk.u(0.02, 0.1)
    tx = sk.u(0.55, 0.66)         # tongue x
    toe_h = sk.u(0.12, 0.2)
    vx = sk.u(0.28, 0.4)          # where the laces start
    sole = sk.u(0.05, 0.09)
    toe = _bez((vx, -toe_h - 0.06), (0.12, -toe_h), (0.0, -toe_h * 0.5), (0.04, 0.0), n=24)
    out = _chain(
        (0.04, 0.0), (0.96, 0.0),
        _bez((0.96, 0.0), (1.02, -0.04), (1.0, -hc * 0.4), (0.98, -hc), n=10),  # heel
        _bez((0.98, -hc), (0.9, -hc * 0.75), (0.78, -hc * sk.u(0.75, 0.95)), (tx + 0.04, -tongue), n=12),  # collar
        (tx, -tongue),
        _bez((tx, -tongue), (tx - 0.1, -hc * 0.7), (vx, -toe_h - 0.06), n=8),  # laces line
        toe,
    )
    sk.line(out, closed=True)
    if sk.p(0.8):  # sole line
        sk.line(_bez((0.03, -sole), (0.5, -sole * sk.u(0.8, 1.2)), (0.985, -sole), n=10))
    if sk.p(0.75):  # laces
        n = int(sk.rng.integers(3, 6))
        start = np.array([vx + 0.03, -toe_h - 0.07])
        end = np.array([tx - 0.03, -tongue + 0.05])
        along = (end - start) / np.linalg.norm(end - start)
        perp = np.array([along[1], -along[0]])
        if perp[1] > 0:
            perp = -perp
        for t in np.linspace(0.0, 1.0, n):
            c = start + (end - start) * t
            half = sk.u(0.035, 0.06)
            sk.line([c - perp * half, c + perp * half])
    if sk.p(0.35):  # toe cap, from the sole up to the top of the toe
        x = sk.u(0.15, 0.25)
        top = toe[: len(toe) * 2 // 3]
        end = top[np.argmin(np.abs(top[:, 0] - (x - 0.03)))]
        sk.line(_bez((x, -sole), (x + 0.02, (end[1] - sole) / 2), end, n=8))
    if sk.p(0.2):  # side stripe, curving up to the heel
        x0 = sk.u(0.35, 0.45)
        sk.line(_bez((x0, -sole - 0.05), (0.65, -sole - 0.02), (0.85, -hc * 0.6), n=10))
    if sk.p(0.25):  # heel tab
        sk.line([(0.97, -hc), (0.92, -hc - 0.05), (0.88, -hc * 0.9)])


def _draw_ankle_boot(sk: _Sketch) -> None:
    Hs = sk.u(0.65, 0.95)         # shaft height
    hh = sk.u(0.08, 0.25) if sk.p(0.6) else 0.0
    fs = sk.u(0.42, 0.58)         # front of the shaft
    bt = sk.u(0.9, 0.98)          # back of the shaft at the top
    toe_h = sk.u(0.14, 0.22)
    inst = sk.u(0.3, 0.45)        # instep height at the shaft front
    heel_x = sk.u(0.7, 0.78)
    bottom = [(0.05, 0.0), (0.4, 0.0)]
    if hh > 0:
        bottom += list(_bez((0.4, 0.0), (0.55, -hh * 0.2), (heel_x, -hh), n=8))
        bottom += [(heel_x + 0.02, 0.0), (0.99, 0.0)]
    else:
        bottom += [(0.99, 0.0)]
    out = _chain(
        bottom,
        _bez((0.99, 0.0), (1.02, -0.15), (0.97, -Hs * 0.45), (bt, -Hs), n=12),  # heel and back
        (fs + sk.u(-0.03, 0.03), -Hs),                                          # top of the shaft
        _bez((fs, -Hs), (fs + 0.02, -inst * 1.2), (fs - 0.02, -inst), n=8),     # front of the shaft
        _bez((fs - 0.02, -inst), (0.32, -toe_h * 1.15 - 0.02), (0.16, -toe_h), n=10),          # vamp
        _bez((0.16, -toe_h), (0.0, -toe_h * 1.02), (-0.02, -0.02), (0.05, 0.0), n=10),        # toe
    )
    sk.line(out, closed=True)
    if sk.p(0.7):  # sole line
        y = -sk.u(0.06, 0.1)
        sk.line([(0.015, y), (0.42, y)] + ([] if hh > 0 else [(0.995, y)]))
    detail = sk.rng.choice(["none", "laces", "zip", "chelsea", "band"], p=[0.2, 0.25, 0.2, 0.2, 0.15])
    if detail == "laces":
        for t in np.linspace(0.1, 0.9, int(sk.rng.integers(3, 6))):
            y = -inst - (Hs - inst) * t
            sk.line([(fs - 0.02, y + 0.03), (fs + sk.u(0.08, 0.14), y - 0.02)])
    elif detail == "zip":
        x = sk.u(0.72, 0.85)
        sk.line([(x, -Hs), (x, -sk.u(0.2, 0.35))])
    elif detail == "chelsea":
        x = sk.u(0.62, 0.75)
        w = sk.u(0.07, 0.12)
        sk.line(_bez((x - w, -Hs), (x - w * 0.6, -inst * 0.8), (x + w * 0.6, -inst * 0.8), (x + w, -Hs), n=12))
    elif detail == "band":
        y = -Hs + sk.u(0.07, 0.13)
        sk.line([(fs + 0.01, y), (bt - 0.01, y)])
    if sk.p(0.3):  # pull tab
        sk.line([(bt - 0.06, -Hs), (bt - 0.04, -Hs - 0.08), (bt, -Hs - 0.07), (bt, -Hs)])


def _draw_bag(sk: _Sketch) -> None:
    W = 1.0
    hb = sk.u(0.5, 0.85)
    taper = sk.u(0.0, 0.15)
    if sk.p(0.75):   # narrower at the top (handbag, tote)
        tl, tr, bl, br = taper, W - taper, 0.0, W
    else:            # narrower at the bottom
        tl, tr, bl, br = 0.0, W, taper, W - taper
    r = sk.u(0.0, 0.08)
    body = _chain((tl, 0.0), (tr, 0.0), (br, hb - r), _bez((br, hb - r), (br, hb), (br - r, hb), n=5),
                  (bl + r, hb), _bez((bl + r, hb), (bl, hb), (bl, hb - r), n=5))
    sk.line(body, closed=True)
    handle = sk.rng.choice(["arch", "double", "strap", "square", "none"], p=[0.35, 0.2, 0.2, 0.15, 0.1])
    cx = W / 2
    if handle == "arch":
        half = sk.u(0.15, 0.3)
        h = sk.u(0.2, 0.45)
        sk.line(_arc(cx, 0.0, half, h, 180, 360))
        if sk.p(0.35):  # a thick handle: its inner edge
            sk.line(_arc(cx, 0.0, half * 0.75, h * 0.72, 180, 360))
    elif handle == "double":
        half = sk.u(0.15, 0.25)
        h = sk.u(0.2, 0.4)
        sk.line(_arc(cx, 0.0, half, h, 180, 360))
        sk.line(_arc(cx + sk.u(-0.04, 0.04), 0.0, half * 1.25, h * 1.05, 180, 360))
    elif handle == "strap":
        h = sk.u(0.4, 0.75)
        sk.line(_arc(cx, 0.0, (tr - tl) / 2 * sk.u(0.85, 0.98), h, 180, 360))
    elif handle == "square":
        half = sk.u(0.12, 0.25)
        h = sk.u(0.15, 0.3)
        sk.line(_chain((cx - half, 0.0), _bez((cx - half, -h), (cx - half, -h * 1.3), (cx + half, -h * 1.3),
                                              (cx + half, -h), n=12), (cx + half, 0.0)))
    flap = handle == "none" or sk.p(0.4)
    if flap:
        y = hb * sk.u(0.3, 0.55)
        if sk.p(0.5):  # pointed flap
            sk.line([(tl + 0.01, 0.0), (cx, y), (tr - 0.01, 0.0)])
        else:
            xl, xr = _lerp((tl, 0), (bl, hb), y / hb)[0], _lerp((tr, 0), (br, hb), y / hb)[0]
            sk.line([(xl, y), (xr, y)])
        if sk.p(0.5):
            sk.dot(cx, y + 0.05)
    elif sk.p(0.3):  # zip along the top
        sk.line([(tl + 0.08, 0.07), (tr - 0.08, 0.07)])
    if sk.p(0.25):  # front pocket
        w, h = sk.u(0.25, 0.45), hb * sk.u(0.2, 0.35)
        y0 = hb * sk.u(0.5, 0.6)
        sk.line([(cx - w / 2, y0), (cx - w / 2, y0 + h), (cx + w / 2, y0 + h), (cx + w / 2, y0)], closed=True)
    elif not flap and sk.p(0.35):  # clasp
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


def _resample(pts: np.ndarray, closed: bool, step: float) -> np.ndarray:
    if closed:
        pts = np.vstack([pts, pts[:1]])
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    n = max(2, int(math.ceil(s[-1] / step)) + 1)
    t = np.linspace(0.0, s[-1], n)
    out = np.stack([np.interp(t, s, pts[:, 0]), np.interp(t, s, pts[:, 1])], axis=1)
    return out[:-1] if closed else out


def _wobble(pts: np.ndarray, closed: bool, rng: np.random.Generator, amp: float, step: float) -> np.ndarray:
    """Resample a stroke and push it sideways by smooth noise, as an unsteady hand does."""
    pts = _resample(pts, closed, step)
    if len(pts) < 3 or amp <= 0:
        return pts
    sigma = rng.uniform(8.0, 18.0)
    off = _smooth_noise(rng, len(pts), sigma, closed) * amp
    if closed:
        tangent = np.roll(pts, -1, axis=0) - np.roll(pts, 1, axis=0)
    else:
        tangent = np.gradient(pts, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True) + 1e-9
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], axis=1)
    return pts + normal * off[:, None]


def _render(sk: _Sketch, size: int, stroke: float, span=SPAN_RANGE, max_rotation=MAX_ROTATION) -> Image.Image:
    rng = sk.rng
    strokes = sk.strokes
    allp = np.concatenate([s for s, _ in strokes])
    lo, hi = allp.min(0), allp.max(0)
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

    def place(p: np.ndarray) -> np.ndarray:
        q = (p - centre) * scale @ rot.T
        return q + (np.sin(q @ freqs.T + phases) @ dirs) * warp_amp / math.sqrt(3)

    placed = [place(s) for s, _ in strokes]
    allq = np.concatenate(placed)
    qlo, qhi = allq.min(0), allq.max(0)
    margin = stroke / 2 + 3 * wobble_amp + 2
    room = size - 2 * margin - (qhi - qlo)
    if (room < 0).any():  # rotation made it too large: shrink about its centre
        shrink = float(((size - 2 * margin) / (qhi - qlo)).min())
        mid = (qlo + qhi) / 2
        placed = [(q - mid) * shrink + mid for q in placed]
        qlo, qhi = (qlo - mid) * shrink + mid, (qhi - mid) * shrink + mid
        room = np.maximum(size - 2 * margin - (qhi - qlo), 0)
    shift = margin - qlo + rng.uniform(0, 1, size=2) * room

    ss = SUPERSAMPLE
    width = max(1, int(round(stroke * ss)))
    canvas = Image.new("L", (size * ss, size * ss), 255)
    draw = ImageDraw.Draw(canvas)
    for q, (_, closed) in zip(placed, strokes):
        q = (q + shift) * ss
        if len(q) == 1:  # a dot (button, clasp): one dab of the brush
            x, y = q[0]
            r = width * 0.55
            draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
            continue
        q = _wobble(q, closed, rng, wobble_amp * ss, step=3.0 * ss)
        pts = [tuple(p) for p in q]
        if closed:
            pts = pts + pts[:1]
        draw.line(pts, fill=0, width=width)
        r = (width - 1) / 2
        for x, y in pts:  # a round brush: round joints and ends
            draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
    canvas = canvas.resize((size, size), Image.Resampling.BOX)
    return canvas.convert("RGB")


# Training variety (draw_garment(..., varied=True)): what people do that the plain drawings do not.
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
    d = np.array([math.cos(angle), math.sin(angle)])
    n = np.array([-d[1], d[0]])
    centre = np.array([size / 2, size / 2])
    points = []
    for k, t in enumerate(np.arange(-size, size, gap)):
        end = (1 if k % 2 else -1) * size
        points.append(tuple(centre + n * t + d * end))
    draw.line(points, fill=0, width=max(1, int(stroke * rng.uniform(0.4, 0.9))))
    scribble = np.asarray(hatch) < 128
    return Image.fromarray(np.where(inside & scribble, 0, np.asarray(canvas)).astype(np.uint8))


def draw_garment(label: int, rng: np.random.Generator, size: int = SIZE, stroke: int | None = None,
                 varied: bool = False) -> Image.Image:
    """A hand-drawn-looking line drawing of class ``label`` (see :data:`nin.preprocess.CLASSES`):
    an RGB ``size`` x ``size`` image, black strokes on white.

    Everything random comes from ``rng``: the garment's proportions and optional details, its
    scale (longest side 55-90% of the canvas), position, rotation (up to 8 degrees), the wobble
    of the lines and, unless ``stroke`` is given, the brush width (6-16 px at size 448, scaled
    with ``size``).
    """
    if not 0 <= label < len(CLASSES):
        raise ValueError(f"label must be in 0..{len(CLASSES) - 1}, got {label}")
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


def drawing_set(n_per_class: int = 20, seed: int = 0) -> list[tuple[Image.Image, int]]:
    """A fixed set of drawings, ``n_per_class`` of each class in label order: [(image, label)].

    Drawing i of class c depends only on (seed, c, i), so a smaller set is the start of a
    larger one with the same seed.
    """
    return [(draw_garment(label, np.random.default_rng([seed, label, i])), label)
            for label in range(len(CLASSES)) for i in range(n_per_class)]


def training_drawings(n: int, seed: int) -> tuple["torch.Tensor", "torch.Tensor"]:
    """``n`` varied drawings (classes in turn) as the app sees them: 28x28 garments [n, 1, 28, 28]
    in [0, 1] made by :func:`nin.images.from_sketch`, and their labels."""
    import torch
    from tqdm import tqdm

    from ..images import from_sketch

    garments, labels = [], []
    for i in tqdm(range(n), desc="drawings", unit="drawing", disable=None):
        label = i % len(CLASSES)
        image = draw_garment(label, np.random.default_rng([seed, 7919, i]), varied=True)
        garments.append(from_sketch(np.asarray(image)).pixels)
        labels.append(label)
    return torch.stack(garments)[:, None], torch.tensor(labels)


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
        image = draw_garment(label, np.random.default_rng([seed, 1000 + label, k]), stroke=10)
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


def contact_sheet(drawings: list[tuple[Image.Image, int]], thumb: int = 112) -> Image.Image:
    """A grid of drawings, one row per class, with the class names on the left."""
    rows: dict[int, list[Image.Image]] = {}
    for image, label in drawings:
        rows.setdefault(label, []).append(image)
    labels = sorted(rows)
    cols = max(len(v) for v in rows.values())
    name_w, pad = 130, 4
    sheet = Image.new("RGB", (name_w + cols * (thumb + pad) + pad, len(labels) * (thumb + pad) + pad), (200, 200, 200))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for r, label in enumerate(labels):
        y = pad + r * (thumb + pad)
        draw.text((6, y + thumb // 2 - 6), f"{label} {CLASSES[label]}", fill=(0, 0, 0), font=font)
        for c, image in enumerate(rows[label]):
            sheet.paste(image.resize((thumb, thumb), Image.Resampling.BOX if image.width % thumb == 0
                                     else Image.Resampling.LANCZOS), (name_w + pad + c * (thumb + pad), y))
    return sheet


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a contact sheet of the project's garment drawings.")
    parser.add_argument("--out", required=True, help="folder for drawings.png")
    parser.add_argument("--n-per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--thumb", type=int, default=112, help="thumbnail size in the sheet")
    parser.add_argument("--examples", metavar="FOLDER", help="also write the example drawings there")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sheet = contact_sheet(drawing_set(args.n_per_class, args.seed), thumb=args.thumb)
    path = out / "drawings.png"
    sheet.save(path, optimize=True)
    print(f"wrote {path} ({args.n_per_class} per class, seed {args.seed})")
    if args.examples:
        for p in write_examples(args.examples):
            print(f"wrote {p}")


if __name__ == "__main__":
    main()
