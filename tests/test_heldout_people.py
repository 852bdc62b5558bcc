"""Held-out family I (benchmarks/heldout_people.py): people's drawings, for evaluation only. What is particular
to it; the rules every family keeps are checked in test_families.py."""

import numpy as np
import pytest
from PIL import Image

from benchmarks import heldout_people as hp
from nin.lab import families

CLASSES = range(10)


def _gray(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"))


def test_every_persona_fill_and_sleeve_style_occurs():
    styles = [hp._style(np.random.default_rng([0, i])) for i in range(300)]
    assert {s.persona.name for s in styles} == {p.name for p in hp.PERSONAS}
    assert {s.fill for s in styles} == {"none", "solid", "scribble"}
    assert {s.sleeves for s in styles} == {"shape", "seam", "line", "parts"}


def test_pens_sizes_and_places_vary_over_a_set():
    """Stroke widths, drawing sizes and positions are spread, not one look repeated."""
    extents, centres, inks = [], [], []
    for image, _ in families.get("I").drawing_set(n_per_class=6, seed=3):
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


@pytest.mark.parametrize("label", CLASSES)
def test_the_apps_garment_is_neither_empty_nor_a_full_block(label):
    from nin.images import from_sketch

    for i in range(3):
        image = hp.draw(label, np.random.default_rng([label, i, 99]))
        pixels = from_sketch(np.asarray(image)).pixels.numpy()
        assert pixels.shape == (28, 28)
        covered = (pixels > 0.2).mean()
        assert 0.05 < covered < 0.95, (label, i, covered)
