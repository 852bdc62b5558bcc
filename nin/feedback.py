""""That's wrong — it's a …": drawings people correct on the page, kept to measure and to learn from.

The folder (``NIN_FEEDBACK_DIR``, default ``runs/feedback/``) is in the Hugging Face image-folder
layout, so ``datasets.load_dataset("imagefolder", data_dir=...)`` and the Hub's viewer read it:

    metadata.jsonl            one JSON object per line:
                              {"file_name": "drawings/<id>.png", "garment": "garments/<id>.png",
                               "label": "Coat", "label_index": 4, "predicted": "Bag",
                               "probabilities": {...}, "weights_sha256": "...", "saved": "2026-11-29T15:00:00Z"}
    drawings/<id>.png         what was drawn (the pad's canvas, or the uploaded picture as a PNG)
    garments/<id>.png         the garment the model was given (28x28; a photo's 112x112 detail)

Only the drawing and those fields are kept: no address, no cookie, no name. File names are made
here (a random id), never taken from the request. What the model answered is never taken from the page
either: it is recomputed from the garment the server kept (:func:`model_answer`), and the drawing must be
the one that gave that garment (:func:`drawing_of`). Every line is strict JSON (no NaN, no Infinity).
The folder is bounded (``NIN_FEEDBACK_MAX_ENTRIES``, ``NIN_FEEDBACK_MAX_MB``); past either limit nothing
is written. One visitor cannot fill it: saves are limited per session and per address (``RATE_LIMITS``),
and an upload is kept at most 448 pixels wide, like the pad's canvas. Saves from several threads or
processes are serialised by a lock file. With ``NIN_FEEDBACK_REPO`` set (on a Space), huggingface_hub's
CommitScheduler pushes the folder to that Hub dataset every few minutes.
"""

import fcntl
import io
import json
import math
import os
import threading
import time
import uuid
from collections import deque
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .preprocess import CLASSES

METADATA = "metadata.jsonl"
MAX_DRAWING_SIDE = 448  # a drawing is stored at most this large (the pad's canvas; an upload is shrunk)
# (saves, seconds): at most that many saves in any such window, per session and per address. An address
# may be a whole classroom behind one router, hence more; its daily share is 2 % of the entries and at
# most 200 x 0.2 MB (a 448x448 PNG of noise) = 40 MB of the 200 MB folder.
RATE_LIMITS = {"session": ((10, 60),), "address": ((20, 60), (200, 24 * 3600))}
MATCH_TOLERANCE = 1e-4  # the drawing's garment against the kept one (both come from the same code)


class FeedbackRefused(Exception):
    """Nothing was kept; str() is a sentence for the page."""


class FeedbackFull(FeedbackRefused):
    """The folder has reached its limit."""


class TooOften(FeedbackRefused):
    """This session or address has saved its share for now."""


class RateLimit:
    """At most ``limit`` events per key in any ``window`` seconds (a sliding window). Keys whose events are
    all older than the window are forgotten, and past ``max_keys`` keys the longest-known ones: it holds at
    most ``limit`` x ``max_keys`` times."""

    def __init__(self, limit: int, window: float, max_keys: int = 10_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self.times: dict[str, deque] = {}
        self.lock = threading.Lock()
        self._swept = 0.0

    def allow(self, key: str, now: float | None = None) -> bool:
        """Counts an event for ``key`` and says whether it is within the limit (one refused is not counted)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            if now - self._swept > self.window:  # forget the keys gone quiet, once a window
                self.times = {k: t for k, t in self.times.items() if t and t[-1] > now - self.window}
                self._swept = now
            if key not in self.times and len(self.times) >= self.max_keys:
                del self.times[next(iter(self.times))]
            times = self.times.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return False
            times.append(now)
            return True


@dataclass
class FeedbackStore:
    folder: Path
    max_entries: int = 10_000
    max_bytes: int = 200 * 2**20
    scheduler: object = None  # a huggingface_hub.CommitScheduler pushing the folder, or None
    limits: dict = None  # {"session" | "address": [RateLimit, ...]}, from RATE_LIMITS

    def __post_init__(self):
        if self.limits is None:
            self.limits = {kind: [RateLimit(*rule) for rule in rules] for kind, rules in RATE_LIMITS.items()}

    def check_rate(self, session: str | None, address: str | None) -> None:
        """Raises TooOften, a polite sentence, when this session or this address has saved enough for now
        (every attempt counts, a refused or failed one too: each costs a decode)."""
        for kind, key in (("session", session), ("address", address)):
            if key is not None and not all([limit.allow(key) for limit in self.limits[kind]]):
                raise TooOften("Thank you — that is plenty of corrections for now; "
                               "please try again in a minute or two.")

    @classmethod
    def from_env(cls) -> "FeedbackStore":
        folder = Path(os.environ.get("NIN_FEEDBACK_DIR") or "runs/feedback")
        store = cls(folder, int(os.environ.get("NIN_FEEDBACK_MAX_ENTRIES", 10_000)),
                    int(float(os.environ.get("NIN_FEEDBACK_MAX_MB", 200)) * 2**20))
        repo = os.environ.get("NIN_FEEDBACK_REPO")
        if repo:
            from huggingface_hub import CommitScheduler
            folder.mkdir(parents=True, exist_ok=True)
            store.scheduler = CommitScheduler(repo_id=repo, repo_type="dataset", folder_path=folder,
                                              path_in_repo="data", every=5, private=True,
                                              ignore_patterns=[".lock"])
        return store

    @contextmanager
    def _locked(self):
        """One writer at a time, across threads and processes (replicas share the folder)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                with self.scheduler.lock if self.scheduler is not None else nullcontext():
                    yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _usage(self) -> tuple[int, int]:
        path = self.folder / METADATA
        entries = sum(1 for _ in path.open()) if path.exists() else 0
        size = sum(f.stat().st_size for f in self.folder.rglob("*.png")) + (path.stat().st_size if path.exists() else 0)
        return entries, size

    def save(self, label: int, drawing: Image.Image, garment: np.ndarray, probabilities: dict,
             weights_sha256: str) -> dict:
        """Keep one corrected drawing; returns its metadata line. Raises FeedbackFull past the limits."""
        if not 0 <= label < len(CLASSES):
            raise ValueError(f"label must be in 0..{len(CLASSES) - 1}")
        drawing = drawing.convert("L")
        drawing.thumbnail((MAX_DRAWING_SIDE, MAX_DRAWING_SIDE))
        drawing_png, garment_png = io.BytesIO(), io.BytesIO()
        drawing.save(drawing_png, format="png", optimize=True)
        Image.fromarray((np.clip(garment, 0, 1) * 255).round().astype(np.uint8)).save(garment_png, format="png")
        entry_id = uuid.uuid4().hex
        if set(probabilities) != set(CLASSES) or not all(math.isfinite(float(v)) for v in probabilities.values()):
            raise ValueError("probabilities must be ten finite numbers, one per class")
        entry = {"file_name": f"drawings/{entry_id}.png", "garment": f"garments/{entry_id}.png",
                 "label": CLASSES[label], "label_index": label,
                 "predicted": max(probabilities, key=probabilities.get),
                 "probabilities": {k: round(float(v), 5) for k, v in probabilities.items()},
                 "weights_sha256": weights_sha256, "saved": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        line = json.dumps(entry, ensure_ascii=False, allow_nan=False) + "\n"
        with self._locked():
            entries, size = self._usage()
            if entries >= self.max_entries or size + len(drawing_png.getvalue()) + len(line) > self.max_bytes:
                raise FeedbackFull("Thank you — the feedback folder is full for now, so this drawing was not kept.")
            for name, data in ((entry["file_name"], drawing_png), (entry["garment"], garment_png)):
                path = self.folder / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data.getvalue())
            with open(self.folder / METADATA, "a", encoding="utf-8") as metadata:
                metadata.write(line)
        return entry


def model_answer(predictor, garment: np.ndarray) -> dict[str, float]:
    """The probabilities of ``predictor`` (a nin.inference.Predictor) for a kept garment (its size, in [0, 1]),
    computed here: what the model answered, never what a page says it answered."""
    import torch

    pixels = torch.from_numpy(np.asarray(garment, dtype=np.float32))
    probabilities = torch.softmax(predictor.logits(pixels[None])[0].float(), 0)
    return {name: float(p) for name, p in zip(CLASSES, probabilities)}


def drawing_of(garment: np.ndarray, pad_source=None, upload_path=None) -> Image.Image:
    """The drawing (the pad's canvas, else the upload) whose garment is the kept ``garment``, the one the
    model answered; ImageInputError when neither is."""
    from .images import ImageInputError, from_sketch, open_image, to_garment

    for source, make_garment in ((pad_source, from_sketch), (upload_path, to_garment)):
        if source is None:
            continue
        try:
            made = make_garment(source)
            for pixels in (made.pixels, made.detail):  # the 28x28, or the photo's detail
                if pixels is not None and pixels.shape == garment.shape and \
                        np.abs(pixels.numpy() - garment).max() <= MATCH_TOLERANCE:
                    return open_image(source)
        except ImageInputError:
            continue
    raise ImageInputError("This is not the drawing the model answered: draw or upload it again, "
                          "then say what it really is.")


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def read_line(line: str) -> dict:
    """One metadata line, strictly: NaN and Infinity are refused (json.loads would take them)."""
    return json.loads(line, parse_constant=_no_constant)


def read_folder(folder) -> list[tuple[Path, int]]:
    """A feedback folder (or any image folder with that metadata.jsonl) -> [(drawing path, label)]."""
    folder = Path(folder)
    path = folder / METADATA
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no {METADATA} (see nin.feedback for the layout)")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        entry = read_line(line)
        label = entry.get("label_index", CLASSES.index(entry["label"]) if entry.get("label") in CLASSES else None)
        drawing = (folder / entry["file_name"]).resolve()
        if label is None or not drawing.is_relative_to(folder.resolve()):
            raise ValueError(f"{path}:{number}: needs a label among the ten classes and a file inside the folder")
        items.append((drawing, int(label)))
    return items
