"""Weighted blends: Jiading's 电子送达适用率 = 发送率 × 75% + 成功率 × 25%."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.base._errors import FormulaError
from courtinfo.formulas import Component, Ratio, Status, WeightedBlend

NAN = math.nan
OK, NA, ZERO = Status.OK, Status.NOT_PROVIDED, Status.ZERO_DENOMINATOR

ESERVICE = WeightedBlend(
    components=(
        Component(weight="75%", ref="send_rate"),
        Component(weight="25%", ref="success_rate"),
    )
)


def test_electronic_service_rate_from_its_two_rates() -> None:
    # send 0.6, success 0.9: 0.6 × 0.75 + 0.9 × 0.25 = 0.45 + 0.225 = 0.675
    out = ESERVICE.evaluate({"send_rate": 0.6, "success_rate": 0.9})
    assert out.value[0] == pytest.approx(0.675, abs=1e-15)
    assert out.status[0] == OK


def test_weights_written_as_text() -> None:
    assert ESERVICE.components[0].weight == 0.75
    assert ESERVICE.components[1].weight == 0.25
    assert Component(weight="2/3", ref="x").weight == 2 / 3
    assert Component(weight=" 1/3 ", ref="x").weight == 1 / 3
    assert Component(weight=1, ref="x").weight == 1.0
    for bad in ("abc", "1/0", True):
        with pytest.raises(FormulaError):
            Component(weight=bad, ref="x")


def test_inline_ratios_as_parts() -> None:
    # 电子送达发送率 = sent / all services; 电子送达成功率 = succeeded / sent.
    # 60 of 100 sent, 54 of 60 succeeded: 0.6 × 0.75 + 0.9 × 0.25 = 0.675
    blend = WeightedBlend(
        components=(
            Component(weight="75%", formula=Ratio("sent", "services")),
            Component(weight="25%", formula=Ratio("succeeded", "sent")),
        )
    )
    assert blend.references() == ("sent", "services", "succeeded", "sent")
    out = blend.evaluate({"services": 100, "sent": 60, "succeeded": 54})
    assert out.value[0] == pytest.approx(0.675, abs=1e-15)


def test_a_part_needs_exactly_one_of_ref_and_formula() -> None:
    with pytest.raises(FormulaError):
        Component(weight=1)
    with pytest.raises(FormulaError):
        Component(weight=1, ref="x", formula=Ratio("a", "b"))


def test_missing_part_is_not_provided_unless_it_defaults() -> None:
    out = ESERVICE.evaluate({"send_rate": 0.6, "success_rate": NAN})
    assert np.isnan(out.value[0])
    assert out.status[0] == NA

    # "0 when absent": the success rate counts as 0 → 0.6 × 0.75 = 0.45
    lenient = WeightedBlend(
        components=(
            Component(weight="75%", ref="send_rate"),
            Component(weight="25%", ref="success_rate", default=0.0),
        )
    )
    out = lenient.evaluate({"send_rate": [0.6, NAN], "success_rate": [NAN, NAN]})
    assert out.value[0] == pytest.approx(0.45, abs=1e-15)
    np.testing.assert_array_equal(out.status, [OK, NA])


def test_default_does_not_hide_a_zero_denominator() -> None:
    # Nothing sent: the success rate has no answer (NAP), which a default must not turn to 0.
    blend = WeightedBlend(
        components=(
            Component(weight="75%", formula=Ratio("sent", "services")),
            Component(weight="25%", formula=Ratio("succeeded", "sent"), default=0.0),
        )
    )
    out = blend.evaluate({"services": 100, "sent": 0, "succeeded": 0})
    assert out.status[0] == ZERO


def test_caps_on_parts_and_on_the_sum() -> None:
    # Part cap: 1.5 is capped to 1.0 → 1.0 × 0.75 + 0.9 × 0.25 = 0.975
    part_capped = WeightedBlend(
        components=(
            Component(weight="75%", ref="send_rate", cap="100%"),
            Component(weight="25%", ref="success_rate"),
        )
    )
    assert part_capped.evaluate_one({"send_rate": 1.5, "success_rate": 0.9}) == pytest.approx(
        0.975, abs=1e-15
    )
    # Sum cap: 1.5 × 0.75 + 0.9 × 0.25 = 1.35 → 1.0
    sum_capped = WeightedBlend(components=ESERVICE.components, cap=1)
    assert sum_capped.evaluate_one({"send_rate": 1.5, "success_rate": 0.9}) == 1.0
    # No cap: 1.35 stays.
    assert ESERVICE.evaluate_one({"send_rate": 1.5, "success_rate": 0.9}) == pytest.approx(
        1.35, abs=1e-15
    )


def test_violations_of_inline_parts_are_passed_on() -> None:
    blend = WeightedBlend(
        components=(
            Component(weight="75%", formula=Ratio("sent", "services")),
            Component(weight="25%", formula=Ratio("succeeded", "sent")),
        )
    )
    out = blend.evaluate({"services": [100, 100], "sent": [60, 60], "succeeded": [54, 61]})
    assert out.violations is not None
    np.testing.assert_array_equal(out.violations, [False, True])
    assert "succeeded" in out.violation


# --- batch and single agree ---------------------------------------------------------------

RATES = st.one_of(st.just(NAN), st.just(0.0), st.just(1.0), st.floats(0.0, 1.0))
COUNTS = st.one_of(
    st.just(NAN), st.just(0.0), st.integers(0, 50).map(float), st.integers(0, 2**53).map(float)
)

BLENDS = [
    ESERVICE,
    WeightedBlend(
        components=(
            Component(weight="75%", ref="send_rate", cap=1),
            Component(weight="25%", ref="success_rate", default=0.0),
        ),
        cap=1,
    ),
    WeightedBlend(
        components=(
            Component(weight="2/3", formula=Ratio("sent", "services", over="cap")),
            Component(weight="1/3", formula=Ratio("succeeded", "sent"), default=0.0),
        ),
        cap="100%",
    ),
]


@given(
    rows=st.lists(st.tuples(RATES, RATES, COUNTS, COUNTS, COUNTS), min_size=1, max_size=12),
    which=st.sampled_from(range(len(BLENDS))),
)
@settings(deadline=None)
def test_batch_and_single_agree(rows: list[tuple[float, ...]], which: int) -> None:
    blend = BLENDS[which]
    names = ("send_rate", "success_rate", "services", "sent", "succeeded")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = blend.evaluate(cols)
        for i, row in enumerate(rows):
            values = dict(zip(names, row, strict=True))
            one = blend.evaluate(values)
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            single = blend.evaluate_one(values)
            assert (single is None and np.isnan(batch.value[i])) or single == batch.value[i]
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    if blend.cap is not None:
        # Weights add up to 1 and every part is a non-negative rate: within [0, 1].
        got = batch.value[~np.isnan(batch.value)]
        assert ((got >= 0.0) & (got <= 1.0)).all()


def test_references_of_named_and_inline_components() -> None:
    blend = WeightedBlend(
        (
            Component(0.5, "hall"),
            Component(0.25, formula=Ratio(["q6_2"], ["q6_1"])),
            Component(0.25, "rec"),
        )
    )
    assert blend.references() == ("hall", "q6_2", "q6_1", "rec")


def test_a_blend_is_a_weighted_mean_of_like_parts_unless_declared() -> None:
    # 电子送达适用率 declares neither: a mean (weights adding up to 1) of two rates.
    assert (ESERVICE.difference, ESERVICE.mixed_units, ESERVICE.cap) == (False, False, None)
    change = WeightedBlend(
        components=(Component(weight=1.0, ref="now"), Component(weight=-1.0, ref="before")),
        difference=True,
    )
    assert (change.difference, change.mixed_units) == (True, False)
    # 本期 0.62 − 上期 0.55 = 7 points (0.07 up to float noise).
    assert change.evaluate({"now": [0.62], "before": [0.55]}).value[0] == pytest.approx(0.07, abs=1e-15)


def test_uncapped_is_the_sum_before_the_blend_s_own_cap() -> None:
    from courtinfo.formulas import Env

    # send 1.5 capped at 100% as a part; success not provided, 0.8 by default; the sum
    # capped at 90%: 1.0 × 0.75 + 0.8 × 0.25 = 0.95 uncapped, 0.9 capped. A second row
    # with success 0.2: 0.75 + 0.05 = 0.8, under the cap either way.
    blend = WeightedBlend(
        components=(
            Component(weight="75%", ref="send_rate", cap=1),
            Component(weight="25%", ref="success_rate", default=0.8),
        ),
        cap="90%",
    )
    env = Env.from_columns({"send_rate": [1.5, 1.5], "success_rate": [NAN, 0.2]})
    np.testing.assert_allclose(blend.uncapped(env).value, [0.95, 0.8], rtol=0, atol=1e-15)
    np.testing.assert_allclose(blend.compute(env).value, [0.9, 0.8], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(blend.uncapped(env).status, [OK, OK])
