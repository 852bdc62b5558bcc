"""What one request may cost the running app (nin.limits, app.py's launch arguments): bodies over the
limit refused before they are read, unknown events and polls of no session answered with a clean 404,
examples sent as an index (no client image decoded), and memory bounded over many sessions."""

import json
import time
import uuid
from pathlib import Path

import httpx
import pytest
from PIL import Image
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route
from starlette.testclient import TestClient

from benchmarks import soak
from benchmarks.load import pid_listening_on
from nin.limits import RequestLimits
from nin.sketch_values import DATA_URL_PREFIX, pad_value

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.png"))


@pytest.fixture(scope="module")
def events(app_url) -> dict:
    return soak.event_indexes(app_url)


def test_a_drawing_still_answers_and_an_oversized_body_is_refused_unread(app_url, events):
    session = soak.Session(app_url, events)
    assert soak.answered(session.draw(pad_value(EXAMPLES[3])))
    assert soak.answered(session.draw(soak.noise_drawing(1)))  # the largest value the pad can send
    for megabytes in (1.6, 6.7):
        reply = session.call("draw", [], body=soak.oversized_body(megabytes, events["draw"]))
        assert reply.status == 413 and "too large" in reply.output
    assert soak.answered(session.draw(pad_value(EXAMPLES[4])))  # still answering
    session.close()


def test_a_body_without_its_length_is_counted_as_it_arrives(app_url, events):
    body = soak.oversized_body(3, events["draw"])
    chunks = (body[i:i + 65536] for i in range(0, len(body), 65536))  # no Content-Length: chunked
    response = httpx.post(f"{app_url}/gradio_api/queue/join", content=chunks,
                          headers={"content-type": "application/json"}, timeout=60)
    # 413 from nin.limits, or FastAPI's 400 when the limit is hit while it parses the body: never queued.
    assert response.status_code in (400, 413) and "event_id" not in response.text


def test_unknown_events_and_polls_of_no_session_get_a_clean_404(app_url, events):
    session = soak.Session(app_url, events)
    reply = session.call(max(events.values()) + 1000, [1])
    assert reply.status == 404 and json.loads(reply.output) == {"detail": "No such event."}
    poll = httpx.get(f"{app_url}/gradio_api/queue/data", params={"session_hash": uuid.uuid4().hex}, timeout=30)
    assert poll.status_code == 404
    assert httpx.get(f"{app_url}/gradio_api/dev/reload", timeout=30).status_code == 404
    session.close()


def test_an_example_is_sent_as_an_index_and_never_decoded_from_the_client(app_url, events, tmp_path):
    session = soak.Session(app_url, events)
    reply = session.call("example", [3])
    assert reply.success and reply.output[0]["composite"].startswith(DATA_URL_PREFIX)
    # A path, an uploaded 9,500 x 9,500 PNG (11 KB that decodes to 90 MB), a number out of range:
    # nothing is opened, the pad is left as it is.
    huge = tmp_path / "huge.png"
    Image.new("L", (9500, 9500), 255).save(huge, optimize=True)
    with open(huge, "rb") as file:
        [uploaded] = httpx.post(f"{app_url}/gradio_api/upload", files={"files": file}, timeout=60).json()
    for value in ({"path": uploaded, "meta": {"_type": "gradio.FileData"}}, str(EXAMPLES[0]), 99, -1, "3"):
        reply = session.call("example", [value])
        assert reply.status == 200 and reply.success, reply
        assert "composite" not in json.dumps(reply.output)
    # No event of the page takes a picture the server decodes before the app's own checks.
    config = httpx.get(f"{app_url}/config", timeout=30).json()
    images = {c["id"] for c in config["components"] if c["type"] == "image" and c["props"].get("elem_id") != "upload"}
    assert not [d for d in config["dependencies"] if images & set(d["inputs"])]
    session.close()


def test_the_middleware_alone():
    """RequestLimits around a small app: bodies by their length, an unknown event, other errors untouched."""
    async def join(request):
        await request.body()
        raise KeyError(7)

    async def other(request):
        raise KeyError("a bug elsewhere")

    app = Starlette(routes=[Route("/gradio_api/queue/join", join, methods=["POST"]),
                            Route("/elsewhere", other, methods=["POST"])],
                    middleware=[Middleware(RequestLimits, max_body=1000, max_upload=5000)])
    client = TestClient(app, raise_server_exceptions=True)
    assert client.post("/gradio_api/queue/join", content=b"x" * 1001).status_code == 413
    assert client.post("/gradio_api/queue/join", content=b"x" * 10).status_code == 404
    with pytest.raises(KeyError):  # only the unknown event is turned into a 404
        client.post("/elsewhere", content=b"x")
    assert client.post("/gradio_api/upload", content=b"x" * 5001).status_code == 413


def test_memory_stays_bounded_over_more_sessions_than_are_kept(app_url):
    """150 sessions (more than the 100 whose state Gradio keeps), a flood and oversized requests mixed in:
    no good request fails, every bad one is refused, and the app with its workers ends within 100 MB of
    where it started (benchmarks/soak.py at full size: docs/reliability.md)."""
    pid = pid_listening_on(app_url)
    result = soak.run_soak(app_url, pid, sessions=150, drawings=2, clients=2, max_seconds=600,
                           sample_every=1.0, settle_seconds=11, flood_size=8, flood_every=100,
                           progress=False)
    assert result["sessions_run"] == 150 and result["failed_good"] == 0 and result["failed_bad"] == 0, result
    assert result["counts"].get("oversized 6.7 MB ok") == 1 and result["counts"].get("flood ok") == 8
    assert result["peak_mb"] < soak.GOAL_PEAK_MB
    assert result["after_goal_mb"] - result["warm_goal_mb"] < soak.GOAL_BACK_MB, soak.report(result)
    # The breakdown the soak reports: the app and each worker, their kinds adding up to PSS.
    after = result["by_process"]["after"]
    assert set(after) == {"app", "worker 1", "worker 2"}, after
    for fields in after.values():
        assert abs(fields["Pss_Anon"] + fields["Pss_File"] + fields["Pss_Shmem"] - fields["Pss"]) < 1, fields


def test_sessions_served_leave_nothing_in_the_queue_bookkeeping():
    """Gradio keeps a key in its queue's pending_event_ids_session for every session it has served (an empty
    set, never freed); with RequestLimits the key goes once the session's answers have all come, and the
    session's next event still works."""
    import gradio as gr

    from benchmarks.load import free_port

    with gr.Blocks() as blocks:
        text = gr.Textbox()
        text.submit(lambda value: value[::-1], text, text)
    blocks.queue()
    blocks.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True, quiet=True,
                  app_kwargs={"middleware": [Middleware(RequestLimits)]})
    try:
        events = {"reverse": blocks.fns[0]._id}
        sessions = [soak.Session(blocks.local_url.rstrip("/"), events) for _ in range(20)]
        for session in sessions + sessions[:3]:  # three of them come back
            reply = session.call("reverse", ["abc"])
            assert reply.success and reply.output == ["cba"], reply
        # The entry goes when the poll's stream ends on the server: a moment after the client read its last message.
        deadline = time.monotonic() + 5
        while blocks._queue.pending_event_ids_session and time.monotonic() < deadline:
            time.sleep(0.05)
        assert blocks._queue.pending_event_ids_session == {}
        assert len(blocks._queue.pending_messages_per_session) == 20  # what polls are told apart by: kept
        for session in sessions:
            session.close()
    finally:
        blocks.close()
