"""Results as an Arrow table: the records of `to_records`, as columns, with nulls for None."""

from __future__ import annotations

import math

from courtinfo import MetricSnapshot, Period, evaluate
from courtinfo.evaluation import RECORD_COLUMNS
from courtinfo.indicators import get_scheme


def test_the_table_holds_the_records_exactly() -> None:
    scheme = get_scheme("shanghai-2022")
    week = Period.parse("2022-W21")
    results = evaluate(
        scheme,
        [
            MetricSnapshot("c1", week, "立案庭", {"online_filings": 55, "filings": 169}),
            MetricSnapshot("c1", week, None, {"online_filings": 0, "filings": 0}),
        ],
    )
    table = results.to_arrow()
    assert table.column_names == list(RECORD_COLUMNS)
    assert table.num_rows == 2 * len(scheme.indicators)
    records = results.to_records()
    rows = table.to_pylist()
    for got, want in zip(rows, records, strict=True):
        for key in RECORD_COLUMNS:
            a, b = got[key], want[key]
            assert a == b or (isinstance(a, float) and math.isnan(a) and b is None), key
    first = rows[[r["indicator"] for r in rows].index("online_filing_rate")]
    assert first["value"] == 55 / 169 and first["department"] == "立案庭"
    court_level = [r for r in rows if r["department"] is None and r["indicator"] == "online_filing_rate"]
    assert court_level[0]["value"] is None
    assert court_level[0]["reason"] == "not applicable: zero denominator"
