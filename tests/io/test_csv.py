"""Wide CSV datasets: cells written exactly so that they read back, one row a snapshot, and
problems named by line and column; a CSV read as a grid of byte positions straight into columns
gives the same dataset, value types and errors as the rows read one cell at a time."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo import Dataset, MetricSnapshot, Period
from courtinfo.base import InputError, ValidationError
from courtinfo.indicators import get_scheme, schemes
from courtinfo.io import dataset_from_csv, dataset_to_csv, format_cell
from courtinfo.io._csv import _Grid, wide_layout
from courtinfo.io._table import _dataset_by_rows, _header, csv_places
from courtinfo.synthetic import generate
from courtinfo.testing import golden
from tests.io.test_io import outcome, read_alike

W21 = Period.parse("2022-W21")


def test_cells_are_written_exactly() -> None:
    assert [format_cell(v) for v in (None, True, False, 7, 0.1, 3.0, frozenset("CA"))] == [
        "",
        "是",
        "否",
        "7",
        "0.1",
        "3.0",
        "{A,C}",
    ]
    assert format_cell(1 / 3) == "0.3333333333333333"  # repr: every digit that matters


def test_the_layout_is_labels_then_inputs_platform_and_texts() -> None:
    snaps = (
        MetricSnapshot("c1", W21, "立案庭", {"b": 2, "a": 1}, platform_values={"a": 3}, texts={"n": "x"}),
        MetricSnapshot("c1", W21, None, {"a": 5}),
    )
    header, rows = wide_layout(Dataset(snaps), "CSV")
    assert header == ["court", "department", "period", "a", "b", "platform:a", "text:n"]
    assert rows == [["c1", "立案庭", "2022-W21", 1, 2, 3, "x"], ["c1", None, "2022-W21", 5, None, None, None]]
    text = dataset_to_csv(Dataset(snaps))
    assert text.splitlines() == [
        "court,department,period,a,b,platform:a,text:n",
        "c1,立案庭,2022-W21,1,2,3,x",
        "c1,,2022-W21,5,,,",
    ]
    assert dataset_from_csv(text).snapshots == snaps


def test_an_input_named_like_a_label_column_cannot_be_written() -> None:
    snap = MetricSnapshot("c1", W21, None, {"period": 1})
    with pytest.raises(InputError, match="inputs 'period' cannot be CSV column names"):
        dataset_to_csv(Dataset((snap,)))


def test_problems_name_the_line_and_the_column() -> None:
    text = "court,period,filed\nc1,2022-W21,12件\nc1,2022-W22,-1\n"
    with pytest.raises(ValidationError) as info:
        dataset_from_csv(text, "week.csv")
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 2
    assert messages[0].startswith("week.csv:2 column filed") and "'12件'" in messages[0]
    assert messages[1].startswith("week.csv:3 column filed") and "negative" in messages[1]
    with pytest.raises(InputError, match=r"week\.csv: no header row"):
        dataset_from_csv("\n\n", "week.csv")
    with pytest.raises(InputError, match=r"week.csv:2"):
        dataset_from_csv('court,period\n"c1,2022-W21\n', "week.csv")


def by_rows(text: str, source: str = "t.csv") -> Dataset:
    """The reader of one cell at a time, on the rows the csv module reads."""
    records = [
        (n, cells)
        for n, cells in enumerate(csv.reader(io.StringIO(text, newline="")), 1)
        if any(c.strip() for c in cells)
    ]
    header = records[0][1]
    places = csv_places(source, header)
    columns = _header(header, records[0][0], places, source, None)
    return _dataset_by_rows(columns, records[1:], source, places)


def same(text: str) -> Dataset | None:
    """Read `text` both ways (see `read_alike`)."""
    return read_alike(lambda: dataset_from_csv(text, "t.csv"), lambda: by_rows(text))


@pytest.mark.parametrize("code", sorted(schemes()))
def test_every_shipped_schemes_example_data_reads_as_the_rows_read(code: str) -> None:
    for case in golden(code).cases:
        text = dataset_to_csv(case.dataset)
        # By byte position, unless quoted cells (sets of options) need the csv module.
        assert ('"' in text) is (_Grid.of(text) is None)
        assert same(text) is not None


def test_a_generated_national_sample_reads_as_the_rows_read() -> None:
    data = generate(get_scheme("shanghai-2022"), seed=7, weeks=2, provinces=1, missing=0.1)
    text = dataset_to_csv(Dataset(data.batch.to_snapshots()))
    assert _Grid.of(text) is not None
    fast = same(text)
    assert fast is not None
    hours = fast.batch().columns["mobile_online_hours"]
    assert np.isnan(hours).any() and (hours != np.floor(hours)).any()  # decimals read, gaps kept


HEAD = "court,department,period,a,b\n"


@pytest.mark.parametrize(
    ("rows", "a", "b"),
    [
        ("c1,立案庭,2022-W21,3,4.25\nc2,,2022-W21,,7\n", [3, None], [4.25, 7]),
        # eight digits (one word), nine to fifteen (read a character at a time)
        ("c1,,2022-W21,12345678,123456789012345\n", [12345678], [123456789012345]),
        ("c1,,2022-W21,007,5.\nc2,,2022-W21,0,.5\n", [7, 0], [5.0, 0.5]),
        ("c1,,2022-W21,1,0.1\nc2,,2022-W21,2,0.30000000000000004\n", [1, 2], [0.1, 0.30000000000000004]),
    ],
)
def test_numbers_read_by_byte_position_are_the_numbers_written(
    rows: str, a: list[object], b: list[object]
) -> None:
    fast = same(HEAD + rows)
    assert fast is not None
    assert [s.values.get("a") for s in fast.snapshots] == a
    got = [s.values.get("b") for s in fast.snapshots]
    assert got == b and [type(x) for x in got] == [type(x) for x in b]


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "c1,,2022-W21,3,4\r\nc2,,2022-W21,5,6\r\n",  # CRLF
        HEAD + "c1,,2022-W21,3,4",  # no line break at the end
        HEAD + "c1 ,刑事审判庭 ,2022年第21周, 3,+4\n",  # spaces, signs, Chinese weeks
        HEAD + "ｃ１,民一庭,2022-W21,1,2\nc1,民二庭,2022-W21,1,2\n",  # one court after NFKC
        HEAD + "c1,,2022-W21,3,\n\nc2,,2022-W21,4,\n",  # a blank line
        ",,,,\n" + HEAD + "c1,,2022-W21,3,4\n",  # a blank first line
        HEAD + 'c1,,2022-W21,3,"4"\n',  # quotes
        HEAD + "c1,,2022-W21,1e3,是\n",  # an exponent, a yes/no answer
        HEAD + "a-court-code-of-more-than-thirty-two-bytes-long,,2022-W21,1,2\n",
        HEAD + "court-sixteen-by,dept-of-seventeen,2022-W21,1,2\ncourt-sixteen-bz,dept-of-seventeen,2022-W21,1,2\n",
    ],
)
def test_grids_and_other_texts_read_as_the_rows_read(text: str) -> None:
    assert same(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "c1,,2022-W21,-1,2\n",  # negative
        HEAD + "c1,,2022-W21,1,2\nc1,,2022-W21,3,4\n",  # duplicate rows
        HEAD + "c1,,2022-W21,1.2.3,2\n",  # two points
        HEAD + "c1,,2022-W21,.,2\n",  # a point alone
        HEAD + "c1,,2022-W21,12345678901234567,2\n",  # past 2**53
        HEAD + "c1,,2022-W21,4.0000000000000001,2\n",  # rounds to a whole number
        HEAD + "c1,,2022-W21,9007199254740993.0,2\n",  # not held by float64
        HEAD + "c1,,2022-W99,1,2\n",  # no such week
        HEAD + ",,2022-W21,1,2\n",  # no court
        HEAD + "c\u200b1,,2022-W21,1,2\n",  # an invisible character
        HEAD + "c1,,2022-W21,是,2\nc2,,2022-W21,3,2\n",  # kinds that do not mix
        HEAD + "c1,,2022-W21,1,2,3\n",  # a long row
        "court,period,court\nc1,2022-W21,c2\n",  # a header twice
    ],
)
def test_problems_are_worded_as_the_rows_read_word_them(text: str) -> None:
    fast = outcome(lambda: dataset_from_csv(text, "t.csv"))
    assert not isinstance(fast, Dataset)
    assert same(text) is None
    assert "t.csv" in fast[1]  # type: ignore[index]


number = st.one_of(
    st.just(""),
    st.integers(0, 10**15).map(str),
    st.floats(0, 1e9, allow_nan=False).map(repr),
    st.decimals(0, 10**6, places=3, allow_nan=False).map(str),
    st.sampled_from(["0", "00", "5.", ".5", "1.", "12345678", "123456789", "1.2.3", " 1", "x"]),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(number, number), min_size=1, max_size=6))
def test_random_grids_read_as_the_rows_read(cells: list[tuple[str, str]]) -> None:
    text = HEAD + "".join(f"c{k},d,2022-W21,{a},{b}\n" for k, (a, b) in enumerate(cells))
    same(text)
