"""Capability plus usage, the national evaluation's pattern.

fraction = w × has_capability + (1 − w) × min(usage_cap, usage); a court without the
capability gets 0 (or, if the scheme says so, not applicable).
"""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np

from courtinfo.formulas._base import Env, Formula, Outcome, Status, cap, worst
from courtinfo.formulas._params import (
    a_name,
    of_kind,
    one_of,
    optional_weight,
    parameter,
    weight,
)
from courtinfo.formulas.registry import register


@register("capability_usage")
@attrs.frozen
class CapabilityUsage(Formula):
    """w for having the capability (a yes/no input) plus (1 − w) × the capped usage rate."""

    capability: str = attrs.field(validator=a_name)
    capability_weight: float = attrs.field(converter=parameter(weight))  # type: ignore[misc]
    usage: Formula | None = attrs.field(
        default=None, validator=of_kind((Formula, type(None)), "a formula (Ratio(...), ...) or None")
    )
    usage_cap: float | None = attrs.field(default=1.0, converter=parameter(optional_weight))  # type: ignore[misc]
    absent: Literal["zero", "not_applicable"] = attrs.field(
        default="zero", validator=one_of("zero", "not_applicable")
    )

    def references(self) -> tuple[str, ...]:
        return (self.capability, *(self.usage.references() if self.usage else ()))

    def compute(self, env: Env) -> Outcome:
        has = env.get(self.capability)
        has_status = env.status(self.capability)
        w = self.capability_weight
        if self.usage is None:
            value, status = w * has, has_status
            usage_out = None
        else:
            usage_out = self.usage.compute(env)
            value = w + (1 - w) * cap(usage_out.value, self.usage_cap)
            status = np.where(has == 1, worst(has_status, usage_out.status), has_status)
        without = has == 0
        if self.absent == "zero":
            value = np.where(without, 0.0, value)
            status = np.where(without, np.uint8(Status.OK), status)
        else:
            status = np.where(without, np.uint8(Status.NO_CAPABILITY), status)
        out = Outcome.of(value, status.astype(np.uint8))
        if usage_out is not None and usage_out.violations is not None:
            # Inputs that break the usage rule are wrong whether or not the capability exists.
            return attrs.evolve(out, violations=usage_out.violations, violation=usage_out.violation)
        return out
