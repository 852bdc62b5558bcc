"""The page in a real (headless) Chromium: the brush is ready on open, drawing a T-shirt
outline gives a prediction and pictures, the layer picker changes the feature maps, Clear
brings the prompt back. Takes a screenshot after the drawing; with NIN_SCREENSHOT=docs/screenshot.png
it becomes the README's picture (otherwise it goes to the test's temporary folder)."""

import os
from pathlib import Path

import pytest
from playwright import sync_api

from nin.demo import DRAW_PROMPT
from nin.preprocess import CLASSES

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
TIMEOUT = 60_000  # ms; the machine may be busy
# A T-shirt outline in a unit box: shoulders, sleeves, body, closed.
TSHIRT = [(0.30, 0.00), (0.70, 0.00), (1.00, 0.22), (0.88, 0.40), (0.78, 0.33), (0.78, 1.00),
          (0.22, 1.00), (0.22, 0.33), (0.12, 0.40), (0.00, 0.22), (0.30, 0.00)]

IMAGE_SRC = "sel => { const img = document.querySelector(sel); return img && img.src ? img.src : null; }"


@pytest.fixture(scope="module")
def page(app_url):
    # Part of the test set-up (the README's test command installs it), so missing it fails.
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: run bash tests/install-browser.sh"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT)
            page.goto(app_url + "/")
            page.wait_for_selector("#sketchpad canvas")
            yield page
        finally:
            browser.close()


def image_src(page, selector: str) -> str | None:
    return page.evaluate(IMAGE_SRC, selector)


def status_text(page) -> str:
    return page.inner_text("#status").strip()


def draw_tshirt(page) -> None:
    box = page.locator("#sketchpad canvas").first.bounding_box()
    side = 0.6 * min(box["width"], box["height"])
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    points = [(cx + (x - 0.5) * side, cy + (y - 0.5) * side) for x, y in TSHIRT]
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point)  # straight strokes: each move redraws the canvas
    page.mouse.up()


def test_draw_predict_change_layer_clear(page, tmp_path):
    # The brush is chosen on open (the app clicks it from a load event): gradio marks the
    # selected tool with the "highlight" class.
    brush = page.locator('#sketchpad button[aria-label="Brush"]')
    page.wait_for_selector('#sketchpad button[aria-label="Brush"].highlight')
    assert "highlight" in brush.get_attribute("class").split()
    assert "highlight" not in page.locator('#sketchpad button[aria-label="Erase"]').get_attribute("class").split()
    assert status_text(page) == DRAW_PROMPT
    assert image_src(page, "#feature-maps img") is None

    draw_tshirt(page)
    page.wait_for_function(
        "names => names.some(n => (document.querySelector('#prediction')?.innerText || '').includes(n))",
        arg=list(CLASSES))
    for selector in ("#feature-maps img", "#class-maps img", "#cam img", "#garment img", "#model-input img"):
        page.wait_for_function(IMAGE_SRC, arg=selector)
    page.wait_for_function("prompt => !document.querySelector('#status').innerText.includes(prompt)",
                           arg=DRAW_PROMPT)
    status = status_text(page)
    assert any(status.startswith(name) for name in CLASSES), status
    assert "block1" in page.inner_text("#layer-note")

    # Every picture loaded, then the screenshot.
    page.wait_for_function("[...document.images].every(img => img.complete)")
    screenshot = Path(os.environ.get("NIN_SCREENSHOT") or tmp_path / "screenshot.png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 50_000

    # A block2 layer from the dropdown: new feature maps for the same drawing.
    before = image_src(page, "#feature-maps img")
    page.click("#layer input")
    page.get_by_role("option", name="block2 · 5x5 conv + ReLU").click()
    page.wait_for_function("([sel, old]) => { const img = document.querySelector(sel); "
                           "return img && img.src && img.src !== old; }", arg=["#feature-maps img", before])
    page.wait_for_function("() => document.querySelector('#layer-note').innerText.includes('256 channels')")
    assert "block2" in page.inner_text("#layer-note")
    # The same garment: the status (answer and preprocessing note) stays as it was.
    page.wait_for_function("() => !document.querySelector('#status').innerText.includes('processing')")
    assert status_text(page) == status

    # Clear: the prompt returns and the results go.
    page.get_by_role("button", name="Clear", exact=True).click()
    page.wait_for_function("prompt => document.querySelector('#status').innerText.trim() === prompt",
                           arg=DRAW_PROMPT)
    page.wait_for_function("sel => { const img = document.querySelector(sel); return !(img && img.src); }",
                           arg="#feature-maps img")
    # Clear also fires the sketchpad's and the upload's change events; once they have run,
    # the page still shows the prompt.
    settled = ("prompt => { const s = document.querySelector('#status').innerText; "
               "return !s.includes('processing') && s.trim() === prompt; }")
    page.wait_for_function(settled, arg=DRAW_PROMPT)
    page.wait_for_timeout(1500)
    page.wait_for_function(settled, arg=DRAW_PROMPT, timeout=10_000)
    assert status_text(page) == DRAW_PROMPT
