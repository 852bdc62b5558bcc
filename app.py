"""NiN on Fashion-MNIST: draw or upload a garment, see the prediction, every layer's feature
maps and the per-layer shape table.   python app.py  ->  http://127.0.0.1:7860

This file only lays out the page and wires events; the work lives in nin.demo, the drawing pad
and the inline pictures in nin.pad.
"""

import os
from functools import lru_cache
from pathlib import Path

import gradio as gr
import numpy as np

from nin.demo import DEFAULT_LAYER, DRAW_PROMPT, Demo, Page, channel_index
from nin.device import pick_device, requests_at_once, share_cores
from nin.feedback import FeedbackFull, FeedbackStore
from nin.history import History
from nin.images import MAX_FILE_BYTES, ImageInputError, open_image
from nin.pad import PAGE_CSS, data_url, drawing_pad, picture, read_pad, uploaded_path
from nin.preprocess import CLASSES
from nin.sketch_values import ANSWER_FIELDS
from nin.weights import WeightsError
from nin.workers import Workers, answer_with, worker_processes
from nin.zerogpu import ZEROGPU, gpu

REQUESTS_AT_ONCE = requests_at_once()
THREADS = share_cores(REQUESTS_AT_ONCE)
# First, while this process has a single thread: the worker processes that compute the answers (nin.workers).
WORKERS = Workers.start(worker_processes(REQUESTS_AT_ONCE, "cuda" if ZEROGPU else pick_device().type),
                        threads=THREADS)
DEMO = Demo.load()
HISTORY, HISTORY_NOTE = History.open(DEMO)
TRAINED = HISTORY.last if HISTORY else 0
FEEDBACK = FeedbackStore.from_env()
EXAMPLES = sorted(str(p) for p in (Path(__file__).parent / "examples").glob("*.png"))


@lru_cache(maxsize=None)
def stage_pictures(index: int) -> tuple[str, str]:
    """A stage's curve (its point marked) and first-layer kernels as data URLs, drawn and encoded once."""
    return data_url(HISTORY.curve_picture(index)), data_url(HISTORY.demo(index).kernels)


with gr.Blocks(title="NiN on Fashion-MNIST: what every layer sees", delete_cache=(3600, 3600)) as app:
    gr.Markdown(
        "# Network in Network, layer by layer\n"
        "Draw a garment (or upload a photo) and watch NiN ([Lin et al. 2013](https://arxiv.org/abs/1312.4400), "
        "as built in [Dive into Deep Learning](https://d2l.ai/chapter_convolutional-modern/nin.html)) classify it "
        "into one of Fashion-MNIST's ten classes, with what each layer computes on the way.")
    gr.Markdown(f"<small>Weights: {DEMO.weights_line}</small>", elem_id="weights-info")
    with gr.Row(equal_height=False):
        with gr.Column(scale=5, min_width=300):
            with gr.Tabs():
                with gr.Tab("Draw", id="draw"):
                    pad = drawing_pad(elem_id="pad")
                with gr.Tab("Upload", id="upload"):
                    upload = gr.File(label="A picture of one garment: PNG, JPEG, WebP, GIF, BMP or TIFF",
                                     file_types=["image"], type="filepath", elem_id="upload")
            status = gr.Markdown(DRAW_PROMPT, elem_id="status")
            with gr.Row(equal_height=True):
                correct_class = gr.Dropdown(list(CLASSES), value=None, label="That's wrong — it's a …",
                                            scale=3, elem_id="correct-class")
                send_correction = gr.Button("Keep this drawing", scale=1, elem_id="send-correction")
            feedback_note = gr.Markdown(
                "<small>Saying what it really is keeps the drawing, its 28×28 garment, your answer and the model's, "
                "to measure and improve the model. Nothing else is kept: no address, no cookie.</small>",
                elem_id="feedback-note")
            example = gr.Image(type="filepath", visible=False)
            if EXAMPLES:
                gr.Examples(EXAMPLES, inputs=example, label="Examples (drawn by nin.lab.drawings): click one, draw over it")
        with gr.Column(scale=5, min_width=300, elem_id="answer"):
            label = gr.Label(num_top_classes=10, label="Prediction", elem_id="prediction")
            with gr.Row():
                garment_image = picture("The 28×28 garment (dataset style)", width="224px", elem_id="garment")
                input_image = picture("The 224×224 input", elem_id="model-input")
            # Watch it learn: the same drawing through the weights kept along one training run.
            stage = gr.Slider(0, max(TRAINED, 1), value=TRAINED, step=1, label="Training stage (0: random weights)",
                              visible=HISTORY is not None, elem_id="stage")
            stage_line = gr.Markdown(HISTORY.stages[TRAINED].line if HISTORY else f"<small>{HISTORY_NOTE}</small>",
                                     elem_id="stage-line")
            curve = picture("Training curve (the chosen stage in red)", value=stage_pictures(TRAINED)[0]
                            if HISTORY else None, visible=HISTORY is not None, elem_id="curve")

    gr.Markdown("## Feature maps")
    with gr.Row():
        layer = gr.Dropdown(DEMO.layer_choices, value=DEFAULT_LAYER, label="Layer", elem_id="layer")
        channel = gr.Slider(0, DEMO.layers[DEFAULT_LAYER].channels - 1, value=0, step=1, label="Channel to enlarge",
                            elem_id="channel")
    layer_note = gr.Markdown(elem_id="layer-note")
    with gr.Row():
        with gr.Column(scale=3):
            feature_maps = picture("Every channel of the layer (one colour scale)", elem_id="feature-maps")
        with gr.Column(scale=2):
            channel_image = picture("One channel, enlarged", elem_id="channel-image")
            channel_stats = gr.Markdown(elem_id="channel-stats")

    gr.Markdown(
        "## Where the drawing looks like each class\n"
        "NiN has no fully connected layer: its last block outputs ten maps, one per class, and global "
        "average pooling turns each into that class's score. So each map shows *where* the input looks "
        "like that class. Grad-CAM weighs the 12×12 maps of block 3 by how much they raise the predicted class.")
    class_maps = picture("Class maps (last block, 10 × 5×5)", elem_id="class-maps")
    with gr.Row():
        cam = picture("Grad-CAM for the predicted class", elem_id="cam")
        kernels = picture("The 96 first-layer 11×11 kernels", value=data_url(DEMO.kernels), elem_id="kernels")

    gr.Markdown("## Shapes, layer by layer (input 1×1×224×224)")
    with gr.Row():
        gr.Code(DEMO.d2l_listing, label="As d2l prints it (python -m nin.summary)", elem_id="d2l-listing")
        gr.Dataframe(DEMO.table_rows, headers=DEMO.table_headers, interactive=False, label="With inner layers",
                     elem_id="shape-table")
    gr.Markdown(f"<small>{DEMO.preprocessing_line}</small>", elem_id="preprocessing-info")

    garment_state = gr.State()
    # The stage the page shows, kept per session: the API's drawing endpoints keep their three inputs.
    stage_state = gr.State(TRAINED)
    # The API's outputs in ANSWER_FIELDS' order, then the kept garment (not part of the API).
    answer_components = {"label": label, "status": status, "garment": garment_image, "model_input": input_image,
                         "feature_maps": feature_maps, "layer_note": layer_note, "channel": channel_image,
                         "channel_stats": channel_stats, "slider": channel, "class_maps": class_maps, "cam": cam}
    outputs = [answer_components[name] for name in ANSWER_FIELDS] + [garment_state]

    def shown_label(confidences):  # made by the Label's own postprocess, which the model's events skip
        return label.postprocess(confidences).model_dump() if confidences else {}

    def show(page: Page, same_garment: bool = False, live: bool = False) -> dict:
        """A Page as {component: value}: only what changed when the garment stays the same, only the
        answer and the garment while a stroke is still being drawn."""
        if live and page.confidences is not None:
            return {label: shown_label(page.confidences), status: page.message, garment_image: page.url("garment"),
                    garment_state: page.state}
        shown = {feature_maps: page.url("feature_maps"), layer_note: page.layer_note,
                 channel_image: page.url("channel"), channel_stats: page.channel_stats}
        if page.channel_count:  # the channel shown (the slider's range is set by channel_range)
            shown[channel] = page.channel_index
        if not same_garment:
            shown |= {label: shown_label(page.confidences), status: page.message, garment_image: page.url("garment"),
                      input_image: page.url("model_input"), class_maps: page.url("class_maps"),
                      cam: page.url("cam"), garment_state: page.state}
        return shown

    def channel_range(chosen_layer, chosen_channel):
        """The channel slider's range follows the layer picker. (A new range rebuilds the slider's config in
        Gradio's event loop: done here, once per layer change, and not in every answer.)"""
        count = DEMO.layers.get(chosen_layer, DEMO.layers[DEFAULT_LAYER]).channels
        return gr.Slider(maximum=count - 1, value=channel_index(chosen_channel, count))

    def answer(demo: Demo, method: str, *args):
        """``demo.<method>(*args)``: the trained network's answers come from the worker processes."""
        return answer_with(WORKERS if demo is DEMO else None, demo, method, *args)

    def demo_at(training_stage) -> Demo:
        """The network at the chosen training stage (the trained one without a history)."""
        return HISTORY.demo(HISTORY.index_of(training_stage)) if HISTORY else DEMO

    @gpu
    def predict_sketch(value, layer=DEFAULT_LAYER, channel=0, training_stage=TRAINED):
        live = isinstance(value, dict) and value.get("live") is True
        try:
            source = read_pad(value)
            demo = demo_at(training_stage)
        except (ImageInputError, WeightsError) as error:
            return show(Page(f"⚠️ {error}"))
        return show(answer(demo, "from_sketch", source, layer, channel, live), live=live)

    @gpu
    def predict_upload(file, layer=DEFAULT_LAYER, channel=0, training_stage=TRAINED):
        try:
            path = uploaded_path(file)
            demo = demo_at(training_stage)
        except (ImageInputError, WeightsError) as error:
            return show(Page(f"⚠️ {error}"))
        return show(answer(demo, "from_upload", path, layer, channel))

    @gpu
    def show_layer(state, layer, channel, training_stage=TRAINED):
        try:
            demo = demo_at(training_stage)
        except WeightsError as error:
            return show(Page(f"⚠️ {error}"))
        page = answer(demo, "from_state", state, layer, channel)
        return show(page, same_garment=page.confidences is not None)

    @gpu
    def show_stage(state, layer, channel, training_stage=TRAINED):
        """The kept garment through another training stage: everything that stage changes."""
        index = HISTORY.index_of(training_stage)
        try:
            demo = HISTORY.demo(index)
        except WeightsError as error:
            return {stage_line: f"⚠️ {error}"}
        curve_url, kernels_url = stage_pictures(index)
        shown = {stage_line: HISTORY.stages[index].line, curve: curve_url, kernels: kernels_url, stage_state: index}
        if state is not None:
            shown |= show(answer(demo, "from_state", state, layer, channel))
        return shown

    def keep_correction(value, upload_path, state, answer, class_name, training_stage=TRAINED):
        """Save the corrected drawing (the pad's canvas, else the upload) with the model's answer."""
        if state is None or not isinstance(answer, dict) or class_name not in CLASSES:
            return "<small>Draw or upload a garment, then choose the class it really is.</small>"
        try:
            source = read_pad(value)
            drawing = open_image(source if source is not None else upload_path)
            FEEDBACK.save(CLASSES.index(class_name), drawing, np.asarray(state, dtype=np.float32), answer,
                          demo_at(training_stage).weights_sha256)
        except (FeedbackFull, ImageInputError, WeightsError) as error:
            return f"<small>{error}</small>"
        return f"<small>Thank you: kept as a **{class_name}**. Nothing else was kept.</small>"

    def load_example(path):
        # The example goes onto the pad, whose draw event then answers for it.
        return {"composite": data_url(open_image(path))} if path else gr.skip()

    # One queue for every event that runs the model: requests are served in order of arrival whatever
    # their kind, two at a time, each on its share of the cores (the README's load section measures why).
    # The model's events take their inputs and give their outputs as Gradio sends them, without its
    # per-component pre- and postprocessing: a hop to a worker thread for each of four inputs and eleven
    # outputs (and a scan of each 100 KB picture for <script>), a sixth of a request's CPU under load.
    # nin.pad.read_pad and uploaded_path check files, nin.demo the layer and channel, show() the Label.
    model_queue = dict(concurrency_id="model", concurrency_limit=REQUESTS_AT_ONCE, preprocess=False, postprocess=False)
    # always_last: while one answer is computed, newer drawings replace each other and only the
    # latest is sent; an empty canvas (Clear) is answered without the model.
    pad.draw(predict_sketch, [pad, layer, channel, stage_state], outputs, api_name="predict_sketch",
             trigger_mode="always_last", show_progress="hidden", **model_queue)
    upload.change(predict_upload, [upload, layer, channel, stage_state], outputs, api_name="predict_upload",
                  show_progress="minimal", **model_queue)
    layer.input(channel_range, [layer, channel], channel, api_name=False, show_progress="hidden", queue=False)
    layer.input(show_layer, [garment_state, layer, channel, stage_state], outputs, api_name=False, show_progress="hidden",
                **model_queue)
    channel.release(show_layer, [garment_state, layer, channel, stage_state], outputs, api_name=False, show_progress="hidden",
                    **model_queue)
    if HISTORY:
        stage.release(show_stage, [garment_state, layer, channel, stage], outputs + [stage_line, curve, kernels, stage_state],
                      api_name="show_stage", show_progress="hidden", **model_queue)
    send_correction.click(keep_correction, [pad, upload, garment_state, label, correct_class, stage_state], feedback_note,
                          api_name=False, show_progress="minimal")
    example.change(load_example, example, pad, api_name=False, show_progress="hidden", queue=False).then(
        predict_sketch, [pad, layer, channel, stage_state], outputs, api_name=False, show_progress="hidden", **model_queue)

# Gradio summarises every event it has kept (a pandas table of up to 10,000) after each request, for a
# monitoring page this app does not enable: 6 ms of CPU a request, 24 ms once 10,000 are kept. Set so it never does.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(2**31))
# Queue positions go to the waiting clients every 10 s rather than each time a request starts (one
# message to every waiting client each time: under a class's load, a tenth of the server's work).
app.queue(max_size=64, default_concurrency_limit=1, status_update_rate=10)

if __name__ == "__main__":
    # GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are honoured by launch(); the default is 127.0.0.1:7860.
    # run_history=False: Gradio would otherwise keep every answer (pictures included) in the browser's
    # localStorage and re-serialise that list on each status message, seconds per answer.
    app.launch(max_file_size=MAX_FILE_BYTES, show_error=True, run_history=False, css=PAGE_CSS)
