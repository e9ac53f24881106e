"""Evaluate a scheme over snapshots: values, statuses, targets and points, all rows at once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np

from courtinfo.base import (
    InputError,
    MissingInputError,
    Problem,
    SchemeError,
    ValidationError,
    did_you_mean,
    shown,
    wrong_type,
)
from courtinfo.data import (
    KIND_NOUN,
    Dataset,
    FloatArray,
    IntArray,
    MetricSnapshot,
    SnapshotBatch,
    ValueKind,
    column_problems,
    from_float,
    layout_key,
    one_layout,
)
from courtinfo.evaluation._columns import ColumnResolver
from courtinfo.evaluation._results import (
    InvalidRow,
    Results,
    TargetIndex,
    TargetPlan,
    TargetStack,
)
from courtinfo.evaluation._rollup import SUBTREE
from courtinfo.evaluation._rows import (
    Fact,
    court_facts,
    court_levels,
    department_fact,
    label_fact,
    peer_groups,
)
from courtinfo.formulas import (
    Env,
    Outcome,
    PerCaseAverage,
    Ratio,
    RatioGroup,
    Status,
    StatusArray,
    nans,
    split_reference,
    term_name,
)
from courtinfo.indicators import Indicator, Input, Scheme, pick_target, resolve_scheme
from courtinfo.org import DEPARTMENT_ALIASES, CourtTree, Department

_MAX_LISTED = 10

#: Rows per slice of a long batch (`Evaluator.chunk_rows`): a slice's temporaries (half a
#: MiB a column) stay in the processor's cache and in memory the allocator already holds,
#: where a whole column of millions of rows comes fresh from the kernel, page by page.
CHUNK_ROWS = 1 << 16

#: Batches of at least this many slices are computed in slices; shorter ones at once: each
#: slice costs a formula's Python work again, more than small arrays save (152,880 rows
#: took 8 % longer in slices, 3.6 M rows 7 % less).
CHUNKED_FROM = 8


#: How many distinct sets of department facts an evaluator remembers target tables for.
_MAX_TABLES = 1024

#: The rows a batch of one adds below its values for the plain ratios (`_one_layout`): NaN
#: for an input not given, -0.0 to pad the shorter sums.
_PAD = (np.nan, -0.0)

#: How many layouts of snapshots (names and value types) an evaluator remembers.
_MAX_LAYOUTS = 256

#: What a batch of one snapshot needs besides its numbers (`one_layout`).
OneLayout = tuple[Mapping[str, ValueKind], tuple[str, ...], tuple[str, ...]]

#: What an evaluator keeps per layout of snapshots (`Evaluator._one_layout`): the layout,
#: where the plain ratios' terms are among its rows (None: read by name), the signs and
#: allow_extra that passed the input check, and the declared inputs it lacks.
_KeptLayout = tuple[
    OneLayout, IntArray | None, set[tuple[frozenset[str], bool]], tuple[str, ...]
]

#: A batch of one's rows, where the plain ratios' terms are in them, and the declared
#: inputs it lacks (`Evaluator._compute`).
_One = tuple[FloatArray, IntArray, tuple[str, ...]]

#: How many sets of court and department labels an evaluator remembers the facts of.
_MAX_LABEL_TABLES = 64

#: How many (court, department label) pairs an evaluator remembers the tables of.
_MAX_PAIRS = 1 << 20

Data = SnapshotBatch | Dataset | MetricSnapshot | Iterable[MetricSnapshot]

#: Per indicator, the target position of each department fact, and the plans of those
#: targets (`TargetPlan`, `TargetStack`: filled in as results ask; shared by every result).
_Tables = tuple[
    dict[str, IntArray], dict[str, TargetPlan], dict[tuple[str, ...] | int, TargetStack]
]

#: The value kinds a batch column may hold for an input of each kind.
_ACCEPTS = {
    ValueKind.COUNT: {ValueKind.COUNT, ValueKind.MEASURE},
    ValueKind.MEASURE: {ValueKind.COUNT, ValueKind.MEASURE},
    ValueKind.YES_NO: {ValueKind.YES_NO, ValueKind.COUNT, ValueKind.MEASURE},
    ValueKind.CHOICE: {ValueKind.CHOICE},
}

def as_batch(data: Data) -> tuple[SnapshotBatch, CourtTree | None, tuple[Department, ...]]:
    """The batch in `data`, with the court tree and departments a dataset carries."""
    if isinstance(data, SnapshotBatch):
        return data, None, ()
    if isinstance(data, Dataset):
        return data.batch(), data.tree(), data.departments
    if isinstance(data, MetricSnapshot):
        return SnapshotBatch.from_snapshots([data]), None, ()
    if isinstance(data, (str, bytes, Mapping)) or not isinstance(data, Iterable):
        msg = (
            f"cannot evaluate {type(data).__name__} {shown(data)}: expected a MetricSnapshot, "
            "snapshots, a SnapshotBatch or a Dataset (load a file with load_dataset)"
        )
        raise InputError(msg)
    snaps = list(data)
    problems = [
        Problem(f"snapshots[{i}]", f"{type(s).__name__} {shown(s)} is not a MetricSnapshot")
        for i, s in enumerate(snaps)
        if not isinstance(s, MetricSnapshot)
    ]
    if problems:
        raise ValidationError(problems)
    return SnapshotBatch.from_snapshots(snaps), None, ()



class Evaluator:
    """A scheme made ready to evaluate batch after batch: the per-scheme work done once.

    Build one per scheme (and court tree and departments) and call it on each snapshot or
    batch, as a case-management system does per request; `evaluate` builds one per call.
    It remembers which target binds each kind of department it has seen, so it is worth
    keeping; it holds no results and is safe to share between threads. Batches of at most
    `fuse_rows` rows compute the scheme's plain ratios together, in one array (the same
    numbers, far fewer numpy calls for a single snapshot). Batches of at least 8 ×
    `chunk_rows` rows compute each indicator in slices of `chunk_rows` rows into one output
    column (the same bits): the temporaries stay small and are reused, so the cost per row
    stays flat.
    """

    def __init__(
        self,
        scheme: Scheme | str,
        *,
        courts: CourtTree | None = None,
        departments: Sequence[Department] = (),
        fuse_rows: int = 64,
        chunk_rows: int = CHUNK_ROWS,
        threads: int = 1,
        thread_rows: int = 100_000,
        invalid: InvalidPolicy = "raise",
        unknown_departments: str = "refuse",
    ) -> None:
        if unknown_departments not in UNKNOWN_DEPARTMENTS:
            msg = (
                "Evaluator: unknown_departments must be 'refuse' or 'allow', "
                f"not {shown(unknown_departments)}"
            )
            raise InputError(msg)
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            msg = f"Evaluator: threads must be a whole number of at least 1, not {threads!r}"
            raise InputError(msg)
        if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
            msg = f"Evaluator: chunk_rows must be a whole number of at least 1, not {chunk_rows!r}"
            raise InputError(msg)
        self.threads = threads
        self.thread_rows = thread_rows
        self.chunk_rows = chunk_rows
        self._invalid = check_invalid_policy(invalid, "Evaluator")
        scheme = _scheme_argument(scheme)
        if courts is not None and not isinstance(courts, CourtTree):
            raise InputError(wrong_type("Evaluator: courts", "a CourtTree or None", courts))
        if isinstance(departments, (str, bytes, Mapping)) or not isinstance(
            departments, Iterable
        ):
            expected = "a sequence of Department"
            raise InputError(wrong_type("Evaluator: departments", expected, departments))
        departments = tuple(departments)
        for i, d in enumerate(departments):
            if not isinstance(d, Department):
                hint = (
                    f" (make one with Department(court, {d!r}, kind=...))"
                    if isinstance(d, str)
                    else ""
                )
                msg = wrong_type(f"Evaluator: departments[{i}]", "a Department", d) + hint
                raise InputError(msg)
        # Read-only (properties below): a scheme changed halfway would be half used.
        self._scheme = scheme
        self._courts = courts
        self._departments = departments
        self._unknown_departments = unknown_departments
        self._declared = {i.id: i for i in scheme.inputs}
        self._period_kinds = frozenset({scheme.period_kind, *scheme.other_period_kinds})
        self._plain_kinds = {i.id: i.kind for i in scheme.inputs if i.kind is not ValueKind.CHOICE}
        self._last_kinds: tuple[dict[str, ValueKind], set[str]] | None = None
        self._order = scheme.evaluation_order
        self._codes = tuple(i.code for i in scheme.indicators)
        self._computed = frozenset(self._codes)
        self._listed = _listed_facts(self.departments)
        self.fuse_rows = fuse_rows
        with_fallback = {i.id for i in scheme.inputs if i.fallback is not None}
        self._with_fallback = frozenset(with_fallback)
        self._signed = scheme.signed_inputs
        self._groups = ratio_groups(self._order, self._computed, with_fallback, self._signed)
        fused = {code for group in self._groups for code in group.codes}
        self._rest = tuple(i for i in self._order if i.code not in fused)
        self._levels = _levels(self._order, self._computed)
        self._plain_reads = tuple(
            dict.fromkeys(
                base
                for ind in self._order
                for ref in ind.formula.references()
                if (base := split_reference(ref)[0]) in self._declared
            )
        )
        # Per names and value types of a snapshot (`layout_key`): its kinds and sorted names
        # (`one_layout`), where the plain ratios' terms are among its values, and the signs
        # and allow_extra with which such snapshots passed `_check_inputs`.
        self._layouts: dict[tuple[object, ...], _KeptLayout] = {}
        self._label_facts: dict[str, Fact] = {}
        self._fact_targets: dict[Fact, tuple[int, ...]] = {}
        self._fact_tables: dict[tuple[Fact, ...], _Tables] = {}
        # Per (court, department label) of one-department batches: the tables at one lookup.
        self._pair_tables: dict[tuple[str, str], _Tables] = {}
        # Per set of court labels: each one's parent position and level rank in the tree.
        self._court_tables: dict[tuple[str, ...], tuple[IntArray, FloatArray]] = {}
        # Per set of (court labels, department labels): each label's fact number, the facts.
        self._label_tables: dict[
            tuple[tuple[str, ...], tuple[str, ...]], tuple[IntArray | None, tuple[Fact, ...]]
        ] = {}

    @property
    def scheme(self) -> Scheme:
        """The scheme this evaluator evaluates (read-only: build another for another)."""
        return self._scheme

    @property
    def courts(self) -> CourtTree | None:
        """The court tree given, if any (read-only)."""
        return self._courts

    @property
    def departments(self) -> tuple[Department, ...]:
        """The departments given (read-only)."""
        return self._departments

    @property
    def invalid(self) -> InvalidPolicy:
        """What a row breaking a rule does: "raise" (the default) or "flag" (read-only)."""
        return self._invalid

    @property
    def unknown_departments(self) -> str:
        """'refuse' (the default) or 'allow' department labels of no known kind (read-only)."""
        return self._unknown_departments

    def __call__(self, data: Data, *, strict: bool = False, allow_extra: bool = False) -> Results:
        """Every indicator for every row of `data`; see `evaluate`."""
        own_tree: CourtTree | None
        own_departments: tuple[Department, ...]
        one: _One | None = None
        if isinstance(data, MetricSnapshot):
            # A request: the snapshot's names and value types were most likely seen before.
            key = layout_key(data)
            kept = self._layouts.get(key)
            if kept is None:
                kept = self._one_layout(data)
                if len(self._layouts) >= _MAX_LAYOUTS:
                    self._layouts.clear()
                self._layouts[key] = kept
            layout, rows, passed, absent = kept
            if rows is None:
                batch = SnapshotBatch._of_one(data, layout)
            else:
                batch, stacked = SnapshotBatch._of_one_rows(data, layout, _PAD)
                one = (stacked, rows, absent)
            own_tree, own_departments = None, ()
            signs: tuple[frozenset[str], bool] | None = (data.signed, allow_extra)
        else:
            batch, own_tree, own_departments = as_batch(data)
            signs = passed = None
        tree = self._courts if self._courts is not None else own_tree
        # Without departments of either, the evaluator's own (empty) table: its tables of a
        # court and department pair are kept for the next snapshot.
        listed = (
            self._listed
            if self._departments or not own_departments
            else _listed_facts(own_departments)
        )
        if not batch.checked:
            batch = batch.validated()
        if tree is not None and (tree is not self._courts or batch.courts not in self._court_tables):
            _check_courts(batch, tree)  # else these courts were checked against this tree
        unknown = self._unknown(batch, listed)
        self._check_periods(batch)
        if passed is None or signs is None:
            self._check_inputs(batch, allow_extra)
        elif signs not in passed and self._check_inputs(batch, allow_extra):
            # Whatever the values, inputs of the same names, kinds and signs pass or fail
            # alike, unless a cell needs a look (`_check_inputs` says): kept when they pass.
            passed.add(signs)
        values, statuses, invalid = self._compute(batch, tree, one=one)
        fact_of_row, (per_fact, plans, stacks) = self._targets(batch, listed)
        results = Results(
            scheme=self._scheme,
            batch=batch,
            values={code: values[code] for code in self._codes},
            statuses={code: statuses[code] for code in self._codes},
            target_index=TargetIndex(fact_of_row, per_fact, plans, stacks),
            courts=tree,
            invalid=invalid,
            unknown_departments=unknown,
        )
        if self.threads > 1 and len(batch) >= self.thread_rows:
            from concurrent.futures import ThreadPoolExecutor  # here: only threaded runs pay

            # Targets, met flags and gaps too, one indicator a task.
            with ThreadPoolExecutor(self.threads) as pool:
                list(pool.map(results.columns, self._codes))
        if strict:
            _raise_missing(results)
        return results

    # -- the formulas ---------------------------------------------------------------------

    def _compute(
        self,
        batch: SnapshotBatch,
        tree: CourtTree | None,
        unpooled: np.ndarray | None = None,
        one: _One | None = None,
    ) -> tuple[dict[str, FloatArray], dict[str, StatusArray], tuple[InvalidRow, ...]]:
        """Every indicator's values and statuses, and the rows flagged invalid.

        `one` holds a batch of one's values as the rows of one array, where the plain
        ratios' terms are in it and the declared inputs it lacks (`_one_layout`): the ratios
        then gather their terms in one step, and the other formulas find every input
        already in place (its own column, or one column of NaN for all it lacks).

        A row breaking a rule raises, unless the evaluator flags: then the batch is computed
        again with those rows `unpooled` (out of every peer pool), and each result whose rule
        broke is made INVALID before anything reads it, so results computed from it are too.
        """
        flag = unpooled is not None
        values: dict[str, FloatArray] = {}
        statuses: dict[str, StatusArray] = {}
        declared = self._declared
        n = len(batch)

        facts = None if tree is None else self._court_facts(batch.courts, tree)
        if one is not None:
            # No platform figures: each input without a fallback is its own column, as the
            # resolver would find it, put in place at once rather than one name at a time.
            fallback = self._with_fallback
            if fallback:
                values.update((k, c) for k, c in batch.columns.items() if k not in fallback)
            else:
                values.update(batch.columns)
            if one[2]:
                values.update(dict.fromkeys(one[2], _read_only(nans(n))))
        columns = ColumnResolver(batch, declared, values, statuses)
        lookup = columns.value

        env = Env(
            n,
            lookup,
            columns.status,
            peer_groups(batch, tree, facts),
            None if tree is None else court_levels(batch, tree, facts),
            computed=self._computed,
            nonnegative=True,
            signed=self._signed,
            unpooled=unpooled,
        )
        broken: dict[str, tuple[str, np.ndarray]] = {}

        def note_broken(code: str, rule: str, rows: np.ndarray) -> None:
            broken[code] = (rule, rows)
            if flag:
                _mark_invalid(values, statuses, code, rows)

        def keep(code: str, out: Outcome) -> None:
            values[code] = out.value
            statuses[code] = out.status
            if out.violations is not None:
                note_broken(code, out.violation, out.violations)

        if n <= self.fuse_rows:
            plain = not batch.platform
            for group in self._groups:
                if one is not None:
                    value, status, bad = group.ratios.compute_rows(one[0], one[1])
                else:
                    if plain and not group.fallbacks:
                        missing = nans(n)
                        cols = [batch.columns.get(name, missing) for name in group.names]
                    else:
                        cols = [lookup(name) for name in group.names]
                    value, status, bad = group.ratios.compute(cols, n)
                values.update(zip(group.codes, value, strict=True))
                statuses.update(zip(group.codes, status, strict=True))
                if bad is not None and np.count_nonzero(bad):  # not .any(): a third of its cost
                    for row in np.flatnonzero(bad.any(axis=1)).tolist():
                        note_broken(group.codes[row], group.ratios.ratios[row].rule, bad[row])
        chunk = self.chunk_rows
        chunked = n >= CHUNKED_FROM * chunk

        def run(ind: Indicator) -> Outcome:
            return in_chunks(ind, env, chunk) if chunked else ind.formula.compute(env)

        if self.threads > 1 and n >= self.thread_rows:
            from concurrent.futures import ThreadPoolExecutor

            # numpy lets go of the GIL in its loops: indicators that read no other indicator
            # not yet computed run side by side, level by level. Each is computed by the same
            # code as alone, so the bits are those of one thread.
            for name in self._plain_reads:
                lookup(name)  # the shared cache filled before the threads read it
            with ThreadPoolExecutor(self.threads) as pool:
                for level in self._levels:
                    for ind, out in zip(level, pool.map(run, level), strict=True):
                        keep(ind.code, out)
        else:
            for ind in self._rest if n <= self.fuse_rows else self._order:
                keep(ind.code, run(ind))
        if not broken:
            return values, statuses, ()
        if flag:
            return values, statuses, self._invalid_rows(batch, broken, lookup)
        if self._invalid == "flag":
            bad = np.zeros(n, dtype=bool)
            for _, mask in broken.values():
                bad |= mask
            return self._compute(batch, tree, bad, one)
        problems: list[Problem] = []
        for ind in self._order:
            if ind.code in broken:
                rule, mask = broken[ind.code]
                refs = ind.formula.references()
                problems += _violations(batch, ind.code, rule, mask, refs, lookup)
        raise ValidationError(problems)

    def _invalid_rows(
        self,
        batch: SnapshotBatch,
        broken: Mapping[str, tuple[str, np.ndarray]],
        lookup: Callable[[str], FloatArray],
    ) -> tuple[InvalidRow, ...]:
        """One entry per row and indicator whose rule broke: the rule and the inputs read."""
        found: list[tuple[int, int, InvalidRow]] = []
        for k, ind in enumerate(self._order):
            if ind.code not in broken:
                continue
            rule, mask = broken[ind.code]
            names = [
                r
                for r in dict.fromkeys(ind.formula.references())
                if split_reference(r)[0] in self._declared
            ]
            columns = [lookup(r) for r in names]
            for i in np.flatnonzero(mask).tolist():
                entry = InvalidRow(
                    row=i,
                    court=batch.court_of(i),
                    department=batch.department_of(i),
                    period=batch.period_of(i),
                    indicator=ind.code,
                    rule=rule,
                    figures=tuple(
                        (r, float(c[i])) for r, c in zip(names, columns, strict=True)
                    ),
                )
                found.append((i, k, entry))
        found.sort(key=lambda t: t[:2])
        return tuple(e for _, _, e in found)

    def _one_layout(self, snap: MetricSnapshot) -> _KeptLayout:
        """What a batch of `snap` needs besides its numbers (`one_layout`), and where the
        plain ratios' terms are among its values' rows (None: read them by name, as when
        the platform supplies figures or an input has a fallback)."""
        layout = one_layout(snap)
        _, names, platform = layout
        if len(self._groups) != 1 or platform or self._groups[0].fallbacks:
            return layout, None, set(), ()
        # The rows `_of_one_rows` makes: the values in sorted order, then `_PAD`.
        position = {name: i for i, name in enumerate(names)}
        rows = self._groups[0].ratios.rows_of(position, len(names), len(names) + 1)
        fallback = self._with_fallback
        absent = tuple(i for i in self._declared if i not in position and i not in fallback)
        return layout, rows, set(), absent

    def _court_facts(self, courts: tuple[str, ...], tree: CourtTree) -> tuple[IntArray, FloatArray]:
        """`court_facts` of these court labels, kept for the evaluator's own court tree."""
        if tree is not self.courts:
            return court_facts(courts, tree)
        found = self._court_tables.get(courts)
        if found is None:
            found = court_facts(courts, tree)
            if len(self._court_tables) >= _MAX_LABEL_TABLES:
                self._court_tables.clear()
            self._court_tables[courts] = found
        return found

    # -- the departments ------------------------------------------------------------------

    def _unknown(self, batch: SnapshotBatch, listed: dict[tuple[str, str], Fact]) -> tuple[str, ...]:
        """Department labels of no known kind that the departments list does not declare for
        their court: refused (a typo such as 审监廷 must not silently become a department
        without a target), or, with unknown_departments="allow", returned to be reported."""
        labels = [
            (k, label)
            for k, label in enumerate(batch.departments)
            if label and self._label_fact(label)[1] is None and not _internal(label)
        ]
        if not labels:
            return ()
        found: list[tuple[str, int]] = []
        for k, label in labels:
            rows = np.flatnonzero(batch.department_index == k)
            if listed:
                courts = batch.court_index[rows].tolist()
                rows = rows[[(batch.courts[c], label) not in listed for c in courts]]
            if len(rows):
                found.append((label, int(rows[0])))
        if not found or self.unknown_departments == "allow":
            return tuple(label for label, _ in found)
        problems = [
            Problem(
                "",
                _unknown_message(
                    label, f"court {batch.court_of(row)!r}, period {batch.period_of(row)}"
                ),
            )
            for label, row in found[:_MAX_LISTED]
        ]
        if len(found) > _MAX_LISTED:
            text = f"{len(found) - _MAX_LISTED} more departments of no known kind"
            problems.append(Problem("", text))
        raise ValidationError(problems)

    # -- the inputs -----------------------------------------------------------------------

    def _check_periods(self, batch: SnapshotBatch) -> None:
        """Refuse periods finer than the scheme's (weekly data for a yearly scheme: a year's
        targets held against a week) unless the scheme lists their kind in
        `other_period_kinds`; coarser periods (weeks rolled up into months) are fine."""
        scheme = self.scheme
        shortest = _SHORTEST_DAYS.get(scheme.period_kind, 0)
        wrong = [
            p
            for p in batch.periods
            if p.kind not in self._period_kinds and (p.end - p.start).days + 1 < shortest
        ]
        if not wrong:
            return
        problems = [
            Problem(
                "period",
                f"{p} is a {p.kind} period, finer than the {scheme.period_kind} periods scheme "
                f"{scheme.code!r} is for; roll the data up (rollup_periods), or list {p.kind.value!r} "
                "in the scheme's other_period_kinds",
            )
            for p in wrong[:_MAX_LISTED]
        ]
        raise InputError(ValidationError(problems).args[0])

    def _check_inputs(self, batch: SnapshotBatch, allow_extra: bool) -> bool:
        """Refuse undeclared inputs and values of the wrong kind for their input.

        True when no cell needed a look (every column of its input's kind, no options, no
        negative values to check): any batch of the same names, kinds and signs passes too.
        """
        declared = self._declared
        problems: list[Problem] = []
        names = batch.columns.keys() | batch.platform.keys()
        if not allow_extra:
            for name in sorted(names - declared.keys()):
                msg = f"unknown input {name!r} for scheme {self.scheme.code!r}"
                problems.append(Problem(f"values.{name}", msg + did_you_mean(name, declared)))
        # A checked batch holds only good cells of its own kinds: only columns whose kind
        # differs from their input's, or that tick options, need a look.
        suspect_names = self._suspects(batch.kinds) | (names - batch.kinds.keys())
        problems += self._sign_problems(batch)
        for field, cols in (("values", batch.columns), ("platform_values", batch.platform)):
            for name in sorted(suspect_names & cols.keys()):
                inp = declared.get(name)
                if inp is not None:
                    problems += _kind_problems(batch, f"{field}.{name}", inp, cols[name])
        if problems:
            raise ValidationError(problems)
        return not (suspect_names & names) and not (batch.signed - self._signed)

    def _sign_problems(self, batch: SnapshotBatch) -> list[Problem]:
        """Negative values of inputs the batch lets go negative but the scheme does not."""
        problems: list[Problem] = []
        for name in sorted(batch.signed - self._signed):
            for field, cols in (("values", batch.columns), ("platform_values", batch.platform)):
                col = cols.get(name)
                if col is None:
                    continue
                with np.errstate(invalid="ignore"):
                    rows = np.flatnonzero(col < 0)
                for i in rows[:_MAX_LISTED].tolist():
                    msg = (
                        f"{float(col[i])!r} is negative, but scheme {self.scheme.code!r} does not "
                        f"declare input {name!r} signed ({batch.describe_row(i)})"
                    )
                    problems.append(Problem(f"{field}.{name}", msg))
        return problems

    def _suspects(self, kinds: Mapping[str, ValueKind]) -> set[str]:
        """Names whose kind is not their input's, or that are multiple-choice answers."""
        # Requests of one system send the same kinds again and again: compared, not redone.
        last = self._last_kinds
        if last is not None and last[0] == kinds:
            return last[1]
        plain = self._plain_kinds
        found = {name for name, kind in kinds.items() if plain.get(name) is not kind}
        self._last_kinds = (dict(kinds), found)
        return found

    # -- the targets ----------------------------------------------------------------------

    def _targets(
        self, batch: SnapshotBatch, listed: dict[tuple[str, str], Fact]
    ) -> tuple[IntArray, _Tables]:
        """Each row's department fact, and per indicator the target each fact is bound by
        (with the plans of those targets, filled in as results ask)."""
        if len(batch.courts) == 1 and len(batch.departments) == 1:
            # One court and one department (every single snapshot): one fact for all rows.
            pair = (batch.courts[0], batch.departments[0])
            tables = self._pair_tables.get(pair) if listed is self._listed else None
            if tables is None:
                fact = listed.get(pair) or self._label_fact(pair[1])
                tables = self._per_fact((fact,))
                if listed is self._listed and len(self._pair_tables) < _MAX_PAIRS:
                    self._pair_tables[pair] = tables
            return _first_fact(len(batch)), tables
        key = (batch.courts, batch.departments)
        kept = self._label_tables.get(key) if listed is self._listed else None
        if kept is None:
            kept = self._label_table(batch, listed)
            if listed is self._listed:
                if len(self._label_tables) >= _MAX_LABEL_TABLES:
                    self._label_tables.clear()
                self._label_tables[key] = kept
        table, facts = kept
        if table is None:
            return _first_fact(len(batch)), self._per_fact(facts)
        if len(table) == len(batch.departments):
            return table[batch.department_index], self._per_fact(facts)
        nd = len(batch.departments)
        return table[batch.court_index * nd + batch.department_index], self._per_fact(facts)

    def _label_table(
        self, batch: SnapshotBatch, listed: dict[tuple[str, str], Fact]
    ) -> tuple[IntArray | None, tuple[Fact, ...]]:
        """The fact number of each department label (or each court and department label
        pair, when the caller listed departments of those courts), and the facts.

        A national batch lists tens of thousands of departments: worked out once per set of
        labels and kept, not walked again for every batch.
        """
        by_label = [self._label_fact(label) for label in batch.departments]
        position: dict[Fact, int] = {}
        code_of_label = np.array(
            [position.setdefault(f, len(position)) for f in by_label] or [0], dtype=np.int64
        )
        overrides = _overrides(batch, listed)
        if overrides:
            # Departments the caller listed: their own kind and name, court by court.
            nd = len(batch.departments)
            table = np.tile(code_of_label[:nd], len(batch.courts))
            for (c, d), fact in overrides.items():
                table[c * nd + d] = position.setdefault(fact, len(position))
        else:
            table = code_of_label
        table.flags.writeable = False
        return (None if len(position) <= 1 else table), tuple(position)

    def _per_fact(self, facts: tuple[Fact, ...]) -> _Tables:
        """Per indicator, the target position of each fact (batches often share facts), and
        the plans of those targets, kept with them."""
        found = self._fact_tables.get(facts)
        if found is None:
            chosen = [self._targets_of(f) for f in facts]
            tables = {
                ind.code: np.array([c[k] for c in chosen] or [-1], dtype=np.int64)
                for k, ind in enumerate(self.scheme.indicators)
            }
            for table in tables.values():
                table.flags.writeable = False  # shared by every result that uses it
            found = (tables, {}, {})
            if len(self._fact_tables) < _MAX_TABLES:
                self._fact_tables[facts] = found
        return found

    def _label_fact(self, label: str) -> Fact:
        fact = self._label_facts.get(label)
        if fact is None:
            fact = self._label_facts[label] = label_fact(label)
        return fact

    def _targets_of(self, fact: Fact) -> tuple[int, ...]:
        """Per indicator, the position of the target binding a department (-1: none)."""
        found = self._fact_targets.get(fact)
        if found is None:
            _, kind, case_handling, names = fact
            picks = []
            for ind in self.scheme.indicators:
                targets = [pick_target(ind.targets, n or None, kind, case_handling) for n in names]
                first = next((t for t in targets if t is not None), None)
                picks.append(-1 if first is None else ind.targets.index(first))
            found = self._fact_targets[fact] = tuple(picks)
        return found


#: What a row breaking an indicator's rule does: refuse the whole batch ("raise"), or
#: flag the row `Status.INVALID` and evaluate the rest ("flag").
InvalidPolicy = Literal["raise", "flag"]

#: The policies, in the order messages list them.
INVALID_POLICIES: tuple[InvalidPolicy, ...] = ("raise", "flag")


def check_invalid_policy(invalid: object, function: str) -> InvalidPolicy:
    """`invalid` if it is "raise" or "flag"; an `InputError` naming the value otherwise."""
    if invalid == "raise" and isinstance(invalid, str):
        return "raise"
    if invalid == "flag" and isinstance(invalid, str):
        return "flag"
    msg = (
        f"{function}: invalid must be 'raise' (refuse a batch in which a row breaks a rule, "
        f"the default) or 'flag' (flag such rows and evaluate the rest), not {shown(invalid)}"
    )
    raise InputError(msg)


#: Fact 0 for a batch of one row, read-only: shared by every such batch's results.
_FACT_OF_ONE = np.zeros(1, dtype=np.int64)
_FACT_OF_ONE.flags.writeable = False


def _first_fact(n: int) -> IntArray:
    """Fact 0 for each of `n` rows (every row bound by the one fact of its batch)."""
    return _FACT_OF_ONE if n == 1 else np.zeros(n, dtype=np.int64)


def _read_only(col: FloatArray) -> FloatArray:
    col.flags.writeable = False
    return col


def _mark_invalid(
    values: dict[str, FloatArray], statuses: dict[str, StatusArray], code: str, rows: np.ndarray
) -> None:
    """Results of `code` at `rows` made INVALID (NaN), before any formula reads them."""
    values[code] = np.where(rows, np.nan, values[code])
    statuses[code] = np.where(rows, np.uint8(Status.INVALID), statuses[code]).astype(np.uint8)


def _scheme_argument(scheme: object) -> Scheme:
    """`scheme`, or the scheme a code or a file path names (`resolve_scheme`)."""
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        return resolve_scheme(scheme)
    expected = "a Scheme, or a shipped scheme's code (str) such as 'spc-2019'"
    raise SchemeError(wrong_type("evaluate: scheme", expected, scheme))


def evaluate(
    scheme: Scheme | str,
    data: Data,
    *,
    courts: CourtTree | None = None,
    departments: Sequence[Department] = (),
    strict: bool = False,
    allow_extra: bool = False,
    invalid: InvalidPolicy = "raise",
    unknown_departments: str = "refuse",
) -> Results:
    """Every indicator of `scheme` for every row of `data`, with targets and points.

    `scheme` is a `Scheme` or a shipped scheme's code (or a scheme file's path).
    `data` is one snapshot, many, a `SnapshotBatch` or a `Dataset`; all take the same
    array path. `courts` gives court levels and peer groups (a dataset's own tree is used
    otherwise); `departments` gives department kinds for targets. Inputs the scheme does not
    declare are refused unless `allow_extra`; with `strict`, a missing input raises
    `MissingInputError` instead of giving a not-provided result. Nothing is returned unless
    everything is valid: bad input raises before any result exists. A row whose inputs break
    an indicator's rule (a numerator above its denominator) raises too, listing every such
    row, unless `invalid="flag"`: then that result is `Status.INVALID`, the row is listed in
    `Results.invalid` and left out of peer pools and court figures, and the rest is
    evaluated. To evaluate many batches under one scheme, build an `Evaluator` once and
    call it.

    A department label of no known kind (a typo: 审监廷) is refused with the close matches
    unless `departments` (or the dataset's list) declares it for its court, or
    `unknown_departments="allow"`: then it is evaluated without a target and
    `Results.unknown_departments` names it.
    """
    evaluator = Evaluator(
        scheme,
        courts=courts,
        departments=departments,
        invalid=invalid,
        unknown_departments=unknown_departments,
    )
    return evaluator(data, strict=strict, allow_extra=allow_extra)


def in_chunks(ind: Indicator, env: Env, chunk: int) -> Outcome:
    """`ind` computed over `env` in slices of `chunk` rows, into one output of each kind.

    Each row's figures are those of the whole batch (peer pools are the whole batch's,
    `Env.rows`), so the bits are those of one `compute` over every row.
    """
    n = env.n
    value = np.empty(n)
    status = np.empty(n, dtype=np.uint8)
    broken: np.ndarray | None = None
    rules: set[str] = set()
    for lo in range(0, n, chunk):
        hi = min(lo + chunk, n)
        out = ind.formula.compute(env.rows(lo, hi))
        value[lo:hi] = out.value
        status[lo:hi] = out.status
        if out.violations is not None:
            if broken is None:
                broken = np.zeros(n, dtype=bool)
            broken[lo:hi] = out.violations
            rules.add(out.violation)
    if broken is None:
        return Outcome(value, status)
    if len(rules) > 1:
        # Slices broke different parts of a blend: the rule names them as the whole does.
        return ind.formula.compute(env)
    return Outcome(value, status, broken, rules.pop())


class FusedRatios:
    """A scheme's plain ratios, computed together for small batches (`Ratio.compute_many`).

    `fallbacks` says whether an input read has a fallback input (so needs the evaluator's
    lookup rather than the batch's own columns).
    """

    def __init__(self, indicators: Sequence[Indicator], fallbacks: Collection[str]) -> None:
        ratios = [i.formula for i in indicators if isinstance(i.formula, Ratio)]
        assert len(ratios) == len(indicators)
        self.indicators = tuple(indicators)
        self.codes = tuple(i.code for i in indicators)
        self.ratios = RatioGroup.of(ratios)
        self.names = self.ratios.names
        self.fallbacks = any(name in fallbacks for name in self.names)


def ratio_groups(
    indicators: Iterable[Indicator],
    computed: Collection[str],
    fallbacks: Collection[str] = (),
    signed: Collection[str] = (),
) -> list[FusedRatios]:
    """The plain ratios among `indicators` as one group (none if fewer than two).

    `computed` names the indicators (a ratio over them is not plain); `fallbacks` the
    inputs that have a fallback input; `signed` the inputs that may be negative.
    """
    plain: list[Indicator] = []
    for ind in indicators:
        f = ind.formula
        if type(f) not in (Ratio, PerCaseAverage) or not isinstance(f, Ratio):
            continue  # a subclass may compute differently
        if f.scale != 1.0 or f.signed:
            continue  # scaled or signed: computed on its own
        terms = (*f.numerator, *f.denominator)
        # An option (q1:C) or an earlier period (x@previous) is not a plain column.
        if any(split_reference(t)[1:] != ("", None) or term_name(t) in computed for t in terms):
            continue
        if any(term_name(t) in signed for t in terms):
            continue  # may be negative: its own sign check
        plain.append(ind)
    if len(plain) < 2:
        return []
    return [FusedRatios(plain, fallbacks)]


def _levels(order: Sequence[Indicator], computed: Collection[str]) -> tuple[tuple[Indicator, ...], ...]:
    """The indicators in levels: each reads only indicators of earlier levels."""
    level: dict[str, int] = {}
    for ind in order:
        names = {split_reference(r)[0] for r in ind.formula.references()}
        reads = [level[r] for r in names & set(computed) if r in level]
        level[ind.code] = 1 + max(reads, default=-1)
    depth = max(level.values(), default=-1) + 1
    return tuple(tuple(i for i in order if level[i.code] == k) for k in range(depth))


#: The fewest days a period of each kind has: a period shorter than the scheme's is finer.
_SHORTEST_DAYS = {"week": 7, "month": 28, "quarter": 90, "year": 365}


#: What `unknown_departments` may be: refuse department labels of no known kind, or allow them.
UNKNOWN_DEPARTMENTS = ("refuse", "allow")


def _internal(label: str) -> bool:
    """Whether a department label is one the library gives rows it makes: a court's subtree
    (`SUBTREE`) or the n-th set of summed departments ('#2')."""
    return label == SUBTREE or (label[0] == "#" and label[1:].isdigit())


def _unknown_message(label: str, where: str) -> str:
    """Why a department label of no known kind is refused, and the ways to go on."""
    head = f"department {label!r} ({where}) is of no known kind, so no target would bind it"
    hint = did_you_mean(label, DEPARTMENT_ALIASES)
    way = (
        "eclare it in the data's departments list, or allow it with "
        'unknown_departments="allow" (command line: --unknown-departments allow)'
    )
    return head + (f"{hint} D{way}" if hint else f"; d{way}")


def _check_courts(batch: SnapshotBatch, tree: CourtTree | None) -> None:
    """Refuse rows of courts the court tree does not hold: rankings and roll-ups would
    silently leave them out."""
    if tree is None:
        return
    # `in tree` is a dict lookup: a national batch has thousands of courts.
    outside = [c for c in batch.courts if c not in tree]
    if not outside:
        return
    known = tree.codes
    problems = [
        Problem("court", f"court {c!r} is not in the court tree{did_you_mean(c, known)}")
        for c in outside[:_MAX_LISTED]
    ]
    if len(outside) > _MAX_LISTED:
        problems.append(Problem("court", f"{len(outside) - _MAX_LISTED} more courts"))
    raise InputError(ValidationError(problems).args[0])


def _listed_facts(departments: Sequence[Department]) -> dict[tuple[str, str], Fact]:
    return {(d.court, d.code): department_fact(d) for d in departments}


def _overrides(
    batch: SnapshotBatch, listed: dict[tuple[str, str], Fact]
) -> dict[tuple[int, int], Fact]:
    """Listed departments present in the batch, by (court label, department label) position."""
    if not listed:
        return {}
    out: dict[tuple[int, int], Fact] = {}
    if len(batch.courts) * len(batch.departments) <= len(listed):
        # Few label pairs (one snapshot): look each up rather than walk the whole list.
        for c, court in enumerate(batch.courts):
            for d, code in enumerate(batch.departments):
                fact = listed.get((court, code))
                if fact is not None:
                    out[c, d] = fact
        return out
    court_pos = {c: i for i, c in enumerate(batch.courts)}
    dept_pos = {d: i for i, d in enumerate(batch.departments)}
    for (court, code), fact in listed.items():
        c_pos, d_pos = court_pos.get(court), dept_pos.get(code)
        if c_pos is not None and d_pos is not None:
            out[c_pos, d_pos] = fact
    return out


def _kind_problems(batch: SnapshotBatch, path: str, inp: Input, col: np.ndarray) -> list[Problem]:
    """A column's cells that are not what its input takes (kinds, options, whole numbers)."""
    have = batch.kinds.get(inp.id, ValueKind.MEASURE)
    if have not in _ACCEPTS[inp.kind]:
        given = np.flatnonzero(~np.isnan(col))
        if not len(given):
            return []
        i = int(given[0])
        cell = from_float(float(col[i]), have)
        text = sorted(cell) if isinstance(cell, frozenset) else cell
        msg = (
            f"{text!r} is {KIND_NOUN[have]}, but input {inp.id!r} ({inp.label_zh}) takes "
            f"{KIND_NOUN[inp.kind]}{_offered(inp)} ({batch.describe_row(i)})"
        )
        return [Problem(path, msg)]
    return column_problems(
        path, col, inp.kind, batch.describe_row, inp.letters, signed=inp.signed
    )


def _offered(inp: Input) -> str:
    return f" (offered: {''.join(inp.letters)})" if inp.kind is ValueKind.CHOICE else ""


def _violations(
    batch: SnapshotBatch,
    code: str,
    rule: str,
    mask: np.ndarray,
    refs: tuple[str, ...],
    lookup: Callable[[str], FloatArray],
) -> list[Problem]:
    rows = np.flatnonzero(mask)
    found = []
    for i in rows[:_MAX_LISTED]:
        figures = ", ".join(f"{r}={float(lookup(r)[i]):g}" for r in dict.fromkeys(refs))
        found.append(
            Problem(f"indicator {code}", f"{rule}: {figures} ({batch.describe_row(int(i))})")
        )
    if len(rows) > _MAX_LISTED:
        found.append(
            Problem(f"indicator {code}", f"{len(rows) - _MAX_LISTED} more rows break: {rule}")
        )
    return found


def _raise_missing(results: Results) -> None:
    problems: list[Problem] = []
    for code, status in results.statuses.items():
        for i in np.flatnonzero(status == Status.NOT_PROVIDED)[:_MAX_LISTED]:
            names = ", ".join(results.missing_inputs(code, int(i)))
            problems.append(
                Problem(
                    f"indicator {code}", f"missing {names} ({results.batch.describe_row(int(i))})"
                )
            )
    if problems:
        raise MissingInputError(problems)
