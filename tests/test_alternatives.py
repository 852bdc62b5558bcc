"""benchmarks/alternatives.py in miniature: every way to run the forward on this CPU is measured on
real test images, int8 really quantizes, and the one kept is the fastest that meets the bar. No
timing is asserted: the figures are the benchmark's to report."""

import json

import pytest

from benchmarks import alternatives
from nin.cpu import cpu_has_fast_bf16


@pytest.mark.slow
def test_alternatives_are_measured_side_by_side_and_the_kept_one_meets_the_bar(tmp_path, capsys):
    out = tmp_path / "alternatives.json"
    assert alternatives.main(["--images", "96", "--batch", "32", "--calibration", "64", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    rows = result["rows"]
    int8_rows = {"int8 onednn, every layer", "int8 x86, every layer", "int8 blocks 1-3 (nin.int8)",
                 "int8, fp32 where undecided"}
    expected = {"fp32", "fp32 NCHW"} | int8_rows | ({"bf16"} if cpu_has_fast_bf16() else set())
    assert set(rows) == expected
    assert rows["fp32"]["agreement"] == 1.0 and rows["fp32"]["meets"]
    assert rows["fp32 NCHW"]["agreement"] >= 0.98  # the same arithmetic in another memory order
    for name in int8_rows:
        # Quantized, not broken: close to fp32, but not the same network.
        assert 0.85 <= rows[name]["agreement"] <= 1.0 and rows[name]["accuracy"] > 0.7, (name, rows[name])
    for row in rows.values():
        assert row["images_per_second"] > 0 and row["request_ms"] > 0
        assert row["meets"] == (row["agreement"] >= 0.995 and row["accuracy"] >= rows["fp32"]["accuracy"] - 0.003)
    meeting = [name for name, row in rows.items() if row["meets"]]
    assert result["kept"] == max(meeting, key=lambda name: rows[name]["images_per_second"])
    assert result["app_runs"] == ("bf16" if cpu_has_fast_bf16() else "int8")
    table = capsys.readouterr().out
    assert f"kept: **{result['kept']}**" in table and result["cpu"] in table
