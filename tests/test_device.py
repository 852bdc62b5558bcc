"""nin.device.share_cores: torch's threads follow the CPUs the process may use (taskset, a container's
cgroup quota), and threads set from outside (OMP_NUM_THREADS) are left as they are."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nin.device import cgroup_cpu_quota, usable_cpus

ROOT = Path(__file__).resolve().parent.parent
CPUS = sorted(os.sched_getaffinity(0))
SHARE = "import nin.device as d, torch; print(d.share_cores({requests}), torch.get_num_threads())"


def threads_under(cpus: list[int], requests: int = 1, **env) -> tuple[int, int]:
    """(share_cores' answer, torch's threads) in a process started by `taskset -c cpus`."""
    command = ["taskset", "-c", ",".join(map(str, cpus)), sys.executable, "-c", SHARE.format(requests=requests)]
    environ = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")} | env
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120, check=True)
    shared, torch_threads = map(int, done.stdout.split())
    return shared, torch_threads


@pytest.fixture(scope="module", autouse=True)
def needs_taskset():
    assert shutil.which("taskset"), "taskset (util-linux) is part of the test set-up"


def test_threads_follow_the_cpus_given_by_taskset():
    assert threads_under(CPUS[:1]) == (1, 1)
    assert threads_under(CPUS) == (len(CPUS), len(CPUS))
    # Two requests at once share them.
    assert threads_under(CPUS, requests=2) == (max(1, len(CPUS) // 2),) * 2


def test_threads_set_from_outside_are_kept():
    assert threads_under(CPUS, OMP_NUM_THREADS="1") == (1, 1)
    if len(CPUS) >= 2:  # more than the process may use, because someone asked for it
        assert threads_under(CPUS[:1], OMP_NUM_THREADS="2") == (2, 2)


def test_the_cgroup_quota_caps_the_cpus(tmp_path):
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")  # docker run --cpus 1.5
    assert cgroup_cpu_quota(str(v2)) == 1.5
    assert usable_cpus(str(v2)) == min(len(CPUS), 2)
    (v2 / "cpu.max").write_text("50000 100000\n")
    assert usable_cpus(str(v2)) == 1
    (v2 / "cpu.max").write_text("max 100000\n")
    assert cgroup_cpu_quota(str(v2)) is None and usable_cpus(str(v2)) == len(CPUS)
    v1 = tmp_path / "v1" / "cpu"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text("100000\n")
    (v1 / "cpu.cfs_period_us").write_text("100000\n")
    assert cgroup_cpu_quota(str(v1.parent)) == 1.0 and usable_cpus(str(v1.parent)) == 1
    (v1 / "cpu.cfs_quota_us").write_text("-1\n")
    assert cgroup_cpu_quota(str(v1.parent)) is None
    assert cgroup_cpu_quota(str(tmp_path / "none")) is None
