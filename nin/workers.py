"""The trained network's answers computed in worker processes, so that Gradio's event loop keeps its
process's lock (the GIL) to itself.

Under a class's load, an answer's Python work (reading the drawing, the quantized graph, drawing the
pictures) held the lock that Gradio's event loop needs for every message it handles: the loop waited,
and a third of the two cores stayed idle. With that work in worker processes, one per request run at
once, the server answers more requests a second (`python -m benchmarks.load`: docs/performance.md).

The workers are forked when the app starts, before it loads anything or starts a thread (a fork copies
no thread, so one holding a lock would leave it locked in the copy); each then loads the weights itself.
Where that cannot be done safely (a process already running threads, or not on Linux)
or is not wanted (NIN_WORKER_PROCESSES=0, or a GPU), the answers are computed in the app's process.

A worker never outlives the app, however the app ends (SIGTERM, Ctrl-C, SIGKILL, a crash): each asks the
kernel for SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG), and a thread in it also watches that its
parent is still the app, for where that signal cannot be asked for. Without both, a killed app left its
workers running under PID 1, each with its own copy of the model (each holds its inherited copy of the
pool's pipes, so it never reads an end of file; docs/reliability.md).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import torch

log = logging.getLogger(__name__)

_DEMO = None  # in a worker: the Demo it answers with
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_CHECK_S = 0.5  # how often a worker checks that its parent still lives (the watch thread)


def die_with_parent(parent: int) -> bool:
    """In a forked child: be killed when the process ``parent`` (the one that forked it) ends. Returns
    whether the kernel took the request (PR_SET_PDEATHSIG); a daemon thread checks os.getppid() either way.
    Exits at once if the parent is already gone (it died between the fork and this call)."""
    try:
        asked = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # no prctl: not Linux
        asked = False
    if os.getppid() != parent:
        os._exit(1)

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    return asked


def _start(parent: int, spec: str | None, threads: int) -> None:
    global _DEMO
    die_with_parent(parent)  # first: before anything that can take time
    from .demo import Demo
    from .limits import trim_memory_every

    trim_memory_every(10)  # as in the app: give back what the answers freed (nin.limits)

    torch.set_num_threads(threads)
    _DEMO = Demo.load(spec)


def _answer(method: str, args: tuple):
    """In a worker: the Demo's answer with its pictures already encoded (what the page is sent)."""
    return getattr(_DEMO, method)(*args).encoded()


def worker_processes(requests_at_once: int, device: str) -> int:
    """How many: NIN_WORKER_PROCESSES, else one per request run at once on a CPU, none on a GPU (a ZeroGPU
    Space counts as one: its GPU is attached to the app's own process)."""
    value = os.environ.get("NIN_WORKER_PROCESSES")
    if value is None:
        return requests_at_once if device == "cpu" else 0
    if not value.isdigit():
        raise ValueError(f"NIN_WORKER_PROCESSES must be a whole number, not {value!r}")
    return int(value)


class Workers:
    """A pool of worker processes, each with its own Demo of the weights ``spec``."""

    def __init__(self, processes: int, spec: str | None = None, threads: int = 1):
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start,
                                        initargs=(os.getpid(), spec, threads))
        # With fork, the first task forks every worker at once, there and then: now, while this process has one
        # thread. (Not waited for: the workers load the weights while the app builds its page.) gc.freeze()
        # first, as Python's gc documentation advises before a fork: a collection would otherwise write to
        # every object the app and its workers still share, copying their pages (docs/reliability.md).
        gc.freeze()
        self.pool.submit(int)

    @classmethod
    def start(cls, processes: int, spec: str | None = None, threads: int = 1) -> "Workers | None":
        """The pool, or None (answers computed in this process) where forking is not safe or not wanted."""
        if processes < 1:
            return None
        # Linux only: macOS offers fork, but its system libraries are not safe to use in a forked child.
        if not sys.platform.startswith("linux") or threading.active_count() > 1:
            log.info("model in the app's process: forking is not available or not safe here")
            return None
        return cls(processes, spec, threads)

    def answer(self, method: str, *args):
        """``Demo.<method>(*args)`` computed in a worker, its pictures encoded there."""
        return self.pool.submit(_answer, method, args).result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """End the worker processes now (SIGKILL: they keep nothing), ahead of the app's slower shutdown."""
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            process.kill()


def answer_with(workers: Workers | None, demo, method: str, *args):
    """The answer from a worker when there are workers, else from ``demo`` here. A worker that died
    (killed for memory, say) breaks the pool: from then on, answers are computed here."""
    if workers is not None and workers.pool is not None:
        try:
            return workers.answer(method, *args)
        except BrokenProcessPool:
            log.error("a worker process died: the model now runs in the app's process")
            workers.pool = None
    return getattr(demo, method)(*args)
