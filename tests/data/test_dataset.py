"""Datasets: snapshots with their courts and departments; a dataset of columns makes its
snapshots only when they are read, exactly as a reader of one cell at a time gives them."""

from __future__ import annotations

import numpy as np

from courtinfo import Dataset, MetricSnapshot, Period, SnapshotBatch
from courtinfo.data._dataset import BatchSnapshots
from courtinfo.org import Court, Department

W1 = Period.parse("2022-W01")
SNAPS = (
    MetricSnapshot("310104", W1, "民一庭", {"filed": 3, "hours": 2.5}),
    MetricSnapshot("310104", W1, None, {"filed": 7, "hours": 4.0}),
)
COURTS = (
    Court("31", "上海市高级人民法院", "high"),
    Court("3101", "上海市第一中级人民法院", "intermediate", "31"),
    Court("310104", "徐汇区人民法院", "basic", "3101"),
)


def test_a_dataset_of_snapshots_gives_its_batch_and_tree() -> None:
    data = Dataset(list(SNAPS), COURTS, (Department.from_name("310104", "民一庭"),))
    assert data.snapshots == SNAPS and isinstance(data.snapshots, tuple)
    batch = data.batch()
    assert len(batch) == 2 and batch.columns["filed"].tolist() == [3.0, 7.0]
    tree = data.tree()
    assert tree is not None and tree.codes == ("31", "3101", "310104")
    assert Dataset(SNAPS).tree() is None


def test_a_dataset_of_columns_makes_snapshots_when_first_read() -> None:
    batch = SnapshotBatch.from_snapshots(SNAPS)
    # hours 4.0 was written "4" in the file: it comes back as the int a cell reader gives.
    whole = {("columns", "hours"): np.array([False, True])}
    data = Dataset.from_batch(batch, COURTS, whole=whole)
    snaps = data.snapshots
    assert isinstance(snaps, BatchSnapshots) and repr(snaps) == "BatchSnapshots(2 rows)"
    assert snaps._made is None  # nothing built yet
    assert data.batch() is snaps.batch
    assert len(snaps) == 2 and snaps._made is None
    assert snaps[1].values == {"filed": 7, "hours": 4}
    assert type(snaps[1].values["hours"]) is int and type(snaps[0].values["hours"]) is float
    assert snaps[0:1] == (SNAPS[0],)
    assert list(snaps) == list(SNAPS) and snaps == SNAPS and snaps == list(SNAPS)
    assert hash(snaps) == hash(tuple(snaps))
    assert (snaps == "not snapshots") is False
    # Two datasets over one batch are equal without building anything.
    again = BatchSnapshots(snaps.batch)
    assert again == snaps and again._made is None


def test_platform_values_written_whole_come_back_as_int() -> None:
    snap = MetricSnapshot("c1", W1, None, {"filed": 1.5}, platform_values={"filed": 2.0})
    batch = SnapshotBatch.from_snapshots([snap])
    data = Dataset.from_batch(batch, whole={("platform", "filed"): np.array([True])})
    got = data.snapshots[0]
    assert got.platform_values == {"filed": 2} and type(got.platform_values["filed"]) is int
    assert type(got.values["filed"]) is float
