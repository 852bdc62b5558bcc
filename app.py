"""NiN on Fashion-MNIST: draw or upload a garment, see the prediction, every layer's feature
maps and the per-layer shape table.   python app.py  ->  http://127.0.0.1:7860

This file only lays out the page and wires events; the work lives in nin.demo, the drawing pad
and the inline pictures in nin.pad. `build_app()` returns the page; the model is loaded and the
worker processes forked by `main()`, when the app is launched (`python app.py`, as a Space runs it).
"""

# First: on a ZeroGPU Space, `spaces` must be imported before torch (nin.zerogpu).
from nin.zerogpu import ZEROGPU, gpu  # isort: skip

import logging
import os
import signal
from functools import lru_cache
from pathlib import Path

import gradio as gr
import numpy as np
from starlette.middleware import Middleware

import nin.device
from nin.demo import DEFAULT_LAYER, DRAW_PROMPT, Demo, Page, channel_index
from nin.feedback import FeedbackRefused, FeedbackStore, drawing_of, model_answer
from nin.history import History
from nin.images import MAX_FILE_BYTES, ImageInputError, open_image
from nin.limits import RequestLimits, return_large_blocks, trim_memory_every
from nin.pad import PAGE_CSS, data_url, drawing_pad, picture, read_pad, uploaded_path
from nin.preprocess import CLASSES
from nin.sketch_values import ANSWER_FIELDS
from nin.weights import WeightsError
from nin.workers import Workers, answer_with, worker_processes

EXAMPLES = sorted(str(p) for p in (Path(__file__).parent / "examples").glob("*.png"))
SESSIONS_KEPT = 100  # the sessions whose state Gradio keeps (the least recently used is forgotten first)


def build_app(demo: Demo | None = None, workers: Workers | None = None, requests_at_once: int = 2) -> gr.Blocks:
    """The page, answering with ``demo`` (default: ``Demo.load()``, the weights of NIN_WEIGHTS, the Hub
    or weights/), its training stages, and ``workers`` (default: none, answers computed in this process)."""
    demo = demo if demo is not None else Demo.load()
    history, history_note = History.open(demo)
    trained = history.last if history else 0
    feedback = FeedbackStore.from_env()
    # On a ZeroGPU Space each GPU call spends the Space's GPU minutes: a stroke's live answers (every
    # 150 ms, the class and the garment only) run on the CPU, on a CPU copy of the network.
    live_demo = demo if demo.predictor.device.type == "cpu" else Demo.load(device="cpu")
    live_history = history if live_demo is demo else History.open(live_demo)[0]

    @lru_cache(maxsize=None)
    def stage_pictures(index: int) -> tuple[str, str]:
        """A stage's curve (its point marked) and first-layer kernels as data URLs, drawn and encoded once."""
        return data_url(history.curve_picture(index)), data_url(history.demo(index).kernels)

    with gr.Blocks(title="NiN on Fashion-MNIST: what every layer sees", delete_cache=(3600, 3600)) as app:
        gr.Markdown(
            "# Network in Network, layer by layer\n"
            "Draw a garment (or upload a photo) and watch NiN ([Lin et al. 2013](https://arxiv.org/abs/1312.4400), "
            "as built in [Dive into Deep Learning](https://d2l.ai/chapter_convolutional-modern/nin.html)) classify it "
            "into one of Fashion-MNIST's ten classes, with what each layer computes on the way.")
        gr.Markdown(f"<small>Weights: {demo.weights_line}</small>", elem_id="weights-info")
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=300):
                with gr.Tabs():
                    with gr.Tab("Draw", id="draw"):
                        pad = drawing_pad(elem_id="pad")
                    with gr.Tab("Upload", id="upload"):
                        # "webcam" takes a picture in the page; on a phone, "upload" also offers its camera.
                        upload = gr.Image(label="A photo or picture of one garment: PNG, JPEG, WebP, GIF, BMP or TIFF",
                                          sources=["upload", "webcam", "clipboard"], type="filepath",
                                          elem_id="upload")
                status = gr.Markdown(DRAW_PROMPT, elem_id="status")
                with gr.Row(equal_height=True):
                    correct_class = gr.Dropdown(list(CLASSES), value=None, label="That's wrong — it's a …",
                                                scale=3, elem_id="correct-class")
                    send_correction = gr.Button("Keep this picture", scale=1, elem_id="send-correction")
                feedback_note = gr.Markdown(
                    "<small>Saying what it really is keeps the picture (your drawing, or your photo in gray, at "
                    "most 448 px), the garment the network read, your answer and the model's, to measure and "
                    "improve the model. Nothing else is kept: no address, no cookie.</small>",
                    elem_id="feedback-note")
                # A click sends the example's index (nothing a client sends is decoded): the app opens its own file.
                examples = gr.Dataset(components=["image"], samples=[[path] for path in EXAMPLES], type="index",
                                      label="Examples (drawn by nin.lab.drawings): click one, draw over it",
                                      visible=bool(EXAMPLES), elem_id="examples")
            with gr.Column(scale=5, min_width=300, elem_id="answer"):
                label = gr.Label(num_top_classes=10, label="Prediction", elem_id="prediction")
                with gr.Row():
                    garment_image = picture("The garment the network reads: 28×28, dataset style (a photo: "
                                            "112×112)", width="224px", elem_id="garment")
                    input_image = picture("The 224×224 input", elem_id="model-input")
                photo_steps = picture("A photo: your photo → the garment cut out of its background (the rest "
                                      "darkened) → the garment above", elem_id="photo-steps")
                # Watch it learn: the same drawing through the weights kept along one training run.
                stage = gr.Slider(0, max(trained, 1), value=trained, step=1,
                                  label="Training stage (0: random weights)", visible=history is not None,
                                  elem_id="stage")
                stage_line = gr.Markdown(history.stages[trained].line if history else f"<small>{history_note}</small>",
                                         elem_id="stage-line")
                curve = picture("Training curve (the chosen stage in red)", value=stage_pictures(trained)[0]
                                if history else None, visible=history is not None, elem_id="curve")

        gr.Markdown("## Feature maps")
        with gr.Row():
            layer = gr.Dropdown(demo.layer_choices, value=DEFAULT_LAYER, label="Layer", elem_id="layer")
            channel = gr.Slider(0, demo.layers[DEFAULT_LAYER].channels - 1, value=0, step=1, label="Channel to enlarge",
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
            kernels = picture("The 96 first-layer 11×11 kernels", value=data_url(demo.kernels), elem_id="kernels")

        gr.Markdown("## Shapes, layer by layer (input 1×1×224×224)")
        with gr.Row():
            gr.Code(demo.d2l_listing, label="As d2l prints it (python -m nin.summary)", elem_id="d2l-listing")
            gr.Dataframe(demo.table_rows, headers=demo.table_headers, interactive=False, label="With inner layers",
                         elem_id="shape-table")
        gr.Markdown(f"<small>{demo.preprocessing_line}</small>", elem_id="preprocessing-info")

        garment_state = gr.State()
        # The stage the page shows, kept per session: the API's drawing endpoints keep their three inputs.
        stage_state = gr.State(trained)
        # The API's outputs in ANSWER_FIELDS' order, then the kept garment (not part of the API).
        answer_components = {"label": label, "status": status, "garment": garment_image, "model_input": input_image,
                             "feature_maps": feature_maps, "layer_note": layer_note, "channel": channel_image,
                             "channel_stats": channel_stats, "slider": channel, "class_maps": class_maps, "cam": cam,
                             "photo_steps": photo_steps}
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
                shown |= {label: shown_label(page.confidences), status: page.message,
                          garment_image: page.url("garment"), input_image: page.url("model_input"),
                          class_maps: page.url("class_maps"), cam: page.url("cam"),
                          photo_steps: page.url("cutout"), garment_state: page.state}
            return shown

        def channel_range(chosen_layer, chosen_channel):
            """The channel slider's range follows the layer picker. (A new range rebuilds the slider's config in
            Gradio's event loop: done here, once per layer change, and not in every answer.)"""
            count = demo.layers.get(chosen_layer, demo.layers[DEFAULT_LAYER]).channels
            return gr.Slider(maximum=count - 1, value=channel_index(chosen_channel, count))

        def demo_at(training_stage, live: bool = False) -> Demo:
            """The network at the chosen training stage (the trained one without a history); ``live``: its CPU copy."""
            stages, trained_demo = (live_history, live_demo) if live else (history, demo)
            return stages.demo(stages.index_of(training_stage)) if stages else trained_demo

        @gpu
        def answer(training_stage, method: str, *args) -> Page:
            """``Demo.<method>(*args)`` at a training stage, its pictures encoded: plain data in and out, as a
            ZeroGPU Space's GPU process needs (nin.zerogpu); the trained network's answers come from the workers."""
            try:
                chosen = demo_at(training_stage)
            except WeightsError as error:
                return Page(f"⚠️ {error}")
            return answer_with(workers if chosen is demo else None, chosen, method, *args).encoded()

        def predict_sketch(value, layer=DEFAULT_LAYER, channel=0, training_stage=trained):
            live = isinstance(value, dict) and value.get("live") is True
            try:
                source = read_pad(value)
                if live and ZEROGPU:
                    return show(demo_at(training_stage, live=True).from_sketch(source, live=True), live=True)
            except (ImageInputError, WeightsError) as error:
                return show(Page(f"⚠️ {error}"))
            return show(answer(training_stage, "from_sketch", source, layer, channel, live), live=live)

        def predict_upload(file, layer=DEFAULT_LAYER, channel=0, training_stage=trained):
            try:
                path = uploaded_path(file)
            except ImageInputError as error:
                return show(Page(f"⚠️ {error}"))
            return show(answer(training_stage, "from_upload", path, layer, channel))

        def show_layer(state, layer, channel, training_stage=trained):
            page = answer(training_stage, "from_state", state, layer, channel)
            return show(page, same_garment=page.confidences is not None)

        def show_stage(state, layer, channel, training_stage=trained):
            """The kept garment through another training stage: everything that stage changes."""
            index = history.index_of(training_stage)
            try:
                history.demo(index)
            except WeightsError as error:
                return {stage_line: f"⚠️ {error}"}
            curve_url, kernels_url = stage_pictures(index)
            shown = {stage_line: history.stages[index].line, curve: curve_url, kernels: kernels_url, stage_state: index}
            if state is not None:
                shown |= show(answer(index, "from_state", state, layer, channel))
            return shown

        def keep_correction(value, upload_file, state, class_name, training_stage, request: gr.Request):
            """Save the corrected drawing (the pad's canvas, else the upload: the one whose garment the server
            kept) with the model's answer recomputed from that garment, never the page's."""
            if state is None or class_name not in CLASSES:
                return "<small>Draw or upload a garment, then choose the class it really is.</small>"
            try:
                feedback.check_rate(request.session_hash, request.client.host if request.client else None)
                garment = np.asarray(state["garment"], dtype=np.float32)
                drawing = drawing_of(garment, read_pad(value), uploaded_path(upload_file))
                # The CPU copy (no GPU call spent on this), and the weights that read this garment.
                network = demo_at(training_stage, live=True).predictor.reader(state["photo"])
                feedback.save(CLASSES.index(class_name), drawing, garment, model_answer(network, garment),
                              network.info.sha256 if network.info is not None else None)
            except (FeedbackRefused, ImageInputError, WeightsError) as error:
                return f"<small>{error}</small>"
            except OSError:  # a read-only or full disk, a folder that belongs to another user: the server's side
                logging.getLogger("app").exception("feedback not saved")
                return "<small>Sorry: the server could not save this drawing (its feedback folder cannot be " \
                       "written), so nothing was kept.</small>"
            return f"<small>Thank you: kept as a **{class_name}**. Nothing else was kept.</small>"

        def load_example(index):
            # The example goes onto the pad, whose draw event then answers for it.
            if not isinstance(index, int) or not 0 <= index < len(EXAMPLES):
                return gr.skip()
            return {"composite": data_url(open_image(EXAMPLES[index]))}

        # One queue for every event that runs the model: requests are served in order of arrival whatever
        # their kind, two at a time, each on its share of the cores (docs/performance.md measures why).
        # The model's events take their inputs and give their outputs as Gradio sends them, without its
        # per-component pre- and postprocessing: a hop to a worker thread for each of four inputs and eleven
        # outputs (and a scan of each picture for <script>), CPU that each request spared (docs/performance.md).
        # nin.pad.read_pad and uploaded_path check files, nin.demo the layer and channel, show() the Label.
        model_queue = dict(concurrency_id="model", concurrency_limit=requests_at_once, preprocess=False,
                           postprocess=False)
        # always_last: while one answer is computed, newer drawings replace each other and only the
        # latest is sent; an empty canvas (Clear) is answered without the model.
        pad.draw(predict_sketch, [pad, layer, channel, stage_state], outputs, api_name="predict_sketch",
                 trigger_mode="always_last", show_progress="hidden", **model_queue)
        upload.change(predict_upload, [upload, layer, channel, stage_state], outputs, api_name="predict_upload",
                      show_progress="minimal", **model_queue)
        layer.input(channel_range, [layer, channel], channel, api_name=False, show_progress="hidden", queue=False)
        layer.input(show_layer, [garment_state, layer, channel, stage_state], outputs, api_name=False,
                    show_progress="hidden", **model_queue)
        channel.release(show_layer, [garment_state, layer, channel, stage_state], outputs, api_name=False,
                        show_progress="hidden", **model_queue)
        if history:
            stage.release(show_stage, [garment_state, layer, channel, stage],
                          outputs + [stage_line, curve, kernels, stage_state],
                          api_name="show_stage", show_progress="hidden", **model_queue)
        # Queued, its inputs unprocessed: the app's own checks (read_pad, uploaded_path) come before any decode.
        send_correction.click(keep_correction, [pad, upload, garment_state, correct_class, stage_state],
                              feedback_note, api_name=False, show_progress="minimal", preprocess=False)
        examples.click(load_example, examples, pad, api_name=False, show_progress="hidden").then(
            predict_sketch, [pad, layer, channel, stage_state], outputs, api_name=False, show_progress="hidden",
            **model_queue)

    # Gradio summarises every event it has kept (a pandas table of up to 10,000) after each request, for a
    # monitoring page this app does not enable, at a CPU cost that grows with the events kept (docs/performance.md).
    # Set so it never does (read when the queue is made).
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", str(2**31))
    # And so that it keeps the last 100 events for that page, not 10,000.
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "100")
    # Queue positions go to the waiting clients every 10 s rather than each time a request starts (one
    # message to every waiting client each time: much of the server's work under a class's load).
    app.queue(max_size=64, default_concurrency_limit=1, status_update_rate=10)
    return app


def main() -> None:
    """Launch the app: the worker processes first, forked while this process has a single thread, then the
    model and the page. GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are honoured by launch() (default 127.0.0.1:7860)."""
    requests_at_once = nin.device.requests_at_once()
    threads = nin.device.share_cores(requests_at_once)
    workers = Workers.start(worker_processes(requests_at_once, "cuda" if ZEROGPU else nin.device.pick_device().type),
                            threads=threads)
    # After the fork: in the app only (the workers stay level, and there it slowed a class: docs/reliability.md).
    return_large_blocks()  # freed large blocks go back to the system (nin.limits)
    app = build_app(workers=workers, requests_at_once=requests_at_once)
    trim_memory_every(10)  # after the fork: a thread (nin.limits)
    if workers is not None:  # Ctrl-C: the workers go at once; Gradio's own shutdown (seconds) follows
        signal.signal(signal.SIGINT, lambda number, frame: (workers.stop(), signal.default_int_handler(number, frame)))
    # run_history=False: Gradio would otherwise keep every answer (pictures included) in the browser's
    # localStorage and re-serialise that list on each status message, seconds per answer.
    # Bounded memory (docs/reliability.md): Gradio keeps each session's last inputs and answers (their inline
    # pictures) for the latest state_session_capacity sessions (by default so many that it takes gigabytes), and
    # RequestLimits refuses event bodies larger than a drawing (Gradio limits only uploaded files).
    app.launch(max_file_size=MAX_FILE_BYTES, show_error=True, run_history=False, css=PAGE_CSS,
               state_session_capacity=SESSIONS_KEPT,
               app_kwargs={"middleware": [Middleware(RequestLimits, max_upload=MAX_FILE_BYTES + 2**20)]})


if __name__ == "__main__":
    main()
