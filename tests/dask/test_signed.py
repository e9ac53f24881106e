"""Signed inputs through courtinfo.dask come from the scheme, as in every other reader: a
Parquet dataset written by pyarrow alone (no courtinfo metadata) with a negative value of an
input the scheme declares signed is evaluated and rolled up; without the scheme the negative
value is refused.

The scheme is that of tests/io/test_signed.py (收案同比增幅 = 收案增减数 / 上年收案数, the
change signed). The numbers: 济南中院 (jn) filed 433 cases fewer than the 2,076 of the year before,
-433 / 2076 = -0.20857418111753372; 长清区法院 (cq) 17 more than 2,296, 17 / 2296 =
0.007404181184668989; their sum under 山东高院 (sd): -416 of 4,372.
"""

from __future__ import annotations

from pathlib import Path

import pytest

dask = pytest.importorskip("dask", reason='dask: pip install "courtinfo[dask]"')
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import courtinfo.dask as cd  # noqa: E402
from courtinfo import ValidationError  # noqa: E402
from tests.dask.test_partitions import TREE  # noqa: E402
from tests.io.test_signed import SCHEME  # noqa: E402


@pytest.fixture
def source(tmp_path: Path) -> Path:
    # Written by pyarrow alone, as another system would: no courtinfo metadata in the file.
    table = pa.table(
        {
            "court": ["jn", "cq"],
            "period": ["2022", "2022"],
            "change": [-433, 17],
            "base": [2076, 2296],
        }
    )
    assert table.schema.metadata is None
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "sd-2022.parquet")
    return tmp_path / "in"


def test_evaluate_reads_a_negative_signed_input_from_plain_parquet(source: Path) -> None:
    with dask.config.set(scheduler="synchronous"):
        got = cd.evaluate(source, SCHEME, courts=TREE).compute()
    growth = dict(zip(got["court"].astype(str), got["value:growth"], strict=True))
    assert growth == {"jn": -433 / 2076, "cq": 17 / 2296}
    assert growth["jn"] == -0.20857418111753372


def test_rollup_reads_a_negative_signed_input_from_plain_parquet(source: Path) -> None:
    with dask.config.set(scheduler="synchronous"):
        got = cd.rollup_tree(source, courts=TREE, scheme=SCHEME).compute()
        rows = {
            c: (x, b)
            for c, x, b in zip(got["court"].astype(str), got["change"], got["base"], strict=True)
        }
        assert rows == {
            "cq": (17.0, 2296.0),
            "jn": (-416.0, 4372.0),
            "sd": (-416.0, 4372.0),
            "spc": (-416.0, 4372.0),
        }
        # Without the scheme nothing declares `change` signed: refused, naming the row.
        with pytest.raises(ValidationError, match=r"change.*-433|-433.*change"):
            cd.rollup_tree(source, courts=TREE).compute()
