"""The data collection form (数据采集表): written empty, filled in as a court would, read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from courtinfo import evaluate, load_dataset
from courtinfo.base import InputError
from courtinfo.indicators import get_scheme
from courtinfo.io import (
    NOTES_ROW,
    form_header,
    form_inputs,
    format_cell,
    save_template,
    template_csv,
    template_xlsx,
)

CHANGQING = Path(__file__).parents[2] / "examples" / "data" / "changqing-2019.json"
SPC = get_scheme("spc-2019")


def answers() -> dict[str, Any]:
    snap = json.loads(CHANGQING.read_text("utf-8"))["snapshots"][0]
    values: dict[str, Any] = snap["values"]
    return values


def cell_text(value: Any) -> str:
    return format_cell(frozenset(value) if isinstance(value, list) else value)


def test_form_headers_and_notes() -> None:
    q6_1 = SPC.input("q6_1")
    assert form_header(q6_1) == f"{q6_1.label_zh}（第6题①）"
    assert form_header(SPC.input("q5_11")).endswith("（第5题⑪）")
    assert form_header(SPC.input("q1")).endswith("（第1题）")
    header, notes = list(csv.reader(io.StringIO(template_csv(SPC))))
    inputs = form_inputs(SPC)
    assert header[:3] == ["法院代码", "部门", "期间"]
    assert header[3:] == [form_header(i) for i in inputs]
    # Every blank of the national form, none of the platform's values (以最高法院数据为准).
    assert len(inputs) == 118 and not any(i.platform for i in inputs)
    assert notes[0] == NOTES_ROW and notes[2] == "年度，如 2019"
    by_id = dict(zip((i.id for i in inputs), notes[3:], strict=True))
    assert by_id["q2_1"] == "填“是”或“否”"
    assert by_id["q6_1"] == "数量（整数）"
    assert by_id["q1"].startswith(
        "多选，选项字母写在{}中，如{A,C}：A 是（已建设诉讼服务指导中心信息平台）；B 否"
    )


def changqing_results() -> Any:
    return evaluate(SPC, load_dataset(CHANGQING))


def same_results(a: Any, b: Any) -> None:
    for ind in SPC.indicators:
        np.testing.assert_array_equal(a.values[ind.code], b.values[ind.code])
    assert a.total_points()[0] == b.total_points()[0]


def test_csv_form_filled_with_changqing_scores_the_same(tmp_path: Path) -> None:
    path = save_template(SPC, tmp_path / "form.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel shows the Chinese headers
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == NOTES_ROW
    ids = ["court", "department", "period", *(i.id for i in form_inputs(SPC))]
    given = answers()
    row = ["jinan-changqing", "", "2019"] + [cell_text(given.get(k)) for k in ids[3:]]
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(row)
    filled = load_dataset(path, scheme=SPC)
    results = evaluate(SPC, filled)
    want = changqing_results()
    same_results(results, want)
    assert round(float(results.total_points()[0]), 4) == 49.2647


def test_xlsx_form_filled_with_changqing_scores_the_same(tmp_path: Path) -> None:
    path = save_template(SPC, tmp_path / "form.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["数据采集表", "填表说明"]
    ws = book["数据采集表"]
    assert ws.freeze_panes == "D3"
    assert ws["A2"].value == NOTES_ROW
    assert ws.column_dimensions["C"].number_format == "@"  # periods stay text
    guide = list(book["填表说明"].iter_rows(values_only=True))
    assert guide[0] == ("列", "题号", "填空", "名称", "标识", "填写")
    q6_1 = next(r for r in guide if r[4] == "q6_1")
    assert q6_1[1:3] == (6, 1) and q6_1[5] == "数量（整数）"
    ids = {form_header(i): i.id for i in form_inputs(SPC)}
    values = answers()
    row: list[Any] = ["jinan-changqing", None, "2019"]
    for cell in ws[1][3:]:
        v = values.get(ids[cell.value])
        # A court types numbers and 是/否 as Excel keeps them; option sets as text.
        row.append("{" + ",".join(v) + "}" if isinstance(v, list) else v)
    ws.append(row)
    book.save(path)
    results = evaluate(SPC, load_dataset(path, scheme=SPC))
    same_results(results, changqing_results())


def test_form_suffix() -> None:
    with pytest.raises(InputError, match=r"form\.txt: the form is written as \.csv or \.xlsx"):
        save_template(SPC, "form.txt")
    assert template_xlsx(get_scheme("shanghai-2022"))[:2] == b"PK"
