"""Peer-relative usage: 移动执行使用率 against the city's courts, 50/50, capped at 100%.

Each component compares a court's per-capita figure (numerator / denominator, e.g. logins
per enforcement officer) with its peer group's. The peer figure is the group's pooled
ratio, Σ numerator / Σ denominator over the courts that reported both, not the mean of
the courts' own ratios: a small court weighs as little as its staff. In a batch the groups
come from the court tree (courts under one parent, one period); a row that supplies the
peer figure itself (the city average as published) uses that figure instead.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import FormulaError
from courtinfo.data import FloatArray, group_sums
from courtinfo.formulas._base import (
    Env,
    Formula,
    Outcome,
    StatusArray,
    blanks,
    cap,
    divide,
    nans,
    worst,
)
from courtinfo.formulas._params import (
    NAME,
    a_name,
    list_of,
    of_kind,
    optional_weight,
    parameter,
    weight,
)
from courtinfo.formulas.registry import register


@attrs.frozen
class PeerComponent:
    """numerator / denominator against the same ratio of the peer group, weighted."""

    numerator: str = attrs.field(validator=a_name)
    denominator: str = attrs.field(validator=a_name)
    weight: float = attrs.field(converter=parameter(weight))  # type: ignore[misc]
    peer: str | None = attrs.field(default=None, validator=of_kind((str, type(None)), f"{NAME} or None"))


_PARTS = list_of(PeerComponent)

#: The most rows whose components are computed together, one row each (a snapshot): on
#: more rows, stacking them would cost a copy of every column.
_STACK_ROWS = 64


def pooled_peer_ratio(env: Env, num: FloatArray, den: FloatArray) -> FloatArray:
    """Σ num / Σ den of each row's peer group, NaN where the row has no group."""
    return _gather(env, peer_figures(env, num, den))


def peer_figures(env: Env, num: FloatArray, den: FloatArray) -> FloatArray | None:
    """Σ num / Σ den of each peer group over the rows of `env`, by group number (None when
    no row has a group)."""
    groups = env.peer_groups
    if groups is None or not (groups >= 0).any():
        return None
    ok = pooled_rows(env, num, den)
    size = int(groups.max()) + 1
    # Pooled in a canonical order: the same data give the same bits whatever the row order
    # or partitioning (see `group_sums`).
    num_sum = group_sums(groups[ok], num[ok], size)
    den_sum = group_sums(groups[ok], den[ok], size)
    return divide(num_sum, den_sum)


def pooled_rows(env: Env, num: FloatArray, den: FloatArray) -> npt.NDArray[np.bool_]:
    """The rows a peer pool adds up: in a group, both figures given, not left out of
    every pool (`Env.unpooled`: rows flagged invalid)."""
    if env.peer_groups is None:
        return np.zeros(env.n, dtype=bool)
    ok = (env.peer_groups >= 0) & ~np.isnan(num) & ~np.isnan(den)
    if env.unpooled is not None:
        ok &= ~env.unpooled
    return ok


def peer_shares(num: FloatArray, den: FloatArray, peer: FloatArray) -> tuple[FloatArray, StatusArray]:
    """(num / den) / peer of arrays of any shape, and its statuses: NaN and not provided
    where a figure is missing, NaN and not applicable where either denominator is 0."""
    zero = (den == 0.0) | (peer == 0.0)
    # Both denominators blanked (NaN) where either is 0, kept elsewhere: the plain divisions
    # then give NaN exactly where a figure is missing or a denominator is 0, no warning.
    blank = blanks(zero)
    share = np.add(den, blank)
    np.divide(num, share, out=share)
    np.divide(share, np.add(peer, blank, out=blank), out=share)
    # NaN where a figure is missing (NOT_PROVIDED, 1) or a denominator is 0; a zero
    # denominator adds 1 more (ZERO_DENOMINATOR, 2).
    status = np.isnan(share).view(np.uint8)
    np.add(status, zero.view(np.uint8), out=status)
    return share, status


def _gather(env: Env, figures: FloatArray | None) -> FloatArray:
    """Each row's figure of its peer group, NaN where it has none."""
    groups = env.peer_groups
    if figures is None or groups is None:
        return nans(env.n)
    return np.where(groups >= 0, figures[np.maximum(groups, 0)], np.nan)


@register("peer_relative")
@attrs.frozen
class PeerRelative(Formula):
    """Σ weight × (own per-capita / peer per-capita), capped (100% by default)."""

    components: tuple[PeerComponent, ...] = attrs.field()
    cap: float | None = attrs.field(default=1.0, converter=parameter(optional_weight))  # type: ignore[misc]

    @components.validator
    def _at_least_one(self, field: attrs.Attribute[Any], value: tuple[PeerComponent, ...]) -> None:
        _PARTS(self, field, value)
        if not value:
            msg = "a peer-relative formula needs at least one component"
            raise FormulaError(msg)

    def references(self) -> tuple[str, ...]:
        refs: list[str] = []
        for c in self.components:
            refs += [c.numerator, c.denominator] + ([c.peer] if c.peer else [])
        return tuple(refs)

    def compute(self, env: Env) -> Outcome:
        return self._against_peers(env, self.cap)

    def uncapped(self, env: Env) -> Outcome:
        """The value before the cap: the figure an explanation shows where the cap limited
        the value."""
        return self._against_peers(env, None)

    def _against_peers(self, env: Env, limit: float | None) -> Outcome:
        n = env.n
        parts = self.components
        reads = [(env.get(c.numerator), env.get(c.denominator)) for c in parts]
        peers = [self.peer_figure(env, c) for c in parts]
        rows: list[tuple[FloatArray, StatusArray]]
        if len(parts) > 1 and 0 < n <= _STACK_ROWS:
            # A few rows (one snapshot): every component in one pass, a row each. The same
            # operations on the same numbers as one at a time: the same bits, NaN's too.
            shares, status = peer_shares(
                np.concatenate([num for num, _ in reads]).reshape(-1, n),
                np.concatenate([den for _, den in reads]).reshape(-1, n),
                np.concatenate(peers).reshape(-1, n),
            )
            rows = list(zip(shares, status, strict=True))
        else:
            rows = [peer_shares(num, den, peer) for (num, den), peer in zip(reads, peers, strict=True)]
        total: FloatArray | None = None
        small = n <= _STACK_ROWS
        for c, (share, _) in zip(parts, rows, strict=True):
            # In place on many rows (no new column); on a few, new arrays: numpy writes
            # into a one-element array twice as slowly as it makes a new one.
            weighted = share * c.weight if small else np.multiply(share, c.weight, out=share)
            if total is None:
                total = weighted
            else:
                total = np.add(total, weighted) if small else np.add(total, weighted, out=weighted)
        assert total is not None  # at least one component
        # Each share is NaN exactly where its status is not OK, so the sum is too.
        return Outcome(cap(total, limit), worst(*(s for _, s in rows)))

    @staticmethod
    def peer_figure(env: Env, c: PeerComponent) -> FloatArray:
        """The figure each row's component `c` is measured against: the peer figure
        supplied where given, else its group's pooled ratio (NaN: none)."""
        if c.peer is not None and env.peer_groups is None:
            return env.get(c.peer)  # no groups to pool: only a supplied figure can count
        if env.whole is env:
            peer = pooled_peer_ratio(env, env.get(c.numerator), env.get(c.denominator))
        else:
            # A chunk of a long batch: its groups pooled over the whole batch, once.
            whole = env.whole
            figures = env.memo(
                ("peer", c.numerator, c.denominator),
                lambda: peer_figures(whole, whole.get(c.numerator), whole.get(c.denominator)),
            )
            peer = _gather(env, figures)
        if c.peer is None:
            return peer
        supplied = env.get(c.peer)
        return np.where(np.isnan(supplied), peer, supplied)
