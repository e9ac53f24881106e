"""Typed snapshot values and the two kinds of missing (NA and NAP)."""

from __future__ import annotations

import decimal
import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError

#: A value one court reports for one input: a count, a measure, a yes/no answer or
#: the set of option letters ticked on a multiple-choice question.
Value = bool | int | float | frozenset[str]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Counts are kept in float64 columns, exact up to here. Measures are held to the same
#: bound: no court reports 9e15 online hours, and sums of such figures would overflow.
MAX_COUNT = 2**53

YES_WORDS = {"是": True, "否": False, "yes": True, "no": False, "true": True, "false": False}


class ValueKind(enum.StrEnum):
    """What sort of answer an input takes."""

    COUNT = "count"
    MEASURE = "measure"
    YES_NO = "yes_no"
    CHOICE = "choice"


class Missing(enum.StrEnum):
    """Why there is no value, coded as CEPEJ codes it."""

    NA = "NA"
    """Not provided: an input is missing."""
    NAP = "NAP"
    """Not applicable: the rule has no answer (zero denominator, no capability)."""
    INVALID = "INVALID"
    """Invalid input: the row's inputs break the rule, and were flagged (`invalid="flag"`)."""


def exact_float(text: str) -> float:
    """The float64 a decimal number's text stands for; an `InputError` when the text is a
    whole number float64 cannot hold exactly (9007199254740993.0 would become ...992.0) or is
    not exactly whole though float64 rounds it to one (4.0000000000000001 would become 4.0).

    Readers that see a number's text (JSON, CSV) call this, so that a count is never
    silently changed by rounding.
    """
    value = float(text)
    if value.is_integer() and abs(value) <= MAX_COUNT and decimal.Decimal(text) != int(value):
        msg = (
            f"{text} is not exactly the number float64 holds ({value!r}); a count is a "
            "whole number written without a decimal point, a measure needs fewer digits"
        )
        raise InputError(msg)
    return value


def kind_of(value: Value) -> ValueKind:
    """The kind a Python value stands for (bool before int: bool is an int subclass)."""
    if isinstance(value, bool):
        return ValueKind.YES_NO
    if isinstance(value, int):
        return ValueKind.COUNT
    if isinstance(value, float):
        return ValueKind.MEASURE
    return ValueKind.CHOICE


def is_option_letter(text: object) -> bool:
    """True for one ASCII capital letter A–Z, the way the forms label options."""
    return isinstance(text, str) and len(text) == 1 and "A" <= text <= "Z"


def normalize_value(value: object) -> object:
    """Turn the loose forms vendors send (是/否, lists of letters) into a `Value`."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str) and value.strip().lower() in YES_WORDS:
        return YES_WORDS[value.strip().lower()]
    if isinstance(value, (list, tuple, set, frozenset)):
        try:
            return frozenset(value)
        except TypeError:  # an unhashable element, such as a list: `value_problem` says why
            return value
    return value


def value_problem(value: object, signed: bool = False) -> str | None:
    """Why `value` is not a valid snapshot value, or None when it is; `signed` allows a
    number below 0 (an input its scheme declares signed: a change, a balance)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return "NaN is not a value; leave the input out to mark it not provided"
        # The value as a column would hold it (a Python int past int64 compared as a float).
        exact = isinstance(value, int) and -(2**63) < value < 2**63
        cell = np.array([value], dtype=np.int64 if exact else np.float64)
        for rule, bad in cell_rules(cell, kind_of(value), signed=signed):
            if bad[0]:
                return f"{value} {rule}"
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        bad_letters = sorted(repr(x) for x in value if not is_option_letter(x))
        if bad_letters:
            return f"options {', '.join(bad_letters)} are not option letters A-Z"
        return None
    if isinstance(value, str):
        return f"{value!r} is not a number, a yes/no answer (是/否) or a list of options"
    return f"{value!r} of type {type(value).__name__} is not a snapshot value"


_PLURAL = {ValueKind.COUNT: "counts", ValueKind.MEASURE: "measures"}


def cell_rules(
    col: npt.NDArray[Any], kind: ValueKind, offered: Iterable[str] = (), signed: bool = False
) -> list[tuple[str, BoolArray]]:
    """The rules a value column of `kind` keeps, each as what a cell breaking it is and the
    cells that break it (NaN, not provided, breaks none). `offered` are the option letters
    of a multiple-choice input; a `signed` column may go below 0 (as far below as above).
    The one definition of a good cell: single values, batches and a scheme's inputs are all
    checked by it.
    """
    rules: list[tuple[str, BoolArray]] = []
    floats = col.dtype.kind == "f"
    if floats:
        rules.append(("is infinite", np.isinf(col)))
    with np.errstate(invalid="ignore"):
        if signed:
            size = np.abs(col)
        else:
            size = col
            rules.append((f"is negative; {_PLURAL.get(kind, 'values')} cannot be below 0", col < 0))
        if kind is ValueKind.YES_NO:
            rules.append(
                ("is not a yes/no answer (0 or 1)", (col != 0) & (col != 1) & ~np.isnan(col))
            )
        elif kind in (ValueKind.COUNT, ValueKind.CHOICE) and floats:
            rules.append(("is not a whole number", (col != np.floor(col)) & np.isfinite(col)))
        largest = f"exceeds the largest supported {'count' if kind is ValueKind.COUNT else 'value'} 2**53"
        if floats:
            rules.append((largest, (size > MAX_COUNT) & ~np.isinf(col)))
        elif kind is ValueKind.COUNT:
            rules.append((largest, size > MAX_COUNT))
        letters = "".join(offered)
        if kind is ValueKind.CHOICE and letters:
            bits = np.where(np.isnan(col), 0, col).astype(np.int64)
            outside = (bits & ~int(choice_mask(letters))) != 0
            rules.append((f"ticks an option not offered (offered: {letters})", outside))
    return rules


def breaks_no_rule(
    col: npt.NDArray[Any], kind: ValueKind, offered: Iterable[str] = (), signed: bool = False
) -> bool:
    """Whether a float column surely keeps every rule of `cell_rules`, told from its least
    and largest values and its fractions in three passes (the rules take a pass or two
    each); False means only that the rules must be asked."""
    if col.dtype.kind != "f" or (kind is ValueKind.CHOICE and any(True for _ in offered)):
        return False
    if not len(col):
        return True
    lo, hi = float(np.fmin.reduce(col)), float(np.fmax.reduce(col))
    if lo != lo:  # every cell NaN: not provided breaks no rule
        return True
    if not signed and lo < 0:
        return False
    if not max(-lo, hi) <= MAX_COUNT:  # infinite, or past 2**53
        return False
    if kind is ValueKind.YES_NO and not (lo >= 0 and hi <= 1):
        return False
    if kind is ValueKind.MEASURE:
        return True
    fraction = np.floor(col)
    np.subtract(col, fraction, out=fraction)
    return float(np.fmax.reduce(fraction)) == 0


def option_bit(letter: str) -> int:
    """The bit that keeps option `letter` in a choice answer's mask: A is bit 0, C bit 2,
    whichever letters the question offers."""
    return ord(letter) - ord("A")


def choice_mask(options: Iterable[str]) -> float:
    """The bit mask (`option_bit`: A = bit 0) by which a choice answer is kept in a float column."""
    mask = 0
    for letter in options:
        mask |= 1 << option_bit(letter)
    return float(mask)


def mask_options(mask: float) -> frozenset[str]:
    """The option letters of a bit mask made by `choice_mask`."""
    bits = int(mask)
    return frozenset(
        letter for letter in map(chr, range(ord("A"), ord("Z") + 1)) if bits >> option_bit(letter) & 1
    )


def to_float(value: Value) -> float:
    """How a value is stored in a float64 column."""
    if isinstance(value, frozenset):
        return choice_mask(value)
    return float(value)


def from_float(x: float, kind: ValueKind) -> Value:
    """The value a column cell stands for, by the column's kind."""
    if kind is ValueKind.COUNT:
        return int(x)
    if kind is ValueKind.MEASURE:
        return float(x)
    if kind is ValueKind.YES_NO:
        return bool(x)
    return mask_options(x)


#: How messages call a value of each kind ('True is a yes/no answer').
KIND_NOUN = {
    ValueKind.COUNT: "a count",
    ValueKind.MEASURE: "a number",
    ValueKind.YES_NO: "a yes/no answer",
    ValueKind.CHOICE: "a set of options",
}

#: The rule that values of one input share a kind, as messages state it.
KIND_RULE = "an input takes one kind of value in every snapshot (counts and measures may mix)"


def unify_kinds(kinds: Mapping[str, set[ValueKind]]) -> dict[str, ValueKind]:
    """One kind per column: counts and measures mixed make a measure column."""
    out: dict[str, ValueKind] = {}
    for name, seen in kinds.items():
        if seen <= {ValueKind.COUNT, ValueKind.MEASURE} and ValueKind.MEASURE in seen:
            out[name] = ValueKind.MEASURE
        elif len(seen) == 1:
            out[name] = next(iter(seen))
        else:
            msg = f"input {name!r} mixes value kinds: {', '.join(sorted(seen))}; {KIND_RULE}"
            raise InputError(msg)
    return out
