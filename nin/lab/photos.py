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
import colorsys
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import load_file, save_file
from tqdm import tqdm

from ..photo import largest_piece
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
LUMA = np.array([0.299, 0.587, 0.114], np.float32)  # gray from RGB, Rec. 601
SPLITS = {"train": (0, 70), "val": (70, 85), "test": (85, 100)}


def default_photos_dir() -> Path:
    return Path(os.environ.get("NIN_PHOTOS_DIR") or Path(__file__).resolve().parents[3] / "shared" / "photos")


def split_of(path: Path) -> str:
    """The photo's split, from a hash of its file name (stable whatever else is in the folder)."""
    bucket = int(hashlib.sha256(path.name.encode()).hexdigest()[:8], 16) % 100
    return next(name for name, (low, high) in SPLITS.items() if low <= bucket < high)


@dataclass(frozen=True)
class Shadow:
    """The soft shadow a garment casts on a shop's white page: offset (as shares of the garment's side), blur
    (Gaussian sigma, same unit) and how much it darkens the page where it is deepest."""
    down: float = 1 / 30
    right: float = 1 / 60
    blur: float = 1 / 40
    strength: float = 0.3

    @classmethod
    def random(cls, generator: torch.Generator) -> "Shadow":
        """A shadow as studio lights cast one: below the garment, to either side, soft or sharp, faint or deep."""
        u = torch.rand(4, generator=generator).tolist()
        return cls(down=u[0] / 25, right=(2 * u[1] - 1) / 30, blur=1 / 80 + u[2] * (1 / 25 - 1 / 80),
                   strength=0.1 + 0.4 * u[3])


def product_shot(garment: torch.Tensor, scale: int = 12, shadow: Shadow | None = None,
                 dye: tuple[float, float] | None = None) -> bytes:
    """A Fashion-MNIST garment (uint8 [28, 28], bright on black) as a shop's product shot: negated back to a
    dark garment on white, upscaled (bicubic), on a white page with margins, as a JPEG; ``shadow``: casting it;
    ``dye``: (hue, saturation), coloured at the same gray (:func:`dyed`)."""
    side = 28 * scale
    big = 1 - np.asarray(Image.fromarray(255 - garment.numpy()).resize((side, side), Image.BICUBIC), np.float32) / 255
    darkness = np.zeros((side + side // 4, side + side // 8), np.float32)
    darkness[side // 8:side // 8 + side, side // 16:side // 16 + side] = big
    if shadow is not None:
        solid = darkness > 0.03
        moved = cv2.warpAffine(solid.astype(np.float32),
                               np.float32([[1, 0, shadow.right * side], [0, 1, shadow.down * side]]),
                               darkness.shape[::-1])
        cast = shadow.strength * cv2.GaussianBlur(moved, (0, 0), shadow.blur * side)
        # The garment hides its shadow; its soft edge (the upscaling's) lets it show through.
        solid = (solid | largest_piece(solid)).astype(np.uint8)  # its white stripes and prints too
        inside = cv2.erode(solid, np.ones((scale // 2, scale // 2), np.uint8))
        darkness = np.where(inside > 0, darkness, np.maximum(darkness, cast))
    page = 1 - np.clip(darkness, 0, 1)
    page = Image.fromarray(np.round(255 * (dyed(page, *dye) if dye else page)).astype(np.uint8)).convert("RGB")
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def dyed(gray: np.ndarray, hue: float, saturation: float) -> np.ndarray:
    """Gray [h, w] in [0, 1] -> RGB [h, w, 3] with the same gray (Rec. 601, as OpenCV and PIL convert), in ``hue``
    at ``saturation`` of the most colour each pixel's brightness allows: pale parts pastel, white stays white."""
    full = np.array(colorsys.hsv_to_rgb(hue, 1.0, 1.0), np.float32)
    direction = full - LUMA @ full  # a change of colour that leaves the gray as it is
    y = gray[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.where(direction > 0, (1 - y) / direction, np.where(direction < 0, y / -direction, np.inf))
    return np.clip(y + saturation * room.min(axis=-1, keepdims=True) * direction, 0, 1)


def shot_details(images: torch.Tensor, shadows: float = 0.0, seed: int = 0) -> torch.Tensor:
    """Fashion-MNIST garments [N, 28, 28] made into product shots and read back by the upload path, as the app
    reads a shop's photo: uint8 [N, 112, 112] (the detail the photo weights read; the 28x28 one if taken for a
    drawing, upsampled). ``shadows``: this share of them cast a :meth:`Shadow.random` (drawn from ``seed``)."""
    from ..images import to_garment

    generator = torch.Generator().manual_seed(seed)
    details = []
    for garment in tqdm(images, desc="product shots", unit="shot", disable=None):
        shadow = Shadow.random(generator) if float(torch.rand(1, generator=generator)) < shadows else None
        details.append(detail_of(to_garment(product_shot(garment, shadow=shadow))))
    return torch.stack(details)


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
