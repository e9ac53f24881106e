"""Snapshot files: datasets loaded from and saved to JSON and wide CSV.

JSON holds a list of snapshots, or ``{"courts": [...], "departments": [...], "snapshots": [...]}``.
CSV holds snapshots only, one row each:
``court,department,period,<input>...,platform:<input>...,text:<input>...``; an empty cell is a
value not provided. ``text:`` columns hold free-text answers (`MetricSnapshot.texts`) exactly
as written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from courtinfo._converter import structure, unstructure
from courtinfo._dataset import Dataset
from courtinfo._errors import (
    DuplicateSnapshotError,
    InputError,
    OrgError,
    PeriodError,
    Problem,
    ValidationError,
    shown,
    wrong_type,
)
from courtinfo._periods import Period
from courtinfo._snapshots import MetricSnapshot, label_problem, text_problem
from courtinfo._values import YES_WORDS, Value, ValueKind, kind_of, value_problem
from courtinfo.org import CourtTree, CourtTreeError, check_departments

#: The header prefix of a column of platform-supplied values (以最高法院数据为准).
PLATFORM_PREFIX = "platform:"
#: The header prefix of a column of free-text answers (`MetricSnapshot.texts`).
TEXT_PREFIX = "text:"
#: The label columns of a CSV file; `court` and `period` are required.
LABEL_COLUMNS = ("court", "department", "period")

_MAX_PROBLEMS = 100
_INT = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.ASCII | re.IGNORECASE)


# -- files ---------------------------------------------------------------------------------


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".json", ".csv"):
        return suffix
    what = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
    msg = f"{path}: cannot tell the file format from {what}; use .json or .csv"
    raise InputError(msg)


def _path(path: object, function: str) -> Path:
    """`path` as a Path; an `InputError` naming the argument when it is no str or path."""
    if isinstance(path, (str, os.PathLike)) and isinstance(os.fspath(path), str):
        return Path(path)
    raise InputError(wrong_type(f"{function}: path", "a file path (str or os.PathLike)", path))


def _text(text: object, function: str) -> str:
    """`text` when it is a str; an `InputError` naming the argument otherwise."""
    if isinstance(text, str):
        return text
    hint = (
        " (decode the bytes as UTF-8 first, or read the file with load_dataset)"
        if isinstance(text, (bytes, bytearray))
        else ""
    )
    raise InputError(wrong_type(f"{function}: text", "a str", text) + hint)


def load_dataset(path: str | Path) -> Dataset:
    """The dataset in a `.json` or `.csv` file."""
    p = _path(path, "load_dataset")
    return load_json(p) if _format(p) == ".json" else load_csv(p)


def save_dataset(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset` as JSON or CSV, by the suffix of `path`."""
    p = _path(path, "save_dataset")
    if _format(p) == ".json":
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
    """Write `dataset_to_json(dataset)` to `path` as UTF-8."""
    _write(_path(path, "save_json"), dataset_to_json(dataset))


def save_csv(dataset: Dataset, path: str | Path) -> None:
    """Write `dataset_to_csv(dataset)` to `path` as UTF-8 (snapshots only)."""
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
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        msg = f"{path}: cannot write the file ({exc.strerror or exc})"
        raise InputError(msg) from None
    except ValueError as exc:  # an embedded NUL in the path
        msg = f"{shown(str(path))}: cannot write the file ({exc})"
        raise InputError(msg) from None


# -- JSON ----------------------------------------------------------------------------------


def dataset_from_json(text: str, source: str = "<string>") -> Dataset:
    """The dataset a JSON document holds; every problem is reported at once, with its path."""
    text = _text(text, "dataset_from_json")

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                msg = f"{source}: key {key!r} appears twice in one JSON object"
                raise InputError(msg)
            out[key] = value
        return out

    try:
        data = json.loads(text.removeprefix("\ufeff"), object_pairs_hook=no_repeats)
    except json.JSONDecodeError as exc:
        msg = f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InputError(msg) from None
    except InputError:
        raise
    except (ValueError, RecursionError) as exc:  # a number of 5000 digits, nesting too deep
        msg = f"{source}: unreadable JSON: {exc}"
        raise InputError(msg) from None
    return dataset_from_data(data, source)


def dataset_from_data(data: object, source: str = "<data>") -> Dataset:
    """The dataset in parsed JSON-like data: a list of snapshots or an object with `snapshots`."""
    if isinstance(data, list):
        snapshots: tuple[MetricSnapshot, ...] = structure(data, tuple[MetricSnapshot, ...], source)
        dataset = Dataset(snapshots)
        where = "$"
    elif isinstance(data, dict):
        dataset = structure(data, Dataset, source)
        where = "$.snapshots"
    else:
        msg = (
            f"{source}: expected a list of snapshots or an object with 'snapshots', "
            f"got {type(data).__name__}"
        )
        raise InputError(msg)
    _check_org(dataset, source)
    dups = [
        Problem(f"{where}[{i}]", f"duplicates {where}[{j}]: {_describe(dataset.snapshots[i])}")
        for i, j in _duplicates(dataset.snapshots)
    ]
    if dups:
        raise DuplicateSnapshotError(ValidationError(dups, source).args[0])
    mixed = [
        Problem(
            f"{where}[{i}].{field}.{name}",
            f"{text}, but {where}[{j}].{first_field}.{name} is {first}{_RULE} "
            f"({_describe(dataset.snapshots[i])})",
        )
        for i, field, name, text, j, first_field, first in _mixed_kinds(dataset.snapshots)
    ]
    if mixed:
        raise ValidationError(mixed, source)
    return dataset


def dataset_to_data(dataset: Dataset) -> dict[str, Any]:
    """`dataset` as plain JSON-compatible data (the object form)."""
    data: dict[str, Any] = unstructure(dataset)
    return data


def dataset_to_json(dataset: Dataset) -> str:
    """`dataset` as JSON text: keys sorted, UTF-8 characters as written, two-space indent."""
    return json.dumps(dataset_to_data(dataset), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _check_org(dataset: Dataset, source: str) -> None:
    tree: CourtTree | None = None
    try:
        tree = dataset.tree()
    except CourtTreeError as exc:
        problems = [Problem("$.courts", str(p)) for p in exc.problems]
        raise ValidationError(problems, source) from None
    try:
        check_departments(dataset.departments, tree)
    except OrgError as exc:
        lines = str(exc).splitlines()[1:]
        problems = [Problem("$.departments", line.strip()) for line in lines]
        raise ValidationError(problems, source) from None


def _duplicates(snapshots: Sequence[MetricSnapshot]) -> list[tuple[int, int]]:
    """(later, first) positions of snapshots sharing court, department and period."""
    first: dict[tuple[str, str | None, Period], int] = {}
    pairs: list[tuple[int, int]] = []
    for i, snap in enumerate(snapshots):
        j = first.setdefault(snap.key, i)
        if j != i:
            pairs.append((i, j))
    return pairs


_KIND_TEXT = {
    ValueKind.COUNT: "a count",
    ValueKind.MEASURE: "a measure",
    ValueKind.YES_NO: "a yes/no answer",
    ValueKind.CHOICE: "a set of options",
}
_RULE = "; an input takes one kind of value in every snapshot (counts and measures may mix)"


def _mixed_kinds(
    snapshots: Sequence[MetricSnapshot],
) -> list[tuple[int, str, str, str, int, str, str]]:
    """Values whose kind does not mix with the first value given for the same input.

    Each is (snapshot, field, input, 'VALUE is KIND', first snapshot, its field, its kind).
    """
    first: dict[str, tuple[ValueKind, int, str]] = {}
    found: list[tuple[int, str, str, str, int, str, str]] = []
    numbers = {ValueKind.COUNT, ValueKind.MEASURE}
    for i, snap in enumerate(snapshots):
        for field, mapping in (("values", snap.values), ("platform_values", snap.platform_values)):
            for name, value in mapping.items():
                kind = kind_of(value)
                was, j, first_field = first.setdefault(name, (kind, i, field))
                if was is not kind and not {was, kind} <= numbers:
                    text = f"{shown(value)} is {_KIND_TEXT[kind]}"
                    found.append((i, field, name, text, j, first_field, _KIND_TEXT[was]))
    return found


def _describe(snap: MetricSnapshot) -> str:
    return f"court {snap.court!r}, department {snap.department!r}, period {snap.period}"


# -- CSV -----------------------------------------------------------------------------------


def parse_cell(text: str) -> Value | None:
    """The value a CSV cell stands for, None when empty; InputError when it is not a value."""
    s = text.strip()
    value: Value
    if not s:
        return None
    if s.lower() in YES_WORDS:
        value = YES_WORDS[s.lower()]
    elif _INT.fullmatch(s):
        digits = s.lstrip("+-").lstrip("0") or "0"
        if len(digits) > 20:  # int() refuses very long strings; no count is this long
            msg = f"{s[:12]}... has {len(digits)} digits; counts stop at 2**53"
            raise InputError(msg)
        value = int(s[0] + digits if s[0] == "-" else digits)
    elif _DECIMAL.fullmatch(s) or _NON_FINITE.fullmatch(s):
        value = float(s)
    elif s.startswith("{") and s.endswith("}"):
        inner = s[1:-1].strip()
        value = frozenset(x.strip() for x in inner.split(",")) if inner else frozenset()
    else:
        msg = (
            f"{text!r} is not a number, a yes/no answer (是/否/yes/no/true/false) "
            "or a set of options such as {C,D,E}"
        )
        raise InputError(msg)
    problem = value_problem(value)
    if problem:
        raise InputError(problem)
    return value


def format_cell(value: Value | None) -> str:
    """How a value is written in a CSV cell; exact, so that `parse_cell` gives it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return "{" + ",".join(sorted(value)) + "}"


def _csv_error(problems: Sequence[Problem], source: str) -> ValidationError:
    # Each problem names its FILE:LINE; the error still records the file.
    shown = list(problems[:_MAX_PROBLEMS])
    if len(problems) > _MAX_PROBLEMS:
        shown.append(Problem("", f"... and {len(problems) - _MAX_PROBLEMS} more problems"))
    err = ValidationError(shown)
    err.source = source
    return err


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                yield start, cells
    except csv.Error as exc:
        msg = f"{source}:{reader.line_num}: {exc}"
        raise InputError(msg) from None


def _header(line: int, cells: list[str], source: str) -> list[tuple[str, str]]:
    """(field, input name) per column; field is a label column, `values`, `platform_values`
    or `texts`."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    columns: list[tuple[str, str]] = []
    where = f"{source}:{line}"
    for number, cell in enumerate(cells, start=1):
        name = cell.strip()
        if name in LABEL_COLUMNS:
            column = (name, name)
        elif name.startswith(PLATFORM_PREFIX):
            column = ("platform_values", name.removeprefix(PLATFORM_PREFIX).strip())
        elif name.startswith(TEXT_PREFIX):
            column = ("texts", name.removeprefix(TEXT_PREFIX).strip())
        else:
            column = ("values", name)
        columns.append(column)
        if not name:
            problems.append(Problem(where, f"column {number} has an empty header"))
        elif not column[1]:
            problems.append(Problem(where, f"column {number} header {name!r} names no input"))
        elif column in seen:
            text = f"duplicate header {name!r} (columns {seen[column]} and {number})"
            problems.append(Problem(where, text))
        seen.setdefault(column, number)
    for required in ("court", "period"):
        if (required, required) not in seen:
            header = ",".join(LABEL_COLUMNS)
            text = f"missing required column {required!r}; the header starts {header},..."
            problems.append(Problem(where, text))
    if problems:
        raise _csv_error(problems, source)
    return columns


def dataset_from_csv(text: str, source: str = "<string>") -> Dataset:
    """The snapshots a wide CSV text holds; every cell problem is reported at once, by line."""
    text = _text(text, "dataset_from_csv")
    records = _records(text, source)
    first = next(records, None)
    if first is None:
        msg = f"{source}: no header row; expected {','.join(LABEL_COLUMNS)},<input>..."
        raise InputError(msg)
    columns = _header(*first, source)
    headers = [c.strip() for c in first[1]]
    problems: list[Problem] = []
    snapshots: list[MetricSnapshot] = []
    lines: list[int] = []
    for line, cells in records:
        if len(cells) != len(columns):
            text = f"row has {len(cells)} cells, header has {len(columns)}"
            problems.append(Problem(f"{source}:{line}", text))
            continue
        found: dict[str, Any] = {
            "values": {},
            "platform_values": {},
            "texts": {},
            "department": None,
        }
        for (field, name), header, cell in zip(columns, headers, cells, strict=True):
            try:
                _read_cell(found, field, name, cell)
            except (InputError, PeriodError) as exc:
                problems.append(Problem(f"{source}:{line} column {header}", str(exc)))
        if "court" in found and "period" in found:
            snapshots.append(MetricSnapshot(**found))
            lines.append(line)
    if problems:
        raise _csv_error(problems, source)
    dups = [
        Problem(f"{source}:{lines[i]}", f"duplicates line {lines[j]}: {_describe(snapshots[i])}")
        for i, j in _duplicates(snapshots)
    ]
    if dups:
        raise DuplicateSnapshotError(_csv_error(dups, source).args[0])

    def column(field: str, name: str) -> str:
        return name if field == "values" else PLATFORM_PREFIX + name

    mixed = [
        Problem(
            f"{source}:{lines[i]} column {column(field, name)}",
            f"{text}, but line {lines[j]} column {column(first_field, name)} is {first}{_RULE}",
        )
        for i, field, name, text, j, first_field, first in _mixed_kinds(snapshots)
    ]
    if mixed:
        raise _csv_error(mixed, source)
    return Dataset(snapshots)


def _read_cell(found: dict[str, Any], field: str, name: str, cell: str) -> None:
    """Put what `cell` holds into the snapshot fields `found`; labels are stripped."""
    if field in ("values", "platform_values"):
        value = parse_cell(cell)
        if value is not None:
            found[field][name] = value
    elif field == "texts":
        if cell.strip():  # kept exactly as written; a blank cell is an answer not given
            problem = text_problem(cell)
            if problem:
                raise InputError(problem)
            found[field][name] = cell
    elif field == "department":
        label = cell.strip()
        problem = label_problem(label, "a department", empty=True)
        if problem:
            raise InputError(problem)
        found[field] = label or None
    elif not cell.strip():
        msg = f"empty; every row needs a {field}"
        raise InputError(msg)
    elif field == "period":
        found[field] = Period.parse(cell.strip())
    else:
        problem = label_problem(cell.strip(), "a court code")
        if problem:
            raise InputError(problem)
        found[field] = cell.strip()


def dataset_to_csv(dataset: Dataset) -> str:
    """The snapshots of `dataset` as wide CSV (courts and departments are not written)."""
    snaps = dataset.snapshots
    own = sorted({k for s in snaps for k in s.values})
    plat = sorted({k for s in snaps for k in s.platform_values})
    texts = sorted({k for s in snaps for k in s.texts})
    bad = [n for n in own if n in LABEL_COLUMNS or n.startswith((PLATFORM_PREFIX, TEXT_PREFIX))]
    bad += [n for n in own + plat + texts if not n or n != n.strip()]
    if bad:
        names = ", ".join(repr(n) for n in sorted(set(bad)))
        msg = f"inputs {names} cannot be CSV column names"
        raise InputError(msg)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *LABEL_COLUMNS,
            *own,
            *(PLATFORM_PREFIX + n for n in plat),
            *(TEXT_PREFIX + n for n in texts),
        ]
    )
    for s in snaps:
        writer.writerow(
            [
                s.court,
                s.department or "",
                str(s.period),
                *(format_cell(s.values.get(n)) for n in own),
                *(format_cell(s.platform_values.get(n)) for n in plat),
                *(s.texts.get(n, "") for n in texts),
            ]
        )
    return out.getvalue()
