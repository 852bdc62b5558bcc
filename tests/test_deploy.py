"""deploy/nginx.conf in front of a stand-in upstream that records what reaches it: a body over the app's
own limit still reaches the app (which answers it with a sentence), and the scheme the browser used is
passed on. The app's side of saving feedback on a read-only disk: a sentence, the server stays up."""

import json
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from benchmarks import replicas
from nin.images import MAX_FILE_BYTES

pytestmark = pytest.mark.slow


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with what it received: the headers and the body's length."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = len(self.rfile.read(length)) if length else 0
        body = json.dumps({"headers": dict(self.headers), "body_bytes": received}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx():
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    # Not under pytest's 0700 tmp folders: nginx's workers (another user) keep request bodies in there.
    work = Path(tempfile.mkdtemp(prefix="nin-deploy-"))
    work.chmod(0o755)
    try:
        with replicas.started_nginx([f"127.0.0.1:{upstream.server_address[1]}"], work / "nginx") as (_, url, _):
            yield url
    finally:
        upstream.shutdown()
        upstream.server_close()
        shutil.rmtree(work, ignore_errors=True)


def test_a_body_over_the_apps_limit_reaches_the_app(nginx):
    """The app refuses an upload over MAX_FILE_BYTES with its own sentence: nginx must let it through."""
    body = b"x" * (MAX_FILE_BYTES + 2 * 2**20)
    seen = httpx.post(nginx + "/gradio_api/upload", content=body, timeout=60)
    assert seen.status_code == 200 and seen.json()["body_bytes"] == len(body)
    huge = httpx.post(nginx + "/gradio_api/upload", content=b"x" * 40 * 2**20, timeout=60)
    assert huge.status_code == 413  # far beyond anything the app takes: nginx stops it


def test_the_scheme_is_passed_on(nginx):
    plain = httpx.get(nginx + "/", timeout=30).json()["headers"]
    assert plain["X-Forwarded-Proto"] == "http"
    behind_tls = httpx.get(nginx + "/", headers={"X-Forwarded-Proto": "https"}, timeout=30).json()["headers"]
    assert behind_tls["X-Forwarded-Proto"] == "https"


def test_feedback_on_a_disk_that_cannot_be_written_gets_a_sentence(monkeypatch, tmp_path):
    """"Keep this picture" where the feedback folder cannot be written (a read-only image, a folder owned by
    another user): the visitor reads a sentence, nothing is kept, and the page keeps answering."""
    from types import SimpleNamespace

    import app
    from nin.sketch_values import pad_value

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")  # no folder can be made under it, whoever the user is
    monkeypatch.setenv("NIN_FEEDBACK_DIR", str(blocked / "feedback"))
    page = app.build_app()
    handlers = {fn.name: fn.fn for fn in page.fns.values()}
    drawing = pad_value("examples/8_bag.png")
    answer = handlers["predict_sketch"](drawing)
    kept = next(value for component, value in answer.items() if component.__class__.__name__ == "State")
    request = SimpleNamespace(session_hash="test", client=SimpleNamespace(host="127.0.0.1"), headers={})
    note = handlers["keep_correction"](drawing, None, kept, "Bag", None, request)
    assert "could not save" in note and "nothing was kept" in note
    assert handlers["predict_sketch"](drawing)  # still answering
