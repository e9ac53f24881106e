"""The partitions of a source, the rule they must keep, and the one pass over them.

Each partition is read (computed) once, by a task of its own that evaluates (or rolls up)
its own rows and keeps of it only what is small for the second step (`Piece`): the
(region, period) keys of its rows, its rows of the courts whose peers are in every partition
(roots and regions) and, for roll-ups, one partial sum per region and period. The second step
runs per period group (`period_group`: the periods of one year), so that it never holds the
cross rows of every year at once. For a Parquet dataset, a pass over the files' label
columns first checks the partition rule and tells which files each group needs; a dask
DataFrame is not computed twice for that, so there the rule is checked, and the groups
found, when the result is computed.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, Problem, ValidationError, optional_module
from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.org import CourtTree
from courtinfo.periods import Period

LABELS = ("court", "department", "period")


def dask_module(name: str) -> Any:
    """`name` imported, or an `InputError` naming the extra to install."""
    return optional_module(name, "courtinfo.dask", InputError)


def regions(tree: CourtTree) -> dict[str, str | None]:
    """Each court's region (its ancestor just below a root); None for a root or a region
    itself, whose rows the second step evaluates."""
    out: dict[str, str | None] = {}
    for court in tree.courts:
        chain = [court.code, *(c.code for c in tree.ancestors(court.code))]
        out[court.code] = chain[-2] if len(chain) >= 3 else None
    return out


def period_group(period: str) -> int:
    """The group of periods the second step takes together: the year of the period's
    middle day (a week's ISO year: 2013-W01, from 2012-12-31, is 2013's). Peers share a
    period, so any grouping of whole periods gives the same results."""
    p = Period.parse(period)
    return (p.start + (p.end - p.start) / 2).year


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


def value_names(columns: Iterable[str]) -> tuple[str, ...]:
    """The value columns among a table's `columns`, as `batch_frame` names them."""
    return tuple(n for n in columns if n not in LABELS and not n.startswith("text:"))


@attrs.frozen
class Piece:
    """What one partition sends to the second step: all of it small."""

    #: The (region, period) pairs of its rows that the first step evaluates.
    keys: frozenset[tuple[str, str]]
    #: Its rows of roots, regions and courts outside the tree (an Arrow table), if any.
    cross: Any
    #: Partial roll-up rows (an Arrow table) for the second step, if asked for.
    partial: Any

    def periods(self) -> set[str]:
        """The periods of the rows it sends."""
        out: set[str] = set()
        for table in (self.cross, self.partial):
            if table is not None:
                out.update(str(p) for p in table.column("period").unique().to_pylist())
        return out


@attrs.frozen
class Labels:
    """What the pass over a Parquet file's label columns finds."""

    #: As `Piece.keys`.
    keys: frozenset[tuple[str, str]]
    #: The periods of its cross rows.
    cross: frozenset[str]


class Job:
    """What every partition needs: the court tree, its regions, the inputs' kinds and the
    inputs that may be negative (the scheme's signed inputs). Subclasses say what the first
    step makes of a partition's own rows (`own_step`) and the second of a group's rows
    (`group_step`)."""

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

    def empty(self) -> Any:
        """A frame of results with no rows: the columns and types every partition gives."""
        raise NotImplementedError

    def own_step(self, own: SnapshotBatch) -> tuple[Any, Any]:
        """The first step's frame of a partition's own rows, and its partial rows (an Arrow
        table, or None) for the second step."""
        raise NotImplementedError

    def group_step(self, batch: SnapshotBatch) -> Any:
        """The second step's frame of one period group's cross and partial rows."""
        raise NotImplementedError

    def split(self, part: Any) -> tuple[Any, Piece]:
        """The one pass over a partition: the first step's frame of its own rows, and what
        it sends to the second step. A Parquet file (its path) is read here, in the same
        task: a table read by a task of its own could wait, whole, for a worker."""
        if isinstance(part, str):
            part = dask_module("pyarrow.parquet").read_table(part)
        batch = self.batch(part)
        cross = self.cross_mask(batch)
        rows = np.flatnonzero(cross)
        own = batch if not len(rows) else batch.take(np.flatnonzero(~cross))
        frame, partial = self.own_step(own) if len(own) else (self.empty(), None)
        piece = Piece(
            keys=self.keys(batch),
            cross=batch.take(rows).to_arrow() if len(rows) else None,
            partial=partial,
        )
        return frame, piece

    def labels(self, path: str) -> Labels:
        """The pass over one Parquet file's label columns."""
        pq = dask_module("pyarrow.parquet")
        names = pq.read_schema(path).names
        batch = as_batch(pq.read_table(path, columns=[n for n in LABELS if n in names]), {})
        cross = self.cross_mask(batch)
        periods = np.unique(batch.period_index[cross]).tolist()
        return Labels(self.keys(batch), frozenset(str(batch.periods[p]) for p in periods))

    def second(self, pieces: Sequence[Piece], groups: Sequence[frozenset[str]]) -> Any:
        """The second step over `groups` (sets of periods), one group at a time."""
        pa = dask_module("pyarrow")
        pc = dask_module("pyarrow.compute")
        pd = dask_module("pandas")
        frames = []
        for periods in groups:
            wanted = pa.array(sorted(periods), type=pa.string())
            tables = []
            for piece in pieces:
                for table in (piece.cross, piece.partial):
                    if table is not None:
                        keep = pc.is_in(table.column("period").cast(pa.string()), wanted)
                        tables.append(table.filter(keep))
            tables = [t for t in tables if t.num_rows]
            if tables:
                batch = self.batch(pa.concat_tables(tables, promote_options="permissive"))
                frames.append(self.group_step(batch))
        if not frames:
            return self.empty()
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def plan(self, pieces: Sequence[Piece], check: bool) -> list[list[frozenset[str]]]:
        """For a source scanned in the same pass (a dask DataFrame): the rule checked, and per
        partition the period groups whose second step it runs (those it is first to send)."""
        if check:
            check_rule([p.keys for p in pieces])
        first: dict[int, int] = {}
        found: dict[int, set[str]] = {}
        for k, piece in enumerate(pieces):
            for period in piece.periods():
                g = period_group(period)
                first.setdefault(g, k)
                found.setdefault(g, set()).add(period)
        out: list[list[frozenset[str]]] = [[] for _ in pieces]
        for g in sorted(first):
            out[first[g]].append(frozenset(found[g]))
        return out


def groups_of_files(
    labels: Sequence[Labels], partials: bool
) -> dict[int, tuple[frozenset[str], list[int]]]:
    """Per period group of a Parquet dataset: its periods, and the files the second step
    needs (those with cross rows in it, and with `partials` those with own rows in it)."""
    periods: dict[int, set[str]] = {}
    files: dict[int, set[int]] = {}
    for k, lab in enumerate(labels):
        sent = set(lab.cross)
        if partials:
            sent.update(p for _, p in lab.keys)
        for period in sent:
            g = period_group(period)
            periods.setdefault(g, set()).add(period)
            files.setdefault(g, set()).add(k)
    return {g: (frozenset(periods[g]), sorted(files[g])) for g in sorted(periods)}


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

    def names(self) -> tuple[str, ...]:
        """The value columns of every partition, as `batch_frame` names them (of a Parquet
        dataset: read from the files' footers)."""
        if self.files is None:
            return value_names(self.frame.columns)
        pq = dask_module("pyarrow.parquet")
        found = (n for f in self.files for n in pq.read_schema(f).names)
        return value_names(dict.fromkeys(found))

    def labels(self, job: Job) -> list[Labels]:
        """The pass over a Parquet dataset's label columns, computed."""
        assert self.files is not None
        dask = dask_module("dask")
        wrapped = dask.delayed(job)
        return list(dask.compute(*(dask.delayed(Job.labels)(wrapped, f) for f in self.files)))

    def frame_of(self, job: Job, check: bool, partials: bool = False) -> Any:
        """The dask DataFrame of `job`'s results: one partition per source partition (the
        first step), then the second step's. Each source partition is read once."""
        dask = dask_module("dask")
        dd = dask_module("dask.dataframe")
        wrapped = dask.delayed(job)
        if self.files is not None:
            labels = self.labels(job)
            if check:
                check_rule([lab.keys for lab in labels])
            parts: list[Any] = list(self.files)
        else:
            parts = list(self.frame.to_delayed())
        split = [dask.delayed(Job.split, nout=2)(wrapped, p) for p in parts]
        frames = [s[0] for s in split]
        pieces = [s[1] for s in split]
        if self.files is not None:
            for periods, files in groups_of_files(labels, partials).values():
                needed = [pieces[k] for k in files]
                frames.append(dask.delayed(Job.second)(wrapped, needed, [periods]))
        else:
            plan = dask.delayed(Job.plan)(wrapped, pieces, check)
            for k in range(len(pieces)):
                frames.append(dask.delayed(Job.second)(wrapped, pieces, plan[k]))
        return dd.from_delayed(frames, meta=job.empty(), verify_meta=False)


def check_rule(keys: Sequence[frozenset[tuple[str, str]]]) -> None:
    """Refuse partitions that share a (region, period): their peer groups would be split."""
    first: dict[tuple[str, str], int] = {}
    problems: list[Problem] = []
    for k, found in enumerate(keys):
        for key in sorted(found):
            j = first.setdefault(key, k)
            if j != k and len(problems) < 10:
                msg = (
                    f"region {key[0]!r}, period {key[1]} is also in partition {j}: a peer "
                    "group would be split (partition by high-court subtree and year, or by period)"
                )
                problems.append(Problem(f"partition {k}", msg))
    if problems:
        raise ValidationError(problems)


def write_parquet(frame: Any, output: str | Path) -> None:
    """`frame` written partition by partition as a Parquet dataset at `output`, all or
    nothing: into a hidden directory beside it, renamed into place at the end. Label
    columns are written dictionary-encoded."""
    pa = dask_module("pyarrow")
    out = Path(output)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        msg = f"{out}: exists and is not an empty directory; results are not written over it"
        raise InputError(msg)
    label = pa.dictionary(pa.int32(), pa.string())
    tmp = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    try:
        frame.to_parquet(str(tmp), write_index=False, schema=dict.fromkeys(LABELS, label))
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
