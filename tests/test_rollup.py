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
    evaluate,
    rollup_departments,
    rollup_tree,
)
from courtinfo.indicators import load_scheme
from courtinfo.org import Court, CourtTree

EXAMPLE = Path(__file__).parents[1] / "docs" / "example-scheme.toml"
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


# -- known gaps (library bugs found by the issue 7 audit) --------------------------------------


@pytest.mark.xfail(
    strict=True,
    raises=InputError,
    reason="a roll-up sums what each input's contributors gave, so a department that gave a "
    "numerator but not its denominator makes valid rows break 'must not exceed' at court level",
)
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


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="a court-level rate is computed from partial sums when a department did not "
    "provide an input (10/20 = 0.5 here), where it should be not provided, naming the input",
)
def test_rollup_with_a_missing_contributor_is_not_provided() -> None:
    scheme = load_scheme(EXAMPLE)
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 10}),  # recorded hearings not provided
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 10, "q6_2": 10}),
        ]
    )
    row = evaluate(scheme, rollup_departments(batch)).row(0, "rec")
    assert row.value is None
    assert row.missing_inputs == ("q6_2",)


@pytest.mark.xfail(
    strict=True,
    raises=pytest.fail.Exception,
    reason="summed counts beyond 2**53 lose precision silently (2**53 + 1 -> 2**53), and "
    "to_snapshots() of a sum of 2**54 raises 'exceeds the largest supported count'",
)
def test_rollup_sum_beyond_2_53_is_refused() -> None:
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("a", W, "民一庭", {"q6_1": 2**53}),
            MetricSnapshot("a", W, "刑一庭", {"q6_1": 1}),
        ]
    )
    with pytest.raises(InputError, match="2\\*\\*53"):
        rollup_departments(batch)
