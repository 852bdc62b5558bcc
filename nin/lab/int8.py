"""NiN's forward in int8 for the 10,000-image evaluation, with fp32 where int8 cannot tell.

PyTorch's FX post-training quantization (oneDNN backend: int8 weights per channel, 8-bit
activations) runs the forward about 3x faster than fp32 on a CPU without native bf16, but it
disagrees with fp32 on 1.5 % of the test images when every layer is quantized: the logits come
out on a grid of 0.5, so close classes tie. Block 4 and the pooling stay in fp32 (a 5x5 map, a
negligible share of the work), and the images whose two top logits are still closer than MARGIN
are run again in fp32.

The activations' calibration (what each observer saw of 512 training images) is kept beside the
weights, in int8_calibration.safetensors, named by the sha256 of the model it was made for:
calibrating takes longer than quantizing with it (seconds against a fraction of one).

    python -m nin.lab.int8 --weights weights --data-dir ../shared/data   # writes weights/int8_calibration.safetensors
"""

from __future__ import annotations

import argparse
import copy
import threading
import warnings
from collections import OrderedDict
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import save_file

from ..inference import Predictor
from ..preprocess import CLASSES, to_model_input

MARGIN = 0.2        # logits: images whose two top int8 logits are closer than this are run in fp32
FP32_LAYERS = ("block4", "gap")  # not quantized: the logits are not rounded to int8's grid
CALIBRATION = 512   # training images the activations are calibrated on
CALIBRATION_FILE = "int8_calibration.safetensors"
BACKEND = "onednn"  # full 8-bit activations (x86 keeps 7 bits on a CPU without VNNI: lower agreement)


def _backend_config(backend: str):
    from torch.ao.quantization.backend_config import get_native_backend_config, get_onednn_backend_config
    return get_onednn_backend_config() if backend == "onednn" else get_native_backend_config()


def _prepared(model: torch.nn.Module, backend: str, fp32_layers: tuple) -> torch.fx.GraphModule:
    """``model`` as FX prepares it for quantization: with an observer after each quantized activation."""
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import prepare_fx

    torch.backends.quantized.engine = backend
    # A plain Sequential of the same layers: NiN.forward's input-shape check cannot be traced.
    plain = torch.nn.Sequential(OrderedDict(copy.deepcopy(model).cpu().named_children())).eval()
    mapping = get_default_qconfig_mapping(backend)
    for name in fp32_layers:
        mapping = mapping.set_module_name(name, None)
    with warnings.catch_warnings():  # FX quantization warns that it moves to torchao
        warnings.simplefilter("ignore")
        return prepare_fx(plain, mapping, (torch.zeros(1, 1, 224, 224),), backend_config=_backend_config(backend))


def _observers(prepared: torch.fx.GraphModule) -> dict[str, torch.nn.Module]:
    from torch.ao.quantization.observer import ObserverBase
    return {name: module for name, module in prepared.named_modules() if isinstance(module, ObserverBase)}


def calibrate(model: torch.nn.Module, garments: torch.Tensor, backend: str = BACKEND, fp32_layers: tuple = FP32_LAYERS,
              batch_size: int = 64) -> dict[str, torch.Tensor]:
    """What the observers see of ``garments`` [N, 28, 28]: their state, as tensors. ``backend``
    "onednn" or "x86"; ``fp32_layers``: top-level layers left unquantized."""
    prepared = _prepared(model, backend, fp32_layers)
    with torch.inference_mode():
        for start in range(0, len(garments), batch_size):
            prepared(to_model_input(garments[start:start + batch_size]))
    return {f"{name}.{key}": value.clone() for name, observer in _observers(prepared).items()
            for key, value in observer.state_dict().items()}


def quantized(model: torch.nn.Module, calibration: dict[str, torch.Tensor], backend: str = BACKEND,
              fp32_layers: tuple = FP32_LAYERS) -> torch.nn.Module:
    """``model`` with int8 convolutions and activations, quantized as ``calibration`` (made with the
    same ``backend`` and ``fp32_layers``) says."""
    from torch.ao.quantization.quantize_fx import convert_fx

    prepared = _prepared(model, backend, fp32_layers)
    for name, observer in _observers(prepared).items():
        observer.load_state_dict({key[len(name) + 1:]: value for key, value in calibration.items()
                                  if key.startswith(name + ".")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return convert_fx(prepared, backend_config=_backend_config(backend))


def save_calibration(calibration: dict[str, torch.Tensor], folder, model_sha256: str, images: int) -> Path:
    path = Path(folder) / CALIBRATION_FILE
    save_file(calibration, str(path), metadata={"model_sha256": model_sha256, "images": str(images), "backend": BACKEND,
                                                 "fp32_layers": ",".join(FP32_LAYERS), "made_by": "python -m nin.lab.int8"})
    return path


def load_calibration(folder, model_sha256: str) -> dict[str, torch.Tensor] | None:
    """The calibration kept in ``folder`` for the model of ``model_sha256`` (and this module's choice of
    layers); None if there is none for them."""
    path = Path(folder) / CALIBRATION_FILE
    if not path.is_file():
        return None
    with safe_open(str(path), framework="pt") as kept:
        meta = kept.metadata() or {}
        if meta.get("model_sha256") != model_sha256 or meta.get("fp32_layers") != ",".join(FP32_LAYERS):
            return None
        return {key: kept.get_tensor(key) for key in kept.keys()}


class Int8Predictor:
    """The logits of an fp32 CPU :class:`nin.inference.Predictor` from the int8 forward, and from the
    fp32 forward for the images int8 leaves undecided. Only ``logits`` (no probing, no Grad-CAM): it
    serves the evaluation, not the page."""

    precision = "int8"

    def __init__(self, fp32: Predictor, calibration: dict[str, torch.Tensor], margin: float = MARGIN):
        if fp32.device.type != "cpu" or fp32.precision != "fp32":
            raise ValueError("int8 runs on the CPU, beside an fp32 Predictor")
        self.fp32, self.margin = fp32, margin
        self.device, self.info, self.model = fp32.device, fp32.info, fp32.model
        self.network = quantized(fp32.model, calibration)
        self.rerun = 0  # images run again in fp32 so far
        self._count = threading.Lock()  # predict_all calls logits from several threads

    @torch.inference_mode()
    def logits(self, garments: torch.Tensor, batch_size: int = 64) -> torch.Tensor:
        """[N, 28, 28] (uint8 or float in [0, 1]) -> [N, 10] float32 logits."""
        out = []
        for start in range(0, len(garments), batch_size):
            batch = garments[start:start + batch_size]
            logits = self.network(to_model_input(batch)).float()
            top2 = logits.topk(2, dim=1).values
            undecided = (top2[:, 0] - top2[:, 1] < self.margin).nonzero().flatten()
            if len(undecided):
                logits[undecided] = self.fp32.logits(batch[undecided])
                with self._count:
                    self.rerun += len(undecided)
            out.append(logits)
        return torch.cat(out) if out else torch.empty(0, len(CLASSES))


def calibration_images(data_dir=None, n: int = CALIBRATION) -> torch.Tensor:
    """``n`` training images drawn with a fixed seed (never test images)."""
    from .data import load_split
    images, _ = load_split(data_dir, train=True)
    return images[torch.randperm(len(images), generator=torch.Generator().manual_seed(0))[:n]]


def int8_predictor(fp32: Predictor, data_dir=None) -> Int8Predictor:
    """fp32's int8 counterpart, with the calibration kept beside its weights, else made now (slower)."""
    calibration = None
    if fp32.info is not None:
        calibration = load_calibration(Path(fp32.info.path).parent, fp32.info.sha256)
    if calibration is None:
        calibration = calibrate(fp32.model, calibration_images(data_dir))
    return Int8Predictor(fp32, calibration)


def main(argv=None) -> None:
    from .data import default_data_dir
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", default="weights", help="a weights folder: the calibration is written into it")
    parser.add_argument("--data-dir", default=default_data_dir(), help="folder with FashionMNIST/raw (env NIN_DATA_DIR)")
    parser.add_argument("--images", type=int, default=CALIBRATION, help="training images to calibrate on")
    args = parser.parse_args(argv)
    fp32 = Predictor.load(args.weights, device="cpu", precision="fp32")
    calibration = calibrate(fp32.model, calibration_images(args.data_dir, args.images))
    path = save_calibration(calibration, Path(fp32.info.path).parent, fp32.info.sha256, args.images)
    print(f"{path}: int8 calibration on {args.images} training images for model {fp32.info.short_sha}")


if __name__ == "__main__":
    main()
