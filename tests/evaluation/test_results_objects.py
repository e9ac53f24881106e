"""Results, their columns and rows as objects: kept by identity, a private cache, the
defaults of a row built by hand, and selecting from results of no rows."""

from __future__ import annotations

import numpy as np
import pytest

from courtinfo import Period, ResultRow, Results, SnapshotBatch, Status, evaluate
from tests.evaluation.test_results_targets import _batch, _scheme


def test_results_and_their_columns_are_kept_by_identity() -> None:
    # Their numpy columns have no single truth value and no hash: results, columns and the
    # target tables compare and hash as the objects they are (a cache may key on them).
    batch, _ = _batch(courts=1, months=1)
    results = evaluate(_scheme(), batch)
    again = evaluate(_scheme(), batch)
    index = results.target_index
    ind = results.scheme.indicator("rate")
    pairs = [
        (results, again),
        (results.columns("rate"), again.columns("rate")),
        (index.plan(ind), again.target_index.plan(ind)),
        (index.stack(results.scheme.indicators), again.target_index.stack(again.scheme.indicators)),
    ]
    for one, other in pairs:
        assert one == one and one != other
        assert len({one, other, one}) == 2


def test_the_cache_is_no_part_of_the_results_repr_or_constructor() -> None:
    batch, _ = _batch(courts=1, months=1)
    results = evaluate(_scheme(), batch)
    results.columns("rate")
    assert "_cache" not in repr(results) and "met:rate" not in repr(results)
    with pytest.raises(TypeError, match="cache"):
        Results(  # type: ignore[call-arg]
            results.scheme, results.batch, results.values, results.statuses,
            results.target_index, cache={},
        )


def test_the_stacked_targets_keep_their_columns_per_fact_privately() -> None:
    batch, _ = _batch(courts=1, months=1)
    results = evaluate(_scheme(), batch.row(1))  # one snapshot: 民一庭, equal to 100%
    assert results.met("rate").tolist() == [0.0]  # 5/4
    stack = results.target_index.stack(results.scheme.indicators)
    assert "_facts" not in repr(stack) and "facts=" not in repr(stack)
    with pytest.raises(TypeError, match="facts"):
        type(stack)(  # type: ignore[call-arg]
            stack.indicators, stack.threshold, stack.comparator, stack.comparators, facts={}
        )


def test_a_result_row_built_by_hand_has_no_target_by_default() -> None:
    row = ResultRow(
        court="jd", department=None, period=Period.month(2022, 5), indicator="rate", number=1,
        name_zh="结收比", unit="percentage", value=0.8, status=Status.OK,
    )
    assert (row.missing_inputs, row.target, row.comparator, row.in_principle) == ((), None, None, False)
    assert (row.target_status, row.target_met, row.gap, row.points, row.max_points) == (None,) * 5
    assert (row.invalid_reason, row.reason, row.missing) == ("", "", None)
    assert row.to_dict()["in_principle"] is False


def test_select_from_results_of_no_rows() -> None:
    empty = SnapshotBatch.from_columns(court=[], period=[], columns={"closed": np.array([]), "filed": np.array([])})
    results = evaluate(_scheme(), empty)
    assert results.batch.courts == () and len(results) == 0
    assert results.select(court="jd") == []
    assert results.select(court="jd", department="民一庭", period="2022-05") == []
