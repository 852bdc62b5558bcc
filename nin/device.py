"""Where and in which precision NiN runs: CUDA when present; on a CPU, bf16 + channels_last
where the CPU has native bf16 (AMX or AVX-512 BF16), else fp32. Training uses bf16 autocast
over fp32 weights; inference a bf16 copy of the weights (nin.inference.Predictor)."""

import os
from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path

import torch


def pick_device(name: str | None = None) -> torch.device:
    if name:
        return torch.device(name)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


@lru_cache(maxsize=None)
def cpu_has_fast_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


@lru_cache(maxsize=None)
def cpu_description() -> str:
    """The CPU as every benchmark names it: model, cores and its widest vector unit, e.g.
    "AMD EPYC · 2 cores · AVX2 (no AVX-512)" or "AMD EPYC · 2 cores · AVX-512 BF16"."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        info = ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                 "unknown CPU")
    flags = set(next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), []))
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


def pick_precision(device: torch.device, requested: str | None = None) -> str:
    """"bf16" or "fp32"; NIN_PRECISION overrides the choice."""
    requested = requested or os.environ.get("NIN_PRECISION")
    if requested:
        if requested not in ("bf16", "fp32"):
            raise ValueError(f"precision must be bf16 or fp32, not {requested!r}")
        return requested
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if cpu_has_fast_bf16() else "fp32"


def autocast(device: torch.device, precision: str):
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return nullcontext()
