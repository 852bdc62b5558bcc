"""Fine-tune trained weights to read phone photos, keeping what they do on garments and drawings.

    python -m nin.lab.photos --out runs/photos                      # the photos' garment cache, once
    python -m nin.lab.train_photos --init-weights weights/model.safetensors --out runs/photos [--resume]

Each step's batch has four parts:
- Fashion-MNIST garments (augmented as in training; recipes phone_shots and phone_shadows: made into product
  shots on white, half of them casting a shadow in phone_shadows, and read back by the upload path at 112x112)
  and drawings of the trained families: their labels, and the starting weights' answers (distillation,
  "learning without forgetting");
- photos of the ten kinds, through the app's cut-out (nin.lab.photos): their class, or for `shoes`
  (not labelled which footwear) the three footwear classes together: -log(p_sandal + p_sneaker + p_boot);
- photos of none of the ten (hat, shorts, skirt): pulled towards a flat answer (outlier exposure,
  Hendrycks et al. 2019), so that a low top probability can say "none of these".
Deterministic given --seed (batches and augmentation drawn from generators seeded by the step), with
checkpoints in safetensors + JSON for --resume.
"""

import argparse
import dataclasses
import json
import math
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from tqdm import tqdm

from ..device import pick_device
from ..model import NiN
from ..preprocess import PHOTO_DETAIL_SIZE, to_model_input
from .augment import augment
from .data import load_split
from .photos import KINDS, load_cache, shot_details, targets
from .train import Recipe, _drawing_bank, autocast_for, distillation_loss, load_checkpoint, save_checkpoint, scores


@dataclasses.dataclass
class PhotoRecipe:
    steps: int = 1200
    lr: float = 3e-4
    warmup: int = 50
    garments: int = 40        # Fashion-MNIST garments per batch
    drawings: int = 16        # drawings of the trained families per batch
    photos: int = 56          # photos of the ten kinds per batch
    outliers: int = 12        # photos of none of the ten per batch
    drawing_bank: int = 2800  # drawings made once, at the start (seven families, 400 each)
    drawing_families: tuple = ("drawings", "freehand", "doodles", "outlines", "pictograms", "sketches", "flats")
    distill: float = 1.0      # weight of the pull towards the starting weights' answers
    outlier_weight: float = 0.5
    frozen: tuple = ("block1",)  # the first block's edge detectors stay as trained
    eval_every: int = 200
    affine: bool = False      # photos also turned (±12°) and scaled (0.85-1.1): a phone is never held straight
    # The recipe once chosen on validation, trained again with validation's photos of the ten kinds too (its hats,
    # shorts and skirts stay out: "none of these" is calibrated on them). Validation figures then flatter it.
    refit: bool = False
    detail: bool = False      # photos read at 112x112 (nin.images.Garment.detail), not 28x28: for the phone weights
    balanced: bool = False    # each kind as often in a batch (the goal is the mean over kinds; dresses are few)
    shots: int = 0            # this many Fashion-MNIST garments read as product shots on white replace them (112x112)
    shot_shadows: float = 0.0  # this share of the shots cast a soft shadow on the page (nin.lab.photos.Shadow)


RECIPES = {
    "photos": PhotoRecipe(),
    # The same with photos turned and scaled, and twice the pull towards the teacher on garments and drawings.
    "photos_affine": PhotoRecipe(affine=True, distill=2.0),
    # From the photos step, towards Fashion-MNIST again: a lower learning rate, more garments per batch and
    # twice the pull towards the teacher (the weights before the photos), photos still in every batch.
    "photos_settle": PhotoRecipe(steps=200, lr=1e-4, warmup=20, garments=64, drawings=16, photos=36, outliers=8,
                                 distill=2.0),
    # Phone photos alone matter: from the photos step, most of each batch photos, every block trained, a light
    # pull towards the starting weights. For weights the app uses on phone photos only.
    "phone": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                         frozen=()),
    # The same with photos turned and scaled (it fits its training photos far better than validation's).
    "phone_affine": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                                frozen=(), affine=True),
    # phone_affine reading the photos' 112x112 details: what the cut-out holds of collars, seams and laces.
    "phone_detail": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                                frozen=(), affine=True, detail=True),
    # phone_detail with each kind as often: a photo of a dress or a coat drawn as often as one of a T-shirt.
    "phone_balanced": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12,
                                  distill=0.5, frozen=(), affine=True, detail=True, balanced=True),
    # phone_balanced with its garments as the app reads a shop's photo of them: the photo weights read product
    # shots on white too.
    "phone_shots": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                               frozen=(), affine=True, detail=True, balanced=True, shots=12000),
    # phone_shots with half its product shots casting a shadow, as a studio's lights do: a shadow left in the
    # cut-out fills a sandal's straps and widens a garment.
    "phone_shadows": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                                 frozen=(), affine=True, detail=True, balanced=True, shots=12000, shot_shadows=0.5),
    "phone_refit": PhotoRecipe(steps=1200, lr=3e-4, garments=24, drawings=0, photos=88, outliers=12, distill=0.5,
                               frozen=(), refit=True),
}


def shot_cache(path: Path, images: torch.Tensor, shadows: float = 0.0) -> torch.Tensor:
    """nin.lab.photos.shot_details of ``images`` (``shadows``: the share casting one), made once and kept at
    ``path``."""
    if path.exists():
        return load_file(str(path))["details"]
    details = shot_details(images, shadows)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({"details": details}, str(path))
    return details


def set_loss(logits: torch.Tensor, right: torch.Tensor) -> torch.Tensor:
    """-log of the probability given to the right classes together (right: bool [N, 10])."""
    log_p = F.log_softmax(logits, 1)
    return -(log_p.masked_fill(~right, float("-inf")).logsumexp(1)).mean()


def flat_loss(logits: torch.Tensor) -> torch.Tensor:
    """Cross-entropy to the uniform answer: what outlier exposure asks of none-of-the-ten photos."""
    return -F.log_softmax(logits, 1).mean()


def draw_photos(pool: torch.Tensor, pool_kinds: torch.Tensor, n: int, generator: torch.Generator,
                balanced: bool = False) -> torch.Tensor:
    """``n`` of the photos in ``pool`` (indices, with replacement): each as likely, or ``balanced``: each kind
    as likely (a photo's weight is 1 / the number of photos of its kind)."""
    if not balanced:
        return pool[torch.randint(0, len(pool), (n,), generator=generator)]
    weights = 1.0 / torch.bincount(pool_kinds)[pool_kinds].float()
    return pool[torch.multinomial(weights, n, replacement=True, generator=generator)]


def photo_augment(x: torch.Tensor, generator: torch.Generator, affine: bool = False) -> torch.Tensor:
    """Mirror, shift by up to 2 px in 28 and vary the brightness of photo garments [N, 1, S, S]; ``affine``:
    also turn them by up to 12° and scale them by 0.85-1.1."""
    if affine:
        angle = (torch.rand(len(x), generator=generator) * 2 - 1) * math.radians(12)
        scale = 0.85 + 0.25 * torch.rand(len(x), generator=generator)
        cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
        theta = torch.stack([torch.stack([cos, -sin, torch.zeros_like(cos)], 1),
                             torch.stack([sin, cos, torch.zeros_like(cos)], 1)], 1)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    x = augment(x, generator, sketch_share=0.0, max_shift=2 * x.shape[-1] // 28)
    gain = 0.75 + 0.5 * torch.rand(len(x), 1, 1, 1, generator=generator)
    return (x * gain).clamp(0, 1)


@torch.no_grad()
def photo_scores(model, garments, kinds, device) -> dict:
    """Per kind: share right (ten kinds) and mean top probability; mean over the ten kinds' accuracy."""
    model.eval()
    x = to_model_input(garments[:, None].float() / 255.0).to(device, memory_format=torch.channels_last)
    with autocast_for(device):
        logits = torch.cat([model(chunk) for chunk in x.split(256)]).float().cpu()
    p = logits.softmax(1)
    result = {}
    for index, kind in enumerate(KINDS):
        pick = kinds == index
        if not pick.any():
            continue
        right = targets(kind)
        top = p[pick].argmax(1)
        result[kind] = {"n": int(pick.sum()), "top_p": round(float(p[pick].max(1).values.mean()), 3),
                        **({"accuracy": round(float(right[top].float().mean()), 3)} if right.any() else {})}
    accuracies = [r["accuracy"] for r in result.values() if "accuracy" in r]
    result["mean_over_kinds"] = round(sum(accuracies) / len(accuracies), 4)
    return result


def train_photos(recipe: PhotoRecipe, init_weights: str, out: Path, photos_cache: Path, data_dir=None,
                 seed: int = 0, resume: bool = False, device=None, teacher_weights: str | None = None) -> dict:
    device = pick_device(device)
    images, labels = load_split(data_dir, train=True)
    if recipe.shots:  # the same garments each run (not the seed's): the cache is kept in OUT
        pick = torch.randperm(len(images), generator=torch.Generator().manual_seed(0))[:recipe.shots]
        images, labels = shot_cache(out / "shots.safetensors", images[pick], recipe.shot_shadows), labels[pick]
    test_images, test_labels = load_split(data_dir, train=False)
    eval_index = torch.randperm(len(test_images), generator=torch.Generator().manual_seed(seed))[:2000]
    photos, photo_kinds = load_cache(photos_cache, "train", recipe.detail)
    val_photos, val_kinds = load_cache(photos_cache, "val", recipe.detail)
    right = torch.stack([targets(kind) for kind in KINDS])  # [kinds, 10]
    if recipe.refit:
        ten = right[val_kinds].any(1)
        photos, photo_kinds = torch.cat([photos, val_photos[ten]]), torch.cat([photo_kinds, val_kinds[ten]])
    outlier = ~right.any(1)
    inliers, outliers = torch.nonzero(~outlier[photo_kinds]).flatten(), torch.nonzero(outlier[photo_kinds]).flatten()
    bank_recipe = Recipe(stages=[[224, 1]], drawing_share=1.0, drawing_bank=recipe.drawing_bank,
                         drawing_families=recipe.drawing_families)
    drawings, drawing_labels = _drawing_bank(bank_recipe, out, seed)

    torch.manual_seed(seed)
    model = NiN()
    model.load_state_dict(load_file(str(init_weights)), strict=True)
    model = model.to(device, memory_format=torch.channels_last)
    teacher = NiN().eval().requires_grad_(False)
    teacher.load_state_dict(load_file(str(teacher_weights or init_weights)), strict=True)
    teacher = teacher.to(device, memory_format=torch.channels_last)
    for name in recipe.frozen:
        getattr(model, name).requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=recipe.lr, weight_decay=0.0)
    state = {"step": 0, "history": [], "evals": [], "seconds": 0.0, "recipe": dataclasses.asdict(recipe), "seed": seed}
    ckpt = out / "checkpoint"
    if resume and ckpt.with_suffix(".json").exists():
        state = load_checkpoint(ckpt, model, optimizer)
        print(f"resumed from {ckpt} at step {state['step']}/{recipe.steps}")
    started = time.monotonic() - state["seconds"]
    last_save = time.monotonic()
    bar = tqdm(total=recipe.steps, initial=state["step"], desc="photos", unit="step", dynamic_ncols=True)
    while state["step"] < recipe.steps:
        step = state["step"]
        lr = recipe.lr * min(1.0, (step + 1) / recipe.warmup) * 0.5 * (1 + torch.cos(
            torch.tensor(torch.pi * step / recipe.steps)).item())
        for group in optimizer.param_groups:
            group["lr"] = lr
        g = torch.Generator().manual_seed(seed * 1_000_003 + step)
        pick_g = torch.randint(0, len(images), (recipe.garments,), generator=g)
        pick_d = torch.randint(0, len(drawings), (recipe.drawings,), generator=g)
        pick_p = draw_photos(inliers, photo_kinds[inliers], recipe.photos, g, recipe.balanced)
        pick_o = outliers[torch.randint(0, len(outliers), (recipe.outliers,), generator=g)]
        garments = augment(images[pick_g, None].float() / 255.0, g, sketch_share=0.15 if not recipe.shots else 0.0,
                           max_shift=2 * images.shape[-1] // 28)
        garments = [garments, augment(drawings[pick_d], g, sketch_share=0.0, max_shift=1)]
        photo_batch = torch.cat([photo_augment(photos[pick_p, None].float() / 255.0, g, recipe.affine),
                                 photo_augment(photos[pick_o, None].float() / 255.0, g, recipe.affine)])
        x = torch.cat([*map(to_model_input, garments), to_model_input(photo_batch)])  # 28x28 or 112x112, as 224
        x = x.to(device, memory_format=torch.channels_last)
        known = torch.cat([labels[pick_g], drawing_labels[pick_d]]).to(device)
        n_known, n_photos = len(known), recipe.photos
        torch.manual_seed(seed * 1_000_003 + step)  # dropout masks, resumable
        model.train()
        with autocast_for(device):
            logits = model(x).float()
            with torch.no_grad():
                teacher_logits = teacher(x[:n_known]).float()
        known_logits = logits[:n_known]
        photo_logits = logits[n_known:n_known + n_photos]
        outlier_logits = logits[n_known + n_photos:]
        losses = {"known": F.cross_entropy(known_logits, known),
                  "distill": recipe.distill * distillation_loss(known_logits, teacher_logits),
                  "photos": set_loss(photo_logits, right[photo_kinds[pick_p]].to(device)),
                  "outliers": recipe.outlier_weight * flat_loss(outlier_logits)}
        loss = sum(losses.values())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        state["step"] = step + 1
        if state["step"] % 25 == 0:
            state["history"].append({"step": state["step"], "lr": lr,
                                     **{k: round(v.item(), 4) for k, v in losses.items()},
                                     "loss": round(loss.item(), 4)})
            bar.set_postfix({k: f"{v.item():.3f}" for k, v in losses.items()})
        bar.update(1)
        if state["step"] % recipe.eval_every == 0 or state["step"] == recipe.steps:
            test_accuracy, _ = scores(model, test_images[eval_index], test_labels[eval_index], device)
            record = {"step": state["step"], "test_accuracy_2000": round(test_accuracy, 4),
                      "photos_val": photo_scores(model, val_photos, val_kinds, device)}
            state["evals"].append(record)
            tqdm.write(json.dumps(record))
        if time.monotonic() - last_save > 300 or state["step"] == recipe.steps:
            state["seconds"] = time.monotonic() - started
            save_checkpoint(ckpt, model, optimizer, state)
            last_save = time.monotonic()
    bar.close()
    state["seconds"] = time.monotonic() - started
    test_accuracy, _ = scores(model, test_images, test_labels, device)
    print(f"test accuracy: {test_accuracy:.4f} on {len(test_images)} images")
    metrics = {"steps": state["step"], "train_seconds": round(state["seconds"], 1), "seed": seed,
               "device": str(device), "recipe": dataclasses.asdict(recipe), "history": state["history"],
               "evals": state["evals"], "test_accuracy": test_accuracy, "test_n": len(test_images)}
    export(model, out, metrics, PHOTO_DETAIL_SIZE if recipe.detail else None)
    return metrics


def export(model, out: Path, metrics: dict, garment_size: int | None = None) -> None:
    """The weights (safetensors + config.json, with the ``garment_size`` they read if not 28), metrics.json and
    the curve of the run."""
    from ..weights import save_weights

    save_weights(model, out, extra={"test_accuracy": metrics["test_accuracy"], "test_n": metrics["test_n"],
                                    "garment_size": garment_size})
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    plot_curve(metrics, out / "training_curve_photos.png")


def plot_curve(metrics: dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 4))
    steps = [h["step"] for h in metrics["history"]]
    for part in ("known", "distill", "photos", "outliers"):
        ax_loss.plot(steps, [h[part] for h in metrics["history"]], label=part)
    ax_loss.set(xlabel="step", ylabel="loss (per part of the batch)", yscale="log")
    evals = metrics["evals"]
    ax_acc.plot([e["step"] for e in evals], [e["test_accuracy_2000"] for e in evals], "o-",
                label="Fashion-MNIST test (2,000)")
    ax_acc.plot([e["step"] for e in evals], [e["photos_val"]["mean_over_kinds"] for e in evals], "o-",
                label="photos, validation split (mean over kinds)")
    ax_acc.set(xlabel="step", ylabel="accuracy", ylim=(0, 1))
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe", default="photos", choices=sorted(RECIPES))
    parser.add_argument("--init-weights", default="weights/model.safetensors")
    parser.add_argument("--teacher", default=None, help="the distillation target (default: --init-weights)")
    parser.add_argument("--out", default="runs/photos")
    parser.add_argument("--photos-cache", default=None, help="default: OUT/photos.safetensors")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=None)
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--device", default=None)
    args = parser.parse_args(argv)
    recipe = RECIPES[args.recipe]
    if args.steps is not None:
        recipe = dataclasses.replace(recipe, steps=args.steps)
    out = Path(args.out)
    train_photos(recipe, args.init_weights, out, Path(args.photos_cache or out / "photos.safetensors"),
                 args.data_dir, args.seed, args.resume, args.device, args.teacher)


if __name__ == "__main__":
    main()
