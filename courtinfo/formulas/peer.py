"""Peer-relative usage: 移动执行使用率 against the city's courts, 50/50, capped at 100%.

Each component compares a court's per-capita figure (numerator / denominator, e.g. logins
per enforcement officer) with its peer group's. The peer figure is the group's pooled
ratio, Σ numerator / Σ denominator over the courts that reported both, not the mean of
the courts' own ratios: a small court weighs as little as its staff. In a batch the groups
come from the court tree (courts under one parent, one period); a row that supplies the
peer figure itself (the city average as published) uses that figure instead.
"""

from __future__ import annotations

import attrs
import numpy as np

from courtinfo._values import FloatArray
from courtinfo.formulas._base import Env, Formula, Outcome, Status, cap, divide, worst
from courtinfo.formulas._params import optional_weight, weight
from courtinfo.formulas.registry import register


@attrs.frozen
class PeerComponent:
    """numerator / denominator against the same ratio of the peer group, weighted."""

    numerator: str
    denominator: str
    weight: float = attrs.field(converter=weight)
    peer: str | None = None


def pooled_peer_ratio(env: Env, num: FloatArray, den: FloatArray) -> FloatArray:
    """Σ num / Σ den of each row's peer group, NaN where the row has no group."""
    if env.peer_groups is None or not (env.peer_groups >= 0).any():
        return np.full(env.n, np.nan)
    groups = env.peer_groups
    ok = (groups >= 0) & ~np.isnan(num) & ~np.isnan(den)
    size = int(groups.max()) + 1 if len(groups) else 0
    num_sum = np.bincount(groups[ok], weights=num[ok], minlength=size).astype(np.float64)
    den_sum = np.bincount(groups[ok], weights=den[ok], minlength=size).astype(np.float64)
    pooled = divide(num_sum, den_sum)
    return np.where(groups >= 0, pooled[np.maximum(groups, 0)], np.nan)


@register("peer_relative")
@attrs.frozen
class PeerRelative(Formula):
    """Σ weight × (own per-capita / peer per-capita), capped (100% by default)."""

    components: tuple[PeerComponent, ...]
    cap: float | None = attrs.field(default=1.0, converter=optional_weight)

    def references(self) -> tuple[str, ...]:
        refs: list[str] = []
        for c in self.components:
            refs += [c.numerator, c.denominator] + ([c.peer] if c.peer else [])
        return tuple(refs)

    def compute(self, env: Env) -> Outcome:
        total: FloatArray = np.zeros(env.n)
        statuses = []
        for c in self.components:
            num, den = env.get(c.numerator), env.get(c.denominator)
            own = divide(num, den)
            peer = pooled_peer_ratio(env, num, den)
            if c.peer is not None:
                supplied = env.get(c.peer)
                peer = np.where(np.isnan(supplied), peer, supplied)
            total = total + c.weight * divide(own, peer)
            missing = np.isnan(num) | np.isnan(den) | np.isnan(peer)
            zero = (den == 0) | (peer == 0)
            status = np.where(missing, np.uint8(Status.NOT_PROVIDED), np.uint8(Status.OK))
            statuses.append(
                np.where(zero, np.uint8(Status.ZERO_DENOMINATOR), status).astype(np.uint8)
            )
        return Outcome.of(cap(total, self.cap), worst(*statuses))
