"""Reports and results written as .xlsx and read back with openpyxl: values, formats, fills, panes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from courtinfo import evaluate, load_dataset
from courtinfo.base import InputError
from courtinfo.evaluation import court_figures, peer_figures
from courtinfo.indicators import get_scheme
from courtinfo.report import (
    bulletin,
    display_width,
    excel_bytes,
    format_published,
    rank_courts,
    score_report,
    to_excel,
)
from tests import national
from tests.report import PUBLISHED, published_scheme, scored_flagged, snap

GREEN, RED = "C6EFCE", "FFC7CE"  # Excel's own good and bad fills
EXAMPLES = Path(__file__).parents[2] / "examples" / "data"


@pytest.fixture(scope="module")
def jiading() -> Any:
    results = evaluate(get_scheme("shanghai-2022"), load_dataset(EXAMPLES / "jiading-2022.json"))
    return bulletin(
        results, court="shanghai-jiading", period="2022-W21", court_level=court_figures(results)
    )


def rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_bulletin_workbook(tmp_path: Path, jiading: Any) -> None:
    path = to_excel(jiading, tmp_path / "bulletin.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["通报概况", "未达标情况", "(1) 电子送达适用率"]
    assert len(book.sheetnames) == 2 + len(jiading.sections)
    ws = book["(1) 电子送达适用率"]
    title = ws["A1"].value
    assert "上海市嘉定区人民法院" in title and "2022-W21" in title and "电子送达适用率" in title
    assert (
        ws["A2"].value
        == "方案：shanghai-2022 上海市嘉定区人民法院全流程网上办案工作目标及方案（试行）"
    )
    assert [c.value for c in ws[4]] == [
        "部门",
        "数值",
        "目标",
        "达标情况",
        "环比",
        "名次",
        "责任领导",
        "责任部门",
        "说明",
    ]
    assert ws.freeze_panes == "A5"
    # 审监庭: 36.7% against ≥45%, 4.0 percentage points down on the week, ranked 7th.
    assert [c.value for c in ws[5][:4]] == ["全院", ws["B5"].value, 0.45, "达标"]
    assert round(ws["B5"].value, 3) == 0.509 and ws["F5"].value is None  # 全院 is not ranked
    dept, value, target, met, change, rank = (c for c in ws[6][:6])
    assert dept.value == "审监庭"
    assert value.value == pytest.approx(0.36666666666666664) and value.number_format == "0.0%"
    assert target.value == 0.45 and target.number_format == '"≥"0%'
    assert met.value == "未达标" and met.fill.fgColor.rgb == "00" + RED
    assert change.value == pytest.approx(-3.9953886693) and "个百分点" in change.number_format
    assert rank.value == 7 and ws["H6"].value == "审监庭"
    assert ws["D7"].value == "达标" and ws["D7"].fill.fgColor.rgb == "00" + GREEN
    # Wide enough for the longest Chinese text of each column (wide characters count two).
    longest = max(display_width(str(c.value)) for c in ws["H"][3:] if c.value)
    assert ws.column_dimensions["H"].width >= longest
    below = book["未达标情况"]
    listed = rows(below)[3:]
    assert len(listed) == len(jiading.below_target())
    assert listed[0][:2] == ("(1) 电子送达适用率", "审监庭") and listed[0][6] == "审监庭"
    assert [c.value for c in below[3]][-1] == "达标所需"
    needs = [r[7] for r in listed if r[7]]
    assert needs and all(n.startswith("需再增加") for n in needs)
    assert below.freeze_panes == "A4"


def test_score_report_workbook(tmp_path: Path) -> None:
    spc = evaluate(get_scheme("spc-2019"), load_dataset(EXAMPLES / "changqing-2019.json"))
    report = score_report(spc, court="jinan-changqing", period="2019")
    book = openpyxl.load_workbook(to_excel(report, tmp_path / "score.xlsx"))
    assert book.sheetnames == ["得分", "分类小计", "失分"]
    cats = book["分类小计"]
    assert "济南市长清区人民法院" in cats["A1"].value and "2019" in cats["A1"].value
    assert cats["A3"].value == "总分 49.2647 分（满分 58 分），失分 8.7353 分"
    body = rows(cats)[4:]
    assert body[0][0] == "审判管理类" and round(body[0][1], 4) == 15.5141 and body[0][2] == 21
    assert body[-1][0] == "总分" and round(body[-1][1], 4) == 49.2647
    assert cats["B5"].number_format == "0.0000"
    left = book["失分"]
    assert rows(left)[4] == ("(1) 案件电子卷宗", 3, 3, "韩广峰", "审管办", rows(left)[4][5])
    assert "q5_platform_files" in rows(left)[4][5] or "汇聚卷宗数" in rows(left)[4][5]
    points = book["得分"]
    assert points["C6"].number_format == "0.0%" and points["D6"].number_format == "0.0000"
    recorded = rows(points)[5]  # (2) 庭审录音录像率: 3833 / 4298 of 2 points
    assert recorded[0] == "(2) 庭审录音录像率"
    assert recorded[2] == pytest.approx(3833 / 4298) and recorded[3] == pytest.approx(
        2 * 3833 / 4298
    )


def test_ranking_workbook(tmp_path: Path) -> None:
    city = evaluate(
        get_scheme("shanghai-2022"), load_dataset(EXAMPLES / "shanghai-2nd-2022-W21.json")
    )
    peers = peer_figures(city, parent="shanghai-2nd", period="2022-W21")
    table = rank_courts(peers, "网上立案率")
    assert table.indicator == "online_filing_rate"
    ws = openpyxl.load_workbook(to_excel(table, tmp_path / "rank.xlsx"))["排名"]
    assert ws["A1"].value.startswith("上海市第二中级人民法院 辖区法院排名")
    assert [c.value for c in ws[3]] == ["名次", "法院代码", "法院", "数值", "第一方阵"]
    first = [c.value for c in ws[4]]
    assert first[:3] == [1, "jingan", "上海市静安区人民法院"] and first[4] == "是"
    assert round(first[3], 3) == 0.892 and ws["D4"].number_format == "0.0%"
    foot = {r[0]: r[3] for r in rows(ws) if r[0] and str(r[0]).startswith(("全市", "优秀"))}
    assert round(foot["全市法院平均（合并计算）"], 3) == 0.815
    assert round(foot["优秀标准（前25%）"], 3) == 0.860
    assert ws.freeze_panes == "A4"
    # Under a high court the peers are the province's courts, as the text says: 全省法院平均.
    province = attrs.evolve(table, peers_zh="全省法院")
    ws = openpyxl.load_workbook(to_excel(province, tmp_path / "province.xlsx"))["排名"]
    foot = {r[0]: r[3] for r in rows(ws) if r[0] and str(r[0]).endswith("（合并计算）")}
    assert list(foot) == ["全省法院平均（合并计算）"] and round(foot["全省法院平均（合并计算）"], 3) == 0.815
    assert "全省法院平均（合并计算）：81.5%" in province.to_text()


def test_results_workbook(tmp_path: Path) -> None:
    spc = evaluate(get_scheme("spc-2019"), load_dataset(EXAMPLES / "changqing-2019.json"))
    ws = openpyxl.load_workbook(to_excel(spc, tmp_path / "results.xlsx"))["评价结果"]
    header = [c.value for c in ws[3]]
    assert header[:10] == [
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
    assert header[10:] == ["得分", "满分", "说明"]
    body = rows(ws)[3:]
    assert len(body) == 40
    second = body[1]
    assert second[:7] == (
        "jinan-changqing",
        "济南市长清区人民法院",
        "全院",
        "2019",
        2,
        "庭审录音录像率",
        "hearing_recording_rate",
    )
    assert second[7] == pytest.approx(3833 / 4298) and ws["H5"].number_format == "0.0%"
    assert second[10] == pytest.approx(2 * 3833 / 4298) and ws["K5"].number_format == "0.0000"
    assert body[0][7] == "NA"  # (1) waits for the platform's file count
    assert ws.freeze_panes == "A4"


def test_wrong_report_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="to_excel: report must be Results, a Bulletin"):
        to_excel("bulletin", tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="to_excel: path must be a file path"):
        to_excel(None, None)  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("mode", "days"), [("half_up", 231.0), ("truncate", 230.0)])
def test_published_figures(tmp_path: Path, mode: str, days: float) -> None:
    # 44.125% published half up to two places is 44.13%; 230.5 days to whole days is 231 half
    # up, 230 truncated: the cells hold what the text reports show, in formats of as many
    # places (Excel itself could only round half up, and only on the screen).
    scheme = published_scheme(mode)
    results = evaluate(scheme, snap("c", "2022-W21", "民一庭", **PUBLISHED))
    shown = [format_published(scheme.indicator(r.indicator), r.value) for r in results.rows()]
    assert shown == ["44.13%", f"{days:.0f}天"]
    ws = openpyxl.load_workbook(to_excel(results, tmp_path / "r.xlsx"))["评价结果"]
    assert [(ws[f"H{k}"].value, ws[f"H{k}"].number_format) for k in (4, 5)] == [
        (0.4413, "0.00%"),
        (days, "0"),
    ]
    report = bulletin(results, court="c", period="2022-W21", court_level=court_figures(results))
    book = openpyxl.load_workbook(to_excel(report, tmp_path / "b.xlsx"))
    rate, duration = (book[name] for name in book.sheetnames[2:])
    for ws, value, fmt in ((rate, 0.4413, "0.00%"), (duration, days, "0")):
        # 全院 (the department summed) and 民一庭 alike.
        assert [(ws[f"A{k}"].value, ws[f"B{k}"].value, ws[f"B{k}"].number_format) for k in (5, 6)] == [
            ("全院", value, fmt),
            ("民一庭", value, fmt),
        ]


def test_score_values_as_published_and_invalid_as_chinese(tmp_path: Path) -> None:
    report = score_report(scored_flagged())
    ws = openpyxl.load_workbook(to_excel(report, tmp_path / "s.xlsx"))["得分"]
    assert [c.value for c in ws[4]] == ["指标", "指标代码", "数值", "得分", "满分", "说明"]
    body = rows(ws)[4:]
    # (1) 44.129% truncated to 44.12% (its points from the value as evaluated, 0.44129).
    assert body[0][:4] == ("(1) 指标1", "i1", 0.4412, pytest.approx(0.44129))
    assert ws["C5"].number_format == "0.00%"
    # (2) breaks its rule: 有误, as the text report says, with the rule as its reason.
    assert body[1][:4] == ("(2) 指标2", "i2", "有误", 0)
    assert body[1][5] == "数据有误：分子2不得大于分母2（分子2 5，分母2 4）"
    assert report.tables()[0].rows[1][1] == "有误"


def test_invalid_reads_as_chinese_in_results_and_bulletins() -> None:
    import io

    results = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(results)))
    flagged = [r for r in rows(book["评价结果"]) if r[2] == "执行局" and r[6] == "e_seal_rate"]
    assert [(r[0], r[7]) for r in flagged] == [("a", 0.5), ("b", "有误"), ("c", 0.5)]
    report = bulletin(results, court="b", period="2022-W21", court_level=court_figures(results))
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(report)))
    sheet = next(ws for ws in book.worksheets if ws.title.endswith("电子签章率"))
    entry = next(r for r in rows(sheet) if r[0] == "执行局")
    assert entry[1] == "有误" and entry[8].startswith("数据有误：")
    # The overview lists the rows breaking a rule, as the text bulletin's 数据有误清单 does.
    overview = [r[0] for r in rows(book["通报概况"])]
    k = overview.index("数据有误清单（1行，不计入全院汇总、排名与全市平均）：")
    assert overview[k + 1] == report.invalid[0] and report.invalid[0].startswith("b 执行局 2022年第21周")
    assert not any("INVALID" in str(v) for ws in book.worksheets for r in rows(ws) for v in r)
