"""evaluate(): values, statuses, reasons, targets and points; batch and single agree."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import (
    InputError,
    MetricSnapshot,
    Missing,
    MissingInputError,
    Period,
    SnapshotBatch,
    evaluate,
)
from courtinfo.formulas import Status
from courtinfo.indicators import Scheme, load_scheme

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-scheme.toml"
W21 = Period.parse("2022-W21")


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(EXAMPLE)


def snap(dept: str | None, **values: object) -> MetricSnapshot:
    return MetricSnapshot("c1", W21, dept, values)  # type: ignore[arg-type]


def test_value_target_and_points(scheme: Scheme) -> None:
    # 民一庭: 4 of 10 hearings recorded = 0.4, below the 0.45 target by 0.05; 2 points max.
    r = evaluate(scheme, snap("民一庭", q6_1=10, q6_2=4, q1=["C"]))
    row = r.row(0, "rec")
    assert row.value == pytest.approx(0.4)
    assert (row.target, row.comparator, row.in_principle) == (0.45, "at_least", True)
    assert row.target_met is False
    assert row.gap == pytest.approx(0.05)
    assert row.points == pytest.approx(0.8)
    assert row.max_points == 2
    assert r.value("hall") == 1.0


def test_excluded_department_gets_no_target(scheme: Scheme) -> None:
    # The target binds case-handling departments except the criminal division.
    r = evaluate(scheme, [snap("刑一庭", q6_1=10, q6_2=9), snap("立案庭", q6_1=10, q6_2=9)])
    assert r.row(0, "rec").target is None
    assert r.row(1, "rec").target == 0.45
    assert r.row(1, "rec").target_met is True
    np.testing.assert_array_equal(r.met("rec"), [np.nan, 1.0])


def test_zero_denominator_is_not_applicable(scheme: Scheme) -> None:
    row = evaluate(scheme, snap("民一庭", q6_1=0, q6_2=0, q1=[])).row(0, "rec")
    assert row.value is None
    assert row.status is Status.ZERO_DENOMINATOR
    assert row.missing is Missing.NAP
    assert row.reason == "not applicable: zero denominator"
    assert row.points == 0.0  # scores 0, its reason says why


def test_missing_input_is_not_provided_and_named(scheme: Scheme) -> None:
    row = evaluate(scheme, snap("民一庭", q6_1=10)).row(0, "rec")
    assert row.missing is Missing.NA
    assert row.reason == "not provided: q6_2"


def test_strict_mode_raises_on_missing_inputs(scheme: Scheme) -> None:
    with pytest.raises(MissingInputError, match=r"missing q6_2 \(court 'c1', department '民一庭', period 2022-W21\)"):
        evaluate(scheme, snap("民一庭", q6_1=10, q1=["A"]), strict=True)


def test_numerator_above_denominator_is_an_input_error(scheme: Scheme) -> None:
    with pytest.raises(InputError, match=r"\(q6_2\) must not exceed \(q6_1\): q6_2=11, q6_1=10"):
        evaluate(scheme, snap("民一庭", q6_1=10, q6_2=11))


def test_unknown_input_suggests_the_close_one(scheme: Scheme) -> None:
    with pytest.raises(InputError, match=r"unknown input 'q6_3' for scheme 'mini'; did you mean"):
        evaluate(scheme, snap(None, q6_1=10, q6_3=1))
    assert evaluate(scheme, snap(None, q6_1=10, q6_3=1), allow_extra=True).value("rec") is None


def test_option_not_offered_and_yes_no_that_is_neither(scheme: Scheme) -> None:
    with pytest.raises(InputError, match=r"ticks an option not offered \(offered: AC\)"):
        evaluate(scheme, snap(None, q1=["B"]))
    with pytest.raises(InputError, match="values\\.q6_1\\[0\\]: 2\\.5 is not a whole number"):
        evaluate(scheme, snap(None, q6_1=2.5))


def test_platform_value_wins(scheme: Scheme) -> None:
    s = MetricSnapshot("c1", W21, None, {"q6_1": 10, "q6_2": 4}, {"q6_2": 5})
    assert evaluate(scheme, s).value("rec") == 0.5


def test_evaluation_does_not_touch_its_input_arrays(scheme: Scheme) -> None:
    hearings = np.array([10.0, 0.0, np.nan])
    recorded = np.array([4, 0, 3], dtype=np.int64)
    batch = SnapshotBatch.from_columns(
        court=["a", "b", "c"], period=["2022-W21"] * 3, columns={"q6_1": hearings, "q6_2": recorded}
    )
    before = (hearings.copy(), recorded.copy())
    evaluate(scheme, batch)
    np.testing.assert_array_equal(hearings, before[0])
    np.testing.assert_array_equal(recorded, before[1])
    np.testing.assert_array_equal(batch.columns["q6_1"], before[0])


counts = st.one_of(st.none(), st.integers(0, 10**6))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=20))
def test_batch_equals_single(scheme: Scheme, pairs: list[tuple[int | None, int | None]]) -> None:
    snaps = []
    for k, (a, b) in enumerate(pairs):
        lo, hi = sorted((a, b)) if a is not None and b is not None else (a, b)
        values = {n: v for n, v in (("q6_1", hi), ("q6_2", lo)) if v is not None}
        snaps.append(MetricSnapshot(f"c{k}", W21, None, values))
    batch = evaluate(scheme, snaps)
    for k, s in enumerate(snaps):
        one = evaluate(scheme, s)
        for code in ("rec", "hall"):
            assert one.row(0, code).to_dict() | {"court": s.court} == batch.row(k, code).to_dict()
