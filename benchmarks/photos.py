"""Phone photos through the app's upload path: accuracy per kind, confusions, "none of these", speed.

    python -m benchmarks.photos                        # the test split of ../shared/photos, committed weights
    python -m benchmarks.photos --split val --calibrate  # also the "none of these" threshold from val
    python -m benchmarks.photos --latency              # server time of a 12-megapixel phone JPEG
    python -m benchmarks.photos --product-shots        # Fashion-MNIST's test garments as product shots on white
                                                       # (then casting a studio's soft shadow, then dyed)

Every photo goes through nin.images.to_garment (the cut-out, then the 28x28 garment and its 112x112
detail) and the Predictor that reads it in the app (the phone-photo weights, reading the detail, for any
photo, when the weights have them), as an upload does. A contact sheet
(photo -> cut-out -> what the network read, a few of each kind) goes to --sheet, outside the
repository: the photos and pictures made from them are never committed. The split is nin.lab.photos':
test is never used to train, choose or calibrate.
"""

import argparse
import io
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from tqdm import tqdm

from nin.cpu import cpu_description
from nin.images import to_garment
from nin.inference import Predictor
from nin.lab.photos import KIND_CLASSES, KINDS, Shadow, default_photos_dir, photo_files, product_shot, split_of
from nin.preprocess import CLASSES

SHEET_PER_KIND = 6
FLAG_GOAL_FMNIST = 0.05  # "none of these" may flag at most this share of Fashion-MNIST's test garments
PHONE_FLAG_OUTLIERS = 0.75  # and should flag at least 70 % of hats, shorts and skirts: calibrated to 75 %


def classify(predictor: Predictor, files) -> list[dict]:
    """Each photo's kind, the model's top class and probability, which weights read it (and their "none of
    these" threshold), and the pictures for the sheet."""
    rows = []
    for path, kind in tqdm(files, desc="photos", unit="photo", disable=None):
        garment = to_garment(path)
        reader, pixels = predictor.read(garment)
        p = torch.softmax(reader.logits(pixels[None])[0], 0)
        rows.append({"path": path, "kind": kind, "top": int(p.argmax()), "p": float(p.max()),
                     "phone": reader is not predictor, "none_below": reader.none_below,
                     "cut": garment.note.startswith("Photo: the garment was cut"), "garment": garment,
                     "read": pixels})
    return rows


def flagged(row: dict) -> bool:
    """Whether the page says "none of these" for this photo (under the threshold of the weights that read it)."""
    return row["none_below"] is not None and row["p"] < row["none_below"]


def kind_table(rows: list[dict]) -> tuple[str, dict]:
    """A markdown table per kind (accuracy or "none" flag rate, worst confusions) and its figures."""
    lines = ["| kind | photos | right | flagged \"none of these\" | most often taken for |", "|---|---|---|---|---|"]
    figures = {}
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        right_classes = KIND_CLASSES[kind]
        right = [CLASSES[r["top"]] in right_classes for r in mine]
        wrong = Counter(CLASSES[r["top"]] for r, ok in zip(mine, right) if not ok)
        figures[kind] = {"n": len(mine), "flagged": round(float(np.mean([flagged(r) for r in mine])), 3)}
        if right_classes:
            figures[kind]["accuracy"] = round(float(np.mean(right)), 3)
        taken = ", ".join(f"{name} {count}" for name, count in wrong.most_common(3))
        accuracy = f"{figures[kind]['accuracy']:.2f}" if right_classes else "(none of the ten)"
        lines.append(f"| {kind} | {len(mine)} | {accuracy} | {figures[kind]['flagged']:.2f} | {taken} |")
    ten = [f["accuracy"] for f in figures.values() if "accuracy" in f]
    figures["mean_over_kinds"] = round(float(np.mean(ten)), 4)
    figures["worst_kind"] = round(float(min(ten)), 3)
    inliers = [r for r in rows if KIND_CLASSES[r["kind"]]]
    figures["top1_all"] = round(float(np.mean([CLASSES[r["top"]] in KIND_CLASSES[r["kind"]] for r in inliers])), 4)
    figures["cut_out"] = round(float(np.mean([r["cut"] for r in rows])), 3)
    figures["read_as_phone_photos"] = round(float(np.mean([r["phone"] for r in rows])), 3)
    return "\n".join(lines), figures


def fmnist_top_p(predictor: Predictor, data_dir=None) -> np.ndarray:
    """The top probability of each of Fashion-MNIST's 10,000 test garments."""
    from nin.lab.data import load_split

    images, _ = load_split(data_dir, train=False)
    return torch.softmax(predictor.logits(images), 1).max(1).values.numpy()


def product_shots(predictor: Predictor, data_dir=None, every: int = 10, shadow: Shadow | None = None,
                  dyed: bool = False) -> dict:
    """A stand-in for catalogue photos: every ``every``-th Fashion-MNIST test garment as a product shot
    (:func:`product_shot`, casting ``shadow``; ``dyed``: each in a hue and saturation drawn from seed 0, at the
    dataset's own gray) through the upload path, against the same garments read as they are."""
    from nin.lab.data import load_split

    images, labels = load_split(data_dir, train=False)
    images, labels = images[::every], labels[::every]
    right, flags, photos = [], [], 0
    rng = np.random.default_rng(0)
    for garment, label in tqdm(zip(images, labels), total=len(labels), desc="product shots", disable=None):
        dye = (rng.random(), rng.uniform(0.3, 1.0)) if dyed else None
        read = to_garment(product_shot(garment, shadow=shadow, dye=dye))
        reader, pixels = predictor.read(read)
        p = torch.softmax(reader.logits(pixels[None])[0], 0)
        right.append(int(p.argmax()) == int(label))
        flags.append(reader.none_below is not None and float(p.max()) < reader.none_below)
        photos += read.photo
    as_they_are = predictor.logits(images).argmax(1) == labels
    return {"shots": len(labels), "shadow": shadow is not None, "dyed": dyed,
            "accuracy": round(float(np.mean(right)), 4),
            "as_they_are": round(float(as_they_are.float().mean()), 4),
            "read_as_photos": round(photos / len(labels), 3),
            "flagged_none_of_these": round(float(np.mean(flags)), 4)}


def calibrate(rows: list[dict], fmnist_p: np.ndarray) -> float:
    """The main weights' "none of these" threshold: the highest that flags at most 4 % (a margin under the
    5 % goal) of the even-numbered half of Fashion-MNIST's test garments; the odd half is left to measure it."""
    threshold = float(np.quantile(fmnist_p[0::2], 0.04))
    outliers = [r["p"] for r in rows if not KIND_CLASSES[r["kind"]] and not r["phone"]]
    print(f"main weights: none_below {threshold:.3f} flags {np.mean(fmnist_p[1::2] < threshold):.1%} of the other "
          f"half of Fashion-MNIST's test, {np.mean(np.array(outliers) < threshold):.1%} of this split's "
          f"{len(outliers)} none-of-the-ten photos they read")
    return round(threshold, 3)


def calibrate_phone(rows: list[dict]) -> float:
    """The phone-photo weights' threshold (they never see Fashion-MNIST's garments, which the main weights
    read): the lowest that flags PHONE_FLAG_OUTLIERS (a margin over the 70 % goal) of the hats, shorts and
    skirts they read, so that as few photos of the ten kinds as can be are flagged."""
    mine = [r for r in rows if r["phone"]]
    outliers = np.array([r["p"] for r in mine if not KIND_CLASSES[r["kind"]]])
    ten = np.array([r["p"] for r in mine if KIND_CLASSES[r["kind"]]])
    threshold = float(np.quantile(outliers, PHONE_FLAG_OUTLIERS))
    print(f"phone-photo weights: none_below {threshold:.3f} flags {np.mean(outliers < threshold):.1%} of the "
          f"{len(outliers)} none-of-the-ten photos and {np.mean(ten < threshold):.1%} of the {len(ten)} of the "
          "ten kinds")
    return round(threshold, 3)


def contact_sheet(rows: list[dict], path: Path) -> None:
    """photo | cut-out | what was read (28x28 or 112x112) for a few photos of each kind, the answer under
    each."""
    from PIL import ImageDraw

    tile_w, tile_h = 300, 150
    picked = [r for kind in KINDS for r in [r for r in rows if r["kind"] == kind][:SHEET_PER_KIND]]
    sheet = Image.new("RGB", (tile_w * SHEET_PER_KIND, tile_h * len(KINDS)), "white")
    draw = ImageDraw.Draw(sheet)
    for i, row in enumerate(picked):
        x, y = (i % SHEET_PER_KIND) * tile_w, KINDS.index(row["kind"]) * tile_h
        garment = row["garment"]
        if garment.cutout is not None:
            steps = Image.fromarray(garment.cutout)
            steps.thumbnail((tile_w - 70, tile_h - 20))
            sheet.paste(steps, (x, y))
        small = Image.fromarray((row["read"].numpy() * 255).astype(np.uint8)).resize((56, 56), Image.NEAREST)
        sheet.paste(small.convert("RGB"), (x + tile_w - 62, y + 20))
        ok = CLASSES[row["top"]] in KIND_CLASSES[row["kind"]]
        draw.text((x + 2, y + tile_h - 16), f"{row['kind']} -> {CLASSES[row['top']]} {row['p']:.0%}",
                  fill=(0, 120, 0) if ok else (200, 0, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def latency(predictor_spec: str | None, repeats: int = 10) -> dict:
    """Server time for one 12-megapixel phone JPEG through the whole upload answer (nin.demo: the decode,
    the cut-out, the forward, every picture), made from a shared photo upscaled to 3000x4000 with a
    sensor's noise (kept in memory only)."""
    from nin.demo import Demo

    source = next(path for path, kind in photo_files(default_photos_dir()) if kind == "t-shirt")
    big = np.asarray(Image.open(source).convert("RGB").resize((3000, 4000), Image.BICUBIC), dtype=np.float32)
    big += np.random.default_rng(0).normal(0, 4, big.shape)  # a sensor's noise: a phone JPEG's size and detail
    buffer = io.BytesIO()
    Image.fromarray(np.clip(big, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=92)
    jpeg = buffer.getvalue()
    demo = Demo.load(predictor_spec)
    demo.from_upload(io.BytesIO(jpeg))  # warm
    times, cut = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        demo.from_upload(io.BytesIO(jpeg))
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        garment = to_garment(io.BytesIO(jpeg))
        cut.append(time.perf_counter() - start)
    return {"jpeg_mb": round(len(jpeg) / 2**20, 1), "precision": demo.predictor.precision,
            "read_by": "the phone-photo weights" if demo.predictor.reader(garment.photo) is not demo.predictor
            else "the main weights",
            "answer_ms_median": round(1000 * float(np.median(times)), 1),
            "answer_ms_max": round(1000 * max(times), 1),
            "to_garment_ms_median": round(1000 * float(np.median(cut)), 1)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", default=str(default_photos_dir()))
    parser.add_argument("--split", default="test", choices=("train", "val", "test", "all"))
    parser.add_argument("--weights", default=None, help="a weights folder or Hub repo[@revision] (default: the app's)")
    parser.add_argument("--sheet", default="/tmp/nin-photos/contact_sheet.png")
    parser.add_argument("--calibrate", action="store_true", help="print the none_below threshold for config.json")
    parser.add_argument("--latency", action="store_true", help="only the 12-megapixel upload's server time")
    parser.add_argument("--product-shots", action="store_true",
                        help="only Fashion-MNIST's test garments (every 10th) as product shots on white: as they "
                             "are, casting a studio's soft shadow, and dyed in colours")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    print(f"CPU: {cpu_description()}; torch threads {torch.get_num_threads()}")
    if args.latency:
        print(json.dumps(latency(args.weights)))
        return
    if args.product_shots:
        predictor = Predictor.load(args.weights)
        for shadow, dyed in ((None, False), (Shadow(), False), (None, True)):
            print(json.dumps(product_shots(predictor, shadow=shadow, dyed=dyed)))
        return
    predictor = Predictor.load(args.weights)
    files = [(p, k) for p, k in photo_files(Path(args.photos)) if args.split == "all" or split_of(p) == args.split]
    rows = classify(predictor, files)
    fmnist_p = fmnist_top_p(predictor)  # the app reads a dataset image with the main weights
    if args.calibrate:
        predictor.none_below = calibrate(rows, fmnist_p)
        phone_none_below = calibrate_phone(rows) if any(r["phone"] for r in rows) else None
        for row in rows:
            row["none_below"] = phone_none_below if row["phone"] else predictor.none_below
    table, figures = kind_table(rows)
    none_below = predictor.none_below
    figures["none_below"] = none_below
    figures["phone_none_below"] = next((r["none_below"] for r in rows if r["phone"]), None)
    if none_below is not None:
        figures["fmnist_test_flagged"] = round(float(np.mean(fmnist_p < none_below)), 4)
        figures["fmnist_test_odd_half_flagged"] = round(float(np.mean(fmnist_p[1::2] < none_below)), 4)
    figures["ten_kinds_flagged"] = round(float(np.mean([flagged(r) for r in rows if KIND_CLASSES[r["kind"]]])), 3)
    figures["none_of_ten_flagged"] = round(float(np.mean([flagged(r) for r in rows if not KIND_CLASSES[r["kind"]]])), 3)
    phone = f", phone photos {predictor.phone.info.short_sha}" if predictor.phone and predictor.phone.info else ""
    print(f"weights {predictor.info.short_sha if predictor.info else '?'}{phone} ({predictor.precision}), "
          f"split {args.split}, {len(rows)} photos\n")
    print(table)
    print("\n" + json.dumps({k: v for k, v in figures.items() if not isinstance(v, dict)}))
    contact_sheet(rows, Path(args.sheet))
    print(f"contact sheet: {args.sheet}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
