"""Train NiN on Fashion-MNIST.

    python -m nin.lab.train --preset cpu --data-dir ../shared/data --out runs/cpu   # this 2-core CPU
    python -m nin.lab.train --preset d2l --data-dir data --download                 # the book's recipe, for a GPU
    python -m nin.lab.train ... --resume                                            # continue from runs/NAME
    python -m nin.lab.train --chain committed [--list]   # every run that made weights/, in order (nin.lab.chain)

Presets:
  d2l  SGD lr 0.1, 10 epochs, batch 128, 224x224, Xavier init, no augmentation (d2l's train_ch6).
  cpu  AdamW with a one-cycle schedule (warm-up, cosine decay), Kaiming init, progressive
       resizing (the network is fully convolutional with global pooling, so early epochs run at
       a smaller input for a fraction of the cost and the last ones at 224), flips, shifts and
       sketch-like augmentation; bf16 autocast + channels_last on a CPU with AMX/AVX-512 bf16.
  history  from scratch at 224 in batches of 32, keeping the weights at seven steps (--snapshots)
       for the app's training-stage slider (weights/history/).

The run is deterministic given --seed: batch order and augmentation are drawn from generators
seeded by the step, so a checkpoint resumes to exactly the state an unbroken run would have.
Checkpoints are safetensors (tensors) + JSON (everything else): nothing is pickled.
"""

import argparse
import copy
import dataclasses
import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn
from tqdm import tqdm

from ..device import autocast, pick_device, pick_precision
from ..model import NiN
from ..preprocess import INPUT_SIZE, to_model_input
from . import families
from .augment import augment
from .data import default_data_dir, load_split


@dataclasses.dataclass
class Recipe:
    stages: list            # [[input size, epochs], ...], run in order
    optimizer: str = "adamw"
    lr: float = 1.5e-3      # peak learning rate
    weight_decay: float = 0.0
    momentum: float = 0.9   # SGD only
    schedule: str = "onecycle"  # or "constant"
    warmup: float = 0.03    # share of all steps spent warming up
    batch_size: int = 128
    init: str = "kaiming"
    augment: bool = True
    sketch_share: float = 0.25
    drawing_share: float = 0.0  # share of each batch replaced by generated drawings (drawing_families)
    drawing_bank: int = 0       # how many such drawings are made once, at the start
    drawing_families: tuple = ("drawings",)  # trained families (nin.lab.families names), sharing the bank equally
    frozen: tuple = ()          # top-level blocks left as they are (no gradient): e.g. ("block1", "block2")
    cache_frozen: bool = False  # the frozen blocks' outputs computed once per garment and drawing, not at each
                                # step (needs augment=False: a cached garment cannot be shifted or sketched)
    distill: float = 0.0        # weight of a term pulling the garments' answers towards --teacher's answers
    grad_clip: float = 1.0
    ema: float = 0.0            # decay of an exponential moving average of the weights, exported as OUT/ema/ (0: none)
    snapshots: tuple = ()       # steps at which the weights are kept (fp16) in OUT/history/, for the page's slider


PRESETS = {
    "d2l": Recipe(stages=[[224, 10]], optimizer="sgd", lr=0.1, momentum=0.0, schedule="constant",
                  warmup=0.0, init="xavier", augment=False, sketch_share=0.0, grad_clip=0.0),
    "cpu": Recipe(stages=[[96, 3], [128, 2], [160, 2], [192, 1.5], [224, 2]]),
    # Continue trained weights (--init-weights) at 224 with a small learning rate.
    "finetune224": Recipe(stages=[[224, 0.5]], lr=2e-4, warmup=0.05),
    # Second pass over trained weights (--init-weights): the cpu preset ends underfitting (its augmented
    # train accuracy still below the test accuracy after only 2 epochs at 224), so more 224 epochs, lighter sketches.
    "continue224": Recipe(stages=[[224, 6.5]], lr=5e-4, warmup=0.03, sketch_share=0.15),
    # Fine-tune trained weights (--init-weights) to read drawings in more styles: a quarter of each batch
    # is a generated drawing through the app's own sketch path, a fifth a garment redrawn by sketch_like.
    # Blocks 1-2 (the strokes' edges and corners) stay as trained: a step costs much less without their
    # backward (docs/training.md), which makes this fine-tune fit an fp32-only 2-core CPU.
    "drawings224": Recipe(stages=[[224, 1.0]], lr=2e-4, warmup=0.05, sketch_share=0.2, drawing_share=0.25,
                          drawing_bank=3000, frozen=("block1", "block2")),
    # drawings224, learning without forgetting: on the garments of each batch (not the drawings) the
    # answers are also pulled towards those of the starting weights (or --teacher's), which drawings224
    # alone moved enough to cost test accuracy. --families trains on other families (3,000 drawings each).
    "drawings224_distill": Recipe(stages=[[224, 1.0]], lr=2e-4, warmup=0.05, sketch_share=0.2, drawing_share=0.25,
                                  drawing_bank=3000, frozen=("block1", "block2"), distill=1.0),
    # The cheaper form of the two above, with blocks 1-2 frozen and computed once per image (cache_frozen;
    # the garments unaugmented): first the garments alone, distilled towards the starting weights, to win
    # back test accuracy; then a quarter of each batch drawings, distilled towards the garments step
    # (--teacher), an epoch at a time. --families picks the drawing families (2,000 drawings each per bank):
    # each new family, written apart from the others, moved the held-out ones where more epochs on the
    # same families no longer did.
    "garments224_cached": Recipe(stages=[[224, 1.0]], lr=2e-4, warmup=0.05, augment=False, sketch_share=0.0,
                                 frozen=("block1", "block2"), distill=1.0, cache_frozen=True),
    "drawings224_cached": Recipe(stages=[[224, 1.0]], lr=2e-4, warmup=0.05, augment=False, sketch_share=0.0,
                                 drawing_share=0.25, drawing_bank=6000,
                                 drawing_families=("drawings", "freehand", "doodles"),
                                 frozen=("block1", "block2"), distill=1.0, cache_frozen=True),
    # From scratch, keeping the weights at steps spaced for what changes: the page's "training stage"
    # slider. All at 224, the page's input size (a 96 px start reads 224 px inputs badly), in small
    # batches so that the early stages come after a few thousand images; the committed weights are
    # the slider's last stage.
    "history": Recipe(stages=[[224, 0.35]], batch_size=32, lr=1e-3, warmup=0.2,
                      snapshots=(0, 15, 40, 100, 200, 400, 656)),
    # A few hundred steps at small sizes: for smoke tests and trying the pipeline.
    "tiny": Recipe(stages=[[96, 0.02], [128, 0.01]], lr=1e-3),
}


def with_families(recipe: Recipe, names) -> Recipe:
    """The recipe drawing from other families (letters or names, see nin.lab.families), each given as
    many drawings in the bank as the recipe gives each of its own."""
    names = tuple(families.get(name).name for name in names)
    per_family = recipe.drawing_bank // len(recipe.drawing_families)
    return dataclasses.replace(recipe, drawing_families=names, drawing_bank=per_family * len(names))


def autocast_for(device: torch.device):
    """bf16 autocast where it pays (CUDA, or a CPU with native bf16); fp32 elsewhere."""
    return autocast(device, pick_precision(device))


def init_weights(model: torch.nn.Module, how: str) -> None:
    if how == "kaiming":
        model.reset_parameters()
    elif how == "xavier":  # what d2l's train_ch6 does
        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                torch.nn.init.xavier_uniform_(m.weight)
    else:
        raise ValueError(f"unknown init {how!r}")


class Plan:
    """Which input size and learning rate each global step uses."""

    def __init__(self, recipe: Recipe, n_train: int):
        self.recipe = recipe
        self.steps_per_epoch = n_train // recipe.batch_size
        self.stage_ends = []
        total = 0
        for _, epochs in recipe.stages:
            total += max(1, round(epochs * self.steps_per_epoch))
            self.stage_ends.append(total)
        self.total_steps = total

    def size(self, step: int) -> int:
        for (size, _), end in zip(self.recipe.stages, self.stage_ends):
            if step < end:
                return size
        return self.recipe.stages[-1][0]

    def lr(self, step: int) -> float:
        r = self.recipe
        if r.schedule == "constant":
            return r.lr
        warmup = max(1, int(r.warmup * self.total_steps))
        if step < warmup:
            return r.lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, self.total_steps - warmup)
        return r.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * progress)))


def frozen_prefix(model: torch.nn.Sequential) -> int:
    """How many of the model's first layers have no trainable parameter: they run once, without a
    graph, and the starting weights (the same layers, unchanged) can reuse what they compute."""
    count = 0
    for layer in model:
        if any(p.requires_grad for p in layer.parameters()):
            break
        count += 1
    return count


def distillation_loss(logits: torch.Tensor, teacher_logits: torch.Tensor, temperature: float = 2.0) -> torch.Tensor:
    """Hinton et al.'s soft-target term: the KL divergence between softened answers, times T^2 so that
    its gradient keeps the scale of the cross-entropy's."""
    return F.kl_div(F.log_softmax(logits / temperature, 1), F.log_softmax(teacher_logits / temperature, 1),
                    reduction="batchmean", log_target=True) * temperature ** 2


def make_optimizer(model, recipe: Recipe):
    if recipe.optimizer == "sgd":
        return torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=recipe.lr,
                               momentum=recipe.momentum, weight_decay=recipe.weight_decay)
    trainable = [p for p in model.parameters() if p.requires_grad]
    return torch.optim.AdamW(trainable, lr=recipe.lr, weight_decay=recipe.weight_decay)


def batch_indices(plan: Plan, step: int, n: int, seed: int) -> torch.Tensor:
    epoch, position = divmod(step, plan.steps_per_epoch)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1000 + epoch))
    b = plan.recipe.batch_size
    return order[position * b:(position + 1) * b]


# ---- checkpoints: tensors in safetensors, the rest in JSON ----

def save_checkpoint(path: Path, model, optimizer, state: dict, ema=None) -> None:
    tensors = {f"model.{k}": v.detach().contiguous() for k, v in model.state_dict().items()}
    if ema is not None:
        tensors.update({f"ema.{k}": v.detach().contiguous() for k, v in ema.state_dict().items()})
    optim_state = optimizer.state_dict()
    for index, per_param in optim_state["state"].items():
        for key, value in per_param.items():
            tensors[f"optim.{index}.{key}"] = torch.as_tensor(value).contiguous()
    state = dict(state, param_groups=optim_state["param_groups"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    save_file(tensors, str(tmp))
    os.replace(tmp, path.with_suffix(".safetensors"))
    tmp.with_suffix(".json.tmp").write_text(json.dumps(state, indent=1))
    os.replace(tmp.with_suffix(".json.tmp"), path.with_suffix(".json"))


def load_checkpoint(path: Path, model, optimizer, ema=None) -> dict:
    tensors = load_file(str(path.with_suffix(".safetensors")))
    state = json.loads(path.with_suffix(".json").read_text())
    model.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model.")}, strict=True)
    if ema is not None:
        ema.load_state_dict({k[4:]: v for k, v in tensors.items() if k.startswith("ema.")}, strict=True)
    optim_state = {"state": {}, "param_groups": state.pop("param_groups")}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, index, name = key.split(".", 2)
            optim_state["state"].setdefault(int(index), {})[name] = value
    optimizer.load_state_dict(optim_state)
    return state


@torch.no_grad()
def scores(model, images, labels, device, size=INPUT_SIZE, batch_size=256) -> tuple[float, float]:
    """Top-1 accuracy and mean cross-entropy of ``model`` on the garments ``images``."""
    model.eval()
    correct, loss = 0, 0.0
    for start in range(0, len(images), batch_size):
        x = to_model_input(images[start:start + batch_size], size).to(device, memory_format=torch.channels_last)
        y = labels[start:start + batch_size].to(device)
        with autocast_for(device):
            logits = model(x).float()
        correct += (logits.argmax(1) == y).sum().item()
        loss += F.cross_entropy(logits, y, reduction="sum").item()
    return correct / len(images), loss / len(images)


def accuracy(model, images, labels, device, size=INPUT_SIZE) -> float:
    return scores(model, images, labels, device, size)[0]


@dataclasses.dataclass
class Run:
    """Where and how one run goes; the Recipe says what it learns."""
    out: str = "runs/cpu"
    data_dir: str | None = None
    seed: int = 0
    device: str | None = None          # cpu or cuda (default: cuda when present)
    resume: bool = False               # continue from OUT's checkpoint
    init_weights: str | None = None    # fine-tune these weights (a model.safetensors)
    teacher: str | None = None         # recipe.distill's target (default: init_weights); same frozen blocks
    drawings_dir: str | None = None    # people's drawings (nin.feedback layout) for the drawing share
    download: bool = False
    max_steps: int | None = None       # stop early; the schedule stays that of the whole recipe
    train_subset: int | None = None    # the first N training images only (tests)
    eval_subset: int = 2000            # test images scored during the run
    eval_every_epochs: float = 1.0
    final_eval: bool = True            # all test images at the end
    features_dir: str = "runs/features"  # recipe.cache_frozen's garment features, kept for the next run
    log_every: int = 50                # steps per point of the training curve
    checkpoint_minutes: float = 5.0


def train(recipe: Recipe, run: Run) -> dict:
    device = pick_device(run.device)
    out = Path(run.out)
    images, labels = load_split(run.data_dir, train=True, download=run.download)
    test_images, test_labels = load_split(run.data_dir, train=False, download=run.download)
    if run.train_subset:
        images, labels = images[:run.train_subset], labels[:run.train_subset]
    g = torch.Generator().manual_seed(run.seed)
    eval_index = torch.randperm(len(test_images), generator=g)[:run.eval_subset]
    eval_images, eval_labels = test_images[eval_index], test_labels[eval_index]

    torch.manual_seed(run.seed)
    model = NiN()
    init_weights(model, recipe.init)
    if run.init_weights:  # fine-tuning trained weights
        model.load_state_dict(load_file(str(run.init_weights)), strict=True)
    model = model.to(device, memory_format=torch.channels_last)
    for name in recipe.frozen:
        getattr(model, name).requires_grad_(False)
    prefix = frozen_prefix(model)
    frozen_layers, trained_layers = (torch.nn.Sequential(*list(model)[:prefix]),
                                     torch.nn.Sequential(*list(model)[prefix:]))
    teacher = None  # the trained layers of the teacher weights, for recipe.distill
    if recipe.distill:
        if not (run.teacher or run.init_weights):
            raise ValueError("distill pulls towards --teacher or --init-weights: give one")
        teacher = copy.deepcopy(trained_layers).eval().requires_grad_(False)
        if run.teacher:
            teacher.load_state_dict(_teacher_layers(load_file(str(run.teacher)), model, prefix))
    optimizer = make_optimizer(model, recipe)
    # Averaged weights often land in a flatter spot than the last step's, for no extra forward or backward.
    ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(recipe.ema)) if recipe.ema else None
    plan = Plan(recipe, len(images))
    state = {"step": 0, "history": [], "evals": [], "seconds": 0.0, "recipe": dataclasses.asdict(recipe),
             "seed": run.seed}
    ckpt = out / "checkpoint"
    drawings, drawing_labels = _drawing_bank(recipe, out, run.seed, run.drawings_dir)
    cached = None  # recipe.cache_frozen: (garments', drawings', mirrored drawings' features)
    if recipe.cache_frozen:
        if not prefix or recipe.augment or len(recipe.stages) != 1:
            raise ValueError("cache_frozen needs frozen leading blocks, augment=False and one input size")
        size = recipe.stages[0][0]
        cached = (frozen_features(frozen_layers, images, device, size, Path(run.features_dir)),
                  *(frozen_features(frozen_layers, bank, device, size) for bank in
                    ((drawings, drawings.flip(-1)) if drawings is not None else ())))
    if run.resume and ckpt.with_suffix(".json").exists():
        state = load_checkpoint(ckpt, model, optimizer, ema)
        print(f"resumed from {ckpt} at step {state['step']}/{plan.total_steps}")
    end = plan.total_steps if run.max_steps is None else min(plan.total_steps, run.max_steps)
    eval_interval = max(1, int(run.eval_every_epochs * plan.steps_per_epoch))
    last_save = time.monotonic()
    started = time.monotonic() - state["seconds"]
    window_loss, window_correct, window_seen = 0.0, 0, 0

    bar = tqdm(total=end, initial=state["step"], desc="train", unit="step", dynamic_ncols=True)
    while state["step"] < end:
        step = state["step"]
        if step in recipe.snapshots:
            keep_snapshot(model, out, step, plan, eval_images, eval_labels, device)
        model.train()
        size, lr = plan.size(step), plan.lr(step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        idx = batch_indices(plan, step, len(images), run.seed)
        y = labels[idx].clone()
        step_gen = torch.Generator().manual_seed(run.seed * 1_000_003 + step)
        k = round(recipe.drawing_share * len(y)) if drawings is not None else 0
        if cached is not None:
            pick = torch.randint(0, len(drawings), (k,), generator=step_gen) if k else None
            features = cached_batch(cached, idx[k:], pick, step_gen).to(device, memory_format=torch.channels_last)
        else:
            x = images[idx].unsqueeze(1).float() / 255.0
            if recipe.augment:
                x = augment(x, step_gen, sketch_share=recipe.sketch_share)
            if k:
                pick = torch.randint(0, len(drawings), (k,), generator=step_gen)
                x[:k] = augment(drawings[pick], step_gen, sketch_share=0.0, max_shift=1)
            x = to_model_input(x, size).to(device, memory_format=torch.channels_last)
        if k:
            y[:k] = drawing_labels[pick]
        torch.manual_seed(run.seed * 1_000_003 + step)  # dropout masks, resumable
        y = y.to(device)
        with autocast_for(device):
            if cached is None:
                with torch.no_grad():
                    features = frozen_layers(x)
            logits = trained_layers(features)
        loss = F.cross_entropy(logits.float(), y)
        if teacher is not None:
            garments = slice(k, None)
            with torch.no_grad(), autocast_for(device):
                teacher_logits = teacher(features[garments])
            loss = loss + recipe.distill * distillation_loss(logits[garments].float(), teacher_logits.float())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if recipe.grad_clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), recipe.grad_clip)
        optimizer.step()
        if ema is not None:
            ema.update_parameters(model)
        state["step"] = step + 1

        window_loss += loss.item() * len(y)
        window_correct += (logits.argmax(1) == y).sum().item()
        window_seen += len(y)
        if state["step"] % run.log_every == 0 or state["step"] == end:
            state["history"].append({"step": state["step"], "epoch": state["step"] / plan.steps_per_epoch,
                                     "size": size, "lr": lr, "loss": window_loss / window_seen,
                                     "accuracy": window_correct / window_seen})
            bar.set_postfix(size=size, lr=f"{lr:.2e}", loss=f"{window_loss / window_seen:.3f}",
                            acc=f"{window_correct / window_seen:.3f}")
            window_loss, window_correct, window_seen = 0.0, 0, 0
        bar.update(1)

        stage_done = state["step"] in plan.stage_ends
        if state["step"] % eval_interval == 0 or stage_done or state["step"] == end:
            record = {"step": state["step"], "epoch": state["step"] / plan.steps_per_epoch, "size": size,
                      "test_accuracy_224": accuracy(model, eval_images, eval_labels, device)}
            if size != INPUT_SIZE:
                record[f"test_accuracy_{size}"] = accuracy(model, eval_images, eval_labels, device, size)
            if ema is not None:
                record["ema_test_accuracy_224"] = accuracy(ema.module, eval_images, eval_labels, device)
            state["evals"].append(record)
            tqdm.write(json.dumps(record))
        if time.monotonic() - last_save > run.checkpoint_minutes * 60 or stage_done or state["step"] == end:
            state["seconds"] = time.monotonic() - started
            save_checkpoint(ckpt, model, optimizer, state, ema)
            last_save = time.monotonic()
    bar.close()

    if state["step"] in recipe.snapshots:
        keep_snapshot(model, out, state["step"], plan, eval_images, eval_labels, device)
    state["seconds"] = time.monotonic() - started
    metrics = {"steps": state["step"], "train_seconds": round(state["seconds"], 1), "seed": run.seed,
               "device": str(device), "recipe": dataclasses.asdict(recipe), "history": state["history"],
               "evals": state["evals"]}
    if run.final_eval:
        metrics["test_accuracy"] = accuracy(model, test_images, test_labels, device)
        metrics["test_n"] = len(test_images)
        print(f"test accuracy at {INPUT_SIZE}: {metrics['test_accuracy']:.4f} on {len(test_images)} images")
    if ema is not None:
        ema_metrics = dict(metrics)
        if run.final_eval:
            ema_metrics["test_accuracy"] = accuracy(ema.module, test_images, test_labels, device)
            print(f"EMA weights' test accuracy at {INPUT_SIZE}: {ema_metrics['test_accuracy']:.4f}")
        export(ema.module, out / "ema", ema_metrics)
    export(model, out, metrics)
    return metrics


def keep_snapshot(model, out: Path, step: int, plan: Plan, images, labels, device) -> None:
    """The weights at ``step`` in fp16 (half the size; the page computes in fp32) with their test
    accuracy and loss at the page's input size, in OUT/history/step-NNNNN/."""
    from ..weights import save_weights

    folder = out / "history" / f"step-{step:05d}"
    if (folder / "config.json").exists():
        return  # kept before a --resume
    accuracy_, loss = scores(model, images, labels, device)
    save_weights(model, folder, dtype=torch.float16,
                 extra={"step": step, "epoch": round(step / plan.steps_per_epoch, 3), "trained_at": plan.size(step),
                        "test_accuracy": round(accuracy_, 4), "test_loss": round(loss, 4), "test_n": len(images)})
    tqdm.write(f"snapshot step {step}: test accuracy {accuracy_:.4f}, loss {loss:.4f} ({len(images)} images)")


@torch.no_grad()
def frozen_features(layers, garments: torch.Tensor, device, size: int = INPUT_SIZE, folder: Path | None = None,
                    batch_size: int = 250) -> torch.Tensor:
    """What the frozen leading ``layers`` make of each garment at ``size``, in fp16 (gigabytes for the
    60,000 training garments at 224: docs/training.md). With ``folder``, kept there under the layers',
    garments' and size's digest."""
    path = None
    if folder is not None:
        digest = hashlib.sha256()
        for name, tensor in layers.state_dict().items():
            digest.update(name.encode() + tensor.detach().cpu().float().numpy().tobytes())
        digest.update(garments.numpy().tobytes() + str(size).encode())
        path = folder / f"{digest.hexdigest()[:16]}.safetensors"
        if path.exists():
            return load_file(str(path))["features"]
    layers.eval()
    chunks = []
    for start in tqdm(range(0, len(garments), batch_size), desc="frozen features", unit="batch",
                      leave=False, disable=None):
        x = to_model_input(garments[start:start + batch_size], size).to(device, memory_format=torch.channels_last)
        with autocast_for(device):
            chunks.append(layers(x).half().cpu())
    features = torch.cat(chunks).contiguous()
    if path is not None:
        folder.mkdir(parents=True, exist_ok=True)
        save_file({"features": features}, str(path.with_suffix(".tmp")))
        os.replace(path.with_suffix(".tmp"), path)
    return features


def _teacher_layers(weights: dict, model: torch.nn.Module, prefix: int) -> dict:
    """The teacher's tensors for the layers after the frozen prefix. The teacher reads the features
    the student's frozen layers make, so its own frozen layers must be the very same."""
    names, state = list(model._modules), model.state_dict()
    frozen, own = names[:prefix], {}
    for key, tensor in weights.items():
        block, rest = key.split(".", 1)
        if block in frozen:
            if not torch.equal(tensor, state[key].cpu()):
                raise ValueError(f"the teacher's {key} differs from the model's: its frozen blocks must be the same")
        else:
            own[f"{names.index(block) - prefix}.{rest}"] = tensor
    return own


def cached_batch(cached: tuple, garments: torch.Tensor, pick: torch.Tensor | None,
                 generator: torch.Generator) -> torch.Tensor:
    """A batch of cached features: the drawings ``pick`` (each mirrored or not, at random), then the
    garments ``garments`` (indices)."""
    garment_features = cached[0][garments]
    if pick is None:
        return garment_features.float()
    mirrored = torch.rand(len(pick), generator=generator) < 0.5
    drawn = torch.where(mirrored[:, None, None, None], cached[2][pick], cached[1][pick])
    return torch.cat([drawn, garment_features]).float()


def _drawing_bank(recipe: Recipe, out: Path, seed: int, drawings_dir=None):
    """The recipe's generated drawings, made once per run and kept in the run folder for --resume,
    plus the people's drawings of ``drawings_dir`` (a folder in nin.feedback's layout)."""
    if not recipe.drawing_share or not (recipe.drawing_bank or drawings_dir):
        return None, None
    if drawings_dir:
        from ..feedback import read_folder
        from ..images import from_sketch
        people = read_folder(drawings_dir)
        if not people:
            return _drawing_bank(recipe, out, seed)
        garments = torch.stack([from_sketch(path).pixels for path, _ in people])[:, None]
        labels = torch.tensor([label for _, label in people])
        if not recipe.drawing_bank:
            return garments, labels
        generated, generated_labels = _drawing_bank(recipe, out, seed)
        return torch.cat([generated, garments]), torch.cat([generated_labels, labels])
    path = out / "drawings.safetensors"
    if path.exists():
        bank = load_file(str(path))
    else:
        made = [families.get(family).training_drawings(recipe.drawing_bank // len(recipe.drawing_families), seed)
                for family in recipe.drawing_families]
        bank = {"garments": torch.cat([garments for garments, _ in made]).contiguous(),
                "labels": torch.cat([labels for _, labels in made])}
        out.mkdir(parents=True, exist_ok=True)
        save_file(bank, str(path))
    return bank["garments"], bank["labels"]


def export(model, out: Path, metrics: dict) -> None:
    """The trained weights (safetensors), their config, the metrics and the training curve."""
    from ..weights import save_weights

    out.mkdir(parents=True, exist_ok=True)
    save_weights(model, out, extra={"test_accuracy": metrics.get("test_accuracy"),
                                    "test_n": metrics.get("test_n")})
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    plot_curves(metrics, out / "training_curve.png")
    if metrics["recipe"].get("snapshots"):
        write_history_index(out, metrics)


def write_history_index(out: Path, metrics: dict) -> Path:
    """OUT/history/history.json: the kept stages (with their sha256, which pins each file) and the
    training curve, for nin.history and the page."""
    stages = []
    for config_path in sorted((out / "history").glob("step-*/config.json")):
        config = json.loads(config_path.read_text())
        stages.append({"folder": config_path.parent.name, **{k: config[k] for k in (
            "step", "epoch", "trained_at", "test_accuracy", "test_loss", "test_n", "sha256")}})
    spacing = metrics["history"][1]["step"] - metrics["history"][0]["step"] if len(metrics["history"]) > 1 else 0
    index = {"made_by": f"python -m nin.lab.train --preset history --seed {metrics['seed']} --log-every {spacing}",
             "batch_size": metrics["recipe"]["batch_size"],
             "stages": stages,
             "curve": [{k: h[k] for k in ("step", "epoch", "size", "loss", "accuracy")} for h in metrics["history"]]}
    path = out / "history" / "history.json"
    path.write_text(json.dumps(index, indent=1) + "\n")
    return path


def plot_curves(metrics: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    history, evals = metrics["history"], metrics["evals"]
    if not history:
        return
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    epochs = [h["epoch"] for h in history]
    ax_loss.plot(epochs, [h["loss"] for h in history], label="train loss")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("cross-entropy" + (" + distillation" if metrics["recipe"].get("distill") else ""))
    ax_loss.set_yscale("log")
    ax_acc.plot(epochs, [h["accuracy"] for h in history], label="train (augmented, stage size)", alpha=0.7)
    if evals:
        ax_acc.plot([e["epoch"] for e in evals], [e["test_accuracy_224"] for e in evals], "o-",
                    label="test at 224 (2,000 images)")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_ylim(0, 1)
    # Mark where the input size changes.
    sizes = [h["size"] for h in history]
    for i in range(1, len(sizes)):
        if sizes[i] != sizes[i - 1]:
            for ax in (ax_loss, ax_acc):
                ax.axvline(epochs[i], color="grey", lw=0.5, ls=":")
            ax_acc.text(epochs[i], 0.02, f"{sizes[i]}px", fontsize=8, color="grey")
    ax_acc.text(epochs[0], 0.02, f"{sizes[0]}px", fontsize=8, color="grey")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("NiN on Fashion-MNIST")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    for at, arg in enumerate(argv):  # a whole recipe chain: the other options are nin.lab.chain's
        if arg == "--chain" or arg.startswith("--chain="):
            from .chain import main as chain_main

            name, taken = arg.partition("=")[2], 1
            if not name and at + 1 < len(argv):  # --chain NAME rather than --chain=NAME
                name, taken = argv[at + 1], 2
            return chain_main([name, *argv[:at], *argv[at + taken:]])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="cpu")
    parser.add_argument("--chain", metavar="NAME", help="run a whole recipe chain instead, e.g. 'committed' "
                        "(nin.lab.chain: the other options are then its own, see python -m nin.lab.chain -h)")
    parser.add_argument("--families", default=None, help="drawing families, comma-separated letters or names "
                        "(nin.lab.families), each with the preset's drawings per family (default: the preset's)")
    parser.add_argument("--drawing-bank", type=int, default=None, help="how many drawings the bank holds in all "
                        "(default: the preset's, or its share per family times --families)")
    parser.add_argument("--data-dir", default=default_data_dir(),
                        help="folder with FashionMNIST/raw (env NIN_DATA_DIR)")
    parser.add_argument("--download", action="store_true", help="download Fashion-MNIST into --data-dir if missing")
    parser.add_argument("--out", default=None, help="run folder (default runs/PRESET)")
    parser.add_argument("--resume", action="store_true", help="continue from the run folder's checkpoint")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    parser.add_argument("--checkpoint-minutes", type=float, default=5.0)
    parser.add_argument("--max-steps", type=int, default=None, help="stop early (the schedule is unchanged)")
    parser.add_argument("--train-subset", type=int, default=None, help="the first N training images only "
                        "(trying the pipeline)")
    parser.add_argument("--eval-subset", type=int, default=2000, help="test images scored during the run")
    parser.add_argument("--no-final-eval", dest="final_eval", action="store_false",
                        help="skip scoring all test images at the end")
    parser.add_argument("--init-weights", default=None, help="start from these weights (model.safetensors)")
    parser.add_argument("--teacher", default=None, help="weights whose answers on the garments --distill "
                        "keeps (default: --init-weights); their frozen blocks must equal the model's")
    parser.add_argument("--epochs-scale", type=float, default=1.0, help="multiply every stage's epochs")
    parser.add_argument("--distill", type=float, default=None, help="weight of the term pulling the garments' "
                        "answers towards the teacher's (default: the preset's)")
    parser.add_argument("--frozen", default=None, help="top-level blocks left as they are, comma-separated, "
                        "'' for none (default: the preset's)")
    parser.add_argument("--ema", type=float, default=None, help="decay of a moving average of the weights, "
                        "exported as OUT/ema/ (default: the preset's; 0 for none)")
    parser.add_argument("--log-every", type=int, default=50, help="steps per point of the training curve")
    parser.add_argument("--snapshots", default=None, help="steps at which to keep the weights in OUT/history/, "
                        "comma-separated (default: the preset's)")
    parser.add_argument("--drawings-dir", metavar="DIR", help="mix the drawings of a feedback folder (nin.feedback "
                        "layout, e.g. runs/feedback) into the recipe's drawing share")
    args = parser.parse_args(argv)
    recipe = dataclasses.replace(PRESETS[args.preset])
    if args.families is not None:
        try:
            recipe = with_families(recipe, [name.strip() for name in args.families.split(",") if name.strip()])
        except KeyError as error:
            parser.error(str(error.args[0]))
    if args.drawing_bank is not None:
        recipe.drawing_bank = args.drawing_bank
    recipe.stages = [[size, epochs * args.epochs_scale] for size, epochs in recipe.stages]
    if args.distill is not None:
        recipe.distill = args.distill
    if args.ema is not None:
        recipe.ema = args.ema
    if args.frozen is not None:
        recipe.frozen = tuple(name.strip() for name in args.frozen.split(",") if name.strip())
    if args.snapshots is not None:
        recipe.snapshots = tuple(int(step) for step in args.snapshots.split(",") if step.strip())
    run = Run(out=args.out or f"runs/{args.preset}", data_dir=args.data_dir, seed=args.seed, device=args.device,
              resume=args.resume, init_weights=args.init_weights, teacher=args.teacher, drawings_dir=args.drawings_dir,
              download=args.download, max_steps=args.max_steps, log_every=args.log_every,
              checkpoint_minutes=args.checkpoint_minutes, train_subset=args.train_subset,
              eval_subset=args.eval_subset, final_eval=args.final_eval)
    try:
        train(recipe, run)
    except FileNotFoundError as error:
        raise SystemExit(str(error))


if __name__ == "__main__":
    main()
