"""The page in a real (headless) Chromium, as a visitor uses it: the brush is ready on open and
after Clear, drawing gives an answer and pictures, the layer picker changes the feature maps,
Clear clears (a drawing begun 150 ms later is answered alone), an example goes onto the pad,
a finger draws on a phone-sized page. With NIN_SCREENSHOT=PATH the full-page screenshot after the first
drawing is kept at PATH and the stage strip beside it as stages.png (NIN_SCREENSHOT=docs/screenshot.png
remakes docs/stages.png, docs/training.md's picture; the README's own pictures come from
`python -m benchmarks.pictures`); otherwise both go to a temporary folder."""

import os
from pathlib import Path

import pytest
from playwright import sync_api

from benchmarks import browser
from nin.demo import DRAW_PROMPT
from nin.preprocess import CLASSES

GARMENT_SRC = "() => document.querySelector('#garment img')?.src || null"
BRUSH_READY = "() => document.querySelector('#pad [data-tool=\"brush\"]').getAttribute('aria-pressed') === 'true'"


@pytest.fixture(scope="module")
def playwright():
    # Part of the test set-up (the README's test command installs it), so missing it fails.
    assert Path(browser.CHROMIUM).exists(), f"no Chromium at {browser.CHROMIUM}: run bash tests/install-browser.sh"
    with sync_api.sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def page(playwright, app_url):
    chromium, page = browser.launch(playwright)
    try:
        browser.open_app(page, app_url)
        browser.instrument(page)
        yield page
    finally:
        chromium.close()


def drawn(page, name: str) -> str:
    """Draw one of the benchmark's garments and return the status line of its answer."""
    page.evaluate("() => { window.__log.length = 0; }")
    browser.draw(page, browser.GARMENTS[name])
    browser.answer_for_drawing(page)
    return browser.status_text(page)


def test_draw_predict_change_layer_clear(page, tmp_path):
    assert page.evaluate(BRUSH_READY)
    assert browser.status_text(page) == DRAW_PROMPT
    assert page.query_selector("#feature-maps img") is None

    status = drawn(page, "T-shirt/top")
    assert any(status.startswith(name) for name in CLASSES), status
    for selector in browser.PICTURES:
        page.wait_for_selector(f"{selector} img")
    assert "block1" in page.inner_text("#layer-note")
    assert "mean 0.286" in page.inner_text("#preprocessing-info")  # what the weights' config.json says

    page.wait_for_function("[...document.images].every(img => img.complete)")
    screenshot = Path(os.environ.get("NIN_SCREENSHOT") or tmp_path / "screenshot.png")
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 50_000

    # A block2 layer from the dropdown: new feature maps for the same drawing; the answer stays.
    before = page.get_attribute("#feature-maps img", "src")
    page.click("#layer input")
    page.get_by_role("option", name="block2 · 5x5 conv + ReLU").click()
    page.wait_for_function("old => document.querySelector('#feature-maps img')?.src !== old", arg=before)
    page.wait_for_function("() => document.querySelector('#layer-note').innerText.includes('256 channels')")
    assert browser.status_text(page) == status
    # The channel slider's range follows the layer: 256 channels, 0 to 255.
    page.wait_for_function("() => document.querySelector('#channel input[type=range]')?.max === '255'")

    # Clear: the prompt returns, the pictures go, the brush is in hand; nothing comes back later.
    browser.clear(page, DRAW_PROMPT)
    page.wait_for_function("() => !document.querySelector('#feature-maps img')")
    assert page.evaluate(BRUSH_READY)
    page.wait_for_timeout(1500)
    assert browser.status_text(page) == DRAW_PROMPT and page.query_selector("#garment img") is None


def test_clear_then_draw_at_once_is_answered_alone(page):
    """T-shirt, Clear, trousers, Clear, T-shirt, Clear, trousers, each begun 150 ms after Clear: every
    answer names what was just drawn, and its 28x28 garment is the one that drawing alone gives."""
    garments = {}
    for name in ("T-shirt/top", "Trouser", "T-shirt/top", "Trouser"):
        page.locator('#pad button[data-action="clear"]').click()
        page.wait_for_timeout(150)
        assert page.evaluate(BRUSH_READY)
        status = drawn(page, name)
        assert status.startswith(name), (name, status)
        garment = page.evaluate(GARMENT_SRC)
        assert garments.setdefault(name, garment) == garment, f"the {name} came back with something else on it"
    assert garments["T-shirt/top"] != garments["Trouser"]


def test_undo_and_eraser(page):
    drawn(page, "Trouser")
    with_two = page.evaluate(GARMENT_SRC)
    page.evaluate("() => { window.__log.length = 0; }")
    browser.draw(page, [[(0.05, 0.05), (0.95, 0.95)]])  # a slash across it
    browser.answer_for_drawing(page)
    page.wait_for_function("old => document.querySelector('#garment img')?.src !== old", arg=with_two)
    page.locator('#pad button[data-action="undo"]').click()
    page.wait_for_function("old => document.querySelector('#garment img')?.src === old", arg=with_two)
    page.locator('#pad button[data-tool="eraser"]').click()
    assert not page.evaluate(BRUSH_READY)
    page.evaluate("() => { window.__log.length = 0; }")
    browser.draw(page, [[(0.0, 0.5), (1.0, 0.5)]])  # rub out the middle
    browser.answer_for_drawing(page)
    assert page.evaluate(GARMENT_SRC) != with_two


def test_an_example_goes_onto_the_pad_and_is_answered(page):
    page.locator(".gallery-item, button.gallery-item, [data-testid='examples'] button, .example").first.click()
    page.wait_for_function("() => (window.status_text() || '').includes('%')")
    assert browser.status_text(page).startswith(CLASSES[0])  # examples are sorted: 0_t-shirt-top first
    # The example is on the canvas: it has ink.
    assert page.evaluate("""() => { const c = document.querySelector('#pad canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 128) return true; return false; }""")


def test_a_finger_draws_on_a_phone(playwright, app_url):
    """390 px wide, touch: the pad fits the screen at full width, a finger stroke draws (no page
    scroll), and the answer is just below the pad."""
    chromium, page = browser.launch(playwright, viewport={"width": 390, "height": 844}, has_touch=True,
                                    is_mobile=True, device_scale_factor=3)
    try:
        browser.open_app(page, app_url)
        browser.instrument(page)
        canvas = page.locator("#pad canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert 320 <= box["width"] and box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # whole, unzoomed
        scroll = page.evaluate("() => window.scrollY")
        browser.tap_draw(page, browser.GARMENTS["T-shirt/top"])
        page.wait_for_function("() => (window.status_text() || '').includes('%')")
        assert page.evaluate("() => window.scrollY") == scroll  # drawing did not scroll the page
        status = page.locator("#status").bounding_box()
        assert 0 <= status["y"] - (box["y"] + box["height"]) < 150, (box, status)
    finally:
        chromium.close()


def test_browser_benchmark_in_miniature(playwright, app_url):
    """benchmarks/browser.py end to end on two drawings: it measures and prints (no timing asserted)."""
    result = browser.run(app_url, drawings=2, prompt=DRAW_PROMPT, playwright=playwright)
    assert len(result["drawings"]) == 2
    assert all(d["label_ms"] > 0 and d["pictures_ms"] >= d["label_ms"] - 1 for d in result["drawings"])
    table = browser.table(result)
    assert "mouse-up → label shown" in table and "answers shown per second" in table


def test_the_training_stage_slider_changes_the_answer(page, tmp_path):
    """Drag the stage slider to random weights: the answer, the stage line and the kernels change
    for the same drawing; back to trained gives the first answer again. The two states side by side
    become docs/training.md's picture of it (stages.png beside NIN_SCREENSHOT)."""
    status = drawn(page, "Trouser")
    kernels = page.get_attribute("#kernels img", "src")
    assert "trained" in page.inner_text("#stage-line")
    shots = [stage_view(page, tmp_path / "trained.png")]
    slider = page.locator("#stage input[type=range]")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)  # the left end: stage 0
    page.wait_for_function("() => document.querySelector('#stage-line').innerText.includes('random weights')")
    page.wait_for_function("old => document.querySelector('#kernels img')?.src !== old", arg=kernels)
    page.wait_for_function("old => !document.querySelector('#status').innerText.startsWith(old)", arg=status[:12])
    shots.insert(0, stage_view(page, tmp_path / "random.png"))
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)  # a stage in between
    page.wait_for_function("() => /after [0-9,]+ steps/.test(document.querySelector('#stage-line').innerText)")
    page.wait_for_function("() => document.querySelector('#status').innerText.includes('%')")
    page.wait_for_timeout(300)
    shots.insert(1, stage_view(page, tmp_path / "between.png"))
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('#stage-line').innerText.includes('trained')")
    page.wait_for_function("s => document.querySelector('#status').innerText.startsWith(s)", arg=status[:12])

    from PIL import Image
    pictures = [Image.open(shot) for shot in shots]
    strip = Image.new("RGB", (sum(p.width for p in pictures), max(p.height for p in pictures)), "white")
    x = 0
    for picture in pictures:
        strip.paste(picture, (x, 0))
        x += picture.width
    target = Path(os.environ["NIN_SCREENSHOT"]).with_name("stages.png") if os.environ.get("NIN_SCREENSHOT") \
        else tmp_path / "stages.png"
    strip.save(target)


def stage_view(page, path: Path) -> Path:
    """A screenshot of the answer column: the prediction, the garment, the stage slider, the curve."""
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.locator("#answer").screenshot(path=str(path))
    return path


def test_upload_a_phone_photo_shows_its_cut_out(page):
    """A real phone photo (../shared/photos, never committed) through the Upload tab: the answer (of the
    phone-photo weights), the note that it was cut out, and the photo beside its cut-out, as nin.demo answers
    the same file."""
    from nin.demo import Demo
    from nin.lab.photos import default_photos_dir, split_of

    photo = next(path for path in sorted((default_photos_dir() / "train" / "pants").glob("*.jpg"))
                 if split_of(path) == "test")
    expected = Demo.load().from_upload(photo).message
    page.get_by_role("tab", name="Upload").click()
    page.set_input_files("#upload input[type=file]", str(photo))
    page.wait_for_function("() => document.querySelector('#status').innerText.includes('Photo')")
    status = browser.status_text(page)
    assert status.startswith("Trouser"), status
    assert status.split(")")[0] == expected.replace("**", "").split(")")[0]  # the class and its probability
    assert "Read at 112×112 by the weights trained for photos" in status and "at 112×112" in expected
    page.wait_for_selector("#photo-steps img")
    assert page.get_attribute("#photo-steps img", "src").startswith("data:image/jpeg;base64,")
    assert page.query_selector("#garment img") is not None
