"""The bulletin and the score report as Word documents (.docx), in the layout of a court notice.

A centred title, an opening line, numbered parts (一、二、三、) with tables under Chinese
headers, the below-target list with who answers for each entry (the scheme's responsible
leaders and departments), and the issuing court and 发文 date at the foot, right-aligned.
Needs the `word` extra (python-docx); files are written atomically.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from courtinfo.base import InputError, argument, atomic_write, optional_module, wrong_type
from courtinfo.org import chinese_number
from courtinfo.report._bulletin import Bulletin
from courtinfo.report._lang import missing_word
from courtinfo.report._render import (
    BLANK,
    format_change,
    format_points,
    format_shown,
    format_target,
    format_yes_no,
)
from courtinfo.report._score import ScoreReport
from courtinfo.report._xlsx import out_path

BODY_FONT, TITLE_FONT = "仿宋", "黑体"


@argument('day', datetime.date, "a datetime.date")
def issued_text(day: datetime.date) -> str:
    """A 发文 date as notices write it: 2026年12月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _docx() -> Any:
    return optional_module("docx", "to_docx")


class _Writer:
    """A document in notice style: fonts set for Chinese, helpers for titles and tables."""

    def __init__(self) -> None:
        docx = _docx()
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.Pt, self.qn, self.align = Pt, qn, WD_ALIGN_PARAGRAPH
        self.doc = docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(12)
        self._font(normal.element, BODY_FONT)
        normal.font.name = BODY_FONT

    def _font(self, element: Any, name: str) -> None:
        rpr = element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(self.qn("w:eastAsia"), name)

    def title(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = self.align.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = self.Pt(18)
        run.font.name = TITLE_FONT
        self._font(run._element, TITLE_FONT)

    def heading(self, text: str) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.bold = True
        run.font.name = TITLE_FONT
        self._font(run._element, TITLE_FONT)

    def para(self, text: str, *, right: bool = False, indent: bool = True) -> None:
        p = self.doc.add_paragraph(text)
        if right:
            p.alignment = self.align.RIGHT
        elif indent:
            p.paragraph_format.first_line_indent = self.Pt(24)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
        for row in rows:
            cells = t.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        self.doc.add_paragraph()

    def signature(self, court: str, day: datetime.date) -> None:
        self.doc.add_paragraph()
        self.para(court, right=True)
        self.para(issued_text(day), right=True)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _who(leaders: Sequence[str], departments: Sequence[str]) -> tuple[str, str]:
    return "、".join(leaders) or BLANK, "、".join(departments) or BLANK


def _bulletin(w: _Writer, report: Bulletin, day: datetime.date) -> None:
    w.title(report.title)
    for line in report.notes:
        w.para(line)
    w.para(
        f"根据《{report.scheme_title}》，现将{report.period.label_zh}（{report.period}）"
        "全院及各部门各项指标完成情况通报如下：",
    )
    if report.previous_period is None:
        w.para("无上期数据，未计算环比。")
    below = report.below_target()
    part = 1
    w.heading(f"{chinese_number(part)}、总体情况")
    lines = [s.summary for s in report.sections]
    w.para(f"本期通报{len(report.sections)}项指标，未达标{len(below)}项次（部门 × 指标）。")
    for line in lines:
        w.para(line)
    if report.not_reported:
        w.para("本期无数据：" + "、".join(report.not_reported))
    part += 1
    w.heading(f"{chinese_number(part)}、各项指标情况")
    for k, s in enumerate(report.sections, start=1):
        w.heading(f"（{chinese_number(k)}）{s.label}")
        w.para(s.summary)
        rows = [
            (
                e.name,
                format_shown(e.value, s.unit, s.max_points, s.rounding)
                if e.value is not None
                else missing_word(e.missing_code, "zh"),
                # A department of no known kind says why it has no target.
                e.reason if e.kind_unknown else format_target(e.target, e.comparator, s.unit),
                format_yes_no(e.met),
                format_change(e.change, s.unit),
                str(e.rank) if e.rank else BLANK,
            )
            for e in s.entries
        ]
        w.table(("部门", "数值", "目标", "是否达标", "环比", "名次"), rows)
    part += 1
    w.heading(f"{chinese_number(part)}、未达标情况及责任")
    if not below:
        w.para("本期各部门均已达标。")
    else:
        listed = [
            (
                s.label,
                e.name,
                format_shown(e.value, s.unit, s.max_points, s.rounding),
                format_target(e.target, e.comparator, s.unit),
                *_who(e.leaders, e.responsible),
                e.needed_text,
            )
            for s, e in below
        ]
        w.table(("指标", "部门", "数值", "目标", "责任领导", "责任部门", "达标所需"), listed)
    if report.invalid:
        part += 1
        w.heading(f"{chinese_number(part)}、数据有误清单（不计入全院汇总、排名与全市平均）")
        for line in report.invalid:
            w.para(line)
    w.signature(report.court_name, day)


def _score(w: _Writer, report: ScoreReport, day: datetime.date) -> None:
    w.title(report.title)
    for line in report.notes:  # about the reports as a whole: before the first part
        w.para(line)
    lost = report.max_points - report.total
    w.para(
        f"总分{format_points(report.total)}分（满分{report.max_points:g}分），"
        f"失分{format_points(lost)}分。"
    )
    w.heading("一、分类得分")
    rows = [(c.name_zh, format_points(c.points), f"{c.max_points:g}") for c in report.categories]
    rows.append(("总分", format_points(report.total), f"{report.max_points:g}"))
    w.table(("类别", "得分", "满分"), rows)
    w.heading("二、各项指标得分")
    w.table(
        ("指标", "数值", "得分", "满分", "说明"),
        [
            (
                ln.label,
                ln.value_text("zh"),
                format_points(ln.points),
                f"{ln.max_points:g}",
                ln.reason,
            )
            for ln in report.lines
        ],
    )
    w.heading("三、失分情况及责任（由多到少）")
    left = report.left_on_table
    if not left:
        w.para("各项指标均得满分。")
    else:
        w.table(
            ("指标", "失分", "满分", "责任领导", "责任部门", "说明"),
            [
                (
                    ln.label,
                    format_points(ln.left),
                    f"{ln.max_points:g}",
                    *_who(ln.leaders, ln.departments),
                    ln.reason,
                )
                for ln in left
            ],
        )
    if report.left_out:
        w.heading("四、数据有误、未计入汇总的行")
        for line in report.left_out:
            w.para(line)
    w.signature(report.court_name, day)


def docx_bytes(report: object, *, issued: datetime.date | None = None) -> bytes:
    """The .docx file of a bulletin, a score report or a list of score reports, as bytes.

    `issued` is the 发文 date at the foot (default today).
    """
    day = issued if issued is not None else datetime.date.today()
    if not isinstance(day, datetime.date):
        raise InputError(wrong_type("to_docx: issued", "a datetime.date", issued))
    items: list[object]
    if isinstance(report, (Bulletin, ScoreReport)):
        items = [report]
    elif (
        isinstance(report, Sequence) and report and all(isinstance(r, ScoreReport) for r in report)
    ):
        items = list(report)
    else:
        expected = "a Bulletin, a ScoreReport or a non-empty list of ScoreReports"
        raise InputError(wrong_type("to_docx: report", expected, report))
    w = _Writer()
    for k, item in enumerate(items):
        if k:
            w.page_break()
        if isinstance(item, Bulletin):
            _bulletin(w, item, day)
        else:
            assert isinstance(item, ScoreReport)
            _score(w, item, day)
    return w.bytes()


def to_docx(report: object, path: str | Path, *, issued: datetime.date | None = None) -> Path:
    """Write a bulletin or score report(s) as a Word document, atomically; returns its path.

    Needs the `word` extra (python-docx). `issued` is the 发文 date (default today).
    """
    target = out_path(path, "to_docx")
    data = docx_bytes(report, issued=issued)
    atomic_write(target, data)
    return target
