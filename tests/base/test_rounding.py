"""Points are rounded half up to 4 places, only at presentation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo import round_half_up


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (0.12345, 0.1235),  # half up, where round() would give 0.1234 (half even)
        (0.00005, 0.0001),
        (2.99995, 3.0),
        (1.0 / 3.0, 0.3333),
        (2.0 / 3.0 * 2, 1.3333),
        (0.0, 0.0),
    ],
)
def test_half_up(x: float, expected: float) -> None:
    assert round_half_up(x) == expected


def test_total_rounds_once_not_the_sum_of_rounded_parts() -> None:
    parts = [1.0 / 3.0] * 3  # each shows as 0.3333; the total is 1.0, not 0.9999
    assert sum(round_half_up(p) for p in parts) == pytest.approx(0.9999)
    assert round_half_up(sum(parts)) == 1.0


def test_numpy_scalars_round_like_floats() -> None:
    # Points are read out of float64 columns; repr(np.float64) is not a decimal literal.
    assert round_half_up(np.float64(0.12345)) == 0.1235
    assert type(round_half_up(np.float64(0.12345))) is float
    assert round_half_up(np.float64(2.99995)) == 3.0
    assert round_half_up(np.int64(2)) == 2.0


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (2.5, 0, 3.0),  # round(2.5) is 2
        (0.125, 2, 0.13),  # round(0.125, 2) is 0.12
        (0.98816568, 4, 0.9882),
        (1.0 / 3.0, 6, 0.333333),
    ],
)
def test_other_places(x: float, places: int, expected: float) -> None:
    assert round_half_up(x, places) == expected


def test_missing_and_infinite_pass_through() -> None:
    assert math.isnan(round_half_up(math.nan))
    assert math.isnan(round_half_up(np.float64(np.nan)))
    assert round_half_up(math.inf) == math.inf


def test_changqing_points_as_published_would_show_them() -> None:
    # 庭审录音录像率 (max 2): 2 × 3833 / 4298 = 1.783620288506282 → 1.7836
    recording = 2 * 3833 / 4298
    assert round_half_up(recording) == 1.7836
    # 多元化解率 (max 1): 2/3 + 1/3 × 163/169 = 0.988165680473373 → 0.9882
    mediation = 2 / 3 + 163 / 169 / 3
    assert round_half_up(mediation) == 0.9882
    # 法条及类案推送 (max 2): 2 × 1/3 = 0.6666… → 0.6667
    push = 2 * (1 / 3)
    assert round_half_up(push) == 0.6667
    # The total adds the unrounded points, then rounds once:
    # 1.783620288… + 0.988165680… + 0.666666666… = 3.438452635… → 3.4385, while the
    # rounded parts would add up to 1.7836 + 0.9882 + 0.6667 = 3.4385 here …
    assert round_half_up(recording + mediation + push) == 3.4385
    # … and differ as soon as the dropped digits add up: three thirds of a point.
    thirds = [1 / 3, 1 / 3, 1 / 3]
    assert round_half_up(sum(thirds)) == 1.0
    assert round(sum(round_half_up(p) for p in thirds), 4) == 0.9999


def test_a_negative_value_rounded_to_nothing_is_plain_zero() -> None:
    import math

    from courtinfo.base import no_negative_zero

    for x in (-0.00004, -1e-12, -0.0):
        out = round_half_up(x, 4)
        assert out == 0.0 and math.copysign(1.0, out) == 1.0, x  # not -0.0, shown '-0.0000'
    assert round_half_up(-0.00005, 4) == -0.0001  # a tie goes away from zero
    assert math.copysign(1.0, no_negative_zero(-0.0)) == 1.0 and no_negative_zero(-2.5) == -2.5
