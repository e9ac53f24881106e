"""Evaluation beyond one process: a scheme over a dask DataFrame or a Parquet dataset.

    import courtinfo.dask
    frame = courtinfo.dask.evaluate("weekly/", scheme, courts=tree, departments=departments)
    frame.to_parquet("results/")            # or courtinfo.dask.evaluate(..., output="results/")

**The partition rule.** Peer groups are the courts under one parent in one period; so that
none crosses a partition, each court's *region* is its ancestor just below the root of the
tree (its high court, under the Supreme People's Court), and every (region, period) must lie
in one partition: partition by high-court subtree and year, or by period. The rows of the
root and of the regions themselves (the high courts and the Supreme Court), whose peers are
in every partition, are evaluated in a small second step, all together. The rule is checked
on the input's label columns before anything is evaluated; a (region, period) found in two
partitions is refused, naming both.

Each partition becomes a `SnapshotBatch` (through Arrow: dictionary labels, numbers without
copies) and goes through one `Evaluator`. Pooled sums are taken in a canonical order
(`courtinfo.data.group_sums`), so the result equals the single-process one bit for bit,
whatever the scheduler, the thread count or the order of the rows. The result is a dask
DataFrame with one row per court, department and period: ``court``, ``department``,
``period``, then ``value:<indicator>`` (NaN where there is no value) and ``status:<indicator>``
(`Status` codes: 0 OK, 1 not provided, 2 zero denominator, 3 no capability, 4 invalid input
with `invalid="flag"`) per indicator.

Needs the ``dask`` extra: ``pip install "courtinfo[dask]"``. To run on a cluster, create a
``dask.distributed.Client`` first; dask then sends the partitions to its workers.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from courtinfo.base import InputError, Problem, ValidationError
from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.evaluation import Evaluator, InvalidPolicy, Results, check_invalid_policy
from courtinfo.indicators import Scheme
from courtinfo.org import CourtTree, Department

__all__ = ["evaluate", "regions", "results_frame"]


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        msg = f'courtinfo.dask needs {name.split(".")[0]}: pip install "courtinfo[dask]"'
        raise InputError(msg) from None


def regions(tree: CourtTree) -> dict[str, str | None]:
    """Each court's region (its ancestor just below a root); None for a root or a region
    itself, whose rows the second step evaluates."""
    out: dict[str, str | None] = {}
    for court in tree.courts:
        chain = [court.code, *(c.code for c in tree.ancestors(court.code))]
        out[court.code] = chain[-2] if len(chain) >= 3 else None
    return out


def results_frame(results: Results) -> Any:
    """`results` as a pandas DataFrame: one row per batch row, ``value:`` and ``status:``
    columns per indicator (see the module's notes)."""
    pd = _import("pandas")
    batch = results.batch
    data: dict[str, Any] = {
        "court": pd.Categorical.from_codes(batch.court_index, list(batch.courts)),
        "department": pd.Categorical.from_codes(batch.department_index, list(batch.departments)),
        "period": pd.Categorical.from_codes(batch.period_index, [str(p) for p in batch.periods]),
    }
    for ind in results.scheme.indicators:
        data[f"value:{ind.code}"] = results.values[ind.code]
        data[f"status:{ind.code}"] = results.statuses[ind.code]
    return pd.DataFrame(data, copy=False)


def _empty_frame(scheme: Scheme) -> Any:
    pd = _import("pandas")
    data: dict[str, Any] = {
        "court": pd.Categorical([]),
        "department": pd.Categorical([]),
        "period": pd.Categorical([]),
    }
    for ind in scheme.indicators:
        data[f"value:{ind.code}"] = np.zeros(0, dtype=np.float64)
        data[f"status:{ind.code}"] = np.zeros(0, dtype=np.uint8)
    return pd.DataFrame(data)


def _batch(part: Any, kinds: Mapping[str, ValueKind]) -> SnapshotBatch:
    """A partition (an Arrow table or a pandas DataFrame) as a batch, inputs of their
    scheme's kinds."""
    pa = _import("pyarrow")
    table = part if isinstance(part, pa.Table) else pa.Table.from_pandas(part, preserve_index=False)
    present = {n.removeprefix("platform:") for n in table.column_names}
    return SnapshotBatch.from_arrow(table, kinds={k: v for k, v in kinds.items() if k in present})


class _Job:
    """What every partition needs: the evaluator, the regions and the input kinds."""

    def __init__(
        self,
        scheme: Scheme,
        tree: CourtTree,
        departments: Sequence[Department],
        invalid: InvalidPolicy = "raise",
    ) -> None:
        self.scheme = scheme
        self.evaluator = Evaluator(scheme, courts=tree, departments=departments, invalid=invalid)
        self.region = regions(tree)
        self.kinds = {i.id: i.kind for i in scheme.inputs}

    def cross_mask(self, batch: SnapshotBatch) -> np.ndarray:
        """Rows evaluated in the second step: roots, regions, and courts outside the tree."""
        per_court = np.array([self.region.get(c) is None for c in batch.courts] or [True])
        return per_court[batch.court_index]

    def keys(self, part: Any) -> set[tuple[str, str]]:
        """The (region, period) keys of a partition's rows that the first step evaluates."""
        batch = _batch(part, self.kinds)
        region = [self.region.get(c) for c in batch.courts]
        pairs = np.unique(batch.court_index * len(batch.periods) + batch.period_index)
        out = set()
        for key in pairs.tolist():
            r = region[key // len(batch.periods)]
            if r is not None:
                out.add((r, str(batch.periods[key % len(batch.periods)])))
        return out

    def first(self, part: Any) -> tuple[Any, SnapshotBatch]:
        """The results of a partition's own rows, and its cross rows for the second step."""
        batch = _batch(part, self.kinds)
        cross = self.cross_mask(batch)
        own = batch if not cross.any() else batch.take(np.flatnonzero(~cross))
        frame = results_frame(self.evaluator(own)) if len(own) else _empty_frame(self.scheme)
        return frame, batch.take(np.flatnonzero(cross))

    def second(self, *parts: SnapshotBatch) -> Any:
        """The cross rows of every partition, evaluated together."""
        rows = [p for p in parts if len(p)]
        if not rows:
            return _empty_frame(self.scheme)
        pa = _import("pyarrow")
        table = pa.concat_tables([p.to_arrow() for p in rows], promote_options="permissive")
        return results_frame(self.evaluator(_batch(table, self.kinds)))


def _partitions(source: Any) -> tuple[list[Any], Any]:
    """(one delayed Arrow table or pandas frame per partition, dask.delayed)."""
    dask = _import("dask")
    delayed = dask.delayed
    if isinstance(source, (str, Path)):
        path = Path(source)
        files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
        if not files:
            msg = f"{path}: no Parquet files"
            raise InputError(msg)
        pq = _import("pyarrow.parquet")
        return [delayed(pq.read_table)(str(f)) for f in files], delayed
    dd = _import("dask.dataframe")
    if not isinstance(source, dd.DataFrame):
        msg = f"courtinfo.dask.evaluate: source must be a dask DataFrame or a Parquet path, not {type(source).__name__}"
        raise InputError(msg)
    return list(source.to_delayed()), delayed


def evaluate(
    source: Any,
    scheme: Scheme,
    *,
    courts: CourtTree,
    departments: Sequence[Department] = (),
    output: str | Path | None = None,
    check: bool = True,
    invalid: InvalidPolicy = "raise",
) -> Any:
    """`scheme` evaluated over every partition of `source`; see the module's notes.

    `source` is a dask DataFrame or the path of a Parquet file or directory (each file a
    partition) laid out as CSV files are. Returns a dask DataFrame of results; with `output`,
    writes them as a Parquet dataset there instead and returns None. With `check` (the
    default) the partition rule is verified first, reading only the label columns.
    `invalid` is as for `courtinfo.evaluate`: with "flag", a row breaking a rule has status 4
    (`Status.INVALID`) where it breaks, and is left out of its partition's peer pools.
    """
    check_invalid_policy(invalid, "courtinfo.dask.evaluate")
    dd = _import("dask.dataframe")
    job = _Job(scheme, courts, departments, invalid)
    parts, delayed = _partitions(source)
    if check:
        _check(job, source, parts)
    firsts = [delayed(job.first, nout=2)(p) for p in parts]
    frames = [f[0] for f in firsts]
    frames.append(delayed(job.second)(*[f[1] for f in firsts]))
    frame = dd.from_delayed(frames, meta=_empty_frame(scheme), verify_meta=False)
    if output is None:
        return frame
    pa = _import("pyarrow")
    label = pa.dictionary(pa.int32(), pa.string())
    schema = {"court": label, "department": label, "period": label}
    frame.to_parquet(str(output), write_index=False, schema=schema)
    return None


def _check(job: _Job, source: Any, parts: list[Any]) -> None:
    """Refuse partitions that share a (region, period): their peer groups would be split."""
    dask = _import("dask")
    if isinstance(source, (str, Path)):
        pq = _import("pyarrow.parquet")
        path = Path(source)
        files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
        labels = [
            dask.delayed(job.keys)(dask.delayed(pq.read_table)(str(f), columns=_labels_of(f)))
            for f in files
        ]
    else:
        labels = [dask.delayed(job.keys)(p) for p in parts]
    found = dask.compute(*labels)
    first: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for k, keys in enumerate(found):
        for key in sorted(keys):
            j = first.setdefault(key, k)
            if j != k and len(problems) < 10:
                msg = (
                    f"region {key[0]!r}, period {key[1]} is also in partition {j}: a peer "
                    "group would be split (partition by high-court subtree and year, or by period)"
                )
                problems.append(Problem(f"partition {k}", msg))
    if problems:
        raise ValidationError(problems)


def _labels_of(path: Path) -> list[str]:
    pq = _import("pyarrow.parquet")
    names = pq.read_schema(path).names
    return [n for n in ("court", "department", "period") if n in names]
