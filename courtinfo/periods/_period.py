"""Reporting periods: ISO weeks (the grain of weekly bulletins 周通报), months, quarters,
years and arbitrary date ranges, with the string forms court documents use."""

from __future__ import annotations

import calendar
import enum
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import NoReturn

import attrs
from dateutil.relativedelta import relativedelta

from courtinfo.base import PeriodError

__all__ = ["Period", "PeriodKind"]


class PeriodKind(enum.StrEnum):
    """The grain of a period."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


# Tie-break of the sort key: two periods of different kinds may cover the same days
# (a range spanning exactly 2019 and the year 2019); the rank keeps ordering total.
_KIND_RANK = {kind: rank for rank, kind in enumerate(PeriodKind)}
_FORMATS = (
    "expected one of 2022-W21, 2022-05, 2022-Q2, 2019, 2019-01-01/2019-12-31, "
    "2019年1月1日至12月31日, 2022年第21周, 2022年5月, 2022年第2季度, 2019年"
)
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}

# Matched against the text after NFKC (full-width digits and ～ become ASCII) and with all
# whitespace removed: the documents write "2019 年 1 月 1 日" as often as "2019年1月1日".
_ISO_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})", re.ASCII)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_ISO_QUARTER = re.compile(r"(\d{4})-[Qq](\d)", re.ASCII)
_ISO_YEAR = re.compile(r"(\d{4})", re.ASCII)
_ISO_RANGE = re.compile(r"(\d{4})-(\d{2})-(\d{2})/(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_ZH_WEEK = re.compile(r"(\d{1,4})年第(\d{1,2})周", re.ASCII)
_ZH_MONTH = re.compile(r"(\d{1,4})年(\d{1,2})月份?", re.ASCII)
_ZH_QUARTER = re.compile(r"(\d{1,4})年第?(\d|[一二三四])季度", re.ASCII)
_ZH_YEAR = re.compile(r"(\d{1,4})年度?", re.ASCII)
_BROKEN_DIGITS = re.compile(r"\d\s+\d", re.ASCII)
#: A year of one to three digits where a Chinese period starts (22年第21周) or in a span's end.
_SHORT_YEAR = re.compile(r"(?:.*[至到~—–-])?(?<!\d)(\d{1,3})年", re.ASCII)
_ZH_SPAN = re.compile(
    r"[自从]?(\d{1,4})年(\d{1,2})月(\d{1,2})日"
    r"(?:至|到|起至|-|~|—|–)"
    r"(?:(\d{1,4})年)?(\d{1,2})月(\d{1,2})日止?",
    re.ASCII,
)


def _fail(text: str, rule: str) -> NoReturn:
    msg = f"{text!r}: {rule}"
    raise PeriodError(msg)


@contextmanager
def _calendar_bounds(text: str, action: str = "") -> Iterator[None]:
    """Turn date overflow into a PeriodError: `datetime.date` stops at years 1 and 9999."""
    try:
        yield
    except PeriodError:
        raise
    except (OverflowError, ValueError) as exc:
        msg = f"{text!r}: {action or 'it'} leaves the supported calendar (years 0001..9999)"
        raise PeriodError(msg) from exc


def _check_ints(where: str, **values: object) -> None:
    for name, value in values.items():
        # bool is an int subclass, but Period.week(True, 3) is certainly a mistake.
        if not isinstance(value, int) or isinstance(value, bool):
            msg = f"{where}: {name} must be an int, got {type(value).__name__} {value!r}"
            raise PeriodError(msg)


def _check_year(text: str, year: int) -> None:
    if not 1 <= year <= 9999:
        _fail(text, f"year {year} is outside 0001..9999")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _weeks_in(iso_year: int) -> int:
    """52 or 53: December 28 always lies in the last ISO week of its year."""
    return date(iso_year, 12, 28).isocalendar().week


def _make_date(text: str, year: int, month: int, day: int) -> date:
    _check_year(text, year)
    if not 1 <= month <= 12:
        _fail(text, f"month {month} is not in 1..12")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        _fail(text, f"{year:04d}-{month:02d} has no day {day} (it has {days} days)")
    return date(year, month, day)


def _make_week(text: str, year: int, week: int) -> Period:
    _check_year(text, year)
    last = _weeks_in(year)
    if week < 1:
        _fail(text, "ISO weeks are numbered from 01")
    if week > last:
        _fail(text, f"ISO year {year} has only {last} weeks")
    with _calendar_bounds(text, "its Sunday"):  # 9999-W52 would end in the year 10000
        monday = date.fromisocalendar(year, week, 1)
        return Period(PeriodKind.WEEK, monday, monday + timedelta(days=6))


def _make_month(text: str, year: int, month: int) -> Period:
    _check_year(text, year)
    if not 1 <= month <= 12:
        _fail(text, f"month {month} is not in 01..12")
    return Period(PeriodKind.MONTH, date(year, month, 1), _month_end(year, month))


def _make_quarter(text: str, year: int, quarter: int) -> Period:
    _check_year(text, year)
    if not 1 <= quarter <= 4:
        _fail(text, f"quarter {quarter} is not in 1..4")
    first = 3 * quarter - 2
    return Period(PeriodKind.QUARTER, date(year, first, 1), _month_end(year, first + 2))


def _make_year(text: str, year: int) -> Period:
    _check_year(text, year)
    return Period(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))


def _make_range(text: str, start: date, end: date) -> Period:
    if end < start:
        _fail(text, f"end {end} is before start {start}")
    return Period(PeriodKind.RANGE, start, end)


def _inconsistency(kind: object, start: object, end: object) -> str | None:
    """Why these fields cannot form a Period, or None when they can."""
    if not isinstance(kind, PeriodKind):
        return f"kind must be a PeriodKind ({', '.join(PeriodKind)})"
    for name, value in (("start", start), ("end", end)):
        # A datetime is a date subclass but does not compare with dates.
        if not isinstance(value, date) or isinstance(value, datetime):
            return f"{name} must be a datetime.date, got {type(value).__name__}"
    assert isinstance(start, date) and isinstance(end, date)
    if end < start:
        return f"end {end} is before start {start}"
    y, m = start.year, start.month
    match kind:
        case PeriodKind.WEEK if start.weekday() != 0 or (end - start).days != 6:
            return "a week runs from a Monday to the next Sunday"
        case PeriodKind.MONTH if (start, end) != (date(y, m, 1), _month_end(y, m)):
            return "a month runs from its first to its last day"
        case PeriodKind.QUARTER if m % 3 != 1 or start.day != 1 or end != _month_end(y, m + 2):
            return "a quarter runs from January, April, July or October 1 for three months"
        case PeriodKind.YEAR if (start, end) != (date(y, 1, 1), date(y, 12, 31)):
            return "a year runs from January 1 to December 31"
    return None


def _parse(text: str) -> Period:
    normal = unicodedata.normalize("NFKC", text)
    if _BROKEN_DIGITS.search(normal):
        # "20 22年" is not read as 2022 (nor "2022年第2 1周" as week 21): refused, not guessed.
        _fail(text, "digits broken by white space; write the number without spaces")
    s = "".join(normal.split())
    if m := _SHORT_YEAR.match(s):
        _fail(text, f"the year {m[1]!r} has {len(m[1])} digit{'s' if len(m[1]) > 1 else ''}; write it in full (2022, not 22)")
    if m := _ISO_WEEK.fullmatch(s) or _ZH_WEEK.fullmatch(s):
        return _make_week(text, int(m[1]), int(m[2]))
    if m := _ISO_MONTH.fullmatch(s) or _ZH_MONTH.fullmatch(s):
        return _make_month(text, int(m[1]), int(m[2]))
    if m := _ISO_QUARTER.fullmatch(s) or _ZH_QUARTER.fullmatch(s):
        q = _ZH_DIGITS.get(m[2]) or int(m[2])
        return _make_quarter(text, int(m[1]), q)
    if m := _ISO_YEAR.fullmatch(s) or _ZH_YEAR.fullmatch(s):
        return _make_year(text, int(m[1]))
    if m := _ISO_RANGE.fullmatch(s):
        a, b, c, d, e, f = (int(g) for g in m.groups())
        return _make_range(text, _make_date(text, a, b, c), _make_date(text, d, e, f))
    if m := _ZH_SPAN.fullmatch(s):
        # "2019年1月1日至12月31日": a second date without a year takes the first one's.
        end_year = m[4] or m[1]
        start = _make_date(text, int(m[1]), int(m[2]), int(m[3]))
        end = _make_date(text, int(end_year), int(m[5]), int(m[6]))
        return _make_range(text, start, end)
    _fail(text, f"not a period; {_FORMATS}")


@attrs.frozen(order=False, repr=False)
class Period:
    """A reporting period: its kind and its first and last day (both inclusive).

    Periods sort by start, then end, then kind (week < month < quarter < year < range),
    so any two periods compare, whatever their kinds.
    """

    kind: PeriodKind
    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        rule = _inconsistency(self.kind, self.start, self.end)
        if rule is not None:
            msg = f"Period(kind={self.kind!r}, start={self.start!r}, end={self.end!r}): {rule}"
            raise PeriodError(msg)

    # -- constructors ------------------------------------------------------------------

    @classmethod
    def week(cls, year: int, week: int) -> Period:
        """ISO week `week` (1..52 or 53) of ISO year `year`, Monday to Sunday."""
        _check_ints("Period.week", year=year, week=week)
        return _make_week(f"{year:04d}-W{week:02d}", year, week)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Calendar month `month` (1..12) of `year`."""
        _check_ints("Period.month", year=year, month=month)
        return _make_month(f"{year:04d}-{month:02d}", year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Calendar quarter `quarter` (1..4) of `year`."""
        _check_ints("Period.quarter", year=year, quarter=quarter)
        return _make_quarter(f"{year:04d}-Q{quarter}", year, quarter)

    @classmethod
    def year(cls, year: int) -> Period:
        """Calendar year `year`."""
        _check_ints("Period.year", year=year)
        return _make_year(f"{year:04d}", year)

    @classmethod
    def range(cls, start: date, end: date) -> Period:
        """The days from `start` to `end`, both included."""
        rule = _inconsistency(PeriodKind.RANGE, start, end)
        if rule is not None:
            _fail(f"{start}/{end}", rule)
        return Period(PeriodKind.RANGE, start, end)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read the canonical forms (`2022-W21`, `2022-05`, `2022-Q2`, `2019`,
        `2019-01-01/2019-12-31`), `label_zh`, or a Chinese span such as
        `2019 年 1 月 1 日至 12 月 31 日`."""
        if not isinstance(text, str):
            msg = f"a period must be a str such as '2022-W21', got {type(text).__name__} {text!r}"
            raise PeriodError(msg)
        return _parse(text)

    @classmethod
    def of_date(cls, d: date, kind: PeriodKind = PeriodKind.WEEK) -> Period:
        """The period of `kind` containing `d`; for RANGE, the single day `d`."""
        if isinstance(d, datetime):
            d = d.date()
        if not isinstance(d, date):
            msg = f"Period.of_date: expected a datetime.date, got {type(d).__name__} {d!r}"
            raise PeriodError(msg)
        with _calendar_bounds(str(d), f"its {kind}"):
            match kind:
                case PeriodKind.WEEK:
                    monday = d - timedelta(days=d.weekday())
                    return Period(PeriodKind.WEEK, monday, monday + timedelta(days=6))
                case PeriodKind.MONTH:
                    return Period.month(d.year, d.month)
                case PeriodKind.QUARTER:
                    return Period.quarter(d.year, (d.month - 1) // 3 + 1)
                case PeriodKind.YEAR:
                    return Period.year(d.year)
                case PeriodKind.RANGE:
                    return Period.range(d, d)
        msg = f"Period.of_date: kind must be a PeriodKind, got {kind!r}"
        raise PeriodError(msg)

    # -- printing ----------------------------------------------------------------------

    def __str__(self) -> str:
        s = self.start
        match self.kind:
            case PeriodKind.WEEK:
                return f"{self.iso_year:04d}-W{self.iso_week:02d}"
            case PeriodKind.MONTH:
                return f"{s.year:04d}-{s.month:02d}"
            case PeriodKind.QUARTER:
                return f"{s.year:04d}-Q{self.quarter_number}"
            case PeriodKind.YEAR:
                return f"{s.year:04d}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def __repr__(self) -> str:
        return f"Period.parse({str(self)!r})"

    @property
    def label_zh(self) -> str:
        """The Chinese label used in bulletins, e.g. `2022年第21周`."""
        s, e = self.start, self.end
        match self.kind:
            case PeriodKind.WEEK:
                return f"{self.iso_year}年第{self.iso_week}周"
            case PeriodKind.MONTH:
                return f"{s.year}年{s.month}月"
            case PeriodKind.QUARTER:
                return f"{s.year}年第{self.quarter_number}季度"
            case PeriodKind.YEAR:
                return f"{s.year}年"
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    # -- parts -------------------------------------------------------------------------

    @property
    def iso_year(self) -> int:
        """The ISO year of a week (2021-01-01 lies in 2020-W53, so it is 2020)."""
        self._require(PeriodKind.WEEK, "iso_year")
        return self.start.isocalendar().year

    @property
    def iso_week(self) -> int:
        """The ISO week number (1..53) of a week."""
        self._require(PeriodKind.WEEK, "iso_week")
        return self.start.isocalendar().week

    @property
    def quarter_number(self) -> int:
        """The quarter (1..4) of a quarter."""
        self._require(PeriodKind.QUARTER, "quarter_number")
        return (self.start.month - 1) // 3 + 1

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def _require(self, kind: PeriodKind, what: str) -> None:
        if self.kind is not kind:
            _fail(str(self), f"{what} is defined for a {kind} only, not a {self.kind}")

    def contains(self, d: date) -> bool:
        """Whether day `d` lies in the period (a datetime counts by its date)."""
        if isinstance(d, datetime):
            d = d.date()
        if not isinstance(d, date):
            msg = f"{str(self)!r}.contains: expected a datetime.date, got {type(d).__name__}"
            raise PeriodError(msg)
        return self.start <= d <= self.end

    def weeks(self) -> list[Period]:
        """The ISO weeks whose Thursday falls inside this period, in order.

        This is ISO's own rule for giving a week to a year, applied to months and quarters,
        so each week belongs to exactly one month, quarter and year: the weeks of 2020
        are 2020-W01..2020-W53, and 2020-W53 (Thursday 2020-12-31) belongs to 2020-12.
        """
        with _calendar_bounds(str(self), "a week of it"):
            thursday = self.start + timedelta(days=(3 - self.start.weekday()) % 7)
            if thursday > self.end:
                return []
            count = (self.end - thursday).days // 7 + 1
            return [Period.of_date(thursday + timedelta(weeks=i)) for i in range(count)]

    # -- moving ------------------------------------------------------------------------

    def shift(self, n: int) -> Period:
        """The period `n` steps later (earlier when negative), of the same kind; a range
        moves by its own length in days."""
        _check_ints(f"{str(self)!r}.shift", n=n)
        with _calendar_bounds(str(self), f"shifting by {n}"):
            match self.kind:
                case PeriodKind.WEEK:
                    return Period.of_date(self.start + timedelta(weeks=n))
                case PeriodKind.MONTH:
                    return Period.of_date(self.start + relativedelta(months=n), self.kind)
                case PeriodKind.QUARTER:
                    return Period.of_date(self.start + relativedelta(months=3 * n), self.kind)
                case PeriodKind.YEAR:
                    return Period.of_date(self.start + relativedelta(years=n), self.kind)
            step = timedelta(days=self.days * n)
            return Period.range(self.start + step, self.end + step)

    def next(self) -> Period:
        """The following period of the same kind (2020-W53 -> 2021-W01)."""
        return self.shift(1)

    def previous(self) -> Period:
        """The preceding period of the same kind (2021-W01 -> 2020-W53)."""
        return self.shift(-1)

    def same_week_last_year(self) -> Period | None:
        """The week with the same number in the previous ISO year, for year-over-year
        (同比) comparison of weeks.

        Returns None for a week 53 whose previous ISO year has only 52 weeks; as two long
        ISO years never follow each other, that is every week 53.
        """
        self._require(PeriodKind.WEEK, "same_week_last_year()")
        year, week = self.iso_year - 1, self.iso_week
        with _calendar_bounds(str(self), "going a year back"):
            if week > _weeks_in(year):
                return None
            return Period.week(year, week)

    def year_ago(self) -> Period:
        """The same month, quarter, year or range one year earlier, for year-over-year
        (同比) comparison; a range ending on February 29 ends on February 28."""
        if self.kind is PeriodKind.WEEK:
            _fail(str(self), "year_ago() does not apply to weeks; use same_week_last_year()")
        if self.kind is not PeriodKind.RANGE:
            return self.shift({"month": -12, "quarter": -4, "year": -1}[self.kind])
        with _calendar_bounds(str(self), "going a year back"):
            back = relativedelta(years=-1)
            return Period.range(self.start + back, self.end + back)

    # -- ordering ----------------------------------------------------------------------

    @property
    def sort_key(self) -> tuple[date, date, int]:
        """Start, end, then kind: the order periods sort in."""
        return (self.start, self.end, _KIND_RANK[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key
