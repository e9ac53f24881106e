"""Checklists: yes answers over items, options of a multiple-choice question."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtinfo.data._values import choice_mask
from courtinfo.formulas import Checklist, Status
from courtinfo.org import CourtLevel

NAN = math.nan
OK, NA = Status.OK, Status.NOT_PROVIDED

BASIC = float(CourtLevel.BASIC.rank)  # 3
INTERMEDIATE = float(CourtLevel.INTERMEDIATE.rank)  # 2


def test_court_level_ranks() -> None:
    ranks = {level.value: level.rank for level in CourtLevel}
    assert ranks == {"supreme": 0, "high": 1, "intermediate": 2, "basic": 3, "tribunal": 4}


def test_statute_and_case_push_changqing_q37() -> None:
    # 法条及类案推送, Q37: ① 是 ② 否 ③ 否 → 1 / 3
    push = Checklist(items=["q37_1", "q37_2", "q37_3"])
    out = push.evaluate({"q37_1": True, "q37_2": False, "q37_3": False})
    assert out.value[0] == pytest.approx(1 / 3, abs=1e-15)
    assert out.status[0] == OK


def test_a_missing_answer_is_not_provided() -> None:
    push = Checklist(items=["q37_1", "q37_2", "q37_3"])
    out = push.evaluate({"q37_1": 1, "q37_2": NAN, "q37_3": 0})
    assert np.isnan(out.value[0])
    assert out.status[0] == NA


# 诉服大厅信息化服务覆盖度, Q1: option A (a guidance-centre platform) is asked of courts above
# the basic level; options C..K are the hall's functions.
HALL = Checklist(items=[f"q1:{c}" for c in "CDEFGHIJK"], items_above_basic=["q1:A"])


def test_service_hall_changqing_q1() -> None:
    # Changqing (basic) ticked B and all of C..K: 9 / 9 = 1.0; A does not count for it.
    ticked = choice_mask("BCDEFGHIJK")
    assert ticked == float(0b11111111110)
    out = HALL.evaluate({"q1": ticked}, court_level=np.array([BASIC]))
    assert out.value[0] == 1.0
    assert out.status[0] == OK


def test_options_above_basic_count_only_above_basic() -> None:
    # The same answers from an intermediate court: A not ticked, so 9 / 10 = 0.9;
    # with A ticked 10 / 10. A tribunal (rank 4) and a court of unknown level count as basic.
    answers = [
        choice_mask("BCDEFGHIJK"),
        choice_mask("ACDEFGHIJK"),
        choice_mask("CDE"),
        choice_mask("CDE"),
    ]
    levels = np.array([INTERMEDIATE, INTERMEDIATE, float(CourtLevel.TRIBUNAL.rank), NAN])
    out = HALL.evaluate({"q1": answers}, court_level=levels)
    # C, D, E of nine: 3 / 9 = 0.333333
    np.testing.assert_allclose(out.value, [0.9, 1.0, 1 / 3, 1 / 3], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(out.status, [OK, OK, OK, OK])


def test_an_above_basic_option_missing_matters_only_above_basic() -> None:
    partial = Checklist(items=["q2_1"], items_above_basic=["q2_2"])
    out = partial.evaluate(
        {"q2_1": [1, 1], "q2_2": [NAN, NAN]}, court_level=np.array([BASIC, INTERMEDIATE])
    )
    assert out.value[0] == 1.0
    np.testing.assert_array_equal(out.status, [OK, NA])


def test_references_list_every_item() -> None:
    assert HALL.references()[-1] == "q1:A"
    assert len(HALL.references()) == 10
    assert Checklist(items="q23_1").items == ("q23_1",)


def test_a_checklist_with_nothing_to_count_does_not_warn() -> None:
    upper_only = Checklist(items=[], items_above_basic=["q1:A"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = upper_only.evaluate({"q1": choice_mask("A")}, court_level=np.array([BASIC]))
    assert out.status[0] != OK


# --- batch and single agree ---------------------------------------------------------------

MASKS = st.one_of(st.just(NAN), st.integers(0, 2**11 - 1).map(float))
YES_NO = st.sampled_from([NAN, 0.0, 1.0])
LEVELS = st.sampled_from([NAN, 0.0, 1.0, 2.0, 3.0, 4.0])
FORMULAS = [
    HALL,
    Checklist(items=["q37_1", "q37_2", "q37_3"]),
    Checklist(items=["q37_1", "q1:C"], items_above_basic=["q37_2", "q1:A", "q1:B"]),
]


@given(
    rows=st.lists(st.tuples(MASKS, YES_NO, YES_NO, YES_NO, LEVELS), min_size=1, max_size=12),
    which=st.sampled_from(range(len(FORMULAS))),
)
@settings(deadline=None)
def test_batch_and_single_agree(rows: list[tuple[float, ...]], which: int) -> None:
    formula = FORMULAS[which]
    names = ("q1", "q37_1", "q37_2", "q37_3")
    cols = {k: np.array([r[i] for r in rows]) for i, k in enumerate(names)}
    levels = np.array([r[4] for r in rows])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = formula.evaluate(cols, court_level=levels)
        for i, row in enumerate(rows):
            values = dict(zip(names, row[:4], strict=True))
            one = formula.evaluate(values, court_level=np.array([row[4]]))
            np.testing.assert_array_equal(one.value, batch.value[i : i + 1])
            np.testing.assert_array_equal(one.status, batch.status[i : i + 1])
            if which == 1:  # no level needed: evaluate_one is the same path too
                single = formula.evaluate_one(values)
                assert (single is None and np.isnan(batch.value[i])) or single == batch.value[i]
    np.testing.assert_array_equal(np.isnan(batch.value), batch.status != OK)
    got = batch.value[~np.isnan(batch.value)]
    assert ((got >= 0.0) & (got <= 1.0)).all()
