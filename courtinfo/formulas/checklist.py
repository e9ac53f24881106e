"""Checklists: the share of yes answers, or of options ticked on a multiple-choice question."""

from __future__ import annotations

import attrs
import numpy as np

from courtinfo.base import FormulaError
from courtinfo.formulas._base import Env, Formula, Outcome, Status, divide, worst
from courtinfo.formulas._params import names, parameter
from courtinfo.formulas.registry import register

#: `CourtLevel.rank` of a basic court; smaller ranks sit higher in the hierarchy.
BASIC_RANK = 3


def _no_items() -> tuple[str, ...]:
    return ()


@register("checklist")
@attrs.frozen
class Checklist(Formula):
    """yes answers / items. Items are yes/no inputs or options written ``q1:C``.

    `items_above_basic` count only for courts above the basic level (the national form's
    option A of question 1); a court of unknown level is counted as a basic court.
    """

    items: tuple[str, ...] = attrs.field(converter=parameter(names))  # type: ignore[misc]
    items_above_basic: tuple[str, ...] = attrs.field(factory=_no_items, converter=parameter(names))  # type: ignore[misc]

    def __attrs_post_init__(self) -> None:
        if not self.items and not self.items_above_basic:
            msg = "a checklist of no items counts nothing; list at least one item"
            raise FormulaError(msg)

    def references(self) -> tuple[str, ...]:
        return (*self.items, *self.items_above_basic)

    def compute(self, env: Env) -> Outcome:
        yes = np.zeros(env.n)
        statuses = []
        for item in self.items:
            yes = yes + env.get(item)
            statuses.append(env.status(item))
        count = np.full(env.n, float(len(self.items)))
        if self.items_above_basic:
            with np.errstate(invalid="ignore"):
                upper = env.court_level < BASIC_RANK
            for item in self.items_above_basic:
                yes = yes + np.where(upper, env.get(item), 0.0)
                statuses.append(np.where(upper, env.status(item), np.uint8(0)).astype(np.uint8))
            count = count + np.where(upper, float(len(self.items_above_basic)), 0.0)
        nothing = count == 0
        status = worst(*statuses) if statuses else np.zeros(env.n, dtype=np.uint8)
        status = np.where(nothing, np.uint8(Status.ZERO_DENOMINATOR), status).astype(np.uint8)
        return Outcome.of(divide(yes, count), status)
