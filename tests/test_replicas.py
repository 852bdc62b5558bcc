"""Two replicas behind nginx (deploy/nginx.conf), in miniature: benchmarks/replicas.py as a user
runs it, 6 gradio_client clients x 4 requests against one replica directly and through nginx.

Asserted: no request fails (each replica keeps its files in its own folder, so a request sent to
the wrong one would fail), every Gradio session and every affinity key was served by one replica
(nginx's access log), both replicas served sessions, both sets of figures are printed, and nothing
it started is left running. No timing is asserted. nginx comes from tests/install-nginx.sh; without
it these tests fail, they do not skip.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import load, replicas

ROOT = Path(__file__).resolve().parent.parent
CLIENTS, REQUESTS = 6, 4


def test_nginx_is_installed():
    assert replicas.find_nginx()  # raises NginxMissing, which says how to install it


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("replicas")
    command = [sys.executable, "-m", "benchmarks.replicas", "--clients", str(CLIENTS), "--requests", str(REQUESTS),
               "--timeout", "60", "--max-seconds", "120", "--quiet", "--json", str(out / "result.json"),
               "--keep-logs", str(out / "logs")]
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    result = json.loads((out / "result.json").read_text()) if (out / "result.json").exists() else None
    return process, result


def _explain(process):
    return f"exit {process.returncode}\nstdout:\n{process.stdout[-3000:]}\nstderr:\n{process.stderr[-3000:]}"


@pytest.mark.slow
def test_no_request_fails(run):
    process, result = run
    assert process.returncode == 0, _explain(process)
    assert [r["setup"] for r in result["runs"]] == ["1 replica, direct", "2 replicas behind nginx"]
    for r in result["runs"]:
        assert r["failures"] == 0, r["failure_examples"]
        assert r["sent"] == r["ok"] == CLIENTS * REQUESTS
        assert not r["warmup_errors"]
        assert r["alive_after"], r["alive_after_answer"]


@pytest.mark.slow
def test_every_session_stays_on_one_replica(run):
    process, result = run
    assert result is not None, _explain(process)
    check = result["sticky_check"]
    # The load's clients, its warm-up client, the check afterwards and the probe: one session each.
    assert result["probe"]["answered"] == result["probe"]["sessions"] > 0, result["probe"]
    assert check["sessions"] >= CLIENTS + 2 + result["probe"]["sessions"], check
    assert check["split_sessions_count"] == 0, check["split_sessions"]
    assert check["split_keys_count"] == 0, check["split_keys"]
    # Only a client's first request (/config) comes without the affinity cookie.
    assert set(check["requests_without_cookie"]) <= {"/", "/config"}, check["requests_without_cookie"]


@pytest.mark.slow
def test_both_replicas_serve_sessions(run):
    process, result = run
    assert result is not None, _explain(process)
    check = result["sticky_check"]
    assert len(check["sessions_per_upstream"]) == 2
    assert all(n > 0 for n in check["sessions_per_upstream"].values()), check["sessions_per_upstream"]
    assert not check["unused_upstreams"]
    assert check["ok"]


@pytest.mark.slow
def test_figures_for_one_and_two_replicas_are_printed(run):
    process, _ = run
    assert process.returncode == 0, _explain(process)
    figures = r"\| \d+ \| 0 \| [\d.]+ req/s \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \|"
    assert re.search(r"^\| 1 replica, direct \| 1 " + figures, process.stdout, re.M), process.stdout
    assert re.search(r"^\| 2 replicas behind nginx \| 1 " + figures, process.stdout, re.M), process.stdout
    assert "Every session stayed on one replica, and every replica served sessions." in process.stdout


@pytest.mark.slow
def test_everything_it_started_is_stopped(run):
    process, result = run
    assert result is not None, _explain(process)
    for started in [*result["apps"], result["nginx"]]:
        assert not load.page_answers(started["url"], timeout=2.0), started
        with pytest.raises(ProcessLookupError):
            os.kill(started["pid"], 0)


def test_the_sticky_check_catches_a_split_session():
    """The check itself, on a made-up log: a session whose stream and join went to two replicas."""
    a, b = "127.0.0.1:1", "127.0.0.1:2"
    entries = [
        {"uri": "/config", "cookie": "", "remote_addr": "127.0.0.1", "upstream": a},
        {"uri": "/gradio_api/queue/data?session_hash=s1", "cookie": "k1", "upstream": a},
        {"uri": "/gradio_api/heartbeat/s1", "cookie": "k1", "upstream": b},
        {"uri": "/gradio_api/queue/data?session_hash=s2", "cookie": "k2", "upstream": b},
    ]
    check = replicas.sticky_check(entries, [a, b])
    assert not check["ok"]
    assert check["split_sessions"] == {"s1": [a, b]}
    assert check["split_keys"] == {"cookie k1": [a, b]}
    good = replicas.sticky_check([e for e in entries if "heartbeat" not in e["uri"]], [a, b])
    assert good["ok"] and good["sessions_per_upstream"] == {a: 1, b: 1}


def test_the_local_config_is_deploy_nginx_conf():
    """The benchmark runs deploy/nginx.conf with only servers, port and paths replaced."""
    text = replicas.local_nginx_conf(["127.0.0.1:7001", "127.0.0.1:7002"], 7000, Path("/tmp/w"))
    assert "hash $nin_sticky_key consistent;" in text
    assert "server 127.0.0.1:7001" in text and "server 127.0.0.1:7002" in text and "app:7860" not in text
    assert "listen 127.0.0.1:7000;" in text
    for needed in ("proxy_http_version 1.1;", "proxy_buffering off;", "proxy_set_header Upgrade $http_upgrade;",
                   "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout",
                   "client_max_body_size 16m;", "X-Forwarded-For", "X-Forwarded-Proto", "proxy_set_header Host"):
        assert needed in text, needed
