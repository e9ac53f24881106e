"""BadInput: one snapshot made wrong in one way, built and evaluated as a vendor's code would,
raising exactly the error it declares."""

from __future__ import annotations

import pytest

from courtinfo import MetricSnapshot, Period
from courtinfo.base import DuplicateSnapshotError, PeriodError, ValidationError
from courtinfo.indicators import get_scheme
from courtinfo.testing import BadInput

SHANGHAI = get_scheme("shanghai-2022")
GOOD = MetricSnapshot("c1", Period.parse("2022-W21"), "立案庭", {"online_filings": 3, "filings": 5})


def test_of_copies_a_snapshot_with_fields_replaced() -> None:
    same = BadInput.of(GOOD)
    assert (same.court, same.period, same.department) == ("c1", "2022-W21", "立案庭")
    assert same.snapshots() == [GOOD] and len(same.evaluate(SHANGHAI)) == 1
    twice = BadInput.of(GOOD, duplicate=True)
    assert twice.snapshots() == [GOOD, GOOD]


@pytest.mark.parametrize(
    ("bad", "error", "text"),
    [
        (BadInput.of(GOOD, values={"online_filings": -1, "filings": 5}), ValidationError, "-1"),
        (BadInput.of(GOOD, values={"online_filings": 6, "filings": 5}), ValidationError, "must not exceed"),
        (BadInput.of(GOOD, period="2022-W60"), PeriodError, "ISO year 2022 has only 52 weeks"),
        (BadInput.of(GOOD, duplicate=True), DuplicateSnapshotError, "duplicate"),
    ],
)
def test_each_bad_input_raises_its_error(bad: BadInput, error: type[Exception], text: str) -> None:
    with pytest.raises(error) as info:
        bad.evaluate(SHANGHAI)
    assert text in str(info.value)


def test_the_repr_says_what_is_wrong_and_what_is_raised() -> None:
    bad = BadInput(
        court=42,
        period="2022-W21",
        department=None,
        values={"b": 1, "a": "x"},
        duplicate=True,
        problem="court that is not text",
        error=ValidationError,
    )
    assert repr(bad) == (
        "BadInput('court that is not text' -> ValidationError: court=42, "
        "period='2022-W21', twice, values={a='x', b=1})"
    )
    assert len(BadInput.PROBLEMS) == len(set(BadInput.PROBLEMS)) == 16
