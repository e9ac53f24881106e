"""Data integrity: evaluation never changes its inputs, results are deterministic, and the
numbers obey their rules for any valid data of every shipped scheme.

* Inputs: every array of a batch (value columns, platform columns, label indexes) is made
  read-only, so that a write through any view raises, and compared with a copy afterwards;
  this for `evaluate`, both roll-ups and every report. Snapshots and datasets passed to
  `evaluate` compare equal, field by field, before and after; results never share memory
  with the input columns.
* Determinism: the same input gives byte-identical JSON, in one process and across processes
  with different string hash seeds (which would reorder any iteration over a set of names).
* Properties (hypothesis), on synthetic data of every shipped scheme perturbed per row (counts
  and measures scaled up to 2**53, yes/no answers flipped, options re-ticked, cells blanked):
  a value exists exactly where the status is OK, and is finite and not negative; points lie in
  [0, max] and the total within the scheme's maximum; a rate whose rule forbids exceeding its
  denominator (``over = "error"`` or ``"cap"``, a checklist, a capped peer ratio) lies in
  [0, 1]; each row evaluated alone equals the same row of the batch (indicators relative to
  peers aside); a department roll-up equals evaluating the summed snapshot.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

import courtinfo
from courtinfo import (
    InputError,
    MetricSnapshot,
    SnapshotBatch,
    Value,
    ValueKind,
    evaluate,
    load_dataset,
    rollup_departments,
    rollup_tree,
    save_dataset,
)
from courtinfo.convert._converter import unstructure
from courtinfo.data._dataset import Dataset
from courtinfo.data._values import MAX_COUNT
from courtinfo.evaluation import court_figures, peer_figures
from courtinfo.formulas import (
    Checklist,
    Formula,
    PeerRelative,
    Ratio,
    Status,
    Threshold,
    WeightedBlend,
)
from courtinfo.formulas.applicable import Applicable
from courtinfo.formulas.capability import CapabilityUsage
from courtinfo.indicators import Indicator, Scheme, get_scheme
from courtinfo.report import (
    bulletin,
    changes,
    rank_courts,
    score_reports,
    to_dataframe,
    to_json,
    trend,
)
from courtinfo.synthetic import Synthetic, generate
from courtinfo.testing import ExpectedResults, assert_results_equal, assert_snapshots_equal

ROOT = Path(__file__).parent.parent
DATA = ROOT / "courtinfo" / "indicators" / "data"
SHIPPED = sorted(p.stem for p in DATA.glob("*.toml"))
EXAMPLE = ROOT / "examples" / "data" / "changqing-2019.json"
PROPERTY = settings(
    max_examples=int(os.environ.get("COURTINFO_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def world(code: str, missing: float = 0.05) -> tuple[Scheme, Synthetic]:
    """A small synthetic tree for scheme `code`: 7 courts; departments for sub-yearly schemes."""
    scheme = get_scheme(code)
    options: dict[str, Any] = {
        "provinces": 1,
        "cities_per_province": 2,
        "basic_per_city": 2,
        "weeks": 2,
        "missing": missing,
        "zero_denominators": 0.05 if missing else 0.0,
        "seed": 11,
    }
    if scheme.period_kind in ("week", "month", "quarter"):
        options["departments"] = 3
    return scheme, generate(scheme, **options)


def arrays(batch: SnapshotBatch) -> Iterator[tuple[str, np.ndarray]]:
    yield "court_index", batch.court_index
    yield "department_index", batch.department_index
    yield "period_index", batch.period_index
    for name, col in batch.columns.items():
        yield f"columns.{name}", col
    for name, col in batch.platform.items():
        yield f"platform.{name}", col


def read_only_copy(batch: SnapshotBatch) -> tuple[SnapshotBatch, dict[str, np.ndarray]]:
    """`batch` with fresh read-only arrays, and a writable copy of each to compare with."""
    frozen = attrs.evolve(
        batch,
        court_index=batch.court_index.copy(),
        department_index=batch.department_index.copy(),
        period_index=batch.period_index.copy(),
        columns={k: v.copy() for k, v in batch.columns.items()},
        platform={k: v.copy() for k, v in batch.platform.items()},
    )
    for _, arr in arrays(frozen):
        arr.setflags(write=False)
    return frozen, {name: arr.copy() for name, arr in arrays(frozen)}


def assert_unchanged(batch: SnapshotBatch, before: dict[str, np.ndarray]) -> None:
    now = dict(arrays(batch))
    assert now.keys() == before.keys()
    for name, arr in now.items():
        assert not arr.flags.writeable, name
        assert arr.dtype == before[name].dtype, name
        np.testing.assert_array_equal(arr, before[name], err_msg=name)


# -- inputs are never changed ---------------------------------------------------------------


@pytest.mark.parametrize("missing", [0.0, 0.05])
@pytest.mark.parametrize("code", SHIPPED)
def test_evaluation_rollups_and_reports_never_write_their_input_arrays(
    code: str, missing: float
) -> None:
    scheme, syn = world(code, missing)
    batch, before = read_only_copy(syn.batch)
    inputs = [arr for name, arr in arrays(batch) if name.startswith(("columns.", "platform."))]

    results = evaluate(scheme, batch, courts=syn.tree, departments=syn.departments)
    assert len(results) == len(batch)
    # A result column that shared memory with an input would carry later writes into it.
    for code_, values in results.values.items():
        assert not any(np.shares_memory(values, arr) for arr in inputs), code_

    tree_rows = rollup_tree(batch, syn.tree)
    assert set(tree_rows.courts) == set(syn.tree.codes)
    if not missing:  # see test_rollup.py for roll-ups of rows with gaps
        evaluate(scheme, tree_rows, courts=syn.tree)
    if len(batch.departments) > 1:
        court_rows = rollup_departments(batch)
        assert len(court_rows) == len(syn.tree) * len(batch.periods)
        if not missing:
            evaluate(scheme, court_rows, courts=syn.tree)
    for arr in (*tree_rows.columns.values(), *tree_rows.platform.values()):
        assert not any(np.shares_memory(arr, x) for x in inputs)

    # Every report over the results, none of which may write into them either.
    for values in results.values.values():
        values.setflags(write=False)
    court, period = batch.court_of(0), batch.period_of(0)
    for ind in scheme.numbered[:4]:
        changes(results, ind.code)
        trend(results, ind.code, court=court, department=batch.department_of(0))
    figures = court_figures(results, courts=[court])
    if scheme.period_kind == "week":
        assert bulletin(results, court=court, period=period, court_level=figures).to_json()
    if scheme.scored:
        assert len(score_reports(results)) == len(batch)
    indicator = "total" if scheme.scored else scheme.numbered[0].code
    peers = peer_figures(results, parent=syn.tree.roots()[0].code, period=period)
    rank_courts(peers, indicator)
    assert json.loads(to_json(results))
    assert len(to_dataframe(results)) == len(batch) * len(scheme.indicators)

    assert_unchanged(batch, before)


def test_from_columns_arrays_are_used_read_only() -> None:
    # from_columns holds its own read-only copies: the caller's arrays stay the caller's,
    # and evaluation leaves them as they were.
    scheme = get_scheme("spc-2019")
    hearings = np.array([10.0, 0.0, np.nan, 7.0])
    recorded = np.array([4, 0, 3, 7], dtype=np.int64)
    shared = np.array([1.0, 0.0, 1.0, np.nan])
    for arr in (hearings, recorded, shared):
        arr.setflags(write=False)
    batch = SnapshotBatch.from_columns(
        court=["a", "b", "c", "d"],
        period=["2019"] * 4,
        columns={"q6_1": hearings, "q6_2": recorded},
        platform={"q2_1": shared},
    )
    assert not np.shares_memory(batch.columns["q6_1"], hearings)
    assert not batch.columns["q6_2"].flags.writeable
    results = evaluate(scheme, batch)
    np.testing.assert_array_equal(
        results.values["hearing_recording_rate"], [0.4, np.nan, np.nan, 1.0]
    )
    np.testing.assert_array_equal(hearings, [10.0, 0.0, np.nan, 7.0])
    np.testing.assert_array_equal(recorded, [4, 0, 3, 7])
    np.testing.assert_array_equal(shared, [1.0, 0.0, 1.0, np.nan])


def snapshot_state(snaps: list[MetricSnapshot]) -> str:
    return json.dumps([unstructure(s) for s in snaps], ensure_ascii=False, sort_keys=True)


def test_snapshots_and_datasets_are_unchanged_by_evaluation() -> None:
    scheme = get_scheme("spc-2019")
    dataset = load_dataset(EXAMPLE)
    snaps = list(dataset.snapshots)
    # Court-reported and platform-supplied values side by side, a choice and a yes/no answer.
    extra = MetricSnapshot(
        "zz",
        snaps[0].period,
        None,
        {"q6_1": 10, "q6_2": 4, "q1": ["C", "A"], "q2_1": "是"},
        {"q6_2": 5},
    )
    before = snapshot_state([*snaps, extra])
    dataset_before = courtinfo.dataset_to_json(dataset)
    evaluate(scheme, dataset)
    evaluate(scheme, [*snaps, extra])
    evaluate(scheme, extra)
    assert snapshot_state([*snaps, extra]) == before
    assert courtinfo.dataset_to_json(dataset) == dataset_before
    assert extra.values == {"q6_1": 10, "q6_2": 4, "q1": frozenset("AC"), "q2_1": True}
    assert extra.platform_values == {"q6_2": 5}


def test_a_snapshot_keeps_its_own_copy_of_the_callers_values() -> None:
    values: dict[str, Any] = {"q6_1": 10, "q1": ["A"]}
    snap = MetricSnapshot("c1", courtinfo.Period.parse("2019"), None, values)
    values["q6_1"] = 99
    values["q1"].append("B")
    values["q6_2"] = 1
    assert snap.values == {"q6_1": 10, "q1": frozenset("A")}


# -- determinism ------------------------------------------------------------------------------


def test_the_same_input_gives_byte_identical_json() -> None:
    scheme, syn = world("shanghai-2022")
    one = evaluate(scheme, syn.batch, courts=syn.tree, departments=syn.departments)
    two = evaluate(scheme, syn.batch, courts=syn.tree, departments=syn.departments)
    assert to_json(one).encode() == to_json(two).encode()
    # The same data read back from JSON and from CSV evaluates to the same bytes.
    dataset = Dataset(syn.batch.to_snapshots(), tuple(syn.tree), syn.departments)
    via_json = courtinfo.dataset_from_json(courtinfo.dataset_to_json(dataset))
    via_csv = courtinfo.dataset_from_csv(courtinfo.dataset_to_csv(dataset))
    three = evaluate(scheme, via_json)
    four = evaluate(scheme, via_csv, courts=syn.tree, departments=syn.departments)
    assert to_json(three) == to_json(one)
    assert to_json(four) == to_json(one)


def _cli(argv: list[str], hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "courtinfo", *argv],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def test_json_output_is_byte_identical_across_processes(tmp_path: Path) -> None:
    _, syn = world("shanghai-2022")
    path = tmp_path / "weekly.json"
    save_dataset(Dataset(syn.batch.to_snapshots(), tuple(syn.tree), syn.departments), path)
    week = str(syn.batch.periods[-1])
    court = syn.tree.roots()[0].code
    commands = [
        [
            "bulletin",
            "--scheme",
            "shanghai-2022",
            "--court",
            court,
            "--week",
            week,
            "--format",
            "json",
            str(path),
        ],
        ["evaluate", "--scheme", "spc-2019", "--format", "json", str(EXAMPLE)],
    ]
    for argv in commands:
        a, b = _cli(argv, "1"), _cli(argv, "2")
        assert a == b, argv
        assert json.loads(a)


# -- properties over every shipped scheme ----------------------------------------------------


@st.composite
def perturbed(draw: st.DrawFn, code: str, *, blank: bool = True) -> SnapshotBatch:
    """Rows of the scheme's synthetic batch, each scaled, flipped, re-ticked and blanked."""
    scheme, syn = world(code, 0.05 if blank else 0.0)
    batch = syn.batch
    rows = draw(
        st.lists(st.integers(0, len(batch) - 1), min_size=1, max_size=12, unique=True).map(sorted)
    )
    picked = batch.take(np.array(rows, dtype=np.int64))
    n = len(picked)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    declared = {i.id: i for i in scheme.inputs}
    kinds = {i.id: i.kind for i in scheme.inputs}
    fallbacks = {i.fallback for i in scheme.inputs if i.fallback} | {
        i.id for i in scheme.inputs if i.fallback
    }
    # One scale per row for every count and measure keeps each numerator within its
    # denominator; the bound keeps every count (and every sum of them, for the roll-ups)
    # within 2**53.
    sizes = [
        np.nan_to_num(col, nan=0.0)
        for name, col in [*picked.columns.items(), *picked.platform.items()]
        if kinds.get(name) in (ValueKind.COUNT, ValueKind.MEASURE)
    ]
    biggest = float(np.max(sizes, initial=1.0)) * n
    exponent = draw(st.integers(0, 53))
    scale = np.array(
        [
            max(1, min(2**e, int(MAX_COUNT // max(biggest, 1.0))))
            for e in rng.integers(0, exponent + 1, n)
        ],
        dtype=np.float64,
    )
    flip = draw(st.sampled_from([0.0, 0.2, 0.5]))
    empty = draw(st.sampled_from([0.0, 0.1, 0.4])) if blank else 0.0

    def change(name: str, col: np.ndarray) -> np.ndarray:
        out = col.astype(np.float64, copy=True)
        kind = kinds.get(name)
        if kind in (ValueKind.COUNT, ValueKind.MEASURE):
            out = out * scale
        elif kind is ValueKind.YES_NO:
            hit = rng.random(n) < flip
            out[hit] = np.where(np.isnan(out[hit]), 1.0, 1.0 - out[hit])
        elif kind is ValueKind.CHOICE:
            offered = [ord(c) - ord("A") for c in declared[name].letters]
            hit = rng.random(n) < flip
            for i in np.flatnonzero(hit):
                ticked = [b for b in offered if rng.random() < 0.5]
                out[i] = float(sum(1 << b for b in ticked))
        if name not in fallbacks:
            out[rng.random(n) < empty] = np.nan
        return out

    return attrs.evolve(
        picked,
        columns={k: change(k, v) for k, v in picked.columns.items()},
        platform={k: change(k, v) for k, v in picked.platform.items()},
    ).validated()


def evaluate_or_reject(code: str, batch: SnapshotBatch) -> courtinfo.Results:
    scheme, syn = world(code)
    try:
        return evaluate(scheme, batch, courts=syn.tree, departments=syn.departments)
    except InputError:
        reject()  # a perturbation broke a rule across a fallback; not the property's concern


def upper_bound(formula: Formula) -> float | None:
    """The largest value the rule allows, where it forbids exceeding one."""
    if isinstance(formula, Ratio):
        return None if formula.over == "allow" else 1.0
    if isinstance(formula, Checklist):
        return 1.0
    if isinstance(formula, Threshold):
        return 1.0  # min(1, value / threshold)
    if isinstance(formula, PeerRelative):
        return formula.cap
    if isinstance(formula, CapabilityUsage):
        w = formula.capability_weight
        if formula.usage is None:
            return w
        return None if formula.usage_cap is None else w + (1 - w) * formula.usage_cap
    if isinstance(formula, WeightedBlend):
        return formula.cap
    if isinstance(formula, Applicable):
        return upper_bound(formula.formula)
    return None


def scheme_and_batch(blank: bool = True) -> st.SearchStrategy[tuple[str, SnapshotBatch]]:
    return st.sampled_from(SHIPPED).flatmap(
        lambda code: st.tuples(st.just(code), perturbed(code, blank=blank))
    )


@PROPERTY
@given(scheme_and_batch())
def test_values_points_and_rates_stay_within_their_bounds(case: tuple[str, SnapshotBatch]) -> None:
    code, batch = case
    scheme = get_scheme(code)
    results = evaluate_or_reject(code, batch)
    for ind in scheme.indicators:
        values, statuses = results.values[ind.code], results.statuses[ind.code]
        ok = statuses == Status.OK
        assert np.array_equal(ok, ~np.isnan(values)), ind.code
        assert np.isfinite(values[ok]).all(), ind.code
        assert (values[ok] >= 0).all(), (ind.code, values[ok].min())
        bound = upper_bound(ind.formula)
        if bound is not None:
            assert (values[ok] <= bound + 1e-12).all(), (ind.code, values[ok].max())
        points = results.points(ind.code)
        if points is not None:
            assert ind.max_points is not None
            given_points = points[~np.isnan(points)]
            assert (given_points >= 0).all() and (given_points <= ind.max_points + 1e-9).all()
    if scheme.scored:
        assert scheme.max_points is not None
        total = results.total_points()
        assert (total >= 0).all() and (total <= scheme.max_points + 1e-9).all()


def relative_to_peers(scheme: Scheme) -> set[str]:
    """Indicators whose value depends on the other rows of the batch (their peers)."""
    by_code = {i.code: i for i in scheme.indicators}

    @functools.cache
    def peer(code: str) -> bool:
        ind: Indicator = by_code[code]
        if "PeerRelative(" in repr(ind.formula):
            return True
        refs = {r.lstrip("+-").partition(":")[0] for r in ind.formula.references()}
        return any(peer(r) for r in refs if r in by_code and r != code)

    return {code for code in by_code if peer(code)}


@PROPERTY
@given(scheme_and_batch())
def test_each_row_alone_equals_its_row_in_the_batch(case: tuple[str, SnapshotBatch]) -> None:
    code, batch = case
    scheme = get_scheme(code)
    whole = evaluate_or_reject(code, batch)
    keep = [ind.code for ind in scheme.indicators if ind.code not in relative_to_peers(scheme)]
    assert keep
    alone = ExpectedResults.concat(
        [evaluate_or_reject(code, batch.take(np.array([i]))) for i in range(len(batch))]
    )
    whole_table = ExpectedResults.from_results(whole)
    assert_results_equal(alone.subset(indicators=keep), whole_table.subset(indicators=keep))


def summed(snaps: list[MetricSnapshot], names: dict[str, ValueKind]) -> dict[str, Value]:
    """The values of one court's departments added up in Python: ints exactly, yes/no as any,
    choices as the union; an input no department gave stays out."""
    out: dict[str, Value] = {}
    for name, kind in names.items():
        given_values = [s.values[name] for s in snaps if name in s.values]
        if not given_values:
            continue
        if kind is ValueKind.YES_NO:
            out[name] = any(given_values)
        elif kind is ValueKind.CHOICE:
            out[name] = frozenset().union(*given_values)  # type: ignore[arg-type]
        else:
            out[name] = sum(given_values)  # type: ignore[arg-type]
    return out


def same_values(
    got: dict[str, Value], want: dict[str, Value], kinds: Mapping[str, ValueKind]
) -> bool:
    """Equal values of equal types; measures (floats, added in another order) to 1e-12."""
    if got.keys() != want.keys():
        return False
    for name, value in got.items():
        if type(value) is not type(want[name]):
            return False
        if kinds[name] is ValueKind.MEASURE:
            if value != pytest.approx(want[name], rel=1e-12):
                return False
        elif value != want[name]:
            return False
    return True


@PROPERTY
@given(
    st.sampled_from([c for c in SHIPPED if get_scheme(c).period_kind != "year"]).flatmap(
        lambda code: st.tuples(st.just(code), perturbed(code, blank=False))
    )
)
def test_department_rollup_equals_evaluating_the_summed_snapshot(
    case: tuple[str, SnapshotBatch],
) -> None:
    code, batch = case
    scheme, syn = world(code, 0.0)
    assert not batch.platform  # synthetic data: court-reported values only
    rolled = rollup_departments(batch)
    snaps = batch.to_snapshots()
    by_court: dict[tuple[str, Any], list[MetricSnapshot]] = {}
    for s in snaps:
        by_court.setdefault((s.court, s.period), []).append(s)
    expected = [
        MetricSnapshot(c, p, None, summed(by_court[(c, p)], dict(batch.kinds)))
        for c, p in zip(rolled.court_index_labels(), rolled.period_labels(), strict=True)
    ]
    assert sorted(by_court) == sorted((s.court, s.period) for s in expected)
    # Measures added in another order agree to 1e-12; counts exactly (they are whole).
    assert_snapshots_equal(rolled.to_snapshots(), expected, rtol=1e-12)
    try:
        got = evaluate(scheme, rolled, courts=syn.tree)
    except InputError:
        reject()
    assert_results_equal(got, evaluate(scheme, expected, courts=syn.tree))


@PROPERTY
@given(scheme_and_batch(blank=False))
def test_tree_rollup_sums_every_court_under_each_court(case: tuple[str, SnapshotBatch]) -> None:
    code, batch = case
    _, syn = world(code, 0.0)
    court_level = rollup_departments(batch) if len(batch.departments) > 1 else batch
    rolled = rollup_tree(batch, syn.tree)
    own = {(s.court, s.period): s for s in court_level.to_snapshots()}
    for s in rolled.to_snapshots():
        under = {s.court, *(c.code for c in syn.tree.descendants(s.court))}
        parts = [v for (c, p), v in own.items() if c in under and p == s.period]
        assert parts, s.court
        assert same_values(s.values, summed(parts, dict(batch.kinds)), batch.kinds), s.court
