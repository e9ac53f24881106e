"""Tables of cell texts, one snapshot a row: the path every tabular reader (CSV, xlsx) feeds.

A reader hands over the header cells and the data rows as texts, with a function naming a
place (`data.csv:7 column q6_1`, `data.xlsx:Sheet1!C7`); the checks and messages are the same
whatever the file format. With a scheme, a header may be an input's Chinese label as the
scheme writes it (`电子送达发送数`) or the data collection form's header (`庭审总数（第6题①）`)
instead of its id, `platform:` and `text:` prefixes included; an unknown header is refused
with the close labels and ids.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.base import (
    DuplicateSnapshotError,
    InputError,
    PeriodError,
    Problem,
    ValidationError,
    argument,
    close_matches,
)
from courtinfo.data import (
    LABEL_COLUMNS,
    MAX_COUNT,
    PLATFORM_PREFIX,
    REQUIRED_LABELS,
    TEXT_PREFIX,
    YES_WORDS,
    BoolArray,
    Dataset,
    FloatArray,
    IntArray,
    LabelKind,
    MetricSnapshot,
    TextColumn,
    Value,
    ValueKind,
    duplicate_problems,
    exact_float,
    normalize_label,
    text_problem,
    value_problem,
)
from courtinfo.indicators import Input, Scheme
from courtinfo.io._columns import (
    VALUE_FIELDS,
    Labels,
    ValueColumn,
    columns_dataset,
    distinct_labels,
    label_index,
    values_column,
)
from courtinfo.io._common import mixed_kind_problems
from courtinfo.periods import Period

_MAX_PROBLEMS = 100
_INT = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.ASCII | re.IGNORECASE)

#: Chinese headers of the label columns, as the data collection form writes them.
LABEL_ALIASES = {"法院代码": "court", "部门": "department", "期间": "period"}
#: The first cell of a row of filling notes (the form's second row), which readers skip.
NOTES_ROW = "填写说明"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@attrs.frozen
class Places:
    """How a reader names places: `at` in full for a message, `ref` for "but ... is" clauses.

    Both take a row number and a column number from 1 (None for the whole row).
    """

    at: Callable[[int, int | None], str]
    ref: Callable[[int, int | None], str]


@argument('inp', Input, "an Input of a scheme")
def form_header(inp: Input) -> str:
    """The header of an input's column in the data collection form: '庭审总数（第6题①）'."""
    if inp.question is None:
        return inp.label_zh
    blank = ""
    if inp.blank is not None:
        blank = _CIRCLED[inp.blank - 1] if 0 < inp.blank <= len(_CIRCLED) else f"({inp.blank})"
    return f"{inp.label_zh}（第{inp.question}题{blank}）"


def label_key(text: str) -> str:
    """A header or an input's label as headers are compared: its one spelling
    (`normalize_label`: NFKC, white space at either end removed). Text that is no label at
    all compares as written; the reader refuses it with its own message."""
    try:
        return normalize_label(text, "input")
    except InputError:
        return text


@argument('text', str, "the text of a cell (str)")
def parse_cell(text: str, signed: bool = False) -> Value | None:
    """The value a CSV cell stands for, None when empty; InputError when it is not a value.

    A number below 0 is refused unless `signed` (the cell's input is declared signed)."""
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
    elif _DECIMAL.fullmatch(s):
        value = exact_float(s)  # the text checked: 9007199254740993.0 is not ...992
    elif _NON_FINITE.fullmatch(s):
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
    problem = value_problem(value, signed)
    if problem:
        raise InputError(problem)
    return value


def table_error(
    problems: Sequence[Problem], source: str, cls: type[ValidationError] = ValidationError
) -> ValidationError:
    """A `ValidationError` (or `cls`) of at most 100 problems, each naming its place,
    recording `source`."""
    listed = list(problems[:_MAX_PROBLEMS])
    if len(problems) > _MAX_PROBLEMS:
        listed.append(Problem("", f"... and {len(problems) - _MAX_PROBLEMS} more problems"))
    err = cls(listed)
    err.source = source
    return err


class InputNames:
    """The spellings of a scheme's inputs that headers and query columns may use: id, Chinese
    label, English label, form header, each compared in its one spelling (`label_key`)."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.ids: dict[str, str] = {}
        self.by_label = {i.label_zh: i.id for i in scheme.inputs}
        for inp in scheme.inputs:
            for name in (inp.id, inp.label_zh, inp.label_en, form_header(inp)):
                if name:
                    self.ids.setdefault(label_key(name), inp.id)

    def lookup(self, name: str) -> str | None:
        """The input id `name` spells, or None."""
        return self.ids.get(label_key(name))

    def resolve(self, name: str) -> str:
        """The input id `name` spells; an `InputError` with close labels and ids otherwise."""
        found = self.lookup(name)
        if found is not None:
            return found
        labels = close_matches(name, [i.label_zh for i in self.scheme.inputs])
        ids = close_matches(name, [i.id for i in self.scheme.inputs])
        hints = [f"{label!r} ({self.by_label[label]})" for label in labels]
        hints += [repr(i) for i in ids if i not in {self.by_label[x] for x in labels}]
        hint = f"; did you mean {' or '.join(hints[:4])}?" if hints else ""
        msg = f"no input of scheme {self.scheme.code!r} is called {name!r}{hint}"
        raise InputError(msg)


def _header(
    cells: Sequence[str], row: int, place: Places, source: str, scheme: Scheme | None
) -> list[tuple[str, str]]:
    """(field, input name) per column; field is a label column, `values`, `platform_values`
    or `texts`."""
    problems: list[Problem] = []
    unknown: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    columns: list[tuple[str, str]] = []
    names = InputNames(scheme) if scheme is not None else None
    for number, cell in enumerate(cells, start=1):
        try:
            # A blank header is reported below, with its column.
            name = normalize_label(cell, "input") if cell.strip() else ""
        except InputError as exc:
            problems.append(Problem(place.at(row, None), f"column {number} header: {exc}"))
            name = cell.strip()
        label = LABEL_ALIASES.get(name, name)
        if label in LABEL_COLUMNS:
            column = (label, label)
        elif name.startswith((PLATFORM_PREFIX, TEXT_PREFIX)):
            field = "platform_values" if name.startswith(PLATFORM_PREFIX) else "texts"
            # A prefix with nothing after it is reported below as naming no input.
            column = (field, name.split(":", 1)[1].strip())
        else:
            column = ("values", name)
        if names is not None and column[0] != label and column[1]:
            try:
                column = (column[0], names.resolve(column[1]))
            except InputError as exc:
                if column[0] != "texts":
                    unknown.append(Problem(place.at(row, number), str(exc)))
        columns.append(column)
        if not name:
            problems.append(Problem(place.at(row, None), f"column {number} has an empty header"))
        elif not column[1]:
            text = f"column {number} header {name!r} names no input"
            problems.append(Problem(place.at(row, None), text))
        elif column in seen:
            text = f"duplicate header {name!r} (columns {seen[column]} and {number})"
            problems.append(Problem(place.at(row, None), text))
        seen.setdefault(column, number)
    for required in REQUIRED_LABELS:
        if (required, required) not in seen:
            header = ",".join(LABEL_COLUMNS)
            text = f"missing required column {required!r}; the header starts {header},..."
            problems.append(Problem(place.at(row, None), text))
    problems += unknown  # the layout first, then the names
    if problems:
        raise table_error(problems, source)
    return columns


def dataset_from_cells(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    *,
    source: str,
    place: Places,
    header_row: int = 1,
    scheme: Scheme | None = None,
) -> Dataset:
    """The snapshots of a table of cell texts; every problem is reported at once, by place.

    `rows` are (row number, cells) of the data rows; the first of them is skipped when its
    first cell is `NOTES_ROW` ('填写说明', the form's notes under its header). Only there: a
    later row so named is data like any other, never dropped. A negative value is read only
    in a column of an input `scheme` declares signed. Well-formed tables go straight into
    columns with vectorised checks (no snapshot is made until asked for); otherwise the table
    is read one cell at a time, which words every problem at once.
    """
    columns = _header(header, header_row, place, source, scheme)
    signed = scheme.signed_inputs if scheme is not None else frozenset()
    body = list(rows)
    if body and body[0][1] and body[0][1][0].strip() == NOTES_ROW:
        body = body[1:]
    fast = None
    if all(len(cells) == len(columns) for _, cells in body):
        by_column = list(zip(*(cells for _, cells in body), strict=True)) if body else []
        fast = _table_columns(columns, len(body), lambda k: by_column[k] if body else ())
    if fast is not None:
        return fast
    return _dataset_by_rows(columns, body, source, place, signed)


def _dataset_by_rows(
    columns: list[tuple[str, str]],
    body: Iterable[tuple[int, Sequence[str]]],
    source: str,
    place: Places,
    signed: frozenset[str] = frozenset(),
) -> Dataset:
    """The table read one cell at a time: the reference, and the path that words problems."""
    problems: list[Problem] = []
    snapshots: list[MetricSnapshot] = []
    lines: list[int] = []
    for line, cells in body:
        if len(cells) != len(columns):
            text = f"row has {len(cells)} cells, header has {len(columns)}"
            problems.append(Problem(place.at(line, None), text))
            continue
        found: dict[str, Any] = {
            "values": {},
            "platform_values": {},
            "texts": {},
            "department": None,
        }
        for number, ((field, name), cell) in enumerate(zip(columns, cells, strict=True), 1):
            try:
                _read_cell(found, field, name, cell, name in signed)
            except (InputError, PeriodError) as exc:
                problems.append(Problem(place.at(line, number), str(exc)))
        if "court" in found and "period" in found:
            given = found["values"].keys() | found["platform_values"].keys()
            snapshots.append(MetricSnapshot(**found, signed=signed & given))
            lines.append(line)
    if problems:
        raise table_error(problems, source)
    at_column = {col: k for k, col in enumerate(columns, 1)}

    def path(i: int, field: str, name: str) -> str:
        return place.at(lines[i], at_column.get((field, name)) if field else None)

    def named(i: int, field: str, name: str) -> str:
        return place.ref(lines[i], at_column.get((field, name)) if field else None)

    dups = duplicate_problems(snapshots, path, named)
    if dups:
        raise table_error(dups, source, DuplicateSnapshotError)
    mixed = mixed_kind_problems(snapshots, path, named)
    if mixed:
        raise table_error(mixed, source)
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
#: Sixteen digits or more in one number (a decimal point among them): more than float64
#: holds exactly, so the cell reader checks the text (`exact_float`).
_MANY_DIGITS = re.compile(r"(?:\d\.?){16}", re.ASCII)
_WHOLE_LINE = re.compile(r"^\d+$", re.ASCII | re.MULTILINE)


def _numbers(cells: Sequence[str]) -> tuple[FloatArray, ValueKind, BoolArray | None] | None:
    """A column of plain non-negative numbers as floats, its kind and (for a column that
    mixes whole numbers and decimals) which cells are whole; None for anything else."""
    joined = "".join(cells)
    if not joined or "\n" in joined or "\r" in joined:
        # The cells are matched as the lines of one text: a cell holding a line break (a
        # quoted CSV field) would pass as two; the cell reader words it.
        return None
    lines = "\n".join(cells)
    if joined.isascii() and joined.isdigit():
        if _LONG.search(lines):
            return None
        kind, whole = ValueKind.COUNT, None
    elif _DECIMALS.fullmatch(lines):
        if _MANY_DIGITS.search(lines):
            return None  # float64 may round it (4.0000000000000001): checked cell by cell
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
    cell is bad (a negative number too: signed inputs are read by the cell reader) or the
    kinds do not mix."""
    try:
        return values_column([parse_cell(cell) for cell in cells])
    except InputError:
        return None


#: A reader's quick parse of columns of plain numbers, given their positions: the columns it
#: read (value, kind, whole cells, as `_numbers` gives them); the others need their texts.
QuickNumbers = Callable[[list[int]], "dict[int, tuple[FloatArray, ValueKind, BoolArray | None]]"]


def _table_columns(
    columns: list[tuple[str, str]],
    n: int,
    cells_of: Callable[[int], Sequence[str]],
    numbers: QuickNumbers | None = None,
    distinct_of: Callable[[int], tuple[list[str], IntArray]] | None = None,
) -> Dataset | None:
    """The table as a dataset of columns, or None if anything needs a word (then the cell
    reader finds and words every problem). `cells_of` gives a column's cell texts by position,
    `numbers` (when the reader has one) columns of plain numbers without their texts, and
    `distinct_of` a column's distinct texts and each cell's position among them."""
    labels: dict[str, Labels] = {}
    values: list[ValueColumn] = []
    texts: dict[str, TextColumn] = {}
    value_columns = [k for k, (field, _) in enumerate(columns) if field in VALUE_FIELDS]
    quick = numbers(value_columns) if numbers is not None else {}
    for k, (field, name) in enumerate(columns):
        if field in LABEL_COLUMNS:
            # Periods are parsed as written, only stripped (a blank one is worded by the reader).
            what: LabelKind | None = None if field == "period" else field  # type: ignore[assignment]
            read_labels = (
                distinct_labels(*distinct_of(k), what)
                if distinct_of is not None
                else label_index(cells_of(k), what)
            )
            if read_labels is None:
                return None
            labels[field] = read_labels
            continue
        if field == "texts":
            cells = cells_of(k)
            col = np.array([c if c.strip() else None for c in cells] or [None], dtype=object)[:n]
            given = [c for c in col.tolist() if c is not None]
            if given and text_problem("".join(given)) is not None:
                return None
            if given:
                texts[name] = col
            continue
        if k in quick:
            values.append(ValueColumn(field, name, *quick[k]))
            continue
        cells = cells_of(k)
        read = _numbers(cells) or _parsed(cells)
        if read is None:
            if "".join(cells).strip():
                return None
            continue  # no cell given: no column, as no snapshot has the input
        values.append(ValueColumn(field, name, *read))
    return columns_dataset(n, labels, values, texts)


def _read_cell(
    found: dict[str, Any], field: str, name: str, cell: str, signed: bool = False
) -> None:
    """Put what `cell` holds into the snapshot fields `found`; labels are stripped."""
    if field in ("values", "platform_values"):
        value = parse_cell(cell, signed)
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


@argument('header', (list, tuple), "a list or tuple of column headers")
def dataset_from_table(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    source: str = "<table>",
    *,
    header_line: int = 1,
    scheme: Scheme | None = None,
) -> Dataset:
    """The dataset a wide table of cell texts holds: a CSV file, a spreadsheet's sheet.

    `header` is the header row's cells; `rows` are (line number, cells) of every non-blank
    row after it. Cells read as `parse_cell` reads them, labels stripped; problems are named
    FILE:LINE column NAME, with the value. With `scheme`, headers may be Chinese labels.
    """
    return dataset_from_cells(
        header,
        rows,
        source=source,
        place=csv_places(source, header),
        header_row=header_line,
        scheme=scheme,
    )


def csv_places(source: str, header: Sequence[str]) -> Places:
    """Places as CSV names them: `data.csv:7 column q6_1`, and `line 7 column q6_1`."""
    names = [c.strip() for c in header]

    def at(row: int, col: int | None) -> str:
        return f"{source}:{row}" + (f" column {names[col - 1]}" if col else "")

    def ref(row: int, col: int | None) -> str:
        return f"line {row}" + (f" column {names[col - 1]}" if col else "")

    return Places(at, ref)
