"""Evaluate a scheme over snapshots: values, statuses, targets and points, all rows at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from courtinfo._batch import SnapshotBatch
from courtinfo._dataset import Dataset
from courtinfo._errors import InputError, MissingInputError, Problem, ValidationError, did_you_mean
from courtinfo._results import Results
from courtinfo._rows import court_levels, department_facts, peer_groups
from courtinfo._snapshots import MetricSnapshot
from courtinfo._values import FloatArray, ValueKind, choice_mask
from courtinfo.formulas import Env, Status, StatusArray
from courtinfo.indicators import Scheme, pick_target
from courtinfo.org import CourtTree, Department

_MAX_LISTED = 10

Data = SnapshotBatch | Dataset | MetricSnapshot | Iterable[MetricSnapshot]


def as_batch(data: Data) -> tuple[SnapshotBatch, CourtTree | None, tuple[Department, ...]]:
    """The batch in `data`, with the court tree and departments a dataset carries."""
    if isinstance(data, SnapshotBatch):
        return data, None, ()
    if isinstance(data, Dataset):
        return data.batch(), data.tree(), data.departments
    if isinstance(data, MetricSnapshot):
        return SnapshotBatch.from_snapshots([data]), None, ()
    return SnapshotBatch.from_snapshots(data), None, ()


def evaluate(
    scheme: Scheme,
    data: Data,
    *,
    courts: CourtTree | None = None,
    departments: Sequence[Department] = (),
    strict: bool = False,
    allow_extra: bool = False,
) -> Results:
    """Every indicator of `scheme` for every row of `data`, with targets and points.

    `data` is one snapshot, many, a `SnapshotBatch` or a `Dataset`; all take the same
    array path. `courts` gives court levels and peer groups (a dataset's own tree is used
    otherwise); `departments` gives department kinds for targets. Inputs the scheme does not
    declare are refused unless `allow_extra`; with `strict`, a missing input raises
    `MissingInputError` instead of giving a not-provided result. Nothing is returned unless
    everything is valid: bad input raises before any result exists.
    """
    batch, own_tree, own_departments = as_batch(data)
    tree = courts if courts is not None else own_tree
    depts = tuple(departments) or own_departments
    _check_inputs(scheme, batch, allow_extra)
    env_values: dict[str, FloatArray] = {}
    env_status: dict[str, StatusArray] = {}
    declared = {i.id: i for i in scheme.inputs}
    n = len(batch)

    def lookup(name: str) -> FloatArray:
        if name in env_values:
            return env_values[name]
        col = batch.effective(name)
        inp = declared.get(name)
        if inp is not None and inp.fallback is not None:
            other = lookup(inp.fallback)
            col = other if col is None else np.where(np.isnan(col), other, col)
        return np.full(n, np.nan) if col is None else col

    def status_of(name: str) -> StatusArray:
        if name in env_status:
            return env_status[name]
        return np.where(np.isnan(lookup(name)), Status.NOT_PROVIDED, Status.OK).astype(np.uint8)

    env = Env(n, lookup, status_of, peer_groups(batch, tree), court_levels(batch, tree))
    problems: list[Problem] = []
    for ind in scheme.evaluation_order:
        out = ind.formula.compute(env)
        env_values[ind.code] = out.value
        env_status[ind.code] = out.status
        if out.violations is not None:
            problems += _violations(
                batch, ind.code, out.violation, out.violations, ind.formula.references(), lookup
            )
    if problems:
        raise InputError(ValidationError(problems).args[0])
    results = Results(
        scheme=scheme,
        batch=batch,
        values={i.code: env_values[i.code] for i in scheme.indicators},
        statuses={i.code: env_status[i.code] for i in scheme.indicators},
        target_index=_target_index(scheme, batch, depts),
        courts=tree,
    )
    if strict:
        _raise_missing(results)
    return results


def _check_inputs(scheme: Scheme, batch: SnapshotBatch, allow_extra: bool) -> None:
    declared = {i.id: i for i in scheme.inputs}
    problems: list[Problem] = []
    if not allow_extra:
        for name in batch.inputs:
            if name not in declared:
                msg = f"unknown input {name!r} for scheme {scheme.code!r}{did_you_mean(name, declared)}"
                problems.append(Problem(f"values.{name}", msg))
    for field, cols in (("values", batch.columns), ("platform_values", batch.platform)):
        for name, col in cols.items():
            inp = declared.get(name)
            if inp is None:
                continue
            with np.errstate(invalid="ignore"):
                if inp.kind is ValueKind.YES_NO:
                    bad, rule = (col != 0) & (col != 1) & ~np.isnan(col), "is not a yes/no answer"
                elif inp.kind is ValueKind.CHOICE:
                    offered = int(choice_mask(inp.letters))
                    bits = np.where(np.isnan(col), 0, col).astype(np.int64)
                    bad = (bits & ~offered) != 0
                    rule = f"ticks an option not offered (offered: {''.join(inp.letters)})"
                elif inp.kind is ValueKind.COUNT:
                    bad, rule = (col != np.floor(col)) & ~np.isnan(col), "is not a whole count"
                else:
                    continue
            if not bad.any():
                continue
            for i in np.flatnonzero(bad)[:_MAX_LISTED]:
                problems.append(
                    Problem(f"{field}.{name}", f"{float(col[i])!r} {rule} ({batch.describe_row(int(i))})")
                )
    if problems:
        raise InputError(ValidationError(problems).args[0])


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
        shown = ", ".join(
            f"{r}={float(lookup(r)[i]):g}"
            for r in dict.fromkeys(refs)
        )
        found.append(
            Problem(f"indicator {code}", f"{rule}: {shown} ({batch.describe_row(int(i))})")
        )
    if len(rows) > _MAX_LISTED:
        found.append(
            Problem(f"indicator {code}", f"{len(rows) - _MAX_LISTED} more rows break: {rule}")
        )
    return found


def _target_index(
    scheme: Scheme, batch: SnapshotBatch, departments: Sequence[Department]
) -> dict[str, np.ndarray]:
    facts = department_facts(batch, departments)
    pair = batch.court_index * len(batch.departments) + batch.department_index
    # Many (court, department) pairs share the same facts; pick targets once per distinct fact.
    position = {f: i for i, f in enumerate(dict.fromkeys(facts))}
    distinct = list(position)
    fact_of_pair = np.array([position[f] for f in facts] or [0], dtype=np.int64)
    fact_of_row = fact_of_pair[pair] if len(pair) else pair
    out: dict[str, np.ndarray] = {}
    for ind in scheme.indicators:
        per_fact = np.full(len(distinct), -1, dtype=np.int64)
        for f, (_, kind, case_handling, names) in enumerate(distinct):
            picks = [pick_target(ind.targets, name or None, kind, case_handling) for name in names]
            found = [t for t in picks if t is not None]
            if found:
                per_fact[f] = ind.targets.index(found[0])
        out[ind.code] = per_fact[fact_of_row] if len(distinct) else np.full(len(batch), -1)
    return out


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
        raise MissingInputError(ValidationError(problems).args[0])
