"""The shipped `courtools` scheme: the NCSC CourTools measures that are ratios of counts."""

from __future__ import annotations

import pytest

from courtinfo import MetricSnapshot, Period, evaluate
from courtinfo.indicators import Rounding, get_scheme, published_figure

SCHEME = get_scheme("courtools")


def test_measure_six_worked_example() -> None:
    # CourTools Measure 6 (2005): "a total of 40 files were located in 0-15 minutes out of the
    # grand total of 50 files retrieved. The percentage is 40 divided by 50, or 80 percent."
    results = evaluate(SCHEME, MetricSnapshot("c", Period.year(2005), values={"files_sampled": 50, "files_retrieved_in_time": 40}))
    ind = SCHEME.indicator("file_retrieval_rate")
    assert results.value(ind.code) == 0.8
    assert ind.published(results.value(ind.code)) == 80.0


def test_every_measure_cites_its_definition() -> None:
    for ind in SCHEME.indicators:
        assert ind.source is not None and ind.source.number in (2, 3, 4, 5, 6, 7)
        assert ind.rule_zh.strip().startswith(f"Measure {ind.source.number}, "), ind.code
        assert "Definition: " in ind.rule_zh, ind.code
    assert "The number of outgoing cases as a percentage of the number of incoming cases." in SCHEME.indicator("clearance_rate").rule_zh


def test_ratio_measures_by_hand() -> None:
    values = {
        "incoming": 1000, "outgoing": 1050,  # clearance above 100%: legitimate
        "disposed": 1050, "disposed_within_standard": 924,
        "pending_active": 400, "pending_0_90": 220, "pending_91_180": 100, "pending_181_365": 60, "pending_over_365": 20,
        "trials": 40, "trial_settings": 58, "trials_on_first_setting": 30,
        "files_sampled": 50, "files_complete_and_accurate": 47,
        "penalties_ordered": 250000.0, "penalties_collected_in_time": 180000.0,
    }
    results = evaluate(SCHEME, MetricSnapshot("c", Period.year(2024), values=values))
    expected = {
        "clearance_rate": 1.05, "time_to_disposition": 924 / 1050,
        "pending_share_0_90": 0.55, "pending_share_91_180": 0.25, "pending_share_181_365": 0.15, "pending_share_over_365": 0.05,
        "trial_settings_per_trial": 1.45, "first_setting_share": 0.75,
        "file_integrity_rate": 0.94, "penalties_collected": 0.72,
    }
    for code, value in expected.items():
        assert results.value(code) == pytest.approx(value, rel=1e-15), code
    assert sum(results.value(f"pending_share_{b}") for b in ("0_90", "91_180", "181_365", "over_365")) == pytest.approx(1.0)
    assert SCHEME.input("pending_active").over_time == "last"


#: NCSC, State Court Guide to Statistical Reporting, "Example - Domestic Relations Caseload
#: Summary" (http://www.ncscstatsguide.org/Acc/display_example.php?title=Example%20-%20Domestic
#: %20Relations%20Caseload%20Summary&filename=../Examples/domrel_example.htm): the guide's four
#: worked examples, as counts of its caseload summary categories. The guide publishes the
#: counts, not clearance rates: the rates below are Measure 2 applied to them by hand, with
#: Measure 2's incoming (new filings + reopened + reactivated) and outgoing (dispositions +
#: placed on inactive status).
NCSC_GUIDE_EXAMPLES = {
    # 1: 50 Custody cases filed, the 5 inactive ones reactivated, 35 disposed: 35 / 55 = 63.6%.
    "1": ({"filed": 50, "reopened": 0, "reactivated": 5}, {"disposed": 35, "inactive": 0}, 63.6),
    # 2: 80 pending Marriage Dissolution cases all disposed; 40 reopened and disposed again:
    # 120 / 40 = 300.0%, the backlog cleared (above 100% is legitimate).
    "2": ({"filed": 0, "reopened": 40, "reactivated": 0}, {"disposed": 120, "inactive": 0}, 300.0),
    # 3: 100 Support cases filed, 75 disposed, 25 placed on inactive status: 100 / 100.
    "3": ({"filed": 100, "reopened": 0, "reactivated": 0}, {"disposed": 75, "inactive": 25}, 100.0),
    # 4: 60 Adoption cases filed, placed on inactive status, reactivated and disposed: 120 / 120.
    "4": ({"filed": 60, "reopened": 0, "reactivated": 60}, {"disposed": 60, "inactive": 60}, 100.0),
}


@pytest.mark.parametrize("example", sorted(NCSC_GUIDE_EXAMPLES))
def test_clearance_rate_of_the_ncsc_statistics_guide_examples(example: str) -> None:
    incoming, outgoing, percent = NCSC_GUIDE_EXAMPLES[example]
    values = {"incoming": sum(incoming.values()), "outgoing": sum(outgoing.values())}
    results = evaluate(SCHEME, MetricSnapshot("c", Period.year(2024), values=values))
    ind = SCHEME.indicator("clearance_rate")
    assert results.value(ind.code) == pytest.approx(values["outgoing"] / values["incoming"], rel=1e-15)
    assert ind.published(results.value(ind.code)) == percent


#: New Jersey Judiciary, Municipal Court Statistics, July 2023 - June 2024 (munm2406.pdf from
#: https://www.njcourts.gov/public/statistics), as extracted page by page in the repository
#: zalepa/municourt, data/municipal-courts-2024-06.csv at commit
#: 281e0b8a0c80c511bdd50514b4afd3ec9f5a84ea. Each court's page publishes the counts and the
#: rates computed from them, in whole percent. Measure 2: (court, column, period): filings,
#: resolutions, published Clearance Percent.
NJ_CLEARANCE = [
    ("ABSECON", "Grand Total", "Jul 2023 - Jun 2024", 3314, 3094, 93),
    ("ABSECON", "Grand Total", "Jul 2022 - Jun 2023", 3324, 3257, 98),
    ("ABSECON", "Criminal Total", "Jul 2023 - Jun 2024", 724, 679, 94),
    ("ATLANTIC CITY", "Grand Total", "Jul 2023 - Jun 2024", 52341, 49616, 95),
    ("ATLANTIC CITY", "Criminal Total", "Jul 2023 - Jun 2024", 15287, 14503, 95),
    # Above 100%: the court resolved more than was filed, its backlog shrank.
    ("ATLANTIC CNTY CENTRAL MC", "Traffic Total", "Jul 2023 - Jun 2024", 40543, 42268, 104),
    ("ATLANTIC CNTY CENTRAL MC", "D.W.I.", "Jul 2023 - Jun 2024", 949, 1135, 120),
    ("ATLANTIC CNTY CENTRAL MC", "Criminal Total", "Jul 2023 - Jun 2024", 12544, 11014, 88),
]

#: The same pages, Measure 4 as New Jersey publishes it: (court, column, date): Backlog
#: (active pending cases past the Judiciary's time goal), Active Pending, published Backlog
#: Percent.
NJ_BACKLOG = [
    ("ABSECON", "Grand Total", "Jun 2024", 314, 777, 40),
    ("ABSECON", "Grand Total", "Jun 2023", 318, 638, 50),
    ("ABSECON", "Criminal Total", "Jun 2024", 77, 121, 64),
    ("ATLANTIC CITY", "Grand Total", "Jun 2024", 14867, 20439, 73),
    ("ATLANTIC CNTY CENTRAL MC", "Grand Total", "Jun 2024", 11949, 18454, 65),
]

#: New Jersey's published rounding: whole percent, half up.
NJ_ROUNDING = Rounding(places=0)


def _nj_published(code: str, rows: list[dict[str, int]]) -> tuple[list[float | None], float | None]:
    """Each row's `code` as New Jersey publishes it, and the first row's unrounded value."""
    results = evaluate(SCHEME, [MetricSnapshot(f"nj{i}", Period.year(2024), values=v) for i, v in enumerate(rows)])
    ind = SCHEME.indicator(code)
    values = [results.value(ind.code, i) for i in range(len(rows))]
    return [published_figure(v, ind.unit, NJ_ROUNDING) for v in values], values[0]


def test_clearance_rate_of_new_jersey_municipal_courts() -> None:
    rows = [{"incoming": filed, "outgoing": resolved} for *_, filed, resolved, _ in NJ_CLEARANCE]
    published, first = _nj_published("clearance_rate", rows)
    assert published == [float(pct) for *_, pct in NJ_CLEARANCE]
    # Absecon 2023-24: 3094 / 3314 = 0.93361..., published 93%.
    assert first == pytest.approx(3094 / 3314, rel=1e-15)


def test_share_past_the_time_standard_of_new_jersey_municipal_courts() -> None:
    rows = [{"pending_over_standard": backlog, "pending_active": active} for *_, backlog, active, _ in NJ_BACKLOG]
    published, first = _nj_published("pending_share_over_standard", rows)
    assert published == [float(pct) for *_, pct in NJ_BACKLOG]
    # Absecon, June 2024: 314 of 777 active pending cases past the goal, 40.41%, published 40%.
    assert first == pytest.approx(314 / 777, rel=1e-15)
    assert SCHEME.input("pending_over_standard").over_time == "last"
    assert SCHEME.indicator("pending_share_over_standard").direction == "lower"
