"""NiN in int8 on a CPU without native bf16, with fp32 wherever int8 could change the answer.

PyTorch's FX post-training quantization (oneDNN backend: int8 weights per channel, 8-bit
activations) runs blocks 1-3, nearly all of the work, several times faster than fp32 on such a CPU
(docs/performance.md). The rest stays in fp32: the last pooling, block 4 and the global average (a 12x12
map and smaller), so that the logits are not rounded to int8's grid, and Grad-CAM's gradient
flows through fp32 layers. The images whose two top logits still come closer than MARGIN are
run again entirely in fp32 (about one in a hundred), which keeps the answers those of fp32 (agreement on
the 10,000 test images: docs/performance.md).

Two graphs share one calibration (what the observers saw of training images, kept beside the
weights in int8_calibration.safetensors and named by the model's sha256; made by
``python -m nin.lab.int8``): ``front`` gives block 3's output, ``probing_front`` also every
probed layer before it, for the page's feature maps.
"""

from __future__ import annotations

import copy
import warnings
from collections import OrderedDict
from pathlib import Path
from unittest.mock import patch

import torch
import torch.fx.config
import torch.nn.functional as F
from safetensors import safe_open
from torch import nn

from .preprocess import GARMENT_SIZE, INPUT_SIZE, MEAN, STD, as_unit

# Answers whose two top int8 logits are closer than this run again in fp32: a wider margin reruns more
# answers for little more agreement with fp32 (the margins measured: docs/performance.md).
MARGIN = 0.1
BACKEND = "onednn"  # full 8-bit activations (x86 keeps 7 bits on a CPU without VNNI: lower agreement)
CALIBRATION_FILE = "int8_calibration.safetensors"
QUANTIZED = ("block1", "pool1", "block2", "pool2", "block3")  # up to Grad-CAM's layer, block3.relu_b
# What probing_front gives, in order: the probed layers (nin.probe) of the quantized ones.
PROBED = ("block1.relu", "block1.relu_a", "block1.relu_b", "pool1", "block2.relu", "block2.relu_a", "block2.relu_b",
          "pool2", "block3.relu", "block3.relu_a", "block3.relu_b")
UNSHUFFLE = 4       # block1's stride


def as_stride_one(conv: nn.Conv2d, factor: int = UNSHUFFLE) -> nn.Conv2d:
    """A 1-channel convolution of stride ``factor`` as the same sums over F.pixel_unshuffle(x, factor):
    a stride-1 convolution of factor² channels with a kernel factor times smaller (zero-padded).
    oneDNN's int8 kernels are slow with one input channel: block 1's convolution took as long as in
    fp32; this way about half as long (docs/performance.md)."""
    out_channels, _, k, _ = conv.weight.shape
    side = -(-k // factor)
    weight = F.pad(conv.weight.detach(), (0, side * factor - k, 0, side * factor - k))
    weight = weight.view(out_channels, side, factor, side, factor).permute(0, 2, 4, 1, 3)
    stride_one = nn.Conv2d(factor * factor, out_channels, side, stride=1, padding=0)
    stride_one.weight.data = weight.reshape(out_channels, factor * factor, side, side).contiguous()
    stride_one.bias.data = conv.bias.detach().clone()
    return stride_one


class UnshuffledInput(nn.Module):
    """Garments [N, S, S] or [N, 1, S, S] (uint8, or float in [0, 1]; S = garment_size) -> the model's input
    (nin.preprocess.to_model_input) already pixel-unshuffled for block 1: [N, 16, 56, 56].

    Bilinear upsampling is one matrix on each side of the garment; with its rows grouped by unshuffle
    phase, two small products give the unshuffled input directly, and as each row sums to 1, the garment
    can be normalised first: several times faster than upsampling, normalising, unshuffling (docs/performance.md).
    """

    def __init__(self, garment_size: int = GARMENT_SIZE, input_size: int = INPUT_SIZE, factor: int = UNSHUFFLE):
        super().__init__()
        # Row i of the upsampling matrix: the weights of the garment_size source pixels for output pixel i.
        unit = torch.eye(garment_size)[:, None, :]
        upsampling = F.interpolate(unit, size=input_size, mode="linear", align_corners=False)[:, 0].T
        # Output pixel i = factor * p + a goes to row a * (input_size // factor) + p.
        side = input_size // factor
        self.register_buffer("rows", upsampling.view(side, factor, garment_size).transpose(0, 1)
                             .reshape(input_size, garment_size).contiguous())
        self.factor, self.side = factor, side

    def forward(self, garments: torch.Tensor) -> torch.Tensor:
        x = (as_unit(garments) - MEAN) / STD
        y = self.rows @ x @ self.rows.T  # [N, 1, (a, p), (b, q)]
        f, s = self.factor, self.side
        return y.view(len(y), f, s, f, s).permute(0, 1, 3, 2, 4).reshape(len(y), f * f, s, s)


class _Front(nn.Module):
    """Blocks 1-3 of ``model`` on an unshuffled input (the form FX quantizes): block 3's output, or
    with ``probing`` the outputs of every layer in PROBED, in that order."""

    def __init__(self, model: nn.Module, probing: bool):
        super().__init__()
        for name in QUANTIZED:
            setattr(self, name, copy.deepcopy(getattr(model, name)).cpu().eval())
        self.block1.conv = as_stride_one(self.block1.conv)
        self.probing = probing

    def forward(self, x):
        outputs = []
        for name in QUANTIZED:
            layer = getattr(self, name)
            if isinstance(layer, nn.Sequential):
                for inner in layer:
                    x = inner(x)
                    if isinstance(inner, nn.ReLU):
                        outputs.append(x)
            else:
                x = layer(x)
                outputs.append(x)
        return tuple(outputs) if self.probing else x


def _backend_config():
    from torch.ao.quantization.backend_config import get_onednn_backend_config
    return get_onednn_backend_config()


def prepared(model: nn.Module, probing: bool = False) -> torch.fx.GraphModule:
    """Blocks 1-3 as FX prepares them for quantization: an observer after each quantized activation
    (the same observers, by name, whether ``probing`` or not)."""
    from torch.ao.quantization import QConfig, get_default_qconfig_mapping
    from torch.ao.quantization.observer import PerChannelMinMaxObserver
    from torch.ao.quantization.quantize_fx import prepare_fx

    torch.backends.quantized.engine = BACKEND
    with warnings.catch_warnings():  # that 8-bit activations may overflow without VNNI: see below
        warnings.simplefilter("ignore")
        mapping = get_default_qconfig_mapping(BACKEND)
    # Without VNNI, int8 kernels add pairs of neighbouring products in 16 bits, which overflow where two
    # large pixels meet two large weights: in block 1's unshuffled input, neighbouring channels are
    # neighbouring pixels. Its weights in 7 bits cannot overflow (the error halves: docs/performance.md).
    seven_bits = PerChannelMinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_channel_symmetric,
                                                    quant_min=-64, quant_max=63)
    mapping = mapping.set_module_name("block1.conv", QConfig(activation=mapping.global_qconfig.activation,
                                                             weight=seven_bits))
    example = F.pixel_unshuffle(torch.zeros(1, 1, 224, 224), UNSHUFFLE)
    # Without the source lines of each traced node, which would import torch's compiler (memory and seconds
    # at every start: docs/performance.md).
    with warnings.catch_warnings(), patch.object(torch.fx.config, "do_not_emit_stack_traces", True):
        warnings.simplefilter("ignore")  # FX quantization warns that it moves to torchao
        return prepare_fx(_Front(model, probing).eval(), mapping, (example,), backend_config=_backend_config())


def observers(graph: torch.fx.GraphModule) -> dict[str, nn.Module]:
    from torch.ao.quantization.observer import ObserverBase
    return {name: module for name, module in graph.named_modules() if isinstance(module, ObserverBase)}


def quantized(model: nn.Module, calibration: dict[str, torch.Tensor], probing: bool = False,
              garment_size: int = GARMENT_SIZE) -> nn.Module:
    """Blocks 1-3 of ``model`` in int8, quantized as ``calibration`` says: garments of ``garment_size`` in
    (as :class:`UnshuffledInput` takes them), fp32 out (block 3's output, or with ``probing`` a tuple of
    PROBED's outputs)."""
    from torch.ao.quantization.quantize_fx import convert_fx

    graph = prepared(model, probing)
    for name, observer in observers(graph).items():
        observer.load_state_dict({key[len(name) + 1:]: value for key, value in calibration.items()
                                  if key.startswith(name + ".")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        graph = convert_fx(graph, backend_config=_backend_config())
    return nn.Sequential(OrderedDict(input=UnshuffledInput(garment_size), blocks=graph)).eval()


def load_calibration(folder, model_sha256: str) -> dict[str, torch.Tensor] | None:
    """The calibration kept in ``folder`` for the model of ``model_sha256`` and these quantized
    layers; None if there is none for them."""
    path = Path(folder) / CALIBRATION_FILE
    if not path.is_file():
        return None
    with safe_open(str(path), framework="pt") as kept:
        meta = kept.metadata() or {}
        if meta.get("model_sha256") != model_sha256 or meta.get("quantized") != ",".join(QUANTIZED):
            return None
        return {key: kept.get_tensor(key) for key in kept.keys()}


class Int8Network:
    """The int8 stand-ins for blocks 1-3 of one fp32 NiN, ``model``, which runs the rest; it reads
    garments of ``garment_size``."""

    quantized = QUANTIZED

    def __init__(self, model: nn.Module, calibration: dict[str, torch.Tensor], garment_size: int = GARMENT_SIZE):
        self.model = model
        self.front = quantized(model, calibration, garment_size=garment_size)
        self.probing_front = quantized(model, calibration, probing=True, garment_size=garment_size)

    def probe_front(self, garments: torch.Tensor) -> dict[str, torch.Tensor]:
        """{key: output} of the layers in PROBED for garments [N, 1, S, S] (for nin.probe)."""
        return dict(zip(PROBED, self.probing_front(garments)))

    def logits(self, garments: torch.Tensor) -> torch.Tensor:
        """Garments [N, S, S] or [N, 1, S, S] -> [N, 10] logits, from block 3 on in fp32."""
        x = self.front(garments)
        for name, layer in self.model.named_children():
            if name not in QUANTIZED:
                x = layer(x)
        return x


def undecided(logits: torch.Tensor, margin: float = MARGIN) -> torch.Tensor:
    """Which rows of int8 logits [N, 10] have their two top logits closer than ``margin``."""
    top2 = logits.topk(2, dim=1).values
    return top2[:, 0] - top2[:, 1] < margin
