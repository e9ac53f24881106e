"""ColumnResolver: the one way a name becomes a column (inputs, fallbacks, earlier periods)."""

from __future__ import annotations

import gc
import math
import weakref
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.data import MetricSnapshot, SnapshotBatch
from courtinfo.evaluation import ColumnResolver, evaluate, results_env
from courtinfo.formulas import Status
from courtinfo.indicators import scheme_from_data
from courtinfo.periods import Period

NAN = math.nan
M4, M5 = Period.parse("2021-04"), Period.parse("2021-05")


def _scheme() -> Any:
    return scheme_from_data(
        {
            "code": "t",
            "title_zh": "测试",
            "title_en": "Test",
            "issuer": "某法院",
            "document": "X〔2022〕1号",
            "date": "2022-03-01",
            "period_kind": "month",
            "inputs": [
                {"id": "closed", "label_zh": "结案数", "kind": "count"},
                {"id": "filed", "label_zh": "收案数", "kind": "count"},
                # 以最高法院数据为准: the platform's figure, else the court's own 结案数.
                {"id": "pclosed", "label_zh": "平台结案数", "kind": "count", "platform": True, "fallback": "closed"},
            ],
            "indicators": [
                {
                    "code": "rate", "name_zh": "结收比", "name_en": "rate", "category": "c",
                    "unit": "percentage",
                    "formula": {"kind": "ratio", "numerator": "pclosed", "denominator": "filed", "over": "allow"},
                },
            ],
        }
    )


def _batch() -> SnapshotBatch:
    return SnapshotBatch.from_snapshots(
        [
            # April: 80 closed of 100 filed; May: 90 of 120, the platform says 96 closed.
            MetricSnapshot("c1", M4, None, {"closed": 80, "filed": 100}),
            MetricSnapshot("c1", M5, None, {"closed": 90, "filed": 120}, platform_values={"pclosed": 96}),
            # c2 has May only, and no 收案数.
            MetricSnapshot("c2", M5, None, {"closed": 7}),
        ]
    )


def _inputs() -> dict[str, Any]:
    return {i.id: i for i in _scheme().inputs}


def test_an_input_falls_back_and_a_missing_one_is_all_nan() -> None:
    cols = ColumnResolver(_batch(), _inputs())
    # The platform's 96 where given, else the court's own 结案数 (80, 7).
    np.testing.assert_array_equal(cols.value("pclosed"), [80.0, 96.0, 7.0])
    np.testing.assert_array_equal(cols.value("filed"), [100.0, 120.0, NAN])
    np.testing.assert_array_equal(cols.value("absent"), [NAN, NAN, NAN])
    np.testing.assert_array_equal(cols.status("filed"), [0, 0, Status.NOT_PROVIDED])
    # Built once: the second read is the same array.
    assert cols.value("pclosed") is cols.value("pclosed")


def test_without_the_inputs_no_fallback_is_read() -> None:
    cols = ColumnResolver(_batch(), {})
    np.testing.assert_array_equal(cols.value("pclosed"), [NAN, 96.0, NAN])


def test_an_earlier_period_is_the_same_courts_row_or_nan() -> None:
    cols = ColumnResolver(_batch(), _inputs())
    np.testing.assert_array_equal(cols.earlier_rows("previous"), [-1, 0, -1])
    np.testing.assert_array_equal(cols.value("pclosed@previous"), [NAN, 80.0, NAN])
    np.testing.assert_array_equal(cols.value("filed@previous"), [NAN, 100.0, NAN])


def test_computed_indicators_and_their_statuses_come_from_the_caller() -> None:
    results = evaluate(_scheme(), _batch())
    values, statuses = dict(results.values), dict(results.statuses)
    cols = ColumnResolver(_batch(), _inputs(), values, statuses)
    np.testing.assert_array_equal(cols.value("rate"), [0.8, 0.8, NAN])  # 80/100, 96/120
    np.testing.assert_array_equal(cols.status("rate"), [0, 0, Status.NOT_PROVIDED])
    np.testing.assert_array_equal(cols.value("rate@previous"), [NAN, 0.8, NAN])
    # April's row has no earlier row: not provided; May's reads April's status.
    np.testing.assert_array_equal(cols.status("rate@previous"), [1, 0, 1])
    # What it builds it keeps in the caller's dicts; the results' own stay as they were.
    assert "rate@previous" in statuses and "rate@previous" in values
    assert set(results.values) == {"rate"}


def test_results_env_reads_as_evaluation_read() -> None:
    from courtinfo.org import Court, CourtLevel, CourtTree

    tree = CourtTree(
        [
            Court("city", "某市中级人民法院", CourtLevel.INTERMEDIATE),
            Court("c1", "甲区人民法院", CourtLevel.BASIC, "city"),
            Court("c2", "乙区人民法院", CourtLevel.BASIC, "city"),
        ]
    )
    results = evaluate(_scheme(), _batch(), courts=tree)
    env = results_env(results)
    assert env.n == 3 and env.nonnegative and env.unpooled is None
    np.testing.assert_array_equal(env.get("pclosed"), [80.0, 96.0, 7.0])
    np.testing.assert_array_equal(env.get("rate"), [0.8, 0.8, NAN])
    np.testing.assert_array_equal(env.status("rate@previous"), [1, 0, 1])
    # c1 and c2 under one city: April's c1 alone, May's c1 and c2 together.
    np.testing.assert_array_equal(env.peer_groups, [0, 1, 1])
    np.testing.assert_array_equal(env.court_level, [CourtLevel.BASIC.rank] * 3)
    # The results keep their own columns.
    assert set(results.values) == {"rate"}
    # No tree: no groups, levels unknown.
    bare = results_env(evaluate(_scheme(), _batch()))
    assert bare.peer_groups is None and np.isnan(bare.court_level).all()


def test_results_env_leaves_the_rows_flagged_invalid_out_of_every_pool() -> None:
    scheme = _scheme()
    strict = attrs.evolve(
        scheme,
        indicators=tuple(
            attrs.evolve(i, formula=attrs.evolve(i.formula, over="error")) for i in scheme.indicators
        ),
    )
    # May's c1: 96 closed of 120 filed is fine; c2's 130 of 120 breaks 结收比's rule.
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("c1", M5, None, {"closed": 96, "filed": 120}),
            MetricSnapshot("c2", M5, None, {"closed": 130, "filed": 120}),
        ]
    )
    env = results_env(evaluate(strict, batch, invalid="flag"))
    assert env.unpooled is not None
    np.testing.assert_array_equal(env.unpooled, [False, True])


def test_an_input_of_an_earlier_period_is_not_provided_where_nan() -> None:
    # An input has no status of its own: NA where its earlier row's value is NaN or absent.
    cols = ColumnResolver(_batch(), _inputs())
    np.testing.assert_array_equal(cols.status("filed@previous"), [1, 0, 1])


def test_a_single_row_has_no_earlier_row() -> None:
    batch = _batch().take(np.array([1]))
    results = evaluate(_scheme(), batch)
    cols = ColumnResolver(batch, _inputs(), dict(results.values), dict(results.statuses))
    np.testing.assert_array_equal(cols.value("rate@previous"), [NAN])
    np.testing.assert_array_equal(cols.status("rate@previous"), [Status.NOT_PROVIDED])


def _freed_without_the_cycle_collector(make: Callable[[SnapshotBatch], object]) -> bool:
    """Whether the batch `make` read is freed as soon as what it made is dropped."""
    batch = _batch().validated()
    made = make(batch)
    gone = weakref.ref(batch)
    gc.disable()
    try:
        del batch, made
        return gone() is None
    finally:
        gc.enable()


def test_a_resolver_frees_its_batch_without_the_cycle_collector() -> None:
    def read(batch: SnapshotBatch) -> object:
        cols = ColumnResolver(batch, _inputs())
        np.testing.assert_array_equal(cols.value("pclosed@previous"), [NAN, 80.0, NAN])
        return cols

    assert _freed_without_the_cycle_collector(read)


def test_a_wrong_batch_is_named() -> None:
    with pytest.raises(InputError, match=r"ColumnResolver: batch must be a SnapshotBatch; got 3\.25"):
        ColumnResolver(3.25, {})  # type: ignore[arg-type]


def test_an_evaluation_leaves_no_cycle_holding_the_batch() -> None:
    # Under dask a cycle kept every partition's batch until the cycle collector came.
    def run(batch: SnapshotBatch) -> object:
        results = evaluate(_scheme(), batch)
        assert results.values["rate"][1] == 0.8
        return results

    assert _freed_without_the_cycle_collector(run)
