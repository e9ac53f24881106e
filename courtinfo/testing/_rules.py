"""What a scheme's formulas require of one snapshot's inputs, read from the formulas.

Every ratio (on its own, inside a blend, a capability rule or any formula family that holds
formulas in its fields) whose numerator must not exceed its denominator (``over = "error"``),
or that subtracts terms (so its sums must not go below 0), becomes a `Rule` on the inputs.
`Plan` turns the rules into an order in which to draw inputs, each under the ceilings the
inputs drawn before it set, so that drawn data keep every rule by construction.

A ratio that reads what is not drawn as it stands (another indicator, an option, the same
court's figures of an earlier period: ``x@previous``) is a `CrossRule`: drawn rows are checked
against it by the ratio's own arithmetic over the rows' evaluated figures, and the inputs it
reads are left out (not provided) in the rows, and the earlier rows, where it breaks
(`keep_cross_rules`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import numpy as np

from courtinfo.data import (
    FloatArray,
    MetricSnapshot,
    SnapshotBatch,
    Value,
    ValueKind,
    choice_mask,
)
from courtinfo.evaluation import evaluate, matching_rows, results_env
from courtinfo.formulas import (
    Formula,
    Ratio,
    split_reference,
    split_terms,
    sum_terms,
    term_name,
)
from courtinfo.indicators import Indicator, Input, Scheme
from courtinfo.org import CourtTree
from courtinfo.periods import Period
from courtinfo.synthetic import Ceiling, acyclic_ceilings, ratio_ceilings

#: Words that start a yes or a no option of a multiple-choice question (是/否): one of them.
_YES, _NO = "是", "否"


@attrs.frozen
class Rule:
    """A ratio's rule on inputs: sums not negative and, if `forbid_over`, numerator ≤ denominator."""

    indicator: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    forbid_over: bool

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(term_name(t) for t in (*self.numerator, *self.denominator)))

    def sums(self, value: Callable[[str], float]) -> tuple[float, float]:
        def column(name: str) -> FloatArray:
            return np.array([value(name)])

        num, den = sum_terms(self.numerator, column), sum_terms(self.denominator, column)
        return float(num[0]), float(den[0])

    def broken(self, value: Callable[[str], float]) -> bool:
        """Whether effective values (NaN: not provided) break the rule, as evaluation checks."""
        num, den = self.sums(value)
        if math.isnan(num) or math.isnan(den):
            return False
        return (self.forbid_over and num > den) or num < 0 or den < 0


def formulas(formula: object) -> Iterator[Formula]:
    """`formula` and every formula held in its fields, at any depth (blends, capabilities)."""
    if isinstance(formula, Formula):
        yield formula
    cls = type(formula)
    if attrs.has(cls):
        for field in attrs.fields(cls):
            value = getattr(formula, field.name)
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, Formula) or attrs.has(type(item)):
                    yield from formulas(item)


@attrs.frozen
class CrossRule:
    """A ratio's rule over names that are not all drawn inputs: other indicators, options or
    earlier periods. Checked on drawn rows (`keep_cross_rules`)."""

    indicator: str
    ratio: Ratio
    inputs: tuple[str, ...]
    """The inputs the ratio reads, directly or through other indicators."""
    shifts: tuple[str, ...]
    """The earlier periods its terms read (``previous``, ``year_ago``)."""


@attrs.frozen(eq=False)
class Plan:
    """How to draw a scheme's inputs so that every `Rule` holds."""

    scheme: Scheme
    rules: tuple[Rule, ...]
    order: tuple[Input, ...]
    ceilings: Mapping[str, tuple[Ceiling, ...]]
    denominators: frozenset[str]
    """Inputs summed in some ratio's denominator: set to 0 to make a zero denominator."""
    ratios: tuple[Ratio, ...]
    cross: tuple[CrossRule, ...] = ()
    probe: Scheme | None = None
    """The scheme with every ratio's rule relaxed, to evaluate rows that may break a
    `CrossRule` (None when there is none)."""

    def effective(self, own: Mapping[str, Value]) -> dict[str, float]:
        """Each input's value as evaluation reads it: its own, else its fallback's (NaN: none)."""
        out: dict[str, float] = {}
        for inp in self.order:
            v = next((own[m] for m in self.chain(inp.id) if own.get(m) is not None), None)
            if v is None:
                out[inp.id] = math.nan
            else:
                out[inp.id] = choice_mask(v) if isinstance(v, frozenset) else float(v)
        return out

    def broken(self, own: Mapping[str, Value]) -> list[Rule]:
        """The rules that `own` values break."""
        eff = self.effective(own)
        return [r for r in self.rules if r.broken(lambda n: eff.get(n, math.nan))]

    def chain(self, name: str) -> list[str]:
        """`name` and the inputs it falls back to, in turn."""
        return list(self.scheme.fallback_chain(name))


def exclusive_options(inp: Input) -> tuple[str, ...]:
    """The letters of a yes option and a no option (是/否) of a choice: at most one ticked."""
    yes = [o.letter for o in inp.options if o.label_zh.startswith(_YES)]
    no = [o.letter for o in inp.options if o.label_zh.startswith(_NO)]
    return (yes[0], no[0]) if yes and no else ()


def plan(scheme: Scheme) -> Plan:
    """The rules of `scheme`'s formulas and an order to draw its inputs in."""
    by_id = {i.id: i for i in scheme.inputs}
    numeric = {i for i, inp in by_id.items() if inp.kind is not ValueKind.CHOICE}
    rules: list[Rule] = []
    ratios: list[Ratio] = []
    denominators: set[str] = set()
    cross: list[CrossRule] = []
    for ind in scheme.indicators:
        for f in formulas(ind.formula):
            if not isinstance(f, Ratio):
                continue
            ratios.append(f)
            names = [term_name(t) for t in (*f.numerator, *f.denominator)]
            plus_den, _ = split_terms(f.denominator)
            denominators |= {n for n in plus_den if n in numeric}
            if not all(n in numeric for n in names):
                # A derived indicator, an option or an earlier period: computed, not drawn.
                if f.over == "error" or not f.signed:
                    cross.append(_cross_rule(scheme, ind.code, f))
                continue
            subtracts = any(t.startswith("-") for t in (*f.numerator, *f.denominator))
            if f.over == "error" or subtracts:
                rules.append(Rule(ind.code, f.numerator, f.denominator, f.over == "error"))
    ceilings: dict[str, list[Ceiling]] = {i: [] for i in by_id}
    for rule in rules:
        for t, ceiling in ratio_ceilings(rule.numerator, rule.denominator, rule.forbid_over):
            ceilings[t].append(ceiling)
    # A ceiling that would make an input wait for itself is dropped: rows drawn without it
    # are checked afterwards (`Plan.broken`).
    drawn = acyclic_ceilings(ceilings, {i: inp.fallback for i, inp in by_id.items()})
    return Plan(
        scheme=scheme,
        rules=tuple(dict.fromkeys(rules)),
        order=tuple(by_id[i] for i in drawn.order),
        ceilings={k: tuple(dict.fromkeys(v)) for k, v in drawn.ceilings.items()},
        denominators=frozenset(denominators),
        ratios=tuple(ratios),
        cross=tuple(cross),
        probe=_relaxed_scheme(scheme) if cross else None,
    )


def _cross_rule(scheme: Scheme, code: str, ratio: Ratio) -> CrossRule:
    bases = [split_reference(term_name(t)) for t in (*ratio.numerator, *ratio.denominator)]
    inputs = {i.id for i in scheme.inputs}
    derived = [b for b, _, _ in bases if b not in inputs]
    # Scheme.reads() with no code reads every indicator: ask only when there is one.
    reads = scheme.reads(*derived) if derived else ()
    names = dict.fromkeys([*(b for b, _, _ in bases if b in inputs), *(n for n in reads if n in inputs)])
    shifts = dict.fromkeys(shift for _, _, shift in bases if shift is not None)
    return CrossRule(code, ratio, tuple(names), tuple(shifts))


def _relaxed(formula: Any) -> Any:
    """`formula` with every ratio in it allowing numerators above denominators and signs."""
    if isinstance(formula, Ratio):
        return attrs.evolve(formula, over="allow", signed=True)
    cls = type(formula)
    if not attrs.has(cls):
        return formula
    changes: dict[str, object] = {}
    for field in attrs.fields(cls):
        value = getattr(formula, field.name)
        new = tuple(_relaxed(v) for v in value) if isinstance(value, tuple) else _relaxed(value)
        if new != value:
            changes[field.name] = new
    return attrs.evolve(formula, **changes) if changes else formula


def _relaxed_scheme(scheme: Scheme) -> Scheme:
    indicators: list[Indicator] = [
        attrs.evolve(ind, formula=_relaxed(ind.formula)) for ind in scheme.indicators
    ]
    return attrs.evolve(scheme, indicators=tuple(indicators))


Row = tuple[str, "str | None", Period, dict[str, Value]]


def keep_cross_rules(
    p: Plan, rows: list[Row], tree: CourtTree | None = None
) -> list[MetricSnapshot]:
    """The rows as snapshots, with the inputs of every `CrossRule` that a row breaks left out
    in that row and in the earlier rows it reads, until no rule breaks."""
    rows = [(c, d, per, dict(v)) for c, d, per, v in rows]
    for _ in range(len(rows) * max(len(p.cross), 1) + 1):
        snaps = [MetricSnapshot(c, per, d, v) for c, d, per, v in rows]
        if not p.cross or not snaps:
            return snaps
        blank = _broken_rows(p, SnapshotBatch.from_snapshots(snaps), tree)
        if not blank:
            return snaps
        for i, names in blank.items():
            for name in names:
                for m in p.chain(name):
                    rows[i][3].pop(m, None)
    msg = "the drawn rows still break a rule after leaving out every input it reads"
    raise AssertionError(msg)


def _broken_rows(p: Plan, batch: SnapshotBatch, tree: CourtTree | None) -> dict[int, set[str]]:
    """Row → the inputs to leave out there, for every `CrossRule` the batch's rows break."""
    assert p.probe is not None
    # The probe scheme declares the scheme's own inputs: its results read as the scheme's.
    env = results_env(evaluate(p.probe, batch, courts=tree))
    earlier = {s: matching_rows(batch, s) for rule in p.cross for s in rule.shifts}
    out: dict[int, set[str]] = {}
    for rule in p.cross:
        broken = rule.ratio.compute(env).violations
        if broken is None:
            continue
        for i in np.flatnonzero(broken).tolist():
            out.setdefault(i, set()).update(rule.inputs)
            for shift in rule.shifts:
                j = int(earlier[shift][i])
                if j >= 0:
                    out.setdefault(j, set()).update(rule.inputs)
    return out
