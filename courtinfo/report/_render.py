"""Rendering shared by the reports: text tables, Markdown, CSV, JSON and number formats.

Values are kept unrounded in reports; everything here is presentation. Rates (fractions)
show as percentages with one decimal (45.0%), per-case averages and counts as numbers with
two, points with four decimals rounded half up (`round_half_up`), changes of rates in
percentage points (-3.97个百分点), durations in days with one decimal (230.8天).
"""

from __future__ import annotations

import csv
import io
import json
import numbers
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, argument, of_type, round_half_up, wrong_type
from courtinfo.indicators import Indicator, Rounding, published_figure

#: How a comparator reads in front of a threshold.
COMPARATOR_SIGNS = {"at_least": "≥", "at_most": "≤", "equal": "="}
#: What an empty cell shows.
BLANK = "—"


def _clean(x: float, places: int) -> float:
    # x * 100 may land a hair below a half (0.3825 * 100 = 38.249999…); trim the noise first.
    return round_half_up(round(x, places + 6), places)


@argument('x', numbers.Real, "a number")
def format_percent(x: float, places: int = 1, compact: bool = False) -> str:
    """A fraction as a percentage: 0.382 -> '38.2%'; compact drops a trailing '.0' (45%)."""
    text = f"{_clean(x * 100, places):.{places}f}"
    if compact and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


@argument('x', (numbers.Real, type(None)), "a number or None")
def format_points(x: float | None) -> str:
    """Points rounded half up to 4 places: 1.66666 -> '1.6667'."""
    return BLANK if x is None else f"{round_half_up(x):.4f}"


def format_number(x: float, places: int = 2) -> str:
    """A plain number with `places` decimals, rounded half up."""
    return f"{_clean(x, places):.{places}f}"


@argument('value', (numbers.Real, type(None)), "a number or None")
def format_value(
    value: float | None, unit: str, max_points: float | None = None, *, lang: str = "zh"
) -> str:
    """An indicator value as people read it: 45.0%, 0.20, 1.5000 points, 是/否 (yes/no)."""
    if value is None:
        return BLANK
    if unit == "percentage":
        return format_percent(value)
    if unit == "per_case":
        return format_number(value)
    if unit == "yes_no":
        if lang == "en":
            return "yes" if value >= 0.5 else "no"
        return "是" if value >= 0.5 else "否"
    if unit == "points":
        return format_percent(value) if max_points is None else format_points(value * max_points)
    if unit == "percentage_points":
        return format_points_change(value)
    if unit == "days":
        return format_number(value, 1) + "天"
    return format_number(value)


#: What follows a published figure, by unit (a percentage is published in percent).
_PUBLISHED_SUFFIX = {"percentage": "%", "percentage_points": "个百分点", "days": "天"}


@argument('indicator', Indicator, "an Indicator (scheme.indicator(code))")
def format_published(indicator: Indicator, value: float | None, *, lang: str = "zh") -> str:
    """`value` as the indicator's source publishes it: with its stated rounding (119.68%,
    231天, -3.97个百分点), or as `format_value` shows it when the indicator states none."""
    unit = indicator.unit.value
    return format_shown(value, unit, indicator.max_points, indicator.rounding, lang=lang)


@argument('value', (numbers.Real, type(None)), "a number or None")
def format_shown(
    value: float | None,
    unit: str,
    max_points: float | None = None,
    rounding: Rounding | None = None,
    *,
    lang: str = "zh",
) -> str:
    """A value as reports show it: rounded as its source publishes it when `rounding` is
    stated (half up or truncated, to its places), else as `format_value` shows it. Only the
    text is rounded; comparisons and ranks are made on the value as evaluated."""
    shown = published_figure(value, unit, rounding)
    if rounding is None or shown is None or unit in ("points", "yes_no"):
        return format_value(value, unit, max_points, lang=lang)
    sign = "+" if unit == "percentage_points" and shown >= 0 else ""
    return f"{sign}{shown:.{rounding.places}f}" + _PUBLISHED_SUFFIX.get(unit, "")


def format_points_change(x: float, places: int = 2) -> str:
    """A difference of two rates in percentage points: -0.0397 -> '-3.97个百分点'."""
    text = f"{_clean(x * 100, places):+.{places}f}"
    return text.replace("-0.00", "+0.00") + "个百分点"


@argument('value', (numbers.Real, type(None)), "a number or None")
def format_target(value: float | None, comparator: str | None, unit: str) -> str:
    """A threshold with its comparator: '≥45%', '=100%', '≥0.20'."""
    if value is None:
        return BLANK
    sign = COMPARATOR_SIGNS.get(comparator or "at_least", "")
    if unit in ("percentage", "points"):
        return sign + format_percent(value, compact=True)
    if unit == "percentage_points":
        return sign + format_points_change(value)
    if unit == "days":
        return sign + format_number(value, 1) + "天"
    return sign + format_number(value)


@argument('change', (numbers.Real, type(None)), "a number or None")
def format_change(change: float | None, unit: str, *, lang: str = "en") -> str:
    """A change: 上升3.2个百分点 / 下降0.02 / 持平 in Chinese; +3.2pp / -0.02 in English.

    Rates change by percentage points (个百分点), other units by plain numbers.
    """
    if change is None:
        return BLANK
    rate = unit in ("percentage", "points", "percentage_points")
    if lang == "zh":
        size = _clean(abs(change) * 100, 1) if rate else _clean(abs(change), 2)
        if size == 0:
            return "持平"
        word = "上升" if change > 0 else "下降"
        return f"{word}{size:.1f}个百分点" if rate else f"{word}{size:.2f}"
    text = f"{_clean(change * 100, 1):+.1f}pp" if rate else f"{_clean(change, 2):+.2f}"
    return text.replace("-0.0pp", "+0.0pp").replace("-0.00", "+0.00")


@argument('flag', (bool, np.bool_, type(None)), "True, False or None")
def format_yes_no(flag: bool | None) -> str:
    """True/False/None as 是/否/—."""
    return BLANK if flag is None else ("是" if flag else "否")


@argument('text', str, "text (str)")
def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide (CJK) characters count two."""
    return _width(text)


def _width(text: str) -> int:
    if text.isascii():  # no ASCII character is wide
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool, known: dict[str, int]) -> str:
    fill = " " * (width - known[text])
    return fill + text if right else text + fill


@attrs.frozen
class Table:
    """Headers and rows of strings; `right` marks the columns aligned right (numbers)."""

    headers: tuple[str, ...] = attrs.field(validator=of_type(tuple, "a tuple of column names"))
    rows: tuple[tuple[str, ...], ...] = attrs.field(validator=of_type(tuple, "a tuple of rows"))
    right: frozenset[int] = frozenset()

    def to_text(self) -> str:
        """Aligned columns separated by two spaces, headers underlined."""
        # Cells repeat (courts, periods, indicators, words): each text is measured once.
        known: dict[str, int] = {}

        def width(text: str) -> int:
            found = known.get(text)
            if found is None:
                found = known[text] = _width(text)
            return found

        widths = [width(h) for h in self.headers]
        for row in self.rows:
            widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]
        lines = [
            "  ".join(
                _pad(h, w, i in self.right, known)
                for i, (h, w) in enumerate(zip(self.headers, widths, strict=True))
            ),
            "  ".join("-" * w for w in widths),
        ]
        for row in self.rows:
            cells = (
                _pad(c, w, i in self.right, known)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            lines.append("  ".join(cells))
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def to_markdown(self) -> str:
        """A GitHub-flavoured Markdown table."""

        def line(cells: Iterable[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        marks = ("---:" if i in self.right else "---" for i in range(len(self.headers)))
        out = [line(self.headers), "|" + "|".join(marks) + "|"]
        out += [line(r) for r in self.rows]
        return "\n".join(out) + "\n"


@argument('headers', (list, tuple), "a list or tuple of column names")
def render_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text with '\\n' line ends; None becomes an empty cell, floats their repr."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if c is None else repr(c) if isinstance(c, float) else c for c in row])
    return out.getvalue()


def render_json(data: Any) -> str:
    """JSON text: UTF-8 characters as written, two-space indent, keys in the order built."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:  # an object JSON has no form for; NaN
        expected = "JSON data (dicts, lists, str, finite numbers, True/False/None)"
        raise InputError(f"{wrong_type('render_json: data', expected, data)} ({exc})") from None


def none_if_nan(x: float) -> float | None:
    """None for NaN, else `x` as a Python float."""
    return None if x != x else float(x)
