"""nin.lab.outlines: family E of synthetic garment drawings (careful outline drawings)."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.images import from_sketch
from nin.lab import outlines
from nin.lab.outlines import SIZE, draw, drawing_set, main, training_drawings
from nin.preprocess import CLASSES


def _gray(image: Image.Image) -> np.ndarray:
    a = np.asarray(image)
    assert (a[..., 0] == a[..., 1]).all() and (a[..., 0] == a[..., 2]).all(), "gray ink: R == G == B"
    return a[..., 0]


def _check_canvas(image: Image.Image, size: int) -> np.ndarray:
    assert isinstance(image, Image.Image) and image.mode == "RGB" and image.size == (size, size)
    gray = _gray(image)
    assert (gray == 255).mean() >= 0.3, "at least 30 % white paper"
    ring = np.ones_like(gray, bool)
    ring[2:-2, 2:-2] = False
    assert (gray[ring] == 255).all(), "no ink in the outermost 2 px"
    assert (gray < 200).sum() >= 20, "some ink was drawn"
    ink = gray < 255
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    longest = max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1
    assert 0.3 * size <= longest <= size - 4, "the garment spans roughly 35-95 % of the canvas"
    return gray


@pytest.mark.parametrize("label", range(len(CLASSES)))
def test_every_class_draws_gray_ink_on_white_paper(label):
    for seed in range(3):
        gray = _check_canvas(draw(label, np.random.default_rng([seed, label])), SIZE)
        assert gray.min() <= 120, "the pen is black or gray (0..120)"


@pytest.mark.parametrize("size", [64, 200, 600])
def test_other_sizes(size):
    for label in range(len(CLASSES)):
        _check_canvas(draw(label, np.random.default_rng([size, label]), size=size), size)


def test_deterministic_per_generator_and_different_between_seeds():
    for label in (0, 5, 8):
        a = np.asarray(draw(label, np.random.default_rng(11)))
        b = np.asarray(draw(label, np.random.default_rng(11)))
        c = np.asarray(draw(label, np.random.default_rng(12)))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)
    rng = np.random.default_rng(3)
    first, second = np.asarray(draw(4, rng)), np.asarray(draw(4, rng))
    assert not np.array_equal(first, second), "the generator's state moves on"


@pytest.mark.parametrize("label", [-1, 10, 1.0, True, False, np.bool_(True), "3", None])
def test_bad_labels_raise(label):
    with pytest.raises(ValueError):
        draw(label, np.random.default_rng(0))


def test_numpy_integer_labels_are_fine():
    a = np.asarray(draw(np.int64(3), np.random.default_rng(1)))
    assert np.array_equal(a, np.asarray(draw(3, np.random.default_rng(1))))


def test_training_drawings():
    images, labels = training_drawings(20, 0)
    assert images.shape == (20, 1, 28, 28) and images.dtype == torch.float32
    assert labels.shape == (20,) and labels.dtype == torch.int64
    assert labels.tolist() == [i % 10 for i in range(20)]
    assert images.min() >= 0 and images.max() <= 1
    assert (images.flatten(1).max(1).values > 0.9).all(), "every garment has full-brightness ink"
    i = 13
    expected = from_sketch(np.asarray(draw(i % 10, np.random.default_rng([0, 6173, i])))).pixels
    assert torch.equal(images[i, 0], expected)
    again, _ = training_drawings(3, 0)
    assert torch.equal(again, images[:3])
    other, _ = training_drawings(3, 1)
    assert not torch.equal(other, images[:3])


def test_drawing_set_order_and_determinism():
    pairs = drawing_set(2, seed=4)
    assert [label for _, label in pairs] == [c for c in range(10) for _ in range(2)]
    image, label = pairs[7]  # class 3, its second drawing
    assert label == 3
    assert np.array_equal(np.asarray(image), np.asarray(draw(3, np.random.default_rng([4, 9241, 3, 1]))))
    again = drawing_set(2, seed=4)
    assert all(np.array_equal(np.asarray(a), np.asarray(b)) for (a, _), (b, _) in zip(pairs, again))
    assert not np.array_equal(np.asarray(drawing_set(1, seed=5)[0][0]), np.asarray(pairs[0][0]))


@pytest.mark.parametrize("garments", [False, True])
def test_cli_writes_a_contact_sheet(tmp_path, garments):
    out = tmp_path / "sheet.png"
    argv = ["--out", str(out), "--per-class", "1", "--seed", "2", "--thumb", "32"] + (["--garments"] if garments else [])
    assert main(argv) == 0
    with Image.open(out) as sheet:
        assert sheet.format == "PNG"
        assert sheet.height >= 10 * 32 and sheet.width > 32


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
