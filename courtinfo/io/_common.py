"""Checks every dataset reader makes: duplicate snapshots and inputs of mixed kinds."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from courtinfo.base import (
    InputError,
    Problem,
    shown,
    wrong_type,
)
from courtinfo.data import (
    KIND_NOUN,
    KIND_RULE,
    MetricSnapshot,
    ValueKind,
    kind_of,
)
from courtinfo.periods import Period

#: Where a reader says a snapshot's value is: (snapshot position, field, input) to the path
#: of a problem (`$[3].values.q6_1`, `d.csv:5 column q6_1`). Field and input are '' for the
#: snapshot as a whole.
Place = Callable[[int, str, str], str]


def duplicate_problems(
    snapshots: Sequence[MetricSnapshot], path: Place, named: Place
) -> list[Problem]:
    """A problem at each snapshot sharing court, department and period with an earlier one;
    `path` places it, `named` names the earlier one in the message."""
    first: dict[tuple[str, str | None, Period], int] = {}
    problems: list[Problem] = []
    for i, snap in enumerate(snapshots):
        j = first.setdefault(snap.key, i)
        if j != i:
            problems.append(Problem(path(i, "", ""), f"duplicates {named(j, '', '')}: {describe(snap)}"))
    return problems


def mixed_kind_problems(
    snapshots: Sequence[MetricSnapshot], path: Place, named: Place
) -> list[Problem]:
    """A problem at each value whose kind does not mix with the first value given for the
    same input; `path` places it, `named` names the first value in the message."""
    first: dict[str, tuple[ValueKind, int, str]] = {}
    problems: list[Problem] = []
    numbers = {ValueKind.COUNT, ValueKind.MEASURE}
    for i, snap in enumerate(snapshots):
        for field, mapping in (("values", snap.values), ("platform_values", snap.platform_values)):
            for name, value in mapping.items():
                kind = kind_of(value)
                was, j, first_field = first.setdefault(name, (kind, i, field))
                if was is not kind and not {was, kind} <= numbers:
                    msg = (
                        f"{shown(value)} is {KIND_NOUN[kind]}, but {named(j, first_field, name)} "
                        f"is {KIND_NOUN[was]}; {KIND_RULE} ({describe(snap)})"
                    )
                    problems.append(Problem(path(i, field, name), msg))
    return problems


def describe(snap: MetricSnapshot) -> str:
    """Court, department and period of a snapshot, for messages."""
    return f"court {snap.court!r}, department {snap.department!r}, period {snap.period}"


def text_argument(text: object, function: str) -> str:
    """`text` when it is a str; an `InputError` naming the argument otherwise."""
    if isinstance(text, str):
        return text
    hint = (
        " (decode the bytes as UTF-8 first, or read the file with load_dataset)"
        if isinstance(text, (bytes, bytearray))
        else ""
    )
    raise InputError(wrong_type(f"{function}: text", "a str", text) + hint)
