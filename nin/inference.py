"""Running the trained NiN: one :class:`Predictor` serves evaluation, the CLI and the app, so
all three give the same answer for the same garment (28x28; a photo's detail for the phone weights)."""

import copy
import threading
from dataclasses import dataclass, field

import numpy as np
import torch

from . import int8
from .device import flush_denormal_for, pick_device, pick_precision
from .preprocess import CLASSES, GARMENT_SIZE, to_model_input
from .probe import probe


@dataclass
class Analysis:
    """Everything the page shows about one garment."""
    garment: np.ndarray                 # [S, S] in [0, 1], S the reader's garment_size (28; photos 112)
    model_input: np.ndarray             # [224, 224], normalised, as the network sees it
    logits: np.ndarray                  # [10]
    probabilities: np.ndarray           # [10]
    activations: dict = field(default_factory=dict)  # layer key -> [C, H, W] float32
    cam: np.ndarray | None = None       # Grad-CAM of the predicted class, [12, 12]

    @property
    def index(self) -> int:
        return int(self.probabilities.argmax())

    @property
    def label(self) -> str:
        return CLASSES[self.index]

    def confidences(self) -> dict[str, float]:
        return {name: float(p) for name, p in zip(CLASSES, self.probabilities)}


class Predictor:
    def __init__(self, model: torch.nn.Module, info=None, device: str | torch.device | None = None,
                 precision: str | None = None, calibration: dict | None = None):
        """``precision``: bf16, fp32 or int8 (default: nin.device.pick_precision). int8 needs a
        calibration for these weights (``calibration``, else the file kept beside them); without one
        the Predictor runs in fp32, and ``precision_note`` says why."""
        self.device = pick_device(device) if not isinstance(device, torch.device) else device
        self.precision = pick_precision(self.device, precision)
        self.precision_note = ""
        self.model = model.to(self.device, memory_format=torch.channels_last).eval()
        # The garments these weights read are this big (config.json): 28, or a photo's detail.
        self.garment_size = info.meta.get("garment_size", GARMENT_SIZE) if info is not None else GARMENT_SIZE
        self.int8 = None
        if self.precision == "int8":
            calibration = calibration or find_calibration(info)
            if calibration is None:
                self.precision, self.precision_note = "fp32", "no int8 calibration for these weights"
            else:
                self.int8 = int8.Int8Network(self.model, calibration, self.garment_size)
        self.flush_denormal = flush_denormal_for(self.device, self.precision)
        if self.flush_denormal:
            torch.set_flush_denormal(True)
        # In bf16 the forward runs on a bf16 copy of the weights, cast once here, not by autocast
        # on every call (faster at batch 1: docs/performance.md). self.model stays fp32
        # for the shape table, the kernel picture and an fp32 reference.
        if self.precision == "bf16":
            self.network = copy.deepcopy(self.model).to(torch.bfloat16).requires_grad_(False)
            self.dtype = torch.bfloat16
        else:
            self.network, self.dtype = self.model, torch.float32
        self.info = info
        # A top probability under this means "none of these" (the weights' config.json; None: no such threshold).
        self.none_below = info.none_below if info is not None else None
        # Weights for photos (nin.weights.load_phone_weights), as a Predictor of their own; None: these read all.
        self.phone: Predictor | None = None
        self.rerun_in_fp32 = 0  # int8: garments whose answer int8 left undecided, run again in fp32
        self._count = threading.Lock()

    @classmethod
    def load(cls, spec: str | None = None, device=None, precision: str | None = None) -> "Predictor":
        """The model from :func:`nin.weights.load_model` (NIN_WEIGHTS, the Hub, or weights/), with the
        phone-photo weights kept beside it when there are any."""
        from .weights import load_model, load_phone_weights
        model, info = load_model(spec)
        predictor = cls(model, info, device=device, precision=precision)
        phone = load_phone_weights(info)
        if phone is not None:
            predictor.phone = cls(*phone, device=predictor.device, precision=precision)
        return predictor

    def reader(self, photo: bool) -> "Predictor":
        """The Predictor that reads a garment: the phone-photo weights for a photo (nin.images.Garment's
        ``photo``: a phone photo or a product shot), when there are any; else these."""
        return self.phone if photo and self.phone is not None else self

    def read(self, garment) -> tuple["Predictor", torch.Tensor]:
        """(the Predictor that reads a nin.images.Garment, the pixels it reads): a photo's detail for
        phone-photo weights that read details, else the 28x28."""
        reader = self.reader(garment.photo)
        detail = garment.detail is not None and reader.garment_size == garment.detail.shape[-1]
        return reader, garment.detail if detail else garment.pixels

    def _input(self, garments: torch.Tensor) -> torch.Tensor:
        return to_model_input(garments).to(self.device, self.dtype, memory_format=torch.channels_last)

    @torch.inference_mode()
    def logits(self, garments: torch.Tensor, batch_size: int = 64) -> torch.Tensor:
        """[N, S, S] garments (uint8 or float in [0, 1]; S = garment_size) -> [N, 10] float32 logits on the CPU."""
        out = []
        for start in range(0, len(garments), batch_size):
            batch = garments[start:start + batch_size]
            if self.int8 is None:
                out.append(self.network(self._input(batch)).float().cpu())
                continue
            logits = self.int8.logits(batch)
            rerun = int8.undecided(logits)
            if rerun.any():
                logits[rerun] = self.network(self._input(batch[rerun]))
                self._counted(int(rerun.sum()))
            out.append(logits)
        return torch.cat(out) if out else torch.empty(0, len(CLASSES))

    def analyze(self, garment: torch.Tensor, layers: set[str] | None = None, cam: bool = True) -> Analysis:
        """Run one [S, S] garment (S = garment_size), keeping the outputs of ``layers`` (None: all probed layers)."""
        garment = garment.float()
        x = self._input(garment[None])
        cam_class = -1 if cam else None
        if self.int8 is None:
            logits, outputs, heat = probe(self.network, x, keep=layers, cam_class=cam_class)
        else:  # the int8 front takes the garment itself
            logits, outputs, heat = probe(self.network, garment[None, None], keep=layers, cam_class=cam_class,
                                          front=self.int8)
        if self.int8 is not None and int8.undecided(logits)[0]:
            logits, outputs, heat = probe(self.network, x, keep=layers, cam_class=cam_class)
            self._counted(1)
        logits = logits.float().cpu()[0]
        return Analysis(
            garment=garment.numpy(),
            model_input=x[0, 0].float().cpu().numpy(),
            logits=logits.numpy(),
            probabilities=torch.softmax(logits, 0).numpy(),
            activations={k: v[0].float().cpu().numpy() for k, v in outputs.items()},
            cam=None if heat is None else heat[0].float().cpu().numpy(),
        )

    def _counted(self, garments: int) -> None:
        with self._count:  # requests (and the evaluation's threads) run at once
            self.rerun_in_fp32 += garments


def find_calibration(info) -> dict | None:
    """The int8 calibration kept beside these weights (their folder or Hub commit), else in the
    project's weights/ for the same sha256; None if there is none."""
    if info is None:
        return None
    from .weights import BUNDLED_WEIGHTS_DIR, PHONE_FOLDER, WeightsError, companion_file
    try:
        folder = companion_file(info, int8.CALIBRATION_FILE).parent
    except WeightsError:
        folder = None
    for where in (folder, BUNDLED_WEIGHTS_DIR, BUNDLED_WEIGHTS_DIR / PHONE_FOLDER):
        calibration = int8.load_calibration(where, info.sha256) if where is not None else None
        if calibration is not None:
            return calibration
    return None
