"""Excel workbooks (.xlsx) of snapshots: a sheet laid out like the CSV, one snapshot a row,
read (`dataset_from_xlsx`) and written (`dataset_to_xlsx`).

The sheet's cells become texts and go through the same path as CSV cells (`_table`), so the
checks and messages are the same; places are named `data.xlsx:Sheet1!C7`. Numbers Excel
stores whole come back as whole numbers; a date where a text or number belongs, and a
formula whose value was never computed (a file written by a program and not saved in Excel),
are refused, never read as a guess or as not provided.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from courtinfo.base import (
    InputError,
    Problem,
    argument,
    install_command,
    optional_module,
    shown,
    wrong_type,
)
from courtinfo.data import Dataset, Value
from courtinfo.indicators import Scheme
from courtinfo.io._csv import format_cell, wide_layout
from courtinfo.io._table import Places, dataset_from_cells, table_error

#: What to install for reading and writing Excel files.
EXCEL_EXTRA = install_command("excel")


@argument('what', str, "what needs openpyxl (str)")
def openpyxl_module(what: str) -> Any:
    """The openpyxl module; a one-line error naming the extra when it is not installed."""
    return optional_module("openpyxl", what)


def _text(value: object) -> str | None:
    """A cell's value as the text a CSV cell would hold; None for a date or time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))  # Excel keeps every number as a float: 100 comes back 100.0
    if isinstance(value, (bool, int, float)):
        return format_cell(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        return None
    return str(value)


def _open(data: bytes, source: str, data_only: bool) -> Any:
    import zipfile  # here: openpyxl imports it anyway, and every start of the command would

    openpyxl = openpyxl_module("reading .xlsx files")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        detail = str(exc) or type(exc).__name__
        msg = (
            f"{source}: not an .xlsx workbook ({shown(detail)}); an old .xls or a protected "
            "workbook must be saved as .xlsx (Excel: 另存为 Excel 工作簿)"
        )
        raise InputError(msg) from None


def _sheet(book: Any, sheet_name: str | int, source: str) -> Any:
    names = list(book.sheetnames)
    if isinstance(sheet_name, bool) or not isinstance(sheet_name, (str, int)):
        msg = f"{source}: sheet_name must be a sheet's name (str) or number from 0; got {shown(sheet_name)}"
        raise InputError(msg)
    if isinstance(sheet_name, int):
        if 0 <= sheet_name < len(names):
            return book[names[sheet_name]]
        msg = f"{source}: no sheet number {sheet_name}; the workbook has {len(names)} (0..{len(names) - 1}): {', '.join(names)}"
        raise InputError(msg)
    if sheet_name in names:
        return book[sheet_name]
    msg = f"{source}: no sheet {sheet_name!r}; the sheets are {', '.join(repr(n) for n in names)}"
    raise InputError(msg)


def dataset_from_xlsx(
    data: bytes,
    source: str = "<bytes>",
    *,
    sheet_name: str | int = 0,
    scheme: Scheme | None = None,
) -> Dataset:
    """The snapshots of one sheet of an .xlsx workbook (`sheet_name`: name, or number from 0).

    The sheet is laid out like the CSV: a header row (court, department, period, one column per
    input; with `scheme`, inputs may be named by their Chinese labels), one snapshot a row.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(wrong_type("dataset_from_xlsx: data", "the bytes of an .xlsx file", data))
    values = _sheet(_open(bytes(data), source, True), sheet_name, source)
    formulas = _sheet(_open(bytes(data), source, False), sheet_name, source)
    from openpyxl.utils import get_column_letter

    title = values.title
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    for number, (cells, raw) in enumerate(
        zip(
            values.iter_rows(values_only=True),
            formulas.iter_rows(values_only=True),
            strict=True,
        ),
        start=1,
    ):
        texts: list[str] = []
        for col, (value, written) in enumerate(zip(cells, raw, strict=True), start=1):
            where = f"{source}:{title}!{get_column_letter(col)}{number}"
            text = _text(value)
            if value is None and isinstance(written, str) and written.startswith("="):
                text = ""
                message = (
                    f"the formula {shown(written)} has no computed value (the file was not "
                    "saved by Excel); open and save it in Excel, or enter the number"
                )
                problems.append(Problem(where, message))
            elif text is None:
                text = ""
                message = (
                    f"{value} is a date or time; format the column as text (设置单元格格式为"
                    "文本) and type the value as the CSV would hold it (a period: 2022-W21, 2022-05)"
                )
                problems.append(Problem(where, message))
            texts.append(text)
        if any(t.strip() for t in texts):
            rows.append((number, texts))
    if problems:
        raise table_error(problems, source)
    if not rows:
        msg = f"{source}:{title}: the sheet is empty; expected a header row court,department,period,<input>..."
        raise InputError(msg)
    header_row, header = rows[0]
    width = max((k + 1 for k, c in enumerate(header) if c.strip()), default=0)

    def at(row: int, col: int | None) -> str:
        if col is None:
            return f"{source}:{title} row {row}"
        return f"{source}:{title}!{get_column_letter(col)}{row}"

    def ref(row: int, col: int | None) -> str:
        return f"row {row}" if col is None else f"{title}!{get_column_letter(col)}{row}"

    body: list[tuple[int, list[str]]] = []
    for number, texts in rows[1:]:
        beyond = [k for k in range(width, len(texts)) if texts[k].strip()]
        if beyond:
            where = at(number, beyond[0] + 1)
            problems.append(
                Problem(where, f"{shown(texts[beyond[0]])} is outside the header's columns")
            )
        body.append((number, texts[:width]))
    if problems:
        raise table_error(problems, source)
    return dataset_from_cells(
        header[:width],
        body,
        source=source,
        place=Places(at, ref),
        header_row=header_row,
        scheme=scheme,
    )


#: The sheet `dataset_to_xlsx` writes unless told otherwise.
DATA_SHEET = "数据"


def _cell_value(value: Value | str | None) -> tuple[object, bool]:
    """What goes into a cell for `value`, and whether it must be kept as text.

    Numbers stay numbers, so that a sheet sums in Excel; a whole float (3.0 hours) is written as
    its text, since Excel keeps no difference between 3 and 3.0 and the file must read back
    exactly. 是/否 and option sets are written as in CSV cells.
    """
    if value is None:
        return None, False
    if isinstance(value, (bool, frozenset)):
        return format_cell(value), True
    if isinstance(value, float) and value.is_integer():
        return format_cell(value), True
    if isinstance(value, (int, float)):
        return value, False
    return value, True


def dataset_to_xlsx(dataset: Dataset, *, sheet_name: str = DATA_SHEET) -> bytes:
    """The snapshots of `dataset` as an .xlsx workbook of one sheet laid out like the CSV
    (courts and departments are not written); `dataset_from_xlsx` reads it back exactly."""
    if not isinstance(dataset, Dataset):
        raise InputError(wrong_type("dataset_to_xlsx: dataset", "a Dataset", dataset))
    if not isinstance(sheet_name, str) or not sheet_name.strip():
        raise InputError(wrong_type("dataset_to_xlsx: sheet_name", "a sheet name (str)", sheet_name))
    openpyxl = openpyxl_module("writing .xlsx files")
    from openpyxl.utils import get_column_letter

    header, rows = wide_layout(dataset, "xlsx")
    book = openpyxl.Workbook()
    sheet: Any = book.active
    try:
        sheet.title = sheet_name
    except ValueError as exc:
        msg = f"dataset_to_xlsx: {shown(sheet_name)} cannot name a sheet ({exc})"
        raise InputError(msg) from None
    # Control characters, which .xlsx cells cannot hold, never reach here: labels and texts
    # refuse them when a snapshot is made.
    table: list[list[Value | str | None]] = [list(header), *rows]
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            content, text = _cell_value(value)
            if content is None:
                continue
            cell = sheet.cell(row=r, column=c, value=content)
            if text:
                # A text beginning with "=" would otherwise be stored as a formula.
                cell.data_type = "s"
    for c in range(1, len(header) + 1):
        # Periods and option sets must stay text: Excel would turn 2022-05 into a date.
        sheet.column_dimensions[get_column_letter(c)].number_format = "@"
    sheet.freeze_panes = "D2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
