"""Targets: a threshold with its comparator, scoped to the departments it binds."""

from __future__ import annotations

import enum

import attrs
import numpy as np

from courtinfo.base import SchemeError, argument, did_you_mean, of_type
from courtinfo.data import BoolArray, FloatArray
from courtinfo.org import DepartmentKind

TOLERANCE = 1e-12
"""How far a value may fall past its threshold and still meet it (float noise, not leniency)."""


class Comparator(enum.StrEnum):
    """How a value is held against its threshold."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EQUAL = "equal"

    def met(self, value: float, threshold: float) -> bool:
        """Whether `value` meets `threshold`: `met_where` for one value."""
        return bool(self.met_where(np.float64(value), np.float64(threshold)))

    def met_where(
        self, value: FloatArray | np.float64, threshold: FloatArray | np.float64 | float
    ) -> BoolArray:
        """Where `value` meets `threshold` (False where either is NaN); `TOLERANCE` absorbs
        float noise, so that 0.45 computed as 9/20 meets 0.45."""
        with np.errstate(invalid="ignore"):
            if self is Comparator.AT_LEAST:
                return np.asarray(value >= threshold - TOLERANCE)
            if self is Comparator.AT_MOST:
                return np.asarray(value <= threshold + TOLERANCE)
            return np.asarray(np.abs(value - threshold) <= TOLERANCE)

    def gap_where(
        self, value: FloatArray | np.float64, threshold: FloatArray | np.float64 | float
    ) -> FloatArray:
        """How far `value` falls short of `threshold` (0 when past it; for EQUAL, the distance
        either way); NaN where either is NaN."""
        # np.maximum(0.0, x) with 0.0 first, as Python's max: a -0.0 difference shows as 0.0.
        if self is Comparator.AT_LEAST:
            return np.asarray(np.maximum(0.0, np.subtract(threshold, value)))
        if self is Comparator.AT_MOST:
            return np.asarray(np.maximum(0.0, np.subtract(value, threshold)))
        return np.asarray(np.abs(np.subtract(value, threshold)))


class TargetStatus(enum.StrEnum):
    """Whether a target has a number yet."""

    SET = "set"
    TO_BE_SET = "to_be_set"
    """Set from time to time by a named department (网上信访: by the petitions bureau)."""
    FOLLOWS_PARENT = "follows_parent"
    """The parent court's target applies (与省法院要求保持一致)."""


def _kinds(value: object) -> tuple[DepartmentKind, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        msg = f"{value!r} is not a list of department kinds"
        raise SchemeError(msg)
    out = []
    for v in value:
        try:
            out.append(DepartmentKind(v))
        except ValueError:
            known = [k.value for k in DepartmentKind]
            msg = f"unknown department kind {v!r}{did_you_mean(str(v), known)}"
            raise SchemeError(msg) from None
    return tuple(out)


def _strs(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


@attrs.frozen
class Scope:
    """Whom a target binds. The most specific matching target wins:

    0. the whole court (`whole_court`), or a department named in `departments` (民一庭);
    1. a department of one of `kinds`;
    2. every case-handling department (`case_handling`, 各业务部门) or every department
       (`all_departments`, 中院各部门), less `excluding` (除刑事庭);
    3. `others`: any department no other target of the indicator names (其他业务部门;
       with `case_handling` only case-handling ones).
    """

    whole_court: bool = attrs.field(
        default=False, validator=of_type(bool, "True or False", SchemeError)
    )
    departments: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    kinds: tuple[DepartmentKind, ...] = attrs.field(default=(), converter=_kinds)
    case_handling: bool = False
    all_departments: bool = False
    excluding: tuple[DepartmentKind, ...] = attrs.field(default=(), converter=_kinds)
    others: bool = False

    def specificity(
        self, department: str | None, kind: DepartmentKind | None, case_handling: bool
    ) -> int | None:
        """How closely this scope names a row (smaller is closer), or None if it does not."""
        if department is None:
            return 0 if self.whole_court else None
        if kind is not None and kind in self.excluding:
            return None
        if department in self.departments:
            return 0
        if kind is not None and kind in self.kinds:
            return 1
        if self.others:
            return 3 if (case_handling or not self.case_handling) else None
        if (self.case_handling and case_handling) or self.all_departments:
            return 2
        return None

    def describe_zh(self) -> str:
        """The scope as a short Chinese phrase for reports."""
        parts: list[str] = []
        if self.whole_court:
            parts.append("全院")
        parts += list(self.departments) + [k.short_zh for k in self.kinds]
        if self.others:
            parts.append("其他业务部门" if self.case_handling else "其他部门")
        elif self.case_handling:
            parts.append("各业务部门")
        elif self.all_departments:
            parts.append("各部门")
        text = "、".join(parts)
        if self.excluding:
            text += "(除" + "、".join(k.short_zh for k in self.excluding) + ")"
        return text


@attrs.frozen
class Target:
    """A threshold for one indicator and scope, as the document writes it.

    `value` is a fraction for rates (原则上不低于45 is 0.45) and None while the target is
    to be set or follows the parent court. `in_principle` records 原则上.
    """

    scope: Scope = attrs.field(validator=of_type(Scope, "a Scope", SchemeError))
    value: float | None = None
    comparator: Comparator = Comparator.AT_LEAST
    in_principle: bool = False
    status: TargetStatus = TargetStatus.SET
    set_by: str | None = None
    text_zh: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.status is TargetStatus.SET) != (self.value is not None):
            msg = f"a target with status {self.status.value!r} " + (
                "needs a value" if self.status is TargetStatus.SET else "takes no value"
            )
            raise SchemeError(msg)

    def met(self, value: float) -> bool | None:
        """Whether `value` meets the target; None when the target has no number."""
        if self.value is None:
            return None
        return self.comparator.met(value, self.value)

    def gap(self, value: float) -> float | None:
        """How far `value` falls short (0 when met); None when the target has no number."""
        if self.value is None:
            return None
        return float(self.comparator.gap_where(np.float64(value), self.value))


@argument("targets", (tuple, list), "a tuple of Target (an indicator's targets)", SchemeError)
def pick_target(
    targets: tuple[Target, ...],
    department: str | None,
    kind: DepartmentKind | None,
    case_handling: bool,
) -> Target | None:
    """The target that binds a row: the most specific match, the first written on a tie."""
    best: tuple[int, Target] | None = None
    for t in targets:
        s = t.scope.specificity(department, kind, case_handling)
        if s is not None and (best is None or s < best[0]):
            best = (s, t)
    return best[1] if best else None
