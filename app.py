"""NiN on Fashion-MNIST: draw or upload a garment, see the prediction, every layer's feature
maps and the per-layer shape table.   python app.py  ->  http://127.0.0.1:7860

This file only lays out the page and wires events (and hands pictures to Gradio's cache, png());
the work lives in nin.demo.
"""

import io
import os
import tempfile
from pathlib import Path

import gradio as gr
from gradio.processing_utils import hash_bytes
from gradio.utils import get_upload_folder
from PIL import Image

from nin.demo import DEFAULT_LAYER, DRAW_PROMPT, Demo
from nin.images import MAX_FILE_BYTES

try:  # On a Hugging Face ZeroGPU Space, each call gets a GPU; elsewhere this is a no-op.
    import spaces
    gpu = spaces.GPU
except ImportError:
    def gpu(fn):
        return fn

DEMO = Demo.load()
EXAMPLES = sorted(str(p) for p in (Path(__file__).parent / "examples").glob("*.png"))
CANVAS = (448, 448)
# The sketchpad opens with no tool chosen; choose the brush so that a person can draw at once.
SELECT_BRUSH = """() => {
  const pick = (tries) => {
    const brush = document.querySelector('#sketchpad button[aria-label="Brush"]');
    if (brush) { brush.click(); } else if (tries > 0) { setTimeout(() => pick(tries - 1), 200); }
  };
  pick(50);
}"""


GRADIO_CACHE = Path(get_upload_folder())


def png(picture):
    """A picture (array or PIL image) as a PNG file in Gradio's cache, in the folder Gradio itself would give it.

    Gradio's own save of an array rewrites that file on every request, so a browser still
    fetching the same picture for someone else (two people on one example) can read it cut
    off. Here a file is written once, under a temporary name renamed into place, and Gradio
    reuses it as it is. zlib level 1: the feature-map mosaics encode 3x faster, 10 % larger.
    """
    if picture is None:
        return None
    buffer = io.BytesIO()
    image = picture if isinstance(picture, Image.Image) else Image.fromarray(picture)
    image.save(buffer, format="png", compress_level=1)
    data = buffer.getvalue()
    path = GRADIO_CACHE / hash_bytes(data) / "image.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(dir=path.parent, prefix=".image.png.")
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(staging, path)
    return str(path)


def _outputs(page, same_garment=False):
    # A page with only a message (prompt, bad input) has no layer: leave the slider as it is
    # (a maximum of channel_count - 1 = 0 would equal the minimum, which gr.Slider refuses).
    slider = (gr.update(maximum=page.channel_count - 1, value=page.channel_index)
              if page.channel_count > 1 else gr.update())
    if same_garment:  # another layer or channel: the answer, its status and the garment's pictures stay
        keep = gr.update()
        return (keep, keep, keep, keep, png(page.feature_maps), page.layer_note, png(page.channel),
                page.channel_stats, slider, keep, keep, page.state)
    return (page.confidences, page.message, png(page.garment), png(page.model_input), png(page.feature_maps),
            page.layer_note, png(page.channel), page.channel_stats, slider,
            png(page.class_maps), png(page.cam), page.state)


@gpu
def predict_sketch(sketch, layer=DEFAULT_LAYER, channel=0):
    return _outputs(DEMO.from_sketch(sketch, layer, channel))


@gpu
def predict_upload(path, layer=DEFAULT_LAYER, channel=0):
    return _outputs(DEMO.from_upload(path, layer, channel))


@gpu
def show_layer(state, layer, channel):
    page = DEMO.from_state(state, layer, channel)
    # Only the layer's pictures are new (and sent): the status keeps its preprocessing note.
    return _outputs(page, same_garment=page.confidences is not None)


def clear():
    return (None, None) + _outputs(DEMO.from_state(None))


# Pictures are PNG: lossless, so feature maps keep their pixels, and far quicker to encode than WebP.
# Gradio keeps every output picture in its cache: drop those older than an hour, hourly.
with gr.Blocks(title="NiN on Fashion-MNIST: what every layer sees", delete_cache=(3600, 3600)) as app:
    gr.Markdown(
        "# Network in Network, layer by layer\n"
        "Draw a garment (or upload a photo) and watch NiN ([Lin et al. 2013](https://arxiv.org/abs/1312.4400), "
        "as built in [Dive into Deep Learning](https://d2l.ai/chapter_convolutional-modern/nin.html)) classify it "
        "into one of Fashion-MNIST's ten classes, with what each layer computes on the way.")
    gr.Markdown(f"<small>Weights: {DEMO.weights_line}</small>", elem_id="weights-info")
    with gr.Row():
        with gr.Column(scale=5):
            with gr.Tabs():
                with gr.Tab("Draw", id="draw"):
                    sketch = gr.Sketchpad(
                        label="Draw one garment, dark on white", type="numpy", canvas_size=CANVAS,
                        brush=gr.Brush(default_size=12, colors=["#000000"], default_color="#000000", color_mode="fixed"),
                        layers=False, height=540, elem_id="sketchpad")
                    if EXAMPLES:
                        gr.Examples(EXAMPLES, inputs=sketch, label="Examples (drawn by nin.drawings)")
                with gr.Tab("Upload", id="upload"):
                    upload = gr.File(label="A picture of one garment: PNG, JPEG, WebP, GIF, BMP or TIFF",
                                     file_types=["image"], type="filepath", elem_id="upload")
            clear_button = gr.Button("Clear", variant="secondary")
        with gr.Column(scale=5):
            status = gr.Markdown(DRAW_PROMPT, elem_id="status")
            label = gr.Label(num_top_classes=10, label="Prediction", elem_id="prediction")
            with gr.Row():
                garment_image = gr.Image(format="png", label="The 28×28 garment (dataset style)", height=224, elem_id="garment")
                input_image = gr.Image(format="png", label="The 224×224 input", height=224, elem_id="model-input")

    gr.Markdown("## Feature maps")
    with gr.Row():
        layer = gr.Dropdown(DEMO.layer_choices, value=DEFAULT_LAYER, label="Layer", elem_id="layer")
        channel = gr.Slider(0, 95, value=0, step=1, label="Channel to enlarge", elem_id="channel")
    layer_note = gr.Markdown(elem_id="layer-note")
    with gr.Row():
        feature_maps = gr.Image(format="png", label="Every channel of the layer (one colour scale)", scale=3, elem_id="feature-maps")
        with gr.Column(scale=2):
            channel_image = gr.Image(format="png", label="One channel, enlarged", elem_id="channel-image")
            channel_stats = gr.Markdown(elem_id="channel-stats")

    gr.Markdown(
        "## Where the drawing looks like each class\n"
        "NiN has no fully connected layer: its last block outputs ten maps, one per class, and global "
        "average pooling turns each into that class's score. So each map shows *where* the input looks "
        "like that class. Grad-CAM weighs the 12×12 maps of block 3 by how much they raise the predicted class.")
    class_maps = gr.Image(format="png", label="Class maps (last block, 10 × 5×5)", elem_id="class-maps")
    with gr.Row():
        cam = gr.Image(format="png", label="Grad-CAM for the predicted class", elem_id="cam")
        gr.Image(DEMO.kernels, format="png", label="The 96 first-layer 11×11 kernels", elem_id="kernels")

    gr.Markdown("## Shapes, layer by layer (input 1×1×224×224)")
    with gr.Row():
        gr.Code(DEMO.seed_listing, label="As d2l prints it (python -m nin.summary)", elem_id="seed-table")
        gr.Dataframe(DEMO.table_rows, headers=DEMO.table_headers, interactive=False, label="With inner layers",
                     elem_id="shape-table")

    garment_state = gr.State()
    outputs = [label, status, garment_image, input_image, feature_maps, layer_note, channel_image,
               channel_stats, channel, class_maps, cam, garment_state]

    # One queue, one at a time, for every event that runs the model: requests are served in order of
    # arrival whatever their kind. With a queue per event, uploads (56 % of the load test's requests)
    # queued behind each other while drawings went straight through (load test 32 x 25, by turns:
    # p95 5.0 and 4.4 s; with one queue 3.1 and 3.2 s).
    model_queue = dict(concurrency_id="model", concurrency_limit=1)
    sketch.change(predict_sketch, [sketch, layer, channel], outputs, api_name="predict_sketch",
                  trigger_mode="always_last", show_progress="hidden", **model_queue)
    upload.change(predict_upload, [upload, layer, channel], outputs, api_name="predict_upload",
                  show_progress="minimal", **model_queue)
    layer.input(show_layer, [garment_state, layer, channel], outputs, api_name=False, show_progress="hidden",
                **model_queue)
    channel.release(show_layer, [garment_state, layer, channel], outputs, api_name=False, show_progress="hidden",
                    **model_queue)
    clear_button.click(clear, None, [sketch, upload] + outputs, api_name=False, show_progress="hidden")
    app.load(None, js=SELECT_BRUSH)

app.queue(max_size=64, default_concurrency_limit=1)

if __name__ == "__main__":
    # GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are honoured by launch(); the default is 127.0.0.1:7860.
    app.launch(max_file_size=MAX_FILE_BYTES, show_error=True)
