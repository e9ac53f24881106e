"""benchmarks/before_after.py runs end to end on a small data set and prints one JSON object.

Only that it runs, interleaves both versions and finds their output the same is asserted:
speed is read from its figures, never asserted in tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCRIPT = ROOT / "benchmarks" / "before_after.py"


def test_small_run_against_this_checkout_prints_every_figure(tmp_path: Path) -> None:
    cmd = [sys.executable, str(SCRIPT), "--scale", "small", "--rounds", "1", "--json"]
    cmd += ["--before", str(ROOT), "--data", str(tmp_path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # 76 courts x 20 departments: one week as CSV, 52 weeks as Parquet, 20 indicators a row.
    assert out["week_rows"] == 76 * 20 and out["parquet_rows"] == 76 * 20 * 52
    assert out["table_lines"] == 2 + 76 * 20 * 20
    assert out["same_output"] == {"table": True, "markdown": True}
    for what in ("table", "markdown", "parquet_load"):
        entry = out["figures"][what]
        for name in ("before", "after"):
            assert entry[name]["cpu_s"]["median"] > 0, (what, name)
        ratio = entry["after_over_before_cpu"]
        assert ratio["min"] <= ratio["median"] <= ratio["max"]
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".parquet"]
