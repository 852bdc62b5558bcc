"""Awkward and broken inputs, written as files, for every test that takes user images.

``bad_input_corpus(folder)`` writes them into ``folder`` and returns
``(name, path, expected)`` triples, where expected is "garment" (a Garment must come out)
or "error" (an ImageInputError with a readable message must). ``ERROR_WORDS`` gives, for
each error case, a word the message must contain (lower case).
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image, ImageDraw

from nin.images import MAX_FILE_BYTES

GARMENT_GRAY = 60   # dark garment on a white page
BRIGHT = 200        # bright garment on black, as in the dataset


def tshirt_polygon(width: int, height: int, left: int = 0, top: int = 0) -> list[tuple[int, int]]:
    """A T-shirt silhouette (sleeves out, body down) inside the given box."""
    w, h = width, height
    points = [(0.30, 0.00), (0.70, 0.00), (1.00, 0.22), (0.88, 0.40), (0.78, 0.33),
              (0.78, 1.00), (0.22, 1.00), (0.22, 0.33), (0.12, 0.40), (0.00, 0.22)]
    return [(left + round(x * (w - 1)), top + round(y * (h - 1))) for x, y in points]


def tshirt_outline(size: int = 448, stroke: int = 10, box: int | None = None) -> Image.Image:
    """A T-shirt outline drawn with a round black brush on a transparent ``size`` x ``size`` RGBA
    canvas, as a drawing pad's stroke layer; centred in a ``box`` square (default 3/4 of the canvas)."""
    box = box or size * 3 // 4
    margin = (size - box) // 2
    points = tshirt_polygon(box, box, margin, margin)
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(layer).line(points + points[:1], fill=(0, 0, 0, 255), width=stroke, joint="curve")
    return layer


def tshirt(size: tuple[int, int] = (120, 100), garment=GARMENT_GRAY, background=255,
           mode: str = "L", texture: int = 0) -> Image.Image:
    """A filled T-shirt in the middle of a canvas of ``size`` (width, height); ``texture``: its gray levels
    vary by up to that much (seeded), as cloth does in a photo (mode "L" only). Filled flat on white, it is
    a coloured-in drawing."""
    image = Image.new(mode, size, background)
    w, h = size
    ImageDraw.Draw(image).polygon(tshirt_polygon(w * 3 // 4, h * 3 // 4, w // 8, h // 8),
                                  fill=garment)
    if texture:
        pixels = np.asarray(image).astype(np.int16)
        cloth = pixels == garment
        pixels[cloth] += np.random.default_rng(0).integers(-texture, texture + 1, int(cloth.sum()), dtype=np.int16)
        image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    return image


def _bomb_png() -> bytes:
    """A tiny PNG whose header claims 30000x30000 pixels (with a valid CRC)."""
    buffer = io.BytesIO()
    Image.new("1", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = (30000).to_bytes(4, "big") * 2  # IHDR width and height
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    return bytes(data)


def _encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _palette_image(transparent: bool) -> Image.Image:
    # Index 0 (the background) is black: if its transparency were ignored, the garment
    # (dark grey) would sit on black instead of white.
    image = tshirt(garment=1, background=0, mode="P")
    image.putpalette([0, 0, 0, 50, 50, 50] + [0, 0, 0] * 254)
    if transparent:
        image.info["transparency"] = 0
    return image


def _animated_gif() -> bytes:
    # Frame 0: a tall bar; frame 1: a wide bar. Only frame 0 may be used.
    tall, wide = Image.new("L", (100, 100), 255), Image.new("L", (100, 100), 255)
    ImageDraw.Draw(tall).rectangle((40, 10, 60, 90), fill=0)
    ImageDraw.Draw(wide).rectangle((10, 40, 90, 60), fill=0)
    return _encoded(tall, "GIF", save_all=True, append_images=[wide], duration=100, loop=0)


def exif_rotated_jpeg() -> bytes:
    """A tall "L" shape stored unrotated, with EXIF Orientation=6 (display = 90° clockwise).

    Stored: a vertical bar on the left, a foot at the bottom pointing right. Displayed:
    a horizontal bar along the top, with a leg down on the left.
    """
    image = Image.new("L", (120, 240), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 60, 220), fill=0)   # the bar
    draw.rectangle((20, 170, 100, 220), fill=0)  # the foot
    exif = Image.Exif()
    exif[0x0112] = 6
    return _encoded(image, "JPEG", quality=95, exif=exif)


def _sixteen_bit_png() -> bytes:
    mask = np.asarray(tshirt(garment=255, background=0)) > 0
    values = np.where(mask, 40000, 0).astype(np.uint16)  # 0.61 of the 16-bit range
    return _encoded(Image.fromarray(values), "PNG")


def _cmyk_jpeg() -> bytes:
    mask = np.asarray(tshirt(garment=255, background=0)) > 0
    cmyk = np.zeros(mask.shape + (4,), np.uint8)
    cmyk[mask, 3] = np.asarray(tshirt(garment=200, background=0, texture=20))[mask]  # black ink on white paper
    return _encoded(Image.fromarray(cmyk, "CMYK"), "JPEG", quality=95)


def _rgba(fully_transparent: bool = False) -> Image.Image:
    # Transparent pixels are black with alpha 0, as many editors store them.
    rgba = np.zeros((100, 120, 4), np.uint8)
    if not fully_transparent:
        mask = np.asarray(tshirt()) < 255
        rgba[mask] = (40, 40, 90, 255)
    return Image.fromarray(rgba)


def _gray_alpha() -> Image.Image:
    mask = np.asarray(tshirt()) < 255
    la = np.zeros((100, 120, 2), np.uint8)
    la[mask] = (30, 255)
    return Image.fromarray(la)


def _dot_on_white() -> Image.Image:
    image = Image.new("L", (448, 448), 255)
    ImageDraw.Draw(image).ellipse((200, 200, 210, 210), fill=0)
    return image


def _strip() -> Image.Image:
    image = Image.new("L", (10000, 10), 255)
    ImageDraw.Draw(image).rectangle((4000, 2, 6000, 7), fill=0)
    return image


def _noise() -> Image.Image:
    values = np.random.default_rng(0).integers(0, 256, (200, 200, 3), dtype=np.uint8)
    return Image.fromarray(values)


def _mpo() -> bytes:
    # A multi-picture JPEG (as some cameras write): the garment first, then a blank frame.
    first = tshirt(mode="RGB", garment=(GARMENT_GRAY,) * 3, background=(255,) * 3)
    blank = Image.new("RGB", first.size, "white")
    return _encoded(first, "MPO", save_all=True, append_images=[blank], quality=90)


def _float_tiff() -> bytes:
    values = np.asarray(tshirt(garment=255, background=0), np.float32) / 255 * 0.8
    return _encoded(Image.fromarray(values), "TIFF")


def _dataset_style() -> Image.Image:
    return tshirt((28, 28), garment=BRIGHT, background=0)


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" '
       b'height="100"><rect x="10" y="10" width="80" height="80"/></svg>\n')


def _write(contents) -> Callable[[Path], None]:
    """A maker writing the bytes ``contents()`` returns (made only when the corpus is built)."""
    return lambda path: path.write_bytes(contents())


def _saved(make_image, fmt: str = "PNG", **options) -> Callable[[Path], None]:
    """A maker saving the image ``make_image()`` returns in ``fmt``."""
    return _write(lambda: _encoded(make_image(), fmt, **options))


def _oversized(path: Path) -> None:
    with open(path, "wb") as f:  # a real PNG, then a sparse tail past the limit
        f.write(_encoded(tshirt(), "PNG"))
        f.truncate(MAX_FILE_BYTES + 1)


def _good_jpeg() -> bytes:
    rgb = tshirt(mode="RGB", garment=(GARMENT_GRAY,) * 3, background=(255,) * 3)
    return _encoded(rgb, "JPEG", quality=90)


def _flat(value: int) -> Callable[[Path], None]:
    return lambda: Image.new("L", (64, 64), value)


def _bilevel() -> Image.Image:
    return tshirt().convert("1", dither=Image.Dither.NONE)


# name: (file name, maker(path), expected)
CASES = {
    "empty file": ("empty.png", _write(lambda: b""), "error"),
    "truncated png": ("truncated.png", _write(lambda: _encoded(_noise(), "PNG")[:3000]), "error"),
    "truncated jpeg": ("truncated.jpg", _write(lambda: _good_jpeg()[:1500]), "error"),
    "text as png": ("notes.png", _write(lambda: b"My notes, not a picture.\n" * 20), "error"),
    "svg as png": ("drawing.png", _write(lambda: SVG), "error"),
    "icon (format not accepted)": ("icon.ico", _saved(lambda: tshirt((64, 64)), "ICO"), "error"),
    "decompression bomb": ("bomb.png", _write(_bomb_png), "error"),
    "1x1 image": ("one.png", _saved(lambda: Image.new("L", (1, 1), 0)), "error"),
    "over MAX_FILE_BYTES": ("huge.png", _oversized, "error"),
    "fully transparent": ("transparent.png", _saved(lambda: _rgba(fully_transparent=True)), "error"),
    "all white": ("white.png", _saved(_flat(255)), "error"),
    "all black": ("black.png", _saved(_flat(0)), "error"),
    "single dot": ("dot.png", _saved(_dot_on_white), "error"),
    "folder": ("a_folder.png", lambda path: path.mkdir(exist_ok=True), "error"),
    "missing file": ("missing.png", lambda path: None, "error"),
    "png": ("garment.png", _saved(tshirt), "garment"),
    "jpeg": ("garment.jpg", _write(_good_jpeg), "garment"),
    "10000x10 strip": ("strip.png", _saved(_strip), "garment"),
    "16-bit png": ("sixteen.png", _write(_sixteen_bit_png), "garment"),
    "cmyk jpeg": ("cmyk.jpg", _write(_cmyk_jpeg), "garment"),
    "palette png": ("palette.png", _saved(lambda: _palette_image(False)), "garment"),
    "palette png, transparent": ("palette_alpha.png", _saved(lambda: _palette_image(True)), "garment"),
    "multi-picture jpeg (mpo)": ("camera.jpg", _write(_mpo), "garment"),
    "animated gif": ("animated.gif", _write(_animated_gif), "garment"),
    "exif-rotated jpeg": ("rotated.jpg", _write(exif_rotated_jpeg), "garment"),
    "rgba on transparent": ("rgba.png", _saved(_rgba), "garment"),
    "gray+alpha png": ("la.png", _saved(_gray_alpha), "garment"),
    "1-bit png": ("bilevel.png", _saved(_bilevel), "garment"),
    "noise": ("noise.png", _saved(_noise), "garment"),
    "tiff": ("garment.tif", _saved(tshirt, "TIFF"), "garment"),
    "float tiff": ("float.tif", _write(_float_tiff), "garment"),
    "webp": ("garment.webp", _saved(tshirt, "WEBP", lossless=True), "garment"),
    "bmp": ("garment.bmp", _saved(tshirt, "BMP"), "garment"),
    "dataset-style 28x28": ("dataset.png", _saved(_dataset_style), "garment"),
}


def bad_input_corpus(folder: Path) -> list[tuple[str, Path, str]]:
    """Write the corpus into ``folder``; return (name, path, "garment" | "error")."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = []
    for name, (file_name, make, expected) in CASES.items():
        path = folder / file_name
        make(path)
        corpus.append((name, path, expected))
    return corpus


# A word each error message must contain (lower case), so it says what went wrong.
ERROR_WORDS = {
    "empty file": "empty",
    "truncated png": "truncated",
    "truncated jpeg": "truncated",
    "text as png": "not an image",
    "svg as png": "not an image",
    "icon (format not accepted)": "not an image",
    "decompression bomb": "too large",
    "1x1 image": "too small",
    "over MAX_FILE_BYTES": "too large",
    "fully transparent": "no garment",
    "all white": "no garment",
    "all black": "no garment",
    "single dot": "no garment",
    "folder": "folder",
    "missing file": "does not exist",
}
