"""Classify image files from the shell, through the same pipeline as the app.

    python -m nin.predict IMAGE... [--json] [--top K] [--weights SPEC]

With --json it prints one JSON list, one object per image: {"path", "index", "label",
"probabilities": {label: p}, "none_of_these": bool} or {"path", "error": "<message>"}. The exit status is 1 if any
image could not be used.
"""

import argparse
import json
import sys

from .images import ImageInputError, to_garment
from .inference import Predictor


def predict_file(predictor: Predictor, path: str) -> dict:
    """One image's result, or its error message (never an exception for bad input)."""
    try:
        garment = to_garment(path)
    except ImageInputError as error:
        return {"path": path, "error": str(error)}
    reader, pixels = predictor.read(garment)  # the phone-photo weights for a photo, if any
    analysis = reader.analyze(pixels, layers=set(), cam=False)
    none_below = reader.none_below
    return {"path": path, "index": analysis.index, "label": analysis.label,
            "probabilities": analysis.confidences(),
            # The weights' threshold: a top probability under it means the image looks like none of the ten.
            "none_of_these": none_below is not None and float(analysis.probabilities[analysis.index]) < none_below}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("images", nargs="+", metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="print one JSON list")
    parser.add_argument("--top", type=int, default=3, metavar="K", help="classes to print per image (text output)")
    parser.add_argument("--weights", default=None, help="a weights folder or Hub repo[@revision]")
    parser.add_argument("--device", default=None)
    args = parser.parse_args(argv)
    from .weights import WeightsError
    try:
        predictor = Predictor.load(args.weights, device=args.device)
    except WeightsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    results = [predict_file(predictor, path) for path in args.images]
    if args.json:
        print(json.dumps(results))
    else:
        for result in results:
            if "error" in result:
                print(f"{result['path']}: error: {result['error']}")
                continue
            top = sorted(result["probabilities"].items(), key=lambda kv: -kv[1])[:max(1, args.top)]
            unsure = " (none of these? the network is unsure)" if result["none_of_these"] else ""
            print(f"{result['path']}: " + ", ".join(f"{name} {p:.3f}" for name, p in top) + unsure)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
