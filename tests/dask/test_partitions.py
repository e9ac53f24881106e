"""The partitions' helpers: each court's region, and batches as pandas frames."""

from __future__ import annotations

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')

import courtinfo.dask as cd  # noqa: E402
from courtinfo import MetricSnapshot, Period, SnapshotBatch  # noqa: E402
from courtinfo.org import Court, CourtTree  # noqa: E402

TREE = CourtTree(
    [
        Court("spc", "最高人民法院", "supreme"),
        Court("sd", "山东省高级人民法院", "high", "spc"),
        Court("jn", "济南市中级人民法院", "intermediate", "sd"),
        Court("cq", "济南市长清区人民法院", "basic", "jn"),
    ]
)


def test_regions_are_the_courts_below_the_root() -> None:
    assert cd.regions(TREE) == {"spc": None, "sd": None, "jn": "sd", "cq": "sd"}


def test_batch_frame_labels_and_values() -> None:
    w = Period.parse("2022-W21")
    batch = SnapshotBatch.from_snapshots(
        [
            MetricSnapshot("cq", w, "民一庭", {"hearings": 3, "online_hours": 1.5}),
            MetricSnapshot("jn", w, "立案庭", {"hearings": 7}),
        ]
    )
    frame = cd.batch_frame(batch)
    assert list(frame.columns[:3]) == ["court", "department", "period"]
    assert frame["court"].astype(str).tolist() == ["cq", "jn"]
    assert frame["period"].astype(str).tolist() == ["2022-W21", "2022-W21"]
    assert frame["hearings"].tolist() == [3.0, 7.0]
    assert frame["online_hours"].iloc[0] == 1.5 and np.isnan(frame["online_hours"].iloc[1])
    # `names` fixes the columns: an input the batch lacks is a column not provided.
    fixed = cd.batch_frame(batch, ["online_hours", "absent", "hearings"])
    assert list(fixed.columns[3:]) == ["online_hours", "absent", "hearings"]
    assert fixed["absent"].isna().all() and fixed["absent"].dtype == np.float64
