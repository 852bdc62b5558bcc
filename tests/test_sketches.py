"""nin.lab.sketches: family G of synthetic garment drawings (rough student sketches)."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.images import from_sketch
from nin.lab.sketches import SIZE, draw, drawing_set, main, training_drawings

CLASSES = range(10)


def check_canvas(image: Image.Image, size: int = SIZE) -> np.ndarray:
    """The contract of a drawing: RGB gray ink on white paper, off the border, a sensible size."""
    assert isinstance(image, Image.Image) and image.mode == "RGB" and image.size == (size, size)
    a = np.asarray(image)
    assert (a[..., 0] == a[..., 1]).all() and (a[..., 0] == a[..., 2]).all(), "gray ink only"
    gray = a[..., 0]
    assert (gray == 255).mean() >= 0.30, "at least 30 % white paper"
    assert gray.min() <= 120, "the darkest strokes are dark enough"
    assert (gray[:2] == 255).all() and (gray[-2:] == 255).all(), "no ink on the top/bottom border"
    assert (gray[:, :2] == 255).all() and (gray[:, -2:] == 255).all(), "no ink on the left/right border"
    ink = gray < 224
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    span = max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) / size
    assert 0.30 <= span <= 0.95, f"garment spans {span:.2f} of the canvas"
    return gray


@pytest.mark.parametrize("label", CLASSES)
def test_every_class_draws_a_valid_canvas(label):
    for seed in range(6):
        check_canvas(draw(label, np.random.default_rng([seed, label])))


@pytest.mark.parametrize("size", [224, 600])
def test_other_sizes(size):
    for label in CLASSES:
        check_canvas(draw(label, np.random.default_rng([size, label]), size), size)


def test_deterministic_per_generator_state_and_different_across_seeds():
    for label in CLASSES:
        a = np.asarray(draw(label, np.random.default_rng([1, 2, label])))
        b = np.asarray(draw(label, np.random.default_rng([1, 2, label])))
        c = np.asarray(draw(label, np.random.default_rng([1, 3, label])))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


@pytest.mark.parametrize("bad", [-1, 10, 2.0, "3", None, True])
def test_bad_labels_raise(bad):
    with pytest.raises(ValueError):
        draw(bad, np.random.default_rng(0))


def test_numpy_integer_labels():
    a = np.asarray(draw(np.int64(4), np.random.default_rng(7)))
    b = np.asarray(draw(4, np.random.default_rng(7)))
    assert np.array_equal(a, b)
    check_canvas(draw(np.uint8(9), np.random.default_rng(7)))


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
        runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[False], ink[gray.shape[0] // 2], [False]]).astype(int))))[::2]
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


def test_training_drawings():
    images, labels = training_drawings(20, seed=5)
    assert images.shape == (20, 1, 28, 28) and images.dtype == torch.float32
    assert labels.dtype == torch.int64 and labels.tolist() == [i % 10 for i in range(20)]
    assert 0.0 <= float(images.min()) and float(images.max()) <= 1.0
    assert float(images.mean()) > 0.05
    again, _ = training_drawings(20, seed=5)
    other, _ = training_drawings(20, seed=6)
    assert torch.equal(images, again)
    assert not torch.equal(images, other)


def test_drawing_set_order_and_determinism():
    drawings = drawing_set(n_per_class=2, seed=3)
    assert [c for _, c in drawings] == [c for c in CLASSES for _ in range(2)]
    again = drawing_set(n_per_class=2, seed=3)
    assert all(np.array_equal(np.asarray(a), np.asarray(b)) for (a, _), (b, _) in zip(drawings, again))
    assert not np.array_equal(np.asarray(drawings[0][0]), np.asarray(drawings[1][0]))
    other = drawing_set(n_per_class=1, seed=4)
    assert not np.array_equal(np.asarray(other[0][0]), np.asarray(drawings[0][0]))


@pytest.mark.parametrize("garments", [False, True])
def test_cli_writes_a_contact_sheet(tmp_path, garments):
    out = tmp_path / "sheet.png"
    argv = ["--out", str(out), "--per-class", "1", "--seed", "0"] + (["--garments"] if garments else [])
    assert main(argv) == 0
    with Image.open(out) as sheet:
        assert sheet.size[0] > 100 and sheet.size[1] > 100
