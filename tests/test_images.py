"""nin.images: any user image -> a 28x28 garment in Fashion-MNIST's style."""

import io
import os
import re
import time

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from corpus import (
    CASES,
    ERROR_WORDS,
    GARMENT_GRAY,
    bad_input_corpus,
    exif_rotated_jpeg,
    tshirt,
    tshirt_outline,
    tshirt_polygon,
)
from nin.images import MAX_FILE_BYTES, Garment, ImageInputError, from_sketch, open_image, to_garment
from nin.preprocess import FILL_LEVEL, GARMENT_SIZE
from nin.sketch_values import sketchpad_value


def ink_box(pixels: torch.Tensor, level: float = 0.2) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), inclusive, of the pixels brighter than ``level``."""
    rows = torch.nonzero((pixels > level).any(dim=1)).flatten()
    cols = torch.nonzero((pixels > level).any(dim=0)).flatten()
    return rows[0].item(), rows[-1].item(), cols[0].item(), cols[-1].item()


def assert_readable(message: str) -> None:
    """A sentence for a person: capitalised, ends with a full stop, no Python repr in it."""
    assert message[0].isupper() and message.endswith("."), message
    python_words = r"Error|Exception|Traceback|<[a-z_.]+ object|\\x[0-9a-f]{2}|b'"
    assert not re.search(python_words, message), message


def assert_garment(garment: Garment) -> None:
    assert isinstance(garment, Garment)
    assert garment.pixels.shape == (GARMENT_SIZE, GARMENT_SIZE)
    assert garment.pixels.dtype == torch.float32
    assert 0.0 <= garment.pixels.min() and garment.pixels.max() <= 1.0
    assert garment.note and garment.note.endswith(".")


def sketch_value(size: int = 448, stroke: int = 10, transparent: bool = False) -> dict:
    """What gradio 6's Sketchpad (type="numpy", image_mode "RGBA") hands a handler: a black
    T-shirt outline. Its composite is on white, or, as gradio leaves it in "RGBA" mode,
    black with alpha 0 where nothing was drawn."""
    layer = tshirt_outline(size, stroke)
    white = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    composite = layer if transparent else Image.alpha_composite(white, layer)
    return sketchpad_value(np.asarray(composite), layers=[np.asarray(layer)])


# ---------------------------------------------------------------------------- polarity


def test_dark_garment_on_white_is_inverted_and_bright():
    garment = to_garment(tshirt(garment=GARMENT_GRAY, background=255, texture=20))
    assert_garment(garment)
    assert garment.inverted and not garment.drawing and not garment.as_is
    assert garment.pixels[14, 14] == pytest.approx(1 - GARMENT_GRAY / 255, abs=0.03)
    assert garment.pixels[0, 0] == 0
    assert "inverted" in garment.note


def test_bright_garment_on_black_is_kept():
    garment = to_garment(tshirt(size=(120, 100), garment=200, background=0))
    assert_garment(garment)
    assert not garment.inverted and not garment.drawing
    assert garment.pixels[14, 14] == pytest.approx(200 / 255, abs=0.03)
    assert garment.pixels[0, 0] == 0


def test_grey_background_becomes_black():
    garment = to_garment(tshirt(garment=230, background=100))
    assert not garment.inverted
    assert garment.pixels[0, 0] == 0
    assert garment.pixels[14, 14] == pytest.approx((230 - 100) / (255 - 100), abs=0.03)


# ---------------------------------------------------------------------------- cropping


def test_small_garment_in_a_corner_is_centred_and_fills_the_frame():
    canvas = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(canvas).polygon(tshirt_polygon(60, 50, left=10, top=10), fill=GARMENT_GRAY)
    pixels = to_garment(canvas).pixels
    top, bottom, left, right = ink_box(pixels)
    # Wider than tall: it touches the left and right edges, and is centred vertically.
    assert (left, right) == (0, GARMENT_SIZE - 1)
    assert abs((top + bottom) / 2 - (GARMENT_SIZE - 1) / 2) <= 1
    assert bottom - top < GARMENT_SIZE - 3
    rows, cols = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    mass = pixels.sum()
    assert abs((pixels * cols).sum() / mass - 13.5) < 1.5


def test_tall_garment_touches_top_and_bottom():
    canvas = Image.new("L", (500, 500), 0)
    ImageDraw.Draw(canvas).rectangle((300, 50, 340, 450), fill=255)
    pixels = to_garment(canvas).pixels
    top, bottom, left, right = ink_box(pixels)
    assert (top, bottom) == (0, GARMENT_SIZE - 1)
    assert abs((left + right) / 2 - 13.5) <= 1


# ---------------------------------------------------------------------------- alpha, EXIF


def test_rgba_on_transparent_background_is_put_on_white():
    rgba = np.zeros((100, 120, 4), np.uint8)  # transparent pixels are black with alpha 0
    rgba[np.asarray(tshirt()) < 255] = (40, 40, 90, 255)
    garment = to_garment(Image.fromarray(rgba))
    assert garment.inverted  # on white, not on black
    assert garment.pixels[14, 14] > 0.6
    assert garment.pixels[0, 0] == 0


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "rotated.jpg"
    path.write_bytes(exif_rotated_jpeg())
    assert open_image(path).size == (240, 120)  # displayed: wide, not tall
    pixels = to_garment(path).pixels
    top, bottom, left, right = ink_box(pixels)
    assert (left, right) == (0, 27) and bottom - top < 20  # wide
    # Rotated clockwise: the bar runs along the top, the leg hangs down on the left.
    # (Unrotated it would be tall; rotated the other way the bar would be at the bottom.)
    assert pixels[top + 2].mean() > 0.8                   # the bar: all across
    assert pixels[bottom - 2, :5].mean() > 0.8            # the leg: on the left...
    assert pixels[bottom - 2, 10:].max() < 0.1            # ...and nothing on the right


# ---------------------------------------------------------------------------- as is


def test_dataset_style_28x28_is_used_unchanged(tmp_path):
    values = np.zeros((28, 28), np.uint8)
    values[3:25, 6:22] = np.random.default_rng(1).integers(1, 256, (22, 16), dtype=np.uint8)
    path = tmp_path / "dataset.png"
    Image.fromarray(values).save(path)
    garment = to_garment(path)
    assert garment.as_is and not garment.inverted and not garment.drawing
    assert torch.equal(garment.pixels, torch.from_numpy(values).float() / 255.0)


def test_light_28x28_is_not_used_as_is():
    garment = to_garment(tshirt(size=(28, 28), garment=0, background=255))
    assert not garment.as_is and garment.inverted


# ---------------------------------------------------------------------------- drawings


@pytest.mark.parametrize("transparent", [False, True], ids=["on-white", "transparent"])
def test_from_sketch_fills_a_closed_outline(transparent):
    garment = from_sketch(sketch_value(transparent=transparent))
    assert_garment(garment)
    assert garment.drawing and garment.inverted and not garment.as_is
    assert garment.pixels[14, 14] == pytest.approx(FILL_LEVEL, abs=0.02)
    assert garment.pixels[0, 0] == 0 and garment.pixels[27, 0] == 0  # outside: background
    assert garment.pixels.max() == pytest.approx(1.0, abs=0.02)  # strokes at full brightness
    # The bottom hem is a stroke 1-2 pixels high at 28x28.
    hem = (garment.pixels[:, 14] > 0.7).nonzero().flatten()
    assert 1 <= (hem > 20).sum() <= 2


def test_thin_outline_upload_is_detected_as_a_drawing(tmp_path):
    # 2 px strokes on a 1200 px canvas: averaged down they would nearly vanish and leak.
    value = sketch_value(size=1200, stroke=2)
    path = tmp_path / "outline.png"
    Image.fromarray(value["composite"]).convert("RGB").save(path)
    garment = to_garment(path)
    assert garment.drawing and garment.inverted
    assert garment.pixels[14, 14] == pytest.approx(FILL_LEVEL, abs=0.02)
    assert "drawing" in garment.note.lower()


def test_thin_and_thick_strokes_both_survive():
    # A 1 px stroke next to 12 px ones: averaged down it would be 1/8 as bright as the others,
    # too faint to hold the fill in. Thickened first, it ends up as bright.
    canvas = Image.new("L", (224, 224), 255)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((30, 20, 190, 200), outline=0, width=12)
    draw.rectangle((42, 189, 178, 200), fill=255)
    draw.line((30, 200, 190, 200), fill=0, width=1)  # the thin bottom edge
    garment = to_garment(canvas)
    assert garment.drawing
    assert garment.pixels[-1].max() > 0.7  # the thin stroke is as bright as the rest
    assert garment.pixels[14, 14] == pytest.approx(FILL_LEVEL, abs=0.02)


def test_one_pixel_strokes_hold_whichever_way_they_run():
    # A box drawn with a 1 px pen, split by a diagonal, on a 600 px canvas: resized as they are, its strokes
    # would come out 1/20 as bright and leak. Every edge comes out bright and both halves hold their fill,
    # and turning the drawing turns the garment: rows and columns are thickened alike.
    canvas = Image.new("L", (600, 600), 255)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((60, 40, 540, 560), outline=0, width=1)
    draw.line((60, 40, 540, 560), fill=0, width=1)
    garment = to_garment(canvas)
    turned = to_garment(canvas.transpose(Image.Transpose.TRANSPOSE))
    assert garment.drawing and turned.drawing
    assert torch.allclose(turned.pixels, garment.pixels.T, atol=1 / 255)
    pixels = garment.pixels
    top, bottom, left, right = ink_box(pixels)
    edges = {"top": pixels[top, left + 1:right], "bottom": pixels[bottom, left + 1:right],
             "left": pixels[top + 1:bottom, left], "right": pixels[top + 1:bottom, right]}
    for name, edge in edges.items():
        assert edge.min() > 0.6, name
    assert pixels[6, 20] == pytest.approx(FILL_LEVEL, abs=0.02)  # above the diagonal
    assert pixels[20, 6] == pytest.approx(FILL_LEVEL, abs=0.02)  # below it


def test_big_drawing_is_quick():
    # Thickening a 3000 px drawing at full size takes a minute; it must take well under one.
    canvas = Image.new("L", (3000, 3000), 255)
    ImageDraw.Draw(canvas).rectangle((100, 100, 2900, 2900), outline=0, width=3)
    start = time.perf_counter()
    garment = to_garment(canvas)
    assert time.perf_counter() - start < 10
    assert garment.drawing and garment.pixels[14, 14] == pytest.approx(FILL_LEVEL, abs=0.02)


def test_filled_photo_is_not_a_drawing():
    assert not to_garment(tshirt(texture=20)).drawing  # cloth's shades: a photo


def test_a_coloured_in_drawing_is_a_drawing():
    """Ink of one even tone, however much of the garment it covers (a marker, a fill tool), is a drawing:
    read at full brightness as drawings are, whatever the ink's shade."""
    for ink in (GARMENT_GRAY, 100):
        garment = to_garment(tshirt(garment=ink))
        assert garment.drawing and garment.pixels[14, 14] > 0.85  # a photo path would give 1 - ink / 255


def test_empty_canvas():
    with pytest.raises(ImageInputError, match="empty"):
        to_garment(Image.new("RGB", (448, 448), "white"), sketch=True)


@pytest.mark.parametrize("value", [
    sketchpad_value(None),
    sketchpad_value(np.zeros((448, 448, 4), np.uint8), layers=[np.zeros((448, 448, 4), np.uint8)]),
    sketchpad_value(np.full((448, 448, 4), 255, np.uint8), background=np.full((448, 448, 4), 255, np.uint8)),
    None,
], ids=["no-composite", "transparent-layers", "white", "none"])
def test_from_sketch_empty(value):
    with pytest.raises(ImageInputError, match="canvas is empty") as error:
        from_sketch(value)
    assert_readable(str(error.value))


def test_from_sketch_single_dot():
    value = np.full((448, 448, 4), 255, np.uint8)
    value[220:228, 220:228, :3] = 0
    with pytest.raises(ImageInputError, match="too small") as error:
        from_sketch(value)
    assert_readable(str(error.value))


def test_from_sketch_accepts_array_and_pil():
    composite = sketch_value()["composite"]
    for value in (composite, Image.fromarray(composite)):
        assert from_sketch(value).pixels[14, 14] == pytest.approx(FILL_LEVEL, abs=0.02)


# ---------------------------------------------------------------------------- formats


def test_sixteen_bit_is_scaled_not_clipped(tmp_path):
    mask = np.asarray(tshirt(garment=255, background=0)) > 0
    path = tmp_path / "sixteen.png"
    Image.fromarray(np.where(mask, 40000, 0).astype(np.uint16)).save(path)
    assert Image.open(path).mode == "I;16"
    assert np.asarray(open_image(path)).max() == round(40000 / 65535 * 255)
    pixels = to_garment(path).pixels
    assert pixels[pixels > 0.3].median() == pytest.approx(40000 / 65535, abs=0.02)


def test_animated_gif_uses_the_first_frame(tmp_path):
    tall, wide = Image.new("L", (100, 100), 255), Image.new("L", (100, 100), 255)
    ImageDraw.Draw(tall).rectangle((40, 10, 60, 90), fill=0)
    ImageDraw.Draw(wide).rectangle((10, 40, 90, 60), fill=0)
    path = tmp_path / "animated.gif"
    tall.save(path, save_all=True, append_images=[wide], duration=100, loop=0)
    assert Image.open(path).n_frames == 2
    top, bottom, left, right = ink_box(to_garment(path).pixels)
    assert (top, bottom) == (0, 27) and right - left < 12  # the tall bar of frame 0


def test_palette_transparency_is_honoured():
    image = tshirt(garment=1, background=0, mode="P")
    image.putpalette([0, 0, 0, 50, 50, 50] + [0, 0, 0] * 254)
    assert not to_garment(image).inverted  # dark grey on black
    image.info["transparency"] = 0
    assert to_garment(image).inverted  # dark grey on (transparent ->) white


def test_cmyk_jpeg(tmp_path):
    mask = np.asarray(tshirt(garment=255, background=0)) > 0
    cmyk = np.zeros(mask.shape + (4,), np.uint8)
    cmyk[mask, 3] = np.asarray(tshirt(garment=200, background=0, texture=20))[mask]  # ink with a photo's shades
    path = tmp_path / "cmyk.jpg"
    Image.fromarray(cmyk, "CMYK").save(path, quality=95)
    garment = to_garment(path)
    assert garment.inverted and garment.pixels[14, 14] == pytest.approx(200 / 255, abs=0.05)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "YCbCr", "LAB",
                                  "HSV", "I", "I;16", "F"])
def test_every_mode_gives_a_gray_image(mode):
    base = tshirt(garment=60, background=255)
    if mode == "I;16":  # a real 16-bit image uses the whole range (convert() would not scale)
        image = Image.fromarray(np.asarray(base).astype(np.uint16) * 257)
    elif mode in ("LAB", "HSV"):
        image = base.convert("RGB").convert(mode)
    else:
        image = base.convert(mode)
    assert image.mode == mode
    gray = open_image(image)
    assert gray.mode == "L" and gray.size == base.size
    garment = to_garment(image)
    assert garment.inverted and garment.pixels[14, 14] > 0.6


@pytest.mark.parametrize("array", [
    np.asarray(tshirt()),                                     # H x W uint8
    np.asarray(tshirt())[..., None],                          # H x W x 1
    np.asarray(tshirt(mode="RGB", garment=(60,) * 3, background=(255,) * 3)),
    np.asarray(tshirt(mode="RGBA", garment=(60, 60, 60, 255), background=(255,) * 4)),
    np.asarray(tshirt()).astype(np.float32) / 255,           # floats in [0, 1]
    np.asarray(tshirt()).astype(np.float64),                 # floats in [0, 255]
    np.asarray(tshirt()) == 255,                              # bool
    np.asarray(tshirt()).astype(np.uint16) * 257,            # 16-bit
    torch.from_numpy(np.asarray(tshirt()).copy()),           # a tensor
], ids=["HW", "HW1", "RGB", "RGBA", "float01", "float255", "bool", "uint16", "tensor"])
def test_arrays(array):
    garment = to_garment(array)
    assert garment.inverted and garment.pixels[14, 14] > 0.6


def test_bytes_and_file_like_sources():
    buffer = io.BytesIO()
    tshirt().save(buffer, "PNG")
    data = buffer.getvalue()
    expected = to_garment(tshirt()).pixels
    assert torch.equal(to_garment(data).pixels, expected)
    assert torch.equal(to_garment(io.BytesIO(data)).pixels, expected)
    with pytest.raises(ImageInputError, match="too large"):
        to_garment(io.BytesIO(b"\x89PNG" + bytes(MAX_FILE_BYTES)))


# ---------------------------------------------------------------------------- bad inputs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return {name: (path, expected)
            for name, path, expected in bad_input_corpus(tmp_path_factory.mktemp("corpus"))}


def test_corpus_is_broad(corpus):
    assert len(corpus) >= 25 and list(corpus) == list(CASES)
    errors = {name for name, (_, expected) in corpus.items() if expected == "error"}
    assert set(ERROR_WORDS) == errors
    assert all(path.exists() for name, (path, _) in corpus.items() if name != "missing file")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_corpus(corpus, name):
    path, expected = corpus[name]
    if expected == "garment":
        assert_garment(to_garment(path))
        return
    with pytest.raises(ImageInputError) as error:
        to_garment(path)
    message = str(error.value)
    assert_readable(message)
    assert ERROR_WORDS[name] in message.lower(), message


def test_corpus_garments_survive_open_image_as_bytes(corpus):
    for name, (path, expected) in corpus.items():
        if expected == "garment":
            assert open_image(path.read_bytes()).mode == "L", name


@pytest.mark.parametrize("array, word", [
    (np.random.default_rng(0).random((300, 300)), None),                  # float noise
    (np.random.default_rng(0).integers(0, 256, (300, 300, 3), dtype=np.uint8), None),
    (np.random.default_rng(0).random((300, 300)) > 0.5, None),            # salt and pepper
    (np.where(np.eye(64, dtype=bool), np.nan, 0.5).astype(np.float32), "invalid"),
    (np.full((64, 64), np.inf), "invalid"),
    (np.zeros((2, 64, 64, 3)), "array"),
    (np.zeros((64, 64), dtype=complex), "numbers"),
    (np.zeros((4, 4)), "too small"),
    (np.zeros((10_000, 3000), np.bool_), "too large"),
], ids=["float-noise", "rgb-noise", "binary-noise", "nan", "inf", "4d", "complex", "tiny", "huge"])
def test_extreme_arrays(array, word):
    if word is None:
        assert_garment(to_garment(array))
        return
    with pytest.raises(ImageInputError, match=word) as error:
        to_garment(array)
    assert_readable(str(error.value))


@pytest.mark.parametrize("source, word", [
    (None, "no image"),
    (12345, "cannot read"),
    ("", "no image"),
    (io.StringIO("text"), "text"),
], ids=["none", "int", "empty-path", "text-file"])
def test_odd_sources(source, word):
    with pytest.raises(ImageInputError) as error:
        to_garment(source)
    assert word in str(error.value).lower()
    assert_readable(str(error.value))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(ImageInputError, match="not a regular file"):
        to_garment(fifo)  # must not block waiting for a writer
    if os.path.exists("/dev/zero"):
        with pytest.raises(ImageInputError, match="not a regular file"):
            to_garment("/dev/zero")
