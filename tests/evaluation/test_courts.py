"""Court figures and peer pools: departments summed per indicator, pools of inputs (not means of
rates), each batch evaluated once; rows flagged invalid count for nothing (as if absent)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo import (
    MetricSnapshot,
    Period,
    Status,
    evaluate,
    rollup_departments,
    rollup_periods,
    rollup_tree,
)
from courtinfo.base import CourtinfoError, InputError
from courtinfo.data import SnapshotBatch
from courtinfo.evaluation import Evaluator, court_figures, peer_figures
from courtinfo.indicators import get_scheme
from courtinfo.org import Court, CourtTree
from tests import national


@pytest.fixture(scope="module")
def flagged():  # type: ignore[no-untyped-def]
    return evaluate(national.SCHEME, national.batch(), courts=national.tree(), invalid="flag")


def _by_court(figures, code: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    res = figures.results
    return {res.batch.court_of(i): float(res.values[code][i]) for i in figures.rows(code)}


def test_court_figures_leave_the_flagged_department_out(flagged) -> None:  # type: ignore[no-untyped-def]
    figures = court_figures(flagged)
    # b: 立案庭 30/40 only (with the bad 执行局 12/10 summed it would read 42/50 = 0.84).
    assert _by_court(figures, "e_seal_rate") == {"a": 0.5, "b": 0.75, "c": 0.5}
    # b's 执行局 files 10 of 10 validly, but its row is out of every sum: 40/50, not 50/60.
    assert _by_court(figures, "online_filing_rate") == {"a": 0.8, "b": 0.8, "c": 0.75}
    assert figures.results.invalid == ()


def test_a_flagged_court_level_row_gives_way_to_its_departments() -> None:
    table = national.rows()
    table.append(("b", "", {"e_seal_cases": 99, "cases_in_hand": 50}))  # 99 of 50: broken
    names = sorted({n for _, _, v in table for n in v})
    batch = SnapshotBatch.from_columns(
        court=[c for c, _, _ in table],
        department=[d or None for _, d, _ in table],
        period=[national.WEEK] * len(table),
        columns={n: [v.get(n, np.nan) for _, _, v in table] for n in names},
    )
    res = evaluate(national.SCHEME, batch, courts=national.tree(), invalid="flag")
    assert [(e.court, e.department) for e in res.invalid] == [("b", "执行局"), ("b", None)]
    figures = court_figures(res, courts=["b"])
    # Neither b's own row (99/50) nor its bad 执行局: its 立案庭's 30/40.
    assert _by_court(figures, "e_seal_rate") == {"b": 0.75}


def test_peer_pools_leave_the_flagged_row_out(flagged) -> None:  # type: ignore[no-untyped-def]
    peers = peer_figures(flagged, parent="city", period=national.WEEK)
    # 全市法院平均: (5 + 30 + 8) / (10 + 40 + 16); with the bad row (5+30+12+8)/(10+40+10+16).
    assert peers.pooled_value("e_seal_rate") == 43 / 66
    assert peers.pooled_value("online_filing_rate") == 180 / 230
    assert peers.value("e_seal_rate", "b") == 0.75
    valid = evaluate(national.SCHEME, national.batch(9), courts=national.tree())
    # The same data with b's 执行局 valid (9 of 10) pools it: (5+30+9+8)/(10+40+10+16).
    assert peer_figures(valid, parent="city", period=national.WEEK).pooled_value(
        "e_seal_rate"
    ) == 52 / 76


def test_roll_ups_of_the_valid_batch_leave_the_flagged_row_out(flagged) -> None:  # type: ignore[no-untyped-def]
    courts = rollup_departments(flagged.valid_batch(), missing="skip")
    assert courts.court_index_labels() == ["a", "b", "c"]
    assert courts.columns["e_seal_cases"].tolist()[1] == 30  # not 30 + 12
    assert courts.columns["cases_in_hand"].tolist()[1] == 40  # not 40 + 10
    assert courts.columns["filings"].tolist() == [100, 50, 80]  # b: 50, not 60
    # Up the tree: the city's sum of online filings 80 + 40 + 60, of filings 100 + 50 + 80.
    city = rollup_tree(courts, national.tree())
    i = city.court_index_labels().index("city")
    assert (city.columns["online_filings"][i], city.columns["filings"][i]) == (180, 230)
    again = evaluate(national.SCHEME, city, courts=national.tree())
    assert again.value("online_filing_rate", i) == 180 / 230


def test_roll_up_over_time_leaves_the_flagged_week_out() -> None:
    # b's 执行局 valid in week 20 (6 of 10), broken in week 21 (12 of 10).
    weeks = national.weeks({"2022-W20": 6, "2022-W21": 12})
    res = evaluate(national.SCHEME, weeks, courts=national.tree(), invalid="flag")
    assert [(str(e.period), e.indicator) for e in res.invalid] == [("2022-W21", "e_seal_rate")]
    month = rollup_periods(res.valid_batch(), "month", aggregates=res.scheme)
    rows = {
        (month.batch.court_of(i), month.batch.department_of(i)): i for i in range(len(month))
    }
    i = rows["b", "执行局"]
    # Week 20 only (10 filings, all online), not week 21 too: it covers one week.
    assert month.batch.columns["filings"][i] == 10
    assert month.batch.columns["online_filings"][i] == 10
    assert (int(month.covered[i]), month.covers(i).split()[0]) == (1, "2022-W20")
    j = rows["b", "立案庭"]
    assert month.batch.columns["filings"][j] == 100  # 50 + 50, both weeks
    assert int(month.covered[j]) == 2
    monthly = evaluate(national.SCHEME, month.batch, courts=national.tree(), invalid="flag")
    assert monthly.statuses["online_filing_rate"][i] == Status.OK
    assert monthly.value("online_filing_rate", j) == 0.8


SHANGHAI = get_scheme("shanghai-2022")
W21 = Period.parse("2022-W21")
TREE = CourtTree(
    [
        Court("31", "上海市高级人民法院", "high"),
        Court("3101", "上海市第一中级人民法院", "intermediate", "31"),
        Court("310104", "徐汇区人民法院", "basic", "3101"),
        Court("310105", "长宁区人民法院", "basic", "3101"),
    ]
)


def snap(court: str, department: str | None, **values: int) -> MetricSnapshot:
    return MetricSnapshot(court, W21, department, values)


def test_a_court_figure_sums_the_departments_that_gave_both_inputs() -> None:
    results = evaluate(
        SHANGHAI,
        [
            snap("310104", "立案庭", online_filings=40, filings=100),
            snap("310104", "民一庭", online_filings=54, filings=60),
            # A numerator without its denominator is not paired with another's.
            snap("310104", "民二庭", online_filings=7),
        ],
        courts=TREE,
    )
    figures = court_figures(results)
    i = figures.row("online_filing_rate", "310104", W21)
    assert i is not None
    assert figures.results.values["online_filing_rate"][i] == 94 / 160
    assert figures.target_row("310104", "2022-W21") is not None
    assert figures.row("online_filing_rate", "310105", W21) is None


def test_a_court_level_row_is_used_as_it_is() -> None:
    results = evaluate(
        SHANGHAI,
        [
            snap("310104", None, online_filings=1, filings=4),
            snap("310104", "立案庭", online_filings=40, filings=100),
        ],
        courts=TREE,
    )
    figures = court_figures(results, courts=["310104"], periods=[W21])
    i = figures.row("online_filing_rate", "310104", W21)
    assert i is not None and figures.results.values["online_filing_rate"][i] == 0.25


def test_the_pool_of_the_courts_is_their_inputs_summed() -> None:
    results = evaluate(
        SHANGHAI,
        [
            snap("310104", None, online_filings=4, filings=10),
            snap("310105", None, online_filings=90, filings=100),
        ],
        courts=TREE,
    )
    peers = peer_figures(results, parent="3101", period="2022-W21")
    assert [c.code for c in peers.children] == ["310104", "310105"]
    assert peers.value("online_filing_rate", "310104") == 0.4
    assert peers.value("online_filing_rate", "310105") == 0.9
    # 94 / 110 = 85.45%, not the mean of 40% and 90% (65%).
    assert peers.pooled_value("online_filing_rate") == 94 / 110
    assert math.isnan(peers.pooled_value("e_service_send_rate"))  # no court has a value


def test_peer_figures_need_a_tree_children_and_the_same_scheme() -> None:
    flat = evaluate(SHANGHAI, [snap("310104", None, online_filings=1, filings=2)])
    with pytest.raises(CourtinfoError, match="ranking courts needs a court tree"):
        peer_figures(flat, parent="3101", period=W21)
    results = evaluate(SHANGHAI, [snap("310104", None, online_filings=1, filings=2)], courts=TREE)
    with pytest.raises(CourtinfoError, match="has no courts under it to rank"):
        peer_figures(results, parent="310104", period=W21)
    other = Evaluator(get_scheme("spc-2019"))
    with pytest.raises(InputError, match="the evaluator is for scheme 'spc-2019', the results for 'shanghai-2022'"):
        court_figures(results, evaluator=other)
