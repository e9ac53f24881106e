"""Evaluation results: columns per indicator, and tidy rows for reports and export."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, UnknownNameError, dense_codes, round_half_up, wrong_type
from courtinfo.data import BoolArray, FloatArray, IntArray, Missing, SnapshotBatch
from courtinfo.evaluation._arrow import results_to_arrow
from courtinfo.evaluation._records import reason_text
from courtinfo.evaluation._shift import matching_rows
from courtinfo.formulas import Status, StatusArray, split_reference
from courtinfo.indicators import Comparator, Indicator, Scheme, Target, TargetStatus
from courtinfo.org import CourtTree
from courtinfo.periods import Period


@attrs.frozen
class ResultRow:
    """One indicator for one court (or department) and period, ready to read or export."""

    court: str
    department: str | None
    period: Period
    indicator: str
    number: int | None
    name_zh: str
    unit: str
    value: float | None
    status: Status
    missing_inputs: tuple[str, ...] = ()
    target: float | None = None
    comparator: str | None = None
    in_principle: bool = False
    target_status: str | None = None
    target_met: bool | None = None
    gap: float | None = None
    points: float | None = None
    max_points: float | None = None
    invalid_reason: str = ""

    @property
    def missing(self) -> Missing | None:
        """NA, NAP, INVALID or None (NA and NAP as CEPEJ codes missing data)."""
        code = self.status.missing_code
        return None if code is None else Missing(code)

    @property
    def reason(self) -> str:
        """Why there is no value, naming missing inputs or the rule broken; '' when there is one."""
        return self.invalid_reason or reason_text(self.status, self.missing_inputs)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; points rounded half up to 4 places for presentation."""
        return {
            "court": self.court,
            "department": self.department,
            "period": str(self.period),
            "indicator": self.indicator,
            "number": self.number,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "value": self.value,
            "missing": None if self.missing is None else self.missing.value,
            "reason": self.reason,
            "target": self.target,
            "comparator": self.comparator,
            "in_principle": self.in_principle,
            "target_status": self.target_status,
            "target_met": self.target_met,
            "gap": self.gap,
            "points": None if self.points is None else round_half_up(self.points),
            "max_points": self.max_points,
        }


#: The values of an invalid row's formula shown in its reason.
Figures = tuple[tuple[str, float], ...]


@attrs.frozen
class InvalidRow:
    """A row whose inputs break an indicator's rule, flagged by `evaluate(..., invalid="flag")`.

    `rule` is the rule broken as the formula states it, `figures` the row's inputs the
    formula reads (NaN where not provided). The row's result of `indicator` (and of every
    indicator computed from it) has `Status.INVALID`, and the whole row is left out of peer
    pools and of court figures (`court_figures`, `peer_figures`, `Results.valid_batch`).
    """

    row: int
    court: str
    department: str | None
    period: Period
    indicator: str
    rule: str
    figures: Figures

    @property
    def reason(self) -> str:
        """'invalid input: <rule>: <input>=<value>, ...', as exports and errors show it."""
        shown = ", ".join(f"{name}={_figure(x)}" for name, x in self.figures)
        return f"{reason_text(Status.INVALID)}: {self.rule}" + (f": {shown}" if shown else "")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "row": self.row,
            "court": self.court,
            "department": self.department,
            "period": str(self.period),
            "indicator": self.indicator,
            "rule": self.rule,
            "figures": {name: None if x != x else x for name, x in self.figures},
            "reason": self.reason,
        }


def _figure(x: float) -> str:
    return "NA" if x != x else f"{x:g}"


#: The reason of an invalid result whose own rule holds: it reads an invalid result (of
#: another indicator, or of an earlier period through x@previous).
_READS_INVALID = "invalid input: computed from an invalid result"


class TargetIndex(Mapping[str, IntArray]):
    """Per indicator, each row's position in the indicator's `targets` (-1: none binds it).

    Rows share few department facts, so it keeps one fact number per row and one small
    table per indicator, and gathers a column only when asked. `plans` holds each
    indicator's `TargetPlan` for these tables (an evaluator shares it between the results
    of batches with the same facts), `stacks` the `TargetStack` of the scheme's indicators.
    """

    def __init__(
        self,
        fact_of_row: IntArray,
        per_fact: Mapping[str, IntArray],
        plans: dict[str, TargetPlan],
        stacks: dict[tuple[str, ...] | int, TargetStack],
    ) -> None:
        self.fact_of_row = fact_of_row
        self.per_fact = per_fact
        self.plans = plans
        self.stacks = stacks

    def __getitem__(self, code: str) -> IntArray:
        return self.per_fact[code][self.fact_of_row]

    def __iter__(self) -> Iterator[str]:
        return iter(self.per_fact)

    def __len__(self) -> int:
        return len(self.per_fact)

    def plan(self, ind: Indicator) -> TargetPlan:
        """How `ind`'s targets apply to these facts (worked out once, then kept)."""
        found = self.plans.get(ind.code)
        if found is None:
            found = self.plans[ind.code] = TargetPlan.of(ind, self.per_fact[ind.code])
        return found

    def stack(self, indicators: tuple[Indicator, ...]) -> TargetStack:
        """The plans of `indicators` as one table (worked out once, then kept)."""
        # Asked for by the same tuple (a scheme's indicators) again and again: found by
        # identity first, without reading every code.
        found = self.stacks.get(id(indicators))
        if found is not None and found.indicators is indicators:
            return found
        key = tuple(ind.code for ind in indicators)
        found = self.stacks.get(key)
        if found is None:
            found = TargetStack.of(indicators, [self.plan(ind) for ind in indicators])
            self.stacks[key] = found
        self.stacks[id(indicators)] = found
        return found


_COMPARATORS = (Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.EQUAL)


@attrs.frozen(eq=False)
class TargetPlan:
    """How one indicator's targets apply to a batch's department facts, ready to use.

    `pairs` are the distinct (threshold, comparator) of the targets the facts are bound by;
    per fact: `pair` (-1: no numeric target), `threshold` (NaN likewise), `blank` (NaN
    likewise, 0.0 elsewhere; None when every fact has a numeric target) and `comparator`
    (its place in `_COMPARATORS`; None when the pairs share one); `numeric` whether any
    target of the indicator has a number.
    """

    target_of_fact: IntArray
    pairs: tuple[tuple[float, Comparator], ...]
    pair: IntArray
    threshold: FloatArray
    blank: FloatArray | None
    comparator: IntArray | None
    numeric: bool

    @classmethod
    def of(cls, ind: Indicator, target_of_fact: IntArray) -> TargetPlan:
        """The plan of `ind` for facts bound by `target_of_fact` (-1: no target)."""
        found: dict[tuple[float, Comparator], int] = {}
        pair_of_target = []
        used = set(target_of_fact.tolist())
        for k, t in enumerate(ind.targets):
            # Only the targets some fact is bound by: one comparison of the column each.
            if t.value is None or k not in used:
                pair_of_target.append(-1)
            else:
                pair_of_target.append(found.setdefault((t.value, t.comparator), len(found)))
        pairs = tuple(found)
        pair = np.array([*pair_of_target, -1], dtype=np.int64)[target_of_fact]
        threshold = np.array([*(t for t, _ in pairs), np.nan])[pair]
        comps = {c for _, c in pairs}
        comparator = (
            None
            if len(comps) <= 1
            else np.array([_COMPARATORS.index(c) for _, c in pairs] + [0], dtype=np.int64)[pair]
        )
        return cls(
            target_of_fact=target_of_fact,
            pairs=pairs,
            pair=pair,
            threshold=threshold,
            blank=threshold * 0.0 if (pair < 0).any() else None,
            comparator=comparator,
            numeric=any(t.value is not None for t in ind.targets),
        )

    def met(self, value: FloatArray, fact_of_row: IntArray) -> FloatArray:
        """1.0 where `value` meets its row's target, 0.0 where not, NaN where either is missing.

        One scalar comparison of the column per distinct (threshold, comparator), then one
        gather by each row's department fact: no per-row threshold is compared against. Long
        columns go in slices of `CHUNK_ROWS` into the one output: the temporaries stay small
        and are reused, so the cost per row does not grow with the rows.
        """
        if not self.numeric:
            return self.threshold[fact_of_row]  # all NaN
        out = np.empty(len(value))
        which = None if len(self.pairs) < 2 else np.maximum(self.pair, 0)
        for lo in range(0, len(value), CHUNK_ROWS):
            part = slice(lo, lo + CHUNK_ROWS)
            self._met_into(out[part], value[part], fact_of_row[part], which)
        return out

    def _met_into(
        self, out: FloatArray, value: FloatArray, fact_of_row: IntArray, which: IntArray | None
    ) -> None:
        # value * 0.0 is NaN exactly where the value is, 0.0 elsewhere; the blank is NaN where
        # the row's fact has no numeric target: added, they blank what has no answer.
        with np.errstate(invalid="ignore"):
            np.multiply(value, 0.0, out=out)
        if self.blank is not None:
            np.add(out, self.blank.take(fact_of_row), out=out)
        hits = [c.met_where(value, t) for t, c in self.pairs]
        if which is not None:
            np.add(out, np.choose(which.take(fact_of_row), hits), out=out)
        elif hits:
            np.add(out, hits[0], out=out)

    def gap(self, value: FloatArray, threshold: FloatArray, fact_of_row: IntArray) -> FloatArray:
        """How far `value` falls short of its row's `threshold` (0 when met), NaN where either
        is missing."""
        with np.errstate(invalid="ignore"):
            if self.comparator is None:
                comp = self.pairs[0][1] if self.pairs else Comparator.AT_LEAST
                return comp.gap_where(value, threshold)
            gaps = [c.gap_where(value, threshold) for c in _COMPARATORS]
            return np.choose(self.comparator[fact_of_row], gaps)


@attrs.frozen(eq=False)
class IndicatorColumns:
    """One indicator's results for every row of a batch, as columns, computed once.

    `target` is each row's position in the indicator's `targets` (-1: none binds it);
    `threshold` the number of that target (NaN where none, or it has no number yet);
    `met` 1.0 where the value meets it, 0.0 where not, NaN where either is missing;
    `gap` how far the value falls short (0 when met), NaN likewise; `points` the value ×
    the maximum points, unrounded, 0 where there is no value (None for an unscored
    indicator). Arrays are read-only.
    """

    indicator: Indicator
    value: FloatArray
    status: StatusArray
    target: IntArray
    threshold: FloatArray
    met: FloatArray
    gap: FloatArray
    points: FloatArray | None


#: The most rows whose met columns are worked out for every indicator at once.
STACK_ROWS = 64

#: Rows per slice of a long column: small enough that a slice's temporaries stay in the
#: processor's cache and in memory the allocator already holds.
CHUNK_ROWS = 1 << 16


#: One fact's column of a `TargetStack`: thresholds, blanks (NaN where no numeric target,
#: else 0.0), the comparators used, and which of them each indicator uses (None: the one).
_FactColumn = tuple[FloatArray, FloatArray, tuple[Comparator, ...], IntArray | None]


@attrs.frozen(eq=False)
class TargetStack:
    """The targets of several indicators as (indicator, fact) tables, for small batches.

    A single snapshot's met flags cost one numpy call per step for all indicators together
    rather than one per indicator; the comparisons are the comparators' own (`met_where`)
    against each row's threshold, so the flags are those of `TargetPlan.met`.
    """

    indicators: tuple[Indicator, ...]
    threshold: FloatArray
    comparator: IntArray | None
    comparators: tuple[Comparator, ...]
    #: The indicators' codes, in order.
    codes: tuple[str, ...] = ()
    #: Per fact, its column of the tables and the comparators it uses (`_of_fact`): the
    #: rows of a single snapshot share one fact.
    _facts: dict[int, _FactColumn] = attrs.field(init=False, factory=dict, repr=False)

    @classmethod
    def of(cls, indicators: tuple[Indicator, ...], plans: list[TargetPlan]) -> TargetStack:
        """The stack of `plans`, one per indicator (at least one), all for the same facts."""
        comps = np.zeros((len(plans), len(plans[0].threshold)), dtype=np.int64)
        for k, plan in enumerate(plans):
            if plan.comparator is not None:
                comps[k] = plan.comparator
            elif plan.pairs:
                comps[k] = _COMPARATORS.index(plan.pairs[0][1])
        # Facts without a numeric target compare against NaN: never met, blanked anyway.
        present = tuple(_COMPARATORS[c] for c in sorted(set(comps.ravel().tolist())))
        codes = tuple(ind.code for ind in indicators)
        return cls(
            indicators=indicators,
            threshold=np.stack([p.threshold for p in plans]),
            comparator=comps if len(present) > 1 else None,
            comparators=present,
            codes=codes,
        )

    def met(self, values: FloatArray, fact_of_row: IntArray) -> FloatArray:
        """`TargetPlan.met` of every indicator: `values` has one row per indicator."""
        if len(fact_of_row) == 1:
            return self._met_of_fact(values, int(fact_of_row[0]))
        threshold = self.threshold[:, fact_of_row]
        with np.errstate(invalid="ignore"):
            met = np.multiply(values, 0.0)
            # NaN where a row's fact has no numeric target, 0.0 elsewhere.
            np.add(met, np.multiply(threshold, 0.0), out=met)
        hits = [c.met_where(values, threshold) for c in self.comparators]
        if self.comparator is None:
            return np.add(met, hits[0], out=met)
        which = np.searchsorted([_COMPARATORS.index(c) for c in self.comparators], self.comparator)
        return np.add(met, np.choose(which[:, fact_of_row], hits), out=met)

    def _met_of_fact(self, values: FloatArray, fact: int) -> FloatArray:
        """`met` of one row bound by `fact`: the same steps, on the fact's column worked out
        once, comparing only with the comparators that column uses."""
        found = self._facts.get(fact)
        if found is None:
            found = self._facts[fact] = self._of_fact(fact)
        threshold, blank, comparators, which = found
        # value × blank: NaN where the value or the target's number is missing, ±0.0
        # elsewhere (then + a flag: 0.0 or 1.0), as value × 0.0 + blank would be.
        with np.errstate(invalid="ignore"):
            met = np.multiply(values, blank)
        hits = [c.met_where(values, threshold) for c in comparators]
        if which is None:
            return np.add(met, hits[0], out=met)
        if which.dtype == np.bool_:  # two comparators: the second where True
            return np.add(met, np.where(which, hits[1], hits[0]), out=met)
        return np.add(met, np.choose(which, hits), out=met)

    def _of_fact(self, fact: int) -> _FactColumn:
        threshold = self.threshold[:, [fact]]
        with np.errstate(invalid="ignore"):
            blank = np.multiply(threshold, 0.0)
        if self.comparator is None:
            return threshold, blank, self.comparators, None
        codes = self.comparator[:, [fact]]
        used = sorted(set(codes.ravel().tolist()))
        comparators = tuple(_COMPARATORS[c] for c in used)
        which = None if len(used) == 1 else np.searchsorted(used, codes)
        if which is not None and len(used) == 2:
            which = which == 1  # chosen by np.where, a third of np.choose's cost on a row
        return threshold, blank, comparators, which


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


@attrs.frozen(eq=False)
class Results:
    """The values of every indicator for every row of a batch, as columns.

    `values[code]` is NaN wherever `statuses[code]` is not OK; `target_index[code]` points
    into the indicator's `targets` (-1: none binds the row). Targets, met flags, gaps and
    points are worked out once per indicator, as columns (`columns(code)`), the first time
    anything asks; rows, records and every export are read from those columns.
    `invalid` lists the rows flagged for breaking a rule (`evaluate(..., invalid="flag")`),
    one entry per row and indicator whose rule broke; empty otherwise.
    """

    scheme: Scheme
    batch: SnapshotBatch
    values: Mapping[str, FloatArray]
    statuses: Mapping[str, StatusArray]
    target_index: TargetIndex
    courts: CourtTree | None = None
    invalid: tuple[InvalidRow, ...] = ()
    unknown_departments: tuple[str, ...] = ()
    """Department labels of no known kind, allowed (`unknown_departments="allow"`): no
    target binds them, and reports say so."""
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, repr=False)
    #: Each indicator's met flags, by code (`met`): asked for once per indicator, so kept
    #: apart from the other columns, found by the code itself.
    _met: dict[str, FloatArray] = attrs.field(init=False, factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.batch)

    def columns(self, code: str) -> IndicatorColumns:
        """Every column of indicator `code`: value, status, target, threshold, met, gap, points."""
        found: IndicatorColumns | None = self._cache.get(code)
        if found is not None:
            return found
        ind = self.scheme.indicator(code)
        if ind.code != code:  # named by its Chinese name
            return self.columns(ind.code)
        value = self.values[code]
        index = self.target_index
        plan = index.plan(ind)
        fact_of_row = index.fact_of_row
        position = plan.target_of_fact[fact_of_row]
        threshold = plan.threshold[fact_of_row]
        met = self.met(code)
        gap = plan.gap(value, threshold, fact_of_row)
        # A scored indicator without a value scores 0 (its reason says why): the same 0 in
        # rows, records, exports and reports.
        points = (
            None
            if ind.max_points is None
            else np.nan_to_num(value * ind.max_points, nan=0.0)
        )
        found = IndicatorColumns(
            indicator=ind,
            value=value,
            status=self.statuses[code],
            target=_frozen(position),
            threshold=_frozen(threshold),
            met=met,
            gap=_frozen(gap),
            points=None if points is None else _frozen(points),
        )
        self._cache[code] = found
        return found

    def target_values(self, code: str) -> FloatArray:
        """Each row's threshold for `code`, NaN where no numeric target binds it."""
        return self.columns(code).threshold

    def met(self, code: str) -> FloatArray:
        """1.0 where the value meets its target, 0.0 where not, NaN where either is missing.

        Worked out on its own (not with the other columns of `columns`): a caller asking
        only whether targets are met pays for nothing else.
        """
        found: FloatArray | None = self._met.get(code)
        if found is None:
            ind = self.scheme.indicator(code)
            if ind.code != code:  # named by its Chinese name
                return self.met(ind.code)
            index = self.target_index
            n = len(index.fact_of_row)
            if n <= STACK_ROWS:
                # A few rows (one snapshot): every indicator at once costs about what one does.
                stack = index.stack(self.scheme.indicators)
                columns = self.values
                values = np.concatenate([columns[c] for c in stack.codes])
                stacked = stack.met(values.reshape(len(stack.codes), n), index.fact_of_row)
                self._met.update(zip(stack.codes, _frozen(stacked), strict=True))
                return self._met[code]
            found = index.plan(ind).met(self.values[code], index.fact_of_row)
            self._met[code] = _frozen(found)
        return found

    def points(self, code: str) -> FloatArray | None:
        """Points per row (value × maximum), unrounded; None for an unscored indicator."""
        return self.columns(code).points

    def total_points(self) -> FloatArray:
        """Each row's total over the scored indicators, unrounded; not-applicable ones add 0."""
        total = np.zeros(len(self))
        for ind in self.scheme.numbered:
            pts = self.points(ind.code)
            if pts is not None:
                total = total + pts  # 0 where there is no value (see `columns`)
        return total

    # -- missing inputs -----------------------------------------------------------------

    def _declared_inputs(self, code: str) -> tuple[str, ...]:
        """The declared inputs `code` reads, directly or through derived indicators, in the
        order a walk of its formula meets them."""
        key = "inputs:" + code
        found: tuple[str, ...] | None = self._cache.get(key)
        if found is not None:
            return found
        declared = {i.id for i in self.scheme.inputs}
        by_code = {i.code: i for i in self.scheme.indicators}
        seen: dict[str, None] = {}

        def walk(ind: Indicator, shift: str) -> None:
            # `shift` is "" in the row's own period, "@year_ago" … through x@year_ago.
            for ref in ind.formula.references():
                base, _, earlier = split_reference(ref)
                if earlier is not None and shift:
                    continue  # an earlier period of an earlier period: not traced
                here = f"@{earlier}" if earlier is not None else shift
                if base in by_code:
                    walk(by_code[base], here)
                elif base in declared:
                    seen.setdefault(base + here)

        walk(by_code[code], "")
        found = self._cache[key] = tuple(seen)
        return found

    def _absent(self, name: str) -> BoolArray:
        """Where input `name` (or ``x@year_ago``: x a year earlier) has no value."""
        key = "absent:" + name
        found: BoolArray | None = self._cache.get(key)
        if found is None:
            base, _, shift = split_reference(name)
            col = self.batch.effective(base)
            found = np.ones(len(self), dtype=bool) if col is None else np.isnan(col)
            if shift is not None:
                # The input in the row of the comparison period: absent with that row.
                rows = matching_rows(self.batch, shift)
                found = (rows < 0) | found[np.maximum(rows, 0)]
            self._cache[key] = found
        return found

    def missing_codes(self, code: str) -> tuple[tuple[str, ...], IntArray]:
        """The inputs `code` reads, and per row a bit mask of those missing (bit j: input j).

        Only rows that are not provided have a mask; the others are 0.
        """
        names = self._declared_inputs(code)
        n = len(self)
        mask = np.zeros(n, dtype=np.int64)
        rows = np.flatnonzero(self.statuses[code] == Status.NOT_PROVIDED)
        if len(rows):
            for j, name in enumerate(names):
                mask[rows] |= self._absent(name)[rows].astype(np.int64) << j
        return names, mask

    def missing_inputs(self, code: str, row: int) -> tuple[str, ...]:
        """The declared inputs, read directly or through derived indicators, missing at `row`."""
        if not isinstance(code, str) or code not in self.values:
            code = self.scheme.indicator(code).code  # a Chinese name, or UnknownNameError
        row = self._row_number(row, "missing_inputs")
        return tuple(n for n in self._declared_inputs(code) if self._absent(n)[row])

    # -- rows flagged invalid ---------------------------------------------------------------

    def invalid_at(self, row: int, code: str) -> tuple[InvalidRow, ...]:
        """The rules row `row` breaks that make its result of `code` invalid: those of `code`
        itself, else every rule the row breaks; () when it breaks none (the result then reads
        an invalid result of an earlier period)."""
        by_row: dict[tuple[str, str | None, Period], list[InvalidRow]] | None = self._cache.get(
            "invalid_by_row"
        )
        if by_row is None:
            by_row = {}
            for entry in self.invalid:
                by_row.setdefault((entry.court, entry.department, entry.period), []).append(entry)
            self._cache["invalid_by_row"] = by_row
        if not by_row:
            return ()
        b, i = self.batch, self._row_number(row, "invalid_at")
        entries = by_row.get((b.court_of(i), b.department_of(i), b.period_of(i)), [])
        return tuple([e for e in entries if e.indicator == code] or entries)

    def invalid_reasons(self, code: str) -> dict[int, str]:
        """Per row whose result of `code` is invalid: the rule broken and the row's figures."""
        key = "invalid:" + code
        found: dict[int, str] | None = self._cache.get(key)
        if found is None:
            found = {
                i: "; ".join(e.reason for e in self.invalid_at(i, code)) or _READS_INVALID
                for i in np.flatnonzero(self.statuses[code] == Status.INVALID).tolist()
            }
            self._cache[key] = found
        return found

    def reasons(self, code: str) -> tuple[IntArray, tuple[tuple[Status, str], ...]]:
        """Per row, a position in a table of (status, reason text): one entry per distinct
        status, missing inputs and broken rule of `code`, the texts every export shows."""
        key = "reasons:" + code
        found: tuple[IntArray, tuple[tuple[Status, str], ...]] | None = self._cache.get(key)
        if found is not None:
            return found
        names, mask = self.missing_codes(code)
        ns = len(_STATUSES)
        keys = mask * ns + self.statuses[code]
        invalid = self.invalid_reasons(code)
        texts = list(dict.fromkeys(invalid.values()))
        if invalid:
            # A broken rule's text is the row's own: a key of its own, below 0.
            at = {t: -1 - j for j, t in enumerate(texts)}
            keys[list(invalid)] = [at[t] for t in invalid.values()]
        distinct, inverse = dense_codes(keys)
        table = []
        for k in distinct.tolist():
            if k < 0:
                table.append((Status.INVALID, texts[-1 - k]))
                continue
            status = _STATUSES[k % ns]
            missing = tuple(n for j, n in enumerate(names) if k // ns >> j & 1)
            table.append((status, reason_text(status, missing)))
        found = self._cache[key] = (inverse, tuple(table))
        return found

    @property
    def invalid_in_batch(self) -> BoolArray:
        """Per entry of `invalid`: is it a row of this batch (its `row`, with its court,
        department and period)? `invalid` may also list rows of another batch: those a
        roll-up left out of its sums (`report.left_out_rows`). (read-only)"""
        found: BoolArray | None = self._cache.get("invalid_in_batch")
        if found is None:
            b, n = self.batch, len(self)
            found = np.array(
                [
                    0 <= e.row < n
                    and b.court_of(e.row) == e.court
                    and b.department_of(e.row) == e.department
                    and b.period_of(e.row) == e.period
                    for e in self.invalid
                ],
                dtype=bool,
            )
            found.flags.writeable = False
            self._cache["invalid_in_batch"] = found
        return found

    @property
    def invalid_rows(self) -> BoolArray:
        """Per batch row: does it break a rule (is it listed in `invalid`)? (read-only)

        A row whose only INVALID results read another row's (a 环比 of a flagged month) is
        sound itself, and stays in roll-ups and court figures."""
        found: BoolArray | None = self._cache.get("invalid_rows")
        if found is None:
            found = np.zeros(len(self), dtype=bool)
            rows = np.array([e.row for e in self.invalid], dtype=np.intp)
            found[rows[self.invalid_in_batch]] = True
            found.flags.writeable = False
            self._cache["invalid_rows"] = found
        return found

    def valid_batch(self) -> SnapshotBatch:
        """The batch without the rows flagged invalid: what roll-ups should sum
        (`rollup_departments(results.valid_batch())`)."""
        bad = self.invalid_rows
        return self.batch.take(np.flatnonzero(~bad)) if bad.any() else self.batch

    # -- rows and records -----------------------------------------------------------------

    def cells(self, code: str) -> dict[str, list[Any]]:
        """The per-row fields of `ResultRow` for indicator `code`, as lists of Python values."""
        c = self.columns(code)
        ind = c.indicator
        table = [
            (t.value, t.comparator.value, t.in_principle, t.status.value) for t in ind.targets
        ] + [(None, None, False, None)]
        per_row = [table[k] for k in c.target.tolist()]
        names, mask = self.missing_codes(code)
        missing_of: dict[int, tuple[str, ...]] = {}
        for m in np.unique(mask).tolist():
            missing_of[m] = tuple(n for j, n in enumerate(names) if m >> j & 1)
        statuses = [_STATUSES[s] for s in c.status.tolist()]
        value = [None if x != x else x for x in c.value.tolist()]
        has = ~np.isnan(c.met)
        met = [None if not h else m == 1.0 for h, m in zip(has.tolist(), c.met.tolist(), strict=True)]
        gap = [None if x != x else x for x in c.gap.tolist()]
        points = (
            [None] * len(value)
            if c.points is None
            else [None if x != x else x for x in c.points.tolist()]
        )
        invalid = [""] * len(value)
        for i, text in self.invalid_reasons(code).items():
            invalid[i] = text
        return {
            "value": value,
            "status": statuses,
            "invalid_reason": invalid,
            "missing_inputs": [missing_of[m] for m in mask.tolist()],
            "target": [t[0] for t in per_row],
            "comparator": [t[1] for t in per_row],
            "in_principle": [t[2] for t in per_row],
            "target_status": [t[3] for t in per_row],
            "target_met": met,
            "gap": gap,
            "points": points,
        }

    def row(self, i: int, code: str) -> ResultRow:
        """The result of indicator `code` at batch row `i`."""
        c = self.columns(code)
        ind = c.indicator
        i = self._row_number(i, "row")
        x = float(c.value[i])
        status = Status(int(c.status[i]))
        k = int(c.target[i])
        target: Target | None = ind.targets[k] if k >= 0 else None
        value = None if x != x else x
        met = float(c.met[i])
        gap = float(c.gap[i])
        pts = None if c.points is None else float(c.points[i])
        return ResultRow(
            court=self.batch.court_of(i),
            department=self.batch.department_of(i),
            period=self.batch.period_of(i),
            indicator=code,
            number=ind.number,
            name_zh=ind.name_zh,
            unit=ind.unit.value,
            value=value,
            status=status,
            missing_inputs=self.missing_inputs(code, i) if status is Status.NOT_PROVIDED else (),
            target=None if target is None else target.value,
            comparator=None if target is None else target.comparator.value,
            in_principle=bool(target and target.in_principle),
            target_status=None if target is None else target.status.value,
            target_met=None if met != met else met == 1.0,
            gap=None if gap != gap else gap,
            points=pts,  # 0.0, never NaN, where there is no value (see `columns`)
            max_points=ind.max_points,
            invalid_reason=self.invalid_reasons(code).get(i, "")
            if status is Status.INVALID
            else "",
        )

    def _labels(self) -> tuple[list[str], list[str | None], list[Period]]:
        b = self.batch
        return (
            b.court_index_labels(),
            [d or None for d in b.department_labels()],
            b.period_labels(),
        )

    def rows(self) -> Iterator[ResultRow]:
        """Every (row, indicator) result: batch rows in order, indicators in scheme order."""
        inds = self.scheme.indicators
        per = [self.cells(ind.code) for ind in inds]
        courts, departments, periods = self._labels()
        for i in range(len(self)):
            court, department, period = courts[i], departments[i], periods[i]
            for ind, cells in zip(inds, per, strict=True):
                status = cells["status"][i]
                yield ResultRow(
                    court=court,
                    department=department,
                    period=period,
                    indicator=ind.code,
                    number=ind.number,
                    name_zh=ind.name_zh,
                    unit=ind.unit.value,
                    value=cells["value"][i],
                    status=status,
                    missing_inputs=cells["missing_inputs"][i],
                    target=cells["target"][i],
                    comparator=cells["comparator"][i],
                    in_principle=cells["in_principle"][i],
                    target_status=cells["target_status"][i],
                    target_met=cells["target_met"][i],
                    gap=cells["gap"][i],
                    points=cells["points"][i],
                    max_points=ind.max_points,
                    invalid_reason=cells["invalid_reason"][i],
                )

    def to_records(self) -> list[dict[str, Any]]:
        """Every result as plain JSON-ready data (the keys `RECORD_COLUMNS`, as `ResultRow.to_dict`)."""
        inds = self.scheme.indicators
        per = []
        for ind in inds:
            cells = self.cells(ind.code)
            which, table = self.reasons(ind.code)
            texts = [text for _, text in table]
            reason = [texts[k] for k in which.tolist()]
            rounded: dict[float, float] = {}
            points = [
                None if p is None else rounded.get(p) or rounded.setdefault(p, round_half_up(p))
                for p in cells["points"]
            ]
            per.append(
                list(
                    zip(
                        cells["value"],
                        [s.missing_code for s in cells["status"]],
                        reason,
                        cells["target"],
                        cells["comparator"],
                        cells["in_principle"],
                        cells["target_status"],
                        cells["target_met"],
                        cells["gap"],
                        points,
                        strict=True,
                    )
                )
            )
        courts, departments, _ = self._labels()
        period_text = [str(p) for p in self.batch.periods]
        period_of = [period_text[k] for k in self.batch.period_index.tolist()]
        out: list[dict[str, Any]] = []
        for i in range(len(self)):
            court, department, period = courts[i], departments[i], period_of[i]
            for ind, rows in zip(inds, per, strict=True):
                v, miss, why, tv, tc, tp, ts, tm, gap, pts = rows[i]
                out.append(
                    {
                        "court": court,
                        "department": department,
                        "period": period,
                        "indicator": ind.code,
                        "number": ind.number,
                        "name_zh": ind.name_zh,
                        "unit": ind.unit.value,
                        "value": v,
                        "missing": miss,
                        "reason": why,
                        "target": tv,
                        "comparator": tc,
                        "in_principle": tp,
                        "target_status": ts,
                        "target_met": tm,
                        "gap": gap,
                        "points": pts,
                        "max_points": ind.max_points,
                    }
                )
        return out

    def to_arrow(self) -> Any:
        """Every result as a pyarrow Table (the ``arrow`` extra): the records of
        `to_records`, in the same order and columns, built as columns."""
        return results_to_arrow(self)

    def select(
        self,
        *,
        court: str | None = None,
        department: str | None = None,
        period: Period | str | None = None,
    ) -> list[int]:
        """Batch row numbers matching the given court, department ('' for court level) and period."""
        mask = np.ones(len(self), dtype=bool)
        b = self.batch
        if court is not None:
            mask &= np.array(b.courts, dtype=object)[b.court_index] == court
        if department is not None:
            mask &= np.array(b.departments, dtype=object)[b.department_index] == department
        if period is not None:
            p = period if isinstance(period, Period) else Period.parse(period)
            mask &= np.array([q == p for q in b.periods], dtype=bool)[b.period_index]
        return [int(i) for i in np.flatnonzero(mask)]

    def value(self, code: str, row: int = 0) -> float | None:
        """The value of `code` at `row` (None when there is none): handy for one snapshot."""
        column = self.values.get(code) if isinstance(code, str) else None
        if column is None:
            # A Chinese name, or an UnknownNameError with close matches.
            column = self.values.get(self.scheme.indicator(code).code)
        if column is None:
            raise UnknownNameError("indicator", code, self.values)
        x = float(column[self._row_number(row, "value")])
        return None if np.isnan(x) else x

    def _row_number(self, i: object, method: str) -> int:
        """`i` as a row number in 0..len-1 (negative numbers count from the end)."""
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise InputError(wrong_type(f"Results.{method}: row", "a row number (int)", i))
        n = len(self)
        if not -n <= i < n:
            have = "1 row (row 0)" if n == 1 else f"{n} rows (0 to {n - 1})" if n else "no rows"
            msg = f"Results.{method}: row {i} is out of range; the results have {have}"
            raise InputError(msg)
        return int(i) % n


_STATUSES = tuple(Status)


__all__ = ["IndicatorColumns", "InvalidRow", "ResultRow", "Results", "TargetIndex", "TargetStatus", "reason_text"]
