"""Targets: one comparison (with its tolerance) for a value and a column, scopes, the gap."""

from __future__ import annotations

import numpy as np
import pytest

from courtinfo import SchemeError
from courtinfo.indicators import Comparator, Scope, Target, TargetStatus, pick_target
from courtinfo.org import DepartmentKind as K

C = Comparator


@pytest.mark.parametrize(
    ("comparator", "value", "threshold", "met"),
    [
        (C.AT_LEAST, 0.45, 0.45, True),
        (C.AT_LEAST, 9 / 20, 0.45, True),
        (C.AT_LEAST, 0.45 - 1e-13, 0.45, True),  # float noise is within the tolerance
        (C.AT_LEAST, 0.45 - 2e-12, 0.45, False),
        (C.AT_LEAST, 0.46, 0.45, True),
        (C.AT_LEAST, 0.44, 0.45, False),
        (C.AT_MOST, 30.0, 30.0, True),
        (C.AT_MOST, 30.0 + 1e-13, 30.0, True),
        (C.AT_MOST, 30.0 + 1e-11, 30.0, False),
        (C.AT_MOST, 29.0, 30.0, True),
        (C.AT_MOST, 31.0, 30.0, False),
        (C.EQUAL, 1.0, 1.0, True),
        (C.EQUAL, 1.0 + 1e-13, 1.0, True),
        (C.EQUAL, 1.0 - 1e-13, 1.0, True),
        (C.EQUAL, 1.0 + 1e-11, 1.0, False),
        (C.EQUAL, 1.0 - 1e-11, 1.0, False),
    ],
)
def test_met_for_a_value_and_a_column_agree(
    comparator: Comparator, value: float, threshold: float, met: bool
) -> None:
    assert comparator.met(value, threshold) is met
    column = comparator.met_where(np.array([value, np.nan, value]), np.array([threshold] * 3))
    assert column.tolist() == [met, False, met]


def test_tolerance_is_1e_12() -> None:
    from courtinfo.indicators._targets import TOLERANCE

    assert TOLERANCE == 1e-12
    assert C.AT_LEAST.met(1.0 - 0.999e-12, 1.0)
    assert not C.AT_LEAST.met(1.0 - 1.001e-12, 1.0)


def test_target_met_and_gap() -> None:
    at_least = Target(Scope(whole_court=True), 0.45)
    assert at_least.met(0.5) is True
    assert at_least.met(0.4) is False
    assert at_least.gap(0.4) == pytest.approx(0.05)
    assert at_least.gap(0.5) == 0.0
    at_most = Target(Scope(whole_court=True), 30.0, C.AT_MOST)
    assert at_most.gap(35.0) == 5.0
    assert at_most.gap(20.0) == 0.0
    assert at_most.met(30.0) is True
    equal = Target(Scope(whole_court=True), 1.0, C.EQUAL)
    assert equal.gap(0.75) == 0.25
    assert equal.gap(1.25) == 0.25
    assert equal.met(0.75) is False
    later = Target(Scope(whole_court=True), status=TargetStatus.TO_BE_SET, set_by="信访局")
    assert later.met(0.5) is None
    assert later.gap(0.5) is None


def test_a_target_value_agrees_with_its_status() -> None:
    with pytest.raises(SchemeError, match="a target with status 'set' needs a value"):
        Target(Scope(whole_court=True))
    with pytest.raises(SchemeError, match="a target with status 'follows_parent' takes no value"):
        Target(Scope(whole_court=True), 0.5, status=TargetStatus.FOLLOWS_PARENT)


def test_scope_specificity_and_the_most_specific_target() -> None:
    whole = Scope(whole_court=True)
    assert whole.specificity(None, None, False) == 0
    assert whole.specificity("民一庭", K.CIVIL, True) is None
    named = Scope(departments=("民一庭",))
    assert named.specificity("民一庭", K.CIVIL, True) == 0
    assert named.specificity(None, None, False) is None
    kinds = Scope(kinds=(K.CIVIL,))
    assert kinds.specificity("民二庭", K.CIVIL, True) == 1
    assert kinds.specificity("刑庭", K.CRIMINAL, True) is None
    handling = Scope(case_handling=True, excluding=(K.CRIMINAL,))
    assert handling.specificity("民二庭", K.CIVIL, True) == 2
    assert handling.specificity("刑庭", K.CRIMINAL, True) is None
    assert handling.specificity("办公室", K.GENERAL_OFFICE, False) is None
    assert Scope(all_departments=True).specificity("办公室", K.GENERAL_OFFICE, False) == 2
    others = Scope(others=True, case_handling=True)
    assert others.specificity("民二庭", K.CIVIL, True) == 3
    assert others.specificity("办公室", K.GENERAL_OFFICE, False) is None
    assert Scope(others=True).specificity("办公室", K.GENERAL_OFFICE, False) == 3

    t_all = Target(handling, 0.5)
    t_civil = Target(kinds, 0.6)
    t_named = Target(named, 0.7)
    t_second = Target(Scope(kinds=(K.CIVIL,)), 0.9)
    targets = (t_all, t_civil, t_second, t_named)
    assert pick_target(targets, "民一庭", K.CIVIL, True) is t_named
    assert pick_target(targets, "民二庭", K.CIVIL, True) is t_civil  # the first on a tie
    assert pick_target(targets, "行政庭", K.ADMINISTRATIVE, True) is t_all
    assert pick_target(targets, None, None, False) is None


def test_scope_in_chinese_and_bad_kinds() -> None:
    assert Scope(whole_court=True).describe_zh() == "全院"
    assert Scope(case_handling=True, excluding=(K.CRIMINAL,)).describe_zh() == "各业务部门(除刑事庭)"
    assert Scope(others=True, case_handling=True).describe_zh() == "其他业务部门"
    assert Scope(others=True).describe_zh() == "其他部门"
    assert Scope(all_departments=True).describe_zh() == "各部门"
    assert Scope(kinds="civil").kinds == (K.CIVIL,)
    with pytest.raises(SchemeError, match="unknown department kind 'civl'; did you mean 'civil'"):
        Scope(kinds=("civl",))
    with pytest.raises(SchemeError, match="3 is not a list of department kinds"):
        Scope(kinds=3)


def test_the_tolerance_is_inclusive_at_its_edge() -> None:
    # At threshold 0 the edge is exact in floats: a value exactly TOLERANCE past it still meets.
    assert C.AT_LEAST.met(-1e-12, 0.0) is True
    assert C.AT_MOST.met(1e-12, 0.0) is True
    assert C.EQUAL.met(1e-12, 0.0) is True
    assert C.EQUAL.met(-1e-12, 0.0) is True
    assert C.AT_LEAST.met(-1.5e-12, 0.0) is False


def test_a_target_is_not_in_principle_unless_written() -> None:
    t = Target(Scope(whole_court=True), 0.45)
    assert t.in_principle is False
    assert t.comparator is C.AT_LEAST
    assert t.status is TargetStatus.SET
    assert (t.set_by, t.text_zh) == (None, "")
