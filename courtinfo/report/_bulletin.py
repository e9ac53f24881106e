"""The weekly bulletin (周通报): every department of one court against its targets in one week.

Per indicator the bulletin lists each department's value, the target binding it, whether it
is met, the change since the previous period (环比, see `_changes`) and its rank among the
departments (competition ranking, see `competition_rank`). Departments below target come
first, worst first, each with who answers for it: the indicator's `responsibility` (leaders,
then lead, supporting and responsible departments, a lead department with the stage it
assesses as written, 立案庭（立案阶段）), or the department itself when the scheme names no
one. The others follow in rank order, departments without a value last. Indicators no
department has a value for are not given a section; `not_reported` names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from courtinfo.base import InputError, UnknownNameError
from courtinfo.data import COURT_LEVEL
from courtinfo.evaluation import Results
from courtinfo.indicators import Direction, Indicator
from courtinfo.periods import Period, PeriodKind
from courtinfo.report._changes import Comparison, changes, matching_rows
from courtinfo.report._ranking import competition_rank
from courtinfo.report._render import (
    BLANK,
    Table,
    format_change,
    format_target,
    format_value,
    format_yes_no,
    none_if_nan,
    render_csv,
    render_json,
)


@attrs.frozen
class BulletinEntry:
    """One department's line for one indicator."""

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

    @property
    def below_target(self) -> bool:
        """Whether a numeric target binds the department and its value misses it."""
        return self.met is False

    @property
    def missing_code(self) -> str:
        """'NA' (not provided) or 'NAP' (not applicable) without a value; '' with one."""
        if self.value is not None:
            return ""
        return "NAP" if self.reason.startswith("not applicable") else "NA"


@attrs.frozen
class BulletinSection:
    """One indicator: its entries (below target first) and a one-line summary."""

    indicator: str
    number: int | None
    name_zh: str
    unit: str
    direction: str
    entries: tuple[BulletinEntry, ...]
    summary: str
    max_points: float | None = None

    @property
    def label(self) -> str:
        """'(1) 电子送达适用率', or the name alone for an unnumbered indicator."""
        return f"({self.number}) {self.name_zh}" if self.number is not None else self.name_zh

    def table(self) -> Table:
        """The entries as a table, figures formatted by unit."""
        rows = tuple(
            (
                e.department,
                format_value(e.value, self.unit, self.max_points)
                if e.value is not None
                else e.missing_code,
                format_target(e.target, e.comparator, self.unit),
                format_yes_no(e.met),
                format_change(e.change, self.unit),
                str(e.rank) if e.rank else BLANK,
                _who(e),
            )
            for e in self.entries
        )
        headers = (
            "部门 department",
            "value",
            "target",
            "达标 met",
            "环比 change",
            "名次 rank",
            "责任 responsible",
        )
        return Table(headers, rows, right=frozenset({1, 4, 5}))


def _who(e: BulletinEntry) -> str:
    if not e.below_target:
        return ""
    leaders = "、".join(e.leaders)
    depts = "、".join(e.responsible)
    return f"{leaders} / {depts}" if leaders else depts


@attrs.frozen
class Bulletin:
    """A court's bulletin for one period; render with `to_text`, `to_markdown`, `to_csv`, `to_json`."""

    scheme: str
    scheme_title: str
    court: str
    court_name: str
    period: Period
    previous_period: Period
    sections: tuple[BulletinSection, ...]
    not_reported: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """'上海市嘉定区人民法院 周通报 2022年第21周 (2022-W21)'."""
        kind = "周通报" if self.period.kind is PeriodKind.WEEK else "通报"
        return f"{self.court_name} {kind} {self.period.label_zh} ({self.period})"

    def below_target(self) -> list[tuple[BulletinSection, BulletinEntry]]:
        """Every (indicator, department) below target, in bulletin order."""
        return [(s, e) for s in self.sections for e in s.entries if e.below_target]

    def below_target_by_department(self) -> dict[str, list[str]]:
        """Department -> labels of the indicators it is below target on, most misses first."""
        found: dict[str, list[str]] = {}
        for s, e in self.below_target():
            found.setdefault(e.department, []).append(s.label)
        return dict(sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])))

    def _head(self) -> list[str]:
        n = len(self.below_target())
        head = [
            f"scheme: {self.scheme} {self.scheme_title}",
            f"changes against {self.previous_period}; {n} department × indicator results below target",
        ]
        if self.not_reported:
            head.append("no values this period: " + ", ".join(self.not_reported))
        return head

    def to_text(self) -> str:
        """The bulletin for a terminal: title, summaries, one table per indicator."""
        out = [self.title, *self._head(), ""]
        for s in self.sections:
            out += [s.label, s.summary, s.table().to_text()]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The bulletin as Markdown, one subsection per indicator."""
        out = [f"# {self.title}", "", *(f"- {line}" for line in self._head()), ""]
        for s in self.sections:
            out += [f"## {s.label}", "", s.summary, "", s.table().to_markdown()]
        return "\n".join(out)

    def to_csv(self) -> str:
        """One line per indicator and department, values unrounded."""
        headers = (
            "indicator",
            "number",
            "name_zh",
            "unit",
            "department",
            "value",
            "target",
            "comparator",
            "met",
            "change",
            "change_note",
            "rank",
            "below_target",
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
                e.value,
                e.target,
                e.comparator,
                e.met,
                e.change,
                e.change_note,
                e.rank,
                e.below_target,
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
            "previous_period": str(self.previous_period),
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
                    "entries": [
                        {**attrs.asdict(e), "below_target": e.below_target} for e in s.entries
                    ],
                }
                for s in self.sections
            ],
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


def bulletin(
    results: Results,
    *,
    court: str,
    period: Period | str,
    indicators: Sequence[str] | None = None,
) -> Bulletin:
    """The bulletin of `court`'s departments for `period` (an ISO week for a 周通报).

    `indicators` defaults to the scheme's numbered indicators (companions left out).
    """
    batch = results.batch
    when = period if isinstance(period, Period) else Period.parse(period)
    if court not in batch.courts:
        raise UnknownNameError("court", court, batch.courts)
    labels = np.array(batch.departments, dtype=object)[batch.department_index]
    rows = [i for i in results.select(court=court, period=when) if labels[i] != COURT_LEVEL]
    if not rows:
        present = ", ".join(sorted({str(batch.period_of(i)) for i in results.select(court=court)}))
        msg = f"no department rows for court {court!r} in {when} (periods with data: {present})"
        raise InputError(msg)
    scheme = results.scheme
    chosen = (
        [scheme.indicator(c) for c in indicators]
        if indicators is not None
        else list(scheme.numbered)
    )
    matches = matching_rows(batch, Comparison.PREVIOUS)
    sections, not_reported = [], []
    for ind in chosen:
        section = _section(results, ind, np.array(rows, dtype=np.int64), matches)
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
        previous_period=when.previous(),
        sections=tuple(sections),
        not_reported=tuple(not_reported),
    )


def _section(
    results: Results, ind: Indicator, rows: np.ndarray, matches: np.ndarray
) -> BulletinSection | None:
    code = ind.code
    values = results.values[code][rows]
    if np.isnan(values).all():
        return None
    targets = results.target_values(code)[rows]
    met = results.met(code)[rows]
    ch = changes(results, code, matches=matches)
    higher = ind.direction is Direction.HIGHER
    ranks = competition_rank(values, higher)
    resp = ind.responsibility
    entries = []
    for k, i in enumerate(rows.tolist()):
        row = results.row(i, code)
        dept = row.department or ""
        below = met[k] == 0
        named = () if resp is None else resp.departments_zh or resp.scopes
        entries.append(
            BulletinEntry(
                department=dept,
                value=row.value,
                target=none_if_nan(float(targets[k])),
                comparator=row.comparator if targets[k] == targets[k] else None,
                met=None if met[k] != met[k] else bool(met[k]),
                change=none_if_nan(float(ch.absolute[i])),
                change_note=ch.at(i).note_text,
                rank=int(ranks[k]) or None,
                reason=row.reason,
                leaders=(() if resp is None else resp.leaders) if below else (),
                responsible=(named or (dept,)) if below else (),
            )
        )
    entries.sort(key=_order)
    return BulletinSection(
        indicator=code,
        number=ind.number,
        name_zh=ind.name_zh,
        unit=ind.unit.value,
        direction=ind.direction.value,
        entries=tuple(entries),
        summary=_summary(ind, entries, higher),
        max_points=ind.max_points,
    )


def _order(e: BulletinEntry) -> tuple[int, int, str]:
    if e.below_target:
        return (0, -(e.rank or 0), e.department)
    if e.rank:
        return (1, e.rank, e.department)
    return (2, 0, e.department)


def _summary(ind: Indicator, entries: list[BulletinEntry], higher: bool) -> str:
    with_target = [e for e in entries if e.met is not None]
    valued = [e for e in entries if e.value is not None]
    head = ind.name_zh + ": "
    if with_target:
        met = sum(1 for e in with_target if e.met)
        noun = "department meets" if len(with_target) == 1 else "departments meet"
        head += f"{met} of {len(with_target)} {noun} the target"
    else:
        head += "no target binds these departments"
    if not valued:
        return head + "; no values this period"

    def badness(e: BulletinEntry) -> tuple[float, bool, bool, str]:
        # The worst value; on a tie the department below target, then one with a target.
        v = e.value or 0.0
        return (v if higher else -v, not e.below_target, e.target is None, e.department)

    worst = min(valued, key=badness)
    word = "lowest" if higher else "highest"
    shown = format_value(worst.value, ind.unit.value, ind.max_points)
    tail = f"; {word} {worst.department} {shown}"
    if worst.target is not None:
        tail += f" (target {format_target(worst.target, worst.comparator, ind.unit.value)})"
    return head + tail
