"""Family C: freehand garment drawings, built from parts and inked with a simulated pen.

A second, independently written family of synthetic sketches for fine-tuning, so that the
model learns from more than one idea of how a garment is drawn (by people on the sketchpad,
or by other code). Each garment is assembled from parts (body, sleeves, collar, legs, sole,
heel, straps, handles...), each with its own random proportions, then drawn with a pen
model: Catmull-Rom paths through jittered control points (or separate straight strokes
that overshoot the corners), pressure-varying width, hand tremor, gaps in outlines and
double-traced lines, as plain outlines, solid silhouettes or hatched/scribbled fills.

Garments face the viewer as in Fashion-MNIST (tops, trousers, dresses, bags); shoes are
drawn from the side with the toe to the left (mirrored now and then).

``benchmarks/heldout_drawings.py`` is a different family that stays out of training and of
any choice made on the model; this module was written without looking at it (or at
:mod:`nin.lab.drawings`), so that neither family is a copy of the other.

    python -m nin.lab.families sheet C --out freehand.png
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from . import curves
from .canvas import SIZE, check_label

_DENSITY = 55.0     # pen samples per garment unit (a garment is about 1-1.5 units)
_CTRL_STEP = 0.12   # long straight edges get a control point at least this often


def _arc(cx, cy, rx, ry, start, end, n=9):
    return curves.arc(cx, cy, rx, ry, start, end, n)


# --------------------------------------------------------------------------- parts


@dataclass
class _Part:
    pts: np.ndarray          # [k, 2] control points, garment units, y down
    closed: bool = False
    role: str = "outline"    # outline (silhouette, filled when closed) | line (always ink) | detail | dot
    curve: bool = False      # already a dense curve: no extra control points
    r: float = 0.0           # dot radius


def _p(pts, closed=False, role="outline", curve=False) -> _Part:
    return _Part(np.asarray(pts, dtype=np.float64).reshape(-1, 2), closed, role, curve)


def _dot(x, y, r) -> _Part:
    return _Part(np.array([[x, y]], dtype=np.float64), False, "dot", False, r)


def _mirror(pts):
    return [(-x, y) for x, y in pts]


def _symmetric(left):
    """Left half, from the top centre going down -> the whole outline (right half reversed)."""
    return list(left) + _mirror(reversed(left))


def _unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / max(np.hypot(*v), 1e-9)


class _Style:
    """Per-drawing choices of pen and rendering."""

    def __init__(self, rng: np.random.Generator):
        u = rng.random
        self.brush = math.exp(rng.uniform(math.log(0.03), math.log(0.12)))   # of the longest side
        self.wobble = rng.uniform(0.002, 0.014)
        self.tremor = rng.uniform(0.0, 0.005)
        self.pen = "segments" if u() < 0.25 else "spline"
        self.overshoot = rng.uniform(0.0, 0.05)
        self.gaps = u() < 0.25
        self.double = u() < 0.15
        self.pressure = rng.uniform(0.0, 0.45)
        f = u()
        self.fill = "solid" if f < 0.15 else "hatch" if f < 0.30 else "outline"
        self.scribble = u() < 0.5
        self.detail = 0.0 if u() < 0.15 else rng.uniform(0.6, 1.3)
        self.blur = u() < 0.5
        self.rng = rng

    def want(self, p: float) -> bool:
        return self.rng.random() < p * self.detail


# --------------------------------------------------------------------------- tops


def _top(rng, st: _Style, kind: str) -> list[_Part]:
    """T-shirt/top, pullover, coat or shirt: body + sleeves + neck + details."""
    U = rng.uniform
    L = {"tee": U(0.8, 1.05), "pullover": U(0.85, 1.1), "shirt": U(0.9, 1.2), "coat": U(1.25, 1.65)}[kind]
    nw = U(0.08, 0.14) if kind != "coat" else U(0.09, 0.15)
    sh = U(0.26, 0.36)                   # shoulder half-width
    sd = U(0.02, 0.09)                   # shoulder drop
    bt = sh * U(0.85, 1.0)               # body half-width under the arm
    bw = bt * (U(0.9, 1.12) if kind != "coat" else U(1.0, 1.3))
    short = kind == "tee" or (kind == "shirt" and rng.random() < 0.2)
    sleeveless = kind == "tee" and rng.random() < 0.15
    S = np.array([-sh, sd])
    ya = sd + (U(0.12, 0.24) if short else U(0.15, 0.28))
    A = np.array([-bt - 0.01, ya])
    H = np.array([-bw, L])

    def body_x(y):  # body half-width at height y (below the armpit)
        t = min(max((y - ya) / max(L - ya, 1e-6), 0.0), 1.0)
        return bt + (bw - bt) * t

    # neckline, from the right neck point to the left one (interior points only)
    neck = rng.choice(["round", "round", "v", "boat"]) if kind in ("tee", "pullover") else "round"
    if kind == "coat":
        neck = "v"
    if neck == "round":
        nd = U(0.06, 0.14)
        neck_pts = _arc(0, 0, nw, nd, 25, 155, 5)
    elif neck == "boat":
        nd = U(0.02, 0.05)
        nw *= 1.3
        neck_pts = _arc(0, 0, nw, nd, 30, 150, 3)
    else:
        nd = U(0.15, 0.3) if kind != "coat" else U(0.3, 0.5)
        neck_pts = np.array([[0.0, nd]])
    N = np.array([-nw, 0.0])
    parts: list[_Part] = []

    if sleeveless:
        T = np.array([-nw - U(0.05, 0.09), U(0.0, 0.02)])
        A = np.array([-bt, U(0.25, 0.36)])
        M = (T + A) / 2 + np.array([U(0.03, 0.07), 0.0])
        left = [N, T, M, A, H]
        parts.append(_p(_symmetric(left) + list(neck_pts), closed=True))
        O = C = None
    else:
        if short:
            theta = math.radians(U(40, 72))
            ell = U(0.13, 0.26)
            w = U(0.15, 0.23)
            d = np.array([-math.sin(theta), math.cos(theta)])
            C = A + ell * d
        else:
            yc = U(0.72, 0.98) * L if kind != "coat" else U(0.55, 0.8) * L
            C = np.array([-body_x(yc) - U(0.02, 0.1), yc])
            d = _unit(C - A)
            w = U(0.12, 0.18)
        n = np.array([d[1], -d[0]])      # perpendicular, towards the body
        O = C - w * n
        sleeve_style = rng.choice(["attached", "attached", "separate", "open"])
        if sleeve_style == "attached":
            left = [N, S, O, C, A, H]
            parts.append(_p(_symmetric(left) + list(neck_pts), closed=True))
        else:
            left = [N, S, A, H]
            parts.append(_p(_symmetric(left) + list(neck_pts), closed=True))
            for side in (1, -1):
                pts = [S, O, C, A] if side == 1 else _mirror([S, O, C, A])
                if sleeve_style == "separate":
                    parts.append(_p(pts, closed=True))
                else:  # sleeve as two lines meeting the body: the cuff end left open
                    a, b, c, e = pts
                    parts.append(_p([a, b], role="line"))
                    parts.append(_p([c, e], role="line"))

    def both(pts, role="detail", closed=False, curve=False):
        parts.append(_p(pts, closed, role, curve))
        parts.append(_p(_mirror(pts), closed, role, curve))

    def cuff_line(frac, ticks=0):
        if O is None:
            return
        do = _unit(O - S)
        dc = _unit(C - A)
        o2, c2 = O - frac * do, C - frac * dc
        both([o2, c2])
        for k in range(1, ticks + 1):
            f = k / (ticks + 1)
            both([o2 + f * (c2 - o2), O + f * (C - O)])

    def hem_line(depth, ticks=0):
        y = L - depth
        x = body_x(y)
        parts.append(_p([(-x, y), (0, y + U(-0.01, 0.01)), (x, y)], role="detail"))
        for k in range(1, ticks + 1):
            xx = -x + 2 * x * k / (ticks + 1)
            parts.append(_p([(xx, y), (xx, L)], role="detail"))

    if kind == "tee":
        if neck == "round" and st.want(0.4):
            parts.append(_p(_arc(0, 0, nw * 0.85, nd + 0.035, 15, 165, 5), role="detail"))
        if st.want(0.45):
            cuff_line(U(0.025, 0.05))
        if st.want(0.35):
            hem_line(U(0.04, 0.07))
        if st.want(0.4):
            parts += _logo(rng, U(-0.05, 0.05), U(0.3, 0.45), U(0.06, 0.12))
        elif st.want(0.15):
            x0, y0, s = -bt * 0.65, U(0.22, 0.3), U(0.08, 0.11)
            parts.append(_p([(x0, y0), (x0, y0 + s), (x0 + s, y0 + s), (x0 + s, y0)], role="detail"))

    elif kind == "pullover":
        if st.want(0.7):
            cuff_line(U(0.06, 0.11), ticks=int(rng.integers(0, 4)) if st.want(0.6) else 0)
        if st.want(0.7):
            hem_line(U(0.06, 0.11), ticks=int(rng.integers(0, 7)) if st.want(0.6) else 0)
        if neck != "v" and st.want(0.5):
            parts.append(_p(_arc(0, 0, nw * 0.85, nd + 0.04, 15, 165, 5), role="detail"))
        elif neck == "v" and st.want(0.5):
            parts.append(_p([(-nw * 0.8, 0.0), (0, nd + 0.05), (nw * 0.8, 0.0)], role="detail"))
        if st.want(0.2):  # kangaroo pocket
            y0, y1 = U(0.5, 0.6) * L, U(0.75, 0.85) * L
            x1, x0 = body_x(y1) * U(0.6, 0.75), body_x(y0) * U(0.35, 0.5)
            parts.append(_p([(-x1, y1), (-x0, y0), (x0, y0), (x1, y1)], role="detail"))
        if st.want(0.15):  # a knitted pattern band across the chest
            y = U(0.3, 0.4) * L
            xs = np.linspace(-body_x(y) * 0.9, body_x(y) * 0.9, 9)
            parts.append(_p([(x, y + (0.03 if i % 2 else 0)) for i, x in enumerate(xs)], role="detail"))

    elif kind == "shirt":
        tip = (-nw * U(0.4, 0.8), nd + U(0.06, 0.13))
        both([(-nw - 0.01, -0.01), tip, (-0.01, nd)], role="detail")
        pw = U(0.02, 0.04)
        if st.want(0.7):
            both([(-pw, nd + 0.01), (-pw, L)])
            bx = 0.0
        else:
            parts.append(_p([(0, nd), (0, L)], role="detail"))
            bx = U(0.03, 0.05)
        if st.detail > 0:
            for y in np.linspace(nd + 0.07, L - 0.08, int(rng.integers(4, 8))):
                parts.append(_dot(bx, y, U(0.012, 0.022)))
        if not short and st.want(0.7):
            cuff_line(U(0.07, 0.12))
        elif short and st.want(0.5):
            cuff_line(U(0.03, 0.05))
        if st.want(0.5):
            x0, y0, s = -bt * U(0.55, 0.75), U(0.25, 0.35), U(0.09, 0.13)
            parts.append(_p([(x0, y0), (x0, y0 + s), (x0 + s * 0.5, y0 + s * 1.15), (x0 + s, y0 + s),
                             (x0 + s, y0)], role="detail"))

    elif kind == "coat":
        lx, ly = U(0.04, 0.11), nd * U(0.35, 0.65)
        if st.want(0.85):
            both([N, (-nw - lx, ly), (-0.01, nd)])
        ox = U(-0.03, 0.03)
        double = rng.random() < 0.3
        zip_front = not double and rng.random() < 0.2
        front = _p([(ox, nd), (ox, L)], role="detail")
        parts.append(front)
        if zip_front and st.detail > 0:
            for y in np.linspace(nd + 0.05, L - 0.05, int(rng.integers(6, 12))):
                parts.append(_p([(ox - 0.02, y), (ox + 0.02, y)], role="detail"))
        elif st.detail > 0:
            k = int(rng.integers(2, 5))
            ys = np.linspace(nd + 0.06, nd + 0.06 + U(0.3, 0.55) * (L - nd), k)
            r = U(0.015, 0.026)
            for y in ys:
                if double:
                    parts += [_dot(-0.09, y, r), _dot(0.09, y, r)]
                else:
                    parts.append(_dot(ox + U(0.04, 0.06), y, r))
        if st.want(0.3):  # belt with a buckle
            yb, hb = U(0.38, 0.5) * L, U(0.04, 0.06)
            x = body_x(yb)
            parts.append(_p([(-x, yb), (x, yb)], role="detail"))
            parts.append(_p([(-x, yb + hb), (x, yb + hb)], role="detail"))
            parts.append(_p([(-0.05, yb - 0.015), (-0.05, yb + hb + 0.015), (0.05, yb + hb + 0.015),
                             (0.05, yb - 0.015)], closed=True, role="detail"))
        if st.want(0.5):  # pocket flaps
            yp = U(0.6, 0.75) * L
            x = body_x(yp)
            slant = U(-0.06, 0.06)
            both([(-x * 0.8, yp + slant), (-x * 0.35, yp)])
        if st.want(0.4):
            cuff_line(U(0.05, 0.1))
    return parts


def _logo(rng, cx, cy, s) -> list[_Part]:
    kind = rng.choice(["circle", "star", "text", "rect", "heart"])
    if kind == "circle":
        return [_p(_arc(cx, cy, s, s, 0, 330, 10), closed=True, role="detail", curve=True)]
    if kind == "star":
        a = np.radians(np.arange(10) * 36 - 90)
        rad = np.where(np.arange(10) % 2 == 0, s, s * 0.45)
        return [_p(np.stack([cx + rad * np.cos(a), cy + rad * np.sin(a)], 1), closed=True, role="detail")]
    if kind == "text":
        xs = np.linspace(cx - 1.6 * s, cx + 1.6 * s, int(rng.integers(5, 10)))
        ys = cy + rng.uniform(-0.5, 0.5, len(xs)) * s
        return [_p(np.stack([xs, ys], 1), role="detail")]
    if kind == "rect":
        return [_p([(cx - s, cy - s * 0.7), (cx - s, cy + s * 0.7), (cx + s, cy + s * 0.7), (cx + s, cy - s * 0.7)],
                   closed=True, role="detail")]
    return [_p([(cx, cy + s), (cx - s, cy - 0.1 * s), (cx - 0.55 * s, cy - 0.8 * s), (cx, cy - 0.35 * s),
                (cx + 0.55 * s, cy - 0.8 * s), (cx + s, cy - 0.1 * s)], closed=True, role="detail")]


def _tshirt(rng, st):
    return _top(rng, st, "tee")


def _pullover(rng, st):
    return _top(rng, st, "pullover")


def _coat(rng, st):
    return _top(rng, st, "coat")


def _shirt(rng, st):
    return _top(rng, st, "shirt")


# --------------------------------------------------------------------------- trousers, dress


def _trouser(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    L = U(0.85, 1.1)
    ww = U(0.14, 0.3)                         # waist half-width
    ow = ww * U(1.0, 1.3)                     # outer hem half-width (flares)
    lw = min(U(0.1, 0.22), ow - 0.015)        # one leg's hem width: the legs never merge
    cy = U(0.22, 0.38) * L                    # crotch
    hip = (-ww * U(1.0, 1.08), U(0.12, 0.2) * L)
    left = [(-ww, 0.0), hip, (-ow, L), (-ow + lw, L), (0.0, cy)]
    outline = left[:-1] + [(0.0, cy)] + _mirror(reversed(left[:-1]))
    parts = [_p(outline, closed=True)]
    band = U(0.04, 0.08)
    if st.want(0.7):
        parts.append(_p([(-ww, band), (ww, band)], role="detail"))
        if st.want(0.25):  # belt loops
            for x in (-0.7 * ww, -0.2 * ww, 0.3 * ww, 0.75 * ww):
                parts.append(_p([(x, 0), (x, band)], role="detail"))
    if st.want(0.5):
        parts.append(_p([(0.0, band), (0.015, cy * 0.55), (0.0, cy * 0.85)], role="detail"))
    if st.want(0.25):
        parts.append(_dot(0.0, band * 0.5, U(0.012, 0.02)))
    if st.want(0.35):  # creases down the middle of each leg
        for s in (-1, 1):
            xt, xb = s * ww * 0.5, s * (ow - lw / 2)
            parts.append(_p([(xt, U(0.15, 0.3) * L), (xb, L * U(0.9, 0.98))], role="detail"))
    if st.want(0.4):  # front pockets
        for s in (-1, 1):
            parts.append(_p([(s * ww * 0.6, band), (s * ww * 0.85, band + 0.06), (s * ww * 1.02, band + 0.12)],
                            role="detail"))
    if st.want(0.2):  # turn-ups
        for s in (-1, 1):
            parts.append(_p([(s * ow * 1.0, L - 0.05), (s * (ow - lw), L - 0.05)], role="detail"))
    return parts


def _dress(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    nw = U(0.07, 0.13)
    bb = U(0.14, 0.21)                        # bust half-width
    wy = U(0.3, 0.45)                         # waist
    ww = bb * U(0.7, 0.9)
    skirt = rng.choice(["straight", "aline", "aline", "flare"])
    hw = {"straight": U(0.2, 0.27), "aline": U(0.3, 0.4), "flare": U(0.4, 0.55)}[skirt]
    L = 1.0
    if skirt == "flare":  # a wavy hem
        xs = np.linspace(hw, -hw, int(rng.integers(4, 7)) * 2 + 1)
        hem = [(x, L + (0.035 if i % 2 else 0.0)) for i, x in enumerate(xs)][1:-1]
    else:
        hem = [(0.0, L + U(-0.02, 0.03))]
    top = rng.choice(["strap", "sleeveless", "short"])
    W, Hm = (-ww, wy), (-hw, L)
    parts: list[_Part] = []
    neck = rng.choice(["round", "v", "square"])
    nd = U(0.08, 0.2)
    if neck == "round":
        neck_pts = list(_arc(0, 0, nw, nd, 25, 155, 5))
    elif neck == "v":
        neck_pts = [(0.0, nd + 0.05)]
    else:
        neck_pts = [(nw, nd), (-nw, nd)]
    if top == "strap":
        t = U(0.12, 0.2)
        A = (-bb, t + U(0.08, 0.12))
        left = [(-bb * 0.9, t), A, W, Hm]
        neckline = [(0.0, t + U(-0.02, 0.05))]
        outline = left + hem + _mirror(reversed(left)) + neckline
        parts.append(_p(outline, closed=True))
        for s in (-1, 1):
            x = s * bb * U(0.45, 0.7)
            parts.append(_p([(x, t + 0.005), (x + s * U(-0.02, 0.03), 0.0)], role="line"))
    elif top == "sleeveless":
        T = (-nw - U(0.04, 0.08), U(0.0, 0.02))
        A = (-bb, U(0.2, 0.28))
        M = ((T[0] + A[0]) / 2 + U(0.02, 0.05), (T[1] + A[1]) / 2)
        left = [(-nw, 0.0), T, M, A, W, Hm]
        tail = [(nw, nd), (-nw, nd)] if neck == "square" else neck_pts[::-1]
        parts.append(_p(left + hem + _mirror(reversed(left)) + tail, closed=True))
    else:
        S = np.array([-nw - U(0.06, 0.1), U(0.01, 0.04)])
        A = np.array([-bb, U(0.18, 0.25)])
        theta = math.radians(U(40, 70))
        d = np.array([-math.sin(theta), math.cos(theta)])
        C = A + U(0.08, 0.16) * d
        O = C - U(0.1, 0.15) * np.array([d[1], -d[0]])
        left = [(-nw, 0.0), S, O, C, A, W, Hm]
        tail = [(nw, nd), (-nw, nd)] if neck == "square" else neck_pts[::-1]
        parts.append(_p(left + hem + _mirror(reversed(left)) + tail, closed=True))
    if st.want(0.5):
        parts.append(_p([(-ww, wy), (0, wy + U(-0.02, 0.02)), (ww, wy)], role="detail"))
        if st.want(0.3):
            parts.append(_p([(-ww * 1.02, wy + 0.04), (ww * 1.02, wy + 0.04)], role="detail"))
            parts.append(_p(_arc(0.0, wy + 0.02, 0.04, 0.03, 0, 330, 8), closed=True, role="detail", curve=True))
    if st.want(0.35):  # folds from the waist
        for k in range(int(rng.integers(2, 5))):
            f = rng.uniform(-0.7, 0.7)
            parts.append(_p([(f * ww, wy + 0.05), (f * hw * 0.9, L - U(0.05, 0.2))], role="detail"))
    if st.want(0.15):
        for y in np.linspace(0.12, wy - 0.04, 3):
            parts.append(_dot(0.0, y, U(0.01, 0.018)))
    if st.want(0.2):
        parts.append(_p([(-hw * 0.95, L - 0.06), (hw * 0.95, L - 0.06)], role="detail"))
    return parts


# --------------------------------------------------------------------------- shoes (toe left, y up is negative)


def _sandal(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    s = U(0.03, 0.07)                          # sole thickness
    heeled = rng.random() < 0.4
    parts: list[_Part] = []
    if heeled:
        hh = U(0.15, 0.4)
        hx0 = U(0.72, 0.86)                    # heel block's front
        bed = np.array([(0.0, -s), (0.28, -s), (0.55, -hh * 0.55 - s), (0.8, -hh - s), (0.98, -hh - s)])
        sole = [(0.0, -s * 0.6), (0.03, 0.0), (0.3, 0.0), (0.55, -hh * 0.55), (hx0 - 0.02, -hh),
                (hx0, 0.0), (0.96, 0.0), (0.99, -hh), (0.98, -hh - s)] + [tuple(p) for p in bed[::-1][1:-1]]
    else:
        bed = np.array([(0.0, -s), (0.5, -s * U(0.9, 1.3)), (0.98, -s)])
        sole = [(0.0, -s * 0.5), (0.04, 0.0), (0.96, 0.0), (1.0, -s * 0.5), (0.97, -s), (0.5, bed[1, 1]), (0.03, -s)]
        hh = 0.0
    parts.append(_p(sole, closed=True))

    def bed_y(x):
        return float(np.interp(x, bed[:, 0], bed[:, 1]))

    # straps over the foot (open toe: nothing in front of the first strap)
    kind = rng.choice(["straps", "straps", "thong", "gladiator"])
    if kind == "thong":
        post = U(0.2, 0.3)
        parts.append(_p([(post, bed_y(post)), (post + 0.08, bed_y(post) - U(0.12, 0.2)),
                         (post + U(0.28, 0.38), bed_y(post + 0.33))], role="line"))
        parts.append(_p([(post + 0.08, bed_y(post) - 0.15), (post + U(0.2, 0.28), bed_y(post + 0.25) + 0.005)],
                        role="line"))
    else:
        n = int(rng.integers(2, 4)) if kind == "straps" else int(rng.integers(4, 6))
        xs = np.sort(U(0.12, 0.7, n))
        for x in xs:
            width = U(0.08, 0.2)
            a, b = x - width / 2, x + width / 2
            h = U(0.12, 0.24) + 0.3 * max(x - 0.4, 0)
            xs_ = np.linspace(a, b, 7)
            bump = np.sin(np.linspace(0, np.pi, 7)) ** 0.8
            parts.append(_p([(xx, bed_y(xx) - h * k) for xx, k in zip(xs_, bump)], role="line", curve=True))
    if rng.random() < 0.65:  # ankle strap and its connection
        ax = U(0.72, 0.9)
        top = bed_y(ax) - U(0.28, 0.45)
        ring = _arc(ax, top, U(0.1, 0.15), U(0.05, 0.08), 0, 330, 10)
        parts.append(_p(ring, closed=True, role="line", curve=True))
        parts.append(_p([(0.96, bed_y(0.96)), (0.97, top + 0.04)], role="line"))
        if st.want(0.5):
            bxp, byp = ax - 0.12, top + 0.02
            parts.append(_p([(bxp - 0.025, byp - 0.03), (bxp - 0.025, byp + 0.03), (bxp + 0.025, byp + 0.03),
                             (bxp + 0.025, byp - 0.03)], closed=True, role="detail"))
    if st.want(0.3):
        parts.append(_p([(0.03, -s * 0.45), (0.96, -s * 0.45)], role="detail"))
    return parts


def _sneaker(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    h = U(0.3, 0.44)
    s = U(0.06, 0.12)
    tongue = U(0.95, 1.12)
    dip = U(0.7, 0.86)
    outline = [(0.03, 0.0), (0.5, 0.0), (0.96, 0.0), (1.0, -h * 0.5), (0.98, -h * 0.92), (0.9, -h),
               (0.76, -h * dip), (0.63, -h * tongue), (0.56, -h * 0.95), (0.42, -h * 0.66),
               (0.2, -h * 0.46), (0.06, -h * 0.36), (0.0, -h * 0.18)]
    parts = [_p(outline, closed=True)]
    if st.want(0.9) or st.fill != "outline":
        parts.append(_p([(0.01, -s * 1.2), (0.2, -s), (0.6, -s), (0.99, -s)], role="detail"))
    if st.want(0.5):  # toe cap
        parts.append(_p([(0.03, -s), (0.16, -h * 0.38), (0.24, -s * 1.05)], role="detail"))
    if st.want(0.75):  # laces across the vamp
        k = int(rng.integers(3, 6))
        for f in np.linspace(0.1, 0.85, k):
            x = 0.43 + f * (0.62 - 0.43)
            y = -h * (0.66 + f * (tongue - 0.66))
            parts.append(_p([(x - 0.05, y + 0.035), (x + 0.06, y - 0.01)], role="detail"))
    if st.want(0.45):  # a side stripe
        parts.append(_p([(0.35, -s - 0.02), (0.55, -h * 0.35), (0.75, -h * 0.7)] if rng.random() < 0.5 else
                        [(0.3, -s - 0.03), (0.6, -h * 0.3), (0.85, -h * 0.45)], role="detail"))
    if st.want(0.3):  # heel tab
        parts.append(_p([(0.92, -s), (0.9, -h * 0.85)], role="detail"))
    if st.want(0.2):  # stitching above the sole
        for x in np.linspace(0.1, 0.9, 7):
            parts.append(_p([(x, -s - 0.03), (x + 0.05, -s - 0.03)], role="detail"))
    return parts


def _ankle_boot(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    h = U(0.7, 1.0)                  # shaft top, relative to the length
    sf = U(0.42, 0.56)               # shaft front
    hh = U(0.0, 0.2)                 # heel height
    hx = U(0.7, 0.78)                # heel block's front
    s = U(0.04, 0.07)
    bottom = [(0.03, 0.0), (0.5, 0.0)]
    if hh > 0.05:
        bottom += [(hx - 0.06, -hh * 0.8), (hx, -hh), (hx + 0.02, 0.0)]
    bottom += [(0.98, 0.0)]
    outline = bottom + [(1.0, -h * 0.4), (0.97, -h), (sf + 0.03, -h), (sf, -h * 0.55), (0.3, -h * 0.33),
                        (0.08, -h * 0.22), (0.0, -h * 0.08)]
    parts = [_p(outline, closed=True)]
    if st.want(0.6):
        parts.append(_p([(0.01, -s), (hx - 0.08 if hh > 0.05 else 0.97, -s)], role="detail"))
    if hh > 0.05 and st.want(0.5):
        parts.append(_p([(hx, -hh), (0.99, -hh)], role="detail"))
    choice = rng.random()
    if choice < 0.3 and st.detail > 0:  # zip on the side
        x = U(0.7, 0.85)
        parts.append(_p([(x, -h + 0.03), (x, -h * 0.3)], role="detail"))
        if st.want(0.7):
            for y in np.linspace(-h + 0.06, -h * 0.35, 6):
                parts.append(_p([(x - 0.02, y), (x + 0.02, y)], role="detail"))
    elif choice < 0.6 and st.detail > 0:  # laces up the front
        for f in np.linspace(0.15, 0.9, int(rng.integers(3, 6))):
            y = -h * (0.45 + 0.55 * f)
            x = sf + 0.03
            parts.append(_p([(x, y), (x + U(0.1, 0.16), y + 0.04)], role="detail"))
    elif choice < 0.8 and st.detail > 0:  # elastic side panel (Chelsea boot)
        x = U(0.62, 0.78)
        parts.append(_p([(x - 0.07, -h), (x - 0.03, -h * 0.45), (x + 0.03, -h * 0.45), (x + 0.07, -h)],
                        role="detail"))
    if st.want(0.3):  # pull tab at the back
        parts.append(_p([(0.93, -h), (0.95, -h - 0.1), (1.0, -h - 0.08), (0.99, -h)], role="line"))
    if st.want(0.25):
        parts.append(_p([(sf + 0.03, -h + 0.05), (0.97, -h + 0.05)], role="detail"))
    return parts


# --------------------------------------------------------------------------- bags


def _bag(rng, st: _Style) -> list[_Part]:
    U = rng.uniform
    kind = rng.choice(["tote", "handbag", "shoulder", "clutch", "backpack"])
    parts: list[_Part] = []
    if kind == "clutch":
        w, h = U(0.45, 0.55), U(0.45, 0.6)
    elif kind == "backpack":
        w, h = U(0.28, 0.36), U(0.75, 0.95)
    else:
        w, h = U(0.32, 0.5), U(0.5, 0.8)
    tw = w * (U(0.75, 1.0) if kind in ("tote", "handbag") else 1.0)
    r = U(0.0, 0.08)
    if kind == "backpack":
        body = [(-w, h), (-w, 0.25 * h)] + list(_arc(0, 0.25 * h, w, 0.25 * h, 180, 360, 7)[1:-1]) + \
               [(w, 0.25 * h), (w, h)]
    else:
        body = [(-tw, 0.0), (-w, h - r), (-w + r, h), (w - r, h), (w, h - r), (tw, 0.0)]
    parts.append(_p(body, closed=True))
    if kind in ("tote", "handbag"):
        k = 2 if kind == "tote" and rng.random() < 0.6 else 1
        for i in range(k):
            a = tw * (U(0.35, 0.7) - 0.12 * i)
            hh = U(0.2, 0.45) * h
            parts.append(_p(_arc(0, 0, a, hh, 180, 360, 9), role="line", curve=True))
            if st.want(0.3):
                parts.append(_p(_arc(0, 0, a * 0.85, hh * 0.8, 185, 355, 9), role="line", curve=True))
    elif kind == "shoulder":
        sh = U(0.6, 1.1) * h
        parts.append(_p(_arc(0, 0, tw * U(0.8, 0.98), sh, 180, 360, 11), role="line", curve=True))
    elif kind == "backpack":
        parts.append(_p(_arc(0, 0.02, 0.08, 0.08, 180, 360, 6), role="line", curve=True))
        if st.want(0.8):
            y0 = U(0.5, 0.6) * h
            parts.append(_p([(-w * 0.7, y0 + 0.05), (-w * 0.7, h * 0.92), (w * 0.7, h * 0.92), (w * 0.7, y0 + 0.05),
                             (0.0, y0)], closed=True, role="detail"))
        if st.want(0.5):
            parts.append(_p(_arc(0, 0.25 * h + 0.05, w * 0.8, 0.2 * h, 190, 350, 7), role="detail", curve=True))
    if kind in ("handbag", "clutch", "shoulder") and st.want(0.6):  # flap
        fy = U(0.3, 0.6) * h
        if rng.random() < 0.5:
            parts.append(_p([(-tw, 0.02), (0.0, fy), (tw, 0.02)], role="detail"))
        else:
            parts.append(_p([(-w * 0.98, fy * 0.7), (0, fy * 0.75), (w * 0.98, fy * 0.7)], role="detail"))
        if st.want(0.7):
            parts.append(_dot(0.0, fy, U(0.02, 0.035)))
    if kind == "tote" and st.want(0.3):
        parts.append(_p([(-tw * 0.9, 0.07), (tw * 0.9, 0.07)], role="detail"))
    if kind == "tote" and st.want(0.25):
        parts += _logo(rng, 0.0, h * 0.55, U(0.07, 0.12))
    if st.want(0.15):  # stitching along the bottom
        for x in np.linspace(-w * 0.8, w * 0.7, 6):
            parts.append(_p([(x, h - 0.05), (x + 0.05, h - 0.05)], role="detail"))
    return parts


_BUILDERS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)
_SHOES = (5, 7, 9)


# --------------------------------------------------------------------------- the pen


def _resample(P: np.ndarray, closed: bool, step: float) -> np.ndarray:
    k = len(P)
    out = []
    for i in range(k if closed else k - 1):
        a, b = P[i], P[(i + 1) % k]
        m = max(1, int(math.ceil(math.hypot(*(b - a)) / step)))
        out.append(a + (b - a) * (np.arange(m)[:, None] / m))
    if not closed:
        out.append(P[-1:])
    return np.vstack(out)


def _line(a, b) -> np.ndarray:
    m = max(2, int(math.hypot(*(b - a)) * _DENSITY))
    return a + (b - a) * np.linspace(0, 1, m)[:, None]


def _smooth_noise(rng, n: int, k: int = 7) -> np.ndarray:
    z = rng.normal(0, 1, n + k - 1)
    return np.convolve(z, np.ones(k) / math.sqrt(k), mode="valid")


def _tremble(rng, D: np.ndarray, amount: float) -> np.ndarray:
    if amount <= 0 or len(D) < 3:
        return D
    t = np.gradient(D, axis=0)
    t /= np.maximum(np.hypot(t[:, 0], t[:, 1]), 1e-9)[:, None]
    normal = np.stack([-t[:, 1], t[:, 0]], 1)
    return D + normal * (_smooth_noise(rng, len(D)) * amount)[:, None]


def _pressure(rng, n: int, st: _Style, taper: bool) -> np.ndarray:
    t = np.linspace(0, 1, n)
    w = rng.uniform(0.8, 1.0) * (1 - st.pressure * 0.5 * (1 + np.sin(2 * np.pi * (rng.uniform(0.3, 2) * t
                                                                                     + rng.uniform(0, 1)))))
    if taper and n > 4:
        w *= np.clip(0.5 + 0.5 * np.minimum(t, 1 - t) / 0.08, 0.5, 1.0)
    return np.clip(w, 0.4, 1.0)


@dataclass
class _Stroke:
    pts: np.ndarray      # [n, 2]
    width: np.ndarray    # [n] fraction of the brush
    color: int           # 255: ink, 0: erase


def _ink_part(rng, part: _Part, st: _Style) -> tuple[list[_Stroke], np.ndarray | None]:
    """One part -> its pen strokes, and its filled area (a closed path) when it has one."""
    P = part.pts
    strokes: list[_Stroke] = []
    area = None
    paths: list[np.ndarray] = []
    fill_me = part.closed and part.role == "outline" and st.fill != "outline"
    if st.pen == "segments" and not part.curve and len(P) <= 14 and not fill_me:
        k = len(P)
        for i in range(k if part.closed else k - 1):
            a, b = P[i], P[(i + 1) % k]
            length = math.hypot(*(b - a))
            if length < 1e-6:
                continue
            u = (b - a) / length
            a2 = a - u * rng.uniform(-0.01, st.overshoot) + rng.normal(0, st.wobble, 2)
            b2 = b + u * rng.uniform(-0.01, st.overshoot) + rng.normal(0, st.wobble, 2)
            seg = _line(a2, b2)
            bow = rng.normal(0, 0.012) * length
            s = np.linspace(0, 1, len(seg))
            seg = seg + np.stack([-u[1], u[0]]) * (bow * np.sin(np.pi * s))[:, None]
            paths.append(seg)
    else:
        Q = P if part.curve else _resample(P, part.closed, _CTRL_STEP)
        Q = Q + rng.normal(0, st.wobble, Q.shape)
        D = curves.catmull_rom(Q, closed=part.closed, ends="reflect", density=_DENSITY)
        if part.closed:  # back to its start
            D = np.concatenate([D, D[:1]])
        if fill_me:
            area = D
        if part.closed and st.gaps and part.role == "outline" and rng.random() < 0.6:
            n = len(D) - 1
            g = max(2, int(n * rng.uniform(0.03, 0.12)))
            start = int(rng.integers(0, n))
            D = np.roll(D[:-1], -(start + g), axis=0)[: n - g]
        paths.append(D)
    if st.double:
        for D in list(paths):
            if rng.random() < 0.6 and len(D) > 3:
                keep = int(len(D) * rng.uniform(0.5, 1.0))
                j = int(rng.integers(0, len(D) - keep + 1))
                paths.append(D[j:j + keep] + rng.normal(0, 0.008, 2))
    color = 255
    if part.role == "detail" and st.fill == "solid":
        color = 0
    for D in paths:
        D = _tremble(rng, D, st.tremor)
        strokes.append(_Stroke(D, _pressure(rng, len(D), st, taper=True), color))
    return strokes, area


def _fill_lines(rng, box, spacing, scribble: bool) -> list[np.ndarray]:
    """Hatching (parallel lines) or one zig-zag scribble covering ``box`` (pixels)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    radius = math.hypot(x1 - x0, y1 - y0) / 2 + spacing
    a = rng.uniform(0, math.pi)
    u = np.array([math.cos(a), math.sin(a)])
    v = np.array([-u[1], u[0]])
    offsets = np.arange(-radius, radius + 1e-6, spacing)
    c = np.array([cx, cy])
    if scribble:
        pts = [c + v * o + u * radius * (1 if i % 2 else -1) + rng.normal(0, spacing * 0.2, 2)
               for i, o in enumerate(offsets)]
        return [np.array(pts)]
    return [np.array([c + v * o - u * radius, c + v * o + u * radius]) for o in offsets]


# --------------------------------------------------------------------------- drawing


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """A freehand drawing of a garment of class ``label``: RGB ``size`` x ``size``, black ink
    on white (grey antialiased edges). ValueError for a label outside 0..9."""
    label = check_label(label)
    st = _Style(rng)
    parts = _BUILDERS[label](rng, st)
    if label in _SHOES and rng.random() < 0.15:  # toe to the right now and then
        for part in parts:
            part.pts = part.pts * np.array([-1.0, 1.0])

    strokes: list[_Stroke] = []
    areas: list[np.ndarray] = []
    dots: list[tuple[np.ndarray, float, int]] = []
    for part in parts:
        if part.role == "dot":
            dots.append((part.pts[0] + rng.normal(0, st.wobble, 2), part.r, 0 if st.fill == "solid" else 255))
            continue
        if part.role in ("detail",) and st.fill == "solid" and rng.random() < 0.5:
            continue
        if part.role == "detail" and st.fill == "hatch" and rng.random() < 0.5:
            continue
        s, area = _ink_part(rng, part, st)
        strokes += s
        if area is not None:
            areas.append(area)
    if st.fill == "solid":
        dots = [d for d in dots if rng.random() < 0.5]

    # place: rotate, scale the longest side to 30-95 % of the canvas, put it anywhere on it
    angle = math.radians(rng.uniform(-15, 15))
    R = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    every = np.vstack([s.pts for s in strokes] + [d[0][None] for d in dots])
    every = every @ R.T
    lo, hi = every.min(0), every.max(0)
    extent = max(float((hi - lo).max()), 1e-6)
    target = rng.uniform(0.30, 0.95) * size
    brush = max(2.0, st.brush * target)
    target = min(target, size - brush - 8)
    scale = target / extent
    margin = brush / 2 + 3
    w, h = (hi - lo) * scale
    ox = rng.uniform(margin, max(margin, size - margin - w))
    oy = rng.uniform(margin, max(margin, size - margin - h))

    def to_px(p):
        return (p @ R.T - lo) * scale + np.array([ox, oy])

    ink = Image.new("L", (size, size), 0)
    pen = ImageDraw.Draw(ink)
    if areas:
        polys = [[tuple(q) for q in to_px(a)] for a in areas]
        if st.fill == "solid":
            for poly in polys:
                pen.polygon(poly, fill=255)
        else:
            mask = Image.new("L", (size, size), 0)
            mdraw = ImageDraw.Draw(mask)
            for poly in polys:
                mdraw.polygon(poly, fill=255)
            hatch = Image.new("L", (size, size), 0)
            hdraw = ImageDraw.Draw(hatch)
            box = mask.getbbox() or (0, 0, size, size)
            spacing = max(3.0, brush * rng.uniform(1.6, 3.2))
            lw = max(1, int(round(brush * rng.uniform(0.35, 0.7))))
            for line in _fill_lines(rng, box, spacing, st.scribble):
                hdraw.line([tuple(q) for q in line], fill=255, width=lw, joint="curve")
            ink = ImageChops.lighter(ink, ImageChops.multiply(hatch, mask))
            pen = ImageDraw.Draw(ink)
    for s in sorted(strokes, key=lambda s: -s.color):  # erasing strokes last
        pts = to_px(s.pts)
        widths = s.width * brush
        coords = [tuple(q) for q in pts]
        for i in range(len(coords) - 1):
            pen.line([coords[i], coords[i + 1]], fill=s.color, width=max(1, int(round(widths[i]))))
        for (x, y), wd in zip(coords, widths):
            r = wd / 2
            if r >= 1.2:
                pen.ellipse([x - r, y - r, x + r, y + r], fill=s.color)
    for centre, r, color in dots:
        x, y = to_px(centre[None])[0]
        r = max(r * scale, brush * 0.5, 1.5)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=color)
    if st.blur:
        ink = ink.filter(ImageFilter.BoxBlur(0.6))
    return Image.eval(ink, lambda v: 255 - v).convert("RGB")
