"""Roll-ups check a batch nobody checked: one department under two names is never summed."""

from __future__ import annotations

import numpy as np
import pytest

from courtinfo.base import DuplicateSnapshotError
from courtinfo.data import SnapshotBatch
from courtinfo.evaluation import rollup_departments, rollup_tree
from courtinfo.org import Court, CourtLevel, CourtTree
from courtinfo.periods import Period


def _unchecked() -> SnapshotBatch:
    # Built field by field (no reader checked it): 民事审判第一庭 and 民一庭 are one department.
    return SnapshotBatch(
        courts=("a",),
        court_index=np.array([0, 0]),
        departments=("民事审判第一庭", "民一庭"),
        department_index=np.array([0, 1]),
        periods=(Period.parse("2022-05"),),
        period_index=np.array([0, 0]),
        columns={"filed": np.array([3.0, 4.0])},
    )


def test_one_department_under_two_names_is_refused_not_summed_twice() -> None:
    batch = _unchecked()
    assert not batch.checked
    message = r"row 1: duplicates row 0: court 'a', department '民一庭', period 2022-05"
    with pytest.raises(DuplicateSnapshotError, match=message):
        rollup_departments(batch)
    tree = CourtTree((Court("a", "甲区人民法院", CourtLevel.BASIC),))
    with pytest.raises(DuplicateSnapshotError, match=message):
        rollup_tree(batch, tree)


# -- the documented choices between ways of summing that give the same sums -------------------
# (tests/evaluation/test_rollup_paths.py checks that every way gives the same numbers; these
# pin which way is taken, as the module's notes state it.)


def test_a_grid_is_dense_up_to_four_cells_a_row_or_2_20_cells() -> None:
    from courtinfo.evaluation._rollup import _dense

    assert _dense(1 << 20, 1) and not _dense((1 << 20) + 1, 1)
    n = 1 << 19  # 4 cells a row is past 2**20 cells
    assert _dense(4 * n, n) and not _dense(4 * n + 1, n)


def test_rows_are_gathered_when_fewer_than_a_quarter_are_summed() -> None:
    from courtinfo.evaluation._rollup import _pick

    # 1 row of 8 summed (below 8/4 = 2): gathered, keys of that row only.
    key, rows = _pick(np.arange(8), 100, np.arange(8) == 5)
    assert key.tolist() == [5] and rows is not None and rows.tolist() == [5]
    # 2 of 8 (a quarter): every row kept, the others keyed to no group (100).
    key, rows = _pick(np.arange(8), 100, np.isin(np.arange(8), [2, 5]))
    assert rows is None and key.tolist() == [100, 100, 2, 100, 100, 5, 100, 100]
    # All of them: as they are.
    key, rows = _pick(np.arange(3), 100, np.ones(3, dtype=bool))
    assert rows is None and key.tolist() == [0, 1, 2]
