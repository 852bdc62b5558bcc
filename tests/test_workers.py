"""nin.workers: the trained network's answers computed in worker processes (python app.py on a CPU).

The pool is started in a fresh Python process (forking pytest's own process, which runs threads, is what
Workers.start refuses), which prints what the test checks.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from benchmarks.load import APP_ENV, free_port, page_answers, pid_listening_on, running, with_children
from nin.workers import Workers, worker_processes

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent("""
    import json, os, signal, threading
    import torch
    from nin.workers import Workers, answer_with
    torch.set_num_threads(1)
    workers = Workers.start(1, threads=1)                 # forked before this process loads anything
    from nin.demo import Demo
    demo = Demo.load()
    drawing = open("examples/3_dress.png", "rb").read()
    there = workers.answer("from_sketch", drawing, "block2.relu", 3, False)
    here = demo.from_sketch(drawing, "block2.relu", 3, False).encoded()
    out = {"workers": workers is not None, "same_message": there.message == here.message,
           "same_garment": there.garment == here.garment, "same_state": there.state == here.state,
           "confidences": [there.confidences[k] - here.confidences[k] for k in here.confidences],
           "pictures_are_strings": all(isinstance(getattr(there, k), str) for k in there.PICTURES
                                   if getattr(here, k) is not None),
           "channel_stats": there.channel_stats}
    # A worker that dies: the answer comes from this process instead, and later ones too.
    for pid in list(workers.pool._processes):
        os.kill(pid, signal.SIGKILL)
    after = answer_with(workers, demo, "from_state", there.state, "gap", 0)
    again = answer_with(workers, demo, "from_state", there.state, "gap", 0)
    out |= {"after_death": after.message, "pool_dropped": workers.pool is None, "again": again.message}
    # Not started where a thread already runs (a fork would copy no thread, and maybe a held lock).
    threading.Thread(target=threading.Event().wait, args=(5,), daemon=True).start()
    out["started_with_a_thread_running"] = Workers.start(1) is not None
    print("RESULT " + json.dumps(out))
""")


@pytest.mark.slow
def test_answers_from_a_worker_are_those_of_the_app_process():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)})
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    out = json.loads(lines[-1][len("RESULT "):])
    assert out["workers"] and out["pictures_are_strings"]
    assert out["same_message"] and out["same_garment"] and out["same_state"]
    assert max(abs(d) for d in out["confidences"]) < 1e-4
    assert "channel 3 of block2.relu" in out["channel_stats"]
    assert out["pool_dropped"] and out["after_death"] == out["again"] and "**" in out["after_death"]
    assert not out["started_with_a_thread_running"]


def test_how_many_workers(monkeypatch):
    monkeypatch.delenv("NIN_WORKER_PROCESSES", raising=False)
    assert worker_processes(2, "cpu") == 2 and worker_processes(2, "cuda") == 0
    monkeypatch.setenv("NIN_WORKER_PROCESSES", "0")
    assert worker_processes(2, "cpu") == 0 and Workers.start(0) is None
    monkeypatch.setenv("NIN_WORKER_PROCESSES", "3")
    assert worker_processes(2, "cuda") == 3
    monkeypatch.setenv("NIN_WORKER_PROCESSES", "two")
    with pytest.raises(ValueError, match="whole number"):
        worker_processes(2, "cpu")


def test_the_running_app_answers_from_its_workers(app_url):
    """`python app.py` on a CPU starts one worker process per request run at once (two here)."""
    pid = pid_listening_on(app_url)
    assert pid is not None
    assert len(with_children(pid)) - 1 == 2


# The app as `python app.py` runs it, with one addition for the crash case: SIGUSR1 makes it read
# address 0, a segmentation fault in its own main thread (no Python clean-up runs).
CRASHABLE_APP = textwrap.dedent("""
    import ctypes, runpy, signal
    signal.signal(signal.SIGUSR1, lambda *_: ctypes.string_at(0))
    runpy.run_path("app.py", run_name="__main__")
""")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL", "crash"])
def test_workers_end_with_the_app_however_it_ends(how, tmp_path):
    """`kill`, Ctrl-C, `kill -9` and a crash of the app: its two worker processes are gone within 2 s.
    (Before, each way left both running under PID 1, 500 MB each.)"""
    port = free_port()
    env = dict(os.environ, **APP_ENV, GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port),
               NIN_WORKER_PROCESSES="2", NIN_FEEDBACK_DIR=str(tmp_path / "feedback"))
    with open(tmp_path / "app.log", "w") as log:
        app = subprocess.Popen([sys.executable, "-c", CRASHABLE_APP], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    workers = []
    try:
        deadline = time.monotonic() + 180
        while not page_answers(f"http://127.0.0.1:{port}", timeout=2.0):
            assert app.poll() is None and time.monotonic() < deadline, (tmp_path / "app.log").read_text()[-3000:]
            time.sleep(0.2)
        workers = with_children(app.pid)[1:]
        assert len(workers) == 2 and all(map(running, workers))
        os.kill(app.pid, signal.SIGUSR1 if how == "crash" else getattr(signal, how))
        ended = time.monotonic()
        while any(map(running, workers)) and time.monotonic() - ended < 2.0:
            time.sleep(0.02)
        left = [pid for pid in workers if running(pid)]
        assert not left, f"workers still running 2 s after {how}: {left}"
        app.wait(timeout=30)
        if how == "crash":
            assert app.returncode == -signal.SIGSEGV
    finally:
        for pid in [app.pid] + workers:  # whatever is left of this test's own processes
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        app.wait(timeout=30)
