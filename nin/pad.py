"""The page's own components, built with Gradio's gr.HTML: a light drawing pad and inline pictures.

The drawing pad is a plain <canvas>. While a stroke goes on (every 150 ms) and when it ends it
sends one compact value, ``{"composite": "data:image/png;base64,...", "live": bool}`` (the canvas
as a PNG; ``live`` while the stroke goes on; :func:`nin.sketch_values.pad_value` builds the same
for tests and clients), straight in the event's payload: no layer export, no upload round trip. A
live value is answered with the class and the garment only, the end of a stroke with everything.
Brush, eraser, undo and Clear live in the browser; Clear sends the empty value, which the server
answers without the model. Pointer events cover mouse, pen and touch; the canvas takes no page
scroll while drawing on it.

Pictures go to the page inline, as data URLs inside the answer, instead of one file download each.
"""

import base64
import binascii
import io
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder, is_in_or_equal
from PIL import Image

from .images import MAX_FILE_BYTES, ImageInputError
from .sketch_values import DATA_URL_PREFIX, JPEG_URL_PREFIX

Z_RLE = 3  # zlib's run-length strategy (Pillow's compress_type)

CANVAS_SIZE = 448          # the pad's drawing surface, in canvas pixels
BRUSH_WIDTH = 12           # canvas pixels; the eraser is twice as wide
LIVE_INTERVAL_MS = 150     # how often a stroke in progress is sent

PAD_HTML = f"""
<div class="pad">
  <div class="pad-tools" role="toolbar" aria-label="Drawing tools">
    <button type="button" data-tool="brush" aria-pressed="true" title="Brush">Brush</button>
    <button type="button" data-tool="eraser" aria-pressed="false" title="Eraser">Eraser</button>
    <button type="button" data-action="undo" title="Undo the last stroke">Undo</button>
    <button type="button" data-action="clear" title="Clear the canvas">Clear</button>
  </div>
  <canvas width="{CANVAS_SIZE}" height="{CANVAS_SIZE}" aria-label="Drawing pad: draw one garment"></canvas>
</div>
"""

PAD_CSS = """
.pad { display: flex; flex-direction: column; gap: 6px; align-items: center; }
.pad-tools { display: flex; gap: 6px; flex-wrap: wrap; justify-content: center; }
.pad-tools button { padding: 6px 12px; border-radius: 8px; border: 1px solid var(--border-color-primary);
  background: var(--button-secondary-background-fill); color: var(--body-text-color); cursor: pointer;
  font-size: 15px; touch-action: manipulation; }
.pad-tools button[aria-pressed="true"] { background: var(--color-accent); color: white; border-color: var(--color-accent); }
.pad canvas { width: 100%; max-width: 448px; aspect-ratio: 1 / 1; background: white; border-radius: 8px;
  border: 1px solid var(--border-color-primary); touch-action: none; cursor: crosshair; display: block; }
"""

# `element`, `props`, `trigger` and `watch` come from gr.HTML's js_on_load.
PAD_JS = f"""
const canvas = element.querySelector('canvas');
const ctx = canvas.getContext('2d', {{ willReadFrequently: true }});
const buttons = element.querySelectorAll('.pad-tools button');
const undoStack = [];
let tool = 'brush', drawing = false, last = null, timer = null, dirty = false, blank = true;

function wipe() {{ ctx.fillStyle = 'white'; ctx.fillRect(0, 0, canvas.width, canvas.height); blank = true; }}
function choose(name) {{
  tool = name;
  element.querySelectorAll('[data-tool]').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.tool === name)));
}}
function send(live) {{
  dirty = false;
  props.value = blank ? {{ composite: null }} : {{ composite: canvas.toDataURL('image/png'), live: live === true }};
  trigger('draw');
}}
function point(event) {{
  const box = canvas.getBoundingClientRect();
  return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
}}
function segment(from, to) {{
  ctx.strokeStyle = tool === 'eraser' ? 'white' : 'black';
  ctx.fillStyle = ctx.strokeStyle;
  ctx.lineWidth = tool === 'eraser' ? {2 * BRUSH_WIDTH} : {BRUSH_WIDTH};
  ctx.lineCap = 'round'; ctx.lineJoin = 'round';
  ctx.beginPath(); ctx.moveTo(from[0], from[1]); ctx.lineTo(to[0], to[1]); ctx.stroke();
  if (tool === 'brush') blank = false;
  dirty = true;
}}
canvas.addEventListener('pointerdown', (event) => {{
  if (event.button !== undefined && event.button > 0) return;
  event.preventDefault();
  canvas.setPointerCapture(event.pointerId);
  undoStack.push([ctx.getImageData(0, 0, canvas.width, canvas.height), blank]);
  if (undoStack.length > 30) undoStack.shift();
  drawing = true; last = point(event);
  segment(last, last);
  timer = setInterval(() => {{ if (dirty) send(true); }}, {LIVE_INTERVAL_MS});
}});
canvas.addEventListener('pointermove', (event) => {{
  if (!drawing) return;
  event.preventDefault();
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
  for (const e of (events.length ? events : [event])) {{ const p = point(e); segment(last, p); last = p; }}
}});
function end(event) {{
  if (!drawing) return;
  drawing = false; clearInterval(timer); timer = null;
  send();
}}
canvas.addEventListener('pointerup', end);
canvas.addEventListener('pointercancel', end);
canvas.addEventListener('lostpointercapture', end);
buttons.forEach(button => button.addEventListener('click', () => {{
  if (button.dataset.tool) {{ choose(button.dataset.tool); return; }}
  if (button.dataset.action === 'undo') {{
    const previous = undoStack.pop();
    if (!previous) return;
    ctx.putImageData(previous[0], 0, 0); blank = previous[1];
  }} else {{  // clear: an empty canvas, the brush in hand, and the empty value sent at once
    undoStack.length = 0; wipe(); choose('brush');
  }}
  send();
}}));
// A value set by the server (an example): show it on the canvas, ready to draw over.
watch('value', () => {{
  const source = props.value && props.value.composite;
  if (typeof source !== 'string' || !source.startsWith('data:image/')) return;
  const image = new Image();
  image.onload = () => {{ wipe(); ctx.drawImage(image, 0, 0, canvas.width, canvas.height); blank = false; undoStack.length = 0; choose('brush'); }};
  image.src = source;
}});
wipe();
"""

NOT_A_DRAWING = "The drawing pad sent something that is not a drawing; draw again."


def read_pad(value):
    """The pad's value -> what :func:`nin.images.from_sketch` takes: PNG bytes, a path to an uploaded
    file, or None for an empty canvas. Refuses anything else with a sentence for the user.

    Files are only read from Gradio's upload folder, where Gradio itself has checked and put what
    an API client uploaded: a path named in the payload is never opened elsewhere.
    """
    if isinstance(value, dict) and "composite" in value:  # the pad's own value, or a Sketchpad's
        value = value["composite"]
    if value is None:
        return None
    if isinstance(value, str) and value.startswith(DATA_URL_PREFIX):
        encoded = value[len(DATA_URL_PREFIX):]
        if len(encoded) > MAX_FILE_BYTES * 4 // 3 + 4:
            raise ImageInputError(f"The drawing is too large: the limit is {MAX_FILE_BYTES // 2**20} MB.")
        try:
            return base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImageInputError(NOT_A_DRAWING) from None
    if isinstance(value, dict) and isinstance(value.get("path"), str):  # an uploaded file (gradio FileData)
        path = Path(value["path"])
        if is_in_or_equal(path, get_upload_folder()):
            return path
    raise ImageInputError(NOT_A_DRAWING)


def uploaded_path(value) -> Path | None:
    """The upload component's value as the app receives it (Gradio's FileData, unprocessed) -> the
    uploaded file's path, only inside Gradio's upload folder; None when no file was given."""
    if value is None:
        return None
    path = value.get("path") if isinstance(value, dict) else None
    if isinstance(path, str) and is_in_or_equal(Path(path), get_upload_folder()):
        return Path(path)
    raise ImageInputError("That is not an uploaded file: upload a picture.")


# For the whole page (app.launch(css=...)): on a phone the pad loses its inner margin.
PAGE_CSS = """
@media (max-width: 480px) { #pad .html-container { padding: 0 !important; } }
"""

PICTURE_HTML = """${value ? `<img src="${value}" alt="${caption}">` : `<div class="empty"></div>`}"""
PICTURE_CSS = """
img { width: ${width}; max-width: 100%; height: auto; image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 6px; }
.empty { min-height: 24px; }
"""


# The smallest picture (a white pixel), as the API's example of a drawing and of a picture.
EXAMPLE_PNG = (DATA_URL_PREFIX + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAWk1v8QAAAABJRU5ErkJggg==")


class DrawingPad(gr.HTML):
    """The drawing pad: a gr.HTML whose API description ("Use via API", MCP, gradio_client) is the value it
    really takes, not gr.HTML's string."""

    def api_info(self) -> dict:
        return {
            "type": "object", "title": "Drawing",
            "description": "The pad's canvas. API clients may also send {'composite': handle_file(image)} "
                           "(a gr.Sketchpad's value) or handle_file(image) itself.",
            "properties": {
                "composite": {"anyOf": [{"type": "string"}, {"type": "null"}],
                              "description": "the drawing as a PNG data URL (data:image/png;base64,...), "
                                             "black on white; null for an empty canvas"},
                "live": {"type": "boolean", "default": False,
                         "description": "true while a stroke goes on: only the class and the garment are answered"},
            },
            "required": ["composite"],
        }

    def example_payload(self) -> dict:
        return {"composite": EXAMPLE_PNG, "live": False}

    def example_value(self) -> dict:
        return self.example_payload()


class Picture(gr.HTML):
    """A picture of the answer, sent inline as a data URL: a gr.HTML whose API description says so."""

    def api_info(self) -> dict:
        return {"anyOf": [{"type": "string"}, {"type": "null"}],
                "description": "a picture as a data URL: data:image/png;base64,... (data:image/jpeg;base64,... "
                               "for the Grad-CAM heat map); null when there is nothing to show"}

    def example_payload(self) -> str:
        return EXAMPLE_PNG

    def example_value(self) -> str:
        return EXAMPLE_PNG


def drawing_pad(**kwargs) -> DrawingPad:
    """The drawing pad. Its value is {"composite": data URL or None, "live": bool} from the browser; API
    clients may also send {"composite": image file} (a gradio Sketchpad's value) or a plain image file."""
    return DrawingPad(value={"composite": None}, html_template=PAD_HTML, css_template=PAD_CSS, js_on_load=PAD_JS,
                      apply_default_css=False, **kwargs)


def picture(label: str, width: str = "auto", value: str | None = None, **kwargs) -> Picture:
    """A picture shown from a data URL (see :func:`data_url`) under its ``label``.
    ``width``: a CSS width, e.g. "224px" to enlarge a small picture (its pixels stay sharp)."""
    return Picture(value=value, label=label, show_label=True, html_template=PICTURE_HTML, css_template=PICTURE_CSS,
                   js_on_load=None, caption=label, width=width, container=True, **kwargs)


def data_url(picture, photo: bool = False) -> str | None:
    """A picture (array or PIL image) as a data URL, sent inside the answer: a PNG with zlib level 1
    and run-length matching (faster than level 1's usual matching, about as small), or for an RGB
    ``photo`` (the heat map over the input) a JPEG, which encodes far faster and smaller
    (docs/performance.md)."""
    if picture is None or isinstance(picture, str):  # nothing, or already encoded (by a worker process)
        return picture
    image = picture if isinstance(picture, Image.Image) else Image.fromarray(picture)
    buffer = io.BytesIO()
    if photo:
        image.save(buffer, format="jpeg", quality=90)
    else:
        image.save(buffer, format="png", compress_level=1, compress_type=Z_RLE)
    return (JPEG_URL_PREFIX if photo else DATA_URL_PREFIX) + base64.b64encode(buffer.getvalue()).decode("ascii")
