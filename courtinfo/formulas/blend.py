"""Weighted blends: 电子送达适用率 = 电子送达发送率 × 75% + 电子送达成功率 × 25%."""

from __future__ import annotations

import attrs
import numpy as np

from courtinfo.base import FormulaError
from courtinfo.data import FloatArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, StatusArray, cap, worst
from courtinfo.formulas._params import (
    NAME,
    finite,
    list_of,
    of_kind,
    optional_weight,
    parameter,
    weight,
)
from courtinfo.formulas.registry import register


def merge_violations(n: int, outcomes: list[Outcome]) -> tuple[np.ndarray | None, str]:
    """The rows any part flagged, with the rules broken."""
    flagged = [o for o in outcomes if o.violations is not None]
    if not flagged:
        return None, ""
    mask = np.zeros(n, dtype=bool)
    for o in flagged:
        assert o.violations is not None
        mask |= o.violations
    return mask, "; ".join(dict.fromkeys(o.violation for o in flagged))


@attrs.frozen
class Component:
    """One weighted part of a blend: an input or indicator by name, or an inline formula.

    `default` replaces a part that is not provided (the rule says "0 when absent");
    `cap` limits the part before weighting.
    """

    weight: float = attrs.field(converter=parameter(weight))  # type: ignore[misc]
    ref: str | None = attrs.field(default=None, validator=of_kind((str, type(None)), f"{NAME} or None"))
    formula: Formula | None = attrs.field(
        default=None, validator=of_kind((Formula, type(None)), "a formula (Ratio(...), ...) or None")
    )
    default: float | None = attrs.field(
        default=None, validator=[of_kind((int, float, type(None)), "a number or None"), finite]
    )
    cap: float | None = attrs.field(default=None, converter=parameter(optional_weight))  # type: ignore[misc]

    def __attrs_post_init__(self) -> None:
        if (self.ref is None) == (self.formula is None):
            msg = f"a blend component needs exactly one of ref and formula, not ref={self.ref!r}"
            raise FormulaError(msg)


@register("blend")
@attrs.frozen
class WeightedBlend(Formula):
    """Σ weight × part, each part capped if asked, the sum capped if asked.

    The weights are non-negative and add up to 1, unless `difference` declares the blend a
    change (a percentage-point change: weights 1 and -1); `mixed_units` declares a blend of
    parts in different units (a count with a percentage) the document really adds.
    """

    components: tuple[Component, ...] = attrs.field(validator=list_of(Component))
    cap: float | None = attrs.field(default=None, converter=parameter(optional_weight))  # type: ignore[misc]
    difference: bool = attrs.field(default=False, validator=of_kind(bool, "true or false"))
    mixed_units: bool = attrs.field(default=False, validator=of_kind(bool, "true or false"))

    def references(self) -> tuple[str, ...]:
        refs: list[str] = []
        for c in self.components:
            refs.extend(c.formula.references() if c.formula else [c.ref or ""])
        return tuple(refs)

    def compute(self, env: Env) -> Outcome:
        return self._blend(env, self.cap)

    def uncapped(self, env: Env) -> Outcome:
        """The blend before its own cap (each part defaulted and capped as asked): the figure
        an explanation shows where the cap limited the value."""
        return self._blend(env, None)

    def _blend(self, env: Env, limit: float | None) -> Outcome:
        total: FloatArray | None = None
        statuses: list[StatusArray] = []
        flagged: list[Outcome] = []
        for c in self.components:
            if c.formula is None:
                # A part named by reference (most blends): read as it is, no outcome built.
                assert c.ref is not None
                value, status = env.get(c.ref), env.status(c.ref)
            else:
                part = c.formula.compute(env)
                value, status = part.value, part.status
                if part.violations is not None:
                    flagged.append(part)
            if c.default is not None:
                absent = status == Status.NOT_PROVIDED
                value = np.where(absent, c.default, value)
                status = np.where(absent, np.uint8(Status.OK), status).astype(np.uint8)
            term = c.weight * cap(value, c.cap)
            # In place on many rows (no new column); on one, a new array: numpy writes into
            # a one-element array twice as slowly as it makes a new one.
            into = term if env.n > 1 else None
            total = term if total is None else np.add(total, term, out=into)
            statuses.append(status)
        if total is None:
            total = np.zeros(env.n)
        # Every part is NaN exactly where its status is not OK, so the sum is too.
        out = Outcome(cap(total, limit), worst(*statuses))
        mask, rule = merge_violations(env.n, flagged)
        return attrs.evolve(out, violations=mask, violation=rule) if mask is not None else out
