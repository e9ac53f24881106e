"""Bad input with the error courtinfo must raise for it, as `bad_snapshots` generates it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import attrs

from courtinfo.base import CourtinfoError, shown
from courtinfo.data import MetricSnapshot
from courtinfo.evaluation import Results, evaluate
from courtinfo.indicators import Scheme
from courtinfo.periods import Period


@attrs.frozen
class BadInput:
    """One snapshot made wrong in one way, and the error class courtinfo raises for it.

    The fields are what a vendor's code would pass on: `court`, `department` and `period`
    (text) and the `values` of the snapshot, possibly ill-typed; with `duplicate` the same
    snapshot is given twice. `snapshots()` builds the snapshots as a vendor would (building
    may already raise), `evaluate(scheme)` builds and evaluates them.
    """

    #: Every class of bad input `bad_snapshots` knows, by the name `problem` holds.
    PROBLEMS: ClassVar[tuple[str, ...]] = (
        "negative value",
        "NaN",
        "infinity",
        "value above 2**53",
        "text that is no value",
        "a set of options for a number",
        "fractional count",
        "unknown input",
        "yes/no answer that is neither",
        "option not offered",
        "a number for a choice",
        "numerator above denominator",
        "impossible period",
        "court that is not text",
        "control character in a label",
        "duplicate snapshot",
    )

    court: object
    period: str
    department: object
    values: Mapping[str, object]
    duplicate: bool = False
    problem: str = ""
    error: type[CourtinfoError] = CourtinfoError

    @classmethod
    def of(
        cls,
        snapshot: MetricSnapshot,
        *,
        court: object = ...,
        period: str | None = None,
        values: Mapping[str, object] | None = None,
        duplicate: bool = False,
    ) -> BadInput:
        """`snapshot` as raw fields, some replaced."""
        return cls(
            court=snapshot.court if court is ... else court,
            period=str(snapshot.period) if period is None else period,
            department=snapshot.department,
            values=dict(snapshot.values) if values is None else dict(values),
            duplicate=duplicate,
        )

    def snapshots(self) -> list[MetricSnapshot]:
        """The snapshots as a vendor's code would build them (this may raise the error)."""
        snap = MetricSnapshot(
            court=self.court,
            period=Period.parse(self.period),
            department=self.department,
            values=self.values,
        )
        return [snap, snap] if self.duplicate else [snap]

    def evaluate(self, scheme: Scheme) -> Results:
        """Build the snapshots and evaluate them under `scheme`: raises `error`."""
        return evaluate(scheme, self.snapshots())

    def __repr__(self) -> str:
        dept = "" if self.department is None else f", department={self.department!r}"
        twice = ", twice" if self.duplicate else ""
        values = ", ".join(f"{k}={shown(v, 40)}" for k, v in sorted(self.values.items()))
        return (
            f"BadInput({self.problem!r} -> {self.error.__name__}: court={shown(self.court)}"
            f"{dept}, period={self.period!r}{twice}, values={{{values}}})"
        )
