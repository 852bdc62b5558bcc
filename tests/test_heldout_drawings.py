"""Held-out family B (benchmarks/heldout_drawings.py), for evaluation only: its pens. The rules every family
keeps are checked in test_families.py."""

import numpy as np

from benchmarks.heldout_drawings import draw


def test_black_grey_and_blue_pens_and_filled_silhouettes():
    blue, grey, inked = 0, 0, []
    for i in range(40):
        pixels = np.asarray(draw(i % 10, np.random.default_rng([2, i]))).astype(int)
        dark = pixels.max(axis=2) < 160
        r, g, b = (pixels[..., k][dark].mean() for k in range(3))
        blue += b > r + 30
        grey += abs(b - r) < 5
        inked.append(dark.mean())
    assert blue >= 3 and grey >= 20, (blue, grey)
    assert max(inked) > 4 * min(inked), "outlines beside solid or scribbled silhouettes"
