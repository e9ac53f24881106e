"""The bulletin and the score report as Word documents, read back with python-docx."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import docx
import pytest

from courtinfo import evaluate, load_dataset
from courtinfo.base import InputError
from courtinfo.evaluation import court_figures
from courtinfo.indicators import get_scheme
from courtinfo.report import (
    bulletin,
    chinese_number,
    docx_bytes,
    issued_text,
    score_report,
    score_reports,
    to_docx,
)
from tests import national
from tests.report import scored_flagged

EXAMPLES = Path(__file__).parents[2] / "examples" / "data"
ISSUED = datetime.date(2022, 5, 30)


def texts(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


def table(t: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in t.rows]


def test_chinese_numbers_and_dates() -> None:
    assert [chinese_number(n) for n in (1, 3, 10, 12, 20, 40, 99)] == [
        "一",
        "三",
        "十",
        "十二",
        "二十",
        "四十",
        "九十九",
    ]
    assert issued_text(datetime.date(2020, 7, 5)) == "2020年7月5日"


def test_bulletin_document(tmp_path: Path) -> None:
    results = evaluate(get_scheme("shanghai-2022"), load_dataset(EXAMPLES / "jiading-2022.json"))
    report = bulletin(
        results, court="shanghai-jiading", period="2022-W21", court_level=court_figures(results)
    )
    doc = docx.Document(str(to_docx(report, tmp_path / "b.docx", issued=ISSUED)))
    lines = texts(doc)
    assert lines[0] == report.title
    assert lines[1] == (
        "根据《上海市嘉定区人民法院全流程网上办案工作目标及方案（试行）》，现将2022年第21周"
        "（2022-W21）全院及各部门各项指标完成情况通报如下："
    )
    assert "一、总体情况" in lines and "二、各项指标情况" in lines
    assert "三、未达标情况及责任" in lines
    assert f"本期通报13项指标，未达标{len(report.below_target())}项次（部门 × 指标）。" in lines
    assert lines[-2:] == ["上海市嘉定区人民法院", "2022年5月30日"]
    assert doc.paragraphs[-1].alignment == 2  # right-aligned signature
    first = table(doc.tables[0])
    assert first[0] == ["部门", "数值", "目标", "是否达标", "环比", "名次"]
    assert first[1][:4] == ["全院", "50.9%", "≥45%", "是"]
    assert first[2][:4] == ["审监庭", "36.7%", "≥45%", "否"] and first[2][5] == "7"
    below = table(doc.tables[-1])
    assert below[0] == ["指标", "部门", "数值", "目标", "责任领导", "责任部门", "达标所需"]
    assert len(below) == 1 + len(report.below_target())
    assert below[1][:6] == ["(1) 电子送达适用率", "审监庭", "36.7%", "≥45%", "—", "审监庭"]
    needs = [r for r in below[1:] if r[6]]
    assert needs and all(r[6].startswith("需再增加") for r in needs)
    # (2) 审监庭: 46.2% of its hearings, 60% needed; the count it takes is the report's own.
    entry = next(e for s, e in report.below_target() if s.number == 2 and e.department == "审监庭")
    assert below[2][6] == entry.needed_text
    assert len(doc.tables) == len(report.sections) + 1


def test_score_document(tmp_path: Path) -> None:
    spc = evaluate(get_scheme("spc-2019"), load_dataset(EXAMPLES / "changqing-2019.json"))
    report = score_report(spc, court="jinan-changqing", period="2019")
    doc = docx.Document(str(to_docx(report, tmp_path / "s.docx", issued=ISSUED)))
    lines = texts(doc)
    assert lines[0] == report.title
    assert lines[1] == "总分49.2647分（满分58分），失分8.7353分。"
    cats, points, left = (table(t) for t in doc.tables)
    assert cats[1] == ["审判管理类", "15.5141", "21"] and cats[-1] == ["总分", "49.2647", "58"]
    assert points[2][:4] == ["(2) 庭审录音录像率", "89.2%", "1.7836", "2"]
    assert left[0] == ["指标", "失分", "满分", "责任领导", "责任部门", "说明"]
    assert left[1][:5] == ["(1) 案件电子卷宗", "3.0000", "3", "韩广峰", "审管办"]
    assert left[2][:5] == ["(37) 法条及类案推送", "1.3333", "2", "刘长义", "综合办公室"]
    assert lines[-2:] == ["济南市长清区人民法院", "2022年5月30日"]
    # Several reports go into one document, one after another.
    both = docx.Document(str(to_docx(score_reports(spc) * 2, tmp_path / "two.docx")))
    assert len(both.tables) == 6


def test_wrong_input_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="to_docx: report must be a Bulletin, a ScoreReport"):
        to_docx([], tmp_path / "x.docx")
    with pytest.raises(InputError, match=r"to_docx: issued must be a datetime\.date"):
        to_docx([], tmp_path / "x.docx", issued="2022-05-30")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_invalid_reads_as_chinese_and_values_as_published() -> None:
    import io

    results = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    report = bulletin(results, court="b", period="2022-W21", court_level=court_figures(results))
    doc = docx.Document(io.BytesIO(docx_bytes(report, issued=ISSUED)))
    rows = [r for t in doc.tables for r in table(t)]
    assert ["执行局", "有误", "≥100%", "—", "—", "—"] in rows
    assert not any("INVALID" in cell for r in rows for cell in r)
    lines = texts(doc)
    k = lines.index("四、数据有误清单（不计入全院汇总、排名与全市平均）")
    assert lines[k + 1] == report.invalid[0]
    # A score report: (1) 44.129% published truncated as 44.12%, (2) breaking its rule 有误.
    doc = docx.Document(io.BytesIO(docx_bytes(score_report(scored_flagged()), issued=ISSUED)))
    points = table(doc.tables[1])
    assert points[0] == ["指标", "数值", "得分", "满分", "说明"]
    assert points[1][:4] == ["(1) 指标1", "44.12%", "0.4413", "1"]
    assert points[2] == ["(2) 指标2", "有误", "0.0000", "1", "数据有误：分子2不得大于分母2（分子2 5，分母2 4）"]
