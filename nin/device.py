"""Where and in which precision NiN runs: CUDA when present; on a CPU, bf16 + channels_last
where the CPU has native bf16 (AMX or AVX-512 BF16), else fp32. Training uses bf16 autocast
over fp32 weights; inference a bf16 copy of the weights (nin.inference.Predictor)."""

import os
from contextlib import nullcontext

import torch

from .cpu import cpu_description, cpu_has_fast_bf16  # noqa: F401  (cpu_description: for the benchmarks)


def pick_device(name: str | None = None) -> torch.device:
    if name:
        return torch.device(name)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


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
