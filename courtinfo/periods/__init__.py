"""Reporting periods: weeks, months, quarters, years and spans, as courts write them."""

from courtinfo.periods._period import Period, PeriodKind

__all__ = [
    "Period",
    "PeriodKind",
]
