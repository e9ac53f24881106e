"""Changes against an earlier period: 环比 (the previous period) and 同比 (a year ago).

For every row the matching row is the one with the same court, the same department and the
comparison period: `Period.previous()` for `Comparison.PREVIOUS` (last week, last month …),
`Period.same_week_last_year()` for weeks and `Period.year_ago()` otherwise for
`Comparison.YEAR_AGO`. Rows are matched on integer keys of the batch's categorical codes with
one sort and `np.searchsorted`, so millions of rows cost no Python loop.

Semantics, per row (`ChangeNote` says which case applies):

* no row for the comparison period (the first period of a series, a gap, or a week 53 whose
  previous ISO year has none): no change at all, "no previous period";
* the earlier value is not applicable (NAP) or not provided (NA): no change;
* the current value is missing: no change;
* the earlier value is 0: the absolute change (current − previous) is given, the relative
  change ((current − previous) / |previous|, `formulas.relative_change`) is not — never an
  infinity;
* otherwise both. Changes are raw: a rate's absolute change is a difference of fractions
  (0.05 is 5 percentage points); whether a rise is good depends on the indicator's direction.
"""

from __future__ import annotations

import enum

import attrs
import numpy as np

from courtinfo.base import InputError, argument, shown
from courtinfo.data import FloatArray, IntArray, SnapshotBatch
from courtinfo.evaluation import Results
from courtinfo.evaluation import comparison_period as shifted_period
from courtinfo.evaluation import matching_rows as shifted_rows
from courtinfo.formulas import Status, relative_change
from courtinfo.periods import Period
from courtinfo.report._render import none_if_nan


class Comparison(enum.StrEnum):
    """Which earlier period a change is against."""

    PREVIOUS = "previous"
    """环比: the period just before (last week for a week)."""
    YEAR_AGO = "year_ago"
    """同比: the same ISO week of the previous ISO year, or the same period a year earlier."""


class ChangeNote(enum.IntEnum):
    """Why a row has no change, or only an absolute one (0: a full change)."""

    OK = 0
    NO_PREVIOUS = 1
    PREVIOUS_NOT_APPLICABLE = 2
    PREVIOUS_NOT_PROVIDED = 3
    NO_CURRENT = 4
    PREVIOUS_ZERO = 5
    PREVIOUS_INVALID = 6
    """The previous value is `Status.INVALID` (flagged: its inputs break a rule)."""

    @property
    def text(self) -> str:
        """The note in English ('' for OK)."""
        return _NOTES[self]

    @property
    def text_zh(self) -> str:
        """The note in Chinese, as a bulletin prints it ('' for OK)."""
        return _NOTES_ZH[self]

    def text_in(self, lang: str) -> str:
        """The note in `lang` ('zh' or 'en')."""
        return self.text_zh if lang == "zh" else self.text


_NOTES = {
    ChangeNote.OK: "",
    ChangeNote.NO_PREVIOUS: "no previous period",
    ChangeNote.PREVIOUS_NOT_APPLICABLE: "previous value not applicable",
    ChangeNote.PREVIOUS_NOT_PROVIDED: "previous value not provided",
    ChangeNote.NO_CURRENT: "no current value",
    ChangeNote.PREVIOUS_ZERO: "previous value is 0: no relative change",
    ChangeNote.PREVIOUS_INVALID: "previous value invalid",
}


_NOTES_ZH = {
    ChangeNote.OK: "",
    ChangeNote.NO_PREVIOUS: "无上期数据",
    ChangeNote.PREVIOUS_NOT_APPLICABLE: "上期不适用",
    ChangeNote.PREVIOUS_NOT_PROVIDED: "上期未提供",
    ChangeNote.NO_CURRENT: "本期无数值",
    ChangeNote.PREVIOUS_ZERO: "上期为0，不计算增减幅度",
    ChangeNote.PREVIOUS_INVALID: "上期数据有误",
}


def comparison_of(comparison: Comparison | str) -> Comparison:
    """`comparison` as a `Comparison`; an `InputError` naming the allowed ones otherwise."""
    try:
        return Comparison(comparison)
    except (ValueError, TypeError):
        allowed = ", ".join(f"{c.value!r}" for c in Comparison)
        msg = (
            f"comparison {shown(comparison)} is not one of {allowed} "
            "(previous: 环比, the period before; year_ago: 同比, a year earlier)"
        )
        raise InputError(msg) from None


def comparison_period(period: Period, comparison: Comparison) -> Period | None:
    """The period `period` is compared with; None when there is none (a week 53 同比)."""
    return shifted_period(period, comparison_of(comparison).value)


def matching_rows(batch: SnapshotBatch, comparison: Comparison = Comparison.PREVIOUS) -> IntArray:
    """For each row, the row of the same court and department in the comparison period; -1 if none."""
    return shifted_rows(batch, comparison_of(comparison).value)


@attrs.frozen
class Change:
    """One row's change: the earlier period and value, the absolute and relative change."""

    period: Period
    previous_period: Period | None
    current: float | None
    previous: float | None
    absolute: float | None
    relative: float | None
    note: ChangeNote

    @property
    def note_text(self) -> str:
        """Why the change is missing or partial; '' when it is complete."""
        return self.note.text


@attrs.frozen(eq=False)
class Changes:
    """The change of one indicator for every row of a result set, as columns (NaN: none)."""

    indicator: str
    comparison: Comparison
    results: Results
    previous_row: IntArray
    current: FloatArray
    previous: FloatArray
    absolute: FloatArray
    relative: FloatArray
    notes: IntArray

    def __len__(self) -> int:
        return len(self.previous_row)

    def at(self, i: int) -> Change:
        """The change at row `i`."""
        period = self.results.batch.period_of(i)
        j = int(self.previous_row[i])
        earlier = (
            self.results.batch.period_of(j)
            if j >= 0
            else comparison_period(period, self.comparison)
        )
        return Change(
            period=period,
            previous_period=earlier,
            current=none_if_nan(float(self.current[i])),
            previous=none_if_nan(float(self.previous[i])),
            absolute=none_if_nan(float(self.absolute[i])),
            relative=none_if_nan(float(self.relative[i])),
            note=ChangeNote(int(self.notes[i])),
        )


@argument('results', Results, "Results (from courtinfo.evaluate)")
def changes(
    results: Results,
    code: str,
    comparison: Comparison | str = Comparison.PREVIOUS,
    *,
    matches: IntArray | None = None,
) -> Changes:
    """How indicator `code` changed for every row since the comparison period.

    `matches` may pass `matching_rows(results.batch, comparison)` computed once for many
    indicators.
    """
    code = results.scheme.indicator(code).code  # a Chinese name works too
    comp = comparison_of(comparison)
    prev_row = matching_rows(results.batch, comp) if matches is None else matches
    has_prev = prev_row >= 0
    safe = np.where(has_prev, prev_row, 0)
    cur = np.asarray(results.values[code], dtype=np.float64)
    status = np.asarray(results.statuses[code])
    prev = np.where(has_prev, cur[safe], np.nan) if len(cur) else cur.copy()
    prev_status = np.where(has_prev, status[safe], Status.OK) if len(cur) else status
    notes = np.zeros(len(cur), dtype=np.int64)
    cases = [
        (~has_prev, ChangeNote.NO_PREVIOUS),
        (prev_status == Status.INVALID, ChangeNote.PREVIOUS_INVALID),
        (prev_status >= Status.ZERO_DENOMINATOR, ChangeNote.PREVIOUS_NOT_APPLICABLE),
        (prev_status == Status.NOT_PROVIDED, ChangeNote.PREVIOUS_NOT_PROVIDED),
        (np.isnan(cur), ChangeNote.NO_CURRENT),
        (prev == 0, ChangeNote.PREVIOUS_ZERO),
    ]
    # The first case that applies wins: fill from the last to the first.
    for mask, note in reversed(cases):
        notes = np.where(mask, int(note), notes)
    usable = (notes == ChangeNote.OK) | (notes == ChangeNote.PREVIOUS_ZERO)
    absolute = np.where(usable, cur - np.where(usable, prev, 0.0), np.nan)
    relative = np.where(notes == ChangeNote.OK, relative_change(absolute, prev), np.nan)
    return Changes(
        indicator=code,
        comparison=comp,
        results=results,
        previous_row=prev_row,
        current=cur,
        previous=np.where(has_prev, prev, np.nan),
        absolute=absolute,
        relative=relative,
        notes=notes,
    )
