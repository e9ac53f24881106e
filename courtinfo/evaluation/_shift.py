"""The rows of an earlier period: 环比 (the period before) and 同比 (a year earlier).

For every row the matching row is the one with the same court, the same department and the
comparison period: `Period.previous()` for "previous"; for "year_ago",
`Period.same_week_last_year()` for weeks, the same ISO weeks a year earlier for a span of
weeks from week 1 (1–N周累计), the same months a year earlier for a span of whole months
(1–N月累计: January–February 2025 against January 1 to February 29, 2024), and
`Period.year_ago()` otherwise. Rows are matched on integer
keys of the batch's categorical codes with one sort and `np.searchsorted`, so millions of rows
cost no Python loop.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from courtinfo.base import InputError, argument, shown
from courtinfo.data import IntArray, SnapshotBatch
from courtinfo.formulas import SHIFTS
from courtinfo.periods import Period, PeriodKind


def _week_span(period: Period) -> tuple[int, int] | None:
    """(ISO year, last week) when `period` is the range of ISO weeks 1..N of one ISO year."""
    start, end = period.start, period.end
    iso = start.isocalendar()
    if period.kind is not PeriodKind.RANGE or iso.week != 1 or iso.weekday != 1:
        return None
    last = end.isocalendar()
    if last.weekday != 7 or last.year != iso.year:
        return None
    return iso.year, last.week


def week_span(year: int, last_week: int) -> Period:
    """ISO weeks 1..`last_week` of ISO `year` as one range (1–N周累计)."""
    monday = date.fromisocalendar(year, 1, 1)
    sunday = date.fromisocalendar(year, last_week, 7)
    return Period.range(monday, sunday)


@argument('period', Period, "a Period")
def comparison_period(period: Period, shift: str) -> Period | None:
    """The period `period` is compared with under `shift` ("previous" or "year_ago");
    None when there is none (week 53 a year on, weeks 1..53 a year on)."""
    if shift not in SHIFTS:
        allowed = ", ".join(repr(s) for s in SHIFTS)
        msg = f"period shift {shown(shift)} is not one of {allowed}"
        raise InputError(msg)
    if shift == "previous":
        return period.previous()
    if period.kind is PeriodKind.WEEK:
        return period.same_week_last_year()
    span = _week_span(period)
    if span is not None:
        year, last = span
        weeks = date(year - 1, 12, 28).isocalendar().week
        return week_span(year - 1, last) if last <= weeks else None
    months = _month_span(period)
    if months is not None:
        # Whole months (1–N月累计): the same months a year earlier, to their last day, so
        # that January–February 2025 finds January–February 2024, which ends on the 29th.
        first_month, last_month = months
        return Period.range(first_month.year_ago().start, last_month.year_ago().end)
    return period.year_ago()


def _month_span(period: Period) -> tuple[Period, Period] | None:
    """(first month, last month) when `period` is a range of whole months, else None."""
    start, end = period.start, period.end
    if period.kind is not PeriodKind.RANGE or start.day != 1:
        return None
    last = Period.month(end.year, end.month)
    return (Period.month(start.year, start.month), last) if end == last.end else None


@argument('batch', SnapshotBatch, "a SnapshotBatch")
def matching_rows(batch: SnapshotBatch, shift: str = "previous") -> IntArray:
    """For each row, the row of the same court and department in the comparison period; -1 if none."""
    where = {p: k for k, p in enumerate(batch.periods)}
    earlier = [comparison_period(p, shift) for p in batch.periods]
    period_map = np.array(
        [-1 if q is None else where.get(q, -1) for q in earlier] or [-1], dtype=np.int64
    )
    wanted_period = period_map[batch.period_index] if len(batch) else batch.period_index
    keys = batch.row_keys()
    nd, np_ = len(batch.departments), len(batch.periods)
    wanted = (batch.court_index * nd + batch.department_index) * np_ + wanted_period
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    pos = np.minimum(np.searchsorted(ordered, wanted), max(len(ordered) - 1, 0))
    found = (wanted_period >= 0) & (ordered[pos] == wanted) if len(ordered) else wanted_period >= 0
    return np.where(found, order[pos] if len(ordered) else -1, -1).astype(np.int64)


__all__ = ["comparison_period", "matching_rows", "week_span"]
