"""Family D, quick mouse doodles (nin.lab.families.doodles): what is particular to it. The rules every family
keeps are checked in test_families.py."""

import numpy as np

from nin.lab.families import doodles


def test_doodles_vary_in_brush_fill_size_and_schema():
    inked, extents = [], []
    for i in range(30):
        gray = np.asarray(doodles.draw(i % 10, np.random.default_rng([6, i])))[..., 0]
        ys, xs = np.nonzero(gray < 128)
        inked.append(float((gray < 128).mean()))
        extents.append(max(np.ptp(xs), np.ptp(ys)) / doodles.SIZE)
    assert max(inked) > 5 * min(inked), "thin outlines and solid or scribbled fills"
    assert min(extents) < 0.5 and max(extents) > 0.75, "small and large doodles"
    tees = {np.asarray(doodles.draw(0, np.random.default_rng([7, i]))).tobytes() for i in range(6)}
    assert len(tees) == 6


def test_a_doodle_is_a_handful_of_strokes():
    doodle = doodles.Doodle()
    doodles._tshirt(doodle, np.random.default_rng(0))
    assert 1 <= len(doodle.shapes) <= 3 and len(doodle.lines) <= 6
