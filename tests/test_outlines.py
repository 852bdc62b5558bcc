"""Family E, careful outlines (nin.lab.families.outlines): what is particular to it (the rules every family
keeps are checked in test_families.py)."""

import numpy as np
from PIL import Image

from nin.images import from_sketch
from nin.lab.families import outlines
from nin.lab.families.outlines import SIZE, draw
from nin.preprocess import CLASSES


def _gray(image: Image.Image) -> np.ndarray:
    a = np.asarray(image)
    assert (a[..., 0] == a[..., 1]).all() and (a[..., 0] == a[..., 2]).all(), "gray ink: R == G == B"
    return a[..., 0]


def test_variety_within_a_class():
    coverage, solid, offcentre, aspect = [], 0, 0, []
    for i in range(40):
        gray = _gray(draw(2, np.random.default_rng([21, i])))
        ink = gray < 200
        coverage.append(ink.mean())
        rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        if ink[top:bottom, left:right].mean() > 0.6:  # a filled silhouette, not an outline
            solid += 1
        centre = np.array([(top + bottom) / 2, (left + right) / 2])
        if np.abs(centre - SIZE / 2).max() > 0.08 * SIZE:
            offcentre += 1
        aspect.append((bottom - top) / (right - left))
    assert max(coverage) > 5 * min(coverage), "ink coverage varies widely (size, fill, pen)"
    assert 2 <= solid <= 25, "some, not all, drawings are solid silhouettes"
    assert offcentre >= 3, "some drawings sit off-centre"
    assert max(aspect) - min(aspect) > 0.3, "proportions vary"


def test_the_pen_style_varies():
    styles = [outlines._style(np.random.default_rng([8, i])) for i in range(200)]
    angles = [s.angle for s in styles]
    assert min(angles) < -10 and max(angles) > 10 and all(-15 <= a <= 15 for a in angles)
    assert {s.fill for s in styles} == {"none", "solid", "hatch", "stipple"}
    assert {s.outline for s in styles} == {"single", "double", "dashed", "dotted"}
    assert 0.5 < np.mean([s.fill == "none" for s in styles]) < 0.65
    assert 0.07 < np.mean([s.gap > 0 for s in styles]) < 0.25, "now and then an outline is left open"
    assert {s.flip for s in styles} == {True, False}
    assert all(0 <= s.pen <= 120 for s in styles) and max(s.pen for s in styles) > 60
    assert min(s.width for s in styles) < 3 and max(s.width for s in styles) > 18


def test_app_garments_have_a_plausible_amount_of_ink():
    for label in range(len(CLASSES)):
        shares = []
        for i in range(4):
            garment = from_sketch(np.asarray(draw(label, np.random.default_rng([31, label, i])))).pixels
            assert garment.shape == (28, 28)
            shares.append(float((garment > 0.2).float().mean()))
        assert all(0.08 <= s <= 0.95 for s in shares), (CLASSES[label], shares)
        assert 0.12 <= np.median(shares) <= 0.9, (CLASSES[label], shares)
