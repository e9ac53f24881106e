"""People and responsibility assignments, checked against the source documents as written."""

from __future__ import annotations

import pytest

from courtinfo._errors import InputError, OrgError, UnknownNameError
from courtinfo.org import (
    ALL_BASIC_COURTS,
    ALL_ENFORCEMENT_DIVISIONS,
    ALL_INTERMEDIATE_DEPARTMENTS,
    SCOPE_MARKERS,
    DepartmentKind,
    Person,
    Responsibility,
    resolve_department_kind,
)

R = Responsibility
HAN, LI = "韩广峰", "李莹"

# Changqing (济长法发〔2020〕34号) annex 1, by item number, exactly as written.
CHANGQING: dict[int, Responsibility] = {
    1: R(leaders=[HAN], responsible_departments=["审管办"], owners=[LI]),
    2: R(leaders=[HAN], responsible_departments=["审管办"], owners=[LI]),
    3: R(
        leaders=[HAN, "刘长义"],
        responsible_departments=["审管办", "综合办公室"],
        owners=[LI, "商安岭"],
    ),
    5: R(
        leaders=[HAN, "刘长义"],
        responsible_departments=["审管办", "综合办公室"],
        owners=[LI, "商安岭"],
    ),
    12: R(
        leaders=[HAN, "孟敏"],
        responsible_departments=["审管办", "立案庭"],
        owners=[LI, "杜杰"],
    ),
    15: R(leaders=["孟敏"], responsible_departments=["立案庭"], owners=["杜杰"]),
    18: R(
        leaders=["刘长义", "孟敏"],
        responsible_departments=["综合办公室", "立案庭"],
        owners=["商安岭", "杜杰"],
    ),
    24: R(leaders=[HAN], responsible_departments=["执行局"], owners=["刘锋"]),
    29: R(leaders=["刘长义"], responsible_departments=["综合办公室"], owners=["商安岭"]),
    30: R(leaders=["魏来芝"], responsible_departments=["政治部"], owners=["张鑫"]),
    40: R(leaders=["刘长义"], responsible_departments=["综合办公室"], owners=["商安岭"]),
}

# The same items, verbatim from the notice (one-line and three-line layouts both occur).
CHANGQING_TEXT: dict[int, str] = {
    1: "责任领导：韩广峰 责任部门：审管办 责任人：李莹",
    2: "责任领导：韩广峰 责任部门：审管办 责任人：李莹",
    3: "责任领导：韩广峰 刘长义\n\n责任部门：审管办 综合办公室\n\n责任人：李莹 商安岭",
    5: "责任领导：韩广峰 刘长义\n\n责任部门：审管办 综合办公室\n\n责任人：李莹 商安岭",
    12: "责任领导：韩广峰 孟敏\n\n责任部门：审管办 立案庭\n\n责任人：李莹 杜杰",
    15: "责任领导：孟敏 责任部门：立案庭 责任人：杜杰",
    18: "责任领导：刘长义 孟敏\n\n责任部门：综合办公室 立案庭\n\n责任人：商安岭 杜杰",
    24: "责任领导：韩广峰 责任部门：执行局 责任人：刘锋",
    29: "责任领导：刘长义 责任部门：综合办公室 责任人：商安岭",
    30: "责任领导：魏来芝 责任部门：政治部 责任人：张鑫",
    40: "责任领导：刘长义 责任部门：综合办公室 责任人：商安岭",
}

JIAOZUO_5 = R(
    lead_departments=["立案庭"],
    supporting_departments=["审管办"],
    responsible_departments=[
        "立案庭",
        "信访局",
        "民一庭",
        "民二庭",
        "民三庭",
        "环资庭",
        "审监二庭",
        "破产庭",
        "劳保庭",
        "家事庭",
        "少审庭",
        "行政庭",
        "赔偿办",
        "刑一庭",
        "刑二庭",
        "刑三庭",
        ALL_BASIC_COURTS,
    ],
)
JIAOZUO_5_TEXT = (
    "牵头考核部门：立案庭、审管办（配合）\n\n"
    "责任部门：立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、"
    "家事庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭；各基层法院"
)


def test_changqing_item_3_as_written() -> None:
    item = CHANGQING[3]
    assert item.leaders == ("韩广峰", "刘长义")
    assert item.responsible_departments == ("审管办", "综合办公室")
    assert item.owners == ("李莹", "商安岭")
    assert item.lead_departments == ()
    assert not item.includes_all_basic_courts


def test_changqing_item_30_is_the_political_department() -> None:
    assert CHANGQING[30].departments == ("政治部",)
    assert resolve_department_kind("政治部") == (DepartmentKind.PERSONNEL, None)


@pytest.mark.parametrize("item", sorted(CHANGQING_TEXT))
def test_parse_changqing_items(item: int) -> None:
    assert Responsibility.parse_zh(CHANGQING_TEXT[item]) == CHANGQING[item]


@pytest.mark.parametrize("item", sorted(CHANGQING))
def test_every_changqing_department_resolves(item: int) -> None:
    for name in CHANGQING[item].departments:
        resolve_department_kind(name)


def test_jiaozuo_item_5_online_file_reading() -> None:
    item = JIAOZUO_5
    assert item.lead_departments == ("立案庭",)
    assert item.supporting_departments == ("审管办",)
    assert item.includes_all_basic_courts
    assert not item.includes_all_intermediate_departments
    assert item.scopes == (ALL_BASIC_COURTS,)
    assert len(item.named_responsible_departments) == 16
    assert item.departments[:3] == ("立案庭", "审管办", "信访局")
    assert Responsibility.parse_zh(JIAOZUO_5_TEXT) == item
    kinds = {resolve_department_kind(d)[0] for d in item.departments}
    assert DepartmentKind.COMPENSATION in kinds
    assert DepartmentKind.TRIAL_MANAGEMENT in kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "牵头考核部门：技术处\n\n责任部门：中院各部门、各基层法院",
            R(
                lead_departments=["技术处"],
                responsible_departments=[ALL_INTERMEDIATE_DEPARTMENTS, ALL_BASIC_COURTS],
            ),
            id="jiaozuo 12",
        ),
        pytest.param(
            "牵头考核部门：立案庭（立案阶段）、审管办（审判阶段）\n\n责任部门：立案庭、信访局；各基层法院",
            R(
                lead_departments=["立案庭（立案阶段）", "审管办（审判阶段）"],
                responsible_departments=["立案庭", "信访局", ALL_BASIC_COURTS],
            ),
            id="jiaozuo 8, stage annotations kept as written",
        ),
        pytest.param(
            "牵头考核部门：审管办\n\n责任部门:立案庭、刑三庭、执行局各庭室；各基层法院",
            R(
                lead_departments=["审管办"],
                responsible_departments=[
                    "立案庭",
                    "刑三庭",
                    ALL_ENFORCEMENT_DIVISIONS,
                    ALL_BASIC_COURTS,
                ],
            ),
            id="jiaozuo 15, half-width colon",
        ),
        pytest.param(
            "牵头考核部门：办公室、立案庭（配合）\n\n责任部门：办公室、各基层法院",
            R(
                lead_departments=["办公室"],
                supporting_departments=["立案庭"],
                responsible_departments=["办公室", ALL_BASIC_COURTS],
            ),
            id="jiaozuo 6",
        ),
        pytest.param(
            "（**责任领导：王清海，牵头部门：执行团队**）",
            R(leaders=["王清海"], lead_departments=["执行团队"]),
            id="heihe 1",
        ),
        pytest.param(
            "（**牵头领导：王忠东，牵头部门：司法科**）",
            R(leaders=["王忠东"], lead_departments=["司法科"]),
            id="heihe 4",
        ),
        pytest.param(
            "（责任领导：王忠东，牵头部门：审管办、信息中心）",
            R(leaders=["王忠东"], lead_departments=["审管办", "信息中心"]),
            id="heihe 11",
        ),
    ],
)
def test_parse_other_documents(text: str, expected: Responsibility) -> None:
    assert Responsibility.parse_zh(text) == expected


def test_scope_markers_are_not_departments() -> None:
    for marker in SCOPE_MARKERS:
        with pytest.raises(UnknownNameError):
            resolve_department_kind(marker)


def test_parse_refuses_text_without_labels() -> None:
    with pytest.raises(InputError, match="no responsibility label"):
        Responsibility.parse_zh("韩广峰 审管办 李莹")


def test_a_lone_string_is_one_name() -> None:
    assert R(leaders="韩广峰").leaders == ("韩广峰",)


def test_names_are_stripped_and_must_not_be_empty() -> None:
    assert R(owners=[" 李莹 "]).owners == ("李莹",)
    with pytest.raises(OrgError, match=r"Responsibility\.owners has an empty name"):
        R(owners=["李莹", " "])


def test_a_department_cannot_lead_and_support() -> None:
    with pytest.raises(OrgError, match="departments both lead and supporting: 审管办"):
        R(lead_departments=["审管办", "立案庭"], supporting_departments=["审管办"])


def test_departments_lists_each_once_in_order() -> None:
    item = R(
        lead_departments=["立案庭"],
        supporting_departments=["审管办"],
        responsible_departments=["审管办", ALL_BASIC_COURTS, "立案庭", "信访局"],
    )
    assert item.departments == ("立案庭", "审管办", "信访局")


@pytest.mark.parametrize(
    ("person", "role", "department"),
    [
        (Person("王波", "院长"), "院长", None),
        (Person("闫海龙", "审管办主任", "审管办"), "审管办主任", "审管办"),
        (Person("李莹"), None, None),
    ],
)
def test_person(person: Person, role: str | None, department: str | None) -> None:
    assert person.role == role
    assert person.department == department


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"name": ""}, "Person.name must not be empty"),
        ({"name": "王波", "role": ""}, "Person.role must be None or non-empty"),
        ({"name": "王波", "department": " "}, "Person.department must be None or non-empty"),
    ],
)
def test_person_refuses_empty_fields(kwargs: dict[str, str], text: str) -> None:
    with pytest.raises(OrgError, match=text):
        Person(**kwargs)
