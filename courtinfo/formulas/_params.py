"""Converters for formula parameters as court staff write them in scheme files."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from courtinfo.base import FormulaError, argument


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


def threshold_number(value: object) -> float:
    """A threshold: a number, or a fraction written as text, as for `weight`."""
    return weight(value, "threshold")


def weight(value: object, what: str = "weight") -> float:
    """A weight or share: a number, or a fraction written as text (``"2/3"``, ``"75%"``)."""
    if isinstance(value, bool):
        msg = f"{what} {value!r} is a yes/no, not a number"
        raise FormulaError(msg)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return float(Fraction(text[:-1].strip()) / 100)
            return float(Fraction(text))
        except (ValueError, ZeroDivisionError):
            pass
    msg = f"{what} {value!r} is not a number or a fraction such as '2/3' or '75%'"
    raise FormulaError(msg)


def optional_weight(value: object) -> float | None:
    """`weight`, with None for 'no limit'."""
    return None if value is None else weight(value)


def names(value: object) -> tuple[str, ...]:
    """Input or indicator names: one name or a list of them (possibly empty)."""
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    msg = f"{value!r} is not a name or a list of names"
    raise FormulaError(msg)


def some_names(value: object) -> tuple[str, ...]:
    """`names`, at least one: a sum of no terms is no rule (it would silently be 0)."""
    found = names(value)
    if not found:
        msg = "an empty list names nothing; give at least one input or indicator"
        raise FormulaError(msg)
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


@argument('name', str, "a reference such as 'q6_1' or 'filings@year_ago' (str)", FormulaError)
def split_reference(name: str) -> tuple[str, str, str | None]:
    """A formula's reference as (input or indicator, option letter or '', period shift or None):
    ``q1:C`` is ``("q1", "C", None)``, ``x@year_ago`` is ``("x", "", "year_ago")``,
    ``q1:C@previous`` is ``("q1", "C", "previous")``. The one reading of a reference."""
    return parts_of(name)
