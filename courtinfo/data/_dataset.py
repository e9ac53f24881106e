"""A dataset: snapshots with the courts and departments they belong to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

import attrs
import numpy as np

from courtinfo.base import items_of
from courtinfo.data._batch import SnapshotBatch
from courtinfo.data._snapshots import MetricSnapshot
from courtinfo.data._values import BoolArray, Value
from courtinfo.org import Court, CourtTree, Department


class BatchSnapshots(Sequence[MetricSnapshot]):
    """The rows of a batch read as snapshots, made only when first read (then kept).

    A file loaded as columns holds its batch; snapshots cost more than the whole evaluation,
    so they are built only for a caller that asks for them. `whole` marks, per column of
    measures (``("columns" | "platform", input)``), the cells written as whole numbers,
    which come back as `int`, exactly as a reader of one cell at a time gives them.
    """

    __slots__ = ("_made", "_whole", "batch")

    def __init__(
        self, batch: SnapshotBatch, whole: Mapping[tuple[str, str], BoolArray] | None = None
    ) -> None:
        self.batch = batch
        self._whole = dict(whole or {})
        self._made: tuple[MetricSnapshot, ...] | None = None

    def _all(self) -> tuple[MetricSnapshot, ...]:
        if self._made is None:
            snaps = self.batch.to_snapshots()
            for (field, name), mask in self._whole.items():
                for i in np.flatnonzero(mask).tolist():
                    s = snaps[i]
                    if field == "columns":
                        snaps[i] = attrs.evolve(s, values={**s.values, name: _whole(s.values[name])})
                    else:
                        plat = {**s.platform_values, name: _whole(s.platform_values[name])}
                        snaps[i] = attrs.evolve(s, platform_values=plat)
            self._made = tuple(snaps)
        return self._made

    def __len__(self) -> int:
        return len(self.batch)

    @overload
    def __getitem__(self, i: int) -> MetricSnapshot: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[MetricSnapshot, ...]: ...

    def __getitem__(self, i: int | slice) -> MetricSnapshot | tuple[MetricSnapshot, ...]:
        return self._all()[i]

    def __iter__(self) -> Iterator[MetricSnapshot]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BatchSnapshots) and other.batch is self.batch:
            return True
        if isinstance(other, (tuple, list, BatchSnapshots)):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"BatchSnapshots({len(self)} rows)"


def _whole(value: Value) -> Value:
    return int(value) if isinstance(value, float) else value


def _tuple_of_snapshots(value: Iterable[MetricSnapshot]) -> Sequence[MetricSnapshot]:
    if isinstance(value, BatchSnapshots):
        return value
    return items_of(value, MetricSnapshot, "Dataset: snapshots")


@attrs.frozen
class Dataset:
    """What a snapshot file holds: the snapshots, and optionally the court tree and departments.

    A snapshot's `department` names a department by its `code` in `departments` for its
    court, or, when no such department is listed, by its Chinese name (民一庭). A dataset
    read from a file holds its columns (`batch()`); its `snapshots` are made when first read.
    """

    snapshots: Sequence[MetricSnapshot] = attrs.field(converter=_tuple_of_snapshots)
    courts: tuple[Court, ...] = ()
    departments: tuple[Department, ...] = ()

    @classmethod
    def from_batch(
        cls,
        batch: SnapshotBatch,
        courts: Sequence[Court] = (),
        departments: Sequence[Department] = (),
        *,
        whole: Mapping[tuple[str, str], BoolArray] | None = None,
    ) -> Dataset:
        """A dataset of the rows of a checked batch, as columns (see `BatchSnapshots`)."""
        return cls(BatchSnapshots(batch.validated(), whole), tuple(courts), tuple(departments))

    def tree(self) -> CourtTree | None:
        """The court tree, or None when the file lists no courts."""
        return CourtTree(self.courts) if self.courts else None

    def batch(self) -> SnapshotBatch:
        """The snapshots as columns."""
        if isinstance(self.snapshots, BatchSnapshots):
            return self.snapshots.batch
        return SnapshotBatch.from_snapshots(self.snapshots)
