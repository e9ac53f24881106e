"""`rollup_tree`: the court tree's roll-up over partitions, equal to `courtinfo.rollup_tree`.

A court's roll-up (its `SUBTREE` row) is its own rows' sum plus its children's roll-ups
added in the tree's order. Every court below a region has its whole subtree in one partition
(the partition rule), so its roll-up is made there exactly as in one process. A region's
subtree minus the region's own rows is summed in its partition too; that partial sum goes to
the second step as the row of a stand-in child of the region, the region's only child there.
The second step rolls up the roots' and regions' own rows with these rows, one period group
at a time, over a tree of roots, regions and stand-ins: each region gets its own rows' sum
plus the one partial sum (the same additions as in one process), each root its own rows plus
its regions in the tree's order. A stand-in that was not provided (NaN) stands for children
that were not all provided ("propagate") or none provided ("skip"), and counts as such.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError
from courtinfo.dask._partitions import LABELS, Job, Source, batch_frame, dask_module, write_parquet
from courtinfo.data import SnapshotBatch, ValueKind
from courtinfo.evaluation import rollup_tree as rollup_batch
from courtinfo.indicators import Scheme
from courtinfo.org import Court, CourtTree


def _second_tree(
    tree: CourtTree, region: Mapping[str, str | None]
) -> tuple[CourtTree, dict[str, str]]:
    """The roots and regions of `tree` in its order, and a stand-in child under each region
    that has children; with {region: stand-in code}."""
    top = [c for c in tree.courts if region.get(c.code) is None]
    standins: dict[str, str] = {}
    extra = []
    for court in top:
        children = tree.children(court.code)
        if court.parent is None or not children:
            continue
        code = f"{court.code}/*"
        while code in tree:
            code += "*"
        standins[court.code] = code
        extra.append(Court(code, f"{court.name}（辖区合计）", children[0].level, court.code))
    return CourtTree([*top, *extra]), standins


def _compact(batch: SnapshotBatch) -> SnapshotBatch:
    """`batch` naming only the courts it has rows of (label dictionaries of Parquet files,
    and roll-ups, may name every court of the tree)."""
    used, index = np.unique(batch.court_index, return_inverse=True)
    courts = tuple(batch.courts[i] for i in used.tolist())
    return attrs.evolve(batch, courts=courts, court_index=index.reshape(-1))


class _Rollup(Job):
    """A `Job` that rolls up the court tree."""

    def __init__(
        self,
        tree: CourtTree,
        kinds: Mapping[str, ValueKind],
        signed: frozenset[str],
        missing: str,
        names: Sequence[str],
    ) -> None:
        super().__init__(tree, kinds, signed)
        self.missing: Any = missing
        self.names = tuple(names)
        self.small, self.standin = _second_tree(tree, self.region)

    def _rows(self, batch: SnapshotBatch, keep: Callable[[str], object]) -> SnapshotBatch:
        per_court = np.array([bool(keep(c)) for c in batch.courts] or [False])
        return _compact(batch.take(np.flatnonzero(per_court[batch.court_index])))

    def empty(self) -> Any:
        pd = dask_module("pandas")
        data: dict[str, Any] = {k: pd.Categorical([]) for k in LABELS}
        data.update({n: np.zeros(0, dtype=np.float64) for n in self.names})
        return pd.DataFrame(data)

    def own_step(self, own: SnapshotBatch) -> tuple[Any, Any]:
        """The roll-ups of the courts below the regions, and the partition's sums under each
        region as rows of the regions' stand-ins."""
        rolled = rollup_batch(own, self.tree, missing=self.missing)
        frame = batch_frame(self._rows(rolled, lambda c: self.region.get(c)), self.names)
        rows = self._rows(rolled, lambda c: c in self.standin)
        if not len(rows):
            return frame, None
        courts = tuple(self.standin.get(c, c) for c in rows.courts)
        return frame, attrs.evolve(rows, courts=courts).to_arrow()

    def group_step(self, batch: SnapshotBatch) -> Any:
        """The roll-ups of the regions and roots, from their own rows and the partial sums."""
        rolled = rollup_batch(_compact(batch), self.small, missing=self.missing)
        standins = set(self.standin.values())
        return batch_frame(self._rows(rolled, lambda c: c not in standins), self.names)


def rollup_tree(
    source: Any,
    *,
    courts: CourtTree,
    missing: str = "propagate",
    scheme: Scheme | None = None,
    output: str | Path | None = None,
    check: bool = True,
) -> Any:
    """`courtinfo.rollup_tree` over every partition of `source`: one `SUBTREE` row per court
    and period, bit for bit the single-process roll-up of all the rows.

    `source` is as for `evaluate` and keeps the same partition rule (checked unless `check`
    is false). Inputs have the kinds `scheme` gives them and may be negative where it
    declares them signed, else as stored with the data (Parquet written from batches keeps
    both). Returns a dask DataFrame laid out as `batch_frame` lays out a batch, with one
    partition per source partition (the courts below the regions), then one per period group
    (the regions and roots) — a source `evaluate` accepts; with `output`, writes it there as
    a Parquet dataset and returns None.
    """
    if missing not in ("skip", "propagate"):
        msg = f"rollup_tree: missing must be 'propagate' or 'skip', not {missing!r}"
        raise InputError(msg)
    kinds = {} if scheme is None else {i.id: i.kind for i in scheme.inputs}
    signed = frozenset() if scheme is None else scheme.signed_inputs
    src = Source(source)
    job = _Rollup(courts, kinds, signed, missing, src.names())
    frame = src.frame_of(job, check, partials=True)
    if output is None:
        return frame
    write_parquet(frame, output)
    return None
