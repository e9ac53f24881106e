"""Errors: the hierarchy, and errors that keep their problems and render them in one place."""

from __future__ import annotations

import pytest

from courtinfo.base import (
    CourtinfoError,
    DuplicateSnapshotError,
    InputError,
    MissingInputError,
    OrgError,
    Problem,
    SchemeError,
    SchemeValidationError,
    UnknownNameError,
    ValidationError,
    close_matches,
    did_you_mean,
    shorten,
    shown,
    wrong_type,
)

TWO = (Problem("$[0].values.q6_1", "-3 is negative"), Problem("", "no path"))


def test_one_problem_is_one_line_and_many_are_listed() -> None:
    one = ValidationError(TWO[:1], "d.json")
    assert str(one) == "d.json: $[0].values.q6_1: -3 is negative"
    assert one.problems == TWO[:1]
    assert one.source == "d.json"
    many = ValidationError(TWO)
    assert str(many) == "2 problems:\n  $[0].values.q6_1: -3 is negative\n  no path"
    assert str(Problem("", "no path")) == "no path"


def test_a_title_leads_the_message() -> None:
    class TreeError(ValidationError, OrgError):
        title = "invalid court tree"

    assert str(TreeError(TWO[:1])) == "invalid court tree: $[0].values.q6_1: -3 is negative"
    assert str(TreeError(TWO, "t.json")) == (
        "t.json: invalid court tree, 2 problems:\n  $[0].values.q6_1: -3 is negative\n  no path"
    )


@pytest.mark.parametrize("cls", [DuplicateSnapshotError, MissingInputError])
def test_errors_of_several_rows_keep_their_problems(cls: type[ValidationError]) -> None:
    err = cls(TWO, "d.csv")
    assert isinstance(err, ValidationError)
    assert isinstance(err, InputError)
    assert isinstance(err, ValueError)
    assert err.problems == TWO
    assert str(err).startswith("d.csv: 2 problems:\n")


def test_hierarchy() -> None:
    assert issubclass(SchemeValidationError, ValidationError)
    assert issubclass(SchemeValidationError, SchemeError)
    assert issubclass(UnknownNameError, LookupError)
    assert issubclass(UnknownNameError, CourtinfoError)
    assert not issubclass(SchemeError, InputError)


def test_unknown_names_suggest_close_ones() -> None:
    err = UnknownNameError("input", "q6_3", ["q6_1", "q6_2", "q20_3"])
    assert str(err) == "unknown input 'q6_3'; did you mean 'q6_2' or 'q6_1' or 'q20_3'?"
    assert err.suggestions == ["q6_2", "q6_1", "q20_3"]
    assert (err.kind, err.name) == ("input", "q6_3")
    assert str(UnknownNameError("court", "zzz", ["jn"])) == "unknown court 'zzz'"
    odd = UnknownNameError("court", 3, ["jn"])  # type: ignore[arg-type]
    assert str(odd) == "unknown court 3 of type int: court names are str"
    assert odd.suggestions == []


def test_message_helpers() -> None:
    assert close_matches("rec", ["rec_rate", "recs", 3]) == ["recs"]  # type: ignore[list-item]
    assert close_matches(3, ["a"]) == []  # type: ignore[arg-type]
    assert did_you_mean("hal", ["hall", "x"]) == "; did you mean 'hall'?"
    assert did_you_mean("zzz", ["hall"]) == ""
    assert shorten("x" * 60) == "x" * 60
    assert shorten("x" * 61) == "x" * 57 + "..."
    assert shorten("abcdef", 5) == "ab..."
    assert shown("a" * 100, 10) == "'aaaaaa..."
    assert wrong_type("f: x", "a str", 3) == "f: x must be a str; got 3 of type int"
