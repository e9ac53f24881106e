"""Drawing: the values of every input, court department by court department, with numpy."""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from courtinfo.data import ValueKind, option_bit
from courtinfo.indicators import Comparator, Input
from courtinfo.org import CourtLevel, DepartmentKind
from courtinfo.synthetic._plan import Spec
from courtinfo.synthetic._tables import (
    AFFINITIES,
    COURT_ROW_SCALE,
    DEFAULT_AFFINITY,
    DEFAULT_MAGNITUDE,
    DEFAULT_STOCK,
    F64,
    I64,
    MAGNITUDES,
    NO_WORDS,
    STOCK_MAGNITUDES,
    YES_WORDS,
)


def _stable_seed(seed: int, name: str) -> np.random.SeedSequence:
    return np.random.SeedSequence([seed, zlib.crc32(name.encode("utf-8"))])


def _logit(p: float) -> float:
    p = min(max(p, 0.02), 0.985)
    return math.log(p / (1 - p))


def _sigmoid(x: F64) -> F64:
    out: F64 = 1.0 / (1.0 + np.exp(-x))
    return out


@attrs.define(eq=False, slots=False)  # slots=False: a cached_property needs a __dict__
class Frame:
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
        table, default = DEFAULT_AFFINITY
        for words, by_kind, otherwise in AFFINITIES:
            if any(w in label for w in words):
                table, default = by_kind, otherwise
                break
        per_dept = np.array(
            [
                COURT_ROW_SCALE if kind is None else table.get(kind, default)
                for kind in self.dept_kinds
            ],
            dtype=np.float64,
        )
        return per_dept[self.dept_of_combo]


class Drawer:
    def __init__(
        self,
        frame: Frame,
        specs: Mapping[str, Spec],
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
        yes = [o.letter for o in inp.options if o.label_zh.startswith(YES_WORDS)]
        no = [o.letter for o in inp.options if o.label_zh.startswith(NO_WORDS)]
        if yes and no:
            pick = rng.random(n) < rng.uniform(0.5, 0.9)
            mask |= np.where(pick, 1 << option_bit(yes[0]), 1 << option_bit(no[0]))
        for o in inp.options:
            if o.letter in yes or o.letter in no:
                continue
            ticked = rng.random(n) < rng.uniform(0.4, 0.95)
            mask |= np.where(ticked, 1 << option_bit(o.letter), 0)
        out: F64 = self._court_combo(mask.astype(np.float64))
        return out

    def _combo_effect(self, rng: np.random.Generator, sd: float) -> F64:
        """A log-scale effect per court department: some do better than others."""
        out: F64 = rng.normal(0.0, sd, self.frame.combos)
        return out

    def _magnitude(self, spec: Spec, stock: bool) -> F64:
        label = spec.input.label_zh
        f = self.frame
        if stock:
            base = _keyword(label, STOCK_MAGNITUDES, DEFAULT_STOCK)
        else:
            base = _keyword(label, MAGNITUDES, DEFAULT_MAGNITUDE)
        out: F64 = base * f.court_size[f.court_of_combo] * f.affinity(label)
        return out

    def _root(self, spec: Spec, rng: np.random.Generator, stock: bool) -> F64:
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

    def _share(self, spec: Spec, rng: np.random.Generator, stock: bool) -> F64:
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

    def _scaled(self, spec: Spec, rng: np.random.Generator, stock: bool) -> F64:
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

    def _near_threshold(self, spec: Spec, rng: np.random.Generator) -> F64:
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




def _keyword(label: str, table: Sequence[tuple[tuple[str, ...], float]], default: float) -> float:
    for words, value in table:
        if any(w in label for w in words):
            return value
    return default
