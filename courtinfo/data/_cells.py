"""What goes into a batch, checked: its labels (court, department, period) and its cells.

`SnapshotBatch` builds from these; each refuses bad input with every problem, by field and row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError, PeriodError, Problem, ValidationError, shown, wrong_type
from courtinfo.data._labels import normalize_labels, spelled_once
from courtinfo.data._values import IntArray, ValueKind, breaks_no_rule, cell_rules
from courtinfo.periods import Period

#: A value column: float64 with NaN for "not provided", or an integer column with no gaps.
Column = npt.NDArray[Any]

#: A text column: one str (or None where a row has no answer) per row.
TextColumn = npt.NDArray[np.object_]

#: The header prefix of a column of platform-supplied values (以最高法院数据为准).
PLATFORM_PREFIX = "platform:"
#: The header prefix of a column of free-text answers (`MetricSnapshot.texts`).
TEXT_PREFIX = "text:"
#: The department label of a court-level row.
COURT_LEVEL = ""
#: The label columns of a table of snapshots; `court` and `period` are required.
LABEL_COLUMNS = ("court", "department", "period")

#: The label columns every table of snapshots must have (a row without a department is the
#: court's own).
REQUIRED_LABELS = ("court", "period")


def require_labels(names: Sequence[str], what: str) -> None:
    """An `InputError` naming the first required label column (`REQUIRED_LABELS`) that the
    columns `names` of `what` (a frame, a table) lack."""
    absent = [c for c in REQUIRED_LABELS if c not in names]
    if absent:
        msg = f"missing column {absent[0]!r}; the {what} has {', '.join(names) or 'none'}"
        raise InputError(msg)

#: How many bad rows of one kind a message lists before it only counts the rest.
MAX_LISTED = 10


def text_cell(text: str) -> TextColumn:
    """A text column of one row holding `text` (np.array would make a str array of it)."""
    col = np.empty(1, dtype=object)
    col[0] = text
    return col


def _is_labels(values: object) -> bool:
    """A sequence or 1-d array of labels (a str is a label, not a sequence of them)."""
    if isinstance(values, np.ndarray):
        return values.ndim == 1
    return isinstance(values, Sequence) and not isinstance(values, (str, bytes))


def check_labels(
    court: object, period: object, department: object
) -> tuple[int, npt.NDArray[np.object_], npt.NDArray[np.object_] | None]:
    """The number of rows and the court and department labels in their one spelling
    (`normalize_labels`), after refusing labels that are not text (ValidationError, by row)."""
    problems: list[Problem] = []
    for field, values, expected in (
        ("court", court, "a sequence of court codes (str)"),
        ("period", period, "a sequence of periods (Period or str)"),
        ("department", department, "None or a sequence of departments (str or None)"),
    ):
        if not (values is None and field == "department") and not _is_labels(values):
            problems.append(Problem("", wrong_type(f"from_columns: {field}", expected, values)))
    if problems:
        raise ValidationError(problems)
    assert isinstance(court, (Sequence, np.ndarray)) and isinstance(period, (Sequence, np.ndarray))
    n = len(court)
    for field, values in (("period", period), ("department", department)):
        if values is not None and len(values) != n:  # type: ignore[arg-type]
            text = f"has {len(values)} labels, but court has {n}"  # type: ignore[arg-type]
            problems.append(Problem(field, text))
    courts = depts = None
    try:
        courts = normalize_labels(court, "court")
    except ValidationError as exc:
        problems += exc.problems
    if department is not None:
        try:
            depts = normalize_labels(department, "department")  # type: ignore[arg-type]
        except ValidationError as exc:
            problems += exc.problems
    items = period.tolist() if isinstance(period, np.ndarray) else period
    for i, p in enumerate(() if _all_periods(items) else items):
        if not isinstance(p, (Period, str)):
            text = f"{shown(p)} of type {type(p).__name__} is not a period"
            problems.append(Problem(f"period[{i}]", text))
            if len(problems) > MAX_LISTED:
                break
    if problems:
        raise ValidationError(problems[:MAX_LISTED])
    assert courts is not None
    return n, courts, depts


def input_names(field: str, table: Mapping[str, Any] | None) -> dict[str, Any]:
    """`table` with its input names in their one spelling (`spelled_once`); a
    ValidationError at `field[NAME]` for a bad name or two spellings of one."""
    if not table:
        return {}
    try:
        joined = "".join(table)
    except TypeError:
        joined = ""
    if joined.isascii() and joined.isidentifier() and "" not in table:
        return dict(table)  # the usual names (q6_1): already in their one spelling
    out, problems = spelled_once(field, table.items())
    if problems:
        raise ValidationError(problems)
    return out


def _all_periods(items: Any) -> bool:
    try:
        return all(isinstance(p, (Period, str)) for p in set(items))
    except TypeError:  # an unhashable label, such as a list
        return False


def period_label(raw: object, k: int, raw_index: IntArray) -> str:
    """The canonical text of raw period label number `k`; a ValidationError at its first row."""
    try:
        return str(as_period(raw))
    except PeriodError as exc:
        row = int(np.flatnonzero(raw_index == k)[0])
        raise ValidationError([Problem(f"period[{row}]", str(exc))]) from None


def text_column(name: str, values: object) -> TextColumn:
    """`values` as an object array; `validated` refuses any cell that is not text or None."""
    if isinstance(values, np.ndarray):
        col = values.astype(np.object_)  # a copy: the caller's array stays the caller's
        col.flags.writeable = False
        return col
    if not _is_labels(values):
        expected = "a sequence of text answers (str or None)"
        raise InputError(wrong_type(f"from_columns: texts[{name!r}]", expected, values))
    items = list(values)  # type: ignore[call-overload]
    col = np.empty(len(items), dtype=np.object_)
    col[:] = items
    col.flags.writeable = False
    return col


def value_column(name: str, values: object) -> Column:
    """The batch's own read-only copy of a value column: a caller writing into the array it
    passed afterwards cannot change the batch or its results."""
    arr = np.asarray(values)
    if arr.dtype == np.float64 or arr.dtype == np.int64:
        out = arr.copy()
    elif arr.dtype.kind in "iufb":
        out = arr.astype(np.float64)
    else:
        msg = f"column {name!r}: dtype {arr.dtype} is not numeric"
        raise InputError(msg)
    out.flags.writeable = False
    return out


def guess_kinds(*groups: Mapping[str, Column]) -> dict[str, ValueKind]:
    out: dict[str, ValueKind] = {}
    for cols in groups:
        for name, col in cols.items():
            if np.asarray(col).dtype.kind in "iub":
                out[name] = ValueKind.COUNT
            else:
                out.setdefault(name, ValueKind.MEASURE)
    return out


def column_problems(
    path: str,
    col: Column,
    kind: ValueKind,
    describe_row: Callable[[int], str],
    offered: Iterable[str] = (),
    signed: bool = False,
) -> list[Problem]:
    """A problem for each cell of `col` (up to `MAX_LISTED` a rule) that breaks `cell_rules`,
    at ``path[row]``, naming the row by `describe_row`."""
    problems: list[Problem] = []
    if breaks_no_rule(col, kind, offered, signed):
        return problems
    for rule, bad in cell_rules(col, kind, offered, signed):
        if not bad.any():
            continue
        rows = np.flatnonzero(bad)
        for i in rows[:MAX_LISTED].tolist():
            problems.append(Problem(f"{path}[{i}]", f"{float(col[i])!r} {rule} ({describe_row(i)})"))
        if len(rows) > MAX_LISTED:
            more = f"and {len(rows) - MAX_LISTED} more rows whose value {rule}"
            problems.append(Problem(path, more))
    return problems


def as_period(p: object) -> Period:
    return p if isinstance(p, Period) else Period.parse(str(p))
