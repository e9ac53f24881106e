"""The shipped Heihe scheme (黑中法〔2021〕7号) against part 三 of the document."""

from __future__ import annotations

from pathlib import Path

import pytest

import courtinfo.indicators
from courtinfo.formulas import Checklist, Env, Ratio, Status
from courtinfo.indicators import (
    Comparator,
    Scheme,
    Unit,
    load_scheme,
    pick_target,
    scheme_from_data,
    scheme_to_data,
)
from courtinfo.org import DepartmentKind, Responsibility

K = DepartmentKind
PATH = Path(courtinfo.indicators.__file__).parent / "data" / "heihe-2021.toml"
DOC = "黑中法〔2021〕7号"


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(PATH)


def test_loads_and_round_trips(scheme: Scheme) -> None:
    assert scheme_from_data(scheme_to_data(scheme)) == scheme
    assert scheme.code == "heihe-2021"
    assert scheme.title_zh == "黑河市中级人民法院关于推进信息化建设和应用的工作方案"
    assert scheme.issuer == "黑河市中级人民法院"
    assert scheme.document == DOC
    assert str(scheme.date) == "2021-03-08"
    assert scheme.period_kind == "year"
    assert not scheme.scored


# task, name as written, leaders (责任领导 / 牵头领导), lead departments (牵头部门), checklist items
TASKS = [
    (1, "加强执行指挥中心建设", ("王清海",), ("执行团队",), 8),
    (2, "建设标准化诉讼服务大厅", ("刘云峰",), ("立案团队",), 8),
    (3, "推进音视频融合共享", ("王忠东",), ("审管办", "信息中心"), 8),
    (4, "推进智能法庭建设", ("王忠东",), ("司法科",), 6),
    (5, "建设标准化机房", ("王忠东",), ("司法科",), 1),
    (6, "推广建设数字化会议系统", ("王忠东",), ("审管办", "信息中心"), 3),
    (7, "推进“一站式”多元解纷和诉讼服务信息系统建设", ("刘云峰",), ("立案团队",), 6),
    (8, "改造完善司法公开平台", ("王忠东",), ("审管办", "信息中心"), 4),
    (9, "构建全流程诉讼服务平台", ("刘云峰",), ("立案团队",), 8),
    (10, "建设12368诉讼服务热线", ("刘云峰",), ("立案团队",), 5),
    (11, "升级拓展审判业务系统", ("王忠东",), ("审管办", "信息中心"), 7),
    (12, "拓展执行业务系统", ("王清海",), ("执行团队",), 8),
    (13, "完善审判管理系统", ("王忠东",), ("审管办", "信息中心"), 14),
    (14, "扩展人事管理系统", ("王忠东",), ("干部科",), 9),
    (15, "扩充司法管理系统", ("王忠东",), ("审管办", "信息中心"), 9),
]


def test_fifteen_tasks_in_order(scheme: Scheme) -> None:
    assert [(i.number, i.name_zh) for i in scheme.numbered] == [(n, name) for n, name, *_ in TASKS]
    assert all(i.source is not None and i.source.document == DOC for i in scheme.indicators)
    assert [i.source.number for i in scheme.numbered if i.source] == list(range(1, 16))


@pytest.mark.parametrize(("number", "name", "leaders", "leads", "items"), TASKS)
def test_task(
    scheme: Scheme,
    number: int,
    name: str,
    leaders: tuple[str, ...],
    leads: tuple[str, ...],
    items: int,
) -> None:
    ind = next(i for i in scheme.numbered if i.number == number)
    resp = ind.responsibility
    assert resp is not None
    assert resp.leaders == leaders
    assert resp.lead_departments == leads
    assert resp.supporting_departments == resp.responsible_departments == resp.owners == ()
    # The rule quotes the task's paragraph, ending with its responsibility tag as written.
    assert ind.rule_zh.replace(" ", "").startswith(name + "。")
    assert Responsibility.parse_zh(ind.rule_zh) == resp
    assert isinstance(ind.formula, Checklist)
    assert len(ind.formula.items) == items
    assert ind.formula.items_above_basic == ()
    assert ind.unit is (Unit.YES_NO if items == 1 else Unit.PERCENTAGE)
    assert ind.targets == ()


def test_task_4_is_led_by_a_lead_leader(scheme: Scheme) -> None:
    assert (
        "（牵头领导：王忠东，牵头部门：司法科）"
        in scheme.indicator("task4_smart_courtroom").rule_zh
    )


def test_lead_departments_resolve_to_kinds(scheme: Scheme) -> None:
    from courtinfo.org import resolve_department_kind

    kinds = {
        d: resolve_department_kind(d)[0]
        for i in scheme.indicators
        if i.responsibility
        for d in i.responsibility.lead_departments
    }
    assert kinds == {
        "执行团队": K.ENFORCEMENT,
        "立案团队": K.FILING,
        "审管办": K.TRIAL_MANAGEMENT,
        "信息中心": K.INFORMATION_CENTRE,
        "司法科": K.TECHNOLOGY,
        "干部科": K.PERSONNEL,
    }


def test_checklist_items_are_declared_yes_no_inputs(scheme: Scheme) -> None:
    inputs = {i.id: i for i in scheme.inputs}
    for ind in scheme.numbered:
        assert isinstance(ind.formula, Checklist)
        for item in ind.formula.items:
            assert item.startswith(f"task{ind.number}_")
            assert inputs[item].kind == "yes_no"
    used = {r for i in scheme.indicators for r in i.formula.references()}
    assert used == set(inputs)


def test_task_1_items_follow_the_text(scheme: Scheme) -> None:
    ind = scheme.indicator("task1_command_centre")
    labels = [scheme.input(item).label_zh for item in ind.formula.references()]
    for function in ("执行办案", "执行管理", "执行指挥", "监督考核", "决策分析"):
        assert any(function in label for label in labels), function
    assert "执行值守系统" in labels
    assert "可视化管理系统" in labels


def test_checklist_share_done(scheme: Scheme) -> None:
    formula = scheme.indicator("task1_command_centre").formula
    items = formula.references()
    done = {item: 1.0 for item in items[:6]} | {item: 0.0 for item in items[6:]}
    out = formula.compute(Env.from_columns(done))
    assert float(out.value[0]) == pytest.approx(6 / 8)
    assert out.status[0] == Status.OK
    machine_room = scheme.indicator("task5_machine_room").formula
    assert float(machine_room.compute(Env.from_columns({"task5_done": 1.0})).value[0]) == 1.0


# code, name, numerator, denominator, target text
GOALS = [
    (
        "tech_courtroom_coverage",
        "科技法庭覆盖率",
        "tech_courtrooms",
        "courtrooms",
        "科技法庭覆盖率达到 100%",
    ),
    (
        "tech_courtroom_usage",
        "科技法庭系统使用率",
        "tech_system_hearings",
        "hearings",
        "实现案件开庭的科技法庭系统使用率达到 100%",
    ),
]


@pytest.mark.parametrize(("code", "name", "num", "den", "text"), GOALS)
def test_task_4_goals(scheme: Scheme, code: str, name: str, num: str, den: str, text: str) -> None:
    ind = scheme.indicator(code)
    assert ind.companion and ind.number is None
    assert ind.name_zh == name
    assert ind.source is not None and ind.source.number == 4
    assert ind.responsibility == scheme.indicator("task4_smart_courtroom").responsibility
    assert isinstance(ind.formula, Ratio)
    assert (ind.formula.numerator, ind.formula.denominator) == ((num,), (den,))
    [target] = ind.targets
    assert (target.value, target.comparator, target.in_principle) == (1.0, Comparator.EQUAL, False)
    assert target.scope.whole_court
    assert target.text_zh == text
    assert pick_target(ind.targets, None, None, False) is target
    assert pick_target(ind.targets, "立案团队", K.FILING, True) is None
    out = ind.formula.compute(Env.from_columns({num: [10, 9], den: [10, 10]}))
    assert [target.met(float(v)) for v in out.value] == [True, False]


def test_seventeen_indicators(scheme: Scheme) -> None:
    assert len(scheme.indicators) == 17
    assert [i.code for i in scheme.indicators if i.companion] == [
        "tech_courtroom_coverage",
        "tech_courtroom_usage",
    ]
