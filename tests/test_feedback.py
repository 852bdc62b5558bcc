"""'That's wrong — it's a …': corrected drawings kept in a bounded, documented folder, safe under
parallel saves, never served by the app, scored by nin.lab.evaluate --drawings-dir, and the whole
loop in a real browser."""

import json
import multiprocessing
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest
from PIL import Image
from playwright import sync_api

from benchmarks import browser
from nin.feedback import METADATA, FeedbackFull, FeedbackStore, read_folder
from nin.preprocess import CLASSES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.png"))
PROBABILITIES = {name: (0.9 if name == "Bag" else 0.1 / 9) for name in CLASSES}


def save_one(store: FeedbackStore, label: int = 4, seed: int = 0) -> dict:
    drawing = Image.open(EXAMPLES[label])
    garment = np.random.default_rng(seed).random((28, 28), dtype=np.float32)
    return store.save(label, drawing, garment, PROBABILITIES, "ab" * 32)


def test_a_saved_drawing_is_two_pngs_and_one_line(tmp_path):
    entry = save_one(FeedbackStore(tmp_path))
    lines = (tmp_path / METADATA).read_text().splitlines()
    assert [json.loads(line) for line in lines] == [entry]
    assert entry["label"] == "Coat" and entry["predicted"] == "Bag" and entry["weights_sha256"] == "ab" * 32
    assert Image.open(tmp_path / entry["file_name"]).mode == "L"
    assert Image.open(tmp_path / entry["garment"]).size == (28, 28)
    assert set(entry) == {"file_name", "garment", "label", "label_index", "predicted", "probabilities",
                          "weights_sha256", "saved"}  # nothing about who sent it
    assert read_folder(tmp_path) == [((tmp_path / entry["file_name"]).resolve(), 4)]


def test_limits_refuse_politely_and_write_nothing(tmp_path):
    store = FeedbackStore(tmp_path, max_entries=2)
    save_one(store), save_one(store)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(FeedbackFull, match="not kept"):
        save_one(store)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    with pytest.raises(FeedbackFull):
        save_one(FeedbackStore(tmp_path / "small", max_bytes=100))


def test_parallel_saves_lose_and_mix_nothing(tmp_path):
    store = FeedbackStore(tmp_path)
    with ThreadPoolExecutor(16) as pool:
        entries = list(pool.map(lambda i: save_one(store, i % 10, i), range(64)))
    lines = [json.loads(line) for line in (tmp_path / METADATA).read_text().splitlines()]
    assert sorted(map(json.dumps, lines)) == sorted(map(json.dumps, entries))
    assert len({e["file_name"] for e in lines}) == 64
    assert all((tmp_path / e["file_name"]).is_file() and (tmp_path / e["garment"]).is_file() for e in lines)


def _save_in_process(folder: str) -> None:
    for i in range(5):
        save_one(FeedbackStore(Path(folder)), i, i)


@pytest.mark.slow
def test_saves_from_several_processes(tmp_path):
    """Replicas may share one folder: the lock file serialises processes too."""
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_save_in_process, args=(str(tmp_path),)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert all(process.exitcode == 0 for process in processes)
    lines = (tmp_path / METADATA).read_text().splitlines()
    assert len(lines) == 20 and all(json.loads(line)["file_name"] for line in lines)


def test_evaluate_scores_a_feedback_folder(tmp_path):
    store = FeedbackStore(tmp_path)
    for label in range(10):
        save_one(store, label)
    out = subprocess.run([sys.executable, "-m", "nin.lab.evaluate", "--drawings-dir", str(tmp_path), "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert result["n"] == 10 and set(result["per_class"]) == set(CLASSES)
    assert result["accuracy"] >= 0.5  # the example drawings, labelled with their own classes


def test_the_whole_loop_in_a_browser(app_url, feedback_dir):
    """Draw, say it is something else, find the entry on disk, score the folder; the folder is not served."""
    assert Path(browser.CHROMIUM).exists(), "no Chromium: run bash tests/install-browser.sh"
    with sync_api.sync_playwright() as playwright:
        chromium, page = browser.launch(playwright)
        try:
            browser.open_app(page, app_url)
            browser.instrument(page)
            browser.draw(page, browser.GARMENTS["Trouser"])
            browser.answer_for_drawing(page)
            page.click("#correct-class input")
            page.get_by_role("option", name="Dress", exact=True).click()
            page.click("#send-correction")
            page.wait_for_function("() => document.querySelector('#feedback-note').innerText.includes('Thank you')")
        finally:
            chromium.close()
    [entry] = [json.loads(line) for line in (feedback_dir / METADATA).read_text().splitlines()]
    assert entry["label"] == "Dress" and entry["predicted"] in CLASSES
    assert Image.open(feedback_dir / entry["file_name"]).size == (448, 448)
    out = subprocess.run([sys.executable, "-m", "nin.lab.evaluate", "--drawings-dir", str(feedback_dir), "--json"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["n"] == 1
    for path in (feedback_dir / entry["file_name"], feedback_dir / METADATA):
        assert httpx.get(f"{app_url}/gradio_api/file={path}", timeout=30).status_code in (403, 404)
