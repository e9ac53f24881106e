"""Schemes: the one dependency walk (`Scheme.reads`), lookups, the evaluation order."""

from __future__ import annotations

import datetime

import attrs
import pytest

from courtinfo import SchemeError, SchemeValidationError, UnknownNameError
from courtinfo.base import Problem
from courtinfo.data import ValueKind
from courtinfo.formulas import Checklist, Ratio, WeightedBlend
from courtinfo.formulas.blend import Component
from courtinfo.indicators import (
    Indicator,
    Input,
    Option,
    Scheme,
    Unit,
    dependency_order,
    get_scheme,
)


def ind(code: str, formula: object) -> Indicator:
    return Indicator(code, code, code, "c", Unit.PERCENTAGE, formula)  # type: ignore[arg-type]


def scheme(*indicators: Indicator) -> Scheme:
    inputs = (
        Input("a", "a", ValueKind.COUNT),
        Input("b", "b", ValueKind.COUNT),
        Input("c", "c", ValueKind.COUNT),
        Input("q1", "q1", ValueKind.CHOICE, options=(Option("A", "甲"), Option("C", "丙"))),
    )
    return Scheme("s", "s", "s", "i", "d", datetime.date(2022, 1, 1), indicators, inputs)


# x reads a, then derived d (which reads c and option C of q1), then b.
X = ind("x", WeightedBlend((Component(0.5, "a"), Component(0.25, "d"), Component(0.25, "b"))))
D = ind("d", Ratio(("c",), ("q1:C",)))
Y = ind("y", Ratio(("x",), ("d",)))


def test_reads_gives_every_name_read_each_after_what_it_reads() -> None:
    s = scheme(X, D, Y)
    # Inputs in reading order; an indicator after the names it reads; options stripped.
    assert s.reads("x") == ("a", "c", "q1", "d", "b", "x")
    assert s.reads("d") == ("c", "q1", "d")
    assert s.reads("y") == ("a", "c", "q1", "d", "b", "x", "y")
    assert s.reads("d", "x") == ("c", "q1", "d", "a", "b", "x")
    # Every indicator when none is named: in the order of the scheme, dependencies first.
    assert s.reads() == ("a", "c", "q1", "d", "b", "x", "y")
    assert [i.code for i in s.evaluation_order] == ["d", "x", "y"]
    assert [i.code for i in dependency_order(s)] == ["d", "x", "y"]


def test_reads_refuses_an_unknown_code_with_close_matches() -> None:
    with pytest.raises(UnknownNameError, match="unknown indicator 'dd'; did you mean 'd'"):
        scheme(X, D).reads("dd")


def test_a_cycle_of_indicators_is_named_with_its_path() -> None:
    p = ind("p", Ratio(("q",), ("a",)))
    q = ind("q", Ratio(("a",), ("r",)))
    r = ind("r", Checklist(("p", "b")))
    s = scheme(ind("first", Ratio(("a",), ("b",))), p, q, r)
    with pytest.raises(SchemeValidationError) as info:
        s.reads()
    assert info.value.problems == (
        Problem("$.indicators", "derived indicators form a cycle: p -> q -> r -> p"),
    )
    assert isinstance(info.value, SchemeError)
    with pytest.raises(SchemeError, match="q -> r -> p -> q"):
        s.reads("q")
    assert s.reads("first") == ("a", "b", "first")


def test_lookups_name_what_is_known() -> None:
    s = get_scheme("shanghai-2022")
    assert s.indicator("e_service_rate").name_zh == "电子送达适用率"
    with pytest.raises(SchemeError, match=r"Scheme\.indicator: code must be an indicator code"):
        s.indicator(3)  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError):
        s.input("nope")
    assert not s.scored
    assert get_scheme("spc-2019").scored
    assert len(get_scheme("spc-2019").numbered) == 40


def test_fallback_chain_is_the_input_and_what_it_falls_back_to() -> None:
    spc = get_scheme("spc-2019")
    # 以最高法院数据为准: the platform's hearings, else the court's own 开庭数 (q6_1).
    assert spc.fallback_chain("q19_platform_hearings") == ("q19_platform_hearings", "q6_1")
    assert spc.fallback_chain("q6_1") == ("q6_1",)
    assert spc.fallback_chain("no_such_input") == ()
    a = Input("a", "甲", ValueKind.COUNT, fallback="b")
    b = Input("b", "乙", ValueKind.COUNT, fallback="c")
    c = Input("c", "丙", ValueKind.COUNT, fallback="a")  # comes back to a: the chain stops
    looped = attrs.evolve(spc, inputs=(*spc.inputs, a, b, c))
    assert looped.fallback_chain("a") == ("a", "b", "c")
    assert looped.fallback_chain("b") == ("b", "c", "a")
