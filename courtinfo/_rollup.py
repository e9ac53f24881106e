"""Roll-ups: inputs summed up the court tree, never rates averaged.

Counts and measures add up; yes/no answers combine as "any" (a court has a capability if
any of its parts has it); multiple-choice answers as the union of options ticked. A summed
value is not provided only where no contributor provided it.
"""

from __future__ import annotations

import numpy as np

from courtinfo._batch import COURT_LEVEL, Column, SnapshotBatch
from courtinfo._errors import InputError
from courtinfo._values import FloatArray, IntArray, ValueKind
from courtinfo.org import CourtTree

#: Department label of a row that stands for a court and every court under it (全市法院).
SUBTREE = "*"


def _group_sum(col: Column, groups: IntArray, size: int, kind: ValueKind) -> FloatArray:
    values = np.asarray(col, dtype=np.float64)
    given = ~np.isnan(values)
    count = np.bincount(groups, weights=given.astype(np.float64), minlength=size)
    if kind is ValueKind.CHOICE:
        out = np.zeros(size, dtype=np.int64)
        np.bitwise_or.at(out, groups[given], values[given].astype(np.int64))
        summed = out.astype(np.float64)
    else:
        summed = np.bincount(groups, weights=np.where(given, values, 0.0), minlength=size).astype(
            np.float64
        )
        if kind is ValueKind.YES_NO:
            summed = (summed > 0).astype(np.float64)
    return np.where(count > 0, summed, np.nan)


def _aggregate(
    batch: SnapshotBatch,
    rows: IntArray,
    court_codes: IntArray,
    courts: tuple[str, ...],
    label: str,
) -> SnapshotBatch:
    """Rows `rows` of `batch` summed per (court_codes, period); all get department `label`."""
    key = court_codes * len(batch.periods) + batch.period_index[rows]
    uniq, groups = np.unique(key, return_inverse=True)
    groups = groups.reshape(-1)
    size = len(uniq)

    def sums(cols: dict[str, Column] | object) -> dict[str, Column]:
        assert isinstance(cols, dict)
        return {
            name: _group_sum(col[rows], groups, size, batch.kinds.get(name, ValueKind.MEASURE))
            for name, col in cols.items()
        }

    return SnapshotBatch(
        courts=courts,
        court_index=(uniq // len(batch.periods)).astype(np.int64),
        departments=(label,),
        department_index=np.zeros(size, dtype=np.int64),
        periods=batch.periods,
        period_index=(uniq % len(batch.periods)).astype(np.int64),
        columns=sums(dict(batch.columns)),
        platform=sums(dict(batch.platform)),
        kinds=batch.kinds,
    )


def rollup_departments(batch: SnapshotBatch) -> SnapshotBatch:
    """Each court's department rows summed into one court-level row per period."""
    dept_rows = np.flatnonzero(
        np.array(batch.departments, dtype=object)[batch.department_index] != COURT_LEVEL
    )
    if not len(dept_rows):
        msg = "no department rows to roll up: every row is already court-level"
        raise InputError(msg)
    return _aggregate(batch, dept_rows, batch.court_index[dept_rows], batch.courts, COURT_LEVEL)


def rollup_tree(batch: SnapshotBatch, tree: CourtTree) -> SnapshotBatch:
    """For every court with rows at or under it: one `SUBTREE` row per period summing them.

    Court-level rows are used as they are; courts reported only by departments are first
    rolled up from them. A court and its departments both reported would count twice, so
    department rows are used only for courts that have no court-level row in that period.
    """
    court_rows = _court_level(batch)
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    if (labels != COURT_LEVEL).any():
        from_depts = rollup_departments(batch)
        have = set(zip(court_rows.court_index_labels(), court_rows.period_labels(), strict=True))
        keep = np.array(
            [
                (c, p) not in have
                for c, p in zip(
                    from_depts.court_index_labels(), from_depts.period_labels(), strict=True
                )
            ],
            dtype=bool,
        )
        court_rows = (
            _concat(court_rows, from_depts.take(np.flatnonzero(keep)))
            if len(court_rows)
            else from_depts.take(np.flatnonzero(keep))
        )
    codes = tree.codes
    unknown = [c for c in court_rows.courts if c not in tree]
    if unknown:
        msg = f"court {unknown[0]!r} is not in the court tree; cannot roll it up"
        raise InputError(msg)
    position = tree.index(list(court_rows.courts))[court_rows.court_index]
    parents = tree.parent_index
    # Each row counts for its own court and for every ancestor: expand rows along the chain.
    rows_list, owners_list = [], []
    current = position.astype(np.int64)
    row_ids = np.arange(len(court_rows), dtype=np.int64)
    while len(current):
        rows_list.append(row_ids)
        owners_list.append(current)
        up = parents[current]
        keep = up >= 0
        row_ids, current = row_ids[keep], up[keep].astype(np.int64)
    rows = np.concatenate(rows_list) if rows_list else row_ids
    owners = np.concatenate(owners_list) if owners_list else current
    return _aggregate(court_rows, rows, owners, codes, SUBTREE)


def _court_level(batch: SnapshotBatch) -> SnapshotBatch:
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    return batch.take(np.flatnonzero(labels == COURT_LEVEL))


def _concat(a: SnapshotBatch, b: SnapshotBatch) -> SnapshotBatch:
    """Two batches as one (labels re-coded); columns missing on one side are not provided."""
    return SnapshotBatch.from_columns(
        court=[*a.court_index_labels(), *b.court_index_labels()],
        department=[*a.department_labels(), *b.department_labels()],
        period=[*a.period_labels(), *b.period_labels()],
        columns=_stack(a.columns, b.columns, len(a), len(b)),
        platform=_stack(a.platform, b.platform, len(a), len(b)),
        kinds={**a.kinds, **b.kinds},
    )


def _stack(x: object, y: object, nx: int, ny: int) -> dict[str, Column]:
    assert isinstance(x, dict) and isinstance(y, dict)
    names = sorted(set(x) | set(y))
    return {
        n: np.concatenate(
            [
                np.asarray(x.get(n, np.full(nx, np.nan)), dtype=np.float64),
                np.asarray(y.get(n, np.full(ny, np.nan)), dtype=np.float64),
            ]
        )
        for n in names
    }
