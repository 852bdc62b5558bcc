"""How well the weights read drawings, per class, on every drawing family of the registry
(nin.lab.families: `python -m nin.lab.families list`). Held-out families (B, I) are never used for
training, for choosing hyper-parameters or for choosing checkpoints: evaluation only. The drawings
scored here are not those trained on: other random streams.

    python -m benchmarks.drawings [--weights SPEC ...] [--n-per-class 20] [--seed 0]

Each drawing goes through the app's own sketch path (nin.images.from_sketch), as on the page; with
--upload, it is uploaded as a PNG instead (nin.images.to_garment, as the page's upload and nin.predict), where
it must first be told from a photo. With several --weights, the table compares them side by side.
"""

import argparse

from nin.device import cpu_description
from nin.inference import Predictor
from nin.lab.evaluate import score_drawings
from nin.lab.families import FAMILIES as REGISTRY
from nin.preprocess import CLASSES

FAMILIES = {family.title: family.drawing_set for family in REGISTRY}


def score(weights: str | None, n_per_class: int, seed: int, upload: bool = False) -> dict:
    predictor = Predictor.load(weights)
    return {family: score_drawings(predictor, make(n_per_class=n_per_class, seed=seed), upload)
            for family, make in FAMILIES.items()}


def table(results: dict) -> str:
    """Markdown: one row per class, a column per (weights, family)."""
    columns = [(weights, family) for weights in results for family in FAMILIES]
    lines = ["| class | " + " | ".join(f"{w} · {f}" for w, f in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for name in CLASSES:
        lines.append(f"| {name} | " + " | ".join(f"{results[w][f]['per_class'].get(name, 0):.2f}"
                                                 for w, f in columns) + " |")
    lines.append("| **all** | " + " | ".join(f"**{results[w][f]['accuracy']:.3f}** (n={results[w][f]['n']})"
                                            for w, f in columns) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", action="append", help="weights folder or Hub spec (default: the app's)")
    parser.add_argument("--n-per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--upload", action="store_true", help="each drawing uploaded as a PNG, not drawn on the pad")
    args = parser.parse_args(argv)
    results = {weights or "weights/": score(weights, args.n_per_class, args.seed, args.upload)
               for weights in (args.weights or [None])}
    how = "uploaded as PNG files" if args.upload else "through the drawing pad's path"
    print(f"Drawing accuracy, {args.n_per_class} per class and family, seed {args.seed}, {how}; "
          f"{cpu_description()}\n")
    print(table(results))
    for weights, by_family in results.items():
        for family, result in by_family.items():
            top = ", ".join(f"{k} {v}" for k, v in list(result["mistakes"].items())[:5])
            print(f"\n{weights} · {family}: most frequent mistakes: {top or 'none'}")


if __name__ == "__main__":
    main()
