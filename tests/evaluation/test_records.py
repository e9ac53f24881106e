"""The record columns of results and the reason a result has no value."""

from __future__ import annotations

from courtinfo import MetricSnapshot, Period, evaluate
from courtinfo.evaluation import RECORD_COLUMNS
from courtinfo.evaluation._records import reason_text
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme


def test_reasons_name_the_status_and_the_missing_inputs() -> None:
    assert reason_text(Status.OK) == ""
    assert reason_text(Status.NOT_PROVIDED) == "not provided"
    assert reason_text(Status.NOT_PROVIDED, ("a", "b")) == "not provided: a, b"
    assert reason_text(Status.ZERO_DENOMINATOR) == "not applicable: zero denominator"
    assert reason_text(Status.NO_CAPABILITY) == "not applicable: capability absent"
    assert reason_text(Status.CATEGORY_ABSENT) == "not applicable: category absent"
    # Missing inputs are named only where the value is not provided.
    assert reason_text(Status.ZERO_DENOMINATOR, ("a",)) == "not applicable: zero denominator"


def test_records_have_the_columns_in_order_with_reasons() -> None:
    scheme = get_scheme("shanghai-2022")
    snap = MetricSnapshot("c1", Period.parse("2022-W21"), "立案庭", {"online_filings": 0, "filings": 0})
    records = evaluate(scheme, snap).to_records()
    assert [list(r) for r in records[:1]] == [list(RECORD_COLUMNS)]
    by_code = {r["indicator"]: r for r in records}
    assert by_code["online_filing_rate"]["reason"] == "not applicable: zero denominator"
    assert by_code["online_filing_rate"]["value"] is None
    assert by_code["e_service_send_rate"]["reason"].startswith("not provided: ")
    assert len(RECORD_COLUMNS) == len(set(RECORD_COLUMNS)) == 18
