"""Capability plus usage: the national evaluation's 多元化解率 and its kin."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base._errors import FormulaError
from courtinfo.formulas import CapabilityUsage, Ratio, Status

NAN = math.nan
OK, NA, ZERO, NOCAP = (
    Status.OK,
    Status.NOT_PROVIDED,
    Status.ZERO_DENOMINATOR,
    Status.NO_CAPABILITY,
)

# 多元化解率, Q30: ① online mediation supported (是), ② 169 mediated cases, ③ 163 of them online.
MEDIATION = CapabilityUsage(
    capability="q30_1", capability_weight="2/3", usage=Ratio("q30_3", "q30_2")
)
CHANGQING = {"q30_1": 1, "q30_2": 169, "q30_3": 163}


def test_online_mediation_rate_changqing() -> None:
    # 2/3 × 1 + 1/3 × 163/169 = 0.666667 + 0.321499 = 0.988165680...
    out = MEDIATION.evaluate(CHANGQING)
    assert out.value[0] == pytest.approx(2 / 3 + 163 / 169 / 3, abs=1e-15)
    assert out.value[0] == pytest.approx(0.98816568, abs=1e-8)
    assert out.status[0] == OK
    assert MEDIATION.capability_weight == 2 / 3
    assert MEDIATION.references() == ("q30_1", "q30_3", "q30_2")


def test_no_capability_scores_zero_by_default() -> None:
    out = MEDIATION.evaluate({"q30_1": 0, "q30_2": 0, "q30_3": NAN})
    assert out.value[0] == 0.0
    assert out.status[0] == OK


def test_no_capability_can_be_not_applicable() -> None:
    nap = CapabilityUsage(
        capability="q30_1",
        capability_weight="2/3",
        usage=Ratio("q30_3", "q30_2"),
        absent="not_applicable",
    )
    out = nap.evaluate({"q30_1": [0, 1], "q30_2": [0, 169], "q30_3": [0, 163]})
    assert np.isnan(out.value[0])
    np.testing.assert_array_equal(out.status, [NOCAP, OK])
    assert Status(out.status[0]).missing_code == "NAP"
    assert out.value[1] == pytest.approx(0.98816568, abs=1e-8)


def test_missing_capability_is_not_provided() -> None:
    out = MEDIATION.evaluate({"q30_1": NAN, "q30_2": 169, "q30_3": 163})
    assert np.isnan(out.value[0])
    assert out.status[0] == NA


def test_missing_usage_with_the_capability_is_not_provided() -> None:
    out = MEDIATION.evaluate({"q30_1": 1, "q30_2": 169, "q30_3": NAN})
    assert np.isnan(out.value[0])
    assert out.status[0] == NA


def test_capability_without_cases_is_not_applicable() -> None:
    # Online mediation supported but no case mediated: the usage rate has no answer.
    out = MEDIATION.evaluate({"q30_1": 1, "q30_2": 0, "q30_3": 0})
    assert np.isnan(out.value[0])
    assert out.status[0] == ZERO


def test_usage_is_capped() -> None:
    # Usage 2.0 is capped at 1: 2/3 + 1/3 × 1 = 1.0.
    allow = CapabilityUsage(
        capability="c", capability_weight="2/3", usage=Ratio("u", "n", over="allow")
    )
    assert allow.evaluate_one({"c": 1, "u": 20, "n": 10}) == pytest.approx(1.0, abs=1e-15)
    # A lower cap: usage counts up to 50% → 2/3 + 1/3 × 0.5 = 0.833333
    half = CapabilityUsage(
        capability="c", capability_weight="2/3", usage=Ratio("u", "n"), usage_cap="50%"
    )
    assert half.evaluate_one({"c": 1, "u": 9, "n": 10}) == pytest.approx(2 / 3 + 0.5 / 3, abs=1e-15)
    # No cap: 2/3 + 1/3 × 2 = 1.333333
    uncapped = CapabilityUsage(
        capability="c", capability_weight="2/3", usage=Ratio("u", "n", over="allow"), usage_cap=None
    )
    assert uncapped.evaluate_one({"c": 1, "u": 20, "n": 10}) == pytest.approx(4 / 3, abs=1e-15)


def test_capability_alone() -> None:
    # Q23 跨域立案: a yes/no question and nothing more; weight 1.
    cross = CapabilityUsage(capability="q23_1", capability_weight=1)
    assert cross.references() == ("q23_1",)
    out = cross.evaluate({"q23_1": [1, 0, NAN]})
    np.testing.assert_array_equal(out.value, [1.0, 0.0, NAN])
    np.testing.assert_array_equal(out.status, [OK, OK, NA])


def test_usage_violations_are_reported_even_without_the_capability() -> None:
    out = MEDIATION.evaluate({"q30_1": [1, 0], "q30_2": [169, 5], "q30_3": [170, 6]})
    assert out.violations is not None
    np.testing.assert_array_equal(out.violations, [True, True])
    assert "q30_3" in out.violation


# --- batch and single agree ---------------------------------------------------------------

YES_NO = st.sampled_from([NAN, 0.0, 1.0])
COUNTS = st.one_of(
    st.just(NAN), st.just(0.0), st.integers(0, 200).map(float), st.integers(0, 2**53).map(float)
)
FORMULAS = [
    MEDIATION,
    CapabilityUsage(
        capability="q30_1",
        capability_weight="2/3",
        usage=Ratio("q30_3", "q30_2", over="allow"),
        absent="not_applicable",
    ),
    CapabilityUsage(
        capability="q30_1", capability_weight="1/2", usage=Ratio("q30_3", "q30_2", over="cap")
    ),
    CapabilityUsage(capability="q30_1", capability_weight=1),
]


@given(
    rows=st.lists(st.tuples(YES_NO, COUNTS, COUNTS), min_size=1, max_size=12),
    which=st.sampled_from(range(len(FORMULAS))),
)
@settings(deadline=None)
def test_batch_and_single_agree(rows: list[tuple[float, float, float]], which: int) -> None:
    formula = FORMULAS[which]
    names = ("q30_1", "q30_2", "q30_3")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = formula.evaluate(cols)
        for i, row in enumerate(rows):
            values = dict(zip(names, row, strict=True))
            one = formula.evaluate(values)
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            single = formula.evaluate_one(values)
            assert (single is None and np.isnan(batch.value[i])) or single == batch.value[i]
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    # Usage is capped at 1 and the weight is at most 1: always within [0, 1].
    got = batch.value[~np.isnan(batch.value)]
    assert ((got >= 0.0) & (got <= 1.0)).all()
    # Courts without the capability: 0 (absent="zero") or NAP (absent="not_applicable").
    without = cols["q30_1"] == 0
    if formula.absent == "zero":
        assert (batch.value[without] == 0.0).all()
    else:
        assert (batch.status[without] == NOCAP).all()


def test_absent_must_be_a_known_rule() -> None:
    with pytest.raises(FormulaError) as info:
        CapabilityUsage(capability="q30_1", capability_weight="2/3", absent="nap")  # type: ignore[arg-type]
    assert str(info.value) == (
        "CapabilityUsage.absent must be one of 'zero', 'not_applicable', not 'nap'"
    )
