"""Held-out family I (benchmarks/heldout_people.py): people's drawings, for evaluation only."""

import time

import numpy as np
import pytest
from PIL import Image

from benchmarks import heldout_people as hp

CLASSES = range(10)


def _gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"))


def _contract_problems(image: Image.Image, size: int) -> list[str]:
    """What breaks the drawing contract, as sentences (empty: all is well)."""
    problems = []
    if image.mode != "RGB" or image.size != (size, size):
        return [f"mode {image.mode} size {image.size}"]
    rgb = np.asarray(image)
    gray = _gray(image)
    ink = gray < 250
    if gray.min() > 120:
        problems.append(f"darkest ink {gray.min()}")
    paper = (rgb.min(axis=2) >= 250).mean()
    if paper < 0.30:
        problems.append(f"only {paper:.0%} paper")
    if ink[:2].any() or ink[-2:].any() or ink[:, :2].any() or ink[:, -2:].any():
        problems.append("ink in the outer 2 px")
    ys, xs = np.nonzero(ink)
    extent = max(np.ptp(xs) + 1, np.ptp(ys) + 1) / size
    if not 0.30 <= extent <= 0.95:
        problems.append(f"extent {extent:.2f}")
    return problems


@pytest.mark.parametrize("label", CLASSES)
def test_contract_for_every_class_and_several_seeds(label):
    for seed in range(12):
        image = hp.draw(label, np.random.default_rng([seed, label]))
        assert _contract_problems(image, hp.SIZE) == [], (label, seed)


@pytest.mark.parametrize("size", [224, 600])
def test_contract_at_other_sizes(size):
    for label in CLASSES:
        for seed in range(3):
            image = hp.draw(label, np.random.default_rng([seed, label, size]), size=size)
            assert _contract_problems(image, size) == [], (label, seed, size)


def test_same_generator_state_gives_the_same_drawing():
    for label in CLASSES:
        a = hp.draw(label, np.random.default_rng([5, label]))
        b = hp.draw(label, np.random.default_rng([5, label]))
        assert np.array_equal(np.asarray(a), np.asarray(b))


def test_different_generators_give_different_drawings():
    drawings = [np.asarray(hp.draw(3, np.random.default_rng([1, i]))) for i in range(5)]
    assert all(not np.array_equal(drawings[0], d) for d in drawings[1:])


def test_set_is_in_label_order_and_seeded_per_drawing():
    small = hp.heldout_people_set(n_per_class=2, seed=4)
    assert [label for _, label in small] == [c for c in CLASSES for _ in range(2)]
    expected = hp.draw(7, np.random.default_rng([4, 88001, 7, 1]))
    assert np.array_equal(np.asarray(small[7 * 2 + 1][0]), np.asarray(expected))


def test_a_drawing_does_not_depend_on_the_set_size():
    small = hp.heldout_people_set(n_per_class=1, seed=2)
    large = hp.heldout_people_set(n_per_class=3, seed=2)
    for c in CLASSES:
        assert np.array_equal(np.asarray(small[c][0]), np.asarray(large[3 * c][0]))


def test_seed_changes_the_set():
    a = hp.heldout_people_set(n_per_class=1, seed=0)
    b = hp.heldout_people_set(n_per_class=1, seed=1)
    assert sum(not np.array_equal(np.asarray(x), np.asarray(y)) for (x, _), (y, _) in zip(a, b)) >= 9


@pytest.mark.parametrize("label", [-1, 10, 3.0, "3", None, True])
def test_bad_labels_raise(label):
    with pytest.raises(ValueError):
        hp.draw(label, np.random.default_rng(0))


def test_numpy_integer_labels_are_accepted():
    image = hp.draw(np.int64(4), np.random.default_rng(0))
    assert _contract_problems(image, hp.SIZE) == []


def test_every_persona_fill_and_sleeve_style_occurs():
    styles = [hp._style(np.random.default_rng([0, i])) for i in range(300)]
    assert {s.persona.name for s in styles} == {p.name for p in hp.PERSONAS}
    assert {s.fill for s in styles} == {"none", "solid", "scribble"}
    assert {s.sleeves for s in styles} == {"shape", "seam", "line", "parts"}


def test_pens_sizes_and_places_vary_over_a_set():
    """Stroke widths, drawing sizes and positions are spread, not one look repeated."""
    extents, centres, inks = [], [], []
    for image, _ in hp.heldout_people_set(n_per_class=6, seed=3):
        gray = _gray(image)
        ys, xs = np.nonzero(gray < 250)
        extents.append(max(np.ptp(xs), np.ptp(ys)) / hp.SIZE)
        centres.append(((xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2))
        inks.append((gray < 250).mean())
    assert max(extents) - min(extents) > 0.3
    assert np.ptp(np.array(centres), axis=0).min() > 0.15 * hp.SIZE
    assert max(inks) > 4 * min(inks)  # thin line drawings and coloured-in ones


def test_solid_colouring_covers_much_more_than_a_line_drawing():
    strokes = hp._normalise(hp._pullover(hp.Style(hp.PERSONAS[5], np.random.default_rng(11), "shape", "none")))

    def ink_share(fill):  # the same pullover, placed the same way, coloured in or not
        style = hp.Style(hp.PERSONAS[5], np.random.default_rng(12), "shape", fill)
        return (_gray(hp._render(strokes, style, hp.SIZE)) < 250).mean()

    assert ink_share("solid") > 1.3 * ink_share("none")


def test_shoes_are_drawn_pointing_both_ways():
    """Mirrored side views: the toe (the low end of the drawing) is left in some, right in others."""
    sides = set()
    for i in range(20):
        gray = _gray(hp.draw(7, np.random.default_rng([i, 7, 0])))
        ys, xs = np.nonzero(gray < 250)
        top = ys < np.percentile(ys, 15)  # the highest ink: the sneaker's collar, at the heel
        sides.add(xs[top].mean() > (xs.min() + xs.max()) / 2)
    assert sides == {True, False}


def test_drawing_is_fast():
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for label in list(CLASSES) * 2:
        hp.draw(label, rng)
    assert (time.perf_counter() - start) / 20 < 0.2  # ~20-40 ms each; slack for a busy machine


def test_cli_writes_a_contact_sheet(tmp_path):
    out = tmp_path / "sheet.png"
    assert hp.main(["--out", str(out), "--per-class", "2", "--seed", "1"]) == 0
    sheet = Image.open(out)
    assert sheet.height >= 10 * 50 and sheet.width > 2 * 50
    assert (_gray(sheet) < 128).mean() > 0.005  # drawings and class names are on it


def test_cli_garments_view(tmp_path):
    out = tmp_path / "garments.png"
    assert hp.main(["--out", str(out), "--per-class", "1", "--garments"]) == 0
    assert (_gray(Image.open(out)) > 128).mean() > 0.05  # bright garments on black cells


@pytest.mark.parametrize("label", CLASSES)
def test_the_apps_garment_is_neither_empty_nor_a_full_block(label):
    from nin.images import from_sketch

    for i in range(3):
        image = hp.draw(label, np.random.default_rng([label, i, 99]))
        pixels = from_sketch(np.asarray(image)).pixels.numpy()
        assert pixels.shape == (28, 28)
        covered = (pixels > 0.2).mean()
        assert 0.05 < covered < 0.95, (label, i, covered)
