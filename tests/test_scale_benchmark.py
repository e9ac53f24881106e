"""benchmarks/scale.py runs end to end at a tiny size, prints its figures and its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')

from courtinfo import get_scheme
from courtinfo.synthetic import national

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "scale.py"


def test_scale_benchmark_at_a_tiny_size(tmp_path: Path) -> None:
    cmd = [sys.executable, str(SCRIPT), "--years", "2", "--provinces", "2", "--weeks", "2"]
    cmd += ["--departments", "2", "--repeat", "1", "--workers", "2", "--dir", str(tmp_path)]
    data = tmp_path / "kept"
    proc = subprocess.run(
        [*cmd, "--data", str(data), "--json"], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # Every court of national(provinces=2) x 2 departments x 2 weeks, over 2 years.
    courts = national(get_scheme("shanghai-2022"), provinces=2, weeks=2, departments=2).tree
    per_year = out["rows_per_year"]
    assert per_year == len(courts) * 2 * 2
    assert out["rows"] == out["dask"]["rows"] == 2 * per_year
    assert out["single_year"]["rows"] == per_year
    assert out["sql"]["rows"] == per_year // 2  # the first week
    assert out["dask"]["rows_per_s"] > 0 and out["dask"]["maxrss_mib"] > 0
    assert out["sql"]["csv_over_sql_median"] > 0
    for line in ("rows/s, peak", "dask / one process:", "CSV time / sqlite time"):
        assert line in proc.stderr, proc.stderr
    assert out["dask_over_single_rows_per_s"]["median"] > 0
    assert list(tmp_path.iterdir()) == [data]  # the rest went with its temporary directory
    # The kept data serve a run over the first year, two rounds of one process and Dask.
    cmd[cmd.index("--years") + 1] = "1"
    again = [*cmd, "--data", str(data), "--rounds", "2", "--no-sql", "--json"]
    proc = subprocess.run(again, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "reusing 2 years" in proc.stderr
    out = json.loads(proc.stdout)
    assert [r["dask"]["rows"] for r in out["rounds"]] == [per_year, per_year]
    assert out["dask"]["partitions"] == 3 + 1  # 2 high courts and the SPC's file, 1 year
    low, high = out["dask_peak_mib"]["range"]
    assert 0 < low <= out["dask_peak_mib"]["median"] <= high
    assert "sql" not in out
