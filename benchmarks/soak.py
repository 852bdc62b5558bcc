"""A soak of the demo on 127.0.0.1: many short sessions, with oversized and flood requests mixed in,
and the server's memory (app + model workers) over time.

    python -m benchmarks.soak [--sessions 10000] [--drawings 3] [--clients 4] [--max-seconds 3600]
        [--url URL] [--pid PID] [--png docs/soak.png] [--json out.json] [--report-only]

Without --url it starts ``python app.py`` itself on a free loopback port (and stops it at the end, with
its workers). Each session is a new visitor speaking Gradio's queue protocol as the page does (a session
hash, /gradio_api/queue/join, then the session's messages from /gradio_api/queue/data): it draws
--drawings times (the pad's value, strokes still in progress and finished ones, a layer change after the
first) and then leaves. Mixed in, from new sessions:
- every 100th session, one 6.7 MB and every 1000th one 50 MB drawing (must be refused, 413);
- every 500th session (--flood-every), a flood: 24 requests at once, each a drawing of noise as large as
  the pad can send (1.1 MB, within the limit: answered, and kept in its session's state);
- every 50th session, an event that does not exist and a poll for a session that does not (a clean 404).
A sampler reads /proc/PID/smaps_rollup of the app and of each worker every --sample-every seconds: the
proportional memory (PSS: a page the forked workers share with the app counts once) and its kinds
(anonymous, file, shared memory), printed per process at warm, peak and after the soak.

It prints the figures and saves a picture of memory over time (--png), and exits 1 when a goal is missed:
0 failed good requests, every bad request refused cleanly, PSS never above 1.2 GB and, after the soak,
back within 100 MB of its warm level, on a measure other processes do not move (goal_mb: anonymous pages
plus file pages counted whole) (--report-only: always exit 0). Every wait is bounded: a request by
--timeout, the run by --max-seconds (sessions not started by then are reported as not run).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import itertools
import json
import re
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks import load
from nin.classes import CLASSES
from nin.cpu import cpu_description
from nin.sketch_values import DATA_URL_PREFIX, answer_fields, pad_value

GOAL_PEAK_MB = 1200.0
GOAL_BACK_MB = 100.0
LAYERS = ("block1.relu", "block2.relu_b", "block3.relu_a", "gap")
# Each event of the page by (element id, trigger): their fn_index comes from the app's /config.
EVENTS = {"draw": ("pad", "draw"), "layer": ("layer", "input"), "keep": ("send-correction", "click"),
          "example": ("examples", "click")}


# --------------------------------------------------------------------------- Gradio's queue protocol


def event_indexes(url: str, timeout: float = 30.0) -> dict[str, int]:
    """{name in EVENTS: fn_index} of the app at ``url`` (the queued event, where a trigger has two)."""
    import httpx

    config = httpx.get(f"{url}/config", timeout=timeout).json()
    elem_ids = {c["id"]: c.get("props", {}).get("elem_id") for c in config["components"]}
    indexes = {}
    for dependency in config["dependencies"]:
        for target, trigger in dependency["targets"]:
            for name, wanted in EVENTS.items():
                if (elem_ids.get(target), trigger) == wanted and (name not in indexes or dependency.get("queue")):
                    indexes[name] = dependency["id"]
    return indexes


@dataclass
class Reply:
    status: int                 # HTTP status of the join (200: queued)
    success: bool | None = None  # the event's own outcome, once completed
    output: object = None       # its output data (a list), or the refusal's text
    seconds: float = 0.0


class Session:
    """One visitor: a session hash and a connection, calling the app's events as the page does."""

    def __init__(self, url: str, events: dict[str, int], timeout: float = 60.0, client=None):
        import httpx

        self.url, self.events, self.timeout = url, events, timeout
        self.hash = uuid.uuid4().hex
        self.client = client or httpx.Client(base_url=url, timeout=timeout)
        self.own_client = client is None

    def close(self) -> None:
        if self.own_client:
            self.client.close()

    def call(self, event: str | int, data: list, body: bytes | None = None) -> Reply:
        """Joins the queue with ``data`` (or a raw JSON ``body``) and waits for the event's completion."""
        fn_index = self.events[event] if isinstance(event, str) else event
        started = time.perf_counter()
        payload = {"data": data, "fn_index": fn_index, "session_hash": self.hash, "trigger_id": None,
                   "event_data": None}
        response = self.client.post("/gradio_api/queue/join", content=body or json.dumps(payload).encode(),
                                    headers={"content-type": "application/json"})
        if response.status_code != 200:
            return Reply(response.status_code, None, response.text[:300], time.perf_counter() - started)
        event_id = response.json()["event_id"]
        with self.client.stream("GET", "/gradio_api/queue/data", params={"session_hash": self.hash}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                    output = message.get("output") or {}
                    return Reply(200, bool(message.get("success")), output.get("data", output.get("error")),
                                 time.perf_counter() - started)
                if message.get("msg") == "close_stream":
                    break
        return Reply(200, None, "the stream ended without the answer", time.perf_counter() - started)

    def draw(self, value: dict, layer: str = LAYERS[0], channel: int = 0) -> Reply:
        return self.call("draw", [value, layer, channel, None])


def noise_drawing(seed: int, side: int = 448) -> dict:
    """The largest value the page's pad can send: its 448x448 RGBA canvas as a PNG of noise (1.1 MB)."""
    pixels = np.random.default_rng(seed).integers(0, 256, (side, side, 4), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGBA").save(buffer, format="png", compress_level=1)
    return {"composite": DATA_URL_PREFIX + base64.b64encode(buffer.getvalue()).decode(), "live": False}


def oversized_body(megabytes: float, fn_index: int) -> bytes:
    """A drawing event's body of about ``megabytes`` MB (its 'PNG' is not even looked at: too large)."""
    composite = DATA_URL_PREFIX + "A" * int(megabytes * 1e6)
    return json.dumps({"data": [{"composite": composite}, LAYERS[0], 0, None], "fn_index": fn_index,
                       "session_hash": uuid.uuid4().hex, "trigger_id": None, "event_data": None}).encode()


def answered(reply: Reply) -> bool:
    """A good request's answer: queued, completed, and a label among the ten classes."""
    if reply.status != 200 or not reply.success:
        return False
    fields = answer_fields(reply.output)
    label = fields.get("label")
    return isinstance(label, dict) and label.get("label") in CLASSES


# --------------------------------------------------------------------------- the soak


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def add(self, kind: str, ok: bool, reply: Reply | None = None, why: str = "") -> None:
        with self.lock:
            self.counts[kind, ok] = self.counts.get((kind, ok), 0) + 1
            if kind == "good" and ok and reply is not None:
                self.latencies.append(reply.seconds)
            if not ok and len(self.failures) < 20:
                self.failures.append(f"{kind}: {why or (reply and (reply.status, str(reply.output)[:160]))}")


def visit(url, events, index: int, drawings: int, drawings_values: list, timeout: float, tally: Tally) -> None:
    """One session: a few drawings (a stroke in progress, then finished), a layer change, then it leaves;
    and the bad requests scheduled for this index."""
    session = Session(url, events, timeout)
    try:
        for n in range(drawings):
            value = dict(drawings_values[(index + n) % len(drawings_values)], live=n % 2 == 1 and n < drawings - 1)
            try:
                reply = session.draw(value, LAYERS[(index + n) % len(LAYERS)], (index * 7 + n) % 32)
                tally.add("good", answered(reply), reply)
            except Exception as error:  # noqa: BLE001  (a broken connection is a failed request)
                tally.add("good", False, why=repr(error)[:160])
        if index % 3 == 0:
            try:
                reply = session.call("layer", [None, LAYERS[index % len(LAYERS)], 3, None])
                tally.add("good", reply.status == 200 and bool(reply.success), reply)
            except Exception as error:  # noqa: BLE001
                tally.add("good", False, why=repr(error)[:160])
        if index % 50 == 49:
            refused(tally, "unknown event", lambda: session.call(max(events.values()) + 1000, [1]), (404,))
            refused(tally, "poll of no session", lambda: session.client.get(
                "/gradio_api/queue/data", params={"session_hash": uuid.uuid4().hex}), (404,))
        for every, megabytes in ((100, 6.7), (1000, 50.0)):
            if index % every == every - 1:
                refused(tally, f"oversized {megabytes:g} MB", lambda: session.call(
                    "draw", [], body=oversized_body(megabytes, events["draw"])), (413,), closed_is_ok=True)
    finally:
        session.close()


def refused(tally: Tally, kind: str, request, statuses: tuple, closed_is_ok: bool = False) -> None:
    """Sends a bad request; it is refused cleanly when it gets one of ``statuses`` (or, ``closed_is_ok``,
    when the server closes the connection before the client has sent all of it)."""
    import httpx

    try:
        reply = request()
    except httpx.HTTPError as error:
        sending = isinstance(error, (httpx.WriteError, httpx.RemoteProtocolError)) and closed_is_ok
        tally.add(kind, sending, why=repr(error)[:160])
        return
    status = reply.status if isinstance(reply, Reply) else reply.status_code
    text = reply.output if isinstance(reply, Reply) else reply.text[:300]
    tally.add(kind, status in statuses, Reply(status, None, text))


def flood(url, events, seed: int, requests: int, timeout: float, tally: Tally) -> None:
    """``requests`` noise drawings as large as the pad sends, at once, each from a new session."""
    value = noise_drawing(seed)

    def one(_):
        session = Session(url, events, timeout)
        try:
            reply = session.draw(value)
            # Answered, or refused politely when the queue is full (503): either way nothing breaks.
            tally.add("flood", reply.status in (200, 503) and (reply.status == 503 or bool(reply.success)), reply)
        except Exception as error:  # noqa: BLE001
            tally.add("flood", False, why=repr(error)[:160])
        finally:
            session.close()

    with ThreadPoolExecutor(requests) as pool:
        list(pool.map(one, range(requests)))


# Read for each process from /proc/PID/smaps_rollup (Pss_*: a page shared by n processes counts 1/n in each;
# Private_Dirty: pages this process alone has written) and /proc/PID/status (RssFile: its file pages, whole).
SMAPS_FIELDS = ("Pss", "Pss_Anon", "Pss_File", "Pss_Shmem", "Rss", "Private_Dirty")


def process_memory(pid: int) -> dict[str, float] | None:
    """{field: MB} of one process (SMAPS_FIELDS, RssFile), None once it has ended."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text() + Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = {}
    for name in (*SMAPS_FIELDS, "RssFile"):
        match = re.search(rf"^{name}:\s+(\d+) kB", text, re.M)
        fields[name] = int(match.group(1)) * 1024 / 1e6 if match else 0.0  # kB there are KiB; MB: 10^6 bytes
    return fields


def memory_by_process(pid: int | None) -> dict[str, dict[str, float]] | None:
    """{"app" | "worker 1" | ...: {field: MB}} of the app and its child processes, None when unreadable."""
    if pid is None:
        return None
    app, *children = load.with_children(pid)
    read = {"app": process_memory(app)}
    if read["app"] is None:
        return None
    for number, child in enumerate(sorted(children), 1):
        if (fields := process_memory(child)) is not None:
            read[f"worker {number}"] = fields
    return read


def goal_mb(memory: dict[str, dict[str, float]]) -> float:
    """The measure "back within 100 MB" is checked on: the anonymous (and shared-memory) pages of the app and
    its workers, by PSS (only these forked processes hold them), plus each one's file pages counted whole
    (RssFile). Neither moves when other processes start or stop, as PSS does: it divides the file pages
    (libtorch's, ~100 MB) among every process on the machine that maps them."""
    return sum(fields["Pss_Anon"] + fields["Pss_Shmem"] + fields["RssFile"] for fields in memory.values())


def total_pss_mb(memory: dict[str, dict[str, float]]) -> float:
    return sum(fields["Pss"] for fields in memory.values())


class Sampler(threading.Thread):
    """The memory of the app and its workers (memory_by_process) every ``every`` seconds, with the phase
    then: samples of (seconds, PSS MB in all, phase, by process)."""

    def __init__(self, pid: int | None, every: float):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float, str, dict]] = []
        self.phase = "warm-up"
        self.stopped = threading.Event()
        self.start_time = time.perf_counter()

    def sample(self) -> dict | None:
        memory = memory_by_process(self.pid)
        if memory is not None:
            self.samples.append((time.perf_counter() - self.start_time, total_pss_mb(memory), self.phase, memory))
        return memory

    def run(self):
        while not self.stopped.wait(self.every):
            self.sample()


def run_soak(url: str, pid: int | None, sessions: int = 10_000, drawings: int = 3, clients: int = 4,
             timeout: float = 60.0, max_seconds: float = 3600.0, sample_every: float = 2.0,
             settle_seconds: float = 20.0, flood_size: int = 24, flood_every: int = 500,
             progress: bool = True) -> dict:
    """The soak against ``url`` (the app's process ``pid``, for its memory); returns the figures."""
    load.check_loopback(url)
    events = event_indexes(url)
    values = [pad_value(path) for path in load.EXAMPLES]
    tally = Tally()
    sampler = Sampler(pid, sample_every)
    # Warm: every kind of request once (the first answers load what they need), then the level.
    for index in range(8):
        visit(url, events, index, drawings, values, timeout, Tally())
    flood(url, events, 0, 2, timeout, Tally())
    time.sleep(settle_seconds)  # as long as after the soak: the same chance to give memory back
    warm = sampler.sample()
    sampler.start()
    sampler.phase = "soak"
    started = time.perf_counter()
    counter = itertools.count()
    done = [0]
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=sessions, unit="session", mininterval=5, file=sys.stderr)

    def worker():
        while time.perf_counter() - started < max_seconds:
            index = next(counter)
            if index >= sessions:
                return
            if index % flood_every == flood_every // 2:
                flood(url, events, index, flood_size, timeout, tally)
            visit(url, events, index, drawings, values, timeout, tally)
            with tally.lock:
                done[0] += 1
            if bar is not None:
                bar.update()

    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    soak_seconds = time.perf_counter() - started
    if bar is not None:
        bar.close()
    sampler.phase = "after"
    time.sleep(settle_seconds)
    after = sampler.sample()
    sampler.stopped.set()
    sampler.join()
    peak = max(sampler.samples, key=lambda sample: sample[1], default=None)
    latencies = sorted(tally.latencies)
    return {
        "cpu": cpu_description(), "sessions": sessions, "sessions_run": done[0], "drawings": drawings,
        "clients": clients, "soak_s": round(soak_seconds, 1),
        "counts": {f"{kind} {'ok' if ok else 'failed'}": n for (kind, ok), n in sorted(tally.counts.items())},
        "failed_good": tally.counts.get(("good", False), 0), "failed_bad": sum(
            n for (kind, ok), n in tally.counts.items() if kind != "good" and not ok),
        "failures": tally.failures,
        "p50_s": latencies[len(latencies) // 2] if latencies else None,
        "p95_s": latencies[int(len(latencies) * 0.95)] if latencies else None,
        # PSS in all (as before), the goal's measure (goal_mb) and each process's fields, at the three moments.
        "warm_mb": warm and total_pss_mb(warm), "peak_mb": peak and peak[1], "after_mb": after and total_pss_mb(after),
        "warm_goal_mb": warm and goal_mb(warm), "peak_goal_mb": max((goal_mb(s[3]) for s in sampler.samples),
                                                                      default=None),
        "after_goal_mb": after and goal_mb(after),
        "by_process": {"warm": rounded(warm), "peak": peak and rounded(peak[3]), "after": rounded(after)},
        "samples": [[round(t, 1), round(mb, 1), phase, round(goal_mb(memory), 1), rounded(memory)]
                    for t, mb, phase, memory in sampler.samples],
    }


def rounded(memory: dict | None) -> dict | None:
    return memory and {name: {field: round(mb, 1) for field, mb in fields.items()} for name, fields in memory.items()}


def missed_goals(result: dict) -> list[str]:
    missed = []
    if result["sessions_run"] < result["sessions"]:
        missed.append(f"only {result['sessions_run']} of {result['sessions']} sessions ran within the time limit")
    if result["failed_good"]:
        missed.append(f"{result['failed_good']} good requests failed")
    if result["failed_bad"]:
        missed.append(f"{result['failed_bad']} bad requests not refused cleanly")
    if result["peak_mb"] is None or result["peak_mb"] > GOAL_PEAK_MB:
        missed.append(f"memory peaked at {result['peak_mb']} MB (goal <= {GOAL_PEAK_MB:.0f})")
    warm, after = result["warm_goal_mb"], result["after_goal_mb"]
    if after is None or warm is None or after - warm > GOAL_BACK_MB:
        missed.append(f"memory after the soak {after and round(after)} MB, warm {warm and round(warm)} MB "
                      f"(anonymous + file pages whole; goal: within {GOAL_BACK_MB:.0f} MB)")
    return missed


def report(result: dict) -> str:
    lines = [f"soak: {result['sessions_run']} of {result['sessions']} sessions x {result['drawings']} drawings, "
             f"{result['clients']} clients at once, {result['soak_s']:.0f} s, on {result['cpu']}"]
    lines += [f"  {name}: {n}" for name, n in result["counts"].items()]
    if result["p50_s"] is not None:
        lines.append(f"  good requests: p50 {result['p50_s']:.3f} s, p95 {result['p95_s']:.3f} s")
    lines.append(f"  memory (app + workers, PSS): warm {result['warm_mb']:.0f} MB, peak {result['peak_mb']:.0f} MB, "
                 f"after {result['after_mb']:.0f} MB ({result['after_mb'] - result['warm_mb']:+.0f} MB)")
    lines.append(f"  memory (anonymous + file pages whole, the goal's measure): warm {result['warm_goal_mb']:.0f} MB, "
                 f"peak {result['peak_goal_mb']:.0f} MB, after {result['after_goal_mb']:.0f} MB "
                 f"({result['after_goal_mb'] - result['warm_goal_mb']:+.0f} MB)")
    lines += breakdown_table(result["by_process"])
    lines += [f"  failure: {line}" for line in result["failures"]]
    missed = missed_goals(result)
    lines.append("goals missed: " + "; ".join(missed) if missed else
                 f"goals met: 0 failed good requests, bad ones refused, peak <= {GOAL_PEAK_MB:.0f} MB, "
                 f"back within {GOAL_BACK_MB:.0f} MB")
    return "\n".join(lines)


def breakdown_table(by_process: dict) -> list[str]:
    """Each process's fields (MB) at warm, peak and after, and after - warm."""
    columns = (*SMAPS_FIELDS, "RssFile")
    lines = [f"  {'MB':<22}" + "".join(f"{name:>14}" for name in columns)]
    moments = dict(by_process)
    if by_process.get("warm") and by_process.get("after"):
        moments["after - warm"] = {name: {field: fields[field] - by_process["warm"].get(name, {}).get(field, 0.0)
                                          for field in columns}
                                   for name, fields in by_process["after"].items()}
    for moment, memory in moments.items():
        for name, fields in (memory or {}).items():
            sign = "+" if moment == "after - warm" else ""
            lines.append(f"  {moment + ' ' + name:<22}" + "".join(f"{fields[field]:{sign}14.1f}" for field in columns))
    return lines


def save_picture(result: dict, path: Path) -> None:
    """Memory over time, the warm level and the 1.2 GB goal, as a PNG."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [s[0] for s in result["samples"]]
    mb = [s[1] for s in result["samples"]]
    figure, axes = plt.subplots(figsize=(8, 4.8), dpi=100)
    axes.plot(t, mb, lw=1.2, label="app + workers (PSS)")
    axes.plot(t, [s[3] for s in result["samples"]], lw=1.2, label="anonymous + file pages whole (the goal's)")
    for name in result["samples"][0][4] if result["samples"] else ():
        axes.plot(t, [s[4].get(name, {}).get("Pss_Anon", float("nan")) for s in result["samples"]], lw=0.8,
                  label=f"{name}: anonymous (Pss_Anon)")
    axes.axhline(GOAL_PEAK_MB, color="crimson", ls="--", lw=1, label=f"goal: PSS never above {GOAL_PEAK_MB:.0f} MB")
    axes.axhline(result["warm_mb"], color="grey", ls=":", lw=1, label=f"warm PSS: {result['warm_mb']:.0f} MB")
    axes.axhline(result["warm_goal_mb"] + GOAL_BACK_MB, color="C1", ls=":", lw=1,
                 label=f"goal: back below warm + {GOAL_BACK_MB:.0f} MB")
    after = [s[0] for s in result["samples"] if s[2] == "after"]
    if after:
        axes.axvspan(min(after), max(t), color="0.92", label="after the soak")
    axes.set_xlabel("seconds")
    axes.set_ylabel("MB")
    axes.set_ylim(0, max(GOAL_PEAK_MB, max(mb), max(s[3] for s in result["samples"])) * 1.1)
    axes.set_title(f"{result['sessions_run']:,} sessions x {result['drawings']} drawings, floods and oversized "
                   f"requests mixed in\n{result['cpu']}", fontsize=9)
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--drawings", type=int, default=3, help="drawings per session")
    parser.add_argument("--clients", type=int, default=4, help="sessions at once")
    parser.add_argument("--url", help="a running app on 127.0.0.1 (default: start python app.py)")
    parser.add_argument("--pid", type=int, help="its process (default: found by its port)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for one request")
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="seconds for the whole soak")
    parser.add_argument("--sample-every", type=float, default=2.0)
    parser.add_argument("--flood-every", type=int, default=500, help="sessions between two floods")
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds idle after the soak before the last reading")
    parser.add_argument("--png", type=Path, help="save the memory curve here")
    parser.add_argument("--json", type=Path, help="save the figures here")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when a goal is missed")
    args = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        if args.url:
            url, pid = args.url.rstrip("/"), args.pid or load.pid_listening_on(args.url)
        else:
            process, url, _ = stack.enter_context(load.started_app())
            pid = process.pid
        result = run_soak(url, pid, args.sessions, args.drawings, args.clients, args.timeout, args.max_seconds,
                          args.sample_every, args.settle, flood_every=args.flood_every)
    print(report(result))
    if args.png:
        save_picture(result, args.png)
        print(f"memory curve: {args.png}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0 if args.report_only or not missed_goals(result) else 1


if __name__ == "__main__":
    sys.exit(main())
