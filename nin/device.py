"""Where and in which precision NiN runs: CUDA when present; on a CPU, bf16 + channels_last
where the CPU has native bf16 (AMX or AVX-512 BF16), else int8 (nin.int8) or fp32. Training uses bf16 autocast
over fp32 weights; inference a bf16 copy of the weights (nin.inference.Predictor)."""

import math
import os
from contextlib import nullcontext
from pathlib import Path

import torch

from .cpu import cpu_description, cpu_has_fast_bf16  # noqa: F401  (cpu_description: for the benchmarks)


def pick_device(name: str | None = None) -> torch.device:
    if name:
        return torch.device(name)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pick_precision(device: torch.device, requested: str | None = None) -> str:
    """"bf16", "fp32" or "int8"; NIN_PRECISION overrides the choice. On a CPU: bf16 where it is native,
    else int8 (nin.int8: blocks 1-3, fp32 wherever int8 could change the answer) where PyTorch has
    oneDNN's quantized kernels, else fp32."""
    requested = requested or os.environ.get("NIN_PRECISION")
    if requested:
        if requested not in ("bf16", "fp32", "int8"):
            raise ValueError(f"precision must be bf16, fp32 or int8, not {requested!r}")
        if requested == "int8" and device.type != "cpu":
            raise ValueError("int8 runs on a CPU only")
        return requested
    if device.type == "cuda":
        if os.environ.get("SPACES_ZERO_GPU", "").strip().lower() in ("1", "true"):
            # ZeroGPU's GPUs (A100, H200) all have bf16, and asking would start CUDA in the app's process,
            # which ZeroGPU forbids (the GPU exists only inside a spaces.GPU call).
            return "bf16"
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    if cpu_has_fast_bf16():
        return "bf16"
    return "int8" if "onednn" in torch.backends.quantized.supported_engines else "fp32"


def flush_denormal_for(device: torch.device, precision: str) -> bool:
    """Whether NiN runs with denormal floats flushed to zero: fp32 (or int8's fp32 layers) on a CPU,
    where tiny weights otherwise slow the forward. torch.set_flush_denormal is process-wide: the
    Predictor turns it on."""
    return device.type == "cpu" and precision in ("fp32", "int8")


def autocast(device: torch.device, precision: str):
    if precision == "bf16":
        return torch.autocast(device.type, dtype=torch.bfloat16)
    return nullcontext()


def requests_at_once() -> int:
    """How many requests the app runs at the same time (NIN_REQUESTS_AT_ONCE, default 2): two let one
    request's Python work (pictures, Gradio) overlap another's convolutions, which a single request
    running on every core cannot (`python -m benchmarks.load`: docs/performance.md)."""
    value = os.environ.get("NIN_REQUESTS_AT_ONCE", "2")
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"NIN_REQUESTS_AT_ONCE must be a whole number of at least 1, not {value!r}")
    return int(value)


def usable_cpus(cgroup_root: str = "/sys/fs/cgroup") -> int:
    """The CPUs this process may use: those it may run on (taskset, a container's cpuset), capped by its
    cgroup's CPU quota (docker --cpus, a Space's vCPUs), not the host's cores that os.cpu_count() gives."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = cgroup_cpu_quota(cgroup_root)
    return max(1, min(cpus, math.ceil(quota)) if quota else cpus)


def cgroup_cpu_quota(root: str = "/sys/fs/cgroup") -> float | None:
    """CPUs' worth of time the cgroup may use (cgroup v2 cpu.max, else v1 cpu.cfs_quota_us), None if unlimited."""
    try:
        quota, period = (Path(root) / "cpu.max").read_text().split()[:2]  # "max 100000" or "150000 100000"
    except (OSError, ValueError):
        try:
            quota = (Path(root) / "cpu" / "cpu.cfs_quota_us").read_text().strip()  # -1: unlimited
            period = (Path(root) / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        quota, period = int(quota), int(period)
    except ValueError:  # "max"
        return None
    return quota / period if quota > 0 and period > 0 else None


THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS")


def share_cores(requests: int) -> int:
    """Give each of ``requests`` requests running at once its share of the usable CPUs as torch threads; where
    OMP_NUM_THREADS (or MKL_NUM_THREADS) is set, torch already follows it: left as it is."""
    if any(os.environ.get(name) for name in THREAD_VARIABLES):
        return torch.get_num_threads()
    threads = max(1, usable_cpus() // requests)
    torch.set_num_threads(threads)
    return threads
