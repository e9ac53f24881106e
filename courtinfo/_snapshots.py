"""The values one court, or one department of it, reports for one period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

import attrs

from courtinfo._errors import Problem, ValidationError
from courtinfo._periods import Period
from courtinfo._values import Value, normalize_value, value_problem


class SnapshotValues(dict[str, Value]):
    """A snapshot's values: a dict that refuses changes, so a snapshot stays as validated."""

    __slots__ = ()

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        msg = "snapshot values are read-only; make a new snapshot with attrs.evolve"
        raise TypeError(msg)

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle and copy would otherwise fill the new dict item by item via __setitem__.
        return (type(self), (dict(self),))

    def __copy__(self) -> SnapshotValues:
        return self

    def __deepcopy__(self, memo: object) -> SnapshotValues:
        return self


def _values(raw: Mapping[str, object] | Iterable[tuple[str, object]] | None) -> SnapshotValues:
    # A private, read-only copy: neither the caller's dict nor the snapshot's can change it.
    if raw is None:
        return SnapshotValues()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return SnapshotValues({str(k): normalize_value(v) for k, v in items})  # type: ignore[misc]


@attrs.frozen
class MetricSnapshot:
    """What a court (or a department, when `department` is set) reports for one period.

    `values` are the court's own answers; `platform_values` are those the Supreme Court's
    platform supplies (以最高法院数据为准). Both are kept; the platform's value wins.
    Both mappings are read-only, so a snapshot is an immutable, hashable value.
    """

    court: str
    period: Period
    department: str | None = None
    values: SnapshotValues = attrs.field(factory=SnapshotValues, converter=_values)
    platform_values: SnapshotValues = attrs.field(factory=SnapshotValues, converter=_values)

    def __attrs_post_init__(self) -> None:
        problems = list(self.problems())
        if problems:
            raise ValidationError(problems)

    def problems(self) -> list[Problem]:
        """Everything wrong with this snapshot, each at its field path."""
        found: list[Problem] = []
        if not isinstance(self.court, str) or not self.court:
            found.append(Problem("court", f"{self.court!r} is not a court code"))
        if self.department is not None and (
            not isinstance(self.department, str) or not self.department
        ):
            found.append(Problem("department", f"{self.department!r} is not a department"))
        if not isinstance(self.period, Period):
            found.append(Problem("period", f"{self.period!r} is not a Period"))
        for field, mapping in (("values", self.values), ("platform_values", self.platform_values)):
            for name, value in mapping.items():
                problem = value_problem(value)
                if problem:
                    found.append(Problem(f"{field}.{name}", problem))
        return found

    def get(self, name: str) -> Value | None:
        """The value that counts for `name`: the platform's if supplied, else the court's."""
        if name in self.platform_values:
            return self.platform_values[name]
        return self.values.get(name)

    @property
    def key(self) -> tuple[str, str | None, Period]:
        """Court, department and period: what must be unique in a collection."""
        return (self.court, self.department, self.period)
