"""Integer keys numbered densely: the grouping step of the exports and the reason tables."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

#: Keys spread over more than this many times their count (plus a slack for short arrays)
#: are sorted instead: the table of present keys would cost more than the sort.
_SPREAD = 4
_SLACK = 4096


def dense_codes(keys: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """The distinct integer `keys` in increasing order, and each key's position among them
    (what `np.unique(keys, return_inverse=True)` gives); without a sort where the keys span
    a range small against their count, as codes made of a few small parts do."""
    k = np.asarray(keys, dtype=np.int64).reshape(-1)
    if not len(k):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    low = int(k.min())
    span = int(k.max()) - low + 1
    if span > _SPREAD * len(k) + _SLACK:
        distinct, inverse = np.unique(k, return_inverse=True)
        return distinct, inverse.reshape(-1)
    shifted = k - low if low else k
    present = np.zeros(span, dtype=bool)
    present[shifted] = True
    return np.flatnonzero(present) + low, np.cumsum(present)[shifted] - 1
