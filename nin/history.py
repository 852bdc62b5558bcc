"""The page's training stages: the weights kept along one training run from scratch (nin.train's
``history`` preset), stored next to the main weights in ``history/``, and the main weights as
the last stage.

``history/history.json`` lists the stages with the sha256 of each ``model.safetensors`` (so one
file pins them all, as config.json pins the main weights) and the run's training curve. The
stages come from the same place as the main weights (the same folder, or the same Hub commit)
and are loaded when first asked for, a few kept in memory at a time.
"""

from __future__ import annotations

import io
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from PIL import Image

from .demo import Demo
from .inference import Predictor
from .weights import WEIGHTS_FILE, WeightsError, companion_file, load_verified

INDEX_FILE = "history/history.json"
KEEP_IN_MEMORY = 3  # stage networks held at once (8 MB each in fp32); the main weights are always held
_PLOTTING = threading.Lock()  # matplotlib is not thread-safe, even across figures (its text layout is shared)


@dataclass(frozen=True)
class Stage:
    title: str                  # "random weights", "150 steps", "1.5 epochs", "trained"
    folder: str | None          # under history/; None for the main weights
    step: int | None
    epoch: float | None
    test_accuracy: float | None
    test_loss: float | None
    test_n: int | None
    sha256: str
    images: int | None = None   # training images seen so far

    @property
    def line(self) -> str:
        """What this stage scores, for the page."""
        scores = []
        if self.test_accuracy is not None:
            scores.append(f"{self.test_accuracy:.1%} of {self.test_n or 10000:,} test images right")
        if self.test_loss is not None:
            scores.append(f"test loss {self.test_loss:.2f}")
        if self.step:
            seen = f"{self.images:,} training images, " if self.images else ""
            when = f"after {self.step:,} steps ({seen}{self.epoch:.2g} epochs)"
        else:
            when = "before any training" if self.step == 0 else "the committed weights, after the full training"
        return f"**{self.title}**: {when}" + (f" — {', '.join(scores)}." if scores else ".")


def stage_title(step: int, epoch: float) -> str:
    if step == 0:
        return "random weights"
    return f"{step} steps" if epoch < 0.5 else f"{epoch:.2g} epochs"


class History:
    """The stages of one run and the main weights, each served by its own :class:`Demo`."""

    def __init__(self, trained: Demo, index: dict, load_stage):
        self.trained = trained
        info = trained.predictor.info
        batch = index.get("batch_size")
        self.stages = [Stage(stage_title(s["step"], s["epoch"]), s["folder"], s["step"], s["epoch"],
                             s.get("test_accuracy"), s.get("test_loss"), s.get("test_n"), s["sha256"],
                             s["step"] * batch if batch else None)
                       for s in index["stages"]]
        self.stages.append(Stage("trained", None, None, None, info.test_accuracy if info else None, None,
                                 None, info.sha256 if info else ""))
        self.curve = index.get("curve", [])
        self._load_stage = load_stage
        self._demos: OrderedDict[int, Demo] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, trained: Demo) -> tuple[History | None, str]:
        """The history stored beside ``trained``'s weights, or None and why not (for a note on the page)."""
        info = trained.predictor.info
        if info is None:
            return None, "Training stages: none (weights given in memory)."
        try:
            index_path = companion_file(info, INDEX_FILE)
            index = json.loads(index_path.read_text(encoding="utf-8"))
            if not index.get("stages"):
                raise WeightsError(f"{index_path}: lists no stages")
        except (WeightsError, OSError, ValueError, KeyError) as error:
            return None, f"Training stages are not available with these weights ({error})."

        def load_stage(stage: Stage) -> Demo:
            path = companion_file(info, f"history/{stage.folder}/{WEIGHTS_FILE}")
            model, sha = load_verified(path, stage.sha256, str(index_path), trained.predictor.device)
            stage_info = replace(info, sha256=sha, short_sha=sha[:12], test_accuracy=stage.test_accuracy,
                                 path=str(path), location=f"{info.location}/history/{stage.folder}",
                                 reason=f"Training stage {stage.title}.", verified=True)
            # No int8 calibration is kept for the stages: where the trained network runs in int8, they run in fp32.
            precision = "fp32" if trained.predictor.precision == "int8" else trained.predictor.precision
            return Demo(Predictor(model, stage_info, device=trained.predictor.device, precision=precision),
                        same_network_as=trained)

        return cls(trained, index, load_stage), ""

    @property
    def last(self) -> int:
        return len(self.stages) - 1

    def index_of(self, value) -> int:
        """A slider value as a stage index: anything out of range or not a number is the trained stage."""
        try:
            index = int(value)
        except (TypeError, ValueError, OverflowError):
            return self.last
        return index if 0 <= index <= self.last else self.last

    def demo(self, index: int) -> Demo:
        """The Demo of stage ``index``; a stage that cannot be loaded raises WeightsError."""
        if index == self.last:
            return self.trained
        with self._lock:  # one load per stage, even when several requests ask at once
            if index in self._demos:
                self._demos.move_to_end(index)
                return self._demos[index]
            demo = self._load_stage(self.stages[index])
            self._demos[index] = demo
            while len(self._demos) > KEEP_IN_MEMORY:
                self._demos.popitem(last=False)
            return demo

    def loaded(self) -> list[int]:
        return list(self._demos)

    def curve_picture(self, index: int) -> Image.Image:
        """The run's loss and accuracy, each stage's test scores as dots, the chosen stage marked."""
        return plot_history(self.curve, self.stages, index)


def plot_history(curve: list[dict], stages: list[Stage], chosen: int) -> Image.Image:
    """Loss and accuracy over the training steps (a log scale: early steps change the most), each
    kept stage's test scores as dots, the committed weights at the right, the chosen stage in red."""
    with _PLOTTING:
        return _draw_history(curve, stages, chosen)


def _draw_history(curve: list[dict], stages: list[Stage], chosen: int) -> Image.Image:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure  # not pyplot, whose state is global
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(6.4, 2.5), dpi=100)
    FigureCanvasAgg(fig)
    ax_loss, ax_acc = fig.subplots(1, 2)
    kept = [s for s in stages if s.step is not None]
    end = max([c["step"] for c in curve] + [s.step for s in kept] + [10])
    trained_at = end * 2.5  # the committed weights come from a longer run: drawn to the right of this one
    where = [s.step for s in kept] + [trained_at]
    for ax, key, test in ((ax_loss, "loss", [s.test_loss for s in kept] + [stages[-1].test_loss]),
                          (ax_acc, "accuracy", [s.test_accuracy for s in kept] + [stages[-1].test_accuracy])):
        ax.plot([c["step"] for c in curve], [c[key] for c in curve], color="tab:blue", lw=1, label="train")
        ax.plot([x for x, y in zip(where, test) if y is not None], [y for y in test if y is not None], "o",
                color="tab:orange", ms=4, label="test")
        ax.set_xscale("symlog", linthresh=10)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # plain text: no mathtext
        ax.set_xlim(-0.5, trained_at * 1.6)
        ax.axvline(where[chosen], color="crimson", lw=1.5)
        ax.set_xlabel("training steps (32 images each)", fontsize=8)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=8)
    ax_acc.annotate("trained", (trained_at, stages[-1].test_accuracy or 0), textcoords="offset points",
                    xytext=(0, -14), ha="center", fontsize=8)
    ax_loss.set_ylabel("cross-entropy", fontsize=8)
    ax_acc.set_ylabel("accuracy", fontsize=8)
    ax_acc.set_ylim(0, 1)
    ax_acc.legend(fontsize=7, loc="upper left")
    fig.subplots_adjust(left=0.09, right=0.99, bottom=0.18, top=0.96, wspace=0.28)  # tight_layout costs more
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return Image.open(io.BytesIO(buffer.getvalue()))
