"""An indicator's series over periods for one court or department, against its target."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from courtinfo.base import CourtinfoError, InputError, UnknownNameError, atomic_file
from courtinfo.evaluation import Results
from courtinfo.indicators import Comparator
from courtinfo.periods import Period
from courtinfo.report._render import (
    Table,
    format_target,
    format_value,
    format_yes_no,
    none_if_nan,
    render_csv,
    render_json,
)


@attrs.frozen
class Trend:
    """Values of one indicator per period, oldest first, with the target that binds them.

    `target` is the target binding the latest period that has one (None when none does).
    """

    scheme: str
    indicator: str
    name_zh: str
    unit: str
    court: str
    department: str | None
    periods: tuple[Period, ...]
    values: tuple[float | None, ...]
    target: float | None = None
    comparator: str | None = None
    reasons: tuple[str, ...] = ()
    court_name: str = ""

    @property
    def title(self) -> str:
        """'上海市嘉定区人民法院 民二庭 电子送达适用率' (the court code without a court tree)."""
        who = (self.court_name or self.court) + (f" {self.department}" if self.department else "")
        return f"{who} {self.name_zh}"

    def met(self) -> list[bool | None]:
        """Whether each value meets the target (None without value or target)."""
        if self.target is None:
            return [None] * len(self.values)
        comp = Comparator(self.comparator or "at_least")
        return [None if v is None else comp.met(v, self.target) for v in self.values]

    def table(self) -> Table:
        """Period, value, whether the target is met."""
        target = format_target(self.target, self.comparator, self.unit)
        rows = tuple(
            (str(p), format_value(v, self.unit) if v is not None else (r or "—"), format_yes_no(m))
            for p, v, r, m in zip(
                self.periods, self.values, self._reasons(), self.met(), strict=True
            )
        )
        return Table(("period", "value", f"达标 met (target {target})"), rows, right=frozenset({1}))

    def _reasons(self) -> tuple[str, ...]:
        return self.reasons or ("",) * len(self.values)

    def to_text(self) -> str:
        """The series as an aligned table under its title."""
        return f"{self.title}\n\n{self.table().to_text()}"

    def to_markdown(self) -> str:
        """The series as a Markdown table under a heading."""
        return f"## {self.title}\n\n{self.table().to_markdown()}"

    def to_csv(self) -> str:
        """period,value,target,comparator — values unrounded."""
        return render_csv(
            ("period", "value", "target", "comparator"),
            (
                (str(p), v, self.target, self.comparator)
                for p, v in zip(self.periods, self.values, strict=True)
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "scheme": self.scheme,
            "indicator": self.indicator,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "court": self.court,
            "court_name": self.court_name or self.court,
            "department": self.department,
            "target": self.target,
            "comparator": self.comparator,
            "periods": [str(p) for p in self.periods],
            "values": list(self.values),
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


def trend(results: Results, code: str, *, court: str, department: str | None = None) -> Trend:
    """The series of indicator `code` for `court` (its court-level rows) or one of its departments."""
    ind = results.scheme.indicator(code)
    batch = results.batch
    if court not in batch.courts:
        raise UnknownNameError("court", court, batch.courts)
    rows = results.select(court=court, department=department or "")
    if not rows:
        where = (
            f"department {department!r} of court {court!r}"
            if department
            else f"court {court!r} (court-level rows)"
        )
        msg = f"no rows for {where}"
        raise InputError(msg)
    rows.sort(key=lambda i: batch.period_of(i))
    tree = results.courts
    values = results.values[code]
    targets = results.target_values(code)
    with_target = [i for i in rows if not np.isnan(targets[i])]
    last = with_target[-1] if with_target else None
    return Trend(
        scheme=results.scheme.code,
        indicator=code,
        name_zh=ind.name_zh,
        unit=ind.unit.value,
        court=court,
        department=department or None,
        periods=tuple(batch.period_of(i) for i in rows),
        values=tuple(none_if_nan(float(values[i])) for i in rows),
        target=None if last is None else float(targets[last]),
        comparator=None if last is None else results.row(last, code).comparator,
        reasons=tuple(results.row(i, code).reason for i in rows),
        court_name=tree.get(court).name if tree is not None and court in tree else "",
    )


def plot_trend(trend: Trend, path: str | Path) -> Path:
    """Draw `trend` as a line chart with its target as a horizontal line; write a PNG to `path`.

    Needs matplotlib (the `plot` extra); rates are drawn as percentages.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        msg = "plot_trend needs matplotlib: pip install 'courtinfo[plot]'"
        raise CourtinfoError(msg) from None
    scale = 100.0 if trend.unit in ("percentage", "points") else 1.0
    x = [str(p) for p in trend.periods]
    y = [np.nan if v is None else v * scale for v in trend.values]
    out = Path(path)
    with warnings.catch_warnings():
        # Fonts without CJK glyphs warn about department names; the chart is still drawn.
        warnings.simplefilter("ignore", UserWarning)
        fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
        try:
            ax.plot(x, y, marker="o", label=trend.indicator)
            if trend.target is not None:
                ax.axhline(trend.target * scale, color="red", linestyle="--", label="target")
            ax.set_ylabel("%" if scale == 100.0 else trend.unit)
            title = f"{trend.indicator} {trend.court} {trend.department or ''}".strip()
            font = _cjk_font()
            if font is None:  # no font can draw 民二庭: keep the title ASCII
                title = "".join(c for c in title if c.isascii()).strip()
            ax.set_title(title, fontfamily=font)
            ax.legend()
            ax.tick_params(axis="x", labelrotation=45)
            fig.tight_layout()
            # Whole or not at all: a failed write leaves an existing chart as it was.
            with atomic_file(out) as png:
                fig.savefig(png, format="png")
        finally:
            plt.close(fig)
    return out


_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)


def _cjk_font() -> str | None:
    """The first installed font that draws Chinese, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in installed), None)
