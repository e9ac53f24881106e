"""Checks every dataset reader makes: duplicate snapshots and inputs of mixed kinds."""

from __future__ import annotations

from collections.abc import Sequence

from courtinfo.base import (
    InputError,
    shown,
    wrong_type,
)
from courtinfo.data import (
    MetricSnapshot,
    ValueKind,
    kind_of,
)
from courtinfo.periods import Period


def duplicates(snapshots: Sequence[MetricSnapshot]) -> list[tuple[int, int]]:
    """(later, first) positions of snapshots sharing court, department and period."""
    first: dict[tuple[str, str | None, Period], int] = {}
    pairs: list[tuple[int, int]] = []
    for i, snap in enumerate(snapshots):
        j = first.setdefault(snap.key, i)
        if j != i:
            pairs.append((i, j))
    return pairs


KIND_TEXT = {
    ValueKind.COUNT: "a count",
    ValueKind.MEASURE: "a measure",
    ValueKind.YES_NO: "a yes/no answer",
    ValueKind.CHOICE: "a set of options",
}
RULE = "; an input takes one kind of value in every snapshot (counts and measures may mix)"


def mixed_kinds(
    snapshots: Sequence[MetricSnapshot],
) -> list[tuple[int, str, str, str, int, str, str]]:
    """Values whose kind does not mix with the first value given for the same input.

    Each is (snapshot, field, input, 'VALUE is KIND', first snapshot, its field, its kind).
    """
    first: dict[str, tuple[ValueKind, int, str]] = {}
    found: list[tuple[int, str, str, str, int, str, str]] = []
    numbers = {ValueKind.COUNT, ValueKind.MEASURE}
    for i, snap in enumerate(snapshots):
        for field, mapping in (("values", snap.values), ("platform_values", snap.platform_values)):
            for name, value in mapping.items():
                kind = kind_of(value)
                was, j, first_field = first.setdefault(name, (kind, i, field))
                if was is not kind and not {was, kind} <= numbers:
                    text = f"{shown(value)} is {KIND_TEXT[kind]}"
                    found.append((i, field, name, text, j, first_field, KIND_TEXT[was]))
    return found


def describe(snap: MetricSnapshot) -> str:
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
