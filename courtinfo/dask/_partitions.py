"""The partitions of a source, the rule they must keep, and the first pass over them.

The first pass (`scan`) reads every partition once and keeps only what is small: the
(region, period) keys of its rows (to check the partition rule), the rows of the courts
whose peers are in every partition (roots and regions), and, for roll-ups, one partial sum
per region and period. Its results are gathered in the driver; the partitions themselves are
read again, one task each, by the graph that evaluates or rolls them up, so that nothing the
size of a partition waits in memory for another partition or for the second step.
"""

from __future__ import annotations

import importlib
import os
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs
import numpy as np

from courtinfo.base import InputError, Problem, ValidationError
from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.org import CourtTree


def dask_module(name: str) -> Any:
    """`name` imported, or a one-line error naming the extra to install."""
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


def as_batch(
    part: Any, kinds: Mapping[str, ValueKind], signed: frozenset[str] = frozenset()
) -> SnapshotBatch:
    """A partition (an Arrow table or a pandas DataFrame) as a batch, inputs of `kinds`,
    those in `signed` allowed below 0 (as every reader takes them from the scheme)."""
    pa = dask_module("pyarrow")
    table = part if isinstance(part, pa.Table) else pa.Table.from_pandas(part, preserve_index=False)
    present = {n.removeprefix("platform:") for n in table.column_names}
    kinds = {k: v for k, v in kinds.items() if k in present}
    return SnapshotBatch.from_arrow(table, kinds=kinds, signed=signed & present)


def batch_frame(batch: SnapshotBatch, names: Sequence[str] | None = None) -> Any:
    """`batch` as a pandas DataFrame: ``court``, ``department`` and ``period`` categoricals,
    then one float64 column per input (NaN: not provided), platform inputs as
    ``platform:<id>``; `names` (such columns) fixes the columns and their order."""
    pd = dask_module("pandas")
    data: dict[str, Any] = {
        "court": pd.Categorical.from_codes(batch.court_index, list(batch.courts)),
        "department": pd.Categorical.from_codes(batch.department_index, list(batch.departments)),
        "period": pd.Categorical.from_codes(batch.period_index, [str(p) for p in batch.periods]),
    }
    have = {**batch.columns, **{f"platform:{k}": v for k, v in batch.platform.items()}}
    for name in have if names is None else names:
        col = have.get(name)
        data[name] = (
            np.full(len(batch), np.nan) if col is None else np.asarray(col, dtype=np.float64)
        )
    return pd.DataFrame(data)


def value_names(batch: SnapshotBatch) -> list[str]:
    """The value columns of `batch` as `batch_frame` names them."""
    return [*batch.columns, *(f"platform:{k}" for k in batch.platform)]


@attrs.frozen
class Scan:
    """What the first pass keeps of one partition: all of it small."""

    #: The (region, period) pairs of its rows that the first step evaluates.
    keys: frozenset[tuple[str, str]]
    #: Its rows of roots, regions and courts outside the tree (an Arrow table), if any.
    cross: Any
    #: Partial roll-up rows (an Arrow table) for the second step, if asked for.
    partial: Any
    #: Its value columns, as `batch_frame` names them.
    names: tuple[str, ...]


class Job:
    """What every partition needs: the court tree, its regions, the inputs' kinds and the
    inputs that may be negative (the scheme's signed inputs)."""

    def __init__(
        self,
        tree: CourtTree,
        kinds: Mapping[str, ValueKind],
        signed: frozenset[str] = frozenset(),
    ) -> None:
        self.tree = tree
        self.region = regions(tree)
        self.kinds = dict(kinds)
        self.signed = signed

    def batch(self, part: Any) -> SnapshotBatch:
        """A partition as a batch of this job's inputs."""
        return as_batch(part, self.kinds, self.signed)

    def cross_mask(self, batch: SnapshotBatch) -> np.ndarray:
        """Per row: is it for the second step (a root, a region, a court outside the tree)?"""
        per_court = np.array([self.region.get(c) is None for c in batch.courts] or [True])
        return per_court[batch.court_index]

    def keys(self, batch: SnapshotBatch) -> frozenset[tuple[str, str]]:
        """The (region, period) keys of the rows that the first step evaluates."""
        region = [self.region.get(c) for c in batch.courts]
        n_p = max(len(batch.periods), 1)
        pairs = np.unique(batch.court_index * n_p + batch.period_index)
        out = set()
        for key in pairs.tolist():
            r = region[key // n_p]
            if r is not None:
                out.add((r, str(batch.periods[key % n_p])))
        return frozenset(out)

    def partial(self, own: SnapshotBatch) -> Any:
        """What the second step needs of a partition's own rows besides its cross rows
        (nothing here; roll-ups add their partial sums)."""
        return None

    def scan(self, part: Any) -> Scan:
        """The first pass over one partition (an Arrow table or a pandas DataFrame)."""
        batch = self.batch(part)
        cross = self.cross_mask(batch)
        rows = np.flatnonzero(cross)
        own = batch if not len(rows) else batch.take(np.flatnonzero(~cross))
        return Scan(
            keys=self.keys(batch),
            cross=batch.take(rows).to_arrow() if len(rows) else None,
            partial=self.partial(own) if len(own) else None,
            names=tuple(value_names(batch)),
        )

    def scan_labels(self, path: str) -> Scan:
        """The first pass over one Parquet file, reading its label columns only unless it
        has cross rows."""
        pq = dask_module("pyarrow.parquet")
        names = pq.read_schema(path).names
        labels = [n for n in ("court", "department", "period") if n in names]
        batch = as_batch(pq.read_table(path, columns=labels), {})
        rows = np.flatnonzero(self.cross_mask(batch))
        cross = None
        if len(rows):
            cross = self.batch(pq.read_table(path).take(rows)).to_arrow()
        values = tuple(n for n in names if n not in labels and not n.startswith("text:"))
        return Scan(keys=self.keys(batch), cross=cross, partial=None, names=values)

    def concat(self, tables: Sequence[Any]) -> SnapshotBatch:
        """Arrow tables of batches (columns may differ) as one batch."""
        pa = dask_module("pyarrow")
        return self.batch(pa.concat_tables(tables, promote_options="permissive"))

    def own(self, part: Any) -> SnapshotBatch:
        """A partition's rows that the first step evaluates."""
        batch = self.batch(part)
        cross = self.cross_mask(batch)
        return batch if not cross.any() else batch.take(np.flatnonzero(~cross))


J = TypeVar("J", bound=Job)


class Source:
    """The partitions of a dask DataFrame or of a Parquet dataset (one file each)."""

    def __init__(self, source: Any) -> None:
        self.files: list[str] | None = None
        self.frame: Any = None
        if isinstance(source, (str, Path)):
            path = Path(source)
            files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
            if not files:
                msg = f"{path}: no Parquet files"
                raise InputError(msg)
            self.files = [str(f) for f in files]
            return
        dd = dask_module("dask.dataframe")
        if not isinstance(source, dd.DataFrame):
            msg = (
                "courtinfo.dask: source must be a dask DataFrame or a Parquet path, "
                f"not {type(source).__name__}"
            )
            raise InputError(msg)
        self.frame = source

    def parts(self) -> list[Any]:
        """One delayed Arrow table or pandas DataFrame per partition (read when computed)."""
        dask = dask_module("dask")
        if self.files is not None:
            pq = dask_module("pyarrow.parquet")
            return [dask.delayed(pq.read_table)(f) for f in self.files]
        return list(self.frame.to_delayed())

    def scan(self, job: Job, labels_only: bool) -> list[Scan]:
        """The first pass, computed: one small `Scan` per partition."""
        dask = dask_module("dask")
        wrapped = dask.delayed(job)
        if labels_only and self.files is not None:
            tasks = [dask.delayed(Job.scan_labels)(wrapped, f) for f in self.files]
        else:
            tasks = [dask.delayed(Job.scan)(wrapped, p) for p in self.parts()]
        return list(dask.compute(*tasks))

    def each(self, job: J, step: Callable[[J, Any], Any]) -> list[Any]:
        """`step(job, partition)` per partition, delayed."""
        dask = dask_module("dask")
        wrapped = dask.delayed(job)
        return [dask.delayed(step)(wrapped, p) for p in self.parts()]


def check_rule(scans: Sequence[Scan]) -> None:
    """Refuse partitions that share a (region, period): their peer groups would be split."""
    first: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for k, scan in enumerate(scans):
        for key in sorted(scan.keys):
            j = first.setdefault(key, k)
            if j != k and len(problems) < 10:
                msg = (
                    f"region {key[0]!r}, period {key[1]} is also in partition {j}: a peer "
                    "group would be split (partition by high-court subtree and year, or by period)"
                )
                problems.append(Problem(f"partition {k}", msg))
    if problems:
        raise ValidationError(problems)


def cross_tables(scans: Sequence[Scan], partials: bool = False) -> list[Any]:
    """The cross rows (and with `partials` the partial rows) that the partitions sent."""
    found = [s.cross for s in scans if s.cross is not None]
    if partials:
        found += [s.partial for s in scans if s.partial is not None]
    return found


def write_parquet(frame: Any, output: str | Path, schema: Mapping[str, Any]) -> None:
    """`frame` written partition by partition as a Parquet dataset at `output`, all or
    nothing: into a hidden directory beside it, renamed into place at the end."""
    out = Path(output)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        msg = f"{out}: exists and is not an empty directory; results are not written over it"
        raise InputError(msg)
    tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        frame.to_parquet(str(tmp), write_index=False, schema=dict(schema))
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def label_schema() -> dict[str, Any]:
    """Arrow types of the label columns in written results: dictionary-encoded strings."""
    pa = dask_module("pyarrow")
    label = pa.dictionary(pa.int32(), pa.string())
    return {"court": label, "department": label, "period": label}
