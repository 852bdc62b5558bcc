"""A stand-in for Hugging Face's `spaces` package as it behaves on a ZeroGPU Space, for tests.

``GPU(fn)`` runs every call of ``fn`` in another process (forked, as ZeroGPU forks its GPU worker from
the app's process): the arguments are pickled in and the return value pickled back, so a call that
takes or returns something that does not pickle fails here as it would on the Space. Each call is
counted in ``calls`` (and appended to the file named by SPACES_STANDIN_LOG, when set).
Imported after torch, it refuses to load: ZeroGPU's documentation asks for `spaces` first.
"""

import functools
import multiprocessing
import os
import pickle
import sys

if "torch" in sys.modules:
    raise RuntimeError("`spaces` must be imported before torch on a ZeroGPU Space")

calls: list[str] = []


def GPU(fn=None, *, duration: int = 60):  # noqa: N802 - the real package's name
    if fn is None:
        return functools.partial(GPU, duration=duration)

    @functools.wraps(fn)
    def on_gpu(*args, **kwargs):
        payload = pickle.dumps((args, kwargs))  # what ZeroGPU sends to its GPU process
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)

        def run():
            try:
                args, kwargs = pickle.loads(payload)
                result = ("value", fn(*args, **kwargs))
                send.send_bytes(pickle.dumps(result))
            except BaseException as error:  # noqa: BLE001 - sent back, as ZeroGPU does
                send.send_bytes(pickle.dumps(("error", f"{type(error).__name__}: {error}")))

        process = multiprocessing.get_context("fork").Process(target=run)
        process.start()
        kind, value = pickle.loads(receive.recv_bytes())
        process.join()
        calls.append(fn.__name__)
        if os.environ.get("SPACES_STANDIN_LOG"):
            with open(os.environ["SPACES_STANDIN_LOG"], "a") as log:
                log.write(fn.__name__ + "\n")
        if kind == "error":
            raise RuntimeError(f"the GPU process failed: {value}")
        return value

    return on_gpu
