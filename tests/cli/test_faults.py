"""Sizes for --max-input-size, and every problem of a bad file for --all-problems."""

from __future__ import annotations

import argparse

import pytest

from courtinfo.base import Problem, ValidationError
from courtinfo.cli._faults import problem_lines, size


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("5000", 5000),
        ("64K", 65536),
        ("64k", 65536),
        ("10M", 10 << 20),
        ("10MB", 10 << 20),
        ("10MiB", 10 << 20),
        ("2G", 2 << 30),
        ("1T", 1 << 40),
        ("700B", 700),
        (" 3 M ", 3 << 20),
    ],
)
def test_sizes(text: str, n: int) -> None:
    assert size(text) == n


@pytest.mark.parametrize("text", ["0", "0M", "lots", "-1", "1.5G", "10X", "M", "10iB", ""])
def test_what_is_no_size(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as info:
        size(text)
    assert str(info.value) == f"expected a size such as 5000, 64K, 10M or 2G, not {text!r}"


def test_every_problem_a_line_then_the_count() -> None:
    exc = ValidationError([Problem("$[0].court", "null is not text"), Problem("$[2].period", "'x'")])
    assert problem_lines(exc, "d.json") == [
        "courtinfo: error: d.json: $[0].court: null is not text",
        "courtinfo: error: d.json: $[2].period: 'x'",
        "courtinfo: error: 2 problems",
    ]
    assert problem_lines(ValueError("no list"), "d.json") is None
