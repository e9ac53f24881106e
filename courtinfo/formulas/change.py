"""Changes against an earlier period (同比, 环比): absolute, relative and in percentage points.

A change reads its input or indicator twice: in the row's own period and, through the
reference ``x@previous`` or ``x@year_ago``, in the comparison period of the same court and
department (the evaluator finds that row). The cases follow `report.changes()`:

* no row for the comparison period (the first period of a series, a gap): not provided (NA);
* the earlier value not applicable (NAP) or not provided (NA): the change is the same;
* the earlier value 0: the absolute change is given, the relative one is not applicable
  (NAP, never an infinity);
* the earlier value negative (a signed input, a balance, a change itself): the relative change
  is taken against the size of the base, (本期 − 上期) ÷ |上期| (`relative_change`), so that its
  sign is the direction of the change: −10 to −5 is +50% (上升), not −50%.

A change may be negative (下降): that is its nature, so no sign rule applies to it.
"""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np

from courtinfo.base import FormulaError, argument
from courtinfo.data import FloatArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, divide, worst
from courtinfo.formulas._params import one_of
from courtinfo.formulas.registry import register

#: The earlier periods a formula may read: ``x@previous`` (环比: the period before, of the
#: same kind) and ``x@year_ago`` (同比: the same ISO week of the previous ISO year, or the
#: same month, quarter, year or span a year earlier).
SHIFTS = ("previous", "year_ago")

Against = Literal["previous", "year_ago"]
ChangeMeasure = Literal["absolute", "relative", "points"]


@argument('name', str, "an input or indicator name (str)", FormulaError)
def shifted(name: str, shift: str) -> str:
    """The reference to `name` in an earlier period: ``shifted("x", "year_ago")`` is ``x@year_ago``."""
    return f"{name}@{shift}"


def relative_change(difference: FloatArray, base: FloatArray) -> FloatArray:
    """(本期 − 上期) ÷ |上期|: `difference` over the size of `base`, NaN where `base` is 0.

    Over |上期| and not 上期, so that a rise reads as a rise whatever the base's sign (the
    one definition for `Change` and `report.changes()`)."""
    return divide(difference, np.abs(base))


def _plain_name(value: object) -> str:
    if not isinstance(value, str) or not value or "@" in value:
        msg = f"`of` must name one input or indicator (no '@'), not {value!r}"
        raise FormulaError(msg)
    return value


@register("change")
@attrs.frozen
class Change(Formula):
    """本期 against 上期 (环比) or 去年同期 (同比): the difference, the growth rate or the points.

    ``measure = "relative"`` is (本期 − 上期) ÷ |上期| (同比上升204.55% is 2.0455);
    ``"absolute"`` is 本期 − 上期; ``"points"`` is the same difference of two rates, for an
    indicator whose unit is percentage_points (同比下降3.97个百分点 is −0.0397).
    """

    of: str = attrs.field(
        converter=_plain_name,
        metadata={"doc": "The input or indicator whose change this is."},
    )
    against: Against = attrs.field(
        default="year_ago",
        validator=one_of(*SHIFTS),
        metadata={"doc": "previous (环比: the period before) or year_ago (同比: a year earlier)."},
    )
    measure: ChangeMeasure = attrs.field(
        default="relative",
        validator=one_of("absolute", "relative", "points"),
        metadata={
            "doc": "relative ((本期 − 上期) ÷ 上期), absolute (本期 − 上期) or points (the "
            "difference of two rates, shown as 个百分点)."
        },
    )

    @property
    def earlier(self) -> str:
        """The reference to the earlier value, ``of@against``."""
        return shifted(self.of, self.against)

    def references(self) -> tuple[str, ...]:
        return (self.of, self.earlier)

    def compute(self, env: Env) -> Outcome:
        current, previous = env.get(self.of), env.get(self.earlier)
        status = worst(env.status(self.of), env.status(self.earlier)).copy()
        difference = current - previous
        if self.measure != "relative":
            return Outcome.of(difference, status)
        zero = (previous == 0) & (status == Status.OK)
        status[zero] = Status.ZERO_DENOMINATOR  # NAP, left NaN by relative_change
        return Outcome.of(relative_change(difference, previous), status)
