"""Roll-ups over time: flows summed, stocks not; weeks placed by their Thursday; year to date."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.evaluation import evaluate, rollup_periods, rollup_tree, week_span
from courtinfo.indicators import get_scheme, scheme_from_data
from courtinfo.org import Court, CourtLevel, CourtTree
from courtinfo.periods import Period

NAN = math.nan
WEEKS = ["2020-W48", "2020-W49", "2020-W50", "2020-W51", "2020-W52", "2020-W53", "2021-W01"]


def _weekly(kinds: dict[str, ValueKind] | None = None, **columns: list[float]) -> SnapshotBatch:
    n = len(next(iter(columns.values())))
    return SnapshotBatch.from_columns(
        court=["jd"] * n,
        period=WEEKS[:n],
        columns={k: np.array(v, dtype=np.float64) for k, v in columns.items()},
        kinds=kinds,
    )


def _rows(rollup: Any, name: str) -> dict[tuple[str, str], float]:
    b = rollup.batch
    return {(b.court_of(i), str(b.period_of(i))): float(b.columns[name][i]) for i in range(len(b))}


def test_a_stock_is_not_summed_over_weeks() -> None:
    # Shanghai 2022's 在编执行干警人数 is a stock (aggregate = "last"); 上线人次 a flow.
    # December 2020 has the weeks whose Thursdays are Dec 3, 10, 17, 24 and 31: W49..W53.
    scheme = get_scheme("shanghai-2022")
    assert scheme.input("enforcement_officers").over_time == "last"
    assert scheme.input("mobile_logins").over_time == "sum"
    batch = _weekly(
        mobile_logins=[7, 10, 20, 30, 40, 50, 60],
        enforcement_officers=[8, 8, 8, 9, 9, 10, 10],
    )
    months = rollup_periods(batch, "month", aggregates=scheme)
    logins, officers = _rows(months, "mobile_logins"), _rows(months, "enforcement_officers")
    assert logins == {("jd", "2020-11"): 7, ("jd", "2020-12"): 150, ("jd", "2021-01"): 60}
    # 10 officers at the end of December, not 8 + 8 + 9 + 9 + 10 = 44.
    assert officers == {("jd", "2020-11"): 8, ("jd", "2020-12"): 10, ("jd", "2021-01"): 10}
    by_period = {str(months.batch.period_of(i)): i for i in range(len(months))}
    assert months.covers(by_period["2020-12"]) == "2020-W49..2020-W53 (5 of 5 weeks)"
    # November 2020 has 4 weeks by Thursday (5, 12, 19, 26), January 2021 four (7 … 28).
    assert months.covers(by_period["2020-11"]) == "2020-W48 (1 of 4 weeks), partial"
    assert months.covers(by_period["2021-01"]) == "2021-W01 (1 of 4 weeks), partial"
    assert months.partial.tolist() == [True, False, True]


def test_week_53_goes_to_the_year_and_month_of_its_thursday() -> None:
    # 2020-W53 runs Monday 2020-12-28 to Sunday 2021-01-03; its Thursday is 2020-12-31.
    # 2019-W01 runs from Monday 2018-12-31; its Thursday, 2019-01-03, puts it in 2019.
    batch = SnapshotBatch.from_columns(
        court=["jd"] * 3,
        period=["2020-W53", "2021-W01", "2019-W01"],
        columns={"filed": np.array([5.0, 7.0, 3.0])},
    )
    years = rollup_periods(batch, "year", aggregates={"filed": "sum"})
    assert _rows(years, "filed") == {("jd", "2019"): 3, ("jd", "2020"): 5, ("jd", "2021"): 7}
    assert years.expected.tolist() == [52, 53, 52]  # 2020 is a long ISO year
    months = rollup_periods(batch, "month", aggregates={"filed": "sum"})
    assert _rows(months, "filed") == {("jd", "2019-01"): 3, ("jd", "2020-12"): 5, ("jd", "2021-01"): 7}
    quarters = rollup_periods(batch, "quarter", aggregates={"filed": "sum"})
    assert _rows(quarters, "filed") == {("jd", "2019-Q1"): 3, ("jd", "2020-Q4"): 5, ("jd", "2021-Q1"): 7}


def test_year_to_date_of_months_and_weeks() -> None:
    # 1–N月累计: filings sum, pending at the end is the last month's, 旧存 the first month's.
    batch = SnapshotBatch.from_columns(
        court=["jd"] * 3,
        period=["2022-01", "2022-02", "2022-03"],
        columns={"filed": np.array([10.0, 20.0, 30.0]), "pending": np.array([5.0, 6.0, 7.0]), "old": np.array([4.0, 5.0, 6.0])},
    )
    ytd = rollup_periods(batch, "ytd", aggregates={"filed": "sum", "pending": "last", "old": "first"})
    b = ytd.batch
    assert [str(p) for p in b.period_labels()] == [
        "2022-01-01/2022-01-31", "2022-01-01/2022-02-28", "2022-01-01/2022-03-31",
    ]
    assert b.columns["filed"].tolist() == [10, 30, 60]
    assert b.columns["pending"].tolist() == [5, 6, 7]
    assert b.columns["old"].tolist() == [4, 4, 4]
    assert ytd.covers(2) == "2022-01..2022-03 (3 of 3 months)"
    weekly = SnapshotBatch.from_columns(
        court=["jd"] * 2, period=["2021-W01", "2021-W03"], columns={"filed": np.array([1.0, 2.0])}
    )
    wytd = rollup_periods(weekly, "ytd", aggregates={"filed": "sum"})
    assert wytd.batch.period_labels() == [week_span(2021, 1), week_span(2021, 3)]
    assert wytd.batch.columns["filed"].tolist() == [1, 3]
    assert wytd.covers(1) == "2021-W01..2021-W03 (2 of 3 weeks), partial"


def test_missing_values_propagate_or_are_skipped() -> None:
    batch = _weekly(filed=[1, 2, NAN, 4, 5, NAN], officers=[3, 3, 3, 4, 5, NAN])
    aggregates = {"filed": "sum", "officers": "last"}
    strict = rollup_periods(batch, "month", aggregates=aggregates)
    assert np.isnan(_rows(strict, "filed")["jd", "2020-12"])
    assert np.isnan(_rows(strict, "officers")["jd", "2020-12"])
    lenient = rollup_periods(batch, "month", aggregates=aggregates, missing="skip")
    assert _rows(lenient, "filed")["jd", "2020-12"] == 2 + 4 + 5
    assert _rows(lenient, "officers")["jd", "2020-12"] == 5  # the latest value provided


def test_mean_all_and_any() -> None:
    kinds = {"staff": ValueKind.COUNT, "online": ValueKind.YES_NO}
    batch = _weekly(kinds, staff=[10, 20, 30, 40, 50, 60], online=[1, 1, 0, 1, 1, 1])
    both = rollup_periods(batch, "month", aggregates={"staff": "mean", "online": "all"})
    assert _rows(both, "staff")["jd", "2020-12"] == (20 + 30 + 40 + 50 + 60) / 5
    assert _rows(both, "online")["jd", "2020-12"] == 0
    assert _rows(rollup_periods(batch, "month", aggregates={"staff": "last", "online": "any"}), "online")["jd", "2020-12"] == 1


def test_inputs_without_an_aggregate_are_refused() -> None:
    scheme = scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-03-01",
            "inputs": [{"id": "hours", "label_zh": "在线总时长", "kind": "measure"},
                       {"id": "n", "label_zh": "上线人次", "kind": "count"}],
            "indicators": [{"code": "r", "name_zh": "人均", "name_en": "r", "category": "c", "unit": "per_person",
                            "formula": {"kind": "per_case_average", "numerator": "hours", "denominator": "n"}}],
        }
    )
    batch = _weekly(hours=[1.5, 2.5], n=[1, 2], extra=[3, 4])
    with pytest.raises(InputError) as info:
        rollup_periods(batch, "month", aggregates=scheme)
    text = str(info.value)
    assert "values.extra: scheme 't' does not know input 'extra'" in text
    assert "values.hours: scheme 't' does not say how 'hours' (a measure) adds up over time" in text
    with pytest.raises(InputError, match="'often' is not one of sum, last, first, mean, all, any, none"):
        rollup_periods(batch, "month", aggregates={"hours": "often", "n": "sum", "extra": "sum"})
    with pytest.raises(InputError, match="to must be one of 'month', 'quarter', 'year', 'ytd', not 'week'"):
        rollup_periods(batch, "week", aggregates={"hours": "sum"})
    months = SnapshotBatch.from_columns(court=["a"], period=["2022-05"], columns={"n": np.array([1.0])})
    assert rollup_periods(months, "month", aggregates={"n": "sum"}).covers(0) == "2022-05 (1 of 1 month)"
    with pytest.raises(InputError, match="a quarter cannot be rolled up into a month"):
        rollup_periods(SnapshotBatch.from_columns(court=["a"], period=["2022-Q2"], columns={"n": np.array([1.0])}), "month", aggregates={"n": "sum"})


def test_combined_with_the_tree_and_evaluated() -> None:
    tree = CourtTree(
        (
            Court("city", "市中院", CourtLevel.INTERMEDIATE),
            Court("a", "甲区法院", CourtLevel.BASIC, "city"),
            Court("b", "乙区法院", CourtLevel.BASIC, "city"),
        )
    )
    batch = SnapshotBatch.from_columns(
        court=["a", "a", "b", "b"],
        period=["2020-W49", "2020-W50", "2020-W49", "2020-W50"],
        columns={"logins": np.array([10.0, 20.0, 5.0, 5.0]), "officers": np.array([3.0, 4.0, 2.0, 2.0])},
    )
    months = rollup_periods(batch, "month", aggregates={"logins": "sum", "officers": "last"})
    city = rollup_tree(months.batch, tree)
    i = city.courts.index("city")
    row = int(np.flatnonzero(city.court_index == i)[0])
    # December (so far): 30 + 10 logins; officers at the end 4 + 2 = 6, not 3 + 4 + 2 + 2.
    assert city.columns["logins"][row] == 40 and city.columns["officers"][row] == 6
    scheme = scheme_from_data(
        {
            "code": "t", "title_zh": "测试", "title_en": "Test", "issuer": "某法院",
            "document": "X〔2022〕1号", "date": "2022-03-01",
            "inputs": [{"id": "logins", "label_zh": "上线人次", "kind": "count"},
                       {"id": "officers", "label_zh": "在编执行干警人数", "kind": "count", "aggregate": "last"}],
            "indicators": [{"code": "per", "name_zh": "人均上线次数", "name_en": "Logins per officer", "category": "c",
                            "unit": "per_person", "formula": {"kind": "per_case_average", "numerator": "logins", "denominator": "officers"}}],
        }
    )
    results = evaluate(scheme, city)
    assert results.values["per"][row] == pytest.approx(40 / 6)
    assert months.batch.periods == (Period.month(2020, 12),)


def test_sums_over_time_past_2_53_name_the_court_department_and_period() -> None:
    # Two courts, two departments, two months of weeks: only b's 民一庭 in December reaches
    # 2**53 (2**52 + 2**52), and the message names that row, not the batch's first.
    big = 2.0**52
    batch = SnapshotBatch.from_columns(
        court=["a", "a", "b", "b", "b"],
        department=["民一庭", "民一庭", "刑一庭", "民一庭", "民一庭"],
        period=["2020-W48", "2020-W49", "2020-W49", "2020-W49", "2020-W50"],
        columns={"filed": np.array([big, big - 1, big, big, big])},
        kinds={"filed": ValueKind.COUNT},
    )
    with pytest.raises(
        InputError,
        match=r"^filed: the sum for court 'b', department '民一庭', period 2020-12 reaches 2\*\*53 "
        r"\(9007199254740992\); counts are exact only below it$",
    ):
        rollup_periods(batch, "month", aggregates={"filed": "sum"})
    fine = rollup_periods(batch.take(np.array([0, 1, 2, 3])), "month", aggregates={"filed": "sum"})
    b = fine.batch
    got = {(b.court_of(i), b.department_of(i), str(b.period_of(i))): b.columns["filed"][i] for i in range(len(b))}
    assert got == {
        ("a", "民一庭", "2020-11"): big,
        ("a", "民一庭", "2020-12"): big - 1,
        ("b", "刑一庭", "2020-12"): big,
        ("b", "民一庭", "2020-12"): big,
    }
    # A mean of the same weeks is no sum: 2**52 on average.
    mean = rollup_periods(batch, "month", aggregates={"filed": "mean"}).batch
    assert mean.columns["filed"].max() == big
    # A court-level measure: past 2**53 is past what a batch holds (its value is named).
    hours = SnapshotBatch.from_columns(
        court=["a", "a"], period=["2020-W49", "2020-W50"],
        columns={"hours": np.array([big, big + 2.0])}, kinds={"hours": ValueKind.MEASURE},
    )
    with pytest.raises(
        InputError,
        match=r"^hours: the sum for court 'a', period 2020-12 is 9007199254740994, "
        r"past the largest supported value 2\*\*53$",
    ):
        rollup_periods(hours, "month", aggregates={"hours": "sum"})
    assert rollup_periods(hours, "month", aggregates={"hours": "last"}).batch.columns["hours"].tolist() == [big + 2.0]


def _months(kinds: dict[str, ValueKind], **columns: list[float]) -> SnapshotBatch:
    n = len(next(iter(columns.values())))
    months = ["2022-01", "2022-02", "2022-03", "2022-04"][:n]
    return SnapshotBatch.from_columns(
        court=["jd"] * n,
        period=months,
        columns={k: np.array(v, dtype=np.float64) for k, v in columns.items()},
        kinds=kinds,
    )


def test_choices_over_time_any_and_all() -> None:
    # Options ticked per month (bits A=1, B=2, C=4): January AB, February BC, March B.
    kinds = {"q1": ValueKind.CHOICE, "q2": ValueKind.CHOICE}
    batch = _months(kinds, q1=[3, 6, 2], q2=[3, NAN, 2])
    anyof = rollup_periods(batch, "quarter", aggregates={"q1": "any", "q2": "any"})
    assert anyof.batch.columns["q1"].tolist() == [7.0]  # A, B and C were each ticked once
    assert np.isnan(anyof.batch.columns["q2"][0])  # February not reported: propagated
    allof = rollup_periods(batch, "quarter", aggregates={"q1": "all", "q2": "all"}, missing="skip")
    assert allof.batch.columns["q1"].tolist() == [2.0]  # only B every month
    assert allof.batch.columns["q2"].tolist() == [2.0]  # January and March: B
    skipped = rollup_periods(batch, "quarter", aggregates={"q1": "any", "q2": "any"}, missing="skip")
    assert skipped.batch.columns["q2"].tolist() == [3.0]
    assert skipped.covers(0) == "2022-01..2022-03 (3 of 3 months)"


def test_none_first_and_mean_over_time() -> None:
    kinds = {"rate": ValueKind.MEASURE, "old": ValueKind.COUNT, "staff": ValueKind.COUNT}
    batch = _months(kinds, rate=[0.5, 0.7, 0.9, 0.1], old=[NAN, 5, 6, 7], staff=[10, NAN, 30, 40])
    aggregates = {"rate": "none", "old": "first", "staff": "mean"}
    strict = rollup_periods(batch, "year", aggregates=aggregates).batch
    assert np.isnan(strict.columns["rate"][0])  # a figure not defined over a longer period
    assert np.isnan(strict.columns["old"][0]) and np.isnan(strict.columns["staff"][0])
    lenient = rollup_periods(batch, "year", aggregates=aggregates, missing="skip").batch
    assert lenient.columns["old"].tolist() == [5.0]  # the earliest value provided
    assert lenient.columns["staff"].tolist() == [(10 + 30 + 40) / 3]
    last = rollup_periods(batch, "quarter", aggregates={**aggregates, "old": "last"}, missing="skip")
    assert last.batch.columns["old"].tolist() == [6.0, 7.0]


def test_yes_no_any_and_all_over_time() -> None:
    kinds = {"online": ValueKind.YES_NO}
    batch = _months(kinds, online=[1, 0, 1])
    assert rollup_periods(batch, "quarter", aggregates={"online": "any"}).batch.columns["online"].tolist() == [1.0]
    assert rollup_periods(batch, "quarter", aggregates={"online": "all"}).batch.columns["online"].tolist() == [0.0]
    yes = _months(kinds, online=[1, NAN, 1])
    assert rollup_periods(yes, "quarter", aggregates={"online": "all"}, missing="skip").batch.columns["online"].tolist() == [1.0]
    none = _months(kinds, online=[0, NAN, 0])
    assert rollup_periods(none, "quarter", aggregates={"online": "any"}, missing="skip").batch.columns["online"].tolist() == [0.0]


def test_how_many_source_periods_a_target_has() -> None:
    quarters = SnapshotBatch.from_columns(
        court=["jd"] * 2, period=["2022-Q1", "2022-Q3"], columns={"n": np.array([1.0, 2.0])}
    )
    year = rollup_periods(quarters, "year", aggregates={"n": "sum"})
    assert year.covers(0) == "2022-Q1..2022-Q3 (2 of 4 quarters), partial"
    ytd = rollup_periods(quarters, "ytd", aggregates={"n": "sum"})
    assert [ytd.covers(i) for i in range(2)] == [
        "2022-Q1 (1 of 1 quarter)", "2022-Q1..2022-Q3 (2 of 3 quarters), partial",
    ]
    assert ytd.batch.columns["n"].tolist() == [1.0, 3.0]
    months = _months({"n": ValueKind.COUNT}, n=[1, 2, 3, 4])
    assert rollup_periods(months, "year", aggregates={"n": "sum"}).covers(0) == "2022-01..2022-04 (4 of 12 months), partial"
    q = rollup_periods(months, "quarter", aggregates={"n": "sum"})
    assert [q.covers(i) for i in range(2)] == ["2022-01..2022-03 (3 of 3 months)", "2022-04 (1 of 3 months), partial"]
    assert q.partial.tolist() == [False, True]
    weeks = rollup_periods(_weekly(n=[1, 2]), "year", aggregates={"n": "sum"})
    assert weeks.covers(0) == "2020-W48..2020-W49 (2 of 53 weeks), partial"


@pytest.mark.parametrize(
    ("periods", "to", "message"),
    [
        (["2022-01", "2022-Q2"], "year", r"^the batch mixes months and quarters; roll up one grain at a time$"),
        (["2022-01-01/2022-01-10"], "month", r"^date ranges cannot be rolled up over time"),
        (["2022"], "ytd", r"^years are already whole years"),
        (["2022"], "quarter", r"^a year cannot be rolled up into a quarter: it is longer$"),
    ],
)
def test_what_cannot_be_rolled_up_over_time(periods: list[str], to: str, message: str) -> None:
    batch = SnapshotBatch.from_columns(
        court=["jd"] * len(periods), period=periods, columns={"n": np.ones(len(periods))}
    )
    with pytest.raises(InputError, match=message):
        rollup_periods(batch, to, aggregates={"n": "sum"})


def test_aggregates_that_do_not_fit_the_kind() -> None:
    batch = _months({"n": ValueKind.COUNT, "ok": ValueKind.YES_NO}, n=[1, 2], ok=[1, 0])
    with pytest.raises(InputError) as info:
        rollup_periods(batch, "quarter", aggregates={"n": "all", "ok": "sum"})
    text = str(info.value)
    assert "values.n: aggregate 'all' takes yes/no answers or choices, not count values" in text
    assert "values.ok: aggregate 'sum' takes numbers, not yes_no values" in text
    with pytest.raises(InputError, match=r"aggregates must be a Scheme or a mapping of input to aggregate, not list"):
        rollup_periods(batch, "quarter", aggregates=["sum"])  # type: ignore[arg-type]


# -- year to date equals the year roll-up of the periods up to each ----------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Weeks across two ISO years (2020 has 53), months and quarters across two calendar years.
_GRAINS = {
    "week": ["2020-W50", "2020-W51", "2020-W52", "2020-W53", "2021-W01", "2021-W02", "2021-W03"],
    "month": ["2020-10", "2020-11", "2020-12", "2021-01", "2021-02", "2021-03"],
    "quarter": ["2020-Q3", "2020-Q4", "2021-Q1", "2021-Q2"],
}
_KINDS = {"f": ValueKind.COUNT, "m": ValueKind.MEASURE, "y": ValueKind.YES_NO, "c": ValueKind.CHOICE}
_AGGS = {"f": ["sum", "last", "first", "mean"], "m": ["sum", "mean", "last", "first", "none"], "y": ["any", "all", "last"], "c": ["any", "all", "first"]}


@st.composite
def _ytd_cases(draw: Any) -> tuple[SnapshotBatch, dict[str, str], str]:
    periods = _GRAINS[draw(st.sampled_from(sorted(_GRAINS)))]
    cells = draw(
        st.lists(
            st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["", "民一庭"]), st.sampled_from(periods)),
            min_size=1, max_size=18, unique=True,
        )
    )
    n = len(cells)

    def column(values: Any) -> Any:
        return np.array(draw(st.lists(st.one_of(st.just(NAN), values), min_size=n, max_size=n)), dtype=np.float64)

    batch = SnapshotBatch.from_columns(
        court=[c for c, _, _ in cells],
        department=[d or None for _, d, _ in cells],
        period=[p for _, _, p in cells],
        columns={
            "f": column(st.integers(0, 50).map(float)),
            "m": column(st.floats(0.1, 9.9, allow_nan=False).map(lambda x: round(x, 3))),
            "y": column(st.sampled_from([0.0, 1.0])),
            "c": column(st.integers(0, 7).map(float)),
        },
        kinds=_KINDS,
    )
    aggs = {name: draw(st.sampled_from(options)) for name, options in _AGGS.items()}
    return batch, aggs, draw(st.sampled_from(["propagate", "skip"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ytd_cases())
def test_year_to_date_is_the_year_roll_up_of_the_periods_so_far(case: tuple[SnapshotBatch, dict[str, str], str]) -> None:
    batch, aggs, missing = case
    ytd = rollup_periods(batch, "ytd", aggregates=aggs, missing=missing)  # type: ignore[arg-type]
    got = {
        (ytd.batch.court_of(i), ytd.batch.department_of(i), ytd.batch.period_of(i).end): i for i in range(len(ytd))
    }
    year = {p: (p.iso_year if p.kind.value == "week" else p.start.year) for p in batch.periods}
    want_keys = set()
    for q in batch.periods:
        # The year roll-up of the rows of q's year up to q: the span 1..q, by the old definition.
        rows = np.flatnonzero([year[batch.periods[k]] == year[q] and batch.periods[k].start <= q.start for k in batch.period_index])
        if not len(rows):
            continue
        whole = rollup_periods(batch.take(rows), "year", aggregates=aggs, missing=missing)  # type: ignore[arg-type]
        for j in range(len(whole)):
            key = (whole.batch.court_of(j), whole.batch.department_of(j), q.end)
            want_keys.add(key)
            i = got[key]
            for name in aggs:
                np.testing.assert_array_equal(ytd.batch.columns[name][i], whole.batch.columns[name][j], err_msg=f"{name} {aggs[name]} {key}")
            assert (int(ytd.covered[i]), ytd.sources[int(ytd.first[i])], ytd.sources[int(ytd.last[i])]) == (
                int(whole.covered[j]), whole.sources[int(whole.first[j])], whole.sources[int(whole.last[j])]
            )
            # Expected: weeks 1..N of the ISO year, months January..M, quarters Q1..Qn.
            assert int(ytd.expected[i]) == (q.iso_week if q.kind.value == "week" else q.end.month // (1 if q.kind.value == "month" else 3))
    assert set(got) == want_keys


def test_year_to_date_sums_past_2_53_name_the_row() -> None:
    # b's 民一庭: 2**52 in W01 and W02, so its year to date at W02 reaches 2**53.
    big = 2.0**52
    batch = SnapshotBatch.from_columns(
        court=["a", "b", "b"], department=["民一庭", "民一庭", "民一庭"], period=["2021-W02", "2021-W01", "2021-W02"],
        columns={"filed": np.array([big, big, big])}, kinds={"filed": ValueKind.COUNT},
    )
    with pytest.raises(
        InputError,
        match=r"^filed: the sum for court 'b', department '民一庭', period 2021-01-04/2021-01-17 reaches 2\*\*53",
    ):
        rollup_periods(batch, "ytd", aggregates={"filed": "sum"})
