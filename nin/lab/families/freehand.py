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

Family B (``benchmarks/heldout_drawings.py``) is a different family that stays out of training and of
any choice made on the model; this module was written without looking at it (or at
family A, :mod:`.drawings`), so that neither family is a copy of the other.

    python -m nin.lab.families sheet C --out freehand.png
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from . import curves
from .canvas import SHOES, SIZE, check_label

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


def _part(pts, closed=False, role="outline", curve=False) -> _Part:
    return _Part(np.asarray(pts, dtype=np.float64).reshape(-1, 2), closed, role, curve)


def _detail(pts, closed=False, curve=False) -> _Part:
    return _part(pts, closed, "detail", curve)


def _ink_line(pts, closed=False, curve=False) -> _Part:
    return _part(pts, closed, "line", curve)


def _dot(x, y, r) -> _Part:
    return _Part(np.array([[x, y]], dtype=np.float64), False, "dot", False, r)


def _mirror(pts):
    return [(-x, y) for x, y in pts]


def _symmetric(left):
    """Left half, from the top centre going down -> the whole outline (right half reversed)."""
    return list(left) + _mirror(reversed(left))


class _Style:
    """Per-drawing choices of pen and rendering."""

    def __init__(self, rng: np.random.Generator):
        self.brush = math.exp(rng.uniform(math.log(0.03), math.log(0.12)))   # of the longest side
        self.wobble = rng.uniform(0.002, 0.014)
        self.tremor = rng.uniform(0.0, 0.005)
        self.pen = "segments" if rng.random() < 0.25 else "spline"
        self.overshoot = rng.uniform(0.0, 0.05)
        self.gaps = rng.random() < 0.25
        self.double = rng.random() < 0.15
        self.pressure = rng.uniform(0.0, 0.45)
        fill_draw = rng.random()
        self.fill = "solid" if fill_draw < 0.15 else "hatch" if fill_draw < 0.30 else "outline"
        self.scribble = rng.random() < 0.5
        self.detail = 0.0 if rng.random() < 0.15 else rng.uniform(0.6, 1.3)
        self.blur = rng.random() < 0.5
        self.rng = rng

    def want(self, p: float) -> bool:
        return self.rng.random() < p * self.detail


# --------------------------------------------------------------------------- tops


def _top(rng, style: _Style, kind: str) -> list[_Part]:
    """T-shirt/top, pullover, coat or shirt: body + sleeves + neck + details."""
    length = {"tee": rng.uniform(0.8, 1.05), "pullover": rng.uniform(0.85, 1.1), "shirt": rng.uniform(0.9, 1.2),
              "coat": rng.uniform(1.25, 1.65)}[kind]
    neck_half = rng.uniform(0.08, 0.14) if kind != "coat" else rng.uniform(0.09, 0.15)
    shoulder_half = rng.uniform(0.26, 0.36)                   # shoulder half-width
    shoulder_drop = rng.uniform(0.02, 0.09)                   # shoulder drop
    chest_half = shoulder_half * rng.uniform(0.85, 1.0)               # body half-width under the arm
    hem_half = chest_half * (rng.uniform(0.9, 1.12) if kind != "coat" else rng.uniform(1.0, 1.3))
    short = kind == "tee" or (kind == "shirt" and rng.random() < 0.2)
    sleeveless = kind == "tee" and rng.random() < 0.15
    shoulder = np.array([-shoulder_half, shoulder_drop])
    armpit_y = shoulder_drop + (rng.uniform(0.12, 0.24) if short else rng.uniform(0.15, 0.28))
    armpit = np.array([-chest_half - 0.01, armpit_y])
    hem = np.array([-hem_half, length])

    def body_x(y):  # body half-width at height y (below the armpit)
        t = min(max((y - armpit_y) / max(length - armpit_y, 1e-6), 0.0), 1.0)
        return chest_half + (hem_half - chest_half) * t

    # neckline, from the right neck point to the left one (interior points only)
    neck = rng.choice(["round", "round", "v", "boat"]) if kind in ("tee", "pullover") else "round"
    if kind == "coat":
        neck = "v"
    if neck == "round":
        neck_depth = rng.uniform(0.06, 0.14)
        neck_pts = _arc(0, 0, neck_half, neck_depth, 25, 155, 5)
    elif neck == "boat":
        neck_depth = rng.uniform(0.02, 0.05)
        neck_half *= 1.3
        neck_pts = _arc(0, 0, neck_half, neck_depth, 30, 150, 3)
    else:
        neck_depth = rng.uniform(0.15, 0.3) if kind != "coat" else rng.uniform(0.3, 0.5)
        neck_pts = np.array([[0.0, neck_depth]])
    neck_point = np.array([-neck_half, 0.0])
    parts: list[_Part] = []

    if sleeveless:
        strap_top = np.array([-neck_half - rng.uniform(0.05, 0.09), rng.uniform(0.0, 0.02)])
        armpit = np.array([-chest_half, rng.uniform(0.25, 0.36)])
        armhole_middle = (strap_top + armpit) / 2 + np.array([rng.uniform(0.03, 0.07), 0.0])
        left = [neck_point, strap_top, armhole_middle, armpit, hem]
        parts.append(_part(_symmetric(left) + list(neck_pts), closed=True))
        cuff_top = cuff_under = None
    else:
        if short:
            theta = math.radians(rng.uniform(40, 72))
            sleeve_length = rng.uniform(0.13, 0.26)
            cuff_width = rng.uniform(0.15, 0.23)
            along_sleeve = np.array([-math.sin(theta), math.cos(theta)])
            cuff_under = armpit + sleeve_length * along_sleeve
        else:
            cuff_y = rng.uniform(0.72, 0.98) * length if kind != "coat" else rng.uniform(0.55, 0.8) * length
            cuff_under = np.array([-body_x(cuff_y) - rng.uniform(0.02, 0.1), cuff_y])
            along_sleeve = curves.unit(cuff_under - armpit)
            cuff_width = rng.uniform(0.12, 0.18)
        across_sleeve = np.array([along_sleeve[1], -along_sleeve[0]])      # perpendicular, towards the body
        cuff_top = cuff_under - cuff_width * across_sleeve
        sleeve_style = rng.choice(["attached", "attached", "separate", "open"])
        if sleeve_style == "attached":
            left = [neck_point, shoulder, cuff_top, cuff_under, armpit, hem]
            parts.append(_part(_symmetric(left) + list(neck_pts), closed=True))
        else:
            left = [neck_point, shoulder, armpit, hem]
            parts.append(_part(_symmetric(left) + list(neck_pts), closed=True))
            for side in (1, -1):
                sleeve = [shoulder, cuff_top, cuff_under, armpit]
                pts = sleeve if side == 1 else _mirror(sleeve)
                if sleeve_style == "separate":
                    parts.append(_part(pts, closed=True))
                else:  # sleeve as two lines meeting the body: the cuff end left open
                    a, b, c, e = pts
                    parts.append(_ink_line([a, b]))
                    parts.append(_ink_line([c, e]))

    def both(pts, role="detail", closed=False, curve=False):
        parts.append(_part(pts, closed, role, curve))
        parts.append(_part(_mirror(pts), closed, role, curve))

    def cuff_line(frac, ticks=0):
        if cuff_top is None:
            return
        top_edge = curves.unit(cuff_top - shoulder)
        under_edge = curves.unit(cuff_under - armpit)
        band_top, band_under = cuff_top - frac * top_edge, cuff_under - frac * under_edge
        both([band_top, band_under])
        for k in range(1, ticks + 1):
            f = k / (ticks + 1)
            both([band_top + f * (band_under - band_top), cuff_top + f * (cuff_under - cuff_top)])

    def hem_line(depth, ticks=0):
        y = length - depth
        x = body_x(y)
        parts.append(_detail([(-x, y), (0, y + rng.uniform(-0.01, 0.01)), (x, y)]))
        for k in range(1, ticks + 1):
            xx = -x + 2 * x * k / (ticks + 1)
            parts.append(_detail([(xx, y), (xx, length)]))

    if kind == "tee":
        if neck == "round" and style.want(0.4):
            parts.append(_detail(_arc(0, 0, neck_half * 0.85, neck_depth + 0.035, 15, 165, 5)))
        if style.want(0.45):
            cuff_line(rng.uniform(0.025, 0.05))
        if style.want(0.35):
            hem_line(rng.uniform(0.04, 0.07))
        if style.want(0.4):
            parts += _logo(rng, rng.uniform(-0.05, 0.05), rng.uniform(0.3, 0.45), rng.uniform(0.06, 0.12))
        elif style.want(0.15):
            x0, y0, s = -chest_half * 0.65, rng.uniform(0.22, 0.3), rng.uniform(0.08, 0.11)
            parts.append(_detail([(x0, y0), (x0, y0 + s), (x0 + s, y0 + s), (x0 + s, y0)]))

    elif kind == "pullover":
        if style.want(0.7):
            cuff_line(rng.uniform(0.06, 0.11), ticks=int(rng.integers(0, 4)) if style.want(0.6) else 0)
        if style.want(0.7):
            hem_line(rng.uniform(0.06, 0.11), ticks=int(rng.integers(0, 7)) if style.want(0.6) else 0)
        if neck != "v" and style.want(0.5):
            parts.append(_detail(_arc(0, 0, neck_half * 0.85, neck_depth + 0.04, 15, 165, 5)))
        elif neck == "v" and style.want(0.5):
            parts.append(_detail([(-neck_half * 0.8, 0.0), (0, neck_depth + 0.05), (neck_half * 0.8, 0.0)]))
        if style.want(0.2):  # kangaroo pocket
            y0, y1 = rng.uniform(0.5, 0.6) * length, rng.uniform(0.75, 0.85) * length
            x1, x0 = body_x(y1) * rng.uniform(0.6, 0.75), body_x(y0) * rng.uniform(0.35, 0.5)
            parts.append(_detail([(-x1, y1), (-x0, y0), (x0, y0), (x1, y1)]))
        if style.want(0.15):  # a knitted pattern band across the chest
            y = rng.uniform(0.3, 0.4) * length
            xs = np.linspace(-body_x(y) * 0.9, body_x(y) * 0.9, 9)
            parts.append(_detail([(x, y + (0.03 if i % 2 else 0)) for i, x in enumerate(xs)]))

    elif kind == "shirt":
        tip = (-neck_half * rng.uniform(0.4, 0.8), neck_depth + rng.uniform(0.06, 0.13))
        both([(-neck_half - 0.01, -0.01), tip, (-0.01, neck_depth)], role="detail")
        placket_half = rng.uniform(0.02, 0.04)
        if style.want(0.7):
            both([(-placket_half, neck_depth + 0.01), (-placket_half, length)])
            buttons_x = 0.0
        else:
            parts.append(_detail([(0, neck_depth), (0, length)]))
            buttons_x = rng.uniform(0.03, 0.05)
        if style.detail > 0:
            for y in np.linspace(neck_depth + 0.07, length - 0.08, int(rng.integers(4, 8))):
                parts.append(_dot(buttons_x, y, rng.uniform(0.012, 0.022)))
        if not short and style.want(0.7):
            cuff_line(rng.uniform(0.07, 0.12))
        elif short and style.want(0.5):
            cuff_line(rng.uniform(0.03, 0.05))
        if style.want(0.5):
            x0, y0, s = -chest_half * rng.uniform(0.55, 0.75), rng.uniform(0.25, 0.35), rng.uniform(0.09, 0.13)
            parts.append(_detail([(x0, y0), (x0, y0 + s), (x0 + s * 0.5, y0 + s * 1.15), (x0 + s, y0 + s),
                                  (x0 + s, y0)]))

    elif kind == "coat":
        lapel_out, lapel_down = rng.uniform(0.04, 0.11), neck_depth * rng.uniform(0.35, 0.65)
        if style.want(0.85):
            both([neck_point, (-neck_half - lapel_out, lapel_down), (-0.01, neck_depth)])
        front_x = rng.uniform(-0.03, 0.03)
        double = rng.random() < 0.3
        zip_front = not double and rng.random() < 0.2
        front = _detail([(front_x, neck_depth), (front_x, length)])
        parts.append(front)
        if zip_front and style.detail > 0:
            for y in np.linspace(neck_depth + 0.05, length - 0.05, int(rng.integers(6, 12))):
                parts.append(_detail([(front_x - 0.02, y), (front_x + 0.02, y)]))
        elif style.detail > 0:
            k = int(rng.integers(2, 5))
            ys = np.linspace(neck_depth + 0.06, neck_depth + 0.06 + rng.uniform(0.3, 0.55) * (length - neck_depth), k)
            r = rng.uniform(0.015, 0.026)
            for y in ys:
                if double:
                    parts += [_dot(-0.09, y, r), _dot(0.09, y, r)]
                else:
                    parts.append(_dot(front_x + rng.uniform(0.04, 0.06), y, r))
        if style.want(0.3):  # belt with a buckle
            belt_y, belt_height = rng.uniform(0.38, 0.5) * length, rng.uniform(0.04, 0.06)
            x = body_x(belt_y)
            parts.append(_detail([(-x, belt_y), (x, belt_y)]))
            parts.append(_detail([(-x, belt_y + belt_height), (x, belt_y + belt_height)]))
            parts.append(_detail([(-0.05, belt_y - 0.015), (-0.05, belt_y + belt_height + 0.015),
                                  (0.05, belt_y + belt_height + 0.015),
                                  (0.05, belt_y - 0.015)], closed=True))
        if style.want(0.5):  # pocket flaps
            pocket_y = rng.uniform(0.6, 0.75) * length
            x = body_x(pocket_y)
            slant = rng.uniform(-0.06, 0.06)
            both([(-x * 0.8, pocket_y + slant), (-x * 0.35, pocket_y)])
        if style.want(0.4):
            cuff_line(rng.uniform(0.05, 0.1))
    return parts


def _logo(rng, cx, cy, size) -> list[_Part]:
    kind = rng.choice(["circle", "star", "text", "rect", "heart"])
    if kind == "circle":
        return [_detail(_arc(cx, cy, size, size, 0, 330, 10), closed=True, curve=True)]
    if kind == "star":
        a = np.radians(np.arange(10) * 36 - 90)
        rad = np.where(np.arange(10) % 2 == 0, size, size * 0.45)
        return [_detail(np.stack([cx + rad * np.cos(a), cy + rad * np.sin(a)], 1), closed=True)]
    if kind == "text":
        xs = np.linspace(cx - 1.6 * size, cx + 1.6 * size, int(rng.integers(5, 10)))
        ys = cy + rng.uniform(-0.5, 0.5, len(xs)) * size
        return [_detail(np.stack([xs, ys], 1))]
    if kind == "rect":
        return [_detail([(cx - size, cy - size * 0.7), (cx - size, cy + size * 0.7), (cx + size, cy + size * 0.7),
                         (cx + size, cy - size * 0.7)],
                        closed=True)]
    return [_detail([(cx, cy + size), (cx - size, cy - 0.1 * size), (cx - 0.55 * size, cy - 0.8 * size),
                     (cx, cy - 0.35 * size),
                     (cx + 0.55 * size, cy - 0.8 * size), (cx + size, cy - 0.1 * size)], closed=True)]


# --------------------------------------------------------------------------- trousers, dress


def _trouser(rng, style: _Style) -> list[_Part]:
    length = rng.uniform(0.85, 1.1)
    waist_half = rng.uniform(0.14, 0.3)                         # waist half-width
    hem_half = waist_half * rng.uniform(1.0, 1.3)                     # outer hem half-width (flares)
    leg_width = min(rng.uniform(0.1, 0.22), hem_half - 0.015)        # one leg's hem width: the legs never merge
    crotch_y = rng.uniform(0.22, 0.38) * length                    # crotch
    hip = (-waist_half * rng.uniform(1.0, 1.08), rng.uniform(0.12, 0.2) * length)
    left = [(-waist_half, 0.0), hip, (-hem_half, length), (-hem_half + leg_width, length), (0.0, crotch_y)]
    outline = left[:-1] + [(0.0, crotch_y)] + _mirror(reversed(left[:-1]))
    parts = [_part(outline, closed=True)]
    band = rng.uniform(0.04, 0.08)
    if style.want(0.7):
        parts.append(_detail([(-waist_half, band), (waist_half, band)]))
        if style.want(0.25):  # belt loops
            for x in (-0.7 * waist_half, -0.2 * waist_half, 0.3 * waist_half, 0.75 * waist_half):
                parts.append(_detail([(x, 0), (x, band)]))
    if style.want(0.5):
        parts.append(_detail([(0.0, band), (0.015, crotch_y * 0.55), (0.0, crotch_y * 0.85)]))
    if style.want(0.25):
        parts.append(_dot(0.0, band * 0.5, rng.uniform(0.012, 0.02)))
    if style.want(0.35):  # creases down the middle of each leg
        for side in (-1, 1):
            crease_top, crease_bottom = side * waist_half * 0.5, side * (hem_half - leg_width / 2)
            parts.append(_detail([(crease_top, rng.uniform(0.15, 0.3) * length),
                                  (crease_bottom, length * rng.uniform(0.9, 0.98))]))
    if style.want(0.4):  # front pockets
        for side in (-1, 1):
            parts.append(_detail([(side * waist_half * 0.6, band), (side * waist_half * 0.85, band + 0.06),
                                  (side * waist_half * 1.02, band + 0.12)]))
    if style.want(0.2):  # turn-ups
        for side in (-1, 1):
            parts.append(_detail([(side * hem_half * 1.0, length - 0.05),
                                  (side * (hem_half - leg_width), length - 0.05)]))
    return parts


def _dress(rng, style: _Style) -> list[_Part]:
    neck_half = rng.uniform(0.07, 0.13)
    bust_half = rng.uniform(0.14, 0.21)                        # bust half-width
    waist_y = rng.uniform(0.3, 0.45)                         # waist
    waist_half = bust_half * rng.uniform(0.7, 0.9)
    skirt = rng.choice(["straight", "aline", "aline", "flare"])
    hem_half = {"straight": rng.uniform(0.2, 0.27), "aline": rng.uniform(0.3, 0.4),
                "flare": rng.uniform(0.4, 0.55)}[skirt]
    length = 1.0
    if skirt == "flare":  # a wavy hem
        xs = np.linspace(hem_half, -hem_half, int(rng.integers(4, 7)) * 2 + 1)
        hem = [(x, length + (0.035 if i % 2 else 0.0)) for i, x in enumerate(xs)][1:-1]
    else:
        hem = [(0.0, length + rng.uniform(-0.02, 0.03))]
    top = rng.choice(["strap", "sleeveless", "short"])
    waist, hem_corner = (-waist_half, waist_y), (-hem_half, length)
    parts: list[_Part] = []
    neck = rng.choice(["round", "v", "square"])
    neck_depth = rng.uniform(0.08, 0.2)
    if neck == "round":
        neck_pts = list(_arc(0, 0, neck_half, neck_depth, 25, 155, 5))
    elif neck == "v":
        neck_pts = [(0.0, neck_depth + 0.05)]
    else:
        neck_pts = [(neck_half, neck_depth), (-neck_half, neck_depth)]
    if top == "strap":
        strap_y = rng.uniform(0.12, 0.2)
        armpit = (-bust_half, strap_y + rng.uniform(0.08, 0.12))
        left = [(-bust_half * 0.9, strap_y), armpit, waist, hem_corner]
        neckline = [(0.0, strap_y + rng.uniform(-0.02, 0.05))]
        outline = left + hem + _mirror(reversed(left)) + neckline
        parts.append(_part(outline, closed=True))
        for side in (-1, 1):
            x = side * bust_half * rng.uniform(0.45, 0.7)
            parts.append(_ink_line([(x, strap_y + 0.005), (x + side * rng.uniform(-0.02, 0.03), 0.0)]))
    elif top == "sleeveless":
        strap_top = (-neck_half - rng.uniform(0.04, 0.08), rng.uniform(0.0, 0.02))
        armpit = (-bust_half, rng.uniform(0.2, 0.28))
        armhole_middle = ((strap_top[0] + armpit[0]) / 2 + rng.uniform(0.02, 0.05), (strap_top[1] + armpit[1]) / 2)
        left = [(-neck_half, 0.0), strap_top, armhole_middle, armpit, waist, hem_corner]
        tail = [(neck_half, neck_depth), (-neck_half, neck_depth)] if neck == "square" else neck_pts[::-1]
        parts.append(_part(left + hem + _mirror(reversed(left)) + tail, closed=True))
    else:
        shoulder = np.array([-neck_half - rng.uniform(0.06, 0.1), rng.uniform(0.01, 0.04)])
        armpit = np.array([-bust_half, rng.uniform(0.18, 0.25)])
        theta = math.radians(rng.uniform(40, 70))
        along_sleeve = np.array([-math.sin(theta), math.cos(theta)])
        cuff_under = armpit + rng.uniform(0.08, 0.16) * along_sleeve
        cuff_top = cuff_under - rng.uniform(0.1, 0.15) * np.array([along_sleeve[1], -along_sleeve[0]])
        left = [(-neck_half, 0.0), shoulder, cuff_top, cuff_under, armpit, waist, hem_corner]
        tail = [(neck_half, neck_depth), (-neck_half, neck_depth)] if neck == "square" else neck_pts[::-1]
        parts.append(_part(left + hem + _mirror(reversed(left)) + tail, closed=True))
    if style.want(0.5):
        parts.append(_detail([(-waist_half, waist_y), (0, waist_y + rng.uniform(-0.02, 0.02)), (waist_half, waist_y)]))
        if style.want(0.3):
            parts.append(_detail([(-waist_half * 1.02, waist_y + 0.04), (waist_half * 1.02, waist_y + 0.04)]))
            parts.append(_detail(_arc(0.0, waist_y + 0.02, 0.04, 0.03, 0, 330, 8), closed=True, curve=True))
    if style.want(0.35):  # folds from the waist
        for k in range(int(rng.integers(2, 5))):
            fold = rng.uniform(-0.7, 0.7)
            parts.append(_detail([(fold * waist_half, waist_y + 0.05),
                                  (fold * hem_half * 0.9, length - rng.uniform(0.05, 0.2))]))
    if style.want(0.15):
        for y in np.linspace(0.12, waist_y - 0.04, 3):
            parts.append(_dot(0.0, y, rng.uniform(0.01, 0.018)))
    if style.want(0.2):
        parts.append(_detail([(-hem_half * 0.95, length - 0.06), (hem_half * 0.95, length - 0.06)]))
    return parts


# --------------------------------------------------------------------------- shoes (toe left, y up is negative)


def _sandal(rng, style: _Style) -> list[_Part]:
    sole_thickness = rng.uniform(0.03, 0.07)                          # sole thickness
    heeled = rng.random() < 0.4
    parts: list[_Part] = []
    if heeled:
        heel_height = rng.uniform(0.15, 0.4)
        heel_front = rng.uniform(0.72, 0.86)                    # heel block's front
        bed = np.array([(0.0, -sole_thickness), (0.28, -sole_thickness), (0.55, -heel_height * 0.55 - sole_thickness),
                        (0.8, -heel_height - sole_thickness), (0.98, -heel_height - sole_thickness)])
        sole = [(0.0, -sole_thickness * 0.6), (0.03, 0.0), (0.3, 0.0), (0.55, -heel_height * 0.55),
                (heel_front - 0.02, -heel_height),
                (heel_front, 0.0), (0.96, 0.0), (0.99, -heel_height), (0.98, -heel_height - sole_thickness)]
        sole += [tuple(p) for p in bed[::-1][1:-1]]
    else:
        bed = np.array([(0.0, -sole_thickness), (0.5, -sole_thickness * rng.uniform(0.9, 1.3)),
                        (0.98, -sole_thickness)])
        sole = [(0.0, -sole_thickness * 0.5), (0.04, 0.0), (0.96, 0.0), (1.0, -sole_thickness * 0.5),
                (0.97, -sole_thickness), (0.5, bed[1, 1]), (0.03, -sole_thickness)]
        heel_height = 0.0
    parts.append(_part(sole, closed=True))

    def bed_y(x):
        return float(np.interp(x, bed[:, 0], bed[:, 1]))

    # straps over the foot (open toe: nothing in front of the first strap)
    kind = rng.choice(["straps", "straps", "thong", "gladiator"])
    if kind == "thong":
        post = rng.uniform(0.2, 0.3)
        parts.append(_ink_line([(post, bed_y(post)), (post + 0.08, bed_y(post) - rng.uniform(0.12, 0.2)),
                                (post + rng.uniform(0.28, 0.38), bed_y(post + 0.33))]))
        parts.append(_ink_line([(post + 0.08, bed_y(post) - 0.15),
                                (post + rng.uniform(0.2, 0.28), bed_y(post + 0.25) + 0.005)]))
    else:
        n = int(rng.integers(2, 4)) if kind == "straps" else int(rng.integers(4, 6))
        xs = np.sort(rng.uniform(0.12, 0.7, n))
        for x in xs:
            width = rng.uniform(0.08, 0.2)
            a, b = x - width / 2, x + width / 2
            strap_height = rng.uniform(0.12, 0.24) + 0.3 * max(x - 0.4, 0)
            strap_xs = np.linspace(a, b, 7)
            bump = np.sin(np.linspace(0, np.pi, 7)) ** 0.8
            parts.append(_ink_line([(xx, bed_y(xx) - strap_height * k) for xx, k in zip(strap_xs, bump)], curve=True))
    if rng.random() < 0.65:  # ankle strap and its connection
        ankle_x = rng.uniform(0.72, 0.9)
        top = bed_y(ankle_x) - rng.uniform(0.28, 0.45)
        ring = _arc(ankle_x, top, rng.uniform(0.1, 0.15), rng.uniform(0.05, 0.08), 0, 330, 10)
        parts.append(_ink_line(ring, closed=True, curve=True))
        parts.append(_ink_line([(0.96, bed_y(0.96)), (0.97, top + 0.04)]))
        if style.want(0.5):
            buckle_x, buckle_y = ankle_x - 0.12, top + 0.02
            parts.append(_detail([(buckle_x - 0.025, buckle_y - 0.03), (buckle_x - 0.025, buckle_y + 0.03),
                                  (buckle_x + 0.025, buckle_y + 0.03),
                                  (buckle_x + 0.025, buckle_y - 0.03)], closed=True))
    if style.want(0.3):
        parts.append(_detail([(0.03, -sole_thickness * 0.45), (0.96, -sole_thickness * 0.45)]))
    return parts


def _sneaker(rng, style: _Style) -> list[_Part]:
    height = rng.uniform(0.3, 0.44)
    sole_line = rng.uniform(0.06, 0.12)
    tongue = rng.uniform(0.95, 1.12)
    dip = rng.uniform(0.7, 0.86)
    outline = [(0.03, 0.0), (0.5, 0.0), (0.96, 0.0), (1.0, -height * 0.5), (0.98, -height * 0.92), (0.9, -height),
               (0.76, -height * dip), (0.63, -height * tongue), (0.56, -height * 0.95), (0.42, -height * 0.66),
               (0.2, -height * 0.46), (0.06, -height * 0.36), (0.0, -height * 0.18)]
    parts = [_part(outline, closed=True)]
    if style.want(0.9) or style.fill != "outline":
        parts.append(_detail([(0.01, -sole_line * 1.2), (0.2, -sole_line), (0.6, -sole_line), (0.99, -sole_line)]))
    if style.want(0.5):  # toe cap
        parts.append(_detail([(0.03, -sole_line), (0.16, -height * 0.38), (0.24, -sole_line * 1.05)]))
    if style.want(0.75):  # laces across the vamp
        k = int(rng.integers(3, 6))
        for f in np.linspace(0.1, 0.85, k):
            x = 0.43 + f * (0.62 - 0.43)
            y = -height * (0.66 + f * (tongue - 0.66))
            parts.append(_detail([(x - 0.05, y + 0.035), (x + 0.06, y - 0.01)]))
    if style.want(0.45):  # a side stripe
        parts.append(_detail([(0.35, -sole_line - 0.02), (0.55, -height * 0.35), (0.75, -height * 0.7)]
                             if rng.random() < 0.5 else
                             [(0.3, -sole_line - 0.03), (0.6, -height * 0.3), (0.85, -height * 0.45)]))
    if style.want(0.3):  # heel tab
        parts.append(_detail([(0.92, -sole_line), (0.9, -height * 0.85)]))
    if style.want(0.2):  # stitching above the sole
        for x in np.linspace(0.1, 0.9, 7):
            parts.append(_detail([(x, -sole_line - 0.03), (x + 0.05, -sole_line - 0.03)]))
    return parts


def _ankle_boot(rng, style: _Style) -> list[_Part]:
    height = rng.uniform(0.7, 1.0)                  # shaft top, relative to the length
    shaft_front = rng.uniform(0.42, 0.56)               # shaft front
    heel_height = rng.uniform(0.0, 0.2)                 # heel height
    heel_front = rng.uniform(0.7, 0.78)                # heel block's front
    sole_line = rng.uniform(0.04, 0.07)
    bottom = [(0.03, 0.0), (0.5, 0.0)]
    if heel_height > 0.05:
        bottom += [(heel_front - 0.06, -heel_height * 0.8), (heel_front, -heel_height), (heel_front + 0.02, 0.0)]
    bottom += [(0.98, 0.0)]
    outline = bottom + [(1.0, -height * 0.4), (0.97, -height), (shaft_front + 0.03, -height),
                        (shaft_front, -height * 0.55), (0.3, -height * 0.33), (0.08, -height * 0.22),
                        (0.0, -height * 0.08)]
    parts = [_part(outline, closed=True)]
    if style.want(0.6):
        parts.append(_detail([(0.01, -sole_line), (heel_front - 0.08 if heel_height > 0.05 else 0.97, -sole_line)]))
    if heel_height > 0.05 and style.want(0.5):
        parts.append(_detail([(heel_front, -heel_height), (0.99, -heel_height)]))
    choice = rng.random()
    if choice < 0.3 and style.detail > 0:  # zip on the side
        x = rng.uniform(0.7, 0.85)
        parts.append(_detail([(x, -height + 0.03), (x, -height * 0.3)]))
        if style.want(0.7):
            for y in np.linspace(-height + 0.06, -height * 0.35, 6):
                parts.append(_detail([(x - 0.02, y), (x + 0.02, y)]))
    elif choice < 0.6 and style.detail > 0:  # laces up the front
        for f in np.linspace(0.15, 0.9, int(rng.integers(3, 6))):
            y = -height * (0.45 + 0.55 * f)
            x = shaft_front + 0.03
            parts.append(_detail([(x, y), (x + rng.uniform(0.1, 0.16), y + 0.04)]))
    elif choice < 0.8 and style.detail > 0:  # elastic side panel (Chelsea boot)
        x = rng.uniform(0.62, 0.78)
        parts.append(_detail([(x - 0.07, -height), (x - 0.03, -height * 0.45),
                              (x + 0.03, -height * 0.45), (x + 0.07, -height)]))
    if style.want(0.3):  # pull tab at the back
        parts.append(_ink_line([(0.93, -height), (0.95, -height - 0.1), (1.0, -height - 0.08), (0.99, -height)]))
    if style.want(0.25):
        parts.append(_detail([(shaft_front + 0.03, -height + 0.05), (0.97, -height + 0.05)]))
    return parts


# --------------------------------------------------------------------------- bags


def _bag(rng, style: _Style) -> list[_Part]:
    kind = rng.choice(["tote", "handbag", "shoulder", "clutch", "backpack"])
    parts: list[_Part] = []
    if kind == "clutch":
        half_width, height = rng.uniform(0.45, 0.55), rng.uniform(0.45, 0.6)
    elif kind == "backpack":
        half_width, height = rng.uniform(0.28, 0.36), rng.uniform(0.75, 0.95)
    else:
        half_width, height = rng.uniform(0.32, 0.5), rng.uniform(0.5, 0.8)
    top_half = half_width * (rng.uniform(0.75, 1.0) if kind in ("tote", "handbag") else 1.0)
    corner = rng.uniform(0.0, 0.08)
    if kind == "backpack":
        body = [(-half_width, height), (-half_width, 0.25 * height)] + \
            list(_arc(0, 0.25 * height, half_width, 0.25 * height, 180, 360, 7)[1:-1]) + \
               [(half_width, 0.25 * height), (half_width, height)]
    else:
        body = [(-top_half, 0.0), (-half_width, height - corner), (-half_width + corner, height),
                (half_width - corner, height), (half_width, height - corner), (top_half, 0.0)]
    parts.append(_part(body, closed=True))
    if kind in ("tote", "handbag"):
        handles = 2 if kind == "tote" and rng.random() < 0.6 else 1
        for i in range(handles):
            handle_half = top_half * (rng.uniform(0.35, 0.7) - 0.12 * i)
            handle_height = rng.uniform(0.2, 0.45) * height
            parts.append(_ink_line(_arc(0, 0, handle_half, handle_height, 180, 360, 9), curve=True))
            if style.want(0.3):
                parts.append(_ink_line(_arc(0, 0, handle_half * 0.85, handle_height * 0.8, 185, 355, 9), curve=True))
    elif kind == "shoulder":
        strap_height = rng.uniform(0.6, 1.1) * height
        parts.append(_ink_line(_arc(0, 0, top_half * rng.uniform(0.8, 0.98), strap_height, 180, 360, 11), curve=True))
    elif kind == "backpack":
        parts.append(_ink_line(_arc(0, 0.02, 0.08, 0.08, 180, 360, 6), curve=True))
        if style.want(0.8):
            y0 = rng.uniform(0.5, 0.6) * height
            parts.append(_detail([(-half_width * 0.7, y0 + 0.05), (-half_width * 0.7, height * 0.92),
                                  (half_width * 0.7, height * 0.92), (half_width * 0.7, y0 + 0.05),
                                  (0.0, y0)], closed=True))
        if style.want(0.5):
            pocket_flap = _arc(0, 0.25 * height + 0.05, half_width * 0.8, 0.2 * height, 190, 350, 7)
            parts.append(_detail(pocket_flap, curve=True))
    if kind in ("handbag", "clutch", "shoulder") and style.want(0.6):  # flap
        flap_y = rng.uniform(0.3, 0.6) * height
        if rng.random() < 0.5:
            parts.append(_detail([(-top_half, 0.02), (0.0, flap_y), (top_half, 0.02)]))
        else:
            parts.append(_detail([(-half_width * 0.98, flap_y * 0.7), (0, flap_y * 0.75),
                                  (half_width * 0.98, flap_y * 0.7)]))
        if style.want(0.7):
            parts.append(_dot(0.0, flap_y, rng.uniform(0.02, 0.035)))
    if kind == "tote" and style.want(0.3):
        parts.append(_detail([(-top_half * 0.9, 0.07), (top_half * 0.9, 0.07)]))
    if kind == "tote" and style.want(0.25):
        parts += _logo(rng, 0.0, height * 0.55, rng.uniform(0.07, 0.12))
    if style.want(0.15):  # stitching along the bottom
        for x in np.linspace(-half_width * 0.8, half_width * 0.7, 6):
            parts.append(_detail([(x, height - 0.05), (x + 0.05, height - 0.05)]))
    return parts


_BUILDERS = (partial(_top, kind="tee"), _trouser, partial(_top, kind="pullover"), _dress, partial(_top, kind="coat"),
             _sandal, partial(_top, kind="shirt"), _sneaker, _bag, _ankle_boot)


# --------------------------------------------------------------------------- the pen


def _resample(points: np.ndarray, closed: bool, step: float) -> np.ndarray:
    k = len(points)
    out = []
    for i in range(k if closed else k - 1):
        a, b = points[i], points[(i + 1) % k]
        m = max(1, int(math.ceil(math.hypot(*(b - a)) / step)))
        out.append(a + (b - a) * (np.arange(m)[:, None] / m))
    if not closed:
        out.append(points[-1:])
    return np.vstack(out)


def _line(a, b) -> np.ndarray:
    m = max(2, int(math.hypot(*(b - a)) * _DENSITY))
    return a + (b - a) * np.linspace(0, 1, m)[:, None]


def _smooth_noise(rng, n: int, k: int = 7) -> np.ndarray:
    z = rng.normal(0, 1, n + k - 1)
    return np.convolve(z, np.ones(k) / math.sqrt(k), mode="valid")


def _tremble(rng, path: np.ndarray, amount: float) -> np.ndarray:
    if amount <= 0 or len(path) < 3:
        return path
    t = np.gradient(path, axis=0)
    t /= np.maximum(np.hypot(t[:, 0], t[:, 1]), 1e-9)[:, None]
    normal = np.stack([-t[:, 1], t[:, 0]], 1)
    return path + normal * (_smooth_noise(rng, len(path)) * amount)[:, None]


def _pressure(rng, n: int, style: _Style, taper: bool) -> np.ndarray:
    t = np.linspace(0, 1, n)
    level = rng.uniform(0.8, 1.0)
    wave = np.sin(2 * np.pi * (rng.uniform(0.3, 2) * t + rng.uniform(0, 1)))
    w = level * (1 - style.pressure * 0.5 * (1 + wave))
    if taper and n > 4:
        w *= np.clip(0.5 + 0.5 * np.minimum(t, 1 - t) / 0.08, 0.5, 1.0)
    return np.clip(w, 0.4, 1.0)


@dataclass
class _Stroke:
    pts: np.ndarray      # [n, 2]
    width: np.ndarray    # [n] fraction of the brush
    color: int           # 255: ink, 0: erase


def _ink_part(rng, part: _Part, style: _Style) -> tuple[list[_Stroke], np.ndarray | None]:
    """One part -> its pen strokes, and its filled area (a closed path) when it has one."""
    points = part.pts
    strokes: list[_Stroke] = []
    area = None
    paths: list[np.ndarray] = []
    fill_me = part.closed and part.role == "outline" and style.fill != "outline"
    if style.pen == "segments" and not part.curve and len(points) <= 14 and not fill_me:
        k = len(points)
        for i in range(k if part.closed else k - 1):
            a, b = points[i], points[(i + 1) % k]
            length = math.hypot(*(b - a))
            if length < 1e-6:
                continue
            u = (b - a) / length
            a2 = a - u * rng.uniform(-0.01, style.overshoot) + rng.normal(0, style.wobble, 2)
            b2 = b + u * rng.uniform(-0.01, style.overshoot) + rng.normal(0, style.wobble, 2)
            seg = _line(a2, b2)
            bow = rng.normal(0, 0.012) * length
            s = np.linspace(0, 1, len(seg))
            seg = seg + np.stack([-u[1], u[0]]) * (bow * np.sin(np.pi * s))[:, None]
            paths.append(seg)
    else:
        control = points if part.curve else _resample(points, part.closed, _CTRL_STEP)
        control = control + rng.normal(0, style.wobble, control.shape)
        path = curves.catmull_rom(control, closed=part.closed, ends="reflect", density=_DENSITY)
        if part.closed:  # back to its start
            path = np.concatenate([path, path[:1]])
        if fill_me:
            area = path
        if part.closed and style.gaps and part.role == "outline" and rng.random() < 0.6:
            n = len(path) - 1
            g = max(2, int(n * rng.uniform(0.03, 0.12)))
            start = int(rng.integers(0, n))
            path = np.roll(path[:-1], -(start + g), axis=0)[: n - g]
        paths.append(path)
    if style.double:
        for path in list(paths):
            if rng.random() < 0.6 and len(path) > 3:
                keep = int(len(path) * rng.uniform(0.5, 1.0))
                j = int(rng.integers(0, len(path) - keep + 1))
                paths.append(path[j:j + keep] + rng.normal(0, 0.008, 2))
    color = 255
    if part.role == "detail" and style.fill == "solid":
        color = 0
    for path in paths:
        path = _tremble(rng, path, style.tremor)
        strokes.append(_Stroke(path, _pressure(rng, len(path), style, taper=True), color))
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
    style = _Style(rng)
    parts = _BUILDERS[label](rng, style)
    if label in SHOES and rng.random() < 0.15:  # toe to the right now and then
        for part in parts:
            part.pts = part.pts * np.array([-1.0, 1.0])

    strokes: list[_Stroke] = []
    areas: list[np.ndarray] = []
    dots: list[tuple[np.ndarray, float, int]] = []
    for part in parts:
        if part.role == "dot":
            dots.append((part.pts[0] + rng.normal(0, style.wobble, 2), part.r, 0 if style.fill == "solid" else 255))
            continue
        if part.role in ("detail",) and style.fill == "solid" and rng.random() < 0.5:
            continue
        if part.role == "detail" and style.fill == "hatch" and rng.random() < 0.5:
            continue
        s, area = _ink_part(rng, part, style)
        strokes += s
        if area is not None:
            areas.append(area)
    if style.fill == "solid":
        dots = [d for d in dots if rng.random() < 0.5]

    # place: rotate, scale the longest side to 30-95 % of the canvas, put it anywhere on it
    angle = math.radians(rng.uniform(-15, 15))
    R = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    every = np.vstack([s.pts for s in strokes] + [d[0][None] for d in dots])
    every = every @ R.T
    lo, hi = every.min(0), every.max(0)
    extent = max(float((hi - lo).max()), 1e-6)
    target = rng.uniform(0.30, 0.95) * size
    brush = max(2.0, style.brush * target)
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
        if style.fill == "solid":
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
            for line in _fill_lines(rng, box, spacing, style.scribble):
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
    if style.blur:
        ink = ink.filter(ImageFilter.BoxBlur(0.6))
    return Image.eval(ink, lambda v: 255 - v).convert("RGB")
