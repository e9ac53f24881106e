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

How it is computed: each source row is keyed to its group (court × department × target
period; for year to date, once per span it counts in), the keys are sorted once (stably, the
sources already in time order), and every column is combined per group with `np.bincount` or
by picking the first or last row of each group.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

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

    def covers(self, i: int) -> str:
        """Which source periods row `i` covers, e.g. '2020-W49..2020-W53 (5 of 5 weeks)'."""
        first, last = self.sources[int(self.first[i])], self.sources[int(self.last[i])]
        noun = _NOUN[first.kind] + ("s" if int(self.expected[i]) != 1 else "")
        span = str(first) if first == last else f"{first}..{last}"
        text = f"{span} ({int(self.covered[i])} of {int(self.expected[i])} {noun})"
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


def _targets(periods: tuple[Period, ...], to: str) -> tuple[list[list[Period]], dict[Period, int]]:
    """Per source period, the periods it rolls up into; per target, how many sources it has."""
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
    expected: dict[Period, int] = {}
    out: list[list[Period]] = []
    for p in periods:
        if to == "ytd":
            # Spans ending at every period of the batch in the same year, from this one on.
            year = _year_of(p)
            later = [q for q in periods if _year_of(q) == year and q.start >= p.start]
            out.append([_ytd(q) for q in later])
            expected[_ytd(p)] = p.iso_week if kind is PeriodKind.WEEK else p.end.month // (1 if kind is PeriodKind.MONTH else 3)
            continue
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
    table = _aggregates(batch, aggregates)
    targets_of, expected_of = _targets(batch.periods, to)
    targets = tuple(sorted({t for ts in targets_of for t in ts}))
    position = {t: k for k, t in enumerate(targets)}
    # Source rows, repeated once per target they count in (once, but for year to date).
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
    nd, nt = len(batch.departments), max(len(targets), 1)
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

    def where(i: int) -> str:
        group, target = divmod(int(codes[i]), nt)
        court, department = divmod(group, nd)
        whose = f"court {batch.courts[court]!r}"
        if batch.departments[department]:
            whose += f", department {batch.departments[department]!r}"
        return f"{whose}, period {targets[target]}"

    columns = {name: combine(col, name) for name, col in batch.columns.items()}
    platform = {name: combine(col, name) for name, col in batch.platform.items()}
    target_index = codes % nt
    rolled = SnapshotBatch(
        courts=batch.courts,
        court_index=(codes // nt) // nd,
        departments=batch.departments,
        department_index=(codes // nt) % nd,
        periods=targets,
        period_index=target_index,
        columns=columns,
        platform=platform,
        kinds=batch.kinds,
        checked=batch.checked,
        signed=batch.signed,
    )
    expected = np.array([expected_of[t] for t in targets] or [0], dtype=np.int64)[target_index]
    return PeriodRollup(
        batch=rolled,
        to=to,
        sources=batch.periods,
        covered=members.astype(np.int64),
        expected=expected,
        first=src[starts].astype(np.int64),
        last=src[ends].astype(np.int64),
    )


def _ranks(periods: tuple[Period, ...]) -> npt.NDArray[np.int64]:
    """Each period's place in time order."""
    order = sorted(range(len(periods)), key=lambda k: periods[k].sort_key)
    ranks = np.empty(len(periods), dtype=np.int64)
    ranks[order] = np.arange(len(periods))
    return ranks
