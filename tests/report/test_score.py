"""Score reports: points, subtotals, total rounded once, points left on the table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import openpyxl
import pytest

from courtinfo import InputError, SchemeError, evaluate
from courtinfo.indicators import scheme_from_data, scheme_to_data
from courtinfo.report import score_report, score_reports, to_excel
from tests.report import scored_scheme, snap, weekly_scheme


def test_total_adds_unrounded_points_and_rounds_once() -> None:
    # Three indicators at 1/6 of 1 point: each shows 0.1667; their sum shows 0.5000, not 0.5001.
    res = evaluate(scored_scheme(), snap("c", "2019", None, a1=1, b1=6, a2=1, b2=6, a3=1, b3=6))
    rep = score_report(res)
    assert [ln.points for ln in rep.lines] == [pytest.approx(1 / 6)] * 3
    assert rep.total == pytest.approx(0.5)
    data = rep.to_dict()
    assert [i["points"] for i in data["indicators"]] == [0.1667, 0.1667, 0.1667]
    assert data["total"] == 0.5
    assert data["categories"][0]["points"] == 0.5
    assert sum(i["points"] for i in data["indicators"]) == pytest.approx(0.5001)
    text = rep.to_text()
    assert text.splitlines()[1] == "总分0.5000分（满分3分）"
    assert "0.5001" not in text
    en = score_report(res, lang="en").to_text()
    assert en.splitlines()[1] == "total 0.5000 of 3 points"


def test_points_round_half_up_at_presentation() -> None:
    # 3 / 20000 = 0.00015 points: half up gives 0.0002 where '%.4f' would give 0.0001.
    res = evaluate(scored_scheme(), snap("c", "2019", None, a1=3, b1=20000, a2=1, b2=1, a3=1, b3=1))
    rep = score_report(res)
    assert rep.lines[0].points == pytest.approx(0.00015)
    assert rep.to_dict()["indicators"][0]["points"] == 0.0002
    assert "(1) 指标1" in rep.to_text() and " 0.0002 " in rep.to_text()
    assert rep.to_dict()["total"] == 2.0002  # 2.00015 rounded once, half up


def test_points_left_on_the_table_largest_first_with_responsibility() -> None:
    res = evaluate(
        scored_scheme((2.0, 1.0, 3.0)), snap("c", "2019", None, a1=1, b1=4, b2=5, a3=3, b3=3)
    )
    rep = score_report(res)
    assert [(ln.indicator, ln.left) for ln in rep.left_on_table] == [("i1", 1.5), ("i2", 1.0)]
    first = rep.left_on_table[0]
    assert (first.leaders, first.departments) == (("领导1",), ("部门1",))
    assert [(ln.indicator, ln.reason) for ln in rep.without_value] == [("i2", "未提供：分子2")]
    assert rep.total == pytest.approx(3.5)
    assert rep.categories[0].points == pytest.approx(3.5)
    assert rep.categories[0].max_points == 6.0
    text = rep.to_text()
    left = text[text.index("失分") :]
    assert left.index("(1) 指标1") < left.index("(2) 指标2")
    assert "(3) 指标3" not in left  # full marks
    assert text.splitlines()[text.splitlines().index("分类小计") + 6] == (
        "失分情况（共失2.5000分），按失分从多到少"
    )
    assert "领导1" in left and "部门1" in left
    assert "未提供：分子2" in left
    en = score_report(res, lang="en")
    assert en.without_value[0].reason == "not provided: a2"
    assert "2.5000 in all" in en.to_text()


def test_renderers_are_deterministic_and_complete() -> None:
    res = evaluate(scored_scheme(), snap("c", "2019", None, a1=1, b1=2, a2=1, b2=3, a3=0, b3=0))
    rep = score_report(res)
    assert rep.to_text() == score_report(res).to_text()
    md = rep.to_markdown()
    assert md.startswith("# c 测试评价 2019\n")
    assert "| 审判管理类 | 0.8333 | 3 |" in md
    rows = list(csv.DictReader(io.StringIO(rep.to_csv())))
    assert [r["indicator"] for r in rows] == ["i1", "i2", "i3"]
    assert rows[2]["reason"] == "不适用：分母为0" and rows[2]["points"] == "0.0"
    data = json.loads(rep.to_json())
    assert data["left_on_table"] == ["i3", "i2", "i1"]
    assert data["total"] == 0.8333


def test_points_without_a_value_are_0_with_the_reason_everywhere() -> None:
    # i2 not provided (no a2), i3 not applicable (0/0): 0 points each, the same everywhere.
    res = evaluate(scored_scheme(), snap("c", "2019", None, a1=1, b1=2, b2=3, a3=0, b3=0))
    rep = score_report(res)
    table = rep.tables()[0].to_text().splitlines()
    assert table[3].split() == ["(2)", "指标2", "—", "0.0000", "1", "未提供：分子2"]
    assert table[4].split() == ["(3)", "指标3", "—", "0.0000", "1", "不适用：分母为0"]
    data = rep.to_dict()["indicators"]
    assert [(d["points"], d["reason"]) for d in data[1:]] == [
        (0.0, "未提供：分子2"),
        (0.0, "不适用：分母为0"),
    ]
    rows = list(csv.DictReader(io.StringIO(rep.to_csv())))
    assert [(r["points"], r["reason"]) for r in rows[1:]] == [
        ("0.0", "未提供：分子2"),
        ("0.0", "不适用：分母为0"),
    ]
    records = res.to_records()
    assert [(r["points"], r["missing"], r["reason"]) for r in records[1:]] == [
        (0.0, "NA", "not provided: a2"),
        (0.0, "NAP", "not applicable: zero denominator"),
    ]


def test_a_total_waiting_for_platform_figures_is_provisional() -> None:
    data = scheme_to_data(scored_scheme())
    data["inputs"][2].update(platform=True, label_zh="分子2（以最高法院数据为准）")
    scheme = scheme_from_data(data)
    waiting = score_report(evaluate(scheme, snap("c", "2019", None, a1=1, b1=2, b2=3, a3=1, b3=1)))
    assert waiting.is_provisional and waiting.provisional == ("a2",)
    assert waiting.headline() == [
        "总分1.5000分（满分3分）（暂定）",
        "总分为暂定数，待最高法院平台数据：分子2（以最高法院数据为准）",
    ]
    assert waiting.to_dict()["provisional"] == ["a2"]
    en = score_report(
        evaluate(scheme, snap("c", "2019", None, a1=1, b1=2, b2=3, a3=1, b3=1)), lang="en"
    )
    assert en.headline()[1] == "provisional: waiting for the Supreme Court platform's a2"
    supplied = evaluate(scheme, snap("c", "2019", None, a1=1, b1=2, a2=3, b2=3, a3=1, b3=1))
    assert not score_report(supplied).is_provisional
    assert score_report(supplied).headline() == ["总分2.5000分（满分3分）"]


def test_picking_the_row() -> None:
    res = evaluate(
        scored_scheme(),
        [snap("a", "2019", None, a1=1, b1=1), snap("b", "2019", None, a1=0, b1=1)],
    )
    assert score_report(res, court="b", period="2019").court == "b"
    assert score_report(res, 0).court == "a"
    assert [r.court for r in score_reports(res)] == ["a", "b"]
    with pytest.raises(InputError, match="2 court-level rows match"):
        score_report(res)
    with pytest.raises(InputError, match="outside the results"):
        score_report(res, 5)


def test_unscored_scheme_is_refused() -> None:
    res = evaluate(weekly_scheme(), snap("a", "2022-W21", None, sent=1, services=2))
    with pytest.raises(SchemeError, match="awards no points"):
        score_report(res)


def test_left_on_the_table_names_lead_departments_with_their_stage() -> None:
    data = scheme_to_data(scored_scheme())
    data["indicators"][0]["responsibility"] = {
        "lead_departments": ["立案庭", "审管办"],
        "stages": {"立案庭": "立案阶段", "审管办": "审判阶段"},
        "responsible_departments": ["部门1"],
    }
    res = evaluate(
        scheme_from_data(data), snap("c", "2019", None, a1=1, b1=4, a2=1, b2=1, a3=1, b3=1)
    )
    first = score_report(res).left_on_table[0]
    assert first.indicator == "i1"
    assert first.departments == ("立案庭（立案阶段）", "审管办（审判阶段）", "部门1")
    assert "立案庭（立案阶段）、审管办（审判阶段）、部门1" in score_report(res).to_text()


def test_values_show_as_published_points_from_the_value_as_evaluated() -> None:
    data = scheme_to_data(scored_scheme())
    data["indicators"][0]["unit"] = "percentage"
    data["indicators"][0]["rounding"] = {"places": 2, "mode": "truncate"}
    # 44129 / 100000 = 44.129%, published truncated as 44.12%; its points are those of 0.44129.
    res = evaluate(
        scheme_from_data(data), snap("c", "2019", None, a1=44129, b1=100000, a2=1, b2=1, a3=1, b3=1)
    )
    rep = score_report(res)
    assert rep.lines[0].value == 0.44129 and rep.lines[0].points == pytest.approx(
        0.44129, rel=1e-15
    )
    points, _, _ = rep.tables()
    assert points.rows[0][1] == "44.12%"
    assert points.rows[1][1] == "100.0%"  # no rounding stated: the usual presentation
    assert rep.to_dict()["indicators"][0]["points"] == 0.4413  # points: half up, 4 places


def test_a_department_labelled_by_code_is_named_in_chinese(tmp_path: Path) -> None:
    res = evaluate(
        scored_scheme(), snap("c", "2019", "civil-1", a1=1, b1=6, a2=1, b2=6, a3=1, b3=6)
    )
    rep = score_report(res)
    assert (rep.department, rep.who) == ("civil-1", "c 民一庭")
    assert rep.to_text().splitlines()[0].startswith("c 民一庭 ")
    assert score_report(res, lang="en").who == "c civil-1"
    sheet = openpyxl.load_workbook(to_excel(rep, tmp_path / "s.xlsx")).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(c.startswith("c 民一庭 ") for c in cells)
    assert not any("civil-1" in c for c in cells)


def test_full_marks_within_the_targets_tolerance_lose_nothing() -> None:
    # A sum of parts a rounding error short of its maximum is full marks (the one tolerance of
    # a target met, 1e-12); a hundred-millionth of a point short is a point left on the table.
    rep = score_report(
        evaluate(scored_scheme(), snap("c", "2019", None, a1=1, b1=1, a2=1, b2=1, a3=1, b3=1))
    )
    lines = list(rep.lines)
    nearly = attrs.evolve(lines[0], points=lines[0].max_points - 1e-13)
    short = attrs.evolve(lines[1], points=lines[1].max_points - 1e-8)
    rep = attrs.evolve(rep, lines=(nearly, short, lines[2]))
    assert [ln.indicator for ln in rep.left_on_table] == ["i2"]
