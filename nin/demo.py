"""What the web page computes, as plain functions of plain values (app.py only lays out and wires).

A :class:`Demo` holds the loaded model and the pictures that never change (first-layer
kernels, the shape table). Each request turns one input (a sketch, an uploaded file, or the
garment kept from the last request when only the layer picker moved) into a :class:`Page`:
the prediction, what the model sees, the chosen layer's feature maps, one enlarged channel,
the class maps, Grad-CAM. Bad input yields a Page with a message, never an exception.
"""

from dataclasses import dataclass, replace

import numpy as np
import torch
from PIL import Image

from . import render
from .images import ImageInputError, from_sketch, to_garment
from .inference import Analysis, Predictor
from .preprocess import CLASSES, GARMENT_SIZE, INPUT_SIZE
from .probe import probed_layers
from .summary import d2l_listing, layer_table

CLASS_MAP_LAYER = "block4.relu_b"
DEFAULT_LAYER = "block1.relu"
# What the "none of these" threshold means, for the page (figures: docs/photos.md): the main weights', and
# the phone-photo weights' (which never read Fashion-MNIST's images).
NONE_MEANING = ("95% of Fashion-MNIST's test garments reach, and most photos of hats, shorts or skirts "
                "(none of the ten classes) do not")
PHONE_NONE_MEANING = ("most phone photos of the ten kinds reach, and most phone photos of hats, shorts or skirts "
                      "(none of the ten classes) do not")
# One prompt for every "nothing to show" state: Clear empties the sketchpad and the upload, and
# whichever of their change events lands last must leave the same message.
DRAW_PROMPT = ("Draw a garment on the canvas — a T-shirt, trousers, a bag, a shoe… — or upload a picture "
               "of one, and the network answers as you draw.")


@dataclass
class Page:
    """Every output of one request; None where there is nothing to show."""
    message: str                                   # a sentence: what was done, or what is wrong
    confidences: dict | None = None                # class name -> probability
    garment: np.ndarray | None = None              # the garment read (28x28; a photo 112x112)
    model_input: np.ndarray | None = None          # the 224x224 input
    feature_maps: Image.Image | None = None        # the chosen layer as a mosaic (a palette picture)
    layer_note: str = ""
    channel: Image.Image | None = None             # one channel enlarged (a palette picture)
    channel_stats: str = ""
    channel_count: int = 1
    channel_index: int = 0
    class_maps: np.ndarray | None = None
    cam: np.ndarray | None = None
    state: dict | None = None                      # {"garment": pixels read, "photo": bool}, for the next layer
    cutout: np.ndarray | None = None               # a photo: the photo beside its cut-out

    PICTURES = ("garment", "model_input", "feature_maps", "channel", "class_maps", "cam", "cutout")

    def url(self, name: str) -> str | None:
        """Picture ``name`` as the page shows it: a data URL (nin.pad.data_url), a JPEG for the heat map
        over the input (a photo), PNGs for the rest; as it is when already encoded."""
        from .pad import data_url
        return data_url(getattr(self, name), photo=name in ("cam", "cutout"))

    def encoded(self) -> "Page":
        """This Page with every picture as its data URL: only strings travel back from a worker process."""
        return replace(self, **{name: self.url(name) for name in self.PICTURES})


def channel_index(value, count: int) -> int:
    """The channel slider's value (any JSON when sent through the API) as a channel of a layer of
    ``count`` channels: a number is clamped into range, anything else is channel 0."""
    try:
        index = int(float(value or 0))
    except (TypeError, ValueError, OverflowError):
        index = 0
    return min(max(index, 0), count - 1)


class Demo:
    def __init__(self, predictor: Predictor, same_network_as: "Demo | None" = None):
        """``same_network_as``: a Demo of the same architecture (other weights), whose layers and shape
        table are taken as they are instead of traced again (a training stage of nin.history)."""
        self.predictor = predictor
        self.kernels = render.kernels(predictor.model.block1.conv.weight)
        if same_network_as is not None:
            for name in ("layers", "layer_choices", "d2l_listing", "table_rows", "table_headers"):
                setattr(self, name, getattr(same_network_as, name))
            return
        self.layers = {layer.key: layer for layer in probed_layers(predictor.model)}
        self.layer_choices = [(layer.title, layer.key) for layer in self.layers.values()]
        rows = layer_table(INPUT_SIZE, predictor.model)
        self.d2l_listing = d2l_listing(rows)
        self.table_rows = [[("    " if r.inner else "") + r.name, r.kind, "×".join(map(str, r.shape)),
                            r.params, r.macs] for r in rows]
        self.table_headers = ["layer", "type", "output shape", "parameters", "multiply-adds"]

    @classmethod
    def load(cls, spec: str | None = None, device=None) -> "Demo":
        return cls(Predictor.load(spec, device=device))

    @property
    def weights_line(self) -> str:
        info = self.predictor.info
        where = info.describe() if info is not None else "weights in memory"
        phone = self.predictor.phone
        phone_line = f" Phone photos: {phone.info.describe()}" if phone is not None and phone.info is not None else ""
        return f"{where}{phone_line} · running on {self.predictor.device.type} ({self.predictor.precision})"

    @property
    def weights_sha256(self) -> str | None:
        return self.predictor.info.sha256 if self.predictor.info is not None else None

    @property
    def preprocessing_line(self) -> str:
        """What the weights' config.json says they expect (checked against nin.preprocess at load time)."""
        info = self.predictor.info
        meta = info.meta if info is not None and info.meta else None
        if meta is None:
            return "Preprocessing: nin.preprocess (weights in memory, no config.json)."
        return (f"Preprocessing from the weights' config.json: garment {meta['garment_size']}×{meta['garment_size']} "
                f"→ input {meta['input_size']}×{meta['input_size']} (bilinear), normalised with mean {meta['mean']} "
                f"and std {meta['std']}; classes in order: {', '.join(meta['classes'])}.")

    def verdict(self, index: int, probability: float, predictor: Predictor | None = None) -> str:
        """The answer's first sentence: the class, or "none of these" when the network (``predictor``'s
        weights, by default the main ones) is unsure."""
        predictor = predictor or self.predictor
        threshold = predictor.none_below
        if threshold is None or probability >= threshold:
            return f"**{CLASSES[index]}** ({probability:.1%})."
        meaning = NONE_MEANING if predictor is self.predictor else PHONE_NONE_MEANING
        return (f"**None of these?** At most {probability:.0%} for any class (closest: {CLASSES[index]}), "
                f"below the {threshold:.0%} that {meaning}.")

    # ---- the three ways in ----

    def from_sketch(self, value, layer: str = DEFAULT_LAYER, channel: int = 0, live: bool = False) -> Page:
        """``live``: a drawing still in progress gets only the answer and the garment (no layer pictures)."""
        try:
            garment = from_sketch(value)
        except ImageInputError as error:
            empty = "empty" in str(error).lower()
            return Page(DRAW_PROMPT if empty else f"⚠️ {error}")
        if live:
            return self._answer(garment.pixels, garment.note)
        return self._analyze(garment.pixels, garment.note, layer, channel)

    def from_upload(self, path, layer: str = DEFAULT_LAYER, channel: int = 0) -> Page:
        if not path:
            return Page(DRAW_PROMPT)
        try:
            garment = to_garment(path)
        except ImageInputError as error:
            return Page(f"⚠️ {error}")
        reader, pixels = self.predictor.read(garment)
        return replace(self._analyze(pixels, garment.note, layer, channel, reader), cutout=garment.cutout)

    def from_state(self, state, layer: str = DEFAULT_LAYER, channel: int = 0) -> Page:
        """The last garment again (a Page's ``state``), for a new layer or channel choice."""
        if state is None:
            return Page(DRAW_PROMPT)
        try:
            pixels = torch.tensor(np.asarray(state["garment"], dtype=np.float32))
            reader = self.predictor.reader(state.get("photo") is True)
        except (TypeError, KeyError, ValueError, AttributeError, IndexError):
            pixels = None
        size = (reader.garment_size,) * 2 if pixels is not None else None
        if pixels is None or pixels.shape != size or not torch.isfinite(pixels).all():
            return Page("⚠️ The kept garment is not the image the model read; draw or upload again.")
        return self._analyze(pixels.clamp(0, 1), "", layer, channel, reader)

    # ---- the work ----

    def _analyze(self, pixels: torch.Tensor, note: str, layer: str, channel,
                 predictor: Predictor | None = None) -> Page:
        """``predictor``: the one that reads ``pixels`` (self.predictor, or its phone-photo weights)."""
        layer = layer if isinstance(layer, str) and layer in self.layers else DEFAULT_LAYER
        predictor = predictor or self.predictor
        analysis = predictor.analyze(pixels, layers={layer, CLASS_MAP_LAYER})
        if predictor is not self.predictor:
            size = f" at {len(pixels)}×{len(pixels)}" if len(pixels) != GARMENT_SIZE else ""
            note = f"{note} Read{size} by the weights trained for photos.".strip()
        return self._page(analysis, note, layer, channel, predictor)

    def _answer(self, pixels: torch.Tensor, note: str) -> Page:
        probabilities = torch.softmax(self.predictor.logits(pixels[None])[0], 0).numpy()
        index = int(probabilities.argmax())
        return Page(message=f"{self.verdict(index, float(probabilities[index]))} {note}".strip(),
                    confidences={name: float(p) for name, p in zip(CLASSES, probabilities)},
                    garment=render.grayscale(pixels.numpy(), low=0.0, high=1.0),
                    state={"garment": pixels.numpy().tolist(), "photo": False})

    def _page(self, analysis: Analysis, note: str, layer: str, channel, predictor: Predictor) -> Page:
        maps = analysis.activations[layer]
        channel_count = maps.shape[0]
        channel = channel_index(channel, channel_count)
        scale = render.layer_scale(maps)
        channel_picture, stats = render.channel_view(maps[channel], scale=scale)
        index = analysis.index
        return Page(
            message=f"{self.verdict(index, float(analysis.probabilities[index]), predictor)} {note}".strip(),
            confidences=analysis.confidences(),
            garment=render.grayscale(analysis.garment, low=0.0, high=1.0),  # 28x28 (112x112): the browser enlarges it
            model_input=render.grayscale(analysis.model_input),
            feature_maps=render.mosaic(maps, scale=scale),
            layer_note=f"**{self.layers[layer].title}** — {channel_count} channels of "
                       f"{maps.shape[1]}×{maps.shape[2]}. {self.layers[layer].note}",
            channel=channel_picture,
            channel_stats=(f"channel {channel} of {layer}: min {stats['min']:.3g} · mean {stats['mean']:.3g} · "
                           f"max {stats['max']:.3g}"),
            channel_count=channel_count,
            channel_index=channel,
            class_maps=render.class_maps(analysis.activations[CLASS_MAP_LAYER], CLASSES, analysis.logits, index),
            cam=render.cam_overlay(analysis.model_input, analysis.cam) if analysis.cam is not None else None,
            # exact: int8 answers the same garment the same way
            state={"garment": analysis.garment.tolist(), "photo": predictor is not self.predictor},
        )
