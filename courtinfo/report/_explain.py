"""Why a number is what it is: formulas as a person reads them, and one row's own arithmetic.

`formula_text` writes an indicator's formula in words and signs (庭审录音录像率 = 完成录音录像的
庭审数 ÷ 庭审总数; 电子送达适用率 = 电子送达发送率 × 75% + 电子送达成功率 × 25%).
`explain(results, row, code)` puts the row's own numbers in (电子送达适用率 = 60 ÷ 100 × 75% +
45 ÷ 50 × 25% = 67.5%) and adds what else decided it: the peer figures a peer-relative value
was measured against, the cap if it applied, the target binding the row and the rule that
chose it, whether it is met (or why there is no value), and for a scored scheme how the
points follow. It reads the results and the batch and evaluates nothing: the figures a row's
results do not keep (a peer figure, a capped value before its cap) come from the formula's own
arithmetic over what evaluation read (`results_env`).
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import numpy as np

from courtinfo.base import argument
from courtinfo.convert import unstructure
from courtinfo.evaluation import Results, results_env
from courtinfo.formulas import (
    Applicable,
    CapabilityUsage,
    Change,
    Checklist,
    Env,
    Formula,
    PeerComponent,
    PeerRelative,
    PerCaseAverage,
    Ratio,
    Status,
    Threshold,
    WeightedBlend,
    pooled_rows,
    split_reference,
    term_name,
)
from courtinfo.indicators import Comparator, Indicator, Scheme
from courtinfo.org import CourtLevel
from courtinfo.periods import Period
from courtinfo.report._bulletin import needed_count, needed_text
from courtinfo.report._lang import (
    Lang,
    check_lang,
    department_label,
    input_label,
    met_word,
    missing_reason,
    pick,
)
from courtinfo.report._render import format_points, format_target, format_value, render_json

#: `CourtLevel.rank` of a basic court (a checklist's items above basic count above it).
_BASIC_RANK = CourtLevel.BASIC.rank


def _pct(x: float) -> str:
    """A weight or cap as a percentage without trailing zeros: 0.75 -> '75%'; 1/6 -> '1/6'."""
    for n in range(3, 13):
        if abs(x * n - round(x * n)) < 1e-9 and round(x * n) and abs(x * 100 - round(x * 100, 2)) > 1e-9:
            return f"{round(x * n)}/{n}"
    text = f"{x * 100:.2f}".rstrip("0").rstrip(".")
    return text + "%"


def _num(x: float) -> str:
    """An input's number as written: 60, 12.5, 0.3333."""
    if x != x:
        return "NA"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


@attrs.frozen
class _Ctx:
    """Where names and numbers come from: the scheme, and (for worked lines) one row."""

    scheme: Scheme
    lang: Lang
    results: Results | None = None
    row: int = 0
    env: Env | None = None
    """What the formulas read over the results' rows (`results_env`), for worked lines."""

    def name(self, ref: str) -> str:
        base, letter, shift = split_reference(ref)
        if self.lang == "en":
            return ref
        ind = next((i for i in self.scheme.indicators if i.code == base), None)
        option = f"{base}:{letter}" if letter else base
        text = ind.name_zh if ind is not None else input_label(self.scheme, option, "zh")
        if shift:
            text = ("上期" if shift == "previous" else "去年同期") + text
        return text

    @property
    def worked(self) -> bool:
        return self.results is not None

    def number(self, ref: str) -> float:
        """The row's number for input or indicator `ref` (NaN where there is none), as the
        formulas read it: an input filled from its fallback, an option's bit, an earlier
        period's row."""
        assert self.env is not None
        return float(self.env.get(ref)[self.row])

    def not_provided(self, ref: str) -> bool:
        """Whether the row's `ref` is not provided (NA), as formulas read its status."""
        assert self.env is not None
        return bool(self.env.status(ref)[self.row] == Status.NOT_PROVIDED)

    def shown(self, ref: str) -> str:
        """A term as a worked line shows it: an input's number, an indicator's value."""
        x = self.number(ref)
        base = split_reference(ref)[0]
        ind = next((i for i in self.scheme.indicators if i.code == base), None)
        if ind is None:
            return _num(x)
        if x != x:
            return "NA"
        return format_value(x, "percentage") if ind.unit.value in ("percentage", "points") else _num(x)


def _sum(terms: tuple[str, ...], ctx: _Ctx, group: bool) -> str:
    parts = []
    for k, t in enumerate(terms):
        ref = term_name(t)
        shown = ctx.shown(ref) if ctx.worked else ctx.name(ref)
        if k == 0:
            parts.append(("−" if t.startswith("-") else "") + shown)
        else:
            parts.append(("− " if t.startswith("-") else "+ ") + shown)
    text = " ".join(parts)
    return f"({text})" if group and len(terms) > 1 else text


def _expand(ref: str, ctx: _Ctx) -> str:
    """A blend's part: an indicator read by the blend, written out as its own formula."""
    base = split_reference(ref)[0]
    ind = next((i for i in ctx.scheme.indicators if i.code == base), None)
    if ind is not None and ctx.worked and isinstance(ind.formula, Ratio):
        return _expr(ind.formula, ctx)
    return ctx.shown(ref) if ctx.worked else ctx.name(ref)


def _expr(f: Formula, ctx: _Ctx) -> str:
    """The right-hand side of a formula: names, or the row's numbers when `ctx.worked`."""
    zh = ctx.lang == "zh"
    if isinstance(f, Ratio):  # PerCaseAverage too
        text = f"{_sum(f.numerator, ctx, True)} ÷ {_sum(f.denominator, ctx, True)}"
        if f.scale != 1:
            text += f" × {_num(f.scale)}"
        if f.over == "cap" and not isinstance(f, PerCaseAverage):
            text = f"min(100%, {text})"
        return text
    if isinstance(f, WeightedBlend):
        parts = []
        for c in f.components:
            if c.formula is not None:
                part = f"({_expr(c.formula, ctx)})"
            else:
                assert c.ref is not None
                part = _expand(c.ref, ctx)
                if ctx.worked and c.default is not None and ctx.not_provided(c.ref):
                    part = _num(c.default)
            if c.cap is not None:
                part = f"min({_pct(c.cap)}, {part})"
            if c.default is not None and not ctx.worked:
                part += pick(ctx.lang, f"（未提供按{_num(c.default)}计）", f" (absent: {_num(c.default)})")
            parts.append(f"{part} × {_pct(c.weight)}")
        text = " + ".join(parts)
        return f"min({_pct(f.cap)}, {text})" if f.cap is not None else text
    if isinstance(f, PeerRelative):
        peer_word = pick(ctx.lang, "全市法院", "peers' ")
        parts = []
        for pc in f.components:
            own = f"{_sum((pc.numerator,), ctx, False)} ÷ {_sum((pc.denominator,), ctx, False)}"
            if ctx.worked:
                peer = _peer_figure(ctx, pc)[0]
                parts.append(f"({own}) ÷ {_num(peer)} × {_pct(pc.weight)}")
            else:
                parts.append(f"({own}) ÷ {peer_word}({own}) × {_pct(pc.weight)}")
        text = " + ".join(parts)
        return f"min({_pct(f.cap)}, {text})" if f.cap is not None else text
    if isinstance(f, CapabilityUsage):
        has = ctx.shown(f.capability) if ctx.worked else ctx.name(f.capability)
        if f.usage is None:
            return f"{_pct(f.capability_weight)} × {has}"
        usage = _expr(f.usage, ctx)
        capped = isinstance(f.usage, Ratio) and f.usage.over == "cap" and f.usage_cap == 1
        if f.usage_cap is not None and not capped:
            usage = f"min({_pct(f.usage_cap)}, {usage})"
        w = f.capability_weight
        share = usage if w == 0 else f"{_pct(w)} + {_pct(1 - w)} × {usage}"
        if ctx.worked:
            if ctx.number(f.capability) == 0:
                return pick(ctx.lang, f"不具备（{ctx.name(f.capability)}：否），计0", "no capability: 0")
            return share
        absent = "计0" if f.absent == "zero" else "不适用"
        return pick(
            ctx.lang,
            f"具备（{has}）时 {share}，不具备{absent}",
            f"{share} if {has}, else {'0' if f.absent == 'zero' else 'not applicable'}",
        )
    if isinstance(f, Applicable):
        inner = _expr(f.formula, ctx)
        if ctx.worked and ctx.number(f.exists) == 0:
            return pick(ctx.lang, f"无此类别（{ctx.name(f.exists)}：否），不适用", "category absent: not applicable")
        if ctx.worked:
            return inner
        has = ctx.name(f.exists)
        return pick(ctx.lang, f"{inner}（{has}为否时不适用）", f"{inner} (not applicable where {has} is no)")
    if isinstance(f, Checklist):
        items = list(f.items)
        upper = bool(f.items_above_basic)
        if ctx.worked:
            rank = _court_rank(ctx)
            counted = items + (list(f.items_above_basic) if rank < _BASIC_RANK else [])
            yes = [ctx.number(i) for i in counted]
            return f"({' + '.join(_num(y) for y in yes)}) ÷ {len(counted)}"
        sep = "、" if zh else ", "
        names = sep.join(ctx.name(i) for i in items)
        extra = ""
        if upper:
            above = sep.join(ctx.name(i) for i in f.items_above_basic)
            extra = pick(ctx.lang, f"；基层以上法院另计{above}", f"; above basic courts also {above}")
        return pick(
            ctx.lang,
            f"答“是”的项数 ÷ 项数（{names}{extra}）",
            f"yes answers ÷ items ({names}{extra})",
        )
    if isinstance(f, Threshold):
        x = ctx.shown(f.value) if ctx.worked else ctx.name(f.value)
        t = f.threshold
        if ctx.worked and f.by_level:
            level = _court_level(ctx)
            if level is not None and level.value in f.by_level:
                t = f.by_level[level.value]
        shown_t = _num(t)
        if f.comparator == "at_least":
            return f"min(1, {x} ÷ {shown_t})"
        return pick(ctx.lang, f"{x} ≤ {shown_t} 时为1，否则 {shown_t} ÷ {x}", f"1 if {x} ≤ {shown_t}, else {shown_t} ÷ {x}")
    if isinstance(f, Change):
        now = ctx.shown(f.of) if ctx.worked else ctx.name(f.of)
        shift = "previous" if f.against == "previous" else "year_ago"
        ref = f"{f.of}@{shift}"
        then = ctx.shown(ref) if ctx.worked else ctx.name(ref)
        if f.measure == "relative":
            return f"({now} − {then}) ÷ {then}"
        return f"{now} − {then}"
    return json.dumps(unstructure(f), ensure_ascii=False, separators=(", ", ": "))


def _court_level(ctx: _Ctx) -> CourtLevel | None:
    assert ctx.results is not None
    tree = ctx.results.courts
    court = ctx.results.batch.court_of(ctx.row)
    return tree.level_of(court) if tree is not None and court in tree else None


def _court_rank(ctx: _Ctx) -> int:
    level = _court_level(ctx)
    return _BASIC_RANK if level is None else level.rank


def _peer_figure(ctx: _Ctx, c: PeerComponent) -> tuple[float, str, int]:
    """The peer figure a row is measured against: (value, how it was found, courts pooled)."""
    env, i = ctx.env, ctx.row
    assert env is not None
    value = float(PeerRelative.peer_figure(env, c)[i])
    if c.peer is not None and value == value and float(env.get(c.peer)[i]) == value:
        return value, "supplied", 0
    groups = env.peer_groups
    n = 0
    if groups is not None:
        pooled = pooled_rows(env, env.get(c.numerator), env.get(c.denominator))
        n = int(np.count_nonzero(pooled & (groups == groups[i])))
    # Nothing pooled (no court tree, no group, no figures): no figure either.
    return value, "pooled" if n else "none", n


@attrs.frozen
class Explanation:
    """One row's figure of one indicator, explained: every line is text in `lang`."""

    scheme: str
    indicator: str
    name_zh: str
    court: str
    department: str | None
    period: Period
    value: float | None
    formula: str
    worked: str
    peers: tuple[str, ...] = ()
    cap: str = ""
    target: str = ""
    status: str = ""
    points: str = ""
    lang: Lang = "zh"

    @property
    def title(self) -> str:
        """'jiading 民一庭 2022-W21 电子送达适用率'."""
        dept = department_label(self.department, self.lang) if self.department else ""
        who = self.court + (f" {dept}" if dept else "")
        return f"{who} {self.period} {self.name_zh}"

    def lines(self) -> list[str]:
        """The explanation as lines: formula, worked, peers, cap, target, status, points."""
        zh = self.lang == "zh"
        out = [
            ("公式：" if zh else "formula: ") + self.formula,
            ("本行：" if zh else "this row: ") + self.worked,
        ]
        out += list(self.peers)
        for line in (self.cap, self.target, self.status, self.points):
            if line:
                out.append(line)
        return out

    def to_text(self) -> str:
        """The title and the lines, for a terminal."""
        return "\n".join([self.title, *self.lines()]) + "\n"

    def to_markdown(self) -> str:
        """The explanation as a Markdown list under a heading."""
        return f"## {self.title}\n\n" + "".join(f"- {line}\n" for line in self.lines())

    def to_csv(self) -> str:
        """The lines, one a row."""
        from courtinfo.report._render import render_csv

        return render_csv(("line",), ((line,) for line in self.lines()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "scheme": self.scheme,
            "indicator": self.indicator,
            "name_zh": self.name_zh,
            "court": self.court,
            "department": self.department,
            "period": str(self.period),
            "value": self.value,
            "lang": self.lang,
            "formula": self.formula,
            "worked": self.worked,
            "peers": list(self.peers),
            "cap": self.cap,
            "target": self.target,
            "status": self.status,
            "points": self.points,
        }

    def to_json(self) -> str:
        """`to_dict` as JSON text."""
        return render_json(self.to_dict())


@argument('scheme', Scheme, "a Scheme (get_scheme, load_scheme)")
def formula_text(scheme: Scheme, code: str, lang: Lang = "zh") -> str:
    """Indicator `code`'s formula as a person reads it: '庭审录音录像率 = 完成录音录像的庭审数 ÷ 庭审总数'."""
    lang = check_lang(lang)
    ind = scheme.indicator(code)
    head = ind.name_zh if lang == "zh" else ind.code
    return f"{head} = {_expr(ind.formula, _Ctx(scheme, lang))}"


@argument('results', Results, "Results (from courtinfo.evaluate)")
def explain(results: Results, row: int, code: str, *, lang: Lang = "zh") -> Explanation:
    """Why indicator `code` has the value it has at batch row `row` of `results`."""
    lang = check_lang(lang)
    scheme = results.scheme
    ind = scheme.indicator(code)
    r = results.row(row, ind.code)
    i_row = row % len(results) if row < 0 else row
    ctx = _Ctx(scheme, lang, results, i_row, results_env(results))
    zh = lang == "zh"
    unit = ind.unit.value
    value_text = format_value(r.value, unit) if r.value is not None else "—"
    if unit == "points":
        value_text = format_value(r.value, "percentage") if r.value is not None else "—"
    status = Status(int(results.statuses[ind.code][i_row]))
    worked = f"{ind.name_zh if zh else ind.code} = {_expr(ind.formula, ctx)}"
    worked += f" = {value_text}" if r.value is not None else ""
    peers = _peer_lines(ind, ctx)
    cap = _cap_line(ind, ctx, r.value)
    return Explanation(
        scheme=scheme.code,
        indicator=ind.code,
        name_zh=ind.name_zh,
        court=r.court,
        department=r.department,
        period=r.period,
        value=r.value,
        formula=formula_text(scheme, ind.code, lang),
        worked=worked,
        peers=peers,
        cap=cap,
        target=_target_line(results, ind, i_row, lang),
        status=_status_line(results, ind, i_row, status, r.missing_inputs, r.target_met, lang)
        + _needed_tail(results, ind, i_row, r.target, r.comparator, r.target_met, lang),
        points=_points_line(ind, r.value, lang),
        lang=lang,
    )


def _peer_lines(ind: Indicator, ctx: _Ctx) -> tuple[str, ...]:
    f = ind.formula
    if not isinstance(f, PeerRelative):
        return ()
    out = []
    zh = ctx.lang == "zh"
    for c in f.components:
        value, how, n = _peer_figure(ctx, c)
        what = f"{ctx.name(c.numerator)} ÷ {ctx.name(c.denominator)}"
        if how == "supplied":
            assert c.peer is not None
            line = (
                f"全市法院{what} = {_num(value)}（数据提供：{ctx.name(c.peer)}）"
                if zh
                else f"peers' {what} = {_num(value)} (supplied in {c.peer})"
            )
        elif how == "pooled":
            line = (
                f"全市法院{what} = {_num(value)}（{n}家法院合并计算）"
                if zh
                else f"peers' {what} = {_num(value)} (pooled over {n} courts)"
            )
        else:
            line = (
                f"全市法院{what}：无（没有同级法院数据）"
                if zh
                else f"peers' {what}: none (no peer figures)"
            )
        out.append(line)
    return tuple(out)


def _cap_line(ind: Indicator, ctx: _Ctx, value: float | None) -> str:
    """Whether a cap limited the value, with the uncapped figure."""
    f = ind.formula
    if value is None or not isinstance(f, (WeightedBlend, PeerRelative)) or f.cap is None:
        return ""
    # The formula's own arithmetic, without its cap.
    assert ctx.env is not None
    total = float(f.uncapped(ctx.env).value[ctx.row])
    if Comparator.AT_MOST.met(total, f.cap):
        return ""  # at the cap, or past it by float noise only
    return pick(
        ctx.lang,
        f"超过上限{_pct(f.cap)}，按{_pct(f.cap)}计（未封顶为{format_value(total, 'percentage')}）",
        f"capped at {_pct(f.cap)} (uncapped {format_value(total, 'percentage')})",
    )


def _target_line(results: Results, ind: Indicator, i: int, lang: Lang) -> str:
    k = int(results.target_index[ind.code][i])
    zh = lang == "zh"
    dept = results.batch.department_of(i)
    who = dept or pick(lang, "全院", "the whole court")
    if k < 0:
        return pick(lang, f"目标：没有适用于{who}的目标", f"target: none binds {who}")
    t = ind.targets[k]
    scope = t.scope.describe_zh()
    shown = format_target(t.value, t.comparator.value, ind.unit.value) if t.value is not None else (
        pick(lang, "待定", t.status.value)
    )
    principle = pick(lang, "（原则上）", " (in principle)") if t.in_principle else ""
    others = len(ind.targets) - 1
    if zh:
        line = f"目标：{shown}{principle}，适用范围“{scope}”"
        if t.text_zh:
            line += f"（原文：{t.text_zh}）"
        if others:
            line += f"；{who}适用的各条目标中此条最具体（共{len(ind.targets)}条）"
        return line
    line = f"target: {shown}{principle}, scope {scope}"
    if t.text_zh:
        line += f" (as written: {t.text_zh})"
    if others:
        line += f"; the most specific of the {len(ind.targets)} targets that fits {who}"
    return line


def _status_line(
    results: Results,
    ind: Indicator,
    i: int,
    status: Status,
    missing: tuple[str, ...],
    met: bool | None,
    lang: Lang,
) -> str:
    if status is not Status.OK:
        invalid = results.invalid_at(i, ind.code) if status is Status.INVALID else ()
        reason = missing_reason(results.scheme, status, missing, lang, invalid)
        return pick(lang, f"状态：{reason}", f"status: {reason}")
    if met is None:
        return pick(lang, "状态：无目标，不判断达标", "status: no target to meet")
    return pick(lang, f"状态：{met_word(met, lang)}", f"status: {met_word(met, lang)}")


def _needed_tail(
    results: Results,
    ind: Indicator,
    i: int,
    target: float | None,
    comparator: str | None,
    met: bool | None,
    lang: Lang,
) -> str:
    """What a below-target plain ratio needs, as the bulletin says it ('' otherwise)."""
    if met is not False:
        return ""
    needed = needed_count(results, ind, i, target, comparator)
    if needed is None:
        return ""
    return pick(lang, "，", ", ") + needed_text(results.scheme, needed, lang)


def _points_line(ind: Indicator, value: float | None, lang: Lang) -> str:
    m = ind.max_points
    if m is None:
        return ""
    if value is None:
        return pick(lang, f"得分：无数值，得0分（满分{m:g}分）", f"points: no value, 0 of {m:g}")
    pts = format_points(value * m)
    shown = format_value(value, "percentage")
    return pick(
        lang,
        f"得分 = {shown} × 满分{m:g}分 = {pts}分",
        f"points = {shown} × {m:g} = {pts}",
    )
