"""The per-layer shape table, as d2l prints it, plus inner layers, parameters and multiply-adds.

    python -m nin.summary [--size 224] [--verbose]

One function, :func:`layer_table`, makes the rows; this CLI and the app both show them.
"""

import argparse
from dataclasses import dataclass

import torch
from torch import nn

from .model import NiN, check_input_shape, count_parameters
from .preprocess import INPUT_SIZE


@dataclass
class LayerRow:
    name: str            # "block1" or, for an inner layer, "block1.conv"
    kind: str            # the module's class name, as d2l prints it
    shape: torch.Size    # output shape for a batch of one
    params: int
    macs: int            # multiply-adds for one image
    inner: bool          # an inner layer of a NiN block

    def d2l_line(self) -> str:
        """The line d2l prints for a top-level layer."""
        return f"{self.kind} output shape: {self.shape}"


def _macs(module: nn.Module, output: torch.Tensor) -> int:
    if isinstance(module, nn.Conv2d):
        kh, kw = module.kernel_size
        return output.numel() * (module.in_channels // module.groups) * kh * kw
    return 0


@torch.no_grad()
def layer_table(size: int = INPUT_SIZE, model: nn.Module | None = None) -> list[LayerRow]:
    """Rows for every top-level layer, each followed by its inner layers (if it has any)."""
    model = model or NiN()
    rows: list[LayerRow] = []
    x = torch.zeros(1, 1, size, size)
    check_input_shape(x.shape)
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    x = x.to(device)
    for name, layer in model.named_children():
        inner_rows = []
        if isinstance(layer, nn.Sequential):
            y = x
            for inner_name, inner in layer.named_children():
                y = inner(y)
                inner_rows.append(LayerRow(f"{name}.{inner_name}", type(inner).__name__, y.shape,
                                           count_parameters(inner), _macs(inner, y), True))
        x = layer(x)
        rows.append(LayerRow(name, type(layer).__name__, x.shape, count_parameters(layer),
                             sum(r.macs for r in inner_rows) if inner_rows else _macs(layer, x), False))
        rows.extend(inner_rows)
    model.train(was_training)
    return rows


def d2l_listing(rows: list[LayerRow]) -> str:
    """d2l's listing: one line per top-level layer, as the book's NiN section prints it."""
    return "\n".join(row.d2l_line() for row in rows if not row.inner)


def d2l_lines(size: int = INPUT_SIZE) -> list[str]:
    return d2l_listing(layer_table(size)).splitlines()


def format_table(rows: list[LayerRow]) -> str:
    """The verbose table: inner layers indented, with parameters and multiply-adds."""
    header = f"{'layer':<22}{'type':<19}{'output shape':<22}{'params':>11}{'mult-adds':>15}"
    lines = [header, "-" * len(header)]
    for row in rows:
        label = ("  " + row.name) if row.inner else row.name
        shape = "x".join(str(d) for d in row.shape)
        lines.append(f"{label:<22}{row.kind:<19}{shape:<22}{row.params:>11,}{row.macs:>15,}")
    top = [r for r in rows if not r.inner]
    lines.append("-" * len(header))
    lines.append(f"{'total':<63}{sum(r.params for r in top):>11,}{sum(r.macs for r in top):>15,}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print NiN's per-layer output shapes (d2l's listing).")
    parser.add_argument("--size", type=int, default=INPUT_SIZE, help="input side in pixels (default 224)")
    parser.add_argument("--verbose", "-v", action="store_true", help="add inner layers, parameters and multiply-adds")
    args = parser.parse_args(argv)
    try:
        rows = layer_table(args.size)
    except ValueError as error:
        raise SystemExit(f"error: {error}")
    print(format_table(rows) if args.verbose else d2l_listing(rows))


if __name__ == "__main__":
    main()
