"""nin.lab.freehand: family C of synthetic garment drawings (parts + a simulated pen)."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.lab.freehand import SIZE, contact_sheet, draw, drawing_set, training_drawings
from nin.preprocess import CLASSES


@pytest.mark.parametrize("label", range(len(CLASSES)))
def test_every_class_draws_ink_inside_a_white_canvas(label):
    for seed in range(4):
        image = draw(label, np.random.default_rng([seed, label]))
        assert isinstance(image, Image.Image) and image.mode == "RGB" and image.size == (SIZE, SIZE)
        a = np.asarray(image)
        assert (a[..., 0] == a[..., 1]).all() and (a[..., 0] == a[..., 2]).all()  # gray ink
        gray = a[..., 0]
        assert (gray == 255).mean() > 0.5, "mostly white paper"
        assert (gray < 64).sum() > 200, "some black ink"
        assert gray.min() == 0
        border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
        assert (border == 255).all(), "ink stays inside the canvas, off its border"


def test_other_sizes():
    image = draw(7, np.random.default_rng(3), size=200)
    assert image.size == (200, 200)


def test_deterministic_per_generator_state():
    for label in (0, 5, 8):
        a = np.asarray(draw(label, np.random.default_rng([1, 2, label])))
        b = np.asarray(draw(label, np.random.default_rng([1, 2, label])))
        c = np.asarray(draw(label, np.random.default_rng([1, 3, label])))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


@pytest.mark.parametrize("label", [-1, 10, 99, 1.5, "3", None, True])
def test_bad_label_raises_value_error(label):
    with pytest.raises(ValueError):
        draw(label, np.random.default_rng(0))


def test_numpy_integer_label_is_accepted():
    assert draw(np.int64(4), np.random.default_rng(0)).size == (SIZE, SIZE)


def test_training_drawings():
    x, y = training_drawings(20, 0)
    assert x.shape == (20, 1, 28, 28) and x.dtype == torch.float32
    assert y.dtype == torch.int64 and y.tolist() == [i % 10 for i in range(20)]
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert (x.flatten(1).amax(1) > 0.5).all(), "every garment has bright strokes"
    x2, y2 = training_drawings(20, 0)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    x3, _ = training_drawings(20, 1)
    assert not torch.equal(x, x3)


def test_training_drawing_i_comes_from_its_own_generator():
    from nin.images import from_sketch

    x, _ = training_drawings(13, 5)
    image = draw(12 % 10, np.random.default_rng([5, 4241, 12]))
    assert torch.equal(x[12, 0], from_sketch(np.asarray(image)).pixels)


def test_drawing_set_order_and_prefix():
    small = drawing_set(2, seed=3)
    large = drawing_set(3, seed=3)
    assert [c for _, c in small] == [c for c in range(10) for _ in range(2)]
    assert [c for _, c in large] == [c for c in range(10) for _ in range(3)]
    for c in range(10):
        for i in range(2):
            assert np.array_equal(np.asarray(small[2 * c + i][0]), np.asarray(large[3 * c + i][0]))
    again = np.asarray(draw(4, np.random.default_rng([3, 977, 4, 1])))
    assert np.array_equal(np.asarray(large[3 * 4 + 1][0]), again)
    other = drawing_set(2, seed=4)
    assert not np.array_equal(np.asarray(small[0][0]), np.asarray(other[0][0]))


def test_contact_sheet_has_a_row_per_class():
    drawings = drawing_set(2, seed=0)
    sheet = contact_sheet(drawings, thumb=40)
    assert sheet.mode == "RGB"
    assert sheet.height == 10 * 42
    assert sheet.width >= 2 * 42


def test_shoes_mostly_point_left():
    """Toe to the left: the lower-left of the shoe's ink box is more inked than the lower-right
    (the toe is low, the heel/shaft side is tall); asserted over several drawings."""
    left = 0
    for i in range(10):
        gray = np.asarray(draw(7, np.random.default_rng([9, i])))[..., 0] < 128
        rows, cols = np.nonzero(gray)
        top, bottom, lo, hi = rows.min(), rows.max(), cols.min(), cols.max()
        mid_x, mid_y = (lo + hi) // 2, (top + bottom) // 2
        upper = gray[top:mid_y]
        # the sneaker's collar and tongue (the tall part) sit towards the heel
        left += upper[:, lo:mid_x].sum() < upper[:, mid_x:hi + 1].sum()
    assert left >= 6


def test_drawing_benchmark_scores_every_family(capsys):
    """benchmarks/drawings.py reports families C to H beside A and the held-out B and I, per class, through the
    app's sketch path."""
    from benchmarks import drawings as benchmark

    benchmark.main(["--n-per-class", "1", "--seed", "3"])
    out = capsys.readouterr().out
    header = out.splitlines()[2]
    assert all(family in header for family in benchmark.FAMILIES) and "C (nin.lab.freehand)" in header
    assert "D (nin.lab.doodles)" in header and "E (nin.lab.outlines)" in header
    assert "H (nin.lab.flats)" in header and "I (held out, people)" in header
    assert out.count("(n=10)") == len(benchmark.FAMILIES) == 9
