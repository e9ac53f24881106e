"""The formula contract: typed parameters, one array definition, explicit missing values."""

from __future__ import annotations

import abc
import enum
import functools
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import Any, ClassVar

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import UnknownNameError
from courtinfo.data import FloatArray, option_bit
from courtinfo.formulas._params import parts_of

StatusArray = npt.NDArray[np.uint8]


class Status(enum.IntEnum):
    """Why a result has, or lacks, a value; larger codes win when statuses combine."""

    OK = 0
    NOT_PROVIDED = 1
    """NA: an input the rule needs is missing."""
    ZERO_DENOMINATOR = 2
    """NAP: the rule divides by zero, so it has no answer for this row."""
    NO_CAPABILITY = 3
    """NAP: the court lacks the capability the indicator measures."""
    CATEGORY_ABSENT = 4
    """NAP: the category the indicator measures does not exist here, as a yes/no input
    declares (CEPEJ's NAP: the type of dispute does not exist in the State's system)."""
    INVALID = 5
    """The row's inputs break the indicator's rule (a numerator above its denominator), and
    the caller chose to flag such rows (`invalid="flag"`) rather than refuse the batch. The
    largest code: a result computed from an invalid one is invalid too."""

    @property
    def missing_code(self) -> str | None:
        """'NA', 'NAP' (as CEPEJ codes missing data), 'INVALID', or None for a value."""
        if self is Status.OK:
            return None
        if self is Status.INVALID:
            return "INVALID"
        return "NA" if self is Status.NOT_PROVIDED else "NAP"


@attrs.frozen(eq=False)
class Outcome:
    """A formula's answer for every row: values (NaN unless OK) and their statuses.

    `violations` marks rows whose inputs break the formula's rule (e.g. a numerator above
    its denominator where that is an input error); `violation` says which rule.
    """

    value: FloatArray
    status: StatusArray
    violations: npt.NDArray[np.bool_] | None = None
    violation: str = ""

    @classmethod
    def of(cls, value: FloatArray, status: StatusArray) -> Outcome:
        """Values blanked to NaN wherever the status is not OK."""
        return cls(np.where(status == Status.OK, value, np.nan), status)


class Env:
    """What a formula reads: named columns of one batch, and facts about its rows.

    `lookup` returns the float column of an input or an already computed indicator (NaN
    where not provided) and `status_of` its status; `peer_groups` numbers each row's peer
    group (courts under one parent in one period), or is None when no court tree is known;
    `court_level` holds each row's court level rank (NaN when unknown). `computed` names
    the columns whose status is more than their NaN-ness (indicators already computed;
    None: ask `status_of` for every name). `nonnegative` promises that every input is at
    least 0 (a validated batch), so formulas need not check sums of inputs for sign, except
    for the inputs named in `signed` (declared `signed = true`: they may be negative).
    `unpooled` marks rows left out of every peer pool (rows flagged invalid): they still
    get their group's figure, but add nothing to it.

    `rows(lo, hi)` gives the same environment over a slice of the rows, for evaluating a
    long batch in chunks; its `whole` is the environment of the whole batch, which figures
    over many rows (peer pools) are computed on, once (`memo`), so a chunk's rows get the
    bits the whole batch gives them.
    """

    def __init__(
        self,
        n: int,
        lookup: Callable[[str], FloatArray],
        status_of: Callable[[str], StatusArray] | None = None,
        peer_groups: npt.NDArray[np.int64] | None = None,
        court_level: FloatArray | None = None,
        *,
        computed: Collection[str] | None = None,
        nonnegative: bool = False,
        signed: Collection[str] = frozenset(),
        unpooled: npt.NDArray[np.bool_] | None = None,
    ) -> None:
        self.n = n
        self._lookup = lookup
        self._status_of = status_of
        self.peer_groups = peer_groups
        self._court_level = court_level
        self._computed = computed
        self.nonnegative = nonnegative
        self.signed = signed
        self.unpooled = unpooled
        # None for the whole batch's own environment: `self` here would be a reference
        # cycle, keeping every column the evaluation read until the cyclic collector came.
        self._whole: Env | None = None
        self._memo: dict[Hashable, Any] = {}

    @property
    def whole(self) -> Env:
        """The environment of the whole batch (this one, unless made by `rows`)."""
        return self if self._whole is None else self._whole

    def rows(self, lo: int, hi: int) -> Env:
        """This environment over rows lo..hi-1: views of its columns, the same whole batch."""
        whole = self.whole
        lookup, status_of = whole._lookup, whole._status_of
        part = Env(
            hi - lo,
            lambda name: lookup(name)[lo:hi],
            None if status_of is None else lambda name: status_of(name)[lo:hi],
            None if whole.peer_groups is None else whole.peer_groups[lo:hi],
            None if whole._court_level is None else whole._court_level[lo:hi],
            computed=whole._computed,
            nonnegative=whole.nonnegative,
            signed=whole.signed,
            unpooled=None if whole.unpooled is None else whole.unpooled[lo:hi],
        )
        part._whole = whole
        return part

    def memo(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """`make()` computed once per environment and key (a figure of the whole batch)."""
        memo = self.whole._memo
        if key not in memo:
            memo[key] = make()
        return memo[key]

    @property
    def court_level(self) -> FloatArray:
        """Each row's court level rank, NaN where unknown."""
        if self._court_level is None:
            return nans(self.n)
        return self._court_level

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any], **kw: Any) -> Env:
        """An environment over plain arrays or numbers, e.g. for trying a formula by hand."""
        cols = {k: np.atleast_1d(np.asarray(v, dtype=np.float64)) for k, v in columns.items()}
        n = max((len(c) for c in cols.values()), default=1)

        def lookup(name: str) -> FloatArray:
            try:
                return np.broadcast_to(cols[name], (n,))
            except KeyError:
                raise UnknownNameError("input", name, cols) from None

        return cls(n, lookup, **kw)

    def get(self, name: str) -> FloatArray:
        """The column for an input, an option (``q1:C``) or a computed indicator."""
        if ":" not in name:  # no option: the name is looked up as it is
            return self._lookup(name)
        base, letter, shift = parts_of(name)
        if letter:
            # ``q1:C@year_ago`` is option C of q1's answer a year earlier.
            mask = self._lookup(base if shift is None else f"{base}@{shift}")
            bit = float(1 << option_bit(letter))
            with np.errstate(invalid="ignore"):
                return np.where(np.isnan(mask), np.nan, np.floor(mask / bit) % 2)
        return self._lookup(name)

    def derived(self, name: str) -> bool:
        """True when `name`'s status says more than whether its value is NaN: a computed
        indicator, in its own period or an earlier one (``x@previous``)."""
        if ":" not in name and "@" not in name:  # a plain name is its own base
            return self._status_of is not None and (
                self._computed is None or name in self._computed
            )
        base, letter, _ = parts_of(name)
        if self._status_of is None or letter:
            return False
        return self._computed is None or base in self._computed

    def status(self, name: str) -> StatusArray:
        """The status of a name: a computed indicator's own, else NA wherever it is NaN."""
        if self.derived(name):
            assert self._status_of is not None
            return self._status_of(name)
        return np.isnan(self.get(name)).view(np.uint8)


def nans(shape: int | tuple[int, ...]) -> FloatArray:
    """A float array of NaN: np.full, at a fraction of its cost per call on small arrays."""
    out = np.empty(shape)
    out.fill(np.nan)
    return out


#: 0.0 and NaN, picked by a mask (`blanks`), on at most `_PICKED` cells.
_PICKED = 64
_ZERO_OR_NAN = np.array([0.0, np.nan])
_ZERO_OR_NAN.flags.writeable = False


def blanks(mask: npt.NDArray[np.bool_]) -> FloatArray:
    """NaN where `mask`, 0.0 elsewhere: added to a column, it blanks the masked cells and
    keeps the rest (x + 0.0 is x; only -0.0 becomes 0.0), with no floating-point warning
    (picked, not computed: no 0 / 0)."""
    if mask.size <= _PICKED:
        return _ZERO_OR_NAN.take(mask)  # False and True pick items 0 and 1
    # Picking by index would first make a column of indexes: on many rows, one pass.
    return np.where(mask, np.nan, 0.0)


def worst(*statuses: StatusArray) -> StatusArray:
    """Statuses combined row by row: the largest code wins."""
    return functools.reduce(np.maximum, statuses)


def status_where(n: int, **conditions: npt.NDArray[np.bool_]) -> StatusArray:
    """A status array from boolean masks named after `Status` members."""
    out = np.zeros(n, dtype=np.uint8)
    for name, mask in conditions.items():
        out = np.where(mask, np.maximum(out, Status[name.upper()]), out).astype(np.uint8)
    return out


class Formula(abc.ABC):
    """A computation rule (口径) with typed, frozen parameters.

    Subclasses are frozen attrs classes registered under a stable name; they read their
    inputs through an `Env` and compute every row at once with numpy. A single snapshot is
    a batch of one, so there is one definition of the arithmetic.
    """

    #: Set by `register`: the stable name under which scheme files refer to the formula.
    kind: ClassVar[str] = ""

    @abc.abstractmethod
    def references(self) -> tuple[str, ...]:
        """Every input or indicator name this formula reads (options as ``q1:C``)."""

    @abc.abstractmethod
    def compute(self, env: Env) -> Outcome:
        """Values and statuses for every row of `env`."""

    def evaluate(self, columns: Mapping[str, Any], **kw: Any) -> Outcome:
        """Compute over plain arrays or numbers keyed by input name."""
        return self.compute(Env.from_columns(columns, **kw))

    def evaluate_one(self, values: Mapping[str, float | bool | None]) -> float | None:
        """The value for one snapshot's worth of numbers, or None when there is none."""
        cols = {k: (np.nan if v is None else float(v)) for k, v in values.items()}
        out = self.evaluate(cols)
        x = float(out.value[0])
        return None if np.isnan(x) else x


def divide(num: FloatArray, den: FloatArray) -> FloatArray:
    """num / den with NaN, not a warning or an error, where den is 0 or either is NaN."""
    out = nans(np.broadcast(num, den).shape)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.divide(num, den, out=out, where=den != 0)


def cap(values: FloatArray, limit: float | None) -> FloatArray:
    """values capped at `limit` (None: no cap); NaN stays NaN."""
    return values if limit is None else np.minimum(values, limit)
