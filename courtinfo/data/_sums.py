"""Sums per group that give the same bits whatever the order of the rows.

Floating-point addition is not associative: Σ over the same numbers in another order can
differ in the last bit. Peer figures and roll-ups must not depend on how rows were read,
shuffled or split into partitions, so every pooled sum goes through `group_sums`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from courtinfo.data._values import MAX_COUNT, FloatArray


def _exact_in_any_order(values: FloatArray) -> bool:
    """Whole numbers whose absolute total stays below 2**53: every partial sum is exact."""
    with np.errstate(invalid="ignore", over="ignore"):
        if not float(np.abs(values).sum()) < MAX_COUNT:
            return False  # also NaN or infinity
        return bool((values == np.floor(values)).all())


def group_sums(
    groups: npt.NDArray[np.integer[Any]], values: npt.NDArray[Any], size: int
) -> FloatArray:
    """Σ `values` per group 0..size-1 (`groups` may hold `size` for rows in no group).

    The result depends only on the multiset of values in each group: whole numbers below
    2**53 (counts) add exactly in any order; any other column is added in a canonical
    order, ascending by value within each group. Values must not be NaN.
    """
    values = values.astype(np.float64, copy=False)
    if _exact_in_any_order(values):
        out = np.bincount(groups, weights=values, minlength=size + 1)
    else:
        order = np.lexsort((values, groups))
        out = np.bincount(groups[order], weights=values[order], minlength=size + 1)
    return out[:size].astype(np.float64, copy=False)
