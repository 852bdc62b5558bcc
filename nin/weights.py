"""Trained weights on disk: ``model.safetensors`` + ``config.json`` (the torchvision idea of
weights that carry their preprocessing and metadata with them)."""

import hashlib
import json
from pathlib import Path

from safetensors.torch import save_file

from .preprocess import CLASSES, GARMENT_SIZE, INPUT_SIZE, MEAN, STD

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_config(**extra) -> dict:
    return {"architecture": "NiN", "num_classes": len(CLASSES), "classes": list(CLASSES),
            "garment_size": GARMENT_SIZE, "input_size": INPUT_SIZE, "mean": MEAN, "std": STD, **extra}


def save_weights(model, folder, extra: dict | None = None) -> Path:
    """Write the model's state dict as fp32 safetensors and its config.json; return the weights path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().float().contiguous().cpu() for k, v in model.state_dict().items()}
    path = folder / WEIGHTS_FILE
    save_file(state, str(path), metadata={"format": "pt", "architecture": "NiN"})
    config = model_config(**{k: v for k, v in (extra or {}).items() if v is not None})
    config["sha256"] = sha256_of(path)
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    return path
