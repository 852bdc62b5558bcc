"""nin.lab.drawings: the project's own garment drawings (example row, drawing accuracy)."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from nin.lab.drawings import (SLUGS, draw_garment, drawing_set, example_drawing, example_name, main,
                          write_examples)
from nin.preprocess import CLASSES

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = (0, 1, 2, 3)


def ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) < 128


def check_drawing(image: Image.Image, size: int = 448) -> None:
    assert image.mode == "RGB" and image.size == (size, size)
    pixels = np.asarray(image)
    assert (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all()
    assert (pixels.min(axis=2) >= 250).mean() > 0.7, "mostly white"
    dark = ink(image)
    assert 0.01 <= dark.mean() <= 0.25, dark.mean()
    assert pixels[dark].max() < 128 and pixels.min() < 30, "black strokes"
    ys, xs = np.nonzero(dark)
    longest = max(ys.max() - ys.min(), xs.max() - xs.min()) + 1
    assert longest >= size / 2, longest
    # Not stuck to an edge: the whole garment is on the canvas.
    assert ys.min() > 0 and xs.min() > 0 and ys.max() < size - 1 and xs.max() < size - 1


@pytest.mark.parametrize("label", range(len(CLASSES)))
def test_every_class_draws_for_several_seeds(label):
    for seed in SEEDS:
        check_drawing(draw_garment(label, np.random.default_rng([seed, label])))


def test_stroke_and_size_options():
    rng = np.random.default_rng
    thin = ink(draw_garment(4, rng(5), stroke=6)).mean()
    thick = ink(draw_garment(4, rng(5), stroke=16)).mean()
    assert thick > 1.8 * thin
    check_drawing(draw_garment(8, rng(5), size=224), size=224)
    with pytest.raises(ValueError):
        draw_garment(10, rng(0))


def test_same_seed_same_pixels_other_seed_other_drawing():
    for label in (0, 5, 9):
        a = np.asarray(draw_garment(label, np.random.default_rng(42)))
        b = np.asarray(draw_garment(label, np.random.default_rng(42)))
        c = np.asarray(draw_garment(label, np.random.default_rng(43)))
        assert np.array_equal(a, b)
        assert not np.array_equal(a, c)


def test_drawings_vary_in_scale_and_position():
    boxes = []
    for seed in range(12):
        ys, xs = np.nonzero(ink(draw_garment(2, np.random.default_rng(seed))))
        boxes.append((ys.min(), xs.min(), max(ys.max() - ys.min(), xs.max() - xs.min())))
    tops, lefts, longest = np.array(boxes).T
    assert longest.max() - longest.min() > 448 * 0.1
    assert np.ptp(tops) > 10 and np.ptp(lefts) > 10


def test_drawing_set_is_fixed_balanced_and_nested():
    small = drawing_set(n_per_class=2, seed=3)
    assert [label for _, label in small] == [c for c in range(len(CLASSES)) for _ in range(2)]
    again = drawing_set(n_per_class=2, seed=3)
    larger = drawing_set(n_per_class=3, seed=3)
    for (a, la), (b, lb) in zip(small, again):
        assert la == lb and np.array_equal(np.asarray(a), np.asarray(b))
    first_of_larger = [pair for i, pair in enumerate(larger) if i % 3 < 2]
    for (a, la), (b, lb) in zip(small, first_of_larger):
        assert la == lb and np.array_equal(np.asarray(a), np.asarray(b))
    other = drawing_set(n_per_class=2, seed=4)
    assert not np.array_equal(np.asarray(small[0][0]), np.asarray(other[0][0]))


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


def test_cli_writes_a_contact_sheet(tmp_path, capsys):
    main(["--out", str(tmp_path), "--n-per-class", "2", "--thumb", "64"])
    with Image.open(tmp_path / "drawings.png") as sheet:
        assert sheet.width > 2 * 64 and sheet.height >= 10 * 64
    assert "drawings.png" in capsys.readouterr().out


def test_the_weights_read_the_project_drawings():
    """A floor for reading drawings: 50 of nin.lab.drawings' plain drawings through the app's sketch path.
    (The held-out family, benchmarks.heldout_drawings, is reported by benchmarks/drawings.py, never
    used to choose anything.)"""
    from nin.lab.evaluate import score_drawings
    from nin.inference import Predictor

    result = score_drawings(Predictor.load(), drawing_set(n_per_class=5, seed=0))
    assert result["n"] == 50 and result["accuracy"] >= 0.75, result


def test_varied_drawings_are_filled_scribbled_and_open():
    """The training variety: wider brushes and restyled drawings, each still one garment on white."""
    from nin.lab.drawings import training_drawings

    garments, labels = training_drawings(20, seed=1)
    assert garments.shape == (20, 1, 28, 28) and labels.tolist() == [i % 10 for i in range(20)]
    assert (garments.flatten(1).max(1).values > 0.9).all()  # every drawing has full-strength ink
    styles = [draw_garment(i % 10, np.random.default_rng([5, i]), varied=True) for i in range(30)]
    ink_share = [float((np.asarray(image.convert("L")) < 128).mean()) for image in styles]
    assert max(ink_share) > 3 * min(ink_share)  # solid silhouettes beside thin outlines


def test_a_refused_training_drawing_is_drawn_again(monkeypatch):
    """A varied drawing the app refuses (blank or too small) is replaced by the next generator's, deterministically."""
    import nin.lab.drawings as family
    from nin.images import from_sketch

    real = family.draw_garment
    calls = []

    def first_one_blank(label, rng, **kwargs):
        calls.append(label)
        image = real(label, rng, **kwargs)
        return Image.new("RGB", image.size, "white") if len(calls) == 1 else image

    monkeypatch.setattr(family, "draw_garment", first_one_blank)
    garments, labels = family.training_drawings(2, seed=5)
    assert calls == [0, 0, 1] and labels.tolist() == [0, 1]
    redrawn = real(0, np.random.default_rng([5, 7919, 0, 1]), varied=True)
    assert np.array_equal(garments[0, 0].numpy(), from_sketch(np.asarray(redrawn)).pixels.numpy())
    untouched = real(1, np.random.default_rng([5, 7919, 1]), varied=True)
    assert np.array_equal(garments[1, 0].numpy(), from_sketch(np.asarray(untouched)).pixels.numpy())
