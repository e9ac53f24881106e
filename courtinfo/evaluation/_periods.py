"""Roll-ups over time: weeks into months, quarters and years, and year to date (累计).

Each input combines by its `aggregate` (`Input.over_time`): a flow sums (filings, hearings),
a stock takes its last value (officers on staff, pending at the end) or its first (旧存),
an average its mean, yes/no answers and choices "any" or "all". An input without one (a
measure the scheme does not declare, a column the scheme does not know) is refused: no input
is ever summed over weeks unless the scheme says it is a flow, or it is a count, whose
default is a sum (and a count whose label reads as a stock must declare, see `check_scheme`).

Weeks go into months, quarters and years by ISO's own rule: a week belongs to the month and
year of its Thursday (2020-W53, Thursday 2020-12-31, is in December 2020; 2019-W01, Monday
2018-12-31, is in January 2019), so every week is counted once. Year to date ("ytd",
1–N周累计, 1–N月累计) gives, for every period in the batch, the span from the start of its
year to its end: weeks 1..N of its ISO year (a range from the Monday of week 1), or months
January..M of its calendar year.

Each row says which source periods it covers (`PeriodRollup.covers`): how many, the first and
the last, out of how many the period has. A row covering fewer than its period has (the
current month so far, or a week not reported) is `partial`.

Where a source row did not provide an input, `missing` decides as for the tree roll-ups:
"propagate" (the default) makes a sum, mean, any or all not provided; "skip" leaves the row
out. A stock takes the latest row's value ("propagate") or the latest value provided ("skip").
Free-text answers (`texts`) are not carried over time.

How it is computed: for months, quarters and years each source row is keyed to its group
(court × department × target period), the keys are sorted once (stably, the sources already in
time order), and every column is combined per group with `np.bincount` or by picking the first
or last row of each group. Year to date lays each court's and department's year out as one row
of a grid (one column per period of the year, in time order) and accumulates along it
(`np.cumsum`, running maxima for the latest row, `bitwise_or.accumulate` for choices): one pass,
linear in the rows, where copying every row into each later span it counts in grew with the
square of the weeks. Both add a group's values in time order from 0, so a year to date equals,
to the bit, the year roll-up of its weeks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import InputError, Problem, ValidationError, argument, did_you_mean, shown
from courtinfo.data import (
    BoolArray,
    Column,
    FloatArray,
    IntArray,
    SnapshotBatch,
    ValueKind,
)
from courtinfo.evaluation._rollup import MissingPolicy, _check_policy, check_sums
from courtinfo.evaluation._shift import week_span
from courtinfo.indicators import Aggregate, Scheme
from courtinfo.periods import Period, PeriodKind

#: What `rollup_periods` rolls up to.
GRAINS = ("month", "quarter", "year", "ytd")

#: How fine each source grain is; a period is rolled up only into a coarser one.
_RANK = {PeriodKind.WEEK: 0, PeriodKind.MONTH: 1, PeriodKind.QUARTER: 2, PeriodKind.YEAR: 3}
_TARGET_RANK = {"month": 1, "quarter": 2, "year": 3}
_NOUN = {PeriodKind.WEEK: "week", PeriodKind.MONTH: "month", PeriodKind.QUARTER: "quarter", PeriodKind.YEAR: "year"}
#: The Chinese noun of each source grain after a number (13周, 12个月) and its measure word
#: alone (13周中的8周, 12个月中的4个).
_NOUN_ZH = {
    PeriodKind.WEEK: ("周", "周"),
    PeriodKind.MONTH: ("个月", "个"),
    PeriodKind.QUARTER: ("个季度", "个"),
    PeriodKind.YEAR: ("年", "年"),
}


@attrs.frozen(eq=False)
class PeriodRollup:
    """A batch rolled up over time, and the source periods each of its rows covers.

    `batch` is an ordinary batch (evaluate it, roll it up the court tree); per row,
    `covered` counts the source periods summed, `expected` how many the period has, and
    `first`/`last` index the earliest and latest of them in `sources`.
    """

    batch: SnapshotBatch
    to: str
    sources: tuple[Period, ...]
    covered: IntArray
    expected: IntArray
    first: IntArray
    last: IntArray

    def __len__(self) -> int:
        return len(self.batch)

    @property
    def partial(self) -> BoolArray:
        """Per row: does it cover fewer source periods than its period has (so far, or gaps)?"""
        return self.covered < self.expected

    def covers(self, i: int, lang: str = "en") -> str:
        """Which source periods row `i` covers: '2020-W49..2020-W53 (5 of 5 weeks)', or with
        `lang="zh"` '2020年第49周至2020年第53周，共5周' ('…，13周中的8周，不完整' when partial)."""
        first, last = self.sources[int(self.first[i])], self.sources[int(self.last[i])]
        covered, expected = int(self.covered[i]), int(self.expected[i])
        if lang == "zh":
            noun, measure = _NOUN_ZH[first.kind]
            span = first.label_zh if first == last else f"{first.label_zh}至{last.label_zh}"
            if not self.partial[i]:
                return f"{span}，共{expected}{noun}"
            return f"{span}，{expected}{noun}中的{covered}{measure}，不完整"
        if lang != "en":
            msg = f"covers: lang {shown(lang)} is not 'zh' (Chinese) or 'en' (English)"
            raise InputError(msg)
        noun = _NOUN[first.kind] + ("s" if expected != 1 else "")
        span = str(first) if first == last else f"{first}..{last}"
        text = f"{span} ({covered} of {expected} {noun})"
        return text + (", partial" if self.partial[i] else "")


def _aggregates(
    batch: SnapshotBatch, aggregates: Scheme | Mapping[str, Aggregate | str]
) -> dict[str, Aggregate]:
    """Every column's aggregate; every column without one is a problem, all listed at once."""
    if isinstance(aggregates, Scheme):
        declared = {i.id: i for i in aggregates.inputs}
        table: dict[str, Aggregate | None] = {k: i.over_time for k, i in declared.items()}
        where = f"scheme {aggregates.code!r}"
    elif isinstance(aggregates, Mapping):
        table = {}
        problems: list[Problem] = []
        for name, value in aggregates.items():
            try:
                table[name] = Aggregate(value)
            except ValueError:
                valid = ", ".join(a.value for a in Aggregate)
                problems.append(Problem(f"aggregates.{name}", f"{shown(value)} is not one of {valid}"))
        if problems:
            raise ValidationError(problems)
        where = "the aggregates given"
    else:
        msg = f"rollup_periods: aggregates must be a Scheme or a mapping of input to aggregate, not {type(aggregates).__name__}"
        raise InputError(msg)
    out: dict[str, Aggregate] = {}
    problems = []
    for name in batch.inputs:
        if name not in table:
            msg = f"{where} does not know input {name!r}, so cannot say how it adds up over time{did_you_mean(name, table)}"
            problems.append(Problem(f"values.{name}", msg))
            continue
        agg = table[name]
        if agg is None:
            msg = (
                f"{where} does not say how {name!r} (a measure) adds up over time: declare its "
                'aggregate ("sum", "last", "first", "mean" or "none")'
            )
            problems.append(Problem(f"values.{name}", msg))
            continue
        kind = batch.kinds.get(name, ValueKind.MEASURE)
        if agg in (Aggregate.ALL, Aggregate.ANY) and kind not in (ValueKind.YES_NO, ValueKind.CHOICE):
            problems.append(Problem(f"values.{name}", f"aggregate {agg.value!r} takes yes/no answers or choices, not {kind} values"))
        elif agg in (Aggregate.SUM, Aggregate.MEAN) and kind in (ValueKind.YES_NO, ValueKind.CHOICE):
            problems.append(Problem(f"values.{name}", f"aggregate {agg.value!r} takes numbers, not {kind} values"))
        out[name] = agg
    if problems:
        raise ValidationError(problems)
    return out


def _source_kind(periods: tuple[Period, ...], to: str) -> PeriodKind:
    """The one grain of the batch's periods, refused when it cannot be rolled up `to`."""
    kinds = {p.kind for p in periods}
    if len(kinds) > 1:
        msg = f"the batch mixes {' and '.join(sorted(k.value + 's' for k in kinds))}; roll up one grain at a time"
        raise InputError(msg)
    kind = next(iter(kinds)) if kinds else PeriodKind.WEEK
    if kind not in _RANK:
        msg = "date ranges cannot be rolled up over time: report weeks, months, quarters or years"
        raise InputError(msg)
    if to != "ytd" and _RANK[kind] > _TARGET_RANK[to]:
        msg = f"a {kind.value} cannot be rolled up into a {to}: it is longer"
        raise InputError(msg)
    if to == "ytd" and kind is PeriodKind.YEAR:
        msg = "years are already whole years: year to date takes weeks, months or quarters"
        raise InputError(msg)
    return kind


def _targets(periods: tuple[Period, ...], to: str) -> tuple[list[list[Period]], dict[Period, int]]:
    """Per source period, the periods it rolls up into; per target, how many sources it has."""
    kind = _source_kind(periods, to)
    expected: dict[Period, int] = {}
    out: list[list[Period]] = []
    for p in periods:
        anchor = p.start
        if kind is PeriodKind.WEEK:
            anchor = p.start.fromordinal(p.start.toordinal() + 3)  # its Thursday
        target = Period.of_date(anchor, PeriodKind(to))
        out.append([target])
        if target not in expected:
            if kind is PeriodKind.WEEK:
                expected[target] = len(target.weeks())
            else:
                expected[target] = {("month", 1): 1, ("quarter", 1): 3, ("quarter", 2): 1, ("year", 1): 12, ("year", 2): 4, ("year", 3): 1}[to, _RANK[kind]]
    return out, expected


def _year_of(p: Period) -> int:
    """The year a week, month or quarter belongs to (a week: its ISO year, by its Thursday)."""
    return p.iso_year if p.kind is PeriodKind.WEEK else p.start.year


def _ytd(p: Period) -> Period:
    """From the start of `p`'s year to its end: weeks 1..N of its ISO year, or January..p."""
    if p.kind is PeriodKind.WEEK:
        return week_span(p.iso_year, p.iso_week)
    return Period.range(date(p.start.year, 1, 1), p.end)


@argument('batch', SnapshotBatch, "a SnapshotBatch (dataset.batch())")
def rollup_periods(
    batch: SnapshotBatch,
    to: str = "month",
    *,
    aggregates: Scheme | Mapping[str, Aggregate | str],
    missing: MissingPolicy = "propagate",
) -> PeriodRollup:
    """Every court's and department's rows rolled up into months, quarters, years or year to date.

    `aggregates` is the scheme whose inputs say how each combines over time (or a mapping
    from input to "sum", "last", "first", "mean", "all", "any" or "none"). Combine with the
    tree roll-ups on the result's `batch`: ``rollup_tree(rollup_periods(b, "month",
    aggregates=s).batch, tree)``. See the module's notes for the rules.
    """
    _check_policy(missing, "rollup_periods")
    if to not in GRAINS:
        msg = f"rollup_periods: to must be one of {', '.join(repr(g) for g in GRAINS)}, not {shown(to)}"
        raise InputError(msg)
    if not batch.checked:
        # A row twice (one week under two labels, two exports concatenated) was summed twice
        # into its month and kept once by the year to date: refused, as the tree roll-ups do.
        batch = batch.validated()
    table = _aggregates(batch, aggregates)
    if to == "ytd":
        return _year_to_date(batch, table, missing)
    targets_of, expected_of = _targets(batch.periods, to)
    targets = tuple(sorted({t for ts in targets_of for t in ts}))
    position = {t: k for k, t in enumerate(targets)}
    # Source rows, each in the one target it counts in.
    order = np.argsort(batch.period_index, kind="stable")
    bounds = np.searchsorted(batch.period_index[order], np.arange(len(batch.periods) + 1))
    rows_parts: list[IntArray] = []
    target_parts: list[IntArray] = []
    # Sources in time order, so that a stable sort by group keeps each group's rows in time
    # order (for first and last) without sorting on the period as well.
    for s in np.argsort(_ranks(batch.periods), kind="stable").tolist():
        rows = order[bounds[s] : bounds[s + 1]]
        for t in targets_of[s]:
            rows_parts.append(rows)
            target_parts.append(np.full(len(rows), position[t], dtype=np.int64))
    rows_all = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int64)
    target_all = np.concatenate(target_parts) if target_parts else np.zeros(0, dtype=np.int64)
    nd, nt = len(batch.departments), len(targets)
    key = (batch.court_index[rows_all] * nd + batch.department_index[rows_all]) * nt + target_all
    sort = np.argsort(key, kind="stable")
    rows_all, key = rows_all[sort], key[sort]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, dtype=np.int64)
    codes = key[starts]
    members = np.diff(np.r_[starts, len(key)])
    group = np.repeat(np.arange(len(codes)), members)
    ends = starts + members - 1
    src = batch.period_index[rows_all]

    def combine(col: Column, name: str) -> FloatArray:
        agg, kind = table[name], batch.kinds.get(name, ValueKind.MEASURE)
        if agg is Aggregate.NONE:
            return np.full(len(codes), np.nan)
        source = np.asarray(col, dtype=np.float64)
        if agg in (Aggregate.LAST, Aggregate.FIRST) and missing == "propagate":
            at = ends if agg is Aggregate.LAST else starts
            picked: FloatArray = source[rows_all[at]]
            return picked
        # Every value provided (the usual column): counts are the group sizes, no masking.
        whole = not np.isnan(source).any()
        values: FloatArray = source[rows_all]
        given = np.ones(len(values), dtype=bool) if whole else ~np.isnan(values)
        count = members.astype(np.float64) if whole else np.bincount(group, weights=given, minlength=len(codes))
        complete = count == members if missing == "propagate" else count > 0
        if agg in (Aggregate.LAST, Aggregate.FIRST):
            # The latest (earliest) value provided: among the provided rows of each group.
            idx = np.flatnonzero(given)
            out = np.full(len(codes), np.nan)
            if len(idx):
                g = group[idx]
                pick = np.flatnonzero(np.r_[g[1:] != g[:-1], True]) if agg is Aggregate.LAST else np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
                out[g[pick]] = values[idx[pick]]
            return out
        if kind is ValueKind.CHOICE:
            bits = np.nan_to_num(values, nan=0.0).astype(np.int64)
            if agg is Aggregate.ANY:
                acc = np.zeros(len(codes), dtype=np.int64)
                np.bitwise_or.at(acc, group, bits)
            else:
                acc = np.full(len(codes), -1, dtype=np.int64)
                np.bitwise_and.at(acc, group[given], bits[given])
            return np.where(complete, acc.astype(np.float64), np.nan)
        total = np.bincount(group, weights=values if whole else np.where(given, values, 0.0), minlength=len(codes))
        return _from_totals(agg, kind, name, total, count, complete, where)

    def where(i: int) -> str:
        return _whose(batch, int(codes[i]) // nt, targets[int(codes[i] % nt)])

    target_index = codes % nt
    rolled = _rolled(batch, codes // nt, targets, target_index, combine)
    expected = np.array([expected_of[t] for t in targets], dtype=np.int64)[target_index]
    return PeriodRollup(
        batch=rolled,
        to=to,
        sources=batch.periods,
        covered=members.astype(np.int64),
        expected=expected,
        first=src[starts].astype(np.int64),
        last=src[ends].astype(np.int64),
    )


def _year_to_date(
    batch: SnapshotBatch, table: Mapping[str, Aggregate], missing: MissingPolicy
) -> PeriodRollup:
    """`rollup_periods(batch, "ytd")`: each court's and department's year as a grid row, one
    column per period of the year in time order, accumulated along the row."""
    kind = _source_kind(batch.periods, "ytd")
    n_periods = len(batch.periods)
    time_rank = _ranks(batch.periods)
    in_time = np.argsort(time_rank)  # period indices in time order
    year_of = np.array([_year_of(p) for p in batch.periods], dtype=np.int64)
    years_in_time = year_of[in_time]
    # Years are contiguous in time (a week's ISO year never goes back): each year is a run.
    year_starts = np.flatnonzero(np.r_[True, years_in_time[1:] != years_in_time[:-1]]) if n_periods else np.zeros(0, dtype=np.int64)
    year_sizes = np.diff(np.r_[year_starts, n_periods])
    year_id = np.empty(n_periods, dtype=np.int64)
    year_id[in_time] = np.repeat(np.arange(len(year_starts)), year_sizes)
    column = np.empty(n_periods, dtype=np.int64)  # each period's place in its year
    column[in_time] = np.arange(n_periods) - np.repeat(year_starts, year_sizes)
    width = int(year_sizes.max()) if n_periods else 1
    spans = [_ytd(p) for p in batch.periods]
    targets = tuple(sorted(set(spans)))
    position = {t: k for k, t in enumerate(targets)}
    # The target and source period of every grid cell (year, column). Only the cells of a
    # year's own columns are read, and each is one of its periods: the rest stay unset.
    cell_period = np.empty((len(year_starts), width), dtype=np.int64)
    cell_period[year_id, column] = np.arange(n_periods)
    cell_target = np.empty(cell_period.shape, dtype=np.int64)
    cell_target[year_id, column] = [position[t] for t in spans]
    expected_of = np.array(
        [
            p.iso_week if kind is PeriodKind.WEEK else p.end.month // (1 if kind is PeriodKind.MONTH else 3)
            for p in batch.periods
        ],
        dtype=np.int64,
    )

    # Grid rows: court × department × year, in that order.
    nd, ny = len(batch.departments), len(year_starts)
    row_year = year_id[batch.period_index]
    key = (batch.court_index * nd + batch.department_index) * ny + row_year
    codes, grid_row = np.unique(key, return_inverse=True)
    grid_row = grid_row.ravel()
    n_rows = len(codes)
    cell = grid_row * width + column[batch.period_index]
    flat = np.zeros(n_rows * width, dtype=bool)
    flat[cell] = True
    present = flat.reshape(n_rows, width)
    where = np.arange(width)
    # The latest reported column up to each column; a row's output runs from its first report
    # to the last period of its year in the batch.
    latest = np.maximum.accumulate(np.where(present, where, -1), axis=1)
    first_col = np.argmax(present, axis=1)
    year_of_row = codes % ny
    sizes = year_sizes[year_of_row]
    out = (where >= first_col[:, None]) & (where < sizes[:, None])
    covered_grid = np.cumsum(present, axis=1)
    rows_idx, cols_idx = np.nonzero(out)
    lat = latest[rows_idx, cols_idx]

    def grid(col: Column) -> FloatArray:
        g = np.full(n_rows * width, np.nan)
        g[cell] = np.asarray(col, dtype=np.float64)
        return g.reshape(n_rows, width)

    def combine(col: Column, name: str) -> FloatArray:
        agg, value_kind = table[name], batch.kinds.get(name, ValueKind.MEASURE)
        if agg is Aggregate.NONE:
            return np.full(len(rows_idx), np.nan)
        values = grid(col)
        if agg in (Aggregate.LAST, Aggregate.FIRST) and missing == "propagate":
            at = lat if agg is Aggregate.LAST else first_col[rows_idx]
            picked: FloatArray = values[rows_idx, at]
            return picked
        given = present & ~np.isnan(values)
        count = np.cumsum(given, axis=1)[rows_idx, cols_idx]
        complete = count == covered_grid[rows_idx, cols_idx] if missing == "propagate" else count > 0
        if agg is Aggregate.LAST:
            at = np.maximum.accumulate(np.where(given, where, -1), axis=1)[rows_idx, cols_idx]
            return np.where(at >= 0, values[rows_idx, np.maximum(at, 0)], np.nan)
        if agg is Aggregate.FIRST:
            first_given = np.where(given.any(axis=1), np.argmax(given, axis=1), width)[rows_idx]
            return np.where(first_given <= cols_idx, values[rows_idx, np.minimum(first_given, width - 1)], np.nan)
        if value_kind is ValueKind.CHOICE:
            bits = np.where(given, values, 0.0).astype(np.int64)  # NaN only where not given
            if agg is Aggregate.ANY:
                acc = np.bitwise_or.accumulate(bits, axis=1)
            else:
                acc = np.bitwise_and.accumulate(np.where(given, bits, -1), axis=1)
            return np.where(complete, acc[rows_idx, cols_idx].astype(np.float64), np.nan)
        total = np.cumsum(np.where(given, values, 0.0), axis=1)[rows_idx, cols_idx]
        return _from_totals(agg, value_kind, name, total, count, complete, row_name)

    def row_name(i: int) -> str:
        target = targets[int(cell_target[year_of_row[rows_idx[i]], cols_idx[i]])]
        return _whose(batch, int(codes[rows_idx[i]]) // ny, target)

    target_index = cell_target[year_of_row[rows_idx], cols_idx]
    rolled = _rolled(batch, codes[rows_idx] // ny, targets, target_index, combine)
    return PeriodRollup(
        batch=rolled,
        to="ytd",
        sources=batch.periods,
        covered=covered_grid[rows_idx, cols_idx].astype(np.int64),
        expected=expected_of[cell_period[year_of_row[rows_idx], cols_idx]],
        first=cell_period[year_of_row[rows_idx], first_col[rows_idx]],
        last=cell_period[year_of_row[rows_idx], lat],
    )


def _from_totals(
    agg: Aggregate,
    kind: ValueKind,
    name: str,
    total: npt.NDArray[Any],
    count: npt.NDArray[Any],
    complete: BoolArray,
    where: Callable[[int], str],
) -> FloatArray:
    """A sum, mean, any or all from each group's total and count of values provided; not
    provided where the group is not `complete`. Sums past 2**53 are refused (`check_sums`),
    `where(i)` naming the row."""
    if agg is Aggregate.SUM:
        out = total
    elif agg is Aggregate.MEAN:
        with np.errstate(invalid="ignore", divide="ignore"):
            out = total / count
    elif agg is Aggregate.ANY:
        out = (total > 0).astype(np.float64)
    else:  # ALL of yes/no answers: every provided answer is yes
        out = (total == count).astype(np.float64)
    out = np.where(complete, out, np.nan)
    if agg is Aggregate.SUM:
        check_sums(name, out, kind, where)
    return out


def _rolled(
    batch: SnapshotBatch,
    unit: IntArray,
    targets: tuple[Period, ...],
    target_index: IntArray,
    combine: Callable[[Column, str], FloatArray],
) -> SnapshotBatch:
    """The rolled-up batch: per row its court × department `unit` and target period, every
    column (and platform column) combined by `combine`."""
    nd = len(batch.departments)
    return SnapshotBatch(
        courts=batch.courts,
        court_index=unit // nd,
        departments=batch.departments,
        department_index=unit % nd,
        periods=targets,
        period_index=target_index,
        columns={name: combine(col, name) for name, col in batch.columns.items()},
        platform={name: combine(col, name) for name, col in batch.platform.items()},
        kinds=batch.kinds,
        checked=batch.checked,
        signed=batch.signed,
    )


def _whose(batch: SnapshotBatch, unit: int, period: Period) -> str:
    """A rolled-up row named by its court × department `unit` and its period."""
    court, department = divmod(unit, len(batch.departments))
    whose = f"court {batch.courts[court]!r}"
    if batch.departments[department]:
        whose += f", department {batch.departments[department]!r}"
    return f"{whose}, period {period}"


def _ranks(periods: tuple[Period, ...]) -> npt.NDArray[np.int64]:
    """Each period's place in time order."""
    order = sorted(range(len(periods)), key=lambda k: periods[k].sort_key)
    ranks = np.empty(len(periods), dtype=np.int64)
    ranks[order] = np.arange(len(periods))
    return ranks
