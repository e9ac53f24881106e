"""Targets of results worked out by hand: two targets of different comparators on one
indicator, in a batch long enough to take each indicator on its own and in one snapshot's
few rows (every indicator at once).

结收比 (closed ÷ filed, over 100% allowed) must be at least 75% for the whole court and
equal 100% (原则上) for 民一庭; 刑一庭's target is still to be set (no number).
"""

from __future__ import annotations

import math

import numpy as np

from courtinfo import Period, Results, SnapshotBatch, evaluate
from courtinfo.evaluation._results import STACK_ROWS
from courtinfo.indicators import Scheme
from tests.evaluation.test_results_invalid import monthly_scheme

NAN = math.nan
DEPARTMENTS = (None, "民一庭", "刑一庭")
#: Per department, three (closed, filed) and the met flag and gap each gives, by hand.
CASES: dict[str | None, list[tuple[tuple[float, float], float, float]]] = {
    # at least 75%: 2/4 falls short by 25 points; 3/4 and 4/4 meet it.
    None: [((2, 4), 0.0, 0.25), ((3, 4), 1.0, 0.0), ((4, 4), 1.0, 0.0)],
    # equal to 100%: 5/4 is 25 points off above, 4/4 meets it, 2/4 is 50 points off below.
    "民一庭": [((5, 4), 0.0, 0.25), ((4, 4), 1.0, 0.0), ((2, 4), 0.0, 0.5)],
    # no number yet: no verdict, closed not given or not.
    "刑一庭": [((2, 4), NAN, NAN), ((NAN, 4), NAN, NAN), ((3, 4), NAN, NAN)],
}
THRESHOLD = {None: 0.75, "民一庭": 1.0, "刑一庭": NAN}


def _scheme() -> Scheme:
    return monthly_scheme(
        {
            "code": "rate", "number": 1, "name_zh": "结收比", "name_en": "Clearance",
            "category": "c", "unit": "percentage",
            "formula": {"kind": "ratio", "numerator": "closed", "denominator": "filed", "over": "allow"},
            "targets": [
                {"scope": {"whole_court": True}, "value": 0.75},
                {"scope": {"departments": ["民一庭"]}, "value": 1.0, "comparator": "equal",
                 "in_principle": True},
                {"scope": {"departments": ["刑一庭"]}, "status": "to_be_set", "set_by": "审管办"},
            ],
        }
    )


def _batch(courts: int, months: int) -> tuple[SnapshotBatch, list[tuple[str | None, int]]]:
    """Every court × department × month, and per row its department and case (0..2)."""
    court, department, period, closed, filed, which = [], [], [], [], [], []
    for c in range(courts):
        for m in range(months):
            for d in DEPARTMENTS:
                k = (c + m) % 3
                (x, n), _, _ = CASES[d][k]
                court.append(f"c{c}")
                department.append(d)
                period.append(str(Period.month(2022, m + 1)))
                closed.append(x)
                filed.append(n)
                which.append((d, k))
    batch = SnapshotBatch.from_columns(
        court=court, department=department, period=period,
        columns={"closed": np.array(closed, dtype=float), "filed": np.array(filed, dtype=float)},
    )
    return batch, which


def _check(results: Results, which: list[tuple[str | None, int]]) -> None:
    c = results.columns("rate")
    want_met = [CASES[d][k][1] for d, k in which]
    want_gap = [CASES[d][k][2] for d, k in which]
    np.testing.assert_array_equal(c.met, want_met)
    np.testing.assert_array_equal(results.met("rate"), want_met)
    np.testing.assert_array_equal(c.gap, want_gap)
    np.testing.assert_array_equal(c.threshold, [THRESHOLD[d] for d, _ in which])
    assert c.target.tolist() == [DEPARTMENTS.index(d) for d, _ in which]
    rows = [results.row(i, "rate") for i in range(len(results))]
    assert [r.target_met for r in rows] == [None if m != m else m == 1.0 for m in want_met]
    assert [r.comparator for r in rows] == [
        {None: "at_least", "民一庭": "equal", "刑一庭": "at_least"}[d] for d, _ in which
    ]


def test_two_comparators_in_a_long_batch_by_hand() -> None:
    batch, which = _batch(courts=8, months=3)
    assert len(batch) == 72 > STACK_ROWS  # each indicator's columns on their own
    _check(evaluate(_scheme(), batch), which)


def test_two_comparators_in_a_snapshot_and_a_few_rows_by_hand() -> None:
    batch, which = _batch(courts=2, months=3)
    assert len(batch) == 18 <= STACK_ROWS  # every indicator at once
    _check(evaluate(_scheme(), batch), which)
    for i in (0, 4, 5):  # one snapshot each: at least 75%, equal to 100% (5/4), to be set
        _check(evaluate(_scheme(), batch.row(i)), [which[i]])
    # Two rows of two departments (two targets): each row against its own.
    for rows in ([0, 1], [4, 5], [1, 2]):
        _check(evaluate(_scheme(), batch.take(np.array(rows))), [which[i] for i in rows])


def test_three_comparators_of_one_department_in_a_snapshot_by_hand() -> None:
    # 5 closed of 4 filed, 125%, against at least 75% (met), at most 75% (not met) and equal
    # to 100% (not met): each indicator with its own comparator, in one row's stack.
    def rate(code: str, number: int, target: dict[str, object]) -> dict[str, object]:
        return {
            "code": code, "number": number, "name_zh": f"结收比{number}", "name_en": code,
            "category": "c", "unit": "percentage",
            "formula": {"kind": "ratio", "numerator": "closed", "denominator": "filed",
                        "over": "allow"},
            "targets": [{"scope": {"whole_court": True}, **target}],
        }

    scheme = monthly_scheme(
        rate("least", 1, {"value": 0.75}),
        rate("most", 2, {"value": 0.75, "comparator": "at_most"}),
        rate("equal", 3, {"value": 1.0, "comparator": "equal"}),
    )
    def met(closed: float) -> list[list[float]]:
        batch = SnapshotBatch.from_columns(
            court=["c0"], department=[None], period=["2022-05"],
            columns={"closed": np.array([closed]), "filed": np.array([4.0])},
        )
        results = evaluate(scheme, batch)
        return [results.columns(c).met.tolist() for c in ("least", "most", "equal")]

    assert met(5.0) == [[1.0], [0.0], [0.0]]
    # 3 of 4, 75%: at least and at most 75% both met, equal to 100% not.
    assert met(3.0) == [[1.0], [1.0], [0.0]]
