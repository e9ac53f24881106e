"""League tables (排名) of the courts under one parent court, for one period.

A ranking reads `PeerFigures` (`courtinfo.evaluation.peer_figures`): the courts' court-level
figures and their pools, evaluated once each by the caller; it evaluates nothing itself.

* Rank: competition ranking (1, 1, 3): a court's rank is one more than the number of courts
  strictly better; higher is better unless the indicator's direction is `lower`; courts without
  a value are listed but not ranked. Values equal to 12 decimals tie.
* A court's value comes from its court-level row; a court reported only by departments is
  the sum of the departments that provided the indicator's inputs (so a department that
  reported a numerator without its denominator does not pair it with another's).
* Peer average (全市法院平均（合并计算）): pooled. The inputs of the peers with a value are
  summed and the indicator is evaluated on the sum, so 4/10 and 90/100 average 94/110 = 85.5%,
  not the mean of the two rates (65%). For total points the pooled points of every scored
  indicator are added. An indicator reading yes/no answers or choices (a checklist, a
  capability) takes the courts' mean: answers pool as "any", so two courts with 6 of 8
  functions each, not the same six, would pool to 8 of 8.
* Excellence benchmark (优秀标准（前25%）): the top-quartile value, the 75th percentile of the
  ranked courts' values (numpy's 'linear' method); the 25th percentile when lower is better.
* Leading group (第一方阵): rank ≤ `leading_group_size` (ties at the edge are in), by default
  the scheme's `leading_group_size`, else 5.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError, SchemeError, argument, wrong_type
from courtinfo.data import FloatArray, IntArray
from courtinfo.evaluation import PeerFigures
from courtinfo.formulas import Status
from courtinfo.indicators import Direction, Rounding
from courtinfo.org import CourtLevel
from courtinfo.periods import Period
from courtinfo.report._lang import (
    Lang,
    check_lang,
    invalid_lines,
    missing_reason,
    pick,
    yes_no,
)
from courtinfo.report._render import (
    BLANK,
    Table,
    format_points,
    format_shown,
    none_if_nan,
    render_csv,
    render_json,
)

#: The indicator argument that ranks on a scored scheme's total points.
TOTAL = "total"
DEFAULT_LEADING_GROUP = 5


def _numbers(values: npt.ArrayLike, argument: str) -> FloatArray:
    """`values` as a one-dimensional float array; an `InputError` naming `argument` if they
    are not a sequence of numbers (a lone number or text is no column)."""
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        x = np.zeros((0, 0))
    if x.ndim != 1 or isinstance(values, (str, bytes)):
        expected = "a one-dimensional sequence or array of numbers"
        raise InputError(wrong_type(argument, expected, values))
    return x


#: Values equal to this many decimal places tie: float noise of the arithmetic is no lead.
_TIE_PLACES = 12


def _rank_key(values: npt.ArrayLike, argument: str, higher_is_better: bool) -> FloatArray:
    """What ranks sort by: the values rounded to `_TIE_PLACES` places, negated when higher
    is better (NaN stays NaN: not ranked)."""
    x = np.round(_numbers(values, argument), _TIE_PLACES)
    return -x if higher_is_better else x


def competition_rank(values: npt.ArrayLike, higher_is_better: bool = True) -> IntArray:
    """Competition ranks (1, 1, 3) of `values`; 0 where a value is NaN (not ranked)."""
    key = _rank_key(values, "competition_rank: values", higher_is_better)
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
    key = _rank_key(values, "group_ranks: values", higher_is_better)
    g = np.asarray(groups, dtype=np.int64)
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
    x = _numbers(values, "top_quartile: values")
    x = x[~np.isnan(x)]
    if not len(x):
        return None
    return float(np.percentile(x, 75 if higher_is_better else 25, method="linear"))


@attrs.frozen
class RankingEntry:
    """One court's place in the table; `reason` says why it has no value."""

    court: str
    name: str
    value: float | None
    rank: int | None
    leading: bool
    reason: str = ""


#: Who the peers are, by the parent's level: 全省 under a high court, 全市 under a city's.
_PEERS_ZH = {
    CourtLevel.SUPREME: "全国法院",
    CourtLevel.HIGH: "全省法院",
    CourtLevel.INTERMEDIATE: "全市法院",
    CourtLevel.BASIC: "全院",
}


@attrs.frozen
class Ranking:
    """A league table of the courts under `parent` for one indicator (or total points).

    `peer_average` is evaluated on the pooled inputs of the courts with a value (全市/全省法院平均);
    `benchmark` (优秀标准) is the top-quartile value, the 75th percentile (25th when lower is
    better); an entry is `leading` (第一方阵) when its rank is at most `leading_group_size`.
    Texts (title, headers, footer, reasons) are in `lang`.
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
    peers_zh: str = "全市法院"
    lang: Lang = "zh"
    invalid: tuple[str, ...] = ()
    """The courts' rows flagged invalid (`invalid="flag"`), one line each: in no figure here."""
    rounding: Rounding | None = None
    notes: tuple[str, ...] = ()
    """Lines said before the ranking in every format: what a roll-up over time covered (a year
    of 10 of its 52 weeks is partial), so that a Word or Excel copy says it too."""
    """How the indicator's source rounds its figures: values are shown so, ranked unrounded
    (two courts shown alike may rank apart)."""

    def _fmt(self, x: float | None) -> str:
        if self.indicator == TOTAL:
            return format_points(x)
        return format_shown(x, self.unit, self.max_points, self.rounding, lang=self.lang)

    @property
    def title(self) -> str:
        """'上海市第二中级人民法院辖区法院排名 2022年第21周：网上立案率'."""
        if self.lang == "zh":
            return f"{self.parent_name}辖区法院排名 {self.period.label_zh}：{self.name_zh}"
        return f"{self.parent_name} 辖区法院排名 {self.period}: {self.name_zh}"

    @property
    def headers(self) -> tuple[str, ...]:
        """The table's column headers."""
        value = pick(self.lang, "总分", "points") if self.indicator == TOTAL else None
        return (
            pick(self.lang, "名次", "名次 rank"),
            pick(self.lang, "法院代码", "court"),
            pick(self.lang, "法院", "法院 name"),
            value or pick(self.lang, "数值", "value"),
            pick(self.lang, "第一方阵", "第一方阵 leading"),
        )

    def table(self) -> Table:
        """The entries as a table."""
        rows = tuple(
            (
                str(e.rank) if e.rank else BLANK,
                e.court,
                e.name,
                self._fmt(e.value) if e.value is not None else (e.reason or BLANK),
                yes_no(e.leading, self.lang),
            )
            for e in self.entries
        )
        return Table(self.headers, rows, right=frozenset({0, 3}))

    def footer(self) -> list[str]:
        """The peer figures under the table: average, benchmark, leading group."""
        n = len(self.invalid)
        if self.lang == "zh":
            flagged = [f"数据有误{n}行，未参与排名与{self.peers_zh}平均："] if n else []
            return [
                f"{self.peers_zh}平均（合并计算）：{self._fmt(self.peer_average)}",
                f"优秀标准（前25%）：{self._fmt(self.benchmark)}",
                f"第一方阵：前{self.leading_group_size}名",
                *flagged,
                *self.invalid,
            ]
        flagged = [f"{n} row{'s' if n != 1 else ''} invalid, left out of the ranking and the average:"]
        return [
            f"peer average (pooled inputs): {self._fmt(self.peer_average)}",
            f"excellence benchmark (top quartile): {self._fmt(self.benchmark)}",
            f"leading group (第一方阵): top {self.leading_group_size}",
            *(flagged if n else []),
            *self.invalid,
        ]

    def to_text(self) -> str:
        """The table with its title and the peer figures, aligned for a terminal."""
        return "\n".join([*self.notes, self.title, "", self.table().to_text(), *self.footer()]) + "\n"

    def to_markdown(self) -> str:
        """The table as Markdown under a heading."""
        foot = "\n".join(f"- {line}" for line in self.footer())
        notes = "".join(f"{x}  \n" for x in self.notes) + ("\n" if self.notes else "")
        return f"{notes}## {self.title}\n\n{self.table().to_markdown()}\n{foot}\n"

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
            "lang": self.lang,
            "title": self.title,
            "notes": list(self.notes),
            "peer_average": self.peer_average,
            "benchmark": self.benchmark,
            "leading_group_size": self.leading_group_size,
            "footer": self.footer(),
            "entries": [attrs.asdict(e) for e in self.entries],
            "invalid": list(self.invalid),
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


@argument('peers', PeerFigures, "PeerFigures (from courtinfo.evaluation.peer_figures)")
def rank_courts(
    peers: PeerFigures,
    indicator: str = TOTAL,
    *,
    leading_group_size: int | None = None,
    lang: Lang = "zh",
) -> Ranking:
    """The courts of `peers` ranked on `indicator` ('total' for a scored scheme's total points).

    `peers` is `courtinfo.evaluation.peer_figures(results, parent=, period=)`: the courts'
    figures and pools, evaluated once; one `peers` serves every indicator. Ranks are
    competition ranks (1, 1, 3); the peer average pools the inputs of the ranked courts; the
    excellence benchmark is the top-quartile value (see the module notes); the leading group
    is rank ≤ `leading_group_size` (default: the scheme's, else 5).
    """
    lang = check_lang(lang)
    if leading_group_size is not None and leading_group_size < 1:
        msg = f"leading_group_size must be at least 1, not {leading_group_size}"
        raise InputError(msg)
    scheme = peers.scheme
    total = indicator == TOTAL
    if total and not scheme.scored:
        msg = f"scheme {scheme.code!r} awards no points, so there is no 'total' to rank on"
        raise SchemeError(msg)
    ind = None if total else scheme.indicator(indicator)
    if ind is None:
        values, reasons, pooled = _total_column(peers)
    else:
        values, reasons, pooled = _indicator_column(peers, ind.code, lang)
    higher = ind is None or ind.direction is Direction.HIGHER
    ranks = competition_rank(values, higher)
    size = leading_group_size or scheme.leading_group_size or DEFAULT_LEADING_GROUP
    entries = [
        RankingEntry(
            court=c.code,
            name=c.name,
            value=none_if_nan(float(v)),
            rank=int(r) or None,
            leading=bool(0 < r <= size),
            reason="" if v == v else reasons.get(c.code) or _absent(c.code, peers, lang),
        )
        for c, v, r in zip(peers.children, values, ranks, strict=True)
    ]
    entries.sort(key=lambda e: (e.rank is None, e.rank or 0))
    return Ranking(
        scheme=scheme.code,
        indicator=TOTAL if ind is None else ind.code,
        name_zh="总分" if ind is None else ind.name_zh,
        unit="points" if ind is None else ind.unit.value,
        direction=Direction.HIGHER.value if ind is None else ind.direction.value,
        parent=peers.parent.code,
        parent_name=peers.parent.name,
        period=peers.period,
        entries=tuple(entries),
        peer_average=none_if_nan(pooled),
        benchmark=top_quartile(values, higher),
        leading_group_size=size,
        max_points=scheme.max_points if ind is None else ind.max_points,
        peers_zh=_PEERS_ZH.get(peers.parent.level, "全市法院"),
        lang=lang,
        invalid=invalid_lines(scheme, peers.invalid, lang),
        rounding=None if ind is None else ind.rounding,
    )


def _absent(court: str, peers: PeerFigures, lang: Lang) -> str:
    if court in peers.present:
        return pick(
            lang,
            "未提供：没有部门报送该指标的数据",
            "not provided: no department reported the inputs",
        )
    return pick(lang, "无数据", "no data")


def _indicator_column(
    peers: PeerFigures, code: str, lang: Lang
) -> tuple[npt.NDArray[np.float64], dict[str, str], float]:
    """Each court's value of `code`, the reasons of those without one, the pooled value."""
    fig = peers.courts.results
    values = []
    reasons: dict[str, str] = {}
    for c in peers.children:
        i = peers.courts.row(code, c.code, peers.period)
        if i is None:
            values.append(np.nan)
            continue
        values.append(float(fig.values[code][i]))
        status = Status(int(fig.statuses[code][i]))
        if status is not Status.OK:
            missing = fig.missing_inputs(code, i) if status is Status.NOT_PROVIDED else ()
            reasons[c.code] = missing_reason(fig.scheme, status, missing, lang)
    return np.array(values, dtype=np.float64), reasons, peers.pooled_value(code)


def _total_column(peers: PeerFigures) -> tuple[npt.NDArray[np.float64], dict[str, str], float]:
    """Total points per court present (an indicator without a value adds 0) and of the pool."""
    scheme = peers.scheme
    values = np.array(
        [0.0 if c.code in peers.present else np.nan for c in peers.children], dtype=np.float64
    )
    pooled = 0.0
    for ind in scheme.numbered:
        if ind.max_points is None:
            continue
        column = np.array([peers.value(ind.code, c.code) for c in peers.children])
        values += np.nan_to_num(column, nan=0.0) * ind.max_points
        p = peers.pooled_value(ind.code)
        pooled += 0.0 if p != p else p * ind.max_points
    return values, {}, pooled
