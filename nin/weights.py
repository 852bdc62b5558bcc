"""Trained weights: ``model.safetensors`` + ``config.json`` (the torchvision idea of weights that carry
their preprocessing and metadata with them), and the one loader that the app, the predict CLI and the
evaluation all use: :func:`load_model`.

Where the weights come from: the ``spec`` argument, else ``NIN_WEIGHTS``, else :data:`PUBLISHED_WEIGHTS`
(the Hub repo the README's ``models:`` names). A spec is a local folder, or a Hub repo with an optional
revision, ``owner/name@revision`` (a commit sha pins exact bytes: ``python -m nin.lab.publish`` prints one).
A Hub repo is fetched by ``huggingface_hub.snapshot_download`` into the Hugging Face cache, and is
verified by its config.json (architecture, classes, preprocessing, and the sha256 of model.safetensors).
When the Hub cannot be reached and the cache does not hold the revision, the loader falls back to the
weights bundled with the app (``weights/``) and says why in one line. Nothing is ever unpickled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from safetensors.torch import save_file

from .preprocess import CLASSES, GARMENT_SIZE, INPUT_SIZE, MEAN, PHOTO_DETAIL_SIZE, STD

log = logging.getLogger(__name__)

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
MODEL_CARD_FILE = "README.md"

# The project's published weights, as the README's front matter names them (models:). Pin a commit with
# NIN_WEIGHTS=owner/name@sha, or here, once `python -m nin.lab.publish` has printed it.
PUBLISHED_WEIGHTS = "nin-fashion-mnist/nin-d2l"
# Weights for phone photos (the same NiN, trained for photos of a garment on a bed or a floor) may be kept
# beside the main ones in this subfolder; the main config.json pins them by their sha256 (PHONE_SHA256_KEY).
PHONE_FOLDER = "phone"
PHONE_SHA256_KEY = "phone_photo_weights_sha256"
PHONE_FILES = [f"{PHONE_FOLDER}/{name}" for name in (WEIGHTS_FILE, CONFIG_FILE, "int8_calibration.safetensors")]
# What the app fetches of a Hub repo at start; the training stages' files are fetched when first shown.
HUB_FILES = [WEIGHTS_FILE, CONFIG_FILE, "int8_calibration.safetensors", "history/history.json", *PHONE_FILES]

# The weights that ship with the app (and the Space): used when the Hub cannot be reached.
BUNDLED_WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights"

ENV_VAR = "NIN_WEIGHTS"

_COMMIT = re.compile(r"[0-9a-f]{40}")
_HUB_SPEC = re.compile(r"^(?P<repo>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?:@(?P<revision>[^\s@]+))?$")


# --------------------------------------------------------------------------- writing


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_config(**extra) -> dict:
    return {"architecture": "NiN", "num_classes": len(CLASSES), "classes": list(CLASSES),
            "garment_size": GARMENT_SIZE, "input_size": INPUT_SIZE, "mean": MEAN, "std": STD, **extra}


def save_weights(model, folder, extra: dict | None = None, dtype=None) -> Path:
    """Write the model's state dict as safetensors (fp32 unless ``dtype``) and its config.json;
    return the weights path."""
    import torch

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(dtype or torch.float32).contiguous().cpu() for k, v in model.state_dict().items()}
    path = folder / WEIGHTS_FILE
    save_file(state, str(path), metadata={"format": "pt", "architecture": "NiN"})
    config = model_config(**{k: v for k, v in (extra or {}).items() if v is not None})
    config["sha256"] = sha256_of(path)
    (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    return path


# --------------------------------------------------------------------------- what was loaded


class WeightsError(RuntimeError):
    """Weights that cannot be used: the message names the file and what is wrong with it."""


@dataclass
class WeightsInfo:
    """Where the loaded weights came from, and why that source was chosen."""

    source: str               # "hub", "folder" or "bundled"
    location: str             # Hub repo id, or the folder's path
    revision: str | None      # Hub commit sha; None for a folder
    sha256: str               # of the model.safetensors that was loaded
    short_sha: str            # its first 12 characters
    test_accuracy: float | None  # from config.json
    path: str                 # the local file that was loaded
    reason: str               # why this source (or why the loader fell back), for the log and the CLI
    verified: bool = False    # whether sha256 was checked against an expected value
    meta: dict = field(default_factory=dict)  # what config.json says the weights expect (see check_meta)
    none_below: float | None = None  # config.json: a top probability under this means "none of these"
    phone_sha256: str | None = None  # config.json: the sha256 of the phone-photo weights in PHONE_FOLDER, if any
    subfolder: str = ""       # the folder of the Hub repo (or of the main weights) these weights are in
    photo_accuracy: float | None = None  # config.json: on the test split of phone photos, mean over the kinds

    @classmethod
    def from_config(cls, config: dict, *, path, sha256: str, source: str, location, reason: str,
                    verified: bool, revision: str | None = None,
                    garment_sizes: tuple[int, ...] = (GARMENT_SIZE,)) -> "WeightsInfo":
        """The info of the weights loaded from ``path``, with the test accuracy and the meta that
        ``config`` (their config.json, {} if none) records; the meta is checked (:func:`check_meta`)."""
        accuracy = config.get("test_accuracy")
        return cls(source=source, location=str(location), revision=revision, sha256=sha256, short_sha=sha256[:12],
                   test_accuracy=float(accuracy) if isinstance(accuracy, (int, float)) else None,
                   path=str(path), reason=reason, verified=verified,
                   meta=check_meta(config, str(Path(path).with_name(CONFIG_FILE)), garment_sizes),
                   none_below=float(none) if isinstance((none := config.get("none_below")), (int, float)) else None,
                   phone_sha256=phone if isinstance((phone := config.get(PHONE_SHA256_KEY)), str) else None,
                   photo_accuracy=float(photo) if isinstance((photo := config.get("photo_test_accuracy")),
                                                             (int, float)) else None)

    def describe(self) -> str:
        """Where the weights came from, in a visitor's terms (for the page): the Hub repo and commit, or
        "bundled with the app"; never a server path."""
        accuracy = f", test accuracy {self.test_accuracy:.2%}" if self.test_accuracy is not None else ""
        if self.photo_accuracy is not None:  # weights for phone photos: that figure, not Fashion-MNIST's
            accuracy = f", {self.photo_accuracy:.1%} right on phone photos never trained on (mean over the kinds)"
        if self.source == "hub":
            where = f"from the Hugging Face Hub: {self.location}@{self.revision[:12]}"
        elif self.source == "bundled":
            where = "bundled with the app"
        else:
            where = f"from a weights folder on this server ({Path(self.location).name})"
        check = "checked against its config.json" if self.verified else "no config.json to check them against"
        what = "NiN weights for phone photos" if self.subfolder == PHONE_FOLDER else "NiN weights"
        return f"{what} {self.short_sha}{accuracy}, {where}; {check}."


class HubUnreachable(Exception):
    """The Hub could not be asked (offline, no network, server error) and the cache lacks the revision."""


# --------------------------------------------------------------------------- checks


def _brief(items, n: int = 4) -> str:
    items = list(items)
    shown = ", ".join(items[:n])
    return shown + (f" and {len(items) - n} more" if len(items) > n else "")


def read_config(path) -> dict:
    """A config.json as a dict; a WeightsError if it is not a JSON object."""
    path = Path(path)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WeightsError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WeightsError(f"{path}: not a valid JSON config ({error})") from None
    if not isinstance(config, dict):
        raise WeightsError(f"{path}: not a valid config (a JSON object was expected)")
    return config


def _build_model(state: dict, path: Path, device):
    from .model import NiN

    model = NiN()
    wanted = model.state_dict()
    missing = sorted(set(wanted) - set(state))
    unexpected = sorted(set(state) - set(wanted))
    wrong = [f"{k} is {list(state[k].shape)} in the file but {list(wanted[k].shape)} in NiN"
             for k in wanted if k in state and tuple(state[k].shape) != tuple(wanted[k].shape)]
    problems = ([f"missing tensors: {_brief(missing)}"] if missing else []) + \
               ([f"unexpected tensors: {_brief(unexpected)}"] if unexpected else []) + \
               ([f"wrong shapes: {_brief(wrong, 3)}"] if wrong else [])
    if problems:
        raise WeightsError(f"{path}: these are not weights for this NiN: " + "; ".join(problems))
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as error:
        raise WeightsError(f"{path}: cannot be loaded into NiN: {error}") from None
    return model.to(device).eval()


def load_verified(weights: Path, expected: str | None, expected_from: str, device="cpu"):
    """sha256 check, safetensors load (which refuses a truncated or foreign file), strict NiN load: (model, sha256)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    if not Path(weights).is_file():
        raise WeightsError(f"{weights}: file not found")
    sha = sha256_of(weights)
    if expected is not None and sha != expected.lower():
        raise WeightsError(f"{weights}: sha256 mismatch: expected {expected} ({expected_from}), got {sha}")
    try:
        state = load_file(str(weights), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as error:
        raise WeightsError(f"{weights}: not a complete safetensors file ({error})") from None
    return _build_model(state, weights, device), sha


META_KEYS = ("classes", "garment_size", "input_size", "mean", "std")


def check_meta(config: dict, where: str, garment_sizes: tuple[int, ...] = (GARMENT_SIZE,)) -> dict:
    """The preprocessing and class names config.json records, checked against the code's
    (nin.preprocess): weights trained for other classes, another normalisation or a garment size
    not in ``garment_sizes`` are refused."""
    code = model_config()
    meta = {key: config.get(key, code[key]) for key in META_KEYS}
    for key in META_KEYS:
        ours, theirs = code[key], meta[key]
        if key == "garment_size" and theirs in garment_sizes:
            ours = theirs
        same = (abs(theirs - ours) < 1e-6 if isinstance(ours, float) and isinstance(theirs, (int, float))
                else theirs == ours)
        if not same:
            raise WeightsError(f"{where}: the weights expect {key} = {theirs!r}, but nin.preprocess uses {ours!r}")
    return meta


def load_weights_folder(folder, *, device="cpu", source: str = "folder", reason: str = "", revision=None,
                        location=None, require_config: bool = False, garment_sizes: tuple[int, ...] = (GARMENT_SIZE,)):
    """Load a folder with model.safetensors + config.json (whose sha256 of the weights is checked; a
    folder without config.json loads unverified, unless ``require_config``); ``garment_sizes``: the
    garment sizes (config.json's garment_size) these weights may read."""
    folder = Path(folder).expanduser()
    weights, config_path = folder / WEIGHTS_FILE, folder / CONFIG_FILE
    if not weights.is_file():
        hint = "" if folder.is_dir() else " (the folder does not exist)"
        raise WeightsError(f"{weights}: file not found{hint}")
    if require_config and not config_path.is_file():
        raise WeightsError(f"{location or folder}: no {CONFIG_FILE} beside {WEIGHTS_FILE}: not this project's weights")
    config = read_config(config_path) if config_path.is_file() else {}
    expected = config.get("sha256") or None
    if require_config and config.get("architecture") != "NiN":
        raise WeightsError(f"{location or folder}/{CONFIG_FILE}: architecture {config.get('architecture')!r}, not NiN")
    if require_config and expected is None:
        raise WeightsError(f"{location or folder}/{CONFIG_FILE}: no sha256 of {WEIGHTS_FILE} to check it against")
    model, sha = load_verified(weights, expected, f"{location or folder}/{CONFIG_FILE}", device)
    return model, WeightsInfo.from_config(config, path=weights.resolve(), sha256=sha, source=source,
                                          location=location or folder.resolve(), revision=revision,
                                          reason=reason or f"Weights folder {folder.resolve()}.",
                                          verified=expected is not None, garment_sizes=garment_sizes)


# --------------------------------------------------------------------------- the Hub


def parse_weights_spec(spec: str) -> tuple[str, str, str | None]:
    """``("folder", path, None)`` for an existing folder, ``("hub", repo_id, revision)`` for a repo id."""
    spec = spec.strip()
    if Path(spec).expanduser().is_dir():
        return "folder", str(Path(spec).expanduser()), None
    match = _HUB_SPEC.match(spec)
    if match is None or spec.startswith((".", "/", "~")):
        raise WeightsError(f"{spec!r}: neither an existing weights folder nor a Hub repo id "
                           "(owner/name or owner/name@revision)")
    return "hub", match["repo"], match["revision"]


def _short(error: BaseException, limit: int = 160) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def fetch_from_hub(repo_id: str, revision: str | None = None) -> Path:
    """The snapshot folder of repo@revision (the files in HUB_FILES) in the Hugging Face cache: downloaded,
    or as cached when the Hub cannot be reached. HubUnreachable when neither; WeightsError when the Hub
    says the repo or the revision does not exist."""
    import httpx2  # huggingface_hub's HTTP client
    from huggingface_hub import HfApi, constants, snapshot_download
    from huggingface_hub import errors as hf_errors

    where = f"{repo_id}@{revision or 'main'}"

    def download(**cache_only):
        return Path(snapshot_download(repo_id, revision=revision, allow_patterns=HUB_FILES, **cache_only))

    try:
        if revision and _COMMIT.fullmatch(revision):
            try:  # a commit never changes: once cached, no need to ask the Hub
                return download(local_files_only=True)
            except hf_errors.LocalEntryNotFoundError:
                pass
        # One request, which snapshot_download's listing would retry for half a minute when the Hub is down.
        HfApi().repo_info(repo_id, revision=revision, timeout=constants.HF_HUB_ETAG_TIMEOUT)
        return download()
    except hf_errors.RevisionNotFoundError:
        raise WeightsError(f"{where}: revision {revision!r} not found in Hub repo {repo_id}") from None
    except (hf_errors.RepositoryNotFoundError, hf_errors.GatedRepoError):
        raise WeightsError(f"{where}: Hub repo {repo_id} not found (or private/gated and no valid token)") from None
    except (httpx2.TransportError, hf_errors.OfflineModeIsEnabled, hf_errors.HfHubHTTPError) as error:
        status = getattr(getattr(error, "response", None), "status_code", None)
        if isinstance(error, hf_errors.HfHubHTTPError) and status is not None and status < 500 and status != 429:
            raise WeightsError(f"{where}: the Hub refused the request: {_short(error)}") from None
        try:
            return download(local_files_only=True)
        except hf_errors.LocalEntryNotFoundError:
            raise HubUnreachable("offline mode" if isinstance(error, hf_errors.OfflineModeIsEnabled)
                                 else _short(error)) from None


def load_from_hub(repo_id: str, revision: str | None, *, said: str, device="cpu"):
    """repo@revision from the Hub (or the cache), verified by its config.json."""
    folder = fetch_from_hub(repo_id, revision)
    commit = folder.name  # .../snapshots/<commit>
    return load_weights_folder(folder, device=device, source="hub", revision=commit, location=repo_id,
                               require_config=True, reason=f"{said}: Hub repo {repo_id} at commit {commit}.")


def companion_file(info: WeightsInfo, name: str) -> Path:
    """A file kept next to the loaded weights (e.g. ``history/history.json``): from the same folder,
    or from the same Hub commit (the cache first). A WeightsError if it is not there."""
    if info.source != "hub":
        path = Path(info.path).parent / name
        if not path.is_file():
            raise WeightsError(f"{path}: file not found")
        return path
    from huggingface_hub import errors as hf_errors
    from huggingface_hub import hf_hub_download

    name = f"{info.subfolder}/{name}" if info.subfolder else name
    where = f"{info.location}@{info.revision[:12]}/{name}"
    try:  # a commit sha: served from the cache without asking the Hub when it is there
        return Path(hf_hub_download(info.location, name, revision=info.revision))
    except hf_errors.EntryNotFoundError:  # also LocalEntryNotFoundError: offline and not cached
        raise WeightsError(f"{where}: not in the Hub repo (or not cached while offline)") from None
    except (hf_errors.HfHubHTTPError, OSError) as error:
        raise WeightsError(f"{where}: cannot be fetched: {_short(error)}") from None


# --------------------------------------------------------------------------- the loader


def load_model(spec: str | None = None, device="cpu"):
    """The NiN with its trained weights, and a :class:`WeightsInfo` saying where they came from.

    ``spec`` (else ``NIN_WEIGHTS``, else PUBLISHED_WEIGHTS): a folder, or ``owner/name[@revision]`` on the Hub.
    A Hub repo that cannot be reached (and is not cached) gives the bundled ``weights/``, with the reason
    logged in one line. Raises :class:`WeightsError`.
    """
    requested = spec or os.environ.get(ENV_VAR) or None
    said = (f"Requested {requested}" if spec else f"{ENV_VAR}={requested}") if requested else "The published weights"
    kind, where, revision = parse_weights_spec(requested or PUBLISHED_WEIGHTS)
    if kind == "folder":
        return load_weights_folder(where, device=device, reason=f"{said}: a local weights folder.")
    try:
        return load_from_hub(where, revision, said=said, device=device)
    except HubUnreachable as error:
        reason = f"{said}: Hub unreachable ({error}); using the weights bundled with the app."
    except OSError as error:  # e.g. a read-only home: no Hugging Face cache to download into
        reason = f"{said}: cannot use the Hugging Face cache ({_short(error)}); using the weights bundled with the app."
    except WeightsError as error:
        if requested:
            raise
        reason = f"{said}: {error}; using the weights bundled with the app."  # the default repo: keep the app up
    log.warning(reason)
    if not (BUNDLED_WEIGHTS_DIR / WEIGHTS_FILE).is_file():
        raise WeightsError(f"{BUNDLED_WEIGHTS_DIR / WEIGHTS_FILE}: file not found. {reason} Train with "
                           f"`python -m nin.lab.train` and copy its output to weights/, or set {ENV_VAR} to a "
                           "weights folder or a Hub repo id (owner/name@revision).")
    return load_weights_folder(BUNDLED_WEIGHTS_DIR, device=device, source="bundled", reason=reason)


def load_phone_weights(info: WeightsInfo, device="cpu"):
    """The phone-photo weights kept beside ``info``'s (PHONE_FOLDER, from the same folder or Hub commit) as
    (model, WeightsInfo), checked against the sha256 the main config.json pins; None when it pins none."""
    if info.phone_sha256 is None:
        return None
    companion_file(info, f"{PHONE_FOLDER}/{CONFIG_FILE}")  # from the Hub: fetched beside the weights
    folder = companion_file(info, f"{PHONE_FOLDER}/{WEIGHTS_FILE}").parent
    model, phone = load_weights_folder(folder, device=device, source=info.source, revision=info.revision,
                                       location=info.location if info.source == "hub" else None,
                                       require_config=True, reason=f"The phone-photo weights beside {info.short_sha}.",
                                       garment_sizes=(GARMENT_SIZE, PHOTO_DETAIL_SIZE))
    if phone.sha256 != info.phone_sha256.lower():
        raise WeightsError(f"{folder / WEIGHTS_FILE}: sha256 {phone.sha256}, but {info.location}'s {CONFIG_FILE} "
                           f"pins {info.phone_sha256}")
    return model, replace(phone, subfolder=PHONE_FOLDER)
