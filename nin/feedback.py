""""That's wrong — it's a …": drawings people correct on the page, kept to measure and to learn from.

The folder (``NIN_FEEDBACK_DIR``, default ``runs/feedback/``) is in the Hugging Face image-folder
layout, so ``datasets.load_dataset("imagefolder", data_dir=...)`` and the Hub's viewer read it:

    metadata.jsonl            one JSON object per line:
                              {"file_name": "drawings/<id>.png", "garment": "garments/<id>.png",
                               "label": "Coat", "label_index": 4, "predicted": "Bag",
                               "probabilities": {...}, "weights_sha256": "...", "saved": "2026-11-29T15:00:00Z"}
    drawings/<id>.png         what was drawn (the pad's canvas, or the uploaded picture as a PNG)
    garments/<id>.png         the 28x28 garment the model was given

Only the drawing and those fields are kept: no address, no cookie, no name. File names are made
here (a random id), never taken from the request. The folder is bounded (``NIN_FEEDBACK_MAX_ENTRIES``,
``NIN_FEEDBACK_MAX_MB``); past either limit nothing is written. Saves from several threads or
processes are serialised by a lock file. With ``NIN_FEEDBACK_REPO`` set (on a Space), huggingface_hub's
CommitScheduler pushes the folder to that Hub dataset every few minutes.
"""

import fcntl
import io
import json
import os
import time
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .preprocess import CLASSES

METADATA = "metadata.jsonl"
MAX_DRAWING_SIDE = 1024  # a drawing is stored at most this large (an upload is shrunk)


class FeedbackFull(Exception):
    """The folder has reached its limit; str() is a sentence for the page."""


@dataclass
class FeedbackStore:
    folder: Path
    max_entries: int = 10_000
    max_bytes: int = 200 * 2**20
    scheduler: object = None  # a huggingface_hub.CommitScheduler pushing the folder, or None

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
        entry = {"file_name": f"drawings/{entry_id}.png", "garment": f"garments/{entry_id}.png",
                 "label": CLASSES[label], "label_index": label,
                 "predicted": max(probabilities, key=probabilities.get) if probabilities else None,
                 "probabilities": {k: round(float(v), 5) for k, v in probabilities.items()},
                 "weights_sha256": weights_sha256, "saved": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
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
        entry = json.loads(line)
        label = entry.get("label_index", CLASSES.index(entry["label"]) if entry.get("label") in CLASSES else None)
        drawing = (folder / entry["file_name"]).resolve()
        if label is None or not drawing.is_relative_to(folder.resolve()):
            raise ValueError(f"{path}:{number}: needs a label among the ten classes and a file inside the folder")
        items.append((drawing, int(label)))
    return items
