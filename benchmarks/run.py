"""Benchmarks of the evaluation engine on a synthetic national data set.

    python benchmarks/run.py                 # national: 3,504 courts x 20 departments x 52 weeks
    python benchmarks/run.py --scale small   # a quick run
    python benchmarks/run.py --json          # one JSON object with every figure
    python benchmarks/run.py --profile       # also profile the library's batch path
    python benchmarks/run.py --only cli      # only the CLI end to end on one week (6.)
    python benchmarks/run.py --only single   # only one snapshot against plain Python (3.)
    python benchmarks/run.py --only cli --cli-before DIR   # and against a checkout of an earlier version

What is measured (medians of --repeat runs, time.perf_counter):

1. library batch: ``evaluate(shanghai-2022, batch, courts=tree, departments=depts)`` and
   ``met()`` of every indicator, over every department-week;
2. the floor: the tightest straight numpy for exactly the library's work (`contenders.floor`:
   all 20 values and statuses, the numerator-above-denominator checks, the supplied city figure
   of 移动执行使用率, all 20 `met` columns), checked bit-equal to the library in the run;
3. library single-snapshot path on a sample of rows (one `Evaluator` built once and kept, as
   a service keeps it), extrapolated to the whole set; and one snapshot in plain Python;
4. roll-up of the departments to their courts and of the courts up the tree;
5. the spc-2019 scheme (yearly, per court) for every court;
7. library, library on --threads threads, floor, polars and DuckDB (the `bench` extra)
   interleaved, A B C D E x --rounds: each ratio is the median of the per-round ratios, with
   min and max (time on a shared machine drifts; interleaving keeps a ratio true);
6. the CLI end to end: ``courtinfo evaluate --format csv`` on one national week saved as CSV
   (70,080 department-weeks in, CSV out), against load + evaluate of the file in one process,
   interleaved over --rounds rounds (ratio CLI / (load + evaluate), result rows written per
   second); and the whole data set (52 weeks at national scale) saved as Parquet: load +
   evaluate in one process, and the CLI rolling it up to the year;
8. scaling: rows/s and peak memory (tracemalloc) at --scaling rows, each in a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import ctypes
import io
import json
import math
import os
import platform
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

import courtinfo
from courtinfo import (
    Evaluator,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    evaluate,
    rollup_departments,
    rollup_tree,
)
from courtinfo.formulas import PeerRelative, Ratio, WeightedBlend
from courtinfo.indicators import Scheme, load_scheme
from courtinfo.org import CourtTree, Department, DepartmentKind
from courtinfo.synthetic import Synthetic, generate, national, province

sys.path.insert(0, str(Path(__file__).parent))
import contenders  # beside this script

F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]
DATA = Path(courtinfo.__file__).parent / "indicators" / "data"

SCALES: dict[str, dict[str, Any]] = {
    "national": {},
    "province": {},
    "small": {"provinces": 3, "cities_per_province": 4, "basic_per_city": 5},
}


def scheme(code: str) -> Scheme:
    return load_scheme(DATA / f"{code}.toml")


def make(s: Scheme, scale: str, seed: int) -> Synthetic:
    if scale == "national":
        return national(s, seed=seed)
    if scale == "province":
        return province(s, seed=seed)
    return generate(s, seed=seed, **SCALES[scale])


@dataclass
class Timing:
    """Seconds of repeated runs: wall clock, and the process's user and system CPU time.

    User time is the computation; system time is mostly the kernel giving the process fresh
    pages (page faults), which on a VM varies from run to run with the allocation pattern.
    """

    first_s: float
    runs_s: list[float]
    user_s: list[float]
    sys_s: list[float]

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs_s)

    @property
    def user_median_s(self) -> float:
        return statistics.median(self.user_s)

    @property
    def sys_median_s(self) -> float:
        return statistics.median(self.sys_s)

    def figures(self, rows: int) -> dict[str, Any]:
        return {
            "median_s": self.median_s,
            "user_median_s": self.user_median_s,
            "sys_median_s": self.sys_median_s,
            "first_run_s": self.first_s,
            "runs_s": self.runs_s,
            "rows_per_s": rows / self.median_s,
            "rows_per_user_s": rows / self.user_median_s if self.user_median_s else None,
        }

    def show(self, rows: int) -> str:
        return (
            f"{self.median_s:7.3f} s (user {self.user_median_s:.3f}, sys {self.sys_median_s:.3f})"
            f" {rows / self.median_s:11,.0f} rows/s  first run {self.first_s:.3f} s"
        )


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """One first (cold) run, then `repeat` timed runs; the last result.

    The first run pays for fresh pages of memory; later runs mostly reuse the allocator's.
    Both are reported; the medians are over the later runs.
    """
    t = time.perf_counter()
    out: Any = fn()
    first = time.perf_counter() - t
    walls: list[float] = []
    users: list[float] = []
    syss: list[float] = []
    for _ in range(repeat):
        out = None  # let the previous result go before the next run
        before, t = os.times(), time.perf_counter()
        out = fn()
        walls.append(time.perf_counter() - t)
        after = os.times()
        users.append(after.user - before.user)
        syss.append(after.system - before.system)
    return Timing(first, walls, users, syss), out


def input_bytes(batch: SnapshotBatch) -> int:
    arrays = [batch.court_index, batch.department_index, batch.period_index]
    arrays += list(batch.columns.values()) + list(batch.platform.values())
    return sum(a.nbytes for a in arrays)


# -- 1. the library's batch path --------------------------------------------------------------


def library_batch(s: Scheme, data: Synthetic) -> tuple[courtinfo.Results, dict[str, F64]]:
    results = evaluate(s, data.batch, courts=data.tree, departments=data.departments)
    met = {ind.code: results.met(ind.code) for ind in s.indicators}
    return results, met


# -- 2. the same arithmetic by hand ----------------------------------------------------------

OK, NA, ZERO = np.uint8(0), np.uint8(1), np.uint8(2)
CASE = frozenset(k for k in DepartmentKind if k.case_handling)

# The shanghai-2022 formulas, written out: (numerator terms, denominator terms, capped at 1).
RATIOS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "e_service_send_rate": (("e_service_sent",), ("all_services",), False),
    "e_service_success_rate": (("e_service_succeeded",), ("e_service_total",), False),
    "record_reform_rate": (("record_reform_hearings",), ("hearings",), False),
    "president_hearing_rate_record_reform": (
        ("president_hearings_record_reform",),
        ("record_reform_hearings",),
        False,
    ),
    "online_hearing_rate": (("online_hearings",), ("hearings",), True),
    "president_hearing_rate_online": (("president_hearings_online",), ("online_hearings",), False),
    "single_track_archiving_rate": (("single_track_archived",), ("archived_cases",), False),
    "online_filing_rate": (("online_filings",), ("filings",), False),
    "online_filing_success_rate": (("online_filings",), ("online_filing_applications",), True),
    "random_assignment_rate": (("random_assignments",), ("filings",), False),
    "template_generation_rate": (("template_documents",), ("judgments",), False),
    "smart_proofreading_rate": (("proofread_documents",), ("judgments",), False),
    "online_review_rate": (("online_reviewed_documents",), ("judgments",), False),
    "e_seal_rate": (("e_seal_cases",), ("cases_in_hand",), False),
    "born_digital_rate": (("born_digital_entries", "web_entries"), ("archived_entries",), False),
    "online_deliberation_rate": (
        ("sealed_panel_deliberations", "sealed_judges_meetings"),
        ("ordinary_panel_closed", "judges_meetings"),
        True,
    ),
    "courtroom_equipped_rate": (("courtrooms_equipped",), ("courtrooms",), False),
    "courtroom_standard_rate": (("courtrooms_up_to_standard",), ("courtrooms",), False),
}
BLEND = ("e_service_rate", (0.75, "e_service_send_rate"), (0.25, "e_service_success_rate"))
PEER = (
    "mobile_enforcement_rate",
    (
        ("mobile_logins", "enforcement_officers", 0.5, "city_logins_per_officer"),
        ("mobile_online_hours", "enforcement_officers", 0.5, "city_online_hours_per_officer"),
    ),
)

CODES = [*RATIOS, BLEND[0], PEER[0]]

# The targets, by department kind: (kinds, value, comparator); "" = a court-level row.
AT_LEAST, EQUAL = ">=", "=="
TARGETS: dict[str, list[tuple[frozenset[DepartmentKind | str], float, str]]] = {
    "e_service_rate": [
        (frozenset({""}), 0.45, AT_LEAST),
        (CASE - {DepartmentKind.CRIMINAL}, 0.45, AT_LEAST),
    ],
    "record_reform_rate": [
        (frozenset({DepartmentKind.FILING}), 0.70, AT_LEAST),
        (frozenset({DepartmentKind.ENFORCEMENT}), 1.0, EQUAL),
        (CASE - {DepartmentKind.FILING, DepartmentKind.ENFORCEMENT}, 0.60, AT_LEAST),
    ],
    "online_hearing_rate": [(CASE - {DepartmentKind.ENFORCEMENT}, 0.25, AT_LEAST)],
    "single_track_archiving_rate": [(CASE, 1.0, AT_LEAST)],
    "online_filing_rate": [(frozenset({DepartmentKind.FILING}), 0.90, AT_LEAST)],
    "random_assignment_rate": [(frozenset({DepartmentKind.FILING}), 0.99, AT_LEAST)],
    "template_generation_rate": [(CASE, 1.0, AT_LEAST)],
    "smart_proofreading_rate": [(CASE, 1.0, AT_LEAST)],
    "online_review_rate": [(CASE, 1.0, AT_LEAST)],
    "e_seal_rate": [(CASE, 1.0, AT_LEAST)],
    "mobile_enforcement_rate": [(frozenset({DepartmentKind.ENFORCEMENT}), 1.0, AT_LEAST)],
    "born_digital_rate": [(CASE, 0.60, AT_LEAST)],
    "online_deliberation_rate": [(CASE, 0.40, AT_LEAST)],
    "courtroom_equipped_rate": [(frozenset({""}), 0.90, AT_LEAST)],
    "courtroom_standard_rate": [(frozenset({""}), 0.90, AT_LEAST)],
}


def check_hand_formulas(s: Scheme) -> None:
    """Refuse to compare against a scheme that is no longer what the hand code says."""
    for code, (num, den, capped) in RATIOS.items():
        f = s.indicator(code).formula
        assert isinstance(f, Ratio), code
        assert (f.numerator, f.denominator) == (num, den), code
        assert (f.over == "cap") == capped and f.over in ("cap", "error"), code
    b = s.indicator(BLEND[0]).formula
    assert isinstance(b, WeightedBlend) and b.cap is None
    assert [(c.weight, c.ref) for c in b.components] == list(BLEND[1:])
    p = s.indicator(PEER[0]).formula
    assert isinstance(p, PeerRelative) and p.cap == 1.0
    assert [(c.numerator, c.denominator, c.weight, c.peer) for c in p.components] == list(PEER[1])
    coded = set(RATIOS) | {BLEND[0], PEER[0]}
    assert coded == {i.code for i in s.indicators}, "indicators not written by hand"


def hand_written(
    batch: SnapshotBatch,
    parent_of_court: npt.NDArray[np.int64],
    kind_of_label: list[DepartmentKind | str],
) -> tuple[dict[str, F64], dict[str, U8], dict[str, F64]]:
    """shanghai-2022 as the tightest straight numpy (`contenders.floor`)."""
    tables = contenders.label_tables(TARGETS, CODES, kind_of_label)
    return contenders.floor(batch, parent_of_court, tables, RATIOS, BLEND, PEER)


def hand_inputs(data: Synthetic) -> tuple[npt.NDArray[np.int64], list[DepartmentKind | str]]:
    """What the hand-written code needs from the tree and the departments."""
    tree, batch = data.tree, data.batch
    position = tree.index(list(batch.courts))
    parents = tree.parent_index[position].astype(np.int64)
    kinds: dict[str, DepartmentKind] = {}
    for d in data.departments:
        kinds.setdefault(d.code, d.kind)
    return parents, [kinds.get(label, "") if label else "" for label in batch.departments]


def compare(
    s: Scheme,
    lib: tuple[courtinfo.Results, dict[str, F64]],
    hand: tuple[dict[str, F64], dict[str, U8], dict[str, F64]],
) -> list[str]:
    """Every difference between the library's results and the hand-written ones."""
    results, lib_met = lib
    values, statuses, met = hand
    problems: list[str] = []
    for ind in s.indicators:
        code = ind.code
        for what, a, b in (
            ("value", results.values[code], values[code]),
            ("status", results.statuses[code], statuses[code]),
            ("met", lib_met[code], met[code]),
        ):
            # Bit for bit: NaN in the same places, the same bytes everywhere else (NaN's own
            # payload is not a number, so not compared).
            nan = np.isnan(a) if a.dtype.kind == "f" else np.zeros(len(a), dtype=bool)
            same_nan = a.dtype == b.dtype and np.array_equal(nan, np.isnan(b) if b.dtype.kind == "f" else nan)
            if not same_nan or a[~nan].tobytes() != b[~nan].tobytes():
                bad = int(np.count_nonzero(~((a == b) | (np.isnan(a) & np.isnan(b)))))
                problems.append(f"{code} {what}: {bad} rows differ")
    return problems


# -- 3. the single-snapshot path ------------------------------------------------------------


def single_path(
    s: Scheme, data: Synthetic, sample: int, seed: int, repeat: int
) -> dict[str, float]:
    """One snapshot at a time, as a case-management system evaluates a request.

    One `Evaluator` for the scheme and every department, built once and kept, as a running
    service keeps it; plain `evaluate()` per snapshot, which builds one each time, is timed too.
    """
    batch = data.batch
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(batch), size=min(sample, len(batch)), replace=False)
    t = time.perf_counter()
    snaps = [batch.row(int(i)) for i in rows]
    t_row = time.perf_counter() - t
    evaluator = Evaluator(s, departments=data.departments)
    bare = Evaluator(s)
    for snap in snaps:  # warm, as a running service is: it has seen these departments
        evaluator(snap)
        bare(snap)

    def per_pass(fn: Callable[[MetricSnapshot], object]) -> float:
        """Seconds for the whole sample, the median of `repeat` passes over it."""
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            for snap in snaps:
                fn(snap)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    by_court: dict[str, list[Department]] = {}
    for d in data.departments:
        by_court.setdefault(d.court, []).append(d)
    t_eval = per_pass(evaluator)
    t_bare = per_pass(bare)
    t_fn = per_pass(lambda snap: evaluate(s, snap, departments=by_court.get(snap.court, ())))
    n = len(rows)
    return {
        "sample_rows": n,
        "row_to_snapshot_us": t_row / n * 1e6,
        "evaluate_us": t_eval / n * 1e6,
        "evaluate_without_departments_us": t_bare / n * 1e6,
        "evaluate_function_us": t_fn / n * 1e6,
        "per_row_us": (t_row + t_eval) / n * 1e6,
        "extrapolated_s": (t_row + t_eval) / n * len(batch),
    }


# -- 4. roll-ups -------------------------------------------------------------------------------


def rollups(data: Synthetic) -> tuple[SnapshotBatch, SnapshotBatch]:
    courts = rollup_departments(data.batch)
    return courts, rollup_tree(courts, data.tree)


def hand_rollup(data: Synthetic) -> dict[str, F64]:
    """Every column summed per court and period, then up the tree; NaN unless every row under
    a cell provided the value (the library's default `missing="propagate"`).

    One weighted bincount per column over the rows, then the court x period grid added into
    the parents' level by level, deepest first.
    """
    b, tree = data.batch, data.tree
    n_c, n_p = len(tree), len(b.periods)
    size = n_c * n_p
    key = tree.index(list(b.courts))[b.court_index] * n_p + b.period_index
    parent = tree.parent_index
    levels = [np.flatnonzero(tree.ranks == r) for r in range(int(tree.ranks.max()), 0, -1)]

    def up(grid: F64) -> F64:
        grid2 = grid.reshape(n_c, n_p)
        for sel in levels:
            sel = sel[parent[sel] >= 0]
            np.add.at(grid2, parent[sel], grid2[sel])
        return grid

    rows_per_cell = up(np.bincount(key, minlength=size).astype(np.float64))
    out: dict[str, F64] = {}
    for name, col in {**b.columns, **b.platform}.items():
        missing = np.isnan(col)
        total = up(np.bincount(key, weights=np.where(missing, 0.0, col), minlength=size))
        given = rows_per_cell - up(np.bincount(key[missing], minlength=size).astype(np.float64))
        out[name] = np.where((given == rows_per_cell) & (rows_per_cell > 0), total, np.nan)
    return out



# -- interleaved contenders: library, floor, polars, DuckDB ---------------------------------


def interleaved(
    contenders_: dict[str, Callable[[], Any]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, dict[str, float]]]:
    """Each contender once per round, A B C D A B C D ...; per round, each one's time over
    the library's; the median of those ratios with their min and max."""
    times: dict[str, list[float]] = {name: [] for name in contenders_}
    for fn in contenders_.values():
        fn()  # warm: imports, plans, first pages
    for _ in range(rounds):
        for name, fn in contenders_.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    base = times["library"]
    ratios = {}
    for name, ts in times.items():
        per_round = [b / t for b, t in zip(base, ts, strict=True)]
        ratios[name] = {
            "median_s": statistics.median(ts),
            "library_over_this_median": statistics.median(per_round),
            "library_over_this_min": min(per_round),
            "library_over_this_max": max(per_round),
        }
    return times, ratios


def engines(
    s: Scheme, data: Synthetic, rounds: int, threads: int, log: Callable[[str], None]
) -> dict[str, Any]:
    batch = data.batch
    parents, kinds = hand_inputs(data)
    tables = contenders.label_tables(TARGETS, CODES, kinds)
    ev = Evaluator(s, courts=data.tree, departments=data.departments)
    ev_threads = Evaluator(s, courts=data.tree, departments=data.departments, threads=threads)

    def lib() -> Any:
        r = ev(batch)
        return r, {c: r.met(c) for c in CODES}

    def lib_threads() -> Any:
        r = ev_threads(batch)
        return r, {c: r.met(c) for c in CODES}

    runs: dict[str, Callable[[], Any]] = {
        "library": lib,
        f"library, {threads} threads": lib_threads,
        "floor": lambda: contenders.floor(batch, parents, tables, RATIOS, BLEND, PEER),
    }
    checks: dict[str, Any] = {}
    names = sorted({n for r in RATIOS.values() for side in r[:2] for n in side})
    names += [n for c in PEER[1] for n in c[:2]] + [c[3] for c in PEER[1]]
    names = sorted(set(names))
    try:
        import polars as pl

        pl_frame = contenders.frame_of(batch, parents, names)
        runs["polars"] = lambda: contenders.polars_run(pl_frame, tables, RATIOS, BLEND, PEER)
        checks["polars_version"] = pl.__version__
    except ImportError:
        log("   polars not installed (pip install 'courtinfo[bench]'): skipped")
    try:
        import duckdb

        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        frame = contenders.frame_of(batch, parents, names).to_arrow()
        con.register("frame", frame)
        sql = contenders.duckdb_sql(tables, RATIOS, BLEND, PEER, names)
        runs["duckdb"] = lambda: contenders.duckdb_run(con, sql)
        checks["duckdb_version"] = duckdb.__version__
    except ImportError:
        log("   duckdb not installed (pip install 'courtinfo[bench]'): skipped")
    # Checks: the floor and the threaded library bit for bit; polars and DuckDB to 1e-12.
    lib_out = lib()
    floor_out = runs["floor"]()
    checks["floor_bit_equal"] = not compare(s, lib_out, floor_out)
    threaded = lib_threads()
    checks["threads_bit_equal"] = all(
        lib_out[0].values[c].tobytes() == threaded[0].values[c].tobytes()
        and lib_out[0].statuses[c].tobytes() == threaded[0].statuses[c].tobytes()
        and lib_out[1][c].tobytes() == threaded[1][c].tobytes()
        for c in CODES
    )
    for name in ("polars", "duckdb"):
        if name in runs:
            got = runs[name]()
            cols = got.to_pandas()
            ok = True
            for c in CODES:
                for a, b in ((lib_out[0].values[c], cols[c]), (lib_out[1][c], cols[f"met:{c}"])):
                    b = np.asarray(b, dtype=np.float64)
                    ok &= bool(np.allclose(a, b, rtol=1e-12, atol=0, equal_nan=True))
            checks[f"{name}_equal"] = ok
    times, ratios = interleaved(runs, rounds)
    for name, r in ratios.items():
        log(
            f"   {name:<22} {r['median_s']:7.3f} s   library / this {r['library_over_this_median']:5.2f} x"
            f" (min {r['library_over_this_min']:.2f}, max {r['library_over_this_max']:.2f})"
        )
    log("   checks: " + ", ".join(f"{k} {v}" for k, v in checks.items()))
    return {"rounds": rounds, "times_s": times, "ratios": ratios, "checks": checks}


# -- the CLI end to end -----------------------------------------------------------------------


def _cli(args: list[str]) -> float:
    """Wall time of one `python -m courtinfo ...` run in a fresh process."""
    return _cli_times(args)[0]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cli_times(
    args: list[str], checkout: Path | None = None, python: list[str] | None = None
) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `python -m courtinfo ...` run in a fresh
    process (of `python ...` instead, when given): on a machine shared with other work the CPU
    time is the steadier figure. `checkout`: run the courtinfo of that directory, from outside
    any checkout (so that the current directory's package does not come first)."""
    import subprocess

    env, cwd = None, None
    if checkout is not None:
        env, cwd = {**os.environ, "PYTHONPATH": str(checkout)}, checkout.parent
    cmd = [sys.executable, *(python or ["-m", "courtinfo", *args])]
    cpu, t = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)
    return time.perf_counter() - t, _children_cpu() - cpu


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def cli_week(
    s: Scheme,
    seed: int,
    scale: str,
    rounds: int,
    log: Callable[[str], None],
    year: Synthetic | None = None,
    before: Path | None = None,
) -> dict[str, Any]:
    """The CLI end to end against load + evaluate in one process, interleaved (A B A B ...).

    One week saved as CSV: `courtinfo evaluate --format csv` (CSV in, CSV out), with what
    its start costs (`courtinfo --version`; the interpreter alone; the interpreter importing
    numpy). The whole year (`year`, 52 weeks at national scale) saved as Parquet: load +
    evaluate in one process, and the CLI rolling the weeks up to the year (`--rollup year`),
    as a yearly report is made; writing every department-week's results of the year would be
    73 M rows. `before`: a checkout of an earlier version (`git worktree add DIR COMMIT`),
    whose CLI joins the rounds, with its output checked byte for byte against this one's.
    """
    import compileall
    import tempfile

    from courtinfo import Dataset, load_dataset, save_dataset
    from courtinfo.base import atomic_file
    from courtinfo.io import dataset_from_table
    from courtinfo.report import write_csv

    week = national(s, seed=seed, weeks=1) if scale == "national" else make(s, scale, seed)
    if scale != "national":
        week = attrs_take_week(week)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path, out_path = Path(tmp) / "week.csv", Path(tmp) / "out.csv"
        save_dataset(Dataset.from_batch(week.batch), path)
        rows = len(week.batch)

        def inproc() -> Any:
            return evaluate(s, load_dataset(path))

        def by_csv_module() -> Any:
            # The reader before CSV was read by byte position: the csv module's rows, then
            # each column's texts checked.
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            return dataset_from_table(rows[0], list(enumerate(rows[1:], 2)), str(path))

        results = inproc()  # a first run: imports, caches
        # An installed package has its bytecode compiled (pip does it); a checkout run with
        # PYTHONDONTWRITEBYTECODE would compile every module at each start instead.
        compiled = compileall.compile_dir(Path(courtinfo.__file__).parent, quiet=2)
        _cli(["--version"])
        here = Path(courtinfo.__file__).resolve().parent.parent
        if before is not None:
            compileall.compile_dir(before / "courtinfo", quiet=2)
        cmd = ["evaluate", "--scheme", s.code, "--format", "csv", str(path), "-o", str(out_path)]
        # Each run writes a file of its own, none there before: freeing an earlier run's 160 MB
        # (a rename over it) is no part of a run.
        written = Path(tmp) / "written.csv"
        after_out, before_out = Path(tmp) / "after.csv", Path(tmp) / "before.csv"
        after_cmd, before_cmd = [*cmd[:-1], str(after_out)], [*cmd[:-1], str(before_out)]
        loads, load_evals, clis, csvs, starts, olds = [], [], [], [], [], []
        cpu: dict[str, list[float]] = {
            "load_evaluate": [],
            "write_csv": [],
            "cli": [],
            "start": [],
            "python": [],
            "numpy": [],
        }
        # The CLI of this checkout and of `before`, each from outside any checkout.
        pair: dict[str, list[float]] = {"after": [], "before": [], "after_wall": [], "before_wall": []}
        for _ in range(max(1, rounds)):
            t = time.perf_counter()
            load_dataset(path)
            loads.append(time.perf_counter() - t)
            t = time.perf_counter()
            by_csv_module()
            olds.append(time.perf_counter() - t)
            c, t = time.process_time(), time.perf_counter()
            results = inproc()
            load_evals.append(time.perf_counter() - t)
            cpu["load_evaluate"].append(time.process_time() - c)
            written.unlink(missing_ok=True)
            c, t = time.process_time(), time.perf_counter()
            with atomic_file(written) as file:
                write_csv(results, file)
            csvs.append(time.perf_counter() - t)
            cpu["write_csv"].append(time.process_time() - c)
            out_path.unlink(missing_ok=True)
            for into, run_args in ((clis, cmd), (starts, ["--version"])):
                wall, used = _cli_times(run_args)
                into.append(wall)
                cpu["cli" if run_args is cmd else "start"].append(used)
            cpu["python"].append(_cli_times([], python=["-c", "pass"])[1])
            cpu["numpy"].append(_cli_times([], python=["-c", "import numpy"])[1])
            if before is not None:
                for name, checkout, run_args, written_by in (
                    ("after", here, after_cmd, after_out),
                    ("before", before, before_cmd, before_out),
                ):
                    written_by.unlink(missing_ok=True)
                    wall, used = _cli_times(run_args, checkout)
                    pair[name].append(used)
                    pair[f"{name}_wall"].append(wall)
        lines = out_path.read_bytes().count(b"\n") - 1
        ratios = [c / le for c, le in zip(clis, load_evals, strict=True)]
        if before is not None:
            out["before"] = {
                "checkout": str(before),
                "cpu_s": _spread(pair["before"]),
                "after_cpu_s": _spread(pair["after"]),
                "after_over_before_cpu": _spread(
                    [a / b for a, b in zip(pair["after"], pair["before"], strict=True)]
                ),
                "after_over_before_wall": _spread(
                    [a / b for a, b in zip(pair["after_wall"], pair["before_wall"], strict=True)]
                ),
                "same_output": before_out.read_bytes() == after_out.read_bytes() == out_path.read_bytes(),
            }
        out.update(
            rows=rows,
            file_mib=path.stat().st_size / 2**20,
            rounds=len(clis),
            result_rows=lines,
            bytecode_compiled=bool(compiled),
            load_average=os.getloadavg(),
            cpu_s={k: _spread(v) for k, v in cpu.items()},
            cli_over_load_evaluate_cpu=_spread(
                [c / le for c, le in zip(cpu["cli"], cpu["load_evaluate"], strict=True)]
            ),
            # medians, with their spread beside them
            load_s=statistics.median(loads),
            load_evaluate_s=statistics.median(load_evals),
            write_csv_s=statistics.median(csvs),
            cli_s=statistics.median(clis),
            cli_over_load_evaluate=statistics.median(ratios),
            result_rows_per_s=statistics.median([lines / c for c in clis]),
            csv_module_over_load=statistics.median(
                [o / f for o, f in zip(olds, loads, strict=True)]
            ),
            spread={
                "load_s": _spread(loads),
                "csv_module_load_s": _spread(olds),
                "csv_module_over_load": _spread([o / f for o, f in zip(olds, loads, strict=True)]),
                "load_evaluate_s": _spread(load_evals),
                "write_csv_s": _spread(csvs),
                "cli_s": _spread(clis),
                "cli_startup_s": _spread(starts),
                "cli_over_load_evaluate": _spread(ratios),
                "result_rows_per_s": _spread([lines / c for c in clis]),
                "write_csv_rows_per_s": _spread([lines / c for c in csvs]),
            },
        )
        w = out["spread"]
        log(
            f"6. CLI evaluate --format csv, one week: {rows:,} rows ({out['file_mib']:.1f} MiB CSV) in,"
            f" {lines:,} result rows out; {len(clis)} rounds interleaved, median (min-max)"
        )
        for label, key in (
            ("load", "load_s"),
            ("load by the csv module", "csv_module_load_s"),
            ("load + evaluate", "load_evaluate_s"),
            ("write_csv to a file", "write_csv_s"),
            ("CLI end to end", "cli_s"),
            ("CLI start (--version)", "cli_startup_s"),
        ):
            f = w[key]
            log(f"   {label:<24} {f['median']:7.2f} s ({f['min']:.2f}-{f['max']:.2f})")
        r = w["csv_module_over_load"]
        log(f"   csv module path / load    {r['median']:7.2f} x ({r['min']:.2f}-{r['max']:.2f})")
        r = w["cli_over_load_evaluate"]
        log(
            f"   CLI / (load + evaluate)  {r['median']:7.2f} x ({r['min']:.2f}-{r['max']:.2f})"
            "   targets: load + evaluate < 1 s, CLI <= 3 x"
        )
        c, r = out["cpu_s"], out["cli_over_load_evaluate_cpu"]
        log(
            "   CPU time (user + system): "
            + ", ".join(
                f"{k.replace('_', ' ')} {v['median']:.2f} s ({v['min']:.2f}-{v['max']:.2f})"
                for k, v in c.items()
            )
            + f"; CLI / (load + evaluate) {r['median']:.2f} x ({r['min']:.2f}-{r['max']:.2f})"
        )
        f = w["result_rows_per_s"]
        log(
            f"   result rows written     {f['median']:10,.0f} rows/s end to end "
            f"({f['min']:,.0f}-{f['max']:,.0f}); write_csv alone {w['write_csv_rows_per_s']['median']:,.0f} rows/s"
            f", {c['write_csv']['median'] / lines * 1e9:.0f} ns of CPU per result row"
        )
        log(
            f"   start: courtinfo --version {c['start']['median'] * 1e3:.0f} ms of CPU, of which the"
            f" interpreter {c['python']['median'] * 1e3:.0f} ms and importing numpy"
            f" {(c['numpy']['median'] - c['python']['median']) * 1e3:.0f} ms"
        )
        if before is not None:
            b = out["before"]
            r, q = b["after_over_before_cpu"], b["after_over_before_wall"]
            log(
                f"   this CLI / the CLI of {before}: CPU time {b['after_cpu_s']['median']:.2f} s against"
                f" {b['cpu_s']['median']:.2f} s = {r['median']:.2f} x ({r['min']:.2f}-{r['max']:.2f});"
                f" wall {q['median']:.2f} x ({q['min']:.2f}-{q['max']:.2f}); output the same:"
                f" {b['same_output']}"
            )
        if year is not None:
            out["year"] = _year_run(s, year, Path(tmp), rounds, log)
    return out


def _year_run(
    s: Scheme, data: Synthetic, tmp: Path, rounds: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """The whole data set as Parquet: load + evaluate in one process, and the CLI rolling it
    up to the year; interleaved."""
    from courtinfo import Dataset, load_dataset, save_dataset

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        log("   52 weeks: skipped (pip install 'courtinfo[arrow]' for Parquet)")
        return {"skipped": "pyarrow is not installed"}
    path, out_path = tmp / "year.parquet", tmp / "year-out.csv"
    save_dataset(Dataset.from_batch(data.batch), path)
    rows = len(data.batch)
    cmd = ["evaluate", "--scheme", s.code, "--rollup", "year", "--format", "csv"]
    cmd += [str(path), "-o", str(out_path)]
    loads, load_evals, clis = [], [], []
    for _ in range(max(1, min(rounds, 3))):
        t = time.perf_counter()
        ds = load_dataset(path)
        loads.append(time.perf_counter() - t)
        evaluate(s, ds)
        load_evals.append(time.perf_counter() - t)
        del ds
        clis.append(_cli(cmd))
    lines = out_path.read_bytes().count(b"\n") - 1
    res = {
        "rows": rows,
        "file_mib": path.stat().st_size / 2**20,
        "load_s": _spread(loads),
        "load_evaluate_s": _spread(load_evals),
        "cli_rollup_year_s": _spread(clis),
        "cli_result_rows": lines,
    }
    f, g, c = res["load_s"], res["load_evaluate_s"], res["cli_rollup_year_s"]
    log(
        f"   {len(data.batch.periods)} weeks, {rows:,} rows as Parquet ({res['file_mib']:.0f} MiB):"
        f" load {f['median']:.2f} s ({f['min']:.2f}-{f['max']:.2f}), load + evaluate"
        f" {g['median']:.2f} s ({g['min']:.2f}-{g['max']:.2f}) = {rows / g['median']:,.0f} rows/s;"
        f" CLI --rollup year --format csv {c['median']:.2f} s ({c['min']:.2f}-{c['max']:.2f}),"
        f" {lines:,} result rows"
    )
    return res


def attrs_take_week(data: Synthetic) -> Synthetic:
    first = np.flatnonzero(data.batch.period_index == 0)
    return data._replace(batch=data.batch.take(first))


# -- scaling -------------------------------------------------------------------------------------


#: Bytes of address space a scaling child may use (RLIMIT_AS): a size that does not fit
#: fails with MemoryError in its own process instead of pressing on a shared machine.
MEMORY_LIMIT = 8 << 30


def _rss() -> tuple[int, int]:
    """The process's resident memory now and its high-water mark (VmRSS, VmHWM), in bytes."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024


def _reset_high_water() -> bool:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5), so that it measures
    what follows, not the data generation before it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def scaling_child(rows: int, seed: int, limit: int) -> dict[str, Any]:
    """In a fresh process: evaluate + every met on `rows` national rows through one kept
    `Evaluator` (as a service or a national run keeps it); wall and CPU time, the peak of
    resident memory while evaluating, and the peak of numpy's allocations (tracemalloc)."""
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    s = scheme("shanghai-2022")
    weeks = max(1, math.ceil(rows / 70_080))
    t = time.perf_counter()
    if weeks <= 52:
        data = national(s, seed=seed, weeks=weeks)
    else:  # more than a year of national weeks: the weeks of the years that follow
        year = int(s.code.rpartition("-")[2])
        periods = [Period.parse(f"{year + k // 52}-W{k % 52 + 1:02d}") for k in range(weeks)]
        data = national(s, seed=seed, periods=periods)
    batch = data.batch if len(data.batch) == rows else data.batch.take(np.arange(rows))
    generate_s = time.perf_counter() - t
    tree, departments = data.tree, data.departments
    del data  # the generated batch, when only its first rows are used
    evaluator = Evaluator(s, courts=tree, departments=departments)
    codes = [ind.code for ind in s.indicators]

    def run() -> None:
        results = evaluator(batch)
        for code in codes:
            results.met(code)

    inputs = input_bytes(batch)
    rss_before, _ = _rss()
    reset = _reset_high_water()
    walls, cpus = [], []
    for _ in range(4):  # the first pays for the evaluator's tables and fresh pages
        cpu, t = time.process_time(), time.perf_counter()
        run()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - cpu)
    _, hwm = _rss()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    wall, cpu = statistics.median(walls[1:]), statistics.median(cpus[1:])
    return {
        "rows": rows,
        "generate_s": generate_s,
        "runs_s": walls,
        "cpu_runs_s": cpus,
        "median_s": wall,
        "cpu_median_s": cpu,
        "rows_per_s": rows / wall,
        "rows_per_cpu_s": rows / cpu,
        "input_mib": inputs / 2**20,
        "rss_before_mib": rss_before / 2**20,
        "rss_peak_mib": hwm / 2**20 if reset else None,
        # What evaluating added to the resident memory, over the inputs it read.
        "rss_peak_over_input": (hwm - rss_before) / inputs if reset else None,
        "alloc_peak_mib": peak / 2**20,
        "alloc_peak_over_input": peak / inputs,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def library_batch_of(s: Scheme, data: Synthetic, batch: SnapshotBatch) -> Any:
    results = evaluate(s, batch, courts=data.tree, departments=data.departments)
    return {ind.code: results.met(ind.code) for ind in s.indicators}


def scaling(
    sizes: list[int], seed: int, log: Callable[[str], None], limit: int = MEMORY_LIMIT
) -> dict[str, Any]:
    """Each size in its own process, one after another (two at once would share the cores
    and the memory); rows/s of the largest over rows/s at 1 M rows (or the smallest)."""
    import subprocess

    rows_out = []
    for rows in sizes:
        cmd = [sys.executable, __file__, "--scaling-child", str(rows), "--seed", str(seed)]
        cmd += ["--memory-limit", str(limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            rows_out.append({"rows": rows, "failed": last})
            log(f"   {rows:>10,} rows  failed within {limit / 2**30:.0f} GiB of address space: {last}")
            continue
        row = json.loads(proc.stdout)
        rows_out.append(row)
        rss = row["rss_peak_over_input"]
        log(
            f"   {rows:>10,} rows  {row['median_s']:7.3f} s {row['rows_per_s']:12,.0f} rows/s"
            f"  (CPU {row['cpu_median_s']:.3f} s, {row['rows_per_cpu_s']:12,.0f} rows/CPU-s)"
            f"  resident peak +{(rss or 0) * row['input_mib']:6.0f} MiB = {rss or 0:.2f} x the"
            f" inputs ({row['input_mib']:.0f} MiB); allocations {row['alloc_peak_over_input']:.2f} x"
        )
    done = [r for r in rows_out if "failed" not in r]
    out: dict[str, Any] = {"sizes": rows_out, "memory_limit_gib": limit / 2**30}
    if len(done) >= 2:
        base = next((r for r in done if r["rows"] == 1_000_000), done[0])
        top = done[-1]
        out["base_rows"], out["top_rows"] = base["rows"], top["rows"]
        out["rows_per_s_base_over_top"] = base["rows_per_s"] / top["rows_per_s"]
        out["rows_per_cpu_s_base_over_top"] = base["rows_per_cpu_s"] / top["rows_per_cpu_s"]
        log(
            f"   rows/s at {base['rows']:,} over rows/s at {top['rows']:,}: "
            f"{out['rows_per_s_base_over_top']:.2f} x wall, "
            f"{out['rows_per_cpu_s_base_over_top']:.2f} x CPU   target: <= 1.3 x"
        )
    return out


# -- one snapshot: a kept Evaluator against plain Python -----------------------------------------


def single_floor(
    s: Scheme, data: Synthetic, sample: int, seed: int, rounds: int
) -> dict[str, Any]:
    """One snapshot's values and every met flag: a kept `Evaluator` against plain Python
    (the floor of a request), interleaved A B A B over the same sampled snapshots; per
    round, the library's µs per snapshot over plain Python's."""
    batch = data.batch
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(batch), size=min(sample, len(batch)), replace=False)
    kinds: dict[str, Any] = {}
    for d in data.departments:
        kinds.setdefault(d.code, d.kind)
    snaps = [batch.row(int(i)) for i in rows.tolist()]
    cases = []
    for snap in snaps:
        values = {k: float(v) for k, v in {**snap.values, **snap.platform_values}.items()}
        cases.append((values, kinds.get(snap.department or "", "")))
    evaluator = Evaluator(s, departments=data.departments)
    codes = [ind.code for ind in s.indicators]

    def library() -> None:
        for snap in snaps:
            results = evaluator(snap)
            for code in codes:
                results.values[code]
                results.met(code)

    def plain() -> None:
        for values, kind in cases:
            with contextlib.suppress(ValueError):
                contenders.python_one(values, kind, RATIOS, BLEND, PEER, TARGETS)

    library()  # warm: the evaluator has seen these departments, as a running service has
    plain()
    lib_us, py_us, lib_cpu_us, py_cpu_us = [], [], [], []
    load = os.getloadavg()[0]
    for _ in range(rounds):
        for fn, wall, cpu in ((library, lib_us, lib_cpu_us), (plain, py_us, py_cpu_us)):
            c, t = time.process_time(), time.perf_counter()
            fn()
            wall.append((time.perf_counter() - t) / len(snaps) * 1e6)
            cpu.append((time.process_time() - c) / len(snaps) * 1e6)
    per_round = [a / b for a, b in zip(lib_us, py_us, strict=True)]
    # CPU time too: on a busy machine a process waits for a core, and the wall-clock ratio
    # says as much about the wait as about the work.
    per_round_cpu = [a / b for a, b in zip(lib_cpu_us, py_cpu_us, strict=True)]
    return {
        "sample_rows": len(snaps),
        "rounds": rounds,
        "load_average": [load, os.getloadavg()[0]],
        "library_values_and_met_us": statistics.median(lib_us),
        "library_values_and_met_us_min": min(lib_us),
        "library_values_and_met_us_max": max(lib_us),
        # CPU time: what a request costs when the machine is shared (wall time then waits
        # for a core as well).
        "library_values_and_met_cpu_us": statistics.median(lib_cpu_us),
        "library_values_and_met_cpu_us_min": min(lib_cpu_us),
        "library_values_and_met_cpu_us_max": max(lib_cpu_us),
        "plain_python_us": statistics.median(py_us),
        "plain_python_cpu_us": statistics.median(py_cpu_us),
        "library_over_python_median": statistics.median(per_round),
        "library_over_python_min": min(per_round),
        "library_over_python_max": max(per_round),
        "library_over_python_cpu_median": statistics.median(per_round_cpu),
        "library_over_python_cpu_min": min(per_round_cpu),
        "library_over_python_cpu_max": max(per_round_cpu),
    }


# -- the run ---------------------------------------------------------------------------------


def profile_batch(s: Scheme, data: Synthetic, top: int) -> str:
    prof = cProfile.Profile()
    prof.enable()
    library_batch(s, data)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def breakdown(s: Scheme, data: Synthetic) -> dict[str, float]:
    """CPU seconds of the batch path's phases, each run on its own (private methods)."""
    from courtinfo.evaluation import _rows as rows

    batch, tree, depts = data.batch, data.tree, data.departments

    def cpu(fn: Callable[[], Any]) -> float:
        fn()
        c = time.process_time()
        fn()
        return time.process_time() - c

    ev = Evaluator(s, courts=tree, departments=depts)
    listed = {(d.court, d.code): rows.department_fact(d) for d in depts}
    results = ev(batch)
    phases = {
        "check_inputs": cpu(lambda: ev._check_inputs(batch, False)),
        "peer_groups": cpu(lambda: rows.peer_groups(batch, tree)),
        "court_levels": cpu(lambda: rows.court_levels(batch, tree)),
        "target_index": cpu(lambda: ev._targets(batch, listed)),
        "evaluate_total": cpu(lambda: evaluate(s, batch, courts=tree, departments=depts)),
        "met_all": cpu(lambda: [results.met(i.code) for i in s.indicators]),
    }
    phases["formulas"] = phases["evaluate_total"] - sum(
        phases[k] for k in ("check_inputs", "peer_groups", "court_levels", "target_index")
    )
    return phases


def run(
    scale: str,
    repeat: int,
    sample: int,
    seed: int,
    profile: bool,
    log: Callable[[str], None],
    rounds: int = 5,
    threads: int = 2,
    sizes: list[int] | None = None,
    memory_limit: int = MEMORY_LIMIT,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scale": scale,
        "repeat": repeat,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
    }
    shanghai = scheme("shanghai-2022")
    check_hand_formulas(shanghai)

    t = time.perf_counter()
    data = make(shanghai, scale, seed)
    out["generate_s"] = time.perf_counter() - t
    batch = data.batch
    n = len(batch)
    out["rows"] = n
    out["courts"] = len(data.tree)
    out["departments"] = len(data.departments)
    out["periods"] = len(batch.periods)
    out["inputs"] = len(batch.columns) + len(batch.platform)
    out["input_mib"] = input_bytes(batch) / 2**20
    log(
        f"data: {n:,} department-weeks ({out['courts']:,} courts x {len(batch.departments)} "
        f"departments x {out['periods']} weeks), {out['inputs']} inputs, "
        f"{out['input_mib']:.0f} MiB of arrays; generated in {out['generate_s']:.2f} s "
        f"({n / out['generate_s']:,.0f} rows/s)"
    )
    log(f"medians of {repeat} runs after a first (cold) one")
    # Requests are timed first, in a process that has not yet churned gigabytes of arrays:
    # a service answering requests does not run national batches in between.
    single = single_path(shanghai, data, sample, seed, repeat)

    # 1. library batch
    lib_t, lib = timed(lambda: library_batch(shanghai, data), repeat)
    out["batch"] = lib_t.figures(n)
    log(f"1. library batch, evaluate + met   {lib_t.show(n)}")

    # 2. hand-written numpy
    parents, kinds = hand_inputs(data)
    hand_t, hand = timed(lambda: hand_written(batch, parents, kinds), repeat)
    out["numpy"] = hand_t.figures(n)
    ratio = lib_t.median_s / hand_t.median_s
    user_ratio = lib_t.user_median_s / hand_t.user_median_s
    out["ratio_batch_to_numpy"] = ratio
    out["ratio_batch_to_numpy_user"] = user_ratio
    log(f"2. hand-written numpy              {hand_t.show(n)}")
    log(
        f"   library batch / numpy            {ratio:7.2f} x (user time {user_ratio:.2f} x)   target: <= 2 x"
    )
    problems = compare(shanghai, lib, hand)
    out["equal_to_numpy"] = not problems
    log(
        "   library results == numpy results:   "
        + ("yes (values, statuses, met; NaN in the same places)" if not problems else "NO")
    )
    for p in problems[:20]:
        log(f"     {p}")
    del lib, hand

    phases = breakdown(shanghai, data)
    out["batch"]["phases_cpu_s"] = phases
    log(
        "   batch phases (CPU s): "
        + ", ".join(f"{k} {v:.3f}" for k, v in phases.items() if k != "evaluate_total")
    )

    # memory of the batch evaluation
    tracemalloc.start()
    library_batch(shanghai, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out["batch"]["tracemalloc_peak_mib"] = peak / 2**20
    out["batch"]["peak_over_input"] = peak / input_bytes(batch)
    log(
        f"   peak memory allocated (tracemalloc) {peak / 2**20:7.0f} MiB = "
        f"{peak / input_bytes(batch):.2f} x the input arrays"
    )

    # 3. single snapshots (timed above)
    out["single"] = single
    out["ratio_single_to_batch"] = single["per_row_us"] / (lib_t.median_s / n * 1e6)
    log(
        f"3. single snapshot ({single['sample_rows']:,} rows)         "
        f"{single['per_row_us']:7.0f} us/row = row(i) {single['row_to_snapshot_us']:.0f} + "
        f"evaluate {single['evaluate_us']:.0f}   target: evaluate < 100 us"
    )
    log(
        f"   Evaluator without departments {single['evaluate_without_departments_us']:.0f} us; "
        f"evaluate() building its Evaluator per call {single['evaluate_function_us']:.0f} us"
    )
    log(
        f"   extrapolated to {n:,} rows    {single['extrapolated_s']:7.0f} s "
        f"= {out['ratio_single_to_batch']:,.0f} x the batch path per row"
    )

    floor_one = single_floor(shanghai, data, sample, seed, rounds)
    out["single"].update(floor_one)
    log(
        f"   values and every met, kept Evaluator: {floor_one['library_values_and_met_us']:.0f} us"
        f" ({floor_one['library_values_and_met_us_min']:.0f}-"
        f"{floor_one['library_values_and_met_us_max']:.0f}); plain Python "
        f"{floor_one['plain_python_us']:.1f} us; library / plain Python "
        f"{floor_one['library_over_python_median']:.1f} x ({floor_one['library_over_python_min']:.1f}-"
        f"{floor_one['library_over_python_max']:.1f}); target: < 50 us"
    )
    log(
        f"   CPU time: {floor_one['library_values_and_met_cpu_us']:.0f} us"
        f" ({floor_one['library_values_and_met_cpu_us_min']:.0f}-"
        f"{floor_one['library_values_and_met_cpu_us_max']:.0f}); plain Python "
        f"{floor_one['plain_python_cpu_us']:.1f} us; load average "
        f"{floor_one['load_average'][0]:.1f} to {floor_one['load_average'][1]:.1f}"
    )

    # 4. roll-ups
    roll_t, rolled = timed(lambda: rollups(data), repeat)
    c = time.process_time()
    courts_only = rollup_departments(batch)
    t_dep = time.process_time() - c
    hand_roll_t, hand_rolled = timed(lambda: hand_rollup(data), repeat)
    tree_rows = rolled[1]
    same = _same_rollup(tree_rows, hand_rolled, data.tree)
    out["rollup"] = {
        **roll_t.figures(n),
        "departments_to_courts_cpu_s": t_dep,
        "court_rows": len(courts_only),
        "tree_rows": len(tree_rows),
        "numpy": hand_roll_t.figures(n),
        "equal_to_numpy": same,
    }
    log(f"4. roll-up depts->courts->tree     {roll_t.show(n)}  target: < 1 s")
    log(
        f"   departments -> courts alone {t_dep:.3f} s CPU; {len(courts_only):,} court-weeks, "
        f"{len(tree_rows):,} subtree rows"
    )
    log(f"   hand-written bincount roll-up  {hand_roll_t.show(n)}")
    log(f"   library roll-up == hand-written roll-up: {'yes' if same else 'NO'}")
    del rolled, courts_only, hand_rolled

    # 5. spc-2019, every court, one year
    spc = scheme("spc-2019")
    t = time.perf_counter()
    spc_data = national(spc, seed=seed) if scale == "national" else make(spc, scale, seed)
    t_gen = time.perf_counter() - t

    def spc_run() -> Any:
        r = evaluate(spc, spc_data.batch, courts=spc_data.tree)
        return r.total_points()

    spc_t, _ = timed(spc_run, repeat)
    n_s = len(spc_data.batch)
    out["spc"] = {
        "rows": n_s,
        "indicators": len(spc.indicators),
        "inputs": len(spc_data.batch.columns) + len(spc_data.batch.platform),
        "generate_s": t_gen,
        **spc_t.figures(n_s),
    }
    log(
        f"5. spc-2019 ({n_s:,} courts x 1 year, {len(spc.indicators)} indicators + points)"
        f"\n                                   {spc_t.show(n_s)}"
    )

    # 6. library, floor, polars and DuckDB interleaved
    log(f"7. interleaved, {rounds} rounds (A B C D ...): median of per-round ratios (min, max)")
    out["engines"] = engines(shanghai, data, rounds, threads, log)

    # 7. the CLI end to end on one week
    out["cli"] = cli_week(shanghai, seed, scale, rounds, log, year=data)

    # 8. scaling
    if sizes:
        log("8. scaling: evaluate + every met through a kept Evaluator, each size in a fresh process")
        out["scaling"] = scaling(sizes, seed, log, memory_limit)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["maxrss_mib"] = usage.ru_maxrss / 1024
    log(f"max RSS of the process: {out['maxrss_mib']:.0f} MiB")
    if profile:
        out["profile"] = profile_batch(shanghai, data, 30)
        log(out["profile"])
    return out


def _same_rollup(rows: SnapshotBatch, hand: dict[str, F64], tree: CourtTree) -> bool:
    n_p = len(rows.periods)
    position = tree.index(list(rows.courts))[rows.court_index]
    key = position * n_p + rows.period_index
    for name, col in {**rows.columns, **rows.platform}.items():
        expected = hand[name][key]
        if not np.allclose(col, expected, rtol=1e-12, atol=0, equal_nan=True):
            return False
    return True


def retain_memory() -> bool:
    """Ask glibc's malloc to keep freed memory rather than give it back to the kernel.

    Without this, the 29 MiB temporaries of a 3.6-million-row evaluation go back to the
    kernel and come back as fresh pages, and the system time of page faults (large and
    erratic on a VM) swamps the computation. The first (cold) run of each figure shows
    the cost with fresh pages. The same as MALLOC_TRIM_THRESHOLD_ / MALLOC_MMAP_THRESHOLD_.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    trim = libc.mallopt(m_trim_threshold, (1 << 31) - 1)
    mmap = libc.mallopt(m_mmap_threshold, 32 << 20)  # glibc's largest on 64-bit
    return bool(trim and mmap)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--sample", type=int, default=2000, help="rows for the single path")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--profile", action="store_true", help="profile the batch path")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of interleaved timing")
    parser.add_argument("--threads", type=int, default=2, help="threads of the threaded runs")
    parser.add_argument(
        "--scaling",
        default="100000,1000000,3644160,7008000",
        help="rows of the scaling table, comma-separated ('' for none)",
    )
    parser.add_argument("--scaling-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--only",
        choices=("cli", "single"),
        help="run one section: cli, the CLI end to end on one week (6.; without the 52 weeks); "
        "single, one snapshot through a kept Evaluator against plain Python (3.)",
    )
    parser.add_argument(
        "--cli-before",
        type=Path,
        default=None,
        metavar="DIR",
        help="with --only cli: also run the CLI of this checkout of an earlier version "
        "(git worktree add DIR COMMIT) in the same rounds, after / before",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT,
        help="bytes of address space each scaling process may use (0: no limit)",
    )
    parser.add_argument(
        "--no-retain", action="store_true", help="leave glibc malloc's trimming as it is"
    )
    args = parser.parse_args(argv)
    if args.scaling_child is not None:
        print(json.dumps(scaling_child(args.scaling_child, args.seed, args.memory_limit)))
        return 0
    retained = False if args.no_retain else retain_memory()

    def log(line: str) -> None:
        if not args.json:
            print(line, flush=True)

    t = time.perf_counter()
    log(
        "malloc keeps freed memory (mallopt): repeated runs measure computation, not page faults"
        if retained
        else "malloc as configured: repeated runs include page faults of fresh memory"
    )
    sizes = [int(x) for x in args.scaling.split(",") if x.strip()]
    if args.only == "single":
        shanghai = scheme("shanghai-2022")
        data = make(shanghai, args.scale, args.seed)
        single = single_floor(shanghai, data, args.sample, args.seed, args.rounds)
        out = {
            "scale": args.scale,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "single": single,
            "total_s": time.perf_counter() - t,
        }
        log(
            f"one snapshot, values and every met, kept Evaluator: "
            f"{single['library_values_and_met_cpu_us']:.0f} us of CPU "
            f"({single['library_values_and_met_cpu_us_min']:.0f}-"
            f"{single['library_values_and_met_cpu_us_max']:.0f}), plain Python "
            f"{single['plain_python_cpu_us']:.1f} us; library / plain Python "
            f"{single['library_over_python_cpu_median']:.1f} x of CPU time "
            f"({single['library_over_python_cpu_min']:.1f}-"
            f"{single['library_over_python_cpu_max']:.1f}), "
            f"{single['library_over_python_median']:.1f} x of wall time; target: < 50 us; load "
            f"{single['load_average'][0]:.1f}-{single['load_average'][1]:.1f}"
        )
        print(json.dumps(out, indent=2, default=_jsonable) if args.json else f"total {out['total_s']:.1f} s")
        return 0
    if args.only == "cli":
        out = {
            "scale": args.scale,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "cli": cli_week(
                scheme("shanghai-2022"),
                args.seed,
                args.scale,
                args.rounds,
                log,
                before=args.cli_before,
            ),
            "total_s": time.perf_counter() - t,
        }
        print(json.dumps(out, indent=2, default=_jsonable) if args.json else f"total {out['total_s']:.1f} s")
        return 0
    out = run(
        args.scale,
        args.repeat,
        args.sample,
        args.seed,
        args.profile,
        log,
        rounds=args.rounds,
        threads=args.threads,
        sizes=sizes,
        memory_limit=args.memory_limit,
    )
    out["malloc_retains_memory"] = retained
    out["total_s"] = time.perf_counter() - t
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=_jsonable))
    else:
        print(f"total {out['total_s']:.1f} s")
    checks = out["engines"]["checks"]
    good = all(v for k, v in checks.items() if not k.endswith("_version"))
    return 0 if out["equal_to_numpy"] and out["rollup"]["equal_to_numpy"] and good else 1


def _jsonable(x: object) -> object:
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return str(x)


if __name__ == "__main__":
    sys.exit(main())
