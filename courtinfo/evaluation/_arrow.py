"""Results as an Arrow table: the records of `Results.to_records`, built as columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from courtinfo.base import InputError, optional_module, round_half_up
from courtinfo.evaluation._records import RECORD_COLUMNS
from courtinfo.formulas import Status

if TYPE_CHECKING:
    from courtinfo.evaluation._results import Results


def results_to_arrow(results: Results) -> Any:
    """One row per batch row and indicator (rows in batch order, indicators in scheme order),
    the columns of `RECORD_COLUMNS`; text columns dictionary-encoded, nulls where a record
    has None. Values, gaps and targets are the exact floats; points are rounded half up to
    4 places as in every export."""
    pa = optional_module("pyarrow", "converting results to an Arrow table", InputError)
    inds = results.scheme.indicators
    k, n = len(inds), len(results)
    batch = results.batch
    cols = [results.columns(ind.code) for ind in inds]

    def grid(per: list[np.ndarray]) -> np.ndarray:
        """(row, indicator) cells laid out row major, as the records are."""
        if not per:
            return np.zeros(0)
        return np.stack(per, axis=1).reshape(-1)

    def floats(values: np.ndarray) -> Any:
        nan = np.isnan(values)
        return pa.array(values, mask=nan if nan.any() else None, type=pa.float64())

    def strings(index: np.ndarray, labels: list[str | None]) -> Any:
        # A None label is a null: the index of that label is masked.
        nulls = [i for i, x in enumerate(labels) if x is None]
        mask = np.isin(index, nulls) if nulls else None
        dictionary = pa.array([x if x is not None else "" for x in labels], type=pa.string())
        return pa.DictionaryArray.from_arrays(
            pa.array(index.astype(np.int32), mask=mask), dictionary
        )

    rows_court = np.repeat(batch.court_index, k)
    dept_labels = [d or None for d in batch.departments]
    code_index = np.tile(np.arange(k, dtype=np.int64), n)
    out: dict[str, Any] = {
        "court": strings(rows_court, list(batch.courts)),
        "department": strings(np.repeat(batch.department_index, k), dept_labels),
        "period": strings(np.repeat(batch.period_index, k), [str(p) for p in batch.periods]),
        "indicator": strings(code_index, [ind.code for ind in inds]),
    }
    numbers = np.array([-1 if i.number is None else i.number for i in inds] or [-1])[code_index]
    out["number"] = pa.array(numbers, mask=numbers < 0, type=pa.int64())
    out["name_zh"] = strings(code_index, [ind.name_zh for ind in inds])
    out["unit"] = strings(code_index, [ind.unit.value for ind in inds])
    out["value"] = floats(grid([c.value for c in cols]))
    status = grid([c.status.astype(np.int64) for c in cols]).astype(np.int64)
    codes = [s.missing_code for s in Status]
    out["missing"] = strings(status, codes)

    # Reasons: one text per (indicator, status, missing inputs); a global dictionary of them.
    texts: dict[str, int] = {}
    reason_parts = []
    for ind in inds:
        which, reasons = results.reasons(ind.code)
        ids = [texts.setdefault(text, len(texts)) for _, text in reasons]
        reason_parts.append(np.array(ids or [0], dtype=np.int64)[which])
    out["reason"] = strings(grid(reason_parts).astype(np.int64), list(texts))

    # Targets: each indicator's own list, plus "none" at the end, in one global table.
    offsets: list[int] = []
    table: list[tuple[float | None, str | None, bool, str | None]] = []
    for ind in inds:
        offsets.append(len(table))
        table += [
            (t.value, t.comparator.value, t.in_principle, t.status.value) for t in ind.targets
        ]
        table.append((None, None, False, None))
    pos = grid(
        [
            np.where(c.target >= 0, c.target, len(ind.targets)) + off
            for ind, c, off in zip(inds, cols, offsets, strict=True)
        ]
    ).astype(np.int64)
    target_value = np.array([np.nan if t[0] is None else t[0] for t in table] or [np.nan])
    out["target"] = floats(target_value[pos] if len(pos) else np.zeros(0))
    comparators = sorted({t[1] for t in table if t[1] is not None})
    comp_index = np.array(
        [len(comparators) if t[1] is None else comparators.index(t[1]) for t in table] or [0]
    )
    out["comparator"] = strings(comp_index[pos] if len(pos) else pos, [*comparators, None])
    principle = np.array([t[2] for t in table] or [False])
    out["in_principle"] = pa.array(principle[pos] if len(pos) else np.zeros(0, bool))
    statuses = sorted({t[3] for t in table if t[3] is not None})
    st_index = np.array(
        [len(statuses) if t[3] is None else statuses.index(t[3]) for t in table] or [0]
    )
    out["target_status"] = strings(st_index[pos] if len(pos) else pos, [*statuses, None])
    met = grid([c.met for c in cols])
    out["target_met"] = pa.array(met == 1.0, mask=np.isnan(met), type=pa.bool_())
    out["gap"] = floats(grid([c.gap for c in cols]))
    points = grid([c.points if c.points is not None else np.full(n, np.nan) for c in cols])
    if len(points):
        uniq, inverse = np.unique(points, return_inverse=True)
        rounded = np.array([round_half_up(float(p)) for p in uniq.tolist()])
        points = rounded[inverse.reshape(-1)]
    out["points"] = floats(points)
    maxima = np.array([np.nan if i.max_points is None else i.max_points for i in inds] or [np.nan])
    out["max_points"] = floats(maxima[code_index])
    return pa.table({name: out[name] for name in RECORD_COLUMNS})
