"""League tables: competition ranks, pooled peer average, top-quartile benchmark, leading group."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtinfo import CourtinfoError, Dataset, InputError, SchemeError, UnknownNameError, evaluate
from courtinfo.evaluation import Evaluator, Results, peer_figures
from courtinfo.org import Court
from courtinfo.report import Ranking, competition_rank, group_ranks, rank_courts, top_quartile
from tests.report import scored_scheme, snap, weekly_scheme

W = "2022-W21"
# sent/services per court: a 0.4, b 0.9, c 0.5, d 0.5, g 0.7, h 0.6; e divides by zero; f no row.
RATES = {
    "a": (4, 10),
    "b": (90, 100),
    "c": (5, 10),
    "d": (1, 2),
    "g": (7, 10),
    "h": (6, 10),
    "e": (0, 0),
}
NAMES = {
    "a": "甲区法院",
    "b": "乙区法院",
    "c": "丙区法院",
    "d": "丁区法院",
    "e": "戊区法院",
    "f": "己区法院",
    "g": "庚区法院",
    "h": "辛区法院",
}


def rank(
    res: Results,
    *,
    parent: str = "city",
    period: str = W,
    indicator: str = "total",
    leading_group_size: int | None = None,
    lang: str = "en",
) -> Ranking:
    """The ranking as a caller makes it: peer figures evaluated once, then the table."""
    peers = peer_figures(res, parent=parent, period=period)
    return rank_courts(peers, indicator, leading_group_size=leading_group_size, lang=lang)  # type: ignore[arg-type]


def courts() -> tuple[Court, ...]:
    city = Court("city", "某市中级人民法院", "intermediate")  # type: ignore[arg-type]
    basic = tuple(Court(c, n, "basic", "city") for c, n in NAMES.items())  # type: ignore[arg-type]
    return (city, *basic)


def city_data() -> Dataset:
    snaps = [snap(c, W, None, sent=s, services=n) for c, (s, n) in RATES.items()]
    snaps.append(snap("a", "2022-W20", None, sent=10, services=10))  # another week: ignored
    return Dataset(snaps, courts=courts())


def test_competition_rank_ties_and_nan() -> None:
    values = [0.9, 0.5, 0.9, np.nan, 0.3]
    np.testing.assert_array_equal(competition_rank(values), [1, 3, 1, 0, 4])
    np.testing.assert_array_equal(competition_rank(values, higher_is_better=False), [3, 2, 3, 0, 1])
    # Values equal to 12 decimals tie (0.1 + 0.2 is 0.30000000000000004).
    np.testing.assert_array_equal(competition_rank([0.1 + 0.2, 0.3]), [1, 1])


def test_top_quartile_is_the_75th_percentile_linear() -> None:
    assert top_quartile([0.4, 0.5, 0.5, 0.6, 0.7, 0.9, np.nan]) == pytest.approx(0.675)
    assert top_quartile([1, 2, 3, 4, 5]) == 4.0
    assert top_quartile([30, 20, 20], higher_is_better=False) == 20.0
    assert top_quartile([np.nan]) is None


def test_ranking_ranks_values_and_leading_group() -> None:
    r = rank(evaluate(weekly_scheme(), city_data()), indicator="e_service")
    got = [(e.court, e.rank, e.value, e.leading) for e in r.entries]
    assert got == [
        ("b", 1, 0.9, True),
        ("g", 2, 0.7, True),
        ("h", 3, 0.6, True),
        ("c", 4, 0.5, True),
        ("d", 4, 0.5, True),
        ("a", 6, 0.4, False),
        ("e", None, None, False),
        ("f", None, None, False),
    ]
    assert r.leading_group_size == 5
    reasons = {e.court: e.reason for e in r.entries}
    assert reasons["e"] == "not applicable: zero denominator"
    assert reasons["f"] == "no data"


def test_peer_average_pools_inputs_not_rates() -> None:
    r = rank(evaluate(weekly_scheme(), city_data()), indicator="e_service")
    # (4 + 90 + 5 + 1 + 7 + 6) / (10 + 100 + 10 + 2 + 10 + 10) = 113 / 142, not the mean 0.6.
    assert r.peer_average == pytest.approx(113 / 142)
    assert r.peer_average != pytest.approx(0.6)
    assert r.benchmark == pytest.approx(0.675)


def test_leading_group_size_from_argument_or_scheme() -> None:
    res = evaluate(weekly_scheme(), city_data())
    three = rank(res, parent="city", period=W, indicator="e_service", leading_group_size=3)
    assert [e.court for e in three.entries if e.leading] == ["b", "g", "h"]
    four = rank(res, parent="city", period=W, indicator="e_service", leading_group_size=4)
    assert [e.court for e in four.entries if e.leading] == [
        "b",
        "g",
        "h",
        "c",
        "d",
    ]  # tie at the edge
    res2 = evaluate(weekly_scheme(leading_group_size=2), city_data())
    two = rank(res2, parent="city", period=W, indicator="e_service")
    assert (two.leading_group_size, [e.court for e in two.entries if e.leading]) == (2, ["b", "g"])


def test_lower_is_better_ranks_the_smallest_first() -> None:
    data = Dataset(
        [
            snap("a", W, None, days=300, cases=10),
            snap("b", W, None, days=200, cases=10),
            snap("c", W, None, days=100, cases=5),
        ],
        courts=courts(),
    )
    r = rank(evaluate(weekly_scheme(), data), parent="city", period=W, indicator="duration")
    assert [(e.court, e.rank) for e in r.entries[:3]] == [("b", 1), ("c", 1), ("a", 3)]
    assert r.benchmark == 20.0  # 25th percentile of 20, 20, 30
    assert r.peer_average == pytest.approx(600 / 25)


def test_department_rows_are_summed_into_their_court() -> None:
    data = Dataset(
        [
            snap("a", W, "民一庭", sent=3, services=10),
            snap("a", W, "民二庭", sent=7, services=10),
            snap("b", W, None, sent=1, services=4),
            snap("b", W, "民一庭", sent=4, services=4),  # b has a court-level row: that one counts
        ],
        courts=courts(),
    )
    r = rank(evaluate(weekly_scheme(), data), parent="city", period=W, indicator="e_service")
    values = {e.court: e.value for e in r.entries}
    assert values["a"] == 0.5 and values["b"] == 0.25


def test_total_points_ranking_of_a_scored_scheme() -> None:
    data = Dataset(
        [
            snap("a", W, None, a1=1, b1=2, a2=1, b2=1, a3=0, b3=1),
            snap("b", W, None, a1=2, b1=2, a2=1, b2=4, a3=1, b3=1),
        ],
        courts=courts(),
    )
    r = rank(evaluate(scored_scheme(), data), parent="city", period=W)
    assert [(e.court, e.rank, e.value) for e in r.entries[:2]] == [("b", 1, 2.25), ("a", 2, 1.5)]
    # Pooled: 3/4 + 2/5 + 1/2 = 1.65 points, not the mean 1.875.
    assert r.peer_average == pytest.approx(1.65)
    assert "1.6500" in r.to_text()


def test_errors() -> None:
    res = evaluate(weekly_scheme(), city_data())
    with pytest.raises(UnknownNameError, match="did you mean 'e_service'"):
        rank(res, parent="city", period=W, indicator="e_servce")
    with pytest.raises(SchemeError, match="awards no points"):
        rank(res, parent="city", period=W)
    with pytest.raises(InputError, match="no courts under it"):
        rank(res, parent="a", period=W, indicator="e_service")
    with pytest.raises(InputError, match="no data"):
        rank(res, parent="city", period="2022-W01", indicator="e_service")
    plain = evaluate(weekly_scheme(), [snap("a", W, None, sent=1, services=2)])
    with pytest.raises(CourtinfoError, match="needs a court tree"):
        rank(plain, parent="city", period=W, indicator="e_service")


def test_renderers() -> None:
    r = rank(evaluate(weekly_scheme(), city_data()), indicator="e_service")
    text = r.to_text()
    assert text.startswith("某市中级人民法院 辖区法院排名 2022-W21: 电子送达适用率\n")
    assert "peer average (pooled inputs): 79.6%" in text
    assert "excellence benchmark (top quartile): 67.5%" in text
    lines = text.splitlines()
    assert lines[4].split()[:5] == ["1", "b", "乙区法院", "90.0%", "yes"]
    md = r.to_markdown()
    assert "| 4 | d | 丁区法院 | 50.0% | yes |" in md
    rows = list(csv.DictReader(io.StringIO(r.to_csv())))
    assert rows[0] == {
        "rank": "1",
        "court": "b",
        "name": "乙区法院",
        "value": "0.9",
        "leading": "True",
        "reason": "",
    }
    assert rows[-1]["rank"] == "" and rows[-1]["reason"] == "no data"
    data = json.loads(r.to_json())
    assert data["peer_average"] == pytest.approx(113 / 142)
    assert data["entries"][3] == {
        "court": "c",
        "name": "丙区法院",
        "value": 0.5,
        "rank": 4,
        "leading": True,
        "reason": "",
    }
    assert r.to_json() == r.to_json()


def test_renderers_in_chinese_by_default() -> None:
    res = evaluate(weekly_scheme(), city_data())
    r = rank_courts(peer_figures(res, parent="city", period=W), "e_service")
    lines = r.to_text().splitlines()
    assert lines[0] == "某市中级人民法院辖区法院排名 2022年第21周：电子送达适用率"
    assert lines[2].split() == ["名次", "法院代码", "法院", "数值", "第一方阵"]
    assert lines[4].split() == ["1", "b", "乙区法院", "90.0%", "是"]
    assert lines[10].split() == ["—", "e", "戊区法院", "不适用：分母为0", "否"]
    assert lines[11].split() == ["—", "f", "己区法院", "无数据", "否"]
    # 113/142 pooled; the 75th percentile of 0.4, 0.5, 0.5, 0.6, 0.7, 0.9 is 0.675.
    assert lines[-3:] == [
        "全市法院平均（合并计算）：79.6%",
        "优秀标准（前25%）：67.5%",
        "第一方阵：前5名",
    ]
    data = json.loads(r.to_json())
    assert data["lang"] == "zh" and data["footer"][0] == "全市法院平均（合并计算）：79.6%"


class _Counting(Evaluator):
    """An evaluator that counts the batches it evaluates."""

    calls: list[int]

    def __call__(self, data, *, strict=False, allow_extra=False):  # type: ignore[no-untyped-def]
        self.calls.append(len(data))
        return super().__call__(data, strict=strict, allow_extra=allow_extra)


def test_one_evaluation_of_the_courts_serves_every_indicator_and_the_total() -> None:
    data = Dataset(
        [
            snap("a", W, "民一庭", a1=1, b1=2, a2=1, b2=1, a3=0, b3=1),
            snap("a", W, "民二庭", a1=1, b1=2, a2=1, b2=1),
            snap("b", W, None, a1=2, b1=2, a2=1, b2=4, a3=1, b3=1),
        ],
        courts=courts(),
    )
    res = evaluate(scored_scheme(), data)
    counting = _Counting(scored_scheme(), courts=res.courts)
    counting.calls = []
    peers = peer_figures(res, parent="city", period=W, evaluator=counting)
    # One batch: a's departments summed per set of inputs provided (i3: only 民一庭), b as is.
    assert len(counting.calls) == 1
    total = rank_courts(peers)
    one = rank_courts(peers, "i1")
    assert len(counting.calls) == 1  # the reports evaluate nothing
    # a: 2/4 + 2/2 + 0/1 = 1.5 points; b: 2/2 + 1/4 + 1/1 = 2.25.
    assert [(e.court, e.value) for e in total.entries[:2]] == [("b", 2.25), ("a", 1.5)]
    assert [(e.court, e.value) for e in one.entries[:2]] == [("b", 1.0), ("a", 0.5)]


def test_peer_relative_average_ignores_supplied_city_figures() -> None:
    # 移动执行使用率 against the city's per-officer figures, here supplied on every row.
    from courtinfo.indicators import get_scheme

    city = {"city_logins_per_officer": 10.0, "city_online_hours_per_officer": 10.0}
    data = Dataset(
        [
            snap(
                "a",
                W,
                None,
                mobile_logins=100,
                mobile_online_hours=50.0,
                enforcement_officers=10,
                **city,
            ),
            snap(
                "b",
                W,
                None,
                mobile_logins=60,
                mobile_online_hours=120.0,
                enforcement_officers=10,
                **city,
            ),
        ],
        courts=courts(),
    )
    res = evaluate(get_scheme("shanghai-2022"), data)
    r = rank(res, parent="city", period=W, indicator="mobile_enforcement_rate")
    # a: 0.5 × 10/10 + 0.5 × 5/10 = 0.75; b: 0.5 × 6/10 + 0.5 × 12/10 = 0.9 (under the cap).
    assert [(e.court, e.value) for e in r.entries[:2]] == [
        ("b", pytest.approx(0.9)),
        ("a", pytest.approx(0.75)),
    ]
    # The pool against itself is 100%; summing the supplied averages (20 per officer) would give 40%.
    assert r.peer_average == pytest.approx(1.0)


def test_a_department_numerator_without_its_denominator_is_left_out() -> None:
    data = Dataset(
        [
            snap("a", W, "民一庭", sent=5, services=5),
            snap("a", W, "民二庭", sent=3),  # no services: summing it would give 8/5
            snap("b", W, "民一庭", sent=1),  # nothing usable
            snap("c", W, None, sent=1, services=4),
        ],
        courts=courts(),
    )
    r = rank(evaluate(weekly_scheme(), data), parent="city", period=W, indicator="e_service")
    got = {e.court: (e.value, e.reason) for e in r.entries}
    assert got["a"] == (1.0, "")
    assert got["b"] == (None, "not provided: no department reported the inputs")
    assert got["d"] == (None, "no data")
    assert r.peer_average == pytest.approx(6 / 9)


def test_leading_group_size_must_be_positive() -> None:
    res = evaluate(weekly_scheme(), city_data())
    for bad in (0, -1):
        with pytest.raises(InputError, match=f"leading_group_size must be at least 1, not {bad}"):
            rank(res, parent="city", period=W, indicator="e_service", leading_group_size=bad)
    one = rank(res, parent="city", period=W, indicator="e_service", leading_group_size=1)
    assert [e.court for e in one.entries if e.leading] == ["b"]
    assert "leading group (第一方阵): top 1" in one.to_text()


def test_group_ranks_rank_within_each_group_at_once() -> None:
    from courtinfo.report import group_ranks

    # Two cities in one column; a tie in the first, NaN and a row with no group unranked.
    values = [0.9, 0.5, 0.9, 0.7, np.nan, 0.2, 0.8, 0.3]
    groups = [0, 1, 0, 0, 0, 1, -1, 1]
    assert group_ranks(values, groups).tolist() == [1, 1, 1, 3, 0, 3, 0, 2]
    assert group_ranks(values, groups, higher_is_better=False).tolist() == [2, 3, 2, 1, 0, 1, 0, 2]


@given(
    st.lists(
        st.tuples(
            st.one_of(st.just(np.nan), st.sampled_from([0.0, 0.25, 0.5, 1.0]), st.floats(0, 1)),
            st.integers(-1, 3),
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_group_ranks_equal_ranking_each_group_alone(
    rows: list[tuple[float, int]], higher: bool
) -> None:
    from courtinfo.report import competition_rank, group_ranks

    values = np.array([v for v, _ in rows], dtype=np.float64)
    groups = np.array([g for _, g in rows], dtype=np.int64)
    got = group_ranks(values, groups, higher_is_better=higher)
    assert (got[groups < 0] == 0).all()
    for g in range(4):
        rows_g = np.flatnonzero(groups == g)
        want = competition_rank(values[rows_g], higher_is_better=higher)
        np.testing.assert_array_equal(got[rows_g], want)


def test_a_ranking_lists_the_flagged_rows_it_left_out() -> None:
    from tests import national

    res = evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")
    peers = peer_figures(res, parent="city", period=national.WEEK)
    assert [(e.court, e.indicator) for e in peers.invalid] == [("b", "e_seal_rate")]
    ranking = rank_courts(peers, "e_seal_rate")
    # b on its 立案庭's 30/40; a and c 5/10 and 8/16; the city 43/66 without b's 执行局.
    assert [(e.court, e.value, e.rank) for e in ranking.entries] == [
        ("b", 0.75, 1),
        ("a", 0.5, 2),
        ("c", 0.5, 2),
    ]
    assert ranking.peer_average == 43 / 66
    assert ranking.footer()[3:] == [
        "数据有误1行，未参与排名与全市法院平均：",
        "b 执行局 2022年第21周 (10) 电子签章率，数据有误：使用电子签章系统的案件数不得大于"
        "总案件数（所有办案件数，结案+存案）（使用电子签章系统的案件数 12，"
        "总案件数（所有办案件数，结案+存案） 10）",
    ]
    english = rank_courts(peers, "e_seal_rate", lang="en")
    assert english.footer()[3] == "1 row invalid, left out of the ranking and the average:"
    assert english.to_dict()["invalid"] == [english.footer()[4]]
    clean = evaluate(national.SCHEME, national.batch(9), courts=national.tree())
    assert len(rank_courts(peer_figures(clean, parent="city", period=national.WEEK), "e_seal_rate").footer()) == 3


def test_ranks_on_unrounded_values_shown_as_published() -> None:
    from courtinfo.indicators import scheme_from_data, scheme_to_data

    data = scheme_to_data(weekly_scheme())
    data["indicators"][0]["rounding"] = {"places": 2, "mode": "half_up"}
    # a 449999/1000000 = 44.9999% and b 45/100 = 45%: both published as 45.00%, yet b ranks
    # first; c 44125/100000 = 44.125% is published 44.13% (half up; to even it would be 44.12).
    rows = [
        snap("a", W, None, sent=449999, services=1000000),
        snap("b", W, None, sent=45, services=100),
        snap("c", W, None, sent=44125, services=100000),
    ]
    r = rank(evaluate(scheme_from_data(data), Dataset(rows, courts=courts()[:4])), indicator="e_service", lang="zh")
    assert [(e.court, e.rank, e.value) for e in r.entries] == [("b", 1, 0.45), ("a", 2, 0.449999), ("c", 3, 0.44125)]
    assert [row[3] for row in r.table().rows] == ["45.00%", "45.00%", "44.13%"]
    # The pooled peer average (449999 + 45 + 44125) / 1100100 = 44.9204...% shows as published.
    assert r.footer()[0] == "全市法院平均（合并计算）：44.92%"
    assert r.peer_average == pytest.approx(494169 / 1100100)


def test_values_apart_only_by_float_noise_tie_in_both_rankings() -> None:
    # 0.1 + 0.2 is 0.30000000000000004: the same rate as 0.3, so the same rank.
    values = [0.1 + 0.2, 0.3, 0.2, 0.3 + 1e-9]
    assert competition_rank(values).tolist() == [2, 2, 4, 1]
    assert competition_rank(values, higher_is_better=False).tolist() == [2, 2, 1, 4]
    assert group_ranks(values, [0, 0, 0, 0]).tolist() == [2, 2, 4, 1]
    assert group_ranks(values, [0, 1, 1, 0], higher_is_better=False).tolist() == [1, 2, 1, 2]


def test_peer_average_of_answers_is_the_courts_mean_not_any_court_having_it() -> None:
    from courtinfo.indicators import get_scheme
    from courtinfo.io import dataset_from_data
    from courtinfo.periods import Period

    # 黑河 (1) 加强执行指挥中心建设: the share of 8 functions the centre has. 甲 has functions
    # 1–6, 乙 functions 3–8: 6/8 = 75% each. Pooled as answers pool ("any"), the city had all
    # 8: 全市法院平均 100%, above every court. The courts' mean, (0.75 + 0.75) / 2 = 75%.
    scheme = get_scheme("heihe-2021")
    items = scheme.indicator("task1_command_centre").formula.references()
    assert len(items) == 8
    rows = [
        {"court": court, "period": "2021", "values": {x: lo <= k < lo + 6 for k, x in enumerate(items)}}
        for court, lo in (("a", 0), ("b", 2))
    ]
    data = dataset_from_data({
        "courts": [{"code": "city", "level": "intermediate", "name": "某市中级人民法院"},
                   {"code": "a", "level": "basic", "name": "甲区法院", "parent": "city"},
                   {"code": "b", "level": "basic", "name": "乙区法院", "parent": "city"}],
        "snapshots": rows,
    })
    r = rank(evaluate(scheme, data), period=str(Period.year(2021)), indicator="task1_command_centre")
    assert [e.value for e in r.entries] == [0.75, 0.75]
    assert r.peer_average == 0.75
