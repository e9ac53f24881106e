"""The empty data collection form (数据采集表) of a scheme, as CSV or as an .xlsx workbook.

One column per input the court fills in (platform-supplied values, 以最高法院数据为准, are
left out), headed by the input's Chinese label and question number (`form_header`), and a
second row of filling notes (`NOTES_ROW`) saying what each column takes: 是/否, option letters
with their labels, whole counts. The readers skip that row and accept the headers when given
the scheme, so a filled form is evaluated as it is.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path
from typing import Any

from courtinfo.base import InputError, argument, atomic_write
from courtinfo.data import ValueKind
from courtinfo.indicators import Input, Scheme
from courtinfo.io._table import LABEL_ALIASES, NOTES_ROW, form_header
from courtinfo.io._xlsx import openpyxl_module

_LABELS = {v: k for k, v in LABEL_ALIASES.items()}
_PERIOD_NOTES = {
    "week": "ISO周，如 2022-W21",
    "month": "月份，如 2022-05",
    "quarter": "季度，如 2022-Q2",
    "year": "年度，如 2019",
}


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def form_inputs(scheme: Scheme) -> tuple[Input, ...]:
    """The inputs a court fills in on the form: every input not supplied by the platform."""
    return tuple(i for i in scheme.inputs if not i.platform)


@argument('inp', Input, "an Input of a scheme")
def input_note(inp: Input) -> str:
    """What a column takes, in the words of a form: '是/否', '数量（整数）', options."""
    if inp.kind is ValueKind.YES_NO:
        return "填“是”或“否”"
    if inp.kind is ValueKind.COUNT:
        return "数量（整数）"
    if inp.kind is ValueKind.MEASURE:
        return "数值"
    options = "；".join(f"{o.letter} {o.label_zh}" for o in inp.options)
    return f"多选，选项字母写在{{}}中，如{{A,C}}：{options}"


def _rows(scheme: Scheme) -> tuple[list[str], list[str]]:
    inputs = form_inputs(scheme)
    header = [_LABELS["court"], _LABELS["department"], _LABELS["period"]]
    header += [form_header(i) for i in inputs]
    notes = [NOTES_ROW, "部门名称；全院数据留空", _PERIOD_NOTES.get(scheme.period_kind, "期间")]
    notes += [input_note(i) for i in inputs]
    return header, notes


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def template_csv(scheme: Scheme) -> str:
    """The form as CSV text: the header row and the notes row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(_rows(scheme))
    return out.getvalue()


def _width(text: str) -> float:
    """A column width that fits `text` (wide CJK characters count two), at most 40."""
    wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return min(40.0, wide + 2.0)


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def template_xlsx(scheme: Scheme) -> bytes:
    """The form as an .xlsx workbook: sheet 数据采集表 to fill in, sheet 填表说明 listing the
    inputs with their question numbers and what each takes."""
    openpyxl = openpyxl_module("writing the .xlsx form")
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet: Any = book.active
    sheet.title = "数据采集表"
    header, notes = _rows(scheme)
    sheet.append(header)
    sheet.append(notes)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for col, (h, n) in enumerate(zip(header, notes, strict=True), start=1):
        top = sheet.cell(row=1, column=col)
        top.font = Font(bold=True)
        top.fill = head_fill
        top.alignment = Alignment(wrap_text=True, vertical="center")
        note = sheet.cell(row=2, column=col)
        note.font = Font(italic=True, color="808080")
        note.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(col)
        # Typed periods and option sets must stay text: Excel would turn 2022-05 into a date.
        sheet.column_dimensions[letter].width = max(_width(h), min(_width(n), 24.0))
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "D3"
    guide: Any = book.create_sheet("填表说明")
    guide.append(["列", "题号", "填空", "名称", "标识", "填写"])
    for col, inp in enumerate(form_inputs(scheme), start=4):
        guide.append(
            [
                get_column_letter(col),
                inp.question,
                inp.blank,
                inp.label_zh,
                inp.id,
                input_note(inp),
            ]
        )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (6, 6, 6, 40, 22, 60), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def save_template(scheme: Scheme, path: str | Path) -> Path:
    """Write the form to `path` atomically, as .csv (UTF-8 with BOM, for Excel) or .xlsx."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".xlsx":
        atomic_write(p, template_xlsx(scheme))
        return p
    if suffix == ".csv":
        atomic_write(p, template_csv(scheme), encoding="utf-8-sig")
        return p
    msg = f"{p}: the form is written as .csv or .xlsx, not {p.suffix or 'a file without suffix'}"
    raise InputError(msg)
