"""Family D doodles (nin.lab.doodles): canvas, ink, determinism, labels, the training set and the CLI."""

import numpy as np
import pytest
import torch
from PIL import Image

from nin.lab import doodles
from nin.preprocess import CLASSES


def _check_canvas(image, size):
    assert isinstance(image, Image.Image) and image.mode == "RGB" and image.size == (size, size)
    rgb = np.asarray(image)
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()  # gray ink
    gray = rgb[..., 0]
    ink = gray < 128
    assert ink.any()
    assert not ink[:2].any() and not ink[-2:].any() and not ink[:, :2].any() and not ink[:, -2:].any()
    assert (gray == 255).mean() > 0.3  # mostly paper, even with a solid fill
    return ink


@pytest.mark.parametrize("label", range(len(CLASSES)))
def test_every_class_draws_ink_on_white_paper(label):
    for i in range(6):
        _check_canvas(doodles.draw(label, np.random.default_rng([label, i])), doodles.SIZE)


@pytest.mark.parametrize("size", [64, 200, 600])
def test_other_sizes(size):
    for label in range(len(CLASSES)):
        _check_canvas(doodles.draw(label, np.random.default_rng(label), size=size), size)


def test_deterministic_per_generator_state():
    a = np.asarray(doodles.draw(3, np.random.default_rng(11)))
    b = np.asarray(doodles.draw(3, np.random.default_rng(11)))
    c = np.asarray(doodles.draw(3, np.random.default_rng(12)))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    rng = np.random.default_rng(5)  # the same generator, advanced: a different drawing
    assert not np.array_equal(np.asarray(doodles.draw(8, rng)), np.asarray(doodles.draw(8, rng)))


@pytest.mark.parametrize("label", [-1, 10, 2.0, "3", None, True, False, np.bool_(True)])
def test_bad_labels_raise(label):
    with pytest.raises(ValueError):
        doodles.draw(label, np.random.default_rng(0))


@pytest.mark.parametrize("label", [np.int64(4), np.int32(9), np.uint8(0)])
def test_numpy_integer_labels(label):
    image = doodles.draw(label, np.random.default_rng(0))
    assert np.array_equal(np.asarray(image), np.asarray(doodles.draw(int(label), np.random.default_rng(0))))


def test_training_drawings():
    x, y = doodles.training_drawings(20, 0)
    assert x.shape == (20, 1, 28, 28) and x.dtype == torch.float32
    assert y.shape == (20,) and y.dtype == torch.int64
    assert y.tolist() == [i % 10 for i in range(20)]
    assert float(x.min()) >= 0.0 and float(x.max()) <= 1.0
    assert (x.flatten(1).max(1).values > 0.5).all()  # every garment has something bright
    x2, y2 = doodles.training_drawings(20, 0)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    x3, _ = doodles.training_drawings(10, 1)
    assert not torch.equal(x[:10], x3)


def test_drawing_set_order_and_count():
    drawings = doodles.drawing_set(2, seed=3)
    assert [label for _, label in drawings] == [c for c in range(10) for _ in range(2)]
    image, label = drawings[5]
    assert np.array_equal(np.asarray(image), np.asarray(doodles.draw(label, np.random.default_rng([3, 7351, 2, 1]))))


@pytest.mark.parametrize("garments", [False, True])
def test_cli_writes_a_contact_sheet(tmp_path, garments):
    out = tmp_path / "sheet.png"
    argv = ["--out", str(out), "--per-class", "2", "--seed", "1"] + (["--garments"] if garments else [])
    assert doodles.main(argv) == 0
    with Image.open(out) as sheet:
        assert sheet.size[0] > 2 * 112 and sheet.size[1] >= 10 * 112
