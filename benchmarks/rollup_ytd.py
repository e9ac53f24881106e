"""Year to date (累计) roll-up speed: rows/s of ``rollup_periods(batch, "ytd")``.

    python benchmarks/rollup_ytd.py                     # 130,000 rows, this checkout
    python benchmarks/rollup_ytd.py --rows 520000
    python benchmarks/rollup_ytd.py --compare OLD NEW   # two checkouts, interleaved

The data: court-departments x 52 ISO weeks of 2022 (130,000 rows = 2,500 x 52), four inputs
of four aggregates (a flow summed, a stock at the end, a stock at the start, a mean), every
value provided but for 1% of the flow's cells (not provided: the year to date of such a row
and those after it is not provided). With --compare, each checkout runs in its own process, A B
A B ... for --rounds rounds; the ratio is the median of the per-round ratios, with its spread.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

AGGREGATES = {"filed": "sum", "pending": "last", "pending_start": "first", "staff": "mean"}


def batch(rows: int, seed: int = 7):  # type: ignore[no-untyped-def]
    from courtinfo.data import SnapshotBatch

    weeks = 52
    units = rows // weeks
    rng = np.random.default_rng(seed)
    court = np.repeat([f"c{u // 10:05d}" for u in range(units)], weeks)
    dept = np.repeat([f"d{u % 10}" for u in range(units)], weeks)
    period = np.tile([f"2022-W{w:02d}" for w in range(1, weeks + 1)], units)
    n = units * weeks
    filed = rng.integers(0, 200, n).astype(np.float64)
    filed[rng.random(n) < 0.01] = np.nan
    return SnapshotBatch.from_columns(
        court=court,
        department=dept,
        period=period,
        columns={
            "filed": filed,
            "pending": rng.integers(0, 500, n).astype(np.float64),
            "pending_start": rng.integers(0, 500, n).astype(np.float64),
            "staff": rng.integers(1, 40, n).astype(np.float64),
        },
    )


def once(rows: int, repeat: int) -> dict[str, float]:
    from courtinfo.evaluation import rollup_periods

    data = batch(rows)
    rollup_periods(data, "ytd", aggregates=AGGREGATES)  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = rollup_periods(data, "ytd", aggregates=AGGREGATES)
        times.append(time.perf_counter() - t0)
    best = statistics.median(times)
    return {"rows": len(data), "out_rows": len(out), "seconds": best, "rows_per_s": len(data) / best}


def compare(old: str, new: str, rows: int, rounds: int) -> None:
    def run(path: str) -> dict[str, float]:
        code = (
            f"import sys; sys.path.insert(0, {path!r}); sys.path.insert(1, {str(Path(__file__).parent)!r}); "
            f"import courtinfo, json, rollup_ytd; assert courtinfo.__file__.startswith({path!r}), courtinfo.__file__; "
            f"print(json.dumps(rollup_ytd.once({rows}, 3)))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    ratios, olds, news = [], [], []
    for _ in range(rounds):
        a, b = run(old), run(new)
        olds.append(a["rows_per_s"])
        news.append(b["rows_per_s"])
        ratios.append(a["seconds"] / b["seconds"])
    print(f"rows: {rows:,} in, {int(b['out_rows']):,} year-to-date rows out; {rounds} rounds, A B interleaved")
    print(f"old {old}: median {statistics.median(olds):,.0f} rows/s")
    print(f"new {new}: median {statistics.median(news):,.0f} rows/s")
    print(f"speed-up new/old: median {statistics.median(ratios):.1f}x (min {min(ratios):.1f}x, max {max(ratios):.1f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=130_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare, args.rows, args.rounds)
        return
    got = once(args.rows, args.repeat)
    print(f"{got['rows']:,.0f} rows -> {got['out_rows']:,.0f} year-to-date rows: "
          f"{got['seconds'] * 1000:.1f} ms, {got['rows_per_s']:,.0f} rows/s")


if __name__ == "__main__":
    main()
