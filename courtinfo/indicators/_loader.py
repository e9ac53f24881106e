"""Loading and checking scheme files (TOML or JSON) through the converter."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from courtinfo.base import (
    CourtinfoError,
    Problem,
    SchemeError,
    SchemeValidationError,
    ValidationError,
    argument,
    did_you_mean,
    path_argument,
    read_file,
    wrong_type,
)
from courtinfo.convert import structure, unstructure
from courtinfo.data import ValueKind
from courtinfo.formulas import SHIFTS, Change, split_reference
from courtinfo.indicators._checks import value_problems
from courtinfo.indicators._model import Aggregate, Indicator, Input, Scheme, Unit

_POINTS_TOLERANCE = 1e-9
#: A scheme file past this size is refused unread (the shipped ones are ~100 KB): a link to
#: /dev/zero given as a scheme must not fill memory.
MAX_SCHEME_BYTES = 64 << 20


def read_document(path: str | Path) -> Any:
    """The parsed contents of a TOML or JSON file; syntax errors name the file and line."""
    p = scheme_path(path, "read_document: path")
    data = read_file(p, MAX_SCHEME_BYTES, SchemeError, "far more than any scheme")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise SchemeError(msg) from None
    try:
        if p.suffix.lower() == ".toml":
            return tomllib.loads(text)
        return json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{p}: malformed TOML: {exc}"
        raise SchemeError(msg) from None
    except json.JSONDecodeError as exc:
        msg = f"{p}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise SchemeError(msg) from None
    except (ValueError, RecursionError) as exc:  # a number of 5000 digits, nesting too deep
        msg = f"{p}: unreadable {p.suffix.lstrip('.').upper() or 'JSON'}: {exc}"
        raise SchemeError(msg) from None


def scheme_path(path: object, argument: str) -> Path:
    """`path` as a Path, or a `SchemeError` naming `argument` when it is no str or path."""
    return path_argument(path, argument, SchemeError)


def load_scheme(path: str | Path) -> Scheme:
    """A scheme from a TOML or JSON file, checked; errors name the file and the path inside."""
    p = scheme_path(path, "load_scheme: path")
    return scheme_from_data(read_document(p), source=str(p))


def scheme_from_data(data: Mapping[str, Any], source: str | None = None) -> Scheme:
    """A scheme from plain data, checked like a file."""
    if not isinstance(data, Mapping):
        what = "list" if isinstance(data, list) else type(data).__name__
        msg = f"a scheme is a table/object, not a {what}"
        if source is None:  # called from Python: name the argument and the value
            msg = wrong_type("scheme_from_data: data", "a mapping (a scheme's table/object)", data)
        raise SchemeValidationError([Problem("", msg)], source)
    # Value checks read the plain data, so their problems come with every other one.
    problems = value_problems(data)
    try:
        scheme = structure(data, Scheme, source)
    except ValidationError as exc:
        raise SchemeValidationError(_merged(problems, exc.problems), source) from None
    except CourtinfoError as exc:
        raise SchemeValidationError(_merged(problems, [Problem("$", str(exc))]), source) from None
    problems = _merged(problems, check_scheme(scheme))
    if problems:
        raise SchemeValidationError(problems, source)
    return scheme


def _merged(first: list[Problem], more: Sequence[Problem]) -> list[Problem]:
    """Both lists, a problem found twice listed once."""
    return list(dict.fromkeys([*first, *more]))


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)", SchemeError)
def scheme_to_data(scheme: Scheme) -> dict[str, Any]:
    """A scheme as plain data that `scheme_from_data` reads back to an equal scheme."""
    data: dict[str, Any] = unstructure(scheme)
    return data


def _check_reference(
    name: str, inputs: Mapping[str, Any], indicators: Mapping[str, Indicator]
) -> str | None:
    base, letter, shift = split_reference(name)
    if shift is not None and shift not in SHIFTS:
        shifts = ", ".join(f"@{s}" for s in SHIFTS)
        return f"uses {name!r}: {'@' + shift!r} is not a period reference ({shifts})"
    if base in indicators:
        return f"option {name!r} of an indicator" if letter else None
    if base not in inputs:
        known = list(inputs) + list(indicators)
        return f"uses {base!r}, which is neither a declared input nor an indicator{did_you_mean(base, known)}"
    inp = inputs[base]
    if letter:
        if inp.kind is not ValueKind.CHOICE:
            return f"uses option {name!r} of {base!r}, which is not a multiple-choice input"
        if letter not in inp.letters:
            return f"uses option {letter!r}, which input {base!r} does not offer ({''.join(inp.letters)})"
    return None


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)", SchemeError)
def check_scheme(scheme: Scheme) -> list[Problem]:
    """Everything inconsistent in a scheme, each at its path inside the file."""
    problems: list[Problem] = []
    inputs = {}
    for i, inp in enumerate(scheme.inputs):
        if inp.id in inputs:
            problems.append(Problem(f"$.inputs[{i}].id", f"input {inp.id!r} is declared twice"))
        inputs[inp.id] = inp
    for i, inp in enumerate(scheme.inputs):
        problems += _input_problems(f"$.inputs[{i}]", inp)
        if inp.fallback is not None and inp.fallback not in inputs:
            problems.append(
                Problem(
                    f"$.inputs[{i}].fallback", f"fallback {inp.fallback!r} is not a declared input"
                )
            )
        if (inp.kind is ValueKind.CHOICE) != bool(inp.options):
            problems.append(
                Problem(
                    f"$.inputs[{i}].options", "multiple-choice inputs, and only they, list options"
                )
            )
    indicators: dict[str, Indicator] = {}
    categories = {c.code for c in scheme.categories}
    for i, ind in enumerate(scheme.indicators):
        at = f"$.indicators[{i}]"
        if ind.code in indicators:
            problems.append(Problem(f"{at}.code", f"indicator {ind.code!r} is listed twice"))
        if ind.code in inputs:
            problems.append(
                Problem(f"{at}.code", f"{ind.code!r} is both an input and an indicator")
            )
        indicators[ind.code] = ind
        if categories and ind.category not in categories:
            problems.append(
                Problem(
                    f"{at}.category",
                    f"unknown category {ind.category!r}{did_you_mean(ind.category, categories)}",
                )
            )
    for i, ind in enumerate(scheme.indicators):
        for name in ind.formula.references():
            problem = _check_reference(name, inputs, indicators)
            if problem:
                problems.append(Problem(f"$.indicators[{i}].formula", problem))
        problem = _points_problem(ind, indicators)
        if problem:
            problems.append(Problem(f"$.indicators[{i}].formula.measure", problem))
        elif problem := _change_unit_problem(ind, indicators):
            problems.append(Problem(f"$.indicators[{i}].unit", problem))
    try:
        scheme.reads()
    except SchemeValidationError as exc:
        problems += exc.problems
    problems += _check_points(scheme)
    return problems


#: Which aggregates each kind of input may declare.
_AGGREGATES_OF_KIND = {
    ValueKind.COUNT: {Aggregate.SUM, Aggregate.LAST, Aggregate.FIRST, Aggregate.MEAN, Aggregate.NONE},
    ValueKind.MEASURE: {Aggregate.SUM, Aggregate.LAST, Aggregate.FIRST, Aggregate.MEAN, Aggregate.NONE},
    ValueKind.YES_NO: {Aggregate.ALL, Aggregate.ANY, Aggregate.LAST, Aggregate.FIRST, Aggregate.NONE},
    ValueKind.CHOICE: {Aggregate.ALL, Aggregate.ANY, Aggregate.LAST, Aggregate.FIRST, Aggregate.NONE},
}

#: Words in a count's label that say it may be a stock (people on staff, cases pending,
#: rooms): such a count must declare its aggregate, so a stock is never summed over weeks
#: by default. A flow with such a word declares aggregate = "sum".
STOCK_WORDS = ("人数", "干警", "在编", "员额", "法庭数", "存案", "未结", "旧存", "期末", "年末", "月末", "现有", "用户数")


def _input_problems(at: str, inp: Input) -> list[Problem]:
    """What is wrong with one input's time aggregate and sign."""
    problems: list[Problem] = []
    if inp.aggregate is not None and inp.aggregate not in _AGGREGATES_OF_KIND[inp.kind]:
        allowed = ", ".join(sorted(a.value for a in _AGGREGATES_OF_KIND[inp.kind]))
        problems.append(
            Problem(
                f"{at}.aggregate",
                f"a {inp.kind} input cannot aggregate as {inp.aggregate.value!r}; it may be {allowed}",
            )
        )
    if inp.aggregate is None and inp.kind is ValueKind.COUNT:
        word = next((w for w in STOCK_WORDS if w in inp.label_zh), None)
        if word is not None:
            msg = (
                f"{inp.id!r} ({inp.label_zh}) reads as a stock ({word!r}): declare its "
                'aggregate: "last" for a stock at the end of the period, "first" at the start, '
                '"mean" for an average, or "sum" if it is a flow'
            )
            problems.append(Problem(f"{at}.aggregate", msg))
    if inp.signed and inp.kind not in (ValueKind.COUNT, ValueKind.MEASURE):
        problems.append(
            Problem(f"{at}.signed", f"only counts and measures can be signed, not a {inp.kind} input")
        )
    return problems


def _points_problem(ind: Indicator, indicators: Mapping[str, Indicator]) -> str | None:
    """Why a change in percentage points does not apply: it is a change of a rate."""
    f = ind.formula
    if not isinstance(f, Change) or f.measure != "points":
        return None
    of = indicators.get(f.of)
    if of is not None and of.unit is Unit.PERCENTAGE:
        return None
    what = f"indicator {f.of!r} is in {of.unit.value}" if of is not None else f"{f.of!r} is an input"
    return (
        f'measure "points" is the change of a rate in percentage points, but {what}; '
        'use "absolute" or "relative"'
    )


#: The units an absolute change of an input cannot be in: it is a number of the input's own.
_NOT_OF_AN_INPUT = (Unit.PERCENTAGE, Unit.PERCENTAGE_POINTS, Unit.POINTS, Unit.YES_NO)


def _change_unit_problem(ind: Indicator, indicators: Mapping[str, Indicator]) -> str | None:
    """Why a change's unit does not fit its measure: a growth rate shown as a count (0.20),
    a difference of counts as a percentage (−433 as −43300%), a growth rate as 个百分点."""
    f = ind.formula
    if not isinstance(f, Change):
        return None
    unit, of = ind.unit, indicators.get(f.of)
    if f.measure == "relative":
        want = Unit.PERCENTAGE
    elif f.measure == "points":
        want = Unit.PERCENTAGE_POINTS
    elif of is None:
        if unit not in _NOT_OF_AN_INPUT:
            return None
        return (
            f"the absolute change of input {f.of!r} is a number of its own unit, not "
            f"{unit.value!r}: use 'count' (or 'days', 'per_case', 'per_person')"
        )
    elif of.unit is Unit.PERCENTAGE:
        want = Unit.PERCENTAGE_POINTS  # a difference of two rates: 个百分点
    else:
        want = of.unit
    if unit is want:
        return None
    what = {"relative": "a relative change (增长率)", "points": "a change in percentage points"}
    head = what.get(f.measure, f"the absolute change of indicator {f.of!r}")
    return f"{head} is in {want.value!r}, not {unit.value!r}"


def _check_points(scheme: Scheme) -> list[Problem]:
    problems: list[Problem] = []
    if not scheme.scored:
        return problems
    total = 0.0
    for i, ind in enumerate(scheme.indicators):
        if ind.max_points is None and not ind.companion:
            problems.append(
                Problem(
                    f"$.indicators[{i}].max_points",
                    f"{ind.code!r} has no maximum points in a scored scheme",
                )
            )
        elif ind.max_points is not None and not ind.companion:
            total += ind.max_points
    for j, cat in enumerate(scheme.categories):
        if cat.max_points is None:
            continue
        got = sum(
            i.max_points or 0.0
            for i in scheme.indicators
            if i.category == cat.code and not i.companion
        )
        if not math.isclose(got, cat.max_points, abs_tol=_POINTS_TOLERANCE):
            problems.append(
                Problem(
                    f"$.categories[{j}].max_points",
                    f"category {cat.code!r} has maximum {cat.max_points:g} but its indicators add up to {got:g}",
                )
            )
    assert scheme.max_points is not None
    if not math.isclose(total, scheme.max_points, abs_tol=_POINTS_TOLERANCE):
        problems.append(
            Problem(
                "$.max_points",
                f"the scheme's maximum is {scheme.max_points:g} but its indicators add up to {total:g}",
            )
        )
    return problems
