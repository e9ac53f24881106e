"""Court-level and pooled figures for reports, each batch built by roll-ups and evaluated once.

Reports read results; they never evaluate. Where one needs rows the data does not hold — the
whole court (全院) of a court reporting per department, or the peers pooled (全市法院平均) — the
functions here build those batches with the roll-ups and evaluate each one once:

* `court_figures`: one court-level row per court and period (rows flagged invalid left out, as
  if absent). A court's own court-level row is used as it is; otherwise its departments are summed — per indicator, only the departments
  that provided the indicator's inputs (a department that reported a numerator without its
  denominator is not paired with another's). Indicators whose set of summed departments is
  the same share one rolled row; the rows of every set are stacked into ONE batch (a set
  other than the first carries a department label of its own, `#2` …, so that rows stay
  distinct and peer groups stay within a set) and evaluated once.
* `peer_figures`: for the courts under one parent in one period, their court figures and, per
  indicator, the pool of the courts with a value: their inputs summed and the indicator
  evaluated on the sum (94/110 = 85.5%, not the mean of 40% and 90%); an indicator reading
  yes/no answers or choices (a checklist, a capability) takes the courts' mean instead, as
  answers pool as "any" (`reads_answers`). Every distinct pool is a
  row of ONE batch, evaluated once; each sits alone in its peer group, so a peer-relative
  indicator compares the pool with itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.base import CourtinfoError, InputError
from courtinfo.data import COURT_LEVEL, FloatArray, SnapshotBatch, ValueKind
from courtinfo.evaluation._evaluator import Evaluator
from courtinfo.evaluation._results import InvalidRow, Results
from courtinfo.evaluation._rollup import rollup_departments
from courtinfo.formulas import PeerRelative, Status, split_reference
from courtinfo.indicators import Scheme
from courtinfo.org import Court, CourtTree
from courtinfo.periods import Period

#: The department label of the rows of the n-th set of summed departments (n ≥ 2).
SET_LABEL = "#{}"


@attrs.frozen(eq=False)
class CourtFigures:
    """Court-level results, one row per court, period and set of summed departments.

    `results` holds the rows; `set_of[code]` says which set indicator `code` reads. Set 0 sums
    every department and its rows are labelled as court-level rows, so the targets binding
    them are the whole court's (`target_row`); the other sets' rows are labelled `#2` ….
    """

    results: Results
    set_of: Mapping[str, int]

    def row(self, code: str, court: str, period: Period | str) -> int | None:
        """The row of `results` holding `court`'s figure of `code` in `period`; None if none."""
        label = self.label(code)
        rows = self.results.select(court=court, period=period, department=label)
        return rows[0] if rows else None

    def label(self, code: str) -> str:
        """The department label of the rows indicator `code` is read from."""
        k = self.set_of[self.results.scheme.indicator(code).code]
        return COURT_LEVEL if k == 0 else SET_LABEL.format(k + 1)

    def target_row(self, court: str, period: Period | str) -> int | None:
        """The row of set 0 (every department summed, labelled court level) of `court`.

        The targets binding the whole court are read there for every indicator.
        """
        rows = self.results.select(court=court, period=period, department=COURT_LEVEL)
        return rows[0] if rows else None

    def rows(self, code: str) -> list[int]:
        """Every row of `results` indicator `code` is read from."""
        return self.results.select(department=self.label(code))


@attrs.frozen(eq=False)
class PeerFigures:
    """The courts under `parent` in `period`: their court figures and their pooled figures.

    `pooled_row[code]` is the row of `pooled` holding the pool of the courts with a value of
    `code` (None when no court has one).
    """

    parent: Court
    children: tuple[Court, ...]
    period: Period
    courts: CourtFigures
    pooled: Results | None
    pooled_row: Mapping[str, int | None]
    present: frozenset[str]
    invalid: tuple[InvalidRow, ...] = ()
    """The children's rows flagged invalid in `period` (`invalid="flag"`): in no figure here."""

    @property
    def scheme(self) -> Scheme:
        """The scheme evaluated."""
        return self.courts.results.scheme

    def value(self, code: str, court: str) -> float:
        """`court`'s value of `code` (NaN where it has none)."""
        i = self.courts.row(code, court, self.period)
        return np.nan if i is None else float(self.courts.results.values[code][i])

    def pooled_value(self, code: str) -> float:
        """The pooled value of `code` (NaN where no court has a value); of an indicator that
        reads yes/no answers or choices, the mean of the courts' values (`reads_answers`)."""
        i = self.pooled_row[code]
        if i is None or self.pooled is None:
            return np.nan
        if reads_answers(self.scheme, code):
            # Answers pool as "any": two courts each with 6 of 8 capabilities, not the same
            # six, pooled to 8 of 8 (100%) where the courts average 75%.
            values = np.array([self.value(code, c.code) for c in self.children])
            return float(np.mean(values[~np.isnan(values)]))
        return float(self.pooled.values[code][i])


def reads_answers(scheme: Scheme, code: str) -> bool:
    """Whether indicator `code` reads a yes/no answer or a choice, itself or through the
    indicators it reads: its peer average is then the courts' mean, not a pool."""
    kinds = {x.id: x.kind for x in scheme.inputs}
    seen: set[str] = set()
    todo = [code]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for ref in scheme.indicator(name).formula.references():
            base = split_reference(ref)[0]
            if kinds.get(base) in (ValueKind.YES_NO, ValueKind.CHOICE):
                return True
            if base not in kinds and any(i.code == base for i in scheme.indicators):
                todo.append(base)
    return False


def _evaluator(results: Results, evaluator: Evaluator | None) -> Evaluator:
    if evaluator is None:
        return Evaluator(results.scheme, courts=results.courts)
    if evaluator.scheme is not results.scheme and evaluator.scheme != results.scheme:
        msg = (
            f"the evaluator is for scheme {evaluator.scheme.code!r}, the results for "
            f"{results.scheme.code!r}"
        )
        raise InputError(msg)
    return evaluator


def court_figures(
    results: Results,
    *,
    courts: Sequence[str] | None = None,
    periods: Sequence[Period | str] | None = None,
    evaluator: Evaluator | None = None,
) -> CourtFigures:
    """Court-level figures of `courts` in `periods` (default: all), evaluated in one batch.

    Rows flagged invalid (`evaluate(..., invalid="flag")`) are left out, as if absent: a
    court-level row flagged gives way to its departments' sum, a department flagged is not
    summed.

    `evaluator` (default: a new one for the results' scheme and court tree) evaluates it.
    """
    batch = results.batch
    # Rows flagged invalid count for nothing: as if they were absent.
    rows = ~results.invalid_rows
    if courts is not None:
        rows &= np.isin(np.array(batch.courts, dtype=object), list(courts))[batch.court_index]
    if periods is not None:
        wanted = {p if isinstance(p, Period) else Period.parse(p) for p in periods}
        known = np.array([p in wanted for p in batch.periods] or [False])
        rows &= known[batch.period_index]
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    court_level = rows & (labels == COURT_LEVEL)
    # A court's own court-level row in a period stands for it: its departments are not summed.
    own = np.zeros((len(batch.courts), max(len(batch.periods), 1)), dtype=bool)
    own[batch.court_index[court_level], batch.period_index[court_level]] = True
    dept_rows = rows & (labels != COURT_LEVEL) & ~own[batch.court_index, batch.period_index]
    codes = [i.code for i in results.scheme.indicators]
    # Per indicator, the department rows whose inputs it reads were provided; equal sets share.
    # Set 0 sums every department: its rows carry the court-level targets of every indicator.
    masks: dict[bytes, int] = {np.packbits(dept_rows).tobytes(): 0}
    set_of: dict[str, int] = {}
    kept: list[npt.NDArray[np.bool_]] = [dept_rows]
    for code in codes:
        usable = dept_rows & (np.asarray(results.statuses[code]) != Status.NOT_PROVIDED)
        key = np.packbits(usable).tobytes()
        if key not in masks:
            masks[key] = len(kept)
            kept.append(usable)
        set_of[code] = masks[key]
    own_rows = batch.take(np.flatnonzero(court_level))
    parts = []
    for k, usable in enumerate(kept):
        label = COURT_LEVEL if k == 0 else SET_LABEL.format(k + 1)
        summed = rollup_departments(batch.take(np.flatnonzero(usable))) if usable.any() else None
        for part in (own_rows, summed):
            if part is not None and len(part):
                parts.append((part, label))
    stacked = _join(parts, batch)
    figures = _evaluator(results, evaluator)(stacked, allow_extra=True)
    return CourtFigures(figures, set_of)


def _join(parts: list[tuple[SnapshotBatch, str]], like: SnapshotBatch) -> SnapshotBatch:
    """Batches stacked, each with its department label; a column absent from one is NaN there."""

    def stack(attr: str) -> dict[str, FloatArray]:
        names = sorted({n for p, _ in parts for n in getattr(p, attr)})
        return {
            n: np.concatenate(
                [
                    np.asarray(getattr(p, attr).get(n, np.full(len(p), np.nan)), dtype=np.float64)
                    for p, _ in parts
                ]
            )
            for n in names
        }

    kinds: dict[str, Any] = dict(like.kinds)
    for p, _ in parts:
        kinds.update(p.kinds)
    return SnapshotBatch.from_columns(
        court=[c for p, _ in parts for c in p.court_index_labels()],
        department=[label for p, label in parts for _ in range(len(p))],
        period=[q for p, _ in parts for q in p.period_labels()],
        columns=stack("columns") if parts else {},
        platform=stack("platform") if parts else {},
        kinds={k: v for k, v in kinds.items() if k in like.columns or k in like.platform},
    )


def peer_figures(
    results: Results,
    *,
    parent: str,
    period: Period | str,
    evaluator: Evaluator | None = None,
) -> PeerFigures:
    """The courts directly under `parent` in `period`, their figures and their pools.

    Two batches, each evaluated once: the courts' rows (`court_figures`), then one row per
    distinct pool. `evaluator` evaluates the courts' rows (default: a new one for the
    results' scheme and court tree); the pools are evaluated under a stand-in tree.
    """
    tree = results.courts
    if tree is None:
        msg = "ranking courts needs a court tree: give evaluate() courts= or a dataset with courts"
        raise CourtinfoError(msg)
    parent_court = tree.get(parent)
    children = tuple(tree.children(parent))
    if not children:
        msg = f"court {parent!r} ({parent_court.name}) has no courts under it to rank"
        raise InputError(msg)
    when = period if isinstance(period, Period) else Period.parse(period)
    codes = [c.code for c in children]
    figures = court_figures(results, courts=codes, periods=[when], evaluator=evaluator)
    fig = figures.results
    present = frozenset(fig.batch.court_of(i) for i in range(len(fig)))
    if not present:
        msg = f"no data for the courts under {parent!r} in {when}"
        raise InputError(msg)
    scheme = results.scheme
    supplied = _supplied_peer_inputs(scheme)
    pools: dict[tuple[str, bytes], int] = {}
    pool_rows: list[npt.NDArray[np.int64]] = []
    pooled_row: dict[str, int | None] = {}
    for ind in scheme.indicators:
        rows = np.array(figures.rows(ind.code), dtype=np.int64)
        ok = rows[np.asarray(fig.statuses[ind.code])[rows] == Status.OK] if len(rows) else rows
        if not len(ok):
            pooled_row[ind.code] = None
            continue
        key = (figures.label(ind.code), np.sort(ok).tobytes())
        if key not in pools:
            pools[key] = len(pool_rows)
            pool_rows.append(np.sort(ok))
        pooled_row[ind.code] = pools[key]
    pooled = _pooled(scheme, fig.batch, pool_rows, children[0], supplied)
    return PeerFigures(
        parent=parent_court,
        children=children,
        period=when,
        courts=figures,
        pooled=pooled,
        pooled_row=pooled_row,
        present=present,
        invalid=tuple(e for e in results.invalid if e.court in codes and e.period == when),
    )


def _pooled(
    scheme: Scheme,
    batch: SnapshotBatch,
    pools: list[npt.NDArray[np.int64]],
    level: Court,
    supplied: set[str],
) -> Results | None:
    """Each pool (rows of `batch`) summed into one row of one batch, evaluated once.

    The pools are the departments 'p1', 'p2' … of one stand-in court of `level`'s level, so
    each is alone in its peer group; supplied peer figures (published averages) are dropped,
    as a sum of averages means nothing.
    """
    if not pools:
        return None
    member = np.concatenate(pools)
    pool_of = np.concatenate([np.full(len(p), k) for k, p in enumerate(pools)]).astype(np.int64)
    n = len(pools)
    # Each pool a court of its own for the roll-up (a court may sit in several pools).
    members = SnapshotBatch.from_columns(
        court=[f"pool{k}" for k in pool_of.tolist()],
        department=[f"r{j}" for j in range(len(member))],
        period=[batch.period_of(int(i)) for i in member],
        columns={k: np.asarray(v)[member] for k, v in batch.columns.items() if k not in supplied},
        platform={k: np.asarray(v)[member] for k, v in batch.platform.items() if k not in supplied},
        kinds=batch.kinds,
    )
    summed = rollup_departments(members)
    order = np.argsort([int(c.removeprefix("pool")) for c in summed.court_index_labels()])
    summed = summed.take(order)
    parent_level = level.level.parent_level
    stand_in = [Court("peers", "peers", level.level, "pool" if parent_level else None)]
    if parent_level is not None:
        stand_in.insert(0, Court("pool", "pool", parent_level))
    pooled = SnapshotBatch.from_columns(
        court=["peers"] * n,
        department=[f"p{k + 1}" for k in range(n)],
        period=summed.period_labels(),
        columns=dict(summed.columns),
        platform=dict(summed.platform),
        kinds=summed.kinds,
    )
    # The pools' labels name no department: allowed, as a pool has no target of its own.
    evaluator = Evaluator(scheme, courts=CourtTree(stand_in), unknown_departments="allow")
    return evaluator(pooled, allow_extra=True)


def _supplied_peer_inputs(scheme: Scheme) -> set[str]:
    found: set[str] = set()
    for ind in scheme.indicators:
        if isinstance(ind.formula, PeerRelative):
            found |= {c.peer for c in ind.formula.components if c.peer}
    return found
