"""check_adapter: every way an adapter's output breaks a scheme, one list, named by case."""

from __future__ import annotations

from typing import Any

import pytest

from courtinfo import Dataset, MetricSnapshot, Period, SnapshotBatch
from courtinfo.indicators import get_scheme
from courtinfo.testing import check_adapter

SHANGHAI = get_scheme("shanghai-2022")
INDICATORS = ["online_hearing_rate", "e_service_send_rate"]


def adapter(rows: list[dict[str, Any]]) -> list[MetricSnapshot]:
    """A vendor's adapter: database rows keyed by week and department to snapshots."""
    return [
        MetricSnapshot(
            "jiading",
            Period.parse(r["week"]),
            r["dept"],
            {k: v for k, v in r.items() if k not in ("week", "dept")},
        )
        for r in rows
    ]


GOOD = [
    {
        "week": "2022-W21",
        "dept": "民一庭",
        "hearings": 10,
        "online_hearings": 4,
        "e_service_sent": 60,
        "all_services": 100,
    }
]


def test_a_good_adapter_passes_and_says_what_it_checked() -> None:
    report = check_adapter(adapter, SHANGHAI, cases=[GOOD, GOOD * 1], indicators=INDICATORS)
    assert report.ok and str(report) == (
        "adapter output fits scheme 'shanghai-2022': 2 rows from 2 cases"
    )


def test_every_problem_in_one_list() -> None:
    cases = {
        "typo and kinds": [
            {**GOOD[0], "hearing": 10, "e_service_sent": 5, "all_services": 3},
            {"week": "2022-W21", "dept": "火星庭", "hearings": 2.5, "online_hearings": 4},
        ],
        "twice": GOOD * 2,
        "negative": [{**GOOD[0], "hearings": -1}],
        "no e-service": [
            {"week": "2022-W21", "dept": "民一庭", "hearings": 1, "online_hearings": 0}
        ],
    }
    with pytest.raises(AssertionError) as info:
        check_adapter(adapter, SHANGHAI, cases=cases, indicators=INDICATORS)
    assert str(info.value) == "\n".join(
        [
            "adapter output breaks scheme 'shanghai-2022': 8 problems in 4 cases (3 rows)",
            "  case 'typo and kinds': department '火星庭': unknown department '火星庭'; name it as "
            "the court does (民一庭, 立案庭 ...) or list it in the dataset's departments",
            "  case 'typo and kinds': values.hearing: unknown input 'hearing' for scheme "
            "'shanghai-2022'; did you mean 'hearings' or 'online_hearings'?",
            "  case 'typo and kinds': values.hearings[1]: 2.5 is not a whole number "
            "(court 'jiading', department '火星庭', period 2022-W21)",
            "  case 'typo and kinds': indicator e_service_send_rate: (e_service_sent) must not "
            "exceed (all_services): e_service_sent=5, all_services=3 "
            "(court 'jiading', department '民一庭', period 2022-W21)",
            "  case 'twice': snapshots[1]: duplicates snapshots[0]: court 'jiading', "
            "department '民一庭', period 2022-W21",
            "  case 'negative': the adapter: values.hearings: -1 is negative; counts cannot be "
            "below 0",
            "  case 'no e-service': input 'e_service_sent' (电子送达发送数) is in no row; "
            "e_service_send_rate will be not provided (NA)",
            "  case 'no e-service': input 'all_services' (全部送达总数) is in no row; "
            "e_service_send_rate will be not provided (NA)",
        ]
    )


def test_outputs_of_every_form_and_adapters_that_fail() -> None:
    snap = adapter(GOOD)[0]

    def forms(kind: str) -> object:
        return {
            "batch": SnapshotBatch.from_snapshots([snap]),
            "dataset": Dataset([snap]),
            "one": snap,
            "dicts": [{"court": "jiading", "period": "2022-W21", "values": dict(snap.values)}],
        }[kind]

    report = check_adapter(
        forms, SHANGHAI, cases=["batch", "dataset", "one", "dicts"], indicators=INDICATORS
    )
    assert report.rows == 4

    def broken(case: object) -> object:
        if case == "raise":
            raise KeyError("hearings")
        return {"not": "snapshots"}

    report = check_adapter(broken, SHANGHAI, cases=["raise", "dict"], raise_on_problems=False)
    assert report.problems == (
        "case 0 ('raise'): the adapter raised KeyError: 'hearings'",
        "case 1 ('dict'): the adapter returned dict {'not': 'snapshots'}; expected snapshots, "
        "a SnapshotBatch, a Dataset, a pandas DataFrame or a list of snapshot dicts",
    )
    # A list with things that are no snapshots: each named, as evaluation names them.
    report = check_adapter(
        lambda case: [snap, 3, "x"], SHANGHAI, cases=["mixed"], raise_on_problems=False
    )
    assert report.problems == (
        "case 0 ('mixed'): snapshots[1]: int 3 is not a MetricSnapshot",
        "case 0 ('mixed'): snapshots[2]: str 'x' is not a MetricSnapshot",
    )


def test_labels_that_do_not_normalise() -> None:
    def labels(court: str) -> list[MetricSnapshot]:
        return [MetricSnapshot(court, Period.parse("2022-W21"), None, {"hearings": 1})]

    report = check_adapter(
        labels,
        SHANGHAI,
        cases=[" jiading ", "jia\u200bding"],
        indicators=["online_hearing_rate"],
        raise_on_problems=False,
    )
    assert report.problems[0].startswith("case 0 (' jiading '): input 'online_hearings'")
    assert report.problems[-1] == (
        "case 1 ('jia\\u200bding'): the adapter: court: 'jia\\u200bding' holds the invisible "
        "character U+200B (ZERO WIDTH SPACE) at position 4; a court code is plain text: "
        "delete it and type the label again"
    )
