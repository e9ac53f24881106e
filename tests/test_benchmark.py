"""benchmarks/run.py runs end to end on a small data set and prints one JSON object.

Only that it runs and that its checks hold are asserted: speed is read from its figures,
never asserted in tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "run.py"


def test_small_run_prints_every_figure_as_json() -> None:
    cmd = [sys.executable, str(SCRIPT), "--scale", "small", "--repeat", "1", "--sample", "40"]
    cmd += ["--rounds", "2", "--scaling", "20000"]
    proc = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # 3 provinces x 4 cities x 5 basic courts, with their cities, provinces and the SPC:
    # 76 courts x 20 departments x 52 weeks.
    assert (out["courts"], out["departments"], out["periods"]) == (76, 1520, 52)
    assert out["rows"] == 76 * 20 * 52
    assert out["equal_to_numpy"] is True
    assert out["rollup"]["equal_to_numpy"] is True
    for key in ("batch", "numpy", "rollup", "spc"):
        assert out[key]["median_s"] > 0, key
    assert out["single"]["sample_rows"] == 40
    single = out["single"]
    assert single["plain_python_us"] > 0 and single["library_values_and_met_us"] > 0
    assert single["library_over_python_min"] <= single["library_over_python_median"]
    assert single["library_over_python_median"] <= single["library_over_python_max"]
    assert out["ratio_batch_to_numpy"] > 0
    assert out["batch"]["peak_over_input"] > 0
    # Library, threaded library, floor, polars and DuckDB, interleaved, each checked.
    engines = out["engines"]
    checks = engines["checks"]
    assert checks["floor_bit_equal"] is True and checks["threads_bit_equal"] is True
    assert checks["polars_equal"] is True and checks["duckdb_equal"] is True
    assert set(engines["ratios"]) == {"library", "library, 2 threads", "floor", "polars", "duckdb"}
    for name, ratio in engines["ratios"].items():
        assert len(engines["times_s"][name]) == 2, name
        assert ratio["library_over_this_min"] <= ratio["library_over_this_median"], name
        assert ratio["library_over_this_median"] <= ratio["library_over_this_max"], name
    # The CLI on one week: every department-week x 20 indicators written.
    cli = out["cli"]
    assert cli["rows"] == 76 * 20 and cli["result_rows"] == 76 * 20 * 20
    assert cli["cli_s"] > 0 and cli["load_evaluate_s"] > 0
    assert cli["cli_over_load_evaluate"] > 0 and cli["result_rows_per_s"] > 0
    ratio = cli["spread"]["cli_over_load_evaluate"]
    assert ratio["min"] <= ratio["median"] <= ratio["max"]
    # The whole data set as Parquet, and the CLI rolling it up to the year: one row a department.
    year = cli["year"]
    assert year["rows"] == 76 * 20 * 52 and year["cli_result_rows"] == 76 * 20 * 20
    (size,) = out["scaling"]["sizes"]
    assert size["rows"] == 20000 and size["alloc_peak_mib"] > 0 and size["rows_per_s"] > 0
    assert size["rows_per_cpu_s"] > 0 and size["input_mib"] > 0


def test_only_the_cli_section() -> None:
    # Against an earlier version: here the same checkout, so the output is the same.
    cmd = [sys.executable, str(SCRIPT), "--scale", "small", "--rounds", "1", "--only", "cli"]
    cmd += ["--cli-before", str(SCRIPT.parent.parent)]
    proc = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) >= {"cli", "cpus", "load_average_at_start"} and "engines" not in out
    cli = out["cli"]
    assert cli["rows"] == 76 * 20 and cli["result_rows"] == 76 * 20 * 20 and "year" not in cli
    assert cli["bytecode_compiled"] is True and cli["spread"]["write_csv_rows_per_s"]["min"] > 0
    assert set(cli["cpu_s"]) == {"load_evaluate", "write_csv", "cli", "start", "python", "numpy"}
    assert cli["before"]["same_output"] is True
    assert cli["before"]["after_over_before_cpu"]["median"] > 0
    ratio = cli["cli_over_load_evaluate_cpu"]
    assert 0 < ratio["min"] <= ratio["median"] <= ratio["max"]
