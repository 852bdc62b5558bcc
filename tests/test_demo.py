"""nin.demo in-process (no server): every output of the page handler, for drawings, uploads,
layer changes and bad input. Predicted classes are not asserted (the weights change); the
structure of each output and the agreement with evaluation are."""

import base64
import io
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from corpus import tshirt_outline
from nin import render
from nin.demo import CLASS_MAP_LAYER, DEFAULT_LAYER, DRAW_PROMPT, Demo, Page
from nin.images import NOT_AN_IMAGE
from nin.lab.data import load_split
from nin.preprocess import CLASSES
from nin.sketch_values import DATA_URL_PREFIX, JPEG_URL_PREFIX, sketchpad_value
from nin.summary import d2l_lines

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "0_t-shirt-top.png"
CANVAS = 448

# Output channels of each probed layer, by the block it belongs to.
CHANNELS = {"block1": 96, "pool1": 96, "block2": 256, "pool2": 256, "block3": 384, "pool3": 384,
            "block4": 10, "gap": 10}


@pytest.fixture(scope="module")
def demo() -> Demo:
    return Demo.load()


def sketch_value(composite: np.ndarray) -> dict:
    """What gradio's Sketchpad (type="numpy", layers=False) hands the handler: one layer, the composite."""
    return sketchpad_value(composite, layers=[composite.copy()])


def example_sketch() -> dict:
    return sketch_value(np.asarray(Image.open(EXAMPLE).convert("RGBA")))


def outline_sketch() -> dict:
    """A T-shirt outline drawn with the black brush on the transparent canvas."""
    return sketch_value(np.asarray(tshirt_outline(CANVAS, stroke=12, box=300)))


def assert_rgb(picture) -> None:
    assert isinstance(picture, np.ndarray) and picture.dtype == np.uint8
    assert picture.ndim == 3 and picture.shape[2] == 3 and min(picture.shape[:2]) > 0


def assert_palette_picture(picture, cmap: str = "viridis") -> None:
    """Feature maps come as palette pictures: one byte a pixel, colours from the colour map,
    the gap colour and text shades."""
    assert isinstance(picture, Image.Image) and picture.mode == "P" and min(picture.size) > 0
    assert bytes(picture.getpalette()) == render.palette(cmap)


def assert_prompt(page: Page) -> None:
    assert page.confidences is None and page.feature_maps is None and page.state is None
    assert not page.message.startswith("⚠️")


def assert_result(page: Page, layer: str = DEFAULT_LAYER, channel: int = 0) -> None:
    assert isinstance(page, Page)
    confidences = page.confidences
    assert set(confidences) == set(CLASSES)
    assert all(0.0 <= p <= 1.0 for p in confidences.values())
    assert sum(confidences.values()) == pytest.approx(1.0, abs=1e-4)
    best = max(confidences, key=confidences.get)
    assert (page.message.startswith(f"**{best}**") or  # the class, or "none of these" and the closest class
            (page.message.startswith("**None of these?**") and f"(closest: {best})" in page.message)), page.message

    assert page.garment.shape == (28, 28) and page.garment.dtype == np.uint8
    assert page.model_input.shape == (224, 224)
    for picture in (page.feature_maps, page.channel):
        assert_palette_picture(picture)
    for picture in (page.class_maps, page.cam):
        assert_rgb(picture)
    assert all(word in page.channel_stats for word in ("min", "mean", "max"))
    assert f"channel {channel} of {layer}" in page.channel_stats
    assert page.channel_index == channel
    assert page.layer_note.startswith("**") and f"{page.channel_count} channels" in page.layer_note

    state = np.asarray(page.state["garment"], dtype=np.float32)
    assert isinstance(page.state["garment"], list) and state.shape == (28, 28)
    assert isinstance(page.state["photo"], bool)
    assert 0.0 <= state.min() and state.max() <= 1.0


@pytest.fixture(scope="module")
def drawn(demo) -> Page:
    return demo.from_sketch(outline_sketch())


def test_example_drawing(demo):
    page = demo.from_sketch(example_sketch())
    assert_result(page)
    assert page.channel_count == 96
    assert "drawing" in page.message.lower()


def test_outline_drawing(drawn):
    assert_result(drawn)
    # The outline is closed, so its inside is filled: the garment is more than a thin line.
    assert (np.asarray(drawn.state["garment"]) > 0.2).mean() > 0.15


def test_page_pictures_as_the_page_sends_them(drawn):
    """One place says how each picture travels: the heat map as a JPEG, the rest as lossless PNGs that
    decode to exactly the pictures computed; an encoded Page holds strings only and encodes to itself."""
    encoded = drawn.encoded()
    assert encoded.cutout is None  # a drawing has no photo to cut out
    assert all(isinstance(getattr(encoded, name), str) for name in set(Page.PICTURES) - {"cutout"})
    assert encoded.cam.startswith(JPEG_URL_PREFIX)
    for name in set(Page.PICTURES) - {"cam", "cutout"}:
        url = getattr(encoded, name)
        assert url.startswith(DATA_URL_PREFIX) and url == drawn.url(name) == encoded.url(name), name
    decoded = Image.open(io.BytesIO(base64.b64decode(encoded.garment[len(DATA_URL_PREFIX):])))
    assert np.array_equal(np.asarray(decoded), np.asarray(drawn.garment))
    assert encoded.confidences == drawn.confidences and encoded.state == drawn.state


def test_sketch_as_plain_array(demo):
    """A composite without the editor dict (an example image given directly) works too."""
    assert_result(demo.from_sketch(example_sketch()["composite"]))


def test_every_layer_renders_from_state(demo, drawn):
    assert [key for _, key in demo.layer_choices] == list(demo.layers)
    for title, key in demo.layer_choices:
        page = demo.from_state(drawn.state, key, 3)
        assert_result(page, key, 3)
        assert page.channel_count == CHANNELS[key.split(".")[0]], key
        assert page.layer_note.startswith(f"**{title}**")
        # Same garment, same answer, whichever layer is shown.
        assert max(page.confidences, key=page.confidences.get) == \
            max(drawn.confidences, key=drawn.confidences.get)
        assert page.state == drawn.state


def test_class_map_layer_is_probed(demo):
    assert CLASS_MAP_LAYER in demo.layers and DEFAULT_LAYER in demo.layers


def test_channel_is_clamped(demo, drawn):
    high = demo.from_state(drawn.state, "block4.relu_b", 500)
    assert high.channel_count == 10 and high.channel_index == 9
    assert "channel 9 of block4.relu_b" in high.channel_stats
    low = demo.from_state(drawn.state, "block2.relu", -7)
    assert low.channel_index == 0 and low.channel_count == 256
    none = demo.from_state(drawn.state, "block1.relu", None)
    assert none.channel_index == 0


def test_unknown_layer_falls_back_to_default(demo, drawn):
    page = demo.from_state(drawn.state, "block9.nonsense", 0)
    assert_result(page, DEFAULT_LAYER)
    assert page.channel_count == 96


@pytest.mark.parametrize("value", [
    sketchpad_value(np.zeros((CANVAS, CANVAS, 4), np.uint8), layers=[np.zeros((CANVAS, CANVAS, 4), np.uint8)]),
    sketchpad_value(np.full((CANVAS, CANVAS, 4), 255, np.uint8)),
    sketchpad_value(None),
    None,
], ids=["transparent", "all white", "no composite", "none"])
def test_empty_sketch_asks_for_a_drawing(demo, value):
    page = demo.from_sketch(value)
    assert_prompt(page)
    assert page.message == DRAW_PROMPT


def test_bad_upload_gives_a_warning(demo, tmp_path):
    path = tmp_path / "notes.png"
    path.write_bytes(b"My notes, not a picture.\n" * 20)
    page = demo.from_upload(str(path))
    assert page.message == f"⚠️ {NOT_AN_IMAGE}"
    assert page.confidences is None and page.feature_maps is None and page.state is None

    missing = demo.from_upload(str(tmp_path / "missing.png"))
    assert missing.message.startswith("⚠️ ") and "does not exist" in missing.message


def test_no_upload_and_no_state_give_prompts(demo):
    assert demo.from_upload(None).message == DRAW_PROMPT  # Clear may end on the upload's change event
    assert_prompt(demo.from_upload(None))
    assert "upload" in DRAW_PROMPT and "Draw" in DRAW_PROMPT
    page = demo.from_state(None)
    assert_prompt(page)
    assert page.message == DRAW_PROMPT


def test_damaged_state_is_refused(demo):
    for state in ({"garment": [[0.0] * 5] * 5, "photo": False}, [[0.0] * 28] * 28, {"garment": "x"}, 7,
                  {"garment": [[0.0] * 112] * 112, "photo": False}):  # a photo's detail, for the main weights
        page = demo.from_state(state)
        assert page.message.startswith("⚠️") and page.confidences is None


def test_upload_of_a_test_image_gives_the_evaluation_answer(demo, data_dir, tmp_path):
    """A Fashion-MNIST test image saved as a 28x28 PNG and uploaded is classified exactly as
    evaluation classifies the raw uint8 image."""
    images, _ = load_split(data_dir, train=False)
    chosen = images[torch.linspace(0, len(images) - 1, 20).long()]
    expected = demo.predictor.logits(chosen).argmax(1).tolist()
    got = []
    for i, image in enumerate(chosen):
        path = tmp_path / f"test_{i}.png"
        Image.fromarray(image.numpy()).save(path)
        page = demo.from_upload(str(path))
        assert_result(page)
        assert "used unchanged" in page.message
        np.testing.assert_allclose(np.asarray(page.state["garment"]), image.numpy() / 255.0, atol=1e-4)
        assert page.state["photo"] is False
        got.append(CLASSES.index(max(page.confidences, key=page.confidences.get)))
    assert got == expected


def test_d2l_listing_is_d2l_table(demo):
    assert demo.d2l_listing.splitlines() == d2l_lines(224)
    assert len(demo.table_rows) > len(d2l_lines(224))
    assert all(len(row) == len(demo.table_headers) for row in demo.table_rows)


def test_mosaic_tiles_hold_every_channel_in_order():
    maps = np.random.default_rng(0).random((10, 6, 5)).astype(np.float32) * 3
    picture = render.mosaic(maps, target_width=40, scale=(0.0, 3.0))
    indices = np.asarray(picture)  # a palette picture reads back as its indices
    zoom = 40 // (4 * (5 + 1))  # 4 columns for 10 channels
    th, tw = 6 * zoom, 5 * zoom
    for c in range(10):
        r, k = divmod(c, 4)
        tile = indices[1 + r * (th + 1):1 + r * (th + 1) + th, 1 + k * (tw + 1):1 + k * (tw + 1) + tw]
        expected = render.level_index(maps[c], 0.0, 3.0).repeat(zoom, 0).repeat(zoom, 1)
        assert np.array_equal(tile, expected), c
    grid_height = 3 * (th + 1) + 1
    assert (indices[:grid_height, 0] == render.GAP_INDEX).all()  # the gaps between tiles
    below = indices[grid_height:]
    assert (below[2:12] < render.LEVELS).all()  # the colour bar ...
    assert (below[12:] > render.GAP_INDEX).any()  # ... and the text of its end values


def test_channel_index_takes_whatever_the_api_sends():
    from nin.demo import channel_index

    assert [channel_index(v, 96) for v in (0, 5, 95, 96, 1e300, -3, 7.9, "12", None, "x", [1], float("nan"))] == \
        [0, 5, 95, 95, 95, 0, 7, 12, 0, 0, 0, 0]
    assert channel_index(40, 10) == 9


def test_an_unsure_answer_says_none_of_these(demo):
    threshold = demo.predictor.none_below  # the weights' config.json
    assert 0.2 < threshold < 0.9
    sure, unsure = demo.verdict(CLASSES.index("Bag"), threshold + 0.01), demo.verdict(3, threshold - 0.01)
    assert sure.startswith("**Bag**") and "None" not in sure
    assert unsure.startswith("**None of these?**") and f"(closest: {CLASSES[3]})" in unsure
    assert f"{threshold:.0%}" in unsure  # the page says what the threshold is
    # A flat answer (a garment the network cannot place) gets the same verdict on the page.
    page = demo.from_state({"garment": np.zeros((28, 28)).tolist(), "photo": False})
    top = max(page.confidences.values())
    assert page.message.startswith("**None of these?**") == (top < threshold)
