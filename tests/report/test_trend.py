"""Trends: an indicator's series against its target, and the PNG chart."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from courtinfo import CourtinfoError, InputError, Period, Results, UnknownNameError, evaluate
from courtinfo.report import Trend, plot_trend, trend
from tests.report import snap, weekly_scheme


def results() -> Results:
    return evaluate(
        weekly_scheme(),
        [
            snap("c1", "2022-W21", "民二庭", sent=5, services=10),
            snap("c1", "2022-W19", "民二庭", sent=3, services=10),
            snap("c1", "2022-W20", "民二庭", services=10),
            snap("c1", "2022-W20", None, sent=7, services=10),
        ],
    )


def test_series_in_period_order_with_target() -> None:
    t = trend(results(), "e_service", court="c1", department="民二庭")
    assert t.periods == tuple(Period.parse(p) for p in ("2022-W19", "2022-W20", "2022-W21"))
    assert t.values == (0.3, None, 0.5)
    assert (t.target, t.comparator) == (0.45, "at_least")
    assert t.met() == [False, None, True]
    assert t.reasons[1] == "未提供：电子送达数"
    lines = t.to_text().splitlines()
    assert lines[2].split() == ["期间", "数值", "达标情况（目标≥45%）"]
    assert [line.split() for line in lines[4:]] == [
        ["2022年第19周", "30.0%", "未达标"],
        ["2022年第20周", "未提供：电子送达数", "—"],
        ["2022年第21周", "50.0%", "达标"],
    ]
    assert t.to_csv().splitlines()[1] == "2022-W19,0.3,0.45,at_least"
    assert '"values": [\n    0.3,\n    null,\n    0.5\n  ]' in t.to_json()
    assert "| 2022年第21周 | 50.0% | 达标 |" in t.to_markdown()
    en = trend(results(), "e_service", court="c1", department="民二庭", lang="en")
    assert en.reasons[1] == "not provided: sent"
    text = en.to_text()
    assert "2022-W20  NA" not in text and "not provided: sent" in text
    assert "达标 met (target ≥45%)" in text
    assert "| 2022-W21 | 50.0% | met |" in en.to_markdown()


def test_court_level_series_has_no_target_here() -> None:
    t = trend(results(), "e_service", court="c1")
    assert (t.department, t.values, t.target) == (None, (0.7,), None)


def test_errors() -> None:
    with pytest.raises(UnknownNameError):
        trend(results(), "e_service", court="c9")
    with pytest.raises(InputError, match="no rows for department '民一庭'"):
        trend(results(), "e_service", court="c1", department="民一庭")


def test_plot_trend_writes_a_png_with_the_target_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib.axes

    lines: list[float] = []
    original = matplotlib.axes.Axes.axhline

    def spy(self: Any, y: float = 0, *args: Any, **kwargs: Any) -> Any:
        lines.append(y)
        return original(self, y, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "axhline", spy)
    t = trend(results(), "e_service", court="c1", department="民二庭")
    out = plot_trend(t, tmp_path / "trend.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert lines == [pytest.approx(45.0)]


def _titles(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    import matplotlib.axes

    seen: list[tuple[str, Any]] = []
    original = matplotlib.axes.Axes.set_title

    def spy(self: Any, label: str, *args: Any, **kwargs: Any) -> Any:
        seen.append((label, kwargs.get("fontfamily")))
        return original(self, label, *args, **kwargs)

    monkeypatch.setattr(matplotlib.axes.Axes, "set_title", spy)
    return seen


def test_chart_draws_chinese_with_an_installed_cjk_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    from courtinfo.report import cjk_font

    font = cjk_font()
    if font is None:  # pragma: no cover - CI installs fonts-noto-cjk
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    titles = _titles(monkeypatch)
    t = trend(results(), "e_service", court="c1", department="民二庭")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no missing-glyph warning, no missing-font warning
        plot_trend(t, tmp_path / "zh.png")
    assert titles == [("c1 民二庭 电子送达适用率", [font])]


def test_chart_without_a_cjk_font_warns_once_and_keeps_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import courtinfo.report._trend as module

    monkeypatch.setattr(module, "_CJK_FONTS", ())
    monkeypatch.setattr(module, "_WARNED", [])
    titles = _titles(monkeypatch)
    t = trend(results(), "e_service", court="c1", department="民二庭")
    with pytest.warns(UserWarning, match="apt-get install fonts-noto-cjk") as caught:
        plot_trend(t, tmp_path / "a.png")
        plot_trend(t, tmp_path / "b.png")
    assert len([w for w in caught if "font" in str(w.message)]) == 1
    assert [label for label, _ in titles] == ["c1 民二庭 电子送达适用率"] * 2  # never dropped


def test_plot_trend_without_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    t = Trend("s", "x", "某指标", "percentage", "c1", None, (Period.parse("2022-W21"),), (0.5,))
    with pytest.raises(
        CourtinfoError, match=r'plot_trend needs matplotlib: pip install "courtinfo\[plot\]"'
    ):
        plot_trend(t, tmp_path / "x.png")


def test_title_names_the_court_from_the_tree() -> None:
    from courtinfo import Dataset
    from courtinfo.org import Court

    data = Dataset(
        [snap("c1", "2022-W21", "民二庭", sent=5, services=10)],
        courts=(Court("c1", "某区人民法院", "basic"),),  # type: ignore[arg-type]
    )
    t = trend(evaluate(weekly_scheme(), data), "e_service", court="c1", department="民二庭")
    assert t.title == "某区人民法院 民二庭 电子送达适用率"
    assert t.to_text().startswith("某区人民法院 民二庭 电子送达适用率\n")
    assert t.to_dict()["court_name"] == "某区人民法院"
    assert trend(results(), "e_service", court="c1").title == "c1 电子送达适用率"  # no tree


def test_a_department_labelled_by_code_is_named_in_chinese_in_the_title() -> None:
    res = evaluate(weekly_scheme(), [snap("c1", "2022-W21", "civil-2", sent=5, services=10)])
    assert trend(res, "e_service", court="c1", department="civil-2").title == "c1 民二庭 电子送达适用率"
    en = trend(res, "e_service", court="c1", department="civil-2", lang="en")
    assert en.title == "c1 civil-2 电子送达适用率"
