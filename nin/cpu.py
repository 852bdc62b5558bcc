"""This machine's CPU, read from /proc/cpuinfo (no torch here, so that the load client can name it too)."""

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def _cpuinfo() -> tuple[str, frozenset]:
    """(model name, flags) of the first CPU in /proc/cpuinfo; ("unknown CPU", {}) where it cannot be read."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []

    def field(name: str) -> str:
        return next((line.split(":", 1)[1] for line in lines if line.startswith(name)), "")

    return field("model name").strip() or "unknown CPU", frozenset(field("flags").split())


def cpu_has_fast_bf16() -> bool:
    return bool({"amx_bf16", "avx512_bf16"} & _cpuinfo()[1])


def cpu_description() -> str:
    """The CPU as every benchmark names it: model, cores and its widest vector unit, e.g.
    "AMD EPYC · 2 cores · AVX2 (no AVX-512)" or "AMD EPYC · 2 cores · AVX-512 BF16"."""
    model, flags = _cpuinfo()
    if "amx_bf16" in flags:
        vector = "AMX + AVX-512 BF16"
    elif "avx512_bf16" in flags:
        vector = "AVX-512 BF16"
    elif "avx512f" in flags:
        vector = "AVX-512 (no bf16)"
    elif "avx2" in flags:
        vector = "AVX2 (no AVX-512)"
    else:
        vector = "no AVX2"
    return f"{model} · {os.cpu_count()} cores · {vector}"
