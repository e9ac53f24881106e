"""A formula applying only where its category exists: CEPEJ's NAP for a category a State lacks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from courtinfo.base import ValidationError
from courtinfo.convert import structure, unstructure
from courtinfo.formulas import Applicable, Formula, Ratio, Status

NAN = math.nan
# Administrative clearance rate (CEPEJ): resolved / incoming, above 100% allowed.
ADMIN_CR = Applicable(exists="admin_exists", formula=Ratio("admin_resolved", "admin_incoming", over="allow"))


def test_a_declared_absent_category_is_not_applicable_for_that_reason() -> None:
    # Rows: exists (5045 / 4664 = 1.0817); absent though counts were sent; unanswered (taken
    # to exist); exists but nothing came in (zero denominator); exists, counts not provided.
    out = ADMIN_CR.evaluate(
        {
            "admin_exists": [1, 0, NAN, 1, 1],
            "admin_resolved": [5045, 5045, 5045, 0, NAN],
            "admin_incoming": [4664, 4664, 4664, 0, 4664],
        }
    )
    assert out.value[0] == out.value[2] == 5045 / 4664
    assert np.isnan(out.value[[1, 3, 4]]).all()
    assert out.status.tolist() == [Status.OK, Status.CATEGORY_ABSENT, Status.OK, Status.ZERO_DENOMINATOR, Status.NOT_PROVIDED]
    # Both not applicable as CEPEJ codes them, for different reasons.
    assert Status.CATEGORY_ABSENT.missing_code == Status.ZERO_DENOMINATOR.missing_code == "NAP"


def test_an_absent_category_outranks_missing_counts() -> None:
    # A State without the category sends no counts: NAP (category absent), not NA.
    out = ADMIN_CR.evaluate({"admin_exists": [0], "admin_resolved": [NAN], "admin_incoming": [NAN]})
    assert out.status.tolist() == [Status.CATEGORY_ABSENT]


def test_counts_of_an_absent_category_break_no_rule() -> None:
    # A ratio that forbids its numerator above its denominator: broken where the category
    # exists (7 of 5), not where it is declared absent.
    strict = Applicable(exists="e", formula=Ratio("n", "d"))
    out = strict.evaluate({"e": [1, 0], "n": [7, 7], "d": [5, 5]})
    assert out.violations is not None
    assert out.violations.tolist() == [True, False]
    assert out.violation == "(n) must not exceed (d)"


def test_it_reads_the_question_and_the_inner_terms() -> None:
    assert ADMIN_CR.references() == ("admin_exists", "admin_resolved", "admin_incoming")


def test_written_in_a_scheme_file_and_back() -> None:
    data = {
        "kind": "applicable",
        "exists": "admin_exists",
        "formula": {"kind": "ratio", "numerator": ["admin_resolved"], "denominator": ["admin_incoming"], "over": "allow"},
    }
    assert structure(data, Formula) == ADMIN_CR
    assert unstructure(ADMIN_CR) == data


def test_the_inner_formula_is_required() -> None:
    with pytest.raises(ValidationError, match=r"\$\.formula: required field missing"):
        structure({"kind": "applicable", "exists": "admin_exists"}, Formula)
