"""Explanations: each formula family of the shipped schemes written out with a row's numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from courtinfo import Dataset, MetricSnapshot, Period, Results, evaluate, load_dataset
from courtinfo.indicators import Scheme, get_scheme, scheme_from_data
from courtinfo.org import Court, CourtLevel
from courtinfo.report import explain, formula_text

ROOT = Path(__file__).parents[2]
W21 = Period.parse("2022-W21")


@pytest.fixture(scope="module")
def changqing() -> Results:
    return evaluate(get_scheme("spc-2019"), load_dataset(ROOT / "examples/data/changqing-2019.json"))


def test_formulas_as_a_person_reads_them() -> None:
    sh, spc = get_scheme("shanghai-2022"), get_scheme("spc-2019")
    assert formula_text(sh, "e_service_rate") == (
        "电子送达适用率 = 电子送达发送率 × 75% + 电子送达成功率 × 25%"
    )
    assert formula_text(spc, "hearing_recording_rate") == (
        "庭审录音录像率 = 完成录音录像的庭审数 ÷ 庭审总数（开庭总次数）"
    )
    assert formula_text(sh, "e_service_rate", "en") == (
        "e_service_rate = e_service_send_rate × 75% + e_service_success_rate × 25%"
    )


def test_blend_with_the_rows_own_numbers() -> None:
    snap = MetricSnapshot(
        "jiading",
        W21,
        "民一庭",
        {"e_service_sent": 60, "all_services": 100, "e_service_succeeded": 45, "e_service_total": 50},
    )
    why = explain(evaluate(get_scheme("shanghai-2022"), snap), 0, "e_service_rate")
    # 60/100 × 0.75 + 45/50 × 0.25 = 0.45 + 0.225 = 0.675.
    assert why.worked == "电子送达适用率 = 60 ÷ 100 × 75% + 45 ÷ 50 × 25% = 67.5%"
    assert why.target == (
        "目标：≥45%（原则上），适用范围“各业务部门(除刑事庭)”"
        "（原文：各业务部门(除刑事庭):原则上不低于45）；民一庭适用的各条目标中此条最具体（共2条）"
    )
    assert why.status == "状态：达标"
    assert why.points == "" and why.cap == ""
    en = explain(evaluate(get_scheme("shanghai-2022"), snap), 0, "e_service_rate", lang="en")
    assert en.worked == "e_service_rate = 60 ÷ 100 × 75% + 45 ÷ 50 × 25% = 67.5%"
    assert en.status == "status: met"


def test_ratio_with_points(changqing: Results) -> None:
    why = explain(changqing, 0, "hearing_recording_rate")
    # Q6: 3833 of 4298 hearings recorded = 89.18%; of 2 points: 1.7836.
    assert why.worked == "庭审录音录像率 = 3833 ÷ 4298 = 89.2%"
    assert why.points == "得分 = 89.2% × 满分2分 = 1.7836分"
    assert why.status == "状态：无目标，不判断达标"


def test_per_case_average_and_its_target() -> None:
    snap = MetricSnapshot(
        "jz", Period.parse("2022-05"), "民一庭", {"online_file_reviews": 30, "cases": 120}
    )
    why = explain(evaluate(get_scheme("jiaozuo-2022"), snap), 0, "file_reviews_per_case")
    assert why.worked == "案均网上阅卷数 = 30 ÷ 120 = 0.25"
    assert why.target.startswith("目标：≥0.20，适用范围“全院、立案庭")
    assert why.status == "状态：达标"


def test_capability_usage(changqing: Results) -> None:
    why = explain(changqing, 0, "electronic_seal_rate")
    assert why.formula == (
        "电子签章率 = 具备（是否具备电子签章功能）时 50% + 50% × "
        "min(100%, 使用电子签章系统签发的案件相关文书数 ÷ 年度案件裁判文书总数)，不具备计0"
    )
    # 0.5 + 0.5 × 5/10842 = 0.50023: 50.0%, 0.5002 of 1 point.
    assert why.worked == "电子签章率 = 50% + 50% × min(100%, 5 ÷ 10842) = 50.0%"
    assert why.points == "得分 = 50.0% × 满分1分 = 0.5002分"


def test_checklist_and_threshold(changqing: Results) -> None:
    assert explain(changqing, 0, "online_case_review").worked == "网络案件评查 = (1 + 1) ÷ 2 = 100.0%"
    it = explain(changqing, 0, "it_staff_rate")
    # 5 IT staff against the 3 a basic court needs: capped at 1.
    assert it.worked == "信息化人才达标率 = min(1, 5 ÷ 3) = 100.0%"
    assert it.points == "得分 = 100.0% × 满分2分 = 2.0000分"


def test_not_provided_names_the_inputs_by_label(changqing: Results) -> None:
    why = explain(changqing, 0, "electronic_case_files")
    assert why.status == "状态：未提供：向最高法院大数据管理和服务平台汇聚卷宗数（以最高法院数据为准）"
    assert why.points == "得分：无数值，得0分（满分3分）"
    assert why.worked.endswith("(min(100%, NA ÷ 10065)) × 1/6")
    en = explain(changqing, 0, "electronic_case_files", lang="en")
    assert en.status == "status: not provided: q5_platform_files"


def test_peer_relative_with_pooled_peer_figures_and_the_cap() -> None:
    tree = (
        Court("city", "某市中级人民法院", CourtLevel.INTERMEDIATE),
        Court("a", "甲区人民法院", CourtLevel.BASIC, "city"),
        Court("b", "乙区人民法院", CourtLevel.BASIC, "city"),
    )

    def snap(court: str, logins: int, hours: float) -> MetricSnapshot:
        values = {"mobile_logins": logins, "mobile_online_hours": hours, "enforcement_officers": 10}
        return MetricSnapshot(court, W21, None, values)

    res = evaluate(get_scheme("shanghai-2022"), Dataset([snap("a", 300, 200.0), snap("b", 100, 200.0)], courts=tree))
    a = explain(res, 0, "mobile_enforcement_rate")
    # Pooled: (300 + 100) / 20 = 20 logins and (200 + 200) / 20 = 20 hours per officer.
    # a: 30/20 × 50% + 20/20 × 50% = 125%, capped at 100%.
    assert a.worked == (
        "移动执行使用率 = min(100%, (300 ÷ 10) ÷ 20 × 50% + (200 ÷ 10) ÷ 20 × 50%) = 100.0%"
    )
    assert a.peers == (
        "全市法院上线人次 ÷ 在编执行干警人数 = 20（2家法院合并计算）",
        "全市法院在线总时长(小时) ÷ 在编执行干警人数 = 20（2家法院合并计算）",
    )
    assert a.cap == "超过上限100%，按100%计（未封顶为125.0%）"
    b = explain(res, 1, "mobile_enforcement_rate", lang="en")
    assert b.worked.endswith("(100 ÷ 10) ÷ 20 × 50% + (200 ÷ 10) ÷ 20 × 50%) = 75.0%")
    assert b.peers[0] == "peers' mobile_logins ÷ enforcement_officers = 20 (pooled over 2 courts)"
    assert b.cap == ""


def test_peer_relative_with_supplied_city_figures() -> None:
    res = evaluate(
        get_scheme("shanghai-2022"), load_dataset(ROOT / "examples/data/jiading-2022.json")
    )
    i = res.select(court="shanghai-jiading", department="执行局", period=W21)[0]
    why = explain(res, i, "mobile_enforcement_rate")
    # 377/42 = 8.976 per officer against 9.6; 492.3/42 = 11.72 against 11.5: 97.7%.
    assert why.worked == (
        "移动执行使用率 = min(100%, (377 ÷ 42) ÷ 9.6 × 50% + (492.3 ÷ 42) ÷ 11.5 × 50%) = 97.7%"
    )
    assert why.peers[0] == "全市法院上线人次 ÷ 在编执行干警人数 = 9.6（数据提供：全市法院人均上线次数）"
    assert why.target.startswith("目标：≥100%（原则上），适用范围“执行局”")
    assert why.status == "状态：未达标"  # a peer-relative value: no count to name
    data = json.loads(why.to_json())
    assert data["value"] == pytest.approx(why.value) and data["worked"] == why.worked
    assert why.to_text().splitlines()[:2] == [
        "shanghai-jiading 执行局 2022-W21 移动执行使用率",
        "公式：移动执行使用率 = min(100%, (上线人次 ÷ 在编执行干警人数) ÷ 全市法院(上线人次 ÷ 在编执行干警人数) × 50% "
        "+ (在线总时长(小时) ÷ 在编执行干警人数) ÷ 全市法院(在线总时长(小时) ÷ 在编执行干警人数) × 50%)",
    ]


def test_a_flagged_row_says_which_rule_it_breaks() -> None:
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    why = explain(res, national.BAD_ROW, "e_seal_rate")
    assert why.status == (
        "状态：数据有误：使用电子签章系统的案件数不得大于总案件数（所有办案件数，结案+存案）"
        "（使用电子签章系统的案件数 12，总案件数（所有办案件数，结案+存案） 10）"
    )
    en = explain(res, national.BAD_ROW, "e_seal_rate", lang="en")
    assert en.status == (
        "status: invalid input: (e_seal_cases) must not exceed (cases_in_hand): "
        "e_seal_cases=12, cases_in_hand=10"
    )


def test_a_category_declared_absent_is_explained() -> None:
    # CEPEJ: a State without administrative cases (否) against one with them (5045 resolved,
    # 3092 pending at the end: 365 × 3092 ÷ 5045 = 223.7 days).
    cepej = get_scheme("cepej")
    values = {"administrative_exists": True, "administrative_incoming": 4664, "administrative_resolved": 5045, "administrative_pending_end": 3092}
    results = evaluate(
        cepej,
        [MetricSnapshot("x", Period.year(2022), values={"administrative_exists": False}), MetricSnapshot("z", Period.year(2022), values=values)],
    )
    code = "disposition_time_administrative"
    assert formula_text(cepej, code, "en") == (
        f"{code} = administrative_pending_end ÷ administrative_resolved × 365 (not applicable where administrative_exists is no)"
    )
    absent, present = explain(results, 0, code), explain(results, 1, code, lang="en")
    assert absent.worked == "一审行政案件处置时间（DT） = 无此类别（本辖区设有一审行政案件类别：否），不适用"
    assert absent.status == "状态：不适用：无此类别"
    assert present.worked == f"{code} = 3092 ÷ 5045 × 365 = 223.7天"


def test_an_option_of_a_question_offering_letters_apart_is_read_as_formulas_read_it() -> None:
    # Options A and C only: ticking C counts 1 in the value and in the worked line alike.
    scheme = scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-03-01", "period_kind": "month",
            "inputs": [
                {
                    "id": "q", "label_zh": "是否开展", "kind": "choice",
                    "options": [{"letter": "A", "label_zh": "甲"}, {"letter": "C", "label_zh": "丙"}],
                }
            ],
            "indicators": [
                {
                    "code": "c", "name_zh": "丙项", "name_en": "c", "category": "c", "unit": "count",
                    "formula": {"kind": "checklist", "items": ["q:C"]},
                }
            ],
        }
    )
    snap = MetricSnapshot("c1", Period.parse("2022-05"), None, {"q": frozenset({"C"})})
    results = evaluate(scheme, [snap])
    assert results.values["c"][0] == 1.0
    assert "本行：丙项 = (1) ÷ 1 = 1.00" in explain(results, 0, "c").to_text()


def _percentage(code: str, name_zh: str, formula: dict[str, object]) -> dict[str, object]:
    return {
        "code": code, "name_zh": name_zh, "name_en": code, "category": "c",
        "unit": "percentage", "formula": formula,
    }


def _counts_scheme(*indicators: dict[str, object]) -> Scheme:
    """A monthly scheme of `indicators` over 结案数, 收案数 and 满意度."""
    return scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-03-01", "period_kind": "month",
            "inputs": [
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
                {"id": "filed", "label_zh": "收案数", "kind": "count"},
                {"id": "liked", "label_zh": "满意度", "kind": "measure"},
            ],
            "indicators": list(indicators),
        }
    )


def _capped_mix(weight: float, rows: list[tuple[int, int, float]]) -> Results:
    """综合 = min(100%, (结案数 ÷ 收案数) × weight + 满意度 × (1 − weight)) over May rows of
    (结案数, 收案数, 满意度), of courts c1, c2 ..."""
    scheme = _counts_scheme(
        _percentage("mix", "综合", {"kind": "blend", "cap": 1, "components": [
            {"weight": weight, "formula": {
                "kind": "ratio", "numerator": "closed", "denominator": "filed", "over": "allow"}},
            {"weight": round(1 - weight, 12), "ref": "liked"},
        ]})
    )
    may = Period.parse("2022-05")
    snaps = [
        MetricSnapshot(f"c{k}", may, None, {"closed": c, "filed": f, "liked": x})
        for k, (c, f, x) in enumerate(rows, 1)
    ]
    return evaluate(scheme, snaps)


def test_a_capped_blend_of_a_formula_part_shows_its_uncapped_figure() -> None:
    # 综合 = min(100%, (结案数 ÷ 收案数) × 50% + 满意度 × 50%): 30/20 = 1.5 and 1.0 give
    # 0.75 + 0.5 = 1.25 before the cap; 10/20 and 1.0 give 0.75, under it.
    results = _capped_mix(0.5, [(30, 20, 1.0), (10, 20, 1.0)])
    assert explain(results, 0, "mix").cap == "超过上限100%，按100%计（未封顶为125.0%）"
    assert explain(results, 0, "mix", lang="en").cap == "capped at 100% (uncapped 125.0%)"
    assert explain(results, 1, "mix").cap == ""


def test_peer_figures_leave_out_the_rows_flagged_invalid_as_evaluation_does() -> None:
    tree = (
        Court("city", "某市中级人民法院", CourtLevel.INTERMEDIATE),
        Court("a", "甲区人民法院", CourtLevel.BASIC, "city"),
        Court("b", "乙区人民法院", CourtLevel.BASIC, "city"),
        Court("c", "丙区人民法院", CourtLevel.BASIC, "city"),
    )

    def snap(court: str, logins: int, online: int) -> MetricSnapshot:
        values = {
            "mobile_logins": logins, "mobile_online_hours": 200.0, "enforcement_officers": 10,
            "online_filings": online, "filings": 10,
        }
        return MetricSnapshot(court, W21, None, values)

    # c files 12 online of 10 filings: flagged, and out of the city's pools. Pooled over a
    # and b: (300 + 100) / 20 = 20 logins and 400 / 20 = 20 hours per officer (with c's
    # 500 logins it would be 30). a: 30/20 × 50% + 20/20 × 50% = 125%, capped at 100%.
    data = Dataset([snap("a", 300, 5), snap("b", 100, 5), snap("c", 500, 12)], courts=tree)
    res = evaluate(get_scheme("shanghai-2022"), data, invalid="flag")
    assert res.invalid_rows.tolist() == [False, False, True]
    a = explain(res, 0, "mobile_enforcement_rate")
    assert a.peers == (
        "全市法院上线人次 ÷ 在编执行干警人数 = 20（2家法院合并计算）",
        "全市法院在线总时长(小时) ÷ 在编执行干警人数 = 20（2家法院合并计算）",
    )
    assert a.worked.startswith("移动执行使用率 = min(100%, (300 ÷ 10) ÷ 20 × 50% + (200 ÷ 10) ÷ 20")
    assert a.cap == "超过上限100%，按100%计（未封顶为125.0%）"


def test_a_blend_part_takes_its_default_only_where_not_provided() -> None:
    # 综合 = 结收比 × 50% (0 when not provided) + 满意度 × 50%. c1: 0 filed, 结收比 not
    # applicable, so 综合 is too, and the worked line shows 0 ÷ 0, not the default; c2: no
    # counts at all, 结收比 not provided: 0 × 50% + 0.8 × 50% = 40%.
    scheme = _counts_scheme(
        _percentage("rate", "结收比", {"kind": "ratio", "numerator": "closed", "denominator": "filed"}),
        _percentage("mix", "综合", {"kind": "blend", "components": [
            {"weight": 0.5, "ref": "rate", "default": 0}, {"weight": 0.5, "ref": "liked"},
        ]}),
    )
    may = Period.parse("2022-05")
    results = evaluate(
        scheme,
        [
            MetricSnapshot("c1", may, None, {"closed": 0, "filed": 0, "liked": 1.0}),
            MetricSnapshot("c2", may, None, {"liked": 0.8}),
        ],
    )
    assert explain(results, 0, "mix").worked == "综合 = 0 ÷ 0 × 50% + 1 × 50%"
    assert explain(results, 1, "mix").worked == "综合 = 0 × 50% + 0.8 × 50% = 40.0%"


def test_worked_lines_read_an_earlier_period_and_a_fallback_as_formulas_do() -> None:
    # 结案增长 = 结案数 ÷ 上期结案数: May's 90 over April's 80 (not May's own 90 again);
    # 结收比 reads 平台结案数, not given, so the court's own 结案数 (90) as its fallback.
    scheme = scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-03-01", "period_kind": "month",
            "inputs": [
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
                {"id": "filed", "label_zh": "收案数", "kind": "count"},
                {"id": "pclosed", "label_zh": "平台结案数", "kind": "count", "platform": True,
                 "fallback": "closed"},
            ],
            "indicators": [
                _percentage("grow", "结案增长", {
                    "kind": "ratio", "numerator": "closed", "denominator": "closed@previous",
                    "over": "allow"}),
                _percentage("rate", "结收比", {
                    "kind": "ratio", "numerator": "pclosed", "denominator": "filed"}),
            ],
        }
    )
    results = evaluate(
        scheme,
        [
            MetricSnapshot("c1", Period.parse("2022-04"), None, {"closed": 80, "filed": 100}),
            MetricSnapshot("c1", Period.parse("2022-05"), None, {"closed": 90, "filed": 120}),
        ],
    )
    assert explain(results, 1, "grow").worked == "结案增长 = 90 ÷ 80 = 112.5%"
    assert explain(results, 1, "rate").worked == "结收比 = 90 ÷ 120 = 75.0%"


def test_a_peer_relative_row_without_a_court_tree_has_no_peer_figure() -> None:
    values = {"mobile_logins": 300, "mobile_online_hours": 200.0, "enforcement_officers": 10}
    res = evaluate(get_scheme("shanghai-2022"), MetricSnapshot("a", W21, None, values))
    why = explain(res, 0, "mobile_enforcement_rate")
    assert why.peers == (
        "全市法院上线人次 ÷ 在编执行干警人数：无（没有同级法院数据）",
        "全市法院在线总时长(小时) ÷ 在编执行干警人数：无（没有同级法院数据）",
    )
    assert why.value is None and why.cap == ""


def test_a_blend_at_its_cap_or_a_rounding_error_above_it_is_not_said_capped() -> None:
    # 0.8 × 79/100 + 0.2 × 1.84 is 1 exactly on paper, 1.0000000000000002 in floating point;
    # 0.8 × 100/100 + 0.2 × 1 is 1.0: neither went past the cap of 100%.
    results = _capped_mix(0.8, [(79, 100, 1.84), (100, 100, 1.0)])
    assert 0.8 * 0.79 + 0.2 * 1.84 == 1.0000000000000002
    assert [explain(results, i, "mix").cap for i in (0, 1)] == ["", ""]
