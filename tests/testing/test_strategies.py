"""Strategies: valid data evaluate without error on every shipped scheme; bad input raises
exactly its declared error; examples shrink to a few readable values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from courtinfo import Dataset, MetricSnapshot, SnapshotBatch, evaluate
from courtinfo.formulas import Status
from courtinfo.indicators import get_scheme, load_scheme, schemes
from courtinfo.testing import BadInput
from courtinfo.testing import strategies as cst

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("COURTINFO_PROPERTY_EXAMPLES", "15"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCHEMES = [*schemes(), "docs/example-scheme.toml", "tests/testing/data/cross-rules.toml"]


def scheme_of(code: str):  # type: ignore[no-untyped-def]
    return load_scheme(ROOT / code) if code.endswith(".toml") else get_scheme(code)


@pytest.mark.parametrize("code", SCHEMES)
def test_snapshots_batches_and_datasets_evaluate_without_error(code: str) -> None:
    scheme = scheme_of(code)

    @SETTINGS
    @given(
        snap=cst.snapshots(scheme),
        batch=cst.batches(scheme, rows=st.integers(1, 3)),
        data=cst.datasets(scheme, rows=st.integers(1, 3)),
    )
    def check(snap: MetricSnapshot, batch: SnapshotBatch, data: Dataset) -> None:
        assert isinstance(snap, MetricSnapshot)
        assert len(evaluate(scheme, snap, allow_extra=False)) == 1
        assert len(evaluate(scheme, batch)) == len(batch)
        results = evaluate(scheme, data)
        assert len(results) == len(data.snapshots)
        assert {s.court for s in data.snapshots} <= {c.code for c in data.courts}

    check()


@pytest.mark.parametrize("code", SCHEMES)
def test_every_bad_input_raises_exactly_its_error(code: str) -> None:
    scheme = scheme_of(code)
    seen: set[str] = set()

    @settings(SETTINGS, max_examples=EXAMPLES * 4)
    @given(case=cst.bad_snapshots(scheme))
    def check(case: BadInput) -> None:
        seen.add(case.problem)
        with pytest.raises(case.error) as info:
            case.evaluate(scheme)
        assert type(info.value) is case.error, (case, info.value)

    check()
    assert len(seen) >= 5  # the classes are sampled, not one over and over


@pytest.mark.parametrize("problem", BadInput.PROBLEMS)
def test_each_class_of_bad_input_on_the_national_scheme(problem: str) -> None:
    spc = get_scheme("spc-2019")

    @settings(SETTINGS, max_examples=10)
    @given(case=cst.bad_snapshots(spc, problems=[problem]))
    def check(case: BadInput) -> None:
        assert case.problem == problem
        with pytest.raises(case.error) as info:
            case.evaluate(spc)
        assert type(info.value) is case.error

    check()


def test_bad_input_names_unknown_classes_and_classes_a_scheme_cannot_have() -> None:
    with pytest.raises(ValueError, match="unknown problem 'typo'; the classes are negative"):
        cst.bad_snapshots(get_scheme("spc-2019"), problems=["typo"])
    with pytest.raises(ValueError, match="'shanghai-2022' gives no occasion for option not"):
        cst.bad_snapshots(get_scheme("shanghai-2022"), problems=["option not offered"])


def test_rules_come_from_the_formulas() -> None:
    # spc-2019 no. 14 divides by q20_2 - q20_3 (over = "cap"): a difference never below 0;
    # no. 2 forbids more recorded hearings (q6_2) than hearings (q6_1).
    spc = get_scheme("spc-2019")

    @SETTINGS
    @given(values=cst.values(spc, missing=0.0, zero_denominators=0.0))
    def check(values: dict[str, object]) -> None:
        assert values.keys() == {i.id for i in spc.inputs}
        assert values["q20_3"] <= values["q20_2"]  # type: ignore[operator]
        assert values["q6_2"] <= values["q6_1"]  # type: ignore[operator]
        assert isinstance(values["q6_1"], int) and isinstance(values["q2_1"], bool)
        assert isinstance(values["q1"], frozenset) and values["q1"] <= set("ABCDEFGHIJK")

    check()


def test_zero_denominators_at_the_rate_chosen() -> None:
    shanghai = get_scheme("shanghai-2022")

    @SETTINGS
    @given(snap=cst.snapshots(shanghai, missing=0.0, zero_denominators=1.0))
    def check(snap: MetricSnapshot) -> None:
        results = evaluate(shanghai, snap)
        assert snap.values["hearings"] == 0 and snap.values["all_services"] == 0
        assert results.statuses["online_hearing_rate"][0] == Status.ZERO_DENOMINATOR

    check()


def test_examples_shrink_to_the_values_that_matter() -> None:
    shanghai = get_scheme("shanghai-2022")
    found = find(
        cst.snapshots(shanghai, inputs=["hearings", "online_hearings"]),
        lambda s: s.values.get("online_hearings", 0) > 10,
        settings=settings(max_examples=500, database=None),
    )
    # Every other input left out (hearings too: with no denominator there is no ceiling),
    # the one that matters at its smallest, the first court, court level, the first week.
    assert found == MetricSnapshot("c1", found.period, None, {"online_hearings": 11})
    assert str(found.period) == "2022-W01"


def test_labels_given_as_values_or_strategies() -> None:
    shanghai = get_scheme("shanghai-2022")
    snap = find(
        cst.snapshots(shanghai, court="jiading", department="", period="2022-W21"),
        lambda s: True,
    )
    assert (snap.court, snap.department, str(snap.period)) == ("jiading", None, "2022-W21")
    snap = find(cst.snapshots(shanghai, department=st.just("民一庭")), lambda s: True)
    assert snap.department == "民一庭"
