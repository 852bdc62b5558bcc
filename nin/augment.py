"""Training augmentation, done on whole batches of 28x28 garments as tensors.

Besides small shifts and mirror images, a share of each batch is turned into what a person
draws: the outline of the garment (and a few inner edges) with strokes of random width,
then put through the same :func:`nin.preprocess.fill_enclosed` that the app applies to a
drawing. That is how the committed weights learn to read sketches, not only photos.
"""

import torch
import torch.nn.functional as F

from .preprocess import STROKE_THRESHOLD, fill_enclosed


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


def _dilate(mask: torch.Tensor, radius: int) -> torch.Tensor:
    return F.max_pool2d(mask, 2 * radius + 1, stride=1, padding=radius) if radius else mask


def sketch_like(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Turn garments [N, 1, 28, 28] in [0, 1] into outline drawings, then fill them as the app does."""
    n = x.shape[0]
    silhouette = (x > STROKE_THRESHOLD * 0.5).float()
    # The outline: silhouette minus its erosion (outside the frame counts as background).
    eroded = -F.max_pool2d(-F.pad(silhouette, (1, 1, 1, 1)), 3, stride=1)
    outline = silhouette - eroded
    # Some inner edges (collars, straps, seams), as people draw them.
    gy = x[..., 1:, :] - x[..., :-1, :]
    gx = x[..., :, 1:] - x[..., :, :-1]
    edges = torch.zeros_like(x)
    edges[..., 1:, :] += gy.abs()
    edges[..., :, 1:] += gx.abs()
    keep_inner = (torch.rand(n, 1, 1, 1, generator=generator) < 0.5).float()
    strokes = torch.maximum(outline, (edges > 0.35).float() * silhouette * keep_inner)
    # Strokes one or two pixels wide, with a soft (anti-aliased) edge like a downscaled brush.
    thick = (torch.rand(n, 1, 1, 1, generator=generator) < 0.4).float()
    strokes = torch.maximum(strokes, _dilate(strokes, 1) * thick)
    blurred = F.avg_pool2d(strokes, 3, stride=1, padding=1)
    brightness = 0.7 + 0.3 * torch.rand(n, 1, 1, 1, generator=generator)
    drawing = torch.maximum(strokes, blurred * 0.6).clamp(0, 1) * brightness
    return fill_enclosed(drawing)


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
