"""Threshold points: full marks once a value reaches its threshold, proportional below it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs
import numpy as np

from courtinfo.base import FormulaError, FormulaValidationError, shown
from courtinfo.formulas._base import Env, Formula, Outcome, Status
from courtinfo.formulas._params import a_name, one_of, parameter, refused, threshold_number, weight
from courtinfo.formulas.registry import register
from courtinfo.org import CourtLevel


def _levels(value: object) -> dict[str, float]:
    """Thresholds by court level: a table of level to threshold, each above 0."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise refused("value", f"{shown(value)} is not a table of court level to threshold", "by_level")
    known = [level.value for level in CourtLevel]
    unknown = [k for k in value if k not in known]
    if unknown:
        text = f"{unknown[0]!r} is not a court level ({', '.join(known)})"
        raise refused("value", text, "by_level")
    out = {}
    for k, v in value.items():
        try:
            out[str(CourtLevel(k))] = weight(v)
        except FormulaValidationError as exc:
            raise refused(f"value[{k!r}]", exc.problems[0].message, "by_level") from None
    bad = [k for k, v in out.items() if not v > 0]
    if bad:
        raise refused("value", f"thresholds for {', '.join(bad)} must be above 0", "by_level")
    return out


@register("threshold")
@attrs.frozen
class Threshold(Formula):
    """min(1, value / threshold) for 'at least'; min(1, threshold / value) for 'at most'.

    `by_level` gives thresholds per court level (e.g. IT staff required of a basic court);
    courts of unknown level use `threshold`.
    """

    value: str = attrs.field(validator=a_name)
    threshold: float = attrs.field(converter=parameter(threshold_number))  # type: ignore[misc]
    comparator: Literal["at_least", "at_most"] = attrs.field(
        default="at_least", validator=one_of("at_least", "at_most")
    )
    by_level: dict[str, float] = attrs.field(factory=dict, converter=parameter(_levels))  # type: ignore[misc]

    def __attrs_post_init__(self) -> None:
        if not self.threshold > 0:
            msg = f"threshold {self.threshold!r} must be above 0"
            raise FormulaError(msg)

    def references(self) -> tuple[str, ...]:
        return (self.value,)

    def compute(self, env: Env) -> Outcome:
        x = env.get(self.value)
        t = np.full(env.n, self.threshold)
        for level, threshold in self.by_level.items():
            t = np.where(env.court_level == CourtLevel(level).rank, threshold, t)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.comparator == "at_least":
                frac = np.minimum(1.0, x / t)
            else:
                frac = np.where(x <= t, 1.0, t / x)
        status = env.status(self.value)
        return Outcome.of(
            frac, np.where(np.isnan(x), np.uint8(Status.NOT_PROVIDED), status).astype(np.uint8)
        )
