"""Drawing inputs over a frame of courts, departments and periods: rows combo-major, each
input's draws seeded by its name (the same whatever the order), subsets within their wholes."""

from __future__ import annotations

import numpy as np

from courtinfo.indicators import get_scheme
from courtinfo.org import CourtLevel, DepartmentKind
from courtinfo.synthetic._draw import Drawer, Frame
from courtinfo.synthetic._plan import draw_levels, plan

SPECS = plan(get_scheme("shanghai-2022"))


def frame() -> Frame:
    # Two courts x two departments (court level, 立案庭) x three weeks.
    return Frame(
        n_courts=2,
        n_depts=2,
        n_periods=3,
        court_of_combo=np.array([0, 0, 1, 1]),
        dept_of_combo=np.array([0, 1, 0, 1]),
        court_size=np.array([1.0, 0.5]),
        court_quality=np.array([0.0, 0.0]),
        court_level=[CourtLevel.BASIC, CourtLevel.BASIC],
        period_factor=np.array([1.0, 1.1, 0.9]),
        dept_kinds=(None, DepartmentKind.FILING),
    )


def test_rows_are_combo_major() -> None:
    f = frame()
    assert f.combos == 4
    assert f.per_row(np.array([1, 2, 3, 4])).tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert f.period_of_row.tolist() == [1.0, 1.1, 0.9] * 4
    # 立案 figures belong to the filing division; a court-level row stands for the court.
    filing = f.affinity("网上立案数")
    assert filing[1] == 1.0 and filing[3] == 1.0 and filing[0] == filing[2] > 1.0


def draw_all(order: list[str]) -> dict[str, np.ndarray]:
    d = Drawer(frame(), SPECS, seed=11, missing=0.0, zero_denominators=0.0)
    for name in order:
        value, stock = d.draw(name)
        d.done[name], d.is_stock[name] = value, stock
    return {n: d.rows_of(n) for n in order}


def test_draws_are_seeded_by_name_and_keep_subsets_within_wholes() -> None:
    order = [n for level in draw_levels(SPECS) for n in level]
    first = draw_all(order)
    # Within a level the order does not matter: each input has its own seed.
    levels = draw_levels(SPECS)
    again = draw_all([n for level in levels for n in reversed(level)])
    for name in order:
        np.testing.assert_array_equal(first[name], again[name])
    assert (first["online_filings"] <= first["filings"]).all()
    assert (first["e_service_sent"] <= first["all_services"]).all()
    assert (first["web_entries"] <= first["archived_entries"] - first["born_digital_entries"]).all()
    # A stock (在编执行干警人数) is the same in every week of a court and department.
    officers = first["enforcement_officers"].reshape(4, 3)
    assert (officers == officers[:, :1]).all()
    assert all(len(v) == 12 for v in first.values())
