"""Wide CSV datasets, one snapshot a row.

``court,department,period,<input>...,platform:<input>...,text:<input>...``; an empty cell is a
value not provided. ``text:`` columns hold free-text answers (`MetricSnapshot.texts`) exactly
as written.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from courtinfo.base import (
    CourtinfoError,
    DuplicateSnapshotError,
    InputError,
    PeriodError,
    Problem,
    ValidationError,
)
from courtinfo.data import (
    COURT_LEVEL,
    LABEL_COLUMNS,
    MAX_COUNT,
    PLATFORM_PREFIX,
    TEXT_PREFIX,
    YES_WORDS,
    BoolArray,
    Dataset,
    FloatArray,
    IntArray,
    LabelKind,
    MetricSnapshot,
    SnapshotBatch,
    TextColumn,
    Value,
    ValueKind,
    kind_of,
    normalize_label,
    text_problem,
    to_float,
    value_problem,
)
from courtinfo.io._common import duplicate_problems, mixed_kind_problems, text_argument
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


def _csv_error(
    problems: Sequence[Problem], source: str, cls: type[ValidationError] = ValidationError
) -> ValidationError:
    # Each problem names its FILE:LINE; the error still records the file.
    shown = list(problems[:_MAX_PROBLEMS])
    if len(problems) > _MAX_PROBLEMS:
        shown.append(Problem("", f"... and {len(problems) - _MAX_PROBLEMS} more problems"))
    err = cls(shown)
    err.source = source
    return err


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            # The court (first) cell is usually given: one strip, not one per cell.
            if (cells and cells[0].strip()) or any(c.strip() for c in cells):
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
    return dataset_from_table(first[1], list(records), source, header_line=first[0])


def dataset_from_table(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    source: str = "<table>",
    *,
    header_line: int = 1,
) -> Dataset:
    """The dataset a wide table of cell texts holds: a CSV file, a spreadsheet's sheet.

    `header` is the header row's cells; `rows` are (line number, cells) of every non-blank
    row after it. Cells read as `parse_cell` reads them, labels stripped. Well-formed tables
    go straight into columns with vectorised checks (no snapshot is made until asked for);
    any problem is reported, every one at once, as FILE:LINE column NAME with the value.
    """
    columns = _header(header_line, list(header), source)
    fast = _table_columns(columns, rows)
    if fast is not None:
        return fast
    return _dataset_by_rows(columns, [c.strip() for c in header], rows, source)


def _dataset_by_rows(
    columns: list[tuple[str, str]],
    headers: list[str],
    records: Iterable[tuple[int, Sequence[str]]],
    source: str,
) -> Dataset:
    """The table read one cell at a time: the reference, and the path that words problems."""
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

    def column(field: str, name: str) -> str:
        return name if field == "values" else PLATFORM_PREFIX + name

    def path(i: int, field: str, name: str) -> str:
        return f"{source}:{lines[i]}" + (f" column {column(field, name)}" if field else "")

    def named(i: int, field: str, name: str) -> str:
        return f"line {lines[i]}" + (f" column {column(field, name)}" if field else "")

    dups = duplicate_problems(snapshots, path, named)
    if dups:
        raise _csv_error(dups, source, DuplicateSnapshotError)
    mixed = mixed_kind_problems(snapshots, path, named)
    if mixed:
        raise _csv_error(mixed, source)
    return Dataset(snapshots)


# -- straight into columns ---------------------------------------------------------------

#: A column of plain decimal numbers, one per line, empty lines for empty cells.
_DECIMALS = re.compile(
    r"(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)?(?:\n(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)?)*",
    re.ASCII,
)
#: Whole numbers of up to 15 digits are below 2**53, so exact as float64; longer ones are
#: left to the cell reader.
_LONG = re.compile(r"\d{16}", re.ASCII)
#: A line (cell) holding a whole number.
_WHOLE_LINE = re.compile(r"^\d+$", re.ASCII | re.MULTILINE)


_FIELD = {"columns": "values", "platform": "platform_values"}


def _labels(cells: Sequence[str], what: LabelKind | None) -> tuple[list[str], IntArray] | None:
    """Distinct labels in their one spelling (sorted) and each cell's position among them;
    None if a label is refused (`normalize_label`, once per distinct cell). Without `what`
    (periods) labels are only stripped, and a blank one is refused."""
    try:
        if what is None:
            spelled = {c: c.strip() for c in set(cells)}
            if "" in spelled.values():
                return None
        else:
            spelled = {c: normalize_label(c, what) for c in set(cells)}
    except InputError:
        return None
    labels = sorted(set(spelled.values()))
    position = {label: k for k, label in enumerate(labels)}
    code = {c: position[t] for c, t in spelled.items()}
    index = np.fromiter(map(code.__getitem__, cells), dtype=np.int64, count=len(cells))
    return labels, index


def _numbers(cells: Sequence[str]) -> tuple[FloatArray, ValueKind, BoolArray | None] | None:
    """A column of plain non-negative numbers as floats, its kind and (for a column that
    mixes whole numbers and decimals) which cells are whole; None for anything else."""
    joined = "".join(cells)
    if not joined:
        return None
    lines = "\n".join(cells)
    if joined.isascii() and joined.isdigit():
        if _LONG.search(lines):
            return None
        kind, whole = ValueKind.COUNT, None
    elif _DECIMALS.fullmatch(lines):
        kind = ValueKind.MEASURE
        whole = None
        if _WHOLE_LINE.search(lines):
            mask = np.fromiter((c.isdigit() for c in cells), dtype=bool, count=len(cells))
            whole = mask if mask.any() else None
    else:
        return None
    values = np.array([float(c) if c else math.nan for c in cells])
    if kind is ValueKind.MEASURE and (values > MAX_COUNT).any():
        return None  # past 2**53 or infinite: worded by the cell reader
    return values, kind, whole


def _parsed(cells: Sequence[str]) -> tuple[FloatArray, ValueKind, BoolArray | None] | None:
    """A column read one cell at a time (yes/no answers, options, spaces, signs): None if a
    cell is bad or the kinds do not mix."""
    values = np.full(len(cells), math.nan)
    kinds: set[ValueKind] = set()
    whole: list[int] = []
    try:
        for i, cell in enumerate(cells):
            value = parse_cell(cell)
            if value is None:
                continue
            kind = kind_of(value)
            kinds.add(kind)
            if kind is ValueKind.COUNT:
                whole.append(i)
            values[i] = to_float(value)
    except InputError:
        return None
    if not kinds:
        return None
    if kinds == {ValueKind.COUNT, ValueKind.MEASURE}:
        mask = np.zeros(len(cells), dtype=bool)
        mask[whole] = True
        return values, ValueKind.MEASURE, mask
    if len(kinds) > 1:
        return None
    return values, kinds.pop(), None


def _table_columns(
    columns: list[tuple[str, str]], rows: Sequence[tuple[int, Sequence[str]]]
) -> Dataset | None:
    """The table as a dataset of columns, or None if anything needs a word (then the cell
    reader finds and words every problem)."""
    width = len(columns)
    if any(len(cells) != width for _, cells in rows):
        return None
    n = len(rows)
    by_column = list(zip(*(cells for _, cells in rows), strict=True)) if n else [()] * width
    labels: dict[str, tuple[list[str], IntArray]] = {}
    values: dict[str, dict[str, FloatArray]] = {"values": {}, "platform_values": {}}
    kinds: dict[str, ValueKind] = {}
    whole: dict[tuple[str, str], BoolArray] = {}
    own: dict[tuple[str, str], ValueKind] = {}
    texts: dict[str, TextColumn] = {}
    for (field, name), cells in zip(columns, by_column, strict=True):
        if field in LABEL_COLUMNS:
            # Periods are parsed as written, only stripped (a blank one is worded by the reader).
            what: LabelKind | None = None if field == "period" else field  # type: ignore[assignment]
            read_labels = _labels(cells, what)
            if read_labels is None:
                return None
            labels[field] = read_labels
        elif field == "texts":
            col = np.array([c if c.strip() else None for c in cells] or [None], dtype=object)[:n]
            given = [c for c in col.tolist() if c is not None]
            if given and text_problem("".join(given)) is not None:
                return None
            if given:
                texts[name] = col
        else:
            read = _numbers(cells) or _parsed(cells)
            if read is None:
                if "".join(cells).strip():
                    return None
                continue  # no cell given: no column, as no snapshot has the input
            col, kind, mask = read
            own["columns" if field == "values" else "platform", name] = kind
            had = kinds.setdefault(name, kind)
            if had is not kind:
                if {had, kind} != {ValueKind.COUNT, ValueKind.MEASURE}:
                    return None  # kinds that do not mix: the cell reader words it
                kinds[name] = ValueKind.MEASURE
            values[field][name] = col
            if mask is not None:
                whole["columns" if field == "values" else "platform", name] = mask
    for (field, name), kind in own.items():
        # A count column beside a measure column of the same input: its cells stay whole.
        if kind is ValueKind.COUNT and kinds[name] is ValueKind.MEASURE:
            whole[field, name] = ~np.isnan(values[_FIELD[field]][name])
    courts, court_index = labels["court"]
    no_department = ([COURT_LEVEL], np.zeros(n, dtype=np.int64))
    departments, department_index = labels.get("department", no_department)
    raw_periods, raw_index = labels["period"]
    try:
        parsed = [Period.parse(p) for p in raw_periods]
    except PeriodError:
        return None
    canonical = sorted({str(p) for p in parsed})
    at = {p: k for k, p in enumerate(canonical)}
    merge = np.array([at[str(p)] for p in parsed] or [0], dtype=np.int64)
    period_of = {str(p): p for p in parsed}
    batch = SnapshotBatch(
        courts=tuple(courts),
        court_index=court_index,
        departments=tuple(departments),
        department_index=department_index,
        periods=tuple(period_of[p] for p in canonical),
        period_index=merge[raw_index] if n else raw_index,
        columns={k: values["values"][k] for k in sorted(values["values"])},
        platform={k: values["platform_values"][k] for k in sorted(values["platform_values"])},
        kinds=kinds,
        texts={k: texts[k] for k in sorted(texts)},
    )
    try:
        return Dataset.from_batch(batch, whole=whole)
    except CourtinfoError:
        return None  # duplicate rows: the cell reader words them by line


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
