"""One spelling of every label: court codes, department names and input names.

Every reader (JSON, CSV, DataFrames, spreadsheets, databases) and every constructor normalises
labels here, so that ``"立案庭 "`` in one file and ``"立案庭"`` in another are one department.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from courtinfo.base import CourtinfoError, InputError, Problem, ValidationError, one_spelling, shown
from courtinfo.org import DepartmentKind, resolve_department_kind

#: What a label names; a department may be blank (the court-level row), the others may not.
LabelKind = Literal["court", "department", "input"]

_NOUN = {"court": "a court code", "department": "a department", "input": "an input id"}

#: Kinds of which a court has one department however it is written (刑事审判庭, 刑事庭, 刑庭):
#: their names are one department. Others may be distinct bodies of one court and keep their
#: own names: 立案庭 and 诉讼服务中心, 政治部 and 人事处, 执行局 and 执行庭, the tribunals.
_ONE_PER_COURT = frozenset(
    {
        DepartmentKind.TRIAL_MANAGEMENT,
        DepartmentKind.TRIAL_SUPERVISION,
        DepartmentKind.ENFORCEMENT_ADJUDICATION,
        DepartmentKind.CRIMINAL,
        DepartmentKind.CIVIL,
        DepartmentKind.COMMERCIAL,
        DepartmentKind.ADMINISTRATIVE,
        DepartmentKind.ENVIRONMENT,
        DepartmentKind.BANKRUPTCY,
        DepartmentKind.LABOUR,
        DepartmentKind.FAMILY,
        DepartmentKind.JUVENILE,
        DepartmentKind.COMPENSATION,
        DepartmentKind.PUBLICITY,
        DepartmentKind.RESEARCH,
    }
)

_KIND_VALUES = frozenset(k.value for k in DepartmentKind)


@functools.lru_cache(maxsize=4096)
def department_identity(label: str) -> tuple[str, ...]:
    """What a department label stands for, so that two names of one department compare equal.

    民事审判第一庭 and 民一庭 are both ``("civil", "1")``; 刑事审判庭, 刑事庭 and 刑庭 are
    ``("criminal",)``. A label of no known kind, a code such as 'civil-1' (a departments list
    names it) and a name of a kind a court may have several bodies of (立案庭 and 诉讼服务中心,
    the tribunals) stand for themselves, ``(label, "")``; the court level '' is ``("", "")``.
    Duplicates are found by identity in every reader and constructor.
    """
    if not label or label.partition("-")[0] in _KIND_VALUES:
        return (label, "")
    try:
        kind, number = resolve_department_kind(label)
    except CourtinfoError:
        return (label, "")
    if number is not None:
        return (kind.value, str(number))
    return (kind.value,) if kind in _ONE_PER_COURT else (label, "")


#: Control characters (Unicode category Cc): NUL, tab, line breaks, DEL, C1 controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

#: How many bad rows a column's error lists before it only counts the rest.
_MAX_LISTED = 10


def _noun(what: str) -> str:
    if what not in _NOUN:
        msg = f"normalize_label: what must be one of {', '.join(map(repr, _NOUN))}, not {what!r}"
        raise InputError(msg)
    return _NOUN[what]


def label_problem(value: object, what: str, *, empty: bool = False) -> str | None:
    """Why `value` is not a label (`what`: 'a court code', 'a department'), or None.

    A label is a str without control characters, not empty unless `empty` allows it. This
    checks a label as it is; `normalize_label` is what readers call.
    """
    if not isinstance(value, str):
        return (
            f"{shown(value)} of type {type(value).__name__} is not {what}; expected a non-empty str"
        )
    if not value and not empty:
        return f"'' is not {what}"
    bad = _CONTROL.search(value)
    if bad:
        return (
            f"{shown(value)} contains the control character U+{ord(bad.group()):04X}; "
            f"{what} is plain text"
        )
    return None


def _invisible(text: str) -> tuple[int, str] | None:
    """(position from 1, character) of the first invisible format character (category Cf)."""
    if text.isprintable() and text.isascii():
        return None
    for i, ch in enumerate(text, start=1):
        if unicodedata.category(ch) == "Cf":
            return i, ch
    return None


def normalize_label(text: object, what: LabelKind) -> str:
    """The one spelling of a label: Unicode NFKC, white space (ASCII, ideographic U+3000 …)
    removed from both ends.

    `what` is ``"court"``, ``"department"`` or ``"input"``. Refused with an `InputError`: a
    label that is not a str, one holding a control character (tab, NUL …) or an invisible
    format character (category Cf: zero-width space U+200B, U+FEFF …; its position is named),
    and a blank one, except a department: ``""`` there is the court-level row.
    """
    noun = _noun(what)
    if not isinstance(text, str):
        msg = (
            f"{shown(text)} of type {type(text).__name__} is not {noun}; "
            "expected a non-empty str"
        )
        raise InputError(msg)
    label = one_spelling(text)
    if not label:
        if what == "department":
            return ""
        msg = f"'' is not {noun}" if not text else f"{shown(text)} is blank; {noun} cannot be empty"
        raise InputError(msg)
    found = _invisible(text)
    if found is not None:
        position, ch = found
        name = unicodedata.name(ch, "a format character")
        msg = (
            f"{shown(text)} holds the invisible character U+{ord(ch):04X} ({name}) at position "
            f"{position}; {noun} is plain text: delete it and type the label again"
        )
        raise InputError(msg)
    problem = label_problem(label, noun)
    if problem:
        raise InputError(problem)
    return label


def normalize_labels(
    values: Sequence[object] | npt.NDArray[Any], what: LabelKind, *, field: str | None = None
) -> npt.NDArray[np.object_]:
    """`normalize_label` of every label in a column, as an object array (a department's None
    becomes ``""``, the court level).

    Each distinct label is normalised once. A `ValidationError` lists the bad rows (up to ten,
    then a count) at ``FIELD[ROW]`` (`field` defaults to `what`).
    """
    _noun(what)
    field = field or what
    items: list[object] = values.tolist() if isinstance(values, np.ndarray) else list(values)
    try:
        distinct = set(items)
    except TypeError:  # an unhashable label (a list): found row by row below
        distinct = None
    fixed: dict[object, str] = {}
    bad: dict[object, str] = {}
    if distinct is not None:
        for label in distinct:
            if label is None and what == "department":
                fixed[label] = ""
                continue
            try:
                fixed[label] = normalize_label(label, what)
            except InputError as exc:
                bad[label] = str(exc)
    if distinct is None or bad:
        problems: list[Problem] = []
        count = 0
        for i, label in enumerate(items):
            problem = _row_problem(label, what, None if distinct is None else bad)
            if problem is not None:
                count += 1
                if count <= _MAX_LISTED:
                    problems.append(Problem(f"{field}[{i}]", problem))
        if count > _MAX_LISTED:
            problems.append(Problem(field, f"{count - _MAX_LISTED} more rows are not {_NOUN[what]}"))
        raise ValidationError(problems)
    out = np.empty(len(items), dtype=np.object_)
    if all(fixed[k] is k for k in fixed):
        out[:] = items
    else:
        out[:] = [fixed[label] for label in items]
    return out


def _row_problem(label: object, what: LabelKind, bad: dict[object, str] | None) -> str | None:
    """Why one row's label is refused, or None (`bad`: the messages of the bad distinct labels,
    None when they could not be told apart)."""
    if label is None and what == "department":
        return None
    if bad is not None:
        try:
            return bad.get(label)
        except TypeError:  # unhashable: not a str, so refused below
            pass
    try:
        normalize_label(label, what)
    except InputError as exc:
        return str(exc)
    return None


def spelled_once(field: str, pairs: Iterable[tuple[object, Any]]) -> tuple[dict[str, Any], list[Problem]]:
    """(name, anything) pairs keyed by the one spelling of each input name
    (`normalize_label`), and the problems at `field[NAME]`: a name that is not text or does
    not normalise, or two spellings of one name."""
    out: dict[str, Any] = {}
    given: dict[str, object] = {}
    problems: list[Problem] = []
    for name, item in pairs:
        if not isinstance(name, str):
            msg = f"input name {name!r} of type {type(name).__name__} is not text"
            problems.append(Problem(f"{field}[{name!r}]", msg))
            continue
        try:
            label = normalize_label(name, "input")
        except InputError as exc:
            problems.append(Problem(f"{field}[{name!r}]", str(exc)))
            continue
        if label in given:
            msg = f"input name {name!r} is {given[label]!r} written another way; give it once"
            problems.append(Problem(f"{field}[{name!r}]", msg))
            continue
        given[label] = name
        out[label] = item
    return out, problems
