"""The one cattrs converter for the whole model, and its errors turned into ours."""

from __future__ import annotations

import datetime
import enum
import json
import re
import types
import typing
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from courtinfo.base import CourtinfoError, InputError, Problem, ValidationError, shorten
from courtinfo.convert._formulas import structure_formula, unstructure_formula
from courtinfo.data import Dataset, MetricSnapshot, Value
from courtinfo.formulas import Formula
from courtinfo.org import CourtTree
from courtinfo.periods import Period

T = TypeVar("T")



def _is_frozenset_type(t: Any) -> bool:
    """Whether `t` is frozenset[...] (a generic alias that the frozenset hook does not match)."""
    origin: object = typing.get_origin(t)
    return origin is frozenset


def _structure_enum(value: Any, cls: type[enum.StrEnum]) -> enum.StrEnum:
    """A member by its value; anything else names every valid value (a misspelt unit …)."""
    try:
        return cls(value)
    except ValueError:
        valid = ", ".join(repr(m.value) for m in cls)
        msg = f"{value!r} is not a valid {cls.__name__}; valid values: {valid}"
        raise ValueError(msg) from None


def _structure_period(value: object, _: type) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, str):
        msg = f"{value!r} is not a period string such as '2022-W21'"
        raise ValueError(msg)
    return Period.parse(value)


def _structure_date(value: object, _: type) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    msg = f"{value!r} is not a date such as 2022-05-31"
    raise ValueError(msg)


def _spelled(value: object) -> str:
    """`value` as a document spells it: null, true, ["c1"]; repr for what JSON cannot hold."""
    if isinstance(value, str):
        return repr(value)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return shorten(text)


def _structure_str(value: object, _: type) -> str:
    # cattrs' own str hook calls str(): null would become 'None', true 'True', [1] '[1]'.
    if isinstance(value, str):
        return value
    msg = f"{_spelled(value)} is not text; expected a string"
    raise InputError(msg)


def _structure_bool(value: object, _: type) -> bool:
    # cattrs' own bool hook calls bool(): "false" and "no" would be True (an input declared
    # signed = "false" took negative values), 2 would be True.
    if isinstance(value, bool):
        return value
    msg = f"{_spelled(value)} is not true or false"
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        msg += " (write it without quotes)"
    raise InputError(msg)


def _structure_court(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    msg = f"{_spelled(value)} is not a court code; expected a non-empty string"
    raise InputError(msg)


def _structure_department(value: object, _: type) -> str | None:
    if value is None or isinstance(value, str):
        return value
    msg = f"{_spelled(value)} is not a department code; expected a non-empty string or null"
    raise InputError(msg)


def _unstructure_value(value: Value) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _make_converter() -> cattrs.Converter:
    """The converter with every hook the model needs, registered here and nowhere else."""
    converter = cattrs.Converter(
        detailed_validation=True,
        prefer_attrib_converters=True,
        forbid_extra_keys=True,
        omit_if_default=True,
    )
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    # A StrEnum is a str subclass: without its own hook it would take the str one and stay a str.
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook(Period, _structure_period)
    converter.register_unstructure_hook(Period, str)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    converter.register_unstructure_hook(frozenset, lambda s: sorted(s))
    # frozenset[str] fields (a snapshot's signed inputs) as sorted lists too, for JSON.
    converter.register_unstructure_hook_func(_is_frozenset_type, lambda s: sorted(s))
    converter.register_unstructure_hook_func(lambda t: t == Value, _unstructure_value)
    # StrEnums (court levels, department kinds …) as plain str: as a str subclass a member
    # would otherwise pass through unchanged.
    converter.register_unstructure_hook(enum.StrEnum, lambda e: e.value)
    # A tree's courts are structured one by one (errors at courts[i].field), then the tree is
    # checked as a whole; the attrs converter alone would only make a tuple of raw dicts.
    converter.register_structure_hook(
        CourtTree,
        make_dict_structure_fn(
            CourtTree,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_prefer_attrib_converters=False,
            _cattrs_detailed_validation=True,
        ),
    )

    # A snapshot's court and department labels: text only, never a value made into text.
    converter.register_structure_hook(
        MetricSnapshot,
        make_dict_structure_fn(
            MetricSnapshot,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_prefer_attrib_converters=True,
            _cattrs_detailed_validation=True,
            court=override(struct_hook=_structure_court),
            department=override(struct_hook=_structure_department),
        ),
    )
    # A dataset's snapshots are structured one by one (errors at snapshots[i].field).
    converter.register_structure_hook(
        Dataset,
        make_dict_structure_fn(
            Dataset,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_prefer_attrib_converters=False,
            _cattrs_detailed_validation=True,
        ),
    )
    # A formula is found by its `kind` in the registry; subclasses share these two hooks.
    converter.register_structure_hook(
        Formula, lambda data, _: structure_formula(converter, data)
    )
    converter.register_unstructure_hook(
        Formula, lambda formula: unstructure_formula(converter, formula)
    )
    return converter


#: Every public value type structures from and unstructures to JSON-compatible data here.
converter = _make_converter()


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _join(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    return f"{path}.{text}" if _IDENT.match(text) else f"{path}[{text!r}]"


def _describe(exc: BaseException, type_: object) -> str:
    if isinstance(exc, CourtinfoError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    # An optional field (Aggregate | None) is named by its type: "expected Aggregate".
    args = [a for a in typing.get_args(type_) if a is not type(None)]
    if len(args) == 1 and typing.get_origin(type_) in (typing.Union, types.UnionType):
        type_ = args[0]
    name = getattr(type_, "__name__", None) or (repr(type_) if type_ is not None else None)
    detail = str(exc) or type(exc).__name__
    if name:
        return f"invalid value, expected {name} ({detail})"
    return f"invalid value ({detail})"


def problems_of(exc: BaseException, path: str = "$") -> list[Problem]:
    """Every problem inside a cattrs validation error, each with its path."""
    found: list[Problem] = []
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key: object = (
                getattr(note, "name", None)
                if isinstance(exc, ClassValidationError)
                else getattr(note, "index", None)
            )
            found.extend(
                problems_of(sub, _join(path, key))
                if _nested(sub)
                else _leaf(sub, note.type, _join(path, key))
            )
        for sub in without:
            found.extend(problems_of(sub, path) if _nested(sub) else _leaf(sub, None, path))
    else:
        found.extend(_leaf(exc, None, path))
    return found


def _nested(exc: BaseException) -> bool:
    return isinstance(exc, (ClassValidationError, IterableValidationError))


def _leaf(exc: BaseException, type_: object, path: str) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return _rerooted(path, exc)
    return [Problem(path, _describe(exc, type_))]


def _rerooted(path: str, exc: ValidationError) -> list[Problem]:
    """The problems of `exc`, raised for the value at `path`, placed under it."""
    if exc.title:  # problems of a whole value (a court tree), named by what, not where
        return [Problem(path, f"{exc.title}: {p}") for p in exc.problems]
    return [Problem(_join_rel(path, p.path), p.message) for p in exc.problems]


def _join_rel(path: str, rel: str) -> str:
    if not rel:
        return path
    return f"{path}{rel}" if rel.startswith("[") else f"{path}.{rel}"


def structure(data: object, cls: type[T], source: str | None = None) -> T:
    """`data` as a `cls`, or a ValidationError listing every problem with its path."""
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise ValidationError(problems_of(exc), source) from None
    except ValidationError as exc:
        raise ValidationError(_rerooted("$", exc), source) from None
    except CourtinfoError as exc:
        raise ValidationError([Problem("$", str(exc))], source) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValidationError([Problem("$", _describe(exc, cls))], source) from None


def unstructure(value: Any) -> Any:
    """`value` as plain JSON-compatible data."""
    return converter.unstructure(value)
