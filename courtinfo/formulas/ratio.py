"""Ratio of sums and per-case averages (rates such as 庭审录音录像率, 案均网上阅卷数).

One definition of the arithmetic serves one ratio over a batch (`Ratio.compute`) and a group
of ratios computed together as the rows of one 2-D array (`Ratio.compute_many`, which a
small batch such as one snapshot needs: numpy's cost per call, not per row, dominates it).
Both add their signed terms with `add_terms` and divide with `ratio_arrays`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import FormulaError, argument
from courtinfo.data import BoolArray, FloatArray, IntArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, blanks, worst
from courtinfo.formulas._params import (
    name_of_term,
    of_kind,
    one_of,
    parameter,
    refused,
    some_names,
    term_name,
    weight,
)
from courtinfo.formulas.registry import register

#: What a numerator above its denominator means: an input error, a value to cap at 1,
#: or a legitimate value above 1 (online filings counting other case types).
OverPolicy = Literal["error", "cap", "allow"]

#: A term's sign: None adds it, -1.0 subtracts it, a column of ±1.0 does either per row
#: (any other number multiplies the term).
Sign = float | FloatArray | None


def add_terms(columns: Sequence[FloatArray], signs: Sequence[Sign]) -> FloatArray:
    """Σ of the signed columns, added left to right.

    x × -1.0 is exactly -x and a + -x exactly a - x, so a column of signs gives the same
    sums as subtracting. The caller's columns are never written to.
    """
    first, sign = columns[0], signs[0]
    if sign is None:
        total = first
    elif isinstance(sign, float) and sign == -1.0:
        total = -first
    else:
        total = first * sign
    owned = total is not first
    for col, sign in zip(columns[1:], signs[1:], strict=True):
        out = total if owned else None
        if sign is None:
            total = np.add(total, col, out=out)
        elif isinstance(sign, float) and sign == -1.0:
            total = np.subtract(total, col, out=out)
        else:
            total = np.add(total, col * sign, out=out)
        owned = True
    return total


def total_of(terms: Sequence[str], column: Callable[[str], FloatArray]) -> FloatArray:
    """`sum_terms` without its argument check, for the formulas' own terms."""
    return add_terms(
        [column(name_of_term(t)) for t in terms],
        [-1.0 if t.startswith("-") else None for t in terms],
    )


@argument('terms', tuple, "a non-empty tuple of terms such as ('q6_1', '-q6_2')", FormulaError)
def sum_terms(terms: tuple[str, ...], column: Callable[[str], FloatArray]) -> FloatArray:
    """Σ of the terms' columns (``-x`` subtracts x's), added as a ratio adds them: the one
    sum of signed terms. `column` gives each name's column (NaN: not provided)."""
    if not terms:
        msg = "sum_terms: terms must not be empty"
        raise FormulaError(msg)
    return total_of(terms, column)


def signed_sum(env: Env, terms: tuple[str, ...]) -> tuple[FloatArray, StatusArray | None]:
    """Σ of the terms (``-x`` subtracts x) and the worst status among them.

    The status is None when every term is a plain input: the sum is then NaN exactly where
    a term is not provided, and its NaN-ness is the status.
    """
    if not terms:
        return np.zeros(env.n), None
    total = total_of(terms, env.get)
    derived = [env.status(n) for n in map(name_of_term, terms) if env.derived(n)]
    if not derived:
        return total, None
    status = worst(*derived)
    # A derived term's value is NaN wherever its status is not OK, so inputs add only NA.
    return total, np.maximum(status, np.isnan(total).view(np.uint8))


def ratio_arrays(
    num: FloatArray,
    den: FloatArray,
    num_status: StatusArray | None,
    den_status: StatusArray | None,
    *,
    cap: bool | BoolArray,
    forbid_over: bool | BoolArray,
    check_sign: bool | BoolArray,
) -> tuple[FloatArray, StatusArray, BoolArray | None]:
    """num / den of arrays of any shape: values, statuses and rows breaking the rule.

    `cap` (limit values to 1), `forbid_over` (a numerator above its denominator breaks the
    rule) and `check_sign` (a negative sum breaks it) hold for every row, or are given per
    row of a 2-D num/den as a column of booleans (ratios computed together).
    """
    zero = den == 0.0  # a float: numpy compares with it faster than with the int 0
    # NaN where the denominator is 0, the denominator elsewhere (a 0 is blanked, so -0.0
    # becoming 0.0 is no matter): the plain division then gives NaN exactly where a figure
    # is missing or the denominator is 0, with no masked division and no warning to silence.
    value = blanks(zero)
    np.add(den, value, out=value)
    if num.shape == value.shape:
        np.divide(num, value, out=value)
    else:
        value = num / value
    if cap is True:
        np.minimum(value, 1.0, out=value)
    elif cap is not False:
        np.minimum(value, 1.0, out=value, where=cap)
    # NaN where a figure is missing (NOT_PROVIDED, 1) or the denominator is 0; a zero
    # denominator adds 1 more, so ZERO_DENOMINATOR (2) wins even if the numerator is missing.
    status = np.isnan(value).view(np.uint8)
    np.add(status, zero.view(np.uint8), out=status)
    if num_status is not None or den_status is not None:
        parts = [s for s in (num_status, den_status) if s is not None]
        status = np.maximum(worst(*parts), status)
        status[zero] = Status.ZERO_DENOMINATOR
    broken = None
    if forbid_over is not False:
        broken = num > den if forbid_over is True else (num > den) & forbid_over
    if check_sign is not False:
        negative = (num < 0) | (den < 0)
        if check_sign is not True:
            negative &= check_sign
        broken = negative if broken is None else broken | negative
    return value, status, broken


def _show(terms: tuple[str, ...]) -> str:
    text = " ".join(t if t.startswith("-") else f"+ {t}" for t in terms).lstrip("+ ")
    return text.replace(" -", " - ")


def scale_factor(value: object) -> float:
    """A constant factor: a positive finite number (365 for days, 100 for a rate ×100)."""
    factor = weight(value, "scale")
    if not (math.isfinite(factor) and factor > 0):
        text = f"{value!r} must be a positive finite number (365 for days, 100 for ×100)"
        raise refused("value", text, "scale")
    return factor


@register("ratio")
@attrs.frozen
class Ratio(Formula):
    """(Σ numerator terms) / (Σ denominator terms) × scale; a zero denominator is not applicable.

    A stock over a flow is a ratio like any other (结收比 = 结案数 ÷ 收案数; CEPEJ disposition
    time = 365 × pending at the end ÷ resolved, with `scale = 365` and `over = "allow"`).
    """

    numerator: tuple[str, ...] = attrs.field(converter=parameter(some_names))  # type: ignore[misc]
    denominator: tuple[str, ...] = attrs.field(converter=parameter(some_names))  # type: ignore[misc]
    over: OverPolicy = attrs.field(default="error", validator=one_of("error", "cap", "allow"))
    scale: float = attrs.field(
        default=1.0,
        converter=parameter(scale_factor),  # type: ignore[misc]
        metadata={"doc": "A constant factor applied to the quotient: 365 for a duration in days, 100 for a rate ×100."},
    )
    signed: bool = attrs.field(
        default=False,
        validator=of_kind(bool, "true or false"),
        metadata={
            "doc": "The sums may be negative (differences, signed inputs), so the value may be "
            "negative; otherwise a negative sum is an input error."
        },
    )

    def references(self) -> tuple[str, ...]:
        return tuple(name_of_term(t) for t in (*self.numerator, *self.denominator))

    def compute(self, env: Env) -> Outcome:
        num, num_status = signed_sum(env, self.numerator)
        den, den_status = signed_sum(env, self.denominator)
        value, status, broken = ratio_arrays(
            num,
            den,
            num_status,
            den_status,
            cap=self.over == "cap",
            forbid_over=self.over == "error",
            check_sign=self._check_sign(env),
        )
        if self.scale != 1.0:
            value = value * self.scale
        out = Outcome(value, status)
        if broken is None or not broken.any():
            return out
        return attrs.evolve(out, violations=broken, violation=self.rule)

    @staticmethod
    def compute_many(
        ratios: Sequence[Ratio] | RatioGroup, columns: Mapping[str, FloatArray]
    ) -> list[Outcome]:
        """Ratios over plain inputs computed together: the same numbers as one at a time.

        `columns` holds every input the ratios read (NaN where not provided), all of one
        length. Build the `RatioGroup` once (`RatioGroup.of`) to compute many batches.
        """
        group = ratios if isinstance(ratios, RatioGroup) else RatioGroup.of(ratios)
        n = len(columns[group.names[0]])
        value, status, broken = group.compute([columns[name] for name in group.names], n)
        out = []
        for k, ratio in enumerate(group.ratios):
            bad = None if broken is None else broken[k]
            if bad is not None and bad.any():
                out.append(Outcome(value[k], status[k], bad, ratio.rule))
            else:
                out.append(Outcome(value[k], status[k]))
        return out

    @property
    def rule(self) -> str:
        """The rule a row breaks when flagged: not above the denominator, or not negative."""
        if self.over == "error":
            return f"({_show(self.numerator)}) must not exceed ({_show(self.denominator)})"
        return _SIGN_RULE

    def _check_sign(self, env: Env) -> bool:
        """Whether the sums may be negative: differences, derived terms or unchecked inputs."""
        if self.signed:
            return False
        terms = (*self.numerator, *self.denominator)
        if not env.nonnegative:
            return True
        return any(
            t.startswith("-") or env.derived(name_of_term(t)) or name_of_term(t) in env.signed
            for t in terms
        )


_SIGN_RULE = "numerator and denominator must not be negative"


@register("per_case_average")
@attrs.frozen
class PerCaseAverage(Ratio):
    """A count per case (案均网上阅卷数 = online file reviews / cases): not a percentage."""

    over: OverPolicy = attrs.field(default="allow", validator=one_of("error", "cap", "allow"))


@attrs.frozen(eq=False)
class RatioGroup:
    """Ratios over plain, non-negative inputs laid out to compute together, one row each.

    Term j of every ratio is gathered from the stacked inputs in one `take`; `num_sign[j]`
    is None when no ratio's term j subtracts (most sums), so nothing is multiplied needlessly.
    Shorter sums are padded with a row of -0.0 (x + -0.0 is x, bit for bit, even for x =
    -0.0, as a ratio alone adds it). `terms` holds both sides' positions at once (numerator
    and denominator, term, ratio), with `signs` per term for both sides: every term of every
    ratio is gathered in one `take` (`compute_rows`).
    """

    ratios: tuple[Ratio, ...]
    names: tuple[str, ...]
    num_index: tuple[IntArray, ...]
    num_sign: tuple[FloatArray | None, ...]
    den_index: tuple[IntArray, ...]
    den_sign: tuple[FloatArray | None, ...]
    cap: bool | BoolArray
    forbid_over: bool | BoolArray
    check_sign: bool | BoolArray
    terms: IntArray
    signs: tuple[FloatArray | None, ...]

    @classmethod
    def of(cls, ratios: Sequence[Ratio]) -> RatioGroup:
        """The layout of `ratios`: unscaled, unsigned ratios whose terms are all inputs that
        cannot be negative (no options, no indicators, no earlier periods)."""
        odd = [r for r in ratios if r.scale != 1.0 or r.signed]
        if odd:
            msg = f"a ratio group takes unscaled, unsigned ratios, not {odd[0]!r}"
            raise FormulaError(msg)
        names = tuple(dict.fromkeys(term_name(t) for r in ratios for t in r.references()))
        position = {name: j for j, name in enumerate(names)}
        # Both sides padded to the longer one's width: a pad term reads the row of -0.0.
        width = max(len(terms) for r in ratios for terms in (r.numerator, r.denominator))
        index = np.full((2, width, len(ratios)), len(names), dtype=np.int64)
        sign = np.ones((2, width, len(ratios), 1))
        for side, sides in enumerate(([r.numerator for r in ratios], [r.denominator for r in ratios])):
            for k, terms in enumerate(sides):
                for j, term in enumerate(terms):
                    index[side, j, k] = position[term_name(term)]
                    sign[side, j, k] = -1.0 if term.startswith("-") else 1.0

        def one_side(side: int) -> tuple[tuple[IntArray, ...], tuple[FloatArray | None, ...]]:
            used = max(len(t) for r in ratios for t in (r.numerator, r.denominator)[side : side + 1])
            return (
                tuple(index[side, j].copy() for j in range(used)),
                tuple(
                    None if (sign[side, j] == 1).all() else sign[side, j].copy()
                    for j in range(used)
                ),
            )

        num_index, num_sign = one_side(0)
        den_index, den_sign = one_side(1)
        index.flags.writeable = False
        return cls(
            tuple(ratios),
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
            terms=index,
            signs=tuple(None if (sign[:, j] == 1).all() else sign[:, j] for j in range(width)),
        )

    def rows_of(self, position: Mapping[str, int], missing: int, pad: int) -> IntArray:
        """`terms` as rows of a caller's stacked array: `position` gives the row of each
        input it holds, `missing` a row of NaN (for inputs it lacks), `pad` a row of -0.0."""
        rows = np.array([*(position.get(name, missing) for name in self.names), pad])
        out = rows[self.terms]
        out.flags.writeable = False
        return out

    def compute(
        self, columns: Sequence[FloatArray], n: int
    ) -> tuple[FloatArray, StatusArray, npt.NDArray[np.bool_] | None]:
        """Values, statuses and broken rows, one row of each per ratio.

        `columns` are the inputs named by `names`, in that order, each of `n` rows.
        """
        # One copy of every input, and a last row of -0.0 that pads the shorter sums.
        stacked = np.concatenate([*columns, np.full(n, -0.0)]).reshape(len(columns) + 1, n)
        return self.compute_rows(stacked, self.terms)

    def compute_rows(
        self, stacked: FloatArray, rows: IntArray
    ) -> tuple[FloatArray, StatusArray, npt.NDArray[np.bool_] | None]:
        """`compute` over inputs already stacked as the rows of one 2-D array (a batch of
        one's values): `rows` is `terms` as rows of `stacked` (`rows_of`, worked out once)."""
        gathered = stacked.take(rows, axis=0)
        sums = add_terms([gathered[:, j] for j in range(len(self.signs))], self.signs)
        return ratio_arrays(
            sums[0],
            sums[1],
            None,
            None,
            cap=self.cap,
            forbid_over=self.forbid_over,
            check_sign=self.check_sign,
        )


def _per_row(flags: list[bool]) -> bool | BoolArray:
    """One flag for every row when they agree, else a column of them (one per ratio)."""
    if all(flags) or not any(flags):
        return flags[0]
    return np.array(flags)[:, None]
