"""Wide CSV datasets, one snapshot a row.

``court,department,period,<input>...,platform:<input>...,text:<input>...``; an empty cell is a
value not provided. ``text:`` columns hold free-text answers (`MetricSnapshot.texts`) exactly
as written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

from courtinfo.base import (
    DuplicateSnapshotError,
    InputError,
    PeriodError,
    Problem,
    ValidationError,
)
from courtinfo.data import (
    LABEL_COLUMNS,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    YES_WORDS,
    Dataset,
    MetricSnapshot,
    Value,
    normalize_label,
    text_problem,
    value_problem,
)
from courtinfo.io._common import RULE, describe, duplicates, mixed_kinds, text_argument
from courtinfo.periods import Period

_MAX_PROBLEMS = 100
_INT = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.ASCII | re.IGNORECASE)

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
        try:
            # A blank header is reported below, with its column.
            name = normalize_label(cell, "input") if cell.strip() else ""
        except InputError as exc:
            problems.append(Problem(where, f"column {number} header: {exc}"))
            name = cell.strip()
        if name in LABEL_COLUMNS:
            column = (name, name)
        elif name.startswith((PLATFORM_PREFIX, TEXT_PREFIX)):
            field = "platform_values" if name.startswith(PLATFORM_PREFIX) else "texts"
            rest = name.split(":", 1)[1]
            # A prefix with nothing after it is reported below as naming no input.
            column = (field, rest.strip())
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
    text = text_argument(text, "dataset_from_csv")
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
        Problem(f"{source}:{lines[i]}", f"duplicates line {lines[j]}: {describe(snapshots[i])}")
        for i, j in duplicates(snapshots)
    ]
    if dups:
        raise DuplicateSnapshotError(_csv_error(dups, source).args[0])

    def column(field: str, name: str) -> str:
        return name if field == "values" else PLATFORM_PREFIX + name

    mixed = [
        Problem(
            f"{source}:{lines[i]} column {column(field, name)}",
            f"{text}, but line {lines[j]} column {column(first_field, name)} is {first}{RULE}",
        )
        for i, field, name, text, j, first_field, first in mixed_kinds(snapshots)
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
        found[field] = normalize_label(cell, "department") or None
    elif not cell.strip():
        msg = f"empty; every row needs a {field}"
        raise InputError(msg)
    elif field == "period":
        found[field] = Period.parse(cell.strip())
    else:
        found[field] = normalize_label(cell, "court")


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
