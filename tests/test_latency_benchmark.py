"""benchmarks/latency.py in miniature (a few runs, no test set, no server): it measures every
stage, puts the forward beside the device's matrix-product peak, and prints the table. No
timing is asserted: the goals are the benchmark's to report."""

import json

import pytest

from benchmarks import latency


@pytest.mark.slow
def test_latency_benchmark_reports_every_stage_and_the_peak(tmp_path, capsys):
    out = tmp_path / "latency.json"
    assert latency.main(["--repeats", "3", "--warmup", "1", "--skip-eval", "--skip-cold-start", "--no-cuda",
                         "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    (cpu,) = results["devices"]
    for stage in ("preprocessing", "forward", "analyze", "render", "shape_table", "end_to_end"):
        assert 0 < cpu["stages"][stage]["p50_ms"] <= cpu["stages"][stage]["p95_ms"], stage
    roofline = cpu["roofline"]
    # NiN at 224: 0.76 G multiply-adds (the shape table's total), so 1.52 GFLOP.
    assert abs(roofline["gflop"] - 1.52) < 0.01
    # bf16 is measured against its own peak; int8 (no fast int8 product in torch) against fp32's.
    assert set(roofline["peak_gflops"]) == {"fp32"} | ({"bf16"} if cpu["precision"] == "bf16" else set())
    assert roofline["yardstick"] == ("bf16" if cpu["precision"] == "bf16" else "fp32")
    assert all(gflops > 0 for gflops in roofline["peak_gflops"].values())
    # The forward cannot beat the matrix-product peak by much (a share over 1.5 would mean the
    # yardstick measures something else); an int8 forward against the fp32 peak can, up to the
    # 4 int8 multiply-adds an AVX2 or AVX-512 instruction does for each fp32 one.
    assert 0 < roofline["share_of_peak"] < (1.5 if roofline["yardstick"] == cpu["precision"] else 4.0)
    assert roofline["best_speedup"] > 0
    table = capsys.readouterr().out
    assert f"{cpu['precision']}: {cpu['path']}" in table  # which path this machine took, and why
    for measure in ("path taken", "forward, batch 1 (`Predictor.logits`)", "matrix-product peak",
                    "least time for NiN's", "best possible speed-up", "**end to end**"):
        assert measure in table, measure
