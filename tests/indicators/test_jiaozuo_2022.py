"""The shipped Jiaozuo scheme (焦中法〔2022〕77号) against part 四 of the document."""

from __future__ import annotations

from pathlib import Path

import pytest

import courtinfo.indicators
from courtinfo.formulas import Env, PerCaseAverage, Ratio
from courtinfo.indicators import (
    Comparator,
    Scheme,
    TargetStatus,
    Unit,
    load_scheme,
    pick_target,
    scheme_from_data,
    scheme_to_data,
)
from courtinfo.org import DepartmentKind, Responsibility, resolve_department_kind

K = DepartmentKind
PATH = Path(courtinfo.indicators.__file__).parent / "data" / "jiaozuo-2022.toml"
DOC = "焦中法〔2022〕77号"


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(PATH)


def test_loads_and_round_trips(scheme: Scheme) -> None:
    assert scheme_from_data(scheme_to_data(scheme)) == scheme
    assert scheme.code == "jiaozuo-2022"
    assert scheme.title_zh == "焦作市中级人民法院信息化应用推进分工方案"
    assert scheme.issuer == "焦作市中级人民法院"
    assert scheme.document == DOC
    assert "焦中法[2022]77号" in scheme.notes  # as the copy writes it
    assert str(scheme.date) == "2022-07-28"
    assert scheme.period_kind == "month"
    assert not scheme.scored
    assert scheme.leading_group_size == 5


def test_leading_group_rule(scheme: Scheme) -> None:
    rule = next(r for r in scheme.rules_zh if "第一方阵" in r)
    assert rule.startswith("应用推进牵头考核部门牵头项目没有进入全省法院第一方阵（前五名）的")
    assert rule.endswith("由部门负责人向信息化应用推广领导小组说明情况。")
    assert any("阶段性考核标准" in r for r in scheme.rules_zh)


# item, code, name, threshold value (None: no number), comparator, status, unit
ITEMS = [
    (1, "online_filing_rate", "网上立案率", 0.99, TargetStatus.SET, Unit.PERCENTAGE),
    (2, "online_payment_rate", "网上交费率", 0.90, TargetStatus.SET, Unit.PERCENTAGE),
    (3, "online_hearing_rate", "网上开庭率", 0.35, TargetStatus.SET, Unit.PERCENTAGE),
    (4, "e_service_rate", "电子送达率", 0.90, TargetStatus.SET, Unit.PERCENTAGE),
    (5, "file_review_timely_rate", "网上阅卷及时通过率", 0.98, TargetStatus.SET, Unit.PERCENTAGE),
    (
        6,
        "archive_review_timely_rate",
        "网上阅档及时通过率",
        0.90,
        TargetStatus.SET,
        Unit.PERCENTAGE,
    ),
    (7, "online_mediation_success_rate", "网上调解成功率", 0.50, TargetStatus.SET, Unit.PERCENTAGE),
    (8, "lawyer_platform_rate", "律师服务平台应用率", 0.70, TargetStatus.SET, Unit.PERCENTAGE),
    (9, "online_preservation_rate", "网上保全率", 0.80, TargetStatus.SET, Unit.PERCENTAGE),
    (10, "online_petition", "网上信访", None, TargetStatus.TO_BE_SET, Unit.PERCENTAGE),
    (11, "hearing_livestream", "庭审直播", None, TargetStatus.FOLLOWS_PARENT, Unit.PERCENTAGE),
    (12, "oa_activity", "OA活跃度", 1.0, TargetStatus.SET, Unit.PERCENTAGE),
    (13, "mobile_activity", "移动办公办案活跃度", 1.0, TargetStatus.SET, Unit.PERCENTAGE),
    (
        14,
        "cross_agency_platform_rate",
        "跨部门大数据办案平台使用率",
        0.70,
        TargetStatus.SET,
        Unit.PERCENTAGE,
    ),
    (15, "e_file_quality_rate", "电子卷宗合格率", 0.85, TargetStatus.SET, Unit.PERCENTAGE),
]

# companion, the item it belongs to, name, threshold, unit
COMPANIONS = [
    ("online_filing_timely_rate", 1, "网上立案及时通过率", 0.80, Unit.PERCENTAGE),
    ("e_service_coverage", 4, "电子送达覆盖度", 0.90, Unit.PERCENTAGE),
    ("file_reviews_per_case", 5, "案均网上阅卷数", 0.2, Unit.PER_CASE),
    ("archive_reviews_per_case", 6, "案均网上阅档数", 0.02, Unit.PER_CASE),
]


def test_fifteen_items_in_order(scheme: Scheme) -> None:
    assert [(i.number, i.code, i.name_zh) for i in scheme.numbered] == [
        (n, code, name) for n, code, name, *_ in ITEMS
    ]
    assert len(scheme.indicators) == 15 + len(COMPANIONS)
    assert all(i.source is not None and i.source.document == DOC for i in scheme.indicators)


@pytest.mark.parametrize(("number", "code", "name", "value", "status", "unit"), ITEMS)
def test_item_thresholds(
    scheme: Scheme,
    number: int,
    code: str,
    name: str,
    value: float | None,
    status: TargetStatus,
    unit: Unit,
) -> None:
    ind = scheme.indicator(code)
    assert ind.unit is unit
    assert ind.source is not None and ind.source.number == number
    [target] = ind.targets
    assert target.value == value
    assert target.status is status
    assert target.comparator is Comparator.AT_LEAST
    assert not target.in_principle
    assert target.scope.whole_court  # binds every court: the intermediate and each basic court


@pytest.mark.parametrize(("code", "item", "name", "value", "unit"), COMPANIONS)
def test_companion_thresholds(
    scheme: Scheme, code: str, item: int, name: str, value: float, unit: Unit
) -> None:
    ind = scheme.indicator(code)
    assert ind.companion and ind.number is None
    assert ind.name_zh == name
    assert ind.unit is unit
    assert ind.source is not None and ind.source.number == item
    [target] = ind.targets
    assert (target.value, target.comparator, target.status) == (
        value,
        Comparator.AT_LEAST,
        TargetStatus.SET,
    )
    parent = next(i for i in scheme.numbered if i.number == item)
    assert ind.responsibility == parent.responsibility
    assert ind.targets[0].scope == parent.targets[0].scope


def test_targets_without_a_number(scheme: Scheme) -> None:
    [petition] = scheme.indicator("online_petition").targets
    assert petition.status is TargetStatus.TO_BE_SET
    assert petition.set_by == "信访局"
    assert petition.text_zh == "由信访局根据工作实际阶段性确定"
    assert petition.met(0.5) is None
    [live] = scheme.indicator("hearing_livestream").targets
    assert live.status is TargetStatus.FOLLOWS_PARENT
    assert live.value is None
    assert live.text_zh == "与省法院要求保持一致"


def test_threshold_texts(scheme: Scheme) -> None:
    texts = {i.code: i.targets[0].text_zh for i in scheme.indicators}
    assert texts["online_filing_rate"] == "网上立案率达到99%以上"
    assert texts["online_filing_timely_rate"] == "网上立案及时通过率达到80%以上"
    assert texts["file_reviews_per_case"] == "案均网上阅卷数达到0.2以上"
    assert texts["oa_activity"] == "OA活跃度达到100%"


# Each item's assignment exactly as the document writes it.
ASSIGNMENTS = {
    1: "牵头考核部门：立案庭 责任部门：立案庭、各基层法院",
    2: "牵头考核部门：立案庭 责任部门：立案庭、各基层法院",
    3: "牵头考核部门：审管办 责任部门：民一庭、民二庭、民三庭、环资庭、审监一庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办；各基层法院",
    4: "牵头考核部门：立案庭 责任部门：立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办、执行一庭、执行二庭、执行局综合处；各基层法院",
    5: "牵头考核部门：立案庭、审管办（配合） 责任部门：立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭；各基层法院",
    6: "牵头考核部门：办公室、立案庭（配合） 责任部门：办公室、各基层法院",
    7: "牵头考核部门：立案庭 责任部门：立案庭、各基层法院",
    8: "牵头考核部门：立案庭（立案阶段）、审管办（审判阶段） 责任部门：立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭；各基层法院",
    9: "牵头考核部门：立案庭 责任部门：立案庭、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、家事庭、少审庭、行政庭、赔偿办；各基层法院",
    10: "牵头考核部门：信访局 责任部门：信访局、各基层法院",
    11: "牵头考核部门：审管办 责任部门：民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭；各基层法院",
    12: "牵头考核部门：技术处 责任部门：中院各部门、各基层法院",
    13: "牵头考核部门：技术处 责任部门：中院各部门、各基层法院",
    14: "牵头考核部门：立案庭、刑一庭（配合） 责任部门：立案庭、刑一庭、刑二庭、刑三庭；各基层法院",
    15: "牵头考核部门：审管办 责任部门:立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监一庭、审监二庭、破产庭、劳保庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭、执行局各庭室；各基层法院",
}


def test_every_item_has_its_assignment_as_written(scheme: Scheme) -> None:
    assert sorted(ASSIGNMENTS) == [i.number for i in scheme.numbered] == list(range(1, 16))


@pytest.mark.parametrize(("number", "text"), ASSIGNMENTS.items())
def test_responsibility_as_written(scheme: Scheme, number: int, text: str) -> None:
    ind = next(i for i in scheme.numbered if i.number == number)
    assert ind.responsibility == Responsibility.parse_zh(text)


def test_lawyer_platform_leads_by_stage(scheme: Scheme) -> None:
    # 牵头考核部门：立案庭（立案阶段）、审管办（审判阶段）
    resp = scheme.indicator("lawyer_platform_rate").responsibility
    assert resp is not None
    assert resp.lead_departments == ("立案庭", "审管办")
    assert resp.stages == {"立案庭": "立案阶段", "审管办": "审判阶段"}
    assert resp.supporting_departments == ()
    assert [resolve_department_kind(d) for d in resp.lead_departments] == [
        (DepartmentKind.FILING, None),
        (DepartmentKind.TRIAL_MANAGEMENT, None),
    ]
    assert [resp.label(d) for d in resp.lead_departments] == [
        "立案庭（立案阶段）",
        "审管办（审判阶段）",
    ]
    # 责任部门 as written, the same list as item (5)
    assert resp.responsible_departments == next(
        i.responsibility.responsible_departments  # type: ignore[union-attr]
        for i in scheme.numbered
        if i.number == 5
    )
    assert resp.includes_all_basic_courts


def test_only_item_8_splits_its_lead_by_stage(scheme: Scheme) -> None:
    staged = {
        i.code: dict(i.responsibility.stages)
        for i in scheme.indicators
        if i.responsibility and i.responsibility.stages
    }
    assert staged == {"lawyer_platform_rate": {"立案庭": "立案阶段", "审管办": "审判阶段"}}


def test_supporting_departments(scheme: Scheme) -> None:
    support = {
        i.code: i.responsibility.supporting_departments
        for i in scheme.numbered
        if i.responsibility and i.responsibility.supporting_departments
    }
    assert support == {
        "file_review_timely_rate": ("审管办",),
        "archive_review_timely_rate": ("立案庭",),
        "cross_agency_platform_rate": ("刑一庭",),
    }
    assert all(
        i.responsibility and i.responsibility.includes_all_basic_courts for i in scheme.indicators
    )
    assert scheme.indicator("oa_activity").responsibility.includes_all_intermediate_departments  # type: ignore[union-attr]


def test_target_scopes_are_the_responsible_departments(scheme: Scheme) -> None:
    for ind in scheme.indicators:
        resp = ind.responsibility
        assert resp is not None
        scope = ind.targets[0].scope
        named = tuple(d for d in resp.named_responsible_departments if d != "执行局各庭室")
        assert scope.departments == named, ind.code
        assert scope.all_departments == resp.includes_all_intermediate_departments


# code, department, kind, case-handling, expected threshold (None: no target binds)
PICKS = [
    ("online_filing_rate", None, None, False, 0.99),
    ("online_filing_rate", "立案庭", K.FILING, True, 0.99),
    ("online_filing_rate", "民一庭", K.CIVIL, True, None),
    ("online_hearing_rate", "民一庭", K.CIVIL, True, 0.35),
    ("online_hearing_rate", "审监一庭", K.TRIAL_SUPERVISION, True, 0.35),
    ("online_hearing_rate", "立案庭", K.FILING, True, None),
    ("online_hearing_rate", "刑一庭", K.CRIMINAL, True, None),
    ("e_service_rate", "执行一庭", K.ENFORCEMENT, True, 0.90),
    ("e_service_rate", "执行局综合处", K.ENFORCEMENT_GENERAL, False, 0.90),
    ("e_service_rate", "刑一庭", K.CRIMINAL, True, None),
    ("file_reviews_per_case", "刑三庭", K.CRIMINAL, True, 0.2),
    ("archive_review_timely_rate", "办公室", K.GENERAL_OFFICE, False, 0.90),
    ("archive_review_timely_rate", "立案庭", K.FILING, True, None),
    ("oa_activity", "宣教处", K.PUBLICITY, False, 1.0),
    ("oa_activity", "民一庭", K.CIVIL, True, 1.0),
    ("mobile_activity", None, None, False, 1.0),
    ("cross_agency_platform_rate", "刑二庭", K.CRIMINAL, True, 0.70),
    ("cross_agency_platform_rate", "民一庭", K.CIVIL, True, None),
    ("e_file_quality_rate", "执行二庭", K.ENFORCEMENT, True, 0.85),
    ("e_file_quality_rate", "执行局综合处", K.ENFORCEMENT_GENERAL, False, 0.85),
    ("e_file_quality_rate", "家事庭", K.FAMILY, True, None),
]


@pytest.mark.parametrize(("code", "department", "kind", "case_handling", "expected"), PICKS)
def test_pick_target(
    scheme: Scheme,
    code: str,
    department: str | None,
    kind: DepartmentKind | None,
    case_handling: bool,
    expected: float | None,
) -> None:
    target = pick_target(scheme.indicator(code).targets, department, kind, case_handling)
    if expected is None:
        assert target is None
    else:
        assert target is not None and target.value == expected


def test_petitions_target_binds_without_a_number(scheme: Scheme) -> None:
    target = pick_target(scheme.indicator("online_petition").targets, "信访局", K.PETITIONS, False)
    assert target is not None and target.status is TargetStatus.TO_BE_SET


def test_formulas_are_plain_ratios_over_declared_inputs(scheme: Scheme) -> None:
    inputs = {i.id for i in scheme.inputs}
    for ind in scheme.indicators:
        assert isinstance(ind.formula, Ratio), ind.code
        assert set(ind.formula.references()) <= inputs, ind.code
    per_case = [i.code for i in scheme.indicators if isinstance(i.formula, PerCaseAverage)]
    assert per_case == ["file_reviews_per_case", "archive_reviews_per_case"]
    assert "口径" in scheme.notes


def test_per_case_average_and_its_threshold(scheme: Scheme) -> None:
    ind = scheme.indicator("file_reviews_per_case")
    out = ind.formula.compute(
        Env.from_columns({"online_file_reviews": [30, 15], "cases": [100, 100]})
    )
    assert out.value.tolist() == pytest.approx([0.3, 0.15])
    target = ind.targets[0]
    assert [target.met(float(v)) for v in out.value] == [True, False]
    assert target.gap(0.15) == pytest.approx(0.05)


def test_online_filing_rate_against_its_threshold(scheme: Scheme) -> None:
    ind = scheme.indicator("online_filing_rate")
    out = ind.formula.compute(
        Env.from_columns({"online_filings": [995, 980], "filings": [1000, 1000]})
    )
    assert out.value.tolist() == pytest.approx([0.995, 0.98])
    assert [ind.targets[0].met(float(v)) for v in out.value] == [True, False]
