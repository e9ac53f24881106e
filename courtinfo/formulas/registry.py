"""The formula registry: a plain table from stable names to formula classes.

Built-in families register themselves when `courtinfo.formulas` is imported. Other
installed packages add theirs through the entry-point group ``courtinfo.formulas``
(name = formula name, object = the formula class), read the first time a name is not
found or the table is listed. This table is the library's only global mutable state.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import TypeVar

import attrs

from courtinfo._errors import FormulaError, RegistryError, UnknownNameError
from courtinfo.formulas._base import Formula

ENTRY_POINT_GROUP = "courtinfo.formulas"

F = TypeVar("F", bound=type[Formula])

#: name -> (formula class, where it came from)
_TABLE: dict[str, tuple[type[Formula], str]] = {}
_entry_points_loaded = False


def _origin_of(cls: type[Formula]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def add(name: str, cls: type[Formula], origin: str | None = None) -> None:
    """Put `cls` in the table under `name`; a name taken already is an error naming both."""
    is_attrs: bool = attrs.has(cls)  # kept apart: attrs.has narrows the type of cls otherwise
    if not (isinstance(cls, type) and issubclass(cls, Formula)) or not is_attrs:
        msg = f"formula {name!r}: {cls!r} is not an attrs subclass of courtinfo.Formula"
        raise FormulaError(msg)
    where = origin or _origin_of(cls)
    if name in _TABLE:
        _, first = _TABLE[name]
        msg = f"formula name {name!r} is registered twice: by {first} and by {where}"
        raise RegistryError(msg)
    _TABLE[name] = (cls, where)
    cls.kind = name


def register(name: str) -> Callable[[F], F]:
    """Class decorator: ``@register("my_rate")`` puts a formula class in the table."""

    def deco(cls: F) -> F:
        add(name, cls)
        return cls

    return deco


def remove(name: str) -> None:
    """Take `name` out of the table (for tests and for replacing a plugin on purpose)."""
    _TABLE.pop(name, None)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in _TABLE and _TABLE[ep.name][1] == f"entry point {ep.value}":
            continue
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not break the library
            msg = f"formula plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
            raise FormulaError(msg) from exc
        add(ep.name, cls, origin=f"entry point {ep.value}")


def get(name: str) -> type[Formula]:
    """The formula class registered as `name`; unknown names list the close matches."""
    if name not in _TABLE:
        _load_entry_points()
    try:
        return _TABLE[name][0]
    except KeyError:
        raise UnknownNameError("formula", name, _TABLE) from None


def origin(name: str) -> str:
    """Where the formula registered as `name` came from."""
    get(name)
    return _TABLE[name][1]


def names() -> list[str]:
    """Every registered formula name, sorted, plugins included."""
    _load_entry_points()
    return sorted(_TABLE)


def name_of(formula: Formula | type[Formula]) -> str:
    """The registered name of a formula or formula class."""
    cls = formula if isinstance(formula, type) else type(formula)
    if not cls.kind or _TABLE.get(cls.kind, (None,))[0] is not cls:
        msg = f"{_origin_of(cls)} is not a registered formula; decorate it with @register(name)"
        raise FormulaError(msg)
    return cls.kind
