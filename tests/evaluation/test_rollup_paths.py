"""Roll-up paths (dense grid or np.unique keys, rows gathered or keyed out) against a reference.

The reference sums row by row in Python: counts and measures add, yes/no is "any", choices
unite; a sum is not provided where no contributor provided it ("skip") or where any did not
("propagate"); up the tree, department rows count only for a court and period without a
court-level row.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from random import Random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import SUBTREE, SnapshotBatch, rollup_departments, rollup_tree
from courtinfo.data._values import ValueKind
from courtinfo.evaluation import _rollup as rollup
from courtinfo.evaluation._rollup import MissingPolicy
from courtinfo.org import Court, CourtTree

TREE = CourtTree(
    [
        Court("top", "山东省高级人民法院", "high"),
        Court("city", "济南市中级人民法院", "intermediate", "top"),
        Court("qd", "青岛市中级人民法院", "intermediate", "top"),
        Court("a", "济南市长清区人民法院", "basic", "city"),
        Court("b", "济南市历下区人民法院", "basic", "city"),
        Court("c", "青岛市市南区人民法院", "basic", "qd"),
        Court("a-t", "长清区某人民法庭", "tribunal", "a"),
    ]
)
COURTS = [c.code for c in TREE]
DEPTS = ["", "民一庭", "刑一庭", "执行局"]
PERIODS = ["2022-W20", "2022-W21", "2022-W22"]
KINDS = {
    "n": ValueKind.COUNT,
    "hours": ValueKind.MEASURE,
    "has": ValueKind.YES_NO,
    "opts": ValueKind.CHOICE,
}
PLATFORM_KINDS = {"n": ValueKind.COUNT, "seats": ValueKind.COUNT}

Row = tuple[str, str, str, dict[str, float], dict[str, float]]
Table = dict[tuple[str, str], dict[str, float]]


def value(kind: ValueKind, draw: st.DrawFn) -> float:
    if draw(st.integers(0, 4)) == 0:
        return math.nan
    if kind is ValueKind.YES_NO:
        return float(draw(st.integers(0, 1)))
    if kind is ValueKind.CHOICE:
        return float(draw(st.integers(0, 15)))
    if kind is ValueKind.MEASURE:
        return draw(st.floats(0, 1000, allow_nan=False)) / 7
    return float(draw(st.integers(0, 10**6)))


@st.composite
def tables(draw: st.DrawFn) -> list[Row]:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(COURTS), st.sampled_from(DEPTS), st.sampled_from(PERIODS)),
            min_size=1,
            max_size=40,
            unique=True,
        )
    )
    return [
        (
            c,
            d,
            p,
            {name: value(kind, draw) for name, kind in KINDS.items()},
            {name: value(kind, draw) for name, kind in PLATFORM_KINDS.items()},
        )
        for c, d, p in keys
    ]


def batch_of(rows: list[Row], ints: bool = False) -> SnapshotBatch:
    def cols(values: list[dict[str, float]]) -> dict[str, np.ndarray]:
        return {name: np.array([v[name] for v in values]) for name in values[0]}

    columns = cols([r[3] for r in rows])
    if ints:  # an integer column has no gaps: it is used as it is, not as float64
        columns["n"] = np.nan_to_num(columns["n"]).astype(np.int64)
    return SnapshotBatch.from_columns(
        court=[r[0] for r in rows],
        department=[r[1] for r in rows],
        period=[r[2] for r in rows],
        columns=columns,
        platform=cols([r[4] for r in rows]),
        kinds={**KINDS, **PLATFORM_KINDS},
    )


def combine(values: list[float], kind: ValueKind, missing: MissingPolicy) -> float:
    given_ = [v for v in values if not math.isnan(v)]
    if not given_ or (missing == "propagate" and len(given_) < len(values)):
        return math.nan
    if kind is ValueKind.YES_NO:
        return float(any(v > 0 for v in given_))
    if kind is ValueKind.CHOICE:
        out = 0
        for v in given_:
            out |= int(v)
        return float(out)
    return math.fsum(given_)


def reference(
    groups: dict[tuple[str, str], list[Row]], missing: MissingPolicy
) -> tuple[Table, Table]:
    cols: Table = {}
    plat: Table = {}
    for key, rows in groups.items():
        cols[key] = {n: combine([r[3][n] for r in rows], k, missing) for n, k in KINDS.items()}
        plat[key] = {
            n: combine([r[4][n] for r in rows], k, missing) for n, k in PLATFORM_KINDS.items()
        }
    return cols, plat


def reference_departments(rows: list[Row], missing: MissingPolicy) -> tuple[Table, Table]:
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        if r[1]:
            groups.setdefault((r[0], r[2]), []).append(r)
    return reference(groups, missing)


def ancestors(code: str) -> Iterator[str]:
    current: str | None = code
    while current is not None:
        yield current
        current = TREE.get(current).parent


def reference_tree(rows: list[Row], missing: MissingPolicy) -> tuple[Table, Table]:
    reported = {(r[0], r[2]) for r in rows if not r[1]}
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        if r[1] and (r[0], r[2]) in reported:
            continue
        for up in ancestors(r[0]):
            groups.setdefault((up, r[2]), []).append(r)
    return reference(groups, missing)


def table(batch: SnapshotBatch, platform: bool) -> Table:
    cols = batch.platform if platform else batch.columns
    courts = batch.court_index_labels()
    periods = [str(p) for p in batch.period_labels()]
    return {
        (c, p): {n: float(col[i]) for n, col in cols.items()}
        for i, (c, p) in enumerate(zip(courts, periods, strict=True))
    }


def assert_tables(got: Table, want: Table) -> None:
    assert set(got) == set(want)
    for key, values in want.items():
        assert set(got[key]) == set(values)
        for name, v in values.items():
            g = got[key][name]
            assert math.isnan(g) == math.isnan(v), (key, name, g, v)
            if not math.isnan(v):
                assert g == pytest.approx(v, rel=1e-12), (key, name)


@contextmanager
def path(*, dense: bool, gather: bool) -> Iterator[None]:
    saved = rollup._DENSE_MIN_CELLS, rollup._DENSE_CELLS_PER_ROW, rollup._GATHER_BELOW
    rollup._DENSE_MIN_CELLS, rollup._DENSE_CELLS_PER_ROW = (1 << 20, 4) if dense else (0, 0)
    rollup._GATHER_BELOW = 2.0 if gather else 0.0
    try:
        yield
    finally:
        rollup._DENSE_MIN_CELLS, rollup._DENSE_CELLS_PER_ROW, rollup._GATHER_BELOW = saved


PATHS = [(d, g) for d in (True, False) for g in (True, False)]


@settings(max_examples=120, deadline=None)
@given(tables(), st.sampled_from(PATHS), st.booleans(), st.sampled_from(["skip", "propagate"]))
def test_every_path_sums_like_the_reference(
    rows: list[Row], which: tuple[bool, bool], ints: bool, missing: MissingPolicy
) -> None:
    dense, gather = which
    batch = batch_of(rows, ints)
    if ints:
        rows = [
            (*r[:3], {**r[3], "n": 0.0 if math.isnan(r[3]["n"]) else r[3]["n"]}, r[4]) for r in rows
        ]
    with path(dense=dense, gather=gather):
        tree_rows = rollup_tree(batch, TREE, missing=missing)
        has_departments = any(r[1] for r in rows)
        if has_departments:
            courts = rollup_departments(batch, missing=missing)
    assert set(tree_rows.departments) == {SUBTREE}
    want_cols, want_plat = reference_tree(rows, missing)
    assert_tables(table(tree_rows, False), want_cols)
    assert_tables(table(tree_rows, True), want_plat)
    if has_departments:
        assert courts.departments == ("",)
        want_cols, want_plat = reference_departments(rows, missing)
        assert_tables(table(courts, False), want_cols)
        assert_tables(table(courts, True), want_plat)


def test_paths_agree_on_ordering_and_labels() -> None:
    rows: list[Row] = [
        (
            c,
            d,
            p,
            {"n": float(i), "hours": i / 3, "has": i % 2, "opts": i % 8},
            {"n": 1, "seats": 2},
        )
        for i, (c, d, p) in enumerate(
            (c, d, p) for c in COURTS for d in DEPTS for p in PERIODS if (len(c) + len(d)) % 3
        )
    ]
    batch = batch_of(rows)
    results = []
    for dense, gather in PATHS:
        with path(dense=dense, gather=gather):
            results.append((rollup_departments(batch), rollup_tree(batch, TREE)))
    first = results[0]
    for other in results[1:]:
        for a, b in zip(first, other, strict=True):
            assert a.courts == b.courts and a.periods == b.periods
            np.testing.assert_array_equal(a.court_index, b.court_index)
            np.testing.assert_array_equal(a.period_index, b.period_index)
            for name in a.columns:
                np.testing.assert_allclose(a.columns[name], b.columns[name], rtol=1e-12)


def _bits(batch: SnapshotBatch) -> dict[tuple[str, str, str], bytes]:
    """Each rolled-up cell's value as its bytes, by court, period and input."""
    courts = batch.court_index_labels()
    periods = [str(p) for p in batch.period_labels()]
    return {
        (courts[i], periods[i], name): col[i].tobytes()
        for cols in (batch.columns, batch.platform)
        for name, col in cols.items()
        for i in range(len(batch))
    }


def test_grid_and_sparse_paths_add_a_measure_in_the_same_order() -> None:
    # 济南中院 (city) 0.3 hours of its own, 长清 (a) 0.8, 历下 (b) 0.4. Each court's own rows,
    # then its children in the tree's order: 0.3 + (0.8 + 0.4) = 0.3 + 1.2000000000000002 =
    # 1.5000000000000002, on either path (all three ascending, 0.3 + 0.4 + 0.8, would be 1.5).
    batch = SnapshotBatch.from_columns(
        court=["b", "city", "a"],
        department=["", "", ""],
        period=["2022-W20"] * 3,
        columns={"hours": np.array([0.4, 0.3, 0.8])},
        kinds={"hours": ValueKind.MEASURE},
    )
    assert 0.8 + 0.4 == 1.2000000000000002 and 0.3 + 1.2000000000000002 == 1.5000000000000002
    for dense in (True, False):
        with path(dense=dense, gather=True):
            rolled = rollup_tree(batch, TREE)
        got = dict(zip(rolled.court_index_labels(), rolled.columns["hours"].tolist(), strict=True))
        assert got == {"top": 1.5000000000000002, "city": 1.5000000000000002, "a": 0.8, "b": 0.4}


@settings(max_examples=80, deadline=None)
@given(tables(), st.sampled_from(["skip", "propagate"]), st.randoms(use_true_random=False))
def test_every_path_and_row_order_gives_the_same_bits(
    rows: list[Row], missing: MissingPolicy, rng: Random
) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    got = []
    for table_rows in (rows, shuffled):
        for dense, gather in PATHS:
            with path(dense=dense, gather=gather):
                got.append(_bits(rollup_tree(batch_of(table_rows), TREE, missing=missing)))
    assert all(g == got[0] for g in got[1:])
