"""Tests of courtinfo.periods._period: parsing, printing, calendar rules and ordering of Period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtinfo.base._errors import PeriodError
from courtinfo.periods._period import Period, PeriodKind

D = date
W, M, Q, Y, R = PeriodKind


# -- parsing and printing ------------------------------------------------------------------

# text, kind, start, end, canonical str, label_zh
CANONICAL = [
    ("2022-W21", W, D(2022, 5, 23), D(2022, 5, 29), "2022-W21", "2022年第21周"),
    ("2022-05", M, D(2022, 5, 1), D(2022, 5, 31), "2022-05", "2022年5月"),
    ("2022-Q2", Q, D(2022, 4, 1), D(2022, 6, 30), "2022-Q2", "2022年第2季度"),
    ("2019", Y, D(2019, 1, 1), D(2019, 12, 31), "2019", "2019年"),
    ("2020-W53", W, D(2020, 12, 28), D(2021, 1, 3), "2020-W53", "2020年第53周"),
    ("2020-W01", W, D(2019, 12, 30), D(2020, 1, 5), "2020-W01", "2020年第1周"),
    ("2024-02", M, D(2024, 2, 1), D(2024, 2, 29), "2024-02", "2024年2月"),
    ("2023-02", M, D(2023, 2, 1), D(2023, 2, 28), "2023-02", "2023年2月"),
    ("2022-Q4", Q, D(2022, 10, 1), D(2022, 12, 31), "2022-Q4", "2022年第4季度"),
    (
        "2019-01-01/2019-12-31",
        R,
        D(2019, 1, 1),
        D(2019, 12, 31),
        "2019-01-01/2019-12-31",
        "2019年1月1日至2019年12月31日",
    ),
    (
        "2021-11-15/2022-02-03",
        R,
        D(2021, 11, 15),
        D(2022, 2, 3),
        "2021-11-15/2022-02-03",
        "2021年11月15日至2022年2月3日",
    ),
]


@pytest.mark.parametrize(("text", "kind", "start", "end", "canonical", "zh"), CANONICAL)
def test_parse_and_print(
    text: str, kind: PeriodKind, start: date, end: date, canonical: str, zh: str
) -> None:
    p = Period.parse(text)
    assert (p.kind, p.start, p.end) == (kind, start, end)
    assert str(p) == canonical
    assert p.label_zh == zh
    assert Period.parse(zh) == p
    assert repr(p) == f"Period.parse({canonical!r})"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # as the court documents write them
        ("2019 年 1 月 1 日至 12 月 31 日", D(2019, 1, 1), D(2019, 12, 31)),
        ("2019年1月1日至2019年12月31日", D(2019, 1, 1), D(2019, 12, 31)),
        ("2019年1月1日至12月31日", D(2019, 1, 1), D(2019, 12, 31)),
        ("2019 年 1 月 1 日至 2019 年 12 月 31 日", D(2019, 1, 1), D(2019, 12, 31)),
        ("2021年7月1日至9月30日", D(2021, 7, 1), D(2021, 9, 30)),
        ("2021年12月1日至2022年1月31日", D(2021, 12, 1), D(2022, 1, 31)),
        ("自2020年3月5日至2020年3月5日止", D(2020, 3, 5), D(2020, 3, 5)),
        ("2020年2月1日到2月29日", D(2020, 2, 1), D(2020, 2, 29)),
        ("２０１９年１月１日至１２月３１日", D(2019, 1, 1), D(2019, 12, 31)),  # full-width
        ("  2019-01-01/2019-12-31\n", D(2019, 1, 1), D(2019, 12, 31)),
    ],
)
def test_chinese_spans(text: str, start: date, end: date) -> None:
    assert Period.parse(text) == Period(PeriodKind.RANGE, start, end)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2022年第21周", "2022-W21"),
        ("2022 年第 1 周", "2022-W01"),
        ("2022年5月", "2022-05"),
        ("2022年12月份", "2022-12"),
        ("2022年第2季度", "2022-Q2"),
        ("2022年二季度", "2022-Q2"),
        ("2022年第四季度", "2022-Q4"),
        ("2019年", "2019"),
        ("2019年度", "2019"),
        ("2022-w21", "2022-W21"),
        ("2022-q3", "2022-Q3"),
    ],
)
def test_other_accepted_forms(text: str, canonical: str) -> None:
    assert str(Period.parse(text)) == canonical


# -- malformed input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2021-W53", "ISO year 2021 has only 52 weeks"),
        ("2022-W54", "ISO year 2022 has only 52 weeks"),
        ("2020-W54", "ISO year 2020 has only 53 weeks"),
        ("2022-W00", "numbered from 01"),
        ("2022年第0周", "numbered from 01"),
        ("2022-13", "month 13 is not in 01..12"),
        ("2022-00", "month 0 is not in 01..12"),
        ("2022年13月", "month 13 is not in 01..12"),
        ("2022-Q5", "quarter 5 is not in 1..4"),
        ("2022-Q0", "quarter 0 is not in 1..4"),
        ("0000", "year 0 is outside 0001..9999"),
        ("2019年2月30日至2019年3月1日", "2019-02 has no day 30"),
        ("2019年2月30日至3月1日", "2019-02 has no day 30"),
        ("2019年1月1日至13月1日", "month 13"),
        ("2019-02-29/2019-03-01", "2019-02 has no day 29"),
        ("2019-01-00/2019-03-01", "2019-01 has no day 0"),
        ("2019年12月31日至2019年1月1日", "end 2019-01-01 is before start 2019-12-31"),
        ("2019年12月1日至1月31日", "end 2019-01-31 is before start 2019-12-01"),
        ("2019-12-31/2019-01-01", "end 2019-01-01 is before start 2019-12-31"),
        ("9999-W52", "leaves the supported calendar"),
        ("", "not a period"),
        ("   ", "not a period"),
        ("2022-5", "not a period"),
        ("2022-W5", "not a period"),
        ("2022/05", "not a period"),
        ("22-W21", "not a period"),
        ("2022-W21x", "not a period"),
        ("2019-01-01", "not a period"),
        ("2019-01-01/", "not a period"),
        ("last week", "not a period"),
        ("2019年1月1日", "not a period"),
    ],
)
def test_malformed_text(text: str, rule: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    message = str(info.value)
    assert message.startswith(repr(text) + ": ")
    assert rule in message


@pytest.mark.parametrize("value", [None, 2022, 2022.5, b"2022-W21", D(2022, 5, 1), ["2022"]])
def test_parse_rejects_non_strings(value: object) -> None:
    with pytest.raises(PeriodError, match="must be a str"):
        Period.parse(value)  # type: ignore[arg-type]


def test_error_is_not_a_bare_value_error() -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse("2021-W53")
    assert type(info.value) is PeriodError
    assert str(info.value) == "'2021-W53': ISO year 2021 has only 52 weeks"


# -- constructors and invariants -----------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "text"),
    [
        (lambda: Period.week(2020, 53), "2020-W53"),
        (lambda: Period.week(2015, 53), "2015-W53"),
        (lambda: Period.week(2022, 1), "2022-W01"),
        (lambda: Period.month(2022, 5), "2022-05"),
        (lambda: Period.quarter(2022, 2), "2022-Q2"),
        (lambda: Period.year(2019), "2019"),
        (lambda: Period.range(D(2019, 1, 1), D(2019, 12, 31)), "2019-01-01/2019-12-31"),
        (lambda: Period.range(D(2019, 3, 1), D(2019, 3, 1)), "2019-03-01/2019-03-01"),
    ],
)
def test_constructors(made: Callable[[], Period], text: str) -> None:
    assert str(made()) == text


@pytest.mark.parametrize(
    ("build", "rule"),
    [
        (lambda: Period.week(2021, 53), "'2021-W53': ISO year 2021 has only 52 weeks"),
        (lambda: Period.week(2022, 0), "'2022-W00': ISO weeks are numbered from 01"),
        (lambda: Period.month(2022, 13), "'2022-13': month 13 is not in 01..12"),
        (lambda: Period.quarter(2022, 5), "'2022-Q5': quarter 5 is not in 1..4"),
        (lambda: Period.year(10000), "'10000': year 10000 is outside 0001..9999"),
        (lambda: Period.week("2022", 1), "year must be an int"),  # type: ignore[arg-type]
        (lambda: Period.month(2022, True), "month must be an int"),
        (
            lambda: Period.range(D(2019, 12, 31), D(2019, 1, 1)),
            "'2019-12-31/2019-01-01': end 2019-01-01 is before start 2019-12-31",
        ),
        (
            lambda: Period.range(datetime(2019, 1, 1), D(2019, 1, 2)),
            "start must be a datetime.date, got datetime",
        ),
        (lambda: Period.range(D(2019, 1, 1), "2019-01-02"), "end must be a datetime.date"),  # type: ignore[arg-type]
        # Built field by field, as a structuring hook would: impossible ones are refused.
        (lambda: Period(W, D(2022, 5, 3), D(2022, 5, 9)), "a week runs from a Monday"),
        (lambda: Period(W, D(2022, 5, 2), D(2022, 5, 9)), "a week runs from a Monday"),
        (lambda: Period(M, D(2022, 5, 1), D(2022, 5, 30)), "a month runs from its first"),
        (lambda: Period(M, D(2022, 5, 2), D(2022, 5, 31)), "a month runs from its first"),
        (lambda: Period(Q, D(2022, 2, 1), D(2022, 4, 30)), "a quarter runs from"),
        (lambda: Period(Q, D(2022, 4, 1), D(2022, 5, 31)), "a quarter runs from"),
        (lambda: Period(Y, D(2022, 1, 1), D(2022, 12, 30)), "a year runs from January 1"),
        (lambda: Period(Y, D(2022, 1, 1), D(2023, 12, 31)), "a year runs from January 1"),
        (lambda: Period(R, D(2022, 1, 2), D(2022, 1, 1)), "is before start"),
        (lambda: Period("week", D(2022, 5, 2), D(2022, 5, 8)), "must be a PeriodKind"),  # type: ignore[arg-type]
    ],
)
def test_impossible_periods(build: Callable[[], Period], rule: str) -> None:
    with pytest.raises(PeriodError) as info:
        build()
    assert rule in str(info.value)


def test_direct_construction_of_a_valid_period() -> None:
    assert Period(W, D(2022, 5, 23), D(2022, 5, 29)) == Period.parse("2022-W21")


def test_frozen_hashable_and_equal() -> None:
    a, b = Period.parse("2022-W21"), Period.week(2022, 21)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, Period.parse("2022-W22")}) == 2
    assert Period.year(2019) != Period.range(D(2019, 1, 1), D(2019, 12, 31))
    assert Period.year(2019) != "2019"  # type: ignore[comparison-overlap]
    with pytest.raises(AttributeError):
        a.start = D(2000, 1, 3)  # type: ignore[misc]


# -- weeks and year boundaries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (D(2021, 1, 1), "2020-W53"),
        (D(2021, 1, 3), "2020-W53"),
        (D(2021, 1, 4), "2021-W01"),
        (D(2020, 12, 28), "2020-W53"),
        (D(2019, 12, 30), "2020-W01"),
        (D(2019, 12, 29), "2019-W52"),
        (D(2022, 1, 1), "2021-W52"),
        (D(2022, 5, 25), "2022-W21"),
        (D(2026, 12, 31), "2026-W53"),
    ],
)
def test_week_of_date(day: date, week: str) -> None:
    p = Period.of_date(day)
    assert str(p) == week
    assert p.contains(day)


def test_iso_parts() -> None:
    p = Period.parse("2020-W53")
    assert (p.iso_year, p.iso_week) == (2020, 53)
    assert Period.parse("2020-W01").iso_year == 2020  # starts in December 2019
    assert Period.parse("2022-Q3").quarter_number == 3
    with pytest.raises(PeriodError, match="iso_week is defined for a week only"):
        _ = Period.parse("2022-05").iso_week
    with pytest.raises(PeriodError, match="'2022': iso_year"):
        _ = Period.parse("2022").iso_year


@pytest.mark.parametrize(
    ("day", "kind", "text"),
    [
        (D(2022, 5, 25), M, "2022-05"),
        (D(2022, 5, 25), Q, "2022-Q2"),
        (D(2022, 12, 31), Q, "2022-Q4"),
        (D(2022, 1, 1), Y, "2022"),
        (D(2022, 5, 25), R, "2022-05-25/2022-05-25"),
        (datetime(2021, 1, 1, 23, 59), W, "2020-W53"),
    ],
)
def test_of_date_other_kinds(day: date, kind: PeriodKind, text: str) -> None:
    assert str(Period.of_date(day, kind)) == text


def test_of_date_rejects_non_dates() -> None:
    with pytest.raises(PeriodError, match=r"expected a datetime\.date"):
        Period.of_date("2022-05-01")  # type: ignore[arg-type]


# -- previous and next ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "previous", "following"),
    [
        ("2020-W53", "2020-W52", "2021-W01"),
        ("2021-W01", "2020-W53", "2021-W02"),
        ("2020-W01", "2019-W52", "2020-W02"),
        ("2019-W52", "2019-W51", "2020-W01"),
        ("2022-01", "2021-12", "2022-02"),
        ("2022-12", "2022-11", "2023-01"),
        ("2022-Q1", "2021-Q4", "2022-Q2"),
        ("2022-Q4", "2022-Q3", "2023-Q1"),
        ("2019", "2018", "2020"),
        # a range moves by its own length: 12 days here, across the new year
        ("2019-12-25/2020-01-05", "2019-12-13/2019-12-24", "2020-01-06/2020-01-17"),
        ("2019-01-01/2019-12-31", "2018-01-01/2018-12-31", "2020-01-01/2020-12-30"),
        ("2020-03-01/2020-03-01", "2020-02-29/2020-02-29", "2020-03-02/2020-03-02"),
    ],
)
def test_previous_and_next(text: str, previous: str, following: str) -> None:
    p = Period.parse(text)
    assert str(p.previous()) == previous
    assert str(p.next()) == following
    assert p.previous().kind == p.next().kind == p.kind


def test_shift_many_steps() -> None:
    assert str(Period.parse("2022-W50").shift(3)) == "2023-W01"
    assert str(Period.parse("2022-11").shift(-23)) == "2020-12"
    assert str(Period.parse("2022-Q1").shift(-5)) == "2020-Q4"
    assert Period.parse("2022-05").shift(0) == Period.parse("2022-05")


@pytest.mark.parametrize(
    ("text", "step"), [("9999", 1), ("0001", -1), ("0001-W01", -1), ("9999-12", 1)]
)
def test_shift_past_the_calendar(text: str, step: int) -> None:
    with pytest.raises(PeriodError, match="leaves the supported calendar"):
        Period.parse(text).shift(step)


# -- year over year ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "last_year"),
    [
        ("2021-W10", "2020-W10"),
        ("2021-W01", "2020-W01"),
        ("2021-W52", "2020-W52"),
        ("2016-W52", "2015-W52"),
        ("2020-W53", None),  # 2019 has only 52 weeks
        ("2026-W53", None),
    ],
)
def test_same_week_last_year(text: str, last_year: str | None) -> None:
    result = Period.parse(text).same_week_last_year()
    assert (None if result is None else str(result)) == last_year


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("2022-05", "2021-05"),
        ("2022-01", "2021-01"),
        ("2022-Q1", "2021-Q1"),
        ("2020", "2019"),
        ("2019-01-01/2019-06-30", "2018-01-01/2018-06-30"),
        ("2020-02-01/2020-02-29", "2019-02-01/2019-02-28"),
    ],
)
def test_year_ago(text: str, ago: str) -> None:
    assert str(Period.parse(text).year_ago()) == ago


def test_year_over_year_wrong_kind() -> None:
    with pytest.raises(PeriodError, match="use same_week_last_year"):
        Period.parse("2021-W10").year_ago()
    with pytest.raises(PeriodError, match="same_week_last_year\\(\\) is defined for a week"):
        Period.parse("2021-05").same_week_last_year()


# -- contains and weeks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "inside"),
    [
        ("2022-W21", D(2022, 5, 23), True),
        ("2022-W21", D(2022, 5, 29), True),
        ("2022-W21", D(2022, 5, 30), False),
        ("2022-W21", D(2022, 5, 22), False),
        ("2020-W53", D(2021, 1, 1), True),
        ("2022-05", D(2022, 5, 31), True),
        ("2022-05", D(2022, 6, 1), False),
        ("2022-Q2", D(2022, 4, 1), True),
        ("2022-Q2", D(2022, 3, 31), False),
        ("2019", D(2019, 12, 31), True),
        ("2019", D(2020, 1, 1), False),
        ("2019-12-25/2020-01-05", D(2020, 1, 5), True),
        ("2019-12-25/2020-01-05", D(2019, 12, 24), False),
    ],
)
def test_contains(text: str, day: date, inside: bool) -> None:
    assert Period.parse(text).contains(day) is inside


def test_contains_datetime_and_rejects_other_things() -> None:
    assert Period.parse("2022-05").contains(datetime(2022, 5, 31, 23, 59))
    with pytest.raises(PeriodError, match=r"expected a datetime\.date"):
        Period.parse("2022-05").contains("2022-05-03")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        # 2022-05-01 is a Sunday (its week's Thursday is April 28); May 31 is a Tuesday
        # (its week's Thursday is June 2).
        ("2022-05", ["2022-W18", "2022-W19", "2022-W20", "2022-W21"]),
        # 2020-W53 (Thursday 2020-12-31) is December's, not January's
        ("2020-12", ["2020-W49", "2020-W50", "2020-W51", "2020-W52", "2020-W53"]),
        ("2021-01", ["2021-W01", "2021-W02", "2021-W03", "2021-W04"]),
        ("2022-W21", ["2022-W21"]),
        ("2022-05-04/2022-05-06", ["2022-W18"]),  # Wednesday to Friday holds Thursday 5th
        ("2022-05-06/2022-05-11", []),  # Friday to Wednesday: no Thursday at all
        ("2022-05-05/2022-05-05", ["2022-W18"]),
    ],
)
def test_weeks(text: str, weeks: list[str]) -> None:
    assert [str(w) for w in Period.parse(text).weeks()] == weeks


def test_weeks_of_quarter_and_year() -> None:
    q2 = Period.parse("2022-Q2").weeks()
    assert [str(w) for w in q2] == [f"2022-W{n:02d}" for n in range(14, 27)]
    y2020 = Period.parse("2020").weeks()
    assert len(y2020) == 53
    assert (str(y2020[0]), y2020[0].start) == ("2020-W01", D(2019, 12, 30))
    assert (str(y2020[-1]), y2020[-1].end) == ("2020-W53", D(2021, 1, 3))
    assert [w.iso_week for w in y2020] == list(range(1, 54))
    assert len(Period.parse("2021").weeks()) == 52


# -- ordering ------------------------------------------------------------------------------


def test_ordering_of_mixed_kinds() -> None:
    texts = ["2022-W01", "2022-01-01/2022-12-31", "2022", "2022-Q1", "2022-01", "2021-W52"]
    ordered = sorted(Period.parse(t) for t in texts)
    assert [str(p) for p in ordered] == [
        "2021-W52",  # starts 2021-12-27
        "2022-01",  # starts 2022-01-01, ends first
        "2022-Q1",
        "2022",
        "2022-01-01/2022-12-31",  # same days as 2022: kind breaks the tie
        "2022-W01",  # starts 2022-01-03
    ]


def test_comparison_operators() -> None:
    month, quarter = Period.parse("2022-01"), Period.parse("2022-Q1")
    assert month < quarter
    assert month <= quarter
    assert quarter > month
    assert quarter >= month
    assert month <= Period.month(2022, 1)
    assert month >= Period.month(2022, 1)
    assert not month < Period.month(2022, 1)
    assert Period.parse("2019") < Period.parse("2019-01-01/2019-12-31")
    assert max(Period.parse("2022-W52"), Period.parse("2022-12")) == Period.parse("2022-W52")
    with pytest.raises(TypeError):
        _ = month < "2022-02"


def test_days() -> None:
    assert Period.parse("2020").days == 366
    assert Period.parse("2022-W21").days == 7
    assert Period.parse("2022-Q1").days == 90
    assert Period.parse("2019-12-25/2020-01-05").days == 12


# -- properties ----------------------------------------------------------------------------

KINDS = list(PeriodKind)
days = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(KINDS))
    if kind is PeriodKind.RANGE:
        a, b = sorted((draw(days), draw(days)))
        return Period.range(a, b)
    if kind is PeriodKind.WEEK:
        year = draw(st.integers(1900, 2100))
        week = draw(st.integers(1, 53))
        if week == 53 and D(year, 12, 28).isocalendar()[1] == 52:
            week = 52
        return Period.week(year, week)
    return Period.of_date(draw(days), kind)


@given(periods())
def test_parse_of_str_round_trips(p: Period) -> None:
    assert Period.parse(str(p)) == p
    assert Period.parse(p.label_zh) == p


@given(periods())
def test_next_and_previous_are_inverse_and_contiguous(p: Period) -> None:
    assert p.next().previous() == p
    assert p.previous().next() == p
    assert p.next().start == p.end + timedelta(days=1)
    assert p.previous().end == p.start - timedelta(days=1)


@given(days, st.sampled_from(KINDS))
def test_of_date_contains_the_date(d: date, kind: PeriodKind) -> None:
    p = Period.of_date(d, kind)
    assert p.contains(d)
    assert p.kind is kind
    assert not p.previous().contains(d)
    assert not p.next().contains(d)


@given(days)
def test_week_matches_isocalendar(d: date) -> None:
    p = Period.of_date(d)
    iso = d.isocalendar()
    assert (p.iso_year, p.iso_week) == (iso.year, iso.week)
    assert str(p) == f"{iso.year:04d}-W{iso.week:02d}"


@given(days)
def test_each_week_belongs_to_the_month_of_its_thursday(d: date) -> None:
    week = Period.of_date(d)
    thursday = week.start + timedelta(days=3)
    month = Period.of_date(thursday, PeriodKind.MONTH)
    assert week in month.weeks()
    assert week not in month.previous().weeks()
    assert week not in month.next().weeks()
    assert week in Period.of_date(thursday, PeriodKind.YEAR).weeks()


@given(periods(), periods())
def test_ordering_is_total_and_agrees_with_equality(p: Period, q: Period) -> None:
    assert [p < q, p == q, p > q].count(True) == 1
    assert (p <= q) == (p < q or p == q)
    if p.start != q.start:
        assert (p < q) == (p.start < q.start)


# -- ISO week 53 and the turn of the year ---------------------------------------------------


@pytest.mark.parametrize(
    ("year", "weeks"),
    [(2004, 53), (2009, 53), (2015, 53), (2020, 53), (2026, 53), (2021, 52), (2022, 52)],
)
def test_long_and_short_iso_years(year: int, weeks: int) -> None:
    assert len(Period.year(year).weeks()) == weeks
    last = Period.parse(f"{year}-W{weeks}")
    assert last.next() == Period.week(year + 1, 1)
    assert last.next().previous() == last
    if weeks == 52:
        with pytest.raises(PeriodError, match=f"ISO year {year} has only 52 weeks"):
            Period.parse(f"{year}-W53")


def test_week_53_of_2015_runs_into_2016() -> None:
    w = Period.parse("2015-W53")
    assert (w.start, w.end) == (D(2015, 12, 28), D(2016, 1, 3))
    assert w.contains(D(2016, 1, 1))
    assert Period.of_date(D(2016, 1, 3)) == w
    assert str(Period.of_date(D(2016, 1, 4))) == "2016-W01"
    assert Period.parse("2015年第53周") == w


def test_weeks_of_quarters_around_a_week_53() -> None:
    q4 = Period.parse("2020-Q4").weeks()
    assert (str(q4[0]), str(q4[-1]), len(q4)) == ("2020-W40", "2020-W53", 14)
    q1 = Period.parse("2021-Q1").weeks()
    # 2021-01-01 (a Friday) is in 2020-W53; 2021-W01 starts on Monday 2021-01-04. The last
    # Thursday of the quarter is March 25 (2021-W12): W13's Thursday is April 1, in Q2.
    assert (str(q1[0]), q1[0].start, len(q1)) == ("2021-W01", D(2021, 1, 4), 12)
    assert str(q1[-1]) == "2021-W12"
    assert str(Period.parse("2021-01").weeks()[0]) == "2021-W01"


def test_the_statistical_period_of_the_2019_form() -> None:
    # 统计期无特殊说明均为 2019 年 1 月 1 日至 12 月 31 日 (济长法发〔2020〕34号 annex 2)
    p = Period.parse("2019 年 1 月 1 日至 12 月 31 日")
    assert p.kind is PeriodKind.RANGE
    assert (p.start, p.end, p.days) == (D(2019, 1, 1), D(2019, 12, 31), 365)
    assert str(p) == "2019-01-01/2019-12-31"
    assert p.label_zh == "2019年1月1日至2019年12月31日"
    # The same days as the year 2019, but not the same period; they sort year first.
    year = Period.year(2019)
    assert p != year and (p.start, p.end) == (year.start, year.end)
    assert sorted([p, year]) == [year, p]
    assert [str(w) for w in p.weeks()][:2] == ["2019-W01", "2019-W02"]
    assert len(p.weeks()) == 52  # 2019-W01 has Thursday 2019-01-03; W52's is 2019-12-26


def test_comparisons_with_other_things_are_refused() -> None:
    # Each operator returns NotImplemented, so Python raises rather than guessing an order.
    month = Period.parse("2022-01")
    for compare in (
        lambda: month <= "2022-02",
        lambda: month > date(2022, 1, 1),
        lambda: month >= 2022,
    ):
        with pytest.raises(TypeError):
            compare()
    assert month.__le__("2022-02") is NotImplemented
    assert month.__gt__(2022) is NotImplemented
    assert month.__ge__(None) is NotImplemented
    assert month != "2022-01"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("20 22年", r"^'20 22年': digits broken by white space; write the number without spaces$"),
        ("2022年第2 1周", r"digits broken by white space"),
        ("22年第21周", r"^'22年第21周': the year '22' has 2 digits; write it in full \(2022, not 22\)$"),
        ("2年", r"^'2年': the year '2' has 1 digit; write it in full"),
        ("2022年1月1日至23年3月1日", r"the year '23' has 2 digits"),
    ],
)
def test_short_and_broken_years_are_refused(text: str, rule: str) -> None:
    with pytest.raises(PeriodError, match=rule):
        Period.parse(text)


def test_of_date_refuses_an_unknown_kind() -> None:
    with pytest.raises(PeriodError, match=r"^Period\.of_date: kind must be a PeriodKind, got 'fortnight'$"):
        Period.of_date(date(2022, 5, 1), "fortnight")  # type: ignore[arg-type]
