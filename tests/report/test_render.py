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
    # Every ASCII character is one column; mixed text counts each wide character two.
    assert display_width("".join(map(chr, range(128)))) == 128
    assert display_width("第1庭 a（全）") == 13
    t = Table(("部门", "value"), (("民二庭", "38.0%"), ("x", "5.0%")), right=frozenset({1}))
    assert t.to_text() == ("部门    value\n------  -----\n民二庭  38.0%\nx        5.0%\n")
    assert t.to_markdown() == "| 部门 | value |\n|---|---:|\n| 民二庭 | 38.0% |\n| x | 5.0% |\n"
    # The same cell in many rows (measured once) pads the same each time.
    many = Table(("a", "b"), (("民", "x"), ("民", "yy"), ("ab", "民")) * 3)
    assert many.to_text().splitlines()[2:5] == ["民  x", "民  yy", "ab  民"]


def test_markdown_escapes_pipes_and_csv_and_json() -> None:
    t = Table(("a",), (("x|y",),))
    assert "x\\|y" in t.to_markdown()
    assert render_csv(("a", "b"), [(None, 0.1), ("民", True)]) == "a,b\n,0.1\n民,True\n"
    assert render_json({"名": 1}) == '{\n  "名": 1\n}\n'


def test_new_units_read_as_courts_write_them() -> None:
    # 同比下降3.97个百分点 is kept as -0.0397; a CEPEJ disposition time 365 × 17880 / 28278 days.
    assert format_value(-0.0397, "percentage_points") == "-3.97个百分点"
    assert format_value(0.0, "percentage_points") == "+0.00个百分点"
    assert format_value(365 * 17880 / 28278, "days") == "230.8天"
    assert format_value(1643 - 2076, "count") == "-433.00"
    assert format_value(40 / 6, "per_person") == "6.67"
    assert format_target(0.0, "at_least", "percentage_points") == "≥+0.00个百分点"
    assert format_target(365, "at_most", "days") == "≤365.0天"
    assert format_change(0.012, "percentage_points") == "+1.2pp"


def test_published_figures_use_the_indicators_rounding() -> None:
    from courtinfo.indicators import get_scheme
    from courtinfo.report import format_published

    cepej = get_scheme("cepej")
    # Croatian commercial courts 2022: CR 28278 / 23628 published 119,68%; DT published 231.
    assert format_published(cepej.indicator("clearance_rate_civil"), 28278 / 23628) == "119.68%"
    assert format_published(cepej.indicator("disposition_time_civil"), 365 * 17880 / 28278) == "231天"
    assert format_published(cepej.indicator("disposition_time_civil"), None) == "—"
    shanghai = get_scheme("shanghai-2022")  # no rounding stated: the usual presentation
    assert format_published(shanghai.indicator("e_service_send_rate"), 0.4837) == "48.4%"


def test_published_rounding_half_up_truncate_and_not_bankers() -> None:
    from courtinfo.indicators import Rounding, RoundingMode
    from courtinfo.report import format_shown

    half_up, cut = Rounding(2), Rounding(2, RoundingMode.TRUNCATE)
    # 44125 / 100000 = 44.125%: a tie. Half up (四舍五入) 44.13; Python's round, to even, 44.12;
    # truncation 44.12.
    assert round(44.125, 2) == 44.12
    assert format_shown(44125 / 100000, "percentage", rounding=half_up) == "44.13%"
    assert format_shown(44125 / 100000, "percentage", rounding=cut) == "44.12%"
    # 44.129%: half up 44.13, truncated 44.12; 29% truncated stays 29.00 (0.29 × 100 is
    # 28.999999999999996 in floating point).
    assert format_shown(0.44129, "percentage", rounding=cut) == "44.12%"
    assert format_shown(0.29, "percentage", rounding=cut) == "29.00%"
    # A disposition time of 365 × 461 / 730 = 230.5 days: 231 half up, 230 truncated (and even).
    assert format_shown(365 * 461 / 730, "days", rounding=Rounding(0)) == "231天"
    assert format_shown(365 * 461 / 730, "days", rounding=Rounding(0, RoundingMode.TRUNCATE)) == "230天"
    assert format_shown(-0.039749, "percentage_points", rounding=cut) == "-3.97个百分点"
    assert format_shown(0.44125, "percentage") == "44.1%"  # no rounding stated: one place


def test_a_small_negative_figure_rounded_to_nothing_has_no_sign() -> None:
    from courtinfo.indicators import Rounding, RoundingMode
    from courtinfo.report import format_shown, format_value

    half_up, cut = Rounding(2), Rounding(2, RoundingMode.TRUNCATE)
    # 结案率 48.38% a year ago, 48.379% now: a change of −0.001 个百分点 (−0.00001 as a
    # fraction) publishes as +0.00个百分点, not '+-0.00个百分点' (a sign added before '-0.00').
    change = 0.48379 - 0.48380
    assert format_shown(change, "percentage_points", rounding=half_up) == "+0.00个百分点"
    assert format_shown(change, "percentage_points", rounding=cut) == "+0.00个百分点"
    # A growth of −0.004% (10000 → 9999.6 is not a count; 250000 → 249990 is): −0.00% never.
    growth = (249990 - 250000) / 250000
    assert format_shown(growth, "percentage", rounding=half_up) == "0.00%"
    assert format_shown(growth, "percentage", rounding=Rounding(0)) == "0%"
    assert format_value(growth, "percentage") == "0.0%"
    # −0.4 days truncated or rounded to whole days is 0天; −0.5 half up is −1天 (away from 0),
    # truncated 0天; −48.375% half up −48.38%, truncated −48.37% (towards 0).
    assert format_shown(-0.4, "days", rounding=Rounding(0)) == "0天"
    assert format_shown(-0.5, "days", rounding=Rounding(0)) == "-1天"
    assert format_shown(-0.5, "days", rounding=Rounding(0, RoundingMode.TRUNCATE)) == "0天"
    assert format_shown(-0.48375, "percentage", rounding=half_up) == "-48.38%"
    assert format_shown(-0.48375, "percentage", rounding=cut) == "-48.37%"
    assert format_value(-0.00001, "days") == "0.0天"
