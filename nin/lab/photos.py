"""The phone photos of ../shared/photos as training and evaluation data.

    python -m nin.lab.photos --photos ../shared/photos --out runs/photos   # build the garment cache

Each photo goes through the app's own upload path (nin.images.to_garment: the cut-out, then the
28x28 garment and the 112x112 detail the phone-photo weights read), once, into a cache (safetensors)
that training and nin.lab.int8 read.
The split is fixed by each file's name (a hash), so it never changes with the folder's order:
70 % train, 15 % validation (model choice and the "none of these" threshold), 15 % test (never
tuned on: the figures the README gives).
"""

import argparse
import hashlib
import io
import os
from pathlib import Path

import torch
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import load_file, save_file
from tqdm import tqdm

from ..preprocess import CLASSES, PHOTO_DETAIL_SIZE

# Each kind of photo -> the Fashion-MNIST classes that count as right for it; () is "none of the ten".
KIND_CLASSES = {
    "t-shirt": ("T-shirt/top",),
    "pants": ("Trouser",),
    "longsleeve": ("Pullover",),
    "shirt": ("Shirt",),
    "dress": ("Dress",),
    "shoes": ("Sandal", "Sneaker", "Ankle boot"),  # not labelled which: any footwear is right
    "outwear": ("Coat",),
    "shorts": (),
    "hat": (),
    "skirt": (),
}
KINDS = tuple(KIND_CLASSES)
SPLITS = {"train": (0, 70), "val": (70, 85), "test": (85, 100)}


def default_photos_dir() -> Path:
    return Path(os.environ.get("NIN_PHOTOS_DIR") or Path(__file__).resolve().parents[3] / "shared" / "photos")


def split_of(path: Path) -> str:
    """The photo's split, from a hash of its file name (stable whatever else is in the folder)."""
    bucket = int(hashlib.sha256(path.name.encode()).hexdigest()[:8], 16) % 100
    return next(name for name, (low, high) in SPLITS.items() if low <= bucket < high)


def product_shot(garment: torch.Tensor, scale: int = 12) -> bytes:
    """A Fashion-MNIST garment (uint8 [28, 28], bright on black) as a shop's product shot: negated back to a
    dark garment on white, upscaled (bicubic), on a white page with margins, as a JPEG."""
    side = 28 * scale
    big = Image.fromarray(255 - garment.numpy()).resize((side, side), Image.BICUBIC)
    page = Image.new("RGB", (side + side // 8, side + side // 4), "white")
    page.paste(big.convert("RGB"), (side // 16, side // 8))
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def shot_details(images: torch.Tensor) -> torch.Tensor:
    """Fashion-MNIST garments [N, 28, 28] made into product shots and read back by the upload path, as the app
    reads a shop's photo: uint8 [N, 112, 112] (the detail the photo weights read; the 28x28 one if taken for a
    drawing, upsampled)."""
    from ..images import to_garment

    return torch.stack([detail_of(to_garment(product_shot(garment)))
                        for garment in tqdm(images, desc="product shots", unit="shot", disable=None)])


def detail_of(garment) -> torch.Tensor:
    """A nin.images.Garment's 112x112 detail as uint8; for the few pictures read as drawings (no detail), their
    28x28, enlarged."""
    detail = garment.detail
    if detail is None:
        detail = F.interpolate(garment.pixels[None, None], size=(PHOTO_DETAIL_SIZE,) * 2, mode="bilinear")[0, 0]
    return (detail * 255).round().to(torch.uint8)


def targets(kind: str) -> torch.Tensor:
    """bool [10]: the classes right for ``kind`` (all False: none of the ten)."""
    return torch.tensor([name in KIND_CLASSES[kind] for name in CLASSES])


def photo_files(folder: Path) -> list[tuple[Path, str]]:
    """(path, kind) of every photo under folder/train/<kind>/, sorted."""
    return [(path, kind) for kind in KINDS for path in sorted((Path(folder) / "train" / kind).glob("*.jpg"))]


def build_cache(folder: Path, out: Path) -> Path:
    """Every photo's 28x28 garment through the app's upload path, with its kind and split."""
    from ..images import ImageInputError, to_garment

    files = photo_files(folder)
    if not files:
        raise FileNotFoundError(f"no photos under {folder}/train/<kind>/*.jpg")
    garments, details, kinds, splits, found = [], [], [], [], []
    for path, kind in tqdm(files, desc="photos -> garments", unit="photo", disable=None):
        try:
            garment = to_garment(path)
        except ImageInputError:
            continue
        garments.append((garment.pixels * 255).round().to(torch.uint8))
        details.append(detail_of(garment))
        kinds.append(KINDS.index(kind))
        splits.append(list(SPLITS).index(split_of(path)))
        found.append(garment.note.startswith("Photo: the garment was cut out"))
    cache = out / "photos.safetensors"
    out.mkdir(parents=True, exist_ok=True)
    save_file({"garments": torch.stack(garments), "details": torch.stack(details), "kinds": torch.tensor(kinds),
               "splits": torch.tensor(splits), "cut_found": torch.tensor(found)}, str(cache))
    return cache


def load_cache(path: Path, split: str, detail: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """(garments uint8 [N, 28, 28], or with ``detail`` [N, 112, 112], kind indices [N]) of one split."""
    data = load_file(str(path))
    keep = data["splits"] == list(SPLITS).index(split)
    return data["details" if detail else "garments"][keep], data["kinds"][keep]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", default=str(default_photos_dir()))
    parser.add_argument("--out", default="runs/photos")
    args = parser.parse_args(argv)
    cache = build_cache(Path(args.photos), Path(args.out))
    data = load_file(str(cache))
    for index, split in enumerate(SPLITS):
        print(f"{split}: {int((data['splits'] == index).sum())} photos")
    print(f"cut out: {data['cut_found'].float().mean():.1%} of the photos; cache {cache}")


if __name__ == "__main__":
    main()
