"""Family F, pictograms (nin.lab.families.pictograms): variety, pens and the app's view of them (the rules every
family keeps are checked in test_families.py)."""

import numpy as np
import pytest

from nin.images import from_sketch
from nin.lab.families import pictograms
from nin.lab.families.pictograms import SIZE, draw


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
