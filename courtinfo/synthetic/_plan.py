"""Reading the scheme: how every input is drawn, with the constraints its formulas impose."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

from courtinfo.data import ValueKind
from courtinfo.formulas import (
    Applicable,
    CapabilityUsage,
    Checklist,
    Formula,
    PeerRelative,
    PerCaseAverage,
    Ratio,
    Threshold,
    WeightedBlend,
    split_reference,
    split_terms,
    term_name,
)
from courtinfo.indicators import Comparator, Input, Scheme
from courtinfo.synthetic._tables import PER_STAFF_COUNT, PER_STAFF_MEASURE, STOCK_WORDS


@attrs.frozen
class Ceiling:
    """An upper bound on one input: Σ plus − Σ minus of other inputs' effective values."""

    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.plus, *self.minus)

    def bound(self, effective: Mapping[str, float]) -> float | None:
        """The bound for one row's values (NaN: not provided); None when one is missing."""
        total = sum(effective[n] for n in self.plus) - sum(effective[n] for n in self.minus)
        return None if math.isnan(total) else max(total, 0.0)


def ratio_ceilings(
    numerator: tuple[str, ...], denominator: tuple[str, ...], forbid_over: bool
) -> list[tuple[str, Ceiling]]:
    """The ceilings a ratio's rule puts on its inputs, as (input, ceiling) pairs: each
    subtracted term stays within what it is taken from (no sum goes below 0) and, when the
    numerator may not exceed the denominator (`forbid_over`), each added numerator term
    stays within what the denominator leaves after the terms before it."""
    p_num, m_num = split_terms(numerator)
    p_den, m_den = split_terms(denominator)
    out = [(t, Ceiling(p_den, m_den[:i])) for i, t in enumerate(m_den)]
    out += [(t, Ceiling(p_num, m_num[:i])) for i, t in enumerate(m_num)]
    if forbid_over:
        out += [(t, Ceiling(p_den, m_den + p_num[:i])) for i, t in enumerate(p_num)]
    return out


@attrs.frozen
class _Scale:
    """A Poisson (or gamma) mean: rate × Σ sources."""

    sources: tuple[str, ...]
    rate: float


@attrs.define
class Spec:
    """How one input is drawn."""

    input: Input
    pools: list[Ceiling] = attrs.field(factory=list)
    scale: _Scale | None = None
    rate: float | None = None
    stock: bool = False
    threshold: tuple[float, Comparator, dict[str, float]] | None = None
    skip: bool = False
    missing_boost: float = 0.0
    dropped: bool = False
    """A ceiling was dropped to break a cycle: its ratios are checked after drawing."""

    @property
    def deps(self) -> tuple[str, ...]:
        names = [n for p in self.pools for n in p.names]
        if self.scale is not None:
            names += self.scale.sources
        return tuple(dict.fromkeys(names))


@attrs.frozen
class _RatioUse:
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    over: str
    per_case: bool
    hint: float | None


def _hints(scheme: Scheme) -> dict[str, float]:
    """A plausible mean rate per indicator: near its targets, inherited by parts it blends."""
    hints: dict[str, float] = {}
    for ind in scheme.indicators:
        values = []
        for t in ind.targets:
            if t.value is None:
                continue
            if t.comparator is Comparator.AT_MOST:
                values.append(t.value - 0.03)
            elif t.comparator is Comparator.EQUAL:
                values.append(t.value - 0.02)
            else:
                values.append(t.value + 0.03)
        if values:
            hints[ind.code] = sum(values) / len(values)
    codes = {i.code for i in scheme.indicators}
    for _ in range(3):
        for ind in scheme.indicators:
            if ind.code not in hints:
                continue
            for ref in ind.formula.references():
                base = split_reference(ref)[0]
                if base in codes and base not in hints:
                    hints[base] = hints[ind.code]
    return hints


class Reading:
    """What the formulas say about the inputs."""

    def __init__(self) -> None:
        self.ratios: list[_RatioUse] = []
        self.peers: list[tuple[str, str, str | None]] = []
        self.thresholds: dict[str, tuple[float, Comparator, dict[str, float]]] = {}

    def walk(self, formula: Formula, hint: float | None) -> None:
        if isinstance(formula, Ratio):
            self.ratios.append(
                _RatioUse(
                    formula.numerator,
                    formula.denominator,
                    formula.over,
                    isinstance(formula, PerCaseAverage),
                    hint,
                )
            )
        elif isinstance(formula, WeightedBlend):
            for c in formula.components:
                if c.formula is not None:
                    self.walk(c.formula, hint)
        elif isinstance(formula, CapabilityUsage):
            if formula.usage is not None:
                self.walk(formula.usage, hint)
        elif isinstance(formula, Applicable):
            self.walk(formula.formula, hint)
        elif isinstance(formula, PeerRelative):
            for pc in formula.components:
                self.peers.append((pc.numerator, pc.denominator, pc.peer))
        elif isinstance(formula, Threshold):
            self.thresholds.setdefault(
                formula.value,
                (formula.threshold, Comparator(formula.comparator), dict(formula.by_level)),
            )
        elif isinstance(formula, Checklist):
            pass  # yes/no items and options: drawn as such whatever reads them


def plan(scheme: Scheme) -> dict[str, Spec]:
    """How to draw every declared input, with the constraints the formulas impose."""
    specs = {inp.id: Spec(inp) for inp in scheme.inputs}
    reading = Reading()
    hints = _hints(scheme)
    for ind in scheme.indicators:
        reading.walk(ind.formula, hints.get(ind.code))

    counts = {k for k, s in specs.items() if s.input.kind in (ValueKind.COUNT, ValueKind.MEASURE)}
    for name, spec in specs.items():
        label = spec.input.label_zh
        level_like = any(w in label for w in STOCK_WORDS)
        if spec.input.kind in (ValueKind.YES_NO, ValueKind.CHOICE) or level_like:
            spec.stock = True
        if name in reading.thresholds:
            spec.threshold = reading.thresholds[name]
            spec.stock = True

    # Hard ceilings first: subsets never exceed their wholes, differences never go below 0.
    for use in reading.ratios:
        if not all(term_name(t) in counts for t in (*use.numerator, *use.denominator)):
            continue  # a term is a derived indicator: nothing to arrange
        for t, ceiling in ratio_ceilings(use.numerator, use.denominator, use.over == "error"):
            specs[t].pools.append(ceiling)
        if use.over == "error":
            for t in split_terms(use.numerator)[0]:
                if specs[t].rate is None and use.hint is not None:
                    specs[t].rate = use.hint
    for spec in specs.values():
        spec.pools = list(dict.fromkeys(spec.pools))
    _drop_cycles(specs)

    def free(name: str) -> bool:
        s = specs[name]
        return not s.pools and s.scale is None and s.threshold is None

    # Soft links: a platform figure tracks the court's own, peer numerators follow staff,
    # capped and per-case numerators follow their denominators.
    for name, spec in specs.items():
        fb = spec.input.fallback
        if fb is not None and fb in counts and name in counts:
            spec.missing_boost = 0.1
            if free(name) and not _reaches(specs, fb, name):
                spec.scale = _Scale((fb,), 1.0)
    for num, den, peer in reading.peers:
        if peer is not None and peer in specs:
            specs[peer].skip = True
        if den in specs:
            specs[den].stock = specs[den].stock or free(den)
        if num in counts and den in counts and free(num) and not _reaches(specs, den, num):
            is_measure = specs[num].input.kind is ValueKind.MEASURE
            specs[num].scale = _Scale((den,), PER_STAFF_MEASURE if is_measure else PER_STAFF_COUNT)
    for use in reading.ratios:
        if use.over == "error":
            continue
        p_num, _ = split_terms(use.numerator)
        p_den, _ = split_terms(use.denominator)
        if not all(t in counts for t in (*p_num, *p_den)):
            continue
        rate = use.hint if use.hint is not None else (1.5 if use.per_case else 0.8)
        if use.per_case and use.hint is not None:
            rate = use.hint * 1.1
        paired = len(p_num) == len(p_den)
        for i, t in enumerate(p_num):
            sources = (p_den[i],) if paired else p_den
            share = rate if paired else rate / len(p_num)
            if free(t) and not any(_reaches(specs, s, t) for s in sources):
                specs[t].scale = _Scale(sources, share)
        if len(p_den) == 1 and free(p_den[0]) and rate > 0:
            d = p_den[0]
            if not any(_reaches(specs, s, d) for s in p_num):
                specs[d].scale = _Scale(
                    p_num, 1.0 / min(rate, 1.0) if not use.per_case else 1.0 / rate
                )
    # A published peer figure is left out, unless something else is drawn from it.
    for spec in specs.values():
        for dep in spec.deps:
            specs[dep].skip = False
    return specs


def _reaches(specs: Mapping[str, Spec], start: str, target: str) -> bool:
    """Whether drawing `start` needs `target` drawn first (directly or not)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name == target:
            return True
        if name in seen or name not in specs:
            continue
        seen.add(name)
        stack.extend(specs[name].deps)
    return False


def _drop_cycles(specs: dict[str, Spec]) -> None:
    """Drop ceilings that would make an input wait for itself (A ≤ B and B ≤ A)."""
    kept = acyclic_ceilings({name: spec.pools for name, spec in specs.items()}, {})
    for name, spec in specs.items():
        spec.dropped = len(kept.ceilings[name]) < len(spec.pools)
        spec.pools = list(kept.ceilings[name])


@attrs.frozen
class AcyclicCeilings:
    """Inputs in an order where each comes after its fallback and what bounds it, with the
    ceilings kept on the way (`acyclic_ceilings`)."""

    order: tuple[str, ...]
    ceilings: Mapping[str, tuple[Ceiling, ...]]


def acyclic_ceilings(
    ceilings: Mapping[str, Sequence[Ceiling]], fallbacks: Mapping[str, str | None]
) -> AcyclicCeilings:
    """Each input's ceilings, less those that would make it wait for itself (a ≤ b and
    b ≤ a), found by one depth-first walk over the inputs (the keys of `ceilings`, in their
    order), each input visited after its fallback (`fallbacks`) and the inputs bounding it.
    Rows drawn without a dropped ceiling must be checked against its rule afterwards."""
    state: dict[str, int] = {}
    order: list[str] = []
    kept: dict[str, tuple[Ceiling, ...]] = {}

    def visit(name: str) -> None:
        state[name] = 1
        fb = fallbacks.get(name)
        if fb is not None and fb in ceilings and fb not in state:
            visit(fb)
        keep = []
        for ceiling in ceilings[name]:
            if any(state.get(n) == 1 for n in ceiling.names):
                continue
            for n in ceiling.names:
                if n not in state:
                    visit(n)
            keep.append(ceiling)
        kept[name] = tuple(keep)
        state[name] = 2
        order.append(name)

    for name in ceilings:
        if name not in state:
            visit(name)
    return AcyclicCeilings(tuple(order), kept)


def draw_levels(specs: Mapping[str, Spec]) -> list[list[str]]:
    """Inputs grouped so that each group needs only inputs of earlier groups."""
    level: dict[str, int] = {}

    def depth(name: str) -> int:
        if name not in level:
            deps = [d for d in specs[name].deps if d in specs]
            level[name] = 1 + max((depth(d) for d in deps), default=-1)
        return level[name]

    for name in specs:
        depth(name)
    out: list[list[str]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for name in specs:
        out[level[name]].append(name)
    return out
