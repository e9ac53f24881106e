"""Tables read straight into columns: the same dataset, values and types as one cell at a time.

`_dataset_by_rows` is the reader of one cell at a time (it also words every problem); the
column reader must give the same snapshots, value types included, and the same batch.
"""

from __future__ import annotations

import csv
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import Dataset, MetricSnapshot, SnapshotBatch
from courtinfo.data import BatchSnapshots
from courtinfo.io import dataset_from_csv, dataset_from_table, dataset_to_csv
from courtinfo.io._table import _dataset_by_rows, _header, csv_places
from courtinfo.synthetic import generate
from tests.io.test_io import typed


def _both(text: str) -> tuple[Dataset, Dataset]:
    rows = list(csv.reader(text.strip().split("\n")))
    records = [(k + 2, r) for k, r in enumerate(rows[1:])]
    fast = dataset_from_table(rows[0], records, "t.csv")
    places = csv_places("t.csv", rows[0])
    columns = _header(rows[0], 1, places, "t.csv", None)
    slow = _dataset_by_rows(columns, records, "t.csv", places)
    return fast, slow


def _same(fast: Dataset, slow: Dataset) -> None:
    assert isinstance(fast.snapshots, BatchSnapshots)
    assert fast == slow
    assert [typed(s) for s in fast.snapshots] == [typed(s) for s in slow.snapshots]
    assert [s.texts for s in fast.snapshots] == [s.texts for s in slow.snapshots]
    a, b = fast.batch(), slow.batch()
    assert (a.courts, a.departments, a.periods) == (b.courts, b.departments, b.periods)
    for x, y in ((a.court_index, b.court_index), (a.period_index, b.period_index)):
        np.testing.assert_array_equal(x, y)
    assert dict(a.kinds) == dict(b.kinds)
    for field in ("columns", "platform"):
        got, want = getattr(a, field), getattr(b, field)
        assert list(got) == list(want), field
        for name in want:
            np.testing.assert_array_equal(got[name], want[name], err_msg=name)


TABLES = {
    "counts": "court,department,period,a,b\nc1,民一庭,2022-W21,3,\nc1,,2022-W21,0,7\nc2,刑事庭,2022年第21周,12,1\n",
    "measures and whole numbers": "court,period,h\nc1,2022-W21,2.5\nc2,2022-W21,3\nc3,2022-W21,\nc4,2022-W21,1e3\n",
    "yes/no, options, texts": (
        "court,period,ok,q,text:site,platform:a,a\n"
        'c1,2022-W21,是,"{A,B}",http://x.cn,4,3\n'
        "c2,2022-W21,no,{},,,2\n"
        "c3,2022-W21,,{C},a b,1.5,\n"
    ),
    "spaces and signs": "court , period,x\n c1 ,2022-W21, 4\nc2, 2022-W21 ,+5\n",
    "an empty column": "court,period,x,y\nc1,2022-W21,1,\nc2,2022-W21,2,\n",
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_columns_equal_cells_read_one_at_a_time(name: str) -> None:
    fast, slow = _both(TABLES[name])
    _same(fast, slow)
    assert dataset_from_csv(TABLES[name], "t.csv") == slow


def test_a_measure_column_keeps_whole_numbers_as_written() -> None:
    fast, _ = _both(TABLES["measures and whole numbers"])
    values = [s.values.get("h") for s in fast.snapshots]
    assert values == [2.5, 3, None, 1000.0]
    assert [type(v).__name__ for v in values] == ["float", "int", "NoneType", "float"]
    assert fast.batch().kinds["h"] == "measure"
    assert dataset_to_csv(fast).splitlines()[2] == "c2,,2022-W21,3"


def test_snapshots_are_made_only_when_read() -> None:
    fast, _ = _both(TABLES["counts"])
    snaps = fast.snapshots
    assert isinstance(snaps, BatchSnapshots) and snaps._made is None
    assert len(snaps) == 3 and snaps._made is None
    assert fast.batch() is snaps.batch  # evaluation reads the columns as they are
    first = snaps[0]
    assert snaps._made is not None and isinstance(first, MetricSnapshot)
    assert typed(first) == ("c1", "民一庭", first.period, {"a": ("int", 3)}, {})


def test_a_synthetic_week_reads_the_same_both_ways() -> None:
    from courtinfo.indicators import get_scheme

    data = generate(get_scheme("shanghai-2022"), seed=3, weeks=1, provinces=1, missing=0.05)
    text = dataset_to_csv(Dataset(data.batch.to_snapshots()))
    _same(*_both(text))


@pytest.mark.parametrize(
    "text",
    [
        "court,period,x\nc1,2022-W21,-1\n",  # negative
        "court,period,x\nc1,2022-W21,1\nc1,2022-W21,2\n",  # duplicate
        "court,period,x\nc1,2022-W21,是\nc2,2022-W21,3\n",  # kinds that do not mix
        "court,period,x\n,2022-W21,1\n",  # no court
        "court,period,x\nc1,2022-W99,1\n",  # no such week
        "court,period,x\nc1,2022-W21,99999999999999999\n",  # past 2**53
        "court,period,x\nc1,2022-W21\n",  # short row
    ],
)
def test_problems_are_worded_as_the_cell_reader_words_them(text: str) -> None:
    rows = list(csv.reader(text.strip().split("\n")))
    records = [(k + 2, r) for k, r in enumerate(rows[1:])]
    places = csv_places("t.csv", rows[0])
    columns = _header(rows[0], 1, places, "t.csv", None)
    with pytest.raises(Exception) as fast:
        dataset_from_table(rows[0], records, "t.csv")
    with pytest.raises(Exception) as slow:
        _dataset_by_rows(columns, records, "t.csv", places)
    assert type(fast.value) is type(slow.value)
    assert str(fast.value) == str(slow.value)
    assert "t.csv:" in str(fast.value)


cell = st.one_of(
    st.just(""),
    st.integers(0, 10**6).map(str),
    st.floats(0, 1e9, allow_nan=False).map(repr),
    st.sampled_from(["是", "否", "yes", " 3", "+2", "{A,C}"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=6))
def test_random_tables_read_the_same_or_fail_the_same(cells: list[tuple[str, str]]) -> None:
    header = ["court", "period", "x", "platform:x"]
    records = [(k + 2, [f"c{k}", "2022-W21", a, b]) for k, (a, b) in enumerate(cells)]
    places = csv_places("t.csv", header)
    columns = _header(header, 1, places, "t.csv", None)
    outcomes: list[Any] = []
    for read in (
        lambda: dataset_from_table(header, records, "t.csv"),
        lambda: _dataset_by_rows(columns, records, "t.csv", places),
    ):
        try:
            outcomes.append(read())
        except Exception as exc:
            outcomes.append((type(exc), str(exc)))
    fast, slow = outcomes
    if isinstance(slow, Dataset):
        assert isinstance(fast, Dataset)
        assert [typed(s) for s in fast.snapshots] == [typed(s) for s in slow.snapshots]
        b = SnapshotBatch.from_snapshots(slow.snapshots)
        assert dict(fast.batch().kinds) == dict(b.kinds)
    else:
        assert fast == slow
