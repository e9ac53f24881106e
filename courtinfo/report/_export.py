"""Export of results: a tidy pandas DataFrame, or plain records and JSON without pandas.

Tidy means one row per court, department, period and indicator, batch rows in order and
indicators in scheme order within each (the order of `Results.rows()`). The DataFrame is
data for analysis: values and points are unrounded there; `to_records` and `to_json` are
presentation and round points half up to 4 places (`ResultRow.to_dict`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np

from courtinfo.base import CourtinfoError
from courtinfo.evaluation import Results
from courtinfo.formulas import Status
from courtinfo.report._render import render_json

if TYPE_CHECKING:
    import pandas as pd

#: The columns of `to_dataframe`, in order.
COLUMNS = (
    "court",
    "department",
    "period",
    "indicator",
    "number",
    "name_zh",
    "unit",
    "value",
    "missing",
    "target",
    "comparator",
    "met",
    "points",
    "max_points",
)


def to_records(results: Results) -> list[dict[str, Any]]:
    """Every result as plain JSON-ready data (see `ResultRow.to_dict`)."""
    return results.to_records()


def to_json(results: Results) -> str:
    """Every result as a JSON list, deterministic."""
    return render_json(to_records(results))


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        msg = "to_dataframe needs pandas: pip install 'courtinfo[pandas]'"
        raise CourtinfoError(msg) from None
    return pandas


def to_dataframe(results: Results) -> pd.DataFrame:
    """The results as a tidy DataFrame (columns `COLUMNS`), built column-wise without row loops.

    Labels are categoricals; `department` is missing for court-level rows; `missing` is 'NA'
    or 'NAP' where there is no value; `met` is a nullable boolean.
    """
    pdm = _pandas()
    b = results.batch
    inds = results.scheme.indicators
    n, k = len(b), len(inds)
    row = np.repeat(np.arange(n, dtype=np.int64), k)
    col = np.tile(np.arange(k, dtype=np.int64), n)

    def grid(arrays: list[np.ndarray]) -> np.ndarray:
        if not arrays or not n:
            return np.empty(n * k)
        return np.stack(arrays, axis=1).reshape(-1)

    named = [d for d in b.departments if d]
    dept_code = np.array(
        [named.index(d) if d else -1 for d in b.departments] or [-1], dtype=np.int64
    )
    status = grid([np.asarray(results.statuses[i.code], dtype=np.int64) for i in inds]).astype(
        np.int64
    )
    missing_code = np.where(status == Status.OK, -1, np.where(status == Status.NOT_PROVIDED, 0, 1))
    comparators = sorted({t.comparator.value for i in inds for t in i.targets})
    comp_tables = [
        np.array([comparators.index(t.comparator.value) for t in i.targets] + [-1], dtype=np.int64)
        for i in inds
    ]
    comp_code = grid([comp_tables[j][results.target_index[i.code]] for j, i in enumerate(inds)])
    met = grid([results.met(i.code) for i in inds])
    empty = np.full(n, np.nan)
    points = grid([p if (p := results.points(i.code)) is not None else empty for i in inds])
    names = list(dict.fromkeys(i.name_zh for i in inds))
    name_codes = np.array([names.index(i.name_zh) for i in inds] or [0], dtype=np.int64)
    numbers = pdm.array([i.number for i in inds], dtype="Int64")
    frame = {
        "court": pdm.Categorical.from_codes(b.court_index[row], categories=list(b.courts)),
        "department": pdm.Categorical.from_codes(
            dept_code[b.department_index[row]] if n else row, categories=named
        ),
        "period": pdm.Categorical.from_codes(
            b.period_index[row], categories=[str(p) for p in b.periods]
        ),
        "indicator": pdm.Categorical.from_codes(col, categories=[i.code for i in inds]),
        "number": numbers.take(col) if n else pdm.array([], dtype="Int64"),
        "name_zh": pdm.Categorical.from_codes(name_codes[col], categories=names),
        "unit": np.array([i.unit.value for i in inds], dtype=object)[col],
        "value": grid([np.asarray(results.values[i.code], dtype=np.float64) for i in inds]),
        "missing": pdm.Categorical.from_codes(missing_code, categories=["NA", "NAP"]),
        "target": grid([results.target_values(i.code) for i in inds]),
        "comparator": pdm.Categorical.from_codes(
            comp_code.astype(np.int64), categories=comparators
        ),
        "met": pdm.arrays.BooleanArray(met == 1.0, np.isnan(met)),
        "points": points,
        "max_points": np.array([np.nan if i.max_points is None else i.max_points for i in inds])[
            col
        ],
    }
    return cast("pd.DataFrame", pdm.DataFrame(frame, columns=list(COLUMNS)))
