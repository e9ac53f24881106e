"""dense_codes: integer keys numbered as np.unique numbers them, with or without a sort."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtinfo.base import dense_codes


def test_small_codes_are_numbered_in_order() -> None:
    distinct, inverse = dense_codes([7, 3, 7, -2, 3, 3])
    assert distinct.tolist() == [-2, 3, 7]
    assert inverse.tolist() == [2, 1, 2, 0, 1, 1]
    assert distinct.dtype == inverse.dtype == np.int64


def test_spread_keys_are_sorted_instead() -> None:
    # Two keys 10**12 apart: a table of present keys would take a terabyte.
    distinct, inverse = dense_codes(np.array([10**12, 5, 10**12]))
    assert distinct.tolist() == [5, 10**12] and inverse.tolist() == [1, 0, 1]


def test_no_keys() -> None:
    distinct, inverse = dense_codes(np.empty(0, dtype=np.int64))
    assert len(distinct) == len(inverse) == 0


@given(st.lists(st.integers(-(2**40), 2**40) | st.integers(-50, 50), max_size=200))
def test_as_np_unique_numbers_them(keys: list[int]) -> None:
    distinct, inverse = dense_codes(keys)
    want, want_inverse = np.unique(np.array(keys, dtype=np.int64), return_inverse=True)
    np.testing.assert_array_equal(distinct, want)
    np.testing.assert_array_equal(inverse, want_inverse.reshape(-1))


@pytest.mark.parametrize("low", [0, -(2**62)])
def test_extreme_keys(low: int) -> None:
    keys = np.array([low + 3, low, low + 3], dtype=np.int64)
    distinct, inverse = dense_codes(keys)
    assert distinct.tolist() == [low, low + 3] and inverse.tolist() == [1, 0, 1]
