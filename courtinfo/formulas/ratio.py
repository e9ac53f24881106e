"""Ratio of sums and per-case averages (rates such as 庭审录音录像率, 案均网上阅卷数)."""

from __future__ import annotations

import math
from typing import Literal

import attrs
import numpy as np

from courtinfo.base import FormulaError
from courtinfo.data import BoolArray, FloatArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, nans, worst
from courtinfo.formulas._params import names, term_name, weight
from courtinfo.formulas.registry import register

#: What a numerator above its denominator means: an input error, a value to cap at 1,
#: or a legitimate value above 1 (online filings counting other case types).
OverPolicy = Literal["error", "cap", "allow"]


def signed_sum(env: Env, terms: tuple[str, ...]) -> tuple[FloatArray, StatusArray | None]:
    """Σ of the terms (``-x`` subtracts x) and the worst status among them.

    The status is None when every term is a plain input: the sum is then NaN exactly where
    a term is not provided, and its NaN-ness is the status.
    """
    total: FloatArray | None = None
    derived: list[StatusArray] = []
    for term in terms:
        name = term_name(term)
        col = env.get(name)
        if env.derived(name):
            derived.append(env.status(name))
        if total is None:
            total = -col if term.startswith("-") else col
        else:
            total = total - col if term.startswith("-") else total + col
    if total is None:
        total = np.zeros(env.n)
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
    nonzero = den != 0
    # Dividing only where den is not 0 leaves NaN there, with no warning to silence.
    shape = num.shape if num.shape == den.shape else np.broadcast_shapes(num.shape, den.shape)
    value = np.divide(num, den, out=nans(shape), where=nonzero)
    if cap is True:
        np.minimum(value, 1.0, out=value)
    elif cap is not False:
        np.minimum(value, 1.0, out=value, where=cap)
    if num_status is None and den_status is None:
        status = np.isnan(value).view(np.uint8)
    else:
        parts = [s for s in (num_status, den_status) if s is not None]
        status = np.maximum(worst(*parts), np.isnan(value).view(np.uint8))
    # A zero denominator leaves the rule without an answer even if the numerator is missing.
    status[~nonzero] = Status.ZERO_DENOMINATOR
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
        msg = f"scale {value!r} must be a positive finite number (365 for days, 100 for ×100)"
        raise FormulaError(msg)
    return factor


@register("ratio")
@attrs.frozen
class Ratio(Formula):
    """(Σ numerator terms) / (Σ denominator terms) × scale; a zero denominator is not applicable.

    A stock over a flow is a ratio like any other (结收比 = 结案数 ÷ 收案数; CEPEJ disposition
    time = 365 × pending at the end ÷ resolved, with `scale = 365` and `over = "allow"`).
    """

    numerator: tuple[str, ...] = attrs.field(converter=names)
    denominator: tuple[str, ...] = attrs.field(converter=names)
    over: OverPolicy = "error"
    scale: float = attrs.field(
        default=1.0,
        converter=scale_factor,
        metadata={"doc": "A constant factor applied to the quotient: 365 for a duration in days, 100 for a rate ×100."},
    )
    signed: bool = attrs.field(
        default=False,
        metadata={
            "doc": "The sums may be negative (differences, signed inputs), so the value may be "
            "negative; otherwise a negative sum is an input error."
        },
    )

    def references(self) -> tuple[str, ...]:
        return tuple(term_name(t) for t in (*self.numerator, *self.denominator))

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
            t.startswith("-") or env.derived(term_name(t)) or term_name(t) in env.signed
            for t in terms
        )


_SIGN_RULE = "numerator and denominator must not be negative"


@register("per_case_average")
@attrs.frozen
class PerCaseAverage(Ratio):
    """A count per case (案均网上阅卷数 = online file reviews / cases): not a percentage."""

    over: OverPolicy = "allow"
