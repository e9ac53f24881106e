"""JSON datasets: a list of snapshots, or ``{"courts": [...], "departments": [...], "snapshots": [...]}``."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from courtinfo.base import (
    DuplicateSnapshotError,
    InputError,
    Problem,
    ValidationError,
    argument,
    wrong_type,
)
from courtinfo.convert import structure, unstructure
from courtinfo.data import (
    MAX_COUNT,
    BoolArray,
    Dataset,
    FloatArray,
    MetricSnapshot,
    TextColumn,
    ValueKind,
    duplicate_problems,
    exact_float,
    normalize_label,
    normalize_value,
    text_problem,
    value_problem,
)
from courtinfo.indicators import Scheme
from courtinfo.io._columns import (
    VALUE_FIELDS,
    Labels,
    ValueColumn,
    columns_dataset,
    label_index,
    values_column,
)
from courtinfo.io._common import courts_outside, mixed_kind_problems, text_argument
from courtinfo.org import CourtTree, CourtTreeError, DepartmentsError, check_departments

# -- JSON ----------------------------------------------------------------------------------


def dataset_from_json(text: str, source: str = "<string>", *, scheme: Scheme | None = None) -> Dataset:
    """The dataset a JSON document holds; every problem is reported at once, with its path.

    A negative value is read only for an input `scheme` declares signed (or the snapshot
    itself lists in its `signed`)."""
    text = text_argument(text, "dataset_from_json")

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    msg = f"{source}: key {key!r} appears twice in one JSON object"
                    raise InputError(msg)
                seen.add(key)
        return out

    body = text.removeprefix("\ufeff")

    def exact(number: str) -> float:
        # The number's own text is checked: 9007199254740993.0 must not become ...992.
        try:
            return exact_float(number)
        except InputError as exc:
            at = body.find(number)
            line = body.count("\n", 0, at) + 1
            column = at - body.rfind("\n", 0, at)
            msg = f"{source}: line {line}, column {column}: {exc}"
            raise InputError(msg) from None

    try:
        data = json.loads(body, object_pairs_hook=no_repeats, parse_float=exact)
    except json.JSONDecodeError as exc:
        msg = f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InputError(msg) from None
    except InputError:
        raise
    except (ValueError, RecursionError) as exc:  # a number of 5000 digits, nesting too deep
        msg = f"{source}: unreadable JSON: {exc}"
        raise InputError(msg) from None
    return dataset_from_data(data, source, scheme=scheme)


def dataset_from_data(
    data: object, source: str = "<data>", *, scheme: Scheme | None = None
) -> Dataset:
    """The dataset in parsed JSON-like data: a list of snapshots or an object with `snapshots`;
    negative values as `dataset_from_json` reads them.

    Well-formed snapshots go straight into columns with vectorised checks (no snapshot is
    made until asked for); otherwise they are structured one at a time, which words every
    problem at its path.
    """
    if scheme is not None and scheme.signed_inputs:
        data = _with_signed(data, scheme.signed_inputs)
    fast = _dataset_of_columns(data, source)
    if fast is not None:
        return fast
    return _dataset_by_snapshots(data, source)


def _dataset_by_snapshots(data: object, source: str) -> Dataset:
    """The snapshots structured one at a time: the reference, and the path that words problems."""
    if isinstance(data, list):
        snapshots: tuple[MetricSnapshot, ...] = structure(data, tuple[MetricSnapshot, ...], source)
        dataset = Dataset(snapshots)
        where = "$"
    elif isinstance(data, dict):
        dataset = structure(data, Dataset, source)
        where = "$.snapshots"
    else:
        msg = (
            f"{source}: expected a list of snapshots or an object with 'snapshots', "
            f"got {type(data).__name__}"
        )
        if source == "<data>":  # called from Python: name the argument and the value
            expected = "a list of snapshots or a mapping with 'snapshots'"
            msg = wrong_type("dataset_from_data: data", expected, data)
        raise InputError(msg)
    tree = _check_org(dataset, source)

    def place(i: int, field: str, name: str) -> str:
        return f"{where}[{i}]" + (f".{field}.{name}" if field else "")

    if tree is not None:
        outside = courts_outside(dataset.snapshots, tree, lambda i: f"{where}[{i}].court")
        if outside:
            raise ValidationError(outside, source)

    dups = duplicate_problems(dataset.snapshots, place, place)
    if dups:
        raise DuplicateSnapshotError(dups, source)
    mixed = mixed_kind_problems(dataset.snapshots, place, place)
    if mixed:
        raise ValidationError(mixed, source)
    return dataset


# -- straight into columns ---------------------------------------------------------------

_SNAPSHOT_KEYS = frozenset({"court", "department", "period", "values", "platform_values", "texts"})
_DATASET_KEYS = frozenset({"courts", "departments", "snapshots"})


class _Absent:
    """A cell a snapshot does not give (JSON null is a value, and refused)."""


_ABSENT = _Absent()
_EMPTY: dict[str, Any] = {}


def _dataset_of_columns(data: object, source: str) -> Dataset | None:
    """The dataset as columns, or None if anything needs a word (or is not the usual form)."""
    if isinstance(data, list):
        read = _snapshot_columns(data)
        return None if read is None else columns_dataset(*read)
    if not (type(data) is dict and data.keys() <= _DATASET_KEYS and type(data.get("snapshots")) is list):
        return None
    read = _snapshot_columns(data["snapshots"])
    if read is None:
        return None
    try:
        org = structure({**data, "snapshots": []}, Dataset, source)
    except ValidationError:
        return None  # worded with the snapshots' problems, all at once
    dataset = columns_dataset(*read, courts=org.courts, departments=org.departments)
    if dataset is not None:
        tree = _check_org(dataset, source)
        if tree is not None and any(c not in tree for c in dataset.batch().courts):
            return None  # a court outside the tree: worded at its snapshot's path
    return dataset


def _names(tables: list[dict[str, Any]]) -> list[str] | None:
    """Every input name of the tables, sorted; None unless each is in its one spelling."""
    names = sorted(set().union(*tables))
    try:
        if all(normalize_label(name, "input") == name for name in names):
            return names
    except InputError:
        pass
    return None


def _tables(snaps: list[dict[str, Any]], field: str) -> list[dict[str, Any]] | None:
    tables = [s.get(field, _EMPTY) for s in snaps]
    return tables if all(type(t) is dict for t in tables) else None


def _snapshot_columns(
    snaps: list[Any],
) -> tuple[int, dict[str, Labels], list[ValueColumn], dict[str, TextColumn]] | None:
    """The columns of a list of snapshot objects, or None unless every one is well-formed."""
    n = len(snaps)
    if not n or not all(type(s) is dict for s in snaps):
        return None
    if not set().union(*snaps) <= _SNAPSHOT_KEYS:
        return None
    courts = [s.get("court") for s in snaps]
    periods = [s.get("period") for s in snaps]
    departments = [s.get("department") for s in snaps]
    if not all(type(c) is str for c in courts + periods):
        return None
    if not set(map(type, departments)) <= {str, type(None)}:
        return None
    departments = [d or "" for d in departments]
    if any(p != p.strip() for p in set(periods)):
        return None
    labels: dict[str, Labels] = {}
    for field, cells, what in (
        ("court", courts, "court"),
        ("department", departments, "department"),
        ("period", periods, None),
    ):
        found = label_index(cells, what)  # type: ignore[arg-type]
        if found is None:
            return None
        labels[field] = found
    values: list[ValueColumn] = []
    for field in VALUE_FIELDS:
        tables = _tables(snaps, field)
        names = None if tables is None else _names(tables)
        if tables is None or names is None:
            return None
        for name in names:
            column = _value_column([t.get(name, _ABSENT) for t in tables])
            if column is None:
                return None
            values.append(ValueColumn(field, name, *column))
    texts: dict[str, TextColumn] = {}
    tables = _tables(snaps, "texts")
    names = None if tables is None else _names(tables)
    if tables is None or names is None:
        return None
    for name in names:
        cells = [t.get(name) for t in tables]
        given = [c for c in cells if c is not None]
        if len(given) != sum(name in t for t in tables) or not all(type(c) is str for c in given):
            return None  # null, or not text
        if not all(c.strip() for c in given) or text_problem("".join(given)) is not None:
            return None
        col = np.empty(n, dtype=object)
        col[:] = cells
        texts[name] = col
    return n, labels, values, texts


def _value_column(cells: list[Any]) -> tuple[FloatArray, ValueKind, BoolArray | None] | None:
    """One input's cells (`_ABSENT` where not given) as floats, their kind and, for measures,
    the cells given as whole numbers; None if a cell is refused or the kinds do not mix."""
    types = set(map(type, cells)) - {_Absent}
    plain = [math.nan if c is _ABSENT else c for c in cells]
    if types <= {int, float} and types:
        given = [c for c in cells if c is not _ABSENT]
        if int in types:
            ints = [c for c in given if type(c) is int]
            if min(ints) < 0 or max(ints) > MAX_COUNT:
                return None
        values = np.array(plain, dtype=np.float64)
        if float in types:
            floats = np.array([c for c in given if type(c) is float])
            if not (np.isfinite(floats).all() and (floats >= 0).all() and (floats <= MAX_COUNT).all()):
                return None
            if int not in types:
                return values, ValueKind.MEASURE, None
            whole = np.fromiter((type(c) is int for c in cells), dtype=bool, count=len(cells))
            return values, ValueKind.MEASURE, whole
        return values, ValueKind.COUNT, None
    if types == {bool}:
        return np.array(plain, dtype=np.float64), ValueKind.YES_NO, None
    if not types:
        return None
    # Options, yes/no words: each cell as a snapshot takes it (null is refused, not absent).
    given = [None if c is _ABSENT else normalize_value(c) for c in cells]
    if type(None) in types or any(v is not None and value_problem(v) is not None for v in given):
        return None
    return values_column(given)


def _with_signed(data: object, signed: frozenset[str]) -> object:
    """`data` with each snapshot's `signed` naming the scheme's signed inputs it gives."""

    def snapshot(raw: object) -> object:
        if not isinstance(raw, dict):
            return raw  # worded by the structuring
        given: set[str] = set()
        for field in ("values", "platform_values"):
            values = raw.get(field)
            if isinstance(values, dict):
                given.update(k for k in values if isinstance(k, str))
        names = signed & given
        if not names:
            return raw
        own = raw.get("signed", [])
        if not isinstance(own, list):
            return raw  # worded by the structuring
        return {**raw, "signed": sorted(set(own) | names)}

    if isinstance(data, list):
        return [snapshot(s) for s in data]
    if isinstance(data, dict) and isinstance(data.get("snapshots"), list):
        return {**data, "snapshots": [snapshot(s) for s in data["snapshots"]]}
    return data


@argument('dataset', Dataset, "a Dataset")
def dataset_to_data(dataset: Dataset) -> dict[str, Any]:
    """`dataset` as plain JSON-compatible data (the object form)."""
    data: dict[str, Any] = unstructure(dataset)
    return data


@argument('dataset', Dataset, "a Dataset")
def dataset_to_json(dataset: Dataset) -> str:
    """`dataset` as JSON text: keys sorted, UTF-8 characters as written, two-space indent."""
    return json.dumps(dataset_to_data(dataset), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _check_org(dataset: Dataset, source: str) -> CourtTree | None:
    """The dataset's court tree, after refusing a bad tree or departments list."""
    tree: CourtTree | None = None
    try:
        tree = dataset.tree()
    except CourtTreeError as exc:
        raise ValidationError(_under("$.courts", exc.problems), source) from None
    try:
        check_departments(dataset.departments, tree)
    except DepartmentsError as exc:
        raise ValidationError(_under("$.departments", exc.problems), source) from None
    return tree


def _under(root: str, problems: tuple[Problem, ...]) -> list[Problem]:
    """Problems of a part of the document, placed under its path (`$.courts: court 'a': ...`)."""
    return [Problem(root, str(p)) for p in problems]


