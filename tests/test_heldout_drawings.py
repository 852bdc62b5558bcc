"""The held-out drawing family (benchmarks/heldout_drawings.py): deterministic, inked, sized."""

import numpy as np

from benchmarks.heldout_drawings import CLASSES, draw, heldout_set


def test_deterministic_per_seed_class_and_index():
    a = heldout_set(n_per_class=2, seed=3)
    b = heldout_set(n_per_class=2, seed=3)
    assert [c for _, c in a] == [c for c in range(len(CLASSES)) for _ in range(2)]
    for (ia, ca), (ib, cb) in zip(a, b):
        assert ca == cb and np.array_equal(np.asarray(ia), np.asarray(ib))
    # Drawing (c, i) does not depend on how many others were drawn, nor on the order
    alone = draw(4, np.random.default_rng([3, 4, 1]))
    assert np.array_equal(np.asarray(alone), np.asarray(a[4 * 2 + 1][0]))
    # ... but it does depend on the seed
    other = heldout_set(n_per_class=2, seed=4)
    assert any(not np.array_equal(np.asarray(x), np.asarray(y)) for (x, _), (y, _) in zip(a, other))


def test_every_drawing_has_dark_ink_on_a_white_page():
    for img, label in heldout_set(n_per_class=6, seed=0):
        assert img.mode == "RGB" and img.size == (448, 448)
        px = np.asarray(img)
        dark = px.max(axis=2) < 160            # pen: black, dark grey or dark blue
        assert dark.mean() > 0.003, f"{CLASSES[label]}: almost no ink"
        assert (px.min(axis=2) >= 250).mean() > 0.4, f"{CLASSES[label]}: page not mostly white"
        border = np.concatenate([px[0], px[-1], px[:, 0], px[:, -1]])
        assert (border >= 250).all(), f"{CLASSES[label]}: ink touches the edge"


def test_other_sizes():
    rng = np.random.default_rng(0)
    for label in range(len(CLASSES)):
        img = draw(label, rng, size=128)
        assert img.size == (128, 128) and (np.asarray(img).max(axis=2) < 160).any()
