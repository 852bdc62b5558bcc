"""Publish the trained weights to a Hugging Face Hub model repo, and optionally the demo to a Space.

    HF_TOKEN=hf_... python -m nin.lab.publish --repo OWNER/NAME [--space OWNER/NAME] [--private]

The model repo gets ``weights/``'s model.safetensors, config.json, README.md (the model card), history/,
int8_calibration.safetensors and phone/ (the weights for phone photos), checked first with the same loader
the app uses. The command prints what to set for the app to use them: ``NIN_WEIGHTS=OWNER/NAME@<commit>``
(an environment variable, a Space's variable, compose's environment), or PUBLISHED_WEIGHTS in nin/weights.py
to make them the default. With ``--space``, a Gradio Space gets the app: app.py, requirements.txt, README.md
(whose front matter configures the Space), the ``nin`` package (without its lab, nin/lab) and the bundled ``weights/``
(the app's fallback when the Hub cannot be reached) - never tests/, runs/, data/ or benchmarks/. Both get
the training stages (weights/history/).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import weights as W
from ..int8 import CALIBRATION_FILE

ROOT = Path(__file__).resolve().parents[2]

MODEL_FILES = [W.WEIGHTS_FILE, W.CONFIG_FILE, W.MODEL_CARD_FILE]
# The training stages of the page's slider (nin.history), when the folder has them.
HISTORY_FILES = ["history/history.json", "history/*/model.safetensors", "history/*/config.json"]
# The int8 calibration (nin.int8), when the folder has one: without it, a CPU without bf16 runs fp32.
OPTIONAL_FILES = HISTORY_FILES + [CALIBRATION_FILE] + W.PHONE_FILES  # and the phone-photo weights beside them
SPACE_REQUIRED = ["app.py", "requirements.txt", "README.md"]
# pre-requirements.txt: the CPU build of torch, which a CPU Space installs first (delete it for a GPU Space).
SPACE_ALLOW = (SPACE_REQUIRED + ["pre-requirements.txt", "nin/*.py"]
               + [f"weights/{name}" for name in MODEL_FILES + OPTIONAL_FILES])
# The Space runs the app: the runtime only, not the lab (nin/lab) nor what measures it.
SPACE_IGNORE = ["__pycache__/*", "*/__pycache__/*", "*.pyc", "nin/lab/*", "tests/*", "runs/*", "data/*",
                "benchmarks/*", ".*"]


def get_token(environ=None) -> str:
    """The write token from HF_TOKEN; a SystemExit that says what to do if there is none."""
    environ = os.environ if environ is None else environ
    token = environ.get("HF_TOKEN") or environ.get("HUGGING_FACE_HUB_TOKEN")
    if not token:
        raise SystemExit("nin.lab.publish: HF_TOKEN is not set. Create a token with write access at "
                         "https://huggingface.co/settings/tokens and run "
                         "`HF_TOKEN=hf_... python -m nin.lab.publish --repo OWNER/NAME`.")
    return token


def planned_files(folder, allow_patterns, ignore_patterns=None) -> list[str]:
    """The files under ``folder`` that upload_folder would send with these patterns (same matcher)."""
    from huggingface_hub.utils import filter_repo_objects

    folder = Path(folder)
    paths = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return list(filter_repo_objects(paths, allow_patterns=allow_patterns, ignore_patterns=ignore_patterns))


def check_model_folder(folder) -> W.WeightsInfo:
    """Refuse to publish an incomplete or corrupt weights folder (same checks as the app's loader)."""
    folder = Path(folder)
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise SystemExit(f"nin.lab.publish: {folder} lacks {', '.join(missing)}; it needs {', '.join(MODEL_FILES)}")
    try:
        _, info = W.load_weights_folder(folder, reason="to publish")
        W.load_phone_weights(info)  # the phone-photo weights its config.json pins, when it pins any
    except W.WeightsError as error:
        raise SystemExit(f"nin.lab.publish: not publishing: {error}") from None
    if not info.verified:
        raise SystemExit(f"nin.lab.publish: {folder / W.CONFIG_FILE} has no sha256 of {W.WEIGHTS_FILE}")
    return info


def publish_model(api, repo_id: str, folder, *, token: str | None = None, private: bool = False) -> str:
    """Create (or reuse) the model repo and upload the weights folder; return the commit sha."""
    info = check_model_folder(folder)
    api.create_repo(repo_id, repo_type="model", private=private, exist_ok=True, token=token)
    commit = api.upload_folder(repo_id=repo_id, folder_path=str(folder), repo_type="model",
                               allow_patterns=MODEL_FILES + OPTIONAL_FILES, token=token,
                               commit_message=f"NiN weights {info.short_sha}")
    return commit.oid


def publish_space(api, space_id: str, root=ROOT, *, token: str | None = None, private: bool = False) -> str:
    """Create (or reuse) a Gradio Space and upload the app; return the commit sha."""
    root = Path(root)
    missing = [name for name in SPACE_REQUIRED if not (root / name).is_file()]
    if missing:
        raise SystemExit(f"nin.lab.publish: the Space needs {', '.join(missing)} in {root}")
    api.create_repo(space_id, repo_type="space", space_sdk="gradio", private=private, exist_ok=True, token=token)
    commit = api.upload_folder(repo_id=space_id, folder_path=str(root), repo_type="space",
                               allow_patterns=SPACE_ALLOW, ignore_patterns=SPACE_IGNORE, token=token,
                               commit_message="NiN Fashion-MNIST demo")
    return commit.oid


def pin_instructions(repo_id: str, commit: str) -> str:
    return (f"To serve these weights, set\n"
            f"    NIN_WEIGHTS={repo_id}@{commit}\n"
            f"in the app's environment (a Space: Settings > Variables; Docker: deploy/compose.yaml), or make them\n"
            f"the default in nin/weights.py:\n"
            f"    PUBLISHED_WEIGHTS = \"{repo_id}@{commit}\"")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m nin.lab.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="the Hub model repo, OWNER/NAME")
    parser.add_argument("--space", help="also publish the demo to this Gradio Space, OWNER/NAME")
    parser.add_argument("--private", action="store_true", help="create the repos as private")
    parser.add_argument("--weights-dir", type=Path, default=W.BUNDLED_WEIGHTS_DIR,
                        help="the weights folder to publish (default: weights/)")
    return parser.parse_args(argv)


def main(argv=None, api=None, environ=None) -> None:
    args = parse_args(argv)
    token = get_token(environ)
    if api is None:
        from huggingface_hub import HfApi
        api = HfApi(token=token)
    print("model repo files:", ", ".join(planned_files(args.weights_dir, MODEL_FILES)))
    commit = publish_model(api, args.repo, args.weights_dir, token=token, private=args.private)
    print(f"published {args.repo} at commit {commit}")
    print(pin_instructions(args.repo, commit))
    if args.space:
        if W.PUBLISHED_WEIGHTS != f"{args.repo}@{commit}":
            print(f"note: the Space serves {W.PUBLISHED_WEIGHTS} (else its bundled weights/) until you set its "
                  f"NIN_WEIGHTS variable to {args.repo}@{commit}")
        print("space files:", ", ".join(planned_files(ROOT, SPACE_ALLOW, SPACE_IGNORE)))
        space_commit = publish_space(api, args.space, ROOT, token=token, private=args.private)
        print(f"published the Space {args.space} at commit {space_commit}: https://huggingface.co/spaces/{args.space}")


if __name__ == "__main__":
    main()
