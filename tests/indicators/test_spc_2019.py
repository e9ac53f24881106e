"""The national smart-court evaluation 2019 (spc-2019), as Changqing's notice 济长法发〔2020〕34号
circulates it, and Changqing's own 2019 answers computed by hand."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

from courtinfo import (
    Dataset,
    MetricSnapshot,
    SnapshotBatch,
    UnknownNameError,
    ValueKind,
    evaluate,
)
from courtinfo.convert._converter import structure
from courtinfo.data._values import FloatArray
from courtinfo.formulas import Env, Outcome, Status
from courtinfo.indicators import (
    Indicator,
    Scheme,
    Source,
    load_scheme,
    scheme_from_data,
    scheme_to_data,
)
from courtinfo.org import Court, CourtLevel, Responsibility

ROOT = Path(__file__).parents[2]
SCHEME = ROOT / "courtinfo" / "indicators" / "data" / "spc-2019.toml"
CHANGQING = ROOT / "examples" / "data" / "changqing-2019.json"
DOC = "济长法发〔2020〕34号"

TM, LS, EN, JA, IT = (
    "trial_management",
    "litigation_service",
    "enforcement",
    "judicial_administration",
    "comprehensive_it",
)

# Annex 1, in order: number, name exactly as written, maximum points, category.
ANNEX_1: list[tuple[int, str, int, str]] = [
    (1, "案件电子卷宗", 3, TM),
    (2, "庭审录音录像率", 2, TM),
    (3, "电子签章率", 1, TM),
    (4, "网络案件评查", 1, TM),
    (5, "数字审委会", 1, TM),
    (6, "审判流程信息公开率", 2, TM),
    (7, "庭审直播率", 2, TM),
    (8, "裁判文书公开率", 2, TM),
    (9, "网上证据交换率", 1, TM),
    (10, "网上开庭率", 1, TM),
    (11, "电子送达率", 1, TM),
    (12, "多元化解率", 1, TM),
    (13, "案件审判提示", 1, TM),
    (14, "文书辅助", 2, TM),
    (15, "诉服大厅信息化服务覆盖度", 3, LS),
    (16, "网上立案率", 1, LS),
    (17, "跨域立案", 1, LS),
    (18, "网上缴费率", 1, LS),
    (19, "分调裁审", 1, LS),
    (20, "移动微法院", 1, LS),
    (21, "12368 热线服务率", 1, LS),
    (22, "智能诉讼引导", 2, LS),
    (23, "立案风险甄别", 1, LS),
    (24, "执行指挥中心", 1, EN),
    (25, "执行案件流程信息管理覆盖度", 2, EN),
    (26, "执行查控率", 2, EN),
    (27, "执行信息公开率", 2, EN),
    (28, "司法网络拍卖率", 2, EN),
    (29, "网上办公", 1, JA),
    (30, "人事管理", 1, JA),
    (31, "司法管理系统完备度", 1, JA),
    (32, "政务网站更新率", 1, JA),
    (33, "科技法庭覆盖率", 1, IT),
    (34, "音视频应用覆盖度", 1, IT),
    (35, "信访信息共享", 1, IT),
    (36, "移动办公办案", 2, IT),
    (37, "法条及类案推送", 2, IT),
    (38, "庭审语音识别转录", 1, IT),
    (39, "刑事审判量刑规范化辅助", 2, IT),
    (40, "信息化人才达标率", 2, IT),
]


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return load_scheme(SCHEME)


def by_number(scheme: Scheme, number: int) -> Indicator:
    (ind,) = [i for i in scheme.indicators if i.number == number]
    return ind


# -- the scheme ------------------------------------------------------------------------------


def test_header(scheme: Scheme) -> None:
    assert scheme.code == "spc-2019"
    assert scheme.title_zh == "智慧法院建设评价 (2019年度)"
    assert scheme.issuer == "最高人民法院"
    assert scheme.document == DOC
    assert str(scheme.date) == "2020-07-15"
    assert scheme.period_kind == "year"
    assert scheme.scored
    assert scheme.max_points == 58


def test_forty_indicators_in_annex_order(scheme: Scheme) -> None:
    got = [(i.number, i.name_zh, i.max_points, i.category) for i in scheme.numbered]
    assert got == ANNEX_1
    assert len({i.code for i in scheme.indicators}) == 40
    assert all(i.unit == "points" for i in scheme.indicators)
    assert [i.source for i in scheme.indicators] == [Source(DOC, n) for n in range(1, 41)]
    assert scheme.indicator("electronic_case_files").number == 1
    assert scheme.indicator("hearing_recording_rate").number == 2
    assert by_number(scheme, 21).label == "(21) 12368 热线服务率"


def test_points_add_up(scheme: Scheme) -> None:
    assert sum(i.max_points or 0 for i in scheme.indicators) == 58
    assert [(c.code, c.name_zh, c.max_points) for c in scheme.categories] == [
        (TM, "审判管理类", 21),
        (LS, "诉讼服务类", 12),
        (EN, "执行类", 9),
        (JA, "司法政务类", 4),
        (IT, "信息化综合建设类", 12),
    ]
    for cat in scheme.categories:
        points = [i.max_points or 0 for i in scheme.indicators if i.category == cat.code]
        assert sum(points) == cat.max_points


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (
            3,
            Responsibility(
                leaders=["韩广峰", "刘长义"],
                responsible_departments=["审管办", "综合办公室"],
                owners=["李莹", "商安岭"],
            ),
        ),
        (
            12,
            Responsibility(
                leaders=["韩广峰", "孟敏"],
                responsible_departments=["审管办", "立案庭"],
                owners=["李莹", "杜杰"],
            ),
        ),
        (
            18,
            Responsibility(
                leaders=["刘长义", "孟敏"],
                responsible_departments=["综合办公室", "立案庭"],
                owners=["商安岭", "杜杰"],
            ),
        ),
        (
            30,
            Responsibility(leaders=["魏来芝"], responsible_departments=["政治部"], owners=["张鑫"]),
        ),
        (
            26,
            Responsibility(leaders=["韩广峰"], responsible_departments=["执行局"], owners=["刘锋"]),
        ),
    ],
)
def test_responsibility_as_written(scheme: Scheme, number: int, expected: Responsibility) -> None:
    assert by_number(scheme, number).responsibility == expected


def test_responsibility_matches_annex_text(scheme: Scheme) -> None:
    text = "责任领导：韩广峰 刘长义\n\n责任部门：审管办 综合办公室\n\n责任人：李莹 商安岭"
    assert by_number(scheme, 5).responsibility == Responsibility.parse_zh(text)


def test_rules_quote_the_form(scheme: Scheme) -> None:
    assert "本院庭审总数_①_次，其中完成录音录像的庭审数_②_次" in by_number(scheme, 2).rule_zh
    assert "【诉服大厅信息化服务覆盖度】" in by_number(scheme, 15).rule_zh
    assert "以最高法院数据为准" in by_number(scheme, 1).rule_zh


# -- inputs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id", "question", "blank", "kind", "label_zh"),
    [
        ("q5_1", 5, 1, ValueKind.COUNT, "年度受理案件数"),
        ("q5_3", 5, 3, ValueKind.COUNT, "实现电子卷宗随案同步生成的案件数"),
        ("q5_11", 5, 11, ValueKind.COUNT, "电子卷宗自动归档案件数"),
        ("q6_2", 6, 2, ValueKind.COUNT, "完成录音录像的庭审数"),
        ("q14_2", 14, 2, ValueKind.YES_NO, "是否能够将信访信息通过线上移送至立案程序"),
        ("q31_1", 31, 1, ValueKind.MEASURE, "服务热线平均办理工作日天数（天）"),
        ("q31_2", 31, 2, ValueKind.MEASURE, "服务热线呼入电话平均等待时间（秒）"),
        ("q32_3", 32, 3, ValueKind.COUNT, "全年政务网站更新天数"),
        ("q40_1", 40, 1, ValueKind.COUNT, "配备的信息化专业人才数（含兼职）"),
    ],
)
def test_input_place_and_kind(
    scheme: Scheme, id: str, question: int, blank: int, kind: ValueKind, label_zh: str
) -> None:
    inp = scheme.input(id)
    assert (inp.question, inp.blank, inp.kind, inp.label_zh) == (question, blank, kind, label_zh)
    assert inp.label_en
    assert not inp.platform


def test_choice_inputs(scheme: Scheme) -> None:
    q1 = scheme.input("q1")
    assert (q1.kind, q1.question, q1.blank) == (ValueKind.CHOICE, 1, None)
    assert q1.letters == tuple("ABCDEFGHIJK")
    labels = {o.letter: o.label_zh for o in q1.options}
    assert labels["C"] == "诉讼咨询"
    assert labels["K"] == "调解室高清录音录像"
    assert labels["A"].startswith("是")
    q4 = scheme.input("q4")
    assert q4.kind is ValueKind.CHOICE
    assert [(o.letter, o.label_zh) for o in q4.options] == [
        ("A", "立案窗口"),
        ("B", "远程提讯"),
        ("C", "庭审"),
        ("D", "执行指挥"),
        ("E", "信访窗口"),
        ("F", "安防监控"),
    ]


def test_platform_inputs(scheme: Scheme) -> None:
    platform = {i.id: (i.kind, i.fallback) for i in scheme.inputs if i.platform}
    assert platform == {
        "q5_platform_files": (ValueKind.COUNT, None),
        "q12_platform_searches": (ValueKind.COUNT, "q12_2"),
        "q19_platform_hearings": (ValueKind.COUNT, "q6_1"),
        "platform_closed_cases": (ValueKind.COUNT, "q18_1"),
        "q27_platform_closed_cases": (ValueKind.COUNT, "q5_1"),
        "q36_platform_documents": (ValueKind.COUNT, "q20_2"),
        "q21_platform_share": (ValueKind.MEASURE, None),
    }
    assert scheme.input("q5_platform_files").question == 5


def test_every_blank_of_the_form_is_an_input(scheme: Scheme) -> None:
    blanks = {(i.question, i.blank) for i in scheme.inputs if not i.platform}
    # Blanks per question; Q1 and Q4 are multiple-choice (no blank number).
    counts = {2: 4, 3: 3, 5: 11, 6: 2, 7: 2, 8: 2, 9: 5, 10: 2, 11: 4, 12: 3, 13: 3, 14: 2}
    counts |= {15: 3, 16: 6, 17: 3, 18: 2, 19: 2, 20: 4, 21: 3, 22: 3, 23: 1, 24: 2, 25: 2}
    counts |= {26: 2, 27: 3, 28: 4, 29: 2, 30: 3, 31: 5, 32: 3, 33: 4, 34: 2, 35: 2, 36: 4}
    counts |= {37: 3, 38: 2, 39: 3, 40: 1}
    expected: set[tuple[int | None, int | None]] = {(1, None), (4, None)}
    expected |= {(q, b) for q, n in counts.items() for b in range(1, n + 1) if (q, b) != (32, 2)}
    assert blanks == expected
    assert all(i.id == f"q{i.question}_{i.blank}" for i in scheme.inputs if i.blank)
    # Q32② is the website address, not a number.
    with pytest.raises(UnknownNameError, match="q32_2"):
        scheme.input("q32_2")


# -- Changqing's 2019 answers ----------------------------------------------------------------


SNAPSHOTS: Any = tuple[MetricSnapshot, ...]
COURTS: Any = tuple[Court, ...]


def load_changqing() -> Dataset:
    data = json.loads(CHANGQING.read_text(encoding="utf-8"))
    snapshots: tuple[MetricSnapshot, ...] = structure(data["snapshots"], SNAPSHOTS)
    courts: tuple[Court, ...] = structure(data["courts"], COURTS)
    return Dataset(snapshots, courts)


@pytest.fixture(scope="module")
def changqing() -> Dataset:
    return load_changqing()


def test_changqing_file(scheme: Scheme, changqing: Dataset) -> None:
    tree = changqing.tree()
    assert tree is not None
    assert tree.find("长清区法院").code == "jinan-changqing"
    assert tree.parent("jinan-changqing") == tree.get("jinan")
    (snap,) = changqing.snapshots
    assert (snap.court, str(snap.period), snap.platform_values) == ("jinan-changqing", "2019", {})
    declared = {i.id: i for i in scheme.inputs}
    assert set(snap.values) == {i for i, inp in declared.items() if not inp.platform}
    assert snap.values["q1"] == frozenset("BCDEFGHIJK")
    assert snap.values["q4"] == frozenset("ABCDEF")
    assert snap.values["q5_1"] == 10065
    assert snap.values["q14_2"] is False
    assert snap.values["q37_1"] is True
    assert snap.values["q31_2"] == 5.0
    assert snap.values["q32_3"] == 281
    for name, value in snap.values.items():
        kind = declared[name].kind
        if kind is ValueKind.YES_NO:
            assert isinstance(value, bool), name
        elif kind is ValueKind.COUNT:
            assert isinstance(value, int) and not isinstance(value, bool), name


def env_for(
    scheme: Scheme,
    batch: SnapshotBatch,
    level: CourtLevel = CourtLevel.BASIC,
) -> Env:
    """What the evaluation reads: platform values win, a declared fallback fills a gap."""
    n = len(batch)
    declared = {i.id: i for i in scheme.inputs}

    def lookup(name: str) -> FloatArray:
        col = batch.effective(name)
        inp = declared.get(name)
        if inp is not None and inp.fallback is not None:
            other = lookup(inp.fallback)
            col = other if col is None else np.where(np.isnan(col), other, col)
        return np.full(n, np.nan) if col is None else np.asarray(col, dtype=np.float64)

    return Env(n, lookup, court_level=np.full(n, float(level.rank)))


def compute(
    scheme: Scheme,
    number: int,
    platform: Mapping[str, object] | None = None,
    level: CourtLevel = CourtLevel.BASIC,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> Outcome:
    (snap,) = load_changqing().snapshots
    values = dict(snap.values)
    if change is not None:
        change(values)
    snap = MetricSnapshot(snap.court, snap.period, values=values, platform_values=platform or {})
    batch = SnapshotBatch.from_snapshots([snap])
    out: Outcome = by_number(scheme, number).formula.compute(env_for(scheme, batch, level))
    return out


# number -> the fraction of maximum points Changqing obtains, worked by hand from annex 2.
CHANGQING_VALUES: list[tuple[int, float]] = [
    # (2) 3833 recorded of 4298 hearings = 0.891810...
    (2, 3833 / 4298),
    # (3) 0.5 × 是 + 0.5 × min(1, 5 sealed / 10842 judgments) = 0.5 + 0.000230...
    (3, 0.5 + 0.5 * 5 / 10842),
    # (4) ① 是 ② 是; (5) all five 是
    (4, 1.0),
    (5, 1.0),
    # (6) 4962 / 4962
    (6, 1.0),
    # (7) 2/3 × 是 + 1/3 × 1084 streamed / 4298 hearings (Q6①, no platform count)
    (7, 2 / 3 + 1 / 3 * 1084 / 4298),
    # (8) min(1, 8247 / (10842 − 2595)) = 8247 / 8247 = 1
    (8, 1.0),
    # (9) 2/3 + 1/3 × 1 exchange / 4962 (Q18①); (10) 2 online hearings; (18) 8 payments
    (9, 2 / 3 + 1 / 3 * 1 / 4962),
    (10, 2 / 3 + 1 / 3 * 2 / 4962),
    # (11) 2/3 + 1/3 × 7188 served / 10065 accepted (Q5①)
    (11, 2 / 3 + 1 / 3 * 7188 / 10065),
    # (12) 2/3 × 是 + 1/3 × 163 online / 169 mediated = 0.988165...
    (12, 2 / 3 + 1 / 3 * 163 / 169),
    (13, 1.0),
    # (14) 3/4 × 3/3 + 1/4 × 52 generated / 10842 (Q20②)
    (14, 3 / 4 + 1 / 4 * 52 / 10842),
    # (15) C–K all ticked: 9/9 (A does not count for a basic court)
    (15, 1.0),
    # (16) 2/3 × 是 + 1/3 × min(1, 6912 / 1971) = 2/3 + 1/3
    (16, 1.0),
    (17, 1.0),
    (18, 2 / 3 + 1 / 3 * 8 / 4962),
    # (19) 1/3 × 是 + 1/3 × 是 + 1/3 × 3142 / 4460
    (19, 2 / 3 + 1 / 3 * 3142 / 4460),
    (20, 1.0),
    # (21) 1 day ≤ 3 and 5 s ≤ 30: both halves full
    (21, 1.0),
    (22, 1.0),
    (23, 1.0),
    (24, 1.0),
    (25, 1.0),
    # (26) min(1, 4617 local searches / 4617 cases)
    (26, 1.0),
    # (27) 1/3 × 是 + 1/3 × 19 / 19 + 1/3 × 0 (no platform share)
    (27, 2 / 3),
    # (28) 144 online / 144 auctions
    (28, 1.0),
    (29, 1.0),
    (30, 1.0),
    (31, 1.0),
    # (32) 是 × min(1, 281 / 250)
    (32, 1.0),
    # (33) 0.5 × 22 / 22 + 0.5 × 是
    (33, 1.0),
    # (34) A–F: 6/6
    (34, 1.0),
    # (35) ① 是 ② 否: 1/2
    (35, 0.5),
    (36, 1.0),
    # (37) only ① 是: 1/3
    (37, 1 / 3),
    # (38) 2/3 × 是 + 1/3 × 1 courtroom / 22
    (38, 2 / 3 + 1 / 3 * 1 / 22),
    (39, 1.0),
    # (40) 5 staff against 3 required of a basic court
    (40, 1.0),
]


@pytest.mark.parametrize(("number", "expected"), CHANGQING_VALUES)
def test_changqing_value(scheme: Scheme, number: int, expected: float) -> None:
    out = compute(scheme, number)
    assert out.status.tolist() == [Status.OK]
    assert out.value[0] == pytest.approx(expected, rel=1e-12)
    assert out.violations is None or not out.violations.any()


def test_changqing_hand_checked_digits(scheme: Scheme) -> None:
    assert compute(scheme, 2).value[0] == pytest.approx(0.891810, abs=1e-6)
    assert compute(scheme, 12).value[0] == pytest.approx(0.988166, abs=1e-6)
    assert compute(scheme, 3).value[0] == pytest.approx(0.500231, abs=1e-6)


def test_changqing_points_without_the_platform(scheme: Scheme) -> None:
    # Points for the 39 indicators the court's own answers settle (no. 1 needs the platform).
    # Full marks on 25 indicators worth 36 points; the rest, by hand (points = max × value):
    # (2) 1.783620 (3) 0.500231 (7) 1.501473 (9) 0.666734 (10) 0.666801 (11) 0.904719
    # (12) 0.988166 (14) 1.502398 (18) 0.667204 (19) 0.901495 (27) 1.333333 (35) 0.5
    # (37) 0.666667 (38) 0.681818, together 13.264659: 49.264659 of the 55 points.
    got = sum(
        (by_number(scheme, n).max_points or 0) * compute(scheme, n).value[0]
        for n, _ in CHANGQING_VALUES
    )
    want = sum(ANNEX_1[n - 1][2] * v for n, v in CHANGQING_VALUES)
    assert got == pytest.approx(want, rel=1e-12)
    assert got == pytest.approx(49.264659, abs=1e-6)
    assert sum(ANNEX_1[n - 1][2] for n, v in CHANGQING_VALUES if v == 1.0) == 36


def test_electronic_case_files_needs_the_platform_count(scheme: Scheme) -> None:
    out = compute(scheme, 1)
    assert out.status.tolist() == [Status.NOT_PROVIDED]
    # With the platform's count: five shares of 7267 / 10065, the sixth capped at 1.
    out = compute(scheme, 1, platform={"q5_platform_files": 12000})
    assert out.value[0] == pytest.approx((5 * 7267 / 10065 + 1) / 6, rel=1e-12)

    # A capability answered 否 scores 0 for its share, its blank left empty.
    def no_catalogue(v: dict[str, Any]) -> None:
        v["q5_4"] = False
        del v["q5_5"]

    out = compute(scheme, 1, platform={"q5_platform_files": 10065}, change=no_catalogue)
    assert out.value[0] == pytest.approx((4 * 7267 / 10065 + 1) / 6, rel=1e-12)


def test_platform_values_win(scheme: Scheme) -> None:
    # (7) the platform counts 2000 hearings: 2/3 + 1/3 × 1084 / 2000
    assert compute(scheme, 7, {"q19_platform_hearings": 2000}).value[0] == pytest.approx(
        2 / 3 + 1 / 3 * 1084 / 2000
    )
    # (9) the platform's 3000 closed cases replace Q18①
    assert compute(scheme, 9, {"platform_closed_cases": 3000}).value[0] == pytest.approx(
        2 / 3 + 1 / 3 * 1 / 3000
    )
    # (26) the platform's nationwide search count, 2300 of 4617
    assert compute(scheme, 26, {"q12_platform_searches": 2300}).value[0] == pytest.approx(
        2300 / 4617
    )
    # (27) the platform's disclosure share 0.9
    assert compute(scheme, 27, {"q21_platform_share": 0.9}).value[0] == pytest.approx(2 / 3 + 0.3)
    # (28) the platform's own online auction count overrides Q13③
    assert compute(scheme, 28, {"q13_3": 120}).value[0] == pytest.approx(120 / 144)


def test_above_basic_level(scheme: Scheme) -> None:
    # (15) an intermediate court without the guidance platform (A) has 9 of 10 items
    assert compute(scheme, 15, level=CourtLevel.INTERMEDIATE).value[0] == pytest.approx(0.9)
    # (40) 5 IT staff meet an intermediate court's 5, but only 5/8 of a high court's 8
    assert compute(scheme, 40, level=CourtLevel.INTERMEDIATE).value[0] == 1.0
    assert compute(scheme, 40, level=CourtLevel.HIGH).value[0] == pytest.approx(5 / 8)


def test_input_errors_are_flagged(scheme: Scheme) -> None:
    def too_many_recorded(v: dict[str, Any]) -> None:
        v["q6_2"] = 5000

    out = compute(scheme, 2, change=too_many_recorded)
    assert out.violations is not None and out.violations.tolist() == [True]
    # Online filings above first-instance cases are legitimate (capped), not an error.
    assert compute(scheme, 16).violations is None


def test_round_trips(scheme: Scheme) -> None:
    assert scheme_from_data(scheme_to_data(scheme)) == scheme


# -- annex 1: every responsibility assignment, as written ------------------------------------

HAN, LIU, MENG = "韩广峰", "刘长义", "孟敏"
# number: (责任领导, 责任部门, 责任人), each "a b" as the annex separates them by spaces
ANNEX_1_ASSIGNMENTS: dict[int, tuple[str, str, str]] = {
    1: (HAN, "审管办", "李莹"),
    2: (HAN, "审管办", "李莹"),
    3: (f"{HAN} {LIU}", "审管办 综合办公室", "李莹 商安岭"),
    4: (HAN, "审管办", "李莹"),
    5: (f"{HAN} {LIU}", "审管办 综合办公室", "李莹 商安岭"),
    6: (HAN, "审管办", "李莹"),
    7: (HAN, "审管办", "李莹"),
    8: (HAN, "审管办", "李莹"),
    9: (HAN, "审管办", "李莹"),
    10: (HAN, "审管办", "李莹"),
    11: (HAN, "审管办", "李莹"),
    12: (f"{HAN} {MENG}", "审管办 立案庭", "李莹 杜杰"),
    13: (HAN, "审管办", "李莹"),
    14: (HAN, "审管办", "李莹"),
    **{n: (MENG, "立案庭", "杜杰") for n in (15, 16, 17, 19, 20, 21, 22, 23)},
    18: (f"{LIU} {MENG}", "综合办公室 立案庭", "商安岭 杜杰"),
    **{n: (HAN, "执行局", "刘锋") for n in range(24, 29)},
    29: (LIU, "综合办公室", "商安岭"),
    30: ("魏来芝", "政治部", "张鑫"),
    **{n: (LIU, "综合办公室", "商安岭") for n in (31, 32, *range(33, 41))},
}


def test_every_assignment_of_annex_1(scheme: Scheme) -> None:
    assert sorted(ANNEX_1_ASSIGNMENTS) == list(range(1, 41))
    for number, (leaders, departments, owners) in ANNEX_1_ASSIGNMENTS.items():
        text = f"责任领导：{leaders} 责任部门：{departments} 责任人：{owners}"
        resp = by_number(scheme, number).responsibility
        assert resp == Responsibility.parse_zh(text), number
        assert resp is not None
        assert (resp.leaders, resp.responsible_departments, resp.owners) == (
            tuple(leaders.split()),
            tuple(departments.split()),
            tuple(owners.split()),
        ), number
        assert resp.lead_departments == resp.supporting_departments == ()


# -- annex 2: every answer Changqing wrote on the form ---------------------------------------

Y, N = "是", "否"
# question: its answers ①, ②, … exactly as annex 2 prints them (Q1 and Q4: the options ticked √)
ANNEX_2_ANSWERS: dict[int, list[str]] = {
    1: ["B", "C", "D", "E", "F", "G", "H", "I", "J", "K"],
    2: [Y, Y, Y, Y],
    3: ["22", "22", Y],
    4: ["A", "B", "C", "D", "E", "F"],
    5: ["10065", Y, "7267", Y, "7267", Y, "7267", Y, "7267", Y, "7267"],
    6: ["4298", "3833"],
    7: [Y, "5"],
    8: [Y, Y],
    9: [Y, Y, Y, Y, Y],
    10: [Y, Y],
    11: [Y, Y, Y, Y],
    12: ["4617", "4617", "9000"],
    13: [Y, "144", "144"],
    14: [Y, N],
    15: [Y, "207", "442"],
    16: [Y, Y, Y, Y, Y, Y],
    17: [Y, Y, Y],
    18: ["4962", "4962"],
    19: [Y, "1084"],
    20: [Y, "10842", "2595", "8247"],
    21: [Y, "19", "19"],
    22: ["1971", Y, "6912"],
    23: [Y],
    24: [Y, "8"],
    25: [Y, "1"],
    26: [Y, "2"],
    27: [Y, "7188", "7188"],
    28: [Y, Y, "3142", "4460"],
    29: [Y, Y],
    30: [Y, "169", "163"],
    31: ["1", "5", "6", "6", "12"],
    # The notice prints the address as a Markdown link, <http://jncqqfy.sdcourt.go>.
    32: [Y, "http://jncqqfy.sdcourt.go", "281"],
    33: [Y, Y, Y, Y],
    34: [Y, Y],
    35: [Y, Y],
    36: [Y, Y, Y, "52"],
    37: [Y, N, N],
    38: [Y, "1"],
    39: [Y, Y, Y],
    40: ["5"],
}


def _as_printed(value: object) -> str:
    if isinstance(value, bool):
        return Y if value else N
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_every_answer_of_annex_2_is_transcribed(changqing: Dataset) -> None:
    assert list(ANNEX_2_ANSWERS) == list(range(1, 41))
    (snap,) = changqing.snapshots
    expected: dict[str, str] = {}
    for q, answers in ANNEX_2_ANSWERS.items():
        if q in (1, 4):
            assert sorted(snap.values[f"q{q}"]) == answers  # type: ignore[arg-type]
            continue
        for blank, answer in enumerate(answers, start=1):
            expected[f"q{q}_{blank}"] = answer
    got = {k: _as_printed(v) for k, v in snap.values.items() if k not in ("q1", "q4")}
    # The one free-text blank, Q32② (the website address), is a text, not a value.
    assert snap.texts == {"q32_2": "http://jncqqfy.sdcourt.go"}
    assert "q32_2" not in snap.values
    assert got | dict(snap.texts) == expected
    assert len(expected) == 117  # every blank of the 38 questions other than Q1 and Q4


def test_the_website_address_is_carried_but_never_evaluated(
    scheme: Scheme, changqing: Dataset
) -> None:
    (snap,) = changqing.snapshots
    without = attrs.evolve(snap, texts={})
    # Not an input: evaluation neither refuses it (allow_extra=False) nor reads it.
    with_text = evaluate(scheme, snap, allow_extra=False)
    plain = evaluate(scheme, without, allow_extra=False)
    assert with_text.total_points().tolist() == plain.total_points().tolist()
    assert with_text.value("website_update_rate") == plain.value("website_update_rate") == 1.0
    assert with_text.batch.texts["q32_2"].tolist() == ["http://jncqqfy.sdcourt.go"]
    assert with_text.batch.row(0) == snap
    assert plain.batch.texts == {}


# -- each scoring rule of the table reads exactly its row's blanks ------------------

Q5 = {f"q5_{b}" for b in range(1, 12)}
RULE_INPUTS: dict[int, set[str]] = {
    1: Q5 | {"q5_platform_files"},
    2: {"q6_1", "q6_2"},
    3: {"q7_1", "q7_2", "q20_2"},
    4: {"q8_1", "q8_2"},
    5: {f"q9_{b}" for b in range(1, 6)},
    6: {"q18_1", "q18_2"},
    7: {"q19_1", "q19_2", "q19_platform_hearings"},
    8: {"q20_2", "q20_3", "q20_4"},
    9: {"q25_1", "q25_2", "platform_closed_cases"},
    10: {"q26_1", "q26_2", "platform_closed_cases"},
    11: {"q27_1", "q27_2", "q27_platform_closed_cases"},
    12: {"q30_1", "q30_2", "q30_3"},
    13: {"q35_1", "q35_2"},
    14: {"q36_1", "q36_2", "q36_3", "q36_4", "q36_platform_documents"},
    15: {f"q1:{c}" for c in "ACDEFGHIJK"},
    16: {"q22_1", "q22_2", "q22_3"},
    17: {"q23_1"},
    18: {"q24_1", "q24_2", "platform_closed_cases"},
    19: {"q28_1", "q28_2", "q28_3", "q28_4"},
    20: {"q29_1", "q29_2"},
    21: {"q31_1", "q31_2"},
    22: {f"q33_{b}" for b in range(1, 5)},
    23: {"q34_1", "q34_2"},
    24: {f"q2_{b}" for b in range(1, 5)},
    25: {f"q11_{b}" for b in range(1, 5)},
    26: {"q12_1", "q12_platform_searches"},
    27: {"q21_1", "q21_2", "q21_3", "q21_platform_share"},
    28: {"q13_1", "q13_2", "q13_3"},
    29: {"q15_1"},
    30: {f"q16_{b}" for b in range(1, 7)},
    31: {"q17_1", "q17_2", "q17_3"},
    32: {"q32_1", "q32_3"},
    33: {"q3_1", "q3_2", "q3_3"},
    34: {f"q4:{c}" for c in "ABCDEF"},
    35: {"q14_1", "q14_2"},
    36: {"q10_1", "q10_2"},
    37: {"q37_1", "q37_2", "q37_3"},
    38: {"q38_1", "q38_2", "q3_1"},
    39: {"q39_1", "q39_2", "q39_3"},
    40: {"q40_1"},
}


@pytest.mark.parametrize(("number", "inputs"), RULE_INPUTS.items())
def test_rule_reads_its_blanks(scheme: Scheme, number: int, inputs: set[str]) -> None:
    assert set(by_number(scheme, number).formula.references()) == inputs


def test_platform_bases_fall_back_as_the_table_says(scheme: Scheme) -> None:
    # (7) hearings = Q6①; (9)(10)(18) base = Q18①; (11) Q5①; (14) Q20②; (26) Q12②
    fallbacks = {i.id: i.fallback for i in scheme.inputs if i.fallback}
    assert fallbacks == {
        "q19_platform_hearings": "q6_1",
        "platform_closed_cases": "q18_1",
        "q27_platform_closed_cases": "q5_1",
        "q36_platform_documents": "q20_2",
        "q12_platform_searches": "q12_2",
    }


def _set(**values: object) -> Callable[[dict[str, Any]], None]:
    def change(v: dict[str, Any]) -> None:
        v.update(values)

    return change


# number, change to Changqing's answers, platform values, expected fraction (by the table's row)
# A rate's "如支持/如具备" blank only counts when its yes/no blank is 是: a court answering 否
# scores 0 on the whole rule (the form does not ask for the count then).
VARIATIONS: list[tuple[int, Callable[[dict[str, Any]], None] | None, dict[str, object], float]] = [
    (2, _set(q6_2=2149), {}, 0.5),
    (3, _set(q7_2=10842 * 2), {}, 1.0),  # capped
    (3, _set(q7_1=False), {}, 0.0),
    (4, _set(q8_2=False), {}, 0.5),
    (5, _set(q9_3=False), {}, 0.8),
    (6, _set(q18_2=2481), {}, 0.5),
    (7, _set(q19_1=False), {}, 0.0),
    (7, None, {"q19_platform_hearings": 1084}, 1.0),
    (8, _set(q20_4=4000), {}, 4000 / 8247),
    (8, _set(q20_3=0), {}, 8247 / 10842),
    (9, _set(q25_1=False), {}, 0.0),
    (9, _set(q25_2=6000), {}, 1.0),  # capped
    (10, None, {"platform_closed_cases": 1}, 1.0),  # 2 online hearings of 1: capped
    (11, None, {"q27_platform_closed_cases": 8000}, 2 / 3 + 1 / 3 * 7188 / 8000),
    (11, _set(q27_1=False), {}, 0.0),
    (12, _set(q30_1=False), {}, 0.0),
    (13, _set(q35_2=False), {}, 0.5),
    (14, _set(q36_2=False), {}, 3 / 4 * 2 / 3 + 1 / 4 * 52 / 10842),
    (14, None, {"q36_platform_documents": 100}, 3 / 4 + 1 / 4 * 52 / 100),
    (15, _set(q1=["B", "C", "D", "E", "F", "G", "H", "I", "J"]), {}, 8 / 9),
    (16, _set(q22_3=985), {}, 2 / 3 + 1 / 3 * 985 / 1971),
    (16, _set(q22_2=False), {}, 0.0),
    (17, _set(q23_1=False), {}, 0.0),
    (18, None, {"platform_closed_cases": 4000}, 2 / 3 + 1 / 3 * 8 / 4000),
    (19, _set(q28_2=False), {}, 1 / 3 + 1 / 3 * 3142 / 4460),
    (19, _set(q28_3=5000), {}, 1.0),  # capped
    (20, _set(q29_2=False), {}, 0.5),
    (21, _set(q31_1=6.0), {}, 0.5 + 0.5 * 3 / 6),  # 3 working days is the default
    (21, _set(q31_2=60.0), {}, 0.5 * 30 / 60 + 0.5),  # 30 seconds is the default
    (22, _set(q33_4=False), {}, 0.75),
    (23, _set(q34_1=False), {}, 0.5),
    (24, _set(q2_2=False), {}, 0.75),
    (25, _set(q11_4=False), {}, 0.75),
    (26, _set(q12_2=2000), {}, 2000 / 4617),
    (26, None, {"q12_platform_searches": 9000}, 1.0),  # capped
    (27, _set(q21_1=False), {}, 1 / 3),
    (27, _set(q21_3=10), {}, 1 / 3 + 1 / 3 * 10 / 19),
    (28, _set(q13_3=100), {}, 100 / 144),
    (28, _set(q13_1=False), {}, 0.0),
    (29, _set(q15_1=False), {}, 0.0),
    (30, _set(q16_6=False), {}, 5 / 6),
    (31, _set(q17_2=False), {}, 2 / 3),
    (32, _set(q32_3=125), {}, 0.5),  # 250 update days is the default
    (32, _set(q32_1=False), {}, 0.0),
    (33, _set(q3_2=11), {}, 0.5 * 0.5 + 0.5),
    (33, _set(q3_3=False), {}, 0.5),
    (34, _set(q4=["A", "B", "C", "D", "E"]), {}, 5 / 6),
    (35, _set(q14_2=True), {}, 1.0),
    (36, _set(q10_1=False), {}, 0.5),
    (37, _set(q37_2=True), {}, 2 / 3),
    (38, _set(q38_2=22), {}, 1.0),
    (38, _set(q38_1=False), {}, 0.0),
    (39, _set(q39_3=False), {}, 2 / 3),
    (40, _set(q40_1=2), {}, 2 / 3),  # 3 IT staff required of a basic court by default
]


@pytest.mark.parametrize(("number", "change", "platform", "expected"), VARIATIONS)
def test_rule_row(
    scheme: Scheme,
    number: int,
    change: Callable[[dict[str, Any]], None] | None,
    platform: dict[str, object],
    expected: float,
) -> None:
    out = compute(scheme, number, platform=platform, change=change)
    assert out.status.tolist() == [Status.OK]
    assert out.value[0] == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert out.violations is None or not out.violations.any()
