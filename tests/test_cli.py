"""The committed weights on the full test set, evaluation's JSON form, and nin.predict."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from PIL import Image

from corpus import bad_input_corpus
from nin.lab.data import load_split
from nin.weights import BUNDLED_WEIGHTS_DIR, read_config

ROOT = Path(__file__).resolve().parent.parent


def card_accuracy() -> float:
    """The test accuracy the model card declares in its metadata."""
    card = (BUNDLED_WEIGHTS_DIR / "README.md").read_text()
    front_matter = card.split("---")[1]
    match = re.search(r"type:\s*accuracy\s*\n\s*value:\s*([0-9.]+)", front_matter)
    assert match, "the model card's metadata has no accuracy metric"
    return float(match.group(1))


@pytest.mark.slow
def test_committed_weights_reach_the_model_card_accuracy(data_dir, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "nin.lab.evaluate", "--json", "--data-dir", str(data_dir), "--out", str(tmp_path),
         "--drawings", "0"], capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["n"] == 10_000
    declared = card_accuracy()
    assert report["accuracy"] >= declared - 0.005, (report["accuracy"], declared)
    assert abs(read_config(BUNDLED_WEIGHTS_DIR / "config.json")["test_accuracy"] - declared) < 1e-9
    assert set(report["per_class"]) == {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                                        "Shirt", "Sneaker", "Bag", "Ankle boot"}
    assert (tmp_path / "confusion_matrix.png").exists() and (tmp_path / "confident_mistakes.png").exists()


def test_predict_json_for_good_and_bad_files(data_dir, tmp_path):
    images, labels = load_split(data_dir, train=False)
    garment = tmp_path / "garment.png"
    Image.fromarray(images[0].numpy()).save(garment)
    drawing = ROOT / "examples" / "8_bag.png"
    bad = [path for _, path, expected in bad_input_corpus(tmp_path / "corpus") if expected == "error"][:4]
    paths = [str(garment), str(drawing)] + [str(p) for p in bad] + [str(tmp_path / "missing.png")]
    result = subprocess.run([sys.executable, "-m", "nin.predict", "--json", *paths], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1  # some files could not be used
    assert "Traceback" not in result.stderr
    answers = json.loads(result.stdout)
    assert [a["path"] for a in answers] == paths
    first = answers[0]
    assert set(first) == {"path", "index", "label", "probabilities", "none_of_these"}
    assert first["none_of_these"] == (max(first["probabilities"].values()) < json.loads(
        (Path(__file__).parents[1] / "weights" / "config.json").read_text())["none_below"])
    assert abs(sum(first["probabilities"].values()) - 1) < 1e-4 and len(first["probabilities"]) == 10
    assert first["label"] == max(first["probabilities"], key=first["probabilities"].get)
    assert "label" in answers[1]
    for answer in answers[2:]:
        assert set(answer) == {"path", "error"} and answer["error"].endswith(".")


def test_predict_text_output_and_exit_status(tmp_path):
    trouser = str(ROOT / "examples" / "1_trouser.png")
    result = subprocess.run([sys.executable, "-m", "nin.predict", "--top", "2", trouser],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith(str(ROOT / "examples" / "1_trouser.png") + ": ") and line.count(",") == 1


@pytest.mark.slow
def test_evaluation_side_by_side_keeps_the_order(data_dir):
    """nin.lab.evaluate runs small batches on several threads at once: the logits come back in the
    images' order and equal one batch after another's."""
    from nin.inference import Predictor
    from nin.lab.data import load_split
    from nin.lab.evaluate import predict_all

    images, _ = load_split(data_dir, train=False)
    images = images[:37]  # five batches of 8, the last one short
    predictor = Predictor.load(str(BUNDLED_WEIGHTS_DIR))
    threads = torch.get_num_threads()
    side_by_side = predict_all(predictor, images, workers=2, progress=False)
    assert torch.get_num_threads() == threads  # the process's setting is given back
    one_by_one = torch.cat([predictor.logits(images[i:i + 1]) for i in range(len(images))])
    assert side_by_side.shape == (37, 10)
    torch.testing.assert_close(side_by_side, one_by_one, rtol=1e-4, atol=1e-4)
