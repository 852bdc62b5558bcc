"""The recipe chain that made the committed weights, written as data, and one command that runs it.

    python -m nin.lab.chain committed --list                       # the steps and the exact commands
    python -m nin.lab.chain committed --data-dir ../shared/data    # run them all, in order
    python -m nin.lab.train --chain committed ...                  # the same

Each step trains (a nin.lab.train preset, or the photo fine-tune of nin.lab.train_photos) from scratch,
from an earlier step's weights, or from the interpolation of two earlier steps' (nin.lab.interpolate; a
step without a recipe is that interpolation alone). Step NAME writes ROOT/NAME/ (default runs/chain/):
a step whose model.safetensors is there is done and skipped, so the command can be run again after a
stop, and a step that was stopped halfway continues from its checkpoint (every command gets --resume).
The commands run in this process, one after the other, exactly as printed; each picks the GPU when
there is one. What each step scored when it was first run, and how long it took, is in docs/training.md.
"""

import argparse
import dataclasses
import importlib
import json
import shlex
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]  # weights/'s git history: the committed steps' weights


@dataclasses.dataclass(frozen=True)
class Mix:
    """The weights (1 - alpha) * a + alpha * b of two earlier steps (WiSE-FT, nin.lab.interpolate)."""
    a: str
    b: str
    alpha: float = 0.5


PHOTOS = "photos"  # the recipe name of nin.lab.train_photos's photo fine-tune (its PhotoRecipe defaults)
# nin.lab.train_photos.RECIPES (tests/test_chain.py checks they match)
PHOTO_RECIPES = ("photos", "photos_affine", "photos_settle", "phone", "phone_affine", "phone_detail", "phone_balanced",
                 "phone_shots", "phone_shadows", "phone_refit")


@dataclasses.dataclass(frozen=True)
class Step:
    name: str                        # its folder, ROOT/NAME/
    recipe: str | None               # a nin.lab.train preset, one of PHOTO_RECIPES, or None: a Mix is the result
    start: str | Mix | None = None   # None: from scratch; an earlier step's name: its weights; Mix: two steps'
    teacher: str | None = None       # the step whose answers the recipe's distillation keeps (default: the start)
    families: tuple = ()             # drawing families (letters, nin.lab.families), when not the preset's
    epochs_scale: float = 1.0
    seed: int = 0
    test_accuracy: float | None = None  # what it scored when first run (fp32, all 10,000 test images)
    sha256: str | None = None        # of the weights it made then, where they were committed to weights/


CACHED = "drawings224_cached"
FOUR, SIX, SEVEN = ("A", "C", "D", "E"), ("A", "C", "D", "E", "F", "G"), ("A", "C", "D", "E", "F", "G", "H")

# Runs 1 to 25 and the photo fine-tune; docs/training.md tells each run's story. Runs 4-7 and 13 led
# nowhere that was kept, so they are not part of it. From run 8 on, run N had seed N + 3.
COMMITTED = [
    Step("run1", "cpu", test_accuracy=0.8932),
    Step("run1-224", "finetune224", start="run1", epochs_scale=1.5, test_accuracy=0.8942,
         sha256="52106d0260256344f0f48bc64290e0e195d38cf9eef1d19a687f62f7b4eb1714"),
    Step("run2", "continue224", start="run1-224", seed=1, test_accuracy=0.9204,
         sha256="d732c4d92543bd31f0f33dacdd083373035ca9692276325768c700e94337c4d3"),
    Step("run3", "drawings224_distill", start="run2", epochs_scale=1.5, seed=3, test_accuracy=0.9183,
         sha256="172fa9a8a15473b0478d884cd61fb44c488c344da278dfc0f4650e269314a285"),
    Step("run2-3-mix", None, start=Mix("run2", "run3", 0.5), test_accuracy=0.9204,
         sha256="bd745c375e6c10597eb220cb178eac61da3aa8cdca328db8fa60e39d38f87310"),
    Step("run8", "garments224_cached", start="run2-3-mix", seed=11, test_accuracy=0.9220),
    Step("run9", CACHED, start="run8", seed=12, test_accuracy=0.9202,
         sha256="a5a24f56f0692a98eacf141a1d1f7640568c345a1d9ff21e01100c6b0493c776"),
    Step("run10", CACHED, start="run9", teacher="run8", families=FOUR, seed=13, test_accuracy=0.9220),
    Step("run11", CACHED, start="run10", teacher="run8", families=FOUR, seed=14, test_accuracy=0.9218),
    Step("run12", CACHED, start="run11", teacher="run8", families=FOUR, seed=15, test_accuracy=0.9218,
         sha256="ef123101305e4456f96cee618c54042035c15e8f296bbd42ab0120b200e84c5b"),
    Step("run14", CACHED, start="run12", teacher="run12", families=SIX, seed=17, test_accuracy=0.9227),
    Step("run15", CACHED, start="run14", teacher="run12", families=SIX, seed=18, test_accuracy=0.9225),
    Step("run16", CACHED, start="run15", teacher="run12", families=SIX, seed=19, test_accuracy=0.9235),
    Step("run17", CACHED, start="run16", teacher="run12", families=SIX, seed=20, test_accuracy=0.9228),
    Step("run18", CACHED, start="run17", teacher="run12", families=SIX, seed=21, test_accuracy=0.9232),
    Step("run19", CACHED, start="run18", teacher="run12", families=SIX, seed=22, test_accuracy=0.9246,
         sha256="e4b836bce0c8ba65ba4f3946d5192605dcf907341d0998589ec3a6b5296085e8"),
    Step("run20", CACHED, start="run19", teacher="run12", families=SIX, seed=23, test_accuracy=0.9239),
    Step("run21", CACHED, start="run20", teacher="run12", families=SEVEN, seed=24, test_accuracy=0.9239),
    Step("run22", CACHED, start="run21", teacher="run12", families=SEVEN, seed=25, test_accuracy=0.9237),
    Step("run23", CACHED, start="run22", teacher="run12", families=SEVEN, seed=26, test_accuracy=0.9250),
    Step("run24", CACHED, start="run23", teacher="run12", families=SEVEN, seed=27, test_accuracy=0.9233),
    Step("run25", CACHED, start="run24", teacher="run12", families=SEVEN, seed=28, test_accuracy=0.9240,
         sha256="45d897620052225294b441034ca2153c3ea3082d67bdcf710a345b0670b9206d"),
    Step("photos", PHOTOS, start="run25", test_accuracy=0.9153),
    Step("photos-settle", "photos_settle", start="photos", teacher="run25", test_accuracy=0.9177),
    # Settling alone leaves the test set under 0.92; 80 % of the way from run 25 to it keeps 0.92 (docs/training.md).
    Step("photos-mix", None, start=Mix("run25", "photos-settle", 0.8), test_accuracy=0.9207,
         sha256="c420229345e420ecc6635981ce6bea3fd8c43f1eea41449b0f855d5d73f34cc9"),
    # The weights for photos (weights/phone/): from the photos step, on photos most of all, the photos turned and
    # scaled, read at 112x112, each kind as often, and garments as product shots on white, half of them casting a
    # studio's shadow (docs/photos.md).
    Step("phone", "phone_shadows", start="photos", seed=1, test_accuracy=0.908,
         sha256="812b768b51d374e6b2b25bdf3be457dcdc9138dd7953aef1e448035d72aacaf0"),
]

CHAINS = {"committed": COMMITTED}


@dataclasses.dataclass(frozen=True)
class Command:
    argv: tuple      # the module (python -m ...), then its arguments
    makes: Path      # the file it leaves when done: there already, the command is skipped

    def __str__(self) -> str:
        return "python -m " + shlex.join(self.argv)


@dataclasses.dataclass(frozen=True)
class Options:
    """What every training command of the chain gets besides the step's own settings."""
    data_dir: str | None = None
    device: str | None = None
    max_steps: int | None = None      # nin.lab.train only, for trying the chain: not the recipe
    train_subset: int | None = None   # nin.lab.train only, for trying the chain: not the recipe
    eval_subset: int | None = None    # nin.lab.train only
    final_eval: bool = True           # nin.lab.train only

    def train_args(self) -> list[str]:
        args = self.common_args()
        for flag, value in (("--max-steps", self.max_steps), ("--train-subset", self.train_subset),
                            ("--eval-subset", self.eval_subset)):
            if value is not None:
                args += [flag, str(value)]
        return args + ([] if self.final_eval else ["--no-final-eval"])

    def common_args(self) -> list[str]:
        return ([] if self.data_dir is None else ["--data-dir", str(self.data_dir)]) + (
            [] if self.device is None else ["--device", self.device])


def uses(step: Step) -> list[str]:
    """The earlier steps whose weights ``step`` reads: its start (or the two it interpolates) and its teacher."""
    start = [step.start.a, step.start.b] if isinstance(step.start, Mix) else [step.start]
    return [name for name in (*start, step.teacher) if name]


def check(steps: list[Step]) -> None:
    """Every name unique, every step it starts from or learns from earlier in the chain, every recipe
    and family known; ValueError says which step is wrong."""
    from . import families
    from .train import PRESETS

    seen = set()
    for step in steps:
        if step.name in seen:
            raise ValueError(f"step {step.name!r} comes twice")
        for name in uses(step):
            if name not in seen:
                raise ValueError(f"step {step.name!r} uses {name!r}, which is not an earlier step")
        if step.recipe is None and not isinstance(step.start, Mix):
            raise ValueError(f"step {step.name!r} has no recipe: it must be the interpolation of two steps")
        if step.recipe not in (None, *PHOTO_RECIPES) and step.recipe not in PRESETS:
            raise ValueError(f"step {step.name!r}: no preset {step.recipe!r} in nin.lab.train")
        if step.recipe is None and (step.families or step.teacher or step.epochs_scale != 1.0):
            raise ValueError(f"step {step.name!r}: families, teacher and epochs are a nin.lab.train preset's")
        if step.recipe in PHOTO_RECIPES and (step.families or step.epochs_scale != 1.0):
            raise ValueError(f"step {step.name!r}: a photo recipe has its own families and steps")
        if step.recipe in PHOTO_RECIPES and step.start is None:
            raise ValueError(f"step {step.name!r}: the photo fine-tune starts from trained weights")
        for family in step.families:
            if not families.get(family).trained:
                raise ValueError(f"step {step.name!r}: family {family} is held out, never trained on")
        seen.add(step.name)


def weights_of(root: Path, name: str) -> Path:
    return Path(root) / name / "model.safetensors"


def commands(step: Step, root: Path, options: Options = Options()) -> list[Command]:
    """The commands that make ``step``'s ROOT/NAME/model.safetensors, in order."""
    root, out = Path(root), Path(root) / step.name
    result, start = [], step.start
    if isinstance(start, Mix):
        mixed = out if step.recipe is None else out / "start"
        result.append(Command(("nin.lab.interpolate", str(root / start.a), str(root / start.b),
                               "--alpha", str(start.alpha), "--out", str(mixed)), mixed / "model.safetensors"))
        start_weights = mixed / "model.safetensors"
    else:
        start_weights = None if start is None else weights_of(root, start)
    if step.recipe in PHOTO_RECIPES:
        cache = out / "photos.safetensors"
        result.append(Command(("nin.lab.photos", "--out", str(out)), cache))
        teacher = ("--teacher", str(weights_of(root, step.teacher))) if step.teacher else ()
        result.append(Command(("nin.lab.train_photos", "--recipe", step.recipe, "--init-weights", str(start_weights),
                               *teacher, "--out", str(out), "--seed", str(step.seed), "--resume",
                               *options.common_args()), out / "model.safetensors"))
    elif step.recipe is not None:
        argv = ["nin.lab.train", "--preset", step.recipe, "--out", str(out), "--seed", str(step.seed)]
        if start_weights is not None:
            argv += ["--init-weights", str(start_weights)]
        if step.teacher:
            argv += ["--teacher", str(weights_of(root, step.teacher))]
        if step.families:
            argv += ["--families", ",".join(step.families)]
        if step.epochs_scale != 1.0:
            argv += ["--epochs-scale", f"{step.epochs_scale:g}"]
        argv += ["--resume", *options.train_args()]
        result.append(Command(tuple(argv), out / "model.safetensors"))
    return result


def is_done(step: Step, root: Path) -> bool:
    """Its weights are there, with the config.json written after them (not a file cut short)."""
    folder = Path(root) / step.name
    return (folder / "model.safetensors").exists() and (folder / "config.json").exists()


def restore(step: Step, root: Path, repo: Path = REPO) -> bool:
    """Put the weights ``step`` made when first run into ROOT/NAME/, from the commit of ``repo``'s history
    whose weights/ held them (step.sha256); False when no commit does."""
    import hashlib
    import subprocess

    def git(*args) -> bytes:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout

    if not step.sha256:
        return False
    for commit in git("log", "--format=%H", "--", "weights/model.safetensors").decode().split():
        weights = git("show", f"{commit}:weights/model.safetensors")
        if hashlib.sha256(weights).hexdigest() == step.sha256:
            folder = Path(root) / step.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "model.safetensors").write_bytes(weights)
            (folder / "config.json").write_bytes(git("show", f"{commit}:weights/config.json"))
            print(f"chain: {step.name}: its weights ({step.sha256[:8]}…) from commit {commit[:7]} of weights/",
                  flush=True)
            return True
    return False


def describe(step: Step) -> str:
    """One line: where it starts, what it trains, with what."""
    from .train import PRESETS

    start = step.start
    where = ("from scratch" if start is None else
             f"(1 - {start.alpha:g}) * {start.a} + {start.alpha:g} * {start.b}" if isinstance(start, Mix) else
             f"from {start}")
    if step.recipe is None:
        return f"{where} (nin.lab.interpolate)"
    if step.recipe in PHOTO_RECIPES:
        teacher = f", teacher {step.teacher}" if step.teacher else ""
        return f"{where}, photo fine-tune (nin.lab.train_photos recipe {step.recipe}{teacher}), seed {step.seed}"
    recipe = PRESETS[step.recipe]
    parts = [where, step.recipe, f"epochs x{step.epochs_scale:g}" if step.epochs_scale != 1.0 else None,
             f"teacher {step.teacher}" if step.teacher else None]
    if recipe.drawing_share:
        parts.append("families " + "".join(step.families or _letters(recipe.drawing_families)))
    return ", ".join(filter(None, parts)) + f", seed {step.seed}"


def _letters(names) -> tuple:
    from . import families

    return tuple(families.get(name).letter for name in names)


def listing(steps: list[Step], root: Path, options: Options = Options()) -> str:
    """The dry run: every step, whether it is done, and its exact commands."""
    count = f"{len(steps)} step" + ("" if len(steps) == 1 else "s")
    lines = [f"{count} into {root}/; one whose model.safetensors is there is skipped"]
    for number, step in enumerate(steps, 1):
        lines.append(f"{number:2d}. {step.name}: {describe(step)}" + ("  [done]" if is_done(step, root) else ""))
        lines += [f"      {command}" for command in commands(step, root, options)]
    return "\n".join(lines)


def run_chain(steps: list[Step], root: Path, options: Options = Options()) -> list[str]:
    """Run the steps in order, each command exactly as ``listing`` prints it, skipping what is done;
    return the names of the steps run. The steps they read must come before them or be done."""
    ran = []
    for step in steps:
        if is_done(step, root):
            print(f"chain: {step.name} is done ({Path(root) / step.name}), skipped", flush=True)
        else:
            started = time.monotonic()
            for command in commands(step, root, options):
                if command.makes.exists():
                    continue
                print(f"chain: {step.name}: {command}", flush=True)
                importlib.import_module(command.argv[0]).main(list(command.argv[1:]))
            ran.append(step.name)
            config = json.loads((Path(root) / step.name / "config.json").read_text())
            then = "" if step.test_accuracy is None else f" (when first run: {step.test_accuracy:.4f})"
            score = config.get("test_accuracy")
            print(f"chain: {step.name} done in {(time.monotonic() - started) / 60:.1f} min, test accuracy "
                  f"{'not measured' if score is None else f'{score:.4f}'}{then}", flush=True)
    return ran


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chain", choices=sorted(CHAINS))
    parser.add_argument("--list", action="store_true", help="print the steps and their commands; run nothing")
    parser.add_argument("--root", default="runs/chain", help="where the steps' folders go (default runs/chain)")
    parser.add_argument("--from", dest="first", metavar="STEP", help="start at this step: the earlier steps "
                        "it reads must be done, or have been committed (then they are taken from weights/'s git "
                        "history), e.g. --from photos rebuilds the last step alone")
    parser.add_argument("--until", metavar="STEP", help="stop after this step (with --list: list up to it)")
    parser.add_argument("--data-dir", default=None, help="folder with FashionMNIST/raw (default: nin.lab.data's)")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    trial = parser.add_argument_group("trying the chain quickly (not the recipe: nin.lab.train's steps only)")
    trial.add_argument("--max-steps", type=int, default=None)
    trial.add_argument("--train-subset", type=int, default=None)
    trial.add_argument("--eval-subset", type=int, default=None)
    trial.add_argument("--no-final-eval", dest="final_eval", action="store_false")
    args = parser.parse_args(argv)
    steps = CHAINS[args.chain]
    check(steps)
    names = [step.name for step in steps]
    for name in (args.first, args.until):
        if name and name not in names:
            parser.error(f"no step {name!r} in the chain {args.chain!r}")
    root = Path(args.root)
    if args.until:
        steps = steps[:names.index(args.until) + 1]
    if args.first:
        earlier, steps = steps[:names.index(args.first)], steps[names.index(args.first):]
        needed = {name for step in steps for name in uses(step)}
        for step in earlier:
            if step.name in needed and not is_done(step, root) and not (args.list or restore(step, root)):
                parser.error(f"{args.first} needs the weights of {step.name}, which are neither in "
                             f"{root / step.name}/ nor in weights/'s history: start at an earlier step")
    options = Options(data_dir=args.data_dir, device=args.device, max_steps=args.max_steps,
                      train_subset=args.train_subset, eval_subset=args.eval_subset, final_eval=args.final_eval)
    if args.list:
        print(listing(steps, root, options))
        return
    run_chain(steps, root, options)


if __name__ == "__main__":
    main()
