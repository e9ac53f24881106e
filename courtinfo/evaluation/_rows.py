"""Row facts an evaluation needs: court levels, peer groups, department kinds."""

from __future__ import annotations

import numpy as np

from courtinfo.base import CourtinfoError
from courtinfo.data import FloatArray, IntArray, SnapshotBatch
from courtinfo.org import CourtTree, Department, DepartmentKind, resolve_department_kind


def court_facts(courts: tuple[str, ...], tree: CourtTree) -> tuple[IntArray, FloatArray]:
    """Per court label: its parent's position in `tree` (-1: none, or not in the tree) and
    its level rank (NaN when not in the tree). Worth keeping for batches of the same courts."""
    parents = np.array([_parent_position(tree, c) for c in courts] or [-1], dtype=np.int64)
    levels = np.array(
        [float(tree.level_of(c).rank) if c in tree else np.nan for c in courts] or [np.nan]
    )
    return parents, levels


def court_levels(
    batch: SnapshotBatch, tree: CourtTree | None, facts: tuple[IntArray, FloatArray] | None = None
) -> FloatArray:
    """Each row's court level rank, NaN where the court is not in the tree."""
    if tree is None:
        return np.full(len(batch), np.nan)
    _, per_label = court_facts(batch.courts, tree) if facts is None else facts
    return per_label[batch.court_index]


def peer_groups(
    batch: SnapshotBatch, tree: CourtTree | None, facts: tuple[IntArray, FloatArray] | None = None
) -> IntArray | None:
    """Each row's peer group: same parent court, same period, same department label; -1 if none.

    `facts` are `court_facts` of the batch's court labels, if already worked out.
    """
    if tree is None:
        return None
    parents, _ = court_facts(batch.courts, tree) if facts is None else facts
    parent = parents[batch.court_index]
    has = parent >= 0
    if not has.any():
        return np.full(len(parent), -1, dtype=np.int64)
    nd, np_ = len(batch.departments), len(batch.periods)
    key = (np.maximum(parent, 0) * np_ + batch.period_index) * nd + batch.department_index
    size = (int(parents.max()) + 1) * np_ * nd
    if size <= 4 * len(key) + 1024:
        # Dense keys: number the groups that occur in key order, without sorting.
        present = np.bincount(key[has], minlength=size) > 0
        number = np.cumsum(present) - 1
        return np.where(has, number[key], -1)
    _, groups = np.unique(key[has], return_inverse=True)
    out = np.full(len(key), -1, dtype=np.int64)
    out[has] = groups.reshape(-1)
    return out


def _parent_position(tree: CourtTree, code: str) -> int:
    if code not in tree:
        return -1
    parent = tree.get(code).parent
    return -1 if parent is None else int(tree.index([parent])[0])


#: What picks a row's target: its department label, kind, whether it handles cases, and
#: the names a target may list it by.
Fact = tuple[str, DepartmentKind | None, bool, tuple[str, ...]]


def department_fact(dept: Department) -> Fact:
    """The fact of a department the caller listed: its own kind and Chinese name."""
    return (dept.code, dept.kind, dept.case_handling, (dept.code, dept.name))


def label_fact(label: str) -> Fact:
    """The fact of a bare label: a kind code ('civil-1'), a Chinese name (民一庭), or none."""
    kind: DepartmentKind | None = None
    if label:
        try:
            # A code such as 'civil-1' starts with its kind; checked first as it is cheap.
            kind = DepartmentKind(label.split("-")[0])
        except ValueError:
            try:
                kind, _ = resolve_department_kind(label)
            except CourtinfoError:
                kind = None
    return (label, kind, bool(kind and kind.case_handling), (label,))
