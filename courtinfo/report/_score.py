"""The score report of a scored evaluation (智慧法院建设评价): points, subtotals, points lost.

Points per indicator are value × maximum, kept unrounded; subtotals and the total add the
unrounded points and are rounded once, half up to 4 places, when shown. An indicator without a
value (not provided, or not applicable) scores 0 and is listed with its reason, the same in the
table, JSON and CSV (and 0 in `Results.to_records`). The points left on the table (maximum −
points) are listed largest first with who answers for each, so a court sees where to
强弱项补短板. A total that rests on a figure the Supreme Court's platform has not supplied yet
(an input `platform = true`, the court's own blank standing in) is provisional (暂定), and
the report names the inputs it waits for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import attrs

from courtinfo.base import InputError, SchemeError, argument, round_half_up
from courtinfo.evaluation import InvalidRow, Results
from courtinfo.formulas import Status
from courtinfo.indicators import Comparator, Indicator, Rounding, Scheme
from courtinfo.periods import Period, PeriodKind
from courtinfo.report._lang import (
    Lang,
    check_lang,
    department_label,
    input_label,
    invalid_lines,
    left_out_heading,
    left_out_rows,
    missing_reason,
    missing_word,
    pick,
)
from courtinfo.report._render import (
    BLANK,
    Table,
    format_points,
    format_shown,
    render_csv,
    render_json,
)


@attrs.frozen
class ScoreLine:
    """One scored indicator: points (unrounded) out of its maximum, and who answers for it."""

    indicator: str
    number: int | None
    name_zh: str
    category: str
    value: float | None
    points: float
    max_points: float
    reason: str = ""
    leaders: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    unit: str = "percentage"
    rounding: Rounding | None = None
    """How the indicator's source rounds its figure: the value is shown so; points are
    awarded on the value as evaluated."""
    missing: str = ""
    """Why there is no value: 'NA', 'NAP' or 'INVALID' (inputs breaking a rule); '' for a
    value."""

    def value_text(self, lang: Lang = "zh") -> str:
        """The value as reports show it: as published (its rounding), 有误 (INVALID in
        English) for inputs breaking a rule, '—' for a value not provided or applicable."""
        if self.value is None and self.missing == "INVALID":
            return missing_word(self.missing, lang)
        return format_shown(self.value, self.unit, None, self.rounding, lang=lang)

    @property
    def left(self) -> float:
        """Points left on the table: maximum − points."""
        return self.max_points - self.points

    @property
    def label(self) -> str:
        """'(12) 多元化解率'."""
        return f"({self.number}) {self.name_zh}" if self.number is not None else self.name_zh


@attrs.frozen
class CategoryScore:
    """A category's subtotal (unrounded) and maximum."""

    code: str
    name_zh: str
    points: float
    max_points: float


@attrs.frozen
class ScoreReport:
    """Points of one court (or department) and period under a scored scheme."""

    scheme: str
    scheme_title: str
    court: str
    court_name: str
    department: str | None
    period: Period
    lines: tuple[ScoreLine, ...]
    categories: tuple[CategoryScore, ...]
    total: float
    max_points: float
    provisional: tuple[str, ...] = ()
    waiting_for: tuple[str, ...] = ()
    lang: Lang = "zh"
    #: Rows of this court flagged invalid and left out of the sums this report rolled up
    #: (`--rollup` with `--invalid flag`), one line each, so the circulated report says so.
    left_out: tuple[str, ...] = ()
    #: Lines said before the report about the reports as a whole, so that a document of them
    #: (Word, a workbook) says them too: rows left out of a roll-up whose court and period have
    #: no report of their own (every row of them left out: `score_reports` puts them on its
    #: first report, under their heading), what a roll-up over time covered.
    notes: tuple[str, ...] = ()

    @property
    def is_provisional(self) -> bool:
        """Whether the total waits for figures of the Supreme Court's platform (暂定)."""
        return bool(self.provisional)

    @property
    def left_on_table(self) -> list[ScoreLine]:
        """Indicators short of full marks, most points lost first (ties in scheme order)."""
        # Full marks within the one tolerance of a target met: a sum of parts may fall a
        # rounding error short of its maximum.
        short = [ln for ln in self.lines if not Comparator.AT_LEAST.met(ln.points, ln.max_points)]
        return sorted(short, key=lambda ln: -ln.left)

    @property
    def without_value(self) -> list[ScoreLine]:
        """Indicators not provided or not applicable, with their reason."""
        return [ln for ln in self.lines if ln.value is None]

    @property
    def title(self) -> str:
        """'济南市长清区人民法院 智慧法院建设评价 (2019年度) 2019'."""
        return f"{self.who} {self.scheme_title} {self.period}"

    @property
    def who(self) -> str:
        """The court's name, and the department's as `department_label` names it."""
        dept = department_label(self.department, self.lang) if self.department else ""
        return self.court_name + (f" {dept}" if dept else "")

    def tables(self) -> tuple[Table, Table, Table]:
        """Points per indicator, subtotals per category, points left on the table."""
        zh = self.lang == "zh"
        points = Table(
            ("指标", "数值", "得分", "满分", "说明")
            if zh
            else ("indicator", "value", "points", "max", "reason"),
            tuple(
                (
                    ln.label,
                    ln.value_text(self.lang),
                    format_points(ln.points),
                    _num(ln.max_points),
                    ln.reason,
                )
                for ln in self.lines
            ),
            right=frozenset({1, 2, 3}),
        )
        cats = Table(
            ("类别", "得分", "满分") if zh else ("category", "points", "max"),
            (
                *(
                    (c.name_zh, format_points(c.points), _num(c.max_points))
                    for c in self.categories
                ),
                (
                    pick(self.lang, "总分", "总分 total"),
                    format_points(self.total),
                    _num(self.max_points),
                ),
            ),
            right=frozenset({1, 2}),
        )
        left = Table(
            ("指标", "失分", "满分", "责任领导", "责任部门", "说明")
            if zh
            else ("indicator", "left", "max", "责任领导 leaders", "责任部门 departments", "reason"),
            tuple(
                (
                    ln.label,
                    format_points(ln.left),
                    _num(ln.max_points),
                    "、".join(ln.leaders) or BLANK,
                    "、".join(ln.departments) or BLANK,
                    ln.reason,
                )
                for ln in self.left_on_table
            ),
            right=frozenset({1, 2}),
        )
        return points, cats, left

    def parts(self) -> list[tuple[str, Table]]:
        """The report's sections: (heading, table) in order."""
        points, cats, left = self.tables()
        lost = format_points(self.max_points - self.total)
        if self.lang == "zh":
            return [
                ("各项得分", points),
                ("分类小计", cats),
                (f"失分情况（共失{lost}分），按失分从多到少", left),
            ]
        return [
            ("得分 points per indicator", points),
            ("分类小计 subtotals", cats),
            (f"失分 points left on the table ({lost} in all), largest first", left),
        ]

    def headline(self) -> list[str]:
        """The total, and whether it is provisional and on what it waits."""
        total, top = format_points(self.total), _num(self.max_points)
        if self.lang == "zh":
            out = [f"总分{total}分（满分{top}分）"]
            if self.provisional:
                out[0] += "（暂定）"
                out.append("总分为暂定数，待最高法院平台数据：" + "、".join(self.waiting_for))
            return out
        out = [f"total {total} of {top} points"]
        if self.provisional:
            out[0] += " (provisional)"
            out.append(
                "provisional: waiting for the Supreme Court platform's "
                + ", ".join(self.waiting_for)
            )
        return out

    def to_text(self) -> str:
        """The report for a terminal."""
        out = [*self.notes, self.title, *self.headline(), ""]
        for heading, table in self.parts():
            out += [heading, table.to_text()]
        if self.left_out:
            out += [left_out_heading(self.lang), *self.left_out]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The report as Markdown."""
        out = [
            *(f"{x}  " for x in self.notes),
            *([""] if self.notes else []),
            f"# {self.title}",
            "",
            *self.headline(),
            "",
        ]
        for heading, table in self.parts():
            out += [f"## {heading}", "", table.to_markdown()]
        if self.left_out:
            out += [
                f"## {left_out_heading(self.lang).rstrip('：:')}",
                "",
                *(f"- {x}" for x in self.left_out),
            ]
        return "\n".join(out)

    def to_csv(self) -> str:
        """One line per indicator; points unrounded."""
        return render_csv(
            (
                "indicator",
                "number",
                "name_zh",
                "category",
                "value",
                "points",
                "max_points",
                "left",
                "reason",
                "leaders",
                "departments",
            ),
            (
                (
                    ln.indicator,
                    ln.number,
                    ln.name_zh,
                    ln.category,
                    ln.value,
                    ln.points,
                    ln.max_points,
                    ln.left,
                    ln.reason,
                    "、".join(ln.leaders),
                    "、".join(ln.departments),
                )
                for ln in self.lines
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: points rounded half up to 4 places, totals rounded once."""
        return {
            "scheme": self.scheme,
            "court": self.court,
            "court_name": self.court_name,
            "department": self.department,
            "period": str(self.period),
            "lang": self.lang,
            "title": self.title,
            "total": round_half_up(self.total),
            "max_points": self.max_points,
            "provisional": list(self.provisional),
            "waiting_for": list(self.waiting_for),
            "headline": self.headline(),
            "categories": [
                {
                    "code": c.code,
                    "name_zh": c.name_zh,
                    "points": round_half_up(c.points),
                    "max_points": c.max_points,
                }
                for c in self.categories
            ],
            "indicators": [
                {
                    "indicator": ln.indicator,
                    "number": ln.number,
                    "name_zh": ln.name_zh,
                    "category": ln.category,
                    "value": ln.value,
                    "points": round_half_up(ln.points),
                    "max_points": ln.max_points,
                    "left": round_half_up(ln.left),
                    "reason": ln.reason,
                    "leaders": list(ln.leaders),
                    "departments": list(ln.departments),
                }
                for ln in self.lines
            ],
            "left_on_table": [ln.indicator for ln in self.left_on_table],
            "left_out": list(self.left_out),
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


def _num(x: float) -> str:
    return f"{x:g}"


@argument("results", Results, "Results (from courtinfo.evaluate)")
def score_report(
    results: Results,
    row: int | None = None,
    *,
    court: str | None = None,
    period: Period | str | None = None,
    lang: Lang = "zh",
) -> ScoreReport:
    """The score report of batch row `row`, or of `court`'s court-level row in `period`.

    With neither, the result set must hold exactly one row (or one court-level row).
    `lang` is 'zh' (default) or 'en'.
    """
    lang = check_lang(lang)
    _check_scored(results.scheme)
    i = _pick_row(results, row, court, period)
    return _score_report(results, i, lang, left_out_rows(results))


def _check_scored(scheme: Scheme) -> None:
    if not scheme.scored or scheme.max_points is None:
        msg = f"scheme {scheme.code!r} awards no points; a score report needs a scored scheme"
        raise SchemeError(msg)


def _score_report(
    results: Results, i: int, lang: Lang, left_out: Sequence[InvalidRow]
) -> ScoreReport:
    """The score report of row `i`; `left_out` the rows a roll-up left out (`left_out_rows`),
    found once for every report of the results."""
    scheme = results.scheme
    assert scheme.max_points is not None  # _check_scored
    lines = []
    for ind in scheme.numbered:
        pts = results.points(ind.code)
        if pts is None or ind.max_points is None:
            continue
        r = results.row(i, ind.code)
        p = float(pts[i])
        status = Status(int(results.statuses[ind.code][i]))
        resp = ind.responsibility
        lines.append(
            ScoreLine(
                indicator=ind.code,
                number=ind.number,
                name_zh=ind.name_zh,
                category=ind.category,
                value=r.value,
                points=0.0 if math.isnan(p) else p,
                max_points=ind.max_points,
                reason=missing_reason(
                    scheme, status, r.missing_inputs, lang, results.invalid_at(i, ind.code)
                ),
                leaders=() if resp is None else resp.leaders,
                departments=() if resp is None else (resp.departments_zh or resp.scopes),
                unit=ind.unit.value,
                rounding=ind.rounding,
                missing=status.missing_code or "",
            )
        )
    cats = [
        CategoryScore(
            code=c.code,
            name_zh=c.name_zh,
            points=sum(ln.points for ln in lines if ln.category == c.code),
            max_points=c.max_points
            if c.max_points is not None
            else sum(ln.max_points for ln in lines if ln.category == c.code),
        )
        for c in scheme.categories
    ]
    tree = results.courts
    code = results.batch.court_of(i)
    return ScoreReport(
        scheme=scheme.code,
        scheme_title=scheme.title_zh,
        court=code,
        court_name=tree.get(code).name if tree is not None and code in tree else code,
        department=results.batch.department_of(i),
        period=results.batch.period_of(i),
        lines=tuple(lines),
        categories=tuple(cats),
        total=float(results.total_points()[i]),
        max_points=float(scheme.max_points),
        provisional=(waiting := _waiting(results, i)),
        waiting_for=tuple(input_label(scheme, w, lang) for w in waiting),
        lang=lang,
        left_out=invalid_lines(scheme, _left_out(results, i, left_out), lang),
    )


def _left_out(results: Results, i: int, left_out: Sequence[InvalidRow]) -> list[InvalidRow]:
    """Of `left_out`, the rows a roll-up left out of row `i`'s sums: same court and
    department, a period rolled into row `i`'s (a week by its Thursday, as the roll-up places
    it)."""
    b = results.batch
    court, department, period = b.court_of(i), b.department_of(i) or "", b.period_of(i)
    weeks = set(period.weeks()) if period.kind is not PeriodKind.WEEK else set()
    return [
        e
        for e in left_out
        if e.court == court
        and (e.department or "") == department
        and (
            e.period in weeks
            if e.period.kind is PeriodKind.WEEK
            else period.contains(e.period.start)
        )
    ]


@argument("results", Results, "Results (from courtinfo.evaluate)")
def score_reports(results: Results, *, lang: Lang = "zh") -> list[ScoreReport]:
    """A score report for every row, in batch order."""
    lang = check_lang(lang)
    _check_scored(results.scheme)
    left = left_out_rows(results)
    reports = [_score_report(results, i, lang, left) for i in range(len(results))]
    # Rows left out whose court and period have no report (every row of them left out) go
    # on the first report, so that every format of the reports lists them once.
    claimed = {line for rep in reports for line in rep.left_out}
    rest = [x for x in invalid_lines(results.scheme, left, lang) if x not in claimed]
    if reports and rest:
        reports[0] = attrs.evolve(reports[0], notes=(left_out_heading(lang), *rest))
    return reports


def _waiting(results: Results, i: int) -> tuple[str, ...]:
    """Platform inputs (以最高法院数据为准) a scored indicator reads that row `i` lacks."""
    scheme = results.scheme
    platform = {x.id for x in scheme.inputs if x.platform}
    if not platform:
        return ()
    found: dict[str, None] = {}
    for ind in scheme.numbered:
        if ind.max_points is None:
            continue
        for name in _inputs_read(scheme, ind):
            col = results.batch.effective(name)
            if name in platform and (col is None or col[i] != col[i]):
                found[name] = None
    return tuple(found)


def _inputs_read(scheme: Scheme, ind: Indicator) -> list[str]:
    """The inputs `ind` reads, directly or through the indicators it reads, in order."""
    codes = {x.code for x in scheme.indicators}
    return [name for name in scheme.reads(ind.code) if name not in codes]


def _pick_row(
    results: Results, row: int | None, court: str | None, period: Period | str | None
) -> int:
    n = len(results)
    if row is not None:
        if not 0 <= row < n:
            msg = f"row {row} is outside the results (0..{n - 1})"
            raise InputError(msg)
        return row
    if court is None and period is None:
        picked = list(range(n))
    else:
        picked = results.select(court=court, period=period, department="")
    if len(picked) == 1:
        return picked[0]
    which = ", ".join(
        f"{k}={v}" for k, v in (("court", court), ("period", period)) if v is not None
    )
    msg = (
        f"{len(picked)} court-level rows match {which or 'the results'}; "
        "name the court and period, or give a row number"
    )
    raise InputError(msg)
