"""A dataset: snapshots with the courts and departments they belong to."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from courtinfo.data._batch import SnapshotBatch
from courtinfo.data._snapshots import MetricSnapshot
from courtinfo.org import Court, CourtTree, Department


def _tuple_of_snapshots(value: Iterable[MetricSnapshot]) -> tuple[MetricSnapshot, ...]:
    return tuple(value)


@attrs.frozen
class Dataset:
    """What a snapshot file holds: the snapshots, and optionally the court tree and departments.

    A snapshot's `department` names a department by its `code` in `departments` for its
    court, or, when no such department is listed, by its Chinese name (民一庭).
    """

    snapshots: tuple[MetricSnapshot, ...] = attrs.field(converter=_tuple_of_snapshots)
    courts: tuple[Court, ...] = ()
    departments: tuple[Department, ...] = ()

    def tree(self) -> CourtTree | None:
        """The court tree, or None when the file lists no courts."""
        return CourtTree(self.courts) if self.courts else None

    def batch(self) -> SnapshotBatch:
        """The snapshots as columns."""
        return SnapshotBatch.from_snapshots(self.snapshots)
