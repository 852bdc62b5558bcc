"""The recipe chain: the committed chain's data holds together, and a tiny chain runs in order, feeds
each step's weights to the next, skips what is done and resumes what was stopped."""

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from nin.lab import chain
from nin.lab.chain import COMMITTED, PHOTOS, Mix, Options, Step, check, commands, listing, restore, run_chain, uses

ROOT = Path(__file__).resolve().parent.parent

# Three steps: two trainings, the second from the first's weights, then their interpolation.
TINY = [
    Step("a", "tiny", epochs_scale=100, seed=1),
    Step("b", "tiny", start="a", epochs_scale=100, seed=2),
    Step("ab", None, start=Mix("a", "b", 0.25)),
]


def test_the_committed_chain_holds_together():
    check(COMMITTED)  # every step it starts from or learns from comes earlier; presets and families exist
    names = [step.name for step in COMMITTED]
    assert names[0] == "run1" and COMMITTED[0].start is None
    last = COMMITTED[-1]
    steps = {step.name: step for step in COMMITTED}
    assert steps["photos"].recipe == PHOTOS and steps["photos"].start == "run25" and steps["photos"].seed == 0
    assert steps["photos-settle"].start == "photos" and steps["photos-settle"].teacher == "run25"
    # weights/: between run 25 and the settled photos; weights/phone/: the last step, for phone photos.
    assert steps["photos-mix"].start == Mix("run25", "photos-settle", 0.8)
    assert last.name.startswith("phone") and "photos" in uses(steps["phone"])
    teachers = {step.name: step.teacher for step in COMMITTED}
    assert {teachers[f"run{n}"] for n in (10, 11, 12)} == {"run8"}  # the garments-only step
    assert {teachers[f"run{n}"] for n in (*range(14, 20), *range(20, 26))} == {"run12"}
    # weights/ holds the main weights of photos-mix and, in phone/, the last step's, pinned by the main config.
    config = json.loads((ROOT / "weights" / "config.json").read_text())
    phone = json.loads((ROOT / "weights" / "phone" / "config.json").read_text())
    assert config["sha256"] == steps["photos-mix"].sha256
    assert phone["sha256"] == last.sha256 == config["phone_photo_weights_sha256"]
    # The docs' chain table has a row for each step, in the chain's order.
    rows = re.findall(r"^\| `([\w-]+)` \|", (ROOT / "docs" / "training.md").read_text(), re.M)
    assert rows == names


def test_the_chain_knows_every_photo_recipe():
    from nin.lab.train_photos import RECIPES

    assert set(chain.PHOTO_RECIPES) == set(RECIPES)


def test_check_refuses_a_broken_chain():
    with pytest.raises(ValueError, match="not an earlier step"):
        check([Step("b", "tiny", start="a"), Step("a", "tiny")])
    with pytest.raises(ValueError, match="not an earlier step"):
        check([Step("a", "tiny"), Step("mix", None, start=Mix("a", "z"))])
    with pytest.raises(ValueError, match="held out"):
        check([Step("a", "drawings224_cached", families=("A", "B"))])
    with pytest.raises(ValueError, match="no preset"):
        check([Step("a", "no_such_preset")])
    with pytest.raises(ValueError, match="comes twice"):
        check([Step("a", "tiny"), Step("a", "tiny")])


def test_the_dry_run_prints_the_exact_commands(tmp_path, capsys):
    from nin.lab.train import main as train_main

    chain.main(["committed", "--list", "--root", str(tmp_path), "--data-dir", "data"])
    listed = capsys.readouterr().out
    root = tmp_path
    assert (f"python -m nin.lab.train --preset drawings224_cached --out {root}/run25 --seed 28 --init-weights "
            f"{root}/run24/model.safetensors --teacher {root}/run12/model.safetensors --families A,C,D,E,F,G,H "
            "--resume --data-dir data") in listed
    assert f"python -m nin.lab.interpolate {root}/run2 {root}/run3 --alpha 0.5 --out {root}/run2-3-mix" in listed
    assert f"python -m nin.lab.photos --out {root}/photos\n" in listed
    assert (f"python -m nin.lab.train_photos --recipe photos --init-weights {root}/run25/model.safetensors "
            f"--out {root}/photos --seed 0 --resume --data-dir data") in listed
    assert (f"python -m nin.lab.train_photos --recipe photos_settle --init-weights {root}/photos/model.safetensors "
            f"--teacher {root}/run25/model.safetensors --out {root}/photos-settle --seed 0 --resume") in listed
    assert (f"python -m nin.lab.interpolate {root}/run25 {root}/photos-settle --alpha 0.8 "
            f"--out {root}/photos-mix") in listed
    assert "[done]" not in listed and not any(tmp_path.iterdir())  # a dry run makes nothing
    train_main(["--chain", "committed", "--list", "--root", str(tmp_path), "--data-dir", "data"])
    assert capsys.readouterr().out == listed  # nin.lab.train --chain is the same command


def test_families_keep_the_presets_drawings_per_family():
    from nin.lab.train import PRESETS, with_families

    base = PRESETS["drawings224_cached"]  # three families, 2,000 drawings each
    seven = with_families(base, ("A", "C", "D", "E", "F", "G", "H"))
    assert seven.drawing_families == ("drawings", "freehand", "doodles", "outlines", "pictograms", "sketches", "flats")
    assert seven.drawing_bank == 14000 and dataclasses.replace(seven, drawing_families=base.drawing_families,
                                                               drawing_bank=base.drawing_bank) == base


def test_from_a_step_needs_the_weights_it_reads(tmp_path, monkeypatch, capsys):
    from nin.model import NiN
    from nin.weights import save_weights

    monkeypatch.setitem(chain.CHAINS, "tiny", TINY)
    root = tmp_path / "chain"
    with pytest.raises(SystemExit):
        chain.main(["tiny", "--from", "ab", "--root", str(root)])
    assert "ab needs the weights of a," in capsys.readouterr().err
    torch.manual_seed(0)
    for name in ("a", "b"):
        save_weights(NiN(), root / name)
    chain.main(["tiny", "--from", "ab", "--root", str(root)])
    log = capsys.readouterr().out
    assert "chain: ab: python -m nin.lab.interpolate" in log and "chain: a" not in log.replace("chain: ab", "")
    assert (root / "ab" / "model.safetensors").exists()


def test_restore_takes_a_committed_steps_weights_from_git_history(tmp_path):
    import subprocess

    from nin.model import NiN
    from nin.weights import save_weights, sha256_of

    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args):
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
                       check=True, capture_output=True)

    git("init", "-q")
    torch.manual_seed(0)
    shas = []
    for version in range(2):
        shas.append(sha256_of(save_weights(NiN(), repo / "weights")))
        git("add", "weights")
        git("commit", "-q", "-m", f"weights {version}")
    assert shas[0] != shas[1]
    root = tmp_path / "chain"
    assert restore(Step("old", "tiny", sha256=shas[0]), root, repo=repo)  # the older of the two commits
    assert sha256_of(root / "old" / "model.safetensors") == shas[0]
    assert json.loads((root / "old" / "config.json").read_text())["sha256"] == shas[0]
    assert not restore(Step("never", "tiny", sha256="0" * 64), root, repo=repo)
    assert not restore(Step("unrecorded", "tiny"), root, repo=repo)


@pytest.mark.slow
def test_a_tiny_chain_runs_skips_and_resumes(tmp_path, data_dir, capsys):
    root = tmp_path / "chain"
    options = Options(data_dir=str(data_dir), max_steps=2, train_subset=256, eval_subset=16, final_eval=False)
    listed = listing(TINY, root, options)
    b_command = commands(TINY[1], root, options)[0]
    assert str(b_command) in listed and f"--init-weights {root}/a/model.safetensors" in str(b_command)

    assert run_chain(TINY, root, options) == ["a", "b", "ab"]
    log = capsys.readouterr().out
    assert log.index(f"chain: a: python -m nin.lab.train --preset tiny --out {root}/a") < log.index(
        f"chain: b: {b_command}") < log.index("chain: ab: python -m nin.lab.interpolate")
    a, b, ab = (load_file(str(root / name / "model.safetensors")) for name in ("a", "b", "ab"))
    assert json.loads((root / "b" / "metrics.json").read_text())["steps"] == 2
    # b started from a's weights: two small steps away from them, not a new random start.
    assert max((b[k] - a[k]).abs().max().item() for k in a) < 0.05
    assert any(not torch.equal(a[k], b[k]) for k in a)
    for key in a:  # and the interpolation read the two steps' outputs
        torch.testing.assert_close(ab[key], 0.75 * a[key] + 0.25 * b[key])
    assert listing(TINY, root, options).count("[done]") == 3

    assert run_chain(TINY, root, options) == []  # everything done: skipped
    assert capsys.readouterr().out.count("skipped") == 3

    # b stopped halfway: its checkpoint at step 1, no weights yet (and what came after it not made).
    shutil.rmtree(root / "b")
    shutil.rmtree(root / "ab")
    stopped = dataclasses.replace(options, max_steps=1)
    from nin.lab.train import main as train_main
    train_main(list(commands(TINY[1], root, stopped)[0].argv[1:]))
    (root / "b" / "model.safetensors").unlink()
    (root / "b" / "config.json").unlink()
    assert json.loads((root / "b" / "checkpoint.json").read_text())["step"] == 1
    capsys.readouterr()

    assert run_chain(TINY, root, options) == ["b", "ab"]
    log = capsys.readouterr().out
    assert "chain: a is done" in log and "at step 1/" in log  # a skipped, b resumed from its step 1
    resumed = load_file(str(root / "b" / "model.safetensors"))
    assert all(torch.equal(resumed[k], b[k]) for k in b)  # as if it had never stopped
    mixed = load_file(str(root / "ab" / "model.safetensors"))
    assert all(torch.equal(mixed[k], ab[k]) for k in ab)
