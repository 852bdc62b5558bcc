"""Held-out family I: garments drawn the way different people in a classroom draw them.

EVALUATION ONLY. These drawings are never trained on and never used to choose
hyper-parameters or checkpoints; they measure how the model reads drawings in a style it
has never seen. They were judged only by eye, never by running a model on them.

Each drawing is one garment as drawn by one of several personas on the app's 448x448
white canvas:

* ``child``  - naive shapes: boxy bodies, stick arms, a head-hole circle, big buttons;
* ``finger`` - a quick finger on a phone: thick round strokes, one continuous contour,
  overshoots and jitter;
* ``stylus`` - a careful stylus: thin lines and many details (zips, cuffs, laces...);
* ``loop``   - the contour in one closed loop, next to no details;
* ``parts``  - separate overlapping shapes (body + sleeves, sole + upper, waistband + legs);
* ``colour`` - the silhouette coloured in, solid or with a back-and-forth scribble.

Garments are built from polylines, splines and arcs in garment units, then tilted (up to
15 degrees), given a hand's wobble and tremor, placed small or large, centred or not, and
rendered with PIL in grey or dark-blue ink. This family was written apart from the other
drawing families, without reading them, so that it is an independent idea of drawing.

Its set is ``nin.lab.families.get("I").drawing_set()``; a contact sheet (one row per class)::

    python -m nin.lab.families sheet I --out heldout_people.png [--garments]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from nin.lab.families import curves
from nin.lab.families.canvas import SHOES, SIZE, check_label, round_stroke
from nin.lab.families.curves import rect

SUPERSAMPLE = 2          # drawn at twice the size and reduced: soft, antialiased edges
STEP = 0.012             # resampling step along a stroke, in garment units (longest side 1)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Persona:
    name: str
    pen: tuple[float, float]  # line width as a share of the drawing's longest side
    wobble: float             # slow drift of the hand, in garment units
    tremor: float             # fast shake of the hand, in garment units
    detail: float             # chance that each optional detail is drawn
    key: float                # chance that a class-defining detail (collar, laces...) is drawn
    gap: float                # chance that a closed outline is left open
    overshoot: float          # chance that a closed outline runs on past its start
    tilt: float               # largest rotation, degrees


PERSONAS = (
    Persona("child", (0.05, 0.10), 0.012, 0.002, 0.45, 0.9, 0.15, 0.1, 15),
    Persona("finger", (0.08, 0.125), 0.016, 0.004, 0.25, 0.7, 0.3, 0.6, 15),
    Persona("stylus", (0.036, 0.05), 0.004, 0.0012, 0.85, 1.0, 0.15, 0.1, 8),
    Persona("loop", (0.045, 0.08), 0.007, 0.0015, 0.0, 0.3, 0.0, 0.2, 12),
    Persona("parts", (0.045, 0.08), 0.006, 0.0015, 0.4, 0.9, 0.05, 0.2, 12),
    Persona("colour", (0.045, 0.08), 0.008, 0.002, 0.3, 0.8, 0.0, 0.1, 12),
)
INKS = ((30, 30, 30), (70, 70, 72), (100, 100, 100), (25, 35, 95), (35, 50, 120), (20, 25, 60))


@dataclass
class Style:
    """One person's choices for one drawing; builders ask it what to draw."""
    persona: Persona
    rng: np.random.Generator
    sleeves: str  # "shape" (part of the contour), "seam", "line" (a single stroke), "parts"
    fill: str     # "none", "solid" or "scribble"
    pen_scale: float = 1.0  # shoes are long and flat: a fat pen would close up their straps

    @property
    def child(self) -> bool:
        return self.persona.name == "child"

    @property
    def parts(self) -> bool:
        return self.persona.name == "parts"

    @property
    def fine(self) -> bool:
        return self.persona.name == "stylus"

    def want(self, weight: float = 1.0) -> bool:
        """An optional detail (on a solid fill it would have to be left white: seldom done)."""
        weight *= 0.4 if self.fill == "solid" else 1.0
        return self.rng.random() < self.persona.detail * weight

    def key(self) -> bool:
        """A detail that says which garment it is: most people draw it."""
        return self.rng.random() < self.persona.key

    def uniform(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi))


@dataclass
class Stroke:
    pts: np.ndarray           # [N, 2] x right, y down
    closed: bool = False
    body: bool = False        # part of the silhouette: coloured in by the colouring persona
    dot: float = 0.0          # > 0: a filled dot of this radius at pts[0] (buttons, clasps)


def _style(rng: np.random.Generator) -> Style:
    persona = PERSONAS[rng.integers(len(PERSONAS))]
    if persona.name == "parts":
        sleeves = "parts"
    elif persona.name == "colour":  # one colours in a sleeve shape, not a single line
        sleeves = str(rng.choice(["shape", "seam"], p=[0.7, 0.3]))
    else:
        sleeves = str(rng.choice(["shape", "seam", "line"], p=[0.6, 0.25, 0.15]))
    fill = "none"
    if persona.name == "colour":
        fill = "solid" if rng.random() < 0.45 else "scribble"
    return Style(persona, rng, sleeves, fill)


# --------------------------------------------------------------------------- geometry


def _spline(points, n: int = 8, closed: bool = False) -> np.ndarray:
    return curves.catmull_rom(points, n, closed)


def _arc(cx, cy, rx, ry, a0, a1, n: int = 14) -> np.ndarray:
    return curves.arc(cx, cy, rx, ry, a0, a1, n)


def _rounded(x0, y0, x1, y1, r) -> np.ndarray:
    """A rectangle with round corners (a closed outline)."""
    return curves.chain(_arc(x1 - r, y0 + r, r, r, 270, 360, 5), _arc(x1 - r, y1 - r, r, r, 0, 90, 5),
                        _arc(x0 + r, y1 - r, r, r, 90, 180, 5), _arc(x0 + r, y0 + r, r, r, 180, 270, 5))


def _line(*points) -> Stroke:
    return Stroke(curves.points(points))


def _outline(points, body: bool = True) -> Stroke:
    return Stroke(curves.points(points), closed=True, body=body)


def _dot(x, y, r) -> Stroke:
    return Stroke(curves.points([(x, y)]), dot=r)


def _ring(x, y, rx, ry=None) -> Stroke:
    return Stroke(_arc(x, y, rx, rx if ry is None else ry, 0, 360, 18)[:-1], closed=True)


def _ticks(p0, p1, length, count) -> list[Stroke]:
    """Short marks across the segment p0-p1 (ribbing, zip teeth, stitches)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    d = p1 - p0
    n = np.array([-d[1], d[0]]) / (np.hypot(*d) + 1e-9)
    return [_line(c - n * length / 2, c + n * length / 2)
            for c in (p0 + d * t for t in np.linspace(0.1, 0.9, count))]


# --------------------------------------------------------------------------- tops


# half body width, length, hem flare, sleeve length, sleeve angle below horizontal (deg),
# sleeve opening, armhole depth
TOP_SHAPES = {
    "tshirt": ((.26, .34), (.72, .95), (1.0, 1.06), (.16, .28), (18, 42), (.13, .19), (.16, .24)),
    "pullover": ((.25, .32), (.74, .95), (.96, 1.03), (.62, .82), (50, 72), (.11, .16), (.2, .28)),
    "shirt": ((.25, .31), (.78, .98), (1.0, 1.04), (.62, .82), (50, 72), (.11, .15), (.2, .27)),
    "coat": ((.24, .30), (1.05, 1.35), (1.02, 1.16), (.66, .86), (55, 75), (.12, .16), (.22, .3)),
}


@dataclass
class TopShape:
    half_width: float   # half body width
    length: float
    flare: float
    neck_half: float   # half neck width
    neck_depth: float   # neckline depth
    v: bool     # V neck (straight lines) instead of a round one
    shoulder: np.ndarray   # left shoulder point
    cuff: np.ndarray       # the left sleeve's opening, outer then inner corner
    armpit: np.ndarray
    axis: np.ndarray       # the sleeve's direction
    sleeve: float          # sleeve length


def _top_shape(kind: str, style: Style, short: bool = False) -> TopShape:
    half_width, length, flare, sleeve_length, angle, opening, armhole = TOP_SHAPES[kind]
    if short:  # a short-sleeved shirt
        sleeve_length, angle, opening, armhole = TOP_SHAPES["tshirt"][3:]
    half_width, length, flare = style.uniform(*half_width), style.uniform(*length), style.uniform(*flare)
    sleeve_length = style.uniform(*sleeve_length)
    sleeve_angle = math.radians(style.uniform(*angle))
    opening = style.uniform(*opening)
    neck_half = style.uniform(.08, .12)
    v = kind == "coat" or (kind in ("tshirt", "pullover") and style.rng.random() < 0.25)
    neck_depth = {"coat": style.uniform(.25, .4), "shirt": style.uniform(.02, .05)}.get(
        kind, style.uniform(.14, .22) if v else style.uniform(.05, .1))
    shoulder = np.array([-half_width, style.uniform(.02, .06)])
    axis = np.array([-math.cos(sleeve_angle), math.sin(sleeve_angle)])
    normal = np.array([math.sin(sleeve_angle), math.cos(sleeve_angle)])
    outer = shoulder + sleeve_length * axis
    cuff = np.vstack([outer, outer + opening * normal])
    armpit = np.array([-half_width, shoulder[1] + style.uniform(*armhole)])
    return TopShape(half_width, length, flare, neck_half, neck_depth, v, shoulder, cuff, armpit, axis, sleeve_length)


def _neckline(garment: TopShape, depth: float | None = None) -> np.ndarray:
    """From the right neck point down to the front and back up to the left one."""
    d = garment.neck_depth if depth is None else depth
    if garment.v:
        return curves.points([(garment.neck_half, 0), (0, d), (-garment.neck_half, 0)])
    neck_half = garment.neck_half
    return _spline([(neck_half, 0), (neck_half * .6, d * .85), (0, d), (-neck_half * .6, d * .85), (-neck_half, 0)], 5)


def _hem(garment: TopShape, curved: bool) -> np.ndarray:
    x = garment.half_width * garment.flare
    if curved:  # a shirt's tail: lower in the middle than at the sides
        return _spline([(-x, garment.length - .04), (-x * .5, garment.length + .02), (0, garment.length + .04),
                        (x * .5, garment.length + .02), (x, garment.length - .04)], 5)
    return curves.points([(-x, garment.length), (x, garment.length)])


def _top_strokes(garment: TopShape, style: Style, curved_hem: bool = False) -> list[Stroke]:
    """The silhouette of a top, as this person splits it into strokes."""
    neck = _neckline(garment)
    hem = _hem(garment, curved_hem)
    if style.sleeves in ("shape", "seam"):
        left = curves.chain((-garment.neck_half, 0), garment.shoulder, garment.cuff, garment.armpit)
        contour = curves.chain(left, hem, curves.mirror(left)[::-1], neck)
        strokes = [_outline(contour[:-1])]
        if style.sleeves == "seam":
            strokes += [_line(garment.shoulder, garment.armpit),
                        _line(curves.mirror(garment.shoulder), curves.mirror(garment.armpit))]
        return strokes
    body = _outline(curves.chain((-garment.neck_half, 0), garment.shoulder, hem, curves.mirror(garment.shoulder),
                                 neck)[:-1])
    if style.sleeves == "line":  # each sleeve a single stroke along its middle
        start = (garment.shoulder + garment.armpit) / 2
        end = start + garment.axis * garment.sleeve
        return [body, _line(start, end), _line(curves.mirror(start), curves.mirror(end))]
    inset = np.array([.015, 0])  # a separate sleeve shape overlaps the body a little
    sleeve = curves.chain(garment.shoulder + inset, garment.cuff, garment.armpit + inset)
    return [body, _outline(sleeve), _outline(curves.mirror(sleeve))]


def _child_top(garment: TopShape, style: Style, long_arms: bool, head: bool = True) -> list[Stroke]:
    """A box for the body, a circle for the head (unless a collar is drawn), arms as sticks or boxes."""
    x = garment.half_width * garment.flare
    strokes = [_outline([(-garment.half_width, 0), (garment.half_width, 0), (x, garment.length), (-x, garment.length)])]
    if head:
        strokes.append(_ring(0, 0.01, garment.neck_half * 1.1, garment.neck_half * .8))
    start = np.array([-garment.half_width, garment.shoulder[1] + .05])
    if long_arms or style.rng.random() < 0.5:
        end = start + garment.axis * garment.sleeve
        return strokes + [_line(start, end), _line(curves.mirror(start), curves.mirror(end))]
    sleeve = curves.chain(garment.shoulder, garment.cuff, garment.armpit)
    return strokes + [_outline(sleeve), _outline(curves.mirror(sleeve))]


def _cuff_band(garment: TopShape, style: Style, inset: float) -> list[Stroke]:
    """A line across each sleeve near its opening (cuffs, ribbing), with ribs for the careful."""
    a, b = garment.cuff - garment.axis * inset
    strokes = [_line(a, b), _line(curves.mirror([a])[0], curves.mirror([b])[0])]
    if style.fine:
        mid = (garment.cuff[0] + garment.cuff[1]) / 2 - garment.axis * inset / 2
        strokes += _ticks(mid - (b - a) / 2, mid + (b - a) / 2, inset, 4)
        strokes += _ticks(curves.mirror([mid - (b - a) / 2])[0], curves.mirror([mid + (b - a) / 2])[0], inset, 4)
    return strokes


def _tshirt(style: Style) -> list[Stroke]:
    garment = _top_shape("tshirt", style)
    if style.child:
        strokes = _child_top(garment, style, long_arms=False)
    elif style.rng.random() < 0.15:  # a tank top: straps and deep armholes, no sleeves
        strokes = [_tank(garment)]
    else:
        strokes = _top_strokes(garment, style)
        if style.want(0.7):
            strokes.append(Stroke(_neckline(garment, garment.neck_depth + .035)))  # the ribbed neckband
        if style.want(0.5) and style.sleeves != "line":
            strokes += _cuff_band(garment, style, 0.04)[:2]  # a sleeve hem: the lines, no ribs
    if style.want(0.4):  # a print on the chest
        if style.rng.random() < 0.5:
            strokes.append(_ring(0, garment.length * .45, .08))
        else:
            strokes.append(_outline(rect(-garment.half_width * .75, .25, -garment.half_width * .3, .38), body=False))
    return strokes


def _tank(garment: TopShape) -> Stroke:
    strap = garment.neck_half + .06
    armhole = _spline([(-strap, 0), (-strap - .03, .15), (-garment.half_width, .3)], 5)
    left = curves.chain((-garment.neck_half, 0), (-strap, 0), armhole,
                        (-garment.half_width * garment.flare, garment.length))
    return _outline(curves.chain(left, curves.mirror(left)[::-1], _neckline(garment, garment.neck_depth + .12))[:-1])


def _pullover(style: Style) -> list[Stroke]:
    garment = _top_shape("pullover", style)
    strokes = _child_top(garment, style, long_arms=True) if style.child else _top_strokes(garment, style)
    if style.child and style.rng.random() < 0.4:  # stripes across the jumper
        strokes += [_line((-garment.half_width, y), (garment.half_width, y))
                    for y in np.linspace(.3, garment.length - .15, 3)]
    if style.key() and style.sleeves != "line" and not style.child:
        strokes += _cuff_band(garment, style, 0.07)
    if style.key():
        y = garment.length - .07
        x = garment.half_width * (garment.flare + (1 - garment.flare) * .1)
        strokes.append(_line((-x, y), (x, y)))
        if style.fine:
            strokes += _ticks((-x, y + .035), (x, y + .035), .07, 9)
    if style.want(0.8) and not style.child:
        strokes.append(Stroke(_neckline(garment, garment.neck_depth + .04)))
    return strokes


def _shirt(style: Style) -> list[Stroke]:
    garment = _top_shape("shirt", style, short=style.rng.random() < 0.2)
    if style.child:
        strokes = _child_top(garment, style, long_arms=True, head=False)
    else:
        strokes = _top_strokes(garment, style, curved_hem=True)
    if style.key() or style.child:  # the collar: two pointed wings
        tip = style.uniform(.13, .18)
        wing = curves.points([(-garment.neck_half - .01, 0), (-garment.neck_half * .6, tip),
                              (0, garment.neck_depth + .06)])
        strokes += [Stroke(wing), Stroke(curves.mirror(wing))]
        if style.child:
            strokes.append(_line((-garment.neck_half - .01, 0), (garment.neck_half + .01, 0)))
    if style.key():  # the placket and its buttons
        strokes.append(_line((0, garment.neck_depth + .06), (0, garment.length - .02)))
        r = .035 if style.child else (.012 if style.fine else .02)
        buttons = np.linspace(garment.neck_depth + .14, garment.length - .1, int(style.rng.integers(4, 7)))
        strokes += [_dot(.035, y, r) for y in buttons]
    if style.want(0.7):  # a chest pocket
        strokes.append(_outline(rect(-garment.half_width * .8, .24, -garment.half_width * .35, .38), body=False))
    if style.want(0.6) and style.sleeves in ("shape", "seam", "parts") and not style.child:
        strokes += _cuff_band(garment, style, 0.05)[:2]  # the cuffs: lines, no ribs
    return strokes


def _coat(style: Style) -> list[Stroke]:
    garment = _top_shape("coat", style)
    strokes = _child_top(garment, style, long_arms=True, head=False) if style.child else _top_strokes(garment, style)
    if style.key() or style.child:  # lapels: a notch out from the neck, folding back to the V
        neck_half, neck_depth = garment.neck_half, garment.neck_depth
        lapel = curves.points([(-neck_half, 0), (-neck_half - style.uniform(.04, .08), neck_depth * .5),
                               (0, neck_depth)])
        strokes += [Stroke(lapel), Stroke(curves.mirror(lapel))]
    if style.key():  # the open front, down to the hem
        strokes.append(_line((0, garment.neck_depth), (0, garment.length)))
    if style.key() or style.child:  # buttons: one row beside the opening, or two
        r = .045 if style.child else (.014 if style.fine else .022)
        ys = np.linspace(garment.neck_depth + .08, garment.length * .62, int(style.rng.integers(2, 5)))
        xs = (-.07, .07) if style.rng.random() < 0.3 else (.05,)
        strokes += [_dot(x, y, r) for x in xs for y in ys]
    if style.want(0.8):  # pocket flaps
        y = garment.length * style.uniform(.6, .7)
        for side in (-1, 1):
            strokes.append(_line((side * garment.half_width * .3, y), (side * garment.half_width * .8, y - .02 * side)))
    if style.want(0.4):  # a belt with its buckle
        y = garment.length * style.uniform(.38, .45)
        x = garment.half_width * (1 + (garment.flare - 1) * .4)
        strokes += [_line((-x, y), (x, y)), _line((-x, y + .06), (x, y + .06)),
                    _outline(rect(-.05, y - .01, .05, y + .07), body=False)]
    return strokes


# --------------------------------------------------------------------------- bottoms, dresses


def _trouser(style: Style) -> list[Stroke]:
    waist_half = style.uniform(.2, .28)                            # half waist
    cropped = style.rng.random() < 0.2               # short, wide trousers
    length = style.uniform(.5, .65) if cropped else style.uniform(.8, 1.0)
    cut = style.rng.choice(["straight", "flared", "skinny"], p=[.5, .25, .25])
    hem_outer = waist_half * {"straight": style.uniform(.95, 1.05), "flared": style.uniform(1.1, 1.35),
                              "skinny": style.uniform(.8, .9)}[str(cut)]
    if cropped:
        hem_outer = waist_half * style.uniform(1.1, 1.4)
    leg = hem_outer * style.uniform(.42, .48) if cropped or cut == "flared" else hem_outer * style.uniform(.38, .45)
    crotch = style.uniform(.22, .32) * (0.75 if cropped else 1.0)
    band = .07
    if style.child or style.parts:
        strokes = [_outline(rect(-waist_half, 0, waist_half, band))]
        left = curves.points([(-waist_half, band - .02), (.01, band - .02), (-hem_outer + leg, length),
                              (-hem_outer, length)])
        strokes += [_outline(left), _outline(curves.mirror(left))]
    else:
        hip = _spline([(-waist_half, 0), (-waist_half * 1.04 - .01, crotch * .6), (-hem_outer, length)], 5)
        left = curves.chain(hip, (-hem_outer + leg, length), (0, crotch))
        strokes = [_outline(curves.chain(left, curves.mirror(left)[::-1])[:-1])]
        if style.key():
            strokes.append(_line((-waist_half * 1.01, band), (waist_half * 1.01, band)))
    if style.key():  # the fly
        strokes.append(Stroke(_spline([(0, band), (.005, crotch * .7), (.04, crotch * .85)], 4)))
    if style.want():  # slanted pockets
        strokes += [_line((-waist_half * .75, band), (-waist_half * 1.0, band + .12)),
                    _line((waist_half * .75, band), (waist_half * 1.0, band + .12))]
    if style.want(0.6):  # creases down the legs
        mid = hem_outer - leg / 2
        strokes += [_line((-waist_half * .5, crotch), (-mid, length - .05)),
                    _line((waist_half * .5, crotch), (mid, length - .05))]
    if style.want(0.4):  # belt loops
        strokes += [_line((x, 0), (x, band)) for x in (-waist_half * .6, 0.0, waist_half * .6)]
    return strokes


def _dress(style: Style) -> list[Stroke]:
    strap_x = style.uniform(.12, .17)                      # strap's outer edge at the shoulder
    neck_half = strap_x - style.uniform(.03, .06)
    bust_half, armpit_y = style.uniform(.15, .2), style.uniform(.12, .2)     # bust and armpit
    waist_half, waist_y = style.uniform(.1, .14), style.uniform(.3, .4)      # waist
    cut = str(style.rng.choice(["mini", "knee", "long"]))
    length = {"mini": style.uniform(.6, .75), "knee": style.uniform(.8, .95), "long": style.uniform(1.05, 1.3)}[cut]
    shape = str(style.rng.choice(["a-line", "straight", "full"], p=[.5, .25, .25]))
    hem_half = {"a-line": style.uniform(.26, .36), "straight": style.uniform(.17, .21),
                "full": style.uniform(.36, .46)}[shape] * (length / .9) ** .5
    if shape == "straight":
        hem_half = max(hem_half, bust_half + .02)
    if style.child:  # a triangle skirt under a box, with straps
        strokes = [_outline(rect(-bust_half, armpit_y * .6, bust_half, waist_y)),
                   _outline([(-waist_half, waist_y), (waist_half, waist_y), (hem_half, length), (-hem_half, length)]),
                   _line((-bust_half * .8, armpit_y * .6), (-strap_x, 0)),
                   _line((bust_half * .8, armpit_y * .6), (strap_x, 0))]
    else:
        sleeve = style.rng.random() < 0.25  # little cap sleeves
        if sleeve:
            arm = curves.points([(-strap_x, 0), (-bust_half - .07, .06), (-bust_half - .04, armpit_y * .8),
                                 (-bust_half, armpit_y)])
        else:
            arm = _spline([(-strap_x, 0), (-strap_x - .03, armpit_y * .6), (-bust_half, armpit_y)], 4)
        skirt = _spline([(-waist_half, waist_y), (-(waist_half + hem_half) / 2 - .02, (waist_y + length) / 2),
                         (-hem_half, length)], 5)
        left = curves.chain((-neck_half, 0), arm, skirt)
        hem = _spline([(-hem_half, length), (0, length + .03), (hem_half, length)], 5)
        neck = _spline([(neck_half, 0), (0, style.uniform(.08, .18)), (-neck_half, 0)], 5)
        if style.parts:
            bodice = curves.chain((-neck_half, 0), arm, (-waist_half, waist_y + .03), (waist_half, waist_y + .03),
                                  curves.mirror(arm)[::-1], (neck_half, 0), neck)
            skirt_outline = curves.chain((-waist_half, waist_y), skirt, hem, curves.mirror(skirt)[::-1])
            strokes = [_outline(bodice[:-1]), _outline(skirt_outline)]
        else:
            strokes = [_outline(curves.chain(left, hem, curves.mirror(left)[::-1], neck)[:-1])]
            if sleeve and style.sleeves == "seam":
                strokes += [_line((-strap_x, 0), (-bust_half, armpit_y)), _line((strap_x, 0), (bust_half, armpit_y))]
    if style.key():  # the waist seam or a belt
        strokes.append(_line((-waist_half, waist_y), (waist_half, waist_y)))
        if style.want(0.5):
            strokes.append(_line((-waist_half, waist_y + .04), (waist_half, waist_y + .04)))
    if style.want(0.5):  # pleats or folds in the skirt
        for x in np.linspace(-.6, .6, int(style.rng.integers(2, 5))):
            strokes.append(_line((waist_half * x, waist_y + .06), (hem_half * x * 1.1, length - .04)))
    if style.want(0.3):  # a bow at the waist
        strokes += [_outline([(0, waist_y), (-.07, waist_y - .04), (-.07, waist_y + .04)], body=False),
                    _outline([(0, waist_y), (.07, waist_y - .04), (.07, waist_y + .04)], body=False)]
    return strokes


# --------------------------------------------------------------------------- shoes (toe at the left)


def _sandal(style: Style) -> list[Stroke]:
    heel = style.uniform(.18, .4) if style.rng.random() < 0.5 else 0.0
    sole_height = style.uniform(.05, .09)   # sole thickness

    def bed(x: float) -> float:
        """Height of the sole's top at x: flat, or rising to the heel after the ball of the foot."""
        rise = min(max((x - .35) / .5, 0), 1)
        return 1 - sole_height - heel * (3 * rise ** 2 - 2 * rise ** 3)

    xs = np.linspace(0, .97, 16)
    top = np.c_[xs, [bed(x) for x in xs]]
    if style.persona.name == "finger":  # a fat finger draws the sole as one stroke, the heel as another
        strokes = [Stroke(top)] + ([_line((.9, bed(.9)), (.9, 1))] if heel else [])
    elif heel:
        bottom = curves.points([(.93, 1 - heel), (.75, 1 - heel + .03), (.4, 1), (0.03, 1)])
        strokes = [_outline(curves.chain(top, bottom)),
                   _outline([(.8, 1 - heel + .02), (.94, 1 - heel), (.92, 1), (.86, 1)])]
    else:
        r = sole_height / 2
        strokes = [_outline(curves.chain(top, _arc(.97, 1 - r, r, r, 270, 450, 5)[1:], (.03, 1),
                                         _arc(.03, 1 - r, r, r, 90, 270, 5)[1:]))]
    ankle = min(bed(.82) - style.uniform(.28, .4), 1 - heel - sole_height - .28)
    kind = str(style.rng.choice(["strappy", "slide", "gladiator", "thong"], p=[.4, .2, .2, .2]))
    if kind == "slide":  # one wide band over the front of the foot
        band = curves.chain(_spline([(.08, bed(.08)), (.28, bed(.28) - .24), (.5, bed(.5))], 6),
                            _spline([(.4, bed(.4)), (.28, bed(.28) - .14), (.16, bed(.16))], 6))
        strokes.append(_outline(band))
        return strokes
    # a toe strap, then what holds the ankle
    strokes.append(Stroke(_spline([(.08, bed(.08)), (.18, bed(.18) - style.uniform(.12, .18)), (.3, bed(.3))], 6)))
    if kind == "thong":
        post = (.2, bed(.2))
        strokes += [_line(post, (.45, bed(.45) - .12)), _line((.45, bed(.45) - .12), (.58, bed(.58)))]
    strokes.append(Stroke(_arc(.8, ankle, .1, .035, 0, 360, 16)[:-1], closed=True))
    strokes.append(_line((.9, ankle), (.93, bed(.93))))   # the heel strap up to the ankle
    if kind == "strappy" or style.key():  # across the instep
        strokes.append(_line((.35, bed(.35)), (.72, ankle + .02)))
    if kind == "gladiator":
        for k in range(1, 4):
            y = ankle + (bed(.8) - ankle) * k / 4
            strokes.append(_line((.66 + .03 * k, y), (.92, y)))
        strokes.append(_line((.7, ankle), (.78, bed(.78))))
    if style.want(0.5):  # the buckle
        strokes.append(_dot(.71, ankle, .025))
    return strokes


def _sneaker(style: Style) -> list[Stroke]:
    sole_height = style.uniform(.08, .14)
    h = style.uniform(.3, .45)
    base = 1 - sole_height
    upper_pts = [(.0, base), (.01, base - h * .3), (.14, base - h * .5), (.4, base - h * .75),
                 (.62, base - h), (.78, base - h * .88), (.93, base - h * .98), (.99, base - h * .45), (.97, base)]
    upper = _spline(upper_pts, 6)
    sole = _rounded(-.02, base, 1.0, 1.0, sole_height * .45)
    if style.child or style.parts:
        strokes = [_outline(upper), _outline(sole)]
    else:
        toe_to_heel = _spline([(.97, 1), (.5, 1.0), (.02, .99)], 5)
        outline = curves.chain(upper, (.99, base + sole_height * .5), toe_to_heel, (-.02, base + sole_height * .4))
        strokes = [_outline(outline)]
        if style.key():  # where the sole meets the upper
            strokes.append(_line((0, base), (.98, base)))
    if style.key():  # laces along the throat
        n = int(style.rng.integers(3, 6))
        for k in range(n):
            x = .3 + .3 * k / n
            y = base - h * (.65 + .3 * k / n)
            strokes.append(_line((x - .05, y + .03), (x + .05, y - .03)))
            if style.fine or style.child:
                strokes.append(_line((x - .05, y - .03), (x + .05, y + .03)))
    if style.want():  # a toe cap
        strokes.append(Stroke(_spline([(.02, base - h * .3), (.15, base - h * .38), (.22, base)], 5)))
    if style.want(0.7):  # stripes or a swoosh on the side
        if style.rng.random() < 0.5:
            strokes.append(Stroke(_spline([(.35, base - .04), (.7, base - h * .3), (.85, base - h * .7)], 6)))
        else:
            strokes += [_line((.45 + .08 * k, base - .02), (.55 + .08 * k, base - h * .7)) for k in range(3)]
    if style.want(0.4):  # a heel tab
        strokes.append(_line((.86, base - h * .9), (.88, base - .05)))
    return strokes


def _ankle_boot(style: Style) -> list[Stroke]:
    sole_height = style.uniform(.05, .09)
    heel = style.uniform(.07, .18) if style.rng.random() < 0.6 else 0.0
    height = style.uniform(.75, 1.05)            # ankle-high to mid-calf
    top = 1 - height
    back = style.uniform(.86, .93)
    front = style.uniform(.42, .52)
    base = 1 - sole_height - heel * .6
    upper_pts = [(.0, base), (.01, base - .14), (.18, base - .25), (front - .04, base - .36),
                 (front, top + .05 * (1 - height)), (front, top)]
    upper = curves.chain(_spline(upper_pts, 6), (back, top), _spline([(back, top), (back - .02, top + height * .45),
                                                                      (.97, base - .08), (.96, base)], 6))
    forefoot = curves.points([(-.02, base), (.62, base), (.6, 1 - heel), (.55, 1), (0, 1)]) if heel else \
        _rounded(-.02, base, .99, 1.0, sole_height * .45)
    block = curves.points([(.72, base), (.97, base), (.96, 1), (.76, 1)]) if heel else None
    if style.child or style.parts:
        strokes = [_outline(upper), _outline(forefoot)] + ([_outline(block)] if heel else [])
    else:
        if heel:
            bottom = curves.points([(.96, 1), (.76, 1), (.72, base + .02), (.6, 1 - heel + .02), (.55, 1), (0, 1),
                                    (-.02, base + .02)])
        else:
            bottom = curves.points([(.98, 1), (0.02, 1), (-.02, base + .03)])
        strokes = [_outline(curves.chain(upper, bottom))]
        if style.key():
            strokes.append(_line((0, base), (.97, base)))
    detail = str(style.rng.choice(["zip", "elastic", "laces", "plain"], p=[.3, .3, .25, .15]))
    if detail == "zip" and style.key():
        x = (front + back) / 2 + .05
        strokes.append(_line((x, top + .04), (x, base - .12)))
        if style.fine:
            strokes += _ticks((x, top + .06), (x, base - .14), .04, 8)
        strokes.append(_dot(x, top + .07, .02))
    elif detail == "elastic" and style.key():
        x = (front + back) / 2 + .02
        strokes += [_line((x - .1, top), (x - .06, base - .2)), _line((x + .1, top), (x + .06, base - .2))]
    elif detail == "laces" and style.key():
        for k in range(4):
            y = top + .1 + k * (base - top - .35) / 4
            strokes.append(_line((front - .02, y), (front + .12, y + .04)))
    if style.want(0.5):  # a pull tab at the back
        strokes.append(Stroke(_arc(back - .03, top, .03, .07, 180, 360, 8)))
    if style.want(0.4):  # a fur or padded collar
        strokes.append(_line((front, top + .07), (back, top + .07)))
    return strokes


# --------------------------------------------------------------------------- bags


def _bag(style: Style) -> list[Stroke]:
    kind = str(style.rng.choice(["tote", "handbag", "backpack", "clutch", "shoulder"], p=[.25, .3, .15, .15, .15]))
    return {"tote": _tote, "handbag": _handbag, "backpack": _backpack, "clutch": _clutch,
            "shoulder": _shoulder_bag}[kind](style)


def _handle(x0, x1, y, height, style: Style, double: bool = False) -> list[Stroke]:
    """An arched handle from x0 to x1 at the bag's top; careful people draw both edges."""
    cx, rx = (x0 + x1) / 2, (x1 - x0) / 2
    strokes = [Stroke(_arc(cx, y, rx, height, 180, 360, 14))]
    if double or (style.fine and style.rng.random() < 0.6):
        strokes.append(Stroke(_arc(cx, y, rx - .04, height - .04, 180, 360, 14)))
    return strokes


def _tote(style: Style) -> list[Stroke]:
    top_half, bottom_half, top = style.uniform(.36, .45), style.uniform(.4, .5), style.uniform(.3, .42)
    strokes = [_outline([(-top_half, top), (top_half, top), (bottom_half, 1), (-bottom_half, 1)])]
    handle_inset = style.uniform(.12, .2)
    strokes += _handle(-top_half + handle_inset, top_half - handle_inset, top, top - style.uniform(0, .05), style)
    if style.want(0.6):  # a second handle behind
        strokes += _handle(-top_half + handle_inset + .06, top_half - handle_inset - .06, top, top - .1, style)[:1]
    if style.want():
        strokes.append(_line((-top_half, top + .08), (top_half, top + .08)))
    if style.want(0.5):
        strokes.append(_outline(rect(-.15, .55, .15, .8), body=False))
    return strokes


def _handbag(style: Style) -> list[Stroke]:
    w, top = style.uniform(.4, .5), style.uniform(.38, .5)
    body = curves.chain((-w * .85, top), (w * .85, top), _spline([(w * .85, top), (w, .8), (w * .8, 1)], 5),
                        _spline([(-w * .8, 1), (-w, .8), (-w * .85, top)], 5))
    strokes = [_outline(body[:-1])]
    strokes += _handle(-w * .5, w * .5, top, top - style.uniform(.0, .08), style)
    if style.key():  # the flap and its clasp
        flap = style.uniform(.15, .3)
        strokes.append(Stroke(_spline([(-w * .85, top + .02), (0, top + flap), (w * .85, top + .02)], 6)))
        strokes.append(_dot(0, top + flap, .035 if not style.fine else .022))
    if style.want(0.4):  # stitching along the bottom
        strokes.append(Stroke(_spline([(-w * .8, .9), (0, .93), (w * .8, .9)], 5)))
    return strokes


def _backpack(style: Style) -> list[Stroke]:
    w = style.uniform(.3, .38)
    strokes = [_outline(_rounded(-w, .12, w, 1, style.uniform(.1, .18)))]
    strokes += _handle(-.1, .1, .12, .09, style)
    if style.key():  # the front pocket
        strokes.append(_outline(_rounded(-w * .7, .55, w * .7, .92, .06), body=False))
    if style.want():  # the zip round the top
        strokes.append(Stroke(_arc(0, .4, w * .85, .22, 180, 360, 12)))
    if style.want(0.6):  # straps showing at the sides
        strokes += [_line((-w, .25), (-w - .06, .8)), _line((w, .25), (w + .06, .8))]
    return strokes


def _clutch(style: Style) -> list[Stroke]:
    w, h = style.uniform(.45, .5), style.uniform(.26, .34)
    strokes = [_outline(_rounded(-w, 1 - h * 2, w, 1, .04))]
    if style.key():  # the flap folding over the front
        strokes.append(Stroke(curves.points([(-w, 1 - h * 2 + .01), (0, 1 - h * .7), (w, 1 - h * 2 + .01)])))
        strokes.append(_dot(0, 1 - h * .7, .03))
    if style.want(0.4):  # a wrist loop
        strokes.append(Stroke(_arc(w - .14, 1 - h * 2, .1, .14, 180, 360, 10)))
    return strokes


def _shoulder_bag(style: Style) -> list[Stroke]:
    w, top = style.uniform(.32, .42), style.uniform(.5, .6)
    strokes = [_outline(_rounded(-w, top, w, 1, .06))]
    strokes.append(Stroke(_spline([(-w + .03, top), (-w * .4, .03), (w * .4, .03), (w - .03, top)], 6)))
    if style.key():  # a flap
        strokes.append(_line((-w, top + .18), (w, top + .18)))
        strokes.append(_dot(0, top + .18, .025))
    return strokes


BUILDERS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)


# --------------------------------------------------------------------------- the hand


def _normalise(strokes: list[Stroke]) -> list[Stroke]:
    """Centred, longest side 1: the hand's wobble and the pen are then relative to the garment."""
    pts = np.vstack([stroke.pts for stroke in strokes])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    scale = 1.0 / max(hi - lo)
    centre = (lo + hi) / 2
    return [Stroke((stroke.pts - centre) * scale, stroke.closed, stroke.body, stroke.dot * scale) for stroke in strokes]


def _tilt(strokes: list[Stroke], degrees: float, mirror: bool) -> list[Stroke]:
    a = math.radians(degrees)
    m = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    if mirror:
        m = m @ np.diag([-1.0, 1.0])
    return [Stroke(stroke.pts @ m.T, stroke.closed, stroke.body, stroke.dot) for stroke in strokes]


def _resample(pts: np.ndarray, closed: bool) -> np.ndarray:
    """Points every STEP along the polyline, so that wobble is applied evenly."""
    if closed:
        pts = np.vstack([pts, pts[:1]])
    along = np.r_[0, np.cumsum(np.hypot(*np.diff(pts, axis=0).T))]
    n = max(2, int(along[-1] / STEP) + 1)
    at = np.linspace(0, along[-1], n)
    out = np.c_[np.interp(at, along, pts[:, 0]), np.interp(at, along, pts[:, 1])]
    return out[:-1] if closed else out


def _shake(n: int, length: float, persona: Persona, rng: np.random.Generator) -> np.ndarray:
    """[n, 2] offsets: a slow drift (a few sine waves along the stroke) plus a smoothed tremor."""
    s = np.linspace(0, length, n)[:, None]
    offsets = np.zeros((n, 2))
    for _ in range(2):
        freq = rng.uniform(0.8, 3.5, size=2)
        phase = rng.uniform(0, 2 * np.pi, size=2)
        offsets += persona.wobble / 2 * np.sin(2 * np.pi * freq * s + phase)
    tremor = rng.normal(0, persona.tremor, size=(n + 2, 2))
    offsets += (tremor[:-2] + 2 * tremor[1:-1] + tremor[2:]) / 2
    return offsets


def _by_hand(stroke: Stroke, style: Style) -> Stroke:
    """One stroke as drawn: resampled, left open or run on past its start, wobbling."""
    rng, persona = style.rng, style.persona
    if stroke.dot:
        return Stroke(stroke.pts + rng.normal(0, persona.tremor, 2), dot=stroke.dot * rng.uniform(.8, 1.2))
    pts = _resample(stroke.pts, stroke.closed)
    closed = stroke.closed
    n = len(pts)
    if closed and n > 8:
        start = int(rng.integers(n))    # people start a loop anywhere
        pts = np.roll(pts, -start, axis=0)
        if not stroke.body or style.fill == "none":
            if rng.random() < persona.gap:
                pts, closed = pts[:n - max(2, int(n * rng.uniform(.03, .08)))], False
            elif rng.random() < persona.overshoot:
                run_on = pts[:max(2, int(n * rng.uniform(.03, .1)))]
                drift = np.linspace(0, 1, len(run_on))[:, None] * rng.normal(0, .015, 2)
                pts, closed = np.vstack([pts, pts[:1], run_on + drift]), False
    shake = _shake(len(pts), len(pts) * STEP, persona, rng)
    if closed:  # a loop meets itself
        shake -= np.linspace(0, 1, len(pts))[:, None] * (shake[-1] - shake[0])
    return Stroke(pts + shake, closed, stroke.body)


# --------------------------------------------------------------------------- paper


def _place(strokes: list[Stroke], style: Style, size: int, margin: float) -> tuple[list[Stroke], float]:
    """Strokes in pixels, at a random size and place on the canvas (clear of a margin), and the pen width."""
    rng = style.rng
    extent = rng.uniform(0.38, 0.86) * size
    pen = max(1.0, rng.uniform(*style.persona.pen) * style.pen_scale * extent)
    pts = np.vstack([np.vstack([stroke.pts - stroke.dot, stroke.pts + stroke.dot]) for stroke in strokes])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    scale = (extent - pen) / max(hi - lo)
    box = (hi - lo) * scale + pen
    corner = np.array([rng.uniform(margin, max(margin, size - margin - box[i])) for i in range(2)])
    shift = corner + pen / 2 - lo * scale
    return [Stroke(stroke.pts * scale + shift, stroke.closed, stroke.body, stroke.dot * scale)
            for stroke in strokes], pen


def _scribble(mask: Image.Image, region: Image.Image, pen: float, rng: np.random.Generator) -> Image.Image:
    """Back-and-forth strokes over the region's box, kept inside the region."""
    box = region.getbbox()
    if box is None:
        return mask
    x0, y0, x1, y1 = box
    gap = pen * rng.uniform(0.9, 1.7)
    slant = rng.uniform(-.6, .6) * (y1 - y0)
    ys = np.arange(y0 - abs(slant), y1 + abs(slant) + gap, gap)
    zig = [(x0 if k % 2 == 0 else x1, y + (slant if k % 2 else 0) + rng.normal(0, gap * .2))
           for k, y in enumerate(ys)]
    layer = Image.new("L", mask.size, 0)
    ImageDraw.Draw(layer).line(zig, fill=255, width=max(1, round(pen)), joint="curve")
    return ImageChops.lighter(mask, ImageChops.multiply(layer, region))


def _ink(draw: ImageDraw.ImageDraw, stroke: Stroke, pen: float, value: int) -> None:
    """One stroke with a round pen: a line with round tips, or a dot."""
    if stroke.dot:
        (x, y), r = stroke.pts[0], max(stroke.dot, pen / 2)  # a dot is never thinner than the pen
        draw.ellipse([x - r, y - r, x + r, y + r], fill=value)
        return
    round_stroke(draw, curves.closed(stroke.pts) if stroke.closed else stroke.pts, pen, value)


def _inside(stroke: Stroke, region: np.ndarray) -> bool:
    """Most of the stroke lies on the coloured-in region."""
    xy = np.clip(stroke.pts.round().astype(int), 0, region.shape[0] - 1)
    return bool((region[xy[:, 1], xy[:, 0]] > 0).mean() > 0.6)


def _render(strokes: list[Stroke], style: Style, size: int) -> Image.Image:
    # 4 px clear: the outermost 2 px stay paper even after antialiasing and fat pen tips
    strokes, pen = _place(strokes, style, size * SUPERSAMPLE, margin=4.0 * SUPERSAMPLE)
    mask = Image.new("L", (size * SUPERSAMPLE,) * 2, 0)
    bodies = [stroke for stroke in strokes if stroke.body and stroke.closed and style.fill != "none"]
    if bodies:  # the colouring-in comes first; the outline is drawn over it
        region = Image.new("L", mask.size, 0)
        for stroke in bodies:
            ImageDraw.Draw(region).polygon([tuple(p) for p in stroke.pts], fill=255)
        mask = region.copy() if style.fill == "solid" else _scribble(mask, region, pen, style.rng)
        if style.fill == "solid":  # details on a solid fill are left as paper, like white seams
            on_fill = np.asarray(region)
            details = [stroke for stroke in strokes if not stroke.body and _inside(stroke, on_fill)]
            for stroke in details:
                _ink(ImageDraw.Draw(mask), stroke, pen, 0)
            strokes = [stroke for stroke in strokes if not any(stroke is d for d in details)]
    draw = ImageDraw.Draw(mask)
    for stroke in strokes:
        _ink(draw, stroke, pen, 255)
    mask = mask.reduce(SUPERSAMPLE)
    ink = INKS[style.rng.integers(len(INKS))]
    return Image.composite(Image.new("RGB", mask.size, ink), Image.new("RGB", mask.size, (255, 255, 255)), mask)


# --------------------------------------------------------------------------- the API


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One garment of class ``label`` as one person draws it: RGB, ink on white paper."""
    label = check_label(label)
    style = _style(rng)
    style.pen_scale = 0.8 if int(label) in SHOES else 1.0
    strokes = _normalise(BUILDERS[int(label)](style))
    mirror = int(label) in SHOES and rng.random() < 0.4
    strokes = _tilt(strokes, rng.uniform(-1, 1) * style.persona.tilt, mirror)
    strokes = [_by_hand(stroke, style) for stroke in strokes]
    return _render(strokes, style, size)
