"""Weights between two weights of the same network: (1 - alpha) * START + alpha * TUNED, layer by layer.

    python -m nin.lab.interpolate weights runs/drawings224_distill --alpha 0.5 --out runs/interpolated

A fine-tune that learns something new (drawings) tends to forget a little of the old (the test set);
the weights halfway between the two keep most of each (Wortsman et al., "Robust fine-tuning of
zero-shot models", 2022: WiSE-FT). The result's config.json names both sources by their sha256.
"""

import argparse
from pathlib import Path

import torch
from safetensors.torch import load_file

from ..model import NiN
from ..weights import WEIGHTS_FILE, save_weights, sha256_of


def interpolate(start: dict, tuned: dict, alpha: float) -> dict:
    """State dicts of the same network -> (1 - alpha) * start + alpha * tuned, in fp32."""
    if start.keys() != tuned.keys():
        raise ValueError("the two weights are not of the same network (their tensors differ)")
    return {k: torch.lerp(start[k].float(), tuned[k].float(), alpha) for k in start}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("start", help="weights folder (or model.safetensors) the fine-tune started from")
    parser.add_argument("tuned", help="weights folder (or model.safetensors) of the fine-tune")
    parser.add_argument("--alpha", type=float, default=0.5, help="0: start, 1: tuned (default 0.5)")
    parser.add_argument("--out", required=True, help="folder for model.safetensors and config.json")
    args = parser.parse_args(argv)
    paths = [Path(p) / WEIGHTS_FILE if Path(p).is_dir() else Path(p) for p in (args.start, args.tuned)]
    model = NiN()
    model.load_state_dict(interpolate(load_file(str(paths[0])), load_file(str(paths[1])), args.alpha), strict=True)
    path = save_weights(model, args.out, extra={"interpolated": {"alpha": args.alpha, "start": sha256_of(paths[0]),
                                                                 "tuned": sha256_of(paths[1])}})
    print(f"{path}: (1 - {args.alpha}) * {paths[0]} + {args.alpha} * {paths[1]}")


if __name__ == "__main__":
    main()
