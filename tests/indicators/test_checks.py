"""The value checks of a scheme document: each finds its impossible values, by path, and all
of them are listed together."""

from __future__ import annotations

from typing import Any

import pytest

from courtinfo.indicators._checks import (
    VALUE_CHECKS,
    blends,
    leading_group_size,
    max_points,
    non_finite,
    percentage_targets,
    period_kinds,
    target_scopes,
    unique_numbers,
    value_problems,
)


def ind(**fields: Any) -> dict[str, Any]:
    return {"code": "x", "unit": "percentage", **fields}


def blend(*weights: object, **more: Any) -> dict[str, Any]:
    comps = [{"ref": f"r{k}", "weight": w} for k, w in enumerate(weights)]
    return {"indicators": [ind(formula={"kind": "blend", "components": comps, **more})]}


CASES = [
    (non_finite, {"max_points": float("nan")}, ["$.max_points: nan is not a number a scheme can use (NaN and infinities are refused)"]),
    (non_finite, {"indicators": [ind(targets=[{"value": float("inf")}])]}, ["$.indicators[0].targets[0].value: inf is not a number a scheme can use (NaN and infinities are refused)"]),
    (percentage_targets, {"indicators": [ind(targets=[{"value": 90}])]}, ["$.indicators[0].targets[0].value: target 90 of a percentage indicator is outside [0, 1]: targets are fractions; did you mean 0.90?"]),
    (percentage_targets, {"indicators": [ind(targets=[{"value": 250}])]}, ["$.indicators[0].targets[0].value: target 250 of a percentage indicator is outside [0, 1]: targets are fractions"]),
    (percentage_targets, {"indicators": [ind(unit="per_case", targets=[{"value": 90}])]}, []),
    (max_points, {"max_points": 0, "categories": [{"max_points": -1}], "indicators": [ind(max_points=5)]}, ["$.max_points: max_points 0 must be a number above 0", "$.categories[0].max_points: max_points -1 must be a number above 0"]),
    (leading_group_size, {"leading_group_size": "3"}, ["$.leading_group_size: leading_group_size '3' must be a whole number of at least 1"]),
    (leading_group_size, {"leading_group_size": 1}, []),
    (period_kinds, {"period_kind": "weekly", "other_period_kinds": ["month", "yr"]}, ["$.period_kind: 'weekly' is not one of week, month, quarter, year, range; did you mean 'week'?", "$.other_period_kinds[1]: 'yr' is not one of week, month, quarter, year, range; did you mean 'year'?"]),
    (unique_numbers, {"indicators": [ind(code="a", number=1), ind(code="b", number=2), ind(code="c", number=1)]}, ["$.indicators[2].number: number 1 is also indicator $.indicators[0] ('a')"]),
    (blends, blend("1/2", "50%"), []),
    (blends, blend(0.5, 0.4), ["$.indicators[0].formula.components: the weights add up to 0.9, not 1; declare difference = true for a change (one weight 1, one -1)"]),
    (blends, blend(1, -1), ["$.indicators[0].formula.components[1].weight: weight -1 is negative; only a blend declared difference = true subtracts", "$.indicators[0].formula.components: the weights add up to 0, not 1; declare difference = true for a change (one weight 1, one -1)"]),
    (blends, blend(1, -1, difference=True), []),
    (blends, {"indicators": [ind(formula={"kind": "blend", "components": []})]}, ["$.indicators[0].formula.components: a blend needs at least one component"]),
    (target_scopes, {"indicators": [ind(targets=[{"value": 0.9, "scope": {"departments": ["审监廷"]}}])]}, ["$.indicators[0].targets[0].scope.departments[0]: unknown department '审监廷'; did you mean '审监庭'?"]),
    (target_scopes, {"indicators": [ind(targets=[{"value": 0.9, "scope": {}}])]}, ["$.indicators[0].targets[0].scope: the scope binds no department: give whole_court, departments, kinds, case_handling, all_departments or others"]),
]


@pytest.mark.parametrize(("check", "document", "expected"), CASES, ids=[f"{c.__name__}-{k}" for k, (c, _, _) in enumerate(CASES)])
def test_each_check_finds_its_problems(check, document, expected) -> None:  # type: ignore[no-untyped-def]
    assert [str(p) for p in check(document)] == expected


def test_value_problems_lists_every_check_s_problems_in_order() -> None:
    document = {"period_kind": "weekly", "max_points": 0, "leading_group_size": 0}
    assert [p.path for p in value_problems(document)] == [
        "$.period_kind",
        "$.max_points",
        "$.leading_group_size",
    ]
    assert VALUE_CHECKS[0] is non_finite and len(VALUE_CHECKS) == 8
