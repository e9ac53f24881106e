"""Roll-ups: inputs summed up the court tree, never rates averaged.

Counts and measures add up; yes/no answers combine as "any" (a court has a capability if
any of its parts has it); multiple-choice answers as the union of options ticked. Where a
contributor did not provide an input, the `missing` policy decides: "skip" sums what was
provided (a department with no such cases leaves the input out), so a sum is not provided
only where no contributor provided it; "propagate" makes the sum not provided as soon as
one contributor did not provide it (a court total is then never a partial one).

How it is computed: every row gets an integer group key (court x period), and each column is
summed per group with `group_sums`: one weighted `np.bincount` over the rows for counts, in
ascending order of value within each group for measures, so that a sum does not depend on the
order of the rows. When the court x period grid is small enough (the usual case: most courts report
most periods) the key indexes the grid directly; otherwise it is compressed with
`np.unique`. Up the tree, each court's own rows are summed (as above), then the courts'
sums are added into their parents' level by level, deepest first, a parent's children in
the tree's order: the grid of every court and period when it is small enough, else only the
cells that have rows and their ancestors' cells. Both make the same additions in the same
order, so a roll-up has the same bits whichever is taken, whatever the order of the rows,
and however the rows are split below a court (`courtinfo.dask` sums each part the same way).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError, argument
from courtinfo.data import (
    COURT_LEVEL,
    MAX_COUNT,
    Column,
    FloatArray,
    IntArray,
    SnapshotBatch,
    ValueKind,
    group_sums,
)
from courtinfo.org import CourtTree

#: Department label of a row that stands for a court and every court under it (全市法院).
SUBTREE = "*"

#: What a contributor that did not provide an input does to the sum: nothing ("skip"), or
#: makes it not provided ("propagate").
MissingPolicy = Literal["skip", "propagate"]

#: A dense court x period grid is used when it has at most this many cells per row summed,
#: or at most `_DENSE_MIN_CELLS` cells; beyond that the keys are compressed with np.unique.
_DENSE_CELLS_PER_ROW = 4
_DENSE_MIN_CELLS = 1 << 20

#: Rows are picked out (copied) per column when fewer than this share of them is summed;
#: otherwise the rows left out get a spare group that is dropped at the end.
_GATHER_BELOW = 0.25

_Key = npt.NDArray[np.intp]
#: Per group: a float64 sum, or an int64 union of choice bits.
_Total = npt.NDArray[np.float64] | npt.NDArray[np.int64]


def _dense(cells: int, rows: int) -> bool:
    return cells <= max(_DENSE_MIN_CELLS, _DENSE_CELLS_PER_ROW * rows)


class _Groups:
    """Rows summed into groups 0..size-1 by `key`; rows keyed `size` belong to no group.

    `rows`, if given, picks the rows of every column that `key` is aligned with.
    """

    def __init__(self, key: _Key, size: int, rows: _Key | None = None) -> None:
        self.key = key
        self.size = size
        self.rows = rows
        #: How many rows each group has.
        self.members: FloatArray = self._bincount(key)

    def _bincount(self, key: _Key, weights: npt.NDArray[np.float64] | None = None) -> FloatArray:
        out = np.bincount(key, weights=weights, minlength=self.size + 1)[: self.size]
        return out.astype(np.float64, copy=False)

    def sums(self, col: Column, kind: ValueKind) -> tuple[_Total, FloatArray]:
        """Per group: the total of the values provided (an int64 union for choices), how many.

        Values not provided add 0.0 to the total and are not counted.
        """
        values = col if self.rows is None else col[self.rows]
        key = self.key
        missing: _Key | None = None
        if values.dtype.kind == "f":
            missing = np.flatnonzero(np.isnan(values))
            if not len(missing):
                missing = None
        if kind is ValueKind.CHOICE:
            # Not provided = no option ticked: 0 leaves a union as it is.
            bits = np.nan_to_num(values, nan=0.0).astype(np.int64)
            union = np.zeros(self.size + 1, dtype=np.int64)
            np.bitwise_or.at(union, key, bits)
            total: _Total = union[: self.size]
        elif missing is None:
            total = group_sums(key, values, self.size)
        else:
            # A value not provided adds 0.0, which leaves every sum's bits as they are.
            total = group_sums(key, np.where(np.isnan(values), 0.0, values), self.size)
        if missing is None:
            return total, self.members
        return total, self.members - self._bincount(key[missing])


def _check_policy(missing: object, function: str) -> None:
    if missing not in ("skip", "propagate"):
        msg = f"{function}: missing must be 'propagate' or 'skip', not {missing!r}"
        raise InputError(msg)


def _value(
    total: _Total, count: FloatArray, members: FloatArray, kind: ValueKind, missing: MissingPolicy
) -> FloatArray:
    """The summed value of each group: NaN where nobody (or, propagating, not all) provided it."""
    if kind is ValueKind.YES_NO:
        summed = (total > 0).astype(np.float64)
    else:
        summed = total.astype(np.float64, copy=False)
    given = count > 0 if missing == "skip" else count == members
    return np.where(given, summed, np.nan)


def check_sums(name: str, values: FloatArray, kind: ValueKind, where: Callable[[int], str]) -> None:
    """Refuse sums past what a batch holds, naming the first such row (`where(i)` says whose).

    A count sum that reaches 2**53 in size: past it float64 no longer holds every whole
    number, so it may already have been rounded (2**53 + 1 adds up to 2**53), and so a
    signed count's sum that falls to -2**53. A measure sum past 2**53 in size: no batch
    accepts such a value (`value_problem`), so the rolled-up batch could not be read back.
    Yes/no answers and choices are not sums.
    """
    if kind is ValueKind.COUNT:
        with np.errstate(invalid="ignore"):
            over = np.flatnonzero(np.abs(values) >= MAX_COUNT)
        rule = "reaches 2**53 ({:.17g}); counts are exact only below it"
    elif kind is ValueKind.MEASURE:
        with np.errstate(invalid="ignore"):
            over = np.flatnonzero(np.abs(values) > MAX_COUNT)
        rule = "is {:.17g}, past the largest supported value 2**53"
    else:
        return
    if len(over):
        i = int(over[0])
        msg = f"{name}: the sum for {where(i)} " + rule.format(values[i])
        raise InputError(msg)


def _check_exact(
    name: str,
    values: FloatArray,
    kind: ValueKind,
    courts: tuple[str, ...],
    codes: IntArray,
    batch: SnapshotBatch,
) -> None:
    """`check_sums` of the rows keyed `codes` (court * n_periods + period)."""
    n_p = len(batch.periods)

    def where(i: int) -> str:
        court, period = courts[int(codes[i]) // n_p], batch.periods[int(codes[i]) % n_p]
        return f"court {court!r}, period {period}"

    check_sums(name, values, kind, where)


def _result(
    batch: SnapshotBatch,
    courts: tuple[str, ...],
    label: str,
    codes: IntArray,
    columns: dict[str, FloatArray],
    platform: dict[str, FloatArray],
) -> SnapshotBatch:
    n_p = len(batch.periods)
    return SnapshotBatch(
        courts=courts,
        court_index=codes // n_p,
        departments=(label,),
        department_index=np.zeros(len(codes), dtype=np.int64),
        periods=batch.periods,
        period_index=codes % n_p,
        columns=columns,
        platform=platform,
        kinds=batch.kinds,
        checked=batch.checked,
        signed=batch.signed,
    )


def _aggregate(
    batch: SnapshotBatch,
    key: _Key,
    size: int,
    rows: _Key | None,
    courts: tuple[str, ...],
    label: str,
    missing: MissingPolicy,
) -> SnapshotBatch:
    """Rows of `batch` summed per `key` (court * n_periods + period, `size` for no group)."""
    if _dense(size, len(key)):
        groups = _Groups(key, size, rows)
        present: _Key | None = np.flatnonzero(groups.members > 0)
        codes = np.asarray(present, dtype=np.int64)
    else:
        inside = key < size
        if not inside.all():
            (kept,) = np.nonzero(inside)
            rows = kept if rows is None else rows[kept]
            key = key[kept]
        uniq, inverse = np.unique(key, return_inverse=True)
        groups = _Groups(inverse.ravel().astype(np.intp, copy=False), len(uniq), rows)
        present, codes = None, uniq.astype(np.int64)

    def sums(cols: Mapping[str, Column]) -> dict[str, FloatArray]:
        out: dict[str, FloatArray] = {}
        for name, col in cols.items():
            kind = batch.kinds.get(name, ValueKind.MEASURE)
            total, count = groups.sums(col, kind)
            value = _value(total, count, groups.members, kind, missing)
            out[name] = value if present is None else value[present]
            _check_exact(name, out[name], kind, courts, codes, batch)
        return out

    return _result(batch, courts, label, codes, sums(batch.columns), sums(batch.platform))


def _is_court_level(batch: SnapshotBatch) -> npt.NDArray[np.bool_]:
    """Per row: is it a court-level row (no department)?"""
    by_label = np.array([d == COURT_LEVEL for d in batch.departments], dtype=bool)
    return by_label[batch.department_index]


def _local_key(batch: SnapshotBatch) -> _Key:
    """court_index * n_periods + period_index, per row."""
    key = batch.court_index.astype(np.intp) * len(batch.periods)
    key += batch.period_index
    return key


def _pick(key: _Key, size: int, picked: npt.NDArray[np.bool_]) -> tuple[_Key, _Key | None]:
    """The rows `picked` of `key`: gathered when few, else the others keyed to no group."""
    n_picked = int(np.count_nonzero(picked))
    if n_picked == len(key):
        return key, None
    if n_picked < _GATHER_BELOW * len(key):
        rows = np.flatnonzero(picked).astype(np.intp, copy=False)
        return key[rows], rows
    key[~picked] = size
    return key, None


@argument("batch", SnapshotBatch, "a SnapshotBatch (dataset.batch())")
def rollup_departments(
    batch: SnapshotBatch, *, missing: MissingPolicy = "propagate"
) -> SnapshotBatch:
    """Each court's department rows summed into one court-level row per period.

    `missing` says what a department that did not provide an input does to its court's sum
    (see the module's notes): "propagate" (the default) or "skip".
    """
    _check_policy(missing, "rollup_departments")
    if not batch.checked:
        batch = batch.validated()  # duplicates (one department under two names) never summed
    is_dept = ~_is_court_level(batch)
    if not is_dept.any():
        msg = "no department rows to roll up: every row is already court-level"
        raise InputError(msg)
    size = len(batch.courts) * len(batch.periods)
    key, rows = _pick(_local_key(batch), size, is_dept)
    return _aggregate(batch, key, size, rows, batch.courts, COURT_LEVEL, missing)


@argument("batch", SnapshotBatch, "a SnapshotBatch (dataset.batch())")
def rollup_tree(
    batch: SnapshotBatch, tree: CourtTree, *, missing: MissingPolicy = "propagate"
) -> SnapshotBatch:
    """For every court with rows at or under it: one `SUBTREE` row per period summing them.

    Court-level rows are used as they are; courts reported only by departments are first
    rolled up from them. A court and its departments both reported would count twice, so
    department rows are used only for courts that have no court-level row in that period.
    `missing` is as for `rollup_departments`.
    """
    _check_policy(missing, "rollup_tree")
    if not batch.checked:
        batch = batch.validated()
    unknown = [c for c in batch.courts if c not in tree]
    if unknown:
        msg = f"court {unknown[0]!r} is not in the court tree; cannot roll it up"
        raise InputError(msg)
    n_p = len(batch.periods)
    is_court = _is_court_level(batch)
    local = _local_key(batch)
    # Rows that count: court-level rows, and department rows of a court and period that
    # has no court-level row.
    counted: npt.NDArray[np.bool_] | None = None
    if not is_court.all():
        reported = np.zeros(len(batch.courts) * n_p, dtype=bool)
        reported[local[is_court]] = True
        counted = is_court | ~reported[local]
    del local
    position = tree.index(list(batch.courts)).astype(np.intp)
    key = position[batch.court_index]
    key *= n_p
    key += batch.period_index
    size = len(tree) * n_p
    picked = np.ones(len(key), dtype=bool) if counted is None else counted
    if _dense(size, len(key)):
        key, rows = _pick(key, size, picked)
        return _tree_on_cells(batch, tree, key, None, rows, missing)
    # Sparse: only the cells with rows and their ancestors' cells, in the grid's order.
    rows = None if counted is None else np.flatnonzero(picked)
    if rows is not None:
        key = key[rows]
    cells = _with_ancestors(np.unique(key), tree.parent_index, n_p)
    key = np.searchsorted(cells, key)
    return _tree_on_cells(batch, tree, key, cells, rows, missing)


def _with_ancestors(cells: _Key, parents: IntArray, n_p: int) -> _Key:
    """Grid cells (court * n_p + period, ascending) with their ancestors' cells added."""
    found = [cells]
    current = cells
    while len(current):
        up = parents[current // n_p]
        keep = up >= 0
        current = np.unique(up[keep] * n_p + current[keep] % n_p).astype(np.intp, copy=False)
        found.append(current)
    return np.unique(np.concatenate(found)).astype(np.intp, copy=False)


def _levels(tree: CourtTree, n_p: int, cells: _Key | None) -> list[tuple[_Key, _Key]]:
    """Deepest first, per depth: (the places of the cells of the courts at it, the places of
    their parents' cells), in the grid's order; places in `cells` (ascending grid cells)
    if given, else in the whole grid."""
    parents = tree.parent_index.astype(np.intp)
    depth = np.zeros(len(parents), dtype=np.intp)
    up = parents.copy()
    for _ in range(len(parents)):  # a tree has no cycles: at most len(parents) steps
        has = up >= 0
        if not has.any():
            break
        depth[has] += 1
        up = np.where(has, parents[np.maximum(up, 0)], -1)
    periods = np.arange(n_p, dtype=np.intp)
    out = []
    for d in range(int(depth.max()) if len(depth) else 0, 0, -1):
        if cells is None:
            sel = np.flatnonzero(depth == d)
            places = (sel[:, None] * n_p + periods).ravel()
            parent_places = (parents[sel][:, None] * n_p + periods).ravel()
        else:
            places = np.flatnonzero(depth[cells // n_p] == d)
            parent_cells = parents[cells[places] // n_p] * n_p + cells[places] % n_p
            parent_places = np.searchsorted(cells, parent_cells)
        out.append((places, parent_places))
    return out


def _tree_on_cells(
    batch: SnapshotBatch,
    tree: CourtTree,
    key: _Key,
    cells: _Key | None,
    rows: _Key | None,
    missing: MissingPolicy,
) -> SnapshotBatch:
    """Rows summed into court x period cells (`key`: places in `cells`, or in the whole grid
    if None), then each level added into its parents'."""
    n_p = len(batch.periods)
    size = len(tree) * n_p if cells is None else len(cells)
    levels = _levels(tree, n_p, cells)

    def up(grid: _Total, union: bool = False) -> None:
        for places, parent_places in levels:
            if union:
                np.bitwise_or.at(grid, parent_places, grid[places])
            else:
                grid += np.bincount(parent_places, weights=grid[places], minlength=size)

    groups = _Groups(key, size, rows)
    members = groups.members.copy()
    up(members)
    present = np.flatnonzero(members > 0)

    def sums(cols: Mapping[str, Column]) -> dict[str, FloatArray]:
        out: dict[str, FloatArray] = {}
        for name, col in cols.items():
            kind = batch.kinds.get(name, ValueKind.MEASURE)
            # Both are fresh arrays (bar `members`), added into in place.
            total, count = groups.sums(col, kind)
            up(total, union=kind is ValueKind.CHOICE)
            if count is groups.members:
                count = members
            else:
                up(count)
            out[name] = _value(total[present], count[present], members[present], kind, missing)
            _check_exact(name, out[name], kind, tree.codes, codes, batch)
        return out

    codes = (present if cells is None else cells[present]).astype(np.int64)
    return _result(batch, tree.codes, SUBTREE, codes, sums(batch.columns), sums(batch.platform))
