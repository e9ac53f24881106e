"""Converters for formula parameters as court staff write them in scheme files."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

import attrs

from courtinfo.base import FormulaError, FormulaValidationError, Problem, argument, shown

T = TypeVar("T")


def one_of(*options: str) -> Callable[[Any, Any, object], None]:
    """An attrs validator refusing, with a FormulaError, any value not among `options`."""

    def check(instance: Any, attribute: Any, value: object) -> None:
        if value not in options:
            known = ", ".join(repr(o) for o in options)
            msg = (
                f"{type(instance).__name__}.{attribute.name} must be one of {known}, not {value!r}"
            )
            raise FormulaError(msg)

    return check


def refused(where: str, text: str, function: str) -> FormulaValidationError:
    """The error for parameter `where` of `function` (a formula class or a function): `text`
    says what is wrong with the value, the path names the parameter."""
    return FormulaValidationError([Problem(where, text)], function)


def parameter(convert: Callable[[Any], T]) -> Any:
    """`convert` (a function of one value that refuses it naming its argument `value`) as an
    attrs converter that names the formula class and the field instead: ``Ratio: numerator:
    3.25 is not a name or a list of names``. Run on construction only, never per row. The
    function keeps its name, by which the scheme reference reads what the field accepts.
    mypy's attrs plugin reads only plain functions as converters: a field using this one
    says `# type: ignore[misc]`, and its argument is typed Any (the function takes `object`)."""

    @functools.wraps(convert)
    def convert_field(value: object, instance: object, field: attrs.Attribute[Any]) -> T:
        try:
            return convert(value)
        except FormulaValidationError as exc:
            problems = [
                Problem(field.name + p.path.removeprefix("value"), p.message)
                if p.path.startswith("value")
                else p
                for p in exc.problems
            ]
            raise FormulaValidationError(problems, type(instance).__name__) from None

    return attrs.Converter(convert_field, takes_self=True, takes_field=True)


def of_kind(types: type | tuple[type, ...], what: str) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: the field holds an instance of `types` (never a yes/no where a
    number belongs), else a `FormulaValidationError` naming the class and the field."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in _tuple(types)):
            raise refused(attribute.name, f"{shown(value)} is not {what}", type(instance).__name__)

    return check


def finite(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a number in the field is finite (None passes)."""
    if isinstance(value, float) and not math.isfinite(value):
        # A NaN default would turn every part it replaces into not provided, with no error.
        text = f"{value!r} is not a finite number (NaN and infinities are refused)"
        raise refused(attribute.name, text, type(instance).__name__)


def _tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


#: What a field naming one input or indicator holds.
NAME = "an input or indicator name (a str such as 'q6_1')"


def a_name(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: the field names one input or indicator (a non-empty str)."""
    if not (isinstance(value, str) and value.strip()):
        raise refused(attribute.name, f"{shown(value)} is not {NAME}", type(instance).__name__)


def list_of(item: type) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: the field is a list (or tuple) of `item`, each named by its place."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        where = type(instance).__name__
        if not isinstance(value, (tuple, list)):
            raise refused(attribute.name, f"{shown(value)} is not a list of {item.__name__}", where)
        for i, part in enumerate(value):
            if not isinstance(part, item):
                text = f"{shown(part)} is not a {item.__name__}"
                raise refused(f"{attribute.name}[{i}]", text, where)

    return check


def threshold_number(value: object) -> float:
    """A threshold: a number, or a fraction written as text, as for `weight`."""
    return weight(value, "threshold")


def weight(value: object, what: str = "weight") -> float:
    """A weight or share: a number, or a fraction written as text (``"2/3"``, ``"75%"``).

    Anything else is a `FormulaValidationError` naming `what` (the function, by default) and
    its argument: ``weight: value: 'many' is not a number or a fraction such as '2/3' or
    '75%'``."""
    if isinstance(value, bool):
        raise refused("value", f"{value!r} is a yes/no, not a number", what)
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            # NaN would make every blended value NaN, read as not provided, with no error.
            raise refused("value", f"{value!r} is not a finite number", what)
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return float(Fraction(text[:-1].strip()) / 100)
            return float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            pass
    text = f"{shown(value)} is not a number or a fraction such as '2/3' or '75%'"
    raise refused("value", text, what)


def optional_weight(value: object) -> float | None:
    """`weight`, with None for 'no limit'."""
    return None if value is None else weight(value)


def names(value: object) -> tuple[str, ...]:
    """Input or indicator names: one name or a list of them (possibly empty)."""
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise refused("value", f"{shown(value)} is not a name or a list of names", "names")


def some_names(value: object) -> tuple[str, ...]:
    """`names`, at least one: a sum of no terms is no rule (it would silently be 0)."""
    found = names(value)
    if not found:
        text = "an empty list names nothing; give at least one input or indicator"
        raise refused("value", text, "some_names")
    return found


def name_of_term(term: str) -> str:
    """`term_name` without its argument check, for formulas reading their own terms."""
    return term[1:].strip() if term.startswith(("-", "+")) else term


def parts_of(name: str) -> tuple[str, str, str | None]:
    """`split_reference` without its argument check, for formulas reading their own names
    (every call of a snapshot's evaluation, where the check would cost more than the split)."""
    rest, at, shift = name.partition("@")
    base, _, letter = rest.partition(":")
    return base, letter, (shift if at else None)


@argument('term', str, "a term such as 'q6_1' or '-q6_2' (str)", FormulaError)
def term_name(term: str) -> str:
    """The name inside a signed term: ``-q20_3`` reads ``q20_3``."""
    return name_of_term(term)


@argument('terms', tuple, "a tuple of terms such as ('q6_1', '-q6_2')", FormulaError)
def split_terms(terms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names a ratio's terms add and those they subtract, in order:
    ``("a", "-b", "c")`` is ``(("a", "c"), ("b",))``."""
    plus = tuple(name_of_term(t) for t in terms if not t.startswith("-"))
    minus = tuple(name_of_term(t) for t in terms if t.startswith("-"))
    return plus, minus


@argument('name', str, "a reference such as 'q6_1' or 'filings@year_ago' (str)", FormulaError)
def split_reference(name: str) -> tuple[str, str, str | None]:
    """A formula's reference as (input or indicator, option letter or '', period shift or None):
    ``q1:C`` is ``("q1", "C", None)``, ``x@year_ago`` is ``("x", "", "year_ago")``,
    ``q1:C@previous`` is ``("q1", "C", "previous")``. The one reading of a reference."""
    return parts_of(name)
