"""Dataset files: the format chosen by suffix (or named), read and written whole.

Every file is written atomically (`atomic_write`). Text is UTF-8 unless `encoding`
says otherwise (`gb18030`/`gbk` for what Excel saves on Chinese Windows); a file that does
not decode is refused with the line and, where it would decode as GB18030, a hint to say so,
never decoded by a guess.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from courtinfo.base import (
    MAX_INPUT_BYTES,
    InputError,
    argument,
    atomic_write,
    check_max_bytes,
    path_argument,
    read_file,
    shown,
    too_large,
    wrong_type,
)
from courtinfo.data import (
    Dataset,
)
from courtinfo.indicators import Scheme
from courtinfo.io._arrow import load_parquet, save_parquet
from courtinfo.io._csv import dataset_from_csv, dataset_to_csv
from courtinfo.io._json import dataset_from_json, dataset_to_json
from courtinfo.io._xlsx import DATA_SHEET, dataset_from_xlsx, dataset_to_xlsx

#: The formats a dataset file may have, by the name `--input-format` takes.
INPUT_FORMATS = ("json", "csv", "xlsx")

# -- files ---------------------------------------------------------------------------------


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv", ".xlsx", ".parquet"):
        return suffix[1:]
    what = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
    msg = f"{path}: cannot tell the file format from {what}; use .json, .csv, .xlsx or .parquet"
    raise InputError(msg)


def _path(path: object, function: str) -> Path:
    """`path` as a Path; an `InputError` naming the argument when it is no str or path."""
    return path_argument(path, f"{function}: path")


def check_encoding(encoding: object, function: str) -> str:
    """`encoding`'s canonical codec name ('utf-8', 'gbk', 'gb18030', 'utf-8-sig')."""
    if not isinstance(encoding, str):
        raise InputError(
            wrong_type(f"{function}: encoding", "a text encoding name (str)", encoding)
        )
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        msg = f"{function}: unknown encoding {encoding!r}; for Chinese Excel files use 'gb18030' (or 'gbk'), else 'utf-8'"
        raise InputError(msg) from None


def load_dataset(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    sheet_name: str | int = 0,
    scheme: Scheme | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Dataset:
    """The dataset in a `.json`, `.csv`, `.xlsx` or `.parquet` file.

    `encoding` applies to CSV and JSON text, `sheet_name` (a name, or a number from 0) to
    workbooks; with `scheme`, CSV and sheet headers may be the inputs' Chinese labels, and
    values of the inputs it declares signed may be negative (in every format). A file
    larger than `max_bytes` (default `MAX_INPUT_BYTES`, 1 GiB) is refused, an endless one
    (a link to /dev/zero) one byte past it.
    """
    p = _path(path, "load_dataset")
    check_max_bytes(max_bytes, "load_dataset")
    fmt = _format(p)
    if fmt == "parquet":
        _check_size(p, max_bytes)
        return load_parquet(p, scheme=scheme)
    return dataset_from_bytes(
        _read(p, max_bytes),
        fmt,
        source=str(p),
        encoding=encoding,
        sheet_name=sheet_name,
        scheme=scheme,
    )


@argument('data', (bytes, bytearray, memoryview), "the bytes of a file")
def dataset_from_bytes(
    data: bytes,
    input_format: str,
    *,
    source: str = "<bytes>",
    encoding: str = "utf-8",
    sheet_name: str | int = 0,
    scheme: Scheme | None = None,
) -> Dataset:
    """The dataset in the bytes of a file of `input_format` ('json', 'csv' or 'xlsx'), e.g. stdin."""
    if input_format not in INPUT_FORMATS:
        msg = f"unknown input format {shown(input_format)}; expected one of {', '.join(INPUT_FORMATS)}"
        raise InputError(msg)
    if input_format == "xlsx":
        return dataset_from_xlsx(data, source, sheet_name=sheet_name, scheme=scheme)
    text = decode(data, encoding, source)
    if input_format == "json":
        return dataset_from_json(text, source, scheme=scheme)
    return dataset_from_csv(text, source, scheme=scheme)


def _dataset(dataset: object, function: str) -> Dataset:
    """`dataset` when it is a Dataset; an `InputError` naming the argument before any file
    is touched otherwise."""
    if isinstance(dataset, Dataset):
        return dataset
    raise InputError(wrong_type(f"{function}: dataset", "a Dataset", dataset))


def save_dataset(
    dataset: Dataset,
    path: str | Path,
    *,
    encoding: str = "utf-8",
    sheet_name: str = DATA_SHEET,
) -> None:
    """Write `dataset` as JSON, CSV, .xlsx or Parquet, by the suffix of `path`, atomically: a
    failed write leaves an existing file as it was.

    `encoding` applies to CSV, `sheet_name` to workbooks. JSON and Parquet keep the dataset's
    courts and departments; CSV and .xlsx hold its snapshots.
    """
    _dataset(dataset, "save_dataset")
    p = _path(path, "save_dataset")
    fmt = _format(p)
    if fmt == "parquet":
        save_parquet(dataset, p)
    elif fmt == "json":
        save_json(dataset, p)
    elif fmt == "csv":
        save_csv(dataset, p, encoding=encoding)
    else:
        save_xlsx(dataset, p, sheet_name=sheet_name)


def load_json(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    scheme: Scheme | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Dataset:
    """The dataset in a JSON file (refused past `max_bytes`); with `scheme`, its signed inputs
    may be negative."""
    p = _path(path, "load_json")
    text = decode(_read(p, max_bytes, "load_json"), encoding, str(p))
    return dataset_from_json(text, str(p), scheme=scheme)


def load_csv(
    path: str | Path,
    *,
    encoding: str = "utf-8",
    scheme: Scheme | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Dataset:
    """The snapshots in a CSV file (refused past `max_bytes`), as a dataset without courts or
    departments."""
    p = _path(path, "load_csv")
    text = decode(_read(p, max_bytes, "load_csv"), encoding, str(p))
    return dataset_from_csv(text, str(p), scheme=scheme)


def load_xlsx(
    path: str | Path,
    *,
    sheet_name: str | int = 0,
    scheme: Scheme | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Dataset:
    """The snapshots in one sheet of an .xlsx workbook (needs the `excel` extra; refused past
    `max_bytes`)."""
    p = _path(path, "load_xlsx")
    return dataset_from_xlsx(
        _read(p, max_bytes, "load_xlsx"), str(p), sheet_name=sheet_name, scheme=scheme
    )


def save_json(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset_to_json(dataset)` to `path` as UTF-8, atomically."""
    _dataset(dataset, "save_json")
    write_text(_path(path, "save_json"), dataset_to_json(dataset))


def save_xlsx(dataset: Dataset, path: str | Path, *, sheet_name: str = DATA_SHEET) -> None:
    """Write `dataset_to_xlsx(dataset)` to `path`, atomically (needs the `excel` extra)."""
    _dataset(dataset, "save_xlsx")
    p = _path(path, "save_xlsx")
    atomic_write(p, dataset_to_xlsx(dataset, sheet_name=sheet_name))

def save_csv(dataset: Dataset, path: str | Path, *, encoding: str = "utf-8") -> None:
    """Write `dataset_to_csv(dataset)` to `path` (snapshots only), atomically; 'utf-8-sig' for
    Excel."""
    _dataset(dataset, "save_csv")
    write_text(_path(path, "save_csv"), dataset_to_csv(dataset), encoding=encoding)


def write_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` atomically; `encoding='utf-8-sig'` adds the BOM Excel looks for."""
    p = _path(path, "write_text")
    name = check_encoding(encoding, "write_text")
    try:
        data = text.encode(name)
    except UnicodeEncodeError as exc:
        msg = f"{p}: {shown(text[exc.start : exc.end])} cannot be written in {encoding}; use utf-8 or gb18030"
        raise InputError(msg) from None
    atomic_write(p, data)
    return p


def _read(path: Path, max_bytes: int = MAX_INPUT_BYTES, function: str = "load_dataset") -> bytes:
    check_max_bytes(max_bytes, function)
    return read_file(path, max_bytes)


def _check_size(path: Path, max_bytes: int) -> None:
    """Refuse a regular file larger than `max_bytes` before a reader that opens it itself
    (Parquet) loads it."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        return  # the reader names what is wrong
    if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
        raise too_large(str(path), max_bytes)


def read_input(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the file at `path`, refused past `max_bytes` (an endless input such as
    a link to /dev/zero included)."""
    return _read(_path(path, "read_input"), max_bytes, "read_input")


_GB = ("gbk", "gb18030", "gb2312", "hz", "big5", "cp936")


@argument('data', (bytes, bytearray, memoryview), "bytes")
def decode(data: bytes, encoding: str, source: str) -> str:
    """`data` decoded as `encoding`, or an error naming the line and what to do instead.

    Nothing is guessed: a hint says when UTF-8 text would decode as GB18030, and text given
    as GBK that is in fact UTF-8 is refused rather than turned into mojibake.
    """
    name = check_encoding(encoding, source)
    if name in _GB and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            msg = (
                f"{source}: the file is UTF-8 text, not {encoding}; read it without "
                "an encoding (UTF-8 is the default)"
            )
            raise InputError(msg)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        shown_name = "UTF-8" if name.startswith("utf-8") else encoding
        msg = f"{source}:{line}: not {shown_name} text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        if name.startswith("utf-8"):
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                msg += "; save the file as UTF-8"
            else:
                msg += (
                    "; it reads as GB18030/GBK, what Excel saves on Chinese Windows: give "
                    "encoding='gb18030' (command line: --encoding gb18030), or save it as UTF-8"
                )
        else:
            msg += "; give the file's encoding (utf-8, gb18030)"
        raise InputError(msg) from None
    return text.removeprefix("\ufeff")
