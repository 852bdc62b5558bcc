"""Shared test set-up: no network, the shared Fashion-MNIST copy, and the app on loopback."""

import os
import uuid
from pathlib import Path

import pytest

from benchmarks.load import started_app, stop_marked

# Every process the tests start (apps, their workers, browsers) inherits this mark, even after its parent died.
RUN_MARK = ("NIN_TEST_RUN", uuid.uuid4().hex)
os.environ[RUN_MARK[0]] = RUN_MARK[1]

# Tests never reach the internet, and Gradio sends no analytics.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Fashion-MNIST: NIN_DATA_DIR, else ../shared/data beside the checkout (nin.lab.data.default_data_dir).
    Missing data fails the tests that need it (it is part of the test set-up, not optional)."""
    from nin.lab.data import SHARED_DATA_DIR, default_data_dir, has_fashion_mnist  # here: conftest stays torch-free

    folder = Path(default_data_dir(prefer_shared=True))
    assert has_fashion_mnist(folder), (
        f"Fashion-MNIST not found in {folder}/FashionMNIST/raw: set NIN_DATA_DIR, or put it in {SHARED_DATA_DIR}")
    return folder


@pytest.fixture(scope="session")
def feedback_dir(tmp_path_factory) -> Path:
    """The feedback folder of the app the tests start (NIN_FEEDBACK_DIR)."""
    return tmp_path_factory.mktemp("feedback")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, feedback_dir):
    """`python app.py` exactly as a user starts it, on 127.0.0.1 and a free port (launched and
    stopped as benchmarks/load.py does; a failed start raises with the app's log)."""
    os.environ["NIN_FEEDBACK_DIR"] = str(feedback_dir)
    with started_app(log_path=tmp_path_factory.mktemp("app") / "app.log") as (_, url, _):
        yield url


def pytest_collection_modifyitems(items):
    """A test that starts the app (the app_url fixture, directly or through another fixture) is slow:
    `pytest -m "not slow"`, the inner loop, leaves it out; CI runs everything."""
    for item in items:
        if "app_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session):
    """The run leaves no process behind: one still running once every fixture has stopped fails the run
    (and is killed, by its pid)."""
    import multiprocessing.resource_tracker  # its helper process would only end with this one: stopped first
    tracker = getattr(multiprocessing.resource_tracker, "_resource_tracker", None)
    if hasattr(tracker, "_stop"):
        tracker._stop()
    left = stop_marked(*RUN_MARK)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"\nprocesses left behind by the tests (now killed): {len(left)}"]
        lines += [f"  {pid}: {command[:200]}" for pid, command in left.items()]
        if reporter is not None:
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
