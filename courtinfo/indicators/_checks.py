"""Value checks of a scheme document: impossible numbers, every one found in one pass.

Each check reads the plain data of a scheme file (before it is made into a `Scheme`), so its
problems are reported together with every other problem of the file, not after the first is
fixed. A new field with a value rule gets a function here, added to `VALUE_CHECKS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeGuard

from courtinfo.base import CourtinfoError, FormulaError, Problem, did_you_mean, shown
from courtinfo.formulas import weight
from courtinfo.org import DEPARTMENT_ALIASES, resolve_department_kind
from courtinfo.periods import PeriodKind

#: Units whose values are fractions of 1 (shown as percentages or shares of points).
FRACTION_UNITS = frozenset({"percentage", "percentage_points", "points", "yes_no"})

#: How far the weights of a blend may add up from 1 (float noise of 1/3 + 1/3 + 1/3).
_WEIGHT_TOLERANCE = 1e-9

Check = Callable[[Mapping[str, Any]], list[Problem]]


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _entries(data: Mapping[str, Any], key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(position, table) of each table in the list `data[key]` (others are left to typing)."""
    items = data.get(key)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                yield i, item


def _walk(value: object, path: str) -> Iterator[tuple[str, object]]:
    yield path, value
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def non_finite(data: Mapping[str, Any]) -> list[Problem]:
    """NaN and infinities, wherever a number is written."""
    return [
        Problem(path, f"{value!r} is not a number a scheme can use (NaN and infinities are refused)")
        for path, value in _walk(data, "$")
        if isinstance(value, float) and not math.isfinite(value)
    ]


def percentage_targets(data: Mapping[str, Any]) -> list[Problem]:
    """Targets of indicators kept as fractions (percentages, points) outside [0, 1]."""
    problems: list[Problem] = []
    for i, ind in _entries(data, "indicators"):
        unit = ind.get("unit")
        if unit not in ("percentage", "points"):
            continue
        for j, target in _entries(ind, "targets"):
            value = target.get("value")
            if not _is_number(value) or not math.isfinite(value) or 0 <= value <= 1:
                continue
            hint = f"; did you mean {value / 100:.2f}?" if 1 < value <= 100 else ""
            msg = f"target {value!r} of a {unit} indicator is outside [0, 1]: targets are fractions{hint}"
            problems.append(Problem(f"$.indicators[{i}].targets[{j}].value", msg))
    return problems


def _positive(value: object, path: str, field: str) -> list[Problem]:
    if value is None or (_is_number(value) and value > 0):
        return []
    if _is_number(value) and not math.isfinite(value):
        return []  # reported by non_finite
    return [Problem(path, f"{field} {shown(value)} must be a number above 0")]


def max_points(data: Mapping[str, Any]) -> list[Problem]:
    """`max_points` above 0 wherever given: the scheme, its categories and indicators."""
    problems = _positive(data.get("max_points"), "$.max_points", "max_points")
    for key in ("categories", "indicators"):
        for i, item in _entries(data, key):
            problems += _positive(item.get("max_points"), f"$.{key}[{i}].max_points", "max_points")
    return problems


def leading_group_size(data: Mapping[str, Any]) -> list[Problem]:
    """The leading group (第一方阵) has at least one court."""
    value = data.get("leading_group_size")
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return []
    msg = f"leading_group_size {shown(value)} must be a whole number of at least 1"
    return [Problem("$.leading_group_size", msg)]


def period_kinds(data: Mapping[str, Any]) -> list[Problem]:
    """`period_kind` and `other_period_kinds` come from the closed list of period kinds."""
    kinds = [k.value for k in PeriodKind]
    listed = ", ".join(kinds)
    found: list[tuple[str, object]] = []
    if "period_kind" in data:
        found.append(("$.period_kind", data["period_kind"]))
    others = data.get("other_period_kinds")
    if isinstance(others, list):
        found += [(f"$.other_period_kinds[{i}]", k) for i, k in enumerate(others)]
    problems: list[Problem] = []
    for path, kind in found:
        if kind not in kinds:
            hint = did_you_mean(kind, kinds) if isinstance(kind, str) else ""
            problems.append(Problem(path, f"{shown(kind)} is not one of {listed}{hint}"))
    return problems


def unique_numbers(data: Mapping[str, Any]) -> list[Problem]:
    """No two indicators share a number: reports and rankings find indicators by it."""
    problems: list[Problem] = []
    first: dict[object, tuple[int, object]] = {}
    for i, ind in _entries(data, "indicators"):
        number = ind.get("number")
        if number is None or isinstance(number, (list, dict)):
            continue
        if number in first:
            j, code = first[number]
            msg = f"number {number!r} is also indicator $.indicators[{j}] ({code!r})"
            problems.append(Problem(f"$.indicators[{i}].number", msg))
        else:
            first[number] = (i, ind.get("code"))
    return problems


def _weight(value: object) -> float | None:
    """A blend weight as the formula reads it (`weight`), None when it is no number (left to
    typing)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return weight(value)
    except FormulaError:
        return None


def _formulas(formula: object, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every formula table inside a formula (blend components, capability usage …)."""
    if not isinstance(formula, Mapping):
        return
    if "kind" in formula:
        yield path, formula
    for key, value in formula.items():
        if isinstance(value, Mapping):
            yield from _formulas(value, f"{path}.{key}")
        elif isinstance(value, list):
            for k, item in enumerate(value):
                yield from _formulas(item, f"{path}.{key}[{k}]")


def _unit_of_ref(ref: object, data: Mapping[str, Any]) -> str | None:
    """The unit a blend part named `ref` reads in: an indicator's unit, a fraction for a
    yes/no input, 'count' for a count; None when unknown."""
    for _, ind in _entries(data, "indicators"):
        if ind.get("code") == ref:
            unit = ind.get("unit")
            return unit if isinstance(unit, str) else None
    for _, inp in _entries(data, "inputs"):
        if inp.get("id") == ref:
            kind = inp.get("kind")
            # A measure may be a share (0-1) or hours: only counts are surely no fraction.
            return {"yes_no": "yes_no", "count": "count"}.get(kind) if isinstance(kind, str) else None
    return None


def blends(data: Mapping[str, Any]) -> list[Problem]:
    """A blend has components; finite weights, non-negative and adding up to 1 unless it is a
    difference; parts in the indicator's own kind of unit unless `mixed_units` says so."""
    problems: list[Problem] = []
    for i, ind in _entries(data, "indicators"):
        unit = ind.get("unit")
        for path, formula in _formulas(ind.get("formula"), f"$.indicators[{i}].formula"):
            if formula.get("kind") != "blend":
                continue
            components = formula.get("components")
            if not isinstance(components, list):
                continue  # left to typing
            if not components:
                problems.append(Problem(f"{path}.components", "a blend needs at least one component"))
                continue
            difference = formula.get("difference") is True
            weights: list[float] = []
            for k, comp in enumerate(components):
                if not isinstance(comp, Mapping):
                    continue
                at = f"{path}.components[{k}]"
                w = _weight(comp.get("weight"))
                if w is None or not math.isfinite(w):
                    continue  # typing or non_finite says why
                weights.append(w)
                if w < 0 and not difference:
                    msg = f"weight {comp.get('weight')!r} is negative; only a blend declared difference = true subtracts"
                    problems.append(Problem(f"{at}.weight", msg))
                ref = comp.get("ref")
                part_unit = _unit_of_ref(ref, data) if isinstance(ref, str) else None
                if (
                    isinstance(unit, str)
                    and part_unit is not None
                    and (part_unit in FRACTION_UNITS) != (unit in FRACTION_UNITS)
                    and formula.get("mixed_units") is not True
                ):
                    msg = (
                        f"blends {ref!r} ({part_unit}) into a {unit} indicator; declare "
                        "mixed_units = true if the document really adds them"
                    )
                    problems.append(Problem(f"{at}.ref", msg))
            if weights and len(weights) == len(components) and not difference:
                total = math.fsum(weights)
                if not math.isclose(total, 1.0, abs_tol=_WEIGHT_TOLERANCE):
                    msg = (
                        f"the weights add up to {total:g}, not 1; declare difference = true "
                        "for a change (one weight 1, one -1)"
                    )
                    problems.append(Problem(f"{path}.components", msg))
    return problems


_SCOPE_KEYS = ("whole_court", "departments", "kinds", "case_handling", "all_departments", "others")


def target_scopes(data: Mapping[str, Any]) -> list[Problem]:
    """A target scope binds someone, and every department it names is a known department."""
    problems: list[Problem] = []
    for i, ind in _entries(data, "indicators"):
        for j, target in _entries(ind, "targets"):
            scope = target.get("scope")
            at = f"$.indicators[{i}].targets[{j}].scope"
            if not isinstance(scope, Mapping):
                continue
            if not any(scope.get(k) for k in _SCOPE_KEYS):
                msg = (
                    "the scope binds no department: give whole_court, departments, kinds, "
                    "case_handling, all_departments or others"
                )
                problems.append(Problem(at, msg))
            names = scope.get("departments")
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list):
                continue
            for k, name in enumerate(names):
                if not isinstance(name, str):
                    continue
                try:
                    resolve_department_kind(name)
                except CourtinfoError:
                    msg = f"unknown department {name!r}{did_you_mean(name, DEPARTMENT_ALIASES)}"
                    problems.append(Problem(f"{at}.departments[{k}]", msg))
    return problems


#: Every value check, in the order their problems are listed.
VALUE_CHECKS: tuple[Check, ...] = (
    non_finite,
    period_kinds,
    max_points,
    leading_group_size,
    unique_numbers,
    percentage_targets,
    blends,
    target_scopes,
)


def value_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every problem every value check finds in a scheme document."""
    problems: list[Problem] = []
    for check in VALUE_CHECKS:
        problems += check(data)
    return problems
