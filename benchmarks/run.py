"""Benchmarks of the evaluation engine on a synthetic national data set.

    python benchmarks/run.py                 # national: 3,504 courts x 20 departments x 52 weeks
    python benchmarks/run.py --scale small   # a quick run
    python benchmarks/run.py --json          # one JSON object with every figure
    python benchmarks/run.py --profile       # also profile the library's batch path

What is measured (medians of --repeat runs, time.perf_counter):

1. library batch: ``evaluate(shanghai-2022, batch, courts=tree, departments=depts)`` and
   ``met()`` of every indicator, over every department-week;
2. hand-written numpy: the same arithmetic as straight numpy expressions (ratios, the blend,
   the peer-relative 移动执行使用率 with groups from the tree, statuses, target comparison): the
   floor for Python on this data. The results are checked to be equal to the library's;
3. library single-snapshot path on a sample of rows (one `Evaluator` built once and kept, as
   a service keeps it), extrapolated to the whole set;
4. roll-up of the departments to their courts and of the courts up the tree;
5. the spc-2019 scheme (yearly, per court) for every court.
"""

from __future__ import annotations

import argparse
import cProfile
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
    SnapshotBatch,
    evaluate,
    rollup_departments,
    rollup_tree,
)
from courtinfo.formulas import PeerRelative, Ratio, WeightedBlend
from courtinfo.indicators import Scheme, load_scheme
from courtinfo.org import CourtTree, Department, DepartmentKind
from courtinfo.synthetic import Synthetic, generate, national, province

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
        ("mobile_logins", "enforcement_officers", 0.5),
        ("mobile_online_hours", "enforcement_officers", 0.5),
    ),
)

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
    assert [(c.numerator, c.denominator, c.weight) for c in p.components] == list(PEER[1])
    coded = set(RATIOS) | {BLEND[0], PEER[0]}
    assert coded == {i.code for i in s.indicators}, "indicators not written by hand"


def hand_written(
    batch: SnapshotBatch,
    parent_of_court: npt.NDArray[np.int64],
    kind_of_label: list[DepartmentKind | str],
) -> tuple[dict[str, F64], dict[str, U8], dict[str, F64]]:
    """shanghai-2022 as plain numpy: values, statuses and target comparisons."""

    def col(name: str) -> F64:
        own, plat = batch.columns.get(name), batch.platform.get(name)
        if plat is None:
            return own if own is not None else np.full(len(batch), np.nan)
        return plat if own is None else np.where(np.isnan(plat), own, plat)

    values: dict[str, F64] = {}
    statuses: dict[str, U8] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for code, (num_t, den_t, capped) in RATIOS.items():
            num = col(num_t[0]) if len(num_t) == 1 else col(num_t[0]) + col(num_t[1])
            den = col(den_t[0]) if len(den_t) == 1 else col(den_t[0]) + col(den_t[1])
            zero = den == 0
            v = num / den
            v[zero] = np.nan
            if capped:
                np.minimum(v, 1.0, out=v)
            st = (np.isnan(num) | np.isnan(den)).view(np.uint8)
            st = np.where(zero, ZERO, st)
            values[code], statuses[code] = v, st

        code, (w1, r1), (w2, r2) = BLEND
        values[code] = w1 * values[r1] + w2 * values[r2]
        statuses[code] = np.maximum(statuses[r1], statuses[r2])

        # Peer groups: courts under one parent, one period, one department label.
        n_p, n_d = len(batch.periods), len(batch.departments)
        parent = parent_of_court[batch.court_index]
        has_group = parent >= 0
        key = (np.maximum(parent, 0) * n_p + batch.period_index) * n_d + batch.department_index
        size = (int(parent_of_court.max()) + 1) * n_p * n_d
        code, comps = PEER
        total: F64 | None = None
        status: U8 | None = None
        for num_name, den_name, w in comps:
            num, den = col(num_name), col(den_name)
            ok = has_group & ~np.isnan(num) & ~np.isnan(den)
            # Summed in the library's canonical order (ascending values within a group) so
            # that the bits agree; counts add exactly in any order, measures do not.
            num_sum = np.bincount(key[ok], weights=num[ok], minlength=size)
            den_sum = np.bincount(key[ok], weights=den[ok], minlength=size)
            for sums, column in ((num_sum, num), (den_sum, den)):
                picked = column[ok]
                if (picked != np.floor(picked)).any():
                    order = np.lexsort((picked, key[ok]))
                    sums[:] = np.bincount(key[ok][order], weights=picked[order], minlength=size)
            pooled = num_sum / den_sum
            pooled[den_sum == 0] = np.nan
            peer = np.where(has_group, pooled[key], np.nan)
            own = num / den
            own[den == 0] = np.nan
            part = own / peer
            part[peer == 0] = np.nan
            total = w * part if total is None else total + w * part
            st = np.where(
                (den == 0) | (peer == 0),
                ZERO,
                (np.isnan(num) | np.isnan(den) | np.isnan(peer)).view(np.uint8),
            )
            status = st if status is None else np.maximum(status, st)
        assert total is not None and status is not None
        values[code] = np.minimum(total, 1.0)
        statuses[code] = status.astype(np.uint8)

        # Targets: one threshold per department label, compared as Results.met does.
        met: dict[str, F64] = {}
        for code, targets in TARGETS.items():
            thr = np.full(n_d, np.nan)
            equal = np.zeros(n_d, dtype=bool)
            for kinds, value, comparator in reversed(targets):  # earlier targets win
                for d, kind in enumerate(kind_of_label):
                    if kind in kinds:
                        thr[d], equal[d] = value, comparator == EQUAL
            row_thr = thr[batch.department_index]
            v = values[code]
            if equal.any():
                hit = np.where(
                    equal[batch.department_index],
                    np.abs(v - row_thr) <= 1e-12,
                    v >= row_thr - 1e-12,
                )
            else:
                hit = v >= row_thr - 1e-12
            m = hit.astype(np.float64)
            m[np.isnan(v) | np.isnan(row_thr)] = np.nan
            met[code] = m
    return values, statuses, met


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
            ("met", lib_met[code], met.get(code, np.full(len(results), np.nan))),
        ):
            try:
                np.testing.assert_array_equal(a, b, strict=False)
            except AssertionError as exc:
                problems.append(f"{code} {what}: {str(exc).splitlines()[3:6]}")
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
    scale: str, repeat: int, sample: int, seed: int, profile: bool, log: Callable[[str], None]
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
    parser.add_argument(
        "--no-retain", action="store_true", help="leave glibc malloc's trimming as it is"
    )
    args = parser.parse_args(argv)
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
    out = run(args.scale, args.repeat, args.sample, args.seed, args.profile, log)
    out["malloc_retains_memory"] = retained
    out["total_s"] = time.perf_counter() - t
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False, default=_jsonable))
    else:
        print(f"total {out['total_s']:.1f} s")
    return 0 if out["equal_to_numpy"] and out["rollup"]["equal_to_numpy"] else 1


def _jsonable(x: object) -> object:
    if isinstance(x, (np.floating, np.integer)):
        return x.item()
    if isinstance(x, float) and math.isnan(x):
        return None
    return str(x)


if __name__ == "__main__":
    sys.exit(main())
