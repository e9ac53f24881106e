"""A vendor's integration tests, ready to copy into your own suite.

Your case-management system keeps counts per court, department, week and column name of
your own (a ``GROUP BY`` of the case tables); `rows_to_snapshots` is your adapter from those
rows to courtinfo's snapshots. These tests check the adapter against the scheme, against
the golden results shipped with courtinfo, on generated data, on bad input, and on every
file format courtinfo reads. Run them with

    pip install "courtinfo[testing]"
    python -m pytest examples/test_vendor_integration.py

(``python examples/test_vendor_integration.py`` runs them too).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings

from courtinfo import MetricSnapshot, Period, evaluate, load_dataset
from courtinfo.indicators import Scheme, get_scheme
from courtinfo.testing import (
    assert_results_equal,
    assert_snapshots_equal,
    check_adapter,
    golden,
)
from courtinfo.testing.strategies import BadInput, bad_snapshots, snapshots

SCHEME = get_scheme("shanghai-2022")

#: Your column names -> the scheme's input ids (here for all of them: 36 inputs).
COLUMNS = {f"col_{i.id}": i.id for i in SCHEME.inputs}

Row = tuple[str, str, str, str, int | float]  # court, department ('' court level), week, column, value


def rows_to_snapshots(rows: Iterable[Row]) -> list[MetricSnapshot]:
    """The adapter under test: one snapshot per court, department and week."""
    grouped: dict[tuple[str, str, str], dict[str, int | float]] = defaultdict(dict)
    for court, dept, week, column, value in rows:
        grouped[court, dept, week][COLUMNS[column]] = value
    return [
        MetricSnapshot(court, Period.parse(week), dept or None, values)
        for (court, dept, week), values in grouped.items()
    ]


def snapshots_to_rows(snaps: Iterable[MetricSnapshot]) -> list[Row]:
    """What the database holds for these snapshots (how the test data get into it)."""
    column_of = {v: k for k, v in COLUMNS.items()}
    return [
        (s.court, s.department or "", str(s.period), column_of[name], value)
        for s in snaps
        for name, value in s.values.items()
        if not isinstance(value, (bool, frozenset))
    ]


def test_the_adapter_fits_the_scheme() -> None:
    week = [
        ("jiading", "民一庭", "2022-W21", "col_hearings", 10),
        ("jiading", "民一庭", "2022-W21", "col_online_hearings", 4),
        ("jiading", "", "2022-W21", "col_filings", 400),
        ("jiading", "", "2022-W21", "col_online_filings", 340),
    ]
    # Every problem of every case is listed in one AssertionError.
    check_adapter(
        rows_to_snapshots,
        SCHEME,
        cases={"one week": week},
        indicators=["online_hearing_rate", "online_filing_rate"],
    )


def test_golden_results_come_through_the_adapter() -> None:
    case = golden("shanghai-2022").case("jiading-2022")
    snaps = rows_to_snapshots(snapshots_to_rows(case.dataset.snapshots))
    results = evaluate(SCHEME, snaps, courts=case.dataset.tree())
    assert_results_equal(results, case.expected, rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(snap=snapshots(SCHEME))
def test_any_valid_week_round_trips_through_the_database(snap: MetricSnapshot) -> None:
    back = rows_to_snapshots(snapshots_to_rows([snap]))
    if snap.values:
        assert_snapshots_equal(back, [snap])
        assert_results_equal(evaluate(SCHEME, back), evaluate(SCHEME, snap))


@settings(max_examples=25, deadline=None)
@given(case=bad_snapshots(SCHEME))
def test_bad_input_is_refused_with_its_error(case: BadInput) -> None:
    with pytest.raises(case.error):
        case.evaluate(SCHEME)


@pytest.mark.courtinfo_scheme("shanghai-2022")
def test_every_file_format(courtinfo_scheme: Scheme, courtinfo_data_file: Path) -> None:
    # The plug-in's fixtures: a small synthetic court tree's data, written as JSON, CSV, ...
    data = load_dataset(courtinfo_data_file)
    results = evaluate(courtinfo_scheme, data)
    assert len(results) == len(data.snapshots) > 0


if __name__ == "__main__":
    # Run as a script the module is imported before pytest starts: nothing to rewrite.
    flags = ["-q", "-p", "no:cacheprovider", "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    sys.exit(pytest.main([__file__, *flags]))
