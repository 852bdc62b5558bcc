"""The weights loader (local folders, the Hub through a fake Hub on 127.0.0.1, the offline
fallback) and nin.lab.publish. Never touches the internet: every test runs with HF_HUB_OFFLINE on,
HF_ENDPOINT at a closed local port and the Hugging Face cache in tmp_path, unless it starts the
fake Hub (tests/hub_server.py) and points huggingface_hub at it."""

import json
import os
import pickle
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from huggingface_hub import constants as hf_constants
from safetensors.torch import load_file, save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hub_server import FakeHub  # noqa: E402

from nin.lab import publish  # noqa: E402
from nin import weights as W  # noqa: E402
from nin.model import NiN  # noqa: E402

REPO = "nin-demo/nin-fashion-mnist"
CLOSED_ENDPOINT = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused


def _set_endpoint(monkeypatch, url: str) -> None:
    """huggingface_hub reads HF_ENDPOINT once, at import, into constants.ENDPOINT and the URL template."""
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setattr(hf_constants, "ENDPOINT", url)
    monkeypatch.setattr(hf_constants, "HUGGINGFACE_CO_URL_TEMPLATE", url + "/{repo_id}/resolve/{revision}/{filename}")


def _set_offline(monkeypatch, offline: bool) -> None:
    """HF_HUB_OFFLINE too is read at import (constants.HF_HUB_OFFLINE, used by is_offline_mode())."""
    if offline:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    else:
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", offline)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No network, a private HF_HOME/cache, no token, no NIN_WEIGHTS, no bundled weights, no Hub repo."""
    home = tmp_path / "hf_home"
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hub"))
    # Every path huggingface_hub derived from HF_HOME at import (token, agent registry, ...) moves too.
    for name in dir(hf_constants):
        value = getattr(hf_constants, name)
        if name.isupper() and isinstance(value, str) and value.startswith(hf_constants.HF_HOME + os.sep):
            monkeypatch.setattr(hf_constants, name, str(home) + value[len(hf_constants.HF_HOME):])
    monkeypatch.setattr(hf_constants, "HF_HOME", str(home))
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(hf_constants, "HF_TOKEN_PATH", str(home / "token"))
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)  # no user-agent side requests
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", W.ENV_VAR):
        monkeypatch.delenv(name, raising=False)
    _set_offline(monkeypatch, True)
    _set_endpoint(monkeypatch, CLOSED_ENDPOINT)
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", tmp_path / "no-bundled-weights")
    monkeypatch.setattr(W, "HUB_REPO_ID", None)
    monkeypatch.setattr(W, "HUB_REVISION", None)


@pytest.fixture(scope="session")
def folders(tmp_path_factory):
    """Two weights folders with different (random) weights, as nin.lab.train would write them."""
    out = {}
    for name, seed, accuracy in (("a", 0, 0.91), ("b", 1, 0.87)):
        torch.manual_seed(seed)
        folder = tmp_path_factory.mktemp(f"weights_{name}")
        W.save_weights(NiN(), folder, extra={"test_accuracy": accuracy, "test_n": 10000})
        (folder / "README.md").write_text("---\nlicense: mit\n---\n# NiN on Fashion-MNIST\n")
        out[name] = folder
    return out


@pytest.fixture
def weights_a(folders, tmp_path):
    """A private copy of folder "a" that a test may damage."""
    return Path(shutil.copytree(folders["a"], tmp_path / "weights_a"))


@pytest.fixture
def hub(monkeypatch):
    """The fake Hub, running, with huggingface_hub pointed at it and offline mode off."""
    server = FakeHub().start()
    _set_endpoint(monkeypatch, server.url)
    _set_offline(monkeypatch, False)
    yield server
    server.stop()


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}


def _sha(folder) -> str:
    return json.loads((Path(folder) / W.CONFIG_FILE).read_text())["sha256"]


def _same_weights(model, folder) -> bool:
    state = load_file(str(Path(folder) / W.WEIGHTS_FILE))
    return all(torch.equal(value, state[key]) for key, value in model.state_dict().items())


# --------------------------------------------------------------------------- local folders


def test_local_folder_via_env(folders, monkeypatch):
    monkeypatch.setenv(W.ENV_VAR, str(folders["a"]))
    model, info = W.load_model()
    assert (info.source, info.revision, info.verified) == ("env-folder", None, True)
    assert info.sha256 == _sha(folders["a"]) and info.short_sha == info.sha256[:12]
    assert info.test_accuracy == pytest.approx(0.91)
    assert Path(info.path) == (folders["a"] / W.WEIGHTS_FILE).resolve()
    assert info.reason.startswith(f"{W.ENV_VAR}={folders['a']}") and not model.training
    assert _same_weights(model, folders["a"])
    line = info.describe()
    assert "\n" not in line and info.short_sha in line and "91.00%" in line


def test_spec_argument_wins_over_env(folders, monkeypatch):
    monkeypatch.setenv(W.ENV_VAR, str(folders["a"]))
    model, info = W.load_model(str(folders["b"]))
    assert info.sha256 == _sha(folders["b"]) and _same_weights(model, folders["b"])


def test_bundled_folder_when_no_hub_repo(folders, monkeypatch):
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    assert W.expected_sha256() == _sha(folders["a"])
    _, info = W.load_model()
    assert info.source == "local" and info.verified
    assert "No Hub repo configured" in info.reason


def test_no_weights_anywhere_is_a_clear_error():
    assert W.expected_sha256() is None
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: file not found.*nin\.lab\.train"):
        W.load_model()


def test_not_a_folder_nor_a_repo_id():
    with pytest.raises(W.WeightsError, match="neither an existing weights folder nor a Hub repo id"):
        W.load_model("./no/such/folder")


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # inside the tensor data: the header stays valid
    path.write_bytes(bytes(data))


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-1000])


@pytest.mark.parametrize("damage, problem", [
    (_flip, r"sha256 mismatch: expected [0-9a-f]{64} .*got [0-9a-f]{64}"),
    (_random, r"not a safetensors file"),
    (_truncate, r"truncated: .*1000 bytes missing"),
])
def test_corrupt_file(weights_a, damage, problem):
    damage(weights_a / W.WEIGHTS_FILE)
    with pytest.raises(W.WeightsError, match=problem) as caught:
        W.load_model(str(weights_a))
    assert str(weights_a / W.WEIGHTS_FILE) in str(caught.value)


def test_missing_weights_file_in_folder(weights_a):
    (weights_a / W.WEIGHTS_FILE).unlink()
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: file not found"):
        W.load_model(str(weights_a))


def test_wrong_shape_and_names(weights_a):
    state = load_file(str(weights_a / W.WEIGHTS_FILE))
    state["block4.conv.weight"] = torch.zeros(7, 384, 3, 3)  # 7 classes instead of 10
    W.save_weights(SimpleNamespace(state_dict=lambda: state), weights_a)  # config.json's sha256 follows
    with pytest.raises(W.WeightsError, match=r"wrong shapes: block4\.conv\.weight is \[7, 384, 3, 3\] in the file "
                                             r"but \[10, 384, 3, 3\]"):
        W.load_model(str(weights_a))

    del state["block4.conv.weight"]
    state["head.weight"] = torch.zeros(1)
    save_file(state, str(weights_a / W.WEIGHTS_FILE))
    (weights_a / W.CONFIG_FILE).unlink()  # no config: loaded unverified, still strictly checked
    with pytest.raises(W.WeightsError,
                       match=r"missing tensors: block4\.conv\.weight; unexpected tensors: head\.weight"):
        W.load_model(str(weights_a))


def test_nothing_is_unpickled(folders, hub, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("something tried to unpickle")

    monkeypatch.setattr(torch, "load", refuse)
    monkeypatch.setattr(torch.serialization, "load", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    W.load_model(str(folders["a"]))
    hub.add_folder(REPO, folders["a"])
    _, info = W.load_model(REPO)
    assert info.source == "env-hub"


# --------------------------------------------------------------------------- the (fake) Hub


def test_first_download_from_the_hub(folders, hub, monkeypatch):
    commit = hub.add_folder(REPO, folders["a"])
    monkeypatch.setenv(W.ENV_VAR, REPO)
    model, info = W.load_model()
    assert (info.source, info.location, info.revision) == ("env-hub", REPO, commit)
    assert info.sha256 == _sha(folders["a"]) and info.verified and info.test_accuracy == pytest.approx(0.91)
    assert "downloaded from the Hub" in info.reason and commit[:12] in info.describe()
    assert Path(info.path).is_relative_to(hf_constants.HF_HUB_CACHE)
    assert _same_weights(model, folders["a"])
    assert hub.count("GET", W.WEIGHTS_FILE) == 1  # the bytes came from the "CDN", once
    assert hub.count("GET", W.CONFIG_FILE) == 1
    assert hub.count() == hub.count(filename=W.WEIGHTS_FILE) + hub.count(filename=W.CONFIG_FILE)


def test_cache_reused_for_a_pinned_commit(folders, hub):
    commit = hub.add_folder(REPO, folders["a"])
    W.load_model(f"{REPO}@{commit}")
    before = len(hub.requests)
    _, info = W.load_model(f"{REPO}@{commit}")
    assert len(hub.requests) == before  # an immutable commit in the cache: no request at all
    assert "local Hugging Face cache" in info.reason
    hub.stop()
    _, info = W.load_model(f"{REPO}@{commit}")
    assert (info.revision, info.sha256, info.verified) == (commit, _sha(folders["a"]), True)


def test_pinned_revisions_get_their_own_weights(folders, hub):
    first = hub.add_folder(REPO, folders["a"])
    second = hub.add_folder(REPO, folders["b"])  # main moves here
    for spec, commit, folder in ((f"{REPO}@{first}", first, "a"), (f"{REPO}@{second}", second, "b"),
                                 (REPO, second, "b"), (f"{REPO}@{first}", first, "a")):
        model, info = W.load_model(spec)
        assert (info.revision, info.sha256) == (commit, _sha(folders[folder])), spec
        assert _same_weights(model, folders[folder])


def test_missing_file_on_the_hub(folders, hub):
    files = _files(folders["a"])
    del files[W.WEIGHTS_FILE]
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=rf"{REPO}@{commit}/model\.safetensors: file not found"):
        W.load_model(f"{REPO}@{commit}")


def test_missing_config_on_the_hub_loads_unverified(folders, hub):
    files = _files(folders["a"])
    del files[W.CONFIG_FILE]
    commit = hub.add_commit(REPO, files)
    _, info = W.load_model(f"{REPO}@{commit}")
    assert not info.verified and info.test_accuracy is None
    hub.stop()  # the absence of config.json is cached too
    _, info = W.load_model(f"{REPO}@{commit}")
    assert info.revision == commit


def test_unknown_repo_and_revision(folders, hub):
    hub.add_folder(REPO, folders["a"])
    with pytest.raises(W.WeightsError, match="Hub repo nobody/nothing not found.*no local folder 'nobody/nothing'"):
        W.load_model("nobody/nothing")
    with pytest.raises(W.WeightsError, match="revision 'v9' not found"):
        W.load_model(f"{REPO}@v9")


def test_corrupt_file_on_the_hub(folders, hub, tmp_path):
    files = _files(folders["a"])
    data = bytearray(files[W.WEIGHTS_FILE])
    data[-100] ^= 0xFF
    files[W.WEIGHTS_FILE] = bytes(data)
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: sha256 mismatch: expected .*config\.json"):
        W.load_model(f"{REPO}@{commit}")

    files[W.WEIGHTS_FILE] = files[W.WEIGHTS_FILE][:-1000]
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: truncated"):
        W.load_model(f"{REPO}@{commit}")


def test_hub_down_with_a_cache(folders, hub):
    commit = hub.add_folder(REPO, folders["a"])
    W.load_model(REPO)  # "main", cached with its refs/main entry
    hub.stop()
    started = time.monotonic()
    _, info = W.load_model(REPO)
    assert time.monotonic() - started < 1
    assert (info.revision, info.sha256) == (commit, _sha(folders["a"]))
    assert "local Hugging Face cache (Hub unreachable: ConnectError" in info.reason


def test_explicit_hub_source_down_without_cache_raises(hub):
    hub.stop()
    started = time.monotonic()
    with pytest.raises(W.WeightsError, match=r"cannot reach the Hub .*not in the local Hugging Face cache"):
        W.load_model(f"{REPO}@{'1' * 40}")
    assert time.monotonic() - started < 1


# --------------------------------------------------------------------------- the project's pinned repo


@pytest.fixture
def project(folders, monkeypatch):
    """Bundled weights = folder "a"; the project pins REPO at a commit sha (served or not)."""
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])

    def pin(commit):
        monkeypatch.setattr(W, "HUB_REPO_ID", REPO)
        monkeypatch.setattr(W, "HUB_REVISION", commit)
    return pin


def test_project_repo_from_the_hub(folders, hub, project):
    project(hub.add_folder(REPO, folders["a"]))
    _, info = W.load_model()
    assert (info.source, info.location, info.verified) == ("hub", REPO, True)
    assert "The project's weights" in info.reason


def test_project_repo_must_match_the_bundled_sha256(folders, hub, project):
    project(hub.add_folder(REPO, folders["b"]))
    with pytest.raises(W.WeightsError, match=r"sha256 mismatch: expected .*" + _sha(folders["a"])):
        W.load_model()


@pytest.mark.parametrize("network", ["server down", "offline mode"])
def test_project_repo_unreachable_falls_back_to_bundled_weights(folders, hub, project, monkeypatch, network):
    project(hub.add_folder(REPO, folders["a"]))
    hub.stop()
    if network == "offline mode":
        _set_offline(monkeypatch, True)
    NiN()  # the first model built in a process pays one-off costs; time the loader, not those
    started = time.monotonic()
    model, info = W.load_model()
    elapsed = time.monotonic() - started
    assert elapsed < 1, f"fallback took {elapsed:.2f} s"
    assert info.source == "local" and info.verified
    assert info.reason.startswith("Hub unreachable (")
    assert info.reason.endswith("): using the bundled weights/ folder.")
    assert ("Hub unreachable (offline)" in info.reason) == (network == "offline mode")
    assert _same_weights(model, folders["a"])


def test_project_repo_offline_but_cached(folders, hub, project, monkeypatch):
    commit = hub.add_folder(REPO, folders["a"])
    project(commit)
    W.load_model()
    hub.stop()
    _set_offline(monkeypatch, True)
    _, info = W.load_model()
    assert (info.source, info.revision) == ("hub", commit)
    assert "local Hugging Face cache" in info.reason


# --------------------------------------------------------------------------- publishing


class FakeApi:
    """Records what nin.lab.publish asks of HfApi."""

    def __init__(self):
        self.calls = []

    def create_repo(self, repo_id, **kwargs):
        self.calls.append(("create_repo", repo_id, kwargs))

    def upload_folder(self, **kwargs):
        self.calls.append(("upload_folder", kwargs["repo_id"], kwargs))
        return SimpleNamespace(oid=("c" if kwargs["repo_type"] == "model" else "d") * 40)


@pytest.fixture
def project_tree(tmp_path, folders):
    """A checkout with the app, the package, and everything that must not be uploaded."""
    root = tmp_path / "checkout"
    shutil.copytree(folders["a"], root / "weights")
    for name in ("app.py", "requirements.txt", "README.md", "nin/__init__.py", "nin/model.py",
                 "nin/__pycache__/model.cpython-311.pyc", "nin/lab/train.py", "tests/test_weights.py",
                 "runs/cpu/metrics.json", "data/train.bin", "benchmarks/bench.py", ".gitignore",
                 "weights/history/history.json", "weights/history/step-00000/model.safetensors",
                 "weights/history/step-00000/config.json", "weights/history/step-00000/notes.txt",
                 "weights/int8_calibration.safetensors"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    return root


def test_publish_model_uploads_the_weights_folder(project_tree):
    api = FakeApi()
    commit = publish.publish_model(api, REPO, project_tree / "weights", token="hf_x", private=True)
    assert commit == "c" * 40
    (_, repo, create), (_, repo2, upload) = api.calls
    assert repo == repo2 == REPO
    assert create == {"repo_type": "model", "private": True, "exist_ok": True, "token": "hf_x"}
    assert upload["repo_type"] == "model" and Path(upload["folder_path"]) == project_tree / "weights"
    assert publish.planned_files(upload["folder_path"], upload["allow_patterns"]) == \
        ["README.md", "config.json", "history/history.json", "history/step-00000/config.json",
         "history/step-00000/model.safetensors", "int8_calibration.safetensors", "model.safetensors"]


def test_publish_refuses_a_corrupt_or_incomplete_folder(project_tree):
    _flip(project_tree / "weights" / W.WEIGHTS_FILE)
    with pytest.raises(SystemExit, match="sha256 mismatch"):
        publish.publish_model(FakeApi(), REPO, project_tree / "weights")
    (project_tree / "weights" / "README.md").unlink()
    with pytest.raises(SystemExit, match="lacks README.md"):
        publish.publish_model(FakeApi(), REPO, project_tree / "weights")


def test_publish_space_uploads_only_the_app(project_tree):
    api = FakeApi()
    assert publish.publish_space(api, "nin-demo/space", project_tree, token="hf_x") == "d" * 40
    (_, _, create), (_, _, upload) = api.calls
    assert create["repo_type"] == "space" and create["space_sdk"] == "gradio" and create["exist_ok"]
    assert upload["repo_type"] == "space"
    files = publish.planned_files(upload["folder_path"], upload["allow_patterns"], upload["ignore_patterns"])
    assert files == ["README.md", "app.py", "nin/__init__.py", "nin/model.py", "requirements.txt",
                     "weights/README.md", "weights/config.json", "weights/history/history.json",
                     "weights/history/step-00000/config.json", "weights/history/step-00000/model.safetensors",
                     "weights/int8_calibration.safetensors", "weights/model.safetensors"]


def test_publish_without_token_is_a_clear_exit():
    with pytest.raises(SystemExit, match="HF_TOKEN is not set"):
        publish.main(["--repo", REPO], api=FakeApi(), environ={})


def test_publish_main_prints_the_commit_to_pin(project_tree, capsys):
    api = FakeApi()
    publish.main(["--repo", REPO, "--weights-dir", str(project_tree / "weights")], api=api,
                 environ={"HF_TOKEN": "hf_x"})
    out = capsys.readouterr().out
    assert f"HUB_REPO_ID = '{REPO}'" in out and f"HUB_REVISION = '{'c' * 40}'" in out
    assert [call[0] for call in api.calls] == ["create_repo", "upload_folder"]


def test_training_stages_come_from_the_same_hub_commit(folders, hub):
    """history/ is fetched from the commit the main weights came from and checked against its
    history.json; a commit without history/ gives the page a note, not an error."""
    from nin.demo import Demo
    from nin.history import History

    stage_file = "history/step-00000/model.safetensors"
    index = {"stages": [{"folder": "step-00000", "step": 0, "epoch": 0.0, "test_accuracy": 0.1, "test_loss": 2.3,
                         "test_n": 64, "sha256": _sha(folders["b"])}], "curve": []}
    commit = hub.add_commit(REPO, _files(folders["a"]) | {
        "history/history.json": json.dumps(index).encode(), stage_file: (folders["b"] / W.WEIGHTS_FILE).read_bytes()})
    history, note = History.open(Demo.load(f"{REPO}@{commit}"))
    assert note == "" and hub.count("GET", stage_file) == 0  # nothing fetched before it is asked for
    assert _same_weights(history.demo(0).predictor.model, folders["b"])
    assert hub.count("GET", stage_file) == 1
    assert _same_weights(history.demo(history.last).predictor.model, folders["a"])

    bare = hub.add_folder(REPO, folders["a"])
    history, note = History.open(Demo.load(f"{REPO}@{bare}"))
    assert history is None and "not available" in note
