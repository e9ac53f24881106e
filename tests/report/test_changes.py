"""Changes against the previous period (环比) and a year earlier (同比)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo import InputError, Period, Results, SnapshotBatch, evaluate
from courtinfo.report import (
    Change,
    ChangeNote,
    Comparison,
    changes,
    comparison_period,
    matching_rows,
)
from tests.report import snap, weekly_scheme


@pytest.fixture(scope="module")
def results() -> Results:
    rows = [
        snap("c1", "2022-W20", "民一庭", sent=4, services=10),
        snap("c1", "2022-W21", "民一庭", sent=5, services=10),
        snap("c1", "2021-W21", "民一庭", sent=2, services=10),
        snap("c1", "2022-W20", "民二庭", sent=0, services=0),  # NAP: zero denominator
        snap("c1", "2022-W21", "民二庭", sent=3, services=10),
        snap("c1", "2022-W20", "刑事庭", sent=0, services=10),  # 0%
        snap("c1", "2022-W21", "刑事庭", sent=2, services=10),
        snap("c1", "2022-W20", "立案庭", services=10),  # NA: sent missing
        snap("c1", "2022-W21", "立案庭", sent=6, services=10),
        snap("c1", "2022-W19", "审监庭", sent=1, services=10),  # a gap: no W20
        snap("c1", "2022-W21", "审监庭", sent=1, services=10),
        snap("c1", "2022-W20", None, sent=9, services=40),  # court level, not 民一庭
        snap("c2", "2022-W20", "民一庭", sent=1, services=2),  # another court
    ]
    return evaluate(weekly_scheme(), rows)


def at(
    results: Results,
    court: str,
    period: str,
    dept: str | None,
    comparison: Comparison | str = Comparison.PREVIOUS,
) -> Change:
    (i,) = results.select(court=court, period=period, department=dept or "")
    return changes(results, "e_service", comparison).at(i)


def test_week_over_week_absolute_and_relative(results: Results) -> None:
    c = at(results, "c1", "2022-W21", "民一庭")
    assert c.previous_period == Period.parse("2022-W20")
    assert (c.current, c.previous) == (0.5, 0.4)
    assert c.absolute == pytest.approx(0.1)
    assert c.relative == pytest.approx(0.25)
    assert c.note is ChangeNote.OK and c.note_text == ""


def test_first_period_has_no_previous(results: Results) -> None:
    c = at(results, "c1", "2022-W20", "民一庭")
    assert (c.absolute, c.relative, c.previous) == (None, None, None)
    assert c.note_text == "no previous period"
    assert c.previous_period == Period.parse("2022-W19")


def test_gap_in_the_series_is_no_previous_period(results: Results) -> None:
    c = at(results, "c1", "2022-W21", "审监庭")
    assert c.note is ChangeNote.NO_PREVIOUS and c.absolute is None


def test_previous_zero_gives_absolute_but_no_relative(results: Results) -> None:
    c = at(results, "c1", "2022-W21", "刑事庭")
    assert c.previous == 0.0
    assert c.absolute == pytest.approx(0.2)
    assert c.relative is None
    assert c.note is ChangeNote.PREVIOUS_ZERO
    ch = changes(results, "e_service")
    assert not np.isinf(ch.relative).any()


def test_previous_not_applicable_or_not_provided_gives_none(results: Results) -> None:
    nap = at(results, "c1", "2022-W21", "民二庭")
    assert (nap.absolute, nap.relative) == (None, None)
    assert nap.note_text == "previous value not applicable"
    na = at(results, "c1", "2022-W21", "立案庭")
    assert (na.absolute, na.relative) == (None, None)
    assert na.note is ChangeNote.PREVIOUS_NOT_PROVIDED


def test_rows_match_on_court_and_department(results: Results) -> None:
    b = results.batch
    prev = matching_rows(b)
    for i in range(len(b)):
        j = int(prev[i])
        if j >= 0:
            assert b.court_of(j) == b.court_of(i)
            assert b.department_of(j) == b.department_of(i)
            assert b.period_of(j) == b.period_of(i).previous()


def test_year_over_year_same_iso_week(results: Results) -> None:
    c = at(results, "c1", "2022-W21", "民一庭", Comparison.YEAR_AGO)
    assert c.previous_period == Period.parse("2021-W21")
    assert c.absolute == pytest.approx(0.3)
    assert c.relative == pytest.approx(1.5)
    assert at(results, "c1", "2022-W21", "刑事庭", "year_ago").note is ChangeNote.NO_PREVIOUS


def test_comparison_by_its_value_and_an_unknown_one(results: Results) -> None:
    # A comparison given as text is the same comparison everywhere: "previous" was once taken
    # for a year-ago comparison by matching_rows and comparison_period.
    batch = results.batch
    for comp in Comparison:
        assert matching_rows(batch, comp.value).tolist() == matching_rows(batch, comp).tolist()
    w21 = Period.parse("2022-W21")
    assert comparison_period(w21, "previous") == Period.parse("2022-W20")  # type: ignore[arg-type]
    want = (
        "comparison 'sideways' is not one of 'previous', 'year_ago' "
        "(previous: 环比, the period before; year_ago: 同比, a year earlier)"
    )
    for call in (
        lambda: changes(results, "e_service", "sideways"),
        lambda: matching_rows(batch, "sideways"),  # type: ignore[arg-type]
        lambda: comparison_period(w21, "sideways"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InputError) as info:
            call()
        assert str(info.value) == want


def test_comparison_periods() -> None:
    assert comparison_period(Period.parse("2021-W01"), Comparison.PREVIOUS) == Period.parse(
        "2020-W53"
    )
    # 2019 has 52 ISO weeks: week 53 of 2020 has no same week a year earlier.
    assert comparison_period(Period.parse("2020-W53"), Comparison.YEAR_AGO) is None
    assert comparison_period(Period.parse("2022-05"), Comparison.PREVIOUS) == Period.parse(
        "2022-04"
    )
    assert comparison_period(Period.parse("2022-Q2"), Comparison.YEAR_AGO) == Period.parse(
        "2021-Q2"
    )


def test_week_53_year_over_year_is_no_previous_period() -> None:
    res = evaluate(
        weekly_scheme(),
        [
            snap("c", "2020-W53", "民一庭", sent=1, services=2),
            snap("c", "2019-W52", "民一庭", sent=1, services=2),
        ],
    )
    (i,) = res.select(period="2020-W53")
    c = changes(res, "e_service", Comparison.YEAR_AGO).at(i)
    assert c.previous_period is None and c.note is ChangeNote.NO_PREVIOUS


def test_matching_rows_agrees_with_a_dictionary_on_a_shuffled_batch() -> None:
    rng = np.random.default_rng(1)
    weeks = [Period.parse("2022-W01").shift(k) for k in range(30)]
    keys = [(c, d, w) for c in range(40) for d in range(6) for w in range(30)]
    keep = rng.random(len(keys)) < 0.8  # leave gaps
    picked = [k for k, m in zip(keys, keep, strict=True) if m]
    order = rng.permutation(len(picked))
    picked = [picked[i] for i in order]
    batch = SnapshotBatch.from_columns(
        court=[f"c{c}" for c, _, _ in picked],
        department=[f"d{d}" if d else None for _, d, _ in picked],
        period=[weeks[w] for _, _, w in picked],
        columns={"sent": np.ones(len(picked)), "services": np.full(len(picked), 2.0)},
    )
    where = {k: i for i, k in enumerate(picked)}
    expected = [where.get((c, d, w - 1), -1) for c, d, w in picked]
    np.testing.assert_array_equal(matching_rows(batch), expected)


def test_empty_and_relative_values_are_nan_not_inf() -> None:
    res = evaluate(weekly_scheme(), [snap("c", "2022-W20", "民一庭", sent=0, services=5)])
    ch = changes(res, "e_service")
    assert math.isnan(float(ch.absolute[0])) and math.isnan(float(ch.relative[0]))


def test_a_flagged_previous_value_says_so() -> None:
    from courtinfo import evaluate
    from tests import national

    # b's 执行局: 12 sealed of 10 in week 20 (flagged), 6 of 10 in week 21.
    res = evaluate(
        national.SCHEME,
        national.weeks({"2022-W20": 12, "2022-W21": 6}),
        courts=national.tree(),
        invalid="flag",
    )
    row = res.select(court="b", department="执行局", period="2022-W21")[0]
    c = changes(res, "e_seal_rate").at(row)
    assert (c.absolute, c.note, c.note.text_zh) == (None, ChangeNote.PREVIOUS_INVALID, "上期数据有误")
    assert c.note_text == "previous value invalid"
    a = changes(res, "e_seal_rate").at(res.select(court="a", department="执行局", period="2022-W21")[0])
    assert (a.absolute, a.note) == (0.0, ChangeNote.OK)  # 5/10 both weeks


def test_a_negative_earlier_value_gives_the_direction_of_the_change() -> None:
    from tests.io.test_signed import SCHEME  # 收案同比增幅 = 收案增减数 (signed) ÷ 上年收案数

    # 收案同比增幅 −20% in 2021, −10% in 2022, +10% in 2023. 2022 rose by 10 points, +50% of
    # |−20%| (not −50%); 2023 rose by 20 points, +200% of |−10%|.
    batch = SnapshotBatch.from_columns(
        court=["a"] * 3, period=["2021", "2022", "2023"],
        columns={"change": np.array([-20.0, -10.0, 10.0]), "base": np.array([100.0] * 3)},
        signed=frozenset({"change"}),
    )
    res = evaluate(SCHEME, batch)
    ch = changes(res, "growth", Comparison.PREVIOUS)
    assert ch.absolute[1:].tolist() == pytest.approx([0.1, 0.2], abs=1e-15)
    assert ch.relative[1:].tolist() == pytest.approx([0.5, 2.0], abs=1e-15)
