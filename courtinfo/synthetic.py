"""Synthetic snapshots: a whole court tree's departments, week after week, for any scheme.

`generate(scheme, ...)` builds a court tree (supreme court, high courts, intermediate and basic
courts), the departments of every court and one row per court department and period with a
value for every input the scheme declares. It reads the scheme's formulas to make the data
plausible and valid:

* a count that a ratio with ``over = "error"`` puts in a numerator is drawn as a binomial share
  of its denominator (so it never exceeds it), and subtracted terms never exceed the terms
  they are subtracted from; shares centre on the indicator's target, so some rows meet it and
  some do not;
* numerators of capped ratios and per-case averages are Poisson counts around a multiple of
  their denominators; peer-relative numerators are per-officer rates of a staff count;
* staff, courtroom and capability figures are constant over periods; yes/no answers are 0/1,
  multiple-choice answers are bit masks of offered options (是/否 options exclusive);
* magnitudes follow the label (file entries in hundreds, staff in units), the department
  (filings at the filing division, enforcement at the enforcement bureau), the court's level
  and size, and the season (Spring Festival and National Day weeks are quiet);
* a few cells are missing (NaN) and a few denominators are zero, at rates you choose.

Everything is drawn with numpy from `seed`; each input has its own random stream (derived
from the seed and the input's id), so the data are identical whatever the number of threads
used to draw them. The batch is built directly from index arrays: no string is sorted.
"""

from __future__ import annotations

import functools
import math
import os
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo._batch import COURT_LEVEL, SnapshotBatch
from courtinfo._errors import InputError
from courtinfo._periods import Period, PeriodKind
from courtinfo._values import ValueKind
from courtinfo.formulas import (
    CapabilityUsage,
    Checklist,
    Formula,
    PeerRelative,
    Ratio,
    Threshold,
    WeightedBlend,
)
from courtinfo.formulas.ratio import PerCaseAverage
from courtinfo.indicators import Comparator, Input, Scheme
from courtinfo.org import Court, CourtLevel, CourtTree, Department, DepartmentKind

__all__ = [
    "DEPARTMENT_NAMES",
    "PROVINCES",
    "Synthetic",
    "court_tree",
    "generate",
    "national",
    "province",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

#: The 31 provincial-level units of the mainland with their administrative division codes.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
)

#: Department names, most common first; `departments=20` takes the first twenty.
DEPARTMENT_NAMES: tuple[str, ...] = (
    "立案庭",
    "民一庭",
    "民二庭",
    "民三庭",
    "刑一庭",
    "刑二庭",
    "商事庭",
    "行政庭",
    "执行局",
    "审监庭",
    "审管办",
    "办公室",
    "环资庭",
    "家事庭",
    "少审庭",
    "执裁庭",
    "城关人民法庭",
    "破产庭",
    "政治部",
    "技术处",
    "执行局综合处",
    "劳保庭",
    "刑三庭",
    "民四庭",
    "研究室",
    "信访局",
    "赔偿办",
    "宣教处",
    "司法装备科",
    "马山人民法庭",
)

_K = DepartmentKind
_LEVEL_SIZE = {
    CourtLevel.SUPREME: 0.3,
    CourtLevel.HIGH: 0.4,
    CourtLevel.INTERMEDIATE: 0.7,
    CourtLevel.BASIC: 1.0,
    CourtLevel.TRIBUNAL: 0.3,
}
#: A court-level row (no departments) stands for about this many busy departments.
_COURT_ROW_SCALE = 8.0

# -- magnitudes by label --------------------------------------------------------------------

#: (keywords, mean per busy department-week at an average basic court); first match wins.
_MAGNITUDES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("条目",), 250.0),
    (("送达",), 40.0),
    (("立案",), 25.0),
    (("庭审", "开庭"), 15.0),
    (("文书",), 12.0),
    (("案件", "结案", "归档", "收案"), 18.0),
    (("评议", "会议"), 2.0),
    (("拍卖",), 0.5),
)
_DEFAULT_MAGNITUDE = 8.0

#: Keywords of values that are levels, not flows: the same every period.
_STOCK_WORDS = ("人数", "干警", "人才", "法庭数", "人员")
_STOCK_MAGNITUDES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("法庭数",), 4.0),
    (("人才",), 3.0),
)
_DEFAULT_STOCK = 6.0

_CASE_WORK = {k: 1.0 for k in _K if k.case_handling}
_AFFINITIES: tuple[tuple[tuple[str, ...], dict[DepartmentKind, float], float], ...] = (
    (
        ("执行",),
        {_K.ENFORCEMENT: 1.0, _K.ENFORCEMENT_GENERAL: 0.5, _K.ENFORCEMENT_ADJUDICATION: 0.2},
        0.0,
    ),
    (("立案",), {_K.FILING: 1.0, _K.TRIBUNAL: 0.5, _K.ENFORCEMENT: 0.3}, 0.02),
    (
        ("法庭数",),
        {_K.GENERAL_OFFICE: 1.0, _K.EQUIPMENT: 1.0, _K.TECHNOLOGY: 1.0, _K.TRIBUNAL: 1.0},
        0.0,
    ),
    (("归档", "卷宗", "条目"), {**_CASE_WORK, _K.GENERAL_OFFICE: 0.5}, 0.02),
    (("人数", "干警", "人员"), {k: 1.0 for k in _K}, 1.0),
)
_DEFAULT_AFFINITY: tuple[dict[DepartmentKind, float], float] = (
    {**_CASE_WORK, _K.FILING: 0.4},
    0.02,
)

#: Per officer per week: logins, hours online (the guideline asks 2 hours a day).
_PER_STAFF_COUNT = 6.0
_PER_STAFF_MEASURE = 9.0

_YES_WORDS = ("是",)
_NO_WORDS = ("否",)


class Synthetic(NamedTuple):
    """What `generate` returns: the tree, every department of every court, and the rows."""

    tree: CourtTree
    departments: tuple[Department, ...]
    batch: SnapshotBatch


# -- the court tree -----------------------------------------------------------------------


def _split(total: int, parts: int, rng: np.random.Generator) -> I64:
    """`total` items over `parts` holders, each at least one, sizes varying like real ones."""
    if parts == 0:
        return np.zeros(0, dtype=np.int64)
    total = max(total, parts)
    weights = rng.lognormal(0.0, 0.4, parts)
    extra = rng.multinomial(total - parts, weights / weights.sum())
    return (1 + extra).astype(np.int64)


def court_tree(
    *,
    provinces: int = 2,
    cities_per_province: float = 3,
    basic_per_city: float = 4,
    supreme: bool = True,
    seed: int = 0,
) -> CourtTree:
    """A court tree: the Supreme Court (if `supreme`), high courts, intermediate, basic courts.

    The means `cities_per_province` and `basic_per_city` may be fractional: the totals are
    their products (rounded) and the sizes vary from province to province and city to city.
    Codes follow the administrative division codes: ``SPC``, ``31`` (上海市高级人民法院),
    ``3101`` (an intermediate court), ``310104`` (a basic court).
    """
    if provinces < 1 or cities_per_province < 1 or basic_per_city < 1:
        msg = "a court tree needs at least one province, city per province and basic court per city"
        raise InputError(msg)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    cities = _split(round(provinces * cities_per_province), provinces, rng)
    basics = _split(round(int(cities.sum()) * basic_per_city), int(cities.sum()), rng)
    courts: list[Court] = []
    top: str | None = None
    if supreme:
        top = "SPC"
        courts.append(Court("SPC", "最高人民法院", CourtLevel.SUPREME))
    city_no = 0
    for p in range(provinces):
        code, name = PROVINCES[p] if p < len(PROVINCES) else (f"{70 + p}", f"第{p + 1}省")
        courts.append(Court(code, f"{name}高级人民法院", CourtLevel.HIGH, top))
        short = name.removesuffix("省").removesuffix("市")
        for c in range(int(cities[p])):
            city = f"{code}{c + 1:02d}"
            courts.append(
                Court(city, f"{short}第{c + 1}中级人民法院", CourtLevel.INTERMEDIATE, code)
            )
            for b in range(int(basics[city_no])):
                courts.append(
                    Court(
                        f"{city}{b + 1:02d}",
                        f"{short}第{c + 1}中院辖区第{b + 1}基层人民法院",
                        CourtLevel.BASIC,
                        city,
                    )
                )
            city_no += 1
    return CourtTree(courts)


# -- reading the scheme -------------------------------------------------------------------


@attrs.frozen
class _Pool:
    """A ceiling: Σ plus − Σ minus."""

    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.plus, *self.minus)


@attrs.frozen
class _Scale:
    """A Poisson (or gamma) mean: rate × Σ sources."""

    sources: tuple[str, ...]
    rate: float


@attrs.define
class _Spec:
    """How one input is drawn."""

    input: Input
    pools: list[_Pool] = attrs.field(factory=list)
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


def _signed(terms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    plus = tuple(t.lstrip("+").strip() for t in terms if not t.startswith("-"))
    minus = tuple(t[1:].strip() for t in terms if t.startswith("-"))
    return plus, minus


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
                base = ref.partition(":")[0]
                if base in codes and base not in hints:
                    hints[base] = hints[ind.code]
    return hints


class _Reading:
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


def _keyword(label: str, table: Sequence[tuple[tuple[str, ...], float]], default: float) -> float:
    for words, value in table:
        if any(w in label for w in words):
            return value
    return default


def _plan(scheme: Scheme) -> dict[str, _Spec]:
    """How to draw every declared input, with the constraints the formulas impose."""
    specs = {inp.id: _Spec(inp) for inp in scheme.inputs}
    reading = _Reading()
    hints = _hints(scheme)
    for ind in scheme.indicators:
        reading.walk(ind.formula, hints.get(ind.code))

    counts = {k for k, s in specs.items() if s.input.kind in (ValueKind.COUNT, ValueKind.MEASURE)}
    for name, spec in specs.items():
        label = spec.input.label_zh
        level_like = any(w in label for w in _STOCK_WORDS)
        if spec.input.kind in (ValueKind.YES_NO, ValueKind.CHOICE) or level_like:
            spec.stock = True
        if name in reading.thresholds:
            spec.threshold = reading.thresholds[name]
            spec.stock = True

    # Hard ceilings first: subsets never exceed their wholes, differences never go below 0.
    for use in reading.ratios:
        p_num, m_num = _signed(use.numerator)
        p_den, m_den = _signed(use.denominator)
        if not all(t in counts for t in (*p_num, *m_num, *p_den, *m_den)):
            continue  # a term is a derived indicator: nothing to arrange
        for i, t in enumerate(m_den):
            specs[t].pools.append(_Pool(p_den, m_den[:i]))
        for i, t in enumerate(m_num):
            specs[t].pools.append(_Pool(p_num, m_num[:i]))
        if use.over == "error":
            for i, t in enumerate(p_num):
                specs[t].pools.append(_Pool(p_den, m_den + p_num[:i]))
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
            specs[num].scale = _Scale(
                (den,), _PER_STAFF_MEASURE if is_measure else _PER_STAFF_COUNT
            )
    for use in reading.ratios:
        if use.over == "error":
            continue
        p_num, _ = _signed(use.numerator)
        p_den, _ = _signed(use.denominator)
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


def _reaches(specs: Mapping[str, _Spec], start: str, target: str) -> bool:
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


def _drop_cycles(specs: dict[str, _Spec]) -> None:
    """Drop ceilings that would make an input wait for itself (A ≤ B and B ≤ A)."""
    state: dict[str, int] = {}

    def visit(name: str) -> None:
        state[name] = 1
        spec = specs[name]
        kept = []
        for pool in spec.pools:
            if any(state.get(n) == 1 for n in pool.names):
                spec.dropped = True
                continue
            for n in pool.names:
                if n not in state:
                    visit(n)
            kept.append(pool)
        spec.pools = kept
        state[name] = 2

    for name in specs:
        if name not in state:
            visit(name)


def _levels(specs: Mapping[str, _Spec]) -> list[list[str]]:
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


# -- drawing ------------------------------------------------------------------------------


def _stable_seed(seed: int, name: str) -> np.random.SeedSequence:
    return np.random.SeedSequence([seed, zlib.crc32(name.encode("utf-8"))])


def _logit(p: float) -> float:
    p = min(max(p, 0.02), 0.985)
    return math.log(p / (1 - p))


def _sigmoid(x: F64) -> F64:
    out: F64 = 1.0 / (1.0 + np.exp(-x))
    return out


@attrs.define(eq=False, slots=False)  # slots=False: a cached_property needs a __dict__
class _Frame:
    """The shape of the rows: combos (court × department) × periods, combo-major."""

    n_courts: int
    n_depts: int
    n_periods: int
    court_of_combo: I64
    dept_of_combo: I64
    court_size: F64
    court_quality: F64
    court_level: list[CourtLevel]
    period_factor: F64
    dept_kinds: tuple[DepartmentKind | None, ...]

    @property
    def combos(self) -> int:
        return self.n_courts * self.n_depts

    def per_row(self, combo_values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return combo_values if self.n_periods == 1 else np.repeat(combo_values, self.n_periods)

    @functools.cached_property
    def period_of_row(self) -> F64:
        """Each row's period factor (shared: do not write to it)."""
        out: F64 = np.tile(self.period_factor, self.combos)
        return out

    def affinity(self, label: str) -> F64:
        table, default = _DEFAULT_AFFINITY
        for words, by_kind, otherwise in _AFFINITIES:
            if any(w in label for w in words):
                table, default = by_kind, otherwise
                break
        per_dept = np.array(
            [
                _COURT_ROW_SCALE if kind is None else table.get(kind, default)
                for kind in self.dept_kinds
            ],
            dtype=np.float64,
        )
        return per_dept[self.dept_of_combo]


class _Drawer:
    def __init__(
        self,
        frame: _Frame,
        specs: Mapping[str, _Spec],
        seed: int,
        missing: float,
        zero_denominators: float,
    ) -> None:
        self.frame = frame
        self.specs = specs
        self.seed = seed
        self.missing = missing
        self.zero = zero_denominators
        #: Finished values: combo level for stock inputs, row level otherwise (no NaN yet).
        self.done: dict[str, npt.NDArray[Any]] = {}
        self.is_stock: dict[str, bool] = {}

    # values of inputs drawn earlier, at the level asked for
    def rows_of(self, name: str) -> npt.NDArray[Any]:
        v = self.done[name]
        return self.frame.per_row(v) if self.is_stock[name] else v

    def sum_of(self, names: Sequence[str], stock: bool) -> npt.NDArray[Any]:
        parts = [self.done[n] if stock else self.rows_of(n) for n in names]
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total

    def draw(self, name: str) -> tuple[npt.NDArray[Any], bool]:
        spec = self.specs[name]
        rng = np.random.default_rng(_stable_seed(self.seed, name))
        kind = spec.input.kind
        stock = spec.stock and all(self.is_stock.get(d, True) for d in spec.deps)
        if kind is ValueKind.YES_NO:
            return self._yes_no(rng), True
        if kind is ValueKind.CHOICE:
            return self._choice(spec.input, rng), True
        if spec.pools:
            return self._share(spec, rng, stock), stock
        if spec.scale is not None:
            return self._scaled(spec, rng, stock), stock
        if spec.threshold is not None:
            return self._near_threshold(spec, rng), True
        return self._root(spec, rng, stock), stock

    def _court_combo(self, per_court: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return per_court[self.frame.court_of_combo]

    def _yes_no(self, rng: np.random.Generator) -> F64:
        q = rng.uniform(0.6, 0.95)
        per_court = (rng.random(self.frame.n_courts) < q).astype(np.float64)
        out: F64 = self._court_combo(per_court)
        return out

    def _choice(self, inp: Input, rng: np.random.Generator) -> F64:
        n = self.frame.n_courts
        mask = np.zeros(n, dtype=np.int64)
        yes = [o.letter for o in inp.options if o.label_zh.startswith(_YES_WORDS)]
        no = [o.letter for o in inp.options if o.label_zh.startswith(_NO_WORDS)]
        if yes and no:
            pick = rng.random(n) < rng.uniform(0.5, 0.9)
            mask |= np.where(pick, 1 << _bit(yes[0]), 1 << _bit(no[0]))
        for o in inp.options:
            if o.letter in yes or o.letter in no:
                continue
            ticked = rng.random(n) < rng.uniform(0.4, 0.95)
            mask |= np.where(ticked, 1 << _bit(o.letter), 0)
        out: F64 = self._court_combo(mask.astype(np.float64))
        return out

    def _combo_effect(self, rng: np.random.Generator, sd: float) -> F64:
        """A log-scale effect per court department: some do better than others."""
        out: F64 = rng.normal(0.0, sd, self.frame.combos)
        return out

    def _magnitude(self, spec: _Spec, stock: bool) -> F64:
        label = spec.input.label_zh
        f = self.frame
        if stock:
            base = _keyword(label, _STOCK_MAGNITUDES, _DEFAULT_STOCK)
        else:
            base = _keyword(label, _MAGNITUDES, _DEFAULT_MAGNITUDE)
        out: F64 = base * f.court_size[f.court_of_combo] * f.affinity(label)
        return out

    def _root(self, spec: _Spec, rng: np.random.Generator, stock: bool) -> F64:
        f = self.frame
        lam = self._magnitude(spec, stock) * np.exp(self._combo_effect(rng, 0.3))
        if spec.input.kind is ValueKind.MEASURE:
            if stock:
                return np.round(rng.gamma(4.0, lam / 4.0), 1)
            lam_rows = f.per_row(lam) * f.period_of_row
            return np.round(rng.gamma(4.0, lam_rows / 4.0), 1)
        if stock:
            return rng.poisson(lam).astype(np.float64)
        lam_rows = f.per_row(lam) * f.period_of_row
        counts = _poisson(rng, lam_rows)
        if self.zero > 0:
            k = int(rng.binomial(len(counts), self.zero))
            counts[rng.integers(0, len(counts), k)] = 0.0
        return counts

    def _share(self, spec: _Spec, rng: np.random.Generator, stock: bool) -> F64:
        f = self.frame
        ceiling: npt.NDArray[Any] | None = None
        for pool in spec.pools:
            c = self.sum_of(pool.plus, stock)
            if pool.minus:
                c = c - self.sum_of(pool.minus, stock)
            ceiling = c if ceiling is None else np.minimum(ceiling, c)
        assert ceiling is not None
        ceiling = np.maximum(ceiling, 0)
        rate = spec.rate if spec.rate is not None else rng.uniform(0.55, 0.95)
        logit = _logit(rate) + 0.6 * f.court_quality[f.court_of_combo]
        p = _sigmoid(logit + self._combo_effect(rng, 0.8))
        p_rows = p if stock else f.per_row(p)
        if spec.input.kind is ValueKind.MEASURE:
            part: F64 = np.floor(ceiling * p_rows * 10.0) / 10.0
            return part
        return _binomial(rng, ceiling, p_rows)

    def _scaled(self, spec: _Spec, rng: np.random.Generator, stock: bool) -> F64:
        f = self.frame
        assert spec.scale is not None
        sources = spec.scale.sources
        from_stock = all(self.is_stock[s] for s in sources)
        effect = np.exp(self._combo_effect(rng, 0.35) + 0.2 * f.court_quality[f.court_of_combo])
        if stock:
            lam = spec.scale.rate * self.sum_of(sources, True) * effect
        else:
            lam = spec.scale.rate * self.sum_of(sources, False) * f.per_row(effect)
            if from_stock:
                lam = lam * f.period_of_row
        if spec.input.kind is ValueKind.MEASURE:
            return np.round(rng.gamma(4.0, lam / 4.0), 1)
        return _poisson(rng, lam)

    def _near_threshold(self, spec: _Spec, rng: np.random.Generator) -> F64:
        f = self.frame
        assert spec.threshold is not None
        threshold, comparator, by_level = spec.threshold
        per_court = np.array(
            [by_level.get(str(level), threshold) for level in f.court_level], dtype=np.float64
        )
        shift = -0.25 if comparator is Comparator.AT_MOST else 0.1
        factor = np.exp(rng.normal(shift, 0.45, f.n_courts) + 0.2 * f.court_quality)
        value = per_court * factor
        if spec.input.kind is ValueKind.COUNT:
            value = rng.poisson(value).astype(np.float64)
        else:
            value = np.round(value, 1)
        out: F64 = self._court_combo(value)
        return out

    def blank(self, name: str, column: F64) -> F64:
        """Missing cells, at the chosen rate (more for inputs with a fallback)."""
        if self.missing <= 0:
            return column
        rate = min(1.0, self.missing + self.specs[name].missing_boost)
        rng = np.random.default_rng(_stable_seed(self.seed + 1, name))
        k = int(rng.binomial(len(column), rate))
        if k:
            column[rng.integers(0, len(column), k)] = np.nan
        return column


#: Above this variance a count is drawn from the normal approximation (skew below 0.2):
#: numpy's exact samplers cost 50-150 ns a value, the approximation under 10.
_NORMAL_FROM = 25.0


def _poisson(rng: np.random.Generator, lam: F64) -> F64:
    """Poisson counts; large means from the rounded normal approximation, for speed."""
    big = lam >= _NORMAL_FROM
    n_big = int(np.count_nonzero(big))
    if n_big < len(lam) // 20:
        out: F64 = rng.poisson(lam).astype(np.float64)
        return out
    out = np.empty(len(lam), dtype=np.float64)
    lb = lam[big]
    out[big] = np.maximum(np.rint(lb + np.sqrt(lb) * rng.standard_normal(n_big)), 0.0)
    small = ~big
    out[small] = rng.poisson(lam[small])
    return out


def _binomial(rng: np.random.Generator, n: npt.NDArray[Any], p: F64) -> F64:
    """Binomial counts of `n` trials; large variances from the rounded normal approximation."""
    trials = np.asarray(n, dtype=np.float64)
    mean = trials * p
    var = mean * (1.0 - p)
    big = var >= _NORMAL_FROM
    n_big = int(np.count_nonzero(big))
    if n_big < len(trials) // 20:
        out: F64 = rng.binomial(trials.astype(np.int64), p).astype(np.float64)
        return out
    out = np.empty(len(trials), dtype=np.float64)
    draw = np.rint(mean[big] + np.sqrt(var[big]) * rng.standard_normal(n_big))
    out[big] = np.clip(draw, 0.0, trials[big])
    small = ~big
    out[small] = rng.binomial(trials[small].astype(np.int64), p[small])
    return out


def _bit(letter: str) -> int:
    return ord(letter) - ord("A")


def _season(periods: Sequence[Period]) -> F64:
    """How busy each period is: one per 7 days, quieter in holiday weeks, busier in December."""
    out = []
    for p in periods:
        f = p.days / 7.0
        if p.kind is PeriodKind.WEEK:
            if p.iso_week in (5, 6):  # Spring Festival (春节) falls in late January or February
                f *= 0.55
            elif p.iso_week == 40:  # National Day golden week (国庆)
                f *= 0.6
            elif p.iso_week >= 49:  # year-end closing push (年底结案)
                f *= 1.15
        out.append(f)
    return np.array(out, dtype=np.float64)


def _default_periods(scheme: Scheme, year: int, weeks: int) -> list[Period]:
    kind = scheme.period_kind
    if kind == PeriodKind.MONTH:
        return [Period.month(year, m) for m in range(1, 13)]
    if kind == PeriodKind.QUARTER:
        return [Period.quarter(year, q) for q in range(1, 5)]
    if kind in (PeriodKind.YEAR, PeriodKind.RANGE):
        return [Period.year(year)]
    last = Period.week(year, 1).start.replace(month=12, day=28).isocalendar().week
    return [Period.week(year, w) for w in range(1, min(weeks, last) + 1)]


def _scheme_year(scheme: Scheme) -> int:
    m = re.search(r"(\d{4})$", scheme.code)
    return int(m[1]) if m else scheme.date.year


def _department_templates(departments: int | Sequence[str]) -> list[Department]:
    if isinstance(departments, int):
        if not 0 <= departments <= len(DEPARTMENT_NAMES):
            msg = f"departments must be 0..{len(DEPARTMENT_NAMES)} or a list of names"
            raise InputError(msg)
        names: Sequence[str] = DEPARTMENT_NAMES[:departments]
    else:
        names = departments
    templates = [Department.from_name("_", name) for name in names]
    codes = [d.code for d in templates]
    if len(set(codes)) != len(codes):
        msg = f"department names give duplicate codes: {codes}"
        raise InputError(msg)
    return templates


def generate(
    scheme: Scheme,
    *,
    provinces: int = 2,
    cities_per_province: float = 3,
    basic_per_city: float = 4,
    departments: int | Sequence[str] | None = None,
    weeks: int = 52,
    year: int | None = None,
    periods: Sequence[Period] | None = None,
    supreme: bool = True,
    missing: float = 0.002,
    zero_denominators: float = 0.005,
    seed: int = 0,
    threads: int | None = None,
) -> Synthetic:
    """A court tree, its departments and one row per court department and period.

    `departments` is how many of `DEPARTMENT_NAMES` every court has (0: one court-level row
    per court and period) or the names themselves; by default 20 for weekly, monthly and
    quarterly schemes and 0 for yearly ones (the national evaluation is per court). The batch labels departments by their codes
    (``civil-1``) as `Department.from_name` makes them. Periods are the scheme's kind in
    `year` (default: the year ending the scheme's code, else its date's): the first `weeks`
    ISO weeks, the 12 months, the 4 quarters or the year; `periods` overrides. `missing`
    is the share of cells left empty (NaN; a tenth more for inputs with a fallback, so that
    the fallback is used; 0: none at all); `zero_denominators` the share of flow counts
    forced to 0 on top of those that are 0 by chance. Inputs a peer-relative formula reads
    as the published peer figure are not generated: the tree gives the peer groups.
    Same arguments, same data, whatever `threads`.
    """
    tree = court_tree(
        provinces=provinces,
        cities_per_province=cities_per_province,
        basic_per_city=basic_per_city,
        supreme=supreme,
        seed=seed,
    )
    if departments is None:
        departments = 0 if _is_yearly(scheme) else 20
    templates = _department_templates(departments)
    plist = (
        list(periods)
        if periods is not None
        else _default_periods(scheme, year if year is not None else _scheme_year(scheme), weeks)
    )
    if not plist:
        msg = "no periods to generate"
        raise InputError(msg)

    codes = tree.codes
    n_courts, n_depts, n_periods = len(codes), max(len(templates), 1), len(plist)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    levels = [c.level for c in tree.courts]
    size = np.array([_LEVEL_SIZE[lv] for lv in levels]) * rng.lognormal(0.0, 0.6, n_courts)
    frame = _Frame(
        n_courts=n_courts,
        n_depts=n_depts,
        n_periods=n_periods,
        court_of_combo=np.repeat(np.arange(n_courts, dtype=np.int64), n_depts),
        dept_of_combo=np.tile(np.arange(n_depts, dtype=np.int64), n_courts),
        court_size=size,
        court_quality=rng.normal(0.0, 1.0, n_courts),
        court_level=levels,
        period_factor=_season(plist),
        dept_kinds=tuple(t.kind for t in templates) if templates else (None,),
    )

    specs = _plan(scheme)
    drawer = _Drawer(frame, specs, seed, missing, zero_denominators)
    workers = threads if threads is not None else min(4, os.cpu_count() or 1)
    names = [n for level in _levels(specs) for n in level if not specs[n].skip]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for level in _levels(specs):
            todo = [n for n in level if not specs[n].skip]
            for name, (values, stock) in zip(todo, pool.map(drawer.draw, todo), strict=True):
                drawer.done[name] = values
                drawer.is_stock[name] = stock

        def finish(name: str) -> F64:
            col = np.asarray(drawer.rows_of(name), dtype=np.float64)
            if not col.flags.owndata or not col.flags.writeable:
                col = col.copy()
            return drawer.blank(name, col)

        finished = dict(zip(names, pool.map(finish, names), strict=True))
    drawer.done.clear()

    columns = {n: c for n, c in finished.items() if not specs[n].input.platform}
    platform = {n: c for n, c in finished.items() if specs[n].input.platform}
    _repair(scheme, specs, columns, platform)
    dept_index = frame.per_row(frame.dept_of_combo)
    batch = SnapshotBatch(
        courts=codes,
        court_index=frame.per_row(frame.court_of_combo),
        departments=tuple(t.code for t in templates) if templates else (COURT_LEVEL,),
        department_index=dept_index,
        periods=tuple(plist),
        period_index=np.tile(np.arange(n_periods, dtype=np.int64), frame.combos),
        columns={n: columns[n] for n in sorted(columns)},
        platform={n: platform[n] for n in sorted(platform)},
        kinds={i.id: i.kind for i in scheme.inputs if i.id in finished},
    ).validated()  # checked once here, as `from_columns` checks, not at every evaluation
    depts = tuple(
        Department(court=code, code=t.code, kind=t.kind, name=t.name, number=t.number)
        for code in codes
        for t in templates
    )
    return Synthetic(tree, depts, batch)


def _repair(
    scheme: Scheme,
    specs: Mapping[str, _Spec],
    columns: dict[str, F64],
    platform: dict[str, F64],
) -> None:
    """Blank the rows that would still break a ratio's rule (only cycles and fallbacks can)."""

    def effective(name: str) -> F64 | None:
        own, plat = columns.get(name), platform.get(name)
        col = (
            own if plat is None else (plat if own is None else np.where(np.isnan(plat), own, plat))
        )
        fb = specs[name].input.fallback if name in specs else None
        if fb is not None:
            other = effective(fb)
            if other is not None:
                col = other if col is None else np.where(np.isnan(col), other, col)
        return col

    def chain(name: str) -> Iterator[str]:
        seen: set[str] = set()
        current: str | None = name
        while current is not None and current in specs and current not in seen:
            seen.add(current)
            yield current
            current = specs[current].input.fallback

    reading = _Reading()
    for ind in scheme.indicators:
        reading.walk(ind.formula, None)
    for use in reading.ratios:
        terms = [*use.numerator, *use.denominator]
        names = [t.lstrip("+-").strip() for t in terms]
        if not all(n in specs for n in names):
            continue
        if not any(specs[n].dropped or specs[n].input.fallback for n in names):
            continue  # drawn within its ceilings: nothing can break
        cols = [effective(n) for n in names]
        if any(c is None for c in cols):
            continue

        def signed_sum(ts: tuple[str, ...], get: Callable[[str], F64]) -> F64:
            total: F64 = np.zeros_like(get(ts[0].lstrip("+-").strip()))
            for t in ts:
                v = get(t.lstrip("+-").strip())
                total = total - v if t.startswith("-") else total + v
            return total

        def get(n: str) -> F64:
            c = effective(n)
            assert c is not None
            return c

        num, den = signed_sum(use.numerator, get), signed_sum(use.denominator, get)
        with np.errstate(invalid="ignore"):
            broken = (num < 0) | (den < 0)
            if use.over == "error":
                broken |= num > den
        if not broken.any():
            continue
        for n in names:
            for m in chain(n):
                for store in (columns, platform):
                    if m in store:
                        store[m][broken] = np.nan


# -- presets ------------------------------------------------------------------------------


def _is_yearly(scheme: Scheme) -> bool:
    return scheme.period_kind in (PeriodKind.YEAR, PeriodKind.RANGE)


def national(scheme: Scheme, seed: int = 0, **options: Any) -> Synthetic:
    """Every court of the country: 1 + 31 + 372 + 3,100 = 3,504 courts.

    Weekly and monthly schemes get 20 departments per court (3,644,160 rows over 52 weeks);
    yearly ones (the national evaluation) one court-level row per court. `options` are passed
    to `generate`.
    """
    kw: dict[str, Any] = {
        "provinces": 31,
        "cities_per_province": 12,
        "basic_per_city": 3100 / 372,
        **options,
    }
    return generate(scheme, seed=seed, **kw)


def province(scheme: Scheme, seed: int = 0, **options: Any) -> Synthetic:
    """One province under its high court: 16 cities, 130 basic courts, 147 courts in all."""
    kw: dict[str, Any] = {
        "provinces": 1,
        "cities_per_province": 16,
        "basic_per_city": 130 / 16,
        "supreme": False,
        **options,
    }
    return generate(scheme, seed=seed, **kw)
