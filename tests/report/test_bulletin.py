"""The weekly bulletin: values, targets, changes, ranks, ordering and every renderer."""

from __future__ import annotations

import csv
import io
import json

import pytest

from courtinfo import Dataset, InputError, Results, UnknownNameError, evaluate
from courtinfo.indicators import scheme_from_data, scheme_to_data
from courtinfo.org import Court
from courtinfo.report import Bulletin, bulletin
from tests.report import snap, weekly_scheme

W20, W21 = "2022-W20", "2022-W21"


@pytest.fixture(scope="module")
def results() -> Results:
    rows = [
        snap("c1", W21, "民一庭", sent=5, services=10, days=250, cases=10),
        snap("c1", W21, "民二庭", sent=38, services=100, days=400, cases=10),
        snap("c1", W21, "立案庭", sent=4, services=10, days=300, cases=10),
        snap("c1", W21, "刑事庭", sent=9, services=10),
        snap("c1", W21, "办公室", sent=5, services=10),  # not case-handling: no target
        snap("c1", W21, None, sent=61, services=140),  # court level: not in the bulletin
        snap("c1", W20, "民二庭", sent=30, services=100, days=500, cases=10),
        snap("c1", W20, "民一庭", sent=0, services=0),
        snap("c2", W21, "民一庭", sent=1, services=10),  # another court
    ]
    courts = (Court("c1", "某区人民法院", "basic"),)  # type: ignore[arg-type]
    return evaluate(weekly_scheme(), Dataset(rows, courts=courts))


@pytest.fixture(scope="module")
def report(results: Results) -> Bulletin:
    return bulletin(results, court="c1", period=W21)


def test_entries_in_order_below_target_first(report: Bulletin) -> None:
    e_service = report.sections[0]
    got = [(e.department, e.rank, e.met) for e in e_service.entries]
    assert got == [
        ("民二庭", 5, False),  # below target, worst first
        ("立案庭", 4, False),
        ("刑事庭", 1, True),
        ("办公室", 2, None),  # tie with 民一庭: competition rank 2, 2
        ("民一庭", 2, True),
    ]


def test_values_targets_changes_and_responsibility(report: Bulletin) -> None:
    by_dept = {e.department: e for e in report.sections[0].entries}
    low = by_dept["民二庭"]
    assert (low.value, low.target, low.comparator) == (0.38, 0.45, "at_least")
    assert low.change == pytest.approx(0.08)
    assert (low.leaders, low.responsible) == (("张三",), ("审管办",))
    assert by_dept["民一庭"].change is None
    assert by_dept["民一庭"].change_note == "previous value not applicable"
    assert by_dept["刑事庭"].change_note == "no previous period"
    assert by_dept["刑事庭"].responsible == ()  # only departments below target name someone


def test_lower_is_better_and_fallback_to_the_department(report: Bulletin) -> None:
    duration = report.sections[1]
    assert [(e.department, e.rank, e.met) for e in duration.entries] == [
        ("民二庭", 3, False),
        ("民一庭", 1, True),
        ("立案庭", 2, True),  # 30 days meets 'at most 30'
        ("刑事庭", None, None),
        ("办公室", None, None),
    ]
    low = duration.entries[0]
    assert (low.leaders, low.responsible) == ((), ("民二庭",))
    assert low.change == pytest.approx(-10.0)
    assert duration.entries[3].reason == "not provided: days, cases"


def test_summaries(report: Bulletin) -> None:
    assert report.sections[0].summary == (
        "电子送达适用率: 2 of 4 departments meet the target; lowest 民二庭 38.0% (target ≥45%)"
    )
    assert report.sections[1].summary == (
        "案均审理天数: 2 of 3 departments meet the target; highest 民二庭 40.00 (target ≤30.00)"
    )


def test_below_target_lists(report: Bulletin) -> None:
    assert [(s.indicator, e.department) for s, e in report.below_target()] == [
        ("e_service", "民二庭"),
        ("e_service", "立案庭"),
        ("duration", "民二庭"),
    ]
    assert report.below_target_by_department() == {
        "民二庭": ["(1) 电子送达适用率", "(2) 案均审理天数"],
        "立案庭": ["(1) 电子送达适用率"],
    }


def test_text(report: Bulletin) -> None:
    text = report.to_text()
    assert text.startswith("某区人民法院 周通报 2022年第21周 (2022-W21)\n")
    assert "changes against 2022-W20; 3 department × indicator results below target" in text
    lines = text.splitlines()
    i = lines.index("(1) 电子送达适用率")
    assert lines[i + 1] == report.sections[0].summary
    assert lines[i + 4].split() == [
        "民二庭",
        "38.0%",
        "≥45%",
        "否",
        "+8.0pp",
        "5",
        "张三",
        "/",
        "审管办",
    ]
    assert lines[i + 8].split() == ["民一庭", "50.0%", "≥45%", "是", "—", "2"]
    j = lines.index("(2) 案均审理天数")
    assert lines[j + 4].split() == ["民二庭", "40.00", "≤30.00", "否", "-10.00", "3", "民二庭"]
    assert lines[j + 7].split()[:2] == ["刑事庭", "NA"]


def test_markdown(report: Bulletin) -> None:
    md = report.to_markdown()
    assert md.startswith("# 某区人民法院 周通报 2022年第21周 (2022-W21)\n")
    assert "## (1) 电子送达适用率" in md
    assert "| 民二庭 | 38.0% | ≥45% | 否 | +8.0pp | 5 | 张三 / 审管办 |" in md
    assert "|---|---:|---|---|---:|---:|---|" in md


def test_csv(report: Bulletin) -> None:
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert len(rows) == 10
    assert rows[0]["indicator"] == "e_service" and rows[0]["department"] == "民二庭"
    assert rows[0]["value"] == "0.38" and rows[0]["below_target"] == "True"
    assert rows[0]["leaders"] == "张三" and rows[0]["responsible"] == "审管办"


def test_json_is_deterministic(report: Bulletin, results: Results) -> None:
    data = json.loads(report.to_json())
    assert data["period"] == W21 and data["previous_period"] == W20
    first = data["sections"][0]["entries"][0]
    assert first["department"] == "民二庭" and first["below_target"] is True
    assert first["change"] == pytest.approx(0.08)
    assert report.to_json() == bulletin(results, court="c1", period=W21).to_json()


def test_indicators_without_values_get_no_section(results: Results) -> None:
    rep = bulletin(results, court="c2", period=W21)
    assert [s.indicator for s in rep.sections] == ["e_service"]
    assert rep.not_reported == ("(2) 案均审理天数",)
    assert rep.court_name == "c2"  # not in the court tree: the code stands in


def test_errors(results: Results) -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'c1'"):
        bulletin(results, court="c11", period=W21)
    with pytest.raises(
        InputError,
        match=r"no department rows for court 'c1' in 2022-W19 \(periods with data: 2022-W20, 2022-W21\)",
    ):
        bulletin(results, court="c1", period="2022-W19")


def test_summary_tie_names_the_department_with_a_target() -> None:
    res = evaluate(
        weekly_scheme(),
        [
            snap("c", W21, "办公室", sent=1, services=10),  # no target
            snap("c", W21, "民一庭", sent=1, services=10),
        ],
    )
    rep = bulletin(res, court="c", period=W21)
    assert rep.sections[0].summary == (
        "电子送达适用率: 0 of 1 department meets the target; lowest 民一庭 10.0% (target ≥45%)"
    )


def test_lead_departments_by_stage_are_named_with_their_stage() -> None:
    # As Jiaozuo's item (8): 牵头考核部门：立案庭（立案阶段）、审管办（审判阶段）.
    data = scheme_to_data(weekly_scheme())
    data["indicators"][0]["responsibility"] = {
        "leaders": ["张三"],
        "lead_departments": ["立案庭", "审管办"],
        "stages": {"立案庭": "立案阶段", "审管办": "审判阶段"},
        "responsible_departments": ["民二庭"],
    }
    res = evaluate(scheme_from_data(data), snap("c1", W21, "民二庭", sent=38, services=100))
    report = bulletin(res, court="c1", period=W21)
    (entry,) = report.sections[0].entries
    assert entry.responsible == ("立案庭（立案阶段）", "审管办（审判阶段）", "民二庭")
    assert "张三 / 立案庭（立案阶段）、审管办（审判阶段）、民二庭" in report.to_text()
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    assert rows[0]["responsible"] == "立案庭（立案阶段）、审管办（审判阶段）、民二庭"
