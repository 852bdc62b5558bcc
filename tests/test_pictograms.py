"""Family F (nin.lab.pictograms): valid canvases, determinism, variety, and the app's view of them."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.images import from_sketch
from nin.lab import pictograms
from nin.lab.pictograms import SIZE, draw, drawing_set, training_drawings

SEEDS = range(6)


def check_canvas(image: Image.Image, size: int) -> None:
    """The drawing contract: RGB grey ink on white paper, a clear border, a garment of sensible size."""
    assert image.mode == "RGB" and image.size == (size, size)
    rgb = np.asarray(image)
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()
    gray = rgb[..., 0]
    assert gray.min() <= 120, "the darkest ink is dark"
    assert (gray == 255).mean() >= 0.30, "at least 30 % untouched paper"
    ring = np.ones_like(gray, dtype=bool)
    ring[2:-2, 2:-2] = False
    assert (gray[ring] == 255).all(), "no ink in the outermost 2 px"
    ys, xs = np.nonzero(gray < 255)
    extent = max(xs.max() - xs.min() + 1, ys.max() - ys.min() + 1) / size
    assert 0.30 <= extent <= 0.95, extent


@pytest.mark.parametrize("label", range(10))
def test_every_class_draws_a_valid_canvas(label):
    for seed in SEEDS:
        check_canvas(draw(label, np.random.default_rng([seed, label])), SIZE)


@pytest.mark.parametrize("size", [224, 600])
def test_other_sizes(size):
    for label in range(10):
        for seed in range(3):
            check_canvas(draw(label, np.random.default_rng([seed, 99]), size=size), size)


def test_deterministic_per_rng_and_different_between_seeds():
    for label in range(10):
        a = np.asarray(draw(label, np.random.default_rng(5)))
        b = np.asarray(draw(label, np.random.default_rng(5)))
        c = np.asarray(draw(label, np.random.default_rng(6)))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


@pytest.mark.parametrize("bad", [-1, 10, 2.0, "3", None, True, np.float32(1)])
def test_bad_labels_raise(bad):
    with pytest.raises(ValueError):
        draw(bad, np.random.default_rng(0))


def test_numpy_integer_labels():
    for label in (np.int64(3), np.uint8(9), np.int32(0)):
        expected = draw(int(label), np.random.default_rng(1))
        assert np.array_equal(np.asarray(draw(label, np.random.default_rng(1))), np.asarray(expected))


def test_training_drawings():
    images, labels = training_drawings(23, seed=4)
    assert images.shape == (23, 1, 28, 28) and images.dtype == torch.float32
    assert labels.dtype == torch.int64 and labels.tolist() == [i % 10 for i in range(23)]
    assert images.min() >= 0 and images.max() <= 1
    assert (images.flatten(1).max(dim=1).values > 0.5).all(), "every garment has ink"
    again, _ = training_drawings(23, seed=4)
    assert torch.equal(images, again)
    other, _ = training_drawings(23, seed=5)
    assert not torch.equal(images, other)


def test_drawing_set_order_and_determinism():
    drawings = drawing_set(n_per_class=3, seed=2)
    assert [c for _, c in drawings] == [c for c in range(10) for _ in range(3)]
    again = drawing_set(n_per_class=3, seed=2)
    assert all(np.array_equal(np.asarray(a), np.asarray(b)) for (a, _), (b, _) in zip(drawings, again))
    # Drawing i of class c comes from its own stream: it does not depend on how many are asked for.
    first = drawing_set(n_per_class=1, seed=2)
    assert all(np.array_equal(np.asarray(first[c][0]), np.asarray(drawings[3 * c][0])) for c in range(10))
    assert np.array_equal(np.asarray(drawings[4][0]),
                          np.asarray(draw(1, np.random.default_rng([2, pictograms.SET_STREAM, 1, 1]))))
    other = drawing_set(n_per_class=3, seed=3)
    assert not all(np.array_equal(np.asarray(a), np.asarray(b)) for (a, _), (b, _) in zip(drawings, other))


@pytest.mark.parametrize("garments", [False, True])
def test_cli_writes_a_png(tmp_path, garments):
    out = tmp_path / "sheet.png"
    argv = ["--out", str(out), "--per-class", "2", "--seed", "1"] + (["--garments"] if garments else [])
    assert pictograms.main(argv) == 0
    with Image.open(out) as sheet:
        assert sheet.format == "PNG" and sheet.width > 100 and sheet.height > 100


@pytest.mark.parametrize("label", range(10))
def test_variety_within_a_class(label):
    garments = [from_sketch(np.asarray(draw(label, np.random.default_rng([label, i])))).pixels for i in range(8)]
    distinct = {tuple((g.numpy() * 8).round().astype(int).ravel()) for g in garments}
    assert len(distinct) == 8
    # Not just noise around one picture: some pairs differ a lot at 28x28.
    gaps = [float((a - b).abs().mean()) for a in garments for b in garments]
    assert max(gaps) > 0.1


def test_pen_style_varies():
    modes, widths, blocky, fills = set(), [], 0, set()
    for i in range(200):
        rng = np.random.default_rng(i)
        pen = pictograms.choose_pen(rng)
        modes.add(pen.mode)
        widths.append(pen.width * SIZE)
        blocky += pen.cells > 0
        fills.add(pen.fill == pictograms.PAPER)
    assert modes == set(pictograms.MODES)
    assert min(widths) < 3 and max(widths) > 20, "thin pencil lines and bold icon strokes"
    assert 0 < blocky < 100 and fills == {True, False}
    # And in the drawings themselves: how much of the garment's box is ink differs a lot across seeds.
    coverage = []
    for seed in range(30):
        gray = np.asarray(draw(8, np.random.default_rng(seed)))[..., 0]
        ys, xs = np.nonzero(gray < 255)
        box = gray[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        coverage.append(float((box < 255).mean()))
    assert min(coverage) < 0.15 and max(coverage) > 0.5, "outline-only and flat-filled drawings"


@pytest.mark.parametrize("label", range(10))
def test_app_garments_have_a_plausible_amount_of_ink(label):
    for seed in range(4):
        pixels = from_sketch(np.asarray(draw(label, np.random.default_rng([seed, 7])))).pixels
        assert pixels.shape == (28, 28)
        assert 0.05 < float(pixels.mean()) < 0.8
