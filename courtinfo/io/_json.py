"""JSON datasets: a list of snapshots, or ``{"courts": [...], "departments": [...], "snapshots": [...]}``."""

from __future__ import annotations

import json
from typing import Any

from courtinfo.base import (
    DuplicateSnapshotError,
    InputError,
    Problem,
    ValidationError,
)
from courtinfo.convert import structure, unstructure
from courtinfo.data import (
    Dataset,
    MetricSnapshot,
    exact_float,
)
from courtinfo.io._common import duplicate_problems, mixed_kind_problems, text_argument
from courtinfo.org import CourtTree, CourtTreeError, DepartmentsError, check_departments

# -- JSON ----------------------------------------------------------------------------------


def dataset_from_json(text: str, source: str = "<string>") -> Dataset:
    """The dataset a JSON document holds; every problem is reported at once, with its path."""
    text = text_argument(text, "dataset_from_json")

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                msg = f"{source}: key {key!r} appears twice in one JSON object"
                raise InputError(msg)
            out[key] = value
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
    return dataset_from_data(data, source)


def dataset_from_data(data: object, source: str = "<data>") -> Dataset:
    """The dataset in parsed JSON-like data: a list of snapshots or an object with `snapshots`."""
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
        raise InputError(msg)
    _check_org(dataset, source)

    def place(i: int, field: str, name: str) -> str:
        return f"{where}[{i}]" + (f".{field}.{name}" if field else "")

    dups = duplicate_problems(dataset.snapshots, place, place)
    if dups:
        raise DuplicateSnapshotError(dups, source)
    mixed = mixed_kind_problems(dataset.snapshots, place, place)
    if mixed:
        raise ValidationError(mixed, source)
    return dataset


def dataset_to_data(dataset: Dataset) -> dict[str, Any]:
    """`dataset` as plain JSON-compatible data (the object form)."""
    data: dict[str, Any] = unstructure(dataset)
    return data


def dataset_to_json(dataset: Dataset) -> str:
    """`dataset` as JSON text: keys sorted, UTF-8 characters as written, two-space indent."""
    return json.dumps(dataset_to_data(dataset), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _check_org(dataset: Dataset, source: str) -> None:
    tree: CourtTree | None = None
    try:
        tree = dataset.tree()
    except CourtTreeError as exc:
        raise ValidationError(_under("$.courts", exc.problems), source) from None
    try:
        check_departments(dataset.departments, tree)
    except DepartmentsError as exc:
        raise ValidationError(_under("$.departments", exc.problems), source) from None


def _under(root: str, problems: tuple[Problem, ...]) -> list[Problem]:
    """Problems of a part of the document, placed under its path (`$.courts: court 'a': ...`)."""
    return [Problem(root, str(p)) for p in problems]


