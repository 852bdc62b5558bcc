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

from nin.lab.families.canvas import SIZE, check_label

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

    def u(self, lo: float, hi: float) -> float:
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


def _a(points) -> np.ndarray:
    return np.asarray(points, dtype=float).reshape(-1, 2)


def _path(*pieces) -> np.ndarray:
    """Pieces (points or point arrays) joined into one polyline, repeated joints dropped."""
    pts = np.vstack([_a(p) for p in pieces])
    keep = np.r_[True, np.any(np.abs(np.diff(pts, axis=0)) > 1e-9, axis=1)]
    return pts[keep]


def _mx(points) -> np.ndarray:
    """Mirrored left-right about x = 0: garments are drawn symmetric, from one half."""
    pts = _a(points).copy()
    pts[:, 0] *= -1
    return pts


def _spline(points, n: int = 8, closed: bool = False) -> np.ndarray:
    """A Catmull-Rom curve through the points: the smooth curves a hand makes."""
    p = _a(points)
    p = np.vstack([p[-1:], p, p[:2]]) if closed else np.vstack([p[:1], p, p[-1:]])
    t = np.linspace(0, 1, n, endpoint=False)[:, None]
    segments = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1:i + 3]
        segments.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                               + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
    out = np.vstack(segments)
    return out if closed else np.vstack([out, p[-2:-1]])


def _arc(cx, cy, rx, ry, a0, a1, n: int = 14) -> np.ndarray:
    """An elliptic arc; angles in degrees, y down (180 -> 360 runs over the top)."""
    a = np.radians(np.linspace(a0, a1, n))
    return np.c_[cx + rx * np.cos(a), cy + ry * np.sin(a)]


def _rect(x0, y0, x1, y1) -> np.ndarray:
    return _a([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def _rounded(x0, y0, x1, y1, r) -> np.ndarray:
    """A rectangle with round corners (a closed outline)."""
    return _path(_arc(x1 - r, y0 + r, r, r, 270, 360, 5), _arc(x1 - r, y1 - r, r, r, 0, 90, 5),
                 _arc(x0 + r, y1 - r, r, r, 90, 180, 5), _arc(x0 + r, y0 + r, r, r, 180, 270, 5))


def _line(*points) -> Stroke:
    return Stroke(_a(points))


def _outline(points, body: bool = True) -> Stroke:
    return Stroke(_a(points), closed=True, body=body)


def _dot(x, y, r) -> Stroke:
    return Stroke(_a([(x, y)]), dot=r)


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
    bw: float   # half body width
    length: float
    flare: float
    nw: float   # half neck width
    nd: float   # neckline depth
    v: bool     # V neck (straight lines) instead of a round one
    shoulder: np.ndarray   # left shoulder point
    cuff: np.ndarray       # the left sleeve's opening, outer then inner corner
    armpit: np.ndarray
    axis: np.ndarray       # the sleeve's direction
    sleeve: float          # sleeve length


def _top_shape(kind: str, s: Style, short: bool = False) -> TopShape:
    bw, length, flare, sl, angle, opening, armhole = TOP_SHAPES[kind]
    if short:  # a short-sleeved shirt
        sl, angle, opening, armhole = TOP_SHAPES["tshirt"][3:]
    bw, length, flare = s.u(*bw), s.u(*length), s.u(*flare)
    sl, a, opening = s.u(*sl), math.radians(s.u(*angle)), s.u(*opening)
    nw = s.u(.08, .12)
    v = kind == "coat" or (kind in ("tshirt", "pullover") and s.rng.random() < 0.25)
    nd = {"coat": s.u(.25, .4), "shirt": s.u(.02, .05)}.get(kind, s.u(.14, .22) if v else s.u(.05, .1))
    shoulder = np.array([-bw, s.u(.02, .06)])
    axis = np.array([-math.cos(a), math.sin(a)])
    normal = np.array([math.sin(a), math.cos(a)])
    outer = shoulder + sl * axis
    cuff = np.vstack([outer, outer + opening * normal])
    armpit = np.array([-bw, shoulder[1] + s.u(*armhole)])
    return TopShape(bw, length, flare, nw, nd, v, shoulder, cuff, armpit, axis, sl)


def _neckline(t: TopShape, depth: float | None = None) -> np.ndarray:
    """From the right neck point down to the front and back up to the left one."""
    d = t.nd if depth is None else depth
    if t.v:
        return _a([(t.nw, 0), (0, d), (-t.nw, 0)])
    return _spline([(t.nw, 0), (t.nw * .6, d * .85), (0, d), (-t.nw * .6, d * .85), (-t.nw, 0)], 5)


def _hem(t: TopShape, curved: bool) -> np.ndarray:
    x = t.bw * t.flare
    if curved:  # a shirt's tail: lower in the middle than at the sides
        return _spline([(-x, t.length - .04), (-x * .5, t.length + .02), (0, t.length + .04),
                        (x * .5, t.length + .02), (x, t.length - .04)], 5)
    return _a([(-x, t.length), (x, t.length)])


def _top_strokes(t: TopShape, s: Style, curved_hem: bool = False) -> list[Stroke]:
    """The silhouette of a top, as this person splits it into strokes."""
    neck = _neckline(t)
    hem = _hem(t, curved_hem)
    if s.sleeves in ("shape", "seam"):
        left = _path((-t.nw, 0), t.shoulder, t.cuff, t.armpit)
        contour = _path(left, hem, _mx(left)[::-1], neck)
        strokes = [_outline(contour[:-1])]
        if s.sleeves == "seam":
            strokes += [_line(t.shoulder, t.armpit), _line(_mx(t.shoulder), _mx(t.armpit))]
        return strokes
    body = _outline(_path((-t.nw, 0), t.shoulder, hem, _mx(t.shoulder), neck)[:-1])
    if s.sleeves == "line":  # each sleeve a single stroke along its middle
        start = (t.shoulder + t.armpit) / 2
        end = start + t.axis * t.sleeve
        return [body, _line(start, end), _line(_mx(start), _mx(end))]
    inset = np.array([.015, 0])  # a separate sleeve shape overlaps the body a little
    sleeve = _path(t.shoulder + inset, t.cuff, t.armpit + inset)
    return [body, _outline(sleeve), _outline(_mx(sleeve))]


def _child_top(t: TopShape, s: Style, long_arms: bool, head: bool = True) -> list[Stroke]:
    """A box for the body, a circle for the head (unless a collar is drawn), arms as sticks or boxes."""
    x = t.bw * t.flare
    strokes = [_outline([(-t.bw, 0), (t.bw, 0), (x, t.length), (-x, t.length)])]
    if head:
        strokes.append(_ring(0, 0.01, t.nw * 1.1, t.nw * .8))
    start = np.array([-t.bw, t.shoulder[1] + .05])
    if long_arms or s.rng.random() < 0.5:
        end = start + t.axis * t.sleeve
        return strokes + [_line(start, end), _line(_mx(start), _mx(end))]
    sleeve = _path(t.shoulder, t.cuff, t.armpit)
    return strokes + [_outline(sleeve), _outline(_mx(sleeve))]


def _cuff_band(t: TopShape, s: Style, inset: float) -> list[Stroke]:
    """A line across each sleeve near its opening (cuffs, ribbing), with ribs for the careful."""
    a, b = t.cuff - t.axis * inset
    strokes = [_line(a, b), _line(_mx([a])[0], _mx([b])[0])]
    if s.fine:
        mid = (t.cuff[0] + t.cuff[1]) / 2 - t.axis * inset / 2
        strokes += _ticks(mid - (b - a) / 2, mid + (b - a) / 2, inset, 4)
        strokes += _ticks(_mx([mid - (b - a) / 2])[0], _mx([mid + (b - a) / 2])[0], inset, 4)
    return strokes


def _tshirt(s: Style) -> list[Stroke]:
    t = _top_shape("tshirt", s)
    if s.child:
        strokes = _child_top(t, s, long_arms=False)
    elif s.rng.random() < 0.15:  # a tank top: straps and deep armholes, no sleeves
        strokes = [_tank(t)]
    else:
        strokes = _top_strokes(t, s)
        if s.want(0.7):
            strokes.append(Stroke(_neckline(t, t.nd + .035)))  # the ribbed neckband
        if s.want(0.5) and s.sleeves != "line":
            strokes += _cuff_band(t, s, 0.04)[:2]  # a sleeve hem: the lines, no ribs
    if s.want(0.4):  # a print on the chest
        if s.rng.random() < 0.5:
            strokes.append(_ring(0, t.length * .45, .08))
        else:
            strokes.append(_outline(_rect(-t.bw * .75, .25, -t.bw * .3, .38), body=False))
    return strokes


def _tank(t: TopShape) -> Stroke:
    strap = t.nw + .06
    left = _path((-t.nw, 0), (-strap, 0),
                 _spline([(-strap, 0), (-strap - .03, .15), (-t.bw, .3)], 5), (-t.bw * t.flare, t.length))
    return _outline(_path(left, _mx(left)[::-1], _neckline(t, t.nd + .12))[:-1])


def _pullover(s: Style) -> list[Stroke]:
    t = _top_shape("pullover", s)
    strokes = _child_top(t, s, long_arms=True) if s.child else _top_strokes(t, s)
    if s.child and s.rng.random() < 0.4:  # stripes across the jumper
        strokes += [_line((-t.bw, y), (t.bw, y)) for y in np.linspace(.3, t.length - .15, 3)]
    if s.key() and s.sleeves != "line" and not s.child:
        strokes += _cuff_band(t, s, 0.07)
    if s.key():
        y = t.length - .07
        x = t.bw * (t.flare + (1 - t.flare) * .1)
        strokes.append(_line((-x, y), (x, y)))
        if s.fine:
            strokes += _ticks((-x, y + .035), (x, y + .035), .07, 9)
    if s.want(0.8) and not s.child:
        strokes.append(Stroke(_neckline(t, t.nd + .04)))
    return strokes


def _shirt(s: Style) -> list[Stroke]:
    t = _top_shape("shirt", s, short=s.rng.random() < 0.2)
    if s.child:
        strokes = _child_top(t, s, long_arms=True, head=False)
    else:
        strokes = _top_strokes(t, s, curved_hem=True)
    if s.key() or s.child:  # the collar: two pointed wings
        tip = s.u(.13, .18)
        wing = _a([(-t.nw - .01, 0), (-t.nw * .6, tip), (0, t.nd + .06)])
        strokes += [Stroke(wing), Stroke(_mx(wing))]
        if s.child:
            strokes.append(_line((-t.nw - .01, 0), (t.nw + .01, 0)))
    if s.key():  # the placket and its buttons
        strokes.append(_line((0, t.nd + .06), (0, t.length - .02)))
        r = .035 if s.child else (.012 if s.fine else .02)
        strokes += [_dot(.035, y, r) for y in np.linspace(t.nd + .14, t.length - .1, int(s.rng.integers(4, 7)))]
    if s.want(0.7):  # a chest pocket
        strokes.append(_outline(_rect(-t.bw * .8, .24, -t.bw * .35, .38), body=False))
    if s.want(0.6) and s.sleeves in ("shape", "seam", "parts") and not s.child:
        strokes += _cuff_band(t, s, 0.05)[:2]  # the cuffs: lines, no ribs
    return strokes


def _coat(s: Style) -> list[Stroke]:
    t = _top_shape("coat", s)
    strokes = _child_top(t, s, long_arms=True, head=False) if s.child else _top_strokes(t, s)
    if s.key() or s.child:  # lapels: a notch out from the neck, folding back to the V
        lapel = _a([(-t.nw, 0), (-t.nw - s.u(.04, .08), t.nd * .5), (0, t.nd)])
        strokes += [Stroke(lapel), Stroke(_mx(lapel))]
    if s.key():  # the open front, down to the hem
        strokes.append(_line((0, t.nd), (0, t.length)))
    if s.key() or s.child:  # buttons: one row beside the opening, or two
        r = .045 if s.child else (.014 if s.fine else .022)
        ys = np.linspace(t.nd + .08, t.length * .62, int(s.rng.integers(2, 5)))
        xs = (-.07, .07) if s.rng.random() < 0.3 else (.05,)
        strokes += [_dot(x, y, r) for x in xs for y in ys]
    if s.want(0.8):  # pocket flaps
        y = t.length * s.u(.6, .7)
        for side in (-1, 1):
            strokes.append(_line((side * t.bw * .3, y), (side * t.bw * .8, y - .02 * side)))
    if s.want(0.4):  # a belt with its buckle
        y = t.length * s.u(.38, .45)
        x = t.bw * (1 + (t.flare - 1) * .4)
        strokes += [_line((-x, y), (x, y)), _line((-x, y + .06), (x, y + .06)),
                    _outline(_rect(-.05, y - .01, .05, y + .07), body=False)]
    return strokes


# --------------------------------------------------------------------------- bottoms, dresses


def _trouser(s: Style) -> list[Stroke]:
    ww = s.u(.2, .28)                            # half waist
    cropped = s.rng.random() < 0.2               # short, wide trousers
    length = s.u(.5, .65) if cropped else s.u(.8, 1.0)
    cut = s.rng.choice(["straight", "flared", "skinny"], p=[.5, .25, .25])
    ho = ww * {"straight": s.u(.95, 1.05), "flared": s.u(1.1, 1.35), "skinny": s.u(.8, .9)}[str(cut)]
    if cropped:
        ho = ww * s.u(1.1, 1.4)
    leg = ho * s.u(.42, .48) if cropped or cut == "flared" else ho * s.u(.38, .45)
    crotch = s.u(.22, .32) * (0.75 if cropped else 1.0)
    band = .07
    if s.child or s.parts:
        strokes = [_outline(_rect(-ww, 0, ww, band))]
        left = _a([(-ww, band - .02), (.01, band - .02), (-ho + leg, length), (-ho, length)])
        strokes += [_outline(left), _outline(_mx(left))]
    else:
        hip = _spline([(-ww, 0), (-ww * 1.04 - .01, crotch * .6), (-ho, length)], 5)
        left = _path(hip, (-ho + leg, length), (0, crotch))
        strokes = [_outline(_path(left, _mx(left)[::-1])[:-1])]
        if s.key():
            strokes.append(_line((-ww * 1.01, band), (ww * 1.01, band)))
    if s.key():  # the fly
        strokes.append(Stroke(_spline([(0, band), (.005, crotch * .7), (.04, crotch * .85)], 4)))
    if s.want():  # slanted pockets
        strokes += [_line((-ww * .75, band), (-ww * 1.0, band + .12)), _line((ww * .75, band), (ww * 1.0, band + .12))]
    if s.want(0.6):  # creases down the legs
        mid = ho - leg / 2
        strokes += [_line((-ww * .5, crotch), (-mid, length - .05)), _line((ww * .5, crotch), (mid, length - .05))]
    if s.want(0.4):  # belt loops
        strokes += [_line((x, 0), (x, band)) for x in (-ww * .6, 0.0, ww * .6)]
    return strokes


def _dress(s: Style) -> list[Stroke]:
    sw = s.u(.12, .17)                      # strap's outer edge at the shoulder
    nw = sw - s.u(.03, .06)
    bw, ah = s.u(.15, .2), s.u(.12, .2)     # bust and armpit
    ww, wy = s.u(.1, .14), s.u(.3, .4)      # waist
    cut = str(s.rng.choice(["mini", "knee", "long"]))
    length = {"mini": s.u(.6, .75), "knee": s.u(.8, .95), "long": s.u(1.05, 1.3)}[cut]
    shape = str(s.rng.choice(["a-line", "straight", "full"], p=[.5, .25, .25]))
    hw = {"a-line": s.u(.26, .36), "straight": s.u(.17, .21), "full": s.u(.36, .46)}[shape] * (length / .9) ** .5
    if shape == "straight":
        hw = max(hw, bw + .02)
    if s.child:  # a triangle skirt under a box, with straps
        strokes = [_outline(_rect(-bw, ah * .6, bw, wy)), _outline([(-ww, wy), (ww, wy), (hw, length), (-hw, length)]),
                   _line((-bw * .8, ah * .6), (-sw, 0)), _line((bw * .8, ah * .6), (sw, 0))]
    else:
        sleeve = s.rng.random() < 0.25  # little cap sleeves
        arm = [(-sw, 0), (-bw - .07, .06), (-bw - .04, ah * .8), (-bw, ah)] if sleeve else \
            _spline([(-sw, 0), (-sw - .03, ah * .6), (-bw, ah)], 4)
        skirt = _spline([(-ww, wy), (-(ww + hw) / 2 - .02, (wy + length) / 2), (-hw, length)], 5)
        left = _path((-nw, 0), arm, skirt)
        hem = _spline([(-hw, length), (0, length + .03), (hw, length)], 5)
        neck = _spline([(nw, 0), (0, s.u(.08, .18)), (-nw, 0)], 5)
        if s.parts:
            bodice = _path((-nw, 0), arm, (-ww, wy + .03), (ww, wy + .03), _mx(arm)[::-1], (nw, 0), neck)
            strokes = [_outline(bodice[:-1]), _outline(_path((-ww, wy), skirt, hem, _mx(skirt)[::-1]))]
        else:
            strokes = [_outline(_path(left, hem, _mx(left)[::-1], neck)[:-1])]
            if sleeve and s.sleeves == "seam":
                strokes += [_line((-sw, 0), (-bw, ah)), _line((sw, 0), (bw, ah))]
    if s.key():  # the waist seam or a belt
        strokes.append(_line((-ww, wy), (ww, wy)))
        if s.want(0.5):
            strokes.append(_line((-ww, wy + .04), (ww, wy + .04)))
    if s.want(0.5):  # pleats or folds in the skirt
        for x in np.linspace(-.6, .6, int(s.rng.integers(2, 5))):
            strokes.append(_line((ww * x, wy + .06), (hw * x * 1.1, length - .04)))
    if s.want(0.3):  # a bow at the waist
        strokes += [_outline([(0, wy), (-.07, wy - .04), (-.07, wy + .04)], body=False),
                    _outline([(0, wy), (.07, wy - .04), (.07, wy + .04)], body=False)]
    return strokes


# --------------------------------------------------------------------------- shoes (toe at the left)


def _sandal(s: Style) -> list[Stroke]:
    heel = s.u(.18, .4) if s.rng.random() < 0.5 else 0.0
    t = s.u(.05, .09)   # sole thickness

    def bed(x: float) -> float:
        """Height of the sole's top at x: flat, or rising to the heel after the ball of the foot."""
        rise = min(max((x - .35) / .5, 0), 1)
        return 1 - t - heel * (3 * rise ** 2 - 2 * rise ** 3)

    xs = np.linspace(0, .97, 16)
    top = np.c_[xs, [bed(x) for x in xs]]
    if s.persona.name == "finger":  # a fat finger draws the sole as one stroke, the heel as another
        strokes = [Stroke(top)] + ([_line((.9, bed(.9)), (.9, 1))] if heel else [])
    elif heel:
        bottom = _a([(.93, 1 - heel), (.75, 1 - heel + .03), (.4, 1), (0.03, 1)])
        strokes = [_outline(_path(top, bottom)),
                   _outline([(.8, 1 - heel + .02), (.94, 1 - heel), (.92, 1), (.86, 1)])]
    else:
        strokes = [_outline(_path(top, _arc(.97, 1 - t / 2, t / 2, t / 2, 270, 450, 5)[1:], (.03, 1),
                                  _arc(.03, 1 - t / 2, t / 2, t / 2, 90, 270, 5)[1:]))]
    ankle = min(bed(.82) - s.u(.28, .4), 1 - heel - t - .28)
    kind = str(s.rng.choice(["strappy", "slide", "gladiator", "thong"], p=[.4, .2, .2, .2]))
    if kind == "slide":  # one wide band over the front of the foot
        band = _path(_spline([(.08, bed(.08)), (.28, bed(.28) - .24), (.5, bed(.5))], 6),
                     _spline([(.4, bed(.4)), (.28, bed(.28) - .14), (.16, bed(.16))], 6))
        strokes.append(_outline(band))
        return strokes
    # a toe strap, then what holds the ankle
    strokes.append(Stroke(_spline([(.08, bed(.08)), (.18, bed(.18) - s.u(.12, .18)), (.3, bed(.3))], 6)))
    if kind == "thong":
        post = (.2, bed(.2))
        strokes += [_line(post, (.45, bed(.45) - .12)), _line((.45, bed(.45) - .12), (.58, bed(.58)))]
    strokes.append(Stroke(_arc(.8, ankle, .1, .035, 0, 360, 16)[:-1], closed=True))
    strokes.append(_line((.9, ankle), (.93, bed(.93))))   # the heel strap up to the ankle
    if kind == "strappy" or s.key():  # across the instep
        strokes.append(_line((.35, bed(.35)), (.72, ankle + .02)))
    if kind == "gladiator":
        for k in range(1, 4):
            y = ankle + (bed(.8) - ankle) * k / 4
            strokes.append(_line((.66 + .03 * k, y), (.92, y)))
        strokes.append(_line((.7, ankle), (.78, bed(.78))))
    if s.want(0.5):  # the buckle
        strokes.append(_dot(.71, ankle, .025))
    return strokes


def _sneaker(s: Style) -> list[Stroke]:
    t = s.u(.08, .14)
    h = s.u(.3, .45)
    base = 1 - t
    upper_pts = [(.0, base), (.01, base - h * .3), (.14, base - h * .5), (.4, base - h * .75),
                 (.62, base - h), (.78, base - h * .88), (.93, base - h * .98), (.99, base - h * .45), (.97, base)]
    upper = _spline(upper_pts, 6)
    sole = _rounded(-.02, base, 1.0, 1.0, t * .45)
    if s.child or s.parts:
        strokes = [_outline(upper), _outline(sole)]
    else:
        strokes = [_outline(_path(upper, (.99, base + t * .5), _spline([(.97, 1), (.5, 1.0), (.02, .99)], 5),
                                  (-.02, base + t * .4)))]
        if s.key():  # where the sole meets the upper
            strokes.append(_line((0, base), (.98, base)))
    if s.key():  # laces along the throat
        n = int(s.rng.integers(3, 6))
        for k in range(n):
            x = .3 + .3 * k / n
            y = base - h * (.65 + .3 * k / n)
            strokes.append(_line((x - .05, y + .03), (x + .05, y - .03)))
            if s.fine or s.child:
                strokes.append(_line((x - .05, y - .03), (x + .05, y + .03)))
    if s.want():  # a toe cap
        strokes.append(Stroke(_spline([(.02, base - h * .3), (.15, base - h * .38), (.22, base)], 5)))
    if s.want(0.7):  # stripes or a swoosh on the side
        if s.rng.random() < 0.5:
            strokes.append(Stroke(_spline([(.35, base - .04), (.7, base - h * .3), (.85, base - h * .7)], 6)))
        else:
            strokes += [_line((.45 + .08 * k, base - .02), (.55 + .08 * k, base - h * .7)) for k in range(3)]
    if s.want(0.4):  # a heel tab
        strokes.append(_line((.86, base - h * .9), (.88, base - .05)))
    return strokes


def _ankle_boot(s: Style) -> list[Stroke]:
    t = s.u(.05, .09)
    heel = s.u(.07, .18) if s.rng.random() < 0.6 else 0.0
    height = s.u(.75, 1.05)            # ankle-high to mid-calf
    top = 1 - height
    back = s.u(.86, .93)
    front = s.u(.42, .52)
    base = 1 - t - heel * .6
    upper_pts = [(.0, base), (.01, base - .14), (.18, base - .25), (front - .04, base - .36),
                 (front, top + .05 * (1 - height)), (front, top)]
    upper = _path(_spline(upper_pts, 6), (back, top), _spline([(back, top), (back - .02, top + height * .45),
                                                                (.97, base - .08), (.96, base)], 6))
    forefoot = _a([(-.02, base), (.62, base), (.6, 1 - heel), (.55, 1), (0, 1)]) if heel else \
        _rounded(-.02, base, .99, 1.0, t * .45)
    block = _a([(.72, base), (.97, base), (.96, 1), (.76, 1)]) if heel else None
    if s.child or s.parts:
        strokes = [_outline(upper), _outline(forefoot)] + ([_outline(block)] if heel else [])
    else:
        if heel:
            bottom = _a([(.96, 1), (.76, 1), (.72, base + .02), (.6, 1 - heel + .02), (.55, 1), (0, 1),
                         (-.02, base + .02)])
        else:
            bottom = _a([(.98, 1), (0.02, 1), (-.02, base + .03)])
        strokes = [_outline(_path(upper, bottom))]
        if s.key():
            strokes.append(_line((0, base), (.97, base)))
    detail = str(s.rng.choice(["zip", "elastic", "laces", "plain"], p=[.3, .3, .25, .15]))
    if detail == "zip" and s.key():
        x = (front + back) / 2 + .05
        strokes.append(_line((x, top + .04), (x, base - .12)))
        if s.fine:
            strokes += _ticks((x, top + .06), (x, base - .14), .04, 8)
        strokes.append(_dot(x, top + .07, .02))
    elif detail == "elastic" and s.key():
        x = (front + back) / 2 + .02
        strokes += [_line((x - .1, top), (x - .06, base - .2)), _line((x + .1, top), (x + .06, base - .2))]
    elif detail == "laces" and s.key():
        for k in range(4):
            y = top + .1 + k * (base - top - .35) / 4
            strokes.append(_line((front - .02, y), (front + .12, y + .04)))
    if s.want(0.5):  # a pull tab at the back
        strokes.append(Stroke(_arc(back - .03, top, .03, .07, 180, 360, 8)))
    if s.want(0.4):  # a fur or padded collar
        strokes.append(_line((front, top + .07), (back, top + .07)))
    return strokes


# --------------------------------------------------------------------------- bags


def _bag(s: Style) -> list[Stroke]:
    kind = str(s.rng.choice(["tote", "handbag", "backpack", "clutch", "shoulder"], p=[.25, .3, .15, .15, .15]))
    return {"tote": _tote, "handbag": _handbag, "backpack": _backpack, "clutch": _clutch,
            "shoulder": _shoulder_bag}[kind](s)


def _handle(x0, x1, y, height, s: Style, double: bool = False) -> list[Stroke]:
    """An arched handle from x0 to x1 at the bag's top; careful people draw both edges."""
    cx, rx = (x0 + x1) / 2, (x1 - x0) / 2
    strokes = [Stroke(_arc(cx, y, rx, height, 180, 360, 14))]
    if double or (s.fine and s.rng.random() < 0.6):
        strokes.append(Stroke(_arc(cx, y, rx - .04, height - .04, 180, 360, 14)))
    return strokes


def _tote(s: Style) -> list[Stroke]:
    tw, bw, top = s.u(.36, .45), s.u(.4, .5), s.u(.3, .42)
    strokes = [_outline([(-tw, top), (tw, top), (bw, 1), (-bw, 1)])]
    hx = s.u(.12, .2)
    strokes += _handle(-tw + hx, tw - hx, top, top - s.u(0, .05), s)
    if s.want(0.6):  # a second handle behind
        strokes += _handle(-tw + hx + .06, tw - hx - .06, top, top - .1, s)[:1]
    if s.want():
        strokes.append(_line((-tw, top + .08), (tw, top + .08)))
    if s.want(0.5):
        strokes.append(_outline(_rect(-.15, .55, .15, .8), body=False))
    return strokes


def _handbag(s: Style) -> list[Stroke]:
    w, top = s.u(.4, .5), s.u(.38, .5)
    body = _path((-w * .85, top), (w * .85, top), _spline([(w * .85, top), (w, .8), (w * .8, 1)], 5),
                 _spline([(-w * .8, 1), (-w, .8), (-w * .85, top)], 5))
    strokes = [_outline(body[:-1])]
    strokes += _handle(-w * .5, w * .5, top, top - s.u(.0, .08), s)
    if s.key():  # the flap and its clasp
        flap = s.u(.15, .3)
        strokes.append(Stroke(_spline([(-w * .85, top + .02), (0, top + flap), (w * .85, top + .02)], 6)))
        strokes.append(_dot(0, top + flap, .035 if not s.fine else .022))
    if s.want(0.4):  # stitching along the bottom
        strokes.append(Stroke(_spline([(-w * .8, .9), (0, .93), (w * .8, .9)], 5)))
    return strokes


def _backpack(s: Style) -> list[Stroke]:
    w = s.u(.3, .38)
    strokes = [_outline(_rounded(-w, .12, w, 1, s.u(.1, .18)))]
    strokes += _handle(-.1, .1, .12, .09, s)
    if s.key():  # the front pocket
        strokes.append(_outline(_rounded(-w * .7, .55, w * .7, .92, .06), body=False))
    if s.want():  # the zip round the top
        strokes.append(Stroke(_arc(0, .4, w * .85, .22, 180, 360, 12)))
    if s.want(0.6):  # straps showing at the sides
        strokes += [_line((-w, .25), (-w - .06, .8)), _line((w, .25), (w + .06, .8))]
    return strokes


def _clutch(s: Style) -> list[Stroke]:
    w, h = s.u(.45, .5), s.u(.26, .34)
    strokes = [_outline(_rounded(-w, 1 - h * 2, w, 1, .04))]
    if s.key():  # the flap folding over the front
        strokes.append(Stroke(_a([(-w, 1 - h * 2 + .01), (0, 1 - h * .7), (w, 1 - h * 2 + .01)])))
        strokes.append(_dot(0, 1 - h * .7, .03))
    if s.want(0.4):  # a wrist loop
        strokes.append(Stroke(_arc(w - .14, 1 - h * 2, .1, .14, 180, 360, 10)))
    return strokes


def _shoulder_bag(s: Style) -> list[Stroke]:
    w, top = s.u(.32, .42), s.u(.5, .6)
    strokes = [_outline(_rounded(-w, top, w, 1, .06))]
    strokes.append(Stroke(_spline([(-w + .03, top), (-w * .4, .03), (w * .4, .03), (w - .03, top)], 6)))
    if s.key():  # a flap
        strokes.append(_line((-w, top + .18), (w, top + .18)))
        strokes.append(_dot(0, top + .18, .025))
    return strokes


BUILDERS = (_tshirt, _trouser, _pullover, _dress, _coat, _sandal, _shirt, _sneaker, _bag, _ankle_boot)
SIDE_VIEW = (5, 7, 9)   # shoes: people draw them pointing either way


# --------------------------------------------------------------------------- the hand


def _normalise(strokes: list[Stroke]) -> list[Stroke]:
    """Centred, longest side 1: the hand's wobble and the pen are then relative to the garment."""
    pts = np.vstack([st.pts for st in strokes])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    scale = 1.0 / max(hi - lo)
    centre = (lo + hi) / 2
    return [Stroke((st.pts - centre) * scale, st.closed, st.body, st.dot * scale) for st in strokes]


def _tilt(strokes: list[Stroke], degrees: float, mirror: bool) -> list[Stroke]:
    a = math.radians(degrees)
    m = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    if mirror:
        m = m @ np.diag([-1.0, 1.0])
    return [Stroke(st.pts @ m.T, st.closed, st.body, st.dot) for st in strokes]


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


def _by_hand(st: Stroke, style: Style) -> Stroke:
    """One stroke as drawn: resampled, left open or run on past its start, wobbling."""
    rng, persona = style.rng, style.persona
    if st.dot:
        return Stroke(st.pts + rng.normal(0, persona.tremor, 2), dot=st.dot * rng.uniform(.8, 1.2))
    pts = _resample(st.pts, st.closed)
    closed = st.closed
    n = len(pts)
    if closed and n > 8:
        start = int(rng.integers(n))    # people start a loop anywhere
        pts = np.roll(pts, -start, axis=0)
        if not st.body or style.fill == "none":
            if rng.random() < persona.gap:
                pts, closed = pts[:n - max(2, int(n * rng.uniform(.03, .08)))], False
            elif rng.random() < persona.overshoot:
                run_on = pts[:max(2, int(n * rng.uniform(.03, .1)))]
                drift = np.linspace(0, 1, len(run_on))[:, None] * rng.normal(0, .015, 2)
                pts, closed = np.vstack([pts, pts[:1], run_on + drift]), False
    shake = _shake(len(pts), len(pts) * STEP, persona, rng)
    if closed:  # a loop meets itself
        shake -= np.linspace(0, 1, len(pts))[:, None] * (shake[-1] - shake[0])
    return Stroke(pts + shake, closed, st.body)


# --------------------------------------------------------------------------- paper


def _place(strokes: list[Stroke], style: Style, size: int, margin: float) -> tuple[list[Stroke], float]:
    """Strokes in pixels, at a random size and place on the canvas (clear of a margin), and the pen width."""
    rng = style.rng
    extent = rng.uniform(0.38, 0.86) * size
    pen = max(1.0, rng.uniform(*style.persona.pen) * style.pen_scale * extent)
    pts = np.vstack([np.vstack([st.pts - st.dot, st.pts + st.dot]) for st in strokes])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    scale = (extent - pen) / max(hi - lo)
    box = (hi - lo) * scale + pen
    corner = np.array([rng.uniform(margin, max(margin, size - margin - box[i])) for i in range(2)])
    shift = corner + pen / 2 - lo * scale
    return [Stroke(st.pts * scale + shift, st.closed, st.body, st.dot * scale) for st in strokes], pen


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


def _ink(draw: ImageDraw.ImageDraw, st: Stroke, pen: float, value: int) -> None:
    """One stroke with a round pen: a line with round tips, or a dot."""
    if st.dot:
        (x, y), r = st.pts[0], max(st.dot, pen / 2)  # a dot is never thinner than the pen
        draw.ellipse([x - r, y - r, x + r, y + r], fill=value)
        return
    pts = np.vstack([st.pts, st.pts[:1]]) if st.closed else st.pts
    draw.line([tuple(p) for p in pts], fill=value, width=max(1, round(pen)), joint="curve")
    for x, y in (pts[0], pts[-1]):
        draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=value)


def _inside(st: Stroke, region: np.ndarray) -> bool:
    """Most of the stroke lies on the coloured-in region."""
    xy = np.clip(st.pts.round().astype(int), 0, region.shape[0] - 1)
    return bool((region[xy[:, 1], xy[:, 0]] > 0).mean() > 0.6)


def _render(strokes: list[Stroke], style: Style, size: int) -> Image.Image:
    # 4 px clear: the outermost 2 px stay paper even after antialiasing and fat pen tips
    strokes, pen = _place(strokes, style, size * SUPERSAMPLE, margin=4.0 * SUPERSAMPLE)
    mask = Image.new("L", (size * SUPERSAMPLE,) * 2, 0)
    bodies = [st for st in strokes if st.body and st.closed and style.fill != "none"]
    if bodies:  # the colouring-in comes first; the outline is drawn over it
        region = Image.new("L", mask.size, 0)
        for st in bodies:
            ImageDraw.Draw(region).polygon([tuple(p) for p in st.pts], fill=255)
        mask = region.copy() if style.fill == "solid" else _scribble(mask, region, pen, style.rng)
        if style.fill == "solid":  # details on a solid fill are left as paper, like white seams
            on_fill = np.asarray(region)
            details = [st for st in strokes if not st.body and _inside(st, on_fill)]
            for st in details:
                _ink(ImageDraw.Draw(mask), st, pen, 0)
            strokes = [st for st in strokes if not any(st is d for d in details)]
    draw = ImageDraw.Draw(mask)
    for st in strokes:
        _ink(draw, st, pen, 255)
    mask = mask.reduce(SUPERSAMPLE)
    ink = INKS[style.rng.integers(len(INKS))]
    return Image.composite(Image.new("RGB", mask.size, ink), Image.new("RGB", mask.size, (255, 255, 255)), mask)


# --------------------------------------------------------------------------- the API


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One garment of class ``label`` as one person draws it: RGB, ink on white paper."""
    label = check_label(label)
    style = _style(rng)
    style.pen_scale = 0.8 if int(label) in SIDE_VIEW else 1.0
    strokes = _normalise(BUILDERS[int(label)](style))
    mirror = int(label) in SIDE_VIEW and rng.random() < 0.4
    strokes = _tilt(strokes, rng.uniform(-1, 1) * style.persona.tilt, mirror)
    strokes = [_by_hand(st, style) for st in strokes]
    return _render(strokes, style, size)
