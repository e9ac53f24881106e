"""Department kinds, the Chinese names courts use for them, and Department objects."""

from __future__ import annotations

import pytest

from courtinfo.base import OrgError, Problem, UnknownNameError
from courtinfo.org import (
    CASE_HANDLING_KINDS,
    DEPARTMENT_ALIASES,
    Court,
    CourtLevel,
    CourtTree,
    Department,
    DepartmentKind,
    DepartmentsError,
    check_departments,
    department_name_zh,
    resolve_department_kind,
)

K = DepartmentKind

# Every department name in the source documents (and the formal forms), with kind and number.
ALIASES: list[tuple[str, DepartmentKind, int | None]] = [
    # numbered divisions (Jiaozuo)
    ("民一庭", K.CIVIL, 1),
    ("民二庭", K.CIVIL, 2),
    ("民三庭", K.CIVIL, 3),
    ("刑一庭", K.CRIMINAL, 1),
    ("刑二庭", K.CRIMINAL, 2),
    ("刑三庭", K.CRIMINAL, 3),
    ("审监一庭", K.TRIAL_SUPERVISION, 1),
    ("审监二庭", K.TRIAL_SUPERVISION, 2),
    ("执行一庭", K.ENFORCEMENT, 1),
    ("执行二庭", K.ENFORCEMENT, 2),
    # formal and other numbered forms
    ("民事审判第一庭", K.CIVIL, 1),
    ("刑事审判第三庭", K.CRIMINAL, 3),
    ("审判监督第二庭", K.TRIAL_SUPERVISION, 2),
    ("民事一庭", K.CIVIL, 1),
    ("商事二庭", K.COMMERCIAL, 2),
    ("行政一庭", K.ADMINISTRATIVE, 1),
    ("民四庭", K.CIVIL, 4),
    ("民五庭", K.CIVIL, 5),
    ("民六庭", K.CIVIL, 6),
    ("民七庭", K.CIVIL, 7),
    ("民八庭", K.CIVIL, 8),
    ("民九庭", K.CIVIL, 9),
    ("民十庭", K.CIVIL, 10),
    ("民十一庭", K.CIVIL, 11),
    ("民二十庭", K.CIVIL, 20),
    ("民二十三庭", K.CIVIL, 23),
    ("执行2庭", K.ENFORCEMENT, 2),
    # unnumbered divisions
    ("民事庭", K.CIVIL, None),
    ("刑事庭", K.CRIMINAL, None),
    ("商事庭", K.COMMERCIAL, None),
    ("行政庭", K.ADMINISTRATIVE, None),
    ("环资庭", K.ENVIRONMENT, None),
    ("破产庭", K.BANKRUPTCY, None),
    ("劳保庭", K.LABOUR, None),
    ("家事庭", K.FAMILY, None),
    ("少审庭", K.JUVENILE, None),
    ("赔偿办", K.COMPENSATION, None),
    ("审监庭", K.TRIAL_SUPERVISION, None),
    ("审判监督庭", K.TRIAL_SUPERVISION, None),
    ("立案庭", K.FILING, None),
    ("立案团队", K.FILING, None),
    ("执行局", K.ENFORCEMENT, None),
    ("执行团队", K.ENFORCEMENT, None),
    ("执行局综合处", K.ENFORCEMENT_GENERAL, None),
    ("执裁庭", K.ENFORCEMENT_ADJUDICATION, None),
    ("执行裁判庭", K.ENFORCEMENT_ADJUDICATION, None),
    ("人民法庭", K.TRIBUNAL, None),
    ("派出法庭", K.TRIBUNAL, None),
    ("马山人民法庭", K.TRIBUNAL, None),
    ("城关派出法庭", K.TRIBUNAL, None),
    # offices
    ("审管办", K.TRIAL_MANAGEMENT, None),
    ("审判管理办公室", K.TRIAL_MANAGEMENT, None),
    ("办公室", K.GENERAL_OFFICE, None),
    ("综合办公室", K.GENERAL_OFFICE, None),
    ("政治部", K.PERSONNEL, None),
    ("人事处", K.PERSONNEL, None),
    ("干部科", K.PERSONNEL, None),
    ("技术处", K.TECHNOLOGY, None),
    ("司法科", K.TECHNOLOGY, None),
    ("信息中心", K.INFORMATION_CENTRE, None),
    ("行装科", K.EQUIPMENT, None),
    ("司法装备科", K.EQUIPMENT, None),
    ("信访局", K.PETITIONS, None),
    ("宣教处", K.PUBLICITY, None),
    ("研究室", K.RESEARCH, None),
    ("纪检监察室", K.DISCIPLINE, None),
    (" 审管办 ", K.TRIAL_MANAGEMENT, None),
]


@pytest.mark.parametrize(("name", "kind", "number"), ALIASES)
def test_resolve_department_kind(name: str, kind: DepartmentKind, number: int | None) -> None:
    assert resolve_department_kind(name) == (kind, number)


@pytest.mark.parametrize("kind", list(DepartmentKind))
def test_every_label_resolves_to_its_kind(kind: DepartmentKind) -> None:
    assert resolve_department_kind(kind.label_zh) == (kind, None)
    assert resolve_department_kind(kind.short_zh) == (kind, None)
    assert DEPARTMENT_ALIASES[kind.label_zh] is kind


@pytest.mark.parametrize(
    "name",
    [
        "民零庭",  # no division zero
        "民0庭",
        "民一百庭",
        "民十十庭",
        "科技法庭",  # a courtroom, not a department
        "法庭",
        "各基层法院",  # a scope, not a department
        "审管办（配合）",  # annotations are the caller's to strip
        "",
    ],
)
def test_unknown_names_are_refused(name: str) -> None:
    with pytest.raises(UnknownNameError, match="unknown department"):
        resolve_department_kind(name)


def test_unknown_name_suggests_close_aliases() -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_department_kind("审管处")
    assert info.value.kind == "department"
    assert "审管办" in info.value.suggestions


@pytest.mark.parametrize(
    ("kind", "label", "short"),
    [
        (K.FILING, "立案庭", "立案庭"),
        (K.TRIAL_MANAGEMENT, "审判管理办公室", "审管办"),
        (K.TRIAL_SUPERVISION, "审判监督庭", "审监庭"),
        (K.ENFORCEMENT_ADJUDICATION, "执行裁判庭", "执裁庭"),
        (K.ENVIRONMENT, "环境资源审判庭", "环资庭"),
        (K.PUBLICITY, "宣传教育处", "宣教处"),
    ],
)
def test_labels(kind: DepartmentKind, label: str, short: str) -> None:
    assert kind.label_zh == label
    assert kind.short_zh == short


def test_case_handling_kinds() -> None:
    assert {k.value for k in CASE_HANDLING_KINDS} == {
        "filing",
        "criminal",
        "civil",
        "commercial",
        "administrative",
        "environment",
        "bankruptcy",
        "labour",
        "family",
        "juvenile",
        "enforcement",
        "enforcement_adjudication",
        "trial_supervision",
        "tribunal",
        "compensation",
    }
    offices = {k for k in DepartmentKind if not k.case_handling}
    assert offices == {
        K.TRIAL_MANAGEMENT,
        K.ENFORCEMENT_GENERAL,
        K.PETITIONS,
        K.GENERAL_OFFICE,
        K.PERSONNEL,
        K.TECHNOLOGY,
        K.INFORMATION_CENTRE,
        K.EQUIPMENT,
        K.PUBLICITY,
        K.RESEARCH,
        K.DISCIPLINE,
    }


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("民一庭", None, Department("jz", "civil-1", K.CIVIL, "民一庭", 1)),
        ("刑三庭", None, Department("jz", "criminal-3", K.CRIMINAL, "刑三庭", 3)),
        (
            "审监二庭",
            None,
            Department("jz", "trial_supervision-2", K.TRIAL_SUPERVISION, "审监二庭", 2),
        ),
        ("审管办", None, Department("jz", "trial_management", K.TRIAL_MANAGEMENT, "审管办")),
        (
            "执行局综合处",
            None,
            Department("jz", "enforcement_general", K.ENFORCEMENT_GENERAL, "执行局综合处"),
        ),
        ("马山人民法庭", None, Department("jz", "tribunal-马山", K.TRIBUNAL, "马山人民法庭")),
        ("人民法庭", None, Department("jz", "tribunal", K.TRIBUNAL, "人民法庭")),
        (" 立案庭 ", "li-an", Department("jz", "li-an", K.FILING, "立案庭")),
    ],
)
def test_from_name(name: str, code: str | None, expected: Department) -> None:
    assert Department.from_name("jz", name, code) == expected


@pytest.mark.parametrize(
    ("name", "override", "case_handling"),
    [
        ("民一庭", None, True),
        ("执裁庭", None, True),
        ("派出法庭", None, True),
        ("审管办", None, False),
        ("执行局综合处", None, False),
        ("行装科", None, False),
        ("立案庭", False, False),
        ("审管办", True, True),
    ],
)
def test_case_handling_with_override(name: str, override: bool | None, case_handling: bool) -> None:
    department = Department.from_name("cq", name, case_handling=override)
    assert department.case_handling is case_handling


def test_from_name_refuses_unknown_names() -> None:
    with pytest.raises(UnknownNameError, match="unknown department '民一厅'"):
        Department.from_name("jz", "民一厅")


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"court": "", "code": "civil-1", "name": "民一庭"}, "Department.court must not be empty"),
        ({"court": "jz", "code": " ", "name": "民一庭"}, "Department.code must not be empty"),
        ({"court": "jz", "code": "civil-1", "name": ""}, "Department.name must not be empty"),
        (
            {"court": "jz", "code": "civil-0", "name": "民一庭", "number": 0},
            "Department.number must be None or at least 1, got 0",
        ),
        (
            {"court": None, "code": "civil-1", "name": "民一庭"},
            "Department.court must be a non-empty str; got None of type NoneType",
        ),
        (
            {"court": "jz", "code": 1, "name": "民一庭"},
            "Department.code must be a non-empty str; got 1 of type int",
        ),
        (
            {"court": "jz", "code": "civil-1", "name": "民一庭", "number": "1"},
            "Department.number must be None or an int of at least 1; got '1' of type str",
        ),
    ],
)
def test_department_refuses_bad_fields(kwargs: dict[str, object], text: str) -> None:
    with pytest.raises(OrgError) as info:
        Department(kind=K.CIVIL, **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == text


def test_department_reads_a_kind_from_its_value_and_refuses_others() -> None:
    # Like a court's level: the value is enough; anything else is an OrgError, never a TypeError.
    assert Department("jz", "civil-1", "civil", "民一庭").kind is K.CIVIL  # type: ignore[arg-type]
    kinds = ", ".join(k.value for k in DepartmentKind)
    with pytest.raises(OrgError) as info:
        Department("jz", "d", "civl", "X")  # type: ignore[arg-type]
    assert str(info.value) == f"department kind 'civl' is not one of {kinds}; did you mean 'civil'?"
    with pytest.raises(OrgError) as info:
        Department("jz", "d", None, "X")  # type: ignore[arg-type]
    assert str(info.value) == f"department kind None is not one of {kinds}"


def test_resolve_department_kind_refuses_a_name_that_is_not_text() -> None:
    with pytest.raises(OrgError) as info:
        resolve_department_kind(None)  # type: ignore[arg-type]
    assert str(info.value) == (
        "resolve_department_kind: name must be a department name (str); got None of type NoneType"
    )


def test_check_departments() -> None:
    tree = CourtTree([Court("jz", "焦作市中级人民法院", CourtLevel.INTERMEDIATE)])
    good = [Department.from_name("jz", "民一庭"), Department.from_name("jz", "民二庭")]
    check_departments(good, tree)  # no error
    bad = [
        *good,
        Department("jz", "civil-1", K.CIVIL, "民事一庭", 1),
        Department.from_name("xx", "审管办"),
    ]
    with pytest.raises(OrgError) as info:
        check_departments(bad, tree)
    assert isinstance(info.value, DepartmentsError)
    assert info.value.problems == (
        Problem("department 'civil-1' of court 'jz'", "code used twice (民一庭, 民事一庭)"),
        Problem("department 'trial_management'", "court 'xx' does not exist"),
    )
    assert str(info.value) == (
        "invalid departments, 2 problems:\n"
        "  department 'civil-1' of court 'jz': code used twice (民一庭, 民事一庭)\n"
        "  department 'trial_management': court 'xx' does not exist"
    )


def test_same_code_in_two_courts_is_fine_without_a_tree() -> None:
    check_departments([Department.from_name("a", "民一庭"), Department.from_name("b", "民一庭")])


def test_department_court_and_code_are_kept_in_one_spelling() -> None:
    dept = Department.from_name("上海知识产权法院（试点）", "民一庭", code="ｃｉｖｉｌ-1 ")
    assert (dept.court, dept.code) == ("上海知识产权法院(试点)", "civil-1")


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("filing", "立案庭"),
        ("trial_management", "审判管理办公室"),
        ("civil-1", "民一庭"),
        ("civil-12", "民十二庭"),
        ("criminal-20", "刑二十庭"),
        ("commercial-3", "商三庭"),
        ("administrative-2", "行政二庭"),
        ("trial_supervision-2", "审监二庭"),
        ("enforcement-10", "执行十庭"),
        ("filing-1", "立案一庭"),
        ("tribunal-马山", "马山人民法庭"),
        # Not a code from_name makes: as given.
        ("labour-2", "labour-2"),
        ("civil-0", "civil-0"),
        ("civil-x", "civil-x"),
        ("civil-", "civil-"),
        ("mars-9", "mars-9"),
        ("民一庭", "民一庭"),
    ],
)
def test_department_name_zh_of_a_code(code: str, name: str) -> None:
    assert department_name_zh(code) == name


@pytest.mark.parametrize("name", ["民一庭", "刑十二庭", "审监二庭", "执行一庭", "行政三庭", "立案庭", "审管办", "马山人民法庭"])
def test_department_name_zh_reads_back_to_the_same_code(name: str) -> None:
    dept = Department.from_name("c1", name)
    back = Department.from_name("c1", department_name_zh(dept.code))
    assert (back.code, back.kind, back.number) == (dept.code, dept.kind, dept.number)


def test_department_name_zh_prefers_the_listed_name_of_the_court() -> None:
    listed = [
        Department(court="c1", code="civil-1", kind="civil", name="民事审判第一庭", number=1),
        Department(court="c2", code="filing", kind="filing", name="诉讼服务中心"),
    ]
    assert department_name_zh("civil-1", listed) == "民事审判第一庭"
    assert department_name_zh("civil-1", listed, court="c1") == "民事审判第一庭"
    assert department_name_zh("civil-1", listed, court="c2") == "民一庭"
    assert department_name_zh("filing", listed, court="c1") == "立案庭"
    assert department_name_zh("filing", listed, court="c2") == "诉讼服务中心"
    # Labels are read in their one spelling (NFKC, ends stripped), as the readers keep them.
    assert department_name_zh(" civil-1 ", listed, court="c1") == "民事审判第一庭"
