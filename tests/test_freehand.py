"""Family C, freehand drawings (nin.lab.families.freehand: parts + a simulated pen): what is particular to it.
The rules every family keeps are checked in test_families.py."""

import numpy as np

from nin.lab.families.freehand import draw


def test_shoes_mostly_point_left():
    """Toe to the left: the lower-left of the shoe's ink box is more inked than the lower-right
    (the toe is low, the heel/shaft side is tall); asserted over several drawings."""
    left = 0
    for i in range(10):
        gray = np.asarray(draw(7, np.random.default_rng([9, i])))[..., 0] < 128
        rows, cols = np.nonzero(gray)
        top, bottom, lo, hi = rows.min(), rows.max(), cols.min(), cols.max()
        mid_x, mid_y = (lo + hi) // 2, (top + bottom) // 2
        upper = gray[top:mid_y]
        # the sneaker's collar and tongue (the tall part) sit towards the heel
        left += upper[:, lo:mid_x].sum() < upper[:, mid_x:hi + 1].sum()
    assert left >= 6


def test_drawing_benchmark_scores_every_family(capsys):
    """benchmarks/drawings.py reports every family of the registry, per class, through the app's sketch path."""
    from benchmarks import drawings as benchmark
    from nin.lab.families import FAMILIES

    benchmark.main(["--n-per-class", "1", "--seed", "3"])
    out = capsys.readouterr().out
    header = out.splitlines()[2]
    assert all(family.title in header for family in FAMILIES)
    assert "C (freehand)" in header and "I (held out: heldout_people)" in header
    assert out.count("(n=10)") == len(benchmark.FAMILIES) == 9
