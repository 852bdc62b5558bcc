"""'That's wrong — it's a …': corrected drawings kept in a bounded, documented folder, safe under
parallel saves, never served by the app, scored by nin.lab.evaluate --drawings-dir, and the whole
loop in a real browser. What is kept is what the server knows (the model's answer recomputed, never the
page's), in strict JSON, and no visitor can fill the folder (rate limits per session and address)."""

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

from benchmarks import browser, soak
from nin.feedback import (
    MAX_DRAWING_SIDE,
    METADATA,
    RATE_LIMITS,
    FeedbackFull,
    FeedbackStore,
    RateLimit,
    TooOften,
    read_folder,
    read_line,
)
from nin.preprocess import CLASSES
from nin.sketch_values import pad_value

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


def test_every_line_is_strict_json(tmp_path):
    store = FeedbackStore(tmp_path)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            store.save(4, Image.open(EXAMPLES[4]), np.zeros((28, 28), np.float32), {**PROBABILITIES, "Bag": bad},
                       "ab" * 32)
    with pytest.raises(ValueError):  # made-up classes: not the model's answer
        store.save(4, Image.open(EXAMPLES[4]), np.zeros((28, 28), np.float32), {"<script>": 1.0}, "ab" * 32)
    assert not (tmp_path / METADATA).exists()
    entry = save_one(store)
    assert read_line((tmp_path / METADATA).read_text().splitlines()[0]) == entry
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ValueError, match="not JSON"):
            read_line('{"label": "Coat", "p": %s}' % constant)
    (tmp_path / METADATA).write_text('{"file_name": "drawings/x.png", "label_index": NaN}\n')
    with pytest.raises(ValueError):
        read_folder(tmp_path)


def test_a_rate_limit_is_a_sliding_window():
    limit = RateLimit(3, 60)
    assert [limit.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allow("b", now=3)                       # another key has its own count
    assert not limit.allow("a", now=59.9) and limit.allow("a", now=60.5)
    limit.allow("c", now=200)                            # a quiet key is forgotten once a window
    assert set(limit.times) == {"c"}
    few = RateLimit(1, 60, max_keys=2)                   # and past max_keys, the longest-known one
    assert few.allow("x", now=0) and few.allow("y", now=1) and few.allow("z", now=2)
    assert list(few.times) == ["y", "z"]


def test_one_visitor_cannot_fill_the_folder(tmp_path):
    """10 a minute per session; per address 20 a minute, whatever its sessions, and 200 a day: at most
    200 drawings of at most 448x448 (a 4,000 x 4,000 upload is shrunk), a fifth of the folder's 200 MB."""
    store = FeedbackStore(tmp_path)
    assert all(store.check_rate("s1", "10.0.0.1") is None for _ in range(10))
    with pytest.raises(TooOften, match="try again"):
        store.check_rate("s1", "10.0.0.2")
    for session in range(10):  # new sessions, same address: 10 + 10 = 20 in the minute
        store.check_rate(f"other{session}", "10.0.0.1")
    with pytest.raises(TooOften):
        store.check_rate("a new session", "10.0.0.1")
    store.check_rate("elsewhere", "10.0.0.9")  # another address is not held back
    per_day = min(limit for limit, window in RATE_LIMITS["address"] if window >= 24 * 3600)
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 256, (4000, 4000), dtype=np.uint8))
    entry = store.save(2, noise, np.zeros((28, 28), np.float32), PROBABILITIES, "ab" * 32)
    drawing = tmp_path / entry["file_name"]
    assert max(Image.open(drawing).size) == MAX_DRAWING_SIDE
    largest_entry = drawing.stat().st_size + (tmp_path / entry["garment"]).stat().st_size + 1000
    assert per_day * largest_entry <= store.max_bytes / 4 and per_day <= store.max_entries / 20


def _keep(session: soak.Session, drawing, class_name: str = "Coat") -> str:
    reply = session.call("keep", [drawing, None, None, class_name, None])
    assert reply.status == 200 and reply.success, reply
    return reply.output[0]


def test_the_app_keeps_the_models_answer_not_the_pages(app_url, feedback_dir):
    """The event takes no answer from the page: what is kept is recomputed from the garment the server
    kept, and the drawing must be the one that gave it."""
    events = soak.event_indexes(app_url)
    session = soak.Session(app_url, events)
    path = feedback_dir / METADATA
    before = path.read_text().splitlines() if path.exists() else []
    dress = pad_value(EXAMPLES[3])
    assert "Draw or upload" in _keep(session, dress)  # nothing answered yet in this session
    answer = session.draw(dress)
    assert soak.answered(answer)
    shown = {c["label"]: c["confidence"] for c in answer.output[0]["confidences"]}
    # The page's label is not an input any more: the old forged request (a made-up answer before the class)
    # keeps nothing.
    forged = session.call("keep", [dress, None, None, {"label": "<script>", "confidences": []}, "Coat", None])
    assert forged.status == 200 and "Thank you" not in str(forged.output)
    assert (path.read_text().splitlines() if path.exists() else []) == before
    assert "not the drawing" in _keep(session, pad_value(EXAMPLES[7]))
    assert "Thank you" in _keep(session, dress, "Coat")
    [line] = path.read_text().splitlines()[len(before):]
    entry = read_line(line)
    assert entry["label"] == "Coat" and entry["predicted"] == answer.output[0]["label"]
    assert entry["probabilities"] == pytest.approx(shown, abs=1e-4)
    session.close()


def test_the_app_limits_saves_per_session_politely(app_url, feedback_dir):
    """The eleventh save within a minute from one session is refused with a sentence; nothing is written.
    (Run after the browser's loop: the address's limit, 20 a minute, is shared by every test.)"""
    events = soak.event_indexes(app_url)
    session = soak.Session(app_url, events)
    drawing = pad_value(EXAMPLES[5])
    assert soak.answered(session.draw(drawing))
    path = feedback_dir / METADATA
    lines = len(path.read_text().splitlines()) if path.exists() else 0
    notes = [_keep(session, drawing, CLASSES[i % 10]) for i in range(11)]
    assert all("Thank you" in note for note in notes[:10]) and "try again" in notes[10]
    assert len(path.read_text().splitlines()) == lines + 10
    session.close()


def test_a_phone_photos_correction_matches_the_detail_its_weights_read(tmp_path):
    """A phone photo's kept garment is the 112x112 detail the phone-photo weights read: the upload that
    made it is found by it, another photo is not."""
    from test_photo import jpeg, textured_photo

    from nin.feedback import drawing_of
    from nin.images import ImageInputError, to_garment

    path, other = tmp_path / "bed.jpg", tmp_path / "other.jpg"
    path.write_bytes(jpeg(textured_photo()[0]))
    other.write_bytes(jpeg(textured_photo(garment=(30, 60, 200), seed=3)[0].rotate(20)))
    garment = to_garment(str(path))
    assert drawing_of(garment.detail.numpy(), upload_path=str(path)).size == (300, 400)
    assert drawing_of(garment.pixels.numpy(), upload_path=str(path)).size == (300, 400)
    with pytest.raises(ImageInputError, match="not the drawing"):
        drawing_of(garment.detail.numpy(), upload_path=str(other))
