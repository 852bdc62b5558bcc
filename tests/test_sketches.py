"""Family G, rough student sketches (nin.lab.families.sketches): what is particular to it (the rules every
family keeps are checked in test_families.py)."""

import numpy as np

from nin.images import from_sketch
from nin.lab.families.sketches import draw

CLASSES = range(10)


def test_drawings_of_one_class_differ():
    for label in CLASSES:
        inks = [np.asarray(draw(label, np.random.default_rng([11, label, i])))[..., 0] < 224 for i in range(5)]
        boxes = {tuple(np.flatnonzero(m.any(1))[[0, -1]]) + tuple(np.flatnonzero(m.any(0))[[0, -1]]) for m in inks}
        assert len(boxes) == 5, "size or position changes between drawings"
        amounts = [m.mean() for m in inks]
        assert max(amounts) > 1.3 * min(amounts), "the amount of ink varies (pens, fills, proportions)"


def test_the_pen_varies():
    """Thin and thick pens, light and dark ink, open outlines and scribbled-in silhouettes."""
    darkness, coverage, widths = [], [], []
    for i in range(40):
        gray = np.asarray(draw(i % 10, np.random.default_rng([23, i])))[..., 0]
        ink = gray < 224
        darkness.append(int(gray.min()))
        coverage.append(ink.mean())
        middle_row = np.concatenate([[False], ink[gray.shape[0] // 2], [False]]).astype(int)
        runs = np.diff(np.flatnonzero(np.diff(middle_row)))[::2]
        if len(runs):
            widths.append(np.median(runs))
    assert min(darkness) < 40 and max(darkness) > 70, "black marker and gray pencil both occur"
    assert max(coverage) > 4 * min(coverage), "some drawings are light outlines, some heavily filled"
    assert max(widths) > 3 * min(widths), "pen widths differ"


def test_app_garments_have_a_plausible_amount_of_ink():
    for label in CLASSES:
        for seed in range(3):
            pixels = from_sketch(np.asarray(draw(label, np.random.default_rng([31, seed, label])))).pixels
            assert pixels.shape == (28, 28) and 0.0 <= float(pixels.min()) and float(pixels.max()) <= 1.0
            assert 0.05 < float(pixels.mean()) < 0.8
