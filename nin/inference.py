"""Running the trained NiN: one :class:`Predictor` serves evaluation, the CLI and the app, so
all three give the same answer for the same 28x28 garment."""

import copy
from dataclasses import dataclass, field

import numpy as np
import torch

from .device import flush_denormal_for, pick_device, pick_precision
from .preprocess import CLASSES, to_model_input
from .probe import probe


@dataclass
class Analysis:
    """Everything the page shows about one garment."""
    garment: np.ndarray                 # [28, 28] in [0, 1]
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
                 precision: str | None = None):
        self.device = pick_device(device) if not isinstance(device, torch.device) else device
        self.precision = pick_precision(self.device, precision)
        self.flush_denormal = flush_denormal_for(self.device, self.precision)
        if self.flush_denormal:
            torch.set_flush_denormal(True)
        self.model = model.to(self.device, memory_format=torch.channels_last).eval()
        # In bf16 the forward runs on a bf16 copy of the weights, cast once here, not by autocast
        # on every call (at batch 1 on this CPU: 5.5 ms instead of 6.5). self.model stays fp32
        # for the shape table, the kernel picture and an fp32 reference.
        if self.precision == "bf16":
            self.network = copy.deepcopy(self.model).to(torch.bfloat16).requires_grad_(False)
            self.dtype = torch.bfloat16
        else:
            self.network, self.dtype = self.model, torch.float32
        self.info = info

    @classmethod
    def load(cls, spec: str | None = None, device=None, precision: str | None = None) -> "Predictor":
        """The model from :func:`nin.weights.load_model` (NIN_WEIGHTS, the Hub, or weights/)."""
        from .weights import load_model
        model, info = load_model(spec)
        return cls(model, info, device=device, precision=precision)

    def _input(self, garments: torch.Tensor) -> torch.Tensor:
        return to_model_input(garments).to(self.device, self.dtype, memory_format=torch.channels_last)

    @torch.inference_mode()
    def logits(self, garments: torch.Tensor, batch_size: int = 64) -> torch.Tensor:
        """[N, 28, 28] (uint8 or float in [0, 1]) -> [N, 10] float32 logits on the CPU."""
        out = []
        for start in range(0, len(garments), batch_size):
            out.append(self.network(self._input(garments[start:start + batch_size])).float().cpu())
        return torch.cat(out) if out else torch.empty(0, len(CLASSES))

    def analyze(self, garment: torch.Tensor, layers: set[str] | None = None, cam: bool = True) -> Analysis:
        """Run one [28, 28] garment, keeping the outputs of ``layers`` (None: all probed layers)."""
        garment = garment.float()
        x = self._input(garment[None])
        logits, outputs, heat = probe(self.network, x, keep=layers, cam_class=-1 if cam else None)
        logits = logits.float().cpu()[0]
        return Analysis(
            garment=garment.numpy(),
            model_input=x[0, 0].float().cpu().numpy(),
            logits=logits.numpy(),
            probabilities=torch.softmax(logits, 0).numpy(),
            activations={k: v[0].float().cpu().numpy() for k, v in outputs.items()},
            cam=None if heat is None else heat[0].float().cpu().numpy(),
        )
