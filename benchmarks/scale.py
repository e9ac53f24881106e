"""History at national scale: shanghai-2022 over years of national weekly data with Dask, and
a national week read from sqlite3 through `from_query` against reading it from CSV.

    python benchmarks/scale.py                 # ten years (36 M department-weeks)
    python benchmarks/scale.py --years 2 --json
    python benchmarks/scale.py --years 2 --provinces 2 --weeks 2 --departments 2 --repeat 1   # tiny

1. One year of national weekly data is generated (courtinfo.synthetic.national: 3,504 courts x
   20 departments x 52 weeks = 3,644,160 rows, every input of the scheme); the years after it
   repeat its values under their own weeks' labels. Each year is written as a Parquet dataset,
   one file per high-court subtree (and one for the Supreme Court): the partition rule of
   courtinfo.dask.
2. In a fresh process, courtinfo.dask.evaluate runs over the whole dataset with the threaded
   scheduler (one thread per core); every partition's results are reduced to a count, so what
   is timed is reading and evaluating. Its peak memory (VmHWM, the process's own resident
   peak; ru_maxrss would also count what the parent held when it forked the child) is
   reported.
3. In another fresh process, one year is read whole and evaluated in one process, for the
   ratio of rows/s (Dask over all years / one process over one year) and of peak memory.
4. The first week (70,080 rows) goes into a sqlite3 table and a CSV file; `from_query` and
   `load_csv` + batch are timed alternately, median of the runs and the ratio's spread.

Steps 2 and 3 alternate `--rounds` times (one process, Dask, one process, Dask ...); the ratio
of rows/s is the median of the rounds' ratios, with its min and max, and each run's load
average (1 minute, at its start and end) is reported. `--data DIR` keeps the generated data
in DIR and reuses it on the next run (at least `--years` years of the same size must be
there; the first `--years` are used), so one generation of ten years serves runs over 1, 3
and 10 years:

    python benchmarks/scale.py --data /var/tmp/weekly --years 10 --rounds 1
    python benchmarks/scale.py --data /var/tmp/weekly --years 1 --rounds 3 --no-sql
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs
import numpy as np

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def maxrss_mib() -> float:
    """This process's resident peak in MiB. Linux's ru_maxrss keeps, across exec, the peak
    of the process forked from the parent (a parent holding a year of data gave a Dask child
    3.1 GiB it never used), so VmHWM is read where there is one."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(kib) / 1024


def generate(directory: Path, years: int, first: int, size: dict[str, int]) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from courtinfo import get_scheme
    from courtinfo.dask import regions
    from courtinfo.periods import Period
    from courtinfo.synthetic import national

    scheme = get_scheme("shanghai-2022")
    t = time.perf_counter()
    data = national(scheme, year=first, **size)
    generated = time.perf_counter() - t
    batch = data.batch
    region = regions(data.tree)
    court_region = np.array([region[c] or "SPC" for c in batch.courts], dtype=object)
    row_region = court_region[batch.court_index]
    groups = {r: np.flatnonzero(row_region == r) for r in sorted(set(row_region))}
    t = time.perf_counter()
    for k in range(years):
        year = first + k
        periods = tuple(Period.week(year, p.iso_week) for p in batch.periods)
        shifted = attrs.evolve(batch, periods=periods)
        out = directory / str(year)
        out.mkdir(parents=True)
        for r, rows in groups.items():
            pq.write_table(shifted.take(rows).to_arrow(), out / f"{r}.parquet")
        log(f"  year {year} written")
    written = time.perf_counter() - t
    tree_file = directory / "tree.json"
    from courtinfo import Dataset, dataset_to_json

    tree_file.write_text(dataset_to_json(Dataset((), data.tree.courts, data.departments)))
    info = {
        "size": size,
        "years_written": years,
        "rows_per_year": len(batch),
        "inputs": len(batch.columns) + len(batch.platform),
        "generate_s": generated,
        "write_parquet_s": written,
        "parquet_mib": sum(f.stat().st_size for f in directory.rglob("*.parquet")) / 2**20,
    }
    (directory / "generated.json").write_text(json.dumps(info))
    return info


def first_week(directory: Path) -> Any:
    """The first week of the first year, read back from its Parquet files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from courtinfo import SnapshotBatch, get_scheme

    kinds = {i.id: i.kind for i in get_scheme("shanghai-2022").inputs}
    year = sorted(p for p in directory.iterdir() if p.is_dir())[0]
    table = pa.concat_tables([pq.read_table(f) for f in sorted(year.glob("*.parquet"))])
    batch = SnapshotBatch.from_arrow(table, kinds=kinds)
    first = min(range(len(batch.periods)), key=lambda i: batch.periods[i].start)
    return batch.take(np.flatnonzero(batch.period_index == first))


def view(data: Path, years: int, into: Path) -> Path:
    """The first `years` years of `data` (and its court tree), linked into `into`."""
    for year in sorted(p for p in data.iterdir() if p.is_dir())[:years]:
        (into / year.name).mkdir()
        for f in year.glob("*.parquet"):
            try:
                os.link(f, into / year.name / f.name)
            except OSError:
                (into / year.name / f.name).symlink_to(f)
    shutil.copy(data / "tree.json", into / "tree.json")
    return into


def run_dask(directory: Path, workers: int) -> dict[str, Any]:
    """Child process: courtinfo.dask over every year, results reduced to counts."""
    import dask

    import courtinfo.dask as cd
    from courtinfo import get_scheme, load_dataset

    scheme = get_scheme("shanghai-2022")
    org = load_dataset(directory / "tree.json")
    tree = org.tree()
    assert tree is not None
    t = time.perf_counter()
    with dask.config.set(scheduler="threads", num_workers=workers):
        frame = cd.evaluate(directory, scheme, courts=tree, departments=org.departments)
        rows = int(frame.map_partitions(len).sum().compute())
    wall = time.perf_counter() - t
    return {
        "rows": rows,
        "partitions": frame.npartitions,
        "wall_s": wall,
        "rows_per_s": rows / wall,
        "maxrss_mib": maxrss_mib(),
    }


def run_single(directory: Path) -> dict[str, Any]:
    """Child process: one year read whole and evaluated in one process."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from courtinfo import Evaluator, SnapshotBatch, get_scheme, load_dataset

    scheme = get_scheme("shanghai-2022")
    org = load_dataset(directory / "tree.json")
    year = sorted(p for p in directory.iterdir() if p.is_dir())[0]
    t = time.perf_counter()
    table = pa.concat_tables([pq.read_table(f) for f in sorted(year.glob("*.parquet"))])
    kinds = {i.id: i.kind for i in scheme.inputs}
    batch = SnapshotBatch.from_arrow(table, kinds=kinds)
    results = Evaluator(scheme, courts=org.tree(), departments=org.departments)(batch)
    wall = time.perf_counter() - t
    return {
        "rows": len(results),
        "wall_s": wall,
        "rows_per_s": len(results) / wall,
        "maxrss_mib": maxrss_mib(),
    }


def sql_vs_csv(week: Any, repeat: int, directory: Path) -> dict[str, Any]:
    from courtinfo import Dataset
    from courtinfo.io import load_csv, save_csv
    from courtinfo.sources import from_query

    db = directory / "week.db"
    conn = sqlite3.connect(db)
    names = sorted(week.columns)
    kinds = {n: week.kinds[n] for n in names}
    conn.execute(
        "CREATE TABLE week (court TEXT, department TEXT, period TEXT, "
        + ", ".join(f"{n} {'REAL' if kinds[n].value == 'measure' else 'INTEGER'}" for n in names)
        + ")"
    )
    rows = []
    for i in range(len(week)):
        cells = []
        for n in names:
            x = float(week.columns[n][i])
            cells.append(None if x != x else (x if kinds[n].value == "measure" else int(x)))
        rows.append((week.court_of(i), week.department_of(i), str(week.period_of(i)), *cells))
    conn.executemany(f"INSERT INTO week VALUES ({', '.join('?' * (3 + len(names)))})", rows)
    conn.commit()
    csv_path = directory / "week.csv"
    save_csv(Dataset(week.to_snapshots()), csv_path)
    sql_s, csv_s = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        a = from_query(conn, "SELECT * FROM week")
        sql_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        b = load_csv(csv_path).batch()
        csv_s.append(time.perf_counter() - t)
    assert len(a) == len(b) == len(week)
    ratios = [c / s for s, c in zip(sql_s, csv_s, strict=True)]
    n = len(week)
    return {
        "rows": n,
        "from_query_median_s": statistics.median(sql_s),
        "from_query_rows_per_s": n / statistics.median(sql_s),
        "csv_median_s": statistics.median(csv_s),
        "csv_rows_per_s": n / statistics.median(csv_s),
        "csv_over_sql_median": statistics.median(ratios),
        "csv_over_sql_range": [min(ratios), max(ratios)],
        "csv_mib": csv_path.stat().st_size / 2**20,
    }


def child(mode: str, directory: Path, workers: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--dir", str(directory)]
    cmd += ["--workers", str(workers)]
    load = os.getloadavg()[0]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    out: dict[str, Any] = json.loads(proc.stdout)
    out["load_1min"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return out


def spread(values: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(values), "range": [min(values), max(values)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--first-year", type=int, default=2013)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the SQL/CSV comparison")
    parser.add_argument("--dir", type=Path, help="where to write the data (default: a temp dir)")
    parser.add_argument("--provinces", type=int, default=31, help="high courts (default 31)")
    parser.add_argument("--weeks", type=int, default=52, help="weeks a year (default 52)")
    parser.add_argument(
        "--departments", type=int, default=20, help="departments per court (default 20)"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="one process / Dask runs, alternating (default 1)"
    )
    parser.add_argument(
        "--data", type=Path, help="keep the generated data here and reuse it on later runs"
    )
    parser.add_argument("--no-sql", action="store_true", help="skip the sqlite3/CSV comparison")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=("dask", "single"))
    args = parser.parse_args()
    if args.child:
        run = run_dask if args.child == "dask" else run_single
        result = run(args.dir, args.workers) if args.child == "dask" else run(args.dir)  # type: ignore[call-arg]
        print(json.dumps(result))
        return 0
    size = {"provinces": args.provinces, "weeks": args.weeks, "departments": args.departments}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        data = Path(tmp) / "data" if args.data is None else args.data
        if (data / "generated.json").exists():
            gen = json.loads((data / "generated.json").read_text())
            if gen["size"] != size or gen["years_written"] < args.years:
                raise SystemExit(f"{data}: holds {gen}, not {args.years} years of {size}")
            log(f"reusing {gen['years_written']} years of national weekly data in {data}")
        else:
            log(f"generating {args.years} years of national weekly data in {data}")
            data.mkdir(parents=True, exist_ok=True)
            gen = generate(data, args.years, args.first_year, size)
        out: dict[str, Any] = {"years": args.years, "workers": args.workers, **gen}
        out["rows"] = gen["rows_per_year"] * args.years
        log(
            f"  {out['rows']:,} rows x {gen['inputs']} inputs; generated one year in "
            f"{gen['generate_s']:.1f} s, Parquet written in {gen['write_parquet_s']:.1f} s "
            f"({gen['parquet_mib']:.0f} MiB for {gen['years_written']} years)"
        )
        if not args.no_sql:
            out["sql"] = sql_vs_csv(first_week(data), args.repeat, Path(tmp))
            s = out["sql"]
            log(
                f"national week ({s['rows']:,} rows): from_query {s['from_query_rows_per_s']:,.0f} rows/s, "
                f"CSV {s['csv_rows_per_s']:,.0f} rows/s; CSV time / sqlite time "
                f"{s['csv_over_sql_median']:.2f} x (range {s['csv_over_sql_range'][0]:.2f}-"
                f"{s['csv_over_sql_range'][1]:.2f})"
            )
        (Path(tmp) / "view").mkdir()
        directory = view(data, args.years, Path(tmp) / "view")
        runs: list[dict[str, Any]] = []
        for k in range(args.rounds):
            one = child("single", directory, args.workers)
            log(
                f"round {k + 1}: one process, one year: {one['rows']:,} rows in {one['wall_s']:.1f} s, "
                f"{one['rows_per_s']:,.0f} rows/s, peak {one['maxrss_mib']:,.0f} MiB "
                f"(load {one['load_1min'][0]}-{one['load_1min'][1]})"
            )
            d = child("dask", directory, args.workers)
            log(
                f"round {k + 1}: dask, {args.years} years, {args.workers} threads: {d['rows']:,} rows "
                f"in {d['wall_s']:.1f} s, {d['rows_per_s']:,.0f} rows/s, peak "
                f"{d['maxrss_mib']:,.0f} MiB (load {d['load_1min'][0]}-{d['load_1min'][1]})"
            )
            runs.append({"single_year": one, "dask": d})
        out["rounds"] = runs
        out["single_year"], out["dask"] = runs[-1]["single_year"], runs[-1]["dask"]
        speed = [r["dask"]["rows_per_s"] / r["single_year"]["rows_per_s"] for r in runs]
        peak = [r["dask"]["maxrss_mib"] / r["single_year"]["maxrss_mib"] for r in runs]
        out["dask_over_single_rows_per_s"] = spread(speed)
        out["dask_over_single_peak_memory"] = spread(peak)
        out["dask_peak_mib"] = spread([r["dask"]["maxrss_mib"] for r in runs])
        log(
            f"dask / one process: {spread(speed)['median']:.2f} x the rows/s "
            f"(range {min(speed):.2f}-{max(speed):.2f}), {spread(peak)['median']:.2f} x the peak "
            f"memory (range {min(peak):.2f}-{max(peak):.2f}); median of {args.rounds} round(s)"
        )
    if args.json:
        print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
