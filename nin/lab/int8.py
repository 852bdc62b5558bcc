"""The int8 calibration of nin.int8: what each of its observers sees of 512 training images.

It is kept beside the weights (int8_calibration.safetensors, named by the model's sha256), so that
the app and the evaluation quantize in a fraction of a second instead of calibrating at every start.

    python -m nin.lab.int8 --weights weights --data-dir ../shared/data   # writes weights/int8_calibration.safetensors
    python -m nin.lab.int8 --weights weights/phone --photos-cache runs/chain/phone/photos.safetensors

Weights that read phone photos' details (config.json's garment_size 112) are calibrated on the photos'
details (the train split of the nin.lab.photos cache), what they read in the app.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch
from safetensors.torch import save_file

from .. import int8
from ..inference import Predictor
from ..preprocess import GARMENT_SIZE, PHOTO_DETAIL_SIZE
from ..weights import load_weights_folder

CALIBRATION = 512   # training images the activations are calibrated on


def calibrate(model: torch.nn.Module, garments: torch.Tensor, batch_size: int = 64) -> dict[str, torch.Tensor]:
    """What nin.int8's observers see of ``garments`` [N, S, S]: their state, as tensors."""
    graph, unshuffled = int8.prepared(model), int8.UnshuffledInput(garments.shape[-1])
    with torch.inference_mode():
        for start in range(0, len(garments), batch_size):
            graph(unshuffled(garments[start:start + batch_size]))
    return {f"{name}.{key}": value.clone() for name, observer in int8.observers(graph).items()
            for key, value in observer.state_dict().items()}


def save_calibration(calibration: dict[str, torch.Tensor], folder, model_sha256: str, images: int) -> Path:
    path = Path(folder) / int8.CALIBRATION_FILE
    save_file(calibration, str(path), metadata={"model_sha256": model_sha256, "images": str(images),
                                                 "backend": int8.BACKEND, "quantized": ",".join(int8.QUANTIZED),
                                                 "made_by": "python -m nin.lab.int8"})
    return path


def calibration_images(data_dir=None, n: int = CALIBRATION) -> torch.Tensor:
    """``n`` training images drawn with a fixed seed (never test images)."""
    from .data import load_split
    images, _ = load_split(data_dir, train=True)
    return images[torch.randperm(len(images), generator=torch.Generator().manual_seed(0))[:n]]


def photo_calibration_images(cache, n: int = CALIBRATION) -> torch.Tensor:
    """``n`` photos' details of the train split of a nin.lab.photos cache, drawn with a fixed seed."""
    from .photos import load_cache
    details, _ = load_cache(cache, "train", detail=True)
    return details[torch.randperm(len(details), generator=torch.Generator().manual_seed(0))[:n]]


def int8_predictor(predictor: Predictor, data_dir=None) -> Predictor:
    """``predictor`` in int8: as it is when it found a calibration for its weights, else calibrated
    now on training images (slower than reading one)."""
    if predictor.precision == "int8":
        return predictor
    return Predictor(predictor.model, predictor.info, device="cpu", precision="int8",
                     calibration=calibrate(predictor.model, calibration_images(data_dir)))


def main(argv=None) -> None:
    from .data import default_data_dir
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default="weights", help="a weights folder: the calibration is written into it")
    parser.add_argument("--data-dir", default=default_data_dir(),
                        help="folder with FashionMNIST/raw (env NIN_DATA_DIR)")
    parser.add_argument("--images", type=int, default=CALIBRATION, help="training images to calibrate on")
    parser.add_argument("--photos-cache", default=None,
                        help="calibrate on this nin.lab.photos cache's train photos (weights that read their details)")
    args = parser.parse_args(argv)
    model, info = load_weights_folder(args.weights, garment_sizes=(GARMENT_SIZE, PHOTO_DETAIL_SIZE))
    if info.meta["garment_size"] != GARMENT_SIZE and not args.photos_cache:
        parser.error(f"{args.weights} reads {info.meta['garment_size']}-px phone photos: give --photos-cache")
    images = (photo_calibration_images(args.photos_cache, args.images) if args.photos_cache
              else calibration_images(args.data_dir, args.images))
    calibration = calibrate(model.eval(), images)
    path = save_calibration(calibration, Path(info.path).parent, info.sha256, len(images))
    print(f"{path}: int8 calibration on {len(images)} training images for model {info.short_sha}")


if __name__ == "__main__":
    main()
