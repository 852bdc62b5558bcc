"""The running app (`python app.py`, started by the `app_url` fixture) through gradio_client:
the two named endpoints, their outputs, and every awkward input of the corpus, with the
server still answering after each bad one. Predicted classes are not asserted."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest
from gradio_client import Client, handle_file
from PIL import Image

from corpus import ERROR_WORDS, bad_input_corpus
from nin.demo import DEFAULT_LAYER, DRAW_PROMPT
from nin.images import MAX_FILE_BYTES
from nin.preprocess import CLASSES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.png"))
TITLE = "NiN on Fashion-MNIST: what every layer sees"
# The outputs each endpoint returns, in order (the gr.State is not part of the API).
OUTPUTS = ("label", "status", "garment", "model_input", "feature_maps", "layer_note", "channel",
           "channel_stats", "slider", "class_maps", "cam")
IMAGES = ("garment", "model_input", "feature_maps", "channel", "class_maps", "cam")
# Local paths that cannot be uploaded at all (the client refuses them before any request).
NOT_UPLOADABLE = {"folder", "missing file"}


@pytest.fixture(scope="module")
def client(app_url, tmp_path_factory) -> Client:
    return Client(app_url, verbose=False, analytics_enabled=False,
                  download_files=str(tmp_path_factory.mktemp("downloads")))


@pytest.fixture(scope="module")
def light_client(app_url) -> Client:
    """Leaves output images on the server (they come back as FileData): for the many corpus calls."""
    return Client(app_url, verbose=False, analytics_enabled=False, download_files=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return bad_input_corpus(tmp_path_factory.mktemp("corpus"))


def as_dict(result) -> dict:
    assert isinstance(result, (tuple, list)) and len(result) == len(OUTPUTS), result
    return dict(zip(OUTPUTS, result))


def assert_prediction(result, layer: str = DEFAULT_LAYER) -> dict:
    out = as_dict(result)
    label = out["label"]
    confidences = {c["label"]: c["confidence"] for c in label["confidences"]}
    assert set(confidences) == set(CLASSES)
    assert sum(confidences.values()) == pytest.approx(1.0, abs=1e-3)
    assert label["label"] == max(confidences, key=confidences.get)
    assert out["status"].startswith(f"**{label['label']}**"), out["status"]
    if isinstance(out["garment"], dict):  # not downloaded: the server's file references
        assert all(out[name]["url"].startswith("http") for name in IMAGES)
        return out
    for name in IMAGES:
        path = Path(out[name])
        assert path.is_file() and path.stat().st_size > 0, name
        with Image.open(path) as image:
            assert min(image.size) > 0
    for name in ("garment", "model_input"):
        with Image.open(out[name]) as image:
            assert image.size == (224, 224), name
    assert f"of {layer}:" in out["channel_stats"]
    assert out["slider"]["maximum"] >= out["slider"]["value"] >= 0
    return out


def assert_message_only(result) -> dict:
    out = as_dict(result)
    assert not out["label"] or not out["label"].get("confidences")
    assert all(out[name] is None for name in IMAGES)
    return out


def upload(client, path, layer: str = DEFAULT_LAYER, channel: int = 0):
    return client.predict(handle_file(str(path)), layer, channel, api_name="/predict_upload")


def good_upload(client):
    return assert_prediction(upload(client, EXAMPLES[1]))


def test_page_has_title(app_url):
    html = httpx.get(app_url + "/", timeout=30).text
    assert TITLE in html


def test_endpoints_exist_by_name(client):
    api = client.view_api(return_format="dict", print_info=False)
    named = api["named_endpoints"]
    assert {"/predict_sketch", "/predict_upload"} <= set(named)
    for name in ("/predict_sketch", "/predict_upload"):
        assert [p["parameter_name"] for p in named[name]["parameters"]][1:] == ["layer", "channel"]
        assert len(named[name]["returns"]) == len(OUTPUTS)
    # Layer and channel changes are wired for the page only, not exposed as endpoints.
    assert set(named) == {"/predict_sketch", "/predict_upload"}


def test_predict_sketch(client):
    sketch = {"background": None, "layers": [], "composite": handle_file(str(EXAMPLES[0]))}
    out = assert_prediction(client.predict(sketch, DEFAULT_LAYER, 0, api_name="/predict_sketch"))
    assert "drawing" in out["status"].lower()
    assert out["slider"]["maximum"] == 95


def test_predict_sketch_other_layer(client):
    sketch = {"background": None, "layers": [], "composite": handle_file(str(EXAMPLES[3]))}
    out = assert_prediction(client.predict(sketch, "block4.relu_b", 40, api_name="/predict_sketch"),
                            "block4.relu_b")
    assert out["slider"] == {"__type__": "update", "maximum": 9, "value": 9}  # clamped


def test_empty_sketch_gives_the_prompt(client):
    result = client.predict({"background": None, "layers": [], "composite": None}, DEFAULT_LAYER, 0,
                            api_name="/predict_sketch")
    assert assert_message_only(result)["status"] == DRAW_PROMPT


def test_predict_upload(client):
    out = assert_prediction(upload(client, EXAMPLES[8], "block2.relu", 3), "block2.relu")
    assert out["slider"]["maximum"] == 255 and out["slider"]["value"] == 3


def test_corpus_through_the_server(light_client, corpus):
    """Every uploadable case answers; error cases with a clear "⚠️" sentence, after which a
    good request still works."""
    seen = set()
    for name, path, expected in corpus:
        if name in NOT_UPLOADABLE or path.stat().st_size > MAX_FILE_BYTES:
            continue
        seen.add(name)
        result = upload(light_client, path)
        if expected == "garment":
            assert_prediction(result)
            continue
        status = assert_message_only(result)["status"]
        assert status.startswith("⚠️ "), (name, status)
        sentence = status.removeprefix("⚠️ ")
        assert sentence[0].isupper() and sentence.endswith("."), (name, status)
        assert ERROR_WORDS[name] in sentence.lower(), (name, status)
        assert "Error" not in sentence and "Traceback" not in sentence, (name, status)
        good_upload(light_client)  # the server is still up and answering
    assert len(seen) == len(corpus) - len(NOT_UPLOADABLE) - 1


def test_over_limit_upload_is_refused(client, corpus, app_url):
    """The file over MAX_FILE_BYTES never reaches the handler: gradio_client refuses it from
    the server's max_file_size, and the server's upload route answers 413 if sent anyway."""
    [(_, huge, _)] = [case for case in corpus if case[0] == "over MAX_FILE_BYTES"]
    assert huge.stat().st_size == MAX_FILE_BYTES + 1
    assert client.config["max_file_size"] == MAX_FILE_BYTES
    with pytest.raises(ValueError, match="exceeds the maximum file size"):
        upload(client, huge)
    with open(huge, "rb") as f:
        response = httpx.post(f"{app_url}/gradio_api/upload",
                              files={"files": ("huge.png", f, "image/png")}, timeout=60)
    assert response.status_code == 413
    assert "maximum allowed size" in response.text and str(MAX_FILE_BYTES) in response.text
    good_upload(client)


def test_paths_that_cannot_be_uploaded(client, corpus, app_url):
    """A folder or a missing file cannot be uploaded (the client says so locally), and a path
    on the server that was not uploaded is refused by the server, not read."""
    cases = {name: path for name, path, _ in corpus if name in NOT_UPLOADABLE}
    assert set(cases) == NOT_UPLOADABLE
    for path in cases.values():
        with pytest.raises((OSError, ValueError)):
            upload(client, path)
    api = f"{app_url}/gradio_api/call/predict_upload"
    forged = {"path": str(EXAMPLES[0]), "meta": {"_type": "gradio.FileData"}}
    event = httpx.post(api, json={"data": [forged, DEFAULT_LAYER, 0]}, timeout=30).json()["event_id"]
    answer = httpx.get(f"{api}/{event}", timeout=60).text
    assert "event: error" in answer and "not uploaded by a user" in answer
    good_upload(client)


# --------------------------------------------------------------------------- app.png


@pytest.fixture(scope="module")
def app_module():
    import app  # loads the model and builds the page, without launching it
    return app


def test_png_is_lossless_and_lands_in_gradios_cache(app_module):
    picture = np.random.default_rng(0).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    path = Path(app_module.png(picture))
    assert path.is_relative_to(app_module.GRADIO_CACHE)
    assert np.array_equal(np.asarray(Image.open(path)), picture)
    # The folder is the one Gradio's own cache would give these bytes, so Gradio reuses the file.
    from gradio.processing_utils import hash_file
    assert path.parent.name == hash_file(path)
    assert app_module.png(None) is None


def test_png_writes_a_picture_once_and_never_in_place(app_module):
    """Several requests with the same picture (two people on one example) while the file is read:
    every read sees the whole file, and a file that exists is not written again."""
    picture = np.random.default_rng(1).integers(0, 256, (300, 400, 3), dtype=np.uint8)
    first = Path(app_module.png(picture))
    before = first.stat()
    reads, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            reads.append(first.read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            paths = list(pool.map(lambda _: app_module.png(picture), range(64)))
    finally:
        stop.set()
        reader.join()
    assert set(paths) == {str(first)}
    after = first.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert reads and all(data == reads[0] for data in reads)
    assert [p.name for p in first.parent.iterdir()] == ["image.png"]  # no staging file left behind


def test_a_new_layer_sends_only_the_layers_pictures(app_module):
    """The layer picker and the channel slider re-run the kept garment: the answer, the status and
    the garment's pictures stay on the page (nothing re-sent); the feature maps change."""
    drawing = np.asarray(Image.open(EXAMPLES[0]).convert("RGBA"))
    first = app_module.predict_sketch({"background": None, "layers": [], "composite": drawing})
    state = first[-1]
    again = app_module.show_layer(state, "block3.relu_a", 7)
    kept = {"label", "status", "garment", "model_input", "class_maps", "cam"}
    for name, value in zip(OUTPUTS, again):
        if name in kept:
            assert value == {"__type__": "update"}, name
    out = dict(zip(OUTPUTS, again))
    assert Path(out["feature_maps"]).is_file() and out["feature_maps"] != first[OUTPUTS.index("feature_maps")]
    assert "384 channels" in out["layer_note"] and "channel 7 of block3.relu_a" in out["channel_stats"]
    # No garment kept (a fresh page): the prompt, as everywhere.
    assert app_module.show_layer(None, "block3.relu_a", 7)[1] == DRAW_PROMPT


def test_every_model_event_waits_in_one_queue(app_module):
    """Drawings, uploads and layer changes share one queue served one at a time, so no kind of
    request waits behind a longer line than another (with a queue per event, uploads waited 10x
    longer than drawings under load)."""
    model_events = [fn for fn in app_module.app.fns.values()
                    if fn.name in ("predict_sketch", "predict_upload", "show_layer")]
    assert len(model_events) == 4  # the layer picker and the channel slider both call show_layer
    assert {(fn.concurrency_id, fn.concurrency_limit) for fn in model_events} == {("model", 1)}
