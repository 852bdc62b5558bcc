"""Family F of synthetic garment drawings: pictograms, icons and "shape tool" drawings.

How a person draws a garment with a paint program's line, rectangle, ellipse and polygon tools,
with quick straight mouse strokes, or by copying an icon / clip-art / infographic glyph: straight
segments and simple primitives (polygons, trapezoids, rounded rectangles, ellipses, arcs) with
sharp corners and few details. Each garment is built from separate primitives that overlap (a
sleeve is its own quadrilateral touching the body, a bag is a trapezoid plus an arc handle), then
drawn with one "pen": outlines (see-through, stacked opaque, or merged into one contour), a flat
black or grey silhouette with white inner lines, an outline over a light grey fill, a few straight
strokes that overshoot or stop short of the corners, or a blocky pixel-art version on a coarse
grid. Stroke widths go from a thin 2 px line to a bold ~30 px icon stroke on the 448 px canvas;
proportions, rotation (up to 15 degrees), mirroring, size and position vary.

This family was written apart from the other drawing families (A-E) without reading them, as an
independent idea of how people draw. Contact sheet of the drawings (or, with --garments, of the
app's 28x28 garments made from them):

    python -m nin.lab.families sheet F --out pictograms.png [--garments]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .canvas import MIN_PAPER, SIZE, check_label
from .curves import mirror, rect, symmetric

PAPER = 255

AREA, STROKE, DETAIL, DOT = "area", "stroke", "detail", "dot"
MODES = ("see-through", "stacked", "merged", "silhouette", "tinted", "strokes")
MODE_ODDS = (0.18, 0.13, 0.19, 0.2, 0.13, 0.17)


# ---------------------------------------------------------------------------------------------
# Primitives


@dataclass
class Part:
    """One primitive of a garment, in garment units (x to the right, y down)."""

    kind: str               # AREA: closed shape of the silhouette; STROKE: open line of it (handle,
                            # strap); DETAIL: inner line; DOT: button or eyelet
    points: np.ndarray      # (n, 2); a DOT's centre
    closed: bool = False
    essential: bool = True  # drawn even by a pen that leaves the inner details out
    radius: float = 0.0     # a DOT's radius


class Sketch:
    """The primitives one garment is built from; curves get ``steps`` segments per half turn."""

    def __init__(self, steps: int):
        self.steps = steps
        self.parts: list[Part] = []

    def area(self, points) -> None:
        self.parts.append(Part(AREA, np.asarray(points, dtype=float), closed=True))

    def stroke(self, points, closed: bool = False) -> None:
        self.parts.append(Part(STROKE, np.asarray(points, dtype=float), closed=closed))

    def detail(self, points, closed: bool = False, essential: bool = False) -> None:
        self.parts.append(Part(DETAIL, np.asarray(points, dtype=float), closed, essential))

    def dot(self, x: float, y: float, radius: float, essential: bool = False) -> None:
        self.parts.append(Part(DOT, np.array([[x, y]], dtype=float), essential=essential, radius=radius))

    def arc(self, cx, cy, rx, ry, start, end) -> np.ndarray:
        """Points of an elliptic arc; angles in degrees, 90 points straight down."""
        n = max(2, round(self.steps * abs(end - start) / 180))
        a = np.radians(np.linspace(start, end, n + 1))
        return np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)

    def rounded_rect(self, x0, y0, x1, y1, r) -> np.ndarray:
        r = min(r, (x1 - x0) / 2, (y1 - y0) / 2)
        return np.vstack([self.arc(x1 - r, y0 + r, r, r, 270, 360), self.arc(x1 - r, y1 - r, r, r, 0, 90),
                          self.arc(x0 + r, y1 - r, r, r, 90, 180), self.arc(x0 + r, y0 + r, r, r, 180, 270)])

    def band(self, cx, cy, rx, ry, thickness, start, end) -> np.ndarray:
        """A strap or handle as a closed band between two concentric arcs."""
        outer = self.arc(cx, cy, rx, ry, start, end)
        inner = self.arc(cx, cy, rx - thickness, ry - thickness, end, start)
        return np.vstack([outer, inner])


def between(p, q, t: float) -> np.ndarray:
    return np.asarray(p, dtype=float) + (np.asarray(q, dtype=float) - p) * t


def sleeve(shoulder, armpit, angle: float, length: float, cuff: float) -> np.ndarray:
    """A right sleeve as a quadrilateral sewn onto the body between shoulder and armpit, pointing
    ``angle`` degrees below horizontal: shoulder, upper cuff corner, lower cuff corner, armpit."""
    a = np.radians(angle)
    along, out = np.array([np.cos(a), np.sin(a)]), np.array([np.sin(a), -np.cos(a)])
    shoulder, armpit = np.asarray(shoulder, dtype=float), np.asarray(armpit, dtype=float)
    end = (shoulder + armpit) / 2 + along * length
    return np.array([shoulder, end + out * cuff / 2, end - out * cuff / 2, armpit])


def cuff_line(quad: np.ndarray, inset: float) -> np.ndarray:
    """A line across a sleeve ``inset`` from its end (a cuff or sleeve hem)."""
    along = quad[1] - quad[0]
    along /= np.linalg.norm(along)
    return np.array([quad[1] - along * inset, quad[2] - along * inset])


def neck_half(sketch: Sketch, kind: str, half: float, depth: float) -> np.ndarray:
    """Right half of a neckline, from its lowest point at the centre to the shoulder seam."""
    if kind == "v":
        return np.array([[0.0, depth], [half, 0.0]])
    return sketch.arc(0.0, 0.0, half, depth, 90, 0)


def side_x(y: float, armpit_y: float, hem_y: float, hem_half: float, top_half: float = 0.5) -> float:
    """x of a top's straight side seam at height y (it runs from the armpit to the hem)."""
    return top_half + (hem_half - top_half) * (y - armpit_y) / (hem_y - armpit_y)


# ---------------------------------------------------------------------------------------------
# One function per class, front views with the shoulders at y = 0, side views toe left on y = 0


def tshirt(sketch: Sketch, rng: np.random.Generator) -> None:
    length, hem = rng.uniform(0.8, 1.1), rng.uniform(0.42, 0.52)
    kind = rng.choice(["tee", "tank", "strappy"], p=[0.7, 0.2, 0.1])
    if kind == "tee":
        drop, armpit = rng.uniform(0.02, 0.1), rng.uniform(0.3, 0.42)
        cuff = (armpit - drop) * rng.uniform(0.75, 1.0)
        right = sleeve((0.5, drop), (0.5, armpit), rng.uniform(15, 45), rng.uniform(0.16, 0.3), cuff)
        sketch.area(right)
        sketch.area(mirror(right))
        neck = neck_half(sketch, rng.choice(["round", "round", "v"]), rng.uniform(0.13, 0.2), rng.uniform(0.06, 0.22))
        sketch.area(symmetric(np.vstack([neck, [[0.5, drop], [0.5, armpit], [hem, length], [0, length]]])))
        hem_inset = rng.uniform(0.04, 0.07)
        for quad in (right, mirror(right)):
            sketch.detail(cuff_line(quad, hem_inset))
    else:  # tank top or strap top: the armholes are scooped out of the body
        length, hem = rng.uniform(1.0, 1.3), rng.uniform(0.4, 0.5)
        neck_w = rng.uniform(0.12, 0.2)
        strap = rng.uniform(0.1, 0.16) if kind == "tank" else rng.uniform(0.03, 0.05)
        armpit = rng.uniform(0.3, 0.45)
        neck = neck_half(sketch, rng.choice(["round", "v"]), neck_w, rng.uniform(0.12, 0.3))
        hole = sketch.arc(0.5, 0.0, 0.5 - neck_w - strap, armpit, 180, 90)
        sketch.area(symmetric(np.vstack([neck, hole, [[hem, length], [0, length]]])))
    if rng.random() < 0.5:  # a hem line
        y = length - rng.uniform(0.05, 0.09)
        sketch.detail([[-hem, y], [hem, y]])


def long_sleeves(sketch: Sketch, rng: np.random.Generator, drop: float, armpit: float, body_length: float,
                 cuff_band: bool, essential_cuffs: bool = False, held_out: float = 0.3) -> None:
    """Two long sleeves, mostly hanging down along the body, sometimes held out."""
    hanging = rng.random() >= held_out
    angle = rng.uniform(68, 86) if hanging else rng.uniform(38, 60)
    length = body_length * (rng.uniform(0.8, 0.95) if hanging else rng.uniform(0.65, 0.85))
    right = sleeve((0.5, drop), (0.5, armpit), angle, min(length, 1.25), rng.uniform(0.13, 0.2))
    sketch.area(right)
    sketch.area(mirror(right))
    if cuff_band:
        inset = rng.uniform(0.06, 0.11)
        for quad in (right, mirror(right)):
            sketch.detail(cuff_line(quad, inset), essential=essential_cuffs)


def pullover(sketch: Sketch, rng: np.random.Generator) -> None:
    length, hem = rng.uniform(0.95, 1.25), rng.uniform(0.4, 0.5)
    drop, armpit = rng.uniform(0.04, 0.12), rng.uniform(0.3, 0.4)
    long_sleeves(sketch, rng, drop, armpit, length, cuff_band=True, essential_cuffs=rng.random() < 0.4)
    neck_w, neck_d = rng.uniform(0.12, 0.18), rng.uniform(0.05, 0.13)
    if rng.random() < 0.2:  # a turtleneck: a short tube standing on the neckline
        sketch.area(rect(-neck_w, -rng.uniform(0.08, 0.15), neck_w, neck_d * 0.5))
    sketch.area(symmetric(np.vstack([neck_half(sketch, "round", neck_w, neck_d),
                                     [[0.5, drop], [0.5, armpit], [hem, length], [0, length]]])))
    band_y = length - rng.uniform(0.06, 0.11)
    band_x = side_x(band_y, armpit, length, hem)
    sketch.detail([[-band_x, band_y], [band_x, band_y]], essential=rng.random() < 0.5)
    sketch.detail(sketch.arc(0.0, 0.0, neck_w, neck_d + 0.05, 180, 0))  # neckband
    if rng.random() < 0.4:  # ribbing ticks in the hem band
        for x in np.linspace(-band_x * 0.8, band_x * 0.8, rng.integers(4, 9)):
            sketch.detail([[x, band_y], [x, length - 0.02]])


def coat(sketch: Sketch, rng: np.random.Generator) -> None:
    length, hem = rng.uniform(1.5, 2.0), rng.uniform(0.48, 0.64)
    drop, armpit = rng.uniform(0.04, 0.1), rng.uniform(0.32, 0.42)
    long_sleeves(sketch, rng, drop, armpit, 1.2, cuff_band=rng.random() < 0.5, held_out=0.15)
    neck_w, v_depth = rng.uniform(0.12, 0.18), rng.uniform(0.12, 0.35)
    zipped = rng.random() < 0.25
    if zipped:  # a stand-up collar
        sketch.area(rect(-neck_w - 0.03, -rng.uniform(0.06, 0.14), neck_w + 0.03, 0.06))
        v_depth = 0.06
    sketch.area(symmetric(np.vstack([neck_half(sketch, "v", neck_w, v_depth),
                                     [[0.5, drop], [0.5, armpit], [hem, length], [0, length]]])))
    sketch.detail([[0, v_depth], [0, length]], essential=True)  # the front opening
    if zipped:
        sketch.detail(rect(-0.025, v_depth + 0.02, 0.025, v_depth + 0.09), closed=True)
    else:
        lapel = [[neck_w, 0], [neck_w + rng.uniform(0.06, 0.16), v_depth * rng.uniform(0.5, 0.8)], [0, v_depth]]
        sketch.detail(lapel, essential=rng.random() < 0.6)
        sketch.detail(mirror(lapel), essential=rng.random() < 0.6)
        columns = [0.06] if rng.random() < 0.7 else [-0.1, 0.1]
        for y in np.linspace(v_depth + 0.08, length * rng.uniform(0.5, 0.7), rng.integers(2, 6)):
            for x in columns:
                sketch.dot(x, y, rng.uniform(0.02, 0.035), essential=True)
    if rng.random() < 0.6:  # pocket flaps or slits
        y, w = length * rng.uniform(0.55, 0.72), rng.uniform(0.14, 0.22)
        for sign in (-1, 1):
            x0 = sign * rng.uniform(0.12, 0.18)
            sketch.detail([[x0, y], [x0 + sign * w, y - rng.uniform(0, 0.05)]], essential=rng.random() < 0.5)
    if rng.random() < 0.25:  # a belt at the waist
        y = length * rng.uniform(0.35, 0.45)
        x = side_x(y, armpit, length, hem)
        sketch.detail(rect(-x, y, x, y + 0.07), closed=True, essential=True)


def shirt(sketch: Sketch, rng: np.random.Generator) -> None:
    length, hem = rng.uniform(0.95, 1.25), rng.uniform(0.44, 0.52)
    drop, armpit = rng.uniform(0.03, 0.1), rng.uniform(0.3, 0.4)
    if rng.random() < 0.65:
        long_sleeves(sketch, rng, drop, armpit, length, cuff_band=True)
    else:
        right = sleeve((0.5, drop), (0.5, armpit), rng.uniform(15, 40), rng.uniform(0.16, 0.28),
                       (armpit - drop) * 0.85)
        sketch.area(right)
        sketch.area(mirror(right))
    neck_w, neck_d = rng.uniform(0.09, 0.14), rng.uniform(0.03, 0.07)
    tail = rng.uniform(0.0, 0.12)  # a shirt tail: the hem curves down in the middle
    sketch.area(symmetric(np.vstack([neck_half(sketch, "round", neck_w, neck_d),
                                     [[0.5, drop], [0.5, armpit], [hem, length - tail],
                                      [hem * 0.5, length - tail * 0.2], [0, length]]])))
    # The collar: two pointed triangles meeting at the top button.
    tip = [rng.uniform(0.05, 0.14), neck_d + rng.uniform(0.1, 0.2)]
    collar = [[neck_w + 0.03, -0.03], [0.005, neck_d], tip]
    for half in (collar, mirror(collar)):
        sketch.area(half)
        sketch.detail(half, closed=True, essential=True)
    sketch.detail([[0, neck_d], [0, length]], essential=True)  # the button placket
    if rng.random() < 0.35:
        sketch.detail([[0.035, neck_d + 0.05], [0.035, length - 0.01]])
    for y in np.linspace(neck_d + rng.uniform(0.08, 0.14), length - rng.uniform(0.12, 0.2), rng.integers(4, 8)):
        sketch.dot(0.0, y, rng.uniform(0.015, 0.03), essential=True)
    if rng.random() < 0.5:  # a chest pocket
        x0, y0 = rng.uniform(0.12, 0.2), rng.uniform(0.22, 0.3)
        w, h = rng.uniform(0.12, 0.18), rng.uniform(0.13, 0.2)
        sketch.detail(rect(-x0 - w, y0, -x0, y0 + h), closed=True, essential=rng.random() < 0.5)


def dress(sketch: Sketch, rng: np.random.Generator) -> None:
    length = rng.uniform(1.5, 2.1)
    kind = rng.choice(["straps", "sleeveless", "short sleeves"])
    bust, waist = rng.uniform(0.17, 0.25), rng.uniform(0.13, 0.2)
    hem = rng.uniform(0.3, min(0.8, 0.42 * length))
    if kind == "straps":  # the bodice starts at the bust and hangs from two thin straps
        top_y, neck_d = 0.22, rng.uniform(0.0, 0.1)
        top = [[0, top_y + neck_d], [bust, top_y]]
        for sign in (-1, 1):
            x = sign * bust * rng.uniform(0.45, 0.75)
            sketch.stroke([[x, top_y + 0.01], [x * rng.uniform(0.8, 1.1), 0]])
    else:
        neck_w = rng.uniform(0.07, 0.12)
        top_y = rng.uniform(0.14, 0.24)
        neck = neck_half(sketch, rng.choice(["round", "v"]), neck_w, rng.uniform(0.06, 0.2))
        shoulder = neck_w + rng.uniform(0.04, 0.09)
        hole = sketch.arc(bust, 0.0, bust - shoulder, top_y, 180, 90)
        top = np.vstack([neck, hole])
        if kind == "short sleeves":
            right = sleeve((shoulder, 0.0), (bust, top_y), rng.uniform(20, 50), rng.uniform(0.1, 0.18),
                           top_y * 0.8)
            sketch.area(right)
            sketch.area(mirror(right))
    waist_y = top_y + rng.uniform(0.18, 0.3)
    flare = rng.uniform(0.35, 0.7)  # where the skirt has widened to most of its hem width
    skirt = [[waist, waist_y], [waist + (hem - waist) * flare, waist_y + (length - waist_y) * 0.45],
             [hem, length], [0, length + rng.uniform(0, 0.05)]]
    sketch.area(symmetric(np.vstack([top, skirt])))
    sketch.detail([[-waist, waist_y], [waist, waist_y]], essential=rng.random() < 0.4)
    if rng.random() < 0.4:  # skirt folds
        for t in rng.uniform(-0.7, 0.7, rng.integers(2, 5)):
            sketch.detail([[t * waist, waist_y + 0.1], [t * hem, length - 0.03]])
    elif rng.random() < 0.3:  # tiers
        for t in (0.4, 0.7):
            y = waist_y + (length - waist_y) * t
            x = waist + (hem - waist) * min(1.0, t / 0.45 * flare)
            sketch.detail([[-x * 0.97, y], [x * 0.97, y]])


def trouser(sketch: Sketch, rng: np.random.Generator) -> None:
    shorts = rng.random() < 0.1
    length = rng.uniform(0.9, 1.2) if shorts else rng.uniform(1.9, 2.6)
    band = rng.uniform(0.06, 0.12)
    crotch = band + (rng.uniform(0.28, 0.4) if shorts else rng.uniform(0.32, 0.55))
    cut = "wide" if shorts else rng.choice(["straight", "straight", "skinny", "flared", "wide"])
    outer, leg = {"straight": (rng.uniform(0.48, 0.55), rng.uniform(0.33, 0.42)),
                  "skinny": (rng.uniform(0.38, 0.46), rng.uniform(0.22, 0.3)),
                  "flared": (rng.uniform(0.55, 0.68), rng.uniform(0.45, 0.58)),
                  "wide": (rng.uniform(0.55, 0.65), rng.uniform(0.45, 0.58))}[cut]
    inner = max(outer - leg, rng.uniform(0.05, 0.1))  # the gap between the legs
    knee_y = crotch + (length - crotch) * 0.45
    knee_out = {"skinny": outer + 0.02, "flared": 0.47}.get(cut, (0.5 + outer) / 2)
    knee_in = {"skinny": inner + 0.02, "flared": max(inner, 0.07)}.get(cut, inner * 0.8 + 0.01)
    hip = [0.5 * rng.uniform(1.0, 1.06), band + rng.uniform(0.15, 0.3)]
    sketch.area(symmetric([[0, band * 0.6], [0.5, band * 0.6], hip, [knee_out, knee_y], [outer, length],
                           [inner, length], [knee_in, knee_y], [0, crotch]]))
    sketch.area(rect(-0.5, 0, 0.5, band))  # waistband
    sketch.detail([[0, band], [0.02, crotch * 0.8], [0, crotch]], essential=rng.random() < 0.3)  # fly
    if rng.random() < 0.5:  # slanted side pockets
        pocket = [[0.3, band], [0.48, band + rng.uniform(0.12, 0.2)]]
        sketch.detail(pocket)
        sketch.detail(mirror(pocket))
    if rng.random() < 0.3:  # creases down the legs
        mid_hem = (outer + inner) / 2
        sketch.detail([[0.26, crotch], [mid_hem, length - 0.02]])
        sketch.detail(mirror([[0.26, crotch], [mid_hem, length - 0.02]]))
    if rng.random() < 0.3:  # belt loops
        for x in (-0.35, -0.12, 0.12, 0.35):
            sketch.detail([[x, -0.01], [x, band + 0.02]])


def sneaker(sketch: Sketch, rng: np.random.Generator) -> None:
    sole = rng.uniform(0.07, 0.14)
    height, toe_h = rng.uniform(0.34, 0.48), rng.uniform(0.12, 0.2)
    top = -sole  # top of the sole
    throat = [rng.uniform(0.28, 0.36), top - toe_h - rng.uniform(0.02, 0.06)]
    collar = [rng.uniform(0.56, 0.66), -height]
    sketch.area(np.vstack([[[0.03, top]], sketch.arc(0.15, top, 0.12, toe_h, 180, 270), [throat, collar],
                           [[0.79, -height * rng.uniform(0.75, 0.88)], [0.95, -height * rng.uniform(0.92, 1.02)],
                            [0.99, top]]]))
    if rng.random() < 0.5:  # the tongue sticking out of the collar
        sketch.area([[collar[0] - 0.05, collar[1] + 0.03], [collar[0] - 0.03, collar[1] - 0.06],
                     [collar[0] + 0.06, collar[1] - 0.05], [collar[0] + 0.05, collar[1] + 0.04]])
    sketch.area(sketch.rounded_rect(0.0, top - 0.005, 1.0, 0.0, sole * rng.uniform(0.2, 0.6)))
    # Laces: crosses or bars along the instep, between the toe box and the collar.
    stops = [between(throat, collar, t) for t in np.linspace(0.12, 0.85, rng.integers(3, 6))]
    crossed = rng.random() < 0.6
    for a, b in itertools.pairwise(stops):
        if crossed:
            sketch.detail([a + [0.03, 0.04], b - [0.03, 0.0]], essential=True)
            sketch.detail([a - [0.03, 0.0], b + [0.03, 0.04]], essential=True)
        else:
            sketch.detail([a - [0.03, 0.0], a + [0.04, 0.05]], essential=True)
    stripe = rng.choice(["swoosh", "stripes", "none"])
    if stripe == "swoosh":
        sketch.detail([[0.3, top - 0.04], [0.6, top - 0.06], [0.85, -height * 0.75]], essential=rng.random() < 0.5)
    elif stripe == "stripes":
        for dx in (0.0, 0.07, 0.14):
            sketch.detail([[0.42 + dx, top - 0.02], [0.58 + dx, -height * 0.8]])
    if rng.random() < 0.5:
        sketch.detail(sketch.arc(0.15, top, 0.07, toe_h * 0.7, 180, 270))  # toe cap
    if rng.random() < 0.4:
        sketch.detail([[0.05, top + sole * 0.45], [0.97, top + sole * 0.45]])  # midsole line


def ankle_boot(sketch: Sketch, rng: np.random.Generator) -> None:
    heel = rng.choice(["flat", "flat", "block", "stiletto", "wedge"])
    height, sole = rng.uniform(0.8, 1.05), rng.uniform(0.04, 0.09)
    lift = 0.0 if heel == "flat" else rng.uniform(0.15, 0.3)  # heel height
    shaft_front, toe_h = rng.uniform(0.5, 0.62), rng.uniform(0.17, 0.28)
    ball, arch_end = rng.uniform(0.3, 0.38), rng.uniform(0.68, 0.76)
    top = -sole
    instep = [shaft_front - rng.uniform(0.02, 0.1), top - toe_h - rng.uniform(0.12, 0.22)]
    upper = np.vstack([[[0.03, top]], sketch.arc(0.16, top, 0.13, toe_h, 180, 270), [instep],
                       [[shaft_front, -height], [rng.uniform(0.95, 1.0), -height], [1.0, top - lift - 0.1]]])
    if lift:
        upper = np.vstack([upper, [[1.0, top - lift], [arch_end, top - lift], [ball, top]]])
        sketch.area([[0.0, 0.0], [ball, 0.0], [arch_end, -lift], [1.0, -lift], [1.0, top - lift],
                     [arch_end, top - lift], [ball, top], [0.02, top]])
        if heel == "block":
            sketch.area([[0.76, -lift], [0.99, -lift], [0.97, 0.0], [0.8, 0.0]])
        elif heel == "stiletto":
            sketch.area([[0.86, -lift], [0.99, -lift], [0.94, 0.0], [0.92, 0.0]])
        else:
            sketch.area([[ball, 0.0], [arch_end, -lift], [1.0, -lift], [1.0, 0.0]])
    else:
        upper = np.vstack([upper, [[1.0, top]]])
        sketch.area(sketch.rounded_rect(0.0, top - 0.005, 1.0, 0.0, sole * 0.5))
        sketch.area(rect(0.74, -sole * 0.5, 0.99, rng.uniform(0.03, 0.07)))  # a low heel
    sketch.area(upper)
    feature = rng.choice(["laces", "zip", "gusset", "plain"])
    if feature == "laces":
        for y in np.linspace(-height + 0.1, instep[1] + 0.02, rng.integers(3, 6)):
            x = shaft_front + (instep[0] - shaft_front) * (y + height) / (instep[1] + height)
            sketch.detail([[x - 0.02, y], [x + 0.1, y + 0.05]], essential=True)
    elif feature == "zip":
        x = rng.uniform(0.7, 0.85)
        sketch.detail([[x, -height + 0.03], [x, top - lift - 0.15]], essential=rng.random() < 0.5)
    elif feature == "gusset":  # the elastic side panel of a chelsea boot
        sketch.detail([[shaft_front + 0.08, -height], [shaft_front + 0.18, -height * 0.5],
                       [shaft_front + 0.3, -height]], essential=rng.random() < 0.5)
    if rng.random() < 0.4:
        sketch.stroke(sketch.arc(0.96, -height, 0.04, 0.1, 90, 270))  # pull tab
    if rng.random() < 0.4:
        sketch.detail([[shaft_front + 0.01, -height + 0.07], [0.99, -height + 0.07]])  # top band


def sandal(sketch: Sketch, rng: np.random.Generator) -> None:
    kind = rng.choice(["flat", "flat", "heeled", "flip-flop", "gladiator"])
    sole = rng.uniform(0.06, 0.1) if kind == "flip-flop" else rng.uniform(0.035, 0.08)
    lift = rng.uniform(0.2, 0.4) if kind == "heeled" else 0.0
    ball, arch_end = rng.uniform(0.28, 0.36), rng.uniform(0.66, 0.74)

    def foot(x: float) -> float:  # y of the sole's top at x (a heeled sole rises under the arch)
        return -sole - lift * float(np.clip((x - ball) / (arch_end - ball), 0, 1))

    if lift:
        sketch.area([[0.0, 0.0], [ball, 0.0], [arch_end, -lift], [1.0, -lift], [1.0, -lift - sole],
                     [arch_end, -lift - sole], [ball, -sole], [0.0, -sole]])
        if rng.random() < 0.5:
            sketch.area([[0.83, -lift], [0.98, -lift], [0.93, 0.0], [0.91, 0.0]])  # stiletto
        else:
            sketch.area([[0.78, -lift], [0.99, -lift], [0.96, 0.0], [0.82, 0.0]])  # block heel
    else:
        sketch.area(sketch.rounded_rect(0.0, -sole, 1.0, 0.0, sole * rng.uniform(0.3, 0.5)))

    bands = rng.random() < 0.5  # straps as filled bands, or as single lines
    thick = rng.uniform(0.025, 0.05)

    def strap(cx: float, rx: float, ry: float) -> None:
        cy = foot(cx)
        if bands:
            sketch.area(sketch.band(cx, cy, rx, ry, thick, 180, 360))
        else:
            sketch.stroke(sketch.arc(cx, cy, rx, ry, 180, 360))

    if kind == "flip-flop":  # the thong from the toe post over to the side
        strap(rng.uniform(0.38, 0.46), rng.uniform(0.14, 0.2), rng.uniform(0.12, 0.2))
        return
    strap(rng.uniform(0.14, 0.24), rng.uniform(0.07, 0.12), rng.uniform(0.1, 0.18))  # toe strap
    if kind == "gladiator" or rng.random() < 0.6:
        strap(rng.uniform(0.42, 0.55), rng.uniform(0.09, 0.15), rng.uniform(0.18, 0.3))
    if kind == "gladiator" or rng.random() < 0.7:  # ankle strap, held by a strap round the heel
        ankle_y = foot(0.85) - rng.uniform(0.32, 0.5)
        loop = sketch.arc(0.8, ankle_y, rng.uniform(0.1, 0.15), 0.045, 0, 360)
        sketch.stroke(loop, closed=True)
        sketch.stroke([[0.95, foot(0.95)], [0.93, ankle_y]])
        if kind == "gladiator":
            for t in (0.35, 0.7):
                y = foot(0.85) + (ankle_y - foot(0.85)) * t
                sketch.stroke([[0.68 - 0.08 * t, y + 0.05], [0.93, y]])


def bag(sketch: Sketch, rng: np.random.Generator) -> None:
    kind = rng.choice(["handbag", "handbag", "tote", "clutch", "shoulder", "backpack"])
    as_band = rng.random() < 0.5  # handles as filled bands or as single lines
    thick = rng.uniform(0.04, 0.08)

    def handle(cx: float, rx: float, ry: float) -> None:
        if as_band:
            sketch.area(sketch.band(cx, 0.0, rx, ry, thick, 180, 360))
        else:
            sketch.stroke(sketch.arc(cx, 0.0, rx, ry, 180, 360))

    if kind in ("handbag", "tote"):
        height = rng.uniform(0.55, 0.85) if kind == "handbag" else rng.uniform(0.8, 1.05)
        top = rng.uniform(0.3, 0.46) if kind == "handbag" else 0.5
        bottom = 0.5 if kind == "handbag" else rng.uniform(0.4, 0.5)
        if rng.random() < 0.5 or kind == "tote":
            for cx in (-0.5 * top, 0.5 * top) if rng.random() < 0.5 else (0.0,):
                handle(cx, rng.uniform(0.1, 0.3) * (1.6 if cx == 0 else 1), rng.uniform(0.2, 0.45))
        else:
            handle(0.0, rng.uniform(0.2, 0.3), rng.uniform(0.2, 0.4))
        sketch.area([[-top, 0], [top, 0], [bottom, height], [-bottom, height]])
        if rng.random() < 0.5:  # a flap with a clasp
            flap = rng.uniform(0.25, 0.45) * height
            sketch.detail([[-top, 0], [-top * 0.9, flap * 0.7], [0, flap], [top * 0.9, flap * 0.7], [top, 0]])
            sketch.dot(0, flap, 0.035)
        elif rng.random() < 0.5:
            sketch.detail([[-top + 0.03, 0.08], [top - 0.03, 0.08]])  # zip
    elif kind == "clutch":
        height = rng.uniform(0.4, 0.55)
        sketch.area(sketch.rounded_rect(-0.5, 0, 0.5, height, rng.uniform(0.0, 0.1)))
        flap = height * rng.uniform(0.45, 0.7)
        sketch.detail([[-0.5, 0.01], [0, flap], [0.5, 0.01]], essential=True)
        sketch.dot(0, flap, 0.03, essential=True)
    elif kind == "shoulder":
        height = rng.uniform(0.55, 0.75)
        sketch.stroke(sketch.arc(0.0, 0.05, 0.44, rng.uniform(0.6, 1.1), 180, 360))
        sketch.area(sketch.rounded_rect(-0.5, 0, 0.5, height, rng.uniform(0.03, 0.2)))
        sketch.detail(np.vstack([[[-0.5, 0.02]], sketch.arc(0, 0.02, 0.5, height * 0.55, 180, 0), [[0.5, 0.02]]]),
                      essential=rng.random() < 0.5)
    else:  # backpack, front view
        height = rng.uniform(0.95, 1.2)
        sketch.stroke(sketch.arc(0.0, 0.06, 0.12, 0.14, 180, 360))  # grab loop
        sketch.area(sketch.rounded_rect(-0.4, 0, 0.4, height, rng.uniform(0.1, 0.25)))
        sketch.detail(sketch.rounded_rect(-0.28, height * 0.5, 0.28, height - 0.06, 0.06), closed=True, essential=True)
        sketch.detail(sketch.arc(0, height * 0.35, 0.32, 0.2, 180, 360), essential=rng.random() < 0.5)


GARMENTS = (tshirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle_boot)


# ---------------------------------------------------------------------------------------------
# Pens and drawing


@dataclass
class Pen:
    mode: str            # one of MODES
    width: float         # outline width, as a share of the canvas
    detail_ratio: float  # inner lines are this much thinner
    ink: int             # the darkest grey, 0..120
    fill: int            # silhouette or tint grey
    details: bool        # whether optional inner lines are drawn
    cells: int           # blocky: grid cells across the garment; 0 = smooth
    jitter_seed: int     # for the strokes mode's overshoots


def choose_pen(rng: np.random.Generator) -> Pen:
    mode = MODES[rng.choice(len(MODES), p=MODE_ODDS)]
    width = float(np.exp(rng.uniform(np.log(2), np.log(30)))) / SIZE
    ink = int(rng.integers(0, 121))
    fill = {"silhouette": ink if rng.random() < 0.8 else int(rng.integers(ink, 121)),
            "tinted": int(rng.integers(150, 231))}.get(mode, PAPER)
    cells = int(rng.integers(22, 35)) if mode != "strokes" and rng.random() < 0.15 else 0
    details = rng.random() < 0.65 and not cells  # a coarse grid has no room for optional details
    return Pen(mode, width, float(rng.uniform(0.45, 1.0)), ink, fill, details, cells, int(rng.integers(2**31)))


def posed(parts: list[Part], rng: np.random.Generator) -> list[Part]:
    """Mirror, tilt and stretch the garment a little, as a hand would."""
    angle = np.radians(np.clip(rng.normal(0, 6), -15, 15))
    flip = -1.0 if rng.random() < 0.5 else 1.0
    stretch = rng.uniform(0.9, 1.1)
    c, s = np.cos(angle), np.sin(angle)
    matrix = np.array([[c, -s], [s, c]]) @ np.diag([flip * stretch, 1.0])
    return [Part(p.kind, p.points @ matrix.T, p.closed, p.essential, p.radius) for p in parts]


def corners_split(points: np.ndarray, closed: bool, sharp: float = 30.0) -> list[np.ndarray]:
    """A polyline cut at its sharp corners, as the separate strokes someone would draw it with."""
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.linalg.norm(np.diff(points, axis=0), axis=1) > 1e-6
    points = points[keep]
    if closed and len(points) > 2 and np.linalg.norm(points[0] - points[-1]) < 1e-6:
        points = points[:-1]
    if len(points) < 3:
        return [points]
    if not closed:
        inner = points[1:-1]
        before, after = inner - points[:-2], points[2:] - inner
        turn = _turn_degrees(before, after)
        cuts = [0] + [i + 1 for i in np.flatnonzero(turn > sharp)] + [len(points) - 1]
        return [points[a:b + 1] for a, b in itertools.pairwise(cuts)]
    before = points - np.roll(points, 1, axis=0)
    after = np.roll(points, -1, axis=0) - points
    cuts = list(np.flatnonzero(_turn_degrees(before, after) > sharp))
    if len(cuts) < 2:  # a smooth loop: two strokes
        cuts = [0, len(points) // 2]
    loop = np.vstack([points, points])
    cuts = cuts + [cuts[0] + len(points)]
    return [loop[a:b + 1] for a, b in itertools.pairwise(cuts)]


def _turn_degrees(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    cross = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
    dot = (before * after).sum(axis=1)
    return np.degrees(np.abs(np.arctan2(cross, dot)))


def polyline(draw: ImageDraw.ImageDraw, points: np.ndarray, closed: bool, color: int, width: int) -> None:
    xy = [(float(x), float(y)) for x, y in points]
    if closed and len(xy) > 2:
        xy = xy + xy[:2]  # past the start again, so the first corner is joined too
    if len(xy) == 1:
        xy = xy * 2
    draw.line(xy, fill=color, width=width, joint="curve" if width > 2 else None)


def hand_strokes(draw, points, closed, color, width, reach, jitter: np.random.Generator) -> None:
    """Straight strokes that overshoot or stop short of each corner and sit a little off."""
    for run in corners_split(points, closed):
        run = run.copy()
        if len(run) < 2:
            continue
        for end, inward in ((0, 1), (-1, -2)):
            out = run[end] - run[inward]
            length = np.linalg.norm(out)
            if length > 1e-6:
                run[end] = run[end] + out / length * min(jitter.uniform(-0.5, 1.0) * reach, 0.3 * length)
        run += jitter.normal(0, reach * 0.15, 2)
        polyline(draw, run, False, color, width)


def paint(image: Image.Image, parts: list[Part], pen: Pen, width: int, detail_width: int, reach: float) -> None:
    """Draw placed parts (pixel coordinates) on ``image`` with the pen's mode."""
    draw = ImageDraw.Draw(image)
    areas = [p for p in parts if p.kind == AREA]
    strokes = [p for p in parts if p.kind == STROKE]
    inner = [p for p in parts if p.kind in (DETAIL, DOT) and (p.essential or pen.details)]
    jitter = np.random.default_rng(pen.jitter_seed)
    mode, ink = pen.mode, pen.ink
    shapes = [p for p in parts if p.kind in (AREA, STROKE)]
    if mode == "see-through":  # every primitive's outline, overlaps and all
        for p in shapes:
            polyline(draw, p.points, p.closed, ink, width)
    elif mode == "stacked":  # white-filled shapes stacked in drawing order
        for p in shapes:
            if p.kind == AREA:
                draw.polygon([tuple(q) for q in p.points], fill=PAPER)
            polyline(draw, p.points, p.closed, ink, width)
    elif mode in ("merged", "tinted"):  # one contour round the union (the inner half of a 2x line is covered)
        for p in shapes:
            polyline(draw, p.points, p.closed, ink, 2 * width + 1 if p.kind == AREA else width)
        for p in areas:
            draw.polygon([tuple(q) for q in p.points], fill=pen.fill)
    elif mode == "silhouette":
        for p in areas:
            draw.polygon([tuple(q) for q in p.points], fill=pen.fill)
        for p in strokes:
            polyline(draw, p.points, p.closed, pen.fill, width)
    else:  # "strokes"
        for p in shapes:
            hand_strokes(draw, p.points, p.closed, ink, width, reach, jitter)
    line_color = PAPER if mode == "silhouette" else ink
    for p in inner:
        if p.kind == DOT:
            x, y = p.points[0]
            r = max(p.radius, 0.5)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=line_color)
        elif mode == "strokes":
            hand_strokes(draw, p.points, p.closed, ink, detail_width, reach * 0.5, jitter)
        else:
            polyline(draw, p.points, p.closed, line_color, detail_width)


def rendered(parts: list[Part], pen: Pen, size: int, span: float, where: np.ndarray) -> Image.Image:
    """Scale and place the garment so its ink spans ``span`` of the canvas at a random spot, and draw it
    (blocky pens draw on a coarse canvas that is then blown up)."""
    canvas = min(max(round(pen.cells / span), 12), size // 3) if pen.cells else size
    if pen.cells:
        width = detail_width = 1 if pen.cells < 24 or pen.mode == "merged" else 2
    else:
        width = int(np.clip(round(pen.width * size), 1, max(1, round(0.07 * span * size))))
        detail_width = max(1, round(width * pen.detail_ratio))
    reach = 0.035 * span * canvas if pen.mode == "strokes" else 0.0
    pad = {"merged": width + 0.5, "tinted": width + 0.5}.get(pen.mode, width / 2) + reach  # ink outside the outline
    margin = pad + (1.5 if pen.cells else 4)
    longest = min(span * canvas - 2 * pad, canvas - 2 * margin)

    lows = np.min([p.points.min(axis=0) - p.radius for p in parts], axis=0)
    highs = np.max([p.points.max(axis=0) + p.radius for p in parts], axis=0)
    scale = longest / float((highs - lows).max())
    room = canvas - 2 * margin - (highs - lows) * scale
    offset = margin + where * np.maximum(room, 0) - lows * scale
    placed = [Part(p.kind, p.points * scale + offset, p.closed, p.essential, p.radius * scale) for p in parts]

    if pen.mode == "silhouette" and not pen.cells:  # white lines thinner than this vanish at 28x28
        detail_width = max(detail_width, round(0.04 * longest))
    image = Image.new("L", (canvas, canvas), PAPER)
    paint(image, placed, pen, width, detail_width, reach)
    return image.resize((size, size), Image.NEAREST) if pen.cells else image


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One pictogram-style drawing of class ``label``: RGB, size x size, grey ink on white paper."""
    label = check_label(label)
    sketch = Sketch(int(rng.choice([3, 4, 5, 10, 14, 18], p=[0.1, 0.1, 0.1, 0.2, 0.25, 0.25])))
    GARMENTS[label](sketch, rng)
    pen = choose_pen(rng)
    parts = posed(sketch.parts, rng)
    span, where = rng.uniform(0.38, 0.93), rng.random(2)
    for _ in range(8):  # a big flat silhouette can cover too much paper: draw it smaller
        image = rendered(parts, pen, size, span, where)
        if np.mean(np.asarray(image) == PAPER) >= MIN_PAPER + 0.01 or span <= 0.4:
            break
        span = max(0.38, span * 0.87)
    return image.convert("RGB")
