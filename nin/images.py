"""Anything a user gives (a file, bytes, an array, a drawing, a photo) -> a 28x28 garment in
Fashion-MNIST's style.

Fashion-MNIST was made from product photos: trimmed to the garment, the longest side
resized to 28 pixels (antialiased), centred on a 28x28 canvas, negated (bright garment on
black) and stored as 8-bit gray. :func:`to_garment` repeats those steps on an upload;
line drawings (the sketchpad, or an uploaded outline on white) get their strokes thickened
and their closed outlines filled with :func:`nin.preprocess.fill_enclosed`, as the training
augmentation does to its synthetic drawings. Photos (a garment on a bed, a floor, a hanger, or
a product shot on white) have the garment cut out of its background first (:mod:`nin.photo`);
their garment also keeps the cut-out at 112x112 (``Garment.detail``), which the weights for
photos read.

Every problem with the input (unreadable, damaged, too large, blank...) is raised as an
:class:`ImageInputError`, whose message is a sentence meant for the person who gave it.
"""

from __future__ import annotations

import io
import math
import os
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps

from . import photo
from .preprocess import GARMENT_SIZE, PHOTO_DETAIL_SIZE, fill_enclosed

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000
MIN_SIDE = 8

# Only these decoders ever see user bytes (Pillow's other plugins are not needed here).
# Multi-picture JPEGs (MPO, from some cameras) come through the JPEG decoder.
FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")

BORDER_FRACTION = 0.04      # the ring whose median colour is taken as the background
GARMENT_THRESHOLD = 0.12    # after removing the background, brighter than this is garment
MIN_GARMENT_PIXELS = 5      # fewer garment pixels than this: nothing was found
MIN_GARMENT_EXTENT = 0.05   # a garment spanning less than this share of the image is a speck
CROP_MARGIN = 0.01          # of the garment's longest side, to keep its soft edge
DRAWING_COVERAGE = 0.3      # ink covering less of its bounding box than this is a line drawing
FLAT_INK = 0.015            # solid ink this even (std of its darkness) is a pen's or a fill's, not cloth's
MIN_INK_CORE = 20           # pixels of solid ink needed to judge its evenness
WORK_SIZE = 8 * GARMENT_SIZE  # big drawings are max-pooled down to about this first
INK_LEVEL = 0.05            # faint pixels below this are not counted as ink when stretching
PLAIN_BORDER = 0.06         # a border whose colours mostly stray less than this from their median is plain
COLOURLESS = 0.04           # a picture whose channels differ by less than this on average is gray
DECODE_SIDE = 640           # JPEGs are decoded at the smallest DCT scale that keeps this many pixels a side

EMPTY_CANVAS = "The canvas is empty — draw a garment (dark strokes on the white canvas)."
TINY_DRAWING = "The drawing is too small — draw the garment larger, filling most of the canvas."
BLANK_IMAGE = "No garment found: the image is blank (a single flat colour)."
SPECKS_ONLY = "No garment found: the image has only a few specks on a plain background."
NOT_AN_IMAGE = ("The file is not an image that can be read: use PNG, JPEG, WebP, GIF, BMP "
                "or TIFF.")
TRUNCATED = "The image file is truncated: it ends before the whole picture could be read."
DAMAGED = "The image file is damaged and cannot be read."
INVALID_VALUES = "The image contains invalid values (NaN or infinity)."
EMPTY_FILE = "The file is empty."


class ImageInputError(ValueError):
    """The input cannot be turned into a garment; str() is a sentence for the user."""


@dataclass
class Garment:
    pixels: torch.Tensor  # float32 [28, 28] in [0, 1], bright garment on black (the dataset's style)
    inverted: bool        # the background was light, so the image was negated
    drawing: bool         # treated as a line drawing: strokes thickened, outlines filled
    as_is: bool           # already a dataset-style 28x28 image, used unchanged
    note: str             # one sentence for the page: what was done
    cutout: np.ndarray | None = None  # a photo: uint8 [h, w, 3], the photo beside its cut-out
    photo: bool = False  # a photo, its garment cut out of the background: the weights for photos read it
    detail: torch.Tensor | None = None  # a photo: the same cut-out at PHOTO_DETAIL_SIZE², what the phone weights read


# --------------------------------------------------------------------------- reading


def open_image(source, colour: bool = False) -> Image.Image:
    """A path, bytes, a file-like, a PIL image or an array -> a grayscale ("L") PIL image, or an
    "RGB" one with ``colour=True``.

    Transparent areas are put on white, the EXIF orientation is applied (a phone photo taken
    in portrait stands upright) and only the first frame of an animation is kept. A big JPEG
    is decoded at a reduced scale (its DCT does that for a fraction of the work).
    """
    if source is None:
        raise ImageInputError("No image was given.")
    if isinstance(source, torch.Tensor):
        source = source.detach().cpu().numpy()
    if isinstance(source, np.ndarray):
        image = _image_from_array(source)
    elif isinstance(source, Image.Image):
        image = source
    else:
        image = _decode(_read_bytes(source))
    _check_size(*image.size)  # from the header: nothing is decoded yet
    if image.format == "JPEG" and image.mode in ("RGB", "L", "YCbCr"):
        image.draft("RGB" if colour else "L", (DECODE_SIDE, DECODE_SIDE))
    _load(image)
    image = _apply_exif_orientation(image)
    return _to_rgb(image) if colour else _to_gray(image)


def _read_bytes(source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, str) and not source.strip():
        raise ImageInputError("No image was given.")  # Path("") would mean the current folder
    elif isinstance(source, (str, os.PathLike)):
        data = _read_file(Path(source))
    elif hasattr(source, "read"):
        data = source.read(MAX_FILE_BYTES + 1)
        if not isinstance(data, (bytes, bytearray)):
            raise ImageInputError("The file was opened as text, not as an image.")
    else:
        raise ImageInputError(
            f"Cannot read an image from a {type(source).__name__}: give a file, bytes or an image.")
    if not data:
        raise ImageInputError(EMPTY_FILE)
    if len(data) > MAX_FILE_BYTES:
        raise ImageInputError(_too_large_file())
    return data


def _read_file(path: Path) -> bytes:
    """The bytes of one regular file; folders, devices and pipes are refused."""
    try:
        # O_NONBLOCK: opening a named pipe must not hang; fstat then tells what was opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ImageInputError(f"The file {path} does not exist.") from None
    except OSError as error:
        if path.is_dir():  # Windows cannot open a folder at all
            raise ImageInputError(f"The path {path} is a folder, not an image file.") from None
        reason = (error.strerror or "unknown error").lower()
        raise ImageInputError(f"The file {path} cannot be opened ({reason}).") from None
    except ValueError:  # e.g. a NUL character in the path
        raise ImageInputError(f"The path {path} is not a valid file name.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImageInputError(f"The path {path} is a folder, not an image file.")
        if not stat.S_ISREG(info.st_mode):
            raise ImageInputError(f"The path {path} is not a regular file.")
        if info.st_size == 0:
            raise ImageInputError(EMPTY_FILE)
        if info.st_size > MAX_FILE_BYTES:
            raise ImageInputError(_too_large_file(info.st_size))
    except ImageInputError:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        try:
            return f.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise ImageInputError(f"The file {path} cannot be read ({error.strerror}).") from None


def _too_large_file(size: int | None = None) -> str:
    limit = f"the limit is {MAX_FILE_BYTES // 2**20} MB"
    if size is None:
        return f"The file is too large: {limit}."
    return f"The file is too large ({size / 2**20:.1f} MB): {limit}."


def _decode(data: bytes) -> Image.Image:
    """Open (lazily: only the header is read) with the whitelisted decoders."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageInputError(
            f"The image is too large: it has more than {MAX_PIXELS // 1_000_000} megapixels."
        ) from None
    except Image.UnidentifiedImageError:
        raise ImageInputError(NOT_AN_IMAGE) from None
    except Exception:  # a broken header: Pillow raises SyntaxError, struct.error, ...
        raise ImageInputError(DAMAGED) from None


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageInputError(
            f"The image is too large: {width}×{height} pixels "
            f"(the limit is {MAX_PIXELS // 1_000_000} megapixels).")
    if min(width, height) < MIN_SIDE:
        raise ImageInputError(
            f"The image is too small: {width}×{height} pixels "
            f"(it needs at least {MIN_SIDE} on each side).")


def _load(image: Image.Image) -> None:
    """Decode the pixels (the first frame); decoder failures become ImageInputError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except MemoryError:
        raise ImageInputError("The image is too large to decode.") from None
    except Exception as error:  # OSError, SyntaxError, ValueError, zlib.error, ...
        raise ImageInputError(TRUNCATED if "truncated" in str(error) else DAMAGED) from None


def _apply_exif_orientation(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a broken EXIF block should not stop an otherwise good image
        return image


def _to_gray(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> "L". Transparency goes on white, like a page."""
    mode = image.mode
    try:
        if mode in ("L", "1") and "transparency" not in image.info:
            return image.convert("L")
        if mode.startswith("I") or mode == "F":
            # 16/32-bit and float: scale the whole range down (converting would clip it).
            values = np.asarray(image)
            return _gray_from_unit(_to_unit(values, sixteen_bit=mode.startswith("I;16")))
        if mode == "LAB":
            return image.getchannel("L")  # the lightness channel is already gray
        if "A" in image.getbands() or "a" in image.getbands() or "transparency" in image.info:
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", image.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("L")
        return image.convert("RGB").convert("L")  # CMYK, YCbCr, HSV, P, RGB...
    except ImageInputError:
        raise
    except Exception:
        raise ImageInputError(f"Images in the pixel format {mode} are not supported.") from None


def _to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode -> "RGB", transparency on white (as _to_gray does)."""
    if image.mode in ("L", "1", "LA", "La", "F", "LAB") or image.mode.startswith("I"):
        return _to_gray(image).convert("RGB")
    try:
        return _composite_rgb(image)
    except Exception:
        raise ImageInputError(f"Images in the pixel format {image.mode} are not supported.") from None


def _composite_rgb(image: Image.Image) -> Image.Image:
    if "A" in image.getbands() or "a" in image.getbands() or "transparency" in image.info:
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, image.convert("RGBA")).convert("RGB")
    return image.convert("RGB")


def _to_unit(values: np.ndarray, sixteen_bit: bool = False) -> np.ndarray:
    """Numbers of any range -> float32 in [0, 1].

    Guesses the range the way people store images: [0, 1] floats, 0..255, 0..65535,
    otherwise the values' own minimum and maximum.
    """
    values = values.astype(np.float64)
    if not np.isfinite(values).all():
        raise ImageInputError(INVALID_VALUES)
    low, high = float(values.min()), float(values.max())
    if sixteen_bit or (low >= 0 and 255 < high <= 65535):
        scaled = values / 65535.0
    elif low >= 0 and high <= 1:
        scaled = values
    elif low >= 0 and high <= 255:
        scaled = values / 255.0
    elif high > low:
        scaled = (values - low) / (high - low)
    else:
        scaled = np.zeros_like(values)
    return scaled.astype(np.float32)


def _gray_from_unit(unit: np.ndarray) -> Image.Image:
    return Image.fromarray(np.round(np.clip(unit, 0, 1) * 255).astype(np.uint8))


def _image_from_array(array: np.ndarray) -> Image.Image:
    """HxW, HxWx1, HxWx2 (gray+alpha), HxWx3 or HxWx4 arrays of any numeric dtype -> PIL."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[..., 0]
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[2] in (2, 3, 4))):
        shape = "×".join(map(str, array.shape))
        raise ImageInputError(f"An image array must be H×W, H×W×3 or H×W×4, not {shape}.")
    _check_size(array.shape[1], array.shape[0])
    if array.dtype == np.bool_:
        array = array.astype(np.uint8) * 255
    elif array.dtype != np.uint8:
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise ImageInputError(f"An image array must hold numbers, not {array.dtype}.")
        unit = _to_unit(array, sixteen_bit=array.dtype == np.uint16)
        array = np.round(unit * 255).astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(array))


# --------------------------------------------------------------------------- garment


def to_garment(source, *, sketch: bool = False) -> Garment:
    """An image (anything :func:`open_image` takes) -> a dataset-style 28x28 :class:`Garment`.

    ``sketch=True`` says the image is a drawing from the sketchpad: it is always treated as
    a line drawing, and a blank one is reported as an empty canvas.
    """
    image = open_image(source, colour=not sketch)
    gray = np.asarray(image.convert("L") if image.mode != "L" else image, dtype=np.uint8)
    x = gray.astype(np.float32) / 255.0
    level = _border_level(x)

    if not sketch and gray.shape == (GARMENT_SIZE, GARMENT_SIZE) and level <= 0.5:
        # A dataset image (or one made like it): exactly the pixels evaluation sees.
        pixels = torch.from_numpy(gray.copy()).float() / 255.0
        return Garment(pixels, inverted=False, drawing=False, as_is=True,
                       note="Already a 28×28 image in the dataset's style: used unchanged.")

    # The dataset has bright garments on black: a light background means a negative.
    # (In place: a 25-megapixel image is 100 MB per float copy.)
    inverted = level > 0.5
    if inverted:
        np.subtract(1.0, x, out=x)
        level = 1.0 - level
    # Grey backgrounds become black, the garment keeps its full range.
    x -= level
    x /= 1.0 - level
    np.clip(x, 0.0, 1.0, out=x)

    mask = x > GARMENT_THRESHOLD
    top, bottom, left, right = _garment_box(mask, sketch)
    crop = x[top:bottom, left:right]
    coverage = float(mask[top:bottom, left:right].mean())
    if sketch:
        return Garment(_drawing_to_garment(crop), inverted=inverted, drawing=True, as_is=False,
                       note=_note(inverted, True, True))
    small = photo.shrink(image)
    plain = _plain_border(small)
    if plain and inverted and (coverage < DRAWING_COVERAGE or _flat_ink(crop)):  # a drawing on plain paper
        return Garment(_drawing_to_garment(crop), inverted=True, drawing=True, as_is=False,
                       note=_note(True, True, False))
    if plain and not inverted and _colourless(small):  # bright on black, no colour: already a negative
        return Garment(_fit(crop), inverted=False, drawing=False, as_is=False, note=_note(False, False, False))
    return photo_to_garment(small, plain and inverted)


def photo_to_garment(small: np.ndarray, plain: bool = False) -> Garment:
    """A photo at nin.photo's working size (uint8 [h, w, 3]) -> the garment cut out of it, negated
    on black, cropped and resized as the dataset's. ``plain``: its background is one light colour,
    which a threshold separates exactly (GrabCut otherwise)."""
    cut = photo.cut_plain(small, GARMENT_THRESHOLD) if plain else photo.cut_out(small)
    values = photo.garment_values(cut)
    top, bottom, left, right = photo.garment_box(cut.mask)
    note = ("Photo: the garment was cut out of its background, inverted (dark cloth bright, as in the "
            "dataset), cropped and resized." if cut.found else
            "Photo: no garment stood out from the background, so the whole photo was used.")
    crop = values[top:bottom, left:right]
    return Garment(_fit(crop), inverted=True, drawing=False, as_is=False, note=note, photo=True,
                   detail=_fit(crop, PHOTO_DETAIL_SIZE),
                   cutout=np.concatenate([small, np.full((small.shape[0], 4, 3), 255, np.uint8), cut.preview()], 1))


def _flat_ink(crop: np.ndarray) -> bool:
    """True when the solid ink of a picture on plain paper is one even tone, as a pen, a marker or a fill tool
    leaves it (a drawing with thick strokes or coloured in); cloth in a photo has folds, shading, weave and a
    camera's noise. ``crop``: darkness in [0, 1] above the paper."""
    core = cv2.erode((crop > 0.5).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)  # away from edges
    return int(core.sum()) > MIN_INK_CORE and float(crop[core].std()) < FLAT_INK


def _colourless(small: np.ndarray) -> bool:
    """True for a gray picture (a dataset image, a scan): its pixels' channels hardly differ."""
    return float((small.max(axis=2).astype(np.int16) - small.min(axis=2)).mean()) < COLOURLESS * 255


def _plain_border(small: np.ndarray) -> bool:
    """True when the outer ring is one flat colour (a scan, a product shot, a dataset image)."""
    h, w = small.shape[:2]
    dy, dx = max(1, round(BORDER_FRACTION * h)), max(1, round(BORDER_FRACTION * w))
    ring = np.ones((h, w), dtype=bool)
    ring[dy:h - dy, dx:w - dx] = False
    colours = small[ring].astype(np.float32) / 255.0
    spread = np.abs(colours - np.median(colours, axis=0)).max(axis=1)
    return float(np.quantile(spread, 0.75)) < PLAIN_BORDER  # a quarter may be strokes or shadow


def from_sketch(value) -> Garment:
    """What a gradio Sketchpad/ImageEditor hands a handler -> a :class:`Garment`.

    ``value`` is the editor's dict {"background", "layers", "composite"} (type="numpy" or
    "pil"), or a plain array or image. Strokes are dark on a white or transparent canvas;
    in gradio's default "RGBA" mode the composite's transparent pixels are black with alpha
    0, so :func:`open_image` puts them on white.
    """
    if isinstance(value, dict):
        composite = value.get("composite")
        if composite is None or _nothing_drawn(value):
            raise ImageInputError(EMPTY_CANVAS)
        value = composite
    if value is None:
        raise ImageInputError(EMPTY_CANVAS)
    return to_garment(value, sketch=True)


def _nothing_drawn(value: dict) -> bool:
    """True when the editor says so for sure: every layer fully transparent, no background.

    Anything less certain is left to the composite (an all-white one is an empty canvas too).
    """
    layers = value.get("layers") or []
    if not layers or _has_content(value.get("background")):
        return False
    return all(_transparent(layer) for layer in layers)


def _transparent(layer) -> bool:
    if isinstance(layer, Image.Image):
        if "A" not in layer.getbands():
            return False
        layer = np.asarray(layer.getchannel("A"))[..., None]
    if isinstance(layer, np.ndarray) and layer.ndim == 3 and layer.shape[2] in (2, 4):
        return not layer[..., -1].any()
    return False  # no alpha (or a file path): cannot tell


def _has_content(background) -> bool:
    if background is None:
        return False
    if isinstance(background, Image.Image):
        background = np.asarray(background)
    if isinstance(background, np.ndarray) and background.ndim >= 2:
        pixels = background.reshape(background.shape[0] * background.shape[1], -1)
        return bool((pixels != pixels[:1]).any())  # anything but one flat colour
    return True


def _border_level(x: np.ndarray) -> float:
    """The median of the outer ring: the background's brightness."""
    h, w = x.shape
    dy, dx = max(1, round(BORDER_FRACTION * h)), max(1, round(BORDER_FRACTION * w))
    ring = np.ones_like(x, dtype=bool)
    ring[dy:h - dy, dx:w - dx] = False
    return float(np.median(x[ring]))


def _garment_box(mask: np.ndarray, sketch: bool) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the garment, with a small margin; refuses blank images."""
    if mask.sum() < MIN_GARMENT_PIXELS:
        raise ImageInputError(EMPTY_CANVAS if sketch else BLANK_IMAGE)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    longest = max(bottom - top, right - left)
    if longest < MIN_GARMENT_EXTENT * min(mask.shape):
        raise ImageInputError(TINY_DRAWING if sketch else SPECKS_ONLY)
    margin = round(CROP_MARGIN * longest)
    h, w = mask.shape
    return (max(0, top - margin), min(h, bottom + margin),
            max(0, left - margin), min(w, right + margin))


def _fit(crop: np.ndarray, size: int = GARMENT_SIZE) -> torch.Tensor:
    """Resize so the longest side is ``size`` (antialiased, as the dataset) and centre it."""
    h, w = crop.shape
    scale = size / max(h, w)
    width, height = max(1, round(w * scale)), max(1, round(h * scale))
    image = Image.fromarray(np.ascontiguousarray(crop, dtype=np.float32))  # mode "F"
    small = np.clip(np.asarray(image.resize((width, height), Image.LANCZOS)), 0.0, 1.0)
    small = np.round(small * 255) / 255  # 8-bit gray, as the dataset (no 1e-6 ringing left)
    canvas = np.zeros((size, size), dtype=np.float32)
    top, left = (size - height) // 2, (size - width) // 2
    canvas[top:top + height, left:left + width] = small
    return torch.from_numpy(canvas)


def _drawing_to_garment(crop: np.ndarray) -> torch.Tensor:
    """A line drawing -> strokes 1-2 px wide at 28x28, full brightness, outlines filled.

    Downscaling averages a thin stroke away (a 3 px line on a 600 px drawing would end up
    0.1 bright, and leaky), so strokes are first thickened to about one output pixel.
    """
    t = torch.from_numpy(np.ascontiguousarray(crop, dtype=np.float32))[None, None]
    # Max-pooling a big drawing down keeps every stroke, and keeps the thickening cheap.
    factor = math.ceil(max(crop.shape) / WORK_SIZE)
    if factor > 1:
        t = F.max_pool2d(t, factor, stride=factor, ceil_mode=True)
    size = round(max(t.shape[-2:]) / GARMENT_SIZE) // 2 * 2 + 1  # odd, >= 1
    if size > 1:  # a square max filter as a column pass then a row pass: the same pixels in about half the time
        t = F.max_pool2d(t, (size, 1), stride=1, padding=(size // 2, 0))
        t = F.max_pool2d(t, (1, size), stride=1, padding=(0, size // 2))
    small = _fit(t[0, 0].numpy())
    # Brightest ink ~1, like the training sketches (whatever pen colour was used).
    ink = small[small > INK_LEVEL]
    if ink.numel():
        small = (small / torch.quantile(ink, 0.99).clamp(min=INK_LEVEL)).clamp(0.0, 1.0)
    return fill_enclosed(small[None, None])[0, 0]


def _note(inverted: bool, drawing: bool, sketch: bool) -> str:
    if sketch:
        return "Drawing cropped to the garment, resized to 28×28 and its closed outlines filled."
    if drawing:
        return ("Line drawing detected: inverted, cropped to the garment, resized to 28×28 "
                "and its closed outlines filled.")
    if inverted:
        return "Light background detected: inverted, cropped to the garment and resized to 28×28."
    return "Dark background: cropped to the garment and resized to 28×28."
