"""The weekly bulletin (周通报): every department of one court against its targets in one week.

Per indicator the bulletin lists the whole court (全院, its court-level row) and each
department: value, the target binding it, whether it is met (达标/未达标), the change since
the previous period (环比, see `_changes`) and its rank among the departments (competition
ranking, see `competition_rank`). The 全院 row comes first; then departments below target,
worst first, each with who answers for it: the indicator's `responsibility` (leaders, then
lead, supporting and responsible departments, a lead department with the stage it assesses as
written, 立案庭（立案阶段）), or the department itself when the scheme names no one. The others
follow in rank order, departments without a value last. A below-target entry of a plain ratio
says how many more of its numerator's count, at this period's denominator, would meet the
target (需再增加电子送达发送数13件方可达标); a blend, a peer-relative value or a capped score says
nothing rather than guess. Indicators no department has a value for get no section;
`not_reported` names them.

The 全院 row is read, never computed here: from the results' own court-level row, or from
`court_level` (`courtinfo.evaluation.court_figures(results)`, evaluated once by the caller).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, UnknownNameError, argument
from courtinfo.data import COURT_LEVEL, FloatArray, IntArray, ValueKind
from courtinfo.evaluation import CourtFigures, Results
from courtinfo.formulas import PerCaseAverage, Ratio, Status, sum_terms, term_name
from courtinfo.indicators import Comparator, Direction, Indicator, Rounding, Scheme
from courtinfo.org import Department
from courtinfo.periods import Period, PeriodKind
from courtinfo.report._changes import Changes, Comparison, changes, matching_rows
from courtinfo.report._lang import (
    Lang,
    check_lang,
    department_label,
    invalid_lines,
    met_word,
    missing_reason,
    missing_word,
    pick,
    unknown_kind_reason,
)
from courtinfo.report._ranking import competition_rank
from courtinfo.report._render import (
    BLANK,
    Table,
    format_change,
    format_shown,
    format_target,
    none_if_nan,
    render_csv,
    render_json,
)

#: The name of the court-level row in a bulletin.
WHOLE_COURT = "全院"


@attrs.frozen
class BulletinEntry:
    """One department's line for one indicator (`department` 全院 for the whole court).

    `reason` says why there is no value and `change_note` why there is no change, in the
    bulletin's language; `needed` is how many more (fewer, for an 'at most' target) of
    `needed_input` would meet the target, for a below-target plain ratio.
    """

    department: str
    value: float | None
    target: float | None
    comparator: str | None
    met: bool | None
    change: float | None
    change_note: str
    rank: int | None
    reason: str = ""
    leaders: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    whole_court: bool = False
    missing: str = ""
    needed: int | None = None
    needed_input: str | None = None
    needed_text: str = ""
    kind_unknown: bool = False
    """A department of no known kind, allowed (`unknown_departments="allow"`): `reason` says
    it has no target for that."""
    department_name: str = ""
    """The department as the bulletin's language names it (立案庭 for `department` filing,
    see `department_label`); '' for `department` itself."""

    @property
    def name(self) -> str:
        """What reports print for the department: `department_name`, else `department`."""
        return self.department_name or self.department

    @property
    def below_target(self) -> bool:
        """Whether a numeric target binds the department and its value misses it."""
        return self.met is False

    @property
    def missing_code(self) -> str:
        """'NA' (not provided) or 'NAP' (not applicable) without a value; '' with one."""
        return "" if self.value is not None else self.missing or "NA"


@attrs.frozen
class SectionCounts:
    """How a section's departments (全院 not counted) divide: the summary's numbers.

    `assessed` have a target and a value, of which `met` meet it; `without_target` have a
    value but no target; `without_value` have none. The three add up to `departments`.
    """

    departments: int
    assessed: int
    met: int
    without_target: int
    without_value: int


@attrs.frozen
class BulletinSection:
    """One indicator: its entries (全院, then below target first) and a one-line summary."""

    indicator: str
    number: int | None
    name_zh: str
    unit: str
    direction: str
    entries: tuple[BulletinEntry, ...]
    summary: str
    max_points: float | None = None
    counts: SectionCounts | None = None
    lang: Lang = "zh"
    rounding: Rounding | None = None
    """How the indicator's source rounds its figures: the values shown are rounded so, the
    entries' values (and whether they meet targets) are not."""

    @property
    def label(self) -> str:
        """'(1) 电子送达适用率', or the name alone for an unnumbered indicator."""
        return f"({self.number}) {self.name_zh}" if self.number is not None else self.name_zh

    @property
    def headers(self) -> tuple[str, ...]:
        """The table's column headers in the bulletin's language."""
        if self.lang == "zh":
            return ("部门", "数值", "目标", "达标", "环比", "名次", "责任部门", "说明")
        return (
            "部门 department",
            "value",
            "target",
            "达标 met",
            "环比 change",
            "名次 rank",
            "责任 responsible",
            "note",
        )

    def table(self) -> Table:
        """The entries as a table, figures formatted by unit."""
        lang = self.lang
        rows = tuple(
            (
                e.name,
                format_shown(e.value, self.unit, self.max_points, self.rounding, lang=lang)
                if e.value is not None
                else missing_word(e.missing_code, lang),
                format_target(e.target, e.comparator, self.unit),
                met_word(e.met, lang),
                format_change(e.change, self.unit, lang=lang),
                str(e.rank) if e.rank else BLANK,
                _who(e),
                e.needed_text or e.reason,
            )
            for e in self.entries
        )
        return Table(self.headers, rows, right=frozenset({1, 4, 5}))


def _who(e: BulletinEntry) -> str:
    if not e.below_target:
        return ""
    leaders = "、".join(e.leaders)
    depts = "、".join(e.responsible)
    return f"{leaders} / {depts}" if leaders else depts


@attrs.frozen
class Bulletin:
    """A court's bulletin for one period; render with `to_text`, `to_markdown`, `to_csv`, `to_json`.

    `previous_period` is the 环比 period when the data has it, None when it has none (the
    bulletin then says 无上期数据，未计算环比). Texts are in `lang`.
    """

    scheme: str
    scheme_title: str
    court: str
    court_name: str
    period: Period
    previous_period: Period | None
    sections: tuple[BulletinSection, ...]
    not_reported: tuple[str, ...] = ()
    lang: Lang = "zh"
    invalid: tuple[str, ...] = ()
    """The court's rows flagged invalid in the period or the one before (`invalid="flag"`),
    one line each in the bulletin's language: left out of 全院 sums, rankings and pools."""
    notes: tuple[str, ...] = ()
    """Lines said before the bulletin in every format: what a roll-up over time covered (a year
    of 10 of its 52 weeks is partial), so that a Word or Excel copy says it too."""

    @property
    def title(self) -> str:
        """'上海市嘉定区人民法院 周通报 2022年第21周 (2022-W21)'."""
        kind = "周通报" if self.period.kind is PeriodKind.WEEK else "通报"
        return f"{self.court_name} {kind} {self.period.label_zh} ({self.period})"

    def below_target(self) -> list[tuple[BulletinSection, BulletinEntry]]:
        """Every (indicator, department or 全院) below target, in bulletin order."""
        return [(s, e) for s in self.sections for e in s.entries if e.below_target]

    def below_target_by_department(self) -> dict[str, list[str]]:
        """Department -> labels of the indicators it is below target on, most misses first."""
        found: dict[str, list[str]] = {}
        for s, e in self.below_target():
            found.setdefault(e.name, []).append(s.label)
        return dict(sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    def head(self) -> list[str]:
        """The lines under the title: scheme, comparison period, how much is below target."""
        n = len(self.below_target())
        prev = self.previous_period
        if self.lang == "zh":
            compared = (
                f"环比：与{prev.label_zh}（{prev}）比较"
                if prev is not None
                else "无上期数据，未计算环比"
            )
            head = [
                f"考核方案：{self.scheme_title}（{self.scheme}）",
                f"{compared}；未达标{n}项（部门×指标，含全院）",
            ]
            if self.not_reported:
                head.append("本期无数据的指标：" + "、".join(self.not_reported))
            if self.invalid:
                head.append(
                    f"数据有误{len(self.invalid)}行：不计入全院汇总、排名与全市平均，见数据有误清单"
                )
            return head
        compared = (
            f"changes against {prev}"
            if prev is not None
            else "no data for the previous period: no changes"
        )
        head = [
            f"scheme: {self.scheme} {self.scheme_title}",
            f"{compared}; {n} department × indicator results below target (全院 included)",
        ]
        if self.not_reported:
            head.append("no values this period: " + ", ".join(self.not_reported))
        if self.invalid:
            head.append(
                f"{len(self.invalid)} row{'s' if len(self.invalid) != 1 else ''} invalid: left "
                "out of 全院 sums, rankings and pools (see the list of invalid rows)"
            )
        return head

    def below_target_lines(self) -> list[str]:
        """The below-target list, one line per department: what it missed and who answers."""
        out = []
        for s, e in self.below_target():
            shown = format_shown(e.value, s.unit, s.max_points, s.rounding, lang=self.lang)
            target = format_target(e.target, e.comparator, s.unit)
            who = _who(e)
            if self.lang == "zh":
                line = f"{e.name} {s.label} {shown}（目标{target}）"
                line += f"，责任：{who}" if who else ""
                line += f"；{e.needed_text}" if e.needed_text else ""
            else:
                line = f"{e.department} {s.label} {shown} (target {target})"
                line += f", responsible: {who}" if who else ""
                line += f"; {e.needed_text}" if e.needed_text else ""
            out.append(line)
        return out

    def _below_heading(self) -> str:
        return pick(self.lang, "未达标清单", "below target")

    def _invalid_heading(self) -> str:
        return pick(self.lang, "数据有误清单", "invalid rows")

    def to_text(self) -> str:
        """The bulletin for a terminal: title, summaries, one table per indicator, the lists."""
        out = [*self.notes, self.title, *self.head(), ""]
        for s in self.sections:
            out += [s.label, s.summary, s.table().to_text()]
        below = self.below_target_lines()
        if below:
            out += [self._below_heading(), *below, ""]
        if self.invalid:
            out += [self._invalid_heading(), *self.invalid, ""]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The bulletin as Markdown, one subsection per indicator, the list at the end."""
        out = [*_note_lines(self.notes), f"# {self.title}", "", *(f"- {line}" for line in self.head()), ""]
        for s in self.sections:
            out += [f"## {s.label}", "", s.summary, "", s.table().to_markdown()]
        below = self.below_target_lines()
        if below:
            out += [f"## {self._below_heading()}", "", *(f"- {line}" for line in below), ""]
        if self.invalid:
            out += [f"## {self._invalid_heading()}", "", *(f"- {line}" for line in self.invalid), ""]
        return "\n".join(out)

    def to_csv(self) -> str:
        """One line per indicator and department (全院 included), values unrounded."""
        headers = (
            "indicator",
            "number",
            "name_zh",
            "unit",
            "department",
            "whole_court",
            "value",
            "missing",
            "reason",
            "target",
            "comparator",
            "met",
            "change",
            "change_note",
            "rank",
            "below_target",
            "needed",
            "needed_input",
            "needed_text",
            "leaders",
            "responsible",
        )
        rows = (
            (
                s.indicator,
                s.number,
                s.name_zh,
                s.unit,
                e.department,
                e.whole_court,
                e.value,
                e.missing_code or None,
                e.reason,
                e.target,
                e.comparator,
                e.met,
                e.change,
                e.change_note,
                e.rank,
                e.below_target,
                e.needed,
                e.needed_input,
                e.needed_text,
                "、".join(e.leaders),
                "、".join(e.responsible),
            )
            for s in self.sections
            for e in s.entries
        )
        return render_csv(headers, rows)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (values unrounded)."""
        return {
            "scheme": self.scheme,
            "court": self.court,
            "court_name": self.court_name,
            "period": str(self.period),
            "previous_period": None if self.previous_period is None else str(self.previous_period),
            "lang": self.lang,
            "title": self.title,
            "notes": list(self.notes),
            "head": self.head(),
            "not_reported": list(self.not_reported),
            "sections": [
                {
                    "indicator": s.indicator,
                    "number": s.number,
                    "name_zh": s.name_zh,
                    "unit": s.unit,
                    "direction": s.direction,
                    "max_points": s.max_points,
                    "summary": s.summary,
                    "counts": None if s.counts is None else attrs.asdict(s.counts),
                    "entries": [
                        {**attrs.asdict(e), "below_target": e.below_target} for e in s.entries
                    ],
                }
                for s in self.sections
            ],
            "below_target": self.below_target_lines(),
            "invalid": list(self.invalid),
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


@argument('results', Results, "Results (from courtinfo.evaluate)")
def bulletin(
    results: Results,
    *,
    court: str,
    period: Period | str,
    indicators: Sequence[str] | None = None,
    court_level: CourtFigures | None = None,
    lang: Lang = "zh",
    departments: Sequence[Department] = (),
) -> Bulletin:
    """The bulletin of `court`'s departments and of the whole court for `period`.

    `indicators` defaults to the scheme's numbered indicators (companions left out). The 全院
    row is the results' own court-level row, or `court_level`'s
    (`courtinfo.evaluation.court_figures(results)`), which takes precedence; without either
    an `InputError` says how to get one. `lang` is 'zh' (default) or 'en'. In Chinese a
    department is named as `departments` (the dataset's list) names its code, else by its
    kind's name when its label is a kind code (filing: 立案庭, civil-1: 民一庭).
    """
    lang = check_lang(lang)
    batch = results.batch
    when = period if isinstance(period, Period) else Period.parse(period)
    if court not in batch.courts:
        raise UnknownNameError("court", court, batch.courts)
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    here = results.select(court=court, period=when)
    rows = [i for i in here if labels[i] != COURT_LEVEL]
    if not rows:
        present = ", ".join(sorted({str(batch.period_of(i)) for i in results.select(court=court)}))
        msg = f"no department rows for court {court!r} in {when} (periods with data: {present})"
        raise InputError(msg)
    own = [i for i in here if labels[i] == COURT_LEVEL]
    if court_level is None and not own:
        msg = (
            f"the bulletin's 全院 row: court {court!r} has no court-level row in {when}; pass "
            "court_level=court_figures(results) (from courtinfo.evaluation), which sums its "
            "departments"
        )
        raise InputError(msg)
    scheme = results.scheme
    chosen = (
        [scheme.indicator(c) for c in indicators]
        if indicators is not None
        else list(scheme.numbered)
    )
    prev = when.previous()
    has_prev = bool(results.select(court=court, period=prev))
    matches = matching_rows(batch, Comparison.PREVIOUS)
    whole = _WholeCourt(results, own[0] if own else None, court_level, court, when)
    dept_labels = {d for d in batch.departments if d != COURT_LEVEL}
    named = {d: department_label(d, lang, departments, court) for d in dept_labels}
    sections, not_reported = [], []
    for ind in chosen:
        section = _section(
            results, ind, np.array(rows, dtype=np.int64), matches, whole, lang, named
        )
        if section is None:
            not_reported.append(ind.label)
        else:
            sections.append(section)
    tree = results.courts
    name = tree.get(court).name if tree is not None and court in tree else court
    return Bulletin(
        scheme=scheme.code,
        scheme_title=scheme.title_zh,
        court=court,
        court_name=name,
        period=when,
        previous_period=prev if has_prev else None,
        sections=tuple(sections),
        not_reported=tuple(not_reported),
        lang=lang,
        invalid=invalid_lines(
            scheme,
            [e for e in results.invalid if e.court == court and e.period in (when, prev)],
            lang,
            departments,
        ),
    )


@attrs.frozen(eq=False)
class _WholeCourt:
    """Where the 全院 row of each indicator is read: court figures, else the own row."""

    results: Results
    own: int | None
    figures: CourtFigures | None
    court: str
    period: Period
    matches: dict[int, IntArray] = attrs.field(factory=dict)

    def locate(self, code: str) -> tuple[Results, int, int] | None:
        """(results, row of the 全院 figure, row whose targets bind the whole court)."""
        if self.figures is not None:
            i = self.figures.row(code, self.court, self.period)
            t = self.figures.target_row(self.court, self.period)
            if i is None or t is None:
                return None
            return self.figures.results, i, t
        if self.own is None:
            return None
        return self.results, self.own, self.own

    def changes_of(self, res: Results, code: str) -> Changes:
        """The 环比 of `code` over `res`, its rows matched once per result set."""
        key = id(res)
        if key not in self.matches:
            self.matches[key] = matching_rows(res.batch, Comparison.PREVIOUS)
        return changes(res, code, matches=self.matches[key])


def _section(
    results: Results,
    ind: Indicator,
    rows: np.ndarray,
    matches: np.ndarray,
    whole: _WholeCourt,
    lang: Lang,
    named: Mapping[str, str],
) -> BulletinSection | None:
    code = ind.code
    values = results.values[code][rows]
    if np.isnan(values).all():
        return None
    ch = changes(results, code, matches=matches)
    higher = ind.direction is Direction.HIGHER
    ranks = competition_rank(values, higher)
    entries = [
        _entry(results, ind, int(i), ch, int(ranks[k]) or None, lang, None, int(i), named)
        for k, i in enumerate(rows.tolist())
    ]
    entries.sort(key=_order)
    dept_entries = list(entries)
    found = whole.locate(code)
    if found is not None:
        res, i, t = found
        wch = whole.changes_of(res, code)
        entries.insert(0, _entry(res, ind, i, wch, None, lang, WHOLE_COURT, t))
    counts = _counts(dept_entries)
    return BulletinSection(
        indicator=code,
        number=ind.number,
        name_zh=ind.name_zh,
        unit=ind.unit.value,
        direction=ind.direction.value,
        entries=tuple(entries),
        summary=_summary(ind, dept_entries, entries[0] if found else None, counts, lang),
        max_points=ind.max_points,
        counts=counts,
        lang=lang,
        rounding=ind.rounding,
    )


def _entry(
    res: Results,
    ind: Indicator,
    i: int,
    ch: Changes,
    rank: int | None,
    lang: Lang,
    dept: str | None,
    target_row: int,
    named: Mapping[str, str] | None = None,
) -> BulletinEntry:
    """Row `i`'s entry; the target is the one binding row `target_row` (the same row for a
    department; for 全院, the row labelled court level, whatever departments it sums)."""
    code = ind.code
    row = res.row(i, code)
    status = Status(int(res.statuses[code][i]))
    bound = row if target_row == i else res.row(target_row, code)
    target = bound.target
    comparator = bound.comparator if target is not None else None
    met = (
        None
        if target is None or row.value is None or comparator is None
        else Comparator(comparator).met(row.value, target)
    )
    below = met is False
    resp = ind.responsibility
    name = dept if dept is not None else (row.department or "")
    shown = name if named is None else named.get(name, name)
    named_zh = () if resp is None else resp.departments_zh or resp.scopes
    missing = () if status is not Status.NOT_PROVIDED else res.missing_inputs(code, i)
    invalid = res.invalid_at(i, code) if status is Status.INVALID else ()
    needed = needed_count(res, ind, i, target, comparator) if below else None
    reason = missing_reason(res.scheme, status, missing, lang, invalid)
    kind_unknown = dept is None and row.department in res.unknown_departments
    if kind_unknown and not reason:
        reason = unknown_kind_reason(lang)
    return BulletinEntry(
        department=name,
        value=row.value,
        target=target,
        comparator=comparator,
        met=met,
        change=none_if_nan(float(ch.absolute[i])),
        change_note=ch.at(i).note.text_in(lang),
        rank=rank,
        reason=reason,
        leaders=(() if resp is None else resp.leaders) if below else (),
        responsible=(named_zh or (shown,)) if below else (),
        whole_court=dept is not None,
        missing="" if status is Status.OK else (status.missing_code or "NA"),
        needed=None if needed is None else needed[1],
        needed_input=None if needed is None else needed[0],
        needed_text="" if needed is None else needed_text(res.scheme, needed, lang),
        kind_unknown=kind_unknown,
        department_name="" if shown == name else shown,
    )


def needed_count(
    res: Results, ind: Indicator, i: int, target: float | None, comparator: str | None
) -> tuple[str, int, bool] | None:
    """(input, count, more?) that would meet the target at this row's denominator, or None.

    Only for a plain ratio whose numerator is one count input that its denominator does not
    also hold (else adding to one moves the other); never for blends, peer values or caps.
    """
    f = ind.formula
    if target is None or not isinstance(f, Ratio) or len(f.numerator) != 1:
        return None
    name = f.numerator[0]
    declared = {x.id: x for x in res.scheme.inputs}
    terms = [term_name(t) for t in f.denominator]
    if name.startswith("-") or name not in declared or name in terms:
        return None
    if declared[name].kind is not ValueKind.COUNT or not all(t in declared for t in terms):
        return None
    num_col = res.batch.effective(name)
    if num_col is None:
        return None
    num = float(num_col[i])
    row: dict[str, FloatArray] = {}
    for t in terms:
        col = res.batch.effective(t)
        if col is None:
            return None
        row[t] = col[i : i + 1]
    den = float(sum_terms(f.denominator, row.__getitem__)[0])
    if not (num == num and den == den and den > 0):
        return None
    goal = target * den
    if comparator == Comparator.AT_MOST.value:
        k = math.ceil(round(num - goal, 9))
        return (name, k, False) if k > 0 else None
    if comparator != Comparator.AT_LEAST.value:
        return None
    k = math.ceil(round(goal - num, 9))
    capped = f.over == "error" and not isinstance(f, PerCaseAverage)
    if k <= 0 or (capped and num + k > den):
        return None
    return (name, k, True)


def _unit_word(label: str) -> str:
    for ending, word in (("次数", "次"), ("人数", "人"), ("天数", "天")):
        if label.endswith(ending):
            return word
    return "件"


def needed_text(scheme: Scheme, needed: tuple[str, int, bool], lang: Lang) -> str:
    name, k, more = needed
    if lang == "en":
        return f"needs {k} {'more' if more else 'fewer'} {name} to meet the target"
    label = scheme.input(name).label_zh
    verb = "需再增加" if more else "需减少"
    return f"{verb}{label}{k}{_unit_word(label)}方可达标"


def _order(e: BulletinEntry) -> tuple[int, int, str]:
    if e.below_target:
        return (0, -(e.rank or 0), e.department)
    if e.rank:
        return (1, e.rank, e.department)
    return (2, 0, e.department)


def _counts(entries: list[BulletinEntry]) -> SectionCounts:
    assessed = [e for e in entries if e.met is not None]
    return SectionCounts(
        departments=len(entries),
        assessed=len(assessed),
        met=sum(1 for e in assessed if e.met),
        without_target=sum(1 for e in entries if e.value is not None and e.target is None),
        without_value=sum(1 for e in entries if e.value is None),
    )


def _summary(
    ind: Indicator,
    entries: list[BulletinEntry],
    whole: BulletinEntry | None,
    counts: SectionCounts,
    lang: Lang,
) -> str:
    unit = ind.unit.value
    higher = ind.direction is Direction.HIGHER

    def badness(e: BulletinEntry) -> tuple[float, bool, str]:
        # The worst value; on a tie the department below target first.
        v = e.value or 0.0
        return (v if higher else -v, not e.below_target, e.department)

    assessed = [e for e in entries if e.met is not None]
    worst = min(assessed, key=badness) if assessed else None
    shown = (
        None
        if worst is None
        else format_shown(worst.value, unit, ind.max_points, ind.rounding, lang=lang)
    )
    target = None if worst is None else format_target(worst.target, worst.comparator, unit)
    if lang == "zh":
        if counts.assessed:
            text = f"{ind.name_zh}：{counts.assessed}个部门中{counts.met}个达标"
        else:
            text = f"{ind.name_zh}：没有部门有目标和数值"
        if counts.without_target:
            text += f"，{counts.without_target}个部门无目标"
        if counts.without_value:
            text += f"，{counts.without_value}个部门无数值"
        if worst is not None:
            word = "最低" if higher else "最高"
            text += f"；{word}为{worst.name}（{shown}，目标{target}）"
        if whole is not None:
            value = format_shown(whole.value, unit, ind.max_points, ind.rounding, lang=lang)
            state = "" if whole.met is None else "，" + met_word(whole.met, lang)
            text += f"；全院{value if whole.value is not None else whole.reason}{state}"
        return text
    if counts.assessed:
        noun = "department meets" if counts.assessed == 1 else "departments meet"
        text = f"{ind.name_zh}: {counts.met} of {counts.assessed} {noun} the target"
    else:
        text = f"{ind.name_zh}: no department has both a target and a value"
    if counts.without_target:
        text += f"; {counts.without_target} without a target"
    if counts.without_value:
        text += f"; {counts.without_value} without a value"
    if worst is not None:
        word = "lowest" if higher else "highest"
        text += f"; {word} {worst.department} {shown} (target {target})"
    if whole is not None:
        value = format_shown(whole.value, unit, ind.max_points, ind.rounding, lang=lang)
        state = "" if whole.met is None else f", {met_word(whole.met, lang)}"
        text += f"; 全院 {value if whole.value is not None else whole.reason}{state}"
    return text


def _note_lines(notes: tuple[str, ...]) -> list[str]:
    """Notes before a Markdown report's title: one line each, then a blank line."""
    return [*(f"{x}  " for x in notes), ""] if notes else []
