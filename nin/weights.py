"""Trained weights on disk: ``model.safetensors`` + ``config.json`` (the torchvision idea of
weights that carry their preprocessing and metadata with them), and the one loader that the
app, the predict CLI and the evaluation all use: :func:`load_model`.

Where the weights come from, in order:

1. the ``spec`` argument, else the ``NIN_WEIGHTS`` environment variable: a local folder, or a
   Hub repo id with an optional revision (``owner/name@abc123``). If that fails, the error is
   raised: the user asked for exactly those weights.
2. the project's Hub repo at a pinned commit (:data:`HUB_REPO_ID` / :data:`HUB_REVISION`),
   when configured. If the Hub cannot be reached (offline, no network, Hub down) and the
   commit is not in the local Hugging Face cache, the loader falls back to step 3 and says so.
3. the bundled ``weights/`` folder at the repository root.

Every file is checked before use: the safetensors header and size (so a truncated or foreign
file gives a clear :class:`WeightsError`), the sha256 against the expected one, and a strict
load into :class:`~nin.model.NiN`. Nothing is ever unpickled: safetensors only.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import struct
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from safetensors.torch import save_file

from .preprocess import CLASSES, GARMENT_SIZE, INPUT_SIZE, MEAN, STD

WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
MODEL_CARD_FILE = "README.md"

# The project's published weights: a Hub model repo and the commit sha to pin. Not published
# yet; `python -m nin.lab.publish --repo OWNER/NAME` prints the two values to put here.
HUB_REPO_ID: str | None = None
HUB_REVISION: str | None = None

# The weights that ship with the repository (and the Space): the last resort, and the source of
# the expected sha256 for the project's Hub repo.
BUNDLED_WEIGHTS_DIR = Path(__file__).resolve().parent.parent / "weights"

ENV_VAR = "NIN_WEIGHTS"
# Seconds to wait for the Hub on a network attempt (HF_HUB_ETAG_TIMEOUT, when set, wins).
HUB_TIMEOUT_S = 3.0

_COMMIT_SHA = re.compile(r"^[0-9a-f]{40}$")
_HUB_SPEC = re.compile(r"^(?P<repo>[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)(?:@(?P<revision>[^\s@]+))?$")
_MAX_HEADER_BYTES = 100 * 1024 * 1024  # safetensors' own limit


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

    source: str               # "env-folder", "env-hub", "hub" or "local"
    location: str             # Hub repo id, or the folder's path
    revision: str | None      # Hub commit sha; None for a folder
    sha256: str               # of the model.safetensors that was loaded
    short_sha: str            # its first 12 characters
    test_accuracy: float | None  # from config.json
    path: str                 # the local file that was loaded
    reason: str               # why this source (or why the loader fell back), for the page/CLI
    verified: bool = False    # whether sha256 was checked against an expected value
    meta: dict = field(default_factory=dict)  # what config.json says the weights expect (see check_meta)

    @classmethod
    def from_config(cls, config: dict, *, path, sha256: str, source: str, location, reason: str,
                    verified: bool, revision: str | None = None) -> "WeightsInfo":
        """The info of the weights loaded from ``path``, with the test accuracy and the meta that
        ``config`` (their config.json, {} if none) records; the meta is checked (:func:`check_meta`)."""
        accuracy = config.get("test_accuracy")
        return cls(source=source, location=str(location), revision=revision, sha256=sha256, short_sha=sha256[:12],
                   test_accuracy=float(accuracy) if isinstance(accuracy, (int, float)) else None,
                   path=str(path), reason=reason, verified=verified,
                   meta=check_meta(config, str(Path(path).with_name(CONFIG_FILE))))

    def describe(self) -> str:
        """One line for the web page and the CLI."""
        if self.source in ("hub", "env-hub"):
            where = f"Hub repo {self.location}" + (f"@{self.revision[:12]}" if self.revision else "")
        else:
            where = f"folder {self.location}"
        accuracy = f", test accuracy {self.test_accuracy:.2%}" if self.test_accuracy is not None else ""
        check = "sha256 verified" if self.verified else "sha256 not checked: no expected value"
        return f"NiN weights {self.short_sha} from {where}{accuracy} ({check}). {self.reason}"


class _HubUnreachable(Exception):
    """The Hub could not be asked (offline, no network, server error) and the cache has nothing."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


@dataclass
class _HubFiles:
    weights: Path
    config: Path | None
    commit: str
    how: str  # for the reason: "downloaded from the Hub", "loaded from the local Hugging Face cache", ...


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


def expected_sha256(folder=None) -> str | None:
    """The sha256 recorded in the bundled weights/config.json (or ``folder``'s), None if absent."""
    config_path = Path(folder if folder is not None else BUNDLED_WEIGHTS_DIR) / CONFIG_FILE
    if not config_path.is_file():
        return None
    sha = read_config(config_path).get("sha256")
    return sha.lower() if isinstance(sha, str) and sha else None


def check_safetensors_file(path) -> dict:
    """Check that ``path`` is a complete safetensors file (header, offsets, size); return its header."""
    path = Path(path)
    if not path.is_file():
        raise WeightsError(f"{path}: file not found")
    size = path.stat().st_size
    if size < 8:
        raise WeightsError(f"{path}: not a safetensors file (only {size} bytes)")
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        if header_len > _MAX_HEADER_BYTES:
            raise WeightsError(f"{path}: not a safetensors file (its first 8 bytes give a header length of "
                               f"{header_len} bytes; the file has {size})")
        if 8 + header_len > size:
            raise WeightsError(f"{path}: truncated: the safetensors header alone should be {header_len} bytes, "
                               f"but the file has only {size - 8} after the length field")
        raw = f.read(header_len)
    try:
        header = json.loads(raw.decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("not a JSON object")
    except (UnicodeDecodeError, ValueError) as error:
        raise WeightsError(f"{path}: not a safetensors file (the header is not valid JSON: {error})") from None
    end = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        if (not isinstance(offsets, list) or len(offsets) != 2 or not all(isinstance(o, int) for o in offsets)
                or offsets[0] > offsets[1]):
            raise WeightsError(f"{path}: corrupt safetensors header: tensor {name!r} has no valid data_offsets")
        end = max(end, offsets[1])
    expected_size = 8 + header_len + end
    if size < expected_size:
        raise WeightsError(f"{path}: truncated: the header describes {expected_size} bytes, the file has {size} "
                           f"({expected_size - size} bytes missing)")
    if size > expected_size:
        raise WeightsError(f"{path}: corrupt: {size - expected_size} unexpected bytes after the tensor data")
    return header


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
    """Structure check, sha256 check, safetensors load, strict NiN load: (model, sha256)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    check_safetensors_file(weights)
    sha = sha256_of(weights)
    if expected is not None and sha != expected.lower():
        raise WeightsError(f"{weights}: sha256 mismatch: expected {expected} ({expected_from}), got {sha}")
    try:
        state = load_file(str(weights), device="cpu")
    except (SafetensorError, OSError, ValueError, RuntimeError) as error:
        raise WeightsError(f"{weights}: cannot be read as safetensors: {error}") from None
    return _build_model(state, weights, device), sha


META_KEYS = ("classes", "garment_size", "input_size", "mean", "std")


def check_meta(config: dict, where: str) -> dict:
    """The preprocessing and class names config.json records, checked against the code's
    (nin.preprocess): weights trained for other classes or another normalisation are refused."""
    code = model_config()
    meta = {key: config.get(key, code[key]) for key in META_KEYS}
    for key in META_KEYS:
        ours, theirs = code[key], meta[key]
        same = (abs(theirs - ours) < 1e-6 if isinstance(ours, float) and isinstance(theirs, (int, float))
                else theirs == ours)
        if not same:
            raise WeightsError(f"{where}: the weights expect {key} = {theirs!r}, but nin.preprocess uses {ours!r}")
    return meta


def load_weights_folder(folder, *, device="cpu", source: str = "local", reason: str = ""):
    """Load a folder with model.safetensors (+ config.json, whose sha256 is checked if present)."""
    folder = Path(folder).expanduser()
    weights, config_path = folder / WEIGHTS_FILE, folder / CONFIG_FILE
    if not weights.is_file():
        hint = "" if folder.is_dir() else " (the folder does not exist)"
        raise WeightsError(f"{weights}: file not found{hint}")
    config = read_config(config_path) if config_path.is_file() else {}
    expected = config.get("sha256") or None
    model, sha = load_verified(weights, expected, str(config_path), device)
    resolved = folder.resolve()
    return model, WeightsInfo.from_config(config, path=weights.resolve(), sha256=sha, source=source,
                                          location=resolved, reason=reason or f"Weights folder {resolved}.",
                                          verified=expected is not None)


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


def _transport_errors() -> tuple:
    """Exceptions that mean "could not talk to the Hub" (the HTTP client is httpx2 in huggingface_hub 2.x)."""
    errors = [ConnectionError, TimeoutError]  # OfflineModeIsEnabled is a ConnectionError
    for name in ("httpx2", "httpx"):
        try:
            errors.append(importlib.import_module(name).TransportError)
        except (ImportError, AttributeError):
            pass
    return tuple(errors)


def _short(error: BaseException, limit: int = 120) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _hub_timeout() -> float:
    from huggingface_hub import constants

    if constants.HF_HUB_ETAG_TIMEOUT != constants.DEFAULT_ETAG_TIMEOUT:
        return float(constants.HF_HUB_ETAG_TIMEOUT)  # set by the user: respect it, as hf_hub_download does
    return HUB_TIMEOUT_S


def _cached(repo_id: str, revision: str, *, config_must_be_known: bool) -> _HubFiles | None:
    """The files of repo@revision from the Hugging Face cache, without any network call."""
    from huggingface_hub import try_to_load_from_cache

    weights = try_to_load_from_cache(repo_id, WEIGHTS_FILE, revision=revision)
    if not isinstance(weights, str):
        return None
    commit = Path(weights).parent.name  # .../snapshots/<commit>/model.safetensors
    config = try_to_load_from_cache(repo_id, CONFIG_FILE, revision=commit)
    if not isinstance(config, str):
        if config is None and config_must_be_known:
            return None  # not cached, and not known to be absent: ask the Hub
        config = None
    return _HubFiles(Path(weights), Path(config) if config else None, commit,
                     "loaded from the local Hugging Face cache")


@contextmanager
def _not_found_as_weights_error(repo_id: str, revision: str):
    """The Hub's answer that the repo, the revision or the weights file does not exist, as the same
    WeightsError from the quick check and the download. LocalEntryNotFoundError (not in the cache, and
    the connection gone) passes through: it means unreachable, not absent."""
    from huggingface_hub import errors as hf_errors

    where = f"{repo_id}@{revision}"
    try:
        yield
    except hf_errors.RevisionNotFoundError:
        raise WeightsError(f"{where}: revision {revision!r} not found in Hub repo {repo_id}") from None
    except hf_errors.RepositoryNotFoundError:
        raise WeightsError(f"{where}: Hub repo {repo_id} not found (or private/gated and no valid token)") from None
    except hf_errors.LocalEntryNotFoundError:
        raise
    except hf_errors.EntryNotFoundError:
        raise WeightsError(f"{where}/{WEIGHTS_FILE}: file not found in the Hub repo") from None


def _ask_hub(repo_id: str, revision: str) -> str | None:
    """One HEAD request, no retries: None if the Hub has the file, else why it cannot be reached.

    ``hf_hub_download`` retries a failed metadata call with backoff (about 23 s) before giving up
    when nothing is cached; asking ``get_hf_file_metadata`` first (which does not retry) is how the
    loader learns in milliseconds that the network is down.
    """
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub import errors as hf_errors

    url = hf_hub_url(repo_id, WEIGHTS_FILE, revision=revision)
    where = f"{repo_id}@{revision}"
    try:
        with _not_found_as_weights_error(repo_id, revision):
            metadata = get_hf_file_metadata(url, timeout=_hub_timeout())
    except hf_errors.HfHubHTTPError as error:
        status = error.response.status_code if error.response is not None else None
        if status is not None and (status >= 500 or status in (408, 429)):
            return f"the Hub answered HTTP {status}"
        raise WeightsError(f"{where}/{WEIGHTS_FILE}: the Hub refused the request: {_short(error)}") from None
    except hf_errors.OfflineModeIsEnabled:
        return "offline"
    except _transport_errors() as error:
        return f"{type(error).__name__}: {_short(error)}"
    if metadata.commit_hash is None:
        return f"{url} did not answer like a Hugging Face Hub (no X-Repo-Commit header)"
    return None


def _download(repo_id: str, revision: str) -> _HubFiles:
    from huggingface_hub import hf_hub_download
    from huggingface_hub import errors as hf_errors

    where = f"{repo_id}@{revision}"
    timeout = _hub_timeout()
    try:
        with _not_found_as_weights_error(repo_id, revision):
            # The original revision (not the probed commit), so that a branch gets its refs/ entry in the cache.
            weights = hf_hub_download(repo_id, WEIGHTS_FILE, revision=revision, etag_timeout=timeout)
            commit = Path(weights).parent.name
            try:
                config = hf_hub_download(repo_id, CONFIG_FILE, revision=commit, etag_timeout=timeout)
            except hf_errors.LocalEntryNotFoundError:
                raise
            except hf_errors.EntryNotFoundError:
                config = None  # optional
    except hf_errors.LocalEntryNotFoundError as error:  # the connection went away mid-way
        raise _HubUnreachable(_short(error)) from None
    except hf_errors.HfHubHTTPError as error:
        raise WeightsError(f"{where}: download failed: {_short(error)}") from None
    except _transport_errors() as error:
        raise _HubUnreachable(f"{type(error).__name__}: {_short(error)}") from None
    except OSError as error:  # e.g. "Consistency check failed" (size mismatch)
        raise WeightsError(f"{where}/{WEIGHTS_FILE}: download failed: {_short(error, 300)}") from None
    return _HubFiles(Path(weights), Path(config) if config else None, commit, "downloaded from the Hub")


def _fetch_from_hub(repo_id: str, revision: str | None = None) -> _HubFiles:
    """model.safetensors (+ config.json if the repo has one) of repo@revision, via the Hugging Face cache.

    A full commit sha is immutable, so a cached copy is used without asking the Hub. Otherwise the
    Hub is asked once, quickly and without retries; if it cannot be reached, a cached copy of the
    revision is used, else ``_HubUnreachable`` is raised.
    """
    from huggingface_hub import constants

    revision = revision or constants.DEFAULT_REVISION
    if _COMMIT_SHA.match(revision):
        hit = _cached(repo_id, revision, config_must_be_known=True)
        if hit is not None:
            return hit
    why = "offline" if constants.is_offline_mode() else _ask_hub(repo_id, revision)
    if why is None:
        try:
            return _download(repo_id, revision)
        except _HubUnreachable as error:
            why = error.why
    hit = _cached(repo_id, revision, config_must_be_known=False)
    if hit is not None:
        hit.how += f" (Hub unreachable: {why})"
        return hit
    raise _HubUnreachable(why)


def _load_hub_files(files: _HubFiles, repo_id: str, *, source: str, reason: str, expected: str | None,
                    expected_from: str, device):
    config = read_config(files.config) if files.config is not None else {}
    if expected is None and config.get("sha256"):
        expected, expected_from = config["sha256"], f"{repo_id}/{CONFIG_FILE}"
    model, sha = load_verified(files.weights, expected, expected_from, device)
    return model, WeightsInfo.from_config(config, path=files.weights, sha256=sha, source=source, location=repo_id,
                                          revision=files.commit, reason=reason, verified=expected is not None)


def companion_file(info: WeightsInfo, name: str) -> Path:
    """A file kept next to the loaded weights (e.g. ``history/history.json``): from the same folder,
    or from the same Hub commit (the local cache first). A WeightsError if it is not there."""
    if info.revision is None:
        path = Path(info.path).parent / name
        if not path.is_file():
            raise WeightsError(f"{path}: file not found")
        return path
    from huggingface_hub import hf_hub_download, try_to_load_from_cache
    from huggingface_hub import errors as hf_errors

    cached = try_to_load_from_cache(info.location, name, revision=info.revision)
    if isinstance(cached, str):
        return Path(cached)
    where = f"{info.location}@{info.revision[:12]}/{name}"
    try:
        return Path(hf_hub_download(info.location, name, revision=info.revision, etag_timeout=_hub_timeout()))
    except hf_errors.EntryNotFoundError:  # also LocalEntryNotFoundError: offline and not cached
        raise WeightsError(f"{where}: not in the Hub repo (or not cached while offline)") from None
    except (hf_errors.HfHubHTTPError, OSError, *_transport_errors()) as error:
        raise WeightsError(f"{where}: cannot be fetched: {_short(error)}") from None


# --------------------------------------------------------------------------- the loader


def load_model(spec: str | None = None, device="cpu"):
    """The NiN with its trained weights, and a :class:`WeightsInfo` saying where they came from.

    ``spec`` (else ``NIN_WEIGHTS``): a folder, or ``owner/name[@revision]`` on the Hub. Otherwise the
    project's pinned Hub repo, falling back to the bundled ``weights/`` folder when the Hub cannot
    be reached; otherwise the bundled folder. Raises :class:`WeightsError`.
    """
    requested = spec or os.environ.get(ENV_VAR) or None
    if requested:
        said = f"Requested {requested}" if spec else f"{ENV_VAR}={requested}"
        kind, where, revision = parse_weights_spec(requested)
        if kind == "folder":
            return load_weights_folder(where, device=device, source="env-folder",
                                       reason=f"{said}: a local weights folder.")
        no_folder = "" if revision else f" (and there is no local folder {requested!r})"
        try:
            files = _fetch_from_hub(where, revision)
        except _HubUnreachable as error:
            raise WeightsError(f"{said}: cannot reach the Hub ({error.why}) and {where}@{revision or 'main'} "
                               f"is not in the local Hugging Face cache{no_folder}") from None
        except WeightsError as error:
            raise WeightsError(f"{error}{no_folder}") from None
        return _load_hub_files(files, where, source="env-hub", expected=None, expected_from="", device=device,
                               reason=f"{said}: {files.how} (commit {files.commit[:12]}).")

    if HUB_REPO_ID:
        pin = HUB_REVISION or "main"
        try:
            files = _fetch_from_hub(HUB_REPO_ID, HUB_REVISION)
        except _HubUnreachable as error:
            why = error.why
            reason = f"Hub unreachable ({why}): using the bundled weights/ folder."
        else:
            note = "" if HUB_REVISION else " (not pinned to a commit: set HUB_REVISION)"
            return _load_hub_files(
                files, HUB_REPO_ID, source="hub", expected=expected_sha256(),
                expected_from=f"{BUNDLED_WEIGHTS_DIR / CONFIG_FILE}", device=device,
                reason=f"The project's weights {HUB_REPO_ID}@{pin[:12]}{note}: {files.how}.")
    else:
        reason = "No Hub repo configured (HUB_REPO_ID is None): using the bundled weights/ folder."

    if not (BUNDLED_WEIGHTS_DIR / WEIGHTS_FILE).is_file():
        raise WeightsError(f"{BUNDLED_WEIGHTS_DIR / WEIGHTS_FILE}: file not found. {reason} Train with "
                           f"`python -m nin.lab.train` and copy its output to weights/, or set {ENV_VAR} to a "
                           "weights folder or a Hub repo id (owner/name@revision).")
    return load_weights_folder(BUNDLED_WEIGHTS_DIR, device=device, source="local", reason=reason)
