"""The running app (`python app.py`, started by the `app_url` fixture) through gradio_client:
the two named endpoints, their outputs, and every awkward input of the corpus, with the
server still answering after each bad one. Predicted classes are not asserted."""

import base64
import io
import os
import re
import subprocess
import sys
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
from nin.sketch_values import ANSWER_FIELDS, DATA_URL_PREFIX, JPEG_URL_PREFIX, pad_value, sketchpad_value

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.png"))
TITLE = "NiN on Fashion-MNIST: what every layer sees"
OUTPUTS = ANSWER_FIELDS
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
    status = out["status"]  # the class, or "none of these" with the class it comes closest to
    assert (status.startswith(f"**{label['label']}**") or
            (status.startswith("**None of these?**") and f"(closest: {label['label']})" in status)), status
    pictures = {name: picture(out[name]) for name in IMAGES}  # inline PNGs, no file to download
    assert all(min(image.size) > 0 for image in pictures.values())
    read = 112 if "by the weights trained for photos" in status else 28  # a photo's detail
    assert pictures["garment"].size == (read, read) and pictures["model_input"].size == (224, 224)
    assert f"of {layer}:" in out["channel_stats"]
    channels = int(re.search(r"— (\d+) channels of", out["layer_note"]).group(1))
    assert channels > out["slider"] >= 0  # the channel shown
    return out


def picture(value) -> Image.Image:
    """A picture the page shows: a PNG data URL inside the answer (a JPEG for the Grad-CAM heat map)."""
    prefix = next((p for p in (DATA_URL_PREFIX, JPEG_URL_PREFIX)
                   if isinstance(value, str) and value.startswith(p)), None)
    assert prefix is not None, str(value)[:80]
    return Image.open(io.BytesIO(base64.b64decode(value[len(prefix):])))


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
    # A stage change re-runs the drawing kept in the session, and later drawings in the session use that
    # stage; layer and channel changes are for the page only.
    assert [p["parameter_name"] for p in named["/show_stage"]["parameters"]] == ["layer", "channel", "training_stage"]
    assert set(named) == {"/predict_sketch", "/predict_upload", "/show_stage"}


def test_predict_sketch(client):
    sketch = sketchpad_value(handle_file(str(EXAMPLES[0])))
    out = assert_prediction(client.predict(sketch, DEFAULT_LAYER, 0, api_name="/predict_sketch"))
    assert "drawing" in out["status"].lower()
    assert out["slider"] == 0 and "96 channels" in out["layer_note"]


def test_predict_sketch_takes_a_plain_file_and_the_pads_own_value(client):
    plain = assert_prediction(client.predict(handle_file(str(EXAMPLES[1])), DEFAULT_LAYER, 0,
                                             api_name="/predict_sketch"))
    pad = assert_prediction(client.predict(pad_value(EXAMPLES[1]), DEFAULT_LAYER, 0, api_name="/predict_sketch"))
    assert pad["label"] == plain["label"] and pad["garment"] == plain["garment"]


def test_predict_sketch_refuses_what_is_not_a_drawing(client):
    """A server path named in the payload is never opened; a broken data URL gets a sentence."""
    for value in ({"composite": {"path": str(EXAMPLES[0])}}, {"composite": "/etc/passwd"},
                  {"composite": DATA_URL_PREFIX + "@@@"}, {"composite": 42}):
        status = assert_message_only(client.predict(value, DEFAULT_LAYER, 0, api_name="/predict_sketch"))["status"]
        assert status.startswith("⚠️ ") and "not a drawing" in status, (value, status)
    good_upload(client)


def test_predict_sketch_other_layer(client):
    sketch = sketchpad_value(handle_file(str(EXAMPLES[3])))
    out = assert_prediction(client.predict(sketch, "block4.relu_b", 40, api_name="/predict_sketch"),
                            "block4.relu_b")
    assert out["slider"] == 9  # clamped to block 4's 10 channels


def test_the_model_events_check_their_raw_inputs(client, tmp_path):
    """They take the inputs as Gradio sends them (no component preprocessing): a layer that is not one
    shows the default layer, a channel that is not a number channel 0, and a file named by path
    outside Gradio's upload folder is never opened."""
    out = assert_prediction(client.predict(handle_file(str(EXAMPLES[2])), ["block2.relu"], "x",
                                           api_name="/predict_upload"))
    assert out["slider"] == 0 and "96 channels" in out["layer_note"]
    out = assert_prediction(client.predict(pad_value(EXAMPLES[2]), "no-such-layer", 1e300, api_name="/predict_sketch"))
    assert out["slider"] == 95 and out["layer_note"].startswith(f"**{DEFAULT_LAYER.split('.')[0]}")
    secret = tmp_path / "secret.png"
    secret.write_bytes(EXAMPLES[2].read_bytes())
    # (Without FileData's "meta", gradio_client sends the path as it is instead of uploading the file.)
    for value in ({"path": str(secret)}, {"path": 7}, "just text"):
        try:
            result = client.predict(value, DEFAULT_LAYER, 0, api_name="/predict_upload")
        except Exception:  # noqa: BLE001 - Gradio's own file check refused it before the app saw it
            continue
        status = assert_message_only(result)["status"]  # else the app refused it: no answer
        assert status.startswith("⚠️ "), (value, status)
    good_upload(client)


def test_uploaded_path_only_opens_gradios_uploads(tmp_path):
    from gradio.utils import get_upload_folder

    from nin.images import ImageInputError
    from nin.pad import uploaded_path

    assert uploaded_path(None) is None
    inside = Path(get_upload_folder()) / "some-hash" / "drawing.png"
    assert uploaded_path({"path": str(inside), "orig_name": "drawing.png"}) == inside
    for value in ({"path": str(tmp_path / "secret.png")}, {"path": "/etc/passwd"}, {"path": None}, "/etc/passwd", 3):
        with pytest.raises(ImageInputError):
            uploaded_path(value)


def test_empty_sketch_gives_the_prompt(client):
    result = client.predict(sketchpad_value(None), DEFAULT_LAYER, 0, api_name="/predict_sketch")
    assert assert_message_only(result)["status"] == DRAW_PROMPT


def test_predict_upload(client):
    out = assert_prediction(upload(client, EXAMPLES[8], "block2.relu", 3), "block2.relu")
    assert out["slider"] == 3 and "256 channels" in out["layer_note"]


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


class Page:
    """The page as build_app() makes it: its handlers by name, called as Gradio calls them."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.events = {fn.name: fn for fn in blocks.fns.values()}

    def __getattr__(self, name):  # page.predict_sketch(...): the handler of that event
        return self.events[name].fn

    def by_name(self, shown: dict) -> dict:
        """{component: value} as the handlers return it -> {output name: value}."""
        names = dict(zip(self.events["predict_sketch"].outputs, OUTPUTS + ("state",)))
        names |= dict(zip(self.events["show_stage"].outputs[len(names):], ("stage_line", "curve", "kernels", "stage")))
        return {names[component]: value for component, value in shown.items()}


@pytest.fixture(scope="module")
def page():
    """build_app() in this process: the model loaded here, no worker forked, nothing launched."""
    import app
    return Page(app.build_app())


def test_importing_the_app_loads_and_forks_nothing(tmp_path):
    """`import app` (a test, a notebook, a Space's loader) loads no weights and starts no process or thread:
    with weights that cannot be loaded the import still works, and build_app() says what is wrong; with
    the project's weights build_app() returns the page, still without a process or a thread."""
    script = ("import multiprocessing, os, threading, app\n"
              "from nin.weights import WeightsError\n"
              "assert multiprocessing.active_children() == [] and threading.active_count() == 1\n"
              "try:\n    app.build_app()\nexcept WeightsError as error:\n    print('refused:', error)\n"
              "del os.environ['NIN_WEIGHTS']\n"
              "print(type(app.build_app()).__name__, len(multiprocessing.active_children()))\n")
    env = {**os.environ, "NIN_WEIGHTS": str(tmp_path / "no-weights")}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused:") and "no-weights" in lines[0]
    assert lines[-1] == "Blocks 0"


def test_data_url_is_a_lossless_png():
    from nin.pad import data_url
    array = np.random.default_rng(0).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    assert np.array_equal(np.asarray(picture(data_url(array))), array)
    assert data_url(None) is None


def test_the_heat_map_is_a_close_jpeg():
    from nin.pad import data_url
    from nin.render import cam_overlay
    rng = np.random.default_rng(0)
    garment = Image.fromarray((rng.random((28, 28)) * 255).astype(np.uint8))  # the input: a smooth enlargement
    heat = cam_overlay(np.asarray(garment.resize((224, 224), Image.BILINEAR)), rng.random((12, 12)))
    url = data_url(heat, photo=True)
    assert url.startswith(JPEG_URL_PREFIX) and len(url) < len(data_url(heat))
    assert np.abs(np.asarray(picture(url)).astype(int) - heat).mean() < 3


def test_a_new_layer_sends_only_the_layers_pictures(page):
    """The layer picker and the channel slider re-run the kept garment: the answer, the status and
    the garment's pictures stay on the page (nothing re-sent); the feature maps change."""
    drawing = pad_value(EXAMPLES[0])
    first = page.by_name(page.predict_sketch(drawing))
    again = page.by_name(page.show_layer(first["state"], "block3.relu_a", 7))
    assert set(again) == {"feature_maps", "layer_note", "channel", "channel_stats", "slider"}
    assert picture(again["feature_maps"]).size != picture(first["feature_maps"]).size
    assert "384 channels" in again["layer_note"] and "channel 7 of block3.relu_a" in again["channel_stats"]
    # No garment kept (a fresh page): the prompt, as everywhere.
    assert page.by_name(page.show_layer(None, "block3.relu_a", 7))["status"] == DRAW_PROMPT


def test_the_channel_slider_follows_the_layer_picker(page):
    """The layer picker sets the slider's range in its own light event (not in every answer), with the
    chosen channel clamped to it; an unknown layer gets the default layer's range."""
    assert page.channel_range("block4.relu_b", 40).constructor_args == {"maximum": 9, "value": 9}
    assert page.channel_range("block2.relu", 40).constructor_args == {"maximum": 255, "value": 40}
    assert page.channel_range("no-such-layer", "x").constructor_args == {"maximum": 95, "value": 0}
    slider_events = [fn for fn in page.blocks.fns.values() if fn.name == "channel_range"]
    assert len(slider_events) == 1 and not slider_events[0].queue


def test_a_stroke_in_progress_gets_the_answer_and_the_garment_only(page):
    live = page.by_name(page.predict_sketch(pad_value(EXAMPLES[1], live=True)))
    done = page.by_name(page.predict_sketch(pad_value(EXAMPLES[1])))
    assert set(live) == {"label", "status", "garment", "state"}
    assert live["label"] == done["label"] and live["garment"] == done["garment"] and live["state"] == done["state"]


def test_every_model_event_waits_in_one_queue(page):
    """Drawings, uploads, layer and stage changes share one queue served two at a time, so no kind of
    request waits behind a longer line than another (with a queue per event, uploads waited 10x
    longer than drawings under load), each request on its share of the cores."""
    model_events = [fn for fn in page.blocks.fns.values()
                    if fn.name in ("predict_sketch", "predict_upload", "show_layer", "show_stage")]
    # The pad and an example both run predict_sketch; the layer picker and the channel slider show_layer.
    assert len(model_events) == 6
    assert {(fn.concurrency_id, fn.concurrency_limit) for fn in model_events} == {("model", 2)}


def test_the_queue_does_not_summarise_every_request(page):
    """Gradio would summarise all the events it keeps (a pandas table, up to 10,000) after each request,
    for a monitoring page the app does not enable: 6 ms of CPU a request, 24 ms with 10,000 kept."""
    queue = page.blocks._queue
    kept = [{"time": 0.0, "status": "success", "process_time": 0.1, "function": "predict_sketch",
             "session_hash": "x"}] * 100
    queue.events_recorded += len(kept)
    assert queue.compute_analytics_summary(kept) == {"functions": {}}


def test_requests_at_once_get_their_own_answers(page):
    """Two drawings answered at the same time, again and again, get exactly the answers and
    pictures each gets alone (the probe and Grad-CAM keep no state on the shared network)."""
    from concurrent.futures import ThreadPoolExecutor
    drawings = [pad_value(path) for path in EXAMPLES[:4]]
    alone = [page.by_name(page.predict_sketch(d)) for d in drawings]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda d: page.by_name(page.predict_sketch(d)), drawings * 3))
    for index, answer in enumerate(together):
        expected = alone[index % len(drawings)]
        assert answer["label"] == expected["label"] and answer["feature_maps"] == expected["feature_maps"]
        assert answer["cam"] == expected["cam"]


def test_a_training_stage_reruns_the_drawing_and_refreshes_what_it_changes(page):
    """The stage slider: the kept garment through the random weights gives another answer, other
    kernels, the stage's line and the curve marked there; drawing at that stage gives the same answer."""
    drawing = pad_value(EXAMPLES[0])
    trained = page.by_name(page.predict_sketch(drawing))
    at_zero = page.by_name(page.show_stage(trained["state"], DEFAULT_LAYER, 0, 0))
    extra = {name: at_zero.pop(name) for name in ("stage_line", "curve", "kernels", "stage")}
    assert "random weights" in extra["stage_line"] and extra["curve"].startswith("data:image/png")
    trained_kernels = page.events["show_stage"].outputs[-2].value  # the page's picture when it opens
    assert trained_kernels.startswith("data:image/png") and extra["kernels"] != trained_kernels
    assert at_zero["label"] != trained["label"] and at_zero["feature_maps"] != trained["feature_maps"]
    drawn_at_zero = page.by_name(page.predict_sketch(drawing, DEFAULT_LAYER, 0, 0))
    # The kept garment is the drawing's exact garment: the same answer.
    def confidences(shown_label):  # the Label's value as the page receives it
        return {c["label"]: c["confidence"] for c in shown_label["confidences"]}

    assert confidences(drawn_at_zero["label"]) == pytest.approx(confidences(at_zero["label"]), abs=1e-6)
    # No drawing yet: only the stage's own pictures and line change.
    assert extra["stage"] == 0
    assert set(page.by_name(page.show_stage(None, DEFAULT_LAYER, 0, 1))) == {"stage_line", "curve", "kernels", "stage"}


# --------------------------------------------------------------------------- the API, as the README shows it


def readme_block(marker: str) -> list[str]:
    """The lines of the fenced block after ``<!-- marker -->`` in README.md."""
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index(f"<!-- {marker} -->") + 2
    return lines[start:lines.index("```", start)]


def test_the_readmes_api_example_draws_and_reads_the_label(app_url):
    """The README's five lines, run as they are against the running app (only its address changed)."""
    lines = readme_block("api-example")
    assert len(lines) == 5 and "http://127.0.0.1:7860" in lines[-1]
    code = "\n".join(lines).replace("http://127.0.0.1:7860", app_url)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "Bag"  # after gradio_client's "Loaded as API: ..."


def test_the_api_says_what_the_pad_takes_and_the_pictures_are(client):
    """"Use via API" (and MCP) describe the pad's value and the pictures as they are, not as gr.HTML's strings."""
    named = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    pad = named["/predict_sketch"]["parameters"][0]
    assert set(pad["type"]["properties"]) == {"composite", "live"} and pad["type"]["required"] == ["composite"]
    assert "composite" in pad["python_type"]["type"] and "data URL" in pad["python_type"]["type"]
    returns = dict(zip(OUTPUTS, named["/predict_sketch"]["returns"]))
    for picture_info in (returns[name] for name in IMAGES):
        assert picture_info["type"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
        assert "data URL" in picture_info["type"]["description"]


def test_the_page_says_where_the_weights_came_from_in_a_visitors_terms(page):
    """The bundled weights here (the tests run offline): "bundled with the app", no server path, no constant."""
    [line] = [block.value for block in page.blocks.blocks.values() if getattr(block, "elem_id", None) == "weights-info"]
    assert "bundled with the app" in line and "test accuracy" in line
    assert str(ROOT) not in line and "weights/" not in line and "PUBLISHED_WEIGHTS" not in line and "None" not in line
