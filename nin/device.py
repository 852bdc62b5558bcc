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


def flush_denormal_for(device: torch.device, precision: str) -> bool:
    """Whether NiN runs with denormal floats flushed to zero: fp32 on a CPU, where tiny weights
    otherwise slow the forward. torch.set_flush_denormal is process-wide: the Predictor turns it on."""
    return device.type == "cpu" and precision == "fp32"


def autocast(device: torch.device, precision: str):
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return nullcontext()
