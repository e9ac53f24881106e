"""Roll-ups over time at their edges: a batch of no rows, years rolled up into years, and
what a roll-up is as an object."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.evaluation import rollup_periods


@pytest.mark.parametrize("labels", [False, True], ids=["no-labels", "labels-of-no-rows"])
@pytest.mark.parametrize("to", ["month", "quarter", "year", "ytd"])
def test_a_batch_of_no_rows_rolls_up_into_no_rows(to: str, labels: bool) -> None:
    empty = SnapshotBatch.from_columns(court=[], period=[], columns={"n": np.array([])})
    if labels:  # a court and a month known, no row of them taken
        one = SnapshotBatch.from_columns(court=["a"], period=["2022-05"], columns={"n": np.array([1.0])})
        empty = one.take(np.array([], dtype=np.int64))
        assert empty.periods and len(empty) == 0
    rolled = rollup_periods(empty, to, aggregates={"n": "sum"})
    assert len(rolled) == len(rolled.batch) == 0
    assert rolled.batch.columns["n"].tolist() == []
    # The labels roll up as the rows would: May 2022 is in 2022-Q2, 2022, January to May.
    want = {"month": "2022-05", "quarter": "2022-Q2", "year": "2022", "ytd": "2022-01-01/2022-05-31"}
    assert [str(p) for p in rolled.batch.periods] == ([want[to]] if labels else [])
    for column in (rolled.covered, rolled.expected, rolled.first, rolled.last, rolled.partial):
        assert column.tolist() == []


def test_quarters_rolled_up_into_quarters_are_each_whole() -> None:
    quarters = SnapshotBatch.from_columns(
        court=["a", "a"], period=["2022-Q1", "2022-Q3"], columns={"n": np.array([4.0, 6.0])}
    )
    rolled = rollup_periods(quarters, "quarter", aggregates={"n": "sum"})
    assert [rolled.covers(i) for i in range(2)] == ["2022-Q1 (1 of 1 quarter)", "2022-Q3 (1 of 1 quarter)"]
    assert rolled.expected.tolist() == [1, 1] and rolled.batch.columns["n"].tolist() == [4.0, 6.0]


def test_years_rolled_up_into_years_are_each_whole() -> None:
    years = SnapshotBatch.from_columns(
        court=["a", "a", "b"], period=["2021", "2022", "2022"], columns={"n": np.array([1.0, 2.0, 3.0])}
    )
    rolled = rollup_periods(years, "year", aggregates={"n": "sum"})
    assert [rolled.covers(i) for i in range(3)] == ["2021 (1 of 1 year)", "2022 (1 of 1 year)", "2022 (1 of 1 year)"]
    assert rolled.batch.columns["n"].tolist() == [1.0, 2.0, 3.0]
    assert rolled.partial.tolist() == [False, False, False]


def test_a_roll_up_is_kept_by_identity() -> None:
    # Its numpy columns have no single truth value: compared and hashed as the object it is.
    batch = SnapshotBatch.from_columns(court=["a"], period=["2022-01"], columns={"n": np.array([1.0])})
    one = rollup_periods(batch, "quarter", aggregates={"n": "sum"})
    other = rollup_periods(batch, "quarter", aggregates={"n": "sum"})
    assert one == one and one != other and len({one, other, one}) == 2


def test_year_to_date_of_courts_and_departments_across_two_years() -> None:
    # a: 1 in December, 5 in January; a 民一庭: 2 in December only; b 民一庭: 3 in November,
    # nothing in December, 4 in January.
    batch = SnapshotBatch.from_columns(
        court=["a", "a", "b", "b", "a"],
        department=[None, "民一庭", "民一庭", "民一庭", None],
        period=["2021-12", "2021-12", "2021-11", "2022-01", "2022-01"],
        columns={"n": np.array([1.0, 2.0, 3.0, 4.0, 5.0])},
    )
    ytd = rollup_periods(batch, "ytd", aggregates={"n": "sum"})
    b = ytd.batch
    assert b.court_index.dtype == b.department_index.dtype == np.int64
    got = [
        (court, department, str(period), n, ytd.covers(i))
        for i, (court, department, period, n) in enumerate(
            zip(b.court_index_labels(), b.department_labels(), b.period_labels(), b.columns["n"].tolist(), strict=True)
        )
    ]
    assert got == [
        ("a", "", "2021-01-01/2021-12-31", 1.0, "2021-12 (1 of 12 months), partial"),
        ("a", "", "2022-01-01/2022-01-31", 5.0, "2022-01 (1 of 1 month)"),
        ("a", "民一庭", "2021-01-01/2021-12-31", 2.0, "2021-12 (1 of 12 months), partial"),
        ("b", "民一庭", "2021-01-01/2021-11-30", 3.0, "2021-11 (1 of 11 months), partial"),
        # December not reported: January to December so far is November's 3.
        ("b", "民一庭", "2021-01-01/2021-12-31", 3.0, "2021-11 (1 of 12 months), partial"),
        ("b", "民一庭", "2022-01-01/2022-01-31", 4.0, "2022-01 (1 of 1 month)"),
    ]


def test_one_yes_in_a_quarter_is_any_for_months_and_year_to_date() -> None:
    # 是否开通: only February says yes. Any: yes for the quarter and from February on.
    batch = SnapshotBatch.from_columns(
        court=["a"] * 3, period=["2022-01", "2022-02", "2022-03"],
        columns={"online": np.array([0.0, 1.0, 0.0])}, kinds={"online": ValueKind.YES_NO},
    )
    quarter = rollup_periods(batch, "quarter", aggregates={"online": "any"})
    assert quarter.batch.columns["online"].tolist() == [1.0]
    ytd = rollup_periods(batch, "ytd", aggregates={"online": "any"})
    assert ytd.batch.columns["online"].tolist() == [0.0, 1.0, 1.0]


def test_first_and_latest_value_given_per_court_when_skipping() -> None:
    # 旧存 (first) and 在编人数 (last) of two courts over a quarter, one month not reported each.
    batch = SnapshotBatch.from_columns(
        court=["a", "a", "a", "b", "b", "b"],
        period=["2022-01", "2022-02", "2022-03"] * 2,
        columns={
            "old": np.array([math.nan, 5.0, 6.0, 7.0, 8.0, math.nan]),
            "staff": np.array([10.0, 11.0, math.nan, 20.0, math.nan, 22.0]),
        },
        kinds={"old": ValueKind.COUNT, "staff": ValueKind.COUNT},
    )
    quarter = rollup_periods(batch, "quarter", aggregates={"old": "first", "staff": "last"}, missing="skip")
    b = quarter.batch
    assert b.court_index_labels() == ["a", "b"]
    assert b.columns["old"].tolist() == [5.0, 7.0]  # a's first given is February's
    assert b.columns["staff"].tolist() == [11.0, 22.0]  # a's latest given is February's


@pytest.mark.parametrize("to", ["month", "ytd"])
def test_an_unchecked_batch_with_a_row_twice_is_refused(to: str) -> None:
    from courtinfo.base import DuplicateSnapshotError
    from courtinfo.periods import Period

    # Court a's 2022-W01 twice (1 and 2), then W02 (3), in a batch built without checks: the
    # month summed 1 + 2 + 3 = 6 "over 3 of 4 weeks", the year to date kept W01 as 2.
    twice = SnapshotBatch(
        courts=("a",),
        court_index=np.array([0, 0, 0]),
        departments=("",),
        department_index=np.array([0, 0, 0]),
        periods=(Period.parse("2022-W01"), Period.parse("2022-W02")),
        period_index=np.array([0, 0, 1]),
        columns={"n": np.array([1.0, 2.0, 3.0])},
    )
    assert not twice.checked
    with pytest.raises(DuplicateSnapshotError, match="row 1: duplicates row 0: court 'a', period 2022-W01"):
        rollup_periods(twice, to, aggregates={"n": "sum"})
    once = twice.take(np.array([0, 2]))
    assert rollup_periods(once, to, aggregates={"n": "sum"}).batch.columns["n"].tolist()[-1] == 4.0
