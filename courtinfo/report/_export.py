"""Export of results: a tidy pandas DataFrame, records, CSV and JSON, all from columns.

Tidy means one row per court, department, period and indicator, batch rows in order and
indicators in scheme order within each (the order of `Results.rows()`). Every export has the
fields of `ResultRow.to_dict` (`COLUMNS`). The DataFrame is data for analysis: values and
points are unrounded there; records, CSV and JSON are presentation and round points half up
to 4 places. CSV and JSON text is built column by column (one text per distinct label,
target or reason), exactly as `render_csv` and `render_json` write the records.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from courtinfo.base import argument, optional_module, round_half_up
from courtinfo.evaluation import RECORD_COLUMNS, Results
from courtinfo.formulas import Status

if TYPE_CHECKING:
    import pandas as pd

#: The columns of `to_dataframe`, `to_csv` and the keys of `to_records`, in order.
COLUMNS = RECORD_COLUMNS

_MISSING_CODE = {s: s.missing_code for s in Status}


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_records(results: Results) -> list[dict[str, Any]]:
    """Every result as plain JSON-ready data (see `ResultRow.to_dict`)."""
    return results.to_records()


# -- text, column by column ------------------------------------------------------------


def _csv_cell(x: object) -> str:
    """A value as `render_csv` writes it: '' for None, repr for floats, quoted when needed."""
    if x is None:
        return ""
    if isinstance(x, float):
        return repr(x)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([x, ""])
    return out.getvalue()[:-2]


def _json_cell(x: object) -> str:
    return json.dumps(x, ensure_ascii=False, allow_nan=False)


def _floats(values: np.ndarray, none: str, rounded: bool = False) -> list[str]:
    """repr of every float, `none` where NaN; points rounded half up (once per value)."""
    items: list[Any] = values.tolist()
    if rounded:
        distinct = {x: round_half_up(x) for x in set(items) if x == x}
        items = [distinct.get(x, x) for x in items]
    texts = list(map(float.__repr__, items))
    for k in np.flatnonzero(np.isnan(values)).tolist():
        texts[k] = none
    return texts


def _texts(results: Results, cell: Callable[[object], str], none: str) -> list[list[str]]:
    """Per indicator, the texts of its fields that vary by row, in `_FIELDS` order."""
    out = []
    for ind in results.scheme.indicators:
        c = results.columns(ind.code)
        n_targets = len(ind.targets) + 1
        which, table = results.reasons(ind.code)
        key = which * n_targets + (c.target + 1)
        distinct, inverse = np.unique(key, return_inverse=True)
        mids = []
        for k in distinct.tolist():
            pos = k % n_targets - 1
            status, reason = table[k // n_targets]
            t = ind.targets[pos] if pos >= 0 else None
            mids.append(
                [
                    cell(_MISSING_CODE[status]),
                    cell(reason),
                    cell(None if t is None else t.value),
                    cell(None if t is None else t.comparator.value),
                    cell(bool(t and t.in_principle)),
                    cell(None if t is None else t.status.value),
                ]
            )
        met_text = [cell(False), cell(True), none]
        met_code = np.where(np.isnan(c.met), 2, c.met == 1.0)
        out.append(
            [
                _floats(c.value, none),
                inverse.reshape(-1).tolist(),
                mids,
                [met_text[k] for k in met_code.tolist()],
                _floats(c.gap, none),
                [none] * len(results) if c.points is None else _floats(c.points, none, True),
            ]
        )
    return out


def _labels(results: Results, cell: Callable[[object], str]) -> tuple[list[str], list[str], list[str]]:
    b = results.batch
    courts = [cell(c) for c in b.courts]
    depts = [cell(d or None) for d in b.departments]
    periods = [cell(str(p)) for p in b.periods]
    return (
        [courts[k] for k in b.court_index.tolist()],
        [depts[k] for k in b.department_index.tolist()],
        [periods[k] for k in b.period_index.tolist()],
    )


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_csv(results: Results) -> str:
    """Every result as CSV with the header `COLUMNS`: `render_csv` of the records."""
    court, dept, period = _labels(results, _csv_cell)
    prefix = [f"{c},{d},{p}," for c, d, p in zip(court, dept, period, strict=True)]
    per_ind = []
    for ind, (vals, which, mids, mets, gaps, pts) in zip(
        results.scheme.indicators, _texts(results, _csv_cell, ""), strict=True
    ):
        head = ",".join(map(_csv_cell, (ind.code, ind.number, ind.name_zh, ind.unit.value)))
        tail = _csv_cell(ind.max_points)
        mid = [",".join(m) for m in mids]
        per_ind.append(
            [
                f"{p}{head},{v},{mid[w]},{m},{g},{q},{tail}"
                for p, v, w, m, g, q in zip(prefix, vals, which, mets, gaps, pts, strict=True)
            ]
        )
    lines = [",".join(COLUMNS)]
    lines += [line for row in zip(*per_ind, strict=True) for line in row]
    return "\n".join(lines) + "\n"


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_json(results: Results) -> str:
    """Every result as a JSON list, deterministic: `render_json` of the records."""
    if not len(results) or not results.scheme.indicators:
        return "[]\n"
    court, dept, period = _labels(results, _json_cell)
    prefix = [
        f'  {{\n    "court": {c},\n    "department": {d},\n    "period": {p},\n'
        for c, d, p in zip(court, dept, period, strict=True)
    ]
    names = ("missing", "reason", "target", "comparator", "in_principle", "target_status")
    per_ind = []
    for ind, (vals, which, mids, mets, gaps, pts) in zip(
        results.scheme.indicators, _texts(results, _json_cell, "null"), strict=True
    ):
        head = "".join(
            f'    "{k}": {_json_cell(v)},\n'
            for k, v in (
                ("indicator", ind.code),
                ("number", ind.number),
                ("name_zh", ind.name_zh),
                ("unit", ind.unit.value),
            )
        )
        tail = f'    "max_points": {_json_cell(ind.max_points)}\n  }}'
        mid = ["".join(f'    "{k}": {t},\n' for k, t in zip(names, m, strict=True)) for m in mids]
        per_ind.append(
            [
                f'{p}{head}    "value": {v},\n{mid[w]}    "target_met": {m},\n'
                f'    "gap": {g},\n    "points": {q},\n{tail}'
                for p, v, w, m, g, q in zip(prefix, vals, which, mets, gaps, pts, strict=True)
            ]
        )
    body = ",\n".join(rec for row in zip(*per_ind, strict=True) for rec in row)
    return "[\n" + body + "\n]\n"


# -- pandas ----------------------------------------------------------------------------


def _pandas() -> Any:
    return optional_module("pandas", "to_dataframe")


@argument('results', Results, "Results (from courtinfo.evaluate)")
def to_dataframe(results: Results) -> pd.DataFrame:
    """The results as a tidy DataFrame (columns `COLUMNS`), built column-wise without row loops.

    Labels are categoricals; `department` is missing for court-level rows; `missing` is 'NA'
    or 'NAP' where there is no value; `reason` says why; `target_met` and `in_principle` are
    nullable booleans; values, gaps and points are unrounded.
    """
    pdm = _pandas()
    b = results.batch
    inds = results.scheme.indicators
    n, k = len(b), len(inds)
    row = np.repeat(np.arange(n, dtype=np.int64), k)
    col = np.tile(np.arange(k, dtype=np.int64), n)
    cols = [results.columns(i.code) for i in inds]

    def grid(arrays: list[np.ndarray]) -> np.ndarray:
        if not arrays or not n:
            return np.empty(n * k)
        return np.stack(arrays, axis=1).reshape(-1)

    named = [d for d in b.departments if d]
    dept_code = np.array(
        [named.index(d) if d else -1 for d in b.departments] or [-1], dtype=np.int64
    )
    status = grid([c.status.astype(np.int64) for c in cols]).astype(np.int64)
    missing_code = np.select(
        [status == Status.OK, status == Status.NOT_PROVIDED, status == Status.INVALID],
        [-1, 0, 2],
        1,
    )
    comparators = sorted({t.comparator.value for i in inds for t in i.targets})
    target_statuses = sorted({t.status.value for i in inds for t in i.targets})

    def per_target(j: int, of: Callable[[Any], int]) -> np.ndarray:
        table = np.array([of(t) for t in inds[j].targets] + [-1], dtype=np.int64)
        return table[cols[j].target]

    comp_code = grid([per_target(j, lambda t: comparators.index(t.comparator.value)) for j in range(k)])
    status_code = grid([per_target(j, lambda t: target_statuses.index(t.status.value)) for j in range(k)])
    principle = grid([per_target(j, lambda t: int(t.in_principle)) for j in range(k)])
    # Reasons: one text per distinct (status, missing inputs) of each indicator.
    reasons: list[str] = []
    reason_at: dict[str, int] = {}
    reason_cols = []
    for ind in inds:
        which, table = results.reasons(ind.code)
        codes = []
        for _, text in table:
            codes.append(reason_at.setdefault(text, len(reasons)))
            if codes[-1] == len(reasons):
                reasons.append(text)
        reason_cols.append(np.array(codes or [0], dtype=np.int64)[which])
    met = grid([c.met for c in cols])
    empty = np.full(n, np.nan)
    points = grid([c.points if c.points is not None else empty for c in cols])
    names_zh = list(dict.fromkeys(i.name_zh for i in inds))
    name_codes = np.array([names_zh.index(i.name_zh) for i in inds] or [0], dtype=np.int64)
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
        "name_zh": pdm.Categorical.from_codes(name_codes[col], categories=names_zh),
        "unit": np.array([i.unit.value for i in inds], dtype=object)[col],
        "value": grid([c.value for c in cols]),
        "missing": pdm.Categorical.from_codes(missing_code, categories=["NA", "NAP", "INVALID"]),
        "reason": pdm.Categorical.from_codes(
            grid(reason_cols).astype(np.int64) if n else row, categories=reasons
        ),
        "target": grid([c.threshold for c in cols]),
        "comparator": pdm.Categorical.from_codes(
            comp_code.astype(np.int64), categories=comparators
        ),
        "in_principle": principle.astype(np.int64) == 1,
        "target_status": pdm.Categorical.from_codes(
            status_code.astype(np.int64), categories=target_statuses
        ),
        "target_met": pdm.arrays.BooleanArray(met == 1.0, np.isnan(met)),
        "gap": grid([c.gap for c in cols]),
        "points": points,
        "max_points": np.array([np.nan if i.max_points is None else i.max_points for i in inds])[
            col
        ],
    }
    return cast("pd.DataFrame", pdm.DataFrame(frame, columns=list(COLUMNS)))
