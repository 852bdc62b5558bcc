"""Family H: fashion-flat drawings (nin/lab/flats.py) - the canvas contract, variety and the training set."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.images import from_sketch
from nin.lab import flats

SEEDS = (0, 1, 7)


def _gray(image: Image.Image) -> np.ndarray:
    a = np.asarray(image)
    assert a.ndim == 3 and a.shape[2] == 3
    return a[..., 0]


def _extent(g: np.ndarray) -> float:
    ys, xs = np.nonzero(g < 255)
    return max(ys.max() - ys.min() + 1, xs.max() - xs.min() + 1) / g.shape[0]


def _check_contract(image: Image.Image, size: int) -> None:
    assert image.mode == "RGB" and image.size == (size, size)
    a = np.asarray(image)
    assert (a[..., 0] == a[..., 1]).all() and (a[..., 1] == a[..., 2]).all()
    g = a[..., 0]
    assert g.min() <= 120
    assert (g == 255).mean() >= 0.30
    assert (g[:2] == 255).all() and (g[-2:] == 255).all() and (g[:, :2] == 255).all() and (g[:, -2:] == 255).all()
    assert 0.30 <= _extent(g) <= 0.95


@pytest.mark.parametrize("label", range(10))
def test_every_class_keeps_the_canvas_contract(label):
    for seed in SEEDS:
        for i in range(4):
            _check_contract(flats.draw(label, np.random.default_rng([seed, label, i])), flats.SIZE)


@pytest.mark.parametrize("size", [224, 600])
def test_other_canvas_sizes_keep_the_contract(size):
    for label in range(10):
        _check_contract(flats.draw(label, np.random.default_rng([3, label]), size=size), size)


def test_the_same_rng_gives_the_same_drawing():
    for label in (0, 5, 9):
        a = flats.draw(label, np.random.default_rng(42))
        b = flats.draw(label, np.random.default_rng(42))
        assert np.array_equal(np.asarray(a), np.asarray(b))


def test_different_seeds_give_different_drawings():
    for label in range(10):
        drawings = {np.asarray(flats.draw(label, np.random.default_rng(s))).tobytes() for s in range(6)}
        assert len(drawings) == 6


@pytest.mark.parametrize("bad", [-1, 10, 3.0, "3", None, True])
def test_bad_labels_raise(bad):
    with pytest.raises(ValueError):
        flats.draw(bad, np.random.default_rng(0))


def test_numpy_integer_labels_are_accepted():
    _check_contract(flats.draw(np.int64(4), np.random.default_rng(0)), flats.SIZE)


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


def test_training_drawings_shape_labels_and_values():
    images, labels = flats.training_drawings(20, seed=3)
    assert images.shape == (20, 1, 28, 28) and images.dtype == torch.float32
    assert labels.dtype == torch.int64 and labels.tolist() == [i % 10 for i in range(20)]
    assert images.min() >= 0.0 and images.max() <= 1.0 and images.max() > 0.9
    again, _ = flats.training_drawings(20, seed=3)
    assert torch.equal(images, again)


def test_drawing_set_is_in_label_order_and_seeded():
    drawings = flats.drawing_set(n_per_class=2, seed=1)
    assert [c for _, c in drawings] == [c for c in range(10) for _ in range(2)]
    first = flats.draw(0, np.random.default_rng([1, flats.SET_STREAM, 0, 0]))
    assert np.array_equal(np.asarray(drawings[0][0]), np.asarray(first))
    assert flats.TRAINING_STREAM != flats.SET_STREAM


@pytest.mark.parametrize("garments", [False, True])
def test_the_command_writes_a_contact_sheet(tmp_path, garments):
    out = tmp_path / "sheet.png"
    argv = ["--out", str(out), "--per-class", "2", "--seed", "0"] + (["--garments"] if garments else [])
    assert flats.main(argv) == 0
    with Image.open(out) as sheet:
        assert sheet.width > 2 * 112 and sheet.height >= 10 * 112


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
