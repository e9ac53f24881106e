"""The shipped `courtools` scheme: the NCSC CourTools measures that are ratios of counts."""

from __future__ import annotations

import pytest

from courtinfo import MetricSnapshot, Period, evaluate
from courtinfo.indicators import get_scheme

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
