"""The training augmentation (nin.lab.augment) on real garments: shapes, ranges, reproducibility,
and that its drawings look like drawings (outlines, fills), as the app's sketch path makes them."""

import torch

from nin.lab.augment import augment, random_shift, sketch_like
from nin.lab.data import load_split
from nin.preprocess import FILL_LEVEL, STROKE_THRESHOLD


def garments(data_dir, n=64) -> torch.Tensor:
    images, _ = load_split(data_dir, train=True)
    return images[:n].unsqueeze(1).float() / 255.0


def test_augment_keeps_shape_and_range_and_is_reproducible(data_dir):
    x = garments(data_dir)
    a = augment(x, torch.Generator().manual_seed(3), sketch_share=0.5)
    b = augment(x, torch.Generator().manual_seed(3), sketch_share=0.5)
    c = augment(x, torch.Generator().manual_seed(4), sketch_share=0.5)
    assert a.shape == x.shape and a.min() >= 0 and a.max() <= 1
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert not torch.equal(a, x)


def test_random_shift_moves_pixels_without_changing_them(data_dir):
    x = garments(data_dir, 8)
    shifted = random_shift(x, 2, torch.Generator().manual_seed(0))
    # A garment is kept whole (its border is black) and only moved: the same pixels, elsewhere.
    assert torch.allclose(shifted.sum(dim=(1, 2, 3)), x.sum(dim=(1, 2, 3)), rtol=0.05)


def test_sketch_like_draws_outlines_and_fills_them_like_the_app(data_dir):
    x = garments(data_dir)
    drawn = sketch_like(x, torch.Generator().manual_seed(0))
    assert drawn.shape == x.shape and drawn.min() >= 0 and drawn.max() <= 1
    ink = drawn > STROKE_THRESHOLD
    garment = x > STROKE_THRESHOLD
    # Drawings are not the photos: ink differs from the garment's pixels for every image.
    assert ((ink != garment).float().mean(dim=(1, 2, 3)) > 0.02).all()
    # Closed outlines are filled with the app's fill level (fill_enclosed), in most drawings.
    filled = (drawn - FILL_LEVEL).abs() < 1e-6
    assert filled.flatten(1).any(1).float().mean() > 0.5
