"""Ratio of sums and per-case averages (rates such as 庭审录音录像率, 案均网上阅卷数)."""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np

from courtinfo._values import FloatArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, divide, worst
from courtinfo.formulas._params import names, term_name
from courtinfo.formulas.registry import register

#: What a numerator above its denominator means: an input error, a value to cap at 1,
#: or a legitimate value above 1 (online filings counting other case types).
OverPolicy = Literal["error", "cap", "allow"]


def signed_sum(env: Env, terms: tuple[str, ...]) -> tuple[FloatArray, StatusArray]:
    """Σ of the terms (``-x`` subtracts x) and the worst status among them."""
    total = np.zeros(env.n)
    statuses = []
    for term in terms:
        name = term_name(term)
        col = env.get(name)
        total = total - col if term.startswith("-") else total + col
        statuses.append(env.status(name))
    return total, worst(*statuses)


def _show(terms: tuple[str, ...]) -> str:
    text = " ".join(t if t.startswith("-") else f"+ {t}" for t in terms).lstrip("+ ")
    return text.replace(" -", " - ")


@register("ratio")
@attrs.frozen
class Ratio(Formula):
    """(Σ numerator terms) / (Σ denominator terms); a zero denominator is not applicable."""

    numerator: tuple[str, ...] = attrs.field(converter=names)
    denominator: tuple[str, ...] = attrs.field(converter=names)
    over: OverPolicy = "error"

    def references(self) -> tuple[str, ...]:
        return tuple(term_name(t) for t in (*self.numerator, *self.denominator))

    def compute(self, env: Env) -> Outcome:
        num, num_status = signed_sum(env, self.numerator)
        den, den_status = signed_sum(env, self.denominator)
        value = divide(num, den)
        status = worst(num_status, den_status)
        # A zero denominator leaves the rule without an answer even if the numerator is missing.
        status = np.where(den == 0, np.uint8(Status.ZERO_DENOMINATOR), status).astype(np.uint8)
        with np.errstate(invalid="ignore"):
            broken = (num < 0) | (den < 0)
            rule = "numerator and denominator must not be negative"
            if self.over == "error":
                broken = broken | (num > den)
                rule = f"({_show(self.numerator)}) must not exceed ({_show(self.denominator)})"
            elif self.over == "cap":
                value = np.minimum(value, 1.0)
        out = Outcome.of(value, status)
        if broken.any():
            return attrs.evolve(out, violations=broken, violation=rule)
        return out


@register("per_case_average")
@attrs.frozen
class PerCaseAverage(Ratio):
    """A count per case (案均网上阅卷数 = online file reviews / cases): not a percentage."""

    over: OverPolicy = "allow"
