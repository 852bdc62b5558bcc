"""Training augmentation, done on whole batches of 28x28 garments as tensors.

Besides small shifts and mirror images, a share of each batch is turned into what a person
draws: the outline of the garment (and a few inner edges) with strokes of random width,
then put through the same :func:`nin.preprocess.fill_enclosed` that the app applies to a
drawing. That is how the committed weights learn to read sketches, not only photos.
"""

import torch
import torch.nn.functional as F

from ..preprocess import STROKE_THRESHOLD, fill_enclosed


def random_shift(x: torch.Tensor, max_shift: int, generator: torch.Generator) -> torch.Tensor:
    """Shift each image by up to ``max_shift`` pixels in each direction (zero fill)."""
    n, _, h, w = x.shape
    padded = F.pad(x, (max_shift,) * 4)
    dy = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(h)[None, :])  # [n, h]
    cols = (dx[:, None] + torch.arange(w)[None, :])  # [n, w]
    batch = torch.arange(n)[:, None, None]
    return padded[batch, 0, rows[:, :, None], cols[:, None, :]].unsqueeze(1)


def _erode(mask: torch.Tensor, steps: int) -> torch.Tensor:
    for _ in range(steps):  # outside the frame counts as background
        mask = -F.max_pool2d(-F.pad(mask, (1, 1, 1, 1)), 3, stride=1)
    return mask


def _tilt_and_wobble(x: torch.Tensor, generator: torch.Generator, max_degrees: float = 15.0,
                     wobble: float = 0.04) -> torch.Tensor:
    """Rotate each drawing a little and bend it with a smooth random field, as a hand does."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=generator) * 2 - 1) * max_degrees * torch.pi / 180
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos, -sin, torch.zeros(n)], 1),
                         torch.stack([sin, cos, torch.zeros(n)], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    coarse = (torch.rand(n, 2, 4, 4, generator=generator) * 2 - 1) * wobble
    grid = grid + F.interpolate(coarse, size=x.shape[-2:], mode="bicubic", align_corners=False).permute(0, 2, 3, 1)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def sketch_like(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Turn garments [N, 1, 28, 28] in [0, 1] into drawings, then fill them as the app does.

    Drawn the ways people draw: outlines 1-3 px wide, some with inner edges (collars, straps,
    seams), some left open; solid silhouettes; scribbled fills; all slightly tilted and wobbly.
    """
    n = x.shape[0]

    def per_image(p: float) -> torch.Tensor:
        return (torch.rand(n, 1, 1, 1, generator=generator) < p).float()

    silhouette = (x > STROKE_THRESHOLD * 0.5).float()
    width = torch.randint(1, 4, (n, 1, 1, 1), generator=generator)
    outline = silhouette - torch.where(width == 1, _erode(silhouette, 1),
                                       torch.where(width == 2, _erode(silhouette, 2), _erode(silhouette, 3)))
    gy = x[..., 1:, :] - x[..., :-1, :]
    gx = x[..., :, 1:] - x[..., :, :-1]
    edges = torch.zeros_like(x)
    edges[..., 1:, :] += gy.abs()
    edges[..., :, 1:] += gx.abs()
    strokes = torch.maximum(outline, (edges > 0.35).float() * silhouette * per_image(0.5))
    # Open outlines: a few gaps where the pen was lifted.
    holes = (torch.rand(n, 1, 7, 7, generator=generator) < 0.06).float()
    gaps = F.max_pool2d(F.interpolate(holes, size=x.shape[-2:], mode="nearest"), 3, stride=1, padding=1)
    strokes = strokes * (1 - gaps * per_image(0.2))
    # Scribbled fills (diagonal zig-zags) and solid silhouettes.
    rows, cols = torch.meshgrid(torch.arange(x.shape[-2]), torch.arange(x.shape[-1]), indexing="ij")
    period = torch.randint(3, 6, (n, 1, 1, 1), generator=generator)
    hatch = (((rows + cols)[None, None] % period) == 0).float()
    scribbled, filled = per_image(0.12), per_image(0.12)
    strokes = torch.maximum(strokes, hatch * silhouette * scribbled)
    strokes = torch.where(filled.bool(), silhouette, strokes)
    blurred = F.avg_pool2d(strokes, 3, stride=1, padding=1)
    brightness = 0.7 + 0.3 * torch.rand(n, 1, 1, 1, generator=generator)
    drawing = torch.maximum(strokes, blurred * 0.6).clamp(0, 1) * brightness
    return fill_enclosed(_tilt_and_wobble(drawing, generator))


def augment(x: torch.Tensor, generator: torch.Generator, sketch_share: float = 0.25,
            max_shift: int = 2, flip: bool = True) -> torch.Tensor:
    """The training augmentation for a batch of garments [N, 1, 28, 28] in [0, 1]."""
    n = x.shape[0]
    if flip:
        mirrored = torch.rand(n, generator=generator) < 0.5
        x = torch.where(mirrored[:, None, None, None], x.flip(-1), x)
    if sketch_share > 0:
        as_sketch = torch.rand(n, generator=generator) < sketch_share
        if as_sketch.any():
            x = x.clone()
            x[as_sketch] = sketch_like(x[as_sketch], generator)
    if max_shift:
        x = random_shift(x, max_shift, generator)
    return x
