"""Weights between two weights of the same network: (1 - alpha) * START + alpha * TUNED, layer by layer.

    python -m nin.lab.interpolate weights runs/drawings224_distill --alpha 0.5 --out runs/interpolated

A fine-tune that learns something new (drawings) tends to forget a little of the old (the test set);
the weights halfway between the two keep most of each (Wortsman et al., "Robust fine-tuning of
zero-shot models", 2022: WiSE-FT). The result's config.json names both sources by their sha256.
"""

import argparse

import torch

from ..model import NiN
from ..weights import WeightsError, load_model, save_weights


def interpolate(start: dict, tuned: dict, alpha: float) -> dict:
    """State dicts of the same network -> (1 - alpha) * start + alpha * tuned, in fp32."""
    if start.keys() != tuned.keys():
        raise ValueError("the two weights are not of the same network (their tensors differ)")
    return {k: torch.lerp(start[k].float(), tuned[k].float(), alpha) for k in start}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("start", help="the weights the fine-tune started from: a folder or owner/name@revision")
    parser.add_argument("tuned", help="the fine-tune's weights: a folder or owner/name@revision")
    parser.add_argument("--alpha", type=float, default=0.5, help="0: start, 1: tuned (default 0.5)")
    parser.add_argument("--out", required=True, help="folder for model.safetensors and config.json")
    args = parser.parse_args(argv)
    try:
        (start, start_info), (tuned, tuned_info) = load_model(args.start), load_model(args.tuned)
    except WeightsError as error:
        raise SystemExit(str(error))
    model = NiN()
    model.load_state_dict(interpolate(start.state_dict(), tuned.state_dict(), args.alpha), strict=True)
    path = save_weights(model, args.out, extra={"interpolated": {"alpha": args.alpha, "start": start_info.sha256,
                                                                 "tuned": tuned_info.sha256}})
    print(f"{path}: (1 - {args.alpha}) * {args.start} + {args.alpha} * {args.tuned}")


if __name__ == "__main__":
    main()
