"""The drawing loop as a person feels it, in a real browser: Debian's Chromium driven by Playwright,
headless, against ``python app.py`` started by this script.

    python -m benchmarks.browser [--drawings 20] [--url URL] [--json FILE]

Draws garments with the mouse and prints, p50/p95 over the drawings:
  mouse-up -> first request    the pad's value leaves the browser (queue join)
  mouse-up -> label shown      the answer for the finished drawing is on the page
  mouse-up -> all pictures     every picture of that answer is shown and decoded
and how many answers per second the page shows during one long, slow stroke.
Timestamps are taken in the page (performance.now()) by MutationObservers and the resource timing API.
"""

import argparse
import contextlib
import json
import math
import platform
import time
from pathlib import Path

from benchmarks.load import started_app
from nin.device import cpu_description

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PICTURES = ("#garment", "#model-input", "#feature-maps", "#channel-image", "#class-maps", "#cam")

# Garments as strokes in a unit box (x right, y down): what a person draws with a mouse.
GARMENTS = {
    "T-shirt/top": [[(0.30, 0.00), (0.70, 0.00), (1.00, 0.22), (0.88, 0.40), (0.78, 0.33), (0.78, 1.00),
                     (0.22, 1.00), (0.22, 0.33), (0.12, 0.40), (0.00, 0.22), (0.30, 0.00)]],
    "Trouser": [[(0.22, 0.00), (0.78, 0.00), (0.84, 1.00), (0.58, 1.00), (0.50, 0.25), (0.42, 1.00),
                 (0.16, 1.00), (0.22, 0.00)]],
    "Dress": [[(0.38, 0.00), (0.62, 0.00), (0.64, 0.30), (0.90, 1.00), (0.10, 1.00), (0.36, 0.30),
               (0.38, 0.00)]],
    "Bag": [[(0.05, 0.35), (0.95, 0.35), (0.95, 1.00), (0.05, 1.00), (0.05, 0.35)],
            [(0.30, 0.35), (0.30, 0.05), (0.70, 0.05), (0.70, 0.35)]],
    "Sneaker": [[(0.00, 0.55), (0.10, 0.35), (0.45, 0.30), (0.60, 0.05), (0.95, 0.05), (1.00, 0.60),
                 (1.00, 0.80), (0.00, 0.80), (0.00, 0.55)]],
}

# The status line as a person reads it (Gradio's hidden progress timer is inside #status too).
STATUS_TEXT = "() => (document.querySelector('#status .prose')?.innerText || '').trim()"
# In the page: timestamps of every status change, picture change and model request.
INSTRUMENT = """pictures => {
  window.__log = [];
  const now = () => performance.now();
  const status = document.querySelector('#status');
  let shown = null;
  new MutationObserver(() => { const text = status_text();
    if (text !== shown) { shown = text; window.__log.push(['status', now(), text]); } })
    .observe(status, {subtree: true, childList: true, characterData: true});
  const picture = (node) => { const t = now();
    node.decode().then(() => window.__log.push(['picture', t, now(), pictures.find(p => node.closest(p))]),
                       () => {}); };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.tagName === 'IMG') picture(r.target);
      for (const node of r.addedNodes || []) if (node.tagName === 'IMG') picture(node);
    }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  new PerformanceObserver((list) => { for (const entry of list.getEntries())
    if (entry.name.includes('/queue/join')) window.__log.push(['request', entry.startTime]); })
    .observe({type: 'resource'});
  // Capture phase at the window: logged before the pad's own pointerup handler sends the drawing.
  window.addEventListener('pointerup', () => window.__log.push(['up', now()]), true);
}"""


def status_text(page) -> str:
    return page.evaluate(STATUS_TEXT)


def instrument(page) -> None:
    page.evaluate(f"() => {{ window.status_text = {STATUS_TEXT}; }}")
    page.evaluate(INSTRUMENT, list(PICTURES))


def launch(playwright, **context):
    """Headless Debian Chromium (Playwright cannot download its own here) and a new page."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM}: run bash tests/install-browser.sh")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context}).new_page()
    return browser, page


def open_app(page, url: str, timeout_ms: int = 60_000) -> None:
    page.set_default_timeout(timeout_ms)
    page.goto(url + "/")
    page.wait_for_selector("#pad canvas")
    # The page settles in steps as its pictures decode: draw only once the pad stays where it is.
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.wait_for_function("""() => {
        const r = document.querySelector('#pad canvas').getBoundingClientRect(), key = [r.x, r.y, r.width].join();
        const same = window.__padAt === key; window.__padAt = key; return same; }""", polling=250)


def pad_points(page, strokes, share: float = 0.6):
    """Strokes in the unit box -> page coordinates over the middle ``share`` of the pad."""
    box = page.locator("#pad canvas").bounding_box()
    side = share * min(box["width"], box["height"])
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    return [[(cx + (x - 0.5) * side, cy + (y - 0.5) * side) for x, y in stroke] for stroke in strokes]


def draw(page, strokes, steps: int = 6) -> None:
    """Draw with the mouse: each stroke pressed, moved through its points, released."""
    for stroke in pad_points(page, strokes):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*point, steps=steps)
        page.mouse.up()


def tap_draw(page, strokes) -> None:
    """Draw with a finger: touch events through the DevTools protocol (a page made with has_touch)."""
    session = page.context.new_cdp_session(page)
    for stroke in pad_points(page, strokes):
        def touch(kind, point):
            points = [] if kind == "touchEnd" else [{"x": point[0], "y": point[1]}]
            session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        touch("touchStart", stroke[0])
        for a, b in zip(stroke, stroke[1:]):
            for k in range(1, 7):
                touch("touchMove", (a[0] + (b[0] - a[0]) * k / 6, a[1] + (b[1] - a[1]) * k / 6))
        touch("touchEnd", stroke[-1])
    session.detach()


def clear(page, prompt: str) -> None:
    page.locator('#pad button[data-action="clear"]').click()
    page.wait_for_function("p => window.status_text() === p", arg=prompt)


# The answer to the finished drawing: the first status or picture change after the first request that
# left the browser at or after the last mouse-up (an answer already on its way for a part of the
# drawing may land in between; it is not the answer to the drawing).
FINAL_ANSWER = """() => { const log = window.__log, up = log.filter(e => e[0] === 'up').pop();
  if (!up) return null;
  const first = (kinds, after) => log.filter(e => kinds.includes(e[0]) && e[1] > after)
    .reduce((a, e) => (a === null || e[1] < a ? e[1] : a), null);
  const sent = first(['request'], up[1] - 0.001);  // entries come in any order: the earliest
  const shown = sent === null ? null : first(['status', 'picture'], sent);
  return shown === null ? null : {up: up[1], sent: sent, shown: shown}; }"""


def answer_for_drawing(page) -> dict:
    """Wait until the page shows the answer to the finished drawing; its timestamps (ms, page clock)."""
    page.wait_for_function(FINAL_ANSWER)
    return page.evaluate(FINAL_ANSWER)


def one_drawing(page, strokes, prompt: str) -> dict:
    """Clear, draw, wait for the answer and every picture; the timings after the last mouse-up (ms)."""
    clear(page, prompt)
    page.evaluate("() => { window.__log.length = 0; }")
    draw(page, strokes)
    answer = answer_for_drawing(page)
    # The layer's pictures are new with every finished drawing; the garment may already be on the page
    # from the last live update, when the stroke ended without a new segment since.
    page.wait_for_function("""([pictures, sent]) => pictures.every(p => p === '#garment'
        ? document.querySelector('#garment img')?.complete
        : window.__log.some(e => e[0] === 'picture' && e[1] > sent && e[3] === p))""",
                           arg=[list(PICTURES), answer["sent"]])
    log = page.evaluate("() => window.__log")
    pictures = max(e[2] for e in log if e[0] == "picture" and e[1] > answer["sent"])
    return {"status": status_text(page), "first_request_ms": answer["sent"] - answer["up"],
            "label_ms": answer["shown"] - answer["up"], "pictures_ms": pictures - answer["up"]}


def live_updates(page, prompt: str, seconds: float = 3.0) -> dict:
    """One slow stroke (a spiral) for ``seconds``: answers shown and requests sent per second meanwhile."""
    clear(page, prompt)
    box = page.locator("#pad canvas").bounding_box()
    cx, cy, r = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, 0.4 * box["width"]
    page.evaluate("() => { window.__log.length = 0; }")
    page.mouse.move(cx + r * 0.2, cy)
    page.mouse.down()
    start = time.perf_counter()
    t0 = page.evaluate("() => performance.now()")
    k = 0
    while time.perf_counter() - start < seconds:
        angle, radius = k * 0.15, r * (0.2 + 0.8 * (k % 200) / 200)
        page.mouse.move(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        page.wait_for_timeout(16)
        k += 1
    t1 = page.evaluate("() => performance.now()")
    page.mouse.up()
    log = page.evaluate("() => window.__log")
    during = [e for e in log if t0 <= e[1] <= t1]
    span = (t1 - t0) / 1000
    answers = sum(1 for e in during if e[0] == "status" and "(" in e[2])
    return {"seconds": round(span, 2), "answers_per_s": answers / span,
            "requests_per_s": sum(1 for e in during if e[0] == "request") / span}


def percentile(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def run(url: str, drawings: int, prompt: str, playwright=None) -> dict:
    """Warm up, then time ``drawings`` drawings and one long stroke (a Playwright instance may be given)."""
    if playwright is None:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            return run(url, drawings, prompt, playwright)
    names = list(GARMENTS)
    browser, page = launch(playwright)
    try:
        open_app(page, url)
        instrument(page)
        one_drawing(page, GARMENTS[names[0]], prompt)  # warm-up: the first answers load fonts, lazy imports
        results = [dict(one_drawing(page, GARMENTS[names[i % len(names)]], prompt), drawn=names[i % len(names)])
                   for i in range(drawings)]
        live = live_updates(page, prompt)
    finally:
        browser.close()
    return {"drawings": results, "live": live}


def table(result: dict) -> str:
    rows = []
    goals = {"label_ms": ("≤ 250 ms", "≤ 500 ms", 250, 500), "pictures_ms": ("≤ 400 ms", "", 400, None),
             "first_request_ms": ("", "", None, None)}
    names = {"first_request_ms": "mouse-up → first request", "label_ms": "mouse-up → label shown",
             "pictures_ms": "mouse-up → all pictures shown"}
    lines = ["| measure | p50 | p95 | goal p50 | goal p95 | met |", "|---|---|---|---|---|---|"]
    for key in ("first_request_ms", "label_ms", "pictures_ms"):
        values = [d[key] for d in result["drawings"] if d[key] is not None]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        g50, g95, l50, l95 = goals[key]
        met = "" if l50 is None else ("✅" if p50 <= l50 and (l95 is None or p95 <= l95) else "❌")
        rows.append((key, p50, p95))
        lines.append(f"| {names[key]} | {p50:.0f} ms | {p95:.0f} ms | {g50} | {g95} | {met} |")
    live = result["live"]
    met = "✅" if live["answers_per_s"] >= 4 else "❌"
    lines.append(f"| answers shown per second during a {live['seconds']:.1f} s stroke | "
                 f"{live['answers_per_s']:.1f}/s | | ≥ 4/s | | {met} |")
    lines.append(f"| requests sent per second during that stroke | {live['requests_per_s']:.1f}/s | | | | |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drawings", type=int, default=20)
    parser.add_argument("--url", help="an app already running (default: start python app.py)")
    parser.add_argument("--json", help="also write the raw timings here")
    args = parser.parse_args(argv)
    from nin.demo import DRAW_PROMPT

    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(started_app())[1]
        result = run(url, args.drawings, DRAW_PROMPT)
    print(f"Browser benchmark: headless Chromium, {args.drawings} drawings, {time.strftime('%Y-%m-%d')}, "
          f"{cpu_description()} · {platform.python_version()}\n")
    print(table(result))
    wrong = [d for d in result["drawings"] if not d["status"].startswith(f"**{d['drawn']}**")
             and not d["status"].startswith(d["drawn"])]
    print(f"\nanswers naming what was drawn: {len(result['drawings']) - len(wrong)}/{len(result['drawings'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
