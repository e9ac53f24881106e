"""Formulas that read an earlier period (x@previous, x@year_ago), computed over a batch."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.data import MetricSnapshot, SnapshotBatch
from courtinfo.evaluation import comparison_period, evaluate, matching_rows, week_span
from courtinfo.formulas import Status
from courtinfo.indicators import scheme_from_data
from courtinfo.periods import Period

NAN = math.nan


def _scheme(indicators: list[dict[str, Any]], inputs: list[dict[str, Any]] | None = None) -> Any:
    return scheme_from_data(
        {
            "code": "t",
            "title_zh": "测试",
            "title_en": "Test",
            "issuer": "某法院",
            "document": "X〔2022〕1号",
            "date": "2022-03-01",
            "period_kind": "range",
            "other_period_kinds": ["year", "week", "month", "quarter"],
            "inputs": inputs
            or [
                {"id": "old", "label_zh": "旧存案件数", "kind": "count", "aggregate": "first"},
                {"id": "new", "label_zh": "新收案件数", "kind": "count"},
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
            ],
            "indicators": indicators,
        }
    )


def _ind(code: str, unit: str, formula: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {"code": code, "name_zh": code, "name_en": code, "category": "c", "unit": unit, "formula": formula, **kw}


def test_year_ago_reads_the_same_court_and_department_a_year_earlier() -> None:
    scheme = _scheme(
        [
            _ind("old_growth", "percentage", {"kind": "change", "of": "old"}, rounding={"places": 2}),
            _ind("new_change", "count", {"kind": "change", "of": "new", "measure": "absolute"}),
            _ind("rate", "percentage", {"kind": "ratio", "numerator": "closed", "denominator": ["old", "new"]}),
            _ind("rate_points", "percentage_points", {"kind": "change", "of": "rate", "measure": "points"}),
        ]
    )
    jan_feb_2021, jan_feb_2022 = "2021-01-01/2021-02-28", "2022-01-01/2022-02-28"
    snaps = [
        # 固始县人民法院 1-2月: 旧存 220 → 670 (同比上升204.55%); a zero base in 刑庭 (0 → 3).
        MetricSnapshot("gushi", Period.parse(jan_feb_2022), None, {"old": 670, "new": 1643, "closed": 1119}),
        MetricSnapshot("gushi", Period.parse(jan_feb_2021), None, {"old": 220, "new": 2076, "closed": 1202}),
        MetricSnapshot("gushi", Period.parse(jan_feb_2022), "刑庭", {"old": 3, "new": 5, "closed": 4}),
        MetricSnapshot("gushi", Period.parse(jan_feb_2021), "刑庭", {"old": 0, "new": 4, "closed": 4}),
        # Another court, only this year: no earlier row, so no change (NA).
        MetricSnapshot("other", Period.parse(jan_feb_2022), None, {"old": 1, "new": 1, "closed": 1}),
    ]
    results = evaluate(scheme, snaps)
    rows = {(r.court, r.department, str(r.period), r.indicator): r for r in results.rows()}

    def value(court: str, dept: str | None, period: str, code: str) -> float | None:
        return rows[court, dept, period, code].value

    def status(court: str, dept: str | None, period: str, code: str) -> Status:
        return rows[court, dept, period, code].status

    now = ("gushi", None, jan_feb_2022)
    assert value(*now, "old_growth") == pytest.approx(450 / 220, rel=1e-15)
    assert scheme.indicator("old_growth").published(value(*now, "old_growth")) == 204.55
    assert value(*now, "new_change") == 1643 - 2076
    assert value(*now, "rate") == pytest.approx(1119 / 2313, rel=1e-15)
    assert value(*now, "rate_points") == pytest.approx(1119 / 2313 - 1202 / 2296, rel=1e-12)
    dept = ("gushi", "刑庭", jan_feb_2022)
    assert value(*dept, "old_growth") is None
    assert status(*dept, "old_growth") is Status.ZERO_DENOMINATOR
    assert value(*dept, "new_change") == 1.0
    assert status("gushi", None, jan_feb_2021, "old_growth") is Status.NOT_PROVIDED
    # The reason names the input missing a year earlier (no 2020 row at all).
    assert rows["gushi", None, jan_feb_2021, "old_growth"].missing_inputs == ("old@year_ago",)
    assert rows["gushi", None, jan_feb_2021, "rate_points"].missing_inputs == (
        "closed@year_ago", "old@year_ago", "new@year_ago",
    )
    assert status("other", None, jan_feb_2022, "new_change") is Status.NOT_PROVIDED


def test_a_negative_ratio_of_a_difference_is_refused_unless_declared() -> None:
    growth = {"kind": "ratio", "numerator": ["new", "-new@year_ago"], "denominator": "new@year_ago", "over": "allow"}
    snaps = [
        MetricSnapshot("gushi", Period.year(2022), None, {"old": 670, "new": 1643, "closed": 1119}),
        MetricSnapshot("gushi", Period.year(2021), None, {"old": 220, "new": 2076, "closed": 1202}),
    ]
    with pytest.raises(InputError, match=r"indicator g: numerator and denominator must not be negative: new=1643, new@year_ago=2076 \(court 'gushi', period 2022\)"):
        evaluate(_scheme([_ind("g", "percentage", growth)]), snaps)
    results = evaluate(_scheme([_ind("g", "percentage", {**growth, "signed": True})]), snaps)
    assert results.values["g"][np.argmax([p.start.year for p in results.batch.period_labels()])] == pytest.approx(-433 / 2076)


def test_week_53_and_week_spans_a_year_on() -> None:
    # 2020 has 53 ISO weeks, 2019 only 52: 2020-W53 has no week a year earlier, 2021-W01 has
    # 2020-W01; weeks 1..10 of 2021 compare with weeks 1..10 of 2020; weeks 1..53 of 2020 with none.
    assert comparison_period(Period.week(2020, 53), "year_ago") is None
    assert comparison_period(Period.week(2020, 53), "previous") == Period.week(2020, 52)
    assert comparison_period(Period.week(2021, 1), "year_ago") == Period.week(2020, 1)
    assert comparison_period(week_span(2021, 10), "year_ago") == week_span(2020, 10)
    assert comparison_period(week_span(2020, 53), "year_ago") is None
    assert week_span(2020, 53) == Period.range(Period.week(2020, 1).start, Period.week(2020, 53).end)
    assert comparison_period(Period.month(2022, 2), "year_ago") == Period.month(2021, 2)
    with pytest.raises(InputError, match="period shift 'next' is not one of 'previous', 'year_ago'"):
        comparison_period(Period.month(2022, 2), "next")


def test_matching_rows_by_court_and_department() -> None:
    batch = SnapshotBatch.from_columns(
        court=["a", "a", "b", "a"],
        department=[None, None, None, "x"],
        period=["2022-05", "2022-04", "2022-04", "2022-04"],
        columns={"n": np.array([1.0, 2.0, 3.0, 4.0])},
    )
    np.testing.assert_array_equal(matching_rows(batch, "previous"), [1, -1, -1, -1])


def test_a_year_to_date_of_months_finds_last_years_across_february_29() -> None:
    # 1–2月累计 of 2025 ends on February 28, that of 2024 (a leap year) on February 29: the
    # same months a year earlier, not the same dates (2024-01-01/2024-02-28 is no row).
    from courtinfo.evaluation import rollup_periods

    assert comparison_period(Period.parse("2025-01-01/2025-02-28"), "year_ago") == Period.parse("2024-01-01/2024-02-29")
    assert comparison_period(Period.parse("2024-01-01/2024-02-29"), "year_ago") == Period.parse("2023-01-01/2023-02-28")
    assert comparison_period(Period.parse("2022-03-01/2022-05-31"), "year_ago") == Period.parse("2021-03-01/2021-05-31")
    # Not whole months: the same dates a year back.
    assert comparison_period(Period.parse("2025-01-01/2025-02-27"), "year_ago") == Period.parse("2024-01-01/2024-02-27")
    assert comparison_period(Period.parse("2025-01-02/2025-02-28"), "year_ago") == Period.parse("2024-01-02/2024-02-28")
    scheme = _scheme([_ind("new_growth", "percentage", {"kind": "change", "of": "new"})])
    months = SnapshotBatch.from_columns(
        court=["gs"] * 4,
        period=["2024-01", "2024-02", "2025-01", "2025-02"],
        columns={"new": np.array([100.0, 50.0, 120.0, 60.0])},
    )
    ytd = rollup_periods(months, "ytd", aggregates=scheme).batch
    results = evaluate(scheme, ytd)
    got = {str(r.period): r.value for r in results.rows()}
    # 1–2月: 180 against 150, +20%; 1月: 120 against 100, +20%; 2024 has no year before it.
    assert got == {
        "2024-01-01/2024-01-31": None,
        "2024-01-01/2024-02-29": None,
        "2025-01-01/2025-01-31": pytest.approx(0.2, abs=1e-15),
        "2025-01-01/2025-02-28": pytest.approx(0.2, abs=1e-15),
    }
