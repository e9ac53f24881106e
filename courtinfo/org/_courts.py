"""Courts and the court tree: who is above whom, and which courts form a peer group."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import (
    OrgError,
    Problem,
    UnknownNameError,
    ValidationError,
    code_spelling,
    items_of,
    shown,
    wrong_type,
)


class CourtLevel(enum.StrEnum):
    """The level of a court: the four levels of the hierarchy, then a basic court's tribunals."""

    SUPREME = "supreme"
    HIGH = "high"
    INTERMEDIATE = "intermediate"
    BASIC = "basic"
    TRIBUNAL = "tribunal"

    @property
    def label_zh(self) -> str:
        """The Chinese name of the level, e.g. 中级人民法院."""
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for the Supreme Court down to 4 for a tribunal: one step per level."""
        return _LEVEL_RANKS[self]

    @property
    def parent_level(self) -> CourtLevel | None:
        """The only level a court of this level may sit under; None for the Supreme Court."""
        return None if self is CourtLevel.SUPREME else _BY_RANK[self.rank - 1]


_LEVEL_LABELS: Final[Mapping[CourtLevel, str]] = MappingProxyType(
    {
        CourtLevel.SUPREME: "最高人民法院",
        CourtLevel.HIGH: "高级人民法院",
        CourtLevel.INTERMEDIATE: "中级人民法院",
        CourtLevel.BASIC: "基层人民法院",
        CourtLevel.TRIBUNAL: "人民法庭",
    }
)
# Declaration order is the hierarchy, top first.
_BY_RANK: Final[tuple[CourtLevel, ...]] = tuple(CourtLevel)
_LEVEL_RANKS: Final[Mapping[CourtLevel, int]] = MappingProxyType(
    {level: rank for rank, level in enumerate(_BY_RANK)}
)


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    where = f"{type(instance).__name__}.{attribute.name}"
    if not isinstance(value, str):
        raise OrgError(wrong_type(where, "a non-empty str", value))
    if not value.strip():
        msg = f"{where} must not be empty"
        raise OrgError(msg)


def _non_empty_or_none(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    where = f"{type(instance).__name__}.{attribute.name}"
    if value is not None and not isinstance(value, str):
        raise OrgError(wrong_type(where, "None or a non-empty code (str)", value))
    if value is not None and not value.strip():
        msg = f"{where} must be None or a non-empty code"
        raise OrgError(msg)


def require_code(value: object, argument: str, expected: str = "a court code (str)") -> str:
    """`value` if it is a str, else an `OrgError` naming `argument` and the type given."""
    if not isinstance(value, str):
        raise OrgError(wrong_type(argument, expected, value))
    return value


def _level(value: CourtLevel | str) -> CourtLevel:
    try:
        return CourtLevel(value)
    except (ValueError, TypeError):
        known = ", ".join(level.value for level in CourtLevel)
        msg = f"court level {shown(value)} is not one of {known}"
        raise OrgError(msg) from None


@attrs.frozen
class Court:
    """One court: its stable code, Chinese name, level and the code of the court above it."""

    # Codes are kept in their one spelling, as the readers keep a snapshot's court: a code
    # written with full-width brackets (（试点）) still names the court its rows name.
    code: str = attrs.field(converter=code_spelling, validator=_non_empty)
    name: str = attrs.field(validator=_non_empty)
    level: CourtLevel = attrs.field(converter=_level)
    parent: str | None = attrs.field(
        default=None, converter=code_spelling, validator=_non_empty_or_none
    )


class CourtTreeError(ValidationError, OrgError):
    """A set of courts that does not form a tree; `problems` lists every fault found."""

    title = "invalid court tree"


def _court_tuple(courts: Iterable[Court]) -> tuple[Court, ...]:
    return items_of(courts, Court, "CourtTree: courts", OrgError)


def _find_problems(courts: tuple[Court, ...]) -> list[Problem]:
    """Every reason `courts` is not a tree, in a stable order: duplicates, parents, cycles."""
    problems: list[Problem] = []
    first: dict[str, Court] = {}
    shared: dict[str, list[Court]] = {}
    for court in courts:
        first.setdefault(court.code, court)
        shared.setdefault(court.code, []).append(court)
    for code, group in shared.items():
        if len(group) > 1:
            names = ", ".join(c.name for c in group)
            text = f"code used by {len(group)} courts: {names}"
            problems.append(Problem(f"court {code!r}", text))

    for court in courts:
        where = f"court {court.code!r}"
        if court.parent is None:
            continue
        parent = first.get(court.parent)
        expected = court.level.parent_level
        if parent is None:
            problems.append(Problem(where, f"parent {court.parent!r} does not exist"))
        elif expected is None:
            text = f"supreme courts have no parent, but its parent is {court.parent!r}"
            problems.append(Problem(where, text))
        elif parent.level is not expected:
            text = (
                f"parent {parent.code!r} is {parent.level}, "
                f"but {court.level} courts must be under {expected} courts"
            )
            problems.append(Problem(where, text))

    problems.extend(_cycle_problems(courts, first))
    return problems


def _cycle_problems(courts: tuple[Court, ...], first: Mapping[str, Court]) -> list[Problem]:
    # Each court has at most one parent, so following parents from any court either ends at a
    # root, at a missing parent, or runs into a loop; each loop is reported once.
    order = {code: i for i, code in enumerate(first)}
    done: set[str] = set()
    problems: list[Problem] = []
    for court in courts:
        path: list[str] = []
        on_path: set[str] = set()
        code: str | None = court.code
        while code is not None and code in first and code not in done and code not in on_path:
            path.append(code)
            on_path.add(code)
            code = first[code].parent
        if code is not None and code in on_path:
            loop = path[path.index(code) :]
            start = min(range(len(loop)), key=lambda i: order[loop[i]])
            loop = loop[start:] + loop[:start]
            chain = " -> ".join(repr(c) for c in [*loop, loop[0]])
            problems.append(Problem(f"court {loop[0]!r}", f"parent links form a cycle: {chain}"))
        done.update(path)
    return problems


_ADMIN_UNITS: Final = "省市区县州盟旗院"


def _short_name(name: str) -> str:
    # 济南市长清区人民法院 is commonly written 济南市长清区法院.
    return name.strip().replace("人民", "")


def _is_suffix_form(query: str, name: str) -> bool:
    """True when `query` (e.g. 长清区法院) is `name` with leading administrative units dropped."""
    short, q = _short_name(name), _short_name(query)
    if len(q) < 4 or not q.endswith(("法院", "法庭")) or len(short) <= len(q):
        return False
    # Cut only after a unit such as 市 or 区, so that 区法院 does not match 长清区法院.
    return short.endswith(q) and short[-len(q) - 1] in _ADMIN_UNITS


_A = TypeVar("_A", bound=npt.NDArray[np.generic])


@attrs.frozen(eq=False)
class _Index:
    """Lookups derived once from a valid tree."""

    by_code: Mapping[str, Court]
    position: Mapping[str, int]
    children: Mapping[str, tuple[Court, ...]]
    roots: tuple[Court, ...]
    by_name: Mapping[str, tuple[str, ...]]
    by_short: Mapping[str, tuple[str, ...]]
    parent_index: npt.NDArray[np.intp]
    ranks: npt.NDArray[np.int64]


def _readonly(array: _A) -> _A:
    # Callers share the tree's arrays; a write through one must not corrupt the tree.
    array.flags.writeable = False
    return array


def _build_index(courts: tuple[Court, ...]) -> _Index:
    by_code = {c.code: c for c in courts}
    position = {c.code: i for i, c in enumerate(courts)}
    children: dict[str, list[Court]] = {c.code: [] for c in courts}
    by_name: dict[str, list[str]] = {}
    by_short: dict[str, list[str]] = {}
    for court in courts:
        if court.parent is not None:
            children[court.parent].append(court)
        by_name.setdefault(court.name.strip(), []).append(court.code)
        by_short.setdefault(_short_name(court.name), []).append(court.code)
    parents = [-1 if c.parent is None else position[c.parent] for c in courts]
    return _Index(
        by_code=MappingProxyType(by_code),
        position=MappingProxyType(position),
        children=MappingProxyType({k: tuple(v) for k, v in children.items()}),
        roots=tuple(c for c in courts if c.parent is None),
        by_name=MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
        by_short=MappingProxyType({k: tuple(v) for k, v in by_short.items()}),
        parent_index=_readonly(np.array(parents, dtype=np.intp)),
        ranks=_readonly(np.array([c.level.rank for c in courts], dtype=np.int64)),
    )


@attrs.frozen
class CourtTree:
    """A validated, immutable set of courts linked by parent codes; courts keep insertion order.

    Construction refuses, in one `CourtTreeError` (an `OrgError`) listing every fault: duplicate
    codes, parents that do not exist, cycles, and impossible parents (a tribunal must be under a
    basic court, a basic court under an intermediate one, an intermediate under a high court, a
    high court under the supreme court, and the supreme court has no parent). A court of any
    level may be a root, so a tree can cover one city under its intermediate court.
    """

    courts: tuple[Court, ...] = attrs.field(converter=_court_tuple)
    _index: _Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = _find_problems(self.courts)
        if problems:
            raise CourtTreeError(problems)
        # The class is frozen; the derived index is set once, here, and never changes.
        object.__setattr__(self, "_index", _build_index(self.courts))

    def __reduce__(self) -> tuple[type[CourtTree], tuple[tuple[Court, ...]]]:
        # Pickled as its courts (the index of read-only tables is rebuilt): multiprocessing
        # and caches need trees, and results that carry one.
        return (CourtTree, (self.courts,))

    @classmethod
    def from_courts(cls, courts: Iterable[Court]) -> CourtTree:
        """The tree of `courts`; the same as `CourtTree(courts)`."""
        return cls(courts)

    def to_list(self) -> list[Court]:
        """The courts in insertion order, ready for serialization."""
        return list(self.courts)

    @property
    def codes(self) -> tuple[str, ...]:
        """The court codes in insertion order."""
        return tuple(self._index.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._index.by_code

    def __iter__(self) -> Iterator[Court]:
        return iter(self.courts)

    def __len__(self) -> int:
        return len(self.courts)

    def get(self, code: str) -> Court:
        """The court with this code; `UnknownNameError` if there is none."""
        court = self._index.by_code.get(require_code(code, "CourtTree.get: code"))
        if court is None:
            raise UnknownNameError("court", code, self._index.by_code)
        return court

    def find(self, name: str) -> Court:
        """The court with this Chinese name.

        Accepts the exact name (济南市长清区人民法院), the name without 人民 (济南市长清区法院),
        and that form without leading administrative units (长清区法院) when only one court fits.
        """
        key = require_code(name, "CourtTree.find: name", "a court name (str)").strip()
        codes = self._index.by_name.get(key) or self._index.by_short.get(_short_name(key))
        if not codes:
            codes = tuple(c.code for c in self.courts if _is_suffix_form(key, c.name))
        if not codes:
            raise UnknownNameError("court name", name, self._index.by_name)
        if len(codes) > 1:
            msg = f"court name {name!r} is ambiguous: courts {', '.join(map(repr, codes))}"
            raise OrgError(msg)
        return self._index.by_code[codes[0]]

    def level_of(self, code: str) -> CourtLevel:
        """The level of the court with this code."""
        return self.get(code).level

    def parent(self, code: str) -> Court | None:
        """The court directly above, or None for a root."""
        parent = self.get(code).parent
        return None if parent is None else self._index.by_code[parent]

    def roots(self) -> tuple[Court, ...]:
        """The courts without a parent, in insertion order."""
        return self._index.roots

    def children(self, code: str) -> tuple[Court, ...]:
        """The courts directly under this one, in insertion order."""
        self.get(code)
        return self._index.children[code]

    def descendants(self, code: str) -> tuple[Court, ...]:
        """Every court below this one, depth-first (pre-order), children in insertion order."""
        found: list[Court] = []
        stack = list(reversed(self.children(code)))
        while stack:
            court = stack.pop()
            found.append(court)
            stack.extend(reversed(self._index.children[court.code]))
        return tuple(found)

    def ancestors(self, code: str) -> tuple[Court, ...]:
        """The courts above this one, nearest (the parent) first, the root last."""
        found: list[Court] = []
        parent = self.parent(code)
        while parent is not None:
            found.append(parent)
            parent = self.parent(parent.code)
        return tuple(found)

    def peers(self, code: str) -> tuple[Court, ...]:
        """The peer group (全市法院): every court under the same parent, this court INCLUDED.

        For a root, the peers are all roots. Order is insertion order.
        """
        parent = self.get(code).parent
        return self._index.roots if parent is None else self._index.children[parent]

    def at_level(self, level: CourtLevel, under: str | None = None) -> tuple[Court, ...]:
        """The courts of `level`, in the whole tree or among the descendants of `under`.

        For example, 各基层法院 of a city is `at_level(CourtLevel.BASIC, under=city_court)`.
        """
        pool = self.courts if under is None else self.descendants(under)
        return tuple(c for c in pool if c.level is level)

    # -- arrays for batch work -------------------------------------------------------------

    def index(self, codes: Sequence[str]) -> npt.NDArray[np.intp]:
        """The insertion positions of `codes`, for indexing arrays aligned with the tree."""
        position = self._index.position
        unknown = [c for c in codes if not isinstance(c, str) or c not in position]
        if unknown:
            raise UnknownNameError("court", unknown[0], position)
        return np.array([position[c] for c in codes], dtype=np.intp)

    @property
    def parent_index(self) -> npt.NDArray[np.intp]:
        """Per court in insertion order, its parent's position or -1 for a root (read-only)."""
        return self._index.parent_index

    @property
    def ranks(self) -> npt.NDArray[np.int64]:
        """For each court in insertion order, `level.rank` (read-only)."""
        return self._index.ranks

    def parent_codes(self, codes: Sequence[str]) -> list[str | None]:
        """The parent code of each of `codes`, None for roots."""
        return [self.get(c).parent for c in codes]
