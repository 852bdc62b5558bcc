"""Layer probing: run NiN layer by layer, keeping what every layer outputs, and Grad-CAM.

The walk through ``model.named_children()`` performs exactly the computation of
``model(x)`` (the network is an ``nn.Sequential``), so the probed logits equal the plain
forward's.
"""

from dataclasses import dataclass

import torch
from torch import nn

# Where Grad-CAM looks: the last 12x12 maps, before the pooling that leaves 5x5.
CAM_LAYER = "block3.relu_b"

_INNER = {
    "relu": ("{k}x{k} conv + ReLU", "The block's spatial convolution: {c} filters of {k}x{k}{stride}."),
    "relu_a": ("1x1 conv (a) + ReLU",
               "A 1x1 convolution: at every pixel, a fully connected layer from the {c} channels to "
               "{c} channels, then ReLU. Together with (b) it is a small two-layer MLP applied at every "
               "position, NiN's central idea in place of a plain linear filter."),
    "relu_b": ("1x1 conv (b) + ReLU",
               "The second layer of the per-pixel MLP: again {c} to {c} channels at every pixel, no "
               "mixing across space."),
}


@dataclass(frozen=True)
class ProbedLayer:
    key: str      # "block1.relu_a", "pool1", "gap"
    title: str    # for the layer picker
    note: str     # what the layer does, one or two sentences
    channels: int  # how many feature maps it outputs


def probed_layers(model: nn.Module) -> list[ProbedLayer]:
    """Every layer whose output the app shows, in order: each conv (after its ReLU) of each
    block, each pool and the global average pool."""
    layers, channels = [], 0
    for name, layer in model.named_children():
        if isinstance(layer, nn.Sequential):
            conv = layer.conv
            channels = conv.out_channels
            k, s = conv.kernel_size[0], conv.stride[0]
            stride = f", stride {s}" if s != 1 else ""
            for inner in ("relu", "relu_a", "relu_b"):
                title, note = _INNER[inner]
                fmt = dict(k=k, c=conv.out_channels, stride=stride)
                layers.append(ProbedLayer(f"{name}.{inner}", f"{name} · {title.format(**fmt)}", note.format(**fmt),
                                          channels))
            if name == "block4":
                layers[-1] = ProbedLayer(layers[-1].key, layers[-1].title, layers[-1].note +
                                         " Here there are 10 channels, one per class: global average "
                                         "pooling turns each map into that class's score.", channels)
        elif isinstance(layer, nn.MaxPool2d):
            layers.append(ProbedLayer(name, f"{name} · 3x3 max pool, stride 2",
                                      "Keeps the strongest response in each 3x3 window, halving the size.", channels))
        elif isinstance(layer, nn.AdaptiveAvgPool2d):
            layers.append(ProbedLayer(name, f"{name} · global average pool",
                                      "Averages each class map to one number: the logits. No fully "
                                      "connected layer at all.", channels))
    return layers


def probe(model: nn.Module, x: torch.Tensor, keep: set[str] | None = None, cam_class: int | None = -1,
          front=None) -> tuple[torch.Tensor, dict[str, torch.Tensor], torch.Tensor | None]:
    """(logits, {layer key: output}, Grad-CAM [N, H, W] or None) for a batch ``x``.

    ``cam_class`` -1 means the predicted class, None skips Grad-CAM. The part of the network
    before CAM_LAYER runs without autograd; only the small tail after it keeps a graph.
    ``front``: a :class:`nin.int8.Int8Network`, which stands in for the network's layers up to
    CAM_LAYER and gives their outputs; the rest runs in ``model``. ``x`` is then what the front takes
    (garments).
    """
    outputs: dict[str, torch.Tensor] = {}
    cam_input = None
    grad_enabled = False

    def record(key, value):
        if keep is None or key in keep:
            outputs[key] = value

    def start_cam(key, value):
        nonlocal cam_input, grad_enabled
        if key == CAM_LAYER and cam_class is not None:
            cam_input = value.detach().requires_grad_(True)
            torch.set_grad_enabled(True)
            grad_enabled = True
            return cam_input
        return value

    grad_was_enabled = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        children = list(model.named_children())
        if front is not None:
            for key, value in front.probe_front(x).items():
                record(key, value)
            x = start_cam(key, value)
            children = [(name, layer) for name, layer in children if name not in front.quantized]
        for name, layer in children:
            if isinstance(layer, nn.Sequential):
                for inner_name, inner in layer.named_children():
                    x = inner(x)
                    key = f"{name}.{inner_name}"
                    if isinstance(inner, nn.ReLU):
                        record(key, x)
                    x = start_cam(key, x)
            else:
                x = layer(x)
                if isinstance(layer, (nn.MaxPool2d, nn.AdaptiveAvgPool2d)):
                    record(name, x)
        logits = x
        cam = None
        if grad_enabled:
            target = logits.argmax(1) if cam_class == -1 else torch.full((len(logits),), cam_class)
            score = logits.gather(1, target[:, None].to(logits.device)).sum()
            (grad,) = torch.autograd.grad(score, cam_input)
            weights = grad.float().mean(dim=(2, 3), keepdim=True)
            cam = torch.relu((weights * cam_input.detach().float()).sum(1))
    finally:
        torch.set_grad_enabled(grad_was_enabled)
    return logits.detach(), {k: v.detach() for k, v in outputs.items()}, cam
