"""The formula registry: a plain table from stable names to formula classes.

Built-in families register themselves when `courtinfo.formulas` is imported. Other
installed packages add theirs through the entry-point group ``courtinfo.formulas``
(name = formula name, object = the formula class), read the first time a name is not
found or the table is listed. This table is the library's only global mutable state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import attrs

from courtinfo.base import FormulaError, RegistryError, UnknownNameError, wrong_type
from courtinfo.formulas._base import Formula

ENTRY_POINT_GROUP = "courtinfo.formulas"

F = TypeVar("F", bound=type[Formula])

#: name -> (formula class, where it came from)
_TABLE: dict[str, tuple[type[Formula], str]] = {}
#: entry-point name -> why it could not be registered
_BROKEN: dict[str, FormulaError | RegistryError] = {}
_entry_points_loaded = False


def _origin_of(cls: type[Formula]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def add(name: str, cls: type[Formula], origin: str | None = None) -> None:
    """Put `cls` in the table under `name`; a name taken already is an error naming both."""
    _name(name, "add")
    is_attrs: bool = attrs.has(cls)  # kept apart: attrs.has narrows the type of cls otherwise
    if not (isinstance(cls, type) and issubclass(cls, Formula)) or not is_attrs:
        msg = f"formula {name!r}: {cls!r} is not an attrs subclass of courtinfo.Formula"
        raise FormulaError(msg)
    where = origin or _origin_of(cls)
    if name in _TABLE:
        _, first = _TABLE[name]
        msg = f"formula name {name!r} is registered twice: by {first} and by {where}"
        raise RegistryError(msg)
    if cls.kind and _TABLE.get(cls.kind, (None,))[0] is cls:
        # One class, one name: `kind` is what the class is written back to data as.
        first = _TABLE[cls.kind][1]
        msg = (
            f"formula {_origin_of(cls)} is already registered as {cls.kind!r} (by {first}); "
            f"{where} cannot register it again as {name!r}"
        )
        raise RegistryError(msg)
    _TABLE[name] = (cls, where)
    cls.kind = name


def _name(name: object, function: str) -> str:
    if isinstance(name, str) and name.strip():
        return name
    raise FormulaError(wrong_type(f"{function}: name", "a formula name (a non-empty str)", name))


def register(name: str) -> Callable[[F], F]:
    """Class decorator: ``@register("my_rate")`` puts a formula class in the table."""
    _name(name, "register")

    def deco(cls: F) -> F:
        add(name, cls)
        return cls

    return deco


def remove(name: str) -> None:
    """Take `name` out of the table (for tests and for replacing a plugin on purpose)."""
    _TABLE.pop(name, None)
    _BROKEN.pop(name, None)


def _load_entry_points() -> None:
    """Register every plugin once; one that fails is remembered with its reason in `_BROKEN`
    and does not stop the others."""
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    _BROKEN.clear()
    # Imported here: it costs a command's start (email, zipfile, ...), and only a name the
    # built-in families lack needs it.
    import importlib.metadata

    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in _TABLE and _TABLE[ep.name][1] == f"entry point {ep.value}":
            continue
        try:
            cls = ep.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            # One broken plugin must not hide the others, nor end the process (sys.exit
            # at import time), nor hide a scheme's own errors.
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            msg = f"formula plugin {ep.name!r} ({ep.value}) failed to load: {reason}"
            _BROKEN[ep.name] = FormulaError(msg)
            continue
        try:
            add(ep.name, cls, origin=f"entry point {ep.value}")
        except (RegistryError, FormulaError) as exc:
            _BROKEN[ep.name] = exc


def _broken_error(errors: list[FormulaError | RegistryError]) -> FormulaError | RegistryError:
    msg = "; ".join(str(e) for e in errors)
    # Names taken twice stay a RegistryError, as with in-process registration.
    if all(isinstance(e, RegistryError) for e in errors):
        return RegistryError(msg)
    return FormulaError(msg)


def get(name: str) -> type[Formula]:
    """The formula class registered as `name`; unknown names list the close matches.

    A plugin that failed to load or register raises its reason when asked for by name.
    """
    if name not in _TABLE:
        _load_entry_points()
    if name in _TABLE:
        return _TABLE[name][0]
    if name in _BROKEN:
        raise _broken_error([_BROKEN[name]])
    raise UnknownNameError("formula", name, _TABLE)


def origin(name: str) -> str:
    """Where the formula registered as `name` came from."""
    get(name)
    return _TABLE[name][1]


def names() -> list[str]:
    """Every registered formula name, sorted, plugins included.

    Raises, listing each one, while an installed plugin fails to load or register.
    """
    _load_entry_points()
    if _BROKEN:
        raise _broken_error([_BROKEN[k] for k in sorted(_BROKEN)])
    return sorted(_TABLE)


def name_of(formula: Formula | type[Formula]) -> str:
    """The registered name of a formula or formula class."""
    cls = formula if isinstance(formula, type) else type(formula)
    if not cls.kind or _TABLE.get(cls.kind, (None,))[0] is not cls:
        msg = f"{_origin_of(cls)} is not a registered formula; decorate it with @register(name)"
        raise FormulaError(msg)
    return cls.kind
