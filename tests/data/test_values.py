"""Values: one definition of a good cell (`cell_rules`) for one value and for columns."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo.base import InputError
from courtinfo.data import (
    KIND_RULE,
    MAX_COUNT,
    ValueKind,
    cell_rules,
    choice_mask,
    option_bit,
    value_problem,
)
from courtinfo.data._values import (
    from_float,
    kind_of,
    mask_options,
    normalize_value,
    to_float,
    unify_kinds,
)

K = ValueKind


def broken(col: np.ndarray, kind: ValueKind, **kw: object) -> dict[str, list[int]]:
    return {
        rule: np.flatnonzero(bad).tolist()
        for rule, bad in cell_rules(col, kind, **kw)  # type: ignore[arg-type]
        if bad.any()
    }


def test_column_rules_by_kind() -> None:
    col = np.array([1.0, -2.0, np.inf, 2.5, 2.0**54, np.nan, 0.0])
    assert broken(col, K.COUNT) == {
        "is infinite": [2],
        "is negative; counts cannot be below 0": [1],
        "is not a whole number": [3],
        "exceeds the largest supported count 2**53": [4],
    }
    assert broken(col, K.MEASURE) == {
        "is infinite": [2],
        "is negative; measures cannot be below 0": [1],
        "exceeds the largest supported value 2**53": [4],
    }
    assert broken(col, K.YES_NO) == {
        "is infinite": [2],
        "is negative; values cannot be below 0": [1],
        "is not a yes/no answer (0 or 1)": [1, 2, 3, 4],
        "exceeds the largest supported value 2**53": [4],
    }


def test_integer_columns_are_compared_exactly() -> None:
    col = np.array([MAX_COUNT, MAX_COUNT + 1, -1], dtype=np.int64)
    assert broken(col, K.COUNT) == {
        "is negative; counts cannot be below 0": [2],
        "exceeds the largest supported count 2**53": [1],
    }
    assert broken(col, K.MEASURE) == {"is negative; measures cannot be below 0": [2]}


def test_signed_columns_may_go_as_far_below_as_above() -> None:
    col = np.array([-5.0, -(2.0**54), 2.0**54, -0.5])
    assert broken(col, K.COUNT, signed=True) == {
        "is not a whole number": [3],
        "exceeds the largest supported count 2**53": [1, 2],
    }


def test_options_not_offered() -> None:
    col = np.array([choice_mask("AC"), choice_mask("B"), np.nan, choice_mask("")])
    assert broken(col, K.CHOICE, offered="AC") == {"ticks an option not offered (offered: AC)": [1]}
    assert broken(col, K.CHOICE) == {}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (True, None),
        (0, None),
        (MAX_COUNT, None),
        (MAX_COUNT + 1, "9007199254740993 exceeds the largest supported count 2**53"),
        (2**70, "1180591620717411303424 exceeds the largest supported count 2**53"),
        (-(2**70), "-1180591620717411303424 is negative; counts cannot be below 0"),
        (-1, "-1 is negative; counts cannot be below 0"),
        (0.5, None),
        (-0.5, "-0.5 is negative; measures cannot be below 0"),
        (math.inf, "inf is infinite"),
        (1e300, "1e+300 exceeds the largest supported value 2**53"),
        (math.nan, "NaN is not a value; leave the input out to mark it not provided"),
        (frozenset("AB"), None),
        (["A", "b"], "options 'b' are not option letters A-Z"),
        ("many", "'many' is not a number, a yes/no answer (是/否) or a list of options"),
        (None, "None of type NoneType is not a snapshot value"),
    ],
)
def test_one_value(value: object, problem: str | None) -> None:
    assert value_problem(value) == problem


def test_signed_values() -> None:
    assert value_problem(-3, signed=True) is None
    assert value_problem(-(2**54), signed=True) == (
        "-18014398509481984 exceeds the largest supported count 2**53"
    )


def test_encoding_round_trips() -> None:
    assert choice_mask("ACK") == 1 + 4 + 1024
    assert mask_options(1029.0) == frozenset("ACK")
    for value in (True, 7, 2.5, frozenset("BD")):
        kind = kind_of(value)
        assert from_float(to_float(value), kind) == value
    assert [kind_of(v) for v in (True, 1, 1.0, frozenset())] == [
        K.YES_NO,
        K.COUNT,
        K.MEASURE,
        K.CHOICE,
    ]
    assert normalize_value(" 是 ") is True
    assert normalize_value("No") is False
    assert normalize_value(["A", "B"]) == frozenset("AB")
    assert normalize_value(np.int64(3)) == 3


def test_kinds_unify_counts_and_measures_only() -> None:
    assert unify_kinds({"x": {K.COUNT, K.MEASURE}, "y": {K.COUNT}}) == {
        "x": K.MEASURE,
        "y": K.COUNT,
    }
    with pytest.raises(InputError) as info:
        unify_kinds({"x": {K.COUNT, K.YES_NO}})
    assert str(info.value) == f"input 'x' mixes value kinds: count, yes_no; {KIND_RULE}"


def test_an_option_is_kept_in_the_bit_of_its_letter_whatever_is_offered() -> None:
    assert [option_bit(x) for x in "ACZ"] == [0, 2, 25]
    # A question offering A and C only: C is still bit 2 (mask 4), not the second bit.
    assert choice_mask({"C"}) == 4.0
    assert choice_mask({"A", "C", "Z"}) == float(1 + 4 + (1 << 25))
    assert mask_options(choice_mask({"A", "C", "Z"})) == frozenset({"A", "C", "Z"})


_CELLS = [0.0, -0.0, 1.0, 2.0, 0.5, -1.0, -3.0, np.nan, np.inf, -np.inf, 2.0**53, 2.0**53 + 2, 1e300]


@pytest.mark.parametrize("kind", list(ValueKind))
@pytest.mark.parametrize("signed", [False, True])
def test_a_column_said_to_break_no_rule_breaks_none(kind: ValueKind, signed: bool) -> None:
    from itertools import combinations

    from courtinfo.data._values import breaks_no_rule

    said_good = 0
    for size in range(4):
        for cells in combinations(_CELLS, size):
            col = np.array(cells, dtype=np.float64)
            if breaks_no_rule(col, kind, signed=signed):
                said_good += 1
                assert broken(col, kind, signed=signed) == {}, cells
            elif size == 1 and not broken(col, kind, signed=signed):
                # One good cell is told good at once (but an option list is always asked).
                raise AssertionError(cells)
    assert said_good >= 15  # of 0.0, -0.0, 1.0 and NaN alone, every column is good
    offered = np.array([choice_mask("A")])
    assert not breaks_no_rule(offered, ValueKind.CHOICE, offered="AB")
    assert not breaks_no_rule(np.array([1, 2]), ValueKind.COUNT)  # integers: the rules ask
