"""Training: a few steps on a small subset learn, and a checkpoint resumes to the same state."""

import dataclasses
import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from nin.lab.train import PRESETS, Plan, Recipe, Run, main, train

# The smoke run: 4,096 images, a bit more than 1.5 epochs at 96 px, then a few steps at 112.
LEARN = Recipe(stages=[[96, 1.5], [112, 0.25]], lr=1e-3, batch_size=64, warmup=0.1, augment=False)
# For resuming: one batch of 32 images, seen again and again.
SMOKE = Recipe(stages=[[80, 10], [96, 4]], lr=1e-3, batch_size=32, warmup=0.05, augment=False)


@pytest.fixture
def fp32(monkeypatch):
    """Train in fp32 on every CPU: bf16 autocast (native on some CPUs) rounds more than the small
    differences that the tests using this compare, after a few steps of a random network."""
    monkeypatch.setenv("NIN_PRECISION", "fp32")


def run(tmp_path, data_dir, name, recipe=SMOKE, train_subset=32, **kwargs):
    return train(dataclasses.replace(recipe), Run(out=tmp_path / name, data_dir=data_dir, train_subset=train_subset,
                                                  eval_subset=64, eval_every_epochs=100, final_eval=False, log_every=1,
                                                  checkpoint_minutes=60, **kwargs))


@pytest.mark.slow
def test_a_few_steps_lower_the_loss(tmp_path, data_dir):
    torch.set_flush_denormal(False)  # as in a fresh process, whatever earlier tests set
    metrics = run(tmp_path, data_dir, "smoke", recipe=LEARN, train_subset=4096)
    history = metrics["history"]
    assert len(history) == 112  # 64 steps per epoch
    first, last = history[:20], history[-20:]
    assert sum(h["loss"] for h in last) / 20 < sum(h["loss"] for h in first) / 20 - 0.05
    assert history[-1]["size"] == 112  # progressive resizing reached the last stage
    out = tmp_path / "smoke"
    for name in ("model.safetensors", "config.json", "metrics.json", "training_curve.png", "checkpoint.safetensors"):
        assert (out / name).exists(), name
    config = json.loads((out / "config.json").read_text())
    assert config["input_size"] == 224 and len(config["classes"]) == 10 and len(config["sha256"]) == 64


@pytest.mark.slow
def test_checkpoint_resumes_to_the_same_state(tmp_path, data_dir):
    straight = run(tmp_path, data_dir, "straight", max_steps=12)
    run(tmp_path, data_dir, "split", max_steps=6)
    resumed = run(tmp_path, data_dir, "split", max_steps=12, resume=True)
    assert resumed["steps"] == straight["steps"] == 12
    a = load_file(str(tmp_path / "straight" / "checkpoint.safetensors"))
    b = load_file(str(tmp_path / "split" / "checkpoint.safetensors"))
    assert a.keys() == b.keys() and any(k.startswith("optim.") for k in a)
    for key in a:
        assert torch.equal(a[key], b[key]), key
    assert [h["loss"] for h in straight["history"]] == [h["loss"] for h in resumed["history"]]


@pytest.mark.slow
def test_moving_average_resumes_and_is_exported(tmp_path, data_dir):
    """With recipe.ema the averaged weights are checkpointed (a resumed run averages the same steps),
    differ from the last step's, and are exported as OUT/ema/."""
    recipe = dataclasses.replace(SMOKE, ema=0.9)
    straight = run(tmp_path, data_dir, "straight", recipe=recipe, max_steps=12)
    run(tmp_path, data_dir, "split", recipe=recipe, max_steps=6)
    run(tmp_path, data_dir, "split", recipe=recipe, max_steps=12, resume=True)
    a = load_file(str(tmp_path / "straight" / "checkpoint.safetensors"))
    b = load_file(str(tmp_path / "split" / "checkpoint.safetensors"))
    assert a["ema.n_averaged"].item() == 12
    for key in a:
        assert torch.equal(a[key], b[key]), key
    last = load_file(str(tmp_path / "straight" / "model.safetensors"))
    averaged = load_file(str(tmp_path / "straight" / "ema" / "model.safetensors"))
    assert last.keys() == averaged.keys()
    weight = "block1.conv.weight"
    assert not torch.equal(last[weight], averaged[weight])
    assert torch.allclose(averaged[weight], a[f"ema.module.{weight}"].to(averaged[weight].dtype))
    assert straight["steps"] == 12


@pytest.mark.slow
def test_cached_frozen_features_train_the_top_and_resume(tmp_path, data_dir, fp32):
    """recipe.cache_frozen: blocks 1-2 run once per garment and drawing (their fp16 outputs kept in
    features_dir for the next run), the top blocks learn from them, and --resume gives the unbroken run."""
    from nin.lab.train import frozen_features
    from nin.model import NiN
    from nin.preprocess import to_model_input
    from nin.weights import save_weights

    torch.manual_seed(0)
    start_model = NiN()
    start_model.reset_parameters()
    start = save_weights(start_model, tmp_path / "start")
    recipe = dataclasses.replace(SMOKE, stages=[[96, 10]], drawing_share=0.25, drawing_bank=8, distill=1.0,
                                 frozen=("block1", "block2"), cache_frozen=True)
    features = tmp_path / "features"
    straight = run(tmp_path, data_dir, "straight", recipe=recipe, max_steps=8, init_weights=start,
                   features_dir=str(features))
    kept = list(features.glob("*.safetensors"))
    assert len(kept) == 1
    stamp = kept[0].stat().st_mtime_ns
    run(tmp_path, data_dir, "split", recipe=recipe, max_steps=4, init_weights=start, features_dir=str(features))
    resumed = run(tmp_path, data_dir, "split", recipe=recipe, max_steps=8, init_weights=start,
                  features_dir=str(features), resume=True)
    assert kept[0].stat().st_mtime_ns == stamp, "the kept features were reused, not computed again"
    a = load_file(str(tmp_path / "straight" / "checkpoint.safetensors"))
    b = load_file(str(tmp_path / "split" / "checkpoint.safetensors"))
    for key in a:
        assert torch.equal(a[key], b[key]), key
    assert [h["loss"] for h in straight["history"]] == [h["loss"] for h in resumed["history"]]
    before, after = load_file(str(start)), load_file(str(tmp_path / "straight" / "model.safetensors"))
    assert all(torch.equal(before[k], after[k]) for k in before if k.startswith(("block1.", "block2.")))
    assert not torch.equal(before["block3.conv.weight"], after["block3.conv.weight"])
    # The kept features are what blocks 1-2 make of the garments at the stage's size.
    from nin.lab.data import load_split
    garments = load_split(data_dir, train=True)[0][:32]
    bottom = torch.nn.Sequential(*list(start_model)[:4]).eval()
    cached = frozen_features(bottom, garments, torch.device("cpu"), 96, features)
    with torch.no_grad():
        exact = bottom(to_model_input(garments, 96))
    torch.testing.assert_close(cached.float(), exact, rtol=2e-3, atol=2e-3)
    try:
        run(tmp_path, data_dir, "shifted", recipe=dataclasses.replace(recipe, augment=True), max_steps=1,
            init_weights=start, features_dir=str(features))
    except ValueError as error:
        assert "augment=False" in str(error)
    else:
        raise AssertionError("a cached run cannot augment its garments")


def test_plan_sizes_and_schedule():
    plan = Plan(PRESETS["cpu"], 60_000)
    assert plan.size(0) == 96 and plan.size(plan.total_steps - 1) == 224
    lrs = [plan.lr(s) for s in range(plan.total_steps)]
    assert max(lrs) == PRESETS["cpu"].lr and lrs[-1] < 0.02 * max(lrs)
    d2l = Plan(PRESETS["d2l"], 60_000)
    assert d2l.total_steps == 10 * (60_000 // 128) and d2l.lr(100) == 0.1 and PRESETS["d2l"].optimizer == "sgd"


def test_cli_reports_missing_data(tmp_path, capsys):
    try:
        main(["--preset", "tiny", "--data-dir", str(tmp_path), "--out", str(tmp_path / "run")])
    except SystemExit as exit:
        assert "Fashion-MNIST not found" in str(exit.code)
    else:
        raise AssertionError("training without data should stop with a message")


def test_frozen_blocks_and_mixed_in_drawings(tmp_path, data_dir):
    """drawings224's mechanics in miniature: frozen blocks keep their weights, and generated drawings
    plus a feedback folder's drawings are mixed into the batches (made once, kept for --resume)."""
    from PIL import Image

    from nin.feedback import FeedbackStore
    from nin.model import NiN
    from nin.preprocess import CLASSES
    from nin.weights import save_weights

    store = FeedbackStore(tmp_path / "feedback")
    examples = sorted((Path(__file__).parent.parent / "examples").glob("*.png"))
    for label in (1, 8):
        store.save(label, Image.open(examples[label]), torch.zeros(28, 28).numpy(), dict.fromkeys(CLASSES, 0.1),
                   "0" * 64)
    torch.manual_seed(0)
    start = save_weights(NiN(), tmp_path / "start")
    recipe = dataclasses.replace(SMOKE, drawing_share=0.5, drawing_bank=6, frozen=("block1", "block2"))
    run(tmp_path, data_dir, "mixed", recipe=recipe, max_steps=2, init_weights=start,
        drawings_dir=tmp_path / "feedback")
    before, after = load_file(str(start)), load_file(str(tmp_path / "mixed" / "model.safetensors"))
    assert all(torch.equal(before[k], after[k]) for k in before if k.startswith(("block1.", "block2.")))
    assert not all(torch.equal(before[k], after[k]) for k in before if k.startswith("block3."))
    bank = load_file(str(tmp_path / "mixed" / "drawings.safetensors"))
    assert bank["garments"].shape == (6, 1, 28, 28)


def test_drawing_bank_shares_its_families(tmp_path):
    """A two-family recipe's bank: each family's own drawings, in equal shares, kept for --resume."""
    from nin.lab import families
    from nin.lab.train import _drawing_bank, with_families

    recipe = dataclasses.replace(with_families(PRESETS["drawings224_distill"], ("A", "C")), drawing_bank=8)
    garments, labels = _drawing_bank(recipe, tmp_path, seed=5)
    for part, family in zip((slice(0, 4), slice(4, 8)), (families.get("drawings"), families.get("freehand"))):
        made, made_labels = family.training_drawings(4, 5)
        assert torch.equal(garments[part], made) and torch.equal(labels[part], made_labels)
    assert not torch.equal(garments[:4], garments[4:])
    kept = load_file(str(tmp_path / "drawings.safetensors"))
    assert torch.equal(kept["garments"], garments)


@pytest.mark.slow
def test_distillation_keeps_the_garments_answers(tmp_path, data_dir, fp32):
    """drawings224_distill's mechanics in miniature: the same steps with the distillation term move the
    garments' answers less far from the starting weights' than without it; frozen_prefix counts the
    leading layers that the model and the starting weights compute once, together."""
    from nin.lab.data import load_split
    from nin.lab.train import distillation_loss, frozen_prefix
    from nin.model import NiN
    from nin.preprocess import to_model_input
    from nin.weights import save_weights

    torch.manual_seed(0)
    start_model = NiN()
    start_model.reset_parameters()
    start = save_weights(start_model, tmp_path / "start")
    garments, _ = load_split(data_dir, train=False)
    x = to_model_input(garments[:64].unsqueeze(1).float() / 255.0, 96)
    start_model.eval()
    with torch.no_grad():
        start_logits = start_model(x)

    def drift(distill: float) -> float:
        recipe = dataclasses.replace(SMOKE, lr=3e-3, drawing_share=0.5, drawing_bank=8, frozen=("block1",),
                                     distill=distill)
        run(tmp_path, data_dir, f"distill{distill}", recipe=recipe, max_steps=6, init_weights=start, train_subset=64)
        model = NiN()
        model.load_state_dict(load_file(str(tmp_path / f"distill{distill}" / "model.safetensors")))
        with torch.no_grad():
            return distillation_loss(model.eval()(x), start_logits).item()

    without, with_distillation = drift(0.0), drift(10.0)
    assert with_distillation < 0.5 * without, (with_distillation, without)
    assert distillation_loss(start_logits, start_logits).item() < 1e-6
    frozen = NiN()
    frozen.block1.requires_grad_(False)
    assert frozen_prefix(frozen) == 2  # block1 and pool1


def test_interpolated_weights_lie_between_their_sources(tmp_path):
    from nin.lab.interpolate import interpolate, main
    from nin.model import NiN
    from nin.weights import load_model, read_config, save_weights, sha256_of

    torch.manual_seed(0)
    start, tuned = save_weights(NiN(), tmp_path / "start"), save_weights(NiN(), tmp_path / "tuned")
    main([str(tmp_path / "start"), str(tmp_path / "tuned"), "--alpha", "0.25", "--out", str(tmp_path / "between")])
    model, info = load_model(str(tmp_path / "between"))  # a folder the app loads, its sha256 checked
    a, b = load_file(str(start)), load_file(str(tuned))
    for key, value in model.state_dict().items():
        torch.testing.assert_close(value, 0.75 * a[key] + 0.25 * b[key])
    assert info.verified and read_config(tmp_path / "between" / "config.json")["interpolated"] == {
        "alpha": 0.25, "start": sha256_of(start), "tuned": sha256_of(tuned)}
    assert all(torch.equal(interpolate(a, b, 0.0)[k], a[k]) for k in a)
    try:
        interpolate(a, {k: v for k, v in b.items() if not k.startswith("block4.")}, 0.5)
    except ValueError as error:
        assert "not of the same network" in str(error)
    else:
        raise AssertionError("weights of different networks must not be interpolated")


@pytest.mark.slow
def test_teacher_is_the_distillation_target(tmp_path, data_dir, fp32):
    """--teacher: the garments' answers are pulled towards the teacher's, not the starting weights'; a
    teacher whose frozen blocks differ from the model's is refused (it would read other features)."""
    from nin.lab.data import load_split
    from nin.lab.train import distillation_loss
    from nin.model import NiN
    from nin.preprocess import to_model_input
    from nin.weights import save_weights

    torch.manual_seed(0)
    start_model = NiN()
    start_model.reset_parameters()
    start = save_weights(start_model, tmp_path / "start")
    teacher_model = NiN()
    teacher_model.load_state_dict(start_model.state_dict())
    torch.nn.init.normal_(teacher_model.block4.conv1x1_b.weight, std=0.5)  # other answers, same blocks 1-3
    teacher = save_weights(teacher_model, tmp_path / "teacher")
    garments, _ = load_split(data_dir, train=False)
    x = to_model_input(garments[:64].unsqueeze(1).float() / 255.0, 96)
    with torch.no_grad():
        teacher_logits = teacher_model.eval()(x)

    def distance_to_teacher(**kwargs) -> float:
        name = "taught" if kwargs else "alone"
        recipe = dataclasses.replace(SMOKE, lr=3e-3, frozen=("block1",), distill=10.0)
        run(tmp_path, data_dir, name, recipe=recipe, max_steps=6, init_weights=start, train_subset=64, **kwargs)
        model = NiN()
        model.load_state_dict(load_file(str(tmp_path / name / "model.safetensors")))
        with torch.no_grad():
            return distillation_loss(model.eval()(x), teacher_logits).item()

    assert distance_to_teacher(teacher=teacher) < 0.5 * distance_to_teacher()
    torch.nn.init.normal_(teacher_model.block1.conv.weight)
    other_features = save_weights(teacher_model, tmp_path / "other")
    with pytest.raises(ValueError, match="frozen blocks"):
        run(tmp_path, data_dir, "refused", recipe=dataclasses.replace(SMOKE, frozen=("block1",), distill=1.0),
            max_steps=1, init_weights=start, teacher=other_features, train_subset=32)
