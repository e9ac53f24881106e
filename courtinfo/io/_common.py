"""Checks every dataset reader makes: duplicate snapshots and inputs of mixed kinds."""

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
    COURT_LEVEL,
    KIND_NOUN,
    KIND_RULE,
    MetricSnapshot,
    SnapshotBatch,
    ValueKind,
    department_identity,
    kind_of,
    same_department,
)
from courtinfo.org import CourtTree
from courtinfo.periods import Period

#: How many courts outside the court tree a message lists.
MAX_LISTED = 10

#: Where a reader says a snapshot's value is: (snapshot position, field, input) to the path
#: of a problem (`$[3].values.q6_1`, `d.csv:5 column q6_1`). Field and input are '' for the
#: snapshot as a whole.
Place = Callable[[int, str, str], str]


def duplicate_problems(
    snapshots: Sequence[MetricSnapshot], path: Place, named: Place
) -> list[Problem]:
    """A problem at each snapshot sharing court, department and period with an earlier one;
    `path` places it, `named` names the earlier one in the message."""
    first: dict[tuple[str, tuple[str, ...], Period], int] = {}
    problems: list[Problem] = []
    for i, snap in enumerate(snapshots):
        # Two names of one department (民事审判第一庭, 民一庭) are one department.
        key = (snap.court, department_identity(snap.department or COURT_LEVEL), snap.period)
        j = first.setdefault(key, i)
        if j != i:
            text = f"duplicates {named(j, '', '')}: {describe(snap)}" + same_department(
                snap.department, snapshots[j].department
            )
            problems.append(Problem(path(i, "", ""), text))
    return problems


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
