"""Watch it learn: nin.lab.train keeps snapshots, nin.history serves them, and the committed stages
give the page answers that change from random weights to trained."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors import safe_open

from nin.demo import Demo
from nin.history import KEEP_IN_MEMORY, History
from nin.lab.train import Recipe, Run, train
from nin.weights import BUNDLED_WEIGHTS_DIR, WeightsError, sha256_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.png"))
SNAPSHOTS = (0, 2, 4, 8)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory, data_dir) -> Path:
    """A short run from scratch that keeps its weights at SNAPSHOTS: a weights folder with history/."""
    out = tmp_path_factory.mktemp("history_run")
    recipe = Recipe(stages=[[80, 8]], lr=1e-3, batch_size=32, warmup=0.1, augment=False, snapshots=SNAPSHOTS)
    train(recipe, Run(out=out, data_dir=data_dir, train_subset=32, eval_subset=64, eval_every_epochs=100,
                      final_eval=False, log_every=1, checkpoint_minutes=60))
    return out


def test_snapshots_are_half_size_pinned_and_indexed(run_folder):
    index = json.loads((run_folder / "history" / "history.json").read_text())
    assert [s["step"] for s in index["stages"]] == list(SNAPSHOTS)
    assert len(index["curve"]) == 8 and index["curve"][-1]["step"] == 8
    full = (run_folder / "model.safetensors").stat().st_size
    for stage in index["stages"]:
        weights = run_folder / "history" / stage["folder"] / "model.safetensors"
        assert sha256_of(weights) == stage["sha256"]
        assert weights.stat().st_size < 0.55 * full
        with safe_open(str(weights), "pt") as f:
            assert {f.get_tensor(k).dtype for k in f.keys()} == {torch.float16}
        assert 0 <= stage["test_accuracy"] <= 1 and stage["test_loss"] > 0 and stage["test_n"] == 64
    # The last snapshot is the run's end: the same numbers as the exported fp32 weights, rounded to fp16.
    last = History.open(Demo.load(str(run_folder)))[0].demo(len(SNAPSHOTS) - 1).predictor.model.state_dict()
    final = Demo.load(str(run_folder)).predictor.model.state_dict()
    for key in final:
        torch.testing.assert_close(last[key], final[key].half().float())


def test_stages_load_lazily_a_few_at_a_time(run_folder):
    history, note = History.open(Demo.load(str(run_folder)))
    assert note == "" and len(history.stages) == len(SNAPSHOTS) + 1
    assert [s.title for s in history.stages][0] == "random weights" and history.stages[-1].title == "trained"
    assert history.loaded() == []
    for index in range(len(SNAPSHOTS)):
        history.demo(index)
    assert len(history.loaded()) == KEEP_IN_MEMORY and history.loaded()[-1] == len(SNAPSHOTS) - 1
    assert history.demo(history.last) is history.trained
    # Out of range or not a number: the trained stage, never an error.
    assert history.index_of(99) == history.index_of("x") == history.index_of(None) == history.last


def test_a_tampered_stage_is_refused(run_folder, tmp_path):
    folder = tmp_path / "weights"
    shutil.copytree(run_folder, folder, ignore=shutil.ignore_patterns("checkpoint*"))
    stage = next((folder / "history").glob("step-00002"))
    data = bytearray((stage / "model.safetensors").read_bytes())
    data[-1] ^= 1
    (stage / "model.safetensors").write_bytes(bytes(data))
    history, _ = History.open(Demo.load(str(folder)))
    with pytest.raises(WeightsError, match="sha256 mismatch"):
        history.demo(1)
    history.demo(0)  # the others still load


def test_weights_without_history_give_a_note_not_an_error(run_folder, tmp_path):
    folder = tmp_path / "weights"
    folder.mkdir()
    for name in ("model.safetensors", "config.json"):
        shutil.copy(run_folder / name, folder / name)
    history, note = History.open(Demo.load(str(folder)))
    assert history is None and "not available" in note and "history.json" in note


def test_curve_picture_marks_the_chosen_stage(run_folder):
    history, _ = History.open(Demo.load(str(run_folder)))
    first, last = np.asarray(history.curve_picture(0)), np.asarray(history.curve_picture(history.last))
    assert first.shape == last.shape and first.shape[0] > 100 and not np.array_equal(first, last)


# --------------------------------------------------------------------------- the committed stages


@pytest.fixture(scope="module")
def bundled():
    history, note = History.open(Demo.load(str(BUNDLED_WEIGHTS_DIR)))
    assert history is not None, note
    return history


def test_committed_stages_verify_and_improve(bundled):
    assert len(bundled.stages) >= 6
    first, last = bundled.stages[0], bundled.stages[-1]
    assert first.step == 0 and first.test_accuracy < 0.2 and last.test_accuracy > 0.9
    assert bundled.stages[-2].test_accuracy > 0.5  # the end of the run from scratch
    for index in range(bundled.last):
        assert bundled.demo(index).weights_sha256 == bundled.stages[index].sha256


def test_the_answer_forms_between_first_and_last_stage_and_matches_predict(bundled):
    """The same drawing through the random and the trained stage gives different answers; each
    stage answers exactly as `python -m nin.predict --weights weights/history/<stage>` does."""
    drawing = str(EXAMPLES[0])
    pages = [bundled.demo(i).from_sketch(drawing) for i in (0, bundled.last)]
    random_answer, trained_answer = (p.confidences for p in pages)
    assert max(random_answer.values()) < 0.5 < max(trained_answer.values())
    assert max(random_answer, key=random_answer.get) != max(trained_answer, key=trained_answer.get) or \
        abs(max(random_answer.values()) - max(trained_answer.values())) > 0.3

    stage = 2
    folder = BUNDLED_WEIGHTS_DIR / "history" / bundled.stages[stage].folder
    cli = subprocess.run([sys.executable, "-m", "nin.predict", "--json", "--weights", str(folder), drawing],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    from nin.images import to_garment
    analysis = bundled.demo(stage).predictor.analyze(to_garment(drawing).pixels, layers=set(), cam=False)
    expected = analysis.confidences()
    got = json.loads(cli.stdout)[0]["probabilities"]
    assert got == pytest.approx(expected, abs=1e-6)


def test_committed_stages_are_a_few_mb_each(bundled):
    sizes = [(BUNDLED_WEIGHTS_DIR / "history" / s.folder / "model.safetensors").stat().st_size
             for s in bundled.stages[:-1]]
    assert max(sizes) < 5e6
