"""The weights loader (local folders, the Hub through a fake Hub on 127.0.0.1 that speaks the Hub's HTTP
API, the fallback to the bundled weights) and nin.lab.publish. Never touches the internet: every test
runs with HF_HUB_OFFLINE on, HF_ENDPOINT at a closed local port and the Hugging Face cache in tmp_path,
unless it starts the fake Hub (tests/hub_server.py) and points huggingface_hub at it."""

import json
import os
import pickle
import shutil
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
from huggingface_hub import constants as hf_constants
from safetensors.torch import load_file, save_file

from hub_server import FakeHub
from nin import weights as W
from nin.lab import publish
from nin.model import NiN
from nin.preprocess import PHOTO_DETAIL_SIZE

REPO = "nin-demo/nin-fashion-mnist"
PUBLISHED = "nin-demo/published"  # the default repo in these tests (PUBLISHED_WEIGHTS)
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
    monkeypatch.setattr(W, "PUBLISHED_WEIGHTS", PUBLISHED)


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
    assert (info.source, info.revision, info.verified) == ("folder", None, True)
    assert info.sha256 == _sha(folders["a"]) and info.short_sha == info.sha256[:12]
    assert info.test_accuracy == pytest.approx(0.91)
    assert Path(info.path) == (folders["a"] / W.WEIGHTS_FILE).resolve()
    assert info.reason.startswith(f"{W.ENV_VAR}={folders['a']}") and not model.training
    assert _same_weights(model, folders["a"])
    line = info.describe()
    assert "\n" not in line and info.short_sha in line and "91.00%" in line
    assert str(folders["a"].parent) not in line  # the folder's name, never the server's path


def test_spec_argument_wins_over_env(folders, monkeypatch):
    monkeypatch.setenv(W.ENV_VAR, str(folders["a"]))
    model, info = W.load_model(str(folders["b"]))
    assert info.sha256 == _sha(folders["b"]) and _same_weights(model, folders["b"])


def test_bundled_weights_when_the_hub_cannot_be_reached(folders, monkeypatch, caplog):
    """Offline (HF_HUB_OFFLINE) and nothing cached: the bundled weights, the reason in one log line, and a
    page line in a visitor's terms."""
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    _, info = W.load_model()
    assert info.source == "bundled" and info.verified and info.sha256 == _sha(folders["a"])
    assert info.reason.startswith("The published weights: Hub unreachable (") and "\n" not in info.reason
    assert [r.getMessage() for r in caplog.records if r.name == "nin.weights"] == [info.reason]
    line = info.describe()
    assert "bundled with the app" in line and "/" not in line and "BUNDLED" not in line


def test_no_weights_anywhere_is_a_clear_error():
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: file not found.*Hub unreachable.*nin\.lab\.train"):
        W.load_model()


def test_the_default_repo_is_the_one_the_readme_names(monkeypatch):
    monkeypatch.undo()  # the module's own value
    front_matter = (Path(__file__).resolve().parent.parent / "README.md").read_text().split("---")[1]
    models = [line.strip()[2:] for line in front_matter.splitlines() if line.strip().startswith("- ")]
    assert W.PUBLISHED_WEIGHTS.split("@")[0] in models


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
    (_random, r"not a complete safetensors file"),
    (_truncate, r"not a complete safetensors file"),
])
def test_corrupt_file(weights_a, damage, problem):
    damage(weights_a / W.WEIGHTS_FILE)
    if damage is not _flip:  # without config.json's sha256, safetensors itself refuses the file
        (weights_a / W.CONFIG_FILE).unlink()
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
    assert info.source == "hub"


# --------------------------------------------------------------------------- the (fake) Hub


def test_first_download_from_the_hub(folders, hub, monkeypatch):
    commit = hub.add_folder(REPO, folders["a"])
    monkeypatch.setenv(W.ENV_VAR, REPO)
    model, info = W.load_model()
    assert (info.source, info.location, info.revision) == ("hub", REPO, commit)
    assert info.sha256 == _sha(folders["a"]) and info.verified and info.test_accuracy == pytest.approx(0.91)
    assert info.reason == f"{W.ENV_VAR}={REPO}: Hub repo {REPO} at commit {commit}."
    assert f"from the Hugging Face Hub: {REPO}@{commit[:12]}" in info.describe()
    assert Path(info.path).is_relative_to(hf_constants.HF_HUB_CACHE)
    assert _same_weights(model, folders["a"])
    assert hub.count("GET", W.WEIGHTS_FILE) == 1  # the bytes came from the "CDN", once
    assert hub.count("GET", W.CONFIG_FILE) == 1
    assert hub.count("GET", "README.md") == 0  # only what the app needs


def test_cache_reused_for_a_pinned_commit(folders, hub):
    commit = hub.add_folder(REPO, folders["a"])
    W.load_model(f"{REPO}@{commit}")
    before = len(hub.requests)
    W.load_model(f"{REPO}@{commit}")
    assert len(hub.requests) == before  # an immutable commit in the cache: no request at all
    hub.stop()
    _, info = W.load_model(f"{REPO}@{commit}")
    assert (info.source, info.revision, info.sha256, info.verified) == ("hub", commit, _sha(folders["a"]), True)


def test_pinned_revisions_get_their_own_weights(folders, hub):
    first = hub.add_folder(REPO, folders["a"])
    second = hub.add_folder(REPO, folders["b"])  # main moves here
    for spec, commit, folder in ((f"{REPO}@{first}", first, "a"), (f"{REPO}@{second}", second, "b"),
                                 (REPO, second, "b"), (f"{REPO}@{first}", first, "a")):
        model, info = W.load_model(spec)
        assert (info.revision, info.sha256) == (commit, _sha(folders[folder])), spec
        assert _same_weights(model, folders[folder])


def test_the_hub_may_serve_other_weights_than_the_bundled_ones(folders, hub, monkeypatch):
    """Verified by the repo's own config.json, not by equality with weights/."""
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    commit = hub.add_folder(PUBLISHED, folders["b"])
    model, info = W.load_model()
    assert (info.source, info.location, info.revision, info.verified) == ("hub", PUBLISHED, commit, True)
    assert _same_weights(model, folders["b"])


def test_missing_file_on_the_hub(folders, hub):
    files = _files(folders["a"])
    del files[W.WEIGHTS_FILE]
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=r"model\.safetensors: file not found"):
        W.load_model(f"{REPO}@{commit}")


def test_a_hub_repo_without_config_is_refused(folders, hub):
    files = _files(folders["a"])
    del files[W.CONFIG_FILE]
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=rf"{REPO}: no config\.json beside model\.safetensors"):
        W.load_model(f"{REPO}@{commit}")


def test_a_config_for_another_model_is_refused(folders, hub):
    files = _files(folders["a"])
    config = json.loads(files[W.CONFIG_FILE])
    commit = hub.add_commit(REPO, files | {W.CONFIG_FILE: json.dumps(config | {"architecture": "ResNet"}).encode()})
    with pytest.raises(W.WeightsError, match="architecture 'ResNet', not NiN"):
        W.load_model(f"{REPO}@{commit}")
    commit = hub.add_commit(REPO, files | {W.CONFIG_FILE: json.dumps(config | {"mean": 0.5}).encode()})
    with pytest.raises(W.WeightsError, match="the weights expect mean = 0.5"):
        W.load_model(f"{REPO}@{commit}")


def test_unknown_repo_and_revision(folders, hub):
    hub.add_folder(REPO, folders["a"])
    with pytest.raises(W.WeightsError, match="Hub repo nobody/nothing not found"):
        W.load_model("nobody/nothing")
    with pytest.raises(W.WeightsError, match="revision 'v9' not found"):
        W.load_model(f"{REPO}@v9")


def test_corrupt_file_on_the_hub(folders, hub, tmp_path):
    files = _files(folders["a"])
    data = bytearray(files[W.WEIGHTS_FILE])
    data[-100] ^= 0xFF
    files[W.WEIGHTS_FILE] = bytes(data)
    commit = hub.add_commit(REPO, files)
    with pytest.raises(W.WeightsError, match=rf"model\.safetensors: sha256 mismatch: expected .*{REPO}/config\.json"):
        W.load_model(f"{REPO}@{commit}")


def test_hub_down_with_a_cache(folders, hub):
    commit = hub.add_folder(REPO, folders["a"])
    W.load_model(REPO)  # "main", cached with its refs/main entry
    hub.stop()
    started = time.monotonic()
    _, info = W.load_model(REPO)
    assert time.monotonic() - started < 1
    assert (info.source, info.revision, info.sha256) == ("hub", commit, _sha(folders["a"]))


@pytest.mark.parametrize("network", ["server down", "offline mode"])
@pytest.mark.parametrize("spec", [None, f"{REPO}@{'1' * 40}"])
def test_hub_unreachable_falls_back_to_the_bundled_weights(folders, hub, monkeypatch, network, spec):
    """The published repo or a pinned one: quickly, with one line that says why."""
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    hub.add_folder(PUBLISHED, folders["b"])
    hub.stop()
    if network == "offline mode":
        _set_offline(monkeypatch, True)
    NiN()  # the first model built in a process pays one-off costs; time the loader, not those
    started = time.monotonic()
    model, info = W.load_model(spec)
    elapsed = time.monotonic() - started
    assert elapsed < 1, f"fallback took {elapsed:.2f} s"
    assert info.source == "bundled" and info.verified and _same_weights(model, folders["a"])
    assert "Hub unreachable (" in info.reason and info.reason.endswith("; using the weights bundled with the app.")
    assert "\n" not in info.reason


def test_the_default_repo_not_found_falls_back_but_a_requested_one_is_an_error(folders, hub, monkeypatch):
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    _, info = W.load_model()  # PUBLISHED is not on this Hub
    assert info.source == "bundled" and f"Hub repo {PUBLISHED} not found" in info.reason
    with pytest.raises(W.WeightsError, match=f"Hub repo {PUBLISHED} not found"):
        W.load_model(PUBLISHED)


def test_published_repo_offline_but_cached(folders, hub, monkeypatch):
    commit = hub.add_folder(PUBLISHED, folders["a"])
    W.load_model()
    hub.stop()
    _set_offline(monkeypatch, True)
    _, info = W.load_model()
    assert (info.source, info.location, info.revision) == ("hub", PUBLISHED, commit)


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
    _with_phone_weights(folders["a"], folders["b"], root / "weights")
    for name in ("app.py", "requirements.txt", "pre-requirements.txt", "requirements-lab.txt", "README.md",
                 "nin/__init__.py", "nin/model.py",
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
         "history/step-00000/model.safetensors", "int8_calibration.safetensors", "model.safetensors",
         "phone/config.json", "phone/model.safetensors"]


def test_publish_refuses_a_corrupt_or_incomplete_folder(project_tree):
    _flip(project_tree / "weights" / W.WEIGHTS_FILE)
    with pytest.raises(SystemExit, match="sha256 mismatch"):
        publish.publish_model(FakeApi(), REPO, project_tree / "weights")
    _flip(project_tree / "weights" / W.WEIGHTS_FILE)
    _flip(project_tree / "weights" / W.PHONE_FOLDER / W.WEIGHTS_FILE)
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
    assert files == ["README.md", "app.py", "nin/__init__.py", "nin/model.py", "pre-requirements.txt",
                     "requirements.txt",
                     "weights/README.md", "weights/config.json", "weights/history/history.json",
                     "weights/history/step-00000/config.json", "weights/history/step-00000/model.safetensors",
                     "weights/int8_calibration.safetensors", "weights/model.safetensors",
                     "weights/phone/config.json", "weights/phone/model.safetensors"]


def test_publish_without_token_is_a_clear_exit():
    with pytest.raises(SystemExit, match="HF_TOKEN is not set"):
        publish.main(["--repo", REPO], api=FakeApi(), environ={})


def test_publish_main_prints_the_commit_to_pin(project_tree, capsys):
    api = FakeApi()
    publish.main(["--repo", REPO, "--weights-dir", str(project_tree / "weights")], api=api,
                 environ={"HF_TOKEN": "hf_x"})
    out = capsys.readouterr().out
    assert f"NIN_WEIGHTS={REPO}@{'c' * 40}\n" in out
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


def test_an_unwritable_cache_falls_back_to_the_bundled_weights(folders, hub, monkeypatch, tmp_path):
    """A read-only home (a container run with --read-only): the Hub answers, but nothing can be kept."""
    monkeypatch.setattr(W, "BUNDLED_WEIGHTS_DIR", folders["a"])
    hub.add_folder(PUBLISHED, folders["b"])
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(blocked / "hub"))
    _, info = W.load_model()
    assert info.source == "bundled" and "cannot use the Hugging Face cache" in info.reason


# --------------------------------------------------------------------------- the phone-photo weights beside them


def _with_phone_weights(main, phone, folder: Path, pin: str | None = None) -> Path:
    """A copy of weights folder ``main`` with ``phone``'s weights in its phone/ subfolder, pinned by sha256
    (``pin``: another sha256 to pin instead)."""
    folder = Path(shutil.copytree(main, folder))
    shutil.copytree(phone, folder / W.PHONE_FOLDER)
    config = json.loads((folder / W.CONFIG_FILE).read_text())
    config[W.PHONE_SHA256_KEY] = pin or _sha(phone)
    (folder / W.CONFIG_FILE).write_text(json.dumps(config))
    return folder


def test_phone_photo_weights_load_beside_the_main_ones(folders, tmp_path):
    from nin.inference import Predictor

    both = _with_phone_weights(folders["a"], folders["b"], tmp_path / "both")
    predictor = Predictor.load(str(both), precision="fp32")
    assert _same_weights(predictor.model, folders["a"]) and _same_weights(predictor.phone.model, folders["b"])
    assert predictor.phone.info.sha256 == _sha(folders["b"]) and "for phone photos" in predictor.phone.info.describe()
    assert predictor.phone.precision == predictor.precision
    # Without the pin (every folder before them) there are none, and the main weights read every photo.
    alone = Predictor.load(str(folders["a"]), precision="fp32")
    assert alone.phone is None and alone.reader(True) is alone
    assert predictor.reader(True) is predictor.phone and predictor.reader(False) is predictor


def test_phone_photo_weights_may_read_the_photos_detail_the_main_ones_may_not(folders, tmp_path):
    """config.json's garment_size: 112 (a phone photo's detail) is allowed for the phone-photo weights only;
    Predictor.read gives them the detail and the main weights the 28x28."""
    from nin.images import Garment
    from nin.inference import Predictor

    detailed = Path(shutil.copytree(folders["b"], tmp_path / "detailed"))
    config = json.loads((detailed / W.CONFIG_FILE).read_text())
    (detailed / W.CONFIG_FILE).write_text(json.dumps(config | {"garment_size": PHOTO_DETAIL_SIZE}))
    predictor = Predictor.load(str(_with_phone_weights(folders["a"], detailed, tmp_path / "both")), precision="fp32")
    assert (predictor.garment_size, predictor.phone.garment_size) == (28, PHOTO_DETAIL_SIZE)
    photo = Garment(torch.rand(28, 28), True, False, False, "", photo=True, detail=torch.rand(112, 112))
    reader, pixels = predictor.read(photo)
    assert reader is predictor.phone and pixels is photo.detail
    reader, pixels = predictor.read(replace(photo, photo=False))  # a product shot: the main weights, 28x28
    assert reader is predictor and pixels is photo.pixels
    with pytest.raises(W.WeightsError, match="garment_size"):
        Predictor.load(str(detailed))  # as main weights: they would read every drawing at 112


def test_missing_or_unpinned_phone_photo_weights_are_refused(folders, tmp_path):
    from nin.inference import Predictor

    wrong = _with_phone_weights(folders["a"], folders["b"], tmp_path / "wrong", pin=_sha(folders["a"]))
    with pytest.raises(W.WeightsError, match="pins"):
        Predictor.load(str(wrong))
    missing = _with_phone_weights(folders["a"], folders["b"], tmp_path / "missing")
    shutil.rmtree(missing / W.PHONE_FOLDER)
    with pytest.raises(W.WeightsError, match="not found"):
        Predictor.load(str(missing))


def test_phone_photo_weights_come_from_the_same_hub_commit(folders, hub, tmp_path):
    from nin.inference import Predictor

    both = _with_phone_weights(folders["a"], folders["b"], tmp_path / "both")
    files = _files(both) | {f"{W.PHONE_FOLDER}/{name}": data for name, data in _files(folders["b"]).items()}
    commit = hub.add_commit(REPO, files)
    predictor = Predictor.load(f"{REPO}@{commit}", precision="fp32")
    assert _same_weights(predictor.phone.model, folders["b"])
    assert (predictor.phone.info.source, predictor.phone.info.location, predictor.phone.info.revision) == \
        ("hub", REPO, commit)
    assert f"{REPO}@{commit[:12]}" in predictor.phone.info.describe()
