"""Small batches: a scheme's plain ratios computed together, as the rows of one array.

A case-management system evaluates one snapshot per request. Then numpy's cost per call,
not per row, dominates, and a scheme has a dozen ratios of a few inputs each. Here their
sums are gathered from one stacked array of inputs and divided by one call of `ratio_arrays`,
each row under its own ratio's policy (capped, not above its denominator, not negative): the
arithmetic of `Ratio.compute`, term by term in the same order, so the numbers are identical to
computing each ratio on its own (tests compare both ways).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.data import BoolArray, FloatArray, IntArray
from courtinfo.formulas import PerCaseAverage, Ratio, StatusArray, ratio_arrays, term_name
from courtinfo.indicators import Indicator


@attrs.frozen(eq=False)
class RatioGroup:
    """Ratios over plain inputs: which inputs, gathered how, signed how, under which policy.

    Term j of every ratio is gathered in one `take`; `num_sign[j]` is None when no
    ratio's term j subtracts (most sums), so that nothing is multiplied needlessly.
    """

    indicators: tuple[Indicator, ...]
    names: tuple[str, ...]
    num_index: tuple[IntArray, ...]
    num_sign: tuple[FloatArray | None, ...]
    den_index: tuple[IntArray, ...]
    den_sign: tuple[FloatArray | None, ...]
    cap: bool | BoolArray
    forbid_over: bool | BoolArray
    check_sign: bool | BoolArray
    fallbacks: bool
    """Whether an input read has a fallback input (so needs the evaluator's lookup)."""

    codes: tuple[str, ...] = attrs.field(init=False)
    """The indicators' codes, in the order of the rows computed."""

    @codes.default
    def _codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def compute(
        self, columns: list[FloatArray], n: int
    ) -> tuple[FloatArray, StatusArray, npt.NDArray[np.bool_] | None]:
        """Values, statuses and broken rows, one row of each per indicator.

        `columns` are the inputs named by `names`, in that order, each of `n` rows.
        """
        # One copy of every input, and a last row of zeros that pads the shorter sums.
        stacked = np.concatenate([*columns, np.zeros(n)]).reshape(len(columns) + 1, n)
        num = _sums(stacked, self.num_index, self.num_sign)
        den = _sums(stacked, self.den_index, self.den_sign)
        return ratio_arrays(
            num,
            den,
            None,
            None,
            cap=self.cap,
            forbid_over=self.forbid_over,
            check_sign=self.check_sign,
        )


def ratio_groups(
    indicators: Iterable[Indicator],
    computed: Collection[str],
    fallbacks: Collection[str] = (),
    signed: Collection[str] = (),
) -> list[RatioGroup]:
    """The plain ratios among `indicators` as one group (none if fewer than two).

    `computed` names the indicators (a ratio over them is not plain); `fallbacks` the
    inputs that have a fallback input; `signed` the inputs that may be negative.
    """
    plain: list[Indicator] = []
    for ind in indicators:
        f = ind.formula
        if type(f) not in (Ratio, PerCaseAverage) or not isinstance(f, Ratio):
            continue  # a subclass may compute differently
        if f.scale != 1.0 or f.signed:
            continue  # scaled or signed: computed on its own
        terms = (*f.numerator, *f.denominator)
        if any(":" in t or "@" in t or term_name(t) in computed for t in terms):
            continue
        if any(term_name(t) in signed for t in terms):
            continue  # may be negative: its own sign check
        plain.append(ind)
    return [_group(plain, fallbacks)] if len(plain) > 1 else []


def _group(indicators: list[Indicator], fallbacks: Collection[str]) -> RatioGroup:
    ratios = [i.formula for i in indicators if isinstance(i.formula, Ratio)]
    assert len(ratios) == len(indicators)
    names = tuple(dict.fromkeys(term_name(t) for r in ratios for t in r.references()))
    position = {name: j for j, name in enumerate(names)}

    def layout(
        sides: list[tuple[str, ...]],
    ) -> tuple[tuple[IntArray, ...], tuple[FloatArray | None, ...]]:
        width = max(len(terms) for terms in sides)
        index = np.full((len(sides), width), len(names), dtype=np.int64)
        sign = np.ones((len(sides), width))
        for k, terms in enumerate(sides):
            for j, term in enumerate(terms):
                index[k, j] = position[term_name(term)]
                sign[k, j] = -1.0 if term.startswith("-") else 1.0
        signs = [None if (sign[:, j] == 1).all() else sign[:, j : j + 1].copy() for j in range(width)]
        return tuple(index[:, j].copy() for j in range(width)), tuple(signs)

    num_index, num_sign = layout([r.numerator for r in ratios])
    den_index, den_sign = layout([r.denominator for r in ratios])
    return RatioGroup(
        tuple(indicators),
        names,
        num_index,
        num_sign,
        den_index,
        den_sign,
        cap=_per_row([r.over == "cap" for r in ratios]),
        forbid_over=_per_row([r.over == "error" for r in ratios]),
        check_sign=_per_row(
            [any(t.startswith("-") for t in (*r.numerator, *r.denominator)) for r in ratios]
        ),
        fallbacks=any(name in fallbacks for name in names),
    )


def _per_row(flags: list[bool]) -> bool | BoolArray:
    """One flag for every row when they agree, else a column of them (one per ratio)."""
    if all(flags) or not any(flags):
        return flags[0]
    return np.array(flags)[:, None]


def _sums(
    stacked: FloatArray, index: tuple[IntArray, ...], sign: tuple[FloatArray | None, ...]
) -> FloatArray:
    """Per ratio, its signed terms added left to right, as `signed_sum` adds them."""
    total = _term(stacked, index[0], sign[0])
    for j in range(1, len(index)):
        total += _term(stacked, index[j], sign[j])
    return total


def _term(stacked: FloatArray, index: IntArray, sign: FloatArray | None) -> FloatArray:
    # x * -1.0 is exactly -x, and a + -x exactly a - x: the sums match `signed_sum`'s.
    column = stacked.take(index, axis=0)
    return column if sign is None else column * sign
