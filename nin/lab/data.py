"""Fashion-MNIST as whole uint8 tensors (70,000 28x28 images fit in 55 MB).

Reads torchvision's layout, ``<data_dir>/FashionMNIST/raw/``, either the published ``.gz``
files (read as they are: the shared copy is read-only, and torchvision itself only reads the
extracted files) or the extracted ones. ``download=True`` lets torchvision fetch them where a
network exists. The folder comes from ``--data-dir``, else ``NIN_DATA_DIR``, else ``data/``; the
tests and benchmarks/latency.py look in the shared copy, ``../shared/data``, before ``data/``
(:func:`default_data_dir`).
"""

import gzip
import os
from pathlib import Path

import numpy as np
import torch

DATA_DIR_ENV = "NIN_DATA_DIR"
DEFAULT_DATA_DIR = "data"
# A read-only copy beside the checkout, where the tests and benchmarks look before data/.
SHARED_DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


def has_fashion_mnist(folder) -> bool:
    """Whether ``folder`` holds torchvision's layout, FashionMNIST/raw/."""
    return (Path(folder) / "FashionMNIST" / "raw").is_dir()


def default_data_dir(prefer_shared: bool = False) -> str:
    """NIN_DATA_DIR, else (with ``prefer_shared``, for the tests and benchmarks) ../shared/data beside
    the checkout when it holds the data, else data/."""
    if os.environ.get(DATA_DIR_ENV):
        return os.environ[DATA_DIR_ENV]
    if prefer_shared and has_fashion_mnist(SHARED_DATA_DIR):
        return str(SHARED_DATA_DIR)
    return DEFAULT_DATA_DIR


def _read_idx(path: Path, header_bytes: int) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        header = f.read(header_bytes)
        data = np.frombuffer(f.read(), dtype=np.uint8)
    dims = [int.from_bytes(header[4 + 4 * i:8 + 4 * i], "big") for i in range((header_bytes - 4) // 4)]
    return data.reshape(dims)


def _find(raw: Path, name: str) -> Path | None:
    for candidate in (raw / name, raw / f"{name}.gz"):
        if candidate.exists():
            return candidate
    return None


def load_split(data_dir: str | os.PathLike | None = None, train: bool = True,
               download: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """(images uint8 [N, 28, 28], labels int64 [N]) of one split."""
    root = Path(data_dir or default_data_dir())
    raw = root / "FashionMNIST" / "raw"
    image_name, label_name = FILES[train]
    if download and not (_find(raw, image_name) and _find(raw, label_name)):
        from torchvision.datasets import FashionMNIST
        FashionMNIST(root=str(root), train=train, download=True)
    image_path, label_path = _find(raw, image_name), _find(raw, label_name)
    if image_path is None or label_path is None:
        raise FileNotFoundError(
            f"Fashion-MNIST not found in {raw}/: pass --data-dir DIR (or set NIN_DATA_DIR) to a folder "
            f"holding FashionMNIST/raw/, or add --download where a network exists")
    images = torch.from_numpy(_read_idx(image_path, 16).copy())
    labels = torch.from_numpy(_read_idx(label_path, 8).astype(np.int64))
    if images.shape[1:] != (28, 28) or len(images) != len(labels):
        raise ValueError(f"{image_path} and {label_path} are not a Fashion-MNIST split")
    return images, labels
