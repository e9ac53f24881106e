"""Pooled sums give the same bits whatever the order of the rows."""

from __future__ import annotations

import math

import numpy as np

from courtinfo.data import group_sums


def test_measures_sum_to_the_same_bits_in_any_order() -> None:
    rng = np.random.default_rng(7)
    hours = rng.gamma(2.0, 37.3, 5000)
    groups = rng.integers(0, 3, 5000)
    first = group_sums(groups, hours, 3)
    orders_differ = False
    for seed in range(5):
        perm = np.random.default_rng(seed).permutation(5000)
        again = group_sums(groups[perm], hours[perm], 3)
        assert first.tobytes() == again.tobytes()
        plain = np.bincount(groups[perm], weights=hours[perm], minlength=3)
        orders_differ |= plain.tobytes() != first.tobytes()
    # The plain running sum does depend on the order: what the canonical order is for.
    assert orders_differ
    # And the canonical sum is a correctly close one: within a few ulps of the exact sum.
    for g in range(3):
        exact = math.fsum(hours[groups == g])
        assert abs(first[g] - exact) <= 8 * math.ulp(exact)


def test_counts_are_summed_exactly() -> None:
    # 0.1-free whole numbers: 10 + 20 + 2 = 32 and 100 + 300 + 50 = 450, order irrelevant.
    groups = np.array([0, 1, 0, 1, 0, 1])
    values = np.array([10.0, 100.0, 20.0, 300.0, 2.0, 50.0])
    np.testing.assert_array_equal(group_sums(groups, values, 2), [32.0, 450.0])
    # int64 columns too, and rows keyed `size` (no group) are left out.
    keyed = np.array([0, 2, 1, 2])
    out = group_sums(keyed, np.array([5, 7, 11, 13], dtype=np.int64), 2)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [5.0, 11.0])


def test_an_empty_group_sums_to_zero() -> None:
    out = group_sums(np.array([0, 0]), np.array([0.1, 0.2]), 3)
    assert out[1] == 0.0 and out[2] == 0.0
    assert out[0] == 0.1 + 0.2  # ascending: 0.1 then 0.2 (0.30000000000000004)
