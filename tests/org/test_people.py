"""People and responsibility assignments, checked against the source documents as written."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

import pytest

from courtinfo.base._errors import InputError, OrgError, UnknownNameError
from courtinfo.convert._converter import converter
from courtinfo.indicators import load_scheme
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

SPC_2019 = Path(__file__).parents[2] / "courtinfo" / "indicators" / "data" / "spc-2019.toml"

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
                lead_departments=["立案庭", "审管办"],
                stages={"立案庭": "立案阶段", "审管办": "审判阶段"},
                responsible_departments=["立案庭", "信访局", ALL_BASIC_COURTS],
            ),
            id="jiaozuo 8, lead departments by stage",
        ),
        pytest.param(
            "牵头考核部门：立案庭(立案阶段)、审管办(审判阶段) 责任部门：立案庭",
            R(
                lead_departments=["立案庭", "审管办"],
                stages={"立案庭": "立案阶段", "审管办": "审判阶段"},
                responsible_departments=["立案庭"],
            ),
            id="jiaozuo 8, half-width brackets",
        ),
        pytest.param(
            "牵头考核部门：立案庭（立案阶段）、审管办（配合）",
            R(
                lead_departments=["立案庭"],
                supporting_departments=["审管办"],
                stages={"立案庭": "立案阶段"},
            ),
            id="a stage and a supporting department",
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


JIAOZUO_8_TEXT = (
    "牵头考核部门：立案庭（立案阶段）、审管办（审判阶段）\n\n"
    "责任部门：立案庭、信访局、民一庭、民二庭、民三庭、环资庭、审监二庭、破产庭、劳保庭、"
    "家事庭、少审庭、行政庭、赔偿办、刑一庭、刑二庭、刑三庭；各基层法院"
)


def test_jiaozuo_item_8_lead_departments_by_stage() -> None:
    item = Responsibility.parse_zh(JIAOZUO_8_TEXT)
    assert item.lead_departments == ("立案庭", "审管办")
    assert item.supporting_departments == ()
    assert item.stages == {"立案庭": "立案阶段", "审管办": "审判阶段"}
    assert len(item.responsible_departments) == 17
    assert item.scopes == (ALL_BASIC_COURTS,)
    # Plain names, so they resolve: 立案庭 to the filing division, 审管办 to trial management.
    assert resolve_department_kind("立案庭") == (DepartmentKind.FILING, None)
    assert resolve_department_kind("审管办") == (DepartmentKind.TRIAL_MANAGEMENT, None)
    for name in item.departments:
        resolve_department_kind(name)
    # Written back as the document writes them; 立案庭 leads and answers, listed once.
    assert item.label("立案庭") == "立案庭（立案阶段）"
    assert item.label("信访局") == "信访局"
    assert item.departments_zh[:4] == (
        "立案庭（立案阶段）",
        "审管办（审判阶段）",
        "信访局",
        "民一庭",
    )
    assert len(item.departments_zh) == 17


@pytest.mark.parametrize(
    ("written", "names"),
    [
        # 上海嘉定 key measures: brackets inside a name keep their separators.
        ("(各业务部门)", ("各业务部门",)),
        ("【各业务部门(除刑事庭)】", ("各业务部门(除刑事庭)",)),
        ("【各业务部门(除刑事庭、立案庭、审监庭)】", ("各业务部门(除刑事庭、立案庭、审监庭)",)),
        ("(立案庭及其他业务部门)", ("立案庭及其他业务部门",)),
        ("(院本部各业务部门)", ("院本部各业务部门",)),
        ("(各人民法庭、执行局、执裁庭)", ("各人民法庭", "执行局", "执裁庭")),
        ("(办公室、各业务部门)", ("办公室", "各业务部门")),
        ("(行装科、审监庭)", ("行装科", "审监庭")),
        (
            "各业务部门(除刑事庭、立案庭、审监庭)、办公室",
            ("各业务部门(除刑事庭、立案庭、审监庭)", "办公室"),
        ),
    ],
)
def test_parse_shanghai_measure_departments_as_written(
    written: str, names: tuple[str, ...]
) -> None:
    item = Responsibility.parse_zh(f"责任部门：{written}")
    assert item.responsible_departments == names
    assert item.stages == {}


def test_stages_round_trip_as_plain_data() -> None:
    item = Responsibility.parse_zh("牵头考核部门：立案庭（立案阶段）、审管办（审判阶段）")
    data = converter.unstructure(item)
    assert data == {
        "lead_departments": ["立案庭", "审管办"],
        "stages": {"立案庭": "立案阶段", "审管办": "审判阶段"},
    }
    assert type(data["stages"]) is dict
    assert converter.structure(json.loads(json.dumps(data)), Responsibility) == item
    # Without stages nothing changes on disk: plain names stay plain strings.
    assert converter.unstructure(R(lead_departments=["立案庭"])) == {"lead_departments": ["立案庭"]}


def test_stages_are_read_only_and_hashable() -> None:
    item = R(lead_departments=["立案庭"], stages={"立案庭": "立案阶段"})
    with pytest.raises(TypeError, match="responsibility stages are read-only"):
        item.stages["立案庭"] = "审判阶段"  # type: ignore[index]
    assert hash(item) == hash(R(lead_departments=["立案庭"], stages={"立案庭": "立案阶段"}))
    assert item != R(lead_departments=["立案庭"], stages={"立案庭": "审判阶段"})
    assert copy.deepcopy(item) == item
    assert pickle.loads(pickle.dumps(item)) == item


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"lead_departments": ["立案庭"], "stages": {"信访局": "立案阶段"}},
            "stages given for departments that do not lead: 信访局",
        ),
        (
            {"supporting_departments": ["审管办"], "stages": {"审管办": "审判阶段"}},
            "stages given for departments that do not lead: 审管办",
        ),
        (
            {"lead_departments": ["立案庭"], "stages": ["立案阶段"]},
            "Responsibility.stages must map a department to its stage, not ['立案阶段']",
        ),
        (
            {"lead_departments": ["立案庭"], "stages": {"立案庭": 3}},
            "Responsibility.stages: '立案庭' = 3 is not a name and a stage",
        ),
        (
            {"lead_departments": ["立案庭"], "stages": {"立案庭": " "}},
            "Responsibility.stages has an empty name or stage: '立案庭' = ' '",
        ),
    ],
)
def test_bad_stages_are_refused(kwargs: dict[str, object], text: str) -> None:
    with pytest.raises(OrgError) as err:
        R(**kwargs)  # type: ignore[arg-type]
    assert str(err.value) == text


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


# -- Changqing annex 1, all 40 assignments -------------------------------------------------

# 济长法发〔2020〕34号 附件1 (智慧法院建设评价指标责任分工方案), verbatim but for blank lines.
CHANGQING_ANNEX_1 = """\
### 1、审判管理类
(1) 案件电子卷宗。满分 3 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(2) 庭审录音录像率。满分 2 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(3) 电子签章率。满分 1 分。
责任领导：韩广峰 刘长义
责任部门：审管办 综合办公室
责任人：李莹 商安岭
(4) 网络案件评查。满分 1 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(5) 数字审委会。满分 1 分。
责任领导：韩广峰 刘长义
责任部门：审管办 综合办公室
责任人：李莹 商安岭
(6) 审判流程信息公开率。满分 2 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(7) 庭审直播率。满分 2 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(8) 裁判文书公开率。满分 2 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(9) 网上证据交换率。满分 1 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(10) 网上开庭率。满分 1 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(11) 电子送达率。满分 1 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(12) 多元化解率。满分 1 分。
责任领导：韩广峰 孟敏
责任部门：审管办 立案庭
责任人：李莹 杜杰
(13) 案件审判提示。满分 1 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
(14) 文书辅助。满分 2 分。
责任领导：韩广峰 责任部门：审管办 责任人：李莹
## 2、诉讼服务类
(15) 诉服大厅信息化服务覆盖度。满分 3 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(16) 网上立案率。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(17) 跨域立案。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(18) 网上缴费率。满分 1 分。
责任领导：刘长义 孟敏
责任部门：综合办公室 立案庭
责任人：商安岭 杜杰
(19) 分调裁审。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(20) 移动微法院。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(21) 12368 热线服务率。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(22) 智能诉讼引导。满分 2 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
(23) 立案风险甄别。满分 1 分。
责任领导：孟敏 责任部门：立案庭 责任人：杜杰
### 3、执行类
(24) 执行指挥中心。满分 1 分。
责任领导：韩广峰 责任部门：执行局 责任人：刘锋
(25) 执行案件流程信息管理覆盖度。满分 2 分。
责任领导：韩广峰 责任部门：执行局 责任人：刘锋
(26) 执行查控率。满分 2 分。
责任领导：韩广峰 责任部门：执行局 责任人：刘锋
(27) 执行信息公开率。满分 2 分。
责任领导：韩广峰 责任部门：执行局 责任人：刘锋
(28) 司法网络拍卖率。满分 2 分。
责任领导：韩广峰 责任部门：执行局 责任人：刘锋
#### 4、司法政务类
(29) 网上办公。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(30) 人事管理。满分 1 分。
责任领导：魏来芝 责任部门：政治部 责任人：张鑫
(31) 司法管理系统完备度。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(32) 政务网站更新率。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
#### 5、信息化综合建设类
(33) 科技法庭覆盖率。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(34) 音视频应用覆盖度。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(35) 信访信息共享。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(36) 移动办公办案。满分 2 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(37) 法条及类案推送。满分 2 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(38) 庭审语音识别转录。满分 1 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(39) 刑事审判量刑规范化辅助。满分 2 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
(40) 信息化人才达标率。满分 2 分。
责任领导：刘长义 责任部门：综合办公室 责任人：商安岭
"""
_ITEM = re.compile(r"^\((\d+)\) (.+?)。满分 (\d+) 分。$", re.MULTILINE)


def _annex_items() -> dict[int, tuple[str, int, str]]:
    """number -> (indicator name, maximum points, responsibility text as written)."""
    found = list(_ITEM.finditer(CHANGQING_ANNEX_1))
    items: dict[int, tuple[str, int, str]] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(CHANGQING_ANNEX_1)
        text = CHANGQING_ANNEX_1[m.end() : end]
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
        items[int(m[1])] = (m[2], int(m[3]), text.strip())
    return items


ANNEX_ITEMS = _annex_items()


def test_annex_1_has_all_40_items_and_58_points() -> None:
    assert sorted(ANNEX_ITEMS) == list(range(1, 41))
    points = {n: p for n, (_, p, _) in ANNEX_ITEMS.items()}
    # 审判管理类 1-14: 21; 诉讼服务类 15-23: 12; 执行类 24-28: 9; 司法政务类 29-32: 4;
    # 信息化综合建设类 33-40: 12.
    spans = [(1, 14), (15, 23), (24, 28), (29, 32), (33, 40)]
    assert [sum(points[n] for n in range(a, b + 1)) for a, b in spans] == [21, 12, 9, 4, 12]
    assert sum(points.values()) == 58
    assert ANNEX_ITEMS[40][0] == "信息化人才达标率"


@pytest.mark.parametrize("number", range(1, 41))
def test_every_annex_1_assignment_is_expressible_as_written(number: int) -> None:
    _, _, text = ANNEX_ITEMS[number]
    item = Responsibility.parse_zh(text)
    # The notice pairs them: the n-th leader oversees the n-th department, whose officer is the
    # n-th owner. One or two of each, never a lead (assessing) department.
    assert 1 <= len(item.leaders) == len(item.responsible_departments) == len(item.owners) <= 2
    assert item.lead_departments == item.supporting_departments == ()
    for name in item.departments:
        resolve_department_kind(name)
    # Names written on the page, each whole (not cut into characters).
    for name in (*item.leaders, *item.owners):
        assert name in text and 2 <= len(name) <= 3
    if number in CHANGQING:
        assert item == CHANGQING[number]


def test_annex_1_people_and_departments() -> None:
    items = {n: Responsibility.parse_zh(t) for n, (_, _, t) in ANNEX_ITEMS.items()}
    shared = sorted(n for n, r in items.items() if len(r.leaders) == 2)
    assert shared == [3, 5, 12, 18]
    assert items[18] == R(
        leaders=["刘长义", "孟敏"],
        responsible_departments=["综合办公室", "立案庭"],
        owners=["商安岭", "杜杰"],
    )
    leaders = {name for r in items.values() for name in r.leaders}
    assert leaders == {"韩广峰", "刘长义", "孟敏", "魏来芝"}
    owners = {name for r in items.values() for name in r.owners}
    assert owners == {"李莹", "商安岭", "杜杰", "刘锋", "张鑫"}
    kinds = {resolve_department_kind(d)[0] for r in items.values() for d in r.departments}
    assert kinds == {
        DepartmentKind.TRIAL_MANAGEMENT,  # 审管办
        DepartmentKind.GENERAL_OFFICE,  # 综合办公室
        DepartmentKind.FILING,  # 立案庭
        DepartmentKind.ENFORCEMENT,  # 执行局
        DepartmentKind.PERSONNEL,  # 政治部
    }
    # 执行类 24-28 all fall to 执行局's 刘锋 under 韩广峰.
    enforcement = R(leaders=[HAN], responsible_departments=["执行局"], owners=["刘锋"])
    assert [items[n] for n in range(24, 29)] == [enforcement] * 5
    # The 14 审判管理类 items are all 审管办's (two shared with 综合办公室, one with 立案庭).
    assert all("审管办" in items[n].responsible_departments for n in range(1, 15))
    assert sum(1 for r in items.values() if "综合办公室" in r.departments) == 14


def test_annex_1_agrees_with_the_shipped_scheme() -> None:
    scheme = load_scheme(SPC_2019)
    for number, (_, points, text) in ANNEX_ITEMS.items():
        (indicator,) = [i for i in scheme.indicators if i.number == number]
        assert indicator.responsibility == Responsibility.parse_zh(text), number
        assert indicator.max_points == points, number
