"""Parquet files (pyarrow, the ``arrow`` extra): snapshots and results as columns.

A dataset's Parquet file is its batch as `SnapshotBatch.to_arrow` lays it out (dictionary
labels, nulls for values not provided, kinds in the metadata), with the court tree and the
departments, when the dataset lists them, as JSON in the file's metadata. Files are written
atomically: a failed write leaves an existing file as it was.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from courtinfo.base import (
    InputError,
    ValidationError,
    argument,
    atomic_file,
    optional_module,
    wrong_type,
)
from courtinfo.data import BatchSnapshots, Dataset, SnapshotBatch
from courtinfo.evaluation import Results
from courtinfo.indicators import Scheme
from courtinfo.io._common import courts_outside
from courtinfo.io._json import dataset_from_data, dataset_to_data

#: File metadata key holding the dataset's courts and departments as JSON.
DATASET_KEY = b"courtinfo.dataset"


def _parquet() -> Any:
    return optional_module("pyarrow.parquet", "reading or writing Parquet files", InputError)


@argument('path', (str, os.PathLike), "a file path (str or os.PathLike)")
def read_parquet_table(path: str | Path, columns: list[str] | None = None) -> Any:
    """The Arrow table in a Parquet file (or a directory of them), as pyarrow reads it."""
    pq = _parquet()
    p = Path(path)
    if not p.exists():
        msg = f"{p}: no such file"
        raise InputError(msg)
    try:
        return pq.read_table(p, columns=columns)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        msg = f"{p}: cannot read it as Parquet ({str(exc).splitlines()[0]})"
        raise InputError(msg) from None


def _batch_of(table: Any, path: str | Path, scheme: Scheme | None) -> SnapshotBatch:
    """The checked batch of a Parquet file's table; its problems name the file. A negative
    value is read only for an input `scheme` declares signed (or the file stores as signed)."""
    signed = scheme.signed_inputs if scheme is not None else frozenset()
    try:
        return SnapshotBatch.from_arrow(table, signed=signed)
    except ValidationError as exc:
        raise type(exc)(exc.problems, str(path)) from None
    except InputError as exc:
        raise type(exc)(f"{path}: {exc}") from None


@argument('path', (str, os.PathLike), "a file path (str or os.PathLike)")
def read_parquet(path: str | Path, *, scheme: Scheme | None = None) -> SnapshotBatch:
    """The snapshots in a Parquet file (or a directory of them) as a checked batch; with
    `scheme`, its signed inputs may be negative."""
    return _batch_of(read_parquet_table(path), path, scheme)


@argument('path', (str, os.PathLike), "a file path (str or os.PathLike)")
def load_parquet(path: str | Path, *, scheme: Scheme | None = None) -> Dataset:
    """The dataset in a Parquet file: its snapshots, and its courts and departments if stored;
    negative values as `read_parquet` reads them.

    With a court tree stored, a row whose court is not in it is refused (`ValidationError`
    naming the court and the close matches), as the JSON reader does."""
    table = read_parquet_table(path)
    meta = (table.schema.metadata or {}).get(DATASET_KEY)
    batch = _batch_of(table, path, scheme)
    # The checked batch as it is: snapshots are made only when read (`BatchSnapshots`).
    if meta is None:
        return Dataset(BatchSnapshots(batch))
    org = dataset_from_data({**json.loads(meta), "snapshots": []}, str(path))
    tree = org.tree()
    if tree is not None:
        problems = courts_outside(batch, tree, lambda i: f"court[{i}]")
        if problems:
            raise ValidationError(problems, str(path))
    return Dataset(BatchSnapshots(batch), courts=org.courts, departments=org.departments)


def write_parquet(data: Dataset | SnapshotBatch | Results, path: str | Path) -> None:
    """Write a dataset, a batch or results to a Parquet file, atomically."""
    pq = _parquet()
    if isinstance(data, (Results, SnapshotBatch)):
        table = data.to_arrow()
    elif isinstance(data, Dataset):
        table = data.batch().to_arrow()
        if data.courts or data.departments:
            org = dataset_to_data(Dataset((), courts=data.courts, departments=data.departments))
            org.pop("snapshots", None)
            meta = dict(table.schema.metadata or {})
            meta[DATASET_KEY] = json.dumps(org, ensure_ascii=False).encode("utf-8")
            table = table.replace_schema_metadata(meta)
    else:
        raise InputError(wrong_type("write_parquet: data", "a Dataset, SnapshotBatch or Results", data))
    with atomic_file(path) as f:
        pq.write_table(table, f)


@argument("dataset", Dataset, "a Dataset")
def save_parquet(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset` to a Parquet file, atomically (`write_parquet`)."""
    write_parquet(dataset, path)
