"""A public function's arguments checked at the door: a wrong type is a `CourtinfoError`
naming the function, the argument and the value, never an AttributeError from deep inside."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from courtinfo.base._errors import CourtinfoError, InputError, wrong_type

F = TypeVar("F", bound=Callable[..., Any])

_ABSENT = object()


T = TypeVar("T")


def items_of(
    value: object, item: type[T], argument: str, error: type[CourtinfoError] = InputError
) -> tuple[T, ...]:
    """`value` as a tuple when it is an iterable of `item` (not text, bytes or a mapping);
    else `error` naming `argument`, or `argument[i]` for the first item of another type."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise error(wrong_type(argument, f"an iterable of {item.__name__}", value))
    found = tuple(value)
    for i, x in enumerate(found):
        if not isinstance(x, item):
            raise error(wrong_type(f"{argument}[{i}]", f"a {item.__name__}", x))
    return found


def of_type(
    types: type | tuple[type, ...], expected: str, error: type[CourtinfoError] = InputError
) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: the field holds an instance of `types`, else `error` with
    'CLASS: FIELD must be EXPECTED; got VALUE of type T'."""

    def validate(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, types):
            where = f"{type(instance).__name__}: {attribute.name}"
            raise error(wrong_type(where, expected, value))

    return validate


def argument(
    name: str,
    types: type | tuple[type, ...],
    expected: str,
    error: type[CourtinfoError] = InputError,
) -> Callable[[F], F]:
    """Check argument `name` of the decorated function: an instance of `types`, else `error`
    with 'FUNCTION: NAME must be EXPECTED; got VALUE of type T'. Only isinstance, so the
    check costs well under a microsecond."""

    def decorate(func: F) -> F:
        params = list(inspect.signature(func).parameters.values())
        index = next(
            (
                i
                for i, p in enumerate(params)
                if p.name == name and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ),
            None,
        )
        if all(p.name != name for p in params):
            msg = f"{func.__qualname__} has no argument {name!r}"
            raise AssertionError(msg)
        label = f"{func.__name__}: {name}"

        @functools.wraps(func)
        def checked(*args: Any, **kwargs: Any) -> Any:
            value = args[index] if index is not None and index < len(args) else kwargs.get(name, _ABSENT)
            if value is not _ABSENT and not isinstance(value, types):
                raise error(wrong_type(label, expected, value))
            return func(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate
