"""On a Hugging Face ZeroGPU Space, ``gpu`` runs a function on a GPU attached for the call; elsewhere it
leaves the function as it is.

A ZeroGPU Space says so in ``SPACES_ZERO_GPU`` (the `spaces` package may be installed anywhere), and its
`spaces` package must be imported before torch: import this module first. ``spaces.GPU`` runs the function
in another process, forked from the app's, and pickles its arguments and its return value, so both must be
plain data (numbers, strings, lists, dicts, dataclasses of them), never a Gradio component.
"""

import functools
import os

ZEROGPU = os.environ.get("SPACES_ZERO_GPU", "").strip().lower() in ("1", "true")

if ZEROGPU:
    try:
        import spaces
    except ImportError as error:
        raise ImportError("SPACES_ZERO_GPU is set but the `spaces` package is not installed "
                          "(ZeroGPU Spaces have it; elsewhere unset SPACES_ZERO_GPU)") from error

    def gpu(fn):
        @spaces.GPU
        @functools.wraps(fn)
        def in_gpu_process(*args, **kwargs):
            import torch

            # A forked process has none of the app's OpenMP threads, and a parallel region on the CPU would
            # wait for them forever: one CPU thread (the network itself runs on the GPU).
            torch.set_num_threads(1)
            return fn(*args, **kwargs)

        return in_gpu_process
else:
    def gpu(fn):
        return fn
