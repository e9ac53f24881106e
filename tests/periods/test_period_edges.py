"""Periods at their edges: a date with month 0 or 13, and week 52 a year back."""

from __future__ import annotations

import pytest

from courtinfo.base import PeriodError
from courtinfo.periods import Period


@pytest.mark.parametrize("month", ["00", "13"])
def test_a_date_of_no_such_month_names_it(month: str) -> None:
    with pytest.raises(PeriodError, match=rf"month {int(month)} is not in 1\.\.12"):
        Period.parse(f"2022-{month}-01/2022-12-31")


def test_week_52_a_year_back_in_a_year_of_52_weeks() -> None:
    # 2022 has 52 ISO weeks: its week 52 is there; 2020 has 53, and 2021 (52) has no week 53.
    assert Period.parse("2023-W52").same_week_last_year() == Period.week(2022, 52)
    assert Period.parse("2021-W52").same_week_last_year() == Period.week(2020, 52)
    assert Period.parse("2026-W53").same_week_last_year() is None


def test_a_range_moves_by_its_own_length_times_the_steps() -> None:
    # 2019-01-01/2019-01-10 is 10 days: 3 steps later starts 30 days on, 2 earlier 20 before.
    span = Period.parse("2019-01-01/2019-01-10")
    assert span.shift(3) == Period.parse("2019-01-31/2019-02-09")
    assert span.shift(-2) == Period.parse("2018-12-12/2018-12-21")
