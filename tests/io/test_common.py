"""The checks every reader makes, each message written once and placed by the reader."""

from __future__ import annotations

import pytest

from courtinfo import InputError, MetricSnapshot, Period, Problem
from courtinfo.data import KIND_RULE
from courtinfo.io._common import mixed_kind_problems, text_argument

W = Period.parse("2022-W21")
SNAPS = [
    MetricSnapshot("a", W, None, {"q6_1": 3}),
    MetricSnapshot("b", W, "民一庭", {"q6_1": 2.5}, platform_values={"q1": frozenset("A")}),
    MetricSnapshot("a", W, None, {"q6_1": True}),
    MetricSnapshot("c", W, None, {"q1": 4}),
]


def json_place(i: int, field: str, name: str) -> str:
    return f"$[{i}]" + (f".{field}.{name}" if field else "")


def test_mixed_kinds_name_the_first_value_and_the_rule() -> None:
    # A count and a measure mix; a yes/no does not; platform values count as the same input.
    assert mixed_kind_problems(SNAPS, json_place, json_place) == [
        Problem(
            "$[2].values.q6_1",
            f"True is a yes/no answer, but $[0].values.q6_1 is a count; {KIND_RULE} "
            "(court 'a', department None, period 2022-W21)",
        ),
        Problem(
            "$[3].values.q1",
            f"4 is a count, but $[1].platform_values.q1 is a set of options; {KIND_RULE} "
            "(court 'c', department None, period 2022-W21)",
        ),
    ]


def test_text_argument() -> None:
    assert text_argument("x", "f") == "x"
    with pytest.raises(
        InputError, match=r"^f: text must be a str; got b'x' of type bytes \(decode"
    ):
        text_argument(b"x", "f")
    with pytest.raises(InputError, match=r"^f: text must be a str; got 3 of type int$"):
        text_argument(3, "f")
