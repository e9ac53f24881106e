"""League tables (排名) of the courts under one parent court, for one period.

* Rank: competition ranking (1, 1, 3): a court's rank is one more than the number of courts
  strictly better; higher is better unless the indicator's direction is `lower`; courts without
  a value are listed but not ranked. Values equal to 12 decimals tie.
* A court's value comes from its court-level row; a court reported only by departments is
  the sum of the departments that provided the indicator's inputs (so a department that
  reported a numerator without its denominator does not pair it with another's).
* Peer average (全市法院平均): pooled. The inputs of the peers with a value are summed (as
  `rollup_departments` sums them: counts add, yes/no is "any", choices unite) and the indicator
  is evaluated on the sum, so 4/10 and 90/100 average 94/110 = 85.5%, not the mean of the two
  rates (65%). For total points this is done per scored indicator and the points are added.
* Excellence benchmark (优秀标准): the top-quartile value, the 75th percentile of the ranked
  courts' values (numpy's 'linear' method); the 25th percentile when lower is better.
* Leading group (第一方阵): rank ≤ `leading_group_size` (ties at the edge are in), by default
  the scheme's `leading_group_size`, else 5.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import CourtinfoError, InputError, SchemeError
from courtinfo.data import COURT_LEVEL, FloatArray, IntArray, SnapshotBatch
from courtinfo.evaluation import Results, evaluate, rollup_departments
from courtinfo.formulas import PeerRelative, Status
from courtinfo.indicators import Direction, Scheme
from courtinfo.org import Court, CourtTree
from courtinfo.periods import Period
from courtinfo.report._render import (
    BLANK,
    Table,
    format_points,
    format_value,
    format_yes_no,
    none_if_nan,
    render_csv,
    render_json,
)

#: The indicator argument that ranks on a scored scheme's total points.
TOTAL = "total"
DEFAULT_LEADING_GROUP = 5


def competition_rank(values: npt.ArrayLike, higher_is_better: bool = True) -> IntArray:
    """Competition ranks (1, 1, 3) of `values`; 0 where a value is NaN (not ranked)."""
    x = np.round(np.asarray(values, dtype=np.float64), 12)
    key = -x if higher_is_better else x
    valid = ~np.isnan(key)
    ordered = np.sort(key[valid])
    ranks = np.searchsorted(ordered, np.where(valid, key, 0.0), side="left") + 1
    return np.where(valid, ranks, 0).astype(np.int64)


def group_ranks(
    values: npt.ArrayLike, groups: npt.ArrayLike, higher_is_better: bool = True
) -> IntArray:
    """Competition ranks of `values` within each group, for every row at once.

    `groups` numbers each row's group (e.g. the peer groups of a batch: courts under one
    parent in one period); rows of group -1, and NaN values, are not ranked (0). The same
    ranks as `competition_rank` on each group alone, with one sort for all groups.
    """
    x = np.round(np.asarray(values, dtype=np.float64), 12)
    g = np.asarray(groups, dtype=np.int64)
    key = -x if higher_is_better else x
    rows = np.flatnonzero(~np.isnan(key) & (g >= 0))
    # By value, then (stably) by group: two plain sorts, cheaper than a two-key lexsort.
    by_value = np.argsort(key[rows], kind="stable")
    order = rows[by_value[np.argsort(g[rows][by_value], kind="stable")]]
    gs, ks = g[order], key[order]
    n = len(order)
    position = np.arange(n)
    starts_group = np.r_[True, gs[1:] != gs[:-1]] if n else np.zeros(0, dtype=bool)
    starts_tie = starts_group | np.r_[True, ks[1:] != ks[:-1]] if n else starts_group
    # Each row's first position in its group, and in its run of equal values.
    group_start = np.maximum.accumulate(np.where(starts_group, position, 0))
    tie_start = np.maximum.accumulate(np.where(starts_tie, position, 0))
    ranks = np.zeros(len(key), dtype=np.int64)
    ranks[order] = tie_start - group_start + 1
    return ranks


def top_quartile(values: npt.ArrayLike, higher_is_better: bool = True) -> float | None:
    """The 75th percentile (25th when lower is better) of the non-NaN values, 'linear'."""
    x = np.asarray(values, dtype=np.float64)
    x = x[~np.isnan(x)]
    if not len(x):
        return None
    return float(np.percentile(x, 75 if higher_is_better else 25, method="linear"))


@attrs.frozen
class RankingEntry:
    """One court's place in the table."""

    court: str
    name: str
    value: float | None
    rank: int | None
    leading: bool
    reason: str = ""


@attrs.frozen
class Ranking:
    """A league table of the courts under `parent` for one indicator (or total points).

    `peer_average` is evaluated on the pooled inputs of the courts with a value (全市/全省法院平均);
    `benchmark` (优秀标准) is the top-quartile value, the 75th percentile (25th when lower is
    better); an entry is `leading` (第一方阵) when its rank is at most `leading_group_size`.
    """

    scheme: str
    indicator: str
    name_zh: str
    unit: str
    direction: str
    parent: str
    parent_name: str
    period: Period
    entries: tuple[RankingEntry, ...]
    peer_average: float | None
    benchmark: float | None
    leading_group_size: int
    max_points: float | None = None

    def _fmt(self, x: float | None) -> str:
        if self.indicator == TOTAL:
            return format_points(x)
        return format_value(x, self.unit, self.max_points)

    @property
    def title(self) -> str:
        """A heading such as '上海市第二中级人民法院 辖区法院排名 2022-W21: 网上立案率'."""
        return f"{self.parent_name} 辖区法院排名 {self.period}: {self.name_zh}"

    def table(self) -> Table:
        """The entries as a table."""
        rows = tuple(
            (
                str(e.rank) if e.rank else BLANK,
                e.court,
                e.name,
                self._fmt(e.value) if e.value is not None else (e.reason or BLANK),
                format_yes_no(e.leading),
            )
            for e in self.entries
        )
        headers = ("名次 rank", "court", "法院 name", "value", "第一方阵 leading")
        return Table(headers, rows, right=frozenset({0, 3}))

    def _footer(self) -> list[str]:
        return [
            f"peer average (pooled inputs): {self._fmt(self.peer_average)}",
            f"excellence benchmark (top quartile): {self._fmt(self.benchmark)}",
            f"leading group (第一方阵): top {self.leading_group_size}",
        ]

    def to_text(self) -> str:
        """The table with its title and the peer figures, aligned for a terminal."""
        return "\n".join([self.title, "", self.table().to_text(), *self._footer()]) + "\n"

    def to_markdown(self) -> str:
        """The table as Markdown under a heading."""
        foot = "\n".join(f"- {line}" for line in self._footer())
        return f"## {self.title}\n\n{self.table().to_markdown()}\n{foot}\n"

    def to_csv(self) -> str:
        """One line per court: rank, court, name, value (unrounded), leading, reason."""
        return render_csv(
            ("rank", "court", "name", "value", "leading", "reason"),
            ((e.rank, e.court, e.name, e.value, e.leading, e.reason) for e in self.entries),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (values unrounded)."""
        return {
            "scheme": self.scheme,
            "indicator": self.indicator,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "direction": self.direction,
            "parent": self.parent,
            "parent_name": self.parent_name,
            "period": str(self.period),
            "peer_average": self.peer_average,
            "benchmark": self.benchmark,
            "leading_group_size": self.leading_group_size,
            "entries": [attrs.asdict(e) for e in self.entries],
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


def court_rows(
    batch: SnapshotBatch,
    codes: list[str],
    period: Period,
    usable: npt.NDArray[np.bool_] | None = None,
) -> SnapshotBatch:
    """One court-level row per court of `codes` in `period`: as reported, else its departments summed.

    `usable` (one flag per row of `batch`) limits the department rows that are summed.
    """
    in_scope = np.isin(np.array(batch.courts, dtype=object), np.array(codes, dtype=object))
    known_period = [k for k, p in enumerate(batch.periods) if p == period]
    rows = in_scope[batch.court_index] & np.isin(batch.period_index, known_period)
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    court_level = rows & (labels == COURT_LEVEL)
    have = np.zeros(len(batch.courts), dtype=bool)
    have[batch.court_index[court_level]] = True
    dept_rows = rows & (labels != COURT_LEVEL) & ~have[batch.court_index]
    if usable is not None:
        dept_rows &= usable
    own = batch.take(np.flatnonzero(court_level))
    if not dept_rows.any():
        return own
    rolled = rollup_departments(batch.take(np.flatnonzero(dept_rows)))
    return _join(own, rolled) if len(own) else rolled


def _join(*parts: SnapshotBatch) -> SnapshotBatch:
    """Batches joined and re-coded; a column absent from one part is not provided there."""

    def stack(attr: str) -> dict[str, FloatArray]:
        names = sorted({n for p in parts for n in getattr(p, attr)})
        return {
            n: np.concatenate(
                [np.asarray(getattr(p, attr).get(n, np.full(len(p), np.nan)), float) for p in parts]
            )
            for n in names
        }

    kinds: dict[str, Any] = {}
    for p in parts:
        kinds.update(p.kinds)
    return SnapshotBatch.from_columns(
        court=[c for p in parts for c in p.court_index_labels()],
        department=[d for p in parts for d in p.department_labels()],
        period=[q for p in parts for q in p.period_labels()],
        columns=stack("columns"),
        platform=stack("platform"),
        kinds=kinds,
    )


def only(scheme: Scheme, code: str) -> Scheme:
    """`scheme` cut down to indicator `code` and the indicators it reads."""
    by_code = {i.code: i for i in scheme.indicators}
    keep: set[str] = set()
    todo = [scheme.indicator(code).code]
    while todo:
        c = todo.pop()
        if c not in keep:
            keep.add(c)
            refs = (r.partition(":")[0] for r in by_code[c].formula.references())
            todo += [r for r in refs if r in by_code]
    return attrs.evolve(scheme, indicators=tuple(i for i in scheme.indicators if i.code in keep))


def pooled_results(scheme: Scheme, batch: SnapshotBatch, level: Court) -> Results:
    """The scheme evaluated on the sum of all rows of `batch` (one period), as one court of `level`.

    The pooled row sits alone under a stand-in parent, so a peer-relative indicator compares
    the pool with itself; peer figures supplied per row (the published city averages) are
    dropped before summing, as a sum of averages means nothing.
    """
    peers = _supplied_peer_inputs(scheme)
    pool = SnapshotBatch.from_columns(
        court=["peers"] * len(batch),
        department=[f"r{i}" for i in range(len(batch))],
        period=batch.period_labels(),
        columns={k: v for k, v in batch.columns.items() if k not in peers},
        platform={k: v for k, v in batch.platform.items() if k not in peers},
        kinds=batch.kinds,
    )
    parent_level = level.level.parent_level
    stand_in = [Court("peers", "peers", level.level, "pool" if parent_level else None)]
    if parent_level is not None:
        stand_in.insert(0, Court("pool", "pool", parent_level))
    return evaluate(scheme, rollup_departments(pool), courts=CourtTree(stand_in), allow_extra=True)


def _supplied_peer_inputs(scheme: Scheme) -> set[str]:
    found: set[str] = set()
    for ind in scheme.indicators:
        if isinstance(ind.formula, PeerRelative):
            found |= {c.peer for c in ind.formula.components if c.peer}
    return found


@attrs.frozen
class _Column:
    """One indicator over the courts: value and reason per court, and the pooled value."""

    values: dict[str, float]
    reasons: dict[str, str]
    pooled: float


def _indicator_column(
    results: Results, code: str, children: list[Court], period: Period
) -> _Column:
    tree = results.courts
    assert tree is not None
    scheme = only(results.scheme, code)
    codes = [c.code for c in children]
    usable = results.statuses[code] != Status.NOT_PROVIDED
    batch = court_rows(results.batch, codes, period, usable)
    values: dict[str, float] = {}
    reasons: dict[str, str] = {}
    if not len(batch):
        return _Column(values, reasons, np.nan)
    res = evaluate(scheme, batch, courts=tree, allow_extra=True)
    for i, court in enumerate(res.batch.court_index_labels()):
        values[court] = float(res.values[code][i])
        if res.statuses[code][i] != Status.OK:
            reasons[court] = res.row(i, code).reason
    ok = np.flatnonzero(res.statuses[code] == Status.OK)
    pooled = np.nan
    if len(ok):
        pool = pooled_results(scheme, batch.take(ok), children[0])
        pooled = float(pool.values[code][0])
    return _Column(values, reasons, pooled)


def rank_courts(
    results: Results,
    *,
    parent: str,
    period: Period | str,
    indicator: str = TOTAL,
    leading_group_size: int | None = None,
) -> Ranking:
    """The courts directly under `parent` ranked on `indicator` ('total' for total points).

    Ranks are competition ranks (1, 1, 3); the peer average pools the inputs of the ranked
    courts; the excellence benchmark is the top-quartile value (see the module notes); the
    leading group is rank ≤ `leading_group_size` (default: the scheme's, else 5).
    """
    if leading_group_size is not None and leading_group_size < 1:
        msg = f"leading_group_size must be at least 1, not {leading_group_size}"
        raise InputError(msg)
    tree = results.courts
    if tree is None:
        msg = "ranking courts needs a court tree: give evaluate() courts= or a dataset with courts"
        raise CourtinfoError(msg)
    parent_court = tree.get(parent)
    children = list(tree.children(parent))
    if not children:
        msg = f"court {parent!r} ({parent_court.name}) has no courts under it to rank"
        raise InputError(msg)
    when = period if isinstance(period, Period) else Period.parse(period)
    scheme = results.scheme
    total = indicator == TOTAL
    if total and not scheme.scored:
        msg = f"scheme {scheme.code!r} awards no points, so there is no 'total' to rank on"
        raise SchemeError(msg)
    ind = None if total else scheme.indicator(indicator)
    codes = [c.code for c in children]
    present = set(court_rows(results.batch, codes, when).court_index_labels())
    if not present:
        msg = f"no data for the courts under {parent!r} in {when}"
        raise InputError(msg)
    if ind is None:
        column = _total_column(results, children, when)
    else:
        column = _indicator_column(results, ind.code, children, when)
    higher = ind is None or ind.direction is Direction.HIGHER
    values = np.array([column.values.get(c, np.nan) for c in codes])
    ranks = competition_rank(values, higher)
    size = leading_group_size or scheme.leading_group_size or DEFAULT_LEADING_GROUP
    entries = [
        RankingEntry(
            court=c.code,
            name=c.name,
            value=none_if_nan(float(v)),
            rank=int(r) or None,
            leading=bool(0 < r <= size),
            reason="" if v == v else column.reasons.get(c.code, _absent(c.code, present)),
        )
        for c, v, r in zip(children, values, ranks, strict=True)
    ]
    entries.sort(key=lambda e: (e.rank is None, e.rank or 0))
    return Ranking(
        scheme=scheme.code,
        indicator=indicator,
        name_zh="总分" if ind is None else ind.name_zh,
        unit="points" if ind is None else ind.unit.value,
        direction=Direction.HIGHER.value if ind is None else ind.direction.value,
        parent=parent,
        parent_name=parent_court.name,
        period=when,
        entries=tuple(entries),
        peer_average=none_if_nan(column.pooled),
        benchmark=top_quartile(values, higher),
        leading_group_size=size,
        max_points=scheme.max_points if ind is None else ind.max_points,
    )


def _absent(court: str, present: set[str]) -> str:
    if court in present:
        return "not provided: no department reported the inputs"
    return "no data"


def _total_column(results: Results, children: list[Court], period: Period) -> _Column:
    """Total points per court (an indicator without a value adds 0) and of the pool."""
    codes = [c.code for c in children]
    present = court_rows(results.batch, codes, period).court_index_labels()
    values = dict.fromkeys(present, 0.0)
    pooled = 0.0
    for ind in results.scheme.numbered:
        if ind.max_points is None:
            continue
        col = _indicator_column(results, ind.code, children, period)
        for court in values:
            v = col.values.get(court, np.nan)
            values[court] += 0.0 if v != v else v * ind.max_points
        pooled += 0.0 if col.pooled != col.pooled else col.pooled * ind.max_points
    return _Column(values, {}, pooled)
