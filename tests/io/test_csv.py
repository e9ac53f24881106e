"""Wide CSV datasets: cells written exactly so that they read back, one row a snapshot, and
problems named by line and column."""

from __future__ import annotations

import pytest

from courtinfo import Dataset, MetricSnapshot, Period
from courtinfo.base import InputError, ValidationError
from courtinfo.io import dataset_from_csv, dataset_to_csv, format_cell
from courtinfo.io._csv import wide_layout

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
