"""One replica against two behind nginx, on 127.0.0.1: the load test (benchmarks/load.py) run
both ways in one run, side by side, and a check that every Gradio session stayed on one replica.

    python -m benchmarks.replicas [--clients 8] [--requests 5] [--replicas 2] [--rounds 1]
        [--threads-per-replica N] [--timeout 60] [--max-seconds 300] [--probe 16] [--no-download]
        [--no-sticky] [--drawings-only] [--report-only] [--json out.json] [--keep-logs DIR]

It starts ``python app.py`` --replicas times on free loopback ports (benchmarks.load.started_app,
each with its own GRADIO_TEMP_DIR, as separate containers would have) and Debian's nginx
(/usr/sbin/nginx; ``bash tests/install-nginx.sh``) in front of them, with deploy/nginx.conf itself:
the same sticky upstream, headers and log format, only the upstream servers, the listening port
and the file paths replaced (config, pid, logs and temporary files in a temporary folder). Then,
per round, the same load (benchmarks.load.run_load: N gradio_client clients x M requests) against
the first replica directly and through nginx, and a markdown table of both. Everything it started
is stopped at the end, also on failure or Ctrl-C.

Stickiness, from nginx's access log (one JSON line per request: the affinity key, the client's
address, the request, the replica that answered): every session_hash (in the queue's and the
heartbeat's URLs) and every affinity key (the nin_affinity cookie, or the client's address without
one) must have been served by exactly one replica, and every replica must have served sessions
(16 more sessions, --probe, are opened after the load so that this does not hang on a coin toss).
A misrouted request also fails by itself: each replica keeps its uploads in its own folder, so an
upload sent to one and used on another is an error. --no-sticky drops the hash line (round robin),
to see both checks catch it.

Exits 1 when a request failed, a session or key was served by two replicas, or a replica got
nothing (--report-only: 0 all the same); 2 when nginx is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks import load

ROOT = Path(__file__).resolve().parent.parent

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX_CANDIDATES = ("/usr/sbin/nginx",)
INSTALL_HINT = "install it with: bash tests/install-nginx.sh"
SESSION_IN_URI = (re.compile(r"[?&]session_hash=([A-Za-z0-9_-]+)"), re.compile(r"/heartbeat/([A-Za-z0-9_-]+)"))


class NginxMissing(RuntimeError):
    pass


# --------------------------------------------------------------------------- nginx


def find_nginx() -> str:
    """The nginx binary (PATH, then /usr/sbin/nginx), or NginxMissing saying how to install it."""
    found = shutil.which("nginx") or next((p for p in NGINX_CANDIDATES if os.access(p, os.X_OK)), None)
    if not found:
        raise NginxMissing(f"nginx not found (PATH, {', '.join(NGINX_CANDIDATES)}): {INSTALL_HINT}")
    return found


def _replace_once(text: str, pattern: str, replacement: str) -> str:
    """re.sub that insists on exactly one match: deploy/nginx.conf changed shape -> a clear error."""
    new, count = re.subn(pattern, lambda _: replacement, text, flags=re.M)
    if count != 1:
        raise ValueError(f"deploy/nginx.conf: expected one line matching {pattern!r}, found {count}")
    return new


def local_nginx_conf(upstreams: list[str], port: int, workdir: Path, sticky: bool = True,
                     template: str | None = None) -> str:
    """deploy/nginx.conf for this machine: the upstream servers (host:port), the listening port
    (127.0.0.1 only) and every path (pid, logs, temporary files) inside ``workdir``."""
    text = NGINX_CONF.read_text() if template is None else template
    text = _replace_once(text, r"^user\s+[^;]*;\s*$", "")  # the official image's user; here nginx's own default
    text = _replace_once(text, r"^pid\s+[^;]*;", f"pid {workdir / 'nginx.pid'};")
    text = _replace_once(text, r"^error_log\s+[^;]*;", f"error_log {workdir / 'error.log'} notice;")
    text = _replace_once(text, r"^(\s*)access_log\s+\S+\s+sticky;",
                         f"    access_log {workdir / 'access.log'} sticky;\n"
                         + "".join(f"    {kind}_temp_path {workdir / 'temp' / kind};\n"
                                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")))
    servers = "".join(f"        server {u} max_fails=3 fail_timeout=10s;\n" for u in upstreams)
    text = _replace_once(text, r"^\s*server\s+app:\d+[^;]*;\s*\n", servers)
    text = _replace_once(text, r"^(\s*)listen\s+80;", f"        listen 127.0.0.1:{port};")
    if not sticky:
        text = _replace_once(text, r"^\s*hash\s+\$nin_sticky_key\s+consistent;", "        # no hash: round robin")
    return text


def _stop(process: subprocess.Popen, signum=signal.SIGTERM, timeout: float = 15.0) -> None:
    """Stop a process that this script started in its own session: ``signum``, and if it has not
    exited within ``timeout``, SIGKILL to its process group (nginx's workers are in it)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signum)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def started_nginx(upstreams: list[str], workdir: Path, sticky: bool = True, timeout: float = 30.0):
    """nginx in the foreground (``-g 'daemon off;'``) with local_nginx_conf in ``workdir``, on a free
    127.0.0.1 port; yields (process, url, access_log). Stopped (SIGTERM, then SIGKILL) on exit."""
    nginx = find_nginx()
    workdir.mkdir(parents=True, exist_ok=True)
    # Run as root, nginx's workers run as an unprivileged user, which must reach the temp folders
    # nginx creates (and chowns) in here for request bodies (uploads over 16 KB): mkdtemp's 0700
    # would lock them out, of this folder or of one above it.
    workdir.chmod(0o755)
    (workdir / "temp").mkdir(mode=0o755, exist_ok=True)
    port = load.free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(local_nginx_conf(upstreams, port, workdir, sticky=sticky))
    base = [nginx, "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log")]
    test = subprocess.run(base + ["-t", "-q"], capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise RuntimeError(f"nginx -t refused {conf}:\n{test.stderr}")
    url = f"http://127.0.0.1:{port}"
    with open(workdir / "nginx.out", "w") as out:
        process = subprocess.Popen(base + ["-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        launched = time.monotonic()
        while not load.page_answers(url, timeout=2.0):
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited with status {process.returncode}:\n"
                                   + (workdir / "error.log").read_text(errors="replace")[-3000:])
            if time.monotonic() - launched > timeout:
                raise TimeoutError(f"nginx did not answer at {url} within {timeout:.0f} s")
            time.sleep(0.05)
        yield process, url, workdir / "access.log"
    finally:
        _stop(process)


@contextlib.contextmanager
def _environ(**values):
    """os.environ with ``values`` set (None: left as it is), restored on exit; started_app copies
    os.environ into the app's environment when it launches it."""
    values = {k: str(v) for k, v in values.items() if v is not None}
    saved = {k: os.environ.get(k) for k in values}
    try:
        os.environ.update(values)
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# --------------------------------------------------------------------------- stickiness


def read_access_log(path: Path) -> list[dict]:
    entries = []
    for line in Path(path).read_text(errors="replace").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            entries.append(json.loads(line))
    return entries


def session_of(uri: str) -> str | None:
    for pattern in SESSION_IN_URI:
        match = pattern.search(uri)
        if match:
            return match.group(1)
    return None


def sticky_check(entries: list[dict], upstreams: list[str]) -> dict:
    """From nginx's access log: which replicas served each session_hash and each affinity key.

    ok is True when every session and every key was served by exactly one replica (a request that
    nginx passed on to a second replica after a failure counts as both), and every replica served
    at least one session."""
    session_upstreams: dict[str, set] = defaultdict(set)
    key_upstreams: dict[str, set] = defaultdict(set)
    session_keys: dict[str, set] = defaultdict(set)
    requests_per_upstream: Counter = Counter()
    without_cookie: Counter = Counter()
    not_proxied = 0
    for e in entries:
        answered_by = [u.strip() for u in (e.get("upstream") or "").split(",") if u.strip() not in ("", "-")]
        if not answered_by:
            not_proxied += 1
            continue
        for u in answered_by:
            requests_per_upstream[u] += 1
        key = e.get("cookie") and f"cookie {e['cookie']}" or f"address {e.get('remote_addr')}"
        if not e.get("cookie"):
            without_cookie[urllib.parse.urlsplit(e.get("uri", "")).path] += 1
        key_upstreams[key].update(answered_by)
        session = session_of(e.get("uri", ""))
        if session:
            session_upstreams[session].update(answered_by)
            session_keys[session].add(key)
    split_sessions = {s: sorted(u) for s, u in session_upstreams.items() if len(u) != 1}
    split_keys = {k: sorted(u) for k, u in key_upstreams.items() if len(u) != 1}
    sessions_per_upstream = Counter(next(iter(u)) for u in session_upstreams.values() if len(u) == 1)
    unused = [u for u in upstreams if sessions_per_upstream[u] == 0]
    return {
        "ok": bool(session_upstreams) and not split_sessions and not split_keys and not unused,
        "requests": len(entries),
        "not_proxied": not_proxied,
        "sessions": len(session_upstreams),
        "keys": len(key_upstreams),
        "split_sessions": dict(list(split_sessions.items())[:10]),
        "split_sessions_count": len(split_sessions),
        "split_keys": dict(list(split_keys.items())[:10]),
        "split_keys_count": len(split_keys),
        "sessions_with_several_keys": sum(len(k) > 1 for k in session_keys.values()),
        "sessions_per_upstream": {u: sessions_per_upstream[u] for u in upstreams},
        "requests_per_upstream": {u: requests_per_upstream[u] for u in upstreams},
        "unused_upstreams": unused,
        "requests_without_cookie": dict(without_cookie),
    }


# --------------------------------------------------------------------------- the runs


def _warm(url: str, timeout: float) -> None:
    """A few requests straight to one replica (not measured), so that no replica meets the
    measured load cold: through nginx, the load's own warm-up reaches only one of them."""
    load.run_load(url, clients=1, requests=3, timeout=timeout, max_seconds=max(60.0, 3 * timeout),
                  download=False, warmup=0, progress=False)


def probe_sessions(url: str, sessions: int, timeout: float = 60.0) -> int:
    """``sessions`` more sessions (a new client, one drawing each, four at a time): how many answered.
    Each session's replica is drawn by the hash of a random cookie, so with the load's few sessions
    alone (8 in the test) all would land on one of two replicas about once in 100 runs; with 16 more,
    about once in ten million."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="probe") as pool:
        answers = list(pool.map(lambda _: load.server_answers(url, timeout=timeout), range(sessions)))
    return sum(ok for ok, _ in answers)


def measure(clients: int = 8, requests: int = 5, *, replicas: int = 2, rounds: int = 1,
            threads_per_replica: int | None = None, timeout: float = 60.0, max_seconds: float = 300.0,
            download: bool = True, sticky: bool = True, warmup: int = 3, probe: int = 16,
            progress: bool = False, keep_logs: Path | None = None, drawings_only: bool = False) -> dict:
    """Starts ``replicas`` apps and nginx, runs the load against the first replica directly and
    through nginx (``rounds`` times, by turns), opens ``probe`` more sessions through nginx, stops
    everything; returns the results and the sticky check. ``drawings_only``: as load.py's option."""
    if replicas < 2:
        raise ValueError("--replicas must be at least 2")
    find_nginx()  # before starting anything
    work = Path(tempfile.mkdtemp(prefix="nin-replicas-"))
    work.chmod(0o711)  # nginx's workers (another user when run as root) must pass through to nginx/temp
    runs: list[dict] = []
    result = {"clients": clients, "requests_per_client": requests, "replicas": replicas, "rounds": rounds,
              "threads_per_replica": threads_per_replica, "sticky": sticky, "runs": runs}
    failed = True
    try:
        with contextlib.ExitStack() as stack:
            apps = []
            for i in range(replicas):
                with _environ(GRADIO_TEMP_DIR=work / f"gradio-{i}", OMP_NUM_THREADS=threads_per_replica):
                    process, url, seconds = stack.enter_context(
                        load.started_app(log_path=work / f"app-{i}.log"))
                apps.append({"pid": process.pid, "url": url, "start_s": seconds,
                             "upstream": urllib.parse.urlsplit(url).netloc})
                if progress:
                    print(f"replica {i + 1}: {url} (pid {process.pid}), answered after {seconds:.1f} s",
                          file=sys.stderr)
            result["apps"] = apps
            upstreams = [a["upstream"] for a in apps]
            with started_nginx(upstreams, work / "nginx", sticky=sticky) as (nginx, nginx_url, access_log):
                result["nginx"] = {"pid": nginx.pid, "url": nginx_url}
                if progress:
                    print(f"nginx: {nginx_url} (pid {nginx.pid}) -> {', '.join(upstreams)}", file=sys.stderr)
                for app in apps:
                    _warm(app["url"], timeout)
                targets = [("1 replica, direct", apps[0]["url"]),
                           (f"{replicas} replicas behind nginx", nginx_url)]
                for r in range(rounds):
                    for setup, url in targets:
                        if progress:
                            print(f"round {r + 1}: {setup} ({url})", file=sys.stderr)
                        run = load.run_load(url, clients, requests, timeout=timeout, max_seconds=max_seconds,
                                            download=download, pid=apps[0]["pid"], warmup=warmup,
                                            progress=progress, drawings_only=drawings_only)
                        alive, said = load.server_answers(url, timeout=timeout)
                        run.update(setup=setup, round=r + 1, target=url, alive_after=alive, alive_after_answer=said)
                        runs.append(run)
                if probe:
                    result["probe"] = {"sessions": probe, "answered": probe_sessions(nginx_url, probe, timeout)}
                for app in apps:
                    app["rss_mb"] = load.rss_mb(app["pid"])
                    app["peak_rss_mb"] = load.peak_rss_mb(app["pid"])
            # nginx has stopped: every request it handled is in the log.
            result["sticky_check"] = sticky_check(read_access_log(access_log), upstreams)
        failed = False
        return result
    finally:
        if keep_logs or failed:
            keep = Path(keep_logs) if keep_logs else Path(tempfile.gettempdir()) / f"{work.name}-logs"
            keep.mkdir(parents=True, exist_ok=True)
            for path in [*work.glob("app-*.log"), *(work / "nginx").glob("*.log"), work / "nginx" / "nginx.conf"]:
                if path.exists():
                    shutil.copy2(path, keep / (path.name if path.parent == work else f"nginx-{path.name}"))
            result["logs"] = str(keep)
            if failed:
                print(f"logs kept in {keep}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- the report


def _fmt(value, digits=3, unit=""):
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def problems(result: dict) -> list[str]:
    found = []
    for run in result["runs"]:
        if run["failures"]:
            found.append(f"{run['setup']} (round {run['round']}): {run['failures']} failures")
        if run["warmup_errors"]:
            found.append(f"{run['setup']} (round {run['round']}): warm-up errors {run['warmup_errors'][:2]}")
        if not run["alive_after"]:
            found.append(f"{run['setup']}: no answer after the load ({run['alive_after_answer']})")
    if "probe" in result and result["probe"]["answered"] < result["probe"]["sessions"]:
        found.append(f"probe sessions: {result['probe']['answered']} of {result['probe']['sessions']} answered")
    check = result["sticky_check"]
    if check["split_sessions_count"]:
        found.append(f"{check['split_sessions_count']} sessions served by more than one replica")
    if check["split_keys_count"]:
        found.append(f"{check['split_keys_count']} affinity keys served by more than one replica")
    if check["unused_upstreams"]:
        found.append(f"replicas that served no session: {', '.join(check['unused_upstreams'])}")
    if not check["sessions"]:
        found.append("no session in nginx's access log")
    return found


def report(result: dict) -> str:
    n, m = result["clients"], result["requests_per_client"]
    threads = result["threads_per_replica"]
    lines = [f"Load test ({n} clients × {m} requests, benchmarks/load.py), 1 replica against "
             f"{result['replicas']} behind nginx ({'sticky' if result['sticky'] else 'NOT sticky: round robin'}), "
             f"torch threads per replica: {threads or 'default'}", "",
             "| setup | round | requests | failures | throughput | p50 | p95 | max |",
             "|---|---|---|---|---|---|---|---|"]
    for run in result["runs"]:
        lat = run["latency_s"]
        lines.append(f"| {run['setup']} | {run['round']} | {run['sent']} | {run['failures']} | "
                     f"{_fmt(run['throughput_rps'], 2, ' req/s')} | {_fmt(lat['p50'], unit=' s')} | "
                     f"{_fmt(lat['p95'], unit=' s')} | {_fmt(lat['max'], unit=' s')} |")
    by_setup = defaultdict(list)
    for run in result["runs"]:
        if run["throughput_rps"]:
            by_setup[run["setup"]].append(run["throughput_rps"])
    if len(by_setup) == 2:
        (one, a), (many, b) = by_setup.items()
        lines += ["", f"throughput, {many} / {one}: {sum(b) / len(b) / (sum(a) / len(a)):.2f}×"]
    check = result["sticky_check"]
    per = ", ".join(f"{u}: {check['sessions_per_upstream'][u]} sessions / {check['requests_per_upstream'][u]} requests"
                    for u in check["sessions_per_upstream"])
    probe = result.get("probe")
    probed = (f", {probe['sessions']} of them opened after the load to see the spread ({probe['answered']} answered)"
              if probe else "")
    lines += ["", f"Sticky sessions (nginx's access log, {check['requests']} requests): "
              f"{check['sessions']} sessions{probed}, "
              f"{check['keys']} affinity keys; sessions or keys on more than one replica: "
              f"{check['split_sessions_count']} / {check['split_keys_count']}; {per}. "
              + ("Every session stayed on one replica, and every replica served sessions."
                 if check["ok"] else "NOT STICKY or a replica unused.")]
    if check["requests_without_cookie"]:
        lines.append("requests without the affinity cookie (routed by address): "
                     + ", ".join(f"{p} {c}" for p, c in sorted(check["requests_without_cookie"].items())))
    for i, app in enumerate(result.get("apps", [])):
        lines.append(f"replica {i + 1} ({app['upstream']}): started in {app['start_s']:.1f} s, "
                     f"RSS after {_fmt(app.get('rss_mb'), 1, ' MB')}, peak {_fmt(app.get('peak_rss_mb'), 1, ' MB')}")
    for run in result["runs"]:
        for f in run["failure_examples"][:3]:
            lines.append(f"failure ({run['setup']}): {f['name']}: {f['error']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=5, help="requests per client (default 5)")
    parser.add_argument("--replicas", type=int, default=2, help="app processes behind nginx (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="measure both setups this many times, by turns")
    parser.add_argument("--threads-per-replica", type=int, default=None,
                        help="OMP_NUM_THREADS of each replica (default: unset, torch's own choice)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one request may take (default 60)")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="limit of each load run (default 300)")
    parser.add_argument("--warmup", type=int, default=3, help="requests before each measured run (default 3)")
    parser.add_argument("--probe", type=int, default=16,
                        help="sessions opened through nginx after the load, to see them spread (default 16)")
    parser.add_argument("--no-download", action="store_true", help="do not fetch the output pictures")
    parser.add_argument("--no-sticky", action="store_true",
                        help="round robin instead of the sticky hash (to see the checks fail)")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when a check fails")
    parser.add_argument("--json", default=None, metavar="PATH", help="also write the result (with every request) here")
    parser.add_argument("--keep-logs", default=None, metavar="DIR",
                        help="keep the apps' and nginx's logs and config here")
    parser.add_argument("--quiet", action="store_true", help="no progress")
    parser.add_argument("--drawings-only", action="store_true",
                        help="every request a drawing to /predict_sketch (benchmarks/load.py --drawings-only)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.requests < 1 or args.rounds < 1:
        parser.error("--clients, --requests and --rounds must be at least 1")
    if args.replicas < 2:
        parser.error("--replicas must be at least 2")
    try:
        result = measure(args.clients, args.requests, replicas=args.replicas, rounds=args.rounds,
                         threads_per_replica=args.threads_per_replica, timeout=args.timeout,
                         max_seconds=args.max_seconds, download=not args.no_download, sticky=not args.no_sticky,
                         warmup=args.warmup, probe=args.probe, progress=not args.quiet, keep_logs=args.keep_logs,
                         drawings_only=args.drawings_only)
    except NginxMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))
    found = problems(result)
    if found:
        print("problems: " + "; ".join(found) + (" (report only)" if args.report_only else ""))
        return 0 if args.report_only else 1
    print("no failures; sticky")
    return 0


if __name__ == "__main__":
    sys.exit(main())
