"""Data in .xlsx workbooks: the same validation and messages as CSV, places named Sheet!C7."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from courtinfo import Dataset, MetricSnapshot, Period, evaluate
from courtinfo.base import DuplicateSnapshotError, InputError, ValidationError
from courtinfo.indicators import get_scheme
from courtinfo.io import dataset_from_csv, load_dataset, load_xlsx, save_dataset
from courtinfo.testing import assert_results_equal

W21 = Period.parse("2022-W21")


def workbook(
    path: Path, rows: list[list[Any]], title: str = "Sheet1", **more: list[list[Any]]
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, extra in more.items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    book.save(path)
    return path


def test_a_sheet_reads_like_the_csv(tmp_path: Path) -> None:
    rows = [
        [
            "court",
            "department",
            "period",
            "e_service_sent",
            "all_services",
            "platform:hearings",
            "text:note",
        ],
        ["jiading", "民一庭", "2022-W21", 60, 100.0, 7, "ok"],
        ["jiading", None, "2022-W21", 3, 4, None, None],
    ]
    data = load_dataset(workbook(tmp_path / "d.xlsx", rows))
    csv = dataset_from_csv(
        "court,department,period,e_service_sent,all_services,platform:hearings,text:note\n"
        "jiading,民一庭,2022-W21,60,100,7,ok\njiading,,2022-W21,3,4,,\n"
    )
    assert data == csv
    first = data.snapshots[0]
    assert first.values == {"e_service_sent": 60, "all_services": 100}
    assert isinstance(first.values["all_services"], int)  # 100.0 as Excel stores it
    assert first.platform_values == {"hearings": 7} and first.texts == {"note": "ok"}


def test_yes_no_cells_and_choices(tmp_path: Path) -> None:
    rows = [
        ["court", "period", "q2_1", "q1"],
        ["c1", 2019, True, "{B,C}"],
        ["c2", "2019", "否", "{}"],
    ]
    data = load_xlsx(workbook(tmp_path / "y.xlsx", rows))
    assert [s.values for s in data.snapshots] == [
        {"q2_1": True, "q1": frozenset("BC")},
        {"q2_1": False, "q1": frozenset()},
    ]
    assert data.snapshots[0].period == Period.parse("2019")


def test_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    rows = [
        ["court", "period", "q6_1", "q6_2"],
        ["c1", "2019", 10, "many"],
        ["c2", "2019", -3, 1],
    ]
    with pytest.raises(ValidationError) as info:
        load_dataset(workbook(tmp_path / "bad.xlsx", rows, title="数据"))
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'bad.xlsx'}:数据!D2: 'many' is not a number, a yes/no answer "
        "(是/否/yes/no/true/false) or a set of options such as {C,D,E}",
        f"{tmp_path / 'bad.xlsx'}:数据!C3: -3 is negative; counts cannot be below 0",
    ]


def test_duplicates_ragged_and_missing_columns(tmp_path: Path) -> None:
    dup = [["court", "period", "x"], ["c1", "2019", 1], [], ["c1", "2019", 2]]
    with pytest.raises(DuplicateSnapshotError, match=r"d\.xlsx:Sheet1 row 4: duplicates row 2"):
        load_dataset(workbook(tmp_path / "d.xlsx", dup))
    beyond = [["court", "period"], ["c1", "2019", 5]]
    with pytest.raises(
        ValidationError, match=r"e\.xlsx:Sheet1!C2: '5' is outside the header's columns"
    ):
        load_dataset(workbook(tmp_path / "e.xlsx", beyond))
    no_court = [["法院", "period"], ["c1", "2019"]]
    with pytest.raises(
        ValidationError, match=r"f\.xlsx:Sheet1 row 1: missing required column 'court'"
    ):
        load_dataset(workbook(tmp_path / "f.xlsx", no_court))
    with pytest.raises(InputError, match=r"g\.xlsx:Sheet1: the sheet is empty"):
        load_dataset(workbook(tmp_path / "g.xlsx", []))


def test_sheet_name_by_name_or_number(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "s.xlsx",
        [["说明"]],
        title="封面",
        数据=[["court", "period", "x"], ["c1", "2019", 4]],
    )
    want = Dataset([MetricSnapshot("c1", Period.parse("2019"), None, {"x": 4})])
    assert load_dataset(path, sheet_name="数据") == want
    assert load_xlsx(path, sheet_name=1) == want
    with pytest.raises(InputError, match=r"no sheet '数据2'; the sheets are '封面', '数据'"):
        load_dataset(path, sheet_name="数据2")
    with pytest.raises(InputError, match=r"no sheet number 2; the workbook has 2 \(0\.\.1\)"):
        load_dataset(path, sheet_name=2)


def test_dates_and_uncomputed_formulas_are_refused(tmp_path: Path) -> None:
    rows = [
        ["court", "period", "x", "y"],
        ["c1", datetime.datetime(2022, 5, 1), "=1+1", 3],
    ]
    with pytest.raises(ValidationError) as info:
        load_dataset(workbook(tmp_path / "f.xlsx", rows))
    problems = [str(p) for p in info.value.problems]
    assert problems[0].startswith(f"{tmp_path / 'f.xlsx'}:Sheet1!B2: 2022-05-01 00:00:00 is a date")
    assert problems[1].startswith(
        f"{tmp_path / 'f.xlsx'}:Sheet1!C2: the formula '=1+1' has no computed value"
    )


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old .xls")
    with pytest.raises(InputError, match=r"old\.xlsx: not an \.xlsx workbook .*saved as \.xlsx"):
        load_dataset(path)


def test_chinese_headers_with_a_scheme(tmp_path: Path) -> None:
    shanghai = get_scheme("shanghai-2022")
    rows = [
        ["法院代码", "部门", "期间", "电子送达发送数", "全部送达总数", "platform:电子送达成功数"],
        ["jiading", "民一庭", "2022-W21", 60, 100, 45],
    ]
    path = workbook(tmp_path / "zh.xlsx", rows)
    labels = {i.label_zh: i.id for i in shanghai.inputs}
    assert labels["电子送达发送数"] == "e_service_sent"
    data = load_dataset(path, scheme=shanghai)
    snap = data.snapshots[0]
    assert snap.values == {"e_service_sent": 60, labels["全部送达总数"]: 100}
    assert snap.platform_values == {labels["电子送达成功数"]: 45}
    res = evaluate(shanghai, data)
    assert res.value("e_service_send_rate") == 0.6
    with pytest.raises(InputError, match="unknown input '电子送达发送数'"):
        evaluate(shanghai, load_dataset(path))  # without the scheme the labels are just names
    rows[0][4] = "送达总数"
    with pytest.raises(ValidationError) as info:
        load_dataset(workbook(tmp_path / "typo.xlsx", rows), scheme=shanghai)
    assert str(info.value) == (
        f"{tmp_path / 'typo.xlsx'}:Sheet1!E1: no input of scheme 'shanghai-2022' is called "
        "'送达总数'; did you mean '电子送达总数' (e_service_total) or '全部送达总数' (all_services)?"
    )


def test_a_dataset_written_as_xlsx_reads_back_exactly(tmp_path: Path) -> None:
    snaps = (
        MetricSnapshot(
            "jiading",
            W21,
            values={"filed": 60, "hours": 3.0, "share": 0.1, "q1": frozenset("AC"), "yes": True},
            platform_values={"filed": 58},
            texts={"note": "=1+2 不是公式"},
            department="民一庭",
        ),
        MetricSnapshot("jiading", W21, values={"filed": 7, "yes": False}),
    )
    path = tmp_path / "out.xlsx"
    save_dataset(Dataset(snaps), path)
    back = load_dataset(path)
    assert back.snapshots == snaps
    first = back.snapshots[0]
    # Types survive too: 3.0 hours stays a float and 60 filings an int.
    assert [type(first.values[k]) for k in ("filed", "hours", "share")] == [int, float, float]
    assert first.texts["note"] == "=1+2 不是公式"
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "数据"
    assert [c.value for c in sheet[1]][:4] == ["court", "department", "period", "filed"]
    # Counts stay numbers that Excel sums; the text beginning with "=" is no formula.
    assert sheet["D2"].value == 60 and sheet["D2"].data_type == "n"
    assert [c.data_type for c in sheet[2] if c.value == "=1+2 不是公式"] == ["s"]


def test_the_xlsx_writer_refuses_a_bad_sheet_name_before_touching_the_file(tmp_path: Path) -> None:
    snap = MetricSnapshot("c1", W21, values={"filed": 1})
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(InputError, match="sheet_name must be a sheet name"):
        save_dataset(Dataset((snap,)), path, sheet_name="")
    with pytest.raises(InputError, match=r"'a/b' cannot name a sheet"):
        save_dataset(Dataset((snap,)), path, sheet_name="a/b")
    assert path.read_bytes() == b"old"


def test_an_evaluation_from_the_written_workbook_equals_the_json_one(tmp_path: Path) -> None:
    scheme = get_scheme("shanghai-2022")
    data = load_dataset(Path(__file__).parents[2] / "examples/data/jiading-2022.json")
    path = tmp_path / "jiading.xlsx"
    save_dataset(data, path, sheet_name="嘉定")
    assert load_xlsx(path, sheet_name="嘉定").snapshots == data.snapshots
    assert_results_equal(
        evaluate(scheme, load_xlsx(path, sheet_name="嘉定").snapshots),
        evaluate(scheme, data.snapshots),
    )
