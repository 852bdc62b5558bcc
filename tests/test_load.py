"""A small load test of the running app (benchmarks/load.py in miniature): 8 concurrent
gradio_client clients x 5 requests, drawings and uploads, a few of them bad inputs.

No timing is asserted here (the speed goals are the benchmark's job): only that nothing fails,
that every answer carries a label or a clear message, and that the server still answers.
"""

import pytest

from benchmarks import load

CLIENTS, REQUESTS = 8, 5


@pytest.fixture(scope="module")
def load_result(app_url):
    # 40 requests; bounded: 60 s a request, 50 s for the whole run.
    return load.run_load(app_url, CLIENTS, REQUESTS, timeout=60.0, max_seconds=50.0, download=False,
                         warmup=1, progress=False)


def test_no_request_fails(load_result):
    assert load_result["failures"] == 0, load_result["failure_examples"]
    assert load_result["sent"] == load_result["ok"] == CLIENTS * REQUESTS
    assert not load_result["warmup_errors"]


def test_every_answer_has_a_label_or_a_clear_message(load_result):
    records = load_result["records"]
    assert len(records) == CLIENTS * REQUESTS
    bad = [r for r in records if r["bad"]]
    good = [r for r in records if not r["bad"]]
    assert bad and good, "the mix holds both good and bad inputs"
    assert {r["api"] for r in good} == {"/predict_sketch", "/predict_upload"}
    for r in good:
        assert r["label"] in load.CLASSES, r
        assert load.clear_message(r["message"]), r
    for r in bad:
        assert r["label"] is None, r
        assert load.clear_message(r["message"]), r


def test_server_still_answers_afterwards(load_result, app_url):
    alive, said = load.server_answers(app_url, timeout=60.0)
    assert alive, said
    assert said in load.CLASSES


def test_drawings_only_sends_every_request_as_a_drawing(app_url):
    """--drawings-only (the load issue's independent client): every request a drawing with an
    uploaded file to /predict_sketch, each answered with a label."""
    result = load.run_load(app_url, 2, 3, timeout=60.0, max_seconds=50.0, download=False, warmup=0,
                           progress=False, drawings_only=True)
    assert result["failures"] == 0, result["failure_examples"]
    assert len(result["records"]) == 6
    for r in result["records"]:
        assert r["api"] == "/predict_sketch" and r["name"].startswith("sketch ") and not r["bad"], r
        assert r["label"] in load.CLASSES, r
