"""An indicator's series over periods for one court or department, against its target."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from courtinfo.base import (
    InputError,
    UnknownNameError,
    argument,
    atomic_file,
    optional_module,
)
from courtinfo.evaluation import Results
from courtinfo.formulas import Status
from courtinfo.indicators import Comparator
from courtinfo.periods import Period
from courtinfo.report._lang import (
    Lang,
    check_lang,
    department_label,
    met_word,
    missing_reason,
    pick,
)
from courtinfo.report._render import (
    Table,
    format_target,
    format_value,
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
    lang: Lang = "zh"

    @property
    def title(self) -> str:
        """'上海市嘉定区人民法院 民二庭 电子送达适用率' (the court code without a court tree)."""
        dept = department_label(self.department, self.lang) if self.department else ""
        who = (self.court_name or self.court) + (f" {dept}" if dept else "")
        return f"{who} {self.name_zh}"

    def met(self) -> list[bool | None]:
        """Whether each value meets the target (None without value or target)."""
        if self.target is None:
            return [None] * len(self.values)
        comp = Comparator(self.comparator or "at_least")
        return [None if v is None else comp.met(v, self.target) for v in self.values]

    def table(self) -> Table:
        """Period, value, whether the target is met (达标/未达标)."""
        target = format_target(self.target, self.comparator, self.unit)
        lang = self.lang
        rows = tuple(
            (
                p.label_zh if lang == "zh" else str(p),
                format_value(v, self.unit, lang=lang) if v is not None else (r or "—"),
                met_word(m, lang),
            )
            for p, v, r, m in zip(
                self.periods, self.values, self._reasons(), self.met(), strict=True
            )
        )
        headers = (
            ("期间", "数值", f"达标情况（目标{target}）")
            if lang == "zh"
            else ("period", "value", f"达标 met (target {target})")
        )
        return Table(headers, rows, right=frozenset({1}))

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
            "lang": self.lang,
            "title": self.title,
            "reasons": list(self._reasons()),
            "department": self.department,
            "target": self.target,
            "comparator": self.comparator,
            "periods": [str(p) for p in self.periods],
            "values": list(self.values),
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


@argument('results', Results, "Results (from courtinfo.evaluate)")
def trend(
    results: Results,
    code: str,
    *,
    court: str,
    department: str | None = None,
    lang: Lang = "zh",
) -> Trend:
    """The series of indicator `code` for `court` (its court-level rows) or one of its departments."""
    lang = check_lang(lang)
    ind = results.scheme.indicator(code)
    code = ind.code
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
        reasons=tuple(_reason(results, code, i, lang) for i in rows),
        court_name=tree.get(court).name if tree is not None and court in tree else "",
        lang=lang,
    )


def _reason(results: Results, code: str, i: int, lang: Lang) -> str:
    status = Status(int(results.statuses[code][i]))
    missing = results.missing_inputs(code, i) if status is Status.NOT_PROVIDED else ()
    invalid = results.invalid_at(i, code) if status is Status.INVALID else ()
    return missing_reason(results.scheme, status, missing, lang, invalid)


@argument('trend', Trend, "a Trend (courtinfo.report.trend)")
def plot_trend(trend: Trend, path: str | Path) -> Path:
    """Draw `trend` as a line chart with its target as a horizontal line; write a PNG to `path`.

    Titles, axes and legend are in the trend's language. Chinese is drawn with the first
    installed CJK font (`cjk_font`); without one a `UserWarning` says so once per process and
    the text is drawn as it is (boxes), never dropped. Needs matplotlib (the `plot` extra);
    rates are drawn as percentages.
    """
    optional_module("matplotlib", "plot_trend").use("Agg")
    plt = optional_module("matplotlib.pyplot", "plot_trend")
    scale = 100.0 if trend.unit in ("percentage", "points") else 1.0
    lang = trend.lang
    x = [str(p) for p in trend.periods]
    y = [np.nan if v is None else v * scale for v in trend.values]
    out = Path(path)
    font = cjk_font()
    if font is None:
        _warn_no_font()
    with warnings.catch_warnings():
        # Missing glyphs were reported once above; matplotlib would repeat it per character.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
        try:
            family = [font] if font else None
            ax.plot(x, y, marker="o", label=trend.name_zh if lang == "zh" else trend.indicator)
            if trend.target is not None:
                label = pick(lang, "目标", "target")
                ax.axhline(trend.target * scale, color="red", linestyle="--", label=label)
            unit = "%" if scale == 100.0 else trend.unit
            ax.set_ylabel(pick(lang, f"数值（{unit}）", unit), fontfamily=family)
            ax.set_xlabel(pick(lang, "期间", "period"), fontfamily=family)
            ax.set_title(trend.title, fontfamily=family)
            ax.legend(prop={"family": family} if family else None)
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
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)

#: Whether the missing-font warning was given (once per process).
_WARNED: list[bool] = []


def cjk_font() -> str | None:
    """The name of the first installed font that draws Chinese, or None.

    Install one on Debian or Ubuntu with `apt-get install fonts-noto-cjk`.
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in installed), None)


def _warn_no_font() -> None:
    if _WARNED:
        return
    _WARNED.append(True)
    msg = (
        "no font that draws Chinese is installed, so Chinese text in charts shows as boxes; "
        "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk)"
    )
    warnings.warn(msg, UserWarning, stacklevel=3)
