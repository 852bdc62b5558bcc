"""Family A, the project's own garment drawings (nin.lab.families.drawings): black strokes, the example row,
the training variety and a floor on how well the weights read them. The rules every family keeps are
checked in test_families.py."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nin.lab.families import canvas, get
from nin.lab.families.drawings import SLUGS, draw, example_drawing, example_name, write_examples
from nin.preprocess import CLASSES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = (0, 1, 2, 3)


def ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) < 128


def check_drawing(image: Image.Image, size: int = 448) -> None:
    """The canvas rules, and this family's own promise: black strokes, mostly white, a large garment."""
    assert canvas.problems(image, size) == []
    pixels = np.asarray(image)
    assert (pixels.min(axis=2) >= 250).mean() > 0.7, "mostly white"
    dark = ink(image)
    assert 0.01 <= dark.mean() <= 0.25, dark.mean()
    assert pixels[dark].max() < 128 and pixels.min() < 30, "black strokes"
    ys, xs = np.nonzero(dark)
    assert max(ys.max() - ys.min(), xs.max() - xs.min()) + 1 >= size / 2


@pytest.mark.parametrize("label", range(len(CLASSES)))
def test_every_class_draws_for_several_seeds(label):
    for seed in SEEDS:
        check_drawing(draw(label, np.random.default_rng([seed, label])))


def test_stroke_and_size_options():
    rng = np.random.default_rng
    thin = ink(draw(4, rng(5), stroke=6)).mean()
    thick = ink(draw(4, rng(5), stroke=16)).mean()
    assert thick > 1.8 * thin
    check_drawing(draw(8, rng(5), size=224), size=224)
    with pytest.raises(ValueError):
        draw(10, rng(0))


def test_drawings_vary_in_scale_and_position():
    boxes = []
    for seed in range(12):
        ys, xs = np.nonzero(ink(draw(2, np.random.default_rng(seed))))
        boxes.append((ys.min(), xs.min(), max(ys.max() - ys.min(), xs.max() - xs.min())))
    tops, lefts, longest = np.array(boxes).T
    assert longest.max() - longest.min() > 448 * 0.1
    assert np.ptp(tops) > 10 and np.ptp(lefts) > 10


def test_example_names():
    assert example_name(0) == "0_t-shirt-top.png"
    assert example_name(9) == "9_ankle-boot.png"
    assert len(set(SLUGS)) == len(CLASSES)


def test_examples_folder_holds_what_write_examples_writes(tmp_path):
    expected = sorted(example_name(c) for c in range(len(CLASSES)))
    assert sorted(p.name for p in EXAMPLES.iterdir()) == expected
    written = write_examples(tmp_path)
    assert [p.name for p in written] == [example_name(c) for c in range(len(CLASSES))]
    for path in written:
        committed = EXAMPLES / path.name
        assert committed.stat().st_size < 30_000
        with Image.open(committed) as image:
            assert image.format == "PNG"
            check_drawing(image.convert("RGB"))
            committed_pixels = np.asarray(image.convert("RGB"))
        with Image.open(path) as image:
            fresh = np.asarray(image.convert("RGB"))
        # Equal here; a few pixels of slack for floating-point rounding on another machine.
        differ = (np.abs(committed_pixels.astype(int) - fresh).max(axis=2) > 8).mean()
        assert differ < 0.002, (path.name, differ)


def test_example_drawings_are_clear():
    for label in (1, 5):
        ys, xs = np.nonzero(ink(example_drawing(label)))
        assert max(ys.max() - ys.min(), xs.max() - xs.min()) >= 0.7 * 448


def test_the_weights_read_the_project_drawings():
    """A floor for reading drawings: 50 of family A's plain drawings through the app's sketch path.
    (The held-out families B and I are reported by benchmarks/drawings.py, never used to choose anything.)"""
    from nin.inference import Predictor
    from nin.lab.evaluate import score_drawings

    result = score_drawings(Predictor.load(), get("A").drawing_set(n_per_class=5, seed=0))
    assert result["n"] == 50 and result["accuracy"] >= 0.75, result


def test_varied_drawings_are_filled_scribbled_and_open():
    """The training variety: wider brushes and restyled drawings, each still one garment on white."""
    garments, labels = get("A").training_drawings(20, seed=1)
    assert garments.shape == (20, 1, 28, 28) and labels.tolist() == [i % 10 for i in range(20)]
    assert (garments.flatten(1).max(1).values > 0.9).all()  # every drawing has full-strength ink
    styles = [draw(i % 10, np.random.default_rng([5, i]), varied=True) for i in range(30)]
    ink_share = [float((np.asarray(image.convert("L")) < 128).mean()) for image in styles]
    assert max(ink_share) > 3 * min(ink_share)  # solid silhouettes beside thin outlines
