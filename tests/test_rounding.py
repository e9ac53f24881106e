"""Points are rounded half up to 4 places, only at presentation."""

from __future__ import annotations

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
