"""The training augmentation (nin.lab.augment): what each step does to a batch, checked against
what it should do (a garment moved, mirrored or drawn), not against a copy of its code."""

import pytest
import torch

from nin.lab.augment import augment, random_shift, sketch_like
from nin.lab.data import load_split
from nin.preprocess import FILL_LEVEL, STROKE_THRESHOLD


def garments(data_dir, n=64) -> torch.Tensor:
    images, _ = load_split(data_dir, train=True)
    return images[:n].unsqueeze(1).float() / 255.0


def distinct_images(n=32, size=28) -> torch.Tensor:
    """Images whose pixels all differ, so that any shift of one shows."""
    return torch.rand(n, 1, size, size, generator=torch.Generator().manual_seed(0)) * 0.9 + 0.1


def moved(image: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """``image`` [1, H, W] moved down by dy and right by dx pixels, black where nothing moved in."""
    out = torch.zeros_like(image)
    h, w = image.shape[-2:]
    out[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        image[:, max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def offset(before: torch.Tensor, after: torch.Tensor, max_shift: int):
    """The (dy, dx) within max_shift that moves ``before`` onto ``after``, else None."""
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            if torch.equal(moved(before, dy, dx), after):
                return dy, dx
    return None


def test_random_shift_moves_each_image_by_at_most_max_shift():
    x = distinct_images()
    shifted = random_shift(x, 2, torch.Generator().manual_seed(0))
    assert shifted.shape == x.shape
    offsets = [offset(before, after, 2) for before, after in zip(x, shifted)]
    assert None not in offsets  # each image only moved, by at most 2 px each way, black filled in
    # The shifts are drawn per image: most images move, and not all by the same amount.
    assert sum(o != (0, 0) for o in offsets) >= len(x) // 2
    assert len(set(offsets)) >= 5


def test_random_shift_is_reproducible(data_dir):
    x = garments(data_dir, 16)
    a = random_shift(x, 2, torch.Generator().manual_seed(1))
    assert torch.equal(a, random_shift(x, 2, torch.Generator().manual_seed(1)))
    assert not torch.equal(a, random_shift(x, 2, torch.Generator().manual_seed(2)))
    assert torch.equal(random_shift(x, 0, torch.Generator().manual_seed(1)), x)


def test_augment_without_drawings_gives_each_garment_moved_or_mirrored(data_dir):
    x = garments(data_dir, 32)
    out = augment(x, torch.Generator().manual_seed(3), sketch_share=0.0, max_shift=2)
    assert out.shape == x.shape
    mirrored = 0
    for before, after in zip(x, out):
        if offset(before, after, 2) is not None:
            continue
        assert offset(before.flip(-1), after, 2) is not None, "neither the garment nor its mirror, moved"
        mirrored += 1
    assert 0 < mirrored < len(x)  # some mirrored, some not
    # With every step off, the garments come back as they were.
    assert torch.equal(augment(x, torch.Generator().manual_seed(3), sketch_share=0.0, max_shift=0, flip=False), x)


@pytest.mark.parametrize("share", [0.25, 1.0])
def test_augment_turns_about_its_share_into_drawings(data_dir, share):
    x = garments(data_dir, 64)
    out = augment(x, torch.Generator().manual_seed(4), sketch_share=share, max_shift=0, flip=False)
    a = augment(x, torch.Generator().manual_seed(4), sketch_share=share, max_shift=0, flip=False)
    assert torch.equal(out, a) and out.min() >= 0 and out.max() <= 1
    drawn = (out != x).flatten(1).any(1).float().mean().item()
    assert drawn == pytest.approx(share, abs=0.15)


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
