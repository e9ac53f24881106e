"""The shipped `cepej` scheme: Clearance Rate and Disposition Time as published, from the counts."""

from __future__ import annotations

import pytest

from courtinfo import MetricSnapshot, Period, evaluate
from courtinfo.data import Missing
from courtinfo.indicators import (
    Rounding,
    get_scheme,
    published_figure,
    scheme_from_data,
    scheme_to_data,
)

SCHEME = get_scheme("cepej")

# Published rows (year: received, resolved, unresolved at the end; CR %, DT days) of the
# Croatian courts' statistics, which compute CR and DT by the CEPEJ method:
# Commercial courts, https://sudovi.hr/index.php/en/statistics/commercial-courts
COMMERCIAL = {
    2020: (24924, 31306, 24423, 125.61, 285),
    2021: (29474, 31379, 22525, 106.46, 262),
    2022: (23628, 28278, 17880, 119.68, 231),
}
# Administrative Court in Zagreb, https://sudovi.hr/en/statistics/administrative-court-zagreb
ADMINISTRATIVE = {
    2020: (4331, 5170, 3747, 119.37, 265),
    2021: (4523, 4792, 3477, 105.95, 265),
    2022: (4664, 5045, 3092, 108.17, 224),
}


def _published(category: str, rows: dict[int, tuple[int, int, int, float, int]]) -> list[tuple[float | None, float | None]]:
    snaps = [
        MetricSnapshot(
            "hr",
            Period.year(year),
            values={f"{category}_incoming": inc, f"{category}_resolved": res, f"{category}_pending_end": pend},
        )
        for year, (inc, res, pend, _, _) in rows.items()
    ]
    results = evaluate(SCHEME, snaps)
    cr, dt = SCHEME.indicator(f"clearance_rate_{category}"), SCHEME.indicator(f"disposition_time_{category}")
    out = []
    for year in rows:
        i = int(results.select(period=Period.year(year))[0])
        out.append((cr.published(results.value(cr.code, i)), dt.published(results.value(dt.code, i))))
    return out


@pytest.mark.parametrize(("category", "rows"), [("civil", COMMERCIAL), ("administrative", ADMINISTRATIVE)])
def test_published_rows_are_reproduced(category: str, rows: dict[int, tuple[int, int, int, float, int]]) -> None:
    assert _published(category, rows) == [(cr, float(dt)) for (_, _, _, cr, dt) in rows.values()]


def test_the_arithmetic_by_hand() -> None:
    # Commercial courts 2022: 28278 / 23628 = 1.19680 (119.68%, above 100%: the backlog shrank);
    # 365 × 17880 / 28278 = 230.79 days, published as 231.
    results = evaluate(SCHEME, MetricSnapshot("hr", Period.year(2022), values={"civil_incoming": 23628, "civil_resolved": 28278, "civil_pending_end": 17880}))
    assert results.value("clearance_rate_civil") == pytest.approx(28278 / 23628, rel=1e-15)
    assert results.value("disposition_time_civil") == pytest.approx(365 * 17880 / 28278, rel=1e-15)
    assert SCHEME.indicator("disposition_time_civil").unit == "days"


def test_na_and_nap_as_cepej_codes_them() -> None:
    # No criminal counts given: NA (not available). No case resolved: DT is NAP (not applicable).
    results = evaluate(
        SCHEME,
        MetricSnapshot("x", Period.year(2022), values={"administrative_incoming": 0, "administrative_resolved": 0, "administrative_pending_end": 4}),
    )
    assert results.row(0, "clearance_rate_criminal").missing is Missing.NA
    assert results.row(0, "disposition_time_administrative").missing is Missing.NAP
    assert results.row(0, "clearance_rate_administrative").missing is Missing.NAP


def test_pending_cases_are_stocks() -> None:
    assert SCHEME.input("civil_pending_end").over_time == "last"
    assert SCHEME.input("civil_pending_start").over_time == "first"
    assert SCHEME.input("civil_incoming").over_time == "sum"


def test_the_criminal_row_by_hand() -> None:
    # No published CEPEJ criminal row with its counts is cited (see the scheme's notes): hand
    # numbers. 730 criminal cases resolved of 584 incoming: CR 730 / 584 = 125.00%; 461 pending
    # at the end: DT 365 × 461 / 730 = 230.5 days, published half up as 231 (not 230, as
    # Python's round would give, nor 230 truncated).
    values = {"criminal_incoming": 584, "criminal_resolved": 730, "criminal_pending_end": 461}
    results = evaluate(SCHEME, MetricSnapshot("x", Period.year(2022), values=values))
    cr, dt = SCHEME.indicator("clearance_rate_criminal"), SCHEME.indicator("disposition_time_criminal")
    assert results.value(cr.code) == 730 / 584 == 1.25
    assert results.value(dt.code) == 365 * 461 / 730 == 230.5
    assert (cr.published(results.value(cr.code)), dt.published(results.value(dt.code))) == (125.0, 231.0)
    assert round(230.5) == 230


#: The presentation "CEPEJ Court performance and quality", on the CEPEJ's tools (author not named in
#: the stored copy; transcript at
#: https://slideum.com/doc/3470629/cepej-court-performance-and-quality), slide "CEPEJ
#: indicators - applied to TK I 'Ç' Courthouse Statistics": the CEPEJ's recommended indicators
#: (Clearance Rate = resolved cases / incoming cases × 100; Disposition Time = 365 / Case
#: Turnover Ratio, the ratio being resolved cases / unresolved cases at the end) applied to the
#: courts of one courthouse, their total last ("Totals CC Ç"). The table precedes the deck's
#: criminal courts table, which the stored transcript cuts off. Per row: remaining cases from the
#: previous year, filed this year, returned by the Court of Cassation, decided, remaining at the
#: end; published Clearance Rate (whole percent) and Average Disposition Time (days, two
#: decimals, "203,02"). Incoming cases are the filed and the returned ones: CEPEJ counts a case
#: submitted again after an appeal as incoming again.
COURTHOUSE = [
    (240, 265, 7, 329, 183, 121.0, 203.02),
    (862, 589, 18, 519, 950, 86.0, 668.11),
    (884, 576, 7, 637, 830, 109.0, 475.59),
    (917, 590, 5, 643, 869, 108.0, 493.29),
    (1087, 2695, 0, 2043, 1739, 76.0, 310.69),
    (384, 1416, 18, 1082, 736, 75.0, 248.28),
    (1471, 4111, 18, 3125, 2475, 76.0, 289.08),
]


def test_the_cepej_courthouse_table_is_reproduced() -> None:
    snaps = [
        MetricSnapshot(
            f"court{i}",
            Period.year(2010),
            values={"civil_pending_start": start, "civil_incoming": filed + returned, "civil_resolved": decided, "civil_pending_end": remaining},
        )
        for i, (start, filed, returned, decided, remaining, _, _) in enumerate(COURTHOUSE)
    ]
    results = evaluate(SCHEME, snaps)
    cr, dt = SCHEME.indicator("clearance_rate_civil"), SCHEME.indicator("disposition_time_civil")
    # As the deck rounds them: the clearance rate in whole percent, the disposition time to
    # two decimals (the scheme's own rounding is the Croatian pages', two decimals and days).
    shown = [
        (published_figure(results.value(cr.code, i), cr.unit, Rounding(places=0)), published_figure(results.value(dt.code, i), dt.unit, Rounding(places=2)))
        for i in range(len(COURTHOUSE))
    ]
    assert shown == [(c, d) for *_, c, d in COURTHOUSE]
    # First court: 329 / (265 + 7) = 120.96% shown as 121%; 365 × 183 / 329 = 203.024 days.
    assert results.value(cr.code, 0) == pytest.approx(329 / 272, rel=1e-15)
    assert results.value(dt.code, 0) == pytest.approx(365 * 183 / 329, rel=1e-15)
    # The counts are a consistent case flow: pending at the start + incoming - resolved = pending at the end.
    assert all(s + f + r - d == e for s, f, r, d, e, _, _ in COURTHOUSE)


def test_a_category_the_state_does_not_have_is_nap_for_that_reason() -> None:
    # The CEPEJ's NAP: "the type of dispute that constitutes the question does not exist in
    # your system" (CEPEJ-GT-EVAL(2017)10). State x declares no administrative cases; state y
    # has them but resolved none and received none (NAP too, for a zero denominator); state z
    # does not answer the question, so its category is taken to exist.
    snaps = [
        MetricSnapshot("x", Period.year(2022), values={"administrative_exists": False}),
        MetricSnapshot("y", Period.year(2022), values={"administrative_exists": True, "administrative_incoming": 0, "administrative_resolved": 0, "administrative_pending_end": 4}),
        MetricSnapshot("z", Period.year(2022), values={"administrative_incoming": 4664, "administrative_resolved": 5045, "administrative_pending_end": 3092}),
    ]
    results = evaluate(SCHEME, snaps)
    for code in ("clearance_rate_administrative", "disposition_time_administrative"):
        absent, zero = results.row(0, code), results.row(1, code)
        assert absent.missing is zero.missing is Missing.NAP
        assert absent.reason == "not applicable: category absent"
        assert zero.reason == "not applicable: zero denominator"
    assert results.row(2, "clearance_rate_administrative").value == 5045 / 4664
    # Other categories of state x are simply not provided (NA), not absent.
    assert results.row(0, "clearance_rate_criminal").missing is Missing.NA
    assert SCHEME.input("administrative_exists").kind == "yes_no"


def test_the_deck_s_other_columns_come_out_as_printed() -> None:
    # The courthouse table also prints, per court, "Caseload" (remaining cases ÷ incoming ones,
    # whole percent) and "Backlog Change" ((remaining − remaining from the previous year) ÷ the
    # latter, whole percent, negative where the backlog fell), and under the totals a row "Totals
    # CC Ç per judge" to two decimals. The deck does not print the number of judges: 5600 files
    # in docket ÷ 700,00 per judge = 8, and every figure of that row is its total ÷ 8. Written as
    # indicators over the cepej scheme's own inputs (the backlog change a signed ratio of a
    # difference), they come out as printed, through the library as a court would write them.
    data = scheme_to_data(SCHEME)
    data["inputs"].append({"id": "judges", "label_zh": "法官人数", "label_en": "Judges", "kind": "count", "aggregate": "last"})
    common = {"category": "efficiency", "rule_zh": "as printed in the deck's courthouse table"}
    data["indicators"] += [
        {
            **common, "code": "caseload", "number": 7, "name_zh": "未结案件与收案之比", "name_en": "Caseload (remaining ÷ incoming)",
            "unit": "percentage", "rounding": {"places": 0},
            "formula": {"kind": "ratio", "numerator": "civil_pending_end", "denominator": "civil_incoming", "over": "allow"},
        },
        {
            **common, "code": "backlog_change", "number": 8, "name_zh": "未结案件变化率", "name_en": "Backlog change",
            "unit": "percentage", "rounding": {"places": 0},
            "formula": {
                "kind": "ratio", "numerator": ["civil_pending_end", "-civil_pending_start"], "denominator": "civil_pending_start",
                "over": "allow", "signed": True,
            },
        },
        {
            **common, "code": "decided_per_judge", "number": 9, "name_zh": "人均结案数", "name_en": "Cases decided per judge",
            "unit": "per_person", "rounding": {"places": 2},
            "formula": {"kind": "ratio", "numerator": "civil_resolved", "denominator": "judges", "over": "allow"},
        },
        {
            **common, "code": "remaining_per_judge", "number": 10, "name_zh": "人均未结案件数", "name_en": "Remaining cases per judge",
            "unit": "per_person", "rounding": {"places": 2},
            "formula": {"kind": "ratio", "numerator": "civil_pending_end", "denominator": "judges", "over": "allow"},
        },
    ]
    deck = scheme_from_data(data)
    # (caseload %, backlog change %) per row of COURTHOUSE, as the deck prints them.
    printed = [(67.0, -24.0), (157.0, 10.0), (142.0, -6.0), (146.0, -5.0), (65.0, 60.0), (51.0, 92.0), (60.0, 68.0)]
    snaps = [
        MetricSnapshot(
            f"court{i}",
            Period.year(2010),
            values={"civil_pending_start": start, "civil_incoming": filed + returned, "civil_resolved": decided, "civil_pending_end": remaining, "judges": 8},
        )
        for i, (start, filed, returned, decided, remaining, _, _) in enumerate(COURTHOUSE)
    ]
    results = evaluate(deck, snaps)
    shown = [tuple(deck.indicator(c).published(results.value(c, i)) for c in ("caseload", "backlog_change")) for i in range(len(COURTHOUSE))]
    assert shown == printed
    # First court: 183 / 272 = 67.3%; (183 − 240) / 240 = −23.75%, the backlog fell.
    assert results.value("backlog_change", 0) == (183 - 240) / 240
    # Totals per judge: 3125 / 8 = 390.625 exactly, printed 390,63: half up, as the scheme rounds
    # (Python's round, half to even, would print 390.62); 2475 / 8 = 309.375, printed 309,38.
    totals = len(COURTHOUSE) - 1
    assert results.value("decided_per_judge", totals) == 390.625
    assert deck.indicator("decided_per_judge").published(results.value("decided_per_judge", totals)) == 390.63
    assert round(390.625, 2) == 390.62
    assert deck.indicator("remaining_per_judge").published(results.value("remaining_per_judge", totals)) == 309.38
