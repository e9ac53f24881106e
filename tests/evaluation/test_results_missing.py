"""Missing inputs named through an earlier period: 环比 reads 结收比 a month earlier, so
a row's reason names the inputs missing in its own row and in the row of the month before."""

from __future__ import annotations

import math

import numpy as np

from courtinfo import SnapshotBatch, evaluate
from tests.evaluation.test_results_invalid import scheme

NAN = math.nan


def test_inputs_missing_a_month_earlier_are_read_in_that_row() -> None:
    # hx gave no closures in May and no filings in June; jd gave both months (8/10, 9/10).
    batch = SnapshotBatch.from_columns(
        court=["hx", "jd", "hx", "jd"],
        period=["2022-05", "2022-05", "2022-06", "2022-06"],
        columns={
            "closed": np.array([NAN, 8, 5, 9]),
            "filed": np.array([10.0, 10, NAN, 10]),
            "sent": np.ones(4),
            "total": np.ones(4),
        },
    )
    results = evaluate(scheme(), batch)
    names, mask = results.missing_codes("growth")
    assert names == ("closed", "filed", "closed@previous", "filed@previous")
    # May has no April; hx's June misses its filings and May's closures (row 0), not jd's.
    assert mask.tolist() == [0b1101, 0b1100, 0b0110, 0]
    assert [results.row(i, "growth").reason for i in range(4)] == [
        "not provided: closed, closed@previous, filed@previous",
        "not provided: closed@previous, filed@previous",
        "not provided: filed, closed@previous",
        "",
    ]
    assert results.missing_inputs("growth", 2) == ("filed", "closed@previous")
    assert [r["reason"] for r in results.to_records() if r["indicator"] == "growth"] == [
        results.row(i, "growth").reason for i in range(4)
    ]
