"""The command line's roll-ups: which grain a period asks for, and the coverage note."""

from __future__ import annotations

from pathlib import Path

import pytest

from courtinfo import load_dataset
from courtinfo.cli._rollup import RollupError, coverage_note, grain_for, roll_up
from courtinfo.evaluation import rollup_periods
from courtinfo.indicators import get_scheme
from courtinfo.periods import Period

JIADING = Path(__file__).parents[2] / "examples" / "data" / "jiading-2022.json"


def test_a_month_or_year_of_weekly_data_is_rolled_up_to_it() -> None:
    data = load_dataset(JIADING)  # weeks 2022-W14..W21
    assert grain_for(Period.month(2022, 5), data) == "month"
    assert grain_for(Period.year(2022), data) == "year"
    assert grain_for(Period.quarter(2022, 2), data) == "quarter"
    assert grain_for(Period.week(2022, 21), data) is None  # the data have it already


def test_coverage_note_names_the_weeks_of_each_period() -> None:
    data = load_dataset(JIADING)
    rolled = rollup_periods(data.batch(), "quarter", aggregates=get_scheme("shanghai-2022"))
    # Q2 2022 has 13 ISO weeks by Thursday (April 7 … June 30): W14..W26; the file has W14..W21.
    assert coverage_note(rolled) == (
        "rolled up over time — 2022年第2季度 (2022-Q2): 2022-W14..2022-W21 (8 of 13 weeks), partial\n"
    )


def test_one_time_grain_at_a_time() -> None:
    data = load_dataset(JIADING)
    with pytest.raises(RollupError, match="one time grain at a time, not month and ytd"):
        roll_up(get_scheme("shanghai-2022"), data, ["month", "ytd"])
    both = roll_up(get_scheme("shanghai-2022"), data, ["month", "departments"])
    assert {str(p) for p in both.batch.periods} == {"2022-04", "2022-05"}
    assert both.batch.departments == ("",)  # court-level rows only
