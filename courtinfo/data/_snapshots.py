"""The values one court, or one department of it, reports for one period."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import attrs

from courtinfo.base import InputError, Problem, ReadOnlyDict, ValidationError, shown
from courtinfo.data._labels import LabelKind, label_problem, normalize_label, spelled_once
from courtinfo.data._values import Value, normalize_value, value_problem
from courtinfo.periods import Period

V = TypeVar("V")
T = TypeVar("T")


class SnapshotValues(ReadOnlyDict[Value]):
    """A snapshot's values: a dict that refuses changes, so a snapshot stays as validated."""

    __slots__ = ()
    _WHAT = "snapshot values"
    _INSTEAD = "make a new snapshot with attrs.evolve"


class SnapshotTexts(ReadOnlyDict[str]):
    """A snapshot's free-text answers (Q32② the website address): read-only like its values."""

    __slots__ = ()
    _WHAT = "snapshot texts"
    _INSTEAD = "make a new snapshot with attrs.evolve"


def _court(value: object) -> object:
    """The court code in its one spelling; a label that is refused stays as given, for
    `MetricSnapshot.problems` to report at its field."""
    try:
        return normalize_label(value, "court")
    except InputError:
        return value


def _department(value: object) -> object:
    """The department in its one spelling, None for the court level (blank or None)."""
    if value is None:
        return None
    try:
        return normalize_label(value, "department") or None
    except InputError:
        return value


def _label_problem(value: object, what: LabelKind) -> str | None:
    try:
        normalize_label(value, what)
    except InputError as exc:
        return str(exc)
    return None


def _table_of(
    field: str,
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
    table: str,
    normalize: Callable[[object], object],
    make: Callable[[dict[str, object]], T],
) -> T:
    """`make` of the dict from input name to (normalized) cell; a ValidationError at `field`
    when `raw` is no table (`table` says what one is) or an input name is not text."""
    items: list[object] | None = None
    if isinstance(raw, Mapping):
        try:
            joined = "".join(raw)  # the quick check that every input name is text (TypeError if not)
        except TypeError:
            items = list(raw.items())
        else:
            if not raw or (joined.isascii() and joined.isidentifier() and "" not in raw):
                # The usual names (q6_1): already in their one spelling.
                return make({str(k): normalize(v) for k, v in raw.items()})
            items = list(raw.items())
    elif isinstance(raw, Iterable) and not isinstance(raw, (str, bytes)):
        # (input, value) pairs, as `dict.items()` gives them.
        items = list(raw)
    pairs: list[tuple[object, object]] = [
        (i[0], i[1]) for i in items or () if isinstance(i, tuple) and len(i) == 2
    ]
    if items is None or len(pairs) != len(items):
        msg = f"{shown(raw)} of type {type(raw).__name__} must be a table of {table}"
        raise ValidationError([Problem(field, msg)])
    named, problems = spelled_once(field, pairs)
    if problems:
        raise ValidationError(problems)
    out = {label: normalize(value) for label, value in named.items()}
    return make(out)


_VALUE_TABLE = "input values (a mapping from input name to value)"
_TEXT_TABLE = "text answers (a mapping from input name to text)"


def _values_of(
    field: str, raw: Mapping[str, object] | Iterable[tuple[str, object]] | None
) -> SnapshotValues:
    # A private, read-only copy: neither the caller's dict nor the snapshot's can change it.
    if raw is None:
        return SnapshotValues()
    return _table_of(field, raw, _VALUE_TABLE, normalize_value, SnapshotValues)  # type: ignore[arg-type]


def _values(raw: Mapping[str, object] | Iterable[tuple[str, object]] | None) -> SnapshotValues:
    return _values_of("values", raw)


def _platform_values(
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> SnapshotValues:
    return _values_of("platform_values", raw)


def _same(value: object) -> object:
    return value


def _texts(raw: Mapping[str, object] | Iterable[tuple[str, object]] | None) -> SnapshotTexts:
    # Cells are kept as given (never made into text); `text_problem` refuses what is not text.
    if raw is None:
        return SnapshotTexts()
    if isinstance(raw, SnapshotTexts):
        return raw
    return _table_of("texts", raw, _TEXT_TABLE, _same, SnapshotTexts)  # type: ignore[arg-type]


def names_set(names: Iterable[str]) -> frozenset[str]:
    """Input names as a frozenset (for `signed`): one name alone is not a set of its letters."""
    if isinstance(names, str):
        return frozenset((names,))
    return frozenset(names)


def text_problem(value: object) -> str | None:
    """Why `value` is not a free-text answer, or None: a str, not blank, no control characters."""
    problem = label_problem(value, "a text answer")
    if problem is None and isinstance(value, str) and not value.strip():
        problem = f"{shown(value)} is blank; leave the answer out when the form's blank is empty"
    return problem


@attrs.frozen
class MetricSnapshot:
    """What a court (or a department, when `department` is set) reports for one period.

    `values` are the court's own answers; `platform_values` are those the Supreme Court's
    platform supplies (以最高法院数据为准). Both are kept; the platform's value wins.
    Both mappings are read-only, so a snapshot is an immutable, hashable value. `signed`
    names the inputs whose values may be negative (a change, a balance).
    """

    court: str = attrs.field(converter=_court)
    period: Period
    department: str | None = attrs.field(default=None, converter=_department)
    values: SnapshotValues = attrs.field(factory=SnapshotValues, converter=_values)
    platform_values: SnapshotValues = attrs.field(
        factory=SnapshotValues, converter=_platform_values
    )
    texts: SnapshotTexts = attrs.field(factory=SnapshotTexts, converter=_texts)
    signed: frozenset[str] = attrs.field(
        factory=frozenset,
        converter=names_set,
        metadata={"doc": "Inputs whose values may be negative (declared signed in the scheme)."},
    )

    def __attrs_post_init__(self) -> None:
        problems = list(self.problems())
        if problems:
            raise ValidationError(problems)

    def problems(self) -> list[Problem]:
        """Everything wrong with this snapshot, each at its field path."""
        found: list[Problem] = []
        problem = _label_problem(self.court, "court")
        if problem:
            found.append(Problem("court", problem))
        if self.department is not None:
            problem = _label_problem(self.department, "department")
            if problem:
                found.append(Problem("department", problem))
        if not isinstance(self.period, Period):
            found.append(Problem("period", f"{self.period!r} is not a Period"))
        for field, mapping in (("values", self.values), ("platform_values", self.platform_values)):
            for name, value in mapping.items():
                problem = value_problem(value, name in self.signed)
                if problem:
                    found.append(Problem(f"{field}.{name}", problem))
        for name, text in self.texts.items():
            problem = _label_problem(name, "input")
            if problem:
                found.append(Problem(f"texts[{name!r}]", problem))
                continue
            problem = text_problem(text)
            if problem:
                found.append(Problem(f"texts.{name}", problem))
        return found

    def get(self, name: str) -> Value | None:
        """The value that counts for `name`: the platform's if supplied, else the court's."""
        if name in self.platform_values:
            return self.platform_values[name]
        return self.values.get(name)

    @property
    def key(self) -> tuple[str, str | None, Period]:
        """Court, department and period: what must be unique in a collection."""
        return (self.court, self.department, self.period)
