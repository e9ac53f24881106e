"""Threshold points: full marks at the threshold, proportional below it."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base._errors import CourtinfoError, FormulaError
from courtinfo.formulas import Status, Threshold
from courtinfo.org import CourtLevel

NAN = math.nan
OK, NA = Status.OK, Status.NOT_PROVIDED


def test_at_least_website_update_days() -> None:
    # 政务网站更新率, Q32 ③: Changqing updated its website on 281 days; with 250 days as the
    # threshold: min(1, 281 / 250 = 1.124) = 1.0. A court with 200 days: 200 / 250 = 0.8.
    updates = Threshold(value="q32_3", threshold=250)
    out = updates.evaluate({"q32_3": [281, 200, 250, 0]})
    np.testing.assert_allclose(out.value, [1.0, 0.8, 1.0, 0.0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out.status, [OK, OK, OK, OK])
    assert updates.comparator == "at_least"
    assert updates.references() == ("q32_3",)


def test_at_most_hotline_waiting_time() -> None:
    # 12368 热线, Q31 ②: Changqing's callers waited 5 s on average. At most 30 s:
    # 5 s → 1.0; 30 s → 1.0; 60 s → 30 / 60 = 0.5; 0 s → 1.0.
    waiting = Threshold(value="q31_2", threshold=30, comparator="at_most")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = waiting.evaluate({"q31_2": [5, 30, 60, 0]})
    np.testing.assert_array_equal(out.value, [1.0, 1.0, 0.5, 1.0])


def test_missing_value_is_not_provided() -> None:
    out = Threshold(value="q32_3", threshold=250).evaluate({"q32_3": NAN})
    assert np.isnan(out.value[0])
    assert out.status[0] == NA


def test_thresholds_by_court_level() -> None:
    # 信息化人才达标率, Q40 ①: Changqing (basic) has 5 IT staff. Thresholds (illustrative):
    # high court 20, intermediate 10, basic 5, otherwise 5.
    staff = Threshold(
        value="q40_1", threshold=5, by_level={"high": 20, "intermediate": 10, "basic": 5}
    )
    levels = np.array(
        [
            CourtLevel.BASIC.rank,
            CourtLevel.INTERMEDIATE.rank,
            CourtLevel.HIGH.rank,
            NAN,
            CourtLevel.TRIBUNAL.rank,
        ],
        dtype=np.float64,
    )
    out = staff.evaluate({"q40_1": 5}, court_level=levels)
    # basic 5/5 = 1; intermediate 5/10 = 0.5; high 5/20 = 0.25; unknown and tribunal use 5: 1.
    np.testing.assert_array_equal(out.value, [1.0, 0.5, 0.25, 1.0, 1.0])
    assert staff.by_level == {"high": 20.0, "intermediate": 10.0, "basic": 5.0}


def test_by_level_accepts_court_level_members() -> None:
    staff = Threshold(value="x", threshold=5, by_level={CourtLevel.INTERMEDIATE: 10})
    assert staff.by_level == {"intermediate": 10.0}


@pytest.mark.parametrize("bad", [0, -1, NAN])
def test_threshold_must_be_positive(bad: float) -> None:
    with pytest.raises(FormulaError):
        Threshold(value="x", threshold=bad)
    with pytest.raises(FormulaError):
        Threshold(value="x", threshold=1, by_level={"basic": bad})


def test_unknown_level_is_a_courtinfo_error() -> None:
    with pytest.raises(CourtinfoError):
        Threshold(value="x", threshold=1, by_level={"county": 3})


# --- batch and single agree ---------------------------------------------------------------

VALUES = st.one_of(
    st.just(NAN), st.just(0.0), st.integers(0, 400).map(float), st.integers(0, 2**53).map(float)
)
LEVELS = st.sampled_from([NAN, 0.0, 1.0, 2.0, 3.0, 4.0])
FORMULAS = [
    Threshold(value="v", threshold=250),
    Threshold(value="v", threshold=30, comparator="at_most"),
    Threshold(value="v", threshold=5, by_level={"high": 20, "intermediate": 10, "basic": 5}),
    Threshold(value="v", threshold=7, comparator="at_most", by_level={"tribunal": 0.5}),
]


@given(
    rows=st.lists(st.tuples(VALUES, LEVELS), min_size=1, max_size=12),
    which=st.sampled_from(range(len(FORMULAS))),
)
@settings(deadline=None)
def test_batch_and_single_agree(rows: list[tuple[float, float]], which: int) -> None:
    formula = FORMULAS[which]
    values = np.array([r[0] for r in rows])
    levels = np.array([r[1] for r in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = formula.evaluate({"v": values}, court_level=levels)
        for i, (v, level) in enumerate(rows):
            one = formula.evaluate({"v": v}, court_level=np.array([level]))
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            if not formula.by_level:
                single = formula.evaluate_one({"v": v})
                assert (single is None and np.isnan(batch.value[i])) or single == batch.value[i]
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    got = batch.value[~np.isnan(batch.value)]
    assert ((got >= 0.0) & (got <= 1.0)).all()


def test_a_rate_threshold_written_as_the_documents_write_it() -> None:
    # Jiaozuo (焦中法〔2022〕77号) 网上立案: 网上立案率达到99%以上. A court at 90%:
    # 0.9 / 0.99 = 0.909090…; at 99.5%: full marks.
    filing = Threshold(value="online_filing_rate", threshold="99%")
    assert filing.threshold == pytest.approx(0.99, abs=1e-15)
    out = filing.evaluate({"online_filing_rate": [0.9, 0.995, 0.99]})
    np.testing.assert_allclose(out.value, [0.9 / 0.99, 1.0, 1.0], rtol=0, atol=1e-15)
    assert out.value[0] == pytest.approx(0.9090909091, abs=1e-10)
    assert Threshold(value="x", threshold="45%", by_level={"basic": "60%"}).by_level == {
        "basic": 0.6
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"comparator": "at-least"}, "Threshold.comparator must be one of 'at_least', 'at_most'"),
        ({"threshold": True}, "Threshold: threshold: True is a yes/no, not a number"),
        ({"threshold": "many"}, "Threshold: threshold: 'many' is not a number"),
        ({"by_level": {"basic": "x"}}, "Threshold: by_level['basic']: 'x' is not a number"),
        ({"by_level": {"county": 1}}, "Threshold: by_level: 'county' is not a court level"),
        ({"by_level": 3}, "Threshold: by_level: 3 is not a table of court level to threshold"),
    ],
)
def test_bad_parameters_are_formula_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(FormulaError) as info:
        Threshold(**{"value": "x", "threshold": 5, **kwargs})  # type: ignore[arg-type]
    assert message in str(info.value)

