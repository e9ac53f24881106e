"""Batches as Arrow tables: dictionary-encoded labels, nulls for values not provided, each
input's kind kept, and back exactly."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from courtinfo import MetricSnapshot, Period, SnapshotBatch
from courtinfo.base import InputError
from courtinfo.data import ValueKind
from courtinfo.data._arrow import arrow_fields, batch_to_arrow

W1, W2 = Period.parse("2022-W01"), Period.parse("2022-W02")
SNAPS = [
    MetricSnapshot("c1", W1, "立案庭", {"filed": 3, "hours": 2.5, "ok": True, "q": frozenset("AC")}),
    MetricSnapshot("c2", W2, None, {"filed": 4}, platform_values={"filed": 5}),
]


def test_a_batch_goes_to_arrow_and_back_exactly() -> None:
    batch = SnapshotBatch.from_snapshots(SNAPS)
    table = batch_to_arrow(batch)
    types = {f.name: f.type for f in table.schema}
    assert pa.types.is_dictionary(types["court"]) and pa.types.is_dictionary(types["period"])
    assert types["filed"] == pa.int64() and types["hours"] == pa.float64()
    assert types["ok"] == pa.bool_()
    # Not provided is null, never NaN or 0.
    assert table.column("hours").to_pylist() == [2.5, None]
    assert table.column("department").to_pylist() == ["立案庭", None]
    back = SnapshotBatch.from_arrow(table)
    assert back.to_snapshots() == SNAPS
    assert back.kinds["q"] is ValueKind.CHOICE and back.kinds["filed"] is ValueKind.COUNT


def test_arrow_fields_read_labels_without_sorting_and_refuse_what_is_no_table() -> None:
    table = pa.table(
        {
            "court": pa.array(["b", "a", "b"]).dictionary_encode(),
            "period": ["2022-W01", "2022-W01", "2022-W02"],
            "filed": [1, None, 3],
        }
    )
    fields = arrow_fields(table)
    assert list(fields["courts"]) == ["b", "a"]  # as the dictionary holds them
    assert fields["court_index"].tolist() == [0, 1, 0]
    assert np.isnan(fields["columns"]["filed"][1])
    with pytest.raises(InputError, match="from_arrow: expected a pyarrow Table or RecordBatch"):
        arrow_fields({"court": ["a"]})
