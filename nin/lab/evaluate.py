"""Evaluate the weights on the Fashion-MNIST test set (and on the project's own drawings).

    python -m nin.lab.evaluate --data-dir ../shared/data [--json] [--out runs/eval]
        [--weights SPEC] [--precision bf16|fp32|int8] [--compare-fp32] [--drawings N]

Prints test accuracy and per-class accuracy, and writes a confusion-matrix image and the
most confidently wrong examples to --out (that picture holds dataset images: it stays out of
the repository). With --json it prints one JSON object instead, at least
{"accuracy": float, "n": int}.
"""

import argparse
import io
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from tqdm import tqdm

from ..device import share_cores
from ..inference import Predictor
from ..preprocess import CLASSES
from .data import default_data_dir, load_split


def predict_all(predictor: Predictor, images: torch.Tensor, batch_size: int = 8, workers: int | None = None,
                progress: bool = True) -> torch.Tensor:
    """Logits [N, 10] for uint8 garments [N, 28, 28], with a progress bar.

    On a CPU, small batches run side by side, one per core with one torch thread each (torch releases
    the GIL): on 2 AVX2 cores, fp32, 60-68 img/s against 45 for batches of 64 on both threads.
    """
    workers = workers or ((os.cpu_count() or 1) if predictor.device.type == "cpu" else 1)
    threads = torch.get_num_threads()
    share_cores(workers)
    try:
        with ThreadPoolExecutor(workers) as pool:
            batches = [images[start:start + batch_size] for start in range(0, len(images), batch_size)]
            chunks = list(tqdm(pool.map(predictor.logits, batches), total=len(batches), desc="evaluate",
                               unit="batch", disable=not progress, file=sys.stderr))
    finally:
        torch.set_num_threads(threads)
    return torch.cat(chunks) if chunks else torch.empty(0, len(CLASSES))


def confusion_matrix(labels: torch.Tensor, predictions: torch.Tensor, n: int = len(CLASSES)) -> np.ndarray:
    return torch.bincount(labels * n + predictions, minlength=n * n).reshape(n, n).numpy()


def score_drawings(predictor: Predictor, drawings, upload: bool = False) -> dict:
    """Accuracy on (image, label) drawings through the app's own sketch preprocessing (``upload``: as a PNG
    file uploaded, which the upload path must tell from a photo): overall, per class, and the most frequent
    mistakes ("Coat → Bag": count)."""
    from ..images import from_sketch, to_garment

    labels, garments = [], []
    for image, label in drawings:
        if upload:  # the weights that read it, and what they read (a picture taken for a photo may be 112x112)
            png = io.BytesIO()
            (image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))).save(png, "PNG")
            garments.append(predictor.read(to_garment(png.getvalue())))
        else:
            garments.append(from_sketch(np.asarray(image) if not isinstance(image, (str, Path)) else image).pixels)
        labels.append(label)
    if not labels:
        return {"accuracy": None, "n": 0, "per_class": {}, "mistakes": {}}
    labels = torch.tensor(labels)
    if upload:
        predictions = torch.tensor([int(reader.logits(pixels[None])[0].argmax()) for reader, pixels in garments])
    else:
        predictions = predictor.logits(torch.stack(garments)).argmax(1)
    per_class = {CLASSES[c]: float((predictions[labels == c] == c).float().mean())
                 for c in range(len(CLASSES)) if (labels == c).any()}
    mistakes = {}
    for truth, guess in zip(labels.tolist(), predictions.tolist()):
        if truth != guess:
            key = f"{CLASSES[truth]} → {CLASSES[guess]}"
            mistakes[key] = mistakes.get(key, 0) + 1
    return {"accuracy": float((predictions == labels).float().mean()), "n": len(labels), "per_class": per_class,
            "mistakes": dict(sorted(mistakes.items(), key=lambda kv: -kv[1]))}


def drawing_accuracy(predictor: Predictor, n_per_class: int = 20, seed: int = 0) -> dict:
    """Accuracy on line drawings the project makes itself (drawing family A, nin.lab.families)."""
    from .families import get
    return score_drawings(predictor, get("A").drawing_set(n_per_class=n_per_class, seed=seed))


def plot_confusion(matrix: np.ndarray, accuracy: float, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    shown = matrix / matrix.sum(1, keepdims=True)
    im = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(CLASSES)):
        for j in range(len(CLASSES)):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if shown[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(CLASSES)), CLASSES, rotation=45, ha="right")
    ax.set_yticks(range(len(CLASSES)), CLASSES)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"NiN on the Fashion-MNIST test set: accuracy {accuracy:.4f}")
    fig.colorbar(im, ax=ax, fraction=0.046, label="share of the true class")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_confident_mistakes(images, labels, probabilities, path: Path, count: int = 24) -> list[dict]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    predictions = probabilities.argmax(1)
    wrong = (predictions != labels).nonzero().flatten()
    confidence = probabilities[wrong, predictions[wrong]]
    order = wrong[confidence.argsort(descending=True)][:count]
    cols = 8
    rows = max(1, (len(order) + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.6, rows * 1.9))
    mistakes = []
    for ax in np.atleast_1d(axes).flat:
        ax.axis("off")
    for ax, i in zip(np.atleast_1d(axes).flat, order.tolist()):
        p = int(predictions[i])
        ax.imshow(images[i], cmap="gray", vmin=0, vmax=255)
        ax.set_title(f"{CLASSES[p]} {probabilities[i, p]:.2f}\ntrue: {CLASSES[labels[i]]}", fontsize=7)
        mistakes.append({"index": i, "true": CLASSES[labels[i]], "predicted": CLASSES[p],
                         "confidence": round(float(probabilities[i, p]), 4)})
    fig.suptitle("Most confidently wrong test images (predicted, confidence / true)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return mistakes


def evaluate(predictor: Predictor, data_dir=None, out: Path | None = None, compare_fp32: bool = False,
             drawings: int = 0, progress: bool = True) -> dict:
    images, labels = load_split(data_dir, train=False)
    started = time.perf_counter()
    logits = predict_all(predictor, images, progress=progress)
    seconds = time.perf_counter() - started
    predictions = logits.argmax(1)
    matrix = confusion_matrix(labels, predictions)
    result = {
        "accuracy": float((predictions == labels).float().mean()),
        "n": len(labels),
        "per_class": {name: float(matrix[i, i] / matrix[i].sum()) for i, name in enumerate(CLASSES)},
        "precision": predictor.precision,
        "device": str(predictor.device),
        "seconds": round(seconds, 2),
        "images_per_second": round(len(labels) / seconds, 1),
        "weights": predictor.info.describe() if predictor.info is not None else "in memory",
    }
    if predictor.precision == "int8":
        result["run_again_in_fp32"] = predictor.rerun_in_fp32
    if compare_fp32 and predictor.precision != "fp32":
        reference = Predictor(predictor.model, device=predictor.device, precision="fp32")
        fp32_predictions = predict_all(reference, images, progress=progress).argmax(1)
        result["fp32_accuracy"] = float((fp32_predictions == labels).float().mean())
        result["top1_agreement_with_fp32"] = float((fp32_predictions == predictions).float().mean())
    if drawings:
        result["drawings"] = drawing_accuracy(predictor, n_per_class=drawings)
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        plot_confusion(matrix, result["accuracy"], out / "confusion_matrix.png")
        result["confident_mistakes"] = plot_confident_mistakes(
            images, labels, torch.softmax(logits, 1), out / "confident_mistakes.png")
        result["confusion_matrix"] = matrix.tolist()
        (out / "evaluation.json").write_text(json.dumps(result, indent=1))
    return result


def _drawings_report(folder, result: dict) -> str:
    if not result["n"]:
        return f"{folder}: no drawings yet"
    lines = [f"drawing accuracy: {result['accuracy']:.3f} on {result['n']} drawings from {folder}"]
    lines += [f"  {name:<12} {acc:.3f}" for name, acc in result["per_class"].items()]
    top = ", ".join(f"{k} {v}" for k, v in list(result["mistakes"].items())[:5])
    return "\n".join(lines + [f"most frequent mistakes: {top or 'none'}"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=default_data_dir(),
                        help="folder with FashionMNIST/raw (env NIN_DATA_DIR)")
    parser.add_argument("--weights", default=None,
                        help="a weights folder or Hub repo[@revision] (default: NIN_WEIGHTS, the Hub, weights/)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--precision", choices=("bf16", "fp32", "int8"), default=None,
                        help="default: bf16 where the hardware has it, else int8 on a CPU (nin.int8: fp32 for the "
                        "images it leaves undecided), else fp32")
    parser.add_argument("--out", default="runs/eval", help="folder for the confusion matrix and mistakes pictures")
    parser.add_argument("--compare-fp32", action="store_true", help="also run in fp32 and report top-1 agreement")
    parser.add_argument("--drawings", type=int, default=20, metavar="N",
                        help="also score N generated drawings per class (0: skip)")
    parser.add_argument("--drawings-dir", metavar="DIR", help="score only the drawings of a folder in the "
                        "feedback layout (nin.feedback: metadata.jsonl + PNGs), e.g. runs/feedback")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    from ..weights import WeightsError
    try:
        started = time.perf_counter()
        predictor = Predictor.load(args.weights, device=args.device, precision=args.precision)
        if predictor.precision_note:  # int8 chosen, but no calibration kept for these weights: make one
            from .int8 import int8_predictor
            predictor = int8_predictor(predictor, args.data_dir)
        if args.drawings_dir:
            from ..feedback import read_folder
            result = score_drawings(predictor, read_folder(args.drawings_dir))
            print(json.dumps(result) if args.json else _drawings_report(args.drawings_dir, result))
            return
        result = evaluate(predictor, args.data_dir, out=Path(args.out), compare_fp32=args.compare_fp32,
                          drawings=args.drawings, progress=not args.json)
        result["total_seconds"] = round(time.perf_counter() - started, 2)  # loading and pictures included
    except (FileNotFoundError, ValueError, WeightsError) as error:
        raise SystemExit(f"error: {error}")
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k not in ("confusion_matrix", "confident_mistakes")}))
        return
    print(f"weights: {result['weights']}")
    print(f"test accuracy: {result['accuracy']:.4f} on {result['n']} images "
          f"({result['seconds']} s, {result['images_per_second']} img/s, {result['precision']} on {result['device']})")
    for name, acc in result["per_class"].items():
        print(f"  {name:<12} {acc:.4f}")
    if "top1_agreement_with_fp32" in result:
        print(f"fp32 accuracy {result['fp32_accuracy']:.4f}; top-1 agreement {result['precision']} vs fp32 "
              f"{result['top1_agreement_with_fp32']:.4f}")
    if "run_again_in_fp32" in result:
        print(f"int8: {result['run_again_in_fp32']} images left undecided by int8 were run again in fp32")
    if "drawings" in result:
        print(f"drawing accuracy: {result['drawings']['accuracy']:.3f} on {result['drawings']['n']} generated drawings")
    print(f"{result['total_seconds']} s in all, loading the weights and drawing the pictures included")
    print(f"pictures in {args.out}/: confusion_matrix.png, confident_mistakes.png")


if __name__ == "__main__":
    main()
