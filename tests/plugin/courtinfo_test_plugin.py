"""A third-party courtinfo formula, published through the ``courtinfo.formulas`` entry point.

Jiaozuo's online file review standard (焦中法〔2022〕77号) asks for 案均网上阅卷数 of at least
0.2; this formula scores how much of such a per-case target a court reaches:

    share = min(cap, (Σ numerator / Σ denominator) / target)

The class is deliberately NOT decorated with ``@register``: courtinfo's registry adds it under
its entry-point name the first time a scheme asks for ``kind = "share_of_target"``.
"""

from __future__ import annotations

import attrs
import numpy as np

from courtinfo import FormulaError
from courtinfo.formulas import Env, Formula, Outcome, Status, divide, worst


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        msg = f"{attribute.name} {value!r} must be above 0"
        raise FormulaError(msg)


@attrs.frozen
class ShareOfTarget(Formula):
    """(numerator / denominator) / target, capped (at 100% unless told otherwise)."""

    numerator: str
    denominator: str
    target: float = attrs.field(converter=float, validator=_positive)
    cap: float | None = 1.0

    def references(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def compute(self, env: Env) -> Outcome:
        num, den = env.get(self.numerator), env.get(self.denominator)
        per_case = divide(num, den)
        share = divide(per_case, np.full(env.n, self.target))
        if self.cap is not None:
            share = np.minimum(share, self.cap)
        status = worst(env.status(self.numerator), env.status(self.denominator))
        status = np.where(den == 0, np.uint8(Status.ZERO_DENOMINATOR), status).astype(np.uint8)
        return Outcome.of(share, status)
