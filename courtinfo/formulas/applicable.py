"""A formula that applies only where the category it measures exists (CEPEJ's NAP).

CEPEJ codes a figure NAP, not applicable, where "the category of judicial staff or the type of
dispute that constitutes the question does not exist in your system" (explanatory note to the
evaluation scheme, CEPEJ-GT-EVAL(2017)10): a State without separate administrative cases has
no administrative clearance rate, which is not the same as a court that resolved no case.
"""

from __future__ import annotations

import attrs
import numpy as np

from courtinfo.formulas._base import Env, Formula, Outcome, Status
from courtinfo.formulas._params import a_name, of_kind
from courtinfo.formulas.registry import register


@register("applicable")
@attrs.frozen
class Applicable(Formula):
    """The inner formula where the category exists; not applicable (category absent) where the
    yes/no input `exists` says it does not. Unanswered, the category is taken to exist."""

    exists: str = attrs.field(
        validator=a_name,
        metadata={"doc": "The yes/no input asking whether the category exists here (否: not applicable)."}
    )
    formula: Formula = attrs.field(
        validator=of_kind(Formula, "a formula (Ratio(...), ...)"),
        metadata={"doc": "The formula computed where the category exists."}
    )

    def references(self) -> tuple[str, ...]:
        return (self.exists, *self.formula.references())

    def compute(self, env: Env) -> Outcome:
        inner = self.formula.compute(env)
        # Only a declared 否 makes it not applicable: an unanswered question (NaN) is not one.
        absent = env.get(self.exists) == 0
        status = np.where(absent, np.uint8(Status.CATEGORY_ABSENT), inner.status).astype(np.uint8)
        out = Outcome.of(inner.value, status)
        if inner.violations is None:
            return out
        # Counts of a category that does not exist break no rule of it.
        return attrs.evolve(out, violations=inner.violations & ~absent, violation=inner.violation)
