"""What the strategies read from a scheme's formulas: rules on drawn inputs, and rules over
other indicators, options and earlier periods checked on the drawn rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtinfo import MetricSnapshot, Period, ValidationError, evaluate
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme, load_scheme
from courtinfo.testing import strategies as cst
from courtinfo.testing._rules import keep_cross_rules, plan

CROSS = load_scheme(Path(__file__).parent / "data" / "cross-rules.toml")
W1, W2, W3 = (Period.week(2022, w) for w in (1, 2, 3))


def test_rules_over_inputs_are_drawn_and_the_others_checked() -> None:
    p = plan(CROSS)
    assert [(r.indicator, r.numerator, r.denominator) for r in p.rules] == [
        ("closure_rate", ("closed",), ("filed",))
    ]
    assert [(r.indicator, r.inputs, r.shifts) for r in p.cross] == [
        ("rate_per_hour", ("hours", "closed", "filed"), ()),
        ("filed_vs_last_week", ("filed",), ("previous",)),
        ("online_share", ("online", "closed"), ()),
        # over = "allow" but unsigned: a negative change is still a broken rule.
        ("change_share", ("filed", "closed"), ()),
    ]
    # The shipped schemes' ratios all read drawn inputs: nothing to check after drawing.
    assert plan(get_scheme("shanghai-2022")).cross == ()


def test_a_row_breaking_a_rule_over_a_derived_indicator_loses_what_it_reads() -> None:
    p = plan(CROSS)
    # closure_rate 1/2 = 0.5 over 0.25 hours: the derived numerator is above its denominator.
    bad = {"filed": 2, "closed": 1, "hours": 0.25, "online": frozenset("B")}
    good = {"filed": 2, "closed": 1, "hours": 3.0, "online": frozenset("B")}
    with pytest.raises(ValidationError, match=r"\(closure_rate\) must not exceed \(hours\)"):
        evaluate(CROSS, MetricSnapshot("c1", W1, values=bad))
    kept = keep_cross_rules(p, [("c1", None, W1, bad), ("c2", None, W1, good)])
    assert [s.values for s in kept] == [{"online": frozenset("B")}, good]
    assert len(evaluate(CROSS, kept)) == 2


def test_a_rule_over_an_earlier_period_empties_both_weeks() -> None:
    p = plan(CROSS)
    rows = [
        ("c2", None, W2, {"filed": 9, "closed": 0, "hours": 1.0}),  # no week 1 of c2: NA
        ("c1", None, W1, {"filed": 3, "closed": 0, "hours": 1.0}),
        ("c1", None, W2, {"filed": 5, "closed": 0, "hours": 1.0}),  # 5 filed > 3 last week
        ("c1", None, W3, {"filed": 5, "closed": 0, "hours": 1.0}),  # 5 <= 5
    ]
    kept = keep_cross_rules(p, rows)
    # Both weeks of the broken pair lose their filings (the earlier one is row 1); week 3
    # then has no week 2 figure to be held against, and keeps its own.
    assert [s.values.get("filed") for s in kept] == [9, None, None, 5]
    # The same rows with the earlier week first (row 0).
    first = keep_cross_rules(p, [*rows[1:], rows[0]])
    assert [s.values.get("filed") for s in first] == [None, None, 5, 9]
    assert [s.values.get("hours") for s in kept] == [1.0, 1.0, 1.0, 1.0]
    results = evaluate(CROSS, kept)
    assert results.statuses["filed_vs_last_week"].tolist() == [Status.NOT_PROVIDED] * 4


def test_an_option_over_a_zero_count_and_a_negative_change_are_caught() -> None:
    p = plan(CROSS)
    rows = [
        ("c1", None, W1, {"filed": 4, "closed": 0, "online": frozenset("A")}),  # 1 > 0
        ("c2", None, W1, {"filed": 4, "closed": 3, "hours": 9.0}),
        ("c2", None, W2, {"filed": 4, "closed": 1, "hours": 9.0}),  # change 1 - 3 = -2
    ]
    kept = keep_cross_rules(p, rows)
    assert [s.values for s in kept] == [
        {"filed": 4},
        # The change reads week 1 through the derived indicator: only week 2 is emptied.
        {"filed": 4, "closed": 3, "hours": 9.0},
        {"hours": 9.0},
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=cst.batches(CROSS, rows=st.integers(1, 10), courts=("c1", "c2"), departments=(None,)),
    snap=cst.snapshots(CROSS),
)
def test_drawn_data_keep_every_rule_across_weeks(batch, snap) -> None:  # type: ignore[no-untyped-def]
    assert len(evaluate(CROSS, batch)) == len(batch)
    assert len(evaluate(CROSS, snap)) == 1
