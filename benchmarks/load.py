"""A bounded load test of the demo on 127.0.0.1: N concurrent gradio_client clients x M requests.

    python -m benchmarks.load [--clients 32] [--requests 25] [--url URL] [--pid PID]
        [--timeout 60] [--max-seconds 600] [--no-download] [--drawings-only] [--report-only] [--json out.json]

Without --url it starts ``python app.py`` itself on a free loopback port (and stops it at the
end). Each client is its own thread with its own ``gradio_client.Client``; all start together
and send their requests one after another, a mix of drawings (/predict_sketch) and uploads
(/predict_upload), about one in ten of them bad on purpose (not an image, a truncated PNG, an
empty canvas, no file): those must come back as a clear message, never as an error. With
--drawings-only every request is a drawing sent to /predict_sketch as an API client sends it (the
Sketchpad's dict with an uploaded file), the independent client of the load issue. Output
pictures are downloaded as a browser would fetch them (--no-download skips that).

It prints failures, p50/p95/max latency, throughput, and the server's resident memory before and
after and its CPU time, each summed over the server and its child processes (its model workers,
nin.workers; from /proc; the server is found by its listening port, or --pid),
and exits 1 when a goal is missed: 0 failures, p95 <= 2 s, memory growth <= 100 MB (--report-only:
always exit 0). Every wait is bounded: one request by --timeout, the whole run by --max-seconds.

:func:`run_load` is what tests/test_load.py reuses.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

# Both torch-free, so that this client does not import torch.
from nin.classes import CLASSES
from nin.cpu import cpu_description
from nin.sketch_values import answer_fields, pad_value, sketchpad_value

ROOT = Path(__file__).resolve().parent.parent

EXAMPLES = sorted((ROOT / "examples").glob("*.png"))
# A few of the layer picker's values (nin.probe.probed_layers keys), so that requests render
# feature maps of different sizes; and channels to enlarge.
LAYERS = ("block1.relu", "block2.relu_b", "pool2", "block3.relu_a", "block4.relu_b", "gap")
CHANNELS = (0, 5, 17, 95)
CHANNEL_MAX = 95  # the slider's maximum when a page opens (app.py)
BAD_EVERY = 10  # one request in BAD_EVERY is a bad input

GOAL_FAILURES = 0
GOAL_P95_S = 2.0
GOAL_RSS_GROWTH_MB = 100.0

APP_ENV = {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1",
           "PYTHONUNBUFFERED": "1"}


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_loopback(url: str) -> None:
    host = urllib.parse.urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"error: this load test only runs against 127.0.0.1, not {host!r}")


def page_answers(url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def started_app(port: int | None = None, log_path: Path | None = None, timeout: float = 180.0):
    """``python app.py`` on 127.0.0.1:port, as a user starts it; yields (process, url, seconds
    from launch to the page answering). Stopped (terminate, then kill) on exit, and with it every process
    it started (found by APP_MARK, killed by pid; RuntimeError when one had outlived it); its output goes
    to ``log_path`` (default /tmp/nin-app-PORT.log), removed unless something failed."""
    port = port or free_port()
    mark = uuid.uuid4().hex
    env = dict(os.environ, **APP_ENV, GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port),
               **{APP_MARK: mark})
    log_path = Path(log_path or Path(tempfile.gettempdir()) / f"nin-app-{port}.log")
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        launched = time.perf_counter()
        process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    failed = True
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"app.py exited with status {process.returncode}; log: {log_path}\n"
                                   + log_path.read_text()[-3000:])
            if page_answers(url, timeout=2.0):
                break
            if time.perf_counter() - launched > timeout:
                raise TimeoutError(f"app.py did not answer at {url} within {timeout:.0f} s; log: {log_path}")
            time.sleep(0.05)
        yield process, url, time.perf_counter() - launched
        failed = False
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        left = stop_marked(APP_MARK, mark)
        if left and not failed:
            failed = True
            raise RuntimeError(f"processes outlived app.py (now killed): {left}; log: {log_path}")
        if not failed:  # the log is kept (and named in the error) only when something went wrong
            log_path.unlink(missing_ok=True)


# An environment variable that every process started by a run (an app, its workers, a browser) inherits,
# even one whose parent has died: how a run finds what it left behind.
APP_MARK = "NIN_APP_MARK"


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has ended: it only waits to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def marked(name: str, mark: str) -> dict[int, str]:
    """{pid: command line} of the running processes, this one aside, whose environment has name=mark."""
    entry = f"\0{name}={mark}\0".encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if entry in b"\0" + (proc / "environ").read_bytes() and running(int(proc.name)):
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile, or not ours to read
            continue
    return found


def stop_marked(name: str, mark: str, grace: float = 5.0) -> dict[int, str]:
    """Waits up to ``grace`` seconds for the processes marked name=mark to end, kills by pid those still
    running, and returns them ({pid: command line}; empty when none was left)."""
    deadline = time.monotonic() + grace
    while (left := marked(name, mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def with_children(pid: int | None) -> list[int]:
    """The process and its child processes (the app's model workers, nin.workers), Linux /proc."""
    if pid is None:
        return []
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return [pid] + children


def rss_mb(pid: int | None) -> float | None:
    """The memory a process and its child processes hold, in MB (10^6 bytes), None when it cannot be
    read: for a lone process its resident memory (VmRSS); with children, the sum of each one's
    proportional share (Pss: a page the forked workers share with the server counts once in all)."""
    processes = with_children(pid)
    if len(processes) <= 1:
        return _status_mb(pid, "VmRSS")
    return _summed(pid, lambda p: _status_mb(p, "Pss", f"/proc/{p}/smaps_rollup"))


def peak_rss_mb(pid: int | None) -> float | None:
    """The sum of each process's own resident peak (VmHWM): pages shared by the processes count in
    each, so with worker processes this is an upper bound."""
    return _summed(pid, lambda p: _status_mb(p, "VmHWM"))


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process, its threads and its child processes (Linux /proc), None if
    unknown."""
    def own(p):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return _summed(pid, own)


def _summed(pid, read) -> float | None:
    values = [read(p) for p in with_children(pid)]
    return sum(v for v in values if v is not None) if values and values[0] is not None else None


def _own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def _status_mb(pid, field, path: str | None = None) -> float | None:
    if pid is None:
        return None
    try:
        text = Path(path or f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) * 1024 / 1e6 if match else None  # kB there are KiB; MB here are 10^6 bytes


def pid_listening_on(url: str) -> int | None:
    """The process listening on the url's port on this machine (Linux /proc), or None."""
    port = urllib.parse.urlparse(url).port
    if port is None:
        return None
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(proc.name)
        except OSError:
            continue
    return None


# --------------------------------------------------------------------------- the inputs


def make_inputs(folder: Path) -> dict[str, list[dict]]:
    """Files for the requests, written to ``folder``: {"good": [...], "bad": [...]}, each item
    {"name", "api", "make": () -> first argument}. The first argument is built per request
    because gradio_client's handle_file() returns a fresh upload description each time."""
    from gradio_client import handle_file

    folder.mkdir(parents=True, exist_ok=True)
    if not EXAMPLES:
        raise FileNotFoundError(f"no drawings in {ROOT / 'examples'}")

    def sketch(path):  # what an API client sends: a Sketchpad-style dict with an uploaded file
        return lambda: sketchpad_value(handle_file(str(path)))

    def drawn(path, live=False):  # what the page's drawing pad sends: the canvas inline, no upload
        value = pad_value(path, live=live)
        return lambda: value

    def upload(path):
        return lambda: handle_file(str(path))

    good = []
    for path in EXAMPLES:
        # A drawing on the page is a few live updates during the stroke and one at its end.
        good.append({"name": f"pad live {path.name}", "api": "/predict_sketch", "make": drawn(path, live=True)})
        good.append({"name": f"pad {path.name}", "api": "/predict_sketch", "make": drawn(path)})
        good.append({"name": f"sketch {path.name}", "api": "/predict_sketch", "make": sketch(path)})
        good.append({"name": f"upload {path.name}", "api": "/predict_upload", "make": upload(path)})
    for path in EXAMPLES[::3]:  # the same drawings as JPEG photos-of-a-drawing, a little grey
        jpeg = folder / (path.stem + ".jpg")
        gray = np.asarray(Image.open(path).convert("L"), dtype=np.float32) * 0.85 + 20
        Image.fromarray(gray.clip(0, 255).astype(np.uint8)).save(jpeg, quality=85)
        good.append({"name": f"upload {jpeg.name}", "api": "/predict_upload", "make": upload(jpeg)})

    not_image = folder / "not-an-image.png"
    not_image.write_bytes(b"this is a text file with a .png name\n" * 4)
    truncated = folder / "truncated.png"
    data = EXAMPLES[0].read_bytes()
    truncated.write_bytes(data[:len(data) // 2])
    blank = folder / "empty-canvas.png"
    Image.new("RGB", (448, 448), "white").save(blank)
    flat = folder / "flat-grey.png"
    Image.new("L", (300, 200), 128).save(flat)
    bad = [
        {"name": "upload not-an-image.png", "api": "/predict_upload", "make": upload(not_image)},
        {"name": "sketch empty canvas", "api": "/predict_sketch", "make": sketch(blank)},
        {"name": "upload truncated.png", "api": "/predict_upload", "make": upload(truncated)},
        {"name": "upload no file", "api": "/predict_upload", "make": lambda: None},
        {"name": "upload flat-grey.png", "api": "/predict_upload", "make": upload(flat)},
    ]
    return {"good": good, "bad": bad}


def schedule(index: int, inputs: dict) -> tuple[dict, bool, str, int]:
    """The input of the index-th request overall: (item, is_bad, layer, channel), deterministic."""
    if inputs["bad"] and index % BAD_EVERY == BAD_EVERY - 1:
        item, bad = inputs["bad"][(index // BAD_EVERY) % len(inputs["bad"])], True
    else:
        item, bad = inputs["good"][(index * 7) % len(inputs["good"])], False
    return item, bad, LAYERS[index % len(LAYERS)], CHANNELS[(index // 3) % len(CHANNELS)]


# --------------------------------------------------------------------------- the answers


_NOT_FOR_PEOPLE = re.compile(r"Traceback|Exception|Error\b|<[a-z_.]+ object|\\x[0-9a-f]{2}")


def clear_message(message) -> bool:
    """A sentence for a person: some words, no Python in it."""
    return (isinstance(message, str) and len(message.strip()) >= 10
            and not _NOT_FOR_PEOPLE.search(message))


def judge(answer, bad: bool) -> tuple[bool, str | None, str | None, str | None]:
    """(ok, label, message, why not ok) of one answer from the app's outputs tuple."""
    fields = answer_fields(answer)
    if len(fields) < 2:
        return False, None, None, f"unexpected answer {str(answer)[:80]!r}"
    confidences, message = fields["label"], fields["status"]
    label = confidences.get("label") if isinstance(confidences, dict) else None
    if label is not None and label not in CLASSES:
        return False, label, message, f"unknown label {label!r}"
    if bad:
        if label is not None:
            return False, label, message, f"a bad input got the label {label!r}"
        if not clear_message(message):
            return False, label, message, f"no clear message: {message!r}"
        return True, label, message, None
    if label is None:
        return False, label, message, f"no label; message {message!r}"
    return True, label, message, None


# --------------------------------------------------------------------------- the load


def _percentile(values, q) -> float | None:
    return float(np.percentile(values, q)) if len(values) else None


def run_load(url: str, clients: int = 32, requests: int = 25, *, timeout: float = 60.0,
             max_seconds: float = 600.0, download: bool = True, pid: int | None = None,
             warmup: int = 3, progress: bool = True, drawings_only: bool = False) -> dict:
    """``clients`` concurrent gradio_client clients, each sending ``requests`` requests in turn
    (``drawings_only``: every request a drawing to /predict_sketch, as an API client sends one).

    Returns a dict: sent, ok, failures, failure_examples (up to 10), records (one per request:
    client, index, name, api, bad, layer, channel, ok, answered, latency_s, label, message, error),
    latency_s {p50, p95, max, mean} over the requests sent (answered or not), wall_s,
    throughput_rps (answers per second), by_kind, and the
    server's rss_before_mb / rss_after_mb / rss_growth_mb / peak_rss_mb (None where the server
    process cannot be read, e.g. another machine or user). A request counts as a failure when
    it raises, times out, or a good input gets no label, or a bad input gets no clear message.
    """
    check_loopback(url)
    work = Path(tempfile.mkdtemp(prefix="nin-load-"))
    # gradio_client leaves an empty folder in the temp dir for every file it downloads (six a
    # request): keep them in the work folder, removed at the end, not in /tmp by the thousand.
    previous_tempdir, tempfile.tempdir = tempfile.tempdir, str(work)
    try:
        return _run_load(url, clients, requests, timeout=timeout, max_seconds=max_seconds, download=download,
                         pid=pid or pid_listening_on(url), warmup=warmup, progress=progress, work=work,
                         drawings_only=drawings_only)
    finally:
        tempfile.tempdir = previous_tempdir
        shutil.rmtree(work, ignore_errors=True)


def _run_load(url, clients, requests, *, timeout, max_seconds, download, pid, warmup, progress, work,
              drawings_only) -> dict:
    from gradio_client import Client
    from tqdm import tqdm

    deadline = time.monotonic() + max_seconds
    inputs = make_inputs(work / "inputs")
    if drawings_only:
        inputs = {"good": [item for item in inputs["good"] if item["name"].startswith("sketch ")], "bad": []}
    # ssl_verify=False: the server is plain http on loopback, and with verification on, httpx
    # loads the CA bundle again for every call (8 per request). Measured with 8 clients x 10:
    # the clients took 21 s of CPU with it and 2.1 s without, CPU that the server on these
    # same 2 cores then lacked (5.6 -> 13.5 req/s).
    client_options = dict(verbose=False, analytics_enabled=False, ssl_verify=False,
                          download_files=str(work / "downloads") if download else False)

    # Warm-up (not measured): the first requests build kernels, caches and worker threads.
    warmup_errors = []
    try:
        warm = Client(url, **client_options)
    except Exception as error:  # noqa: BLE001 - the clients below will report it per request
        warmup_errors.append(f"connect: {type(error).__name__}: {error}")
    else:
        try:
            for i in range(warmup):
                item, _, layer, _ = schedule(i * BAD_EVERY, inputs)
                try:
                    warm.submit(item["make"](), layer, 0, api_name=item["api"]).result(timeout=timeout)
                except Exception as error:  # noqa: BLE001
                    warmup_errors.append(f"{item['name']}: {type(error).__name__}: {str(error)[:200]}")
        finally:
            warm.close()
    rss_before = rss_mb(pid)
    server_cpu_before, client_cpu_before = cpu_seconds(pid), _own_cpu_seconds()

    records: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    # A progress bar on a terminal only: in a log, tqdm's redraws become thousands of lines.
    bar = tqdm(total=clients * requests, desc="load", unit="req", disable=not (progress and sys.stderr.isatty()),
               file=sys.stderr)

    def one_client(c: int) -> None:
        client, connect_error = None, None
        try:
            client = Client(url, **client_options)
        except Exception as error:  # noqa: BLE001 - a failure to report, not to raise
            connect_error = f"connect: {type(error).__name__}: {error}"
        try:
            barrier.wait(timeout=max(1.0, deadline - time.monotonic()))
        except threading.BrokenBarrierError:
            pass
        # Like the page's slider: a channel up to the maximum that the last answer set (the
        # server checks it against this session's slider, which starts at 0..95).
        channel_max = CHANNEL_MAX
        try:
            for k in range(requests):
                index = c * requests + k
                item, bad, layer, channel = schedule(index, inputs)
                channel = min(channel, channel_max)
                record = {"client": c, "index": index, "name": item["name"], "api": item["api"], "bad": bad,
                          "layer": layer, "channel": channel, "ok": False, "latency_s": None,
                          "answered": False, "label": None, "message": None, "error": None}
                if client is None:
                    record["error"] = connect_error
                elif time.monotonic() > deadline:
                    record["error"] = f"not sent: the run passed --max-seconds {max_seconds:.0f}"
                else:
                    started, job = time.perf_counter(), None
                    try:
                        job = client.submit(item["make"](), layer, channel, api_name=item["api"])
                        answer = job.result(timeout=max(1.0, min(timeout, deadline - time.monotonic())))
                    except Exception as error:  # noqa: BLE001
                        record["latency_s"] = time.perf_counter() - started
                        with contextlib.suppress(Exception):
                            job.cancel()
                        record["error"] = f"{type(error).__name__}: {str(error)[:300]}"
                    else:
                        record["latency_s"] = time.perf_counter() - started
                        ok, label, message, why = judge(answer, bad)
                        slider = answer_fields(answer).get("slider")
                        if isinstance(slider, dict) and isinstance(slider.get("maximum"), (int, float)):
                            channel_max = int(slider["maximum"])
                        record.update(ok=ok, answered=True, label=label, message=message, error=why)
                with lock:
                    records.append(record)
                    bar.update(1)
        finally:
            if client is not None:
                client.close()

    with ThreadPoolExecutor(max_workers=clients, thread_name_prefix="load-client") as pool:
        futures = [pool.submit(one_client, c) for c in range(clients)]
        try:  # every client connected (or failed to): go
            barrier.wait(timeout=max(1.0, deadline - time.monotonic()))
        except threading.BrokenBarrierError:
            pass
        started = time.perf_counter()
        for future in futures:
            future.result()  # each client is bounded by its own timeouts and the deadline
        wall = time.perf_counter() - started
    bar.close()

    rss_after = rss_mb(pid)
    server_cpu, client_cpu = cpu_seconds(pid), _own_cpu_seconds() - client_cpu_before
    server_cpu = None if server_cpu is None or server_cpu_before is None else server_cpu - server_cpu_before
    records.sort(key=lambda r: r["index"])
    latencies = [r["latency_s"] for r in records if r["latency_s"] is not None]
    failures = [r for r in records if not r["ok"]]
    by_kind = {}
    for r in records:
        kind = ("bad " if r["bad"] else "") + r["api"].strip("/")
        entry = by_kind.setdefault(kind, {"n": 0, "ok": 0})
        entry["n"] += 1
        entry["ok"] += r["ok"]
    answered = sum(r["answered"] for r in records)
    return {
        "url": url,
        "cpu": cpu_description(),
        "clients": clients,
        "requests_per_client": requests,
        "sent": sum(r["latency_s"] is not None for r in records),
        "answered": answered,
        "ok": len(records) - len(failures),
        "failures": len(failures),
        "failure_examples": [{k: r[k] for k in ("name", "error", "message")} for r in failures[:10]],
        "by_kind": by_kind,
        "latency_s": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95),
                      "max": max(latencies) if latencies else None,
                      "mean": float(np.mean(latencies)) if latencies else None},
        "wall_s": wall,
        "throughput_rps": answered / wall if wall > 0 else None,
        "server_pid": pid,
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
        "rss_growth_mb": None if rss_before is None or rss_after is None else rss_after - rss_before,
        "peak_rss_mb": peak_rss_mb(pid),
        # Where the cores went: the server's and this client's CPU time, per answer and as cores busy.
        "server_cpu_ms_per_answer": None if server_cpu is None or not answered else 1000 * server_cpu / answered,
        "client_cpu_ms_per_answer": 1000 * client_cpu / answered if answered else None,
        "server_cores_busy": None if server_cpu is None or wall <= 0 else server_cpu / wall,
        "client_cores_busy": client_cpu / wall if wall > 0 else None,
        "warmup_errors": warmup_errors,
        "records": records,
    }


def server_answers(url: str, timeout: float = 60.0) -> tuple[bool, str]:
    """(True, label) when the page answers and a drawing still gets a label."""
    from gradio_client import Client, handle_file

    if not page_answers(url):
        return False, "the page does not answer"
    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    try:
        sketch = sketchpad_value(handle_file(str(EXAMPLES[0])))
        answer = client.submit(sketch, LAYERS[0], 0, api_name="/predict_sketch").result(timeout=timeout)
    except Exception as error:  # noqa: BLE001
        return False, f"{type(error).__name__}: {error}"
    finally:
        client.close()
    ok, label, message, why = judge(answer, bad=False)
    return ok, label if ok else why


def missed_goals(result: dict, max_p95_s: float = GOAL_P95_S, max_growth_mb: float = GOAL_RSS_GROWTH_MB) -> list[str]:
    missed = []
    if result["failures"] > GOAL_FAILURES:
        missed.append(f"{result['failures']} failures (goal {GOAL_FAILURES})")
    p95 = result["latency_s"]["p95"]
    if p95 is None or p95 > max_p95_s:
        missed.append(f"p95 latency {p95 if p95 is None else round(p95, 3)} s (goal <= {max_p95_s} s)")
    growth = result["rss_growth_mb"]
    if growth is not None and growth > max_growth_mb:
        missed.append(f"RSS growth {growth:.1f} MB (goal <= {max_growth_mb:.0f} MB)")
    return missed


def _fmt(value, digits=3, unit=""):
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def report(result: dict, max_p95_s: float = GOAL_P95_S, max_growth_mb: float = GOAL_RSS_GROWTH_MB) -> str:
    lat = result["latency_s"]
    growth = result["rss_growth_mb"]
    mark = lambda good: "✅" if good else "❌"  # noqa: E731
    rows = [
        ("requests", f"{result['clients']} clients × {result['requests_per_client']} = "
                     f"{result['clients'] * result['requests_per_client']} ({result['sent']} sent)", "", ""),
        ("failures", str(result["failures"]), f"{GOAL_FAILURES}", mark(result["failures"] <= GOAL_FAILURES)),
        ("latency p50", _fmt(lat["p50"], unit=" s"), "", ""),
        ("latency p95", _fmt(lat["p95"], unit=" s"), f"≤ {max_p95_s:g} s",
         mark(lat["p95"] is not None and lat["p95"] <= max_p95_s)),
        ("latency max", _fmt(lat["max"], unit=" s"), "", ""),
        ("throughput", _fmt(result["throughput_rps"], 2, " req/s"), "", ""),
        ("server memory before", _fmt(result["rss_before_mb"], 1, " MB"), "", ""),
        ("server memory after", _fmt(result["rss_after_mb"], 1, " MB"), "", ""),
        ("server memory growth", _fmt(growth, 1, " MB"), f"≤ {max_growth_mb:g} MB",
         "n/a" if growth is None else mark(growth <= max_growth_mb)),
        ("server peak RSS (VmHWM, each process's summed)", _fmt(result["peak_rss_mb"], 1, " MB"), "", ""),
        ("server CPU per answer (cores busy)", f"{_fmt(result['server_cpu_ms_per_answer'], 1, ' ms')} "
                                               f"({_fmt(result['server_cores_busy'], 2)})", "", ""),
        ("load client CPU per answer (cores busy)", f"{_fmt(result['client_cpu_ms_per_answer'], 1, ' ms')} "
                                                    f"({_fmt(result['client_cores_busy'], 2)})", "", ""),
    ]
    lines = [f"Load test of {result['url']} (server pid {result['server_pid'] or 'unknown'}), "
             f"wall {result['wall_s']:.1f} s, on {result.get('cpu') or cpu_description()}", "",
             "| measure | value | goal | met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "| kind | requests | ok |", "|---|---|---|"]
    lines += [f"| {kind} | {v['n']} | {v['ok']} |" for kind, v in sorted(result["by_kind"].items())]
    if result["failure_examples"]:
        lines += ["", "Failures (first 10):"]
        lines += [f"- {f['name']}: {f['error']}" for f in result["failure_examples"]]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    parser.add_argument("--requests", type=int, default=25, help="requests per client (default 25)")
    parser.add_argument("--url", default=None, help="a running app on 127.0.0.1 (default: start python app.py)")
    parser.add_argument("--pid", type=int, default=None, help="the server's process id (default: found by its port)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one request may take (default 60)")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="the whole run's limit (default 600)")
    parser.add_argument("--warmup", type=int, default=3, help="requests before measuring (default 3)")
    parser.add_argument("--no-download", action="store_true", help="do not fetch the output pictures")
    parser.add_argument("--max-p95", type=float, default=GOAL_P95_S, help="goal for p95 latency in s (default 2)")
    parser.add_argument("--max-growth", type=float, default=GOAL_RSS_GROWTH_MB,
                        help="goal for RSS growth in MB (default 100)")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when a goal is missed")
    parser.add_argument("--json", default=None, metavar="PATH", help="also write the result (with every request) here")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--drawings-only", action="store_true",
                        help="every request a drawing to /predict_sketch, as an API client sends one (no bad inputs)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.requests < 1:
        parser.error("--clients and --requests must be at least 1")

    def run(url, pid):
        result = run_load(url, args.clients, args.requests, timeout=args.timeout, max_seconds=args.max_seconds,
                          download=not args.no_download, pid=pid, warmup=args.warmup, progress=not args.quiet,
                          drawings_only=args.drawings_only)
        alive, said = server_answers(url, timeout=args.timeout)
        result["alive_after"] = alive
        result["alive_after_answer"] = said
        return result

    if args.url:
        check_loopback(args.url)
        result = run(args.url, args.pid)
    else:
        print("starting python app.py ...", file=sys.stderr)
        with started_app() as (process, url, seconds):
            print(f"the page answered after {seconds:.1f} s at {url}", file=sys.stderr)
            result = run(url, process.pid)
    print(report(result, args.max_p95, args.max_growth))
    print(f"\nserver answers afterwards: {'yes' if result['alive_after'] else 'NO'} ({result['alive_after_answer']})")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    missed = missed_goals(result, args.max_p95, args.max_growth)
    if not result["alive_after"]:
        missed.append("the server did not answer after the load")
    if missed:
        print("goals missed: " + "; ".join(missed) + (" (report only)" if args.report_only else ""))
        return 0 if args.report_only else 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
