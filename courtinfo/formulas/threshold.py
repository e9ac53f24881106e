"""Threshold points: full marks once a value reaches its threshold, proportional below it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs
import numpy as np

from courtinfo.base import FormulaError
from courtinfo.formulas._base import Env, Formula, Outcome, Status
from courtinfo.formulas._params import one_of, threshold_number, weight
from courtinfo.formulas.registry import register
from courtinfo.org import CourtLevel


def _levels(value: Mapping[str, float] | None) -> dict[str, float]:
    known = [level.value for level in CourtLevel]
    unknown = [k for k in (value or {}) if k not in known]
    if unknown:
        msg = f"by_level names {unknown[0]!r}, which is not a court level ({', '.join(known)})"
        raise FormulaError(msg)
    out = {str(CourtLevel(k)): weight(v, "threshold") for k, v in (value or {}).items()}
    bad = [k for k, v in out.items() if not v > 0]
    if bad:
        msg = f"thresholds for {', '.join(bad)} must be above 0"
        raise FormulaError(msg)
    return out


@register("threshold")
@attrs.frozen
class Threshold(Formula):
    """min(1, value / threshold) for 'at least'; min(1, threshold / value) for 'at most'.

    `by_level` gives thresholds per court level (e.g. IT staff required of a basic court);
    courts of unknown level use `threshold`.
    """

    value: str
    threshold: float = attrs.field(converter=threshold_number)
    comparator: Literal["at_least", "at_most"] = attrs.field(
        default="at_least", validator=one_of("at_least", "at_most")
    )
    by_level: dict[str, float] = attrs.field(factory=dict, converter=_levels)

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
