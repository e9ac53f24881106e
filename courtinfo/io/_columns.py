"""Readers' columns made into a dataset: labels indexed in one pass, value columns of one kind.

Every reader that reads straight into columns (CSV, tables of cells, JSON) hands its checked
columns here. Nothing here words a problem: anything that would need one gives None, and
the reader then reads the same input one cell at a time, which words every problem.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from courtinfo.base import CourtinfoError, InputError, PeriodError
from courtinfo.data import (
    COURT_LEVEL,
    BoolArray,
    Dataset,
    FloatArray,
    IntArray,
    LabelKind,
    SnapshotBatch,
    TextColumn,
    Value,
    ValueKind,
    kind_of,
    normalize_label,
    to_float,
)
from courtinfo.org import Court, Department
from courtinfo.periods import Period

#: The fields of a snapshot that hold values, as a `ValueColumn` names them.
VALUE_FIELDS = ("values", "platform_values")
_WHOLE_FIELD = {"values": "columns", "platform_values": "platform"}


class ValueColumn(NamedTuple):
    """One input's column of one field: floats (NaN: not given), their kind, and for a column
    of measures the cells written as whole numbers (None when there are none)."""

    field: str
    name: str
    values: FloatArray
    kind: ValueKind
    whole: BoolArray | None = None


Labels = tuple[list[str], IntArray]


def label_index(cells: Sequence[str], what: LabelKind | None) -> Labels | None:
    """Distinct labels in their one spelling (sorted) and each cell's position among them;
    None if a label is refused (`normalize_label`, once per distinct cell). Without `what`
    (periods) labels are only stripped, and a blank one is refused."""
    distinct = list(set(cells))
    at = {c: k for k, c in enumerate(distinct)}
    if len(distinct) == 1:
        first = np.zeros(len(cells), dtype=np.int64)
    else:
        first = np.fromiter(map(at.__getitem__, cells), dtype=np.int64, count=len(cells))
    return distinct_labels(distinct, first, what)


def distinct_labels(distinct: Sequence[str], index: IntArray, what: LabelKind | None) -> Labels | None:
    """`label_index` of cells given as their distinct texts and each cell's position among
    them (`index`)."""
    try:
        if what is None:
            spelled = [c.strip() for c in distinct]
            if "" in spelled:
                return None
        else:
            spelled = [normalize_label(c, what) for c in distinct]
    except InputError:
        return None
    labels = sorted(set(spelled))
    position = {label: k for k, label in enumerate(labels)}
    remap = np.array([position[t] for t in spelled] or [0], dtype=np.int64)
    return labels, remap[index]


def values_column(cells: Sequence[Value | None]) -> tuple[FloatArray, ValueKind, BoolArray | None] | None:
    """A column of good values (None: not given) as floats, its kind and, when counts and
    measures mix, which cells are whole numbers; None when none is given or kinds do not mix."""
    values = np.full(len(cells), math.nan)
    kinds: set[ValueKind] = set()
    whole: list[int] = []
    for i, value in enumerate(cells):
        if value is None:
            continue
        kind = kind_of(value)
        kinds.add(kind)
        if kind is ValueKind.COUNT:
            whole.append(i)
        values[i] = to_float(value)
    if kinds == {ValueKind.COUNT, ValueKind.MEASURE}:
        mask = np.zeros(len(cells), dtype=bool)
        mask[whole] = True
        return values, ValueKind.MEASURE, mask
    if len(kinds) != 1:
        return None
    return values, kinds.pop(), None


def columns_dataset(
    n: int,
    labels: Mapping[str, Labels],
    values: Sequence[ValueColumn],
    texts: Mapping[str, TextColumn],
    courts: Sequence[Court] = (),
    departments: Sequence[Department] = (),
) -> Dataset | None:
    """The dataset of checked columns, or None when something needs a word: a period that does
    not parse, kinds that do not mix, a bad cell, two rows of one court, department, period.

    `labels` are the court, period (as written) and optionally department labels.
    """
    kinds: dict[str, ValueKind] = {}
    whole: dict[tuple[str, str], BoolArray] = {}
    for col in values:
        had = kinds.setdefault(col.name, col.kind)
        if had is not col.kind:
            if {had, col.kind} != {ValueKind.COUNT, ValueKind.MEASURE}:
                return None  # kinds that do not mix: the cell reader words it
            kinds[col.name] = ValueKind.MEASURE
        if col.whole is not None:
            whole[_WHOLE_FIELD[col.field], col.name] = col.whole
    for col in values:
        # A count column beside a measure column of the same input: its cells stay whole.
        if col.kind is ValueKind.COUNT and kinds[col.name] is ValueKind.MEASURE:
            whole[_WHOLE_FIELD[col.field], col.name] = ~np.isnan(col.values)
    court_labels, court_index = labels["court"]
    no_department = ([COURT_LEVEL], np.zeros(n, dtype=np.int64))
    department_labels, department_index = labels.get("department", no_department)
    raw_periods, raw_index = labels["period"]
    try:
        parsed = [Period.parse(p) for p in raw_periods]
    except PeriodError:
        return None
    canonical = sorted({str(p) for p in parsed})
    at = {p: k for k, p in enumerate(canonical)}
    merge = np.array([at[str(p)] for p in parsed] or [0], dtype=np.int64)
    period_of = {str(p): p for p in parsed}
    by_field = {
        field: {c.name: c.values for c in sorted(values, key=lambda c: c.name) if c.field == field}
        for field in VALUE_FIELDS
    }
    batch = SnapshotBatch(
        courts=tuple(court_labels),
        court_index=court_index,
        departments=tuple(department_labels),
        department_index=department_index,
        periods=tuple(period_of[p] for p in canonical),
        period_index=merge[raw_index] if n else raw_index,
        columns=by_field["values"],
        platform=by_field["platform_values"],
        kinds=kinds,
        texts={k: texts[k] for k in sorted(texts)},
    )
    try:
        return Dataset.from_batch(batch, courts, departments, whole=whole)
    except CourtinfoError:
        return None  # a bad cell or duplicate rows: the cell reader words them by place
