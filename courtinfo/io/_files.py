"""Dataset files: the format chosen by suffix, read and written whole."""

from __future__ import annotations

import os
from pathlib import Path

from courtinfo.base import (
    InputError,
    atomic_write,
    shown,
    wrong_type,
)
from courtinfo.data import (
    Dataset,
)
from courtinfo.io._arrow import load_parquet, save_parquet
from courtinfo.io._csv import dataset_from_csv, dataset_to_csv
from courtinfo.io._json import dataset_from_json, dataset_to_json

# -- files ---------------------------------------------------------------------------------


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv", ".parquet"):
        return suffix
    what = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
    msg = f"{path}: cannot tell the file format from {what}; use .json, .csv or .parquet"
    raise InputError(msg)


def _path(path: object, function: str) -> Path:
    """`path` as a Path; an `InputError` naming the argument when it is no str or path."""
    if isinstance(path, (str, os.PathLike)) and isinstance(os.fspath(path), str):
        return Path(path)
    raise InputError(wrong_type(f"{function}: path", "a file path (str or os.PathLike)", path))


def load_dataset(path: str | Path) -> Dataset:
    """The dataset in a `.json`, `.csv` or `.parquet` file."""
    p = _path(path, "load_dataset")
    fmt = _format(p)
    if fmt == ".parquet":
        return load_parquet(p)
    return load_json(p) if fmt == ".json" else load_csv(p)


def _dataset(dataset: object, function: str) -> Dataset:
    """`dataset` when it is a Dataset; an `InputError` naming the argument before any file
    is touched otherwise."""
    if isinstance(dataset, Dataset):
        return dataset
    raise InputError(wrong_type(f"{function}: dataset", "a Dataset", dataset))


def save_dataset(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset` as JSON, CSV or Parquet, by the suffix of `path`, atomically: a failed
    write leaves an existing file as it was."""
    _dataset(dataset, "save_dataset")
    p = _path(path, "save_dataset")
    if _format(p) == ".parquet":
        save_parquet(dataset, p)
    elif _format(p) == ".json":
        save_json(dataset, p)
    else:
        save_csv(dataset, p)


def load_json(path: str | Path) -> Dataset:
    """The dataset in a JSON file."""
    p = _path(path, "load_json")
    return dataset_from_json(_read(p), str(p))


def load_csv(path: str | Path) -> Dataset:
    """The snapshots in a CSV file, as a dataset without courts or departments."""
    p = _path(path, "load_csv")
    return dataset_from_csv(_read(p), str(p))


def save_json(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset_to_json(dataset)` to `path` as UTF-8, atomically."""
    _dataset(dataset, "save_json")
    _write(_path(path, "save_json"), dataset_to_json(dataset))


def save_csv(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset_to_csv(dataset)` to `path` as UTF-8 (snapshots only), atomically."""
    _dataset(dataset, "save_csv")
    _write(_path(path, "save_csv"), dataset_to_csv(dataset))


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        msg = f"{path}: no such file"
        raise InputError(msg) from None
    except OSError as exc:
        msg = f"{path}: cannot read the file ({exc.strerror or exc})"
        raise InputError(msg) from None
    except ValueError as exc:  # an embedded NUL in the path
        msg = f"{shown(str(path))}: cannot read the file ({exc})"
        raise InputError(msg) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = (
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"
        )
        raise InputError(msg) from None


def _write(path: Path, text: str) -> None:
    # Whole or not at all: an existing file survives a full disk or a size limit unchanged.
    atomic_write(path, text)
