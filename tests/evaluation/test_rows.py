"""Row facts: court levels, peer groups (same parent, period and department) and department
facts that pick targets."""

from __future__ import annotations

import numpy as np

from courtinfo import MetricSnapshot, Period, SnapshotBatch
from courtinfo.evaluation._rows import court_levels, department_fact, label_fact, peer_groups
from courtinfo.org import Court, CourtTree, Department, DepartmentKind

TREE = CourtTree(
    [
        Court("31", "上海市高级人民法院", "high"),
        Court("3101", "上海市第一中级人民法院", "intermediate", "31"),
        Court("3102", "上海市第二中级人民法院", "intermediate", "31"),
        Court("310104", "徐汇区人民法院", "basic", "3101"),
        Court("310105", "长宁区人民法院", "basic", "3101"),
        Court("310106", "静安区人民法院", "basic", "3102"),
    ]
)
W1, W2 = Period.parse("2022-W01"), Period.parse("2022-W02")


def batch(*keys: tuple[str, str | None, Period]) -> SnapshotBatch:
    return SnapshotBatch.from_snapshots([MetricSnapshot(c, p, d, {"x": 1}) for c, d, p in keys])


def test_court_levels_are_ranks_and_nan_outside_the_tree() -> None:
    b = batch(("31", None, W1), ("310104", None, W1), ("9999", None, W1), ("3101", None, W1))
    levels = court_levels(b, TREE)
    ranks = [TREE.level_of(c).rank for c in ("31", "310104")]
    assert levels[:2].tolist() == ranks and np.isnan(levels[2])
    assert levels[3] == TREE.level_of("3101").rank
    assert np.isnan(court_levels(b, None)).all()


def test_peer_groups_share_parent_period_and_department() -> None:
    b = batch(
        ("310104", None, W1),  # 0: 3101's courts, week 1, court level
        ("310105", None, W1),  # 1: same group as 0
        ("310105", None, W2),  # 2: another week
        ("310105", "立案庭", W1),  # 3: another department
        ("310106", None, W1),  # 4: under 3102
        ("31", None, W1),  # 5: no parent: no group
        ("9999", None, W1),  # 6: not in the tree: no group
    )
    groups = peer_groups(b, TREE)
    assert groups is not None
    g = groups.tolist()
    assert g[0] == g[1] and len({g[0], g[2], g[3], g[4]}) == 4
    assert g[5] == g[6] == -1 and min(g[:5]) >= 0
    assert peer_groups(b, None) is None


def test_peer_groups_without_any_parent() -> None:
    groups = peer_groups(batch(("31", None, W1), ("31", None, W2)), TREE)
    assert groups is not None and groups.tolist() == [-1, -1]


def test_department_facts_from_labels_and_listed_departments() -> None:
    assert label_fact("civil-1") == ("civil-1", DepartmentKind.CIVIL, True, ("civil-1",))
    assert label_fact("民一庭")[1] is DepartmentKind.CIVIL
    assert label_fact("立案庭")[1:3] == (DepartmentKind.FILING, DepartmentKind.FILING.case_handling)
    assert label_fact("") == ("", None, False, ("",))
    assert label_fact("综合办公室三组")[1:3] == (None, False)
    dept = Department.from_name("310104", "民一庭")
    assert department_fact(dept) == (dept.code, dept.kind, dept.case_handling, (dept.code, dept.name))
