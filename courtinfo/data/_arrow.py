"""Batches to and from Apache Arrow tables (pyarrow, the ``arrow`` extra).

A table holds ``court``, ``department`` (optional) and ``period`` label columns, one column per
input, ``platform:<input>`` and ``text:<input>`` columns, as CSV files do. Label columns are
best dictionary-encoded: the dictionary becomes the batch's labels and the indices its label
indices, with no string sorted. Numeric columns without nulls are used without a copy where
their type allows (float64, int64); nulls are values not provided. The kind of every input is
kept in the schema's metadata, so choice answers (bit masks) and yes/no answers come back as
they went in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from courtinfo.base import (
    CourtinfoError,
    InputError,
    Problem,
    ValidationError,
    optional_module,
    shown,
)
from courtinfo.data._cells import (
    COURT_LEVEL,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    Column,
    TextColumn,
    require_labels,
)
from courtinfo.data._labels import normalize_label
from courtinfo.data._values import IntArray, ValueKind
from courtinfo.periods import Period

if TYPE_CHECKING:
    from courtinfo.data._batch import SnapshotBatch

#: Schema metadata key holding {input: kind} as JSON.
KINDS_KEY = b"courtinfo.kinds"
#: Schema metadata key holding the signed inputs (those whose values may be negative) as JSON.
SIGNED_KEY = b"courtinfo.signed"


def pyarrow() -> Any:
    """The pyarrow module, or an `InputError` naming the extra to install."""
    return optional_module("pyarrow", "converting batches to or from Arrow tables", InputError)


def _labels(pa: Any, column: Any, name: str, what: str) -> tuple[tuple[Any, ...], IntArray]:
    """(distinct labels, each row's index) of a label column; dictionaries are used as they
    are (each entry normalised once, entries that normalise alike merged, nothing sorted)."""
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    if column.num_chunks > 1:
        column = column.unify_dictionaries()
    chunks = column.chunks
    dictionary = chunks[0].dictionary.to_pylist() if chunks else []
    parts = [
        c.indices.fill_null(-1).to_numpy() if c.null_count else c.indices.to_numpy() for c in chunks
    ]
    index = (
        np.concatenate(parts).astype(np.int64, copy=False) if parts else np.zeros(0, dtype=np.int64)
    )
    canonical: list[Any] = []
    problems: list[Problem] = []
    for k, raw in enumerate(dictionary):
        try:
            if what == "period":
                canonical.append(Period.parse(str(raw)))
            else:
                canonical.append(normalize_label(raw, what))  # type: ignore[arg-type]
        except CourtinfoError as exc:
            rows = np.flatnonzero(index == k)
            if len(rows):
                problems.append(Problem(f"{name}[{int(rows[0])}]", str(exc)))
    if problems:
        raise ValidationError(problems)
    if column.null_count:
        missing = index < 0
        if what != "department":
            msg = f"null; every row needs a {name}"
            raise ValidationError([Problem(f"{name}[{int(np.flatnonzero(missing)[0])}]", msg)])
        canonical.append("")  # a null department: the court-level row
        index[missing] = len(canonical) - 1
    position: dict[str, int] = {}
    remap = [position.setdefault(str(c), len(position)) for c in canonical]
    if len(position) == len(canonical):
        return tuple(canonical), index
    labels: list[Any] = [None] * len(position)
    for k, c in zip(remap, canonical, strict=True):
        labels[k] = labels[k] if labels[k] is not None else c
    return tuple(labels), np.array(remap, dtype=np.int64)[index]


def _values(pa: Any, column: Any, name: str) -> tuple[Column, ValueKind | None]:
    """A float64 (or int64 without nulls) column, zero-copy where the type allows, and the
    kind its type says. Each chunk is converted once, straight into the column: nulls
    become NaN (not provided) as they are."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    t = column.type
    if pa.types.is_dictionary(t):
        chunks = [c.cast(t.value_type) for c in chunks]
        t = t.value_type
    nulls = sum(c.null_count for c in chunks)
    if pa.types.is_boolean(t):
        kind: ValueKind | None = ValueKind.YES_NO
        chunks = [c.cast(pa.float64()) for c in chunks]
    elif pa.types.is_integer(t):
        kind = ValueKind.COUNT
        if not nulls and pa.types.is_int64(t):
            parts = [c.to_numpy() for c in chunks]
            return (parts[0] if len(parts) == 1 else np.concatenate(parts)), kind
    elif pa.types.is_floating(t) or pa.types.is_decimal(t):
        kind = ValueKind.MEASURE
        if pa.types.is_decimal(t):
            chunks = [c.cast(pa.float64()) for c in chunks]
    elif pa.types.is_null(t):
        return np.full(len(column), np.nan), None
    else:
        msg = f"column {name!r}: Arrow type {t} is not numeric"
        raise InputError(msg)
    if len(chunks) == 1 and not nulls and pa.types.is_float64(chunks[0].type):
        out = chunks[0].to_numpy()
    else:
        # A chunk with nulls comes as float64 with NaN in their place (integers past 2**53
        # too, rounded, where a cast would refuse them: the count rule then names them).
        out = np.empty(len(column), dtype=np.float64)
        at = 0
        for c in chunks:
            out[at : at + len(c)] = c.to_numpy(zero_copy_only=False)
            at += len(c)
    if kind is ValueKind.MEASURE:
        # A NaN stored in the table is not a value: only null is "not provided".
        nan = np.isnan(out)
        if np.count_nonzero(nan) > nulls:
            valid = np.concatenate(
                [c.is_valid().to_numpy(zero_copy_only=False) for c in chunks] or [np.zeros(0, bool)]
            )
            row = int(np.flatnonzero(nan & valid)[0])
            msg = "NaN is not a value; leave the cell null for a value not provided"
            raise ValidationError([Problem(f"{name}[{row}]", msg)])
    return out, kind


def arrow_fields(
    table: Any, kinds: Mapping[str, ValueKind] | None = None, signed: Iterable[str] = ()
) -> dict[str, Any]:
    """The fields of the batch an Arrow table holds (see the module's notes), unchecked;
    `signed` inputs (with those the table's metadata stores) may be negative."""
    pa = pyarrow()
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        msg = f"from_arrow: expected a pyarrow Table or RecordBatch, not {shown(table)}"
        raise InputError(msg)
    names = table.column_names
    require_labels(names, "table")
    stored: dict[str, str] = {}
    meta = table.schema.metadata or {}
    if KINDS_KEY in meta:
        stored = json.loads(meta[KINDS_KEY])
    may_be_negative = set(signed)
    if SIGNED_KEY in meta:
        may_be_negative.update(json.loads(meta[SIGNED_KEY]))
    courts, court_index = _labels(pa, table.column("court"), "court", "court")
    periods, period_index = _labels(pa, table.column("period"), "period", "period")
    if "department" in names:
        departments, department_index = _labels(
            pa, table.column("department"), "department", "department"
        )
    else:
        departments = (COURT_LEVEL,)
        department_index = np.zeros(table.num_rows, dtype=np.int64)
    columns: dict[str, Column] = {}
    platform: dict[str, Column] = {}
    texts: dict[str, TextColumn] = {}
    found: dict[str, ValueKind] = {}
    for name in names:
        if name in ("court", "department", "period"):
            continue
        col = table.column(name)
        if name.startswith(TEXT_PREFIX):
            cells = np.empty(table.num_rows, dtype=object)
            cells[:] = col.to_pylist()
            texts[name.removeprefix(TEXT_PREFIX).strip()] = cells
            continue
        values, kind = _values(pa, col, name)
        target = platform if name.startswith(PLATFORM_PREFIX) else columns
        key = name.removeprefix(PLATFORM_PREFIX).strip()
        target[key] = values
        given = stored.get(key)
        if given is not None:
            found[key] = ValueKind(given)
        elif kind is not None:
            found.setdefault(key, kind)
    if kinds:
        found.update(kinds)
    return {
        "courts": courts,
        "court_index": court_index,
        "departments": departments,
        "department_index": department_index,
        "periods": periods,
        "period_index": period_index,
        "columns": columns,
        "platform": platform,
        "kinds": found,
        "texts": texts,
        "signed": frozenset(may_be_negative & (columns.keys() | platform.keys())),
    }


def batch_to_arrow(batch: SnapshotBatch) -> Any:
    """The batch as an Arrow table: dictionary-encoded labels, nulls for values not provided,
    counts as int64, yes/no as bool, measures as float64, choices as int64 bit masks; every
    input's kind in the schema metadata."""
    pa = pyarrow()
    arrays: list[Any] = []
    names: list[str] = []

    def labels(index: IntArray, values: list[str], null_for: str | None = None) -> Any:
        mask = None
        if null_for is not None and null_for in values:
            mask = index == values.index(null_for)
            if not mask.any():
                mask = None
        return pa.DictionaryArray.from_arrays(
            pa.array(index.astype(np.int32), mask=mask), pa.array(values, type=pa.string())
        )

    arrays.append(labels(batch.court_index, list(batch.courts)))
    names.append("court")
    if batch.departments != ("",):
        arrays.append(labels(batch.department_index, list(batch.departments), null_for=""))
        names.append("department")
    arrays.append(labels(batch.period_index, [str(p) for p in batch.periods]))
    names.append("period")
    kinds: dict[str, str] = {}
    for prefix, group in (("", batch.columns), (PLATFORM_PREFIX, batch.platform)):
        for name, col in group.items():
            kind = batch.kinds.get(name, ValueKind.MEASURE)
            kinds[name] = kind.value
            values = np.asarray(col)
            missing = np.isnan(values) if values.dtype.kind == "f" else None
            if missing is not None and not missing.any():
                missing = None
            if kind is ValueKind.YES_NO:
                arr = pa.array(np.nan_to_num(values) != 0, mask=missing)
            elif kind in (ValueKind.COUNT, ValueKind.CHOICE):
                arr = pa.array(np.nan_to_num(values).astype(np.int64), mask=missing)
            else:
                arr = pa.array(values.astype(np.float64, copy=False), mask=missing)
            arrays.append(arr)
            names.append(prefix + name)
    for name, texts in batch.texts.items():
        arrays.append(pa.array(texts.tolist(), type=pa.string()))
        names.append(TEXT_PREFIX + name)
    table = pa.Table.from_arrays(arrays, names=names)
    meta = {KINDS_KEY: json.dumps(kinds, sort_keys=True)}
    if batch.signed:
        meta[SIGNED_KEY] = json.dumps(sorted(batch.signed))
    return table.replace_schema_metadata(meta)
