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
    (3, "推进音视频融合共享", ("王忠东",), ("审管办", "信息中心"), 13),
    (4, "推进智能法庭建设", ("王忠东",), ("司法科",), 6),
    (5, "建设标准化机房", ("王忠东",), ("司法科",), 1),
    (6, "推广建设数字化会议系统", ("王忠东",), ("审管办", "信息中心"), 3),
    (7, "推进“一站式”多元解纷和诉讼服务信息系统建设", ("刘云峰",), ("立案团队",), 6),
    (8, "改造完善司法公开平台", ("王忠东",), ("审管办", "信息中心"), 4),
    (9, "构建全流程诉讼服务平台", ("刘云峰",), ("立案团队",), 8),
    (10, "建设 12368 诉讼服务热线", ("刘云峰",), ("立案团队",), 5),
    (11, "升级拓展审判业务系统", ("王忠东",), ("审管办", "信息中心"), 13),
    (12, "拓展执行业务系统", ("王清海",), ("执行团队",), 8),
    (13, "完善审判管理系统", ("王忠东",), ("审管办", "信息中心"), 15),
    (14, "扩展人事管理系统", ("王忠东",), ("干部科",), 13),
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
    assert ind.rule_zh.startswith(name + "。")
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


# task: for each checklist item in order, the words of the task's text it stands for
SUB_CAPABILITIES = {
    1: [
        "执行办案",
        "执行管理",
        "执行指挥",
        "监督考核",
        "决策分析",
        "执行现场音视频实时传输和交换",
        "执行值守系统",
        "可视化管理系统",
    ],
    2: [
        "登记安检",
        "律师速通",
        "智能导诉",
        "窗口办理",
        "自助服务",
        "信息指引",
        "对接诉讼服务平台",
        "办案卷宗存储流转系统",
    ],
    3: [
        "接入省法院音视频综合管理平台",
        "视频会议",
        "科技法庭",
        "远程提讯",
        "远程接访",
        "执行指挥",
        "安保监控",
        "高清改造",
        "庭审视频",
        "提讯视频",
        "看守所远程提讯",
        "监狱数字法庭",
        "诉讼服务视频",
    ],
    4: [
        "庭审音视频巡查纳入审判管理范畴",
        "争议焦点自动归纳",
        "庭审提纲自动生成",
        "语音智能转写",
        "裁判文书智能辅助",
        "重要法庭基于4K标准进行建设",
    ],
    5: ["全面完成标准化机房改造"],
    6: ["数字化会议系统", "审委会会议室同步录音录像", "语音识别系统"],
    7: [
        "12368平台",
        "跨域立案",
        "智能保全",
        "送达平台",
        "一站式多元解纷机制",
        "一站式诉讼服务中心",
    ],
    8: ["改造完善司法公开平台", "电子证据", "电子卷宗", "庭审音视频"],
    9: [
        "网上立案",
        "网上缴费",
        "网上证据交换",
        "网上庭审",
        "电子送达",
        "律师服务",
        "人民陪审员服务",
        "移动端诉讼服务渠道优化",
    ],
    10: [
        "12368诉讼服务热线覆盖",
        "人工座席服务机制",
        "12368短信服务统一管理和交互",
        "收集用户评价和问题反馈功能",
        "与其他诉讼服务系统及法院内部审判执行应用系统贯通",
    ],
    11: [
        "2015法标司法统计自动生成",
        "电子卷宗随案同步制作上传办案系统",
        "电子卷宗自动编目",
        "原审卷宗远程调阅",
        "诉讼文书辅助生成",
        "实体信息管理",
        "跨行政区划案件审理",
        "证据裁判",
        "轻微刑事案件快速办理",
        "主审法官及合议庭办案机制",
        "院庭长审判监督机制",
        "司法协助",
        "业务协同",
    ],
    12: [
        "流程节点管控",
        "执行案件流程和文书公开",
        "终本案件、执行财产、执行款项管理",
        "智能审执衔接",
        "执行指挥系统",
        "网络查控系统",
        "信用惩戒系统",
        "财产刑执行管理系统",
    ],
    13: [
        "案件质效评估",
        "案件质量评查",
        "审判流程管理",
        "审判运行态势分析",
        "审判绩效考核",
        "审判委员会事务管理",
        "庭审智能巡查系统",
        "审判管理工作平台",
        "审限提醒、预警、冻结等案件关键节点的自动化管理",
        "立案风险甄别",
        "案例研究",
        "类案推送",
        "量刑规范",
        "舆情分析",
        "文书智能纠错",
    ],
    14: [
        "法院人员分类管理",
        "法官员额管理",
        "法官选任管理",
        "法官业绩评价",
        "法官教育培训",
        "法官工资管理",
        "人民陪审员管理",
        "司法警察管理",
        "人事信息与数字法院业务应用系统的融合",
        "法官员额制管理与案件审判流程的对接",
        "人事、案件、政务信息共享",
        "对法官工作进行动态管理和全方位监督评价",
        "干部人事档案系统",
    ],
    15: [
        "纪检监察",
        "涉诉信访",
        "远程提讯",
        "政法跨部门大数据",
        "减刑假释",
        "党建工作",
        "电子公文系统",
        "风险预警功能",
        "绩效考核管理系统",
    ],
}


@pytest.mark.parametrize(("number", "phrases"), SUB_CAPABILITIES.items())
def test_sub_capabilities_follow_the_text(scheme: Scheme, number: int, phrases: list[str]) -> None:
    ind = next(i for i in scheme.numbered if i.number == number)
    assert isinstance(ind.formula, Checklist)
    labels = [scheme.input(item).label_zh for item in ind.formula.items]
    assert len(labels) == len(phrases)
    text = ind.rule_zh.replace(" ", "")
    for label, phrase in zip(labels, phrases, strict=True):
        assert phrase in label, (label, phrase)
        assert phrase in text, phrase


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
