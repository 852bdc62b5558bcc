"""The one preprocessing definition: class names (kept torch-free in nin.classes), and a 28x28
garment -> the model's input.

Training, evaluation, the CLI and the app all go through :func:`to_model_input`. Images of
any other kind (uploads, drawings) are first turned into a 28x28 garment in the dataset's
own style (bright garment on black, centred, longest side filling the frame) by
:mod:`nin.images`; drawings additionally go through :func:`fill_enclosed`, which the
training augmentation applies to its synthetic drawings as well.
"""

import torch
import torch.nn.functional as F

from .classes import CLASSES  # noqa: F401 - re-exported: the runtime takes the class names from here

GARMENT_SIZE = 28          # Fashion-MNIST's images
PHOTO_DETAIL_SIZE = 112    # a photo's cut-out for the phone-photo weights: about the cut-out's own size
INPUT_SIZE = 224           # the model's input, as in d2l
MEAN, STD = 0.2860, 0.3530  # of the Fashion-MNIST training pixels in [0, 1]

STROKE_THRESHOLD = 0.2     # a pixel above this (in [0, 1]) is garment/ink
FILL_LEVEL = 0.55          # brightness given to the inside of a closed outline


def as_unit(garments: torch.Tensor) -> torch.Tensor:
    """[N, S, S] or [N, 1, S, S] garments (uint8 0..255 or float 0..1) -> [N, 1, S, S] float in [0, 1]."""
    if garments.dtype == torch.uint8:
        garments = garments.float() / 255.0
    if garments.dim() == 3:
        garments = garments.unsqueeze(1)
    return garments.float()


def to_model_input(garments: torch.Tensor, size: int = INPUT_SIZE) -> torch.Tensor:
    """[N, 1, S, S] garments (uint8 0..255 or float 0..1; 28, or a photo's 112) -> [N, 1, size, size]
    normalised.

    Bilinear upsampling, as torchvision's Resize(224) does in d2l, then the dataset's
    mean and standard deviation.
    """
    x = F.interpolate(as_unit(garments), size=(size, size), mode="bilinear", align_corners=False)
    return (x - MEAN) / STD


def fill_enclosed(garments: torch.Tensor, level: float = FILL_LEVEL) -> torch.Tensor:
    """Give the inside of closed outlines a mid-grey, so an outline drawing looks like the
    dataset's filled garments. [N, 1, H, W] floats in [0, 1]; strokes are kept as they are.

    Background is whatever dark pixel can be reached from the border without crossing ink
    (a geodesic dilation: repeated 3x3 max pooling inside the dark region).
    """
    dark = garments <= STROKE_THRESHOLD
    reached = torch.zeros_like(garments)
    reached[..., 0, :] = 1
    reached[..., -1, :] = 1
    reached[..., :, 0] = 1
    reached[..., :, -1] = 1
    reached = reached * dark
    # 4-connectivity would leak less through diagonal gaps; a cross-shaped pooling gives it.
    for _ in range(garments.shape[-1] * garments.shape[-2]):
        grown = torch.maximum(
            F.max_pool2d(reached, kernel_size=(3, 1), stride=1, padding=(1, 0)),
            F.max_pool2d(reached, kernel_size=(1, 3), stride=1, padding=(0, 1)),
        ) * dark
        if torch.equal(grown, reached):
            break
        reached = grown
    enclosed = dark & (reached == 0)
    return torch.where(enclosed, torch.full_like(garments, level), garments)
