"""The app as a ZeroGPU Space runs it: `spaces` imported first, SPACES_ZERO_GPU=true, and every model call
made through `spaces.GPU` in another process with its arguments and answer pickled (tests/standin/spaces,
a stand-in that does exactly that). A drawing, an upload, a layer change and a stage change are answered,
the same as without any `spaces` package; the live answers of a stroke in progress stay on the CPU."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STANDIN = Path(__file__).resolve().parent / "standin"

pytestmark = pytest.mark.slow

# Run in a fresh interpreter, as a Space starts the app: import app, build and launch the page, then ask it
# through gradio_client (the named endpoints) and through its handlers (the layer picker has no endpoint).
SCRIPT = r"""
import json, shutil, sys, uuid
from pathlib import Path

import app  # first import: on ZeroGPU, nin.zerogpu imports spaces before torch
from gradio.utils import get_upload_folder
from gradio_client import Client, handle_file
from nin.sketch_values import pad_value

spaces = sys.modules.get("spaces")
gpu_calls = lambda: len(spaces.calls) if spaces else 0
blocks = app.build_app()
handlers = {fn.name: fn.fn for fn in blocks.fns.values()}
_, url, _ = blocks.launch(prevent_thread_lock=True, server_name="127.0.0.1")
client = Client(url, verbose=False, download_files=False)
drawing, photo = sorted(Path("examples").glob("*.png"))[:2]
steps = {}

def step(name, run):
    before = gpu_calls()
    answer = run()
    label = answer[0] if isinstance(answer, tuple) else next(v for c, v in answer.items() if c.elem_id == "prediction")
    steps[name] = {"label": label["label"], "gpu_calls": gpu_calls() - before}
    return answer

step("live stroke", lambda: client.predict(pad_value(drawing, live=True), "block1.relu", 0, api_name="/predict_sketch"))
step("drawing", lambda: client.predict(pad_value(drawing), "block1.relu", 0, api_name="/predict_sketch"))
step("stage change", lambda: client.predict("block1.relu", 0, 0, api_name="/show_stage"))
step("upload", lambda: client.predict(handle_file(str(photo)), "block2.relu", 3, api_name="/predict_upload"))
# The layer picker (an event of the page only): its handler, with the garment a drawing kept.
kept = [v for c, v in handlers["predict_sketch"](pad_value(drawing)).items() if c.__class__.__name__ == "State"][0]
layer = handlers["show_layer"](kept, "block3.relu_a", 7, None)
steps["layer change"] = {"note": next(v for c, v in layer.items() if c.elem_id == "layer-note")}
blocks.close()
print("RESULT " + json.dumps({"spaces": spaces is not None, "steps": steps}))
"""


def run_as_space(zerogpu: bool) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("SPACES_ZERO_GPU", "PYTHONPATH")}
    if zerogpu:
        env |= {"SPACES_ZERO_GPU": "true", "PYTHONPATH": str(STANDIN)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    [line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


def test_a_zerogpu_space_answers_like_the_app_without_spaces():
    space, plain = run_as_space(zerogpu=True), run_as_space(zerogpu=False)
    assert space["spaces"] and not plain["spaces"]
    steps = space["steps"]
    assert set(steps) == {"live stroke", "drawing", "stage change", "upload", "layer change"}
    # Every answer that runs the network went through spaces.GPU once; a stroke in progress stays on the CPU.
    assert {name: s.get("gpu_calls") for name, s in steps.items()} == {
        "live stroke": 0, "drawing": 1, "stage change": 1, "upload": 1, "layer change": None}
    assert all(s["gpu_calls"] == 0 for name, s in plain["steps"].items() if "gpu_calls" in s)
    # The same answers either way (the stage change: the drawing through the random weights).
    for name in ("live stroke", "drawing", "stage change", "upload"):
        assert steps[name]["label"] == plain["steps"][name]["label"], name
    assert steps["live stroke"]["label"] == steps["drawing"]["label"]
    assert "384 channels" in steps["layer change"]["note"] == plain["steps"]["layer change"]["note"]


def test_the_standin_refuses_what_zerogpu_cannot_pickle():
    """The stand-in is as strict as ZeroGPU: a Gradio component in the answer (the old handlers' {component:
    value}) fails, and `spaces` imported after torch is refused."""
    script = ("import spaces, gradio as gr\n"
              "with gr.Blocks():\n    label = gr.Label()\n"
              "answer = spaces.GPU(lambda: {label: 'x'})\n"
              "try:\n    answer()\nexcept RuntimeError as error:\n    print('refused:', error)\n")
    env = {**os.environ, "PYTHONPATH": str(STANDIN)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "refused: the GPU process failed" in done.stdout, done.stderr[-2000:]
    late = subprocess.run([sys.executable, "-c", "import torch, spaces"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert late.returncode != 0 and "before torch" in late.stderr
