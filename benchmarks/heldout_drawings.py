"""Held-out hand-drawn garment line drawings, for EVALUATION ONLY (never used for training).

Family B: an independent family of drawings, written separately from the training generator, so
that a score on it says how the model copes with drawings it has never seen the like of. Its set
is ``nin.lab.families.get("B").drawing_set()``; a contact sheet:

    python -m nin.lab.families sheet B --out heldout_drawings.png

Every garment is built as a list of :class:`Stroke` in its own coordinates (x right, y down,
any scale), then placed on the canvas (scaled, rotated, shifted) and inked with a random pen:
outline only, a solid silhouette or a zig-zag scribbled fill, with a wobbly hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from nin.lab.families import curves
from nin.lab.families.canvas import SIZE, check_label


@dataclass
class Stroke:
    """One pen stroke in garment coordinates."""
    pts: np.ndarray
    closed: bool = False
    kind: str = "detail"   # "body": the silhouette (filled by solid/scribble pens); "part":
                           # a structural line (handle, strap); "detail": inner lines
    weight: float = 1.0    # times the pen width


@dataclass
class Pen:
    colour: tuple[int, int, int]
    width: float           # pixels
    fill: str              # "outline" | "solid" | "scribble"
    gaps: float            # chance that a closed outline is left a little open
    wobble: float          # amplitude of the hand's tremor, pixels
    detail_weight: float   # details are often drawn thinner


# -- small geometry helpers ---------------------------------------------------------------

def join(*parts) -> np.ndarray:
    """Points and point arrays, one after the other, as one (N, 2) array."""
    return np.concatenate([curves.points(p) for p in parts])


def bez(p0, p1, p2, n: int = 12) -> np.ndarray:
    """A quadratic Bezier curve from p0 to p2, pulled towards p1."""
    return curves.bezier(p0, p1, p2, n=n)


def arc(cx, cy, rx, ry, a0, a1, n: int = 20) -> np.ndarray:
    """Part of an ellipse, angles in degrees (y down, so 180 -> 270 -> 360 is the top half)."""
    return curves.arc(cx, cy, rx, ry, a0, a1, n)


def flip(p) -> np.ndarray:
    """Mirror image in x = 0 (the other half of a symmetric garment), order reversed."""
    return curves.mirror(p)[::-1]


def both(pts, **kw) -> list[Stroke]:
    """A stroke and its mirror image (left and right sleeve, pocket, ...)."""
    return [Stroke(join(pts), **kw), Stroke(flip(pts), **kw)]


def dot(x, y, r=0.025) -> Stroke:
    """A button, rivet or clasp: a tiny circle (a dot with a thick pen)."""
    return Stroke(arc(x, y, r, r, 0, 360, 10), closed=True)


# -- upper-body garments, front view ------------------------------------------------------

def _top(rng, length, sleeve, neck_dip, v_neck=False, side=None):
    """Body + sleeves of a T-shirt, pullover, shirt, coat or dress (shoulders 1 wide).

    sleeve: None (sleeveless), "short" or "long". side: the right side seam from the armpit
    down to the hem (default: straight). Sleeves are drawn joined to the body in one outline,
    as separate shapes with a seam at the shoulder, or as single lines.
    """
    half_width, neck_half = 0.5, rng.uniform(0.14, 0.24)
    shoulder = np.array([half_width, rng.uniform(0.04, 0.12)])
    armpit = np.array([half_width * rng.uniform(0.92, 1.0), rng.uniform(0.3, 0.42)])
    if side is None:
        side = join(armpit, (half_width * rng.uniform(0.88, 1.08), length))
    side[0] = armpit
    neck = (join((-neck_half, 0), (0, neck_dip), (neck_half, 0)) if v_neck
            else bez((-neck_half, 0), (0, 2 * neck_dip), (neck_half, 0), 10))
    top = dict(neck_half=neck_half, neck=neck, neck_dip=neck_dip, hem=side[-1], length=length, mode="none",
               sleeve=sleeve)
    strokes = []
    if sleeve is None:
        # Sleeveless: a strap at the shoulder and a curved armhole
        shoulder[:] = (neck_half + rng.uniform(0.07, 0.16), rng.uniform(0, 0.04))
        right = join((neck_half, 0), bez(shoulder, (shoulder[0] + 0.02, armpit[1]), armpit, 8), side[1:])
    else:
        short = sleeve == "short"
        sleeve_angle = np.radians(rng.uniform(25, 50) if short else rng.uniform(60, 78))
        along = np.array([np.cos(sleeve_angle), np.sin(sleeve_angle)])
        across = np.array([-np.sin(sleeve_angle), np.cos(sleeve_angle)])
        cuff_outer = shoulder + along * (rng.uniform(0.2, 0.35) if short else rng.uniform(0.85, 1.15))
        cuff_inner = cuff_outer + across * (rng.uniform(0.2, 0.3) if short else rng.uniform(0.13, 0.22))
        # Keep a long sleeve clear of the body
        clear = max(0.0, np.interp(cuff_inner[1], side[:, 1], side[:, 0]) + 0.05 - cuff_inner[0])
        cuff_outer, cuff_inner = cuff_outer + [clear, 0], cuff_inner + [clear, 0]
        mode = rng.choice(["joined", "separate", "line"], p=[0.5, 0.3, 0.2])
        top.update(cuff_outer=cuff_outer, cuff_inner=cuff_inner, along_sleeve=along, mode=mode)
        if top["mode"] == "joined":
            right = join((neck_half, 0), shoulder, cuff_outer, cuff_inner, side)
        else:
            right = join((neck_half, 0), shoulder, side)
            if top["mode"] == "separate":   # its own closed shape: its edge is the shoulder seam
                strokes += both(join(shoulder, cuff_outer, cuff_inner, armpit), closed=True, kind="body")
            else:                         # a single line from the shoulder
                strokes += both(join((shoulder + armpit) / 2, (cuff_outer + cuff_inner) / 2), kind="part",
                                weight=rng.uniform(1.0, 1.6))
    # The body: right half, its mirror, then the neckline back to the start
    strokes.insert(0, Stroke(join(right, flip(right), neck[1:-1]), closed=True, kind="body"))
    return strokes, top


def _cuffs(top, rng) -> list[Stroke]:
    """Ribbed cuffs: a line across each sleeve end, sometimes with ribs."""
    if top["mode"] not in ("joined", "separate"):
        return []
    back = top["along_sleeve"] * rng.uniform(0.06, 0.1)
    out = both(join(top["cuff_outer"] - back, top["cuff_inner"] - back))
    if rng.random() < 0.4:
        for f in np.linspace(0.2, 0.8, 3):
            p = top["cuff_outer"] + (top["cuff_inner"] - top["cuff_outer"]) * f
            out += both(join(p, p - back))
    return out


def _hem_band(top, rng, ribs=False) -> list[Stroke]:
    """A band across the hem (pullover rib, T-shirt hem)."""
    x, y = top["hem"]
    band = rng.uniform(0.05, 0.1)
    out = [Stroke(join((-x, y - band), (x, y - band)))]
    if ribs:
        out += [Stroke(join((c, y - band), (c, y))) for c in np.linspace(-x, x, 9)[1:-1]]
    return out


def _hood(top, rng) -> Stroke:
    """A hood standing up behind the neck."""
    w = top["neck_half"] + rng.uniform(0.04, 0.1)
    return Stroke(join(arc(0, 0.02, w, rng.uniform(0.3, 0.45), 180, 360)), closed=True,
                  kind="body")


def tshirt(rng) -> list[Stroke]:
    v = rng.random() < 0.3
    sleeve = "short" if rng.random() < 0.85 else None          # sometimes a tank top
    length = rng.uniform(1.0, 1.35)
    neck_dip = rng.uniform(0.2, 0.35) if v else rng.uniform(0.06, 0.15)
    strokes, top = _top(rng, length, sleeve, neck_dip, v_neck=v)
    if rng.random() < 0.4:   # neck band
        strokes.append(Stroke(top["neck"] + [0, rng.uniform(0.04, 0.07)]))
    if rng.random() < 0.3:   # hem stitching
        strokes += _hem_band(top, rng)
    if rng.random() < 0.2:   # chest pocket
        strokes.append(Stroke(join((0.15, 0.3), (0.3, 0.3), (0.3, 0.46), (0.15, 0.46)), closed=True))
    elif rng.random() < 0.2:   # a print on the chest
        strokes.append(Stroke(arc(0, rng.uniform(0.45, 0.6), 0.14, 0.12, 0, 360), closed=True))
    return strokes


def pullover(rng) -> list[Stroke]:
    hood = rng.random() < 0.25
    v = not hood and rng.random() < 0.25
    length = rng.uniform(1.0, 1.3)
    neck_dip = rng.uniform(0.2, 0.35) if v else rng.uniform(0.05, 0.13)
    strokes, top = _top(rng, length, "long", neck_dip, v_neck=v)
    if hood:   # hoodie: hood and a kangaroo pocket
        strokes.insert(0, _hood(top, rng))
        y = top["length"]
        strokes.append(Stroke(join((-0.28, y - 0.08), (-0.2, y - 0.35), (0.2, y - 0.35),
                                   (0.28, y - 0.08))))
    elif rng.random() < 0.5:   # ribbed neck
        strokes.append(Stroke(top["neck"] + [0, rng.uniform(0.04, 0.07)]))
    if rng.random() < 0.6:
        strokes += _cuffs(top, rng)
    if rng.random() < 0.6:
        strokes += _hem_band(top, rng, ribs=rng.random() < 0.4)
    if rng.random() < 0.15:   # knitted stripes across the chest
        for y in np.linspace(0.45, 0.75, 3) * top["length"]:
            strokes.append(Stroke(join((-0.45, y), (0.45, y))))
    return strokes


def coat(rng) -> list[Stroke]:
    length = rng.uniform(1.45, 2.2)
    opening = rng.choice(["open", "zip", "buttons"])
    hood = rng.random() < 0.2
    dip = rng.uniform(0.3, 0.6) if opening == "open" else rng.uniform(0.06, 0.15)
    strokes, top = _top(rng, length, "long", dip, v_neck=opening == "open",
                        side=join((0, 0), (rng.uniform(0.48, 0.62), length)))
    if hood:
        strokes.insert(0, _hood(top, rng))
    y0 = top["neck_dip"]
    strokes.append(Stroke(join((0, y0), (0, length))))            # the front opening
    if opening == "open" and rng.random() < 0.7:            # lapels folded back
        neck_half = top["neck_half"]
        strokes += both(join((neck_half, 0), (neck_half + rng.uniform(0.05, 0.12), y0 * 0.55), (0.02, y0)))
    elif opening == "zip":                                  # zip teeth and a pull
        if rng.random() < 0.5:
            strokes += [Stroke(join((-0.03, y), (0.03, y))) for y in np.arange(y0 + 0.1, length, 0.12)]
        strokes.append(Stroke(join((0.0, y0 + 0.04), (0.04, y0 + 0.12))))
    else:                                                   # buttons, one or two rows
        rows = [0.07] if rng.random() < 0.6 else [-0.12, 0.12]
        strokes += [dot(x, y) for x in rows for y in np.linspace(y0 + 0.15, length * 0.7, 4)]
    if rng.random() < 0.35:   # belt at the waist
        y = length * rng.uniform(0.4, 0.5)
        strokes += [Stroke(join((-0.5, y), (0.5, y))), Stroke(join((-0.5, y + 0.07), (0.5, y + 0.07)))]
    if rng.random() < 0.6:    # pockets: flaps or slanted slits
        y = length * rng.uniform(0.55, 0.7)
        if rng.random() < 0.5:
            strokes += both(join((0.15, y), (0.38, y), (0.38, y + 0.07), (0.15, y + 0.07)), closed=True)
        else:
            strokes += both(join((0.2, y), (0.32, y + 0.2)))
    if rng.random() < 0.5:
        strokes += _cuffs(top, rng)
    return strokes


def shirt(rng) -> list[Stroke]:
    length = rng.uniform(1.1, 1.45)
    hem = rng.uniform(0.44, 0.54)
    side = join((0, 0), (hem, length - 0.1), bez((hem, length - 0.1), (hem * 0.6, length + 0.02),
                                                 (0.02, length), 6))   # curved shirt tail
    strokes, top = _top(rng, length, "long" if rng.random() < 0.65 else "short", rng.uniform(0.07, 0.12),
                        side=side)
    neck_half, dip = top["neck_half"], top["neck_dip"]
    # Pointed collar, one triangle each side, meeting at the top button
    tip = (neck_half * rng.uniform(0.4, 0.8) + 0.05, dip + rng.uniform(0.12, 0.2))
    strokes += both(join((neck_half, -0.02), tip, (0, dip)), closed=rng.random() < 0.6)
    strokes.append(Stroke(join((0, dip), (0, length))))           # button placket
    buttons = np.linspace(dip + 0.12, length - 0.12, int(rng.integers(4, 7)))
    strokes += [dot(0.05, y, 0.022) for y in buttons]
    if rng.random() < 0.45:   # chest pocket
        strokes.append(Stroke(join((0.14, 0.32), (0.32, 0.32), (0.32, 0.52), (0.14, 0.52)), closed=True))
    if top["sleeve"] == "long" and rng.random() < 0.6:
        strokes += _cuffs(top, rng)
    return strokes


def dress(rng) -> list[Stroke]:
    length = rng.uniform(1.4, 2.3)
    waist_y, waist = rng.uniform(0.5, 0.75), rng.uniform(0.3, 0.42)
    cut = rng.choice(["straight", "a-line", "flared"])
    hem = {"straight": rng.uniform(0.4, 0.55), "a-line": rng.uniform(0.6, 0.85), "flared": rng.uniform(0.85, 1.2)}[cut]
    sleeve = rng.choice([None, "short", "long"], p=[0.55, 0.35, 0.1])
    # Right side: bodice in to the waist, then the skirt out to the hem
    side = join(bez((0.5, 0.35), (waist, (0.35 + waist_y) / 2), (waist, waist_y), 6),
                bez((waist, waist_y), (waist + (0.05 if cut == "flared" else 0.15) * length,
                                       (waist_y + length) / 2), (hem, length), 8))
    strokes, top = _top(rng, length, sleeve, rng.uniform(0.08, 0.3), v_neck=rng.random() < 0.3, side=side)
    if cut == "flared" and rng.random() < 0.5:   # ruffled hem: scallops instead of a line
        xs = np.linspace(-hem, hem, 6)
        strokes.append(Stroke(join(*[bez((a, length), ((a + b) / 2, length + 0.12), (b, length), 5)
                                     for a, b in zip(xs[:-1], xs[1:])])))
    if rng.random() < 0.5:    # waist seam or belt
        strokes.append(Stroke(join((-waist, waist_y), (waist, waist_y))))
        if rng.random() < 0.4:
            strokes.append(Stroke(join((-waist, waist_y + 0.06), (waist, waist_y + 0.06))))
    if rng.random() < 0.3:    # pleats falling from the waist
        for f in (-0.5, 0, 0.5):
            strokes.append(Stroke(join((f * waist, waist_y + 0.05), (f * hem * 0.9, length - 0.05))))
    return strokes


# -- the rest of Fashion-MNIST: trousers, bags, shoes (toe pointing left) ------------------

def trouser(rng) -> list[Stroke]:
    length = rng.uniform(1.3, 3.2)                  # short and wide ... long and thin (waist 1 wide)
    crotch = length * rng.uniform(0.15, 0.3)
    out, inner = 0.5 + rng.uniform(-0.02, 0.12), rng.uniform(0.1, 0.25)   # hem: outer and inner x of each leg
    # One closed outline: waist, right leg, crotch, left leg
    strokes = [Stroke(join((-0.5, 0), (0.5, 0), (out, length), (inner, length), (0, crotch),
                           (-inner, length), (-out, length)), closed=True, kind="body")]
    if rng.random() < 0.6:    # waistband, maybe belt loops
        strokes.append(Stroke(join((-0.5, 0.1), (0.5, 0.1))))
        if rng.random() < 0.5:
            strokes += [Stroke(join((x, 0), (x, 0.13))) for x in (-0.3, 0.0, 0.3)]
    if rng.random() < 0.5:    # fly
        strokes.append(Stroke(join((0.0, 0.1), (0.0, crotch * 0.8))))
    if rng.random() < 0.5:    # front pockets
        strokes += both(join((0.25, 0.1), bez((0.25, 0.1), (0.3, 0.25), (0.48, 0.28), 6)))
    if rng.random() < 0.3:    # pressed creases down each leg
        strokes += both(join(((out + inner) / 2 * 0.5 + 0.12, crotch), ((out + inner) / 2, length * 0.95)))
    return strokes


def bag(rng) -> list[Stroke]:
    height, top = rng.uniform(0.5, 0.95), rng.uniform(0.65, 1.0)             # height and width at the top (bottom = 1)
    corner = rng.uniform(0.0, 0.1)                                 # rounded-off corners
    body = join((-top / 2, 0), (top / 2, 0), (0.5 - corner / 3, height - corner), (0.5 - corner, height),
                (-0.5 + corner, height), (-0.5 + corner / 3, height - corner))
    strokes = [Stroke(body, closed=True, kind="body")]
    handle = rng.choice(["none", "one", "two", "shoulder"], p=[0.15, 0.4, 0.2, 0.25])
    if handle == "one":       # a single arched handle
        handle_half = top * rng.uniform(0.25, 0.4)
        strokes.append(Stroke(arc(0, 0, handle_half, rng.uniform(0.2, 0.45), 180, 360), kind="part"))
    elif handle == "two":     # tote: two handles, one behind the other
        handle_half, handle_height = top * rng.uniform(0.2, 0.35), rng.uniform(0.2, 0.4)
        strokes += [Stroke(arc(dx, 0, handle_half, handle_height + dh, 180, 360), kind="part")
                    for dx, dh in ((-0.04, 0), (0.04, -0.04))]
    elif handle == "shoulder":   # a long strap from corner to corner
        strokes.append(Stroke(arc(0, 0, top / 2 * 0.92, rng.uniform(0.5, 0.9), 180, 360), kind="part"))
    detail = rng.choice(["flap", "zip", "pocket", "none"])
    if detail == "flap":      # flap with a clasp
        y = height * rng.uniform(0.3, 0.55)
        strokes += [Stroke(join((-top / 2, 0), (0, y), (top / 2, 0))), dot(0, y, 0.04)]
    elif detail == "zip":
        y = height * rng.uniform(0.08, 0.15)
        strokes += [Stroke(join((-top / 2 + 0.05, y), (top / 2 - 0.05, y))), dot(top / 4, y + 0.04, 0.03)]
    elif detail == "pocket":
        strokes.append(Stroke(join((-0.25, height * 0.45), (0.25, height * 0.45), (0.25, height * 0.85),
                                   (-0.25, height * 0.85)), closed=True))
    return strokes


def sneaker(rng) -> list[Stroke]:
    height = rng.uniform(0.36, 0.5)                     # height over length
    top = height * (1 - rng.uniform(0.18, 0.32))        # top of the thick sole
    tongue = np.array([rng.uniform(0.5, 0.57), rng.uniform(-0.03, 0.03)])
    vamp = np.array([rng.uniform(0.36, 0.44), top * rng.uniform(0.25, 0.35)])
    # Toe box, vamp up to the tongue, low ankle collar, heel, flat bottom
    outline = join(bez((0.02, height), (-0.03, top * 0.5), (0.16, top * rng.uniform(0.4, 0.55)), 6), vamp,
                   tongue, (tongue[0] + 0.06, top * 0.12), (0.72, top * rng.uniform(0.3, 0.45)),
                   (0.86, top * 0.3), (0.96, rng.uniform(0.0, 0.1)),
                   bez((0.96, 0.05), (1.03, top * 0.6), (1.0, height), 6))
    strokes = [Stroke(outline, closed=True, kind="body"),
               Stroke(join((0.0, top), (1.0, top)))]                   # the sole
    for f in np.linspace(0.1, 0.85, int(rng.integers(3, 6))):   # laces across the vamp
        p, n = vamp + (tongue - vamp) * f, np.array([0.45, 0.9])
        strokes.append(Stroke(join(p + 0.01 * n, p + 0.09 * n)))
    if rng.random() < 0.5:   # side swoosh / stripe
        strokes.append(Stroke(bez((0.3, top * 0.85), (0.65, top * 0.95), (0.85, top * 0.4), 8)))
    if rng.random() < 0.4:   # toe cap
        strokes.append(Stroke(bez((0.2, top), (0.22, top * 0.6), (0.14, top * 0.45), 6)))
    return strokes


def ankle_boot(rng) -> list[Stroke]:
    height = rng.uniform(0.6, 1.25)                         # low ... high boot (height over length)
    heel = rng.uniform(0.03, 0.18)                      # heel height
    toe_height = rng.uniform(0.22, 0.32)
    front = rng.uniform(0.42, 0.58)                     # x of the shaft's front
    # Toe, instep, shaft up to the opening, back down, heel block, sole back to the toe
    outline = join(bez((0.03, height), (-0.04, height - toe_height), (0.16, height - toe_height), 6),
                   (front - 0.06, height - toe_height * rng.uniform(1.3, 1.8)), (front, height * 0.45),
                   (front - rng.uniform(-0.02, 0.05), 0), (0.97, rng.uniform(-0.04, 0.04)), (1.0, height * 0.6),
                   (0.99, height - heel), (0.99, height), (0.8, height), (0.79, height - heel),
                   (0.6, height - heel * 0.8), (0.4, height))
    strokes = [Stroke(outline, closed=True, kind="body"),
               Stroke(join((0.02, height - 0.05), (0.45, height - 0.05)))]        # sole edge
    if heel > 0.08:
        strokes.append(Stroke(join((0.79, height - heel), (0.99, height - heel))))
    kind = rng.choice(["laces", "zip", "chelsea", "plain"])
    if kind == "laces":      # lacing up the front of the shaft
        for y in np.linspace(0.12, height - toe_height * 1.3, int(rng.integers(3, 6))):
            strokes.append(Stroke(join((front + 0.01, y), (front + 0.12, y + 0.04))))
    elif kind == "zip":      # side zip
        strokes.append(Stroke(join((0.8, 0.04), (0.8, height * 0.7))))
    elif kind == "chelsea":  # elastic side panel
        strokes.append(Stroke(bez((0.65, 0.0), (0.75, height * 0.75), (0.88, 0.0), 8)))
    if rng.random() < 0.4:   # pull tab or a fur cuff at the top
        strokes.append(Stroke(join((0.95, 0.02), (1.02, -0.08), (1.0, 0.12))) if rng.random() < 0.5
                       else Stroke(join((front, 0.1), (0.98, 0.1))))
    return strokes


def sandal(rng) -> list[Stroke]:
    heeled = rng.random() < 0.45
    heel_height, sole_depth = (rng.uniform(0.25, 0.45) if heeled else 0.0), rng.uniform(0.03, 0.08)

    def sole_y(x):   # top of the sole at x; a heeled sole climbs to the heel seat
        climb = np.clip((x - 0.3) / 0.45, 0, 1)
        return 1.0 - sole_depth - heel_height * climb * climb * (3 - 2 * climb)
    xs = np.linspace(0, 1, 14)
    sole = np.stack([xs, sole_y(xs)], 1)
    strokes = [Stroke(join(sole, sole[::-1] + [0, sole_depth]), closed=True, kind="body")]
    if heeled:   # a block heel or a thin stiletto under the heel seat
        top = sole_y(0.9) + sole_depth
        strokes.append(Stroke(join((0.82, top), (0.99, top), (0.97, 1.0), (0.9, 1.0)), closed=True,
                              kind="body") if rng.random() < 0.5 else
                       Stroke(join((0.93, top), (0.95, 1.0)), kind="part", weight=1.2))

    def strap(x0, x1, h):   # an arch over the foot from one point of the sole to another
        return Stroke(bez((x0, sole_y(x0)), ((x0 + x1) / 2, min(sole_y(x0), sole_y(x1)) - 2 * h),
                          (x1, sole_y(x1)), 10), kind="part")
    style = rng.choice(["strappy", "slide", "gladiator", "thong"])
    if style == "slide":      # one wide band over the toes
        strokes.append(strap(0.1, rng.uniform(0.4, 0.55), rng.uniform(0.12, 0.2)))
        return strokes
    if style == "thong":      # flip-flop: a V from the toe post
        p = (0.22, sole_y(0.22) - rng.uniform(0.02, 0.05))
        strokes.append(Stroke(join((0.5, sole_y(0.5) - 0.14), p, (0.55, sole_y(0.55))), kind="part"))
    else:                     # one to three thin straps over the forefoot
        for x in np.sort(rng.uniform(0.05, 0.4, int(rng.integers(1, 4)))):
            strokes.append(strap(x, x + rng.uniform(0.12, 0.25), rng.uniform(0.05, 0.12)))
    # Ankle strap (a loop), held by a strap up the back of the heel
    ankle_x, ankle_y = rng.uniform(0.72, 0.85), sole_y(0.85) - rng.uniform(0.2, 0.35)
    loops = int(rng.integers(3, 5)) if style == "gladiator" else 1
    for k in range(loops):
        loop = arc(ankle_x, ankle_y - 0.12 * k, rng.uniform(0.09, 0.13), rng.uniform(0.03, 0.06), 0, 360)
        strokes.append(Stroke(loop, closed=True, kind="part"))
    strokes.append(Stroke(join((0.97, sole_y(0.97)), (ankle_x + 0.1, ankle_y - 0.12 * (loops - 1))), kind="part"))
    if rng.random() < 0.5:   # T-strap down the instep
        strokes.append(Stroke(join((ankle_x - 0.1, ankle_y), (0.45, sole_y(0.45) - 0.1)), kind="part"))
    return strokes


DRAWERS = (tshirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle_boot)


# -- placing and inking -------------------------------------------------------------------

def _pen(rng, garment_px: float) -> Pen:
    colour = [(r, r, r) for r in [int(rng.integers(0, 30)), int(rng.integers(40, 90))]]
    colour.append((int(rng.integers(10, 40)), int(rng.integers(20, 50)), int(rng.integers(80, 140))))
    # 1 .. 4 px wide once the garment's longest side is scaled to 28 px (log-uniform)
    width = garment_px / 28 * float(np.exp(rng.uniform(0, np.log(4))))
    return Pen(colour=colour[int(rng.choice(3, p=[0.5, 0.25, 0.25]))], width=width,
               fill=str(rng.choice(["outline", "solid", "scribble"], p=[0.6, 0.2, 0.2])),
               gaps=float(rng.choice([0.0, 0.5, 0.9])), wobble=garment_px * rng.uniform(0.002, 0.012),
               detail_weight=rng.uniform(0.5, 1.0))


def _wobble(points, closed, pen, rng, scale, step=4.0) -> np.ndarray:
    """Resample a stroke every `step` px and displace it smoothly, as a hand would."""
    if closed:
        points = join(points, points[:1])
    arclen = curves.arclength(points)
    total = arclen[-1]
    if total < 1e-6:
        return points
    t = np.linspace(0, total, max(2, int(total / step)))
    path = np.stack([np.interp(t, arclen, points[:, 0]), np.interp(t, arclen, points[:, 1])], 1)
    # A few sine waves of wavelength 0.15 .. 0.6 of the garment; whole cycles on a closed stroke
    cycles = total / (scale * rng.uniform(0.15, 0.6, (3, 2)))
    if closed:
        cycles = np.maximum(1, np.round(cycles))
    amp = pen.wobble * min(1.0, total / (0.3 * scale)) * rng.uniform(0.3, 1, (3, 2)) / 1.7
    phase = rng.uniform(0, 2 * np.pi, (3, 2))
    wave = np.sin(2 * np.pi * (t / total)[:, None, None] * cycles + phase)   # (n, 3, 2)
    return path + (amp * wave).sum(1)


def _line(canvas: ImageDraw.ImageDraw, path: np.ndarray, width: float, colour) -> None:
    """A stroke with round joints and round ends."""
    nib = max(1, int(round(width)))
    canvas.line(path.ravel().tolist(), fill=colour, width=nib)
    if nib > 3:   # a round nib every third of its width: clean joints and round ends
        r = nib / 2 - 0.5
        for x, y in path[:: max(1, int(nib / 12))]:
            canvas.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        canvas.ellipse([path[-1, 0] - r, path[-1, 1] - r, path[-1, 0] + r, path[-1, 1] + r], fill=colour)


def _scribble(image: Image.Image, poly: np.ndarray, pen: Pen, rng) -> None:
    """Fill a shape with a zig-zag hatch, clipped to the shape."""
    size = image.size[0]
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(poly.ravel().tolist(), fill=255)
    centre, radius = poly.mean(0), np.linalg.norm(poly - poly.mean(0), axis=1).max() + 1
    angle = rng.uniform(0, np.pi)
    along, across = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
    offsets = np.arange(-radius, radius, pen.width * rng.uniform(1.0, 2.2))
    ends = np.where(np.arange(len(offsets)) % 2 == 0, -1.0, 1.0) * radius
    zig = centre + offsets[:, None] * across + ends[:, None] * along
    zig += rng.normal(0, pen.width * 0.4, zig.shape)
    hatch = Image.new("L", image.size, 0)
    ImageDraw.Draw(hatch).line(zig.ravel().tolist(), fill=255,
                               width=max(1, int(pen.width * rng.uniform(0.5, 0.9))))
    image.paste(pen.colour, (0, 0, size, size), ImageChops.multiply(mask, hatch))


def draw(label: int, rng: np.random.Generator, size: int = SIZE) -> Image.Image:
    """One hand-drawn garment of class `label`: dark pen on a white RGB size x size canvas."""
    strokes = DRAWERS[check_label(label)](rng)
    small = rng.random() < 0.2
    garment_px = size * (rng.uniform(0.3, 0.5) if small else rng.uniform(0.6, 0.9))
    pen = _pen(rng, garment_px)
    # Place: longest side -> garment_px, rotate up to 15 degrees, then shrink to fit and shift
    all_points = np.concatenate([stroke.pts for stroke in strokes])
    lo, hi = all_points.min(0), all_points.max(0)
    angle = np.radians(rng.uniform(-15, 15))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    placed = [((stroke.pts - (lo + hi) / 2) * (garment_px / (hi - lo).max())) @ rot.T for stroke in strokes]
    all_points = np.concatenate(placed)
    margin = pen.width + pen.wobble + 2
    extent = all_points.max(0) - all_points.min(0)
    shrink = min(1.0, (size - 2 * margin) / extent.max())
    slack = (size - 2 * margin - extent * shrink) / 2
    off_centre = rng.random() < 0.15 or small
    shift = rng.uniform(-1, 1, 2) * slack * (1.0 if off_centre else rng.uniform(0, 0.3))
    origin = size / 2 + shift - (all_points.max(0) + all_points.min(0)) / 2 * shrink
    placed = [points * shrink + origin for points in placed]

    image = Image.new("RGB", (size, size), (255, 255, 255))
    canvas = ImageDraw.Draw(image)
    eraser = pen.fill == "solid" and rng.random() < 0.3   # details in white over a silhouette
    lines = []
    for stroke, points in zip(strokes, placed):
        path = _wobble(points, stroke.closed, pen, rng, garment_px * shrink)
        if stroke.kind == "body" and pen.fill == "solid":
            canvas.polygon(path.ravel().tolist(), fill=pen.colour)
        elif stroke.kind == "body" and pen.fill == "scribble":
            _scribble(image, path, pen, rng)
        if stroke.closed and stroke.kind != "detail" and pen.fill != "solid" and rng.random() < pen.gaps:
            # Leave the outline a little open: drop a short piece of it
            gap = int(pen.width * rng.uniform(1.2, 3.0) / 4.0) + 1
            if len(path) > 4 * gap:
                path = np.roll(path[:-1], -int(rng.integers(len(path) - 1)), axis=0)[:-gap]
        lines.append((stroke, path))
    for stroke, path in lines:   # outlines and parts first, details on top
        if stroke.kind != "detail":
            _line(canvas, path, pen.width * stroke.weight, pen.colour)
    for stroke, path in lines:
        if stroke.kind == "detail" and (pen.fill != "solid" or eraser):
            _line(canvas, path, max(1.0, pen.width * pen.detail_weight * stroke.weight),
                  (255, 255, 255) if eraser else pen.colour)
    return image
