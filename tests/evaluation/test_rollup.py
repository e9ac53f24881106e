"""Roll-ups sum inputs up the tree; a rolled-up rate is the rate of the sums, never a mean."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import (
    SUBTREE,
    InputError,
    MetricSnapshot,
    Period,
    SnapshotBatch,
    ValueKind,
    evaluate,
    rollup_departments,
    rollup_tree,
)
from courtinfo.indicators import load_scheme
from courtinfo.org import Court, CourtLevel, CourtTree

EXAMPLE = Path(__file__).parents[2] / "docs" / "example-scheme.toml"
W = Period.parse("2022-W21")
TREE = CourtTree(
    [
        Court("city", "济南市中级人民法院", "intermediate"),  # type: ignore[arg-type]
        Court("a", "济南市长清区人民法院", "basic", "city"),  # type: ignore[arg-type]
        Court("b", "济南市历下区人民法院", "basic", "city"),  # type: ignore[arg-type]
        Court("a-t", "长清区某人民法庭", "tribunal", "a"),  # type: ignore[arg-type]
    ]
)


def values_of(batch: SnapshotBatch) -> dict[tuple[str, str | None], dict[str, object]]:
    return {(s.court, s.department): dict(s.values) for s in batch.to_snapshots()}


def test_departments_sum_into_their_court() -> None:
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10, "q6_2": 4, "q8_1": False, "q1": ["C"]}),
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 30, "q6_2": 30, "q8_1": True, "q1": ["A"]}),
            MetricSnapshot("b", W, "民一庭", {"q6_1": 5}),
        ]
    )
    assert values_of(rollup_departments(batch)) == {
        ("a", None): {"q6_1": 40, "q6_2": 34, "q8_1": True, "q1": frozenset({"A", "C"})},
        ("b", None): {"q6_1": 5},
    }


def test_rate_of_the_sums_not_the_mean_of_rates() -> None:
    scheme = load_scheme(EXAMPLE)
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10, "q6_2": 4}),
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 30, "q6_2": 30}),
        ]
    )
    # (4 + 30) / (10 + 30) = 0.85, where the mean of 0.4 and 1.0 would be 0.7.
    assert evaluate(scheme, rollup_departments(batch)).value("rec") == pytest.approx(0.85)


def test_tree_rollup_covers_every_level() -> None:
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10}),
            MetricSnapshot("a-t", W, None, {"q6_1": 3}),
            MetricSnapshot("b", W, None, {"q6_1": 5}),
            MetricSnapshot("city", W, None, {"q6_1": 7}),
        ]
    )
    got = values_of(rollup_tree(batch, TREE))
    assert got == {
        ("city", SUBTREE): {"q6_1": 25},
        ("a", SUBTREE): {"q6_1": 13},
        ("a-t", SUBTREE): {"q6_1": 3},
        ("b", SUBTREE): {"q6_1": 5},
    }


def test_court_row_is_not_counted_twice_with_its_departments() -> None:
    batch = SnapshotBatch.from_snapshots(
        [MetricSnapshot("b", W, "民一庭", {"q6_1": 4}), MetricSnapshot("b", W, None, {"q6_1": 5})]
    )
    assert values_of(rollup_tree(batch, TREE))[("b", SUBTREE)] == {"q6_1": 5}


def test_court_outside_the_tree_is_refused() -> None:
    batch = SnapshotBatch.from_snapshots([MetricSnapshot("zz", W, None, {"q6_1": 4})])
    with pytest.raises(InputError, match="court 'zz' is not in the court tree"):
        rollup_tree(batch, TREE)


def test_nothing_to_roll_up() -> None:
    batch = SnapshotBatch.from_snapshots([MetricSnapshot("b", W, None, {"q6_1": 4})])
    with pytest.raises(InputError, match="no department rows"):
        rollup_departments(batch)


pairs = st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_rollup_equals_evaluating_the_summed_snapshot(rows: list[tuple[int, int]]) -> None:
    scheme = load_scheme(EXAMPLE)
    snaps = [
        MetricSnapshot("a", W, f"d{k}", {"q6_1": max(x, y), "q6_2": min(x, y)})
        for k, (x, y) in enumerate(rows)
    ]
    total = MetricSnapshot(
        "a",
        W,
        None,
        {"q6_1": sum(max(x, y) for x, y in rows), "q6_2": sum(min(x, y) for x, y in rows)},
    )
    rolled = evaluate(scheme, rollup_departments(SnapshotBatch.from_snapshots(snaps)))
    direct = evaluate(scheme, total)
    np.testing.assert_array_equal(rolled.values["rec"], direct.values["rec"])
    np.testing.assert_array_equal(rolled.statuses["rec"], direct.statuses["rec"])


# -- contributors that did not provide an input: the missing policy ------------------------


def _gap() -> SnapshotBatch:
    return SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10}),  # recorded hearings not provided
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 10, "q6_2": 10}),
        ]
    )


def test_by_default_a_missing_contributor_makes_the_sum_not_provided() -> None:
    scheme = load_scheme(EXAMPLE)
    rolled = rollup_departments(_gap())
    assert rolled.columns["q6_1"].tolist() == [20.0]  # both gave hearings
    assert np.isnan(rolled.columns["q6_2"][0])  # one did not give recorded hearings
    row = evaluate(scheme, rolled).row(0, "rec")
    assert row.value is None
    assert row.missing_inputs == ("q6_2",)


def test_skip_sums_what_was_provided() -> None:
    # For data where leaving an input out means "no such cases": 10 of 20 hearings.
    scheme = load_scheme(EXAMPLE)
    rolled = rollup_departments(_gap(), missing="skip")
    assert rolled.columns["q6_2"].tolist() == [10.0]
    assert evaluate(scheme, rolled).value("rec") == 0.5


def test_rollup_of_valid_rows_with_a_gap_is_not_an_error() -> None:
    scheme = load_scheme(EXAMPLE)
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_2": 8}),  # hearings not provided
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 5, "q6_2": 5}),
        ]
    )
    evaluate(scheme, batch)  # each row on its own is valid
    rolled = evaluate(scheme, rollup_departments(batch))
    assert rolled.value("rec") is None
    # Skipping the gap would sum 13 recorded of 5 hearings: refused, not computed.
    with pytest.raises(InputError, match=r"\(q6_2\) must not exceed \(q6_1\): q6_2=13, q6_1=5"):
        evaluate(scheme, rollup_departments(batch, missing="skip"))


def test_tree_rollup_propagates_a_gap_up_every_level() -> None:
    tree = CourtTree(
        [
            Court("city", "市中院", CourtLevel.INTERMEDIATE),
            Court("a", "甲区法院", CourtLevel.BASIC, "city"),
            Court("b", "乙区法院", CourtLevel.BASIC, "city"),
        ]
    )
    batch = SnapshotBatch.from_snapshots(
        [MetricSnapshot("a", W, None, {"q6_1": 4}), MetricSnapshot("b", W, None, {"q6_1": 6, "q6_2": 3})]
    )
    got = {
        missing: dict(zip(r.court_index_labels(), r.columns["q6_2"].tolist(), strict=True))
        for missing in ("skip", "propagate")
        for r in [rollup_tree(batch, tree, missing=missing)]  # type: ignore[arg-type]
    }
    assert got["skip"] == {"a": pytest.approx(np.nan, nan_ok=True), "b": 3.0, "city": 3.0}
    assert np.isnan(got["propagate"]["city"]) and got["propagate"]["b"] == 3.0


def test_rollup_sum_beyond_2_53_is_refused() -> None:
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 2**53}),
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 1}),
        ]
    )
    # 2**53 + 1 is not a float64: the sum would silently read 2**53.
    with pytest.raises(InputError, match=r"q6_1: the sum for court 'a', period 2022-W21 reaches 2\*\*53"):
        rollup_departments(batch)
    fine = SnapshotBatch.from_snapshots(
        [MetricSnapshot("a", W, "民一庭", {"q6_1": 2**52}), MetricSnapshot("a", W, "刑一庭", {"q6_1": 7})]
    )
    assert rollup_departments(fine).to_snapshots()[0].values["q6_1"] == 2**52 + 7


def test_texts_are_not_rolled_up() -> None:
    # Text cannot be summed: the rolled-up rows carry values only.
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10}, texts={"q32_2": "http://a.court"}),
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 30}),
        ]
    )
    assert batch.texts["q32_2"].tolist() == ["http://a.court", None]
    up = rollup_departments(batch)
    assert up.texts == {}
    assert [(s.court, s.department, dict(s.values), s.texts) for s in up.to_snapshots()] == [
        ("a", None, {"q6_1": 40}, {})
    ]
    tree = rollup_tree(up, TREE)
    assert tree.texts == {}
    assert values_of(tree)[("city", SUBTREE)] == {"q6_1": 40}


@pytest.mark.parametrize("call", ["departments", "tree"])
def test_an_unknown_missing_policy_is_refused(call: str) -> None:
    tree = CourtTree([Court("a", "甲区法院", CourtLevel.BASIC)])
    with pytest.raises(InputError, match=r"missing must be 'propagate' or 'skip', not 'Skip'"):
        if call == "departments":
            rollup_departments(_gap(), missing="Skip")  # type: ignore[arg-type]
        else:
            rollup_tree(_gap(), tree, missing="Skip")  # type: ignore[arg-type]


def test_rolled_up_measures_do_not_depend_on_row_order() -> None:
    # Online hours of many departments: the sums are taken in a canonical order, so the
    # same rows in another order give the same bits (plain running sums would not).
    rng = np.random.default_rng(11)
    n = 2000
    courts = rng.choice(["a", "b", "a-t"], n)
    depts = [f"d{i}" for i in range(n)]
    hours = rng.gamma(2.0, 33.1, n)
    batch = SnapshotBatch.from_columns(
        court=courts, period=["2022-W21"] * n, department=depts, columns={"hours": hours}
    )

    def sums(b: SnapshotBatch) -> dict[str, bytes]:
        out = rollup_tree(b, TREE)
        return {
            out.court_of(i): out.columns["hours"][i : i + 1].tobytes() for i in range(len(out))
        }

    first = sums(batch)
    assert set(first) == {"city", "a", "b", "a-t"}
    for seed in range(3):
        perm = np.random.default_rng(seed).permutation(n)
        assert sums(batch.take(perm)) == first


def test_tree_rollup_guard_names_the_court_and_period_that_reach_2_53() -> None:
    # Three courts, two weeks: only the city's sum of week 21 reaches 2**53; the message
    # must name that court and that week, not the first court or period of the batch.
    w20 = Period.parse("2022-W20")
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", w20, None, {"q6_1": 2**52}),
            MetricSnapshot("b", w20, None, {"q6_1": 5}),
            MetricSnapshot("a", W, None, {"q6_1": 2**52}),
            MetricSnapshot("b", W, None, {"q6_1": 2**52}),
        ]
    )
    with pytest.raises(
        InputError,
        match=r"^q6_1: the sum for court 'city', period 2022-W21 reaches 2\*\*53 "
        r"\(9007199254740992\); counts are exact only below it$",
    ):
        rollup_tree(batch, TREE)
    fine = rollup_tree(batch.take(np.array([0, 1, 2])), TREE).to_snapshots()
    got = {(s.court, str(s.period)): s.values["q6_1"] for s in fine}
    assert got == {
        ("city", "2022-W20"): 2**52 + 5,
        ("city", "2022-W21"): 2**52,
        ("a", "2022-W20"): 2**52,
        ("a", "2022-W21"): 2**52,
        ("b", "2022-W20"): 5,
    }


def test_measure_sums_past_2_53_are_refused_as_no_batch_holds_them() -> None:
    # Two measures of 2**52 add up to exactly 2**53, still a value a batch accepts; the next
    # float64 (2**53 + 2) is not, so a batch holding that sum could not be read back.
    kinds = {"hours": ValueKind.MEASURE}
    at_limit = SnapshotBatch.from_columns(
        court=["a", "a"], period=[W, W], department=["民一庭", "刑一庭"],
        columns={"hours": np.array([2.0**52, 2.0**52])}, kinds=kinds,
    )
    assert rollup_departments(at_limit).columns["hours"].tolist() == [2.0**53]
    past = SnapshotBatch.from_columns(
        court=["a", "b", "b"], period=[W, W, W], department=["民一庭", "民一庭", "刑一庭"],
        columns={"hours": np.array([1.5, 2.0**52, 2.0**52 + 2])}, kinds=kinds,
    )
    with pytest.raises(
        InputError,
        match=r"^hours: the sum for court 'b', period 2022-W21 is 9007199254740994, "
        r"past the largest supported value 2\*\*53$",
    ):
        rollup_departments(past)
    up = rollup_departments(past.take(np.array([0, 1])))
    assert up.columns["hours"].tolist() == [1.5, 2.0**52]
    # Up the tree, the first court in the tree's order past it is named: the city, whose
    # 1.5 + 2**52 + (2**52 + 2) rounds to 2**53 + 4.
    with pytest.raises(
        InputError, match=r"^hours: the sum for court 'city', period 2022-W21 is 9007199254740996,"
    ):
        rollup_tree(past, TREE)
    # A negative measure sum (signed: a balance) is held to the same size.
    signed = SnapshotBatch.from_columns(
        court=["a", "b"], period=[W, W], columns={"bal": np.array([-(2.0**52), -(2.0**52) - 2])},
        kinds={"bal": ValueKind.MEASURE}, signed=["bal"],
    )
    with pytest.raises(InputError, match=r"^bal: the sum for court 'city', period 2022-W21 is -9007199254740994, past"):
        rollup_tree(signed, TREE)


def test_a_signed_count_summing_down_to_minus_2_53_is_refused() -> None:
    # A change in pending cases may be negative; its sum is as inexact at -2**53 as at 2**53.
    batch = SnapshotBatch.from_columns(
        court=["a", "b", "a"], period=[W, W, "2022-W20"],
        columns={"delta": np.array([-(2.0**52), -(2.0**52), 3.0])},
        kinds={"delta": ValueKind.COUNT}, signed=["delta"],
    )
    with pytest.raises(
        InputError,
        match=r"^delta: the sum for court 'city', period 2022-W21 reaches 2\*\*53 "
        r"\(-9007199254740992\); counts are exact only below it$",
    ):
        rollup_tree(batch, TREE)
    fine = rollup_tree(batch.take(np.array([0, 2])), TREE)
    got = {(fine.court_of(i), str(fine.period_of(i))): fine.columns["delta"][i] for i in range(len(fine))}
    assert got == {
        ("city", "2022-W20"): 3.0, ("city", "2022-W21"): -(2.0**52),
        ("a", "2022-W20"): 3.0, ("a", "2022-W21"): -(2.0**52),
    }
