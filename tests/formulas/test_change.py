"""Changes against an earlier period: 同比/环比 as absolute, relative and percentage-point changes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo.base import FormulaError
from courtinfo.formulas import Change, Env, Status, registry

NAN = math.nan
OK, NA, NAP = Status.OK, Status.NOT_PROVIDED, Status.ZERO_DENOMINATOR


def test_relative_change_reproduces_gushi_figures() -> None:
    # 固始县人民法院, 2022年1-2月 审判质效通报 (一、(二)): 受理审判类案件2313件 (去年同期为2296件),
    # 同比上升0.74%; 旧存670件 (去年同期为220件), 同比上升204.55%.
    growth = Change(of="cases", against="year_ago")
    out = growth.evaluate({"cases": [2313, 670], "cases@year_ago": [2296, 220]})
    np.testing.assert_allclose(out.value, [17 / 2296, 450 / 220], rtol=1e-15)
    assert [round(v * 100, 2) for v in out.value] == [0.74, 204.55]
    np.testing.assert_array_equal(out.status, [OK, OK])
    assert growth.references() == ("cases", "cases@year_ago")


def test_zero_base_gives_absolute_change_but_no_relative_one() -> None:
    # A court with no old cases a year ago and 3 now: +3 cases, but no growth rate (NAP,
    # never an infinity), as report.changes() treats a zero base.
    columns = {"old": [3.0, 0.0], "old@year_ago": [0.0, 0.0]}
    relative = Change(of="old").evaluate(columns)
    assert np.isnan(relative.value).all()
    np.testing.assert_array_equal(relative.status, [NAP, NAP])
    absolute = Change(of="old", measure="absolute").evaluate(columns)
    np.testing.assert_array_equal(absolute.value, [3.0, 0.0])
    np.testing.assert_array_equal(absolute.status, [OK, OK])


def test_first_period_has_no_change() -> None:
    # No row a year earlier: the earlier value is NaN, so the change is not provided.
    out = Change(of="x", against="previous").evaluate({"x": [5.0, NAN], "x@previous": [NAN, 4.0]})
    assert np.isnan(out.value).all()
    np.testing.assert_array_equal(out.status, [NA, NA])


def test_points_change_of_a_rate_may_be_negative() -> None:
    # 结案率 48.38% (1119/2313) against 52.35% a year before: −3.97 个百分点 as a fraction −0.0397.
    out = Change(of="rate", measure="points").evaluate({"rate": [1119 / 2313], "rate@year_ago": [0.5235]})
    assert out.value[0] == pytest.approx(1119 / 2313 - 0.5235, abs=1e-15)
    assert round(out.value[0] * 100, 2) == -3.97


def test_earlier_status_carries_through() -> None:
    # A not-applicable rate last year makes the change not applicable; computed indicators
    # pass their status through Env.status.
    statuses = {"r": np.array([OK, OK], dtype=np.uint8), "r@previous": np.array([OK, NAP], dtype=np.uint8)}
    cols = {"r": np.array([0.5, 0.5]), "r@previous": np.array([0.25, NAN])}
    env = Env(2, cols.__getitem__, statuses.__getitem__, computed={"r"})
    out = Change(of="r", against="previous").compute(env)
    assert out.value[0] == 1.0 and np.isnan(out.value[1])
    np.testing.assert_array_equal(out.status, [OK, NAP])


def test_parameters_are_checked() -> None:
    assert registry.get("change") is Change
    with pytest.raises(FormulaError, match="against"):
        Change(of="x", against="last_year")  # type: ignore[arg-type]
    with pytest.raises(FormulaError, match="measure"):
        Change(of="x", measure="percent")  # type: ignore[arg-type]
    with pytest.raises(FormulaError, match="no '@'"):
        Change(of="x@previous")


def test_a_missing_current_value_over_a_zero_base_is_not_provided() -> None:
    # Nothing reported this year, 0 a year ago: the figure is missing (NA), not a zero base.
    out = Change(of="old").evaluate({"old": [NAN, 2.0], "old@year_ago": [0.0, 0.0]})
    np.testing.assert_array_equal(out.status, [NA, NAP])
    assert np.isnan(out.value).all()
    # (2 − 4) / 4 = −50%: a fall is a value like any other.
    assert Change(of="old").evaluate_one({"old": 2.0, "old@year_ago": 4.0}) == -0.5


def test_of_must_be_one_plain_name() -> None:
    for bad in ("", 3, None, ["x"]):
        with pytest.raises(FormulaError, match=r"`of` must name one input or indicator \(no '@'\)"):
            Change(of=bad)  # type: ignore[arg-type]
    assert Change(of="x", against="previous").earlier == "x@previous"


def test_a_negative_base_gives_the_direction_of_the_change() -> None:
    # A balance (a signed input) of −10 last month, −5 now: up by 5, +50% (上升), not −50%;
    # −10 to +10 is +200%; +10 to −5 is −150% (下降). Over |上期|: 5/10, 20/10, −15/10.
    out = Change(of="balance", against="previous").evaluate(
        {"balance": [-5.0, 10.0, -5.0, -20.0], "balance@previous": [-10.0, -10.0, 10.0, -10.0]}
    )
    np.testing.assert_array_equal(out.value, [0.5, 2.0, -1.5, -1.0])
    np.testing.assert_array_equal(out.status, [OK, OK, OK, OK])
    absolute = Change(of="balance", against="previous", measure="absolute")
    np.testing.assert_array_equal(
        absolute.evaluate({"balance": [-5.0], "balance@previous": [-10.0]}).value, [5.0]
    )
