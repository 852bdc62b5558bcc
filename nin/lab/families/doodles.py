"""Family D: quick mouse doodles of the ten Fashion-MNIST garments.

What a classroom draws in about five seconds on the app's 448x448 sketch pad: a handful of
straight-ish mouse strokes with a round brush (6 to 30 px), each class in several different
schemas (a T-shirt as one "T" polygon, as a box with sleeve boxes stuck on, as a minimal
outline with the neck drawn inside, ...), sloppy proportions, size, placement and rotation,
strokes that overshoot or fail to meet, and now and then a solid or zig-zag scribbled fill.
It was written apart from the other drawing families, without reading them, so that it is an
independent idea of how people draw.

    python -m nin.lab.families sheet D --out doodles.png [--garments]
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from . import curves
from .canvas import BORDER, SHOES, SIZE, check_label, round_stroke


class Doodle:
    """A garment in design units (y points down): outlines, open strokes and dots."""

    def __init__(self):
        self.shapes: list[np.ndarray] = []                 # closed outlines: the silhouette a fill fills
        self.lines: list[tuple[np.ndarray, bool]] = []     # open strokes; inner=True ones are details
        self.dots: list[tuple[float, float]] = []          # buttons, clasps: single clicks

    def shape(self, pts):
        self.shapes.append(np.asarray(pts, float).reshape(-1, 2))

    def line(self, pts, inner=True):
        self.lines.append((np.asarray(pts, float).reshape(-1, 2), inner))

    def dot(self, x, y):
        self.dots.append((float(x), float(y)))


# --------------------------------------------------------------------------- geometry helpers


def _arc(cx, cy, rx, ry, start, end, n=10):
    return curves.arc(cx, cy, rx, ry, start, end, n)


def _rounded_box(x0, y0, x1, y1, r):
    """A box with round ends, like a sole or a strap."""
    r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
    return np.vstack([_arc(x1 - r, y0 + r, r, r, 270, 360, 4), _arc(x1 - r, y1 - r, r, r, 0, 90, 4),
                      _arc(x0 + r, y1 - r, r, r, 90, 180, 4), _arc(x0 + r, y0 + r, r, r, 180, 270, 4)])


def _flip(pts):
    """The same shape on the other side of the centre line."""
    return np.asarray(pts, float) * [-1.0, 1.0]


def _symmetric(left, bottom=(), top=()):
    """A closed outline from its left half (top centre -> bottom left), the points along the
    bottom between the two halves (left to right) and along the top (right to left)."""
    left = np.asarray(left, float).reshape(-1, 2)
    return np.vstack([left, np.asarray(bottom, float).reshape(-1, 2), _flip(left[::-1]),
                      np.asarray(top, float).reshape(-1, 2)])


def _both(doodle, pts, inner=True):
    """A detail and its mirror image: cuffs, pockets, collar points."""
    doodle.line(pts, inner)
    doodle.line(_flip(pts), inner)


def _torso(half_width, body_length, *, angle, length, width, neck_half, drop=0.06, hem_half=None):
    """Left half of a top: neck corner, shoulder, sleeve end (top, underside), armpit, hem corner.

    angle is the sleeve's slope in degrees: 0 sticks straight out, 90 hangs down the side."""
    a = math.radians(angle)
    along = np.array([-math.cos(a), math.sin(a)])            # down the sleeve, away from the body
    across = np.array([math.sin(a), math.cos(a)])            # from its top edge to its underside
    shoulder = np.array([-half_width - 1.1 * width * math.sin(a) ** 2, drop])  # hanging sleeves sit outside the body
    end_top = shoulder + length * along
    end_under = end_top + width * across
    armpit_y = min(drop + width / max(math.cos(a), 0.35), end_under[1] - 0.03)
    hem = half_width if hem_half is None else hem_half
    return [(-neck_half, 0.0), tuple(shoulder), tuple(end_top), tuple(end_under), (-half_width, armpit_y),
            (-hem, body_length)]


def _cuff(left, frac):
    """A line across the left sleeve of a _torso, frac of the way from its end to the shoulder."""
    shoulder, end_top, end_under, armpit = (np.asarray(p, float) for p in left[1:5])
    return [end_top + frac * (shoulder - end_top), end_under + frac * (armpit - end_under)]


def _neckline(kind, neck_half, depth):
    """The neck between the right and the left neck corner: a scoop, a V, or straight across."""
    if kind == "round":
        return _arc(0, 0, neck_half, depth, 20, 160, 6)
    if kind == "v":
        return [(0.0, depth * 1.8)]
    return ()


def _buttons(doodle, x, y0, y1, k):
    for y in np.linspace(y0, y1, k):
        doodle.dot(x, y)


def _laces(doodle, rng, p0, p1, k):
    """Laces along a line: little crosses or short bars across it."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    s = 0.035
    crosses = rng.random() < 0.5
    for t in np.linspace(0.15, 0.85, k):
        x, y = p0 + t * (p1 - p0)
        if crosses:
            doodle.line([(x - s, y - s), (x + s, y + s)])
            doodle.line([(x - s, y + s), (x + s, y - s)])
        else:
            doodle.line([(x - s * 1.3, y - s * 0.4), (x + s * 1.3, y + s * 0.4)])


# --------------------------------------------------------------------------- the classes
# Each function adds one garment to d. Tops hang from y=0 at the neck,
# shoes stand on y=0 with the toe at x=0 (up is negative y).


def _tshirt(doodle, rng):
    half_width, body_length = rng.uniform(0.36, 0.6), rng.uniform(0.8, 1.3)
    neck_half, neck_depth = half_width * rng.uniform(0.3, 0.5), rng.uniform(0.05, 0.16)
    schema = rng.integers(3)
    if schema == 0:  # the classic "T": one polygon, short sleeves sloping down
        left = _torso(half_width, body_length, angle=rng.uniform(15, 45), length=rng.uniform(0.22, 0.42),
                      width=rng.uniform(0.18, 0.28),
                      neck_half=neck_half, drop=rng.uniform(0.02, 0.1), hem_half=half_width * rng.uniform(0.95, 1.1))
        doodle.shape(_symmetric(left, top=_neckline("v" if rng.random() < 0.3 else "round", neck_half, neck_depth)))
        if rng.random() < 0.5:
            _both(doodle, _cuff(left, rng.uniform(0.15, 0.3)))
    elif schema == 1:  # a box for the body, two sleeve boxes stuck on the corners
        doodle.shape(curves.rect(-half_width, 0, half_width, body_length))
        sleeve_length, sleeve_width, drop = rng.uniform(0.18, 0.38), rng.uniform(0.2, 0.32), rng.uniform(0.0, 0.18)
        sleeve = [(-half_width, 0), (-half_width - sleeve_length, drop),
                  (-half_width - sleeve_length, drop + sleeve_width),
                  (-half_width, sleeve_width * rng.uniform(1.0, 1.4))]
        doodle.shape(sleeve)
        doodle.shape(_flip(sleeve))
        doodle.line(_arc(0, 0, neck_half, neck_depth, 0, 180, 9))
    else:  # minimal: flat shoulders, sleeves straight out, the neck drawn inside
        body_length *= rng.uniform(0.7, 0.95)
        left = _torso(half_width, body_length, angle=rng.uniform(0, 12), length=rng.uniform(0.2, 0.35),
                      width=rng.uniform(0.16, 0.26), neck_half=neck_half, drop=0.0)
        doodle.shape(_symmetric(left))
        doodle.line(_arc(0, 0, neck_half, neck_depth, 0, 180, 9) if rng.random() < 0.6
                    else [(-neck_half, 0), (0, neck_depth * 1.8), (neck_half, 0)])
    if rng.random() < 0.25:  # a print on the chest
        doodle.line(_arc(0, body_length * 0.42, half_width * 0.25, half_width * 0.25, 0, 360, 12))


def _trouser(doodle, rng):
    waist_half, leg_length = rng.uniform(0.26, 0.42), rng.uniform(1.5, 2.4)        # half the waist, leg length
    outer = waist_half + rng.uniform(-0.04, 0.1)
    inner = max(rng.uniform(0.01, 0.07), outer - rng.uniform(0.2, 0.34))
    crotch, band = leg_length * rng.uniform(0.14, 0.3), rng.uniform(0.06, 0.12)
    schema = rng.integers(3)
    if schema == 0:  # one polygon with a notch between the legs
        doodle.shape(_symmetric([(-waist_half, 0), (-outer, leg_length), (-inner, leg_length)], bottom=[(0, crotch)]))
    elif schema == 1:  # two leg boxes under a waistband
        gap = rng.uniform(0, 0.03)
        leg = [(-waist_half, band), (-gap, band), (-inner, leg_length), (-outer, leg_length)]
        doodle.shape(leg)
        doodle.shape(_flip(leg))
        doodle.shape(curves.rect(-waist_half, 0, waist_half, band))
    else:  # an inverted "U": rounded hips, rounded crotch
        r = rng.uniform(0.1, 0.3)
        hips = _arc(0, r, waist_half, r, 270, 180, 8)
        notch = _arc(0, crotch + inner, inner, inner, 180, 260, 5)
        doodle.shape(_symmetric(np.vstack([hips, [(-outer, leg_length), (-inner, leg_length)], notch]),
                                bottom=[(0, crotch)]))
    if schema != 1 and rng.random() < 0.6:
        doodle.line([(-waist_half, band), (waist_half, band)])                            # waistband
    if rng.random() < 0.5:
        doodle.line([(0, band), (0.02, crotch * 0.8)])                     # fly
    if rng.random() < 0.35:
        _both(doodle, [(-waist_half * 0.95, band + 0.12), (-waist_half * 0.55, band)])     # slanted pockets
    if rng.random() < 0.3:
        _both(doodle, [(-outer, leg_length - 0.08), (-inner, leg_length - 0.08)])            # turned-up hems


def _pullover(doodle, rng):
    half_width, body_length = rng.uniform(0.34, 0.5), rng.uniform(0.85, 1.3)
    neck_half, neck_depth = half_width * rng.uniform(0.3, 0.45), rng.uniform(0.05, 0.12)
    schema = rng.integers(3)
    if schema == 0:    # sleeves hanging down beside the body
        angle, length, width = rng.uniform(78, 90), body_length * rng.uniform(0.8, 1.05), rng.uniform(0.15, 0.22)
    elif schema == 1:  # sleeves angled out and down
        angle, length, width = rng.uniform(35, 65), rng.uniform(0.6, 0.95), rng.uniform(0.16, 0.26)
    else:              # arms stretched out like a cross
        angle, length, width = rng.uniform(0, 25), rng.uniform(0.5, 0.8), rng.uniform(0.16, 0.26)
    left = _torso(half_width, body_length, angle=angle, length=length, width=width, neck_half=neck_half,
                  drop=rng.uniform(0.04, 0.14))
    doodle.shape(_symmetric(left, top=_neckline("round" if rng.random() < 0.8 else "v", neck_half, neck_depth)))
    if rng.random() < 0.2:  # turtleneck
        doodle.shape(curves.rect(-neck_half * 0.9, -rng.uniform(0.08, 0.16), neck_half * 0.9, neck_depth * 0.5))
    if rng.random() < 0.7:
        _both(doodle, _cuff(left, rng.uniform(0.08, 0.16)))
    if rng.random() < 0.6:  # ribbed waistband
        y = body_length - rng.uniform(0.07, 0.14)
        doodle.line([(-half_width, y), (half_width, y)])
        if rng.random() < 0.5:
            for x in np.linspace(-half_width * 0.8, half_width * 0.8, rng.integers(4, 9)):
                doodle.line([(x, y), (x, body_length)])
    if rng.random() < 0.15:  # a stripe across the chest
        y = body_length * rng.uniform(0.3, 0.5)
        doodle.line([(-half_width, y), (half_width, y)])
        doodle.line([(-half_width, y + 0.1), (half_width, y + 0.1)])


def _dress(doodle, rng):
    length, hem = rng.uniform(1.3, 2.0), rng.uniform(0.4, 0.75)
    schema = rng.integers(3)

    def hemline():  # straight, or the waves people give a skirt
        if rng.random() < 0.6:
            return ()
        x = np.linspace(-hem, hem, 4 * rng.integers(3, 7) + 1)[1:-1]
        return np.stack([x, length + rng.uniform(0.03, 0.07)
                         * np.abs(np.sin(np.linspace(0, math.pi * len(x) / 4, len(x))))], 1)

    if schema == 0:  # A-line triangle on two straps
        top = rng.uniform(0.1, 0.22)
        neck = _arc(0, 0, top * 0.7, rng.uniform(0.03, 0.12), 20, 160, 5) if rng.random() < 0.6 else ()
        doodle.shape(_symmetric([(-top, 0), (-hem, length)], bottom=hemline(), top=neck))
        _both(doodle, [(-top * 0.85, 0.02), (-top * rng.uniform(0.5, 0.8), -rng.uniform(0.15, 0.3))], inner=False)
    elif schema == 1:  # fitted bodice, narrow waist, flared skirt
        bodice_half = rng.uniform(0.18, 0.3)
        waist_half, waist_y, neck_half = (bodice_half * rng.uniform(0.6, 0.85), rng.uniform(0.35, 0.6),
                                          bodice_half * rng.uniform(0.4, 0.6))
        left = [(-neck_half, 0), (-bodice_half, 0.03)]
        if rng.random() < 0.5:  # cap sleeves
            left += [(-bodice_half - rng.uniform(0.08, 0.15), rng.uniform(0.1, 0.18)),
                     (-bodice_half * 0.95, rng.uniform(0.18, 0.26))]
        else:                    # an armhole
            left += [(-bodice_half * 0.85, 0.18)]
        left += [(-waist_half, waist_y), (-hem, length)]
        doodle.shape(_symmetric(left, bottom=hemline(),
                                top=_neckline(rng.choice(["round", "v", "flat"]), neck_half, rng.uniform(0.05, 0.15))))
        if rng.random() < 0.6:
            doodle.line([(-waist_half, waist_y), (waist_half, waist_y)])  # waist seam
    else:  # a dress with sleeves: a top that keeps going and flares
        half_width = rng.uniform(0.2, 0.3)
        left = _torso(half_width, length, angle=rng.uniform(20, 70), length=rng.uniform(0.15, 0.6),
                      width=rng.uniform(0.12, 0.2),
                      neck_half=half_width * rng.uniform(0.35, 0.6), drop=0.04, hem_half=hem)
        waist_half, waist_y = half_width * rng.uniform(0.75, 0.95), max(left[4][1] + 0.1, rng.uniform(0.45, 0.6))
        left.insert(5, (-waist_half, waist_y))
        doodle.shape(_symmetric(left, bottom=hemline(),
                                top=_neckline("round", left[0][0] * -1, rng.uniform(0.04, 0.12))))
        if rng.random() < 0.4:
            doodle.line([(-waist_half, waist_y), (waist_half, waist_y)])  # belt


def _coat(doodle, rng):
    half_width, body_length = rng.uniform(0.36, 0.52), rng.uniform(1.5, 2.2)
    hem_hw, neck_half = half_width * rng.uniform(1.0, 1.3), half_width * rng.uniform(0.3, 0.45)
    schema = rng.integers(3)
    angle = (rng.uniform(75, 90), rng.uniform(40, 70), rng.uniform(15, 50))[schema]
    left = _torso(half_width, body_length, angle=angle, length=body_length * rng.uniform(0.45, 0.7),
                  width=rng.uniform(0.16, 0.25),
                  neck_half=neck_half, drop=rng.uniform(0.04, 0.12), hem_half=hem_hw)
    lapel_end_y = rng.uniform(0.3, 0.6)  # where the V neck / lapels end
    if rng.random() < 0.6:
        _both(doodle, _cuff(left, rng.uniform(0.08, 0.15)))
    if schema == 0:  # long coat: V neck, lapels, buttons down the front
        doodle.shape(_symmetric(left, top=[(0, lapel_end_y)]))
        doodle.line([(0, lapel_end_y), (0, body_length)])
        if rng.random() < 0.6:
            _both(doodle,
                  [(-neck_half, 0), (-neck_half - rng.uniform(0.08, 0.16), lapel_end_y * 0.45),
                   (-0.02, lapel_end_y)])  # lapel
        _buttons(doodle, rng.uniform(0.05, 0.09), lapel_end_y + 0.1, body_length * rng.uniform(0.5, 0.7),
                 rng.integers(2, 6))
    elif schema == 1:  # belted trench: belt, slanted pockets, two rows of buttons
        doodle.shape(_symmetric(left, top=[(0, lapel_end_y * 0.8)]))
        doodle.line([(0, lapel_end_y * 0.8), (0, body_length)])
        waist_y, belt_width = body_length * rng.uniform(0.38, 0.5), rng.uniform(0.05, 0.1)
        bodice_half = half_width + (hem_hw - half_width) * waist_y / body_length
        doodle.line([(-bodice_half, waist_y), (bodice_half, waist_y)])
        if rng.random() < 0.7:
            doodle.line([(-bodice_half, waist_y + belt_width), (bodice_half, waist_y + belt_width)])
            doodle.line(curves.closed(curves.rect(-0.06, waist_y - 0.02, 0.06, waist_y + belt_width + 0.02)))  # buckle
        if rng.random() < 0.5:
            _both(doodle, [(-half_width * 0.8, waist_y + 0.25), (-half_width * 0.4, waist_y + 0.35)])
        if rng.random() < 0.6:
            for x in (-0.1, 0.1):
                _buttons(doodle, x, lapel_end_y, waist_y - 0.08, 3)
    else:  # hooded parka: hood, zip, patch pockets
        doodle.shape(_symmetric(left, top=_neckline("round", neck_half, 0.06)))
        doodle.shape(_arc(0, 0.02, neck_half * rng.uniform(1.2, 1.5), rng.uniform(0.25, 0.4), 180, 360, 12))
        doodle.line([(0, 0.08), (0, body_length)])
        if rng.random() < 0.6:
            y = body_length * rng.uniform(0.55, 0.7)
            _both(doodle, curves.closed(curves.rect(-half_width * 0.85, y, -half_width * 0.35, y + 0.25)))


def _shirt(doodle, rng):
    half_width, body_length = rng.uniform(0.34, 0.5), rng.uniform(0.9, 1.35)
    neck_half, collar_depth = half_width * rng.uniform(0.25, 0.4), rng.uniform(0.1, 0.2)
    schema = rng.integers(3)
    if schema == 0:    # long sleeves angled down, cuffs
        angle, length, width = rng.uniform(45, 80), body_length * rng.uniform(0.7, 0.95), rng.uniform(0.15, 0.22)
    elif schema == 1:  # short sleeves, chest pocket
        angle, length, width = rng.uniform(15, 40), rng.uniform(0.2, 0.35), rng.uniform(0.18, 0.28)
    else:              # sleeves hanging down, curved shirt-tail hem
        angle, length, width = rng.uniform(80, 90), body_length * rng.uniform(0.8, 1.0), rng.uniform(0.14, 0.2)
    left = _torso(half_width, body_length, angle=angle, length=length, width=width, neck_half=neck_half,
                  drop=rng.uniform(0.04, 0.1))
    tail = _arc(0, body_length, half_width, rng.uniform(0.08, 0.18), 165, 15, 9) if schema == 2 else ()
    doodle.shape(_symmetric(left, bottom=tail, top=[(0, collar_depth * 0.5)]))
    if rng.random() < 0.9:
        _both(doodle,
              [(-neck_half * 1.05, -0.02), (-neck_half * 0.4, collar_depth), (0, collar_depth * 0.5)])  # collar points
    if rng.random() < 0.8:
        doodle.line([(0, collar_depth * 0.5), (0, body_length)])                                    # button placket
        _buttons(doodle, 0.04, collar_depth + 0.08, body_length - 0.12, rng.integers(3, 7))
    if schema != 1 and rng.random() < 0.7:
        _both(doodle, _cuff(left, rng.uniform(0.08, 0.15)))
    if rng.random() < (0.8 if schema == 1 else 0.4):
        doodle.line(curves.closed(curves.rect(-half_width * 0.8, 0.3, -half_width * 0.35, 0.5)))  # chest pocket


def _sandal(doodle, rng):
    sole_thickness = rng.uniform(0.04, 0.1)
    schema = rng.choice(3, p=[0.45, 0.4, 0.15])
    if schema == 2:  # from above: a foot-shaped sole with bands or a thong across it
        half_width = rng.uniform(0.16, 0.24)
        a = np.radians(np.linspace(0, 360, 24, endpoint=False))
        x = 0.5 - 0.5 * np.cos(a)
        doodle.shape(np.stack([x, np.sin(a) * half_width * (1 - 0.35 * x)], 1))
        if rng.random() < 0.5:
            doodle.line([(0.32, -half_width * 0.85), (0.12, 0), (0.32, half_width * 0.85)], inner=False)
        else:
            for strap_x in np.linspace(0.2, 0.6, rng.integers(1, 4)):
                half = half_width * (1 - 0.35 * strap_x)
                doodle.line([(strap_x, -half), (strap_x + rng.uniform(-0.06, 0.06), half)], inner=False)
        return
    if schema == 0:  # flat sole from the side
        doodle.shape(_rounded_box(0, -sole_thickness, 1, 0, sole_thickness * 0.5))

        def top(x):
            return -sole_thickness
    else:            # heeled: toe on the ground, sole rising to a heel block at the back
        heel_height, heel_x, heel_width = rng.uniform(0.15, 0.35), rng.uniform(0.72, 0.85), rng.uniform(0.04, 0.15)
        doodle.shape([(0.0, -sole_thickness * 0.6), (0.05, 0), (0.35, 0), (heel_x, -heel_height), (1.0, -heel_height),
                      (1.0, -heel_height - sole_thickness), (0.35, -sole_thickness), (0.04, -sole_thickness)])
        doodle.shape([(0.98 - heel_width, -heel_height), (0.98, -heel_height), (0.97, 0), (1.0 - heel_width, 0)])

        def top(x):
            return float(np.interp(x, [0, 0.35, 1.0],
                                   [-sole_thickness, -sole_thickness, -heel_height - sole_thickness]))
    straps = rng.integers(1, 5)
    for x in np.linspace(0.15, 0.6, straps) + rng.normal(0, 0.03, straps):  # straps arching over the foot
        doodle.line(_arc(x, top(x), rng.uniform(0.08, 0.16), rng.uniform(0.15, 0.4), 180, 360, 9), inner=False)
    if rng.random() < 0.7:  # heel strap up the back, then forward round the ankle
        strap_x, strap_height = rng.uniform(0.85, 0.97), rng.uniform(0.25, 0.5)
        y0 = top(strap_x)
        doodle.line([(strap_x, y0), (strap_x - 0.03, y0 - strap_height),
                     (strap_x - rng.uniform(0.2, 0.35), y0 - strap_height * rng.uniform(0.3, 0.7))], inner=False)


def _sneaker(doodle, rng):
    collar_height, toe_height = rng.uniform(0.28, 0.45), rng.uniform(0.1, 0.18)
    schema = rng.integers(3)
    if schema == 0:  # one contour: round toe, rising vamp, dipped collar, straight heel
        vamp, tongue = (0.4, -toe_height * 1.3), (rng.uniform(0.55, 0.65), -collar_height * rng.uniform(0.9, 1.05))
        doodle.shape(np.vstack([[(0.98, 0)], _arc(0.1, -toe_height / 2, 0.1, toe_height / 2, 90, 270, 7),
                                [vamp, tongue, (0.8, -collar_height * rng.uniform(0.85, 0.95)), (0.99, -collar_height),
                                 (1.01, -collar_height * 0.5)]]))
        if rng.random() < 0.7:
            _laces(doodle, rng, vamp, tongue, rng.integers(2, 5))
        if rng.random() < 0.3:
            doodle.line(_arc(0.62, -collar_height * 0.55, 0.22, collar_height * 0.25, 20, 160, 6))  # side logo
        sole = rng.uniform(0.05, 0.1)
    elif schema == 1:  # a thick sole with a dome of an upper on top
        sole = rng.uniform(0.08, 0.16)
        doodle.shape(_rounded_box(0, -sole, 1, 0, sole * 0.4))
        doodle.shape(np.vstack([_arc(0.5, -sole, 0.46, collar_height - sole, 180, 270, 8),
                                [(0.95, -collar_height * rng.uniform(0.9, 1.1)), (0.95, -sole)]]))
        if rng.random() < 0.6:
            _laces(doodle, rng, (0.3, -collar_height * 0.75), (0.55, -collar_height * 0.98), rng.integers(2, 5))
        if rng.random() < 0.4:
            doodle.line(_arc(0.04 + 0.12, -sole, 0.12, (collar_height - sole) * 0.6, 180, 270, 5))  # toe cap
        sole = 0.0
    else:  # a wedge: toe to collar in one straight slope
        # a flat wedge reads as a stick: make it taller
        back, collar_height = rng.uniform(0.6, 0.75), collar_height * rng.uniform(1.1, 1.3)
        doodle.shape([(0.0, -toe_height), (0.03, 0), (1.0, 0), (1.0, -collar_height), (back, -collar_height)])
        if rng.random() < 0.6:
            _laces(doodle, rng, (0.2, -toe_height - (collar_height - toe_height) * 0.2), (back, -collar_height),
                   rng.integers(2, 5))
        sole = rng.uniform(0.05, 0.1)
    if sole and rng.random() < 0.7:
        doodle.line([(0.03, -sole), (0.99, -sole)])  # the sole's stripe


def _bag(doodle, rng):
    schema = rng.integers(3)
    if schema == 0:  # tote: box or trapezoid, arched handle (sometimes two)
        half_width, height = rng.uniform(0.4, 0.65), rng.uniform(0.6, 1.0)
        top = half_width * rng.uniform(0.8, 1.15)
        doodle.shape([(-top, 0), (top, 0), (half_width, height), (-half_width, height)])
        heel_x, heel_height = top * rng.uniform(0.35, 0.7), rng.uniform(0.25, 0.55)
        doodle.line(_arc(0, 0, heel_x, heel_height, 180, 360, 11), inner=False)
        if rng.random() < 0.35:
            doodle.line(_arc(0, 0, heel_x * rng.uniform(0.7, 0.85), heel_height * rng.uniform(0.7, 0.85), 180, 360, 11),
                        inner=False)
    elif schema == 1:  # handbag: narrow top, short round handle, flap and clasp
        half_width, height = rng.uniform(0.45, 0.7), rng.uniform(0.5, 0.8)
        top = half_width * rng.uniform(0.55, 0.8)
        doodle.shape([(-top, 0), (top, 0), (half_width, height), (-half_width, height)])
        doodle.line(_arc(0, 0, top * rng.uniform(0.4, 0.7), rng.uniform(0.15, 0.35), 180, 360, 9), inner=False)
        if rng.random() < 0.7:
            flap_depth = height * rng.uniform(0.3, 0.5)
            doodle.line(_arc(0, 0, top, flap_depth, 0, 180, 9))
            doodle.dot(0, flap_depth)
    else:  # clutch or shoulder bag: wide, envelope flap, long strap or none
        half_width, height = rng.uniform(0.5, 0.8), rng.uniform(0.45, 0.75)
        doodle.shape(curves.rect(-half_width, 0, half_width, height))
        if rng.random() < 0.75:
            tip = height * rng.uniform(0.4, 0.65)
            doodle.line([(-half_width, 0), (0, tip), (half_width, 0)])
            doodle.dot(0, tip)
        strap = rng.choice(3, p=[0.45, 0.35, 0.2])  # arc, two straight lines, none (a clutch)
        if strap == 0:
            doodle.line(_arc(0, 0, half_width * rng.uniform(0.8, 1.0), rng.uniform(0.5, 1.1), 180, 360, 13),
                        inner=False)
        elif strap == 1:
            doodle.line([(-half_width * 0.95, 0), (rng.uniform(-0.1, 0.1), -rng.uniform(0.5, 1.0)),
                         (half_width * 0.95, 0)], inner=False)


def _boot(doodle, rng):
    shaft_height, shaft_front, foot_height = rng.uniform(0.7, 1.1), rng.uniform(0.42, 0.6), rng.uniform(0.18, 0.3)
    schema = rng.integers(3)
    if schema == 0:  # one L-shaped contour, maybe a low block heel
        heel_height = rng.uniform(0.0, 0.1)
        outline = [(1.0, 0)]
        if heel_height > 0.03:
            outline += [(0.74, 0), (0.72, -heel_height), (0.4, -heel_height * 0.5)]
        outline += [*_arc(0.1, -foot_height / 2, 0.1, foot_height / 2, 90, 270, 7),
                    (shaft_front - 0.04,
                     -foot_height * rng.uniform(1.2, 1.5)), (shaft_front, -shaft_height), (1.0, -shaft_height)]
        doodle.shape(outline)
        if rng.random() < 0.5:
            doodle.line([(0.03, -0.06), (1.0, -0.06)])  # sole line
        if rng.random() < 0.4:
            _laces(doodle, rng, (shaft_front + 0.06, -foot_height * 1.5), (shaft_front + 0.06, -shaft_height + 0.05),
                   rng.integers(2, 5))
    elif schema == 1:  # chunky: an upper on a thick separate sole with a tread
        sole_thickness = rng.uniform(0.08, 0.15)
        doodle.shape(_rounded_box(0, -sole_thickness, 1.0, 0, sole_thickness * 0.3))
        doodle.shape(np.vstack([_arc(0.12, -sole_thickness, 0.1, foot_height, 180, 270, 6),
                                [(shaft_front, -sole_thickness - foot_height * 1.3), (shaft_front, -shaft_height),
                                 (0.98, -shaft_height), (0.98, -sole_thickness)]]))
        if rng.random() < 0.7:
            _laces(doodle, rng, (shaft_front + 0.07, -sole_thickness - foot_height * 1.3),
                   (shaft_front + 0.07, -shaft_height + 0.05), rng.integers(2, 6))
        if rng.random() < 0.4:
            for x in np.linspace(0.1, 0.9, rng.integers(4, 8)):
                doodle.line([(x, 0), (x, -sole_thickness * 0.5)])
    else:  # heeled: pointed toe, sole rising to a narrow heel, zip up the back
        heel_height, heel_width = rng.uniform(0.15, 0.3), rng.uniform(0.04, 0.12)
        doodle.shape([(0.0, -0.03), (0.3, 0), (0.78, -heel_height), (1.0, -heel_height), (1.0, -shaft_height),
                      (shaft_front, -shaft_height), (shaft_front - 0.05,
                                                     -heel_height - foot_height), (0.15, -foot_height * 0.6)])
        doodle.shape([(0.98 - heel_width, -heel_height), (0.99, -heel_height), (0.97, 0), (0.98 - heel_width * 0.6, 0)])
        if rng.random() < 0.5:
            doodle.line([(0.92, -shaft_height + 0.06), (0.92, -heel_height - 0.1)])  # zip
    if rng.random() < 0.3:  # pull tab at the back of the shaft
        doodle.line(_arc(0.95, -shaft_height, 0.04, 0.1, 180, 360, 6), inner=False)


_DRAWERS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _boot)


# --------------------------------------------------------------------------- the mouse and the brush


def _extend(pts, before, after):
    """Runs the polyline on past its ends by ``before`` / ``after`` px (an overshoot)."""
    if before > 0:
        direction = pts[0] - pts[1]
        pts = np.vstack([pts[0] + direction / np.hypot(*direction) * before, pts])
    if after > 0:
        direction = pts[-1] - pts[-2]
        pts = np.vstack([pts, pts[-1] + direction / np.hypot(*direction) * after])
    return pts


def _mouse(pts, rng, px, cut0=0.0, cut1=0.0):
    """A polyline as a mouse records it: its ends trimmed (a gap, cut > 0) or run on (an
    overshoot, cut < 0), a sample every few px, a slow hand wobble and a fine jitter."""
    pts = np.asarray(pts, float)
    keep = np.r_[True, np.hypot(*np.diff(pts, axis=0).T) > 1e-6]
    pts = pts[keep]
    if len(pts) < 2:
        return pts
    pts = _extend(pts, -cut0, -cut1)
    distance = np.r_[0.0, np.cumsum(np.hypot(*np.diff(pts, axis=0).T))]
    start, end = max(cut0, 0.0), distance[-1] - max(cut1, 0.0)
    if end - start < 4 * px:  # trimmed to nothing: the hand drew it after all
        start, end = 0.0, distance[-1]
    t = np.linspace(start, end, max(2, int((end - start) / (rng.uniform(3, 8) * px)) + 1))
    out = np.stack([np.interp(t, distance, pts[:, 0]), np.interp(t, distance, pts[:, 1])], 1)
    knots = np.linspace(start, end, max(2, int((end - start) / (80 * px)) + 2))
    amp = rng.uniform(0.5, 2.5) * px
    out += np.stack([np.interp(t, knots, rng.normal(0, amp, len(knots))) for _ in range(2)], 1)
    return out + rng.normal(0, 0.4 * px, out.shape)


def _outline_strokes(ring, rng, brush, px, sloppy, gap_cap):
    """A closed outline as 1-3 mouse strokes that start at a random corner; where they meet
    they overshoot a little, or (in a sloppy drawing) leave a gap."""
    n = len(ring)
    start = rng.integers(n)
    loop = np.vstack([ring[start:], ring[:start], ring[start:start + 1]])
    pieces = min(int(rng.choice([1, 1, 2, 2, 3])), n)
    bounds = [0, *sorted(rng.choice(np.arange(1, n), pieces - 1, replace=False)), n]
    strokes = []
    for i in range(pieces):
        draw = rng.random()
        if sloppy and draw < 0.6:
            end = min(rng.uniform(0.8, 2.5) * brush + 3 * px, gap_cap)
        elif draw < 0.3:
            end = -rng.uniform(0.2, 0.6) * brush - 2 * px
        else:
            end = rng.uniform(-1, 1) * px
        strokes.append(_mouse(loop[bounds[i]:bounds[i + 1] + 1], rng, px, rng.uniform(-1, 1) * px, end))
    return strokes


def _place(doodle, rng, size, frac, brush, mirror):
    """Rotates, stretches, shears and (for shoes) mirrors the design, then scales it to frac of
    the canvas and puts it somewhere on it, clear of the border by the brush and some play."""
    parts = [*doodle.shapes, *(p for p, _ in doodle.lines)] + ([np.array(doodle.dots)] if doodle.dots else [])
    every = np.vstack(parts)
    centre = (every.min(0) + every.max(0)) / 2
    turn = math.radians(rng.uniform(-15, 15))
    stretch = math.exp(rng.normal(0, 0.1))
    transform = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]]) @ np.array(
        [[-stretch if mirror else stretch, rng.normal(0, 0.05)], [0.0, 1 / stretch]])
    moved = (every - centre) @ transform.T
    lo, dims = moved.min(0), np.maximum(np.ptp(moved, 0), 1e-6)
    margin = BORDER + 1 + brush + 4 * size / SIZE
    room = size - 2 * margin
    scale = min(frac * size, room) / dims.max()
    pos = np.clip(0.5 + rng.normal(0, 0.15, 2), 0, 1) if rng.random() < 0.5 else rng.random(2)
    offset = margin + (room - dims * scale) * pos - lo * scale

    def to_canvas(p):
        return ((np.asarray(p, float) - centre) @ transform.T) * scale + offset

    return ([to_canvas(shape) for shape in doodle.shapes], [(to_canvas(p), inner) for p, inner in doodle.lines],
            [to_canvas(p) for p in doodle.dots], float(dims.max() * scale))


def _scribble(pixels, outlines, rng, brush, px):
    """Zig-zags the pen to and fro across the silhouette, kept inside it."""
    size = pixels.shape[0]
    mask_image = Image.new("L", (size, size), 0)
    for strokes in outlines:
        ring = np.vstack(strokes)
        if len(ring) >= 3:
            ImageDraw.Draw(mask_image).polygon([tuple(p) for p in ring], fill=255)
    mask = np.asarray(mask_image) > 0
    if not mask.any():
        return
    ys, xs = np.nonzero(mask)
    inside = np.stack([xs, ys], 1).astype(float)
    centre = inside.mean(0)
    angle = rng.uniform(0, math.pi)
    along, across = np.array([math.cos(angle), math.sin(angle)]), np.array([-math.sin(angle), math.cos(angle)])
    along_pos, across_pos = (inside - centre) @ along, (inside - centre) @ across
    spacing = rng.uniform(0.9, 2.0) * brush + 2 * px
    zig = [centre + across * offset + along * (along_pos.min() if k % 2 == 0 else along_pos.max())
           for k, offset in enumerate(np.arange(across_pos.min(), across_pos.max() + spacing, spacing))]
    layer = Image.new("L", (size, size), 255)
    round_stroke(ImageDraw.Draw(layer), _mouse(np.array(zig), rng, px), max(1.0, brush * rng.uniform(0.6, 1.0)), 0)
    pixels[(np.asarray(layer) < 128) & mask] = 0


def _render(doodle, rng, size, shoe):
    px = size / SIZE
    frac = rng.uniform(0.3, 0.9)
    brush = max(1.0, min(rng.uniform(6, 30) * px, 0.12 * frac * size))   # no fat marker on a tiny drawing
    fill = rng.choice(3, p=[0.7, 0.15, 0.15])                          # outline, solid, scribble
    keep_inner = fill == 0 and rng.random() < 0.85 or fill == 2 and rng.random() < 0.3
    if not keep_inner:
        doodle.lines = [(p, inner) for p, inner in doodle.lines if not inner]
        doodle.dots = []
    mirror = rng.random() < (0.2 if shoe else 0.5)
    shapes, lines, dots, extent = _place(doodle, rng, size, frac, brush, mirror)
    sloppy = rng.random() < 0.3
    outlines = [_outline_strokes(shape, rng, brush, px, sloppy, 0.1 * extent) for shape in shapes]

    image = Image.new("L", (size, size), 255)
    pen = ImageDraw.Draw(image)
    if fill == 1:
        for strokes in outlines:
            pen.polygon([tuple(p) for p in np.vstack(strokes)], fill=0)
    if fill == 2:
        pixels = np.array(image)
        _scribble(pixels, outlines, rng, brush, px)
        image = Image.fromarray(pixels)
        pen = ImageDraw.Draw(image)
    for strokes in outlines:
        for stroke in strokes:
            round_stroke(pen, stroke, brush, 0)
    for pts, _ in lines:
        cut_start, cut_end = rng.uniform(-0.4, 0.2, 2) * brush
        round_stroke(pen, _mouse(pts, rng, px, cut_start, cut_end), brush, 0)
    for x, y in dots:
        radius = max(1.5 * px, brush / 2 * rng.uniform(0.8, 1.3))
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)

    pixels = np.array(image)
    pixels[:BORDER], pixels[-BORDER:] = 255, 255  # never ink the edge
    pixels[:, :BORDER], pixels[:, -BORDER:] = 255, 255
    return Image.fromarray(pixels).convert("RGB")


# --------------------------------------------------------------------------- the public interface


def draw(label, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One doodle of class label: an RGB image, gray ink on white paper, size x size."""
    label = check_label(label)
    doodle = Doodle()
    _DRAWERS[label](doodle, rng)
    return _render(doodle, rng, size, label in SHOES)
