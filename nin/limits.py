"""What one request may cost the server, enforced by the app itself (not only by deploy/nginx.conf).

Gradio limits uploaded files (``launch(max_file_size=...)``), not the JSON bodies of its events: a
drawing's value travels inline, so a 50 MB "drawing" was read, parsed and then kept in the session's
state. :class:`RequestLimits`, an ASGI middleware given to Gradio's FastAPI app through
``launch(app_kwargs={"middleware": [...]})``, refuses before reading it:

- a body over ``max_body`` bytes (``max_upload`` on the upload route) with 413, from its Content-Length
  or, without one, as soon as that much has arrived;
- an event the app does not have (an unknown ``fn_index``: Gradio answers 500 and logs a traceback) with
  404 and one line in the log;
- a poll of the queue's messages for a session with none pending (closed, or never opened: Gradio starts
  the stream, then breaks it off with a traceback in the log) with 404;
- Gradio's live-reload stream outside its reload mode (served anyway, each connection polling every
  50 ms) with 404.

Gradio's session state is bounded by ``launch(state_session_capacity=...)`` (app.py): see
docs/reliability.md for what a session holds. And :func:`trim_memory_every` hands the memory Python has
freed back to the system, which glibc's malloc keeps otherwise (measured: docs/reliability.md).
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import threading
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

API = "/gradio_api"
# The largest event body the page sends: the pad's 448x448 canvas as a PNG data URL, at most about
# 1.07 MB for an RGBA canvas of noise (a drawing is 5-60 KB).
MAX_BODY_BYTES = 1_500_000


class BodyTooLarge(Exception):
    pass


class RequestLimits:
    """ASGI middleware: see the module's docstring."""

    def __init__(self, app, max_body: int = MAX_BODY_BYTES, max_upload: int | None = None):
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload  # None: Gradio's own max_file_size applies alone
        self.dev_reload = bool(os.environ.get("GRADIO_WATCH_DIRS"))  # set by `gradio app.py` (reload mode)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if path.endswith(f"{API}/dev/reload") and not self.dev_reload:
            return await respond(send, 404, "Not found: the app does not run in reload mode.")
        if path.endswith(f"{API}/queue/data") and not has_pending_messages(scope):
            return await respond(send, 404, "No such session, or nothing pending for it.")
        limit = self.max_upload if path.endswith(f"{API}/upload") else self.max_body
        if limit is not None:
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                return await respond(send, 413, f"The request is too large: the limit is {limit:,} bytes.")
            receive = counted(receive, limit)
        started = False

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await respond(send, 413, f"The request is too large: the limit is {limit:,} bytes.")
        except KeyError as error:  # gradio's get_fn: fns[body.fn_index]
            if started or not path.endswith(f"{API}/queue/join"):
                raise
            log.warning("refused an unknown event (fn_index %s)", error)
            await respond(send, 404, "No such event.")
        finally:
            if path.endswith(f"{API}/queue/data"):
                forget_finished_session(scope)


def polled_session(scope) -> str | None:
    return parse_qs(scope.get("query_string", b"").decode(errors="replace")).get("session_hash", [None])[0]


def has_pending_messages(scope) -> bool:
    """Whether Gradio's queue holds messages for the polled session (True when that cannot be told)."""
    try:
        pending = scope["app"].get_blocks()._queue.pending_messages_per_session
    except (KeyError, AttributeError):  # another Gradio: its own behaviour
        return True
    return polled_session(scope) in pending


def forget_finished_session(scope) -> None:
    """Once a poll of the queue's messages has ended: drops the polled session's entry in Gradio's
    ``pending_event_ids_session`` when no event of it is pending. Gradio empties that set as each event
    completes but keeps its key (only a client that disconnects mid-stream has it removed): one entry,
    about 350 bytes, for every session ever served, never freed. The next event of the session makes it anew."""
    try:
        pending = scope["app"].get_blocks()._queue.pending_event_ids_session
    except (KeyError, AttributeError):
        return
    session = polled_session(scope)
    if session in pending and not pending[session]:
        del pending[session]


def counted(receive, limit: int):
    """``receive`` that raises BodyTooLarge once more than ``limit`` body bytes have arrived."""
    received = 0

    async def receive_counted():
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge()
        return message

    return receive_counted


async def respond(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def return_large_blocks(threshold: int = 128 * 1024) -> bool:
    """glibc's malloc serves blocks over ``threshold`` bytes with their own mmap, handed back to the system when
    freed. Left alone, it raises that threshold to the largest block freed so far (up to 32 MB): after the first
    1 MB drawing, such blocks are carved from the heap, where the small objects allocated beside them keep its
    pages. Setting it (mallopt M_MMAP_THRESHOLD) stops that. Returns whether glibc took it (False elsewhere)."""
    try:
        return ctypes.CDLL(None).mallopt(-3, threshold) == 1  # M_MMAP_THRESHOLD, <malloc.h>
    except (OSError, AttributeError):
        return False


def trim_memory_every(seconds: float = 10.0) -> threading.Thread | None:
    """A daemon thread calling glibc's malloc_trim(0) every ``seconds`` (a few milliseconds each); None where
    the C library has none (not glibc). Start it after the worker processes are forked (nin.workers)."""
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    stop = threading.Event()

    def trim():
        while not stop.wait(seconds):
            malloc_trim(0)

    thread = threading.Thread(target=trim, name="malloc-trim", daemon=True)
    thread.start()
    return thread
