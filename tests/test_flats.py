"""Family H, fashion flats (nin.lab.families.flats): pens, fills, shoes and curves (the rules every family keeps
are checked in test_families.py)."""

import numpy as np
from PIL import Image

from nin.images import from_sketch
from nin.lab.families import flats


def _gray(image: Image.Image) -> np.ndarray:
    a = np.asarray(image)
    assert a.ndim == 3 and a.shape[2] == 3
    return a[..., 0]


def _extent(g: np.ndarray) -> float:
    ys, xs = np.nonzero(g < 255)
    return max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) / g.shape[0]


def test_pens_inks_and_fills_vary_across_a_set():
    inks, inked, extents = set(), [], []
    for label, i in [(c, i) for c in range(10) for i in range(12)]:
        g = _gray(flats.draw(label, np.random.default_rng([11, label, i])))
        inks.add(int(g.min()))
        inked.append(float((g < 255).mean()))
        extents.append(_extent(g))
    assert len(inks) > 20                              # many pen greys
    assert min(inked) < 0.03 and max(inked) > 0.2      # hairline outlines and solid silhouettes
    assert min(extents) < 0.5 and max(extents) > 0.8   # small and large drawings


def test_pen_width_follows_the_hand():
    hand = flats.Hand.pick(np.random.default_rng(0))
    flat = flats.draw_bag(np.random.default_rng(0))
    thin = flats.Hand(**{**vars(hand), "pen_frac": 0.007, "fill": "outline", "gaps": 0, "detail": 0.0})
    thick = flats.Hand(**{**vars(thin), "pen_frac": 0.06})
    ink_thin = (_gray(flats.render(flat, thin, np.random.default_rng(1), 448)) < 255).mean()
    ink_thick = (_gray(flats.render(flat, thick, np.random.default_rng(1), 448)) < 255).mean()
    assert ink_thick > 3 * ink_thin


def test_solid_fill_inks_more_than_an_outline():
    hand = flats.Hand.pick(np.random.default_rng(5))
    flat = flats.draw_coat(np.random.default_rng(5))
    outline = flats.Hand(**{**vars(hand), "fill": "outline", "pen_frac": 0.01, "gaps": 0})
    solid = flats.Hand(**{**vars(outline), "fill": "solid"})
    a = (_gray(flats.render(flat, outline, np.random.default_rng(2), 448)) < 255).mean()
    b = (_gray(flats.render(flat, solid, np.random.default_rng(2), 448)) < 255).mean()
    assert b > 2 * a


def test_shoes_point_both_ways():
    # the toe is the lower, longer end: compare the ink in the left and right thirds of the lowest rows
    sides = set()
    for i in range(16):
        g = _gray(flats.draw(7, np.random.default_rng([2, i])))
        ys, xs = np.nonzero(g < 255)
        top = ys.min() + (ys.max() - ys.min()) // 3
        upper = xs[ys < top]
        sides.add(bool(upper.mean() > (xs.min() + xs.max()) / 2))
    assert sides == {True, False}


def test_trousers_are_taller_than_wide_and_bags_and_shoes_are_not_tall():
    def aspect(label, i):
        hand_rng = np.random.default_rng([9, label, i])
        flat = flats.DRAWERS[label](hand_rng)
        p = flat.all_points()
        return (p[:, 1].max() - p[:, 1].min()) / (p[:, 0].max() - p[:, 0].min())
    assert np.median([aspect(1, i) for i in range(20)]) > 1.4
    assert np.median([aspect(4, i) for i in range(20)]) > 1.0
    assert np.median([aspect(7, i) for i in range(20)]) < 0.7


def test_the_apps_garment_is_neither_empty_nor_a_block():
    for label in range(10):
        for i in range(3):
            pixels = from_sketch(np.asarray(flats.draw(label, np.random.default_rng([4, label, i])))).pixels
            assert pixels.shape == (28, 28)
            lit = float((pixels > 0.2).float().mean())
            assert 0.05 < lit < 0.97


def test_dashed_lines_and_gaps_break_a_stroke():
    line = flats.seg((0.0, 0.0), (10.0, 0.0))
    pieces = flats.dashed(line, 1.0, 1.0)
    assert len(pieces) == 5 and all(np.ptp(p[:, 0]) <= 1.0 + 1e-9 for p in pieces)
    square = flats.rect(0.0, 0.0, 10.0, 10.0)
    (open_square,) = flats.with_gap(square, np.random.default_rng(0), 3.0)
    ends = np.linalg.norm(open_square[0] - open_square[-1])
    assert 2.0 < ends <= 3.0 + 1e-6


def test_spline_passes_through_its_points():
    pts = [(0.0, 0.0), (1.0, 2.0), (3.0, 1.0), (4.0, 4.0)]
    curve = flats.spline(pts, n=8)
    for p in pts:
        assert np.min(np.linalg.norm(curve - np.asarray(p), axis=1)) < 1e-9
