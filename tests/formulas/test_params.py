"""Formula parameters as court staff write them: weights, names, references, signed terms."""

from __future__ import annotations

import pytest

from courtinfo.base import FormulaError
from courtinfo.formulas import Component, split_reference, split_terms, term_name
from courtinfo.formulas._params import (
    names,
    one_of,
    optional_weight,
    some_names,
    threshold_number,
    weight,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [(1, 1.0), (0.45, 0.45), ("2/3", 2 / 3), (" 75% ", 0.75), ("1/2%", 0.005), ("3", 3.0)],
)
def test_weights(text: object, value: float) -> None:
    assert weight(text) == value


@pytest.mark.parametrize("text", ["", "a/b", "1/0", "%", None, [1]])
def test_bad_weights(text: object) -> None:
    with pytest.raises(FormulaError, match=r"is not a number or a fraction such as '2/3' or '75%'"):
        weight(text)


def test_weight_refuses_a_yes_no_and_names_what() -> None:
    with pytest.raises(FormulaError, match=r"^weight: value: True is a yes/no, not a number$"):
        weight(True)
    with pytest.raises(FormulaError, match=r"^threshold: value: 'x' is not a number"):
        threshold_number("x")
    assert threshold_number("45%") == 0.45
    assert optional_weight(None) is None
    assert optional_weight("1/4") == 0.25


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_weight_refuses_a_number_that_is_not_finite(number: float) -> None:
    with pytest.raises(FormulaError, match=rf"^weight: value: {number!r} is not a finite number$"):
        weight(number)
    # A blend built in Python gets no NaN weight either (a scheme file refuses it as well).
    with pytest.raises(FormulaError, match=r"^Component: weight: .* is not a finite number"):
        Component(number, "q6_1")
    # Nor a NaN default: every part it replaced would read as not provided, a blend of NaN.
    with pytest.raises(FormulaError, match=rf"^Component: default: {number!r} is not a finite number"):
        Component(1, "q6_1", default=number)
    assert Component(1, "q6_1", default=0).default == 0  # a finite default is kept as given


def test_names() -> None:
    assert names("q6_1") == ("q6_1",)
    assert names(["a", "b"]) == ("a", "b")
    assert names(("a",)) == ("a",)
    assert names([]) == ()
    assert some_names(["a"]) == ("a",)
    with pytest.raises(FormulaError, match="an empty list names nothing"):
        some_names([])
    for bad in ("", ["a", ""], ["a", 3], 3, None):
        with pytest.raises(FormulaError, match="is not a name or a list of names"):
            names(bad)


def test_one_of() -> None:
    class F:
        pass

    class A:
        name = "over"

    check = one_of("error", "cap")
    check(F(), A(), "cap")
    with pytest.raises(FormulaError, match=r"^F\.over must be one of 'error', 'cap', not 'clip'$"):
        check(F(), A(), "clip")


def test_references_and_terms() -> None:
    assert split_reference("q6_1") == ("q6_1", "", None)
    assert split_reference("q1:C") == ("q1", "C", None)
    assert split_reference("x@year_ago") == ("x", "", "year_ago")
    assert split_reference("q1:C@previous") == ("q1", "C", "previous")
    assert split_reference("x@") == ("x", "", "")
    assert term_name("-q20_3") == "q20_3"
    assert term_name("+ q20_3") == "q20_3"
    assert term_name("q20_3") == "q20_3"


def test_split_terms_gives_the_names_added_and_those_subtracted_in_order() -> None:
    # 结收比's denominator in spc-2019: 旧存 + 新收 − 移送; a leading subtracted term too.
    assert split_terms(("q6_1", "-q6_3", "+q6_2")) == (("q6_1", "q6_2"), ("q6_3",))
    assert split_terms(("-a", "b")) == (("b",), ("a",))
    assert split_terms(()) == ((), ())
    with pytest.raises(FormulaError, match="split_terms: terms must be a tuple of terms"):
        split_terms("-a")  # type: ignore[arg-type]


class _Field:
    name = "count"


class _Owner:
    pass


def test_of_kind_refuses_other_types_and_a_yes_no_for_a_number() -> None:
    from courtinfo.formulas._params import of_kind

    number = of_kind((int, float), "a number")
    number(_Owner(), _Field(), 3)
    number(_Owner(), _Field(), 2.5)
    with pytest.raises(FormulaError, match=r"^_Owner: count: 'x' is not a number$"):
        number(_Owner(), _Field(), "x")
    with pytest.raises(FormulaError, match=r"^_Owner: count: True is not a number$"):
        number(_Owner(), _Field(), True)
    of_kind(bool, "a yes/no")(_Owner(), _Field(), True)  # where a yes/no belongs, it passes
    of_kind((int, bool), "a count or yes/no")(_Owner(), _Field(), False)


def test_finite_refuses_nan_and_infinities_and_passes_none() -> None:
    from courtinfo.formulas._params import finite

    for ok in (None, 0, 3, 2.5, -1.0):
        finite(_Owner(), _Field(), ok)
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(FormulaError, match=r"^_Owner: count: .* is not a finite number"):
            finite(_Owner(), _Field(), bad)


def test_a_name_wants_a_non_empty_str() -> None:
    from courtinfo.formulas._params import a_name

    a_name(_Owner(), _Field(), "q6_1")
    for bad in ("", "  ", 3, None):
        with pytest.raises(FormulaError, match=r"^_Owner: count: .* is not an input or indicator"):
            a_name(_Owner(), _Field(), bad)


def test_list_of_names_the_place_of_a_wrong_item() -> None:
    from courtinfo.formulas._params import list_of

    check = list_of(str)
    check(_Owner(), _Field(), ["a", "b"])
    check(_Owner(), _Field(), ())
    with pytest.raises(FormulaError, match=r"^_Owner: count: 'a' is not a list of str$"):
        check(_Owner(), _Field(), "a")
    with pytest.raises(FormulaError, match=r"^_Owner: count\[1\]: 3 is not a str$"):
        check(_Owner(), _Field(), ("a", 3))
