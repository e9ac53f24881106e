"""Three provinces over two years (generated: courtinfo.synthetic), written as one Parquet
file per high-court subtree and year (the Supreme Court's and the high courts' own rows in a
file of their own), rows in reverse order within each file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')

import courtinfo.dask as cd  # noqa: E402
from courtinfo import get_scheme  # noqa: E402
from courtinfo.periods import Period  # noqa: E402
from courtinfo.synthetic import Synthetic, generate  # noqa: E402

SCHEME = get_scheme("shanghai-2022")


@pytest.fixture(scope="session")
def data() -> Synthetic:
    periods = [Period.week(y, w) for y in (2021, 2022) for w in (1, 2, 3)]
    return generate(
        SCHEME,
        provinces=3,
        cities_per_province=2,
        basic_per_city=2,
        departments=["立案庭", "民一庭", "刑事庭", "执行局"],
        periods=periods,
        seed=5,
    )


@pytest.fixture(scope="session")
def files(data: Synthetic, tmp_path_factory: pytest.TempPathFactory) -> Path:
    batch = data.batch
    region = cd.regions(data.tree)
    court_region = np.array([region[c] or "national" for c in batch.courts], dtype=object)
    row_region = court_region[batch.court_index]
    years = np.array([p.start.year for p in batch.periods])[batch.period_index]
    out = tmp_path_factory.mktemp("weekly")
    for r in sorted(set(row_region)):
        for y in (2021, 2022):
            rows = np.flatnonzero((row_region == r) & (years == y))
            pq.write_table(batch.take(rows[::-1]).to_arrow(), out / f"{r}-{y}.parquet")
    return out
