"""Checks every dataset reader makes: inputs of mixed kinds, courts outside the tree
(duplicate snapshots: `courtinfo.data.duplicate_problems`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from courtinfo.base import (
    InputError,
    Problem,
    did_you_mean,
    shown,
    wrong_type,
)
from courtinfo.data import (
    KIND_NOUN,
    KIND_RULE,
    MetricSnapshot,
    Place,
    SnapshotBatch,
    ValueKind,
    describe_snapshot,
    kind_of,
)
from courtinfo.org import CourtTree

#: How many courts outside the court tree a message lists.
MAX_LISTED = 10

def courts_outside(
    data: Sequence[MetricSnapshot] | SnapshotBatch, tree: CourtTree, path: Callable[[int], str]
) -> list[Problem]:
    """A problem at the first row of each court the file's court tree does not hold, naming
    the close matches: rankings and roll-ups would otherwise leave the court out.
    `path` places a row (`$.snapshots[3].court`)."""
    known = tree.codes
    found: dict[str, int] = {}
    if isinstance(data, SnapshotBatch):
        for k, court in enumerate(data.courts):
            if court not in known:
                found[court] = int(np.flatnonzero(data.court_index == k)[0])
        found = dict(sorted(found.items(), key=lambda item: item[1]))
    else:
        for i, snap in enumerate(data):
            if snap.court not in known:
                found.setdefault(snap.court, i)
    problems = [
        Problem(path(i), f"court {court!r} is not in the court tree{did_you_mean(court, known)}")
        for court, i in list(found.items())[:MAX_LISTED]
    ]
    if len(found) > MAX_LISTED:
        text = f"{len(found) - MAX_LISTED} more courts are not in the court tree"
        problems.append(Problem("", text))
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
                        f"is {KIND_NOUN[was]}; {KIND_RULE} ({describe_snapshot(snap)})"
                    )
                    problems.append(Problem(path(i, field, name), msg))
    return problems


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
