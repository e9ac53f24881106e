"""Presentation rounding: points to 4 decimal places, half up, as published results are."""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_UP, Decimal

from courtinfo.base._arguments import argument

POINT_PLACES = 4


@argument('x', numbers.Real, "a number")
def round_half_up(x: float, places: int = POINT_PLACES) -> float:
    """`x` rounded half up (0.00005 -> 0.0001), unlike Python's round-half-even.

    Ties go away from zero; NaN and infinities pass through. Accepts numpy scalars.
    """
    # float() first: repr of a numpy scalar is "np.float64(0.12345)", not a decimal.
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        return x
    # repr gives the shortest decimal that is this float, so 0.12345 rounds as written.
    quantum = Decimal(1).scaleb(-places)
    return no_negative_zero(float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP)))


def no_negative_zero(x: float) -> float:
    """`x`, with -0.0 made 0.0: a small negative value rounded to nothing is published as
    0.00, never '-0.00' (nor '+-0.00个百分点')."""
    return x + 0.0  # IEEE: -0.0 + 0.0 is +0.0; every other value is unchanged
