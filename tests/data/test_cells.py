"""Cells and columns as batches take them: read-only copies, kinds guessed from dtypes, and
one problem per bad cell (up to a limit) naming its row."""

from __future__ import annotations

import numpy as np
import pytest

from courtinfo.base import InputError, ValidationError
from courtinfo.data import ValueKind
from courtinfo.data._cells import (
    MAX_LISTED,
    column_problems,
    guess_kinds,
    period_label,
    require_labels,
    text_cell,
    text_column,
    value_column,
)


def test_value_columns_are_read_only_copies() -> None:
    given = np.array([1.0, 2.0])
    col = value_column("x", given)
    given[0] = 99.0
    assert col.tolist() == [1.0, 2.0] and not col.flags.writeable
    assert value_column("x", np.array([1, 2], dtype=np.int32)).dtype == np.float64
    assert value_column("x", [True, False]).tolist() == [1.0, 0.0]
    with pytest.raises(InputError, match="column 'x': dtype <U1 is not numeric"):
        value_column("x", ["a"])


def test_text_columns_hold_objects_and_a_str_is_one_cell() -> None:
    assert text_cell("一段话").tolist() == ["一段话"] and text_cell("x").dtype == object
    col = text_column("note", ["a", None])
    assert col.tolist() == ["a", None] and not col.flags.writeable
    with pytest.raises(InputError, match=r"texts\['note'\]"):
        text_column("note", "not a sequence")


def test_kinds_are_guessed_from_dtypes_counts_first() -> None:
    kinds = guess_kinds(
        {"n": np.array([1, 2]), "m": np.array([0.5])},
        {"n": np.array([1.0]), "p": np.array([True])},
    )
    assert kinds == {"n": ValueKind.COUNT, "m": ValueKind.MEASURE, "p": ValueKind.COUNT}


def test_column_problems_name_rows_and_count_the_rest() -> None:
    col = np.array([-1.0] * (MAX_LISTED + 3) + [2.5])
    problems = column_problems("columns.x", col, ValueKind.COUNT, lambda i: f"row {i}")
    negative = [p for p in problems if "negative" in p.message]
    assert [p.path for p in negative[:2]] == ["columns.x[0]", "columns.x[1]"]
    assert negative[0].message == "-1.0 is negative; counts cannot be below 0 (row 0)"
    assert problems[-1].path == "columns.x[13]" and "whole" in problems[-1].message
    assert any(p.message == "and 3 more rows whose value is negative; counts cannot be below 0" for p in problems)
    assert column_problems("x", np.array([-1.0]), ValueKind.COUNT, str, signed=True) == []


def test_a_bad_period_label_is_named_at_its_first_row() -> None:
    with pytest.raises(ValidationError) as info:
        period_label("2022-W99", 1, np.array([0, 0, 1, 1]))
    assert [p.path for p in info.value.problems] == ["period[2]"]
    assert period_label("2022-w21", 0, np.array([0])) == "2022-W21"


def test_a_table_needs_court_and_period_columns() -> None:
    require_labels(["period", "hearings", "court"], "frame")  # department may be left out
    with pytest.raises(InputError) as info:
        require_labels(["department", "hearings"], "table")
    assert str(info.value) == "missing column 'court'; the table has department, hearings"
    with pytest.raises(InputError, match=r"^missing column 'period'; the frame has court$"):
        require_labels(["court"], "frame")
    with pytest.raises(InputError, match=r"^missing column 'court'; the frame has none$"):
        require_labels([], "frame")
