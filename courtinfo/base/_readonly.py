"""Read-only tables: dicts that refuse changes, so that a validated value stays as validated."""

from __future__ import annotations

from typing import Any, NoReturn, Self, TypeVar

V = TypeVar("V")


class ReadOnlyDict(dict[str, V]):
    """A dict that refuses changes; hashable, and copied or pickled as itself.

    Subclasses name what they hold in `_WHAT` and what to do instead in `_INSTEAD`, for the
    message a change attempt gets.
    """

    __slots__ = ()
    _WHAT = "these values"
    _INSTEAD = "make a new one with attrs.evolve"

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        msg = f"{self._WHAT} are read-only; {self._INSTEAD}"
        raise TypeError(msg)

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle and copy would otherwise fill the new dict item by item via __setitem__.
        return (type(self), (dict(self),))

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: object) -> Self:
        return self
