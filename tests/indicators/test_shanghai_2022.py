"""The shipped Jiading scheme (嘉法发〔2022〕15号) against annex 1 of the document."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import courtinfo.indicators
from courtinfo.formulas import Env, PeerRelative, Ratio, Status, WeightedBlend
from courtinfo.indicators import (
    Comparator,
    Scheme,
    Unit,
    dependency_order,
    load_scheme,
    pick_target,
    scheme_from_data,
    scheme_to_data,
)
from courtinfo.org import DepartmentKind

K = DepartmentKind
PATH = Path(courtinfo.indicators.__file__).parent / "data" / "shanghai-2022.toml"
DOC = "嘉法发〔2022〕15号"


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(PATH)


def test_loads_and_round_trips(scheme: Scheme) -> None:
    assert scheme_from_data(scheme_to_data(scheme)) == scheme
    assert scheme.code == "shanghai-2022"
    assert scheme.title_zh == "上海市嘉定区人民法院全流程网上办案工作目标及方案（试行）"
    assert scheme.issuer == "上海市嘉定区人民法院"
    assert scheme.document == DOC
    assert str(scheme.date) == "2022-05-31"
    assert scheme.period_kind == "week"
    assert not scheme.scored
    assert [c.code for c in scheme.categories] == ["core", "other"]
    assert [c.name_zh for c in scheme.categories] == ["核心指标", "其他指标"]


# annex 1: number, code, name as written, High Court data number (高院数据编号), category
NUMBERED = [
    (1, "e_service_rate", "电子送达适用率", 3, "core"),
    (2, "record_reform_rate", "庭审记录改革适用率", 4, "core"),
    (3, "online_hearing_rate", "在线庭审适用率", 5, "core"),
    (4, "single_track_archiving_rate", "单套制归档改革覆盖率", 11, "core"),
    (5, "online_filing_rate", "网上立案率", 1, "core"),
    (6, "random_assignment_rate", "随机分案率", 2, "core"),
    (7, "template_generation_rate", "文书模板生成率", 6, "core"),
    (8, "smart_proofreading_rate", "文书智能校对率", 7, "core"),
    (9, "online_review_rate", "文书在线审查率", 8, "other"),
    (10, "e_seal_rate", "电子签章率", 9, "other"),
    (11, "mobile_enforcement_rate", "移动执行使用率", 10, "other"),
    (12, "born_digital_rate", "原生电子文件覆盖率", 12, "other"),
    (13, "online_deliberation_rate", "在线评议讨论率", 13, "other"),
    (14, "courtroom_equipped_rate", "法庭设施配备到位率", 14, "other"),
]

# companions the 口径 define: code, name, data number of the entry that defines them
COMPANIONS = [
    ("e_service_send_rate", "电子送达发送率", 3),
    ("e_service_success_rate", "电子送达成功率", 3),
    ("president_hearing_rate_record_reform", "院长参审率（庭审记录改革）", 4),
    ("president_hearing_rate_online", "院长参审率（在线庭审）", 5),
    ("online_filing_success_rate", "网上立案成功率", 1),
    ("courtroom_standard_rate", "法庭设施配备达标率", 14),
]


def test_fourteen_numbered_indicators_in_annex_order(scheme: Scheme) -> None:
    got = [
        (i.number, i.code, i.name_zh, i.source.number if i.source else None, i.category)
        for i in scheme.numbered
    ]
    assert got == NUMBERED
    assert all(i.source is not None and i.source.document == DOC for i in scheme.indicators)
    assert all(i.unit is Unit.PERCENTAGE for i in scheme.indicators)
    assert all(i.rule_zh for i in scheme.indicators)


@pytest.mark.parametrize(("code", "name", "data_number"), COMPANIONS)
def test_companions(scheme: Scheme, code: str, name: str, data_number: int) -> None:
    ind = scheme.indicator(code)
    assert ind.companion
    assert ind.number is None
    assert ind.name_zh == name
    assert ind.source is not None and ind.source.number == data_number


def test_every_formula_reference_is_declared(scheme: Scheme) -> None:
    inputs = {i.id for i in scheme.inputs}
    codes = {i.code for i in scheme.indicators}
    used = {r for i in scheme.indicators for r in i.formula.references()}
    assert used <= inputs | codes
    assert inputs <= used  # nothing declared that no formula reads


# code: numerator terms, denominator terms, over policy
RATIOS = [
    ("e_service_send_rate", ("e_service_sent",), ("all_services",), "error"),
    ("e_service_success_rate", ("e_service_succeeded",), ("e_service_total",), "error"),
    ("record_reform_rate", ("record_reform_hearings",), ("hearings",), "error"),
    (
        "president_hearing_rate_record_reform",
        ("president_hearings_record_reform",),
        ("record_reform_hearings",),
        "error",
    ),
    ("online_hearing_rate", ("online_hearings",), ("hearings",), "cap"),
    (
        "president_hearing_rate_online",
        ("president_hearings_online",),
        ("online_hearings",),
        "error",
    ),
    ("single_track_archiving_rate", ("single_track_archived",), ("archived_cases",), "error"),
    ("online_filing_rate", ("online_filings",), ("filings",), "error"),
    ("online_filing_success_rate", ("online_filings",), ("online_filing_applications",), "cap"),
    ("random_assignment_rate", ("random_assignments",), ("filings",), "error"),
    ("template_generation_rate", ("template_documents",), ("judgments",), "error"),
    ("smart_proofreading_rate", ("proofread_documents",), ("judgments",), "error"),
    ("online_review_rate", ("online_reviewed_documents",), ("judgments",), "error"),
    ("e_seal_rate", ("e_seal_cases",), ("cases_in_hand",), "error"),
    ("born_digital_rate", ("born_digital_entries", "web_entries"), ("archived_entries",), "error"),
    (
        "online_deliberation_rate",
        ("sealed_panel_deliberations", "sealed_judges_meetings"),
        ("ordinary_panel_closed", "judges_meetings"),
        "cap",
    ),
    ("courtroom_equipped_rate", ("courtrooms_equipped",), ("courtrooms",), "error"),
    ("courtroom_standard_rate", ("courtrooms_up_to_standard",), ("courtrooms",), "error"),
]


@pytest.mark.parametrize(("code", "num", "den", "over"), RATIOS)
def test_ratio_formulas_as_written(
    scheme: Scheme, code: str, num: tuple[str, ...], den: tuple[str, ...], over: str
) -> None:
    formula = scheme.indicator(code).formula
    assert isinstance(formula, Ratio)
    assert (formula.numerator, formula.denominator, formula.over) == (num, den, over)


def test_input_labels_from_the_document(scheme: Scheme) -> None:
    labels = {i.id: i.label_zh for i in scheme.inputs}
    assert labels["e_service_sent"] == "电子送达发送数"
    assert labels["all_services"] == "全部送达总数"
    assert labels["judgments"] == "所有裁判文书数"
    assert labels["enforcement_officers"] == "在编执行干警人数"
    assert labels["web_entries"] == "“网”字文件条目数"
    assert scheme.input("mobile_online_hours").kind == "measure"


# ---------------------------------------------------------------- arithmetic by hand


def _value(outcome_value: np.ndarray) -> float:
    return float(outcome_value[0])


def test_e_service_rate_blends_send_and_success_rates_75_25(scheme: Scheme) -> None:
    formula = scheme.indicator("e_service_rate").formula
    assert isinstance(formula, WeightedBlend)
    assert [(c.weight, c.ref) for c in formula.components] == [
        (0.75, "e_service_send_rate"),
        (0.25, "e_service_success_rate"),
    ]
    # The companions' values supplied directly under their codes: 0.75×0.8 + 0.25×0.6 = 0.75.
    out = formula.compute(
        Env.from_columns({"e_service_send_rate": 0.8, "e_service_success_rate": 0.6})
    )
    assert _value(out.value) == pytest.approx(0.75)
    assert out.status[0] == Status.OK


def test_e_service_rate_from_counts(scheme: Scheme) -> None:
    counts = {
        "e_service_sent": 80,
        "all_services": 100,
        "e_service_succeeded": 45,
        "e_service_total": 60,
    }
    env = Env.from_columns(counts)
    send = scheme.indicator("e_service_send_rate").formula.compute(env)
    success = scheme.indicator("e_service_success_rate").formula.compute(env)
    assert _value(send.value) == pytest.approx(0.8)  # 80 / 100
    assert _value(success.value) == pytest.approx(0.75)  # 45 / 60
    both = Env.from_columns(
        {**counts, "e_service_send_rate": send.value, "e_service_success_rate": success.value}
    )
    out = scheme.indicator("e_service_rate").formula.compute(both)
    assert _value(out.value) == pytest.approx(0.75 * 0.8 + 0.25 * 0.75)  # 0.7875


def test_companions_are_computed_before_the_blend(scheme: Scheme) -> None:
    order = [i.code for i in dependency_order(scheme)]
    assert order.index("e_service_send_rate") < order.index("e_service_rate")
    assert order.index("e_service_success_rate") < order.index("e_service_rate")


def test_mobile_enforcement_rate_against_supplied_city_figures(scheme: Scheme) -> None:
    formula = scheme.indicator("mobile_enforcement_rate").formula
    assert isinstance(formula, PeerRelative)
    assert formula.cap == 1.0
    assert [(c.numerator, c.denominator, c.weight, c.peer) for c in formula.components] == [
        ("mobile_logins", "enforcement_officers", 0.5, "city_logins_per_officer"),
        ("mobile_online_hours", "enforcement_officers", 0.5, "city_online_hours_per_officer"),
    ]
    # 120 logins / 10 officers = 12 against the city's 15: 12/15 × 50% = 0.4;
    # 150 hours / 10 officers = 15 against the city's 30: 15/30 × 50% = 0.25.
    env = Env.from_columns(
        {
            "mobile_logins": 120,
            "mobile_online_hours": 150,
            "enforcement_officers": 10,
            "city_logins_per_officer": 15,
            "city_online_hours_per_officer": 30,
        }
    )
    assert _value(formula.compute(env).value) == pytest.approx(0.65)
    # 300 / 10 = 30 against 15 gives 1.0, 200 / 10 = 20 against 20 gives 0.5: 1.5, capped at 100%.
    env = Env.from_columns(
        {
            "mobile_logins": 300,
            "mobile_online_hours": 200,
            "enforcement_officers": 10,
            "city_logins_per_officer": 15,
            "city_online_hours_per_officer": 20,
        }
    )
    assert _value(formula.compute(env).value) == pytest.approx(1.0)


def test_online_deliberation_rate_sums_both_sides(scheme: Scheme) -> None:
    formula = scheme.indicator("online_deliberation_rate").formula
    cols = {
        "sealed_panel_deliberations": 30,
        "sealed_judges_meetings": 10,
        "ordinary_panel_closed": 80,
        "judges_meetings": 20,
    }
    assert _value(formula.compute(Env.from_columns(cols)).value) == pytest.approx(40 / 100)
    # Several deliberations per case can exceed the closed cases: capped, not an error.
    cols["sealed_panel_deliberations"] = 95
    out = formula.compute(Env.from_columns(cols))
    assert _value(out.value) == 1.0
    assert out.violations is None


def test_recorded_hearings_above_all_hearings_is_an_input_error(scheme: Scheme) -> None:
    formula = scheme.indicator("record_reform_rate").formula
    out = formula.compute(
        Env.from_columns({"record_reform_hearings": [60, 120], "hearings": [100, 100]})
    )
    assert _value(out.value) == pytest.approx(0.6)
    assert out.violations is not None
    assert out.violations.tolist() == [False, True]


# ---------------------------------------------------------------- targets

# code, department, kind, case-handling, expected (value, comparator, in_principle) or None
PICKS = [
    # 1. 电子送达适用率: 原则上不低于45; 各业务部门(除刑事庭):原则上不低于45
    ("e_service_rate", None, None, False, (0.45, Comparator.AT_LEAST, True)),
    ("e_service_rate", "立案庭", K.FILING, True, (0.45, Comparator.AT_LEAST, True)),
    ("e_service_rate", "民一庭", K.CIVIL, True, (0.45, Comparator.AT_LEAST, True)),
    ("e_service_rate", "执行局", K.ENFORCEMENT, True, (0.45, Comparator.AT_LEAST, True)),
    ("e_service_rate", "刑事庭", K.CRIMINAL, True, None),
    ("e_service_rate", "办公室", K.GENERAL_OFFICE, False, None),
    # 2. 庭审记录改革适用率: 立案庭 70, 执行局 all, other case-handling departments 60
    ("record_reform_rate", "立案庭", K.FILING, True, (0.70, Comparator.AT_LEAST, True)),
    ("record_reform_rate", "执行局", K.ENFORCEMENT, True, (1.0, Comparator.EQUAL, True)),
    ("record_reform_rate", "民一庭", K.CIVIL, True, (0.60, Comparator.AT_LEAST, True)),
    ("record_reform_rate", "刑事庭", K.CRIMINAL, True, (0.60, Comparator.AT_LEAST, True)),
    ("record_reform_rate", "办公室", K.GENERAL_OFFICE, False, None),
    ("record_reform_rate", None, None, False, None),
    # 3. 在线庭审适用率: 各业务部门(除执行局) 25
    ("online_hearing_rate", "执行局", K.ENFORCEMENT, True, None),
    ("online_hearing_rate", "刑事庭", K.CRIMINAL, True, (0.25, Comparator.AT_LEAST, True)),
    ("online_hearing_rate", "立案庭", K.FILING, True, (0.25, Comparator.AT_LEAST, True)),
    ("online_hearing_rate", "民一庭", K.CIVIL, True, (0.25, Comparator.AT_LEAST, True)),
    # 4. 单套制归档改革覆盖率: 各业务部门:100 (not 原则上)
    ("single_track_archiving_rate", "民一庭", K.CIVIL, True, (1.0, Comparator.AT_LEAST, False)),
    ("single_track_archiving_rate", "刑事庭", K.CRIMINAL, True, (1.0, Comparator.AT_LEAST, False)),
    ("single_track_archiving_rate", "办公室", K.GENERAL_OFFICE, False, None),
    # 5. 网上立案率 and 6. 随机分案率: 立案庭 only
    ("online_filing_rate", "立案庭", K.FILING, True, (0.90, Comparator.AT_LEAST, True)),
    ("online_filing_rate", "执行局", K.ENFORCEMENT, True, None),
    ("online_filing_rate", "民一庭", K.CIVIL, True, None),
    ("online_filing_success_rate", "立案庭", K.FILING, True, None),
    ("random_assignment_rate", "立案庭", K.FILING, True, (0.99, Comparator.AT_LEAST, True)),
    ("random_assignment_rate", "刑事庭", K.CRIMINAL, True, None),
    # 7-10: 各业务部门:原则上100
    ("template_generation_rate", "刑事庭", K.CRIMINAL, True, (1.0, Comparator.AT_LEAST, True)),
    ("smart_proofreading_rate", "立案庭", K.FILING, True, (1.0, Comparator.AT_LEAST, True)),
    ("online_review_rate", "执行局", K.ENFORCEMENT, True, (1.0, Comparator.AT_LEAST, True)),
    ("e_seal_rate", "民一庭", K.CIVIL, True, (1.0, Comparator.AT_LEAST, True)),
    ("e_seal_rate", "办公室", K.GENERAL_OFFICE, False, None),
    # 11. 移动执行使用率: 执行局:原则上100
    ("mobile_enforcement_rate", "执行局", K.ENFORCEMENT, True, (1.0, Comparator.AT_LEAST, True)),
    ("mobile_enforcement_rate", "民一庭", K.CIVIL, True, None),
    ("mobile_enforcement_rate", None, None, False, None),
    # 12. 60 and 13. 40 for every case-handling department
    ("born_digital_rate", "刑事庭", K.CRIMINAL, True, (0.60, Comparator.AT_LEAST, True)),
    ("online_deliberation_rate", "民一庭", K.CIVIL, True, (0.40, Comparator.AT_LEAST, True)),
    # 14. 到位率 and 达标率 原则上不低于90, whole court
    ("courtroom_equipped_rate", None, None, False, (0.90, Comparator.AT_LEAST, True)),
    ("courtroom_standard_rate", None, None, False, (0.90, Comparator.AT_LEAST, True)),
    ("courtroom_equipped_rate", "民一庭", K.CIVIL, True, None),
]


@pytest.mark.parametrize(("code", "department", "kind", "case_handling", "expected"), PICKS)
def test_pick_target(
    scheme: Scheme,
    code: str,
    department: str | None,
    kind: DepartmentKind | None,
    case_handling: bool,
    expected: tuple[float, Comparator, bool] | None,
) -> None:
    target = pick_target(scheme.indicator(code).targets, department, kind, case_handling)
    if expected is None:
        assert target is None
    else:
        assert target is not None
        assert (target.value, target.comparator, target.in_principle) == expected


def test_target_scopes_and_texts(scheme: Scheme) -> None:
    first = scheme.indicator("e_service_rate").targets
    assert [t.scope.whole_court for t in first] == [True, False]
    assert first[1].scope.case_handling
    assert first[1].scope.excluding == (K.CRIMINAL,)
    assert first[1].text_zh == "各业务部门(除刑事庭):原则上不低于45"

    second = scheme.indicator("record_reform_rate").targets
    assert [t.scope.kinds for t in second] == [(K.FILING,), (K.ENFORCEMENT,), ()]
    assert second[1].text_zh.startswith("执行局:对来院谈话对象")
    assert "原则上应全部适用" in second[1].text_zh
    assert second[2].scope.others and second[2].scope.case_handling

    third = scheme.indicator("online_hearing_rate").targets
    assert third[0].scope.excluding == (K.ENFORCEMENT,)
    assert scheme.indicator("single_track_archiving_rate").targets[0].text_zh == "各业务部门:100"
    assert (
        scheme.indicator("online_filing_rate").targets[0].text_zh
        == "立案庭:网上立案率原则上不低于90"
    )


def test_target_counts(scheme: Scheme) -> None:
    counts = {i.code: len(i.targets) for i in scheme.indicators}
    assert counts == {
        "e_service_rate": 2,
        "e_service_send_rate": 0,
        "e_service_success_rate": 0,
        "record_reform_rate": 3,
        "president_hearing_rate_record_reform": 0,
        "online_hearing_rate": 1,
        "president_hearing_rate_online": 0,
        "single_track_archiving_rate": 1,
        "online_filing_rate": 1,
        "online_filing_success_rate": 0,
        "random_assignment_rate": 1,
        "template_generation_rate": 1,
        "smart_proofreading_rate": 1,
        "online_review_rate": 1,
        "e_seal_rate": 1,
        "mobile_enforcement_rate": 1,
        "born_digital_rate": 1,
        "online_deliberation_rate": 1,
        "courtroom_equipped_rate": 1,
        "courtroom_standard_rate": 1,
    }


# ---------------------------------------------------------------- measures and rules

# code: the departments each key measure names, in order
MEASURES = {
    "e_service_rate": [
        ["立案庭"],
        ["各业务部门"],
        ["立案庭", "其他业务部门"],
        ["商事庭"],
        ["商事庭"],
    ],
    "record_reform_rate": [
        ["各业务部门"],
        ["各业务部门"],
        ["各业务部门(除刑事庭)"],
        ["各业务部门"],
        ["行装科"],
    ],
    "online_hearing_rate": [
        ["行装科"],
        ["各业务部门(除刑事庭)"],
        ["各业务部门(除刑事庭、立案庭、审监庭)"],
        ["刑事庭"],
    ],
    "single_track_archiving_rate": [["办公室", "各业务部门"], ["办公室"]],
    "online_filing_rate": [
        ["立案庭"],
        ["立案庭"],
        ["立案庭"],
        ["执行局", "立案庭"],
        ["立案庭", "审监庭"],
    ],
    "random_assignment_rate": [["立案庭"]],
    "template_generation_rate": [["各业务部门"], ["行装科", "审监庭"]],
    "smart_proofreading_rate": [],
    "online_review_rate": [["各业务部门"], ["办公室"]],
    "e_seal_rate": [["院本部各业务部门"], ["各人民法庭", "执行局", "执裁庭"]],
    "mobile_enforcement_rate": [["行装科", "执行局"], ["执行局", "审监庭"], ["执行局"]],
    "born_digital_rate": [["各业务部门"], ["办公室"], ["各业务部门"], ["办公室", "行装科"]],
    "online_deliberation_rate": [["各业务部门"], ["办公室"], ["行装科", "审监庭"]],
    "courtroom_equipped_rate": [["办公室", "行装科"]],
}


@pytest.mark.parametrize(("code", "departments"), MEASURES.items())
def test_measures_name_their_departments(
    scheme: Scheme, code: str, departments: list[list[str]]
) -> None:
    measures = scheme.indicator(code).measures
    assert [list(m.departments) for m in measures] == departments
    assert all(m.text_zh for m in measures)


def test_measure_texts(scheme: Scheme) -> None:
    mobile = scheme.indicator("mobile_enforcement_rate").measures
    assert mobile[2].text_zh == "每位执行干警必须每天上线至少2小时"
    assert (
        scheme.indicator("e_service_rate").measures[3].text_zh.startswith("对于涉案较多的电商平台")
    )


def test_common_measures_and_weekly_bulletin(scheme: Scheme) -> None:
    common = [r for r in scheme.rules_zh if r.startswith("共性对策")]
    assert len(common) == 8
    assert any("建立全流程办案周通报制度" in r for r in scheme.rules_zh)
    assert common[7].endswith("适时调整。")


# ---------------------------------------------------------------- the formulas as annex 1 writes them

FORMULA_LINES = {
    "e_service_rate": "电子送达适用率=电子送达发送率*75%+电子送达成功率*25%",
    "e_service_send_rate": "电子送达发送率=电子送达发送数/全部送达总数*100",
    "e_service_success_rate": "电子送达成功率=电子送达成功数/电子送达总数*100",
    "record_reform_rate": "庭审记录改革适用率=适用庭审记录改革数/所有庭审数*100",
    "president_hearing_rate_record_reform": "院长参审率=院长参审庭审数/适用庭审记录改革数",
    "online_hearing_rate": "在线庭审适用率=在线庭审数/所有庭审数*100",
    "president_hearing_rate_online": "院长参审率=院长参审庭审数/在线庭审数",
    "single_track_archiving_rate": (
        "单套制归档改革覆盖率=电子卷宗单套制归档案件数/所有归档案件数*100"
    ),
    "online_filing_rate": "网上立案率=网上立案数/总立案数*100",
    "online_filing_success_rate": "网上立案成功率=网上立案数/网上立案申请数*100",
    "random_assignment_rate": "随机分案率=随机分案数/所有案件数*100",
    "template_generation_rate": "文书模板生成率=文书模板生成数/所有裁判文书数*100",
    "smart_proofreading_rate": "文书智能校对率=启用文书纠错数/所有裁判文书数*100",
    "online_review_rate": "文书在线审查率=在线审核、签发(含会签)文书数/所有裁判文书数*100",
    "e_seal_rate": "电子签章率=使用电子签章系统的案件数/总案件数*100",
    "mobile_enforcement_rate": (
        "移动执行使用率=人均上线次数/全市法院人均上线次数*50+人均在线总时长/全市法院人均在线总时长*50"
        " (超过100%记为100%)"
    ),
    "born_digital_rate": (
        "原生电子文件覆盖率=(电子卷宗中原生电子文件条目数+“网”字文件条目数)/归档电子卷宗文件条目数"
    ),
    "online_deliberation_rate": (
        "在线评议讨论率=(经签章的合议庭评议数+经签章的专业法官会议数)"
        "/(普通程序合议庭结案数+专业法官会议数)*100"
    ),
    "courtroom_equipped_rate": "法庭设施配备到位(达标)率=设施配备到位(达标)法庭数/法庭数*100",
    "courtroom_standard_rate": "法庭设施配备到位(达标)率=设施配备到位(达标)法庭数/法庭数*100",
}


def test_every_formula_line_as_written(scheme: Scheme) -> None:
    assert set(FORMULA_LINES) == {i.code for i in scheme.indicators}
    for code, line in FORMULA_LINES.items():
        assert scheme.indicator(code).rule_zh.strip().split("\n")[0] == line, code


@pytest.mark.parametrize(("code", "num", "den", "over"), RATIOS)
def test_ratio_inputs_are_the_terms_of_the_formula(
    scheme: Scheme, code: str, num: tuple[str, ...], den: tuple[str, ...], over: str
) -> None:
    # "a/b*100": every numerator input is named left of the slash, every denominator input right
    # of it (达标 and 到位 share one line: 设施配备到位(达标)法庭数). 随机分案率's 所有案件数 is defined
    # as 统计期内所有立案数, the input 网上立案率 calls 总立案数.
    line = FORMULA_LINES[code].split("=", 1)[1].replace("(达标)", "").replace("到位", "")
    left, right = line.split("/", 1)
    for term, side in [(n, left) for n in num] + [(d, right) for d in den]:
        head = scheme.input(term).label_zh.split("（")[0].replace("到位", "").replace("达标", "")
        if (code, term) == ("random_assignment_rate", "filings"):
            assert "所有案件数:统计期内所有立案数" in scheme.indicator(code).rule_zh
            head = "所有案件数"
        assert head in side, (code, term, head)
