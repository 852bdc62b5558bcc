"""The values that /predict_sketch takes and the answers it gives, in one place for the app, the
tests and the benchmarks.
No gradio or torch here, so that an API client such as benchmarks/load.py stays light; the app
reads these values with :func:`nin.pad.read_pad`."""

import base64
from pathlib import Path

DATA_URL_PREFIX = "data:image/png;base64,"   # the pad's canvas, and the pictures of an answer
JPEG_URL_PREFIX = "data:image/jpeg;base64,"  # the Grad-CAM heat map of an answer


def pad_value(png, live: bool = False) -> dict:
    """What the page's drawing pad sends: the canvas as a PNG data URL (``png``: a PNG file's path
    or its bytes), and ``live`` while the stroke still goes on."""
    data = png if isinstance(png, bytes) else Path(png).read_bytes()
    return {"composite": DATA_URL_PREFIX + base64.b64encode(data).decode(), "live": live}


def sketchpad_value(composite, layers=(), background=None) -> dict:
    """What a gradio Sketchpad hands a handler, and what an API client may send: the composite (an
    array, a picture, or a file from gradio_client.handle_file), its layers and its background."""
    return {"background": background, "layers": list(layers), "composite": composite}


# What /predict_sketch and /predict_upload answer, in this order (gradio_client returns a tuple).
ANSWER_FIELDS = ("label", "status", "garment", "model_input", "feature_maps", "layer_note", "channel",
                 "channel_stats", "slider", "class_maps", "cam", "photo_steps")


def answer_fields(answer) -> dict:
    """An API answer (a tuple) by field name; {} for anything else."""
    return dict(zip(ANSWER_FIELDS, answer)) if isinstance(answer, (tuple, list)) else {}
