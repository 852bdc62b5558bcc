"""On a Hugging Face ZeroGPU Space, ``gpu`` runs a function on a GPU attached for the call; elsewhere it
leaves the function as it is.

A ZeroGPU Space says so in ``SPACES_ZERO_GPU`` (the `spaces` package may be installed anywhere), and its
`spaces` package must be imported before torch: import this module first. ``spaces.GPU`` runs the function
in another process and pickles its arguments and its return value, so both must be plain data (numbers,
strings, lists, dicts, dataclasses of them), never a Gradio component.
"""

import os

ZEROGPU = os.environ.get("SPACES_ZERO_GPU", "").strip().lower() in ("1", "true")

if ZEROGPU:
    try:
        import spaces
    except ImportError as error:
        raise ImportError("SPACES_ZERO_GPU is set but the `spaces` package is not installed "
                          "(ZeroGPU Spaces have it; elsewhere unset SPACES_ZERO_GPU)") from error
    gpu = spaces.GPU
else:
    def gpu(fn):
        return fn
