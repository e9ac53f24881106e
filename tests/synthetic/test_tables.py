"""The tables the generator draws by: department names that resolve to their kinds, sizes by
level, magnitudes by label."""

from __future__ import annotations

from courtinfo.org import CourtLevel, DepartmentKind, resolve_department_kind
from courtinfo.synthetic import DEPARTMENT_NAMES
from courtinfo.synthetic._tables import (
    AFFINITIES,
    LEVEL_SIZE,
    MAGNITUDES,
    STOCK_WORDS,
)


def test_department_names_are_unique_and_resolve_to_their_kinds() -> None:
    assert len(DEPARTMENT_NAMES) == len(set(DEPARTMENT_NAMES))
    assert DEPARTMENT_NAMES[:3] == ("立案庭", "民一庭", "民二庭")
    kinds = {name: resolve_department_kind(name)[0] for name in DEPARTMENT_NAMES[:20]}
    assert kinds["立案庭"] is DepartmentKind.FILING
    assert kinds["执行局"] is DepartmentKind.ENFORCEMENT
    assert kinds["城关人民法庭"] is DepartmentKind.TRIBUNAL


def test_every_court_level_has_a_size_and_basic_courts_are_the_unit() -> None:
    assert set(LEVEL_SIZE) == set(CourtLevel)
    assert LEVEL_SIZE[CourtLevel.BASIC] == 1.0
    assert all(0 < size <= 1 for size in LEVEL_SIZE.values())


def test_magnitudes_and_affinities_are_keyword_tables() -> None:
    # First match wins: 网上立案 is a filing figure (25), 电子送达 a service one (40).
    def magnitude(label: str) -> float:
        return next(m for words, m in MAGNITUDES if any(w in label for w in words))

    assert magnitude("电子送达发送数") == 40.0 and magnitude("网上立案数") == 25.0
    assert all(m > 0 for _, m in MAGNITUDES)
    enforcement = next(table for words, table, _ in AFFINITIES if "执行" in words)
    assert enforcement[DepartmentKind.ENFORCEMENT] == 1.0
    assert "在编执行干警人数".count(STOCK_WORDS[1]) == 1
