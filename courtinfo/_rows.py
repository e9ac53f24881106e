"""Row facts an evaluation needs: court levels, peer groups, department kinds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from courtinfo._batch import SnapshotBatch
from courtinfo._errors import CourtinfoError
from courtinfo._values import FloatArray, IntArray
from courtinfo.org import CourtTree, Department, DepartmentKind, resolve_department_kind


def court_levels(batch: SnapshotBatch, tree: CourtTree | None) -> FloatArray:
    """Each row's court level rank, NaN where the court is not in the tree."""
    if tree is None:
        return np.full(len(batch), np.nan)
    per_label = np.array(
        [float(tree.level_of(c).rank) if c in tree else np.nan for c in batch.courts] or [np.nan]
    )
    return per_label[batch.court_index]


def peer_groups(batch: SnapshotBatch, tree: CourtTree | None) -> IntArray | None:
    """Each row's peer group: same parent court, same period, same department label; -1 if none."""
    if tree is None:
        return None
    parents = np.array([_parent_position(tree, c) for c in batch.courts] or [-1], dtype=np.int64)
    parent = parents[batch.court_index]
    key = (parent * len(batch.periods) + batch.period_index) * len(batch.departments)
    key = key + batch.department_index
    _, groups = np.unique(key, return_inverse=True)
    return np.where(parent >= 0, groups.reshape(-1), -1).astype(np.int64)


def _parent_position(tree: CourtTree, code: str) -> int:
    if code not in tree:
        return -1
    parent = tree.get(code).parent
    return -1 if parent is None else int(tree.index([parent])[0])


def department_facts(
    batch: SnapshotBatch, departments: Sequence[Department]
) -> list[tuple[str, DepartmentKind | None, bool, tuple[str, ...]]]:
    """Per (court label, department label) pair code: label, kind, case-handling, names.

    The pair code of row i is ``court_index * len(departments) + department_index``.
    A department is found by its code in `departments`, else read as a Chinese name.
    """
    listed = {(d.court, d.code): d for d in departments}
    by_label = [_read_label(label) for label in batch.departments]
    out = []
    for court in batch.courts:
        for label, read in zip(batch.departments, by_label, strict=True):
            dept = listed.get((court, label))
            if dept is None:
                out.append(read)
            else:
                out.append((label, dept.kind, dept.case_handling, (label, dept.name)))
    return out


def _read_label(label: str) -> tuple[str, DepartmentKind | None, bool, tuple[str, ...]]:
    kind: DepartmentKind | None = None
    if label:
        try:
            kind, _ = resolve_department_kind(label)
        except CourtinfoError:
            # Not a Chinese name: perhaps a code such as 'civil-1' that starts with its kind.
            try:
                kind = DepartmentKind(label.split("-")[0])
            except ValueError:
                kind = None
    return (label, kind, bool(kind and kind.case_handling), (label,))
