"""Reports and results as Excel workbooks (.xlsx), as a 审管办 circulates them.

Numbers are stored as numbers with real number formats: rates as Excel percentages (0.0%),
points to four places (0.0000), per-case averages to two, changes in 个百分点; targets keep their
comparator in the number format ("≥"0%). An indicator whose source states its rounding
(`Indicator.rounding`) is shown as published, as the text and Word reports show it: the cell
holds the published figure (44.125% half up to two places is 44.13%, stored 0.4413 in the
format 0.00%; 230.5 days truncated is 230), since Excel itself can only round half up. A value
whose inputs break a rule reads 有误, as in the text tables. The met column reads 达标 (filled green) or 未达标
(filled red). Every sheet opens with a title row naming the court, the period and the scheme,
has its header row frozen, and columns wide enough for Chinese text (wide characters count
two). A report with sections gets one sheet per section. Written with openpyxl (the `excel`
extra), which also reads .xlsx data files; files are written atomically.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from courtinfo.base import InputError, atomic_write, wrong_type
from courtinfo.evaluation import Results
from courtinfo.indicators import Rounding, published_figure
from courtinfo.io import openpyxl_module
from courtinfo.report._bulletin import Bulletin
from courtinfo.report._lang import invalid_lines, left_out_heading, left_out_rows, missing_word
from courtinfo.report._ranking import TOTAL, Ranking
from courtinfo.report._render import COMPARATOR_SIGNS, display_width
from courtinfo.report._score import ScoreReport

#: Number formats by unit; yes/no values are written as 是/否.
NUMBER_FORMATS = {"percentage": "0.0%", "points": "0.0%", "per_case": "0.00"}
POINTS_FORMAT = "0.0000"
PP_FORMAT = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
CHANGE_FORMAT = "+0.00;-0.00;0.00"
MET, NOT_MET = "达标", "未达标"
GREEN, RED = "C6EFCE", "FFC7CE"
_MAX_ROWS = 1_048_576
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@attrs.frozen
class Cell:
    """A value to write and its number format ('' for the default, text as it is)."""

    value: object
    number_format: str = ""


@attrs.frozen
class Sheet:
    """One worksheet: a title, lines under it, a header row, rows, lines after the table.

    `met_column` (from 0) is filled green for 达标 and red for 未达标.
    """

    name: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    lines: tuple[str, ...] = ()
    footer: tuple[tuple[Cell, ...], ...] = ()
    met_column: int | None = None


def _value_cell(value: float | None, unit: str, text: str = "") -> Cell:
    """A value in its unit's format; without a value, `text` (its reason or NA/NAP)."""
    if value is None:
        return Cell(text)
    if unit == "yes_no":
        return Cell("是" if value >= 0.5 else "否")
    return Cell(float(value), NUMBER_FORMATS.get(unit, "0.00"))


def _published_cell(
    value: float | None, unit: str, rounding: Rounding | None, text: str = ""
) -> Cell:
    """A value as its source publishes it when `rounding` is stated (the figure `format_shown`
    gives the text reports), in a number format of as many places; else `_value_cell`."""
    shown = published_figure(value, unit, rounding)
    if rounding is None or shown is None or unit in ("points", "yes_no"):
        return _value_cell(value, unit, text)
    digits = "0." + "0" * rounding.places if rounding.places else "0"
    if unit == "percentage":
        # The fraction Excel shows as that percentage, so the column reads like the others.
        return Cell(round(shown / 100, rounding.places + 2), digits + "%")
    if unit == "percentage_points":
        return Cell(shown, f'+{digits}"个百分点";-{digits}"个百分点";{digits}"个百分点"')
    return Cell(shown, digits)


def _missing_text(code: str | None, lang: str = "zh") -> str:
    """A missing value's code as the cell shows it: NA, NAP, 有误 (INVALID in English)."""
    return missing_word(code, "en" if lang == "en" else "zh") if code else ""


def _target_cell(value: float | None, comparator: str | None, unit: str) -> Cell:
    if value is None:
        return Cell("")
    sign = COMPARATOR_SIGNS.get(comparator or "at_least", "")
    base = "0%" if unit in ("percentage", "points") and round(value * 100, 6).is_integer() else None
    fmt = base or NUMBER_FORMATS.get(unit, "0.00")
    return Cell(float(value), f'"{sign}"{fmt}' if sign else fmt)


def _change_cell(change: float | None, unit: str) -> Cell:
    if change is None:
        return Cell("")
    if unit in ("percentage", "points"):
        return Cell(round(change * 100, 10), PP_FORMAT)
    return Cell(float(change), CHANGE_FORMAT)


def _met_cell(met: bool | None) -> Cell:
    return Cell("" if met is None else MET if met else NOT_MET)


def _points(x: float | None) -> Cell:
    return Cell("" if x is None else float(x), POINTS_FORMAT)


def _sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\."""
    base = _BAD_SHEET_CHARS.sub("_", text).strip("'") or "Sheet"
    name, k = base[:31], 2
    while name in taken:
        tail = f"~{k}"
        name, k = base[: 31 - len(tail)] + tail, k + 1
    taken.add(name)
    return name


# -- what each report becomes -----------------------------------------------------------------


def _results_sheets(results: Results) -> list[Sheet]:
    scheme = results.scheme
    b = results.batch
    tree = results.courts
    scored = scheme.scored
    rounding = {ind.code: ind.rounding for ind in scheme.indicators}
    rows: list[tuple[Cell, ...]] = []
    for r in results.rows():
        name = tree.get(r.court).name if tree is not None and r.court in tree else ""
        missing = _missing_text(r.missing.value if r.missing is not None else None)
        cells = [
            Cell(r.court),
            Cell(name),
            Cell(r.department or "全院"),
            Cell(str(r.period)),
            Cell("" if r.number is None else r.number),
            Cell(r.name_zh),
            Cell(r.indicator),
            _published_cell(r.value, r.unit, rounding[r.indicator], missing),
            _target_cell(r.target, r.comparator, r.unit),
            _met_cell(r.target_met),
        ]
        if scored:
            cells += [_points(r.points), Cell("" if r.max_points is None else r.max_points)]
        cells.append(Cell(r.reason))
        rows.append(tuple(cells))
    headers = [
        "法院代码",
        "法院",
        "部门",
        "期间",
        "序号",
        "指标",
        "指标代码",
        "数值",
        "目标",
        "达标情况",
    ]
    if scored:
        headers += ["得分", "满分"]
    headers.append("说明")
    courts = list(b.courts)
    periods = sorted(b.periods)
    who = (
        (tree.get(courts[0]).name if tree is not None and courts[0] in tree else courts[0])
        if len(courts) == 1
        else f"{len(courts)}个法院"
    )
    when = (
        str(periods[0])
        if len(periods) == 1
        else (f"{periods[0]}至{periods[-1]}" if periods else "")
    )
    title = f"{who} {scheme.title_zh} 评价结果 {when}".strip()
    lines: tuple[str, ...] = (f"方案：{scheme.code} {scheme.title_zh}（{scheme.document}）",)
    left_out = left_out_rows(results)
    if left_out:  # rows a roll-up left out of its sums: said above the table, as in the text
        lines += (left_out_heading("zh"), *invalid_lines(scheme, left_out, "zh"))
    return [Sheet("评价结果", title, tuple(headers), tuple(rows), lines, met_column=9)]


def _bulletin_sheets(report: Bulletin) -> list[Sheet]:
    taken = {"通报概况", "未达标情况"}
    where = f"{report.court_name} {report.period.label_zh}（{report.period}）"
    scheme_line = f"方案：{report.scheme} {report.scheme_title}"
    overview_rows = tuple(
        (Cell(s.label), Cell(s.summary), Cell(sum(1 for e in s.entries if e.below_target)))
        for s in report.sections
    )
    prev = report.previous_period
    lines = [*report.notes, scheme_line, f"环比：与{prev}比较" if prev is not None else "无上期数据，未计算环比"]
    if report.not_reported:
        lines.append("本期无数据：" + "、".join(report.not_reported))
    if report.invalid:  # rows breaking a rule, left out of 全院 sums: listed as the text lists them
        lines += [f"数据有误清单（{len(report.invalid)}行，不计入全院汇总、排名与全市平均）：", *report.invalid]
    sheets = [
        Sheet(
            "通报概况",
            report.title,
            ("指标", "小结", "未达标部门数"),
            overview_rows,
            tuple(lines),
        )
    ]
    below = tuple(
        (
            Cell(s.label),
            Cell(e.name),
            _published_cell(e.value, s.unit, s.rounding),
            _target_cell(e.target, e.comparator, s.unit),
            _change_cell(e.change, s.unit),
            Cell("、".join(e.leaders)),
            Cell("、".join(e.responsible)),
            Cell(e.needed_text),
        )
        for s, e in report.below_target()
    )
    sheets.append(
        Sheet(
            "未达标情况",
            f"{where} 未达标情况及责任",
            ("指标", "部门", "数值", "目标", "环比", "责任领导", "责任部门", "达标所需"),
            below,
            (scheme_line,),
        )
    )
    for s in report.sections:
        rows = tuple(
            (
                Cell(e.name),
                _published_cell(
                    e.value, s.unit, s.rounding, _missing_text(e.missing_code, report.lang)
                ),
                _target_cell(e.target, e.comparator, s.unit),
                _met_cell(e.met),
                _change_cell(e.change, s.unit),
                Cell(e.rank if e.rank else ""),
                Cell("、".join(e.leaders)),
                Cell("、".join(e.responsible)),
                Cell(e.reason or e.needed_text or e.change_note),
            )
            for e in s.entries
        )
        sheets.append(
            Sheet(
                _sheet_name(s.label, taken),
                f"{where} {s.label}",
                (
                    "部门",
                    "数值",
                    "目标",
                    "达标情况",
                    "环比",
                    "名次",
                    "责任领导",
                    "责任部门",
                    "说明",
                ),
                rows,
                (scheme_line, s.summary),
                met_column=3,
            )
        )
    return sheets


def _ranking_sheets(report: Ranking) -> list[Sheet]:
    total = report.indicator == TOTAL

    def cell(x: float | None, text: str = "") -> Cell:
        if total:
            return _points(x) if x is not None else Cell(text)
        if report.unit == "points" and report.max_points is not None and x is not None:
            return _points(x * report.max_points)
        return _published_cell(x, report.unit, report.rounding, text)

    rows = tuple(
        (
            Cell(e.rank if e.rank else ""),
            Cell(e.court),
            Cell(e.name),
            cell(e.value, e.reason),
            Cell("是" if e.leading else "否"),
        )
        for e in report.entries
    )
    footer = (
        (Cell(f"{report.peers_zh}平均（合并计算）"), Cell(""), Cell(""), cell(report.peer_average)),
        (Cell("优秀标准（前25%）"), Cell(""), Cell(""), cell(report.benchmark)),
        (Cell(f"第一方阵：前{report.leading_group_size}名"),),
    )
    title = f"{report.parent_name} 辖区法院排名 {report.period.label_zh}（{report.period}）：{report.name_zh}"
    return [
        Sheet(
            "排名",
            title,
            ("名次", "法院代码", "法院", "得分" if total else "数值", "第一方阵"),
            rows,
            (
                *report.notes,
                f"方案：{report.scheme}",
                *(
                    [f"数据有误{len(report.invalid)}行，未参与排名与{report.peers_zh}平均：", *report.invalid]
                    if report.invalid
                    else []
                ),
            ),
            footer,
        )
    ]


def _score_sheets(report: ScoreReport) -> list[Sheet]:
    who = report.who
    where = f"{who} {report.period.label_zh}（{report.period}）"
    scheme_line = f"方案：{report.scheme} {report.scheme_title}"
    lost = report.max_points - report.total
    head = f"总分 {report.total:.4f} 分（满分 {report.max_points:g} 分），失分 {lost:.4f} 分"
    points = tuple(
        (
            Cell(ln.label),
            Cell(ln.indicator),
            _published_cell(ln.value, ln.unit, ln.rounding, _missing_text(ln.missing)),
            _points(ln.points),
            Cell(ln.max_points),
            Cell(ln.reason),
        )
        for ln in report.lines
    )
    cats = tuple(
        (Cell(c.name_zh), _points(c.points), Cell(c.max_points)) for c in report.categories
    )
    cats_footer = ((Cell("总分"), _points(report.total), Cell(report.max_points)),)
    left = tuple(
        (
            Cell(ln.label),
            _points(ln.left),
            Cell(ln.max_points),
            Cell("、".join(ln.leaders)),
            Cell("、".join(ln.departments)),
            Cell(ln.reason),
        )
        for ln in report.left_on_table
    )
    return [
        Sheet(
            "得分",
            f"{where} {report.scheme_title} 得分",
            ("指标", "指标代码", "数值", "得分", "满分", "说明"),
            points,
            (
                scheme_line,
                head,
                *([f"数据有误{len(report.left_out)}行，未计入汇总：", *report.left_out] if report.left_out else []),
                *report.notes,
            ),
        ),
        Sheet(
            "分类小计",
            f"{where} 分类小计",
            ("类别", "得分", "满分"),
            cats,
            (scheme_line, head),
            cats_footer,
        ),
        Sheet(
            "失分",
            f"{where} 失分（由多到少）",
            ("指标", "失分", "满分", "责任领导", "责任部门", "说明"),
            left,
            (scheme_line, head),
        ),
    ]


def sheets_of(report: object) -> list[Sheet]:
    """The worksheets `report` (results, a bulletin, a ranking or a score report) becomes."""
    if isinstance(report, Results):
        return _results_sheets(report)
    if isinstance(report, Bulletin):
        return _bulletin_sheets(report)
    if isinstance(report, Ranking):
        return _ranking_sheets(report)
    if isinstance(report, ScoreReport):
        return _score_sheets(report)
    expected = "Results, a Bulletin, a Ranking or a ScoreReport"
    raise InputError(wrong_type("to_excel: report", expected, report))


# -- writing ----------------------------------------------------------------------------------


def _shown_width(cell: Cell) -> int:
    v = cell.value
    if isinstance(v, float):
        fmt = cell.number_format
        if "%" in fmt and "个百分点" not in fmt:
            return len(f"{v * 100:.1f}%") + 2
        if "个百分点" in fmt:
            return len(f"{v:+.1f}") + 8
        return len(f"{v:.4f}") + 1
    return display_width(str(v))


def _write_sheet(book: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if len(sheet.rows) + len(sheet.lines) + len(sheet.footer) + 3 > _MAX_ROWS:
        msg = (
            f"sheet {sheet.name!r} would have {len(sheet.rows)} rows, more than Excel's "
            f"{_MAX_ROWS:,}; write CSV instead"
        )
        raise InputError(msg)
    ws = book.create_sheet(sheet.name)
    ncols = len(sheet.headers)
    ws.append([sheet.title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for line in sheet.lines:
        ws.append([line])
    header_row = len(sheet.lines) + 2
    ws.append(list(sheet.headers))
    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    for col in range(1, ncols + 1):
        c = ws.cell(row=header_row, column=col)
        c.font = Font(bold=True)
        c.fill = head_fill
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center")
    fills = {
        MET: (PatternFill("solid", fgColor=GREEN), Font(color="006100")),
        NOT_MET: (PatternFill("solid", fgColor=RED), Font(color="9C0006")),
    }
    widths = [display_width(h) for h in sheet.headers]
    for k, row in enumerate((*sheet.rows, *sheet.footer)):
        r = header_row + 1 + k
        ws.append([c.value for c in row])
        for j, cell in enumerate(row):
            target = ws.cell(row=r, column=j + 1)
            if cell.number_format:
                target.number_format = cell.number_format
            if k < len(sheet.rows):
                target.border = border
            if j == sheet.met_column and cell.value in fills and k < len(sheet.rows):
                target.fill, target.font = fills[str(cell.value)]
            if j < len(widths) and not (k >= len(sheet.rows) and j == 0 and len(row) == 1):
                widths[j] = max(widths[j], _shown_width(cell))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(6, w + 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate


def excel_bytes(report: object, *, notes: Sequence[str] = ()) -> bytes:
    """The .xlsx file of `report` (results, a bulletin, a ranking or a score report), as bytes.

    `notes` are lines said under the first sheet's title, above its own (what a roll-up over
    time covered, for results: a report carries its own `notes`)."""
    if isinstance(notes, str) or not all(isinstance(x, str) for x in notes):
        raise InputError(wrong_type("to_excel: notes", "a list of lines (str)", notes))
    sheets = sheets_of(report)
    if notes:
        sheets[0] = attrs.evolve(sheets[0], lines=(*notes, *sheets[0].lines))
    openpyxl = openpyxl_module("to_excel")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_excel(report: object, path: str | Path, *, notes: Sequence[str] = ()) -> Path:
    """Write `report` (results, a bulletin, a ranking or a score report) as an .xlsx workbook.

    Needs the `excel` extra (openpyxl). The file is written atomically; returns its path.
    `notes` as for `excel_bytes`.
    """
    target = out_path(path, "to_excel")
    atomic_write(target, excel_bytes(report, notes=notes))
    return target


def out_path(path: object, function: str) -> Path:
    """`path` as a Path; an `InputError` naming the argument when it is no str or path."""
    if isinstance(path, (str, os.PathLike)) and isinstance(os.fspath(path), str):
        return Path(path)
    raise InputError(wrong_type(f"{function}: path", "a file path (str or os.PathLike)", path))
