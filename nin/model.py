"""NiN ("Network in Network", Lin et al. 2013) exactly as Dive into Deep Learning builds it.

The structure is the book's: four NiN blocks (a spatial convolution followed by two 1x1
convolutions, each with a ReLU), max pooling between them, dropout, and global average
pooling in place of fully connected layers. Only the names are ours (``block1``, ``pool1``,
...), so that a reader of a feature map or a state-dict key knows where it comes from.
"""

from collections import OrderedDict
from functools import lru_cache

import torch
from torch import nn

NUM_CLASSES = 10
IN_CHANNELS = 1


def nin_block(in_channels: int, out_channels: int, kernel_size: int, strides: int, padding: int) -> nn.Sequential:
    """A spatial convolution, then two 1x1 convolutions: a small MLP applied at every pixel."""
    return nn.Sequential(OrderedDict([
        ("conv", nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding)),
        ("relu", nn.ReLU()),
        ("conv1x1_a", nn.Conv2d(out_channels, out_channels, kernel_size=1)),
        ("relu_a", nn.ReLU()),
        ("conv1x1_b", nn.Conv2d(out_channels, out_channels, kernel_size=1)),
        ("relu_b", nn.ReLU()),
    ]))


class NiN(nn.Sequential):
    """The d2l NiN for 1-channel images; fully convolutional, so any input of at least
    :func:`min_input_size` pixels a side works (224 is the size it is trained and shown at)."""

    def __init__(self, num_classes: int = NUM_CLASSES, dropout: float = 0.5):
        super().__init__(OrderedDict([
            ("block1", nin_block(IN_CHANNELS, 96, kernel_size=11, strides=4, padding=0)),
            ("pool1", nn.MaxPool2d(3, stride=2)),
            ("block2", nin_block(96, 256, kernel_size=5, strides=1, padding=2)),
            ("pool2", nn.MaxPool2d(3, stride=2)),
            ("block3", nin_block(256, 384, kernel_size=3, strides=1, padding=1)),
            ("pool3", nn.MaxPool2d(3, stride=2)),
            ("dropout", nn.Dropout(dropout)),
            ("block4", nin_block(384, num_classes, kernel_size=3, strides=1, padding=1)),
            ("gap", nn.AdaptiveAvgPool2d((1, 1))),
            ("flatten", nn.Flatten()),
        ]))

    def reset_parameters(self) -> None:
        """Kaiming initialisation: without batch norm this network stalls at chance easily."""
        for module in self.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, mode="fan_in", nonlinearity="relu")
                nn.init.zeros_(module.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input_shape(x.shape)
        return super().forward(x)


def _spatial_layers(model: nn.Module | None = None):
    """(kernel, stride, padding) of each layer that shrinks the image, in order."""
    model = model or NiN()
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.MaxPool2d)):
            k, s, p = (module.kernel_size, module.stride, module.padding)
            yield tuple(v if isinstance(v, int) else v[0] for v in (k, s, p))


def output_side(side: int) -> int:
    """The side of the last block's maps for an input side (0 or less: too small)."""
    for kernel, stride, padding in _spatial_layers():
        side = (side + 2 * padding - kernel) // stride + 1
        if side < 1:
            return 0
    return side


@lru_cache(maxsize=None)
def min_input_size() -> int:
    """The smallest square input the network can take (67 pixels for this NiN)."""
    side = 1
    while output_side(side) < 1:
        side += 1
    return side


def check_input_shape(shape) -> None:
    """Raise a ValueError that says what is wrong with an input shape, before torch does."""
    min_side = min_input_size()
    if len(shape) != 4:
        raise ValueError(f"NiN expects a batch of shape [N, 1, H, W]; got {tuple(shape)}")
    if shape[1] != IN_CHANNELS:
        raise ValueError(f"NiN expects 1-channel (grayscale) images; got {shape[1]} channels")
    height, width = shape[-2:]
    if min(height, width) < min_side:
        raise ValueError(
            f"input {height}x{width} is too small for NiN: each side must be at least {min_side} pixels "
            f"(three 3x3/2 max pools after an 11x11/4 convolution); the model is shown at 224x224")


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
