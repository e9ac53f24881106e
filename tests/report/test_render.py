"""Number formats and table rendering shared by the reports."""

from __future__ import annotations

from courtinfo.report import (
    Table,
    display_width,
    format_change,
    format_percent,
    format_points,
    format_target,
    format_value,
)
from courtinfo.report._render import render_csv, render_json


def test_percentages_and_numbers() -> None:
    assert format_percent(0.382) == "38.2%"
    assert format_percent(0.3825) == "38.3%"  # half up, despite 0.3825 * 100 = 38.2499…
    assert format_percent(0.45, compact=True) == "45%"
    assert format_percent(0.455, compact=True) == "45.5%"
    assert format_value(0.45, "percentage") == "45.0%"
    assert format_value(0.2, "per_case") == "0.20"
    assert format_value(1.0, "yes_no") == "是"
    assert format_value(0.5, "points", max_points=2) == "1.0000"
    assert format_value(None, "percentage") == "—"


def test_points_round_half_up_to_four_places() -> None:
    assert format_points(1 / 6) == "0.1667"
    assert format_points(0.00015) == "0.0002"
    assert format_points(None) == "—"


def test_targets_and_changes() -> None:
    assert format_target(0.45, "at_least", "percentage") == "≥45%"
    assert format_target(1.0, "equal", "percentage") == "=100%"
    assert format_target(30, "at_most", "per_case") == "≤30.00"
    assert format_target(None, None, "percentage") == "—"
    assert format_change(0.08, "percentage") == "+8.0pp"
    assert format_change(-0.0, "percentage") == "+0.0pp"
    assert format_change(-0.00001, "percentage") == "+0.0pp"
    assert format_change(-10, "per_case") == "-10.00"
    assert format_change(None, "per_case") == "—"


def test_text_table_aligns_wide_characters() -> None:
    assert display_width("民二庭") == 6 and display_width("ab") == 2
    t = Table(("部门", "value"), (("民二庭", "38.0%"), ("x", "5.0%")), right=frozenset({1}))
    assert t.to_text() == ("部门    value\n------  -----\n民二庭  38.0%\nx        5.0%\n")
    assert t.to_markdown() == "| 部门 | value |\n|---|---:|\n| 民二庭 | 38.0% |\n| x | 5.0% |\n"


def test_markdown_escapes_pipes_and_csv_and_json() -> None:
    t = Table(("a",), (("x|y",),))
    assert "x\\|y" in t.to_markdown()
    assert render_csv(("a", "b"), [(None, 0.1), ("民", True)]) == "a,b\n,0.1\n民,True\n"
    assert render_json({"名": 1}) == '{\n  "名": 1\n}\n'
