"""The canvas every drawing family draws on, and the rules a drawing keeps (one definition for all).

A drawing is an RGB ``size`` x ``size`` image of one garment: dark ink on white paper, as a person
leaves it on the app's sketchpad. The rules below are what the tests check for every family and what
the families aim for when they place and shrink a garment.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ...preprocess import CLASSES

SIZE = 448                # the app's sketchpad canvas
BORDER = 2                # the outermost pixels never get ink
MIN_PAPER = 0.30          # share of the canvas left as untouched white paper, even under a solid fill
SPAN = (0.30, 0.98)       # the longest side of the ink, as a share of the canvas (brush and wobble included)
MAX_DARKEST = 120         # the darkest ink is at most this grey (0 black .. 255 white)
PAPER = 250               # a pixel whose every channel is at least this is paper (not ink)
SHOES = (5, 7, 9)         # Sandal, Sneaker, Ankle boot: drawn from the side, toe to the left as in Fashion-MNIST


def check_label(label) -> int:
    """The class index ``label`` as an int; ValueError for anything but an integer in 0..9 (bools too)."""
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, (int, np.integer)):
        raise ValueError(f"label must be an integer class index 0..{len(CLASSES) - 1}, not {label!r}")
    if not 0 <= int(label) < len(CLASSES):
        raise ValueError(f"label must be in 0..{len(CLASSES) - 1}, not {label}")
    return int(label)


def paper_share(image: Image.Image) -> float:
    """Share of the canvas that is untouched white paper (255 in every channel)."""
    return float((np.asarray(image.convert("RGB")) == 255).all(axis=2).mean())


def problems(image: Image.Image, size: int = SIZE, span: tuple[float, float] = SPAN) -> list[str]:
    """What breaks the rules of a drawing, as short sentences (empty when it keeps them all)."""
    if not isinstance(image, Image.Image) or image.mode != "RGB" or image.size != (size, size):
        return [f"not an RGB {size}x{size} image: {getattr(image, 'mode', type(image))} {getattr(image, 'size', '')}"]
    rgb = np.asarray(image)
    ink = rgb.min(axis=2) < PAPER
    if not ink.any():
        return ["no ink"]
    found = []
    if rgb.min() > MAX_DARKEST:
        found.append(f"the darkest ink is only {rgb.min()}")
    if paper_share(image) < MIN_PAPER:
        found.append(f"only {paper_share(image):.0%} paper")
    inner = np.zeros_like(ink)
    inner[BORDER:-BORDER, BORDER:-BORDER] = True
    if (ink & ~inner).any():
        found.append(f"ink in the outer {BORDER} px")
    ys, xs = np.nonzero(ink)
    longest = max(np.ptp(xs) + 1, np.ptp(ys) + 1) / size
    if not span[0] <= longest <= span[1]:
        found.append(f"the garment spans {longest:.2f} of the canvas")
    return found


def round_stroke(draw: ImageDraw.ImageDraw, pts, width: float, fill, min_cap_radius: float = 0.0) -> None:
    """A polyline as a round pen leaves it: round joints, and a round end of the pen's width at each end
    (where its radius is at least ``min_cap_radius``); a single point is one dab of the pen."""
    xy = [tuple(p) for p in np.asarray(pts, dtype=float).reshape(-1, 2).tolist()]
    if len(xy) > 1:
        draw.line(xy, fill=fill, width=max(1, int(round(width))), joint="curve")
    radius = width / 2
    if radius >= min_cap_radius:
        for x, y in (xy[0], xy[-1]):
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
