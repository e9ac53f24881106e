"""Evaluation results: columns per indicator, and tidy rows for reports and export."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, UnknownNameError, round_half_up, wrong_type
from courtinfo.data import FloatArray, IntArray, Missing, SnapshotBatch
from courtinfo.formulas import Status, StatusArray
from courtinfo.indicators import Comparator, Indicator, Scheme, Target, TargetStatus
from courtinfo.org import CourtTree
from courtinfo.periods import Period

_REASONS = {
    Status.OK: "",
    Status.NOT_PROVIDED: "not provided",
    Status.ZERO_DENOMINATOR: "not applicable: zero denominator",
    Status.NO_CAPABILITY: "not applicable: capability absent",
}


#: The keys of `ResultRow.to_dict`, in order: the columns of a results table, also when empty.
RECORD_COLUMNS = (
    "court",
    "department",
    "period",
    "indicator",
    "number",
    "name_zh",
    "unit",
    "value",
    "missing",
    "reason",
    "target",
    "comparator",
    "in_principle",
    "target_status",
    "target_met",
    "gap",
    "points",
    "max_points",
)


@attrs.frozen
class ResultRow:
    """One indicator for one court (or department) and period, ready to read or export."""

    court: str
    department: str | None
    period: Period
    indicator: str
    number: int | None
    name_zh: str
    unit: str
    value: float | None
    status: Status
    missing_inputs: tuple[str, ...] = ()
    target: float | None = None
    comparator: str | None = None
    in_principle: bool = False
    target_status: str | None = None
    target_met: bool | None = None
    gap: float | None = None
    points: float | None = None
    max_points: float | None = None

    @property
    def missing(self) -> Missing | None:
        """NA, NAP or None, as CEPEJ codes missing data."""
        code = self.status.missing_code
        return None if code is None else Missing(code)

    @property
    def reason(self) -> str:
        """Why there is no value, naming missing inputs; '' when there is one."""
        text = _REASONS[self.status]
        if self.status is Status.NOT_PROVIDED and self.missing_inputs:
            text += ": " + ", ".join(self.missing_inputs)
        return text

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; points rounded half up to 4 places for presentation."""
        return {
            "court": self.court,
            "department": self.department,
            "period": str(self.period),
            "indicator": self.indicator,
            "number": self.number,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "value": self.value,
            "missing": None if self.missing is None else self.missing.value,
            "reason": self.reason,
            "target": self.target,
            "comparator": self.comparator,
            "in_principle": self.in_principle,
            "target_status": self.target_status,
            "target_met": self.target_met,
            "gap": self.gap,
            "points": None if self.points is None else round_half_up(self.points),
            "max_points": self.max_points,
        }


class TargetIndex(Mapping[str, IntArray]):
    """Per indicator, each row's position in the indicator's `targets` (-1: none binds it).

    Rows share few department facts, so it keeps one fact number per row and one small
    table per indicator, and gathers a column only when asked.
    """

    def __init__(self, fact_of_row: IntArray, per_fact: Mapping[str, IntArray]) -> None:
        self.fact_of_row = fact_of_row
        self.per_fact = per_fact

    def __getitem__(self, code: str) -> IntArray:
        return self.per_fact[code][self.fact_of_row]

    def __iter__(self) -> Iterator[str]:
        return iter(self.per_fact)

    def __len__(self) -> int:
        return len(self.per_fact)


@attrs.frozen(eq=False)
class Results:
    """The values of every indicator for every row of a batch, as columns.

    `values[code]` is NaN wherever `statuses[code]` is not OK; `target_index[code]` points
    into the indicator's `targets` (-1: none binds the row).
    """

    scheme: Scheme
    batch: SnapshotBatch
    values: Mapping[str, FloatArray]
    statuses: Mapping[str, StatusArray]
    target_index: TargetIndex
    courts: CourtTree | None = None

    def __len__(self) -> int:
        return len(self.batch)

    def target_values(self, code: str) -> FloatArray:
        """Each row's threshold for `code`, NaN where no numeric target binds it."""
        return self._per_fact_thresholds(code)[self.target_index.fact_of_row]

    def _per_fact_thresholds(self, code: str) -> FloatArray:
        ind = self.scheme.indicator(code)
        table = np.array([np.nan if t.value is None else t.value for t in ind.targets] + [np.nan])
        return table[self.target_index.per_fact[code]]

    def met(self, code: str) -> FloatArray:
        """1.0 where the value meets its target, 0.0 where not, NaN where either is missing."""
        ind = self.scheme.indicator(code)
        value = self.values[code]
        fact_of_row = self.target_index.fact_of_row
        threshold = self._per_fact_thresholds(code)[fact_of_row]
        order = [Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.EQUAL]
        comps = np.array([order.index(t.comparator) for t in ind.targets] + [0])
        comp_of_fact = comps[self.target_index.per_fact[code]]
        with np.errstate(invalid="ignore"):
            if (comp_of_fact == comp_of_fact[0]).all():
                hit = _compare(order[int(comp_of_fact[0])], value, threshold)
            else:
                comp = comp_of_fact[fact_of_row]
                hit = np.select(
                    [comp == k for k in range(3)],
                    [_compare(c, value, threshold) for c in order],
                )
        out = hit.astype(np.float64)
        out[np.isnan(value) | np.isnan(threshold)] = np.nan
        return out

    def points(self, code: str) -> FloatArray | None:
        """Points per row (value × maximum), unrounded; None for an unscored indicator."""
        ind = self.scheme.indicator(code)
        if ind.max_points is None:
            return None
        return self.values[code] * ind.max_points

    def total_points(self) -> FloatArray:
        """Each row's total over the scored indicators, unrounded; not-applicable ones add 0."""
        total = np.zeros(len(self))
        for ind in self.scheme.numbered:
            pts = self.points(ind.code)
            if pts is not None:
                total = total + np.nan_to_num(pts, nan=0.0)
        return total

    def missing_inputs(self, code: str, row: int) -> tuple[str, ...]:
        """The declared inputs, read directly or through derived indicators, missing at `row`."""
        declared = {i.id for i in self.scheme.inputs}
        by_code = {i.code: i for i in self.scheme.indicators}
        seen: dict[str, None] = {}

        def walk(ind: Indicator) -> None:
            for ref in ind.formula.references():
                base = ref.partition(":")[0]
                if base in by_code:
                    walk(by_code[base])
                elif base in declared and base not in seen and _absent(self.batch, base, row):
                    seen[base] = None

        if code not in by_code:
            self.scheme.indicator(code)  # UnknownNameError with close matches
        row = self._row_number(row, "missing_inputs")
        walk(by_code[code])
        return tuple(seen)

    def row(self, i: int, code: str) -> ResultRow:
        """The result of indicator `code` at batch row `i`."""
        ind = self.scheme.indicator(code)
        i = self._row_number(i, "row")
        x = float(self.values[code][i])
        status = Status(int(self.statuses[code][i]))
        k = int(self.target_index[code][i])
        target: Target | None = ind.targets[k] if k >= 0 else None
        value = None if np.isnan(x) else x
        pts = self.points(code)
        return ResultRow(
            court=self.batch.court_of(i),
            department=self.batch.department_of(i),
            period=self.batch.period_of(i),
            indicator=code,
            number=ind.number,
            name_zh=ind.name_zh,
            unit=ind.unit.value,
            value=value,
            status=status,
            missing_inputs=self.missing_inputs(code, i) if status is Status.NOT_PROVIDED else (),
            target=None if target is None else target.value,
            comparator=None if target is None else target.comparator.value,
            in_principle=bool(target and target.in_principle),
            target_status=None if target is None else target.status.value,
            target_met=None if target is None or value is None else target.met(value),
            gap=None if target is None or value is None else target.gap(value),
            points=None if pts is None or np.isnan(pts[i]) else float(pts[i]),
            max_points=ind.max_points,
        )

    def rows(self) -> Iterator[ResultRow]:
        """Every (row, indicator) result: batch rows in order, indicators in scheme order."""
        for i in range(len(self)):
            for ind in self.scheme.indicators:
                yield self.row(i, ind.code)

    def to_records(self) -> list[dict[str, Any]]:
        """Every result as plain JSON-ready data."""
        return [r.to_dict() for r in self.rows()]

    def select(
        self,
        *,
        court: str | None = None,
        department: str | None = None,
        period: Period | str | None = None,
    ) -> list[int]:
        """Batch row numbers matching the given court, department ('' for court level) and period."""
        mask = np.ones(len(self), dtype=bool)
        b = self.batch
        if court is not None:
            mask &= np.array(b.courts, dtype=object)[b.court_index] == court if b.courts else False
        if department is not None:
            mask &= np.array(b.departments, dtype=object)[b.department_index] == department
        if period is not None:
            p = period if isinstance(period, Period) else Period.parse(period)
            mask &= np.array([q == p for q in b.periods] or [False])[b.period_index]
        return [int(i) for i in np.flatnonzero(mask)]

    def value(self, code: str, row: int = 0) -> float | None:
        """The value of `code` at `row` (None when there is none): handy for one snapshot."""
        column = self.values.get(code) if isinstance(code, str) else None
        if column is None:
            self.scheme.indicator(code)  # UnknownNameError with close matches
            raise UnknownNameError("indicator", code, self.values)
        x = float(column[self._row_number(row, "value")])
        return None if np.isnan(x) else x

    def _row_number(self, i: object, method: str) -> int:
        """`i` as a row number in 0..len-1 (negative numbers count from the end)."""
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise InputError(wrong_type(f"Results.{method}: row", "a row number (int)", i))
        n = len(self)
        if not -n <= i < n:
            have = "1 row (row 0)" if n == 1 else f"{n} rows (0 to {n - 1})" if n else "no rows"
            msg = f"Results.{method}: row {i} is out of range; the results have {have}"
            raise InputError(msg)
        return int(i) % n


def _compare(comparator: Comparator, value: FloatArray, threshold: FloatArray) -> np.ndarray:
    # The same tolerance as `Comparator.met`, so that a row and its column agree.
    if comparator is Comparator.AT_MOST:
        return value <= threshold + 1e-12
    if comparator is Comparator.EQUAL:
        return np.abs(value - threshold) <= 1e-12
    return value >= threshold - 1e-12


def _absent(batch: SnapshotBatch, name: str, row: int) -> bool:
    col = batch.effective(name)
    return col is None or bool(np.isnan(col[row]))


__all__ = ["ResultRow", "Results", "TargetIndex", "TargetStatus"]
